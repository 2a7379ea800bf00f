//! `iepmeet access STUDENT [--since DATE] [--json | --format pdf -o FILE]`: the record of access.

use std::path::Path;

use serde_json::json;

use crate::domain::access::View;
use crate::domain::text::display;
use crate::store::Store;

pub fn run(store: &mut Store, query: &str, since: Option<&str>, as_json: bool, format: Option<&str>, out: Option<&Path>) -> anyhow::Result<i32> {
    let since = match since {
        Some(s) => Some(crate::domain::fields::parse_date(s).map_err(|e| anyhow::anyhow!("access --since: {e}"))?.to_string()),
        None => None,
    };
    match (format, out) {
        (None, None) | (Some("pdf"), Some(_)) => {}
        (Some("pdf"), None) => anyhow::bail!("access: a PDF is binary; give a file with -o FILE.pdf"),
        (Some(f), _) if f != "pdf" => anyhow::bail!("access: --format is pdf (the page a parent may inspect), not '{}'", display(f)),
        _ => anyhow::bail!("access: -o FILE goes with --format pdf"),
    }
    let (id, name) = super::audit::one_student(store, query)?;
    // Reading who read the record is a read too, and is recorded before the rows are read, so
    // it is the last row shown.
    super::record_access(store.log_access(&[id], None, &View::AccessLog, None))?;
    let rows = store.access_for(id, since.as_deref())?;
    if let Some(path) = out {
        let student = store.student(id)?;
        let at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let r = crate::export::access::report(&student, &rows, since.as_deref());
        let bytes = crate::export::pdf::pdf(&r, &at).map_err(|e| anyhow::anyhow!("access: the PDF could not be made: {e}"))?;
        crate::export::write_private(path, &bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        crate::errln!("Wrote the record of access of {} ({} rows) to {}", display(&name), rows.len(), path.display());
        return Ok(0);
    }
    if as_json {
        let out: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| json!({ "at": r.at, "actor": r.actor, "meeting": r.meeting_id, "action": r.action, "what": r.what, "file": r.file, "recipient": r.recipient, "purpose": r.purpose }))
            .collect();
        crate::outln!("{}", crate::output::to_json(&json!({ "student": name, "since": since, "access": out }))?);
        return Ok(0);
    }
    let from = since.as_deref().map(|s| format!(" since {s}")).unwrap_or_default();
    crate::outln!("Record of access of {}{from} — {} row(s), oldest first", display(&name), rows.len());
    for r in &rows {
        let meeting = r.meeting_id.map(|m| format!("meeting {m}: ")).unwrap_or_default();
        let mut line = format!("{}  {}  {}{}", r.at, display(&r.actor), meeting, display(&r.what));
        if !r.recipient.is_empty() {
            line += &format!(" · to {}", display(&r.recipient));
        }
        if !r.purpose.is_empty() {
            line += &format!(" · purpose: {}", display(&r.purpose));
        }
        crate::outln!("{line}");
    }
    Ok(0)
}
