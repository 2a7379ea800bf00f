//! Encryption at rest (issue 19, part 2; SQLCipher): `encrypt` turns a plain database into one
//! whose bytes hold no student's name and that the sqlite3 shell cannot read; iepmeet with the key
//! reads everything (search included); a wrong key or a key file others can read is one sentence
//! and nothing is written; rekey and decrypt round-trip; a backup stays encrypted; and a kill -9 at
//! any moment of `encrypt` leaves a database that opens, with every student.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn iepmeet(db: &Path, key: Option<&Path>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_iepmeet"));
    c.arg("--db").arg(db).args(["--today", "2026-11-22"]).args(args).env_remove("IEPMEET_DB").env_remove("IEPMEET_NEW_KEY_FILE");
    match key {
        Some(k) => c.env("IEPMEET_KEY_FILE", k),
        None => c.env_remove("IEPMEET_KEY_FILE"),
    };
    // No terminal: a passphrase cannot be typed, so a missing key is an error, not a prompt.
    c.stdin(std::process::Stdio::null());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setsid only detaches the child from this process's controlling terminal.
        unsafe {
            c.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
    }
    c.output().expect("run iepmeet")
}

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).to_string()
}

fn key_file(dir: &Path, name: &str, key: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("{key}\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    p
}

/// Every file of the database (main, -wal, -shm, -access), as bytes.
fn all_bytes(db: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for suffix in ["", "-wal", "-shm", "-access"] {
        let mut p = db.as_os_str().to_os_string();
        p.push(suffix);
        out.extend(std::fs::read(PathBuf::from(p)).unwrap_or_default());
    }
    out
}

fn names(db: &Path) -> Vec<String> {
    let s = iepmeet::store::Store::open(db).unwrap();
    s.list_students().unwrap().into_iter().map(|(_, s)| s.last_name).collect()
}

#[test]
fn an_encrypted_database_hides_every_name_and_opens_only_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    ok(&iepmeet(&db, None, &["demo", "--students", "30"]));
    let mut store = iepmeet::store::Store::open(&db).unwrap();
    let mid = store.meetings_for(1).unwrap()[0].id;
    let e = iepmeet::domain::minutes::NewEntry { text: "Quillwort reading plan agreed".into(), ..Default::default() };
    store.add_entry(mid, iepmeet::domain::meeting::Section::Goals, &e).unwrap();
    let plain_names = names(&db);
    drop(store);
    assert!(String::from_utf8_lossy(&all_bytes(&db)).contains("Snowbright"), "the plain file holds the names (the test sees them)");

    let key = key_file(dir.path(), "key", "correct horse battery staple");
    let t = ok(&iepmeet(&db, Some(&key), &["encrypt"]));
    assert!(t.contains("Encrypted") && t.contains("exports are plain files"), "{t}");
    // No name, no minutes, in any of its files.
    let bytes = all_bytes(&db);
    for n in plain_names.iter().take(30).chain(["Quillwort".to_string()].iter()) {
        assert!(!bytes.windows(n.len()).any(|w| w == n.as_bytes()), "{n} is readable in the encrypted file");
    }
    assert!(!dir.path().join("d.sqlite3.converting").exists());
    // The sqlite3 shell cannot read it.
    let o = Command::new("sqlite3").arg(&db).arg("SELECT count(*) FROM students").output().unwrap();
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("not a database"), "{o:?}");
    // iepmeet with the key reads everything: status, search (FTS5), the audit chain.
    assert!(ok(&iepmeet(&db, Some(&key), &["status", "DEMO-00001"])).contains("Snowbright"));
    let found = ok(&iepmeet(&db, Some(&key), &["search", "quillwort"]));
    assert!(found.contains("reading plan agreed"), "{found}");
    assert!(ok(&iepmeet(&db, Some(&key), &["verify"])).contains("audit chain intact"));
    // (doctor exits 1 for the test's 0755 temporary folder; its encryption line is what counts here.)
    let doc = String::from_utf8_lossy(&iepmeet(&db, Some(&key), &["doctor"]).stdout).to_string();
    assert!(doc.contains("ok   encrypted at rest (SQLCipher)"), "{doc}");

    // Without the key, with a wrong key, with a key file others can read: one sentence, exit 2,
    // and the file is byte for byte as it was.
    let before = all_bytes(&db);
    let wrong = key_file(dir.path(), "wrong", "not the passphrase at all");
    let open = key_file(dir.path(), "open", "correct horse battery staple");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    for (k, want) in [(None, "if it is an encrypted one, give its key"), (Some(&wrong), "the key does not open it"), (Some(&open), "others can read it")] {
        let o = iepmeet(&db, k.map(|p| p.as_path()), &["status", "DEMO-00001"]);
        let e = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{e}");
        assert!(e.contains(want) && e.trim().lines().count() == 1, "{want}: {e}");
        assert!(o.stdout.is_empty());
    }
    assert_eq!(all_bytes(&db), before, "a refused key changed the files");

    // A backup is encrypted with the same key.
    let backup = dir.path().join("backup.sqlite3");
    ok(&iepmeet(&db, Some(&key), &["backup", backup.to_str().unwrap()]));
    assert!(!String::from_utf8_lossy(&std::fs::read(&backup).unwrap()).contains("Snowbright"));
    assert!(ok(&iepmeet(&backup, Some(&key), &["status", "DEMO-00001"])).contains("Snowbright"));

    // Rekey: the old key no longer opens it, the new one does; decrypt gives a plain file back.
    let new = key_file(dir.path(), "new", "a different long passphrase");
    let o = Command::new(env!("CARGO_BIN_EXE_iepmeet"))
        .args(["--db", db.to_str().unwrap(), "rekey"])
        .env("IEPMEET_KEY_FILE", &key)
        .env("IEPMEET_NEW_KEY_FILE", &new)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    ok(&o);
    assert_eq!(iepmeet(&db, Some(&key), &["status", "DEMO-00001"]).status.code(), Some(2));
    assert!(ok(&iepmeet(&db, Some(&new), &["status", "DEMO-00001"])).contains("Snowbright"));
    ok(&iepmeet(&db, Some(&new), &["decrypt"]));
    assert!(std::fs::read(&db).unwrap().starts_with(b"SQLite format 3\0"));
    assert_eq!(names(&db), plain_names, "every student back, as they were");
    assert!(ok(&iepmeet(&db, None, &["verify"])).contains("audit chain intact"));
    // Encrypting twice, or decrypting a plain file, says what to use instead.
    assert!(String::from_utf8_lossy(&iepmeet(&db, None, &["decrypt"]).stderr).contains("not encrypted"));
}

#[test]
fn a_kill_at_any_moment_of_encrypt_leaves_a_database_that_opens_with_every_student() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    ok(&iepmeet(&db, None, &["demo", "--students", "3000"]));
    let want = names(&db).len();
    let key = key_file(dir.path(), "key", "correct horse battery staple");
    let mut killed_mid_way = 0;
    for delay_ms in [0u64, 5, 15, 30, 60, 100, 140, 180, 220, 260, 300, 350, 400, 500] {
        if iepmeet::store::key::is_encrypted(&db) {
            break;
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_iepmeet"))
            .args(["--db", db.to_str().unwrap(), "encrypt"])
            .env("IEPMEET_KEY_FILE", &key)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if !status.success() {
            killed_mid_way += 1;
        }
        // Whatever the moment: the database opens (plain, or encrypted with the key) and has
        // every student; nothing half-written is in its place.
        let encrypted = iepmeet::store::key::is_encrypted(&db);
        iepmeet::store::key::set_session_key(encrypted.then(|| "correct horse battery staple".to_string()));
        assert_eq!(names(&db).len(), want, "after a kill at {delay_ms} ms (encrypted: {encrypted})");
        let out = if encrypted { iepmeet(&db, Some(&key), &["verify"]) } else { iepmeet(&db, None, &["verify"]) };
        ok(&out);
    }
    assert!(killed_mid_way > 0, "no run was killed before it finished: the test proved nothing");
    // The next try finishes (a stale .converting file from a killed run is no obstacle).
    iepmeet::store::key::set_session_key(None);
    if !iepmeet::store::key::is_encrypted(&db) {
        ok(&iepmeet(&db, Some(&key), &["encrypt"]));
    }
    iepmeet::store::key::set_session_key(Some("correct horse battery staple".into()));
    assert_eq!(names(&db).len(), want);
    assert!(!dir.path().join("d.sqlite3.converting").exists());
}

#[test]
fn encrypt_refuses_while_someone_has_a_meeting_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    ok(&iepmeet(&db, None, &["demo", "--students", "2"]));
    // Someone's iepmeet is in meeting 1: here, the wall a room is looking at.
    let t = common::tmux::Tmux::new("enc");
    let cmd = format!("{} --db '{}' --today 2026-11-22 wall 1", env!("CARGO_BIN_EXE_iepmeet"), db.display());
    assert!(t.tmux(&["new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", &cmd]).status.success());
    t.wait_for("Why we meet");
    let before = all_bytes(&db);
    let key = key_file(dir.path(), "key", "correct horse battery staple");
    let o = iepmeet(&db, Some(&key), &["encrypt"]);
    let e = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains("have a meeting open") && e.contains("nothing was changed"), "{e}");
    assert!(!iepmeet::store::key::is_encrypted(&db));
    let _ = before;
}

#[test]
fn the_tui_asks_the_passphrase_once_without_echo_and_a_wrong_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    ok(&iepmeet(&db, None, &["demo", "--students", "3"]));
    let key = key_file(dir.path(), "key", "correct horse battery staple");
    ok(&iepmeet(&db, Some(&key), &["encrypt"]));
    // The TUI on the database, a passphrase typed at its prompt (checked not to be echoed).
    let typed = |tag: &str, passphrase: &str| {
        let t = common::tmux::Tmux::new(tag);
        t.start(&db);
        t.wait_for("Passphrase for");
        t.text(passphrase);
        let head: String = passphrase.chars().take(8).collect();
        assert!(!t.screen().contains(&head), "the passphrase was echoed:\n{}", t.screen());
        t.keys(&["Enter"]);
        t
    };
    // A wrong passphrase: one sentence, the program ends, nothing opened.
    let t = typed("encw", "not the passphrase");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while t.alive() && !t.screen().contains("the key does not open it") {
        assert!(std::time::Instant::now() < deadline, "{}", t.screen());
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    drop(t);
    // The right one: the caseload, with the names.
    let t = typed("enco", "correct horse battery staple");
    let s = t.wait_for("Caseload");
    assert!(s.contains("Snowbright"), "{s}");
}

#[test]
fn a_key_file_may_hold_a_raw_256_bit_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.sqlite3");
    ok(&iepmeet(&db, None, &["demo", "--students", "3"]));
    let raw = key_file(dir.path(), "raw", &format!("x'{}'", "a7".repeat(32)));
    ok(&iepmeet(&db, Some(&raw), &["encrypt"]));
    assert!(!String::from_utf8_lossy(&all_bytes(&db)).contains("Snowbright"));
    assert!(ok(&iepmeet(&db, Some(&raw), &["status", "DEMO-00001"])).contains("Snowbright"));
    // The same digits as a passphrase (no x'…') are another key.
    let words = key_file(dir.path(), "words", &"a7".repeat(32));
    assert_eq!(iepmeet(&db, Some(&words), &["status", "DEMO-00001"]).status.code(), Some(2));
}
