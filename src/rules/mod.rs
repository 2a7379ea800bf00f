//! The compliance engine. `evaluate(ctx) -> Vec<Finding>` is pure: no I/O, no clock.
//!
//! Conditions are code, one small function per catalog rule id, grouped by agenda section (one file
//! each). Messages, citations, severities and on/off switches are data (`data/rules.toml`, generated
//! from the catalog), so a district can retune them without a rebuild.

pub mod catalog;
mod behavior;
mod cite;
mod consent;
mod ctx;
mod discipline;
mod eligibility;
mod excusals;
mod goals;
mod notice;
mod participation;
mod placement;
mod present_levels;
mod ruleset;
mod services;
mod team;
mod timelines;
mod transition;

#[cfg(test)]
mod tests;

pub use ctx::{Ctx, Live};
pub use ruleset::{District, Facts, RuleMeta, RuleSet, Scope};

use std::sync::Arc;

use serde::Serialize;

use crate::domain::meeting::{Block, Section};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "ERROR" => Some(Severity::Error),
            "WARNING" => Some(Severity::Warning),
            "INFO" => Some(Severity::Info),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO",
        }
    }
    /// Shown with the label so meaning never rests on colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Severity::Error => "✗",
            Severity::Warning => "!",
            Severity::Info => "i",
        }
    }
}

/// Where the fix belongs: a section, and inside it a block, an item and a field.
/// An item is named by its position (`item`, for "goal 2" and the `check` document format) and by
/// its row id (`item_id`, set by `evaluate` from the meeting): the id is what the UI jumps to and
/// what an acknowledgement is kept against, so a reorder or a deletion never moves either.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Target {
    pub section: Section,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_block")]
    pub block: Option<Block>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
    #[serde(skip)]
    pub item_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

fn ser_block<S: serde::Serializer>(b: &Option<Block>, s: S) -> Result<S::Ok, S::Error> {
    match b {
        Some(b) => s.serialize_str(b.code()),
        None => s.serialize_none(),
    }
}

impl Target {
    pub fn block(b: Block) -> Target {
        Target { section: Section::of_block(b), block: Some(b), item: None, item_id: None, field: None }
    }
    /// A fact of the student record (IEP 1): shown with the meeting header, the detail names it.
    pub fn student_record() -> Target {
        Target::block(Block::Details)
    }
    pub fn field(b: Block, field: &'static str) -> Target {
        Target { field: Some(field), ..Target::block(b) }
    }
    pub fn item(b: Block, item: usize, field: Option<&'static str>) -> Target {
        Target { item: Some(item), field, ..Target::block(b) }
    }
    /// The key an acknowledgement is kept against: "section/block/#id/field" (the item's row id).
    pub fn key(&self) -> String {
        let item = match (self.item_id, self.item) {
            (Some(id), _) if id > 0 => format!("#{id}"),
            (_, Some(i)) => i.to_string(),
            _ => "-".into(),
        };
        format!("{}/{}/{item}/{}", self.section.code(), self.block.map(|b| b.code()).unwrap_or("-"), self.field.unwrap_or("-"))
    }
    /// The key before schema v7, by position. Kept only on finalized meetings, whose positions can
    /// no longer change (the v7 migration rewrote those of open meetings to `key`).
    fn legacy_key(&self) -> String {
        Target { item_id: None, ..self.clone() }.key()
    }
    /// Whether an acknowledgement kept under `ack_key` is about this target.
    pub fn matches_ack(&self, ack_key: &str) -> bool {
        ack_key == self.key() || (self.item.is_some() && ack_key == self.legacy_key())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: Arc<str>,
    /// What exactly is missing here (names the item when there are several).
    pub detail: String,
    pub cite: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Arc<str>>,
    pub target: Target,
}

/// A rule's condition: looks at the context and reports each place it is broken.
pub type Check = fn(&Ctx, &mut Fire);

pub struct Rule {
    pub id: &'static str,
    pub check: Check,
}

/// Every implemented rule, by agenda section.
pub fn registry() -> Vec<&'static Rule> {
    [
        notice::RULES,
        team::RULES,
        excusals::RULES,
        participation::RULES,
        present_levels::RULES,
        eligibility::RULES,
        behavior::RULES,
        goals::RULES,
        services::RULES,
        transition::RULES,
        consent::RULES,
        timelines::RULES,
        discipline::RULES,
        placement::RULES,
    ]
    .iter()
    .flat_map(|r| r.iter())
    .collect()
}

/// Collects what one rule reports.
pub struct Fire {
    pub(crate) hits: Vec<(Target, String, bool, Option<&'static str>)>,
}

impl Fire {
    /// The rule is broken at `target`; `detail` says how.
    pub fn at(&mut self, target: Target, detail: impl Into<String>) {
        self.hits.push((target, detail.into(), false, None));
    }
    /// As `at`, under the catalog's lesser severity for this variant of the condition (at most WARNING).
    pub fn lesser(&mut self, target: Target, detail: impl Into<String>) {
        self.hits.push((target, detail.into(), true, None));
    }
    /// As `at`, with a note on how the engine resolved an ambiguity of the handbook.
    pub fn noted(&mut self, target: Target, detail: impl Into<String>, note: &'static str) {
        self.hits.push((target, detail.into(), false, Some(note)));
    }
}

/// Identifies the engine's rules and their data: changes when a rule is added or removed or
/// `data/rules.toml` changes (stored ERROR counts are then re-checked).
pub fn fingerprint() -> String {
    // The rules file is hashed at compile time, the registered ids (a few KB) at run time.
    const RULES_FILE: u64 = ruleset::fnv(0xcbf29ce484222325, ruleset::RULES_TOML.as_bytes());
    let ids = registry().iter().map(|r| r.id).collect::<Vec<_>>().join(",");
    format!("{}-{:016x}", registry().len(), ruleset::fnv(RULES_FILE, ids.as_bytes()))
}

/// Evaluate every enabled rule. Findings come sorted by severity, then agenda order, then rule id.
/// How many of `findings` are ERRORs (what blocks a compliant meeting).
pub fn error_count(findings: &[Finding]) -> usize {
    findings.iter().filter(|f| f.severity == Severity::Error).count()
}

pub fn evaluate(ctx: &Ctx, rules: &RuleSet) -> Vec<Finding> {
    let mut out = Vec::with_capacity(64);
    let mut fire = Fire { hits: Vec::new() };
    let facts = ctx.facts();
    for rule in registry() {
        let Some(meta) = rules.get(rule.id) else { continue };
        if !meta.enabled || !meta.scope.covers(ctx.mtype(), facts) {
            continue;
        }
        (rule.check)(ctx, &mut fire);
        for (mut target, detail, lesser, note) in fire.hits.drain(..) {
            if let (Some(b), Some(i)) = (target.block, target.item) {
                target.item_id = ctx.meeting.block(b).get(i).map(|it| it.id);
            }
            let severity = if lesser { meta.severity.max(Severity::Warning) } else { meta.severity };
            out.push(Finding {
                rule: rule.id,
                severity,
                message: meta.message.clone(),
                detail,
                cite: meta.cite.clone(),
                note: note.map(Arc::from),
                target,
            });
        }
    }
    // Sort an index, not the findings themselves: moving ~200-byte findings around is most of the cost.
    let mut order: Vec<u32> = (0..out.len() as u32).collect();
    order.sort_by_key(|&i| {
        let f = &out[i as usize];
        (f.severity, f.target.section.index(), f.rule, f.target.item)
    });
    let mut slots: Vec<Option<Finding>> = out.into_iter().map(Some).collect();
    order.into_iter().map(|i| slots[i as usize].take().expect("each index once")).collect()
}
