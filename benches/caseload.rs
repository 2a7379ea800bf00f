//! `cargo bench --bench caseload`: the caseload dashboard on 100,000 students.
//! - first frame: open the database, load the most urgent caseload lines, draw 80x24
//!   (target: under 100 ms; the rest loads in the background: `whole_caseload_loaded`);
//! - fuzzy search per keystroke over all 100,000 students (target: under 10 ms);
//! - opening a student from the dashboard: Enter, its record read, its row in the record of
//!   access written, the student's screen drawn (issue 19: not visibly slower than before the
//!   record of access), and that access row alone (`log_access`), to see what it adds.
//!
//! The 100,000-student database is generated once (about 4 s) in a temporary directory.

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use iepmeet::domain::access::View;
use iepmeet::domain::demo;
use iepmeet::store::Store;
use iepmeet::ui::app::{App, ScreenKind};
use iepmeet::ui::components::caseload::CaseloadState;
use iepmeet::ui::theme::Theme;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.load_demo(&demo::caseload(100_000, 1, today()), today(), |_| ()).unwrap();
    }
    // IEPMEET_BENCH_ENCRYPTED=1: the same on an encrypted database (SQLCipher), to compare, with a
    // passphrase; =raw: with a raw 256-bit key (no key derivation).
    let encrypted = std::env::var_os("IEPMEET_BENCH_ENCRYPTED").is_some();
    if encrypted {
        let key = match std::env::var("IEPMEET_BENCH_ENCRYPTED").as_deref() {
            Ok("raw") => format!("x'{}'", "3c".repeat(32)),
            _ => "bench passphrase".to_string(),
        };
        iepmeet::store::convert::convert(&path, None, Some(&key)).unwrap();
        iepmeet::store::key::set_session_key(Some(key));
    }
    let mut g = c.benchmark_group(if encrypted { "caseload_100k_encrypted" } else { "caseload_100k" });
    g.sample_size(20);
    g.bench_function("first_frame", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                let start = std::time::Instant::now();
                let store = Store::open(&path).unwrap();
                let mut app = App::new(store, Theme::load("default", false).unwrap(), today()).unwrap();
                let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
                term.draw(|f| iepmeet::ui::view::render(f, &app)).unwrap();
                black_box(term.backend().buffer().area);
                total += start.elapsed();
                // The rest of the caseload loads in the background; let it finish outside the timing.
                app.wait_caseload();
            }
            total
        })
    });
    g.bench_function("whole_caseload_loaded", |b| {
        b.iter(|| {
            let store = Store::open(&path).unwrap();
            let mut app = App::new(store, Theme::load("default", false).unwrap(), today()).unwrap();
            app.wait_caseload();
            black_box(app.width);
        })
    });
    // One app for every round (a second would resume on the student the first left open).
    let mut app = App::new(Store::open(&path).unwrap(), Theme::load("default", false).unwrap(), today()).unwrap();
    app.wait_caseload();
    assert!(matches!(app.kind(), ScreenKind::Caseload) && app.modals.is_empty(), "the app starts on the dashboard");
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    g.bench_function("open_student", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for _ in 0..iters {
                let start = std::time::Instant::now();
                app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
                term.draw(|f| iepmeet::ui::view::render(f, &app)).unwrap();
                total += start.elapsed();
                assert!(matches!(app.kind(), ScreenKind::Student), "Enter on the dashboard opens the student");
                // Back to the dashboard (on the same student) outside the timing.
                app.go_caseload().unwrap();
                app.wait_caseload();
            }
            total
        })
    });
    g.bench_function("access_row", |b| {
        let mut store = Store::open(&path).unwrap();
        b.iter(|| store.log_access(&[4711], None, &View::Student, None).unwrap())
    });
    let rows = Store::open(&path).unwrap().caseload().unwrap();
    let mut state = CaseloadState::new(rows, today());
    // Typing "quilljun" one key at a time: each keystroke re-matches all 100,000 students.
    let word = "quilljun";
    g.sample_size(50);
    g.bench_function("fuzzy_keystroke", |b| {
        let mut n = 0;
        b.iter(|| {
            n = n % word.len() + 1;
            state.filter = word[..n].to_string();
            state.refilter();
            black_box(state.shown.len());
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
