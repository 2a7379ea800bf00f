//! Several processes on one database: noticing others' commits (`PRAGMA data_version`), a cheap
//! stamp of a meeting to tell whether it changed, and presence (who else has the meeting open).

use rusqlite::params;

use super::{now, Result, Store};
use crate::domain::meeting::Section;

/// A presence row older than this is someone who left without saying so (a killed process).
pub const PRESENCE_TTL_SECS: i64 = 10;

/// Another person in the same meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Present {
    pub actor: String,
    pub section: Option<Section>,
    /// A wall (`iepmeet wall`) showing the meeting to the room, not a person working in it.
    pub wall: bool,
}

/// The presence row's "section" of a wall.
const WALL: &str = "wall";

impl Store {
    /// Changes when another connection commits (SQLite's `PRAGMA data_version`).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn().query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Changes whenever any student's case status changes (schema v6 triggers).
    pub fn case_serial(&self) -> Result<i64> {
        Ok(self.conn().query_row("SELECT n FROM case_serial WHERE id = 1", [], |r| r.get(0))?)
    }

    /// Everything about a meeting that others may change, in one short string: equal stamps, same
    /// meeting (presence rows are not part of it).
    pub fn meeting_stamp(&self, meeting_id: i64) -> Result<String> {
        Ok(self.conn().query_row(
            "SELECT (SELECT version || status FROM meetings WHERE id = ?1)
                 || ':' || (SELECT count(*) || '.' || coalesce(sum(version), 0) || '.' || coalesce(max(id), 0)
                            || '.' || coalesce(sum((position + 1) * id), 0) FROM meeting_items WHERE meeting_id = ?1)
                 || ':' || (SELECT count(*) || '.' || coalesce(sum(version), 0) || '.' || coalesce(max(id), 0) FROM entries WHERE meeting_id = ?1)
                 || ':' || (SELECT count(*) FROM amendments WHERE meeting_id = ?1)
                 || ':' || (SELECT count(*) || '.' || coalesce(max(at), '') FROM acknowledgements WHERE meeting_id = ?1)
                 || ':' || (SELECT count(*) FROM agenda_events WHERE meeting_id = ?1)",
            [meeting_id],
            |r| r.get::<_, Option<String>>(0),
        )?
        .unwrap_or_default())
    }

    /// Presence rows seen since this moment are of someone still here.
    fn presence_cutoff() -> String {
        (super::clock_now() - chrono::Duration::seconds(PRESENCE_TTL_SECS)).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
    }

    /// This connection's presence key: user, host, process id and which store of the process.
    /// "actor@host#pid.n": the user, then this running iepmeet (`draft_session`).
    fn session(&self) -> String {
        format!("{}@{}", self.actor(), self.draft_session())
    }

    /// Say "I am in this meeting, in this section" (repeat every few seconds).
    pub fn heartbeat(&mut self, meeting_id: i64, section: Section) -> Result<()> {
        self.beat(meeting_id, section.code())
    }

    /// Say "a wall shows this meeting" (repeat every few seconds; `leave` when it closes).
    pub fn heartbeat_wall(&mut self, meeting_id: i64) -> Result<()> {
        self.beat(meeting_id, WALL)
    }

    /// This session's presence row: in `meeting_id`, at `place` (a section's code, or `WALL`).
    fn beat(&mut self, meeting_id: i64, place: &str) -> Result<()> {
        let session = self.session();
        self.write_trace(|tx, actor| {
            tx.execute(
                "INSERT INTO presence(session, meeting_id, actor, section, seen_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(session) DO UPDATE SET meeting_id = excluded.meeting_id, section = excluded.section, seen_at = excluded.seen_at",
                params![session, meeting_id, actor, place, now()],
            )?;
            Ok(())
        })
    }

    /// The open meeting someone is working in now (the most recently seen), for `iepmeet wall`
    /// without a number.
    pub fn active_meeting(&self) -> Result<Option<i64>> {
        let cutoff = Store::presence_cutoff();
        let mut st = self.conn().prepare(
            "SELECT p.meeting_id, p.session FROM presence p JOIN meetings m ON m.id = p.meeting_id
             WHERE p.section <> ?1 AND p.seen_at >= ?2 AND m.status = 'open' ORDER BY p.seen_at DESC",
        )?;
        let rows = st.query_map(params![WALL, cutoff], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (id, session) = row?;
            if super::drafts::alive(&session) {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }

    /// How many other sessions are in any meeting now (seen lately, their process alive): an
    /// encryption refuses to start while any are.
    pub fn others_present(&self) -> Result<usize> {
        let cutoff = Store::presence_cutoff();
        let mut st = self.conn().prepare("SELECT DISTINCT session FROM presence WHERE session <> ?1 AND seen_at >= ?2")?;
        let rows = st.query_map(params![self.session(), cutoff], |r| r.get::<_, String>(0))?;
        let mut n = 0;
        for row in rows {
            if super::drafts::alive(&row?) {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Leave (closing the meeting, quitting).
    pub fn leave(&mut self) -> Result<()> {
        let session = self.session();
        self.write_trace(|tx, _| {
            tx.execute("DELETE FROM presence WHERE session = ?1", [&session])?;
            Ok(())
        })
    }

    /// The others in a meeting now (seen in the last few seconds), not counting this process.
    pub fn present(&self, meeting_id: i64) -> Result<Vec<Present>> {
        let cutoff = Store::presence_cutoff();
        let mut st = self.conn().prepare(
            "SELECT actor, section, session FROM presence WHERE meeting_id = ?1 AND session <> ?2 AND seen_at >= ?3 ORDER BY actor, session",
        )?;
        let rows = st.query_map(params![meeting_id, self.session(), cutoff], |r| {
            let s: String = r.get(1)?;
            Ok((Present { actor: r.get(0)?, section: Section::from_code(&s), wall: s == WALL }, r.get::<_, String>(2)?))
        })?;
        // A process that was killed is not "here", even before its row goes stale.
        let mut out = Vec::new();
        for row in rows {
            let (p, session) = row?;
            if super::drafts::alive(&session) {
                out.push(p);
            }
        }
        Ok(out)
    }
}
