//! `iepmeet import students FILE.csv` and `iepmeet export students`: the roster (docs/roster-format.md).

use std::io::IsTerminal;
use std::path::Path;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};

use crate::domain::roster;
use crate::domain::text::display;
use crate::store::Store;

/// The most errors printed; the rest are counted.
const SHOWN_ERRORS: usize = 50;
/// Rosters above this size are refused before reading (a wrong file, not a district).
const MAX_BYTES: u64 = 1 << 30;

/// A progress bar on standard error when it is a terminal and the job is big enough to wait for.
pub fn progress_bar(len: u64, what: &str, big: bool) -> ProgressBar {
    if !big || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg:<18} [{bar:40}] {percent:>3}% {elapsed}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}

/// A CSV file to import, read whole (bounded) as UTF-8; None once said why it is not (exit 1).
fn read_csv(file: &Path, name: &str, what: &str, utf8_hint: &str) -> anyhow::Result<Option<String>> {
    let bytes = crate::input::read_bounded(file, MAX_BYTES, what)?;
    match crate::input::utf8(bytes, utf8_hint) {
        Ok(t) => Ok(Some(t)),
        Err(e) => {
            crate::errln!("{name}: {e}. Nothing was imported.");
            Ok(None)
        }
    }
}

/// The rows of an import that were refused (the first `SHOWN_ERRORS`), and where the format is
/// described; the exit status (1: nothing imported).
fn bad_rows(name: &str, errors: &[crate::domain::roster::RowError], doc: &str) -> i32 {
    crate::errln!("{name}: {} problem{} found; nothing was imported.", errors.len(), if errors.len() == 1 { "" } else { "s" });
    for e in errors.iter().take(SHOWN_ERRORS) {
        crate::errln!("  {e}");
    }
    if errors.len() > SHOWN_ERRORS {
        crate::errln!("  … and {} more", errors.len() - SHOWN_ERRORS);
    }
    crate::errln!("The columns and their formats: {doc}");
    1
}

pub fn import(store: &mut Store, file: &Path, dry_run: bool, today: NaiveDate) -> anyhow::Result<i32> {
    let name = display(&file.display().to_string());
    let Some(text) = read_csv(file, &name, "roster", roster::UTF8_HINT)? else { return Ok(1) };
    let big = text.len() > 1 << 20;
    let pb = progress_bar(text.len() as u64, "Checking rows", big);
    let parsed = roster::parse(&text, today, |at| pb.set_position(at));
    pb.finish_and_clear();
    let rows = match parsed {
        Ok(rows) => rows,
        Err(errors) => return Ok(bad_rows(&name, &errors, "docs/roster-format.md")),
    };
    let pb = progress_bar(rows.len() as u64, "Comparing", big);
    let report = store.import_students(&rows, dry_run, |step| match step {
        crate::store::ImportStep::Comparing(i) => pb.set_position(i as u64),
        crate::store::ImportStep::Writing(i, of) => {
            if i == 0 {
                pb.set_message("Importing");
                pb.set_length(of as u64);
            }
            pb.set_position(i as u64)
        }
    })?;
    pb.finish_and_clear();
    let verb = if dry_run { "Dry run, nothing written: would add" } else { "Imported: added" };
    crate::outln!(
        "{verb} {}, {} {}, {} unchanged ({} rows from {name}).",
        report.added,
        if dry_run { "would update" } else { "updated" },
        report.updated,
        report.unchanged,
        rows.len()
    );
    Ok(0)
}

/// `iepmeet import staff FILE`: the staff directory, all rows or none.
pub fn import_staff(store: &mut Store, file: &Path, dry_run: bool) -> anyhow::Result<i32> {
    let name = display(&file.display().to_string());
    let Some(text) = read_csv(file, &name, "staff directory", "save the directory as CSV UTF-8")? else { return Ok(1) };
    let people = match crate::domain::people::parse_directory(&text, &crate::domain::refdata::RefData::builtin()) {
        Ok(p) => p,
        Err(errors) => return Ok(bad_rows(&name, &errors, "docs/staff-format.md")),
    };
    let r = store.import_staff(&people, dry_run)?;
    let verb = if dry_run { "Dry run, nothing written: would add" } else { "Staff directory: added" };
    crate::outln!(
        "{verb} {}, {} {}, {} unchanged ({} people from {name}).",
        r.added,
        if dry_run { "would update" } else { "updated" },
        r.updated,
        r.unchanged,
        people.len()
    );
    Ok(0)
}

/// The roster, released to `to` when given: one row in the record of access for each student in it.
pub fn export(store: &mut Store, format: &str, out: Option<&Path>, to: Option<&crate::domain::access::Disclosure>) -> anyhow::Result<i32> {
    let listed = store.list_students()?;
    let ids: Vec<i64> = listed.iter().map(|(id, _)| *id).collect();
    let students: Vec<_> = listed.into_iter().map(|(_, s)| s).collect();
    let text = match format {
        "csv" => roster::to_csv(&students),
        "json" => crate::output::to_json(&students)? + "\n",
        f => anyhow::bail!("export students: format '{}' (expected csv or json)", display(f)),
    };
    let view = crate::domain::access::View::Roster { format: format.to_string(), file: out.map(crate::store::logged_file) };
    super::record_access(store.log_access(&ids, None, &view, to))?;
    match out {
        Some(p) => {
            crate::export::write_private(p, &text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            crate::errln!("Wrote {} students to {}", students.len(), p.display());
        }
        None => crate::out!("{text}"),
    }
    Ok(0)
}
