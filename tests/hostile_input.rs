//! Bad input gets one clear sentence and changes nothing (issue 15): endless files, duplicate
//! JSON keys, bytes that are not UTF-8, dates at the edge of what a calendar can count.

use std::process::Command;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/compliant-annual.json");

fn bin(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_iepmeet")).args(args).env_remove("IEPMEET_DB").output().unwrap()
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// One line of explanation, no panic, no debug dump.
fn one_sentence(what: &str, o: &std::process::Output) {
    let e = err(o);
    assert_ne!(o.status.code(), Some(101), "{what} panicked: {e}");
    assert!(!e.contains("panicked") && !e.contains("Error {") && !e.contains("RUST_BACKTRACE"), "{what}: {e}");
    assert_eq!(e.trim().lines().count(), 1, "{what}: one sentence: {e}");
}

/// A fresh demo database of `students` fictional students (seed 2, 2026-11-22), in its own folder.
fn demo_db(students: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let n = students.to_string();
    let o = bin(&["--db", db.to_str().unwrap(), "demo", "--students", &n, "--seed", "2", "--today", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    (dir, db)
}

#[cfg(unix)]
#[test]
fn endless_input_is_refused_after_reading_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let db = db.to_str().unwrap();
    for args in [vec!["check", "/dev/zero"], vec!["--db", db, "import", "students", "/dev/zero"], vec!["--db", db, "rules", "--load", "/dev/zero"], vec!["--db", db, "calendar", "/dev/zero"]] {
        let o = bin(&args);
        assert_ne!(o.status.code(), Some(0), "{args:?}");
        one_sentence(&format!("{args:?}"), &o);
        assert!(err(&o).contains("too large"), "{args:?}: {}", err(&o));
    }
}

#[test]
fn a_key_given_twice_is_refused_with_its_path() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    // The last "choice" would win silently: "Do not agree" after "Agree to the IEP".
    let twice = text.replacen("\"choice\": \"Agree to the IEP\",", "\"choice\": \"Agree to the IEP\",\n      \"choice\": \"Disagree with the IEP\",", 1);
    assert_ne!(twice, text);
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), &twice).unwrap();
    let o = bin(&["check", f.path().to_str().unwrap(), "--today", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(2));
    one_sentence("duplicate key", &o);
    assert!(err(&o).contains("meeting.consent.choice") && err(&o).contains("twice"), "{}", err(&o));
    // In a list item too.
    let twice = text.replacen("\"baseline\": \"Uses 3-word", "\"baseline\": \"x\", \"baseline\": \"Uses 3-word", 1);
    std::fs::write(f.path(), &twice).unwrap();
    let o = bin(&["check", f.path().to_str().unwrap(), "--today", "2026-11-22"]);
    assert!(err(&o).contains("meeting.goal[0].baseline"), "{}", err(&o));
}

#[test]
fn bytes_that_are_not_utf8_are_named_by_offset_and_line() {
    let mut bytes = std::fs::read(FIXTURE).unwrap();
    let at = bytes.iter().position(|b| *b == b'W').unwrap(); // in "Wren" on a later line
    bytes[at] = 0xff;
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), &bytes).unwrap();
    let o = bin(&["check", f.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    one_sentence("not UTF-8", &o);
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    assert!(err(&o).contains(&format!("byte {at}")) && err(&o).contains(&format!("line {line}")), "{}", err(&o));
}

#[test]
fn extreme_dates_never_panic() {
    let (_dir, db) = demo_db(3);
    let db = db.to_str().unwrap();
    let dir = db.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap();
    let roster = format!("{dir}/edge-roster.csv");
    std::fs::write(&roster, "student_id,last_name,first_name,dob,grade,last_iep_date\nEDGE-1,Quillfeather,Tavi,2015-03-04,4,2026-01-15\n").unwrap();
    for (n, today) in ["+262142-12-31", "-262143-01-01", "9999-12-31", "1000-01-01", "0000-01-01", "1950-01-01", "2100-12-31"].iter().enumerate() {
        let backup = format!("{dir}/edge-backup-{n}.sqlite3");
        // Every command, with the date given to all of them.
        for args in [
            vec!["due", "--within", "3660"],
            vec!["due", "--overdue"],
            vec!["status", "DEMO-00001"],
            vec!["status", "DEMO-00001", "--json"],
            vec!["check", FIXTURE],
            vec!["export", "1", "--format", "md"],
            vec!["export", "students"],
            vec!["import", "students", roster.as_str(), "--dry-run"],
            vec!["import", "students", roster.as_str()],
            vec!["demo", "--students", "2", "--seed", "9"],
            vec!["audit", "DEMO-00001"],
            vec!["search", "reading"],
            vec!["info"],
            vec!["keys"],
            vec!["calendar"],
            vec!["rules"],
            vec!["policy"],
            vec!["backup", backup.as_str()],
            vec!["doctor"],
            vec!["verify"],
        ] {
            let flag = format!("--today={today}");
            let mut all = vec!["--db", db, flag.as_str()];
            all.extend(args.iter().copied());
            let o = bin(&all);
            assert_ne!(o.status.code(), Some(101), "{all:?} panicked: {}", err(&o));
            assert!(!err(&o).contains("panicked"), "{all:?}: {}", err(&o));
            if !(today.starts_with("1950") || today.starts_with("2100")) {
                assert_eq!(o.status.code(), Some(2), "{all:?}: refused");
                one_sentence(&format!("{all:?}"), &o);
            }
        }
    }
    // Dates in a document at the edge of the allowed years are read and checked without panic.
    let text = std::fs::read_to_string(FIXTURE).unwrap().replace("\"2027-11-19\"", "\"2100-12-31\"").replace("\"2025-12-01\"", "\"1950-01-01\"");
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), text).unwrap();
    for today in ["1950-01-01", "2100-12-31"] {
        let o = bin(&["check", f.path().to_str().unwrap(), "--today", today]);
        assert_ne!(o.status.code(), Some(101), "{today}: {}", err(&o));
    }
}

#[test]
fn student_ids_match_without_regard_to_case_in_the_file_and_the_database() {
    let (dir, db) = demo_db(2);
    let db = db.to_str().unwrap();
    let out = dir.path().join("r.csv");
    assert_eq!(bin(&["--db", db, "export", "students", "-o", out.to_str().unwrap()]).status.code(), Some(0));
    // The same roster with the IDs in lower case and one name changed: an update, not new students.
    let text = std::fs::read_to_string(&out).unwrap().replace("DEMO-", "demo-");
    let lower = dir.path().join("lower.csv");
    std::fs::write(&lower, &text).unwrap();
    let o = bin(&["--db", db, "import", "students", lower.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let said = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(said.contains("added 0") && said.contains("2 unchanged"), "{said}");
    // Whoever writes: a plain connection cannot add a second student whose ID differs only in case.
    let c = rusqlite::Connection::open(db).unwrap();
    let data: String = c.query_row("SELECT data FROM students WHERE local_id = 'DEMO-00001'", [], |r| r.get(0)).unwrap();
    let copy = data.replace("DEMO-00001", "Demo-00001");
    let e = c.execute("INSERT INTO students(data, created_at, updated_at) VALUES (?1, 'x', 'x')", [copy]).unwrap_err().to_string();
    assert!(e.contains("without regard to case"), "{e}");
    let n: i64 = c.query_row("SELECT count(*) FROM students", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2);
    // Two rows of one file naming the same student in two cases are refused, with both lines.
    let twice = format!("{}{}", text, text.lines().nth(1).unwrap().replace("demo-", "DEMO-") + "\n");
    std::fs::write(&lower, twice).unwrap();
    let o = bin(&["--db", db, "import", "students", lower.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("already on line"), "{}", err(&o));
}

#[cfg(unix)]
#[test]
fn a_database_that_is_not_one_gets_one_sentence_and_nothing_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // /dev/null, a folder, a FIFO: not a regular file.
    let fifo = dir.path().join("fifo.db");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for db in ["/dev/null".to_string(), dir.path().display().to_string(), fifo.display().to_string()] {
        let o = bin(&["--db", &db, "status", "X"]);
        assert_eq!(o.status.code(), Some(2), "{db}");
        one_sentence(&db, &o);
        assert!(err(&o).contains("not a regular file"), "{db}: {}", err(&o));
    }
    // A SQLite file of another program, with some tables.
    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other).unwrap().execute_batch("CREATE TABLE students(id INTEGER);").unwrap();
    let o = bin(&["--db", other.to_str().unwrap(), "status", "X"]);
    one_sentence("foreign", &o);
    assert!(err(&o).contains("not an iepmeet database"), "{}", err(&o));
    // A planted -wal link pointing elsewhere: refused, and nothing is created through it.
    let db = dir.path().join("w.db");
    let elsewhere = dir.path().join("elsewhere");
    let mut wal = db.as_os_str().to_os_string();
    wal.push("-wal");
    std::os::unix::fs::symlink(&elsewhere, &wal).unwrap();
    let o = bin(&["--db", db.to_str().unwrap(), "demo", "--students", "1"]);
    assert_eq!(o.status.code(), Some(2));
    one_sentence("wal link", &o);
    assert!(err(&o).contains("-wal is a link"), "{}", err(&o));
    assert!(!elsewhere.exists(), "nothing written through the link");
    // An empty file made by someone with a umask of 022: it becomes owner-only before it holds anything.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();
    std::fs::set_permissions(&empty, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(bin(&["--db", empty.to_str().unwrap(), "demo", "--students", "1"]).status.code(), Some(0));
    assert_eq!(std::fs::metadata(&empty).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn a_read_only_command_never_waits_for_a_writer() {
    let (_dir, db) = demo_db(3);
    let dbs = db.to_str().unwrap();
    // Another program holds the write lock for 7 seconds (longer than any busy timeout).
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("BEGIN IMMEDIATE; UPDATE app_state SET value = value WHERE key = 'welcomed';").unwrap();
    let start = std::time::Instant::now();
    for args in [vec!["status", "DEMO-00001"], vec!["due", "--within", "365"], vec!["search", "reading"], vec!["export", "1", "--format", "md"], vec!["info"]] {
        let mut all = vec!["--db", dbs, "--today", "2026-11-22"];
        all.extend(args.iter().copied());
        let o = bin(&all);
        assert!(!err(&o).contains("locked") && !err(&o).contains("busy"), "{args:?}: {}", err(&o));
        assert!(o.status.code() == Some(0) || o.status.code() == Some(1), "{args:?}: {}", err(&o));
    }
    // (Before, each failed with "database is locked" after the 5-second busy timeout.)
    let _ = start;
    c.execute_batch("ROLLBACK;").unwrap();
    // The reads were kept in the record of access's spool meanwhile, and are in the chain now.
    let o = bin(&["--db", dbs, "--today", "2026-11-22", "access", "DEMO-00001"]);
    let t = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(t.contains("case status") && t.contains("exported the meeting record as md"), "{t}");
}

#[test]
fn a_backup_finishes_while_someone_types_and_cleans_up_after_a_killed_one() {
    // Large enough (about 2,600 pages) that SQLite's online backup, restarted by every write, never
    // finished with a typist (measured: killed after 20 s; VACUUM INTO takes under a second).
    let (dir, db) = demo_db(3000);
    let dbs = db.to_str().unwrap();
    // A typist: a draft-sized write every 5 ms for as long as the backup runs.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (s2, p2) = (stop.clone(), db.clone());
    let typist = std::thread::spawn(move || {
        let c = rusqlite::Connection::open(p2).unwrap();
        c.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
        let mut n = 0u64;
        while !s2.load(std::sync::atomic::Ordering::Relaxed) {
            c.execute("INSERT OR REPLACE INTO app_state(key, value) VALUES ('typist', ?1)", [n.to_string()]).unwrap();
            n += 1;
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        n
    });
    // A partial file of a backup killed earlier (its process is long gone).
    let stale = dir.path().join(".copy.db.partial-4000000");
    std::fs::write(&stale, "half a backup").unwrap();
    let copy = dir.path().join("copy.db");
    let start = std::time::Instant::now();
    let o = bin(&["--db", dbs, "backup", copy.to_str().unwrap()]);
    let took = start.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let writes = typist.join().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(writes > 0);
    // It finishes (the online backup never did): a bound far above its time, not a speed test.
    assert!(took < std::time::Duration::from_secs(120), "backup took {took:?} with a typist");
    let c = rusqlite::Connection::open(&copy).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let n: i64 = c.query_row("SELECT count(*) FROM students", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 3000);
    assert!(!stale.exists(), "the killed backup's partial file was removed");
}

/// A roster of `n` generated students (fictional).
fn roster(n: usize) -> String {
    let mut s = String::from("student_id,last_name,first_name,dob,grade,school,primary_disability,last_iep_date\n");
    for i in 0..n {
        s.push_str(&format!("GEN-{i:06},Testname{},Given{},2012-0{}-1{},{},Example School,Specific learning disability,2026-01-15\n", i % 97, i % 31, 1 + i % 9, i % 9, 1 + i % 12));
    }
    s
}

#[test]
fn an_import_that_fails_part_way_is_undone_and_others_write_between_its_chunks() {
    let (dir, db) = demo_db(3);
    let dbs = db.to_str().unwrap();
    let file = dir.path().join("r.csv");
    std::fs::write(&file, roster(30000)).unwrap();
    // The machine fails at row 29,500 (a full disk, say): simulated by a trigger planted for the test.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("CREATE TRIGGER fail_once BEFORE INSERT ON students WHEN json_extract(NEW.data, '$.local_id') = 'GEN-029500' BEGIN SELECT RAISE(ABORT, 'database or disk is full (simulated)'); END;").unwrap();
    let before: i64 = c.query_row("SELECT count(*) FROM students", [], |r| r.get(0)).unwrap();
    let o = bin(&["--db", dbs, "import", "students", file.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0));
    one_sentence("failed import", &o);
    assert!(err(&o).contains("undone") && err(&o).contains("nothing was imported"), "{}", err(&o));
    let after: i64 = c.query_row("SELECT count(*) FROM students", [], |r| r.get(0)).unwrap();
    assert_eq!(after, before, "the chunks already written were undone");
    let count = |action: &str| -> i64 { c.query_row("SELECT count(*) FROM audit WHERE action = ?1", [action], |r| r.get(0)).unwrap() };
    // The transactions before the one that failed (each writes for 100 ms: 29,500 rows take several even on a fast machine)
    // were written, and each of their rows was undone, with its audit row.
    let (written, undone) = (count("import"), count("import-undo"));
    assert!(written > 0 && written < 29500, "the rows before the failing transaction were written ({written})");
    assert_eq!(undone, written, "each undone row is in the audit trail");
    c.execute_batch("DROP TRIGGER fail_once;").unwrap();
    // The import itself, while another writer keeps writing: it never waits long for the lock.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (s2, p2) = (stop.clone(), db.clone());
    let other = std::thread::spawn(move || {
        let c = rusqlite::Connection::open(p2).unwrap();
        c.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
        let mut worst = std::time::Duration::ZERO;
        let mut n = 0;
        while !s2.load(std::sync::atomic::Ordering::Relaxed) {
            let t = std::time::Instant::now();
            c.execute("INSERT OR REPLACE INTO app_state(key, value) VALUES ('other', ?1)", [n.to_string()]).unwrap();
            worst = worst.max(t.elapsed());
            n += 1;
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        (n, worst)
    });
    let o = bin(&["--db", dbs, "import", "students", file.to_str().unwrap()]);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (writes, worst) = other.join().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("added 30000"), "{}", String::from_utf8_lossy(&o.stdout));
    // The other writer kept writing and never saw "database is locked" (its unwrap would have
    // failed). How long it waited is measured by benches/import.sh, not asserted here.
    assert!(writes > 0, "the other writer wrote during the import (worst wait {worst:?})");
}
