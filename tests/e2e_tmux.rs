//! End to end: the real binary in a pseudo-terminal (tmux). Create a student and a meeting, fill one
//! field and type a note in each of the seven sections, quit, reopen, and find everything.

mod common;

use common::tmux::Tmux;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

#[test]
fn a_whole_meeting_survives_quit_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("e2e.sqlite3");
    // A new user: the first-run tour comes first, once.
    let t = Tmux::with_config("main", "");
    t.start(&db);
    t.wait_for("Tour — Welcome to iepmeet");
    t.keys(&["Enter"]);
    let s = t.wait_for("Tour — Moving around");
    assert!(s.contains("j/↓ down"), "the tour names the keys as bound:\n{s}");
    t.keys(&["Escape"]);
    t.wait_for("How would you like to start?");
    t.keys(&["e"]);
    t.wait_for("Empty caseload");
    // a student
    t.keys(&["a"]);
    t.wait_for("Last name — Enter save");
    t.text("Testington");
    t.keys(&["Enter"]);
    t.wait_for("Student — Testington");
    // a meeting
    t.keys(&["n"]);
    t.wait_for("Start a meeting");
    t.keys(&["Enter"]); // Annual review is preselected
    t.wait_for("Annual review started");

    // A minutes entry: typed, recorded with Enter (timestamped), then back to the forms.
    let note = |t: &Tmux, text: &str| {
        t.keys(&["m"]);
        t.text(text);
        t.keys(&["Enter"]);
        t.wait_for("Recorded: Note");
        t.keys(&["Escape"]);
        t.wait_for(text);
    };
    // 1 Attendance: add a team member
    t.keys(&["a"]);
    t.wait_for("Who is here");
    t.keys(&["End", "Enter"]); // someone not in the team list
    t.wait_for("Team member 1");
    t.keys(&["Enter"]);
    t.text("Pat Example");
    t.keys(&["Enter", "Escape"]);
    t.wait_for("1. Pat Example");
    note(&t, "Attendance note ATT1");
    // 2 Excusals: add an excused member
    t.keys(&["2", "a"]);
    t.wait_for("Excusal 1");
    t.keys(&["Enter"]);
    t.text("Dr. Excused");
    t.keys(&["Enter", "Escape"]);
    t.wait_for("1. Dr. Excused");
    note(&t, "Excusal note EXC2");
    // 3 Present levels: eligibility yes (a pick list)
    t.keys(&["3", "Enter"]);
    t.wait_for("Eligible for special education — Enter chooses");
    t.keys(&["Enter"]);
    t.wait_for("Saved");
    note(&t, "Present levels note PL3");
    // 4 Goals: progress report method
    t.keys(&["4", "Enter"]);
    t.wait_for("Report method — Enter chooses");
    t.keys(&["Enter"]);
    t.wait_for("With grade reports");
    note(&t, "Goals note GOAL4");
    // 5 Services: a service line (Enter on "add service", then its kind)
    t.keys(&["5", "Enter"]);
    t.wait_for("Service 1");
    t.keys(&["Enter"]);
    t.wait_for("Service — Enter chooses");
    t.keys(&["Enter"]);
    t.wait_for("Saved");
    t.keys(&["Escape"]);
    t.wait_for("1. Specialized academic instruction");
    note(&t, "Services note SVC5");
    // 6 Transition: a multi-line field saved with Ctrl-S
    t.keys(&["6", "Enter"]);
    t.wait_for("Ctrl-S save");
    t.text("Attend community college");
    t.keys(&["C-s"]);
    t.wait_for("Saved");
    note(&t, "Transition note TR6");
    // 7 Consent: safeguards received; type a note and quit while still typing
    t.keys(&["7", "Enter"]);
    t.wait_for("Procedural safeguards received — Enter chooses");
    t.keys(&["Enter"]);
    t.wait_for("Saved");
    t.keys(&["m"]);
    t.text("Consent note CON7 typed just before quitting");
    t.keys(&["C-c"]);
    let start = Instant::now();
    while t.alive() {
        assert!(start.elapsed() < Duration::from_secs(3), "process did not exit after Ctrl-C");
        sleep(Duration::from_millis(50));
    }

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&db).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(db.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
    }

    // Reopen: same meeting, same section, every character (the unrecorded text back in the editor).
    t.start(&db);
    let s = t.wait_for("Resumed where you left off");
    assert!(s.contains("Consent note CON7 typed just before quitting"), "{s}");
    assert!(s.contains("─ Enter records: Note"), "the draft is back in the composer, not yet recorded:\n{s}");
    assert!(s.contains("Minutes — Consent"), "{s}");
    assert!(s.contains("Procedural safeguards") && s.contains("yes"), "{s}");
    // The focus is back in the minutes (where the text is): typing goes on there; Esc leaves them.
    assert!(s.contains("▶ Minutes — Consent"), "the focus is not in the minutes:\n{s}");
    t.keys(&["Escape"]);
    for (key, field, note) in [
        ("1", "1. Pat Example", "Attendance note ATT1"),
        ("2", "1. Dr. Excused", "Excusal note EXC2"),
        ("3", "Eligible for special", "Present levels note PL3"),
        ("4", "With grade reports", "Goals note GOAL4"),
        ("5", "1. Specialized academic instruction", "Services note SVC5"),
        ("6", "Attend community college", "Transition note TR6"),
    ] {
        t.keys(&[key]);
        let s = t.wait_for(note);
        assert!(s.contains(field), "section {key}: {field:?} missing:\n{s}");
        // The field under the cursor is shown whole, its value beside its label.
        let value = match key {
            "3" => Some("yes"),
            _ => None,
        };
        if let Some(v) = value {
            assert!(s.lines().any(|l| l.contains(field) && l.contains(&format!(" {v} "))), "section {key}: {field} {v}:\n{s}");
        }
        assert!(s.contains(&format!("NOTE {note}")), "section {key}: entry not listed:\n{s}");
    }
    t.keys(&["C-c"]);
    let start = Instant::now();
    while t.alive() {
        assert!(start.elapsed() < Duration::from_secs(3), "process did not exit after Ctrl-C");
        sleep(Duration::from_millis(50));
    }
    // The recorded minutes are searchable and in the exported record.
    let bin = env!("CARGO_BIN_EXE_iepmeet");
    let out = Command::new(bin).args(["--db", db.to_str().unwrap(), "search", "GOAL4"]).output().unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Goals"), "{out:?}");
    let out = Command::new(bin).args(["--db", db.to_str().unwrap(), "export", "1", "--format", "md"]).output().unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    for n in ["ATT1", "EXC2", "PL3", "GOAL4", "SVC5", "TR6"] {
        assert!(md.contains(n), "export lacks {n}");
    }
    assert!(!md.contains("CON7"), "a draft is not part of the record until recorded");
}
