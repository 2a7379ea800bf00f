//! The findings pane: the compliance engine's findings for the open meeting; Enter goes where one
//! is fixed, `a` acknowledges a WARNING or INFO with a reason.

#[allow(unused_imports)]
use crate::ui::prelude::*;
use crate::rules::{Finding, Severity};
use crate::ui::components::meeting::Row;
use crate::ui::fields::Target;

/// The form row where finding `f` is fixed, if it is on this section's form.
fn row_of(rows: &[Row], f: &Finding) -> Option<usize> {
    match (f.target.block, f.target.item_id, f.target.field) {
        (Some(b), Some(id), _) => rows.iter().position(|r| *r == Row::Item(b, id)),
        (Some(b), None, Some(k)) => rows.iter().position(|r| *r == Row::Field(b, k)),
        (Some(b), None, None) => rows.iter().position(|r| r.block() == Some(b) && r.selectable()),
        _ => None,
    }
}

impl App {
    /// After a field of the form is saved, the form leads on: the cursor moves to the next row of
    /// this section that an open ERROR points at (after the one saved, else from the top), and
    /// the label of that row is returned to be said. In an item's form, the next field after the
    /// one saved that is empty or has a `[__]` blank, else the first before it with a blank or
    /// empty with an open ERROR (a field with a value and an ERROR is fixed elsewhere, as a
    /// start date waiting for consent); when there is none, the cursor moves down one.
    /// Nothing moves when nothing in the section is left to fill.
    pub(crate) fn lead_on(&mut self, saved: &Target) -> Option<String> {
        if let Target::Item { key, .. } = saved {
            self.refresh_findings();
            let (block, id, fields, _) = self.form_cursor()?;
            let Screen::Meeting(m) = &self.screen else { return None };
            let rec = &m.meeting.find_item(block, id)?.1.record;
            let at = fields.iter().position(|s| s.key == *key).unwrap_or(0);
            let error = |k: &str| {
                m.findings.iter().any(|f| {
                    f.severity == Severity::Error && f.target.block == Some(block) && f.target.item_id == Some(id) && f.target.field == Some(k) && m.ack_of(f).is_none()
                })
            };
            let blank = |k: &str| rec.as_record().get(k).contains(crate::domain::goalbank::BLANK);
            let empty = |k: &str| rec.as_record().get(k).trim().is_empty();
            let to_fill = fields
                .iter()
                .skip(at + 1)
                .find(|s| empty(s.key) || blank(s.key))
                .or_else(|| fields.iter().take(at).find(|s| blank(s.key) || (empty(s.key) && error(s.key))))
                .copied();
            let next = to_fill.or(fields.get(at + 1).copied()).or(fields.get(at).copied())?;
            self.form_select(next.key);
            return to_fill.map(|s| s.label.to_string());
        }
        let Target::Single { block, key } = saved else { return None };
        self.refresh_findings();
        let Screen::Meeting(m) = &self.screen else { return None };
        let at = m.rows().iter().position(|r| *r == Row::Field(*block, key))?;
        self.fill_next_in_section(at)
    }

    /// `n`: the next field to fill — in this section after the cursor, else the first open ERROR
    /// of the sections after this one (then from the first section).
    pub(crate) fn next_to_fill(&mut self) {
        let Screen::Meeting(m) = &self.screen else { return };
        if let Some(label) = self.fill_next_in_section(m.row) {
            return self.info(format!("Next to fill: {label}."));
        }
        let Screen::Meeting(m) = &self.screen else { return };
        let here = m.section.index();
        let later = m
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.target.section != m.section)
            .min_by_key(|f| ((f.target.section.index() + 7 - here) % 7, f.target.section.index()))
            .cloned();
        match later {
            Some(f) => {
                let section = f.target.section.label();
                self.jump_to(&f);
                self.info(format!("Next to fill, in {section}: {}.", f.detail.trim_end_matches('.')));
            }
            None => self.info("Nothing left to fill: no ERROR is open."),
        }
    }

    /// Move the cursor to the next row of this section an open ERROR points at after row `at`
    /// (findings as they stand now), and say its label.
    pub(crate) fn fill_next_after(&mut self, at: usize) -> Option<String> {
        self.refresh_findings();
        self.fill_next_in_section(at)
    }

    /// Move the cursor to the first row of this section an open ERROR points at, and say its label.
    pub(crate) fn fill_first_in_section(&mut self) -> Option<String> {
        self.refresh_findings();
        self.fill_next_in_section(usize::MAX)
    }

    /// Move the cursor to the next row of this section an open ERROR points at, after row `at`
    /// (else from the top), and say its label. None when no other row of the section has one.
    /// An ERROR on a field of an item that has a value is not one to fill (a service's start
    /// date waits for consent): it is skipped.
    pub(crate) fn fill_next_in_section(&mut self, at: usize) -> Option<String> {
        let Screen::Meeting(m) = &mut self.screen else { return None };
        let rows = m.rows();
        let filled_item_field = |f: &Finding| match (f.target.block, f.target.item_id, f.target.field) {
            (Some(b), Some(id), Some(k)) => m.meeting.find_item(b, id).is_some_and(|(_, i)| !i.record.as_record().get(k).trim().is_empty()),
            _ => false,
        };
        let mut open: Vec<usize> = m
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.target.section == m.section && m.ack_of(f).is_none() && !filled_item_field(f))
            .filter_map(|f| row_of(&rows, f))
            .filter(|r| *r != at)
            .collect();
        open.sort_unstable();
        let next = open.iter().find(|r| **r > at).or(open.first()).copied()?;
        m.row = next;
        m.pane = Pane::Main;
        Some(match rows[next] {
            Row::Field(b, k) => b.new_record().as_record().spec(k).map(|s| s.label.to_string()).unwrap_or_default(),
            Row::Item(b, _) | Row::Add(b) => b.title().to_string(),
            _ => String::new(),
        })
    }

    /// Move to where a finding can be fixed: its section, block, item and field.
    pub(crate) fn jump_to(&mut self, f: &Finding) {
        // Once the minutes typed here are saved (then the section changes at once).
        let f = f.clone();
        self.after_minutes_saved(move |app| app.jump_now(&f));
    }

    fn jump_now(&mut self, f: &Finding) {
        self.set_section(f.target.section);
        let Screen::Meeting(m) = &mut self.screen else { return };
        let rows = m.rows();
        if let Some(r) = row_of(&rows, f) {
            m.row = r;
        }
        m.pane = Pane::Main;
        style_minutes(&self.theme, m);
        if let (Some(b), Some(id), Some(k)) = (f.target.block, f.target.item_id, f.target.field) {
            if m.meeting.find_item(b, id).is_some() {
                self.modals.push(Modal::Form { block: b, id, field: k, fresh: false });
            }
        }
    }

    pub(crate) fn findings_update(&mut self, action: Action) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        let n = m.findings.len();
        match action {
            Action::Down => m.finding_sel = (m.finding_sel + 1).min(n.saturating_sub(1)),
            Action::Up => m.finding_sel = m.finding_sel.saturating_sub(1),
            Action::Go => {
                if let Some(f) = m.findings.get(m.finding_sel).cloned() {
                    self.jump_to(&f);
                }
            }
            Action::Acknowledge => {
                let Some(f) = m.findings.get(m.finding_sel).cloned() else { return };
                if f.severity == Severity::Error {
                    self.error("An ERROR cannot be acknowledged away; it is resolved by fixing what it names.");
                } else if self.guard_open() {
                    let existing = match &self.screen {
                        Screen::Meeting(m) => m.ack_of(&f).map(|a| a.reason.clone()).unwrap_or_default(),
                        _ => String::new(),
                    };
                    self.push_text_editor(Target::Ack { rule: f.rule, key: f.target.key() }, ACK_LABEL, Kind::Text, existing);
                }
            }
            Action::Hide => {
                self.show_findings = false;
                self.set_pane(Pane::Main);
            }
            Action::Back => self.set_pane(Pane::Main),
            Action::NextPane => self.meeting_update(Action::NextPane, crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Tab)),
            _ => {}
        }
    }
}
