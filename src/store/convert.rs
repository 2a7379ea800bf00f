//! `iepmeet encrypt`, `rekey` and `decrypt`: the database rewritten with another key (or none),
//! safely. The new file is written beside the old (`<database>.converting`), checked — integrity,
//! schema version, every table's row count against the old — synced, and only then renamed over
//! the old one; until that rename the old file is the database, untouched, so a kill at any point
//! leaves a usable database (and a stale `.converting` file, removed by the next try).
//!
//! While it runs, no one can write: it empties the WAL into the file first (refused if someone is
//! reading), holds the write lock until the rename, and refuses when anyone has a meeting open in
//! iepmeet (presence). Others should close iepmeet first: a process that still has the old file
//! open after the rename would go on writing to it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{key, Result, StoreError};

/// What the conversion did: the tables and rows carried over, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub tables: usize,
    pub rows: i64,
}

fn converting(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_os_string();
    p.push(".converting");
    p.into()
}

fn io(what: &str) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::Invalid(format!("{what}: {e}"))
}

/// Rewrite the database at `path` (opened with `from`, `None` when plain) with key `to` (`None`:
/// plain). Returns what was carried over.
pub fn convert(path: &Path, from: Option<&str>, to: Option<&str>) -> Result<Converted> {
    if !path.is_file() {
        return Err(StoreError::Invalid(format!("no database at {}", path.display())));
    }
    // The schema current and the caller's key right: an ordinary open first.
    {
        let store = super::Store::open(path)?;
        if store.is_read_only() {
            return Err(StoreError::ReadOnly(path.to_path_buf()));
        }
        let others = store.others_present()?;
        if others > 0 {
            return Err(StoreError::Invalid(format!(
                "{others} other iepmeet session(s) have a meeting open on this database; ask them to close iepmeet, then try again (nothing was changed)"
            )));
        }
    }
    let tmp = converting(path);
    let _ = std::fs::remove_file(&tmp);
    // A connection to `p`, given `key` when there is one.
    let open = |p: &Path, key: Option<&str>| -> Result<Connection> {
        let c = Connection::open(p)?;
        if let Some(k) = key {
            key::apply(&c, k)?;
        }
        Ok(c)
    };
    let old = open(path, from)?;
    old.busy_timeout(std::time::Duration::from_secs(5))?;
    // Everything into the file, and the WAL emptied (a reader still in it: try later).
    let (busy, _, _): (i64, i64, i64) = old.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    if busy != 0 {
        return Err(StoreError::Invalid("someone is reading the database right now; try again in a moment (nothing was changed)".into()));
    }
    // No one writes from here to the rename.
    old.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| -> Result<Converted> {
        super::create_private_file(&tmp).map_err(io("cannot create the new file"))?;
        {
            let c = open(path, from)?;
            let target = tmp.to_str().ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", tmp.display())))?;
            c.execute("ATTACH DATABASE ?1 AS converted KEY ?2", [target, to.unwrap_or("")])?;
            c.query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))?;
            let version: i64 = c.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            let app: i64 = c.query_row("PRAGMA main.application_id", [], |r| r.get(0))?;
            c.execute_batch(&format!("PRAGMA converted.user_version = {version}; PRAGMA converted.application_id = {app};"))?;
            c.execute_batch("DETACH DATABASE converted")?;
        }
        // Checked as a new file, with the new key.
        let new = open(&tmp, to)?;
        let check: String = new.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Invalid(format!("the new file failed its integrity check ({check}); the database is unchanged")));
        }
        for pragma in ["user_version", "application_id"] {
            let a: i64 = old.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))?;
            let b: i64 = new.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))?;
            if a != b {
                return Err(StoreError::Invalid(format!("the new file's {pragma} is {b}, not {a}; the database is unchanged")));
            }
        }
        let tables: Vec<String> = {
            let mut st = old.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut rows = 0;
        for t in &tables {
            let q = format!("SELECT count(*) FROM \"{}\"", t.replace('"', "\"\""));
            let a: i64 = old.query_row(&q, [], |r| r.get(0))?;
            let b: i64 = new.query_row(&q, [], |r| r.get(0))?;
            if a != b {
                return Err(StoreError::Invalid(format!("the new file has {b} rows in {t}, not {a}; the database is unchanged")));
            }
            rows += a;
        }
        new.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
        drop(new);
        std::fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(io("cannot sync the new file"))?;
        // Until here the old file was the database; from the rename on, the new one is.
        std::fs::rename(&tmp, path).map_err(io("cannot put the new file in place"))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(Converted { tables: tables.len(), rows })
    })();
    let _ = old.execute_batch("ROLLBACK");
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
