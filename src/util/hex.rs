//! Bytes as lowercase hexadecimal: checksums in bundle manifests, voice cache keys.

/// A digest (SHA-256) in lowercase hex.
pub fn hex(digest: &[u8]) -> String {
    use std::fmt::Write as _;
    digest.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
