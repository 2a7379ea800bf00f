//! The help overlay: the keys of the current screen (and pane), from `ui::keys`.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::ui::app::App;

/// What the help lists: the bindings of the current context (`App::key_context`), as the user has them.
pub fn lines_for(app: &App) -> Vec<(String, String)> {
    app.keymap.help(app.key_context())
}

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let keys = lines_for(app);
    // One column when it fits, else two side by side (80x24 shows a whole context either way).
    let room = area.height.saturating_sub(4) as usize;
    let cols = if keys.len() <= room { 1 } else { 2 };
    let rows = keys.len().div_ceil(cols);
    let w = if cols == 1 { 60 } else { area.width.saturating_sub(2).min(118) };
    let col_w = (w as usize).saturating_sub(2) / cols;
    let key_w = 13usize;
    let r = super::centered(area, w, rows as u16 + 4);
    let cell = |i: usize| -> Vec<Span> {
        match keys.get(i) {
            Some((k, what)) => vec![
                Span::styled(format!(" {:<key_w$}", crate::domain::text::summary(k, key_w)), app.theme.label),
                Span::styled(format!("{:<w$}", crate::domain::text::summary(what, col_w.saturating_sub(key_w + 2)), w = col_w.saturating_sub(key_w + 1)), app.theme.text),
            ],
            None => vec![],
        }
    };
    let mut lines: Vec<Line> = (0..rows)
        .map(|row| {
            let mut spans = cell(row);
            if cols == 2 {
                spans.extend(cell(row + rows));
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(" Any key closes this help · remap keys in config.toml [keys]", app.theme.muted));
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title("Help — keys").border_style(app.theme.border_focus)),
        r,
    );
}
