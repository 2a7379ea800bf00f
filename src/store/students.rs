//! Students: the IEP 1 record, stored as JSON with indexed generated columns.

use rusqlite::{params, OptionalExtension};

use super::{audit, cases, now, Result, Store, StoreError};

use crate::domain::demo::DemoStudent;
use crate::domain::student::Student;

pub(super) fn decode(id: i64, json: &str) -> Result<Student> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("student {id}: {e}")))
}

fn unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ConstraintViolation))
        && (e.to_string().contains("local_id") || e.to_string().contains("without regard to case"))
}

impl Store {
    pub fn student_count(&self) -> Result<i64> {
        Ok(self.conn().query_row("SELECT count(*) FROM students", [], |r| r.get(0))?)
    }

    /// Every student, ordered by last name, first name.
    pub fn list_students(&self) -> Result<Vec<(i64, Student)>> {
        let mut st = self.conn().prepare(
            "SELECT id, data FROM students ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id",
        )?;
        let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row?;
            out.push((id, decode(id, &json)?));
        }
        Ok(out)
    }

    pub fn student(&self, id: i64) -> Result<Student> {
        let json: Option<String> =
            self.conn().query_row("SELECT data FROM students WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        decode(id, &json.ok_or_else(|| StoreError::NotFound(format!("student {id}")))?)
    }

    pub fn insert_student(&mut self, s: &Student) -> Result<i64> {
        let json = serde_json::to_string(s).expect("serialize");
        let local = s.local_id.clone();
        let (policy, cal) = (self.policy()?, self.calendar()?);
        self.write(|tx, actor| {
            let t = now();
            tx.execute(
                "INSERT INTO students(data, created_at, updated_at) VALUES (?1, ?2, ?2)",
                params![json, t],
            )
            .map_err(|e| if unique_violation(&e) { StoreError::DuplicateId(local.clone()) } else { e.into() })?;
            let id = tx.last_insert_rowid();
            audit(tx, actor, Some(id), None, "student", Some(id), "insert", None, Some(&json))?;
            cases::write_status(tx, id, s, &[], &policy, &cal)?;
            Ok(id)
        })
    }

    /// Replace a student's record; `before` is the version the editor started from.
    pub fn update_student(&mut self, id: i64, before: &Student, after: &Student) -> Result<()> {
        let old = serde_json::to_string(before).expect("serialize");
        let new = serde_json::to_string(after).expect("serialize");
        let local = after.local_id.clone();
        let (policy, cal) = (self.policy()?, self.calendar()?);
        self.write(|tx, actor| {
            let current: String = tx
                .query_row("SELECT data FROM students WHERE id = ?1", [id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StoreError::NotFound(format!("student {id}")))?;
            if decode(id, &current)? != *before {
                return Err(StoreError::Conflict { what: "student record" });
            }
            tx.execute(
                "UPDATE students SET data = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3",
                params![new, now(), id],
            )
            .map_err(|e| if unique_violation(&e) { StoreError::DuplicateId(local.clone()) } else { e.into() })?;
            audit(tx, actor, Some(id), None, "student", Some(id), "update", Some(&old), Some(&new))?;
            cases::refresh(tx, id, &policy, &cal)?;
            Ok(())
        })
    }

    /// Load a generated demo caseload in one transaction.
    pub fn load_demo(
        &mut self,
        demo: &[DemoStudent],
        today: chrono::NaiveDate,
        mut progress: impl FnMut(usize),
    ) -> Result<usize> {
        let (policy, cal) = (self.policy()?, self.calendar()?);
        let n = self.write(|tx, actor| {
            let t = now();
            let mut ins = tx.prepare("INSERT INTO students(data, created_at, updated_at) VALUES (?1, ?2, ?2)")?;
            for (i, d) in demo.iter().enumerate() {
                if i % 1024 == 0 {
                    progress(i);
                }
                let json = serde_json::to_string(&d.student).expect("serialize");
                ins.execute(params![json, t]).map_err(|e| {
                    if unique_violation(&e) { StoreError::DuplicateId(d.student.local_id.clone()) } else { e.into() }
                })?;
                let sid = tx.last_insert_rowid();
                if let Some((mtype, records)) = &d.open_meeting {
                    super::meetings::insert_meeting(tx, actor, sid, *mtype, records, today)?;
                }
                cases::write_status(tx, sid, &d.student, &[], &policy, &cal)?;
            }
            audit(tx, actor, None, None, "caseload", None, "demo", None, Some(&format!("{} students", demo.len())))?;
            Ok(demo.len())
        })?;
        let with_meetings: Vec<i64> = self
            .conn()
            .prepare("SELECT student_id FROM case_status WHERE open_meeting IS NOT NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for sid in with_meetings {
            self.check_open_meeting(sid, today)?;
        }
        // Last year's finalized IEPs, through the same paths as a real meeting (audited, sealed).
        let ids: Vec<(i64, String)> = self.list_students()?.into_iter().map(|(id, s)| (id, s.local_id)).collect();
        for d in demo {
            let Some(h) = &d.history else { continue };
            let Some((sid, _)) = ids.iter().find(|(_, l)| *l == d.student.local_id) else { continue };
            self.load_history(*sid, h)?;
        }
        Ok(n)
    }
}

/// Where an import is, for a progress bar: rows compared (of all), then rows written (of those
/// that change anything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStep {
    Comparing(usize),
    Writing(usize, usize),
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Store {
    /// Add or update students by local ID. An existing student keeps every field the roster did
    /// not give. With `dry_run` nothing is written.
    ///
    /// All or nothing, without holding the write lock for the whole file: every row was validated
    /// before this is called (`roster::parse`), so what is left to fail is the machine (a full disk,
    /// a damaged file). The rows that change anything are written in short transactions (each
    /// writes for `IMPORT_SLICE`, then pauses `IMPORT_GAP`), so other people keep typing meanwhile;
    /// each transaction remembers what it changed, and if a later one fails, those already written
    /// are undone (students added are removed, students updated get back the record they had, each
    /// with its audit row) before the error is returned.
    pub fn import_students(
        &mut self,
        rows: &[crate::domain::roster::RosterRow],
        dry_run: bool,
        mut progress: impl FnMut(ImportStep),
    ) -> Result<ImportReport> {
        let (policy, cal) = (self.policy()?, self.calendar()?);
        let mut report = ImportReport::default();
        // First, read only and without the write lock: what each row would do. A roster imported
        // again each night is mostly unchanged rows, which then cost no write at all.
        let mut todo: Vec<usize> = Vec::new();
        {
            let conn = self.conn();
            let mut find = conn.prepare_cached(FIND_BY_ID)?;
            for (i, row) in rows.iter().enumerate() {
                if i % 1024 == 0 {
                    progress(ImportStep::Comparing(i));
                }
                match plan_row(&mut find, row)? {
                    Planned::Add(_) => report.added += 1,
                    Planned::Update { .. } => report.updated += 1,
                    Planned::Unchanged => {
                        report.unchanged += 1;
                        continue;
                    }
                }
                todo.push(i);
            }
        }
        progress(ImportStep::Comparing(rows.len()));
        if dry_run {
            return Ok(report);
        }
        // Then the rows that change anything, each planned again inside its transaction (someone
        // may have changed the student since), so what is written is against the record as it is.
        report = ImportReport { unchanged: report.unchanged, ..ImportReport::default() };
        let mut undo: Vec<Undo> = Vec::new();
        // Bigger pages of the file stay in memory while the indexes grow (the default 2 MB cache
        // misses on every name-ordered insert past a few ten thousand students).
        let cache: i64 = self.conn().query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn().execute_batch("PRAGMA cache_size = -65536")?;
        let mut next = 0;
        while next < todo.len() {
            progress(ImportStep::Writing(next, todo.len()));
            let began = std::time::Instant::now();
            let written = self.write(|tx, actor| {
                let mut find = tx.prepare_cached(FIND_BY_ID)?;
                let mut done = Vec::new();
                let mut counts = ImportReport::default();
                let t = now();
                let mut at = next;
                // A transaction writes rows until it has held the lock for `IMPORT_SLICE`.
                while at < todo.len() && (at - next < IMPORT_MIN_ROWS || began.elapsed() < IMPORT_SLICE) {
                    let row = &rows[todo[at]];
                    at += 1;
                    match plan_row(&mut find, row)? {
                        Planned::Add(json) => {
                            tx.prepare_cached("INSERT INTO students(data, created_at, updated_at) VALUES (?1, ?2, ?2)")?.execute(params![json, t])?;
                            let id = tx.last_insert_rowid();
                            audit(tx, actor, Some(id), None, "student", Some(id), "import", None, Some(&json))?;
                            cases::write_status(tx, id, &row.student, &[], &policy, &cal)?;
                            done.push(Undo::Added(id));
                            counts.added += 1;
                        }
                        Planned::Update { id, old, new } => {
                            tx.prepare_cached("UPDATE students SET data = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3")?.execute(params![new, t, id])?;
                            audit(tx, actor, Some(id), None, "student", Some(id), "import", Some(&old), Some(&new))?;
                            cases::refresh(tx, id, &policy, &cal)?;
                            done.push(Undo::Updated { id, old, new });
                            counts.updated += 1;
                        }
                        Planned::Unchanged => counts.unchanged += 1,
                    }
                }
                Ok((done, counts, at))
            });
            match written {
                Ok((done, counts, at)) => {
                    undo.extend(done);
                    report.added += counts.added;
                    report.updated += counts.updated;
                    report.unchanged += counts.unchanged;
                    next = at;
                }
                Err(e) => {
                    let undone = self.undo_import(&undo);
                    self.import_done(cache);
                    return Err(match undone {
                        Ok(()) => StoreError::Invalid(format!("the import stopped ({e}); the rows already written were undone, so nothing was imported")),
                        Err(u) => StoreError::Invalid(format!(
                            "the import stopped ({e}) and could not be undone ({u}): {} students were added or updated; import the same file again to finish it",
                            undo.len()
                        )),
                    });
                }
            }
            // Leave the lock free between transactions: SQLite's busy handler is not fair, and a
            // writer waiting in it polls every 25 to 50 ms by then, so someone typing gets in
            // after at most about one slice.
            if next < todo.len() {
                std::thread::sleep(IMPORT_GAP);
            }
        }
        self.import_done(cache);
        progress(ImportStep::Writing(todo.len(), todo.len()));
        let summary = format!("{} added, {} updated, {} unchanged", report.added, report.updated, report.unchanged);
        self.write(|tx, actor| audit(tx, actor, None, None, "caseload", None, "import", None, Some(&summary)).map(|_| ()))?;
        Ok(report)
    }

    /// Back to the connection's usual page cache after an import (best effort: a failure here
    /// only leaves a bigger cache).
    fn import_done(&mut self, cache: i64) {
        let _ = self.conn().execute_batch(&format!("PRAGMA cache_size = {cache}"));
    }

    /// Put back what the chunks of a failed import wrote, newest first, in short transactions.
    fn undo_import(&mut self, undo: &[Undo]) -> Result<()> {
        let (policy, cal) = (self.policy()?, self.calendar()?);
        let list: Vec<&Undo> = undo.iter().rev().collect();
        for chunk in list.chunks(IMPORT_CHUNK) {
            self.write(|tx, actor| {
                for u in chunk {
                    match u {
                        Undo::Added(id) => {
                            let old: Option<String> = tx.query_row("SELECT data FROM students WHERE id = ?1", [id], |r| r.get(0)).optional()?;
                            tx.execute("DELETE FROM students WHERE id = ?1", [id])?;
                            audit(tx, actor, Some(*id), None, "student", Some(*id), "import-undo", old.as_deref(), None)?;
                        }
                        Undo::Updated { id, old, new } => {
                            tx.execute("UPDATE students SET data = ?1, version = version + 1 WHERE id = ?2", params![old, id])?;
                            audit(tx, actor, Some(*id), None, "student", Some(*id), "import-undo", Some(new), Some(old))?;
                            cases::refresh(tx, *id, &policy, &cal)?;
                        }
                    }
                }
                Ok(())
            })?;
        }
        Ok(())
    }
}

/// How long one import transaction writes rows before it commits and lets others write: with
/// the commit, the lock is held well under the 200 ms a typist may wait (benches/import.sh).
const IMPORT_SLICE: std::time::Duration = std::time::Duration::from_millis(100);
/// The pause between two import transactions, long enough for a waiting writer's busy handler
/// to find the lock free.
const IMPORT_GAP: std::time::Duration = std::time::Duration::from_millis(30);
/// Rows a transaction writes at least, however slow the machine (progress is never stuck).
const IMPORT_MIN_ROWS: usize = 16;
/// Rows per undo transaction (undoing a failed import).
const IMPORT_CHUNK: usize = 250;

// IDs match without regard to case; the lower-cased, partial index answers (schema v12).
const FIND_BY_ID: &str = "SELECT id, data FROM students WHERE lower(local_id) = lower(?1) AND local_id <> '' LIMIT 2";

/// What a chunk wrote, to undo it if a later chunk fails.
enum Undo {
    Added(i64),
    Updated { id: i64, old: String, new: String },
}

/// What one row does, against the database as it is now.
enum Planned {
    Add(String),
    Update { id: i64, old: String, new: String },
    Unchanged,
}

fn plan_row(find: &mut rusqlite::CachedStatement, row: &crate::domain::roster::RosterRow) -> Result<Planned> {
    let found: Vec<(i64, String)> = find.query_map([&row.student.local_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    if found.len() > 1 {
        return Err(StoreError::Invalid(format!(
            "two students here have the ID {} in different cases; give one of them another ID first (nothing was imported)",
            crate::domain::text::display(&row.student.local_id)
        )));
    }
    let Some((id, old)) = found.into_iter().next() else {
        return Ok(Planned::Add(serde_json::to_string(&row.student).expect("serialize")));
    };
    let before = decode(id, &old)?;
    let mut s = before.clone();
    // The student was found by the ID: its spelling here stays (an import in another case is the
    // same student, not a change).
    for f in row.fields.iter().filter(|f| **f != "local_id") {
        s.copy_field(&row.student, f);
    }
    if s == before {
        return Ok(Planned::Unchanged);
    }
    Ok(Planned::Update { id, old, new: serde_json::to_string(&s).expect("serialize") })
}

impl Store {
    fn load_history(&mut self, sid: i64, h: &crate::domain::demo::History) -> Result<()> {
        use crate::domain::meeting::{MeetingType, Section};
        let mid = self.create_meeting(sid, MeetingType::Annual, &h.records, h.date)?;
        let m = self.load_meeting(mid)?;
        let team = crate::domain::minutes::people(&m);
        for (sec, typed) in &h.entries {
            let e = crate::domain::minutes::parse_entry(typed, &team).map_err(|e| StoreError::Invalid(format!("demo entry: {e}")))?;
            self.add_entry(mid, Section::from_code(sec).unwrap_or(Section::Attendance), &e)?;
        }
        for sec in Section::ALL {
            self.set_section_done(mid, sec, true)?;
        }
        self.finalize_meeting(mid, h.date)?;
        let (what, before, after, reason) = &h.amendment;
        let a = crate::domain::minutes::Amendment {
            id: 0,
            at: String::new(),
            actor: String::new(),
            date: h.date + chrono::Duration::days(3),
            how: crate::domain::minutes::AMENDMENT_WAYS[1].into(),
            what: what.clone(),
            before: before.clone(),
            after: after.clone(),
            reason: reason.clone(),
        };
        self.add_amendment(mid, &a)?;
        Ok(())
    }
}
