//! The goal bank (`data/goals`): a measurable template becomes a new goal.

#[allow(unused_imports)]
use crate::ui::prelude::*;

pub static GOAL_BANK_LABEL: &str = "Goal bank — a measurable template to edit";
pub static GOAL_BANK_NEEDS_LABEL: &str = "Goal bank — the student's areas of need first";

impl App {
    pub(crate) fn open_goal_bank(&mut self) {
        if !self.guard_open() {
            return;
        }
        // The templates for the student's grade, those for the areas of need identified (IEP 2A)
        // first; typing filters them.
        let (needs, grade) = match &self.screen {
            Screen::Meeting(m) => (m.meeting.areas_of_need(), m.student.grade.clone()),
            _ => (Vec::new(), String::new()),
        };
        let offer = crate::domain::goalbank::for_student(crate::domain::goalbank::builtin(), &needs, &grade, &self.refdata);
        let n = offer.for_needs;
        let options: Vec<String> = offer.templates.iter().map(|t| t.label()).collect();
        self.push_pick(Target::GoalBank, if n > 0 { GOAL_BANK_NEEDS_LABEL } else { GOAL_BANK_LABEL }, options, false);
        let mut said = match n {
            0 => String::new(),
            1 => "The first template matches an area of need identified in Present levels.".to_string(),
            n => format!("The first {n} templates match the areas of need identified in Present levels."),
        };
        if offer.other_grades > 0 {
            said.push_str(&format!(
                "{}Templates for grade {}: {} written for other grades are not shown.",
                if said.is_empty() { "" } else { " " },
                grade.trim(),
                offer.other_grades
            ));
        }
        if !said.is_empty() {
            self.info(format!("{said} Typing filters the list."));
        }
    }

    /// Insert the chosen template as a new goal and open it: the team fills the [__] blanks.
    pub(crate) fn insert_goal(&mut self, label: &str) -> Result<Committed, String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let t = crate::domain::goalbank::builtin().iter().find(|t| t.label() == label).ok_or("choose a template")?;
        let goal = t.instantiate(&m.student.first_name, m.meeting.date().unwrap_or(self.today));
        let mid = m.meeting.id;
        self.emit(Io::InsertItem { meeting: mid, block: Block::Goals, record: AnyRecord::Goal(goal) }, |app, r: Result<Item, StoreError>| {
            let item = match r {
                Ok(item) => item,
                Err(e) => return app.commit_failed(Finish::ClosePopup, e.to_string()),
            };
            let Screen::Meeting(m) = &mut app.screen else { return };
            let id = item.id;
            m.meeting.block_mut(Block::Goals).push(item);
            let idx = m.meeting.block(Block::Goals).len() - 1;
            // The cursor on the first field with a [__] blank (the baseline, as a rule).
            let rec = m.meeting.block(Block::Goals)[idx].record.clone();
            let blank = |k: &str| rec.as_record().get(k).contains(crate::domain::goalbank::BLANK);
            let field = m.form_fields(Block::Goals, id).into_iter().find(|s| blank(s.key)).map_or("annual_goal", |s| s.key);
            app.modals.pop();
            app.modals.push(Modal::Form { block: Block::Goals, id, field, fresh: false });
            app.ok(format!("Goal {} from the goal bank: fill in each [__] (Enter, then Tab from blank to blank and on to the next field).", idx + 1));
        });
        Ok(Committed::Pending)
    }
}
