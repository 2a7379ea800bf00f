//! Annual goals, IEP 3A/3B (catalog section 8).

use super::ctx::{blank, Ctx};
use super::{Fire, Rule, Target};
use crate::domain::goalbank::BLANK;
use crate::domain::meeting::{measurability_gaps, Block};

pub static RULES: &[Rule] = &[
    Rule { id: "goal-measurable-annual", check: measurable },
    Rule { id: "goal-each-need-area", check: each_need_area },
    Rule { id: "goal-baseline", check: baseline },
    Rule { id: "goal-curriculum-standard", check: curriculum_standard },
    Rule { id: "goal-monitored-by", check: monitored_by },
    Rule { id: "goal-progress-measurement-and-reporting", check: progress_reporting },
    Rule { id: "goal-purpose-flags", check: purpose_flags },
    Rule { id: "goal-benchmarks-alternate-assessment", check: benchmarks_alternate },
    Rule { id: "goal-el-linguistically-appropriate", check: el_linguistically_appropriate },
    Rule { id: "goal-ermhs-need", check: ermhs_need },
    Rule { id: "goal-culturally-appropriate", check: culturally_appropriate },
    Rule { id: "goal-reading-literacy", check: reading_literacy },
    Rule { id: "goal-sld-processing-link", check: sld_processing_link },
    Rule { id: "goal-lack-of-progress-addressed", check: lack_of_progress },
];

fn measurable(c: &Ctx, f: &mut Fire) {
    for (i, g) in c.goals().iter().enumerate() {
        if blank(&g.annual_goal) {
            f.at(Target::item(Block::Goals, i, Some("annual_goal")), format!("goal {} has no text", i + 1));
            continue;
        }
        let gaps = measurability_gaps(&g.annual_goal);
        if !gaps.is_empty() {
            f.at(Target::item(Block::Goals, i, Some("annual_goal")), format!("goal {} lacks {}", i + 1, gaps.join("; ")));
            continue;
        }
        // A template's blank left in the baseline or an objective leaves the goal unmeasured too.
        let blank_in = if g.baseline.contains(BLANK) { Some("baseline") } else if g.objectives.iter().any(|o| o.contains(BLANK)) { Some("objectives") } else { None };
        if let Some(field) = blank_in {
            f.at(Target::item(Block::Goals, i, Some(field)), format!("goal {}: the {field} still has a blank [__] to fill in", i + 1));
        }
    }
}

fn each_need_area(c: &Ctx, f: &mut Fire) {
    if !c.eligible() {
        return;
    }
    let goals = c.goals();
    if goals.is_empty() {
        f.at(Target::block(Block::Goals), "no annual goals");
        return;
    }
    for need in &c.summary().areas_of_need {
        if !goals.iter().any(|g| g.need == *need) {
            f.at(Target::block(Block::Goals), format!("no goal for the area of need \"{need}\""));
        }
    }
}

fn baseline(c: &Ctx, f: &mut Fire) {
    for (i, g) in c.goals().iter().enumerate() {
        if blank(&g.baseline) {
            f.at(Target::item(Block::Goals, i, Some("baseline")), format!("goal {} has no baseline", i + 1));
        }
    }
}

fn curriculum_standard(c: &Ctx, f: &mut Fire) {
    for (i, g) in c.goals().iter().enumerate() {
        if blank(&g.standard) {
            f.at(Target::item(Block::Goals, i, Some("standard")), format!("goal {} has no curriculum standard", i + 1));
        }
    }
}

fn monitored_by(c: &Ctx, f: &mut Fire) {
    for (i, g) in c.goals().iter().enumerate() {
        if blank(&g.monitored_by) {
            f.at(Target::item(Block::Goals, i, Some("monitored_by")), format!("goal {} has no one monitoring it", i + 1));
        }
    }
}

fn progress_reporting(c: &Ctx, f: &mut Fire) {
    if c.goals().is_empty() {
        return;
    }
    let p = c.progress();
    if blank(&p.method) {
        f.at(Target::field(Block::ProgressReporting, "method"), "no progress report method");
    }
    if blank(&p.frequency) {
        f.at(Target::field(Block::ProgressReporting, "frequency"), "no progress report frequency");
    }
    if blank(&p.how_measured) {
        f.at(Target::field(Block::ProgressReporting, "how_measured"), "how progress is measured is not stated");
    }
}

fn purpose_flags(c: &Ctx, f: &mut Fire) {
    for (i, g) in c.goals().iter().enumerate() {
        if g.purposes.is_empty() {
            f.at(Target::item(Block::Goals, i, Some("purposes")), format!("goal {} has no purpose checked", i + 1));
        }
    }
}

fn benchmarks_alternate(c: &Ctx, f: &mut Fire) {
    if c.assessments().participation != "Alternate assessment (CAA)" {
        return;
    }
    for (i, g) in c.goals().iter().enumerate() {
        if g.objectives.is_empty() {
            f.at(Target::item(Block::Goals, i, Some("objectives")), format!("goal {} needs short-term objectives (alternate assessment)", i + 1));
        }
    }
}

fn el_linguistically_appropriate(c: &Ctx, f: &mut Fire) {
    if !c.is_el() || c.goals().is_empty() {
        return;
    }
    let ok = c.goals().iter().any(|g| {
        g.purposes.iter().any(|p| p == "Linguistically appropriate for an English learner" || p == "Supports ELD standards")
    });
    if !ok {
        f.at(Target::block(Block::Goals), "English learner: no goal marked linguistically appropriate or ELD");
        return;
    }
    // IEP 6C checks "Goals that address English language development needs": one goal says so.
    let eld_needed = c.english_learner().needs.iter().any(|n| n.starts_with("Goals that address English language development"));
    if eld_needed && !c.goals().iter().any(|g| g.purposes.iter().any(|p| p == "Supports ELD standards")) {
        f.at(Target::block(Block::Goals), "English learner: IEP 6C calls for goals that address English language development, and no goal supports the ELD standards");
    }
}

fn ermhs_need(c: &Ctx, f: &mut Fire) {
    // ERMHS and the other mental-health services (service types are an open list: typed names too).
    const MH: [&str; 6] = ["ermhs", "mental health", "counseling", "psychological services", "social work", "psychotherapy"];
    let mh = c.services().into_iter().find(|s| {
        let t = s.service.to_lowercase();
        MH.iter().any(|m| t.contains(m))
    });
    if let Some(s) = mh {
        if !c.has_social_emotional_goal() {
            f.at(Target::block(Block::Goals), format!("{} offered without a related social-emotional/behavioral goal", s.service));
        }
    }
}

fn culturally_appropriate(c: &Ctx, f: &mut Fire) {
    if c.is_el() {
        f.at(Target::block(Block::Goals), "English learner: goals should be culturally and linguistically appropriate");
    }
}

fn reading_literacy(c: &Ctx, f: &mut Fire) {
    let reading = |s: &str| s.starts_with("Reading");
    if c.summary().areas_of_need.iter().any(|n| reading(n)) && !c.goals().iter().any(|g| reading(&g.need)) {
        f.at(Target::block(Block::Goals), "reading need without a reading/literacy goal");
    }
}

fn sld_processing_link(c: &Ctx, f: &mut Fire) {
    if c.student.primary_disability == "Specific learning disability" && !c.goals().is_empty() {
        f.at(Target::block(Block::Goals), "SLD: tie goals to the processing deficit identified in the assessment");
    }
}

fn lack_of_progress(c: &Ctx, f: &mut Fire) {
    let s = c.summary();
    if s.progress_insufficient == Some(true) && blank(&s.progress_response) {
        f.at(Target::field(Block::PresentSummary, "progress_response"), "lack of expected progress recorded, and not how this IEP addresses it");
    }
}
