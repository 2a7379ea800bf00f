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

    /// `*`: the forms show every field, or again only those that apply (`Meeting::field_shown`).
    pub(crate) fn toggle_all_fields(&mut self) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        m.all_fields = !m.all_fields;
        let current = m.current_row();
        if let Some(i) = current.and_then(|r| m.rows().iter().position(|x| *x == r)) {
            m.row = i;
        }
        let all = m.all_fields;
        self.info(if all { "Every field is shown, also those that do not apply here (* again: only those that apply)." } else { "Only the fields that apply are shown (* shows every field)." });
    }

    /// The form on top: its item, the fields it shows, and where the cursor is among them.
    pub(crate) fn form_cursor(&self) -> Option<(Block, i64, Vec<&'static FieldSpec>, usize)> {
        let (Some(Modal::Form { block, id, field, .. }), Screen::Meeting(m)) = (self.modals.last(), &self.screen) else { return None };
        let (fields, sel) = m.form_view(*block, *id, field);
        Some((*block, *id, fields, sel))
    }

    /// Put the form's cursor on field `key`.
    pub(crate) fn form_select(&mut self, key: &'static str) {
        if let Some(Modal::Form { field, .. }) = self.modals.last_mut() {
            *field = key;
        }
    }

    pub(crate) fn form_update(&mut self, action: Action) {
        let Some((block, id, fields, sel)) = self.form_cursor() else { return };
        let Some(Modal::Form { fresh, .. }) = self.modals.last() else { return };
        let fresh = *fresh;
        let Some(here) = fields.get(sel).map(|s| s.key) else { return };
        match action {
            Action::Down => self.form_select(fields[(sel + 1).min(fields.len() - 1)].key),
            Action::Up => self.form_select(fields[sel.saturating_sub(1)].key),
            Action::AllFields => self.toggle_all_fields(),
            Action::Edit => self.open_editor(Target::Item { block, id, key: here }),
            Action::AnswerYes | Action::AnswerNo => {
                self.answer_yes_no(Target::Item { block, id, key: here }, action == Action::AnswerYes);
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
