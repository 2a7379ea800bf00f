use super::*;
use crate::domain::meeting::{AnyRecord, Attendee, Block, MeetingType, Section};
use crate::domain::minutes::{Amendment, EntryKind, NewEntry, Resolution, AMENDMENT_WAYS};
use crate::domain::student::Student;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn student(id: &str) -> Student {
    Student { last_name: "Quillfeather".into(), first_name: "Tavi".into(), local_id: id.into(), ..Default::default() }
}

/// Built with SQLITE_DEFAULT_MEMSTATUS=0 (.cargo/config.toml): with memory statistics on, every
/// SQLite allocation takes one process-wide mutex, and the caseload loading on a second connection
/// held the first frame up by ~20 ms. Statistics off, SQLite counts nothing, so it reports nothing.
#[test]
fn sqlite_keeps_no_memory_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("iep.sqlite3")).unwrap();
    s.insert_student(&student("A-1")).unwrap();
    assert!(!s.caseload().unwrap().is_empty());
    let (used, peak) = unsafe { (rusqlite::ffi::sqlite3_memory_used(), rusqlite::ffi::sqlite3_memory_highwater(0)) };
    assert_eq!((used, peak), (0, 0), "SQLite keeps memory statistics: is LIBSQLITE3_FLAGS from .cargo/config.toml set?");
}

#[test]
fn new_database_is_private_wal_and_versioned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/iep.sqlite3");
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let mode: String = s.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = s.conn().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let f = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        let d = std::fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777;
        assert_eq!((f, d), (0o600, 0o700));
    }
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iep.sqlite3");
    drop(Store::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(c);
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::NewerSchema { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer iepmeet"));
}

#[test]
fn foreign_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "this is not a database at all, just some text to fill the header page").unwrap();
    assert!(matches!(Store::open(&text).err().unwrap(), StoreError::Foreign(_)));
    let other = dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE t(x)").unwrap();
    assert!(matches!(Store::open(&other).err().unwrap(), StoreError::Foreign(_)));
}

#[test]
fn uncreatable_directory_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plainfile");
    std::fs::write(&file, "x").unwrap();
    let err = Store::open(&file.join("db.sqlite3")).err().unwrap();
    assert!(matches!(err, StoreError::Dir { .. } | StoreError::Open { .. }), "{err}");
}

#[test]
fn duplicate_student_id_refused() {
    let mut s = Store::open_in_memory().unwrap();
    s.insert_student(&student("A1")).unwrap();
    assert!(matches!(s.insert_student(&student("A1")), Err(StoreError::DuplicateId(_))));
    // IDs match without regard to case (schema v12), for a new student and for a renamed one.
    assert!(matches!(s.insert_student(&student("a1")), Err(StoreError::DuplicateId(_))));
    assert_eq!(s.student_count().unwrap(), 1);
    let b = s.insert_student(&student("B2")).unwrap();
    let before = s.student(b).unwrap();
    let mut after = before.clone();
    after.local_id = "A1".to_lowercase();
    assert!(matches!(s.update_student(b, &before, &after), Err(StoreError::DuplicateId(_))));
    // Changing only the case of one's own ID is allowed.
    let mut own = before.clone();
    own.local_id = "b2".into();
    s.update_student(b, &before, &own).unwrap();
}

#[test]
fn stale_student_edit_is_a_conflict() {
    let mut s = Store::open_in_memory().unwrap();
    let a = student("A1");
    let id = s.insert_student(&a).unwrap();
    let mut b = a.clone();
    b.grade = "5".into();
    s.update_student(id, &a, &b).unwrap();
    let mut c = a.clone();
    c.grade = "6".into();
    assert!(matches!(s.update_student(id, &a, &c), Err(StoreError::Conflict { .. })));
    assert_eq!(s.student(id).unwrap().grade, "5");
}

#[test]
fn items_versioned_and_audited() {
    let mut s = Store::open_in_memory().unwrap();
    let sid = s.insert_student(&student("A1")).unwrap();
    let mid = s.create_meeting(sid, MeetingType::Annual, &[], today()).unwrap();
    let m = s.load_meeting(mid).unwrap();
    assert_eq!(m.date(), Some(today()), "a new meeting is dated today");
    let rec = AnyRecord::Attendee(Attendee { name: "A".into(), ..Default::default() });
    let item = s.insert_item(mid, Block::Attendees, &rec).unwrap();
    let rec2 = AnyRecord::Attendee(Attendee { name: "B".into(), ..Default::default() });
    let item2 = s.update_item(mid, Block::Attendees, &item, &rec2).unwrap();
    assert_eq!(item2.version, 2);
    // a second editor still holding version 1 is refused
    assert!(matches!(s.update_item(mid, Block::Attendees, &item, &rec), Err(StoreError::Conflict { .. })));
    let before = s.audit_count(Some(sid)).unwrap();
    s.delete_item(mid, Block::Attendees, &item2).unwrap();
    assert_eq!(s.audit_count(Some(sid)).unwrap(), before + 1);
    assert!(s.load_meeting(mid).unwrap().block(Block::Attendees).is_empty());
}

#[test]
fn finalized_meeting_is_immutable_in_sql() {
    let mut s = Store::open_in_memory().unwrap();
    let sid = s.insert_student(&student("A1")).unwrap();
    let mid = s.create_meeting(sid, MeetingType::Annual, &[], today()).unwrap();
    let note = NewEntry { text: "agreed on reading goal".into(), ..Default::default() };
    let entry = s.add_entry(mid, Section::Goals, &note).unwrap();
    s.timer_event(mid, Some(0)).unwrap();
    s.finalize_meeting(mid, today()).unwrap();
    assert_eq!(s.student(sid).unwrap().last_iep_date, Some(today()), "annual resets the clock");
    for sql in [
        "UPDATE meeting_items SET data = '{}'",
        "DELETE FROM meeting_items",
        "UPDATE entries SET text = 'changed'",
        "DELETE FROM entries",
        "UPDATE agenda_events SET item = 2",
        "DELETE FROM agenda_events",
        "UPDATE meetings SET status = 'open'",
        "DELETE FROM meetings",
        "DELETE FROM audit",
        "UPDATE audit SET actor = 'x'",
    ] {
        let e = s.conn().execute(sql, []).unwrap_err().to_string();
        assert!(e.contains("finalized") || e.contains("append-only"), "{sql}: {e}");
    }
    let e = s
        .conn()
        .execute(&format!("INSERT INTO meeting_items(meeting_id, block, position, data, created_at, updated_at) VALUES ({mid}, 'goal', 9, '{{}}', 'x', 'x')"), [])
        .unwrap_err();
    assert!(e.to_string().contains("finalized"));
    let e = s
        .conn()
        .execute(&format!("INSERT INTO entries(meeting_id, section, kind, text, at, actor) VALUES ({mid}, 'goals', 'note', 'late', 'x', 'x')"), [])
        .unwrap_err();
    assert!(e.to_string().contains("finalized"));
    assert!(matches!(s.add_entry(mid, Section::Goals, &note), Err(StoreError::Finalized)));
    let mut changed = entry.clone();
    changed.text = "rewritten".into();
    assert!(matches!(s.update_entry(mid, &entry, &changed), Err(StoreError::Finalized)));
    assert!(matches!(s.timer_event(mid, None), Err(StoreError::Finalized)));
    assert_eq!(s.load_meeting(mid).unwrap().minutes_text(Section::Goals), "agreed on reading goal");
}

#[test]
fn amendment_keeps_the_original() {
    let mut s = Store::open_in_memory().unwrap();
    let sid = s.insert_student(&student("A1")).unwrap();
    let mid = s.create_meeting(sid, MeetingType::Annual, &[], today()).unwrap();
    let a = Amendment {
        id: 0,
        at: String::new(),
        actor: String::new(),
        date: today(),
        how: AMENDMENT_WAYS[1].into(),
        what: "Services 1 › Frequency".into(),
        before: "2 x weekly".into(),
        after: "3 x weekly".into(),
        reason: "Parent and district agreed in writing on 11/20.".into(),
    };
    let e = s.add_amendment(mid, &a).unwrap_err();
    assert!(e.to_string().contains("still open"), "{e}");
    let item = s.insert_item(mid, Block::Attendees, &AnyRecord::Attendee(Attendee { name: "Orig".into(), ..Default::default() })).unwrap();
    s.finalize_meeting(mid, today()).unwrap();
    let before = s.load_meeting(mid).unwrap();
    let audit_before = s.audit_count(Some(sid)).unwrap();
    let saved = s.add_amendment(mid, &a).unwrap();
    assert!(saved.id > 0 && !saved.actor.is_empty() && !saved.at.is_empty());
    let after = s.load_meeting(mid).unwrap();
    assert_eq!(after.amendments, vec![saved.clone()]);
    assert_eq!(after.block(Block::Attendees), before.block(Block::Attendees), "original items untouched");
    assert_eq!(after.block(Block::Attendees)[0].id, item.id);
    assert_eq!(s.audit_count(Some(sid)).unwrap(), audit_before + 1);
    for sql in ["UPDATE amendments SET after = 'x'", "DELETE FROM amendments"] {
        let e = s.conn().execute(sql, []).unwrap_err().to_string();
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
    let mut no_reason = a.clone();
    no_reason.reason = "  ".into();
    assert!(s.add_amendment(mid, &no_reason).is_err());
    // Amendments are searchable.
    let hits = s.search("weekly agreed", None, 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].source, "amendment");
}

#[test]
fn entries_are_appended_audited_and_searchable() {
    let mut s = Store::open_in_memory().unwrap();
    let sid = s.insert_student(&student("A1")).unwrap();
    let mid = s.create_meeting(sid, MeetingType::Annual, &[], today()).unwrap();
    let n0 = s.audit_count(Some(sid)).unwrap();
    let add = |s: &mut Store, sec, kind, text: &str| {
        s.add_entry(mid, sec, &NewEntry { kind: Some(kind), text: text.into(), ..Default::default() }).unwrap()
    };
    let a = add(&mut s, Section::PresentLevels, EntryKind::Note, "Reading fluency improved to 92 words per minute.");
    let b = add(&mut s, Section::Goals, EntryKind::Decision, "Team agreed on a reading fluency goal.");
    let p = add(&mut s, Section::Goals, EntryKind::Parking, "Bus schedule question from parent.");
    assert_eq!(s.audit_count(Some(sid)).unwrap(), n0 + 3, "one audit row per entry");
    // Ranked: the entry that says "reading fluency" twice-ish comes first; both found.
    let hits = s.search("reading fluency", None, 10).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(s.search("\"fluency goal\"", Some(sid), 10).unwrap().len(), 1);
    assert_eq!(s.search("fluency", Some(sid + 1), 10).unwrap().len(), 0, "student filter");
    // Stemming: "agree" finds "agreed".
    assert_eq!(s.search("agree", None, 10).unwrap()[0].section, Some(Section::Goals));
    // Edits: the old words are gone from the index, the new ones found.
    let mut fixed = b.clone();
    fixed.text = "Team agreed on a math calculation goal.".into();
    let fixed = s.update_entry(mid, &b, &fixed).unwrap();
    assert_eq!(fixed.version, 2);
    assert_eq!(s.search("reading fluency", None, 10).unwrap().len(), 1);
    assert_eq!(s.search("calculation", None, 10).unwrap().len(), 1);
    // A stale copy is refused.
    assert!(matches!(s.update_entry(mid, &b, &fixed), Err(StoreError::Conflict { .. })));
    // Parking lot: carried to an action item in one step.
    let (parked, action) = s.carry_to_action(mid, &p, "Lee Park (Teacher)", Some(today())).unwrap();
    assert_eq!(parked.resolution, Some(Resolution::Carried(action.id)));
    assert_eq!(action.kind, EntryKind::Action);
    assert_eq!(action.owner, "Lee Park (Teacher)");
    let m = s.load_meeting(mid).unwrap();
    assert_eq!(m.entries.len(), 4);
    assert_eq!(m.entries[0].id, a.id, "in the order recorded");
    // Bad FTS syntax is text, not an error.
    assert!(s.search("AND OR NEAR(", None, 10).is_ok());
    assert!(s.search("  ", None, 10).is_err());
    // Every change is in the audit trail, with before and after for the edit.
    let rows = s.audit_for(sid).unwrap();
    let upd = rows.iter().find(|r| r.entity == "entry" && r.action == "update").unwrap();
    assert!(upd.before.as_deref().unwrap().contains("reading fluency"));
    assert!(upd.after.as_deref().unwrap().contains("math calculation"));
    assert!(rows.iter().any(|r| r.action == "carry"));
}

#[test]
fn drafts_are_per_user_and_not_the_record() {
    let mut s = Store::open_in_memory().unwrap();
    let sid = s.insert_student(&student("A1")).unwrap();
    let mid = s.create_meeting(sid, MeetingType::Annual, &[], today()).unwrap();
    s.save_draft(mid, Section::Goals, "half a sentence").unwrap();
    assert_eq!(s.draft(mid, Section::Goals).unwrap().as_deref(), Some("half a sentence"));
    assert_eq!(s.typing_in(mid).unwrap().len(), 1);
    assert!(s.load_meeting(mid).unwrap().entries.is_empty());
    s.save_draft(mid, Section::Goals, "").unwrap();
    assert_eq!(s.draft(mid, Section::Goals).unwrap(), None);
}

#[test]
fn version_3_minutes_become_entries() {
    use rusqlite::Connection;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut c = Connection::open(&path).unwrap();
        c.pragma_update(None, "application_id", 0x4945_5031).unwrap();
        super::schema::migrations_to(3).to_latest(&mut c).unwrap();
        c.execute_batch(
            "INSERT INTO students(id, data, created_at, updated_at) VALUES (1, '{\"local_id\":\"X1\"}', 't', 't');
             INSERT INTO meetings(id, student_id, mtype, created_at) VALUES (1, 1, 'annual', 't');
             INSERT INTO meetings(id, student_id, mtype, created_at) VALUES (2, 1, 'annual', 't');
             INSERT INTO minutes(meeting_id, section, text, updated_at) VALUES (1, 'goals', 'Old goal notes.', '2025-01-02T03:04:05.000Z');
             INSERT INTO minutes(meeting_id, section, text, updated_at) VALUES (2, 'consent', 'Signed.', '2025-01-02T03:04:05.000Z');
             INSERT INTO minutes(meeting_id, section, text, updated_at) VALUES (2, 'goals', '  ', '2025-01-02T03:04:05.000Z');
             UPDATE meetings SET status = 'finalized' WHERE id = 2;",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    let m1 = s.load_meeting(1).unwrap();
    assert_eq!(m1.entries.len(), 1);
    assert_eq!(m1.entries[0].text, "Old goal notes.");
    assert_eq!(m1.entries[0].at, "2025-01-02T03:04:05.000Z");
    let m2 = s.load_meeting(2).unwrap();
    assert_eq!(m2.minutes_text(Section::Consent), "Signed.", "finalized meetings keep their minutes");
    assert_eq!(m2.entries.len(), 1, "blank text is not carried over");
    assert_eq!(s.search("goal notes", None, 5).unwrap().len(), 1, "carried-over minutes are indexed");
}

#[test]
fn app_state_round_trip() {
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(s.get_state("k").unwrap(), None);
    s.set_state("k", "v1").unwrap();
    s.set_state("k", "v2").unwrap();
    assert_eq!(s.get_state("k").unwrap().as_deref(), Some("v2"));
}

#[test]
fn case_status_follows_the_record_meetings_policy_and_upgrades() {
    let mut s = Store::open_in_memory().unwrap();
    let mut st = student("T-9");
    st.last_iep_date = NaiveDate::from_ymd_opt(2025, 11, 1);
    st.dob = NaiveDate::from_ymd_opt(2005, 10, 1);
    let id = s.insert_student(&st).unwrap();
    let row = s.case_row(id).unwrap();
    assert_eq!((row.next_deadline, row.next_kind), (NaiveDate::from_ymd_opt(2026, 11, 1), Some(crate::timeline::DueKind::Annual)));
    assert_eq!(s.due_by(today()).unwrap().len(), 1, "overdue");
    // A finalized annual IEP moves the annual review a year on.
    let mid = s.create_meeting(id, MeetingType::Annual, &[], today()).unwrap();
    assert_eq!(s.case_row(id).unwrap().open_meeting, Some(mid));
    s.finalize_meeting(mid, today()).unwrap();
    let row = s.case_row(id).unwrap();
    assert_eq!((row.next_deadline, row.open_meeting), (NaiveDate::from_ymd_opt(2027, 11, 22), None));
    // The policy profile decides the end of eligibility; switching recomputes.
    let end = |s: &Store| s.dues(id).unwrap().into_iter().find(|d| d.kind == crate::timeline::DueKind::EndOfEligibility).unwrap().date;
    assert_eq!(end(&s), NaiveDate::from_ymd_opt(2027, 12, 31).unwrap());
    assert_eq!(s.refresh_stale_cases().unwrap(), 0, "the stamp read off app state is the one written");
    s.set_policy("idea-federal").unwrap();
    assert_eq!(end(&s), NaiveDate::from_ymd_opt(2027, 9, 30).unwrap());
    assert_eq!(s.refresh_stale_cases().unwrap(), 0, "and after a switch of profile");
    // A database without case status (as after the upgrade from schema 2) is filled in on open.
    s.conn().execute("DELETE FROM case_status", []).unwrap();
    s.conn().execute("DELETE FROM app_state WHERE key = 'cases_stamp'", []).unwrap();
    assert_eq!(s.refresh_stale_cases().unwrap(), 1);
    assert_eq!(s.case_row(id).unwrap().next_deadline, NaiveDate::from_ymd_opt(2027, 11, 22));
    // Lookups: exact ID, ID prefix, name words in any order.
    assert_eq!(s.find_students("t-9", 10).unwrap().len(), 1);
    assert_eq!(s.find_students("tavi quill", 10).unwrap()[0].id, id);
    assert!(s.find_students("nobody", 10).unwrap().is_empty());
}

#[test]
fn a_district_calendar_moves_school_day_deadlines_and_a_bad_one_changes_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let mut st = student("T-10");
    st.discipline_decision_date = NaiveDate::from_ymd_opt(2026, 12, 10);
    let id = s.insert_student(&st).unwrap();
    let md = |s: &Store| s.case_row(id).unwrap().next_deadline.unwrap().to_string();
    assert_eq!(md(&s), "2027-01-07", "10 school days around the sample winter break");
    let text = crate::timeline::calendar::BUILTIN[0].1.replace("sample-2026-27", "district").replace("2026-12-21", "2026-12-14");
    s.set_calendar(&text).unwrap();
    assert_eq!(md(&s), "2027-01-14", "a winter break starting a week earlier");
    assert!(matches!(s.set_calendar("name = 'x'"), Err(StoreError::Invalid(_))));
    assert_eq!(s.calendar().unwrap().name, "district");
    assert_eq!(md(&s), "2027-01-14");
    assert_eq!(s.refresh_stale_cases().unwrap(), 0, "the stamp read off app state names the loaded calendar");
    // A stamp of another calendar (as an older iepmeet would leave): everything is recomputed.
    s.conn().execute("UPDATE app_state SET value = replace(value, 'district', 'sample-2026-27') WHERE key = 'cases_stamp'", []).unwrap();
    s.conn().execute("UPDATE case_status SET policy = replace(policy, 'district', 'sample-2026-27')", []).unwrap();
    assert_eq!(s.refresh_stale_cases().unwrap(), 1);
    assert_eq!(md(&s), "2027-01-14");
}

#[test]
fn new_rules_recount_the_errors_of_open_meetings_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iep.sqlite3");
    let (id, errors) = {
        let mut s = Store::open(&path).unwrap();
        let id = s.insert_student(&student("R-1")).unwrap();
        s.create_meeting(id, MeetingType::Triennial, &[], today()).unwrap();
        let errors = s.case_row(id).unwrap().open_errors;
        assert!(errors > 0);
        // as if counted by an older engine with fewer rules
        s.conn().execute("UPDATE case_status SET open_errors = 3", []).unwrap();
        s.conn().execute("UPDATE app_state SET value = 'old' WHERE key = 'rules_stamp'", []).unwrap();
        (id, errors)
    };
    let s = Store::open(&path).unwrap();
    assert_eq!(s.case_row(id).unwrap().open_errors, errors);
    assert_eq!(s.get_state("rules_stamp").unwrap(), Some(crate::rules::fingerprint()));
}

/// Every change to a student's record or a meeting leaves an audit row naming who and what (the
/// per-user draft of text being typed is not the record, and the agenda timer is its own append-only
/// log with the actor on every row).
#[test]
fn every_mutation_path_is_audited() {
    let mut s = Store::open_in_memory().unwrap();
    let mut last = 0;
    let mut step = |s: &Store, what: &str, entity: &str, action: &str| {
        let rows = s.conn().query_row("SELECT count(*) FROM audit", [], |r| r.get::<_, i64>(0)).unwrap();
        assert!(rows > last, "{what}: no audit row");
        last = rows;
        let (e, a, actor): (String, String, String) = s
            .conn()
            .query_row("SELECT entity, action, actor FROM audit ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap();
        assert_eq!((e.as_str(), a.as_str()), (entity, action), "{what}");
        assert!(!actor.is_empty());
    };
    let sid = s.insert_student(&student("A1")).unwrap();
    step(&s, "insert student", "student", "insert");
    let before = s.student(sid).unwrap();
    let mut after = before.clone();
    after.grade = "5".into();
    s.update_student(sid, &before, &after).unwrap();
    step(&s, "update student", "student", "update");
    let mid = s.create_meeting(sid, MeetingType::Annual, &[], today()).unwrap();
    step(&s, "create meeting", "details", "insert");
    let item = s.insert_item(mid, Block::Attendees, &AnyRecord::Attendee(Attendee { name: "A".into(), ..Default::default() })).unwrap();
    step(&s, "insert item", "attendee", "insert");
    let item2 = s.insert_item(mid, Block::Attendees, &AnyRecord::Attendee(Attendee { name: "B".into(), ..Default::default() })).unwrap();
    let item = s.update_item(mid, Block::Attendees, &item, &AnyRecord::Attendee(Attendee { name: "C".into(), ..Default::default() })).unwrap();
    step(&s, "update item", "attendee", "update");
    s.reorder_items(mid, Block::Attendees, &[item2.id, item.id]).unwrap();
    step(&s, "reorder", "attendee", "reorder");
    s.delete_item(mid, Block::Attendees, &item2).unwrap();
    step(&s, "delete item", "attendee", "delete");
    s.set_section_done(mid, Section::Attendance, true).unwrap();
    step(&s, "section done", "meeting", "sections-done");
    s.acknowledge(mid, "team-gen-ed-teacher", "attendance", "none assigned yet").unwrap();
    step(&s, "acknowledge", "acknowledgement", "acknowledge");
    let e = s.add_entry(mid, Section::Goals, &NewEntry { kind: Some(EntryKind::Parking), text: "bus".into(), ..Default::default() }).unwrap();
    step(&s, "add entry", "entry", "insert");
    let mut e2 = e.clone();
    e2.text = "bus route".into();
    let e = s.update_entry(mid, &e, &e2).unwrap();
    step(&s, "update entry", "entry", "update");
    let e = s.resolve_parking(mid, &e, Section::Services).unwrap();
    step(&s, "resolve parking", "entry", "update");
    let p = s.add_entry(mid, Section::Goals, &NewEntry { kind: Some(EntryKind::Parking), text: "lunch".into(), ..Default::default() }).unwrap();
    s.carry_to_action(mid, &p, "", None).unwrap();
    step(&s, "carry", "entry", "carry");
    let _ = e;
    s.finalize_meeting(mid, today()).unwrap();
    step(&s, "finalize (annual moves the last-IEP date, then the record is sealed in the chain)", "meeting", "seal");
    let a = Amendment {
        id: 0,
        at: String::new(),
        actor: String::new(),
        date: today(),
        how: AMENDMENT_WAYS[0].into(),
        what: "x".into(),
        before: "a".into(),
        after: "b".into(),
        reason: "r".into(),
    };
    s.add_amendment(mid, &a).unwrap();
    step(&s, "amendment", "amendment", "insert");
    // All of it is about this student.
    let rows = s.audit_for(sid).unwrap();
    assert_eq!(rows.len() as i64, s.audit_count(Some(sid)).unwrap());
    assert!(rows.iter().any(|r| r.entity == "meeting" && r.action == "finalize"));
}

#[test]
fn search_ranks_the_better_match_first() {
    let mut s = Store::open_in_memory().unwrap();
    let sid = s.insert_student(&student("A1")).unwrap();
    let mid = s.create_meeting(sid, MeetingType::Annual, &[], today()).unwrap();
    let add = |s: &mut Store, sec, text: &str| s.add_entry(mid, sec, &NewEntry { text: text.into(), ..Default::default() }).unwrap();
    add(&mut s, Section::Services, "Transportation was discussed briefly along with many other unrelated matters of the day.");
    add(&mut s, Section::Transition, "Transportation: transportation training, transportation pass.");
    let hits = s.search("transportation", None, 10).unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].section, Some(Section::Transition), "more occurrences in a shorter entry rank first");
    assert!(hits[0].excerpt.contains("«Transportation»"));
}

#[cfg(unix)]
#[test]
fn a_shared_directory_gets_a_group_database() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("team");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let path = shared.join("iep.sqlite3");
    let mut s = Store::open(&path).unwrap();
    s.set_state("x", "y").unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o660);
    let wal = shared.join("iep.sqlite3-wal");
    assert_eq!(std::fs::metadata(&wal).unwrap().permissions().mode() & 0o777, 0o660, "SQLite copies the mode");
    // Anywhere else: owner only.
    let private = dir.path().join("mine.sqlite3");
    Store::open(&private).unwrap();
    assert_eq!(std::fs::metadata(&private).unwrap().permissions().mode() & 0o777, 0o600);
}

/// A finalized meeting keeps which rules checked it; loading other rules later changes neither that
/// nor anything else of the record, and a refused rules file changes nothing at all.
#[test]
fn finalize_records_the_rules_that_checked_the_meeting() {
    let mut s = Store::open_in_memory().unwrap();
    let id = s.insert_student(&student("R1")).unwrap();
    let district = "name = \"Example USD\"\n[[rule]]\nid = \"transition-discuss-first\"\nenabled = false\n";
    let audits = s.audit_count(None).unwrap();
    assert!(s.set_rules(Some("name = \"Example USD\"\n[[rule]]\nid = \"goal-baseline\"\nenabled = false\n")).is_err());
    assert_eq!((s.audit_count(None).unwrap(), s.get_state("district_rules").unwrap()), (audits, None), "refused: nothing changed");
    s.set_rules(Some(district)).unwrap();
    assert!(s.rules().unwrap().describe().contains("Example USD"));
    let mid = s.create_meeting(id, MeetingType::Annual, &[], today()).unwrap();
    assert_eq!(s.load_meeting(mid).unwrap().rules_used, None, "an open meeting is checked with the rules in force");
    s.finalize_meeting(mid, today()).unwrap();
    let used = s.load_meeting(mid).unwrap().rules_used.unwrap();
    assert!(used.contains("district rules 'Example USD'") && used.contains(&s.rules().unwrap().stamp()), "{used}");
    s.set_rules(None).unwrap();
    assert_eq!(s.load_meeting(mid).unwrap().rules_used.as_deref(), Some(used.as_str()));
    assert!(s.conn().execute("UPDATE meetings SET rules_used = 'built-in' WHERE id = ?1", [mid]).is_err(), "frozen with the meeting");
}

/// Case status follows what was done (issue 16): a finalized IEP that holds a transition plan and
/// records the transfer-of-rights notice meets both deadlines in `status`, the caseload and `due`.
#[test]
fn a_finalized_plan_and_rights_notice_meet_their_deadlines() {
    use crate::domain::meeting::{Block, TransitionPlan};
    use crate::timeline::DueKind;
    let mut s = Store::open_in_memory().unwrap();
    let d = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
    let st = Student { dob: Some(d("2011-01-15")), last_iep_date: Some(d("2026-03-04")), ..student("T1") };
    let id = s.insert_student(&st).unwrap();
    let kinds = |s: &Store| s.dues(id).unwrap().into_iter().map(|d| d.kind).collect::<Vec<_>>();
    assert!(kinds(&s).contains(&DueKind::TransitionPlan) && kinds(&s).contains(&DueKind::TransferOfRights));
    assert_eq!(s.case_row(id).unwrap().next_kind, Some(DueKind::TransitionPlan), "a real deadline, on the caseload");
    let mid = s.create_meeting(id, MeetingType::Amendment, &[], today()).unwrap();
    let plan = TransitionPlan {
        education_goal: "After high school Tavi will attend a community college program.".into(),
        transfer_of_rights_given: Some(d("2026-11-20")),
        ..Default::default()
    };
    s.insert_item(mid, Block::TransitionPlan, &crate::domain::meeting::AnyRecord::TransitionPlan(plan)).unwrap();
    assert!(kinds(&s).contains(&DueKind::TransitionPlan), "an open meeting has not met anything yet");
    s.finalize_meeting(mid, today()).unwrap();
    assert!(!kinds(&s).contains(&DueKind::TransitionPlan) && !kinds(&s).contains(&DueKind::TransferOfRights), "{:?}", kinds(&s));
}

#[test]
fn a_database_with_a_table_gone_is_named_as_damaged_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    drop(Store::open(&path).unwrap());
    // The list the check uses is every table the migrations create (the search index aside).
    let c = rusqlite::Connection::open(&path).unwrap();
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_fts%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(tables, super::REQUIRED_TABLES.to_vec());
    c.execute_batch("DROP TABLE entries;").unwrap();
    drop(c);
    let e = Store::open(&path).err().expect("refused").to_string();
    assert!(e.contains("damaged") && e.contains("entries is missing"), "{e}");
}

#[test]
fn a_reimport_writes_only_the_rows_that_change_and_keeps_what_the_file_did_not_give() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    let csv = "student_id,last_name,first_name,dob,grade\nGEN-1,Quillfeather,Tavi,2016-03-04,4\nGEN-2,Brightwater,Ona,2015-05-06,5\nGEN-3,Marrowlane,Pell,2014-07-08,6\n";
    let rows = crate::domain::roster::parse(csv, today(), |_| ()).unwrap();
    let mut steps = Vec::new();
    let r = s.import_students(&rows, false, |p| steps.push(p)).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (3, 0, 0));
    assert_eq!(steps.last(), Some(&ImportStep::Writing(3, 3)));
    // A case manager set by hand is kept: the file has no such column.
    let (id2, st2) = s.list_students().unwrap().into_iter().find(|(_, st)| st.local_id == "GEN-2").unwrap();
    let edited = Student { case_manager: "R. Okonkwo-Hale".into(), ..st2.clone() };
    s.update_student(id2, &st2, &edited).unwrap();
    let audit_before = s.audit_count(None).unwrap();
    // Again, with one grade changed and an ID in another case: one row is written, one audit row.
    let csv = "student_id,last_name,first_name,dob,grade\ngen-1,Quillfeather,Tavi,2016-03-04,4\nGEN-2,Brightwater,Ona,2015-05-06,6\nGEN-3,Marrowlane,Pell,2014-07-08,6\n";
    let rows = crate::domain::roster::parse(csv, today(), |_| ()).unwrap();
    let mut steps = Vec::new();
    let r = s.import_students(&rows, false, |p| steps.push(p)).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (0, 1, 2));
    assert_eq!(steps.last(), Some(&ImportStep::Writing(1, 1)), "only the changed row was written");
    // The changed row's audit row and the caseload summary row.
    assert_eq!(s.audit_count(None).unwrap(), audit_before + 2);
    let after: Vec<Student> = s.list_students().unwrap().into_iter().map(|(_, st)| st).collect();
    let two = after.iter().find(|st| st.local_id == "GEN-2").unwrap();
    assert_eq!((two.grade.as_str(), two.case_manager.as_str()), ("6", "R. Okonkwo-Hale"));
    assert!(after.iter().any(|st| st.local_id == "GEN-1"), "the stored spelling of the ID stays");
}

#[test]
fn a_draft_that_finds_the_lock_held_fails_fast_and_leaves_the_record_durable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let mut s = Store::open(&path).unwrap();
    let sid = s.insert_student(&student("S-1")).unwrap();
    let mid = s.create_meeting(sid, MeetingType::Annual, &[], today()).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    // The first draft waits its moment and fails; the next, within the backoff, fails at once.
    assert!(s.save_draft(mid, Section::Goals, "typed while locked").unwrap_err().is_busy());
    assert!(s.save_draft(mid, Section::Goals, "typed while locked, more").unwrap_err().is_busy());
    other.execute_batch("ROLLBACK").unwrap();
    // Neither left the connection committing the record with synchronous = NORMAL.
    let sync: i64 = s.conn().query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(sync, 2, "synchronous is FULL again");
}

#[test]
fn every_light_write_commits_with_normal_and_every_record_write_with_full() {
    // `PRAGMA synchronous = …` takes effect when it is prepared, not when it runs: a cached copy
    // would set the level once and never again. Alternate the two kinds and look from inside each.
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    let level = |tx: &rusqlite::Transaction| -> i64 { tx.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap() };
    for i in 0..4 {
        let light = s.write_light(|tx, _| Ok(level(tx))).unwrap();
        assert_eq!(light, 1, "light write {i} commits with NORMAL");
        let record = s.write(|tx, _| Ok(level(tx))).unwrap();
        assert_eq!(record, 2, "record write {i} commits with FULL");
    }
    let sync: i64 = s.conn().query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
    assert_eq!(sync, 2, "FULL between writes");
}
