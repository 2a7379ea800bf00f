//! Schema migrations. Append new migrations; never edit a released one.

use rusqlite_migration::{Migrations, M};

pub const V1: &str = r#"
CREATE TABLE students (
    id           INTEGER PRIMARY KEY,
    data         TEXT NOT NULL CHECK (json_valid(data)),
    local_id     TEXT GENERATED ALWAYS AS (json_extract(data, '$.local_id')) VIRTUAL,
    last_name    TEXT GENERATED ALWAYS AS (json_extract(data, '$.last_name')) VIRTUAL,
    first_name   TEXT GENERATED ALWAYS AS (json_extract(data, '$.first_name')) VIRTUAL,
    case_manager TEXT GENERATED ALWAYS AS (json_extract(data, '$.case_manager')) VIRTUAL,
    school       TEXT GENERATED ALWAYS AS (json_extract(data, '$.school')) VIRTUAL,
    last_iep_date TEXT GENERATED ALWAYS AS (json_extract(data, '$.last_iep_date')) VIRTUAL,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX students_local_id ON students(local_id) WHERE local_id <> '';
CREATE INDEX students_name ON students(last_name COLLATE NOCASE, first_name COLLATE NOCASE);

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES students(id) ON DELETE RESTRICT,
    mtype        TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finalized')),
    done         TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    finalized_at TEXT
);
CREATE INDEX meetings_student ON meetings(student_id);

CREATE TABLE meeting_items (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE RESTRICT,
    block      TEXT NOT NULL,
    position   INTEGER NOT NULL,
    data       TEXT NOT NULL CHECK (json_valid(data)),
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX meeting_items_meeting ON meeting_items(meeting_id, block, position);

CREATE TABLE minutes (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE RESTRICT,
    section    TEXT NOT NULL,
    text       TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, section)
);

CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    student_id INTEGER,
    meeting_id INTEGER,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    action     TEXT NOT NULL,
    before     TEXT,
    after      TEXT
);
CREATE INDEX audit_student ON audit(student_id, at);

CREATE TABLE app_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A finalized meeting is a legal record: nothing in it may change at the database level.
CREATE TRIGGER meetings_final_update BEFORE UPDATE ON meetings
    WHEN OLD.status = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER meetings_final_delete BEFORE DELETE ON meetings
    WHEN OLD.status = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER items_final_insert BEFORE INSERT ON meeting_items
    WHEN (SELECT status FROM meetings WHERE id = NEW.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER items_final_update BEFORE UPDATE ON meeting_items
    WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER items_final_delete BEFORE DELETE ON meeting_items
    WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER minutes_final_insert BEFORE INSERT ON minutes
    WHEN (SELECT status FROM meetings WHERE id = NEW.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER minutes_final_update BEFORE UPDATE ON minutes
    WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER minutes_final_delete BEFORE DELETE ON minutes
    WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;

-- The audit trail is append-only.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"#;

/// Acknowledged compliance findings (WARNING/INFO only; the engine never lets an ERROR be dismissed).
pub const V2: &str = r#"
CREATE TABLE acknowledgements (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE RESTRICT,
    rule       TEXT NOT NULL,
    target     TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL,
    UNIQUE (meeting_id, rule, target)
);
CREATE TRIGGER acks_final_insert BEFORE INSERT ON acknowledgements
    WHEN (SELECT status FROM meetings WHERE id = NEW.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER acks_final_update BEFORE UPDATE ON acknowledgements
    WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER acks_final_delete BEFORE DELETE ON acknowledgements
    WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
"#;

/// Case status: each student's due dates (computed by the domain core when the record, its meetings or
/// the policy change), the earliest deadline for ordering by urgency, the open meeting and its ERROR
/// count. Rows are filled in by the store after the migration (`Store::refresh_stale_cases`).
pub const V3: &str = r#"
CREATE TABLE case_status (
    student_id    INTEGER PRIMARY KEY REFERENCES students(id) ON DELETE CASCADE,
    next_deadline TEXT,
    next_kind     TEXT,
    dues          TEXT NOT NULL CHECK (json_valid(dues)),
    open_meeting  INTEGER,
    open_errors   INTEGER NOT NULL DEFAULT 0,
    policy        TEXT NOT NULL,
    -- A copy of the record's caseload columns, so a caseload is listed without decoding records.
    last_name     TEXT NOT NULL DEFAULT '',
    first_name    TEXT NOT NULL DEFAULT '',
    local_id      TEXT NOT NULL DEFAULT '',
    ssid          TEXT NOT NULL DEFAULT '',
    dob           TEXT,
    grade         TEXT NOT NULL DEFAULT '',
    school        TEXT NOT NULL DEFAULT '',
    case_manager  TEXT NOT NULL DEFAULT '',
    disability    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_status_next ON case_status(next_deadline);
-- Name lookups scan these covering indexes without reading a record.
CREATE INDEX case_status_last ON case_status(last_name COLLATE NOCASE, first_name COLLATE NOCASE);
CREATE INDEX case_status_first ON case_status(first_name COLLATE NOCASE);
CREATE INDEX case_status_local_id ON case_status(local_id COLLATE NOCASE);
"#;

/// Minutes become entries (kind, speaker, time, author); the per-section text of earlier versions is
/// carried over as one note per section. Per-user drafts of the text being typed, the agenda timer,
/// amendments to finalized meetings, and a full-text index of minutes and amendments.
pub const V4: &str = r#"
CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE RESTRICT,
    section     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('note', 'decision', 'concern', 'parking', 'action')),
    speaker     TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL CHECK (length(trim(text)) > 0),
    owner       TEXT NOT NULL DEFAULT '',
    due         TEXT,
    resolution  TEXT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX entries_meeting ON entries(meeting_id, id);
INSERT INTO entries(meeting_id, section, kind, text, at, actor)
    SELECT meeting_id, section, 'note', text, updated_at, 'carried over from section minutes'
      FROM minutes WHERE length(trim(text)) > 0 ORDER BY meeting_id, section;
DROP TABLE minutes;
CREATE TRIGGER entries_final_insert BEFORE INSERT ON entries
    WHEN (SELECT status FROM meetings WHERE id = NEW.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER entries_final_update BEFORE UPDATE ON entries
    WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER entries_final_delete BEFORE DELETE ON entries
    WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;

-- What each person is typing and has not yet recorded: not part of the record, never lost.
CREATE TABLE drafts (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    section    TEXT NOT NULL,
    actor      TEXT NOT NULL,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, section, actor)
);

-- Agenda timer: item started (NULL: timer stopped).
CREATE TABLE agenda_events (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE RESTRICT,
    item       INTEGER,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL
);
CREATE INDEX agenda_events_meeting ON agenda_events(meeting_id, id);
CREATE TRIGGER agenda_final_insert BEFORE INSERT ON agenda_events
    WHEN (SELECT status FROM meetings WHERE id = NEW.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER agenda_no_change BEFORE UPDATE ON agenda_events
    BEGIN SELECT RAISE(ABORT, 'agenda timer events are append-only'); END;
CREATE TRIGGER agenda_no_delete BEFORE DELETE ON agenda_events
    WHEN (SELECT status FROM meetings WHERE id = OLD.meeting_id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;

-- Changes to a finalized meeting (handbook 7.7.A): appended, never changed or removed.
CREATE TABLE amendments (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE RESTRICT,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    date       TEXT NOT NULL,
    how        TEXT NOT NULL,
    what       TEXT NOT NULL,
    before     TEXT NOT NULL,
    after      TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0)
);
CREATE INDEX amendments_meeting ON amendments(meeting_id, id);
CREATE TRIGGER amendments_only_final BEFORE INSERT ON amendments
    WHEN (SELECT status FROM meetings WHERE id = NEW.meeting_id) IS NOT 'finalized'
    BEGIN SELECT RAISE(ABORT, 'only a finalized meeting is amended; an open one is edited'); END;
CREATE TRIGGER amendments_no_update BEFORE UPDATE ON amendments
    BEGIN SELECT RAISE(ABORT, 'amendments are append-only'); END;
CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments
    BEGIN SELECT RAISE(ABORT, 'amendments are append-only'); END;

-- Full-text search of minutes and amendments. `source` is 'entry' or 'amendment', `ref` its id.
CREATE VIRTUAL TABLE search_fts USING fts5(
    body, speaker, meeting_id UNINDEXED, section UNINDEXED, source UNINDEXED, ref UNINDEXED,
    tokenize = 'porter unicode61'
);
INSERT INTO search_fts(body, speaker, meeting_id, section, source, ref)
    SELECT text, speaker, meeting_id, section, 'entry', id FROM entries;
CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
    INSERT INTO search_fts(body, speaker, meeting_id, section, source, ref)
    VALUES (NEW.text, NEW.speaker, NEW.meeting_id, NEW.section, 'entry', NEW.id);
END;
CREATE TRIGGER entries_fts_update AFTER UPDATE OF text, speaker, section ON entries BEGIN
    DELETE FROM search_fts WHERE source = 'entry' AND ref = OLD.id;
    INSERT INTO search_fts(body, speaker, meeting_id, section, source, ref)
    VALUES (NEW.text, NEW.speaker, NEW.meeting_id, NEW.section, 'entry', NEW.id);
END;
CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
    DELETE FROM search_fts WHERE source = 'entry' AND ref = OLD.id;
END;
CREATE TRIGGER amendments_fts_insert AFTER INSERT ON amendments BEGIN
    INSERT INTO search_fts(body, speaker, meeting_id, section, source, ref)
    VALUES (NEW.what || ': ' || NEW.after || ' — ' || NEW.reason, '', NEW.meeting_id, '', 'amendment', NEW.id);
END;
"#;

/// Who else has a meeting open right now: one row per running iepmeet, refreshed every few seconds,
/// removed on leaving. Not part of the record.
pub const V5: &str = r#"
CREATE TABLE presence (
    session    TEXT PRIMARY KEY,
    meeting_id INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    section    TEXT NOT NULL,
    seen_at    TEXT NOT NULL
);
CREATE INDEX presence_meeting ON presence(meeting_id, seen_at);
"#;

/// A counter of changes to case status, so a caseload on screen can tell cheaply that it is stale
/// (someone else added a student, finalized a meeting, or changed a record). Bumped once per
/// transaction that changed case status (`cases::bump_serial`), not per row, so bulk loads stay fast.
pub const V6: &str = r#"
CREATE TABLE case_serial (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO case_serial(id, n) VALUES (1, 0);
"#;

/// Drafts per running iepmeet, not per user: two terminals of one user keep two drafts of the same
/// section (`session` is "host#pid.n" of the process typing it; `terminal` says where, for people).
/// A correction being typed (Ctrl-E) says which entry it corrects, so it comes back as a correction.
/// Every field editor and popup keeps its text in `editor_drafts` at every keystroke, never as the
/// value. Acknowledgements of open meetings name items by row id instead of position (`v7_hook`).
pub const V7: &str = r#"
CREATE TABLE drafts_v7 (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    section    TEXT NOT NULL,
    actor      TEXT NOT NULL,
    session    TEXT NOT NULL DEFAULT '',
    terminal   TEXT NOT NULL DEFAULT '',
    corrects   INTEGER,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, section, actor, session)
);
INSERT INTO drafts_v7(meeting_id, section, actor, text, updated_at)
    SELECT meeting_id, section, actor, text, updated_at FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_v7 RENAME TO drafts;

CREATE TABLE editor_drafts (
    id         INTEGER PRIMARY KEY,
    actor      TEXT NOT NULL,
    session    TEXT NOT NULL,
    terminal   TEXT NOT NULL DEFAULT '',
    meeting_id INTEGER REFERENCES meetings(id) ON DELETE CASCADE,
    student_id INTEGER REFERENCES students(id) ON DELETE CASCADE,
    editor     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX editor_drafts_actor ON editor_drafts(actor, session);
CREATE INDEX editor_drafts_meeting ON editor_drafts(meeting_id);
"#;

/// The item at `position` of a block of a meeting, by row id (v7: positions become ids).
fn item_at(tx: &rusqlite::Transaction, meeting_id: i64, block: &str, position: i64) -> rusqlite::Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    tx.query_row(
        "SELECT id FROM meeting_items WHERE meeting_id = ?1 AND block = ?2 ORDER BY position, id LIMIT 1 OFFSET ?3",
        rusqlite::params![meeting_id, block, position],
        |r| r.get(0),
    )
    .optional()
}

/// v7: acknowledgement keys of open meetings ("section/block/<position>/field") become
/// "section/block/#<id>/field". Finalized meetings keep theirs: their positions can never change
/// again, the record stays byte for byte as it was finalized, and `Target::matches_ack` reads both.
/// The text of a field editor kept by earlier versions (app state `draft:<user>`, by position)
/// becomes an editor draft naming its item by id.
fn v7_hook(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    let acks: Vec<(i64, i64, String)> = {
        let mut st = tx.prepare(
            "SELECT a.id, a.meeting_id, a.target FROM acknowledgements a JOIN meetings m ON m.id = a.meeting_id WHERE m.status = 'open'",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, mid, target) in acks {
        let parts: Vec<&str> = target.split('/').collect();
        if let [sec, block, pos, field] = parts.as_slice() {
            if let Ok(pos) = pos.parse::<i64>() {
                let key = match item_at(tx, mid, block, pos)? {
                    Some(item) => format!("{sec}/{block}/#{item}/{field}"),
                    // The item is gone: the acknowledgement can no longer name anything on screen.
                    None => format!("{sec}/{block}/gone-{pos}/{field}"),
                };
                tx.execute("UPDATE acknowledgements SET target = ?1 WHERE id = ?2", rusqlite::params![key, id])?;
            }
        }
    }
    let old: Vec<(String, String)> = {
        let mut st = tx.prepare("SELECT key, value FROM app_state WHERE key LIKE 'draft:%'")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (key, value) in old {
        let actor = key.trim_start_matches("draft:").to_string();
        let v: serde_json::Value = serde_json::from_str(&value).unwrap_or_else(|_| serde_json::json!({ "text": value }));
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let label = v["label"].as_str().unwrap_or("Text you were typing").to_string();
        let resume: Option<String> =
            tx.query_row("SELECT value FROM app_state WHERE key = ?1", [format!("resume:{actor}")], |r| r.get(0)).ok();
        let meeting: Option<i64> = resume.as_deref().and_then(|r| r.strip_prefix("meeting:")).and_then(|r| r.split(':').next()?.parse().ok());
        let target = match (v["block"].as_str(), v["key"].as_str(), meeting) {
            (Some(b), Some(k), Some(mid)) => {
                let item = match v["idx"].as_i64() {
                    Some(pos) => item_at(tx, mid, b, pos)?,
                    None => None,
                };
                crate::domain::drafts::DraftTarget::Field { block: b.into(), key: k.into(), item }
            }
            _ => crate::domain::drafts::DraftTarget::Other { label: label.clone() },
        };
        let d = crate::domain::drafts::EditorDraft { target, label, original: String::new(), text };
        let editor = serde_json::to_string(&d).expect("serialize a draft");
        tx.execute(
            "INSERT INTO editor_drafts(actor, session, meeting_id, editor, updated_at) VALUES (?1, '', ?2, ?3, ?4)",
            rusqlite::params![actor, meeting, editor, super::now()],
        )?;
        tx.execute("DELETE FROM app_state WHERE key = ?1", [key])?;
    }
    Ok(())
}

/// REPLACE, INSERT OR REPLACE and the insert of an UPSERT replace a row by deleting it *without*
/// firing DELETE triggers (unless `recursive_triggers` is on, which the sqlite3 shell or another
/// program will not set), so UPDATE/DELETE triggers alone let a finalized meeting be re-opened and
/// rewritten. Every table of the record also refuses, BEFORE INSERT, an insert that would replace a
/// row of a finalized meeting or any row of the append-only tables; a meeting cannot be inserted
/// already finalized (only finalizing makes one); a student with a finalized meeting cannot be deleted.
pub const V8: &str = r#"
CREATE TRIGGER meetings_no_replace BEFORE INSERT ON meetings
    WHEN (SELECT status FROM meetings WHERE id = NEW.id) = 'finalized' OR NEW.status IS NOT 'open'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER items_no_replace BEFORE INSERT ON meeting_items
    WHEN (SELECT m.status FROM meeting_items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER entries_no_replace BEFORE INSERT ON entries
    WHEN (SELECT m.status FROM entries e JOIN meetings m ON m.id = e.meeting_id WHERE e.id = NEW.id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER acks_no_replace BEFORE INSERT ON acknowledgements
    WHEN (SELECT m.status FROM acknowledgements a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.id) = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
CREATE TRIGGER agenda_no_replace BEFORE INSERT ON agenda_events
    WHEN EXISTS (SELECT 1 FROM agenda_events WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'agenda timer events are append-only'); END;
CREATE TRIGGER amendments_no_replace BEFORE INSERT ON amendments
    WHEN EXISTS (SELECT 1 FROM amendments WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'amendments are append-only'); END;
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
    WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER students_keep_finalized BEFORE DELETE ON students
    WHEN EXISTS (SELECT 1 FROM meetings WHERE student_id = OLD.id AND status = 'finalized')
    BEGIN SELECT RAISE(ABORT, 'this student has a finalized meeting: the record is kept'); END;
"#;

/// Finalized means frozen whole: the student's IEP 1 record as it stood when the meeting was
/// finalized is part of the meeting's row (`student_record`), with who finalized it, so a later
/// edit or roster re-import never changes a finalized record's export or content hash. Meetings
/// finalized before this version get the student record as it stands at the upgrade (the earliest
/// copy there is) and the finalizer from the audit trail.
pub const V9: &str = r#"
ALTER TABLE meetings ADD COLUMN student_record TEXT;
ALTER TABLE meetings ADD COLUMN finalized_by TEXT;
DROP TRIGGER meetings_final_update;
UPDATE meetings
   SET student_record = (SELECT data FROM students s WHERE s.id = meetings.student_id),
       finalized_by = (SELECT actor FROM audit a WHERE a.entity = 'meeting' AND a.entity_id = meetings.id AND a.action = 'finalize' ORDER BY a.id LIMIT 1)
 WHERE status = 'finalized';
CREATE TRIGGER meetings_final_update BEFORE UPDATE ON meetings
    WHEN OLD.status = 'finalized'
    BEGIN SELECT RAISE(ABORT, 'meeting is finalized and cannot be changed'); END;
"#;

/// The audit trail becomes a hash chain (`store::chain`): each row's `hash` covers the previous
/// row's hash and its own content; rows so far are chained in order and meetings finalized so far
/// sealed (`chain::v10_hook`).
pub const V10: &str = "ALTER TABLE audit ADD COLUMN hash TEXT;";

/// Which rule set checked a finalized meeting (`RuleSet::describe` at finalize): the built-in rules
/// or a district's changes over them (`iepmeet rules --load`). Meetings finalized before have none.
pub const V11: &str = "ALTER TABLE meetings ADD COLUMN rules_used TEXT;";

/// Student IDs match without regard to case (issue 15): `demo-00001` is the student `DEMO-00001`,
/// for an import and for any other write. An index on the lower-cased ID (so a roster import finds
/// each student without a scan), and triggers that refuse a second student whose ID differs from an
/// existing one only in case, whatever writes it. Databases that already hold such a pair keep it
/// (the triggers look only at new writes); `doctor` and imports name it.
pub const V12: &str = r#"
CREATE INDEX students_local_id_nocase ON students(lower(local_id)) WHERE local_id <> '';
CREATE TRIGGER students_local_id_nocase_insert BEFORE INSERT ON students
    WHEN coalesce(json_extract(NEW.data, '$.local_id'), '') <> ''
     AND EXISTS (SELECT 1 FROM students s WHERE s.local_id <> '' AND lower(s.local_id) = lower(json_extract(NEW.data, '$.local_id')))
    BEGIN SELECT RAISE(ABORT, 'another student has this ID (IDs match without regard to case)'); END;
CREATE TRIGGER students_local_id_nocase_update BEFORE UPDATE OF data ON students
    WHEN coalesce(json_extract(NEW.data, '$.local_id'), '') <> ''
     AND lower(coalesce(json_extract(OLD.data, '$.local_id'), '')) <> lower(json_extract(NEW.data, '$.local_id'))
     AND EXISTS (SELECT 1 FROM students s WHERE s.id <> NEW.id AND s.local_id <> '' AND lower(s.local_id) = lower(json_extract(NEW.data, '$.local_id')))
    BEGIN SELECT RAISE(ABORT, 'another student has this ID (IDs match without regard to case)'); END;
"#;

/// The staff directory (`iepmeet import staff`, docs/staff-format.md): the people a meeting's team
/// is picked from, with their IEP 9B roles and qualifications. Not part of any student's record:
/// a member picked from it is copied into the meeting's attendance list, so changing the directory
/// later changes no meeting. Names match without regard to case.
pub const V13: &str = r#"
CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    data       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX staff_name ON staff(lower(name));
"#;

pub fn migrations() -> Migrations<'static> {
    migrations_to(LATEST as usize)
}

/// The migrations up to `version` only (tests of upgrades from earlier schemas).
pub fn migrations_to(version: usize) -> Migrations<'static> {
    let all: Vec<M<'static>> = vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up_with_hook(V7, v7_hook),
        M::up(V8),
        M::up(V9),
        M::up_with_hook(V10, super::chain::v10_hook),
        M::up(V11),
        M::up(V12),
        M::up(V13),
    ];
    Migrations::new(all.into_iter().take(version).collect())
}

/// The schema version this build writes.
pub const LATEST: i64 = 13;
