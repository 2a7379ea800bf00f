//! A yes/no question before something that cannot be undone.

#[allow(unused_imports)]
use crate::ui::prelude::*;

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
}
