//! The user's configuration file: theme, default policy profile, key bindings, and whether the
//! first-run tour was seen. `config.toml` in the platform config directory (`directories`), or where
//! `IEPMEET_CONFIG` points. A broken file never stops iepmeet: the problem is reported with the file,
//! line and key, and the defaults are used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// A built-in theme name or a path to a theme file.
    pub theme: Option<String>,
    /// Policy profile for databases that have none chosen yet (`california`, `idea-federal`).
    pub policy: Option<String>,
    /// Key bindings: action id → key or list of keys (`"meeting.finalize" = "F"`). See `iepmeet keys`.
    #[serde(default)]
    pub keys: BTreeMap<String, KeySpec>,
    /// Show the first-run tour (set to false to never show it).
    pub tour: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum KeySpec {
    One(String),
    Many(Vec<String>),
}

impl KeySpec {
    pub fn keys(&self) -> Vec<String> {
        match self {
            KeySpec::One(k) => vec![k.clone()],
            KeySpec::Many(v) => v.clone(),
        }
    }
}

/// Where the configuration file is.
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("IEPMEET_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("org", "iepmeet", "iepmeet").map(|d| d.config_dir().join("config.toml"))
}

/// Line (1-based) of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Parse a configuration text; errors name the file, the line and the key.
pub fn parse(path: &Path, text: &str) -> Result<Config, String> {
    toml::from_str::<Config>(text).map_err(|e| {
        let line = e.span().map(|s| format!(", line {}", line_of(text, s.start))).unwrap_or_default();
        let msg = e.message().trim().replace('\n', " ");
        format!("{}{line}: {msg}", path.display())
    })
}

/// Load the configuration: the defaults when there is no file, and when the file is broken the
/// defaults plus a message saying what is wrong and where.
pub fn load(path: Option<&Path>) -> (Config, Option<String>) {
    let Some(path) = path else { return (Config::default(), None) };
    match std::fs::read_to_string(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
        Err(e) => (Config::default(), Some(format!("{}: {e}; using the defaults", path.display()))),
        Ok(text) => match parse(path, &text) {
            Ok(c) => (c, None),
            Err(e) => (Config::default(), Some(format!("{e}; using the defaults"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file() {
        let c = parse(Path::new("c.toml"), "theme = 'light'\npolicy = 'idea-federal'\ntour = false\n[keys]\n'meeting.finalize' = 'Z'\n'caseload.down' = ['j', 'Down']\n").unwrap();
        assert_eq!(c.theme.as_deref(), Some("light"));
        assert_eq!(c.keys["meeting.finalize"].keys(), vec!["Z"]);
        assert_eq!(c.keys["caseload.down"].keys(), vec!["j", "Down"]);
        assert_eq!(c.tour, Some(false));
    }

    #[test]
    fn bad_files_name_the_file_line_and_key() {
        let e = parse(Path::new("/home/x/config.toml"), "theme = 'light'\n\ncolour = 'red'\n").unwrap_err();
        assert!(e.starts_with("/home/x/config.toml, line 3:"), "{e}");
        assert!(e.contains("colour"), "{e}");
        let e = parse(Path::new("c.toml"), "theme = 3\n").unwrap_err();
        assert!(e.contains("line 1") && e.contains("string"), "{e}");
        let e = parse(Path::new("c.toml"), "theme = 'light\n").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
    }

    #[test]
    fn missing_or_broken_files_give_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        assert_eq!(load(Some(&p)), (Config::default(), None));
        std::fs::write(&p, "[keys\n").unwrap();
        let (c, warn) = load(Some(&p));
        assert_eq!(c, Config::default());
        assert!(warn.unwrap().contains("using the defaults"));
    }
}
