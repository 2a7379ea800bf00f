//! The command line, run as a real process: `check` exit codes and output, `export` round trip,
//! `demo`, database errors.

use std::process::{Command, Output};

fn iepmeet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iepmeet")).args(args).env_remove("IEPMEET_DB").output().expect("run iepmeet")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/compliant-annual.json");

fn fixture_with(edit: impl Fn(&mut serde_json::Value)) -> tempfile::NamedTempFile {
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap();
    edit(&mut v);
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), serde_json::to_string(&v).unwrap()).unwrap();
    f
}

#[test]
fn check_compliant_document_exits_0() {
    let o = iepmeet(&["check", FIXTURE, "--today", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("No findings"), "{}", text(&o));
}

#[test]
fn check_with_errors_exits_1_and_names_rule_ids() {
    let f = fixture_with(|v| {
        v["meeting"]["goal"][0]["baseline"] = serde_json::Value::Null;
        v["meeting"]["transition-plan"]["transfer_of_rights_given"] = serde_json::Value::Null;
    });
    let p = f.path().to_str().unwrap();
    let o = iepmeet(&["check", p, "--today", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("goal-baseline") && t.contains("tor-notice-by-17"), "{t}");
    assert!(t.lines().all(|l| l.chars().count() <= 80), "readable at 80 columns:\n{t}");
    let o = iepmeet(&["check", p, "--json", "--today", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(ids.contains(&"goal-baseline") && ids.contains(&"tor-notice-by-17"), "{ids:?}");
    let b = v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "goal-baseline").unwrap();
    assert_eq!(b["severity"], "ERROR");
    assert_eq!(b["target"]["section"], "goals");
    assert_eq!(b["target"]["block"], "goal");
    assert_eq!(b["target"]["item"], 0);
    assert_eq!(b["target"]["field"], "baseline");
    let errors = v["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "ERROR").count();
    assert_eq!(v["summary"]["errors"].as_u64(), Some(errors as u64));
}

#[test]
fn check_policy_changes_the_verdict() {
    // An initial IEP 61 calendar days after consent across the winter break: fine in California
    // (breaks over 5 school days excluded), late under the federal baseline.
    let f = fixture_with(|v| {
        v["meeting"]["type"] = "initial".into();
        v["meeting"]["details"]["date"] = "2027-01-30".into();
        v["meeting"]["consent"]["eligibility_agreement"] = "Agree with eligibility determination".into();
        v["student"]["initial_consent_date"] = "2026-11-20".into();
        v["student"]["referral_date"] = "2026-11-01".into();
        v["student"]["assessment_plan_sent"] = "2026-11-05".into();
    });
    let p = f.path().to_str().unwrap();
    let ca = text(&iepmeet(&["check", p, "--json", "--today", "2027-01-30"]));
    let fed = text(&iepmeet(&["check", p, "--json", "--policy", "idea-federal", "--today", "2027-01-30"]));
    assert!(!ca.contains("tl-initial-iep-60-days"), "{ca}");
    assert!(fed.contains("tl-initial-iep-60-days"), "{fed}");
}

#[test]
fn check_bad_input_exits_2_naming_the_field() {
    let f = fixture_with(|v| v["meeting"]["service"][0]["duration"] = "thirty".into());
    let o = iepmeet(&["check", f.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("meeting.service[0].duration") && text(&o).contains("expected a whole number"), "{}", text(&o));
    // Values the format forbids are refused, not read as what they might have meant (issue 16).
    type Edit = fn(&mut serde_json::Value);
    let cases: [(&str, Edit); 9] = [
        ("meeting.esy.required", |v| v["meeting"]["esy"]["required"] = "yes".into()),
        // The SELPA form fields added for the rules keep their lists too.
        ("meeting.english-learner.general_ed_setting", |v| v["meeting"]["english-learner"] = serde_json::json!({"general_ed_setting": "Sheltered English"})),
        ("meeting.esy-service[0].duration", |v| v["meeting"]["esy-service"] = serde_json::json!([{"service": "Language and speech", "duration": "30 min"}])),
        ("meeting.transition-service[0].postsecondary_goal", |v| v["meeting"]["transition-service"][0]["postsecondary_goal"] = "Career".into()),
        ("meeting.consent.parent_attendance", |v| v["meeting"]["consent"]["parent_attendance"] = "Yes".into()),
        ("meeting.consent.choice", |v| v["meeting"]["consent"]["choice"] = "I agree".into()),
        ("meeting.attendee[0].roles", |v| v["meeting"]["attendee"][0]["roles"] = "Parent/guardian".into()),
        ("meeting.attendee[2].qualifications", |v| v["meeting"]["attendee"][2]["qualifications"] = serde_json::json!(["Teacher of the class"])),
        ("student.rights_holder", |v| v["student"]["rights_holder"] = "Mom".into()),
    ];
    for (path, edit) in cases {
        let f = fixture_with(edit);
        let o = iepmeet(&["check", f.path().to_str().unwrap(), "--today", "2026-11-22"]);
        assert_eq!(o.status.code(), Some(2), "{path}: {}", text(&o));
        assert!(text(&o).contains(&format!("{path}:")), "{path}: {}", text(&o));
        assert_eq!(text(&o).lines().count(), 1, "one sentence: {}", text(&o));
    }
    let f = fixture_with(|v| v["student"]["dob"] = "1901-01-01".into());
    let o = iepmeet(&["check", f.path().to_str().unwrap(), "--today", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("student.dob"), "{}", text(&o));
    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), "{ not json").unwrap();
    let o = iepmeet(&["check", bad.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("not valid JSON"));
    let o = iepmeet(&["check", "/nonexistent/meeting.json"]);
    assert_eq!(o.status.code(), Some(2));
    let o = iepmeet(&["check", FIXTURE, "--policy", "mars"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("unknown policy"));
    let o = iepmeet(&["check", FIXTURE, "--today", "2026-02-30"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn demo_export_check_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let db = db.to_str().unwrap();
    let o = iepmeet(&["--db", db, "demo", "--students", "5", "--seed", "3", "--today", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = dir.path().join("m.json");
    let o = iepmeet(&["--db", db, "export", "1", "--format", "json", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // the demo meeting in progress is far from complete: ERRORs, exit 1
    let o = iepmeet(&["check", out.to_str().unwrap(), "--today", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    // export is deterministic apart from the export time
    let without_time = |bytes: &[u8]| {
        let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
        v.as_object_mut().unwrap().remove("exported");
        v
    };
    let a = iepmeet(&["--db", db, "export", "1", "--format", "json"]);
    let b = iepmeet(&["--db", db, "export", "1", "--format", "json"]);
    assert_eq!(without_time(&a.stdout), without_time(&b.stdout));
    assert_eq!(without_time(&std::fs::read(&out).unwrap()), without_time(&a.stdout));
    // the readable record: Markdown by default, PDF to a file (not to a terminal), unknown formats refused
    let md = iepmeet(&["--db", db, "export", "1"]);
    assert!(String::from_utf8_lossy(&md.stdout).starts_with("# IEP meeting record"), "{}", text(&md));
    let pdf = dir.path().join("m.pdf");
    let o = iepmeet(&["--db", db, "export", "1", "--format", "pdf", "-o", pdf.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let o = iepmeet(&["--db", db, "export", "1", "--format", "docx"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(text(&o).contains("md, html, pdf, json or summary"), "{}", text(&o));
    // the audit trail of a student, and search (exit 1 when nothing matches)
    let o = iepmeet(&["--db", db, "audit", "DEMO-00001"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("Audit trail of") && text(&o).contains("meeting 1 "), "{}", text(&o));
    let o = iepmeet(&["--db", db, "audit", "NO-SUCH"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(text(&o).contains("no student matches"), "{}", text(&o));
    let o = iepmeet(&["--db", db, "search", "zebra"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    // a second demo into the same database is refused, changing nothing
    let o = iepmeet(&["--db", db, "demo", "--students", "5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("already exists"), "{}", text(&o));
    let o = iepmeet(&["--db", db, "info"]);
    assert!(text(&o).contains("students: 5"), "{}", text(&o));
    // policy per database
    assert_eq!(iepmeet(&["--db", db, "policy", "idea-federal"]).status.code(), Some(0));
    assert!(text(&iepmeet(&["--db", db, "policy"])).starts_with("idea-federal"));
    assert_eq!(iepmeet(&["--db", db, "policy", "mars"]).status.code(), Some(2));
}

#[test]
fn database_problems_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let notdb = dir.path().join("notes.txt");
    std::fs::write(&notdb, "x".repeat(4096)).unwrap();
    let o = iepmeet(&["--db", notdb.to_str().unwrap(), "info"]);
    assert_eq!(o.status.code(), Some(2));
    // Whole pages of something else could be an encrypted database: the sentence says both.
    assert!(text(&o).contains("is not a plain iepmeet database") && text(&o).contains("IEPMEET_KEY_FILE"), "{}", text(&o));
    let short = dir.path().join("short.txt");
    std::fs::write(&short, "just a line of text").unwrap();
    let o = iepmeet(&["--db", short.to_str().unwrap(), "info"]);
    assert!(text(&o).contains("is not an iepmeet database"), "{}", text(&o));
    let newer = dir.path().join("newer.sqlite3");
    assert_eq!(iepmeet(&["--db", newer.to_str().unwrap(), "info"]).status.code(), Some(0));
    let c = Command::new("sqlite3").arg(&newer).arg("PRAGMA user_version = 42;").status();
    if c.map(|s| s.success()).unwrap_or(false) {
        let o = iepmeet(&["--db", newer.to_str().unwrap(), "info"]);
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o).contains("newer iepmeet"), "{}", text(&o));
    }
}

#[test]
fn help_is_available_for_every_command() {
    for args in [vec!["--help"], vec!["demo", "--help"], vec!["check", "--help"], vec!["export", "--help"], vec!["policy", "--help"]] {
        let o = iepmeet(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(text(&o).contains("Usage"), "{args:?}");
    }
}

#[test]
fn backup_while_another_process_writes_and_doctor_checks_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data/iep.sqlite3");
    let db_s = db.to_str().unwrap();
    let o = iepmeet(&["--db", db_s, "info"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // a second process adds students while the backup runs
    let mut writer = Command::new(env!("CARGO_BIN_EXE_iepmeet"))
        .args(["--db", db_s, "demo", "--students", "3000"])
        .env_remove("IEPMEET_DB")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let copy = dir.path().join("backup.sqlite3");
    let o = iepmeet(&["--db", db_s, "backup", copy.to_str().unwrap()]);
    assert!(writer.wait().unwrap().success());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("integrity checked"));
    // the copy is a consistent database (whatever the writer had committed when it was taken)
    let o = iepmeet(&["--db", copy.to_str().unwrap(), "doctor"]);
    assert!(text(&o).contains("integrity check ok"), "{}", text(&o));
    let o = iepmeet(&["--db", copy.to_str().unwrap(), "info"]);
    let n: usize = text(&o).lines().find_map(|l| l.strip_prefix("students: ")).unwrap().parse().unwrap();
    assert!(n <= 3000, "{n}");
    let o = iepmeet(&["--db", db_s, "info"]);
    assert!(text(&o).contains("students: 3000"), "{}", text(&o));
    // never over an existing file
    let o = iepmeet(&["--db", db_s, "backup", copy.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0));
    assert!(text(&o).contains("already exists"));
    // doctor: the database iepmeet created passes; a missing one fails with what to do
    let o = iepmeet(&["--db", db_s, "doctor"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("integrity check ok") && text(&o).contains("All checks passed"), "{}", text(&o));
    let o = iepmeet(&["--db", dir.path().join("nope.sqlite3").to_str().unwrap(), "doctor"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("fix: run `iepmeet`"), "{}", text(&o));
    assert!(!dir.path().join("nope.sqlite3").exists(), "doctor never creates a database");
}

/// `iepmeet rules`: a district's changes are validated (a refused file changes nothing), kept per
/// database, shown by `doctor` and in every export's footer, and used by `check --rules`.
#[test]
fn district_rules_are_validated_kept_and_named_on_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite3");
    let db = db.to_str().unwrap();
    assert_eq!(iepmeet(&["--db", db, "demo", "--students", "3", "--seed", "3"]).status.code(), Some(0));
    let audit_rows = || -> (i64, i64) {
        let c = rusqlite::Connection::open(db).unwrap();
        let n = |sql: &str| c.query_row(sql, [], |r| r.get(0)).unwrap();
        (n("SELECT count(*) FROM audit"), n("SELECT count(*) FROM app_state WHERE key = 'district_rules'"))
    };
    let before = audit_rows();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "name = \"Example USD\"\n[[rule]]\nid = \"goal-baseline\"\nseverity = \"INFO\"\n").unwrap();
    let o = iepmeet(&["--db", db, "rules", "--load", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("rule 1 ('goal-baseline')") && t.contains("reason") && t.contains("nothing was changed"), "{t}");
    assert!(!t.contains("Invalid(") && !t.contains("Error {"), "one sentence, not a debug dump: {t}");
    assert!(text(&iepmeet(&["--db", db, "doctor"])).contains("built-in rules"));
    assert_eq!(audit_rows(), before);

    let good = dir.path().join("good.toml");
    std::fs::write(
        &good,
        "name = \"Example USD 2026-27\"\n[[rule]]\nid = \"goal-baseline\"\nseverity = \"WARNING\"\nreason = \"Baselines are in the progress report.\"\n",
    )
    .unwrap();
    let o = iepmeet(&["--db", db, "rules", "--load", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let listed = text(&iepmeet(&["--db", db, "rules"]));
    let at = listed.find("goal-baseline ").unwrap();
    let entry = &listed[at..at + listed[at..].find("\ngoal-").unwrap_or(400)];
    assert!(entry.contains("WARNING") && entry.contains("district: Baselines are in the progress report."), "{entry}");
    assert!(text(&iepmeet(&["--db", db, "doctor"])).contains("Example USD 2026-27"));
    let md = text(&iepmeet(&["--db", db, "export", "1"]));
    assert!(md.contains("checked with district rules 'Example USD 2026-27'"), "{md}");

    // `check --rules` applies the same file to a document.
    let doc = fixture_with(|v| v["meeting"]["goal"][0]["baseline"] = serde_json::Value::Null);
    let o = iepmeet(&["check", doc.path().to_str().unwrap(), "--today", "2026-11-22", "--json", "--rules", good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "the lowered rule is no longer an ERROR: {}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "goal-baseline" && f["severity"] == "WARNING"));
    assert!(v["rules"].as_str().unwrap().contains("Example USD"));

    let o = iepmeet(&["--db", db, "rules", "--builtin"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&iepmeet(&["--db", db, "doctor"])).contains("built-in rules"));
    // Listing by meeting type: a manifestation determination is not checked for goals.
    let md_rules = text(&iepmeet(&["--db", db, "rules", "--type", "manifestation-determination"]));
    assert!(md_rules.contains("disc-md-two-questions") && !md_rules.contains("goal-baseline"), "{md_rules}");
    let o = iepmeet(&["--db", db, "rules", "--type", "annual-review"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--type 'annual-review': expected one of"));
}
