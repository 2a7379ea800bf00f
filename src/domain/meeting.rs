//! The IEP meeting: its type, its seven agenda sections, and the forms of each section
//! (IEP 9B attendance, NC 7 excusals, IEP 2A/2B present levels, IEP 3A/3B goals, IEP 7A-1/7B services,
//! IEP 6D transition, IEP 9A consent).

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::fields::Kind::*;
use super::fields::Record;
use crate::record;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingType {
    Initial,
    Annual,
    Triennial,
    Amendment,
    ParentRequested,
    Interim30Day,
    ManifestationDetermination,
}

impl MeetingType {
    pub const ALL: [MeetingType; 7] = [
        MeetingType::Initial,
        MeetingType::Annual,
        MeetingType::Triennial,
        MeetingType::Amendment,
        MeetingType::ParentRequested,
        MeetingType::Interim30Day,
        MeetingType::ManifestationDetermination,
    ];
    pub fn code(self) -> &'static str {
        match self {
            MeetingType::Initial => "initial",
            MeetingType::Annual => "annual",
            MeetingType::Triennial => "triennial",
            MeetingType::Amendment => "amendment",
            MeetingType::ParentRequested => "parent-requested",
            MeetingType::Interim30Day => "interim-30-day",
            MeetingType::ManifestationDetermination => "manifestation-determination",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MeetingType::Initial => "Initial IEP",
            MeetingType::Annual => "Annual review",
            MeetingType::Triennial => "Triennial (reassessment)",
            MeetingType::Amendment => "Amendment",
            MeetingType::ParentRequested => "Parent-requested review",
            MeetingType::Interim30Day => "30-day interim (transfer)",
            MeetingType::ManifestationDetermination => "Manifestation determination",
        }
    }
    pub fn from_code(s: &str) -> Option<MeetingType> {
        MeetingType::ALL.into_iter().find(|t| t.code() == s)
    }
    /// Finalizing this meeting completes a full IEP (resets the annual clock).
    pub fn completes_iep(self) -> bool {
        matches!(self, MeetingType::Initial | MeetingType::Annual | MeetingType::Triennial)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    Attendance,
    Excusals,
    PresentLevels,
    Goals,
    Services,
    Transition,
    Consent,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Attendance,
        Section::Excusals,
        Section::PresentLevels,
        Section::Goals,
        Section::Services,
        Section::Transition,
        Section::Consent,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Section::Attendance => "attendance",
            Section::Excusals => "excusals",
            Section::PresentLevels => "present-levels",
            Section::Goals => "goals",
            Section::Services => "services",
            Section::Transition => "transition",
            Section::Consent => "consent",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Section::Attendance => "Attendance",
            Section::Excusals => "Excusals",
            Section::PresentLevels => "Present levels",
            Section::Goals => "Goals",
            Section::Services => "Services",
            Section::Transition => "Transition",
            Section::Consent => "Consent",
        }
    }
    pub fn form(self) -> &'static str {
        match self {
            Section::Attendance => "IEP 9B",
            Section::Excusals => "NC 7",
            Section::PresentLevels => "IEP 2A/2B",
            Section::Goals => "IEP 3A/3B",
            Section::Services => "IEP 7A-1/7B",
            Section::Transition => "IEP 6D",
            Section::Consent => "IEP 9A",
        }
    }
    pub fn index(self) -> usize {
        Section::ALL.iter().position(|s| *s == self).unwrap()
    }
    pub fn from_code(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.code() == s)
    }
    /// The blocks shown in this section of a meeting of type `t`, in order.
    pub fn blocks(self, t: MeetingType) -> &'static [Block] {
        use Block::*;
        match self {
            Section::Attendance => &[Details, Attendees, Participation, Notice],
            Section::Excusals => &[Excusals],
            Section::PresentLevels if t == MeetingType::ManifestationDetermination => {
                &[Manifestation, PresentSummary, SpecialFactors, BehaviorPlan, PresentLevels]
            }
            Section::PresentLevels if matches!(t, MeetingType::Initial | MeetingType::Triennial) => {
                &[PresentSummary, Eligibility, SpecialFactors, EnglishLearner, BehaviorPlan, PresentLevels]
            }
            Section::PresentLevels => &[PresentSummary, SpecialFactors, EnglishLearner, BehaviorPlan, PresentLevels],
            Section::Goals => &[ProgressReporting, Goals],
            Section::Services => &[Services, Esy, EsyServices, Placement, Assessments],
            Section::Transition => &[TransitionPlan, TransitionServices],
            Section::Consent => &[Consent, Signatures],
        }
    }

    /// The section a block belongs to (as `blocks` lists them: a test keeps the two in step).
    pub fn of_block(b: Block) -> Section {
        use Block::*;
        match b {
            Details | Attendees | Participation | Notice => Section::Attendance,
            Excusals => Section::Excusals,
            Manifestation | PresentSummary | Eligibility | SpecialFactors | EnglishLearner | BehaviorPlan | PresentLevels => Section::PresentLevels,
            ProgressReporting | Goals => Section::Goals,
            Placement | Assessments | Esy | Services | EsyServices => Section::Services,
            TransitionPlan | TransitionServices => Section::Transition,
            Consent | Signatures => Section::Consent,
        }
    }
}

/// A block of a section: either one form (a singleton) or a list of forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Block {
    Details,
    Notice,
    Participation,
    Attendees,
    Excusals,
    PresentSummary,
    Eligibility,
    SpecialFactors,
    EnglishLearner,
    BehaviorPlan,
    Manifestation,
    PresentLevels,
    ProgressReporting,
    Goals,
    Placement,
    Assessments,
    Esy,
    EsyServices,
    Services,
    TransitionPlan,
    TransitionServices,
    Consent,
    Signatures,
}

impl Block {
    /// Whether field `key` of this block applies to a meeting of type `t`: a field only one kind of
    /// meeting has is not shown on the others (`Meeting::field_shown` also asks the student).
    pub fn field_applies(self, key: &str, t: MeetingType) -> bool {
        match (self, key) {
            (Block::Details, "interim_outcome") => t == MeetingType::Interim30Day,
            // Only a meeting that writes a whole IEP sets when it ends.
            (Block::Details, "iep_end") => t.completes_iep() || t == MeetingType::Interim30Day,
            _ => true,
        }
    }

    pub const ALL: [Block; 23] = [
        Block::Details,
        Block::Notice,
        Block::Participation,
        Block::Attendees,
        Block::Excusals,
        Block::PresentSummary,
        Block::Eligibility,
        Block::SpecialFactors,
        Block::EnglishLearner,
        Block::BehaviorPlan,
        Block::Manifestation,
        Block::PresentLevels,
        Block::ProgressReporting,
        Block::Goals,
        Block::Placement,
        Block::Assessments,
        Block::Esy,
        Block::EsyServices,
        Block::Services,
        Block::TransitionPlan,
        Block::TransitionServices,
        Block::Consent,
        Block::Signatures,
    ];
    /// The stable name under which the block's items are stored.
    pub fn code(self) -> &'static str {
        match self {
            Block::Details => "details",
            Block::Notice => "notice",
            Block::Participation => "parent-participation",
            Block::Attendees => "attendee",
            Block::Excusals => "excusal",
            Block::PresentSummary => "present-summary",
            Block::Eligibility => "eligibility",
            Block::SpecialFactors => "special-factors",
            Block::EnglishLearner => "english-learner",
            Block::BehaviorPlan => "behavior-plan",
            Block::Manifestation => "manifestation",
            Block::PresentLevels => "present-level",
            Block::ProgressReporting => "progress-reporting",
            Block::Goals => "goal",
            Block::Placement => "placement",
            Block::Assessments => "assessments",
            Block::Esy => "esy",
            Block::EsyServices => "esy-service",
            Block::Services => "service",
            Block::TransitionPlan => "transition-plan",
            Block::TransitionServices => "transition-service",
            Block::Consent => "consent",
            Block::Signatures => "signature",
        }
    }
    pub fn from_code(s: &str) -> Option<Block> {
        Block::ALL.into_iter().find(|b| b.code() == s)
    }
    pub fn title(self) -> &'static str {
        match self {
            Block::Details => "Meeting",
            Block::Notice => "Notice of meeting (NC 6A)",
            Block::Participation => "Parent participation",
            Block::Attendees => "Team members present",
            Block::Excusals => "Excused members",
            Block::PresentSummary => "Eligibility, strengths and concerns",
            Block::Eligibility => "Eligibility criteria and evidence (Ch 6 App A)",
            Block::SpecialFactors => "Special factors (IEP 5)",
            Block::EnglishLearner => "English learner assessment and support (IEP 6C)",
            Block::BehaviorPlan => "Behavior plan and emergencies (IEP 6G, BER)",
            Block::Manifestation => "Manifestation determination",
            Block::PresentLevels => "Present levels by area",
            Block::ProgressReporting => "Progress reporting",
            Block::Goals => "Annual goals",
            Block::Placement => "Placement (IEP 7B)",
            Block::Assessments => "Assessments and accommodations (IEP 4, 6A)",
            Block::Esy => "Extended school year (IEP 7A-2)",
            Block::EsyServices => "ESY services (IEP 7A-2)",
            Block::Services => "Services offered",
            Block::TransitionPlan => "Postsecondary plan",
            Block::TransitionServices => "Transition services",
            Block::Consent => "Parent consent",
            Block::Signatures => "Signatures",
        }
    }
    /// Singular noun for one item of a list block.
    pub fn noun(self) -> &'static str {
        match self {
            Block::Attendees => "team member",
            Block::Excusals => "excusal",
            Block::PresentLevels => "area",
            Block::Goals => "goal",
            Block::Services => "service",
            Block::EsyServices => "ESY service",
            Block::TransitionServices => "transition service",
            Block::Signatures => "signature",
            _ => "form",
        }
    }
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Block::Attendees
                | Block::Excusals
                | Block::PresentLevels
                | Block::Goals
                | Block::Services
                | Block::EsyServices
                | Block::TransitionServices
                | Block::Signatures
        )
    }
    /// A fresh, empty form of this block.
    pub fn new_record(self) -> AnyRecord {
        match self {
            Block::Details => AnyRecord::Details(Default::default()),
            Block::Notice => AnyRecord::Notice(Default::default()),
            Block::Participation => AnyRecord::ParentParticipation(Default::default()),
            Block::Attendees => AnyRecord::Attendee(Default::default()),
            Block::Excusals => AnyRecord::Excusal(Default::default()),
            Block::PresentSummary => AnyRecord::PresentSummary(Default::default()),
            Block::Eligibility => AnyRecord::Eligibility(Default::default()),
            Block::SpecialFactors => AnyRecord::SpecialFactors(Default::default()),
            Block::EnglishLearner => AnyRecord::EnglishLearner(Default::default()),
            Block::BehaviorPlan => AnyRecord::BehaviorPlan(Default::default()),
            Block::Manifestation => AnyRecord::Manifestation(Default::default()),
            Block::PresentLevels => AnyRecord::PresentLevel(Default::default()),
            Block::ProgressReporting => AnyRecord::ProgressReporting(Default::default()),
            Block::Goals => AnyRecord::Goal(Default::default()),
            Block::Placement => AnyRecord::Placement(Default::default()),
            Block::Assessments => AnyRecord::Assessments(Default::default()),
            Block::Esy => AnyRecord::Esy(Default::default()),
            // An ESY line has the shape of any service line (IEP 7A-2 and 7A-1 ask the same).
            Block::Services | Block::EsyServices => AnyRecord::Service(Default::default()),
            Block::TransitionPlan => AnyRecord::TransitionPlan(Default::default()),
            Block::TransitionServices => AnyRecord::TransitionService(Default::default()),
            Block::Consent => AnyRecord::Consent(Default::default()),
            Block::Signatures => AnyRecord::Signature(Default::default()),
        }
    }
}

/// The NC 7 choice for an excusal from part of the meeting.
pub const EXCUSED_IN_PART: &str = "Part of the meeting";

record! {
    /// Meeting header (IEP 9B: meeting purpose; NC 6A: date, time, place).
    pub struct Details {
        date: Option<NaiveDate> => "Meeting date", Date;
        start_time: Option<NaiveTime> => "Start time", Time;
        location: String => "Location", Text;
        purpose: String => "Meeting purpose", Text;
        interim_outcome: String => "30-day interim: previous IEP adopted or a new IEP", Choice("interim_outcomes");
        iep_end: Option<NaiveDate> => "IEP in effect until (next annual review by)", Date;
    }
}

record! {
    /// NC 6A: the notice of the meeting and the parent's response.
    pub struct Notice {
        sent_date: Option<NaiveDate> => "Notice sent", Date;
        time_place_agreed: String => "How time and place were agreed", Text;
        purposes: Vec<String> => "Purposes on the notice", Multi("notice_purposes");
        attendees_listed: Option<bool> => "Expected attendees listed", YesNo;
        rights_statement: Option<bool> => "Right to bring others stated", YesNo;
        student_invited: Option<bool> => "Student invited", YesNo;
        agency_consent: Option<bool> => "Parent consent to invite agencies", YesNo;
        safeguards_offered: Option<bool> => "Procedural safeguards offered", YesNo;
        parent_response: String => "Parent response", Choice("notice_parent_responses");
        recording: String => "Audio recording", Choice("recording");
        recording_notice: Option<NaiveDate> => "Recording: team notified on", Date;
        recording_parent_consent: Option<bool> => "Parent consents to LEA recording", YesNo;
        partc_option_told: Option<bool> => "Parent told they may invite the Part C coordinator", YesNo;
        partc_invite_requested: Option<bool> => "Parent asked to invite the Part C coordinator", YesNo;
        partc_invited: Option<bool> => "Part C coordinator invited", YesNo;
        dor_notified: Option<NaiveDate> => "District of residence notified of the meeting", Date;
    }
}

record! {
    /// Parent participation (IEP 9A items 3-5, NC 6A interpreter request).
    pub struct ParentParticipation {
        parent_language: String => "Parent's own language (NC 2A), if not the student's home language", Text;
        alternative_means_offered: Option<bool> => "Phone/video participation offered", YesNo;
        contact_attempts: Vec<String> => "Contact attempts (method and date, one per line)", Lines;
        interpreter_requested: Option<bool> => "Interpreter requested", YesNo;
        interpreter_language: String => "Interpreter language", Text;
        interpreter_present: Option<bool> => "Interpreter present", YesNo;
        interpreter_waived: Option<bool> => "Interpreter declined by parent", YesNo;
    }
}

record! {
    /// IEP 9B: one participant.
    pub struct Attendee {
        name: String => "Name", Text;
        roles: Vec<String> => "Role(s)", Multi("roles");
        qualifications: Vec<String> => "Qualifications", Multi("attendee_qualifications");
        mode: String => "Participation", Choice("participation_modes");
        arrived: Option<NaiveTime> => "Arrived", Time;
        left: Option<NaiveTime> => "Left", Time;
        invited_by: String => "Invited by (others)", Text;
        notified: Option<NaiveDate> => "Notice of the meeting sent to this member", Date;
    }
}

record! {
    /// NC 7: one excused member.
    pub struct Excusal {
        member: String => "Team member", Choice("@team");
        role: String => "Role", Choice("roles");
        extent: String => "Excused from (NC 7)", Choice("excusal_extents");
        part_excused: String => "In part: the part of the meeting excused", Text;
        area: String => "Area of curriculum/service", Text;
        area_modified_or_discussed: Option<bool> => "Area modified or discussed?", YesNo;
        written_input_received: Option<NaiveDate> => "Written input received", Date;
        parent_agreement: Option<NaiveDate> => "Parent agreed in writing", Date;
        lea_agreement: Option<NaiveDate> => "LEA agreed", Date;
        input_sent_to_parent: Option<bool> => "Written input sent to parent", YesNo;
        parent_declined: Option<bool> => "Parent asked to reschedule instead", YesNo;
    }
}

record! {
    /// IEP 2A: eligibility, strengths, parent concerns, areas of need.
    pub struct PresentSummary {
        eligible: Option<bool> => "Eligible for special education", YesNo;
        needs_special_education: Option<bool> => "Needs special education because of it", YesNo;
        determinant_ruled_out: Option<bool> => "Lack of instruction / LEP ruled out", YesNo;
        evaluation_results: String => "Evaluation results", Long;
        statewide_results: String => "Statewide/district assessment results", Long;
        vision_screening: Option<NaiveDate> => "Last vision screening (IEP 2B)", Date;
        vision_result: String => "Vision screening result", Choice("screening_results");
        hearing_screening: Option<NaiveDate> => "Last hearing screening (IEP 2B)", Date;
        hearing_result: String => "Hearing screening result", Choice("screening_results");
        prior_progress_reviewed: Option<bool> => "Progress on prior goals reviewed", YesNo;
        iee_received: Option<bool> => "Independent evaluation (IEE) received", YesNo;
        iee_considered: Option<bool> => "IEE considered by the team", YesNo;
        strengths: String => "Strengths, preferences, interests", Long;
        parent_concerns: String => "Parent concerns", Long;
        areas_of_need: Vec<String> => "Areas of need", Multi("needs");
        exit_reason: String => "Exiting special education: reason", Choice("exit_reasons");
        exit_date: Option<NaiveDate> => "Exit date (the student leaves special education)", Date;
        exit_evaluation: Option<bool> => "Exit supported by a current evaluation", YesNo;
        progress_insufficient: Option<bool> => "Lack of expected progress (goals or curriculum)", YesNo;
        progress_response: String => "How this IEP addresses the lack of progress", Long;
    }
}

record! {
    /// IEP 2A eligibility decision and the category's criteria form (handbook Ch 6 App A,
    /// `data/eligibility.toml`): initial and triennial meetings.
    pub struct Eligibility {
        category: String => "Category determined (blank: primary)", Choice("disabilities");
        sli_disorder: String => "Speech/language: which disorder form", Choice("sli_disorders");
        criteria_met: Vec<String> => "Criteria form: elements met", Multi("@criteria");
        evidence: Vec<String> => "Evidence on file for this category", Multi("@evidence");
        sources: Vec<String> => "Information the team used", Multi("eligibility_sources");
        basis: String => "Basis for the eligibility decision", Long;
        exclusionary_ruled_out: Option<bool> => "Race, culture, economics, language, attendance not primary", YesNo;
        suspected_areas: Vec<String> => "Areas of suspected disability (NC 3 plan)", Multi("assessment_areas");
        assessed_areas: Vec<String> => "Areas with assessment results", Multi("assessment_areas");
        assessors: Vec<String> => "Assessors whose reports are used (one per line)", Lines;
        md_impairments: Vec<String> => "Multiple disabilities: the impairments", Multi("disabilities");
        sld_exclusions: Vec<String> => "SLD Section III: items A-H answered Yes", Multi("sld_exclusionary");
        sld_observer: String => "SLD: classroom observation by (not the teacher)", Text;
        sld_observation: String => "SLD Section IV: behavior noted in observation", Long;
        sld_agree: Vec<String> => "SLD Section VI: members who agree", Multi("@attendees");
        sld_disagree: Vec<String> => "SLD Section VI: members whose view differs", Multi("@attendees");
        sld_dissent_statement: String => "SLD: the differing member's statement", Long;
        low_incidence_assessor: Option<bool> => "Assessor knowledgeable of the low-incidence disability", YesNo;
        low_incidence_marked: Option<bool> => "Low-incidence eligibility marked on IEP 2A", YesNo;
        iq_score_cited: Option<bool> => "An IQ / intelligence test score is in the data", YesNo;
        other_language_testing: Option<bool> => "Tested via interpreter or not in primary language", YesNo;
        validity_noted: Option<bool> => "Report notes the possible effect on validity", YesNo;
        translated_scores_only: Option<bool> => "Translated-test scores are the only support", YesNo;
        preschool_excluded_factor: Option<bool> => "Preschool: needs due mainly to an excluded factor", YesNo;
        no_new_data: Option<bool> => "Reassessment: no additional data needed", YesNo;
        no_new_data_notice: Option<NaiveDate> => "Parent told of that, and of the right to assessment", Date;
        section_504_suspected: Option<bool> => "Not eligible: a Section 504 disability is suspected", YesNo;
    }
}

record! {
    /// IEP 5: special factors.
    pub struct SpecialFactors {
        behavior_impedes: Option<bool> => "Behavior impedes learning", YesNo;
        behavior_plan: Option<bool> => "Behavior intervention plan", YesNo;
        behavior_supports: String => "Positive behavioral interventions, strategies and supports", Long;
        language_needs_considered: Option<bool> => "EL language needs considered", YesNo;
        braille_considered: Option<bool> => "Braille considered (visual impairment)", YesNo;
        braille_recommended: Option<bool> => "IEP 5: instruction in Braille recommended", YesNo;
        braille_evaluation: String => "Evaluation of reading and writing skills, needs, media and future Braille needs", Long;
        communication_considered: Option<bool> => "Communication needs considered", YesNo;
        dhh_language_mode: String => "Deaf/hard of hearing: the student's language mode", Text;
        dhh_opportunities: String => "How direct communication with peers and professionals, and instruction, in that mode are provided", Long;
        assistive_tech_considered: Option<bool> => "Assistive technology considered", YesNo;
        device_or_service_needed: Option<bool> => "A device or service is needed (any factor)", YesNo;
        device_or_service: String => "Device or service needed, as it appears in the IEP", Long;
        el_steps: Vec<String> => "English learner: meeting steps done", Multi("el_meeting_steps");
        primary_language_instruction: Option<bool> => "Taught in primary language (L2 potential limited)", YesNo;
        english_reconsidered: Option<NaiveDate> => "Ability to learn in English last reconsidered", Date;
        device_at_home: Option<bool> => "AT/low-incidence device needed at home or elsewhere", YesNo;
        home_use_rationale: String => "Why the device is needed outside school", Long;
        home_use_agreement: Option<NaiveDate> => "Parent's written home-use agreement", Date;
        li_materials: Option<bool> => "Low-incidence books, materials, equipment required", YesNo;
        li_equipment: String => "Low-incidence equipment requested", Text;
    }
}

record! {
    /// English learner assessment and support (IEP 6C; handbook 7.8.B, 3.5.C). The form names
    /// CELDT; California replaced it with the ELPAC, which is what the fields ask for.
    pub struct EnglishLearner {
        test_listening: String => "ELPAC listening: how the student takes it", Choice("elpac_domain_ways");
        test_speaking: String => "ELPAC speaking: how the student takes it", Choice("elpac_domain_ways");
        test_reading: String => "ELPAC reading: how the student takes it", Choice("elpac_domain_ways");
        test_writing: String => "ELPAC writing: how the student takes it", Choice("elpac_domain_ways");
        test_supports: String => "Supports for the test, by domain (non-embedded)", Long;
        results_date: Option<NaiveDate> => "Date of the most recent English proficiency assessment", Date;
        result_listening: String => "Result: listening", Text;
        result_speaking: String => "Result: speaking", Text;
        result_reading: String => "Result: reading", Text;
        result_writing: String => "Result: writing", Text;
        result_overall: String => "Result: overall", Text;
        alternate_results: String => "Alternate assessment results", Long;
        needs: Vec<String> => "English learner needs (check all that apply)", Multi("el_needs");
        comprehensible_input: String => "Strategies for comprehensible input in English", Long;
        general_ed_setting: String => "Recommended general education setting", Choice("el_settings");
        eld_provided_in: String => "English language development provided in", Choice("eld_settings");
        instruction_language: String => "Language of special education instruction", Text;
    }
}

record! {
    /// IEP 6G behavior intervention plan and behavioral emergency reports (5 CCR 3052; EC 56521.1).
    pub struct BehaviorPlan {
        problem_behavior: String => "Problem behavior (objective, measurable)", Long;
        antecedents: String => "Antecedents and consequences", Long;
        frequency: String => "Frequency, duration, intensity", Text;
        function: String => "Hypothesized function", Text;
        replacement_behavior: String => "Desired and replacement behavior", Long;
        interventions: String => "Interventions (antecedents, teaching, consequences)", Long;
        safety_strategy: String => "Recurring behavior / safety strategy", Long;
        review_dates: String => "Dates of periodic review", Text;
        communication_plan: String => "Communication plan", Long;
        designer_qualification: String => "Designed by (5 CCR 3065(d) qualification)", Choice("bip_qualifications");
        unqualified_implementers: Option<bool> => "Implemented by staff without that qualification", YesNo;
        supervision: String => "Supervision those implementers receive", Text;
        effective: Option<bool> => "Data show the plan is effective", YesNo;
        revised: Option<bool> => "Plan revised at this meeting", YesNo;
        ber_date: Option<NaiveDate> => "Behavioral emergency report reviewed: its date", Date;
        ber_parent_notified: Option<NaiveDate> => "Parent notified of the emergency on", Date;
        ber_new_behavior: Option<bool> => "BER: new serious behavior or plan shown ineffective", YesNo;
        fba_decision: String => "After the BER: FBA and interim plan decision", Choice("fba_decisions");
        fba_reasons: String => "Reasons for not conducting an FBA / interim plan", Long;
        fba_planned: Option<bool> => "Team decided to conduct an FBA", YesNo;
        fba_plan_signed: Option<NaiveDate> => "FBA assessment plan (NC 3) signed by parent", Date;
    }
}

record! {
    /// Manifestation determination (EC 48915.5; 34 CFR 300.530(e)) — manifestation meetings only.
    pub struct Manifestation {
        decision_date: Option<NaiveDate> => "Date of decision to change placement", Date;
        members_determined: Option<bool> => "Relevant IEP team members chosen by the parent and the LEA", YesNo;
        information_reviewed: Option<bool> => "All relevant information reviewed", YesNo;
        caused_by_disability: Option<bool> => "Conduct caused by / related to the disability", YesNo;
        failure_to_implement: Option<bool> => "Conduct a result of failure to implement the IEP", YesNo;
        fba_bip_planned: Option<bool> => "FBA / BIP conducted or reviewed", YesNo;
        returned_to_placement: Option<bool> => "Returned to placement", YesNo;
        placement_change_agreed: Option<bool> => "Parent and LEA agreed to change the placement (BIP)", YesNo;
        parent_notice_date: Option<NaiveDate> => "Parent notified of the decision", Date;
        safeguards_date: Option<NaiveDate> => "Procedural safeguards notice given", Date;
        removal_days_ytd: Option<u32> => "School days removed this year (incl. partial days)", Count;
        longest_removal: Option<u32> => "Longest single suspension (school days)", Count;
        services_plan: String => "Services during removal (general curriculum, IEP goals)", Long;
        iaes_special: Option<bool> => "IAES: weapons, drugs or serious bodily injury", YesNo;
        iaes_by_team: Option<bool> => "IAES determined by the IEP team", YesNo;
        iaes_days: Option<u32> => "IAES length (school days)", Count;
        bus_suspended: Option<bool> => "Suspended from the school bus", YesNo;
        alt_transport: Option<bool> => "Alternative transportation at no cost arranged", YesNo;
        basis_of_knowledge: Option<bool> => "Not yet eligible: concern or evaluation request before", YesNo;
        nps_student: Option<bool> => "Student attends a nonpublic school (NPS)", YesNo;
        parent_disagrees: Option<bool> => "Parent disagrees with determination or placement", YesNo;
    }
}

record! {
    /// IEP 2B: present level in one area.
    pub struct PresentLevel {
        area: String => "Area", Choice("present_level_areas");
        present_level: String => "Present level", Long;
        strengths: String => "Strengths", Long;
        parent_concerns: String => "Parent concerns", Long;
        impact: String => "Impact on general curriculum", Long;
    }
}

record! {
    /// IEP 3A: how and how often progress is reported.
    pub struct ProgressReporting {
        method: String => "Report method", Choice("progress_methods");
        frequency: String => "Frequency", Text;
        how_measured: String => "How progress is measured", Text;
    }
}

record! {
    /// IEP 3A/3B: one annual goal with its objectives.
    pub struct Goal {
        area: String => "Area", Choice("present_level_areas");
        need: String => "Linked area of need", Choice("needs");
        baseline: String => "Baseline", Long;
        annual_goal: String => "Annual goal", Long;
        standard: String => "Curriculum standard", Text;
        monitored_by: String => "Monitored by", Text;
        purposes: Vec<String> => "Goal purpose", Multi("goal_purposes");
        objectives: Vec<String> => "Objectives/benchmarks (one per line)", Lines;
    }
}

record! {
    /// IEP 7B: setting and participation in general education.
    pub struct Placement {
        pct_general_ed: Option<u32> => "Time in general education (%)", Percent;
        nonparticipation: String => "Explanation of non-participation", Long;
        lre_consideration: String => "LRE: potential harmful effects considered", Long;
        options_considered: String => "Service options considered", Long;
        removal_justification: String => "Why regular class with supports is not enough", Long;
        supports_for_personnel: String => "Supports for school personnel (or none)", Long;
        personnel_supports_required: Option<bool> => "IEP 8: supports for school personnel are required", YesNo;
        supplementary_aids: String => "Supplementary aids and services (or none needed)", Long;
        nonacademic: String => "Nonacademic/extracurricular participation", Long;
        at_school_of_residence: Option<bool> => "All services at school of residence", YesNo;
        residence_rationale: String => "Why not at the school of residence", Long;
        physical_education: String => "Physical education", Choice("physical_education");
        transportation: Option<bool> => "Special education transportation", YesNo;
        transportation_details: String => "Transportation: how, when, where, supports", Long;
        transport_needs: Vec<String> => "IEP 8 transportation needs (checklist)", Multi("transport_needs");
        transport_terms: Vec<String> => "Transportation needs apply to (regular year, ESY)", Multi("school_terms");
        graduation_date: Option<NaiveDate> => "Graduation plan (grade 8+): projected graduation or completion date", Date;
        graduation_track: String => "Graduation plan: curriculum leading to", Choice("completion_tracks");
        promotion_criteria: String => "Promotion criteria (IEP 7B)", Choice("promotion_criteria");
        promotion_other: String => "Promotion criteria: other (specify)", Text;
        placement_type: String => "Placement", Choice("placement_types");
        continuum_considered: Vec<String> => "Continuum considered (handbook 14.5)", Multi("continuum_steps");
        shorter_day: Option<bool> => "Instructional day shorter than peers' day", YesNo;
        shorter_day_reason: String => "Team's determination for a shorter day", Long;
        public_options_sought: String => "NPS: public programs sought first", Long;
        no_public_placement: Option<bool> => "NPS: no public program can implement the IEP", YesNo;
        nps_progress_reviewed: Option<bool> => "NPS: progress and state assessments reviewed", YesNo;
        nps_continued_need: Option<bool> => "NPS: continued need and return to public school considered", YesNo;
        out_of_state_return_date: Option<NaiveDate> => "Out-of-state NPS: anticipated return date", Date;
        cde_report_date: Option<NaiveDate> => "Out-of-state NPS: reported to CDE on", Date;
        for_social_emotional: Option<bool> => "Residential/NPS considered for social-emotional needs", YesNo;
        lre_attempts: String => "LRE attempts and continuum options documented", Long;
        interdistrict_transfer: Option<bool> => "Inter-district transfer student (EC 46600)", YesNo;
        transport_equipment: Option<bool> => "Transport: adaptive equipment or bus modification", YesNo;
        transport_bip: Option<bool> => "Transport: BIP carried out on the bus", YesNo;
        medically_fragile: Option<bool> => "Student is medically fragile", YesNo;
        home_hospital_basis: String => "Home/hospital: team recommendation, medical basis", Long;
        scia: String => "Special circumstance aide (SCIA): kind", Choice("scia_kinds");
        scia_need: String => "SCIA: reason and assessment of current need", Long;
        scia_fading_goals: Option<bool> => "SCIA: behavior goals include fading the aide", YesNo;
        scia_supports_documented: Option<bool> => "SCIA: assessment data / written support records", YesNo;
        scia_health_plan: Option<NaiveDate> => "SCIA (SPHC): health plan approved by MD and parent", Date;
        scia_last_review: Option<NaiveDate> => "SCIA: last IEP review of BIP and aide's effect", Date;
        scia_physician_review: Option<NaiveDate> => "SCIA (SPHC): last physician review of the plan", Date;
        ermhs_data_basis: String => "ERMHS: data basis (interventions, FBA, scales...)", Long;
        ermhs_lre_rationale: String => "ERMHS off campus: LRE rationale", Long;
        ermhs_reassess_note: String => "ERMHS, not ED: whether to reassess eligibility", Long;
        dor_approval: Option<bool> => "District of residence participated and approved", YesNo;
    }
}

record! {
    /// IEP 4 and 6A: statewide assessments and accommodations.
    pub struct Assessments {
        participation: String => "Statewide assessment participation", Choice("assessment_participation");
        alternate_justification: String => "Why the alternate assessment", Long;
        testing_accommodations: String => "Testing supports/accommodations", Long;
        supports_ela: String => "Test supports: English language arts (embedded and non-embedded)", Long;
        supports_math: String => "Test supports: mathematics (embedded and non-embedded)", Long;
        supports_science: String => "Test supports: science (embedded and non-embedded)", Long;
        fitness_test: String => "Physical fitness test (grades 5, 7, 9)", Choice("fitness_participation");
        instructional_accommodations: String => "Instructional accommodations/modifications", Long;
        elpac: String => "English proficiency test (ELPAC) participation", Choice("elpac_participation");
        alternate_criteria: Vec<String> => "Alternate assessment: criteria agreed", Multi("alternate_criteria");
        universal_tools_reviewed: Option<bool> => "Distracting universal tools to turn off reviewed", YesNo;
        accommodation_needs: Vec<String> => "Needs the accommodations address", Multi("needs");
        accommodation_scope: String => "Subjects/settings of accommodations (blank: all)", Text;
        modifications: Option<bool> => "Modifications (assignments, courses, content, grading)", YesNo;
        modification_consequences: Option<bool> => "Consequences of modifications explained to parent", YesNo;
        preschool_strategies: String => "Preschool strategies and adaptations (IEP 6B)", Long;
        drdp_adaptations: Option<bool> => "DRDP adaptations needed (IEP 4)", YesNo;
    }
}

record! {
    /// IEP 7A-2: extended school year.
    pub struct Esy {
        q_benefit: Option<bool> => "Without ESY, would lose benefit of the program", YesNo;
        q_regression: Option<bool> => "Without ESY, serious regression / slow recoupment", YesNo;
        required: Option<bool> => "ESY required", YesNo;
        factors: Vec<String> => "Factors considered", Multi("esy_factors");
        goals: String => "Goals addressed during ESY", Text;
        services: String => "ESY services (service, provider, frequency, duration, dates)", Long;
        transportation: Option<bool> => "Transportation during ESY", YesNo;
        denial_reason: String => "Why ESY is not required", Choice("esy_denial_reasons");
        parent_informed: Option<bool> => "Parent told: ESY is at no cost; how to dispute the decision", YesNo;
    }
}

record! {
    /// IEP 7A-1: one service line.
    pub struct Service {
        service: String => "Service", Choice("service_types");
        need: String => "Linked area of need", Choice("needs");
        provider: String => "Provider", Text;
        responsible: String => "Responsible staff", Text;
        location: String => "Location", Choice("service_locations");
        delivery: String => "Delivery model", Choice("delivery_models");
        sessions: Option<u32> => "Sessions per period", Count;
        period: String => "Period", Choice("frequency_periods");
        duration: Option<u32> => "Duration (minutes per session)", Minutes;
        start: Option<NaiveDate> => "Start date", Date;
        end: Option<NaiveDate> => "End date", Date;
        supports_whom: String => "To support (the staff who receive it, IEP 8)", Text;
    }
}

record! {
    /// IEP 6D pages 1-2: postsecondary goals, assessments, course of study, invitations, transfer of rights.
    pub struct TransitionPlan {
        education_goal: String => "Postsecondary goal: education/training", Long;
        employment_goal: String => "Postsecondary goal: employment", Long;
        independent_living_goal: String => "Postsecondary goal: independent living", Long;
        assessments: String => "Age-appropriate transition assessments", Long;
        student_preferences: String => "Student strengths, preferences, interests", Long;
        student_participation: String => "How the student participated", Long;
        course_of_study: String => "Course of study", Long;
        completion: String => "Diploma or certificate", Choice("completion_tracks");
        anticipated_completion: Option<NaiveDate> => "Anticipated completion date", Date;
        credits_required: Option<u32> => "Credits required", Count;
        credits_earned: Option<u32> => "Credits earned", Count;
        transcript_attached: Option<bool> => "Transcript attached", YesNo;
        student_invited: Option<bool> => "Student invited", YesNo;
        agency_invited: Option<bool> => "Agency invited", YesNo;
        agency_consent: Option<NaiveDate> => "Parent consent to invite agency", Date;
        transfer_of_rights_given: Option<NaiveDate> => "Transfer of rights: student informed", Date;
        transfer_of_rights_parent: Option<NaiveDate> => "Transfer of rights: parent informed", Date;
        tor_student_signed: Option<bool> => "Student signed the IEP 6D transfer-of-rights statement", YesNo;
        rights_status: String => "Educational rights (IEP 6D)", Choice("rights_status");
        conservator: String => "Conservator: name, phone, address", Text;
        goals_updated: Option<bool> => "Postsecondary goals reviewed/updated this year", YesNo;
        adult_agencies: String => "Adult agencies (agency, service, referral, person) or N/A", Long;
        regulations_checklist: Vec<String> => "IEP 6D page 3: transition regulations met", Multi("transition_regulations");
        discussed_first: Option<bool> => "Transition discussed at the start of the meeting", YesNo;
        sop_provided: Option<NaiveDate> => "Summary of Performance (NC 12) provided", Date;
        program_change: String => "Program change (IEP 6E)", Choice("program_changes");
        integration_activities: String => "6E: integration activities (nature, time)", Long;
        support_activities: String => "6E: activities supporting the transition", Long;
        change_timeline: String => "6E: timeline", Text;
        change_reassessed: Option<bool> => "6E: reassessed before moving to K/1", YesNo;
        monitoring: String => "6E: how continued success will be monitored", Long;
        levels_for_teacher: String => "6E: present levels and learning style for teacher", Long;
    }
}

record! {
    /// IEP 6D: one transition service.
    pub struct TransitionService {
        postsecondary_goal: String => "Postsecondary goal it serves", Choice("postsecondary_areas");
        service: String => "Transition service", Text;
        activities: String => "Activities to support the service", Long;
        community_experiences: String => "Community experiences (as appropriate)", Long;
        related_services: String => "Related services (as appropriate)", Long;
        linked_goal: String => "Linked goal", Choice("@goals");
        agency: String => "Responsible agency/person", Text;
        frequency: String => "Frequency", Text;
        duration: Option<u32> => "Duration (minutes)", Minutes;
        location: String => "Location", Text;
        start: Option<NaiveDate> => "Service start date", Date;
        end: Option<NaiveDate> => "Service end date", Date;
    }
}

record! {
    /// IEP 9A: acknowledgements and consent.
    pub struct Consent {
        safeguards_received: Option<bool> => "Procedural safeguards received", YesNo;
        copy_received: Option<bool> => "Copy of the IEP received", YesNo;
        reports_received: Option<bool> => "Copy of the assessment report(s) received", YesNo;
        declined_services: Option<bool> => "Declined initiation of special education services", YesNo;
        eligibility_agreement: String => "Eligibility determination", Choice("eligibility_agreement");
        choice: String => "Consent to IEP", Choice("consent_choices");
        exceptions: String => "Exceptions (items not consented to)", Long;
        copy_language: String => "Copy requested in language", Text;
        copy_provided: Option<NaiveDate> => "Translated copy provided", Date;
        medi_cal_billing: Option<bool> => "District bills Medi-Cal for IEP services", YesNo;
        medi_cal_separate: Option<NaiveDate> => "Separate Medi-Cal authorization offered", Date;
        pwn_action: String => "Prior written notice: action proposed or refused", Long;
        pwn_reasons: String => "PWN: why", Long;
        pwn_evaluations: String => "PWN: evaluations, records, reports used", Long;
        pwn_safeguards: Option<bool> => "PWN: safeguards statement and how to get a copy", YesNo;
        pwn_assistance: Option<bool> => "PWN: sources of assistance", YesNo;
        pwn_options_rejected: String => "PWN: other options considered, why rejected", Long;
        pwn_other_factors: String => "PWN: other relevant factors", Long;
        pwn_issued: Option<NaiveDate> => "PWN issued on", Date;
        revocation_received: Option<NaiveDate> => "Written revocation of all services received", Date;
        parent_attendance: String => "IEP 9A items 2-4: the parent", Choice("parent_attendance");
        involvement_facilitated: Option<bool> => "IEP 9A item 8: the district facilitated parent involvement", YesNo;
        parent_signer: String => "Consent signed by (parent/adult student)", Text;
        parent_signed_on: Option<NaiveDate> => "Consent signed on (IEP 9A signature)", Date;
    }
}

record! {
    /// IEP 9A/9B: one signature.
    pub struct Signature {
        name: String => "Name", Choice("@attendees");
        role: String => "Position", Choice("roles");
        signed_on: Option<NaiveDate> => "Date signed", Date;
        signed_at: Option<NaiveTime> => "Time", Time;
    }
}

/// One form of any block, so storage and screens can treat all blocks alike.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyRecord {
    Details(Details),
    Notice(Notice),
    ParentParticipation(ParentParticipation),
    Attendee(Attendee),
    Excusal(Excusal),
    PresentSummary(PresentSummary),
    Eligibility(Eligibility),
    SpecialFactors(SpecialFactors),
    EnglishLearner(EnglishLearner),
    BehaviorPlan(BehaviorPlan),
    Manifestation(Manifestation),
    PresentLevel(PresentLevel),
    ProgressReporting(ProgressReporting),
    Goal(Goal),
    Placement(Placement),
    Assessments(Assessments),
    Esy(Esy),
    Service(Service),
    TransitionPlan(TransitionPlan),
    TransitionService(TransitionService),
    Consent(Consent),
    Signature(Signature),
}

macro_rules! each_record {
    ($self:expr, $r:ident => $body:expr) => {
        match $self {
            AnyRecord::Details($r) => $body,
            AnyRecord::Notice($r) => $body,
            AnyRecord::ParentParticipation($r) => $body,
            AnyRecord::Attendee($r) => $body,
            AnyRecord::Excusal($r) => $body,
            AnyRecord::PresentSummary($r) => $body,
            AnyRecord::Eligibility($r) => $body,
            AnyRecord::SpecialFactors($r) => $body,
            AnyRecord::EnglishLearner($r) => $body,
            AnyRecord::BehaviorPlan($r) => $body,
            AnyRecord::Manifestation($r) => $body,
            AnyRecord::PresentLevel($r) => $body,
            AnyRecord::ProgressReporting($r) => $body,
            AnyRecord::Goal($r) => $body,
            AnyRecord::Placement($r) => $body,
            AnyRecord::Assessments($r) => $body,
            AnyRecord::Esy($r) => $body,
            AnyRecord::Service($r) => $body,
            AnyRecord::TransitionPlan($r) => $body,
            AnyRecord::TransitionService($r) => $body,
            AnyRecord::Consent($r) => $body,
            AnyRecord::Signature($r) => $body,
        }
    };
}

impl AnyRecord {
    pub fn as_record(&self) -> &dyn Record {
        each_record!(self, r => r as &dyn Record)
    }
    pub fn as_record_mut(&mut self) -> &mut dyn Record {
        each_record!(self, r => r as &mut dyn Record)
    }
    pub fn to_json(&self) -> String {
        each_record!(self, r => serde_json::to_string(r).expect("records serialize"))
    }
    pub fn from_json(block: Block, json: &str) -> Result<AnyRecord, serde_json::Error> {
        Ok(match block {
            Block::Details => AnyRecord::Details(serde_json::from_str(json)?),
            Block::Notice => AnyRecord::Notice(serde_json::from_str(json)?),
            Block::Participation => AnyRecord::ParentParticipation(serde_json::from_str(json)?),
            Block::Attendees => AnyRecord::Attendee(serde_json::from_str(json)?),
            Block::Excusals => AnyRecord::Excusal(serde_json::from_str(json)?),
            Block::PresentSummary => AnyRecord::PresentSummary(serde_json::from_str(json)?),
            Block::Eligibility => AnyRecord::Eligibility(serde_json::from_str(json)?),
            Block::SpecialFactors => AnyRecord::SpecialFactors(serde_json::from_str(json)?),
            Block::EnglishLearner => AnyRecord::EnglishLearner(serde_json::from_str(json)?),
            Block::BehaviorPlan => AnyRecord::BehaviorPlan(serde_json::from_str(json)?),
            Block::Manifestation => AnyRecord::Manifestation(serde_json::from_str(json)?),
            Block::PresentLevels => AnyRecord::PresentLevel(serde_json::from_str(json)?),
            Block::ProgressReporting => AnyRecord::ProgressReporting(serde_json::from_str(json)?),
            Block::Goals => AnyRecord::Goal(serde_json::from_str(json)?),
            Block::Placement => AnyRecord::Placement(serde_json::from_str(json)?),
            Block::Assessments => AnyRecord::Assessments(serde_json::from_str(json)?),
            Block::Esy => AnyRecord::Esy(serde_json::from_str(json)?),
            Block::Services | Block::EsyServices => AnyRecord::Service(serde_json::from_str(json)?),
            Block::TransitionPlan => AnyRecord::TransitionPlan(serde_json::from_str(json)?),
            Block::TransitionServices => AnyRecord::TransitionService(serde_json::from_str(json)?),
            Block::Consent => AnyRecord::Consent(serde_json::from_str(json)?),
            Block::Signatures => AnyRecord::Signature(serde_json::from_str(json)?),
        })
    }
    /// One-line description for a list row.
    pub fn summary(&self) -> String {
        let join = |parts: &[String]| {
            parts.iter().filter(|p| !p.trim().is_empty()).cloned().collect::<Vec<_>>().join(" · ")
        };
        let s = match self {
            AnyRecord::Attendee(a) => {
                let mut parts = vec![a.name.clone(), a.roles.join(", "), a.mode.clone()];
                if let Some(t) = a.arrived {
                    parts.push(format!("in {}", t.format("%H:%M")));
                }
                if let Some(t) = a.left {
                    parts.push(format!("left {}", t.format("%H:%M")));
                }
                join(&parts)
            }
            AnyRecord::Excusal(e) => {
                let d = match e.area_modified_or_discussed {
                    Some(true) => "discussed".to_string(),
                    Some(false) => "not discussed".to_string(),
                    None => String::new(),
                };
                join(&[e.member.clone(), e.role.clone(), e.area.clone(), d])
            }
            AnyRecord::PresentLevel(p) => join(&[p.area.clone(), p.present_level.clone()]),
            AnyRecord::Goal(g) => join(&[g.area.clone(), g.annual_goal.clone()]),
            AnyRecord::Service(s) => {
                let mpw = s.minutes_per_week().map(|m| format!("{m:.0} min/wk")).unwrap_or_default();
                join(&[s.service.clone(), s.frequency_text(), mpw, s.location.clone()])
            }
            AnyRecord::TransitionService(t) => join(&[t.service.clone(), t.agency.clone()]),
            AnyRecord::Signature(s) => {
                join(&[s.name.clone(), s.role.clone(), s.signed_on.map(|d| d.to_string()).unwrap_or_default()])
            }
            other => {
                let r = other.as_record();
                join(&r.specs().iter().map(|s| r.get(s.key)).collect::<Vec<_>>())
            }
        };
        let s = s.lines().next().unwrap_or("").to_string();
        if s.is_empty() { "(empty)".to_string() } else { s }
    }
}

impl Service {
    /// "2 x 30 min weekly".
    pub fn frequency_text(&self) -> String {
        match (self.sessions, self.duration, self.period.as_str()) {
            (Some(n), Some(d), p) if !p.is_empty() => format!("{n} x {d} min {p}"),
            (Some(n), None, p) if !p.is_empty() => format!("{n} x {p}"),
            (None, Some(d), p) => format!("{d} min {p}").trim().to_string(),
            _ => String::new(),
        }
    }

    /// Minutes per school week. Periods other than a week are converted with the school-year
    /// factors: 5 school days a week, 4 weeks a month, 36 weeks a year.
    pub fn minutes_per_week(&self) -> Option<f64> {
        let n = self.sessions? as f64;
        let d = self.duration? as f64;
        let per_week = match self.period.as_str() {
            "daily" => 5.0,
            "weekly" => 1.0,
            "monthly" => 1.0 / 4.0,
            "quarterly" => 1.0 / 9.0,
            "yearly" => 1.0 / 36.0,
            _ => return None,
        };
        Some(n * d * per_week)
    }
}

/// One stored form of a meeting, with its storage identity and row version.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: i64,
    pub version: i64,
    pub record: AnyRecord,
}

/// How a field that links to a goal stores it: by the goal's row id, so a reorder, a deletion or a
/// label cut short on a narrow screen can never change which goal it names.
pub const GOAL_REF: &str = "goal:";

pub fn goal_ref(item_id: i64) -> String {
    format!("{GOAL_REF}{item_id}")
}

fn goal_label(n: usize, rec: &AnyRecord) -> String {
    match rec {
        AnyRecord::Goal(g) => {
            let text = g.annual_goal.replace('\n', " ");
            format!("Goal {}: {}", n + 1, if g.area.is_empty() { text } else { format!("{} — {}", g.area, text) })
        }
        _ => format!("Goal {}", n + 1),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingStatus {
    Open,
    Finalized,
}

impl MeetingStatus {
    pub fn code(self) -> &'static str {
        match self {
            MeetingStatus::Open => "open",
            MeetingStatus::Finalized => "finalized",
        }
    }
}

/// A whole meeting as loaded: header, every block's items, minutes entries, done marks, amendments.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    pub student_id: i64,
    pub mtype: MeetingType,
    pub status: MeetingStatus,
    pub created_at: String,
    pub finalized_at: Option<String>,
    /// Who finalized it (OS user and SSH client address, as the audit trail has it).
    pub finalized_by: Option<String>,
    /// Which rule set checked it, recorded at finalize (`RuleSet::describe`).
    pub rules_used: Option<String>,
    pub done: [bool; 7],
    pub items: Vec<(Block, Vec<Item>)>,
    /// Minutes entries in the order they were recorded.
    pub entries: Vec<super::minutes::Entry>,
    /// Changes after finalization, in the order they were recorded.
    pub amendments: Vec<super::minutes::Amendment>,
}

impl Meeting {
    pub fn new(id: i64, student_id: i64, mtype: MeetingType) -> Meeting {
        Meeting {
            id,
            student_id,
            mtype,
            status: MeetingStatus::Open,
            created_at: String::new(),
            finalized_at: None,
            finalized_by: None,
            rules_used: None,
            done: [false; 7],
            items: Block::ALL.iter().map(|b| (*b, Vec::new())).collect(),
            entries: Vec::new(),
            amendments: Vec::new(),
        }
    }
    pub fn block(&self, b: Block) -> &[Item] {
        self.items.iter().find(|(k, _)| *k == b).map(|(_, v)| v.as_slice()).unwrap_or(&[])
    }
    pub fn block_mut(&mut self, b: Block) -> &mut Vec<Item> {
        let i = self.items.iter().position(|(k, _)| *k == b).expect("every block present");
        &mut self.items[i].1
    }
    /// The minutes entries of one section.
    pub fn entries_in(&self, s: Section) -> impl Iterator<Item = &super::minutes::Entry> {
        self.entries.iter().filter(move |e| e.section == s)
    }
    /// All minutes text of one section, one entry per line.
    pub fn minutes_text(&self, s: Section) -> String {
        self.entries_in(s).map(|e| e.text.as_str()).collect::<Vec<_>>().join("\n")
    }
    pub fn is_open(&self) -> bool {
        self.status == MeetingStatus::Open
    }
    pub fn details(&self) -> Details {
        match self.block(Block::Details).first().map(|i| &i.record) {
            Some(AnyRecord::Details(d)) => d.clone(),
            _ => Details::default(),
        }
    }
    pub fn date(&self) -> Option<NaiveDate> {
        self.details().date
    }

    /// The text an empty field starts from when it repeats what the team already said elsewhere in
    /// this meeting: the transition plan's strengths, preferences and interests (IEP 6D) from the
    /// present levels' (IEP 2A). A starting text is a draft until confirmed, never the value.
    pub fn carried_text(&self, block: Block, key: &str) -> Option<String> {
        match (block, key) {
            (Block::TransitionPlan, "student_preferences") => match self.block(Block::PresentSummary).first().map(|i| &i.record) {
                Some(AnyRecord::PresentSummary(p)) if !p.strengths.trim().is_empty() => Some(p.strengths.clone()),
                _ => None,
            },
            _ => None,
        }
    }
/// The members excused in writing (NC 7), trimmed and lower case: they did not attend, so the
    /// record never shows them as present nor asks them to sign.
    /// Members excused from the whole meeting (NC 7): not present, not asked to sign.
    pub fn excused_members(&self) -> Vec<String> {
        self.block(Block::Excusals)
            .iter()
            .filter_map(|i| match &i.record {
                // Excused in part, they attend the rest, are present and sign.
                AnyRecord::Excusal(e) if !e.member.trim().is_empty() && e.extent != EXCUSED_IN_PART => Some(e.member.trim().to_lowercase()),
                _ => None,
            })
            .collect()
    }

    /// Whether a list block is shown: ESY service lines once the team finds ESY required (or once
    /// any line exists, so nothing recorded is hidden).
    pub fn list_shown(&self, block: Block) -> bool {
        match block {
            Block::EsyServices => {
                !self.block(block).is_empty()
                    || self.block(Block::Esy).first().is_some_and(|i| i.record.as_record().get("required") == "yes")
            }
            _ => true,
        }
    }

    /// Whether a form shows field `key` of `block` for this meeting and student: fields that only
    /// apply to some students or placements (preschool, NPS, out of state, a special circumstance
    /// aide, a category's eligibility form, Braille) are shown when they apply — and always when
    /// they hold a value, so nothing recorded is ever hidden.
    pub fn field_shown(&self, block: Block, key: &str, item: Option<&AnyRecord>, student: &super::student::Student) -> bool {
        use super::vocab::{DHH, ERMHS_SERVICE, HOME_HOSPITAL_SERVICE, HOME_OR_HOSPITAL, LOW_INCIDENCE, NPS, OUT_OF_STATE_NPS, RESIDENTIAL, SLD, VI};
        if item.is_some_and(|r| !r.as_record().get(key).trim().is_empty()) {
            return true;
        }
        if !block.field_applies(key, self.mtype) {
            return false;
        }
        let placement = self.block(Block::Placement).first().map(|i| i.record.as_record().get("placement_type")).unwrap_or_default();
        let e = self.eligibility();
        let category = if e.category.is_empty() { student.primary_disability.as_str() } else { e.category.as_str() };
        let preschool = matches!(student.grade.as_str(), "Preschool" | "Infant");
        match (block, key) {
            (Block::Placement, "public_options_sought" | "no_public_placement" | "nps_progress_reviewed" | "nps_continued_need") => {
                [NPS, OUT_OF_STATE_NPS, RESIDENTIAL].contains(&placement.as_str())
            }
            (Block::Placement, "out_of_state_return_date" | "cde_report_date") => placement == OUT_OF_STATE_NPS,
            (Block::Placement, "shorter_day_reason") => item.is_some_and(|r| r.as_record().get("shorter_day") == "yes"),
            (Block::Placement, k) if k.starts_with("scia_") => item.is_some_and(|r| !r.as_record().get("scia").is_empty()),
            // A special circumstance aide is rare: its kind is asked for with every field (`*`).
            (Block::Placement, "scia") => false,
            (Block::Placement, "ermhs_data_basis" | "ermhs_reassess_note") => self.service_lines(ERMHS_SERVICE).next().is_some(),
            (Block::Placement, "ermhs_lre_rationale") => {
                self.service_lines(ERMHS_SERVICE).any(|s| super::vocab::OFF_CAMPUS.contains(&s.location.as_str()))
            }
            (Block::Placement, "home_hospital_basis") => placement == HOME_OR_HOSPITAL || self.service_lines(HOME_HOSPITAL_SERVICE).next().is_some(),
            (Block::Placement, "transport_equipment" | "transport_bip" | "medically_fragile") => {
                item.is_some_and(|r| r.as_record().get("transportation") == "yes")
            }
            (Block::Placement, "for_social_emotional" | "lre_attempts") => [NPS, OUT_OF_STATE_NPS, RESIDENTIAL].contains(&placement.as_str()),
            (Block::Placement, "dor_approval") => item.is_some_and(|r| r.as_record().get("interdistrict_transfer") == "yes"),
            (Block::Assessments, "preschool_strategies" | "drdp_adaptations") => preschool,
            // IEP 6C is completed for English learners only.
            (Block::EnglishLearner, "comprehensible_input") => {
                student.is_english_learner()
                    && item.is_some_and(|r| r.as_record().get("needs").contains("Instructional strategies for comprehensible input"))
            }
            (Block::EnglishLearner, _) => student.is_english_learner(),
            (Block::Placement, "transport_needs" | "transport_terms") => item.is_some_and(|r| r.as_record().get("transportation") == "yes"),
            (Block::Placement, "graduation_date" | "graduation_track") => student.grade.parse::<u32>().is_ok_and(|g| g >= 8),
            (Block::Placement, "promotion_other") => item.is_some_and(|r| r.as_record().get("promotion_criteria") == "Other"),
            (Block::Services, "supports_whom") => item.is_some_and(|r| r.as_record().get("service") == "Support for school personnel"),
            (Block::Excusals, "part_excused") => item.is_some_and(|r| r.as_record().get("extent") == EXCUSED_IN_PART),
            (Block::TransitionPlan, "conservator") => item.is_some_and(|r| r.as_record().get("rights_status").contains("conservator")),
            (Block::TransitionPlan, "credits_required" | "credits_earned" | "transcript_attached") => item.is_some_and(|r| r.as_record().get("completion") == "Diploma"),
            (Block::SpecialFactors, "braille_recommended" | "braille_evaluation") => category == VI || student.secondary_disability == VI,
            (Block::SpecialFactors, "dhh_language_mode" | "dhh_opportunities") => {
                DHH.iter().any(|d| category == *d || student.secondary_disability == *d)
            }
            (Block::Assessments, "fitness_test") => matches!(student.grade.as_str(), "5" | "7" | "9"),
            (Block::SpecialFactors, "braille_considered") => category == VI || student.secondary_disability == VI,
            (Block::Eligibility, "sli_disorder") => category == "Speech or language impairment",
            (Block::Eligibility, "md_impairments") => category == "Multiple disabilities",
            (Block::Eligibility, k) if k.starts_with("sld_") => category == SLD,
            (Block::Eligibility, k) if k.starts_with("low_incidence_") => {
                LOW_INCIDENCE.contains(&category)
            }
            _ => true,
        }
    }

    /// The service lines (IEP 7A) of one service type.
    pub fn service_lines<'a>(&'a self, service: &'a str) -> impl Iterator<Item = &'a Service> + 'a {
        self.block(Block::Services).iter().filter_map(move |i| match &i.record {
            AnyRecord::Service(s) if s.service == service => Some(s),
            _ => None,
        })
    }

    /// The areas of need identified (IEP 2A), in the present levels.
    pub fn areas_of_need(&self) -> Vec<String> {
        match self.block(Block::PresentSummary).first().map(|i| &i.record) {
            Some(AnyRecord::PresentSummary(p)) => p.areas_of_need.clone(),
            _ => Vec::new(),
        }
    }

    pub fn eligibility(&self) -> Eligibility {
        match self.block(Block::Eligibility).first().map(|i| &i.record) {
            Some(AnyRecord::Eligibility(e)) => e.clone(),
            _ => Eligibility::default(),
        }
    }
    /// Names of present team members, for pick lists.
    /// A person chosen for a field (an excused member) brings what the attendance list knows of
    /// them: their role, where it is still blank. True when something was filled in.
    /// `known`: the other people the team is picked from (`people::team_candidates`), asked
    /// when the person is not on the attendance list (an excused member usually is not).
    pub fn complete_from_person(&self, block: Block, record: &mut AnyRecord, key: &str, known: &[super::people::Person]) -> bool {
        let (Block::Excusals, "member", AnyRecord::Excusal(e)) = (block, key, &mut *record) else { return false };
        if !e.role.trim().is_empty() || e.member.trim().is_empty() {
            return false;
        }
        let same = |n: &str| n.trim().eq_ignore_ascii_case(e.member.trim());
        let role = self
            .block(Block::Attendees)
            .iter()
            .find_map(|i| match &i.record {
                AnyRecord::Attendee(a) if same(&a.name) => a.roles.first().cloned(),
                _ => None,
            })
            .or_else(|| known.iter().find(|p| same(&p.name)).and_then(|p| p.roles.first().cloned()));
        match role {
            Some(r) => {
                e.role = r;
                true
            }
            None => false,
        }
    }

    pub fn attendee_names(&self) -> Vec<String> {
        self.block(Block::Attendees)
            .iter()
            .filter_map(|i| match &i.record {
                AnyRecord::Attendee(a) if !a.name.is_empty() => Some(a.name.clone()),
                _ => None,
            })
            .collect()
    }
    /// A list item by its row id, with its position (for "goal 2").
    pub fn find_item(&self, block: Block, id: i64) -> Option<(usize, &Item)> {
        self.block(block).iter().enumerate().find(|(_, i)| i.id == id)
    }

    /// The goals to link to, for pick lists: (the value stored — `goal_ref` of the goal's id, never
    /// its label — and "Goal 1: area — text", the whole text, for the list to show).
    pub fn goal_choices(&self) -> Vec<(String, String)> {
        self.block(Block::Goals).iter().enumerate().map(|(n, i)| (goal_ref(i.id), goal_label(n, &i.record))).collect()
    }

    /// A value as a person reads it: a stored goal reference (`goal:<id>`) becomes "Goal 2: area"
    /// as the goals stand now (or says the goal was deleted); any other value is itself.
    pub fn show_value(&self, value: &str) -> String {
        let Some(id) = value.strip_prefix(GOAL_REF).and_then(|v| v.parse::<i64>().ok()) else { return value.to_string() };
        // The goal's number and area ("Goal 2: Vocational"), not its whole text: the goal is read
        // in the goals list, and a value must stay a line a meeting document can carry back.
        match self.block(Block::Goals).iter().position(|i| i.id == id) {
            Some(n) => match &self.block(Block::Goals)[n].record {
                AnyRecord::Goal(g) if !g.area.trim().is_empty() => format!("Goal {}: {}", n + 1, g.area.trim()),
                _ => format!("Goal {}", n + 1),
            },
            None => "(a goal that was deleted)".to_string(),
        }
    }

    /// A record with its references shown as `show_value` does (for forms and exports).
    pub fn shown(&self, rec: &AnyRecord) -> AnyRecord {
        match rec {
            AnyRecord::TransitionService(t) if t.linked_goal.starts_with(GOAL_REF) => {
                AnyRecord::TransitionService(TransitionService { linked_goal: self.show_value(&t.linked_goal), ..t.clone() })
            }
            other => other.clone(),
        }
    }
    /// Total service minutes per week over all service lines that state a frequency.
    pub fn total_minutes_per_week(&self) -> f64 {
        // (A float sum of nothing is -0, which prints as "-0": start from 0.)
        self.block(Block::Services)
            .iter()
            .filter_map(|i| match &i.record {
                AnyRecord::Service(s) => s.minutes_per_week(),
                _ => None,
            })
            .fold(0.0, |a, b| a + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::Cx;

    #[test]
    fn codes_round_trip() {
        for t in MeetingType::ALL {
            assert_eq!(MeetingType::from_code(t.code()), Some(t));
        }
        for s in Section::ALL {
            assert_eq!(Section::from_code(s.code()), Some(s));
        }
        for b in Block::ALL {
            assert_eq!(Block::from_code(b.code()), Some(b));
            let r = b.new_record();
            assert_eq!(AnyRecord::from_json(b, &r.to_json()).unwrap(), r);
        }
        // every block belongs to exactly one section
        let mut seen: Vec<Block> = Section::ALL
            .iter()
            .flat_map(|s| MeetingType::ALL.iter().flat_map(move |t| s.blocks(*t).iter().copied()))
            .collect();
        seen.sort_by_key(|b| b.code());
        seen.dedup();
        assert_eq!(seen.len(), Block::ALL.len());
    }

    #[test]
    fn minutes_per_week() {
        let cx = Cx { today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), now: None };
        let mut s = Service::default();
        assert_eq!(s.minutes_per_week(), None);
        s.set_all(&cx, &[("sessions", "2"), ("duration", "30"), ("period", "weekly")]);
        assert_eq!(s.minutes_per_week(), Some(60.0));
        s.set_all(&cx, &[("period", "daily")]);
        assert_eq!(s.minutes_per_week(), Some(300.0));
        s.set_all(&cx, &[("period", "monthly")]);
        assert_eq!(s.minutes_per_week(), Some(15.0));
        assert_eq!(s.frequency_text(), "2 x 30 min monthly");
        assert!(s.set("duration", "half an hour", &cx).is_err());
        assert_eq!(s.duration, Some(30));
    }

    impl Service {
        fn set_all(&mut self, cx: &Cx, kv: &[(&str, &str)]) {
            for (k, v) in kv {
                self.set(k, v, cx).unwrap();
            }
        }
    }
}

/// What a goal statement lacks to be measurable: a criterion, a measurement method, a timeframe.
/// A heuristic (the catalog's `goal-measurable-annual` says so): it looks for the usual wording.
pub fn measurability_gaps(text: &str) -> Vec<&'static str> {
    let t = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let mut gaps = Vec::new();
    if t.contains(super::goalbank::BLANK) {
        gaps.push("the template's blanks [__] filled in");
    }
    // A year or a date is a timeframe, not a criterion: "by May of 2027" measures nothing.
    let words: Vec<&str> = t.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '(' | ')')).filter(|w| !w.is_empty()).collect();
    let is_year = |w: &str| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")) && w.chars().all(|c| c.is_ascii_digit());
    const NUMBER_WORDS: [&str; 10] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    let is_count = |w: &str| (w.chars().any(|c| c.is_ascii_digit()) && !is_year(w)) || NUMBER_WORDS.contains(&w);
    let number = words.iter().any(|w| is_count(w));
    // "4 of 5", "four out of five", "8 of 10 opportunities"
    let n_of_m = words.windows(3).any(|w| is_count(w[0]) && w[1] == "of" && is_count(w[2]))
        || words.windows(4).any(|w| is_count(w[0]) && w[1] == "out" && w[2] == "of" && is_count(w[3]));
    let criterion = n_of_m
        || has(&["%", "percent", "trials", "accuracy", "wcpm", "words per minute", "per minute", "rubric", "consecutive", "times", "/"]) && number
        || has(&["independently", "without prompts", "with no more than"]);
    if !criterion {
        gaps.push("a criterion (e.g. 80% accuracy, 4 of 5 trials)");
    }
    if !has(&["measured", "data", "observation", "probe", "work sample", "records", "assessment", "chart", "log", "checklist", "rubric", "test", "inventory", "running record"]) {
        gaps.push("a measurement method (e.g. as measured by teacher-charted probes)");
    }
    let year = t.split(|c: char| !c.is_ascii_digit()).any(|w| w.len() == 4 && (w.starts_with("20")));
    let month = ["january", "february", "march", "april", "may ", "june", "july", "august", "september", "october", "november", "december"].iter().any(|m| t.contains(m));
    if !(year || month || has(&["by the end of", "within", "annual iep", "weeks", "by the next", "this iep"])) {
        gaps.push("a timeframe (e.g. by May 2027)");
    }
    gaps
}

#[cfg(test)]
mod measurable_tests {
    use super::measurability_gaps;

    #[test]
    fn measurable_goal_has_no_gaps() {
        let g = "By May 2027, given a grade-level passage, Tavi will read 110 words per minute with 95% accuracy, as measured by monthly curriculum-based probes.";
        assert!(measurability_gaps(g).is_empty(), "{:?}", measurability_gaps(g));
    }

    /// A year is a timeframe, never the criterion ("May of 2027" is not "4 of 5").
    #[test]
    fn a_year_is_not_a_criterion() {
        let g = measurability_gaps("By May of 2027, Tavi will write a paragraph, as measured by work samples.");
        assert_eq!(g, ["a criterion (e.g. 80% accuracy, 4 of 5 trials)"], "{g:?}");
        assert!(measurability_gaps("By May of 2027, Tavi will write a paragraph in 4 of 5 trials, as measured by work samples.").is_empty());
        assert!(measurability_gaps("By May 2027, Tavi will write a paragraph in four out of five opportunities, as measured by work samples.").is_empty());
    }

    #[test]
    fn vague_goal_lacks_everything() {
        assert_eq!(measurability_gaps("Tavi will improve reading.").len(), 3);
        let g = measurability_gaps("By June 2027 Tavi will read better.");
        assert_eq!(g.len(), 2, "{g:?}");
    }
}

#[cfg(test)]
mod shown_tests {
    use super::*;
    use crate::domain::student::Student;

    #[test]
    fn every_block_is_in_the_section_that_lists_it() {
        for b in Block::ALL {
            let listed: Vec<Section> = Section::ALL.into_iter().filter(|s| MeetingType::ALL.iter().any(|t| s.blocks(*t).contains(&b))).collect();
            assert_eq!(listed, [Section::of_block(b)], "{b:?}");
        }
    }

    /// Fields for some students or placements appear when they apply, and always once they hold a value.
    #[test]
    fn fields_show_when_they_apply_or_hold_a_value() {
        let mut m = Meeting::new(1, 1, MeetingType::Annual);
        let school_age = Student { grade: "4".into(), primary_disability: "Autism".into(), ..Default::default() };
        let preschooler = Student { grade: "Preschool".into(), ..school_age.clone() };
        assert!(!m.field_shown(Block::Assessments, "drdp_adaptations", None, &school_age));
        assert!(m.field_shown(Block::Assessments, "drdp_adaptations", None, &preschooler));
        assert!(!m.field_shown(Block::SpecialFactors, "braille_considered", None, &school_age));
        assert!(!m.field_shown(Block::Eligibility, "sld_observer", None, &school_age));
        assert!(!m.field_shown(Block::Placement, "cde_report_date", None, &school_age));
        // Placement fields for a case that has them: an ERMHS line (off campus: its LRE rationale),
        // home/hospital, transportation, an inter-district transfer; the SCIA kind only with `*`.
        for k in ["scia", "ermhs_data_basis", "ermhs_lre_rationale", "home_hospital_basis", "transport_bip", "medically_fragile", "dor_approval", "lre_attempts"] {
            assert!(!m.field_shown(Block::Placement, k, None, &school_age), "{k}");
        }
        let mut with = m.clone();
        let mut svc = Block::Services.new_record();
        let cx = crate::domain::fields::Cx { today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), now: None };
        svc.as_record_mut().set("service", crate::domain::vocab::ERMHS_SERVICE, &cx).unwrap();
        with.block_mut(Block::Services).push(Item { id: 9, version: 1, record: svc.clone() });
        assert!(with.field_shown(Block::Placement, "ermhs_data_basis", None, &school_age));
        assert!(!with.field_shown(Block::Placement, "ermhs_lre_rationale", None, &school_age));
        svc.as_record_mut().set("location", "Community", &cx).unwrap();
        with.block_mut(Block::Services)[0].record = svc;
        assert!(with.field_shown(Block::Placement, "ermhs_lre_rationale", None, &school_age));
        let mut p = Block::Placement.new_record();
        for (k, v) in [("transportation", "yes"), ("interdistrict_transfer", "yes"), ("placement_type", "Home or hospital")] {
            p.as_record_mut().set(k, v, &cx).unwrap();
        }
        with.block_mut(Block::Placement).push(Item { id: 10, version: 1, record: p.clone() });
        for k in ["home_hospital_basis", "transport_bip", "medically_fragile", "dor_approval"] {
            assert!(with.field_shown(Block::Placement, k, Some(&p), &school_age), "{k}");
        }
        assert!(!m.field_shown(Block::Details, "interim_outcome", None, &school_age));
        let p = Placement { placement_type: "Out-of-state nonpublic school".into(), ..Default::default() };
        m.block_mut(Block::Placement).push(Item { id: 1, version: 1, record: AnyRecord::Placement(p) });
        assert!(m.field_shown(Block::Placement, "cde_report_date", None, &school_age));
        let a = Assessments { drdp_adaptations: Some(true), ..Default::default() };
        assert!(m.field_shown(Block::Assessments, "drdp_adaptations", Some(&AnyRecord::Assessments(a)), &school_age), "a value is never hidden");
    }
}

#[cfg(test)]
mod person_tests {
    use super::*;

    #[test]
    fn an_excused_member_chosen_from_the_attendance_list_brings_their_role() {
        let mut m = Meeting::new(1, 1, MeetingType::Annual);
        let a = Attendee { name: "L. Demo-Park".into(), roles: vec!["Related-service provider".into()], ..Default::default() };
        m.block_mut(Block::Attendees).push(Item { id: 7, version: 1, record: AnyRecord::Attendee(a) });
        let mut rec = AnyRecord::Excusal(Excusal { member: "L. Demo-Park".into(), ..Default::default() });
        assert!(m.complete_from_person(Block::Excusals, &mut rec, "member", &[]));
        let AnyRecord::Excusal(e) = &rec else { panic!() };
        assert_eq!(e.role, "Related-service provider");
        // Someone not present (the usual excused member) brings the role the staff directory knows.
        let known = [crate::domain::people::Person { name: "t. otwright".into(), roles: vec!["Related-service provider".into()], ..Default::default() }];
        let mut absent = AnyRecord::Excusal(Excusal { member: "T. Otwright".into(), ..Default::default() });
        assert!(m.complete_from_person(Block::Excusals, &mut absent, "member", &known));
        let AnyRecord::Excusal(e) = &absent else { panic!() };
        assert_eq!(e.role, "Related-service provider");
        // A role already given is kept; someone not in the list brings nothing.
        let mut given = AnyRecord::Excusal(Excusal { member: "L. Demo-Park".into(), role: "Other".into(), ..Default::default() });
        assert!(!m.complete_from_person(Block::Excusals, &mut given, "member", &known));
        let mut stranger = AnyRecord::Excusal(Excusal { member: "Somebody Else".into(), ..Default::default() });
        assert!(!m.complete_from_person(Block::Excusals, &mut stranger, "member", &known));
        let AnyRecord::Excusal(e) = &stranger else { panic!() };
        assert_eq!(e.role, "");
        // Other fields and lists are untouched.
        assert!(!m.complete_from_person(Block::Excusals, &mut rec, "area", &known));
    }
}
