//! The recordings a voice engine made, one WAV file per line under `cache/voice/`, keyed by
//! the voice's name and the text.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::home::Home;
use crate::script::{Clip, ClipData, Span};
use crate::util::hex;

/// The cached recordings of one voice.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    voice: String,
}

impl Cache {
    /// The cache of `voice` in `home`'s data folder: `cache/voice/`.
    pub fn new(home: &Home, voice: &str) -> Cache {
        Cache {
            dir: home.data.join("cache").join("voice"),
            voice: voice.to_string(),
        }
    }

    /// The key of a line: SHA-256 of the voice's name and the text, kept apart by a
    /// separator no name holds, so that no two (name, text) pairs share one.
    pub fn key(&self, text: &str) -> String {
        let mut h = Sha256::new();
        h.update(b"still-voice/1\0");
        h.update(self.voice.as_bytes());
        h.update(b"\0");
        h.update(text.as_bytes());
        hex(&h.finalize())
    }

    /// Where the recording of `text` is kept.
    pub fn path(&self, text: &str) -> PathBuf {
        self.dir.join(format!("{}.wav", self.key(text)))
    }

    /// The recording of `text` as a clip, if the cache has one. `span` is where the line
    /// is written, for errors found when it is decoded.
    pub fn clip(&self, text: &str, span: Span) -> Option<Clip> {
        let path = self.path(text);
        path.is_file().then(|| Clip {
            path: format!("voice/{}.wav", self.key(text)),
            data: ClipData::File(path),
            span,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home(dir: &Path) -> Home {
        Home {
            data: dir.to_path_buf(),
            config: dir.to_path_buf(),
        }
    }

    #[test]
    fn keys_depend_on_voice_and_text_only() {
        let dir = tempfile::tempdir().unwrap();
        let a = Cache::new(&home(dir.path()), "af_heart");
        let b = Cache::new(&home(dir.path()), "af_sky");
        assert_eq!(a.key("Breathe in."), a.key("Breathe in."));
        assert_ne!(a.key("Breathe in."), a.key("Breathe out."));
        assert_ne!(a.key("Breathe in."), b.key("Breathe in."));
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        let ab = Cache::new(&home(dir.path()), "ab");
        let x = Cache::new(&home(dir.path()), "a");
        assert_ne!(ab.key("c"), x.key("bc"));
        assert_eq!(a.key("x").len(), 64);
        assert!(a.path("x").starts_with(dir.path().join("cache/voice")));
        assert!(a.clip("x", Span::file_start()).is_none());
    }
}
