//! Path rules for the audio files a script names: relative, `/`-separated, inside the
//! script's folder, and no links that lead out of it.

use std::path::{Component, Path, PathBuf};

use super::model::ClipData;

/// Why a path written in a script cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    #[error("the path is absolute")]
    Absolute,
    #[error("the path uses '\\'; write paths with '/'")]
    Backslash,
    #[error("the path leaves the script's folder")]
    LeavesFolder,
    #[error("the path is empty")]
    Empty,
    #[error("no file at {}", .0.display())]
    NotFound(PathBuf),
    #[error("{} is not a regular file", .0.display())]
    NotAFile(PathBuf),
    #[error("{} is a link to {}, outside the script's folder", .link.display(), .target.display())]
    LinkOutside { link: PathBuf, target: PathBuf },
    #[error("cannot read {}", .path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no file '{0}' among this session's audio")]
    NotEmbedded(String),
}

/// The folder a script's relative paths are resolved in: a folder on disk, the audio built
/// into the binary, or none (a script made in memory, which may only use built-in sounds).
pub trait ScriptFolder {
    /// The data behind `rel`, a path already checked by [`check_relative`].
    fn resolve(&self, rel: &str) -> Result<ClipData, PathError>;
    /// Whether `name` is a file here, so that a bare name prefers a file to a built-in sound.
    fn has_file(&self, name: &str) -> bool;
}

/// Checks the rules that need no file system: relative, `/`-separated, staying inside.
/// Returns the path with `.` components and doubled slashes removed.
pub fn check_relative(path: &str) -> Result<String, PathError> {
    if path.trim().is_empty() {
        return Err(PathError::Empty);
    }
    if path.contains('\\') {
        return Err(PathError::Backslash);
    }
    if path.starts_with('/') || Path::new(path).is_absolute() || path.chars().nth(1) == Some(':') {
        return Err(PathError::Absolute);
    }
    let mut parts: Vec<&str> = vec![];
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(PathError::LeavesFolder);
                }
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(PathError::Empty);
    }
    Ok(parts.join("/"))
}

/// A script's folder on disk.
pub struct DiskFolder {
    dir: PathBuf,
}

impl DiskFolder {
    pub fn new(dir: impl Into<PathBuf>) -> DiskFolder {
        DiskFolder { dir: dir.into() }
    }
}

impl ScriptFolder for DiskFolder {
    fn resolve(&self, rel: &str) -> Result<ClipData, PathError> {
        let path = self.dir.join(rel);
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(PathError::NotFound(path));
            }
            Err(source) => return Err(PathError::Unreadable { path, source }),
        };
        if !meta.is_file() {
            return Err(PathError::NotAFile(path));
        }
        let unreadable = |source| PathError::Unreadable {
            path: path.clone(),
            source,
        };
        let base = std::fs::canonicalize(&self.dir).map_err(unreadable)?;
        let target = std::fs::canonicalize(&path).map_err(unreadable)?;
        if !target.starts_with(&base) {
            return Err(PathError::LinkOutside { link: path, target });
        }
        Ok(ClipData::File(target))
    }

    fn has_file(&self, name: &str) -> bool {
        let path = self.dir.join(name);
        path.components()
            .all(|c| !matches!(c, Component::ParentDir))
            && path.is_file()
    }
}

/// The folder of a script made in memory: it has no files.
pub struct NoFolder;

impl ScriptFolder for NoFolder {
    fn resolve(&self, rel: &str) -> Result<ClipData, PathError> {
        Err(PathError::NotFound(PathBuf::from(rel)))
    }

    fn has_file(&self, _: &str) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_inside() {
        assert_eq!(check_relative("clips/a.ogg").unwrap(), "clips/a.ogg");
        assert_eq!(check_relative("./clips//a.ogg").unwrap(), "clips/a.ogg");
        assert_eq!(check_relative("clips/../a.ogg").unwrap(), "a.ogg");
        assert!(matches!(
            check_relative("../a.ogg"),
            Err(PathError::LeavesFolder)
        ));
        assert!(matches!(
            check_relative("clips/../../a.ogg"),
            Err(PathError::LeavesFolder)
        ));
        assert!(matches!(
            check_relative("/etc/passwd"),
            Err(PathError::Absolute)
        ));
        assert!(matches!(
            check_relative("C:/x.wav"),
            Err(PathError::Absolute)
        ));
        assert!(matches!(
            check_relative("clips\\a.ogg"),
            Err(PathError::Backslash)
        ));
        assert!(matches!(check_relative(""), Err(PathError::Empty)));
        assert!(matches!(check_relative("./"), Err(PathError::Empty)));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.wav");
        std::fs::write(&secret, b"x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&secret, dir.path().join("link.wav")).unwrap();
        std::fs::write(dir.path().join("real.wav"), b"x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("real.wav"), dir.path().join("inside.wav"))
            .unwrap();
        let folder = DiskFolder::new(dir.path());
        assert!(matches!(
            folder.resolve("link.wav"),
            Err(PathError::LinkOutside { .. })
        ));
        assert!(folder.resolve("inside.wav").is_ok());
        assert!(matches!(
            folder.resolve("missing.wav"),
            Err(PathError::NotFound(_))
        ));
    }
}
