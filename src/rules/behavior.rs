//! Behavior (catalog section 7, special factors): the behavior intervention plan's content, who designs
//! and implements it, prohibited interventions, plans that do not work, behavioral emergency reports and
//! the assessment plan an FBA needs (IEP 6G, BER, NC 3).

use chrono::Duration;

use super::ctx::{and_more, blank, Ctx};
use super::{Fire, Rule, Target};
use crate::domain::meeting::{Block, MeetingType};

pub static RULES: &[Rule] = &[
    Rule { id: "sf-bip-content", check: bip_content },
    Rule { id: "sf-bip-personnel-supervision", check: bip_personnel },
    Rule { id: "sf-bip-ineffective-reconvene", check: bip_ineffective },
    Rule { id: "sf-bip-no-prohibited-interventions", check: prohibited_interventions },
    Rule { id: "sf-ber-no-bip-iep-within-2-days", check: ber_without_bip },
    Rule { id: "sf-ber-with-bip-review", check: ber_with_bip },
    Rule { id: "sf-ber-parent-notice", check: ber_parent_notice },
    Rule { id: "sf-fba-requires-assessment-plan", check: fba_assessment_plan },
];

fn field(key: &'static str) -> Target {
    Target::field(Block::BehaviorPlan, key)
}

/// The student has (or this meeting writes) a behavior intervention plan.
fn has_bip(c: &Ctx) -> bool {
    c.special_factors().behavior_plan == Some(true) || !blank(&c.behavior_plan().problem_behavior)
}

fn bip_content(c: &Ctx, f: &mut Fire) {
    if !has_bip(c) {
        return;
    }
    let b = c.behavior_plan();
    let parts: [(&'static str, &str, &str); 9] = [
        ("problem_behavior", &b.problem_behavior, "the problem behavior"),
        ("antecedents", &b.antecedents, "antecedents and consequences"),
        ("frequency", &b.frequency, "frequency, duration, intensity"),
        ("function", &b.function, "the hypothesized function"),
        ("replacement_behavior", &b.replacement_behavior, "the desired and replacement behavior"),
        ("interventions", &b.interventions, "the interventions"),
        ("safety_strategy", &b.safety_strategy, "a recurring behavior / safety strategy"),
        ("review_dates", &b.review_dates, "dates of periodic review"),
        ("communication_plan", &b.communication_plan, "a communication plan"),
    ];
    let missing: Vec<_> = parts.iter().filter(|(_, v, _)| blank(v)).collect();
    if let Some((key, _, what)) = missing.first() {
        f.at(field(key), format!("the BIP lacks {}", and_more(what, missing.len())));
    }
}

fn bip_personnel(c: &Ctx, f: &mut Fire) {
    if !has_bip(c) {
        return;
    }
    let b = c.behavior_plan();
    if blank(&b.designer_qualification) || b.designer_qualification == "None of these" {
        f.at(field("designer_qualification"), "the BIP designer's 5 CCR 3065(d) qualification is not recorded");
    }
    if b.unqualified_implementers == Some(true) && blank(&b.supervision) {
        f.at(field("supervision"), "staff without the qualification implement the BIP and their supervision level is not stated");
    }
}

fn bip_ineffective(c: &Ctx, f: &mut Fire) {
    let b = c.behavior_plan();
    if has_bip(c) && b.effective == Some(false) && b.revised != Some(true) {
        f.at(field("revised"), "the plan is not effective and is not revised at this meeting");
    }
}

/// Prohibited techniques (EC 56521.2) and planned seclusion or restraint, as worded in plans.
fn prohibited_interventions(c: &Ctx, f: &mut Fire) {
    let b = c.behavior_plan();
    for (key, text) in [("interventions", &b.interventions), ("safety_strategy", &b.safety_strategy), ("replacement_behavior", &b.replacement_behavior)] {
        // The vocabulary of 14.24 (data/prohibited_interventions.toml), phrases and variants.
        if let Some((i, words)) = crate::domain::interventions::planned_in(text) {
            let which = if i.item == 0 { "an emergency-only intervention".to_string() } else { format!("a prohibited intervention (14.24 item {})", i.item) };
            f.at(field(key), format!("the plan names {which}: '{words}' — {}", i.what));
            return;
        }
    }
}

fn ber_without_bip(c: &Ctx, f: &mut Fire) {
    let b = c.behavior_plan();
    let Some(ber) = b.ber_date else { return };
    if c.special_factors().behavior_plan == Some(true) || c.date() < ber {
        return;
    }
    // the meeting was scheduled (notice sent, or held) within 2 days of the report
    let scheduled = c.notice().sent_date.unwrap_or(c.date()).min(c.date());
    if scheduled > ber + Duration::days(2) {
        f.at(Target::field(Block::Notice, "sent_date"), format!("BER of {ber} for a student without a BIP: this meeting was scheduled {scheduled}, more than 2 days later"));
    }
    if blank(&b.fba_decision) {
        f.at(field("fba_decision"), "BER without a BIP: the team's decision on an FBA and an interim plan is not recorded");
    } else if b.fba_decision != "FBA and interim plan" && blank(&b.fba_reasons) {
        f.at(field("fba_reasons"), "BER without a BIP: the reasons for not conducting an FBA or interim plan are not recorded");
    }
}

fn ber_with_bip(c: &Ctx, f: &mut Fire) {
    let b = c.behavior_plan();
    let reviewed = b.revised == Some(true) || c.notice().purposes.iter().any(|p| p.to_lowercase().contains("behavior"));
    if b.ber_date.is_some() && c.special_factors().behavior_plan == Some(true) && b.ber_new_behavior == Some(true) && !reviewed {
        f.at(field("revised"), "a BER shows a new serious behavior or an ineffective intervention; the BIP is not reviewed");
    }
}

fn ber_parent_notice(c: &Ctx, f: &mut Fire) {
    let b = c.behavior_plan();
    let Some(ber) = b.ber_date else { return };
    let due = c.calendar.add_school_days(ber, 1);
    match b.ber_parent_notified {
        None if c.today > due => f.at(field("ber_parent_notified"), format!("BER of {ber}: no record that the parent was notified (due by {due}, one school day)")),
        None => f.lesser(field("ber_parent_notified"), format!("BER of {ber}: notify the parent by {due}")),
        Some(n) if n > due => f.at(field("ber_parent_notified"), format!("parent notified {n}, later than one school day after the BER of {ber}")),
        Some(n) if n > ber + Duration::days(1) => f.lesser(field("ber_parent_notified"), format!("parent notified {n}: within one school day but more than 24 hours after the BER of {ber}")),
        Some(_) => {}
    }
}

fn fba_assessment_plan(c: &Ctx, f: &mut Fire) {
    let b = c.behavior_plan();
    let md_fba = c.mtype() == MeetingType::ManifestationDetermination && c.manifestation().fba_bip_planned == Some(true) && c.special_factors().behavior_plan != Some(true);
    let planned = b.fba_planned == Some(true) || b.fba_decision == "FBA and interim plan" || md_fba;
    if planned && b.fba_plan_signed.is_none() {
        f.at(field("fba_plan_signed"), "an FBA is planned and no assessment plan signed by the parent is recorded");
    }
}
