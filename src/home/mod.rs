//! Where `still` keeps its files: `STILL_HOME` if set (tests use it), else the platform's
//! data and config folders (`~/.local/share/still`, `~/.config/still` on Linux); and
//! what the user set in `config.toml` there ([`config`]).

pub mod config;

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    /// The journal, imported sessions and caches.
    pub data: PathBuf,
    /// `config.toml`.
    pub config: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum HomeError {
    #[error("cannot tell where to keep still's files: no home folder is known")]
    NoHome,
}

impl Home {
    pub fn from_env() -> Result<Home, HomeError> {
        if let Some(dir) = std::env::var_os("STILL_HOME").filter(|d| !d.is_empty()) {
            let dir = PathBuf::from(dir);
            return Ok(Home {
                data: dir.clone(),
                config: dir,
            });
        }
        let dirs = directories::ProjectDirs::from("", "", "still").ok_or(HomeError::NoHome)?;
        Ok(Home {
            data: dirs.data_dir().to_path_buf(),
            config: dirs.config_dir().to_path_buf(),
        })
    }

    /// The user's own sessions: imported bundles and scripts put there by hand.
    pub fn sessions(&self) -> PathBuf {
        self.data.join("sessions")
    }

    /// Where a running player leaves what status lines read: `$XDG_RUNTIME_DIR/still`
    /// (private to the user, emptied at logout); with `STILL_HOME` set, or without a runtime
    /// folder, `run/` in the data folder, so each home keeps its own.
    pub fn runtime(&self) -> PathBuf {
        let own_home = std::env::var_os("STILL_HOME").is_some_and(|d| !d.is_empty());
        match std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty() && !own_home) {
            Some(dir) => PathBuf::from(dir).join("still"),
            None => self.data.join("run"),
        }
    }

    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.toml")
    }
}
