//! The staff directory (schema v13): the people a meeting's team is picked from, and who came to a
//! student's earlier meetings.

use rusqlite::{params, OptionalExtension};

use super::{audit, now, Result, Store, StoreError};
use crate::domain::meeting::{AnyRecord, Attendee};
use crate::domain::people::Person;

/// What a directory import did (or, for a dry run, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StaffReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

fn decode(json: &str) -> Result<Person> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("staff directory: {e}")))
}

impl Store {
    /// Add or update people by name (ignoring case), all in one transaction with one audit row
    /// each. People not in the file stay. With `dry_run` nothing is written.
    pub fn import_staff(&mut self, people: &[Person], dry_run: bool) -> Result<StaffReport> {
        let plan = |conn: &rusqlite::Connection, p: &Person| -> Result<(Option<(i64, String)>, String)> {
            let json = serde_json::to_string(p).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let old: Option<(i64, String)> = conn
                .query_row("SELECT id, data FROM staff WHERE lower(name) = lower(?1)", [&p.name], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            Ok((old, json))
        };
        if dry_run {
            let mut r = StaffReport::default();
            for p in people {
                match plan(self.conn(), p)? {
                    (None, _) => r.added += 1,
                    (Some((_, old)), json) if old == json => r.unchanged += 1,
                    _ => r.updated += 1,
                }
            }
            return Ok(r);
        }
        self.write(|tx, actor| {
            let mut r = StaffReport::default();
            let t = now();
            for p in people {
                match plan(tx, p)? {
                    (None, json) => {
                        tx.execute("INSERT INTO staff(name, data, updated_at) VALUES (?1, ?2, ?3)", params![p.name, json, t])?;
                        audit(tx, actor, None, None, "staff", Some(tx.last_insert_rowid()), "import", None, Some(&json))?;
                        r.added += 1;
                    }
                    (Some((_, old)), json) if old == json => r.unchanged += 1,
                    (Some((id, old)), json) => {
                        tx.execute("UPDATE staff SET name = ?1, data = ?2, updated_at = ?3 WHERE id = ?4", params![p.name, json, t, id])?;
                        audit(tx, actor, None, None, "staff", Some(id), "import", Some(&old), Some(&json))?;
                        r.updated += 1;
                    }
                }
            }
            Ok(r)
        })
    }

    /// The whole directory, by name.
    pub fn staff(&self) -> Result<Vec<Person>> {
        let mut st = self.conn().prepare_cached("SELECT data FROM staff ORDER BY lower(name)")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|j| decode(&j?)).collect()
    }

    /// Who came to the student's other meetings, newest meeting first (a meeting's list in order).
    pub fn earlier_attendees(&self, student_id: i64, except_meeting: i64) -> Result<Vec<Attendee>> {
        let mut st = self.conn().prepare_cached(
            "SELECT i.data FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id
              WHERE m.student_id = ?1 AND m.id <> ?2 AND i.block = 'attendee'
              ORDER BY m.created_at DESC, m.id DESC, i.position, i.id",
        )?;
        let rows = st.query_map(params![student_id, except_meeting], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for json in rows {
            if let Ok(AnyRecord::Attendee(a)) = AnyRecord::from_json(crate::domain::meeting::Block::Attendees, &json?) {
                out.push(a);
            }
        }
        Ok(out)
    }
}
