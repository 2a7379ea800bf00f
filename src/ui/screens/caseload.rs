//! The caseload dashboard: every student ordered by urgency (overdue first), with quick views, filters
//! and fuzzy search. Only the visible window of rows is built, so a 100,000-student caseload draws as
//! fast as a small one.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use crate::domain::dates::age_on;
use crate::domain::text::{display, summary};
use crate::ui::app::App;
use crate::ui::components::caseload::{CaseView, CaseloadState};

pub fn render(f: &mut Frame, area: Rect, app: &App, c: &CaseloadState) {
    let [bar, search, table] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let th = &app.theme;

    // Filters in force, each named (never only a color).
    let mut parts = vec![Span::styled("View: ", th.label), Span::styled(c.view.label(c.within), th.text)];
    if let Some(m) = &c.manager {
        parts.push(Span::styled(" · manager: ", th.label));
        parts.push(Span::styled(summary(m, 20), th.text));
    }
    if let Some(s) = &c.school {
        parts.push(Span::styled(" · school: ", th.label));
        parts.push(Span::styled(summary(s, 20), th.text));
    }
    if let Some(k) = c.kind {
        parts.push(Span::styled(" · next: ", th.label));
        parts.push(Span::styled(k.label(), th.text));
    }
    parts.push(Span::styled(
        if c.filtered() { "   f view · m s t filter · x clear" } else { "   f view · n days · m manager · s school · t type" },
        th.muted,
    ));
    f.render_widget(Paragraph::new(Line::from(parts)), bar);

    let prompt = if c.searching {
        Line::from(vec![
            Span::styled("Search (name or ID): ", th.label),
            Span::styled(format!("{}▏", display(&c.filter)), th.text),
            Span::styled(format!("  {} match · Enter keep · Esc clear", c.shown.len()), th.muted),
        ])
    } else if !c.filter.is_empty() {
        Line::from(vec![
            Span::styled("Search: ", th.label),
            Span::styled(display(&c.filter), th.text),
            Span::styled(format!("  {} of {} · Esc clears", c.shown.len(), c.rows.len()), th.muted),
        ])
    } else if c.loading() {
        Line::styled(
            format!("The {} most urgent of {} students · loading the rest for search and filters…", c.rows.len(), c.total),
            th.muted,
        )
    } else {
        Line::styled(
            format!("{} of {} students, most urgent first · / search · a add · Enter open", c.shown.len(), c.rows.len()),
            th.muted,
        )
    };
    f.render_widget(Paragraph::new(prompt), search);

    let wide = area.width >= 110;
    let mut header = vec!["Name", "ID", "Next deadline", "Type", "Meeting"];
    if wide {
        header.splice(2..2, ["Age", "Gr", "Case manager", "School"]);
    }
    let today = c.today;
    // The visible window: the selection stays in view, as a list would scroll.
    let height = table.height.saturating_sub(3) as usize;
    let offset = if height == 0 { c.sel } else { c.sel.saturating_sub(height - 1) };
    let rows: Vec<Row> = c
        .shown
        .iter()
        .skip(offset)
        .take(height.max(1))
        .map(|i| {
            let r = &c.rows[*i];
            // A mark and a word carry the urgency; the color only repeats it.
            let (due_text, due_style) = match r.next_deadline {
                Some(d) if d < today => (format!("✗ {d} {}d OVERDUE", (today - d).num_days()), th.error),
                Some(d) if (d - today).num_days() <= 30 => (format!("! {d} in {}d", (d - today).num_days()), th.warn),
                Some(d) => (format!("  {d} in {}d", (d - today).num_days()), th.text),
                None => ("  —".into(), th.muted),
            };
            // An open meeting, and its ERRORs at its last check (said in words, not a letter code).
            let open = match r.open_meeting {
                Some(_) if r.open_errors > 0 => format!("✗{} ERR", r.open_errors),
                Some(_) => "open".into(),
                None => String::new(),
            };
            let mut cells = vec![
                Cell::from(summary(&r.full_name(), 30)),
                Cell::from(display(&r.local_id)),
                Cell::from(due_text).style(due_style),
                Cell::from(r.next_kind.map(|k| k.short()).unwrap_or("")),
                Cell::from(open).style(if r.open_errors > 0 { th.error } else { th.text }),
            ];
            if wide {
                cells.splice(
                    2..2,
                    [
                        Cell::from(r.dob.map(|d| age_on(d, today).to_string()).unwrap_or_default()),
                        Cell::from(display(&r.grade)),
                        Cell::from(summary(&r.case_manager, 20)),
                        Cell::from(summary(&r.school, 22)),
                    ],
                );
            }
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![
        Constraint::Fill(3),
        Constraint::Length(10),
        Constraint::Length(25),
        Constraint::Length(9),
        Constraint::Length(8),
    ];
    if wide {
        widths.splice(2..2, [Constraint::Length(3), Constraint::Length(5), Constraint::Fill(2), Constraint::Fill(2)]);
    }
    let empty = rows.is_empty();
    let title = match c.view {
        CaseView::All if !c.filtered() => "Caseload".to_string(),
        _ => format!("Caseload — {}", c.view.label(c.within)),
    };
    let t = Table::new(rows, widths)
        .header(Row::new(header).style(th.label))
        .row_highlight_style(th.selected)
        .highlight_symbol("› ")
        .block(Block::default().borders(Borders::ALL).border_style(th.border_focus).title(title));
    let mut state = TableState::default().with_selected(if empty { None } else { Some(c.sel - offset) });
    f.render_stateful_widget(t, table, &mut state);
    if empty {
        let msg = if c.rows.is_empty() {
            "No students yet. Press a to add one, or run `iepmeet import students FILE.csv`."
        } else if !c.filter.is_empty() {
            "No student matches the search."
        } else {
            "No student in this view. Press x to clear the filters."
        };
        let inner = Rect { x: table.x + 2, y: table.y + 2, width: table.width.saturating_sub(4), height: 1 };
        f.render_widget(Paragraph::new(msg).style(th.muted), inner);
    }
}
