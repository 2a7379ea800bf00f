//! The command palette (`:` or Ctrl-P): fuzzy-find any action of the current screen, a section of the
//! open meeting, a student, or a student's meeting in progress, and run it. Actions come from the same
//! key tables as the help overlay (`keys`), so the palette can never offer what a key does not do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use tui_textarea::TextArea;

use super::app::{App, Modal, Screen};
use super::keys;
use crate::domain::meeting::Section;

/// What choosing a palette line does.
#[derive(Debug, Clone, PartialEq)]
pub enum PaletteAction {
    /// Press this key on the current screen.
    Key(KeyEvent),
    Section(Section),
    Student(i64),
    Meeting(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PaletteItem {
    pub label: String,
    pub action: PaletteAction,
}

pub struct PaletteState {
    pub input: TextArea<'static>,
    pub items: Vec<PaletteItem>,
    pub sel: usize,
}

/// Most lines shown.
const SHOWN: usize = 40;

/// A key of the help tables as a key event, when it is one key (not "j/k ↑/↓" or "type").
pub fn key_of(s: &str) -> Option<KeyEvent> {
    let none = KeyModifiers::NONE;
    if let Some(c) = s.strip_prefix("Ctrl-") {
        let mut chars = c.chars();
        let ch = chars.next()?.to_ascii_lowercase();
        return chars.next().is_none().then(|| KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL));
    }
    match s {
        "Enter" => Some(KeyEvent::new(KeyCode::Enter, none)),
        "Tab" => Some(KeyEvent::new(KeyCode::Tab, none)),
        _ => {
            let mut chars = s.chars();
            let c = chars.next()?;
            chars.next().is_none().then(|| KeyEvent::new(KeyCode::Char(c), none))
        }
    }
}

impl App {
    pub(super) fn open_palette(&mut self) {
        let mut input = TextArea::default();
        input.set_cursor_line_style(ratatui::style::Style::default());
        input.set_style(self.theme.text);
        input.set_placeholder_text("type to find an action, a section, a student…");
        input.set_placeholder_style(self.theme.muted);
        let mut st = PaletteState { input, items: Vec::new(), sel: 0 };
        st.items = self.palette_items("");
        self.modals.push(Modal::Palette(Box::new(st)));
    }

    /// Everything the palette can offer here, best match for `query` first.
    pub fn palette_items(&self, query: &str) -> Vec<PaletteItem> {
        let mut all: Vec<PaletteItem> = Vec::new();
        // Actions of this screen: the one-key entries of its help tables (not the palette itself). In a
        // meeting, the agenda's and the forms' keys work from either pane, so both are offered.
        let mut tables: Vec<&[keys::KeyHelp]> = vec![keys::for_screen(self.kind(), self.pane())];
        if self.kind() == super::app::ScreenKind::Meeting {
            tables.push(keys::for_screen(self.kind(), super::app::Pane::Agenda));
            tables.push(keys::for_screen(self.kind(), super::app::Pane::Main));
        }
        tables.push(keys::GLOBAL);
        let mut seen = std::collections::HashSet::new();
        for (k, what) in tables.into_iter().flatten() {
            if let Some(ev) = key_of(k) {
                if *k == ":" || !seen.insert(*k) {
                    continue;
                }
                all.push(PaletteItem { label: format!("{what} ({k})"), action: PaletteAction::Key(ev) });
            }
        }
        if let Screen::Meeting(m) = &self.screen {
            for (i, s) in Section::ALL.iter().enumerate() {
                if *s != m.section {
                    all.push(PaletteItem { label: format!("Go to section {}: {} ({})", i + 1, s.label(), s.form()), action: PaletteAction::Section(*s) });
                }
            }
        }
        let q = query.trim();
        let mut out: Vec<PaletteItem> = if q.is_empty() {
            all
        } else {
            let mut matcher = Matcher::new(Config::DEFAULT);
            let pattern = Pattern::parse(q, CaseMatching::Ignore, Normalization::Smart);
            let mut scored: Vec<(u32, usize)> = all
                .iter()
                .enumerate()
                .filter_map(|(i, it)| pattern.score(Utf32String::from(it.label.as_str()).slice(..), &mut matcher).map(|s| (s, i)))
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.into_iter().map(|(_, i)| all[i].clone()).collect()
        };
        // Students (by ID or name words) and their meetings in progress, from the indexed lookup.
        if q.chars().count() >= 2 {
            if let Ok(rows) = self.store.find_students(q, 8) {
                for r in rows {
                    let name = crate::domain::text::display(&format!("{}, {} ({})", r.last_name, r.first_name, r.local_id));
                    out.push(PaletteItem { label: format!("Open student {name}"), action: PaletteAction::Student(r.id) });
                    if let Some(mid) = r.open_meeting {
                        out.push(PaletteItem { label: format!("Open the meeting in progress of {name}"), action: PaletteAction::Meeting(mid) });
                    }
                }
            }
        }
        out.truncate(SHOWN);
        out
    }

    pub(super) fn palette_key(&mut self, key: KeyEvent) {
        let Some(Modal::Palette(p)) = self.modals.last_mut() else { return };
        match key.code {
            KeyCode::Esc => {
                self.modals.pop();
            }
            KeyCode::Down | KeyCode::Tab => p.sel = (p.sel + 1).min(p.items.len().saturating_sub(1)),
            KeyCode::Up | KeyCode::BackTab => p.sel = p.sel.saturating_sub(1),
            KeyCode::Enter => {
                let Some(item) = p.items.get(p.sel).cloned() else { return };
                self.modals.pop();
                self.run_palette(item.action);
            }
            _ => {
                if p.input.input(key) {
                    let q = p.input.lines().join(" ");
                    let items = self.palette_items(&q);
                    if let Some(Modal::Palette(p)) = self.modals.last_mut() {
                        p.items = items;
                        p.sel = 0;
                    }
                }
            }
        }
    }

    fn run_palette(&mut self, action: PaletteAction) {
        match action {
            PaletteAction::Key(k) => {
                // A meeting key that is not the current pane's own runs from the forms pane.
                let own = keys::for_screen(self.kind(), self.pane()).iter().any(|(name, _)| key_of(name) == Some(k));
                if self.kind() == super::app::ScreenKind::Meeting && !own {
                    self.set_pane(super::app::Pane::Main);
                }
                self.handle_key(k)
            }
            PaletteAction::Section(s) => self.set_section(s),
            PaletteAction::Student(id) => {
                self.flush_minutes();
                self.leave_meeting();
                let r = self.open_student(id);
                self.report(r);
            }
            PaletteAction::Meeting(id) => {
                self.flush_minutes();
                self.leave_meeting();
                let r = self.open_meeting(id, Section::Attendance);
                self.report(r);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_the_help_tables() {
        assert_eq!(key_of("F"), Some(KeyEvent::new(KeyCode::Char('F'), KeyModifiers::NONE)));
        assert_eq!(key_of("Ctrl-F"), Some(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)));
        assert_eq!(key_of("Enter"), Some(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        assert_eq!(key_of("j/k ↑/↓"), None);
        assert_eq!(key_of("type"), None);
    }
}
