//! Practices: the kind of session a script is, named by its first tag (`breathing`,
//! `body-scan`, …). `still list` groups sessions by practice, `still show` names it.

/// The practices of the built-in library, in the order `still list` shows them, with
/// their headings. Any other first tag is a practice too, shown after these.
pub const KNOWN: &[(&str, &str)] = &[
    ("grounding", "Grounding"),
    ("breathing", "Breathing"),
    ("mindful-pause", "Mindful pause"),
    ("body-scan", "Body scan"),
    ("loving-kindness", "Loving-kindness"),
    ("urge-surfing", "Urge surfing"),
    ("defusion", "Thought defusion"),
    ("gratitude", "Connection and gratitude"),
    ("reflection", "Reflection"),
    ("silent", "Silent sitting"),
    ("sleep", "Sleep"),
];

/// A session's practice: its first tag, if it has any.
pub fn of(tags: &[String]) -> Option<&str> {
    tags.first().map(String::as_str)
}

/// The heading for a practice: `body-scan` → `Body scan`; an unknown tag is capitalized
/// with its dashes read as spaces.
pub fn label(practice: &str) -> String {
    if let Some((_, label)) = KNOWN.iter().find(|(tag, _)| *tag == practice) {
        return (*label).to_string();
    }
    let spaced = practice.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Where a practice sorts among others: the known ones in their order, then the rest by
/// name, then sessions without tags.
pub fn rank(practice: Option<&str>) -> (usize, String) {
    match practice {
        Some(p) => match KNOWN.iter().position(|(tag, _)| *tag == p) {
            Some(i) => (i, String::new()),
            None => (KNOWN.len(), p.to_string()),
        },
        None => (KNOWN.len() + 1, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_order() {
        assert_eq!(label("body-scan"), "Body scan");
        assert_eq!(label("tai-chi"), "Tai chi");
        assert!(rank(Some("grounding")) < rank(Some("sleep")));
        assert!(rank(Some("sleep")) < rank(Some("tai-chi")));
        assert!(rank(Some("tai-chi")) < rank(None));
        assert_eq!(
            of(&["breathing".into(), "coping-skills".into()]),
            Some("breathing")
        );
    }
}
