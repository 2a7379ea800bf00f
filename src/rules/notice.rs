//! Notice and pre-meeting (catalog section 1).

use super::ctx::{blank, Ctx, AGENCY_REP};
use super::{Fire, Rule, Target};
use crate::domain::meeting::{Block, MeetingType, Section};

pub static RULES: &[Rule] = &[
    Rule { id: "notice-timely-mutually-agreed", check: timely_mutually_agreed },
    Rule { id: "notice-required-content", check: required_content },
    Rule { id: "notice-purpose-covers-agenda", check: purpose_covers_agenda },
    Rule { id: "notice-transition-purpose", check: transition_purpose },
    Rule { id: "notice-student-age15-invited", check: student_age15_invited },
    Rule { id: "notice-procedural-safeguards", check: procedural_safeguards },
    Rule { id: "notice-audio-recording-24h", check: audio_recording },
    Rule { id: "notice-iee-on-agenda", check: iee_on_agenda },
    Rule { id: "notice-partC-invitation", check: partc_invitation },
    Rule { id: "notice-team-members-notified", check: members_notified },
    Rule { id: "notice-dor-notified-interdistrict", check: dor_notified },
];

const AGREED: [&str; 3] = ["Plans to attend", "Available by teleconference", "Requested a different time/place"];


fn timely_mutually_agreed(c: &Ctx, f: &mut Fire) {
    if !c.meeting_held() {
        return;
    }
    let n = c.notice();
    if n.sent_date.is_none() {
        f.at(Target::field(Block::Notice, "sent_date"), "no notice date recorded");
    } else if let Some(d) = n.sent_date.filter(|d| *d > c.date()) {
        f.at(Target::field(Block::Notice, "sent_date"), format!("notice dated {d}, after the meeting"));
    }
    if blank(&n.time_place_agreed) && !AGREED.contains(&n.parent_response.as_str()) {
        f.at(Target::field(Block::Notice, "time_place_agreed"), "no record of how the time and place were agreed");
    }
}

fn required_content(c: &Ctx, f: &mut Fire) {
    if !c.meeting_held() {
        return;
    }
    let n = c.notice();
    let d = c.details();
    let mut missing = Vec::new();
    if d.date.is_none() || d.start_time.is_none() || blank(&d.location) {
        missing.push("date, time and place");
    }
    if n.purposes.is_empty() {
        missing.push("a purpose");
    }
    if n.attendees_listed != Some(true) {
        missing.push("the expected attendees");
    }
    if n.rights_statement != Some(true) {
        missing.push("the parent's right to bring others");
    }
    if !missing.is_empty() {
        // The finding points at the first thing missing, where it is filled in: the meeting's
        // date, time and place (on the Meeting form), then the notice's own fields.
        let target = if d.date.is_none() {
            Target::field(Block::Details, "date")
        } else if d.start_time.is_none() {
            Target::field(Block::Details, "start_time")
        } else if blank(&d.location) {
            Target::field(Block::Details, "location")
        } else if n.purposes.is_empty() {
            Target::field(Block::Notice, "purposes")
        } else if n.attendees_listed != Some(true) {
            Target::field(Block::Notice, "attendees_listed")
        } else {
            Target::field(Block::Notice, "rights_statement")
        };
        f.at(target, format!("notice lacks {}", missing.join(", ")));
    }
}

fn purpose_covers_agenda(c: &Ctx, f: &mut Fire) {
    let Some(section) = c.live.section else { return };
    let p = &c.notice().purposes;
    let listed = |x: &str| p.iter().any(|y| y == x);
    let topic = match section {
        Section::Transition if !listed("Transition planning and services") => Some("transition"),
        Section::Services if !listed("Program placement/services") && !listed("Development or revision of the IEP") => {
            Some("placement and services")
        }
        Section::PresentLevels
            if matches!(c.mtype(), MeetingType::Initial | MeetingType::Triennial) && !listed("Eligibility for special education") =>
        {
            Some("eligibility")
        }
        _ => None,
    };
    if let Some(t) = topic {
        f.at(Target::field(Block::Notice, "purposes"), format!("{t} is being discussed but is not a purpose on the notice"));
    }
}

fn transition_purpose(c: &Ctx, f: &mut Fire) {
    if !c.meeting_held() {
        return;
    }
    let n = c.notice();
    let listed = n.purposes.iter().any(|p| p == "Transition planning and services");
    if !c.transition_required() && !listed {
        return;
    }
    if !listed {
        f.at(Target::field(Block::Notice, "purposes"), "transition planning is not a purpose on the notice");
    }
    if n.student_invited != Some(true) {
        f.at(Target::field(Block::Notice, "student_invited"), "the notice does not invite the student");
    }
    if c.has_role(AGENCY_REP) && n.agency_consent != Some(true) && c.transition().agency_consent.is_none() {
        f.at(Target::field(Block::Notice, "agency_consent"), "agency representative invited without recorded consent");
    }
}

fn student_age15_invited(c: &Ctx, f: &mut Fire) {
    if c.age().is_some_and(|a| a >= 15) && c.notice().student_invited != Some(true) {
        f.at(Target::field(Block::Notice, "student_invited"), "student is 15 or older and not listed as invited");
    }
}

fn procedural_safeguards(c: &Ctx, f: &mut Fire) {
    const NOTE: &str = "The handbook gives three trigger lists for the safeguards notice (catalog Appendix C.1); \
                        iepmeet follows the catalog's resolution and expects it with every meeting notice.";
    // 9.6: at a manifestation determination the safeguards notice is given on the day of the
    // decision, and recorded on the manifestation form (disc-notice-and-safeguards-same-day).
    if c.mtype() == MeetingType::ManifestationDetermination && c.manifestation().safeguards_date.is_some() {
        return;
    }
    let offered = c.notice().safeguards_offered == Some(true);
    // A notice given this school year (student record) is the once-a-year copy.
    let this_year = c.student.safeguards_given.is_some_and(|d| d >= c.calendar.first_day && d <= c.date());
    let received = c.consent().safeguards_received == Some(true) || this_year;
    if !offered && !received {
        f.noted(Target::field(Block::Notice, "safeguards_offered"), "no documented delivery of the procedural safeguards", NOTE);
    } else if !offered {
        f.lesser(Target::field(Block::Notice, "safeguards_offered"), "safeguards were not offered with the meeting notice");
    }
}

fn audio_recording(c: &Ctx, f: &mut Fire) {
    let n = c.notice();
    match n.recording.as_str() {
        "Parent will record" => {
            let day_before = c.date() - chrono::Duration::days(1);
            if n.recording_notice.is_none_or(|d| d > day_before) {
                f.lesser(Target::field(Block::Notice, "recording_notice"), "the parent will record: the team needs 24 hours' notice");
            }
        }
        "LEA will record" if n.recording_parent_consent == Some(false) => {
            f.at(Target::field(Block::Notice, "recording_parent_consent"), "the parent does not consent: the LEA may not record");
        }
        _ => {}
    }
}

fn iee_on_agenda(c: &Ctx, f: &mut Fire) {
    let s = c.summary();
    if s.iee_received == Some(true) && s.iee_considered != Some(true) {
        f.at(Target::field(Block::PresentSummary, "iee_considered"), "an independent evaluation was received and is not recorded as considered");
    }
}

fn partc_invitation(c: &Ctx, f: &mut Fire) {
    if c.mtype() != MeetingType::Initial || c.student.prior_ifsp != Some(true) {
        return;
    }
    let n = c.notice();
    if n.partc_invite_requested == Some(true) && n.partc_invited != Some(true) {
        f.at(Target::field(Block::Notice, "partc_invited"), "the parent asked to invite the Part C service coordinator and no invitation is recorded");
    } else if n.partc_option_told != Some(true) {
        f.lesser(Target::field(Block::Notice, "partc_option_told"), "child from Early Start: the notice does not tell the parent they may invite the Part C coordinator");
    }
}

fn members_notified(c: &Ctx, f: &mut Fire) {
    const NOT_TEAM: [&str; 4] = ["Parent/guardian", "Student", "Interpreter", "Representative selected by the parent"];
    let missing: Vec<&str> = c
        .attendees()
        .iter()
        .filter(|a| !a.name.is_empty() && a.notified.is_none() && a.roles.iter().any(|r| !NOT_TEAM.contains(&r.as_str())))
        .map(|a| a.name.as_str())
        .collect();
    if !missing.is_empty() {
        f.at(Target::block(Block::Attendees), format!("no notice date for {}", missing.join(", ")));
    }
}

fn dor_notified(c: &Ctx, f: &mut Fire) {
    if c.interdistrict() && c.meeting_held() && c.notice().dor_notified.is_none() {
        f.at(Target::field(Block::Notice, "dor_notified"), "inter-district transfer student: the district of residence has no notice of this meeting");
    }
}
