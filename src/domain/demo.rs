//! A deterministic, clearly fictional demo caseload. Every name is drawn from short invented lists,
//! every ID starts with `DEMO-`, and the same seed and date always give the same caseload.

use chrono::{Duration, NaiveDate};

use super::dates::{add_years, birthday};
use super::meeting::{AnyRecord, Attendee, Details, MeetingType};
use super::student::Student;

const FIRST: &[&str] = &[
    "Juniper", "Marlo", "Tavi", "Odessa", "Brisa", "Caspian", "Indigo", "Wren", "Sol", "Paz", "Emrys", "Lumi",
    "Ziggy", "Noor", "Anouk", "Ravi", "Tamsin", "Eko", "Lior", "Yara", "Bexley", "Ottoline", "Ciro", "Mireya",
    "Kaito", "Alder", "Saffi", "Teo", "Vesper", "Ines",
];
const LAST: &[&str] = &[
    "Quillfeather", "Marblewood", "Thistledown", "Brambleton", "Copperkettle", "Fernsby", "Lanternfield",
    "Puddingstone", "Wickerham", "Sparrowgate", "Honeycutt-Vale", "Mossgrove", "Tumbleweed", "Ravensmere",
    "Oakhollow", "Pebbleford", "Snowbright", "Kettleburn", "Starling", "Windlestraw",
];
const MANAGERS: &[&str] = &["R. Demo-Alvarez", "K. Demo-Nakamura", "P. Demo-Okafor", "S. Demo-Lindqvist"];
const SCHOOLS: &[&str] = &["Demo Elementary", "Sample Middle School", "Example High School", "Placeholder Preschool"];
const LANGS: &[(&str, &str)] = &[("Spanish", "EL"), ("Vietnamese", "EL"), ("Tagalog", "RFEP"), ("Mandarin", "IFEP")];
const DISABILITIES: &[&str] = &[
    "Specific learning disability",
    "Speech or language impairment",
    "Autism",
    "Other health impairment",
    "Intellectual disability",
    "Emotional disturbance",
];

/// Small, fast, deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

/// A demo student and, for some, a meeting already in progress.
pub struct DemoStudent {
    pub student: Student,
    pub open_meeting: Option<(MeetingType, Vec<AnyRecord>)>,
    /// Last year's IEP, finalized: what a finished record looks like (`history`).
    pub history: Option<History>,
}

/// A finalized annual IEP of last year: its forms (consent given and signed), a few minutes
/// entries, and one amendment made after it was finalized.
#[derive(Debug, Clone)]
pub struct History {
    pub date: NaiveDate,
    pub records: Vec<AnyRecord>,
    /// (section code, the entry as typed in the composer: `/d …`, `/c @parent …`)
    pub entries: Vec<(&'static str, String)>,
    /// (what, before, after, reason)
    pub amendment: (String, String, String, String),
}

/// Students with a history: a few per caseload, never more than this many (the 100,000-student
/// demo stays quick to load).
pub const MAX_HISTORIES: usize = 40;

fn history(student: &Student) -> Option<History> {
    let date = student.last_iep_date?;
    let last = student.last_name.clone();
    let location = "Demo Elementary, room 4".to_string();
    let ten = chrono::NaiveTime::from_hms_opt(10, 0, 0);
    let details = Details { date: Some(date), start_time: ten, location: location.clone(), purpose: "Annual review".into(), ..Default::default() };
    let parent = format!("Demo Parent {last}");
    let manager = if student.case_manager.is_empty() { "R. Demo-Alvarez".to_string() } else { student.case_manager.clone() };
    let who = |name: &str, role: &str| {
        AnyRecord::Attendee(Attendee { name: name.into(), roles: vec![role.into()], mode: "In person".into(), arrived: ten, ..Default::default() })
    };
    let consent = super::meeting::Consent {
        safeguards_received: Some(true),
        copy_received: Some(true),
        choice: "Agree to the IEP".into(),
        ..Default::default()
    };
    let sign = |name: &str, role: &str| {
        AnyRecord::Signature(super::meeting::Signature { name: name.into(), role: role.into(), signed_on: Some(date), signed_at: chrono::NaiveTime::from_hms_opt(10, 55, 0) })
    };
    Some(History {
        date,
        records: vec![
            AnyRecord::Details(details),
            who(&parent, "Parent/guardian"),
            who(&manager, "Special education teacher/provider"),
            who("T. Sample-Reyes", "General education teacher"),
            AnyRecord::Consent(consent),
            sign(&parent, "Parent/guardian"),
            sign(&manager, "Special education teacher/provider"),
        ],
        entries: vec![
            ("attendance", "Introductions; the family received the procedural safeguards.".into()),
            ("present-levels", "/c @parent would like more practice with reading at home.".into()),
            ("goals", "/d The team agreed on a reading fluency goal and a written expression goal.".into()),
            ("consent", "The parent consented to the IEP and signed.".into()),
        ],
        amendment: (
            super::minutes::amended_field(super::meeting::Block::Details, None, "Location"),
            location,
            "Demo Elementary, library".into(),
            "Recorded in the wrong room; corrected with the parent's written agreement.".into(),
        ),
    })
}

fn grade_for_age(age: i32) -> &'static str {
    match age {
        ..=2 => "Infant",
        3 | 4 => "Preschool",
        5 => "K",
        6 => "1",
        7 => "2",
        8 => "3",
        9 => "4",
        10 => "5",
        11 => "6",
        12 => "7",
        13 => "8",
        14 => "9",
        15 => "10",
        16 => "11",
        17 => "12",
        _ => "Adult transition",
    }
}

/// Generate `n` fictional students as of `today`.
pub fn caseload(n: usize, seed: u64, today: NaiveDate) -> Vec<DemoStudent> {
    let mut rng = Rng::new(seed);
    (0..n).map(|i| one(i, &mut rng, today)).collect()
}

fn one(i: usize, rng: &mut Rng, today: NaiveDate) -> DemoStudent {
    // The case kind cycles so that even a small caseload holds every situation.
    let kind = i % 10;
    let days = |d: i64| Duration::days(d);
    // Last complete IEP: most are comfortably current.
    let mut last_iep = today - days(30 + rng.below(300) as i64);
    let mut age = 3 + rng.below(19) as i32; // 3..=21
    match kind {
        0 => last_iep = today - days(365 + 5 + rng.below(60) as i64), // annual overdue
        1 => last_iep = today - days(365 - 3 - rng.below(25) as i64), // annual due within a month
        3 => age = 15,                                                 // turns 16 before the next annual IEP
        4 => age = 16,                                                 // turns 17 before the next annual IEP
        _ => {}
    }
    let next_annual = add_years(last_iep, 1);
    // Date of birth: for kinds 3 and 4, the birthday falls between today and the next annual review.
    let dob = if kind == 3 || kind == 4 {
        let window = (next_annual - today).num_days().max(2);
        let bday_in = 1 + rng.below(window as u64 - 1) as i64;
        let next_bday = today + days(bday_in);
        add_years(next_bday, -(age + 1))
    } else {
        today - days(age as i64 * 365 + rng.below(360) as i64)
    };
    debug_assert!(kind != 3 || birthday(dob, 16) <= next_annual);
    let last_assessment = if kind == 2 {
        add_years(today + days(10 + rng.below(40) as i64), -3) // triennial due soon
    } else {
        last_iep - days(365 * rng.below(3) as i64)
    };
    let (home_language, el) = if i % 4 == 1 { *rng.pick(LANGS) } else { ("English", "EO") };
    let first = rng.pick(FIRST).to_string();
    let last = rng.pick(LAST).to_string();
    let grade = grade_for_age(super::dates::age_on(dob, today));
    let school = match age {
        ..=4 => SCHOOLS[3],
        5..=10 => SCHOOLS[0],
        11..=13 => SCHOOLS[1],
        _ => SCHOOLS[2],
    };
    let adult = super::dates::age_on(dob, today) >= 18;
    let student = Student {
        last_name: last.clone(),
        first_name: first,
        local_id: format!("DEMO-{:05}", i + 1),
        ssid: format!("99{:08}", (rng.next_u64() % 100_000_000)),
        dob: Some(dob),
        gender: ["F", "M", "X"][rng.below(3) as usize].to_string(),
        grade: grade.to_string(),
        school: school.to_string(),
        home_language: home_language.to_string(),
        english_proficiency: el.to_string(),
        rights_holder: if adult { "Adult student" } else { "Parent/guardian" }.to_string(),
        rights_holder_name: if adult { "(the student)".into() } else { format!("Demo Parent {last}") },
        parent_contact: "555-0100 (fictional)".to_string(),
        case_manager: rng.pick(MANAGERS).to_string(),
        primary_disability: rng.pick(DISABILITIES).to_string(),
        secondary_disability: String::new(),
        referral_date: None,
        initial_consent_date: None,
        last_iep_date: Some(last_iep),
        last_assessment_date: Some(last_assessment),
        ..Default::default()
    };
    // The other deadlines of a caseload: a parent's written request for a meeting, a transfer in from
    // another district, a disciplinary change of placement, and initial evaluations under way.
    let mut student = student;
    match i % 20 {
        5 => student.parent_request_date = Some(today - days(3 + rng.below(20) as i64)),
        7 => student.transfer_enrolled = Some(today - days(5 + rng.below(30) as i64)),
        15 => {
            student.referral_date = Some(today - days(40 + rng.below(20) as i64));
            student.assessment_plan_sent = student.referral_date.map(|r| r + days(10));
            student.initial_consent_date = student.referral_date.map(|r| r + days(14));
            student.last_iep_date = None;
            student.last_assessment_date = None;
            student.primary_disability = String::new();
        }
        _ => {}
    }
    if i % 40 == 9 {
        student.discipline_decision_date = Some(today - days(rng.below(6) as i64));
    }
    let open_meeting = (i == 0).then(|| {
        let details = Details {
            date: Some(today),
            start_time: chrono::NaiveTime::from_hms_opt(14, 0, 0),
            location: "Demo Elementary, room 12".into(),
            purpose: "Annual review".into(),
            ..Default::default()
        };
        let who = |name: &str, role: &str| {
            AnyRecord::Attendee(Attendee {
                name: name.into(),
                roles: vec![role.into()],
                mode: "In person".into(),
                arrived: chrono::NaiveTime::from_hms_opt(14, 0, 0),
                ..Default::default()
            })
        };
        (
            MeetingType::Annual,
            vec![
                AnyRecord::Details(details),
                who(&format!("Demo Parent {last}"), "Parent/guardian"),
                who("R. Demo-Alvarez", "Special education teacher/provider"),
                who("T. Sample-Reyes", "General education teacher"),
            ],
        )
    });
    // Some students (never the first, whose open meeting the tour walks through) have last year's
    // IEP finalized, with consent, signatures, minutes and an amendment.
    let history = if i > 0 && i % 5 == 2 && i / 5 < MAX_HISTORIES { history(&student) } else { None };
    DemoStudent { student, open_meeting, history }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::age_on;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn deterministic_and_fictional() {
        let a = caseload(40, 7, today());
        let b = caseload(40, 7, today());
        assert_eq!(a.len(), 40);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.student, y.student);
            assert!(x.student.local_id.starts_with("DEMO-"));
        }
        let c = caseload(40, 8, today());
        assert_ne!(a[5].student, c[5].student, "another seed gives another caseload");
    }

    #[test]
    fn exercises_the_domain() {
        let t = today();
        let c = caseload(40, 1, t);
        let ages: Vec<i32> = c.iter().map(|d| age_on(d.student.dob.unwrap(), t)).collect();
        assert!(ages.iter().all(|a| (3..=21).contains(a)), "{ages:?}");
        let overdue = c.iter().filter(|d| d.student.next_annual_due().is_some_and(|due| due < t)).count();
        let soon = c
            .iter()
            .filter(|d| d.student.next_annual_due().is_some_and(|due| due >= t && (due - t).num_days() <= 30))
            .count();
        assert!(overdue >= 3 && soon >= 3, "overdue {overdue}, soon {soon}");
        let turning = |n: i32| {
            c.iter()
                .filter(|d| {
                    let s = &d.student;
                    let b = birthday(s.dob.unwrap(), n);
                    b > t && s.next_annual_due().is_some_and(|due| b <= due)
                })
                .count()
        };
        assert!(turning(16) >= 3 && turning(17) >= 3);
        assert!(c.iter().filter(|d| d.student.is_english_learner()).count() >= 3);
        let tri = c.iter().filter(|d| d.student.next_triennial_due().is_some_and(|due| (due - t).num_days() <= 60)).count();
        assert!(tri >= 3);
        let has = |f: fn(&Student) -> bool| c.iter().filter(|d| f(&d.student)).count();
        assert!(has(|s| s.initial_consent_date.is_some() && s.last_iep_date.is_none()) >= 2, "initial evaluations");
        assert!(has(|s| s.parent_request_date.is_some()) >= 2 && has(|s| s.transfer_enrolled.is_some()) >= 2);
        assert!(has(|s| s.discipline_decision_date.is_some()) >= 1);
        assert_eq!(c.iter().filter(|d| d.open_meeting.is_some()).count(), 1);
    }
}
