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

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Store {
    /// Add or update students by local ID, in one transaction: all rows or none. An existing student
    /// keeps every field the roster did not give. With `dry_run` nothing is written.
    pub fn import_students(
        &mut self,
        rows: &[crate::domain::roster::RosterRow],
        dry_run: bool,
        mut progress: impl FnMut(usize),
    ) -> Result<ImportReport> {
        let (policy, cal) = (self.policy()?, self.calendar()?);
        cases::clear_dirty();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let actor = self.actor.clone();
        let mut report = ImportReport::default();
        {
            // IDs match without regard to case; the lower-cased, partial index answers (schema v12).
            let mut find = tx.prepare("SELECT id, data FROM students WHERE lower(local_id) = lower(?1) AND local_id <> '' LIMIT 2")?;
            let mut ins = tx.prepare("INSERT INTO students(data, created_at, updated_at) VALUES (?1, ?2, ?2)")?;
            let mut upd =
                tx.prepare("UPDATE students SET data = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3")?;
            let t = now();
            for (i, row) in rows.iter().enumerate() {
                if i % 1024 == 0 {
                    progress(i);
                }
                let found: Vec<(i64, String)> =
                    find.query_map([&row.student.local_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
                if found.len() > 1 {
                    return Err(StoreError::Invalid(format!(
                        "two students here have the ID {} in different cases; give one of them another ID first (nothing was imported)",
                        crate::domain::text::display(&row.student.local_id)
                    )));
                }
                let existing = found.into_iter().next();
                match existing {
                    None => {
                        let json = serde_json::to_string(&row.student).expect("serialize");
                        ins.execute(params![json, t])?;
                        let id = tx.last_insert_rowid();
                        audit(&tx, &actor, Some(id), None, "student", Some(id), "import", None, Some(&json))?;
                        cases::write_status(&tx, id, &row.student, &[], &policy, &cal)?;
                        report.added += 1;
                    }
                    Some((id, old)) => {
                        let mut merged: serde_json::Value = serde_json::from_str(&old)
                            .map_err(|e| StoreError::Corrupt(format!("student {id}: {e}")))?;
                        let given = serde_json::to_value(&row.student).expect("serialize");
                        // The student was found by the ID: its spelling here stays (an import in
                        // another case is the same student, not a change).
                        for f in row.fields.iter().filter(|f| **f != "local_id") {
                            merged[*f] = given[*f].clone();
                        }
                        let s: Student = serde_json::from_value(merged)
                            .map_err(|e| StoreError::Corrupt(format!("student {id}: {e}")))?;
                        if decode(id, &old)? == s {
                            report.unchanged += 1;
                            continue;
                        }
                        let json = serde_json::to_string(&s).expect("serialize");
                        upd.execute(params![json, t, id])?;
                        audit(&tx, &actor, Some(id), None, "student", Some(id), "import", Some(&old), Some(&json))?;
                        cases::refresh(&tx, id, &policy, &cal)?;
                        report.updated += 1;
                    }
                }
            }
            progress(rows.len());
        }
        if dry_run {
            tx.rollback()?;
        } else {
            audit(
                &tx,
                &actor,
                None,
                None,
                "caseload",
                None,
                "import",
                None,
                Some(&format!("{} added, {} updated, {} unchanged", report.added, report.updated, report.unchanged)),
            )?;
            cases::bump_serial(&tx)?;
            tx.commit()?;
        }
        Ok(report)
    }
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
