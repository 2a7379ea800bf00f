//! The fields of one list item (a team member, a goal, a service…), by the item's row id.

#[allow(unused_imports)]
use crate::ui::prelude::*;

impl App {
    /// `y` / `n` on a yes/no field: the answer is saved at once (the form then leads on, as after
    /// any save). Other kinds of field are left alone and the key says so.
    pub(crate) fn answer_yes_no(&mut self, target: Target, yes: bool) {
        let (Target::Single { block, key } | Target::Item { block, key, .. }) = &target else { return };
        let is_yes_no = block.new_record().as_record().spec(key).is_some_and(|s| s.kind == crate::domain::fields::Kind::YesNo);
        if !is_yes_no {
            return self.info("y and n answer yes/no fields; Enter edits this one.");
        }
        if !self.guard_open() {
            return;
        }
        let next = if yes { "yes" } else { "no" };
        // The same path as a value chosen in the pick list (validation, conflict, audit).
        match self.commit(&target, next, Finish::InPlace) {
            Ok(Committed::Done) => self.finished(&target, Finish::InPlace),
            Ok(_) => {}
            Err(e) => self.error(e),
        }
    }

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
            Action::AnswerYes | Action::AnswerNo => {
                let key = block.new_record().as_record().specs()[*sel].key;
                self.answer_yes_no(Target::Item { block, id, key }, action == Action::AnswerYes);
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
