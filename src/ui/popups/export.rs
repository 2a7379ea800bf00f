//! Exporting the meeting record from the TUI: the format, then the file.

#[allow(unused_imports)]
use crate::ui::prelude::*;

pub static EXPORT_LABEL: &str = "Export the meeting record as";
pub static PATH_LABEL: &str = "Export to file (created readable by you only)";
pub const EXPORT_CHOICES: [&str; 7] = [
    "md — Markdown",
    "html — web page, prints well",
    "pdf — PDF document",
    "json — meeting document (iepmeet check)",
    "md — Markdown, en español",
    "html — web page, en español",
    "pdf — PDF document, en español",
];

impl App {
    pub(crate) fn export_format(&mut self, choice: &str) -> Result<Committed, String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let format = crate::export::FORMATS.into_iter().find(|f| choice.starts_with(f)).ok_or("choose a format")?;
        let dir = match self.store.path().parent() {
            Some(d) if !d.as_os_str().is_empty() && self.store.path().as_os_str() != ":memory:" => d.join("exports"),
            _ => std::path::PathBuf::from("exports"),
        };
        let id = if m.student.local_id.is_empty() { m.meeting.student_id.to_string() } else { m.student.local_id.clone() };
        let safe: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
        let lang = if choice.ends_with("español") { "es" } else { "en" };
        let suffix = if lang == "en" { String::new() } else { format!("-{lang}") };
        let path = dir.join(format!("{safe}-meeting-{}{suffix}.{format}", m.meeting.id));
        self.modals.pop();
        self.push_text_editor(Target::ExportPath { format, lang }, PATH_LABEL, Kind::Text, path.display().to_string());
        Ok(Committed::NextStep)
    }

    pub(crate) fn export_to(&mut self, format: &str, lang: &str, input: &str) -> Result<(), String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let raw = input.trim();
        if raw.is_empty() {
            return Err("type the file to write".into());
        }
        let path = std::path::PathBuf::from(raw);
        if path.exists() {
            return Err(format!("{} exists; choose another name (exports never overwrite)", crate::domain::text::display(raw)));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            let mut b = std::fs::DirBuilder::new();
            b.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
            b.create(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let at = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let bytes = crate::export::meeting_record(&self.store, m.meeting.id, format, lang, &at).map_err(|e| e.to_string())?;
        crate::export::write_private(&path, &bytes).map_err(|e| format!("{}: {e}", crate::domain::text::display(raw)))?;
        self.ok(format!("Exported to {}", crate::domain::text::display(raw)));
        Ok(())
    }
}
