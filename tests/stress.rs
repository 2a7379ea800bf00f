//! Many writers on one database: N processes append minutes entries and edit a shared field for S
//! seconds; afterwards every entry each one recorded is present, none of them saw an error, and
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
    let (mut entries, mut edits, mut conflicts) = (0u64, 0u64, 0u64);
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
            store.save_draft(mid, Section::Goals, &format!("draft of {id} at {entries}")).unwrap();
        }
    }
    println!("STRESS-RESULT {id} {entries} {edits} {conflicts}");
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
    let me = std::env::current_exe().unwrap();
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
    // Each worker's own count of what it recorded.
    let mut claimed = std::collections::HashMap::new();
    for c in children {
        let out = c.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "a worker failed:\n{text}");
        let at = text.find("STRESS-RESULT").expect("worker result");
        let f: Vec<u64> = text[at..].split_whitespace().skip(1).take(4).map(|x| x.parse().unwrap()).collect();
        claimed.insert(f[0], f[1]);
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
    println!("{procs} processes, {secs} s: {recorded} entries, all present, integrity ok, audit chain intact");
}
