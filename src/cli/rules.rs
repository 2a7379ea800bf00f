//! `iepmeet rules`: list the compliance rules as this database applies them, or load a district's
//! changes to them (`--load FILE`, docs/district-rules.md) or go back to the built-in ones.

use std::path::Path;

use anyhow::anyhow;

use crate::domain::meeting::MeetingType;
use crate::domain::text::display;
use crate::rules::{registry, Facts, RuleSet};
use crate::store::Store;

pub fn run(db: &Path, load: Option<&Path>, builtin: bool, mtype: Option<&str>, json: bool) -> anyhow::Result<i32> {
    let only = match mtype {
        None => None,
        Some(t) => Some(MeetingType::from_code(t).ok_or_else(|| {
            let all: Vec<&str> = MeetingType::ALL.iter().map(|t| t.code()).collect();
            anyhow!("--type '{}': expected one of {}", display(t), all.join(", "))
        })?),
    };
    let rules = if let Some(file) = load {
        let name = display(&file.display().to_string());
        let text = crate::input::read_text(file, crate::input::SMALL, "district rules file")?;
        let mut store = Store::open(db)?;
        let r = store.set_rules(Some(&text)).map_err(|e| anyhow!("{name}: {e}; nothing was changed"))?;
        crate::outln!("This database now checks meetings with {}; open meetings were re-checked.", display(&r.describe()));
        return Ok(0);
    } else if builtin {
        let mut store = Store::open(db)?;
        let r = store.set_rules(None)?;
        crate::outln!("This database now checks meetings with the {}; open meetings were re-checked.", display(&r.describe()));
        return Ok(0);
    } else if db.exists() {
        (*Store::open(db)?.rules()?).clone()
    } else {
        RuleSet::builtin().clone()
    };
    let checked: std::collections::HashSet<&str> = registry().iter().map(|r| r.id).collect();
    // A narrowed type (interim-30-day:new-iep, amendment:meeting) counts as applying to its type.
    let applies = |m: &crate::rules::RuleMeta| match only {
        None => true,
        Some(t) => m.scope.covers(t, Facts { new_iep: true, team_met: true }),
    };
    let list: Vec<_> = rules.all().filter(|m| applies(m)).collect();
    if json {
        let out: Vec<serde_json::Value> = list
            .iter()
            .map(|m| {
                serde_json::json!({
                    "id": m.id,
                    "severity": m.severity,
                    "enabled": m.enabled,
                    "checked": checked.contains(m.id),
                    "types": m.scope.codes(),
                    "message": &*m.message,
                    "cite": &*m.cite,
                    "catalog_cite": &*m.catalog_cite,
                    "catalog_note": m.catalog_note.as_deref(),
                    "district_reason": m.district.as_deref(),
                })
            })
            .collect();
        let doc = serde_json::json!({ "rules_in_force": rules.describe(), "rules": out });
        crate::outln!("{}", crate::output::to_json(&doc)?);
        return Ok(0);
    }
    crate::outln!("{}", display(&format!("Meetings here are checked with {}.", rules.describe())));
    if let Some(t) = only {
        crate::outln!("{} rules apply to a {} meeting:", list.len(), t.label());
    }
    crate::outln!();
    for m in &list {
        let state = match (checked.contains(m.id), m.enabled) {
            (false, _) => "no check yet",
            (true, true) => "on",
            (true, false) => "off",
        };
        crate::outln!("{:<44} {:<7} {}", m.id, m.severity.label(), state);
        crate::out!("{}", super::wrap(&format!("types: {}", m.scope.describe()), 4, 11, 80));
        crate::out!("{}", super::wrap(&format!("cite: {}", display(&m.cite)), 4, 10, 80));
        if let Some(reason) = &m.district {
            let why = if reason.is_empty() { "changed by the district rules".to_string() } else { format!("district: {}", display(reason)) };
            crate::out!("{}", super::wrap(&why, 4, 14, 80));
        }
    }
    let on = list.iter().filter(|m| m.enabled && checked.contains(m.id)).count();
    crate::outln!("\n{} rules listed; {on} are checked, {} are off, {} have no check yet.", list.len(), list.iter().filter(|m| !m.enabled && checked.contains(m.id)).count(), list.iter().filter(|m| !checked.contains(m.id)).count());
    Ok(0)
}
