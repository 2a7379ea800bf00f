//! Rendering: a pure function of the application state. Screens live in `screens/`, popups in `widgets/`.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::app::{App, Modal, MsgKind, Screen};
use super::{keys, screens, widgets};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Width the minutes composer wraps its text to on a terminal `width` wide (see `screens::meeting`):
/// the pane (less the findings panel beside it on a wide screen), its borders and one cell for the
/// cursor. Display only: the text itself is never broken (`widgets::softwrap`).
pub fn minutes_text_width(width: u16, findings_beside: bool) -> usize {
    let side = if findings_beside && width >= screens::meeting::SIDE_PANEL_MIN_WIDTH { screens::meeting::PANEL_WIDTH } else { 0 };
    width.saturating_sub(screens::meeting::AGENDA_WIDTH + side + 2 + 1).max(1) as usize
}

/// Width a field editor wraps its text to (see `widgets::modal`); display only.
pub fn editor_text_width(width: u16) -> usize {
    widgets::modal::editor_width(width).saturating_sub(2 + 1).max(1) as usize
}

/// Draw the whole screen, then pass every cell through the output boundary (`crate::output`): a
/// value stored with escape sequences, bidi overrides or zero-width characters, whoever wrote it,
/// never reaches the terminal as itself, whichever widget drew it.
pub fn render(f: &mut Frame, app: &App) {
    draw(f, app);
    sanitize_buffer(f.buffer_mut());
}

/// Each cell's symbol, sanitised: a control character shows as `?`, an invisible one as nothing
/// (the cell keeps its width with a space).
pub fn sanitize_buffer(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        let sym = cell.symbol();
        if let std::borrow::Cow::Owned(clean) = crate::output::text(sym) {
            let clean = clean.replace(['\n', '\t'], " ");
            cell.set_symbol(if clean.is_empty() { " " } else { &clean });
        }
    }
}

fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Terminal too small: iepmeet needs {MIN_WIDTH}x{MIN_HEIGHT}, this one is {}x{}. Enlarge the window; nothing is lost.",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg).style(app.theme.text).wrap(Wrap { trim: true }), area);
        return;
    }
    // A message longer than the line takes the lines it needs (up to 3): nothing said is cut off.
    let status_h = match &app.message {
        Some((_, text)) => ((crate::domain::text::display(text).chars().count() + 10).div_ceil(area.width.max(1) as usize) as u16).clamp(1, 3),
        None => 1,
    };
    // The header: where you are on the left; who else is here, the agenda timer and the date on
    // the right. When both do not fit on one line the right part goes on a second line, so a long
    // title never pushes presence, the timer or the date off the screen.
    let (left, right) = header_text(app);
    let room = area.width as usize;
    let (lw, rw) = (left.chars().count(), right.chars().count());
    let header_h: u16 = if lw + rw < room { 1 } else { (lw.div_ceil(room) + rw.div_ceil(room)).clamp(2, 3) as u16 };
    let [header, body, status] =
        Layout::vertical([Constraint::Length(header_h), Constraint::Min(1), Constraint::Length(status_h)]).areas(area);
    let lines: Vec<Line> = if header_h == 1 {
        vec![Line::from(format!("{left}{:>w$}", right, w = room - lw))]
    } else {
        vec![Line::from(left), Line::from(right).right_aligned()]
    };
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).style(app.theme.header), header);
    match &app.screen {
        Screen::Welcome { sel } => screens::welcome::render(f, body, app, *sel),
        Screen::Caseload(c) => screens::caseload::render(f, body, app, c),
        Screen::Student(s) => screens::student::render(f, body, app, s),
        Screen::Meeting(m) => screens::meeting::render(f, body, app, m),
    }
    for m in &app.modals {
        widgets::modal::render(f, body, app, m);
    }
    if app.help {
        widgets::help::render(f, body, app);
    }
    render_status(f, status, app);
}

/// Left: where you are; right: today's date.
fn header_text(app: &App) -> (String, String) {
    let screen = match &app.screen {
        Screen::Welcome { .. } => "Welcome".to_string(),
        Screen::Caseload(c) => format!("Caseload — {} students", c.total),
        Screen::Student(s) => format!("Student — {}", crate::domain::text::display(&s.student.full_name())),
        Screen::Meeting(m) => format!(
            "{} — {}{}",
            m.meeting.mtype.label(),
            crate::domain::text::display(&m.student.full_name()),
            if m.meeting.is_open() { "" } else { " — FINALIZED (read-only)" }
        ),
    };
    let timer = match &app.screen {
        Screen::Meeting(m) => {
            let st = m.timer_state(app.clock);
            let a = m.agenda();
            match st.current {
                Some(i) => format!(
                    "⏱ {} {} · {}/{} │ ",
                    crate::domain::text::summary(&a.items[i].title, 18),
                    if st.overrun(&a, i) > 0 { "OVER" } else { "" },
                    crate::domain::agenda::clock(st.total),
                    crate::domain::agenda::clock(a.planned_minutes() as i64 * 60)
                )
                .replace("  ", " "),
                None => String::new(),
            }
        }
        _ => String::new(),
    };
    let others = match &app.screen {
        Screen::Meeting(m) if !m.others.is_empty() => {
            let names: Vec<String> = m
                .others
                .iter()
                .filter(|p| !p.wall)
                .map(|p| format!("{}{}", p.actor, p.section.map(|s| format!(" ({})", s.label())).unwrap_or_default()))
                .collect();
            // A wall (`iepmeet wall`) shows the room this meeting: said apart from the people.
            let wall = if m.others.iter().any(|p| p.wall) { "▣ wall open │ " } else { "" };
            let people = if names.is_empty() {
                String::new()
            } else {
                format!("also here: {} │ ", crate::domain::text::summary(&crate::domain::text::display(&names.join(", ")), 40))
            };
            format!("{wall}{people}")
        }
        _ => String::new(),
    };
    // A read-only database is said first, on every screen (it never falls off a long title).
    let ro = if app.store.is_read_only() {
        "READ-ONLY DATABASE · "
    } else if app.store.is_disk_full() {
        "DISK FULL · "
    } else {
        ""
    };
    (format!(" iepmeet · {ro}{screen}"), format!("{others}{timer}{} ", app.today.format("%Y-%m-%d")))
}

fn render_status(f: &mut Frame, area: Rect, app: &App) {
    f.render_widget(Clear, area);
    let line = match &app.message {
        Some((kind, text)) => {
            let (mark, style) = match kind {
                MsgKind::Error => ("✗ Error: ", app.theme.error),
                MsgKind::Ok => ("✓ ", app.theme.ok),
                MsgKind::Info => ("ℹ ", app.theme.text),
            };
            Line::from(vec![Span::styled(mark, style), Span::styled(crate::domain::text::display(text), style)])
        }
        None => {
            let mut k = app.keymap.help(app.key_context());
            // Space ticks only in a list of several choices.
            if matches!(app.modals.last(), Some(Modal::Pick { multi: false, .. } | Modal::NewMeeting { .. })) {
                k.retain(|(_, what)| !what.starts_with("tick"));
            }
            let counts = match &app.screen {
                Screen::Meeting(m) => format!("{} │ ", screens::meeting::counts(m, None)),
                _ => String::new(),
            };
            let room = (area.width as usize - 1).saturating_sub(counts.chars().count());
            Line::from(Span::styled(format!("{counts}{}", keys::hints(&k, room)), app.theme.status))
        }
    };
    f.render_widget(Paragraph::new(line).style(app.theme.status).wrap(Wrap { trim: true }), area);
}
