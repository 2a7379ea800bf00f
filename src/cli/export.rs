//! `iepmeet export MEETING --format json`: the meeting document (`docs/meeting-format.md`).

use std::path::Path;

use crate::export::document;
use crate::store::Store;

pub fn run(store: &Store, meeting_id: i64, out: Option<&Path>) -> anyhow::Result<i32> {
    let meeting = store.load_meeting(meeting_id)?;
    let student = store.student(meeting.student_id)?;
    let text = serde_json::to_string_pretty(&document::to_json(&student, &meeting))? + "\n";
    match out {
        Some(p) => {
            write_private(p, &text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            eprintln!("Wrote meeting {meeting_id} to {}", p.display());
        }
        None => print!("{text}"),
    }
    Ok(0)
}

/// Exports hold a student's record: create them readable by the owner only.
pub(super) fn write_private(p: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(p)?.write_all(text.as_bytes())
}
