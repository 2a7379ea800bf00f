//! Exporting the meeting record from the TUI: the format, who receives it (and why, for anyone
//! other than the parents or school staff: the record of access keeps both), then the file.

#[allow(unused_imports)]
use crate::ui::prelude::*;

pub static EXPORT_LABEL: &str = "Export the meeting record as";
pub static PATH_LABEL: &str = "Export to file (created readable by you only)";
/// The same, when the database is encrypted: the export is not.
pub static PATH_LABEL_PLAIN: &str = "Export to file (yours only; NOT encrypted, unlike the database)";
pub static RECIPIENT_LABEL: &str = "Who receives this copy? (kept in the record of access)";
pub static PURPOSE_LABEL: &str = "Why is it released to them? (kept in the record of access)";
/// The recipients one Enter away (the values are `domain::access`'s; "" is a copy for oneself).
pub const RECIPIENT_CHOICES: [(&str, &str); 3] = [
    ("Parent/guardian", crate::domain::access::PARENT),
    ("School staff with a legitimate educational interest", crate::domain::access::STAFF),
    ("No one else: a copy for my own use", ""),
];
pub const EXPORT_CHOICES: [&str; 13] = [
    "md — Markdown",
    "html — web page, prints well",
    "pdf — PDF document",
    "json — meeting document (iepmeet check)",
    "md — Markdown, en español",
    "html — web page, en español",
    "pdf — PDF document, en español",
    "summary-pdf — What we agreed: one page for the family, PDF",
    "summary-html — What we agreed: one page for the family, web page",
    "summary-md — What we agreed: one page for the family, Markdown",
    "summary-pdf — What we agreed, for the family, PDF, en español",
    "summary-html — What we agreed, for the family, web page, en español",
    "summary-md — What we agreed, for the family, Markdown, en español",
];

impl App {
    pub(crate) fn export_format(&mut self, choice: &str) -> Result<Committed, String> {
        if !matches!(&self.screen, Screen::Meeting(_)) {
            return Err("no meeting open".into());
        }
        let format = crate::export::FORMATS.into_iter().find(|f| choice.starts_with(f)).ok_or("choose a format")?;
        let lang = if choice.ends_with("español") { "es" } else { "en" };
        self.modals.pop();
        let (options, values): (Vec<String>, Vec<String>) = RECIPIENT_CHOICES.iter().map(|(o, v)| (o.to_string(), v.to_string())).unzip();
        self.push_pick_values(Target::ExportRecipient { format, lang }, RECIPIENT_LABEL, options, values, false, true);
        Ok(Committed::NextStep)
    }

    /// The recipient chosen (or typed): the parents, school staff or oneself go straight on to the
    /// file; anyone else is asked the purpose first.
    pub(crate) fn export_recipient(&mut self, format: &'static str, lang: &'static str, input: &str) -> Result<Committed, String> {
        let recipient = crate::domain::text::clean_line(input);
        if !recipient.is_empty() && !crate::domain::access::Disclosure::is_school_side(&recipient) {
            self.modals.pop();
            self.push_text_editor(Target::ExportPurpose { format, lang, recipient }, PURPOSE_LABEL, Kind::Text, String::new());
            return Ok(Committed::NextStep);
        }
        let to = crate::domain::access::Disclosure::new(Some(&recipient), None).map_err(|e| e.to_string())?;
        self.modals.pop();
        self.push_export_path(format, lang, to)
    }

    /// The purpose of a release to someone other than the parents or school staff.
    pub(crate) fn export_purpose(&mut self, format: &'static str, lang: &'static str, recipient: &str, input: &str) -> Result<Committed, String> {
        let to = crate::domain::access::Disclosure::new(Some(recipient), Some(input)).map_err(|e| e.to_string())?;
        self.modals.pop();
        self.push_export_path(format, lang, to)
    }

    fn push_export_path(&mut self, format: &'static str, lang: &'static str, to: Option<crate::domain::access::Disclosure>) -> Result<Committed, String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let dir = match self.store.path().parent() {
            Some(d) if !d.as_os_str().is_empty() && self.store.path().as_os_str() != ":memory:" => d.join("exports"),
            _ => std::path::PathBuf::from("exports"),
        };
        let id = if m.student.local_id.is_empty() { m.meeting.student_id.to_string() } else { m.student.local_id.clone() };
        let safe: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
        let suffix = if lang == "en" { String::new() } else { format!("-{lang}") };
        let path = dir.join(format!("{safe}-meeting-{}{suffix}{}", m.meeting.id, crate::export::file_ending(format)));
        let label = if crate::store::key::is_encrypted(self.store.path()) { PATH_LABEL_PLAIN } else { PATH_LABEL };
        self.push_text_editor(Target::ExportPath { format, lang, to }, label, Kind::Text, path.display().to_string());
        Ok(Committed::NextStep)
    }

    pub(crate) fn export_to(&mut self, format: &'static str, lang: &'static str, to: Option<crate::domain::access::Disclosure>, input: &str, finish: Finish) -> Result<Committed, String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let raw = input.trim();
        if raw.is_empty() {
            return Err("type the file to write".into());
        }
        let path = std::path::PathBuf::from(raw);
        let at = self.clock.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let shown = crate::domain::text::display(raw);
        let io = Io::Export { meeting: m.meeting.id, format, lang, path, at, to: to.clone() };
        self.emit(io, move |app, r: Result<std::path::PathBuf, StoreError>| match r {
            Ok(_) => {
                app.ok(format!("Exported to {shown}"));
                app.finished(&Target::ExportPath { format, lang, to }, finish);
            }
            Err(e) => app.commit_failed(finish, e.to_string()),
        });
        Ok(Committed::Pending)
    }
}
