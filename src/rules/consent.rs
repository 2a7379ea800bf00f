//! Consent and signatures, IEP 9A/9B (catalog section 15).

use super::ctx::{blank, Ctx, PersonName, LEA_REP, PARENT_ROLES};
use super::{Fire, Rule, Target};
use crate::domain::meeting::{Block, MeetingType};

pub static RULES: &[Rule] = &[
    Rule { id: "consent-initial-services-written-informed", check: initial_services_written },
    Rule { id: "consent-eligibility-choice", check: eligibility_choice },
    Rule { id: "consent-iep-choice", check: iep_choice },
    Rule { id: "consent-partial-exceptions", check: partial_exceptions },
    Rule { id: "consent-no-implementation-without-signature", check: no_implementation_without_signature },
    Rule { id: "consent-signature-by-rights-holder", check: signature_by_rights_holder },
    Rule { id: "consent-participant-signatures", check: participant_signatures },
    Rule { id: "consent-acknowledgements", check: acknowledgements },
    Rule { id: "consent-amendment-without-meeting", check: amendment_without_meeting },
    Rule { id: "consent-initial-refusal-blocks-services", check: initial_refusal },
    Rule { id: "consent-ward-of-state", check: ward_of_state },
    Rule { id: "consent-medi-cal-separate", check: medi_cal },
    Rule { id: "consent-reevaluation-reasonable-measures", check: reevaluation_measures },
    Rule { id: "pwn-on-proposal-or-refusal", check: prior_written_notice },
    Rule { id: "consent-private-school-fape-offer", check: private_school_fape },
    Rule { id: "consent-revocation-written-pwn", check: revocation },
];

/// The rights holder's signature, dated.
fn rights_holder_signed(c: &Ctx) -> bool {
    // The IEP 9A consent signature ("Signature of Parent/Adult Student"), apart from the
    // participants' signatures: dated, and by the rights holder when a name is given.
    let k = c.consent();
    if k.parent_signed_on.is_some() {
        let signer = PersonName::of(&k.parent_signer);
        let holder_name = if c.student.rights_holder == "Adult student" {
            format!("{} {}", c.student.first_name, c.student.last_name)
        } else {
            c.student.rights_holder_name.clone()
        };
        if blank(&k.parent_signer) || blank(&holder_name) || signer.is(&PersonName::of(&holder_name)) {
            return true;
        }
    }
    c.signatures().iter().any(|s| {
        s.signed_on.is_some()
            && (PARENT_ROLES.contains(&s.role.as_str()) && c.student.rights_holder != "Adult student"
                || (s.role == "Student" && c.student.rights_holder == "Adult student"))
    })
}

fn initial_services_written(c: &Ctx, f: &mut Fire) {
    if c.mtype() == MeetingType::Initial && c.eligible() {
        let agreed = c.consent().choice.starts_with("Agree");
        if !agreed || !rights_holder_signed(c) {
            f.at(Target::field(Block::Consent, "choice"), "initial services need the rights holder's written consent");
        }
    }
}

fn eligibility_choice(c: &Ctx, f: &mut Fire) {
    let determines = matches!(c.mtype(), MeetingType::Initial | MeetingType::Triennial);
    let e = &c.consent().eligibility_agreement;
    if determines && (blank(e) || e == "Not applicable") {
        f.at(Target::field(Block::Consent, "eligibility_agreement"), "the parent's agreement with the eligibility determination is not recorded");
    }
}

fn iep_choice(c: &Ctx, f: &mut Fire) {
    if c.eligible() && blank(&c.consent().choice) && c.proposes_changes() {
        f.at(Target::field(Block::Consent, "choice"), "no consent choice recorded");
    }
}

fn partial_exceptions(c: &Ctx, f: &mut Fire) {
    let k = c.consent();
    if k.choice == "Agree except for the items listed" && k.exceptions.split_whitespace().count() < 2 {
        f.at(Target::field(Block::Consent, "exceptions"), "consent with exceptions: list the components not consented to");
    }
}

fn no_implementation_without_signature(c: &Ctx, f: &mut Fire) {
    let k = c.consent();
    let new_iep = c.writes_whole_iep();
    for (i, s) in c.services().iter().enumerate() {
        let Some(start) = s.start else { continue };
        let at = Target::item(Block::Services, i, Some("start"));
        // What the parent refused is not implemented (IEP 9A; 4.5): the whole IEP, or the listed parts.
        if k.choice == "Do not agree to the IEP" {
            f.at(at, format!("the parent did not agree to the IEP: {} (from {start}) cannot be implemented", s.service));
        } else if k.choice == "Agree except for the items listed" && !blank(&s.service) && k.exceptions.to_lowercase().contains(&s.service.to_lowercase()) {
            f.at(at, format!("{} is listed as not consented to and is scheduled from {start}", s.service));
        } else if new_iep && start < c.date() {
            f.at(at, format!("{} starts {start}, before this IEP meeting ({}): services start once the IEP is agreed", s.service, c.date()));
        } else if !rights_holder_signed(c) && start <= c.today {
            f.at(at, format!("{} starts {start} without the rights holder's consent", s.service));
        }
    }
}

fn signature_by_rights_holder(c: &Ctx, f: &mut Fire) {
    if !rights_holder_signed(c) {
        let holder = if c.student.rights_holder.is_empty() { "not recorded" } else { &c.student.rights_holder };
        f.at(Target::block(Block::Signatures), format!("no dated signature from the rights holder ({holder})"));
    }
}

fn participant_signatures(c: &Ctx, f: &mut Fire) {
    if c.attendees().is_empty() {
        return;
    }
    // Names compared as people write them, each normalized once.
    let signed: Vec<PersonName> = c.signatures().iter().filter(|s| s.signed_on.is_some()).map(|s| PersonName::of(&s.name)).collect();
    // An excused member (NC 7) did not attend and does not sign the attendance page.
    // Excused in part, they attended the rest and sign.
    let excused: Vec<PersonName> =
        c.excusals().iter().filter(|e| !blank(&e.member) && e.extent != crate::domain::meeting::EXCUSED_IN_PART).map(|e| PersonName::of(&e.member)).collect();
    let mut asked: Vec<PersonName> = Vec::new();
    for (i, a) in c.attendees().iter().enumerate() {
        let name = PersonName::of(&a.name);
        // One person in two roles (7.13.A: the special education teacher who is also the LEA
        // representative) signs once.
        if [&signed, &excused, &asked].iter().any(|list| list.iter().any(|n| n.is(&name))) {
            continue;
        }
        asked.push(name);
        f.at(Target::item(Block::Attendees, i, None), format!("{} has not signed", a.name));
    }
    let lea: Vec<PersonName> = c.with_role(LEA_REP).into_iter().map(|i| PersonName::of(&c.attendees()[i].name)).collect();
    let lea_signed = c.signatures().iter().any(|s| s.signed_on.is_some() && (s.role == LEA_REP || lea.iter().any(|n| n.is(&PersonName::of(&s.name)))));
    if !lea.is_empty() && !lea_signed {
        f.at(Target::block(Block::Signatures), "the LEA representative has not signed");
    }
    if blank(&c.details().purpose) {
        f.at(Target::field(Block::Details, "purpose"), "meeting purpose (IEP 9B) is blank");
    }
}

fn acknowledgements(c: &Ctx, f: &mut Fire) {
    if !c.proposes_changes() && c.meeting.block(Block::Consent).is_empty() {
        return;
    }
    let k = c.consent();
    if k.safeguards_received != Some(true) {
        f.at(Target::field(Block::Consent, "safeguards_received"), "receipt of the procedural safeguards not acknowledged");
    }
    if !c.meeting.is_open() && k.copy_received != Some(true) {
        f.at(Target::field(Block::Consent, "copy_received"), "receipt of a copy of the IEP not acknowledged");
    }
    // Items 2-4 say what the roster says.
    let present = c.parent_present();
    match k.parent_attendance.as_str() {
        "Attended and participated" if !present => {
            f.at(Target::field(Block::Consent, "parent_attendance"), "IEP 9A says the parent attended, and no parent is among the team members present");
        }
        a if !a.is_empty() && a != "Attended and participated" && present => {
            f.at(Target::field(Block::Consent, "parent_attendance"), "IEP 9A says the parent did not attend, and a parent is among the team members present");
        }
        _ => {}
    }
    if !c.meeting.is_open() && c.meeting_held() && k.involvement_facilitated.is_none() {
        f.at(Target::field(Block::Consent, "involvement_facilitated"), "IEP 9A item 8 (the district facilitated parent involvement) is not answered");
    }
}

fn amendment_without_meeting(c: &Ctx, f: &mut Fire) {
    if c.mtype() != MeetingType::Amendment || c.meeting_held() {
        return;
    }
    if !rights_holder_signed(c) {
        f.at(Target::block(Block::Signatures), "amendment without a meeting needs the parent's signature");
    }
    if !c.signatures().iter().any(|s| s.role == LEA_REP && s.signed_on.is_some()) {
        f.at(Target::block(Block::Signatures), "amendment without a meeting needs the LEA representative's signature");
    }
}

fn initial_refusal(c: &Ctx, f: &mut Fire) {
    if c.consent().declined_services == Some(true) && !c.services().is_empty() {
        f.at(Target::field(Block::Consent, "declined_services"), "the parent declined special education services, and services are scheduled");
    }
}

fn ward_of_state(c: &Ctx, f: &mut Fire) {
    if c.student.ward_of_state == Some(true) {
        f.at(Target::block(Block::Consent), "ward of the state: confirm who holds educational rights and consents");
    }
}

fn medi_cal(c: &Ctx, f: &mut Fire) {
    let k = c.consent();
    if k.medi_cal_billing == Some(true) && k.medi_cal_separate.is_none() {
        f.at(Target::field(Block::Consent, "medi_cal_separate"), "the district bills Medi-Cal: offer the separate authorization (not part of IEP consent)");
    }
}

fn reevaluation_measures(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    if let (Some(sent), None) = (s.reassessment_plan_sent, s.reassessment_plan_response) {
        if s.reassessment_consent_attempts.iter().all(|a| blank(a)) {
            f.at(Target::student_record(), format!("reassessment plan sent {sent} without a response: record the measures taken to obtain consent (student record)"));
        }
    }
}

/// What the LEA proposes or refuses at this meeting that needs prior written notice.
fn pwn_trigger(c: &Ctx) -> Option<&'static str> {
    let s = c.summary();
    if !blank(&c.consent().pwn_action) {
        Some("the recorded proposal or refusal")
    } else if s.eligible == Some(false) {
        Some("a finding of not eligible (refusal to identify)")
    } else if !blank(&s.exit_reason) {
        Some("an exit from special education (change of placement)")
    } else if c.mtype() == MeetingType::Initial {
        Some("the initial provision of special education")
    } else {
        None
    }
}

fn prior_written_notice(c: &Ctx, f: &mut Fire) {
    let Some(why) = pwn_trigger(c) else { return };
    let k = c.consent();
    // (missing, field that fixes it, what is missing), in the order of the notice's seven elements
    let elements: [(bool, &'static str, &str); 7] = [
        (blank(&k.pwn_action), "pwn_action", "the action"),
        (blank(&k.pwn_reasons), "pwn_reasons", "why"),
        (blank(&k.pwn_evaluations), "pwn_evaluations", "evaluations and records used"),
        (k.pwn_safeguards != Some(true), "pwn_safeguards", "the safeguards statement"),
        (k.pwn_assistance != Some(true), "pwn_assistance", "sources of assistance"),
        (blank(&k.pwn_options_rejected), "pwn_options_rejected", "options considered and why rejected"),
        (blank(&k.pwn_other_factors), "pwn_other_factors", "other relevant factors"),
    ];
    let missing: Vec<&(bool, &'static str, &str)> = elements.iter().filter(|e| e.0).collect();
    if let Some((_, key, _)) = missing.first() {
        let what: Vec<&str> = missing.iter().map(|e| e.2).collect();
        f.at(Target::field(Block::Consent, key), format!("prior written notice for {why} lacks: {}", what.join(", ")));
    }
}

fn private_school_fape(c: &Ctx, f: &mut Fire) {
    let s = c.student;
    if s.private_school != Some(true) {
        return;
    }
    if s.private_iep_requested == Some(true) {
        if !c.mtype().completes_iep() {
            f.at(Target::student_record(), "private-school parent asked for an IEP (or is unsure): the district of residence must develop an offer of FAPE");
        }
    } else if s.private_certification.is_none() {
        f.at(Target::student_record(), "services plan only: the parent's certification of the decision not to enroll was not requested (student record)");
    }
}

fn revocation(c: &Ctx, f: &mut Fire) {
    let k = c.consent();
    if c.summary().exit_reason != "Parent revoked consent for services" && k.revocation_received.is_none() {
        return;
    }
    let Some(revoked) = k.revocation_received else {
        f.at(Target::field(Block::Consent, "revocation_received"), "consent to all services revoked: no written revocation recorded");
        return;
    };
    // 4.5: services end, after prior written notice of it (with the safeguards).
    if k.pwn_issued.is_none() || k.pwn_safeguards != Some(true) {
        f.at(Target::field(Block::Consent, "pwn_issued"), "services stop on revocation: no prior written notice with the safeguards recorded");
    }
    for (i, s) in c.services().iter().enumerate() {
        if s.end.is_none_or(|e| e > revoked) {
            f.at(Target::item(Block::Services, i, Some("end")), format!("{} continues after the written revocation of {revoked}", s.service));
        }
    }
}
