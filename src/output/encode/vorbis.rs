//! Ogg Vorbis by libvorbis (aoTuV), with a fixed stream serial and the tags as its
//! comment header. libvorbis's encoder may not move between threads, so this one renders
//! and encodes in turn on the calling thread, a block at a time.

use std::fs::File;
use std::io::Write;
use std::num::{NonZeroU8, NonZeroU32};

use vorbis_rs::{VorbisBitrateManagementStrategy, VorbisEncoderBuilder};

use super::{Error, Tags, comments};
use crate::mix::Frames;
use crate::timeline::RATE;

/// Frames rendered and encoded at a time.
const BLOCK: usize = 8192;

pub(super) fn write(
    renderer: &mut dyn Frames,
    file: &mut File,
    quality: f32,
    tags: &Tags,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<u64, Error> {
    let total = renderer.end() - renderer.position();
    let rate = NonZeroU32::new(RATE).expect("the rate is not zero");
    let channels = NonZeroU8::new(2).expect("two is not zero");
    let mut builder =
        VorbisEncoderBuilder::new_with_serial(rate, channels, &mut *file, 0x5354_4C32);
    // oggenc's -q runs from -1 to 10; libvorbis takes a tenth of it.
    builder.bitrate_management_strategy(VorbisBitrateManagementStrategy::QualityVbr {
        target_quality: quality / 10.0,
    });
    builder.comment_tags(comments::pairs(tags))?;
    let mut enc = builder.build()?;
    let mut block = vec![0.0f32; BLOCK * 2];
    let mut planar = [Vec::with_capacity(BLOCK), Vec::with_capacity(BLOCK)];
    let mut done = 0u64;
    loop {
        let n = renderer.fill(&mut block);
        done += n as u64;
        if n > 0 {
            let [l, r] = &mut planar;
            l.clear();
            r.clear();
            for f in block[..2 * n].chunks_exact(2) {
                l.push(f[0]);
                r.push(f[1]);
            }
            enc.encode_audio_block(&planar)?;
        }
        if !progress(done, total) || n < BLOCK {
            break;
        }
    }
    if done < total {
        return Ok(done);
    }
    enc.finish()?;
    file.flush()?;
    Ok(done)
}

/// A mono recording as Ogg Vorbis at `rate` (`still record`'s takes): `quality` on
/// oggenc's scale.
pub fn write_mono(
    samples: &[f32],
    rate: u32,
    quality: f32,
    out: &mut dyn Write,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let rate = NonZeroU32::new(rate.max(1)).expect("at least one");
    let channels = NonZeroU8::new(1).expect("one is not zero");
    let mut builder = VorbisEncoderBuilder::new_with_serial(rate, channels, out, 0x5354_4C33);
    builder.bitrate_management_strategy(VorbisBitrateManagementStrategy::QualityVbr {
        target_quality: quality / 10.0,
    });
    let mut enc = builder.build()?;
    for block in samples.chunks(BLOCK) {
        enc.encode_audio_block([block])?;
    }
    enc.finish()?;
    Ok(())
}
