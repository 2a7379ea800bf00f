//! `iepmeet status QUERY` and `iepmeet due`: where a case stands, from the command line.

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::domain::dates::{relative, relative_marked};
use crate::domain::text::display;
use crate::store::{CaseRow, Store};
use crate::timeline::due::{current, Due, DueKind};

/// How many matches `status` shows in full before it lists them one per line.
const FULL: usize = 3;
/// The most matches `status` lists.
const LIST: usize = 50;

fn age(r: &CaseRow, today: NaiveDate) -> Option<i32> {
    r.dob.map(|d| crate::domain::dates::age_on(d, today))
}

/// ERROR findings of a student's open meeting, counted now (the stored count is the UI's last check).
fn open_errors(store: &Store, r: &CaseRow, today: NaiveDate) -> anyhow::Result<Option<(i64, &'static str, i64)>> {
    Ok(store.open_meeting_errors(r.id, today)?.map(|(m, errors)| (m.id, m.mtype.label(), errors)))
}

fn due_line(d: &Due, today: NaiveDate) -> String {
    // Only deadlines are listed once past (`Due::current`), so a past date is an overdue one.
    let when = relative_marked(d.date, today);
    format!("  {}  {:<18} {}", d.date, when, d.kind.label())
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() { "—".into() } else { display(s) }
}

pub fn status(store: &mut Store, query: &str, as_json: bool, today: NaiveDate) -> anyhow::Result<i32> {
    let rows = store.find_students(query, LIST + 1)?;
    if rows.is_empty() {
        crate::errln!("No student matches '{}' (searched student IDs, SSIDs and names).", display(query));
        return Ok(1);
    }
    let truncated = rows.len() > LIST;
    let rows = &rows[..rows.len().min(LIST)];
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    super::record_access(store.log_access(&ids, None, &crate::domain::access::View::Status, None))?;
    let store = &*store;
    if as_json {
        let mut out = Vec::new();
        for r in rows {
            out.push(case_json(store, r, today)?);
        }
        crate::outln!("{}", crate::output::to_json(&json!({ "today": today, "students": out, "truncated": truncated }))?);
        return Ok(0);
    }
    if rows.len() > FULL {
        crate::outln!("{} students match '{}'{}:", rows.len(), display(query), if truncated { " (first 50)" } else { "" });
        for r in rows {
            crate::outln!("{}", list_line(r, today));
        }
        crate::outln!("Narrow the search, or use a student ID for the whole status.");
        return Ok(0);
    }
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            crate::outln!("{}", "─".repeat(78));
        }
        crate::out!("{}", case_text(store, r, today)?);
    }
    Ok(0)
}

fn case_text(store: &Store, r: &CaseRow, today: NaiveDate) -> anyhow::Result<String> {
    let s = store.student(r.id)?;
    let mut o = String::new();
    let age = age(r, today).map(|a| format!("age {a}")).unwrap_or_else(|| "age unknown".into());
    o += &format!("{}  ·  {}  ·  {}  ·  grade {}\n", display(&r.full_name()), or_dash(&r.local_id), age, or_dash(&r.grade));
    o += &format!("School: {}   Case manager: {}\n", or_dash(&r.school), or_dash(&r.case_manager));
    let secondary = if s.secondary_disability.is_empty() { String::new() } else { format!(" (secondary: {})", display(&s.secondary_disability)) };
    o += &format!("Eligibility: {}{}\n", or_dash(&s.primary_disability), secondary);
    let opt = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
    o += &format!("Last IEP: {}   Last assessment: {}\n", opt(s.last_iep_date), opt(s.last_assessment_date));
    match open_errors(store, r, today)? {
        Some((mid, label, errors)) => {
            o += &format!("Open meeting: #{mid} {label}, {errors} open ERROR{}\n", if errors == 1 { "" } else { "s" })
        }
        None => o += "Open meeting: none\n",
    }
    let dues = current(&store.dues(r.id)?, today);
    if dues.is_empty() {
        o += "Due: nothing on record (no IEP, assessment, consent or birth date)\n";
    } else {
        o += "Due:\n";
        for d in &dues {
            o += &due_line(d, today);
            o.push('\n');
            o += &super::wrap(&d.basis, 6, 6, 80);
        }
    }
    Ok(o)
}

fn list_line(r: &CaseRow, today: NaiveDate) -> String {
    let next = match (r.next_deadline, r.next_kind) {
        (Some(d), Some(k)) => format!("{} {} ({})", k.label(), d, relative(d, today)),
        _ => "no deadline on record".into(),
    };
    format!(
        "  {:<12} {:<28} {:>3}  {}",
        crate::domain::text::summary(&r.local_id, 12),
        crate::domain::text::summary(&r.full_name(), 28),
        age(r, today).map(|a| a.to_string()).unwrap_or_default(),
        next
    )
}

fn case_json(store: &Store, r: &CaseRow, today: NaiveDate) -> anyhow::Result<Value> {
    let s = store.student(r.id)?;
    let dues: Vec<Value> = current(&store.dues(r.id)?, today)
        .iter()
        .map(|d| {
            json!({ "kind": d.kind.code(), "label": d.kind.label(), "date": d.date, "days_left": d.days_left(today),
                    "overdue": d.overdue(today), "deadline": d.kind.is_deadline(), "basis": d.basis })
        })
        .collect();
    let open = open_errors(store, r, today)?
        .map(|(id, label, errors)| json!({ "id": id, "type": label, "open_errors": errors }));
    Ok(json!({
        "id": r.local_id, "ssid": s.ssid, "last_name": s.last_name, "first_name": s.first_name,
        "age": age(r, today), "dob": s.dob, "grade": s.grade, "school": s.school, "case_manager": s.case_manager,
        "primary_disability": s.primary_disability, "secondary_disability": s.secondary_disability,
        "last_iep": s.last_iep_date, "last_assessment": s.last_assessment_date,
        "open_meeting": open, "due": dues,
    }))
}

/// Filters of `iepmeet due`.
pub struct DueFilter {
    pub within: Option<i64>,
    pub overdue: bool,
    pub case_manager: Option<String>,
    pub school: Option<String>,
    pub kind: Option<DueKind>,
}

pub fn due(store: &Store, f: &DueFilter, as_json: bool, today: NaiveDate) -> anyhow::Result<i32> {
    let until = if f.overdue { today - chrono::Duration::days(1) } else { today + chrono::Duration::days(f.within.unwrap_or(30)) };
    let contains = |hay: &str, needle: &Option<String>| {
        needle.as_ref().is_none_or(|n| hay.to_lowercase().contains(&n.to_lowercase()))
    };
    let rows: Vec<CaseRow> = store
        .due_by(until)?
        .into_iter()
        .filter(|r| contains(&r.case_manager, &f.case_manager) && contains(&r.school, &f.school))
        .filter(|r| f.kind.is_none_or(|k| r.next_kind == Some(k)))
        .collect();
    let what = if f.overdue { "overdue".to_string() } else { format!("due by {until} (within {} days)", f.within.unwrap_or(30)) };
    if as_json {
        let list: Vec<Value> = rows
            .iter()
            .map(|r| {
                let d = r.next_deadline.expect("filtered on a deadline");
                json!({ "id": r.local_id, "name": r.full_name(), "age": age(r, today), "school": r.school,
                        "case_manager": r.case_manager, "kind": r.next_kind.map(|k| k.code()), "date": d,
                        "days_left": (d - today).num_days(), "open_meeting": r.open_meeting })
            })
            .collect();
        crate::outln!("{}", crate::output::to_json(&json!({ "today": today, "until": until, "students": list }))?);
        return Ok(0);
    }
    if rows.is_empty() {
        crate::outln!("No student has a deadline {what}.");
        return Ok(0);
    }
    crate::outln!("{} student{} with a deadline {what}:", rows.len(), if rows.len() == 1 { "" } else { "s" });
    crate::outln!("  {:<10}  {:<16} {:<15} {:<11} Student", "Date", "When", "Deadline", "ID");
    for r in &rows {
        let d = r.next_deadline.expect("filtered on a deadline");
        let when = relative_marked(d, today);
        crate::outln!(
            "  {}  {:<16} {:<15} {:<11} {}",
            d,
            when,
            r.next_kind.map(|k| k.code()).unwrap_or(""),
            crate::domain::text::summary(&r.local_id, 11),
            crate::domain::text::summary(&r.full_name(), 21)
        );
    }
    Ok(0)
}
