//! What a rule sees: the student, the meeting, the policy profile, the school calendar, today's date
//! and, during a live meeting, where the team is working.

use chrono::{Duration, NaiveDate};

use crate::domain::dates::{add_years, age_on, birthday};
use crate::domain::meeting::*;
use crate::domain::student::Student;
use crate::timeline::{Calendar, Policy};

/// Where the team is working right now (for live-only checks such as `excusal-scope-drift`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Live {
    pub section: Option<Section>,
    /// The list item open in a form: block and index.
    pub editing: Option<(Block, usize)>,
}

pub struct Ctx<'a> {
    pub student: &'a Student,
    pub meeting: &'a Meeting,
    pub policy: &'a Policy,
    pub calendar: &'a Calendar,
    pub today: NaiveDate,
    pub live: Live,
}

macro_rules! single {
    ($name:ident, $block:ident, $variant:ident, $ty:ty) => {
        /// The form, or an empty one when the meeting has none yet.
        pub fn $name(&self) -> &'a $ty {
            static EMPTY: std::sync::LazyLock<$ty> = std::sync::LazyLock::new(<$ty>::default);
            match self.meeting.block(Block::$block).first().map(|i| &i.record) {
                Some(AnyRecord::$variant(r)) => r,
                _ => &EMPTY,
            }
        }
    };
}

macro_rules! list {
    ($name:ident, $block:ident, $variant:ident, $ty:ty) => {
        pub fn $name(&self) -> Vec<&'a $ty> {
            self.meeting
                .block(Block::$block)
                .iter()
                .filter_map(|i| match &i.record {
                    AnyRecord::$variant(r) => Some(r),
                    _ => None,
                })
                .collect()
        }
    };
}

// The reference-list values the rules single out live in the domain (the forms use them too).
pub use crate::domain::vocab::*;

impl<'a> Ctx<'a> {
    single!(details, Details, Details, Details);
    single!(notice, Notice, Notice, Notice);
    single!(participation, Participation, ParentParticipation, ParentParticipation);
    single!(summary, PresentSummary, PresentSummary, PresentSummary);
    single!(eligibility, Eligibility, Eligibility, Eligibility);
    single!(special_factors, SpecialFactors, SpecialFactors, SpecialFactors);
    single!(english_learner, EnglishLearner, EnglishLearner, EnglishLearner);
    single!(manifestation, Manifestation, Manifestation, Manifestation);
    single!(behavior_plan, BehaviorPlan, BehaviorPlan, BehaviorPlan);
    single!(progress, ProgressReporting, ProgressReporting, ProgressReporting);
    single!(placement, Placement, Placement, Placement);
    single!(assessments, Assessments, Assessments, Assessments);
    single!(esy, Esy, Esy, Esy);
    single!(transition, TransitionPlan, TransitionPlan, TransitionPlan);
    single!(consent, Consent, Consent, Consent);
    list!(attendees, Attendees, Attendee, Attendee);
    list!(excusals, Excusals, Excusal, Excusal);
    list!(present_levels, PresentLevels, PresentLevel, PresentLevel);
    list!(goals, Goals, Goal, Goal);
    list!(services, Services, Service, Service);
    list!(esy_services, EsyServices, Service, Service);
    list!(transition_services, TransitionServices, TransitionService, TransitionService);
    list!(signatures, Signatures, Signature, Signature);

    pub fn mtype(&self) -> MeetingType {
        self.meeting.mtype
    }

    /// The meeting date (today when not yet recorded).
    pub fn date(&self) -> NaiveDate {
        self.details().date.unwrap_or(self.today)
    }

    /// Age on the meeting date.
    pub fn age(&self) -> Option<i32> {
        self.student.dob.map(|d| age_on(d, self.date()))
    }

    /// Projected end of the IEP being written: a year after a full IEP meeting; for other meetings
    /// the end of the current IEP (its next annual review).
    pub fn iep_end(&self) -> NaiveDate {
        let full = add_years(self.date(), self.policy.annual_review_years) - Duration::days(1);
        if self.writes_whole_iep() {
            // The end the IEP states (IEP 1), when the team wrote one; a year otherwise.
            self.details().iep_end.unwrap_or(full)
        } else {
            self.student.next_annual_due().unwrap_or(full)
        }
    }

    /// The student reaches `years` of age before this IEP ends.
    pub fn reaches_age_during_iep(&self, years: i32) -> bool {
        self.student.dob.is_some_and(|d| birthday(d, years) <= self.iep_end())
    }

    /// A transition plan is required: the student turns 16 (policy) while this IEP is in effect.
    /// A student found not eligible has no IEP, so no plan is required of it.
    pub fn transition_required(&self) -> bool {
        self.eligible() && self.reaches_age_during_iep(self.policy.transition_plan_age)
    }

    pub fn is_adult(&self) -> bool {
        self.age().is_some_and(|a| a >= self.policy.age_of_majority)
    }

    /// Eligible unless the team recorded otherwise (initial meetings need an explicit yes).
    /// A reference list of `data/reference.toml`.
    pub fn refdata_list(&self, name: &str) -> &'static [String] {
        crate::domain::refdata::RefData::shared().list(name)
    }

    pub fn eligible(&self) -> bool {
        match self.summary().eligible {
            Some(e) => e,
            None => self.mtype() != MeetingType::Initial,
        }
    }

    /// Initial and triennial meetings determine eligibility (they carry the Eligibility form).
    pub fn determines_eligibility(&self) -> bool {
        matches!(self.mtype(), MeetingType::Initial | MeetingType::Triennial)
    }

    /// The IEP 7B placement is one of `types`.
    pub fn placement_is(&self, types: &[&str]) -> bool {
        types.contains(&self.placement().placement_type.as_str())
    }

    pub fn is_preschool(&self) -> bool {
        matches!(self.student.grade.as_str(), "Preschool" | "Infant")
    }

    /// The primary or secondary disability is one of `categories`.
    pub fn has_disability(&self, categories: &[&str]) -> bool {
        categories.contains(&self.student.primary_disability.as_str()) || categories.contains(&self.student.secondary_disability.as_str())
    }

    /// A meeting was (or is being) held: everything but an amendment made without a meeting
    /// (handbook 7.7.A), which has no team, no notice and no attendance.
    pub fn meeting_held(&self) -> bool {
        self.mtype() != MeetingType::Amendment || !self.attendees().is_empty()
    }

    /// A 30-day interim meeting at which the team develops a new IEP rather than adopting the
    /// previously approved one (handbook 7.12.A): the rules for a whole IEP then apply to it.
    pub fn develops_new_iep(&self) -> bool {
        self.mtype() == MeetingType::Interim30Day && self.details().interim_outcome == INTERIM_NEW_IEP
    }

    /// The meeting writes a whole IEP: initial, annual, triennial, or a 30-day interim meeting that
    /// develops a new one.
    pub fn writes_whole_iep(&self) -> bool {
        self.mtype().completes_iep() || self.develops_new_iep()
    }

    /// A goal about social-emotional needs or behavior (its area or its need, as listed or typed).
    pub fn has_social_emotional_goal(&self) -> bool {
        let se = |t: &str| {
            let t = t.to_lowercase();
            t.contains("behavior") || t.contains("social") || t.contains("emotional")
        };
        self.goals().iter().any(|g| se(&g.area) || se(&g.need))
    }

    /// The meeting offers an IEP to consent to: a whole IEP, or changes to the current one (goals,
    /// services, placement, supports, ESY or transition written at it). A parent-requested review or
    /// a 30-day meeting that adopts the previous IEP and changes nothing asks for no new consent.
    pub fn proposes_changes(&self) -> bool {
        use Block::*;
        self.writes_whole_iep()
            || [Goals, Services, Placement, Assessments, Esy, TransitionPlan, TransitionServices, BehaviorPlan]
                .iter()
                .any(|b| !self.meeting.block(*b).is_empty())
    }

    /// What the meeting does beyond its type, for the rules' scope (`types` in data/rules.toml).
    pub fn facts(&self) -> super::Facts {
        super::Facts { new_iep: self.develops_new_iep(), team_met: self.meeting_held() }
    }

    /// An inter-district transfer student: marked on IEP 7B, or districts of residence and attendance differ.
    pub fn interdistrict(&self) -> bool {
        let s = self.student;
        self.placement().interdistrict_transfer == Some(true)
            || (!blank(&s.district_of_residence) && !blank(&s.district_of_attendance) && !s.district_of_residence.trim().eq_ignore_ascii_case(s.district_of_attendance.trim()))
    }

    pub fn is_el(&self) -> bool {
        self.student.is_english_learner()
    }

    /// Indexes of attendees holding `role`.
    pub fn with_role(&self, role: &str) -> Vec<usize> {
        self.attendees().iter().enumerate().filter(|(_, a)| a.roles.iter().any(|r| r == role)).map(|(i, _)| i).collect()
    }

    pub fn has_role(&self, role: &str) -> bool {
        !self.with_role(role).is_empty()
    }

    pub fn has_qualification(&self, q: &str) -> bool {
        self.attendees().iter().any(|a| a.qualifications.iter().any(|x| x == q))
    }

    /// A parent or other rights-holder participates (an adult student counts when rights transferred).
    pub fn parent_present(&self) -> bool {
        PARENT_ROLES.iter().any(|r| self.has_role(r))
            || (self.student.rights_holder == "Adult student" && self.has_role("Student"))
    }

    /// 7.5: the meeting may go ahead without a parent when the district could not contact them or
    /// convince them to attend, and kept a record of its attempts (or the parent agreed to it).
    pub fn parent_absence_documented(&self) -> bool {
        !self.participation().contact_attempts.is_empty() || self.notice().parent_response == "Consents to the meeting without the parent"
    }

    /// An excusal with complete paperwork covers `role`.
    pub fn validly_excused(&self, role: &str) -> bool {
        self.excusals().iter().any(|e| {
            e.role == role
                && e.parent_agreement.is_some()
                && e.lea_agreement.is_some()
                && e.parent_declined != Some(true)
                && (e.area_modified_or_discussed != Some(true) || e.written_input_received.is_some())
        })
    }

    /// The meeting discusses assessment results (initial, triennial, or listed on the notice).
    pub fn assessments_discussed(&self) -> bool {
        matches!(self.mtype(), MeetingType::Initial | MeetingType::Triennial)
            || self.notice().purposes.iter().any(|p| p == "Assessment results")
    }

    /// Minutes of one section (for rules that accept minutes as documentation).
    pub fn minutes(&self, s: Section) -> String {
        self.meeting.minutes_text(s)
    }
}

/// Whether two names, as people write them, are one person: "Dr. R. Mensah, school psychologist"
/// is "Rosa Mensah" and "R Mensah". Titles, what follows a comma or stands in parentheses, dots and
/// case are ignored; the family names must be the same and the given names agree as far as both go
/// (an initial matches a name it starts).
pub fn same_person(a: &str, b: &str) -> bool {
    PersonName::of(a).is(&PersonName::of(b))
}

/// A name as `same_person` compares it: family name and given names, lower case, without titles
/// and what follows a comma or stands in parentheses. Build it once to compare it with many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(Vec<String>);

impl PersonName {
    pub fn of(s: &str) -> PersonName {
        let s = s.split([',', '(']).next().unwrap_or("");
        PersonName(
            s.split(|c: char| c.is_whitespace() || c == '.')
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'').to_lowercase())
                .filter(|w| !w.is_empty() && !["dr", "mr", "mrs", "ms", "mx", "miss", "prof"].contains(&w.as_str()))
                .collect(),
        )
    }

    pub fn is(&self, other: &PersonName) -> bool {
        let (Some((la, ga)), Some((lb, gb))) = (self.0.split_last(), other.0.split_last()) else { return false };
        la == lb
            && ga.iter().zip(gb).all(|(x, y)| {
                x == y || (x.chars().count() == 1 && y.starts_with(x.as_str())) || (y.chars().count() == 1 && x.starts_with(y.as_str()))
            })
    }
}

pub fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// "first (+N more)" for a list of `total` items whose first is `first`.
pub fn and_more(first: &str, total: usize) -> String {
    if total > 1 { format!("{first} (+{} more)", total - 1) } else { first.to_string() }
}

/// The labels whose flag is set: `[(missing_x, "x"), ...]` gives what is missing.
pub fn flagged<'a>(pairs: &[(bool, &'a str)]) -> Vec<&'a str> {
    pairs.iter().filter(|(on, _)| *on).map(|(_, label)| *label).collect()
}
