//! Exports. `document`: the JSON meeting document (written by `iepmeet export --format json`, read by
//! `iepmeet check`); `report`: the meeting record as ordered parts; `render`: Markdown and HTML; `pdf`: the PDF.
//! Pure: values in, values out — except `meeting_record`, the one place that reads a meeting from the
//! store and hands it to them (used by the command line and the TUI alike).

pub mod access;
pub mod document;
pub mod family;
pub mod lang;
pub mod pdf;
pub mod render;
pub mod report;

use crate::rules;
use crate::store::Store;

/// The readable record of a meeting in a language: the same parts every format draws.
pub fn meeting_report(store: &Store, meeting_id: i64, lang: &lang::Lang) -> anyhow::Result<report::Report> {
    let meeting = store.load_meeting(meeting_id)?;
    // A finalized meeting's record has the student as they stood when it was finalized.
    let student = store.record_student(meeting_id)?;
    let hash = content_hash(&document::to_json(&student, &meeting));
    // Findings as the rules saw the meeting: at close for a finalized one (its date), today otherwise.
    let today = match (&meeting.finalized_at, meeting.is_open()) {
        (Some(t), false) => t.get(..10).and_then(|d| d.parse().ok()).unwrap_or_else(|| chrono::Local::now().date_naive()),
        _ => chrono::Local::now().date_naive(),
    };
    let policy = store.policy()?;
    let calendar = store.calendar()?;
    let ctx = rules::Ctx { student: &student, meeting: &meeting, policy: &policy, calendar: &calendar, today, live: rules::Live::default() };
    let rule_set = store.rules()?;
    let findings: Vec<_> = rules::evaluate(&ctx, &rule_set).into_iter().filter(|f| f.severity != rules::Severity::Info).collect();
    let acks = store.acknowledgements(meeting_id)?;
    let mut r = report::build(&student, &meeting, &findings, &acks, hash, lang);
    // A finalized record names where it was sealed in the audit chain (`iepmeet verify`): an anchor
    // kept outside the database, which no later rewrite of the chain can reproduce.
    if let (false, Some((row, h))) = (meeting.is_open(), store.seal_of(meeting_id)?) {
        r.footer_tpl.push_str(&lang.f(" · sealed in the audit chain at row {row}, sha256 {seal}", &[("row", &row.to_string()), ("seal", &h)]));
    }
    // Which rules checked it: recorded at finalize; for an open meeting, the rules in force now.
    let now = rule_set.describe();
    let checked = match (meeting.is_open(), &meeting.rules_used) {
        (true, _) => now.clone(),
        (false, Some(used)) => used.clone(),
        (false, None) => lang.t("not recorded (finalized before iepmeet recorded it)"),
    };
    r.footer_tpl.push_str(&lang.f(" · checked with {rules}", &[("rules", &rules_in(&checked, lang))]));
    if !meeting.is_open() && meeting.rules_used.as_deref() != Some(now.as_str()) {
        r.footer_tpl.push_str(&lang.f("; findings shown as checked now with {rules}", &[("rules", &rules_in(&now, lang))]));
    }
    Ok(r)
}

/// A rule set's description (`RuleSet::describe`, as a finalized record keeps it, in English) in
/// the export's language: the two forms it takes are read back and said again; anything else is
/// shown as recorded.
pub fn rules_in(english: &str, lang: &lang::Lang) -> String {
    if let Some(stamp) = english.strip_prefix("built-in rules (data/rules.toml, ").and_then(|r| r.strip_suffix(')')) {
        return lang.f("built-in rules (data/rules.toml, {stamp})", &[("stamp", stamp)]);
    }
    let district = english.strip_prefix("district rules '").and_then(|r| r.strip_suffix(')')).and_then(|r| {
        let (name, rest) = r.rsplit_once("' (")?;
        let (changes, stamp) = rest.split_once(" over the built-in rules; ")?;
        let n = changes.split(' ').next()?;
        Some((name, n, stamp))
    });
    match district {
        Some((name, "1", stamp)) => lang.f("district rules '{name}' (1 change over the built-in rules; {stamp})", &[("name", name), ("stamp", stamp)]),
        Some((name, n, stamp)) => lang.f("district rules '{name}' ({n} changes over the built-in rules; {stamp})", &[("name", name), ("n", n), ("stamp", stamp)]),
        None => english.to_string(),
    }
}

/// The content hash every format's footer shows: SHA-256 of the meeting document (pretty JSON, without
/// its `exported` footer).
pub(crate) fn content_hash(doc: &serde_json::Value) -> String {
    report::sha256_hex(&serde_json::to_string_pretty(doc).expect("a JSON value always serializes"))
}

/// Every format, in the order `--help` lists them.
pub const FORMATS: [&str; 7] = ["md", "html", "pdf", "json", "summary-md", "summary-html", "summary-pdf"];

/// The file ending of a format: the family summary is `…-summary.pdf`.
pub fn file_ending(format: &str) -> String {
    match format.strip_prefix("summary-") {
        Some(kind) => format!("-summary.{kind}"),
        None => format!(".{format}"),
    }
}

/// "What we agreed", the family's one-page summary (`family`), in a language.
pub fn family_summary(store: &Store, meeting_id: i64, lang: &lang::Lang) -> anyhow::Result<report::Report> {
    let meeting = store.load_meeting(meeting_id)?;
    let student = store.record_student(meeting_id)?;
    let hash = content_hash(&document::to_json(&student, &meeting));
    Ok(family::build(&student, &meeting, hash, lang))
}

/// The bytes of one export. `exported_at` is the only input that is not the meeting itself.
/// `lang`: a language of `data/i18n` (`en`, `es`) for the readable formats; JSON is always the document.
pub fn meeting_record(store: &Store, meeting_id: i64, format: &str, lang: &str, exported_at: &str) -> anyhow::Result<Vec<u8>> {
    let lang = lang::Lang::builtin(lang).map_err(|e| anyhow::anyhow!("export: {e}"))?;
    if format == "json" {
        let meeting = store.load_meeting(meeting_id)?;
        let student = store.record_student(meeting_id)?;
        let mut v = document::to_json(&student, &meeting);
        let hash = content_hash(&v);
        v["exported"] = serde_json::json!({ "at": exported_at, "by": format!("iepmeet {}", env!("CARGO_PKG_VERSION")), "sha256": hash });
        // The output boundary (crate::output): C1, bidi and invisible characters as \u escapes.
        return Ok(crate::output::json(&(serde_json::to_string_pretty(&v)? + "\n")).into_owned().into_bytes());
    }
    let (r, format) = match format.strip_prefix("summary-") {
        Some(kind) => (family_summary(store, meeting_id, &lang)?, kind),
        None => (meeting_report(store, meeting_id, &lang)?, format),
    };
    Ok(match format {
        "md" => crate::output::text(&render::markdown(&r, exported_at)).into_owned().into_bytes(),
        "html" => crate::output::text(&render::html(&r, exported_at)).into_owned().into_bytes(),
        "pdf" => pdf::pdf(&r, exported_at).map_err(|e| anyhow::anyhow!("PDF: {e}"))?,
        other => anyhow::bail!("export: unknown format '{}' (md, html, pdf, json, summary)", crate::domain::text::display(other)),
    })
}


/// Exports hold a student's record: a new file, readable by the owner only (0600), created with
/// O_CREAT|O_EXCL|O_NOFOLLOW — an existing file (whatever its mode) is never overwritten and a
/// symlink is never followed, so an export cannot be redirected onto another file or left
/// world-readable by an earlier one. A file half written (a full disk) is removed.
pub fn write_private(p: &std::path::Path, bytes: impl AsRef<[u8]>) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let mut f = o.open(p).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => std::io::Error::new(e.kind(), "the file exists (exports never overwrite a file or follow a link); choose another name"),
        _ => e,
    })?;
    if let Err(e) = f.write_all(bytes.as_ref()).and_then(|()| f.sync_all()) {
        drop(f);
        let _ = std::fs::remove_file(p);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod rules_text_tests {
    use super::*;

    #[test]
    fn the_rule_set_is_named_in_the_export_language_and_english_stays_as_recorded() {
        let en = lang::Lang::builtin("en").unwrap();
        let es = lang::Lang::builtin("es").unwrap();
        for text in [
            "built-in rules (data/rules.toml, 0123abcd)",
            "district rules 'North SELPA' (1 change over the built-in rules; 0123abcd+00ff)",
            "district rules 'North SELPA' (3 changes over the built-in rules; 0123abcd+00ff)",
            "not a description iepmeet writes",
        ] {
            assert_eq!(rules_in(text, &en), text, "English is the record as kept");
        }
        assert_eq!(rules_in("built-in rules (data/rules.toml, 0123abcd)", &es), "reglas incorporadas (data/rules.toml, 0123abcd)");
        assert_eq!(
            rules_in("district rules 'North SELPA' (3 changes over the built-in rules; 0123abcd+00ff)", &es),
            "reglas del distrito 'North SELPA' (3 cambios sobre las reglas incorporadas; 0123abcd+00ff)"
        );
        assert_eq!(rules_in("district rules 'A' (1 change over the built-in rules; x)", &es), "reglas del distrito 'A' (1 cambio sobre las reglas incorporadas; x)");
        // A name with its own quote and parenthesis is read back whole.
        assert_eq!(rules_in("district rules 'O'Neil (East)' (2 changes over the built-in rules; s)", &es), "reglas del distrito 'O'Neil (East)' (2 cambios sobre las reglas incorporadas; s)");
    }
}
