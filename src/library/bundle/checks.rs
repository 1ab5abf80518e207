//! The manifest read and held against what the bundle lists: format, names, sizes.

use std::collections::BTreeMap;
use std::io::Read;

use super::names::{check_entry_name, fold};
use super::pack::is_yaml;
use super::{
    BundleError, FORMAT, MANIFEST, MAX_ENTRIES, MAX_FILE_BYTES, MAX_MANIFEST_BYTES,
    MAX_TOTAL_BYTES, Manifest,
};
use crate::script::values;

use super::listing::*;

/// Reads and checks `manifest.json`, inflating at most [`MAX_MANIFEST_BYTES`] of it.
pub(super) fn read_manifest(
    archive: &mut Archive,
    entries: &[Entry],
) -> Result<Manifest, BundleError> {
    let entry = entries
        .iter()
        .find(|e| e.name == MANIFEST && e.kind == Kind::File)
        .ok_or(BundleError::NoManifest)?;
    let mut bytes = vec![];
    {
        let mut reader = archive.open(entry)?;
        (&mut reader)
            .take(MAX_MANIFEST_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(MANIFEST, &e))?;
    }
    let bad = |reason: String| BundleError::BadManifest { reason };
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(bad("it is larger than 1 MiB".into()));
    }
    // The format first, so that a newer bundle is named as such rather than as invalid.
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes)
        && let Some(format) = v.get("format").and_then(|f| f.as_str())
        && format != FORMAT
    {
        return Err(BundleError::Format {
            found: format.to_string(),
        });
    }
    let m: Manifest = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    if m.format != FORMAT {
        return Err(BundleError::Format { found: m.format });
    }
    if !values::is_valid_id(&m.id) {
        return Err(BundleError::BadId { id: m.id });
    }
    if m.files.len() >= MAX_ENTRIES {
        return Err(bad(format!("it lists {} files", m.files.len())));
    }
    let mut total = 0u64;
    let mut listed = std::collections::HashSet::new();
    for f in &m.files {
        check_entry_name(&f.path).map_err(|reason| BundleError::BadName {
            entry: f.path.clone(),
            reason,
        })?;
        if f.path.ends_with('/') || f.path == MANIFEST {
            return Err(bad(format!("it lists '{}' as a file", f.path)));
        }
        if !listed.insert(fold(&f.path)) {
            return Err(BundleError::Listed {
                path: f.path.clone(),
            });
        }
        if f.sha256.len() != 64
            || !f
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(bad(format!(
                "the sha256 of '{}' is not 64 lowercase hex digits",
                f.path
            )));
        }
        if f.size > MAX_FILE_BYTES {
            return Err(BundleError::FileTooLarge {
                entry: f.path.clone(),
                size: f.size,
            });
        }
        total = total.saturating_add(f.size);
    }
    if total > MAX_TOTAL_BYTES {
        return Err(BundleError::TotalTooLarge { size: total });
    }
    if !is_yaml(&m.script) || m.script.contains('/') {
        return Err(BundleError::ScriptName {
            entry: m.script.clone(),
        });
    }
    if !m.files.iter().any(|f| f.path == m.script) {
        return Err(bad(format!(
            "its script '{}' is not among its files",
            m.script
        )));
    }
    for s in &m.sessions {
        if !is_yaml(s) || s.contains('/') {
            return Err(BundleError::ScriptName { entry: s.clone() });
        }
        if !m.files.iter().any(|f| &f.path == s) {
            return Err(bad(format!(
                "its session script '{s}' is not among its files"
            )));
        }
    }
    if let Some(f) = m
        .files
        .iter()
        .find(|f| f.path != m.script && !m.sessions.contains(&f.path) && is_yaml(&f.path))
    {
        return Err(BundleError::SecondScript {
            entry: f.path.clone(),
            script: m.script.clone(),
        });
    }
    Ok(m)
}

/// Every file entry is in the manifest and every listed file is an entry; a folder entry
/// must hold a listed file.
pub(super) fn check_against_manifest(entries: &[Entry], m: &Manifest) -> Result<(), BundleError> {
    let listed: BTreeMap<&str, ()> = m.files.iter().map(|f| (f.path.as_str(), ())).collect();
    for e in entries {
        if e.name == MANIFEST {
            continue;
        }
        let known = match e.kind {
            Kind::File => listed.contains_key(e.name.as_str()),
            Kind::Folder => {
                let prefix = format!("{}/", e.name);
                listed.keys().any(|p| p.starts_with(&prefix))
            }
        };
        if !known {
            return Err(BundleError::NotInManifest {
                entry: e.name.clone(),
            });
        }
    }
    for f in &m.files {
        if !entries
            .iter()
            .any(|e| e.kind == Kind::File && e.name == f.path)
        {
            return Err(BundleError::Missing {
                path: f.path.clone(),
            });
        }
    }
    Ok(())
}
