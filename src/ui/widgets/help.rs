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
    use crate::ui::widgets::softwrap::wrap_str;
    let keys = lines_for(app);
    // One column when it fits, else two side by side; a description longer than its column wraps
    // onto the next line (nothing is cut: 80x24 shows a whole context).
    let room = area.height.saturating_sub(4) as usize;
    let cols = if keys.len() <= room { 1 } else { 2 };
    let rows = keys.len().div_ceil(cols);
    let w = if cols == 1 { 64 } else { area.width.saturating_sub(2).min(118) };
    let col_w = (w as usize).saturating_sub(2) / cols;
    let key_w = keys.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(8).min(13) + 1;
    let desc_w = col_w.saturating_sub(key_w + 2).max(8);
    // One entry as its lines: the key on the first, the description wrapped beside it.
    let cell = |i: usize| -> Vec<Vec<Span>> {
        let Some((k, what)) = keys.get(i) else { return vec![] };
        // A key too long for its column has a line of its own, the description below it.
        let long_key = k.chars().count() > key_w;
        let mut out: Vec<Vec<Span>> = Vec::new();
        if long_key {
            out.push(vec![Span::styled(format!(" {:<w$}", crate::domain::text::display(k), w = key_w + desc_w + 1), app.theme.label)]);
        }
        for (n, part) in wrap_str(&crate::domain::text::display(what), desc_w).iter().enumerate() {
            let key = if n == 0 && !long_key { crate::domain::text::display(k) } else { String::new() };
            out.push(vec![
                Span::styled(format!(" {key:<key_w$}"), app.theme.label),
                Span::styled(format!("{part:<w$}", w = desc_w + 1), app.theme.text),
            ]);
        }
        out
    };
    let mut lines: Vec<Line> = Vec::new();
    for row in 0..rows {
        let left = cell(row);
        let right = if cols == 2 { cell(row + rows) } else { vec![] };
        for n in 0..left.len().max(right.len()) {
            let mut spans = left.get(n).cloned().unwrap_or_else(|| vec![Span::raw(" ".repeat(key_w + desc_w + 2))]);
            spans.extend(right.get(n).cloned().unwrap_or_default());
            lines.push(Line::from(spans));
        }
    }
    // Too long for the screen: pages, turned with Space/PgDn (nothing is cut off the bottom).
    let per_page = (area.height as usize).saturating_sub(4).max(3);
    let pages = lines.len().div_ceil(per_page).max(1);
    let page = app.help_page % pages;
    let mut lines: Vec<Line> = lines.into_iter().skip(page * per_page).take(per_page).collect();
    lines.push(Line::raw(""));
    let foot = if pages > 1 {
        format!(" Page {} of {pages}: Space or PgDn for the next · any other key closes", page + 1)
    } else {
        " Any key closes this help · remap keys in config.toml [keys]".to_string()
    };
    lines.push(Line::styled(foot, app.theme.muted));
    let r = super::centered(area, w, (lines.len() as u16 + 2).min(area.height));
    f.render_widget(Clear, r);
    let title = if pages > 1 { format!("Help — keys ({} of {pages})", page + 1) } else { "Help — keys".to_string() };
    f.render_widget(Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title).border_style(app.theme.border_focus)), r);
}
