//! Many writers on one database: N processes append minutes entries and edit a shared field for S
//! seconds, while the sqlite3 shell takes the write lock and holds it for 7 s (STRESS_LOCK), a
//! roster import and a backup run, and the read-only commands (`status`, `due`, `search`) are run
//! again and again; afterwards every entry each one recorded is present, none of them saw an error,
//! no command failed or said "database is locked", the import and backup are complete, and
//! `integrity_check` is ok. CI runs 4 processes for 5 s; the full run (8 processes, 60 s) is
//! `STRESS_PROCS=8 STRESS_SECONDS=60 cargo test --release --test stress -- --nocapture` (README).
//!
//! The workers are this test binary run again with `STRESS_WORKER` set (real processes, each with
//! its own connection, like people in separate terminals).
#![allow(clippy::disallowed_macros)] // the test's own report, not program output

use std::process::Command;
use std::time::{Duration, Instant};

use iepmeet::domain::meeting::{AnyRecord, Block, MeetingType, Section};
use iepmeet::domain::minutes::NewEntry;
use iepmeet::store::{Store, StoreError};

fn env_num(k: &str, default: u64) -> u64 {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// One worker: append entries, and every few entries rewrite the meeting's location (re-reading on a
/// conflict, as the TUI does). Prints how many entries it recorded.
#[test]
#[ignore = "run by many_writers_lose_nothing as a child process"]
fn stress_worker() {
    let Ok(db) = std::env::var("STRESS_DB") else { return };
    let id = env_num("STRESS_ID", 0);
    let secs = env_num("STRESS_SECONDS", 5);
    let mid = env_num("STRESS_MEETING", 1) as i64;
    let mut store = Store::open(std::path::Path::new(&db)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut entries, mut edits, mut conflicts, mut deferred) = (0u64, 0u64, 0u64, 0u64);
    while Instant::now() < deadline {
        let e = NewEntry { text: format!("worker {id} entry {entries}"), ..Default::default() };
        store.add_entry(mid, Section::ALL[(entries % 7) as usize], &e).unwrap_or_else(|e| panic!("worker {id}: add_entry: {e}"));
        entries += 1;
        if entries % 4 == 0 {
            loop {
                let m = store.load_meeting(mid).unwrap();
                let item = m.block(Block::Details)[0].clone();
                let AnyRecord::Details(mut d) = item.record.clone() else { unreachable!() };
                d.location = format!("room {id}-{entries}");
                match store.update_item(mid, Block::Details, &item, &AnyRecord::Details(d)) {
                    Ok(_) => break,
                    Err(StoreError::Conflict { .. }) => conflicts += 1,
                    Err(e) => panic!("worker {id}: update_item: {e}"),
                }
            }
            edits += 1;
        }
        if entries % 10 == 0 {
            // A draft waits for the lock only a moment (the TUI keeps the text and tries again on
            // the next key): deferred, never an error.
            match store.save_draft(mid, Section::Goals, &format!("draft of {id} at {entries}")) {
                Err(e) if e.is_busy() => deferred += 1,
                r => r.unwrap_or_else(|e| panic!("worker {id}: save_draft: {e}")),
            }
        }
    }
    println!("STRESS-RESULT {id} {entries} {edits} {conflicts} {deferred}");
}

#[test]
fn many_writers_lose_nothing() {
    let procs = env_num("STRESS_PROCS", 4);
    let secs = env_num("STRESS_SECONDS", 5);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stress.sqlite3");
    let mid = {
        let mut s = Store::open(&db).unwrap();
        let sid = s.insert_student(&iepmeet::domain::student::Student { last_name: "Stress".into(), local_id: "S-1".into(), ..Default::default() }).unwrap();
        s.create_meeting(sid, MeetingType::Annual, &[], chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap()
    };
    let bin = env!("CARGO_BIN_EXE_iepmeet");
    let dbs = db.to_str().unwrap().to_string();
    // Students for the readers to look up, and a roster for the import that runs meanwhile.
    assert!(Command::new(bin).args(["--db", &dbs, "demo", "--students", "50", "--today", "2026-11-22"]).status().unwrap().success());
    let roster = dir.path().join("roster.csv");
    let mut csv = String::from("student_id,last_name,first_name,dob,grade\n");
    for i in 0..5000 {
        csv.push_str(&format!("GEN-{i:05},Testname{},Given{},2014-0{}-1{},{}\n", i % 97, i % 31, 1 + i % 9, i % 9, 1 + i % 8));
    }
    std::fs::write(&roster, csv).unwrap();
    let me = std::env::current_exe().unwrap();
    let started = Instant::now();
    let children: Vec<_> = (0..procs)
        .map(|i| {
            Command::new(&me)
                .args(["--exact", "stress_worker", "--ignored", "--nocapture", "--test-threads", "1"])
                .env("STRESS_WORKER", "1")
                .env("STRESS_DB", &db)
                .env("STRESS_ID", i.to_string())
                .env("STRESS_SECONDS", secs.to_string())
                .env("STRESS_MEETING", mid.to_string())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // The sqlite3 shell takes the write lock a second in and keeps it for 7 s.
    let lock_secs = env_num("STRESS_LOCK", 7);
    std::thread::sleep(Duration::from_secs(1));
    let mut shell = Command::new("sqlite3").arg(&db).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::null()).spawn().expect("sqlite3 is needed");
    {
        use std::io::Write;
        let stdin = shell.stdin.as_mut().unwrap();
        writeln!(stdin, ".timeout 30000\nBEGIN IMMEDIATE;\nINSERT INTO app_state(key, value) VALUES ('shell', 'held') ON CONFLICT(key) DO UPDATE SET value = 'held';").unwrap();
        stdin.flush().unwrap();
    }
    let locked_at = Instant::now();
    // Meanwhile: the import, a backup, and the read-only commands again and again.
    let import = std::thread::spawn({
        let (dbs, roster) = (dbs.clone(), roster.clone());
        move || Command::new(bin).args(["--db", &dbs, "import", "students"]).arg(&roster).output().unwrap()
    });
    let backup_to = dir.path().join("backup.sqlite3");
    let backup = std::thread::spawn({
        let (dbs, to) = (dbs.clone(), backup_to.clone());
        move || Command::new(bin).args(["--db", &dbs, "backup"]).arg(&to).output().unwrap()
    });
    let readers = std::thread::spawn({
        let dbs = dbs.clone();
        move || {
            let mut runs: Vec<(String, std::process::Output)> = Vec::new();
            let until = Instant::now() + Duration::from_secs(secs.max(lock_secs + 2));
            while Instant::now() < until {
                for args in [&["status", "DEMO-00001"][..], &["due", "--within", "60"][..], &["search", "entry"][..]] {
                    let o = Command::new(bin).args(["--db", &dbs, "--today", "2026-11-22"]).args(args).output().unwrap();
                    runs.push((args.join(" "), o));
                }
            }
            runs
        }
    });
    let held = Duration::from_secs(lock_secs).saturating_sub(locked_at.elapsed());
    std::thread::sleep(held);
    {
        use std::io::Write;
        let stdin = shell.stdin.as_mut().unwrap();
        writeln!(stdin, "COMMIT;\n.quit").unwrap();
    }
    let held_for = locked_at.elapsed();
    assert!(shell.wait().unwrap().success());
    let import = import.join().unwrap();
    assert!(import.status.success(), "the import failed: {}", String::from_utf8_lossy(&import.stderr));
    assert!(String::from_utf8_lossy(&import.stdout).contains("added 5000"), "{}", String::from_utf8_lossy(&import.stdout));
    let backup = backup.join().unwrap();
    assert!(backup.status.success(), "the backup failed: {}", String::from_utf8_lossy(&backup.stderr));
    let backed: String = rusqlite::Connection::open(&backup_to).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(backed, "ok");
    let runs = readers.join().unwrap();
    for (what, o) in &runs {
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success() && !e.contains("locked") && !e.contains("busy"), "`{what}` failed while others wrote: {e}");
    }
    // Each worker's own count of what it recorded.
    let mut claimed = std::collections::HashMap::new();
    let mut deferred = 0u64;
    for c in children {
        let out = c.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "a worker failed:\n{text}");
        let at = text.find("STRESS-RESULT").expect("worker result");
        let f: Vec<u64> = text[at..].split_whitespace().skip(1).take(5).map(|x| x.parse().unwrap()).collect();
        claimed.insert(f[0], f[1]);
        deferred += f[4];
    }
    let mut recorded = 0u64;
    let s = Store::open(&db).unwrap();
    let m = s.load_meeting(mid).unwrap();
    for i in 0..procs {
        let mine: Vec<u64> = m
            .entries
            .iter()
            .filter_map(|e| e.text.strip_prefix(&format!("worker {i} entry ")).and_then(|n| n.parse().ok()))
            .collect();
        assert!(!mine.is_empty(), "worker {i} recorded nothing");
        // Entries 0..n, each exactly once, none missing.
        let n = mine.len() as u64;
        let mut sorted = mine.clone();
        sorted.sort();
        assert_eq!(sorted, (0..n).collect::<Vec<_>>(), "worker {i}: gaps or duplicates");
        assert_eq!(claimed[&i], n, "worker {i}: recorded {} but {n} are in the database", claimed[&i]);
        recorded += n;
    }
    assert_eq!(m.entries.len() as u64, recorded);
    let ok: String = rusqlite::Connection::open(&db).unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    // Concurrent writers never break the audit chain (each link is written inside its IMMEDIATE transaction).
    let out = Command::new(env!("CARGO_BIN_EXE_iepmeet")).args(["--db", db.to_str().unwrap(), "verify"]).output().unwrap();
    assert!(out.status.success(), "the audit chain broke under concurrent writers: {}", String::from_utf8_lossy(&out.stdout));
    let cli = runs.len();
    println!(
        "{procs} processes, {secs} s ({:.0} s in all), write lock held {held_for:.1?} by the sqlite3 shell, an import of 5,000 rows and a backup meanwhile: \
         {recorded} entries, all present; {cli} read-only commands, none failed; {deferred} drafts deferred past a held lock (kept, not lost); integrity ok, audit chain intact",
        started.elapsed().as_secs_f64()
    );
}
