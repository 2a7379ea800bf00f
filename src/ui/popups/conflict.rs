//! A field two people edited at once: never silently overwritten; the second save shows both.

#[allow(unused_imports)]
use crate::ui::prelude::*;

impl App {
    /// Before saving a field: if someone else changed it since this editor opened, ask which value to
    /// keep instead of overwriting theirs. True when the question was asked (do not save yet).
    pub(crate) fn ask_if_changed_meanwhile(&mut self, target: &Target, original: &str, mine: &str) -> bool {
        if !matches!(target, Target::Single { .. } | Target::Item { .. }) {
            return false;
        }
        let Some((current, _)) = self.target_value(target) else { return false };
        if current == original || current == mine {
            return false;
        }
        self.modals.pop();
        self.modals.push(Modal::Conflict { target: target.clone(), theirs: current, mine: mine.to_string(), sel: 0 });
        true
    }

    /// The store refused a save because the row changed since it was read: re-read, and either apply
    /// our change to their version (they changed another field) or ask.
    pub(crate) fn resolve_conflict(&mut self, target: &Target, stale: &str, mine: &str, finish: Finish) -> Result<Committed, String> {
        self.reload_meeting();
        let current = self.target_value(target).map(|v| v.0).unwrap_or_default();
        if current == stale {
            // Someone changed another field of the same form: ours still applies on top of theirs.
            return self.commit(target, mine, finish);
        }
        if let Some(Modal::Edit { .. } | Modal::Pick { .. }) = self.modals.last() {
            self.modals.pop();
        }
        self.modals.push(Modal::Conflict { target: target.clone(), theirs: current, mine: mine.to_string(), sel: 0 });
        Ok(Committed::NextStep)
    }

    pub(crate) fn conflict_update(&mut self, action: Action) {
        let Some(Modal::Conflict { target, theirs, mine, sel }) = self.modals.last_mut() else { return };
        match action {
            Action::Switch => *sel = 1 - *sel,
            Action::Theirs => {
                self.modals.pop();
                self.info("Kept their value.");
            }
            Action::Keep => {
                let (target, value, keep_mine) = (target.clone(), if *sel == 1 { mine.clone() } else { theirs.clone() }, *sel == 1);
                self.modals.pop();
                if keep_mine {
                    match self.commit(&target, &value, Finish::KeptMine) {
                        Ok(Committed::Done) => self.finished(&target, Finish::KeptMine),
                        Ok(_) => {}
                        Err(e) => self.error(e),
                    }
                } else {
                    self.info("Kept their value.");
                }
            }
            _ => {}
        }
    }
}
