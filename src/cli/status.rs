//! `still status [--format TEMPLATE] [--json]`: one short line for tmux or a bar.

use serde_json::json;

use super::Exit;
use super::{Fail, out, practice};
use crate::journal::stats::{Stats, minutes};
use crate::player::status::{self, Published};
use crate::util::length::clock;

/// One short line for tmux or a status bar: the sit playing, else today's practice
///
/// While a sit plays: `▶ Box breathing 3:12 / 4:52` (⏸ while paused; an open sit shows its
/// time alone). Otherwise: `today 12 min`, and the days in a row when streaks are shown.
/// The player rewrites what it is doing once a second in the runtime folder; a file left by
/// a player that was killed is never shown as playing.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print JSON: state (playing, paused or idle), title, id, position_ms, length_ms,
    /// today_minutes, streak
    #[arg(long, conflicts_with = "format")]
    json: bool,

    /// The line from named fields: {icon} {state} {title} {id} {position} {length}
    /// {remaining} {today} {streak}; {{ and }} for braces. E.g. --format '{icon} {remaining}'
    #[arg(long, value_name = "TEMPLATE")]
    format: Option<String>,
}

/// The fields a template may name.
const FIELDS: [&str; 9] = [
    "icon",
    "state",
    "title",
    "id",
    "position",
    "length",
    "remaining",
    "today",
    "streak",
];

pub fn run(args: Args) -> Result<Exit, Fail> {
    let home = practice::home()?;
    let config = practice::config(&home)?;
    let playing = status::read(&home.runtime().join(status::FILE));
    // Today's figures are read only when they are shown: a playing sit's line is quick.
    let needs_today = args.json
        || args
            .format
            .as_deref()
            .is_some_and(|f| f.contains("{today}") || f.contains("{streak}"))
        || playing.is_none();
    let today = if needs_today {
        let date = crate::journal::day::today(&practice::now(), &config);
        let tallies = practice::tallies(&home, &config)?;
        let today_ms = tallies
            .iter()
            .filter(|t| t.date == date)
            .map(|t| t.practiced_ms)
            .sum();
        let stats = Stats::from_tallies(tallies, &config, date);
        Some(Today {
            minutes: minutes(today_ms),
            streak: config.streaks.then_some(stats.current_streak),
        })
    } else {
        None
    };
    let figures = Figures {
        playing,
        today: today.unwrap_or_default(),
    };
    if args.json {
        out::print_json(&figures.json())?;
        return Ok(Exit::Ok);
    }
    let line = match &args.format {
        Some(template) => render(template, &figures)?,
        None => figures.line(),
    };
    out::print(&format!("{line}\n"))?;
    Ok(Exit::Ok)
}

#[derive(Debug, Default, Clone, Copy)]
struct Today {
    minutes: u64,
    /// Days in a row, when streaks are shown.
    streak: Option<u32>,
}

struct Figures {
    playing: Option<Published>,
    today: Today,
}

impl Figures {
    fn line(&self) -> String {
        match &self.playing {
            Some(p) => {
                let time = match p.length_ms {
                    Some(len) => format!("{} / {}", clock(p.position_ms), clock(len)),
                    None => clock(p.position_ms),
                };
                format!("{} {} {time}", icon(p), p.title)
            }
            None => {
                let mut line = format!("today {} min", self.today.minutes);
                if let Some(n) = self.today.streak.filter(|&n| n > 0) {
                    line.push_str(&format!(" · {n} {} in a row", days(n)));
                }
                line
            }
        }
    }

    fn field(&self, name: &str) -> String {
        let p = self.playing.as_ref();
        match name {
            "icon" => p.map_or(String::new(), |p| icon(p).into()),
            "state" => p.map_or("idle".into(), |p| p.state.clone()),
            "title" => p.map_or(String::new(), |p| p.title.clone()),
            "id" => p.map_or(String::new(), |p| p.id.clone()),
            "position" => p.map_or(String::new(), |p| clock(p.position_ms)),
            "length" => p.and_then(|p| p.length_ms).map_or(String::new(), clock),
            "remaining" => p
                .and_then(|p| p.length_ms.map(|l| clock(l.saturating_sub(p.position_ms))))
                .unwrap_or_default(),
            "today" => format!("{} min", self.today.minutes),
            "streak" => self.today.streak.map_or(String::new(), |n| n.to_string()),
            _ => unreachable!("checked by render"),
        }
    }

    fn json(&self) -> serde_json::Value {
        let p = self.playing.as_ref();
        json!({
            "state": p.map_or("idle", |p| p.state.as_str()),
            "title": p.map(|p| &p.title),
            "id": p.map(|p| &p.id),
            "position_ms": p.map(|p| p.position_ms),
            "length_ms": p.and_then(|p| p.length_ms),
            "today_minutes": self.today.minutes,
            "streak": self.today.streak,
        })
    }
}

fn icon(p: &Published) -> &'static str {
    if p.state == "paused" { "⏸" } else { "▶" }
}

fn days(n: u32) -> &'static str {
    if n == 1 { "day" } else { "days" }
}

/// Fills `template`'s `{field}`s; an unknown or unclosed one is an error naming it.
fn render(template: &str, f: &Figures) -> Result<String, Fail> {
    let hint = || {
        format!(
            "the fields are {}",
            FIELDS.map(|n| format!("{{{n}}}")).join(" ")
        )
    };
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if let Some(after) = tail.strip_prefix('{') {
            let Some(end) = after.find('}') else {
                return Err(Fail::input(format!(
                    "--format: '{{' without its '}}' in '{template}'"
                ))
                .hint(hint()));
            };
            let name = &after[..end];
            if !FIELDS.contains(&name) {
                return Err(Fail::input(format!("--format: no field '{{{name}}}'")).hint(hint()));
            }
            out.push_str(&f.field(name));
            rest = &after[end + 1..];
        } else {
            return Err(Fail::input(format!(
                "--format: a lone '}}' in '{template}'; write '}}}}' for a brace"
            )));
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn playing(state: &str, length_ms: Option<u64>) -> Figures {
        Figures {
            playing: Some(Published {
                pid: 1,
                state: state.into(),
                title: "Box breathing".into(),
                id: "box-breathing".into(),
                position_ms: 192_400,
                length_ms,
                updated_ms: 0,
            }),
            today: Today {
                minutes: 12,
                streak: Some(4),
            },
        }
    }

    #[test]
    fn lines_for_each_state_issue_18() {
        assert_eq!(
            playing("playing", Some(292_000)).line(),
            "▶ Box breathing 3:12 / 4:52"
        );
        assert_eq!(
            playing("paused", Some(292_000)).line(),
            "⏸ Box breathing 3:12 / 4:52"
        );
        assert_eq!(playing("playing", None).line(), "▶ Box breathing 3:12");
        let idle = |streak| Figures {
            playing: None,
            today: Today {
                minutes: 12,
                streak,
            },
        };
        assert_eq!(idle(Some(4)).line(), "today 12 min · 4 days in a row");
        assert_eq!(idle(Some(0)).line(), "today 12 min");
        assert_eq!(idle(None).line(), "today 12 min");
    }

    #[test]
    fn templates_name_their_fields_issue_18() {
        let f = playing("playing", Some(292_000));
        assert_eq!(
            render("{icon} {remaining} left · {{{id}}}", &f)
                .ok()
                .unwrap(),
            "▶ 1:39 left · {box-breathing}"
        );
        assert_eq!(render("{today}, {streak}", &f).ok().unwrap(), "12 min, 4");
        assert!(render("{titel}", &f).is_err());
        assert!(render("{title", &f).is_err());
        assert!(render("a } b", &f).is_err());
    }
}
