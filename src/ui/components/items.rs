//! The list items of a meeting (team members, goals, services…): open, add, move, delete — each
//! by its row id, never its position — and what a refused write does to the screen.

#[allow(unused_imports)]
use crate::ui::prelude::*;

impl App {
    pub(crate) fn activate_row(&mut self) {
        let Screen::Meeting(m) = &self.screen else { return };
        match m.current_row() {
            Some(Row::Field(block, key)) => self.open_editor(Target::Single { block, key }),
            Some(Row::Item(block, id)) => self.modals.push(Modal::Form { block, id, field: "", fresh: false }),
            Some(Row::Add(block)) => self.add_item(block),
            _ => {}
        }
    }

    pub(crate) fn add_item(&mut self, block: Block) {
        if !self.guard_open() {
            return;
        }
        if block == Block::Attendees && self.offer_team() {
            return;
        }
        self.add_blank_item(block, "");
    }

    /// Adding a team member first offers the people the meeting knows of (the student's record,
    /// earlier meetings, the staff directory), to tick one or several. False when it knows of no one.
    /// The people the open meeting's team is picked from who are not on its attendance list yet.
    pub(crate) fn team_candidates(&self) -> Vec<(crate::domain::people::Person, crate::domain::people::Source)> {
        let Screen::Meeting(m) = &self.screen else { return Vec::new() };
        let present = m.meeting.attendee_names();
        let earlier = self.store.earlier_attendees(m.meeting.student_id, m.meeting.id).unwrap_or_default();
        let staff = self.store.staff().unwrap_or_default();
        crate::domain::people::team_candidates(&m.student, &earlier, &staff, &present)
    }

    pub(crate) fn team_people(&self) -> Vec<crate::domain::people::Person> {
        self.team_candidates().into_iter().map(|(p, _)| p).collect()
    }

    pub(crate) fn offer_team(&mut self) -> bool {
        let people = self.team_candidates();
        if people.is_empty() {
            return false;
        }
        let options: Vec<String> = people
            .iter()
            .map(|(p, src)| {
                let roles = if p.roles.is_empty() { "role to choose".to_string() } else { p.roles.join(", ") };
                format!("{} — {roles} ({})", p.name, src.label())
            })
            .collect();
        let values: Vec<String> = people.iter().map(|(p, _)| serde_json::to_string(p).unwrap_or_default()).collect();
        self.push_pick_values(Target::TeamMembers, "Who is here", options, values, true, true);
        true
    }

    /// The people chosen in the team list join the attendance list together: their roles and
    /// qualifications as known, in person, arriving now (each can be changed in its form). Someone
    /// else gets a new member of that name, whose form opens for the role.
    pub(crate) fn add_team_members(&mut self, chosen: crate::ui::popups::pick::Chosen) {
        use crate::domain::people::Person;
        let people: Vec<Person> = match chosen {
            crate::ui::popups::pick::Chosen::Someone(name) => return self.add_blank_item(Block::Attendees, &name),
            crate::ui::popups::pick::Chosen::People(v) => v.iter().filter_map(|j| serde_json::from_str(j).ok()).collect(),
        };
        let Screen::Meeting(m) = &self.screen else { return };
        let mid = m.meeting.id;
        let now = self.cx().now;
        let records: Vec<AnyRecord> = people
            .iter()
            .map(|p| {
                AnyRecord::Attendee(crate::domain::meeting::Attendee {
                    name: p.name.clone(),
                    roles: p.roles.clone(),
                    qualifications: p.qualifications.clone(),
                    mode: "In person".into(),
                    arrived: now.and_then(|t| { use chrono::Timelike; chrono::NaiveTime::from_hms_opt(t.hour(), t.minute(), 0) }),
                    ..Default::default()
                })
            })
            .collect();
        let names: Vec<String> = people.iter().map(|p| p.name.clone()).collect();
        self.emit(Io::InsertItems { meeting: mid, block: Block::Attendees, records }, move |app, r: Result<Vec<Item>, StoreError>| {
            let Some(items) = app.report(r) else { return };
            let Screen::Meeting(m) = &mut app.screen else { return };
            let last = items.last().map(|i| i.id);
            let no_role = items.iter().filter(|i| matches!(&i.record, AnyRecord::Attendee(a) if a.roles.is_empty())).count();
            m.meeting.block_mut(Block::Attendees).extend(items);
            let pos = last.and_then(|id| m.rows().iter().position(|r| *r == Row::Item(Block::Attendees, id)));
            if let Some(pos) = pos {
                m.row = pos;
            }
            let n = if names.len() == 1 { "1 team member".to_string() } else { format!("{} team members", names.len()) };
            let names = names.join(", ");
            if no_role > 0 {
                return app.ok(format!("Added {n}, in person and arriving now: {names}. {no_role} without a role: Enter on a member to choose it."));
            }
            // Everyone has a role: the form leads on, as after any save.
            let next = pos.and_then(|pos| app.fill_next_after(pos)).map(|f| format!(" Next to fill: {f}.")).unwrap_or_default();
            app.ok(format!("Added {n}, in person and arriving now: {names} (Enter on a member changes it).{next}"));
        });
    }

    /// A new, empty item (a team member named `name`, if given), its form open.
    fn add_blank_item(&mut self, block: Block, name: &str) {
        let cx = self.cx();
        let Screen::Meeting(m) = &self.screen else { return };
        let id = m.meeting.id;
        let mut record = block.new_record();
        // A team member added during the meeting arrives now (the field can be changed).
        if block == Block::Attendees {
            if let Some(now) = cx.now {
                let _ = record.as_record_mut().set("arrived", &now.format("%H:%M").to_string(), &cx);
            }
            if !name.is_empty() {
                let _ = record.as_record_mut().set("name", name, &cx);
            }
        }
        // A service runs for the IEP unless the team says otherwise: from the meeting date to the
        // day the IEP is in effect until (else a year less a day). Both can be changed.
        let mut said = None;
        if block == Block::Services {
            let d = m.meeting.details();
            let start = d.date.unwrap_or(self.today);
            let end = d.iep_end.or_else(|| start.checked_add_months(chrono::Months::new(12)).and_then(|e| e.pred_opt()));
            let r = record.as_record_mut();
            let _ = r.set("start", &start.to_string(), &cx);
            if let Some(end) = end {
                let _ = r.set("end", &end.to_string(), &cx);
                said = Some(format!("The service runs for the IEP, {start} to {end}; change either date in its form."));
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
                app.modals.push(Modal::Form { block, id, field: "", fresh: true });
            }
            if let Some(said) = said {
                app.info(said);
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
