//! The values of the reference lists (data/reference.toml) that code singles out by name: roles,
//! disability categories, placement types. One place, used by the rules and by the forms that
//! show a field only where it applies; a test checks each is still in its list.

pub const PARENT_ROLES: [&str; 3] =
    ["Parent/guardian", "Educational representative/surrogate parent", "Representative selected by the parent"];
pub const GEN_ED: &str = "General education teacher";
pub const SPED: &str = "Special education teacher/provider";
pub const LEA_REP: &str = "LEA representative";
pub const ASSESSMENT_INTERPRETER: &str = "Interpreter of assessment results";
pub const AGENCY_REP: &str = "Agency representative";
/// Deaf and hard-of-hearing categories (data/reference.toml: disabilities).
pub const DHH: [&str; 3] = ["Hard of hearing", "Deafness", "Deaf-blindness"];
/// Low-incidence disabilities (EC 56026.5): hearing, vision, severe orthopedic impairments.
pub const LOW_INCIDENCE: [&str; 5] = ["Deafness", "Hard of hearing", "Deaf-blindness", "Visual impairment", "Orthopedic impairment"];
/// IEP 7B placement types (data/reference.toml: placement_types) the rules single out.
pub const GEN_ED_PLACEMENT: &str = "General education with supports";
pub const SPECIAL_CLASS: &str = "Special class";
pub const NPS: &str = "Nonpublic school (NPS)";
pub const OUT_OF_STATE_NPS: &str = "Out-of-state nonpublic school";
pub const RESIDENTIAL: &str = "Residential";
/// Details `interim_outcome` (data/reference.toml: interim_outcomes).
pub const INTERIM_NEW_IEP: &str = "Develop a new IEP";
pub const COUNTY: &str = "County office / regional program";
/// Home or hospital instruction: a placement type and a service type.
pub const HOME_OR_HOSPITAL: &str = "Home or hospital";
/// IEP 7A service types (data/reference.toml: service_types) the rules and forms single out.
pub const HOME_HOSPITAL_SERVICE: &str = "Home/hospital instruction";
pub const ERMHS_SERVICE: &str = "Educationally related mental health services (ERMHS)";
/// Service locations (data/reference.toml: service_locations) away from the school campus.
pub const OFF_CAMPUS: [&str; 4] = ["Community", "Home", "Hospital", "Other"];
/// Visual impairment (disabilities).
pub const VI: &str = "Visual impairment";
/// Specific learning disability (disabilities).
pub const SLD: &str = "Specific learning disability";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::refdata::RefData;

    #[test]
    fn every_named_value_is_in_its_list() {
        let r = RefData::builtin();
        let has = |list: &str, v: &str| assert!(r.list(list).iter().any(|x| x == v), "{v} is not in {list}");
        for v in PARENT_ROLES.iter().chain([GEN_ED, SPED, LEA_REP, ASSESSMENT_INTERPRETER, AGENCY_REP].iter()) {
            has("roles", v);
        }
        for v in DHH.iter().chain(LOW_INCIDENCE.iter()).chain([VI, SLD].iter()) {
            has("disabilities", v);
        }
        for v in [GEN_ED_PLACEMENT, SPECIAL_CLASS, NPS, OUT_OF_STATE_NPS, RESIDENTIAL, COUNTY, HOME_OR_HOSPITAL] {
            has("placement_types", v);
        }
        has("service_types", HOME_HOSPITAL_SERVICE);
        has("service_types", ERMHS_SERVICE);
        for v in OFF_CAMPUS {
            has("service_locations", v);
        }
        has("interim_outcomes", INTERIM_NEW_IEP);
    }
}
