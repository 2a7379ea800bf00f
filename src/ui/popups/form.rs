//! The fields of one list item (a team member, a goal, a service…), by the item's row id.

#[allow(unused_imports)]
use crate::ui::prelude::*;

impl App {
    pub(crate) fn form_update(&mut self, action: Action) {
        let Some(Modal::Form { block, id, sel, fresh }) = self.modals.last_mut() else { return };
        let (block, id, fresh) = (*block, *id, *fresh);
        let n = block.new_record().as_record().specs().len();
        match action {
            Action::Down => *sel = (*sel + 1).min(n - 1),
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Edit => {
                let key = block.new_record().as_record().specs()[*sel].key;
                self.open_editor(Target::Item { block, id, key });
            }
            Action::Close => {
                self.modals.pop();
                // A just-added item left completely empty is removed again.
                if fresh {
                    if let Screen::Meeting(m) = &self.screen {
                        if m.meeting.find_item(block, id).map(|(_, i)| i.record.as_record().is_blank()) == Some(true) {
                            self.delete_item(block, id);
                            self.info(format!("Empty {} not kept.", block.noun()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
