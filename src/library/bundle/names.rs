//! The names a bundle may hold: relative, `/`-separated, inside the bundle, and safe to
//! create on Linux, macOS and Windows alike.

/// Why an entry's name is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryName {
    #[error("the name is empty")]
    Empty,
    #[error("the name is not UTF-8")]
    NotUtf8,
    #[error("the name is an absolute path")]
    Absolute,
    #[error("the name starts with a drive letter")]
    Drive,
    #[error("the name uses '\\'")]
    Backslash,
    #[error("the name has a '..' part, which could lead out of the session's folder")]
    DotDot,
    #[error("the name has an empty or '.' part")]
    EmptyPart,
    #[error("the name holds a control character or one of < > : \" | ? *")]
    BadCharacter,
    #[error("a part of the name ends in a dot or a space")]
    TrailingDot,
    #[error("a part of the name is reserved on Windows ({0})")]
    Reserved(String),
    #[error("the name is too long (over {MAX_NAME_BYTES} bytes, or a part over {MAX_PART_BYTES})")]
    TooLong,
    #[error("the name is too deep (over {MAX_DEPTH} folders)")]
    TooDeep,
}

/// The longest name, in bytes.
pub const MAX_NAME_BYTES: usize = 1024;
/// The longest part of a name, in bytes (most file systems' limit).
pub const MAX_PART_BYTES: usize = 255;
/// The most folders a name may go down.
pub const MAX_DEPTH: usize = 16;

/// Checks a name from a bundle and returns it without a folder entry's trailing `/`.
/// Unlike a script's clip paths, nothing is normalized: `a/./b` and `a//b` are refused
/// rather than read as `a/b`, so that one file has exactly one name.
pub fn check_entry_name(name: &str) -> Result<&str, EntryName> {
    if name.starts_with('/') {
        return Err(EntryName::Absolute);
    }
    let name = name.strip_suffix('/').unwrap_or(name);
    if name.is_empty() {
        return Err(EntryName::Empty);
    }
    if name.contains('\\') {
        return Err(EntryName::Backslash);
    }
    let bytes = name.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Err(EntryName::Drive);
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(EntryName::TooLong);
    }
    let parts: Vec<&str> = name.split('/').collect();
    if parts.len() > MAX_DEPTH + 1 {
        return Err(EntryName::TooDeep);
    }
    for part in parts {
        match part {
            ".." => return Err(EntryName::DotDot),
            "" | "." => return Err(EntryName::EmptyPart),
            _ => {}
        }
        if part.len() > MAX_PART_BYTES {
            return Err(EntryName::TooLong);
        }
        if part
            .chars()
            .any(|c| c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        {
            return Err(EntryName::BadCharacter);
        }
        if part.ends_with('.') || part.ends_with(' ') {
            return Err(EntryName::TrailingDot);
        }
        let stem = part.split('.').next().unwrap_or(part).to_ascii_uppercase();
        let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
            || ((stem.starts_with("COM") || stem.starts_with("LPT"))
                && stem.len() == 4
                && stem.as_bytes()[3].is_ascii_digit());
        if reserved {
            return Err(EntryName::Reserved(part.to_string()));
        }
    }
    Ok(name)
}

/// The key under which two names count as the same file on a case-insensitive file
/// system (macOS, Windows).
pub fn fold(name: &str) -> String {
    name.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_names_pass() {
        for ok in [
            "box.yaml",
            "clips/welcome.ogg",
            "clips/",
            "a b/c-d_e.wav",
            "Ünïcode/ßound.flac",
        ] {
            assert!(check_entry_name(ok).is_ok(), "{ok}");
        }
        assert_eq!(check_entry_name("clips/").unwrap(), "clips");
    }

    #[test]
    fn names_that_could_escape_or_clash_are_refused() {
        let cases = [
            ("", EntryName::Empty),
            ("/", EntryName::Absolute),
            ("/etc/passwd", EntryName::Absolute),
            ("C:/x.wav", EntryName::Drive),
            ("c:x.wav", EntryName::Drive),
            ("clips\\a.wav", EntryName::Backslash),
            ("../evil", EntryName::DotDot),
            ("clips/../../evil", EntryName::DotDot),
            ("clips/..", EntryName::DotDot),
            ("./a.wav", EntryName::EmptyPart),
            ("a//b.wav", EntryName::EmptyPart),
            ("a\0b", EntryName::BadCharacter),
            ("a\nb", EntryName::BadCharacter),
            ("clip.wav:stream", EntryName::BadCharacter),
            ("what?.wav", EntryName::BadCharacter),
            ("clips./a.wav", EntryName::TrailingDot),
            ("a.wav ", EntryName::TrailingDot),
            ("nul.wav", EntryName::Reserved("nul.wav".into())),
            ("clips/COM1", EntryName::Reserved("COM1".into())),
        ];
        for (name, want) in cases {
            assert_eq!(check_entry_name(name), Err(want), "{name:?}");
        }
        assert!(check_entry_name("console.wav").is_ok());
        assert_eq!(check_entry_name(&"a".repeat(256)), Err(EntryName::TooLong));
        assert_eq!(
            check_entry_name("a/".repeat(18).trim_end_matches('/')),
            Err(EntryName::TooDeep)
        );
    }
}
