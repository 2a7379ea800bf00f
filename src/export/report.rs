//! The meeting record as a document: one ordered list of parts (headings, paragraphs, tables, lists)
//! built from the student, the meeting, its minutes, amendments and the findings open at close, then
//! drawn as Markdown, HTML or PDF (`render`). Pure, and ordered the same way every time, so the same
//! meeting gives the same bytes apart from the export time in the footer.

use sha2::{Digest, Sha256};

use crate::domain::fields::Record;
use crate::domain::meeting::{AnyRecord, Block, Meeting, Section};
use crate::domain::minutes::{CloseSummary, Entry};
use crate::domain::student::Student;
use crate::rules::{Finding, Severity};
use crate::store::Acknowledgement;

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// A main heading (level 2).
    Heading(String),
    /// A sub-heading (level 3).
    Sub(String),
    Para(String),
    Table { head: Vec<String>, rows: Vec<Vec<String>> },
    Bullets(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    pub parts: Vec<Part>,
    /// SHA-256 of the meeting document (the JSON export without its footer): the same in every format.
    pub content_hash: String,
}

/// The footer line: export time, program, content hash.
pub fn footer(r: &Report, exported_at: &str) -> String {
    format!("Exported {exported_at} by iepmeet {} · content SHA-256 {}", env!("CARGO_PKG_VERSION"), r.content_hash)
}

pub fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn or_dash(s: String) -> String {
    if s.trim().is_empty() { "—".into() } else { s }
}

fn entry_time(e: &Entry) -> String {
    let c = e.clock();
    if c.is_empty() { "—".into() } else { c }
}

fn entry_text(e: &Entry) -> String {
    let mut s = format!("{} [{}]", entry_time(e), e.kind.label());
    if !e.speaker.is_empty() {
        s.push_str(&format!(" {}:", e.speaker));
    }
    s.push(' ');
    s.push_str(&e.text);
    if e.kind == crate::domain::minutes::EntryKind::Action {
        s.push_str(&format!(
            " (owner: {}; due: {})",
            if e.owner.is_empty() { "—" } else { &e.owner },
            e.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
        ));
    }
    if let Some(r) = &e.resolution {
        s.push_str(&format!(" ({})", r.describe()));
    }
    s
}

/// Fields of a record that have a value, as "Label: value".
fn fields(r: &dyn Record) -> Vec<(String, String)> {
    r.specs()
        .iter()
        .filter_map(|s| {
            let v = r.get(s.key);
            (!v.trim().is_empty()).then(|| (s.label.to_string(), v.replace('\n', "; ")))
        })
        .collect()
}

fn signatures(m: &Meeting) -> Vec<crate::domain::meeting::Signature> {
    m.block(Block::Signatures)
        .iter()
        .filter_map(|i| match &i.record {
            AnyRecord::Signature(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// Build the record. `findings` are those open at close (or now, for an open meeting).
pub fn build(student: &Student, m: &Meeting, findings: &[Finding], acks: &[Acknowledgement], content_hash: String) -> Report {
    let d = m.details();
    let mut p = Vec::new();
    // Header.
    p.push(Part::Table {
        head: vec!["".into(), "".into()],
        rows: vec![
            vec!["Student".into(), or_dash(student.full_name())],
            vec!["Student ID".into(), or_dash(student.local_id.clone())],
            vec!["Date of birth".into(), or_dash(student.dob.map(|d| d.to_string()).unwrap_or_default())],
            vec!["School, grade".into(), or_dash(format!("{} {}", student.school, student.grade).trim().to_string())],
            vec!["Meeting".into(), format!("{} (meeting {})", m.mtype.label(), m.id)],
            vec!["Date".into(), or_dash(d.date.map(|x| x.to_string()).unwrap_or_default())],
            vec!["Time".into(), or_dash(d.start_time.map(|t| t.format("%H:%M").to_string()).unwrap_or_default())],
            vec!["Location".into(), or_dash(d.location.clone())],
            vec![
                "Status".into(),
                match &m.finalized_at {
                    Some(t) if !m.is_open() => format!("Finalized {t}"),
                    _ => "Open (not finalized)".into(),
                },
            ],
        ],
    });

    // Attendance and signatures.
    p.push(Part::Heading("Attendance and signatures".into()));
    let sigs = signatures(m);
    let mut rows = Vec::new();
    for i in m.block(Block::Attendees) {
        if let AnyRecord::Attendee(a) = &i.record {
            let signed = sigs
                .iter()
                .find(|s| s.name == a.name)
                .map(|s| {
                    format!(
                        "{} {}",
                        s.signed_on.map(|d| d.to_string()).unwrap_or_default(),
                        s.signed_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_default()
                    )
                    .trim()
                    .to_string()
                })
                .map(|s| if s.is_empty() { "signed".to_string() } else { s });
            rows.push(vec![
                or_dash(a.name.clone()),
                or_dash(a.roles.join(", ")),
                or_dash(a.mode.clone()),
                or_dash(a.arrived.map(|t| t.format("%H:%M").to_string()).unwrap_or_default()),
                or_dash(a.left.map(|t| t.format("%H:%M").to_string()).unwrap_or_default()),
                or_dash(signed.unwrap_or_default()),
            ]);
        }
    }
    // Signatures of people not on the attendance list still count.
    for s in &sigs {
        if !m.block(Block::Attendees).iter().any(|i| matches!(&i.record, AnyRecord::Attendee(a) if a.name == s.name)) {
            rows.push(vec![
                or_dash(s.name.clone()),
                or_dash(s.role.clone()),
                "—".into(),
                "—".into(),
                "—".into(),
                or_dash(s.signed_on.map(|d| d.to_string()).unwrap_or_default()),
            ]);
        }
    }
    if rows.is_empty() {
        p.push(Part::Para("No one is recorded as present.".into()));
    } else {
        p.push(Part::Table {
            head: ["Name", "Role(s)", "Participation", "Arrived", "Left", "Signed"].map(String::from).to_vec(),
            rows,
        });
    }

    // Excusals.
    p.push(Part::Heading("Excusals (NC 7)".into()));
    let exc: Vec<Vec<String>> = m
        .block(Block::Excusals)
        .iter()
        .filter_map(|i| match &i.record {
            AnyRecord::Excusal(e) => Some(vec![
                or_dash(e.member.clone()),
                or_dash(e.role.clone()),
                or_dash(e.area.clone()),
                or_dash(e.written_input_received.map(|d| d.to_string()).unwrap_or_default()),
                or_dash(e.parent_agreement.map(|d| d.to_string()).unwrap_or_default()),
                or_dash(e.lea_agreement.map(|d| d.to_string()).unwrap_or_default()),
            ]),
            _ => None,
        })
        .collect();
    if exc.is_empty() {
        p.push(Part::Para("No team member was excused.".into()));
    } else {
        p.push(Part::Table {
            head: ["Member", "Role", "Area", "Written input", "Parent agreed", "LEA agreed"].map(String::from).to_vec(),
            rows: exc,
        });
    }

    // Each section: its forms and its minutes.
    for (n, s) in Section::ALL.iter().enumerate() {
        p.push(Part::Heading(format!("{}. {} ({})", n + 1, s.label(), s.form())));
        for b in s.blocks(m.mtype) {
            if matches!(b, Block::Attendees | Block::Excusals | Block::Signatures) {
                continue;
            }
            let items = m.block(*b);
            if items.is_empty() {
                continue;
            }
            p.push(Part::Sub(b.title().to_string()));
            if b.is_list() {
                let mut list = Vec::new();
                for (k, i) in items.iter().enumerate() {
                    let fs = fields(i.record.as_record());
                    let body = fs.iter().map(|(l, v)| format!("{l}: {v}")).collect::<Vec<_>>().join(" · ");
                    list.push(format!("{} {}: {}", capital(b.noun()), k + 1, or_dash(body)));
                }
                p.push(Part::Bullets(list));
            } else {
                let fs = fields(items[0].record.as_record());
                if fs.is_empty() {
                    p.push(Part::Para("Nothing recorded.".into()));
                } else {
                    p.push(Part::Table { head: vec!["".into(), "".into()], rows: fs.into_iter().map(|(l, v)| vec![l, v]).collect() });
                }
            }
        }
        let entries: Vec<String> = m.entries_in(*s).map(entry_text).collect();
        p.push(Part::Sub("Minutes".into()));
        if entries.is_empty() {
            p.push(Part::Para("No minutes recorded for this section.".into()));
        } else {
            p.push(Part::Bullets(entries));
        }
    }

    // Decisions, action items, parking lot, concerns.
    let sum = CloseSummary::of(&m.entries);
    p.push(Part::Heading("Decisions".into()));
    push_entries(&mut p, &sum.decisions, "No decisions recorded.");
    p.push(Part::Heading("Action items".into()));
    if sum.actions.is_empty() {
        p.push(Part::Para("No action items.".into()));
    } else {
        p.push(Part::Table {
            head: ["Action", "Owner", "Due", "Raised in"].map(String::from).to_vec(),
            rows: sum
                .actions
                .iter()
                .map(|e| {
                    vec![e.text.clone(), or_dash(e.owner.clone()), or_dash(e.due.map(|d| d.to_string()).unwrap_or_default()), e.section.label().into()]
                })
                .collect(),
        });
    }
    p.push(Part::Heading("Parking lot".into()));
    let parking: Vec<&Entry> = sum.parking_open.iter().chain(sum.parking_closed.iter()).copied().collect();
    if parking.is_empty() {
        p.push(Part::Para("Nothing was parked.".into()));
    } else {
        p.push(Part::Table {
            head: ["Item", "Raised in", "Outcome"].map(String::from).to_vec(),
            rows: parking
                .iter()
                .map(|e| vec![e.text.clone(), e.section.label().into(), e.resolution.as_ref().map(|r| r.describe()).unwrap_or_else(|| "OPEN".into())])
                .collect(),
        });
    }
    p.push(Part::Heading("Parent concerns".into()));
    push_entries(&mut p, &sum.concerns, "No parent concerns recorded in the minutes.");

    // Consent (IEP 9A).
    p.push(Part::Heading("Consent (IEP 9A)".into()));
    let consent = m.block(Block::Consent).first().map(|i| fields(i.record.as_record())).unwrap_or_default();
    let keep = ["Consent to IEP", "Exceptions (items not consented to)", "Eligibility determination", "Procedural safeguards received", "Copy of the IEP received"];
    let rows: Vec<Vec<String>> = consent.into_iter().filter(|(l, _)| keep.contains(&l.as_str())).map(|(l, v)| vec![l, v]).collect();
    if rows.is_empty() {
        p.push(Part::Para("No consent choice recorded.".into()));
    } else {
        p.push(Part::Table { head: vec!["".into(), "".into()], rows });
    }

    // Findings open at close.
    p.push(Part::Heading(if m.is_open() { "Compliance findings open now".into() } else { "Compliance findings open at close".into() }));
    let mut rows = Vec::new();
    for f in findings {
        let ack = acks.iter().find(|a| a.rule == f.rule && a.target == f.target.key());
        let note = match ack {
            Some(a) => format!("{} (acknowledged by {}: {})", f.detail, a.actor, a.reason),
            None => f.detail.clone(),
        };
        rows.push(vec![f.severity.label().to_string(), f.rule.to_string(), note, f.cite.to_string()]);
    }
    rows.sort_by_key(|r| match r[0].as_str() {
        x if x == Severity::Error.label() => 0,
        x if x == Severity::Warning.label() => 1,
        _ => 2,
    });
    if rows.is_empty() {
        p.push(Part::Para("None: nothing missing that the rules can check.".into()));
    } else {
        p.push(Part::Table { head: ["Severity", "Rule", "What", "Citation"].map(String::from).to_vec(), rows });
    }

    // Amendments.
    p.push(Part::Heading("Amendments (handbook 7.7.A)".into()));
    if m.amendments.is_empty() {
        p.push(Part::Para("None.".into()));
    } else {
        p.push(Part::Table {
            head: ["Date", "How agreed", "What", "Before", "After", "Reason", "Recorded"].map(String::from).to_vec(),
            rows: m
                .amendments
                .iter()
                .map(|a| {
                    vec![
                        a.date.to_string(),
                        a.how.clone(),
                        a.what.clone(),
                        or_dash(a.before.clone()),
                        or_dash(a.after.clone()),
                        a.reason.clone(),
                        format!("{} by {}", a.at, a.actor),
                    ]
                })
                .collect(),
        });
    }
    Report { title: format!("IEP meeting record — {} — {}", m.mtype.label(), student.full_name()), parts: p, content_hash }
}

fn push_entries(p: &mut Vec<Part>, es: &[&Entry], empty: &str) {
    if es.is_empty() {
        p.push(Part::Para(empty.into()));
    } else {
        p.push(Part::Bullets(es.iter().map(|e| format!("{} ({})", entry_text(e), e.section.label())).collect()));
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
