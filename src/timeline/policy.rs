//! Policy profiles: `data/policy/*.toml`.

use serde::Deserialize;

pub const BUILTIN: &[(&str, &str)] = &[
    ("california", include_str!("../../data/policy/california.toml")),
    ("idea-federal", include_str!("../../data/policy/idea-federal.toml")),
];

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub name: String,
    pub title: String,
    pub transition_plan_age: i32,
    pub transfer_of_rights_notice_age: i32,
    pub age_of_majority: i32,
    pub annual_review_years: i32,
    pub reassessment_years: i32,
    pub initial_iep_days: i64,
    pub exclude_breaks_over_school_days: i64,
    pub initial_end_of_year_window: i64,
    pub parent_request_days: i64,
    pub assessment_plan_days: i64,
    pub interim_placement_days: i64,
    pub manifestation_school_days: i64,
    pub eligibility_end_age: i32,
    /// How eligibility ends at `eligibility_end_age`: "birthday" (the day before that birthday) or
    /// "california-fiscal-year" (E.C. 56026(c)(4), handbook 7.18: June 30 or December 31 by birthday month).
    pub eligibility_end_rule: String,
    /// The ESY decision should come at least this many days before the summer break (a local choice).
    pub esy_decision_days_before_break: i64,
    /// After a behavioral emergency for a student without a BIP, an IEP meeting within this many days.
    pub ber_meeting_days: i64,
    /// An NPS student transferring within the SELPA: IEP review within this many school days of the records.
    pub nps_transfer_review_school_days: i64,
    /// Behavioral special-circumstance instructional assistance reviewed at least this often.
    pub scia_review_months: u32,
    /// Another IEP meeting due within this many days of this one: consider one meeting.
    pub consolidate_meetings_days: i64,
}

impl Policy {
    pub fn names() -> Vec<&'static str> {
        BUILTIN.iter().map(|(n, _)| *n).collect()
    }

    /// A built-in profile, parsed once per process (a lookup asks for it several times).
    pub fn builtin(name: &str) -> Result<Policy, String> {
        static PARSED: [std::sync::OnceLock<Result<Policy, String>>; BUILTIN.len()] = [const { std::sync::OnceLock::new() }; BUILTIN.len()];
        let i = BUILTIN
            .iter()
            .position(|(n, _)| *n == name)
            .ok_or_else(|| format!("unknown policy '{name}' (known: {})", Policy::names().join(", ")))?;
        let (_, text) = BUILTIN[i];
        PARSED[i].get_or_init(|| Policy::parse(text).map_err(|e| format!("data/policy/{name}.toml: {e}"))).clone()
    }

    pub fn parse(text: &str) -> Result<Policy, String> {
        let p: Policy = toml::from_str(text).map_err(|e| e.to_string())?;
        if !(10..=25).contains(&p.transition_plan_age) || p.transfer_of_rights_notice_age > p.age_of_majority {
            return Err("ages are out of range".into());
        }
        if !["birthday", "california-fiscal-year"].contains(&p.eligibility_end_rule.as_str()) {
            return Err(format!(
                "eligibility_end_rule '{}': expected birthday or california-fiscal-year",
                p.eligibility_end_rule
            ));
        }
        Ok(p)
    }

    pub fn california() -> Policy {
        Policy::builtin("california").expect("built-in policy")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        let ca = Policy::california();
        assert_eq!((ca.transition_plan_age, ca.transfer_of_rights_notice_age, ca.age_of_majority), (16, 17, 18));
        assert_eq!((ca.initial_iep_days, ca.exclude_breaks_over_school_days, ca.parent_request_days), (60, 5, 30));
        assert_eq!((ca.assessment_plan_days, ca.interim_placement_days, ca.manifestation_school_days), (15, 30, 10));
        let fed = Policy::builtin("idea-federal").unwrap();
        assert_eq!(fed.exclude_breaks_over_school_days, 0);
        assert!(Policy::builtin("texas").unwrap_err().contains("california"));
        assert!(Policy::parse("name='x'").is_err());
    }

    /// The store stamps due dates with a profile's key without parsing it (`stamp_now`), so each
    /// profile's `name` must be its key.
    #[test]
    fn each_builtin_is_named_by_its_key() {
        for (key, _) in BUILTIN {
            assert_eq!(Policy::builtin(key).unwrap().name, *key);
        }
    }
}
