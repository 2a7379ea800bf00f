//! Minutes entries, per-user drafts, the agenda timer, amendments, full-text search and reading the
//! audit trail. Every change is audited with its before and after.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Row};

use super::{audit, now, Result, Store, StoreError};
use crate::domain::agenda::TimerEvent;
use crate::domain::meeting::Section;
use crate::domain::minutes::{Amendment, Entry, EntryKind, NewEntry, Resolution, MAX_ENTRY};
use crate::domain::text::{clean_line, clean_text};

const ENTRY_COLS: &str = "id, section, kind, speaker, text, owner, due, resolution, at, actor, version";

fn entry_of(r: &Row) -> rusqlite::Result<Entry> {
    let section: String = r.get(1)?;
    let kind: String = r.get(2)?;
    let due: Option<String> = r.get(6)?;
    let resolution: Option<String> = r.get(7)?;
    Ok(Entry {
        id: r.get(0)?,
        section: Section::from_code(&section).unwrap_or(Section::Attendance),
        kind: EntryKind::from_code(&kind).unwrap_or(EntryKind::Note),
        speaker: r.get(3)?,
        text: r.get(4)?,
        owner: r.get(5)?,
        due: due.and_then(|d| d.parse().ok()),
        resolution: resolution.as_deref().and_then(Resolution::from_code),
        at: r.get(8)?,
        actor: r.get(9)?,
        version: r.get(10)?,
    })
}

/// The stored form of an entry, for the audit trail.
fn entry_json(e: &Entry) -> String {
    serde_json::json!({
        "section": e.section.code(), "kind": e.kind.code(), "speaker": e.speaker, "text": e.text,
        "owner": e.owner, "due": e.due.map(|d| d.to_string()), "resolution": e.resolution.as_ref().map(|r| r.code()),
    })
    .to_string()
}

fn amendment_of(r: &Row) -> rusqlite::Result<Amendment> {
    let date: String = r.get(4)?;
    Ok(Amendment {
        id: r.get(0)?,
        at: r.get(2)?,
        actor: r.get(3)?,
        date: date.parse().unwrap_or_default(),
        how: r.get(5)?,
        what: r.get(6)?,
        before: r.get(7)?,
        after: r.get(8)?,
        reason: r.get(9)?,
    })
}

/// An entry's text as stored: cleaned, not blank, not over the limit.
fn entry_text(text: &str) -> Result<String> {
    let text = clean_text(text);
    if text.trim().is_empty() || text.chars().count() > MAX_ENTRY {
        return Err(StoreError::Invalid(format!("an entry needs text (at most {MAX_ENTRY} characters)")));
    }
    Ok(text)
}

/// Insert an entry (text already through `entry_text`) and audit it, inside the caller's transaction.
fn insert_entry(tx: &rusqlite::Transaction, actor: &str, sid: i64, meeting_id: i64, section: Section, e: &NewEntry, text: &str) -> Result<Entry> {
    let entry = Entry {
        id: 0,
        section,
        kind: e.kind(),
        speaker: clean_line(&e.speaker),
        text: text.to_string(),
        owner: clean_line(&e.owner),
        due: e.due,
        resolution: None,
        at: now(),
        actor: actor.to_string(),
        version: 1,
    };
    tx.execute(
        "INSERT INTO entries(meeting_id, section, kind, speaker, text, owner, due, at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            meeting_id,
            section.code(),
            entry.kind.code(),
            entry.speaker,
            entry.text,
            entry.owner,
            entry.due.map(|d| d.to_string()),
            entry.at,
            actor
        ],
    )?;
    let entry = Entry { id: tx.last_insert_rowid(), ..entry };
    audit(tx, actor, Some(sid), Some(meeting_id), "entry", Some(entry.id), "insert", None, Some(&entry_json(&entry)))?;
    Ok(entry)
}

/// A search result: where the text is and a short excerpt with the match in «».
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub meeting_id: i64,
    pub student_id: i64,
    pub student: String,
    pub local_id: String,
    pub meeting_type: String,
    pub section: Option<Section>,
    /// "entry" or "amendment".
    pub source: String,
    pub excerpt: String,
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub meeting_id: Option<i64>,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Turn what a person typed into a safe FTS5 query: `"a phrase"` stays a phrase, otherwise every word
/// must appear (each quoted, so FTS syntax characters are plain text).
pub fn fts_query(input: &str) -> Option<String> {
    let t = clean_line(input);
    let t = t.trim();
    if t.len() > 2 && t.starts_with('"') && t.ends_with('"') {
        let inner = t[1..t.len() - 1].replace('"', "");
        return (!inner.trim().is_empty()).then(|| format!("\"{}\"", inner.trim()));
    }
    let words: Vec<String> = t
        .split_whitespace()
        .map(|w| w.replace('"', ""))
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A meeting's minutes entries (on a connection or inside a transaction).
pub(crate) fn read_entries(conn: &rusqlite::Connection, meeting_id: i64) -> Result<Vec<Entry>> {
    let mut st = conn.prepare(&format!("SELECT {ENTRY_COLS} FROM entries WHERE meeting_id = ?1 ORDER BY at, id"))?;
    let rows = st.query_map([meeting_id], entry_of)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn read_amendments(conn: &rusqlite::Connection, meeting_id: i64) -> Result<Vec<Amendment>> {
    let mut st = conn.prepare(
        "SELECT id, meeting_id, at, actor, date, how, what, before, after, reason FROM amendments WHERE meeting_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([meeting_id], amendment_of)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

impl Store {
    pub fn load_entries(&self, meeting_id: i64) -> Result<Vec<Entry>> {
        read_entries(self.conn(), meeting_id)
    }


    /// Record a minutes entry (appended; never replaces another).
    pub fn add_entry(&mut self, meeting_id: i64, section: Section, e: &NewEntry) -> Result<Entry> {
        let text = entry_text(&e.text)?;
        self.write(|tx, actor| {
            let sid = super::meetings::student_of(tx, meeting_id)?;
            insert_entry(tx, actor, sid, meeting_id, section, e, &text)
        })
    }

    /// Correct an entry (open meetings only). `Conflict` when someone changed it since it was read.
    pub fn update_entry(&mut self, meeting_id: i64, old: &Entry, new: &Entry) -> Result<Entry> {
        let text = entry_text(&new.text)?;
        let mut new = new.clone();
        new.text = text;
        self.write(|tx, actor| {
            let sid = super::meetings::student_of(tx, meeting_id)?;
            let stored: Option<Entry> = tx
                .query_row(&format!("SELECT {ENTRY_COLS} FROM entries WHERE id = ?1 AND meeting_id = ?2"), params![old.id, meeting_id], entry_of)
                .optional()?;
            let stored = match stored {
                Some(s) if s.version == old.version => s,
                _ => return Err(StoreError::Conflict { what: "minutes entry" }),
            };
            tx.execute(
                "UPDATE entries SET section = ?1, kind = ?2, speaker = ?3, text = ?4, owner = ?5, due = ?6, resolution = ?7,
                        version = version + 1 WHERE id = ?8",
                params![
                    new.section.code(),
                    new.kind.code(),
                    clean_line(&new.speaker),
                    new.text,
                    clean_line(&new.owner),
                    new.due.map(|d| d.to_string()),
                    new.resolution.as_ref().map(|r| r.code()),
                    old.id
                ],
            )?;
            audit(tx, actor, Some(sid), Some(meeting_id), "entry", Some(old.id), "update", Some(&entry_json(&stored)), Some(&entry_json(&new)))?;
            Ok(Entry { version: stored.version + 1, ..new.clone() })
        })
    }

    /// Close a parking-lot item as handled in `section`.
    pub fn resolve_parking(&mut self, meeting_id: i64, item: &Entry, section: Section) -> Result<Entry> {
        let mut new = item.clone();
        new.resolution = Some(Resolution::Handled(section));
        self.update_entry(meeting_id, item, &new)
    }

    /// Carry a parking-lot item to a new action item (one transaction): returns (parking, action).
    pub fn carry_to_action(&mut self, meeting_id: i64, item: &Entry, owner: &str, due: Option<NaiveDate>) -> Result<(Entry, Entry)> {
        let action = NewEntry { kind: Some(EntryKind::Action), speaker: String::new(), text: item.text.clone(), owner: owner.into(), due };
        let text = entry_text(&action.text)?;
        // Both writes or neither: one transaction.
        let (action, version) = self.write(|tx, actor| {
            let sid = super::meetings::student_of(tx, meeting_id)?;
            let action = insert_entry(tx, actor, sid, meeting_id, item.section, &action, &text)?;
            let res = Resolution::Carried(action.id).code();
            let n = tx.execute(
                "UPDATE entries SET resolution = ?1, version = version + 1 WHERE id = ?2 AND meeting_id = ?3 AND version = ?4",
                params![res, item.id, meeting_id, item.version],
            )?;
            if n != 1 {
                return Err(StoreError::Conflict { what: "parking-lot item" });
            }
            audit(tx, actor, Some(sid), Some(meeting_id), "entry", Some(item.id), "carry", None, Some(&res))?;
            Ok((action, item.version + 1))
        })?;
        let parked = Entry { resolution: Some(Resolution::Carried(action.id)), version, ..item.clone() };
        Ok((parked, action))
    }

    // ----- agenda timer -----------------------------------------------------------------------------

    pub fn timer_events(&self, meeting_id: i64) -> Result<Vec<TimerEvent>> {
        let mut st = self.conn().prepare("SELECT at, item FROM agenda_events WHERE meeting_id = ?1 ORDER BY at, id")?;
        let rows = st.query_map([meeting_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (at, item) = row?;
            let at = DateTime::parse_from_rfc3339(&at).map_err(|e| StoreError::Corrupt(format!("agenda event time {at}: {e}")))?;
            out.push(TimerEvent { at: at.with_timezone(&Utc), item: item.map(|i| i as usize) });
        }
        Ok(out)
    }

    /// Start an agenda item (`Some(i)`) or stop the timer (`None`).
    pub fn timer_event(&mut self, meeting_id: i64, item: Option<usize>) -> Result<()> {
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO agenda_events(meeting_id, item, at, actor) VALUES (?1, ?2, ?3, ?4)",
                params![meeting_id, item.map(|i| i as i64), now(), actor],
            )?;
            Ok(())
        })
    }

    // ----- amendments -------------------------------------------------------------------------------

    /// Append an amendment to a finalized meeting. The original record is not touched.
    pub fn add_amendment(&mut self, meeting_id: i64, a: &Amendment) -> Result<Amendment> {
        let reason = clean_text(&a.reason);
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid("an amendment needs a reason".into()));
        }
        let mut a = a.clone();
        a.reason = reason;
        a.what = clean_line(&a.what);
        a.how = clean_line(&a.how);
        a.before = clean_text(&a.before);
        a.after = clean_text(&a.after);
        let status: Option<String> =
            self.conn().query_row("SELECT status FROM meetings WHERE id = ?1", [meeting_id], |r| r.get(0)).optional()?;
        match status.as_deref() {
            None => return Err(StoreError::NotFound(format!("meeting {meeting_id}"))),
            Some("finalized") => {}
            Some(_) => return Err(StoreError::Invalid("this meeting is still open: change it directly; amendments are for finalized meetings".into())),
        }
        self.write(|tx, actor| {
            let sid = super::meetings::student_of(tx, meeting_id)?;
            let at = now();
            tx.execute(
                "INSERT INTO amendments(meeting_id, at, actor, date, how, what, before, after, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![meeting_id, at, actor, a.date.to_string(), a.how, a.what, a.before, a.after, a.reason],
            )?;
            let id = tx.last_insert_rowid();
            let json = serde_json::json!({"date": a.date.to_string(), "how": a.how, "what": a.what, "before": a.before, "after": a.after, "reason": a.reason}).to_string();
            audit(tx, actor, Some(sid), Some(meeting_id), "amendment", Some(id), "insert", None, Some(&json))?;
            Ok(Amendment { id, at, actor: actor.to_string(), ..a.clone() })
        })
    }

    // ----- search and audit -------------------------------------------------------------------------

    /// Full-text search of minutes and amendments, best matches first.
    pub fn search(&self, query: &str, student_id: Option<i64>, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(q) = fts_query(query) else {
            return Err(StoreError::Invalid("type a word or a \"phrase\" to search for".into()));
        };
        let mut st = self.conn().prepare(
            "SELECT f.meeting_id, m.student_id, coalesce(c.last_name || ', ' || c.first_name, ''), coalesce(c.local_id, ''), m.mtype, f.section, f.source,
                    snippet(search_fts, 0, '«', '»', '…', 12)
               FROM search_fts f
               JOIN meetings m ON m.id = f.meeting_id
               LEFT JOIN case_status c ON c.student_id = m.student_id
              WHERE search_fts MATCH ?1 AND (?2 IS NULL OR m.student_id = ?2)
              ORDER BY bm25(search_fts), f.meeting_id DESC, f.ref
              LIMIT ?3",
        )?;
        let rows = st.query_map(params![q, student_id, limit as i64], |r| {
            let section: String = r.get(5)?;
            Ok(SearchHit {
                meeting_id: r.get(0)?,
                student_id: r.get(1)?,
                student: r.get(2)?,
                local_id: r.get(3)?,
                meeting_type: r.get(4)?,
                section: Section::from_code(&section),
                source: r.get(6)?,
                excerpt: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Every change recorded about a student (their record and their meetings), oldest first; the
    /// record of access (`access_for`) is apart.
    pub fn audit_for(&self, student_id: i64) -> Result<Vec<AuditRow>> {
        let mut st = self.conn().prepare(
            "SELECT at, actor, meeting_id, entity, entity_id, action, before, after FROM audit
              WHERE student_id = ?1 AND entity <> 'access' ORDER BY at, id",
        )?;
        let rows = st.query_map([student_id], |r| {
            Ok(AuditRow {
                at: r.get(0)?,
                actor: r.get(1)?,
                meeting_id: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                action: r.get(5)?,
                before: r.get(6)?,
                after: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn fts_queries_are_quoted() {
        assert_eq!(fts_query("reading goal").as_deref(), Some("\"reading\" \"goal\""));
        assert_eq!(fts_query("\"reading goal\"").as_deref(), Some("\"reading goal\""));
        assert_eq!(fts_query("NEAR( AND * -").as_deref(), Some("\"NEAR(\" \"AND\""));
        assert_eq!(fts_query("  ** "), None);
    }
}
