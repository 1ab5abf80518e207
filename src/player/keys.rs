//! Keys while playing.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    TogglePause,
    NextStep,
    RestartStep,
    VolumeUp,
    VolumeDown,
    ToggleAmbient,
    ToggleCaptions,
    Quit,
    Interrupt,
    /// Ctrl-Z: pause, hand the terminal back to the shell, and draw again on `fg`.
    Suspend,
}

pub fn action(key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') | KeyCode::Char('d') => Some(Action::Interrupt),
            KeyCode::Char('z') => Some(Action::Suspend),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Char(' ') | KeyCode::Char('p') => Action::TogglePause,
        KeyCode::Right | KeyCode::Char('n') => Action::NextStep,
        KeyCode::Left | KeyCode::Char('b') => Action::RestartStep,
        KeyCode::Char('+') | KeyCode::Char('=') | KeyCode::Up => Action::VolumeUp,
        KeyCode::Char('-') | KeyCode::Char('_') | KeyCode::Down => Action::VolumeDown,
        KeyCode::Char('m') => Action::ToggleAmbient,
        KeyCode::Char('c') => Action::ToggleCaptions,
        KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
        _ => return None,
    })
}

const fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

const fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Every key the player answers, with what it does: the man page's KEYS section is made
/// from this, and a test holds it to [`action`].
pub const KEYS: &[(Action, &[KeyEvent], &str)] = &[
    (
        Action::TogglePause,
        &[key(KeyCode::Char(' ')), key(KeyCode::Char('p'))],
        "pause and resume, exactly where it was (paused time is not counted as practice); at a wait step, go on",
    ),
    (
        Action::NextStep,
        &[key(KeyCode::Right), key(KeyCode::Char('n'))],
        "skip to the next step (while paused, it stays paused there)",
    ),
    (
        Action::RestartStep,
        &[key(KeyCode::Left), key(KeyCode::Char('b'))],
        "go back to the start of this step (while paused, it stays paused there)",
    ),
    (
        Action::VolumeUp,
        &[
            key(KeyCode::Char('+')),
            key(KeyCode::Char('=')),
            key(KeyCode::Up),
        ],
        "volume up",
    ),
    (
        Action::VolumeDown,
        &[
            key(KeyCode::Char('-')),
            key(KeyCode::Char('_')),
            key(KeyCode::Down),
        ],
        "volume down",
    ),
    (
        Action::ToggleAmbient,
        &[key(KeyCode::Char('m'))],
        "ambient bed on / off",
    ),
    (
        Action::ToggleCaptions,
        &[key(KeyCode::Char('c'))],
        "captions on / off",
    ),
    (
        Action::Quit,
        &[key(KeyCode::Char('q')), key(KeyCode::Esc)],
        "end the sit (it still goes to your journal, as stopped early); in an open timer, ring the closing bells, and a second q or Esc ends at once",
    ),
    (
        Action::Interrupt,
        &[ctrl('c'), ctrl('d')],
        "stop at once, as an interrupt (exit status 130)",
    ),
    (
        Action::Suspend,
        &[ctrl('z')],
        "pause and suspend, with the terminal restored; fg brings the sit back, paused",
    ),
];

/// A key as a person would name it: `space`, `Right`, `Ctrl-C`, `q`.
pub fn name(key: &KeyEvent) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => {
            c.to_ascii_uppercase().to_string()
        }
        KeyCode::Char(c) => c.to_string(),
        other => other.to_string(),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #15: the keys the man page lists are the keys the player answers.
    #[test]
    fn issue_15_the_listed_keys_do_what_the_list_says() {
        for (act, keys, _) in KEYS {
            for k in *keys {
                assert_eq!(action(*k), Some(*act), "{}", name(k));
            }
        }
        // Every printable key the player answers is listed.
        for c in (' '..='~').map(KeyCode::Char).chain([
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Esc,
            KeyCode::Enter,
            KeyCode::Tab,
        ]) {
            for k in [key(c), KeyEvent::new(c, KeyModifiers::CONTROL)] {
                let listed = KEYS.iter().any(|(_, keys, _)| keys.contains(&k));
                assert_eq!(action(k).is_some(), listed, "{}", name(&k));
            }
        }
        assert_eq!(name(&ctrl('c')), "Ctrl-C");
        assert_eq!(name(&key(KeyCode::Char(' '))), "space");
    }

    #[test]
    fn the_documented_keys_map_to_their_actions() {
        let k = |c| action(KeyEvent::new(c, KeyModifiers::NONE));
        assert_eq!(k(KeyCode::Char(' ')), Some(Action::TogglePause));
        assert_eq!(k(KeyCode::Right), Some(Action::NextStep));
        assert_eq!(k(KeyCode::Left), Some(Action::RestartStep));
        assert_eq!(k(KeyCode::Char('+')), Some(Action::VolumeUp));
        assert_eq!(k(KeyCode::Char('-')), Some(Action::VolumeDown));
        assert_eq!(k(KeyCode::Char('m')), Some(Action::ToggleAmbient));
        assert_eq!(k(KeyCode::Char('c')), Some(Action::ToggleCaptions));
        assert_eq!(k(KeyCode::Char('q')), Some(Action::Quit));
        assert_eq!(k(KeyCode::Esc), Some(Action::Quit));
        assert_eq!(k(KeyCode::Char('x')), None);
        assert_eq!(
            action(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Interrupt)
        );
    }
}
