//! Typing a value: a one-line field or a text field. What is typed is a draft (`ui::drafts`) until
//! it is saved; wrapping is display only (`widgets::softwrap`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::fields::Kind;
use crate::domain::text::MAX_LONG;
#[allow(unused_imports)]
use crate::ui::prelude::*;

static CATALOG_LABEL: &str = "Choose from the list (Space ticks, Enter inserts)";

impl App {
    pub(crate) fn edit_update(&mut self, action: Action) {
        let Some(Modal::Edit { target, kind, area, original, error, .. }) = self.modals.last_mut() else { return };
        let long = matches!(kind, Kind::Long | Kind::Lines);
        match action {
            Action::Save => {
                let text = area.lines().join("\n");
                let target = target.clone();
                let original = original.clone();
                if let Err(e) = self.confirm_popup(&target, Some(&original), &text) {
                    if let Some(Modal::Edit { error, .. }) = self.modals.last_mut() {
                        *error = Some(e);
                    }
                }
            }
            Action::Cancel => {
                if long && area.lines().join("\n") != *original {
                    self.modals.push(Modal::Confirm { prompt: "Discard the changes to this text?".into(), action: ConfirmAction::DiscardEdit });
                } else {
                    self.modals.pop();
                }
            }
            Action::NewLine => {
                if area.lines().iter().map(|l| l.len()).sum::<usize>() > MAX_LONG {
                    *error = Some(format!("the limit is {MAX_LONG} characters"));
                } else {
                    area.insert_newline();
                    *error = None;
                }
            }
            Action::ToMinutes => self.editor_to_minutes(),
            Action::Catalog => {
                let target = target.clone();
                match self.catalog_for(&target) {
                    Some(options) => self.push_pick(Target::CatalogInsert, CATALOG_LABEL, options, true),
                    None => self.info("This field has no list to choose from; type the value."),
                }
            }
            Action::Clear => {
                // Readline habit: Ctrl-U clears the line.
                area.select_all();
                area.cut();
                *error = None;
            }
            _ => {}
        }
    }

    /// A key typed in the editor: text, or a cursor move (↑/↓ by wrapped row).
    pub(crate) fn edit_input(&mut self, key: KeyEvent) {
        let width = crate::ui::view::editor_text_width(self.width);
        let Some(Modal::Edit { area, error, .. }) = self.modals.last_mut() else { return };
        let size: usize = area.lines().iter().map(|l| l.len()).sum();
        if size > MAX_LONG && matches!(key.code, KeyCode::Char(_) | KeyCode::Enter) {
            *error = Some(format!("the limit is {MAX_LONG} characters"));
            return;
        }
        if matches!(key.code, KeyCode::Up | KeyCode::Down) && key.modifiers.is_empty() {
            crate::ui::widgets::softwrap::visual_move(area, width, key.code == KeyCode::Up);
            return;
        }
        // Enter is not a binding of a one-line field's editor only when remapped; never a newline there.
        if key.code == KeyCode::Enter && !key.modifiers.contains(KeyModifiers::ALT) {
            return;
        }
        area.input(key);
        *error = None;
    }
}
