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

/// The rows of a list, each given whole (wrapped onto as many lines as it needs) and short (cut to
/// one line). The row under the cursor (`sel`) is always whole; then, from the top, every other row
/// is whole as long as the list still fits in `height` lines — nothing is cut that the screen has
/// room for, and the rows cut to a line are the ones there is no room for.
pub fn fit_rows<'a>(rows: Vec<(Vec<ratatui::text::Line<'a>>, Vec<ratatui::text::Line<'a>>)>, sel: usize, height: usize) -> Vec<ratatui::widgets::ListItem<'a>> {
    let used: usize = rows.iter().enumerate().map(|(n, (w, s))| if n == sel { w.len() } else { s.len() }).sum();
    let mut room = height.saturating_sub(used);
    rows.into_iter()
        .enumerate()
        .map(|(n, (whole, short))| {
            let more = whole.len().saturating_sub(short.len());
            let lines = if n == sel {
                whole
            } else if more <= room {
                room -= more;
                whole
            } else {
                short
            };
            ratatui::widgets::ListItem::new(lines)
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

#[cfg(test)]
mod tests {
    use ratatui::text::Line;

    fn row(whole: usize) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
        (vec![Line::raw("w"); whole], vec![Line::raw("s")])
    }

    #[test]
    fn rows_are_whole_as_far_as_there_is_room_and_the_selected_one_always() {
        let heights = |sel, h| super::fit_rows(vec![row(3), row(3), row(3)], sel, h).iter().map(|i| i.height()).collect::<Vec<_>>();
        assert_eq!(heights(2, 9), vec![3, 3, 3], "room for all: all whole");
        assert_eq!(heights(2, 7), vec![3, 1, 3], "the selected whole, then from the top while it fits");
        assert_eq!(heights(1, 5), vec![1, 3, 1]);
        assert_eq!(heights(1, 2), vec![1, 3, 1], "no room at all: still the selected whole");
        assert_eq!(heights(usize::MAX, 5), vec![3, 1, 1], "nothing selected");
    }
}
