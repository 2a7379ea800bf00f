//! `cargo bench --bench evaluate`: a full compliance evaluation of a large meeting (25 attendees,
//! 40 goals with objectives, 30 services, long minutes). Target: under 200 µs.

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use iepmeet::domain::fields::Cx;
use iepmeet::domain::meeting::{Block, Item, Meeting, MeetingType};
use iepmeet::domain::student::Student;
use iepmeet::rules::{evaluate, Ctx, Live, RuleSet};
use iepmeet::timeline::{Calendar, Policy};

fn push(m: &mut Meeting, b: Block, kv: &[(&str, String)]) {
    let cx = Cx { today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), now: None };
    let mut r = b.new_record();
    for (k, v) in kv {
        r.as_record_mut().set(k, v, &cx).unwrap();
    }
    let id = m.block(b).len() as i64 + 1;
    m.block_mut(b).push(Item { id, version: 1, record: r });
}

fn large_meeting() -> (Student, Meeting) {
    let s = Student {
        last_name: "Bench".into(),
        first_name: "Mark".into(),
        dob: NaiveDate::from_ymd_opt(2009, 3, 10),
        grade: "12".into(),
        home_language: "Spanish".into(),
        english_proficiency: "EL".into(),
        rights_holder: "Parent/guardian".into(),
        primary_disability: "Specific learning disability".into(),
        last_iep_date: NaiveDate::from_ymd_opt(2025, 12, 1),
        last_assessment_date: NaiveDate::from_ymd_opt(2024, 12, 1),
        ..Default::default()
    };
    let mut m = Meeting::new(1, 1, MeetingType::Triennial);
    push(&mut m, Block::Details, &[("date", "2026-11-20".into()), ("start_time", "14:00".into()), ("location", "Room 1".into())]);
    let roles = ["Parent/guardian", "General education teacher", "Special education teacher/provider", "LEA representative", "Related-service provider"];
    for i in 0..25 {
        push(&mut m, Block::Attendees, &[("name", format!("Member {i}")), ("roles", roles[i % roles.len()].into()), ("arrived", "14:00".into())]);
    }
    for i in 0..40 {
        push(
            &mut m,
            Block::Goals,
            &[
                ("area", "Communication".into()),
                ("need", "Expressive language".into()),
                ("baseline", format!("Baseline {i}: 40% of opportunities.")),
                ("annual_goal", format!("By November 2027, goal {i}: the student will do it in 80% of opportunities, as measured by data.")),
                ("objectives", "By March: 50%\nBy June: 65%\nBy September: 75%".into()),
            ],
        );
    }
    for i in 0..30 {
        push(
            &mut m,
            Block::Services,
            &[
                ("service", "Language and speech".into()),
                ("provider", format!("Provider {i}")),
                ("sessions", "2".into()),
                ("period", "weekly".into()),
                ("duration", "30".into()),
                ("start", "2026-11-21".into()),
                ("end", "2027-11-19".into()),
            ],
        );
    }
    for i in 0..5 {
        push(&mut m, Block::Excusals, &[("member", format!("Excused {i}")), ("area", "Occupational therapy".into()), ("area_modified_or_discussed", "no".into())]);
    }
    // Long minutes: 40 entries of 1,000 characters in every section.
    for (i, sec) in iepmeet::domain::meeting::Section::ALL.into_iter().enumerate() {
        for n in 0..40 {
            m.entries.push(iepmeet::domain::minutes::Entry {
                id: (i * 100 + n) as i64,
                section: sec,
                kind: iepmeet::domain::minutes::EntryKind::Note,
                speaker: String::new(),
                text: format!("Section {i} discussion. ").repeat(50),
                owner: String::new(),
                due: None,
                resolution: None,
                at: "2026-11-22T15:00:00.000Z".into(),
                actor: "bench".into(),
                version: 1,
            });
        }
    }
    (s, m)
}

fn bench(c: &mut Criterion) {
    let (s, m) = large_meeting();
    let policy = Policy::california();
    let rules = RuleSet::builtin();
    let live = Live { section: Some(iepmeet::domain::meeting::Section::Goals), editing: Some((Block::Goals, 3)) };
    c.bench_function("evaluate large meeting", |b| {
        b.iter(|| {
            let ctx = Ctx { student: &s, meeting: &m, policy: &policy, calendar: Calendar::sample(), today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), live };
            black_box(evaluate(black_box(&ctx), rules))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
