//! A tmux server of a test's own (`-L SOCKET`), with one 80×24 window running a shell
//! command: the real terminal the player draws on. Needs tmux (`.ci/run` installs it).

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    pub socket: String,
}

impl Tmux {
    /// A server on `socket` whose one window, 80×24, runs `shell`.
    pub fn open(socket: String, shell: &str) -> Tmux {
        let ok = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                "80",
                "-y",
                "24",
                shell,
            ])
            .status()
            .expect("tmux is installed (apt-get install tmux)");
        assert!(ok.success());
        Tmux { socket }
    }

    /// `tmux ARGS…` on this server: what it printed.
    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "t"])
    }

    /// The screen with wrapped lines joined: a line longer than the width was wrapped.
    pub fn joined(&self) -> String {
        self.run(&["capture-pane", "-p", "-J", "-t", "t"])
    }

    pub fn keys(&self, keys: &str) {
        self.run(&["send-keys", "-t", "t", keys]);
    }

    pub fn keys_literally(&self, text: &str) {
        self.run(&["send-keys", "-t", "t", "-l", text]);
    }

    pub fn resize(&self, width: u16, height: u16) {
        let ok = Command::new("tmux")
            .args(["-L", &self.socket, "resize-window", "-t", "t", "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// The screen once it shows `text`; fails the test after `limit`.
    pub fn wait_for(&self, text: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < limit,
                "waited {limit:?} for {text:?}; the screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}
