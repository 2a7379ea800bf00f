//! SQLite storage: opening (permissions, pragmas, migrations, version checks), students, meetings,
//! minutes, the audit trail and a little app state. Every write is one IMMEDIATE transaction.

mod access;
pub mod convert;
pub mod key;
pub mod maintenance;
mod cases;
pub mod chain;
mod drafts;
mod live;
mod meetings;
mod minutes;
mod rules;
mod schema;
mod staff;
mod students;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use access::{logged_file, AccessRow};
pub use cases::CaseRow;
pub use drafts::{current_terminal, ComposerDraft, Fallback, FallbackComposer, FallbackEditor, StoredEditor, Typing};
pub use live::{Present, PRESENCE_TTL_SECS};
pub use meetings::{Acknowledgement, MeetingSummary};
pub use minutes::{fts_query, AuditRow, SearchHit};
pub use staff::StaffReport;
pub use students::{ImportReport, ImportStep};
pub use schema::LATEST as SCHEMA_VERSION;
/// The schema migrations up to a version (tests of upgrades from earlier versions).
pub use schema::migrations_to;

/// `IEP1` — marks a file as an iepmeet database.
const APPLICATION_ID: i64 = 0x4945_5031;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the database directory {path}: {source}")]
    Dir { path: PathBuf, source: std::io::Error },
    #[error("cannot open the database {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("the database {0} is read-only for this user, so nothing can be changed; ask for write access to the file and its folder, or work on a copy")]
    ReadOnly(PathBuf),
    #[error("the database {path} was written by a newer iepmeet (schema version {found}; this build knows up to {supported}); upgrade iepmeet to open it")]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    #[error("{0} is not an iepmeet database")]
    Foreign(PathBuf),
    #[error("someone else changed this {what} while you were editing it; reload to see their version")]
    Conflict { what: &'static str },
    #[error("this meeting is finalized and cannot be changed")]
    Finalized,
    #[error("not found: {0}")]
    NotFound(String),
    #[error("a student with ID {0} already exists")]
    DuplicateId(String),
    #[error("{0}")]
    Invalid(String),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("database error: {}", sqlite_words(.0))]
    Sql(#[from] rusqlite::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl StoreError {
    /// Another program held the write lock for longer than this write could wait.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Sql(e) if is_busy(e))
    }
    /// The disk holding the database is full.
    pub fn is_full(&self) -> bool {
        matches!(self, StoreError::Sql(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull))
    }
}

/// The tables the current schema has (`schema`): each must be there for the database to open.
const REQUIRED_TABLES: [&str; 15] = [
    "acknowledgements", "agenda_events", "amendments", "app_state", "audit", "case_serial", "case_status",
    "drafts", "editor_drafts", "entries", "meeting_items", "meetings", "presence", "staff", "students",
];

/// An iepmeet database with a table gone (dropped with the sqlite3 shell, a bad copy) is named
/// once, at open, instead of failing later on the first query that needs the table.
fn check_tables(conn: &Connection, path: &Path) -> Result<()> {
    let present: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let missing: Vec<&str> = REQUIRED_TABLES.iter().copied().filter(|t| !present.iter().any(|p| p == t)).collect();
    if !missing.is_empty() {
        return Err(StoreError::Open {
            path: path.into(),
            reason: format!(
                "the database is damaged: the table{} {} {} missing; restore it from a backup (`iepmeet verify` reports what else differs)",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                if missing.len() == 1 { "is" } else { "are" }
            ),
        });
    }
    Ok(())
}

/// A database this user may read but not write. Its -shm file must be shared with its writers;
/// when it cannot be (the folder is not writable either) and no -wal holds changes not yet in the
/// file, it is read as an unchanging file (`immutable=1`: no locks, nothing created).
fn open_read_only(path: &Path) -> Result<Connection> {
    let fail = |e: rusqlite::Error| StoreError::Open { path: path.into(), reason: sqlite_words(&e) };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(fail)?;
    key::unlock(&conn, path)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => return Ok(conn),
        Err(e) if !matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen)) => return Err(fail(e)),
        Err(_) => {}
    }
    drop(conn);
    if wal_len(path) > 0 {
        return Err(StoreError::Open {
            path: path.into(),
            reason: "it is read-only for this user, and someone is writing to it with files this user cannot share; try again when they are done, or work on a copy".into(),
        });
    }
    let uri = format!("file:{}?immutable=1", uri_path(path));
    let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI).map_err(fail)?;
    key::unlock(&conn, path)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).map_err(fail)?;
    Ok(conn)
}

/// The length of a database's -wal file (0 when there is none).
fn wal_len(path: &Path) -> u64 {
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
}

/// A path as the path part of an SQLite `file:` URI (`%`, `?` and `#` escaped).
pub(crate) fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for b in path.as_os_str().as_encoded_bytes() {
        match b {
            b'%' | b'?' | b'#' => out.push_str(&format!("%{b:02X}")),
            _ if b.is_ascii() => out.push(*b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Before SQLite sees the file: it is a regular file (not /dev/null, a FIFO or a folder); its
/// -wal, -shm and -journal companions, if any, are regular files too (a planted symlink would send
/// the database's writes elsewhere); an empty file someone created for it becomes owner-only, as
/// a database iepmeet creates is.
fn check_files(path: &Path, fresh: bool) -> Result<()> {
    let open = |reason: String| StoreError::Open { path: path.into(), reason };
    let meta = std::fs::metadata(path).map_err(|e| open(e.to_string()))?;
    if !meta.is_file() {
        return Err(open("it is not a regular file; --db (or IEPMEET_DB) names the database file".into()));
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut companion = path.as_os_str().to_os_string();
        companion.push(suffix);
        let companion = PathBuf::from(companion);
        if let Ok(m) = std::fs::symlink_metadata(&companion) {
            if !m.is_file() {
                return Err(open(format!(
                    "{} is a link or not a regular file; remove it (SQLite would write the database's changes through it)",
                    crate::domain::text::display(&companion.display().to_string())
                )));
            }
        }
    }
    #[cfg(unix)]
    if meta.len() == 0 && !fresh {
        use std::os::unix::fs::PermissionsExt;
        let shared = path.parent().filter(|d| !d.as_os_str().is_empty()).is_some_and(is_shared_dir);
        let allowed = if shared { 0o660 } else { 0o600 };
        if meta.permissions().mode() & 0o777 & !allowed != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(allowed)).map_err(|e| open(format!("it is empty and readable by others, and could not be made owner-only: {e}")))?;
        }
    }
    Ok(())
}

/// A migration's failure in words: SQLite's own message, without the error types around it.
fn migration_reason(e: &rusqlite_migration::Error) -> String {
    match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => format!("the schema could not be brought up to date: {}", sqlite_words(err)),
        other => format!("the schema could not be brought up to date: {other}"),
    }
}

/// SQLite's message for an error (`disk I/O error`, `database or disk is full`), with what to do.
pub(crate) fn sqlite_words(e: &rusqlite::Error) -> String {
    let msg = match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) => m.clone(),
        rusqlite::Error::SqliteFailure(f, None) => f.to_string(),
        other => other.to_string(),
    };
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => format!("{msg}; free some disk space and try again"),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => format!("{msg}; another program holds the database, try again in a moment"),
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::SystemIoFailure) => {
            format!("{msg}; check that the file, its folder and any -wal/-shm files beside it are regular files you can write")
        }
        _ => msg,
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    actor: String,
    /// Which store of this process (presence tells two connections of one process apart).
    serial: u64,
    /// The terminal this process runs in (drafts say where someone is typing).
    terminal: String,
    /// The rule set last read, with the district text it came from (`Store::rules`).
    rules: std::cell::RefCell<Option<(Option<String>, std::sync::Arc<crate::rules::RuleSet>)>>,
    /// Opened read-only (the file or its folder cannot be written by this user): every write is
    /// refused with `StoreError::ReadOnly` before it starts, and the TUI says so in a banner.
    read_only: bool,
    /// When a light write (a draft, presence) last found the lock held elsewhere: for a moment
    /// after, light writes fail at once instead of each waiting (typing stays fluid).
    light_busy_at: Option<std::time::Instant>,
    /// Opened for a lookup (`Store::for_lookup`): closing leaves the WAL to the next writer.
    lookup: bool,
    /// The last write failed because the disk is full (cleared by the next write that succeeds):
    /// the TUI shows a banner and takes no new text until then.
    disk_full: bool,
}

impl Drop for Store {
    fn drop(&mut self) {
        if self.lookup && wal_len(&self.path) > LOOKUP_WAL_BYTES {
            // Long enough: this lookup folds it in as it closes (and SQLite removes it).
            let _ = self.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false);
        }
        drafts::unregister(self.serial);
    }
}

static STORES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Who is making changes: the OS user, plus the SSH client address when there is one.
pub fn current_actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(user_from_passwd)
        .unwrap_or_else(|| "unknown".into());
    let user = crate::domain::text::clean_line(&user);
    match std::env::var("SSH_CONNECTION").ok().and_then(|s| s.split_whitespace().next().map(String::from)) {
        Some(ip) => format!("{user}@{}", crate::domain::text::clean_line(&ip)),
        None => user,
    }
}

/// The login name of this process's uid, from /etc/passwd (when USER and LOGNAME are unset).
fn user_from_passwd() -> Option<String> {
    #[cfg(unix)]
    {
        // SAFETY: getuid cannot fail and touches no memory of ours.
        let uid = unsafe { libc::getuid() };
        let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
        passwd.lines().find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.len() > 2 && f[2] == uid.to_string()).then(|| f[0].to_string())
        })
    }
    #[cfg(not(unix))]
    {
        None
    }
}

static FIXED_NOW: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Stamp every write of this process with one fixed time (ISO 8601, UTC). For tests and screenshots
/// that must come out the same on every run; never set in normal use.
pub fn fix_clock(iso: &str) {
    let _ = FIXED_NOW.set(iso.to_string());
}

/// The current time as writes record it (the fixed clock when one is set).
pub fn clock_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(&now()).map(|t| t.with_timezone(&chrono::Utc)).unwrap_or_else(|_| chrono::Utc::now())
}

pub(crate) fn now() -> String {
    match FIXED_NOW.get() {
        Some(t) => t.clone(),
        None => chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
    }
}

impl Store {
    /// Open (creating if needed) the database at `path`. A new directory is created 0700 and a new
    /// file 0600. Refuses files that are not iepmeet databases, newer schemas, and read-only files.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                create_private_dir(dir).map_err(|source| StoreError::Dir { path: dir.to_path_buf(), source })?;
            }
        }
        let fresh = !path.exists();
        if fresh {
            create_db_file(path).map_err(|e| StoreError::Open { path: path.into(), reason: e.to_string() })?;
        }
        check_files(path, fresh)?;
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| StoreError::Open { path: path.into(), reason: e.to_string() })?;
        key::unlock(&conn, path)?;
        // SQLite opens a file it may not write read-only, and says so: then it is opened for
        // reading only, and looked at, never changed.
        if conn.is_readonly(rusqlite::DatabaseName::Main).unwrap_or(false) {
            drop(conn);
            return Store::init(open_read_only(path)?, path.to_path_buf(), true);
        }
        Store::init(conn, path.to_path_buf(), false)
    }

    /// A private in-memory database (tests, `check` of documents).
    pub fn open_in_memory() -> Result<Store> {
        Store::init(Connection::open_in_memory()?, PathBuf::from(":memory:"), false)
    }

    /// Opened read-only: nothing can be changed (`StoreError::ReadOnly` on every write).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The last write found the disk full (until a write succeeds again).
    pub fn is_disk_full(&self) -> bool {
        self.disk_full
    }

    /// Try whether the database takes a write again (after the disk was full): one tiny write of
    /// app state. True when it did (and the full mark is cleared).
    pub fn probe_write(&mut self) -> bool {
        self.write_light(|tx, _| put_state(tx, "last_write_probe", &now())).is_ok()
    }

    fn init(mut conn: Connection, path: PathBuf, read_only: bool) -> Result<Store> {
        let not_db = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::Foreign(path.clone()),
            _ => StoreError::Open { path: path.clone(), reason: e.to_string() },
        };
        conn.busy_handler(Some(busy_wait)).map_err(not_db)?;
        let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(not_db)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(not_db)?;
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
            .map_err(not_db)?;
        if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
            return Err(StoreError::Foreign(path));
        }
        if version > schema::LATEST {
            return Err(StoreError::NewerSchema { path, found: version, supported: schema::LATEST });
        }
        if read_only {
            // Looked at as it is: nothing is upgraded, switched or recomputed.
            if app_id != APPLICATION_ID || version < schema::LATEST {
                return Err(StoreError::Open {
                    path,
                    reason: "it is read-only for this user and must first be set up or upgraded by someone who can write to it (or work on a copy)".into(),
                });
            }
            check_tables(&conn, &path)?;
            return Ok(Store::assemble(conn, path, read_only));
        }
        if path.as_os_str() != ":memory:" {
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if mode.to_lowercase() != "wal" {
                return Err(StoreError::Open { path, reason: format!("could not switch to WAL mode (got {mode})") });
            }
        }
        // The record is committed durably (a recorded entry, a confirmed field, a signature, a
        // finalize, an amendment survive a power cut or an OS crash, not only a crash of iepmeet);
        // drafts, presence and where a user left off use `write_light`.
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
        // Hot statements are cached (`prepare_cached`); room for all of them, so none is evicted
        // and prepared again in a loop.
        conn.set_prepared_statement_cache_capacity(64);
        if version < schema::LATEST {
            schema::migrations()
                .to_latest(&mut conn)
                .map_err(|e| StoreError::Open { path: path.clone(), reason: migration_reason(&e) })?;
        }
        if app_id != APPLICATION_ID {
            conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))?;
        }
        check_tables(&conn, &path)?;
        let mut store = Store::assemble(conn, path, read_only);
        store.refresh_stale_cases()?;
        Ok(store)
    }

    /// The store around a connection that is checked and ready (registered as live for drafts).
    fn assemble(conn: Connection, path: PathBuf, read_only: bool) -> Store {
        let serial = STORES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        drafts::register(serial);
        Store {
            conn,
            path,
            actor: current_actor(),
            serial,
            terminal: drafts::current_terminal(),
            rules: Default::default(),
            read_only,
            light_busy_at: None,
            disk_full: false,
            lookup: false,
        }
    }

    /// This store serves a lookup from the command line (`status`, `audit`, `search`, `access`, an
    /// export), whose only writes are rows of the record of access. SQLite folds the WAL into the
    /// file as the last connection closes: two fsyncs, and a new WAL (more fsyncs) at the next
    /// lookup, several times the cost of the lookup itself. A lookup's rows instead stay in the
    /// WAL, committed and in the chain, for the next writer to fold in; a lookup folds the WAL in
    /// itself only once it is `LOOKUP_WAL_BYTES` long (a first connection reads the whole WAL back
    /// as it opens, and a WAL nobody folded in as they closed is never restarted). Until then a
    /// power cut can lose those rows, never the chain; the next record write (`synchronous =
    /// FULL`) makes them durable. A record write through this store closes as every writer does.
    pub fn for_lookup(mut self) -> Result<Store> {
        if !self.read_only && self.path.as_os_str() != ":memory:" {
            self.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
            self.lookup = true;
        }
        Ok(self)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who this store records as the author of changes.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Record changes as `actor` instead of the OS user (tests of several people in one process).
    pub fn with_actor(mut self, actor: &str) -> Store {
        self.actor = crate::domain::text::clean_line(actor);
        self
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Run `f` inside one IMMEDIATE transaction (committed only if `f` succeeds).
    /// A write that is not the record (a draft at every keystroke, presence, app state): committed
    /// with `synchronous = NORMAL` — safe against a crash of iepmeet, and about ten times cheaper.
    pub(crate) fn write_light<T>(&mut self, f: impl FnMut(&Transaction, &str) -> Result<T>) -> Result<T> {
        // Briefly, and once: the text stays in the editor and is saved by the next key or tick.
        // (Checked before the pragma below, which must always be put back to FULL.)
        if self.light_busy_at.is_some_and(|t| t.elapsed() < LIGHT_BACKOFF) {
            return Err(StoreError::Sql(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                Some("database is locked".into()),
            )));
        }
        self.conn.execute_batch("PRAGMA synchronous = NORMAL;")?;
        let patience = PATIENCE_MS.with(|p| p.replace(DRAFT_WAIT_MS));
        let r = self.write_tries(f, 0);
        PATIENCE_MS.with(|p| p.set(patience));
        self.light_busy_at = match &r {
            Err(e) if e.is_busy() => Some(std::time::Instant::now()),
            _ => None,
        };
        self.conn.execute_batch("PRAGMA synchronous = FULL;")?;
        r
    }

    pub(crate) fn write<T>(&mut self, f: impl FnMut(&Transaction, &str) -> Result<T>) -> Result<T> {
        if self.lookup {
            // The record: this store folds the WAL into the file as it closes, as every writer does.
            self.conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
            self.lookup = false;
        }
        self.write_tries(f, WRITE_RETRIES)
    }

    /// A light write that is only a trace of someone being here (presence, where they left off,
    /// app state): on a read-only database it is skipped, not refused, since a viewer leaves none.
    fn write_trace(&mut self, f: impl FnMut(&Transaction, &str) -> Result<()>) -> Result<()> {
        if self.read_only {
            return Ok(());
        }
        self.write_light(f)
    }

    fn write_tries<T>(&mut self, mut f: impl FnMut(&Transaction, &str) -> Result<T>, retries: u32) -> Result<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone()));
        }
        // The busy timeout already waits up to 5 s for another writer; if the database is still busy
        // after that (a very long write elsewhere), try again rather than show SQLITE_BUSY.
        let mut attempt = 0;
        loop {
            let r = (|| {
                cases::clear_dirty();
                let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let out = f(&tx, &self.actor).map_err(map_finalized)?;
                cases::bump_serial(&tx)?;
                tx.commit().map_err(|e| map_finalized(e.into()))?;
                Ok(out)
            })();
            match r {
                Err(StoreError::Sql(e)) if is_busy(&e) && attempt < retries && !stopping_past_grace() => attempt += 1,
                other => {
                    match &other {
                        Ok(_) => self.disk_full = false,
                        Err(e) if e.is_full() => self.disk_full = true,
                        Err(_) => {}
                    }
                    return other;
                }
            }
        }
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn get_state(&self, key: &str) -> Result<Option<String>> {
        state(&self.conn, key)
    }

    pub fn delete_state(&mut self, key: &str) -> Result<()> {
        self.write_trace(|tx, _| {
            tx.execute("DELETE FROM app_state WHERE key = ?1", [key])?;
            Ok(())
        })
    }

    pub fn set_state(&mut self, key: &str, value: &str) -> Result<()> {
        self.write_trace(|tx, _| put_state(tx, key, value))
    }

    /// Number of audit rows that record a change (all, or for one student): the record of
    /// access, in the same table, is not counted.
    pub fn audit_count(&self, student_id: Option<i64>) -> Result<i64> {
        Ok(match student_id {
            Some(id) => self.conn.query_row("SELECT count(*) FROM audit WHERE student_id = ?1 AND entity <> 'access'", [id], |r| r.get(0))?,
            None => self.conn.query_row("SELECT count(*) FROM audit WHERE entity <> 'access'", [], |r| r.get(0))?,
        })
    }
}

/// A value of the app state table (on a connection or inside a transaction).
pub(crate) fn state(conn: &Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    // Cached: opening a store reads five keys, and a lookup or the TUI more.
    Ok(conn.prepare_cached("SELECT value FROM app_state WHERE key = ?1")?.query_row([key], |r| r.get(0)).optional()?)
}

/// Set a value of the app state table inside the caller's transaction.
pub(crate) fn put_state(tx: &Transaction, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO app_state(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

fn map_finalized(e: StoreError) -> StoreError {
    match &e {
        StoreError::Sql(s) if s.to_string().contains("meeting is finalized") => StoreError::Finalized,
        _ => e,
    }
}

/// Extra attempts of a write that found the database busy beyond the busy timeout.
/// A lookup folds the WAL into the database as it closes once the WAL is this long: 64 pages (a
/// lookup adds two or three).
const LOOKUP_WAL_BYTES: u64 = 32 + 64 * (4096 + 24);
const WRITE_RETRIES: u32 = 3;

/// Set when the process is told to stop (SIGHUP, SIGTERM, SIGINT: the TUI registers its signal
/// handlers on it) or is about to end. A write waiting for another program's lock then gives up
/// within `STOP_GRACE_MS`, so iepmeet exits at once and what could not be saved goes to the
/// fallback file (`drafts::write_fallback`) instead of waiting for the lock.
pub fn stop_flag() -> &'static std::sync::Arc<std::sync::atomic::AtomicBool> {
    static FLAG: std::sync::OnceLock<std::sync::Arc<std::sync::atomic::AtomicBool>> = std::sync::OnceLock::new();
    FLAG.get_or_init(Default::default)
}

/// How long writes may still wait for a lock once stopping began.
const STOP_GRACE_MS: u64 = 1000;
/// When stopping was first seen by a waiting write (ms since the epoch; 0: not yet).
static STOP_SEEN_MS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn epoch_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(1)
}

/// True once stopping began more than the grace period ago: no more waiting, no more retries.
fn stopping_past_grace() -> bool {
    use std::sync::atomic::Ordering;
    if !stop_flag().load(Ordering::Relaxed) {
        return false;
    }
    let now = epoch_ms();
    let seen = match STOP_SEEN_MS.compare_exchange(0, now, Ordering::Relaxed, Ordering::Relaxed) {
        Ok(_) => now,
        Err(t) => t,
    };
    now.saturating_sub(seen) >= STOP_GRACE_MS
}

thread_local! {
    /// How long the write being made may wait for another program's lock (`busy_wait`).
    static PATIENCE_MS: std::cell::Cell<u64> = const { std::cell::Cell::new(WAIT_MS) };
}

/// A write of the record waits this long for the lock (then `write` tries again).
const WAIT_MS: u64 = 5000;
/// A draft waits only this long: typing never stalls on a lock held elsewhere; the text stays in
/// the editor and the next key or tick saves it.
const DRAFT_WAIT_MS: u64 = 100;
/// After a light write found the lock held, the next ones fail at once for this long.
const LIGHT_BACKOFF: std::time::Duration = std::time::Duration::from_secs(1);

/// SQLite's busy handler: wait for the lock for up to the patience of this write, trying again
/// every few milliseconds, and give up early when stopping. SQLite's own handler backs off to
/// 100 ms between tries; after a long lock elsewhere (7 s in the sqlite3 shell) every waiter is
/// then asleep most of the time, and whoever writes back to back takes the lock again and again, so
/// a waiter could lose for 20 s (seen in `tests/stress.rs`). Short tries keep the waiters in the race.
fn busy_wait(count: i32) -> bool {
    const DELAYS: [u64; 4] = [1, 2, 3, 4];
    const THEN: u64 = 5;
    let n = count.max(0) as usize;
    let waited: u64 = DELAYS.iter().take(n).sum::<u64>() + n.saturating_sub(DELAYS.len()) as u64 * THEN;
    let delay = DELAYS.get(n).copied().unwrap_or(THEN);
    if waited >= PATIENCE_MS.with(|p| p.get()) || stopping_past_grace() {
        return false;
    }
    std::thread::sleep(std::time::Duration::from_millis(delay));
    true
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

/// Write an audit row inside the caller's transaction, chained to the row before it (`chain`).
pub(crate) use chain::append as audit;

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}
#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map(|_| ())
}

/// A directory set up for a team (README "Running on a shared server"): group-writable with the
/// setgid bit, so files created in it belong to the directory's group.
#[cfg(unix)]
pub fn is_shared_dir(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(dir).map(|m| m.permissions().mode() & 0o2070 == 0o2070).unwrap_or(false)
}
#[cfg(not(unix))]
pub fn is_shared_dir(_dir: &Path) -> bool {
    false
}

/// A new database file: owner-only, or 0660 (owner and group, whatever the umask) in a shared
/// directory. SQLite gives its -wal and -shm files the same mode.
#[cfg(unix)]
fn create_db_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let shared = path.parent().filter(|d| !d.as_os_str().is_empty()).is_some_and(is_shared_dir);
    create_private_file(path)?;
    if shared {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))?;
    }
    Ok(())
}
#[cfg(not(unix))]
fn create_db_file(path: &Path) -> std::io::Result<()> {
    create_private_file(path)
}
#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new().write(true).create_new(true).open(path).map(|_| ())
}

/// The default database location: the platform data directory (`directories`).
pub fn default_db_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "iepmeet", "iepmeet").map(|d| d.data_dir().join("iepmeet.sqlite3"))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_drafts;
