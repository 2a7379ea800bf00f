//! Compliance findings in the meeting screen: panel, badges, jump to the field, acknowledgements,
//! live-only checks.

mod common;

use common::*;
use crossterm::event::KeyCode;
use iepmeet::domain::meeting::{Block, Section};
use iepmeet::rules::Severity;
use iepmeet::ui::app::{Modal, Pane, Screen};

fn meeting() -> (iepmeet::ui::app::App, i64) {
    let store = demo_store(5);
    let mid = store.meetings_for(1).unwrap()[0].id;
    let mut a = app(store);
    a.open_meeting(mid, Section::Attendance).unwrap();
    (a, mid)
}

fn state(a: &iepmeet::ui::app::App) -> &iepmeet::ui::app::MeetingState {
    match &a.screen {
        Screen::Meeting(m) => m,
        _ => panic!("not in a meeting"),
    }
}

#[test]
fn panel_badges_and_counts_are_shown() {
    let (a, _) = meeting();
    let wide = screen(&a, 140, 40);
    assert!(wide.contains("Findings ✗"), "{wide}");
    assert!(wide.contains("ERROR"), "severity by label, not colour only");
    let narrow = screen(&a, 80, 24);
    assert!(narrow.contains("Transition ✗"), "agenda badge:\n{narrow}");
    assert!(narrow.lines().last().unwrap().starts_with('✗'), "status counts:\n{narrow}");
}

#[test]
fn findings_update_on_every_change() {
    let (mut a, _) = meeting();
    let before = state(&a).count(Severity::Error, Some(Section::Consent));
    a.on_key(key('7'));
    // pick a consent choice: the consent-iep-choice ERROR goes away at once
    while !matches!(state(&a).current_row(), Some(iepmeet::ui::app::Row::Field(Block::Consent, "choice"))) {
        a.on_key(key('j'));
    }
    assert!(state(&a).findings.iter().any(|f| f.rule == "consent-iep-choice"));
    a.on_key(code(KeyCode::Enter));
    a.on_key(code(KeyCode::Enter)); // first option: Agree to the IEP
    assert!(!state(&a).findings.iter().any(|f| f.rule == "consent-iep-choice"));
    assert!(state(&a).count(Severity::Error, Some(Section::Consent)) < before);
}

#[test]
fn enter_on_a_finding_jumps_to_the_field() {
    let (mut a, _) = meeting();
    a.on_key(key('f'));
    assert_eq!(state(&a).pane, Pane::Findings);
    let idx = state(&a).findings.iter().position(|f| f.rule == "goal-each-need-area" || f.rule == "esy-considered-annually").unwrap();
    for _ in 0..idx {
        a.on_key(key('j'));
    }
    let target = state(&a).findings[idx].target.clone();
    a.on_key(code(KeyCode::Enter));
    let m = state(&a);
    assert_eq!(m.section, target.section);
    assert_eq!(m.pane, Pane::Main);
    assert_eq!(m.current_row().and_then(|r| r.block()), target.block);
}

#[test]
fn errors_cannot_be_acknowledged_warnings_can_with_a_reason() {
    let (mut a, mid) = meeting();
    a.on_key(key('f'));
    // first finding is an ERROR (sorted by severity)
    assert_eq!(state(&a).findings[0].severity, Severity::Error);
    a.on_key(key('a'));
    assert!(screen(&a, 80, 24).contains("cannot be acknowledged"));
    assert!(a.store.acknowledgements(mid).unwrap().is_empty());
    let w = state(&a).findings.iter().position(|f| f.severity != Severity::Error).unwrap();
    let rule = state(&a).findings[w].rule;
    for _ in 0..w {
        a.on_key(key('j'));
    }
    a.on_key(key('a'));
    assert!(matches!(a.modals.last(), Some(Modal::Edit { .. })));
    a.on_key(code(KeyCode::Enter)); // empty reason refused
    assert!(screen(&a, 80, 24).contains("give a reason"));
    type_str(&mut a, "Discussed with parent; not applicable this year");
    a.on_key(code(KeyCode::Enter));
    let acks = a.store.acknowledgements(mid).unwrap();
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0].rule, rule);
    assert!(acks[0].reason.contains("not applicable"));
    let f = state(&a).findings.iter().find(|f| f.rule == rule).unwrap().clone();
    assert!(state(&a).ack_of(&f).is_some(), "shown as acknowledged");
    assert!(a.store.audit_count(None).unwrap() > 0);
}

#[test]
fn scope_drift_fires_the_moment_an_excused_area_is_edited() {
    let (mut a, mid) = meeting();
    // an excusal for speech, granted as "not discussed"
    let mut e = Block::Excusals.new_record();
    for (k, v) in [("member", "S. Speech"), ("role", "Related-service provider"), ("area", "Speech and language"), ("area_modified_or_discussed", "no")] {
        e.as_record_mut().set(k, v, &cx()).unwrap();
    }
    a.store.arrange().insert_item(mid, Block::Excusals, &e).unwrap();
    a.open_meeting(mid, Section::Services).unwrap();
    assert!(!state(&a).findings.iter().any(|f| f.rule == "excusal-scope-drift"));
    a.on_key(key('a')); // add a service: its form opens
    a.on_key(code(KeyCode::Enter)); // service picker
    // choose "Language and speech"
    let Some(Modal::Pick { options, .. }) = a.modals.last() else { panic!("picker") };
    assert!(options.iter().any(|o| o == "Language and speech"));
    // Typing filters the list: the best match is first.
    type_str(&mut a, "language and speech");
    a.on_key(code(KeyCode::Enter));
    assert!(state(&a).findings.iter().any(|f| f.rule == "excusal-scope-drift"), "fires while the form is open");
    a.on_key(code(KeyCode::Esc)); // close the form
    assert!(!state(&a).findings.iter().any(|f| f.rule == "excusal-scope-drift"), "live-only: gone when not editing");
}
