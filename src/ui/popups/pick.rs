//! Choosing from a list (a reference list, a catalog, the team, the goals), and the new-meeting
//! chooser. What a line shows and what choosing it stores can differ (a goal is stored by its id).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use crate::domain::fields::Kind;
use crate::domain::meeting::{MeetingType, Section};
#[allow(unused_imports)]
use crate::ui::prelude::*;

/// The options shown for `query`: all in order when it is empty, else the fuzzy matches (nucleo),
/// best first. Indexes into `options`.
/// The palette ranks its items the same way.
pub fn visible<S: AsRef<str>>(options: &[S], query: &str) -> Vec<usize> {
    let q = query.trim();
    if q.is_empty() {
        return (0..options.len()).collect();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(q, CaseMatching::Ignore, Normalization::Smart);
    let mut scored: Vec<(u32, usize)> = options
        .iter()
        .enumerate()
        .filter_map(|(i, o)| pattern.score(Utf32String::from(o.as_ref()).slice(..), &mut matcher).map(|s| (s, i)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

/// What was chosen in the team list: people it offered (as JSON), or someone else (a name typed,
/// or nothing: a blank member).
pub enum Chosen {
    People(Vec<String>),
    Someone(String),
}

/// A row of the pick list as shown: an option, "(clear)", or "Other…".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickRow {
    Option(usize),
    Clear,
    Other,
}

/// The rows shown, in order. `clear`: the list sets a value, which can be cleared.
pub fn pick_rows(options: &[String], query: &str, other: bool, clear: bool) -> Vec<PickRow> {
    let mut rows: Vec<PickRow> = visible(options, query).into_iter().map(PickRow::Option).collect();
    if clear {
        rows.push(PickRow::Clear);
    }
    if other {
        rows.push(PickRow::Other);
    }
    rows
}

/// Whether a pick list is a yes/no question (its options are exactly "yes" and "no").
fn is_yes_no(options: &[String]) -> bool {
    options.len() == 2 && options[0] == "yes" && options[1] == "no"
}

impl App {
    pub(crate) fn pick_update(&mut self, action: Action) {
        let Some(Modal::Pick { target, options, values, checked, multi, sel, other, query, .. }) = self.modals.last_mut() else { return };
        let rows = pick_rows(options, query, *other, target.clears());
        let row = rows.get(*sel).copied().unwrap_or(PickRow::Clear);
        match action {
            Action::Down => *sel = (*sel + 1).min(rows.len() - 1),
            Action::Up => *sel = sel.saturating_sub(1),
            Action::First => *sel = 0,
            Action::Last => *sel = rows.len() - 1,
            // In the team list, a name being typed takes spaces ("Pat Example"): Space ticks only
            // before anything is typed.
            Action::Toggle if *target == Target::TeamMembers && !query.is_empty() => {
                self.pick_input(KeyEvent::from(KeyCode::Char(' ')));
            }
            Action::Toggle => {
                if let (true, PickRow::Option(i)) = (*multi, row) {
                    checked[i] = !checked[i];
                    // On to the next choice (never onto "(clear)" or "Other…").
                    if matches!(rows.get(*sel + 1), Some(PickRow::Option(_))) {
                        *sel += 1;
                    }
                }
            }
            Action::TickAll if *multi => {
                let shown: Vec<usize> = rows.iter().filter_map(|r| if let PickRow::Option(i) = r { Some(*i) } else { None }).collect();
                let tick = !shown.iter().all(|i| checked[*i]);
                for i in shown {
                    checked[i] = tick;
                }
            }
            Action::TickAll => self.info("This list takes one choice."),
            Action::Cancel => {
                self.modals.pop();
            }
            Action::Choose | Action::ChooseNext if *target == Target::TeamMembers => {
                let ticked: Vec<String> = values.iter().zip(checked.iter()).filter(|(_, c)| **c).map(|(v, _)| v.clone()).collect();
                let chosen = match row {
                    _ if !ticked.is_empty() => Chosen::People(ticked),
                    PickRow::Option(i) => Chosen::People(vec![values[i].clone()]),
                    _ => Chosen::Someone(query.trim().to_string()),
                };
                self.modals.pop();
                self.add_team_members(chosen);
            }
            Action::Choose | Action::ChooseNext => {
                let finish = if action == Action::ChooseNext { Finish::Walk } else { Finish::ClosePopup };
                let target = target.clone();
                let value = match row {
                    PickRow::Clear => String::new(),
                    // Other… with a filter typed that matched nothing: what was typed is the value.
                    PickRow::Other if !query.trim().is_empty() => query.trim().to_string(),
                    PickRow::Other => {
                        // Other…: type a value.
                        let typed = query.clone();
                        let Some(Modal::Pick { label, .. }) = self.modals.pop() else { return };
                        let current = self.target_value(&target).map(|v| v.0).unwrap_or_default();
                        self.push_text_editor(target, label, Kind::Text, if typed.trim().is_empty() { current } else { typed });
                        return;
                    }
                    _ if *multi => values.iter().zip(checked.iter()).filter(|(_, c)| **c).map(|(o, _)| o.clone()).collect::<Vec<_>>().join("; "),
                    PickRow::Option(i) => values[i].clone(),
                };
                let original = self.pick_original.take();
                if let Err(e) = self.confirm_popup(&target, original.as_deref(), &value, finish) {
                    self.error(e);
                }
            }
            _ => {}
        }
    }

    /// A key typed in a pick list: it filters the list (Space ticks in a list of several choices).
    pub(crate) fn pick_input(&mut self, key: KeyEvent) {
        let Some(Modal::Pick { target, options, multi, sel, other, query, .. }) = self.modals.last_mut() else { return };
        let clear = target.clears();
        let typing_a_name = *target == Target::TeamMembers && !query.is_empty();
        // A yes/no list: y or n answers at once, and the form goes on to the next field (as Tab).
        if let (KeyCode::Char(c @ ('y' | 'n' | 'Y' | 'N')), true) = (key.code, is_yes_no(options)) {
            query.clear();
            *sel = if c.eq_ignore_ascii_case(&'y') { 0 } else { 1 };
            return self.pick_update(Action::ChooseNext);
        }
        match key.code {
            // Space remapped away from "toggle" still ticks in a list of several.
            KeyCode::Char(' ') if *multi && !typing_a_name => return self.pick_update(Action::Toggle),
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                if query.chars().count() < 80 {
                    query.push(c);
                }
                *sel = 0;
            }
            KeyCode::Backspace => {
                query.pop();
                *sel = 0;
            }
            _ => return,
        }
        // Nothing matches a list that takes other values: Enter takes what was typed.
        let rows = pick_rows(options, query, *other, clear);
        if *other && !query.trim().is_empty() && !matches!(rows.first(), Some(PickRow::Option(_))) {
            *sel = rows.len() - 1;
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
