//! The eligibility criteria forms of the handbook (Ch 6 App A) and the evidence each category needs
//! (handbook 6.5), read from `data/eligibility.toml`. Compiled in; tests check it against the
//! reference lists and the rule catalog.

use serde::Deserialize;

use super::meeting::Eligibility;
use super::student::Student;

pub const ELIGIBILITY_TOML: &str = include_str!("../../data/eligibility.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub category: String,
    #[serde(default)]
    pub variant: String,
    pub code: String,
    pub cite: String,
    /// The rule that checks `evidence` (and `evidence_criteria`).
    pub rule: String,
    pub all_of: Vec<String>,
    #[serde(default)]
    pub one_of: Vec<String>,
    pub evidence: Vec<String>,
    #[serde(default)]
    pub evidence_criteria: Vec<usize>,
}

impl Form {
    /// Elements of the form that `e` does not tick: the one-of group (as one entry) and each all-of element.
    pub fn missing_criteria(&self, e: &Eligibility) -> Vec<String> {
        let mut out = Vec::new();
        if !self.one_of.is_empty() && !self.one_of.iter().any(|x| e.criteria_met.contains(x)) {
            out.push(format!("one of {}", self.one_of_label()));
        }
        out.extend(self.all_of.iter().filter(|x| !e.criteria_met.contains(x)).cloned());
        out
    }
    /// Evidence items (and required elements) the rule named by `rule` finds missing.
    pub fn missing_evidence(&self, e: &Eligibility) -> Vec<String> {
        let mut out: Vec<String> = self.evidence.iter().filter(|x| !e.evidence.contains(x)).cloned().collect();
        for n in &self.evidence_criteria {
            let el = &self.all_of[n - 1];
            if !e.criteria_met.contains(el) {
                out.push(el.clone());
            }
        }
        out
    }
    fn one_of_label(&self) -> String {
        let first = self.one_of[0].split('.').next().unwrap_or("");
        format!("{first}..{} (at least one)", self.one_of.last().and_then(|l| l.split('.').next()).unwrap_or(""))
    }
    /// What the team ticks on screen: the one-of group, then the all-of elements.
    pub fn options(&self) -> Vec<String> {
        self.one_of.iter().chain(&self.all_of).cloned().collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forms {
    pub form: Vec<Form>,
}

impl Forms {
    pub fn parse(text: &str) -> Result<Forms, String> {
        let f: Forms = toml::from_str(text).map_err(|e| format!("data/eligibility.toml: {e}"))?;
        for form in &f.form {
            for n in &form.evidence_criteria {
                if *n == 0 || *n > form.all_of.len() {
                    return Err(format!("data/eligibility.toml: {}: evidence_criteria {n} is not an element", form.code));
                }
            }
            for t in form.all_of.iter().chain(&form.one_of).chain(&form.evidence) {
                if t.chars().count() > 60 || t.contains(';') {
                    return Err(format!("data/eligibility.toml: {}: '{t}' is longer than 60 characters or has a ';'", form.code));
                }
            }
        }
        Ok(f)
    }

    pub fn shared() -> &'static Forms {
        static F: std::sync::OnceLock<Forms> = std::sync::OnceLock::new();
        F.get_or_init(|| Forms::parse(ELIGIBILITY_TOML).expect("data/eligibility.toml is valid (checked by tests)"))
    }

    /// The form for a category (and, for speech or language impairment, the disorder).
    pub fn form(&self, category: &str, variant: &str) -> Option<&Form> {
        self.form.iter().find(|f| f.category == category && (f.variant.is_empty() || f.variant == variant))
    }

    /// The forms the team is working with: the chosen one, or every form of the category while the
    /// disorder (speech or language impairment) is not chosen.
    pub fn in_play<'a>(&'a self, category: &'a str, variant: &str) -> Vec<&'a Form> {
        match self.form(category, variant) {
            Some(f) => vec![f],
            None => self.of_category(category).collect(),
        }
    }

    /// The forms of one category (several for speech or language impairment).
    pub fn of_category<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a Form> + 'a {
        self.form.iter().filter(move |f| f.category == category)
    }
}

/// The category being determined: the one written on the eligibility form, else the student's primary.
pub fn category<'a>(e: &'a Eligibility, s: &'a Student) -> &'a str {
    if e.category.trim().is_empty() { &s.primary_disability } else { &e.category }
}

/// The criteria options to offer on screen for the category (all disorders of a category while none is chosen).
pub fn criteria_options(e: &Eligibility, s: &Student) -> Vec<String> {
    Forms::shared().in_play(category(e, s), &e.sli_disorder).into_iter().flat_map(|f| f.options()).collect()
}

pub fn evidence_options(e: &Eligibility, s: &Student) -> Vec<String> {
    let mut out: Vec<String> = Forms::shared().in_play(category(e, s), &e.sli_disorder).into_iter().flat_map(|f| f.evidence.clone()).collect();
    let mut seen = std::collections::HashSet::new();
    out.retain(|x| seen.insert(x.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::refdata::RefData;

    #[test]
    fn forms_parse_and_name_known_categories() {
        let f = Forms::parse(ELIGIBILITY_TOML).unwrap();
        let r = RefData::builtin();
        for form in &f.form {
            assert!(r.list("disabilities").contains(&form.category), "{}", form.category);
            if !form.variant.is_empty() {
                assert!(r.list("sli_disorders").contains(&form.variant), "{}", form.variant);
            }
        }
        // every category of the handbook's forms except EMD (preschool only) and developmental delay
        // (Early Start only): neither has a form
        for cat in r.list("disabilities") {
            assert_eq!(f.of_category(cat).next().is_none(), ["Established medical disability", "Developmental delay"].contains(&cat.as_str()), "{cat}");
        }
        // the element counts of the catalog's table (elig-criteria-form-complete)
        let count = |code: &str| f.form.iter().find(|x| x.code == code).unwrap().all_of.len();
        for (code, n) in [("AUT", 3), ("DB", 4), ("D", 4), ("ED", 4), ("HI", 4), ("ID", 5), ("MD", 3), ("OI", 3), ("OHI", 5), ("SLI-A", 5), ("SLI-V", 2), ("SLI-F", 3), ("SLI-L", 2), ("TBI", 4), ("VI", 3)] {
            assert_eq!(count(code), n, "{code}");
        }
    }

    #[test]
    fn bad_files_are_refused() {
        let bad = "[[form]]\ncategory='Autism'\ncode='X'\ncite='c'\nrule='r'\nall_of=['a']\nevidence=[]\nevidence_criteria=[2]\n";
        assert!(Forms::parse(bad).unwrap_err().contains("evidence_criteria 2"));
        let bad = "[[form]]\ncategory='Autism'\ncode='X'\ncite='c'\nrule='r'\nall_of=['a; b']\nevidence=[]\n";
        assert!(Forms::parse(bad).unwrap_err().contains("';'"));
        assert!(Forms::parse("[[form]]\ncolour='red'\n").is_err());
    }

    #[test]
    fn options_follow_the_category_and_disorder() {
        let s = Student { primary_disability: "Speech or language impairment".into(), ..Default::default() };
        let mut e = Eligibility::default();
        assert_eq!(criteria_options(&e, &s).len(), 5 + 2 + 3 + 2, "every SLI form while no disorder is chosen");
        e.sli_disorder = "Voice".into();
        assert_eq!(criteria_options(&e, &s).len(), 2);
        e.category = "Emotional disturbance".into();
        assert_eq!(criteria_options(&e, &s).len(), 9, "5 characteristics and 4 elements");
        let f = Forms::shared().form("Emotional disturbance", "").unwrap();
        assert_eq!(f.missing_criteria(&e).len(), 5);
        e.criteria_met = vec![f.one_of[1].clone()];
        assert_eq!(f.missing_criteria(&e).len(), 4);
    }
}
