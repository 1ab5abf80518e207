//! Text made safe and cut to fit: the player's screen, tables, and the voice engine's
//! messages.

use std::borrow::Cow;

/// `text` with every control character taken out, so that a terminal shows it rather than
/// acting on it (an escape sequence could retitle the window or clear the screen). Line
/// breaks are kept for text that is wrapped; a tab becomes a space.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' => Some('\n'),
                '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// The first control character in `text` that a text field may not hold (line breaks and
/// tabs may), with its place in characters.
pub fn first_control(text: &str) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|&(_, c)| c.is_control() && c != '\n' && c != '\t')
}

/// The words of `text`: runs of characters between spaces. A no-break space (French
/// typography's before `?` and inside « », U+00A0 and U+202F) is part of a word, so
/// `vous ?` is one word and is never split at the end of a line.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() && !is_no_break(c))
        .filter(|w| !w.is_empty())
}

fn is_no_break(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// `text` on one line, control characters taken out, cut to `max` characters with '…' when
/// cut.
pub fn truncate(text: &str, max: usize) -> String {
    let one_line: String = words(&inert(text)).collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    // "breathe…", not "breathe …".
    format!("{}…", cut.trim_end())
}

/// `word` as one shell word, quoted only when it needs to be: paths in the commands still
/// prints for a user to paste.
pub fn shell_quoted(word: &str) -> String {
    shlex::try_quote(word).map_or_else(|_| word.to_string(), |q| q.into_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_break_spaces_hold_words_together_issue_20() {
        let french = "Où le sentez-vous\u{202f}? Le «\u{a0}nez\u{a0}».";
        assert_eq!(
            super::words(french).collect::<Vec<_>>(),
            [
                "Où",
                "le",
                "sentez-vous\u{202f}?",
                "Le",
                "«\u{a0}nez\u{a0}»."
            ]
        );
        assert_eq!(super::truncate(french, 100), french);
        assert_eq!(super::words(" a\tb\n").count(), 2);
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(super::truncate("a  b\nc", 10), "a b c");
        assert_eq!(super::truncate("abcdef", 4), "abc…");
        assert_eq!(super::truncate("ab cdef", 4), "ab…");
    }

    /// Issue #21: escape sequences in a title or caption reach the terminal as plain text.
    #[test]
    fn control_characters_are_taken_out_issue_21() {
        let hostile = "\u{1b}]0;pwned\u{7}\tCalm\n\u{1b}[2J\u{9b}31m";
        assert_eq!(super::inert(hostile), "]0;pwned Calm\n[2J31m");
        assert_eq!(super::truncate(hostile, 40), "]0;pwned Calm [2J31m");
        assert!(matches!(
            super::inert("calm\nbreath"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(super::first_control("a\tb\nc"), None);
        assert_eq!(super::first_control("ab\u{1b}c"), Some((2, '\u{1b}')));
        assert_eq!(super::first_control("\u{7f}"), Some((0, '\u{7f}')));
    }
}
