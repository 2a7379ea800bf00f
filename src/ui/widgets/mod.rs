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
