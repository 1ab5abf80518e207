//! The loop a person goes through for each line: the line on screen, space to record, a
//! short count-in, speak, space to stop, hear it back, keep or redo. Every kept take is
//! written at once (its clip, then the script), so quitting or a crash loses at most the
//! take in hand, and running `still record` again goes on from the first line without one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::edit::set_clip;
use super::lines::{SayLine, say_lines};
use super::mic::Mic;
use super::screen::{Stage, View, draw};
use super::take::{Warning, clip_path, judge, trim};
use super::{RecordError, folder_of, parse};
use crate::assets::ClipUse;
use crate::output::encode::write_mono_vorbis;
use crate::output::quiet::QuietStderr;
use crate::output::speaker::Speaker;
use crate::player::input::{Input, wait};
use crate::player::terminal::{Changes, RawTerminal};
use crate::util::signals::Signals;

/// oggenc's quality for takes: speech stays clear at about 100 kbit/s mono.
const QUALITY: f32 = 5.0;
/// The count-in: three beats half a second apart, then the take starts.
const BEATS: u32 = 3;
const BEAT_S: f64 = 0.5;
/// How often the screen follows the microphone.
const TICK: Duration = Duration::from_millis(40);

/// What to record.
pub struct Plan {
    pub path: PathBuf,
    /// Only this line (1-based), recorded again even if it has a clip.
    pub line: Option<usize>,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Each line recorded and the clip it was written to.
    pub recorded: Vec<(usize, String)>,
    /// Say lines still without a clip file.
    pub to_go: usize,
    /// Lines left out because they hold pauses, which a clip cannot.
    pub with_pauses: Vec<usize>,
    /// Lines passed over with `s`.
    pub skipped: Vec<usize>,
    /// Ended with `q`, Ctrl-C or a signal before the last line.
    pub stopped: bool,
}

/// The lines to record: `line` alone, or every line without a clip file.
pub fn lines_to_record(
    lines: &[SayLine],
    line: Option<usize>,
    folder: &Path,
) -> Result<Vec<usize>, RecordError> {
    if let Some(n) = line {
        let l = lines
            .get(n.wrapping_sub(1))
            .ok_or(RecordError::NoSuchLine {
                asked: n,
                count: lines.len(),
            })?;
        if l.pauses {
            return Err(RecordError::HasPauses(n));
        }
        return Ok(vec![n]);
    }
    Ok(lines
        .iter()
        .filter(|l| !l.pauses && !has_clip_file(l, folder))
        .map(|l| l.number)
        .collect())
}

fn has_clip_file(line: &SayLine, folder: &Path) -> bool {
    line.clip
        .as_ref()
        .is_some_and(|(p, _)| folder.join(p).is_file())
}

/// Records `plan`'s lines; the terminal is in raw mode for the while.
pub fn record(plan: &Plan, signals: &Signals) -> Result<Outcome, RecordError> {
    // A FIFO or a device in place of the script is refused rather than waited on.
    let read = |path: &Path| {
        let error = |source| RecordError::Read {
            path: path.to_path_buf(),
            source,
        };
        let mut text = String::new();
        crate::util::file::open_regular(path)
            .and_then(|mut f| std::io::Read::read_to_string(&mut f, &mut text))
            .map_err(error)?;
        Ok(text)
    };
    let mut text = read(&plan.path)?;
    let script = parse(&plan.path, &text)?;
    let mut lines = say_lines(&text, &script)?;
    let folder = folder_of(&plan.path);
    let todo = lines_to_record(&lines, plan.line, &folder)?;
    let mut outcome = Outcome {
        with_pauses: lines
            .iter()
            .filter(|l| l.pauses)
            .map(|l| l.number)
            .collect(),
        ..Outcome::default()
    };
    if todo.is_empty() {
        return Ok(outcome);
    }
    // ALSA's own messages would tear through the screen.
    let log = std::env::temp_dir().join(format!("still-record-{}.log", std::process::id()));
    let quiet = QuietStderr::to(log);
    let mic = Mic::open()?;
    let speaker = Speaker::open().map_err(RecordError::Speaker)?;
    let terminal = RawTerminal::enter().map_err(|_| RecordError::TerminalGone)?;
    let mut studio = Studio {
        mic,
        speaker,
        signals,
        changes: Changes::watch(),
        file: plan
            .path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        out: std::io::stdout(),
    };
    let result = (|| {
        for &number in &todo {
            let line = lines[number - 1].clone();
            match studio.one_line(&line, lines.len())? {
                Choice::Keep(kept) => {
                    let rate = studio.mic.rate;
                    let (new_text, clip) = save(&plan.path, &text, &lines, &line, &kept, rate)?;
                    text = new_text;
                    lines = say_lines(&text, &parse(&plan.path, &text)?)?;
                    outcome.recorded.push((number, clip));
                }
                Choice::Skip => outcome.skipped.push(number),
                Choice::Quit => {
                    outcome.stopped = true;
                    break;
                }
            }
        }
        Ok(())
    })();
    let _ = write!(
        studio.out,
        "{}",
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    );
    let _ = write!(studio.out, "{}", crossterm::cursor::MoveTo(0, 0));
    drop(terminal);
    drop(studio);
    drop(quiet);
    result?;
    outcome.to_go = lines
        .iter()
        .filter(|l| !l.pauses && !has_clip_file(l, &folder))
        .count();
    Ok(outcome)
}

enum Choice {
    Keep(Vec<f32>),
    Skip,
    Quit,
}

/// What a key asks for, wherever the recorder is.
#[derive(PartialEq)]
enum Ask {
    Go,
    Keep,
    Redo,
    Again,
    Skip,
    Quit,
}

fn ask(key: &KeyEvent) -> Option<Ask> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return matches!(key.code, KeyCode::Char('c') | KeyCode::Char('d')).then_some(Ask::Quit);
    }
    Some(match key.code {
        KeyCode::Char(' ') => Ask::Go,
        KeyCode::Enter | KeyCode::Char('k') => Ask::Keep,
        KeyCode::Char('r') => Ask::Redo,
        KeyCode::Char('p') => Ask::Again,
        KeyCode::Char('s') => Ask::Skip,
        KeyCode::Char('q') | KeyCode::Esc => Ask::Quit,
        _ => return None,
    })
}

struct Studio<'a> {
    mic: Mic,
    speaker: Speaker,
    signals: &'a Signals,
    changes: Changes,
    file: String,
    out: std::io::Stdout,
}

impl Studio<'_> {
    /// The keys pressed in the next tick; None when the terminal is gone.
    fn keys(&mut self) -> Result<Vec<Ask>, RecordError> {
        if self.signals.received() {
            return Ok(vec![Ask::Quit]);
        }
        match wait(TICK, None) {
            Input::Gone => Err(RecordError::TerminalGone),
            Input::Keys(keys) => Ok(keys.iter().filter_map(ask).collect()),
        }
    }

    fn show(
        &mut self,
        line: &SayLine,
        count: usize,
        stage: Stage,
        warnings: &[Warning],
        note: Option<&str>,
    ) {
        let view = View {
            file: &self.file,
            number: line.number,
            count,
            text: &line.text,
            stage,
            warnings,
            note,
        };
        let _ = draw(&mut self.out, &view);
    }

    fn one_line(&mut self, line: &SayLine, count: usize) -> Result<Choice, RecordError> {
        let rate = self.mic.rate;
        let max = (ClipUse::Say.max_minutes() * 60) as usize * rate as usize;
        'ready: loop {
            self.show(line, count, Stage::Ready, &[], None);
            loop {
                let keys = self.keys()?;
                if self.changes.resized() {
                    self.show(line, count, Stage::Ready, &[], None);
                }
                if keys.contains(&Ask::Quit) {
                    return Ok(Choice::Quit);
                }
                if keys.contains(&Ask::Skip) {
                    return Ok(Choice::Skip);
                }
                if keys.contains(&Ask::Go) || keys.contains(&Ask::Keep) {
                    break;
                }
            }
            // The count-in and the take, both counted in what the microphone delivered.
            let mut scratch = vec![];
            self.mic.take(&mut scratch);
            scratch.clear();
            let beat = (f64::from(rate) * BEAT_S) as usize;
            let count_in = beat * BEATS as usize;
            let tick: Arc<[f32]> = tick(rate).into();
            let mut heard = 0usize;
            let mut beats_sounded = 0;
            let mut _ticking = None;
            let mut take: Vec<f32> = vec![];
            let mut note = None;
            loop {
                let keys = self.keys()?;
                if keys.contains(&Ask::Quit) {
                    return Ok(Choice::Quit);
                }
                scratch.clear();
                self.mic.take(&mut scratch);
                if self.mic.lost() {
                    return Err(RecordError::MicrophoneLost);
                }
                let into_take = (heard + scratch.len()).saturating_sub(count_in.max(heard));
                take.extend_from_slice(&scratch[scratch.len() - into_take..]);
                heard += scratch.len();
                let recording = heard >= count_in;
                if !recording {
                    let due = heard / beat + 1;
                    if due > beats_sounded {
                        beats_sounded = due;
                        _ticking = Some(self.speaker.play(tick.clone(), rate));
                    }
                    let left = BEATS.saturating_sub((heard / beat) as u32);
                    self.show(line, count, Stage::CountIn(left.max(1)), &[], None);
                    continue;
                }
                if take.len() >= max {
                    take.truncate(max);
                    note = Some(
                        "two minutes is the longest a say clip may be; the take stopped there",
                    );
                    break;
                }
                let recent = &take[take.len().saturating_sub(rate as usize / 10)..];
                let peak = recent.iter().fold(0.0f32, |m, s| m.max(s.abs()));
                self.show(
                    line,
                    count,
                    Stage::Recording(take.len() as f64 / f64::from(rate), peak),
                    &[],
                    None,
                );
                if keys.contains(&Ask::Go) || keys.contains(&Ask::Keep) {
                    break;
                }
            }
            // What the device still holds of the moment space was pressed.
            self.mic.take(&mut take);
            let kept = trim(&take, rate);
            let warnings = judge(&kept);
            let len = kept.len() as f64 / f64::from(rate);
            let kept: Arc<[f32]> = kept.into();
            let mut play = !kept.is_empty();
            let mut shown = false;
            loop {
                if play {
                    play = false;
                    shown = false;
                    let playing = self.speaker.play(kept.clone(), rate);
                    while !playing.done() {
                        self.show(
                            line,
                            count,
                            Stage::Playing(playing.progress() * len, len),
                            &warnings,
                            note,
                        );
                        let keys = self.keys()?;
                        if keys.contains(&Ask::Quit) {
                            return Ok(Choice::Quit);
                        }
                        if keys.contains(&Ask::Go) {
                            break;
                        }
                    }
                }
                if !shown || self.changes.resized() {
                    shown = true;
                    self.show(line, count, Stage::Review(len), &warnings, note);
                }
                let keys = self.keys()?;
                for k in keys {
                    match k {
                        Ask::Keep if !kept.is_empty() => return Ok(Choice::Keep(kept.to_vec())),
                        Ask::Redo | Ask::Go => continue 'ready,
                        Ask::Again if !kept.is_empty() => play = true,
                        Ask::Skip => return Ok(Choice::Skip),
                        Ask::Quit => return Ok(Choice::Quit),
                        _ => {}
                    }
                }
            }
        }
    }
}

/// A soft 60 ms tick at 1 kHz for the count-in.
fn tick(rate: u32) -> Vec<f32> {
    let n = rate as usize * 60 / 1000;
    (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            let env = (std::f64::consts::PI * i as f64 / n as f64).sin();
            (0.25 * env * (2.0 * std::f64::consts::PI * 1000.0 * t).sin()) as f32
        })
        .collect()
}

/// Writes `kept` as `line`'s clip and sets the clip in the script: the clip first, so a
/// script never names a clip that is not there. Returns the new text and the clip's path.
fn save(
    path: &Path,
    text: &str,
    lines: &[SayLine],
    line: &SayLine,
    kept: &[f32],
    rate: u32,
) -> Result<(String, String), RecordError> {
    let folder = folder_of(path);
    let clip = clip_path(line.number, lines.len(), &line.text);
    let target = folder.join(&clip);
    let dir = target.parent().unwrap_or(&folder).to_path_buf();
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RecordError::Write { path, source }
    };
    std::fs::create_dir_all(&dir).map_err(write_err(&dir))?;
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(write_err(&dir))?;
    write_mono_vorbis(kept, rate, QUALITY, tmp.as_file_mut()).map_err(|source| {
        RecordError::Encode {
            path: target.clone(),
            source,
        }
    })?;
    tmp.persist(&target)
        .map_err(|e| write_err(&target)(e.error))?;

    let new_text = set_clip(text, line, &clip)?;
    // The edit is held to what it must be before the script is replaced: the same lines,
    // this one with its clip.
    let new_lines = say_lines(&new_text, &parse(path, &new_text)?)?;
    let same = new_lines.len() == lines.len()
        && new_lines.iter().zip(lines).all(|(a, b)| a.text == b.text)
        && new_lines[line.number - 1]
            .clip
            .as_ref()
            .is_some_and(|(p, _)| *p == clip);
    if !same {
        return Err(RecordError::Layout {
            line: line.say.start.line,
            why: "setting the clip would change the script's meaning".into(),
        });
    }
    let mut tmp = tempfile::NamedTempFile::new_in(&folder).map_err(write_err(&folder))?;
    tmp.write_all(new_text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(write_err(path))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path).map_err(|e| write_err(path)(e.error))?;
    // A take this line had before, under another name, that no line uses now.
    if let Some((old, _)) = &line.clip
        && *old != clip
        && old.starts_with("clips/")
        && !new_lines
            .iter()
            .any(|l| l.clip.as_ref().is_some_and(|(p, _)| p == old))
    {
        let _ = std::fs::remove_file(folder.join(old));
    }
    Ok((new_text, clip))
}
