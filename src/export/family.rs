//! "What we agreed": a one-page summary of a meeting for the family, in plain language
//! (`iepmeet export MEETING --format summary [--lang es]`, and `E` in the TUI). What was decided,
//! the goals, the services in words ("Language and speech, 30 minutes, twice a week, starting
//! 2026-12-01"), who will do what and by when, the next meeting, who to call, and the consent choice.
//! Drawn by the same renderers as the record (Markdown, HTML, PDF). The fixed wording is kept short
//! and plain (tests/family_summary.rs scores it with Flesch–Kincaid: grade 8 or below); the
//! team's own words are shown as recorded.

use crate::domain::meeting::{AnyRecord, Block, Meeting, Service};
use crate::domain::minutes::{CloseSummary, Entry};
use crate::domain::student::Student;

use super::lang::Lang;
use super::report::{Part, Report};

/// Every fixed sentence of the summary, in English with its {placeholders}: the text the
/// readability test scores and `data/i18n/es.toml` translates.
pub const FIXED: [&str; 27] = [
    "What we agreed at {name}'s IEP meeting",
    "On {date}, the IEP team met for {first}'s {kind}.",
    "This page is a short summary. The full IEP is the official record. You can ask for a copy at any time.",
    "What we decided",
    "The notes of the meeting list no decisions.",
    "Goals for this year",
    "No goals were written at this meeting.",
    "Services",
    "No services were written at this meeting.",
    "{minutes} minutes",
    "{times} a {period}",
    "starting {date}",
    "with {provider}",
    "Who will do what",
    "{owner} will do this: {task}, by {date}.",
    "{owner} will do this: {task}.",
    "Someone still needs to take this on: {task}.",
    "Nothing was handed out to do.",
    "The next meeting",
    "The next IEP meeting will be held by {date}.",
    "The team will meet again within one year.",
    "Who to call",
    "If you have a question, call {who}, {first}'s case manager, at {school}.",
    "If you have a question, call the school.",
    "Your choice on the IEP",
    "You have not given your choice yet. Nothing new in the IEP starts until you agree in writing.",
    "This summary was made on {at} by iepmeet {version}. The full IEP has the details (content SHA-256 {hash}).",
];

/// Sentences chosen by the consent choice (IEP 9A), keyed by the choice's English value.
pub const CONSENT: [(&str, &str); 3] = [
    ("Agree to the IEP", "You agreed to the IEP."),
    ("Agree except for the items listed", "You agreed to the IEP, except for: {exceptions}."),
    ("Do not agree to the IEP", "You did not agree to the IEP. What you did not agree to does not start."),
];

/// How often, in words: "once", "twice", "3 times".
const TIMES: [&str; 3] = ["once", "twice", "{n} times"];
/// The unit of a frequency period: "a week".
const PERIODS: [(&str, &str); 5] = [("daily", "day"), ("weekly", "week"), ("monthly", "month"), ("quarterly", "quarter"), ("yearly", "year")];

/// A service in words: "Language and speech, 30 minutes, twice a week, starting 2026-12-01, with
/// the speech-language pathologist."
pub fn service_in_words(s: &Service, l: &Lang) -> String {
    let mut parts = vec![l.try_t(&s.service)];
    if let Some(d) = s.duration {
        parts.push(l.f("{minutes} minutes", &[("minutes", &d.to_string())]));
    }
    if let Some(n) = s.sessions {
        let times = match n {
            1 => l.t(TIMES[0]),
            2 => l.t(TIMES[1]),
            n => l.f(TIMES[2], &[("n", &n.to_string())]),
        };
        match PERIODS.iter().find(|(p, _)| *p == s.period) {
            Some((_, unit)) => parts.push(l.f("{times} a {period}", &[("times", &times), ("period", &l.t(unit))])),
            None => parts.push(times),
        }
    }
    if let Some(d) = s.start {
        parts.push(l.f("starting {date}", &[("date", &d.to_string())]));
    }
    if !s.provider.trim().is_empty() {
        parts.push(l.f("with {provider}", &[("provider", s.provider.trim())]));
    }
    parts.join(", ") + "."
}

fn action(e: &Entry, l: &Lang) -> String {
    let task = e.text.trim().trim_end_matches('.');
    match (e.owner.trim(), e.due) {
        ("", _) => l.f("Someone still needs to take this on: {task}.", &[("task", task)]),
        (owner, Some(d)) => l.f("{owner} will do this: {task}, by {date}.", &[("owner", owner), ("task", task), ("date", &d.to_string())]),
        (owner, None) => l.f("{owner} will do this: {task}.", &[("owner", owner), ("task", task)]),
    }
}

/// The summary of meeting `m` for the family of `student`, in `l`.
pub fn build(student: &Student, m: &Meeting, content_hash: String, l: &Lang) -> Report {
    let d = m.details();
    let first = if student.first_name.trim().is_empty() { student.full_name() } else { student.first_name.trim().to_string() };
    let date = d.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    let mut p = Vec::new();
    p.push(Part::Para(l.f("On {date}, the IEP team met for {first}'s {kind}.", &[("date", &date), ("first", &first), ("kind", &l.t(m.mtype.label()).to_lowercase())])));
    p.push(Part::Para(l.t("This page is a short summary. The full IEP is the official record. You can ask for a copy at any time.")));

    let summary = CloseSummary::of(&m.entries);
    p.push(Part::Heading(l.t("What we decided")));
    if summary.decisions.is_empty() {
        p.push(Part::Para(l.t("The notes of the meeting list no decisions.")));
    } else {
        p.push(Part::Bullets(summary.decisions.iter().map(|e| e.text.clone()).collect()));
    }

    p.push(Part::Heading(l.t("Goals for this year")));
    let goals: Vec<String> = m
        .block(Block::Goals)
        .iter()
        .filter_map(|i| match &i.record {
            AnyRecord::Goal(g) if !g.annual_goal.trim().is_empty() => {
                Some(if g.area.trim().is_empty() { g.annual_goal.clone() } else { format!("{}: {}", l.try_t(&g.area), g.annual_goal) })
            }
            _ => None,
        })
        .collect();
    if goals.is_empty() {
        p.push(Part::Para(l.t("No goals were written at this meeting.")));
    } else {
        p.push(Part::Bullets(goals));
    }

    p.push(Part::Heading(l.t("Services")));
    let services: Vec<String> = m
        .block(Block::Services)
        .iter()
        .filter_map(|i| match &i.record {
            AnyRecord::Service(s) if !s.service.trim().is_empty() => Some(service_in_words(s, l)),
            _ => None,
        })
        .collect();
    if services.is_empty() {
        p.push(Part::Para(l.t("No services were written at this meeting.")));
    } else {
        p.push(Part::Bullets(services));
    }

    p.push(Part::Heading(l.t("Who will do what")));
    if summary.actions.is_empty() {
        p.push(Part::Para(l.t("Nothing was handed out to do.")));
    } else {
        p.push(Part::Bullets(summary.actions.iter().map(|e| action(e, l)).collect()));
    }

    p.push(Part::Heading(l.t("The next meeting")));
    p.push(Part::Para(match d.iep_end {
        Some(by) => l.f("The next IEP meeting will be held by {date}.", &[("date", &by.to_string())]),
        None => l.t("The team will meet again within one year."),
    }));

    p.push(Part::Heading(l.t("Who to call")));
    let (who, school) = (student.case_manager.trim(), student.school.trim());
    p.push(Part::Para(if who.is_empty() || school.is_empty() {
        l.t("If you have a question, call the school.")
    } else {
        l.f("If you have a question, call {who}, {first}'s case manager, at {school}.", &[("who", who), ("first", &first), ("school", school)])
    }));

    p.push(Part::Heading(l.t("Your choice on the IEP")));
    let consent = match m.block(Block::Consent).first().map(|i| &i.record) {
        Some(AnyRecord::Consent(c)) => Some((c.choice.clone(), c.exceptions.clone())),
        _ => None,
    };
    let said = consent.and_then(|(choice, exceptions)| {
        CONSENT.iter().find(|(v, _)| *v == choice).map(|(_, s)| l.f(s, &[("exceptions", exceptions.trim().trim_end_matches('.'))]))
    });
    p.push(Part::Para(said.unwrap_or_else(|| l.t("You have not given your choice yet. Nothing new in the IEP starts until you agree in writing."))));

    Report {
        title: l.f("What we agreed at {name}'s IEP meeting", &[("name", &first)]),
        head: super::report::running_head(student, m, l),
        parts: p,
        content_hash,
        lang: l.code.clone(),
        footer_tpl: l.t("This summary was made on {at} by iepmeet {version}. The full IEP has the details (content SHA-256 {hash})."),
        page_tpl: l.t("Page {n} of {m}"),
    }
}
