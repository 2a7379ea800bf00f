//! The record of access (issue 19; 34 CFR 300.614, E.C. 49064): every read of a student's record
//! by a person writes exactly one row per student — who, when, what, and for a release the
//! recipient and purpose — in the audit's hash chain, append-only; a release without what the
//! law asks for is refused with nothing written; `iepmeet access` prints the log (text, JSON, PDF).

mod common;

use common::*;
use iepmeet::domain::meeting::Section;
use iepmeet::store::{AccessRow, Store};
use std::path::Path;
use std::process::{Command, Output};

fn iepmeet(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iepmeet"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22"])
        .args(args)
        .env_remove("IEPMEET_DB")
        .env_remove("SSH_CONNECTION")
        .output()
        .expect("run iepmeet")
}

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).to_string()
}

/// Every access row, of every student: (student, row).
fn all_rows(db: &Path) -> Vec<(i64, AccessRow)> {
    let s = Store::open(db).unwrap();
    let ids: Vec<i64> = s.list_students().unwrap().into_iter().map(|(id, _)| id).collect();
    let mut out = Vec::new();
    for id in ids {
        out.extend(s.access_for(id, None).unwrap().into_iter().map(|r| (id, r)));
    }
    out
}

/// The rows written by `f` (a read: it must record no change).
fn new_rows(db: &Path, f: impl FnOnce()) -> Vec<(i64, AccessRow)> {
    let changes_before = Store::open(db).unwrap().audit_count(None).unwrap();
    let rows = rows_written(db, f);
    assert_eq!(Store::open(db).unwrap().audit_count(None).unwrap(), changes_before, "a read changed the record's audit of changes");
    rows
}

/// The access rows written while `f` runs.
fn rows_written(db: &Path, f: impl FnOnce()) -> Vec<(i64, AccessRow)> {
    let before = all_rows(db).len();
    f();
    let after = all_rows(db);
    let mut rows = after;
    rows.sort_by(|a, b| a.1.at.cmp(&b.1.at));
    rows.split_off(before)
}

fn demo(dir: &Path, n: u32) -> std::path::PathBuf {
    let db = dir.join("d.sqlite3");
    ok(&iepmeet(&db, &["demo", "--students", &n.to_string()]));
    db
}

/// DEMO-00001 and their first meeting.
fn first_student(db: &Path) -> (i64, i64) {
    let s = Store::open(db).unwrap();
    let sid = s.find_students("DEMO-00001", 1).unwrap()[0].id;
    (sid, s.meetings_for(sid).unwrap()[0].id)
}

#[test]
fn every_command_line_read_writes_one_row_per_student() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 12);
    let (first, mid) = first_student(&db);

    // status of one student: one row, "case status".
    let rows = new_rows(&db, || {
        ok(&iepmeet(&db, &["status", "DEMO-00001"]));
    });
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].0, rows[0].1.action.as_str(), rows[0].1.what.as_str()), (first, "view", "case status (iepmeet status)"));
    assert!(!rows[0].1.actor.is_empty() && rows[0].1.recipient.is_empty());

    // status matching several: one row for each student listed, none for the others.
    // (A letter that begins several names: they are all listed.)
    let (letter, listed) = ('a'..='z')
        .map(|c| (c, Store::open(&db).unwrap().find_students(&c.to_string(), 100).unwrap().len()))
        .max_by_key(|(_, n)| *n)
        .unwrap();
    assert!(listed > 1, "a query that lists several students: {letter} {listed}");
    let rows = new_rows(&db, || {
        ok(&iepmeet(&db, &["status", &letter.to_string()]));
    });
    assert_eq!(rows.len(), listed);
    let mut who: Vec<i64> = rows.iter().map(|r| r.0).collect();
    who.dedup();
    assert_eq!(who.len(), listed, "one row each: {rows:?}");

    // No match: nothing was read, nothing is logged.
    assert!(new_rows(&db, || assert_eq!(iepmeet(&db, &["status", "zzzz-nobody"]).status.code(), Some(1))).is_empty());

    // audit: one row.
    let rows = new_rows(&db, || {
        ok(&iepmeet(&db, &["audit", "DEMO-00001"]));
    });
    assert_eq!((rows.len(), rows[0].0, rows[0].1.what.as_str()), (1, first, "audit trail (iepmeet audit)"));
    // The audit of changes does not show the reads.
    let audit = ok(&iepmeet(&db, &["audit", "DEMO-00001"]));
    assert!(!audit.contains("case status") && !audit.contains(" access"), "{audit}");

    // search: one row per student whose minutes are shown (a meeting's minutes first).
    let mut s = Store::open(&db).unwrap();
    let e = iepmeet::domain::minutes::NewEntry { text: "Quillwort reading plan agreed".into(), ..Default::default() };
    s.add_entry(mid, Section::Goals, &e).unwrap();
    s.add_entry(mid, Section::Services, &e).unwrap();
    drop(s);
    let rows = new_rows(&db, || {
        ok(&iepmeet(&db, &["search", "quillwort"]));
    });
    assert_eq!(rows.len(), 1, "two hits of one student: one row: {rows:?}");
    assert_eq!((rows[0].0, rows[0].1.what.as_str()), (first, "minutes shown in search results"));

    // export of a meeting, to a file, released to the parent: one row with the file and recipient.
    let out = dir.path().join("record.md");
    let rows = new_rows(&db, || {
        ok(&iepmeet(&db, &["export", &mid.to_string(), "--recipient", "Parent/guardian", "-o", out.to_str().unwrap()]));
    });
    assert_eq!(rows.len(), 1);
    let r = &rows[0].1;
    assert_eq!((rows[0].0, r.meeting_id, r.action.as_str(), r.recipient.as_str(), r.purpose.as_str()), (first, Some(mid), "export", "Parent/guardian", ""));
    assert_eq!(r.file.as_deref(), Some(out.to_str().unwrap()), "the absolute file name");
    assert!(r.what.contains("as md"), "{r:?}");

    // The roster: one row per student exported, with the release.
    let csv = dir.path().join("roster.csv");
    let rows = new_rows(&db, || {
        ok(&iepmeet(&db, &["export", "students", "--recipient", "Example County Office", "--purpose", "Caseload audit", "-o", csv.to_str().unwrap()]));
    });
    assert_eq!(rows.len(), 12);
    assert!(rows.iter().all(|(_, r)| r.recipient == "Example County Office" && r.purpose == "Caseload audit" && r.action == "export"));

    // access itself: one row, the last shown.
    let rows = new_rows(&db, || {
        let t = ok(&iepmeet(&db, &["access", "DEMO-00001"]));
        assert!(t.lines().last().unwrap().contains("record of access (iepmeet access)"), "{t}");
    });
    assert_eq!(rows.len(), 1);
}

#[test]
fn a_release_without_what_the_law_asks_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 2);
    let out = dir.path().join("x.pdf");
    let before = all_rows(&db);
    let cases: [&[&str]; 4] = [
        &["export", "1", "--format", "pdf", "--recipient", "Dr. Example, Sample Clinic", "-o", out.to_str().unwrap()],
        &["export", "1", "--format", "pdf", "--purpose", "evaluation", "-o", out.to_str().unwrap()],
        &["export", "students", "--recipient", "A newspaper", "-o", out.to_str().unwrap()],
        &["export", "1", "--recipient", &"x".repeat(400), "--purpose", "p", "-o", out.to_str().unwrap()],
    ];
    for args in cases {
        let o = iepmeet(&db, args);
        let e = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {e}");
        assert_eq!(e.trim().lines().count(), 1, "one sentence: {e}");
        assert!(e.contains("purpose") || e.contains("recipient") || e.contains("at most 300"), "{e}");
        assert!(!out.exists(), "{args:?}: a file was written");
    }
    let e = String::from_utf8_lossy(&iepmeet(&db, cases[0]).stderr).to_string();
    assert!(e.contains("--purpose") && e.contains("34 CFR 300.614"), "{e}");
    assert_eq!(all_rows(&db), before, "a refused release logged something");
    // With its purpose it goes through, and says to whom and why.
    ok(&iepmeet(&db, &["export", "1", "--format", "pdf", "--recipient", "Dr. Example, Sample Clinic", "--purpose", "Independent evaluation", "-o", out.to_str().unwrap()]));
    let last = all_rows(&db).into_iter().max_by(|a, b| a.1.at.cmp(&b.1.at)).unwrap().1;
    assert_eq!((last.recipient.as_str(), last.purpose.as_str()), ("Dr. Example, Sample Clinic", "Independent evaluation"));
}

#[test]
fn the_tui_logs_each_open_once_and_never_on_a_live_reload() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 3);
    let (sid, mid) = first_student(&db);
    let mut a = app(Store::open(&db).unwrap().with_actor("alice"));
    let mut b = app(Store::open(&db).unwrap().with_actor("bob"));
    let rows = new_rows(&db, || {
        a.open_student(sid).unwrap();
        a.run_pending();
    });
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].0, rows[0].1.actor.as_str(), rows[0].1.what.as_str(), rows[0].1.meeting_id), (sid, "alice", "opened the student's record (TUI)", None));
    let rows = new_rows(&db, || {
        a.open_meeting(mid, Section::Attendance).unwrap();
        b.open_meeting(mid, Section::Attendance).unwrap();
        a.run_pending();
        b.run_pending();
    });
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|(s, r)| *s == sid && r.meeting_id == Some(mid) && r.what == "opened the meeting (TUI)"));
    // Bob records minutes; Alice's screen follows (a live reload): that is not a new read.
    let rows = rows_written(&db, || {
        b.on_key(key('m'));
        type_str(&mut b, "Reading plan agreed\n");
        for s in [1.0, 2.0, 3.0] {
            a.tick(std::time::Instant::now() + std::time::Duration::from_secs_f64(s));
        }
    });
    assert!(rows.is_empty(), "a reload was logged as a read: {rows:?}");
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert!(m.meeting.entries.iter().any(|e| e.text == "Reading plan agreed"), "Alice's screen followed");
}

use iepmeet::ui::app::Screen;

#[test]
fn the_tui_export_dialog_asks_who_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 2);
    let (_, mid) = first_student(&db);
    let mut a = app(Store::open(&db).unwrap());
    a.open_meeting(mid, Section::Attendance).unwrap();
    a.run_pending();
    let out = dir.path().join("to-clinic.md");
    let rows = new_rows(&db, || {
        a.on_key(key('E'));
        a.on_key(code(crossterm::event::KeyCode::Enter)); // md
        assert!(screen(&a, 80, 24).contains("Who receives this copy?"), "{}", screen(&a, 80, 24));
        // Someone else: Other…, a name and agency.
        a.on_key(code(crossterm::event::KeyCode::End));
        a.on_key(code(crossterm::event::KeyCode::Enter));
        type_str(&mut a, "Dr. Example, Sample Clinic\n");
        assert!(screen(&a, 80, 24).contains("Why is it released to them?"), "{}", screen(&a, 80, 24));
        // No purpose: refused in the dialog, nothing exported.
        a.on_key(code(crossterm::event::KeyCode::Enter));
        assert!(screen(&a, 80, 24).contains("needs its purpose"), "{}", screen(&a, 80, 24));
        type_str(&mut a, "Independent evaluation\n");
        // The file.
        a.on_key(ctrl('u'));
        type_str(&mut a, &format!("{}\n", out.display()));
    });
    assert!(out.exists(), "{}", screen(&a, 80, 24));
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0].1;
    assert_eq!((r.action.as_str(), r.recipient.as_str(), r.purpose.as_str(), r.file.as_deref()), ("export", "Dr. Example, Sample Clinic", "Independent evaluation", Some(out.to_str().unwrap())));
    // The parent: one Enter, no purpose asked.
    let out2 = dir.path().join("to-parent.md");
    let rows = new_rows(&db, || {
        a.on_key(key('E'));
        a.on_key(code(crossterm::event::KeyCode::Enter));
        a.on_key(code(crossterm::event::KeyCode::Enter)); // Parent/guardian
        a.on_key(ctrl('u'));
        type_str(&mut a, &format!("{}\n", out2.display()));
    });
    assert!(out2.exists(), "{}", screen(&a, 80, 24));
    assert_eq!((rows.len(), rows[0].1.recipient.as_str()), (1, "Parent/guardian"));
}

#[test]
fn the_log_is_append_only_and_in_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 2);
    ok(&iepmeet(&db, &["status", "DEMO-00001"]));
    let sql = |q: &str| Command::new("sqlite3").arg(&db).arg(q).output().unwrap();
    for q in [
        "UPDATE audit SET actor = 'someone else' WHERE entity = 'access'",
        "DELETE FROM audit WHERE entity = 'access'",
        "INSERT OR REPLACE INTO audit SELECT * FROM audit WHERE entity = 'access'",
    ] {
        let o = sql(q);
        assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("append-only"), "{q}: {o:?}");
    }
    assert_eq!(all_rows(&db).len(), 1);
    // With the triggers dropped, a changed row breaks the chain, and verify says so.
    let o = sql("DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'someone else' WHERE entity = 'access';");
    assert!(o.status.success(), "{o:?}");
    let o = iepmeet(&db, &["verify"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn access_prints_text_json_since_and_a_pdf_a_parent_may_inspect() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 2);
    let out = dir.path().join("r.md");
    ok(&iepmeet(&db, &["export", "1", "--recipient", "Dr. Example, Sample Clinic", "--purpose", "Independent evaluation", "-o", out.to_str().unwrap()]));
    let o = Command::new(env!("CARGO_BIN_EXE_iepmeet"))
        .args(["--db", db.to_str().unwrap(), "status", "DEMO-00001"])
        .env("SSH_CONNECTION", "192.0.2.7 50000 192.0.2.1 22")
        .env("USER", "casemgr")
        .output()
        .unwrap();
    assert!(o.status.success());
    let t = ok(&iepmeet(&db, &["access", "DEMO-00001"]));
    assert!(t.starts_with("Record of access of "), "{t}");
    assert!(t.contains("to Dr. Example, Sample Clinic · purpose: Independent evaluation"), "{t}");
    assert!(t.contains("casemgr@192.0.2.7  case status"), "who, with the SSH client address: {t}");
    let v: serde_json::Value = serde_json::from_str(&ok(&iepmeet(&db, &["access", "DEMO-00001", "--json"]))).unwrap();
    let rows = v["access"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["recipient"] == "Dr. Example, Sample Clinic" && r["purpose"] == "Independent evaluation" && r["action"] == "export"));
    // --since tomorrow: only reads from then (none yet — except none; the access call itself is today).
    let v: serde_json::Value = serde_json::from_str(&ok(&iepmeet(&db, &["access", "DEMO-00001", "--json", "--since", "2099-01-01"]))).unwrap();
    assert_eq!(v["access"].as_array().unwrap().len(), 0);
    let o = iepmeet(&db, &["access", "DEMO-00001", "--since", "soon"]);
    assert_eq!(o.status.code(), Some(2));
    // The PDF: every row's who, what, recipient and purpose, and "Page 1 of 1".
    let pdf = dir.path().join("access.pdf");
    let o = iepmeet(&db, &["access", "DEMO-00001", "--format", "pdf", "-o", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{o:?}");
    let text = pdf_pages(&std::fs::read(&pdf).unwrap()).join("\n");
    let norm = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in ["Record of access", "Snowbright, Alder", "Dr. Example, Sample Clinic", "Independent evaluation", "casemgr@192.0.2.7", "34 CFR 300.614", "Page 1 of 1"] {
        // (A cell may wrap: each word is there.)
        for w in want.split_whitespace() {
            assert!(norm.contains(w), "the PDF lacks {w:?} of {want:?}:\n{text}");
        }
    }
    assert!(text.contains("Page 1 of 1") && text.contains("Record of access — Snowbright, Alder"), "{text}");
    assert_eq!(iepmeet(&db, &["access", "DEMO-00001", "--format", "pdf"]).status.code(), Some(2), "a PDF needs a file");
}

#[test]
fn a_read_while_another_program_holds_the_lock_is_spooled_then_chained_in_order() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 2);
    let spool = dir.path().join("d.sqlite3-access");
    // Another program holds the write lock (longer than any busy timeout).
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("BEGIN IMMEDIATE; UPDATE app_state SET value = value WHERE key = 'welcomed';").unwrap();
    let start = std::time::Instant::now();
    let first = ok(&iepmeet(&db, &["status", "DEMO-00001"]));
    ok(&iepmeet(&db, &["audit", "DEMO-00001"]));
    assert!(start.elapsed() < std::time::Duration::from_secs(3), "a read waited for the writer: {:?}", start.elapsed());
    assert!(first.contains("DEMO-00001"));
    // Kept beside the database, owner-only, not yet in the chain.
    assert_eq!(std::fs::metadata(&spool).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::read_to_string(&spool).unwrap().lines().count(), 2);
    c.execute_batch("ROLLBACK;").unwrap();
    // The next read takes them into the chain first, with their own times, and empties the spool.
    ok(&iepmeet(&db, &["status", "DEMO-00001"]));
    let rows = all_rows(&db);
    let what: Vec<&str> = rows.iter().map(|(_, r)| r.what.as_str()).collect();
    assert_eq!(what, ["case status (iepmeet status)", "audit trail (iepmeet audit)", "case status (iepmeet status)"]);
    assert!(rows.windows(2).all(|w| w[0].1.at <= w[1].1.at), "{rows:?}");
    assert_eq!(std::fs::metadata(&spool).unwrap().len(), 0);
    assert_eq!(iepmeet(&db, &["verify"]).status.code(), Some(0), "the chain holds");
    // A spool planted as a link is refused, and the read with it: nothing unrecorded is shown.
    std::fs::remove_file(&spool).unwrap();
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), &spool).unwrap();
    let o = iepmeet(&db, &["status", "DEMO-00001"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(o.stdout.is_empty() && !dir.path().join("elsewhere").exists());
}

/// The `-wal` file beside the database.
fn wal(db: &Path) -> std::path::PathBuf {
    let mut p = db.as_os_str().to_os_string();
    p.push("-wal");
    p.into()
}

#[test]
fn a_lookup_leaves_its_row_in_the_wal_and_the_wal_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), 5);
    assert!(!wal(&db).exists(), "demo closes with the WAL folded in");
    // A lookup's row is committed in the WAL, not folded into the file as the lookup exits.
    ok(&iepmeet(&db, &["status", "DEMO-00001"]));
    assert!(std::fs::metadata(wal(&db)).map(|m| m.len() > 0).unwrap_or(false), "the row waits in the WAL");
    // Every other reader sees it, and the chain holds (read by SQLite from the WAL).
    assert_eq!(all_rows(&db).len(), 1);
    assert_eq!(iepmeet(&db, &["verify"]).status.code(), Some(0));
    // Many lookups: the WAL is folded in by a lookup once it holds 64 pages, so it stays small (a
    // new connection reads it all back: its size is each open's cost).
    for _ in 0..120 {
        ok(&iepmeet(&db, &["status", "DEMO-00002"]));
        let len = std::fs::metadata(wal(&db)).map(|m| m.len()).unwrap_or(0);
        assert!(len < 80 * (4096 + 24) + 32, "the WAL grew to {len} bytes");
    }
    assert_eq!(all_rows(&db).len(), 121, "no row lost when a lookup folded the WAL in");
    assert_eq!(iepmeet(&db, &["verify"]).status.code(), Some(0));
    let text = ok(&iepmeet(&db, &["access", "DEMO-00002"]));
    assert_eq!(text.matches("case status (iepmeet status)").count(), 120, "{text}");
    // A store opened for a lookup that then writes the record closes as every writer does: the WAL
    // folded into the file and removed.
    let mut s = Store::open(&db).unwrap().for_lookup().unwrap();
    let sid = s.find_students("DEMO-00003", 1).unwrap()[0].id;
    s.log_access(&[sid], None, &iepmeet::domain::access::View::Status, None).unwrap();
    let before = s.student(sid).unwrap();
    let after = iepmeet::domain::student::Student { school: "Example Middle School".into(), ..before.clone() };
    s.update_student(sid, &before, &after).unwrap();
    drop(s);
    assert!(!wal(&db).exists(), "a record write's store folds the WAL in as it closes");
    assert_eq!(all_rows(&db).len(), 123);
}
