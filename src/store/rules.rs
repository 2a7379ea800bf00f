//! The rule set a database checks meetings with: the built-in rules, or a district's changes over
//! them (`iepmeet rules --load FILE`), kept as their TOML text in the app state like the calendar.

use std::sync::Arc;

use super::{audit, put_state, state, Result, Store, StoreError};
use crate::rules::RuleSet;

/// The rules of this database (on a connection or inside a transaction).
pub(crate) fn rules_tx(conn: &rusqlite::Connection) -> Result<RuleSet> {
    from_state(state(conn, "district_rules")?.as_deref())
}

/// The rule set the stored district text (if any) describes.
fn from_state(text: Option<&str>) -> Result<RuleSet> {
    match text {
        Some(text) => RuleSet::with_district(text).map_err(|e| StoreError::Corrupt(format!("stored district rules: {e}"))),
        None => Ok(RuleSet::builtin().clone()),
    }
}

impl Store {
    /// The rules meetings are checked with here (parsed again only when the district text changed).
    pub fn rules(&self) -> Result<Arc<RuleSet>> {
        let text = state(self.conn(), "district_rules")?;
        if let Some((t, r)) = &*self.rules.borrow() {
            if *t == text {
                return Ok(r.clone());
            }
        }
        let r = Arc::new(from_state(text.as_deref())?);
        *self.rules.borrow_mut() = Some((text, r.clone()));
        Ok(r)
    }

    /// Check meetings with a district's changes over the built-in rules (`Some(text)`), or with the
    /// built-in rules again (`None`). Invalid changes are refused and change nothing; open meetings'
    /// ERROR counts are re-checked with the new rules.
    pub fn set_rules(&mut self, text: Option<&str>) -> Result<RuleSet> {
        let rules = match text {
            Some(t) => RuleSet::with_district(t).map_err(StoreError::Invalid)?,
            None => RuleSet::builtin().clone(),
        };
        let before = self.rules()?.describe();
        let after = rules.describe();
        self.write(|tx, actor| {
            match text {
                Some(t) => put_state(tx, "district_rules", t)?,
                None => {
                    tx.execute("DELETE FROM app_state WHERE key = 'district_rules'", [])?;
                }
            }
            audit(tx, actor, None, None, "rules", None, "update", Some(&before), Some(&after))
        })?;
        self.refresh_stale_cases()?;
        Ok(rules)
    }
}
