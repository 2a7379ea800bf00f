//! Minutes as a list of entries: each one timestamped, in an agenda section, of a kind (note, decision,
//! parent concern, parking lot, action item), optionally attributed to a speaker from the attendance
//! list. Entries are appended; a parking-lot item is later resolved (handled in a section, or carried
//! to an action item). Also the quick-entry syntax a note-taker types, and the close-of-meeting summary.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::fields::parse_date;
use super::meeting::{AnyRecord, Block, Meeting, Section};
use super::text::{clean_line, clean_text};

/// Longest single entry (a long statement read into the record still fits).
pub const MAX_ENTRY: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    Note,
    Decision,
    Concern,
    Parking,
    Action,
}

impl EntryKind {
    pub const ALL: [EntryKind; 5] = [EntryKind::Note, EntryKind::Decision, EntryKind::Concern, EntryKind::Parking, EntryKind::Action];
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Note => "note",
            EntryKind::Decision => "decision",
            EntryKind::Concern => "concern",
            EntryKind::Parking => "parking",
            EntryKind::Action => "action",
        }
    }
    pub fn from_code(s: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Note => "Note",
            EntryKind::Decision => "Decision",
            EntryKind::Concern => "Parent concern",
            EntryKind::Parking => "Parking lot",
            EntryKind::Action => "Action item",
        }
    }
    /// A fixed-width tag, so the kind is readable without colour.
    pub fn tag(self) -> &'static str {
        match self {
            EntryKind::Note => "NOTE",
            EntryKind::Decision => "DECN",
            EntryKind::Concern => "CONC",
            EntryKind::Parking => "PARK",
            EntryKind::Action => "ACTN",
        }
    }
    /// The quick-entry prefix (`/d`, `/c`, `/p`, `/a`, `/n`).
    pub fn prefix(self) -> char {
        match self {
            EntryKind::Note => 'n',
            EntryKind::Decision => 'd',
            EntryKind::Concern => 'c',
            EntryKind::Parking => 'p',
            EntryKind::Action => 'a',
        }
    }
}

/// How a parking-lot item was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    /// Discussed and handled in this section.
    Handled(Section),
    /// Carried to the action item with this entry id.
    Carried(i64),
}

impl Resolution {
    pub fn code(&self) -> String {
        match self {
            Resolution::Handled(s) => format!("handled:{}", s.code()),
            Resolution::Carried(id) => format!("carried:{id}"),
        }
    }
    pub fn from_code(s: &str) -> Option<Resolution> {
        let (how, what) = s.split_once(':')?;
        match how {
            "handled" => Section::from_code(what).map(Resolution::Handled),
            "carried" => what.parse().ok().map(Resolution::Carried),
            _ => None,
        }
    }
    pub fn describe(&self) -> String {
        match self {
            Resolution::Handled(s) => format!("handled in {}", s.label()),
            Resolution::Carried(id) => format!("carried to action item #{id}"),
        }
    }
}

/// One minutes entry as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: i64,
    pub section: Section,
    pub kind: EntryKind,
    pub speaker: String,
    pub text: String,
    /// Action items: who does it and by when.
    pub owner: String,
    pub due: Option<NaiveDate>,
    /// Parking-lot items: how they were closed.
    pub resolution: Option<Resolution>,
    /// When it was typed (UTC, ISO 8601) and by whom (OS user, SSH address).
    pub at: String,
    pub actor: String,
    pub version: i64,
}

impl Entry {
    pub fn is_open_parking(&self) -> bool {
        self.kind == EntryKind::Parking && self.resolution.is_none()
    }
    /// "14:05" from the stored UTC time, in local time.
    pub fn clock(&self) -> String {
        chrono::DateTime::parse_from_rfc3339(&self.at)
            .map(|t| t.with_timezone(&chrono::Local).format("%H:%M").to_string())
            .unwrap_or_default()
    }
    /// One line for lists: "DECN 14:05 Parent (Ana Ruiz): text".
    pub fn line(&self) -> String {
        let mut s = String::new();
        if !self.speaker.is_empty() {
            s.push_str(&self.speaker);
            s.push_str(": ");
        }
        s.push_str(&self.text.replace('\n', " ⏎ "));
        if self.kind == EntryKind::Action {
            let owner = if self.owner.is_empty() { "no owner".to_string() } else { self.owner.clone() };
            let due = self.due.map(|d| d.to_string()).unwrap_or_else(|| "no due date".into());
            s.push_str(&format!(" [{owner}; due {due}]"));
        }
        if let Some(r) = &self.resolution {
            s.push_str(&format!(" [{}]", r.describe()));
        }
        s
    }
}

/// What the note-taker typed, parsed: ready to be stored as an entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewEntry {
    pub kind: Option<EntryKind>,
    pub speaker: String,
    pub text: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
}

impl NewEntry {
    pub fn kind(&self) -> EntryKind {
        self.kind.unwrap_or(EntryKind::Note)
    }
}

/// A person in the attendance list, as the quick-entry syntax finds them.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: String,
    pub role: String,
}

impl Person {
    /// "Ana Ruiz (Parent)".
    pub fn label(&self) -> String {
        if self.role.is_empty() { self.name.clone() } else { format!("{} ({})", self.name, self.role) }
    }
}

/// People who may be named as speakers and owners: the meeting's attendance list.
pub fn people(m: &Meeting) -> Vec<Person> {
    m.block(Block::Attendees)
        .iter()
        .filter_map(|i| match &i.record {
            AnyRecord::Attendee(a) if !a.name.trim().is_empty() => {
                Some(Person { name: clean_line(&a.name), role: a.roles.first().cloned().unwrap_or_default() })
            }
            _ => None,
        })
        .collect()
}

/// Members present who have not signed (IEP 9B): a member excused in writing (NC 7) from the
/// whole meeting did not attend and is not asked to. The close summary lists them and finalize
/// names them.
pub fn not_signed(m: &Meeting) -> Vec<Person> {
    let signed: Vec<String> = m
        .block(Block::Signatures)
        .iter()
        .filter_map(|i| match &i.record {
            AnyRecord::Signature(s) if s.signed_on.is_some() => Some(s.name.clone()),
            _ => None,
        })
        .collect();
    let excused = m.excused_members();
    people(m).into_iter().filter(|p| !signed.contains(&p.name) && !excused.contains(&p.name.trim().to_lowercase())).collect()
}

/// Find the one person `query` names: a case-insensitive prefix of a word of their name or of their
/// role ("@ana", "@ruiz", "@parent", "@slp"). Errors say who matched, or that no one did.
pub fn find_person<'a>(query: &str, people: &'a [Person]) -> Result<&'a Person, String> {
    let q = query.to_lowercase();
    let words = |p: &Person| -> Vec<String> {
        p.name.split(|c: char| !c.is_alphanumeric()).chain(p.role.split(|c: char| !c.is_alphanumeric())).map(|w| w.to_lowercase()).filter(|w| !w.is_empty()).collect()
    };
    let exact: Vec<&Person> = people.iter().filter(|p| p.name.to_lowercase() == q || words(p).contains(&q)).collect();
    let hits: Vec<&Person> = if exact.len() == 1 { exact } else { people.iter().filter(|p| words(p).iter().any(|w| w.starts_with(&q))).collect() };
    match hits.as_slice() {
        [one] => Ok(one),
        [] if people.is_empty() => Err(format!("no one is in the attendance list yet, so '@{query}' names no one")),
        [] => Err(format!("no one in the attendance list matches '@{query}'")),
        many => Err(format!(
            "'@{query}' matches {}; type more of the name",
            many.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// Parse the quick-entry syntax:
///
/// ```text
/// [/d|/c|/p|/a|/n] [@speaker] text [due YYYY-MM-DD]
/// ```
///
/// `/d` decision, `/c` parent concern, `/p` parking lot, `/a` action item, `/n` note (the default).
/// After `/a` the `@name` is the owner, not the speaker, and a trailing `due DATE` or `by DATE` sets
/// the due date. Names are matched against the attendance list (`find_person`).
pub fn parse_entry(input: &str, people: &[Person]) -> Result<NewEntry, String> {
    let input = clean_text(input);
    let mut rest = input.trim();
    let mut out = NewEntry::default();
    if let Some(r) = rest.strip_prefix('/') {
        let mut chars = r.chars();
        let c = chars.next().unwrap_or(' ');
        let after = chars.as_str();
        if after.is_empty() || after.starts_with(char::is_whitespace) {
            match EntryKind::ALL.into_iter().find(|k| k.prefix() == c.to_ascii_lowercase()) {
                Some(k) => {
                    out.kind = Some(k);
                    rest = after.trim_start();
                }
                None => return Err(format!("'/{c}' is not an entry kind: use /d decision, /c concern, /p parking lot, /a action item, /n note")),
            }
        }
    }
    if let Some(r) = rest.strip_prefix('@') {
        let end = r.find(char::is_whitespace).unwrap_or(r.len());
        let (name, after) = r.split_at(end);
        let name = name.trim_end_matches([':', ',']);
        if !name.is_empty() {
            let p = find_person(name, people)?;
            if out.kind == Some(EntryKind::Action) {
                out.owner = p.label();
            } else {
                out.speaker = p.label();
            }
            rest = after.trim_start().trim_start_matches([':', ',']).trim_start();
        }
    }
    let mut text = rest.to_string();
    if out.kind == Some(EntryKind::Action) {
        let lower = text.to_lowercase();
        for word in [" due ", " by "] {
            if let Some(i) = lower.rfind(word) {
                let date = text[i + word.len()..].trim().trim_end_matches('.');
                if !date.contains(' ') && (date.contains('-') || date.contains('/')) {
                    out.due = Some(parse_date(date).map_err(|e| format!("due date: {e}"))?);
                    text.truncate(i);
                    break;
                }
            }
        }
    }
    out.text = text.trim().to_string();
    if out.text.is_empty() {
        return Err("nothing to record: type the entry's text".into());
    }
    if out.text.chars().count() > MAX_ENTRY {
        return Err(format!("an entry is limited to {MAX_ENTRY} characters"));
    }
    Ok(out)
}

/// Everything that must be settled or seen before the meeting is closed.
#[derive(Debug, Clone, Default)]
pub struct CloseSummary<'a> {
    pub decisions: Vec<&'a Entry>,
    pub concerns: Vec<&'a Entry>,
    pub actions: Vec<&'a Entry>,
    pub parking_open: Vec<&'a Entry>,
    pub parking_closed: Vec<&'a Entry>,
}

impl<'a> CloseSummary<'a> {
    pub fn of(entries: &'a [Entry]) -> CloseSummary<'a> {
        let mut s = CloseSummary::default();
        for e in entries {
            match e.kind {
                EntryKind::Decision => s.decisions.push(e),
                EntryKind::Concern => s.concerns.push(e),
                EntryKind::Action => s.actions.push(e),
                EntryKind::Parking if e.resolution.is_none() => s.parking_open.push(e),
                EntryKind::Parking => s.parking_closed.push(e),
                EntryKind::Note => {}
            }
        }
        s
    }
    /// Action items lacking an owner or a due date.
    pub fn incomplete_actions(&self) -> Vec<&'a Entry> {
        self.actions.iter().copied().filter(|e| e.owner.is_empty() || e.due.is_none()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> Vec<Person> {
        vec![
            Person { name: "Ana Ruiz".into(), role: "Parent/guardian".into() },
            Person { name: "Lee Park".into(), role: "Special education teacher".into() },
            Person { name: "Leo Park".into(), role: "Speech-language pathologist".into() },
        ]
    }

    #[test]
    fn plain_text_is_a_note() {
        let e = parse_entry("Introductions made.", &team()).unwrap();
        assert_eq!(e.kind(), EntryKind::Note);
        assert_eq!(e.text, "Introductions made.");
        assert!(e.speaker.is_empty());
    }

    #[test]
    fn kind_and_speaker() {
        let e = parse_entry("/c @ana: worried about reading at home", &team()).unwrap();
        assert_eq!(e.kind, Some(EntryKind::Concern));
        assert_eq!(e.speaker, "Ana Ruiz (Parent/guardian)");
        assert_eq!(e.text, "worried about reading at home");
        // Any part of a hyphenated or initialled name.
        let hyphen = vec![Person { name: "R. Demo-Alvarez".into(), role: "Special education teacher/provider".into() }];
        assert_eq!(parse_entry("@alvarez: hi", &hyphen).unwrap().speaker, "R. Demo-Alvarez (Special education teacher/provider)");
        let e = parse_entry("/d @parent agrees to 30 min weekly", &team()).unwrap();
        assert_eq!(e.kind, Some(EntryKind::Decision));
        assert_eq!(e.speaker, "Ana Ruiz (Parent/guardian)");
    }

    #[test]
    fn action_owner_and_due() {
        let e = parse_entry("/a @le send draft goals to parent due 2026-12-01", &team());
        assert!(e.unwrap_err().contains("Lee Park, Leo Park"));
        // A whole word is an exact match even when it is the start of another.
        assert_eq!(parse_entry("/a @lee call due 2026-12-01", &team()).unwrap().owner, "Lee Park (Special education teacher)");
        let e = parse_entry("/a @leo send draft goals to parent by 12/01/2026", &team()).unwrap();
        assert_eq!(e.owner, "Leo Park (Speech-language pathologist)");
        assert_eq!(e.due, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(e.text, "send draft goals to parent");
        assert!(e.speaker.is_empty());
        let bad = parse_entry("/a @leo call parent due 2026-02-30", &team()).unwrap_err();
        assert!(bad.contains("due date"), "{bad}");
        // "by" inside the text is not a date.
        let e = parse_entry("/a @leo reply by email", &team()).unwrap();
        assert_eq!(e.text, "reply by email");
        assert_eq!(e.due, None);
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        assert!(parse_entry("/x something", &team()).unwrap_err().contains("not an entry kind"));
        assert!(parse_entry("@nobody said hi", &team()).unwrap_err().contains("no one in the attendance list"));
        assert!(parse_entry("   ", &team()).unwrap_err().contains("nothing to record"));
        assert!(parse_entry("/d", &team()).unwrap_err().contains("nothing to record"));
        assert!(parse_entry("@ana hi", &[]).unwrap_err().contains("attendance list yet"));
        // A path is text, not a kind.
        assert_eq!(parse_entry("/dev/null was mentioned", &team()).unwrap().text, "/dev/null was mentioned");
    }

    #[test]
    fn escapes_are_removed() {
        let e = parse_entry("/n \u{1b}[31mred\u{1b}[0m text\u{7}", &team()).unwrap();
        assert_eq!(e.text, "red text");
    }

    #[test]
    fn resolution_codes_round_trip() {
        for r in [Resolution::Handled(Section::Goals), Resolution::Carried(12)] {
            assert_eq!(Resolution::from_code(&r.code()), Some(r));
        }
        assert_eq!(Resolution::from_code("lost:1"), None);
    }

    #[test]
    fn summary_groups_entries() {
        let mk = |kind, resolution: Option<Resolution>, owner: &str| Entry {
            id: 1,
            section: Section::Goals,
            kind,
            speaker: String::new(),
            text: "t".into(),
            owner: owner.into(),
            due: None,
            resolution,
            at: String::new(),
            actor: String::new(),
            version: 1,
        };
        let es = vec![
            mk(EntryKind::Decision, None, ""),
            mk(EntryKind::Parking, None, ""),
            mk(EntryKind::Parking, Some(Resolution::Handled(Section::Goals)), ""),
            mk(EntryKind::Action, None, "Lee"),
            mk(EntryKind::Note, None, ""),
        ];
        let s = CloseSummary::of(&es);
        assert_eq!((s.decisions.len(), s.parking_open.len(), s.parking_closed.len(), s.actions.len()), (1, 1, 1, 1));
        assert_eq!(s.incomplete_actions().len(), 1);
    }
}

/// How an amendment names the field it changes: "Meeting › Location", or "Goals 2 › Baseline" for
/// the second item of a list (a finalized record's items keep their order). The form shows the
/// mark of an amendment on the field it names.
pub fn amended_field(block: super::meeting::Block, item: Option<usize>, label: &str) -> String {
    match item {
        Some(n) => format!("{} {} › {label}", block.title(), n + 1),
        None => format!("{} › {label}", block.title()),
    }
}

/// A change to a finalized meeting (handbook 7.7.A): dated, authored and appended; the original
/// record stays as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Amendment {
    pub id: i64,
    /// When it was recorded (UTC, ISO 8601) and by whom.
    pub at: String,
    pub actor: String,
    /// The date the amendment was agreed.
    pub date: NaiveDate,
    /// How it was agreed: at an IEP meeting, or by written agreement without a meeting.
    pub how: String,
    /// What is changed ("Services › Speech-language: Frequency"), the value before and after.
    pub what: String,
    pub before: String,
    pub after: String,
    pub reason: String,
}

/// The two ways an IEP may be amended (handbook 7.7.A; 34 CFR 300.324(a)(4)).
pub const AMENDMENT_WAYS: [&str; 2] = ["At an IEP team meeting", "By written agreement of parent and district, without a meeting"];

/// Owner and due date for an action item: "@lee due 2026-12-01", "@lee", "due 12/01/2026".
pub fn parse_owner_due(input: &str, people: &[Person]) -> Result<(String, Option<NaiveDate>), String> {
    let t = clean_line(input);
    let mut owner = String::new();
    let mut due = None;
    let mut words = t.split_whitespace().peekable();
    while let Some(w) = words.next() {
        if let Some(name) = w.strip_prefix('@') {
            owner = find_person(name.trim_end_matches([',', ':']), people)?.label();
        } else if w.eq_ignore_ascii_case("due") || w.eq_ignore_ascii_case("by") {
            let d = words.next().ok_or("a date after 'due'")?;
            due = Some(parse_date(d).map_err(|e| format!("due date: {e}"))?);
        } else {
            return Err(format!("'{w}' is not understood: type @name and/or due YYYY-MM-DD"));
        }
    }
    if owner.is_empty() && due.is_none() {
        return Err("type who does it (@name) and by when (due YYYY-MM-DD)".into());
    }
    Ok((owner, due))
}

#[cfg(test)]
mod owner_due_tests {
    use super::*;

    #[test]
    fn owner_and_due() {
        let team = vec![Person { name: "Lee Park".into(), role: "Special education teacher".into() }];
        let (o, d) = parse_owner_due("@lee due 2026-12-01", &team).unwrap();
        assert_eq!(o, "Lee Park (Special education teacher)");
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert!(parse_owner_due("", &team).is_err());
        assert!(parse_owner_due("tomorrow", &team).unwrap_err().contains("not understood"));
        assert!(parse_owner_due("due 13/45/2026", &team).unwrap_err().contains("due date"));
    }
}
