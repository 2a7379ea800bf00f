//! Nothing a person must read is cut: every field label of every section and of every item form,
//! at 80x24 and 100x30, is on screen whole when its row is selected; so is a 500-character minutes
//! entry and the item summary under the cursor.

mod common;

use common::*;
use crossterm::event::KeyCode;
use iepmeet::domain::meeting::Section;
use iepmeet::ui::app::{App, Modal, Row, Screen};

/// Every word of `text` is on `screen` (a label cut with "…" loses its last words).
fn whole(screen: &str, text: &str) -> Result<(), String> {
    // (A long word may wrap after a slash or hyphen: its parts are checked.)
    for w in text.split(|c: char| c.is_whitespace() || c == '/' || c == '-') {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        if !screen.contains(w) {
            return Err(format!("{w:?} of {text:?} is not on screen"));
        }
    }
    Ok(())
}

fn meeting_app() -> (App, i64) {
    let mut store = demo_store(3);
    let mid = fill_meeting(&mut store);
    let mut a = app(store);
    a.open_meeting(mid, Section::Attendance).unwrap();
    a.run_pending();
    // Every field, not only those that apply to this student: each label is checked.
    a.on_key(code(KeyCode::Char('2')));
    a.on_key(code(KeyCode::Char('*')));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert!(m.all_fields, "* shows every field");
    (a, mid)
}

/// Open section `s` (its digit, as a user would) and give its rows.
fn go_to(a: &mut App, s: Section) -> Vec<Row> {
    a.on_key(code(KeyCode::Char(char::from(b'1' + s.index() as u8))));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    m.rows()
}

fn select_row(a: &mut App, i: usize) {
    if let Screen::Meeting(m) = &mut a.screen {
        m.row = i;
    }
}

#[test]
fn every_label_of_every_section_is_whole_at_80x24_and_100x30() {
    for (w, h) in [(80, 24), (100, 30)] {
        let (mut a, _) = meeting_app();
        for s in Section::ALL {
            for (i, r) in go_to(&mut a, s).iter().enumerate() {
                let Row::Field(b, key) = r else { continue };
                select_row(&mut a, i);
                let label = b.new_record().as_record().spec(key).unwrap().label;
                let text = screen(&a, w, h);
                if let Err(e) = whole(&text, label) {
                    panic!("{w}x{h} {}: {e}\n{text}", s.label());
                }
            }
        }
    }
}

#[test]
fn every_label_of_every_item_form_is_whole_and_the_selected_item_summary_too() {
    for (w, h) in [(80, 24), (100, 30)] {
        let (mut a, _) = meeting_app();
        for s in Section::ALL {
            for (i, r) in go_to(&mut a, s).into_iter().enumerate() {
                let Row::Item(block, id) = r else { continue };
                select_row(&mut a, i);
                let summary = {
                    let Screen::Meeting(m) = &a.screen else { panic!() };
                    m.meeting.find_item(block, id).unwrap().1.record.summary()
                };
                let text = screen(&a, w, h);
                if let Err(e) = whole(&text, &iepmeet::domain::text::display(&summary)) {
                    panic!("{w}x{h} item summary: {e}\n{text}");
                }
                let specs = block.new_record().as_record().specs();
                for spec in specs {
                    a.modals.clear();
                    a.modals.push(Modal::Form { block, id, field: spec.key, fresh: false });
                    let text = screen(&a, w, h);
                    if let Err(e) = whole(&text, spec.label) {
                        panic!("{w}x{h} {} form: {e}\n{text}", block.noun());
                    }
                }
                a.modals.clear();
            }
        }
    }
}

#[test]
fn a_500_character_entry_is_shown_whole_in_the_minutes() {
    let words = ["parent", "shared", "that", "reading", "at", "home", "goes", "better", "with", "shorter", "passages", "and"];
    let mut entry = String::new();
    let mut i = 0;
    while entry.chars().count() < 500 {
        entry.push_str(words[i % words.len()]);
        entry.push_str(&format!("{i} "));
        i += 1;
    }
    let entry = entry.trim_end().to_string();
    for (w, h) in [(80, 24), (100, 30)] {
        let (mut a, mid) = meeting_app();
        a.on_key(code(KeyCode::Char('2')));
        a.on_key(code(KeyCode::Char('m')));
        type_str(&mut a, &entry);
        a.on_key(code(KeyCode::Enter));
        let stored = a.store.load_meeting(mid).unwrap().entries.into_iter().find(|e| e.text == entry);
        assert!(stored.is_some(), "stored exactly as typed");
        // Wrapped whole, and read whole by scrolling back (PgUp) where the pane is shorter.
        let mut seen = screen(&a, w, h);
        for _ in 0..10 {
            a.on_key(code(KeyCode::PageUp));
            seen.push_str(&screen(&a, w, h));
        }
        if let Err(e) = whole(&seen, &entry) {
            panic!("{w}x{h}: {e}\n{seen}");
        }
        assert!(!seen.contains('…'), "no entry line is cut:\n{seen}");
    }
}

/// Rows not under the cursor are whole too as far as the pane has room: a list of goals is read
/// without moving onto each. Where there is no room, the row under the cursor is still whole.
#[test]
fn rows_not_under_the_cursor_are_whole_when_the_pane_has_room() {
    use iepmeet::domain::meeting::{AnyRecord, Block, Goal};
    let mut store = demo_store(3);
    let mid = fill_meeting(&mut store);
    let long = |n: u32| Goal {
        area: "Communication".into(),
        annual_goal: format!("By November 2027, in structured classroom activities, the student will use complete sentences of {n} or more words in 80% of opportunities across 3 consecutive sessions, as measured by SLP data collection."),
        ..Default::default()
    };
    store.insert_items(mid, Block::Goals, &[AnyRecord::Goal(long(5)), AnyRecord::Goal(long(6))]).unwrap();
    let mut a = app(store);
    a.open_meeting(mid, Section::Goals).unwrap();
    a.run_pending();
    let summaries: Vec<String> = {
        let Screen::Meeting(m) = &a.screen else { panic!() };
        m.meeting.block(iepmeet::domain::meeting::Block::Goals).iter().map(|i| iepmeet::domain::text::display(&i.record.summary())).collect()
    };
    assert!(!summaries.is_empty() && summaries.iter().any(|s| s.chars().count() > 60), "a goal long enough to wrap: {summaries:?}");
    // The cursor on the first row (a field), every goal whole on a tall screen.
    select_row(&mut a, 1);
    // (110 columns: the findings stay out of the way, in their own pane toggled by f.)
    let text = screen(&a, 110, 60);
    for s in &summaries {
        if let Err(e) = whole(&text, s) {
            panic!("110x60, goal not under the cursor: {e}\n{text}");
        }
    }
    let main: String = text.lines().map(|l| l.chars().skip(27).collect::<String>() + "\n").collect();
    assert!(!main.contains('…'), "nothing cut in the forms pane when everything fits:\n{text}");
    // A screen too short for all of them whole: the goal under the cursor whole, the rest one line.
    let rows = go_to(&mut a, Section::Goals);
    let goal = rows.iter().position(|r| matches!(r, Row::Item(..))).unwrap();
    select_row(&mut a, goal);
    let text = screen(&a, 80, 24);
    if let Err(e) = whole(&text, &summaries[0]) {
        panic!("80x24, the goal under the cursor: {e}\n{text}");
    }
}

/// The finding under the cursor is read whole — what is missing, what the law requires and the
/// citation — at 80x24, for every finding of a meeting with many.
#[test]
fn every_finding_is_read_whole_at_80x24() {
    let (mut a, _) = meeting_app();
    let n = {
        let Screen::Meeting(m) = &mut a.screen else { panic!() };
        m.pane = iepmeet::ui::app::Pane::Findings;
        m.findings.len()
    };
    assert!(n > 20, "a meeting with many findings ({n})");
    a.show_findings = true;
    for i in 0..n {
        let text = {
            let Screen::Meeting(m) = &mut a.screen else { panic!() };
            m.finding_sel = i;
            let x = &m.findings[i];
            format!("{} — {} {}", x.detail, x.message, x.cite)
        };
        let s = screen(&a, 80, 24);
        if let Err(e) = whole(&s, &iepmeet::domain::text::display(&text)) {
            panic!("finding {i}: {e}\n{s}");
        }
    }
}
