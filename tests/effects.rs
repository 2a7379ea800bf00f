//! The UI as Action → update → Effect: an action changes the state and asks for writes; nothing
//! is written until the effects are run, and their answers finish the step.

mod common;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use iepmeet::domain::meeting::Section;
use iepmeet::ui::action::Action;
use iepmeet::ui::app::{Modal, Pane, Screen};
use iepmeet::ui::effects::Io;

fn open_demo_meeting() -> (iepmeet::ui::app::App, i64) {
    let store = demo_store(5);
    let mid = store.meetings_for(1).unwrap()[0].id;
    let mut a = app(store);
    a.open_meeting(mid, Section::Goals).unwrap();
    a.run_pending();
    (a, mid)
}

fn none() -> KeyEvent {
    KeyEvent::new(KeyCode::Null, KeyModifiers::NONE)
}

#[test]
fn marking_a_section_done_is_an_effect_written_only_when_run() {
    let (mut a, mid) = open_demo_meeting();
    let was = a.store.load_meeting(mid).unwrap().done[Section::Goals.index()];
    let fx = a.update("meeting", Action::Done, none());
    assert_eq!(fx.len(), 1, "{fx:?}");
    assert!(matches!(fx[0].io, Io::SectionDone { meeting, section: Section::Goals, done } if meeting == mid && done != was), "{fx:?}");
    // Asked for, not written, and the screen does not claim it yet.
    assert_eq!(a.store.load_meeting(mid).unwrap().done[Section::Goals.index()], was);
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.meeting.done[Section::Goals.index()], was);
    a.run(fx);
    assert_eq!(a.store.load_meeting(mid).unwrap().done[Section::Goals.index()], !was);
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.meeting.done[Section::Goals.index()], !was);
    assert!(a.message.as_ref().is_some_and(|(_, t)| t.contains("marked")), "{:?}", a.message);
}

#[test]
fn recording_an_entry_asks_for_it_and_its_answer_empties_the_composer() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(code(KeyCode::Char('m')));
    assert_eq!(a.pane(), Pane::Minutes);
    type_str(&mut a, "Team reviewed the reading goal.");
    let before = a.store.load_meeting(mid).unwrap().entries.len();
    let fx = a.update("minutes", Action::Record, code(KeyCode::Enter));
    assert!(matches!(&fx[..], [e] if matches!(&e.io, Io::AddEntry { entry, .. } if entry.text == "Team reviewed the reading goal.")), "{fx:?}");
    assert_eq!(a.store.load_meeting(mid).unwrap().entries.len(), before, "nothing recorded before the effect runs");
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.minutes_text(), "Team reviewed the reading goal.", "the text stays until the answer comes");
    a.run(fx);
    assert_eq!(a.store.load_meeting(mid).unwrap().entries.len(), before + 1);
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.minutes_text(), "");
    // The answer asked for the draft to go, and it went.
    assert_eq!(a.store.draft(mid, Section::Goals).unwrap(), None);
}

#[test]
fn a_failed_write_answers_with_the_error_and_the_editor_keeps_the_text() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(code(KeyCode::Char('1'))); // Attendance: its first row is the meeting date
    a.on_key(code(KeyCode::Enter));
    assert!(matches!(a.modals.last(), Some(Modal::Edit { .. })), "{}", screen(&a, 100, 30));
    type_str(&mut a, "2026-11-24");
    // Someone else finalizes the meeting before this save runs.
    let before = a.store.load_meeting(mid).unwrap().date();
    a.store.arrange().finalize_meeting(mid, before.unwrap_or(today())).unwrap();
    let fx = a.update("edit_line", Action::Save, code(KeyCode::Enter));
    assert!(matches!(&fx[..], [e] if matches!(e.io, Io::UpdateItem { .. } | Io::InsertItem { .. })), "{fx:?}");
    a.run(fx);
    // Refused: nothing changed, the editor is still open with the text, and it says why.
    assert_eq!(a.store.load_meeting(mid).unwrap().date(), before);
    let Some(Modal::Edit { area, error, .. }) = a.modals.last() else { panic!("{}", screen(&a, 100, 30)) };
    assert_eq!(area.lines().join(""), "2026-11-24");
    assert!(error.as_deref().is_some_and(|e| e.contains("finalized")), "{error:?}");
}

#[test]
fn a_team_member_added_during_the_meeting_arrives_now_and_an_untouched_one_is_not_kept() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(code(KeyCode::Char('1')));
    let n = a.store.load_meeting(mid).unwrap().block(iepmeet::domain::meeting::Block::Attendees).len();
    a.on_key(code(KeyCode::Char('a')));
    // The team list comes first; its last row is someone not in it (a blank member).
    assert!(matches!(a.modals.last(), Some(Modal::Pick { .. })), "{}", screen(&a, 100, 30));
    a.on_key(code(KeyCode::End));
    a.on_key(code(KeyCode::Enter));
    let Some(Modal::Form { id, .. }) = a.modals.last() else { panic!("{}", screen(&a, 100, 30)) };
    let id = *id;
    let now = a.cx().now.unwrap().format("%H:%M").to_string();
    let m = a.store.load_meeting(mid).unwrap();
    let (_, item) = m.find_item(iepmeet::domain::meeting::Block::Attendees, id).unwrap();
    assert_eq!(item.record.as_record().get("arrived"), now);
    // Closed without a name: not kept, the arrival time alone is no change.
    a.on_key(code(KeyCode::Esc));
    assert_eq!(a.store.load_meeting(mid).unwrap().block(iepmeet::domain::meeting::Block::Attendees).len(), n);
    // With a name it is kept, arriving now: a name typed in the team list that matches no one
    // there is someone else, added by that name.
    a.on_key(code(KeyCode::Char('a')));
    type_str(&mut a, "L. Demo-Park");
    assert!(screen(&a, 100, 30).contains("Someone else: “L. Demo-Park”"), "{}", screen(&a, 100, 30));
    a.on_key(code(KeyCode::Enter));
    assert!(matches!(a.modals.last(), Some(Modal::Form { .. })), "{}", screen(&a, 100, 30));
    a.on_key(code(KeyCode::Esc));
    let m = a.store.load_meeting(mid).unwrap();
    let last = m.block(iepmeet::domain::meeting::Block::Attendees).last().unwrap();
    assert_eq!((last.record.as_record().get("name"), last.record.as_record().get("arrived")), ("L. Demo-Park".to_string(), now));
}

#[test]
fn the_goal_bank_offers_the_templates_for_the_identified_needs_first() {
    let mut store = demo_store(3);
    let mid = fill_meeting(&mut store);
    // (No grade on IEP 1: the whole bank, not one grade band's part of it.)
    let before = store.student(1).unwrap();
    store.update_student(1, &before, &iepmeet::domain::student::Student { grade: String::new(), ..before.clone() }).unwrap();
    let mut a = app(store);
    a.open_meeting(mid, Section::Goals).unwrap();
    let needs = a.store.load_meeting(mid).unwrap().areas_of_need();
    assert!(!needs.is_empty(), "the fixture identifies areas of need");
    a.on_key(code(KeyCode::Char('g')));
    let Some(Modal::Pick { label, options, .. }) = a.modals.last() else { panic!("{}", screen(&a, 100, 30)) };
    assert_eq!(*label, iepmeet::ui::popups::goal_bank::GOAL_BANK_NEEDS_LABEL);
    let bank = iepmeet::domain::goalbank::builtin();
    assert_eq!(options.len(), bank.len(), "every template is still offered");
    let first = bank.iter().find(|t| t.label() == options[0]).unwrap();
    assert!(needs.contains(&first.need), "{} is not for {needs:?}", first.label());
    assert!(screen(&a, 100, 30).contains("the areas of need identified") || screen(&a, 100, 30).contains("an area of need identified"), "{}", screen(&a, 100, 30));
}
