//! Bytes sent to the terminal for one character typed in the minutes editor, measured through the
//! same path as the real terminal (ratatui's crossterm backend into `FrameWriter`, synchronized-output
//! markers included). Target: at most 64 bytes. `cargo bench --bench keystroke` prints the figures and
//! fails when the target is missed.
#![allow(clippy::disallowed_macros)] // the test's own report, not program output

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use iepmeet::domain::demo;
use iepmeet::domain::meeting::Section;
use iepmeet::store::Store;
use iepmeet::ui::app::App;
use iepmeet::ui::theme::Theme;
use iepmeet::ui::FrameWriter;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

const TARGET: usize = 64;

fn main() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    store.load_demo(&demo::caseload(5, 1, today), today, |_| ()).unwrap();
    store.set_state("welcomed", "demo").unwrap();
    let mid = store.meetings_for(1).unwrap()[0].id;
    let mut app = App::new(store, Theme::load("default", false).unwrap(), today).unwrap();
    app.open_meeting(mid, Section::Goals).unwrap();
    for (w, h) in [(80u16, 24u16), (120, 40), (200, 60)] {
        app.width = w;
        let backend = CrosstermBackend::new(FrameWriter::new(Vec::<u8>::new()));
        let mut term = Terminal::with_options(backend, ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h)) }).unwrap();
        app.on_key(KeyEvent::new(KeyCode::Char('m'), KeyModifiers::NONE));
        let frame = |app: &App, term: &mut Terminal<CrosstermBackend<FrameWriter<Vec<u8>>>>| {
            let before = term.backend().writer().inner().len();
            term.draw(|f| iepmeet::ui::view::render(f, app)).unwrap();
            term.backend_mut().writer_mut().commit().unwrap();
            term.backend().writer().inner().len() - before
        };
        let first = frame(&app, &mut term);
        // The first character changes the "new entry" line to what Enter will record; count the rest.
        app.on_key(KeyEvent::new(KeyCode::Char('T'), KeyModifiers::NONE));
        let second = frame(&app, &mut term);
        let mut sizes = Vec::new();
        for c in "he parent agreed with the reading goal".chars() {
            app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            sizes.push(frame(&app, &mut term));
        }
        if std::env::var_os("SHOW_BYTES").is_some() {
            let buf = term.backend().writer().inner();
            let last = *sizes.last().unwrap();
            println!("{:?}", String::from_utf8_lossy(&buf[buf.len() - last..]));
        }
        let max = *sizes.iter().max().unwrap();
        let mean = sizes.iter().sum::<usize>() as f64 / sizes.len() as f64;
        println!("{w}x{h}: first frame {first} bytes; first character {second} bytes; then per character mean {mean:.1}, max {max} bytes (target ≤ {TARGET})");
        assert!(max <= TARGET, "{w}x{h}: {max} bytes for one typed character (target {TARGET})");
        // Clear the composer for the next size.
        for _ in 0..60 {
            app.on_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        }
        app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    }
}
