//! Screens rendered with ratatui's TestBackend and compared with reviewed snapshots
//! (`tests/snapshots/`), at the minimum supported size (80x24) and a large one (140x40).

mod common;

use common::*;
use crossterm::event::KeyCode;
use iepmeet::domain::meeting::Section;
use iepmeet::store::Store;
use iepmeet::ui::app::Screen;

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 40)];

fn meeting_app() -> iepmeet::ui::app::App {
    let mut store = demo_store(12);
    let mid = fill_meeting(&mut store);
    let mut a = app(store);
    a.open_meeting(mid, Section::Attendance).unwrap();
    a
}

#[test]
fn welcome_on_empty_database() {
    let a = app(Store::open_in_memory().unwrap());
    assert!(matches!(a.screen, Screen::Welcome { .. }));
    insta::assert_snapshot!("welcome_80x24", screen(&a, 80, 24));
}

#[test]
fn caseload() {
    let a = app(demo_store(40));
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("caseload_{w}x{h}"), screen(&a, w, h));
    }
}

#[test]
fn caseload_search() {
    let mut a = app(demo_store(40));
    a.on_key(key('/'));
    type_str(&mut a, "marble");
    let s = screen(&a, 80, 24);
    assert!(s.contains("Search (name or ID): marble"));
    insta::assert_snapshot!("caseload_search_80x24", s);
}

#[test]
fn student_screen() {
    let mut a = app(demo_store(12));
    a.on_key(key('/'));
    type_str(&mut a, "DEMO-00001");
    a.on_key(code(KeyCode::Enter));
    a.on_key(code(KeyCode::Enter));
    assert!(matches!(a.screen, Screen::Student(_)));
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("student_{w}x{h}"), screen(&a, w, h));
    }
}

#[test]
fn every_section_at_both_sizes() {
    let mut a = meeting_app();
    for (i, s) in Section::ALL.iter().enumerate() {
        a.on_key(key((b'1' + i as u8) as char));
        for (w, h) in SIZES {
            let text = screen(&a, w, h);
            assert!(text.contains(s.label()), "{text}");
            assert!(text.contains(&format!("Minutes of {}", s.label())), "minutes of {} shown:\n{text}", s.label());
            insta::assert_snapshot!(format!("section_{}_{w}x{h}", s.code()), text);
        }
    }
}

#[test]
fn item_form_and_editor() {
    let mut a = meeting_app();
    a.on_key(key('4')); // goals
    let first = |m: &iepmeet::ui::app::MeetingState| m.meeting.block(iepmeet::domain::meeting::Block::Goals)[0].id;
    while !matches!(&a.screen, Screen::Meeting(m) if m.current_row() == Some(iepmeet::ui::app::Row::Item(iepmeet::domain::meeting::Block::Goals, first(m)))) {
        a.on_key(key('j'));
    }
    a.on_key(code(KeyCode::Enter)); // open the form of goal 1
    let goal1 = match &a.screen { Screen::Meeting(m) => first(m), _ => panic!() };
    assert!(matches!(a.modals.last(), Some(iepmeet::ui::app::Modal::Form { id, fresh: false, .. }) if *id == goal1));
    insta::assert_snapshot!("goal_form_80x24", screen(&a, 80, 24));
    a.on_key(code(KeyCode::Enter)); // area picker
    insta::assert_snapshot!("goal_area_picker_80x24", screen(&a, 80, 24));
}

#[test]
fn help_overlay_lists_screen_keys() {
    let mut a = meeting_app();
    a.on_key(key('?'));
    let s = screen(&a, 80, 24);
    assert!(s.contains("Help — keys"));
    assert!(s.contains("add item to list"));
    insta::assert_snapshot!("help_meeting_80x24", s);
    a.on_key(key('x')); // any key closes help, and does nothing else
    assert!(!screen(&a, 80, 24).contains("Help — keys"));
}

#[test]
fn too_small_terminal_says_so() {
    let a = meeting_app();
    let s = screen(&a, 60, 20);
    assert!(s.contains("Terminal too small"), "{s}");
}

#[test]
fn no_color_theme_has_no_colours() {
    let mut store = demo_store(12);
    let mid = fill_meeting(&mut store);
    let mut a = iepmeet::ui::app::App::new(store, iepmeet::ui::theme::Theme::monochrome(), today()).unwrap();
    a.open_meeting(mid, Section::Attendance).unwrap();
    a.on_key(key('m')); // focus the minutes editor too
    a.on_key(key('a'));
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    term.draw(|f| iepmeet::ui::view::render(f, &a)).unwrap();
    let buf = term.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
}

#[test]
fn escape_sequences_in_data_never_reach_the_screen() {
    let mut store = demo_store(3);
    let (id, mut s) = store.list_students().unwrap().remove(0);
    let before = s.clone();
    s.first_name = "Evil\u{1b}]0;title\u{7}\u{1b}[2J".into(); // written raw, as a hostile import might
    store.update_student(id, &before, &s).unwrap();
    let a = app(store);
    let text = screen(&a, 100, 30);
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    assert!(text.contains("Evil?]0;tit"), "{text}");
}

/// A message longer than the status line takes the lines it needs: every word is on screen at 80x24.
#[test]
fn a_long_message_is_not_cut() {
    let mut a = meeting_app();
    let long = "This meeting was finalized while your text in its minutes was not recorded: it is kept here as an amendment (Ctrl-S to go on, Esc keeps it for later).";
    a.message = Some((iepmeet::ui::app::MsgKind::Info, long.to_string()));
    let s = screen(&a, 80, 24);
    let bottom: String = s.lines().rev().take(3).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join(" ");
    let words: String = bottom.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("it is kept here as an amendment (Ctrl-S to go on, Esc keeps it for later)."), "{s}");
}

#[test]
fn the_field_under_the_cursor_is_shown_whole() {
    let mut a = meeting_app();
    // Find the row of the meeting form's "IEP in effect until" field and put the cursor there.
    let Screen::Meeting(m) = &mut a.screen else { panic!("meeting open") };
    let row = m.rows().iter().position(|r| matches!(r, iepmeet::ui::app::Row::Field(_, "iep_end"))).expect("the field is on the form");
    m.row = row;
    m.pane = iepmeet::ui::app::Pane::Main;
    for w in [80, 100] {
        let s = screen(&a, w, 24);
        let joined: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(joined.contains("IEP in effect until (next") && joined.contains("annual review by)"), "{w} columns:\n{s}");
        assert!(!s.lines().any(|l| l.contains("IEP in effect until") && l.contains('…')), "not cut at {w}:\n{s}");
    }
}

/// A long title never pushes who else is here, the timer or the date off the header (issue 17):
/// they go on a second header line.
#[test]
fn the_header_keeps_presence_and_the_date_when_the_title_is_long() {
    let mut a = meeting_app();
    let Screen::Meeting(m) = &mut a.screen else { panic!("meeting open") };
    m.student.last_name = "Featherstonehaugh-Montgomery".into();
    m.student.first_name = "Bartholomew Alexander".into();
    m.others = vec![iepmeet::store::Present { actor: "r.demo-alvarez".into(), section: Some(Section::PresentLevels), wall: false }];
    for w in [80, 100] {
        let s = screen(&a, w, 24);
        let top: String = s.lines().take(3).collect::<Vec<_>>().join("\n");
        assert!(top.contains("Featherstonehaugh-Montgomery"), "{w}:\n{top}");
        assert!(top.contains("also here: r.demo-alvarez (Present levels)"), "presence stays at {w}:\n{top}");
        assert!(top.contains("2026-11-22"), "the date stays at {w}:\n{top}");
    }
}

/// A wall showing the meeting to the room (`iepmeet wall`) is said in the header, apart from the
/// people in the meeting (issue 18).
#[test]
fn the_header_says_a_wall_is_open() {
    let mut a = meeting_app();
    let Screen::Meeting(m) = &mut a.screen else { panic!("meeting open") };
    m.others = vec![iepmeet::store::Present { actor: "f.demo".into(), section: None, wall: true }];
    let top: String = screen(&a, 80, 24).lines().take(2).collect::<Vec<_>>().join("\n");
    assert!(top.contains("wall open") && !top.contains("also here"), "{top}");
    let Screen::Meeting(m) = &mut a.screen else { panic!() };
    m.others.push(iepmeet::store::Present { actor: "r.demo-alvarez".into(), section: Some(Section::Goals), wall: false });
    let top: String = screen(&a, 100, 24).lines().take(2).collect::<Vec<_>>().join("\n");
    assert!(top.contains("wall open") && top.contains("also here: r.demo-alvarez (Goals)") && !top.contains("f.demo"), "{top}");
}

/// The help overlay at 80x24 shows every key's description whole (issue 17: it was cut with "…").
#[test]
fn the_help_at_80x24_cuts_no_description() {
    let mut a = meeting_app();
    for pane in [iepmeet::ui::app::Pane::Main, iepmeet::ui::app::Pane::Minutes] {
        if let Screen::Meeting(m) = &mut a.screen {
            m.pane = pane;
        }
        a.help = true;
        // Every page of it (Space turns the page when the context has more keys than fit).
        let mut s = String::new();
        for p in 0..4 {
            a.help_page = p;
            s.push_str(&screen(&a, 80, 24));
        }
        a.help_page = 0;
        let words: std::collections::HashSet<&str> = s.split(|c: char| c.is_whitespace() || c == '│').collect();
        for (key, what) in iepmeet::ui::widgets::help::lines_for(&a) {
            assert!(words.contains(key.as_str()) || s.contains(&key), "the key {key} is shown whole:\n{s}");
            for w in what.split_whitespace() {
                assert!(words.contains(w), "{key}: '{w}' of '{what}' is on screen:\n{s}");
            }
        }
        assert!(s.contains("Any key closes this help") || s.contains("Space or PgDn for the next"), "{s}");
    }
}

/// A finalized record's field changed by an amendment carries a mark, and when selected shows the
/// amendment's date and value (issue 17: amended fields carried no mark).
#[test]
fn an_amended_field_says_so() {
    let store = demo_store(3);
    let (sid, mid) = store
        .list_students()
        .unwrap()
        .into_iter()
        .find_map(|(sid, _)| {
            let m = store.meetings_for(sid).unwrap().into_iter().find(|m| m.status == iepmeet::domain::meeting::MeetingStatus::Finalized)?;
            Some((sid, m.id))
        })
        .expect("the demo has a finalized meeting with an amendment");
    assert!(sid > 0);
    let mut a = app(store);
    a.open_meeting(mid, Section::Attendance).unwrap();
    let Screen::Meeting(m) = &mut a.screen else { panic!("meeting open") };
    let row = m.rows().iter().position(|r| matches!(r, iepmeet::ui::app::Row::Field(_, "location"))).expect("location is on the form");
    let s = screen(&a, 100, 30);
    assert!(s.lines().any(|l| l.contains("Location") && l.contains("✎ amended")), "the mark:\n{s}");
    if let Screen::Meeting(m) = &mut a.screen {
        m.row = row;
    }
    let s = screen(&a, 100, 30);
    // The demo's amendment moved the meeting to the library, three days after it was held.
    let lines: Vec<&str> = s.lines().collect();
    let at = lines.iter().position(|l| l.contains("amended 2026-03-18: Demo Elementary,")).unwrap_or_else(|| panic!("the amendment, when selected:\n{s}"));
    assert!(lines[at + 1].contains("library"), "its value, wrapped:\n{s}");
}
