//! `still timer [DURATION]`

use std::time::Duration;

use super::Exit;
use super::args::SitArgs;
use super::{Fail, file_format, sitting};
use crate::library::Origin;
use crate::output::encode::Format;
use crate::player::Record;
use crate::script::values::{DEFAULT_STRIKE_EVERY, format_duration, parse_duration_in};
use crate::script::{BuiltinSound, NoFolder, SourceFile};
use crate::session::{self, SessionError};
use crate::timeline::time::duration_to_frames;

/// A plain meditation timer: an opening bell, interval bells, closing bells
///
/// `still timer 20m --bells-every 5m`. DURATION runs from the opening bell's strike to the
/// first strike of the closing bells; interval bells ring at every multiple of
/// --bells-every counted from the opening strike, strictly before the end. The preparation
/// before the opening bell is not practice, and the journal plans DURATION. Without a
/// duration the sit is open: it shows the time sat, and q rings the closing bells (a second
/// q or Esc ends at once). `--script` prints the timer as a session script, to save, check,
/// render or share; `-o FILE` renders it to a file instead of playing it (.opus, .ogg,
/// .mp3, .flac or .wav, as `still render` writes them).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// How long to sit, e.g. 20m or 1h 30m; leave out for an open sit
    #[arg(value_name = "DURATION")]
    duration: Option<String>,

    /// Ring a bell at every multiple of this after the opening bell, e.g. 5m
    #[arg(long, value_name = "D")]
    bells_every: Option<String>,

    /// The bell: bowl, rin, gong, chime or wood
    #[arg(long, value_name = "NAME", default_value = "bowl")]
    bell: String,

    /// An ambient bed under the sit: brown-noise, pink-noise, rain or ocean
    #[arg(long, value_name = "NAME")]
    ambient: Option<String>,

    /// Time to settle before the opening bell (not counted as practice)
    #[arg(long, value_name = "D", default_value = "10s")]
    prep: String,

    /// Print the session script this timer plays, instead of playing it
    #[arg(long)]
    script: bool,

    /// Render the timer to this file instead of playing it: .opus, .ogg, .mp3, .flac or
    /// .wav, or - for standard output (with --format)
    #[arg(
        short = 'o',
        long = "file",
        value_name = "FILE",
        conflicts_with = "script"
    )]
    file: Option<std::path::PathBuf>,

    /// With -o: what to write, whatever the file's name
    #[arg(long, value_enum, value_name = "FORMAT", requires = "file")]
    format: Option<Format>,

    /// With -o: the encoder's setting, as `still render --quality` takes it
    #[arg(long, value_name = "Q", allow_hyphen_values = true, requires = "file")]
    quality: Option<String>,

    #[command(flatten)]
    sit: SitArgs,
}

/// The longest session, preparation and closing bells included.
const MAX_TOTAL: Duration = Duration::from_secs(12 * 3600);
/// The closing bells: three strikes, each a bell step's length apart.
const CLOSING_STRIKES: u32 = 3;
const CLOSING: Duration = Duration::from_secs(DEFAULT_STRIKE_EVERY.as_secs() * 3);
/// The most interval bells a timer rings: each is a step of its own.
const MAX_BELLS: u64 = 10_000;
const MAX_REPEAT: u64 = crate::script::MAX_REPEAT as u64;

pub fn run(args: Args, color: bool) -> Result<Exit, Fail> {
    // A bare number is refused, with the unit it most likely means there: minutes for how
    // long to sit and between bells, seconds for the preparation.
    let dur = |flag: &str, text: &str, unit: &str| {
        parse_duration_in(text, unit).map_err(|e| {
            Fail::input(format!("{flag} '{text}' is not a duration: {e}"))
                .hint("write durations like 30s, 20m, 1h 30m or 25:00")
        })
    };
    let duration = args
        .duration
        .as_deref()
        .map(|d| dur("DURATION", d, "m"))
        .transpose()?;
    let every = args
        .bells_every
        .as_deref()
        .map(|d| dur("--bells-every", d, "m"))
        .transpose()?;
    let prep = dur("--prep", &args.prep, "s")?;
    let plan = Plan::new(duration, every, prep)?;
    if BuiltinSound::bell(&args.bell).is_none() {
        return Err(Fail::input(format!("--bell '{}' is not a bell", args.bell))
            .hint("the bells are bowl, rin, gong, chime and wood"));
    }
    if let Some(a) = &args.ambient
        && BuiltinSound::bed(a).is_none()
    {
        return Err(
            Fail::input(format!("--ambient '{a}' is not an ambient bed"))
                .hint("the beds are brown-noise, pink-noise, rain and ocean"),
        );
    }

    let title = match duration {
        Some(d) => format!("Timer · {}", format_duration(d)),
        None => "Open sit".to_string(),
    };
    let text = script(&title, &plan, &args.bell, args.ambient.as_deref());
    if args.script {
        print!("{text}");
        return Ok(Exit::Ok);
    }
    let found = crate::library::Found {
        source: SourceFile::new("timer", text),
        default_id: "timer".into(),
        folder: Box::new(NoFolder),
        origin: Origin::Builtin,
        language: crate::util::language::ENGLISH.to_string(),
    };
    if let Some(path) = &args.file {
        if duration.is_none() {
            return Err(
                Fail::input("an open sit has no end, so it cannot be rendered")
                    .hint("give how long to sit, e.g. `still timer 20m -o sit.opus`"),
            );
        }
        let s = session::prepare(found, &[]).map_err(unbuilt)?;
        return render(&s, path, args.format, args.quality.as_deref());
    }
    let mut opts = args.sit.options(color, true, duration.is_none())?;
    // A timer says nothing of its own, so its screen speaks the sitter's language; a
    // config.toml with an error is said when the sit reads it.
    let config = super::practice::home()
        .ok()
        .and_then(|h| crate::home::config::Config::load(&h).ok())
        .unwrap_or_default();
    opts.words = crate::i18n::Messages::for_language(&config.sitter_language());
    let s = session::prepare(found, &[]).map_err(unbuilt)?;
    let from = duration_to_frames(plan.prep);
    let record = Record {
        id: "timer",
        title: &title,
        practice: from..from + duration_to_frames(plan.sit),
        language: None,
    };
    sitting::run(&s, &opts, record)
}

/// Renders the timer's session to `path`, as `still render` would.
fn render(
    s: &session::Session,
    path: &std::path::Path,
    format: Option<Format>,
    quality: Option<&str>,
) -> Result<Exit, Fail> {
    use super::render::{File, Written, summary, write_mix};
    let started = std::time::Instant::now();
    let audio = super::target::Target::resolve("-o", path)?;
    let home = super::home();
    audio.refuse(&super::target::session_inputs(s, home.as_ref()))?;
    let (format, quality) = file_format::choose(path, format, quality)?;
    let signals = crate::util::signals::Signals::watch();
    let file = File {
        format,
        quality,
        bits: crate::output::wav::Bits::I16,
    };
    let (frames, bytes) = match write_mix(s, &audio, file, &signals, || Ok(()))? {
        Written::Frames(frames, bytes) => (frames, bytes),
        Written::Stopped => return Ok(Exit::Interrupted),
    };
    if !audio.is_stdout() {
        let ring = frames.saturating_sub(s.timeline.length);
        let secs = started.elapsed().as_secs_f64();
        super::out::done(&summary(path, s, file, frames, bytes, ring, secs));
    }
    Ok(Exit::Ok)
}

/// What the timer plays, checked in the timer's own terms before any script is made.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Plan {
    prep: Duration,
    /// From the opening strike to the first closing strike.
    sit: Duration,
    every: Option<Duration>,
}

impl Plan {
    fn new(
        duration: Option<Duration>,
        every: Option<Duration>,
        prep: Duration,
    ) -> Result<Plan, Fail> {
        let longest = MAX_TOTAL.saturating_sub(prep + CLOSING);
        if prep + CLOSING >= MAX_TOTAL {
            return Err(Fail::input(format!(
                "--prep {} leaves no time to sit: a timer lasts at most 12h",
                format_duration(prep)
            ))
            .hint("give a shorter preparation, e.g. --prep 30s"));
        }
        let sit = match duration {
            Some(d) if d.is_zero() => {
                return Err(Fail::input("the timer's duration is zero")
                    .hint("give how long to sit, e.g. 20m"));
            }
            Some(d) if d > longest => {
                return Err(Fail::input(format!(
                    "a timer lasts at most 12h; {} is longer",
                    format_duration(d)
                ))
                .hint(format!(
                    "with {} of preparation and {} of closing bells, DURATION can be up to {}",
                    format_duration(prep),
                    format_duration(CLOSING),
                    format_duration(longest)
                )));
            }
            Some(d) => d,
            // An open sit fills the 12-hour limit; q closes it.
            None => longest,
        };
        if let Some(e) = every {
            if e.is_zero() {
                return Err(Fail::input("--bells-every is zero")
                    .hint("give the time between bells, e.g. 5m"));
            }
            if sit.as_nanos().div_ceil(e.as_nanos()) > u128::from(MAX_BELLS) {
                return Err(Fail::input(format!(
                    "--bells-every {} rings more than {MAX_BELLS} bells in {}",
                    format_duration(e),
                    format_duration(sit)
                ))
                .hint("give a longer time between bells, e.g. --bells-every 5m"));
            }
        }
        Ok(Plan { prep, sit, every })
    }

    /// The lengths from one strike to the next, from the opening strike to the closing
    /// bells: every `every`, and what is left before the end.
    fn gaps(&self) -> (u64, Duration, Option<Duration>) {
        let Some(e) = self.every.filter(|e| *e < self.sit) else {
            return (0, self.sit, None);
        };
        let n = self.sit.as_nanos().div_ceil(e.as_nanos());
        let whole = u64::try_from(n - 1).unwrap_or(u64::MAX);
        let last = self.sit - e * u32::try_from(whole).unwrap_or(u32::MAX);
        (whole, e, Some(last))
    }
}

/// A residual error from building the timer's script, said without the script's location:
/// the user wrote a command, not a file.
fn unbuilt(e: SessionError) -> Fail {
    let what = match &e {
        SessionError::Script(d) => d
            .items
            .first()
            .map_or_else(|| e.to_string(), |i| i.message.clone()),
        other => other.to_string(),
    };
    Fail::input(format!("this timer cannot be played: {what}"))
        .hint("try a shorter DURATION or fewer interval bells")
}

/// The timer as a session script, made in memory and checked like any other. Each strike is
/// a bell step followed by the silence up to the next one, so the screen names the pause.
fn script(title: &str, plan: &Plan, bell: &str, ambient: Option<&str>) -> String {
    let mut y = format!("format: still/1\ntitle: \"{title}\"\nid: timer\n");
    if let Some(a) = ambient {
        y.push_str(&format!("ambient: {{ sound: {a}, volume: -24dB }}\n"));
    }
    y.push_str("steps:\n");
    if !plan.prep.is_zero() {
        y.push_str(&format!("  - pause: {}\n", format_duration(plan.prep)));
    }
    let (whole, every, last) = plan.gaps();
    // A repeat counts to 1000 at most: more strikes nest one inside another.
    let (thousands, rest) = (whole / MAX_REPEAT, whole % MAX_REPEAT);
    match thousands {
        0 => {}
        1 => repeat(&mut y, "  ", MAX_REPEAT, bell, every),
        n => {
            y.push_str(&format!("  - repeat: {n}\n    steps:\n"));
            repeat(&mut y, "      ", MAX_REPEAT, bell, every);
        }
    }
    repeat(&mut y, "  ", rest, bell, every);
    strike(&mut y, "  ", bell, last.unwrap_or(every));
    y.push_str(&format!(
        "  - bell: {{ sound: {bell}, strikes: {CLOSING_STRIKES} }}\n"
    ));
    y
}

/// `n` strikes of `bell`, `gap` apart.
fn repeat(y: &mut String, indent: &str, n: u64, bell: &str, gap: Duration) {
    match n {
        0 => {}
        1 => strike(y, indent, bell, gap),
        n => {
            y.push_str(&format!("{indent}- repeat: {n}\n{indent}  steps:\n"));
            strike(y, &format!("{indent}    "), bell, gap);
        }
    }
}

/// One strike of `bell`, and silence until `gap` after it.
fn strike(y: &mut String, indent: &str, bell: &str, gap: Duration) {
    if gap <= DEFAULT_STRIKE_EVERY {
        y.push_str(&format!(
            "{indent}- bell: {{ sound: {bell}, every: {} }}\n",
            format_duration(gap)
        ));
    } else {
        y.push_str(&format!("{indent}- bell: {bell}\n"));
        y.push_str(&format!(
            "{indent}- pause: {}\n",
            format_duration(gap - DEFAULT_STRIKE_EVERY)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bells(plan: &Plan) -> Vec<u64> {
        let text = script("Timer", plan, "rin", Some("rain"));
        let s = crate::script::parse(&SourceFile::new("timer", text), "timer", &NoFolder).unwrap();
        let t = crate::timeline::compile(&s, &[], &Default::default()).unwrap();
        t.events
            .iter()
            .filter(|e| e.kind.name() == "bell")
            .map(|e| e.frame)
            .collect()
    }

    const S: u64 = 48_000;

    #[test]
    fn the_timer_counts_from_the_opening_strike_issue_14() {
        let secs = Duration::from_secs;
        let plan = Plan::new(Some(secs(60)), Some(secs(20)), secs(10))
            .ok()
            .unwrap();
        // Opening at 10 s, intervals 20 s and 40 s after it, closing 60 s after it.
        assert_eq!(
            bells(&plan),
            [10, 30, 50, 70, 75, 80].map(|s| s * S).to_vec()
        );
        // A duration that is no multiple: the last interval bell is still strictly before
        // the end, and a duration that is one rings no bell at the end itself.
        let plan = Plan::new(Some(secs(70)), Some(secs(20)), secs(0))
            .ok()
            .unwrap();
        assert_eq!(bells(&plan), [0, 20, 40, 60, 70, 75, 80].map(|s| s * S));
        let plan = Plan::new(Some(secs(3)), Some(secs(1)), secs(2))
            .ok()
            .unwrap();
        assert_eq!(bells(&plan), [2, 3, 4, 5, 10, 15].map(|s| s * S));
        let plan = Plan::new(Some(secs(1200)), None, secs(10)).ok().unwrap();
        assert_eq!(bells(&plan), [10, 1210, 1215, 1220].map(|s| s * S));
        let plan = Plan::new(Some(Duration::from_millis(61_500)), Some(secs(30)), secs(0));
        assert_eq!(
            bells(&plan.ok().unwrap()),
            [0, 30_000, 60_000, 61_500, 66_500, 71_500].map(|ms| ms * 48)
        );
    }

    #[test]
    fn a_timer_refuses_what_it_cannot_play_in_its_own_terms_issue_14() {
        let secs = Duration::from_secs;
        // The messages are checked through the binary, in tests/play.rs.
        assert!(Plan::new(Some(secs(13 * 3600)), None, secs(10)).is_err());
        assert!(Plan::new(Some(secs(43_175)), None, secs(10)).is_ok());
        assert!(Plan::new(Some(secs(43_176)), None, secs(10)).is_err());
        assert!(Plan::new(Some(secs(3600)), Some(Duration::from_millis(10)), secs(10)).is_err());
        assert!(Plan::new(Some(secs(0)), None, secs(10)).is_err());
        assert!(Plan::new(Some(secs(60)), Some(secs(0)), secs(10)).is_err());
    }

    #[test]
    fn an_open_sit_fits_the_twelve_hour_limit() {
        let plan = Plan::new(None, Some(Duration::from_secs(5)), Duration::from_secs(10))
            .ok()
            .unwrap();
        let text = script("Open sit", &plan, "bowl", None);
        let s = crate::script::parse(&SourceFile::new("timer", text), "timer", &NoFolder).unwrap();
        let t = crate::timeline::compile(&s, &[], &Default::default()).unwrap();
        assert_eq!(t.length, 12 * 3600 * S);
        let bells = t.events.iter().filter(|e| e.kind.name() == "bell").count();
        // Every 5 s from the opening strike, 3 closing strikes.
        assert_eq!(bells, (12 * 3600 - 10 - 15) / 5 + 3);
    }
}
