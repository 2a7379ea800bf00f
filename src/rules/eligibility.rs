//! Eligibility evidence (catalog section 5 beyond the three determinations in `present_levels.rs`): the
//! category's criteria form and the evidence handbook 6.5 requires for it (`data/eligibility.toml`), the
//! team and measures behind the decision, the exclusionary factors, SLD observation and certification,
//! Larry P., English learners, preschool exclusions, exits, reports and 504 referrals.

use super::ctx::{and_more, blank, same_person, Ctx, LOW_INCIDENCE};
use super::{Fire, Rule, Target};
use crate::domain::eligibility::{self as forms, Form, Forms};
use crate::domain::meeting::{Block, MeetingType};

/// A category's evidence rule: `evidence` checks the forms whose `rule` is this id.
macro_rules! evidence_rule {
    ($id:literal) => {
        Rule { id: $id, check: |c, f| evidence(c, f, $id) }
    };
}

pub static RULES: &[Rule] = &[
    Rule { id: "team-assessment-personnel-for-eligibility", check: assessment_personnel },
    Rule { id: "elig-team-decision-no-single-measure", check: no_single_measure },
    Rule { id: "elig-exclusionary-factors-documented", check: exclusionary_factors },
    Rule { id: "elig-all-areas-assessed", check: all_areas_assessed },
    Rule { id: "elig-no-developmental-delay-3plus", check: developmental_delay },
    Rule { id: "elig-emd-age-range", check: emd_age },
    Rule { id: "elig-diagnosis-not-sufficient", check: diagnosis_not_sufficient },
    Rule { id: "elig-criteria-form-complete", check: criteria_form_complete },
    evidence_rule!("elig-autism-evidence"),
    evidence_rule!("elig-db-evidence"),
    evidence_rule!("elig-deaf-hi-evidence"),
    evidence_rule!("elig-id-evidence"),
    Rule { id: "elig-md-evidence", check: md_evidence },
    evidence_rule!("elig-oi-evidence"),
    evidence_rule!("elig-ohi-evidence"),
    evidence_rule!("elig-ed-evidence"),
    Rule { id: "elig-sld-criteria", check: sld_criteria },
    Rule { id: "elig-sld-observation", check: sld_observation },
    Rule { id: "elig-sld-team-certification", check: sld_certification },
    evidence_rule!("elig-sli-evidence"),
    evidence_rule!("elig-tbi-evidence"),
    evidence_rule!("elig-vi-evidence"),
    Rule { id: "elig-low-incidence-assessor", check: low_incidence },
    Rule { id: "elig-larry-p", check: larry_p },
    Rule { id: "elig-el-assessment-validity", check: el_validity },
    Rule { id: "elig-preschool-exclusions", check: preschool_exclusions },
    Rule { id: "elig-exit-requires-evaluation", check: exit_requires_evaluation },
    Rule { id: "elig-reports-to-parent", check: reports_to_parent },
    Rule { id: "elig-reassessment-no-new-data-notice", check: no_new_data_notice },
    Rule { id: "elig-504-only", check: section_504 },
];

const SLD: &str = "Specific learning disability";

fn field(key: &'static str) -> Target {
    Target::field(Block::Eligibility, key)
}

/// The meeting finds the student eligible under a category it determines.
fn finds_eligible(c: &Ctx) -> bool {
    c.determines_eligibility() && c.eligible()
}

fn category<'a>(c: &Ctx<'a>) -> &'a str {
    forms::category(c.eligibility(), c.student)
}

/// The category's criteria form (for speech or language impairment, the chosen disorder's).
fn form<'a>(c: &Ctx<'a>) -> Option<&'static Form> {
    Forms::shared().form(category(c), &c.eligibility().sli_disorder)
}

fn first_and_more(items: &[String]) -> String {
    items.first().map(|f| and_more(f, items.len())).unwrap_or_default()
}

fn assessment_personnel(c: &Ctx, f: &mut Fire) {
    if !c.determines_eligibility() || !c.meeting_held() {
        return;
    }
    let e = c.eligibility();
    let assessors: Vec<&str> = e.assessors.iter().map(|a| a.trim()).filter(|a| !a.is_empty()).collect();
    if assessors.is_empty() {
        f.at(field("assessors"), "the assessors whose reports are used are not listed");
        return;
    }
    // Assessors are named as people write names (7.13.A): "Dr. R. Mensah, school psychologist".
    let same = same_person;
    let present = |a: &str| c.attendees().iter().any(|x| same(&x.name, a));
    let excused = |a: &str| c.excusals().iter().any(|x| same(&x.member, a) && x.written_input_received.is_some() && x.parent_agreement.is_some());
    if !assessors.iter().any(|a| present(a) || excused(a)) {
        f.at(field("assessors"), format!("no assessor whose report is used is present or excused with written input ({})", assessors.join(", ")));
    }
}

fn no_single_measure(c: &Ctx, f: &mut Fire) {
    if !c.determines_eligibility() {
        return;
    }
    let n = c.eligibility().sources.len();
    if n < 2 {
        f.at(field("sources"), if n == 0 { "the information the team used is not recorded".to_string() } else { format!("the decision rests on one kind of information ({})", c.eligibility().sources[0]) });
    }
}

fn exclusionary_factors(c: &Ctx, f: &mut Fire) {
    if finds_eligible(c) && c.eligibility().exclusionary_ruled_out != Some(true) {
        f.at(field("exclusionary_ruled_out"), "not documented that race, culture, economic disadvantage, language, limited schooling and attendance are not primary factors");
    }
}

fn all_areas_assessed(c: &Ctx, f: &mut Fire) {
    if !c.determines_eligibility() {
        return;
    }
    let e = c.eligibility();
    let missing: Vec<String> = e.suspected_areas.iter().filter(|a| !e.assessed_areas.contains(a)).cloned().collect();
    if !missing.is_empty() {
        f.at(field("assessed_areas"), format!("suspected but not assessed: {}", missing.join(", ")));
    }
}

/// Where a category problem is fixed: the Eligibility form when the meeting has one, else IEP 2A.
fn category_target(c: &Ctx) -> Target {
    if c.determines_eligibility() { field("category") } else { Target::field(Block::PresentSummary, "eligible") }
}

fn developmental_delay(c: &Ctx, f: &mut Fire) {
    let dd = |s: &str| s.to_lowercase().contains("developmental delay");
    let named = dd(category(c)) || dd(&c.student.primary_disability) || dd(&c.student.secondary_disability);
    if named && c.age().is_some_and(|a| a >= 3) {
        f.at(category_target(c), format!("'developmental delay' recorded for a student of {}", c.age().unwrap_or(0)));
    }
}

fn emd_age(c: &Ctx, f: &mut Fire) {
    const EMD: &str = "Established medical disability";
    let named = category(c) == EMD || c.has_disability(&[EMD]);
    if named && c.age().is_some_and(|a| !(3..=5).contains(&a)) {
        f.at(category_target(c), format!("established medical disability for a student of {}", c.age().unwrap_or(0)));
    }
}

/// A medical diagnosis named in the basis (dyslexia, ADHD...).
fn names_diagnosis(text: &str) -> Option<&'static str> {
    let t = text.to_lowercase();
    let words: Vec<&str> = t.split(|ch: char| !ch.is_alphanumeric()).collect();
    ["dyslexia", "adhd", "add", "diagnosis", "diagnosed", "dsm"].into_iter().find(|w| words.contains(w))
        .or_else(|| t.contains("attention deficit").then_some("attention deficit"))
}

fn diagnosis_not_sufficient(c: &Ctx, f: &mut Fire) {
    if !finds_eligible(c) {
        return;
    }
    let e = c.eligibility();
    let Some(dx) = names_diagnosis(&format!("{} {}", e.basis, c.summary().evaluation_results)) else { return };
    let criteria_met = form(c).is_some_and(|fm| fm.missing_criteria(e).is_empty());
    if !criteria_met {
        f.at(field("basis"), format!("the basis cites a diagnosis ({dx}) but the category's criteria are not all met"));
    }
}

fn criteria_form_complete(c: &Ctx, f: &mut Fire) {
    if !finds_eligible(c) {
        return;
    }
    let cat = category(c);
    if Forms::shared().of_category(cat).next().is_none() {
        return;
    }
    match form(c) {
        None => f.at(field("sli_disorder"), "speech or language impairment: the disorder form (articulation, voice, fluency, language) is not chosen"),
        Some(fm) => {
            let missing = fm.missing_criteria(c.eligibility());
            if !missing.is_empty() {
                f.at(field("criteria_met"), format!("{} form: not met: {}", fm.code, first_and_more(&missing)));
            }
        }
    }
}

/// The evidence rule `id` for the category being determined.
fn evidence(c: &Ctx, f: &mut Fire, id: &str) {
    if !finds_eligible(c) {
        return;
    }
    let e = c.eligibility();
    let missing: Vec<String> = match form(c) {
        Some(fm) if fm.rule == id => fm.missing_evidence(e),
        Some(_) => return,
        None => {
            // speech or language impairment before the disorder is chosen: what every form needs
            let all: Vec<&Form> = Forms::shared().of_category(category(c)).filter(|fm| fm.rule == id).collect();
            let Some(first) = all.first() else { return };
            first.evidence.iter().filter(|x| all.iter().all(|fm| fm.evidence.contains(x)) && !e.evidence.contains(x)).cloned().collect()
        }
    };
    if !missing.is_empty() {
        f.at(field("evidence"), format!("{}: missing: {}", category(c), first_and_more(&missing)));
    }
}

fn md_evidence(c: &Ctx, f: &mut Fire) {
    if !finds_eligible(c) || category(c) != "Multiple disabilities" {
        return;
    }
    let imp = &c.eligibility().md_impairments;
    let hearing = imp.iter().any(|i| i == "Deafness" || i == "Hard of hearing");
    let vision = imp.iter().any(|i| i == "Visual impairment");
    if imp.len() < 2 {
        f.at(field("md_impairments"), "fewer than two concomitant impairments named");
    } else if imp.len() == 2 && hearing && vision || imp.iter().any(|i| i == "Deaf-blindness") {
        f.at(field("md_impairments"), "the combination is deaf-blindness (its own category)");
    }
    evidence(c, f, "elig-md-evidence");
}

fn sld_criteria(c: &Ctx, f: &mut Fire) {
    if !finds_eligible(c) || category(c) != SLD {
        return;
    }
    let e = c.eligibility();
    if !e.sld_exclusions.is_empty() {
        f.at(field("sld_exclusions"), format!("exclusionary item answered Yes: {}", first_and_more(&e.sld_exclusions)));
    }
    if let Some(fm) = form(c) {
        // Section I (one of), II, III-a and III-b: the conditions (a), (b), (d) of the catalog
        let mut missing = fm.missing_criteria(e);
        missing.retain(|m| !m.starts_with("SLD VI"));
        if !missing.is_empty() {
            f.at(field("criteria_met"), format!("not documented: {}", first_and_more(&missing)));
        }
    }
    evidence(c, f, "elig-sld-criteria");
}

fn sld_observation(c: &Ctx, f: &mut Fire) {
    if !c.determines_eligibility() || category(c) != SLD {
        return;
    }
    let e = c.eligibility();
    if blank(&e.sld_observer) {
        f.at(field("sld_observer"), "no observation in the regular classroom by a team member other than the regular teacher");
    } else if blank(&e.sld_observation) {
        f.at(field("sld_observation"), "Section IV: the behavior noted during the observation is not recorded");
    }
}

fn sld_certification(c: &Ctx, f: &mut Fire) {
    if !finds_eligible(c) || category(c) != SLD || !c.meeting_held() {
        return;
    }
    let e = c.eligibility();
    if !e.sld_disagree.is_empty() && blank(&e.sld_dissent_statement) {
        f.at(field("sld_dissent_statement"), format!("{} differs but no separate statement is recorded", e.sld_disagree.join(", ")));
    }
    // every team member (not an interpreter or the student) agrees or states how they differ
    let silent: Vec<String> = c
        .attendees()
        .iter()
        .filter(|a| !a.name.is_empty() && a.roles.iter().any(|r| !["Interpreter", "Student"].contains(&r.as_str())))
        .filter(|a| !e.sld_agree.contains(&a.name) && !e.sld_disagree.contains(&a.name))
        .map(|a| a.name.clone())
        .collect();
    if e.sld_agree.is_empty() {
        f.at(field("sld_agree"), "Section VI: no team member's agreement with the conclusions is recorded");
    } else if !silent.is_empty() {
        f.at(field("sld_agree"), format!("Section VI: neither agreement nor a differing statement from {}", first_and_more(&silent)));
    }
}

fn low_incidence(c: &Ctx, f: &mut Fire) {
    if !c.determines_eligibility() {
        return;
    }
    let cat = category(c);
    if !(LOW_INCIDENCE.contains(&cat) || c.has_disability(&LOW_INCIDENCE)) {
        return;
    }
    let e = c.eligibility();
    if e.low_incidence_assessor != Some(true) {
        f.at(field("low_incidence_assessor"), format!("{cat}: no assessor recorded as knowledgeable of the disability"));
    }
    if c.eligible() && e.low_incidence_marked != Some(true) {
        f.at(field("low_incidence_marked"), format!("{cat}: low-incidence eligibility not marked on IEP 2A"));
    }
}

/// An intelligence-test score named in assessment text.
fn cites_iq(text: &str) -> bool {
    let t = text.to_lowercase();
    let words: Vec<&str> = t.split(|ch: char| !ch.is_alphanumeric()).collect();
    ["iq", "fsiq", "wisc", "wppsi", "wais"].iter().any(|w| words.contains(w))
        || ["stanford-binet", "full scale", "full-scale", "intelligence quotient"].iter().any(|w| t.contains(w))
}

fn larry_p(c: &Ctx, f: &mut Fire) {
    if c.student.race != "Black or African American" {
        return;
    }
    let e = c.eligibility();
    if e.iq_score_cited == Some(true) {
        f.at(field("iq_score_cited"), "an IQ score is in the assessment data of an African-American pupil");
    } else if cites_iq(&e.basis) {
        f.at(field("basis"), "the basis cites an IQ / intelligence test for an African-American pupil");
    } else if cites_iq(&c.summary().evaluation_results) {
        f.at(Target::field(Block::PresentSummary, "evaluation_results"), "the evaluation results cite an IQ / intelligence test for an African-American pupil");
    }
}

fn el_validity(c: &Ctx, f: &mut Fire) {
    if !c.determines_eligibility() || !c.is_el() {
        return;
    }
    let e = c.eligibility();
    if e.other_language_testing.is_none() {
        f.lesser(field("other_language_testing"), "English learner: not recorded whether tests were given via an interpreter or in another language");
    } else if e.other_language_testing == Some(true) && e.validity_noted != Some(true) {
        f.at(field("validity_noted"), "tested via an interpreter or not in the primary language, and the report does not note the effect on validity");
    }
    if e.translated_scores_only == Some(true) {
        f.at(field("translated_scores_only"), "translated-test scores are the only support");
    }
}

fn preschool_exclusions(c: &Ctx, f: &mut Fire) {
    if c.is_preschool() && c.eligible() && c.eligibility().preschool_excluded_factor == Some(true) {
        f.at(field("preschool_excluded_factor"), "eligible although the needs are due mainly to an excluded factor");
    }
}

fn exit_requires_evaluation(c: &Ctx, f: &mut Fire) {
    let s = c.summary();
    if ["No longer eligible", "Other"].contains(&s.exit_reason.as_str()) && s.exit_evaluation != Some(true) {
        f.at(Target::field(Block::PresentSummary, "exit_evaluation"), format!("exiting ({}) without a current evaluation", s.exit_reason.to_lowercase()));
    }
}

fn reports_to_parent(c: &Ctx, f: &mut Fire) {
    if c.assessments_discussed() && c.meeting_held() && c.consent().reports_received != Some(true) {
        f.at(Target::field(Block::Consent, "reports_received"), "assessment results reviewed; the parent's copy of the report(s) is not recorded");
    }
}

fn no_new_data_notice(c: &Ctx, f: &mut Fire) {
    let e = c.eligibility();
    if c.mtype() == MeetingType::Triennial && e.no_new_data == Some(true) && e.no_new_data_notice.is_none() {
        f.at(field("no_new_data_notice"), "no additional data needed, and the parent's notice of that is not recorded");
    }
}

fn section_504(c: &Ctx, f: &mut Fire) {
    if c.summary().eligible == Some(false) && c.eligibility().section_504_suspected == Some(true) {
        f.at(field("section_504_suspected"), "not eligible under IDEA, 504 disability suspected: refer to the district's 504 process");
    }
}
