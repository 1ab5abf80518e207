//! Small text helpers shared by the command line and the player's screen.

/// `text` on one line, cut to `max` characters with '…' when cut.
pub fn truncate(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(super::truncate("a  b\nc", 10), "a b c");
        assert_eq!(super::truncate("abcdef", 4), "abc…");
    }
}
