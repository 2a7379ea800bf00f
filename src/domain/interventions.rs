//! The interventions a behavior plan may not plan (handbook 14.24), as a vocabulary of phrases and
//! their variants in `data/prohibited_interventions.toml`, and the matcher the rule uses.

use serde::Deserialize;

pub const PROHIBITED_TOML: &str = include_str!("../../data/prohibited_interventions.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intervention {
    /// The item of 14.24's list (0: seclusion or restraint, allowed only in an emergency).
    pub item: u32,
    pub what: String,
    pub phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    intervention: Vec<Intervention>,
}

/// Words after which a phrase is refused, not planned ("never place the student face down").
const NEGATIONS: [&str; 6] = ["no", "not", "never", "without", "avoid", "prohibited"];

pub fn parse(text: &str) -> Result<Vec<Intervention>, String> {
    let f: File = toml::from_str(text).map_err(|e| format!("data/prohibited_interventions.toml: {e}"))?;
    for i in &f.intervention {
        if let Some(p) = i.phrases.iter().find(|p| words(p).is_empty() || words(p).first().is_some_and(|w| w == "*")) {
            return Err(format!("data/prohibited_interventions.toml: item {}: phrase '{p}' must start with a word", i.item));
        }
    }
    Ok(f.intervention)
}

/// The built-in vocabulary, parsed once.
pub fn all() -> &'static [Intervention] {
    static ALL: std::sync::OnceLock<Vec<Intervention>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| parse(PROHIBITED_TOML).expect("data/prohibited_interventions.toml is valid (checked by tests)"))
}

/// Every phrase as its words, with its intervention: split once, matched on every check.
fn patterns() -> &'static [(&'static Intervention, Vec<String>)] {
    static P: std::sync::OnceLock<Vec<(&'static Intervention, Vec<String>)>> = std::sync::OnceLock::new();
    P.get_or_init(|| all().iter().flat_map(|i| i.phrases.iter().map(move |p| (i, words(p)))).collect())
}

/// Lower-case words, punctuation and hyphens as spaces ("Face-down," is "face down").
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '*' || c == '\''))
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

fn word_matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some("") => true,
        Some(stem) => word.starts_with(stem),
        None => pattern == word,
    }
}

/// The first prohibited intervention `text` plans, and the words that name it. A phrase after a
/// negation in the same clause (up to five words before it) is a refusal, not a plan.
pub fn planned_in(text: &str) -> Option<(&'static Intervention, String)> {
    if text.trim().is_empty() {
        return None;
    }
    let clauses: Vec<Vec<String>> = text.split(['.', ';', '!', '?', '\n']).map(words).collect();
    for (i, pat) in patterns() {
        for t in &clauses {
            for at in 0..t.len() {
                if at + pat.len() > t.len() || !pat.iter().zip(&t[at..]).all(|(p, w)| word_matches(p, w)) {
                    continue;
                }
                let refused = t[at.saturating_sub(5)..at].iter().any(|w| NEGATIONS.contains(&w.as_str()));
                if !refused {
                    return Some((i, t[at..at + pat.len()].join(" ")));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_and_their_variants_are_found_refusals_are_not() {
        for (text, item) in [
            ("If he bolts, staff hold him face-down until calm.", 5),
            ("Two staff hold her hands behind her back.", 5),
            ("Prone hold for up to 5 minutes.", 5),
            ("Lunch withheld until work is finished.", 9),
            ("Staff will withhold his lunch after an outburst.", 9),
            ("Snack withheld for refusals.", 9),
            ("Spray water mist toward the face to interrupt biting.", 8),
            ("Place in a locked room.", 2),
            ("Weight against the student's torso.", 3),
            ("Peers may ridicule him if he yells; the teacher humiliates him publicly.", 10),
            ("Use a four-limb hold.", 11),
            ("Planned restraint when he hits.", 0),
        ] {
            let got = planned_in(text).map(|(i, _)| i.item);
            assert_eq!(got, Some(item), "{text}");
        }
        for text in [
            "Never place the student face down; no restraint is part of this plan.",
            "Praise and a token for each completed task; a break card; lunch with a friend as a reward.",
            "The student hits peers when frustrated; teach him to ask for a break.",
            "Keep his locker in the hallway next to class.",
            "Score with the four point rubric.",
        ] {
            assert_eq!(planned_in(text).map(|(i, w)| (i.item, w)), None, "{text}");
        }
    }

    #[test]
    fn the_vocabulary_parses_and_covers_the_handbook_list() {
        let items: std::collections::BTreeSet<u32> = all().iter().map(|i| i.item).collect();
        for n in [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13] {
            assert!(items.contains(&n), "14.24 item {n}");
        }
        assert!(parse("[[intervention]]\nitem = 1\nwhat = \"x\"\nphrases = [\"* back\"]\n").unwrap_err().contains("must start with a word"));
    }
}
