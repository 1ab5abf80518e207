//! The wall clock in the local zone, read once per command.

use std::path::Path;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// Now, in the local zone (`TZ` honoured).
pub fn now() -> ZonedDateTime {
    Timestamp::now().to_zoned_datetime(local_zone())
}

/// The local zone, as `jiff` finds it, but without building its zone database when
/// `/etc/localtime` names the zone: that lists every file under `/usr/share/zoneinfo`,
/// some 40 directory reads, a tenth of what `still nudge` costs a shell prompt.
pub fn local_zone() -> TimeZone {
    if std::env::var_os("TZ").is_some_and(|tz| !tz.is_empty()) {
        return TimeZone::system();
    }
    linked_zone(Path::new("/etc/localtime")).unwrap_or_else(TimeZone::system)
}

/// The zone a symbolic link into a zoneinfo folder points at, named as `jiff` names it:
/// what follows the last `zoneinfo/` in the link's target.
fn linked_zone(link: &Path) -> Option<TimeZone> {
    let target = std::fs::read_link(link).ok()?;
    let target = target.to_str()?;
    let name = &target[target.rfind("zoneinfo/")? + "zoneinfo/".len()..];
    let data = std::fs::read(link).ok()?;
    TimeZone::tzif(name, &data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linked_zone_is_named_and_keeps_its_rules() {
        let zoneinfo = Path::new("/usr/share/zoneinfo/Europe/Paris");
        if !zoneinfo.exists() {
            eprintln!("skipped: no {} on this machine", zoneinfo.display());
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("localtime");
        std::os::unix::fs::symlink(zoneinfo, &link).unwrap();
        let tz = linked_zone(&link).unwrap();
        assert_eq!(tz.iana_name(), Some("Europe/Paris"));
        let reference = TimeZone::get("Europe/Paris").unwrap();
        for instant in [
            "2024-01-15T12:00:00Z",
            "2024-07-15T12:00:00Z",
            "2024-03-31T00:59:59Z",
            "2024-03-31T01:00:00Z",
        ] {
            let at: Timestamp = instant.parse().unwrap();
            assert_eq!(tz.to_offset(at), reference.to_offset(at), "{instant}");
        }
    }

    #[test]
    fn a_file_that_is_not_a_link_leaves_the_zone_to_jiff() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("localtime");
        std::fs::write(&file, b"not tzif").unwrap();
        assert!(linked_zone(&file).is_none());
        let link = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(
            linked_zone(&link).is_none(),
            "a link outside any zoneinfo folder"
        );
    }
}
