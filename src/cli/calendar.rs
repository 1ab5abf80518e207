//! `still calendar [--months N]`

use super::Exit;
use super::{Fail, out, practice};
use crate::journal::calendar;

/// A heat map of the last months: one square a day, shaded by minutes practised
///
/// Shades are characters (· ░ ▒ ▓ █), so the map reads without colour too.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// How many months to show, this one included (1 to 24)
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(calendar::MAX_MONTHS)))]
    months: u32,

    /// End the map at this day: YYYY-MM-DD, yesterday or a weekday (default: today)
    #[arg(long, value_name = "DAY")]
    as_of: Option<String>,
}

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = practice::home()?;
    let config = practice::config(&home)?;
    let today = practice::as_of(args.as_of.as_deref(), &practice::now(), &config)?;
    let entries = practice::entries(&home, &config)?;
    out::print(&calendar::render(
        &entries,
        today,
        args.months,
        config.min_minutes,
        &practice::words(&config),
    ))?;
    Ok(Exit::Ok)
}
