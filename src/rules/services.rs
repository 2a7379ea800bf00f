//! Services, placement/LRE, statewide assessments, ESY (catalog sections 9, 10, 11, 12).

use super::ctx::{blank, Ctx, flagged};
use super::{Fire, Rule, Target};
use crate::domain::meeting::{Block, MeetingType, Service};

pub static RULES: &[Rule] = &[
    Rule { id: "svc-offer-statement", check: offer_statement },
    Rule { id: "svc-line-required-fields", check: line_required_fields },
    Rule { id: "svc-sai-amount-and-location", check: sai_amount_and_location },
    Rule { id: "svc-options-considered", check: options_considered },
    Rule { id: "svc-makeup-policy-disclosed", check: makeup_policy },
    Rule { id: "svc-copy-to-implementers", check: copy_to_implementers },
    Rule { id: "assess-statewide-participation", check: statewide_participation },
    Rule { id: "assess-alternate-justification", check: alternate_justification },
    Rule { id: "assess-test-accommodations-in-iep", check: test_accommodations },
    Rule { id: "lre-nonparticipation-explanation", check: nonparticipation },
    Rule { id: "lre-harmful-effects-considered", check: harmful_effects },
    Rule { id: "lre-removal-justified", check: removal_justified },
    Rule { id: "esy-considered-annually", check: esy_considered },
    Rule { id: "esy-determination-questions", check: esy_questions },
    Rule { id: "esy-factors-considered", check: esy_factors },
    Rule { id: "esy-services-specified", check: esy_services },
    Rule { id: "esy-no-cost-and-dispute", check: esy_no_cost },
    Rule { id: "svc-physical-education", check: physical_education },
    Rule { id: "svc-related-service-necessity", check: related_service_necessity },
    Rule { id: "svc-slpa-specified", check: slpa_specified },
    Rule { id: "svc-transportation-specified", check: transportation_specified },
    Rule { id: "svc-other-agency", check: other_agency },
    Rule { id: "lre-supplementary-aids-listed", check: supplementary_aids },
    Rule { id: "lre-nonacademic-participation", check: nonacademic },
    Rule { id: "lre-school-of-residence-rationale", check: school_of_residence },
    Rule { id: "assess-el-proficiency-test", check: el_proficiency_test },
    Rule { id: "esy-transportation", check: esy_transportation },
    Rule { id: "svc-home-hospital", check: home_hospital },
    Rule { id: "svc-scia-documentation", check: scia_documentation },
    Rule { id: "svc-ermhs-documentation", check: ermhs_documentation },
    Rule { id: "svc-supports-for-personnel", check: supports_for_personnel_lines },
    Rule { id: "assess-alternate-criteria-not-improper-basis", check: alternate_criteria },
    Rule { id: "assess-testing-variation-consistency", check: testing_variation },
    Rule { id: "acc-instructional-related-to-disability", check: accommodations_related },
    Rule { id: "acc-modifications-consequences-explained", check: modification_consequences },
    Rule { id: "acc-preschool-strategies", check: preschool_strategies },
    Rule { id: "acc-universal-tools-deactivation", check: universal_tools },
];

fn offer_statement(c: &Ctx, f: &mut Fire) {
    if !c.eligible() || c.summary().eligible == Some(false) {
        return;
    }
    if c.services().is_empty() {
        f.at(Target::block(Block::Services), "no special education or related services offered");
    }
    if blank(&c.placement().supports_for_personnel) {
        f.at(Target::field(Block::Placement, "supports_for_personnel"), "no statement of supports for school personnel (or \"none\")");
    }
}

fn line_required_fields(c: &Ctx, f: &mut Fire) {
    service_lines(&c.services(), Block::Services, "", true, f);
}

/// Each service line of `block` says what, who, where, how, how often, how long and when; one that
/// does has its end after its start. `prefix` names the kind of line in the finding ("ESY ");
/// `responsible`: IEP 7A-1 also names the responsible staff, IEP 7A-2 does not.
fn service_lines(lines: &[&Service], block: Block, prefix: &str, responsible: bool, f: &mut Fire) {
    for (i, s) in lines.iter().enumerate() {
        let mut missing = Vec::new();
        for (v, name) in [
            (&s.service, "service"),
            (&s.provider, "provider"),
            (&s.responsible, "responsible staff"),
            (&s.location, "location"),
            (&s.delivery, "delivery model"),
            (&s.period, "frequency"),
        ] {
            if blank(v) && (responsible || name != "responsible staff") {
                missing.push(name);
            }
        }
        if s.sessions.is_none() && !missing.contains(&"frequency") {
            missing.push("frequency");
        }
        for (none, name) in [(s.duration.is_none(), "duration"), (s.start.is_none(), "start date"), (s.end.is_none(), "end date")] {
            if none {
                missing.push(name);
            }
        }
        if !missing.is_empty() {
            let label = if s.service.is_empty() { format!("{prefix}service {}", i + 1) } else { format!("{prefix}{}", s.service) };
            f.at(Target::item(block, i, None), format!("{label}: missing {}", missing.join(", ")));
        } else if let (Some(a), Some(b)) = (s.start, s.end) {
            if b < a {
                f.at(Target::item(block, i, Some("end")), format!("{prefix}{}: ends before it starts", s.service));
            }
        }
    }
}

fn sai_amount_and_location(c: &Ctx, f: &mut Fire) {
    for (i, s) in c.services().iter().enumerate() {
        if s.service == "Specialized academic instruction" && (s.minutes_per_week().is_none() || blank(&s.location)) {
            f.at(Target::item(Block::Services, i, None), "specialized academic instruction needs an amount and a location");
        }
    }
}

fn options_considered(c: &Ctx, f: &mut Fire) {
    if c.eligible() && blank(&c.placement().options_considered) {
        f.at(Target::field(Block::Placement, "options_considered"), "service options considered are not recorded");
    }
}

fn makeup_policy(c: &Ctx, f: &mut Fire) {
    if c.live.section == Some(crate::domain::meeting::Section::Consent) && !c.services().is_empty() {
        f.at(Target::field(Block::Consent, "choice"), "tell the parent services are not made up for absences or non-student days (IEP 9A)");
    }
}

fn copy_to_implementers(c: &Ctx, f: &mut Fire) {
    if !c.meeting.is_open() {
        f.at(Target::block(Block::Services), "give each teacher and provider access to the IEP and their responsibilities");
    }
}

fn statewide_participation(c: &Ctx, f: &mut Fire) {
    if c.eligible() && !c.is_preschool() && blank(&c.assessments().participation) {
        f.at(Target::field(Block::Assessments, "participation"), "statewide assessment participation not chosen");
    }
}

fn alternate_justification(c: &Ctx, f: &mut Fire) {
    let a = c.assessments();
    if a.participation == "Alternate assessment (CAA)" && blank(&a.alternate_justification) {
        f.at(Target::field(Block::Assessments, "alternate_justification"), "alternate assessment without a statement of why");
    }
}

fn test_accommodations(c: &Ctx, f: &mut Fire) {
    let a = c.assessments();
    let by_subject = [&a.supports_ela, &a.supports_math, &a.supports_science].iter().any(|v| !blank(v));
    if a.participation == "General assessment with supports/accommodations" && blank(&a.testing_accommodations) && !by_subject {
        f.at(Target::field(Block::Assessments, "testing_accommodations"), "testing with accommodations, but none are listed");
    }
}

fn nonparticipation(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    match p.pct_general_ed {
        Some(pct) if pct < 100 && blank(&p.nonparticipation) => {
            f.at(Target::field(Block::Placement, "nonparticipation"), format!("{pct}% in general education and no explanation of non-participation"));
        }
        None if c.eligible() => f.at(Target::field(Block::Placement, "pct_general_ed"), "percent of time in general education not recorded"),
        _ => {}
    }
}

fn harmful_effects(c: &Ctx, f: &mut Fire) {
    if c.eligible() && blank(&c.placement().lre_consideration) {
        f.at(Target::field(Block::Placement, "lre_consideration"), "no statement of the potential harmful effects considered");
    }
}

fn removal_justified(c: &Ctx, f: &mut Fire) {
    const REMOVED: [&str; 5] = ["Special education classroom", "Separate room", "Nonpublic school", "Home", "Hospital"];
    let removal = c.services().iter().any(|s| REMOVED.contains(&s.location.as_str()));
    if removal && blank(&c.placement().removal_justification) {
        f.at(Target::field(Block::Placement, "removal_justification"), "services outside the regular class without saying why supports there are not enough");
    }
}

fn esy_due(c: &Ctx) -> bool {
    matches!(c.mtype(), MeetingType::Initial | MeetingType::Annual | MeetingType::Triennial) && c.eligible()
}

fn esy_considered(c: &Ctx, f: &mut Fire) {
    if esy_due(c) && c.esy().required.is_none() {
        f.at(Target::field(Block::Esy, "required"), "ESY not determined");
    }
}

fn esy_questions(c: &Ctx, f: &mut Fire) {
    let e = c.esy();
    if esy_due(c) && (e.q_benefit.is_none() || e.q_regression.is_none()) {
        let field = if e.q_benefit.is_none() { "q_benefit" } else { "q_regression" };
        f.at(Target::field(Block::Esy, field), "an ESY determination question is unanswered");
    }
    // A "yes" to either question points to ESY: "not required" then needs the team's reason.
    if e.required == Some(false) && (e.q_regression == Some(true) || e.q_benefit == Some(true)) && blank(&e.denial_reason) {
        let q = if e.q_regression == Some(true) { "serious regression" } else { "loss of the program's benefit" };
        f.at(Target::field(Block::Esy, "denial_reason"), format!("{q} answered yes and ESY not required: record why"));
    }
}

fn esy_factors(c: &Ctx, f: &mut Fire) {
    let e = c.esy();
    if e.required.is_some() && e.factors.is_empty() {
        f.at(Target::field(Block::Esy, "factors"), "no ESY factors recorded as considered");
    }
}

fn esy_services(c: &Ctx, f: &mut Fire) {
    let e = c.esy();
    if e.required == Some(true) {
        if blank(&e.goals) {
            f.at(Target::field(Block::Esy, "goals"), "ESY required and no goals identified for it");
        }
        let lines = c.esy_services();
        if blank(&e.services) && lines.is_empty() {
            f.at(Target::block(Block::EsyServices), "ESY required and no ESY services specified");
        }
        // Each IEP 7A-2 line as an IEP 7A-1 line, without the responsible staff (15.10).
        service_lines(&lines, Block::EsyServices, "ESY ", false, f);
    }
}

fn esy_no_cost(c: &Ctx, f: &mut Fire) {
    // A reminder, cleared once the team records that it told the parent (15.10).
    if c.esy().required.is_some() && c.esy().parent_informed != Some(true) {
        f.at(Target::field(Block::Esy, "parent_informed"), "tell the parent that ESY is at no cost and how to dispute the decision, then record it");
    }
}

fn physical_education(c: &Ctx, f: &mut Fire) {
    if c.eligible() && !c.is_preschool() && blank(&c.placement().physical_education) {
        f.at(Target::field(Block::Placement, "physical_education"), "physical education (general, modified, adapted, exempt) not chosen");
    }
}

fn related_service_necessity(c: &Ctx, f: &mut Fire) {
    for (i, s) in c.services().iter().enumerate() {
        if !blank(&s.service) && s.service != "Specialized academic instruction" && blank(&s.need) {
            f.at(Target::item(Block::Services, i, Some("need")), format!("{} is not linked to an area of need", s.service));
        }
    }
}

fn slpa_specified(c: &Ctx, f: &mut Fire) {
    for (i, s) in c.services().iter().enumerate() {
        let who = format!("{} {}", s.provider, s.responsible).to_lowercase();
        let slpa = who.contains("slpa") || who.contains("speech-language pathology assistant") || (s.service == "Language and speech" && who.contains("assistant"));
        if slpa && !who.contains("supervis") {
            f.at(Target::item(Block::Services, i, Some("provider")), "speech delivered by an SLP assistant: state the supervision by a credentialed SLP");
        }
    }
}

fn transportation_specified(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    if p.transportation != Some(true) {
        return;
    }
    if blank(&p.transportation_details) {
        f.at(Target::field(Block::Placement, "transportation_details"), "special education transportation without specifics");
    } else if !p.transport_needs.is_empty() && p.transport_terms.is_empty() {
        // IEP 8's checklist has a regular-year and an ESY column.
        f.at(Target::field(Block::Placement, "transport_terms"), "transportation needs checked without saying whether they apply in the regular year, ESY or both");
    }
}

fn other_agency(c: &Ctx, f: &mut Fire) {
    if !blank(&c.student.outside_agencies) {
        f.at(Target::block(Block::Services), format!("coordinate with {}", c.student.outside_agencies));
    }
}

fn supplementary_aids(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    if c.eligible() && p.pct_general_ed.is_some_and(|x| x > 0) && blank(&p.supplementary_aids) {
        f.at(Target::field(Block::Placement, "supplementary_aids"), "in general education, and no supplementary aids listed (or \"none needed\")");
    }
}

fn nonacademic(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    if c.eligible() && p.pct_general_ed.is_some_and(|x| x < 100) && blank(&p.nonacademic) {
        f.at(Target::field(Block::Placement, "nonacademic"), "participation in nonacademic and extracurricular activities not addressed");
    }
}

fn school_of_residence(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    if p.at_school_of_residence == Some(false) && blank(&p.residence_rationale) {
        f.at(Target::field(Block::Placement, "residence_rationale"), "services away from the school of residence without a rationale");
    }
}

/// 3.5.C and IEP 6C: how an English learner takes each domain of the proficiency test — as given,
/// with named supports, or the alternate. The IEP 4 choice covers every domain when it says
/// "without supports" or "Alternate ELPAC"; supports "listed by domain" must be listed.
fn el_proficiency_test(c: &Ctx, f: &mut Fire) {
    if !c.is_el() {
        return;
    }
    let el = c.english_learner();
    let overall = c.assessments().elpac.clone();
    let begun = [&el.test_listening, &el.test_speaking, &el.test_reading, &el.test_writing, &el.test_supports].iter().any(|v| !blank(v));
    // The IEP 4 choice covers every domain when it says so, or while IEP 6C's domains are not begun.
    let covers_all = matches!(overall.as_str(), "ELPAC without supports" | "Alternate ELPAC") || (!begun && !blank(&overall));
    let domains = [("test_listening", "listening", &el.test_listening), ("test_speaking", "speaking", &el.test_speaking), ("test_reading", "reading", &el.test_reading), ("test_writing", "writing", &el.test_writing)];
    if !covers_all {
        let open: Vec<_> = domains.iter().filter(|(_, _, v)| blank(v)).collect();
        if let Some((key, _, _)) = open.first() {
            let names: Vec<&str> = open.iter().map(|(_, n, _)| *n).collect();
            let target = if blank(&overall) && open.len() == domains.len() { Target::field(Block::Assessments, "elpac") } else { Target::field(Block::EnglishLearner, key) };
            f.at(target, format!("English learner: how the student takes the English proficiency test is not specified for {}", names.join(", ")));
            return;
        }
    }
    let supported: Vec<&str> = domains.iter().filter(|(_, _, v)| matches!(v.as_str(), "With designated supports" | "With accommodations")).map(|(_, n, _)| *n).collect();
    if !supported.is_empty() && blank(&el.test_supports) {
        f.at(Target::field(Block::EnglishLearner, "test_supports"), format!("English learner: the supports for the proficiency test ({}) are not named", supported.join(", ")));
    }
}

fn esy_transportation(c: &Ctx, f: &mut Fire) {
    let e = c.esy();
    if e.required == Some(true) && c.placement().transportation == Some(true) && e.transportation.is_none() {
        f.at(Target::field(Block::Esy, "transportation"), "ESY required and the student has transportation: say whether it continues in ESY");
    }
}

use crate::domain::vocab::{ERMHS_SERVICE as ERMHS, HOME_HOSPITAL_SERVICE as HOME_HOSPITAL, HOME_OR_HOSPITAL};
const PERSONNEL_SUPPORT: &str = "Support for school personnel";

fn home_hospital(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    let lines: Vec<(usize, &crate::domain::meeting::Service)> = c.services().into_iter().enumerate().filter(|(_, s)| s.service == HOME_HOSPITAL).collect();
    if p.placement_type != HOME_OR_HOSPITAL && lines.is_empty() {
        return;
    }
    if blank(&p.home_hospital_basis) {
        f.at(Target::field(Block::Placement, "home_hospital_basis"), "home/hospital instruction without the team's recommendation and its medical basis");
    }
    match lines.iter().find(|(_, s)| s.sessions.is_none() || s.duration.is_none() || s.period.is_empty()) {
        Some((i, _)) => f.at(Target::item(Block::Services, *i, Some("sessions")), "home/hospital instruction: the amount (sessions and minutes) is not set"),
        None if lines.is_empty() => f.at(Target::block(Block::Services), "home/hospital placement without a service line stating the amount"),
        None => {}
    }
}

fn scia_documentation(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    if blank(&p.scia) || p.scia == "None" {
        return;
    }
    let t = |k| Target::field(Block::Placement, k);
    if blank(&p.scia_need) {
        f.at(t("scia_need"), "SCIA offered without the reason or an assessment of current need");
    }
    match p.scia.as_str() {
        "Behavioral" => {
            if c.special_factors().behavior_plan != Some(true) && blank(&c.behavior_plan().problem_behavior) {
                f.at(Target::field(Block::SpecialFactors, "behavior_plan"), "behavioral SCIA without a BIP/BSP");
            }
            if p.scia_fading_goals != Some(true) {
                f.at(t("scia_fading_goals"), "behavioral SCIA without behavior goals that fade the aide");
            }
        }
        "Instructional" | "Inclusion" if p.scia_supports_documented != Some(true) => {
            f.at(t("scia_supports_documented"), format!("{} SCIA without assessment data or written records of supports", p.scia.to_lowercase()));
        }
        "Specialized physical health care (SPHC)" if p.scia_health_plan.is_none() => {
            f.at(t("scia_health_plan"), "SPHC aide without a health care plan approved by the physician and parent");
        }
        _ => {}
    }
}

fn ermhs_documentation(c: &Ctx, f: &mut Fire) {
    let lines: Vec<(usize, &crate::domain::meeting::Service)> = c.services().into_iter().enumerate().filter(|(_, s)| s.service == ERMHS).collect();
    if lines.is_empty() {
        return;
    }
    let p = c.placement();
    if let Some((i, _)) = lines.iter().find(|(_, s)| s.sessions.is_none() || s.duration.is_none()) {
        f.at(Target::item(Block::Services, *i, Some("sessions")), "ERMHS without frequency or duration");
    }
    if blank(&p.ermhs_data_basis) {
        f.at(Target::field(Block::Placement, "ermhs_data_basis"), "ERMHS without the data basis (interventions tried, BIP, FBA, rating scales, psycho-educational report)");
    }
    let off_campus = lines.iter().any(|(_, s)| crate::domain::vocab::OFF_CAMPUS.contains(&s.location.as_str()));
    if off_campus && blank(&p.ermhs_lre_rationale) {
        f.at(Target::field(Block::Placement, "ermhs_lre_rationale"), "ERMHS off campus without an LRE rationale");
    }
    if !c.has_disability(&["Emotional disturbance"]) && blank(&p.ermhs_reassess_note) {
        f.at(Target::field(Block::Placement, "ermhs_reassess_note"), "ERMHS for a student not eligible as ED: no note on whether to reassess the eligibility basis");
    }
}

fn supports_for_personnel_lines(c: &Ctx, f: &mut Fire) {
    // IEP 8 "Supports for school personnel are required: Yes (specify below)".
    let p = c.placement();
    if p.personnel_supports_required == Some(true) && blank(&p.supports_for_personnel) && !c.services().iter().any(|s| s.service == PERSONNEL_SUPPORT) {
        f.at(Target::field(Block::Placement, "supports_for_personnel"), "supports for school personnel are required and none is specified");
    }
    for (i, s) in c.services().iter().enumerate().filter(|(_, s)| s.service == PERSONNEL_SUPPORT) {
        let missing = flagged(&[
            (blank(&s.provider), "provider"),
            (blank(&s.location), "location"),
            (s.sessions.is_none() || s.period.is_empty(), "frequency"),
            (s.duration.is_none(), "duration"),
            (s.start.is_none() || s.end.is_none(), "dates"),
        ]);
        if !missing.is_empty() {
            f.at(Target::item(Block::Services, i, None), format!("support for school personnel without {}", missing.join(", ")));
        }
    }
}

fn alternate_criteria(c: &Ctx, f: &mut Fire) {
    let a = c.assessments();
    if !a.participation.contains("Alternate") {
        return;
    }
    let missing: Vec<&str> = c.refdata_list("alternate_criteria").iter().filter(|x| !a.alternate_criteria.contains(x)).map(|x| x.as_str()).collect();
    if !missing.is_empty() {
        f.at(Target::field(Block::Assessments, "alternate_criteria"), format!("alternate assessment: not agreed or not documented: {}", missing.join("; ")));
    }
}

/// Words of four or more letters, lower-cased.
fn key_words(s: &str) -> Vec<String> {
    s.split(|ch: char| !ch.is_alphanumeric()).filter(|w| w.len() >= 4).map(|w| w.to_lowercase()).collect()
}

fn testing_variation(c: &Ctx, f: &mut Fire) {
    let a = c.assessments();
    let class = a.instructional_accommodations.to_lowercase();
    let unused: Vec<&str> = a
        .testing_accommodations
        .split(['\n', ';', ','])
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.eq_ignore_ascii_case("none"))
        .filter(|l| !key_words(l).iter().any(|w| class.contains(w.as_str())))
        .collect();
    if !unused.is_empty() {
        f.at(Target::field(Block::Assessments, "testing_accommodations"), format!("testing support not found among classroom accommodations: {}", unused.join("; ")));
    }
}

fn accommodations_related(c: &Ctx, f: &mut Fire) {
    let a = c.assessments();
    if !blank(&a.instructional_accommodations) && !a.instructional_accommodations.trim().eq_ignore_ascii_case("none") && a.accommodation_needs.is_empty() {
        f.at(Target::field(Block::Assessments, "accommodation_needs"), "instructional accommodations are not linked to a disability-related need");
    }
}

fn modification_consequences(c: &Ctx, f: &mut Fire) {
    let a = c.assessments();
    if a.modifications == Some(true) && a.modification_consequences != Some(true) {
        f.at(Target::field(Block::Assessments, "modification_consequences"), "modifications selected; no record that the parent was told the consequences (grades, rank, diploma, transcript)");
    }
}

fn preschool_strategies(c: &Ctx, f: &mut Fire) {
    let a = c.assessments();
    if c.is_preschool() && (blank(&a.preschool_strategies) || a.drdp_adaptations.is_none()) {
        let key = if blank(&a.preschool_strategies) { "preschool_strategies" } else { "drdp_adaptations" };
        f.at(Target::field(Block::Assessments, key), "preschool child: use IEP 6B strategies and answer the DRDP adaptations question");
    }
}

fn universal_tools(c: &Ctx, f: &mut Fire) {
    let a = c.assessments();
    let tested = a.participation.starts_with("General assessment");
    if tested && a.universal_tools_reviewed != Some(true) {
        f.at(Target::field(Block::Assessments, "universal_tools_reviewed"), "non-embedded universal tools that may distract are not reviewed");
    }
}
