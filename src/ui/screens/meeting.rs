//! The meeting: agenda sidebar, the current section's forms, and its minutes.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::domain::meeting::Section;
use crate::domain::text::summary;
use crate::ui::app::{App, MeetingState, Pane, Row};

pub const AGENDA_WIDTH: u16 = 24;

pub fn render(f: &mut Frame, area: Rect, app: &App, m: &MeetingState) {
    let [agenda, right] = Layout::horizontal([Constraint::Length(AGENDA_WIDTH), Constraint::Min(40)]).areas(area);
    let minutes_h = (area.height * 35 / 100).max(7);
    let [main, minutes] = Layout::vertical([Constraint::Min(5), Constraint::Length(minutes_h)]).areas(right);
    render_agenda(f, agenda, app, m);
    render_main(f, main, app, m);
    f.render_widget(&m.minutes, minutes);
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
            let text = format!("{}{} {} {}", if current { "›" } else { " " }, if done { "[x]" } else { "[ ]" }, i + 1, s.label());
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
    f.render_widget(Paragraph::new(lines).block(pane_block(app, focused, "Agenda".into())), area);
}

fn render_main(f: &mut Frame, area: Rect, app: &App, m: &MeetingState) {
    let focused = m.pane == Pane::Main && app.modals.is_empty();
    let rows = m.rows();
    let label_w = if area.width >= 100 { 42 } else { 26 };
    let val_w = (area.width as usize).saturating_sub(label_w + 7);
    let items: Vec<ListItem> = rows
        .iter()
        .map(|r| match r {
            Row::Header(b) => ListItem::new(Line::styled(format!("── {} ──", b.title()), app.theme.title)),
            Row::Field(b, key) => {
                let rec = m.meeting.block(*b).first().map(|i| i.record.clone()).unwrap_or_else(|| b.new_record());
                let r = rec.as_record();
                let label = r.spec(key).map(|s| s.label).unwrap_or(key);
                let v = r.get(key);
                let multiline = v.contains('\n');
                let shown = if v.is_empty() { "—".to_string() } else { summary(&v, val_w) };
                ListItem::new(Line::from(vec![
                    Span::styled(format!("{:<label_w$} ", summary(label, label_w)), app.theme.label),
                    Span::styled(shown, app.theme.text),
                    Span::styled(if multiline { " ¶" } else { "" }, app.theme.muted),
                ]))
            }
            Row::Item(b, i) => {
                let rec = &m.meeting.block(*b)[*i].record;
                ListItem::new(Line::from(vec![
                    Span::styled(format!("{:>2}. ", i + 1), app.theme.label),
                    Span::styled(summary(&rec.summary(), val_w + label_w - 4), app.theme.text),
                ]))
            }
            Row::Add(b) => ListItem::new(Line::styled(format!("  + add {}", b.noun()), app.theme.muted)),
            Row::Note(t) => ListItem::new(Line::styled(format!("  {t}"), app.theme.muted)),
        })
        .collect();
    let title = format!("{} — {}", m.section.label(), m.section.form());
    let list = List::new(items)
        .block(pane_block(app, focused, title))
        .highlight_style(if focused { app.theme.selected } else { app.theme.text })
        .highlight_symbol(if focused { "› " } else { "  " });
    let mut st = ListState::default().with_selected(Some(m.row));
    f.render_stateful_widget(list, area, &mut st);
}
