//! Tamper evidence that triggers alone cannot give. Triggers stop a change made through SQL, but
//! whoever can write the file can drop a trigger, or forge, alter, reorder or delete audit rows.
//! So every audit row carries `hash` = SHA-256 over the previous row's hash and the row's own
//! canonical content (its id included), a chain from the first row to the last; and finalizing a
//! meeting writes a `seal` row with the SHA-256 of the meeting's content as finalized (the same
//! document the exports hash, amendments aside). `verify` walks the chain, recomputes every sealed
//! meeting's content, and compares the schema (triggers above all) with the one the migrations create.
//!
//! What it does not do: someone who can write the file can rewrite the whole chain consistently.
//! The chain head (`iepmeet verify --head`, shown on every finalize) kept somewhere else — a
//! district's log, an email, the printed record — lets even that be detected.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{now, Result};

/// The canonical content of an audit row, hashed into the chain.
#[allow(clippy::too_many_arguments)]
fn canonical(
    id: i64,
    at: &str,
    actor: &str,
    student_id: Option<i64>,
    meeting_id: Option<i64>,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    // A tuple is written as the JSON array `json!([...])` made (the same bytes, so the same hashes),
    // without copying the record texts into a value first.
    serde_json::to_string(&(id, at, actor, student_id, meeting_id, entity, entity_id, action, before, after)).expect("serialize")
}

fn link(prev: &str, canonical: &str) -> String {
    crate::export::report::sha256_hex(&format!("{prev}\n{canonical}"))
}

/// Append an audit row, chained to the last one, inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) fn append(
    tx: &Transaction,
    actor: &str,
    student_id: Option<i64>,
    meeting_id: Option<i64>,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    append_at(tx, &now(), actor, student_id, meeting_id, entity, entity_id, action, before, after)
}

/// `append` with the time it happened (a read kept in the record of access's spool while another
/// program held the write lock).
#[allow(clippy::too_many_arguments)]
pub(crate) fn append_at(
    tx: &Transaction,
    at: &str,
    actor: &str,
    student_id: Option<i64>,
    meeting_id: Option<i64>,
    entity: &str,
    entity_id: Option<i64>,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    let last: Option<(i64, Option<String>)> =
        tx.prepare_cached("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")?.query_row([], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let (id, prev) = match last {
        Some((id, h)) => (id + 1, h.unwrap_or_default()),
        None => (1, String::new()),
    };
    let hash = link(&prev, &canonical(id, at, actor, student_id, meeting_id, entity, entity_id, action, before, after));
    // Cached: an import appends one row per student, and preparing the insert (with its triggers)
    // cost more than the insert itself.
    tx.prepare_cached(
        "INSERT INTO audit(id, at, actor, student_id, meeting_id, entity, entity_id, action, before, after, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![id, at, actor, student_id, meeting_id, entity, entity_id, action, before, after, hash])?;
    Ok(())
}

/// The SHA-256 of a finalized meeting's content: the meeting document (`export::document`) with the
/// student as frozen at finalize, amendments aside (they are the one lawful change, and chained on
/// their own).
pub(crate) fn content_hash(conn: &Connection, meeting_id: i64) -> Result<String> {
    let mut m = super::meetings::read_meeting(conn, meeting_id)?;
    m.amendments.clear();
    let student = super::meetings::read_record_student(conn, meeting_id)?;
    Ok(crate::export::content_hash(&crate::export::document::to_json(&student, &m)))
}

/// Seal a meeting just finalized (inside the finalizing transaction): its content hash into the chain.
pub(crate) fn seal(tx: &Transaction, actor: &str, student_id: i64, meeting_id: i64) -> Result<String> {
    let h = content_hash(tx, meeting_id)?;
    append(tx, actor, Some(student_id), Some(meeting_id), "meeting", Some(meeting_id), "seal", None, Some(&format!("sha256:{h}")))?;
    Ok(h)
}

/// The last row of the chain: its id and hash.
pub fn head(conn: &Connection) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row("SELECT id, coalesce(hash, '') FROM audit ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// A meeting's seal: its row, its chain hash, and the content hash it recorded ("sha256:…").
struct Seal {
    row: i64,
    chain: String,
    content: Option<String>,
}

fn seal_row(conn: &Connection, meeting_id: i64) -> Result<Option<Seal>> {
    Ok(conn
        .query_row(
            "SELECT id, coalesce(hash, ''), after FROM audit WHERE entity = 'meeting' AND entity_id = ?1 AND action = 'seal' ORDER BY id LIMIT 1",
            [meeting_id],
            |r| Ok(Seal { row: r.get(0)?, chain: r.get(1)?, content: r.get(2)? }),
        )
        .optional()?)
}

impl super::Store {
    /// Where a finalized meeting was sealed in the chain: the seal row and its chain hash (an anchor
    /// that never changes, printed in the record's footer).
    pub fn seal_of(&self, meeting_id: i64) -> Result<Option<(i64, String)>> {
        Ok(seal_row(self.conn(), meeting_id)?.map(|s| (s.row, s.chain)))
    }

    /// The last row of the audit chain (`head`).
    pub fn chain_head(&self) -> Result<Option<(i64, String)>> {
        head(self.conn())
    }
}

/// Something `verify` found wrong: what, and what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub what: String,
    pub fix: String,
}

const RESTORE: &str = "compare with your last backup (`iepmeet backup`) and the chain head kept elsewhere; report it to your district's records officer";

/// Walk the chain, the sealed meetings and the triggers. Empty: all is as written.
pub fn verify(conn: &Connection) -> Result<Vec<Problem>> {
    let mut out = Vec::new();
    // 1. The chain, row by row: the first break is reported (everything after it follows from it).
    {
        let mut st = conn.prepare(
            "SELECT id, at, actor, student_id, meeting_id, entity, entity_id, action, before, after, hash FROM audit ORDER BY id",
        )?;
        let mut rows = st.query([])?;
        let (mut prev, mut expect_id) = (String::new(), 1i64);
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let (at, actor): (String, String) = (r.get(1)?, r.get(2)?);
            let (sid, mid): (Option<i64>, Option<i64>) = (r.get(3)?, r.get(4)?);
            let (entity, eid, action): (String, Option<i64>, String) = (r.get(5)?, r.get(6)?, r.get(7)?);
            let (before, after): (Option<String>, Option<String>) = (r.get(8)?, r.get(9)?);
            let hash: Option<String> = r.get(10)?;
            if id != expect_id {
                out.push(Problem { what: format!("audit trail: row {expect_id} is missing (the next row is {id})"), fix: RESTORE.into() });
                break;
            }
            let want = link(&prev, &canonical(id, &at, &actor, sid, mid, &entity, eid, &action, before.as_deref(), after.as_deref()));
            if hash.as_deref() != Some(want.as_str()) {
                out.push(Problem {
                    what: format!("audit trail: row {id} ({entity} {action}, {at}, by {}) was forged, altered or moved", crate::domain::text::display(&actor)),
                    fix: RESTORE.into(),
                });
                break;
            }
            prev = want;
            expect_id += 1;
        }
    }
    // 2. Every finalized meeting is sealed, and its content still hashes to its seal.
    let finalized: Vec<i64> = {
        let mut st = conn.prepare("SELECT id FROM meetings WHERE status = 'finalized' ORDER BY id")?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<std::result::Result<_, _>>()?
    };
    for mid in finalized {
        let seal = seal_row(conn, mid)?.and_then(|s| s.content);
        let Some(seal) = seal.and_then(|s| s.strip_prefix("sha256:").map(String::from)) else {
            out.push(Problem { what: format!("meeting {mid} is finalized but was never sealed (finalized outside iepmeet?)"), fix: RESTORE.into() });
            continue;
        };
        match content_hash(conn, mid) {
            Ok(now) if now == seal => {}
            Ok(_) => out.push(Problem { what: format!("meeting {mid}: the finalized record no longer matches its seal (its content was changed)"), fix: RESTORE.into() }),
            Err(e) => out.push(Problem { what: format!("meeting {mid}: the finalized record cannot be read ({e})"), fix: RESTORE.into() }),
        }
    }
    // 3. The schema — tables, indexes and triggers — is the one the migrations create, word for word
    // (a dropped or changed trigger, an altered table).
    let expected = {
        let mut fresh = Connection::open_in_memory()?;
        super::schema::migrations()
            .to_latest(&mut fresh)
            .map_err(|e| super::StoreError::Corrupt(format!("migrations: {e}")))?;
        schema_objects(&fresh)?
    };
    let found = schema_objects(conn)?;
    for (kind, name, sql) in &expected {
        match found.iter().find(|(k, n, _)| k == kind && n == name) {
            None if kind == "trigger" => out.push(Problem {
                what: format!("database trigger {name} is missing: the record is no longer protected against changes it refused"),
                fix: RESTORE.into(),
            }),
            None => out.push(Problem { what: format!("database {kind} {name} is missing"), fix: RESTORE.into() }),
            Some((_, _, s)) if s != sql => out.push(Problem { what: format!("database {kind} {name} was changed"), fix: RESTORE.into() }),
            _ => {}
        }
    }
    for (kind, name, _) in &found {
        if !expected.iter().any(|(k, n, _)| k == kind && n == name) {
            out.push(Problem { what: format!("database {kind} {name} is not one iepmeet creates"), fix: RESTORE.into() });
        }
    }
    Ok(out)
}

fn schema_objects(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut st = conn.prepare(
        "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE type IN ('table', 'index', 'trigger', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// v10: chain the audit rows written so far, in order, and seal the meetings finalized so far.
pub(super) fn v10_hook(tx: &Transaction) -> rusqlite_migration::HookResult {
    type Row = (i64, String, String, Option<i64>, Option<i64>, String, Option<i64>, String, Option<String>, Option<String>);
    let rows: Vec<Row> = {
        let mut st = tx.prepare("SELECT id, at, actor, student_id, meeting_id, entity, entity_id, action, before, after FROM audit ORDER BY id")?;
        let r = st.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
        })?;
        r.collect::<rusqlite::Result<_>>()?
    };
    tx.execute_batch("DROP TRIGGER audit_no_update;")?;
    // Renumber from 1 so that a missing row is a gap the chain reports (ids were assigned in order).
    let mut prev = String::new();
    for (n, (id, at, actor, sid, mid, entity, eid, action, before, after)) in rows.into_iter().enumerate() {
        let new_id = n as i64 + 1;
        let h = link(&prev, &canonical(new_id, &at, &actor, sid, mid, &entity, eid, &action, before.as_deref(), after.as_deref()));
        tx.execute("UPDATE audit SET id = ?1, hash = ?2 WHERE id = ?3", params![new_id, h, id])?;
        prev = h;
    }
    tx.execute_batch(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
    )?;
    let finalized: Vec<(i64, i64, String)> = {
        let mut st = tx.prepare("SELECT id, student_id, coalesce(finalized_by, 'sealed at upgrade') FROM meetings WHERE status = 'finalized' ORDER BY id")?;
        let r = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        r.collect::<rusqlite::Result<_>>()?
    };
    for (mid, sid, by) in finalized {
        seal(tx, &by, sid, mid).map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Chains written by earlier versions hashed `json!([...])`; the tuple must give the same bytes,
    /// or every existing database would fail `verify`.
    #[test]
    fn the_canonical_row_is_the_bytes_earlier_versions_hashed() {
        let texts = ["", "plain", "quote \" back\\slash", "line\nbreak\ttab\u{1}", "é 陈 \u{202e} \u{7f}", "{\"a\":[1,null]}"];
        for (i, t) in texts.iter().enumerate() {
            let (sid, eid) = (if i % 2 == 0 { Some(i as i64) } else { None }, Some(-5i64));
            let before = if i % 3 == 0 { None } else { Some(*t) };
            let want = serde_json::json!([i as i64, "2026-12-01T10:00:00Z", t, sid, None::<i64>, "student", eid, "import", before, Some(*t)]).to_string();
            let got = super::canonical(i as i64, "2026-12-01T10:00:00Z", t, sid, None, "student", eid, "import", before, Some(t));
            assert_eq!(got, want);
        }
    }
}
