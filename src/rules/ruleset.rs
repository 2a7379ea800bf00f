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
    /// What the facilitator reads: handbook section, form, statute (`cite::for_facilitator`).
    pub cite: Arc<str>,
    /// The catalog's citation as written, line references and all (for maintainers).
    pub catalog_cite: Arc<str>,
    /// The catalog's editorial note (for maintainers; a finding carries only the engine's notes).
    pub catalog_note: Option<Arc<str>>,
    pub enabled: bool,
    /// The meetings the rule applies to (`types` in the rules file).
    pub scope: Scope,
    /// Set when a district rules file changed the rule: the reason it gave (or "").
    pub district: Option<Arc<str>>,
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

/// A narrowed scope: its code, the meeting type it narrows, the fact it needs, and that fact in
/// words (for listings).
type Narrowed = (&'static str, MeetingType, fn(Facts) -> bool, &'static str);

const NARROWED: [Narrowed; 2] = [
    ("interim-30-day:new-iep", MeetingType::Interim30Day, |f| f.new_iep, "developing a new IEP"),
    ("amendment:meeting", MeetingType::Amendment, |f| f.team_met, "at a team meeting"),
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
            bits |= if let Some(i) = NARROWED.iter().position(|n| n.0 == c) {
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

    /// Every meeting `other` covers, this covers too.
    pub fn contains(self, other: Scope) -> bool {
        other.0 & !self.0 == 0
    }

    /// The narrowed scope of type `t` this scope holds, if any.
    fn narrowed(self, t: MeetingType) -> Option<&'static Narrowed> {
        NARROWED.iter().enumerate().find(|(i, n)| n.1 == t && self.0 & narrowed_bit(*i) != 0).map(|(_, n)| n)
    }

    /// Whether a meeting of type `t` that does `facts` is in scope.
    pub fn covers(self, t: MeetingType, facts: Facts) -> bool {
        self.0 & type_bit(t) != 0 || self.narrowed(t).is_some_and(|n| (n.2)(facts))
    }

    /// The codes, in the order of `MeetingType::ALL` (as the rules file writes them).
    pub fn codes(self) -> Vec<&'static str> {
        MeetingType::ALL
            .into_iter()
            .filter_map(|t| if self.0 & type_bit(t) != 0 { Some(t.code()) } else { self.narrowed(t).map(|n| n.0) })
            .collect()
    }

    /// In words, for listings: "every meeting type; amendment only at a team meeting", or the codes.
    pub fn describe(self) -> String {
        let whole: Vec<MeetingType> = MeetingType::ALL.into_iter().filter(|t| self.0 & type_bit(*t) != 0).collect();
        if whole.len() >= 4 {
            let mut out = String::from("every meeting type");
            for t in MeetingType::ALL.into_iter().filter(|t| !whole.contains(t)) {
                match self.narrowed(t) {
                    Some(n) => out.push_str(&format!("; {} only {}", t.code(), n.3)),
                    None => out.push_str(&format!("; not {}", t.code())),
                }
            }
            return out;
        }
        let mut parts = Vec::new();
        for t in MeetingType::ALL {
            if whole.contains(&t) {
                parts.push(t.code().to_string());
            } else if let Some(n) = self.narrowed(t) {
                parts.push(format!("{} ({})", t.code(), n.3));
            }
        }
        parts.join(", ")
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

/// A district's changes to the built-in rules (`iepmeet rules --load FILE`, kept per database).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DistrictFile {
    name: String,
    #[serde(default)]
    rule: Vec<DistrictRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DistrictRule {
    id: String,
    severity: Option<String>,
    enabled: Option<bool>,
    types: Option<Vec<String>>,
    reason: Option<String>,
}

/// Which rules checked a meeting: the built-in file, or a district's changes over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    pub name: String,
    pub changes: usize,
    hash: u64,
}

#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: HashMap<&'static str, RuleMeta>,
    district: Option<District>,
}

/// FNV-1a, for fingerprints (not for security).
pub(crate) const fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u64).wrapping_mul(0x100000001b3);
        i += 1;
    }
    h
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
                cite: super::cite::for_facilitator(&r.cite).into(),
                catalog_cite: r.cite.into(),
                catalog_note: r.note.map(Into::into),
                enabled: r.enabled,
                scope: Scope::parse(&r.types).map_err(|e| format!("rules file: rule '{}': {e}", r.id))?,
                district: None,
            };
            if rules.insert(*id, meta).is_some() {
                return Err(format!("rules file: rule '{}' appears twice", r.id));
            }
        }
        Ok(RuleSet { rules, district: None })
    }

    /// The built-in rules with a district's changes (`text`: the district rules TOML). Each change
    /// names a rule id and sets `severity`, `enabled` and/or `types`. Turning an ERROR (a "shall"
    /// of the handbook) into less — a lower severity, off, or fewer meeting types — needs a
    /// `reason`, which every listing shows. Anything else wrong is refused with where it is.
    pub fn with_district(text: &str) -> Result<RuleSet, String> {
        let raw: DistrictFile = toml::from_str(text).map_err(|e| format!("district rules: {e}"))?;
        if raw.name.trim().is_empty() {
            return Err("district rules: `name` is empty: name the rule set (it is printed on every export)".into());
        }
        let mut set = RuleSet::builtin().clone();
        let mut seen = std::collections::HashSet::new();
        for (n, r) in raw.rule.iter().enumerate() {
            let at = format!("district rules, rule {} ('{}')", n + 1, r.id);
            let meta = set.rules.get_mut(r.id.as_str()).ok_or_else(|| format!("{at}: unknown rule id; `iepmeet rules` lists them"))?;
            if !seen.insert(r.id.clone()) {
                return Err(format!("{at}: the rule is changed twice; keep one entry"));
            }
            if r.severity.is_none() && r.enabled.is_none() && r.types.is_none() {
                return Err(format!("{at}: changes nothing; set severity, enabled or types"));
            }
            let severity = match &r.severity {
                None => meta.severity,
                Some(s) => Severity::parse(s).ok_or_else(|| format!("{at}: severity '{s}' is not ERROR, WARNING or INFO"))?,
            };
            let scope = match &r.types {
                None => meta.scope,
                Some(t) => Scope::parse(t).map_err(|e| format!("{at}: {e}"))?,
            };
            let enabled = r.enabled.unwrap_or(meta.enabled);
            let reason = r.reason.as_deref().map(str::trim).filter(|s| !s.is_empty());
            let weaker = severity > meta.severity || (!enabled && meta.enabled) || !scope.contains(meta.scope);
            if meta.severity == Severity::Error && weaker && reason.is_none() {
                return Err(format!(
                    "{at}: the handbook makes this an ERROR (a \"shall\"); lowering it, turning it off or narrowing its meeting types needs reason = \"...\", which is kept with every record it checks"
                ));
            }
            meta.severity = severity;
            meta.scope = scope;
            meta.enabled = enabled;
            meta.district = Some(reason.unwrap_or("").into());
        }
        let hash = fnv(0xcbf29ce484222325, text.as_bytes());
        set.district = Some(District { name: raw.name.trim().to_string(), changes: raw.rule.len(), hash });
        Ok(set)
    }

    pub fn get(&self, id: &str) -> Option<&RuleMeta> {
        self.rules.get(id)
    }

    /// Every rule, in catalog order.
    pub fn all(&self) -> impl Iterator<Item = &RuleMeta> {
        CATALOG_IDS.iter().filter_map(|id| self.rules.get(id))
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn district(&self) -> Option<&District> {
        self.district.as_ref()
    }

    /// Identifies what checks a meeting: the engine's rules and data, and the district's changes.
    pub fn stamp(&self) -> String {
        let base = super::fingerprint();
        match &self.district {
            None => base,
            Some(d) => format!("{base}+{:016x}", d.hash),
        }
    }

    /// The `stamp` of the rule set a district's text (or none: the built-in rules) gives, without
    /// parsing it: opening the database compares stamps, and parsing the rules costs more than
    /// the rest of a lookup (`iepmeet status`).
    pub fn stamp_for(district: Option<&str>) -> String {
        let base = super::fingerprint();
        match district {
            None => base,
            Some(text) => format!("{base}+{:016x}", fnv(0xcbf29ce484222325, text.as_bytes())),
        }
    }

    /// One line for doctor, exports and listings: which rule set this is.
    pub fn describe(&self) -> String {
        match &self.district {
            None => format!("built-in rules (data/rules.toml, {})", self.stamp()),
            Some(d) => format!(
                "district rules '{}' ({} change{} over the built-in rules; {})",
                d.name,
                d.changes,
                if d.changes == 1 { "" } else { "s" },
                self.stamp()
            ),
        }
    }
}
