//! Full-text search of all minutes and its results.

#[allow(unused_imports)]
use crate::ui::prelude::*;

pub static SEARCH_LABEL: &str = "Search all minutes (words, or \"a phrase\")";

impl App {
    pub(crate) fn open_search(&mut self) {
        self.push_text_editor(Target::Search, SEARCH_LABEL, Kind::Text, String::new());
    }

    pub(crate) fn search(&mut self, input: &str) -> Result<Committed, String> {
        let hits = self.store.search(input, None, 200).map_err(|e| e.to_string())?;
        if hits.is_empty() {
            return Err(format!("no minutes match '{}'", crate::domain::text::clean_line(input)));
        }
        self.modals.pop();
        self.modals.push(Modal::Results { query: crate::domain::text::clean_line(input), hits, sel: 0 });
        Ok(Committed::NextStep)
    }

    pub(crate) fn results_update(&mut self, action: Action) {
        let Some(Modal::Results { hits, sel, .. }) = self.modals.last_mut() else { return };
        match action {
            Action::Down => *sel = (*sel + 1).min(hits.len().saturating_sub(1)),
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Close => {
                self.modals.pop();
            }
            Action::Again => {
                self.modals.pop();
                self.open_search();
            }
            Action::Open => {
                let Some(h) = hits.get(*sel).cloned() else { return };
                self.after_minutes_saved(move |app| {
                    app.modals.clear();
                    let r = app.open_meeting(h.meeting_id, h.section.unwrap_or(Section::Attendance));
                    if app.report(r).is_some() {
                        app.set_pane(Pane::Minutes);
                        app.set_pane(Pane::Main);
                    }
                });
            }
            _ => {}
        }
    }
}
