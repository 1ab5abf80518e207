//! "Did you mean …?" for misspelled keys, step kinds, sound and param names.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let allowed = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word_lower, c), c))
        .filter(|&(d, _)| d <= allowed)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// `a, b or c`, for hints that list what is allowed.
pub fn one_of(items: &[&str]) -> String {
    joined(items, "or")
}

/// `a, b and c`.
pub fn all_of(items: &[&str]) -> String {
    joined(items, "and")
}

fn joined(items: &[&str], last_word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [rest @ .., last] => {
            let head: Vec<String> = rest.iter().map(|s| format!("`{s}`")).collect();
            format!("{} {last_word} `{last}`", head.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_close_typos_only() {
        let kinds = ["bell", "say", "pause", "breathe", "repeat"];
        assert_eq!(did_you_mean("bel", kinds), Some("bell"));
        assert_eq!(did_you_mean("breath", kinds), Some("breathe"));
        assert_eq!(did_you_mean("Pause", kinds), Some("pause"));
        assert_eq!(did_you_mean("titel", ["title", "tags"]), Some("title"));
        assert_eq!(did_you_mean("xylophone", kinds), None);
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
