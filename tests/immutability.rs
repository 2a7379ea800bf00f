//! A finalized meeting cannot be quietly rewritten at any SQL path. Through a plain connection with
//! default pragmas (as the sqlite3 shell would open the file: foreign keys and recursive triggers
//! off), every table of the record × {UPDATE, DELETE, REPLACE, INSERT OR REPLACE, UPSERT} is refused
//! and leaves the table byte for byte as it was — on a database created by the migrations and on
//! databases upgraded from every earlier schema version.

mod common;

use common::*;
use iepmeet::domain::meeting::{AnyRecord, Attendee, Block, Section};
use iepmeet::domain::minutes::{Amendment, EntryKind, NewEntry};
use iepmeet::store::Store;
use rusqlite::Connection;

/// A database with one finalized meeting that has a row in every table of the record; returns the
/// meeting's id and the id of an open meeting of the same student.
fn finalized_db(path: &std::path::Path) -> (i64, i64) {
    let mut s = Store::open(path).unwrap();
    s.load_demo(&iepmeet::domain::demo::caseload(2, 1, today()), today(), |_| ()).unwrap();
    let mid = s.meetings_for(1).unwrap()[0].id;
    let a = Attendee { name: "Pat Example".into(), ..Default::default() };
    s.insert_item(mid, Block::Attendees, &AnyRecord::Attendee(a)).unwrap();
    s.add_entry(mid, Section::Goals, &NewEntry { kind: Some(EntryKind::Decision), text: "agreed on the goal".into(), ..Default::default() }).unwrap();
    s.timer_event(mid, Some(0)).unwrap();
    // An acknowledgement of a finding that is not an ERROR.
    let m = s.load_meeting(mid).unwrap();
    let st = s.student(m.student_id).unwrap();
    let (policy, cal) = (s.policy().unwrap(), s.calendar().unwrap());
    let ctx = iepmeet::rules::Ctx { student: &st, meeting: &m, policy: &policy, calendar: &cal, today: today(), live: Default::default() };
    let f = iepmeet::rules::evaluate(&ctx, iepmeet::rules::RuleSet::builtin())
        .into_iter()
        .find(|f| f.severity != iepmeet::rules::Severity::Error)
        .expect("a WARNING or INFO on the demo meeting");
    s.acknowledge(mid, f.rule, &f.target.key(), "discussed with the family").unwrap();
    s.finalize_meeting(mid, today()).unwrap();
    let am = Amendment {
        id: 0,
        at: String::new(),
        actor: String::new(),
        date: today(),
        how: iepmeet::domain::minutes::AMENDMENT_WAYS[0].into(),
        what: "Details › Location".into(),
        before: "Room 12".into(),
        after: "Room 7".into(),
        reason: "a quieter room".into(),
    };
    s.add_amendment(mid, &am).unwrap();
    let open = s.create_meeting(m.student_id, iepmeet::domain::meeting::MeetingType::Amendment, &[], today()).unwrap();
    (mid, open)
}

fn dump(c: &Connection, table: &str) -> String {
    let mut st = c.prepare(&format!("SELECT * FROM {table} ORDER BY rowid")).unwrap();
    let n = st.column_count();
    let rows = st
        .query_map([], |r| {
            let mut v = Vec::new();
            for i in 0..n {
                v.push(format!("{:?}", r.get_ref(i)?));
            }
            Ok(v.join("|"))
        })
        .unwrap();
    rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n")
}

/// Every attack on every table: refused, nothing changed.
fn attack(path: &std::path::Path, mid: i64, open: i64) {
    let c = Connection::open(path).unwrap();
    // rusqlite's bundled SQLite turns foreign keys on by default; the sqlite3 shell does not.
    c.execute_batch("PRAGMA foreign_keys = OFF; PRAGMA recursive_triggers = OFF;").unwrap();
    let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0, "attacked as the sqlite3 shell would: foreign keys off");
    let one = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}")) };
    // (table, a row of the finalized record, a column to change)
    let rows = [
        ("meetings", mid, "done"),
        ("meeting_items", one(&format!("SELECT id FROM meeting_items WHERE meeting_id = {mid} LIMIT 1")), "data"),
        ("entries", one(&format!("SELECT id FROM entries WHERE meeting_id = {mid} LIMIT 1")), "text"),
        ("acknowledgements", one(&format!("SELECT id FROM acknowledgements WHERE meeting_id = {mid} LIMIT 1")), "reason"),
        ("agenda_events", one(&format!("SELECT id FROM agenda_events WHERE meeting_id = {mid} LIMIT 1")), "actor"),
        ("amendments", one(&format!("SELECT id FROM amendments WHERE meeting_id = {mid} LIMIT 1")), "reason"),
        ("audit", one(&format!("SELECT id FROM audit WHERE meeting_id = {mid} LIMIT 1")), "actor"),
    ];
    let mut refused = 0;
    for (table, id, col) in rows {
        let before = dump(&c, table);
        let forged = if col == "data" { "'{}'" } else { "'forged'" };
        let attacks = [
            format!("UPDATE {table} SET {col} = {forged} WHERE id = {id}"),
            format!("DELETE FROM {table} WHERE id = {id}"),
            format!("REPLACE INTO {table} SELECT * FROM {table} WHERE id = {id}"),
            format!("INSERT OR REPLACE INTO {table} SELECT * FROM {table} WHERE id = {id}"),
            format!("INSERT INTO {table} SELECT * FROM {table} WHERE id = {id} ON CONFLICT(id) DO UPDATE SET {col} = {forged}"),
        ];
        for sql in &attacks {
            let r = c.execute(sql, []);
            assert!(r.is_err(), "{table}: `{sql}` was allowed");
            assert_eq!(dump(&c, table), before, "{table}: `{sql}` changed the table");
            refused += 1;
        }
    }
    // The attack from the review: re-open the finalized meeting by REPLACE, then rewrite its minutes.
    let r = c.execute(
        &format!("REPLACE INTO meetings(id, student_id, mtype, status, done, version, created_at, finalized_at) SELECT id, student_id, mtype, 'open', done, version, created_at, NULL FROM meetings WHERE id = {mid}"),
        [],
    );
    assert!(r.is_err(), "re-opened by REPLACE");
    // Moving a finalized meeting's item to an open meeting (REPLACE deletes it from the record).
    let item = one(&format!("SELECT id FROM meeting_items WHERE meeting_id = {mid} LIMIT 1"));
    let r = c.execute(
        &format!("REPLACE INTO meeting_items(id, meeting_id, block, position, data, version, created_at, updated_at) SELECT id, {open}, block, position, data, version, created_at, updated_at FROM meeting_items WHERE id = {item}"),
        [],
    );
    assert!(r.is_err(), "an item of the record moved out by REPLACE");
    // A meeting inserted as if already finalized is a forgery.
    let r = c.execute("INSERT INTO meetings(student_id, mtype, status, created_at) VALUES (1, 'annual', 'finalized', 't')", []);
    assert!(r.is_err(), "a forged finalized meeting was inserted");
    // The student of a finalized meeting cannot be deleted, even with foreign keys off.
    let r = c.execute("DELETE FROM students WHERE id = 1", []);
    assert!(r.is_err(), "the student of a finalized record was deleted");
    assert_eq!(refused, 35);
    // An open meeting stays editable.
    c.execute(&format!("UPDATE meetings SET done = 'x' WHERE id = {open}"), []).unwrap();
}

#[test]
fn a_finalized_record_refuses_every_sql_path() {
    fixed_clock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    let (mid, open) = finalized_db(&path);
    attack(&path, mid, open);
    // And iepmeet still reads it whole.
    let s = Store::open(&path).unwrap();
    let m = s.load_meeting(mid).unwrap();
    assert!(!m.is_open());
    assert_eq!(m.entries.len(), 1);
    assert_eq!(m.amendments.len(), 1);
}

#[test]
fn upgraded_databases_refuse_them_too() {
    fixed_clock();
    for version in 1..iepmeet::store::SCHEMA_VERSION as usize {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("v{version}.sqlite3"));
        {
            let mut c = Connection::open(&path).unwrap();
            c.pragma_update(None, "application_id", 0x4945_5031).unwrap();
            iepmeet::store::migrations_to(version).to_latest(&mut c).unwrap();
        }
        let (mid, open) = finalized_db(&path);
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), iepmeet::store::SCHEMA_VERSION, "upgraded from v{version}");
        drop(s);
        // The upgraded schema is word for word the one a new database gets, and its chain verifies.
        let c = Connection::open(&path).unwrap();
        let problems = iepmeet::store::chain::verify(&c).unwrap();
        assert!(problems.is_empty(), "upgraded from v{version}: {problems:?}");
        drop(c);
        attack(&path, mid, open);
    }
}

/// Finalized means frozen whole: re-importing a changed roster and editing the student's record
/// change neither the finalized meeting's export (export time aside) nor its content hash, while an
/// open meeting of the same student shows the new record.
#[test]
fn a_finalized_record_keeps_the_student_as_they_stood() {
    fixed_clock();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("frozen.sqlite3");
    let (mid, open) = finalized_db(&path);
    let at = "2026-11-23T09:00:00Z";
    let export = |fmt: &str| {
        let s = Store::open(&path).unwrap();
        iepmeet::export::meeting_record(&s, mid, fmt, "en", at).unwrap()
    };
    let (md, json) = (export("md"), export("json"));
    let md_text = String::from_utf8(md.clone()).unwrap();
    assert!(md_text.contains("Snowbright"), "{md_text}");
    assert!(md_text.contains("Finalized 2026-11-22T17:30:00.000Z by "), "says when and by whom");
    // The roster, re-imported with the student renamed and another date of birth.
    let bin = env!("CARGO_BIN_EXE_iepmeet");
    let csv = dir.path().join("roster.csv");
    let out = std::process::Command::new(bin).args(["--db", path.to_str().unwrap(), "export", "students", "-o", csv.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let roster = std::fs::read_to_string(&csv).unwrap().replace("Snowbright", "Renamedfield");
    std::fs::remove_file(&csv).unwrap();
    std::fs::write(&csv, roster).unwrap();
    let out = std::process::Command::new(bin).args(["--db", path.to_str().unwrap(), "import", "students", csv.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut s = Store::open(&path).unwrap();
    let sid = s.load_meeting(mid).unwrap().student_id;
    assert_eq!(s.student(sid).unwrap().last_name, "Renamedfield", "the roster did change the student");
    // And an edit of the record in iepmeet.
    let before = s.student(sid).unwrap();
    let mut after = before.clone();
    after.dob = chrono::NaiveDate::from_ymd_opt(2011, 1, 2);
    s.update_student(sid, &before, &after).unwrap();
    drop(s);
    assert_eq!(export("md"), md, "the finalized record's Markdown changed");
    assert_eq!(export("json"), json, "the finalized record's JSON (and content hash) changed");
    // The open meeting of the same student reads the record as it is now.
    let s = Store::open(&path).unwrap();
    assert_eq!(s.record_student(open).unwrap().last_name, "Renamedfield");
    assert_eq!(s.record_student(mid).unwrap().last_name, "Snowbright");
}
