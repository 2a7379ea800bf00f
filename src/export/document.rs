//! The meeting document: one JSON object holding a student and one meeting, every form keyed by its
//! block code. Documented in `docs/meeting-format.md`. Reading goes through the same field parsers as
//! the screens, so a bad value is refused with the same message, prefixed with where it is.

use serde_json::{json, Map, Value};

use crate::domain::fields::{Cx, Kind, Record};
use crate::domain::meeting::{AnyRecord, Block, Item, Meeting, MeetingStatus, MeetingType, Section};
use crate::domain::minutes::{Amendment, Entry, EntryKind, Resolution};
use crate::domain::student::Student;

pub const FORMAT: &str = "iepmeet-meeting/1";

/// Largest document `check` reads.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

fn record_json(r: &dyn Record) -> Value {
    let mut m = Map::new();
    for s in r.specs() {
        let v = r.get(s.key);
        let value = match s.kind {
            Kind::Multi(_) => Value::Array(v.split("; ").filter(|x| !x.is_empty()).map(|x| json!(x)).collect()),
            Kind::Lines => Value::Array(v.lines().map(|x| json!(x)).collect()),
            Kind::YesNo => match v.as_str() {
                "yes" => json!(true),
                "no" => json!(false),
                _ => Value::Null,
            },
            Kind::Minutes | Kind::Count | Kind::Percent => v.parse::<u64>().map(|n| json!(n)).unwrap_or(Value::Null),
            _ if v.is_empty() => Value::Null,
            _ => json!(v),
        };
        m.insert(s.key.to_string(), value);
    }
    Value::Object(m)
}

fn entry_json(e: &Entry) -> Value {
    json!({
        "section": e.section.code(), "kind": e.kind.code(), "at": e.at, "by": e.actor, "speaker": e.speaker,
        "text": e.text, "owner": e.owner, "due": e.due.map(|d| d.to_string()),
        "resolution": e.resolution.as_ref().map(|r| r.code()),
    })
}

fn amendment_json(a: &Amendment) -> Value {
    json!({
        "date": a.date.to_string(), "how": a.how, "what": a.what, "before": a.before, "after": a.after,
        "reason": a.reason, "at": a.at, "by": a.actor,
    })
}

fn read_entry(v: &Value, path: &str, id: i64) -> Result<Entry, DocError> {
    let Value::Object(o) = v else { return Err(err(path, format!("expected an object, found {}", short(v)))) };
    let text_of = |k: &str| -> Result<String, DocError> {
        match o.get(k) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(err(format!("{path}.{k}"), format!("expected text, found {}", short(other)))),
        }
    };
    for k in o.keys() {
        if !["section", "kind", "at", "by", "speaker", "text", "owner", "due", "resolution"].contains(&k.as_str()) {
            return Err(err(format!("{path}.{k}"), "unknown key (known: section, kind, at, by, speaker, text, owner, due, resolution)"));
        }
    }
    let section = Section::from_code(&text_of("section")?).ok_or_else(|| err(format!("{path}.section"), "missing or unknown section"))?;
    let kind = match text_of("kind")?.as_str() {
        "" => EntryKind::Note,
        k => EntryKind::from_code(k).ok_or_else(|| err(format!("{path}.kind"), format!("unknown kind '{k}' (note, decision, concern, parking, action)")))?,
    };
    let text = crate::domain::text::clean_text(&text_of("text")?);
    if text.trim().is_empty() {
        return Err(err(format!("{path}.text"), "missing"));
    }
    let due = match text_of("due")?.as_str() {
        "" => None,
        d => Some(crate::domain::fields::parse_date(d).map_err(|e| err(format!("{path}.due"), e))?),
    };
    let resolution = match text_of("resolution")?.as_str() {
        "" => None,
        r => Some(Resolution::from_code(r).ok_or_else(|| err(format!("{path}.resolution"), "expected handled:SECTION or carried:ID"))?),
    };
    Ok(Entry {
        id,
        section,
        kind,
        speaker: crate::domain::text::clean_line(&text_of("speaker")?),
        text,
        owner: crate::domain::text::clean_line(&text_of("owner")?),
        due,
        resolution,
        at: crate::domain::text::clean_line(&text_of("at")?),
        actor: crate::domain::text::clean_line(&text_of("by")?),
        version: 1,
    })
}

/// The document for a student and a meeting. Keys are in a fixed order, so the same meeting always
/// gives the same bytes.
pub fn to_json(student: &Student, meeting: &Meeting) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!(meeting.mtype.code()));
    m.insert("status".into(), json!(meeting.status.code()));
    let done: Vec<&str> = Section::ALL.iter().filter(|s| meeting.done[s.index()]).map(|s| s.code()).collect();
    m.insert("sections_done".into(), json!(done));
    for b in Block::ALL {
        let items = meeting.block(b);
        if b.is_list() {
            // A goal link is written as the goal it names (the document stands on its own).
            m.insert(b.code().into(), Value::Array(items.iter().map(|i| record_json(meeting.shown(&i.record).as_record())).collect()));
        } else if let Some(i) = items.first() {
            m.insert(b.code().into(), record_json(i.record.as_record()));
        }
    }
    m.insert("minutes".into(), Value::Array(meeting.entries.iter().map(entry_json).collect()));
    if !meeting.amendments.is_empty() {
        m.insert("amendments".into(), Value::Array(meeting.amendments.iter().map(amendment_json).collect()));
    }
    json!({ "format": FORMAT, "student": record_json(student), "meeting": Value::Object(m) })
}

/// A problem in a document: where, and what.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {problem}")]
pub struct DocError {
    pub path: String,
    pub problem: String,
}

fn err(path: impl Into<String>, problem: impl Into<String>) -> DocError {
    DocError { path: path.into(), problem: problem.into() }
}

/// A field's value as the text the form would take, refusing what the format does not allow: a
/// yes/no is `true`/`false` (never "yes"), a number a number, a list a list (never a bare string).
fn value_text(v: &Value, kind: Kind, path: &str) -> Result<String, DocError> {
    let typed = matches!(kind, Kind::YesNo | Kind::Minutes | Kind::Count | Kind::Percent | Kind::Multi(_) | Kind::Lines);
    Ok(match v {
        Value::Null => String::new(),
        Value::String(s) if !typed => s.clone(),
        Value::Bool(b) if kind == Kind::YesNo => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) if matches!(kind, Kind::Minutes | Kind::Count | Kind::Percent) => n.to_string(),
        Value::Array(a) if matches!(kind, Kind::Multi(_) | Kind::Lines) => {
            let mut parts = Vec::new();
            for (i, x) in a.iter().enumerate() {
                match x {
                    Value::String(s) => parts.push(s.clone()),
                    _ => return Err(err(format!("{path}[{i}]"), "expected text")),
                }
            }
            parts.join(if kind == Kind::Lines { "\n" } else { "; " })
        }
        other => {
            let want = match kind {
                Kind::YesNo => "true, false or null",
                Kind::Minutes | Kind::Count | Kind::Percent => "a whole number",
                Kind::Multi(_) | Kind::Lines => "a list of text",
                _ => "text",
            };
            return Err(err(path, format!("expected {want}, found {}", short(other))));
        }
    })
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 { format!("{}…", s.chars().take(40).collect::<String>()) } else { s }
}

fn fill(r: &mut dyn Record, v: &Value, path: &str, cx: &Cx) -> Result<(), DocError> {
    let Value::Object(obj) = v else { return Err(err(path, format!("expected an object, found {}", short(v)))) };
    for (k, val) in obj {
        let fpath = format!("{path}.{k}");
        let Some(spec) = r.spec(k) else {
            let known: Vec<&str> = r.specs().iter().map(|s| s.key).collect();
            return Err(err(fpath, format!("unknown field (known: {})", known.join(", "))));
        };
        let text = value_text(val, spec.kind, &fpath)?;
        r.set(spec.key, &text, cx).map_err(|e| err(&fpath, e.problem))?;
    }
    Ok(())
}

/// The eligibility form's criteria and evidence are the elements of the category's form (Ch 6
/// App A, data/eligibility.toml): a value outside them is refused, as the screen never offers it.
fn eligibility_lists(student: &Student, meeting: &Meeting) -> Result<(), DocError> {
    let e = meeting.eligibility();
    let category = if e.category.is_empty() { &student.primary_disability } else { &e.category };
    for (key, values, allowed) in [
        ("criteria_met", &e.criteria_met, crate::domain::eligibility::criteria_options(&e, student)),
        ("evidence", &e.evidence, crate::domain::eligibility::evidence_options(&e, student)),
    ] {
        if let Some(v) = values.iter().find(|v| !allowed.contains(v)) {
            let what = if allowed.is_empty() { format!("the category '{category}' has no such list") } else { format!("the form of '{category}' lists: {}", allowed.join(" | ")) };
            return Err(err(format!("meeting.eligibility.{key}"), format!("'{v}' is not one of its elements ({what})")));
        }
    }
    Ok(())
}

/// Read a document. Every field is validated as if typed on screen.
/// The path of the first key that appears twice in one object of the (valid) JSON `text`
/// (`meeting.goal[1].baseline`), or None. serde_json keeps the last of duplicate keys; this
/// reads the document again with a visitor that remembers each object's keys.
pub fn duplicate_key(text: &str) -> Option<String> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    struct Walk<'a> {
        path: String,
        found: &'a std::cell::RefCell<Option<String>>,
    }
    impl<'de> DeserializeSeed<'de> for Walk<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Walk<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> { Ok(()) }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> { Ok(()) }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> { Ok(()) }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> { Ok(()) }
        fn visit_str<E>(self, _: &str) -> Result<(), E> { Ok(()) }
        fn visit_unit<E>(self) -> Result<(), E> { Ok(()) }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut i = 0;
            while seq.next_element_seed(Walk { path: format!("{}[{i}]", self.path), found: self.found })?.is_some() {
                i += 1;
            }
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(k) = map.next_key::<String>()? {
                let path = if self.path.is_empty() { k.clone() } else { format!("{}.{k}", self.path) };
                if !seen.insert(k) && self.found.borrow().is_none() {
                    *self.found.borrow_mut() = Some(path.clone());
                }
                map.next_value_seed(Walk { path, found: self.found })?;
            }
            Ok(())
        }
    }
    let found = std::cell::RefCell::new(None);
    let mut d = serde_json::Deserializer::from_str(text);
    Walk { path: String::new(), found: &found }.deserialize(&mut d).ok()?;
    found.into_inner()
}

pub fn from_json(text: &str, cx: &Cx) -> Result<(Student, Meeting), DocError> {
    if text.len() > MAX_BYTES {
        return Err(err("(document)", format!("too large ({} bytes; the limit is {MAX_BYTES})", text.len())));
    }
    let v: Value = serde_json::from_str(text).map_err(|e| err(format!("line {} column {}", e.line(), e.column()), format!("not valid JSON: {e}")))?;
    // A key given twice would be read as the last one, silently: refused, with its path.
    if let Some(path) = duplicate_key(text) {
        return Err(err(path, "this key appears twice in its object; give each key once"));
    }
    let Value::Object(top) = &v else { return Err(err("(document)", "expected a JSON object")) };
    match top.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => return Err(err("format", format!("expected \"{FORMAT}\", found {}", short(other)))),
        None => return Err(err("format", format!("missing; expected \"{FORMAT}\""))),
    }
    for k in top.keys() {
        if !["format", "student", "meeting", "exported"].contains(&k.as_str()) {
            return Err(err(k.as_str(), "unknown key (known: format, student, meeting, exported)"));
        }
    }
    let mut student = Student::default();
    fill(&mut student, top.get("student").ok_or_else(|| err("student", "missing"))?, "student", cx)?;
    let Some(Value::Object(m)) = top.get("meeting") else { return Err(err("meeting", "missing or not an object")) };
    let mtype = match m.get("type") {
        Some(Value::String(t)) => MeetingType::from_code(t).ok_or_else(|| {
            let known: Vec<&str> = MeetingType::ALL.iter().map(|t| t.code()).collect();
            err("meeting.type", format!("unknown meeting type '{t}' (known: {})", known.join(", ")))
        })?,
        _ => return Err(err("meeting.type", "missing")),
    };
    let mut meeting = Meeting::new(0, 0, mtype);
    let mut next_id = 1;
    for (k, val) in m {
        let path = format!("meeting.{k}");
        match k.as_str() {
            "type" => {}
            "status" => {
                meeting.status = match val.as_str() {
                    Some("open") | None => MeetingStatus::Open,
                    Some("finalized") => MeetingStatus::Finalized,
                    Some(other) => return Err(err(path, format!("unknown status '{other}' (open, finalized)"))),
                }
            }
            "sections_done" => {
                let Value::Array(a) = val else { return Err(err(path, "expected a list of section codes")) };
                for (i, s) in a.iter().enumerate() {
                    let sec = s.as_str().and_then(Section::from_code).ok_or_else(|| err(format!("{path}[{i}]"), format!("unknown section {}", short(s))))?;
                    meeting.done[sec.index()] = true;
                }
            }
            "minutes" => match val {
                // Earlier documents: an object of section code to text.
                Value::Object(o) => {
                    for (sec, t) in o {
                        let s = Section::from_code(sec).ok_or_else(|| err(format!("{path}.{sec}"), "unknown section"))?;
                        let t = t.as_str().ok_or_else(|| err(format!("{path}.{sec}"), "expected text"))?;
                        let text = crate::domain::text::clean_text(t);
                        if !text.trim().is_empty() {
                            meeting.entries.push(Entry {
                                id: meeting.entries.len() as i64 + 1,
                                section: s,
                                kind: EntryKind::Note,
                                speaker: String::new(),
                                text,
                                owner: String::new(),
                                due: None,
                                resolution: None,
                                at: String::new(),
                                actor: String::new(),
                                version: 1,
                            });
                        }
                    }
                }
                Value::Array(a) => {
                    for (i, x) in a.iter().enumerate() {
                        meeting.entries.push(read_entry(x, &format!("{path}[{i}]"), i as i64 + 1)?);
                    }
                }
                other => return Err(err(path, format!("expected a list of entries, found {}", short(other)))),
            },
            // Amendments are written by `export` for the record; `check` reads the meeting as it was finalized.
            "amendments" => {}
            code => {
                let block = Block::from_code(code).ok_or_else(|| {
                    err(&path, "unknown key (a block code such as details, attendee, goal, service; see docs/meeting-format.md)")
                })?;
                let values: Vec<(String, &Value)> = match (block.is_list(), val) {
                    (true, Value::Array(a)) => a.iter().enumerate().map(|(i, x)| (format!("{path}[{i}]"), x)).collect(),
                    (true, other) => return Err(err(path, format!("expected a list, found {}", short(other)))),
                    (false, Value::Null) => vec![],
                    (false, x) => vec![(path.clone(), x)],
                };
                for (p, x) in values {
                    let mut rec: AnyRecord = block.new_record();
                    fill(rec.as_record_mut(), x, &p, cx)?;
                    meeting.block_mut(block).push(Item { id: next_id, version: 1, record: rec });
                    next_id += 1;
                }
            }
        }
    }
    eligibility_lists(&student, &meeting)?;
    Ok((student, meeting))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> Cx {
        Cx { today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), now: None }
    }

    #[test]
    fn round_trip_is_exact() {
        let mut s = Student::default();
        s.set("last_name", "Sample", &cx()).unwrap();
        s.set("dob", "2010-02-28", &cx()).unwrap();
        let mut m = Meeting::new(3, 1, MeetingType::Annual);
        let mut g = Block::Goals.new_record();
        g.as_record_mut().set("annual_goal", "Read 100 wcpm", &cx()).unwrap();
        g.as_record_mut().set("objectives", "one\ntwo", &cx()).unwrap();
        g.as_record_mut().set("purposes", "Supports ELD standards", &cx()).unwrap();
        m.block_mut(Block::Goals).push(Item { id: 1, version: 1, record: g.clone() });
        let mut p = Block::Placement.new_record();
        p.as_record_mut().set("pct_general_ed", "80", &cx()).unwrap();
        m.block_mut(Block::Placement).push(Item { id: 2, version: 1, record: p.clone() });
        m.entries.push(Entry {
            id: 1,
            section: Section::Goals,
            kind: EntryKind::Decision,
            speaker: "Ana Ruiz (Parent/guardian)".into(),
            text: "Goal agreed.".into(),
            owner: String::new(),
            due: None,
            resolution: None,
            at: "2026-11-22T15:00:00.000Z".into(),
            actor: "tester".into(),
            version: 1,
        });
        m.done[0] = true;
        let doc = to_json(&s, &m).to_string();
        let (s2, m2) = from_json(&doc, &cx()).unwrap();
        assert_eq!(s2, s);
        assert_eq!(m2.block(Block::Goals)[0].record, g);
        assert_eq!(m2.block(Block::Placement)[0].record, p);
        assert_eq!(m2.entries, m.entries);
        assert!(m2.done[0]);
        assert_eq!(to_json(&s2, &m2).to_string(), doc, "same meeting, same bytes");
    }

    #[test]
    fn errors_name_the_field() {
        let bad = |doc: &str| from_json(doc, &cx()).unwrap_err().to_string();
        let base = |meeting: &str| format!(r#"{{"format":"{FORMAT}","student":{{"last_name":"A"}},"meeting":{meeting}}}"#);
        assert!(bad("{").contains("not valid JSON"));
        assert!(bad(r#"{"student":{}}"#).starts_with("format: missing"));
        assert_eq!(bad(&base(r#"{"type":"picnic"}"#)).split(':').next().unwrap(), "meeting.type");
        let e = bad(&base(r#"{"type":"annual","goal":[{"baseline":"x"},{"annual_goal":"y","bogus":1}]}"#));
        assert!(e.starts_with("meeting.goal[1].bogus: unknown field"), "{e}");
        let e = bad(&base(r#"{"type":"annual","details":{"date":"2026-02-30"}}"#));
        assert!(e.starts_with("meeting.details.date:") && e.contains("not a valid date"), "{e}");
        let e = bad(&base(r#"{"type":"annual","service":[{"duration":"thirty"}]}"#));
        assert!(e.starts_with("meeting.service[0].duration:") && e.contains("expected a whole number"), "{e}");
        let e = bad(&format!(r#"{{"format":"{FORMAT}","student":{{"dob":"2090-01-01"}},"meeting":{{"type":"annual"}}}}"#));
        assert!(e.starts_with("student.dob:") && e.contains("future"), "{e}");
        let e = bad(&base(r#"{"type":"annual","consent":{"safeguards_received":"maybe"}}"#));
        assert!(e.starts_with("meeting.consent.safeguards_received"), "{e}");
        let e = bad(&base(r#"{"type":"annual","attendee":{"name":"x"}}"#));
        assert!(e.contains("expected a list"), "{e}");
        // What the format forbids is refused with its path, whatever it would have meant (issue 16).
        for (meeting, path, says) in [
            (r#"{"type":"annual","esy":{"required":"yes"}}"#, "meeting.esy.required", "expected true, false or null"),
            (r#"{"type":"annual","consent":{"choice":"I agree"}}"#, "meeting.consent.choice", "'I agree' is not one of: Agree to the IEP"),
            (r#"{"type":"annual","attendee":[{"name":"P. Sample","roles":"Parent/guardian"}]}"#, "meeting.attendee[0].roles", "expected a list of text"),
            (r#"{"type":"annual","attendee":[{"name":"P. Sample","roles":["Parent"]}]}"#, "meeting.attendee[0].roles", "'Parent' is not one of"),
            (r#"{"type":"annual","attendee":[{"name":"T. Gen","qualifications":["Nice person"]}]}"#, "meeting.attendee[0].qualifications", "'Nice person' is not one of"),
            (r#"{"type":"annual","service":[{"sessions":"2"}]}"#, "meeting.service[0].sessions", "expected a whole number"),
            (r#"{"type":"triennial","eligibility":{"category":"Autism","criteria_met":["Looks autistic"]}}"#, "meeting.eligibility.criteria_met", "'Looks autistic' is not one of"),
            (r#"{"type":"triennial","eligibility":{"category":"Autism","evidence":["A hunch"]}}"#, "meeting.eligibility.evidence", "'A hunch' is not one of"),
        ] {
            let e = bad(&base(meeting));
            assert!(e.starts_with(path) && e.contains(says), "{meeting}\n=> {e}");
        }
        // A fixed list's value in another case is its own spelling, not a refusal.
        let (_, m) = from_json(&base(r#"{"type":"annual","consent":{"choice":"agree to the IEP"}}"#), &cx()).unwrap();
        assert_eq!(m.block(Block::Consent)[0].record.as_record().get("choice"), "Agree to the IEP");
    }

    #[test]
    fn escapes_in_documents_are_cleaned() {
        let doc = format!(r#"{{"format":"{FORMAT}","student":{{"last_name":"A\u001b[31mB"}},"meeting":{{"type":"annual"}}}}"#);
        let (s, _) = from_json(&doc, &cx()).unwrap();
        assert_eq!(s.last_name, "AB");
    }
}

#[cfg(test)]
mod doc_tests {
    use super::*;
    use crate::domain::refdata::RefData;

    fn kind_text(k: Kind) -> String {
        match k {
            Kind::Text => "text".into(),
            Kind::Long => "text (several lines)".into(),
            Kind::Lines => "list of text (one item per line on screen)".into(),
            Kind::Date => "date `YYYY-MM-DD`".into(),
            Kind::Dob => "date of birth `YYYY-MM-DD` (age 0-25)".into(),
            Kind::Time => "time `HH:MM`".into(),
            Kind::Minutes => "whole minutes 0-1440".into(),
            Kind::Count => "whole number 0-1000".into(),
            Kind::Percent => "whole number 0-100".into(),
            Kind::YesNo => "`true`, `false` or `null`".into(),
            Kind::Choice("@goals") => "text: a goal's label as shown (`Goal 2: Vocational`)".into(),
            Kind::Choice(src) if src.starts_with('@') => format!("text (chosen from the meeting's {})", &src[1..]),
            Kind::Multi("@criteria") => "list of text: elements of the category's form (below)".into(),
            Kind::Multi("@evidence") => "list of text: the category's evidence (below)".into(),
            Kind::Multi(src) if src.starts_with('@') => format!("list of text (chosen from the meeting's {})", &src[1..]),
            Kind::Choice(src) if RefData::shared().is_fixed(src) => format!("text, one of [`{src}`](#{src})"),
            Kind::Choice(src) => format!("text: a value of [`{src}`](#{src}) or other text"),
            Kind::Multi(src) if RefData::shared().is_fixed(src) => format!("list of text from [`{src}`](#{src})"),
            Kind::Multi(src) => format!("list of text: values of [`{src}`](#{src}) or other text"),
        }
    }

    fn table(r: &dyn Record) -> String {
        let mut s = String::from("| key | label on screen | value |\n|---|---|---|\n");
        for f in r.specs() {
            s.push_str(&format!("| `{}` | {} | {} |\n", f.key, f.label, kind_text(f.kind)));
        }
        s
    }

    /// The field tables of docs/meeting-format.md, generated from the forms themselves, then every
    /// list's values and every eligibility form's elements.
    pub fn tables() -> String {
        let mut out = format!("### `student` (IEP 1)\n\n{}\n", table(&Student::default()));
        for b in Block::ALL {
            let shape = if b.is_list() { "list of objects" } else { "object" };
            out.push_str(&format!("### `{}` — {} ({}; section {})\n\n", b.code(), b.title(), shape, Section::of_block(b).label()));
            out.push_str(&table(b.new_record().as_record()));
            out.push('\n');
        }
        let r = RefData::shared();
        out.push_str("## Lists\n\nA value of a fixed list must be one of its values (in any letter case; it is stored in the \
                      list's own spelling); anything else is refused with its path. An open list also takes other text.\n\n");
        for (name, values) in &r.lists {
            let kind = if r.is_fixed(name) { "fixed" } else { "open" };
            out.push_str(&format!("### `{name}`\n\n({kind}) {}\n\n", values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(" · ")));
        }
        out.push_str("## Eligibility forms (`criteria_met`, `evidence`)\n\nThe elements of the category's form (Ch 6 App A, \
                      data/eligibility.toml): the category is `eligibility.category`, or the student's primary disability when it \
                      is blank; Speech or language impairment has one form per `sli_disorder`.\n\n");
        for f in &crate::domain::eligibility::Forms::shared().form {
            let variant = if f.variant.is_empty() { String::new() } else { format!(" — {}", f.variant) };
            out.push_str(&format!("### {}{variant} ({})\n\n", f.category, f.code));
            if !f.one_of.is_empty() {
                out.push_str(&format!("- at least one of: {}\n", f.one_of.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(" · ")));
            }
            out.push_str(&format!("- all of: {}\n", f.all_of.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(" · ")));
            out.push_str(&format!("- evidence: {}\n\n", f.evidence.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(" · ")));
        }
        out
    }

    #[test]
    fn meeting_format_doc_lists_every_field() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/meeting-format.md");
        let doc = std::fs::read_to_string(path).unwrap_or_default();
        let start = "<!-- fields:begin -->\n";
        let end = "<!-- fields:end -->";
        if std::env::var_os("UPDATE_FIXTURES").is_some() {
            let (a, rest) = doc.split_once(start).expect("marker");
            let (_, b) = rest.split_once(end).expect("marker");
            std::fs::write(path, format!("{a}{start}{}{end}{b}", tables())).unwrap();
            return;
        }
        assert!(doc.contains(&tables()), "docs/meeting-format.md is stale: run with UPDATE_FIXTURES=1");
    }
}
