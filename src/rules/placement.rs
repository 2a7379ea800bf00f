//! Placement and the least restrictive environment beyond the IEP 7B basics in `services.rs`: the
//! continuum, special classes, nonpublic and out-of-state schools, residential placement, inter-district
//! transfers (catalog section 11); and the ESY decision's basis and timing (section 12).

use super::ctx::{and_more, blank, Ctx, COUNTY, GEN_ED_PLACEMENT, NPS, OUT_OF_STATE_NPS as OUT_OF_STATE, RESIDENTIAL, SPECIAL_CLASS};
use super::{Fire, Rule, Target};
use crate::domain::meeting::{Block, MeetingType};

pub static RULES: &[Rule] = &[
    Rule { id: "lre-continuum-considered", check: continuum_considered },
    Rule { id: "lre-special-class-day-length", check: special_class_day_length },
    Rule { id: "lre-special-class-regular-time", check: special_class_regular_time },
    Rule { id: "lre-nps-public-first", check: nps_public_first },
    Rule { id: "lre-nps-annual-review", check: nps_annual_review },
    Rule { id: "lre-out-of-state-nps", check: out_of_state_nps },
    Rule { id: "lre-residential-mental-health", check: residential_mental_health },
    Rule { id: "lre-interdistrict-dor-approval", check: interdistrict_dor_approval },
    Rule { id: "lre-close-to-home", check: close_to_home },
    Rule { id: "esy-improper-denial-basis", check: esy_improper_denial },
    Rule { id: "esy-timing", check: esy_timing },
];


fn field(key: &'static str) -> Target {
    Target::field(Block::Placement, key)
}

fn continuum_considered(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    let restrictive = (!p.placement_type.is_empty() && p.placement_type != GEN_ED_PLACEMENT) || p.pct_general_ed.is_some_and(|x| x < 80);
    if !restrictive {
        return;
    }
    let steps = c.refdata_list("continuum_steps");
    let missing: Vec<&str> = steps.iter().filter(|s| !p.continuum_considered.contains(s)).map(|s| s.as_str()).collect();
    if !missing.is_empty() {
        let first = missing[0].split(':').next().unwrap_or(missing[0]);
        f.at(field("continuum_considered"), format!("a placement beyond general education: not recorded as considered: {}", and_more(first, missing.len())));
    }
}

fn special_class_day_length(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    if c.placement_is(&[SPECIAL_CLASS]) && p.shorter_day == Some(true) && blank(&p.shorter_day_reason) {
        f.at(field("shorter_day_reason"), "a shorter day in a special class without the team's determination in the IEP");
    }
}

fn special_class_regular_time(c: &Ctx, f: &mut Fire) {
    if c.placement_is(&[SPECIAL_CLASS]) && c.placement().pct_general_ed.is_none() {
        f.at(field("pct_general_ed"), "special class: the time in the regular program is not written");
    }
}

fn nps_public_first(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    if !c.placement_is(&[NPS, OUT_OF_STATE]) {
        return;
    }
    if blank(&p.public_options_sought) {
        f.at(field("public_options_sought"), "NPS placement: the public programs sought first are not documented");
    } else if p.no_public_placement != Some(true) {
        f.at(field("no_public_placement"), "NPS placement: no finding that no public program can implement the IEP");
    }
}

fn nps_annual_review(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    if c.placement_is(&[NPS, OUT_OF_STATE]) && c.mtype() == MeetingType::Annual {
        if p.nps_progress_reviewed != Some(true) {
            f.at(field("nps_progress_reviewed"), "annual review at an NPS: progress and state assessment results not evaluated");
        } else if p.nps_continued_need != Some(true) {
            f.at(field("nps_continued_need"), "annual review at an NPS: continued need and a return to public school not considered");
        }
    }
}

fn out_of_state_nps(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    if !c.placement_is(&[OUT_OF_STATE]) {
        return;
    }
    if p.out_of_state_return_date.is_none() {
        f.at(field("out_of_state_return_date"), "out-of-state NPS: no anticipated return date");
    }
    let due = c.date() + chrono::Duration::days(15);
    match p.cde_report_date {
        None => f.at(field("cde_report_date"), format!("out-of-state NPS: report to CDE by {due}")),
        Some(d) if d > due => f.at(field("cde_report_date"), format!("reported to CDE on {d}: due within 15 days ({due})")),
        _ => {}
    }
}

fn residential_mental_health(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    if c.placement_is(&[RESIDENTIAL, NPS, OUT_OF_STATE]) && p.for_social_emotional == Some(true) && blank(&p.lre_attempts) {
        f.at(field("lre_attempts"), "residential/NPS for social-emotional needs: LRE attempts and continuum options not documented");
    }
}

fn interdistrict_dor_approval(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    if p.interdistrict_transfer == Some(true) && c.placement_is(&[NPS, OUT_OF_STATE, RESIDENTIAL, COUNTY]) && p.dor_approval != Some(true) {
        f.at(field("dor_approval"), "an inter-district transfer student placed outside the district: the district of residence must take part and approve");
    }
}

fn close_to_home(c: &Ctx, f: &mut Fire) {
    if c.placement().at_school_of_residence == Some(false) {
        f.at(field("at_school_of_residence"), "services away from home: review at least annually for a closer option");
    }
}

fn esy_improper_denial(c: &Ctx, f: &mut Fire) {
    const IMPROPER: [&str; 3] = ["No prior pattern of regression", "No clear regression/recoupment data", "Disability category"];
    let e = c.esy();
    if e.required == Some(false) && IMPROPER.contains(&e.denial_reason.as_str()) {
        f.at(Target::field(Block::Esy, "denial_reason"), format!("ESY denied because: {}", e.denial_reason.to_lowercase()));
    }
}

fn esy_timing(c: &Ctx, f: &mut Fire) {
    if c.esy().required.is_none() {
        return;
    }
    let break_starts = c.calendar.last_day + chrono::Duration::days(1);
    let days = (break_starts - c.date()).num_days();
    let wanted = c.policy.esy_decision_days_before_break;
    if (0..wanted).contains(&days) {
        f.at(Target::field(Block::Esy, "required"), format!("ESY decided {days} days before the summer break ({break_starts}); aim for at least {wanted}"));
    }
}
