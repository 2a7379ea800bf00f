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
    #[serde(skip)]
    pub area: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    area: String,
    goal: Vec<Template>,
}

const FILES: [(&str, &str); 6] = [
    ("reading", include_str!("../../data/goals/reading.toml")),
    ("writing", include_str!("../../data/goals/writing.toml")),
    ("math", include_str!("../../data/goals/math.toml")),
    ("communication", include_str!("../../data/goals/communication.toml")),
    ("social-emotional", include_str!("../../data/goals/social-emotional.toml")),
    ("transition", include_str!("../../data/goals/transition.toml")),
];

/// The blank a template leaves for the team.
pub const BLANK: &str = "[__]";

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
        t.area = f.area.clone();
        out.push(t);
    }
    Ok(out)
}

/// Every built-in template, in file order.
/// The templates for a student whose areas of need are `needs`: those for an identified need
/// first (in bank order), then the rest. The count of the first part is returned too.
pub fn for_needs<'a>(all: &'a [Template], needs: &[String]) -> (Vec<&'a Template>, usize) {
    let (mut first, rest): (Vec<&Template>, Vec<&Template>) = all.iter().partition(|t| needs.contains(&t.need));
    let n = first.len();
    first.extend(rest);
    (first, n)
}

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
        format!("{} — {}", self.need, self.title)
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
        let needs = vec!["Expressive language".to_string(), "Math - calculation".to_string()];
        let (ordered, n) = for_needs(all, &needs);
        assert_eq!(ordered.len(), all.len(), "every template is still offered");
        assert!(n > 0);
        assert!(ordered[..n].iter().all(|t| needs.contains(&t.need)), "first the identified needs");
        assert!(ordered[n..].iter().all(|t| !needs.contains(&t.need)));
        assert_eq!(for_needs(all, &[]).1, 0, "no needs identified: the bank in its order");
    }
}
