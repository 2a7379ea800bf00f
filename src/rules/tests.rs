//! Every implemented rule, both sides: it stays quiet on a compliant meeting and fires when the one
//! thing it checks is broken. Plus the scenario tests of the issue.

use chrono::NaiveDate;

use super::*;
use crate::domain::fields::{Cx, Record};
use crate::domain::meeting::{AnyRecord, Block, Item, Meeting, MeetingType, Section};
use crate::domain::student::Student;
use crate::timeline::{Calendar, Policy};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub struct Case {
    pub student: Student,
    pub meeting: Meeting,
    pub today: NaiveDate,
    pub live: Live,
    pub policy: Policy,
}

fn cx() -> Cx {
    Cx { today: d("2026-11-22"), now: None }
}

impl Case {
    pub fn findings(&self) -> Vec<Finding> {
        let ctx = Ctx { student: &self.student, meeting: &self.meeting, policy: &self.policy, calendar: Calendar::sample(), today: self.today, live: self.live };
        evaluate(&ctx, RuleSet::builtin())
    }
    pub fn fires(&self, id: &str) -> bool {
        self.findings().iter().any(|f| f.rule == id)
    }
    /// Set a field of item `idx` of `block` (a singleton is created when missing).
    pub fn set(&mut self, block: Block, idx: usize, key: &str, value: &str) -> &mut Self {
        let items = self.meeting.block_mut(block);
        if items.is_empty() && !block.is_list() {
            items.push(Item { id: 0, version: 1, record: block.new_record() });
        }
        items[idx].record.as_record_mut().set(key, value, &cx()).unwrap_or_else(|e| panic!("{key}: {e}"));
        self
    }
    pub fn one(&mut self, block: Block, key: &str, value: &str) -> &mut Self {
        self.set(block, 0, key, value)
    }
    pub fn push(&mut self, block: Block, kv: &[(&str, &str)]) -> &mut Self {
        let mut r = block.new_record();
        for (k, v) in kv {
            r.as_record_mut().set(k, v, &cx()).unwrap_or_else(|e| panic!("{k}: {e}"));
        }
        self.meeting.block_mut(block).push(Item { id: 0, version: 1, record: r });
        self
    }
    pub fn clear(&mut self, block: Block) -> &mut Self {
        self.meeting.block_mut(block).clear();
        self
    }
    pub fn student(&mut self, key: &str, value: &str) -> &mut Self {
        self.student.set(key, value, &cx()).unwrap_or_else(|e| panic!("{key}: {e}"));
        self
    }
    /// Remove every attendee holding `role`.
    pub fn without_role(&mut self, role: &str) -> &mut Self {
        self.meeting.block_mut(Block::Attendees).retain(|i| match &i.record {
            AnyRecord::Attendee(a) => !a.roles.iter().any(|r| r == role),
            _ => true,
        });
        self
    }
}

const LEA_QUALS: &str = "Can provide/supervise specially designed instruction; Knows the general curriculum; Knows the availability of LEA resources; Authority to commit LEA resources";

/// A fully compliant annual IEP for a 17-year-old (fictional).
pub fn compliant() -> Case {
    let student = Student {
        last_name: "Sample".into(),
        first_name: "Wren".into(),
        local_id: "TEST-1".into(),
        dob: Some(d("2009-03-10")),
        grade: "12".into(),
        school: "Example High School".into(),
        home_language: "English".into(),
        english_proficiency: "EO".into(),
        rights_holder: "Parent/guardian".into(),
        rights_holder_name: "Pat Sample".into(),
        case_manager: "R. Demo".into(),
        primary_disability: "Speech or language impairment".into(),
        last_iep_date: Some(d("2025-12-01")),
        last_assessment_date: Some(d("2024-12-01")),
        ..Default::default()
    };
    let mut c = Case {
        student,
        meeting: Meeting::new(1, 1, MeetingType::Annual),
        today: d("2026-11-22"),
        live: Live::default(),
        policy: Policy::california(),
    };
    c.push(Block::Details, &[("date", "2026-11-20"), ("start_time", "14:00"), ("location", "Room 12"), ("purpose", "Annual review")]);
    c.push(
        Block::Notice,
        &[
            ("sent_date", "2026-11-02"),
            ("time_place_agreed", "Phone call with parent on 2026-10-30"),
            ("purposes", "Development or revision of the IEP; Review of student progress; Transition planning and services; Program placement/services"),
            ("attendees_listed", "yes"),
            ("rights_statement", "yes"),
            ("student_invited", "yes"),
            ("agency_consent", "yes"),
            ("safeguards_offered", "yes"),
            ("parent_response", "Plans to attend"),
        ],
    );
    c.push(Block::Participation, &[("alternative_means_offered", "yes"), ("interpreter_requested", "no")]);
    for (name, roles, quals) in [
        ("Pat Sample", "Parent/guardian", ""),
        ("Wren Sample", "Student", ""),
        ("T. Gen", "General education teacher", "Teacher of this student"),
        ("S. Sped", "Special education teacher/provider", "Teacher of this student; Can interpret instructional implications of assessment results"),
        ("L. Lea", "LEA representative", LEA_QUALS),
        ("A. Agency", "Agency representative", ""),
    ] {
        c.push(Block::Attendees, &[("name", name), ("roles", roles), ("qualifications", quals), ("mode", "In person"), ("arrived", "14:00")]);
    }
    c.push(
        Block::PresentSummary,
        &[
            ("eligible", "yes"),
            ("needs_special_education", "yes"),
            ("determinant_ruled_out", "yes"),
            ("evaluation_results", "2024 speech-language assessment: expressive language below average."),
            ("statewide_results", "CAASPP ELA: standard nearly met."),
            ("prior_progress_reviewed", "yes"),
            ("strengths", "Enjoys woodworking and helping others."),
            ("parent_concerns", "Wants Wren ready for a job after school."),
            ("areas_of_need", "Expressive language; Vocational skills"),
        ],
    );
    c.push(Block::SpecialFactors, &[("behavior_impedes", "no"), ("behavior_plan", "no"), ("assistive_tech_considered", "yes"), ("communication_considered", "yes"), ("device_or_service_needed", "no")]);
    for area in ["Pre-academic/academic/functional", "Communication", "Gross/fine motor", "Social-emotional/behavioral", "Vocational", "Health", "Adaptive/daily living"] {
        c.push(Block::PresentLevels, &[("area", area), ("present_level", "Observed and measured this year."), ("impact", "Affects participation in class discussion.")]);
    }
    c.push(Block::ProgressReporting, &[("method", "With grade reports"), ("frequency", "Quarterly"), ("how_measured", "SLP data and work samples")]);
    c.push(
        Block::Goals,
        &[
            ("area", "Communication"),
            ("need", "Expressive language"),
            ("baseline", "Uses 3-word sentences in 40% of opportunities."),
            ("annual_goal", "By November 2027, Wren will use complete sentences in 80% of opportunities, as measured by SLP data."),
            ("standard", "SL.11-12.4"),
            ("monitored_by", "SLP"),
            ("purposes", "Participate in general education curriculum; Supports postsecondary goals"),
            ("objectives", "By March 2027: 60%\nBy June 2027: 70%"),
        ],
    );
    c.push(
        Block::Goals,
        &[
            ("area", "Vocational"),
            ("need", "Vocational skills"),
            ("baseline", "Completes 2 of 5 job-site tasks independently."),
            ("annual_goal", "By November 2027, Wren will complete 4 of 5 job-site tasks independently, as measured by job coach checklist."),
            ("standard", "CTE Anchor 3"),
            ("monitored_by", "Transition specialist"),
            ("purposes", "Supports postsecondary goals"),
        ],
    );
    c.push(
        Block::Placement,
        &[
            ("pct_general_ed", "90"),
            ("nonparticipation", "Pulled out 60 minutes a week for speech therapy."),
            ("lre_consideration", "Short pull-out; no harmful effect expected."),
            ("options_considered", "Consultation only; push-in; pull-out."),
            ("removal_justification", "Articulation practice needs a quiet room."),
            ("supports_for_personnel", "None needed."),
            ("supplementary_aids", "Visual schedule; extended time."),
            ("nonacademic", "Full participation in lunch, clubs and field trips."),
            ("at_school_of_residence", "yes"),
            ("physical_education", "General"),
            ("transportation", "no"),
        ],
    );
    c.push(Block::Assessments, &[("participation", "General assessment with supports/accommodations"), ("testing_accommodations", "Extended time")]);
    c.push(Block::Esy, &[("q_benefit", "no"), ("q_regression", "no"), ("required", "no"), ("factors", "Progress on current goals; Nature and severity of the disability"), ("parent_informed", "yes")]);
    c.push(
        Block::Services,
        &[
            ("service", "Language and speech"),
            ("need", "Expressive language"),
            ("provider", "District SLP"),
            ("responsible", "S. Sped"),
            ("location", "Separate room"),
            ("delivery", "Individual"),
            ("sessions", "2"),
            ("period", "weekly"),
            ("duration", "30"),
            ("start", "2026-11-21"),
            ("end", "2027-11-19"),
        ],
    );
    c.push(
        Block::TransitionPlan,
        &[
            ("education_goal", "After high school Wren will attend a community college woodworking program."),
            ("employment_goal", "After high school Wren will work part time at a furniture shop."),
            ("independent_living_goal", "After high school Wren will use public transport independently to get to work."),
            ("assessments", "Career interest inventory (2026), student interview."),
            ("student_preferences", "Interview and interest inventory in October 2026."),
            ("student_participation", "Attended and spoke about goals."),
            ("course_of_study", "Grade 12: English 12, Woodworking 2, Work experience."),
            ("completion", "Diploma"),
            ("anticipated_completion", "2027-06-03"),
            ("student_invited", "yes"),
            ("agency_invited", "yes"),
            ("agency_consent", "2026-11-02"),
            ("transfer_of_rights_given", "2026-03-01"),
            ("transfer_of_rights_parent", "2026-03-01"),
            ("rights_status", "Under 18: rights remain with parent/education representative"),
            ("goals_updated", "yes"),
            ("adult_agencies", "Department of Rehabilitation: job coaching; referral made; case manager."),
        ],
    );
    c.push(Block::TransitionServices, &[("service", "Job coaching"), ("activities", "Weekly job-site visits"), ("linked_goal", "Goal 2: Vocational"), ("agency", "Department of Rehabilitation")]);
    c.push(Block::Consent, &[("safeguards_received", "yes"), ("copy_received", "yes"), ("eligibility_agreement", "Not applicable"), ("choice", "Agree to the IEP")]);
    for (name, role) in [
        ("Pat Sample", "Parent/guardian"),
        ("Wren Sample", "Student"),
        ("T. Gen", "General education teacher"),
        ("S. Sped", "Special education teacher/provider"),
        ("L. Lea", "LEA representative"),
        ("A. Agency", "Agency representative"),
    ] {
        c.push(Block::Signatures, &[("name", name), ("role", role), ("signed_on", "2026-11-20")]);
    }
    // the checklists and acknowledgements a careful team also records
    let regs = crate::domain::refdata::RefData::shared().list("transition_regulations").join("; ");
    c.one(Block::TransitionPlan, "regulations_checklist", &regs).one(Block::TransitionPlan, "discussed_first", "yes");
    for i in 0..c.meeting.block(Block::Attendees).len() {
        c.set(Block::Attendees, i, "notified", "2026-11-02");
    }
    c.one(Block::Assessments, "universal_tools_reviewed", "yes");
    c.one(Block::Assessments, "instructional_accommodations", "Extended time on assignments and tests; preferential seating");
    c.one(Block::Assessments, "accommodation_needs", "Expressive language");
    c
}

fn ids(c: &Case, sev: Severity) -> Vec<String> {
    c.findings().iter().filter(|f| f.severity == sev).map(|f| format!("{} — {}", f.rule, f.detail)).collect()
}

#[test]
fn compliant_annual_for_a_17_year_old_has_no_errors() {
    let c = compliant();
    assert_eq!(ids(&c, Severity::Error), Vec::<String>::new());
    assert_eq!(ids(&c, Severity::Warning), Vec::<String>::new());
    assert_eq!(ids(&c, Severity::Info), Vec::<String>::new());
}

/// Quiet on the compliant meeting (after `quiet`), fires after `fire`.
fn both(id: &str, quiet: impl Fn(&mut Case), fire: impl Fn(&mut Case)) {
    assert!(RuleSet::builtin().get(id).is_some(), "{id} is not a catalog id");
    assert!(registry().iter().any(|r| r.id == id), "{id} is not implemented");
    let mut c = compliant();
    quiet(&mut c);
    let f: Vec<_> = c.findings().into_iter().filter(|f| f.rule == id).collect();
    assert!(f.is_empty(), "{id} fired on the compliant case: {f:?}");
    let mut c = compliant();
    quiet(&mut c);
    fire(&mut c);
    assert!(c.fires(id), "{id} did not fire");
}

fn nothing(_: &mut Case) {}

macro_rules! rule {
    ($name:ident, $id:literal, $fire:expr) => {
        #[test]
        fn $name() {
            both($id, nothing, $fire);
        }
    };
    ($name:ident, $id:literal, quiet: $quiet:expr, $fire:expr) => {
        #[test]
        fn $name() {
            both($id, $quiet, $fire);
        }
    };
}

// ----- notice --------------------------------------------------------------------------------
rule!(notice_timely, "notice-timely-mutually-agreed", |c| {
    c.one(Block::Notice, "sent_date", "");
});
rule!(notice_agreed, "notice-timely-mutually-agreed", |c| {
    c.one(Block::Notice, "time_place_agreed", "").one(Block::Notice, "parent_response", "No response");
});
rule!(notice_content, "notice-required-content", |c| {
    c.one(Block::Notice, "rights_statement", "no");
});
rule!(notice_purpose_live, "notice-purpose-covers-agenda", |c| {
    c.one(Block::Notice, "purposes", "Review of student progress");
    c.live.section = Some(Section::Transition);
});
rule!(notice_transition, "notice-transition-purpose", |c| {
    c.one(Block::Notice, "student_invited", "no");
});
rule!(notice_age15, "notice-student-age15-invited", |c| {
    c.one(Block::Notice, "student_invited", "");
});
rule!(notice_safeguards, "notice-procedural-safeguards", |c| {
    c.one(Block::Notice, "safeguards_offered", "no").one(Block::Consent, "safeguards_received", "no");
});

#[test]
fn safeguards_not_offered_but_received_is_only_a_warning() {
    let mut c = compliant();
    c.one(Block::Notice, "safeguards_offered", "no");
    let f = c.findings();
    let s = f.iter().find(|f| f.rule == "notice-procedural-safeguards").unwrap();
    assert_eq!(s.severity, Severity::Warning);
}

#[test]
fn safeguards_given_this_school_year_count_as_received() {
    let mut c = compliant();
    c.one(Block::Notice, "safeguards_offered", "no").one(Block::Consent, "safeguards_received", "no");
    assert_eq!(only(&c, "notice-procedural-safeguards").0, Severity::Error);
    // Given last school year: not this year's copy.
    c.student("safeguards_given", "2026-05-01");
    assert_eq!(only(&c, "notice-procedural-safeguards").0, Severity::Error);
    // Given this school year (the sample calendar starts in August 2026): received, not offered with the notice.
    c.student("safeguards_given", "2026-09-02");
    assert_eq!(only(&c, "notice-procedural-safeguards"), (Severity::Warning, Some(Block::Notice), None, Some("safeguards_offered")));
}

#[test]
fn md_members_chosen_by_parent_and_lea_and_comparable_services_with_the_parent() {
    let mut c = compliant();
    md(&mut c);
    assert!(!c.fires("disc-md-participants"));
    c.one(Block::Manifestation, "members_determined", "no");
    assert_eq!(only(&c, "disc-md-participants"), (Severity::Error, Some(Block::Manifestation), None, Some("members_determined")));
    c.one(Block::Manifestation, "members_determined", "yes");
    assert!(!c.fires("disc-md-participants"));
    // IEP 11: comparable services are chosen in consultation with the parent.
    let mut t = compliant();
    t.student("transfer_kind", "Within the SELPA").student("transfer_enrolled", "2026-10-01").student("comparable_services", "yes");
    t.student("interim_placement_date", "2026-10-01").student("interim_placement_by", "L. Lea").student("previous_lea", "Example USD, J. Contact");
    assert!(!t.fires("tl-transfer-same-selpa"));
    t.student("parent_consulted", "no");
    assert!(t.fires("tl-transfer-same-selpa"));
    let f = t.findings().into_iter().find(|f| f.rule == "tl-transfer-same-selpa").unwrap();
    assert!(f.detail.contains("consultation with the parent"), "{}", f.detail);
}

// ----- team ----------------------------------------------------------------------------------
rule!(team_parent, "team-parent-present", |c| {
    c.without_role("Parent/guardian");
});
rule!(team_gen_ed, "team-gen-ed-teacher-required", |c| {
    c.without_role("General education teacher");
});
#[test]
fn gen_ed_teacher_validly_excused_is_quiet() {
    let mut c = compliant();
    c.without_role("General education teacher");
    c.push(
        Block::Excusals,
        &[("member", "T. Gen"), ("role", "General education teacher"), ("area", "English"), ("area_modified_or_discussed", "no"), ("parent_agreement", "2026-11-10"), ("lea_agreement", "2026-11-10")],
    );
    assert!(!c.fires("team-gen-ed-teacher-required"));
}
rule!(team_preschool, "team-preschool-teacher", |c| {
    c.student("grade", "Preschool");
});
rule!(team_sped, "team-sped-teacher-or-provider", |c| {
    c.without_role("Special education teacher/provider");
});
rule!(team_lea, "team-lea-rep-qualified", |c| {
    c.set(Block::Attendees, 4, "qualifications", "Knows the general curriculum");
});
rule!(team_lea_authority, "team-lea-rep-authority", |c| {
    c.set(Block::Attendees, 4, "qualifications", "Can provide/supervise specially designed instruction; Knows the general curriculum; Knows the availability of LEA resources");
});
rule!(team_interpreter, "team-assessment-interpreter", |c| {
    c.set(Block::Attendees, 3, "qualifications", "Teacher of this student");
});
#[test]
fn assessment_interpreter_is_an_error_only_when_assessments_are_discussed() {
    let mut c = compliant();
    c.set(Block::Attendees, 3, "qualifications", "");
    assert_eq!(c.findings().iter().find(|f| f.rule == "team-assessment-interpreter").unwrap().severity, Severity::Warning);
    c.meeting.mtype = MeetingType::Triennial;
    assert_eq!(c.findings().iter().find(|f| f.rule == "team-assessment-interpreter").unwrap().severity, Severity::Error);
}
rule!(team_student_transition, "team-student-invited-transition", |c| {
    c.without_role("Student").one(Block::TransitionPlan, "student_participation", "");
});
rule!(team_student_appropriate, "team-student-whenever-appropriate", |c| {
    c.student("dob", "2014-05-05").without_role("Student");
});
rule!(team_agency_consent, "team-agency-rep-consent", |c| {
    c.one(Block::Notice, "agency_consent", "no").one(Block::TransitionPlan, "agency_consent", "");
});
rule!(team_others, "team-other-individuals", |c| {
    c.push(Block::Attendees, &[("name", "Visitor"), ("roles", "Other")]);
});
rule!(team_sld, "team-sld-diagnostic-examiner", |c| {
    c.student("primary_disability", "Specific learning disability").meeting.mtype = MeetingType::Triennial;
});
rule!(team_low_incidence, "team-low-incidence-specialist", |c| {
    c.student("secondary_disability", "Visual impairment");
});
rule!(team_role_prompt, "team-gen-ed-teacher-role-prompt", |c| {
    c.live.section = Some(Section::Services);
});
rule!(team_roles_combine, "team-roles-may-combine", |c| {
    c.set(Block::Attendees, 3, "roles", "Special education teacher/provider; LEA representative");
});

// ----- excusals ------------------------------------------------------------------------------
fn excused(c: &mut Case, discussed: &str) {
    c.push(Block::Excusals, &[("member", "O. Therapist"), ("role", "Related-service provider"), ("area", "Occupational therapy fine motor"), ("area_modified_or_discussed", discussed), ("parent_agreement", "2026-11-10"), ("lea_agreement", "2026-11-10"), ("written_input_received", "2026-11-15"), ("input_sent_to_parent", "yes")]);
}
rule!(excusal_not_discussed, "excusal-not-discussed-written-agreement", quiet: |c| excused(c, "no"), |c| {
    c.one(Block::Excusals, "lea_agreement", "");
});
rule!(excusal_discussed, "excusal-discussed-consent-and-input", quiet: |c| excused(c, "yes"), |c| {
    c.one(Block::Excusals, "written_input_received", "");
});
rule!(excusal_timing, "excusal-input-timing", quiet: |c| excused(c, "yes"), |c| {
    c.one(Block::Excusals, "written_input_received", "2026-11-20");
});
rule!(excusal_drift, "excusal-scope-drift", quiet: |c| excused(c, "no"), |c| {
    c.push(Block::Goals, &[("area", "Gross/fine motor"), ("annual_goal", "Fine motor: write legibly")]);
    c.live.editing = Some((Block::Goals, 2));
});
rule!(excusal_declined, "excusal-parent-declined", quiet: |c| excused(c, "no"), |c| {
    c.one(Block::Excusals, "parent_declined", "yes");
});
rule!(excusal_partial, "excusal-partial-attendance", |c| {
    c.set(Block::Attendees, 2, "left", "14:30");
});
#[test]
fn an_excusal_in_part_names_the_part_covers_the_absence_and_the_member_still_signs() {
    let mut c = compliant();
    // T. Gen (attendee 2) leaves at 14:30.
    c.set(Block::Attendees, 2, "left", "14:30");
    let agreed = [("member", "T. Gen"), ("role", "General education teacher"), ("area", "General curriculum"), ("area_modified_or_discussed", "no"), ("parent_agreement", "2026-11-10"), ("lea_agreement", "2026-11-10")];
    let mut whole: Vec<(&str, &str)> = agreed.to_vec();
    whole.push(("extent", "The whole meeting"));
    c.push(Block::Excusals, &whole);
    // Excused from the whole meeting, yet attending part of it: not a partial excusal.
    assert_eq!(only(&c, "excusal-partial-attendance"), (Severity::Warning, Some(Block::Attendees), Some(2), Some("left")));
    c.set(Block::Excusals, 0, "extent", "Part of the meeting");
    assert_eq!(only(&c, "excusal-partial-attendance"), (Severity::Warning, Some(Block::Excusals), Some(0), Some("part_excused")));
    c.set(Block::Excusals, 0, "part_excused", "From 14:30 (services and consent)");
    assert!(!c.fires("excusal-partial-attendance"));
    // Present for part of the meeting: listed as present and asked to sign.
    assert!(c.meeting.excused_members().is_empty());
    c.meeting.block_mut(Block::Signatures).retain(|i| i.record.as_record().get("name") != "T. Gen");
    assert!(c.findings().iter().any(|f| f.rule == "consent-participant-signatures" && f.detail.contains("T. Gen")));
}
rule!(excusal_parent, "excusal-parent-not-excusable", |c| {
    c.push(Block::Excusals, &[("member", "Other parent"), ("role", "Parent/guardian")]);
});

// ----- parent participation ------------------------------------------------------------------
rule!(parent_alternative, "parent-alternative-means", |c| {
    c.without_role("Parent/guardian").one(Block::Participation, "alternative_means_offered", "no");
});
rule!(parent_absent_doc, "parent-absent-documentation", |c| {
    c.without_role("Parent/guardian");
});
rule!(parent_proceed_without, "parent-consented-to-proceed-without", |c| {
    c.one(Block::Notice, "parent_response", "Consents to the meeting without the parent");
});
rule!(parent_interpreter, "parent-interpreter", |c| {
    c.one(Block::Participation, "interpreter_requested", "yes");
});
#[test]
fn home_language_without_interpreter_is_a_warning() {
    let mut c = compliant();
    c.student("home_language", "Spanish").one(Block::Participation, "interpreter_requested", "");
    assert_eq!(c.findings().iter().find(|f| f.rule == "parent-interpreter").unwrap().severity, Severity::Warning);
    c.one(Block::Participation, "interpreter_present", "yes");
    assert!(!c.fires("parent-interpreter"));
}
rule!(parent_translated, "parent-translated-documents", |c| {
    c.one(Block::Consent, "copy_language", "Spanish");
});
rule!(parent_concerns, "parent-concerns-recorded", |c| {
    c.one(Block::PresentSummary, "parent_concerns", "");
});
rule!(parent_others, "parent-bring-others", |c| {
    c.push(Block::Attendees, &[("name", "Advocate"), ("roles", "Representative selected by the parent")]);
});
rule!(parent_rights_holder, "parent-rights-holder-identified", |c| {
    c.student.rights_holder.clear();
});

// ----- eligibility, present levels, special factors --------------------------------------------
fn triennial(c: &mut Case) {
    c.meeting.mtype = MeetingType::Triennial;
    c.one(Block::Consent, "eligibility_agreement", "Agree with eligibility determination");
    c.student("last_assessment_date", "2023-12-01");
    eligibility_documented(c);
}

/// The compliant student's speech or language impairment (language disorder), fully documented.
fn eligibility_documented(c: &mut Case) {
    let f = crate::domain::eligibility::Forms::shared().form("Speech or language impairment", "Language").unwrap();
    c.one(Block::Eligibility, "sli_disorder", "Language");
    c.one(Block::Eligibility, "criteria_met", &f.options().join("; "));
    c.one(Block::Eligibility, "evidence", &f.evidence.join("; "));
    c.one(Block::Eligibility, "sources", "Standardized tests; Observations; Parent input; Teacher input");
    c.one(Block::Eligibility, "basis", "Two standardized language tests below the 7th percentile, a language sample, teacher and parent reports.");
    c.one(Block::Eligibility, "exclusionary_ruled_out", "yes");
    c.one(Block::Eligibility, "suspected_areas", "Language/speech/communication; Academic achievement");
    c.one(Block::Eligibility, "assessed_areas", "Language/speech/communication; Academic achievement; Hearing");
    c.one(Block::Eligibility, "assessors", "S. Sped");
    c.one(Block::Consent, "reports_received", "yes");
}
rule!(elig_three, "elig-three-determinations", quiet: triennial, |c| {
    c.one(Block::PresentSummary, "needs_special_education", "");
});
rule!(elig_determinant, "elig-special-rule-determinant-factor", quiet: triennial, |c| {
    c.one(Block::PresentSummary, "determinant_ruled_out", "no");
});
rule!(elig_not_eligible, "elig-not-eligible-documented", |c| {
    c.one(Block::PresentSummary, "eligible", "no").one(Block::PresentSummary, "evaluation_results", "");
});
rule!(plaafp_impact, "plaafp-gen-ed-impact", |c| {
    for i in 0..7 {
        c.set(Block::PresentLevels, i, "impact", "");
    }
});
rule!(plaafp_preschool, "plaafp-preschool-participation", |c| {
    c.student("grade", "Preschool");
    for i in 0..7 {
        c.set(Block::PresentLevels, i, "impact", "");
    }
});
rule!(plaafp_strengths, "plaafp-strengths-and-parent-concerns", |c| {
    c.one(Block::PresentSummary, "strengths", "");
});
rule!(plaafp_results, "plaafp-evaluation-and-statewide-results", |c| {
    c.one(Block::PresentSummary, "evaluation_results", "");
});
rule!(plaafp_domains, "plaafp-domains-addressed", |c| {
    c.meeting.block_mut(Block::PresentLevels).pop();
});
rule!(plaafp_needs, "plaafp-areas-of-need-identified", |c| {
    c.one(Block::PresentSummary, "areas_of_need", "");
});
rule!(plaafp_alignment, "plaafp-goal-service-alignment", |c| {
    c.set(Block::Goals, 0, "area", "Health");
    c.meeting.block_mut(Block::PresentLevels).retain(|i| i.record.as_record().get("area") != "Health");
});
/// The same gap is one finding: a need without a goal is goal-each-need-area's, not also alignment's.
#[test]
fn a_need_without_a_goal_is_one_finding() {
    let mut c = compliant();
    c.one(Block::PresentSummary, "areas_of_need", "Expressive language; Vocational skills; Attention");
    let f: Vec<_> = c.findings().into_iter().filter(|f| f.detail.contains("Attention")).collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!((f[0].rule, f[0].severity, f[0].target.block), ("goal-each-need-area", Severity::Error, Some(Block::Goals)));
}
rule!(plaafp_prior, "plaafp-prior-goal-progress-reviewed", |c| {
    c.one(Block::PresentSummary, "prior_progress_reviewed", "no");
});
rule!(sf_behavior, "sf-behavior-impedes", |c| {
    c.one(Block::SpecialFactors, "behavior_impedes", "");
});
rule!(sf_behavior_supports, "sf-behavior-impedes", |c| {
    c.one(Block::SpecialFactors, "behavior_impedes", "yes");
});
rule!(sf_bip, "sf-bip-when-indicated", |c| {
    c.one(Block::SpecialFactors, "behavior_impedes", "yes").one(Block::SpecialFactors, "behavior_plan", "yes");
    c.clear(Block::BehaviorPlan);
});
/// 7.8.A before 1.7.B: behavior that impedes learning asks first for positive supports, which
/// can be a behavior goal or supports written down, not necessarily a BIP.
#[test]
fn behavior_that_impedes_learning_is_answered_with_supports_a_goal_or_a_bip() {
    let mut c = compliant();
    c.one(Block::SpecialFactors, "behavior_impedes", "yes");
    assert_eq!(only(&c, "sf-behavior-impedes"), (Severity::Error, Some(Block::SpecialFactors), None, Some("behavior_supports")));
    assert!(!c.fires("sf-bip-when-indicated"));
    c.one(Block::SpecialFactors, "behavior_supports", "Visual schedule, check-in/check-out with the counselor, break card.");
    assert!(!c.fires("sf-behavior-impedes"));
}
rule!(sf_lep, "sf-lep-language-needs", |c| {
    c.student("english_proficiency", "EL");
});

/// A complete IEP 6C for an English learner (fictional results).
fn el_complete(c: &mut Case) {
    c.student("english_proficiency", "EL");
    for d in ["listening", "speaking", "reading", "writing"] {
        c.one(Block::EnglishLearner, &format!("test_{d}"), "With designated supports");
        c.one(Block::EnglishLearner, &format!("result_{d}"), "Level 2 (somewhat developed)");
    }
    c.one(Block::EnglishLearner, "test_supports", "Separate setting; breaks (all domains)")
        .one(Block::EnglishLearner, "result_overall", "Level 2")
        .one(Block::EnglishLearner, "results_date", "2026-03-10")
        .one(Block::EnglishLearner, "needs", "Primary language support; Goals that address English language development needs")
        .one(Block::EnglishLearner, "general_ed_setting", "Structured English Immersion")
        .one(Block::EnglishLearner, "eld_provided_in", "General education")
        .one(Block::EnglishLearner, "instruction_language", "English, with Spanish support");
    c.set(Block::Goals, 0, "purposes", "Linguistically appropriate for an English learner; Supports ELD standards");
}

#[test]
fn an_english_learner_with_iep_6c_complete_is_quiet_and_each_missing_part_is_named() {
    let mut c = compliant();
    el_complete(&mut c);
    for id in ["sf-lep-language-needs", "assess-el-proficiency-test", "goal-el-linguistically-appropriate"] {
        assert!(!c.fires(id), "{id}: {:#?}", c.findings().into_iter().filter(|f| f.rule == id).collect::<Vec<_>>());
    }
    // Each part of the page, taken away, is the one finding, at its field.
    for (key, words) in [
        ("results_date", "date of the most recent"),
        ("result_writing", "writing result"),
        ("needs", "English learner needs"),
        ("general_ed_setting", "general education setting"),
        ("eld_provided_in", "English language development is provided"),
        ("instruction_language", "language of special education instruction"),
    ] {
        let mut b = compliant();
        el_complete(&mut b);
        b.one(Block::EnglishLearner, key, "");
        assert_eq!(only(&b, "sf-lep-language-needs"), (Severity::Error, Some(Block::EnglishLearner), None, Some(key)), "{key}");
        let f = b.findings().into_iter().find(|f| f.rule == "sf-lep-language-needs").unwrap();
        assert!(f.detail.contains(words), "{key}: {}", f.detail);
    }
    // Alternate results stand in for the domain results.
    let mut b = compliant();
    el_complete(&mut b);
    for d in ["listening", "speaking", "reading", "writing", "overall"] {
        b.one(Block::EnglishLearner, &format!("result_{d}"), "");
    }
    assert_eq!(only(&b, "sf-lep-language-needs").3, Some("result_listening"));
    b.one(Block::EnglishLearner, "alternate_results", "Alternate ELPAC: level 2 in each domain");
    assert!(!b.fires("sf-lep-language-needs"));
    // Comprehensible-input strategies checked as a need must be written.
    let mut b = compliant();
    el_complete(&mut b);
    b.one(Block::EnglishLearner, "needs", "Instructional strategies for comprehensible input in English");
    assert_eq!(only(&b, "sf-lep-language-needs").3, Some("comprehensible_input"));
    b.one(Block::EnglishLearner, "comprehensible_input", "Visuals, sentence frames, pre-taught vocabulary.");
    assert!(!b.fires("sf-lep-language-needs"));
}

#[test]
fn consideration_on_iep_5_meets_7_8_b_until_iep_6c_is_begun() {
    let mut c = compliant();
    c.student("english_proficiency", "EL").one(Block::Assessments, "elpac", "ELPAC with designated supports/accommodations (listed by domain)");
    c.set(Block::Goals, 0, "purposes", "Linguistically appropriate for an English learner");
    assert_eq!(only(&c, "sf-lep-language-needs"), (Severity::Error, Some(Block::SpecialFactors), None, Some("language_needs_considered")));
    let f = c.findings().into_iter().find(|f| f.rule == "sf-lep-language-needs").unwrap();
    assert!(f.note.as_deref().is_some_and(|n| n.contains("7.8.B")), "{f:?}");
    c.one(Block::SpecialFactors, "language_needs_considered", "yes");
    for id in ["sf-lep-language-needs", "assess-el-proficiency-test"] {
        assert!(!c.fires(id), "{id}");
    }
    // A page once begun is completed: here only the results date is written.
    c.one(Block::EnglishLearner, "results_date", "2026-03-10");
    assert_eq!(only(&c, "sf-lep-language-needs").3, Some("result_listening"));
    c.one(Block::EnglishLearner, "results_date", "").one(Block::EnglishLearner, "test_reading", "With accommodations");
    assert_eq!(only(&c, "assess-el-proficiency-test").3, Some("test_listening"));
}

#[test]
fn braille_not_recommended_needs_the_evaluation_and_dhh_supports_name_mode_and_opportunities() {
    let mut c = compliant();
    c.student("primary_disability", "Visual impairment").one(Block::SpecialFactors, "braille_considered", "yes");
    assert!(!c.fires("sf-vi-braille"));
    c.one(Block::SpecialFactors, "braille_recommended", "no");
    assert_eq!(only(&c, "sf-vi-braille"), (Severity::Error, Some(Block::SpecialFactors), None, Some("braille_evaluation")));
    c.one(Block::SpecialFactors, "braille_evaluation", "Functional vision and learning media assessment (2026): print with magnification meets current and future needs.");
    assert!(!c.fires("sf-vi-braille"));
    let mut d = compliant();
    d.student("primary_disability", "Hard of hearing");
    assert!(!d.fires("sf-dhh-communication"), "communication considered on IEP 5");
    d.one(Block::SpecialFactors, "dhh_language_mode", "American Sign Language");
    assert_eq!(only(&d, "sf-dhh-communication"), (Severity::Error, Some(Block::SpecialFactors), None, Some("dhh_opportunities")));
    d.one(Block::SpecialFactors, "dhh_opportunities", "Daily ASL instruction with a credentialed DHH teacher; ASL interpreter in general education and clubs; weekly peer group.");
    assert!(!d.fires("sf-dhh-communication"));
}

#[test]
fn a_screening_on_iep_2b_has_its_date_and_its_result() {
    let mut c = compliant();
    c.one(Block::PresentSummary, "vision_screening", "2026-09-15");
    assert_eq!(only(&c, "plaafp-domains-addressed"), (Severity::Warning, Some(Block::PresentSummary), None, Some("vision_result")));
    c.one(Block::PresentSummary, "vision_result", "Pass").one(Block::PresentSummary, "hearing_result", "Fail");
    assert_eq!(only(&c, "plaafp-domains-addressed").3, Some("hearing_screening"));
    c.one(Block::PresentSummary, "hearing_screening", "2026-09-15");
    assert!(!c.fires("plaafp-domains-addressed"));
}

#[test]
fn test_supports_by_subject_count_as_the_listed_accommodations() {
    let mut c = compliant();
    c.one(Block::Assessments, "testing_accommodations", "");
    assert!(c.fires("assess-test-accommodations-in-iep"));
    c.one(Block::Assessments, "supports_ela", "Designated support (non-embedded): separate setting");
    assert!(!c.fires("assess-test-accommodations-in-iep"));
}

#[test]
fn the_english_proficiency_test_is_specified_for_every_domain() {
    let mut c = compliant();
    el_complete(&mut c);
    c.one(Block::EnglishLearner, "test_speaking", "");
    assert_eq!(only(&c, "assess-el-proficiency-test"), (Severity::Error, Some(Block::EnglishLearner), None, Some("test_speaking")));
    // "Alternate ELPAC" on IEP 4 covers every domain.
    c.one(Block::Assessments, "elpac", "Alternate ELPAC");
    assert!(!c.fires("assess-el-proficiency-test"));
    // Nothing said anywhere: the finding is at the IEP 4 question.
    let mut b = compliant();
    b.student("english_proficiency", "EL");
    assert_eq!(only(&b, "assess-el-proficiency-test"), (Severity::Error, Some(Block::Assessments), None, Some("elpac")));
    // Designated supports or accommodations must be named.
    let mut b = compliant();
    el_complete(&mut b);
    b.one(Block::EnglishLearner, "test_supports", "");
    assert_eq!(only(&b, "assess-el-proficiency-test"), (Severity::Error, Some(Block::EnglishLearner), None, Some("test_supports")));
    for d in ["listening", "speaking", "reading", "writing"] {
        b.one(Block::EnglishLearner, &format!("test_{d}"), "As given, no supports");
    }
    assert!(!b.fires("assess-el-proficiency-test"));
}

#[test]
fn eld_goals_checked_on_iep_6c_need_a_goal_for_the_eld_standards() {
    let mut c = compliant();
    el_complete(&mut c);
    c.set(Block::Goals, 0, "purposes", "Linguistically appropriate for an English learner");
    assert_eq!(only(&c, "goal-el-linguistically-appropriate"), (Severity::Error, Some(Block::Goals), None, None));
    c.one(Block::EnglishLearner, "needs", "Primary language support");
    assert!(!c.fires("goal-el-linguistically-appropriate"));
}
rule!(sf_braille, "sf-vi-braille", |c| {
    c.student("primary_disability", "Visual impairment");
});
rule!(sf_dhh, "sf-dhh-communication", |c| {
    c.student("primary_disability", "Deafness").one(Block::SpecialFactors, "communication_considered", "");
});
rule!(sf_at, "sf-assistive-technology", |c| {
    c.one(Block::SpecialFactors, "assistive_tech_considered", "");
});

// ----- goals ---------------------------------------------------------------------------------
rule!(goal_measurable, "goal-measurable-annual", |c| {
    c.set(Block::Goals, 0, "annual_goal", "Wren will improve speech.");
});
rule!(goal_each_need, "goal-each-need-area", |c| {
    c.set(Block::Goals, 1, "need", "Attention");
});
rule!(goal_baseline, "goal-baseline", |c| {
    c.set(Block::Goals, 0, "baseline", "");
});
rule!(goal_standard, "goal-curriculum-standard", |c| {
    c.set(Block::Goals, 1, "standard", "");
});
rule!(goal_monitored, "goal-monitored-by", |c| {
    c.set(Block::Goals, 1, "monitored_by", "");
});
rule!(goal_progress, "goal-progress-measurement-and-reporting", |c| {
    c.one(Block::ProgressReporting, "how_measured", "");
});
rule!(goal_purpose, "goal-purpose-flags", |c| {
    c.set(Block::Goals, 1, "purposes", "");
});
rule!(goal_benchmarks, "goal-benchmarks-alternate-assessment", quiet: |c| {
    c.one(Block::Assessments, "participation", "Alternate assessment (CAA)").one(Block::Assessments, "alternate_justification", "Significant cognitive disability");
    c.set(Block::Goals, 1, "objectives", "Step one");
}, |c| {
    c.set(Block::Goals, 1, "objectives", "");
});
rule!(goal_el, "goal-el-linguistically-appropriate", quiet: |c| {
    c.student("english_proficiency", "EL");
    c.set(Block::Goals, 0, "purposes", "Linguistically appropriate for an English learner; Supports postsecondary goals");
}, |c| {
    c.set(Block::Goals, 0, "purposes", "Supports postsecondary goals");
});
rule!(goal_ermhs, "goal-ermhs-need", |c| {
    c.push(Block::Services, &[("service", "Individual counseling")]);
});
rule!(goal_cultural, "goal-culturally-appropriate", |c| {
    c.student("english_proficiency", "EL");
});
rule!(goal_reading, "goal-reading-literacy", |c| {
    c.one(Block::PresentSummary, "areas_of_need", "Expressive language; Vocational skills; Reading - comprehension");
});
rule!(goal_sld, "goal-sld-processing-link", |c| {
    c.student("primary_disability", "Specific learning disability");
});

// ----- services, assessments, LRE, ESY --------------------------------------------------------
rule!(svc_offer, "svc-offer-statement", |c| {
    c.clear(Block::Services);
});
rule!(svc_fields, "svc-line-required-fields", |c| {
    c.set(Block::Services, 0, "provider", "");
});
#[test]
fn service_ending_before_it_starts_is_refused() {
    let mut c = compliant();
    c.set(Block::Services, 0, "end", "2026-01-01");
    assert!(c.findings().iter().any(|f| f.rule == "svc-line-required-fields" && f.detail.contains("ends before")));
}
rule!(svc_sai, "svc-sai-amount-and-location", |c| {
    c.push(Block::Services, &[("service", "Specialized academic instruction")]);
});
rule!(svc_options, "svc-options-considered", |c| {
    c.one(Block::Placement, "options_considered", "");
});
rule!(svc_makeup, "svc-makeup-policy-disclosed", |c| {
    c.live.section = Some(Section::Consent);
});
rule!(svc_copy, "svc-copy-to-implementers", |c| {
    c.meeting.status = crate::domain::meeting::MeetingStatus::Finalized;
});
#[test]
fn iep_8_supports_for_personnel_and_the_transportation_checklist() {
    let mut c = compliant();
    c.one(Block::Placement, "personnel_supports_required", "yes").one(Block::Placement, "supports_for_personnel", "");
    assert_eq!(only(&c, "svc-supports-for-personnel"), (Severity::Warning, Some(Block::Placement), None, Some("supports_for_personnel")));
    c.push(
        Block::Services,
        &[("service", "Support for school personnel"), ("need", "Expressive language"), ("provider", "District SLP"), ("responsible", "S. Sped"), ("location", "Regular classroom"), ("delivery", "Consultation"), ("sessions", "1"), ("period", "monthly"), ("duration", "30"), ("start", "2026-11-21"), ("end", "2027-11-19"), ("supports_whom", "T. Gen")],
    );
    assert!(!c.fires("svc-supports-for-personnel"));
    // Transportation: the checklist needs its regular-year/ESY column.
    let mut t = compliant();
    t.one(Block::Placement, "transportation", "yes").one(Block::Placement, "transportation_details", "Curb-to-curb from home, 7:40 am, with a harness.");
    assert!(!t.fires("svc-transportation-specified"));
    t.one(Block::Placement, "transport_needs", "Curb-to-curb; Restraint harness");
    assert_eq!(only(&t, "svc-transportation-specified"), (Severity::Warning, Some(Block::Placement), None, Some("transport_terms")));
    t.one(Block::Placement, "transport_terms", "Regular school year; Extended school year");
    assert!(!t.fires("svc-transportation-specified"));
    t.one(Block::Placement, "transportation_details", "");
    assert_eq!(only(&t, "svc-transportation-specified").3, Some("transportation_details"));
}
#[test]
fn iep_9a_items_agree_with_the_roster_and_the_consent_signature_stands_apart() {
    let mut c = compliant();
    c.one(Block::Consent, "parent_attendance", "Attended and participated");
    assert!(!c.fires("consent-acknowledgements"));
    c.one(Block::Consent, "parent_attendance", "Did not attend; the meeting proceeded without the parent");
    assert_eq!(only(&c, "consent-acknowledgements"), (Severity::Warning, Some(Block::Consent), None, Some("parent_attendance")));
    c.one(Block::Consent, "parent_attendance", "Attended and participated");
    c.without_role("Parent/guardian");
    assert_eq!(only(&c, "consent-acknowledgements").3, Some("parent_attendance"));
    // Item 8 is answered by the time the record is final.
    let mut f = compliant();
    f.meeting.status = crate::domain::meeting::MeetingStatus::Finalized;
    assert_eq!(only(&f, "consent-acknowledgements"), (Severity::Warning, Some(Block::Consent), None, Some("involvement_facilitated")));
    f.one(Block::Consent, "involvement_facilitated", "yes");
    assert!(!f.fires("consent-acknowledgements"));
    // The parent's IEP 9A consent signature counts without a participant signature row.
    let mut s = compliant();
    s.meeting.block_mut(Block::Signatures).retain(|i| i.record.as_record().get("role") != "Parent/guardian");
    assert!(s.fires("consent-signature-by-rights-holder"));
    s.one(Block::Consent, "parent_signed_on", "2026-11-20").one(Block::Consent, "parent_signer", "Pat Sample");
    assert!(!s.fires("consent-signature-by-rights-holder"));
    // Signed by someone who does not hold the rights: not the rights holder's consent.
    s.one(Block::Consent, "parent_signer", "Someone Else");
    assert!(s.fires("consent-signature-by-rights-holder"));
}
rule!(assess_participation, "assess-statewide-participation", |c| {
    c.one(Block::Assessments, "participation", "");
});
rule!(assess_alternate, "assess-alternate-justification", |c| {
    c.one(Block::Assessments, "participation", "Alternate assessment (CAA)");
});
rule!(assess_accommodations, "assess-test-accommodations-in-iep", |c| {
    c.one(Block::Assessments, "testing_accommodations", "");
});
rule!(lre_nonparticipation, "lre-nonparticipation-explanation", |c| {
    c.one(Block::Placement, "nonparticipation", "");
});
rule!(lre_harm, "lre-harmful-effects-considered", |c| {
    c.one(Block::Placement, "lre_consideration", "");
});
rule!(lre_removal, "lre-removal-justified", |c| {
    c.one(Block::Placement, "removal_justification", "");
});
rule!(esy_considered, "esy-considered-annually", |c| {
    c.one(Block::Esy, "required", "");
});
rule!(esy_questions, "esy-determination-questions", |c| {
    c.one(Block::Esy, "q_regression", "");
});
rule!(esy_factors, "esy-factors-considered", |c| {
    c.one(Block::Esy, "factors", "");
});
rule!(esy_services, "esy-services-specified", |c| {
    c.one(Block::Esy, "required", "yes");
});
#[test]
fn esy_service_lines_say_what_who_where_how_often_how_long_and_when() {
    let mut c = compliant();
    c.one(Block::Esy, "q_regression", "yes").one(Block::Esy, "required", "yes").one(Block::Esy, "goals", "Goal 1");
    assert_eq!(only(&c, "esy-services-specified"), (Severity::Error, Some(Block::EsyServices), None, None));
    c.push(
        Block::EsyServices,
        &[("service", "Language and speech"), ("provider", "District SLP"), ("location", "Separate room"), ("delivery", "Individual"), ("sessions", "2"), ("period", "weekly"), ("duration", "30"), ("start", "2027-06-21"), ("end", "2027-07-23")],
    );
    assert!(!c.fires("esy-services-specified"), "{:#?}", c.findings().into_iter().filter(|f| f.rule == "esy-services-specified").collect::<Vec<_>>());
    c.set(Block::EsyServices, 0, "duration", "");
    assert_eq!(only(&c, "esy-services-specified"), (Severity::Error, Some(Block::EsyServices), Some(0), None));
    c.set(Block::EsyServices, 0, "duration", "30").set(Block::EsyServices, 0, "end", "2027-06-01");
    assert_eq!(only(&c, "esy-services-specified"), (Severity::Error, Some(Block::EsyServices), Some(0), Some("end")));
    // ESY lines are not the regular year's services: they leave those rules alone.
    assert!(!c.fires("svc-line-required-fields"));
    // The older single text still stands for the services when no line is written.
    let mut t = compliant();
    t.one(Block::Esy, "q_regression", "yes").one(Block::Esy, "required", "yes").one(Block::Esy, "goals", "Goal 1");
    t.one(Block::Esy, "services", "Speech 2x30 min weekly, separate room, District SLP, 2027-06-21 to 2027-07-23");
    assert!(!t.fires("esy-services-specified"));
}
rule!(esy_no_cost, "esy-no-cost-and-dispute", |c| {
    c.one(Block::Esy, "parent_informed", "");
});
/// A reminder the team can clear: recording that the parent was told ends it; unanswered ESY is
/// not yet a decision to tell anyone about.
#[test]
fn esy_no_cost_reminder_is_cleared_by_telling_the_parent() {
    let mut c = compliant();
    c.one(Block::Esy, "parent_informed", "");
    let f = c.findings().into_iter().find(|f| f.rule == "esy-no-cost-and-dispute").expect("fires");
    assert_eq!((f.severity, f.target.block, f.target.field), (Severity::Info, Some(Block::Esy), Some("parent_informed")));
    c.one(Block::Esy, "required", "");
    assert!(!c.fires("esy-no-cost-and-dispute"));
}

// ----- transition and transfer of rights -------------------------------------------------------
rule!(tr_required, "transition-plan-required-at-16", |c| {
    for k in ["education_goal", "employment_goal", "independent_living_goal"] {
        c.one(Block::TransitionPlan, k, "");
    }
});
#[test]
fn transition_plan_not_required_at_14() {
    let mut c = compliant();
    c.student("dob", "2012-06-01");
    c.clear(Block::TransitionPlan);
    assert!(!c.fires("transition-plan-required-at-16"));
    // turns 16 before this IEP ends (2027-11-19): required
    c.student("dob", "2011-11-19");
    assert!(c.fires("transition-plan-required-at-16"));
    c.student("dob", "2011-11-20");
    assert!(!c.fires("transition-plan-required-at-16"), "turns 16 the day after the IEP ends");
}
rule!(tr_education, "transition-pg-education-training", |c| {
    c.one(Block::TransitionPlan, "education_goal", "College");
});
rule!(tr_employment, "transition-pg-employment", |c| {
    c.one(Block::TransitionPlan, "employment_goal", "");
});
rule!(tr_living, "transition-pg-independent-living", |c| {
    c.one(Block::TransitionPlan, "independent_living_goal", "");
});
rule!(tr_assessment, "transition-assessment-based", |c| {
    c.one(Block::TransitionPlan, "assessments", "");
});
rule!(tr_services, "transition-services-specified", |c| {
    c.set(Block::TransitionServices, 0, "agency", "");
});
#[test]
fn each_required_postsecondary_goal_has_its_transition_service_once_lines_name_their_goal() {
    let mut c = compliant();
    // A line that names its goal, and none for the employment goal: one finding, at the list.
    c.set(Block::TransitionServices, 0, "postsecondary_goal", "Education/training");
    assert_eq!(only(&c, "transition-services-specified"), (Severity::Error, Some(Block::TransitionServices), None, None));
    let f = c.findings().into_iter().find(|f| f.rule == "transition-services-specified").unwrap();
    assert!(f.detail.contains("employment goal"), "{}", f.detail);
    c.push(Block::TransitionServices, &[("postsecondary_goal", "Employment"), ("service", "Work experience"), ("linked_goal", "Goal 2: Vocational"), ("agency", "Workability")]);
    assert!(!c.fires("transition-services-specified"));
    // A line that ends before it starts is at its end date.
    c.set(Block::TransitionServices, 1, "start", "2027-01-10").set(Block::TransitionServices, 1, "end", "2026-12-01");
    assert_eq!(only(&c, "transition-services-specified"), (Severity::Error, Some(Block::TransitionServices), Some(1), Some("end")));
    // The form's blanks (frequency, duration, location) are not required by 7.11.C.
    c.set(Block::TransitionServices, 1, "end", "2027-06-10");
    assert!(!c.fires("transition-services-specified"));
}
#[test]
fn the_transfer_of_rights_statement_unsigned_by_the_student_and_a_conservator_without_a_name() {
    let mut c = compliant();
    c.one(Block::TransitionPlan, "tor_student_signed", "no");
    assert_eq!(only(&c, "tor-notice-by-17"), (Severity::Error, Some(Block::TransitionPlan), None, Some("tor_student_signed")));
    c.one(Block::TransitionPlan, "tor_student_signed", "yes");
    assert!(!c.fires("tor-notice-by-17"));
    // An adult with a conservator: the conservator is named on IEP 6D.
    let mut a = compliant();
    a.student("dob", "2007-05-01").student("rights_holder", "Conservator");
    a.one(Block::TransitionPlan, "rights_status", "18 or over: adult with a conservator");
    assert_eq!(only(&a, "tor-educational-rights-status"), (Severity::Error, Some(Block::TransitionPlan), None, Some("conservator")));
    a.one(Block::TransitionPlan, "conservator", "Rowan Sample (fictional), 555-0100, 1 Example Way");
    assert!(!a.fires("tor-educational-rights-status"));
}
rule!(tr_course, "transition-course-of-study", |c| {
    c.one(Block::TransitionPlan, "course_of_study", "");
});
rule!(tr_link, "transition-annual-goal-link", |c| {
    c.set(Block::TransitionServices, 0, "linked_goal", "");
});
rule!(tr_preferences, "transition-student-preferences", |c| {
    c.one(Block::TransitionPlan, "student_preferences", "");
});
rule!(tr_agency_absent, "transition-agency-rep-absent", |c| {
    c.without_role("Agency representative");
});
rule!(tr_graduation, "transition-graduation-plan", |c| {
    c.one(Block::TransitionPlan, "anticipated_completion", "");
});
#[test]
fn a_graduation_plan_for_a_grade_8_student_is_on_iep_7b() {
    let mut c = compliant();
    c.student("grade", "8").student("dob", "2013-02-01");
    c.clear(Block::TransitionPlan).clear(Block::TransitionServices);
    assert_eq!(only(&c, "transition-graduation-plan"), (Severity::Warning, Some(Block::Placement), None, Some("graduation_track")));
    c.one(Block::Placement, "graduation_track", "Diploma").one(Block::Placement, "graduation_date", "2031-06-05");
    assert!(!c.fires("transition-graduation-plan"));
    assert!(c.meeting.field_shown(Block::Placement, "graduation_date", None, &c.student));
    c.student("grade", "6");
    assert!(!c.meeting.field_shown(Block::Placement, "graduation_date", None, &c.student), "not asked below grade 8");
}
rule!(tor_17, "tor-notice-by-17", |c| {
    c.one(Block::TransitionPlan, "transfer_of_rights_given", "");
});
#[test]
fn tor_applies_from_the_iep_in_which_the_student_turns_17() {
    let mut c = compliant();
    c.one(Block::TransitionPlan, "transfer_of_rights_given", "");
    c.student("dob", "2010-11-19"); // 17 on 2027-11-19, the IEP's last day
    assert!(c.fires("tor-notice-by-17"));
    c.student("dob", "2010-11-21"); // 17 after the IEP ends
    assert!(!c.fires("tor-notice-by-17"));
    // leap-day birthday: 17 on 2027-03-01
    c.student("dob", "2010-02-28");
    assert!(c.fires("tor-notice-by-17"));
}
rule!(tor_both, "tor-notify-student-and-parents", |c| {
    c.one(Block::TransitionPlan, "transfer_of_rights_parent", "");
});
rule!(tor_status, "tor-educational-rights-status", |c| {
    c.one(Block::TransitionPlan, "rights_status", "18 or over: rights transferred to the adult student");
});
fn adult(c: &mut Case) {
    c.student("dob", "2008-01-15").student("rights_holder", "Adult student");
    c.one(Block::TransitionPlan, "rights_status", "18 or over: rights transferred to the adult student");
}
rule!(tor_adult, "tor-adult-student-is-decision-maker", quiet: adult, |c| {
    c.meeting.block_mut(Block::Signatures).remove(1);
});
rule!(tor_surrogate, "tor-surrogate-at-majority", |c| {
    c.student("dob", "2008-01-15").student("rights_holder", "Surrogate parent");
});

// ----- consent -------------------------------------------------------------------------------
rule!(consent_initial, "consent-initial-services-written-informed", quiet: |c| {
    c.meeting.mtype = MeetingType::Initial;
}, |c| {
    c.one(Block::Consent, "choice", "Do not agree to the IEP");
});
rule!(consent_eligibility, "consent-eligibility-choice", quiet: triennial, |c| {
    c.one(Block::Consent, "eligibility_agreement", "");
});
rule!(consent_choice, "consent-iep-choice", |c| {
    c.one(Block::Consent, "choice", "");
});
rule!(consent_exceptions, "consent-partial-exceptions", |c| {
    c.one(Block::Consent, "choice", "Agree except for the items listed");
});
rule!(consent_no_impl, "consent-no-implementation-without-signature", |c| {
    c.meeting.block_mut(Block::Signatures).remove(0);
});
rule!(consent_rights_holder, "consent-signature-by-rights-holder", |c| {
    c.set(Block::Signatures, 0, "signed_on", "");
});
rule!(consent_participants, "consent-participant-signatures", |c| {
    c.meeting.block_mut(Block::Signatures).remove(2);
});
rule!(consent_ack, "consent-acknowledgements", |c| {
    c.one(Block::Consent, "safeguards_received", "no");
});
rule!(consent_amendment, "consent-amendment-without-meeting", quiet: |c| {
    c.meeting.mtype = MeetingType::Amendment;
    c.clear(Block::Attendees);
}, |c| {
    c.meeting.block_mut(Block::Signatures).retain(|i| i.record.as_record().get("role") != "LEA representative");
});

// ----- case-level data: transfers, Part C, surrogates, private schools, SCIA, ERMHS, PWN ---------
fn pwn(c: &mut Case) {
    for (k, v) in [
        ("pwn_action", "Offer of special education and related services as written in this IEP."),
        ("pwn_reasons", "Eligible as a student with a speech or language impairment."),
        ("pwn_evaluations", "2026 speech-language assessment; teacher reports; parent input."),
        ("pwn_safeguards", "yes"),
        ("pwn_assistance", "yes"),
        ("pwn_options_rejected", "General education only: rejected, needs exceed it."),
        ("pwn_other_factors", "None."),
    ] {
        c.one(Block::Consent, k, v);
    }
}
rule!(partc_invite, "notice-partC-invitation", quiet: |c: &mut Case| {
    initial(c);
    c.student("prior_ifsp", "yes");
    c.one(Block::Notice, "partc_option_told", "yes").one(Block::Notice, "partc_invite_requested", "yes").one(Block::Notice, "partc_invited", "yes");
}, |c| {
    c.one(Block::Notice, "partc_invited", "no");
});
#[test]
fn partc_option_not_told_is_a_warning() {
    let mut c = compliant();
    initial(&mut c);
    c.student("prior_ifsp", "yes");
    let f = c.findings().into_iter().find(|f| f.rule == "notice-partC-invitation").unwrap();
    assert_eq!(f.severity, Severity::Warning);
}
rule!(members_notified, "notice-team-members-notified", |c| {
    c.set(Block::Attendees, 2, "notified", "");
});
fn interdistrict_student(c: &mut Case) {
    c.student("district_of_residence", "Example Elementary SD").student("district_of_attendance", "Sample Union HSD");
    c.one(Block::Notice, "dor_notified", "2026-11-02");
}
rule!(dor_notice, "notice-dor-notified-interdistrict", quiet: interdistrict_student, |c| {
    c.one(Block::Notice, "dor_notified", "");
});
rule!(dor_rep_scia, "team-dor-rep-when-involved", quiet: |c: &mut Case| {
    interdistrict_student(c);
    c.one(Block::Placement, "scia", "Instructional").one(Block::Placement, "scia_need", "Needs 1:1 support for lab safety.").one(Block::Placement, "scia_supports_documented", "yes");
    c.set(Block::Attendees, 4, "qualifications", "Authority to commit LEA resources; District of residence administrator/designee");
}, |c| {
    c.set(Block::Attendees, 4, "qualifications", LEA_QUALS);
});
rule!(dor_rep_nps, "team-dor-rep-when-involved", quiet: |c: &mut Case| {
    interdistrict_student(c);
    c.one(Block::Placement, "placement_type", "County office / regional program");
}, |c| {
    c.one(Block::Notice, "dor_notified", "");
});
rule!(nps_staff, "team-nps-staff", quiet: |c: &mut Case| {
    nps(c);
    c.set(Block::Attendees, 3, "qualifications", "Teacher of this student; Can interpret instructional implications of assessment results; NPS special education teacher");
}, |c| {
    c.set(Block::Attendees, 3, "qualifications", "Teacher of this student");
});
rule!(transport_staff, "team-transportation-staff", quiet: |c: &mut Case| {
    c.one(Block::Placement, "transport_equipment", "yes");
    c.set(Block::Attendees, 5, "qualifications", "Transportation staff");
}, |c| {
    c.set(Block::Attendees, 5, "qualifications", "");
});
rule!(surrogate_forms, "surrogate-appointment-documented", quiet: |c: &mut Case| {
    c.student("rights_holder", "Surrogate parent").student("surrogate_appointed", "2026-09-01").student("surrogate_accepted", "2026-09-03");
}, |c| {
    c.student("surrogate_accepted", "");
});
rule!(goal_lack_of_progress, "goal-lack-of-progress-addressed", quiet: |c: &mut Case| {
    c.one(Block::PresentSummary, "progress_insufficient", "yes").one(Block::PresentSummary, "progress_response", "Goal 1 rewritten with visual supports; speech minutes increased.");
}, |c| {
    c.one(Block::PresentSummary, "progress_response", "");
});
fn home_hospital(c: &mut Case) {
    c.one(Block::Placement, "home_hospital_basis", "Physician verification: recovery from surgery, 6 weeks.");
    c.push(Block::Services, &[("service", "Home/hospital instruction"), ("need", "Expressive language"), ("provider", "Home teacher"), ("location", "Home"), ("delivery", "Individual"), ("sessions", "5"), ("period", "weekly"), ("duration", "60"), ("start", "2026-11-23"), ("end", "2027-01-08")]);
}
rule!(svc_home_hospital, "svc-home-hospital", quiet: home_hospital, |c| {
    c.one(Block::Placement, "home_hospital_basis", "");
});
rule!(svc_home_hospital_amount, "svc-home-hospital", quiet: home_hospital, |c| {
    let n = c.meeting.block(Block::Services).len();
    c.set(Block::Services, n - 1, "sessions", "");
});
fn scia_behavioral(c: &mut Case) {
    bip(c);
    c.one(Block::Placement, "scia", "Behavioral").one(Block::Placement, "scia_need", "Elopement data: 3 a day.").one(Block::Placement, "scia_fading_goals", "yes");
    c.one(Block::Placement, "scia_last_review", "2026-08-20");
}
rule!(svc_scia, "svc-scia-documentation", quiet: scia_behavioral, |c| {
    c.one(Block::Placement, "scia_fading_goals", "no");
});
rule!(svc_scia_sphc, "svc-scia-documentation", quiet: |c: &mut Case| {
    c.one(Block::Placement, "scia", "Specialized physical health care (SPHC)").one(Block::Placement, "scia_need", "Tube feeding twice a day.").one(Block::Placement, "scia_health_plan", "2026-09-01");
}, |c| {
    c.one(Block::Placement, "scia_health_plan", "");
});
rule!(tl_scia_review, "tl-scia-six-month-review", quiet: scia_behavioral, |c| {
    c.one(Block::Placement, "scia_last_review", "2026-05-01");
});
fn ermhs(c: &mut Case) {
    c.student("secondary_disability", "Emotional disturbance");
    c.one(Block::Placement, "ermhs_data_basis", "Counseling and BIP for a year; FBA 2026; BASC-3 ratings.");
    c.push(Block::Services, &[("service", "Educationally related mental health services (ERMHS)"), ("need", "Expressive language"), ("provider", "School psychologist"), ("location", "Separate room"), ("delivery", "Individual"), ("sessions", "1"), ("period", "weekly"), ("duration", "45"), ("start", "2026-11-23"), ("end", "2027-11-19")]);
}
rule!(svc_ermhs, "svc-ermhs-documentation", quiet: ermhs, |c| {
    c.one(Block::Placement, "ermhs_data_basis", "");
});
rule!(svc_ermhs_not_ed, "svc-ermhs-documentation", quiet: ermhs, |c| {
    c.student("secondary_disability", "");
});
rule!(svc_personnel_support, "svc-supports-for-personnel", quiet: |c: &mut Case| {
    c.push(Block::Services, &[("service", "Support for school personnel"), ("provider", "AT specialist"), ("location", "General education classroom"), ("sessions", "1"), ("period", "monthly"), ("duration", "30"), ("start", "2026-11-23"), ("end", "2027-11-19")]);
}, |c| {
    let n = c.meeting.block(Block::Services).len();
    c.set(Block::Services, n - 1, "end", "");
});
rule!(assess_alt_criteria, "assess-alternate-criteria-not-improper-basis", quiet: |c: &mut Case| {
    c.one(Block::Assessments, "participation", "Alternate assessment (CAA)").one(Block::Assessments, "alternate_justification", "Significant cognitive disability");
    let all = crate::domain::refdata::RefData::shared().list("alternate_criteria").join("; ");
    c.one(Block::Assessments, "alternate_criteria", &all);
}, |c| {
    c.one(Block::Assessments, "alternate_criteria", "Not based on absences");
});
rule!(assess_variation, "assess-testing-variation-consistency", |c| {
    c.one(Block::Assessments, "testing_accommodations", "Extended time\nSeparate setting");
});
rule!(acc_related, "acc-instructional-related-to-disability", |c| {
    c.one(Block::Assessments, "accommodation_needs", "");
});
rule!(acc_modifications, "acc-modifications-consequences-explained", quiet: |c: &mut Case| {
    c.one(Block::Assessments, "modifications", "yes").one(Block::Assessments, "modification_consequences", "yes");
}, |c| {
    c.one(Block::Assessments, "modification_consequences", "");
});
rule!(acc_preschool, "acc-preschool-strategies", quiet: |c: &mut Case| {
    c.student("grade", "Preschool");
    c.one(Block::Assessments, "preschool_strategies", "Visual schedule; first-then board.").one(Block::Assessments, "drdp_adaptations", "no");
}, |c| {
    c.one(Block::Assessments, "drdp_adaptations", "");
});
rule!(acc_universal_tools, "acc-universal-tools-deactivation", |c| {
    c.one(Block::Assessments, "universal_tools_reviewed", "");
});
rule!(transition_checklist, "transition-regulations-checklist", |c| {
    c.one(Block::TransitionPlan, "regulations_checklist", "1. Measurable postsecondary goals");
});
#[test]
fn transition_checklist_item_8_only_when_an_agency_is_invited() {
    let mut c = compliant();
    let seven: Vec<String> = crate::domain::refdata::RefData::shared().list("transition_regulations")[..7].to_vec();
    c.one(Block::TransitionPlan, "regulations_checklist", &seven.join("; "));
    assert!(c.fires("transition-regulations-checklist"), "agency invited: item 8 applies");
    c.one(Block::TransitionPlan, "agency_invited", "no");
    assert!(!c.fires("transition-regulations-checklist"));
}
rule!(transition_first, "transition-discuss-first", |c| {
    c.one(Block::TransitionPlan, "discussed_first", "");
});
fn graduating(c: &mut Case) {
    c.one(Block::PresentSummary, "exit_reason", "Graduated with a regular diploma");
    c.one(Block::TransitionPlan, "sop_provided", "2026-11-20");
    pwn(c);
    c.one(Block::Consent, "pwn_issued", "2026-11-20");
}
rule!(transition_grad_pwn, "transition-graduation-pwn", quiet: graduating, |c| {
    c.one(Block::Consent, "pwn_issued", "");
});
rule!(transition_sop, "transition-summary-of-performance", quiet: graduating, |c| {
    c.one(Block::TransitionPlan, "sop_provided", "").one(Block::TransitionPlan, "anticipated_completion", "");
});
/// 7.11.E: the Summary of Performance is due when the student leaves, not at the IEP months before.
#[test]
fn the_summary_of_performance_is_due_when_the_student_leaves() {
    let mut c = compliant();
    graduating(&mut c);
    c.one(Block::TransitionPlan, "sop_provided", "");
    assert!(!c.fires("transition-summary-of-performance"), "leaves 2027-06-03; today 2026-11-22");
    c.today = d("2027-06-04");
    assert_eq!(only(&c, "transition-summary-of-performance"), (Severity::Error, Some(Block::TransitionPlan), None, Some("sop_provided")));
}
rule!(transition_to_gened, "transition-special-class-to-gened", quiet: |c: &mut Case| {
    c.one(Block::TransitionPlan, "program_change", "To the neighborhood school");
    c.one(Block::TransitionPlan, "integration_activities", "Science and art daily, 90 minutes.").one(Block::TransitionPlan, "support_activities", "Visit in January; peer buddy.");
    c.one(Block::TransitionPlan, "change_timeline", "Move in February 2027");
}, |c| {
    c.one(Block::TransitionPlan, "change_timeline", "");
});
fn to_kindergarten(c: &mut Case) {
    c.student("dob", "2021-06-01").student("grade", "Preschool");
    c.one(Block::TransitionPlan, "program_change", "Preschool to kindergarten or first grade");
    c.one(Block::TransitionPlan, "change_reassessed", "yes").one(Block::TransitionPlan, "monitoring", "Monthly check-in by the SLP with the kindergarten teacher.");
}
rule!(transition_pre_k, "transition-preschool-to-k", quiet: to_kindergarten, |c| {
    c.one(Block::TransitionPlan, "monitoring", "");
});
rule!(tl_pre_k, "tl-preschool-to-k-reassessment", quiet: to_kindergarten, |c| {
    c.one(Block::TransitionPlan, "change_reassessed", "no");
});
rule!(medi_cal, "consent-medi-cal-separate", quiet: |c: &mut Case| {
    c.one(Block::Consent, "medi_cal_billing", "yes").one(Block::Consent, "medi_cal_separate", "2026-11-20");
}, |c| {
    c.one(Block::Consent, "medi_cal_separate", "");
});
rule!(reeval_measures, "consent-reevaluation-reasonable-measures", quiet: |c: &mut Case| {
    c.student("reassessment_plan_sent", "2026-10-01").student("reassessment_consent_attempts", "2026-10-10 phone\n2026-10-20 letter");
}, |c| {
    c.student("reassessment_consent_attempts", "");
});
rule!(pwn_elements, "pwn-on-proposal-or-refusal", quiet: |c: &mut Case| {
    c.one(Block::PresentSummary, "eligible", "no").one(Block::PresentSummary, "evaluation_results", "Scores within the average range.");
    pwn(c);
}, |c| {
    c.one(Block::Consent, "pwn_options_rejected", "");
});
rule!(private_fape, "consent-private-school-fape-offer", quiet: |c: &mut Case| {
    c.student("private_school", "yes").student("private_certification", "2026-09-01").student("services_plan_reviewed", "2026-06-01");
}, |c| {
    c.student("private_certification", "");
});
rule!(private_fape_offer, "consent-private-school-fape-offer", quiet: |c: &mut Case| {
    c.student("private_school", "yes").student("private_iep_requested", "yes").student("services_plan_reviewed", "2026-06-01");
}, |c| {
    c.meeting.mtype = MeetingType::Amendment;
});
rule!(tl_private_reviews, "tl-private-school-student-reviews", quiet: |c: &mut Case| {
    c.student("private_school", "yes").student("private_certification", "2026-09-01").student("services_plan_reviewed", "2026-06-01");
}, |c| {
    c.student("services_plan_reviewed", "2025-06-01");
});
rule!(tl_same_selpa, "tl-transfer-same-selpa", quiet: |c: &mut Case| {
    c.student("transfer_kind", "Within the SELPA").student("transfer_enrolled", "2026-10-01").student("comparable_services", "yes");
}, |c| {
    c.student("comparable_services", "");
});
rule!(tl_out_of_state, "tl-transfer-out-of-state", quiet: |c: &mut Case| {
    c.student("transfer_kind", "Out of state").student("transfer_enrolled", "2026-10-01").student("comparable_services", "yes");
}, |c| {
    c.student("comparable_services", "no");
});
rule!(tl_nps_transfer, "tl-nps-transfer-review-15-working-days", quiet: |c: &mut Case| {
    nps(c);
    c.student("transfer_kind", "Within the SELPA").student("transfer_enrolled", "2026-10-20").student("comparable_services", "yes").student("transfer_records_received", "2026-11-02");
}, |c| {
    c.student("transfer_records_received", "2026-10-01");
});
fn from_early_start(c: &mut Case) {
    initial(c);
    c.student("dob", "2023-12-15").student("grade", "Preschool").student("prior_ifsp", "yes").student("transition_ifsp_date", "2026-08-01");
}
rule!(tl_third, "tl-third-birthday", quiet: from_early_start, |c| {
    c.student("dob", "2023-11-01");
});
rule!(tl_third_ifsp, "tl-third-birthday", quiet: from_early_start, |c| {
    c.student("transition_ifsp_date", "2026-10-01");
});
rule!(tl_19_22, "tl-age-19-22-eligibility", quiet: |c: &mut Case| {
    c.student("dob", "2007-01-10").student("eligible_before_19", "yes").student("course_completed", "no");
}, |c| {
    c.student("course_completed", "yes");
});
rule!(tl_iee, "tl-iee-response", quiet: |c: &mut Case| {
    c.student("iee_request_date", "2026-10-01").student("iee_response_date", "2026-10-08");
}, |c| {
    c.student("iee_response_date", "");
});
rule!(tl_records, "tl-records-transfer-5-working-days", quiet: |c: &mut Case| {
    c.student("transfer_records_requested", "2026-11-02").student("transfer_records_received", "2026-11-06");
}, |c| {
    c.student("transfer_records_received", "");
});
rule!(revocation_written, "consent-revocation-written-pwn", quiet: |c: &mut Case| {
    c.one(Block::PresentSummary, "exit_reason", "Parent revoked consent for services");
    c.one(Block::Consent, "revocation_received", "2026-11-10");
    pwn(c);
    c.one(Block::Consent, "pwn_issued", "2026-11-12");
    c.clear(Block::Services);
}, |c| {
    c.one(Block::Consent, "pwn_issued", "");
});
rule!(revocation_in_writing, "consent-revocation-written-pwn", quiet: |c: &mut Case| {
    c.one(Block::PresentSummary, "exit_reason", "Parent revoked consent for services");
    c.one(Block::Consent, "revocation_received", "2026-11-10");
    pwn(c);
    c.one(Block::Consent, "pwn_issued", "2026-11-12");
    c.clear(Block::Services);
}, |c| {
    c.one(Block::Consent, "revocation_received", "");
});
/// 4.5: after a written revocation services end; one that goes on is named, on its end date.
#[test]
fn services_after_a_written_revocation_are_named() {
    let mut c = compliant();
    c.one(Block::Consent, "revocation_received", "2026-11-10");
    pwn(&mut c);
    c.one(Block::Consent, "pwn_issued", "2026-11-12");
    let f: Vec<_> = c.findings().into_iter().filter(|f| f.rule == "consent-revocation-written-pwn").collect();
    assert!(!f.is_empty());
    assert!(f.iter().all(|f| f.severity == Severity::Error && f.target.block == Some(Block::Services) && f.target.field == Some("end")), "{f:#?}");
}

rule!(tl_consolidate, "tl-consolidate-meetings", |c| {
    c.student("last_assessment_date", "2023-12-20");
});

// ----- behavior plans and emergencies (rules/behavior.rs), more special factors -----------------
fn bip(c: &mut Case) {
    c.one(Block::SpecialFactors, "behavior_impedes", "yes").one(Block::SpecialFactors, "behavior_plan", "yes");
    for (k, v) in [
        ("problem_behavior", "Leaves the classroom without permission 3 times a day."),
        ("antecedents", "Independent writing tasks; ends with adult redirection."),
        ("frequency", "3 times a day, 10 minutes each"),
        ("function", "Escape from writing demands"),
        ("replacement_behavior", "Asks for a break card."),
        ("interventions", "Chunked tasks, break card taught daily, praise for requests. No restraint or seclusion."),
        ("safety_strategy", "Adult follows at a distance and calls the office."),
        ("review_dates", "2027-01-15, 2027-03-15"),
        ("communication_plan", "Daily note home; weekly call."),
        ("designer_qualification", "PPS credential (counseling or school psychology)"),
        ("unqualified_implementers", "yes"),
        ("supervision", "Weekly observation and feedback by the school psychologist."),
        ("effective", "yes"),
    ] {
        c.one(Block::BehaviorPlan, k, v);
    }
}
rule!(sf_bip_content, "sf-bip-content", quiet: bip, |c| {
    c.one(Block::BehaviorPlan, "function", "");
});
rule!(sf_bip_designer, "sf-bip-personnel-supervision", quiet: bip, |c| {
    c.one(Block::BehaviorPlan, "designer_qualification", "None of these");
});
rule!(sf_bip_supervision, "sf-bip-personnel-supervision", quiet: bip, |c| {
    c.one(Block::BehaviorPlan, "supervision", "");
});
rule!(sf_bip_ineffective, "sf-bip-ineffective-reconvene", quiet: bip, |c| {
    c.one(Block::BehaviorPlan, "effective", "no");
});
#[test]
fn an_ineffective_plan_revised_at_the_meeting_is_fine() {
    let mut c = compliant();
    bip(&mut c);
    c.one(Block::BehaviorPlan, "effective", "no").one(Block::BehaviorPlan, "revised", "yes");
    assert!(!c.fires("sf-bip-ineffective-reconvene"));
}
rule!(sf_bip_prohibited, "sf-bip-no-prohibited-interventions", quiet: bip, |c| {
    c.one(Block::BehaviorPlan, "safety_strategy", "Two-person prone restraint when he runs.");
});
/// 14.24 as phrases and variants, not one word: each is found, on the field that names it.
#[test]
fn prohibited_interventions_are_found_as_people_write_them() {
    for (field, text) in [
        ("safety_strategy", "If he bolts, hold him face down with his hands held behind the back."),
        ("interventions", "Lunch withheld until the work is done."),
        ("replacement_behavior", "Staff will withhold her snack after each refusal."),
    ] {
        let mut c = compliant();
        bip(&mut c);
        c.one(Block::BehaviorPlan, field, text);
        let f = c.findings().into_iter().find(|f| f.rule == "sf-bip-no-prohibited-interventions").unwrap_or_else(|| panic!("{text}"));
        assert_eq!((f.severity, f.target.block, f.target.field), (Severity::Error, Some(Block::BehaviorPlan), Some(field)), "{text}");
        assert!(f.detail.contains("14.24 item"), "{}", f.detail);
    }
}
#[test]
fn prohibited_words_in_a_negation_are_not_a_plan() {
    let mut c = compliant();
    bip(&mut c);
    c.one(Block::BehaviorPlan, "interventions", "Never use seclusion; no noxious sprays; planned ignoring.");
    assert!(!c.fires("sf-bip-no-prohibited-interventions"));
    c.one(Block::BehaviorPlan, "interventions", "Planned ignoring; seclusion room for 10 minutes.");
    assert!(c.fires("sf-bip-no-prohibited-interventions"));
}
fn ber(c: &mut Case) {
    // a behavioral emergency on Monday 2026-11-16, no BIP; notice sent the next day
    c.one(Block::SpecialFactors, "behavior_plan", "no");
    c.one(Block::BehaviorPlan, "ber_date", "2026-11-16").one(Block::BehaviorPlan, "ber_parent_notified", "2026-11-16");
    c.one(Block::Notice, "sent_date", "2026-11-17");
    c.one(Block::BehaviorPlan, "fba_decision", "FBA and interim plan").one(Block::BehaviorPlan, "fba_planned", "yes").one(Block::BehaviorPlan, "fba_plan_signed", "2026-11-20");
}
rule!(sf_ber_late, "sf-ber-no-bip-iep-within-2-days", quiet: ber, |c| {
    c.one(Block::Notice, "sent_date", "2026-11-19");
});
rule!(sf_ber_reasons, "sf-ber-no-bip-iep-within-2-days", quiet: ber, |c| {
    c.one(Block::BehaviorPlan, "fba_decision", "Neither (reasons below)");
});
rule!(sf_ber_with_bip, "sf-ber-with-bip-review", quiet: |c: &mut Case| {
    bip(c);
    c.one(Block::BehaviorPlan, "ber_date", "2026-11-16").one(Block::BehaviorPlan, "ber_parent_notified", "2026-11-16");
    c.one(Block::BehaviorPlan, "ber_new_behavior", "yes").one(Block::BehaviorPlan, "revised", "yes");
}, |c| {
    c.one(Block::BehaviorPlan, "revised", "no");
});
rule!(sf_ber_parent, "sf-ber-parent-notice", quiet: ber, |c| {
    c.one(Block::BehaviorPlan, "ber_parent_notified", "2026-11-18");
});
#[test]
fn ber_notice_after_a_weekend_is_a_warning_not_an_error() {
    let mut c = compliant();
    ber(&mut c);
    // Friday 2026-11-13: the next school day is Monday 2026-11-16
    c.one(Block::BehaviorPlan, "ber_date", "2026-11-13").one(Block::BehaviorPlan, "ber_parent_notified", "2026-11-16");
    let f: Vec<_> = c.findings().into_iter().filter(|f| f.rule == "sf-ber-parent-notice").collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Warning, "{f:?}");
    c.one(Block::BehaviorPlan, "ber_parent_notified", "2026-11-17");
    assert_eq!(c.findings().iter().find(|f| f.rule == "sf-ber-parent-notice").unwrap().severity, Severity::Error);
}
rule!(sf_fba_plan, "sf-fba-requires-assessment-plan", quiet: ber, |c| {
    c.one(Block::BehaviorPlan, "fba_plan_signed", "");
});
rule!(sf_lep_steps, "sf-lep-meeting-steps", |c| {
    c.student("english_proficiency", "EL");
});
#[test]
fn el_steps_all_done_quiet_the_reminder() {
    let mut c = compliant();
    c.student("english_proficiency", "EL");
    let all = c.meeting.block(Block::SpecialFactors).len();
    assert_eq!(all, 1);
    let steps = crate::domain::refdata::RefData::shared().list("el_meeting_steps").join("; ");
    c.one(Block::SpecialFactors, "el_steps", &steps);
    assert!(!c.fires("sf-lep-meeting-steps"));
}
rule!(sf_lep_primary, "sf-lep-primary-language-annual-reconsideration", quiet: |c: &mut Case| {
    c.one(Block::SpecialFactors, "primary_language_instruction", "yes").one(Block::SpecialFactors, "english_reconsidered", "2025-12-01");
}, |c| {
    c.one(Block::SpecialFactors, "english_reconsidered", "2025-11-01");
});
rule!(sf_at_home, "sf-at-home-use", quiet: |c: &mut Case| {
    c.one(Block::SpecialFactors, "device_at_home", "yes").one(Block::SpecialFactors, "home_use_rationale", "Speech device needed for homework and family communication.");
    c.one(Block::SpecialFactors, "home_use_agreement", "2026-11-20");
}, |c| {
    c.one(Block::SpecialFactors, "home_use_agreement", "");
});
fn li(c: &mut Case) {
    c.student("secondary_disability", "Visual impairment");
    c.one(Block::SpecialFactors, "li_materials", "yes").one(Block::SpecialFactors, "li_equipment", "video magnifier");
    c.set(Block::Goals, 1, "annual_goal", "By November 2027, Wren will complete 4 of 5 job-site tasks independently using a video magnifier, as measured by job coach checklist.");
}
rule!(sf_li_question, "sf-low-incidence-bme", quiet: li, |c| {
    c.one(Block::SpecialFactors, "li_materials", "");
});
rule!(sf_li_goal, "sf-low-incidence-bme", quiet: li, |c| {
    c.set(Block::Goals, 1, "annual_goal", "By November 2027, Wren will complete 4 of 5 job-site tasks independently, as measured by job coach checklist.");
});
rule!(sf_li_designated, "sf-low-incidence-bme", quiet: li, |c| {
    c.student("secondary_disability", "");
});

// ----- eligibility evidence (rules/eligibility.rs) ----------------------------------------------
fn elig_category(c: &mut Case, category: &str) {
    triennial(c);
    let f = crate::domain::eligibility::Forms::shared().form(category, "").unwrap();
    c.student("primary_disability", category);
    c.one(Block::Eligibility, "sli_disorder", "");
    c.one(Block::Eligibility, "criteria_met", &f.options().join("; "));
    c.one(Block::Eligibility, "evidence", &f.evidence.join("; "));
}
fn drop_evidence(c: &mut Case, n: usize) {
    let e = c.meeting.eligibility();
    let kept: Vec<String> = e.evidence.iter().enumerate().filter(|(i, _)| *i != n).map(|(_, x)| x.clone()).collect();
    c.one(Block::Eligibility, "evidence", &kept.join("; "));
}
fn drop_criterion(c: &mut Case, prefix: &str) {
    let e = c.meeting.eligibility();
    let kept: Vec<String> = e.criteria_met.iter().filter(|x| !x.starts_with(prefix)).cloned().collect();
    c.one(Block::Eligibility, "criteria_met", &kept.join("; "));
}
rule!(team_assessors_listed, "team-assessment-personnel-for-eligibility", quiet: triennial, |c| {
    c.one(Block::Eligibility, "assessors", "");
});
rule!(team_assessors_present, "team-assessment-personnel-for-eligibility", quiet: triennial, |c| {
    c.one(Block::Eligibility, "assessors", "D. Psych\nM. Slp");
});
#[test]
fn an_assessor_excused_with_written_input_counts() {
    let mut c = compliant();
    triennial(&mut c);
    c.one(Block::Eligibility, "assessors", "D. Psych");
    assert!(c.fires("team-assessment-personnel-for-eligibility"));
    c.push(Block::Excusals, &[("member", "D. Psych"), ("role", "Related-service provider"), ("written_input_received", "2026-11-18"), ("parent_agreement", "2026-11-18"), ("lea_agreement", "2026-11-18")]);
    assert!(!c.fires("team-assessment-personnel-for-eligibility"));
}
rule!(elig_single_measure, "elig-team-decision-no-single-measure", quiet: triennial, |c| {
    c.one(Block::Eligibility, "sources", "Standardized tests");
});
rule!(elig_exclusionary, "elig-exclusionary-factors-documented", quiet: triennial, |c| {
    c.one(Block::Eligibility, "exclusionary_ruled_out", "");
});
rule!(elig_all_areas, "elig-all-areas-assessed", quiet: triennial, |c| {
    c.one(Block::Eligibility, "suspected_areas", "Language/speech/communication; Motor development");
});
rule!(elig_dd, "elig-no-developmental-delay-3plus", quiet: |c: &mut Case| {
    triennial(c);
    c.student("dob", "2024-06-01").student("grade", "Infant");
    c.one(Block::Eligibility, "category", "Developmental delay");
}, |c| {
    c.student("dob", "2022-06-01");
});
rule!(elig_emd, "elig-emd-age-range", quiet: |c: &mut Case| {
    c.student("dob", "2022-06-01").student("grade", "Preschool").student("primary_disability", "Established medical disability");
}, |c| {
    c.student("dob", "2019-06-01").student("grade", "1");
});
rule!(elig_diagnosis, "elig-diagnosis-not-sufficient", quiet: |c: &mut Case| {
    triennial(c);
    c.one(Block::Eligibility, "basis", "Outside diagnosis of ADHD considered with two language tests and observations.");
}, |c| {
    drop_criterion(c, "LANG 1");
});
rule!(elig_criteria_form, "elig-criteria-form-complete", quiet: triennial, |c| {
    drop_criterion(c, "LANG 2");
});
rule!(elig_criteria_sli_form, "elig-criteria-form-complete", quiet: triennial, |c| {
    c.one(Block::Eligibility, "sli_disorder", "");
});
rule!(elig_criteria_ed_group, "elig-criteria-form-complete", quiet: |c: &mut Case| elig_category(c, "Emotional disturbance"), |c| {
    drop_criterion(c, "ED ");
    c.one(Block::Eligibility, "criteria_met", "ED 1. Exhibited over a long period of time; ED 2. Exhibited to a marked degree; ED 3. Adversely affects educational performance; ED 4. Needs special education and related services");
});
rule!(elig_autism, "elig-autism-evidence", quiet: |c: &mut Case| elig_category(c, "Autism"), |c| drop_evidence(c, 1));
rule!(elig_autism_not_ed, "elig-autism-evidence", quiet: |c: &mut Case| elig_category(c, "Autism"), |c| drop_criterion(c, "AUT 3"));
rule!(elig_db, "elig-db-evidence", quiet: |c: &mut Case| elig_category(c, "Deaf-blindness"), |c| drop_evidence(c, 0));
rule!(elig_deaf, "elig-deaf-hi-evidence", quiet: |c: &mut Case| elig_category(c, "Deafness"), |c| drop_evidence(c, 1));
rule!(elig_hi_not_deaf, "elig-deaf-hi-evidence", quiet: |c: &mut Case| elig_category(c, "Hard of hearing"), |c| drop_criterion(c, "HI 3"));
rule!(elig_id, "elig-id-evidence", quiet: |c: &mut Case| elig_category(c, "Intellectual disability"), |c| drop_evidence(c, 3));
fn multiple(c: &mut Case) {
    elig_category(c, "Multiple disabilities");
    c.one(Block::Eligibility, "md_impairments", "Intellectual disability; Orthopedic impairment");
}
rule!(elig_md, "elig-md-evidence", quiet: multiple, |c| drop_evidence(c, 0));
rule!(elig_md_one, "elig-md-evidence", quiet: multiple, |c| {
    c.one(Block::Eligibility, "md_impairments", "Orthopedic impairment");
});
rule!(elig_md_db, "elig-md-evidence", quiet: multiple, |c| {
    c.one(Block::Eligibility, "md_impairments", "Deafness; Visual impairment");
});
rule!(elig_oi, "elig-oi-evidence", quiet: |c: &mut Case| elig_category(c, "Orthopedic impairment"), |c| drop_evidence(c, 1));
rule!(elig_ohi, "elig-ohi-evidence", quiet: |c: &mut Case| elig_category(c, "Other health impairment"), |c| drop_evidence(c, 2));
rule!(elig_ed, "elig-ed-evidence", quiet: |c: &mut Case| elig_category(c, "Emotional disturbance"), |c| drop_evidence(c, 5));
rule!(elig_tbi, "elig-tbi-evidence", quiet: |c: &mut Case| elig_category(c, "Traumatic brain injury"), |c| drop_evidence(c, 2));
rule!(elig_vi, "elig-vi-evidence", quiet: |c: &mut Case| elig_category(c, "Visual impairment"), |c| drop_evidence(c, 1));
rule!(elig_sli, "elig-sli-evidence", quiet: triennial, |c| drop_evidence(c, 0));
rule!(elig_sli_no_form, "elig-sli-evidence", quiet: |c: &mut Case| {
    triennial(c);
    c.one(Block::Eligibility, "sli_disorder", "");
}, |c| {
    c.one(Block::Eligibility, "evidence", "Not due to unfamiliar English, culture, environment");
});
fn sld(c: &mut Case) {
    elig_category(c, "Specific learning disability");
    let f = crate::domain::eligibility::Forms::shared().form("Specific learning disability", "").unwrap();
    c.one(Block::Eligibility, "criteria_met", &[f.one_of[0].clone()].iter().chain(&f.all_of).cloned().collect::<Vec<_>>().join("; "));
    c.one(Block::Eligibility, "sld_observer", "S. Sped").one(Block::Eligibility, "sld_observation", "Off task during independent reading; on task with a partner.");
    c.one(Block::Eligibility, "sld_agree", "Pat Sample; T. Gen; S. Sped; L. Lea; A. Agency");
}
rule!(elig_sld_exclusion, "elig-sld-criteria", quiet: sld, |c| {
    c.one(Block::Eligibility, "sld_exclusions", "G. Limited school experience or poor attendance");
});
rule!(elig_sld_processing, "elig-sld-criteria", quiet: sld, |c| drop_criterion(c, "SLD II"));
rule!(elig_sld_option, "elig-sld-criteria", quiet: sld, |c| drop_criterion(c, "SLD I-A"));
rule!(elig_sld_regular_program, "elig-sld-criteria", quiet: sld, |c| drop_evidence(c, 1));
rule!(elig_sld_observation, "elig-sld-observation", quiet: sld, |c| {
    c.one(Block::Eligibility, "sld_observer", "");
});
rule!(elig_sld_observation_iv, "elig-sld-observation", quiet: sld, |c| {
    c.one(Block::Eligibility, "sld_observation", "");
});
rule!(elig_sld_cert, "elig-sld-team-certification", quiet: sld, |c| {
    c.one(Block::Eligibility, "sld_agree", "Pat Sample; T. Gen; S. Sped; L. Lea");
});
rule!(elig_sld_dissent, "elig-sld-team-certification", quiet: |c: &mut Case| {
    sld(c);
    c.one(Block::Eligibility, "sld_agree", "Pat Sample; S. Sped; L. Lea; A. Agency").one(Block::Eligibility, "sld_disagree", "T. Gen");
    c.one(Block::Eligibility, "sld_dissent_statement", "T. Gen: classroom data show adequate progress in math.");
}, |c| {
    c.one(Block::Eligibility, "sld_dissent_statement", "");
});
fn vi(c: &mut Case) {
    elig_category(c, "Visual impairment");
    c.one(Block::Eligibility, "low_incidence_assessor", "yes").one(Block::Eligibility, "low_incidence_marked", "yes");
}
rule!(elig_low_incidence, "elig-low-incidence-assessor", quiet: vi, |c| {
    c.one(Block::Eligibility, "low_incidence_assessor", "");
});
rule!(elig_low_incidence_marked, "elig-low-incidence-assessor", quiet: vi, |c| {
    c.one(Block::Eligibility, "low_incidence_marked", "no");
});
rule!(elig_larry_p, "elig-larry-p", quiet: |c: &mut Case| {
    triennial(c);
    c.student("race", "Black or African American");
}, |c| {
    c.one(Block::Eligibility, "iq_score_cited", "yes");
});
rule!(elig_larry_p_text, "elig-larry-p", quiet: |c: &mut Case| {
    triennial(c);
    c.student("race", "Black or African American");
}, |c| {
    c.one(Block::PresentSummary, "evaluation_results", "WISC-V FSIQ 78 from a private evaluation.");
});
#[test]
fn an_iq_score_is_not_larry_p_for_other_pupils() {
    let mut c = compliant();
    triennial(&mut c);
    c.one(Block::Eligibility, "iq_score_cited", "yes");
    assert!(!c.fires("elig-larry-p"));
    c.student("race", "Black or African American");
    assert!(c.fires("elig-larry-p"));
}
fn el_tested(c: &mut Case) {
    triennial(c);
    c.student("english_proficiency", "EL").student("home_language", "Tagalog");
    c.one(Block::Eligibility, "other_language_testing", "yes").one(Block::Eligibility, "validity_noted", "yes");
}
rule!(elig_el_validity, "elig-el-assessment-validity", quiet: el_tested, |c| {
    c.one(Block::Eligibility, "validity_noted", "no");
});
rule!(elig_el_translated, "elig-el-assessment-validity", quiet: el_tested, |c| {
    c.one(Block::Eligibility, "translated_scores_only", "yes");
});
rule!(elig_preschool, "elig-preschool-exclusions", quiet: |c: &mut Case| {
    triennial(c);
    c.student("dob", "2022-03-01").student("grade", "Preschool");
    c.one(Block::Eligibility, "preschool_excluded_factor", "no");
}, |c| {
    c.one(Block::Eligibility, "preschool_excluded_factor", "yes");
});
rule!(elig_exit, "elig-exit-requires-evaluation", quiet: |c: &mut Case| {
    c.one(Block::PresentSummary, "exit_reason", "Graduated with a regular diploma");
}, |c| {
    c.one(Block::PresentSummary, "exit_reason", "No longer eligible");
});
rule!(elig_reports, "elig-reports-to-parent", quiet: triennial, |c| {
    c.one(Block::Consent, "reports_received", "no");
});
rule!(elig_no_new_data, "elig-reassessment-no-new-data-notice", quiet: |c: &mut Case| {
    triennial(c);
    c.one(Block::Eligibility, "no_new_data", "yes").one(Block::Eligibility, "no_new_data_notice", "2026-10-15");
}, |c| {
    c.one(Block::Eligibility, "no_new_data_notice", "");
});
rule!(elig_504, "elig-504-only", quiet: |c: &mut Case| {
    triennial(c);
    c.one(Block::Eligibility, "section_504_suspected", "yes");
}, |c| {
    c.one(Block::PresentSummary, "eligible", "no");
});

// ----- timelines and manifestation -------------------------------------------------------------
rule!(tl_plan, "tl-assessment-plan-15-days", |c| {
    c.student("referral_date", "2026-10-01").student("assessment_plan_sent", "2026-10-30");
});
fn initial(c: &mut Case) {
    c.meeting.mtype = MeetingType::Initial;
    c.student("initial_consent_date", "2026-10-01").student("referral_date", "2026-09-15").student("assessment_plan_sent", "2026-09-20");
}
rule!(tl_60, "tl-initial-iep-60-days", quiet: initial, |c| {
    c.student("initial_consent_date", "2026-09-01");
});
#[test]
fn the_sixty_day_exceptions_of_1_4_a() {
    // Consent 2026-09-01, meeting 2026-11-20: late by the 60 days.
    let mut c = compliant();
    initial(&mut c);
    c.student("initial_consent_date", "2026-09-01");
    assert_eq!(only(&c, "tl-initial-iep-60-days"), (Severity::Error, Some(Block::Details), None, Some("date")));
    // (a) enrolled from another LEA mid-evaluation: the date agreed with the parent is the limit.
    c.student("initial_agreed_date", "2026-12-01");
    assert!(!c.fires("tl-initial-iep-60-days"));
    c.student("initial_agreed_date", "2026-11-10");
    let f = c.findings().into_iter().find(|f| f.rule == "tl-initial-iep-60-days").expect("after the agreed date");
    assert!(f.detail.contains("agreed with the parent"), "{}", f.detail);
    // (b) the parent repeatedly failed or refused to produce the child: no time limit.
    c.student("initial_agreed_date", "").student("initial_not_produced", "yes");
    assert!(!c.fires("tl-initial-iep-60-days"));
    // Case status follows: no initial deadline under (b); the agreed date under (a).
    let dues = |st: &Student| crate::timeline::due::due_dates(st, &[], &Policy::california(), Calendar::sample());
    assert!(!dues(&c.student).iter().any(|x| x.kind == crate::timeline::due::DueKind::InitialIep));
    c.student("initial_not_produced", "").student("initial_agreed_date", "2026-12-01");
    let due = dues(&c.student).into_iter().find(|x| x.kind == crate::timeline::due::DueKind::InitialIep).unwrap();
    assert_eq!(due.date, d("2026-12-01"));
    assert!(due.basis.contains("agreed"), "{}", due.basis);
}
#[test]
fn sixty_days_skip_the_winter_break() {
    let mut c = compliant();
    initial(&mut c);
    // consent 2026-11-20: 60 days would be 2027-01-19, the 12-day winter break makes it 2027-01-31
    c.student("initial_consent_date", "2026-11-20");
    c.one(Block::Details, "date", "2027-01-30");
    assert!(!c.fires("tl-initial-iep-60-days"));
    c.one(Block::Details, "date", "2027-02-01");
    assert!(c.fires("tl-initial-iep-60-days"));
    // the federal profile excludes no break
    c.policy = Policy::builtin("idea-federal").unwrap();
    c.one(Block::Details, "date", "2027-01-30");
    assert!(c.fires("tl-initial-iep-60-days"));
}
rule!(tl_parent_request, "tl-parent-request-30-days", quiet: |c| {
    c.meeting.mtype = MeetingType::ParentRequested;
    c.student("parent_request_date", "2026-11-01");
}, |c| {
    c.student("parent_request_date", "2026-10-01");
});
rule!(tl_annual, "tl-annual-review-due", |c| {
    c.student("last_iep_date", "2025-11-01");
});
rule!(tl_triennial, "tl-triennial-reassessment", |c| {
    c.student("last_assessment_date", "2023-10-01");
});
rule!(tl_interim, "tl-interim-30-days-in-state", quiet: |c| {
    c.meeting.mtype = MeetingType::Interim30Day;
    c.student("transfer_enrolled", "2026-11-01");
}, |c| {
    c.student("transfer_enrolled", "2026-10-01");
});
rule!(tl_age_22, "tl-age-22-exit-date", |c| {
    c.student("dob", "2005-08-15"); // 22 in August 2027: services may not run into the new fiscal year
});
rule!(tl_case_dates, "tl-case-dates-recorded", |c| {
    c.student.last_assessment_date = None;
});
fn md(c: &mut Case) {
    c.meeting.mtype = MeetingType::ManifestationDetermination;
    c.push(
        Block::Manifestation,
        &[
            ("decision_date", "2026-11-16"),
            ("information_reviewed", "yes"),
            ("caused_by_disability", "no"),
            ("failure_to_implement", "no"),
            ("parent_notice_date", "2026-11-16"),
            ("safeguards_date", "2026-11-16"),
            ("removal_days_ytd", "8"),
            ("longest_removal", "3"),
            ("fba_bip_planned", "yes"),
            ("services_plan", "Daily resource support and counseling continue; work sent home during removal."),
        ],
    );
}
rule!(md_10, "disc-md-within-10-school-days", quiet: md, |c| {
    c.one(Block::Manifestation, "decision_date", "2026-10-20");
});
rule!(md_people, "disc-md-participants", quiet: md, |c| {
    c.without_role("LEA representative");
});
rule!(md_review, "disc-md-review-all-information", quiet: md, |c| {
    c.one(Block::Manifestation, "information_reviewed", "no");
});
rule!(md_questions, "disc-md-two-questions", quiet: md, |c| {
    c.one(Block::Manifestation, "failure_to_implement", "");
});
rule!(md_yes, "disc-manifestation-yes-actions", quiet: md, |c| {
    c.one(Block::Manifestation, "caused_by_disability", "yes");
});
rule!(md_no_actions, "disc-manifestation-no-actions", quiet: md, |c| {
    c.one(Block::Manifestation, "services_plan", "");
});
rule!(md_notice_same_day, "disc-notice-and-safeguards-same-day", quiet: md, |c| {
    c.one(Block::Manifestation, "safeguards_date", "2026-11-18");
});
rule!(md_notice_missing, "disc-notice-and-safeguards-same-day", quiet: md, |c| {
    c.one(Block::Manifestation, "parent_notice_date", "");
});
rule!(md_fba, "disc-fba-required", quiet: md, |c| {
    c.one(Block::Manifestation, "fba_bip_planned", "no");
});
#[test]
fn an_fba_based_bip_in_place_satisfies_disc_fba_required() {
    let mut c = compliant();
    md(&mut c);
    c.one(Block::Manifestation, "fba_bip_planned", "no").one(Block::SpecialFactors, "behavior_plan", "yes");
    assert!(!c.fires("disc-fba-required"));
}
rule!(md_services_10, "disc-services-after-10-days", quiet: md, |c| {
    c.one(Block::Manifestation, "removal_days_ytd", "11").one(Block::Manifestation, "services_plan", "");
});
rule!(md_tracking_missing, "disc-removal-day-tracking", quiet: md, |c| {
    c.one(Block::Manifestation, "removal_days_ytd", "");
});
rule!(md_tracking_long, "disc-removal-day-tracking", quiet: md, |c| {
    c.one(Block::Manifestation, "longest_removal", "6");
});
rule!(md_tracking_year, "disc-removal-day-tracking", quiet: md, |c| {
    c.one(Block::Manifestation, "removal_days_ytd", "21");
});
fn iaes(c: &mut Case) {
    md(c);
    c.one(Block::Manifestation, "iaes_special", "yes").one(Block::Manifestation, "iaes_by_team", "yes").one(Block::Manifestation, "iaes_days", "45");
}
rule!(md_iaes_team, "disc-iaes-special-circumstances", quiet: iaes, |c| {
    c.one(Block::Manifestation, "iaes_by_team", "no");
});
rule!(md_iaes_45, "disc-iaes-special-circumstances", quiet: iaes, |c| {
    c.one(Block::Manifestation, "iaes_days", "46");
});
fn bus(c: &mut Case) {
    md(c);
    c.one(Block::Placement, "transportation", "yes").one(Block::Manifestation, "bus_suspended", "yes").one(Block::Manifestation, "alt_transport", "yes");
}
rule!(md_bus, "disc-bus-suspension", quiet: bus, |c| {
    c.one(Block::Manifestation, "alt_transport", "no");
});
#[test]
fn a_bus_suspension_without_transportation_in_the_iep_is_not_disc_bus_suspension() {
    let mut c = compliant();
    bus(&mut c);
    c.one(Block::Placement, "transportation", "no").one(Block::Manifestation, "alt_transport", "no");
    assert!(!c.fires("disc-bus-suspension"));
}
fn not_yet_eligible(c: &mut Case) {
    md(c);
    c.student.primary_disability.clear();
    c.student.last_iep_date = None;
}
rule!(md_knowledge, "disc-basis-of-knowledge", quiet: not_yet_eligible, |c| {
    c.one(Block::Manifestation, "basis_of_knowledge", "yes");
});
rule!(md_appeal, "disc-appeal-and-stay", quiet: md, |c| {
    c.one(Block::Manifestation, "parent_disagrees", "yes");
});
rule!(md_record, "disc-md-record-structure", quiet: md, |c| {
    c.clear(Block::Manifestation);
});
rule!(md_nps, "disc-nps-suspension-notice", quiet: md, |c| {
    c.one(Block::Manifestation, "nps_student", "yes");
});

// ----- added with the second batch of fields ---------------------------------------------------------
rule!(notice_recording_parent, "notice-audio-recording-24h", |c| {
    c.one(Block::Notice, "recording", "Parent will record").one(Block::Notice, "recording_notice", "2026-11-20");
});
#[test]
fn lea_recording_without_parent_consent_is_an_error() {
    let mut c = compliant();
    c.one(Block::Notice, "recording", "LEA will record").one(Block::Notice, "recording_parent_consent", "no");
    assert_eq!(c.findings().iter().find(|f| f.rule == "notice-audio-recording-24h").unwrap().severity, Severity::Error);
    c.one(Block::Notice, "recording", "Parent will record").one(Block::Notice, "recording_notice", "2026-11-18");
    assert!(!c.fires("notice-audio-recording-24h"), "notice given two days before");
}
rule!(notice_iee, "notice-iee-on-agenda", |c| {
    c.one(Block::PresentSummary, "iee_received", "yes");
});
rule!(svc_pe, "svc-physical-education", |c| {
    c.one(Block::Placement, "physical_education", "");
});
rule!(svc_necessity, "svc-related-service-necessity", |c| {
    c.set(Block::Services, 0, "need", "");
});
rule!(svc_slpa, "svc-slpa-specified", |c| {
    c.set(Block::Services, 0, "provider", "SLPA");
});
rule!(svc_transport, "svc-transportation-specified", |c| {
    c.one(Block::Placement, "transportation", "yes");
});
rule!(svc_agency, "svc-other-agency", |c| {
    c.student("outside_agencies", "Regional Center");
});
rule!(lre_aids, "lre-supplementary-aids-listed", |c| {
    c.one(Block::Placement, "supplementary_aids", "");
});
rule!(lre_nonacademic, "lre-nonacademic-participation", |c| {
    c.one(Block::Placement, "nonacademic", "");
});
rule!(lre_residence, "lre-school-of-residence-rationale", |c| {
    c.one(Block::Placement, "at_school_of_residence", "no");
});
rule!(assess_elpac, "assess-el-proficiency-test", |c| {
    c.student("english_proficiency", "EL");
});
rule!(esy_transport, "esy-transportation", |c| {
    c.one(Block::Esy, "required", "yes").one(Block::Placement, "transportation", "yes");
});
rule!(sf_device, "sf-statement-of-needed-device-or-service", |c| {
    c.one(Block::SpecialFactors, "device_or_service_needed", "yes");
});
rule!(sf_communication_all, "sf-communication-needs-all", |c| {
    c.one(Block::SpecialFactors, "communication_considered", "");
});
rule!(tr_updated, "transition-updated-annually", |c| {
    c.one(Block::TransitionPlan, "goals_updated", "no");
});
rule!(tr_agencies, "transition-agency-linkages", |c| {
    c.one(Block::TransitionPlan, "adult_agencies", "");
});
rule!(tor_incarcerated, "tor-incarcerated-youth", |c| {
    c.student("incarcerated", "yes");
});
rule!(consent_declined, "consent-initial-refusal-blocks-services", |c| {
    c.one(Block::Consent, "declined_services", "yes");
});
rule!(consent_ward, "consent-ward-of-state", |c| {
    c.student("ward_of_state", "yes");
});
rule!(tl_after_eligibility, "tl-initial-iep-30-days-after-eligibility", quiet: |c| {
    initial(c);
    c.student("eligibility_date", "2026-11-01");
}, |c| {
    c.student("eligibility_date", "2026-10-01");
});
rule!(tl_reassess_request, "tl-reassessment-request-15-days", quiet: |c| {
    c.student("reassess_request_date", "2026-10-01").student("reassess_response_date", "2026-10-10");
}, |c| {
    c.student("reassess_response_date", "");
});
rule!(tl_parent_15, "tl-parent-15-days-to-consent", |c| {
    c.student("assessment_plan_sent", "2026-11-10");
});

// ----- coverage and data ---------------------------------------------------------------------
#[test]
fn every_implemented_rule_has_a_test_and_is_in_the_catalog() {
    let src = include_str!("tests.rs");
    for r in registry() {
        assert!(catalog::CATALOG_IDS.contains(&r.id), "{} not in catalog", r.id);
        assert!(src.contains(&format!("\"{}\"", r.id)), "{} has no test", r.id);
    }
    let mut seen = std::collections::HashSet::new();
    for r in registry() {
        assert!(seen.insert(r.id), "{} registered twice", r.id);
    }
}

#[test]
fn rules_file_covers_the_catalog_and_refuses_unknown_ids() {
    let r = RuleSet::builtin();
    assert_eq!(r.len(), catalog::CATALOG_IDS.len());
    let bad = "[[rule]]\nid = \"made-up-rule\"\nseverity = \"ERROR\"\nphase = \"live\"\ntypes = [\"annual\"]\ncatalog_section = \"x\"\nmessage = \"m\"\ncite = \"c\"\n";
    assert!(RuleSet::parse(bad).unwrap_err().contains("unknown rule id 'made-up-rule'"));
    let bad = "[[rule]]\nid = \"goal-baseline\"\nseverity = \"FATAL\"\nphase = \"live\"\ntypes = [\"annual\"]\ncatalog_section = \"x\"\nmessage = \"m\"\ncite = \"c\"\n";
    assert!(RuleSet::parse(bad).unwrap_err().contains("FATAL"));
}

#[test]
fn a_district_can_retune_or_disable_a_rule() {
    let text = super::ruleset::RULES_TOML.replace(
        "id = \"goal-baseline\"\nseverity = \"ERROR\"",
        "id = \"goal-baseline\"\nseverity = \"WARNING\"",
    );
    let rules = RuleSet::parse(&text).unwrap();
    let mut c = compliant();
    c.set(Block::Goals, 0, "baseline", "");
    let ctx = Ctx { student: &c.student, meeting: &c.meeting, policy: &c.policy, calendar: Calendar::sample(), today: c.today, live: c.live };
    let f = evaluate(&ctx, &rules);
    assert_eq!(f.iter().find(|f| f.rule == "goal-baseline").unwrap().severity, Severity::Warning);
    let at = text.find("id = \"goal-baseline\"").unwrap();
    let end = at + text[at..].find("enabled = true").unwrap();
    let off = format!("{}enabled = false{}", &text[..end], &text[end + "enabled = true".len()..]);
    let rules = RuleSet::parse(&off).unwrap();
    assert!(!evaluate(&ctx, &rules).iter().any(|f| f.rule == "goal-baseline"));
}

/// A district's rules file over the built-in rules (`iepmeet rules --load`): what it may change,
/// and each way of getting it wrong refused with where and what to do.
#[test]
fn district_rules_change_severity_switch_and_scope_and_refuse_the_rest() {
    let ok = "name = \"Example USD\"\n\
              [[rule]]\nid = \"goal-baseline\"\nseverity = \"WARNING\"\nreason = \"Baselines come from the progress report, filed with the IEP.\"\n\
              [[rule]]\nid = \"transition-discuss-first\"\nenabled = false\n\
              [[rule]]\nid = \"goal-monitored-by\"\ntypes = [\"annual\"]\n";
    let r = RuleSet::with_district(ok).unwrap();
    let baseline = r.get("goal-baseline").unwrap();
    assert_eq!(baseline.severity, Severity::Warning);
    assert_eq!(baseline.district.as_deref(), Some("Baselines come from the progress report, filed with the IEP."));
    assert!(!r.get("transition-discuss-first").unwrap().enabled);
    assert!(r.get("goal-monitored-by").unwrap().scope.covers(MeetingType::Annual, Facts { new_iep: false, team_met: true }));
    assert!(!r.get("goal-monitored-by").unwrap().scope.covers(MeetingType::Initial, Facts { new_iep: false, team_met: true }));
    assert_eq!(r.get("goal-measurable-annual").unwrap().district, None, "unchanged rules stay as built in");
    assert_ne!(r.stamp(), RuleSet::builtin().stamp(), "a district's rules re-check stored counts");
    // The stamp opening a database compares, computed without parsing, is the same.
    assert_eq!(RuleSet::stamp_for(Some(ok)), r.stamp());
    assert_eq!(RuleSet::stamp_for(None), RuleSet::builtin().stamp());
    assert!(r.describe().contains("Example USD") && r.describe().contains("3 changes"), "{}", r.describe());
    let mut c = compliant();
    c.set(Block::Goals, 0, "baseline", "");
    let ctx = Ctx { student: &c.student, meeting: &c.meeting, policy: &c.policy, calendar: Calendar::sample(), today: c.today, live: c.live };
    assert_eq!(evaluate(&ctx, &r).iter().find(|f| f.rule == "goal-baseline").unwrap().severity, Severity::Warning);

    let refused = |text: &str, says: &str| {
        let e = RuleSet::with_district(text).unwrap_err();
        assert!(e.contains(says), "{text}\n=> {e}");
    };
    let one = |body: &str| format!("name = \"X\"\n[[rule]]\n{body}\n");
    refused(&one("id = \"made-up\"\nenabled = false"), "rule 1 ('made-up'): unknown rule id");
    // An ERROR is a "shall": lowering it, switching it off or narrowing it needs a reason.
    refused(&one("id = \"goal-baseline\"\nseverity = \"WARNING\""), "needs reason");
    refused(&one("id = \"goal-baseline\"\nenabled = false"), "needs reason");
    refused(&one("id = \"goal-baseline\"\ntypes = [\"annual\"]"), "needs reason");
    refused(&one("id = \"goal-baseline\"\nseverity = \"WARNING\"\nreason = \"  \""), "needs reason");
    refused(&one("id = \"goal-baseline\"\nseverity = \"LOW\""), "severity 'LOW'");
    refused(&one("id = \"goal-baseline\"\ntypes = [\"annual-review\"]"), "meeting type 'annual-review' is not one of");
    refused(&one("id = \"goal-baseline\"\ntypes = []"), "`types` is empty");
    refused(&one("id = \"goal-baseline\""), "changes nothing");
    refused(&one("id = \"goal-baseline\"\nmessage = \"x\""), "unknown field `message`");
    refused("name = \" \"\n", "`name` is empty");
    refused(&format!("{}[[rule]]\nid = \"goal-monitored-by\"\nenabled = false\n", one("id = \"goal-monitored-by\"\nseverity = \"INFO\"")), "changed twice");
    // Raising a rule, or widening where it applies, needs no reason.
    assert!(RuleSet::with_district(&one("id = \"goal-monitored-by\"\nseverity = \"ERROR\"")).is_ok());
}

// ----- scenarios -----------------------------------------------------------------------------
#[test]
fn scenario_initial_iep_for_a_5_year_old() {
    let mut c = compliant();
    initial(&mut c);
    eligibility_documented(&mut c);
    pwn(&mut c);
    c.student("dob", "2021-06-01").student("grade", "K").student("last_iep_date", "").student("last_assessment_date", "");
    c.one(Block::Consent, "eligibility_agreement", "Agree with eligibility determination");
    c.clear(Block::TransitionPlan).clear(Block::TransitionServices);
    c.without_role("Student").without_role("Agency representative");
    c.meeting.block_mut(Block::Signatures).retain(|i| !["Student", "Agency representative"].contains(&i.record.as_record().get("role").as_str()));
    c.one(Block::Notice, "purposes", "Assessment results; Eligibility for special education; Development or revision of the IEP");
    c.one(Block::Notice, "student_invited", "");
    c.set(Block::Goals, 0, "purposes", "Participate in general education curriculum");
    c.set(Block::Goals, 1, "purposes", "Other educational needs from the disability");
    let errors = ids(&c, Severity::Error);
    assert_eq!(errors, Vec::<String>::new(), "initial IEP for a 5-year-old");
    // no transition or transfer-of-rights rule applies to a 5-year-old
    assert!(!c.findings().iter().any(|f| f.rule.starts_with("transition-") || f.rule.starts_with("tor-")));
    // and consent for initial services is required
    c.set(Block::Signatures, 0, "signed_on", "");
    assert!(c.fires("consent-initial-services-written-informed"));
}

#[test]
fn scenario_triennial_for_an_english_learner_on_the_caa() {
    let mut c = compliant();
    triennial(&mut c);
    c.student("english_proficiency", "EL").student("home_language", "Vietnamese");
    c.one(Block::Participation, "interpreter_requested", "yes").one(Block::Participation, "interpreter_language", "Vietnamese");
    c.one(Block::Participation, "interpreter_present", "yes");
    c.one(Block::SpecialFactors, "language_needs_considered", "yes");
    c.one(Block::Assessments, "participation", "Alternate assessment (CAA)");
    c.one(Block::Assessments, "alternate_justification", "Significant cognitive disability documented in the 2026 assessment.");
    c.one(Block::Assessments, "elpac", "Alternate ELPAC");
    c.one(Block::EnglishLearner, "results_date", "2026-03-02").one(Block::EnglishLearner, "alternate_results", "Alternate ELPAC: level 2 overall");
    c.one(Block::EnglishLearner, "needs", "Primary language support").one(Block::EnglishLearner, "general_ed_setting", "Structured English Immersion");
    c.one(Block::EnglishLearner, "eld_provided_in", "Special education").one(Block::EnglishLearner, "instruction_language", "English with Vietnamese support");
    c.set(Block::Goals, 0, "purposes", "Linguistically appropriate for an English learner; Supports postsecondary goals");
    c.set(Block::Goals, 1, "objectives", "By March 2027: 3 of 5 tasks");
    assert_eq!(ids(&c, Severity::Error), Vec::<String>::new());
    assert!(c.fires("goal-culturally-appropriate"), "EL reminder shown");
    // without objectives the CAA rule fires
    c.set(Block::Goals, 1, "objectives", "");
    assert!(c.fires("goal-benchmarks-alternate-assessment"));
    // without the interpreter requested by the parent
    c.one(Block::Participation, "interpreter_present", "no");
    assert!(c.fires("parent-interpreter"));
}

#[test]
fn scenario_amendment() {
    let mut c = compliant();
    c.meeting.mtype = MeetingType::Amendment;
    c.one(Block::Esy, "required", "");
    assert_eq!(ids(&c, Severity::Error), Vec::<String>::new(), "an amendment at a meeting");
    // an amendment without a meeting: no team, no notice; the signatures carry it
    c.clear(Block::Attendees).clear(Block::Notice);
    assert_eq!(ids(&c, Severity::Error), Vec::<String>::new(), "an amendment without a meeting");
    c.clear(Block::Signatures);
    assert!(c.fires("consent-amendment-without-meeting"));
}

#[test]
fn findings_are_sorted_and_carry_citations() {
    let mut c = compliant();
    c.set(Block::Goals, 0, "baseline", "").one(Block::Notice, "student_invited", "");
    let f = c.findings();
    assert!(f.windows(2).all(|w| w[0].severity <= w[1].severity));
    let b = f.iter().find(|f| f.rule == "goal-baseline").unwrap();
    assert!(b.cite.contains("IEP 3A") || b.cite.contains('§'), "{}", b.cite);
    assert_eq!(b.target.section, Section::Goals);
    assert_eq!(b.target.item, Some(0));
    assert_eq!(b.target.field, Some("baseline"));
}

/// tests/fixtures/compliant-annual.json is this compliant meeting as a document (the CLI tests use it).
/// Regenerate with UPDATE_FIXTURES=1 after changing the fixture.
#[test]
fn compliant_fixture_document_is_current() {
    let c = compliant();
    let doc = serde_json::to_string_pretty(&crate::export::document::to_json(&c.student, &c.meeting)).unwrap() + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/compliant-annual.json");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(path, &doc).unwrap();
    }
    // Compared without printing both documents (they are long): the first line that differs.
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    if on_disk != doc {
        let n = on_disk.lines().zip(doc.lines()).position(|(a, b)| a != b).unwrap_or_else(|| on_disk.lines().count().min(doc.lines().count()));
        panic!("tests/fixtures/compliant-annual.json is stale from line {} (`{}`); run with UPDATE_FIXTURES=1 to refresh", n + 1, doc.lines().nth(n).unwrap_or("").trim());
    }
}

// ----- placement beyond general education, ESY basis and timing ----------------------------------------
const CONTINUUM: &str = "General education at the neighborhood school with supplementary aids and services; Special education services at the neighborhood campus; Holland factors: educational benefit, non-academic benefit, effect on teacher and peers, cost";
fn special_class(c: &mut Case) {
    c.one(Block::Placement, "placement_type", "Special class").one(Block::Placement, "pct_general_ed", "30");
    c.one(Block::Placement, "continuum_considered", CONTINUUM);
}
rule!(lre_continuum, "lre-continuum-considered", quiet: special_class, |c| {
    c.one(Block::Placement, "continuum_considered", "Special education services at the neighborhood campus");
});
#[test]
fn general_education_with_supports_needs_no_continuum_walk() {
    let mut c = compliant();
    c.one(Block::Placement, "placement_type", "General education with supports");
    assert!(!c.fires("lre-continuum-considered"));
    c.one(Block::Placement, "pct_general_ed", "70");
    assert!(c.fires("lre-continuum-considered"), "under 80% in general education is a more restrictive placement");
}
rule!(lre_day_length, "lre-special-class-day-length", quiet: |c: &mut Case| {
    special_class(c);
    c.one(Block::Placement, "shorter_day", "yes").one(Block::Placement, "shorter_day_reason", "Medical fatigue: the team determined 4 hours.");
}, |c| {
    c.one(Block::Placement, "shorter_day_reason", "");
});
rule!(lre_regular_time, "lre-special-class-regular-time", quiet: special_class, |c| {
    c.one(Block::Placement, "pct_general_ed", "");
});
fn nps(c: &mut Case) {
    c.one(Block::Placement, "placement_type", "Nonpublic school (NPS)").one(Block::Placement, "continuum_considered", CONTINUUM);
    c.one(Block::Placement, "public_options_sought", "District SDC; county ED program; SELPA regional program: none can implement the IEP.");
    c.one(Block::Placement, "no_public_placement", "yes").one(Block::Placement, "nps_progress_reviewed", "yes").one(Block::Placement, "nps_continued_need", "yes");
}
rule!(lre_nps_public, "lre-nps-public-first", quiet: nps, |c| {
    c.one(Block::Placement, "no_public_placement", "");
});
rule!(lre_nps_public_sought, "lre-nps-public-first", quiet: nps, |c| {
    c.one(Block::Placement, "public_options_sought", "");
});
rule!(lre_nps_annual, "lre-nps-annual-review", quiet: nps, |c| {
    c.one(Block::Placement, "nps_progress_reviewed", "no");
});
fn out_of_state(c: &mut Case) {
    nps(c);
    c.one(Block::Placement, "placement_type", "Out-of-state nonpublic school");
    c.one(Block::Placement, "out_of_state_return_date", "2027-08-15").one(Block::Placement, "cde_report_date", "2026-11-30");
}
rule!(lre_out_of_state_return, "lre-out-of-state-nps", quiet: out_of_state, |c| {
    c.one(Block::Placement, "out_of_state_return_date", "");
});
rule!(lre_out_of_state_cde, "lre-out-of-state-nps", quiet: out_of_state, |c| {
    c.one(Block::Placement, "cde_report_date", "2026-12-20");
});
fn residential(c: &mut Case) {
    nps(c);
    c.one(Block::Placement, "placement_type", "Residential").one(Block::Placement, "for_social_emotional", "yes");
    c.one(Block::Placement, "lre_attempts", "Counseling, BIP and ERMHS at the district program for a year; every continuum option reviewed.");
}
rule!(lre_residential, "lre-residential-mental-health", quiet: residential, |c| {
    c.one(Block::Placement, "lre_attempts", "");
});
fn interdistrict(c: &mut Case) {
    nps(c);
    c.one(Block::Placement, "interdistrict_transfer", "yes").one(Block::Placement, "dor_approval", "yes");
}
rule!(lre_dor, "lre-interdistrict-dor-approval", quiet: interdistrict, |c| {
    c.one(Block::Placement, "dor_approval", "no");
});
rule!(lre_close_to_home, "lre-close-to-home", |c| {
    c.one(Block::Placement, "at_school_of_residence", "no").one(Block::Placement, "residence_rationale", "Deaf and hard of hearing program at the county site.");
});
rule!(esy_denial_basis, "esy-improper-denial-basis", quiet: |c: &mut Case| {
    c.one(Block::Esy, "denial_reason", "Needs met without ESY (no loss of benefit, no serious regression)");
}, |c| {
    c.one(Block::Esy, "denial_reason", "No prior pattern of regression");
});
rule!(esy_timing, "esy-timing", |c| {
    c.one(Block::Details, "date", "2027-05-20");
});

// ----- the handbook over the catalog's letter (issue 16) ------------------------------------------
/// The one finding of `rule` (panics when there is none or several): severity, block, item, field.
fn only(c: &Case, rule: &str) -> (Severity, Option<Block>, Option<usize>, Option<&'static str>) {
    let f: Vec<_> = c.findings().into_iter().filter(|f| f.rule == rule).collect();
    assert_eq!(f.len(), 1, "{rule}: {f:#?}");
    (f[0].severity, f[0].target.block, f[0].target.item, f[0].target.field)
}

fn without_parent(c: &mut Case) {
    c.without_role("Parent/guardian");
    c.meeting.block_mut(Block::Signatures).retain(|i| i.record.as_record().get("role") != "Parent/guardian");
    c.one(Block::Participation, "alternative_means_offered", "");
}

#[test]
fn a_meeting_without_the_parent_after_documented_attempts_is_not_an_error() {
    let mut c = compliant();
    without_parent(&mut c);
    assert_eq!(only(&c, "team-parent-present"), (Severity::Error, Some(Block::Attendees), None, None));
    assert!(c.fires("parent-absent-documentation") && c.fires("parent-alternative-means"));
    // 7.5: the record of the attempts to arrange a meeting lets it go ahead without them.
    c.one(Block::Participation, "contact_attempts", "2026-11-03 phone call, no answer\n2026-11-05 letter sent home");
    for rule in ["team-parent-present", "parent-absent-documentation", "parent-alternative-means"] {
        assert!(!c.fires(rule), "{rule}");
    }
}

#[test]
fn one_person_in_two_roles_signs_once_and_an_excused_member_does_not_sign() {
    let mut c = compliant();
    // S. Sped is also the LEA representative and signs once, as the special education teacher.
    c.without_role("LEA representative");
    c.meeting.block_mut(Block::Signatures).retain(|i| i.record.as_record().get("role") != "LEA representative");
    let i = c.meeting.block(Block::Attendees).iter().position(|i| i.record.as_record().get("name") == "S. Sped").unwrap();
    c.set(Block::Attendees, i, "roles", "Special education teacher/provider; LEA representative");
    c.set(Block::Attendees, i, "qualifications", &format!("Teacher of this student; Can interpret instructional implications of assessment results; {LEA_QUALS}"));
    assert!(!c.fires("consent-participant-signatures"), "{:#?}", c.findings().iter().filter(|f| f.rule.starts_with("consent-")).collect::<Vec<_>>());
    assert!(!c.fires("team-lea-rep-qualified"));
    // Listed twice (once per role) and unsigned: asked once.
    c.meeting.block_mut(Block::Signatures).retain(|i| i.record.as_record().get("name") != "S. Sped");
    c.push(Block::Attendees, &[("name", "s. sped"), ("roles", "LEA representative"), ("mode", "In person")]);
    let f: Vec<_> = c.findings().into_iter().filter(|f| f.rule == "consent-participant-signatures" && f.detail.to_lowercase().contains("s. sped")).collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    // An excused member listed with the team is not asked to sign.
    let mut c = compliant();
    c.push(Block::Attendees, &[("name", "O. Therapist"), ("roles", "Related-service provider")]);
    assert!(c.fires("consent-participant-signatures"));
    c.push(Block::Excusals, &[("member", "O. Therapist"), ("role", "Related-service provider"), ("area_modified_or_discussed", "no"), ("parent_agreement", "2026-11-15"), ("lea_agreement", "2026-11-15")]);
    assert!(!c.findings().iter().any(|f| f.rule == "consent-participant-signatures" && f.detail.contains("Therapist")));
}

#[test]
fn names_match_as_people_write_them() {
    use super::ctx::same_person;
    assert!(same_person("Dr. R. Mensah, school psychologist", "R. Mensah"));
    assert!(same_person("Rosa Mensah", "dr r mensah (psychologist)"));
    assert!(same_person("Mensah", "Rosa Mensah"));
    assert!(!same_person("R. Mensah", "T. Mensah"));
    assert!(!same_person("Rosa Mensah", "Rosa Menza"));
    assert!(!same_person("", "Rosa Mensah"));
    let mut c = compliant();
    triennial(&mut c);
    c.push(Block::Attendees, &[("name", "R. Mensah"), ("roles", "Interpreter of assessment results"), ("mode", "In person")]);
    c.one(Block::Eligibility, "assessors", "Dr. R. Mensah, school psychologist");
    assert!(!c.fires("team-assessment-personnel-for-eligibility"));
    c.one(Block::Eligibility, "assessors", "Dr. T. Okafor, school psychologist");
    assert_eq!(only(&c, "team-assessment-personnel-for-eligibility"), (Severity::Error, Some(Block::Eligibility), None, Some("assessors")));
}

#[test]
fn the_general_education_teacher_must_teach_the_student() {
    let mut c = compliant();
    let i = c.meeting.block(Block::Attendees).iter().position(|i| i.record.as_record().get("name") == "T. Gen").unwrap();
    c.set(Block::Attendees, i, "qualifications", "");
    assert_eq!(only(&c, "team-gen-ed-teacher-required"), (Severity::Error, Some(Block::Attendees), Some(i), Some("qualifications")));
    c.set(Block::Attendees, i, "qualifications", "Teacher of this student");
    assert!(!c.fires("team-gen-ed-teacher-required"));
}

fn md_manifestation(c: &mut Case) {
    c.meeting.mtype = MeetingType::ManifestationDetermination;
    for (k, v) in [("decision_date", "2026-11-12"), ("information_reviewed", "yes"), ("caused_by_disability", "yes"), ("failure_to_implement", "no"), ("fba_bip_planned", "yes"), ("returned_to_placement", "yes"), ("parent_notice_date", "2026-11-12"), ("safeguards_date", "2026-11-12")] {
        c.one(Block::Manifestation, k, v);
    }
    c.student("discipline_decision_date", "2026-11-12");
}

#[test]
fn a_manifestation_returns_the_student_to_the_placement_unless_parent_and_lea_agree() {
    let mut c = compliant();
    md_manifestation(&mut c);
    assert!(!c.fires("disc-manifestation-yes-actions"));
    c.one(Block::Manifestation, "returned_to_placement", "");
    assert_eq!(only(&c, "disc-manifestation-yes-actions"), (Severity::Error, Some(Block::Manifestation), None, Some("returned_to_placement")));
    c.one(Block::Manifestation, "returned_to_placement", "no");
    assert_eq!(only(&c, "disc-manifestation-yes-actions"), (Severity::Error, Some(Block::Manifestation), None, Some("placement_change_agreed")));
    c.one(Block::Manifestation, "placement_change_agreed", "yes");
    assert!(!c.fires("disc-manifestation-yes-actions"));
    c.one(Block::Manifestation, "fba_bip_planned", "no");
    assert_eq!(only(&c, "disc-manifestation-yes-actions"), (Severity::Error, Some(Block::Manifestation), None, Some("fba_bip_planned")));
}

#[test]
fn what_the_parent_refused_is_not_implemented_and_nothing_starts_before_the_meeting() {
    let mut c = compliant();
    assert!(!c.fires("consent-no-implementation-without-signature"));
    c.one(Block::Consent, "choice", "Do not agree to the IEP");
    let f: Vec<_> = c.findings().into_iter().filter(|f| f.rule == "consent-no-implementation-without-signature").collect();
    assert_eq!(f.len(), c.meeting.block(Block::Services).len());
    assert!(f.iter().all(|f| f.severity == Severity::Error && f.target.block == Some(Block::Services) && f.target.field == Some("start")));
    let mut c = compliant();
    let first = c.meeting.block(Block::Services)[0].record.as_record().get("service");
    c.one(Block::Consent, "choice", "Agree except for the items listed");
    c.one(Block::Consent, "exceptions", &format!("{first} (the parent asks for a smaller group first)"));
    assert_eq!(only(&c, "consent-no-implementation-without-signature"), (Severity::Error, Some(Block::Services), Some(0), Some("start")));
    let mut c = compliant();
    c.set(Block::Services, 0, "start", "2026-11-01");
    assert_eq!(only(&c, "consent-no-implementation-without-signature"), (Severity::Error, Some(Block::Services), Some(0), Some("start")));
}

#[test]
fn esy_not_required_after_a_yes_needs_the_reason() {
    let mut c = compliant();
    c.one(Block::Esy, "q_regression", "yes");
    assert_eq!(only(&c, "esy-determination-questions"), (Severity::Error, Some(Block::Esy), None, Some("denial_reason")));
    c.one(Block::Esy, "denial_reason", "Needs met without ESY (no loss of benefit, no serious regression)");
    assert!(!c.fires("esy-determination-questions"));
}

/// Any blank of a goal-bank template left unfilled — in the goal, the baseline or an objective —
/// leaves the goal not measurable.
#[test]
fn a_template_blank_anywhere_in_a_goal_is_not_measurable() {
    for (field, value) in [("annual_goal", "By May 2027, Wren will [__] in 4 of 5 trials, as measured by SLP data."), ("baseline", "Currently [__] of 10 sentences."), ("objectives", "By February: [__] of 5 trials\nBy May: 4 of 5 trials")] {
        let mut c = compliant();
        c.set(Block::Goals, 0, field, value);
        assert_eq!(only(&c, "goal-measurable-annual"), (Severity::Error, Some(Block::Goals), Some(0), Some(field)), "{field}");
    }
}

/// 1.6.B: a Yes on the SLD form for lack of reading or math instruction, or for limited English,
/// brings in the special rule, even with the determinant factor marked as ruled out.
#[test]
fn an_sld_exclusion_for_instruction_or_english_is_the_special_rule() {
    let mut c = compliant();
    triennial(&mut c);
    assert!(!c.fires("elig-special-rule-determinant-factor"));
    c.one(Block::Eligibility, "sld_exclusions", "H. Lack of appropriate instruction in reading or math");
    assert_eq!(only(&c, "elig-special-rule-determinant-factor"), (Severity::Error, Some(Block::Eligibility), None, Some("sld_exclusions")));
    c.one(Block::Eligibility, "sld_exclusions", "A. Visual, hearing, or motor disability");
    assert!(!c.fires("elig-special-rule-determinant-factor"), "another exclusion is the SLD form's, not the special rule");
}

/// ERMHS needs a related social-emotional goal (ERMHS Guidelines), whatever the service line says.
#[test]
fn ermhs_without_a_social_emotional_goal() {
    let mut c = compliant();
    c.push(Block::Services, &[("service", "Educationally related mental health services (ERMHS)"), ("provider", "School psychologist"), ("location", "School"), ("sessions", "1"), ("period", "weekly"), ("duration", "30"), ("start", "2026-11-20"), ("end", "2027-11-19")]);
    assert_eq!(only(&c, "goal-ermhs-need"), (Severity::Error, Some(Block::Goals), None, None));
    c.set(Block::Goals, 0, "need", "Social/behavioral/emotional skills");
    assert!(!c.fires("goal-ermhs-need"));
}

/// 1.5.B: a referral 20 days or less before the end of the school year has its assessment plan due
/// 10 days after the next school year starts, not 15 days into the summer.
#[test]
fn a_referral_at_the_end_of_the_year_has_its_plan_due_in_the_next() {
    let mut c = compliant();
    c.today = d("2027-07-15");
    c.student("referral_date", "2027-05-25").student("assessment_plan_sent", "2027-08-18");
    assert!(!c.fires("tl-assessment-plan-15-days"), "sample calendar: next year starts 2027-08-11, due 2027-08-21");
    c.student("assessment_plan_sent", "2027-08-25");
    let f = c.findings().into_iter().find(|f| f.rule == "tl-assessment-plan-15-days").expect("late");
    assert_eq!((f.severity, f.target.block), (Severity::Error, Some(Block::Details)));
    assert!(f.detail.contains("2027-08-21") && f.detail.contains("next one"), "{}", f.detail);
    // Earlier in the year the 15 days run as usual.
    c.student("referral_date", "2027-04-01").student("assessment_plan_sent", "2027-04-30");
    assert!(c.fires("tl-assessment-plan-15-days"));
}

/// NC 2A: the parent's own language, when recorded, decides whether an interpreter is expected.
#[test]
fn the_parents_own_language_decides_the_interpreter() {
    let mut c = compliant();
    c.student("home_language", "Spanish");
    assert_eq!(only(&c, "parent-interpreter"), (Severity::Warning, Some(Block::Participation), None, Some("interpreter_requested")));
    c.one(Block::Participation, "parent_language", "English");
    assert!(!c.fires("parent-interpreter"));
    c.student("home_language", "English");
    c.one(Block::Participation, "parent_language", "Vietnamese");
    let f = c.findings().into_iter().find(|f| f.rule == "parent-interpreter").unwrap();
    assert!(f.detail.contains("parent's language Vietnamese"), "{}", f.detail);
}

/// The exit date, when recorded, is when the Summary of Performance is due.
#[test]
fn the_exit_date_sets_when_the_summary_of_performance_is_due() {
    let mut c = compliant();
    graduating(&mut c);
    c.one(Block::TransitionPlan, "sop_provided", "");
    c.one(Block::PresentSummary, "exit_date", "2026-11-21");
    assert!(c.fires("transition-summary-of-performance"), "left 2026-11-21; today 2026-11-22");
}

/// Written agreements the timelines honour: an extension of the assessment plan (1.5.B), and the
/// parent and LEA agreeing that no reassessment is needed (the three years run from then).
#[test]
fn written_agreements_move_the_timelines() {
    let mut c = compliant();
    c.student("referral_date", "2026-10-01").student("assessment_plan_sent", "2026-10-30");
    assert!(c.fires("tl-assessment-plan-15-days"));
    c.student("assessment_plan_extension", "2026-11-02");
    assert!(!c.fires("tl-assessment-plan-15-days"));
    let mut c = compliant();
    c.student("last_assessment_date", "2023-10-01");
    assert_eq!(only(&c, "tl-triennial-reassessment").0, Severity::Error);
    c.student("reassessment_waived", "2023-09-15");
    assert!(c.fires("tl-triennial-reassessment"), "a waiver before the last assessment changes nothing");
    c.student("reassessment_waived", "2026-09-15");
    assert!(!c.fires("tl-triennial-reassessment"));
}

/// An IEP states when it ends (IEP 1): at most a year after the meeting, since it is reviewed annually.
#[test]
fn the_stated_iep_end_is_within_a_year() {
    let mut c = compliant();
    c.one(Block::Details, "iep_end", "2027-11-19");
    assert!(!c.fires("tl-annual-review-due"));
    c.one(Block::Details, "iep_end", "2028-01-31");
    assert_eq!(only(&c, "tl-annual-review-due"), (Severity::Error, Some(Block::Details), None, Some("iep_end")));
}

/// A student found not eligible has no IEP: nothing of a transition plan or the transfer of rights
/// is asked of the meeting that found so.
#[test]
fn a_student_found_not_eligible_is_asked_for_no_iep_content() {
    let mut c = compliant();
    c.meeting.mtype = MeetingType::Initial;
    c.one(Block::PresentSummary, "eligible", "no");
    for b in [Block::TransitionPlan, Block::TransitionServices, Block::Goals, Block::Services] {
        c.clear(b);
    }
    let loud: Vec<_> = c.findings().into_iter().filter(|f| f.rule.starts_with("transition-") || f.rule.starts_with("tor-") || f.rule.starts_with("goal-")).map(|f| f.rule).collect();
    assert_eq!(loud, Vec::<&str>::new());
}
