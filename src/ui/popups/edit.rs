//! Typing a value: a one-line field or a text field. What is typed is a draft (`ui::drafts`) until
//! it is saved; wrapping is display only (`widgets::softwrap`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::fields::Kind;
use crate::domain::text::MAX_LONG;
#[allow(unused_imports)]
use crate::ui::prelude::*;

static CATALOG_LABEL: &str = "Choose from the list (Space ticks, Enter inserts)";

/// Select the next (or previous) `[__]` blank after (before) the cursor, wrapping around, so that
/// typing replaces it. False when the text has none.
pub fn select_blank(area: &mut TextArea<'static>, forward: bool) -> bool {
    use tui_textarea::CursorMove;
    let b: Vec<char> = crate::domain::goalbank::BLANK.chars().collect();
    let n = b.len();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (r, l) in area.lines().iter().enumerate() {
        let l: Vec<char> = l.chars().collect();
        for c in 0..(l.len() + 1).saturating_sub(n) {
            if l[c..c + n] == b[..] {
                found.push((r, c));
            }
        }
    }
    // Where the search starts: the cursor, or the start of a blank already selected.
    let here = area.selection_range().map(|(s, _)| s).unwrap_or_else(|| area.cursor());
    let pick = if forward {
        found.iter().find(|p| **p > here).or(found.first())
    } else {
        found.iter().rev().find(|p| **p < here).or(found.last())
    };
    let Some(&(r, c)) = pick else { return false };
    area.cancel_selection();
    area.move_cursor(CursorMove::Jump(r as u16, c as u16));
    area.start_selection();
    for _ in 0..n {
        area.move_cursor(CursorMove::Forward);
    }
    true
}

impl App {
    pub(crate) fn edit_update(&mut self, action: Action) {
        let Some(Modal::Edit { target, kind, area, original, error, .. }) = self.modals.last_mut() else { return };
        let long = matches!(kind, Kind::Long | Kind::Lines);
        // Tab with no [__] blank left: save, then fill the next field.
        let action = match action {
            Action::NextBlank if !select_blank(area, true) => Action::ChooseNext,
            Action::NextBlank => return,
            a => a,
        };
        match action {
            Action::Save | Action::ChooseNext => {
                let text = area.lines().join("\n");
                let target = target.clone();
                let original = original.clone();
                let finish = if action == Action::ChooseNext { Finish::Walk } else { Finish::ClosePopup };
                if let Err(e) = self.confirm_popup(&target, Some(&original), &text, finish) {
                    if let Some(Modal::Edit { error, .. }) = self.modals.last_mut() {
                        *error = Some(e);
                    }
                }
            }
            Action::Cancel => {
                if long && area.lines().join("\n") != *original {
                    self.modals.push(Modal::Confirm { prompt: "Discard the changes to this text?".into(), action: ConfirmAction::DiscardEdit, typed: None });
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
            // (A blank found is selected; typing replaces it.)
            Action::PreviousBlank if !select_blank(area, false) => {
                self.info("No [__] blank left in this text.");
            }
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

#[cfg(test)]
mod tests {
    use super::select_blank;
    use tui_textarea::TextArea;

    #[test]
    fn tab_selects_each_blank_in_turn_and_typing_replaces_it() {
        let mut a = TextArea::new(vec!["Given [__], Sam will read".into(), "[__] words per minute by [__].".into()]);
        assert!(select_blank(&mut a, true));
        assert_eq!(a.selection_range(), Some(((0, 6), (0, 10))));
        a.insert_str("a grade-level passage");
        assert_eq!(a.lines()[0], "Given a grade-level passage, Sam will read");
        assert!(select_blank(&mut a, true));
        assert_eq!(a.selection_range(), Some(((1, 0), (1, 4))));
        assert!(select_blank(&mut a, true));
        assert_eq!(a.selection_range(), Some(((1, 25), (1, 29))));
        // Past the last, it wraps to the first still left; Shift-Tab goes back.
        assert!(select_blank(&mut a, true));
        assert_eq!(a.selection_range(), Some(((1, 0), (1, 4))));
        assert!(select_blank(&mut a, false));
        assert_eq!(a.selection_range(), Some(((1, 25), (1, 29))));
        a.insert_str("June 2027");
        a.move_cursor(tui_textarea::CursorMove::Top);
        assert!(select_blank(&mut a, true));
        a.insert_str("90");
        assert_eq!(a.lines().join("\n"), "Given a grade-level passage, Sam will read\n90 words per minute by June 2027.");
        assert!(!select_blank(&mut a, true), "none left");
    }
}
