//! Excusals of team members, NC 7 (catalog section 3).

use super::ctx::{blank, Ctx, PARENT_ROLES};
use super::{Fire, Rule, Target};
use crate::domain::meeting::{AnyRecord, Block};

pub static RULES: &[Rule] = &[
    Rule { id: "excusal-not-discussed-written-agreement", check: not_discussed_written_agreement },
    Rule { id: "excusal-discussed-consent-and-input", check: discussed_consent_and_input },
    Rule { id: "excusal-input-timing", check: input_timing },
    Rule { id: "excusal-scope-drift", check: scope_drift },
    Rule { id: "excusal-parent-declined", check: parent_declined },
    Rule { id: "excusal-partial-attendance", check: partial_attendance },
    Rule { id: "excusal-parent-not-excusable", check: parent_not_excusable },
];

fn who(e: &crate::domain::meeting::Excusal) -> &str {
    if e.member.is_empty() { "excused member" } else { &e.member }
}

fn not_discussed_written_agreement(c: &Ctx, f: &mut Fire) {
    for (i, e) in c.excusals().iter().enumerate() {
        if e.area_modified_or_discussed == Some(false) {
            if e.lea_agreement.is_none() {
                f.at(Target::item(Block::Excusals, i, Some("lea_agreement")), format!("{}: no LEA agreement on NC 7", who(e)));
            }
            if e.parent_agreement.is_none() {
                f.at(Target::item(Block::Excusals, i, Some("parent_agreement")), format!("{}: no written parent agreement", who(e)));
            }
        }
    }
}

fn discussed_consent_and_input(c: &Ctx, f: &mut Fire) {
    const NOTE: &str = "NC 7's parent notice reads written input and \"not discussed\" as alternatives; the catalog \
                        (Appendix C.5) follows handbook 7.4.B, which requires consent and written input together.";
    for (i, e) in c.excusals().iter().enumerate() {
        if e.area_modified_or_discussed == Some(true) {
            if e.parent_agreement.is_none() || e.lea_agreement.is_none() {
                let field = if e.parent_agreement.is_none() { "parent_agreement" } else { "lea_agreement" };
                f.noted(Target::item(Block::Excusals, i, Some(field)), format!("{}: written parent and LEA consent missing", who(e)), NOTE);
            }
            if e.written_input_received.is_none() {
                f.noted(Target::item(Block::Excusals, i, Some("written_input_received")), format!("{}: no written input recorded", who(e)), NOTE);
            }
        }
        if e.area_modified_or_discussed.is_none() {
            f.at(Target::item(Block::Excusals, i, Some("area_modified_or_discussed")), format!("{}: say whether the area will be discussed", who(e)));
        }
    }
}

fn input_timing(c: &Ctx, f: &mut Fire) {
    let date = c.date();
    for (i, e) in c.excusals().iter().enumerate() {
        if e.area_modified_or_discussed != Some(true) {
            continue;
        }
        if let Some(d) = e.written_input_received.filter(|d| *d >= date) {
            f.at(Target::item(Block::Excusals, i, Some("written_input_received")), format!("{}: input dated {d}, not before the meeting", who(e)));
        }
        if e.written_input_received.is_some() && e.input_sent_to_parent != Some(true) {
            f.at(Target::item(Block::Excusals, i, Some("input_sent_to_parent")), format!("{}: input not recorded as sent to the parent", who(e)));
        }
    }
}

/// Words of an area worth matching ("speech", "language", "reading"…).
fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 4 && !["and", "with", "area", "services", "service", "education", "general", "special"].contains(w))
        .map(String::from)
        .collect()
}

fn scope_drift(c: &Ctx, f: &mut Fire) {
    let Some((block, idx)) = c.live.editing else { return };
    let Some(item) = c.meeting.block(block).get(idx) else { return };
    let text = match &item.record {
        AnyRecord::Goal(g) => format!("{} {} {}", g.area, g.need, g.annual_goal),
        AnyRecord::Service(s) => format!("{} {} {}", s.service, s.provider, s.responsible),
        AnyRecord::Assessments(a) => format!("{} {}", a.testing_accommodations, a.instructional_accommodations),
        _ => return,
    }
    .to_lowercase();
    for (i, e) in c.excusals().iter().enumerate() {
        if e.area_modified_or_discussed != Some(false) {
            continue;
        }
        if words(&e.area).iter().any(|w| text.contains(w.as_str())) {
            f.at(
                Target::item(Block::Excusals, i, Some("area_modified_or_discussed")),
                format!("now editing {} in {} — excused as not discussed", block.noun(), e.area),
            );
        }
    }
}

fn parent_declined(c: &Ctx, f: &mut Fire) {
    let present: Vec<String> = c.attendees().iter().map(|a| a.name.to_lowercase()).collect();
    for (i, e) in c.excusals().iter().enumerate() {
        if e.parent_declined == Some(true) && !present.contains(&e.member.to_lowercase()) {
            f.at(Target::item(Block::Excusals, i, Some("parent_declined")), format!("parent did not agree to excuse {}", who(e)));
        }
    }
}

fn partial_attendance(c: &Ctx, f: &mut Fire) {
    // An excusal in part names the part (NC 7).
    for (i, e) in c.excusals().iter().enumerate() {
        if e.extent == crate::domain::meeting::EXCUSED_IN_PART && blank(&e.part_excused) {
            f.at(Target::item(Block::Excusals, i, Some("part_excused")), format!("{} is excused from part of the meeting, and the part is not named", who(e)));
        }
    }
    let Some(start) = c.details().start_time else { return };
    // A member excused from the whole meeting is not covered for attending part of it.
    let excused: Vec<String> = c.excusals().iter().filter(|e| e.extent != "The whole meeting").map(|e| e.member.to_lowercase()).collect();
    let all = c.attendees();
    // The meeting's end: the last departure once everyone has a departure time; until then it is running.
    let end = if all.iter().all(|a| a.left.is_some()) { all.iter().filter_map(|a| a.left).max() } else { None };
    for (i, a) in all.iter().enumerate() {
        let required = a.roles.iter().any(|r| [super::ctx::GEN_ED, super::ctx::SPED, super::ctx::LEA_REP].contains(&r.as_str()));
        let late = a.arrived.is_some_and(|t| t > start);
        let left = a.left.is_some_and(|l| end.is_none_or(|e| l < e));
        if required && (late || left) && !excused.contains(&a.name.to_lowercase()) {
            let what = if late { "arrived after the start" } else { "left before the end" };
            f.at(Target::item(Block::Attendees, i, Some(if late { "arrived" } else { "left" })), format!("{} {what} without a partial excusal", a.name));
        }
    }
}

fn parent_not_excusable(c: &Ctx, f: &mut Fire) {
    for (i, e) in c.excusals().iter().enumerate() {
        if PARENT_ROLES.contains(&e.role.as_str()) {
            f.at(Target::item(Block::Excusals, i, Some("role")), format!("{} is a parent/rights-holder", who(e)));
        }
    }
}
