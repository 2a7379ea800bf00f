//! The wall (`iepmeet wall [MEETING]`): a read-only, large-type view of one meeting for a projector
//! or a second screen the whole room reads — the facilitated-IEP chart, live from the record. It
//! shows the meeting's purpose and norms (`data/agendas`), the agenda with the item running and its
//! time, the parking lot, what was agreed, the next steps (who, by when) and the family's concerns
//! as recorded, so the family sees they were heard. It shows nothing the family should not see on a
//! wall: no other student, no compliance ERRORs (a calm "still to cover" instead), no audit.
//!
//! It follows the meeting as the TUI's co-editing does (`PRAGMA data_version`, polled a few times a
//! second) and needs no keys (q, Esc or Ctrl-C close it). Its presence row says "wall", so the
//! facilitator's header says a wall is open. `Wall` is the state, `render` a pure function of it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::domain::agenda::{clock, Agenda, TimerEvent, TimerState};
use crate::domain::meeting::{Meeting, Section};
use crate::domain::minutes::{CloseSummary, Entry};
use crate::domain::student::Student;
use crate::domain::text::display;
use crate::export::lang::Lang;
use crate::store::Store;
use crate::ui::theme::Theme;
use crate::ui::widgets::softwrap::wrap_str;

/// The wall's state: the meeting as last read, and what it is shown with.
pub struct Wall {
    pub meeting: Meeting,
    pub student: Student,
    pub timer: Vec<TimerEvent>,
    /// Whether the agenda has its transition item (the student reaches the transition age).
    pub transition_due: bool,
    pub lang: Lang,
    stamp: String,
}

impl Wall {
    /// Read meeting `id` to show it in `lang`.
    pub fn load(store: &Store, id: i64, lang: Lang, today: chrono::NaiveDate) -> anyhow::Result<Wall> {
        let meeting = store.load_meeting(id)?;
        let student = store.record_student(id)?;
        let timer = store.timer_events(id)?;
        let policy = store.policy()?;
        let calendar = store.calendar()?;
        let ctx = crate::rules::Ctx { student: &student, meeting: &meeting, policy: &policy, calendar: &calendar, today, live: Default::default() };
        let transition_due = ctx.transition_required();
        let stamp = store.meeting_stamp(id)?;
        Ok(Wall { meeting, student, timer, transition_due, lang, stamp })
    }

    /// Read the meeting again if someone changed it; true when it did.
    pub fn refresh(&mut self, store: &Store) -> bool {
        let Ok(stamp) = store.meeting_stamp(self.meeting.id) else { return false };
        if stamp == self.stamp {
            return false;
        }
        let (Ok(meeting), Ok(timer)) = (store.load_meeting(self.meeting.id), store.timer_events(self.meeting.id)) else { return false };
        self.meeting = meeting;
        self.timer = timer;
        self.stamp = stamp;
        true
    }

    pub fn agenda(&self) -> Agenda {
        Agenda::for_meeting(self.meeting.mtype, self.transition_due, &self.timer)
    }
}

/// What the wall is drawn with: high contrast by default (a projector washes colour out), plain
/// attributes under NO_COLOR.
pub fn theme(no_color: bool) -> Theme {
    Theme::choose("high-contrast", no_color).unwrap_or_else(|_| Theme::monochrome())
}

/// Draw the wall: a pure function of the state, the theme and the time.
pub fn render(f: &mut Frame, w: &Wall, th: &Theme, now: DateTime<Utc>) {
    let area = f.area();
    let l = &w.lang;
    let big = area.width >= 120 && area.height >= 40;
    let agenda = w.agenda();
    let timer = TimerState::compute(&agenda, &w.timer, now);

    // The heading: what meeting, for whom, when, and why the team meets (the norms are a panel).
    let title = format!("{} — {}", l.t(w.meeting.mtype.label()), display(&w.student.full_name()));
    let date = w.meeting.date().map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let inner_w = area.width.saturating_sub(4) as usize;
    let mut head: Vec<Line> = Vec::new();
    let heading = Style::default().add_modifier(Modifier::BOLD).patch(th.title);
    for (i, part) in wrap_str(&title, inner_w.saturating_sub(date.chars().count() + 2).max(10)).into_iter().enumerate() {
        let mut spans = vec![Span::styled(part.clone(), heading)];
        if i == 0 {
            let pad = inner_w.saturating_sub(part.chars().count() + date.chars().count());
            spans.push(Span::raw(" ".repeat(pad)));
            spans.push(Span::styled(date.clone(), th.text));
        }
        head.push(Line::from(spans));
    }
    let purpose = format!("{} {}", l.t("Why we meet:"), l.try_t(&agenda.purpose));
    head.extend(wrap_str(&purpose, inner_w).into_iter().map(|s| Line::styled(s, th.text)));
    if !w.meeting.is_open() {
        head.push(Line::styled(l.t("This meeting is finalized."), th.warn));
    }
    // On a large screen the kind of meeting is also drawn in big letters above (tui-big-text's
    // 8x8 font in quadrant blocks: 4 columns and 4 rows a letter); the plain line stays under it,
    // for a screen reader and for names the font has no glyphs for.
    let kind = l.t(w.meeting.mtype.label());
    let banner = big && kind.chars().count() * 4 <= inner_w;
    let banner_h = if banner { 5 } else { 0 };
    let head_h = (head.len() as u16 + 2 + banner_h).min(area.height / 2);
    let [top, body] = Layout::vertical([Constraint::Length(head_h), Constraint::Min(3)]).areas(area);
    let block = panel(th, "");
    let inner = block.inner(top);
    f.render_widget(block, top);
    let [banner_area, text_area] = Layout::vertical([Constraint::Length(banner_h), Constraint::Min(1)]).areas(inner);
    if banner {
        let size = if kind.chars().count() * 8 <= inner_w { tui_big_text::PixelSize::HalfHeight } else { tui_big_text::PixelSize::Quadrant };
        let b = tui_big_text::BigText::builder().pixel_size(size).style(heading).lines(vec![kind.into()]).build();
        f.render_widget(b, banner_area);
    }
    f.render_widget(Paragraph::new(head), text_area);

    let summary = CloseSummary::of(&w.meeting.entries);
    let norms: Vec<Item> = agenda.norms.iter().map(|n| (format!("• {}", l.try_t(n)), th.text)).collect();
    // (title, lines, the line to keep in view when short of room — the agenda item running, else
    // the newest at the end —, and whether it goes in the left column when there are two)
    let mut panels: Vec<(String, Vec<Item>, Option<usize>, bool)> = vec![
        (l.t("How we work together"), norms, None, true),
        (l.t("Agenda"), agenda_lines(w, &agenda, &timer, th), timer.current, true),
        (l.t("What we agreed"), entry_lines(&summary.decisions, th), None, false),
        (l.t("Next steps"), action_lines(&summary.actions, l, th), None, false),
        (l.t("What the family shared"), entry_lines(&summary.concerns, th), None, true),
        (l.t("Parking lot"), entry_lines(&summary.parking_open, th), None, true),
        (l.t("Still to cover"), still_to_cover(w, l, th), None, false),
    ];
    // A panel with nothing in it yet takes no box: a line at the foot names them all.
    let empty: Vec<String> = panels.iter().filter(|p| p.1.is_empty()).map(|p| p.0.clone()).collect();
    panels.retain(|p| !p.1.is_empty());
    let two = body.width >= 100;
    let foot_w = body.width.saturating_sub(2).max(10) as usize;
    let mut foot: Vec<Line> = Vec::new();
    if !empty.is_empty() {
        let text = format!("{} {}", l.t("Nothing yet in:"), empty.join(" · "));
        foot.extend(wrap_str(&text, foot_w).into_iter().map(|t| Line::styled(format!(" {t}"), th.muted)));
    }
    // The columns' panels wrapped to their width, and cut into pages that fit; what does not fit
    // on one page is on the next, and the wall turns the page by itself (it takes no keys).
    let layout = |body: Rect| -> Vec<(Rect, Vec<Vec<Panel>>)> {
        let cols: Vec<(Rect, Vec<usize>)> = if two {
            let [a, b] = Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
            let (left, right): (Vec<usize>, Vec<usize>) = (0..panels.len()).partition(|&i| panels[i].3);
            vec![(a, left), (b, right)]
        } else {
            vec![(body, (0..panels.len()).collect())]
        };
        cols.into_iter()
            .map(|(area, order)| {
                let width = area.width.saturating_sub(2).max(10) as usize;
                let wrapped: Vec<Panel> = order.iter().map(|&i| wrap_panel(&panels[i], width, big)).collect();
                (area, paginate(wrapped, area.height))
            })
            .collect()
    };
    let split = |foot_h: u16| Layout::vertical([Constraint::Min(3), Constraint::Length(foot_h)]).areas::<2>(body);
    let [mut main, _] = split(foot.len() as u16);
    let mut cols = layout(main);
    let pages = cols.iter().map(|c| c.1.len()).max().unwrap_or(1);
    if pages > 1 {
        // (The page line takes a row: cut again with it.)
        [main, _] = split(foot.len() as u16 + 1);
        cols = layout(main);
    }
    let pages = cols.iter().map(|c| c.1.len()).max().unwrap_or(1);
    let page = (now.timestamp().max(0) as usize / PAGE_SECS) % pages;
    if pages > 1 {
        let text = l.f("Page {page} of {pages}: the wall turns the page every {secs} seconds.", &[
            ("page", &(page + 1).to_string()),
            ("pages", &pages.to_string()),
            ("secs", &PAGE_SECS.to_string()),
        ]);
        foot.push(Line::styled(format!(" {text}"), th.label));
    }
    let [_, foot_area] = split(foot.len() as u16);
    f.render_widget(Paragraph::new(foot), foot_area);
    for (area, col_pages) in cols {
        if let Some(p) = col_pages.get(page % col_pages.len().max(1)) {
            draw_column(f, area, p, th, l);
        }
    }
}

/// How long the wall shows a page when everything does not fit on one.
pub const PAGE_SECS: usize = 10;

/// A panel's lines wrapped to `width` (a blank line between entries on a large screen).
fn wrap_panel(p: &(String, Vec<Item>, Option<usize>, bool), width: usize, big: bool) -> Panel<'static> {
    let (title, items, keep, _) = p;
    let mut lines = Vec::new();
    let mut keep_line = None;
    for (k, (text, style)) in items.iter().enumerate() {
        if big && k > 0 {
            lines.push(Line::raw(""));
        }
        if *keep == Some(k) {
            keep_line = Some(lines.len());
        }
        lines.extend(wrap_str(text, width).into_iter().map(|t| Line::styled(t, *style)));
    }
    Panel { title: title.clone(), lines, keep: keep_line }
}

/// Panels cut into pages of at most `height` rows: each goes on the first page with room for it
/// (in order within a page), so pages are few; a panel taller than a page has a page of its own,
/// where it shows the part around its line to keep.
fn paginate(panels: Vec<Panel<'static>>, height: u16) -> Vec<Vec<Panel<'static>>> {
    let mut pages: Vec<(u16, Vec<Panel>)> = Vec::new();
    for p in panels {
        let h = p.lines.len() as u16 + 2;
        match pages.iter_mut().find(|(used, _)| used + h <= height) {
            Some((used, page)) => {
                *used += h;
                page.push(p);
            }
            None => pages.push((h, vec![p])),
        }
    }
    if pages.is_empty() {
        pages.push((0, Vec::new()));
    }
    pages.into_iter().map(|(_, p)| p).collect()
}

/// One logical line of a panel: its text and style (wrapped to the column when drawn).
type Item = (String, Style);

/// A panel as drawn: its wrapped lines, and the line to keep in view (else the last).
struct Panel<'a> {
    title: String,
    lines: Vec<Line<'a>>,
    keep: Option<usize>,
}

/// Share `room` rows among panels that want `want` rows each: a panel that wants less than an
/// equal share gets what it wants, and what it leaves goes to the others (water-filling).
fn share(want: &[u16], room: u16) -> Vec<u16> {
    let mut got = vec![0u16; want.len()];
    let mut left: Vec<usize> = (0..want.len()).collect();
    let mut room = room;
    while !left.is_empty() {
        let fair = room / left.len() as u16;
        let (small, big): (Vec<usize>, Vec<usize>) = left.iter().partition(|&&i| want[i] <= fair);
        if small.is_empty() {
            // Everyone wants more than an equal share: equal shares, the remainder to the first.
            let mut extra = room - fair * left.len() as u16;
            for &i in &left {
                got[i] = fair + u16::from(extra > 0);
                extra = extra.saturating_sub(1);
            }
            break;
        }
        for &i in &small {
            got[i] = want[i];
            room -= want[i];
        }
        left = big;
    }
    got
}

/// A column of panels, each as tall as its lines where there is room; a panel short of room keeps
/// its line to keep (the agenda item running, else the newest lines) and says how many lines above
/// and below are not shown.
fn draw_column(f: &mut Frame, area: Rect, panels: &[Panel], th: &Theme, l: &Lang) {
    let want: Vec<u16> = panels.iter().map(|p| p.lines.len() as u16 + 2).collect();
    let heights = share(&want, area.height);
    let mut y = area.y;
    for (p, &h) in panels.iter().zip(&heights) {
        if h < 3 {
            continue;
        }
        let rect = Rect { x: area.x, y, width: area.width, height: h };
        let room = h as usize - 2;
        let shown: Vec<Line> = if p.lines.len() > room {
            // A window of room-1 lines (one says what is left out) around the line to keep.
            let n = room.saturating_sub(1).max(1);
            let end = match p.keep {
                Some(k) => (k + n / 2 + 1).clamp(n, p.lines.len()),
                None => p.lines.len(),
            };
            let start = end - n;
            let mut v = Vec::new();
            let (above, below) = (start, p.lines.len() - end);
            let (a, b) = (above.to_string(), below.to_string());
            let note = match (above, below) {
                (_, 0) => l.f("({above} more lines above)", &[("above", &a)]),
                (0, _) => l.f("({below} more lines below)", &[("below", &b)]),
                _ => l.f("({above} more lines above, {below} below)", &[("above", &a), ("below", &b)]),
            };
            if below == 0 {
                v.push(Line::styled(note, th.muted));
                v.extend(p.lines[start..end].iter().cloned());
            } else {
                v.extend(p.lines[start..end].iter().cloned());
                v.push(Line::styled(note, th.muted));
            }
            v
        } else {
            p.lines.clone()
        };
        f.render_widget(Paragraph::new(shown).block(panel(th, &p.title)), rect);
        y += h;
    }
}

fn panel<'a>(th: &Theme, title: &str) -> Block<'a> {
    let b = Block::default().borders(Borders::ALL).border_style(th.border);
    if title.is_empty() {
        b
    } else {
        b.title(Span::styled(format!(" {title} "), th.title.add_modifier(Modifier::BOLD)))
    }
}

/// The agenda: each item with its planned time; the one running marked ▶ with its elapsed time
/// (and an overrun said in words, not only in colour); items done marked ✓.
fn agenda_lines(w: &Wall, agenda: &Agenda, timer: &TimerState, th: &Theme) -> Vec<Item> {
    let l = &w.lang;
    agenda
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let planned = l.f("{n} min", &[("n", &item.minutes.to_string())]);
            let done = match item.section {
                Some(s) => w.meeting.done[s.index()],
                None => timer.elapsed[i] > 0 && timer.current != Some(i),
            };
            let title = l.try_t(&item.title);
            if timer.current == Some(i) {
                let over = timer.overrun(agenda, i);
                let (elapsed, over_s) = (clock(timer.elapsed[i]), clock(over));
                let time = if over > 0 {
                    l.f("now: {elapsed} of {planned}, over by {over}", &[("elapsed", &elapsed), ("planned", &planned), ("over", &over_s)])
                } else {
                    l.f("now: {elapsed} of {planned}", &[("elapsed", &elapsed), ("planned", &planned)])
                };
                (format!("▶ {title} — {time}"), if over > 0 { th.warn.add_modifier(Modifier::BOLD) } else { th.selected.add_modifier(Modifier::BOLD) })
            } else if done {
                (format!("✓ {title} ({})", l.t("done")), th.muted)
            } else {
                (format!("· {title} ({planned})"), th.text)
            }
        })
        .collect()
}

/// Entries as recorded, oldest first, each whole.
fn entry_lines(entries: &[&Entry], th: &Theme) -> Vec<Item> {
    entries.iter().map(|e| (format!("• {}", display(&e.text)), th.text)).collect()
}

/// Action items: what, who and by when.
fn action_lines(actions: &[&Entry], l: &Lang, th: &Theme) -> Vec<Item> {
    actions
        .iter()
        .map(|e| {
            let who = if e.owner.trim().is_empty() { l.t("who: to decide") } else { l.f("who: {owner}", &[("owner", &display(&e.owner))]) };
            let when = e.due.map(|d| l.f("by {date}", &[("date", &d.to_string())])).unwrap_or_else(|| l.t("when: to decide"));
            (format!("• {} — {who}, {when}", display(&e.text)), th.text)
        })
        .collect()
}

/// The sections of this meeting not marked done yet: what the meeting still has to cover (never a
/// list of compliance findings).
fn still_to_cover(w: &Wall, l: &Lang, th: &Theme) -> Vec<Item> {
    let left: Vec<String> = Section::ALL.iter().filter(|s| !w.meeting.done[s.index()]).map(|s| l.try_t(s.label())).collect();
    if left.is_empty() {
        return vec![(l.t("Every part of the meeting has been covered."), th.ok)];
    }
    vec![(left.join(" · "), th.text)]
}

/// Show meeting `id` on this terminal until q, Esc or Ctrl-C (or a hang-up).
pub fn run(mut store: Store, mut wall: Wall, th: Theme) -> anyhow::Result<()> {
    let stop: Arc<AtomicBool> = Arc::new(AtomicBool::new(false));
    let mut term = crate::ui::open_terminal(&stop)?;
    let result = wall_loop(&mut term, &mut store, &mut wall, &th, &stop);
    // The wall is closed: the facilitator's screen stops saying so.
    let _ = store.leave();
    crate::ui::restore_terminal();
    result
}

fn wall_loop(
    term: &mut crate::ui::Term,
    store: &mut Store,
    wall: &mut Wall,
    th: &Theme,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let input = crate::ui::spawn_input_thread();
    let (mut last_poll, mut last_beat, mut last_draw) = (Instant::now() - Duration::from_secs(10), Instant::now() - Duration::from_secs(10), None::<Instant>);
    let mut data_version = -1;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        let now = Instant::now();
        let mut redraw = last_draw.is_none_or(|t| now.duration_since(t) >= Duration::from_secs(1));
        if now.duration_since(last_beat) >= crate::ui::live::HEARTBEAT_EVERY && wall.meeting.is_open() {
            // Presence is a courtesy: a read-only database or a busy lock must not stop the wall.
            let _ = store.heartbeat_wall(wall.meeting.id);
            last_beat = now;
        }
        if now.duration_since(last_poll) >= crate::ui::live::POLL_EVERY {
            last_poll = now;
            if let Ok(dv) = store.data_version() {
                if dv != data_version {
                    data_version = dv;
                    redraw |= wall.refresh(store);
                }
            }
        }
        if redraw {
            term.draw(|f| render(f, wall, th, Utc::now()))?;
            term.backend_mut().writer_mut().commit()?;
            last_draw = Some(Instant::now());
        }
        match input.recv_timeout(Duration::from_millis(100)) {
            Ok(crate::ui::Input::Event(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                let ctrl_c = k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
                if ctrl_c || matches!(k.code, KeyCode::Char('q') | KeyCode::Esc) {
                    return Ok(());
                }
            }
            Ok(crate::ui::Input::Event(Event::Resize(..))) => last_draw = None,
            Ok(crate::ui::Input::Event(_)) => {}
            Ok(crate::ui::Input::Lost) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
        }
        if terminal::size().is_err() {
            return Ok(());
        }
    }
}
