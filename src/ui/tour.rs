//! The first-run tour: a short, skippable walk through the keys, shown once per user and database
//! (or never, with `tour = false` in config.toml). Keys are named as the user has them bound.


use super::app::{App, Modal};

/// Steps: a title and lines; `{action.id}` is replaced by the key bound to that action.
pub const STEPS: [(&str, &[&str]); 6] = [
    (
        "Welcome to iepmeet",
        &[
            "iepmeet walks an IEP team through a meeting and keeps the record as you type.",
            "Everything is saved at once — quitting, a crash or a dropped SSH connection loses nothing.",
            "This tour takes a minute. Enter or → next · ← back · Esc skips it.",
        ],
    ),
    (
        "Moving around",
        &[
            "Arrows and vi keys both work: {caseload.down} down, {caseload.up} up, Enter opens.",
            "On the caseload {caseload.search} searches by name or ID; {caseload.view} cycles views (overdue, due soon…).",
            "{global.help} shows every key of the screen you are on, at any time.",
        ],
    ),
    (
        "A meeting",
        &[
            "Seven sections on the left: {meeting.section} jumps to one, {meeting.done} marks it done.",
            "Enter edits a field; {forms.add} adds a team member, goal or service.",
            "{meeting.timer} is the agenda timer, {meeting.next-item} starts the next agenda item.",
        ],
    ),
    (
        "Minutes",
        &[
            "{meeting.minutes} moves to the minutes. Type, and Enter records a timestamped entry.",
            "Start with /d decision, /c parent concern, /p parking lot, /a action item; @name is the speaker.",
            "{meeting.parking} shows the parking lot; {meeting.summary} the summary, where people sign.",
        ],
    ),
    (
        "Compliance",
        &[
            "The rules engine checks the meeting after every change: ✗ ERROR, ! WARNING, i INFO.",
            "{meeting.findings} shows the findings; Enter on one goes to the field that fixes it.",
            "{meeting.finalize} finalizes; later changes become dated amendments.",
        ],
    ),
    (
        "Anything, fast",
        &[
            "{global.palette} opens the command palette: type a few letters of any action, section or student.",
            "{global.search} searches every meeting's minutes.",
            "Keys can be changed in config.toml; `iepmeet keys` lists them. Enter to start.",
        ],
    ),
];

/// App state key marking the tour as seen by this user.
fn seen_key(actor: &str) -> String {
    format!("tour-seen:{actor}")
}

impl App {
    /// Show the tour unless this user has seen it here (or turned it off in config.toml).
    pub fn start_tour_if_new(&mut self, enabled: bool) {
        if !enabled {
            return;
        }
        let key = seen_key(self.store.actor());
        if matches!(self.store.get_state(&key), Ok(None)) {
            self.modals.push(Modal::Tour { step: 0 });
        }
    }

    /// A step's text with the user's keys filled in.
    pub fn tour_text(&self, step: usize) -> (String, Vec<String>) {
        let (title, lines) = STEPS[step.min(STEPS.len() - 1)];
        let fill = |s: &str| {
            let mut out = s.to_string();
            for b in &self.keymap.bindings {
                out = out.replace(&format!("{{{}}}", b.id()), &b.keys_text());
            }
            out
        };
        (title.to_string(), lines.iter().map(|l| fill(l)).collect())
    }

    pub(super) fn tour_update(&mut self, action: super::action::Action) {
        let Some(Modal::Tour { step }) = self.modals.last_mut() else { return };
        use super::action::Action;
        match action {
            Action::Next => {
                if *step + 1 < STEPS.len() {
                    *step += 1;
                } else {
                    self.end_tour();
                }
            }
            Action::Back => *step = step.saturating_sub(1),
            Action::Skip => self.end_tour(),
            _ => {}
        }
    }

    fn end_tour(&mut self) {
        self.modals.pop();
        let key = seen_key(self.store.actor());
        self.emit_reported(super::effects::Io::SetState { key, value: "yes".into() });
        self.info("Tour done. ? shows the keys of any screen; : finds any action.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_names_a_bound_action() {
        let km = crate::ui::keys::Keymap::builtin();
        for (_, lines) in STEPS {
            for l in lines {
                for part in l.split('{').skip(1) {
                    let id = part.split('}').next().unwrap();
                    assert!(km.bindings.iter().any(|b| b.id() == id), "tour names unknown action {id}");
                }
            }
        }
    }
}
