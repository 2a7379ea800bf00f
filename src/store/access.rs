//! The record of access (`domain::access`): one row per student per read, in the audit table and
//! so in its hash chain (`chain`): entity `access`, action `view` or `export`, and in `after` the
//! JSON `{what, file, recipient, purpose}`. The audit's triggers make the rows append-only, and
//! `verify` finds a row altered or removed with the file in hand. `iepmeet audit` shows changes
//! only; `iepmeet access` shows these.

use serde_json::json;

use super::{Result, Store};
use crate::domain::access::{Disclosure, View};

/// One read of a student's record, as `iepmeet access` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRow {
    pub at: String,
    /// The OS user, and the SSH client address when there was one (as the audit has it).
    pub actor: String,
    pub meeting_id: Option<i64>,
    /// `view` or `export`.
    pub action: String,
    pub what: String,
    pub file: Option<String>,
    pub recipient: String,
    pub purpose: String,
}

/// A read recorded while another program held the write lock: kept in the spool file beside the
/// database until the next read that can write takes it into the chain, with its own time.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Pending {
    at: String,
    actor: String,
    student: i64,
    meeting: Option<i64>,
    action: String,
    after: String,
}

impl Store {
    /// The spool of reads not yet in the chain: `<database>-access`, beside the `-wal`.
    fn spool_path(&self) -> Option<std::path::PathBuf> {
        if self.path().as_os_str() == ":memory:" {
            return None;
        }
        let mut p = self.path().as_os_str().to_os_string();
        p.push("-access");
        Some(p.into())
    }

    /// Record that `students` were read (one row each, one transaction): `meeting` when a meeting
    /// was read, and the release's recipient and purpose when a copy was given. On a database
    /// this user may only read, nothing can be recorded: `StoreError::ReadOnly`, for the caller to
    /// say so.
    ///
    /// A read never waits for a writer: when another program holds the write lock (longer than a
    /// draft waits, 100 ms), the rows go to the spool file (owner-only, appended under a file lock) and the
    /// next read that can write takes them into the chain first, in order, with their own times.
    /// Committed with `synchronous = NORMAL` (as drafts are): safe against a crash of iepmeet or a
    /// dropped connection; a power cut in the moment after may lose the last row — the price of
    /// a lookup that stays fast (README, record of access).
    pub fn log_access(&mut self, students: &[i64], meeting: Option<i64>, view: &View, to: Option<&Disclosure>) -> Result<()> {
        if students.is_empty() {
            return Ok(());
        }
        if self.is_read_only() {
            return Err(super::StoreError::ReadOnly(self.path().to_path_buf()));
        }
        let after = json!({
            "what": view.what(),
            "file": view.file(),
            "recipient": to.map(|d| d.recipient.as_str()).unwrap_or(""),
            "purpose": to.map(|d| d.purpose.as_str()).unwrap_or(""),
        })
        .to_string();
        let at = super::now();
        let actor = self.actor().to_string();
        let rows: Vec<Pending> = students
            .iter()
            .map(|&student| Pending { at: at.clone(), actor: actor.clone(), student, meeting, action: view.action().into(), after: after.clone() })
            .collect();
        // The spool, locked for as long as this read writes (so no two take the same rows).
        let spool = match self.spool_path() {
            Some(p) => Some(open_spool(&p, self.path()).map_err(|e| super::StoreError::Invalid(format!("{}: {e}", p.display())))?),
            None => None,
        };
        let waiting: Vec<Pending> = match &spool {
            Some(f) => read_spool(f),
            None => Vec::new(),
        };
        // A light write (as a draft's: `synchronous = NORMAL`, a short wait for another writer).
        let r = self.write_light(|tx, _| {
            for p in waiting.iter().chain(rows.iter()) {
                let id = meeting_or_student(p);
                super::chain::append_at(tx, &p.at, &p.actor, Some(p.student), p.meeting, "access", Some(id), &p.action, None, Some(&p.after))?;
            }
            Ok(())
        });
        match (r, spool) {
            (Ok(()), Some(f)) if !waiting.is_empty() => {
                // In the chain now: the spool is emptied (still under its lock).
                let _ = f.set_len(0);
                Ok(())
            }
            (Ok(()), _) => Ok(()),
            (Err(e), Some(f)) if e.is_busy() => append_spool(&f, &rows).map_err(|e| super::StoreError::Invalid(format!("the record of access could not be kept: {e}"))),
            (Err(e), _) => Err(e),
        }
    }

    /// Record that meeting `meeting_id` was exported as `format` to `file` (standard output when
    /// none), released to `to`: one row for its student, the file named absolutely. The command
    /// line and the TUI both log an export through here.
    pub fn log_export(&mut self, meeting_id: i64, format: &str, file: Option<&std::path::Path>, to: Option<&Disclosure>) -> Result<()> {
        let student = self.student_of_meeting(meeting_id)?;
        let view = View::Export { format: format.to_string(), file: file.map(logged_file) };
        self.log_access(&[student], Some(meeting_id), &view, to)
    }

    /// The student a meeting belongs to (`StoreError::NotFound` when there is no such meeting).
    pub fn student_of_meeting(&self, meeting_id: i64) -> Result<i64> {
        use rusqlite::OptionalExtension;
        self.conn()
            .query_row("SELECT student_id FROM meetings WHERE id = ?1", [meeting_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| super::StoreError::NotFound(format!("meeting {meeting_id}")))
    }

    /// A student's record of access, oldest first; from `since` (an ISO date or time) when given.
    pub fn access_for(&self, student_id: i64, since: Option<&str>) -> Result<Vec<AccessRow>> {
        let mut st = self.conn().prepare_cached(
            "SELECT at, actor, meeting_id, action, after FROM audit
              WHERE student_id = ?1 AND entity = 'access' AND at >= ?2 ORDER BY at, id",
        )?;
        let rows = st.query_map(rusqlite::params![student_id, since.unwrap_or("")], |r| {
            let after: Option<String> = r.get(4)?;
            let v: serde_json::Value = after.as_deref().and_then(|a| serde_json::from_str(a).ok()).unwrap_or_default();
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
            Ok(AccessRow {
                at: r.get(0)?,
                actor: r.get(1)?,
                meeting_id: r.get(2)?,
                action: r.get(3)?,
                what: s("what"),
                file: v.get("file").and_then(|x| x.as_str()).map(String::from),
                recipient: s("recipient"),
                purpose: s("purpose"),
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

/// A file as the record of access names it: absolute, so the row says where the copy went
/// whatever the directory the command ran in.
pub fn logged_file(p: &std::path::Path) -> String {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()).display().to_string()
}

fn meeting_or_student(p: &Pending) -> i64 {
    p.meeting.unwrap_or(p.student)
}

/// The spool file, opened (created owner-only, or group-writable like a database in a shared
/// folder) for reading and appending, and locked. A link is refused.
fn open_spool(path: &std::path::Path, db: &std::path::Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let mode = std::fs::metadata(db).map(|m| m.permissions().mode() & 0o660).unwrap_or(0o600) | 0o600;
    let f = std::fs::OpenOptions::new().read(true).append(true).create(true).mode(mode).custom_flags(libc::O_NOFOLLOW).open(path)?;
    f.lock()?;
    Ok(f)
}

/// The rows waiting in the spool (a line that does not parse — a torn write — is skipped).
fn read_spool(mut f: &std::fs::File) -> Vec<Pending> {
    use std::io::{Read, Seek};
    let mut text = String::new();
    if f.seek(std::io::SeekFrom::Start(0)).is_err() || f.read_to_string(&mut text).is_err() {
        return Vec::new();
    }
    text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

fn append_spool(mut f: &std::fs::File, rows: &[Pending]) -> std::io::Result<()> {
    use std::io::Write;
    let mut text = String::new();
    for r in rows {
        text += &serde_json::to_string(r).map_err(std::io::Error::other)?;
        text.push('\n');
    }
    f.write_all(text.as_bytes())?;
    f.sync_data()
}
