//! The list items of a meeting (team members, goals, services…): open, add, move, delete — each
//! by its row id, never its position — and what a refused write does to the screen.

#[allow(unused_imports)]
use crate::ui::prelude::*;

impl App {
    pub(crate) fn activate_row(&mut self) {
        let Screen::Meeting(m) = &self.screen else { return };
        match m.current_row() {
            Some(Row::Field(block, key)) => self.open_editor(Target::Single { block, key }),
            Some(Row::Item(block, id)) => self.modals.push(Modal::Form { block, id, sel: 0, fresh: false }),
            Some(Row::Add(block)) => self.add_item(block),
            _ => {}
        }
    }

    pub(crate) fn add_item(&mut self, block: Block) {
        if !self.guard_open() {
            return;
        }
        let Screen::Meeting(m) = &mut self.screen else { return };
        let id = m.meeting.id;
        let mut record = block.new_record();
        // A team member added during the meeting arrives now (the field can be changed).
        if block == Block::Attendees {
            let cx = self.cx();
            if let Some(now) = cx.now {
                let _ = record.as_record_mut().set("arrived", &now.format("%H:%M").to_string(), &cx);
            }
        }
        self.emit(Io::InsertItem { meeting: id, block, record }, move |app, r: Result<Item, StoreError>| {
            let Some(item) = app.report(r) else { return };
            if let Screen::Meeting(m) = &mut app.screen {
                let id = item.id;
                m.meeting.block_mut(block).push(item);
                if let Some(pos) = m.rows().iter().position(|r| *r == Row::Item(block, id)) {
                    m.row = pos;
                }
                app.modals.push(Modal::Form { block, id, sel: 0, fresh: true });
            }
        });
    }

    pub(crate) fn move_item(&mut self, block: Block, id: i64, down: bool) {
        if !self.guard_open() {
            return;
        }
        let Screen::Meeting(m) = &mut self.screen else { return };
        let Some((idx, _)) = m.meeting.find_item(block, id) else { return };
        let len = m.meeting.block(block).len();
        let to = if down { idx + 1 } else { idx.wrapping_sub(1) };
        if to >= len {
            return;
        }
        let items = m.meeting.block_mut(block);
        items.swap(idx, to);
        let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
        let mid = m.meeting.id;
        if let Some(pos) = m.rows().iter().position(|r| *r == Row::Item(block, id)) {
            m.row = pos;
        }
        self.emit_reported(Io::Reorder { meeting: mid, block, ids });
    }

    pub(crate) fn delete_item(&mut self, block: Block, id: i64) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        let Some(item) = m.meeting.find_item(block, id).map(|(_, it)| it.clone()) else { return };
        let mid = m.meeting.id;
        self.emit(Io::DeleteItem { meeting: mid, block, item }, move |app, r: Result<(), StoreError>| match r {
            Ok(()) => {
                if let Screen::Meeting(m) = &mut app.screen {
                    if let Some((i, _)) = m.meeting.find_item(block, id) {
                        m.meeting.block_mut(block).remove(i);
                    }
                    m.clamp_row();
                }
                app.ok(format!("Deleted the {}.", block.noun()));
            }
            Err(e) => app.store_failed(e),
        });
    }

    /// A failed write: say why; on a conflict, reload so the user sees the other person's version.
    pub(crate) fn store_failed(&mut self, e: StoreError) {
        let reload = matches!(e, StoreError::Conflict { .. } | StoreError::Finalized);
        self.error(e.to_string());
        if reload {
            self.reload_meeting();
        }
    }

    pub(crate) fn reload_meeting(&mut self) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        if let Ok(fresh) = self.store.load_meeting(m.meeting.id) {
            // The composer is separate state: text being typed stays as it is. The selection and an
            // open item form follow their item (by id) if it is still there.
            m.replace_meeting(fresh);
            let meeting = &m.meeting;
            self.modals.retain(|md| !matches!(md, Modal::Form { block, id, .. } if meeting.find_item(*block, *id).is_none()));
        }
    }
}
