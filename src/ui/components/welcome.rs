//! The welcome screen of an empty database: load the demo, import a roster, or start empty.

#[allow(unused_imports)]
use crate::ui::prelude::*;
use crate::domain::demo;

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
                let cases = demo::caseload(40, 1, self.today);
                let r = self.store.load_demo(&cases, self.today, |_| ());
                if let Some(n) = self.report(r) {
                    let _ = self.store.set_state(WELCOMED, "demo");
                    let r = self.go_caseload();
                    self.report(r);
                    self.ok(format!("Loaded {n} fictional demo students (IDs DEMO-…). Enter opens one."));
                }
            }
            Some(1) => self.open_editor(Target::ImportRoster),
            Some(2) => {
                let _ = self.store.set_state(WELCOMED, "empty");
                let r = self.go_caseload();
                self.report(r);
                self.info("Empty caseload. Press 'a' to add a student.");
            }
            _ => {}
        }
    }

    /// Import a roster CSV (docs/roster-format.md): all rows or none; the problems are shown in the
    /// path editor, so the user can fix the file and try again.
    pub(crate) fn import_roster(&mut self, input: &str) -> Result<(), String> {
        let raw = input.trim();
        if raw.is_empty() {
            return Err("type the path of a CSV file".into());
        }
        let path = match (raw.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
            _ => std::path::PathBuf::from(raw),
        };
        let shown = crate::domain::text::display(&path.display().to_string());
        let bytes = crate::input::read_bounded(&path, 1 << 30, "roster").map_err(|e| e.to_string())?;
        let text = crate::input::utf8(bytes, crate::domain::roster::UTF8_HINT).map_err(|e| format!("{shown}: {e}"))?;
        let rows = crate::domain::roster::parse(&text, self.today, |_| ()).map_err(|errors| {
            let first: Vec<String> = errors.iter().take(3).map(|e| e.to_string()).collect();
            let more = if errors.len() > 3 { format!(" … and {} more", errors.len() - 3) } else { String::new() };
            format!("nothing was imported: {}{more}", first.join("; "))
        })?;
        let report = self.store.import_students(&rows, false, |_| ()).map_err(|e| e.to_string())?;
        let _ = self.store.set_state(WELCOMED, "import");
        self.go_caseload().map_err(|e| e.to_string())?;
        self.ok(format!(
            "Imported {shown}: {} added, {} updated, {} unchanged.",
            report.added, report.updated, report.unchanged
        ));
        Ok(())
    }
}
