//! `--quality`: what each format's encoder is asked for, written as people write it for
//! that format, and the defaults for a voice over a bed.

use super::Format;

/// An encoder setting, checked against its format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quality {
    /// A bitrate in bits per second: Opus (VBR around it), MP3 (constant).
    Bitrate(u32),
    /// MP3's VBR level, `V0` (best) to `V9` (smallest), as LAME's `-V`.
    Vbr(u8),
    /// Ogg Vorbis's quality, -1 to 10, as oggenc's `-q`.
    Vorbis(f32),
    /// FLAC's compression level, 0 (fastest) to 8 (smallest); every level is lossless.
    Level(u8),
    /// WAV: PCM, whose sample format `--bits` chooses.
    Pcm,
}

#[derive(Debug, thiserror::Error)]
#[error("--quality '{text}' is not a quality for {}", .format.describe())]
pub struct QualityError {
    pub text: String,
    pub format: Format,
}

impl QualityError {
    pub fn hint(&self) -> &'static str {
        hint(self.format)
    }
}

/// What `--quality` takes for `format`.
pub fn hint(format: Format) -> &'static str {
    match format {
        Format::Opus => {
            "for Opus, give a bitrate from 6k to 256k, e.g. --quality 96k (default 64k)"
        }
        Format::Mp3 => {
            "for MP3, give a VBR level from V0 (best) to V9, e.g. --quality V2 (default V5, about 130 kb/s), or a constant bitrate from 32k to 320k"
        }
        Format::Vorbis => {
            "for Ogg Vorbis, give a quality from -1 to 10, e.g. --quality 6 (default 4)"
        }
        Format::Flac => {
            "for FLAC, give a compression level from 0 (fastest) to 8 (smallest), e.g. --quality 8 (default 5); every level is lossless"
        }
        Format::Wav => "WAV takes no --quality; choose its sample format with --bits",
    }
}

impl Quality {
    /// The default for a voice over a bed: small enough to send, clear enough to listen.
    pub fn default_for(format: Format) -> Quality {
        match format {
            Format::Opus => Quality::Bitrate(64_000),
            Format::Mp3 => Quality::Vbr(5),
            Format::Vorbis => Quality::Vorbis(4.0),
            Format::Flac => Quality::Level(5),
            Format::Wav => Quality::Pcm,
        }
    }

    /// Reads `text` as a quality for `format`: `96k` (Opus, MP3), `V0`–`V9` (MP3), `-1`–`10`
    /// or `q4` (Vorbis), `0`–`8` (FLAC).
    pub fn parse(format: Format, text: &str) -> Result<Quality, QualityError> {
        let err = || QualityError {
            text: text.to_string(),
            format,
        };
        let t = text.trim().to_ascii_lowercase();
        let kbps = || -> Option<u32> {
            let n: u32 = t.strip_suffix('k')?.parse().ok()?;
            n.checked_mul(1000)
        };
        let q = match format {
            Format::Opus => kbps()
                .filter(|b| (6_000..=256_000).contains(b))
                .map(Quality::Bitrate),
            Format::Mp3 => match t.strip_prefix('v') {
                Some(v) => v.parse().ok().filter(|v| *v <= 9).map(Quality::Vbr),
                None => kbps()
                    .filter(|b| MP3_RATES.contains(&(b / 1000)) && b % 1000 == 0)
                    .map(Quality::Bitrate),
            },
            Format::Vorbis => t
                .strip_prefix('q')
                .unwrap_or(&t)
                .parse::<f32>()
                .ok()
                .filter(|q| (-1.0..=10.0).contains(q))
                .map(Quality::Vorbis),
            Format::Flac => t.parse().ok().filter(|l| *l <= 8).map(Quality::Level),
            Format::Wav => None,
        };
        q.ok_or_else(err)
    }

    /// The setting as the summary line says it.
    pub fn describe(self) -> String {
        match self {
            Quality::Bitrate(b) => format!("{} kb/s", b / 1000),
            Quality::Vbr(v) => format!("VBR V{v}"),
            Quality::Vorbis(q) => format!("q{q}"),
            Quality::Level(l) => format!("level {l}"),
            Quality::Pcm => "PCM".into(),
        }
    }
}

/// The constant bitrates MPEG-1 Layer III has, in kb/s.
pub(super) const MP3_RATES: [u32; 14] = [
    32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_reads_its_own_quality_issue_17() {
        assert_eq!(
            Quality::parse(Format::Opus, "96k").unwrap(),
            Quality::Bitrate(96_000)
        );
        assert_eq!(Quality::parse(Format::Mp3, "V2").unwrap(), Quality::Vbr(2));
        assert_eq!(
            Quality::parse(Format::Mp3, "192k").unwrap(),
            Quality::Bitrate(192_000)
        );
        assert_eq!(
            Quality::parse(Format::Vorbis, "q6").unwrap(),
            Quality::Vorbis(6.0)
        );
        assert_eq!(
            Quality::parse(Format::Vorbis, "-1").unwrap(),
            Quality::Vorbis(-1.0)
        );
        assert_eq!(
            Quality::parse(Format::Flac, "8").unwrap(),
            Quality::Level(8)
        );
        for (f, bad) in [
            (Format::Opus, "5k"),
            (Format::Opus, "V2"),
            (Format::Mp3, "V10"),
            (Format::Mp3, "100k"),
            (Format::Vorbis, "11"),
            (Format::Flac, "9"),
            (Format::Wav, "16"),
        ] {
            let e = Quality::parse(f, bad).unwrap_err();
            assert!(e.to_string().contains(bad), "{e}");
        }
    }
}
