//! Issue 17, a meeting at the speed of talk: the team picked from the staff directory and the
//! student's record, the form leading on to the next field to fill, y/n on yes/no fields, a service
//! running for the IEP, everyone signing at once, and the staff directory import (CLI).

#![allow(clippy::disallowed_macros)]

mod common;

use common::*;
use crossterm::event::KeyCode;
use iepmeet::domain::meeting::{AnyRecord, Block, Section};
use iepmeet::domain::people::Person;
use iepmeet::ui::app::{Modal, Screen};

fn person(name: &str, role: &str, quals: &[&str]) -> Person {
    Person { name: name.into(), roles: vec![role.into()], qualifications: quals.iter().map(|q| q.to_string()).collect(), ..Person::default() }
}

/// The demo's first open meeting, with a two-person staff directory; the app on `section`.
fn meeting(section: Section) -> (iepmeet::ui::app::App, i64) {
    let mut store = demo_store(5);
    let staff = [
        person("Morgan Teachwell", "General education teacher", &["Teacher of this student"]),
        person("Priya Adminson", "LEA representative", &["Authority to commit LEA resources"]),
    ];
    store.import_staff(&staff, false).unwrap();
    let mid = store.meetings_for(1).unwrap()[0].id;
    let mut a = app(store);
    a.open_meeting(mid, section).unwrap();
    a.run_pending();
    (a, mid)
}

#[test]
fn team_members_are_ticked_from_the_directory_with_their_roles_in_person_and_arriving_now() {
    let (mut a, mid) = meeting(Section::Attendance);
    let before = a.store.load_meeting(mid).unwrap().block(Block::Attendees).len();
    a.on_key(key('a'));
    let text = screen(&a, 100, 30);
    assert!(text.contains("Who is here") && text.contains("Morgan Teachwell — General education teacher (staff directory)"), "{text}");
    // Who is already on the list is not offered again.
    let Some(Modal::Pick { options, .. }) = a.modals.last() else { panic!("{text}") };
    let present = a.store.load_meeting(mid).unwrap().attendee_names();
    assert!(options.iter().all(|o| !present.iter().any(|p| o.starts_with(&format!("{p} —")))), "{options:?}");
    // A name typed finds the person; Enter adds the one found.
    type_str(&mut a, "priya");
    a.on_key(code(KeyCode::Enter));
    // Several at once: Space ticks (and moves on), Enter adds the ticked ones.
    a.on_key(key('a'));
    let Some(Modal::Pick { options, .. }) = a.modals.last() else { panic!() };
    let morgan = options.iter().position(|o| o.starts_with("Morgan Teachwell")).unwrap();
    for _ in 0..morgan {
        a.on_key(code(KeyCode::Down));
    }
    a.on_key(code(KeyCode::Char(' ')));
    a.on_key(code(KeyCode::Enter));
    let m = a.store.load_meeting(mid).unwrap();
    let added: Vec<_> = m.block(Block::Attendees)[before..]
        .iter()
        .map(|i| match &i.record {
            AnyRecord::Attendee(x) => (x.name.clone(), x.roles.clone(), x.qualifications.clone(), x.mode.clone(), x.arrived.is_some()),
            _ => panic!(),
        })
        .collect();
    assert_eq!(
        added,
        vec![
            ("Priya Adminson".into(), vec!["LEA representative".to_string()], vec!["Authority to commit LEA resources".to_string()], "In person".into(), true),
            ("Morgan Teachwell".into(), vec!["General education teacher".to_string()], vec!["Teacher of this student".to_string()], "In person".into(), true),
        ],
        "{}",
        screen(&a, 100, 30)
    );
    assert!(screen(&a, 100, 30).contains("Added 1 team member, in person and arriving now: Morgan Teachwell"), "{}", screen(&a, 100, 30));
    // Offered again: the two are not.
    a.on_key(key('a'));
    let Some(Modal::Pick { options, .. }) = a.modals.last() else { panic!() };
    assert!(!options.iter().any(|o| o.starts_with("Priya") || o.starts_with("Morgan")), "{options:?}");
}

#[test]
fn a_saved_field_leads_on_to_the_next_one_an_error_points_at_and_y_n_answer_yes_no_fields() {
    let (mut a, mid) = meeting(Section::Attendance);
    use iepmeet::ui::components::meeting::Row;
    // Space: the next field to fill (an open ERROR points at it); say which.
    let Screen::Meeting(m) = &a.screen else { panic!() };
    let at = m.row;
    a.on_key(code(KeyCode::Char(' ')));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert!(screen(&a, 100, 30).contains("Next to fill:") && m.row != at, "{}", screen(&a, 100, 30));
    // y on a yes/no field saves yes at once and leads on to the next field to fill.
    let Screen::Meeting(s) = &mut a.screen else { panic!() };
    let listed = Row::Field(Block::Notice, "attendees_listed");
    s.row = s.rows().iter().position(|r| *r == listed).unwrap();
    a.on_key(key('y'));
    assert_eq!(a.store.load_meeting(mid).unwrap().block(Block::Notice)[0].record.as_record().get("attendees_listed"), "yes");
    let Screen::Meeting(s) = &a.screen else { panic!() };
    assert_ne!(s.current_row(), Some(listed), "led on");
    assert!(screen(&a, 100, 30).contains("Saved. Next to fill:"), "{}", screen(&a, 100, 30));
    // The notice's "Student invited" answered no with n.
    let Screen::Meeting(s) = &mut a.screen else { panic!() };
    s.row = s.rows().iter().position(|r| *r == Row::Field(Block::Notice, "student_invited")).unwrap();
    a.on_key(key('n'));
    assert_eq!(a.store.load_meeting(mid).unwrap().block(Block::Notice)[0].record.as_record().get("student_invited"), "no");
    // y on a text field: nothing saved, the key says what it is for.
    let Screen::Meeting(s) = &mut a.screen else { panic!() };
    s.row = s.rows().iter().position(|r| *r == Row::Field(Block::Details, "location")).unwrap();
    let location = a.store.load_meeting(mid).unwrap().details().location;
    a.on_key(key('y'));
    assert_eq!(a.store.load_meeting(mid).unwrap().details().location, location);
    assert!(screen(&a, 100, 30).contains("y and n answer yes/no fields"), "{}", screen(&a, 100, 30));
}

#[test]
fn a_new_service_runs_for_the_iep_and_everyone_left_can_sign_at_once() {
    let (mut a, mid) = meeting(Section::Services);
    let Screen::Meeting(s) = &mut a.screen else { panic!() };
    s.row = s.rows().iter().position(|r| *r == iepmeet::ui::components::meeting::Row::Add(Block::Services)).unwrap();
    a.on_key(code(KeyCode::Enter));
    let m = a.store.load_meeting(mid).unwrap();
    let AnyRecord::Service(svc) = &m.block(Block::Services).last().unwrap().record else { panic!() };
    let start = m.details().date.unwrap();
    assert_eq!(svc.start, Some(start));
    let end = m.details().iep_end.unwrap_or_else(|| start.checked_add_months(chrono::Months::new(12)).unwrap().pred_opt().unwrap());
    assert_eq!(svc.end, Some(end));
    assert!(screen(&a, 100, 30).contains("The service runs for the IEP"), "{}", screen(&a, 100, 30));
    a.on_key(code(KeyCode::Esc));
    // Signatures: the first row signs everyone not yet signed, each with their role, now.
    a.on_key(key('S'));
    a.on_key(key('s'));
    assert!(screen(&a, 100, 30).contains("Everyone not yet signed"), "{}", screen(&a, 100, 30));
    a.on_key(code(KeyCode::Enter));
    let m = a.store.load_meeting(mid).unwrap();
    let signed: Vec<String> = m.block(Block::Signatures).iter().map(|i| i.record.as_record().get("name")).collect();
    assert_eq!(signed, m.attendee_names());
    assert!(m.block(Block::Signatures).iter().all(|i| !i.record.as_record().get("role").is_empty() && !i.record.as_record().get("signed_at").is_empty()));
}

fn cli(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_iepmeet")).arg("--db").arg(db).args(args).output().unwrap()
}

#[test]
fn the_staff_directory_imports_all_or_nothing_and_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.sqlite3");
    let good = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/staff.csv");
    let out = cli(&db, &["import", "staff", good.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Staff directory: added 7, updated 0, 0 unchanged"), "{out:?}");
    let out = cli(&db, &["import", "staff", good.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("added 0, updated 0, 7 unchanged"), "{out:?}");
    // One bad row: one sentence per problem, nothing imported.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "name,roles\nNew Person,Student\nOther Person,Wizard\n").unwrap();
    let out = cli(&db, &["import", "staff", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 problem found; nothing was imported") && err.contains("line 3, column roles: 'Wizard' is not one of"), "{err}");
    let store = iepmeet::store::Store::open(&db).unwrap();
    assert_eq!(store.staff().unwrap().len(), 7);
    assert!(!store.staff().unwrap().iter().any(|p| p.name == "New Person"));
}

#[test]
fn a_transition_service_linked_to_a_long_goal_exports_a_document_that_checks_back() {
    // Found by the walkthrough: the JSON export wrote the linked goal's whole text as its value,
    // and `iepmeet check` then refused the document as too long. The value is "Goal N: area".
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.sqlite3");
    let mut store = iepmeet::store::Store::open(&db).unwrap();
    store.load_demo(&iepmeet::domain::demo::caseload(1, 1, today()), today(), |_| ()).unwrap();
    let mid = store.meetings_for(1).unwrap()[0].id;
    let goal = iepmeet::domain::meeting::Goal { area: "Vocational".into(), annual_goal: "By May 2027 Sam will ".to_string() + &"complete a task ".repeat(20), ..Default::default() };
    let g = store.insert_item(mid, Block::Goals, &AnyRecord::Goal(goal)).unwrap();
    let n = store.load_meeting(mid).unwrap().block(Block::Goals).len();
    let ts = iepmeet::domain::meeting::TransitionService { service: "Job coaching".into(), linked_goal: iepmeet::domain::meeting::goal_ref(g.id), ..Default::default() };
    store.insert_item(mid, Block::TransitionServices, &AnyRecord::TransitionService(ts)).unwrap();
    drop(store);
    let json = dir.path().join("m.json");
    let out = cli(&db, &["export", &mid.to_string(), "--format", "json", "-o", json.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(text.contains(&format!("\"linked_goal\": \"Goal {n}: Vocational\"")), "{text}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_iepmeet")).args(["check", json.to_str().unwrap()]).output().unwrap();
    assert_ne!(out.status.code(), Some(2), "the document is refused: {}", String::from_utf8_lossy(&out.stderr));
}
