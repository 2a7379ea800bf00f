//! The caseload: every student with the dates that matter, searchable by name or ID.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use crate::domain::dates::relative;
use crate::domain::text::{display, summary};
use crate::ui::app::{App, CaseloadState};

pub fn render(f: &mut Frame, area: Rect, app: &App, c: &CaseloadState) {
    let [search, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let prompt = if c.searching {
        Line::from(vec![
            Span::styled("Search (name or ID): ", app.theme.label),
            Span::styled(format!("{}▏", display(&c.filter)), app.theme.text),
            Span::styled("  Enter keep · Esc clear", app.theme.muted),
        ])
    } else if !c.filter.is_empty() {
        Line::from(vec![
            Span::styled("Filter: ", app.theme.label),
            Span::styled(display(&c.filter), app.theme.text),
            Span::styled(format!("  {} of {} · Esc clears", c.shown.len(), c.students.len()), app.theme.muted),
        ])
    } else {
        Line::styled(format!("{} students · / search · a add · Enter open", c.students.len()), app.theme.muted)
    };
    f.render_widget(Paragraph::new(prompt), search);

    let wide = area.width >= 110;
    let mut header = vec!["Name", "ID", "Age", "Gr", "Case manager", "Disability", "Annual due"];
    if wide {
        header.push("Triennial due");
    }
    let today = app.today;
    let rows: Vec<Row> = c
        .shown
        .iter()
        .map(|i| {
            let s = &c.students[*i].1;
            let due = s.next_annual_due();
            let due_text = match due {
                Some(d) if d < today => format!("{d} OVERDUE"),
                Some(d) if (d - today).num_days() <= 30 => format!("{d} soon"),
                Some(d) => d.to_string(),
                None => "—".into(),
            };
            let due_style = match due {
                Some(d) if d < today => app.theme.error,
                Some(d) if (d - today).num_days() <= 30 => app.theme.warn,
                _ => app.theme.text,
            };
            let mut cells = vec![
                Cell::from(summary(&s.full_name(), 28)),
                Cell::from(display(&s.local_id)),
                Cell::from(s.age(today).map(|a| a.to_string()).unwrap_or_default()),
                Cell::from(display(&s.grade)),
                Cell::from(summary(&s.case_manager, 20)),
                Cell::from(summary(&s.primary_disability, 28)),
                Cell::from(due_text).style(due_style),
            ];
            if wide {
                cells.push(Cell::from(
                    s.next_triennial_due().map(|d| format!("{d} ({})", relative(d, today))).unwrap_or_default(),
                ));
            }
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![
        Constraint::Fill(3),
        Constraint::Length(11),
        Constraint::Length(3),
        Constraint::Length(5),
        Constraint::Fill(2),
        Constraint::Fill(2),
        Constraint::Length(18),
    ];
    if wide {
        widths.push(Constraint::Length(28));
    }
    let empty = rows.is_empty();
    let t = Table::new(rows, widths)
        .header(Row::new(header).style(app.theme.label))
        .row_highlight_style(app.theme.selected)
        .highlight_symbol("› ")
        .block(Block::default().borders(Borders::ALL).border_style(app.theme.border_focus).title("Caseload"));
    let mut state = TableState::default().with_selected(if empty { None } else { Some(c.sel) });
    f.render_stateful_widget(t, table, &mut state);
    if empty {
        let msg = if c.students.is_empty() { "No students yet. Press a to add one." } else { "No student matches the search." };
        let inner = Rect { x: table.x + 2, y: table.y + 2, width: table.width.saturating_sub(4), height: 1 };
        f.render_widget(Paragraph::new(msg).style(app.theme.muted), inner);
    }
}
