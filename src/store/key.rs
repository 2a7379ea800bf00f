//! Encryption at rest (SQLCipher; rusqlite is built with `bundled-sqlcipher-vendored-openssl`).
//! A plain database opens as before; an encrypted one needs its key before anything is read:
//! from the file `IEPMEET_KEY_FILE` names (refused when others may read it), or a passphrase typed
//! once per process on the terminal (not echoed). The key is never taken from the command line.
//! A wrong key is one sentence and nothing is written.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::Connection;

use super::{Result, StoreError};

/// The first 16 bytes of every plain SQLite file. An encrypted file begins with random salt.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The shortest key iepmeet takes (a passphrase: a sentence is better than a word).
pub const MIN_KEY: usize = 8;

/// The key given in this process, so it is asked for once.
static KEY: Mutex<Option<String>> = Mutex::new(None);

/// SQLCipher 4's key derivation, which `encrypt` and `rekey` use (its defaults): PBKDF2-HMAC-SHA512
/// of the passphrase with the file's salt (its first 16 bytes), 256,000 iterations, 256 bits.
const KDF_ITERATIONS: i32 = 256_000;
const SALT: usize = 16;
const KEY_BYTES: usize = 32;

/// The raw key this process derived from its passphrase, for each file's salt: every further
/// connection to that file is given it (with the salt) instead of deriving it again, which costs
/// about 140 ms of CPU on each connection (the TUI opens more than one, `backup` and `verify` too).
static DERIVED: Mutex<Vec<([u8; SALT], String)>> = Mutex::new(Vec::new());

/// Whether the file at `path` is encrypted: it is whole pages (SQLCipher writes pages of 512 to
/// 65,536 bytes, at least one) and does not begin with SQLite's plain header. A new or empty file
/// is plain, and a file of some other size (a text file) is not a database at all.
pub fn is_encrypted(path: &Path) -> bool {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else { return false };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = [0u8; 16];
    len >= 512 && len % 512 == 0 && f.read_exact(&mut head).is_ok() && &head != PLAIN_HEADER
}

/// Use `key` for the databases this process opens (tests; `encrypt` after asking).
pub fn set_session_key(key: Option<String>) {
    *KEY.lock().unwrap_or_else(|e| e.into_inner()) = key;
    DERIVED.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

fn session_key() -> Option<String> {
    KEY.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// The key for the encrypted database at `db`: this session's, the key file's, or typed.
pub fn key_for(db: &Path) -> Result<String> {
    if let Some(k) = session_key() {
        return Ok(k);
    }
    let k = match std::env::var_os("IEPMEET_KEY_FILE").filter(|v| !v.is_empty()) {
        Some(f) => read_key_file(Path::new(&f), db)?,
        None => match prompt(&format!("Passphrase for {}: ", db.display())) {
            Some(k) => k,
            None => {
                return Err(StoreError::Open {
                    path: db.into(),
                    reason: "it is not a plain iepmeet database: if it is an encrypted one, give its key in a file named by IEPMEET_KEY_FILE, or run iepmeet on a terminal to type the passphrase".into(),
                })
            }
        },
    };
    if k.chars().count() < MIN_KEY {
        return Err(StoreError::Invalid(format!("the key is shorter than {MIN_KEY} characters; nothing was opened")));
    }
    set_session_key(Some(k.clone()));
    Ok(k)
}

/// A key file: owner-only (0600 or 0400), or 0640 with the folder's group when the database is in a
/// shared group folder; its first line is the key.
pub fn read_key_file(file: &Path, db: &Path) -> Result<String> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let shown = file.display().to_string();
    let bad = |why: String| StoreError::Invalid(format!("IEPMEET_KEY_FILE {shown}: {why}"));
    let m = std::fs::symlink_metadata(file).map_err(|e| bad(e.to_string()))?;
    if m.file_type().is_symlink() || !m.is_file() {
        return Err(bad("not a plain file (a link or a folder); point it at the key file itself".into()));
    }
    let mode = m.permissions().mode() & 0o777;
    let dir = db.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let team_ok = super::is_shared_dir(dir) && mode & 0o037 == 0 && std::fs::metadata(dir).map(|d| d.gid() == m.gid()).unwrap_or(false);
    if mode & 0o077 != 0 && !team_ok {
        return Err(bad(format!(
            "others can read it (mode {mode:04o}); chmod 600 it (0640 with the team's group only when the database is in a shared group folder)"
        )));
    }
    let text = crate::input::read_text(file, 4096, "key file").map_err(|e| bad(e.to_string()))?;
    let key = text.lines().next().unwrap_or("").trim_end_matches('\r').to_string();
    if key.is_empty() {
        return Err(bad("its first line is empty; put the key there".into()));
    }
    Ok(key)
}

/// Ask on the terminal (`/dev/tty`) without echo; `None` when there is no terminal, or standard
/// input is not one (a script, a pipe: it gets the sentence about IEPMEET_KEY_FILE, never a wait).
pub fn prompt(question: &str) -> Option<String> {
    use std::io::{BufRead, IsTerminal, Write};
    use std::os::fd::AsRawFd;
    if !std::io::stdin().is_terminal() {
        return None;
    }
    let tty = std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty").ok()?;
    let fd = tty.as_raw_fd();
    // SAFETY: termios is plain data, filled by tcgetattr on a terminal we opened.
    let mut old: libc::termios = unsafe { std::mem::zeroed() };
    if unsafe { libc::tcgetattr(fd, &mut old) } != 0 {
        return None;
    }
    let mut quiet = old;
    quiet.c_lflag &= !libc::ECHO;
    quiet.c_lflag |= libc::ECHONL;
    let mut out = &tty;
    let _ = out.write_all(question.as_bytes());
    let _ = out.flush();
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, &quiet) };
    let mut line = String::new();
    let r = std::io::BufReader::new(&tty).read_line(&mut line);
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, &old) };
    r.ok()?;
    Some(line.trim_end_matches(['\n', '\r']).to_string())
}

/// Give an opened connection its key when the file is encrypted, and check the key opens it. A
/// wrong key is one sentence (and forgotten, so the next try asks again), and touches nothing:
/// it is tried first on the file alone, opened as unchanging (`immutable=1`: no lock, no -wal or
/// -shm read or rebuilt, which a first connection to a database with a WAL would otherwise do).
pub fn unlock(conn: &Connection, path: &Path) -> Result<()> {
    if !is_encrypted(path) {
        return Ok(());
    }
    let key = raw_key_for(&key_for(path)?, path);
    let wrong = || {
        set_session_key(None);
        StoreError::Open { path: path.into(), reason: "the key does not open it (a wrong passphrase or key file, or the file is not an iepmeet database); nothing was read or written".into() }
    };
    let not_db = |e: &rusqlite::Error| e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase);
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if let Ok(probe) = Connection::open_with_flags(format!("file:{}?immutable=1", super::uri_path(path)), flags) {
        apply(&probe, &key)?;
        if let Err(e) = probe.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
            if not_db(&e) {
                return Err(wrong());
            }
        }
    }
    apply(conn, &key)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(()),
        Err(e) if not_db(&e) => Err(wrong()),
        Err(e) => Err(e.into()),
    }
}

/// What to give SQLCipher for the file at `path` with `key`: a raw key (`x'…'`) as it is; for a
/// passphrase, the raw key derived from it and the file's salt, as `x'<key><salt>'`, derived once
/// per process and file. (The passphrase itself when the file's salt cannot be read.)
fn raw_key_for(key: &str, path: &Path) -> String {
    if key.starts_with("x'") || key.starts_with("X'") {
        return key.to_string();
    }
    let Some(salt) = salt_of(path) else { return key.to_string() };
    let mut derived = DERIVED.lock().unwrap_or_else(|e| e.into_inner());
    cached(&mut derived, salt, || pbkdf2_sha512(key.as_bytes(), &salt)).unwrap_or_else(|| key.to_string())
}

/// The raw key for `salt` from `cache`, or derived by `derive` and kept there.
fn cached(cache: &mut Vec<([u8; SALT], String)>, salt: [u8; SALT], derive: impl FnOnce() -> Option<[u8; KEY_BYTES]>) -> Option<String> {
    if let Some((_, raw)) = cache.iter().find(|(s, _)| *s == salt) {
        return Some(raw.clone());
    }
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let raw = format!("x'{}{}'", hex(&derive()?), hex(&salt));
    cache.push((salt, raw.clone()));
    Some(raw)
}

/// The first 16 bytes of an encrypted file: SQLCipher's salt.
fn salt_of(path: &Path) -> Option<[u8; SALT]> {
    use std::io::Read;
    let mut salt = [0u8; SALT];
    std::fs::File::open(path).ok()?.read_exact(&mut salt).ok()?;
    Some(salt)
}

/// PBKDF2-HMAC-SHA512 with SQLCipher's parameters, by the OpenSSL SQLCipher itself is built with.
fn pbkdf2_sha512(pass: &[u8], salt: &[u8; SALT]) -> Option<[u8; KEY_BYTES]> {
    let mut out = [0u8; KEY_BYTES];
    // SAFETY: every pointer is to a live buffer of the length given with it; EVP_sha512 returns a
    // static digest description.
    let ok = unsafe {
        openssl_sys::PKCS5_PBKDF2_HMAC(
            pass.as_ptr().cast(),
            i32::try_from(pass.len()).ok()?,
            salt.as_ptr(),
            SALT as i32,
            KDF_ITERATIONS,
            openssl_sys::EVP_sha512(),
            KEY_BYTES as i32,
            out.as_mut_ptr(),
        )
    };
    (ok == 1).then_some(out)
}

/// `PRAGMA key` (quoted by rusqlite, so any character of a passphrase is taken as typed).
pub fn apply(conn: &Connection, key: &str) -> Result<()> {
    conn.pragma_update(None, "key", key)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_encrypted_files_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("p.db");
        Connection::open(&plain).unwrap().execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES ('Snowbright');").unwrap();
        assert!(!is_encrypted(&plain));
        assert!(!is_encrypted(&dir.path().join("missing.db")));
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "this is not a database at all, just some text").unwrap();
        assert!(!is_encrypted(&text), "a text file is not taken for an encrypted database");
        let enc = dir.path().join("e.db");
        let c = Connection::open(&enc).unwrap();
        apply(&c, "correct horse battery").unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES ('Snowbright');").unwrap();
        drop(c);
        assert!(is_encrypted(&enc));
        let bytes = std::fs::read(&enc).unwrap();
        assert!(!bytes.windows(10).any(|w| w == b"Snowbright"), "the name is in the file's bytes");
    }

    /// The key derived here is the one SQLCipher derives from the passphrase (so a connection given
    /// it opens the file), and every further connection reuses it.
    #[test]
    fn a_passphrase_is_derived_once_as_sqlcipher_derives_it() {
        let dir = tempfile::tempdir().unwrap();
        let enc = dir.path().join("e.db");
        let c = Connection::open(&enc).unwrap();
        apply(&c, "correct horse battery").unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES ('Snowbright');").unwrap();
        drop(c);
        let raw = raw_key_for("correct horse battery", &enc);
        assert!(raw.starts_with("x'") && raw.len() == 2 + 2 * (KEY_BYTES + SALT) + 1, "{raw}");
        assert!(raw.ends_with(&format!("{}'", salt_of(&enc).unwrap().iter().map(|x| format!("{x:02x}")).collect::<String>())));
        let c = Connection::open(&enc).unwrap();
        apply(&c, &raw).unwrap();
        assert_eq!(c.query_row("SELECT x FROM t", [], |r| r.get::<_, String>(0)).unwrap(), "Snowbright");
        // Derived once per salt: the second connection is given the kept key.
        let (mut cache, mut derivations) = (Vec::new(), 0);
        let salt = salt_of(&enc).unwrap();
        for _ in 0..3 {
            let got = cached(&mut cache, salt, || {
                derivations += 1;
                pbkdf2_sha512(b"correct horse battery", &salt)
            });
            assert_eq!(got.as_deref(), Some(raw.as_str()));
        }
        assert_eq!(derivations, 1);
        // Another passphrase is another key, which does not open the file; a raw key is given as is.
        set_session_key(None);
        let wrong = raw_key_for("a different passphrase", &enc);
        assert_ne!(wrong, raw);
        let c = Connection::open(&enc).unwrap();
        apply(&c, &wrong).unwrap();
        assert!(c.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0)).is_err());
        assert_eq!(raw_key_for("x'00ff'", &enc), "x'00ff'");
    }

    #[test]
    fn a_key_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("d.db");
        let f = dir.path().join("key");
        std::fs::write(&f, "a long enough passphrase\nignored second line\n").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = read_key_file(&f, &db).unwrap_err().to_string();
        assert!(e.contains("others can read it (mode 0644)") && e.contains("chmod 600"), "{e}");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_key_file(&f, &db).unwrap(), "a long enough passphrase");
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&f, &link).unwrap();
        assert!(read_key_file(&link, &db).unwrap_err().to_string().contains("not a plain file"));
    }
}
