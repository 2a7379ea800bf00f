//! A yes/no question before something that cannot be undone.

#[allow(unused_imports)]
use crate::ui::prelude::*;

/// The word typed to finalize with ERRORs open.
pub const CONFIRM_WORD: &str = "finalize";

impl App {
    pub(crate) fn confirm_update(&mut self, action: Action) {
        let Some(Modal::Confirm { action: what, .. }) = self.modals.last() else { return };
        let what = *what;
        match action {
            Action::Yes => {
                self.modals.pop();
                match what {
                    ConfirmAction::DeleteItem { block, id } => self.delete_item(block, id),
                    ConfirmAction::Finalize => self.finalize(),
                    ConfirmAction::DiscardEdit => {
                        self.modals.pop();
                    }
                }
            }
            Action::No => {
                self.modals.pop();
            }
            _ => {}
        }
    }

    /// A key typed into a confirmation that asks for a word: Enter with the word does it.
    pub(crate) fn confirm_input(&mut self, key: KeyEvent) {
        let Some(Modal::Confirm { action, typed: Some(typed), .. }) = self.modals.last_mut() else { return };
        match key.code {
            KeyCode::Char(c) if typed.chars().count() < 20 => typed.push(c),
            KeyCode::Backspace => {
                typed.pop();
            }
            KeyCode::Enter if typed.trim().eq_ignore_ascii_case(CONFIRM_WORD) => {
                let what = *action;
                self.modals.pop();
                if what == ConfirmAction::Finalize {
                    self.finalize();
                }
            }
            KeyCode::Enter => self.error(format!("Type {CONFIRM_WORD} and press Enter to go on, or Esc to go back.")),
            _ => {}
        }
    }
}
