//! The terminal hangs up while another program holds the database's write lock (issue 15): iepmeet
//! exits within 2 s, and every character typed — in the minutes and in an open field editor — is
//! kept: in the database when it takes it, otherwise in a fallback file beside it (owner-only),
//! which the next start takes back. Prints the figures the README quotes.
#![allow(clippy::disallowed_macros)] // the test's own report of what it measured, not program output

mod common;

use common::tmux::{demo_db, Tmux};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

fn fallback_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.to_string_lossy().contains(".unsaved-")).collect()
}

#[test]
fn a_hang_up_while_the_database_is_locked_exits_at_once_and_keeps_every_character() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::new("locked");
    t.start(&db);
    t.open_demo_meeting();
    t.keys(&["m"]);
    let before = "Parent asked about reading at home.";
    t.text(before);
    t.wait_for(before);
    std::thread::sleep(Duration::from_millis(1500)); // saved as a draft

    // Another program takes the write lock and keeps it.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let during = " Typed while the lock was held elsewhere: all sixty-seven kept.";
    let started = Instant::now();
    t.text(during);
    let s = t.wait_for("sixty-seven kept.");
    // Typing did not stall on the lock (each draft waits at most a moment, once).
    assert!(started.elapsed() < Duration::from_secs(8), "typing stalled: {:?}", started.elapsed());
    assert!(s.contains("Another program is writing to the database"), "the status line says why nothing is saved yet:\n{s}");
    // Leave the minutes (they stay in the composer, unsaved) and type into a field editor too.
    t.keys(&["Escape"]);
    t.keys(&["j", "j", "Enter"]);
    let field = "Room 14B, library annex";
    t.text(field);
    t.wait_for(field);

    // The terminal goes away: out within 2 s (the lock is still held).
    let hup = Instant::now();
    t.stop(&db, "SIGHUP", Duration::from_secs(2));
    let took = hup.elapsed();
    let files = fallback_files(dir.path());
    assert_eq!(files.len(), 1, "what the database would not take is in one fallback file: {files:?}");
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "owner-only");
    let kept = std::fs::read_to_string(&files[0]).unwrap();
    assert!(kept.contains("sixty-seven kept.") && kept.contains(field), "{kept}");
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);

    // The next start takes it back: the editor reopens with its text, the minutes are all there.
    let t = Tmux::new("locked2");
    t.start(&db);
    let s = t.wait_for(field);
    assert!(fallback_files(dir.path()).is_empty(), "the fallback file is gone once taken back");
    let c = rusqlite::Connection::open(&db).unwrap();
    let minutes: String = c.query_row("SELECT group_concat(text, '|') FROM drafts", [], |r| r.get(0)).unwrap();
    assert!(minutes.contains(&format!("{before}{during}")), "every character of the minutes: {minutes:?}");
    let editor: String = c.query_row("SELECT group_concat(editor, '|') FROM editor_drafts", [], |r| r.get(0)).unwrap();
    assert!(editor.contains(field), "{editor}");
    let typed = before.chars().count() + during.chars().count() + field.chars().count();
    println!("hang-up with the lock held: exited in {took:?}; all {typed} typed characters kept (asserted above)");
    drop(s);
}

#[test]
fn a_hang_up_while_an_entry_waits_for_the_lock_exits_within_two_seconds_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::new("locked3");
    t.start(&db);
    t.open_demo_meeting();
    t.keys(&["m"]);
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let entry = "The team agreed to meet again in March.";
    t.text(entry);
    t.wait_for(entry);
    // Enter records it: the write waits for the lock (as long as 20 s) — then the terminal goes.
    t.tmux(&["send-keys", "-t", "e2e", "Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    let hup = Instant::now();
    t.stop(&db, "SIGHUP", Duration::from_secs(2));
    let took = hup.elapsed();
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    let c = rusqlite::Connection::open(&db).unwrap();
    let recorded: i64 = c.query_row("SELECT count(*) FROM entries WHERE text LIKE '%meet again in March%'", [], |r| r.get(0)).unwrap();
    let files = fallback_files(dir.path());
    let kept = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect::<String>();
    assert!(recorded == 1 || kept.contains(entry), "the entry is recorded or kept in the fallback file: {kept}");
    assert_eq!(recorded, 0, "the lock was never released, so it could not be recorded");
    println!("hang-up while an entry waited for the lock: exited in {took:?}");
}
