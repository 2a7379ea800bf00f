//! Every field of every section, and of the student record, survives closing and reopening the database.

mod common;

use common::*;
use iepmeet::domain::demo;
use iepmeet::domain::fields::Record;
use iepmeet::domain::meeting::{Block, Section};
use iepmeet::domain::refdata::RefData;
use iepmeet::domain::student::Student;
use iepmeet::store::Store;

#[test]
fn every_field_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roundtrip.sqlite3");
    let (mid, sid, student) = {
        let mut store = Store::open(&path).unwrap();
        store.load_demo(&demo::caseload(5, 3, today()), today(), |_| ()).unwrap();
        let mid = fill_meeting(&mut store);
        // the student record, every field set
        let refdata = RefData::builtin();
        let mut s = Student::default();
        for spec in Student::SPECS {
            s.set(spec.key, &sample(spec.kind, spec.key, &refdata), &cx()).unwrap();
            assert!(!s.get(spec.key).is_empty(), "{}", spec.key);
        }
        s.local_id = "RT-1".into();
        let sid = store.insert_student(&s).unwrap();
        (mid, sid, s)
    };
    // reopen from disk
    let store = Store::open(&path).unwrap();
    assert_eq!(store.student(sid).unwrap(), student);
    let m = store.load_meeting(mid).unwrap();
    for b in Block::ALL {
        let items = m.block(b);
        let expect = filled(b);
        let got = items.last().unwrap_or_else(|| panic!("block {} lost", b.code()));
        assert_eq!(got.record, expect, "block {}", b.code());
        let r = got.record.as_record();
        for spec in r.specs() {
            assert!(!r.get(spec.key).is_empty(), "{}.{} empty after reopen", b.code(), spec.key);
        }
    }
    for s in Section::ALL {
        assert_eq!(m.minutes_text(s), format!("Minutes of {} — note one.\nSecond line.", s.label()));
    }
    assert!(m.done[Section::Attendance.index()] && m.done[Section::Excusals.index()]);
    assert!(!m.done[Section::Goals.index()]);
    assert!(store.audit_count(Some(m.student_id)).unwrap() > 14, "every write is audited");
}

#[test]
fn order_of_items_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("order.sqlite3");
    let mid = {
        let mut store = Store::open(&path).unwrap();
        store.load_demo(&demo::caseload(2, 3, today()), today(), |_| ()).unwrap();
        let mid = store.meetings_for(1).unwrap()[0].id;
        let mut ids = vec![];
        for name in ["first", "second", "third"] {
            let mut g = Block::Goals.new_record();
            g.as_record_mut().set("annual_goal", name, &cx()).unwrap();
            ids.push(store.insert_item(mid, Block::Goals, &g).unwrap().id);
        }
        ids.reverse();
        store.reorder_items(mid, Block::Goals, &ids).unwrap();
        mid
    };
    let store = Store::open(&path).unwrap();
    let m = store.load_meeting(mid).unwrap();
    let order: Vec<String> = m.block(Block::Goals).iter().map(|i| i.record.as_record().get("annual_goal")).collect();
    assert_eq!(order, ["third", "second", "first"]);
}
