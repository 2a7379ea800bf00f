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
    /// The blocks shown in this section, in order.
    pub fn blocks(self) -> &'static [Block] {
        use Block::*;
        match self {
            Section::Attendance => &[Details, Attendees],
            Section::Excusals => &[Excusals],
            Section::PresentLevels => &[PresentSummary, PresentLevels],
            Section::Goals => &[ProgressReporting, Goals],
            Section::Services => &[Placement, Services],
            Section::Transition => &[TransitionPlan, TransitionServices],
            Section::Consent => &[Consent, Signatures],
        }
    }
}

/// A block of a section: either one form (a singleton) or a list of forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Block {
    Details,
    Attendees,
    Excusals,
    PresentSummary,
    PresentLevels,
    ProgressReporting,
    Goals,
    Placement,
    Services,
    TransitionPlan,
    TransitionServices,
    Consent,
    Signatures,
}

impl Block {
    pub const ALL: [Block; 13] = [
        Block::Details,
        Block::Attendees,
        Block::Excusals,
        Block::PresentSummary,
        Block::PresentLevels,
        Block::ProgressReporting,
        Block::Goals,
        Block::Placement,
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
            Block::Attendees => "attendee",
            Block::Excusals => "excusal",
            Block::PresentSummary => "present-summary",
            Block::PresentLevels => "present-level",
            Block::ProgressReporting => "progress-reporting",
            Block::Goals => "goal",
            Block::Placement => "placement",
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
            Block::Attendees => "Team members present",
            Block::Excusals => "Excused members",
            Block::PresentSummary => "Eligibility, strengths and concerns",
            Block::PresentLevels => "Present levels by area",
            Block::ProgressReporting => "Progress reporting",
            Block::Goals => "Annual goals",
            Block::Placement => "Placement (IEP 7B)",
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
                | Block::TransitionServices
                | Block::Signatures
        )
    }
    /// A fresh, empty form of this block.
    pub fn new_record(self) -> AnyRecord {
        match self {
            Block::Details => AnyRecord::Details(Default::default()),
            Block::Attendees => AnyRecord::Attendee(Default::default()),
            Block::Excusals => AnyRecord::Excusal(Default::default()),
            Block::PresentSummary => AnyRecord::PresentSummary(Default::default()),
            Block::PresentLevels => AnyRecord::PresentLevel(Default::default()),
            Block::ProgressReporting => AnyRecord::ProgressReporting(Default::default()),
            Block::Goals => AnyRecord::Goal(Default::default()),
            Block::Placement => AnyRecord::Placement(Default::default()),
            Block::Services => AnyRecord::Service(Default::default()),
            Block::TransitionPlan => AnyRecord::TransitionPlan(Default::default()),
            Block::TransitionServices => AnyRecord::TransitionService(Default::default()),
            Block::Consent => AnyRecord::Consent(Default::default()),
            Block::Signatures => AnyRecord::Signature(Default::default()),
        }
    }
}

record! {
    /// Meeting header (IEP 9B: meeting purpose; NC 6A: date, time, place).
    pub struct Details {
        date: Option<NaiveDate> => "Meeting date", Date;
        start_time: Option<NaiveTime> => "Start time", Time;
        location: String => "Location", Text;
        purpose: String => "Meeting purpose", Text;
    }
}

record! {
    /// IEP 9B: one participant.
    pub struct Attendee {
        name: String => "Name", Text;
        roles: Vec<String> => "Role(s)", Multi("roles");
        mode: String => "Participation", Choice("participation_modes");
        arrived: Option<NaiveTime> => "Arrived", Time;
        left: Option<NaiveTime> => "Left", Time;
    }
}

record! {
    /// NC 7: one excused member.
    pub struct Excusal {
        member: String => "Team member", Text;
        role: String => "Role", Choice("roles");
        area: String => "Area of curriculum/service", Text;
        area_modified_or_discussed: Option<bool> => "Area modified or discussed?", YesNo;
        written_input_received: Option<NaiveDate> => "Written input received", Date;
        parent_agreement: Option<NaiveDate> => "Parent agreed in writing", Date;
        lea_agreement: Option<NaiveDate> => "LEA agreed", Date;
    }
}

record! {
    /// IEP 2A: eligibility, strengths, parent concerns, areas of need.
    pub struct PresentSummary {
        eligible: Option<bool> => "Eligible for special education", YesNo;
        strengths: String => "Strengths, preferences, interests", Long;
        parent_concerns: String => "Parent concerns", Long;
        areas_of_need: Vec<String> => "Areas of need", Multi("needs");
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
    }
}

record! {
    /// IEP 7A-1: one service line.
    pub struct Service {
        service: String => "Service", Choice("service_types");
        provider: String => "Provider", Text;
        responsible: String => "Responsible staff", Text;
        location: String => "Location", Choice("service_locations");
        delivery: String => "Delivery model", Choice("delivery_models");
        sessions: Option<u32> => "Sessions per period", Count;
        period: String => "Period", Choice("frequency_periods");
        duration: Option<u32> => "Duration (minutes per session)", Minutes;
        start: Option<NaiveDate> => "Start date", Date;
        end: Option<NaiveDate> => "End date", Date;
    }
}

record! {
    /// IEP 6D pages 1-2: postsecondary goals, assessments, course of study, invitations, transfer of rights.
    pub struct TransitionPlan {
        education_goal: String => "Postsecondary goal: education/training", Long;
        employment_goal: String => "Postsecondary goal: employment", Long;
        independent_living_goal: String => "Postsecondary goal: independent living", Long;
        assessments: String => "Age-appropriate transition assessments", Long;
        course_of_study: String => "Course of study", Long;
        student_invited: Option<bool> => "Student invited", YesNo;
        agency_invited: Option<bool> => "Agency invited", YesNo;
        agency_consent: Option<NaiveDate> => "Parent consent to invite agency", Date;
        transfer_of_rights_given: Option<NaiveDate> => "Transfer-of-rights statement given", Date;
    }
}

record! {
    /// IEP 6D: one transition service.
    pub struct TransitionService {
        service: String => "Transition service", Text;
        activities: String => "Activities", Long;
        linked_goal: String => "Linked goal", Choice("@goals");
        agency: String => "Responsible agency/person", Text;
    }
}

record! {
    /// IEP 9A: acknowledgements and consent.
    pub struct Consent {
        safeguards_received: Option<bool> => "Procedural safeguards received", YesNo;
        eligibility_agreement: String => "Eligibility determination", Choice("eligibility_agreement");
        choice: String => "Consent to IEP", Choice("consent_choices");
        exceptions: String => "Exceptions (items not consented to)", Long;
        copy_language: String => "Copy requested in language", Text;
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
    Attendee(Attendee),
    Excusal(Excusal),
    PresentSummary(PresentSummary),
    PresentLevel(PresentLevel),
    ProgressReporting(ProgressReporting),
    Goal(Goal),
    Placement(Placement),
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
            AnyRecord::Attendee($r) => $body,
            AnyRecord::Excusal($r) => $body,
            AnyRecord::PresentSummary($r) => $body,
            AnyRecord::PresentLevel($r) => $body,
            AnyRecord::ProgressReporting($r) => $body,
            AnyRecord::Goal($r) => $body,
            AnyRecord::Placement($r) => $body,
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
            Block::Attendees => AnyRecord::Attendee(serde_json::from_str(json)?),
            Block::Excusals => AnyRecord::Excusal(serde_json::from_str(json)?),
            Block::PresentSummary => AnyRecord::PresentSummary(serde_json::from_str(json)?),
            Block::PresentLevels => AnyRecord::PresentLevel(serde_json::from_str(json)?),
            Block::ProgressReporting => AnyRecord::ProgressReporting(serde_json::from_str(json)?),
            Block::Goals => AnyRecord::Goal(serde_json::from_str(json)?),
            Block::Placement => AnyRecord::Placement(serde_json::from_str(json)?),
            Block::Services => AnyRecord::Service(serde_json::from_str(json)?),
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

/// A whole meeting as loaded: header, every block's items, per-section minutes and done marks.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    pub student_id: i64,
    pub mtype: MeetingType,
    pub status: MeetingStatus,
    pub created_at: String,
    pub finalized_at: Option<String>,
    pub done: [bool; 7],
    pub items: Vec<(Block, Vec<Item>)>,
    pub minutes: [String; 7],
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
            done: [false; 7],
            items: Block::ALL.iter().map(|b| (*b, Vec::new())).collect(),
            minutes: Default::default(),
        }
    }
    pub fn block(&self, b: Block) -> &[Item] {
        self.items.iter().find(|(k, _)| *k == b).map(|(_, v)| v.as_slice()).unwrap_or(&[])
    }
    pub fn block_mut(&mut self, b: Block) -> &mut Vec<Item> {
        let i = self.items.iter().position(|(k, _)| *k == b).expect("every block present");
        &mut self.items[i].1
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
    /// Names of present team members, for pick lists.
    pub fn attendee_names(&self) -> Vec<String> {
        self.block(Block::Attendees)
            .iter()
            .filter_map(|i| match &i.record {
                AnyRecord::Attendee(a) if !a.name.is_empty() => Some(a.name.clone()),
                _ => None,
            })
            .collect()
    }
    /// "Goal 1: area — text" labels, for pick lists.
    pub fn goal_labels(&self) -> Vec<String> {
        self.block(Block::Goals)
            .iter()
            .enumerate()
            .map(|(n, i)| match &i.record {
                AnyRecord::Goal(g) => {
                    let text = super::text::summary(&g.annual_goal, 40);
                    format!("Goal {}: {}", n + 1, if g.area.is_empty() { text } else { format!("{} — {}", g.area, text) })
                }
                _ => format!("Goal {}", n + 1),
            })
            .collect()
    }
    /// Total service minutes per week over all service lines that state a frequency.
    pub fn total_minutes_per_week(&self) -> f64 {
        self.block(Block::Services)
            .iter()
            .filter_map(|i| match &i.record {
                AnyRecord::Service(s) => s.minutes_per_week(),
                _ => None,
            })
            .sum()
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
        let mut seen: Vec<Block> = Section::ALL.iter().flat_map(|s| s.blocks().iter().copied()).collect();
        seen.sort_by_key(|b| b.code());
        seen.dedup();
        assert_eq!(seen.len(), Block::ALL.len());
    }

    #[test]
    fn minutes_per_week() {
        let cx = Cx { today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap() };
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
