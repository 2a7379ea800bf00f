//! Timelines and case status (catalog section 16) and the manifestation-determination rules of
//! discipline (section 17). Day counting uses the policy profile and the school calendar.

use chrono::Duration;

use super::ctx::{Ctx, LEA_REP, PARENT_ROLES};
use super::{Fire, Rule, Target};
use crate::domain::dates::{add_years, birthday};
use crate::domain::meeting::{Block, MeetingType};

pub const RULES: &[Rule] = &[
    Rule { id: "tl-assessment-plan-15-days", check: assessment_plan_15 },
    Rule { id: "tl-initial-iep-60-days", check: initial_60 },
    Rule { id: "tl-parent-request-30-days", check: parent_request_30 },
    Rule { id: "tl-annual-review-due", check: annual_review_due },
    Rule { id: "tl-triennial-reassessment", check: triennial },
    Rule { id: "tl-interim-30-days-in-state", check: interim_30 },
    Rule { id: "tl-age-22-exit-date", check: age_22_exit },
    Rule { id: "tl-case-dates-recorded", check: case_dates_recorded },
    Rule { id: "disc-md-within-10-school-days", check: md_within_10 },
    Rule { id: "disc-md-participants", check: md_participants },
    Rule { id: "disc-md-review-all-information", check: md_review_all },
    Rule { id: "disc-md-two-questions", check: md_two_questions },
    Rule { id: "disc-manifestation-yes-actions", check: md_yes_actions },
    Rule { id: "tl-initial-iep-30-days-after-eligibility", check: initial_30_after_eligibility },
    Rule { id: "tl-reassessment-request-15-days", check: reassessment_request_15 },
    Rule { id: "tl-parent-15-days-to-consent", check: parent_15_days },
];

fn student() -> Target {
    Target::block(Block::Details)
}

fn assessment_plan_15(c: &Ctx, f: &mut Fire) {
    let p = c.policy;
    let (Some(referral), true) = (c.student.referral_date, p.assessment_plan_days > 0) else { return };
    let due = c.calendar.add_days_excluding_breaks(referral, p.assessment_plan_days, p.exclude_breaks_over_school_days);
    let late = match c.student.assessment_plan_sent {
        Some(sent) => sent > due,
        None => c.today > due && c.mtype() == MeetingType::Initial,
    };
    if late {
        f.at(student(), format!("assessment plan due {due} ({} days from the referral of {referral})", p.assessment_plan_days));
    }
}

fn initial_60(c: &Ctx, f: &mut Fire) {
    if c.mtype() != MeetingType::Initial {
        return;
    }
    let Some(consent) = c.student.initial_consent_date else {
        f.at(student(), "no date of consent to the initial assessment recorded (student record)");
        return;
    };
    let p = c.policy;
    let due = c.calendar.initial_iep_deadline(consent, p.initial_iep_days, p.exclude_breaks_over_school_days, p.initial_end_of_year_window);
    if c.date() > due {
        f.noted(
            Target::field(Block::Details, "date"),
            format!("initial IEP due {due} ({} days from consent on {consent}, long breaks excluded); meeting on {}", p.initial_iep_days, c.date()),
            "The handbook gives 60 days with and without the break exclusion (catalog Appendix C.3); iepmeet follows the catalog and excludes breaks over 5 school days.",
        );
    }
}

fn parent_request_30(c: &Ctx, f: &mut Fire) {
    let p = c.policy;
    let (Some(req), true) = (c.student.parent_request_date, p.parent_request_days > 0) else { return };
    let due = req + Duration::days(p.parent_request_days);
    if c.mtype() == MeetingType::ParentRequested && c.date() > due {
        f.at(Target::field(Block::Details, "date"), format!("parent's written request of {req}: meeting due by {due}"));
    }
}

fn annual_review_due(c: &Ctx, f: &mut Fire) {
    let Some(last) = c.student.last_iep_date else { return };
    let due = add_years(last, c.policy.annual_review_years);
    let full = c.mtype().completes_iep();
    if (full && c.date() > due) || (!full && c.today > due) {
        f.at(student(), format!("annual review was due {due} (last IEP {last})"));
    }
}

fn triennial(c: &Ctx, f: &mut Fire) {
    let Some(last) = c.student.last_assessment_date else { return };
    let due = add_years(last, c.policy.reassessment_years);
    let reassessing = c.mtype() == MeetingType::Triennial;
    if (reassessing && c.date() > due) || (!reassessing && c.today > due) {
        f.at(student(), format!("reassessment was due {due} (last assessment {last})"));
    } else if reassessing && c.date() < add_years(last, 1) {
        f.lesser(student(), format!("reassessment less than a year after the last one ({last}) needs parent and LEA agreement"));
    }
}

fn interim_30(c: &Ctx, f: &mut Fire) {
    let p = c.policy;
    let (Some(enrolled), true) = (c.student.transfer_enrolled, p.interim_placement_days > 0) else { return };
    let due = enrolled + Duration::days(p.interim_placement_days);
    if c.mtype() == MeetingType::Interim30Day && c.date() > due {
        f.at(Target::field(Block::Details, "date"), format!("enrolled {enrolled}: interim review due by {due}"));
    }
}

fn age_22_exit(c: &Ctx, f: &mut Fire) {
    let Some(dob) = c.student.dob else { return };
    let b22 = birthday(dob, c.policy.eligibility_end_age);
    // Fiscal year July 1 - June 30. Jan-Jun birthday: to June 30 of that year; Jul-Sep: June 30 before
    // the birthday; Oct-Dec: December 31 of the birthday year.
    use chrono::Datelike;
    let y = b22.year();
    let end = match b22.month() {
        1..=6 => chrono::NaiveDate::from_ymd_opt(y, 6, 30),
        7..=9 => chrono::NaiveDate::from_ymd_opt(y, 6, 30),
        _ => chrono::NaiveDate::from_ymd_opt(y, 12, 31),
    }
    .expect("valid date");
    for (i, s) in c.services().iter().enumerate() {
        if s.end.is_some_and(|e| e > end) {
            f.noted(
                Target::item(Block::Services, i, Some("end")),
                format!("{} ends {} after eligibility ends {end} (22nd birthday {b22})", s.service, s.end.unwrap()),
                "Age-22 rules as quoted in handbook 7.18 (EC 56026(c)(4), about 2012); verify the current statute (catalog Appendix C.19).",
            );
        }
    }
}

fn case_dates_recorded(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    let mut missing = Vec::new();
    if s.last_iep_date.is_none() && c.mtype() != MeetingType::Initial {
        missing.push("last complete IEP date");
    }
    if s.last_assessment_date.is_none() && c.mtype() != MeetingType::Initial {
        missing.push("most recent assessment IEP date");
    }
    if s.referral_date.is_none() && c.mtype() == MeetingType::Initial {
        missing.push("initial referral date");
    }
    if !missing.is_empty() {
        f.at(student(), format!("student record lacks: {}", missing.join(", ")));
    }
}

fn is_md(c: &Ctx) -> bool {
    c.mtype() == MeetingType::ManifestationDetermination
}

fn md_within_10(c: &Ctx, f: &mut Fire) {
    if !is_md(c) {
        return;
    }
    let Some(decision) = c.manifestation().decision_date else {
        f.at(Target::field(Block::Manifestation, "decision_date"), "date of the decision to change placement not recorded");
        return;
    };
    let due = c.calendar.add_school_days(decision, c.policy.manifestation_school_days);
    if c.date() > due {
        f.at(Target::field(Block::Details, "date"), format!("decision {decision}: determination due by {due} ({} school days)", c.policy.manifestation_school_days));
    }
}

fn md_participants(c: &Ctx, f: &mut Fire) {
    if is_md(c) && (!PARENT_ROLES.iter().any(|r| c.has_role(r)) || !c.has_role(LEA_REP)) {
        f.at(Target::block(Block::Attendees), "the LEA, the parent and relevant members must make the determination");
    }
}

fn md_review_all(c: &Ctx, f: &mut Fire) {
    if is_md(c) && c.manifestation().information_reviewed != Some(true) {
        f.at(Target::field(Block::Manifestation, "information_reviewed"), "not recorded that all relevant information was reviewed");
    }
}

fn md_two_questions(c: &Ctx, f: &mut Fire) {
    let m = c.manifestation();
    if is_md(c) && (m.caused_by_disability.is_none() || m.failure_to_implement.is_none()) {
        let field = if m.caused_by_disability.is_none() { "caused_by_disability" } else { "failure_to_implement" };
        f.at(Target::field(Block::Manifestation, field), "both manifestation questions must be answered");
    }
}

fn md_yes_actions(c: &Ctx, f: &mut Fire) {
    let m = c.manifestation();
    let manifestation = m.caused_by_disability == Some(true) || m.failure_to_implement == Some(true);
    if is_md(c) && manifestation && (m.fba_bip_planned != Some(true) || m.returned_to_placement.is_none()) {
        f.at(Target::field(Block::Manifestation, "fba_bip_planned"), "a manifestation: FBA/BIP and return to placement must be addressed");
    }
}

fn initial_30_after_eligibility(c: &Ctx, f: &mut Fire) {
    let Some(elig) = c.student.eligibility_date else { return };
    let due = elig + Duration::days(30);
    if c.mtype() == MeetingType::Initial && c.date() > due {
        f.at(Target::field(Block::Details, "date"), format!("eligibility determined {elig}: the IEP was due by {due}"));
    }
}

fn reassessment_request_15(c: &Ctx, f: &mut Fire) {
    let Some(req) = c.student.reassess_request_date else { return };
    let due = req + Duration::days(15);
    let late = match c.student.reassess_response_date {
        Some(r) => r > due,
        None => c.today > due,
    };
    if late {
        f.at(student(), format!("reassessment requested {req}: a response was due by {due}"));
    }
}

fn parent_15_days(c: &Ctx, f: &mut Fire) {
    if let (Some(sent), None) = (c.student.assessment_plan_sent, c.student.initial_consent_date) {
        f.at(student(), format!("assessment plan sent {sent}: the parent has at least 15 days to decide"));
    }
}
