//! The meeting record as a document: one ordered list of parts (headings, paragraphs, tables, lists)
//! built from the student, the meeting, its minutes, amendments and the findings open at close, then
//! drawn as Markdown, HTML or PDF (`render`). Pure, and ordered the same way every time, so the same
//! meeting gives the same bytes apart from the export time in the footer.

use sha2::{Digest, Sha256};

use crate::domain::fields::Record;
use crate::domain::meeting::{AnyRecord, Block, Meeting, Section};
use crate::domain::minutes::{CloseSummary, Entry, Resolution};
use crate::domain::student::Student;
use crate::rules::{Finding, Severity};
use crate::store::Acknowledgement;

use super::lang::Lang;

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// A main heading (level 2).
    Heading(String),
    /// A sub-heading (level 3).
    Sub(String),
    Para(String),
    Table { head: Vec<String>, rows: Vec<Vec<String>> },
    Bullets(Vec<String>),
    /// Records of one kind (goals, services…): each its fields that have a value, label and value.
    /// The PDF and HTML draw each as a small table; Markdown as one line each.
    Records { noun: String, items: Vec<Vec<(String, String)>> },
    /// One row per participant to sign: name, role(s), the date signed if recorded. The PDF and
    /// HTML leave room to sign between the role and the date.
    Signatures { head: Vec<String>, rows: Vec<Vec<String>> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    /// Who and which meeting, on one line: the PDF's header on every page.
    pub head: String,
    pub parts: Vec<Part>,
    /// SHA-256 of the meeting document (the JSON export without its footer): the same in every format.
    pub content_hash: String,
    /// Language code (`en`, `es`) and the translated footer and page-number wording.
    pub lang: String,
    pub footer_tpl: String,
    pub page_tpl: String,
}

/// The footer line: export time, program, content hash.
pub fn footer(r: &Report, exported_at: &str) -> String {
    r.footer_tpl.replace("{at}", exported_at).replace("{version}", env!("CARGO_PKG_VERSION")).replace("{hash}", &r.content_hash)
}

pub fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn or_dash(s: String) -> String {
    if s.trim().is_empty() { "—".into() } else { s }
}

fn resolution_text(r: &Resolution, l: &Lang) -> String {
    match r {
        Resolution::Handled(s) => l.f("handled in {section}", &[("section", &l.t(s.label()))]),
        Resolution::Carried(id) => l.f("carried to action item #{id}", &[("id", &id.to_string())]),
    }
}

fn entry_time(e: &Entry) -> String {
    let c = e.clock();
    if c.is_empty() { "—".into() } else { c }
}

fn entry_text(e: &Entry, l: &Lang) -> String {
    let mut s = format!("{} [{}]", entry_time(e), l.t(e.kind.label()));
    if !e.speaker.is_empty() {
        s.push_str(&format!(" {}:", e.speaker));
    }
    s.push(' ');
    s.push_str(&e.text);
    if e.kind == crate::domain::minutes::EntryKind::Action {
        let due = e.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        s.push(' ');
        s.push_str(&l.f("(owner: {owner}; due: {due})", &[("owner", if e.owner.is_empty() { "—" } else { &e.owner }), ("due", &due)]));
    }
    if let Some(r) = &e.resolution {
        s.push_str(&format!(" ({})", resolution_text(r, l)));
    }
    s
}

/// Fields of a record that have a value, as "Label: value". Labels and fixed choices (consent,
/// yes/no) are translated where the language file has them; typed text never is.
fn fields(r: &dyn Record, l: &Lang) -> Vec<(String, String)> {
    r.specs()
        .iter()
        .filter_map(|s| {
            let v = r.get(s.key);
            (!v.trim().is_empty()).then(|| {
                let v = match s.kind {
                    crate::domain::fields::Kind::YesNo | crate::domain::fields::Kind::Choice(_) => l.try_t(&v),
                    _ => v,
                };
                (l.try_t(s.label), v.replace('\n', "; "))
            })
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
pub fn build(student: &Student, m: &Meeting, findings: &[Finding], acks: &[Acknowledgement], content_hash: String, l: &Lang) -> Report {
    let d = m.details();
    let mut p = Vec::new();
    // Header.
    p.push(Part::Table {
        head: vec!["".into(), "".into()],
        rows: vec![
            vec![l.t("Student"), or_dash(student.full_name())],
            vec![l.t("Student ID"), or_dash(student.local_id.clone())],
            vec![l.t("Date of birth"), or_dash(student.dob.map(|d| d.to_string()).unwrap_or_default())],
            // Apart: "Placeholder Preschool Preschool" read as one school's name.
            vec![l.t("School"), or_dash(student.school.clone())],
            vec![l.t("Grade"), or_dash(student.grade.clone())],
            vec![l.t("Meeting"), format!("{} ({} {})", l.t(m.mtype.label()), l.t("meeting"), m.id)],
            vec![l.t("Date"), or_dash(d.date.map(|x| x.to_string()).unwrap_or_default())],
            vec![l.t("Time"), or_dash(d.start_time.map(|t| t.format("%H:%M").to_string()).unwrap_or_default())],
            vec![l.t("Location"), or_dash(d.location.clone())],
            vec![
                l.t("Status"),
                match &m.finalized_at {
                    Some(t) if !m.is_open() => match &m.finalized_by {
                        Some(by) => l.f("Finalized {at} by {by}", &[("at", t), ("by", by)]),
                        None => l.f("Finalized {at}", &[("at", t)]),
                    },
                    _ => l.t("Open (not finalized)"),
                },
            ],
        ],
    });

    // Attendance and signatures.
    p.push(Part::Heading(l.t("Attendance and signatures")));
    let sigs = signatures(m);
    // A member excused in writing (NC 7) did not attend: listed with the team, never as present.
    let excused = m.excused_members();
    let mut rows = Vec::new();
    for i in m.block(Block::Attendees) {
        if let AnyRecord::Attendee(a) = &i.record {
            if excused.contains(&a.name.trim().to_lowercase()) {
                rows.push(vec![or_dash(a.name.clone()), or_dash(a.roles.join(", ")), l.t("excused (NC 7), not present"), "—".into(), "—".into(), "—".into()]);
                continue;
            }
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
                .map(|s| if s.is_empty() { l.t("signed") } else { s });
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
        p.push(Part::Para(l.t("No one is recorded as present.")));
    } else {
        p.push(Part::Table {
            head: ["Name", "Role(s)", "Participation", "Arrived", "Left", "Signed"].map(|h| l.t(h)).to_vec(),
            rows,
        });
    }

    // Excusals.
    p.push(Part::Heading(l.t("Excusals (NC 7)")));
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
        p.push(Part::Para(l.t("No team member was excused.")));
    } else {
        p.push(Part::Table {
            head: ["Member", "Role", "Area", "Written input", "Parent agreed", "LEA agreed"].map(|h| l.t(h)).to_vec(),
            rows: exc,
        });
    }

    // Each section: its forms and its minutes.
    for (n, s) in Section::ALL.iter().enumerate() {
        p.push(Part::Heading(format!("{}. {} ({})", n + 1, l.t(s.label()), s.form())));
        for b in s.blocks(m.mtype) {
            if matches!(b, Block::Attendees | Block::Excusals | Block::Signatures) {
                continue;
            }
            let items = m.block(*b);
            if items.is_empty() {
                continue;
            }
            p.push(Part::Sub(l.t(b.title())));
            if b.is_list() {
                let items = items.iter().map(|i| fields(m.shown(&i.record).as_record(), l)).collect();
                p.push(Part::Records { noun: crate::domain::text::capitalize(b.noun()), items });
            } else {
                let fs = fields(items[0].record.as_record(), l);
                if fs.is_empty() {
                    p.push(Part::Para(l.t("Nothing recorded.")));
                } else {
                    p.push(Part::Table { head: vec!["".into(), "".into()], rows: fs.into_iter().map(|(l, v)| vec![l, v]).collect() });
                }
            }
        }
        if *s == Section::Transition && transfer_applies(student, m) {
            p.push(Part::Sub(l.t("Transfer of educational rights")));
            p.push(Part::Para(l.statement("transfer_of_rights")));
        }
        let entries: Vec<String> = m.entries_in(*s).map(|e| entry_text(e, l)).collect();
        p.push(Part::Sub(l.t("Minutes")));
        if entries.is_empty() {
            p.push(Part::Para(l.t("No minutes recorded for this section.")));
        } else {
            p.push(Part::Bullets(entries));
        }
    }

    // Decisions, action items, parking lot, concerns.
    let sum = CloseSummary::of(&m.entries);
    p.push(Part::Heading(l.t("Decisions")));
    push_entries(&mut p, &sum.decisions, &l.t("No decisions recorded."), l);
    p.push(Part::Heading(l.t("Action items")));
    if sum.actions.is_empty() {
        p.push(Part::Para(l.t("No action items.")));
    } else {
        p.push(Part::Table {
            head: ["Action", "Owner", "Due", "Raised in"].map(|h| l.t(h)).to_vec(),
            rows: sum
                .actions
                .iter()
                .map(|e| {
                    vec![e.text.clone(), or_dash(e.owner.clone()), or_dash(e.due.map(|d| d.to_string()).unwrap_or_default()), l.t(e.section.label())]
                })
                .collect(),
        });
    }
    p.push(Part::Heading(l.t("Parking lot")));
    let parking: Vec<&Entry> = sum.parking_open.iter().chain(sum.parking_closed.iter()).copied().collect();
    if parking.is_empty() {
        p.push(Part::Para(l.t("Nothing was parked.")));
    } else {
        p.push(Part::Table {
            head: ["Item", "Raised in", "Outcome"].map(|h| l.t(h)).to_vec(),
            rows: parking
                .iter()
                .map(|e| vec![e.text.clone(), l.t(e.section.label()), e.resolution.as_ref().map(|r| resolution_text(r, l)).unwrap_or_else(|| l.t("OPEN"))])
                .collect(),
        });
    }
    p.push(Part::Heading(l.t("Parent concerns")));
    push_entries(&mut p, &sum.concerns, &l.t("No parent concerns recorded in the minutes."), l);

    // Consent (IEP 9A).
    p.push(Part::Heading(l.t("Consent (IEP 9A)")));
    let consent = m.block(Block::Consent).first().map(|i| fields(i.record.as_record(), l)).unwrap_or_default();
    // The consent wording must be in the family's language: these go through `t` (a test checks them).
    let keep = ["Consent to IEP", "Exceptions (items not consented to)", "Eligibility determination", "Procedural safeguards received", "Copy of the IEP received"].map(|k| l.t(k));
    if let Some(AnyRecord::Consent(c)) = m.block(Block::Consent).first().map(|i| &i.record) {
        for v in [&c.choice, &c.eligibility_agreement] {
            if !v.is_empty() {
                l.t(v);
            }
        }
    }
    let rows: Vec<Vec<String>> = consent.into_iter().filter(|(label, _)| keep.contains(label)).map(|(label, v)| vec![label, v]).collect();
    if rows.is_empty() {
        p.push(Part::Para(l.t("No consent choice recorded.")));
    } else {
        p.push(Part::Table { head: vec!["".into(), "".into()], rows });
    }

    // Signatures (IEP 9A): a line for each participant, the excused apart.
    p.push(Part::Heading(l.t("Signatures")));
    p.push(Part::Para(l.t("A signature shows that the person took part in the meeting. It does not by itself show agreement: the consent choice above does.")));
    let mut rows: Vec<Vec<String>> = Vec::new();
    for i in m.block(Block::Attendees) {
        if let AnyRecord::Attendee(a) = &i.record {
            if a.name.trim().is_empty() || excused.contains(&a.name.trim().to_lowercase()) {
                continue;
            }
            let on = sigs.iter().find(|s| s.name == a.name).and_then(|s| s.signed_on).map(|d| d.to_string()).unwrap_or_default();
            rows.push(vec![a.name.clone(), a.roles.join(", "), String::new(), on]);
        }
    }
    for s in &sigs {
        if !rows.iter().any(|r| r[0] == s.name) && !s.name.trim().is_empty() {
            rows.push(vec![s.name.clone(), s.role.clone(), String::new(), s.signed_on.map(|d| d.to_string()).unwrap_or_default()]);
        }
    }
    // Room for someone who came but is not on the list.
    rows.push(vec![String::new(); 4]);
    p.push(Part::Signatures { head: ["Name", "Role(s)", "Signature", "Date"].map(|h| l.t(h)).to_vec(), rows });

    // Findings open at close.
    p.push(Part::Heading(if m.is_open() { l.t("Compliance findings open now") } else { l.t("Compliance findings open at close") }));
    let mut rows = Vec::new();
    for f in findings {
        let ack = acks.iter().find(|a| a.rule == f.rule && f.target.matches_ack(&a.target));
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
        p.push(Part::Para(l.t("None: nothing missing that the rules can check.")));
    } else {
        p.push(Part::Table { head: ["Severity", "Rule", "What", "Citation"].map(|h| l.t(h)).to_vec(), rows });
    }

    // Amendments.
    p.push(Part::Heading(l.t("Amendments (handbook 7.7.A)")));
    if m.amendments.is_empty() {
        p.push(Part::Para(l.t("None.")));
    } else {
        p.push(Part::Table {
            head: ["Date", "How agreed", "What", "Before", "After", "Reason", "Recorded"].map(|h| l.t(h)).to_vec(),
            rows: m
                .amendments
                .iter()
                .map(|a| {
                    vec![
                        a.date.to_string(),
                        l.t(&a.how),
                        a.what.clone(),
                        or_dash(a.before.clone()),
                        or_dash(a.after.clone()),
                        a.reason.clone(),
                        l.f("{at} by {who}", &[("at", &a.at), ("who", &a.actor)]),
                    ]
                })
                .collect(),
        });
    }
    Report {
        title: format!("{} — {} — {}", l.t("IEP meeting record"), l.t(m.mtype.label()), student.full_name()),
        head: running_head(student, m, l),
        parts: p,
        content_hash,
        lang: l.code.clone(),
        footer_tpl: l.t("Exported {at} by iepmeet {version} · content SHA-256 {hash}"),
        page_tpl: l.t("Page {n} of {m}"),
    }
}

/// "Nguyễn, Thị Ánh · Date of birth 2015-03-02 · Annual review · Date 2026-11-22": the header of
/// every page of the PDF, so a page that comes loose still says whose record it is.
pub fn running_head(student: &Student, m: &Meeting, l: &Lang) -> String {
    let dash = |d: Option<chrono::NaiveDate>| d.map(|x| x.to_string()).unwrap_or_else(|| "—".into());
    format!(
        "{} · {} {} · {} · {} {}",
        or_dash(student.full_name()),
        l.t("Date of birth"),
        dash(student.dob),
        l.t(m.mtype.label()),
        l.t("Date"),
        dash(m.details().date)
    )
}

fn push_entries(p: &mut Vec<Part>, es: &[&Entry], empty: &str, l: &Lang) {
    if es.is_empty() {
        p.push(Part::Para(empty.into()));
    } else {
        p.push(Part::Bullets(es.iter().map(|e| format!("{} ({})", entry_text(e, l), l.t(e.section.label()))).collect()));
    }
}

/// The transfer-of-rights statement belongs in the record from the year before the student turns 18
/// (handbook 7.16; IEP 6D: "on or before your 17th birthday").
fn transfer_applies(student: &Student, m: &Meeting) -> bool {
    match (student.dob, m.date()) {
        (Some(dob), Some(d)) => crate::domain::dates::add_months(dob, 17 * 12) <= d,
        _ => !m.block(Block::TransitionPlan).is_empty(),
    }
}
