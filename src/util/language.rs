//! Language tags as scripts, `config.toml`, `--language` and the locale name them: `es`,
//! `fr`, `pt-BR`. A tag is kept in its usual case (language lowercase, region uppercase);
//! two tags name the same language when their first parts agree.

/// The language a script without `language:`, and a sitter without a locale, speaks.
pub const ENGLISH: &str = "en";

/// A well-formed tag in its usual case (`ES-es` → `es-ES`), or `None`: a language of two
/// or three letters, then parts of two to eight letters or digits, joined by `-` or `_`.
pub fn tag(text: &str) -> Option<String> {
    let mut parts = text.trim().split(['-', '_']);
    let first = parts.next()?;
    if !(2..=3).contains(&first.len()) || !first.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = first.to_ascii_lowercase();
    for part in parts {
        if !(2..=8).contains(&part.len()) || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        out.push('-');
        if part.len() == 2 {
            out.push_str(&part.to_ascii_uppercase());
        } else {
            out.push_str(&part.to_ascii_lowercase());
        }
    }
    Some(out)
}

/// The language of a POSIX locale name (`es_ES.UTF-8` → `es`, `fr_CA@euro` → `fr`);
/// `None` for `C`, `POSIX`, an empty name or anything that names no language.
pub fn of_locale(locale: &str) -> Option<String> {
    let name = locale.split(['.', '@']).next().unwrap_or("");
    if name.is_empty() || name == "C" || name == "POSIX" {
        return None;
    }
    let language = name.split(['_', '-']).next()?;
    tag(language)
}

/// The sitter's language from the environment as POSIX orders it for messages:
/// `LC_ALL`, then `LC_MESSAGES`, then `LANG`; the first one set and not empty decides.
pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|value| !value.is_empty())
        .and_then(|value| of_locale(&value))
}

/// The first part of a tag: `pt-BR` → `pt`.
pub fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// Whether two tags name the same language (their first parts agree, in any case).
pub fn same(a: &str, b: &str) -> bool {
    primary(a).eq_ignore_ascii_case(primary(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked_and_cased() {
        assert_eq!(tag("es").as_deref(), Some("es"));
        assert_eq!(tag("ES_es").as_deref(), Some("es-ES"));
        assert_eq!(tag("zh-Hant").as_deref(), Some("zh-hant"));
        assert_eq!(tag("spanish"), None);
        assert_eq!(tag("e"), None);
        assert_eq!(tag("es-"), None);
        assert_eq!(tag(""), None);
    }

    #[test]
    fn locales_name_their_language() {
        assert_eq!(of_locale("es_ES.UTF-8").as_deref(), Some("es"));
        assert_eq!(of_locale("fr_CA@euro").as_deref(), Some("fr"));
        assert_eq!(of_locale("de").as_deref(), Some("de"));
        assert_eq!(of_locale("C"), None);
        assert_eq!(of_locale("C.UTF-8"), None);
        assert_eq!(of_locale("POSIX"), None);
        assert_eq!(of_locale(""), None);
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            from_env(env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "es_ES.UTF-8")])).as_deref(),
            Some("es")
        );
        assert_eq!(
            from_env(env(&[("LANG", "fr_FR.UTF-8"), ("LC_MESSAGES", "es_MX")])).as_deref(),
            Some("es")
        );
        assert_eq!(
            from_env(env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "")])).as_deref(),
            Some("fr")
        );
        // A set C locale decides: English, not a later variable.
        assert_eq!(from_env(env(&[("LC_ALL", "C"), ("LANG", "fr_FR")])), None);
        assert_eq!(from_env(env(&[])), None);
    }

    #[test]
    fn same_language_by_first_part() {
        assert!(same("es", "es-MX"));
        assert!(same("FR", "fr"));
        assert!(!same("en", "es"));
    }
}
