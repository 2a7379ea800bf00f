//! The disk holding the database fills up while someone types (issue 15): a banner says so, no
//! more text is taken (it could not be kept), what was typed stays on screen, nothing half-written
//! reaches the record, `doctor` names free space as the problem, and once there is room again the
//! text is saved and typing works.
//!
//! A small disk is a 3 MB tmpfs mounted for the test, which needs root (CAP_SYS_ADMIN); where it
//! cannot be mounted the test says so and does nothing.
#![allow(clippy::disallowed_macros)] // the test's own note when it cannot run, not program output

mod common;

use common::tmux::{demo_db, Tmux};
use std::path::{Path, PathBuf};
use std::process::Command;

struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: &Path) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount").args(["-t", "tmpfs", "-o", "size=3m,mode=700", "tmpfs"]).arg(at).status().map(|s| s.success()).unwrap_or(false);
        ok.then(|| SmallDisk(at.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn entries_like(db: &Path, text: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM entries WHERE text LIKE ?1", [format!("%{text}%")], |r| r.get(0)).unwrap()
}

#[test]
fn a_full_disk_takes_no_new_text_keeps_what_was_typed_and_saves_it_when_there_is_room() {
    let dir = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("small")) else {
        eprintln!("full_disk: skipped — a small tmpfs cannot be mounted here (needs root)");
        return;
    };
    let db = demo_db(&disk.0);
    let t = Tmux::new("full");
    t.start(&db);
    t.open_demo_meeting();
    t.keys(&["m"]);
    let before = "Before the disk filled. ";
    t.text(before);
    t.wait_for(before.trim());
    std::thread::sleep(std::time::Duration::from_millis(1500));

    // The disk fills (another program's file takes every block).
    let filler = disk.0.join("filler");
    let _ = Command::new("dd").arg("if=/dev/zero").arg(format!("of={}", filler.display())).arg("bs=64k").output();
    t.text("After it filled.");
    let s = t.wait_for("DISK FULL");
    assert!(s.contains("Disk full: nothing new can be saved"), "{s}");
    assert!(s.contains(before.trim()), "what was typed stays on screen:\n{s}");
    assert!(!s.contains("After it filled."), "no more text is taken once the disk is full:\n{s}");
    // Enter cannot record it: the record is unchanged, the text stays.
    t.keys(&["Enter"]);
    assert_eq!(entries_like(&db, "Before the disk filled"), 0, "nothing half-written reached the record");
    assert!(t.screen().contains(before.trim()));
    // doctor names the problem.
    let o = Command::new(env!("CARGO_BIN_EXE_iepmeet")).args(["--db", db.to_str().unwrap(), "doctor"]).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("FAIL the database's disk is full"), "{out}");

    // Room again: the text is saved, typing works, and it records.
    std::fs::remove_file(&filler).unwrap();
    t.wait_for("There is room on the disk again");
    t.text("fter it filled.");
    t.keys(&["Enter"]);
    t.wait_for("Recorded");
    let typed = before.trim_end().chars().count();
    assert_eq!(entries_like(&db, "Before the disk filled. After it filled."), 1, "every character typed before and after ({typed} + 16)");
    drop(t);
}
