//! `still render SESSION -o FILE`: WAV, Opus, Ogg Vorbis, MP3 or FLAC

use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::ProgressBar;

use super::Exit;
use super::args::SessionArgs;
use super::file_format;
use super::target::{self, Target};
use super::{Fail, out};
use crate::mix::{self, Frames, Stem};
use crate::output::encode::{self, Format, Quality};
use crate::output::wav::{self, Bits, WavError};
use crate::session::Session;
use crate::timeline::captions;
use crate::timeline::time::{RATE, human};
use crate::util::signals::Signals;

/// Render a session to a file: exactly what `play` would play
///
/// The name's extension says what to write: .opus (Opus, 64 kb/s), .ogg (Vorbis, q4), .mp3
/// (VBR V5, about 130 kb/s), .flac (lossless, the 16-bit WAV's samples exactly) or .wav
/// (16-bit PCM by default); --format overrides it. All are 48 000 Hz, 2 channels; the
/// encoded ones carry the script's title, author, summary, licence, language and content
/// note, and its chapters. The same session renders to the same bytes every time. The file
/// appears under its name only once it is complete; a FIFO or a device is written in place.
/// An output that is the script, one of its clips or still's journal is refused.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    session: SessionArgs,

    /// The file to write (.opus, .ogg, .mp3, .flac or .wav), or - for standard output
    /// (with --format)
    #[arg(short, long, value_name = "FILE", required_unless_present = "stems")]
    output: Option<PathBuf>,

    /// What to write, whatever the file's name; needed with -o -
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<Format>,

    /// The encoder's setting: Opus a bitrate (6k to 256k, default 64k); MP3 a VBR level V0
    /// to V9 (default V5) or a bitrate (32k to 320k); Vorbis -1 to 10 (default 4); FLAC a
    /// compression level 0 to 8 (default 5)
    #[arg(long, value_name = "Q", allow_hyphen_values = true)]
    quality: Option<String>,

    /// WAV's sample format
    #[arg(long, value_enum, default_value = "16")]
    bits: Bits,

    /// Also write the narration as captions (WebVTT, or SubRip if the name ends in .srt)
    #[arg(long, value_name = "FILE.vtt")]
    captions: Option<PathBuf>,

    /// Write the mix's parts into DIR, for an audio editor: voice.wav, bells.wav, cues.wav
    /// and bed.wav, each as long as the mix and adding up to it before its limiter (to the
    /// last bit with --bits 32f). With -o, the mix is written too
    #[arg(long, value_name = "DIR")]
    stems: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let s = args.session.load()?;
    let started = Instant::now();
    // Every output is checked before any work: never one of the session's own files,
    // still's journal or config, or the other output.
    let home = super::home();
    let inputs = target::session_inputs(&s, home.as_ref());
    let stems = match &args.stems {
        Some(dir) => Some(stem_targets(dir, &inputs)?),
        None => None,
    };
    let Some(output) = &args.output else {
        let stems = stems.expect("clap requires -o or --stems");
        return write_stems(&s, stems, args.bits, started);
    };
    let audio = Target::resolve("-o", output)?;
    audio.refuse(&inputs)?;
    if let Some(stems) = &stems {
        for (_, t) in stems {
            audio.refuse_other(t)?;
        }
    }
    let captions = match &args.captions {
        Some(path) => {
            let t = Target::resolve("--captions", path)?;
            t.refuse(&inputs)?;
            t.refuse_other(&audio)?;
            Some(t)
        }
        None => None,
    };
    // What to write is asked after where: an output that is one of the session's files is
    // refused as that first, whatever its name.
    let (format, quality) = file_format::choose(output, args.format, args.quality.as_deref())?;
    if format != Format::Wav && args.bits != Bits::I16 {
        return Err(Fail::input(format!(
            "--bits is WAV's sample format; {} chooses its own",
            format.describe()
        ))
        .hint("leave out --bits, or write a .wav"));
    }
    let signals = Signals::watch();
    let write_captions = || -> Result<(), Fail> {
        // The captions before the audio is put in place: if they cannot be written,
        // neither file appears, so trying again is right.
        if let Some(t) = &captions {
            let caps = captions::captions(&s.timeline);
            let text = if t.shown().extension().is_some_and(|e| e == "srt") {
                captions::srt(&caps)
            } else {
                captions::vtt(&caps)
            };
            t.write_all(text.as_bytes(), &|| signals.received())?;
        }
        Ok(())
    };
    let file = File {
        format,
        quality,
        bits: args.bits,
    };
    let (frames, bytes) = match write_mix(&s, &audio, file, &signals, write_captions)? {
        Written::Frames(frames, bytes) => (frames, bytes),
        Written::Stopped => return Ok(Exit::Interrupted),
    };
    let stems_note = match stems {
        Some(stems) => Some(write_stems_quietly(&s, stems, args.bits)?),
        None => None,
    };
    if audio.is_stdout() || captions.as_ref().is_some_and(Target::is_stdout) {
        // Standard output carries the audio or the captions; the summary would corrupt it.
        return Ok(Exit::Ok);
    }
    let secs = started.elapsed().as_secs_f64();
    let ring = frames.saturating_sub(s.timeline.length);
    let mut summary = summary(output, &s, file, frames, bytes, ring, secs);
    if let Some(t) = &captions {
        summary.push_str(&format!("wrote {} (captions)\n", t.shown().display()));
    }
    if let Some(note) = stems_note {
        summary.push_str(&note);
    }
    out::done(&summary);
    Ok(Exit::Ok)
}

/// The four stem files in `dir` (made if missing), each checked as `-o` is.
fn stem_targets(dir: &Path, inputs: &[target::Input]) -> Result<Vec<(Stem, Target)>, Fail> {
    if !dir.is_dir() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Fail::input_with(
                Some("--stems names a folder; give one you can write to"),
                StemsDir(dir.to_path_buf(), e),
            )
        })?;
    }
    Stem::ALL
        .iter()
        .map(|&stem| {
            let t = Target::resolve("--stems", &dir.join(format!("{}.wav", stem.name())))?;
            t.refuse(inputs)?;
            Ok((stem, t))
        })
        .collect()
}

/// Renders the stems alone, with a progress bar and a summary.
fn write_stems(
    s: &crate::session::Session,
    stems: Vec<(Stem, Target)>,
    bits: Bits,
    started: Instant,
) -> Result<Exit, Fail> {
    let note = write_stems_quietly(s, stems, bits)?;
    let secs = started.elapsed().as_secs_f64();
    out::done(&format!("{note}in {secs:.2} s\n"));
    Ok(Exit::Ok)
}

/// Renders each stem to its file; returns the lines that say what was written.
fn write_stems_quietly(
    s: &crate::session::Session,
    stems: Vec<(Stem, Target)>,
    bits: Bits,
) -> Result<String, Fail> {
    let signals = Signals::watch();
    let renderers = s.stem_renderers()?;
    let total: u64 = renderers.iter().map(|(_, r)| r.end()).sum();
    let bar = out::progress_bar(total, "writing stems {bar:40} {percent:>3}%");
    let mut done = 0;
    let mut note = String::new();
    for ((stem, mut renderer), (_, t)) in renderers.into_iter().zip(stems) {
        let mut writing = t.open(false, &|| signals.received())?;
        let reserve = writing.is_file();
        let mut tick = |d: u64, _total: u64| {
            bar.set_position(done + d);
            !signals.received()
        };
        let frames = wav::write(
            &mut renderer,
            writing.file(),
            t.shown(),
            reserve,
            bits,
            &mut tick,
        )
        .map_err(|e| match e {
            e @ WavError::Interrupted { .. } => Fail::new(e, Exit::Interrupted),
            e => Fail::input_with(e.hint(), e),
        })?;
        writing.commit()?;
        done += frames;
        note.push_str(&format!(
            "wrote {} ({})\n",
            t.shown().display(),
            stem.name()
        ));
    }
    bar.finish_and_clear();
    Ok(note)
}

#[derive(Debug, thiserror::Error)]
#[error("cannot make the folder {} for the stems", .0.display())]
struct StemsDir(PathBuf, #[source] std::io::Error);

#[derive(Debug, thiserror::Error)]
#[error("cannot write the audio to standard output")]
struct StdoutError(#[source] Box<dyn std::error::Error + Send + Sync>);

/// A render into a stream stopped by a signal: the reader has only the first part.
#[derive(Debug, thiserror::Error)]
#[error("the render was interrupted, so {} got only the first part of it", .0.display())]
struct Cut(PathBuf);

/// What a rendered file is: its format, its encoder's setting, and WAV's sample format.
#[derive(Debug, Clone, Copy)]
pub struct File {
    pub format: Format,
    pub quality: Quality,
    pub bits: Bits,
}

/// How writing the mix ended.
pub enum Written {
    /// Complete: the frames and the bytes written.
    Frames(u64, u64),
    /// Stopped by a signal while writing standard output: its reader has what was made.
    Stopped,
}

/// Writes the session's mix to `audio` as `file` says, and puts it in place after
/// `before_commit` (the captions) succeeds. `render -o` and `timer -o` both end here.
pub fn write_mix(
    s: &Session,
    audio: &Target,
    file: File,
    signals: &Signals,
    before_commit: impl FnOnce() -> Result<(), Fail>,
) -> Result<Written, Fail> {
    // A file appears only once complete, so its render may start while clips still decode;
    // a stream's (standard output, a FIFO, a device) first bytes go out at once, so its
    // clips are all checked first, streamed. Both then mix from the feed, which holds a few
    // clips at a time (issue #21).
    let stream = audio.is_stream();
    if stream {
        s.check_clips()?;
    }
    // A lossy encoder lifts the peaks it is given, so its mix is held lower (issue #16).
    let ceiling = if file.format.is_lossy() {
        mix::LOSSY_CEILING
    } else {
        mix::CEILING
    };
    let mut feed = s.render_feed(ceiling)?;
    let source: &mut dyn Frames = &mut feed;
    let total = source.end();
    // A signal stops the render between blocks, so its unfinished file is removed.
    let mut writing = audio.open(false, &|| signals.received())?;
    let bar = if audio.is_stdout() {
        ProgressBar::hidden()
    } else {
        out::progress_bar(total, "rendering {bar:40} {percent:>3}%")
    };
    let mut tick = |done: u64, _total: u64| {
        bar.set_position(done);
        !signals.received()
    };
    let regular = writing.is_file();
    let written = match file.format {
        Format::Wav => wav::write(
            source,
            writing.file(),
            audio.shown(),
            regular,
            file.bits,
            &mut tick,
        ),
        _ => {
            let tags = file_format::tags(s);
            encode::write(
                file.format,
                file.quality,
                &tags,
                source,
                writing.file(),
                audio.shown(),
                regular,
                &mut tick,
            )
        }
    };
    if let Some(e) = feed.take_error() {
        bar.finish_and_clear();
        return Err(s.located(e).into());
    }
    bar.finish_and_clear();
    let frames = match written {
        Ok(frames) => frames,
        // A stream's reader has what was made; only a file can be "not written".
        Err(WavError::Interrupted { .. }) if audio.is_stdout() => return Ok(Written::Stopped),
        Err(WavError::Interrupted { .. }) if stream => {
            return Err(Fail::new(
                Cut(audio.shown().to_path_buf()),
                Exit::Interrupted,
            ));
        }
        Err(e @ WavError::Interrupted { .. }) => return Err(Fail::new(e, Exit::Interrupted)),
        Err(e) => {
            if let Some(io) = e.io()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return Err(Fail::broken_pipe());
            }
            return Err(match e {
                WavError::Write { source, .. } if audio.is_stdout() => {
                    Fail::input(StdoutError(source))
                }
                e => Fail::input_with(e.hint(), e),
            });
        }
    };
    use std::io::Seek;
    let bytes = writing.file().stream_position().unwrap_or(0);
    before_commit()?;
    writing.commit()?;
    Ok(Written::Frames(frames, bytes))
}

/// The line a finished render prints.
pub(super) fn summary(
    output: &Path,
    s: &Session,
    file: File,
    frames: u64,
    bytes: u64,
    ring: u64,
    secs: f64,
) -> String {
    let what = match file.format {
        Format::Wav => format!("{} stereo {} Hz", file.bits.describe(), RATE),
        f => format!(
            "{} {} stereo {} Hz",
            f.describe(),
            file.quality.describe(),
            RATE
        ),
    };
    format!(
        "wrote {}: {} + {} ring-out, {what}, {:.1} MB, in {:.2} s ({:.0}× real time)\n",
        output.display(),
        human(s.timeline.length),
        human(ring),
        bytes as f64 / 1e6,
        secs,
        frames as f64 / f64::from(RATE) / secs.max(1e-9),
    )
}
