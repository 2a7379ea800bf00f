//! Meetings: header, the items of every block, per-section minutes, done marks, finalization.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};

use super::{audit, now, Result, Store, StoreError};
use crate::domain::meeting::{AnyRecord, Block, Item, Meeting, MeetingStatus, MeetingType, Section};

/// A line in a student's list of meetings.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingSummary {
    pub id: i64,
    pub mtype: MeetingType,
    pub status: MeetingStatus,
    pub date: Option<NaiveDate>,
    pub created_at: String,
}

fn status_of(s: &str) -> MeetingStatus {
    if s == "finalized" { MeetingStatus::Finalized } else { MeetingStatus::Open }
}

pub(super) fn insert_meeting(
    tx: &Transaction,
    actor: &str,
    student_id: i64,
    mtype: MeetingType,
    records: &[AnyRecord],
    today: NaiveDate,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO meetings(student_id, mtype, created_at) VALUES (?1, ?2, ?3)",
        params![student_id, mtype.code(), now()],
    )?;
    let mid = tx.last_insert_rowid();
    audit(tx, actor, Some(student_id), Some(mid), "meeting", Some(mid), "insert", None, Some(mtype.code()))?;
    let mut records = records.to_vec();
    if !records.iter().any(|r| matches!(r, AnyRecord::Details(_))) {
        let mut d = crate::domain::meeting::Details { date: Some(today), ..Default::default() };
        d.purpose = mtype.label().to_string();
        records.insert(0, AnyRecord::Details(d));
    }
    for (pos, r) in records.iter().enumerate() {
        let block = block_of(r);
        insert_item_tx(tx, actor, student_id, mid, block, pos as i64, r)?;
    }
    Ok(mid)
}

fn block_of(r: &AnyRecord) -> Block {
    Block::ALL.into_iter().find(|b| std::mem::discriminant(&b.new_record()) == std::mem::discriminant(r)).unwrap()
}

fn insert_item_tx(
    tx: &Transaction,
    actor: &str,
    student_id: i64,
    meeting_id: i64,
    block: Block,
    position: i64,
    r: &AnyRecord,
) -> Result<Item> {
    let json = r.to_json();
    let t = now();
    tx.execute(
        "INSERT INTO meeting_items(meeting_id, block, position, data, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![meeting_id, block.code(), position, json, t],
    )?;
    let id = tx.last_insert_rowid();
    audit(tx, actor, Some(student_id), Some(meeting_id), block.code(), Some(id), "insert", None, Some(&json))?;
    Ok(Item { id, version: 1, record: r.clone() })
}

pub(super) fn student_of(tx: &Transaction, meeting_id: i64) -> Result<i64> {
    tx.query_row("SELECT student_id FROM meetings WHERE id = ?1", [meeting_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("meeting {meeting_id}")))
}

/// The stored data and version of `item`, provided nobody changed or deleted it since it was read
/// (its version is still `item.version`); otherwise a `Conflict`.
fn unchanged_since_read(tx: &Transaction, meeting_id: i64, block: Block, item: &Item) -> Result<(String, i64)> {
    let row: Option<(String, i64)> = tx
        .query_row(
            "SELECT data, version FROM meeting_items WHERE id = ?1 AND meeting_id = ?2",
            params![item.id, meeting_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        Some((data, version)) if version == item.version => Ok((data, version)),
        _ => Err(StoreError::Conflict { what: block.noun() }),
    }
}

impl Store {
    pub fn create_meeting(
        &mut self,
        student_id: i64,
        mtype: MeetingType,
        records: &[AnyRecord],
        today: NaiveDate,
    ) -> Result<i64> {
        let (policy, cal) = (self.policy()?, self.calendar()?);
        let id = self.write(|tx, actor| {
            let id = insert_meeting(tx, actor, student_id, mtype, records, today)?;
            super::cases::refresh(tx, student_id, &policy, &cal)?;
            Ok(id)
        })?;
        self.check_open_meeting(student_id, today)?;
        Ok(id)
    }

    pub fn meetings_for(&self, student_id: i64) -> Result<Vec<MeetingSummary>> {
        let mut st = self.conn().prepare(
            "SELECT m.id, m.mtype, m.status, m.created_at,
                    (SELECT json_extract(data, '$.date') FROM meeting_items i
                      WHERE i.meeting_id = m.id AND i.block = 'details' ORDER BY position LIMIT 1)
               FROM meetings m WHERE m.student_id = ?1 ORDER BY m.created_at DESC, m.id DESC",
        )?;
        let rows = st.query_map([student_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, Option<String>>(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, t, s, c, d) = row?;
            out.push(MeetingSummary {
                id,
                mtype: MeetingType::from_code(&t).ok_or_else(|| StoreError::Corrupt(format!("meeting {id}: type {t}")))?,
                status: status_of(&s),
                date: d.and_then(|d| d.parse().ok()),
                created_at: c,
            });
        }
        Ok(out)
    }

    pub fn load_meeting(&self, id: i64) -> Result<Meeting> {
        read_meeting(self.conn(), id)
    }

    /// The student as a meeting's record has them: for a finalized meeting, the IEP 1 record as it
    /// stood when it was finalized (frozen with it); for an open one, the record as it is now.
    pub fn record_student(&self, meeting_id: i64) -> Result<crate::domain::student::Student> {
        read_record_student(self.conn(), meeting_id)
    }

    /// Append a new item to a block.
    pub fn insert_item(&mut self, meeting_id: i64, block: Block, record: &AnyRecord) -> Result<Item> {
        let mut items = self.insert_items(meeting_id, block, std::slice::from_ref(record))?;
        Ok(items.remove(0))
    }

    /// Append several items to a block in one transaction (people arriving together): all or none.
    pub fn insert_items(&mut self, meeting_id: i64, block: Block, records: &[AnyRecord]) -> Result<Vec<Item>> {
        self.write(|tx, actor| {
            let sid = student_of(tx, meeting_id)?;
            let first: i64 = tx.query_row(
                "SELECT coalesce(max(position), -1) + 1 FROM meeting_items WHERE meeting_id = ?1 AND block = ?2",
                params![meeting_id, block.code()],
                |r| r.get(0),
            )?;
            records.iter().zip(first..).map(|(r, pos)| insert_item_tx(tx, actor, sid, meeting_id, block, pos, r)).collect()
        })
    }

    /// Save an edited item. Fails with `Conflict` if the row changed since `item.version` was read.
    pub fn update_item(&mut self, meeting_id: i64, block: Block, item: &Item, record: &AnyRecord) -> Result<Item> {
        let json = record.to_json();
        self.write(|tx, actor| {
            let sid = student_of(tx, meeting_id)?;
            let (old, version) = unchanged_since_read(tx, meeting_id, block, item)?;
            tx.execute(
                "UPDATE meeting_items SET data = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3",
                params![json, now(), item.id],
            )?;
            audit(tx, actor, Some(sid), Some(meeting_id), block.code(), Some(item.id), "update", Some(&old), Some(&json))?;
            Ok(Item { id: item.id, version: version + 1, record: record.clone() })
        })
    }

    pub fn delete_item(&mut self, meeting_id: i64, block: Block, item: &Item) -> Result<()> {
        self.write(|tx, actor| {
            let sid = student_of(tx, meeting_id)?;
            let (old, _) = unchanged_since_read(tx, meeting_id, block, item)?;
            tx.execute("DELETE FROM meeting_items WHERE id = ?1", [item.id])?;
            audit(tx, actor, Some(sid), Some(meeting_id), block.code(), Some(item.id), "delete", Some(&old), None)?;
            Ok(())
        })
    }

    /// Store the order of a block's items (`ids` in their new order).
    pub fn reorder_items(&mut self, meeting_id: i64, block: Block, ids: &[i64]) -> Result<()> {
        self.write(|tx, actor| {
            let sid = student_of(tx, meeting_id)?;
            for (pos, id) in ids.iter().enumerate() {
                tx.execute(
                    "UPDATE meeting_items SET position = ?1 WHERE id = ?2 AND meeting_id = ?3 AND block = ?4",
                    params![pos as i64, id, meeting_id, block.code()],
                )?;
            }
            let order = ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
            audit(tx, actor, Some(sid), Some(meeting_id), block.code(), None, "reorder", None, Some(&order))?;
            Ok(())
        })
    }

    pub fn set_section_done(&mut self, meeting_id: i64, section: Section, done: bool) -> Result<()> {
        self.write(|tx, actor| {
            let sid = student_of(tx, meeting_id)?;
            let cur: String = tx.query_row("SELECT done FROM meetings WHERE id = ?1", [meeting_id], |r| r.get(0))?;
            let mut set: Vec<&str> = cur.split(',').filter(|c| !c.is_empty() && *c != section.code()).collect();
            if done {
                set.push(section.code());
            }
            let new = set.join(",");
            tx.execute("UPDATE meetings SET done = ?1, version = version + 1 WHERE id = ?2", params![new, meeting_id])?;
            audit(tx, actor, Some(sid), Some(meeting_id), "meeting", Some(meeting_id), "sections-done", Some(&cur), Some(&new))?;
            Ok(())
        })
    }

    /// Finalize: the meeting becomes immutable (database triggers enforce it). For an initial, annual or
    /// triennial IEP the student's last complete IEP date (and, for a triennial, the assessment date)
    /// becomes the meeting date.
    ///
    /// Refused while a parking-lot item is open or while this session has typed text in the meeting
    /// that is not recorded or saved (`finalize_blockers`). Others' unrecorded text does not hold the
    /// meeting up: it stays their draft and is offered to them as an amendment (the TUI names them
    /// before asking to finalize — `typing_in`).
    /// The compliance findings of `meeting` as the rules of this database see it today (not live:
    /// no section or form open). What finalize and acknowledge decide on.
    fn findings_today(&self, meeting: &Meeting, policy: &crate::timeline::Policy, calendar: &crate::timeline::Calendar) -> Result<Vec<crate::rules::Finding>> {
        let student = self.student(meeting.student_id)?;
        let today = super::clock_now().with_timezone(&chrono::Local).date_naive();
        let ctx = crate::rules::Ctx { student: &student, meeting, policy, calendar, today, live: crate::rules::Live::default() };
        Ok(crate::rules::evaluate(&ctx, &*self.rules()?))
    }

    pub fn finalize_meeting(&mut self, meeting_id: i64, meeting_date: NaiveDate) -> Result<()> {
        let m = self.load_meeting(meeting_id)?;
        if !m.is_open() {
            return Err(StoreError::Finalized);
        }
        let (policy, cal) = (self.policy()?, self.calendar()?);
        let session = self.draft_session();
        // The ERRORs still open are kept in the audit of the finalize (the record lists them all, as
        // its findings open at close): a meeting closed over them says so in the trail too.
        let open_errors = {
            let findings = self.findings_today(&m, &policy, &cal)?;
            let mut ids: Vec<&'static str> = findings.into_iter().filter(|f| f.severity == crate::rules::Severity::Error).map(|f| f.rule).collect();
            let n = ids.len();
            ids.sort_unstable();
            ids.dedup();
            (n, ids)
        };
        let finalized = match open_errors {
            (0, _) => "finalized".to_string(),
            (n, ids) => format!("finalized with {n} ERROR{} open: {}", if n == 1 { "" } else { "s" }, ids.join(", ")),
        };
        self.write(|tx, actor| {
            if let Some(why) = finalize_blockers(tx, meeting_id, actor, &session)? {
                return Err(StoreError::Invalid(why));
            }
            // The student as they stand now, read inside this transaction (no lost update against a
            // concurrent edit of the record).
            let data: String = tx.query_row("SELECT data FROM students WHERE id = ?1", [m.student_id], |r| r.get(0))?;
            let student_before = super::students::decode(m.student_id, &data)?;
            // A running agenda timer stops when the meeting closes.
            let running: Option<Option<i64>> = tx
                .query_row("SELECT item FROM agenda_events WHERE meeting_id = ?1 ORDER BY at DESC, id DESC LIMIT 1", [meeting_id], |r| r.get(0))
                .optional()?;
            if matches!(running, Some(Some(_))) {
                tx.execute(
                    "INSERT INTO agenda_events(meeting_id, item, at, actor) VALUES (?1, NULL, ?2, ?3)",
                    params![meeting_id, now(), actor],
                )?;
            }
            audit(tx, actor, Some(m.student_id), Some(meeting_id), "meeting", Some(meeting_id), "finalize", Some("open"), Some(&finalized))?;
            // The IEP this meeting completes sets the student's last-IEP (and assessment) date.
            let mut record = student_before.clone();
            if m.mtype.completes_iep() {
                record.last_iep_date = Some(meeting_date);
                if matches!(m.mtype, MeetingType::Triennial | MeetingType::Initial) {
                    record.last_assessment_date = Some(meeting_date);
                }
                let old = serde_json::to_string(&student_before).expect("serialize");
                let new = serde_json::to_string(&record).expect("serialize");
                tx.execute(
                    "UPDATE students SET data = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3",
                    params![new, now(), m.student_id],
                )?;
                audit(tx, actor, Some(m.student_id), Some(meeting_id), "student", Some(m.student_id), "update", Some(&old), Some(&new))?;
            }
            // Last: from here on triggers refuse any change to the meeting. The student's record as
            // it now stands is frozen with it.
            let frozen = serde_json::to_string(&record).expect("serialize");
            let rules = super::rules::rules_tx(tx)?.describe();
            tx.execute(
                "UPDATE meetings SET status = 'finalized', finalized_at = ?1, finalized_by = ?2, student_record = ?3, rules_used = ?4, version = version + 1 WHERE id = ?5",
                params![now(), actor, frozen, rules, meeting_id],
            )?;
            // The content as finalized goes into the audit chain (`chain::seal`).
            super::chain::seal(tx, actor, m.student_id, meeting_id)?;
            super::cases::refresh(tx, m.student_id, &policy, &cal)?;
            Ok(())
        })
    }
}

/// Why a meeting cannot be finalized now, read inside the finalizing transaction: an open
/// parking-lot item, or text this session typed in it and has not recorded or saved.
fn finalize_blockers(tx: &Transaction, meeting_id: i64, actor: &str, session: &str) -> Result<Option<String>> {
    let parked: i64 = tx.query_row(
        "SELECT count(*) FROM entries WHERE meeting_id = ?1 AND kind = 'parking' AND resolution IS NULL",
        [meeting_id],
        |r| r.get(0),
    )?;
    if parked > 0 {
        return Ok(Some(format!(
            "{parked} parking-lot item(s) still open: handle each (Enter) or carry it to the action items (c) in the parking lot (P) first"
        )));
    }
    let typed: Option<String> = tx
        .query_row(
            "SELECT section FROM drafts WHERE meeting_id = ?1 AND actor = ?2 AND session = ?3 AND length(trim(text)) > 0 ORDER BY section LIMIT 1",
            params![meeting_id, actor, session],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(sec) = typed {
        let sec = Section::from_code(&sec).map(|s| s.label()).unwrap_or("a section");
        return Ok(Some(format!("text you typed in the minutes of {sec} is not recorded yet: record it (Enter in the minutes) or clear it first")));
    }
    Ok(None)
}

/// A WARNING or INFO finding the facilitator acknowledged, with the reason kept in the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Acknowledgement {
    pub rule: String,
    pub target: String,
    pub reason: String,
    pub actor: String,
    pub at: String,
}

impl Store {
    pub fn acknowledgements(&self, meeting_id: i64) -> Result<Vec<Acknowledgement>> {
        let mut st = self.conn().prepare(
            "SELECT rule, target, reason, actor, at FROM acknowledgements WHERE meeting_id = ?1 ORDER BY at, id",
        )?;
        let rows = st.query_map([meeting_id], |r| {
            Ok(Acknowledgement { rule: r.get(0)?, target: r.get(1)?, reason: r.get(2)?, actor: r.get(3)?, at: r.get(4)? })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Record (or re-word) an acknowledgement of a WARNING or INFO finding. An ERROR is never
    /// acknowledged away, whoever asks (the TUI, the CLI, another front end): it is resolved by fixing
    /// what it names. The meeting is checked here to know.
    pub fn acknowledge(&mut self, meeting_id: i64, rule: &str, target: &str, reason: &str) -> Result<()> {
        let reason = crate::domain::text::clean_line(reason);
        if reason.is_empty() {
            return Err(StoreError::Invalid("an acknowledgement needs a reason; it is kept in the record".into()));
        }
        let meeting = self.load_meeting(meeting_id)?;
        let (policy, calendar) = (self.policy()?, self.calendar()?);
        let found: Vec<crate::rules::Severity> = self
            .findings_today(&meeting, &policy, &calendar)?
            .into_iter()
            .filter(|f| f.rule == rule && f.target.matches_ack(target))
            .map(|f| f.severity)
            .collect();
        if !found.is_empty() && found.iter().all(|s| *s == crate::rules::Severity::Error) {
            return Err(StoreError::Invalid(format!("{rule} is an ERROR: it cannot be acknowledged away; it is resolved by fixing what it names")));
        }
        self.write(|tx, actor| {
            let sid = student_of(tx, meeting_id)?;
            tx.execute(
                "INSERT INTO acknowledgements(meeting_id, rule, target, reason, actor, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(meeting_id, rule, target) DO UPDATE SET reason = excluded.reason, actor = excluded.actor, at = excluded.at",
                params![meeting_id, rule, target, reason, actor, now()],
            )?;
            audit(tx, actor, Some(sid), Some(meeting_id), "acknowledgement", None, "acknowledge", None, Some(&format!("{rule} {target}: {reason}")))?;
            Ok(())
        })
    }
}

/// A meeting with its items, minutes and amendments (on a connection or inside a transaction).
pub(crate) fn read_meeting(conn: &rusqlite::Connection, id: i64) -> Result<Meeting> {
    type Row = (i64, String, String, String, String, Option<String>, Option<String>);
    let (student_id, t, s, done, created, finalized, by): Row = conn
        .query_row(
            "SELECT student_id, mtype, status, done, created_at, finalized_at, finalized_by FROM meetings WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("meeting {id}")))?;
    let mtype = MeetingType::from_code(&t).ok_or_else(|| StoreError::Corrupt(format!("meeting {id}: type {t}")))?;
    let mut m = Meeting::new(id, student_id, mtype);
    m.status = status_of(&s);
    m.created_at = created;
    m.finalized_at = finalized;
    m.finalized_by = by;
    // `rules_used` came with schema v11; the v7 and v10 upgrade hooks read meetings before it exists.
    let v11: i64 = conn.query_row("SELECT count(*) FROM pragma_table_info('meetings') WHERE name = 'rules_used'", [], |r| r.get(0))?;
    if v11 > 0 {
        m.rules_used = conn.query_row("SELECT rules_used FROM meetings WHERE id = ?1", [id], |r| r.get(0))?;
    }
    for code in done.split(',').filter(|c| !c.is_empty()) {
        if let Some(sec) = Section::from_code(code) {
            m.done[sec.index()] = true;
        }
    }
    let mut st = conn.prepare(
        "SELECT id, block, data, version FROM meeting_items WHERE meeting_id = ?1 ORDER BY block, position, id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
    })?;
    for row in rows {
        let (iid, b, json, version) = row?;
        let block = Block::from_code(&b).ok_or_else(|| StoreError::Corrupt(format!("item {iid}: block {b}")))?;
        let record = AnyRecord::from_json(block, &json).map_err(|e| StoreError::Corrupt(format!("item {iid}: {e}")))?;
        m.block_mut(block).push(Item { id: iid, version, record });
    }
    m.entries = super::minutes::read_entries(conn, id)?;
    m.amendments = super::minutes::read_amendments(conn, id)?;
    Ok(m)
}

/// The student as a meeting's record has them (see `Store::record_student`), on a connection or
/// inside a transaction.
pub(crate) fn read_record_student(conn: &rusqlite::Connection, meeting_id: i64) -> Result<crate::domain::student::Student> {
    let (sid, frozen): (i64, Option<String>) = conn
        .query_row("SELECT student_id, CASE WHEN status = 'finalized' THEN student_record END FROM meetings WHERE id = ?1", [meeting_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("meeting {meeting_id}")))?;
    match frozen {
        Some(json) => super::students::decode(sid, &json),
        None => {
            let json: String = conn
                .query_row("SELECT data FROM students WHERE id = ?1", [sid], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StoreError::NotFound(format!("student {sid}")))?;
            super::students::decode(sid, &json)
        }
    }
}
