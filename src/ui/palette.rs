//! The command palette (`:` or Ctrl-P): fuzzy-find any action of the current screen, a section of the
//! open meeting, a student, or a student's meeting in progress, and run it. Actions come from the same
//! key tables as the help overlay (`keys`), so the palette can never offer what a key does not do.

use crossterm::event::KeyEvent;
use tui_textarea::TextArea;

use super::app::{App, Modal, Screen};
use super::action::Action;
use super::keys;
use crate::domain::meeting::Section;

/// What choosing a palette line does.
#[derive(Debug, Clone, PartialEq)]
pub enum PaletteAction {
    /// Do an action of a context (as its first key would); in a meeting, from the pane it belongs to.
    Act { ctx: &'static str, action: Action, key: KeyEvent },
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
    /// The key context the palette was opened from (its actions are that context's).
    pub ctx: &'static str,
    pub input: TextArea<'static>,
    pub items: Vec<PaletteItem>,
    pub sel: usize,
}

/// Most lines shown.
const SHOWN: usize = 40;

impl App {
    pub(super) fn open_palette(&mut self) {
        let mut input = TextArea::default();
        input.set_cursor_line_style(ratatui::style::Style::default());
        input.set_style(self.theme.text);
        input.set_placeholder_text("type to find an action, a section, a student…");
        input.set_placeholder_style(self.theme.muted);
        let ctx = self.key_context();
        let mut st = PaletteState { ctx, input, items: Vec::new(), sel: 0 };
        st.items = self.palette_items("", ctx);
        self.modals.push(Modal::Palette(Box::new(st)));
    }

    /// Everything the palette can offer here, best match for `query` first.
    pub fn palette_items(&self, query: &str, ctx: &'static str) -> Vec<PaletteItem> {
        let mut all: Vec<PaletteItem> = Vec::new();
        // Actions of this screen, from the key bindings (not the palette itself). In a meeting the
        // agenda's and the forms' keys work from either pane, so both are offered.
        let mut contexts = keys::Keymap::chain(ctx);
        if matches!(ctx, "agenda" | "forms" | "findings" | "minutes") {
            contexts = vec!["forms", "agenda", "meeting", "global"];
        }
        let mut seen = std::collections::HashSet::new();
        for c in contexts {
            for b in self.keymap.in_context(c) {
                let (Some(first), Some(canonical)) = (b.keys.first(), b.defaults.first()) else { continue };
                if b.id() == "global.palette" || b.fixed || !seen.insert(b.help.clone()) {
                    continue;
                }
                all.push(PaletteItem {
                    label: format!("{} ({})", b.help, keys::key_name(*first)),
                    action: PaletteAction::Act { ctx: c, action: b.act, key: *canonical },
                });
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
        let labels: Vec<&str> = all.iter().map(|it| it.label.as_str()).collect();
        let mut out: Vec<PaletteItem> = super::popups::pick::visible(&labels, q).into_iter().map(|i| all[i].clone()).collect();
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

    pub(super) fn palette_update(&mut self, action: Action) {
        let Some(Modal::Palette(p)) = self.modals.last_mut() else { return };
        match action {
            Action::Close => {
                self.modals.pop();
            }
            Action::Down => p.sel = (p.sel + 1).min(p.items.len().saturating_sub(1)),
            Action::Up => p.sel = p.sel.saturating_sub(1),
            Action::Run => {
                let Some(item) = p.items.get(p.sel).cloned() else { return };
                self.modals.pop();
                self.run_palette(item.action);
            }
            _ => {}
        }
    }

    /// What is typed in the palette is its query.
    pub(super) fn palette_input(&mut self, key: KeyEvent) {
        let Some(Modal::Palette(p)) = self.modals.last_mut() else { return };
        if p.input.input(key) {
            let q = p.input.lines().join(" ");
            let ctx = p.ctx;
            let items = self.palette_items(&q, ctx);
            if let Some(Modal::Palette(p)) = self.modals.last_mut() {
                p.items = items;
                p.sel = 0;
            }
        }
    }

    fn run_palette(&mut self, action: PaletteAction) {
        match action {
            PaletteAction::Act { ctx, action, key } => {
                if self.kind() == super::app::ScreenKind::Meeting {
                    match ctx {
                        "forms" | "meeting" => self.set_pane(super::app::Pane::Main),
                        "agenda" => self.set_pane(super::app::Pane::Agenda),
                        _ => {}
                    }
                }
                let fx = self.update(ctx, action, key);
                self.fx.extend(fx);
            }
            PaletteAction::Section(s) => self.set_section(s),
            PaletteAction::Student(id) => self.after_minutes_saved(move |app| {
                app.leave_meeting();
                let r = app.open_student(id);
                app.report(r);
            }),
            PaletteAction::Meeting(id) => self.after_minutes_saved(move |app| {
                app.leave_meeting();
                let r = app.open_meeting(id, Section::Attendance);
                app.report(r);
            }),
        }
    }
}

