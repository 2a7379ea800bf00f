//! The output boundary: everything iepmeet writes — to a terminal (command output, error messages,
//! the TUI's screen), to a file (CSV, Markdown, HTML, PDF, JSON) — passes through here, so text
//! stored by an older version, by another tool or by someone with the sqlite3 shell cannot move a
//! cursor, set a window title, write the clipboard, open a hyperlink or reverse the text around it.
//!
//! What is neutralised, wherever it appears in a value:
//! - C0 controls and DEL (except newline, and tab where the format keeps it), and C1 controls
//!   (U+0080–U+009F, which include the 8-bit CSI, OSC and DCS introducers);
//! - ESC-introduced sequences (CSI, OSC 0/8/52, DCS, APC, PM, SOS) are removed whole, so no
//!   fragment of a payload is left behind;
//! - bidirectional overrides, embeddings, isolates and marks (U+202A–U+202E, U+2066–U+2069,
//!   U+200E, U+200F, U+061C);
//! - zero-width and invisible formatting characters (U+200B–U+200D, U+2060–U+2064, U+FEFF, U+180E).
//!
//! A removed control character leaves a visible `?` (something was there); an escape sequence and
//! the invisible formatting characters leave nothing. JSON keeps every character and escapes these
//! as `\uXXXX` instead (`json`), so a document read back holds exactly what was stored.
//!
//! The command-line code prints only through `out!`, `outln!` and `errln!` (clippy's
//! `disallowed-macros` in clippy.toml refuses `println!` and friends elsewhere).

use std::borrow::Cow;
use std::io::Write;

/// True for a character that must not reach an output as itself.
fn hostile(c: char) -> bool {
    c.is_control() || invisible(c)
}

/// Bidi controls and zero-width/invisible formatting characters (input drops them too:
/// `domain::text::clean_line`, the roster reader).
pub fn invisible(c: char) -> bool {
    matches!(c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{180E}')
}

/// How a sanitised text keeps its layout characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Newlines and tabs stay (terminal text, Markdown, HTML, PDF lines).
    Layout,
    /// Newlines stay, tabs become a space (CSV cells).
    Newlines,
}

fn clean(input: &str, keep: Keep) -> Cow<'_, str> {
    if !input.chars().any(hostile) {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' if keep == Keep::Layout => out.push('\t'),
            '\t' => out.push(' '),
            // ESC and the 8-bit introducers: drop the whole sequence.
            '\u{1b}' => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | '_' | '^' | 'X') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                Some(n) if ('\u{20}'..='\u{7e}').contains(&n) => {
                    chars.next();
                }
                _ => out.push('?'),
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9f}' | '\u{9e}' | '\u{98}' => skip_string(&mut chars),
            c if invisible(c) => {}
            c if c.is_control() => out.push('?'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The parameters and final byte of a CSI sequence.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars>) {
    for n in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&n) {
            break;
        }
    }
}

/// The body of an OSC/DCS/APC/PM/SOS string, up to BEL or ST (ESC \ or U+009C).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars>) {
    while let Some(n) = chars.next() {
        match n {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// Text for a terminal, Markdown, HTML or a PDF line: newlines and tabs kept.
pub fn text(input: &str) -> Cow<'_, str> {
    clean(input, Keep::Layout)
}

/// One CSV cell's text: controls removed as for `text`, tabs as spaces, and a cell a spreadsheet
/// would evaluate as a formula (`=`, `+`, `-`, `@`, or a tab/CR before them; OWASP's CSV
/// injection guidance) is prefixed with `'` so it is shown as the text it is.
pub fn csv_cell(input: &str) -> Cow<'_, str> {
    let cleaned = clean(input, Keep::Newlines);
    let first = input.chars().next();
    if matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')) {
        // A negative number typed as a value ("-2") is neutralised too: a spreadsheet would
        // evaluate "-2+3" as well as show "-2".
        return Cow::Owned(format!("'{}", cleaned.trim_start_matches(['\t', '\r'])));
    }
    cleaned
}

/// A JSON document as serde_json wrote it, with every remaining C1, bidi and invisible character
/// written as a `\uXXXX` escape (serde_json escapes C0 but leaves DEL, which is escaped here with
/// the rest). The document's meaning is unchanged: a reader gets the same strings back.
pub fn json(doc: &str) -> Cow<'_, str> {
    // Newlines, tabs and CRs outside strings are the document's layout (serde escapes them inside).
    let escape = |c: char| hostile(c) && !matches!(c, '\n' | '\t' | '\r');
    if !doc.chars().any(escape) {
        return Cow::Borrowed(doc);
    }
    let mut out = String::with_capacity(doc.len() + 16);
    for c in doc.chars() {
        if escape(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A value as pretty JSON through the boundary (`json`): what every JSON output prints.
pub fn to_json<T: serde::Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    Ok(json(&serde_json::to_string_pretty(v)?).into_owned())
}

/// Write `s` to stdout, sanitised (the `out!`/`outln!` macros). A closed pipe ends quietly.
pub fn stdout(s: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text(s).as_bytes());
}

/// Write `s` to stderr, sanitised (the `errln!` macro).
pub fn stderr(s: &str) {
    let mut o = std::io::stderr().lock();
    let _ = o.write_all(text(s).as_bytes());
}

/// `print!` through the output boundary.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::stdout(&format!($($arg)*)) };
}

/// `println!` through the output boundary.
#[macro_export]
macro_rules! outln {
    () => { $crate::output::stdout("\n") };
    ($($arg:tt)*) => { $crate::output::stdout(&(format!($($arg)*) + "\n")) };
}

/// `eprintln!` through the output boundary.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => { $crate::output::stderr(&(format!($($arg)*) + "\n")) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every class the attack test plants (tests/hostile_output.rs uses the same list).
    pub const PAYLOADS: [&str; 12] = [
        "\u{1b}[2J\u{1b}[31mred",
        "\u{1b}]0;pwned title\u{7}",
        "\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}",
        "\u{1b}]8;;https://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\",
        "\u{1b}P1$qm\u{1b}\\",
        "\u{9b}31m",
        "\u{9d}0;c1 title\u{9c}",
        "\u{202e}evil\u{202c}",
        "\u{2066}iso\u{2069}",
        "zero\u{200b}width\u{feff}",
        "nul\u{0}bel\u{7}del\u{7f}",
        "\u{1b}",
    ];

    fn raw(s: &str) -> Option<char> {
        s.chars().find(|c| (c.is_control() && *c != '\n' && *c != '\t') || invisible(*c))
    }

    #[test]
    fn nothing_hostile_survives_text_or_csv() {
        for p in PAYLOADS {
            let line = format!("Ana {p} Ruiz");
            let t = text(&line);
            assert_eq!(raw(&t), None, "{p:?} → {t:?}");
            assert!(t.starts_with("Ana ") && t.ends_with(" Ruiz"), "the text around survives: {t:?}");
            let c = csv_cell(p);
            assert_eq!(raw(&c), None, "{p:?} → {c:?}");
        }
        // Nothing of an OSC payload is left behind.
        assert_eq!(text("a\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}b"), "ab");
        assert_eq!(text("a\u{9b}31mb"), "ab");
        assert_eq!(text("a\u{0}b"), "a?b");
        assert_eq!(text("line one\nline\ttwo"), "line one\nline\ttwo");
        assert!(matches!(text("plain Nguyễn Thị Ánh 陈小明"), Cow::Borrowed(_)));
    }

    #[test]
    fn formulas_are_shown_as_text_in_csv() {
        for f in ["=cmd|' /C calc'!A0", "+SUM(1)", "@HYPERLINK(\"http://x\")", "-2+3", "\t=1+1"] {
            let c = csv_cell(f);
            assert!(c.starts_with('\''), "{f:?} → {c:?}");
        }
        assert_eq!(csv_cell("Ana Ruiz"), "Ana Ruiz");
        assert_eq!(csv_cell("2026-11-20"), "2026-11-20");
    }

    #[test]
    fn json_escapes_and_keeps_every_character() {
        let v = serde_json::json!({ "name": PAYLOADS.concat() });
        let doc = serde_json::to_string(&v).unwrap();
        let safe = json(&doc);
        assert_eq!(raw(&safe), None, "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, v, "the same strings come back");
    }
}
