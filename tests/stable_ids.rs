//! Items are addressed by their row id, never by their position, and every editor is a draft:
//! two app instances on one database file (as two terminals) delete, reorder and finalize under
//! each other's open editors, and a stop in the middle of typing never commits half a value.

mod common;

use common::*;
use crossterm::event::KeyCode;
use iepmeet::domain::meeting::{AnyRecord, Block, Goal, Section};
use iepmeet::store::Store;
use iepmeet::ui::app::{App, Modal, Screen, Target};
use std::time::{Duration, Instant};

/// A shared file with the demo caseload and three goals ALPHA, BRAVO, CHARLIE in the open meeting.
fn setup() -> (tempfile::TempDir, std::path::PathBuf, i64, [i64; 3]) {
    let (dir, db) = shared_demo_db();
    let mut s = Store::open(&db).unwrap();
    let mid = s.meetings_for(1).unwrap()[0].id;
    for id in s.load_meeting(mid).unwrap().block(Block::Goals).iter().map(|i| i.id).collect::<Vec<_>>() {
        let item = s.load_meeting(mid).unwrap().find_item(Block::Goals, id).unwrap().1.clone();
        s.delete_item(mid, Block::Goals, &item).unwrap();
    }
    let mut ids = [0; 3];
    for (i, name) in ["ALPHA", "BRAVO", "CHARLIE"].iter().enumerate() {
        let g = Goal { annual_goal: format!("{name} reads a grade-level passage"), area: "Reading".into(), ..Default::default() };
        ids[i] = s.insert_item(mid, Block::Goals, &AnyRecord::Goal(g)).unwrap().id;
    }
    (dir, db, mid, ids)
}

fn open(db: &std::path::Path, mid: i64, actor: &str) -> App {
    let mut a = app(Store::open(db).unwrap().with_actor(actor));
    a.open_meeting(mid, Section::Goals).unwrap();
    a
}

/// Someone else (the other app) deletes a goal.
fn delete_goal(b: &mut App, mid: i64, id: i64) {
    let item = b.store.load_meeting(mid).unwrap().find_item(Block::Goals, id).unwrap().1.clone();
    b.store.arrange().delete_item(mid, Block::Goals, &item).unwrap();
}

fn later(a: &mut App, secs: f64) {
    a.tick(Instant::now() + Duration::from_secs_f64(secs));
}

fn goal_field(db: &std::path::Path, mid: i64, id: i64, key: &str) -> Option<String> {
    Store::open(db).unwrap().load_meeting(mid).unwrap().find_item(Block::Goals, id).map(|(_, i)| i.record.as_record().get(key))
}

fn goals(db: &std::path::Path, mid: i64) -> Vec<String> {
    Store::open(db)
        .unwrap()
        .load_meeting(mid)
        .unwrap()
        .block(Block::Goals)
        .iter()
        .map(|i| i.record.as_record().get("annual_goal").split(' ').next().unwrap_or_default().to_string())
        .collect()
}

/// A opens BRAVO's "standard" field and types; B deletes ALPHA above it; A's save lands on BRAVO.
#[test]
fn delete_above_while_editing_saves_to_the_same_item() {
    let (_dir, db, mid, [alpha, bravo, charlie]) = setup();
    let mut a = open(&db, mid, "ana");
    let mut b = open(&db, mid, "ben");
    a.open_editor(Target::Item { block: Block::Goals, id: bravo, key: "standard" });
    type_str(&mut a, "CCSS.RL.8.1");
    // B deletes ALPHA.
    delete_goal(&mut b, mid, alpha);
    later(&mut a, 1.0);
    a.on_key(code(KeyCode::Enter));
    assert_eq!(goal_field(&db, mid, bravo, "standard").as_deref(), Some("CCSS.RL.8.1"), "{}", screen(&a, 100, 30));
    assert_eq!(goal_field(&db, mid, charlie, "standard").as_deref(), Some(""), "CHARLIE untouched");
}

/// B moves CHARLIE above BRAVO while A edits BRAVO: A sees the new order live and saves to BRAVO.
#[test]
fn reorder_while_editing_is_seen_live_and_saves_to_the_same_item() {
    let (_dir, db, mid, [alpha, bravo, charlie]) = setup();
    let mut a = open(&db, mid, "ana");
    let mut b = open(&db, mid, "ben");
    a.open_editor(Target::Item { block: Block::Goals, id: bravo, key: "standard" });
    type_str(&mut a, "CCSS.RL.8.2");
    b.store.arrange().reorder_items(mid, Block::Goals, &[alpha, charlie, bravo]).unwrap();
    later(&mut a, 1.0);
    let Screen::Meeting(m) = &a.screen else { panic!() };
    let order: Vec<i64> = m.meeting.block(Block::Goals).iter().map(|i| i.id).collect();
    assert_eq!(order, [alpha, charlie, bravo], "the reorder is seen without a key press");
    a.on_key(code(KeyCode::Enter));
    assert_eq!(goal_field(&db, mid, bravo, "standard").as_deref(), Some("CCSS.RL.8.2"));
    assert_eq!(goal_field(&db, mid, charlie, "standard").as_deref(), Some(""));
    assert_eq!(goals(&db, mid), ["ALPHA", "CHARLIE", "BRAVO"]);
}

/// B deletes the very goal A is typing in: A's text stays, the editor says so, Enter adds it back.
#[test]
fn an_item_deleted_while_editing_keeps_the_text_and_can_be_added_back() {
    let (_dir, db, mid, [_alpha, bravo, _charlie]) = setup();
    let mut a = open(&db, mid, "ana");
    let mut b = open(&db, mid, "ben");
    // Through the form, as a person would: the goal's form, then its "standard" field.
    a.modals.push(Modal::Form { block: Block::Goals, id: bravo, field: "", fresh: false });
    a.open_editor(Target::Item { block: Block::Goals, id: bravo, key: "standard" });
    type_str(&mut a, "CCSS.RL.8.3");
    delete_goal(&mut b, mid, bravo);
    later(&mut a, 1.0);
    let s = screen(&a, 100, 30);
    assert!(s.contains("Someone else deleted this goal"), "{s}");
    let Some(Modal::Edit { area, .. }) = a.modals.last() else { panic!("the editor stays open: {s}") };
    assert_eq!(area.lines().join("\n"), "CCSS.RL.8.3");
    a.on_key(code(KeyCode::Enter));
    let m = a.store.load_meeting(mid).unwrap();
    let back = m.block(Block::Goals).iter().find(|i| i.record.as_record().get("annual_goal").starts_with("BRAVO")).expect("added back");
    assert_eq!(back.record.as_record().get("standard"), "CCSS.RL.8.3", "with the text that was typed");
    assert_ne!(back.id, bravo, "as a new item");
    assert!(matches!(a.modals.last(), Some(Modal::Form { id, .. }) if *id == back.id), "the form follows it");
}

/// The same, but the text is copied into the minutes instead (Ctrl-T).
#[test]
fn text_of_a_deleted_item_can_go_into_the_minutes() {
    let (_dir, db, mid, [_alpha, bravo, _charlie]) = setup();
    let mut a = open(&db, mid, "ana");
    let mut b = open(&db, mid, "ben");
    a.open_editor(Target::Item { block: Block::Goals, id: bravo, key: "baseline" });
    type_str(&mut a, "reads 92 words per minute");
    delete_goal(&mut b, mid, bravo);
    later(&mut a, 1.0);
    a.on_key(ctrl('t'));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert!(m.minutes_text().contains("reads 92 words per minute"), "{}", m.minutes_text());
    assert!(a.modals.is_empty());
    a.on_key(code(KeyCode::Enter));
    assert!(a.store.load_meeting(mid).unwrap().entries.iter().any(|e| e.text.contains("reads 92 words per minute")));
}

/// An acknowledgement of a finding on the second goal stays with that goal when the goals are
/// reordered (it used to be shown against whichever goal was second).
#[test]
fn an_acknowledgement_follows_its_item_through_a_reorder() {
    let (_dir, db, mid, [alpha, bravo, charlie]) = setup();
    let mut a = open(&db, mid, "ana");
    let Screen::Meeting(m) = &a.screen else { panic!() };
    let f = m
        .findings
        .iter()
        .find(|f| f.target.item_id == Some(bravo) && f.severity != iepmeet::rules::Severity::Error)
        .cloned()
        .expect("a WARNING or INFO on BRAVO");
    a.store.arrange().acknowledge(mid, f.rule, &f.target.key(), "discussed; the team agrees").unwrap();
    a.store.arrange().reorder_items(mid, Block::Goals, &[bravo, charlie, alpha]).unwrap();
    let mut a = open(&db, mid, "ana");
    a.refresh_findings();
    let Screen::Meeting(m) = &a.screen else { panic!() };
    let on = |id: i64| m.findings.iter().find(|x| x.rule == f.rule && x.target.item_id == Some(id)).cloned();
    let moved = on(bravo).expect("the finding is still raised on BRAVO");
    assert_eq!(moved.target.item, Some(0), "BRAVO is first now");
    assert!(m.ack_of(&moved).is_some(), "BRAVO's acknowledgement went with it");
    if let Some(other) = on(charlie) {
        assert!(m.ack_of(&other).is_none(), "CHARLIE, now second, is not acknowledged");
    }
}

/// Ctrl-C (like a hang-up) in a field editor never saves the half-typed value; reopening puts the
/// text back in the editor and the field still has its last confirmed value.
#[test]
fn stopping_in_a_field_editor_keeps_a_draft_and_commits_nothing() {
    let (_dir, db, mid, [_alpha, bravo, _charlie]) = setup();
    let mut a = open(&db, mid, "ana");
    a.open_editor(Target::Item { block: Block::Goals, id: bravo, key: "monitored_by" });
    type_str(&mut a, "Zebra monit");
    a.on_key(ctrl('c'));
    assert!(a.quit);
    assert_eq!(goal_field(&db, mid, bravo, "monitored_by").as_deref(), Some(""), "nothing committed");
    let audit = a.store.audit_for(1).unwrap();
    assert!(!audit.iter().any(|r| r.after.as_deref().unwrap_or("").contains("Zebra monit")), "not in the audit either");
    drop(a);
    let b = app(Store::open(&db).unwrap().with_actor("ana"));
    let Some(Modal::Edit { area, target, .. }) = b.modals.last() else { panic!("no editor: {}", screen(&b, 100, 30)) };
    assert_eq!(area.lines().join("\n"), "Zebra monit");
    assert_eq!(*target, Target::Item { block: Block::Goals, id: bravo, key: "monitored_by" });
    assert!(screen(&b, 100, 30).contains("not saved until you confirm"), "{}", screen(&b, 100, 30));
    assert!(matches!(b.modals.first(), Some(Modal::Form { id, .. }) if *id == bravo), "inside the goal's form");
    assert_eq!(goal_field(&db, mid, bravo, "monitored_by").as_deref(), Some(""));
}

/// A half-typed amendment reason is never recorded by a stop; it comes back, with its value and how.
#[test]
fn an_amendment_half_typed_is_kept_not_recorded() {
    let (_dir, db, mid, _ids) = setup();
    Store::open(&db).unwrap().finalize_meeting(mid, today()).unwrap();
    let mut a = open(&db, mid, "ana");
    a.open_editor(Target::Single { block: Block::Details, key: "location" });
    a.on_key(ctrl('u'));
    type_str(&mut a, "Room 7");
    a.on_key(code(KeyCode::Enter)); // the new value
    a.on_key(code(KeyCode::Enter)); // how it was agreed: the first choice
    type_str(&mut a, "the family asked for a quieter ro");
    a.shutdown(); // as on SIGHUP
    assert!(a.store.load_meeting(mid).unwrap().amendments.is_empty(), "nothing recorded");
    drop(a);
    let mut b = app(Store::open(&db).unwrap().with_actor("ana"));
    let Some(Modal::Edit { area, target: Target::AmendReason(p), .. }) = b.modals.last() else { panic!("{}", screen(&b, 100, 30)) };
    assert_eq!(area.lines().join("\n"), "the family asked for a quieter ro");
    assert_eq!(p.after, "Room 7");
    type_str(&mut b, "om");
    b.on_key(ctrl('s'));
    let am = b.store.load_meeting(mid).unwrap().amendments;
    assert_eq!(am.len(), 1);
    assert_eq!((am[0].after.as_str(), am[0].reason.as_str()), ("Room 7", "the family asked for a quieter room"));
}

/// A finalizes while B is typing minutes: A is told who is typing and where; B's text is kept and
/// offered to B as an amendment to the minutes, never orphaned.
#[test]
fn finalizing_while_someone_types_keeps_their_text_as_an_amendment() {
    let (_dir, db, mid, _ids) = setup();
    let mut a = open(&db, mid, "ana");
    let mut b = open(&db, mid, "ben");
    b.on_key(key('m'));
    type_str(&mut b, "parent asked about the bus");
    later(&mut b, 0.0);
    a.on_key(key('F'));
    let s = screen(&a, 100, 30);
    let Some(Modal::Confirm { prompt, .. }) = a.modals.last() else { panic!("{s}") };
    assert!(prompt.contains("Still typing, not recorded: ben") && prompt.contains("in the minutes of Goals"), "{prompt}");
    // The whole question is on screen, to its last words.
    assert!(s.contains("offered to them as an amendment"), "{s}");
    confirm_finalize(&mut a);
    assert!(!a.store.load_meeting(mid).unwrap().is_open(), "{}", screen(&a, 100, 30));
    later(&mut b, 1.0);
    let Some(Modal::Edit { area, .. }) = b.modals.last() else { panic!("{}", screen(&b, 100, 30)) };
    assert_eq!(area.lines().join("\n"), "parent asked about the bus");
    b.on_key(ctrl('s'));
    b.on_key(code(KeyCode::Enter)); // how
    type_str(&mut b, "typed during the meeting, recorded after it closed");
    b.on_key(ctrl('s'));
    let m = b.store.load_meeting(mid).unwrap();
    assert_eq!(m.amendments.len(), 1, "{}", screen(&b, 100, 30));
    assert_eq!(m.amendments[0].after, "parent asked about the bus");
    assert_eq!(m.amendments[0].what, "Minutes › Goals");
    assert!(b.store.typing_in(mid).unwrap().is_empty(), "the draft is in the record now");
}

#[test]
fn a_name_typed_to_filter_a_pick_list_is_a_draft_too() {
    let (_dir, db, mid, [_alpha, bravo, _charlie]) = setup();
    let mut a = open(&db, mid, "ana");
    a.open_editor(Target::Item { block: Block::Goals, id: bravo, key: "area" });
    let before = goal_field(&db, mid, bravo, "area");
    assert!(matches!(a.modals.last(), Some(Modal::Pick { other: true, .. })), "{}", screen(&a, 100, 30));
    type_str(&mut a, "Orientation and mobility");
    a.on_key(ctrl('c'));
    assert!(a.quit);
    assert_eq!(goal_field(&db, mid, bravo, "area"), before, "nothing committed");
    drop(a);
    let b = app(Store::open(&db).unwrap().with_actor("ana"));
    let Some(Modal::Edit { area, target, .. }) = b.modals.last() else { panic!("no editor: {}", screen(&b, 100, 30)) };
    assert_eq!(area.lines().join("\n"), "Orientation and mobility");
    assert_eq!(*target, Target::Item { block: Block::Goals, id: bravo, key: "area" });
    assert_eq!(goal_field(&db, mid, bravo, "area"), before, "still only a draft");
}
