//! Postsecondary transition (IEP 6D) and transfer of rights (catalog sections 13 and 14).

use super::ctx::{blank, Ctx, AGENCY_REP, PARENT_ROLES};
use super::{Fire, Rule, Target};
use crate::domain::meeting::Block;

pub static RULES: &[Rule] = &[
    Rule { id: "transition-plan-required-at-16", check: plan_required },
    Rule { id: "transition-pg-education-training", check: pg_education },
    Rule { id: "transition-pg-employment", check: pg_employment },
    Rule { id: "transition-pg-independent-living", check: pg_independent_living },
    Rule { id: "transition-assessment-based", check: assessment_based },
    Rule { id: "transition-services-specified", check: services_specified },
    Rule { id: "transition-course-of-study", check: course_of_study },
    Rule { id: "transition-annual-goal-link", check: annual_goal_link },
    Rule { id: "transition-student-preferences", check: student_preferences },
    Rule { id: "transition-agency-rep-absent", check: agency_rep_absent },
    Rule { id: "transition-graduation-plan", check: graduation_plan },
    Rule { id: "tor-notice-by-17", check: tor_notice_by_17 },
    Rule { id: "tor-notify-student-and-parents", check: tor_notify_both },
    Rule { id: "tor-educational-rights-status", check: tor_rights_status },
    Rule { id: "tor-adult-student-is-decision-maker", check: tor_adult_decides },
    Rule { id: "tor-surrogate-at-majority", check: tor_surrogate },
    Rule { id: "transition-updated-annually", check: updated_annually },
    Rule { id: "transition-agency-linkages", check: agency_linkages },
    Rule { id: "tor-incarcerated-youth", check: tor_incarcerated },
    Rule { id: "transition-regulations-checklist", check: regulations_checklist },
    Rule { id: "transition-discuss-first", check: discuss_first },
    Rule { id: "transition-graduation-pwn", check: graduation_pwn },
    Rule { id: "transition-summary-of-performance", check: summary_of_performance },
    Rule { id: "transition-special-class-to-gened", check: special_class_to_gened },
    Rule { id: "transition-preschool-to-k", check: preschool_to_k },
];

const TRIGGER_NOTE: &str = "The handbook words the age-16 trigger four ways (catalog Appendix C.2); iepmeet uses the \
                            catalog's resolution: required when the student turns 16 before this IEP ends.";

fn has_plan(c: &Ctx) -> bool {
    let t = c.transition();
    !(blank(&t.education_goal) && blank(&t.employment_goal) && blank(&t.independent_living_goal))
}

fn plan_required(c: &Ctx, f: &mut Fire) {
    if c.transition_required() && !has_plan(c) {
        f.noted(Target::field(Block::TransitionPlan, "education_goal"), format!("the student turns {} before this IEP ends and there is no transition plan", c.policy.transition_plan_age), TRIGGER_NOTE);
    }
}

fn pg_goal(c: &Ctx, f: &mut Fire, text: &str, field: &'static str, what: &str) {
    if !c.transition_required() {
        return;
    }
    if blank(text) {
        f.at(Target::field(Block::TransitionPlan, field), format!("no postsecondary {what} goal"));
    } else if text.split_whitespace().count() < 5 {
        f.at(Target::field(Block::TransitionPlan, field), format!("the postsecondary {what} goal is too short to be measurable"));
    }
}

fn pg_education(c: &Ctx, f: &mut Fire) {
    pg_goal(c, f, &c.transition().education_goal, "education_goal", "education/training");
}

fn pg_employment(c: &Ctx, f: &mut Fire) {
    pg_goal(c, f, &c.transition().employment_goal, "employment_goal", "employment");
}

fn pg_independent_living(c: &Ctx, f: &mut Fire) {
    if c.transition_required() && blank(&c.transition().independent_living_goal) {
        f.at(Target::field(Block::TransitionPlan, "independent_living_goal"), "no independent-living goal (write \"not appropriate\" if the team decided so)");
    }
}

fn assessment_based(c: &Ctx, f: &mut Fire) {
    if (c.transition_required() || has_plan(c)) && blank(&c.transition().assessments) {
        f.at(Target::field(Block::TransitionPlan, "assessments"), "no age-appropriate transition assessment described");
    }
}

fn services_specified(c: &Ctx, f: &mut Fire) {
    if !c.transition_required() {
        return;
    }
    let ts = c.transition_services();
    if ts.is_empty() {
        f.at(Target::block(Block::TransitionServices), "no transition services");
    }
    for (i, s) in ts.iter().enumerate() {
        if blank(&s.service) || blank(&s.agency) {
            let field = if blank(&s.service) { "service" } else { "agency" };
            f.at(Target::item(Block::TransitionServices, i, Some(field)), format!("transition service {} lacks the service or the responsible agency", i + 1));
        }
        if let (Some(a), Some(b)) = (s.start, s.end) {
            if b < a {
                f.at(Target::item(Block::TransitionServices, i, Some("end")), format!("transition service {} ends ({b}) before it starts ({a})", i + 1));
            }
        }
    }
    // IEP 6D has a required transition service under each required postsecondary goal. Once the
    // lines say which goal they serve, each required goal that has been written needs one.
    // (Frequency, duration, location and dates are the form's blanks; the handbook's 7.11.C does not
    // require them, so a line without them is not an ERROR — handbook over the catalog's letter.)
    if ts.iter().any(|s| !blank(&s.postsecondary_goal)) {
        let t = c.transition();
        for (area, goal) in [("Education/training", &t.education_goal), ("Employment", &t.employment_goal)] {
            if !blank(goal) && !ts.iter().any(|s| s.postsecondary_goal == area) {
                f.noted(Target::block(Block::TransitionServices), format!("no transition service for the {} goal", area.to_lowercase()), "IEP 6D lists a required transition service under each required postsecondary goal.");
            }
        }
    }
}

fn course_of_study(c: &Ctx, f: &mut Fire) {
    if !c.transition_required() {
        return;
    }
    let t = c.transition();
    if blank(&t.course_of_study) {
        f.at(Target::field(Block::TransitionPlan, "course_of_study"), "no multi-year course of study");
    }
    if blank(&t.completion) || t.anticipated_completion.is_none() {
        let field = if blank(&t.completion) { "completion" } else { "anticipated_completion" };
        f.at(Target::field(Block::TransitionPlan, field), "diploma/certificate or anticipated completion date missing");
    }
}

fn annual_goal_link(c: &Ctx, f: &mut Fire) {
    if !c.transition_required() {
        return;
    }
    let ts = c.transition_services();
    for (i, s) in ts.iter().enumerate() {
        if blank(&s.linked_goal) {
            f.at(Target::item(Block::TransitionServices, i, Some("linked_goal")), format!("transition service {} is not linked to an annual goal", i + 1));
        }
    }
    if !c.goals().iter().any(|g| g.purposes.iter().any(|p| p == "Supports postsecondary goals")) {
        f.at(Target::block(Block::Goals), "no annual goal is marked as supporting the postsecondary goals");
    }
}

fn student_preferences(c: &Ctx, f: &mut Fire) {
    if c.transition_required() && blank(&c.transition().student_preferences) {
        f.at(Target::field(Block::TransitionPlan, "student_preferences"), "how the student's strengths, preferences and interests were considered is not recorded");
    }
}

fn agency_rep_absent(c: &Ctx, f: &mut Fire) {
    if c.transition().agency_invited == Some(true) && !c.has_role(AGENCY_REP) {
        f.at(Target::field(Block::TransitionPlan, "agency_invited"), "an agency was invited but no representative is present");
    }
}

fn graduation_plan(c: &Ctx, f: &mut Fire) {
    let grade: Option<i32> = c.student.grade.parse().ok();
    if c.eligible() && grade.is_some_and(|g| g >= 8) {
        // IEP 7B's graduation plan, or the same two facts on IEP 6D.
        let (t, p) = (c.transition(), c.placement());
        let on_7b = !blank(&p.graduation_track) && p.graduation_date.is_some();
        let on_6d = !blank(&t.completion) && t.anticipated_completion.is_some();
        if !on_7b && !on_6d {
            let (block, key) = if c.transition_required() { (Block::TransitionPlan, "completion") } else { (Block::Placement, "graduation_track") };
            f.at(Target::field(block, key), "no projected completion date or diploma/certificate track");
        }
    }
}

fn tor_due(c: &Ctx) -> bool {
    c.eligible() && c.reaches_age_during_iep(c.policy.transfer_of_rights_notice_age)
}

fn tor_notice_by_17(c: &Ctx, f: &mut Fire) {
    if !tor_due(c) {
        return;
    }
    let t = c.transition();
    if t.transfer_of_rights_given.is_none() {
        f.at(Target::field(Block::TransitionPlan, "transfer_of_rights_given"), format!("the student turns {} during this IEP and has not been informed of the transfer of rights", c.policy.transfer_of_rights_notice_age));
    } else if t.tor_student_signed == Some(false) {
        f.at(Target::field(Block::TransitionPlan, "tor_student_signed"), "the student has not signed the IEP 6D statement that they were informed of the transfer of rights");
    }
}

fn tor_notify_both(c: &Ctx, f: &mut Fire) {
    let t = c.transition();
    if tor_due(c) && t.transfer_of_rights_given.is_some() && t.transfer_of_rights_parent.is_none() {
        f.at(Target::field(Block::TransitionPlan, "transfer_of_rights_parent"), "the parent has not been informed of the transfer of rights");
    }
}

fn tor_rights_status(c: &Ctx, f: &mut Fire) {
    if !tor_due(c) && !c.is_adult() {
        return;
    }
    let status = &c.transition().rights_status;
    let adult = c.is_adult();
    let consistent = match status.as_str() {
        "" => false,
        s if s.starts_with("Under 18") => !adult,
        s if s.starts_with("18 or over: rights transferred") => adult && c.student.rights_holder == "Adult student",
        s if s.starts_with("18 or over: adult with a conservator") => adult && c.student.rights_holder == "Conservator",
        _ => false,
    };
    if consistent && status.starts_with("18 or over: adult with a conservator") && blank(&c.transition().conservator) {
        f.at(Target::field(Block::TransitionPlan, "conservator"), "an adult with a conservator: the conservator's name and contact are not recorded");
        return;
    }
    if !consistent {
        let detail = if status.is_empty() {
            "educational rights status (IEP 6D) not chosen".to_string()
        } else {
            format!("\"{status}\" does not match the student's age or the rights holder ({})", c.student.rights_holder)
        };
        f.at(Target::field(Block::TransitionPlan, "rights_status"), detail);
    }
}

fn tor_adult_decides(c: &Ctx, f: &mut Fire) {
    if !c.is_adult() || c.student.rights_holder != "Adult student" {
        return;
    }
    for (i, s) in c.signatures().iter().enumerate() {
        if PARENT_ROLES.contains(&s.role.as_str()) && !c.signatures().iter().any(|x| x.role == "Student") {
            f.at(Target::item(Block::Signatures, i, Some("role")), "rights have transferred: the adult student, not the parent, consents");
        }
    }
}

fn tor_surrogate(c: &Ctx, f: &mut Fire) {
    if c.is_adult() && c.student.rights_holder == "Surrogate parent" {
        f.at(Target::block(Block::TransitionPlan), "surrogate appointment at the age of majority needs review");
    }
}

fn updated_annually(c: &Ctx, f: &mut Fire) {
    use crate::domain::meeting::MeetingType;
    let reviews = matches!(c.mtype(), MeetingType::Annual | MeetingType::Triennial);
    if reviews && has_plan(c) && c.transition().goals_updated != Some(true) {
        f.at(Target::field(Block::TransitionPlan, "goals_updated"), "postsecondary goals not recorded as reviewed/updated this year");
    }
}

fn agency_linkages(c: &Ctx, f: &mut Fire) {
    if c.transition_required() && blank(&c.transition().adult_agencies) {
        f.at(Target::field(Block::TransitionPlan, "adult_agencies"), "adult agencies (or N/A) not completed");
    }
}

fn tor_incarcerated(c: &Ctx, f: &mut Fire) {
    if c.student.incarcerated == Some(true) {
        f.at(Target::block(Block::TransitionPlan), "incarcerated student: educational rights transfer to the student");
    }
}

const DIPLOMA: &str = "Graduated with a regular diploma";
const MAX_AGE: &str = "Reached the maximum age of eligibility";

fn regulations_checklist(c: &Ctx, f: &mut Fire) {
    if !c.transition_required() {
        return;
    }
    let t = c.transition();
    let agency = t.agency_invited == Some(true);
    let missing: Vec<&str> = c
        .refdata_list("transition_regulations")
        .iter()
        .filter(|x| !t.regulations_checklist.contains(x) && (agency || !x.starts_with("8.")))
        .map(|x| x.as_str())
        .collect();
    if !missing.is_empty() {
        f.at(Target::field(Block::TransitionPlan, "regulations_checklist"), format!("IEP 6D page 3 not met: {}", missing.join("; ")));
    }
}

fn discuss_first(c: &Ctx, f: &mut Fire) {
    if c.transition_required() && c.meeting_held() && c.transition().discussed_first != Some(true) {
        f.at(Target::field(Block::TransitionPlan, "discussed_first"), "transition is not recorded as discussed at the start of the meeting");
    }
}

fn graduation_pwn(c: &Ctx, f: &mut Fire) {
    if c.summary().exit_reason == DIPLOMA && c.consent().pwn_issued.is_none() {
        f.at(Target::field(Block::Consent, "pwn_issued"), "graduation with a regular diploma: no prior written notice of the change of placement");
    }
}

fn summary_of_performance(c: &Ctx, f: &mut Fire) {
    let r = c.summary().exit_reason.as_str();
    // 7.11.E: the Summary of Performance is given when the student leaves school (the anticipated
    // completion date; this meeting when none is recorded), not months before.
    let leaves = c.summary().exit_date.or(c.transition().anticipated_completion).unwrap_or(c.date());
    if (r == DIPLOMA || r == MAX_AGE) && c.transition().sop_provided.is_none() && c.today >= leaves {
        f.at(Target::field(Block::TransitionPlan, "sop_provided"), format!("exiting ({}) on {leaves}: no Summary of Performance provided", r.to_lowercase()));
    }
}

fn special_class_to_gened(c: &Ctx, f: &mut Fire) {
    let t = c.transition();
    let to_gened = t.program_change == "Special class, center or NPS to general education";
    let to_home = t.program_change == "To the neighborhood school";
    if !(to_gened || to_home) {
        return;
    }
    let key = |k| Target::field(Block::TransitionPlan, k);
    if blank(&t.integration_activities) {
        f.at(key("integration_activities"), "move to general education: integration activities (nature and time) not described");
    }
    if blank(&t.support_activities) {
        f.at(key("support_activities"), "move to general education: activities supporting the transition not described");
    }
    if to_home && blank(&t.change_timeline) {
        f.at(key("change_timeline"), "move to the neighborhood school: no timeline");
    }
}

fn preschool_to_k(c: &Ctx, f: &mut Fire) {
    let t = c.transition();
    if t.program_change != "Preschool to kindergarten or first grade" {
        return;
    }
    let key = |k| Target::field(Block::TransitionPlan, k);
    if t.change_reassessed != Some(true) {
        f.at(key("change_reassessed"), "preschool to K/1 without a reassessment");
    }
    if c.eligible() && c.summary().exit_reason.is_empty() && blank(&t.monitoring) {
        f.at(key("monitoring"), "preschool to K/1: how continued success will be monitored is not identified");
    }
    if !c.summary().exit_reason.is_empty() && blank(&t.levels_for_teacher) {
        f.at(key("levels_for_teacher"), "exiting at K/1: present levels and learning style for the receiving teacher are not noted");
    }
}
