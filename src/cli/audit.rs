//! `iepmeet audit STUDENT` (the audit trail of one student) and `iepmeet search "phrase"`.

use serde_json::{json, Value};

use crate::domain::text::display;
use crate::store::{AuditRow, Store};

/// The one student a query names, or an error that says why not.
pub(super) fn one_student(store: &Store, query: &str) -> anyhow::Result<(i64, String)> {
    let rows = store.find_students(query, 6)?;
    match rows.as_slice() {
        [] => anyhow::bail!("no student matches '{}' (searched student IDs, SSIDs and names)", display(query)),
        [r] => Ok((r.id, format!("{}, {} ({})", r.last_name, r.first_name, r.local_id))),
        many => anyhow::bail!(
            "'{}' matches {} students ({}); use a student ID",
            display(query),
            many.len(),
            many.iter().take(5).map(|r| display(&r.local_id)).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// What changed between two JSON values, as "key: old → new" (or the values themselves), whole:
/// the audit is read to learn what was there, so nothing is cut; a line break in a value shows as
/// " ↵ ".
pub fn describe_change(before: Option<&str>, after: Option<&str>) -> String {
    let parse = |s: Option<&str>| s.and_then(|s| serde_json::from_str::<Value>(s).ok());
    match (parse(before), parse(after)) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            let changes: Vec<String> = keys
                .into_iter()
                .filter(|k| b.get(*k) != a.get(*k))
                .map(|k| format!("{k}: {} → {}", short(b.get(k)), short(a.get(k))))
                .collect();
            if changes.is_empty() { "no field changed".into() } else { changes.join("; ") }
        }
        _ => match (before, after) {
            (None, Some(a)) => whole(a),
            (Some(b), None) => format!("removed: {}", whole(b)),
            (Some(b), Some(a)) => format!("{} → {}", whole(b), whole(a)),
            (None, None) => String::new(),
        },
    }
}

fn short(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "—".into(),
        Some(Value::String(s)) if s.is_empty() => "—".into(),
        Some(Value::String(s)) => whole(s),
        Some(other) => whole(&other.to_string()),
    }
}

/// A value on one line, all of it.
fn whole(s: &str) -> String {
    display(&s.trim_end().replace("\r\n", "\n").replace('\n', " ↵ "))
}

pub fn run(store: &mut Store, query: &str, as_json: bool) -> anyhow::Result<i32> {
    let (id, name) = one_student(store, query)?;
    super::record_access(store.log_access(&[id], None, &crate::domain::access::View::Audit, None))?;
    let rows = store.audit_for(id)?;
    if as_json {
        let out: Vec<Value> = rows
            .iter()
            .map(|r: &AuditRow| {
                json!({ "at": r.at, "actor": r.actor, "meeting": r.meeting_id, "entity": r.entity, "entity_id": r.entity_id,
                        "action": r.action, "before": r.before, "after": r.after })
            })
            .collect();
        crate::outln!("{}", crate::output::to_json(&json!({ "student": name, "changes": out }))?);
        return Ok(0);
    }
    crate::outln!("Audit trail of {} — {} change(s), oldest first", display(&name), rows.len());
    for r in &rows {
        let place = match r.meeting_id {
            Some(m) => format!("meeting {m} {}", r.entity),
            None => r.entity.clone(),
        };
        crate::outln!(
            "{}  {}  {} {}{}: {}",
            r.at,
            display(&r.actor),
            place,
            r.action,
            r.entity_id.map(|i| format!(" #{i}")).unwrap_or_default(),
            describe_change(r.before.as_deref(), r.after.as_deref())
        );
    }
    Ok(0)
}

pub fn search(store: &mut Store, query: &str, student: Option<&str>, limit: usize) -> anyhow::Result<i32> {
    let sid = match student {
        Some(q) => Some(one_student(store, q)?.0),
        None => None,
    };
    let hits = store.search(query, sid, limit.clamp(1, 1000))?;
    if hits.is_empty() {
        crate::errln!("No minutes match '{}'.", display(query));
        return Ok(1);
    }
    // Each student whose minutes are shown, once.
    let mut shown: Vec<i64> = Vec::new();
    for h in &hits {
        if !shown.contains(&h.student_id) {
            shown.push(h.student_id);
        }
    }
    super::record_access(store.log_access(&shown, None, &crate::domain::access::View::Search, None))?;
    for h in &hits {
        crate::outln!(
            "meeting {} · {} ({}) · {} · {}{}\n    {}",
            h.meeting_id,
            display(&h.student),
            display(&h.local_id),
            h.meeting_type,
            h.section.map(|s| s.label()).unwrap_or("—"),
            if h.source == "amendment" { " · amendment" } else { "" },
            display(&h.excerpt)
        );
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::describe_change;

    #[test]
    fn changes_are_described_field_by_field() {
        let d = describe_change(Some(r#"{"name":"A","role":"x"}"#), Some(r#"{"name":"B","role":"x"}"#));
        assert_eq!(d, "name: A → B");
        assert_eq!(describe_change(None, Some("annual")), "annual");
        assert_eq!(describe_change(Some("open"), Some("finalized")), "open → finalized");
        assert!(describe_change(Some("\u{1b}[31mred"), None).starts_with("removed: "));
        assert!(!describe_change(Some("\u{1b}[31mred"), None).contains('\u{1b}'));
        // Every line of a changed value, however long: nothing is cut.
        let long = "word ".repeat(60);
        let d = describe_change(Some(r#"{"frequency":"Every grading period"}"#), Some(&format!(r#"{{"frequency":"Every trimester\nand at IEP meetings {long}"}}"#)));
        assert!(d.contains("Every trimester ↵ and at IEP meetings") && d.contains(long.trim_end()), "{d}");
    }
}
