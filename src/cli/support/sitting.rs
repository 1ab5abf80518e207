//! What `play` and `timer` share once their session is ready: the sit, and how it ended as
//! an exit code (0, 3 no audio, 130 interrupted).

use super::{Exit, Fail, practice};
use crate::player::{self, Ending, PlayError, PlayOptions, Record};
use crate::session::Session;

/// Sits `session` (see [`player::sit`]).
pub fn run(session: &Session, opts: &PlayOptions, record: Record<'_>) -> Result<Exit, Fail> {
    let home = practice::home()?;
    let sat = match player::sit(session, opts, record, &home) {
        Ok(sat) => sat,
        Err(PlayError::Session(e)) => return Err(e.into()),
        Err(PlayError::NoDevice { source, said }) => {
            let retry = without_sound(std::env::args().skip(1));
            let mut hint = format!("play without sound, with the visual pacer: {retry}");
            if let Some(first) = said.lines().find(|l| !l.trim().is_empty()) {
                hint = format!("{hint}\n  the audio system said: {}", first.trim());
            }
            return Err(Fail::new(source, Exit::NoAudio).hint(hint));
        }
        Err(PlayError::Cancelled) => return Ok(Exit::Interrupted),
        Err(PlayError::Journal(e)) => return Err(e.into()),
        Err(PlayError::Terminal(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            return Err(Fail::broken_pipe());
        }
        Err(e @ PlayError::Terminal(_)) => return Err(Fail::input(e)),
    };
    // The sit happened even if the journal cannot take it: say so, keep the exit code.
    if let Some(e) = sat.unrecorded {
        Fail::from(e).report();
    }
    Ok(match sat.ending {
        Ending::Interrupted => Exit::Interrupted,
        Ending::DeviceLost => {
            Fail::new(DeviceGone, Exit::NoAudio)
                .hint("the sit so far is in the journal; check the sound output and start again")
                .report();
            Exit::NoAudio
        }
        Ending::Finished | Ending::Quit => Exit::Ok,
    })
}

#[derive(Debug, thiserror::Error)]
#[error("the audio output stopped during the sit")]
struct DeviceGone;

/// The command as the user typed it (`args`, without the program), with `--output null`
/// in place of any `--output` it had: what to run when there is no sound card.
fn without_sound(args: impl Iterator<Item = String>) -> String {
    let mut words = vec!["still".to_string()];
    let mut args = args.peekable();
    while let Some(a) = args.next() {
        if a == "--output" {
            args.next();
        } else if !a.starts_with("--output=") {
            words.push(crate::util::text::shell_quoted(&a));
        }
    }
    words.push("--output null".into());
    words.join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_hint_repeats_the_command_as_typed_issue_14() {
        let args = |a: &[&str]| super::without_sound(a.iter().map(|s| s.to_string()));
        assert_eq!(
            args(&["timer", "20m", "--bells-every", "5m", "--bell", "rin"]),
            "still timer 20m --bells-every 5m --bell rin --output null"
        );
        assert_eq!(
            args(&["play", "My session.yaml", "--output", "device"]),
            "still play 'My session.yaml' --output null"
        );
        assert_eq!(
            args(&["play", "x", "--output=device", "--from", "3m"]),
            "still play x --from 3m --output null"
        );
    }
}
