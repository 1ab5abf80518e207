//! FLAC: 16-bit samples quantized with the very dither the WAV writer uses, so a decoded
//! FLAC equals the 16-bit WAV sample for sample. flacenc encodes each 4096-frame block as
//! it comes; the stream's header (STREAMINFO, and the VORBIS_COMMENT block with the tags,
//! which flacenc does not write) is written here, per the FLAC format (RFC 9639). On a
//! regular file the MD5 of the samples is filled in at the end; a stream leaves it unset
//! (zero), as the format allows.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};

use flacenc::bitsink::MemSink;
use flacenc::component::{BitRepr, StreamInfo};
use flacenc::error::Verify;
use flacenc::source::{Fill, FrameBuf};
use md5::{Digest, Md5};

use super::{Error, Tags, comments};
use crate::mix::Frames;
use crate::output::wav::Dither;
use crate::timeline::RATE;

/// Frames in one FLAC block (the reference encoder's default from level 3 up).
const BLOCK: usize = 4096;
/// Where STREAMINFO's MD5 lies: after `fLaC`, the block header and 18 bytes of fields.
const MD5_AT: u64 = 4 + 4 + 18;

pub(super) fn write(
    renderer: &mut dyn Frames,
    file: &mut File,
    seekable: bool,
    level: u8,
    tags: &Tags,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<u64, Error> {
    let total = renderer.end() - renderer.position();
    let config = config(level)
        .into_verified()
        .map_err(|e| format!("the FLAC encoder refused its settings: {e:?}"))?;
    let start = file.stream_position().unwrap_or(0);
    file.write_all(&header(total, tags))?;
    let info = StreamInfo::new(RATE as usize, 2, 16)
        .map_err(|e| format!("the FLAC encoder refused the stream: {e:?}"))?;

    let mut frame_buf =
        FrameBuf::with_size(2, BLOCK).map_err(|e| format!("the FLAC encoder: {e:?}"))?;
    let mut dither = Dither::new();
    let mut ints = vec![0i32; super::super::wav::BLOCK * 2];
    let mut pending: Vec<i32> = Vec::with_capacity(BLOCK * 2);
    let mut sink = MemSink::<u8>::new();
    let mut md5 = Md5::new();
    let mut bytes = Vec::with_capacity(BLOCK * 4);
    let mut number = 0usize;
    let out = &mut *file;
    let mut encode = |samples: &[i32], out: &mut File| -> Result<(), Error> {
        bytes.clear();
        for &s in samples {
            bytes.extend_from_slice(&(s as i16).to_le_bytes());
        }
        md5.update(&bytes);
        // The last block may be short.
        if samples.len() != frame_buf.size() * 2 {
            frame_buf.resize(samples.len() / 2);
        }
        frame_buf
            .fill_interleaved(samples)
            .map_err(|e| format!("the FLAC encoder: {e:?}"))?;
        let frame = flacenc::encode_fixed_size_frame(&config, &frame_buf, number, &info)
            .map_err(|e| format!("the FLAC encoder: {e:?}"))?;
        number += 1;
        sink.clear();
        frame
            .write(&mut sink)
            .map_err(|e| format!("the FLAC encoder: {e:?}"))?;
        out.write_all(sink.as_slice())?;
        Ok(())
    };
    let done =
        super::super::wav::pipeline(renderer, progress, |samples: &[f32]| -> Result<(), Error> {
            let ints = &mut ints[..samples.len()];
            dither.quantize(samples, 32_767.0, ints);
            let mut rest: &[i32] = ints;
            if !pending.is_empty() {
                let take = (BLOCK * 2 - pending.len()).min(rest.len());
                pending.extend_from_slice(&rest[..take]);
                rest = &rest[take..];
                if pending.len() == BLOCK * 2 {
                    encode(&pending, out)?;
                    pending.clear();
                }
            }
            let mut blocks = rest.chunks_exact(BLOCK * 2);
            for b in blocks.by_ref() {
                encode(b, out)?;
            }
            pending.extend_from_slice(blocks.remainder());
            Ok(())
        })?;
    if done < total {
        return Ok(done);
    }
    if !pending.is_empty() {
        encode(&pending, out)?;
    }
    if seekable {
        let end = file.stream_position()?;
        file.seek(SeekFrom::Start(start + MD5_AT))?;
        file.write_all(&md5.finalize())?;
        file.seek(SeekFrom::Start(end))?;
    }
    file.flush()?;
    Ok(done)
}

/// The encoder's settings for a compression level: 0 predicts with fixed polynomials only;
/// from 1 on, linear prediction of a higher order the higher the level.
fn config(level: u8) -> flacenc::config::Encoder {
    let mut c = flacenc::config::Encoder::default();
    c.block_size = BLOCK;
    c.multithread = false;
    if level == 0 {
        c.subframe_coding.use_lpc = false;
    } else {
        c.subframe_coding.qlpc.lpc_order = [0, 2, 4, 6, 8, 8, 10, 12, 12][usize::from(level)];
    }
    c
}

/// `fLaC`, STREAMINFO (MD5 zero until filled in) and the tags' VORBIS_COMMENT block.
fn header(total: u64, tags: &Tags) -> Vec<u8> {
    let mut h = b"fLaC".to_vec();
    // STREAMINFO: type 0, 34 bytes.
    h.extend([0, 0, 0, 34]);
    h.extend((BLOCK as u16).to_be_bytes());
    h.extend((BLOCK as u16).to_be_bytes());
    // The smallest and largest frame sizes: 0, unknown.
    h.extend([0; 6]);
    // 20 bits of rate, 3 of channels − 1, 5 of bits − 1, 36 of total frames.
    let packed: u64 = (u64::from(RATE) << 44) | (1 << 41) | (15 << 36) | (total & 0xF_FFFF_FFFF);
    h.extend(packed.to_be_bytes());
    h.extend([0; 16]);
    // VORBIS_COMMENT: type 4, the last metadata block.
    let comments = comments::block(&comments::vendor(), tags);
    let len = comments.len().min(0xFF_FFFF) as u32;
    h.push(0x80 | 4);
    h.extend(&len.to_be_bytes()[1..]);
    h.extend(&comments[..len as usize]);
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_says_the_stream_and_carries_the_tags_issue_17() {
        let tags = Tags {
            title: "T".into(),
            album: "still".into(),
            ..Tags::default()
        };
        let h = header(123_456_789, &tags);
        assert_eq!(&h[..4], b"fLaC");
        assert_eq!(h[4], 0, "STREAMINFO, not the last block");
        assert_eq!(u16::from_be_bytes([h[8], h[9]]), BLOCK as u16);
        let packed = u64::from_be_bytes(h[18..26].try_into().unwrap());
        assert_eq!(packed >> 44, 48_000);
        assert_eq!((packed >> 41) & 7, 1, "two channels");
        assert_eq!((packed >> 36) & 31, 15, "16 bits");
        assert_eq!(packed & 0xF_FFFF_FFFF, 123_456_789);
        assert_eq!(MD5_AT, 26);
        assert_eq!(h[42], 0x84, "VORBIS_COMMENT, the last block");
        let len = u32::from_be_bytes([0, h[43], h[44], h[45]]) as usize;
        assert_eq!(h.len(), 46 + len);
        assert!(h.windows(7).any(|w| w == b"TITLE=T"));
    }
}
