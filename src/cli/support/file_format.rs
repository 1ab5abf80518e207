//! What a rendered file is (`render -o` and `timer -o`): its format, from `--format` or
//! the name's extension, the encoder's `--quality`, and the tags and chapters it carries,
//! made from the session's script and timeline as plain data for `output`.

use std::path::Path;

use super::Fail;
use crate::output::encode::{Format, Quality, Tags};
use crate::session::Session;

/// The album every rendered file names, so a player groups a client's sessions together.
const ALBUM: &str = "still";

/// The format and encoder setting of `output`, checked before any work.
pub fn choose(
    output: &Path,
    format: Option<Format>,
    quality: Option<&str>,
) -> Result<(Format, Quality), Fail> {
    let format = match format {
        Some(f) => f,
        None if output == Path::new("-") => {
            return Err(Fail::input(
                "-o - writes to standard output, which has no name to tell the format by",
            )
            .hint(format!("add --format {}", names())));
        }
        None => Format::from_path(output).ok_or_else(|| {
            let what = match output.extension() {
                Some(e) => format!("'.{}' is not", e.to_string_lossy()),
                None => "a name without an extension is not".to_string(),
            };
            Fail::input(format!(
                "cannot tell what to write to {}: {what} a format still writes",
                output.display()
            ))
            .hint(format!(
                "name the file .opus, .ogg (Vorbis), .mp3, .flac or .wav, or give --format {}",
                names()
            ))
        })?,
    };
    if !format.available() {
        return Err(Fail::input(format!(
            "this build of still has no {} encoder",
            format.describe()
        ))
        .hint("build still with its default features (`--features mp3`), or write .opus"));
    }
    let quality = match quality {
        None => Quality::default_for(format),
        Some(text) => {
            Quality::parse(format, text).map_err(|e| Fail::input(e.to_string()).hint(e.hint()))?
        }
    };
    Ok((format, quality))
}

fn names() -> String {
    Format::ALL
        .iter()
        .map(|f| match f {
            Format::Opus => "opus",
            Format::Vorbis => "vorbis",
            Format::Mp3 => "mp3",
            Format::Flac => "flac",
            Format::Wav => "wav",
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// The file's tags: the script's title, author as artist, `still` as album, summary as
/// comment, licence, language and content note, and the timeline's chapters.
pub fn tags(s: &Session) -> Tags {
    let script = &s.script;
    Tags {
        title: script.title.clone(),
        artist: script.author.clone(),
        album: ALBUM.to_string(),
        comment: script.summary.clone(),
        license: script.license.clone(),
        language: script.language.clone(),
        content_note: script.content_note.clone(),
        chapters: s
            .timeline
            .chapters
            .iter()
            .map(|c| (c.frame, c.title.clone()))
            .collect(),
    }
}
