//! Issue #21, "An output never destroys what it replaces": every command that writes a
//! file the user names (`render -o`, `--captions`, `export -o`, `pack -o`) writes a device
//! or a FIFO in place, refuses an output that is one of its inputs, the journal or its
//! other output, and keeps the mode of a file it replaces; leftovers of killed writers are
//! reclaimed, never a live one's; work that is done is never reported as failed because
//! standard output could not take the report; and every failure is told in still's own
//! words. Device nodes and FIFOs are made in a temporary folder (`mknod`, `mkfifo`), never
//! the system's. Each test keeps a promise listed in RELIABILITY.md.

mod common;

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A short script with one say line (so captions have a cue), in `dir`.
fn short_script(dir: &Path) -> PathBuf {
    let script = dir.join("short.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: Short\nsteps:\n  - say: Breathe in.\n  - pause: 1s\n",
    )
    .unwrap();
    script
}

/// A script that plays a copy of the test clip `tone.ogg`, in `dir`.
fn clip_script(dir: &Path) -> (PathBuf, PathBuf) {
    let clip = dir.join("tone.ogg");
    std::fs::copy(root().join("tests/audio/tone.ogg"), &clip).unwrap();
    let script = dir.join("clip.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: Clip\nsteps:\n  - say: A tone.\n    clip: tone.ogg\n  - pause: 1s\n",
    )
    .unwrap();
    (script, clip)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid C string; mkfifo reads only its arguments.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// A character device `major:minor` at `path` (a copy of /dev/null is 1:3, of /dev/full
/// 1:7); false where this user may not make one (not root), and the test is skipped.
fn mknod_char(path: &Path, major: u32, minor: u32) -> bool {
    let c = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid C string; mknod reads only its arguments.
    let r = unsafe {
        libc::mknod(
            c.as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(major, minor),
        )
    };
    if r != 0 {
        eprintln!(
            "skipped: cannot make a device node ({})",
            std::io::Error::last_os_error()
        );
        return false;
    }
    true
}

fn assert_char_device(path: &Path, major: u32, minor: u32) {
    let m = std::fs::symlink_metadata(path).unwrap();
    assert!(
        m.file_type().is_char_device(),
        "{} was replaced",
        path.display()
    );
    assert_eq!(m.rdev(), libc::makedev(major, minor), "{}", path.display());
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Reads the FIFO at `path` to its end on another thread (opening it waits for a writer).
fn read_fifo(path: &Path) -> std::thread::JoinHandle<Vec<u8>> {
    let path = path.to_path_buf();
    std::thread::spawn(move || std::fs::read(path).unwrap())
}

/// Asserts that `stderr` is still's own words: every line is an error, its cause, a hint
/// or a note, and nothing a library or the system formats for programmers gets through.
fn assert_own_words(stderr: &str) {
    for bad in [
        "os error",
        "Io(",
        "Custom",
        "kind:",
        "ZipWriter",
        "panicked",
        "Error {",
        "Os {",
    ] {
        assert!(
            !stderr.contains(bad),
            "raw text {bad:?} reached the user:\n{stderr}"
        );
    }
    for line in stderr.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            [
                "error: ",
                "  caused by: ",
                "  hint: ",
                "note: ",
                "waiting for a reader"
            ]
            .iter()
            .any(|p| line.starts_with(p)),
            "a line that is not still's own: {line:?}\n{stderr}"
        );
    }
}

/// Runs `cmd` with this umask.
fn with_umask(cmd: &mut Command, mask: libc::mode_t) -> &mut Command {
    // SAFETY: umask is async-signal-safe.
    unsafe {
        cmd.pre_exec(move || {
            libc::umask(mask);
            Ok(())
        })
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// #21: `-o` a FIFO streams into it (the same bytes a file gets) and leaves the FIFO.
#[test]
fn a_fifo_is_written_in_place_by_render_captions_export_and_pack() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let script = short_script(dir.path());
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let file = dir.path().join("file.wav");
    let mut cases: Vec<(Vec<String>, Vec<String>)> = vec![];
    let args = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    cases.push((
        args(&["render", s(&script), "-o", s(&fifo), "--format", "wav"]),
        args(&["render", s(&script), "-o", s(&file)]),
    ));
    let vtt = dir.path().join("file.vtt");
    let wav = dir.path().join("a.wav");
    cases.push((
        args(&["render", s(&script), "-o", s(&wav), "--captions", s(&fifo)]),
        args(&["render", s(&script), "-o", s(&wav), "--captions", s(&vtt)]),
    ));
    let still_file = dir.path().join("file.still");
    cases.push((
        args(&["pack", s(&script), "-o", s(&fifo)]),
        args(&["pack", s(&script), "-o", s(&still_file)]),
    ));
    journal_with_one_entry(home.path());
    let csv = dir.path().join("file.csv");
    cases.push((
        args(&["export", "--format", "csv", "-o", s(&fifo)]),
        args(&["export", "--format", "csv", "-o", s(&csv)]),
    ));
    for (to_fifo, to_file) in cases {
        let reader = read_fifo(&fifo);
        let a: Vec<&str> = to_fifo.iter().map(String::as_str).collect();
        let r = run_in(home.path(), &a);
        // Checked before the reader is joined: a replaced FIFO would leave it waiting.
        let m = std::fs::symlink_metadata(&fifo).unwrap();
        assert!(m.file_type().is_fifo(), "{a:?} replaced the FIFO");
        assert_eq!(r.code, 0, "{a:?}: {}", r.stderr);
        let streamed = reader.join().unwrap();
        let b: Vec<&str> = to_file.iter().map(String::as_str).collect();
        let r = run_in(home.path(), &b);
        assert_eq!(r.code, 0, "{b:?}: {}", r.stderr);
        let written = std::fs::read(b.last().unwrap()).unwrap();
        assert!(!streamed.is_empty(), "{a:?}");
        assert_eq!(streamed, written, "{a:?}: the FIFO got what a file gets");
    }
    // `pack -o -` is a stream too: the same bytes on standard output, and no summary.
    let o = still(home.path())
        .args(["pack", s(&script), "-o", "-"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(o.stdout, std::fs::read(&still_file).unwrap());
    let left = names(dir.path());
    assert!(
        left.iter().all(|n| !n.ends_with(".part")),
        "no temporary file left: {left:?}"
    );
}

/// #21: a FIFO nobody reads is waited for, and a signal stops the wait; the FIFO stays.
#[test]
fn a_fifo_without_a_reader_is_waited_for_until_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let script = short_script(dir.path());
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let mut child = still(home.path())
        .args(["render", s(&script), "-o", s(&fifo), "--format", "wav"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The first line says it waits; only then is the signal sent.
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut stderr = String::new();
    std::io::BufRead::read_line(&mut err, &mut stderr).unwrap();
    assert!(
        stderr.starts_with("waiting for a reader on the FIFO"),
        "{stderr}"
    );
    std::thread::sleep(Duration::from_millis(300));
    // SAFETY: kill has no memory effects.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    std::io::Read::read_to_string(&mut err, &mut stderr).unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_own_words(&stderr);
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert_eq!(names(dir.path()), ["fifo", "short.yaml"]);
}

/// #21: run as root, `render -o /dev/null` replaced the device node with a 58 MB file.
/// A copy of /dev/null made here is written through by every output, and stays a device.
#[test]
fn a_device_node_is_written_through_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let null = dir.path().join("null");
    if !mknod_char(&null, 1, 3) {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    journal_with_one_entry(home.path());
    let script = short_script(dir.path());
    let wav = dir.path().join("a.wav");
    for args in [
        vec!["render", "box-breathing", "-o", s(&null), "--format", "wav"],
        vec!["render", s(&script), "-o", s(&wav), "--captions", s(&null)],
        vec!["export", "--format", "json", "-o", s(&null)],
        vec!["pack", s(&script), "-o", s(&null)],
    ] {
        let r = run_in(home.path(), &args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert_char_device(&null, 1, 3);
    }
    assert_eq!(names(dir.path()), ["a.wav", "null", "short.yaml"]);
}

/// #21: `-o` the script's own clip, `--captions` the script and `pack -o` the script
/// overwrote them. Each is refused before any work, naming both, and the files stay.
#[test]
fn an_output_that_is_an_input_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let (script, clip) = clip_script(dir.path());
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink(&script, &link).unwrap();
    let hard = dir.path().join("hard.ogg");
    std::fs::hard_link(&clip, &hard).unwrap();
    let script_bytes = std::fs::read(&script).unwrap();
    let clip_bytes = std::fs::read(&clip).unwrap();
    let wav = dir.path().join("out.wav");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["render", s(&script), "-o", s(&script)],
            "is the session's script",
        ),
        (
            vec!["render", s(&script), "-o", s(&clip)],
            "is the clip 'tone.ogg'",
        ),
        (
            vec!["render", s(&script), "-o", s(&hard)],
            "is the clip 'tone.ogg'",
        ),
        (
            vec!["render", s(&script), "-o", s(&link)],
            "is the session's script",
        ),
        (
            vec![
                "render",
                s(&script),
                "-o",
                s(&wav),
                "--captions",
                s(&script),
            ],
            "--captions",
        ),
        (
            vec!["pack", s(&script), "-o", s(&script)],
            "is the session's script",
        ),
        (
            vec!["pack", s(&script), "-o", s(&clip)],
            "is the clip 'tone.ogg'",
        ),
    ];
    for (args, says) in cases {
        let r = run_in(home.path(), &args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("writing there would destroy it"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("hint: give "), "{args:?}: {}", r.stderr);
        assert_own_words(&r.stderr);
        assert_eq!(std::fs::read(&script).unwrap(), script_bytes, "{args:?}");
        assert_eq!(std::fs::read(&clip).unwrap(), clip_bytes, "{args:?}");
        assert!(!wav.exists(), "{args:?}: refused before any work");
    }
    // Through a link or another name, both names are given.
    let r = run_in(home.path(), &["render", s(&script), "-o", s(&hard)]);
    assert!(
        r.stderr.contains(s(&hard)) && r.stderr.contains(s(&clip)),
        "{}",
        r.stderr
    );
    assert!(names(dir.path()).iter().all(|n| !n.ends_with(".part")));
}

/// #21: `export -o journal.sqlite` silently overwrote the journal, and every command failed
/// afterwards. The journal (and still's config) is never an output of any command.
#[test]
fn the_journal_is_never_an_output() {
    let home = tempfile::tempdir().unwrap();
    journal_with_one_entry(home.path());
    let journal = home.path().join("journal.sqlite");
    let before = std::fs::read(&journal).unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(&config, "streaks = true\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let script = short_script(dir.path());
    let link = dir.path().join("j");
    std::os::unix::fs::symlink(&journal, &link).unwrap();
    let wav = dir.path().join("x.wav");
    for args in [
        vec!["export", "--format", "csv", "-o", s(&journal)],
        vec!["export", "--format", "json", "-o", s(&link)],
        vec!["export", "--format", "csv", "-o", s(&config)],
        vec!["render", s(&script), "-o", s(&journal)],
        vec![
            "render",
            s(&script),
            "-o",
            s(&wav),
            "--captions",
            s(&journal),
        ],
        vec!["pack", s(&script), "-o", s(&journal)],
    ] {
        let r = run_in(home.path(), &args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("is still's journal") || r.stderr.contains("is still's config"),
            "{args:?}: {}",
            r.stderr
        );
        assert_own_words(&r.stderr);
    }
    assert_eq!(std::fs::read(&journal).unwrap(), before);
    let r = run_in(home.path(), &["log", "--json"]);
    assert_eq!(r.code, 0, "the journal still opens: {}", r.stderr);
    assert!(r.stdout.contains("2026-01-05"));
    assert!(!wav.exists());
}

/// #21: `-o X --captions X` kept only the captions and said it wrote audio. The two outputs
/// of a render must be two files (or standard output once).
#[test]
fn a_renders_two_outputs_must_differ() {
    let dir = tempfile::tempdir().unwrap();
    let script = short_script(dir.path());
    let x = dir.path().join("x");
    for args in [
        vec!["render", s(&script), "-o", s(&x), "--captions", s(&x)],
        vec!["render", s(&script), "-o", "-", "--captions", "-"],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("are the same file"), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "no audio, no summary: {}", r.stdout);
        assert_own_words(&r.stderr);
    }
    assert_eq!(names(dir.path()), ["short.yaml"]);
    // Captions on standard output and audio in a file is fine, and prints nothing else.
    let wav = dir.path().join("a.wav");
    let r = run(&["render", s(&script), "-o", s(&wav), "--captions", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("WEBVTT"), "{}", r.stdout);
    assert!(wav.exists());
}

/// #21, #15: replacing an existing regular file keeps its mode; a new file gets the mode the
/// umask gives (not a temporary file's 0600).
#[test]
fn shared_files_get_the_umasks_mode_and_a_replaced_one_keeps_its_own_issue_15_issue_21() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    journal_with_one_entry(home.path());
    let script = short_script(dir.path());
    let (wav, vtt, csv, bundle) = (
        dir.path().join("a.wav"),
        dir.path().join("a.vtt"),
        dir.path().join("a.csv"),
        dir.path().join("a.still"),
    );
    let commands = || {
        vec![
            vec!["render", s(&script), "-o", s(&wav), "--captions", s(&vtt)],
            vec!["export", "--format", "csv", "-o", s(&csv)],
            vec!["pack", s(&script), "-o", s(&bundle)],
        ]
    };
    // New files: 0666 less the umask.
    for args in commands() {
        let o = with_umask(still(home.path()).args(&args), 0o027)
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}");
    }
    for f in [&wav, &vtt, &csv, &bundle] {
        assert_eq!(mode(f), 0o640, "{}", f.display());
    }
    // Replaced files keep theirs, whatever the umask.
    for (f, m) in [
        (&wav, 0o604),
        (&vtt, 0o664),
        (&csv, 0o600),
        (&bundle, 0o444),
    ] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(m)).unwrap();
    }
    for args in commands() {
        let o = with_umask(still(home.path()).args(&args), 0o077)
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}");
    }
    for (f, m) in [
        (&wav, 0o604),
        (&vtt, 0o664),
        (&csv, 0o600),
        (&bundle, 0o444),
    ] {
        assert_eq!(mode(f), m, "{}", f.display());
    }
    // Run as root, a replaced file keeps its owner too.
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(&csv, Some(4321), Some(4322)).unwrap();
        let r = run_in(home.path(), &["export", "--format", "csv", "-o", s(&csv)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let m = std::fs::metadata(&csv).unwrap();
        assert_eq!((m.uid(), m.gid(), mode(&csv)), (4321, 4322, 0o600));
    }
    // Through a link, the file it leads to is replaced and the link stays a link.
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&csv, &link).unwrap();
    let r = run_in(home.path(), &["export", "--format", "json", "-o", s(&link)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(std::fs::read_to_string(&csv).unwrap().starts_with('['));
    assert_eq!(mode(&csv), 0o600);
}

/// Waits until `dir` holds a `.part` file and returns its name.
fn wait_for_part(dir: &Path) -> String {
    let started = Instant::now();
    loop {
        if let Some(n) = names(dir).into_iter().find(|n| n.ends_with(".part")) {
            return n;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the render began"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// #21: a render killed with SIGKILL left `.still-render-XXXX.wav.part`, reserved to the
/// full size, and nothing reclaimed it. Its name now carries its pid; the next command
/// writing in that folder removes it, and says so.
#[test]
fn a_killed_renders_part_file_is_reclaimed_by_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut child = still(home.path())
        .args(["render", "silent-sit", "--set", "length=2h", "-o"])
        .arg(dir.path().join("long.wav"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let part = wait_for_part(dir.path());
    assert!(
        part.starts_with(&format!(".still-{}-", child.id())),
        "the name carries the pid: {part}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(dir.path().join(&part).exists(), "SIGKILL leaves it");
    let script = short_script(dir.path());
    let out = dir.path().join("next.wav");
    let r = run_in(home.path(), &["render", s(&script), "-o", s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("note: removed"), "{}", r.stderr);
    assert!(r.stderr.contains(&part), "{}", r.stderr);
    assert_own_words(&r.stderr);
    assert_eq!(names(dir.path()), ["next.wav", "short.yaml"]);
}

/// #21: reclaiming never removes a live writer's file: not a render still running, not one
/// whose pid is alive, not one whose lock is held (a writer in another pid namespace).
#[test]
fn a_live_writers_part_file_is_never_reclaimed() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let child = still(home.path())
        .args(["render", "silent-sit", "--set", "length=2h", "-o"])
        .arg(dir.path().join("long.wav"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let live = wait_for_part(dir.path());
    // A leftover named for a live process (this test), and one named for a process that
    // is gone but whose lock is held.
    let mine = dir
        .path()
        .join(format!(".still-{}-abcdef.part", std::process::id()));
    std::fs::write(&mine, b"x").unwrap();
    let mut gone = Command::new("true").spawn().unwrap();
    let gone_pid = gone.id();
    gone.wait().unwrap();
    let locked = dir.path().join(format!(".still-{gone_pid}-ghijkl.part"));
    let held = std::fs::File::create(&locked).unwrap();
    // SAFETY: flock on an open descriptor.
    assert_eq!(
        unsafe {
            libc::flock(
                std::os::fd::AsRawFd::as_raw_fd(&held),
                libc::LOCK_EX | libc::LOCK_NB,
            )
        },
        0
    );
    let script = short_script(dir.path());
    let r = run_in(
        home.path(),
        &["render", s(&script), "-o", s(&dir.path().join("b.wav"))],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("removed"), "{}", r.stderr);
    for kept in [dir.path().join(&live), mine.clone(), locked.clone()] {
        assert!(kept.exists(), "{} was removed", kept.display());
    }
    // Once the lock is let go, the leftover of the process that is gone is reclaimed.
    drop(held);
    let r = run_in(
        home.path(),
        &["render", s(&script), "-o", s(&dir.path().join("c.wav"))],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!locked.exists(), "{}", r.stderr);
    assert!(mine.exists() && dir.path().join(&live).exists());
    // SAFETY: kill has no memory effects.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130));
    assert!(
        !dir.path().join(&live).exists(),
        "the render removes its own"
    );
}

/// #21: an import killed with SIGKILL left `sessions/.import-*` behind. The next import
/// removes a staging folder whose process is gone, keeps a live one's, and puts back a
/// session a killed `--replace` had renamed aside.
#[test]
fn a_killed_imports_leftovers_are_reclaimed_by_the_next_import() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let script = short_script(dir.path());
    let bundle = dir.path().join("short.still");
    assert_eq!(
        run_in(home.path(), &["pack", s(&script), "-o", s(&bundle)]).code,
        0
    );
    let sessions = home.path().join("sessions");
    let mut gone = Command::new("true").spawn().unwrap();
    let gone_pid = gone.id();
    gone.wait().unwrap();
    let dead = sessions.join(format!(".import-{gone_pid}-abcdef"));
    std::fs::create_dir_all(dead.join("clips")).unwrap();
    std::fs::write(dead.join("clips/big.wav"), vec![0u8; 1 << 20]).unwrap();
    let live = sessions.join(format!(".import-{}-ghijkl", std::process::id()));
    std::fs::create_dir_all(&live).unwrap();
    // `calm` was renamed aside by an import killed before it put the new one in place.
    let aside = sessions.join(format!(".replaced-calm-{gone_pid}"));
    std::fs::create_dir_all(&aside).unwrap();
    std::fs::write(
        aside.join("calm.yaml"),
        "format: still/1\ntitle: Calm\nsteps:\n  - pause: 1s\n",
    )
    .unwrap();
    let r = run_in(home.path(), &["import", s(&bundle)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!dead.exists(), "the killed import's folder is reclaimed");
    assert!(live.exists(), "a live import's folder is kept");
    assert!(!aside.exists());
    assert!(sessions.join("calm/calm.yaml").exists(), "calm is put back");
    let r = run_in(home.path(), &["list"]);
    assert!(
        r.stdout.contains("calm") && r.stdout.contains("short"),
        "{}",
        r.stdout
    );
}

/// #21: `log add … > /dev/full` added the entry and said it failed, so a retry added it
/// twice (also `import`, `remove`, `render`, `new`, `pack`). Work that is done exits 0 and
/// is reported on standard error when standard output cannot take it.
#[test]
fn work_done_is_never_reported_as_failed_when_stdout_is_full() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full");
    if !mknod_char(&full, 1, 7) {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let script = short_script(work.path());
    let bundle = work.path().join("short.still");
    let wav = work.path().join("short.wav");
    let to_full = |args: &[&str]| -> Run {
        let out = std::fs::OpenOptions::new().write(true).open(&full).unwrap();
        let o = still(home.path())
            .args(args)
            .current_dir(work.path())
            .stdout(out)
            .output()
            .unwrap();
        Run::from(o)
    };
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["log", "add", "--date", "2026-01-05", "--duration", "10m"],
            "Added 10m",
        ),
        (vec!["new", "fresh"], "wrote fresh.yaml"),
        (vec!["pack", s(&script), "-o", s(&bundle)], "packed short"),
        (vec!["import", s(&bundle)], "installed short"),
        (vec!["remove", "short"], "removed short"),
        (vec!["render", s(&script), "-o", s(&wav)], "wrote "),
    ];
    for (args, report) in cases {
        let r = to_full(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(
                "note: done, but standard output could not take the report (No space left on device)"
            ),
            "{args:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains(report),
            "{args:?} says what it did: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("error"), "{args:?}: {}", r.stderr);
    }
    let r = run_in(home.path(), &["log", "--json"]);
    let entries: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 1, "added once");
    assert!(work.path().join("fresh.yaml").exists() && bundle.exists() && wav.exists());
    // A reader that goes away is a closed pipe: a quiet exit 0, the entry added once.
    let mut child = still(home.path())
        .args(["log", "add", "--date", "2026-01-06", "--duration", "10m"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r = run_in(home.path(), &["log", "--json"]);
    let entries: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 2);
}

/// #21: raw library text reached the user (`ZipWriter::drop: failed to finalize archive:
/// Io(Custom…)` after a pack to a full disk). Every way an output can fail is fed here, and
/// each message is still's own: what could not be done, why in plain words, and a hint.
#[test]
fn every_output_failure_is_told_in_stills_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    journal_with_one_entry(home.path());
    let script = short_script(dir.path());
    // A bundle over 16 KiB packed where files may not grow past that.
    let big = dir.path().join("big");
    std::fs::create_dir(&big).unwrap();
    std::fs::copy(root().join("tests/audio/stereo-22k.wav"), big.join("s.wav")).unwrap();
    let big_script = big.join("big.yaml");
    std::fs::write(
        &big_script,
        "format: still/1\ntitle: Big\nsteps:\n  - say: Listen.\n    clip: s.wav\n",
    )
    .unwrap();
    let bundle = big.join("big.still");
    let o = with_file_size_limit(
        still(home.path()).args(["pack", s(&big_script), "-o", s(&bundle)]),
        16 * 1024,
    )
    .output()
    .unwrap();
    let r = Run::from(o);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with(&format!("error: cannot write {}\n", bundle.display())),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("caused by: File too large"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("hint: check that the disk has room"),
        "{}",
        r.stderr
    );
    assert_own_words(&r.stderr);
    assert_eq!(
        names(&big),
        ["big.yaml", "s.wav"],
        "no bundle, no temporary file"
    );

    let socket_path = dir.path().join("sock");
    let _socket = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let mut cases: Vec<(Vec<String>, &str)> = vec![];
    let own = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let full = dir.path().join("full");
    let wav = dir.path().join("x.wav");
    if mknod_char(&full, 1, 7) {
        for args in [
            own(&["render", s(&script), "-o", s(&full), "--format", "wav"]),
            own(&["render", s(&script), "-o", s(&wav), "--captions", s(&full)]),
            own(&["export", "--format", "csv", "-o", s(&full)]),
            own(&["pack", s(&script), "-o", s(&full)]),
        ] {
            cases.push((args, "hint: check that the disk has room"));
        }
    }
    cases.push((
        own(&[
            "render",
            s(&script),
            "-o",
            s(&socket_path),
            "--format",
            "wav",
        ]),
        "a socket",
    ));
    cases.push((
        own(&["pack", s(&script), "-o", s(&socket_path)]),
        "a socket",
    ));
    cases.push((
        own(&["render", s(&script), "-o", s(&folder), "--format", "wav"]),
        "is a folder",
    ));
    cases.push((
        own(&["export", "--format", "csv", "-o", s(&folder)]),
        "is a folder",
    ));
    cases.push((
        own(&["pack", s(&script), "-o", "/nonexistent-dir/x.still"]),
        "cannot create a file in /nonexistent-dir",
    ));
    for (args, says) in cases {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run_in(home.path(), &a);
        assert_eq!(r.code, 1, "{a:?}: {}", r.stderr);
        assert!(r.stderr.starts_with("error: "), "{a:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{a:?}: {}", r.stderr);
        assert!(r.stderr.contains("hint: "), "{a:?}: {}", r.stderr);
        assert_own_words(&r.stderr);
    }
    assert!(!wav.exists(), "no audio without its captions");
    assert!(names(dir.path()).iter().all(|n| !n.ends_with(".part")));
    // Standard output that cannot take a listing, or a render's audio, is named as such.
    if full.exists() {
        for (args, says) in [
            (vec!["list"], "error: cannot write to standard output\n"),
            (
                vec!["render", s(&script), "-o", "-", "--format", "wav"],
                "error: cannot write the audio to standard output\n",
            ),
        ] {
            let out = std::fs::OpenOptions::new().write(true).open(&full).unwrap();
            let o = still(home.path()).args(&args).stdout(out).output().unwrap();
            let r = Run::from(o);
            assert_eq!(r.code, 1, "{args:?}");
            assert!(r.stderr.starts_with(says), "{args:?}: {}", r.stderr);
            assert!(
                r.stderr.contains("caused by: No space left on device"),
                "{}",
                r.stderr
            );
            assert_own_words(&r.stderr);
        }
    }
}
