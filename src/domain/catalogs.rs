//! Catalogs as data (`data/catalogs.toml`): typical providers and delivery models of each service,
//! IEP 6A accommodations and modifications, and the statewide-assessment supports of IEP 4. Offered
//! as pick lists by the screens (`options_for`).

use std::sync::OnceLock;

use serde::Deserialize;

use super::meeting::{AnyRecord, Block};
use super::refdata::RefData;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceEntry {
    pub name: String,
    pub providers: Vec<String>,
    pub delivery: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accommodations {
    pub instructional: Vec<String>,
    pub modifications: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentSupports {
    pub universal_tools: Vec<String>,
    pub designated_supports: Vec<String>,
    pub accommodations: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogs {
    pub service: Vec<ServiceEntry>,
    pub accommodations: Accommodations,
    pub assessment_supports: AssessmentSupports,
}

impl Catalogs {
    pub fn parse(text: &str, refdata: &RefData) -> Result<Catalogs, String> {
        let c: Catalogs = toml::from_str(text).map_err(|e| format!("data/catalogs.toml: {e}"))?;
        for s in &c.service {
            if !refdata.list("service_types").contains(&s.name) {
                return Err(format!("data/catalogs.toml: service '{}' is not on the service_types list", s.name));
            }
            for d in &s.delivery {
                if !refdata.list("delivery_models").contains(d) {
                    return Err(format!("data/catalogs.toml: service '{}': delivery '{d}' is not a delivery model", s.name));
                }
            }
        }
        Ok(c)
    }

    pub fn builtin() -> &'static Catalogs {
        static C: OnceLock<Catalogs> = OnceLock::new();
        C.get_or_init(|| Catalogs::parse(include_str!("../../data/catalogs.toml"), &RefData::builtin()).expect("built-in catalogs are valid"))
    }

    /// The catalog for a field, given the record being edited: providers follow the chosen service
    /// (every provider when none is chosen yet); accommodations and assessment supports are labelled by
    /// their kind. None when the field has no catalog.
    pub fn options_for(&self, block: Block, key: &str, record: &AnyRecord) -> Option<Vec<String>> {
        match (block, key, record) {
            (Block::Services | Block::EsyServices, "provider", AnyRecord::Service(s)) => {
                let mut v: Vec<String> = match self.service.iter().find(|e| e.name == s.service) {
                    Some(e) => e.providers.clone(),
                    None => self.service.iter().flat_map(|e| e.providers.clone()).collect(),
                };
                let mut seen = std::collections::HashSet::new();
                v.retain(|p| seen.insert(p.clone()));
                Some(v)
            }
            (Block::Services | Block::EsyServices, "delivery", AnyRecord::Service(s)) => {
                let typical = self.service.iter().find(|e| e.name == s.service).map(|e| e.delivery.clone()).unwrap_or_default();
                // Typical models first, then the rest of the list.
                let mut v = typical.clone();
                v.extend(RefData::builtin().list("delivery_models").iter().filter(|d| !typical.contains(d)).cloned());
                Some(v)
            }
            (Block::Assessments, "instructional_accommodations", _) => Some(
                self.accommodations
                    .instructional
                    .iter()
                    .cloned()
                    .chain(self.accommodations.modifications.iter().map(|m| format!("Modification: {m}")))
                    .collect(),
            ),
            (Block::Assessments, "testing_accommodations", _) => Some(
                self.assessment_supports
                    .universal_tools
                    .iter()
                    .map(|x| format!("Universal tool: {x}"))
                    .chain(self.assessment_supports.designated_supports.iter().map(|x| format!("Designated support: {x}")))
                    .chain(self.assessment_supports.accommodations.iter().map(|x| format!("Accommodation: {x}")))
                    .collect(),
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::meeting::Service;

    #[test]
    fn providers_follow_the_service() {
        let c = Catalogs::builtin();
        let s = AnyRecord::Service(Service { service: "Language and speech".into(), ..Default::default() });
        let p = c.options_for(Block::Services, "provider", &s).unwrap();
        assert_eq!(p[0], "Speech-language pathologist");
        let d = c.options_for(Block::Services, "delivery", &s).unwrap();
        assert_eq!(&d[..2], ["Individual", "Group"]);
        assert_eq!(d.len(), RefData::builtin().list("delivery_models").len(), "typical first, then all the others once");
        let none = AnyRecord::Service(Service::default());
        assert!(c.options_for(Block::Services, "provider", &none).unwrap().len() > 20);
        let a = c.options_for(Block::Assessments, "testing_accommodations", &Block::Assessments.new_record()).unwrap();
        assert!(a.iter().any(|x| x == "Designated support: Text-to-speech (items)"));
        assert!(c.options_for(Block::Goals, "baseline", &Block::Goals.new_record()).is_none());
    }

    #[test]
    fn bad_catalogs_are_refused() {
        let r = RefData::builtin();
        let base = "[accommodations]\ninstructional=[]\nmodifications=[]\n[assessment_supports]\nuniversal_tools=[]\ndesignated_supports=[]\naccommodations=[]\n";
        let bad = format!("[[service]]\nname='Juggling'\nproviders=[]\ndelivery=[]\n{base}");
        assert!(Catalogs::parse(&bad, &r).unwrap_err().contains("not on the service_types list"));
        let bad = format!("[[service]]\nname='Language and speech'\nproviders=[]\ndelivery=['Telepathy']\n{base}");
        assert!(Catalogs::parse(&bad, &r).unwrap_err().contains("not a delivery model"));
    }
}
