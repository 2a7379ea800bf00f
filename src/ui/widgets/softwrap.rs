//! Soft wrap for the text editors (the minutes composer, text fields, one-line fields).
//!
//! tui-textarea 0.7 does not wrap: it scrolls a long line sideways. Breaking the line by inserting a
//! newline would make the stored record depend on the width of the terminal it was typed in, so the
//! editing core stays tui-textarea (undo, selection, word moves, yank) and only its *view* is
//! wrapped here: the lines it holds are exactly what was typed; only Enter in a text field or
//! Alt-Enter/Ctrl-J in the composer puts a newline in the value. The cursor and the selection are
//! drawn on the wrapped rows, and ↑/↓ move by wrapped row (`visual_move`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use tui_textarea::{CursorMove, TextArea};
use unicode_width::UnicodeWidthChar;

/// One row on screen: characters `start..end` of logical line `line`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VRow {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

fn cw(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `text` as the rows it wraps to at `width` cells (each row's characters, as shown).
pub fn wrap_str(text: &str, width: usize) -> Vec<String> {
    let lines: Vec<String> = text.split('\n').map(String::from).collect();
    wrap(&lines, width)
        .into_iter()
        .map(|r| lines[r.line].chars().skip(r.start).take(r.end - r.start).collect::<String>().trim_end().to_string())
        .collect()
}

/// Wrap `lines` to `width` cells: at a space where one fits, else inside a word longer than a row.
/// Every character belongs to exactly one row; an empty line is one empty row.
pub fn wrap(lines: &[String], width: usize) -> Vec<VRow> {
    let width = width.max(1);
    let mut out = Vec::new();
    for (ln, text) in lines.iter().enumerate() {
        let chars: Vec<char> = text.chars().collect();
        let mut start = 0;
        let mut w = 0;
        // The index just after the last space of the row being filled.
        let mut brk: Option<usize> = None;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let cwid = cw(c);
            if w + cwid > width && i > start {
                if c == ' ' {
                    // A space that does not fit hangs at the end of the row.
                    out.push(VRow { line: ln, start, end: i + 1 });
                    start = i + 1;
                    i += 1;
                } else if let Some(b) = brk.filter(|b| *b > start) {
                    out.push(VRow { line: ln, start, end: b });
                    start = b;
                    i = b;
                } else {
                    out.push(VRow { line: ln, start, end: i });
                    start = i;
                }
                w = 0;
                brk = None;
                continue;
            }
            w += cwid;
            // A row may end after a space, or after a slash or hyphen inside a long word
            // ("Nonacademic/" "extracurricular").
            // (A hyphen only between lower-case letters: "non-participation", never "2026-12-01".)
            let word_hyphen = c == '-' && i > start && chars[i - 1].is_lowercase() && chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if c == ' ' || (c == '/' && i > start) || word_hyphen {
                brk = Some(i + 1);
            }
            i += 1;
        }
        out.push(VRow { line: ln, start, end: chars.len() });
    }
    if out.is_empty() {
        out.push(VRow { line: 0, start: 0, end: 0 });
    }
    out
}

/// The wrapped row and the column (in cells) of the cursor `(line, char)`.
pub fn cursor_at(lines: &[String], rows: &[VRow], cursor: (usize, usize)) -> (usize, usize) {
    let (line, col) = cursor;
    let mut found = 0;
    for (i, r) in rows.iter().enumerate() {
        if r.line != line {
            continue;
        }
        let last_of_line = rows.get(i + 1).is_none_or(|n| n.line != line);
        if col >= r.start && (col < r.end || last_of_line) {
            found = i;
            break;
        }
        found = i;
    }
    let r = rows[found];
    let text = lines.get(line).map(String::as_str).unwrap_or("");
    let x: usize = text.chars().skip(r.start).take(col.saturating_sub(r.start)).map(cw).sum();
    (found, x)
}

/// How many rows the text takes at `width` (for sizing the composer).
pub fn height(ta: &TextArea, width: usize) -> usize {
    wrap(ta.lines(), width).len()
}

/// ↑/↓ by one wrapped row, keeping the column as near as it can. False at the first/last row (the
/// caller may then do something else with the key).
pub fn visual_move(ta: &mut TextArea, width: usize, up: bool) -> bool {
    let lines = ta.lines().to_vec();
    let rows = wrap(&lines, width);
    let (vr, x) = cursor_at(&lines, &rows, ta.cursor());
    let target = if up {
        match vr.checked_sub(1) {
            Some(t) => t,
            None => return false,
        }
    } else if vr + 1 < rows.len() {
        vr + 1
    } else {
        return false;
    };
    let r = rows[target];
    let chars: Vec<char> = lines[r.line].chars().collect();
    let mut col = r.start;
    let mut w = 0;
    let last_of_line = rows.get(target + 1).is_none_or(|n| n.line != r.line);
    let end = if last_of_line { r.end } else { r.end.saturating_sub(1).max(r.start) };
    while col < end && w + cw(chars[col]) <= x {
        w += cw(chars[col]);
        col += 1;
    }
    ta.move_cursor(CursorMove::Jump(r.line.min(u16::MAX as usize) as u16, col.min(u16::MAX as usize) as u16));
    true
}

/// How an editor is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Look {
    pub text: Style,
    pub cursor: Style,
    pub selection: Style,
    pub placeholder: Style,
    /// Draw the cursor (the editor has the focus).
    pub focused: bool,
}

/// The editor, wrapped to its area: a widget to render.
pub struct SoftWrap<'a> {
    pub ta: &'a TextArea<'a>,
    pub placeholder: &'a str,
    pub look: Look,
}

impl Widget for SoftWrap<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let lines = self.ta.lines();
        let look = self.look;
        // One cell is kept free at the right for the cursor after the last character of a row.
        let width = (area.width as usize).saturating_sub(1).max(1);
        if lines.iter().all(|l| l.is_empty()) {
            // The cursor's cell first (blank when not focused), then the hint.
            let spans = vec![Span::styled(" ", if look.focused { look.cursor } else { look.text })];
            let mut spans = spans;
            spans.push(Span::styled(self.placeholder.to_string(), look.placeholder));
            Paragraph::new(Line::from(spans)).wrap(ratatui::widgets::Wrap { trim: false }).render(area, buf);
            return;
        }
        let rows = wrap(lines, width);
        let (cur_row, _) = cursor_at(lines, &rows, self.ta.cursor());
        let h = area.height as usize;
        let top = if cur_row < h { 0 } else { cur_row + 1 - h };
        let sel = self.ta.selection_range();
        let in_sel = |line: usize, col: usize| match sel {
            Some((a, b)) => (line, col) >= a && (line, col) < b,
            None => false,
        };
        let cursor = self.ta.cursor();
        let mut out: Vec<Line> = Vec::new();
        for r in rows.iter().skip(top).take(h) {
            let chars: Vec<char> = lines[r.line].chars().collect();
            let mut spans: Vec<Span> = Vec::new();
            let mut push = |s: String, st: Style| match spans.last_mut() {
                Some(last) if last.style == st => last.content.to_mut().push_str(&s),
                _ => spans.push(Span::styled(s, st)),
            };
            let mut x = 0usize;
            for (col, &c) in chars.iter().enumerate().take(r.end).skip(r.start) {
                let style = if look.focused && (r.line, col) == cursor {
                    look.cursor
                } else if in_sel(r.line, col) {
                    look.selection
                } else {
                    look.text
                };
                // A hanging space past the edge is not drawn (unless the cursor is on it).
                if x + cw(c) > area.width as usize {
                    break;
                }
                x += cw(c);
                push(c.to_string(), style);
            }
            let last_of_line = r.end == chars.len();
            if look.focused && cursor.0 == r.line && cursor.1 == chars.len() && last_of_line {
                push(" ".into(), look.cursor);
            }
            out.push(Line::from(spans));
        }
        Paragraph::new(out).style(look.text).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> Vec<String> {
        s.split('\n').map(String::from).collect()
    }

    fn shown(s: &str, w: usize) -> Vec<String> {
        let lines = l(s);
        wrap(&lines, w).iter().map(|r| lines[r.line].chars().skip(r.start).take(r.end - r.start).collect()).collect()
    }

    #[test]
    fn wraps_at_spaces_and_keeps_every_character() {
        let s = "Parent reports that the student reads every evening for twenty minutes";
        let rows = shown(s, 20);
        assert_eq!(rows.concat(), s, "no character is lost or added");
        assert!(rows.iter().all(|r| r.trim_end().chars().count() <= 20), "{rows:?}");
        assert_eq!(rows[0], "Parent reports that ");
        // A word longer than a row is broken inside.
        assert_eq!(shown("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
        // Hard newlines stay rows of their own; empty lines are rows.
        assert_eq!(shown("one\n\ntwo", 10), ["one", "", "two"]);
        // Double-width characters count as two cells.
        assert_eq!(shown("ああああ", 4), ["ああ", "ああ"]);
    }

    #[test]
    fn cursor_follows_the_wrapped_rows() {
        let lines = l("aaaa bbbb cccc");
        let rows = wrap(&lines, 6);
        assert_eq!(rows.len(), 3);
        assert_eq!(cursor_at(&lines, &rows, (0, 0)), (0, 0));
        assert_eq!(cursor_at(&lines, &rows, (0, 5)), (1, 0));
        assert_eq!(cursor_at(&lines, &rows, (0, 14)), (2, 4));
        let mut ta = TextArea::new(lines.clone());
        ta.move_cursor(CursorMove::End);
        assert!(visual_move(&mut ta, 6, true));
        assert_eq!(ta.cursor(), (0, 9));
        assert!(visual_move(&mut ta, 6, true));
        assert_eq!(ta.cursor(), (0, 4));
        assert!(!visual_move(&mut ta, 6, true));
        assert!(visual_move(&mut ta, 6, false));
        assert_eq!(ta.lines(), lines.as_slice(), "moving never changes the text");
    }
}
