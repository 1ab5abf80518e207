//! Opus clips: the identification header (`OpusHead`, RFC 7845) and a decoder for the
//! packets symphonia's Ogg reader hands out, through libopus (the `opus` crate, built
//! statically): symphonia has no Opus decoder.

/// The longest Opus packet: 120 ms at 48 kHz.
const MAX_PACKET_FRAMES: usize = 5760;

/// What an Ogg Opus stream's first packet says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpusHead {
    pub channels: u8,
    /// Frames the decoder outputs before the recording starts (at 48 kHz).
    pub pre_skip: u16,
    /// The gain to apply to the decoded audio, in dB.
    pub gain_db: f32,
    /// 0: mono or stereo in one stream; anything else is a multistream layout.
    pub mapping_family: u8,
}

impl OpusHead {
    /// Reads an `OpusHead` packet; `None` for anything else.
    pub fn parse(packet: &[u8]) -> Option<OpusHead> {
        if packet.len() < 19 || !packet.starts_with(b"OpusHead") {
            return None;
        }
        // Versions 0–15 share this layout (RFC 7845 §5.1).
        if packet[8] > 15 {
            return None;
        }
        Some(OpusHead {
            channels: packet[9],
            pre_skip: u16::from_le_bytes([packet[10], packet[11]]),
            gain_db: f32::from(i16::from_le_bytes([packet[16], packet[17]])) / 256.0,
            mapping_family: packet[18],
        })
    }
}

/// Decodes Opus packets to interleaved floats at 48 kHz.
pub struct OpusDecoder {
    decoder: opus::Decoder,
    channels: usize,
    gain: f32,
    out: Vec<f32>,
}

impl OpusDecoder {
    /// A decoder for `channels` (1 or 2); `head`, when the container gives one, sets the
    /// output gain and is checked for a layout this decoder can play.
    pub fn new(channels: usize, head: Option<&OpusHead>) -> Result<OpusDecoder, String> {
        if let Some(h) = head
            && h.mapping_family != 0
        {
            return Err(format!(
                "it is a multistream Opus file (channel mapping {}, {} channels); mono and stereo Opus files play",
                h.mapping_family, h.channels
            ));
        }
        let layout = match channels {
            1 => opus::Channels::Mono,
            2 => opus::Channels::Stereo,
            n => {
                return Err(format!(
                    "it is an Opus file with {n} channels; mono and stereo Opus files play"
                ));
            }
        };
        let decoder = opus::Decoder::new(48_000, layout).map_err(|e| e.to_string())?;
        let gain_db = head.map_or(0.0, |h| h.gain_db);
        Ok(OpusDecoder {
            decoder,
            channels,
            gain: 10f32.powf(gain_db / 20.0),
            out: vec![0.0; MAX_PACKET_FRAMES * channels],
        })
    }

    /// Decodes one packet: its frames, interleaved. An empty packet is damage here (libopus
    /// would take it for a lost one and make up sound).
    pub fn decode(&mut self, packet: &[u8]) -> Result<&[f32], String> {
        if packet.is_empty() {
            return Err("an Opus packet is empty".into());
        }
        let frames = self
            .decoder
            .decode_float(packet, &mut self.out, false)
            .map_err(|e| format!("an Opus packet does not decode ({e})"))?;
        let samples = &mut self.out[..frames * self.channels];
        if self.gain != 1.0 {
            samples.iter_mut().for_each(|s| *s *= self.gain);
        }
        Ok(samples)
    }

    pub fn channels(&self) -> usize {
        self.channels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(channels: u8, pre_skip: u16, gain: i16, family: u8) -> Vec<u8> {
        let mut h = b"OpusHead".to_vec();
        h.push(1);
        h.push(channels);
        h.extend(pre_skip.to_le_bytes());
        h.extend(44_100u32.to_le_bytes());
        h.extend(gain.to_le_bytes());
        h.push(family);
        h
    }

    #[test]
    fn the_head_gives_pre_skip_gain_and_layout() {
        let h = OpusHead::parse(&head(1, 312, -256 * 3, 0)).unwrap();
        assert_eq!(
            h,
            OpusHead {
                channels: 1,
                pre_skip: 312,
                gain_db: -3.0,
                mapping_family: 0
            }
        );
        assert_eq!(OpusHead::parse(b"OpusTags\0\0\0\0\0\0\0\0\0\0\0"), None);
        assert_eq!(OpusHead::parse(&head(1, 312, 0, 0)[..12]), None);
    }

    #[test]
    fn a_multistream_file_is_refused_with_what_plays() {
        let h = OpusHead::parse(&head(6, 312, 0, 1)).unwrap();
        let e = OpusDecoder::new(2, Some(&h)).err().unwrap();
        assert!(e.contains("mono and stereo"), "{e}");
        assert!(OpusDecoder::new(3, None).is_err());
    }

    #[test]
    fn packets_libopus_encodes_decode_to_their_frames_with_the_head_gain() {
        // A 20 ms packet of a 440 Hz tone at half scale, encoded by libopus itself.
        let mut enc =
            opus::Encoder::new(48_000, opus::Channels::Mono, opus::Application::Audio).unwrap();
        let tone: Vec<f32> = (0..960 * 10)
            .map(|i| 0.5 * (i as f32 * 440.0 * std::f32::consts::TAU / 48_000.0).sin())
            .collect();
        let packets: Vec<Vec<u8>> = tone
            .chunks(960)
            .map(|c| enc.encode_vec_float(c, 4000).unwrap())
            .collect();
        let peak = |gain: i16| {
            let h = OpusHead::parse(&head(1, 312, gain, 0)).unwrap();
            let mut dec = OpusDecoder::new(1, Some(&h)).unwrap();
            let mut peak = 0f32;
            for p in &packets {
                let s = dec.decode(p).unwrap();
                assert_eq!(s.len(), 960);
                peak = s.iter().fold(peak, |m, v| m.max(v.abs()));
            }
            peak
        };
        let plain = peak(0);
        assert!((0.4..0.6).contains(&plain), "{plain}");
        // -6 dB in the head halves it.
        let quieter = peak(-6 * 256);
        assert!((quieter / plain - 0.501).abs() < 0.01, "{quieter} {plain}");
        let mut dec = OpusDecoder::new(1, None).unwrap();
        assert!(dec.decode(&[]).is_err());
    }
}
