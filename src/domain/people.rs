//! The people a meeting's team is picked from: the staff directory (`docs/staff-format.md`, imported
//! from a district's CSV), the student's own record (IEP 1: the parent or rights holder, the case
//! manager, the student), and who came to the student's earlier meetings. Pure: text in, validated
//! rows or every bad row out (all rows or none); records in, a list of people out.

use super::meeting::Attendee;
use super::refdata::RefData;
use super::roster::{next_record, open_csv, Next, RowError};
use super::student::Student;
use super::text::clean_line;

/// One person of the staff directory, or one person the team list offers.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Person {
    pub name: String,
    /// IEP 9B roles (`roles` of data/reference.toml).
    #[serde(default)]
    pub roles: Vec<String>,
    /// IEP 9B qualifications (`attendee_qualifications`).
    #[serde(default)]
    pub qualifications: Vec<String>,
    #[serde(default)]
    pub email: String,
}

/// Where an offered person comes from (shown beside the name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    StudentRecord,
    EarlierMeeting,
    Staff,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::StudentRecord => "student record",
            Source::EarlierMeeting => "earlier meeting",
            Source::Staff => "staff directory",
        }
    }
}

/// A staff directory CSV's columns.
pub const COLUMNS: &[(&str, bool, &str)] = &[
    ("name", true, "Full name as it should appear on IEP 9B; the key: importing again updates the person with this name (ignoring case)"),
    ("roles", true, "IEP 9B roles, separated by `;` (from `roles` in data/reference.toml)"),
    ("qualifications", false, "IEP 9B qualifications, separated by `;` (from `attendee_qualifications`)"),
    ("email", false, "Work email (shown in the directory only)"),
];

/// The most rows a directory may have.
pub const MAX_ROWS: usize = 100_000;

/// Parse and validate a whole staff directory: every row, or every problem by line and column.
pub fn parse_directory(text: &str, refdata: &RefData) -> Result<Vec<Person>, Vec<RowError>> {
    let known: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
    let required: Vec<&str> = COLUMNS.iter().filter(|c| c.1).map(|c| c.0).collect();
    let (mut rdr, map) = open_csv(text, &known, &required, "docs/staff-format.md")?;
    let map: Vec<&str> = map.into_iter().map(|i| known[i]).collect();
    let err = |line: u64, column: &str, problem: String| RowError { line, column: column.into(), problem };
    let mut errors = Vec::new();
    let mut people: Vec<Person> = Vec::new();
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for rec in rdr.records() {
        let taken = people.len() + errors.len();
        let (line, rec) = match next_record(rec, map.len(), taken, MAX_ROWS, &mut errors) {
            Next::Row(line, rec) => (line, rec),
            Next::Skip => continue,
            Next::Stop => break,
        };
        let mut p = Person::default();
        let mut bad = false;
        for (col, value) in map.iter().zip(rec.iter()) {
            if value.chars().any(|c| c.is_control()) {
                errors.push(err(line, col, "contains control characters".into()));
                bad = true;
                continue;
            }
            let value = clean_line(value);
            let list = |key: &str, errors: &mut Vec<RowError>, bad: &mut bool| -> Vec<String> {
                let mut out = Vec::new();
                for v in value.split(';').map(str::trim).filter(|v| !v.is_empty()) {
                    match refdata.canonical(key, v) {
                        Ok(c) if !out.contains(&c) => out.push(c),
                        Ok(_) => {}
                        Err(e) => {
                            errors.push(err(line, col, e));
                            *bad = true;
                        }
                    }
                }
                out
            };
            match *col {
                "name" => p.name = value.clone(),
                "roles" => p.roles = list("roles", &mut errors, &mut bad),
                "qualifications" => p.qualifications = list("attendee_qualifications", &mut errors, &mut bad),
                _ => p.email = value.clone(),
            }
        }
        for (col, empty) in [("name", p.name.is_empty()), ("roles", p.roles.is_empty())] {
            if empty && !bad {
                errors.push(err(line, col, "required, but empty".into()));
                bad = true;
            }
        }
        if bad {
            continue;
        }
        if let Some(first) = seen.insert(p.name.to_lowercase(), line) {
            errors.push(err(line, "name", format!("{} is already on line {first}", super::text::display(&p.name))));
            continue;
        }
        people.push(p);
    }
    if errors.is_empty() { Ok(people) } else { Err(errors) }
}

/// The name in a contact line ("Alex Rivera 555-0100", "Alex Rivera, alex@example.org"): the words
/// before the first one holding a digit or an `@`.
pub fn name_in_contact(contact: &str) -> String {
    let words: Vec<&str> = contact.split_whitespace().take_while(|w| !w.chars().any(|c| c.is_ascii_digit() || c == '@')).collect();
    words.join(" ").trim_end_matches([',', ';', '-', ':']).trim().to_string()
}

/// The people offered for a meeting's team, best first, each once (names match ignoring case) and
/// none already on the list `present`: the student's record (the rights holder or parent, the
/// student, the case manager), who came to the student's earlier meetings (newest first), then the
/// staff directory. A person the directory knows brings its roles and qualifications wherever they
/// are found; a parent or student brings their role.
pub fn team_candidates(student: &Student, earlier: &[Attendee], staff: &[Person], present: &[String]) -> Vec<(Person, Source)> {
    let mut out: Vec<(Person, Source)> = Vec::new();
    let key = |n: &str| n.trim().to_lowercase();
    let taken = |out: &[(Person, Source)], n: &str| present.iter().chain(out.iter().map(|(p, _)| &p.name)).any(|x| key(x) == key(n));
    let directory = |n: &str| staff.iter().find(|p| key(&p.name) == key(n));
    let offer = |out: &mut Vec<(Person, Source)>, mut p: Person, src: Source| {
        if p.name.trim().is_empty() || taken(out, &p.name) {
            return;
        }
        if let Some(d) = directory(&p.name) {
            if p.roles.is_empty() {
                p.roles = d.roles.clone();
            }
            if p.qualifications.is_empty() {
                p.qualifications = d.qualifications.clone();
            }
        }
        out.push((p, src));
    };
    let parent_role = "Parent/guardian".to_string();
    // An adult student holds their own rights: they are offered as the student, below.
    let holder = student.rights_holder_name.trim();
    if !holder.is_empty() && student.rights_holder != "Adult student" {
        let role = match student.rights_holder.as_str() {
            "Adult student" => "Student",
            "Educational representative" | "Surrogate parent" => "Educational representative/surrogate parent",
            _ => "Parent/guardian",
        };
        offer(&mut out, Person { name: holder.to_string(), roles: vec![role.to_string()], ..Person::default() }, Source::StudentRecord);
    }
    let parent = name_in_contact(&student.parent_contact);
    offer(&mut out, Person { name: parent, roles: vec![parent_role], ..Person::default() }, Source::StudentRecord);
    let me = format!("{} {}", student.first_name.trim(), student.last_name.trim());
    offer(&mut out, Person { name: me.trim().to_string(), roles: vec!["Student".into()], ..Person::default() }, Source::StudentRecord);
    offer(&mut out, Person { name: student.case_manager.trim().to_string(), ..Person::default() }, Source::StudentRecord);
    for a in earlier {
        offer(
            &mut out,
            Person { name: a.name.trim().to_string(), roles: a.roles.clone(), qualifications: a.qualifications.clone(), ..Person::default() },
            Source::EarlierMeeting,
        );
    }
    for p in staff {
        offer(&mut out, p.clone(), Source::Staff);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rd() -> RefData {
        RefData::builtin()
    }

    #[test]
    fn a_directory_reads_roles_and_qualifications_in_the_lists_spelling() {
        let csv = "Name,Roles,Qualifications,Email\n\"Lee, Dana\",general education teacher,teacher of this student,d@x.org\nKim Park,LEA representative; Special education teacher/provider,Authority to commit LEA resources;Knows the general curriculum,\n";
        let p = parse_directory(csv, &rd()).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].name, "Lee, Dana");
        assert_eq!(p[0].roles, vec!["General education teacher"]);
        assert_eq!(p[0].qualifications, vec!["Teacher of this student"]);
        assert_eq!(p[1].roles, vec!["LEA representative", "Special education teacher/provider"]);
        assert_eq!(p[1].qualifications.len(), 2);
    }

    #[test]
    fn a_bad_directory_names_every_problem_and_gives_nothing() {
        let csv = "name,roles,colour\n";
        let e = parse_directory(csv, &rd()).unwrap_err();
        assert!(e[0].to_string().contains("column colour: unknown column"), "{e:?}");
        let csv = "name,roles\nA,Wizard\n,Student\nB,Student\nb,Student\nC\n";
        let e: Vec<String> = parse_directory(csv, &rd()).unwrap_err().iter().map(|e| e.to_string()).collect();
        assert_eq!(e.len(), 4, "{e:?}");
        assert!(e[0].starts_with("line 2, column roles: 'Wizard' is not one of"), "{e:?}");
        assert!(e[1].starts_with("line 3, column name: required, but empty"), "{e:?}");
        assert!(e[2].starts_with("line 5, column name: b is already on line 4"), "{e:?}");
        assert!(e[3].starts_with("line 6: 1 values where the header names 2 columns"), "{e:?}");
        let e = parse_directory("name,roles\n\"A\u{1b}[2J\",Student\n", &rd()).unwrap_err();
        assert!(e[0].to_string().contains("control characters"), "{e:?}");
    }

    #[test]
    fn the_name_of_a_contact_line() {
        assert_eq!(name_in_contact("Alex Rivera 555-0100"), "Alex Rivera");
        assert_eq!(name_in_contact("Alex Rivera, alex@example.org"), "Alex Rivera");
        assert_eq!(name_in_contact("(408) 555-0100"), "", "a contact with no name gives none");
        assert_eq!(name_in_contact(""), "");
    }

    #[test]
    fn candidates_come_once_best_first_with_what_the_directory_knows() {
        let s = Student {
            first_name: "Sam".into(),
            last_name: "Rivera".into(),
            parent_contact: "Alex Rivera 555-0100".into(),
            case_manager: "Jordan Case".into(),
            ..Student::default()
        };
        let earlier = vec![Attendee { name: "Morgan Teach".into(), roles: vec!["General education teacher".into()], ..Attendee::default() }];
        let staff = vec![
            Person { name: "jordan case".into(), roles: vec!["Special education teacher/provider".into()], ..Person::default() },
            Person { name: "MORGAN TEACH".into(), roles: vec!["Other".into()], qualifications: vec!["Teacher of this student".into()], ..Person::default() },
            Person { name: "Pat Lea".into(), roles: vec!["LEA representative".into()], ..Person::default() },
        ];
        let c = team_candidates(&s, &earlier, &staff, &["Pat Lea".into()]);
        let names: Vec<(&str, Source)> = c.iter().map(|(p, s)| (p.name.as_str(), *s)).collect();
        assert_eq!(
            names,
            vec![
                ("Alex Rivera", Source::StudentRecord),
                ("Sam Rivera", Source::StudentRecord),
                ("Jordan Case", Source::StudentRecord),
                ("Morgan Teach", Source::EarlierMeeting),
            ]
        );
        assert_eq!(c[0].0.roles, vec!["Parent/guardian"]);
        assert_eq!(c[2].0.roles, vec!["Special education teacher/provider"], "the case manager's role comes from the directory");
        assert_eq!(c[3].0.roles, vec!["General education teacher"], "an earlier meeting's role is kept");
        assert_eq!(c[3].0.qualifications, vec!["Teacher of this student"], "…and the directory adds what it lacks");
    }
}
