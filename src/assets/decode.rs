//! Decoding a clip completely: symphonia → f32 → at most stereo → 48 kHz → exactly the
//! length the timeline was compiled with.

use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as SymError;

use crate::script::Clip;
use crate::timeline::RATE;

use super::probe::{ClipInfo, Input, open};
use super::resample::resample;
use super::{AssetError, Audio};

/// Decodes `clip`, which probing described as `info`, to [`Audio`] of exactly
/// `info.output_frames()` frames. A file that decodes noticeably shorter than its header
/// says is reported as cut short rather than padded with silence.
pub fn decode(clip: &Clip, info: &ClipInfo) -> Result<Audio, AssetError> {
    decode_input(Input::clip(clip)?, info)
}

/// [`decode`] for any input.
pub fn decode_input(input: Input<'_>, info: &ClipInfo) -> Result<Audio, AssetError> {
    let name = input.name.to_string();
    let damaged = |reason: String| AssetError::Damaged {
        name: name.clone(),
        reason,
    };
    let mut opened = open(input)?;
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(&opened.params, &AudioDecoderOptions::default())
        .map_err(|e| AssetError::Unsupported {
            name: name.clone(),
            what: format!("its codec cannot be decoded ({e})"),
        })?;

    let channels = info.channels;
    // Room for a little more than the header promises, and no more: a lying header cannot
    // make us decode forever.
    let limit = info.frames.saturating_add(info.frames / 100 + 8192);
    let mut interleaved: Vec<f32> =
        Vec::with_capacity((info.frames as usize).saturating_mul(channels).min(1 << 28));
    let mut packet_buf: Vec<f32> = vec![];
    let mut decoded_frames = 0u64;
    loop {
        let packet = match opened.reader.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(SymError::ResetRequired) => break,
            Err(e) => return Err(damaged(e.to_string())),
        };
        if packet.track_id != opened.track_id {
            continue;
        }
        let buf = decoder
            .decode(&packet)
            .map_err(|e| damaged(e.to_string()))?;
        let n = buf.spec().channels().count();
        if n != channels {
            return Err(damaged(format!(
                "the channel count changes from {channels} to {n} mid-file"
            )));
        }
        buf.copy_to_vec_interleaved(&mut packet_buf);
        interleaved.extend_from_slice(&packet_buf);
        decoded_frames += buf.frames() as u64;
        if decoded_frames > limit {
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

    let (out_channels, mut samples) = to_stereo_at_most(interleaved, channels);
    let target = info.output_frames() as usize;
    if info.rate != RATE {
        samples = resample(&samples, out_channels, info.rate)
            .map_err(|e| damaged(format!("resampling failed: {e}")))?;
    }
    samples.resize(target * out_channels, 0.0);
    if samples.iter().any(|s| !s.is_finite()) {
        return Err(damaged("it decodes to invalid sample values".into()));
    }
    Ok(Audio {
        channels: out_channels,
        samples,
    })
}

/// Mono and stereo pass through; more channels fold onto two (even ones left, odd right).
fn to_stereo_at_most(samples: Vec<f32>, channels: usize) -> (usize, Vec<f32>) {
    if channels <= 2 {
        return (channels, samples);
    }
    let frames = samples.len() / channels;
    let mut out = Vec::with_capacity(frames * 2);
    let (left_n, right_n) = (channels.div_ceil(2) as f32, (channels / 2) as f32);
    for frame in samples.chunks_exact(channels) {
        let (mut l, mut r) = (0.0, 0.0);
        for (i, s) in frame.iter().enumerate() {
            if i % 2 == 0 { l += s } else { r += s }
        }
        out.push(l / left_n);
        out.push(r / right_n);
    }
    (2, out)
}
