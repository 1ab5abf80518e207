//! The decoder a clip's codec needs: symphonia's own, or libopus ([`super::opus`]) for Opus,
//! which symphonia reads from Ogg but cannot decode.

use symphonia::core::codecs::audio::well_known::CODEC_ID_OPUS;
use symphonia::core::codecs::audio::{AudioCodecParameters, AudioDecoder, AudioDecoderOptions};
use symphonia::core::packet::Packet;

use super::opus::{OpusDecoder, OpusHead};

pub(super) enum Decoder {
    Symphonia {
        decoder: Box<dyn AudioDecoder>,
        samples: Vec<f32>,
    },
    Opus(OpusDecoder),
}

impl Decoder {
    /// A decoder for the track `params` describes, or what is wrong with it.
    pub fn new(params: &AudioCodecParameters) -> Result<Decoder, String> {
        if params.codec == CODEC_ID_OPUS {
            let head = params.extra_data.as_deref().and_then(OpusHead::parse);
            let channels = params
                .channels
                .as_ref()
                .map(|c| c.count())
                .or(head.map(|h| usize::from(h.channels)))
                .unwrap_or(0);
            return OpusDecoder::new(channels, head.as_ref()).map(Decoder::Opus);
        }
        // Gapless: symphonia's decoders drop the delay and padding a packet is marked with.
        symphonia::default::get_codecs()
            .make_audio_decoder(params, &AudioDecoderOptions::default())
            .map(|decoder| Decoder::Symphonia {
                decoder,
                samples: vec![],
            })
            .map_err(|e| format!("its codec cannot be decoded ({e})"))
    }

    /// One packet decoded to interleaved floats, less the frames the packet is marked to
    /// trim, and its channel count.
    pub fn decode(&mut self, packet: &Packet) -> Result<(&[f32], usize), String> {
        match self {
            Decoder::Symphonia { decoder, samples } => {
                let buf = decoder.decode(packet).map_err(|e| e.to_string())?;
                let channels = buf.spec().channels().count();
                buf.copy_to_vec_interleaved(samples);
                Ok((samples, channels))
            }
            Decoder::Opus(d) => {
                let channels = d.channels();
                let samples = d.decode(&packet.data)?;
                let frames = samples.len() / channels;
                let start = (packet.trim_start.get() as usize).min(frames);
                let end = frames
                    .saturating_sub(packet.trim_end.get() as usize)
                    .max(start);
                Ok((&samples[start * channels..end * channels], channels))
            }
        }
    }
}
