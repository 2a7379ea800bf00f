//! The meeting: agenda sidebar, the current section's forms, and its minutes.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::domain::agenda::clock;
use crate::domain::meeting::Section;
use crate::domain::minutes::{parse_entry, people, Entry, EntryKind};
use crate::domain::text::display;
use crate::rules::Severity;
use crate::domain::text::summary;
use crate::ui::app::{App, MeetingState, Pane, Row};
use crate::ui::widgets::softwrap;

pub const AGENDA_WIDTH: u16 = 27;

/// At this width and above the findings panel sits beside the forms; below it, it takes the place of
/// the forms and minutes while the findings pane has the focus (`f`), so both stay in view otherwise.
pub const SIDE_PANEL_MIN_WIDTH: u16 = 120;
pub const PANEL_WIDTH: u16 = 46;

pub fn render(f: &mut Frame, area: Rect, app: &App, m: &MeetingState) {
    let side = app.show_findings && area.width >= SIDE_PANEL_MIN_WIDTH;
    let [agenda, right, panel] = Layout::horizontal([
        Constraint::Length(AGENDA_WIDTH),
        Constraint::Min(40),
        Constraint::Length(if side { PANEL_WIDTH } else { 0 }),
    ])
    .areas(area);
    // The pane with the focus gets the room: the minutes take 42% of the height while typed in,
    // less while the forms are worked (the forms then show more rows whole).
    let minutes_h = if m.pane == Pane::Minutes { (area.height * 42 / 100).max(9) } else { (area.height * 30 / 100).max(7) };
    let [main, minutes] = Layout::vertical([Constraint::Min(5), Constraint::Length(minutes_h)]).areas(right);
    render_agenda(f, agenda, app, m);
    if side {
        render_main(f, main, app, m);
        render_findings(f, panel, app, m);
        render_minutes(f, minutes, app, m);
    } else if app.show_findings && m.pane == Pane::Findings {
        // Narrow terminal: while the findings have the focus they get the whole right side.
        render_findings(f, right, app, m);
    } else {
        render_main(f, main, app, m);
        render_minutes(f, minutes, app, m);
    }
}

/// The minutes of the section: recorded entries (newest at the bottom), what the entry being typed
/// will be, and the composer.
fn render_minutes(f: &mut Frame, area: Rect, app: &App, m: &MeetingState) {
    let focused = m.pane == Pane::Minutes && app.modals.is_empty();
    let entries: Vec<&Entry> = m.meeting.entries_in(m.section).collect();
    let title = format!(
        "Minutes — {} · {} entr{}{}",
        m.section.label(),
        entries.len(),
        if entries.len() == 1 { "y" } else { "ies" },
        if m.meeting.is_open() { "" } else { " · read-only" }
    );
    let block = pane_block(app, focused, title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let text_w = (inner.width as usize).saturating_sub(1).max(1);
    let composer_h = if m.meeting.is_open() { (softwrap::height(&m.minutes, text_w) as u16).clamp(2, 4) } else { 0 };
    let [list, preview, composer] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(composer_h),
    ])
    .areas(inner);
    if !m.meeting.is_open() {
        // (Said in the pane, not only its title: a title is cut at the pane's width.)
        let note = "  Finalized: these minutes are read-only.";
        f.render_widget(Paragraph::new(Line::styled(summary(note, preview.width as usize), app.theme.muted)), preview);
    }
    let w = list.width as usize;
    let room = list.height as usize;
    let editing = m.editing_entry.as_ref().map(|e| e.id);
    // Each entry whole, wrapped to the pane (newest at the bottom): nothing recorded is cut short.
    let mut lines: Vec<Line> = Vec::new();
    for e in entries.iter().rev() {
        let style = match e.kind {
            EntryKind::Decision => app.theme.title,
            EntryKind::Parking if e.resolution.is_none() => app.theme.warn,
            _ => app.theme.text,
        };
        let mark = if Some(e.id) == editing { "✎" } else { " " };
        let head = format!("{mark}{} {} ", e.clock(), e.kind.tag());
        let head_w = head.chars().count();
        let body = vec![display(&e.line())];
        let rows = softwrap::wrap(&body, w.saturating_sub(head_w).max(8));
        let mut block: Vec<Line> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let part: String = body[0].chars().skip(r.start).take(r.end - r.start).collect();
                let lead = if i == 0 { head.clone() } else { " ".repeat(head_w) };
                Line::from(vec![Span::styled(lead, app.theme.muted), Span::styled(part, style)])
            })
            .collect();
        block.reverse();
        lines.extend(block);
        if lines.len() >= room + m.minutes_scroll {
            break;
        }
    }
    lines.reverse();
    // Scrolled back by PgUp (never past the oldest line), newest at the bottom otherwise.
    let end = lines.len().saturating_sub(m.minutes_scroll.min(lines.len().saturating_sub(room)));
    lines.truncate(end);
    let lines: Vec<Line> = lines.split_off(lines.len().saturating_sub(room));
    if lines.is_empty() {
        f.render_widget(Paragraph::new(Line::styled("  No entries in this section yet.", app.theme.muted)), list);
    } else {
        f.render_widget(Paragraph::new(lines), list);
    }
    if m.meeting.is_open() {
        let text = m.minutes_text();
        let (line, style) = if text.trim().is_empty() {
            ("─ new entry ─".to_string(), app.theme.muted)
        } else {
            match parse_entry(&text, &people(&m.meeting)) {
                Ok(p) => {
                    let mut d = format!("─ {} ", if editing.is_some() { "correcting:" } else { "Enter records:" });
                    d.push_str(p.kind().label());
                    if !p.speaker.is_empty() {
                        d.push_str(&format!(" · {}", p.speaker));
                    }
                    if p.kind() == EntryKind::Action {
                        d.push_str(&format!(" · owner {}", if p.owner.is_empty() { "—" } else { &p.owner }));
                        d.push_str(&format!(" · due {}", p.due.map(|d| d.to_string()).unwrap_or_else(|| "—".into())));
                    }
                    (d, app.theme.label)
                }
                Err(e) => (format!("─ ✗ {e}"), app.theme.warn),
            }
        };
        f.render_widget(Paragraph::new(Line::styled(summary(&display(&line), w), style)), preview);
        let look = softwrap::Look {
            text: app.theme.text,
            cursor: if focused { app.theme.text.add_modifier(ratatui::style::Modifier::REVERSED) } else { app.theme.text },
            selection: app.theme.selected,
            placeholder: app.theme.muted,
            focused,
        };
        f.render_widget(softwrap::SoftWrap { ta: &m.minutes, placeholder: m.minutes.placeholder_text(), look }, composer);
    }
}

/// "✗2 !3 i1" — counts of open findings, by label as well as colour.
pub fn counts(m: &MeetingState, section: Option<Section>) -> String {
    let (e, w, i) = (m.count(Severity::Error, section), m.count(Severity::Warning, section), m.count(Severity::Info, section));
    format!("✗{e} !{w} i{i}")
}

fn render_findings(f: &mut Frame, area: Rect, app: &App, m: &MeetingState) {
    let focused = m.pane == Pane::Findings && app.modals.is_empty();
    let text = match m.findings.get(m.finding_sel) {
        Some(x) => {
            let mut t = format!("{} — {} {}", x.detail, x.message, x.cite);
            if let Some(a) = m.ack_of(x) {
                t = format!("Acknowledged by {}: {} — {t}", a.actor, a.reason);
            }
            if let Some(n) = &x.note {
                t.push_str(&format!(" Note: {n}"));
            }
            t
        }
        None => String::new(),
    };
    // The selected finding's detail is read whole: as tall as its wrapped text.
    let text_w = area.width.saturating_sub(2).max(10) as usize;
    // (Wrapped here, and drawn as wrapped, so the height is exact; the list keeps room for the
    // selected finding's two lines.)
    let wrapped = crate::ui::widgets::softwrap::wrap_str(&crate::domain::text::display(&text), text_w);
    let detail_h = (wrapped.len() as u16 + 1).clamp(3, area.height.saturating_sub(5).max(3));
    let [list_area, detail_area] = Layout::vertical([Constraint::Min(3), Constraint::Length(detail_h)]).areas(area);
    let w = list_area.width.saturating_sub(4) as usize;
    // Each finding whole (its detail wrapped) as far as the pane has room, else two lines.
    let pairs = m
        .findings
        .iter()
        .map(|x| {
            let style = match x.severity {
                Severity::Error => app.theme.error,
                Severity::Warning => app.theme.warn,
                Severity::Info => app.theme.muted,
            };
            let ack = if m.ack_of(x).is_some() { " ✓ acknowledged" } else { "" };
            let head = format!("{} {} ", x.severity.symbol(), x.severity.label());
            let detail = format!("{}{ack}", display(&x.detail));
            let where_ = format!("{} · {}", x.rule, x.target.section.label());
            let head_w = head.chars().count();
            let mut whole: Vec<Line> = softwrap::wrap_str(&detail, w.saturating_sub(head_w).max(8))
                .into_iter()
                .enumerate()
                .map(|(i, l)| {
                    let lead = if i == 0 { Span::styled(head.clone(), style) } else { Span::raw(" ".repeat(head_w)) };
                    Line::from(vec![lead, Span::styled(l, app.theme.text)])
                })
                .collect();
            whole.extend(softwrap::wrap_str(&where_, w.saturating_sub(2).max(8)).into_iter().map(|l| Line::styled(format!("  {l}"), app.theme.muted)));
            let short = vec![
                Line::from(vec![Span::styled(head, style), Span::styled(summary(&detail, w.saturating_sub(10)), app.theme.text)]),
                Line::styled(summary(&format!("  {where_}"), w), app.theme.muted),
            ];
            (whole, short)
        })
        .collect();
    // (The selected finding is read whole in the detail below the list.)
    let items: Vec<ListItem> = crate::ui::widgets::fit_rows(pairs, usize::MAX, list_area.height.saturating_sub(2) as usize);
    let title = format!("Findings {} — f hides", counts(m, None));
    let empty = items.is_empty();
    let list = List::new(items)
        .block(pane_block(app, focused, title))
        .highlight_style(if focused { app.theme.selected } else { app.theme.text })
        .highlight_symbol(if focused { "›" } else { " " });
    let mut st = ListState::default().with_selected(if empty { None } else { Some(m.finding_sel) });
    f.render_stateful_widget(list, list_area, &mut st);
    if empty {
        let inner = Rect { x: list_area.x + 2, y: list_area.y + 1, width: list_area.width.saturating_sub(4), height: 1 };
        f.render_widget(Paragraph::new("✓ Nothing missing that the rules can check.").style(app.theme.ok), inner);
    }
    f.render_widget(
        Paragraph::new(wrapped.into_iter().map(Line::raw).collect::<Vec<_>>())
            .style(app.theme.text)
            .block(Block::default().borders(Borders::LEFT | Borders::RIGHT | Borders::BOTTOM).border_style(app.theme.border)),
        detail_area,
    );
}

fn pane_block<'a>(app: &App, focused: bool, title: String) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .title(format!("{}{title}", if focused { "▶ " } else { "" }))
        .border_style(if focused { app.theme.border_focus } else { app.theme.border })
}

fn render_agenda(f: &mut Frame, area: Rect, app: &App, m: &MeetingState) {
    let focused = m.pane == Pane::Agenda && app.modals.is_empty();
    let mut lines: Vec<Line> = Section::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let done = m.meeting.done[i];
            let current = *s == m.section;
            let errors = m.count(Severity::Error, Some(*s));
            let badge = if errors > 0 { format!(" ✗{errors}") } else { String::new() };
            let text = format!("{}{} {} {}{badge}", if current { "›" } else { " " }, if done { "[x]" } else { "[ ]" }, i + 1, s.label());
            let style = if current && focused {
                app.theme.selected
            } else if current {
                app.theme.title
            } else if done {
                app.theme.ok
            } else {
                app.theme.text
            };
            Line::styled(text, style)
        })
        .collect();
    let done = m.meeting.done.iter().filter(|d| **d).count();
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!(" {done} of 7 done"), app.theme.muted));
    let d = m.meeting.details();
    lines.push(Line::styled(
        format!(" {}", d.date.map(|d| d.to_string()).unwrap_or_else(|| "no date".into())),
        app.theme.muted,
    ));
    if let Some(t) = d.start_time {
        lines.push(Line::styled(format!(" starts {}", t.format("%H:%M")), app.theme.muted));
    }
    lines.push(Line::styled(
        if m.meeting.is_open() { " status: open".to_string() } else { " status: FINALIZED".to_string() },
        if m.meeting.is_open() { app.theme.muted } else { app.theme.warn },
    ));
    lines.push(Line::styled(format!(" {}", summary(&m.student.local_id, 18)), app.theme.muted));
    let open = m.open_parking();
    lines.push(Line::styled(format!(" Parking lot: {open} open (P)"), if open > 0 { app.theme.warn } else { app.theme.muted }));
    let st = m.timer_state(app.clock);
    let timer = match st.current {
        Some(i) => {
            let a = m.agenda();
            let over = if st.overrun(&a, i) > 0 { " OVER" } else { "" };
            format!(" ⏱ {}/{}{over} (T)", clock(st.elapsed[i]), clock(a.items[i].minutes as i64 * 60))
        }
        None if st.total > 0 => format!(" ⏱ stopped {} (T)", clock(st.total)),
        None => " ⏱ agenda timer: T".to_string(),
    };
    lines.push(Line::styled(timer, app.theme.muted));
    f.render_widget(Paragraph::new(lines).block(pane_block(app, focused, "Agenda".into())), area);
}

fn render_main(f: &mut Frame, area: Rect, app: &App, m: &MeetingState) {
    let focused = m.pane == Pane::Main && app.modals.is_empty();
    let rows = m.rows();
    // Labels as wide as this section's longest needs, up to two fifths of the pane; a longer
    // label wraps onto the next line instead of being cut.
    let longest = rows
        .iter()
        .filter_map(|r| match r {
            Row::Field(b, key) => b.new_record().as_record().spec(key).map(|s| s.label.chars().count()),
            _ => None,
        })
        .max()
        .unwrap_or(20);
    let label_w = longest.clamp(12, (area.width as usize * 2 / 5).max(26));
    let val_w = (area.width as usize).saturating_sub(label_w + 7);
    // Each row whole and short: the row under the cursor whole (its label and value wrap onto as
    // many lines as they need), and every other row whole too as far as the pane has room.
    let same = |l: Vec<Line<'static>>| (l.clone(), l);
    let pairs: Vec<(Vec<Line<'static>>, Vec<Line<'static>>)> = rows
        .iter()
        .map(|r| match r {
            Row::Header(b) => same(vec![Line::styled(format!("── {} ──", b.title()), app.theme.title)]),
            Row::Field(b, key) => {
                let rec = m.meeting.block(*b).first().map(|i| i.record.clone()).unwrap_or_else(|| b.new_record());
                let r = rec.as_record();
                let label = r.spec(key).map(|s| s.label).unwrap_or(key);
                let v = r.get(key);
                // A finalized record's field changed by an amendment says so (the value shown is
                // the original; the amendment is the lawful change on top of it).
                let what = crate::domain::minutes::amended_field(*b, None, label);
                let amended = m.meeting.amendments.iter().rev().find(|a| a.what == what);
                let mut whole = crate::ui::widgets::field_lines(label, &v, label_w, val_w.max(10), app);
                if let Some(a) = amended {
                    let note = format!("amended {}: {}", a.date, crate::domain::text::display(&a.after));
                    whole.extend(crate::ui::widgets::field_lines("", &note, label_w, val_w.max(10), app));
                }
                let mut short = crate::ui::widgets::field_lines_short(label, &v, label_w, val_w, app);
                short[0].spans.push(Span::styled(if v.contains('\n') { " ¶" } else { "" }, app.theme.muted));
                short[0].spans.push(Span::styled(if amended.is_some() { " ✎ amended" } else { "" }, app.theme.warn));
                (whole, short)
            }
            Row::Item(b, id) => {
                let Some((i, item)) = m.meeting.find_item(*b, *id) else { return same(vec![Line::raw("")]) };
                let rec = &item.record;
                let w = val_w + label_w - 4;
                // Whole: the summary wraps under its number.
                let whole = crate::ui::widgets::softwrap::wrap_str(&crate::domain::text::display(&rec.summary()), w.max(10))
                    .into_iter()
                    .enumerate()
                    .map(|(k, r)| {
                        let num = if k == 0 { format!("{:>2}. ", i + 1) } else { "    ".to_string() };
                        Line::from(vec![Span::styled(num, app.theme.label), Span::styled(r, app.theme.text)])
                    })
                    .collect::<Vec<_>>();
                let short = vec![Line::from(vec![
                    Span::styled(format!("{:>2}. ", i + 1), app.theme.label),
                    Span::styled(summary(&rec.summary(), w), app.theme.text),
                ])];
                (whole, short)
            }
            Row::Add(b) => same(vec![Line::styled(format!("  + add {}", b.noun()), app.theme.muted)]),
            // A note wraps (it is read: "3 fields that do not apply are hidden…").
            Row::Note(t) => same(
                crate::ui::widgets::softwrap::wrap_str(t, (val_w + label_w).saturating_sub(4).max(10))
                    .into_iter()
                    .map(|l| Line::styled(format!("  {l}"), app.theme.muted))
                    .collect::<Vec<_>>(),
            ),
        })
        .collect();
    let items = crate::ui::widgets::fit_rows(pairs, m.row, area.height.saturating_sub(2) as usize);
    let title = format!("{} — {}", m.section.label(), m.section.form());
    let list = List::new(items)
        .block(pane_block(app, focused, title))
        .highlight_style(if focused { app.theme.selected } else { app.theme.text })
        .highlight_symbol(if focused { "› " } else { "  " });
    let mut st = ListState::default().with_selected(Some(m.row));
    f.render_stateful_widget(list, area, &mut st);
}
