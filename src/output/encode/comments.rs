//! Vorbis comments: the tags of Ogg Opus, Ogg Vorbis and FLAC files, with chapters as
//! `CHAPTER001=00:00:00.000` and `CHAPTER001NAME=…`, which ffmpeg and podcast players read.

use super::Tags;
use crate::timeline::RATE;

/// The tags as `KEY=value` pairs, in a fixed order.
pub(super) fn pairs(tags: &Tags) -> Vec<(String, String)> {
    let fields = [
        ("TITLE", Some(&tags.title)),
        ("ARTIST", tags.artist.as_ref()),
        ("ALBUM", Some(&tags.album)),
        ("COMMENT", tags.comment.as_ref()),
        ("LICENSE", tags.license.as_ref()),
        ("LANGUAGE", tags.language.as_ref()),
        ("CONTENT_NOTE", tags.content_note.as_ref()),
    ];
    let mut out: Vec<(String, String)> = fields
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), v?.clone())))
        .collect();
    for (i, (frame, title)) in tags.chapters.iter().enumerate() {
        let n = i + 1;
        out.push((format!("CHAPTER{n:03}"), timestamp(*frame)));
        out.push((format!("CHAPTER{n:03}NAME"), title.clone()));
    }
    out
}

/// A frame as `HH:MM:SS.mmm`, rounded to the nearest millisecond.
pub(super) fn timestamp(frame: u64) -> String {
    let ms = (frame * 1000 + u64::from(RATE) / 2) / u64::from(RATE);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// The comment block's bytes (Vorbis I §5, without the framing bit): the vendor, then
/// each `KEY=value`, lengths little-endian.
pub(super) fn block(vendor: &str, tags: &Tags) -> Vec<u8> {
    let pairs = pairs(tags);
    let mut b = Vec::new();
    b.extend((vendor.len() as u32).to_le_bytes());
    b.extend(vendor.as_bytes());
    b.extend((pairs.len() as u32).to_le_bytes());
    for (k, v) in pairs {
        let entry = format!("{k}={v}");
        b.extend((entry.len() as u32).to_le_bytes());
        b.extend(entry.as_bytes());
    }
    b
}

/// The name encoders put in the vendor field: still's, with its version, and no date.
pub(super) fn vendor() -> String {
    format!("still {}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_are_numbered_with_their_times_issue_17() {
        let tags = Tags {
            title: "T".into(),
            album: "still".into(),
            chapters: vec![(0, "One".into()), (48_000 * 3723 + 24, "Two".into())],
            ..Tags::default()
        };
        let p = pairs(&tags);
        assert!(p.contains(&("CHAPTER002".into(), "01:02:03.001".into())));
        assert!(p.contains(&("CHAPTER002NAME".into(), "Two".into())));
        let b = block("v", &tags);
        assert_eq!(&b[..5], &[1, 0, 0, 0, b'v']);
    }
}
