//! The desktop notification of a sit that came to its end, when `notify = true`: for the
//! sitter whose terminal is out of sight, eyes closed.

use std::sync::mpsc;
use std::time::Duration;

use crate::desktop::notify::{self, Notice};
use crate::i18n::{Messages, id, text};

/// How long the end of a sit waits for the notification service before going on without
/// it: a hung bus must not hold the prompt back.
const WAIT: Duration = Duration::from_secs(2);

/// What the notification says: the session, then the lines the terminal printed.
pub fn finished(words: &Messages, title: &str, said: &str, milestone: Option<&str>) -> Notice {
    let mut body = said.to_string();
    if let Some(m) = milestone {
        body.push('\n');
        body.push_str(m);
    }
    Notice::new(
        words.get(id::NOTICE_COMPLETE, &[("title", text(title))]),
        body,
    )
}

/// Shows `notice`, waiting at most [`WAIT`]. Without a session bus or a notification
/// service nothing is shown and nothing is said: the terminal has said it already.
pub fn show(notice: Notice) {
    let (tx, rx) = mpsc::channel();
    let sent = std::thread::Builder::new()
        .name("still-notify".into())
        .spawn(move || {
            let _ = tx.send(notify::send(&notice));
        });
    if sent.is_ok() {
        let _ = rx.recv_timeout(WAIT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_names_the_session_and_says_what_the_terminal_said_issue_18() {
        let en = Messages::english();
        let n = finished(
            &en,
            "Box breathing",
            "5m 2s of stillness. Well done.",
            Some("A week in a row."),
        );
        assert_eq!(n.summary, "Box breathing: complete");
        assert_eq!(n.body, "5m 2s of stillness. Well done.\nA week in a row.");
        assert_eq!(
            finished(&en, "Timer", "10m of stillness. Well done.", None).body,
            "10m of stillness. Well done."
        );
        let fr = finished(
            &Messages::for_language("fr"),
            "Respiration carrée",
            "",
            None,
        );
        assert_eq!(fr.summary, "Respiration carrée\u{a0}: terminée");
    }
}
