//! Parent participation (catalog section 4).

use super::ctx::{blank, Ctx, flagged};
use super::{Fire, Rule, Target};
use crate::domain::meeting::Block;

pub static RULES: &[Rule] = &[
    Rule { id: "parent-alternative-means", check: alternative_means },
    Rule { id: "parent-absent-documentation", check: absent_documentation },
    Rule { id: "parent-consented-to-proceed-without", check: consented_to_proceed_without },
    Rule { id: "parent-interpreter", check: interpreter },
    Rule { id: "parent-translated-documents", check: translated_documents },
    Rule { id: "parent-concerns-recorded", check: concerns_recorded },
    Rule { id: "parent-bring-others", check: bring_others },
    Rule { id: "parent-rights-holder-identified", check: rights_holder_identified },
    Rule { id: "surrogate-appointment-documented", check: surrogate_documented },
];


fn alternative_means(c: &Ctx, f: &mut Fire) {
    // 7.5: phone or video when the parent cannot attend; a parent the district could not reach or
    // convince, with its attempts on record, is the case where the meeting goes ahead without them.
    if !c.meeting_held() || c.parent_present() || c.parent_absence_documented() {
        return;
    }
    let offered = c.participation().alternative_means_offered == Some(true) || c.notice().parent_response == "Available by teleconference";
    if !offered {
        f.at(Target::field(Block::Participation, "alternative_means_offered"), "no parent attending and no record that phone or video was offered");
    }
}

fn absent_documentation(c: &Ctx, f: &mut Fire) {
    const NOTE: &str = "The handbook sets no minimum number of contact attempts (catalog Appendix C.6); one dated attempt satisfies the check.";
    if c.meeting_held() && !c.parent_present() && c.participation().contact_attempts.is_empty() {
        f.noted(Target::field(Block::Participation, "contact_attempts"), "meeting held without a parent and no contact attempts recorded", NOTE);
    }
}

fn consented_to_proceed_without(c: &Ctx, f: &mut Fire) {
    let r = c.notice().parent_response.as_str();
    if r == "Consents to the meeting without the parent" || r == "Will send a representative" {
        f.at(Target::field(Block::Notice, "parent_response"), format!("parent response: {r}; send the IEP for signature"));
    }
}

fn interpreter(c: &Ctx, f: &mut Fire) {
    let p = c.participation();
    let present = p.interpreter_present == Some(true) || c.has_role("Interpreter");
    if p.interpreter_requested == Some(true) && !present {
        f.at(Target::field(Block::Participation, "interpreter_present"), "interpreter requested and none present");
        return;
    }
    // The parent's own language (NC 2A) decides, when recorded: a bilingual student's parent may not
    // speak English, and an English-speaking parent needs no interpreter for a student's home language.
    let (whose, language) = if blank(&p.parent_language) { ("home language", &c.student.home_language) } else { ("parent's language", &p.parent_language) };
    if p.interpreter_requested != Some(true) && !present && p.interpreter_waived != Some(true) && !blank(language) && !language.trim().eq_ignore_ascii_case("english") {
        f.lesser(Target::field(Block::Participation, "interpreter_requested"), format!("{whose} {language}; no interpreter and no documented waiver"));
    }
}

fn translated_documents(c: &Ctx, f: &mut Fire) {
    let consent = c.consent();
    if !blank(&consent.copy_language) && consent.copy_provided.is_none() {
        f.at(Target::field(Block::Consent, "copy_provided"), format!("copy requested in {}: not yet provided", consent.copy_language));
    }
}

fn concerns_recorded(c: &Ctx, f: &mut Fire) {
    if blank(&c.summary().parent_concerns) {
        let in_minutes = c.meeting.entries.iter().any(|e| e.kind == crate::domain::minutes::EntryKind::Concern);
        let detail = if in_minutes {
            "parent concerns are in the minutes but not on IEP 2A: summarize them in the form"
        } else {
            "parent concerns are not recorded"
        };
        f.at(Target::field(Block::PresentSummary, "parent_concerns"), detail);
    }
}

fn bring_others(c: &Ctx, f: &mut Fire) {
    for i in c.with_role("Representative selected by the parent") {
        f.at(Target::item(Block::Attendees, i, Some("roles")), "the parent brought someone with knowledge or expertise");
    }
}

fn rights_holder_identified(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    if blank(&s.rights_holder) {
        f.at(Target::student_record(), "the student's educational rights holder is not recorded (student record, IEP 1)");
    }
}

fn surrogate_documented(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    if s.rights_holder != "Surrogate parent" {
        return;
    }
    let missing = flagged(&[
        (s.surrogate_appointed.is_none(), "the appointment signed by the special education administrator"),
        (s.surrogate_accepted.is_none(), "the surrogate's acceptance"),
    ]);
    if !missing.is_empty() {
        f.at(Target::student_record(), format!("surrogate parent (student record): missing {}", missing.join(" and ")));
    }
}
