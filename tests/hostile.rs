//! Issue #21, "hostile text stays inert" and "the journal": escape sequences in scripts, a
//! journal with an impossible layout version, reads on a disk without room, FIFOs in place
//! of files, and library text that must not reach a user.

mod common;

use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Runs `cmd`, killing it and failing the test if it has not ended after `secs` seconds:
/// the commands here hung for ever before #21.
fn run_within(cmd: &mut Command, secs: u64, what: &str) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap().into();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} was still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string; mkfifo only makes a file (inside a temporary folder).
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

fn journal_with_one_entry(home: &Path) {
    let r = run_in(
        home,
        &["log", "add", "--date", "2024-03-01", "--duration", "20m"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Issue #21: a title and a caption holding escape sequences passed `check` and were written
/// raw to the terminal by `play`. They are refused at `check`, located, and nothing a
/// command prints carries the escape.
#[test]
fn escape_sequences_in_a_script_are_refused_and_never_printed_issue_21() {
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("evil.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: \"\\e]0;pwned\\a Calm\"\nsteps:\n  - say: \"\\e[2J\\e[31mred\"\n  - pause: 1s\n",
    )
    .unwrap();
    let path = script.to_str().unwrap();
    let check = run_in(home.path(), &["check", path]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains(":2:8: title holds a control character (U+001B escape) at character 1"),
        "{}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains(":4:10: say holds a control character")
    );
    for args in [
        vec!["check", path],
        vec!["play", path, "--output", "null"],
        vec!["show", path],
        vec!["pack", path, "-o", "/dev/null"],
    ] {
        let r = run_within(still(home.path()).args(&args), 30, args[0]);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        for text in [&r.stdout, &r.stderr] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "{args:?}: {text:?}"
            );
        }
    }
}

/// Issue #21: a FIFO as the journal, as a script, as `config.toml` or as an import file made
/// commands wait beyond SIGTERM. Each is refused at once, by name, with exit 1.
#[test]
fn a_fifo_in_place_of_a_file_is_refused_at_once_issue_21() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    mkfifo(&h.join("journal.sqlite"));
    mkfifo(&h.join("script.yaml"));
    mkfifo(&h.join("entries.csv"));
    let script = h.join("script.yaml");
    let entries = h.join("entries.csv");
    let cases: Vec<Vec<&str>> = vec![
        vec!["log"],
        vec!["stats"],
        vec!["export", "--format", "csv"],
        vec!["log", "add", "--date", "2024-03-01", "--duration", "20m"],
        vec!["check", script.to_str().unwrap()],
        vec!["play", script.to_str().unwrap(), "--output", "null"],
        vec!["import-log", entries.to_str().unwrap()],
    ];
    for args in &cases {
        let r = run_within(still(h).args(args), 20, &args.join(" "));
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("a named pipe (FIFO), not a regular file"),
            "{args:?}: {}",
            r.stderr
        );
    }
    std::fs::remove_file(h.join("journal.sqlite")).unwrap();
    mkfifo(&h.join("config.toml"));
    let r = run_within(still(h).arg("stats"), 20, "stats with a FIFO config");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("config.toml"), "{}", r.stderr);
}

/// Issue #21: `PRAGMA user_version = -1` made `log add`, `import-log` and `timer` panic
/// (exit 101), and 0 failed quoting the whole `CREATE TABLE`. Every command now gives the
/// same verdict, and the journal is left as it was.
#[test]
fn an_impossible_layout_version_gets_one_verdict_from_every_command_issue_21() {
    for version in [-1, 0] {
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        journal_with_one_entry(h);
        let journal = h.join("journal.sqlite");
        rusqlite::Connection::open(&journal)
            .unwrap()
            .execute_batch(&format!("PRAGMA user_version = {version}"))
            .unwrap();
        let before = std::fs::read(&journal).unwrap();
        let csv = h.join("in.csv");
        std::fs::write(
            &csv,
            "date,started_at,session,planned_ms,practiced_ms,completed\n2024-03-02,2024-03-02T07:00:00Z,box-breathing,60000,60000,true\n",
        )
        .unwrap();
        for args in [
            vec!["log"],
            vec!["stats"],
            vec!["log", "add", "--date", "2024-03-02", "--duration", "20m"],
            vec!["import-log", csv.to_str().unwrap()],
        ] {
            let r = run_in(h, &args);
            assert_eq!(r.code, 1, "{version} {args:?}: {}", r.stderr);
            assert!(
                r.stderr.contains(&format!(
                    "layout version (PRAGMA user_version) is {version}"
                )),
                "{version} {args:?}: {}",
                r.stderr
            );
            assert!(!r.stderr.contains("CREATE") && !r.stderr.contains("panicked"));
        }
        // The timer sits first and records after: the sit is played, the journal refuses
        // it with the same words, and nothing panics. (Once: a timer sit lasts its bells.)
        assert_eq!(std::fs::read(&journal).unwrap(), before, "left untouched");
        if version == 0 {
            continue;
        }
        let r = run_within(
            still(h).args(["timer", "1s", "--output", "null"]),
            60,
            "timer",
        );
        assert_ne!(r.code, 101, "{}", r.stderr);
        assert!(r.stderr.contains("layout version"), "{}", r.stderr);
        assert_eq!(std::fs::read(&journal).unwrap(), before, "left untouched");
    }
}

/// Issue #21: a read needed to make a -shm file, so `log`, `stats` and `export` failed on a
/// full disk, just when a backup is wanted; and a read of a 0400 journal left 0400 -wal and
/// -shm files that made every later write fail. A read now works on a disk without room
/// (writes past 1 byte refused with RLIMIT_FSIZE) and leaves nothing beside the journal.
#[test]
fn reads_work_on_a_full_disk_and_leave_no_files_issue_21() {
    use std::os::unix::fs::PermissionsExt as _;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    journal_with_one_entry(h);
    let journal = h.join("journal.sqlite");
    let beside = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(h)
            .unwrap()
            .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(beside(), ["journal.sqlite"]);
    std::fs::set_permissions(&journal, std::fs::Permissions::from_mode(0o400)).unwrap();
    for args in [
        vec!["log"],
        vec!["stats"],
        vec!["export", "--format", "json"],
    ] {
        let mut cmd = still(h);
        cmd.args(&args);
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: 1,
                    rlim_max: 1,
                };
                libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                Ok(())
            });
        }
        let r: Run = cmd.output().unwrap().into();
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(!r.stdout.is_empty(), "{args:?}");
        assert_eq!(beside(), ["journal.sqlite"], "{args:?} left files behind");
    }
    std::fs::set_permissions(&journal, std::fs::Permissions::from_mode(0o600)).unwrap();
    let r = run_in(
        h,
        &["log", "add", "--date", "2024-03-02", "--duration", "20m"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_in(h, &["log", "--json"]);
    assert_eq!(r.stdout.matches("\"session\"").count(), 2, "{}", r.stdout);
}

/// A zip whose one entry claims `method` (a stored entry with the method field patched).
fn zip_with_method(method: u16) -> Vec<u8> {
    use std::io::Write as _;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(vec![]));
    let o =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("manifest.json", o).unwrap();
    w.write_all(b"{}").unwrap();
    let mut bytes = w.finish().unwrap().into_inner();
    for (signature, at) in [(b"PK\x03\x04", 8), (b"PK\x01\x02", 10)] {
        let i = bytes.windows(4).position(|s| s == signature).unwrap();
        bytes[i + at..i + at + 2].copy_from_slice(&method.to_le_bytes());
    }
    bytes
}

/// Issue #21 ("done when"): raw library text never reaches a user: humantime's "expected
/// number at 0", jiff's overflow text, zip's `Unsupported(12)`. Each is fed to the command
/// that used to print it, and the message is checked to be still's own.
#[test]
fn raw_library_text_never_reaches_a_user_issue_21() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let script = h.join("s.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: T\nsteps:\n  - pause: a while\n",
    )
    .unwrap();
    let bundle = h.join("b.still");
    std::fs::write(&bundle, zip_with_method(12)).unwrap();
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["log", "add", "--date", "2024-03-01", "--duration", "abc"],
            "expected number",
            "it does not start with a number",
        ),
        (
            vec!["check", script.to_str().unwrap()],
            "expected number",
            "it does not start with a number",
        ),
        (
            vec![
                "log",
                "add",
                "--date",
                "9999-12-31",
                "--time",
                "23:59",
                "--duration",
                "20m",
            ],
            "overflowed",
            "past the last moment still can place in time",
        ),
        (
            vec!["import", bundle.to_str().unwrap()],
            "Unsupported(",
            "bzip2 (compression method 12)",
        ),
    ];
    for (args, raw, own) in cases {
        let r = run_in(h, &args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains(raw), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(own), "{args:?}: {}", r.stderr);
    }
}
