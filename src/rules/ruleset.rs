//! Rule metadata from `data/rules.toml`: severity, message, citation, enabled. Checked against the
//! catalog ids at load: an unknown id is an error, never silently ignored.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Deserialize;

use super::catalog::CATALOG_IDS;
use super::Severity;

pub const RULES_TOML: &str = include_str!("../../data/rules.toml");

#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: &'static str,
    pub severity: Severity,
    pub phase: String,
    pub catalog_section: String,
    /// Shared with every finding of the rule (cheap to clone).
    pub message: Arc<str>,
    pub cite: Arc<str>,
    pub note: Option<Arc<str>>,
    pub enabled: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    severity: String,
    phase: String,
    catalog_section: String,
    message: String,
    cite: String,
    note: Option<String>,
    #[serde(default = "yes")]
    enabled: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    rule: Vec<RawRule>,
}

#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: HashMap<&'static str, RuleMeta>,
}

impl RuleSet {
    /// The rules file built into the binary, parsed once.
    pub fn builtin() -> &'static RuleSet {
        static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        RULES.get_or_init(|| RuleSet::parse(RULES_TOML).expect("data/rules.toml is valid (checked by tests)"))
    }

    pub fn parse(text: &str) -> Result<RuleSet, String> {
        let raw: RawFile = toml::from_str(text).map_err(|e| format!("rules file: {e}"))?;
        let mut rules = HashMap::new();
        for r in raw.rule {
            let id = CATALOG_IDS
                .iter()
                .find(|c| **c == r.id)
                .ok_or_else(|| format!("rules file: unknown rule id '{}' (not in the catalog)", r.id))?;
            let severity = Severity::parse(&r.severity)
                .ok_or_else(|| format!("rules file: rule '{}': severity '{}' is not ERROR, WARNING or INFO", r.id, r.severity))?;
            let meta = RuleMeta {
                id,
                severity,
                phase: r.phase,
                catalog_section: r.catalog_section,
                message: r.message.into(),
                cite: r.cite.into(),
                note: r.note.map(Into::into),
                enabled: r.enabled,
            };
            if rules.insert(*id, meta).is_some() {
                return Err(format!("rules file: rule '{}' appears twice", r.id));
            }
        }
        Ok(RuleSet { rules })
    }

    pub fn get(&self, id: &str) -> Option<&RuleMeta> {
        self.rules.get(id)
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}
