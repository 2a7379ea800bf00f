//! Nothing raw leaves the program (issue 15): escape sequences (CSI, OSC 0/8/52, DCS, 8-bit C1),
//! C0 controls, bidi overrides and isolates and zero-width characters are planted with a plain
//! SQLite connection — as an older version, another tool or someone with the sqlite3 shell could
//! write them — in a student's record, a team member, a goal, and a minutes entry and its speaker.
//! Then every command that prints and every export runs through the real binary, and the TUI draws
//! the student and the meeting: no output holds a raw control byte, a C1 control, a bidi control or
//! a zero-width character.

mod common;

use std::process::Command;

use common::*;
use iepmeet::domain::meeting::Section;

/// One of each class.
const PAYLOAD: &str = concat!(
    "\u{1b}[2J\u{1b}[31m",                           // CSI: clear screen, red
    "\u{1b}]0;pwned title\u{7}",                     // OSC 0: window title
    "\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}",             // OSC 52: write the clipboard
    "\u{1b}]8;;https://evil.example\u{1b}\\x\u{1b}]8;;\u{1b}\\", // OSC 8: hyperlink
    "\u{1b}P1$qm\u{1b}\\",                           // DCS
    "\u{9b}31m",                                      // 8-bit CSI (C1)
    "\u{9d}0;c1 title\u{9c}",                         // 8-bit OSC (C1)
    "\u{202e}desrever\u{202c}",                       // bidi override
    "\u{2066}isolate\u{2069}",                        // bidi isolate
    "zero\u{200b}width\u{feff}",                      // zero-width
    "nul\u{0}bel\u{7}bs\u{8}del\u{7f}",               // C0 and DEL
);

/// The first forbidden character of `s`, if any (newline and tab are layout, allowed).
fn raw(s: &str) -> Option<(usize, char)> {
    s.char_indices().find(|(_, c)| {
        (c.is_control() && *c != '\n' && *c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{061c}' | '\u{180e}')
    })
}

fn assert_clean(what: &str, out: &[u8]) {
    let s = String::from_utf8_lossy(out);
    if let Some((i, c)) = raw(&s) {
        let from = s[..i].char_indices().rev().nth(30).map(|(j, _)| j).unwrap_or(0);
        panic!("{what}: raw U+{:04X} at byte {i}, after {:?}", c as u32, &s[from..i]);
    }
}

fn bin(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_iepmeet"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("IEPMEET_DB")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Plant the payload with a plain connection (no iepmeet code in the way).
fn plant(db: &std::path::Path) -> (i64, i64) {
    let c = rusqlite::Connection::open(db).unwrap();
    let (sid, mid): (i64, i64) = c
        .query_row("SELECT s.id, m.id FROM students s JOIN meetings m ON m.student_id = s.id WHERE s.local_id = 'DEMO-00001' AND m.status = 'open'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let p = format!("Ana{PAYLOAD}hostileword");
    for key in ["first_name", "last_name", "case_manager", "school", "parent_contact"] {
        c.execute(&format!("UPDATE students SET data = json_set(data, '$.{key}', ?1) WHERE id = ?2"), rusqlite::params![p, sid]).unwrap();
    }
    c.execute("UPDATE meeting_items SET data = json_set(data, '$.name', ?1) WHERE meeting_id = ?2 AND block = 'attendee'", rusqlite::params![p, mid]).unwrap();
    c.execute("UPDATE meeting_items SET data = json_set(data, '$.annual_goal', ?1) WHERE meeting_id = ?2 AND block = 'goal'", rusqlite::params![p, mid]).unwrap();
    c.execute(
        "INSERT INTO entries (meeting_id, section, kind, speaker, text, at, actor) VALUES (?1, 'attendance', 'note', ?2, ?3, '2026-11-22T10:00:00Z', 'tester')",
        rusqlite::params![mid, p, format!("{p} said hostileword\nsecond line {PAYLOAD}")],
    )
    .unwrap_or_else(|e| panic!("planting an entry: {e}"));
    (sid, mid)
}

#[test]
fn planted_escapes_never_leave_the_program_raw() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hostile.sqlite3");
    let o = bin(&db, &["demo", "--students", "4", "--seed", "1", "--today", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let (_sid, mid) = plant(&db);
    let m = mid.to_string();

    let mut runs: Vec<(String, Vec<&str>)> = vec![
        ("status".into(), vec!["status", "DEMO-00001"]),
        ("status --json".into(), vec!["status", "DEMO-00001", "--json"]),
        ("audit".into(), vec!["audit", "DEMO-00001"]),
        ("search".into(), vec!["search", "hostileword"]),
        ("due".into(), vec!["due", "--within", "3660"]),
        ("export students".into(), vec!["export", "students"]),
        ("info".into(), vec!["info"]),
        ("doctor".into(), vec!["doctor"]),
        ("verify".into(), vec!["verify"]),
    ];
    for f in ["md", "html", "json"] {
        runs.push((format!("export {f}"), vec!["export", &m, "--format", f]));
    }
    runs.push(("export md es".into(), vec!["export", &m, "--format", "md", "--lang", "es"]));
    for (what, args) in &runs {
        let o = bin(&db, args);
        assert_clean(&format!("{what} (stdout)"), &o.stdout);
        assert_clean(&format!("{what} (stderr)"), &o.stderr);
        assert!(!o.stdout.is_empty() || !o.stderr.is_empty(), "{what} printed nothing");
    }

    // JSON on standard output escapes what it keeps: the planted characters come back when parsed.
    let o = bin(&db, &["status", "DEMO-00001", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    assert!(v.to_string().contains("\\u202e") || v.to_string().contains('\u{202e}'), "{v}");
    // The search finds the planted entry and shows it cleaned.
    let o = bin(&db, &["search", "hostileword"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("hostileword"), "{}", String::from_utf8_lossy(&o.stdout));

    // Files: Markdown, HTML, JSON and the text of the PDF.
    for f in ["md", "html", "json", "pdf"] {
        let out = dir.path().join(format!("m.{f}"));
        let o = bin(&db, &["export", &m, "--format", f, "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(&out).unwrap();
        if f == "pdf" {
            let text = pdf_pages(&bytes).join("\n");
            assert!(text.contains("hostileword"), "the planted entry is in the PDF's text:\n{text}");
            assert_clean("pdf text", text.as_bytes());
        } else {
            assert_clean(&format!("{f} file"), &bytes);
        }
    }
    // The JSON document keeps what was stored (escaped), and `check` reads it back and prints it clean.
    let json = dir.path().join("m.json");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert!(doc["student"]["first_name"].as_str().unwrap().contains('\u{202e}'), "JSON escapes, it does not drop");
    for args in [vec!["check", json.to_str().unwrap()], vec!["check", json.to_str().unwrap(), "--json"]] {
        let o = bin(&db, &args);
        assert_clean("check", &o.stdout);
        assert_clean("check (stderr)", &o.stderr);
    }

    // The TUI: the student and the meeting, drawn at two sizes.
    let store = iepmeet::store::Store::open(&db).unwrap();
    let mut a = app(store);
    a.open_meeting(mid, Section::Attendance).unwrap();
    for (w, h) in [(80, 24), (160, 50)] {
        assert_clean(&format!("TUI meeting {w}x{h}"), screen(&a, w, h).as_bytes());
    }
    a.go_caseload().unwrap();
    assert_clean("TUI caseload", screen(&a, 120, 40).as_bytes());
}

#[test]
fn hostile_arguments_and_documents_are_echoed_clean() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.sqlite3");
    // Arguments cannot hold NUL (the OS ends them there): everything else of the payload.
    let bad = format!("x{}", PAYLOAD.replace('\u{0}', ""));
    for args in [
        vec!["--today", bad.as_str(), "due"],
        vec!["policy", bad.as_str()],
        vec!["status", bad.as_str()],
        vec!["search", bad.as_str()],
        vec!["export", bad.as_str()],
        vec!["export", "1", "--format", bad.as_str()],
    ] {
        let o = bin(&db, &args);
        assert_clean(&format!("{args:?} stdout"), &o.stdout);
        assert_clean(&format!("{args:?} stderr"), &o.stderr);
    }
    // A document whose keys and values carry the payload: check names them, cleaned.
    let doc = format!(r#"{{"format":"iepmeet-meeting/1","meeting":{{"type":"annual","{k}":1}},"student":{{}}}}"#, k = serde_json::to_string(&bad).unwrap().trim_matches('"'));
    let f = dir.path().join("doc.json");
    std::fs::write(&f, doc).unwrap();
    let o = bin(&db, &["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_clean("check: hostile key", &o.stderr);
    assert_clean("check: hostile key (stdout)", &o.stdout);
    let doc = format!(r#"{{"format":"iepmeet-meeting/1","meeting":{{"type":{v}}},"student":{{}}}}"#, v = serde_json::to_string(&bad).unwrap());
    std::fs::write(&f, doc).unwrap();
    let o = bin(&db, &["check", f.to_str().unwrap()]);
    assert_clean("check: hostile value", &o.stderr);
}

#[test]
fn roster_cells_a_spreadsheet_would_evaluate_are_exported_as_text_and_read_back_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("csv.sqlite3");
    let o = bin(&db, &["demo", "--students", "2", "--seed", "1", "--today", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(0));
    let c = rusqlite::Connection::open(&db).unwrap();
    let formulas = ["=cmd|' /C calc'!A0", "+SUM(1)", "@HYPERLINK(\"http://evil.example\")", "-2+3"];
    for (i, key) in ["last_name", "first_name", "school", "case_manager"].iter().enumerate() {
        c.execute(&format!("UPDATE students SET data = json_set(data, '$.{key}', ?1) WHERE local_id = 'DEMO-00001'"), [formulas[i]]).unwrap();
    }
    drop(c);
    let out = dir.path().join("roster.csv");
    let o = bin(&db, &["export", "students", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let cells: Vec<String> = rdr.records().flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>()).collect();
    for f in formulas {
        assert!(cells.contains(&format!("'{f}")), "{f} exported as text: {text}");
        assert!(!cells.iter().any(|c| c == f), "{f} exported raw");
    }
    // Read back, the apostrophe goes: the record is what was stored.
    let o = bin(&db, &["import", "students", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("2 unchanged"), "{}", String::from_utf8_lossy(&o.stdout));
    // An export never overwrites: the same file again is refused, and the file is unchanged.
    let o = bin(&db, &["export", "students", "-o", out.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exists"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
}

#[cfg(unix)]
#[test]
fn an_export_never_follows_a_symlink_and_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    assert_eq!(bin(&db, &["demo", "--students", "1", "--seed", "1", "--today", "2026-11-22"]).status.code(), Some(0));
    // A link planted where the export goes, pointing at a file someone wants overwritten.
    let target = dir.path().join("victim.txt");
    std::fs::write(&target, "keep me").unwrap();
    let link = dir.path().join("out.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = bin(&db, &["export", "1", "--format", "md", "-o", link.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me", "the link was not followed");
    // A dangling link is not followed either (it would create the target).
    let dangling = dir.path().join("dangling.md");
    std::os::unix::fs::symlink(dir.path().join("created-elsewhere.md"), &dangling).unwrap();
    assert_ne!(bin(&db, &["export", "1", "--format", "md", "-o", dangling.to_str().unwrap()]).status.code(), Some(0));
    assert!(!dir.path().join("created-elsewhere.md").exists());
    // A new file is the owner's alone, whatever the umask.
    let fresh = dir.path().join("fresh.md");
    assert_eq!(bin(&db, &["export", "1", "--format", "md", "-o", fresh.to_str().unwrap()]).status.code(), Some(0));
    assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o600);
}
