//! The parking lot: items raised out of order, until each is handled or carried to an action item.

#[allow(unused_imports)]
use crate::ui::prelude::*;

pub static CARRY_LABEL: &str = "Owner and due date (e.g. @lee due 2026-12-01)";

impl App {
    pub(crate) fn parking_update(&mut self, action: Action) {
        let Some(Modal::Parking { sel }) = self.modals.last_mut() else { return };
        let Screen::Meeting(m) = &mut self.screen else { return };
        let items: Vec<Entry> = m.parking().into_iter().cloned().collect();
        match action {
            Action::Down => *sel = (*sel + 1).min(items.len().saturating_sub(1)),
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Close => {
                self.modals.pop();
            }
            Action::Handled | Action::Carry => {
                let Some(item) = items.get(*sel).cloned() else { return };
                if item.resolution.is_some() {
                    self.info(format!("Already {}.", item.resolution.as_ref().map(|r| r.describe()).unwrap_or_default()));
                    return;
                }
                if !m.meeting.is_open() {
                    self.error("This meeting is finalized.");
                    return;
                }
                let (mid, sec) = (m.meeting.id, m.section);
                if action == Action::Carry {
                    self.push_text_editor(Target::Carry { entry_id: item.id }, CARRY_LABEL, Kind::Text, String::new());
                    return;
                }
                self.emit(Io::ResolveParking { meeting: mid, item: Box::new(item), section: sec }, move |app, r: Result<Entry, StoreError>| {
                    match r {
                        Ok(_) => app.ok(format!("Parking-lot item handled in {}.", sec.label())),
                        Err(e) => app.error(e.to_string()),
                    }
                    app.reload_entries();
                });
            }
            _ => {}
        }
    }

    pub(crate) fn carry(&mut self, entry_id: i64, input: &str, finish: Finish) -> Result<Committed, String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let team = people(&m.meeting);
        let (owner, due) = minutes::parse_owner_due(input, &team)?;
        let item = m.meeting.entries.iter().find(|e| e.id == entry_id).cloned().ok_or("the item is gone")?;
        let mid = m.meeting.id;
        self.emit(Io::CarryToAction { meeting: mid, item: Box::new(item), owner, due }, move |app, r: Result<Entry, StoreError>| {
            app.reload_entries();
            match r {
                Ok(_) => {
                    app.ok("Carried to the action items.");
                    app.finished(&Target::Carry { entry_id }, finish);
                }
                Err(e) => app.commit_failed(finish, e.to_string()),
            }
        });
        Ok(Committed::Pending)
    }
}
