//! Choosing from a list (a reference list, a catalog, the team, the goals), and the new-meeting
//! chooser. What a line shows and what choosing it stores can differ (a goal is stored by its id).

use crate::domain::fields::Kind;
use crate::domain::meeting::{MeetingType, Section};
#[allow(unused_imports)]
use crate::ui::prelude::*;

impl App {
    pub(crate) fn pick_update(&mut self, action: Action) {
        let Some(Modal::Pick { target, options, values, checked, multi, sel, other, .. }) = self.modals.last_mut() else { return };
        let total = options.len() + 1 + usize::from(*other); // + "(clear)" [+ "Other…"]
        match action {
            Action::Down => *sel = (*sel + 1).min(total - 1),
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Toggle if *multi && *sel < options.len() => checked[*sel] = !checked[*sel],
            Action::Cancel => {
                self.modals.pop();
            }
            Action::Choose => {
                let target = target.clone();
                let value = if *sel == options.len() {
                    String::new() // (clear)
                } else if *sel > options.len() {
                    // Other…: type a value
                    let Some(Modal::Pick { label, .. }) = self.modals.pop() else { return };
                    let current = self.target_value(&target).map(|v| v.0).unwrap_or_default();
                    self.push_text_editor(target, label, Kind::Text, current);
                    return;
                } else if *multi {
                    values.iter().zip(checked.iter()).filter(|(_, c)| **c).map(|(o, _)| o.clone()).collect::<Vec<_>>().join("; ")
                } else {
                    values[*sel].clone()
                };
                let original = self.pick_original.take();
                if let Err(e) = self.confirm_popup(&target, original.as_deref(), &value) {
                    self.error(e);
                }
            }
            _ => {}
        }
    }

    /// Start a meeting: choose its type.
    pub(crate) fn new_meeting_update(&mut self, action: Action) {
        let Some(Modal::NewMeeting { sel }) = self.modals.last_mut() else { return };
        match action {
            Action::Down => *sel = (*sel + 1).min(MeetingType::ALL.len() - 1),
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Cancel => {
                self.modals.pop();
            }
            Action::Choose => {
                let t = MeetingType::ALL[*sel];
                self.modals.pop();
                let Screen::Student(s) = &self.screen else { return };
                let sid = s.id;
                self.emit(Io::CreateMeeting { student: sid, kind: t, today: self.today }, move |app, r: Result<i64, StoreError>| {
                    let Some(mid) = app.report(r) else { return };
                    let r = app.open_meeting(mid, Section::Attendance);
                    if app.report(r).is_some() {
                        app.ok(format!("{} started. Record who is present first.", t.label()));
                    }
                });
            }
            _ => {}
        }
    }
}
