//! The longest session the format allows, end to end: twelve hours render in bounded memory,
//! streamed as RF64 (a WAV file cannot hold more than 4 GiB).

mod common;

use std::io::Read;
use std::process::Stdio;

use common::*;

#[test]
fn a_twelve_hour_session_renders_in_bounded_memory() {
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("twelve.yaml");
    std::fs::write(
        &script,
        "format: still/1\ntitle: Twelve hours\nsteps:\n  - bell: rin\n  - pause: 11h 59m 50s\n    bells_every: 10m\n  - bell: bowl\n",
    )
    .unwrap();
    // Reaped below with wait4 rather than `wait`, to read its peak memory.
    #[allow(clippy::zombie_processes)]
    let mut child = still(home.path())
        .args([
            "render",
            script.to_str().unwrap(),
            "-o",
            "-",
            "--format",
            "wav",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut head = [0u8; 80];
    out.read_exact(&mut head).unwrap();
    let mut total = head.len() as u64;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = out.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        total += n as u64;
    }
    // Reap the child with wait4 to learn its peak memory.
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "render failed"
    );

    assert_eq!(&head[..4], b"RF64");
    let data = u64::from_le_bytes(head[28..36].try_into().unwrap());
    let frames = u64::from_le_bytes(head[36..44].try_into().unwrap());
    // 12 h of steps plus the bowl's ring-out (12 s at most), 4 bytes a frame.
    let twelve_hours = 12 * 3600 * 48_000;
    assert!(
        (twelve_hours..=twelve_hours + 12 * 48_000).contains(&frames),
        "{frames}"
    );
    assert_eq!(data, frames * 4);
    assert_eq!(
        total,
        80 + data,
        "the stream holds exactly the frames its header promises"
    );
    let peak_mb = usage.ru_maxrss / 1024;
    assert!(peak_mb < 64, "peak RSS {peak_mb} MB");
}

/// A file render mixes while its clips decode (issue #3); a stream checks them all first,
/// streaming, then mixes from the same feed (issue #21). Both give the same bytes.
#[test]
fn a_stream_on_standard_output_is_the_file_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.wav");
    assert_eq!(
        run(&["render", "grounding-54321", "-o", file.to_str().unwrap()]).code,
        0
    );
    let home = tempfile::tempdir().unwrap();
    let out = still(home.path())
        .args(["render", "grounding-54321", "-o", "-", "--format", "wav"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout == std::fs::read(&file).unwrap());
}
