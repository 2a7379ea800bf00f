//! Popups drawn over a screen.
pub mod closing;
pub mod help;
pub mod modal;
pub mod softwrap;

use ratatui::layout::Rect;

/// A rectangle of `w` x `h` centred in `area` (clamped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// A field's label and value side by side, each wrapped to its column (display only): no label is
/// cut. `whole` shows the whole value; otherwise it is one line (with "…" when cut), the label's
/// further lines under it with nothing beside them.
pub fn field_lines(label: &str, value: &str, label_w: usize, val_w: usize, app: &crate::ui::app::App) -> Vec<ratatui::text::Line<'static>> {
    use ratatui::text::{Line, Span};
    let left = softwrap::wrap_str(label, label_w);
    let right = if value.is_empty() { vec!["—".to_string()] } else { softwrap::wrap_str(&crate::domain::text::display(value), val_w) };
    (0..left.len().max(right.len()))
        .map(|i| {
            Line::from(vec![
                Span::styled(format!("{:<label_w$} ", left.get(i).map(String::as_str).unwrap_or("")), app.theme.label),
                Span::styled(right.get(i).cloned().unwrap_or_default(), app.theme.text),
            ])
        })
        .collect()
}

/// `field_lines` with the value on one line (cut with "…"), for rows not under the cursor.
pub fn field_lines_short(label: &str, value: &str, label_w: usize, val_w: usize, app: &crate::ui::app::App) -> Vec<ratatui::text::Line<'static>> {
    use ratatui::text::{Line, Span};
    // (`summary` shows the first line, sanitised.)
    let shown = if value.is_empty() { "—".to_string() } else { crate::domain::text::summary(value, val_w) };
    let left = softwrap::wrap_str(label, label_w);
    left.iter()
        .enumerate()
        .map(|(i, l)| {
            let mut spans = vec![Span::styled(format!("{l:<label_w$} "), app.theme.label)];
            if i == 0 {
                spans.push(Span::styled(shown.clone(), app.theme.text));
            }
            Line::from(spans)
        })
        .collect()
}
