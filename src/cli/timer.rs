//! `still timer [DURATION]`

use std::time::Duration;

use super::Exit;
use super::args::SitArgs;
use super::{Fail, sitting};
use crate::library::Origin;
use crate::player::Record;
use crate::script::values::{format_duration, parse_duration_in};
use crate::script::{BuiltinSound, NoFolder, SourceFile};
use crate::session;
use crate::timeline::time::duration_to_frames;

/// A plain meditation timer: a start bell, interval bells, an end bell
///
/// `still timer 20m --bells-every 5m`. Without a duration the sit is open: it shows the time
/// sat, and q rings the closing bells (a second q or Esc ends at once); the interval bells
/// keep ringing on time until then.
/// Played through the same mixer as any session and recorded in the journal.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// How long to sit, e.g. 20m or 1h 30m; leave out for an open sit
    #[arg(value_name = "DURATION")]
    duration: Option<String>,

    /// Ring a bell at every multiple of this, e.g. 5m
    #[arg(long, value_name = "D")]
    bells_every: Option<String>,

    /// The bell: bowl, rin, gong, chime or wood
    #[arg(long, value_name = "NAME", default_value = "bowl")]
    bell: String,

    /// An ambient bed under the sit: brown-noise, pink-noise, rain or ocean
    #[arg(long, value_name = "NAME")]
    ambient: Option<String>,

    /// Time to settle before the first bell
    #[arg(long, value_name = "D", default_value = "10s")]
    prep: String,

    #[command(flatten)]
    sit: SitArgs,
}

/// An open sit lasts at most this long: the 12-hour session limit, less the bells around it.
const OPEN_SIT: Duration = Duration::from_secs(12 * 3600 - 60);

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
    if duration.is_some_and(|d| d.is_zero()) {
        return Err(
            Fail::input("the timer's duration is zero").hint("give how long to sit, e.g. 20m")
        );
    }
    let every = args
        .bells_every
        .as_deref()
        .map(|d| dur("--bells-every", d, "m"))
        .transpose()?;
    if every.is_some_and(|d| d.is_zero()) {
        return Err(
            Fail::input("--bells-every is zero").hint("give the time between bells, e.g. 5m")
        );
    }
    let prep = dur("--prep", &args.prep, "s")?;
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
    let opts = args.sit.options(color, true, duration.is_none())?;

    let title = match duration {
        Some(d) => format!("Timer · {}", format_duration(d)),
        None => "Open sit".to_string(),
    };
    let text = script(
        &title,
        duration.unwrap_or(OPEN_SIT.saturating_sub(prep)),
        every,
        &args.bell,
        args.ambient.as_deref(),
        prep,
    );
    let found = crate::library::Found {
        source: SourceFile::new("timer", text),
        default_id: "timer".into(),
        folder: Box::new(NoFolder),
        origin: Origin::Builtin,
    };
    let s = session::prepare(found, &[])?;
    let record = Record {
        id: "timer",
        title: &title,
        prep: duration_to_frames(prep),
    };
    sitting::run(&s, &opts, record, "still timer")
}

/// The timer as a session script, made in memory and checked like any other.
fn script(
    title: &str,
    sit: Duration,
    every: Option<Duration>,
    bell: &str,
    ambient: Option<&str>,
    prep: Duration,
) -> String {
    let mut y = format!("format: still/1\ntitle: \"{title}\"\nid: timer\n");
    if let Some(a) = ambient {
        y.push_str(&format!("ambient: {{ sound: {a}, volume: -24dB }}\n"));
    }
    y.push_str("steps:\n");
    if !prep.is_zero() {
        y.push_str(&format!("  - pause: {}\n", format_duration(prep)));
    }
    y.push_str(&format!("  - bell: {bell}\n"));
    y.push_str(&format!("  - pause: {}\n", format_duration(sit)));
    if let Some(e) = every {
        y.push_str(&format!(
            "    bells_every: {}\n    interval_bell: {bell}\n",
            format_duration(e)
        ));
    }
    y.push_str(&format!("  - bell: {{ sound: {bell}, strikes: 3 }}\n"));
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timer_script_is_valid_and_places_its_bells() {
        let text = script(
            "Timer · 20m",
            Duration::from_secs(1200),
            Some(Duration::from_secs(300)),
            "rin",
            Some("rain"),
            Duration::from_secs(10),
        );
        let s = crate::script::parse(&SourceFile::new("timer", text), "timer", &NoFolder).unwrap();
        let t = crate::timeline::compile(&s, &[], &Default::default()).unwrap();
        let bells: Vec<u64> = t
            .events
            .iter()
            .filter(|e| e.kind.name() == "bell")
            .map(|e| e.frame / 48_000)
            .collect();
        // Start bell after 10 s of preparation, bells at 5, 10 and 15 minutes, three to close.
        assert_eq!(
            bells,
            [
                10,
                15 + 300,
                15 + 600,
                15 + 900,
                15 + 1200,
                15 + 1205,
                15 + 1210
            ]
        );
    }

    #[test]
    fn an_open_sit_fits_the_twelve_hour_limit() {
        let text = script(
            "Open sit",
            OPEN_SIT - Duration::from_secs(10),
            Some(Duration::from_secs(600)),
            "bowl",
            None,
            Duration::from_secs(10),
        );
        let s = crate::script::parse(&SourceFile::new("timer", text), "timer", &NoFolder).unwrap();
        assert!(crate::timeline::compile(&s, &[], &Default::default()).is_ok());
    }
}
