//! Issue 17, the form that walks on: Tab saves a field and opens the next one to fill (in the
//! section's forms and in an item's form), y/n answer a yes/no list and go on, an item whose fields
//! are all filled closes and the section leads on, `x` goes on to the next section, forms show only
//! the fields that apply (`*` shows every one), and Ctrl-A ticks every option of a list.

#![allow(clippy::disallowed_macros)]

mod common;

use common::*;
use crossterm::event::KeyCode;
use iepmeet::domain::meeting::{AnyRecord, Block, MeetingType, Section};
use iepmeet::domain::student::Student;
use iepmeet::ui::app::{App, Modal, Row, Screen, Target};

/// A fictional 16-year-old with a new annual review (nothing filled in yet); the app on `section`.
fn fresh(section: Section) -> (App, i64) {
    let mut store = demo_store(2);
    let s = Student {
        local_id: "T-0001".into(),
        first_name: "Robin".into(),
        last_name: "Testcase".into(),
        dob: chrono::NaiveDate::from_ymd_opt(2010, 3, 14),
        grade: "11".into(),
        primary_disability: "Specific learning disability".into(),
        ..Default::default()
    };
    let sid = store.insert_student(&s).unwrap();
    let mid = store.create_meeting(sid, MeetingType::Annual, &[], today()).unwrap();
    let mut a = app(store);
    a.open_meeting(mid, section).unwrap();
    a.run_pending();
    (a, mid)
}

fn select(a: &mut App, row: Row) {
    let Screen::Meeting(m) = &mut a.screen else { panic!() };
    m.row = m.rows().iter().position(|r| *r == row).unwrap_or_else(|| panic!("{row:?} not in {:?}", m.rows()));
}

/// Enter on a row of the section (a field's editor or list, an item's form, a new item).
fn open(a: &mut App, row: Row) {
    select(a, row);
    a.on_key(code(KeyCode::Enter));
}

fn stored(a: &App, mid: i64, block: Block, key: &str) -> String {
    a.store.load_meeting(mid).unwrap().block(block).first().map(|i| i.record.as_record().get(key)).unwrap_or_default()
}

/// The target of the popup on top (an editor or a pick list).
fn top_target(a: &App) -> Option<Target> {
    match a.modals.last() {
        Some(Modal::Edit { target, .. } | Modal::Pick { target, .. }) => Some(target.clone()),
        _ => None,
    }
}

#[test]
fn tab_saves_the_field_and_opens_the_next_one_to_fill_and_esc_there_changes_nothing() {
    let (mut a, mid) = fresh(Section::Attendance);
    open(&mut a, Row::Field(Block::Details, "start_time"));
    type_str(&mut a, "2:30 pm");
    a.on_key(code(KeyCode::Tab));
    assert_eq!(stored(&a, mid, Block::Details, "start_time"), "14:30");
    assert_eq!(top_target(&a), Some(Target::Single { block: Block::Details, key: "location" }), "{}", screen(&a, 100, 30));
    type_str(&mut a, "Room 4, Fictional High");
    a.on_key(code(KeyCode::Tab));
    assert_eq!(stored(&a, mid, Block::Details, "location"), "Room 4, Fictional High", "saved exactly as typed");
    let next = top_target(&a).unwrap_or_else(|| panic!("the next field is open:\n{}", screen(&a, 100, 30)));
    // Next: the row an ERROR points at after it — the team list, to pick who is here.
    assert_eq!(next, Target::TeamMembers, "{}", screen(&a, 100, 30));
    let text = screen(&a, 100, 30);
    assert!(text.contains("Saved. Next to fill:") && text.contains("Who is here"), "{text}");
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.current_row(), Some(Row::Add(Block::Attendees)));
    assert!(m.findings.iter().any(|f| f.target.block == Some(Block::Attendees)), "an ERROR points at the team");
    // Esc leaves it as it was: opening the list is not a change.
    let before = a.store.load_meeting(mid).unwrap().block(Block::Attendees).len();
    a.on_key(code(KeyCode::Esc));
    assert!(a.modals.is_empty());
    assert_eq!(a.store.load_meeting(mid).unwrap().block(Block::Attendees).len(), before);
    // A value the field refuses stays in the editor with the reason; nothing moves on.
    open(&mut a, Row::Field(Block::Details, "iep_end"));
    type_str(&mut a, "half past");
    a.on_key(code(KeyCode::Tab));
    assert_eq!(top_target(&a), Some(Target::Single { block: Block::Details, key: "iep_end" }));
    assert!(screen(&a, 100, 30).contains("Not saved"), "{}", screen(&a, 100, 30));
    assert_eq!(stored(&a, mid, Block::Details, "iep_end"), "");
}

#[test]
fn on_a_yes_no_list_y_and_n_answer_and_go_on_and_tab_chooses_in_any_list() {
    let (mut a, mid) = fresh(Section::Attendance);
    // The notice form exists once a field of it is saved.
    open(&mut a, Row::Field(Block::Notice, "attendees_listed"));
    assert!(matches!(a.modals.last(), Some(Modal::Pick { .. })), "a yes/no list");
    a.on_key(key('n'));
    assert_eq!(stored(&a, mid, Block::Notice, "attendees_listed"), "no");
    assert_ne!(top_target(&a), Some(Target::Single { block: Block::Notice, key: "attendees_listed" }), "gone on");
    a.on_key(code(KeyCode::Esc));
    // y too, whatever was typed first.
    open(&mut a, Row::Field(Block::Notice, "attendees_listed"));
    type_str(&mut a, "e");
    a.on_key(key('y'));
    assert_eq!(stored(&a, mid, Block::Notice, "attendees_listed"), "yes");
    a.on_key(code(KeyCode::Esc));
    // Tab in a list of several saves what is ticked and goes on.
    open(&mut a, Row::Field(Block::Notice, "purposes"));
    let Some(Modal::Pick { options, .. }) = a.modals.last() else { panic!("{}", screen(&a, 100, 30)) };
    let first = options[0].clone();
    a.on_key(code(KeyCode::Char(' ')));
    a.on_key(code(KeyCode::Tab));
    assert_eq!(stored(&a, mid, Block::Notice, "purposes"), first);
    assert_ne!(top_target(&a), Some(Target::Single { block: Block::Notice, key: "purposes" }), "gone on");
}

#[test]
fn tab_in_an_item_form_goes_to_its_next_empty_field_and_a_filled_item_closes_and_leads_on() {
    let (mut a, mid) = fresh(Section::Services);
    open(&mut a, Row::Add(Block::Services));
    let Some(Modal::Form { id, .. }) = a.modals.last() else { panic!("{}", screen(&a, 100, 30)) };
    let id = *id;
    // The service's own form: the service, then each empty field in turn (start and end are filled).
    a.on_key(code(KeyCode::Enter));
    a.on_key(code(KeyCode::Tab));
    assert_eq!(top_target(&a), Some(Target::Item { block: Block::Services, id, key: "need" }), "{}", screen(&a, 100, 30));
    a.on_key(code(KeyCode::Tab));
    assert_eq!(top_target(&a), Some(Target::Item { block: Block::Services, id, key: "provider" }));
    for (key, value) in [("provider", "Special education teacher"), ("responsible", "Pat Casemgr")] {
        assert_eq!(top_target(&a), Some(Target::Item { block: Block::Services, id, key }), "{}", screen(&a, 100, 30));
        type_str(&mut a, value);
        a.on_key(code(KeyCode::Tab));
    }
    for key in ["location", "delivery"] {
        assert_eq!(top_target(&a), Some(Target::Item { block: Block::Services, id, key }));
        a.on_key(code(KeyCode::Tab));
    }
    type_str(&mut a, "3");
    a.on_key(code(KeyCode::Tab));
    a.on_key(code(KeyCode::Tab));
    assert_eq!(top_target(&a), Some(Target::Item { block: Block::Services, id, key: "duration" }));
    type_str(&mut a, "30");
    a.on_key(code(KeyCode::Tab));
    // Nothing of it is left empty: the form closes and the section leads on to its next field.
    let text = screen(&a, 100, 30);
    assert!(text.contains("Service 1 is filled in"), "{text}");
    assert!(!a.modals.iter().any(|m| matches!(m, Modal::Form { .. })), "{text}");
    let m = a.store.load_meeting(mid).unwrap();
    let AnyRecord::Service(s) = &m.find_item(Block::Services, id).unwrap().1.record else { panic!() };
    assert_eq!((s.provider.as_str(), s.responsible.as_str(), s.sessions, s.duration), ("Special education teacher", "Pat Casemgr", Some(3), Some(30)));
    // The start date waits for consent (an ERROR on a field with a value): not one to fill here.
    let Screen::Meeting(st) = &a.screen else { panic!() };
    assert!(st.findings.iter().any(|f| f.target.item_id == Some(id) && f.target.field == Some("start")), "consent is still missing");
    assert_ne!(top_target(&a), Some(Target::Item { block: Block::Services, id, key: "start" }));
    assert_ne!(st.current_row(), Some(Row::Item(Block::Services, id)), "{text}");
}

#[test]
fn x_marks_the_section_done_and_opens_the_next_one_not_done_and_again_reopens_it_in_place() {
    let (mut a, mid) = fresh(Section::Attendance);
    a.on_key(key('x'));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.section, Section::Excusals);
    assert!(a.store.load_meeting(mid).unwrap().done[Section::Attendance.index()]);
    assert!(screen(&a, 100, 30).contains("Attendance marked done. On to Excusals."), "{}", screen(&a, 100, 30));
    // Done ones are passed over.
    a.on_key(key('3'));
    a.on_key(key('x'));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.section, Section::Goals);
    a.on_key(key('2'));
    a.on_key(key('x'));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.section, Section::Goals, "Present levels is done; Goals is not");
    // x on a section already done opens it again and stays.
    a.on_key(key('1'));
    a.on_key(key('x'));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.section, Section::Attendance);
    assert!(!a.store.load_meeting(mid).unwrap().done[Section::Attendance.index()]);
}

#[test]
fn forms_show_only_the_fields_that_apply_and_star_shows_every_one() {
    let (mut a, mid) = fresh(Section::Services);
    let shown = |a: &App| {
        let Screen::Meeting(m) = &a.screen else { panic!() };
        m.rows()
    };
    let field = |k| Row::Field(Block::Placement, k);
    // No aide, no ERMHS line, no home/hospital, no transportation, no NPS, no transfer.
    for k in ["scia", "ermhs_data_basis", "ermhs_reassess_note", "home_hospital_basis", "transport_equipment", "medically_fragile", "lre_attempts", "dor_approval"] {
        assert!(!shown(&a).contains(&field(k)), "{k} is hidden");
    }
    assert!(
        shown(&a).iter().any(|r| matches!(r, Row::Note(t) if t.ends_with("fields that do not apply are hidden (* shows every field)."))),
        "{:?}",
        shown(&a)
    );
    // An ERMHS service line brings its fields.
    let mut svc = Block::Services.new_record();
    svc.as_record_mut().set("service", "Educationally related mental health services (ERMHS)", &cx()).unwrap();
    let item = a.store.arrange().insert_item(mid, Block::Services, &svc).unwrap();
    let Screen::Meeting(m) = &mut a.screen else { panic!() };
    m.meeting.block_mut(Block::Services).push(item);
    a.refresh_findings();
    assert!(shown(&a).contains(&field("ermhs_data_basis")) && shown(&a).contains(&field("ermhs_reassess_note")));
    assert!(!shown(&a).contains(&field("ermhs_lre_rationale")), "on campus: no LRE rationale");
    // `*` shows every field, and again only those that apply.
    select(&mut a, Row::Field(Block::Placement, "pct_general_ed"));
    a.on_key(key('*'));
    assert!(shown(&a).contains(&field("scia")) && shown(&a).contains(&field("dor_approval")));
    assert!(screen(&a, 100, 30).contains("Every field is shown"), "{}", screen(&a, 100, 30));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.current_row(), Some(field("pct_general_ed")), "the cursor stays on its field");
    a.on_key(key('*'));
    assert!(!shown(&a).contains(&field("scia")));
    // In an item's form too: the part of the meeting excused only once excused in part.
    a.on_key(key('2'));
    open(&mut a, Row::Add(Block::Excusals));
    let Some(Modal::Form { id, .. }) = a.modals.last() else { panic!("{}", screen(&a, 100, 30)) };
    let id = *id;
    let keys = |a: &App| {
        let Screen::Meeting(m) = &a.screen else { panic!() };
        m.form_fields(Block::Excusals, id).iter().map(|s| s.key).collect::<Vec<_>>()
    };
    assert!(!keys(&a).contains(&"part_excused"));
    assert!(!screen(&a, 100, 30).contains("In part: the part"), "{}", screen(&a, 100, 30));
    a.on_key(key('*'));
    assert!(keys(&a).contains(&"part_excused") && screen(&a, 100, 30).contains("In part: the part"), "{}", screen(&a, 100, 30));
    a.on_key(key('*'));
    let m = a.store.load_meeting(mid).unwrap();
    let mut rec = m.find_item(Block::Excusals, id).unwrap().1.clone();
    let mut r = rec.record.clone();
    r.as_record_mut().set("extent", iepmeet::domain::meeting::EXCUSED_IN_PART, &cx()).unwrap();
    rec = a.store.arrange().update_item(mid, Block::Excusals, &rec, &r).unwrap();
    let Screen::Meeting(m) = &mut a.screen else { panic!() };
    let v = m.meeting.block_mut(Block::Excusals);
    let at = v.iter().position(|i| i.id == id).unwrap();
    v[at] = rec;
    assert!(keys(&a).contains(&"part_excused"), "it applies now");
}

#[test]
fn ctrl_a_ticks_every_option_shown_and_again_unticks_them() {
    let (mut a, mid) = fresh(Section::PresentLevels);
    open(&mut a, Row::Field(Block::PresentSummary, "areas_of_need"));
    type_str(&mut a, "read");
    a.on_key(ctrl('a'));
    let Some(Modal::Pick { checked, options, .. }) = a.modals.last() else { panic!() };
    let ticked: Vec<&String> = options.iter().zip(checked).filter(|(_, c)| **c).map(|(o, _)| o).collect();
    assert!(ticked.len() >= 2 && ticked.iter().all(|o| o.to_lowercase().contains("read")), "only those shown: {ticked:?}");
    a.on_key(ctrl('a'));
    let Some(Modal::Pick { checked, .. }) = a.modals.last() else { panic!() };
    assert!(checked.iter().all(|c| !c), "again: none");
    a.on_key(ctrl('a'));
    a.on_key(code(KeyCode::Enter));
    let saved = stored(&a, mid, Block::PresentSummary, "areas_of_need");
    assert!(saved.contains("Reading - decoding/fluency") && saved.contains("Reading - comprehension"), "{saved}");
    // A list of one choice says so and changes nothing.
    open(&mut a, Row::Field(Block::PresentSummary, "eligible"));
    a.on_key(ctrl('a'));
    assert!(screen(&a, 100, 30).contains("This list takes one choice"), "{}", screen(&a, 100, 30));
}
