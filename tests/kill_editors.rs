//! The real binary in a pseudo-terminal, stopped with SIGKILL, SIGHUP (the terminal goes away, as
//! when an SSH connection drops) and SIGTERM inside each kind of editor: a one-line field, a text
//! field, a field of an item form, a name typed in the team list, an amendment's new value, an amendment's reason, a new student's
//! first field, the minutes composer and a Ctrl-E correction. On reopen every typed character is
//! back in the open editor, and no value of the record changed (a draft is never the value).
//! Prints the figure the README quotes: characters typed vs recovered.
#![allow(clippy::disallowed_macros)] // the test's own report of what it recovered, not program output

mod common;

use common::tmux::{demo_db, Tmux};
use std::path::Path;
use std::thread::sleep;
use std::time::Duration;

/// Everything that is the record (not drafts, presence or where someone left off).
fn record(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let q = |sql: &str| -> String { c.query_row(sql, [], |r| r.get::<_, Option<String>>(0)).unwrap().unwrap_or_default() };
    [
        q("SELECT group_concat(id || ':' || version || ':' || data, '|') FROM (SELECT * FROM meeting_items ORDER BY id)"),
        q("SELECT group_concat(id || ':' || version || ':' || data, '|') FROM (SELECT * FROM students ORDER BY id)"),
        q("SELECT group_concat(id || ':' || version || ':' || text, '|') FROM (SELECT * FROM entries ORDER BY id)"),
        q("SELECT group_concat(id || ':' || after || ':' || reason, '|') FROM (SELECT * FROM amendments ORDER BY id)"),
        q("SELECT group_concat(id || ':' || status, '|') FROM (SELECT * FROM meetings ORDER BY id)"),
    ]
    .join("\n")
}

#[derive(Clone, Copy, Debug)]
enum Editor {
    OneLine,
    Text,
    ItemForm,
    TeamName,
    AmendValue,
    AmendReason,
    NewStudent,
    Composer,
    Correction,
}

const ALL: [Editor; 9] =
    [Editor::OneLine, Editor::Text, Editor::ItemForm, Editor::TeamName, Editor::AmendValue, Editor::AmendReason, Editor::NewStudent, Editor::Composer, Editor::Correction];

/// Get into the editor and type; returns the text that must come back, and what else the screen
/// must show then.
fn type_into(t: &Tmux, db: &Path, e: Editor) -> (String, &'static str) {
    if matches!(e, Editor::AmendValue | Editor::AmendReason) {
        let mut s = iepmeet::store::Store::open(db).unwrap();
        let mid = s.meetings_for(1).unwrap()[0].id;
        s.finalize_meeting(mid, chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()).unwrap();
    }
    t.start(db);
    t.open_demo_meeting();
    let text = format!("Typed in the {e:?} editor when stopped 4417");
    match e {
        Editor::OneLine | Editor::AmendValue | Editor::AmendReason => {
            t.keys(&["j", "j", "Enter"]);
            t.wait_for(if matches!(e, Editor::OneLine) { "Location — Enter save" } else { "Amendment: the new value" });
            t.keys(&["C-u"]);
            if matches!(e, Editor::AmendReason) {
                t.text("Room 9");
                t.keys(&["Enter"]);
                t.wait_for("how it was agreed");
                t.keys(&["Enter"]);
                t.wait_for("reason for the change");
            }
        }
        Editor::Text => {
            t.keys(&["6", "Enter"]);
            t.wait_for("Ctrl-S save");
        }
        Editor::ItemForm => {
            t.keys(&["a"]);
            t.wait_for("Who is here");
            t.keys(&["End", "Enter"]); // someone not in the team list: a blank member
            t.wait_for("Enter edits a field");
            t.keys(&["Enter"]);
            t.wait_for("Enter save");
        }
        // A name typed in the team list, for someone it does not offer.
        Editor::TeamName => {
            t.keys(&["a"]);
            t.wait_for("Who is here");
        }
        Editor::NewStudent => {
            t.keys(&["q"]);
            t.wait_for("Student —");
            t.keys(&["q"]);
            t.wait_for("Caseload —");
            t.keys(&["a"]);
            t.wait_for("Last name — Enter save");
        }
        Editor::Composer => t.keys(&["m"]),
        Editor::Correction => {
            t.keys(&["m"]);
            t.text("First version of the note");
            t.keys(&["Enter"]);
            t.wait_for("Recorded: Note");
            t.keys(&["C-e"]);
            t.wait_for("Correcting your last entry");
            for _ in 0.."First version of the note".len() {
                t.keys(&["BSpace"]);
            }
        }
    }
    t.text(&text);
    t.wait_for("4417");
    let also = match e {
        Editor::AmendValue => "Amendment: the new value",
        Editor::AmendReason => "Amendment: reason for the change",
        Editor::Correction => "correcting:",
        Editor::NewStudent => "Last name",
        Editor::Composer => "Enter records",
        Editor::TeamName => "Who is here",
        _ => "not saved until you confirm",
    };
    (text, also)
}


/// One signal, every editor: (characters typed, characters recovered).
fn run(how: &str) -> (usize, usize) {
    let (mut typed, mut back) = (0, 0);
    let mut lost = Vec::new();
    for e in ALL {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let t = Tmux::new(&format!("{how}-{e:?}"));
        let (text, also) = type_into(&t, &db, e);
        let before = record(&db);
        t.stop(&db, how, Duration::from_secs(3));
        let t = Tmux::new(&format!("{how}-{e:?}-again"));
        t.start(&db);
        typed += text.chars().count();
        // A capture can catch a frame half drawn: wait until the whole of it is there (or time out).
        let start = std::time::Instant::now();
        let mut s = t.wait_for_within("4417", Duration::from_secs(10));
        while !(s.contains(&text) && s.contains(also)) && start.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(100));
            s = t.screen();
        }
        if s.contains(&text) && s.contains(also) {
            back += text.chars().count();
        } else {
            lost.push(format!("{e:?}: {also:?} / {text:?} not on screen:\n{s}"));
        }
        assert_eq!(record(&db), before, "{how} in {e:?}: a value of the record changed");
        t.keys(&["C-c"]);
        sleep(Duration::from_millis(200));
    }
    assert!(lost.is_empty(), "{how}: {}", lost.join("\n"));
    (typed, back)
}

#[test]
fn sigkill_in_every_editor_loses_nothing_and_changes_nothing() {
    let (typed, back) = run("SIGKILL");
    println!("SIGKILL: {back} of {typed} typed characters recovered in {} editors", ALL.len());
}

#[test]
fn sighup_in_every_editor_loses_nothing_and_changes_nothing() {
    let (typed, back) = run("SIGHUP");
    println!("SIGHUP: {back} of {typed} typed characters recovered in {} editors", ALL.len());
}

#[test]
fn sigterm_in_every_editor_loses_nothing_and_changes_nothing() {
    let (typed, back) = run("SIGTERM");
    println!("SIGTERM: {back} of {typed} typed characters recovered in {} editors", ALL.len());
}
