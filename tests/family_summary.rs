//! "What we agreed" (issue 18): the family's one-page summary. What it says for a meeting (the
//! services in words, who does what by when, the next meeting, who to call, the consent choice);
//! the same in Spanish with no fixed text left in English; Markdown, HTML and PDF from the command
//! line; and the fixed wording scored for readability (Flesch–Kincaid grade level, target 6th to
//! 8th grade).
#![allow(clippy::disallowed_macros)]

mod common;

use common::*;
use iepmeet::domain::meeting::{AnyRecord, Block, Consent, Service};
use iepmeet::domain::minutes::{EntryKind, NewEntry};
use iepmeet::export::family::{CONSENT, FIXED};
use iepmeet::export::lang::Lang;
use iepmeet::store::Store;

fn meeting() -> (Store, i64) {
    let mut store = demo_store(3);
    let mid = fill_meeting(&mut store);
    let service = Service {
        service: "Language and speech".into(),
        provider: "the speech-language pathologist".into(),
        sessions: Some(2),
        period: "weekly".into(),
        duration: Some(30),
        start: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
        ..Default::default()
    };
    store.insert_item(mid, Block::Services, &AnyRecord::Service(service)).unwrap();
    let consent = store.load_meeting(mid).unwrap().block(Block::Consent)[0].clone();
    let agreed = AnyRecord::Consent(Consent { choice: "Agree except for the items listed".into(), exceptions: "the bus schedule".into(), ..Default::default() });
    store.update_item(mid, Block::Consent, &consent, &agreed).unwrap();
    let e = |kind, text: &str, owner: &str| NewEntry {
        kind: Some(kind),
        speaker: String::new(),
        text: text.into(),
        owner: owner.into(),
        due: if owner.is_empty() { None } else { chrono::NaiveDate::from_ymd_opt(2026, 12, 15) },
    };
    store.add_entry(mid, iepmeet::domain::meeting::Section::Goals, &e(EntryKind::Decision, "Two reading goals, as drafted.", "")).unwrap();
    store.add_entry(mid, iepmeet::domain::meeting::Section::Services, &e(EntryKind::Action, "Send the reading log", "Ms. Casemgr")).unwrap();
    store.add_entry(mid, iepmeet::domain::meeting::Section::Services, &e(EntryKind::Action, "Call the bus office", "")).unwrap();
    (store, mid)
}

fn markdown(store: &Store, mid: i64, lang: &str) -> String {
    String::from_utf8(iepmeet::export::meeting_record(store, mid, "summary-md", lang, "2026-11-22T10:00:00Z").unwrap()).unwrap()
}

#[test]
fn the_summary_says_what_was_agreed_in_plain_words() {
    let (store, mid) = meeting();
    let md = markdown(&store, mid, "en");
    let student = store.record_student(mid).unwrap();
    for want in [
        format!("# What we agreed at {}'s IEP meeting", student.first_name),
        "Two reading goals, as drafted.".to_string(),
        "Language and speech, 30 minutes, twice a week, starting 2026-12-01, with the speech-language pathologist.".to_string(),
        "Ms. Casemgr will do this: Send the reading log, by 2026-12-15.".to_string(),
        "Someone still needs to take this on: Call the bus office.".to_string(),
        "You agreed to the IEP, except for: the bus schedule.".to_string(),
        format!("call {}, {}'s case manager, at {}.", student.case_manager, student.first_name, student.school),
        "The next IEP meeting will be held by".to_string(),
    ] {
        assert!(md.contains(&want), "{want:?} is not in the summary:\n{md}");
    }
    // Nothing of the compliance record: no findings, no rule ids, no audit.
    for never in ["ERROR", "WARNING", "findings", "audit"] {
        assert!(!md.contains(never), "{never:?} in the family summary:\n{md}");
    }
    // One page: well under what a page holds.
    assert!(md.lines().count() < 60, "{} lines", md.lines().count());
}

#[test]
fn in_spanish_no_fixed_text_is_left_in_english() {
    let (store, mid) = meeting();
    let es = Lang::builtin("es").unwrap();
    let r = iepmeet::export::family_summary(&store, mid, &es).unwrap();
    let md = iepmeet::export::render::markdown(&r, "2026-11-22T10:00:00Z");
    assert!(md.contains("Lo que acordamos") && md.contains("dos veces por semana") && md.contains("Su decisión sobre el IEP"), "{md}");
    // Every fixed sentence, the consent sentences and the frequency words are translated.
    for k in FIXED.iter().chain(CONSENT.iter().map(|(_, s)| s)).chain(["once", "twice", "{n} times", "day", "week", "month", "quarter", "year"].iter()) {
        es.t(k);
    }
    assert_eq!(es.missing(), Vec::<String>::new(), "data/i18n/es.toml lacks these for the summary");
    assert!(md.contains("Two reading goals, as drafted."), "the team's words stay as recorded");
}

#[test]
fn markdown_html_and_pdf_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::tmux::demo_db(dir.path());
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_iepmeet")).arg("--db").arg(&db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out
    };
    let md = String::from_utf8(run(&["export", "1", "--format", "summary"]).stdout).unwrap();
    assert!(md.starts_with("# What we agreed at"), "{md}");
    let html = dir.path().join("s.html");
    run(&["export", "1", "--format", "summary", "-o", html.to_str().unwrap()]);
    let h = std::fs::read_to_string(&html).unwrap();
    assert!(h.contains("<html") && h.contains("What we agreed"), "{h}");
    let pdf = dir.path().join("s.pdf");
    run(&["export", "1", "--format", "summary", "--lang", "es", "-o", pdf.to_str().unwrap()]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
}

/// Syllables in an English word, by the usual rule of thumb (groups of vowels, a silent final e).
fn syllables(word: &str) -> usize {
    let w: String = word.to_lowercase().chars().filter(|c| c.is_ascii_alphabetic()).collect();
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut n = 0;
    let mut prev = false;
    for c in w.chars() {
        let v = vowel(c);
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    if w.ends_with('e') && !w.ends_with("le") && n > 1 {
        n -= 1;
    }
    n.max(1)
}

/// Flesch–Kincaid grade level: 0.39 (words/sentences) + 11.8 (syllables/words) − 15.59.
fn fk_grade(text: &str) -> f64 {
    let sentences = text.split(['.', '?', '!']).filter(|s| s.split_whitespace().next().is_some()).count().max(1) as f64;
    let words: Vec<&str> = text.split_whitespace().filter(|w| w.chars().any(|c| c.is_alphabetic())).collect();
    let syl: usize = words.iter().map(|w| syllables(w)).sum();
    let n = words.len().max(1) as f64;
    0.39 * (n / sentences) + 11.8 * (syl as f64 / n) - 15.59
}

#[test]
fn the_fixed_wording_reads_at_a_6th_to_8th_grade_level() {
    // The sentences as a family reads them (headings and fragments such as "30 minutes" are left
    // out: they would make the score look easier than it is); placeholders become everyday words.
    let fill = |s: &str| {
        let mut t = s.to_string();
        for (k, v) in [("{name}", "Sam"), ("{first}", "Sam"), ("{date}", "May 1"), ("{kind}", "annual review"), ("{minutes}", "30"), ("{times}", "twice"), ("{period}", "week"), ("{provider}", "Ms. Lee"), ("{owner}", "Ms. Lee"), ("{task}", "send the log"), ("{who}", "Ms. Lee"), ("{school}", "Oak School"), ("{exceptions}", "the bus plan"), ("{at}", "May 1"), ("{version}", "1"), ("{hash}", "abc")] {
            t = t.replace(k, v);
        }
        t
    };
    let sentences: Vec<&str> = FIXED.iter().copied().chain(CONSENT.iter().map(|(_, s)| *s)).filter(|s| s.ends_with('.')).collect();
    assert!(sentences.len() >= 15, "{sentences:?}");
    let text: String = sentences.into_iter().map(fill).collect::<Vec<_>>().join(" ");
    let grade = fk_grade(&text);
    println!("family summary fixed text: Flesch–Kincaid grade {grade:.1}");
    assert!(grade <= 8.0, "Flesch–Kincaid grade {grade:.1} is above 8th grade:\n{text}");
    // The scorer itself: a plain sentence is easy, a bureaucratic one is not.
    assert!(fk_grade("The cat sat on the mat. We met at school.") < 3.0);
    assert!(fk_grade("Notwithstanding the aforementioned determination, the individualized education program shall be implemented expeditiously.") > 14.0);
}
