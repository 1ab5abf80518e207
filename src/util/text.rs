//! Text cut to fit: the player's screen, tables, and the voice engine's messages.

/// `text` on one line, cut to `max` characters with '…' when cut.
pub fn truncate(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    // "breathe…", not "breathe …".
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(super::truncate("a  b\nc", 10), "a b c");
        assert_eq!(super::truncate("abcdef", 4), "abc…");
        assert_eq!(super::truncate("ab cdef", 4), "ab…");
    }
}
