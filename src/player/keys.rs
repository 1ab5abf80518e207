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
}

pub fn action(key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return matches!(key.code, KeyCode::Char('c') | KeyCode::Char('d'))
            .then_some(Action::Interrupt);
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

#[cfg(test)]
mod tests {
    use super::*;

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
