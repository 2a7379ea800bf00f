//! The goal bank (`data/goals/*.toml`): measurable-goal templates by area of need. Inserting one
//! fills a new goal — area, need, baseline, annual goal, objectives, who monitors — for the team to
//! edit. `[__]` marks a blank to fill in; `measurability_gaps` flags a goal while blanks remain.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::meeting::Goal;
use super::refdata::RefData;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub title: String,
    pub need: String,
    pub baseline: String,
    pub annual_goal: String,
    pub monitored_by: String,
    #[serde(default)]
    pub objectives: Vec<String>,
    /// The grade band the template is written for, as a range of IEP 1 grades ("K-8",
    /// "9-Adult transition"); every grade when absent.
    #[serde(default)]
    pub grades: Option<String>,
    #[serde(skip)]
    pub area: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    area: String,
    goal: Vec<Template>,
}

const FILES: [(&str, &str); 8] = [
    ("reading", include_str!("../../data/goals/reading.toml")),
    ("writing", include_str!("../../data/goals/writing.toml")),
    ("math", include_str!("../../data/goals/math.toml")),
    ("communication", include_str!("../../data/goals/communication.toml")),
    ("social-emotional", include_str!("../../data/goals/social-emotional.toml")),
    ("transition", include_str!("../../data/goals/transition.toml")),
    ("readiness", include_str!("../../data/goals/readiness.toml")),
    ("adaptive", include_str!("../../data/goals/adaptive.toml")),
];

/// The blank a template leaves for the team.
pub const BLANK: &str = "[__]";

/// A grade band "FROM-TO" as positions in the IEP 1 grade list (`grades`), inclusive.
fn band(text: &str, grades: &[String]) -> Option<(usize, usize)> {
    let pos = |g: &str| grades.iter().position(|x| x == g.trim());
    // ("Adult transition" holds no hyphen; a grade never does either.)
    let (a, b) = text.split_once('-')?;
    let (a, b) = (pos(a)?, pos(b)?);
    (a <= b).then_some((a, b))
}

/// Parse one goal-bank file; areas and needs must be on the reference lists.
pub fn parse(name: &str, text: &str, refdata: &RefData) -> Result<Vec<Template>, String> {
    let f: File = toml::from_str(text).map_err(|e| format!("data/goals/{name}.toml: {e}"))?;
    if !refdata.list("present_level_areas").contains(&f.area) {
        return Err(format!("data/goals/{name}.toml: area '{}' is not an IEP 2B area", f.area));
    }
    let mut out = Vec::new();
    for mut t in f.goal {
        if !refdata.list("needs").contains(&t.need) {
            return Err(format!("data/goals/{name}.toml: goal '{}': need '{}' is not an IEP 2A area of need", t.id, t.need));
        }
        if let Some(g) = &t.grades {
            if band(g, refdata.list("grades")).is_none() {
                return Err(format!(
                    "data/goals/{name}.toml: goal '{}': grades '{g}' is not a band of IEP 1 grades such as \"K-8\" or \"9-Adult transition\"",
                    t.id
                ));
            }
        }
        t.area = f.area.clone();
        out.push(t);
    }
    Ok(out)
}

/// The goal bank as offered for one student: the templates written for the student's grade
/// (every template when the grade is not known), those for an identified need first.
pub struct Offer<'a> {
    pub templates: Vec<&'a Template>,
    /// How many of `templates`, from the first, match an identified need.
    pub for_needs: usize,
    /// Templates left out because they are written for other grades.
    pub other_grades: usize,
}

/// The templates for a student in `grade` (an IEP 1 grade) whose areas of need are `needs`.
/// A grade band that would leave nothing to offer offers every template instead.
pub fn for_student<'a>(all: &'a [Template], needs: &[String], grade: &str, refdata: &RefData) -> Offer<'a> {
    let grades = refdata.list("grades");
    let at = grades.iter().position(|g| g == grade.trim());
    let fits = |t: &Template| match (at, t.grades.as_deref().and_then(|g| band(g, grades))) {
        (Some(at), Some((a, b))) => (a..=b).contains(&at),
        _ => true,
    };
    let (mut shown, other): (Vec<&Template>, Vec<&Template>) = all.iter().partition(|t| fits(t));
    let mut other_grades = other.len();
    if shown.is_empty() {
        shown = all.iter().collect();
        other_grades = 0;
    }
    let (mut first, rest): (Vec<&Template>, Vec<&Template>) = shown.into_iter().partition(|t| needs.contains(&t.need));
    let n = first.len();
    first.extend(rest);
    Offer { templates: first, for_needs: n, other_grades }
}

/// Every built-in template, in file order.
pub fn builtin() -> &'static [Template] {
    static ALL: OnceLock<Vec<Template>> = OnceLock::new();
    ALL.get_or_init(|| {
        let r = &RefData::builtin();
        FILES.iter().flat_map(|(n, t)| parse(n, t, r).expect("built-in goal bank is valid")).collect()
    })
}

impl Template {
    /// "Reading - decoding/fluency — Oral reading fluency", for pick lists.
    pub fn label(&self) -> String {
        match &self.grades {
            Some(g) => format!("{} — {} (grades {})", self.need, self.title, g.replace('-', "–")),
            None => format!("{} — {}", self.need, self.title),
        }
    }

    /// A new goal from this template for `first_name`, due a year after `meeting_date`.
    pub fn instantiate(&self, first_name: &str, meeting_date: NaiveDate) -> Goal {
        let by = super::dates::add_months(meeting_date, 12).format("%B %Y").to_string();
        let student = if first_name.trim().is_empty() { "the student" } else { first_name.trim() };
        let fill = |s: &str| s.replace("{student}", student).replace("{by}", &by);
        Goal {
            area: self.area.clone(),
            need: self.need.clone(),
            baseline: fill(&self.baseline),
            annual_goal: fill(&self.annual_goal),
            monitored_by: self.monitored_by.clone(),
            objectives: self.objectives.iter().map(|o| fill(o)).collect(),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::meeting::measurability_gaps;

    #[test]
    fn every_template_is_measurable_once_its_blanks_are_filled() {
        assert!(builtin().len() >= 12);
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        for t in builtin() {
            let g = t.instantiate("Tavi", d);
            assert!(g.annual_goal.contains("Tavi") && g.annual_goal.contains("November 2027"), "{}", t.id);
            assert!(!g.annual_goal.contains('{'), "{}: unknown placeholder", t.id);
            assert!(g.baseline.contains(BLANK), "{}: the baseline is the team's to measure", t.id);
            let gaps = measurability_gaps(&g.annual_goal);
            assert_eq!(gaps.iter().any(|x| x.contains("blanks")), g.annual_goal.contains(BLANK), "{}: unfilled blanks are flagged", t.id);
            let filled = g.annual_goal.replace(BLANK, "3");
            assert_eq!(measurability_gaps(&filled), Vec::<&str>::new(), "{}: {filled}", t.id);
        }
    }

    #[test]
    fn bad_files_are_refused() {
        let r = &RefData::builtin();
        assert!(parse("x", "area = 'Cooking'\ngoal = []", r).unwrap_err().contains("not an IEP 2B area"));
        let bad_need = "area = 'Communication'\n[[goal]]\nid='a'\ntitle='t'\nneed='Juggling'\nbaseline='b'\nannual_goal='g'\nmonitored_by='m'";
        assert!(parse("x", bad_need, r).unwrap_err().contains("not an IEP 2A area of need"));
        assert!(parse("x", "area = 'Communication'\n[[goal]]\nid='a'", r).is_err());
    }
}

#[cfg(test)]
mod needs_tests {
    use super::*;

    #[test]
    fn templates_for_the_identified_needs_come_first_and_none_is_lost() {
        let all = builtin();
        let r = &RefData::builtin();
        let needs = vec!["Expressive language".to_string(), "Math - calculation".to_string()];
        let o = for_student(all, &needs, "", r);
        assert_eq!(o.templates.len(), all.len(), "every template is still offered");
        assert!(o.for_needs > 0);
        assert!(o.templates[..o.for_needs].iter().all(|t| needs.contains(&t.need)), "first the identified needs");
        assert!(o.templates[o.for_needs..].iter().all(|t| !needs.contains(&t.need)));
        assert_eq!(for_student(all, &[], "", r).for_needs, 0, "no needs identified: the bank in its order");
    }

    #[test]
    fn the_bank_offers_the_templates_for_the_students_grade() {
        let r = &RefData::builtin();
        let all = builtin();
        let needs = vec!["Reading - comprehension".to_string(), "Readiness - math".to_string()];
        let ids = |o: &Offer<'static>| o.templates.iter().map(|t| t.id.clone()).collect::<Vec<String>>();
        // A high-school junior: no preschool readiness, the transition templates offered.
        let hs = for_student(all, &needs, "11", r);
        assert!(!ids(&hs).iter().any(|i| i == "counting-objects" || i == "letter-names"), "{:?}", ids(&hs));
        assert!(ids(&hs).iter().any(|i| i == "job-tasks") && ids(&hs).iter().any(|i| i == "reading-comprehension"));
        assert_eq!(hs.templates[0].id, "reading-comprehension", "the identified need first");
        assert_eq!(hs.for_needs, 1, "Readiness - math is for preschool: not offered in grade 11");
        assert_eq!(hs.other_grades + hs.templates.len(), all.len(), "every template is offered or counted as for other grades");
        assert!(hs.other_grades > 0);
        // A preschooler: readiness first, no job site and no multisyllabic decoding.
        let pre = for_student(all, &needs, "Preschool", r);
        assert_eq!(pre.templates[0].id, "counting-objects");
        assert!(!ids(&pre).iter().any(|i| i == "job-tasks" || i == "reading-decoding"), "{:?}", ids(&pre));
        // No grade (or one the list does not know): the whole bank.
        for g in ["", "Grade eleven"] {
            let o = for_student(all, &needs, g, r);
            assert_eq!((o.templates.len(), o.other_grades), (all.len(), 0), "{g:?}");
        }
        // Every band names grades of the list, in order.
        assert!(parse("x", "area = 'Communication'\n[[goal]]\nid='a'\ntitle='t'\nneed='Expressive language'\nbaseline='b'\nannual_goal='g'\nmonitored_by='m'\ngrades='12-K'", r)
            .unwrap_err()
            .contains("not a band of IEP 1 grades"));
        assert!(parse("x", "area = 'Communication'\n[[goal]]\nid='a'\ntitle='t'\nneed='Expressive language'\nbaseline='b'\nannual_goal='g'\nmonitored_by='m'\ngrades='K-13'", r).is_err());
        assert!(all.iter().filter(|t| t.grades.is_some()).count() >= all.len() - 2, "the built-in templates say their grades");
    }
}
