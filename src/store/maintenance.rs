//! Keeping a database healthy: an online backup that is safe while others are editing, and the
//! `doctor` checks (path and permissions, WAL mode, integrity, schema version, free disk, filesystem).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{create_private_file, schema, Result, Store, StoreError, APPLICATION_ID};

/// What one doctor check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    Ok,
    Warn,
    Fail,
}

#[derive(Debug, Clone)]
pub struct Check {
    pub level: Level,
    pub what: String,
    /// What to do about it (empty when all is well).
    pub fix: String,
}

impl Check {
    fn ok(what: impl Into<String>) -> Check {
        Check { level: Level::Ok, what: what.into(), fix: String::new() }
    }
    fn warn(what: impl Into<String>, fix: impl Into<String>) -> Check {
        Check { level: Level::Warn, what: what.into(), fix: fix.into() }
    }
    fn fail(what: impl Into<String>, fix: impl Into<String>) -> Check {
        Check { level: Level::Fail, what: what.into(), fix: fix.into() }
    }
}

/// Below this much free space the doctor warns (a busy district writes a few MB a day).
pub const MIN_FREE_BYTES: u64 = 200 * 1024 * 1024;
/// Below this much the disk is full for SQLite's purposes (a commit needs a few pages of log).
pub const FULL_BYTES: u64 = 1024 * 1024;

impl Store {
    /// Copy the whole database to `dest` in one pass under a read transaction (`VACUUM INTO`):
    /// consistent, and it finishes while other processes keep editing. `dest` must not exist; it is written beside itself first and
    /// renamed into place, checked, and created owner-only. Returns the number of pages copied.
    pub fn backup_to(&self, dest: &Path) -> Result<i64> {
        if dest.exists() {
            return Err(StoreError::Invalid(format!("{} already exists; choose a new file name", dest.display())));
        }
        let dir = dir_of(dest);
        if !dir.is_dir() {
            return Err(StoreError::Invalid(format!("{} is not a directory", dir.display())));
        }
        let name = dest.file_name().ok_or_else(|| StoreError::Invalid(format!("{} is not a file name", dest.display())))?;
        let prefix = format!(".{}.partial-", name.to_string_lossy());
        // A backup killed part way left its partial file: remove those whose process is gone.
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let file = e.file_name().to_string_lossy().to_string();
                if let Some(pid) = file.strip_prefix(&prefix).and_then(|p| p.parse::<u32>().ok()) {
                    if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
                        let _ = std::fs::remove_file(e.path());
                    }
                }
            }
        }
        let tmp = dir.join(format!("{prefix}{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        create_private_file(&tmp).map_err(|e| StoreError::Invalid(format!("cannot create {}: {e}", tmp.display())))?;
        let result = (|| -> Result<i64> {
            // One pass under one read transaction (VACUUM INTO): others keep writing meanwhile and
            // the copy is the database as it stood when it began. The online backup API restarted
            // at every write, so a backup never finished while someone typed (issue 15).
            let target = tmp.to_str().ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", tmp.display())))?;
            self.conn().execute("VACUUM INTO ?1", [target])?;
            let out = Connection::open(&tmp)?;
            // A backup of an encrypted database is encrypted with the same key.
            super::key::unlock(&out, &tmp)?;
            let pages: i64 = out.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            let check: String = out.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            if check != "ok" {
                return Err(StoreError::Invalid(format!("the copy failed its integrity check: {check}")));
            }
            // a backup is one self-contained file: no -wal beside it
            out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))?;
            Ok(pages)
        })();
        match result {
            Ok(pages) => {
                std::fs::rename(&tmp, dest).map_err(|e| StoreError::Invalid(format!("cannot move the copy to {}: {e}", dest.display())))?;
                Ok(pages)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }
}

/// The directory a database file lives in ("." for a bare file name).
fn dir_of(path: &Path) -> &Path {
    path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Check a database without changing it (opened read-only, never created).
pub fn diagnose(path: &Path) -> Vec<Check> {
    let mut out = Vec::new();
    if !path.exists() {
        out.push(Check::fail(
            format!("no database at {}", path.display()),
            "run `iepmeet` (or `iepmeet --db PATH`) once to create it, or point --db / IEPMEET_DB at the right file",
        ));
        return out;
    }
    out.extend(permissions(path));
    let conn = match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX) {
        Ok(c) => c,
        Err(e) => {
            out.push(Check::fail(format!("cannot open {}: {e}", path.display()), "check the path and that your user may read it"));
            return out;
        }
    };
    let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
    if let Err(e) = super::key::unlock(&conn, path) {
        out.push(Check::fail(format!("cannot open {}: {e}", path.display()), "give the database's key (IEPMEET_KEY_FILE, or type it on a terminal)"));
        return out;
    }
    let app_id: rusqlite::Result<i64> = conn.query_row("PRAGMA application_id", [], |r| r.get(0));
    match app_id {
        Err(e) => {
            out.push(Check::fail(format!("not a readable SQLite database: {e}"), "restore from a backup (`iepmeet backup` makes them)"));
            return out;
        }
        Ok(id) if id != APPLICATION_ID && id != 0 => {
            out.push(Check::fail("this SQLite file belongs to another program", "point --db at an iepmeet database"));
            return out;
        }
        Ok(_) => {}
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap_or(-1);
    out.push(match version {
        v if v == schema::LATEST => Check::ok(format!("schema version {v} (current)")),
        v if v > schema::LATEST => Check::fail(
            format!("schema version {v} is newer than this iepmeet understands ({})", schema::LATEST),
            "upgrade iepmeet on this machine before using this database",
        ),
        v => Check::warn(format!("schema version {v}; this iepmeet uses {}", schema::LATEST), "opening it with `iepmeet` upgrades it (make a backup first)"),
    });
    out.push(encryption_check(path));
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap_or_default();
    out.push(if mode.eq_ignore_ascii_case("wal") {
        Check::ok("journal mode WAL")
    } else {
        Check::warn(format!("journal mode {mode}, not WAL"), "open it once with `iepmeet` (it switches to WAL), with no one else using it")
    });
    match conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)) {
        Ok(s) if s == "ok" => out.push(Check::ok("integrity check ok")),
        Ok(s) => out.push(Check::fail(format!("integrity check: {s}"), "stop using this file; restore the latest backup and re-enter what changed since")),
        Err(e) => out.push(Check::fail(format!("integrity check could not run: {e}"), "restore the latest backup")),
    }
    if version == schema::LATEST {
        match super::chain::verify(&conn) {
            Ok(p) if p.is_empty() => out.push(Check::ok("audit chain, finalized records and triggers verified (`iepmeet verify`)")),
            Ok(p) => out.extend(p.into_iter().map(|p| Check::fail(p.what, p.fix))),
            Err(e) => out.push(Check::fail(format!("the audit chain could not be verified: {e}"), "run `iepmeet verify` for details")),
        }
    }
    if version == schema::LATEST {
        // Which rules check meetings here: every export's footer names the same.
        out.push(match super::rules::rules_tx(&conn) {
            Ok(r) if r.district().is_some() => Check::ok(format!("meetings are checked with {} (`iepmeet rules` lists them)", r.describe())),
            Ok(r) => Check::ok(format!("meetings are checked with the {}", r.describe())),
            Err(e) => Check::fail(e.to_string(), "load a valid district rules file with `iepmeet rules --load FILE`, or go back to the built-in rules with `iepmeet rules --builtin`"),
        });
    }
    // The disk the database is really on: a symlinked database (or folder) is followed first.
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    out.extend(disk(dir_of(&real)));
    out
}

#[cfg(unix)]
/// Whether the database is encrypted at rest; a plain one in a home folder (a laptop, which can be
/// lost) is worth a warning.
fn encryption_check(path: &Path) -> Check {
    if super::key::is_encrypted(path) {
        return Check::ok("encrypted at rest (SQLCipher)");
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let in_home = home.as_ref().is_some_and(|h| h.as_os_str().len() > 1 && abs.starts_with(h)) || abs.starts_with("/home") || abs.starts_with("/Users");
    if in_home {
        Check::warn(
            "not encrypted, in a home folder (a lost laptop is a breach of every student in it)",
            "iepmeet encrypt (with the key in a file named by IEPMEET_KEY_FILE, or a passphrase typed twice)",
        )
    } else {
        Check::ok("not encrypted (iepmeet encrypt encrypts it; advised on a laptop)")
    }
}

fn permissions(path: &Path) -> Vec<Check> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o7777).ok();
    if let Some(m) = mode(path) {
        out.push(match m & 0o777 {
            0o600 => Check::ok(format!("database file mode {:o} (owner only)", m & 0o777)),
            0o660 => Check::ok(format!("database file mode {:o} (shared with a group)", m & 0o777)),
            x if x & 0o007 != 0 => Check::fail(format!("database file mode {x:o}: other users can read student records"), format!("chmod 600 {} (or 660 for a staff group)", path.display())),
            x => Check::warn(format!("database file mode {x:o}"), format!("chmod 600 {} (or 660 for a staff group)", path.display())),
        });
    }
    let dir = dir_of(path);
    if let Some(m) = mode(dir) {
        let group_shared = m & 0o070 == 0o070;
        out.push(if m & 0o007 != 0 {
            Check::fail(format!("directory {} mode {:o}: open to other users", dir.display(), m), format!("chmod 700 {} (or 2770 for a staff group)", dir.display()))
        } else if group_shared && m & 0o2000 == 0 {
            Check::warn(format!("directory {} is group-writable without the setgid bit", dir.display()), format!("chmod g+s {} so new files keep the group", dir.display()))
        } else {
            Check::ok(format!("directory mode {:o}", m & 0o7777))
        });
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        if let (Some(w), Some(f)) = (mode(&wal), mode(path)) {
            if w & 0o777 != f & 0o777 {
                out.push(Check::warn(format!("the -wal file has mode {:o}, the database {:o}", w & 0o777, f & 0o777), "give both the same mode, or others may be unable to write"));
            }
        }
    }
    out
}

#[cfg(not(unix))]
fn permissions(_path: &Path) -> Vec<Check> {
    Vec::new()
}

#[cfg(target_os = "linux")]
fn disk(dir: &Path) -> Vec<Check> {
    use std::os::unix::ffi::OsStrExt;
    let mut out = Vec::new();
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else { return out };
    // SAFETY: statfs/statvfs fill the zeroed structs we pass; the path is a valid C string.
    let mut vfs: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut vfs) } == 0 {
        let free = vfs.f_bavail as u64 * vfs.f_frsize as u64;
        let mb = free / (1024 * 1024);
        out.push(if free < FULL_BYTES {
            Check::fail(
                format!("the database's disk is full ({} KB free): nothing new can be saved", free / 1024),
                "free space on that disk (delete or move files); iepmeet keeps what is typed on screen and saves it once there is room",
            )
        } else if free < MIN_FREE_BYTES {
            Check::warn(format!("{mb} MB free on the database's disk"), "free some space: SQLite needs room for its journal and for backups")
        } else {
            Check::ok(format!("{mb} MB free on the database's disk"))
        });
    }
    let mut fs: libc::statfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statfs(c.as_ptr(), &mut fs) } == 0 {
        // NFS, SMB/CIFS, SMB2, AFS, 9P, FUSE (sshfs...): file locking there is unreliable for SQLite
        const NETWORK: [(i64, &str); 7] = [
            (0x6969, "NFS"),
            (0x517B, "SMB"),
            (0xFF53_4D42, "CIFS"),
            (0xFE53_4D42, "SMB2"),
            (0x5346_414F, "AFS"),
            (0x0102_1997, "9P"),
            (0x6573_5546, "FUSE"),
        ];
        let t = fs.f_type as i64;
        match NETWORK.iter().find(|(m, _)| *m == t) {
            Some((_, name)) => out.push(Check::fail(
                format!("the database is on a network filesystem ({name})"),
                "move it to a local disk of the server: SQLite's locking is not safe over network filesystems",
            )),
            None => out.push(Check::ok("local filesystem")),
        }
    }
    out
}

#[cfg(not(target_os = "linux"))]
fn disk(_dir: &Path) -> Vec<Check> {
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_is_a_consistent_private_copy_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("a.sqlite3")).unwrap();
        let st = crate::domain::student::Student { last_name: "Quill".into(), local_id: "B-1".into(), ..Default::default() };
        s.insert_student(&st).unwrap();
        let dest = dir.path().join("copy.sqlite3");
        assert!(s.backup_to(&dest).unwrap() > 0);
        let copy = Store::open(&dest).unwrap();
        assert_eq!(copy.student_count().unwrap(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let e = s.backup_to(&dest).unwrap_err().to_string();
        assert!(e.contains("already exists"), "{e}");
        let e = s.backup_to(&dir.path().join("no/such/dir/x.sqlite3")).unwrap_err().to_string();
        assert!(e.contains("not a directory"), "{e}");
        assert!(std::fs::read_dir(dir.path()).unwrap().all(|f| !f.unwrap().file_name().to_string_lossy().contains("partial")));
    }

    #[test]
    fn doctor_reports_a_healthy_database_and_each_problem() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db/iep.sqlite3");
        drop(Store::open(&path).unwrap());
        let checks = diagnose(&path);
        assert!(checks.iter().all(|c| c.level == Level::Ok), "{checks:?}");
        assert!(checks.iter().any(|c| c.what.contains("integrity check ok")));
        assert!(diagnose(&dir.path().join("missing.sqlite3"))[0].what.contains("no database"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let c = diagnose(&path);
            assert!(c.iter().any(|c| c.level == Level::Fail && c.what.contains("other users")), "{c:?}");
        }
        let junk = dir.path().join("junk.sqlite3");
        std::fs::write(&junk, b"this is not a database at all, just text that is long enough").unwrap();
        assert!(diagnose(&junk).iter().any(|c| c.level == Level::Fail));
    }
}
