//! The record of access (34 CFR 300.614; California E.C. 49064): every time a person reads a
//! student's record — opens it, looks up its status or audit trail, sees it in search results,
//! shows it on a wall, or exports it — one row says who, when, what, and for a release to someone
//! else, to whom and why. The law asks for the name, date and purpose for every party other than
//! the parents and the district's authorized employees; iepmeet records every read, and asks for
//! the recipient and purpose of every export.
//!
//! Pure: the kinds of access and the rule for what a release must say. `store::access` writes and
//! reads the rows (in the audit trail's hash chain).

use serde::{Deserialize, Serialize};

use super::text::clean_line;

/// One-key recipients of a release (the TUI's export dialog; `--recipient` takes them as written).
pub const PARENT: &str = "Parent/guardian";
pub const STAFF: &str = "School staff with a legitimate educational interest";

/// The most characters kept of a recipient or purpose (a sentence, not a document).
const MAX_LEN: usize = 300;

/// What a person did with the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// Opened the student's screen in the TUI.
    Student,
    /// Opened a meeting in the TUI.
    Meeting,
    /// `iepmeet status`.
    Status,
    /// `iepmeet audit`.
    Audit,
    /// The student appeared in `iepmeet search` results (the excerpts shown are their minutes).
    Search,
    /// A meeting shown on the wall (`iepmeet wall`).
    Wall,
    /// The record of access itself (`iepmeet access`): reading who read is also a read.
    AccessLog,
    /// A meeting record exported (md, html, pdf, json, summary-…), to `file` or standard output.
    Export { format: String, file: Option<String> },
    /// The roster exported (csv, json): one row for each student in it.
    Roster { format: String, file: Option<String> },
}

impl View {
    /// The action stored: `view` for a look, `export` for a copy that leaves the program.
    pub fn action(&self) -> &'static str {
        match self {
            View::Export { .. } | View::Roster { .. } => "export",
            _ => "view",
        }
    }

    /// What, in words (stored, and shown by `iepmeet access`).
    pub fn what(&self) -> String {
        let to = |file: &Option<String>| match file {
            Some(f) => format!(" to {f}"),
            None => " to standard output".into(),
        };
        match self {
            View::Student => "opened the student's record (TUI)".into(),
            View::Meeting => "opened the meeting (TUI)".into(),
            View::Status => "case status (iepmeet status)".into(),
            View::Audit => "audit trail (iepmeet audit)".into(),
            View::Search => "minutes shown in search results".into(),
            View::Wall => "meeting shown on the wall (iepmeet wall)".into(),
            View::AccessLog => "record of access (iepmeet access)".into(),
            View::Export { format, file } => format!("exported the meeting record as {format}{}", to(file)),
            View::Roster { format, file } => format!("exported in the roster as {format}{}", to(file)),
        }
    }

    pub fn file(&self) -> Option<&str> {
        match self {
            View::Export { file, .. } | View::Roster { file, .. } => file.as_deref(),
            _ => None,
        }
    }
}

/// Why a release was refused (each one sentence; the CLI adds the flag to use).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Someone other than the parents or school staff, and no purpose.
    NoPurpose(String),
    /// A purpose with no recipient.
    NoRecipient,
    /// Longer than a sentence: which, and how long.
    TooLong(&'static str, usize),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NoPurpose(r) => write!(f, "a release to {r} needs its purpose (34 CFR 300.614 asks for it for anyone but the parents and school staff)"),
            Refused::NoRecipient => write!(f, "a purpose was given without a recipient: say who receives the copy"),
            Refused::TooLong(what, n) => write!(f, "the {what} is {n} characters; say it in at most {MAX_LEN}"),
        }
    }
}

/// To whom a copy is released, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Disclosure {
    pub recipient: String,
    pub purpose: String,
}

impl Disclosure {
    /// The release an export states: both may be absent (a copy for oneself, which is still
    /// logged); a purpose needs a recipient; a recipient other than the parents or school staff
    /// needs a purpose. Text is cleaned to one line. Errors are one sentence for the user.
    pub fn new(recipient: Option<&str>, purpose: Option<&str>) -> Result<Option<Disclosure>, Refused> {
        let clean = |s: Option<&str>, what: &'static str| -> Result<String, Refused> {
            let s = clean_line(s.unwrap_or(""));
            match s.chars().count() {
                n if n > MAX_LEN => Err(Refused::TooLong(what, n)),
                _ => Ok(s),
            }
        };
        let recipient = clean(recipient, "recipient")?;
        let purpose = clean(purpose, "purpose")?;
        if recipient.is_empty() {
            if !purpose.is_empty() {
                return Err(Refused::NoRecipient);
            }
            return Ok(None);
        }
        if purpose.is_empty() && !Disclosure::is_school_side(&recipient) {
            return Err(Refused::NoPurpose(recipient));
        }
        Ok(Some(Disclosure { recipient, purpose }))
    }

    /// The parents or the district's own staff (the two parties the law does not ask a purpose of).
    pub fn is_school_side(recipient: &str) -> bool {
        recipient.eq_ignore_ascii_case(PARENT) || recipient.eq_ignore_ascii_case(STAFF)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_release_says_to_whom_and_why() {
        assert_eq!(Disclosure::new(None, None), Ok(None));
        assert_eq!(Disclosure::new(Some("  "), Some("")), Ok(None));
        assert_eq!(
            Disclosure::new(Some(PARENT), None),
            Ok(Some(Disclosure { recipient: PARENT.into(), purpose: String::new() }))
        );
        assert!(Disclosure::new(Some("school staff with a legitimate educational interest"), None).unwrap().is_some());
        let e = Disclosure::new(Some("Dr. Example, Sample Clinic"), None).unwrap_err();
        assert_eq!(e, Refused::NoPurpose("Dr. Example, Sample Clinic".into()));
        assert!(e.to_string().contains("needs its purpose") && e.to_string().contains("300.614"), "{e}");
        assert_eq!(Disclosure::new(None, Some("evaluation")), Err(Refused::NoRecipient));
        let d = Disclosure::new(Some("Dr. Example,\n Sample Clinic\u{1b}[31m"), Some("independent\tevaluation")).unwrap().unwrap();
        assert_eq!((d.recipient.as_str(), d.purpose.as_str()), ("Dr. Example, Sample Clinic", "independent evaluation"));
        assert!(Disclosure::new(Some(&"x".repeat(301)), Some("p")).unwrap_err().to_string().contains("at most 300"));
    }

    #[test]
    fn views_say_what_and_where() {
        let v = View::Export { format: "pdf".into(), file: Some("out.pdf".into()) };
        assert_eq!((v.action(), v.what().as_str(), v.file()), ("export", "exported the meeting record as pdf to out.pdf", Some("out.pdf")));
        assert_eq!(View::Status.action(), "view");
        assert!(View::Roster { format: "csv".into(), file: None }.what().ends_with("to standard output"));
    }
}
