//! Driving the real binary in a pseudo-terminal: one tmux server per test (its own socket).

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
    /// The config file the app is started with (IEPMEET_CONFIG).
    pub config: std::path::PathBuf,
}

impl Tmux {
    /// A terminal whose user has seen the first-run tour (config `tour = false`).
    pub fn new(tag: &str) -> Tmux {
        Tmux::with_config(tag, "tour = false\n")
    }
    /// A terminal whose iepmeet reads this config.toml text.
    pub fn with_config(tag: &str, config: &str) -> Tmux {
        let socket = format!("iepmeet-e2e-{}-{tag}", std::process::id());
        let path = std::env::temp_dir().join(format!("{socket}.toml"));
        std::fs::write(&path, config).unwrap();
        let t = Tmux { socket, config: path };
        assert!(Command::new("tmux").arg("-V").output().map(|o| o.status.success()).unwrap_or(false), "tmux is required for the end-to-end test");
        t
    }
    pub fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("run tmux")
    }
    pub fn start(&self, db: &Path) {
        self.start_as(db, None);
    }
    /// Start iepmeet on `db`, as OS user `user` (the name others see) when given.
    pub fn start_as(&self, db: &Path, user: Option<&str>) {
        let env = user.map(|u| format!("env USER={u} ")).unwrap_or_default();
        self.start_with(db, &env);
    }
    /// Start iepmeet on `db` behind a command prefix (`env ...`, `setpriv ...`).
    pub fn start_with(&self, db: &Path, prefix: &str) {
        let env = prefix;
        let cmd = format!(
            "{env} env IEPMEET_CONFIG='{}' {} --db '{}' --today 2026-11-22",
            self.config.display(),
            env!("CARGO_BIN_EXE_iepmeet"),
            db.display()
        );
        let out = self.tmux(&["new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", &cmd]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }
    pub fn alive(&self) -> bool {
        self.tmux(&["has-session", "-t", "e2e"]).status.success()
    }
    /// Send keys (tmux key names or literal text), then give the app a moment.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let out = self.tmux(&["send-keys", "-t", "e2e", k]);
            assert!(out.status.success());
            // Separate sends so a lone Esc is never read as Alt+key.
            sleep(Duration::from_millis(120));
        }
    }
    pub fn text(&self, s: &str) {
        let out = self.tmux(&["send-keys", "-t", "e2e", "-l", s]);
        assert!(out.status.success());
        sleep(Duration::from_millis(120));
    }
    /// The pid of the iepmeet process running on `db` (found by its command line).
    pub fn pid_of(db: &Path) -> Option<u32> {
        let out = Command::new("pgrep").arg("-f").arg("--").arg(format!("--db {}", db.display())).output().ok()?;
        String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.trim().parse().ok()).find(|p: &u32| {
            std::fs::read_to_string(format!("/proc/{p}/cmdline")).map(|c| c.starts_with(env!("CARGO_BIN_EXE_iepmeet"))).unwrap_or(false)
        })
    }
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_for_within(needle, Duration::from_secs(10))
    }
    pub fn wait_for_within(&self, needle: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            if start.elapsed() > limit {
                panic!("timed out waiting for {needle:?}; screen:\n{s}");
            }
            sleep(Duration::from_millis(50));
        }
    }
}

impl Tmux {
    /// From the caseload into DEMO-00001's meeting (found by name: a finalized meeting moves it).
    pub fn open_demo_meeting(&self) {
        self.wait_for("Caseload");
        self.keys(&["/"]);
        self.text("Snowbright");
        self.keys(&["Enter", "Enter"]);
        self.wait_for("Student —");
        self.keys(&["Tab", "Enter"]);
        self.wait_for("Minutes — Attendance");
    }
}

/// A five-student demo database made by the real binary (`iepmeet demo`), in `dir`.
pub fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_iepmeet"))
        .args(["--db", db.to_str().unwrap(), "demo", "--students", "5", "--today", "2026-11-22"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    db
}

impl Tmux {
    /// Stop the iepmeet running on `db` as `how` says — "SIGHUP" (the terminal goes away, as when an
    /// SSH connection drops), or a signal for `kill` ("SIGKILL", "SIGTERM") — and wait until it is
    /// gone: within `limit`, or the test fails. A zombie (exited, not yet reaped) counts as gone.
    pub fn stop(&self, db: &Path, how: &str, limit: Duration) -> u32 {
        let pid = Tmux::pid_of(db).expect("iepmeet is running");
        match how {
            "SIGHUP" => {
                let _ = self.tmux(&["kill-server"]);
            }
            sig => {
                let out = Command::new("kill").arg(format!("-{}", sig.trim_start_matches("SIG"))).arg(pid.to_string()).output().unwrap();
                assert!(out.status.success());
            }
        }
        let start = Instant::now();
        while Path::new(&format!("/proc/{pid}")).exists() {
            let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            if state.rsplit_once(')').and_then(|(_, r)| r.split_whitespace().next()) == Some("Z") {
                break;
            }
            assert!(start.elapsed() < limit, "{how}: still running after {limit:?} (state {state})");
            sleep(Duration::from_millis(50));
        }
        let _ = self.tmux(&["kill-server"]);
        pid
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
        let _ = std::fs::remove_file(&self.config);
    }
}

