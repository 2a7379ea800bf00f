//! A database this user may read but not write (issue 15): it opens read-only, says so on every
//! screen, refuses every editor and the minutes before anything is typed, answers the read-only
//! commands, refuses the writing ones in one sentence, and the file is byte for byte unchanged.
//!
//! Permissions do not stop root, so as root the binary runs as `nobody` (setpriv); as anyone else
//! the file and its folder are made read-only for the test's own user.

mod common;

use common::tmux::{demo_db, Tmux};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| s.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

/// The command prefix that runs iepmeet as a user who cannot write `db`, with the folder and
/// file set up for it: as root, `nobody` reading a 0644 file in a 0755 folder it does not own;
/// otherwise this user with the file 0444 and the folder 0555.
fn read_only_user(db: &Path) -> String {
    let dir = db.parent().unwrap();
    if is_root() {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(db, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(Command::new("setpriv").arg("--version").output().map(|o| o.status.success()).unwrap_or(false), "setpriv (util-linux) is needed to run as another user");
        "setpriv --reuid 65534 --regid 65534 --clear-groups env HOME=/tmp".into()
    } else {
        std::fs::set_permissions(db, std::fs::Permissions::from_mode(0o444)).unwrap();
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        "env".into()
    }
}

fn run(prefix: &str, db: &Path, args: &str) -> std::process::Output {
    let cmd = format!("{prefix} {} --db '{}' --today 2026-11-22 {args}", env!("CARGO_BIN_EXE_iepmeet"), db.display());
    Command::new("sh").arg("-c").arg(cmd).env_remove("IEPMEET_DB").output().unwrap()
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).map(|p| (p.display().to_string(), std::fs::read(&p).unwrap())).collect();
    v.sort();
    v
}

#[test]
fn a_read_only_database_is_looked_at_and_never_changed() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("district");
    std::fs::create_dir(&folder).unwrap();
    let db = demo_db(&folder);
    let prefix = read_only_user(&db);
    if is_root() {
        // The owner looked a student up just before: the lookup's row waits in the -wal (which
        // SQLite gives the database's mode), and the viewer reads through it, changing nothing.
        let o = run("env", &db, "status DEMO-00002");
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(folder.join(format!("{}-wal", db.file_name().unwrap().to_string_lossy())).exists());
    }
    let before = files(&folder);

    // Reading answers.
    let o = run(&prefix, &db, "status DEMO-00001");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("DEMO-00001"));
    // The read cannot be recorded in the record of access, and that is said, in one sentence.
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("not in the record of access") && e.trim().lines().count() == 1, "{e}");
    assert_eq!(run(&prefix, &db, "due --within 400").status.code(), Some(0));
    // Writing is refused in one sentence that says what to do.
    let roster = std::env::temp_dir().join(format!("ro-roster-{}.csv", std::process::id()));
    std::fs::write(&roster, "student_id,last_name,first_name,dob\nGEN-9,Quillfeather,Tavi,2015-03-04\n").unwrap();
    std::fs::set_permissions(&roster, std::fs::Permissions::from_mode(0o644)).unwrap();
    for args in [format!("import students '{}'", roster.display()), "demo --students 1".into()] {
        let o = run(&prefix, &db, &args);
        let e = String::from_utf8_lossy(&o.stderr);
        assert_ne!(o.status.code(), Some(0), "{args}");
        assert!(e.contains("read-only for this user") && e.contains("write access"), "{args}: {e}");
        assert_eq!(e.trim().lines().count(), 1, "{args}: one sentence: {e}");
    }
    let _ = std::fs::remove_file(&roster);

    // The TUI: a banner on every screen; no editor, no minutes.
    let t = Tmux::new("ro");
    t.start_with(&db, &prefix);
    let s = t.wait_for("READ-ONLY DATABASE");
    assert!(s.contains("Read-only: this user cannot write"), "the first screen says why:\n{s}");
    t.keys(&["Enter"]);
    t.wait_for("Student —");
    t.keys(&["Tab", "Enter"]);
    let s = t.wait_for("Attendance");
    assert!(s.contains("READ-ONLY DATABASE"), "{s}");
    // Each way into an editor: a field (Enter), the minutes (m), a new team member (a, on the
    // attendance list). A key that moves clears the message first, so each refusal is its own.
    for (moves, attempt) in [("j", "Enter"), ("k", "m"), ("j", "Enter"), ("j", "a")] {
        t.keys(&[moves]);
        assert!(!t.screen().contains("Read-only: this user cannot write"), "the message was cleared before {attempt}");
        t.keys(&[attempt]);
        let s = t.wait_for("Read-only: this user cannot write");
        assert!(!s.contains("Enter to record") && !s.contains("Esc cancel"), "{attempt}: no editor opened:\n{s}");
    }
    // Typing goes nowhere.
    t.text("typed into a read-only meeting");
    assert!(!t.screen().contains("typed into a read-only"), "{}", t.screen());
    t.keys(&["q"]);
    drop(t);
    assert_eq!(files(&folder), before, "no file in the database's folder was created or changed");
}
