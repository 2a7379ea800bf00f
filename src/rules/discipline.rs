//! Discipline and the manifestation determination record (catalog section 17, beyond the MD meeting
//! rules in `timelines.rs`). These apply to manifestation-determination meetings, whose record
//! (`Block::Manifestation`) carries the discipline facts: removal days, notices, IAES, bus suspension.

use super::ctx::Ctx;
use super::{Fire, Rule, Target};
use crate::domain::meeting::{Block, MeetingType};

pub static RULES: &[Rule] = &[
    Rule { id: "disc-manifestation-no-actions", check: no_manifestation_actions },
    Rule { id: "disc-notice-and-safeguards-same-day", check: notice_same_day },
    Rule { id: "disc-fba-required", check: fba_required },
    Rule { id: "disc-services-after-10-days", check: services_after_10 },
    Rule { id: "disc-removal-day-tracking", check: removal_tracking },
    Rule { id: "disc-iaes-special-circumstances", check: iaes_special },
    Rule { id: "disc-bus-suspension", check: bus_suspension },
    Rule { id: "disc-basis-of-knowledge", check: basis_of_knowledge },
    Rule { id: "disc-appeal-and-stay", check: appeal_and_stay },
    Rule { id: "disc-md-record-structure", check: md_record_structure },
    Rule { id: "disc-nps-suspension-notice", check: nps_suspension },
];

fn is_md(c: &Ctx) -> bool {
    c.mtype() == MeetingType::ManifestationDetermination
}

fn field(key: &'static str) -> Target {
    Target::field(Block::Manifestation, key)
}

fn no_manifestation_actions(c: &Ctx, f: &mut Fire) {
    let m = c.manifestation();
    let not_a_manifestation = m.caused_by_disability == Some(false) && m.failure_to_implement == Some(false);
    if is_md(c) && not_a_manifestation && m.services_plan.trim().is_empty() {
        f.at(field("services_plan"), "not a manifestation: the services that continue are not written down");
    }
}

fn notice_same_day(c: &Ctx, f: &mut Fire) {
    let m = c.manifestation();
    let (true, Some(decision)) = (is_md(c), m.decision_date) else { return };
    for (key, what, date) in [
        ("parent_notice_date", "parent notice of the decision", m.parent_notice_date),
        ("safeguards_date", "procedural safeguards notice", m.safeguards_date),
    ] {
        match date {
            None => f.at(field(key), format!("{what}: date not recorded (due on the decision date, {decision})")),
            Some(d) if d > decision => f.at(field(key), format!("{what} on {d}, after the decision on {decision}")),
            _ => {}
        }
    }
}

fn fba_required(c: &Ctx, f: &mut Fire) {
    // An MD is occurring (this meeting), so only an FBA-based BIP in place or a planned FBA satisfies it.
    if !is_md(c) {
        return;
    }
    let bip_in_place = c.special_factors().behavior_plan == Some(true);
    if !bip_in_place && c.manifestation().fba_bip_planned != Some(true) {
        f.at(field("fba_bip_planned"), "no FBA-based behavior plan in place and no FBA planned");
    }
}

fn services_after_10(c: &Ctx, f: &mut Fire) {
    let m = c.manifestation();
    if is_md(c) && m.removal_days_ytd.is_some_and(|d| d > 10) && m.services_plan.trim().is_empty() {
        f.at(field("services_plan"), format!("{} days removed this year: no services during removal written down", m.removal_days_ytd.unwrap_or(0)));
    }
}

fn removal_tracking(c: &Ctx, f: &mut Fire) {
    if !is_md(c) {
        return;
    }
    let m = c.manifestation();
    match (m.removal_days_ytd, m.longest_removal) {
        (None, _) => f.at(field("removal_days_ytd"), "suspension days this school year not recorded"),
        (Some(ytd), _) if ytd > 20 => f.at(
            field("removal_days_ytd"),
            format!("{ytd} days this year: over the 20-day yearly limit (30 only with a readjustment reassignment)"),
        ),
        (_, Some(n)) if n > 5 => f.at(field("longest_removal"), format!("a single suspension of {n} days: over 5 consecutive school days")),
        _ => {}
    }
}

fn iaes_special(c: &Ctx, f: &mut Fire) {
    let m = c.manifestation();
    if !is_md(c) || m.iaes_special != Some(true) {
        return;
    }
    if m.iaes_by_team != Some(true) {
        f.at(field("iaes_by_team"), "the IAES must be determined by the IEP team");
    }
    if let Some(n) = m.iaes_days.filter(|n| *n > 45) {
        f.at(field("iaes_days"), format!("an IAES of {n} school days: at most 45"));
    }
    if m.services_plan.trim().is_empty() {
        f.at(field("services_plan"), "services during the IAES not written down");
    }
}

fn bus_suspension(c: &Ctx, f: &mut Fire) {
    let m = c.manifestation();
    if is_md(c) && m.bus_suspended == Some(true) && c.placement().transportation == Some(true) && m.alt_transport != Some(true) {
        f.at(field("alt_transport"), "transportation is in the IEP: no alternative transportation arranged");
    }
}

fn basis_of_knowledge(c: &Ctx, f: &mut Fire) {
    let not_yet_eligible = c.student.primary_disability.trim().is_empty() && c.student.last_iep_date.is_none();
    if is_md(c) && not_yet_eligible && c.manifestation().basis_of_knowledge == Some(true) {
        f.at(field("basis_of_knowledge"), "the LEA is deemed to have known of a disability: IDEA protections apply");
    }
}

fn appeal_and_stay(c: &Ctx, f: &mut Fire) {
    if is_md(c) && c.manifestation().parent_disagrees == Some(true) {
        f.at(field("parent_disagrees"), "the parent disagrees: an expedited hearing may be requested");
    }
}

fn md_record_structure(c: &Ctx, f: &mut Fire) {
    if is_md(c) && c.meeting.block(Block::Manifestation).is_empty() {
        f.at(Target::block(Block::Manifestation), "the manifestation determination record is not started");
    }
}

fn nps_suspension(c: &Ctx, f: &mut Fire) {
    if is_md(c) && c.manifestation().nps_student == Some(true) {
        f.at(field("nps_student"), "an NPS student: the NPS notifies the LEA within 5 days of each suspension");
    }
}
