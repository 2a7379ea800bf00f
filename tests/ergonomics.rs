//! Facilitator ergonomics: each theme's rendering of the meeting screen (text and styles), the goal
//! bank, and the config file.

mod common;

use common::*;
use crossterm::event::KeyCode;
use iepmeet::domain::meeting::{AnyRecord, Block, Section};
use iepmeet::ui::app::{App, Modal, Screen};
use iepmeet::ui::theme::{Theme, BUILTIN};

/// The screen as text, then a map of which style each cell has (one letter per distinct style) and
/// the styles themselves, so a snapshot shows colours and emphasis as well as text.
fn styled_screen(a: &App, w: u16, h: u16) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| iepmeet::ui::view::render(f, a)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut styles: Vec<String> = Vec::new();
    let mut map = String::new();
    for y in 0..h {
        for x in 0..w {
            let c = &buf[(x, y)];
            let key = format!("fg={:?} bg={:?} mod={:?}", c.fg, c.bg, c.modifier);
            let i = styles.iter().position(|s| *s == key).unwrap_or_else(|| {
                styles.push(key);
                styles.len() - 1
            });
            map.push(char::from_u32('A' as u32 + i as u32).unwrap_or('?'));
        }
        map.push('\n');
    }
    let table: String = styles.iter().enumerate().map(|(i, s)| format!("{} {s}\n", char::from_u32('A' as u32 + i as u32).unwrap())).collect();
    format!("{}\n{map}\n{table}", screen(a, w, h))
}

#[test]
fn every_theme_renders_the_meeting_screen() {
    for (name, _) in BUILTIN {
        let mut store = demo_store(12);
        let mid = fill_meeting(&mut store);
        let mut a = App::new(store, Theme::load(name, false).unwrap(), today()).unwrap();
        a.open_meeting(mid, Section::Goals).unwrap();
        a.on_key(key('f'));
        insta::assert_snapshot!(format!("theme_{name}_80x24"), styled_screen(&a, 80, 24));
    }
}

#[test]
fn goal_bank_inserts_a_template_to_edit() {
    let mut store = demo_store(5);
    // (A third grader: the bank starts with oral reading fluency, whose goal has blanks.)
    let before = store.student(1).unwrap();
    store.update_student(1, &before, &iepmeet::domain::student::Student { grade: "3".into(), ..before.clone() }).unwrap();
    let mid = store.meetings_for(1).unwrap()[0].id;
    let mut a = app(store);
    a.open_meeting(mid, Section::Goals).unwrap();
    let n = a.store.load_meeting(mid).unwrap().block(Block::Goals).len();
    a.on_key(key('g'));
    assert!(screen(&a, 100, 30).contains("Goal bank"));
    a.on_key(code(KeyCode::Enter)); // the first template: oral reading fluency
    let m = a.store.load_meeting(mid).unwrap();
    assert_eq!(m.block(Block::Goals).len(), n + 1);
    let AnyRecord::Goal(g) = &m.block(Block::Goals)[n].record else { panic!() };
    assert_eq!(g.need, "Reading - decoding/fluency");
    assert!(g.annual_goal.starts_with("By November 2027") && g.annual_goal.contains("Alder"), "{}", g.annual_goal);
    // The goal opens for editing, and says it is not measurable until the blanks are filled.
    assert!(matches!(a.modals.last(), Some(Modal::Form { block: Block::Goals, .. })));
    let text = screen(&a, 100, 30);
    assert!(text.contains("Not measurable yet") && text.contains("blanks"), "{text}");
    let Screen::Meeting(ms) = &a.screen else { panic!() };
    assert!(ms.findings.iter().any(|f| f.rule == "goal-measurable-annual"));
}

#[test]
fn the_goal_bank_offers_the_templates_for_the_students_grade() {
    for (grade, offered, not_offered) in [("11", "Job-site task completion", "Naming letters"), ("Preschool", "Naming letters", "Job-site task completion")] {
        let mut store = demo_store(5);
        let before = store.student(1).unwrap();
        let mut after = before.clone();
        after.grade = grade.to_string();
        store.update_student(1, &before, &after).unwrap();
        let mid = store.meetings_for(1).unwrap()[0].id;
        let mut a = app(store);
        a.open_meeting(mid, Section::Goals).unwrap();
        a.on_key(key('g'));
        let Some(Modal::Pick { options, .. }) = a.modals.last() else { panic!("{}", screen(&a, 100, 30)) };
        assert!(options.iter().any(|o| o.contains(offered)), "grade {grade}: {options:?}");
        assert!(!options.iter().any(|o| o.contains(not_offered)), "grade {grade}: {options:?}");
        assert!(options.iter().all(|o| o.contains("(grades ")), "each template names its band: {options:?}");
        let text = screen(&a, 100, 30);
        assert!(!text.contains("(clear)"), "the goal bank chooses a template; it clears nothing:\n{text}");
        assert!(text.contains(&format!("Templates for grade {grade}:")) && text.contains("written for other grades are not shown"), "{text}");
    }
}

#[test]
fn a_broken_config_file_is_reported_and_the_defaults_used() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.toml");
    std::fs::write(&p, "theme = 'light'\npolicy = 'mars'\n").unwrap();
    let (c, warn) = iepmeet::config::load(Some(&p));
    assert_eq!(warn, None);
    let mut a = app(demo_store(3));
    a.apply_config(&c, warn);
    assert!(screen(&a, 100, 30).contains("config policy: "), "{}", screen(&a, 100, 30));
    std::fs::write(&p, "theme = 'light'\n[keys]\n'meeting.finalize' = 'Z'\nthemes = 1\n").unwrap();
    let (c, warn) = iepmeet::config::load(Some(&p));
    assert_eq!(c, iepmeet::config::Config::default());
    let w = warn.unwrap();
    assert!(w.contains("config.toml, line 4") && w.contains("using the defaults"), "{w}");
}

#[test]
fn catalogs_are_offered_as_pick_lists() {
    let mut store = demo_store(5);
    let mid = store.meetings_for(1).unwrap()[0].id;
    // A speech service line, and the assessments form, to fill from the catalogs.
    let svc = iepmeet::domain::meeting::Service { service: "Language and speech".into(), ..Default::default() };
    store.insert_item(mid, Block::Services, &AnyRecord::Service(svc)).unwrap();
    let mut a = app(store);
    a.open_meeting(mid, Section::Services).unwrap();
    let id = a.store.load_meeting(mid).unwrap().block(Block::Services).last().unwrap().id;
    a.open_editor(iepmeet::ui::app::Target::Item { block: Block::Services, id, key: "provider" });
    let Some(Modal::Pick { options, other, .. }) = a.modals.last() else { panic!() };
    assert_eq!(options[0], "Speech-language pathologist");
    assert!(*other, "another provider can be typed");
    a.on_key(code(KeyCode::Enter));
    let m = a.store.load_meeting(mid).unwrap();
    let AnyRecord::Service(s) = &m.find_item(Block::Services, id).unwrap().1.record else { panic!() };
    assert_eq!(s.provider, "Speech-language pathologist");
    // Accommodations: Ctrl-L in the text editor, tick two, Enter inserts them, Ctrl-S saves.
    a.open_editor(iepmeet::ui::app::Target::Single { block: Block::Assessments, key: "instructional_accommodations" });
    assert!(screen(&a, 100, 30).contains("Ctrl-L from the list"));
    a.on_key(ctrl('l'));
    a.on_key(key(' '));
    // Typing filters the list (fuzzy): "prefseat" leaves Preferential seating, ticked with Space.
    type_str(&mut a, "prefseat");
    let Some(Modal::Pick { options, query, sel, .. }) = a.modals.last() else { panic!() };
    let rows = iepmeet::ui::popups::pick::pick_rows(options, query, false, true);
    assert!(matches!(rows[*sel], iepmeet::ui::popups::pick::PickRow::Option(i) if options[i] == "Preferential seating"), "{}", screen(&a, 100, 30));
    assert!(screen(&a, 100, 30).contains("Filter: prefseat"), "{}", screen(&a, 100, 30));
    a.on_key(key(' '));
    a.on_key(code(KeyCode::Enter));
    a.on_key(ctrl('s'));
    let m = a.store.load_meeting(mid).unwrap();
    assert!(!m.block(Block::Assessments).is_empty(), "{}", screen(&a, 100, 30));
    let AnyRecord::Assessments(x) = &m.block(Block::Assessments)[0].record else { panic!() };
    assert_eq!(x.instructional_accommodations, "Extended time on assignments and tests; Preferential seating");
}

#[test]
fn command_palette_finds_actions_sections_and_students() {
    let store = demo_store(5);
    let mid = store.meetings_for(1).unwrap()[0].id;
    let mut a = app(store);
    a.open_meeting(mid, Section::Attendance).unwrap();
    // An action: the palette runs the key of the current screen.
    a.on_key(key(':'));
    type_str(&mut a, "finalz");
    let Some(Modal::Palette(p)) = a.modals.last() else { panic!() };
    assert!(p.items[0].label.starts_with("finalize meeting (F)"), "{:?}", p.items.first());
    insta::assert_snapshot!("palette_80x24", screen(&a, 80, 24));
    a.on_key(code(KeyCode::Enter));
    assert!(matches!(a.modals.last(), Some(Modal::Confirm { .. })), "F asks for confirmation");
    a.on_key(code(KeyCode::Esc)); // (with ERRORs open the word is typed, so n is a letter)
    // A section.
    a.on_key(ctrl('p'));
    type_str(&mut a, "section goals");
    a.on_key(code(KeyCode::Enter));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.section, Section::Goals);
    // A student, by name words or ID.
    let other = a.store.find_students("DEMO-00002", 1).unwrap()[0].clone();
    a.on_key(key(':'));
    type_str(&mut a, "DEMO-00002");
    let Some(Modal::Palette(p)) = a.modals.last() else { panic!() };
    let i = p.items.iter().position(|x| x.label.starts_with("Open student")).unwrap();
    for _ in 0..i {
        a.on_key(code(KeyCode::Down));
    }
    a.on_key(code(KeyCode::Enter));
    let Screen::Student(s) = &a.screen else { panic!("{}", screen(&a, 80, 24)) };
    assert_eq!(s.id, other.id);
    // ':' typed in the minutes is text, not the palette.
    a.open_meeting(mid, Section::Goals).unwrap();
    a.on_key(key('m'));
    type_str(&mut a, "Time: 3:15");
    assert!(a.modals.is_empty());
}

#[test]
fn keymap_round_trip_help_shows_exactly_the_bound_keys_and_remaps_work() {
    let store = demo_store(5);
    let mid = store.meetings_for(1).unwrap()[0].id;
    let mut a = app(store);
    let mut config = iepmeet::config::Config::default();
    config.keys.insert("meeting.finalize".into(), iepmeet::config::KeySpec::One("Z".into()));
    config.keys.insert("forms.down".into(), iepmeet::config::KeySpec::Many(vec!["Ctrl-N".into(), "Down".into()]));
    a.apply_config(&config, None);
    a.open_meeting(mid, Section::Attendance).unwrap();
    a.on_key(code(KeyCode::Right)); // from the agenda... (Right works in the agenda pane)
    // The help overlay lists exactly the bindings of this context, as remapped.
    a.on_key(key('?'));
    let lines = iepmeet::ui::widgets::help::lines_for(&a);
    assert_eq!(lines, a.keymap.help(a.key_context()));
    assert!(lines.iter().any(|(k, w)| k == "Z" && w == "finalize meeting"), "{lines:?}");
    assert!(lines.iter().any(|(k, w)| k == "Ctrl-N/↓" && w == "move down"), "{lines:?}");
    assert!(!lines.iter().any(|(k, _)| k == "F"), "F is no longer bound");
    let text = screen(&a, 120, 60);
    for (k, w) in lines.iter().take(12) {
        assert!(text.contains(k.as_str()) && text.contains(w.as_str()), "help overlay lacks {k} {w}:\n{text}");
    }
    a.on_key(key('x')); // closes the help
    // F does nothing now (and says so); Z finalizes.
    a.on_key(key('F'));
    assert!(a.modals.is_empty());
    assert!(screen(&a, 100, 30).contains("bound to another key"));
    a.on_key(key('Z'));
    assert!(matches!(a.modals.last(), Some(Modal::Confirm { .. })));
    a.on_key(code(KeyCode::Esc));
    // Ctrl-N moves down; j no longer does; ↓ still does.
    let Screen::Meeting(m) = &a.screen else { panic!() };
    let row = m.row;
    a.on_key(ctrl('n'));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert!(m.row > row);
    let row = m.row;
    a.on_key(key('j'));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.row, row);
    // Typing is never remapped: Z in the minutes is a letter.
    a.on_key(key('m'));
    type_str(&mut a, "Zebra");
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.minutes_text(), "Zebra");
}

#[test]
fn first_run_tour_is_shown_once_and_can_be_skipped_or_turned_off() {
    let mut a = app(demo_store(3));
    a.start_tour_if_new(false);
    assert!(a.modals.is_empty(), "tour = false in config.toml");
    a.start_tour_if_new(true);
    assert!(matches!(a.modals.last(), Some(Modal::Tour { step: 0 })));
    insta::assert_snapshot!("tour_80x24", screen(&a, 80, 24));
    a.on_key(code(KeyCode::Enter));
    assert!(matches!(a.modals.last(), Some(Modal::Tour { step: 1 })));
    a.on_key(code(KeyCode::Left));
    assert!(matches!(a.modals.last(), Some(Modal::Tour { step: 0 })));
    a.on_key(code(KeyCode::Esc));
    assert!(a.modals.is_empty());
    a.start_tour_if_new(true);
    assert!(a.modals.is_empty(), "seen once, not again");
}

/// The transition plan's strengths start from what the present levels recorded (issue 17: they
/// were typed twice). The carried text is a draft: the field stays empty until it is saved.
#[test]
fn transition_strengths_start_from_the_present_levels_and_stay_a_draft() {
    let mut store = demo_store(3);
    let mid = fill_meeting(&mut store);
    let mut a = app(store);
    a.open_meeting(mid, Section::Transition).unwrap();
    let Screen::Meeting(m) = &mut a.screen else { panic!("meeting open") };
    for (block, set) in [(Block::PresentSummary, ("strengths", "Loves maps and trains; explains routes to classmates.")), (Block::TransitionPlan, ("student_preferences", ""))] {
        let item = &mut m.meeting.block_mut(block)[0];
        item.record.as_record_mut().set(set.0, set.1, &cx()).unwrap();
    }
    a.open_editor(iepmeet::ui::app::Target::Single { block: Block::TransitionPlan, key: "student_preferences" });
    let Some(Modal::Edit { area, original, .. }) = a.modals.last() else { panic!("an editor opened") };
    assert_eq!(area.lines().join("\n"), "Loves maps and trains; explains routes to classmates.");
    assert_eq!(original, "", "the value is still empty: the carried text is only a draft");
    // Esc: nothing was saved.
    a.on_key(code(KeyCode::Esc));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    let AnyRecord::TransitionPlan(t) = &m.meeting.block(Block::TransitionPlan)[0].record else { panic!() };
    assert_eq!(t.student_preferences, "");
}

#[test]
fn help_pages_at_80x24_show_every_binding_of_the_context() {
    let store = demo_store(5);
    let mid = store.meetings_for(1).unwrap()[0].id;
    let mut a = app(store);
    a.open_meeting(mid, Section::Attendance).unwrap();
    a.on_key(key('?'));
    let lines = iepmeet::ui::widgets::help::lines_for(&a);
    let first = screen(&a, 80, 24);
    let pages: usize = if first.contains("Page 1 of ") {
        first.split("Page 1 of ").nth(1).unwrap().chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse().unwrap()
    } else {
        1
    };
    let mut all = String::new();
    for p in 0..pages {
        let s = screen(&a, 80, 24);
        if pages > 1 {
            assert!(s.contains(&format!("Page {} of {pages}", p + 1)), "{s}");
        }
        all.push_str(&s);
        a.on_key(key(' '));
        assert!(a.help, "Space turns the page, it does not close the help");
    }
    for (k, what) in &lines {
        let start: String = what.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        assert!(all.contains(k.as_str()) && all.contains(&start), "{k} {what} is on no page:\n{all}");
    }
    a.on_key(key('x'));
    assert!(!a.help, "any other key closes it");
}
