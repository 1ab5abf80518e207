//! Helpers shared by the integration tests: the binary with a clean environment and a
//! private `STILL_HOME`, and golden files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root: tests run the binary from here so paths in messages are stable.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `still` with a cleared environment: only PATH, `STILL_HOME=home`, and no colour.
pub fn still(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_still"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("STILL_HOME", home)
        .env("NO_COLOR", "1")
        .env("TZ", "UTC")
        .current_dir(root());
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `still ARGS…` with a fresh home.
pub fn run(args: &[&str]) -> Run {
    let home = tempfile::tempdir().unwrap();
    run_in(home.path(), args)
}

pub fn run_in(home: &Path, args: &[&str]) -> Run {
    still(home)
        .args(args)
        .output()
        .expect("the binary runs")
        .into()
}

/// Compares `actual` with the golden file at `path` (relative to the repository root);
/// with `UPDATE_GOLDENS=1` it writes the file instead.
pub fn golden(path: &str, actual: &str) -> Result<(), String> {
    let file = root().join(path);
    if std::env::var_os("UPDATE_GOLDENS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(&file)
        .map_err(|e| format!("{path}: {e} (run with UPDATE_GOLDENS=1 to create it)"))?;
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "{path} differs (UPDATE_GOLDENS=1 rewrites it):\n--- expected\n{expected}\n--- actual\n{actual}"
    ))
}

/// Panics with every golden mismatch at once.
pub fn assert_goldens(results: Vec<Result<(), String>>) {
    let failures: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs `cmd` (a `still(…)` command with its arguments) under `/usr/bin/time -v`, with the
/// same environment, standard output into `stdout` (else kept in the run): the run and its
/// peak resident memory in MB (issue #21's memory limits). `time`'s report ends the run's
/// standard error.
pub fn peak_of(cmd: Command, stdout: Option<std::process::Stdio>) -> (Run, u64) {
    let mut timed = Command::new("/usr/bin/time");
    timed.env_clear();
    if let Some(dir) = cmd.get_current_dir() {
        timed.current_dir(dir);
    }
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            timed.env(k, v);
        }
    }
    timed.arg("-v").arg(cmd.get_program()).args(cmd.get_args());
    if let Some(stdout) = stdout {
        timed.stdout(stdout);
    }
    let out = timed
        .output()
        .expect("/usr/bin/time runs (Debian package `time`)");
    let run: Run = out.into();
    let kb: u64 = run
        .stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in: {}", run.stderr));
    (run, kb / 1024)
}

/// Every entry `still log --json` prints for `home`.
pub fn log_entries(home: &Path) -> Vec<serde_json::Value> {
    let r = run_in(home, &["log", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// Runs `cmd` with writes past `bytes` refused (EFBIG), as on a disk that is full.
pub fn with_file_size_limit(cmd: &mut Command, bytes: u64) -> &mut Command {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        })
    }
}

/// A journal in `home` holding one sit added by hand.
pub fn journal_with_one_entry(home: &Path) {
    let r = run_in(
        home,
        &["log", "add", "--date", "2026-01-05", "--duration", "10m"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}
pub mod pulse;
pub mod tmux;
