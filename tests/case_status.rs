//! Case status through the command line, as staff use it: `demo`, `status`, `due`, `import students`,
//! `export students`, `policy` — output snapshots, exit codes, and what a bad roster leaves behind.

use std::process::{Command, Output};

fn run(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iepmeet"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22"])
        .args(args)
        .env_remove("IEPMEET_DB")
        .output()
        .expect("run iepmeet")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn demo_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("case.db");
    let o = run(&db, &["demo"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    (dir, db)
}

#[test]
fn status_by_id_shows_every_date_with_its_basis() {
    let (_d, db) = demo_db();
    let o = run(&db, &["status", "DEMO-00001"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    insta::assert_snapshot!("status_demo_00001", out(&o));
    assert!(out(&o).lines().all(|l| l.chars().count() <= 80), "readable at 80 columns");
}

#[test]
fn status_lists_several_matches_and_exits_1_on_none() {
    let (_d, db) = demo_db();
    let o = run(&db, &["status", "demo-0001"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(out(&o).starts_with("10 students match 'demo-0001':"), "{}", out(&o));
    let o = run(&db, &["status", "nobody-by-this-name"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("No student matches 'nobody-by-this-name'"));
    let o = run(&db, &["status", "DEMO-00008", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let due = v["students"][0]["due"].as_array().unwrap();
    assert!(due.iter().any(|d| d["kind"] == "interim" && d["basis"].as_str().unwrap().contains("enrolled on transfer")));
}

#[test]
fn due_overdue_and_within_with_filters() {
    let (_d, db) = demo_db();
    let o = run(&db, &["due", "--within", "14"]);
    insta::assert_snapshot!("due_within_14", out(&o));
    let o = run(&db, &["due", "--overdue", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let list = v["students"].as_array().unwrap();
    assert!(!list.is_empty() && list.iter().all(|s| s["days_left"].as_i64().unwrap() < 0));
    let o = run(&db, &["due", "--within", "60", "--kind", "triennial", "--case-manager", "nakamura"]);
    assert!(out(&o).lines().skip(2).all(|l| l.contains("triennial")), "{}", out(&o));
    let o = run(&db, &["due", "--kind", "lunch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--kind 'lunch'"));
}

#[test]
fn policy_switch_recomputes_every_case() {
    let (_d, db) = demo_db();
    let before = out(&run(&db, &["status", "DEMO-00001"]));
    assert!(before.contains("E.C. 56026"));
    assert_eq!(run(&db, &["policy", "idea-federal"]).status.code(), Some(0));
    let after = out(&run(&db, &["status", "DEMO-00001"]));
    assert!(after.contains("through age 21"), "{after}");
}

const ROSTER: &str = "\u{feff}student_id,ssid,last_name,first_name,dob,grade,school,el_status,case_manager,primary_disability,last_iep_date,last_reassessment_date\n\
T-100,,O'Brien-Nuñez,José,2011-05-10,09,North High (fictional),EL,A. Case,290,2026-03-04,2024-02-29\n\
T-101,,Zhang,小明,2019-01-02,KN,East Elementary (fictional),EO,B. Case,autism,,\n";

#[test]
fn import_is_all_or_nothing_idempotent_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roster.db");
    let csv = dir.path().join("roster.csv");
    // A bad row: nothing imported, and the report names line, column and problem.
    std::fs::write(&csv, format!("{ROSTER}T-102,,Lee,Ann,2011-02-30,5,,EL,,290,,\n")).unwrap();
    let o = run(&db, &["import", "students", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("line 4, column dob: '2011-02-30' is not a valid date"), "{}", err(&o));
    assert!(err(&o).contains("nothing was imported"));
    assert!(out(&run(&db, &["info"])).contains("students: 0"));

    std::fs::write(&csv, ROSTER).unwrap();
    let o = run(&db, &["import", "students", csv.to_str().unwrap(), "--dry-run"]);
    assert!(out(&o).contains("would add 2"), "{}", out(&o));
    assert!(out(&run(&db, &["info"])).contains("students: 0"), "a dry run writes nothing");
    let o = run(&db, &["import", "students", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("added 2, updated 0, 0 unchanged"));
    // Re-import: same file changes nothing; an edited row updates by ID, never duplicates.
    assert!(out(&run(&db, &["import", "students", csv.to_str().unwrap()])).contains("added 0, updated 0, 2 unchanged"));
    std::fs::write(&csv, ROSTER.replace("A. Case", "C. Case")).unwrap();
    assert!(out(&run(&db, &["import", "students", csv.to_str().unwrap()])).contains("added 0, updated 1, 1 unchanged"));
    assert!(out(&run(&db, &["info"])).contains("students: 2"));
    let st = out(&run(&db, &["status", "T-100"]));
    assert!(st.contains("O'Brien-Nuñez, José") && st.contains("C. Case") && st.contains("Annual review"), "{st}");

    // Export and import back: unchanged.
    let exported = dir.path().join("out.csv");
    let o = run(&db, &["export", "students", "-o", exported.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&exported).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert!(out(&run(&db, &["import", "students", exported.to_str().unwrap()])).contains("2 unchanged"));
    let json = out(&run(&db, &["export", "students", "--format", "json"]));
    assert!(serde_json::from_str::<serde_json::Value>(&json).unwrap().as_array().unwrap().len() == 2);
}

#[test]
fn import_refuses_binary_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let bin = dir.path().join("roster.xlsx");
    std::fs::write(&bin, b"student_id,last_name\nPK\x03\x04\xff\xfe\n").unwrap();
    let o = run(&db, &["import", "students", bin.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("not UTF-8 text at line 2"), "{}", err(&o));
    let o = run(&db, &["import", "students", "/nonexistent/roster.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("/nonexistent/roster.csv"));
}

#[path = "common/mod.rs"]
mod common;

#[test]
fn welcome_screen_imports_a_roster_and_refuses_a_bad_one() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "student_id,last_name,first_name,dob\nT-1,Lee,Ann,2011-02-30\n").unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(&good, ROSTER).unwrap();
    let mut a = common::app(iepmeet::store::Store::open_in_memory().unwrap());
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    a.on_key(common::key('i'));
    a.on_paste(bad.to_str().unwrap());
    a.on_key(enter);
    let s = common::screen(&a, 100, 30);
    assert!(s.contains("nothing was imported: line 2, column dob"), "{s}");
    assert_eq!(a.store.student_count().unwrap(), 0);
    a.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    a.on_key(common::key('i'));
    a.on_paste(good.to_str().unwrap());
    a.on_key(enter);
    let s = common::screen(&a, 100, 30);
    assert!(s.contains("2 added") && s.contains("O'Brien-Nuñez, José"), "{s}");
    assert_eq!(a.store.student_count().unwrap(), 2);
}
