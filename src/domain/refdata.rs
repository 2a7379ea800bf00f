//! Reference lists the forms use (roles, areas of need, service types, disability categories, meeting
//! types...), read from `data/reference.toml`. The file is compiled in, so the binary is self-contained;
//! tests check it parses and agrees with the code.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::meeting::MeetingType;

pub const REFERENCE_TOML: &str = include_str!("../../data/reference.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct MeetingTypeInfo {
    pub code: String,
    pub label: String,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RefData {
    pub meeting_types: Vec<MeetingTypeInfo>,
    /// The lists that accept a value outside them ("Other…"); every other list is fixed.
    #[serde(default)]
    pub open_lists: Vec<String>,
    pub lists: BTreeMap<String, Vec<String>>,
}

impl RefData {
    /// The reference data built into the binary.
    pub fn builtin() -> RefData {
        RefData::parse(REFERENCE_TOML).expect("data/reference.toml is valid (checked by tests)")
    }

    /// The built-in reference data, parsed once.
    pub fn shared() -> &'static RefData {
        static R: std::sync::OnceLock<RefData> = std::sync::OnceLock::new();
        R.get_or_init(RefData::builtin)
    }

    pub fn parse(text: &str) -> Result<RefData, String> {
        let r: RefData = toml::from_str(text).map_err(|e| format!("data/reference.toml: {e}"))?;
        for t in &r.meeting_types {
            if MeetingType::from_code(&t.code).is_none() {
                return Err(format!("data/reference.toml: unknown meeting type code '{}'", t.code));
            }
        }
        for t in MeetingType::ALL {
            if !r.meeting_types.iter().any(|i| i.code == t.code()) {
                return Err(format!("data/reference.toml: meeting type '{}' is missing", t.code()));
            }
        }
        if let Some(l) = r.open_lists.iter().find(|l| !r.lists.contains_key(*l)) {
            return Err(format!("data/reference.toml: open_lists names '{l}', which is not a list"));
        }
        Ok(r)
    }

    /// Whether list `key` is fixed: only its values are accepted. Lists that depend on the meeting
    /// (`@attendees`, `@criteria`, …) are checked where the meeting is known.
    pub fn is_fixed(&self, key: &str) -> bool {
        !key.starts_with('@') && !self.open_lists.iter().any(|l| l == key)
    }

    /// The list's own spelling of `value` (matched ignoring case and surrounding space), or why not.
    pub fn canonical(&self, key: &str, value: &str) -> Result<String, String> {
        let list = self.list(key);
        if let Some(v) = list.iter().find(|v| v.trim().eq_ignore_ascii_case(value.trim())) {
            return Ok(v.clone());
        }
        Err(if list.len() <= 8 {
            format!("'{value}' is not one of: {}", list.join(" | "))
        } else {
            format!("'{value}' is not one of the {} values of the list `{key}` (data/reference.toml; docs/meeting-format.md lists them)", list.len())
        })
    }

    pub fn list(&self, key: &str) -> &[String] {
        self.lists.get(key).map(|v| v.as_slice()).unwrap_or(&[])
    }

    pub fn meeting_type(&self, t: MeetingType) -> &MeetingTypeInfo {
        self.meeting_types.iter().find(|i| i.code == t.code()).expect("checked at parse")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields::Kind;
    use crate::domain::meeting::Block;
    use crate::domain::student::Student;

    #[test]
    fn every_choice_field_has_a_list() {
        let r = RefData::builtin();
        let mut specs: Vec<_> = Student::SPECS.to_vec();
        for b in Block::ALL {
            specs.extend_from_slice(b.new_record().as_record().specs());
        }
        for s in specs {
            if let Kind::Choice(k) | Kind::Multi(k) = s.kind {
                if !k.starts_with('@') {
                    assert!(!r.list(k).is_empty(), "field {} uses missing list {k}", s.key);
                }
            }
        }
        assert_eq!(r.list("frequency_periods"), ["daily", "weekly", "monthly", "quarterly", "yearly"]);
    }

    #[test]
    fn bad_meeting_type_is_refused() {
        let bad = "[[meeting_types]]\ncode='picnic'\nlabel='x'\ndescription='y'\n[lists]\n";
        assert!(RefData::parse(bad).unwrap_err().contains("picnic"));
    }
}
