//! The player without a terminal (output piped to a file or another program): no keys, no
//! drawing, one plain line when each step begins.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::mix::Controls;
use crate::session::Session;
use crate::timeline::time::clock;
use crate::util::text::inert;

use super::Ending;
use super::terminal::Signals;

const TICK: Duration = Duration::from_millis(100);
const STALL: Duration = Duration::from_secs(3);

pub fn run(session: &Session, c: &Controls, signals: &Signals) -> Ending {
    let t = &session.timeline;
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "{} · {}",
        inert(&session.script.title),
        crate::timeline::time::human(t.length)
    );
    let mut shown: Option<usize> = None;
    let mut last = (c.played(), Instant::now());
    loop {
        if signals.received() {
            return Ending::Interrupted;
        }
        if c.is_lost() {
            return Ending::DeviceLost;
        }
        let pos = c.position();
        let step = t.step_at(pos).filter(|_| pos < t.length);
        if step != shown {
            if let Some(i) = step {
                let s = &t.steps[i];
                let _ = writeln!(
                    out,
                    "{:>7}  {:<8} {}",
                    clock(s.start),
                    s.kind,
                    inert(&s.label)
                );
                let _ = out.flush();
            }
            shown = step;
        }
        if c.is_finished() {
            return Ending::Finished;
        }
        let played = c.played();
        if played != last.0 {
            last = (played, Instant::now());
        } else if last.1.elapsed() > STALL {
            return Ending::DeviceLost;
        }
        std::thread::sleep(TICK);
    }
}
