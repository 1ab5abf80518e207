//! `still render SESSION -o FILE.wav`

use std::path::PathBuf;
use std::time::Instant;

use indicatif::ProgressBar;

use super::Exit;
use super::args::SessionArgs;
use super::{Fail, out};
use crate::mix::Frames;
use crate::output::wav::{self, Bits, WavError};
use crate::timeline::captions;
use crate::timeline::time::{RATE, human};
use crate::util::signals::Signals;

/// Render a session to a WAV file: exactly what `play` would play
///
/// 48 000 Hz, 2 channels, 16-bit PCM by default. The same session renders to the same bytes
/// every time. The file appears under its name only once it is complete.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    session: SessionArgs,

    /// The WAV file to write, or - for standard output (to pipe into an encoder)
    #[arg(short, long, value_name = "FILE.wav")]
    output: PathBuf,

    /// Sample format
    #[arg(long, value_enum, default_value = "16")]
    bits: Bits,

    /// Also write the narration as captions (WebVTT, or SubRip if the name ends in .srt)
    #[arg(long, value_name = "FILE.vtt")]
    captions: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let s = args.session.load()?;
    let started = Instant::now();
    let to_stdout = args.output.as_os_str() == "-";
    // A file appears only once complete, so its render may start while clips still decode;
    // a stream's first bytes go out at once, so its clips are all checked first, streamed.
    // Both then mix from the feed, which holds a few clips at a time (issue #21).
    if to_stdout {
        s.check_clips()?;
    }
    let mut feed = s.render_feed()?;
    let source: &mut dyn Frames = &mut feed;
    let total = source.end();
    let bar = if to_stdout {
        ProgressBar::hidden()
    } else {
        out::progress_bar(total, "rendering {bar:40} {percent:>3}%")
    };
    // A signal stops the render between blocks, so its unfinished file is removed.
    let signals = Signals::watch();
    let mut tick = |done: u64, _total: u64| {
        bar.set_position(done);
        !signals.received()
    };
    let frames = if to_stdout {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
        let frames = wav::write_stream(source, &mut out, args.bits, &mut tick)
            .and_then(|d| {
                std::io::Write::flush(&mut out)
                    .map(|_| d)
                    .map_err(Into::into)
            })
            .map_err(|e| match e.downcast::<std::io::Error>() {
                Ok(io) if io.kind() == std::io::ErrorKind::BrokenPipe => Fail::broken_pipe(),
                Ok(io) => Fail::input(StdoutError(*io)),
                Err(other) => Fail::input(other.to_string()),
            })?;
        // A clip checked above that fails now (changed meanwhile) cuts the stream short.
        if let Some(e) = feed.take_error() {
            return Err(s.located(e).into());
        }
        frames
    } else {
        let written = wav::write(source, &args.output, args.bits, &mut tick);
        if let Some(e) = feed.take_error() {
            bar.finish_and_clear();
            return Err(s.located(e).into());
        }
        written.map_err(|e| {
            if let WavError::Interrupted { .. } = e {
                bar.finish_and_clear();
                return Fail::new(e, Exit::Interrupted);
            }
            Fail::input_with(e.hint(), e)
        })?
    };
    bar.finish_and_clear();
    if frames < total {
        // Only a stream stops short without an error: the reader has what was made.
        return Ok(Exit::Interrupted);
    }
    if let Some(path) = &args.captions {
        let caps = captions::captions(&s.timeline);
        let text = if path.extension().is_some_and(|e| e == "srt") {
            captions::srt(&caps)
        } else {
            captions::vtt(&caps)
        };
        out::write_atomically(path, text.as_bytes())?;
    }
    if to_stdout {
        // Standard output carries the audio; the summary would corrupt it.
        return Ok(Exit::Ok);
    }
    let secs = started.elapsed().as_secs_f64();
    let ring = frames.saturating_sub(s.timeline.length);
    out::print(&format!(
        "wrote {}: {} + {} ring-out, {} stereo {} Hz, {:.1} MB, in {:.2} s ({:.0}× real time)\n",
        args.output.display(),
        human(s.timeline.length),
        human(ring),
        args.bits.describe(),
        RATE,
        (frames * 2 * args.bits.bytes() + 44) as f64 / 1e6,
        secs,
        frames as f64 / f64::from(RATE) / secs.max(1e-9),
    ))?;
    Ok(Exit::Ok)
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write the audio to standard output")]
struct StdoutError(#[source] std::io::Error);
