//! Commands from outside the terminal (media keys, `playerctl`, a desktop widget, over
//! MPRIS) turned into the actions the keys have, so they steer the sit exactly as the keys
//! do: the screen and the plain lines read them in the same loop as the keys, woken at once
//! by a byte on a socket pair.

use std::io::{Read, Write};
use std::ops::Range;
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex, mpsc};

use crate::desktop::mpris::{self, Command, Mpris, Now, Track};
use crate::mix::Controls;
use crate::session::Session;
use crate::timeline::time::frames_to_duration;

use super::keys::Action;

/// What comes in from the bus while a sit plays.
pub struct Remote {
    commands: mpsc::Receiver<Command>,
    wake: Option<UnixStream>,
    /// On the bus while the sit plays; off the bus when the remote is dropped.
    _mpris: Option<Mpris>,
}

/// The sit as the bus sees it and asks it.
struct Bridge {
    controls: Arc<Controls>,
    /// The frame the track's clock counts from (a timer's opening bell).
    from: u64,
    commands: Mutex<mpsc::Sender<Command>>,
    wake: UnixStream,
}

impl mpris::Sit for Bridge {
    fn now(&self) -> Now {
        let c = &self.controls;
        let at = frames_to_duration(c.position().saturating_sub(self.from));
        Now {
            paused: c.is_paused(),
            position_us: i64::try_from(at.as_micros()).unwrap_or(i64::MAX),
            volume: f64::from(c.volume()),
        }
    }

    fn ask(&self, command: Command) {
        let sent = self
            .commands
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(command);
        if sent.is_ok() {
            // Non-blocking: a full socket already holds a wake-up.
            let _ = (&self.wake).write(&[1]);
        }
    }
}

impl Remote {
    /// Puts the sit of `session` on the bus; `practice` is what its clock counts, as the
    /// screen counts it (the whole session, or a timer's DURATION).
    pub fn start(
        session: &Session,
        open_ended: bool,
        practice: &Range<u64>,
        controls: Arc<Controls>,
    ) -> Remote {
        let (tx, commands) = mpsc::channel();
        let pair = UnixStream::pair().and_then(|(a, b)| {
            a.set_nonblocking(true)?;
            b.set_nonblocking(true)?;
            Ok((a, b))
        });
        let Ok((wake, waker)) = pair else {
            // No socket pair: nothing could wake the sit, so nothing is offered on the bus.
            return Remote {
                commands,
                wake: None,
                _mpris: None,
            };
        };
        let us = |frames: u64| i64::try_from(frames_to_duration(frames).as_micros()).ok();
        let track = Track {
            id: session.script.id.clone(),
            title: session.script.title.clone(),
            artist: session.script.author.clone(),
            length_us: if open_ended {
                None
            } else {
                us(practice.end - practice.start)
            },
            steps: !open_ended,
        };
        let bridge = Bridge {
            controls,
            from: practice.start,
            commands: Mutex::new(tx),
            wake: waker,
        };
        Remote {
            commands,
            wake: Some(wake),
            _mpris: Some(Mpris::start(track, Arc::new(bridge))),
        }
    }

    /// What to poll beside the keys: readable when a command has come.
    pub fn wake(&self) -> Option<BorrowedFd<'_>> {
        self.wake.as_ref().map(|w| w.as_fd())
    }

    /// The commands that have come, as the keys' actions; `paused` is the sit now, so that
    /// Play and Pause toggle only when they change something.
    pub fn actions(&self, mut paused: bool) -> Vec<Action> {
        let mut bytes = [0u8; 64];
        if let Some(mut wake) = self.wake.as_ref() {
            while matches!(wake.read(&mut bytes), Ok(n) if n > 0) {}
        }
        let mut actions = vec![];
        for command in self.commands.try_iter() {
            match command {
                Command::PlayPause => {
                    actions.push(Action::TogglePause);
                    paused = !paused;
                }
                Command::Play | Command::Pause => {
                    let want = command == Command::Pause;
                    if paused != want {
                        actions.push(Action::TogglePause);
                        paused = want;
                    }
                }
                Command::Next => actions.push(Action::NextStep),
                Command::Previous => actions.push(Action::RestartStep),
                // Stop is q: an open timer rings its closing bells first.
                Command::Stop => actions.push(Action::Quit),
                // Quit ends the sit now, as q twice does an open timer (once ends any other).
                Command::Quit => actions.extend([Action::Quit, Action::Quit]),
            }
        }
        actions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(commands: &[Command], paused: bool) -> Vec<Action> {
        let (tx, rx) = mpsc::channel();
        for c in commands {
            tx.send(*c).unwrap();
        }
        let remote = Remote {
            commands: rx,
            wake: None,
            _mpris: None,
        };
        remote.actions(paused)
    }

    #[test]
    fn play_and_pause_toggle_only_what_they_change_issue_18() {
        assert_eq!(asked(&[Command::Pause], false), [Action::TogglePause]);
        assert!(asked(&[Command::Pause], true).is_empty());
        assert!(asked(&[Command::Play], false).is_empty());
        assert_eq!(asked(&[Command::Play], true), [Action::TogglePause]);
        // Each follows the one before it, not the sit as it was.
        assert_eq!(
            asked(&[Command::Pause, Command::Pause, Command::Play], false),
            [Action::TogglePause, Action::TogglePause]
        );
        assert_eq!(
            asked(&[Command::PlayPause, Command::Play], false),
            [Action::TogglePause, Action::TogglePause]
        );
    }

    #[test]
    fn the_other_commands_are_the_keys_issue_18() {
        assert_eq!(
            asked(&[Command::Next, Command::Previous, Command::Stop], false),
            [Action::NextStep, Action::RestartStep, Action::Quit]
        );
        // Quit ends even an open timer at once: q twice.
        assert_eq!(asked(&[Command::Quit], false), [Action::Quit, Action::Quit]);
    }
}
