//! The wall (`iepmeet wall`, issue 18): what the room sees, at 80x24 and 200x60 (TestBackend
//! snapshots), in Spanish with nothing left in English, never the compliance findings or another
//! student, everything shown across its pages; and live — the real binary in tmux, following an
//! entry recorded by another process within a second, and saying in the presence table that a
//! wall is open (the facilitator's header shows it) until it closes.
#![allow(clippy::disallowed_macros)]

mod common;

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use common::*;
use iepmeet::domain::meeting::Section;
use iepmeet::domain::minutes::{EntryKind, NewEntry};
use iepmeet::export::lang::Lang;
use iepmeet::store::Store;
use iepmeet::ui::wall::{render, theme, Wall, PAGE_SECS};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn entry(kind: EntryKind, text: &str, owner: &str) -> NewEntry {
    NewEntry { kind: Some(kind), speaker: String::new(), text: text.into(), owner: owner.into(), due: if owner.is_empty() { None } else { today().checked_add_days(chrono::Days::new(14)) } }
}

/// The demo's first meeting, filled, with what the room has said so far.
fn meeting() -> (Store, i64) {
    let mut store = demo_store(3);
    let mid = fill_meeting(&mut store);
    for (s, e) in [
        (Section::PresentLevels, entry(EntryKind::Concern, "Reading homework takes two hours most nights.", "")),
        (Section::Goals, entry(EntryKind::Decision, "Two reading goals and one writing goal, as drafted.", "")),
        (Section::Services, entry(EntryKind::Action, "Send the family the reading log template", "Case manager")),
        (Section::Services, entry(EntryKind::Parking, "Bus pick-up time", "")),
    ] {
        store.add_entry(mid, s, &e).unwrap();
    }
    (store, mid)
}

fn draw(store: &Store, mid: i64, lang: &str, w: u16, h: u16, at: i64) -> (String, Wall) {
    let wall = Wall::load(store, mid, Lang::builtin(lang).unwrap(), today()).unwrap();
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let now = Utc.timestamp_opt(at, 0).unwrap();
    term.draw(|f| render(f, &wall, &theme(false), now)).unwrap();
    let buf = term.backend().buffer().clone();
    let text = (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>().trim_end().to_string() + "\n").collect();
    (text, wall)
}

/// The fixed moment the snapshots are drawn at (a page boundary).
const AT: i64 = 1_795_000_000 - 1_795_000_000 % (PAGE_SECS as i64 * 12);

/// Every page the wall turns through, one after another.
fn all_pages(store: &Store, mid: i64, lang: &str, w: u16, h: u16) -> String {
    (0..6).map(|p| draw(store, mid, lang, w, h, AT + p * PAGE_SECS as i64).0).collect()
}

/// Every word of `want` is on `seen` (a line wraps inside its panel, and two columns sit side by
/// side, so the words are checked, not the phrase).
fn words_on(seen: &str, want: &str) -> bool {
    want.split_whitespace().all(|w| seen.contains(w.trim_matches(|c: char| !c.is_alphanumeric())))
}

#[test]
fn the_wall_at_80x24_and_200x60() {
    let (store, mid) = meeting();
    insta::assert_snapshot!("wall_80x24", draw(&store, mid, "en", 80, 24, AT).0);
    insta::assert_snapshot!("wall_200x60", draw(&store, mid, "en", 200, 60, AT).0);
}

#[test]
fn everything_recorded_is_on_the_wall_and_nothing_the_family_should_not_see() {
    let (store, mid) = meeting();
    for (w, h) in [(80, 24), (100, 30), (200, 60)] {
        let seen = all_pages(&store, mid, "en", w, h);
        for want in [
            "Reading homework takes two hours most nights.",
            "Two reading goals and one writing goal, as drafted.",
            "Send the family the reading log template",
            "Case manager",
            "Bus pick-up time",
            "Why we meet:",
            "One person speaks at a time.",
            "Welcome and introductions",
        ] {
            assert!(words_on(&seen, want), "{w}x{h}: {want:?} is not on any page:\n{seen}");
        }
        // Not for a wall: compliance findings, rule ids, the audit, other students.
        for never in ["ERROR", "WARNING", "team-", "consent-no-", "audit", "DEMO-00002", "DEMO-00003"] {
            assert!(!seen.contains(never), "{w}x{h}: {never:?} is on the wall:\n{seen}");
        }
        let others: Vec<String> = store.list_students().unwrap().into_iter().map(|(_, s)| s.last_name).filter(|n| !n.is_empty()).collect();
        let this = store.record_student(mid).unwrap().last_name;
        for n in others.iter().filter(|n| **n != this) {
            assert!(!seen.contains(n.as_str()), "{w}x{h}: another student ({n}) is on the wall");
        }
    }
}

#[test]
fn no_color_means_no_colour_on_the_wall() {
    let (store, mid) = meeting();
    let wall = Wall::load(&store, mid, Lang::builtin("en").unwrap(), today()).unwrap();
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    term.draw(|f| render(f, &wall, &theme(true), Utc.timestamp_opt(AT, 0).unwrap())).unwrap();
    let buf = term.backend().buffer().clone();
    for c in buf.content() {
        assert_eq!((c.fg, c.bg), (ratatui::style::Color::Reset, ratatui::style::Color::Reset), "a colour under NO_COLOR at {:?}", c.symbol());
    }
}

#[test]
fn raw_escapes_typed_into_the_minutes_never_reach_the_wall() {
    let (mut store, mid) = meeting();
    store.add_entry(mid, Section::Goals, &entry(EntryKind::Decision, "Evil\u{1b}]0;pwned\u{7} title\u{1b}[2J cleared", "")).unwrap();
    store.add_entry(mid, Section::Goals, &entry(EntryKind::Action, "Call", "Owner\u{1b}[31mRed")).unwrap();
    let seen = all_pages(&store, mid, "en", 100, 30);
    assert!(!seen.chars().any(|c| c.is_control() && c != '\n'), "a control character on the wall");
    assert!(seen.contains("Evil") && seen.contains("cleared") && seen.contains("OwnerRed"), "{seen}");
}

#[test]
fn a_small_wall_turns_its_pages_and_says_so() {
    let (store, mid) = meeting();
    let one = draw(&store, mid, "en", 80, 24, AT).0;
    let two = draw(&store, mid, "en", 80, 24, AT + PAGE_SECS as i64).0;
    assert!(one.contains("Page 1 of") && two.contains("Page 2 of"), "{one}\n{two}");
    assert_ne!(one, two);
    // A large one shows everything at once.
    let big = draw(&store, mid, "en", 200, 60, AT).0;
    assert!(!big.contains("Page 1 of"), "{big}");
}

#[test]
fn in_spanish_nothing_fixed_is_left_in_english() {
    let (store, mid) = meeting();
    for (w, h) in [(80, 24), (200, 60)] {
        let (text, wall) = draw(&store, mid, "es", w, h, AT);
        assert!(text.contains("Por qué nos reunimos") && text.contains("Agenda"), "{text}");
        assert_eq!(wall.lang.missing(), Vec::<String>::new(), "data/i18n/es.toml lacks these for the wall");
        // The team's own words are shown as typed.
        assert!(all_pages(&store, mid, "es", w, h).contains("Bus pick-up time"));
    }
}

#[test]
fn the_live_wall_follows_the_meeting_within_a_second_and_says_it_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("wall.sqlite3");
    let mid = {
        let mut s = Store::open(&db).unwrap();
        let cases = iepmeet::domain::demo::caseload(2, 1, today());
        s.load_demo(&cases, today(), |_| ()).unwrap();
        s.meetings_for(1).unwrap()[0].id
    };
    let t = common::tmux::Tmux::new("wall");
    let cmd = format!("{} --db '{}' --today 2026-11-22 wall {mid}", env!("CARGO_BIN_EXE_iepmeet"), db.display());
    assert!(t.tmux(&["new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", &cmd]).status.success());
    t.wait_for("Why we meet");
    // Showing the meeting to the room is a read of the record: one row in the record of access.
    let mut s = Store::open(&db).unwrap();
    let sid = s.student_of_meeting(mid).unwrap();
    let seen = s.access_for(sid, None).unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!((seen[0].meeting_id, seen[0].what.as_str()), (Some(mid), "meeting shown on the wall (iepmeet wall)"));
    // Another process (this test) records a decision, as the note-taker's iepmeet would.
    s.add_entry(mid, Section::Goals, &entry(EntryKind::Decision, "Agreed 4417: speech twice a week", "")).unwrap();
    let start = Instant::now();
    t.wait_for_within("Agreed 4417", Duration::from_secs(3));
    let took = start.elapsed();
    assert!(took < Duration::from_millis(1500), "the wall showed the entry after {took:?}");
    println!("wall: a recorded entry appeared after {} ms", took.as_millis());
    // The facilitator's iepmeet sees a wall in the meeting (its header says "wall open").
    let deadline = Instant::now() + Duration::from_secs(5);
    while !s.present(mid).unwrap().iter().any(|p| p.wall) {
        assert!(Instant::now() < deadline, "no presence row says a wall is open");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Closed with q: the wall is gone from the meeting.
    t.keys(&["q"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while s.present(mid).unwrap().iter().any(|p| p.wall) || t.alive() {
        assert!(Instant::now() < deadline, "the wall did not close, or left its presence behind");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Following the meeting live was not logged again and again: still the one read.
    assert_eq!(s.access_for(sid, None).unwrap().len(), 1);
}

#[test]
fn bad_wall_commands_say_what_is_wrong_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite3");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_iepmeet")).arg("--db").arg(&db).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: bad input exits 2, as every command's");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(run(&["wall", "abc"]).contains("expected a meeting number"));
    assert!(run(&["wall"]).contains("no one is working in an open meeting right now"));
    assert!(run(&["wall", "1", "--lang", "fr"]).contains("unknown language 'fr'"));
    assert!(run(&["wall", "99"]).contains("meeting 99"));
    for e in [run(&["wall", "abc"]), run(&["wall"])] {
        assert_eq!(e.trim().lines().count(), 1, "one sentence: {e}");
    }
}
