//! Present levels, eligibility and special factors (catalog sections 5, 6, 7: the rules a meeting
//! tool can check from IEP 2A/2B and IEP 5).

use super::ctx::{blank, Ctx, DHH, LOW_INCIDENCE};
use super::{Fire, Rule, Target};
use crate::domain::meeting::{Block, MeetingType};

pub static RULES: &[Rule] = &[
    Rule { id: "elig-three-determinations", check: three_determinations },
    Rule { id: "elig-special-rule-determinant-factor", check: determinant_factor },
    Rule { id: "elig-not-eligible-documented", check: not_eligible_documented },
    Rule { id: "plaafp-gen-ed-impact", check: gen_ed_impact },
    Rule { id: "plaafp-preschool-participation", check: preschool_participation },
    Rule { id: "plaafp-strengths-and-parent-concerns", check: strengths_and_concerns },
    Rule { id: "plaafp-evaluation-and-statewide-results", check: evaluation_results },
    Rule { id: "plaafp-domains-addressed", check: domains_addressed },
    Rule { id: "plaafp-areas-of-need-identified", check: areas_of_need },
    Rule { id: "plaafp-goal-service-alignment", check: goal_service_alignment },
    Rule { id: "plaafp-prior-goal-progress-reviewed", check: prior_progress },
    Rule { id: "sf-behavior-impedes", check: behavior_impedes },
    Rule { id: "sf-bip-when-indicated", check: bip_when_indicated },
    Rule { id: "sf-lep-language-needs", check: lep_language_needs },
    Rule { id: "sf-vi-braille", check: vi_braille },
    Rule { id: "sf-dhh-communication", check: dhh_communication },
    Rule { id: "sf-assistive-technology", check: assistive_technology },
    Rule { id: "sf-statement-of-needed-device-or-service", check: needed_device_statement },
    Rule { id: "sf-communication-needs-all", check: communication_needs_all },
    Rule { id: "sf-lep-meeting-steps", check: lep_meeting_steps },
    Rule { id: "sf-lep-primary-language-annual-reconsideration", check: primary_language_reconsideration },
    Rule { id: "sf-at-home-use", check: at_home_use },
    Rule { id: "sf-low-incidence-bme", check: low_incidence_bme },
];


fn lep_meeting_steps(c: &Ctx, f: &mut Fire) {
    if !c.is_el() {
        return;
    }
    let done = &c.special_factors().el_steps;
    let left: Vec<&str> = c.refdata_list("el_meeting_steps").iter().filter(|s| !done.contains(s)).map(|s| s.as_str()).collect();
    if !left.is_empty() {
        f.at(Target::field(Block::SpecialFactors, "el_steps"), format!("English learner steps left: {}", left.join(", ")));
    }
}

fn primary_language_reconsideration(c: &Ctx, f: &mut Fire) {
    let sf = c.special_factors();
    if sf.primary_language_instruction != Some(true) {
        return;
    }
    match sf.english_reconsidered {
        None => f.at(Target::field(Block::SpecialFactors, "english_reconsidered"), "taught in the primary language: no date the ability to learn in English was reconsidered"),
        Some(d) if crate::domain::dates::add_years(d, 1) < c.date() => {
            f.at(Target::field(Block::SpecialFactors, "english_reconsidered"), format!("ability to learn in English last reconsidered {d}, more than 12 months ago"))
        }
        Some(_) => {}
    }
}

fn at_home_use(c: &Ctx, f: &mut Fire) {
    let sf = c.special_factors();
    if sf.device_at_home != Some(true) {
        return;
    }
    if blank(&sf.home_use_rationale) {
        f.at(Target::field(Block::SpecialFactors, "home_use_rationale"), "a device is needed outside school and the rationale is not written");
    }
    if sf.home_use_agreement.is_none() {
        f.at(Target::field(Block::SpecialFactors, "home_use_agreement"), "a device is needed outside school and the parent's home-use agreement is not recorded");
    }
}

fn low_incidence_bme(c: &Ctx, f: &mut Fire) {
    let sf = c.special_factors();
    let li = c.has_disability(&LOW_INCIDENCE);
    if li && sf.li_materials.is_none() {
        f.at(Target::field(Block::SpecialFactors, "li_materials"), "low-incidence disability: the books, materials and equipment question is unanswered");
    }
    if sf.li_materials != Some(true) {
        return;
    }
    if !li {
        f.at(Target::field(Block::SpecialFactors, "li_materials"), "low-incidence equipment requested without a low-incidence disability on IEP 1/2A");
    }
    let eq = sf.li_equipment.trim().to_lowercase();
    let in_goal = c.goals().iter().any(|g| {
        let t = format!("{} {}", g.annual_goal, g.objectives.join(" ")).to_lowercase();
        (!eq.is_empty() && t.contains(&eq)) || ["equipment", "device", "braille", "fm system", "hearing aid", "magnif", "cane", "switch"].iter().any(|w| t.contains(w))
    });
    if !in_goal {
        f.at(Target::block(Block::Goals), "low-incidence equipment requested and no goal incorporates it");
    }
}

fn three_determinations(c: &Ctx, f: &mut Fire) {
    if !c.determines_eligibility() || !c.eligible() {
        return;
    }
    let s = c.summary();
    if blank(&c.student.primary_disability) {
        // Where the team records the category it determined (IEP 2A); blank there means the
        // student's primary disability (IEP 1), which is what is missing.
        f.at(Target::field(Block::Eligibility, "category"), "no disability category recorded for the student");
    }
    if s.needs_special_education != Some(true) {
        f.at(Target::field(Block::PresentSummary, "needs_special_education"), "not recorded that the disability requires special education");
    }
    if s.areas_of_need.is_empty() {
        f.at(Target::field(Block::PresentSummary, "areas_of_need"), "no adverse effect / area of need recorded");
    }
}

fn determinant_factor(c: &Ctx, f: &mut Fire) {
    if !c.determines_eligibility() || !c.eligible() {
        return;
    }
    // 1.6.B: a "Yes" on the SLD form for lack of appropriate reading or math instruction or for
    // limited English is the special rule's determinant factor itself, whatever else is ticked.
    const SPECIAL: [&str; 2] = ["F. Limited English proficiency", "H. Lack of appropriate instruction in reading or math"];
    if let Some(x) = c.eligibility().sld_exclusions.iter().find(|x| SPECIAL.contains(&x.as_str())) {
        f.at(Target::field(Block::Eligibility, "sld_exclusions"), format!("\"{x}\" answered Yes: under the special rule the student may not be found eligible on it"));
    } else if c.summary().determinant_ruled_out != Some(true) {
        f.at(Target::field(Block::PresentSummary, "determinant_ruled_out"), "lack of instruction in reading or math, or limited English, not ruled out as the determinant factor");
    }
}

fn not_eligible_documented(c: &Ctx, f: &mut Fire) {
    if c.summary().eligible == Some(false) && blank(&c.summary().evaluation_results) && blank(&c.minutes(crate::domain::meeting::Section::PresentLevels)) {
        f.at(Target::field(Block::PresentSummary, "evaluation_results"), "not eligible, and the basis is not documented");
    }
}

fn gen_ed_impact(c: &Ctx, f: &mut Fire) {
    if !c.eligible() || c.is_preschool() {
        return;
    }
    let levels = c.present_levels();
    if levels.is_empty() || levels.iter().all(|p| blank(&p.impact)) {
        f.at(Target::block(Block::PresentLevels), "no statement of how the disability affects involvement in the general curriculum");
    }
}

fn preschool_participation(c: &Ctx, f: &mut Fire) {
    if c.eligible() && c.is_preschool() && c.present_levels().iter().all(|p| blank(&p.impact)) {
        f.at(Target::block(Block::PresentLevels), "no statement of how the disability affects participation in appropriate activities");
    }
}

fn strengths_and_concerns(c: &Ctx, f: &mut Fire) {
    let s = c.summary();
    if blank(&s.strengths) {
        f.at(Target::field(Block::PresentSummary, "strengths"), "student strengths, preferences and interests are empty");
    }
    if blank(&s.parent_concerns) {
        f.at(Target::field(Block::PresentSummary, "parent_concerns"), "parent concerns are empty");
    }
}

fn evaluation_results(c: &Ctx, f: &mut Fire) {
    let s = c.summary();
    if blank(&s.evaluation_results) {
        f.at(Target::field(Block::PresentSummary, "evaluation_results"), "results of the most recent evaluation are not referenced");
    }
    let tested_age = c.age().is_some_and(|a| (8..=18).contains(&a));
    if tested_age && blank(&s.statewide_results) {
        f.at(Target::field(Block::PresentSummary, "statewide_results"), "statewide/district assessment results are not referenced");
    }
}

fn domains_addressed(c: &Ctx, f: &mut Fire) {
    if !c.eligible() {
        return;
    }
    let areas: Vec<&str> = c.present_levels().iter().filter(|p| !blank(&p.present_level)).map(|p| p.area.as_str()).collect();
    // data/reference.toml: present_level_areas
    const DOMAINS: [&str; 7] = [
        "Pre-academic/academic/functional",
        "Communication",
        "Gross/fine motor",
        "Social-emotional/behavioral",
        "Vocational",
        "Health",
        "Adaptive/daily living",
    ];
    let missing: Vec<&str> = DOMAINS.iter().copied().filter(|d| !areas.contains(d)).collect();
    if !missing.is_empty() {
        f.at(Target::block(Block::PresentLevels), format!("no present level for: {}", missing.join(", ")));
    }
    // IEP 2B's screening lines: a date with its pass/fail, and a result with its date.
    let s = c.summary();
    for (date, result, dkey, rkey, what) in [
        (s.vision_screening, &s.vision_result, "vision_screening", "vision_result", "vision"),
        (s.hearing_screening, &s.hearing_result, "hearing_screening", "hearing_result", "hearing"),
    ] {
        if date.is_some() == blank(result) {
            let key = if date.is_none() { dkey } else { rkey };
            f.at(Target::field(Block::PresentSummary, key), format!("{what} screening recorded without its {}", if date.is_none() { "date" } else { "result" }));
        }
    }
}

fn areas_of_need(c: &Ctx, f: &mut Fire) {
    if c.eligible() && c.summary().areas_of_need.is_empty() {
        f.at(Target::field(Block::PresentSummary, "areas_of_need"), "eligible student with no area of need identified");
    }
}

fn goal_service_alignment(c: &Ctx, f: &mut Fire) {
    let goals = c.goals();
    // A need without a goal is one gap: goal-each-need-area reports it (for an eligible student,
    // the only one who has goals); here only what that rule does not see.
    if !c.eligible() {
        for need in &c.summary().areas_of_need {
            if !goals.iter().any(|g| g.need == *need) {
                f.at(Target::field(Block::PresentSummary, "areas_of_need"), format!("need \"{need}\" has no goal"));
            }
        }
    }
    let areas: Vec<&str> = c.present_levels().iter().map(|p| p.area.as_str()).collect();
    for (i, g) in goals.iter().enumerate() {
        if !blank(&g.area) && !areas.contains(&g.area.as_str()) {
            f.at(Target::item(Block::Goals, i, Some("area")), format!("goal {} area \"{}\" has no present-levels data", i + 1, g.area));
        }
    }
}

fn prior_progress(c: &Ctx, f: &mut Fire) {
    let reviews = matches!(c.mtype(), MeetingType::Annual | MeetingType::Triennial | MeetingType::ParentRequested);
    if reviews && c.summary().prior_progress_reviewed != Some(true) {
        f.at(Target::field(Block::PresentSummary, "prior_progress_reviewed"), "progress on the prior IEP's goals is not recorded as reviewed");
    }
}

/// 7.8.A: whether behavior impedes learning is answered, and when it does, the positive behavioral
/// interventions, strategies and supports considered are documented — as supports, a behavior goal
/// or a BIP. This comes before any BIP question (sf-bip-when-indicated).
fn behavior_impedes(c: &Ctx, f: &mut Fire) {
    let sf = c.special_factors();
    if c.eligible() && sf.behavior_impedes.is_none() {
        f.at(Target::field(Block::SpecialFactors, "behavior_impedes"), "say whether behavior impedes learning");
    } else if sf.behavior_impedes == Some(true) && blank(&sf.behavior_supports) && !c.has_social_emotional_goal() && sf.behavior_plan != Some(true) {
        f.at(
            Target::field(Block::SpecialFactors, "behavior_supports"),
            "behavior impedes learning: no positive behavioral interventions, strategies or supports, behavior goal or BIP recorded",
        );
    }
}

/// 1.7.B: a BIP the team says is needed is part of the IEP (IEP 6G): its form is filled in.
fn bip_when_indicated(c: &Ctx, f: &mut Fire) {
    let b = c.behavior_plan();
    if c.special_factors().behavior_plan == Some(true) && blank(&b.problem_behavior) && blank(&b.interventions) {
        f.at(Target::field(Block::BehaviorPlan, "interventions"), "a behavior intervention plan is indicated and its form (IEP 6G) is empty");
    }
}

/// IEP 6C, as the catalog lists it (7.8.B; the form, L16900–16960): the proficiency results (each
/// domain and overall, with their date, or the alternate assessment's), the EL needs, the general
/// education setting, where ELD is taught and the language of special education instruction.
fn lep_language_needs(c: &Ctx, f: &mut Fire) {
    if !c.is_el() {
        return;
    }
    // 7.8.B asks the team to consider the language needs. Consideration recorded on IEP 5 meets
    // it while IEP 6C is not begun; a begun IEP 6C must be complete (the catalog's condition).
    let started = c.meeting.block(Block::EnglishLearner).first().is_some_and(|i| {
        let r = i.record.as_record();
        r.specs().iter().any(|s| !blank(&r.get(s.key)))
    });
    if !started {
        if c.special_factors().language_needs_considered != Some(true) {
            f.noted(
                Target::field(Block::SpecialFactors, "language_needs_considered"),
                "English learner: language needs not recorded as considered (IEP 5), and IEP 6C is not filled in",
                "Handbook 7.8.B asks the team to consider the language needs; the catalog asks for a complete IEP 6C. Either recorded consideration or the page meets it; a page once begun must be complete.",
            );
        }
        return;
    }
    let el = c.english_learner();
    let mut missing: Vec<(&'static str, String)> = Vec::new();
    if el.results_date.is_none() {
        missing.push(("results_date", "the date of the most recent proficiency assessment".into()));
    }
    if blank(&el.alternate_results) {
        let domains = [
            ("result_listening", "listening", &el.result_listening),
            ("result_speaking", "speaking", &el.result_speaking),
            ("result_reading", "reading", &el.result_reading),
            ("result_writing", "writing", &el.result_writing),
            ("result_overall", "overall", &el.result_overall),
        ];
        let empty: Vec<_> = domains.iter().filter(|(_, _, v)| blank(v)).collect();
        if let Some((key, _, _)) = empty.first() {
            let names: Vec<&str> = empty.iter().map(|(_, n, _)| *n).collect();
            missing.push((key, format!("the {} result{}", names.join(", "), if names.len() == 1 { "" } else { "s" })));
        }
    }
    if el.needs.is_empty() {
        missing.push(("needs", "the English learner needs".into()));
    } else if el.needs.iter().any(|n| n.starts_with("Instructional strategies for comprehensible input")) && blank(&el.comprehensible_input) {
        missing.push(("comprehensible_input", "the comprehensible-input strategies checked as needed".into()));
    }
    if blank(&el.general_ed_setting) {
        missing.push(("general_ed_setting", "the general education setting".into()));
    }
    if blank(&el.eld_provided_in) {
        missing.push(("eld_provided_in", "where English language development is provided".into()));
    }
    if blank(&el.instruction_language) {
        missing.push(("instruction_language", "the language of special education instruction".into()));
    }
    if let Some((key, _)) = missing.first() {
        let what: Vec<&str> = missing.iter().map(|(_, w)| w.as_str()).collect();
        f.at(Target::field(Block::EnglishLearner, key), format!("English learner: IEP 6C lacks {}", what.join("; ")));
    }
}

fn vi_braille(c: &Ctx, f: &mut Fire) {
    if !c.has_disability(&["Visual impairment"]) {
        return;
    }
    let sf = c.special_factors();
    if sf.braille_considered != Some(true) && sf.braille_recommended.is_none() {
        f.at(Target::field(Block::SpecialFactors, "braille_considered"), "visual impairment: braille instruction not recorded as considered");
    } else if sf.braille_recommended == Some(false) && blank(&sf.braille_evaluation) {
        // 7.8.C: Braille unless the team decides, after an evaluation, that it is not appropriate.
        f.at(Target::field(Block::SpecialFactors, "braille_evaluation"), "Braille not recommended without the evaluation of reading and writing skills, needs, media and future needs");
    }
}

fn dhh_communication(c: &Ctx, f: &mut Fire) {
    if !c.has_disability(&DHH) {
        return;
    }
    let sf = c.special_factors();
    let begun = !blank(&sf.dhh_language_mode) || !blank(&sf.dhh_opportunities);
    if !begun && sf.communication_considered != Some(true) {
        f.at(Target::field(Block::SpecialFactors, "communication_considered"), "deaf/hard of hearing: language and communication needs not recorded as considered");
    } else if begun && (blank(&sf.dhh_language_mode) || blank(&sf.dhh_opportunities)) {
        // IEP 5's deaf/hard-of-hearing supports name the mode and how the opportunities of 7.8.D are given.
        let key = if blank(&sf.dhh_language_mode) { "dhh_language_mode" } else { "dhh_opportunities" };
        let what = if key == "dhh_language_mode" { "the language mode" } else { "how direct communication and instruction in that mode are provided" };
        f.at(Target::field(Block::SpecialFactors, key), format!("deaf/hard of hearing supports on IEP 5 lack {what}"));
    }
}

fn assistive_technology(c: &Ctx, f: &mut Fire) {
    if c.eligible() && c.special_factors().assistive_tech_considered.is_none() {
        f.at(Target::field(Block::SpecialFactors, "assistive_tech_considered"), "assistive technology not recorded as considered");
    }
}

fn needed_device_statement(c: &Ctx, f: &mut Fire) {
    let sf = c.special_factors();
    if sf.device_or_service_needed == Some(true) && blank(&sf.device_or_service) {
        f.at(Target::field(Block::SpecialFactors, "device_or_service"), "a needed device or service is not stated in the IEP");
    }
}

fn communication_needs_all(c: &Ctx, f: &mut Fire) {
    if c.eligible() && !c.has_disability(&DHH) && c.special_factors().communication_considered.is_none() {
        f.noted(
            Target::field(Block::SpecialFactors, "communication_considered"),
            "communication needs not recorded as considered",
            "The handbook places this duty under deaf/hard of hearing (catalog Appendix C.21); for other students iepmeet reports it as a WARNING.",
        );
    }
}
