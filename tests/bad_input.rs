//! Bad input is refused with a specific message on screen, and nothing is saved.

mod common;

use common::*;
use crossterm::event::KeyCode;
use iepmeet::domain::meeting::{Block, Section};
use iepmeet::ui::app::{Modal, Screen};

fn open_demo_meeting() -> (iepmeet::ui::app::App, i64) {
    let store = demo_store(5);
    let mid = store.meetings_for(1).unwrap()[0].id;
    let mut a = app(store);
    a.open_meeting(mid, Section::Attendance).unwrap();
    (a, mid)
}

#[test]
fn malformed_meeting_date_refused() {
    let (mut a, mid) = open_demo_meeting();
    let before = a.store.load_meeting(mid).unwrap().date();
    a.on_key(code(KeyCode::Enter)); // first row: Meeting date
    type_str(&mut a, "2026-13-45");
    a.on_key(code(KeyCode::Enter));
    let s = screen(&a, 80, 24);
    assert!(s.contains("Not saved"), "{s}");
    assert!(s.contains("'2026-13-45' is not a valid date"), "{s}");
    assert!(matches!(a.modals.last(), Some(Modal::Edit { .. })), "the editor stays open with the text");
    assert_eq!(a.store.load_meeting(mid).unwrap().date(), before, "nothing saved");
    // correcting it saves
    a.on_key(ctrl('u'));
    type_str(&mut a, "11/24/2026");
    a.on_key(code(KeyCode::Enter));
    assert!(a.modals.is_empty());
    assert_eq!(a.store.load_meeting(mid).unwrap().date().unwrap().to_string(), "2026-11-24");
}

#[test]
fn impossible_dob_refused() {
    let store = demo_store(5);
    let mut a = app(store);
    a.on_key(code(KeyCode::Enter)); // open first student
    let Screen::Student(s) = &a.screen else { panic!("student screen") };
    let (id, dob) = (s.id, s.student.dob);
    for _ in 0..4 {
        a.on_key(key('j')); // to Date of birth
    }
    a.on_key(code(KeyCode::Enter));
    type_str(&mut a, "2031-01-01");
    a.on_key(code(KeyCode::Enter));
    let text = screen(&a, 80, 24);
    assert!(text.contains("2031-01-01 is in the future"), "{text}");
    a.on_key(ctrl('u'));
    type_str(&mut a, "1901-05-05");
    a.on_key(code(KeyCode::Enter));
    let text = screen(&a, 80, 24);
    assert!(text.contains("gives an age of 125"), "{text}");
    a.on_key(code(KeyCode::Esc));
    assert_eq!(a.store.student(id).unwrap().dob, dob, "nothing saved");
}

#[test]
fn non_numeric_duration_refused() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('5')); // services
    a.on_key(key('a')); // add a service: its form opens
    let Some(Modal::Form { block: Block::Services, id, .. }) = a.modals.last() else { panic!("form open") };
    let id = *id;
    let dur = Block::Services.new_record().as_record().specs().iter().position(|s| s.key == "duration").unwrap();
    for _ in 0..dur {
        a.on_key(key('j'));
    }
    a.on_key(code(KeyCode::Enter));
    type_str(&mut a, "thirty");
    a.on_key(code(KeyCode::Enter));
    let text = screen(&a, 80, 24);
    assert!(text.contains("'thirty' is not a whole"), "{text}");
    let stored = a.store.load_meeting(mid).unwrap();
    assert_eq!(stored.find_item(Block::Services, id).unwrap().1.record.as_record().get("duration"), "", "nothing saved");
    a.on_key(ctrl('u'));
    type_str(&mut a, "45");
    a.on_key(code(KeyCode::Enter));
    let stored = a.store.load_meeting(mid).unwrap();
    assert_eq!(stored.find_item(Block::Services, id).unwrap().1.record.as_record().get("duration"), "45");
}

#[test]
fn control_characters_typed_or_pasted_are_removed() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('a')); // add attendee: the team list, then someone not in it
    a.on_key(code(KeyCode::End));
    a.on_key(code(KeyCode::Enter));
    a.on_key(code(KeyCode::Enter)); // Name
    a.on_paste("Pat\u{1b}[31m Example\u{7}");
    a.on_key(code(KeyCode::Enter));
    let m = a.store.load_meeting(mid).unwrap();
    let last = m.block(Block::Attendees).last().unwrap();
    assert_eq!(last.record.as_record().get("name"), "Pat Example");
}

#[test]
fn huge_paste_into_minutes_refused() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('m'));
    // One character over the limit of one minutes entry.
    a.on_paste(&"x".repeat(iepmeet::domain::minutes::MAX_ENTRY + 1));
    let text = screen(&a, 80, 24);
    assert!(text.contains("Paste refused"), "{text}");
    a.flush_minutes();
    assert!(a.store.load_meeting(mid).unwrap().entries.is_empty());
    assert_eq!(a.store.draft(mid, Section::Attendance).unwrap(), None);
}

#[test]
fn empty_new_item_is_not_kept() {
    let (mut a, mid) = open_demo_meeting();
    let n = a.store.load_meeting(mid).unwrap().block(Block::Attendees).len();
    a.on_key(key('a'));
    a.on_key(code(KeyCode::Esc));
    assert_eq!(a.store.load_meeting(mid).unwrap().block(Block::Attendees).len(), n);
}

#[test]
fn delete_needs_confirmation() {
    let (mut a, mid) = open_demo_meeting();
    let n = a.store.load_meeting(mid).unwrap().block(Block::Attendees).len();
    // down past the meeting, notice and participation fields to the first attendee
    while !matches!(&a.screen, Screen::Meeting(m) if m.current_row() == Some(iepmeet::ui::app::Row::Item(Block::Attendees, m.meeting.block(Block::Attendees)[0].id))) {
        a.on_key(key('j'));
    }
    a.on_key(key('d'));
    a.on_key(key('n'));
    assert_eq!(a.store.load_meeting(mid).unwrap().block(Block::Attendees).len(), n);
    a.on_key(key('d'));
    a.on_key(key('y'));
    assert_eq!(a.store.load_meeting(mid).unwrap().block(Block::Attendees).len(), n - 1);
}

#[test]
fn finalized_meeting_refuses_edits_in_the_ui() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('F'));
    confirm_finalize(&mut a);
    assert!(!a.store.load_meeting(mid).unwrap().is_open());
    a.on_key(key('a'));
    assert!(screen(&a, 80, 24).contains("finalized"));
    let n = a.store.load_meeting(mid).unwrap().entries.len();
    a.on_key(key('m'));
    a.on_key(key('z'));
    a.on_key(code(KeyCode::Enter));
    a.flush_minutes();
    assert_eq!(a.store.load_meeting(mid).unwrap().entries.len(), n);
    assert_eq!(a.store.draft(mid, Section::Attendance).unwrap(), None);
}

#[test]
fn minutes_autosave_after_a_pause() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('m'));
    type_str(&mut a, "Parent shared concerns.");
    // Saved at the next tick of the event loop (the loop ticks after every key).
    a.tick(std::time::Instant::now() + iepmeet::ui::app::AUTOSAVE_AFTER);
    assert_eq!(a.store.draft(mid, Section::Attendance).unwrap().as_deref(), Some("Parent shared concerns."));
    assert!(iepmeet::ui::app::AUTOSAVE_AFTER <= std::time::Duration::from_secs(1));
    // Enter records it as a timestamped entry and clears the draft.
    a.on_key(code(KeyCode::Enter));
    let m = a.store.load_meeting(mid).unwrap();
    assert_eq!(m.minutes_text(Section::Attendance), "Parent shared concerns.");
    assert!(!m.entries[0].at.is_empty() && !m.entries[0].actor.is_empty());
    assert_eq!(a.store.draft(mid, Section::Attendance).unwrap(), None);
}

/// What was typed is what is stored, whatever the width of the terminal it was typed in: wrapping
/// is display only. The same 300-character action item and the same text-field value typed at 80,
/// 120 and 200 columns give byte-identical stored text with no newline, and the trailing `due` is
/// read at every width (it used to be lost when it landed on a wrapped line).
#[test]
fn text_is_stored_as_typed_at_every_width() {
    let body = "send the family the draft goals with the reading fluency baseline, the writing sample rubric, \
                the schedule of speech sessions, the bus information for next semester and the contact list \
                for the after-school tutoring program, and confirm the date of the thirty-day review meeting";
    let entry = format!("/a @alvarez {body} due 2026-12-01");
    assert!(entry.chars().count() >= 300, "{}", entry.chars().count());
    let field = "Parent reports that the student reads every evening for twenty minutes and asks for help with longer words at home; \
                 she enjoys graphic novels, drawing and soccer, and is interested in animal care as a career one day.";
    let mut stored = Vec::new();
    for width in [80u16, 120, 200] {
        let (mut a, mid) = open_demo_meeting();
        a.width = width;
        a.on_key(key('m'));
        type_str(&mut a, &entry);
        // The screen wraps it, on every width, without changing it.
        let shown = screen(&a, width, 30);
        assert!(shown.contains("2026-12-01"), "{width}: {shown}");
        a.on_key(code(KeyCode::Enter));
        let m = a.store.load_meeting(mid).unwrap();
        let e = m.entries.last().unwrap_or_else(|| panic!("{width}: not recorded: {}", screen(&a, width, 30)));
        assert!(!e.text.contains('\n'), "{width}: {:?}", e.text);
        assert_eq!(e.due.map(|d| d.to_string()).as_deref(), Some("2026-12-01"), "{width}: the due date was lost");
        // A long text field, typed the same way.
        a.on_key(code(KeyCode::Esc));
        a.open_editor(iepmeet::ui::app::Target::Single { block: Block::PresentSummary, key: "strengths" });
        type_str(&mut a, field);
        let shown = screen(&a, width, 30);
        assert!(shown.contains("soccer"), "{width}: {shown}");
        a.on_key(ctrl('s'));
        let m = a.store.load_meeting(mid).unwrap();
        let v = m.block(Block::PresentSummary)[0].record.as_record().get("strengths");
        stored.push((e.text.clone(), v));
    }
    assert_eq!(stored[0].0, body);
    assert_eq!(stored[0].1, field);
    assert!(stored.iter().all(|s| *s == stored[0]), "{stored:#?}");
}

#[test]
fn an_invalid_value_being_typed_at_exit_comes_back_in_its_editor() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(code(KeyCode::Enter)); // Meeting date
    a.on_key(ctrl('u'));
    type_str(&mut a, "2026-02-30");
    a.shutdown(); // as on SIGHUP: the value is not valid, so it cannot be saved
    let before = a.store.load_meeting(mid).unwrap().date();
    let store = a.store.into_inner();
    let b = iepmeet::ui::app::App::new(store, iepmeet::ui::theme::Theme::monochrome(), today()).unwrap();
    let Some(Modal::Edit { area, label, .. }) = b.modals.last() else { panic!("no editor: {}", screen(&b, 80, 24)) };
    assert_eq!(area.lines().join("\n"), "2026-02-30");
    assert_eq!(*label, "Meeting date");
    assert!(screen(&b, 80, 24).contains("Your unsaved text is back; not saved until you confirm"), "{}", screen(&b, 80, 24));
    assert_eq!(b.store.load_meeting(mid).unwrap().date(), before, "nothing invalid was saved");
}
