//! The student and the case dates of the IEP 1 (Demographic Data) form.

use chrono::NaiveDate;

use super::dates;
use super::fields::Kind::*;
use crate::record;

record! {
    /// IEP 1 demographic data and case dates.
    pub struct Student {
        last_name: String => "Last name", Text;
        first_name: String => "First name", Text;
        local_id: String => "Student ID (local)", Text;
        ssid: String => "SSID", Text;
        dob: Option<NaiveDate> => "Date of birth", Dob;
        gender: String => "Gender", Text;
        grade: String => "Grade", Choice("grades");
        school: String => "School of attendance", Text;
        home_language: String => "Home language", Text;
        race: String => "Race/ethnicity (Larry P. rule only)", Choice("races");
        english_proficiency: String => "English proficiency", Choice("english_proficiency");
        rights_holder: String => "Educational rights", Choice("rights_holders");
        rights_holder_name: String => "Rights holder name", Text;
        parent_contact: String => "Parent/guardian contact", Text;
        case_manager: String => "Case manager", Text;
        primary_disability: String => "Primary disability", Choice("disabilities");
        secondary_disability: String => "Secondary disability", Choice("disabilities");
        referral_date: Option<NaiveDate> => "Initial referral date", Date;
        assessment_plan_sent: Option<NaiveDate> => "Assessment plan sent", Date;
        assessment_plan_extension: Option<NaiveDate> => "Parent agreed in writing to extend the plan to", Date;
        initial_consent_date: Option<NaiveDate> => "Consent for initial assessment", Date;
        initial_agreed_date: Option<NaiveDate> => "60-day exception (enrolled from another LEA): completion date agreed with the parent", Date;
        initial_not_produced: Option<bool> => "60-day exception: the parent repeatedly failed or refused to produce the child", YesNo;
        parent_request_date: Option<NaiveDate> => "Parent's written meeting request", Date;
        eligibility_date: Option<NaiveDate> => "Eligibility determined (separate meeting)", Date;
        reassess_request_date: Option<NaiveDate> => "Parent's reassessment request", Date;
        reassess_response_date: Option<NaiveDate> => "LEA response to reassessment request", Date;
        outside_agencies: String => "Outside agencies serving the student", Text;
        ward_of_state: Option<bool> => "Ward of the state (not with parent)", YesNo;
        incarcerated: Option<bool> => "In a correctional institution", YesNo;
        transfer_enrolled: Option<NaiveDate> => "Enrolled on transfer (other LEA)", Date;
        discipline_decision_date: Option<NaiveDate> => "Decision to change placement (discipline)", Date;
        district_of_residence: String => "District of residence (DOR)", Text;
        district_of_attendance: String => "District of attendance (if different)", Text;
        transfer_kind: String => "Transfer: from where", Choice("transfer_kinds");
        interim_placement_date: Option<NaiveDate> => "IEP 11: interim placement made on", Date;
        interim_placement_by: String => "IEP 11: LEA representative who made the interim placement", Text;
        previous_lea: String => "IEP 11: previous LEA and contact", Text;
        previous_iep_date: Option<NaiveDate> => "IEP 11: previous LEA's current complete IEP date", Date;
        parent_consulted: Option<bool> => "Comparable services chosen in consultation with the parent", YesNo;
        transfer_records_requested: Option<NaiveDate> => "Transfer: records requested", Date;
        transfer_records_received: Option<NaiveDate> => "Transfer: records received", Date;
        comparable_services: Option<bool> => "Transfer: comparable services since enrollment", YesNo;
        prior_ifsp: Option<bool> => "Came from Early Start (Part C IFSP)", YesNo;
        transition_ifsp_date: Option<NaiveDate> => "Transition IFSP attended by the district", Date;
        surrogate_appointed: Option<NaiveDate> => "Surrogate: appointment signed by administrator", Date;
        surrogate_accepted: Option<NaiveDate> => "Surrogate: acceptance of appointment", Date;
        eligible_before_19: Option<bool> => "In special education before the 19th birthday", YesNo;
        course_completed: Option<bool> => "Course of study completed or regular diploma", YesNo;
        private_school: Option<bool> => "Parentally placed in a private school", YesNo;
        private_iep_requested: Option<bool> => "Private school: parent asked for an IEP / unsure", YesNo;
        private_certification: Option<NaiveDate> => "Private school: non-enrollment certification asked", Date;
        services_plan_reviewed: Option<NaiveDate> => "Private school: services plan last reviewed", Date;
        reassessment_plan_sent: Option<NaiveDate> => "Reassessment plan sent", Date;
        reassessment_plan_response: Option<NaiveDate> => "Parent response to the reassessment plan", Date;
        reassessment_consent_attempts: Vec<String> => "Attempts to obtain reassessment consent", Lines;
        safeguards_at_referral: Option<NaiveDate> => "Procedural safeguards given with the initial referral", Date;
        safeguards_given: Option<NaiveDate> => "Procedural safeguards last given to the parent (the yearly copy)", Date;
        iee_request_date: Option<NaiveDate> => "Parent requested an IEE at public expense", Date;
        iee_response_date: Option<NaiveDate> => "IEE: criteria and notice (fund / due process) sent", Date;
        last_iep_date: Option<NaiveDate> => "Last complete IEP date", Date;
        last_assessment_date: Option<NaiveDate> => "Most recent assessment IEP", Date;
        reassessment_waived: Option<NaiveDate> => "Parent and LEA agreed in writing: no reassessment needed", Date;
    }
}

impl Student {
    pub fn full_name(&self) -> String {
        match (self.last_name.is_empty(), self.first_name.is_empty()) {
            (true, true) => "(unnamed)".into(),
            (false, true) => self.last_name.clone(),
            (true, false) => self.first_name.clone(),
            _ => format!("{}, {}", self.last_name, self.first_name),
        }
    }
    pub fn age(&self, today: NaiveDate) -> Option<i32> {
        self.dob.map(|d| dates::age_on(d, today))
    }
    pub fn next_annual_due(&self) -> Option<NaiveDate> {
        self.last_iep_date.map(dates::next_annual_due)
    }
    /// Three years after the last assessment, or after the parent and the LEA agreed in writing that
    /// a reassessment was not needed (the clock runs from the later of the two).
    pub fn next_triennial_due(&self) -> Option<NaiveDate> {
        self.triennial_from().map(dates::next_triennial_due)
    }
    /// What the reassessment clock counts from: the last assessment, or a later written waiver.
    pub fn triennial_from(&self) -> Option<NaiveDate> {
        match (self.last_assessment_date, self.reassessment_waived) {
            (Some(a), Some(w)) => Some(a.max(w)),
            (a, w) => a.or(w),
        }
    }
    pub fn is_english_learner(&self) -> bool {
        self.english_proficiency == "EL"
    }
    /// Case-insensitive match on name or either ID.
    pub fn matches(&self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return true;
        }
        let hay = format!(
            "{} {} {} {}",
            self.first_name.to_lowercase(),
            self.last_name.to_lowercase(),
            self.local_id.to_lowercase(),
            self.ssid.to_lowercase()
        );
        q.split_whitespace().all(|w| hay.contains(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::{Cx, Record};

    #[test]
    fn set_and_get() {
        let cx = Cx { today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), now: None };
        let mut s = Student::default();
        s.set("last_name", "Quill", &cx).unwrap();
        s.set("first_name", "Juniper", &cx).unwrap();
        s.set("dob", "2010-05-10", &cx).unwrap();
        s.set("last_iep_date", "2026-03-04", &cx).unwrap();
        assert_eq!(s.full_name(), "Quill, Juniper");
        assert_eq!(s.age(cx.today), Some(16));
        assert_eq!(s.next_annual_due().unwrap().to_string(), "2027-03-04");
        assert!(s.set("dob", "2099-01-01", &cx).is_err());
        assert_eq!(s.get("dob"), "2010-05-10", "a refused value changes nothing");
        assert!(s.matches("juni qui"));
        assert!(!s.matches("zed"));
    }
}
