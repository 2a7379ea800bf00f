//! The terminal UI: `app` (state + update), `view` (pure rendering), `screens`, `widgets`, `keys`,
//! `theme`, and here the loop that owns the terminal.

pub mod app;
pub mod caseload;
pub mod keys;
pub mod live;
pub mod minutes;
pub mod screens;
pub mod theme;
pub mod view;
pub mod widgets;

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use app::App;

fn restore_terminal() {
    let _ = terminal::disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, crossterm::cursor::Show);
    let _ = out.flush();
}

/// Run the TUI until the user quits or the process is told to stop (SIGHUP, SIGTERM, SIGINT):
/// minutes and any open editor are saved first, and the terminal is restored if it still exists.
pub fn run(mut app: App) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        default_hook(info);
    }));

    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    let mut term = Terminal::new(CrosstermBackend::new(io::BufWriter::with_capacity(1 << 16, out)))?;
    term.clear()?;

    let result = event_loop(&mut term, &mut app, &stop);
    // Whatever ended the loop, keep the user's text.
    app.shutdown();
    restore_terminal();
    result
}

/// What the input thread reports.
enum Input {
    Event(Event),
    /// Reading the terminal failed: it is gone.
    Lost,
}

/// Terminal input is read on its own thread so that the main loop never blocks inside crossterm:
/// on a vanished terminal crossterm's poll/read can spin forever (crossterm issue 793), and the main
/// loop must still see the stop signal, save, and exit.
fn spawn_input_thread() -> mpsc::Receiver<Input> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || loop {
            match event::read() {
                Ok(ev) => {
                    if tx.send(Input::Event(ev)).is_err() {
                        return;
                    }
                }
                Err(_) => {
                    let _ = tx.send(Input::Lost);
                    return;
                }
            }
        })
        .expect("spawn input thread");
    rx
}

fn event_loop<W: Write>(
    term: &mut Terminal<CrosstermBackend<W>>,
    app: &mut App,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let input = spawn_input_thread();
    if let Ok((w, _)) = terminal::size() {
        app.width = w;
    }
    let mut redraw = true;
    let mut last_check = Instant::now();
    while !app.quit {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if redraw {
            // A write error means the terminal is gone (e.g. the SSH connection dropped): stop.
            term.draw(|f| view::render(f, app))?;
            redraw = false;
        }
        match input.recv_timeout(Duration::from_millis(100)) {
            Ok(Input::Event(ev)) => {
                match ev {
                    Event::Key(k) if k.kind != KeyEventKind::Release => app.on_key(k),
                    Event::Paste(s) => app.on_paste(&s),
                    Event::Resize(w, _) => app.width = w,
                    _ => continue,
                }
                redraw = true;
            }
            Ok(Input::Lost) | Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        // Four times a second, make sure the terminal still exists (a hang-up without a signal).
        if last_check.elapsed() >= Duration::from_millis(250) {
            last_check = Instant::now();
            if terminal::size().is_err() {
                return Ok(());
            }
        }
        let had_dirty = matches!(&app.screen, app::Screen::Meeting(m) if m.dirty_since.is_some());
        if app.tick(Instant::now()) || had_dirty {
            redraw = true;
        }
    }
    Ok(())
}
