//! Timelines and case status (catalog section 16) and the manifestation-determination rules of
//! discipline (section 17). Day counting uses the policy profile and the school calendar.

use chrono::Duration;

use super::ctx::{Ctx, LEA_REP, PARENT_ROLES, NPS, OUT_OF_STATE_NPS};
use super::{Fire, Rule, Target};
use crate::domain::dates::{add_years, birthday};
use crate::domain::meeting::{Block, MeetingType};

pub static RULES: &[Rule] = &[
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
    Rule { id: "tl-transfer-same-selpa", check: transfer_same_selpa },
    Rule { id: "tl-transfer-out-of-state", check: transfer_out_of_state },
    Rule { id: "tl-nps-transfer-review-15-working-days", check: nps_transfer_review },
    Rule { id: "tl-third-birthday", check: third_birthday },
    Rule { id: "tl-preschool-to-k-reassessment", check: preschool_to_k_reassessment },
    Rule { id: "tl-age-19-22-eligibility", check: age_19_22 },
    Rule { id: "tl-scia-six-month-review", check: scia_review },
    Rule { id: "tl-private-school-student-reviews", check: private_school_reviews },
    Rule { id: "tl-iee-response", check: iee_response },
    Rule { id: "tl-consolidate-meetings", check: consolidate_meetings },
    Rule { id: "tl-records-transfer-5-working-days", check: records_transfer },
];

fn assessment_plan_15(c: &Ctx, f: &mut Fire) {
    let p = c.policy;
    let (Some(referral), true) = (c.student.referral_date, p.assessment_plan_days > 0) else { return };
    // 1.5.B: "unless the parent or guardian agrees, in writing, to an extension".
    let due = c.calendar.assessment_plan_deadline(referral, p.assessment_plan_days, p.exclude_breaks_over_school_days, c.student.assessment_plan_extension);
    let late = match c.student.assessment_plan_sent {
        Some(sent) => sent > due,
        None => c.today > due && c.mtype() == MeetingType::Initial,
    };
    if late {
        let basis = if c.calendar.referral_at_year_end(referral).is_some() {
            "referred 20 days or less before the end of the school year: 10 days into the next one".to_string()
        } else {
            format!("{} days from the referral", p.assessment_plan_days)
        };
        f.at(Target::student_record(), format!("assessment plan due {due} ({basis} of {referral})"));
    }
}

fn initial_60(c: &Ctx, f: &mut Fire) {
    if c.mtype() != MeetingType::Initial {
        return;
    }
    let Some(consent) = c.student.initial_consent_date else {
        f.at(Target::student_record(), "no date of consent to the initial assessment recorded (student record)");
        return;
    };
    let p = c.policy;
    // No limit when the parent repeatedly failed or refused to produce the child (1.4.A(2)(b)).
    let Some((due, how)) = c.calendar.initial_deadline_for(c.student, p) else { return };
    if c.date() > due {
        if how == crate::timeline::calendar::InitialBasis::Agreed {
            f.at(Target::field(Block::Details, "date"), format!("initial IEP after {due}, the completion date agreed with the parent when the child enrolled from another LEA; meeting on {}", c.date()));
        } else {
            f.noted(
                Target::field(Block::Details, "date"),
                format!("initial IEP due {due} ({} days from consent on {consent}, long breaks excluded); meeting on {}", p.initial_iep_days, c.date()),
                "The handbook gives 60 days with and without the break exclusion (catalog Appendix C.3); iepmeet follows the catalog and excludes breaks over 5 school days.",
            );
        }
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
    stated_end_within_a_year(c, f);
    let Some(last) = c.student.last_iep_date else { return };
    let due = add_years(last, c.policy.annual_review_years);
    let full = c.mtype().completes_iep();
    if (full && c.date() > due) || (!full && c.today > due) {
        f.at(Target::student_record(), format!("annual review was due {due} (last IEP {last})"));
    }
}

/// 7.7.B(d): an IEP is reviewed at least annually, so the end it states is at most a year away.
fn stated_end_within_a_year(c: &Ctx, f: &mut Fire) {
    let Some(end) = c.details().iep_end else { return };
    let latest = add_years(c.date(), c.policy.annual_review_years);
    if c.writes_whole_iep() && (end > latest || end <= c.date()) {
        f.at(Target::field(Block::Details, "iep_end"), format!("the IEP is stated to run until {end}; the next annual review is due by {latest}"));
    }
}

fn triennial(c: &Ctx, f: &mut Fire) {
    let Some(last) = c.student.last_assessment_date else { return };
    // A written agreement of the parent and the LEA that no reassessment is needed restarts the clock.
    let due = add_years(c.student.triennial_from().unwrap_or(last), c.policy.reassessment_years);
    let reassessing = c.mtype() == MeetingType::Triennial;
    if (reassessing && c.date() > due) || (!reassessing && c.today > due) {
        f.at(Target::student_record(), format!("reassessment was due {due} (last assessment {last})"));
    } else if reassessing && c.date() < add_years(last, 1) {
        f.lesser(Target::student_record(), format!("reassessment less than a year after the last one ({last}) needs parent and LEA agreement"));
    }
}

fn interim_30(c: &Ctx, f: &mut Fire) {
    let p = c.policy;
    let (Some(enrolled), true) = (c.student.transfer_enrolled, p.interim_placement_days > 0) else { return };
    // 7.12.B: within the same SELPA comparable services continue with no 30-day limit; 7.12.C: from
    // out of state they continue until the LEA assesses. The 30 days are 7.12.A's, from another SELPA.
    if matches!(c.student.transfer_kind.as_str(), "Within the SELPA" | "Out of state") {
        return;
    }
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
        f.at(Target::student_record(), format!("student record lacks: {}", missing.join(", ")));
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
    } else if is_md(c) && c.manifestation().members_determined == Some(false) {
        // 9.6: the relevant members are "as determined by the parent and the LEA".
        f.at(Target::field(Block::Manifestation, "members_determined"), "the relevant IEP team members were not chosen by the parent and the LEA");
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
    if !is_md(c) || !manifestation {
        return;
    }
    let field = |k| Target::field(Block::Manifestation, k);
    if m.fba_bip_planned != Some(true) {
        f.at(field("fba_bip_planned"), "a manifestation: conduct an FBA and implement a BIP, or review the existing plan");
    }
    // 9.6.A(3): and return the student to the placement removed from, unless the parent and the
    // LEA agree to a change of placement as part of the BIP (or it is a special-circumstances IAES).
    match m.returned_to_placement {
        None => f.at(field("returned_to_placement"), "a manifestation: record the return to the placement the student was removed from"),
        Some(false) if m.placement_change_agreed != Some(true) && m.iaes_special != Some(true) => f.at(
            field("placement_change_agreed"),
            "a manifestation and the student is not returned to the placement: only if the parent and the LEA agree to a change of placement",
        ),
        _ => {}
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
        f.at(Target::student_record(), format!("reassessment requested {req}: a response was due by {due}"));
    }
}

fn parent_15_days(c: &Ctx, f: &mut Fire) {
    if let (Some(sent), None) = (c.student.assessment_plan_sent, c.student.initial_consent_date) {
        f.at(Target::student_record(), format!("assessment plan sent {sent}: the parent has at least 15 days to decide"));
    }
}

fn transfer_same_selpa(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    if s.transfer_kind == "Within the SELPA" && s.transfer_enrolled.is_some() {
        if s.comparable_services != Some(true) {
            f.at(Target::student_record(), "transfer within the SELPA: comparable services are not recorded as continuing without delay (student record)");
        } else if s.parent_consulted == Some(false) {
            f.at(Target::student_record(), "transfer within the SELPA: comparable services were not chosen in consultation with the parent (IEP 11, student record)");
        }
    }
}

fn transfer_out_of_state(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    if s.transfer_kind == "Out of state" && s.transfer_enrolled.is_some() {
        if s.comparable_services != Some(true) {
            f.at(Target::student_record(), "out-of-state transfer: comparable services are not recorded pending assessment and a new IEP (student record)");
        } else if s.parent_consulted == Some(false) {
            f.at(Target::student_record(), "out-of-state transfer: comparable services were not chosen in consultation with the parent (IEP 11, student record)");
        }
    }
}

fn nps_transfer_review(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    let nps = c.placement_is(&[NPS, OUT_OF_STATE_NPS]);
    let (Some(records), true) = (s.transfer_records_received, nps && s.transfer_kind == "Within the SELPA") else { return };
    let due = c.calendar.add_school_days(records, c.policy.nps_transfer_review_school_days);
    if c.date() > due {
        f.at(Target::field(Block::Details, "date"), format!("NPS student transferred within the SELPA: review due {due} ({} school days after the records of {records})", c.policy.nps_transfer_review_school_days));
    }
}

fn third_birthday(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    let (Some(dob), Some(true)) = (s.dob, s.prior_ifsp) else { return };
    let third = birthday(dob, 3);
    if c.mtype() == MeetingType::Initial && c.date() > third {
        f.at(Target::field(Block::Details, "date"), format!("child from Early Start: the IEP was due by the third birthday, {third}"));
    }
    if c.mtype() != MeetingType::Initial {
        return;
    }
    match s.transition_ifsp_date {
        None => f.at(Target::student_record(), "child from Early Start: no transition-planning IFSP attended by the district (student record)"),
        Some(d) => {
            let earliest = crate::domain::dates::add_months(third, -6);
            let latest = third - Duration::days(90);
            if d < earliest || d > latest {
                f.at(Target::student_record(), format!("transition IFSP on {d}: it belongs between {earliest} and {latest} (6 months to 90 days before the third birthday)"));
            }
        }
    }
}

fn preschool_to_k_reassessment(c: &Ctx, f: &mut Fire) {
    let t = c.transition();
    if t.program_change == "Preschool to kindergarten or first grade" && t.change_reassessed != Some(true) && c.mtype() != MeetingType::Triennial {
        f.at(Target::field(Block::TransitionPlan, "change_reassessed"), "moving from preschool to K/1 without a reassessment since the last preschool IEP");
    }
}

fn age_19_22(c: &Ctx, f: &mut Fire) {
    if c.age().is_none_or(|a| a < 19) {
        return;
    }
    let s = c.student;
    if s.eligible_before_19 == Some(false) {
        f.at(Target::student_record(), "age 19 or older and not in special education before the 19th birthday");
    } else if s.course_completed == Some(true) {
        f.at(Target::student_record(), "age 19 or older and the course of study is completed or a regular diploma earned: eligibility has ended");
    } else if s.eligible_before_19.is_none() || s.course_completed.is_none() {
        f.lesser(Target::student_record(), "age 19 or older: record whether the student was eligible before 19 and whether the course of study is completed (student record)");
    }
}

fn scia_review(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    let months = c.policy.scia_review_months;
    if p.scia == "Behavioral" {
        match p.scia_last_review {
            None => f.at(Target::field(Block::Placement, "scia_last_review"), "behavioral SCIA: no date of the last review of the BIP and the aide's effectiveness"),
            Some(d) if crate::domain::dates::add_months(d, months as i32) < c.date() => {
                f.at(Target::field(Block::Placement, "scia_last_review"), format!("behavioral SCIA last reviewed {d}, more than {months} months ago"))
            }
            Some(_) => {}
        }
    }
    if p.scia == "Specialized physical health care (SPHC)" {
        if let Some(d) = p.scia_physician_review.or(p.scia_health_plan) {
            if add_years(d, 1) < c.date() {
                f.at(Target::field(Block::Placement, "scia_physician_review"), format!("SPHC health plan last reviewed by the physician {d}, more than a year ago"));
            }
        }
    }
}

fn private_school_reviews(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    if s.private_school != Some(true) {
        return;
    }
    match s.services_plan_reviewed {
        Some(d) if add_years(d, 1) >= c.date() => {}
        Some(d) => f.at(Target::student_record(), format!("private-school services plan last reviewed {d}, more than 12 months ago")),
        None => f.at(Target::student_record(), "private-school services plan: no review date (student record)"),
    }
    if let Some(a) = s.last_assessment_date {
        if add_years(a, c.policy.reassessment_years) < c.date() {
            f.at(Target::student_record(), format!("private-school student: last assessment {a}, more than {} years ago", c.policy.reassessment_years));
        }
    }
}

fn iee_response(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    if let (Some(req), None) = (s.iee_request_date, s.iee_response_date) {
        f.at(Target::student_record(), format!("IEE requested {req}: send the IEE criteria and a notice agreeing to fund or filing for due process"));
    }
}

fn consolidate_meetings(c: &Ctx, f: &mut Fire) {
    let window = c.policy.consolidate_meetings_days;
    let d = c.date();
    let other = match c.mtype() {
        MeetingType::Annual | MeetingType::Amendment | MeetingType::ParentRequested => c.student.next_triennial_due().map(|t| ("reassessment", t)),
        MeetingType::Triennial => None,
        _ => None,
    };
    if let Some((what, due)) = other {
        if due > d && due <= d + Duration::days(window) {
            f.at(Target::field(Block::Details, "date"), format!("the {what} is due {due}, within {window} days: consider one meeting"));
        }
    }
}

fn records_transfer(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    let Some(asked) = s.transfer_records_requested else { return };
    let due = c.calendar.add_school_days(asked, 5);
    match s.transfer_records_received {
        None if c.today > due => f.at(Target::student_record(), format!("records requested {asked}, not received by {due} (5 working days): escalate (student record)")),
        Some(got) if got > due => f.at(Target::student_record(), format!("records requested {asked} arrived {got}, after 5 working days ({due})")),
        _ => {}
    }
}
