//! Rule metadata from `data/rules.toml`: severity, message, citation, enabled. Checked against the
//! catalog ids at load: an unknown id is an error, never silently ignored.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Deserialize;

use super::catalog::CATALOG_IDS;
use super::Severity;
use crate::domain::meeting::MeetingType;

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
    /// The meetings the rule applies to (`types` in the rules file).
    pub scope: Scope,
}

/// The meetings a rule applies to: a set of meeting types, two of them narrowed by what the
/// meeting does. `interim-30-day` is every 30-day interim meeting, `interim-30-day:new-iep` only one
/// at which the team develops a new IEP instead of adopting the previous one (handbook 7.12.A,
/// IEP 11). `amendment` is every amendment, `amendment:meeting` only one made at a team meeting,
/// not by written agreement without one (7.7.A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scope(u16);

/// What a meeting does, beyond its type, that decides which rules apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub new_iep: bool,
    pub team_met: bool,
}

/// The narrowed scopes: code, the meeting type they narrow, and the fact they need.
const NARROWED: [(&str, MeetingType, fn(Facts) -> bool); 2] = [
    ("interim-30-day:new-iep", MeetingType::Interim30Day, |f| f.new_iep),
    ("amendment:meeting", MeetingType::Amendment, |f| f.team_met),
];

fn type_bit(t: MeetingType) -> u16 {
    1 << t as u16
}

fn narrowed_bit(i: usize) -> u16 {
    1 << (MeetingType::ALL.len() + i)
}

impl Scope {
    pub fn parse(codes: &[String]) -> Result<Scope, String> {
        let mut bits = 0;
        for c in codes {
            bits |= if let Some(i) = NARROWED.iter().position(|(code, _, _)| code == c) {
                narrowed_bit(i)
            } else {
                let t = MeetingType::from_code(c).ok_or_else(|| {
                    let all: Vec<&str> = MeetingType::ALL.iter().map(|t| t.code()).chain(NARROWED.iter().map(|n| n.0)).collect();
                    format!("meeting type '{c}' is not one of {}", all.join(", "))
                })?;
                type_bit(t)
            };
        }
        if bits == 0 {
            return Err("`types` is empty: list the meeting types the rule applies to, or set enabled = false".into());
        }
        Ok(Scope(bits))
    }

    /// Whether a meeting of type `t` that does `facts` is in scope.
    pub fn covers(self, t: MeetingType, facts: Facts) -> bool {
        self.0 & type_bit(t) != 0
            || NARROWED.iter().enumerate().any(|(i, (_, nt, need))| *nt == t && self.0 & narrowed_bit(i) != 0 && need(facts))
    }

    /// The codes, in the order of `MeetingType::ALL` (as the rules file writes them).
    pub fn codes(self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for t in MeetingType::ALL {
            if self.0 & type_bit(t) != 0 {
                out.push(t.code());
            } else {
                out.extend(NARROWED.iter().enumerate().filter(|(i, n)| n.1 == t && self.0 & narrowed_bit(*i) != 0).map(|(_, n)| n.0));
            }
        }
        out
    }

    /// Short form for listings: "all", "all but manifestation-determination", or the codes.
    pub fn describe(self) -> String {
        let codes = self.codes();
        let every = MeetingType::ALL.len();
        let whole: Vec<&str> = codes.iter().copied().filter(|c| !c.contains(':')).collect();
        if whole.len() == every {
            "all".into()
        } else if codes.len() == every && whole.len() == every - 1 {
            let missing = MeetingType::ALL.iter().find(|t| !codes.contains(&t.code())).expect("one is missing");
            let narrowed = codes.iter().find(|c| c.contains(':')).expect("one is narrowed");
            format!("all ({narrowed}; not every {})", missing.code())
        } else {
            codes.join(", ")
        }
    }
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
    types: Vec<String>,
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
                scope: Scope::parse(&r.types).map_err(|e| format!("rules file: rule '{}': {e}", r.id))?,
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
