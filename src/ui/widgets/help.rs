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
    let h = keys.len() as u16 + 4;
    let r = super::centered(area, 60, h);
    let mut lines: Vec<Line> = keys
        .iter()
        .map(|(k, what)| Line::from(vec![Span::styled(format!(" {k:<14}"), app.theme.label), Span::styled(what.clone(), app.theme.text)]))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(" Any key closes this help.", app.theme.muted));
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title("Help — keys").border_style(app.theme.border_focus)),
        r,
    );
}
