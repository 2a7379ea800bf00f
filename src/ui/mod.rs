//! The terminal UI: `app` (state + update), `view` (pure rendering), `screens`, `widgets`, `keys`,
//! `theme`, and here the loop that owns the terminal.

pub mod action;
pub mod app;
pub mod components;
pub mod drafts;
pub mod effects;
pub mod fields;
pub mod keys;
pub mod live;
pub mod palette;
pub mod popups;
pub mod prelude;
pub mod screens;
pub mod theme;
pub mod tour;
pub mod view;
pub mod wall;
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

pub(crate) fn restore_terminal() {
    let _ = terminal::disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, crossterm::cursor::Show);
    let _ = out.flush();
}

/// The terminal as the UI and the wall draw on it.
pub(crate) type Term = Terminal<CrosstermBackend<FrameWriter<io::Stdout>>>;

/// Take the terminal: SIGHUP, SIGTERM and SIGINT set `stop`, a panic restores the terminal before
/// it is reported, then raw mode, the alternate screen and bracketed paste. `restore_terminal`
/// gives it back.
pub(crate) fn open_terminal(stop: &Arc<AtomicBool>) -> anyhow::Result<Term> {
    for sig in [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register(sig, Arc::clone(stop))?;
    }
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        default_hook(info);
    }));
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    let mut term = Terminal::new(CrosstermBackend::new(FrameWriter::new(out)))?;
    term.clear()?;
    term.backend_mut().writer_mut().commit()?;
    Ok(term)
}

/// Run the TUI until the user quits or the process is told to stop (SIGHUP, SIGTERM, SIGINT):
/// minutes and any open editor are saved first, and the terminal is restored if it still exists.
pub fn run(mut app: App) -> anyhow::Result<()> {
    // The store's stop flag: a write waiting for another program's lock sees it too, and gives up
    // soon, so a hang-up never waits for the lock (what is left goes to the fallback file).
    let stop: Arc<AtomicBool> = Arc::clone(crate::store::stop_flag());
    let mut term = open_terminal(&stop)?;

    // A panic inside the loop must not lose what was typed: catch it, save, then report it.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| event_loop(&mut term, &mut app, &stop)));
    // Whatever ended the loop, keep the user's text, without waiting long for a lock held elsewhere.
    stop.store(true, Ordering::Relaxed);
    app.shutdown();
    restore_terminal();
    match result {
        Ok(r) => r,
        Err(_) => anyhow::bail!("iepmeet stopped on an internal error; what you had typed was saved and comes back when you reopen"),
    }
}

/// Collects everything written for one frame and sends it to the terminal in one write, wrapped in
/// "synchronized output" markers (DEC mode 2026) so a remote terminal never shows half a frame.
/// Terminals that do not know the mode ignore it.
/// Frames at least this large are wrapped in synchronized-output markers.
pub const SYNC_ABOVE: usize = 512;

pub struct FrameWriter<W: Write> {
    inner: W,
    buf: Vec<u8>,
}

impl<W: Write> FrameWriter<W> {
    pub fn new(inner: W) -> FrameWriter<W> {
        FrameWriter { inner, buf: Vec::with_capacity(1 << 16) }
    }
    /// What was sent so far (benchmarks write into a `Vec<u8>`).
    pub fn inner(&self) -> &W {
        &self.inner
    }
    /// Send the frame collected so far: one write. A small update (a typed character) goes as it is:
    /// it cannot tear, and every byte counts on a slow connection.
    pub fn commit(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        if self.buf.len() < SYNC_ABOVE {
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
            return self.inner.flush();
        }
        let mut frame = Vec::with_capacity(self.buf.len() + 16);
        frame.extend_from_slice(b"\x1b[?2026h");
        frame.extend_from_slice(&self.buf);
        frame.extend_from_slice(b"\x1b[?2026l");
        self.buf.clear();
        self.inner.write_all(&frame)?;
        self.inner.flush()
    }
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }
    /// Ratatui flushes after every draw; the frame goes out in `commit`, once.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What the input thread reports.
pub(crate) enum Input {
    Event(Event),
    /// Reading the terminal failed: it is gone.
    Lost,
}

/// Terminal input is read on its own thread so that the main loop never blocks inside crossterm:
/// on a vanished terminal crossterm's poll/read can spin forever (crossterm issue 793), and the main
/// loop must still see the stop signal, save, and exit.
pub(crate) fn spawn_input_thread() -> mpsc::Receiver<Input> {
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
    term: &mut Terminal<CrosstermBackend<FrameWriter<W>>>,
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
            term.backend_mut().writer_mut().commit()?;
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
