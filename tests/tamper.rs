//! Tamper evidence: whoever can write the file can drop a trigger and rewrite rows; `iepmeet verify`
//! finds it. Each attack — a forged, altered, reordered or deleted audit row, a dropped trigger, a
//! finalized record's bytes edited — makes `verify` exit 1 and name it; an honest database with
//! hundreds of changes verifies (exit 0), and so does `doctor`.

mod common;

use common::*;
use iepmeet::domain::meeting::Section;
use iepmeet::domain::minutes::NewEntry;
use iepmeet::store::Store;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A database with hundreds of audited changes and two finalized meetings, checkpointed.
fn honest(dir: &Path) -> PathBuf {
    fixed_clock();
    let path = dir.join("honest.sqlite3");
    let mut s = Store::open(&path).unwrap();
    s.load_demo(&iepmeet::domain::demo::caseload(6, 1, today()), today(), |_| ()).unwrap();
    let students: Vec<i64> = s.list_students().unwrap().into_iter().map(|(id, _)| id).collect();
    let mut finalized = 0;
    for sid in students {
        let mid = match s.meetings_for(sid).unwrap().into_iter().find(|m| m.status == iepmeet::domain::meeting::MeetingStatus::Open) {
            Some(m) => m.id,
            None => s.create_meeting(sid, iepmeet::domain::meeting::MeetingType::Amendment, &[], today()).unwrap(),
        };
        let m = s.load_meeting(mid).unwrap();
        for i in 0..60 {
            s.add_entry(m.id, Section::Goals, &NewEntry { text: format!("note {i} for {sid}"), ..Default::default() }).unwrap();
        }
        if finalized < 2 {
            s.finalize_meeting(m.id, today()).unwrap();
            finalized += 1;
        }
    }
    assert_eq!(finalized, 2);
    assert!(s.audit_count(None).unwrap() > 200);
    drop(s);
    let c = Connection::open(&path).unwrap();
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    path
}

fn verify(path: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_iepmeet")).args(["--db", path.to_str().unwrap(), "verify"]).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

/// Copy the honest database and attack the copy as someone with the sqlite3 shell would.
fn attacked(dir: &Path, honest: &Path, name: &str, sql: &str) -> PathBuf {
    let p = dir.join(format!("{name}.sqlite3"));
    std::fs::copy(honest, &p).unwrap();
    let c = Connection::open(&p).unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF;").unwrap();
    c.execute_batch(sql).unwrap_or_else(|e| panic!("{name}: {e}"));
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    p
}

#[test]
fn verify_finds_every_kind_of_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let h = honest(dir.path());
    let (code, out) = verify(&h);
    assert_eq!(code, 0, "an honest database verifies: {out}");
    assert!(out.contains("3 finalized meeting(s) match their seals"), "the demo's history and the two finalized here: {out}");
    let doctor = Command::new(env!("CARGO_BIN_EXE_iepmeet")).args(["--db", h.to_str().unwrap(), "doctor"]).output().unwrap();
    assert!(String::from_utf8_lossy(&doctor.stdout).contains("audit chain, finalized records and triggers verified"));

    let last: i64 = Connection::open(&h).unwrap().query_row("SELECT max(id) FROM audit", [], |r| r.get(0)).unwrap();
    let cases = [
        ("forged", "INSERT INTO audit(at, actor, entity, action, after) VALUES ('2026-11-22T18:00:00.000Z', 'someone', 'student', 'update', 'forged')".to_string(), "was forged, altered or moved"),
        ("altered", "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'forged' WHERE id = 10;".into(), "row 10"),
        (
            "reordered",
            "DROP TRIGGER audit_no_update; UPDATE audit SET id = -1 WHERE id = 20; UPDATE audit SET id = 20 WHERE id = 21; UPDATE audit SET id = 21 WHERE id = -1;".into(),
            "row 20",
        ),
        ("deleted", "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 30;".into(), "row 30 is missing"),
        ("trigger dropped", "DROP TRIGGER items_final_update;".into(), "trigger items_final_update is missing"),
        ("table altered", "ALTER TABLE audit ADD COLUMN note TEXT;".into(), "database table audit was changed"),
        (
            "record edited",
            "DROP TRIGGER entries_final_update; UPDATE entries SET text = 'something else' WHERE id = (SELECT e.id FROM entries e JOIN meetings m ON m.id = e.meeting_id WHERE m.status = 'finalized' LIMIT 1);".into(),
            "no longer matches its seal",
        ),
        (
            "record edited, trigger put back",
            "DROP TRIGGER entries_final_update; UPDATE entries SET text = 'something else' WHERE id = (SELECT e.id FROM entries e JOIN meetings m ON m.id = e.meeting_id WHERE m.status = 'finalized' LIMIT 1);
             CREATE TRIGGER entries_final_update BEFORE UPDATE ON entries
    WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;".into(),
            "no longer matches its seal",
        ),
        ("the last row forged in place", format!("DROP TRIGGER audit_no_update; UPDATE audit SET after = 'x' WHERE id = {last};"), &format!("row {last}") as &str),
    ];
    for (name, sql, want) in &cases {
        let p = attacked(dir.path(), &h, &name.replace(' ', "-"), sql);
        let (code, out) = verify(&p);
        assert_eq!(code, 1, "{name}: not detected: {out}");
        assert!(out.contains(want), "{name}: {want:?} not said: {out}");
        assert!(out.contains("FAIL"), "{out}");
    }
}

/// The demo has history: some students have last year's IEP finalized — consent given and signed,
/// minutes entries, an amendment — beside this year's open meeting, and it verifies.
#[test]
fn the_demo_has_a_finalized_history() {
    fixed_clock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_iepmeet")).args(["--db", path.to_str().unwrap(), "demo", "--students", "40", "--today", "2026-11-22"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let s = Store::open(&path).unwrap();
    let mut histories = 0;
    for (sid, _) in s.list_students().unwrap() {
        for m in s.meetings_for(sid).unwrap() {
            let m = s.load_meeting(m.id).unwrap();
            if m.is_open() {
                continue;
            }
            histories += 1;
            assert_eq!(m.amendments.len(), 1, "an amendment");
            assert!(m.entries.len() >= 3, "minutes entries");
            assert!(m.entries.iter().any(|e| e.kind == iepmeet::domain::minutes::EntryKind::Decision));
            assert_eq!(m.block(iepmeet::domain::meeting::Block::Signatures).len(), 2, "signed");
            let consent = m.block(iepmeet::domain::meeting::Block::Consent)[0].record.as_record().get("choice");
            assert_eq!(consent, "Agree to the IEP");
            assert!(m.date().unwrap() < today(), "last year's");
        }
    }
    assert!((5..=iepmeet::domain::demo::MAX_HISTORIES).contains(&histories), "{histories} histories");
    drop(s);
    let (code, out) = verify(&path);
    assert_eq!(code, 0, "{out}");
}
