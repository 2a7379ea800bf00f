//! Drafts per session, adoption after a session is gone, finalize and acknowledge as business rules
//! of the store, and the v7 migration (acknowledgements by item id).

use super::*;
use crate::domain::drafts::{DraftTarget, EditorDraft};
use crate::domain::meeting::{AnyRecord, Block, Goal, MeetingType, Section};
use crate::domain::minutes::NewEntry;
use crate::domain::student::Student;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn file_db(dir: &std::path::Path) -> (std::path::PathBuf, i64) {
    let path = dir.join("d.sqlite3");
    let mut s = Store::open(&path).unwrap();
    let sid = s.insert_student(&Student { local_id: "D1".into(), last_name: "Doe".into(), ..Default::default() }).unwrap();
    let mid = s.create_meeting(sid, MeetingType::Annual, &[], today()).unwrap();
    (path, mid)
}

fn editor(text: &str) -> EditorDraft {
    EditorDraft {
        target: DraftTarget::Field { block: "details".into(), key: "location".into(), item: None },
        label: "Location".into(),
        original: String::new(),
        text: text.into(),
    }
}

#[test]
fn two_sessions_of_one_user_keep_two_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mid) = file_db(dir.path());
    let mut a = Store::open(&path).unwrap().with_actor("lee");
    let mut b = Store::open(&path).unwrap().with_actor("lee");
    a.save_draft(mid, Section::Goals, "typed in terminal one").unwrap();
    b.save_draft(mid, Section::Goals, "typed in terminal two").unwrap();
    assert_eq!(a.draft(mid, Section::Goals).unwrap().as_deref(), Some("typed in terminal one"));
    assert_eq!(b.draft(mid, Section::Goals).unwrap().as_deref(), Some("typed in terminal two"));
    assert_eq!(a.typing_in(mid).unwrap().len(), 2, "the last writer does not win");
    // Both sessions are running: neither takes the other's text.
    assert_eq!(a.adopt_drafts().unwrap(), 0);
    assert_eq!(b.adopt_drafts().unwrap(), 0);
    // Terminal two goes away (its store is dropped, as its process would be): the next iepmeet of
    // the same user takes its text over, after any text of its own in that section.
    drop(b);
    let mut c = Store::open(&path).unwrap().with_actor("lee");
    assert!(c.adopt_drafts().unwrap() > 0);
    assert_eq!(c.draft(mid, Section::Goals).unwrap().as_deref(), Some("typed in terminal two"));
    // Another user never adopts lee's drafts.
    let mut other = Store::open(&path).unwrap().with_actor("kim");
    drop(c);
    assert_eq!(other.adopt_drafts().unwrap(), 0);
    assert_eq!(other.draft(mid, Section::Goals).unwrap(), None);
    // Nothing here is part of the record.
    assert!(a.load_meeting(mid).unwrap().entries.is_empty());
}

#[test]
fn an_adopted_correction_is_still_a_correction() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mid) = file_db(dir.path());
    let mut a = Store::open(&path).unwrap().with_actor("lee");
    let e = a.add_entry(mid, Section::Goals, &NewEntry { text: "first version".into(), ..Default::default() }).unwrap();
    a.save_composer(mid, Section::Goals, "second version", Some(e.id)).unwrap();
    drop(a);
    let mut b = Store::open(&path).unwrap().with_actor("lee");
    b.adopt_drafts().unwrap();
    let d = b.composer_draft(mid, Section::Goals).unwrap().unwrap();
    assert_eq!((d.text.as_str(), d.corrects), ("second version", Some(e.id)));
}

#[test]
fn editor_drafts_are_kept_updated_adopted_and_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mid) = file_db(dir.path());
    let mut a = Store::open(&path).unwrap().with_actor("lee");
    let id = a.save_editor_draft(None, Some(mid), None, &editor("Room")).unwrap();
    assert_eq!(a.save_editor_draft(Some(id), Some(mid), None, &editor("Room 12")).unwrap(), id, "one row per editor");
    assert_eq!(a.editor_drafts().unwrap().len(), 1);
    let typing = a.typing_in(mid).unwrap();
    assert_eq!(typing.len(), 1);
    assert!(typing[0].mine && typing[0].place == "Location" && typing[0].text == "Room 12");
    // The field itself is untouched: a draft is never the value.
    let details = a.load_meeting(mid).unwrap();
    assert_eq!(details.block(Block::Details).first().map(|i| i.record.as_record().get("location")).unwrap_or_default(), "");
    drop(a);
    let mut b = Store::open(&path).unwrap().with_actor("lee");
    assert_eq!(b.editor_drafts().unwrap().len(), 0, "not b's until adopted");
    b.adopt_drafts().unwrap();
    let d = b.editor_drafts().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].draft.text, "Room 12");
    assert_eq!(d[0].meeting_id, Some(mid));
    b.clear_editor_draft(d[0].id).unwrap();
    assert!(b.editor_drafts().unwrap().is_empty());
}

#[test]
fn finalize_is_refused_by_the_store_for_open_parking_and_own_unrecorded_text() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mid) = file_db(dir.path());
    let mut a = Store::open(&path).unwrap().with_actor("lee");
    let mut b = Store::open(&path).unwrap().with_actor("kim");
    let p = a
        .add_entry(mid, Section::Goals, &NewEntry { kind: Some(crate::domain::minutes::EntryKind::Parking), text: "bus".into(), ..Default::default() })
        .unwrap();
    let e = a.finalize_meeting(mid, today()).unwrap_err().to_string();
    assert!(e.contains("1 parking-lot item(s) still open"), "{e}");
    a.resolve_parking(mid, &p, Section::Goals).unwrap();
    a.save_draft(mid, Section::Consent, "not recorded yet").unwrap();
    let e = a.finalize_meeting(mid, today()).unwrap_err().to_string();
    assert!(e.contains("minutes of Consent is not recorded yet"), "{e}");
    assert!(a.load_meeting(mid).unwrap().is_open(), "nothing changed");
    a.save_draft(mid, Section::Consent, "").unwrap();
    // Someone else's unrecorded text does not hold the meeting up, and is not lost by finalizing.
    b.save_draft(mid, Section::Goals, "kim was still typing").unwrap();
    let typing = a.typing_in(mid).unwrap();
    assert!(typing.iter().any(|t| t.actor == "kim" && !t.mine && t.place == "the minutes of Goals"), "{typing:?}");
    a.finalize_meeting(mid, today()).unwrap();
    assert_eq!(b.draft(mid, Section::Goals).unwrap().as_deref(), Some("kim was still typing"));
    // A draft written after the finalize (the other person kept typing) is still kept.
    b.save_draft(mid, Section::Goals, "kim was still typing, and more").unwrap();
    assert_eq!(b.draft(mid, Section::Goals).unwrap().as_deref(), Some("kim was still typing, and more"));
}

#[test]
fn an_error_cannot_be_acknowledged_even_by_a_caller_that_does_not_check() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mid) = file_db(dir.path());
    let mut s = Store::open(&path).unwrap();
    let m = s.load_meeting(mid).unwrap();
    let st = s.student(m.student_id).unwrap();
    let (policy, cal) = (s.policy().unwrap(), s.calendar().unwrap());
    let ctx = crate::rules::Ctx { student: &st, meeting: &m, policy: &policy, calendar: &cal, today: today(), live: Default::default() };
    let findings = crate::rules::evaluate(&ctx, crate::rules::RuleSet::builtin());
    let err = findings.iter().find(|f| f.severity == crate::rules::Severity::Error).expect("an empty meeting has ERRORs");
    let e = s.acknowledge(mid, err.rule, &err.target.key(), "we are sure").unwrap_err().to_string();
    assert!(e.contains("cannot be acknowledged"), "{e}");
    assert!(s.acknowledgements(mid).unwrap().is_empty(), "nothing written");
    assert!(s.acknowledge(mid, err.rule, &err.target.key(), "   ").is_err(), "a reason is required");
}

#[test]
fn version_6_acknowledgements_by_position_become_by_id() {
    use rusqlite::Connection;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    {
        let mut c = Connection::open(&path).unwrap();
        c.pragma_update(None, "application_id", 0x4945_5031).unwrap();
        super::schema::migrations_to(6).to_latest(&mut c).unwrap();
        let goal = |t: &str| AnyRecord::Goal(Goal { annual_goal: t.into(), ..Default::default() }).to_json();
        let (g1, g2) = (goal("ALPHA"), goal("BRAVO"));
        c.execute_batch(&format!(
            "INSERT INTO students(id, data, created_at, updated_at) VALUES (1, '{{\"local_id\":\"X1\"}}', 't', 't');
             INSERT INTO meetings(id, student_id, mtype, created_at) VALUES (1, 1, 'annual', 't');
             INSERT INTO meetings(id, student_id, mtype, created_at) VALUES (2, 1, 'annual', 't');
             INSERT INTO meeting_items(id, meeting_id, block, position, data, version, created_at, updated_at) VALUES (7, 1, 'goal', 0, '{g1}', 1, 't', 't');
             INSERT INTO meeting_items(id, meeting_id, block, position, data, version, created_at, updated_at) VALUES (9, 1, 'goal', 1, '{g2}', 1, 't', 't');
             INSERT INTO meeting_items(id, meeting_id, block, position, data, version, created_at, updated_at) VALUES (11, 2, 'goal', 0, '{g1}', 1, 't', 't');
             INSERT INTO acknowledgements(meeting_id, rule, target, reason, actor, at) VALUES (1, 'r', 'goals/goal/1/standard', 'second goal', 'x', 't');
             INSERT INTO acknowledgements(meeting_id, rule, target, reason, actor, at) VALUES (1, 'r', 'goals/goal/5/standard', 'gone', 'x', 't');
             INSERT INTO acknowledgements(meeting_id, rule, target, reason, actor, at) VALUES (2, 'r', 'goals/goal/0/standard', 'final', 'x', 't');
             INSERT INTO drafts(meeting_id, section, actor, text, updated_at) VALUES (1, 'goals', 'lee', 'old draft', 't');
             INSERT INTO app_state(key, value) VALUES ('resume:lee', 'meeting:1:goals');
             INSERT INTO app_state(key, value) VALUES ('draft:lee', '{{\"label\":\"Baseline\",\"text\":\"half typed\",\"block\":\"goal\",\"idx\":1,\"key\":\"baseline\"}}');
             UPDATE meetings SET status = 'finalized' WHERE id = 2;"
        ))
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap().with_actor("lee");
    assert_eq!(s.schema_version().unwrap(), super::schema::LATEST);
    let acks = s.acknowledgements(1).unwrap();
    assert_eq!(acks[0].target, "goals/goal/#9/standard", "the second goal, by its id");
    assert!(acks[1].target.contains("gone-5"), "an item that no longer exists names nothing: {:?}", acks[1]);
    assert_eq!(s.acknowledgements(2).unwrap()[0].target, "goals/goal/0/standard", "a finalized record is not rewritten");
    // The old composer draft and the old field-editor draft (by position) are adopted, by id.
    s.adopt_drafts().unwrap();
    assert_eq!(s.draft(1, Section::Goals).unwrap().as_deref(), Some("old draft"));
    let d = s.editor_drafts().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].draft.target, DraftTarget::Field { block: "goal".into(), key: "baseline".into(), item: Some(9) });
    assert_eq!(d[0].draft.text, "half typed");
    assert!(s.get_state("draft:lee").unwrap().is_none());
    // A finding on the second goal matches its acknowledgement after the goals are reordered.
    s.reorder_items(1, Block::Goals, &[9, 7]).unwrap();
    let t = crate::rules::Target { item: Some(0), item_id: Some(9), ..crate::rules::Target::field(Block::Goals, "standard") };
    assert!(t.matches_ack(&acks[0].target));
    let moved = crate::rules::Target { item: Some(1), item_id: Some(7), ..crate::rules::Target::field(Block::Goals, "standard") };
    assert!(!moved.matches_ack(&acks[0].target), "the goal now in position 2 is not the one acknowledged");
}
