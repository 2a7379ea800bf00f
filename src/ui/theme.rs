//! Themes: named styles loaded from `themes/*.toml` (compiled in, or a path given with `--theme`).
//! With `NO_COLOR` set, every colour is dropped and only bold/underline/reverse remain.

use std::collections::BTreeMap;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

pub const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
    ("colour-blind", include_str!("../../themes/colour-blind.toml")),
    ("monochrome", include_str!("../../themes/monochrome.toml")),
];

#[derive(Debug, Deserialize)]
struct ThemeFile {
    name: String,
    styles: BTreeMap<String, StyleSpec>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    underlined: bool,
    #[serde(default)]
    reversed: bool,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub text: Style,
    pub muted: Style,
    pub label: Style,
    pub title: Style,
    pub header: Style,
    pub selected: Style,
    pub border: Style,
    pub border_focus: Style,
    pub error: Style,
    pub ok: Style,
    pub warn: Style,
    pub status: Style,
}

const KEYS: [&str; 12] =
    ["text", "muted", "label", "title", "header", "selected", "border", "border_focus", "error", "ok", "warn", "status"];

impl Theme {
    /// Load a theme by built-in name or file path. `no_color` strips all colours.
    pub fn load(name_or_path: &str, no_color: bool) -> Result<Theme, String> {
        let text = match BUILTIN.iter().find(|(n, _)| *n == name_or_path) {
            Some((_, t)) => t.to_string(),
            None => std::fs::read_to_string(name_or_path).map_err(|e| {
                let names: Vec<_> = BUILTIN.iter().map(|(n, _)| *n).collect();
                format!("theme '{name_or_path}': {e} (built-in themes: {})", names.join(", "))
            })?,
        };
        Theme::parse(&text, no_color).map_err(|e| format!("theme '{name_or_path}': {e}"))
    }

    pub fn parse(text: &str, no_color: bool) -> Result<Theme, String> {
        let f: ThemeFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| format!("line {}: ", text[..s.start.min(text.len())].matches('\n').count() + 1)).unwrap_or_default();
            format!("{line}{}", e.message().trim())
        })?;
        // The line a style is defined on, for messages.
        let line_of = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key) && l.trim_start()[key.len()..].trim_start().starts_with('='))
                .map(|n| format!("line {}: ", n + 1))
                .unwrap_or_default()
        };
        for k in f.styles.keys() {
            if !KEYS.contains(&k.as_str()) {
                return Err(format!("{}unknown style '{k}' (known: {})", line_of(k), KEYS.join(", ")));
            }
        }
        let get = |k: &str| -> Result<Style, String> {
            let spec = f.styles.get(k).cloned().unwrap_or_default();
            let mut st = Style::default();
            if !no_color {
                if let Some(c) = &spec.fg {
                    st = st.fg(Color::from_str(c).map_err(|_| format!("{}style '{k}': unknown colour '{c}'", line_of(k)))?);
                }
                if let Some(c) = &spec.bg {
                    st = st.bg(Color::from_str(c).map_err(|_| format!("{}style '{k}': unknown colour '{c}'", line_of(k)))?);
                }
            }
            if spec.bold {
                st = st.add_modifier(Modifier::BOLD);
            }
            if spec.underlined {
                st = st.add_modifier(Modifier::UNDERLINED);
            }
            if spec.reversed {
                st = st.add_modifier(Modifier::REVERSED);
            }
            Ok(st)
        };
        let mut t = Theme {
            name: f.name.clone(),
            text: get("text")?,
            muted: get("muted")?,
            label: get("label")?,
            title: get("title")?,
            header: get("header")?,
            selected: get("selected")?,
            border: get("border")?,
            border_focus: get("border_focus")?,
            error: get("error")?,
            ok: get("ok")?,
            warn: get("warn")?,
            status: get("status")?,
        };
        if no_color {
            // Without colour, emphasis comes from reverse video and bold only.
            t.selected = t.selected.add_modifier(Modifier::REVERSED);
            t.header = t.header.add_modifier(Modifier::REVERSED);
            t.status = t.status.add_modifier(Modifier::REVERSED);
        }
        Ok(t)
    }

    /// The theme used when `NO_COLOR` is set.
    pub fn monochrome() -> Theme {
        Theme::load("monochrome", true).expect("built-in theme")
    }

    /// The theme to use: `NO_COLOR` always means monochrome; otherwise `name` (built-in or a file).
    pub fn choose(name: &str, no_color: bool) -> Result<Theme, String> {
        if no_color {
            return Ok(Theme::monochrome());
        }
        Theme::load(name, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse() {
        for (n, _) in BUILTIN {
            let t = Theme::load(n, false).unwrap();
            assert_eq!(&t.name, n);
            // Selection is visible with or without colour.
            assert!(t.selected.bg.is_some() || t.selected.add_modifier.contains(Modifier::REVERSED), "{n}");
        }
    }

    #[test]
    fn no_color_strips_colours() {
        let t = Theme::load("default", true).unwrap();
        for st in [t.text, t.selected, t.error, t.header, t.status] {
            assert_eq!((st.fg, st.bg), (None, None));
        }
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
        let m = Theme::choose("colour-blind", true).unwrap();
        assert_eq!(m.name, "monochrome", "NO_COLOR wins over any theme");
        assert!(KEYS.len() == 12);
    }

    #[test]
    fn bad_theme_is_explained() {
        let e = Theme::parse("name='x'\n[styles]\ntext={fg='chartreuse-ish'}", false).unwrap_err();
        assert!(e.starts_with("line 3: style 'text': unknown colour"), "{e}");
        let e = Theme::parse("name='x'\n[styles]\nbogus={}", false).unwrap_err();
        assert!(e.starts_with("line 3: unknown style 'bogus'"), "{e}");
        let e = Theme::parse("name='x'\n[styles]\ntext={fg='red', blink=true}", false).unwrap_err();
        assert!(e.starts_with("line 3: ") && e.contains("blink"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mine.toml");
        std::fs::write(&p, "name='mine'\n[styles]\nwarn={fg='nope'}\n").unwrap();
        let e = Theme::load(p.to_str().unwrap(), false).unwrap_err();
        assert!(e.contains("mine.toml") && e.contains("line 3") && e.contains("'warn'"), "{e}");
        assert!(Theme::load("/nonexistent/theme.toml", false).unwrap_err().contains("built-in themes"));
    }
}
