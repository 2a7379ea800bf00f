//! Drafts: what people are typing and have not confirmed. Not part of the record, never lost.
//!
//! Each running iepmeet is a *session* ("host#pid.n"); its drafts are its own, so two terminals of
//! one user keep two drafts. A session that is gone (killed, crashed, hung up) leaves its drafts
//! behind; the next iepmeet of the same user adopts them (`adopt_drafts`) and puts them back.

use rusqlite::{params, OptionalExtension};

use super::{now, Result, Store};
use crate::domain::drafts::EditorDraft;
use crate::domain::meeting::Section;

/// Someone's unconfirmed text in a meeting: who, where, what.
#[derive(Debug, Clone, PartialEq)]
pub struct Typing {
    pub actor: String,
    /// "minutes of Goals", or the editor's title.
    pub place: String,
    pub terminal: String,
    pub text: String,
    /// Typed by this session.
    pub mine: bool,
}

/// A composer draft: the text, and the entry it corrects (Ctrl-E) if it is a correction.
#[derive(Debug, Clone, PartialEq)]
pub struct ComposerDraft {
    pub text: String,
    pub corrects: Option<i64>,
}

/// An editor draft as stored: its row, where it was typed and what it edits.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEditor {
    pub id: i64,
    pub meeting_id: Option<i64>,
    pub student_id: Option<i64>,
    pub draft: EditorDraft,
}

/// Stores open in this process, by serial: a session of this process is alive while its store is.
static LIVE: std::sync::Mutex<Vec<u64>> = std::sync::Mutex::new(Vec::new());

pub(super) fn register(serial: u64) {
    LIVE.lock().unwrap_or_else(|e| e.into_inner()).push(serial);
}

pub(super) fn unregister(serial: u64) {
    LIVE.lock().unwrap_or_else(|e| e.into_inner()).retain(|s| *s != serial);
}

fn host() -> &'static str {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default().trim().to_string())
}

/// Whether the session that wrote a draft ("host#pid.n") or a presence row ("actor@host#pid.n") is
/// still running.
pub(super) fn alive(session: &str) -> bool {
    let session = session.rsplit_once('@').map(|(_, s)| s).unwrap_or(session);
    let Some((h, rest)) = session.rsplit_once('#') else { return false };
    if h != host() {
        return false;
    }
    let (pid, serial) = match rest.split_once('.') {
        Some((p, s)) => (p.parse::<u32>().ok(), s.parse::<u64>().ok()),
        None => (rest.parse::<u32>().ok(), None),
    };
    let Some(pid) = pid else { return false };
    if pid == std::process::id() {
        return serial.is_some_and(|s| LIVE.lock().unwrap_or_else(|e| e.into_inner()).contains(&s));
    }
    // Linux: the process exists, is not a zombie (killed, not yet reaped), and is an iepmeet (a pid
    // can be reused by another program).
    if std::path::Path::new("/proc/self/stat").exists() {
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
        let state = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next()).unwrap_or("");
        if matches!(state, "Z" | "X" | "x") {
            return false;
        }
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let mine = std::fs::read_to_string("/proc/self/comm").unwrap_or_default();
        return comm == mine || comm.trim().starts_with("iepmeet");
    }
    #[cfg(unix)]
    {
        // Signal 0: no signal is sent, only whether the process exists.
        let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// The terminal this process runs in, to tell people where someone is typing.
pub fn current_terminal() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0 as libc::c_char; 128];
        if unsafe { libc::ttyname_r(0, buf.as_mut_ptr(), buf.len()) } == 0 {
            let s = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) };
            return crate::domain::text::clean_line(&s.to_string_lossy());
        }
    }
    String::new()
}

impl Store {
    /// This running iepmeet: "host#pid.n".
    pub fn draft_session(&self) -> String {
        format!("{}#{}.{}", host(), std::process::id(), self.serial)
    }

    /// Keep (or, when empty, drop) what this session is typing in a section's minutes.
    pub fn save_draft(&mut self, meeting_id: i64, section: Section, text: &str) -> Result<()> {
        self.save_composer(meeting_id, section, text, None)
    }

    /// Keep the composer's text; `corrects` names the entry being corrected (Ctrl-E).
    pub fn save_composer(&mut self, meeting_id: i64, section: Section, text: &str, corrects: Option<i64>) -> Result<()> {
        let (session, terminal) = (self.draft_session(), self.terminal.clone());
        self.write_light(|tx, actor| {
            if text.trim().is_empty() && corrects.is_none() {
                tx.execute(
                    "DELETE FROM drafts WHERE meeting_id = ?1 AND section = ?2 AND actor = ?3 AND session = ?4",
                    params![meeting_id, section.code(), actor, session],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO drafts(meeting_id, section, actor, session, terminal, corrects, text, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT(meeting_id, section, actor, session) DO UPDATE
                        SET text = excluded.text, corrects = excluded.corrects, terminal = excluded.terminal, updated_at = excluded.updated_at",
                    params![meeting_id, section.code(), actor, session, terminal, corrects, text, now()],
                )?;
            }
            Ok(())
        })
    }

    /// Drop this session's composer draft of a section (recorded, or a correction abandoned).
    pub fn clear_draft(&mut self, meeting_id: i64, section: Section) -> Result<()> {
        let session = self.draft_session();
        self.write_light(|tx, actor| {
            tx.execute(
                "DELETE FROM drafts WHERE meeting_id = ?1 AND section = ?2 AND actor = ?3 AND session = ?4",
                params![meeting_id, section.code(), actor, session],
            )?;
            Ok(())
        })
    }

    /// This session's draft of a section's minutes.
    pub fn draft(&self, meeting_id: i64, section: Section) -> Result<Option<String>> {
        Ok(self.composer_draft(meeting_id, section)?.map(|d| d.text))
    }

    pub fn composer_draft(&self, meeting_id: i64, section: Section) -> Result<Option<ComposerDraft>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT text, corrects FROM drafts WHERE meeting_id = ?1 AND section = ?2 AND actor = ?3 AND session = ?4",
                params![meeting_id, section.code(), self.actor, self.draft_session()],
                |r| Ok(ComposerDraft { text: r.get(0)?, corrects: r.get(1)? }),
            )
            .optional()?)
    }

    /// Everyone's unconfirmed text in a meeting, minutes and editors alike (finalize says who).
    pub fn typing_in(&self, meeting_id: i64) -> Result<Vec<Typing>> {
        let me = self.draft_session();
        let mut out = Vec::new();
        let mut st = self.conn().prepare(
            "SELECT section, actor, terminal, text, session FROM drafts WHERE meeting_id = ?1 AND length(trim(text)) > 0 ORDER BY section, actor",
        )?;
        let rows = st.query_map([meeting_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?))
        })?;
        for row in rows {
            let (sec, actor, terminal, text, session) = row?;
            let place = format!("the minutes of {}", Section::from_code(&sec).map(|s| s.label()).unwrap_or("a section"));
            out.push(Typing { mine: session == me && actor == self.actor, actor, place, terminal, text });
        }
        for e in self.editor_drafts_in(meeting_id)? {
            let (actor, session, terminal, d) = e;
            if d.text == d.original {
                continue;
            }
            out.push(Typing { mine: session == me && actor == self.actor, actor, place: d.label.clone(), terminal, text: d.text });
        }
        Ok(out)
    }

    /// Every editor draft typed in a meeting, anyone's: (actor, session, terminal, draft).
    fn editor_drafts_in(&self, meeting_id: i64) -> Result<Vec<(String, String, String, EditorDraft)>> {
        let mut st = self.conn().prepare("SELECT actor, session, terminal, editor FROM editor_drafts WHERE meeting_id = ?1 ORDER BY updated_at, id")?;
        let rows = st.query_map([meeting_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (a, s, t, json) = row?;
            if let Ok(d) = serde_json::from_str::<EditorDraft>(&json) {
                out.push((a, s, t, d));
            }
        }
        Ok(out)
    }

    /// Keep the text of an open editor (`id`: its row, once written). Returns the row.
    pub fn save_editor_draft(&mut self, id: Option<i64>, meeting_id: Option<i64>, student_id: Option<i64>, d: &EditorDraft) -> Result<i64> {
        let (session, terminal) = (self.draft_session(), self.terminal.clone());
        let json = serde_json::to_string(d).expect("serialize a draft");
        self.write_light(|tx, actor| {
            if let Some(id) = id {
                let n = tx.execute(
                    "UPDATE editor_drafts SET editor = ?1, meeting_id = ?2, student_id = ?3, updated_at = ?4 WHERE id = ?5 AND session = ?6",
                    params![json, meeting_id, student_id, now(), id, session],
                )?;
                if n == 1 {
                    return Ok(id);
                }
            }
            tx.execute(
                "INSERT INTO editor_drafts(actor, session, terminal, meeting_id, student_id, editor, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![actor, session, terminal, meeting_id, student_id, json, now()],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// The editor was confirmed or cancelled: its draft goes.
    pub fn clear_editor_draft(&mut self, id: i64) -> Result<()> {
        self.write_light(|tx, _| {
            tx.execute("DELETE FROM editor_drafts WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// This session's editor drafts, oldest first.
    pub fn editor_drafts(&self) -> Result<Vec<StoredEditor>> {
        let mut st = self.conn().prepare(
            "SELECT id, meeting_id, student_id, editor FROM editor_drafts WHERE actor = ?1 AND session = ?2 ORDER BY updated_at, id",
        )?;
        let rows = st.query_map(params![self.actor, self.draft_session()], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, Option<i64>>(2)?, r.get::<_, String>(3)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, meeting_id, student_id, json) = row?;
            let draft = serde_json::from_str::<EditorDraft>(&json).unwrap_or_else(|_| EditorDraft {
                target: crate::domain::drafts::DraftTarget::Other { label: "Text you were typing".into() },
                label: "Text you were typing".into(),
                original: String::new(),
                text: json.clone(),
            });
            out.push(StoredEditor { id, meeting_id, student_id, draft });
        }
        Ok(out)
    }

    /// Take over this user's drafts left by sessions that are gone (a kill, a crash, a dropped
    /// connection): they become this session's. A composer draft of a section this session already
    /// has text in is appended to it, so nothing is lost. Returns how many were adopted.
    pub fn adopt_drafts(&mut self) -> Result<usize> {
        let me = self.draft_session();
        let actor = self.actor.clone();
        let sessions: Vec<String> = {
            let mut st = self.conn().prepare(
                "SELECT session FROM drafts WHERE actor = ?1 AND session <> ?2 UNION SELECT session FROM editor_drafts WHERE actor = ?1 AND session <> ?2",
            )?;
            let rows = st.query_map(params![actor, me], |r| r.get::<_, String>(0))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let gone: Vec<String> = sessions.into_iter().filter(|s| !alive(s)).collect();
        if gone.is_empty() {
            return Ok(0);
        }
        let terminal = self.terminal.clone();
        // The record's patience, not a draft's: this runs once, at start, and must not be skipped.
        self.write(|tx, actor| {
            let mut n = 0;
            for old in &gone {
                let rows: Vec<(i64, String, Option<i64>, String)> = {
                    let mut st = tx.prepare("SELECT meeting_id, section, corrects, text FROM drafts WHERE actor = ?1 AND session = ?2")?;
                    let r = st.query_map(params![actor, old], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
                    r.collect::<std::result::Result<_, _>>()?
                };
                for (mid, sec, corrects, text) in rows {
                    let mine: Option<String> = tx
                        .query_row(
                            "SELECT text FROM drafts WHERE meeting_id = ?1 AND section = ?2 AND actor = ?3 AND session = ?4",
                            params![mid, sec, actor, me],
                            |r| r.get(0),
                        )
                        .optional()?;
                    let (merged, corrects) = match mine {
                        Some(m) if !m.trim().is_empty() => (format!("{m}\n{text}"), None),
                        _ => (text, corrects),
                    };
                    tx.execute(
                        "INSERT INTO drafts(meeting_id, section, actor, session, terminal, corrects, text, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                         ON CONFLICT(meeting_id, section, actor, session) DO UPDATE SET text = excluded.text, corrects = excluded.corrects",
                        params![mid, sec, actor, me, terminal, corrects, merged, now()],
                    )?;
                    n += 1;
                }
                tx.execute("DELETE FROM drafts WHERE actor = ?1 AND session = ?2", params![actor, old])?;
                n += tx.execute("UPDATE editor_drafts SET session = ?1, terminal = ?2 WHERE actor = ?3 AND session = ?4", params![me, terminal, actor, old])?;
            }
            Ok(n)
        })
    }
}

/// What a session could not save before it stopped because another program held the database's
/// write lock: written beside the database (owner-only, never over another file), and taken back
/// by this user's next start (`take_fallbacks`), which puts it where the drafts would have been.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Fallback {
    pub actor: String,
    pub session: String,
    pub terminal: String,
    #[serde(default)]
    pub composer: Vec<FallbackComposer>,
    #[serde(default)]
    pub editors: Vec<FallbackEditor>,
}

/// The minutes text of one section that was not saved.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FallbackComposer {
    pub meeting_id: i64,
    pub section: String,
    pub corrects: Option<i64>,
    pub text: String,
}

/// The open editor's text that was not saved (`row`: its draft row, if it had one).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FallbackEditor {
    pub row: Option<i64>,
    pub meeting_id: Option<i64>,
    pub student_id: Option<i64>,
    pub draft: EditorDraft,
}

/// The largest fallback file read back (a session's unsaved text is far smaller).
const FALLBACK_MAX: u64 = 16 << 20;

impl Store {
    /// The folder and name prefix of this database's fallback files ("iep.sqlite3.unsaved-").
    fn fallback_prefix(&self) -> Option<(std::path::PathBuf, String)> {
        let name = self.path.file_name()?.to_string_lossy().to_string();
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        Some((dir, format!("{name}.unsaved-")))
    }

    /// Write what could not be saved to a fallback file beside the database. Returns its path.
    pub fn write_fallback(&mut self, composer: Vec<FallbackComposer>, editors: Vec<FallbackEditor>) -> std::io::Result<std::path::PathBuf> {
        let (dir, prefix) = self.fallback_prefix().ok_or_else(|| std::io::Error::other("the database has no file name"))?;
        let f = Fallback { actor: self.actor.clone(), session: self.draft_session(), terminal: self.terminal.clone(), composer, editors };
        let json = serde_json::to_string_pretty(&f).map_err(std::io::Error::other)?;
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%3f");
        let path = dir.join(format!("{prefix}{stamp}-{}-{}.json", std::process::id(), self.serial));
        crate::export::write_private(&path, json)?;
        Ok(path)
    }

    /// At start: put back this user's fallback files as the drafts of the sessions that wrote
    /// them (so `adopt_drafts` then makes them this session's, merging as it does), and remove each
    /// file once its drafts are in. A file that is not this OS user's, not a regular file, too
    /// large or not readable is left alone. Returns how many drafts came back.
    pub fn take_fallbacks(&mut self) -> Result<usize> {
        if self.read_only {
            return Ok(0);
        }
        let Some((dir, prefix)) = self.fallback_prefix() else { return Ok(0) };
        let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(0) };
        let mut files: Vec<std::path::PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix) && e.file_name().to_string_lossy().ends_with(".json"))
            .map(|e| e.path())
            .collect();
        files.sort();
        let mut n = 0;
        for file in files {
            let Some(f) = read_fallback(&file) else { continue };
            if f.actor != self.actor {
                continue;
            }
            n += self.write(|tx, actor| {
                let mut n = 0;
                for c in &f.composer {
                    tx.execute(
                        "INSERT INTO drafts(meeting_id, section, actor, session, terminal, corrects, text, updated_at)
                         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM meetings WHERE id = ?1)
                         ON CONFLICT(meeting_id, section, actor, session) DO UPDATE
                            SET text = excluded.text, corrects = excluded.corrects, updated_at = excluded.updated_at",
                        params![c.meeting_id, c.section, actor, f.session, f.terminal, c.corrects, c.text, now()],
                    )?;
                    n += 1;
                }
                for e in &f.editors {
                    let json = serde_json::to_string(&e.draft).expect("serialize a draft");
                    let updated = match e.row {
                        Some(row) => tx.execute(
                            "UPDATE editor_drafts SET editor = ?1, updated_at = ?2 WHERE id = ?3 AND actor = ?4 AND session = ?5",
                            params![json, now(), row, actor, f.session],
                        )?,
                        None => 0,
                    };
                    if updated == 0 {
                        tx.execute(
                            "INSERT INTO editor_drafts(actor, session, terminal, meeting_id, student_id, editor, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                            params![actor, f.session, f.terminal, e.meeting_id, e.student_id, json, now()],
                        )?;
                    }
                    n += 1;
                }
                Ok(n)
            })?;
            let _ = std::fs::remove_file(&file);
        }
        Ok(n)
    }
}

/// A fallback file, if it is this OS user's regular file of a sane size and parses.
fn read_fallback(file: &std::path::Path) -> Option<Fallback> {
    let meta = std::fs::symlink_metadata(file).ok()?;
    if !meta.is_file() || meta.len() > FALLBACK_MAX {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != unsafe { libc::geteuid() } {
            return None;
        }
    }
    let text = crate::input::read_text(file, FALLBACK_MAX, "draft file").ok()?;
    serde_json::from_str(&text).ok()
}
