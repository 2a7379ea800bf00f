//! The scripted walkthrough (issue 17): a complete, compliant annual IEP for a 16-year-old, driven
//! through the real binary in tmux, counting every key that is not typed prose.
//!
//! The script is `tests/walkthrough/annual-16.keys`, one step per line:
//! - `k KEY KEY …` — keys (tmux key names), each counted;
//! - `t TEXT` — typed, counted per character (date shortcuts such as `-3d`, filters such as `lan`);
//! - `p TEXT` — typed prose (names, notes, numbers the team states), not counted;
//! - `w TEXT` — wait until the screen shows TEXT (compared without spaces and line breaks, so a
//!   message that wraps at 80 columns still matches); nothing is sent.
//!
//! It starts from a roster (`tests/fixtures/walkthrough-roster.csv`) and a staff directory
//! (`tests/fixtures/staff.csv`) imported with the CLI, and ends with a finalized meeting (finalized
//! with `y`, which is only accepted when no ERROR is open) and its PDF export. The same script
//! runs at 100x30 and at 80x24.

#![allow(clippy::disallowed_macros)]

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The key count the walkthrough may not exceed: the figure measured now (README, measurements).
/// It only goes down — once it went up by one: the export dialog asks who receives the copy (the
/// record of access, issue 19; one Enter for the parent). Issue 17's target is 250.
const CEILING: usize = 250;

struct Term {
    socket: String,
}

impl Term {
    fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("run tmux")
    }
    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "w"]).stdout).into_owned()
    }
    fn send(&self, args: &[&str]) {
        let mut a = vec!["send-keys", "-t", "w"];
        a.extend_from_slice(args);
        assert!(self.tmux(&a).status.success(), "tmux send-keys {args:?}");
        // Separate sends, so a lone Esc is never read as Alt+key.
        sleep(Duration::from_millis(110));
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn cli(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_iepmeet")).arg("--db").arg(db).arg("--today").arg("2026-11-22").args(args).output().unwrap();
    assert!(out.status.success(), "iepmeet {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Run the script at `w`x`h`; the number of keys counted.
fn walk(w: u16, h: u16) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("walk.sqlite3");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    cli(&db, &["import", "students", root.join("tests/fixtures/walkthrough-roster.csv").to_str().unwrap()]);
    cli(&db, &["import", "staff", root.join("tests/fixtures/staff.csv").to_str().unwrap()]);
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "tour = false\n").unwrap();
    let t = Term { socket: format!("iepmeet-walk-{}-{w}x{h}", std::process::id()) };
    let cmd = format!(
        "env IEPMEET_CONFIG='{}' {} --db '{}' --today 2026-11-22",
        config.display(),
        env!("CARGO_BIN_EXE_iepmeet"),
        db.display()
    );
    let (ws, hs) = (w.to_string(), h.to_string());
    let out = t.tmux(&["new-session", "-d", "-s", "w", "-x", &ws, "-y", &hs, "-c", dir.path().to_str().unwrap(), &cmd]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let script = std::fs::read_to_string(root.join("tests/walkthrough/annual-16.keys")).unwrap();
    let mut keys = 0;
    for (n, line) in script.lines().enumerate() {
        let (op, arg) = line.split_once(' ').unwrap_or((line, ""));
        match op {
            "k" => {
                for k in arg.split_whitespace() {
                    t.send(&[k]);
                    keys += 1;
                }
            }
            "t" => {
                t.send(&["-l", "--", arg]);
                keys += arg.chars().count();
            }
            "p" => t.send(&["-l", "--", arg]),
            "w" => {
                let start = Instant::now();
                let want = squash(arg);
                loop {
                    let s = t.screen();
                    if squash(&s).contains(&want) {
                        break;
                    }
                    assert!(
                        start.elapsed() < Duration::from_secs(10),
                        "{w}x{h}, line {} of the script: waited for {arg:?} ({keys} keys so far); screen:\n{s}",
                        n + 1
                    );
                    sleep(Duration::from_millis(50));
                }
            }
            "" | "#" => {}
            other => panic!("line {}: unknown step {other:?}", n + 1),
        }
    }
    // The record: finalized, nothing open, and the PDF written where the export dialog said.
    let pdf = dir.path().join("exports").join("W-1601-meeting-1.pdf");
    let start = Instant::now();
    while !pdf.exists() && start.elapsed() < Duration::from_secs(10) {
        sleep(Duration::from_millis(50));
    }
    assert!(pdf.exists(), "{w}x{h}: no export at {}; screen:\n{}", pdf.display(), t.screen());
    let status = cli(&db, &["status", "W-1601"]);
    assert!(status.contains("Open meeting: none") && status.contains("Last IEP: 2026-11-22"), "{w}x{h}: the meeting is still open:\n{status}");
    let audit = cli(&db, &["audit", "W-1601"]);
    assert!(audit.contains("finalize") && !audit.contains("ERRORs open"), "{w}x{h}: not finalized clean:\n{audit}");
    keys
}

#[test]
fn a_compliant_annual_iep_for_a_16_year_old_at_100x30() {
    let keys = walk(100, 30);
    println!("walkthrough annual-16 at 100x30: {keys} keys");
    assert!(keys <= CEILING, "the walkthrough took {keys} keys; it may take at most {CEILING}");
}

#[test]
fn the_same_walkthrough_at_80x24() {
    let keys = walk(80, 24);
    println!("walkthrough annual-16 at 80x24: {keys} keys");
    assert!(keys <= CEILING, "the walkthrough took {keys} keys at 80x24; it may take at most {CEILING}");
}
