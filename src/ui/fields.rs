//! What an editor or pick list changes when confirmed (`Target`), opening the right editor for a
//! field, and saving a value (`commit`).

#[allow(unused_imports)]
use crate::ui::prelude::*;

static ACK_SPEC: crate::domain::fields::FieldSpec =
    crate::domain::fields::FieldSpec { key: "reason", label: ACK_LABEL, kind: Kind::Text };
const IMPORT_SPEC: crate::domain::fields::FieldSpec =
    crate::domain::fields::FieldSpec { key: "path", label: "Roster CSV to import (path)", kind: Kind::Text };

/// Where a field edit goes when it is saved.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// The reason for acknowledging a finding.
    Ack { rule: &'static str, key: String },
    /// The path of a roster CSV to import (welcome screen).
    ImportRoster,
    Student { key: &'static str },
    Single { block: Block, key: &'static str },
    /// A field of a list item, by the item's row id.
    Item { block: Block, id: i64, key: &'static str },
    /// A section's minutes (only as the thing an amendment changes: text typed when someone else
    /// finalized the meeting).
    Minutes { section: Section },
    /// Owner and due date for a parking-lot item carried to the action items.
    Carry { entry_id: i64 },
    /// Sign the IEP (IEP 9A/9B): choose who is signing.
    Sign,
    /// Team members to add to the attendance list, picked from the people the meeting knows of
    /// (`domain::people::team_candidates`); each option's value is the person as JSON.
    TeamMembers,
    /// An amendment to a finalized meeting: the new value of a field...
    AmendValue(Box<Target>),
    /// ...how it was agreed...
    AmendHow(Box<crate::ui::prelude::PendingAmendment>),
    /// ...and why.
    AmendReason(Box<crate::ui::prelude::PendingAmendment>),
    /// Search all minutes (full text).
    Search,
    /// Export the meeting record: the format, the recipient (the purpose, when needed), the file.
    ExportFormat,
    ExportRecipient { format: &'static str, lang: &'static str },
    ExportPurpose { format: &'static str, lang: &'static str, recipient: String },
    ExportPath { format: &'static str, lang: &'static str, to: Option<crate::domain::access::Disclosure> },
    /// Insert a goal from the goal bank (`data/goals`).
    GoalBank,
    /// Items chosen from a catalog, inserted into the text editor underneath.
    CatalogInsert,
}

/// How a save that was asked for finishes once it is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finish {
    /// The popup on top (editor or pick list) closes; an error is shown in it.
    ClosePopup,
    /// The user chose their own value over another's (the conflict popup has gone already).
    KeptMine,
    /// Answered in place, with no popup (Space on a yes/no field): the form leads on.
    InPlace,
    /// As `ClosePopup`, then the next field to fill is opened to be filled (Tab): the form walks on.
    Walk,
}

impl Target {
    /// Whether a pick list for this target offers "(clear)": it sets a field's value, which can be
    /// emptied (the goal bank, the sign list, the export formats choose something instead).
    pub fn clears(&self) -> bool {
        matches!(self, Target::Single { .. } | Target::Item { .. } | Target::Student { .. })
    }

    /// Whether confirming it changes the database (search and export only read it): refused up
    /// front on a read-only database, so nothing is typed that could not be saved.
    pub fn changes_record(&self) -> bool {
        !matches!(self, Target::Search | Target::ExportFormat | Target::ExportRecipient { .. } | Target::ExportPurpose { .. } | Target::ExportPath { .. })
    }
}

/// What confirming a popup did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Committed {
    /// Saved or done: the popup closes.
    Done,
    /// Asked for (an effect): its answer closes the popup, or shows the error in it (`Finish`).
    Pending,
    /// The popup was replaced by the next step (how an amendment was agreed, search results, a
    /// conflict to choose...): leave the new one open.
    NextStep,
}

impl Target {
    /// A field (or an acknowledgement) stored as it is confirmed: "Saved." says so. Every other target
    /// reports what it did itself (imported, exported, signed, carried...) or opens the next step.
    pub fn saves_field(&self) -> bool {
        matches!(self, Target::Ack { .. } | Target::Student { .. } | Target::Single { .. } | Target::Item { .. })
    }
}

impl App {
    /// Current text value and field description of a target.
    pub(crate) fn target_value(&self, t: &Target) -> Option<(String, &'static crate::domain::fields::FieldSpec)> {
        match (t, &self.screen) {
            (Target::Ack { .. }, Screen::Meeting(_)) => Some((String::new(), &ACK_SPEC)),
            (Target::ImportRoster, _) => Some((String::new(), &IMPORT_SPEC)),
            (Target::Student { key }, Screen::Student(s)) => Some((s.student.get(key), s.student.spec(key)?)),
            (Target::Single { block, key }, Screen::Meeting(m)) => {
                let rec = m.meeting.block(*block).first().map(|i| i.record.clone()).unwrap_or_else(|| block.new_record());
                let spec = rec.as_record().spec(key)?;
                Some((rec.as_record().get(key), spec))
            }
            (Target::Item { block, id, key }, Screen::Meeting(m)) => {
                let rec = &m.meeting.find_item(*block, *id)?.1.record;
                Some((rec.as_record().get(key), rec.as_record().spec(key)?))
            }
            _ => None,
        }
    }

    /// Whether an editor popup's field has a catalog (for its hint line).
    pub fn has_catalog(&self, modal: &Modal) -> bool {
        matches!(modal, Modal::Edit { target, .. } if self.catalog_for(target).is_some())
    }

    /// The catalog (`data/catalogs.toml`) offered for a target's field, if it has one.
    pub(crate) fn catalog_for(&self, target: &Target) -> Option<Vec<String>> {
        let Screen::Meeting(m) = &self.screen else { return None };
        let (block, key, rec) = match target {
            Target::Single { block, key } => {
                (*block, *key, m.meeting.block(*block).first().map(|i| i.record.clone()).unwrap_or_else(|| block.new_record()))
            }
            Target::Item { block, id, key } => (*block, *key, m.meeting.find_item(*block, *id)?.1.record.clone()),
            _ => return None,
        };
        crate::domain::catalogs::Catalogs::builtin().options_for(block, key, &rec)
    }

    pub fn open_editor(&mut self, target: Target) {
        if target.changes_record() && !self.guard_writable() {
            return;
        }
        if matches!(target, Target::Single { .. } | Target::Item { .. }) {
            if let Screen::Meeting(m) = &self.screen {
                if !m.meeting.is_open() {
                    self.begin_amendment(target);
                    return;
                }
            }
        }
        let Some((value, spec)) = self.target_value(&target) else { return };
        let catalog = self.catalog_for(&target);
        // A typed field with a catalog (a service's provider) is chosen from it, or another is typed.
        let kind = match (spec.kind, &catalog) {
            (Kind::Text, Some(_)) => Kind::Choice("@catalog"),
            (k, _) => k,
        };
        match kind {
            Kind::Choice(src) | Kind::Multi(src) => {
                let multi = matches!(kind, Kind::Multi(_));
                // A goal is linked by its id (`goal:<id>`); the list shows its label.
                let mut values: Vec<String> = Vec::new();
                let options: Vec<String> = match (src, &self.screen) {
                    ("@goals", Screen::Meeting(m)) => {
                        let (v, l): (Vec<String>, Vec<String>) = m.meeting.goal_choices().into_iter().unzip();
                        values = v;
                        l
                    }
                    ("@attendees", Screen::Meeting(m)) => m.meeting.attendee_names(),
                    // The attendance list, then the people the team is picked from.
                    ("@team", Screen::Meeting(m)) => {
                        let mut names = m.meeting.attendee_names();
                        names.extend(self.team_people().into_iter().map(|p| p.name));
                        names
                    }
                    ("@criteria", Screen::Meeting(m)) => {
                        crate::domain::eligibility::criteria_options(&m.meeting.eligibility(), &m.student)
                    }
                    ("@evidence", Screen::Meeting(m)) => {
                        crate::domain::eligibility::evidence_options(&m.meeting.eligibility(), &m.student)
                    }
                    (key, _) => catalog.unwrap_or_else(|| self.refdata.list(key).to_vec()),
                };
                let current: Vec<String> = if multi {
                    value.split("; ").filter(|s| !s.is_empty()).map(String::from).collect()
                } else {
                    vec![value.clone()]
                };
                // Keep values typed as "other" visible and selectable.
                let mut options = options;
                if values.is_empty() {
                    values = options.clone();
                }
                for c in &current {
                    if !c.is_empty() && !values.contains(c) {
                        values.push(c.clone());
                        options.push(c.clone());
                    }
                }
                let checked = values.iter().map(|o| current.contains(o)).collect();
                let sel = values.iter().position(|o| current.first() == Some(o)).unwrap_or(0);
                self.pick_original = Some(value.clone());
                // "Other…" only where the list is open: a fixed list's values are what the rules compare.
                let other = !multi && !self.refdata.is_fixed(src);
                self.modals.push(Modal::Pick { target, label: spec.label, options, values, checked, multi, sel, other, query: String::new() });
            }
            Kind::YesNo => {
                let options = vec!["yes".to_string(), "no".to_string()];
                let sel = if value == "no" { 1 } else { 0 };
                let checked = options.iter().map(|o| *o == value).collect();
                self.pick_original = Some(value.clone());
                self.modals.push(Modal::Pick { target, label: spec.label, values: options.clone(), options, checked, multi: false, sel, other: false, query: String::new() });
            }
            kind => {
                // An empty field that repeats what was said elsewhere starts from it (a draft).
                let carried = match (&target, &self.screen) {
                    (Target::Single { block, key }, Screen::Meeting(m)) if value.trim().is_empty() => m.meeting.carried_text(*block, key),
                    _ => None,
                };
                self.push_text_editor(target, spec.label, kind, value);
                if let (Some(text), Some(Modal::Edit { area, .. })) = (carried, self.modals.last_mut()) {
                    area.insert_str(text);
                    self.info("Started from the present levels' strengths (IEP 2A): edit it and save it as usual (Ctrl-S); Esc leaves the field empty.");
                }
            }
        }
    }

    /// A pick list of fixed options, nothing chosen yet (no "Other…"): sign, export, goal bank...
    pub(crate) fn push_pick(&mut self, target: Target, label: &'static str, options: Vec<String>, multi: bool) {
        self.push_pick_values(target, label, options.clone(), options, multi, false);
    }

    /// A pick list whose lines (`options`) differ from what choosing one gives (`values`);
    /// `other`: a name or value typed that matches none is offered too.
    pub(crate) fn push_pick_values(&mut self, target: Target, label: &'static str, options: Vec<String>, values: Vec<String>, multi: bool, other: bool) {
        if target.changes_record() && !self.guard_writable() {
            return;
        }
        let checked = vec![false; options.len()];
        self.modals.push(Modal::Pick { target, label, values, options, checked, multi, sel: 0, other, query: String::new() });
    }

    pub(crate) fn push_text_editor(&mut self, target: Target, label: &'static str, kind: Kind, value: String) {
        if target.changes_record() && !self.guard_writable() {
            return;
        }
        let mut area = TextArea::new(value.split('\n').map(String::from).collect());
        area.move_cursor(tui_textarea::CursorMove::Bottom);
        area.move_cursor(tui_textarea::CursorMove::End);
        area.set_cursor_line_style(Style::default());
        area.set_style(self.theme.text);
        area.set_cursor_style(self.theme.selected);
        let hint = match kind {
            Kind::Date => "YYYY-MM-DD, MM/DD/YYYY, today (t), +30d, -1w, +1y",
            Kind::Dob => "YYYY-MM-DD or MM/DD/YYYY",
            Kind::Time => "HH:MM, e.g. 14:30 or 2:30 pm, or now",
            Kind::Minutes => "whole minutes, e.g. 30",
            Kind::Percent => "0-100",
            Kind::Count => "a whole number",
            Kind::Lines => "one per line",
            _ => "",
        };
        area.set_placeholder_text(hint);
        area.set_placeholder_style(self.theme.muted);
        area.set_selection_style(self.theme.selected);
        if !matches!(kind, Kind::Long | Kind::Lines) {
            // A one-line value is usually replaced: select it so typing overwrites it (arrows keep it).
            area.select_all();
        }
        self.modals.push(Modal::Edit { target, label, kind, area, original: value, error: None });
    }

    /// Confirm the value of the popup on top (an editor or a pick list): unless someone else changed
    /// the field since it showed `original` (then both values are offered to choose from), save it;
    /// the popup closes once that is done. An error is for the popup to show; nothing was saved.
    /// `finish`: `ClosePopup`, or `Walk` to go on to the next field to fill.
    pub(crate) fn confirm_popup(&mut self, target: &Target, original: Option<&str>, value: &str, finish: Finish) -> Result<(), String> {
        if original.is_some_and(|o| self.ask_if_changed_meanwhile(target, o, value)) {
            return Ok(());
        }
        if self.commit(target, value, finish)? == Committed::Done {
            self.finished(target, finish);
        }
        Ok(())
    }

    /// A save is done: close its popup (and say so), or say the user's value was kept.
    pub(crate) fn finished(&mut self, target: &Target, finish: Finish) {
        match finish {
            Finish::ClosePopup | Finish::Walk => {
                self.modals.pop();
                if target.saves_field() {
                    self.saved_and_lead_on(target, finish == Finish::Walk);
                }
            }
            Finish::KeptMine => self.ok("Saved your value (theirs is in the audit trail)."),
            Finish::InPlace => self.saved_and_lead_on(target, false),
        }
    }

    /// "Saved.", and the form leads on to the next field to fill (saying which); `walk`: and
    /// opens it, as Enter would (an item's form, or "add" on a list still empty).
    fn saved_and_lead_on(&mut self, target: &Target, walk: bool) {
        match self.lead_on(target) {
            Some(next) => {
                self.ok(format!("Saved. Next to fill: {next}."));
                if walk {
                    self.fill_here();
                }
            }
            // Nothing of the item is left to fill: its form closes and the section leads on.
            None if walk && matches!(target, Target::Item { .. }) && matches!(self.modals.last(), Some(Modal::Form { .. })) => {
                let Some(Modal::Form { block, id, .. }) = self.modals.pop() else { return };
                let Screen::Meeting(m) = &mut self.screen else { return };
                let item = m.meeting.find_item(block, id).map(|(n, _)| format!("{} {}", crate::domain::text::capitalize(block.noun()), n + 1)).unwrap_or_default();
                let at = m.rows().iter().position(|r| *r == Row::Item(block, id));
                if let Some(at) = at {
                    m.row = at;
                }
                // (`lead_on` has just checked the meeting again: its findings are current.)
                match at.and_then(|at| self.fill_next_in_section(at)) {
                    Some(next) => {
                        self.ok(format!("Saved: {item} is filled in. Next to fill: {next}."));
                        self.fill_here();
                    }
                    None => self.ok(format!("Saved: {item} is filled in. Nothing else in this section is left to fill: x marks it done.")),
                }
            }
            None if walk => self.ok("Saved. Nothing else in this section is left to fill: x marks it done."),
            None => self.ok("Saved."),
        }
    }

    /// Open what the cursor is on to be filled: the field of the item's form on top, else the
    /// row of the section (a field, an item's form, or adding to a list).
    fn fill_here(&mut self) {
        match self.form_cursor() {
            Some((block, id, fields, sel)) => {
                if let Some(s) = fields.get(sel) {
                    self.open_editor(Target::Item { block, id, key: s.key });
                }
            }
            None => self.activate_row(),
        }
    }

    /// A save failed: nothing was saved; say why where the user is looking.
    pub(crate) fn commit_failed(&mut self, finish: Finish, msg: String) {
        match (finish, self.modals.last_mut()) {
            (Finish::ClosePopup | Finish::Walk, Some(Modal::Edit { error, .. })) => *error = Some(msg),
            _ => self.error(msg),
        }
    }

    /// The answer to saving a field of the meeting: the item on screen is the saved one; on a
    /// conflict both values are offered; on another failure the popup says why.
    fn field_saved(&mut self, block: Block, target: &Target, stale: String, input: &str, finish: Finish, r: Result<Item, StoreError>) {
        match r {
            Ok(item) => {
                if let Screen::Meeting(m) = &mut self.screen {
                    let v = m.meeting.block_mut(block);
                    match v.iter().position(|i| i.id == item.id) {
                        Some(i) => v[i] = item,
                        None if matches!(target, Target::Single { .. }) && !v.is_empty() => v[0] = item,
                        None => v.push(item),
                    }
                }
                self.finished(target, finish);
            }
            Err(StoreError::Conflict { .. }) => match self.resolve_conflict(target, &stale, input, finish) {
                Ok(Committed::Done) => self.finished(target, finish),
                Ok(_) => {}
                Err(e) => self.commit_failed(finish, e),
            },
            Err(e) => {
                let msg = e.to_string();
                self.store_failed(e);
                self.commit_failed(finish, msg);
            }
        }
    }

    /// Validate and save one field. On error nothing is saved and the message is returned; a save
    /// asked for answers later (`Committed::Pending`), finishing as `finish` says.
    pub fn commit(&mut self, target: &Target, input: &str, finish: Finish) -> Result<Committed, String> {
        let cx = self.cx();
        match target {
            Target::Ack { rule, key } => {
                let Screen::Meeting(m) = &mut self.screen else { return Err("no meeting open".into()) };
                let mid = m.meeting.id;
                if crate::domain::text::clean_line(input).is_empty() {
                    return Err("give a reason; it is kept in the record".into());
                }
                let io = Io::Acknowledge { meeting: mid, rule: rule.to_string(), target: key.clone(), reason: input.to_string() };
                let target = target.clone();
                self.emit(io, move |app, r: Result<(), StoreError>| match r.and_then(|()| app.store.acknowledgements(mid)) {
                    Ok(acks) => {
                        if let Screen::Meeting(m) = &mut app.screen {
                            m.acks = acks;
                        }
                        app.finished(&target, finish);
                    }
                    Err(e) => app.commit_failed(finish, e.to_string()),
                });
                Ok(Committed::Pending)
            }
            Target::ImportRoster => self.import_roster(input, finish),
            Target::Minutes { .. } => Err("minutes are recorded from the composer".into()),
            Target::TeamMembers => Err("team members are added from the team list".into()),
            Target::Carry { .. }
            | Target::Sign
            | Target::AmendValue(_)
            | Target::AmendHow(_)
            | Target::AmendReason(_)
            | Target::Search
            | Target::ExportFormat
            | Target::ExportRecipient { .. }
            | Target::ExportPurpose { .. }
            | Target::ExportPath { .. }
            | Target::GoalBank => self.commit_minutes(target, input, finish),
            Target::CatalogInsert => {
                if input.is_empty() {
                    return Err("tick one or more with Space, then Enter".into());
                }
                let n = self.modals.len();
                let Some(Modal::Edit { area, .. }) = n.checked_sub(2).and_then(|i| self.modals.get_mut(i)) else {
                    return Err("no text to insert into".into());
                };
                let current = area.lines().join("\n");
                let sep = if current.trim().is_empty() || current.trim_end().ends_with(';') { "" } else { "; " };
                area.insert_str(format!("{sep}{input}"));
                Ok(Committed::Done)
            }
            Target::Student { key } => {
                let Screen::Student(s) = &mut self.screen else { return Err("no student open".into()) };
                let before = s.student.clone();
                let mut after = before.clone();
                after.set(key, input, &cx).map_err(|e| e.to_string())?;
                if after == before {
                    return Ok(Committed::Done);
                }
                let (id, target) = (s.id, target.clone());
                let io = Io::UpdateStudent { id, before: Box::new(before), after: Box::new(after.clone()) };
                self.emit(io, move |app, r: Result<(), StoreError>| {
                    // The store recomputed the due dates with the record.
                    match r.and_then(|()| app.store.dues(id)) {
                        Ok(dues) => {
                            if let Screen::Student(s) = &mut app.screen {
                                s.student = after;
                                s.dues = dues;
                            }
                            app.finished(&target, finish);
                        }
                        Err(e) => app.commit_failed(finish, e.to_string()),
                    }
                });
                Ok(Committed::Pending)
            }
            Target::Single { block, key } => {
                let Screen::Meeting(m) = &mut self.screen else { return Err("no meeting open".into()) };
                let existing = m.meeting.block(*block).first().cloned();
                let mut rec = existing.as_ref().map(|i| i.record.clone()).unwrap_or_else(|| block.new_record());
                rec.as_record_mut().set(key, input, &cx).map_err(|e| e.to_string())?;
                let meeting = m.meeting.id;
                let io = match existing.clone() {
                    Some(item) if item.record == rec => return Ok(Committed::Done),
                    Some(item) => Io::UpdateItem { meeting, block: *block, item, record: rec },
                    None => Io::InsertItem { meeting, block: *block, record: rec },
                };
                let stale = existing.map(|i| i.record.as_record().get(key)).unwrap_or_default();
                let (block, target, input) = (*block, target.clone(), input.to_string());
                self.emit(io, move |app, r| app.field_saved(block, &target, stale, &input, finish, r));
                Ok(Committed::Pending)
            }
            Target::Item { block, id, key } => {
                let Screen::Meeting(m) = &mut self.screen else { return Err("no meeting open".into()) };
                let Some(item) = m.meeting.find_item(*block, *id).map(|(_, it)| it.clone()) else {
                    return self.readd_item(*block, key, input, finish);
                };
                let mut rec = item.record.clone();
                rec.as_record_mut().set(key, input, &cx).map_err(|e| e.to_string())?;
                // A person chosen from the team brings their role (an excused member).
                let known = if *block == Block::Excusals && *key == "member" { self.team_people() } else { Vec::new() };
                let Screen::Meeting(m) = &mut self.screen else { return Err("no meeting open".into()) };
                m.meeting.complete_from_person(*block, &mut rec, key, &known);
                if rec == item.record {
                    return Ok(Committed::Done);
                }
                let meeting = m.meeting.id;
                let stale = item.record.as_record().get(key);
                let (block, target, input) = (*block, target.clone(), input.to_string());
                self.emit(Io::UpdateItem { meeting, block, item, record: rec }, move |app, r| app.field_saved(block, &target, stale, &input, finish, r));
                Ok(Committed::Pending)
            }
        }
    }

    /// The targets of the minutes and closing popups (amendments, carry, sign, search, export, goal
    /// bank), called from `App::commit`.
    pub(crate) fn commit_minutes(&mut self, target: &Target, input: &str, finish: Finish) -> Result<Committed, String> {
        match target {
            Target::Carry { entry_id } => self.carry(*entry_id, input, finish),
            Target::Sign => self.sign(input, finish),
            Target::AmendValue(inner) => self.amend_value(inner, input),
            Target::AmendHow(p) => self.amend_how(p, input),
            Target::AmendReason(p) => self.amend_reason(p, input, finish),
            Target::Search => self.search(input),
            Target::ExportFormat => self.export_format(input),
            Target::ExportRecipient { format, lang } => self.export_recipient(format, lang, input),
            Target::ExportPurpose { format, lang, recipient } => self.export_purpose(format, lang, recipient, input),
            Target::ExportPath { format, lang, to } => self.export_to(format, lang, to.clone(), input, finish),
            Target::GoalBank => self.insert_goal(input),
            _ => Err("not a minutes target".into()),
        }
    }
}

