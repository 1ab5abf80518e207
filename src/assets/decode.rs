//! Decoding a clip completely: symphonia → f32 → at most stereo → 48 kHz → exactly the
//! length the timeline was compiled with.

use symphonia::core::errors::Error as SymError;

use crate::script::Clip;
use crate::timeline::RATE;
use crate::timeline::time::human;

use super::codec::Decoder;
use super::probe::{ClipInfo, Input, open};
use super::resample::{Streaming, Wrapped};
use super::{AssetError, Audio};

/// Decodes `clip`, which probing described as `info`, to [`Audio`] of exactly
/// `info.output_frames()` frames. A file that decodes noticeably shorter than its header
/// says is reported as cut short rather than padded with silence.
pub fn decode(clip: &Clip, info: &ClipInfo) -> Result<Audio, AssetError> {
    decode_input(Input::clip(clip)?, info)
}

/// [`decode`] for any input.
pub fn decode_input(input: Input<'_>, info: &ClipInfo) -> Result<Audio, AssetError> {
    let channels = info.channels.min(2);
    let mut samples = Vec::with_capacity(
        (info.output_frames() as usize)
            .saturating_mul(channels)
            .min(1 << 28),
    );
    stream(input, info, |chunk| {
        samples.extend_from_slice(chunk);
        Ok(())
    })?;
    Ok(Audio { channels, samples })
}

/// Decodes `input` in pieces, handing each to `each`: at most stereo, at 48 kHz, exactly
/// `info.output_frames()` frames in all (cut, or padded with silence). Memory holds a
/// packet and a resampler's chunk, never the clip. Returns the channel count, 1 or 2.
pub fn stream(
    input: Input<'_>,
    info: &ClipInfo,
    each: impl FnMut(&[f32]) -> Result<(), AssetError>,
) -> Result<usize, AssetError> {
    stream_observed(input, info, |_| {}, each)
}

/// [`stream`], also showing `source` each decoded packet at the clip's own rate (at most
/// stereo, not yet cut to length): what measuring needs, without the cost of the rate
/// conversion.
pub fn stream_observed(
    input: Input<'_>,
    info: &ClipInfo,
    mut source: impl FnMut(&[f32]),
    mut each: impl FnMut(&[f32]) -> Result<(), AssetError>,
) -> Result<usize, AssetError> {
    let name = input.name.to_string();
    let channels = info.channels.min(2);
    let target = info.output_frames() as usize;
    let sent = std::cell::Cell::new(0usize);
    // Cuts to the target length and refuses values no decoder should give.
    let mut emit = |chunk: &[f32]| -> Result<(), AssetError> {
        let take = (chunk.len() / channels).min(target - sent.get());
        if take == 0 {
            return Ok(());
        }
        let chunk = &chunk[..take * channels];
        if !chunk.iter().all(|s| s.is_finite()) {
            return Err(invalid(&name));
        }
        sent.set(sent.get() + take);
        each(chunk)
    };
    let mut folded = vec![];
    if info.rate == RATE {
        each_packet(input, info, |p| {
            let p = fold_to_stereo(p, info.channels, &mut folded);
            source(p);
            emit(p)
        })?;
    } else {
        let resampling = |e: String| AssetError::Damaged {
            name: name.clone(),
            reason: format!("resampling failed: {e}"),
        };
        let unwrap = |w: Wrapped<AssetError>| match w {
            Wrapped::Resample(e) => resampling(e),
            Wrapped::Emit(e) => e,
        };
        let mut r = Streaming::new(info.rate, channels).map_err(resampling)?;
        each_packet(input, info, |p| {
            let p = fold_to_stereo(p, info.channels, &mut folded);
            source(p);
            r.push(p, &mut emit).map_err(unwrap)
        })?;
        r.finish(&mut emit).map_err(unwrap)?;
    }
    // A clip that decodes a little short is padded with silence to its length.
    let silence = vec![0.0f32; 4096 * channels];
    while sent.get() < target {
        let n = (target - sent.get()).min(4096);
        emit(&silence[..n * channels])?;
    }
    Ok(channels)
}

/// Decodes `input` as [`decode_input`] would, keeping nothing: whether it would decode,
/// in the memory of one packet. A live sit checks the clips it loads later this way.
/// Returns the frames it decodes to at its own rate, encoder delay dropped: the length
/// probing gives, for an intact file.
pub fn check_input(input: Input<'_>, info: &ClipInfo) -> Result<u64, AssetError> {
    let name = input.name.to_string();
    let channels = info.channels;
    let mut frames = 0u64;
    each_packet(input, info, |samples| {
        frames += (samples.len() / channels) as u64;
        if samples.iter().all(|s| s.is_finite()) {
            Ok(())
        } else {
            Err(invalid(&name))
        }
    })?;
    Ok(frames)
}

fn invalid(name: &str) -> AssetError {
    AssetError::Damaged {
        name: name.to_string(),
        reason: "it decodes to invalid sample values".into(),
    }
}

/// Hands each decoded packet of `input`'s track to `each` as interleaved floats, encoder
/// delay and padding dropped, and checks what the header promised: the channel count
/// throughout, and about the frames.
fn each_packet(
    input: Input<'_>,
    info: &ClipInfo,
    mut each: impl FnMut(&[f32]) -> Result<(), AssetError>,
) -> Result<(), AssetError> {
    let name = input.name.to_string();
    let damaged = |reason: String| AssetError::Damaged {
        name: name.clone(),
        reason,
    };
    let mut opened = open(input)?;
    let mut decoder = Decoder::new(&opened.params).map_err(|what| AssetError::Unsupported {
        name: name.clone(),
        what,
    })?;
    let mut cutter = opened.trim.cutter();

    let channels = info.channels;
    // Room for a little more than the header promises, and no more: a lying header cannot
    // make us decode forever, nor past what the clip's use allows, which the header's length
    // was held to (issue #21).
    let limit = info.frames.saturating_add(info.frames / 100 + 8192);
    let mut decoded_frames = 0u64;
    loop {
        let packet = match opened.reader.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(SymError::ResetRequired) => break,
            // The reader, not the codec, fails: where, in the clip, says more than its words.
            Err(e) => {
                // Tenths of a second: a phone memo is often only a few seconds long.
                let seconds = |frames: u64| frames as f64 / f64::from(info.rate);
                return Err(damaged(format!(
                    "it breaks off {:.1} s into its {:.1} s ({e})",
                    seconds(decoded_frames),
                    seconds(info.frames)
                )));
            }
        };
        if packet.track_id != opened.track_id {
            continue;
        }
        let (samples, n) = decoder.decode(&packet).map_err(damaged)?;
        if n != channels {
            return Err(damaged(format!(
                "the channel count changes from {channels} to {n} mid-file"
            )));
        }
        let kept = cutter.next(samples.len() / n);
        let samples = &samples[kept.start * n..kept.end * n];
        if !samples.is_empty() {
            each(samples)?;
        }
        decoded_frames += kept.len() as u64;
        if decoded_frames > limit {
            return Err(damaged(format!(
                "it holds more audio than the {} its header promises",
                human(info.output_frames())
            )));
        }
        // The rest is the encoder's padding.
        if cutter.done() {
            break;
        }
    }
    // MP3 without a LAME header may differ by a frame of 1152; anything more is damage.
    let tolerance = (info.frames / 100).max(2048);
    if decoded_frames + tolerance < info.frames {
        return Err(damaged(format!(
            "it holds {decoded_frames} of the {} frames its header promises",
            info.frames
        )));
    }
    if decoded_frames == 0 {
        return Err(AssetError::NoAudio { name });
    }
    Ok(())
}

/// Mono and stereo pass through; more channels fold onto two (even ones left, odd right),
/// into `out`.
fn fold_to_stereo<'a>(samples: &'a [f32], channels: usize, out: &'a mut Vec<f32>) -> &'a [f32] {
    if channels <= 2 {
        return samples;
    }
    out.clear();
    let (left_n, right_n) = (channels.div_ceil(2) as f32, (channels / 2) as f32);
    for frame in samples.chunks_exact(channels) {
        let (mut l, mut r) = (0.0, 0.0);
        for (i, s) in frame.iter().enumerate() {
            if i % 2 == 0 { l += s } else { r += s }
        }
        out.push(l / left_n);
        out.push(r / right_n);
    }
    out
}
