//! The record of access as a page a parent may inspect (E.C. 49064): who read or received the
//! student's record, when, what, and for a release to whom and why. Drawn by the PDF engine.

use super::report::{Part, Report};
use crate::domain::student::Student;
use crate::store::AccessRow;

/// The record of access of `student` (rows oldest first), from `since` when given.
pub fn report(student: &Student, rows: &[AccessRow], since: Option<&str>) -> Report {
    let name = if student.full_name().trim().is_empty() { "—".to_string() } else { student.full_name() };
    let dob = student.dob.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    let mut p = vec![Part::Para(
        "Every time someone opened, looked up or exported this student's record in iepmeet: who (their login, and the address they connected from), when (UTC), what, and for a copy given to someone, to whom and why. Parents may inspect this record (34 CFR 300.614; California Education Code 49064)."
            .into(),
    )];
    if let Some(s) = since {
        p.push(Part::Para(format!("From {s}.")));
    }
    if rows.is_empty() {
        p.push(Part::Para("No access is recorded.".into()));
    } else {
        p.push(Part::Table {
            head: ["When (UTC)", "Who", "What", "Recipient", "Purpose"].map(String::from).to_vec(),
            rows: rows
                .iter()
                .map(|r| {
                    let what = match r.meeting_id {
                        Some(m) => format!("Meeting {m}: {}", r.what),
                        None => r.what.clone(),
                    };
                    let dash = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
                    vec![r.at.replace('T', " ").trim_end_matches('Z').to_string(), r.actor.clone(), what, dash(&r.recipient), dash(&r.purpose)]
                })
                .collect(),
        });
    }
    let body = rows.iter().map(|r| format!("{}|{}|{:?}|{}|{}|{}", r.at, r.actor, r.meeting_id, r.what, r.recipient, r.purpose)).collect::<Vec<_>>().join("\n");
    Report {
        title: format!("Record of access — {name}"),
        head: format!("{name} · Date of birth {dob} · Student ID {}", if student.local_id.is_empty() { "—" } else { &student.local_id }),
        parts: p,
        content_hash: super::report::sha256_hex(&format!("{name}\n{body}")),
        lang: "en".into(),
        footer_tpl: "Made on {at} by iepmeet {version} (content SHA-256 {hash}).".into(),
        page_tpl: "Page {n} of {m}".into(),
    }
}
