//! The welcome screen of an empty database: load the demo, import a roster, or start empty.

#[allow(unused_imports)]
use crate::ui::prelude::*;

impl App {
    pub(crate) fn welcome_update(&mut self, action: Action) {
        let Screen::Welcome { sel } = &mut self.screen else { return };
        let choice = match action {
            Action::Down => {
                *sel = (*sel + 1).min(2);
                None
            }
            Action::Up => {
                *sel = sel.saturating_sub(1);
                None
            }
            Action::Choose => Some(*sel),
            Action::Demo => Some(0),
            Action::Import => Some(1),
            Action::Empty => Some(2),
            Action::Quit => {
                self.quit = true;
                None
            }
            _ => None,
        };
        match choice {
            Some(0) => {
                self.emit(Io::LoadDemo { n: 40, seed: 1, today: self.today }, |app, r: Result<usize, StoreError>| {
                    let Some(n) = app.report(r) else { return };
                    app.emit_ignored(Io::SetState { key: WELCOMED.into(), value: "demo".into() });
                    let r = app.go_caseload();
                    app.report(r);
                    app.ok(format!("Loaded {n} fictional demo students (IDs DEMO-…). Enter opens one."));
                });
            }
            Some(1) => self.open_editor(Target::ImportRoster),
            Some(2) => {
                self.emit_ignored(Io::SetState { key: WELCOMED.into(), value: "empty".into() });
                let r = self.go_caseload();
                self.report(r);
                self.info("Empty caseload. Press 'a' to add a student.");
            }
            _ => {}
        }
    }

    /// Import a roster CSV (docs/roster-format.md): all rows or none; the problems are shown in the
    /// path editor, so the user can fix the file and try again.
    pub(crate) fn import_roster(&mut self, input: &str, finish: Finish) -> Result<Committed, String> {
        let raw = input.trim();
        if raw.is_empty() {
            return Err("type the path of a CSV file".into());
        }
        let path = match (raw.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
            _ => std::path::PathBuf::from(raw),
        };
        let shown = crate::domain::text::display(&path.display().to_string());
        self.emit(Io::ImportRoster { path, today: self.today }, move |app, r: Result<crate::store::ImportReport, StoreError>| {
            let report = match r {
                Ok(report) => report,
                Err(e) => return app.commit_failed(finish, e.to_string()),
            };
            app.emit_ignored(Io::SetState { key: WELCOMED.into(), value: "import".into() });
            if let Err(e) = app.go_caseload() {
                return app.commit_failed(finish, e.to_string());
            }
            app.ok(format!("Imported {shown}: {} added, {} updated, {} unchanged.", report.added, report.updated, report.unchanged));
            app.finished(&Target::ImportRoster, finish);
        });
        Ok(Committed::Pending)
    }
}
