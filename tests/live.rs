//! Two app instances on one database file (as two terminals would be): live updates, presence, and
//! no silent overwrite when both edit the same field.

mod common;

use common::*;
use crossterm::event::KeyCode;
use iepmeet::domain::meeting::{Block, Section};
use iepmeet::store::Store;
use iepmeet::ui::app::{App, Modal, Screen};
use std::time::{Duration, Instant};


fn two_apps() -> (App, App, i64, tempfile::TempDir) {
    let (dir, db) = shared_demo_db();
    let mid = Store::open(&db).unwrap().meetings_for(1).unwrap()[0].id;
    let mut a = app(Store::open(&db).unwrap());
    let mut b = app(Store::open(&db).unwrap());
    a.open_meeting(mid, Section::Attendance).unwrap();
    b.open_meeting(mid, Section::Attendance).unwrap();
    (a, b, mid, dir)
}

/// Let an app do its periodic work as if `secs` had passed.
fn later(a: &mut App, secs: f64) {
    a.tick(Instant::now() + Duration::from_secs_f64(secs));
}

fn location(a: &App) -> String {
    let Screen::Meeting(m) = &a.screen else { panic!() };
    m.meeting.details().location
}

#[test]
fn the_other_sees_entries_without_a_key_press_and_keeps_their_typing() {
    let (mut a, mut b, _mid, _dir) = two_apps();
    // A is typing; B records an entry.
    a.on_key(key('m'));
    type_str(&mut a, "half-typed");
    b.on_key(key('m'));
    type_str(&mut b, "/d agreed on the goal");
    b.on_key(code(KeyCode::Enter));
    later(&mut a, 1.0);
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.meeting.entries.len(), 1, "A re-read the meeting");
    assert_eq!(m.minutes_text(), "half-typed", "A's typing is untouched");
    assert!(screen(&a, 100, 30).contains("DECN agreed on the goal"));
    // Presence: each sees the other after a heartbeat.
    later(&mut b, 3.0);
    later(&mut a, 4.0);
    later(&mut b, 5.0);
    assert!(screen(&a, 100, 30).contains("also here:"), "{}", screen(&a, 100, 30));
}

#[test]
fn a_field_edited_by_both_shows_both_values() {
    let (mut a, mut b, mid, _dir) = two_apps();
    // Both open the Location editor (third row of the Meeting form).
    for x in [&mut a, &mut b] {
        x.on_key(key('j'));
        x.on_key(key('j'));
        x.on_key(code(KeyCode::Enter));
        x.on_key(ctrl('u'));
    }
    type_str(&mut a, "Room A");
    a.on_key(code(KeyCode::Enter));
    later(&mut b, 1.0); // B's screen now shows A's value underneath the open editor
    type_str(&mut b, "Room B");
    b.on_key(code(KeyCode::Enter));
    let Some(Modal::Conflict { theirs, mine, .. }) = b.modals.last() else { panic!("no conflict shown: {}", screen(&b, 100, 30)) };
    assert_eq!((theirs.as_str(), mine.as_str()), ("Room A", "Room B"));
    assert!(screen(&b, 100, 30).contains("Edited by two people"));
    // Choosing mine saves it; theirs stays in the audit trail.
    b.on_key(key('j'));
    b.on_key(code(KeyCode::Enter));
    assert_eq!(location(&b), "Room B");
    let audit = b.store.audit_for(1).unwrap();
    assert!(audit.iter().any(|r| r.after.as_deref().is_some_and(|x| x.contains("Room A"))));
    let _ = mid;
}

#[test]
fn a_stale_save_is_caught_by_the_row_version_and_merged_when_fields_differ() {
    let (mut a, mut b, _mid, _dir) = two_apps();
    // A opens Location; B changes the start time (another field of the same form) and A does not
    // poll before saving: the store refuses A's stale version, A re-reads and applies its change on top.
    a.on_key(key('j'));
    a.on_key(key('j'));
    a.on_key(code(KeyCode::Enter));
    a.on_key(ctrl('u'));
    b.on_key(key('j'));
    b.on_key(code(KeyCode::Enter));
    b.on_key(ctrl('u'));
    type_str(&mut b, "15:45");
    b.on_key(code(KeyCode::Enter));
    type_str(&mut a, "Library");
    a.on_key(code(KeyCode::Enter));
    assert!(a.modals.is_empty(), "{}", screen(&a, 100, 30));
    let m = a.store.load_meeting(1).unwrap();
    let d = m.details();
    assert_eq!(d.location, "Library");
    assert_eq!(d.start_time.unwrap().format("%H:%M").to_string(), "15:45", "B's change kept");
    // The same field, stale, without polling: both values are shown. (Each form has led on to
    // its next field to fill since; both open Location again.)
    let location = iepmeet::ui::app::Target::Single { block: Block::Details, key: "location" };
    b.open_editor(location.clone());
    b.on_key(ctrl('u'));
    a.open_editor(location);
    a.on_key(ctrl('u'));
    type_str(&mut a, "Gym");
    a.on_key(code(KeyCode::Enter));
    type_str(&mut b, "Cafeteria");
    b.on_key(code(KeyCode::Enter));
    assert!(matches!(b.modals.last(), Some(Modal::Conflict { .. })), "{}", screen(&b, 100, 30));
    assert_eq!(b.store.load_meeting(1).unwrap().details().location, "Gym", "nothing overwritten yet");
    let _ = Block::Details;
}

#[test]
fn each_person_resumes_their_own_place() {
    let (_dir, db) = shared_demo_db();
    let mid = Store::open(&db).unwrap().meetings_for(1).unwrap()[0].id;
    let mut alice = app(Store::open(&db).unwrap().with_actor("alice"));
    alice.open_meeting(mid, Section::Goals).unwrap();
    alice.run_pending();
    drop(alice);
    // Bob starts where Bob left off (nowhere yet: the caseload), not in Alice's meeting.
    let bob = app(Store::open(&db).unwrap().with_actor("bob"));
    assert!(matches!(bob.screen, Screen::Caseload(_)));
    // Alice comes back to her meeting and section.
    let mut alice = app(Store::open(&db).unwrap().with_actor("alice"));
    let Screen::Meeting(m) = &alice.screen else { panic!("alice did not resume") };
    assert_eq!((m.meeting.id, m.section), (mid, Section::Goals));
    // ... and to the pane she was in, which the notice names.
    alice.on_key(code(KeyCode::Char('f')));
    assert_eq!(alice.pane(), iepmeet::ui::app::Pane::Findings);
    drop(alice);
    let alice = app(Store::open(&db).unwrap().with_actor("alice"));
    assert_eq!(alice.pane(), iepmeet::ui::app::Pane::Findings);
    assert!(alice.message.as_ref().is_some_and(|(_, t)| t.contains("Goals; in the findings")), "{:?}", alice.message);
}

#[test]
fn the_caseload_follows_others_changes() {
    let (_dir, db) = shared_demo_db();
    let mut a = app(Store::open(&db).unwrap().with_actor("alice"));
    let Screen::Caseload(c) = &a.screen else { panic!() };
    assert_eq!(c.total, 3);
    // Someone else adds a student.
    let mut other = Store::open(&db).unwrap();
    let s = iepmeet::domain::student::Student { last_name: "Newcomb".into(), first_name: "Ivy".into(), local_id: "NEW-1".into(), ..Default::default() };
    other.insert_student(&s).unwrap();
    later(&mut a, 1.0);
    let Screen::Caseload(c) = &a.screen else { panic!() };
    assert_eq!(c.total, 4, "{}", screen(&a, 100, 30));
    assert!(screen(&a, 100, 30).contains("Newcomb"));
}
