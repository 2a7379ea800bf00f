//! The close-of-meeting summary, sign-off (IEP 9A/9B) and the finalize question.

#[allow(unused_imports)]
use crate::ui::prelude::*;

pub static SIGN_LABEL: &str = "Who is signing (IEP 9A/9B)";

impl App {
    pub(crate) fn summary_update(&mut self, action: Action) {
        let lines = match &self.screen {
            Screen::Meeting(m) => crate::ui::widgets::closing::summary_lines(self, m, 80).len() as u16,
            _ => 0,
        };
        let Some(Modal::Summary { scroll }) = self.modals.last_mut() else { return };
        // Rendering clamps to the screen; here, at least stop where the last lines are still shown.
        *scroll = (*scroll).min(lines.saturating_sub(5));
        match action {
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Page => *scroll = scroll.saturating_add(10),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::Close => {
                self.modals.pop();
            }
            Action::Sign if self.guard_open() => self.sign_picker(),
            Action::Parking => self.modals.push(Modal::Parking { sel: 0 }),
            Action::Finalize => self.ask_finalize(),
            _ => {}
        }
    }

    pub(crate) fn sign_picker(&mut self) {
        let Screen::Meeting(m) = &self.screen else { return };
        let signed: Vec<String> = m
            .meeting
            .block(Block::Signatures)
            .iter()
            .filter_map(|i| match &i.record {
                AnyRecord::Signature(s) => Some(s.name.clone()),
                _ => None,
            })
            .collect();
        let options: Vec<String> = people(&m.meeting).into_iter().filter(|p| !signed.contains(&p.name)).map(|p| p.label()).collect();
        if options.is_empty() {
            self.info("Everyone in the attendance list has signed (add people under Attendance first).");
            return;
        }
        // The signature page is passed round the table: the first row signs everyone left at once.
        let mut values = options.clone();
        let mut shown = options.clone();
        if options.len() >= 2 {
            values.insert(0, options.join("\n"));
            shown.insert(0, format!("Everyone not yet signed ({}): {}", options.len(), options.join(", ")));
        }
        self.push_pick_values(Target::Sign, SIGN_LABEL, shown, values, false, false);
    }

    /// Record signatures now: name and role from the attendance list, today's date, the time.
    /// `who` is one person's label, or several, one per line (everyone left, signing together).
    pub(crate) fn sign(&mut self, who: &str, finish: Finish) -> Result<Committed, String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let all = people(&m.meeting);
        let now = self.clock.with_timezone(&Local);
        let cx = self.cx();
        let mut records = Vec::new();
        let mut names = Vec::new();
        for label in who.split('\n').filter(|l| !l.trim().is_empty()) {
            let person = all.iter().find(|p| p.label() == label).ok_or("choose someone from the attendance list")?;
            let mut rec = Block::Signatures.new_record();
            let r = rec.as_record_mut();
            r.set("name", &person.name, &cx).map_err(|e| e.to_string())?;
            r.set("role", &person.role, &cx).map_err(|e| e.to_string())?;
            r.set("signed_on", &self.today.to_string(), &cx).map_err(|e| e.to_string())?;
            r.set("signed_at", &now.format("%H:%M").to_string(), &cx).map_err(|e| e.to_string())?;
            records.push(rec);
            names.push(person.label());
        }
        if records.is_empty() {
            return Err("choose someone from the attendance list".into());
        }
        let mid = m.meeting.id;
        let said = format!("Signed by {} at {}.", names.join(", "), now.format("%H:%M"));
        self.emit(Io::InsertItems { meeting: mid, block: Block::Signatures, records }, move |app, r: Result<Vec<Item>, StoreError>| {
            let items = match r {
                Ok(items) => items,
                Err(e) => return app.commit_failed(finish, e.to_string()),
            };
            if let Screen::Meeting(m) = &mut app.screen {
                m.meeting.block_mut(Block::Signatures).extend(items);
            }
            app.ok(said);
            app.finished(&Target::Sign, finish);
        });
        Ok(Committed::Pending)
    }

    /// F: finalize, once the parking lot is empty and nothing typed is left unrecorded.
    pub(crate) fn ask_finalize(&mut self) {
        self.after_minutes_saved(|app| app.ask_finalize_saved());
    }

    fn ask_finalize_saved(&mut self) {
        let Screen::Meeting(m) = &self.screen else { return };
        if !m.meeting.is_open() {
            self.info("This meeting is already finalized.");
            return;
        }
        let open = m.open_parking();
        if open > 0 {
            self.error(format!(
                "{open} parking-lot item(s) still open: handle each (Enter) or carry it to the action items (c) in the parking lot (P) first."
            ));
            return;
        }
        let typing = self.store.typing_in(m.meeting.id).unwrap_or_default();
        if let Some(t) = typing.iter().find(|t| t.mine) {
            self.error(format!("Text you typed in {} is not recorded yet: record it (Enter in the minutes) or clear it first.", t.place));
            return;
        }
        let others: Vec<String> = typing
            .iter()
            .map(|t| format!("{} in {}{}", t.actor, t.place, if t.terminal.is_empty() { String::new() } else { format!(" ({})", t.terminal) }))
            .collect();
        let still = if others.is_empty() {
            String::new()
        } else {
            format!(
                " Still typing, not recorded: {}. Their text is kept and offered to them as an amendment.",
                crate::domain::text::display(&others.join("; "))
            )
        };
        // What is still open, said before the record is frozen (issue 17).
        let errors = m.count(crate::rules::Severity::Error, None);
        let undone: Vec<&str> = crate::domain::meeting::Section::ALL.iter().filter(|s| !m.meeting.done[s.index()]).map(|s| s.label()).collect();
        let unsigned: Vec<String> = crate::domain::minutes::not_signed(&m.meeting).into_iter().map(|p| p.name).collect();
        let mut open_parts = Vec::new();
        if errors > 0 {
            open_parts.push(format!("{errors} ERROR{} open", if errors == 1 { " is" } else { "s are" }));
        }
        if !undone.is_empty() {
            open_parts.push(format!("{} section{} never marked done ({})", undone.len(), if undone.len() == 1 { " was" } else { "s were" }, undone.join(", ")));
        }
        if !unsigned.is_empty() {
            open_parts.push(format!("{} member{} not signed ({})", unsigned.len(), if unsigned.len() == 1 { " has" } else { "s have" }, crate::domain::text::display(&unsigned.join(", "))));
        }
        let open_text = if open_parts.is_empty() { String::new() } else { format!(" Still open: {}.", open_parts.join("; ")) };
        // With ERRORs open, a slip of `y` is not enough: the word is typed (the record keeps them as
        // the findings open at close, and the audit says how many).
        let typed = (errors > 0).then(String::new);
        self.modals.push(Modal::Confirm {
            prompt: format!("Finalize this meeting? It becomes a read-only record; later changes are dated amendments.{open_text}{still}"),
            action: ConfirmAction::Finalize,
            typed,
        });
    }
}
