//! A headless PulseAudio server of a test's own, in a private runtime folder, with null
//! sinks to play into and record from (AUDIO-NOTES.md). Needs pulseaudio, pulseaudio-utils
//! and libasound2-plugins (`.ci/run` installs them).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::still;

pub struct Pulse {
    runtime: tempfile::TempDir,
    _one_at_a_time: std::sync::MutexGuard<'static, ()>,
}

/// Two sound servers at once, in one process's tests, disturb each other (a client of one
/// has been seen to stall): the tests here take turns.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Pulse {
    /// A server with one null sink, `capture`, whose monitor a test records.
    pub fn start() -> Pulse {
        Pulse::with_sinks(&["capture"])
    }

    /// A server with a null sink of each name (stereo, 48 kHz); the first is the default
    /// sink, and the last's monitor the default source (a microphone for `still record`).
    pub fn with_sinks(sinks: &[&str]) -> Pulse {
        let turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
        let runtime = tempfile::tempdir().unwrap();
        let status = Command::new("pulseaudio")
            .env("XDG_RUNTIME_DIR", runtime.path())
            .env("HOME", runtime.path())
            .args(["--daemonize=yes", "--exit-idle-time=-1", "-n"])
            .args(
                sinks
                    .iter()
                    .map(|s| format!("--load=module-null-sink sink_name={s} rate=48000 channels=2")),
            )
            .arg("--load=module-native-protocol-unix")
            .stderr(Stdio::null())
            .status()
            .expect("pulseaudio is installed (apt-get install pulseaudio pulseaudio-utils libasound2-plugins)");
        assert!(status.success(), "pulseaudio started");
        let p = Pulse {
            runtime,
            _one_at_a_time: turn,
        };
        let start = Instant::now();
        // Ready when it answers and its null sink is there.
        while !String::from_utf8_lossy(
            &p.command("pactl")
                .args(["list", "sinks", "short"])
                .output()
                .unwrap()
                .stdout,
        )
        .contains(sinks[sinks.len() - 1])
        {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "pulseaudio answers"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let set = |what: &str, name: &str| {
            let ok = p.command("pactl").args([what, name]).status().unwrap();
            assert!(ok.success(), "pactl {what} {name}");
        };
        set("set-default-sink", sinks[0]);
        if sinks.len() > 1 {
            set(
                "set-default-source",
                &format!("{}.monitor", sinks[sinks.len() - 1]),
            );
        }
        p
    }

    /// The server's runtime folder: a client needs it as XDG_RUNTIME_DIR and HOME.
    pub fn runtime(&self) -> &Path {
        self.runtime.path()
    }

    pub fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("XDG_RUNTIME_DIR", self.runtime.path())
            .env("HOME", self.runtime.path());
        c
    }

    /// Records the null sink's monitor to `path` until the returned child is stopped.
    pub fn record(&self, path: &Path) -> Child {
        let file = std::fs::File::create(path).unwrap();
        let child = self
            .command("parec")
            .args([
                "--latency-msec=20",
                "--device=capture.monitor",
                "--format=s16le",
                "--rate=48000",
                "--channels=2",
            ])
            .stdout(file)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(500));
        child
    }

    pub fn play(&self, home: &Path, args: &[&str]) -> Child {
        let mut c = still(home);
        // The client shares the server's HOME, as in a desktop session (same cookie).
        c.env("XDG_RUNTIME_DIR", self.runtime.path())
            .env("HOME", self.runtime.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c.spawn().unwrap()
    }

    pub fn kill(&self) {
        let _ = self.command("pulseaudio").arg("--kill").status();
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        self.kill();
    }
}
