//! Attendance: who must be on the IEP team (catalog section 2).

use super::ctx::{blank, Ctx, AGENCY_REP, ASSESSMENT_INTERPRETER, GEN_ED, LEA_REP, SPED, flagged, COUNTY, NPS, OUT_OF_STATE_NPS, RESIDENTIAL};
use super::{Fire, Rule, Target};
use crate::domain::meeting::{Block, MeetingType, Section};

pub static RULES: &[Rule] = &[
    Rule { id: "team-parent-present", check: parent_present },
    Rule { id: "team-gen-ed-teacher-required", check: gen_ed_teacher },
    Rule { id: "team-preschool-teacher", check: preschool_teacher },
    Rule { id: "team-sped-teacher-or-provider", check: sped_teacher },
    Rule { id: "team-lea-rep-qualified", check: lea_rep_qualified },
    Rule { id: "team-lea-rep-authority", check: lea_rep_authority },
    Rule { id: "team-assessment-interpreter", check: assessment_interpreter },
    Rule { id: "team-student-invited-transition", check: student_invited_transition },
    Rule { id: "team-student-whenever-appropriate", check: student_whenever_appropriate },
    Rule { id: "team-agency-rep-consent", check: agency_rep_consent },
    Rule { id: "team-other-individuals", check: other_individuals },
    Rule { id: "team-sld-diagnostic-examiner", check: sld_diagnostic_examiner },
    Rule { id: "team-low-incidence-specialist", check: low_incidence_specialist },
    Rule { id: "team-gen-ed-teacher-role-prompt", check: gen_ed_role_prompt },
    Rule { id: "team-roles-may-combine", check: roles_may_combine },
    Rule { id: "team-dor-rep-when-involved", check: dor_rep },
    Rule { id: "team-nps-staff", check: nps_staff },
    Rule { id: "team-transportation-staff", check: transportation_staff },
];

const SDI: &str = "Can provide/supervise specially designed instruction";
const GEN_CURRICULUM: &str = "Knows the general curriculum";
const RESOURCES: &str = "Knows the availability of LEA resources";
const COMMIT: &str = "Authority to commit LEA resources";
const INTERPRETS: &str = "Can interpret instructional implications of assessment results";

fn team() -> Target {
    Target::block(Block::Attendees)
}


fn parent_present(c: &Ctx, f: &mut Fire) {
    // Handbook 7.5 over the catalog's letter: with the attempts to involve the parent on record,
    // the meeting may be held without them (parent-absent-documentation asks for that record).
    if c.meeting_held() && !c.parent_present() && !c.parent_absence_documented() {
        f.at(team(), "no parent, guardian, representative or adult student is recorded as participating");
    }
}

/// The qualification IEP 9B records for a teacher who teaches this student.
const TEACHER_OF_STUDENT: &str = "Teacher of this student";

fn gen_ed_teacher(c: &Ctx, f: &mut Fire) {
    let in_gen_ed = c.placement().pct_general_ed.is_none_or(|p| p > 0);
    if c.meeting_held() && in_gen_ed && !c.has_role(GEN_ED) && !c.validly_excused(GEN_ED) {
        f.at(team(), "no general education teacher present or validly excused");
        return;
    }
    // 7.2.B(2): a regular education teacher *of the student* (with several, the LEA designates one).
    let teachers = c.with_role(GEN_ED);
    let of_student = |i: &usize| c.attendees()[*i].qualifications.iter().any(|q| q == TEACHER_OF_STUDENT);
    if c.meeting_held() && in_gen_ed && !c.validly_excused(GEN_ED) && !teachers.is_empty() && !teachers.iter().any(of_student) {
        let a = c.attendees()[teachers[0]];
        f.noted(
            Target::item(Block::Attendees, teachers[0], Some("qualifications")),
            format!("{} is not recorded as a teacher of this student", a.name),
            "Handbook 7.2.B(2) asks for a regular education teacher of the student, not any general education teacher; mark the qualification 'Teacher of this student'.",
        );
    }
}

fn preschool_teacher(c: &Ctx, f: &mut Fire) {
    if c.meeting_held() && c.is_preschool() && !c.has_qualification("Preschool teacher who observed the child") {
        f.at(team(), "no preschool teacher who has observed the child");
    }
}

fn sped_teacher(c: &Ctx, f: &mut Fire) {
    if c.meeting_held() && !c.has_role(SPED) && !c.validly_excused(SPED) {
        f.at(team(), "no special education teacher or provider present or validly excused");
    }
}

fn lea_rep_qualified(c: &Ctx, f: &mut Fire) {
    if !c.meeting_held() {
        return;
    }
    let reps = c.with_role(LEA_REP);
    if reps.is_empty() {
        if !c.validly_excused(LEA_REP) {
            f.at(team(), "no LEA representative");
        }
        return;
    }
    let all = c.attendees();
    let qualified = reps.iter().any(|i| [SDI, GEN_CURRICULUM, RESOURCES].iter().all(|q| all[*i].qualifications.iter().any(|x| x == q)));
    if !qualified {
        f.at(Target::item(Block::Attendees, reps[0], Some("qualifications")), "LEA representative's qualifications (SDI, general curriculum, LEA resources) not all recorded");
    }
}

fn lea_rep_authority(c: &Ctx, f: &mut Fire) {
    let all = c.attendees();
    for i in c.with_role(LEA_REP) {
        if !all[i].qualifications.iter().any(|q| q == COMMIT) {
            f.at(Target::item(Block::Attendees, i, Some("qualifications")), format!("{} has no recorded authority to commit resources", all[i].name));
        }
    }
}

fn assessment_interpreter(c: &Ctx, f: &mut Fire) {
    if !c.meeting_held() || c.has_role(ASSESSMENT_INTERPRETER) || c.has_qualification(INTERPRETS) {
        return;
    }
    if c.assessments_discussed() {
        f.at(team(), "assessment results are discussed and no one present can interpret them");
    } else {
        f.lesser(team(), "no one present is recorded as able to interpret assessment results");
    }
}

fn student_invited_transition(c: &Ctx, f: &mut Fire) {
    if !c.transition_required() {
        return;
    }
    let t = c.transition();
    if t.student_invited != Some(true) && c.notice().student_invited != Some(true) {
        f.at(Target::field(Block::TransitionPlan, "student_invited"), "no record that the student was invited");
    } else if !c.has_role("Student") && blank(&t.student_participation) {
        f.at(Target::field(Block::TransitionPlan, "student_participation"), "student absent and no record of how their preferences were considered");
    }
}

fn student_whenever_appropriate(c: &Ctx, f: &mut Fire) {
    if c.meeting_held() && !c.transition_required() && !c.has_role("Student") && c.age().is_some_and(|a| a >= 6) {
        f.at(team(), "the student is not participating");
    }
}

fn agency_rep_consent(c: &Ctx, f: &mut Fire) {
    let consent = c.notice().agency_consent == Some(true) || c.transition().agency_consent.is_some();
    if !consent {
        for i in c.with_role(AGENCY_REP) {
            f.at(Target::item(Block::Attendees, i, Some("roles")), "agency representative without prior consent of the parent or adult student");
        }
    }
}

fn other_individuals(c: &Ctx, f: &mut Fire) {
    let all = c.attendees();
    for i in c.with_role("Other") {
        if blank(&all[i].invited_by) {
            f.at(Target::item(Block::Attendees, i, Some("invited_by")), format!("record who invited {}", all[i].name));
        }
    }
}

fn sld_diagnostic_examiner(c: &Ctx, f: &mut Fire) {
    if c.has_disability(&["Specific learning disability"]) && matches!(c.mtype(), MeetingType::Initial | MeetingType::Triennial) && !c.has_qualification("Qualified for individual diagnostic examinations") {
        f.at(team(), "SLD eligibility considered without a member qualified for individual diagnostic examinations");
    }
}

fn low_incidence_specialist(c: &Ctx, f: &mut Fire) {
    const LOW: [&str; 5] = ["Visual impairment", "Hard of hearing", "Deafness", "Orthopedic impairment", "Deaf-blindness"];
    if c.has_disability(&LOW) && !c.has_qualification("Credentialed low-incidence specialist") {
        f.at(team(), "low-incidence disability and no low-incidence specialist on the team");
    }
}

fn gen_ed_role_prompt(c: &Ctx, f: &mut Fire) {
    if c.live.section == Some(Section::Services) && c.has_role(GEN_ED) {
        f.at(Target::block(Block::Placement), "ask the general education teacher about supports, aids and modifications");
    }
}

fn roles_may_combine(c: &Ctx, f: &mut Fire) {
    const REQUIRED: [&str; 4] = [GEN_ED, SPED, LEA_REP, ASSESSMENT_INTERPRETER];
    for (i, a) in c.attendees().iter().enumerate() {
        let n = a.roles.iter().filter(|r| REQUIRED.contains(&r.as_str())).count();
        if n >= 2 {
            f.at(Target::item(Block::Attendees, i, Some("roles")), format!("{} holds {n} required roles; confirm qualifications for each", a.name));
        }
    }
}

const DOR_ADMIN: &str = "District of residence administrator/designee";

fn dor_rep(c: &Ctx, f: &mut Fire) {
    if !c.interdistrict() || !c.meeting_held() {
        return;
    }
    let p = c.placement();
    let scia = !blank(&p.scia) && p.scia != "None";
    if scia && !c.has_qualification(DOR_ADMIN) {
        f.at(Target::block(Block::Attendees), "SCIA considered for an inter-district student: no district-of-residence administrator or designee present");
        return;
    }
    let involves_dor = c.placement_is(&[NPS, OUT_OF_STATE_NPS, RESIDENTIAL, COUNTY]);
    if involves_dor && !c.has_qualification(DOR_ADMIN) && c.notice().dor_notified.is_none() {
        f.lesser(Target::field(Block::Notice, "dor_notified"), format!("inter-district student, placement '{}': the district of residence is not invited", p.placement_type));
    }
}

fn nps_staff(c: &Ctx, f: &mut Fire) {
    if !c.placement_is(&[NPS, OUT_OF_STATE_NPS]) || !c.meeting_held() {
        return;
    }
    let mut missing = Vec::new();
    if !c.has_qualification("NPS special education teacher") {
        missing.push("the NPS special education teacher");
    }
    let related = c.services().iter().any(|s| s.service != "Specialized academic instruction" && s.location == "Nonpublic school");
    if related && !c.has_qualification("NPS related-service provider") {
        missing.push("the NPS related-service provider");
    }
    if !missing.is_empty() {
        f.at(Target::block(Block::Attendees), format!("NPS placement: {} not on the team", missing.join(" and ")));
    }
}

fn transportation_staff(c: &Ctx, f: &mut Fire) {
    let p = c.placement();
    let why = flagged(&[
        (p.transport_equipment == Some(true), "adaptive equipment or bus modification"),
        (p.transport_bip == Some(true), "a BIP on the bus"),
        (p.medically_fragile == Some(true), "medical fragility"),
    ]);
    if !why.is_empty() && c.meeting_held() && !c.has_qualification("Transportation staff") {
        f.at(Target::block(Block::Attendees), format!("no transportation staff present ({})", why.join(", ")));
    }
}
