//! First run on an empty database: demo, import, or start empty.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::ui::app::App;

pub const CHOICES: [(&str, &str); 3] = [
    ("d", "Load the fictional demo caseload (40 invented students, IDs DEMO-…)"),
    ("i", "Import a roster from your student information system"),
    ("e", "Start with an empty caseload"),
];

pub fn render(f: &mut Frame, area: Rect, app: &App, sel: usize) {
    let [_, mid, _] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(74), Constraint::Fill(1)]).areas(area);
    let mut lines = vec![
        Line::styled("Welcome to iepmeet", app.theme.title),
        Line::raw(""),
        Line::styled("Runs an IEP meeting section by section and records the minutes as you type.", app.theme.text),
        Line::styled(format!("Database: {}", crate::domain::text::display(&app.store.path().display().to_string())), app.theme.muted),
        Line::raw(""),
        Line::styled("This database is empty. How would you like to start?", app.theme.text),
        Line::raw(""),
    ];
    for (i, (k, what)) in CHOICES.iter().enumerate() {
        let marker = if i == sel { "› " } else { "  " };
        let style = if i == sel { app.theme.selected } else { app.theme.text };
        lines.push(Line::from(vec![Span::styled(format!("{marker}[{k}] {what}"), style)]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Press ? at any time for the keys of the screen you are on.", app.theme.muted));
    let block = Block::default().borders(Borders::ALL).border_style(app.theme.border_focus);
    f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), mid);
}
