//! `iepmeet export MEETING --format md|html|pdf|json`: the meeting record. JSON is the meeting document
//! (`docs/meeting-format.md`, read back by `iepmeet check`); md, html and pdf are the readable record.

use std::path::Path;

use crate::domain::access::Disclosure;
use crate::export::{meeting_record, write_private, FORMATS};
use crate::store::Store;

/// Export meeting `meeting_id`, released to `to` when given. The record of access gets its row
/// before the file is written (a failed write leaves the attempt logged, never a copy unlogged).
pub fn run(store: &mut Store, meeting_id: i64, format: &str, lang: &str, out: Option<&Path>, to: Option<&Disclosure>) -> anyhow::Result<i32> {
    // `summary` is the family's one-page "What we agreed": Markdown, or HTML/PDF by the file's ending.
    let format = match (format, out.and_then(|p| p.extension()).and_then(|e| e.to_str())) {
        ("summary", Some("html")) => "summary-html",
        ("summary", Some("pdf")) => "summary-pdf",
        ("summary", _) => "summary-md",
        (f, _) => f,
    };
    if !FORMATS.contains(&format) {
        anyhow::bail!("export: a meeting exports as md, html, pdf, json or summary, not '{}'", crate::domain::text::display(format));
    }
    if format.ends_with("pdf") && out.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        anyhow::bail!("export: a PDF is binary; give a file with -o FILE.pdf (or redirect standard output)");
    }
    let at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let bytes = meeting_record(store, meeting_id, format, lang, &at)?;
    super::record_access(store.log_export(meeting_id, format, out, to))?;
    match out {
        Some(p) => {
            write_private(p, &bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            crate::errln!("Wrote meeting {meeting_id} ({format}) to {}", p.display());
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(0)
}
