//! Shared test fixtures: fixed dates, a filled-in meeting, key helpers, buffer-to-text.
#![allow(dead_code)]

pub mod tmux;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use iepmeet::domain::demo;
use iepmeet::domain::fields::{Cx, Kind};
use iepmeet::domain::meeting::{AnyRecord, Block, Section};
use iepmeet::domain::refdata::RefData;
use iepmeet::store::Store;
use iepmeet::ui::app::App;
use iepmeet::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

pub fn cx() -> Cx {
    Cx { today: today(), now: None }
}

/// A sample value for a field of the given kind, valid for `Record::set`.
pub fn sample(kind: Kind, key: &str, refdata: &RefData) -> String {
    match kind {
        Kind::Text => format!("Sample {key}"),
        Kind::Long => format!("First line of {key}\nsecond line"),
        Kind::Lines => "Objective one\nObjective two".into(),
        Kind::Date => "2026-11-20".into(),
        Kind::Dob => "2012-02-29".into(),
        Kind::Time => "09:30".into(),
        Kind::Minutes => "30".into(),
        Kind::Count => "2".into(),
        Kind::Percent => "80".into(),
        Kind::YesNo => "yes".into(),
        Kind::Choice("@attendees" | "@team") => "Pat Sample-Attendee".into(),
        Kind::Choice(src) if src.starts_with('@') => "Goal 1: reading".into(),
        // The eligibility category whose form the sample criteria and evidence below come from.
        Kind::Choice("disabilities") if key == "category" => "Autism".into(),
        Kind::Choice(src) => refdata.list(src)[0].clone(),
        Kind::Multi("@attendees") => "Pat Sample-Attendee".into(),
        Kind::Multi("@criteria") => "AUT 1. Affects verbal/nonverbal communication, social skills".into(),
        Kind::Multi("@evidence") => "School psychologist's report (or autism-trained assessor)".into(),
        Kind::Multi(src) => format!("{}; {}", refdata.list(src)[0], refdata.list(src)[1]),
    }
}

/// Fill every field of a record with a sample value.
pub fn filled(block: Block) -> AnyRecord {
    let refdata = RefData::builtin();
    let mut r = block.new_record();
    let specs = r.as_record().specs();
    for s in specs {
        let v = sample(s.kind, s.key, &refdata);
        r.as_record_mut().set(s.key, &v, &cx()).unwrap_or_else(|e| panic!("{}: {e}", s.key));
        assert!(!r.as_record().get(s.key).is_empty(), "{} stays empty", s.key);
    }
    r
}

/// Every write of the test process is stamped 2026-11-22 17:30 UTC, shown in UTC, so screens and
/// exports come out the same on every run and machine.
pub fn fixed_clock() {
    std::env::set_var("TZ", "UTC");
    iepmeet::store::fix_clock("2026-11-22T17:30:00.000Z");
}

pub fn demo_store(n: usize) -> Store {
    fixed_clock();
    let mut store = Store::open_in_memory().unwrap();
    store.load_demo(&demo::caseload(n, 1, today()), today(), |_| ()).unwrap();
    store.set_state("welcomed", "demo").unwrap();
    store
}

/// Put a filled-in version of every block into the demo's open meeting; returns its id.
pub fn fill_meeting(store: &mut Store) -> i64 {
    let sid = store.list_students().unwrap().into_iter().find(|(_, s)| s.local_id == "DEMO-00001").unwrap().0;
    let mid = store.meetings_for(sid).unwrap()[0].id;
    let m = store.load_meeting(mid).unwrap();
    let details = m.block(Block::Details)[0].clone();
    store.update_item(mid, Block::Details, &details, &filled(Block::Details)).unwrap();
    for b in Block::ALL {
        if b == Block::Details {
            continue;
        }
        store.insert_item(mid, b, &filled(b)).unwrap();
    }
    for s in Section::ALL {
        let e = iepmeet::domain::minutes::NewEntry { text: format!("Minutes of {} — note one.\nSecond line.", s.label()), ..Default::default() };
        store.add_entry(mid, s, &e).unwrap();
    }
    store.set_section_done(mid, Section::Attendance, true).unwrap();
    store.set_section_done(mid, Section::Excusals, true).unwrap();
    mid
}

pub fn app(store: Store) -> App {
    App::new(store, Theme::load("default", false).unwrap(), today()).unwrap()
}

pub fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

pub fn code(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Answer the finalize question: `y`, or — with ERRORs open — the typed word and Enter.
#[allow(dead_code)]
pub fn confirm_finalize(a: &mut App) {
    if matches!(a.modals.last(), Some(iepmeet::ui::app::Modal::Confirm { typed: Some(_), .. })) {
        type_str(a, "finalize\n");
    } else {
        a.on_key(key('y'));
    }
}

pub fn type_str(app: &mut App, s: &str) {
    for c in s.chars() {
        if c == '\n' {
            app.on_key(code(KeyCode::Enter));
        } else {
            app.on_key(key(c));
        }
    }
}

/// Render the app into a text grid of `w` x `h`.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| iepmeet::ui::view::render(f, app)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A database file with a three-student demo caseload, as several terminals would share it.
pub fn shared_demo_db() -> (tempfile::TempDir, std::path::PathBuf) {
    fixed_clock();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.sqlite3");
    let mut s = Store::open(&db).unwrap();
    s.load_demo(&iepmeet::domain::demo::caseload(3, 1, today()), today(), |_| ()).unwrap();
    s.set_state("welcomed", "demo").unwrap();
    (dir, db)
}

/// The text of a PDF as poppler's `pdftotext` reads it (one string per page, layout kept): what a
/// reader's viewer and a district's document system see. CI installs poppler-utils (`.ci/run`).
#[allow(dead_code)]
pub fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(&f).arg("-").output().expect("pdftotext (poppler-utils) is needed to read PDFs back");
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().split('\u{c}').filter(|p| !p.trim().is_empty()).map(String::from).collect()
}
