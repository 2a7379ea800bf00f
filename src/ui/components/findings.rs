//! The findings pane: the compliance engine's findings for the open meeting; Enter goes where one
//! is fixed, `a` acknowledges a WARNING or INFO with a reason.

#[allow(unused_imports)]
use crate::ui::prelude::*;
use crate::rules::{Finding, Severity};
use crate::ui::components::meeting::Row;
use crate::ui::fields::Target;

impl App {
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
        let wanted = match (f.target.block, f.target.item_id, f.target.field) {
            (Some(b), Some(id), _) => rows.iter().position(|r| *r == Row::Item(b, id)),
            (Some(b), None, Some(k)) => rows.iter().position(|r| *r == Row::Field(b, k)),
            (Some(b), None, None) => rows.iter().position(|r| r.block() == Some(b) && r.selectable()),
            _ => None,
        };
        if let Some(r) = wanted {
            m.row = r;
        }
        m.pane = Pane::Main;
        style_minutes(&self.theme, m);
        if let (Some(b), Some(id), Some(k)) = (f.target.block, f.target.item_id, f.target.field) {
            let sel = b.new_record().as_record().specs().iter().position(|s| s.key == k).unwrap_or(0);
            if m.meeting.find_item(b, id).is_some() {
                self.modals.push(Modal::Form { block: b, id, sel, fresh: false });
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
