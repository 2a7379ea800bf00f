//! The goal bank (`data/goals`): a measurable template becomes a new goal.

#[allow(unused_imports)]
use crate::ui::prelude::*;

pub static GOAL_BANK_LABEL: &str = "Goal bank — a measurable template to edit";

impl App {
    pub(crate) fn open_goal_bank(&mut self) {
        if !self.guard_open() {
            return;
        }
        let options: Vec<String> = crate::domain::goalbank::builtin().iter().map(|t| t.label()).collect();
        self.push_pick(Target::GoalBank, GOAL_BANK_LABEL, options, false);
    }

    /// Insert the chosen template as a new goal and open it: the team fills the [__] blanks.
    pub(crate) fn insert_goal(&mut self, label: &str) -> Result<Committed, String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let t = crate::domain::goalbank::builtin().iter().find(|t| t.label() == label).ok_or("choose a template")?;
        let goal = t.instantiate(&m.student.first_name, m.meeting.date().unwrap_or(self.today));
        let mid = m.meeting.id;
        let item = self.store.insert_item(mid, Block::Goals, &AnyRecord::Goal(goal)).map_err(|e| e.to_string())?;
        let Screen::Meeting(m) = &mut self.screen else { return Err("no meeting open".into()) };
        let id = item.id;
        m.meeting.block_mut(Block::Goals).push(item);
        let idx = m.meeting.block(Block::Goals).len() - 1;
        self.modals.pop();
        self.modals.push(Modal::Form { block: Block::Goals, id, sel: 3, fresh: false });
        self.ok(format!("Goal {} from the goal bank: fill in each [__], then check the baseline.", idx + 1));
        Ok(Committed::NextStep)
    }
}
