//! Text hygiene: everything typed or read back from the database passes through here before it is
//! stored or shown, so control characters and terminal escape sequences never reach a terminal raw.

/// Longest single-line value (names, roles, places).
pub const MAX_LINE: usize = 200;
/// Longest multi-line field value (present levels, goals...).
pub const MAX_LONG: usize = 20_000;

/// The text with its first letter in upper case ("goal" → "Goal").
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Remove control characters and escape sequences from a one-line value.
/// Tabs and newlines become spaces; ANSI CSI/OSC sequences are dropped whole.
pub fn clean_line(input: &str) -> String {
    let s = strip_escapes(input, false);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Remove control characters and escape sequences from multi-line text; newlines are kept,
/// tabs become four spaces, CR/LF pairs become LF, trailing whitespace on each line is kept as typed.
pub fn clean_text(input: &str) -> String {
    strip_escapes(input, true)
}

fn strip_escapes(input: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // ESC [ ... final byte (CSI), ESC ] ... BEL/ST (OSC), ESC x (two-char sequence).
                match chars.peek() {
                    Some('[') => {
                        chars.next();
                        for n in chars.by_ref() {
                            if ('\u{40}'..='\u{7e}').contains(&n) {
                                break;
                            }
                        }
                    }
                    Some(']') | Some('P') | Some('_') | Some('^') => {
                        chars.next();
                        while let Some(n) = chars.next() {
                            if n == '\u{7}' {
                                break;
                            }
                            if n == '\u{1b}' {
                                if chars.peek() == Some(&'\\') {
                                    chars.next();
                                }
                                break;
                            }
                        }
                    }
                    Some(_) => {
                        chars.next();
                    }
                    None => {}
                }
            }
            '\r' => {
                if keep_newlines && chars.peek() != Some(&'\n') {
                    out.push('\n');
                } else if !keep_newlines {
                    out.push(' ');
                }
            }
            '\n' => out.push(if keep_newlines { '\n' } else { ' ' }),
            '\t' => out.push_str(if keep_newlines { "    " } else { " " }),
            // C0, DEL, C1 controls, and bidi overrides that could disguise text.
            c if c.is_control() => {}
            // Bidi controls and zero-width characters: the set the output boundary drops.
            c if crate::output::invisible(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Make any string safe to draw: control characters become a visible `?`.
/// Used by every render path for text that came from the database.
pub fn display(input: &str) -> String {
    if input.chars().all(|c| !c.is_control() || c == '\n') {
        return input.to_string();
    }
    input.chars().map(|c| if c.is_control() && c != '\n' { '?' } else { c }).collect()
}

/// First line of a value, shortened to `max` characters with an ellipsis.
pub fn summary(input: &str, max: usize) -> String {
    let first = input.lines().next().unwrap_or("");
    let first = display(first);
    if first.chars().count() > max {
        let mut s: String = first.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    } else {
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_csi_and_osc() {
        assert_eq!(clean_line("Ana\u{1b}[31m Ruiz\u{1b}[0m"), "Ana Ruiz");
        assert_eq!(clean_line("x\u{1b}]0;pwned\u{7}y"), "xy");
        assert_eq!(clean_line("a\u{0}b\u{7}c"), "abc");
        assert_eq!(clean_line("  two\tspaces\nand line "), "two spaces and line");
    }

    #[test]
    fn text_keeps_newlines() {
        assert_eq!(clean_text("one\r\ntwo\rthree\u{1b}[2J"), "one\ntwo\nthree");
    }

    #[test]
    fn display_masks_controls() {
        assert_eq!(display("a\u{1b}b"), "a?b");
        assert_eq!(display("plain"), "plain");
    }

    #[test]
    fn summary_truncates() {
        assert_eq!(summary("abcdef\nxyz", 4), "abc…");
        assert_eq!(summary("ab", 4), "ab");
    }
}
