//! Languages of the meeting record export (`data/i18n/<code>.toml`): headings, fixed wording,
//! consent choices and the transfer-of-rights statement. Keys are the English text, with
//! `{placeholders}`; a missing key falls back to English and is remembered, so a test can say which
//! words a language file lacks. The team's own text is never translated.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    code: String,
    name: String,
    text: toml::Table,
    statements: BTreeMap<String, String>,
}

#[derive(Debug)]
pub struct Lang {
    pub code: String,
    pub name: String,
    text: BTreeMap<String, String>,
    statements: BTreeMap<String, String>,
    missing: RefCell<BTreeSet<String>>,
}

/// The languages built in: code and file.
pub const BUILTIN: [(&str, &str); 2] = [("en", include_str!("../../data/i18n/en.toml")), ("es", include_str!("../../data/i18n/es.toml"))];

/// Statements every language must have.
pub const STATEMENTS: [&str; 1] = ["transfer_of_rights"];

impl Lang {
    pub fn parse(text: &str) -> Result<Lang, String> {
        let f: File = toml::from_str(text).map_err(|e| e.to_string())?;
        // `[text]` may be grouped in sub-tables (sections, blocks...) for readability; all one namespace.
        let mut map = BTreeMap::new();
        fn walk(t: &toml::Table, out: &mut BTreeMap<String, String>) -> Result<(), String> {
            for (k, v) in t {
                match v {
                    toml::Value::String(s) => {
                        let want: BTreeSet<&str> = placeholders(k);
                        if placeholders(s) != want {
                            return Err(format!("'{k}': the translation must keep the placeholders {want:?}"));
                        }
                        out.insert(k.clone(), s.clone());
                    }
                    toml::Value::Table(sub) => walk(sub, out)?,
                    _ => return Err(format!("'{k}': expected text")),
                }
            }
            Ok(())
        }
        walk(&f.text, &mut map)?;
        for s in STATEMENTS {
            if !f.statements.contains_key(s) {
                return Err(format!("statement '{s}' is missing"));
            }
        }
        Ok(Lang { code: f.code, name: f.name, text: map, statements: f.statements, missing: RefCell::default() })
    }

    /// A built-in language by code (`en`, `es`).
    pub fn builtin(code: &str) -> Result<Lang, String> {
        let (_, text) = BUILTIN.iter().find(|(c, _)| *c == code).ok_or_else(|| {
            let codes: Vec<&str> = BUILTIN.iter().map(|(c, _)| *c).collect();
            format!("unknown language '{code}' (available: {})", codes.join(", "))
        })?;
        Lang::parse(text).map_err(|e| format!("data/i18n/{code}.toml: {e}"))
    }

    /// The text for an English key (the key itself in English, or when the language lacks it).
    pub fn t(&self, key: &str) -> String {
        match self.text.get(key) {
            Some(s) => s.clone(),
            None => {
                if self.code != "en" {
                    self.missing.borrow_mut().insert(key.to_string());
                }
                key.to_string()
            }
        }
    }

    /// The translation when this language has one, else the English (not counted as missing): for
    /// form labels and choices, which a language file may translate but need not.
    pub fn try_t(&self, key: &str) -> String {
        self.text.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// `t` with `{name}` placeholders filled.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.t(key);
        for (k, v) in args {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }

    pub fn statement(&self, key: &str) -> String {
        self.statements.get(key).cloned().unwrap_or_default()
    }

    /// English keys asked for that this language does not have.
    pub fn missing(&self) -> Vec<String> {
        self.missing.borrow().iter().cloned().collect()
    }
}

fn placeholders(s: &str) -> BTreeSet<&str> {
    s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(name, _)| name)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse_and_translate() {
        let es = Lang::builtin("es").unwrap();
        assert_eq!(es.t("Decisions"), "Decisiones");
        assert_eq!(es.f("handled in {section}", &[("section", "Metas")]), "tratado en Metas");
        assert_eq!(es.t("Agree to the IEP"), "Estoy de acuerdo con el IEP");
        assert!(es.statement("transfer_of_rights").contains("18 años"));
        assert_eq!(es.t("Some words nobody translated"), "Some words nobody translated");
        assert_eq!(es.missing(), vec!["Some words nobody translated"]);
        let en = Lang::builtin("en").unwrap();
        assert_eq!(en.t("Decisions"), "Decisions");
        assert!(en.missing().is_empty());
        assert!(Lang::builtin("fr").unwrap_err().contains("available: en, es"));
    }

    #[test]
    fn bad_language_files_are_refused() {
        let ok = "code='x'\nname='X'\n[statements]\ntransfer_of_rights='t'\n";
        assert!(Lang::parse(&format!("{ok}[text]\n'Finalized {{at}}' = 'Fin'\n")).unwrap_err().contains("placeholders"));
        assert!(Lang::parse("code='x'\nname='X'\n[text]\n[statements]\n").unwrap_err().contains("transfer_of_rights"));
    }
}
