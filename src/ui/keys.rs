//! Key bindings as data (`data/keys.toml`, remapped by the user's config): what each key does in each
//! context. Every key press goes through `Keymap::lookup`, which turns a user's key into the `Action`
//! of the current context; the help overlay, the status line hints, the command palette and the
//! README key table are all drawn from the same bindings, so they cannot disagree.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::action::{Action, Lookup};
use super::app::{App, Modal, Pane, Screen};
use crate::config::KeySpec;
use crate::domain::fields::Kind;

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub context: String,
    /// What it does (its id in the key file is `act.id()`).
    pub act: super::action::Action,
    /// The keys that do it now (the defaults, or the user's).
    pub keys: Vec<KeyEvent>,
    /// The built-in keys: the first is the one the code answers to.
    pub defaults: Vec<KeyEvent>,
    pub show: Option<String>,
    pub help: String,
    pub fixed: bool,
}

impl Binding {
    /// "j/↓", or the `show` text.
    pub fn keys_text(&self) -> String {
        self.show.clone().unwrap_or_else(|| self.keys.iter().map(|k| key_name(*k)).collect::<Vec<_>>().join("/"))
    }
    pub fn id(&self) -> String {
        format!("{}.{}", self.context, self.act.id())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    /// Context ids and their labels, in file order.
    pub contexts: Vec<(String, String)>,
    pub bindings: Vec<Binding>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    action: String,
    keys: Vec<String>,
    help: String,
    show: Option<String>,
    #[serde(default)]
    fixed: bool,
}

/// Parse a key name: a character, a named key, `Ctrl-x`, `Alt-x`.
pub fn parse_key(s: &str) -> Result<KeyEvent, String> {
    let (mods, rest) = if let Some(r) = s.strip_prefix("Ctrl-") {
        (KeyModifiers::CONTROL, r)
    } else if let Some(r) = s.strip_prefix("Alt-") {
        (KeyModifiers::ALT, r)
    } else {
        (KeyModifiers::NONE, s)
    };
    let code = match rest {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "BackTab" => KeyCode::BackTab,
        "Space" => KeyCode::Char(' '),
        "Backspace" => KeyCode::Backspace,
        "Delete" => KeyCode::Delete,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PgUp" => KeyCode::PageUp,
        "PgDn" => KeyCode::PageDown,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        f if f.len() > 1 && f.starts_with('F') && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) => KeyCode::F(f[1..].parse().unwrap()),
        c if c.chars().count() == 1 => {
            let ch = c.chars().next().unwrap();
            if mods == KeyModifiers::CONTROL { KeyCode::Char(ch.to_ascii_lowercase()) } else { KeyCode::Char(ch) }
        }
        _ => return Err(format!("'{s}' is not a key name (a character, Enter, Esc, Tab, Up, PgDn, F1, Ctrl-x, Alt-x…)")),
    };
    Ok(KeyEvent::new(code, mods))
}

/// The name of a key as the help writes it.
pub fn key_name(k: KeyEvent) -> String {
    let base = match k.code {
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "BackTab".into(),
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Delete".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Char(c) if k.modifiers.contains(KeyModifiers::CONTROL) => c.to_ascii_uppercase().to_string(),
        KeyCode::Char(c) => c.to_string(),
        _ => "?".into(),
    };
    if k.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else if k.modifiers.contains(KeyModifiers::ALT) {
        format!("Alt-{base}")
    } else {
        base
    }
}

/// Two key events are the same key (crossterm reports Shift with capitals; ignore it for characters).
fn same(a: &KeyEvent, b: &KeyEvent) -> bool {
    let strip = |k: &KeyEvent| {
        let mut m = k.modifiers;
        if matches!(k.code, KeyCode::Char(_) | KeyCode::BackTab) {
            m.remove(KeyModifiers::SHIFT);
        }
        (k.code, m)
    };
    strip(a) == strip(b)
}

fn plain_char(k: &KeyEvent) -> bool {
    matches!(k.code, KeyCode::Char(_)) && !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

impl Keymap {
    pub fn parse(text: &str) -> Result<Keymap, String> {
        let mut table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let contexts: Vec<(String, String)> = match table.remove("context") {
            Some(toml::Value::Table(t)) => t.into_iter().map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string())).collect(),
            _ => return Err("a [context] table naming each context is required".into()),
        };
        let mut bindings = Vec::new();
        for (ctx, _) in &contexts {
            let Some(v) = table.remove(ctx) else { continue };
            let raw: Vec<RawBinding> = v.try_into().map_err(|e: toml::de::Error| format!("[[{ctx}]]: {e}"))?;
            for r in raw {
                let keys = r.keys.iter().map(|k| parse_key(k).map_err(|e| format!("{ctx}.{}: {e}", r.action))).collect::<Result<Vec<_>, _>>()?;
                let act = Action::parse(&r.action).ok_or_else(|| format!("{ctx}.{}: not an action iepmeet knows", r.action))?;
                bindings.push(Binding { context: ctx.clone(), act, keys: keys.clone(), defaults: keys, show: r.show, help: r.help, fixed: r.fixed });
            }
        }
        if let Some(k) = table.keys().next() {
            return Err(format!("[[{k}]] is not a context listed in [context]"));
        }
        Ok(Keymap { contexts, bindings })
    }

    /// The built-in bindings.
    pub fn builtin() -> &'static Keymap {
        static K: OnceLock<Keymap> = OnceLock::new();
        K.get_or_init(|| Keymap::parse(include_str!("../../data/keys.toml")).expect("data/keys.toml is valid"))
    }

    /// Apply the user's bindings (config `[keys]`). Problems are returned; the rest still applies.
    pub fn remap(&mut self, user: &BTreeMap<String, KeySpec>) -> Vec<String> {
        let mut problems = Vec::new();
        for (id, spec) in user {
            let Some(b) = self.bindings.iter_mut().find(|b| b.id() == *id) else {
                problems.push(format!("config keys: no action '{id}' (see `iepmeet keys`)"));
                continue;
            };
            if b.fixed {
                problems.push(format!("config keys: '{id}' cannot be remapped"));
                continue;
            }
            match spec.keys().iter().map(|k| parse_key(k)).collect::<Result<Vec<_>, _>>() {
                Ok(keys) if !keys.is_empty() => b.keys = keys,
                Ok(_) => problems.push(format!("config keys: '{id}' needs at least one key")),
                Err(e) => problems.push(format!("config keys: '{id}': {e}")),
            }
        }
        problems
    }

    /// Where a context's keys are looked up: itself, the meeting's shared keys for its two main
    /// panes, then the keys that work everywhere.
    pub fn chain(ctx: &'static str) -> Vec<&'static str> {
        match ctx {
            "agenda" | "forms" | "findings" => vec![ctx, "meeting", "global"],
            "global" => vec!["global"],
            _ => vec![ctx, "global"],
        }
    }

    pub fn in_context<'a>(&'a self, ctx: &'a str) -> impl Iterator<Item = &'a Binding> + 'a {
        self.bindings.iter().filter(move |b| b.context == ctx)
    }

    /// What `key` pressed in `ctx` does. While text is being typed, plain characters are text.
    pub fn lookup(&self, ctx: &'static str, key: KeyEvent, typing: bool) -> Lookup {
        if typing && plain_char(&key) {
            return Lookup::Unbound;
        }
        for c in Keymap::chain(ctx) {
            for b in self.in_context(c) {
                if b.keys.iter().any(|k| same(k, &key)) {
                    return if c == "global" { Lookup::Global(b.act) } else { Lookup::Act(b.act, c) };
                }
            }
        }
        // A default key whose action was given other keys no longer does it.
        for c in Keymap::chain(ctx) {
            for b in self.in_context(c) {
                if !b.fixed && b.keys != b.defaults && b.defaults.iter().any(|k| same(k, &key)) {
                    return Lookup::Moved;
                }
            }
        }
        Lookup::Unbound
    }

    /// The help of a context: its own keys, then those it shares.
    pub fn help(&self, ctx: &'static str) -> Vec<(String, String)> {
        Keymap::chain(ctx).into_iter().flat_map(|c| self.in_context(c).map(|b| (b.keys_text(), b.help.clone()))).collect()
    }

    /// The key table of the README: every context, every binding.
    pub fn markdown(&self) -> String {
        let mut out = String::from("| Where | Key | Action |\n|---|---|---|\n");
        for (ctx, label) in &self.contexts {
            for b in self.in_context(ctx) {
                out.push_str(&format!("| {label} | `{}` | {} |\n", b.keys_text().replace('|', "\\|"), b.help));
            }
        }
        out
    }
}

impl App {
    /// The key context now: the top popup's, else the screen's (and pane's).
    pub fn key_context(&self) -> &'static str {
        match self.modals.last() {
            Some(Modal::Form { .. }) => return "item_form",
            Some(Modal::Edit { kind: Kind::Long | Kind::Lines, .. }) => return "edit_long",
            Some(Modal::Edit { .. }) => return "edit_line",
            Some(Modal::Pick { .. } | Modal::NewMeeting { .. }) => return "picker",
            Some(Modal::Confirm { .. }) => return "confirm",
            Some(Modal::Parking { .. }) => return "parking",
            Some(Modal::Agenda { .. }) => return "agenda_timer",
            Some(Modal::Summary { .. }) => return "summary",
            Some(Modal::Results { .. }) => return "search_results",
            Some(Modal::Conflict { .. }) => return "edit_conflict",
            Some(Modal::Palette(_)) => return "palette",
            Some(Modal::Tour { .. }) => return "tour",
            None => {}
        }
        match &self.screen {
            Screen::Welcome { .. } => "welcome",
            Screen::Caseload(_) => "caseload",
            Screen::Student(_) => "student",
            Screen::Meeting(m) => match m.pane {
                Pane::Agenda => "agenda",
                Pane::Main => "forms",
                Pane::Findings => "findings",
                Pane::Minutes => "minutes",
            },
        }
    }
}

/// "a add · d delete · ? help" for the status bar.
pub fn hints(keys: &[(String, String)], max: usize) -> String {
    let mut out = String::new();
    for (k, what) in keys {
        let first = what.split_whitespace().next().unwrap_or("");
        let piece = format!("{k} {first}");
        if out.chars().count() + piece.chars().count() + 3 > max {
            break;
        }
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(&piece);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> KeyEvent {
        parse_key(s).unwrap()
    }

    #[test]
    fn key_names_round_trip() {
        for s in ["j", "J", "?", "/", "Enter", "Esc", "Tab", "Space", "PgDn", "F1", "Ctrl-P", "Alt-Enter", "Delete"] {
            let name = key_name(k(s));
            assert_eq!(k(&name.replace('↑', "Up").replace('↓', "Down")), k(s), "{s} → {name}");
        }
        assert!(parse_key("Hyper-X").is_err());
        assert!(parse_key("F13").is_err());
    }

    #[test]
    fn no_key_does_two_things_in_one_context() {
        let km = Keymap::builtin();
        for (ctx, _) in &km.contexts {
            let keys: Vec<(KeyEvent, String)> = km.in_context(ctx).flat_map(|b| b.keys.iter().map(move |k| (*k, b.id()))).collect();
            for (i, (a, ida)) in keys.iter().enumerate() {
                for (b, idb) in &keys[i + 1..] {
                    assert!(!same(a, b) || ida == idb, "{ctx}: {} is bound to {ida} and {idb}", key_name(*a));
                }
            }
        }
    }

    #[test]
    fn remapping_moves_an_action() {
        let mut km = Keymap::builtin().clone();
        let mut user = BTreeMap::new();
        user.insert("meeting.finalize".to_string(), KeySpec::One("Z".into()));
        user.insert("caseload.down".to_string(), KeySpec::Many(vec!["Ctrl-N".into(), "Down".into()]));
        assert!(km.remap(&user).is_empty());
        // Z now finalizes; F does nothing; other keys are untouched.
        assert_eq!(km.lookup("forms", k("Z"), false), Lookup::Act(Action::Finalize, "meeting"));
        assert_eq!(km.lookup("forms", k("F"), false), Lookup::Moved);
        assert_eq!(km.lookup("forms", k("T"), false), Lookup::Act(Action::Timer, "meeting"));
        assert_eq!(km.lookup("caseload", k("Ctrl-N"), false), Lookup::Act(Action::Down, "caseload"));
        assert_eq!(km.lookup("caseload", k("j"), false), Lookup::Moved);
        // While typing, characters are text.
        assert_eq!(km.lookup("minutes", k("Z"), true), Lookup::Unbound);
        assert_eq!(km.lookup("minutes", k("Enter"), true), Lookup::Act(Action::Record, "minutes"));
        // The findings pane's own keys first, then the meeting's.
        assert_eq!(km.lookup("findings", k("h"), false), Lookup::Act(Action::Back, "findings"));
        assert_eq!(km.lookup("findings", k("q"), false), Lookup::Act(Action::Back, "meeting"));
        assert!(km.help("forms").iter().any(|(keys, what)| keys == "Z" && what == "finalize meeting"));
        // Problems are reported, not fatal.
        let mut bad = BTreeMap::new();
        bad.insert("meeting.fly".to_string(), KeySpec::One("Z".into()));
        bad.insert("meeting.section".to_string(), KeySpec::One("Z".into()));
        bad.insert("meeting.timer".to_string(), KeySpec::One("Hyper-T".into()));
        let p = km.remap(&bad);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p.iter().any(|x| x.contains("no action 'meeting.fly'")));
        assert!(p.iter().any(|x| x.contains("cannot be remapped")));
    }
}
