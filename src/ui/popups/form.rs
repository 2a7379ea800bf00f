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
                        // (A team member's arrival time is filled in when added: it alone is not a change.)
                        let untouched = m.meeting.find_item(block, id).is_some_and(|(_, i)| {
                            let mut r = i.record.clone();
                            if block == Block::Attendees {
                                let _ = r.as_record_mut().set("arrived", "", &self.cx());
                            }
                            r.as_record().is_blank()
                        });
                        if untouched {
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
