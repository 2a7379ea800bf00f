//! Taking minutes and closing a meeting: the entry composer (quick-entry syntax, drafts), the parking
//! lot, the agenda timer, the summary and sign-off, amendments to finalized meetings, and search.
//! State changes only; drawing is in `screens::meeting` and `widgets::closing`.

use std::time::Instant;

use chrono::{Local, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::TextArea;

use super::app::{App, Committed, ConfirmAction, MeetingState, Modal, Pane, Screen, Target};
use crate::domain::agenda::{Agenda, TimerState};
use crate::domain::fields::Kind;
use crate::domain::meeting::{AnyRecord, Block, Section};
use crate::domain::minutes::{self, people, Amendment, Entry, EntryKind, AMENDMENT_WAYS};
use crate::domain::text::clean_text;

/// An amendment being put together: which field, its value before and after, how it was agreed.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingAmendment {
    pub what: String,
    pub before: String,
    pub after: String,
    pub how: String,
    /// The section, when the amendment carries text typed in its minutes.
    pub minutes: Option<Section>,
}

pub static CARRY_LABEL: &str = "Owner and due date (e.g. @lee due 2026-12-01)";
pub static AMEND_LABEL: &str = "Amendment: the new value";
pub static REASON_LABEL: &str = "Amendment: reason for the change";
pub static HOW_LABEL: &str = "Amendment: how it was agreed";
pub static SIGN_LABEL: &str = "Who is signing (IEP 9A/9B)";
pub static EXPORT_LABEL: &str = "Export the meeting record as";
pub static PATH_LABEL: &str = "Export to file (created readable by you only)";
pub const EXPORT_CHOICES: [&str; 7] = [
    "md — Markdown",
    "html — web page, prints well",
    "pdf — PDF document",
    "json — meeting document (iepmeet check)",
    "md — Markdown, en español",
    "html — web page, en español",
    "pdf — PDF document, en español",
];
pub static GOAL_BANK_LABEL: &str = "Goal bank — a measurable template to edit";
pub static SEARCH_LABEL: &str = "Search all minutes (words, or \"a phrase\")";

impl MeetingState {
    pub fn agenda(&self) -> &'static Agenda {
        Agenda::builtin(self.meeting.mtype)
    }
    pub fn timer_state(&self) -> TimerState {
        TimerState::compute(self.agenda(), &self.timer, Utc::now())
    }
    pub fn open_parking(&self) -> usize {
        self.meeting.entries.iter().filter(|e| e.is_open_parking()).count()
    }
    /// Parking-lot items, open ones first, each in the order raised.
    pub fn parking(&self) -> Vec<&Entry> {
        let mut v: Vec<&Entry> = self.meeting.entries.iter().filter(|e| e.kind == EntryKind::Parking).collect();
        v.sort_by_key(|e| e.resolution.is_some());
        v
    }
}

/// Put `text` in the composer, cursor at the end.
pub fn fill_composer(st: &mut MeetingState, text: &str) {
    let mut area = TextArea::new(clean_text(text).split('\n').map(String::from).collect());
    area.move_cursor(tui_textarea::CursorMove::Bottom);
    area.move_cursor(tui_textarea::CursorMove::End);
    st.minutes = area;
}

impl App {
    /// Load this user's draft of the current section into the composer.
    /// A correction (Ctrl-E) that was being typed comes back as that correction. Text left in the
    /// minutes of a meeting finalized meanwhile is offered as an amendment, never dropped.
    pub(super) fn load_composer(&mut self) {
        let actor = self.store.actor().to_string();
        let Screen::Meeting(m) = &mut self.screen else { return };
        let draft = self.store.composer_draft(m.meeting.id, m.section).ok().flatten();
        m.editing_entry = None;
        m.dirty_since = None;
        if !m.meeting.is_open() {
            fill_composer(m, "");
            super::app::style_minutes(&self.theme, m);
            if let Some(d) = draft.filter(|d| !d.text.trim().is_empty()) {
                if self.modals.is_empty() {
                    self.offer_minutes_amendment(&d.text);
                }
            }
            return;
        }
        let draft = draft.unwrap_or(crate::store::ComposerDraft { text: String::new(), corrects: None });
        m.editing_entry = draft.corrects.and_then(|id| m.meeting.entries.iter().find(|e| e.id == id && e.actor == actor).cloned());
        fill_composer(m, &draft.text);
        super::app::style_minutes(&self.theme, m);
    }

    /// Someone finalized the meeting while this user had unrecorded text in its minutes: keep it,
    /// as the new value of an amendment to the minutes (Ctrl-S goes on to how and why; Esc leaves
    /// it kept for later).
    pub(super) fn offer_minutes_amendment(&mut self, text: &str) {
        let Screen::Meeting(m) = &self.screen else { return };
        let section = m.section;
        self.push_text_editor(Target::AmendValue(Box::new(Target::Minutes { section })), AMEND_LABEL, Kind::Long, String::new());
        if let Some(Modal::Edit { area, .. }) = self.modals.last_mut() {
            area.insert_str(text);
        }
        self.info("This meeting was finalized while your text in its minutes was not recorded: it is kept here as an amendment (Ctrl-S to go on, Esc keeps it for later).");
    }

    /// Keys while the minutes pane has the focus.
    pub(super) fn minutes_key(&mut self, key: KeyEvent) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        if key.code == KeyCode::Esc {
            if m.editing_entry.is_some() {
                let (mid, sec) = (m.meeting.id, m.section);
                m.editing_entry = None;
                m.dirty_since = None;
                fill_composer(m, "");
                super::app::style_minutes(&self.theme, m);
                let r = self.store.clear_draft(mid, sec);
                self.report(r);
                self.info("Correction abandoned; the entry is unchanged.");
            }
            self.set_pane(Pane::Main);
            return;
        }
        if !m.meeting.is_open() {
            self.error("This meeting is finalized; its minutes can no longer be changed (amendments: press A on a field).");
            return;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Enter if !alt && !key.modifiers.contains(KeyModifiers::SHIFT) => {
                self.record_entry();
                return;
            }
            KeyCode::Enter => {
                m.minutes.insert_newline();
                m.dirty_since.get_or_insert_with(Instant::now);
                return;
            }
            KeyCode::Char('j') if ctrl => {
                m.minutes.insert_newline();
                m.dirty_since.get_or_insert_with(Instant::now);
                return;
            }
            KeyCode::Char('e') if ctrl => {
                self.edit_last_entry();
                return;
            }
            _ => {}
        }
        let before = m.minutes.lines().iter().map(|l| l.len()).sum::<usize>();
        if before > minutes::MAX_ENTRY {
            if let KeyCode::Char(_) = key.code {
                self.error(format!("An entry is limited to {} characters; press Enter to record it.", minutes::MAX_ENTRY));
                return;
            }
        }
        // ↑/↓ move by wrapped row: the text is wrapped on screen only (widgets::softwrap).
        if matches!(key.code, KeyCode::Up | KeyCode::Down) && key.modifiers.is_empty() {
            let width = super::view::minutes_text_width(self.width, self.show_findings);
            super::widgets::softwrap::visual_move(&mut m.minutes, width, key.code == KeyCode::Up);
            return;
        }
        if m.minutes.input(key) {
            m.dirty_since.get_or_insert_with(Instant::now);
        }
    }

    /// Paste into the composer.
    pub(super) fn paste_minutes(&mut self, text: &str) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        if !m.meeting.is_open() {
            return;
        }
        if m.minutes.lines().iter().map(|l| l.len()).sum::<usize>() + text.len() > minutes::MAX_ENTRY {
            self.error(format!("Paste refused: one entry is limited to {} characters.", minutes::MAX_ENTRY));
        } else {
            m.minutes.insert_str(text);
            m.dirty_since.get_or_insert_with(Instant::now);
        }
    }

    /// Enter in the composer: parse the quick-entry syntax and record the entry (or save the
    /// correction). On an error nothing is recorded and the text stays.
    fn record_entry(&mut self) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        let text = m.minutes_text();
        if text.trim().is_empty() {
            return;
        }
        let team = people(&m.meeting);
        let parsed = match minutes::parse_entry(&text, &team) {
            Ok(p) => p,
            Err(e) => {
                self.error(format!("Not recorded: {e}."));
                return;
            }
        };
        let (mid, sec) = (m.meeting.id, m.section);
        let result = match m.editing_entry.clone() {
            Some(old) => {
                let mut new = old.clone();
                new.kind = parsed.kind.unwrap_or(old.kind);
                new.text = parsed.text.clone();
                if !parsed.speaker.is_empty() || parsed.kind.is_some() {
                    new.speaker = parsed.speaker.clone();
                }
                if new.kind == EntryKind::Action {
                    if !parsed.owner.is_empty() {
                        new.owner = parsed.owner.clone();
                    }
                    new.due = parsed.due.or(old.due);
                }
                self.store.update_entry(mid, &old, &new).map(|e| (Some(old.id), e))
            }
            None => self.store.add_entry(mid, sec, &parsed).map(|e| (None, e)),
        };
        match result {
            Ok((replaced, entry)) => {
                let _ = self.store.clear_draft(mid, sec);
                let Screen::Meeting(m) = &mut self.screen else { return };
                match replaced.and_then(|id| m.meeting.entries.iter().position(|e| e.id == id)) {
                    Some(i) => m.meeting.entries[i] = entry.clone(),
                    None => m.meeting.entries.push(entry.clone()),
                }
                m.editing_entry = None;
                m.dirty_since = None;
                fill_composer(m, "");
                super::app::style_minutes(&self.theme, m);
                let what = if replaced.is_some() { "Corrected" } else { "Recorded" };
                self.ok(format!("{what}: {} at {}.", entry.kind.label(), entry.clock()));
            }
            Err(e) => {
                let msg = e.to_string();
                self.error(format!("Not recorded: {msg}"));
                if matches!(e, crate::store::StoreError::Conflict { .. }) {
                    self.reload_entries();
                }
            }
        }
    }

    /// Ctrl-E: bring this user's last entry of the section back into the composer to correct it.
    fn edit_last_entry(&mut self) {
        let actor = self.store.actor().to_string();
        let Screen::Meeting(m) = &mut self.screen else { return };
        if !m.minutes_text().trim().is_empty() {
            self.error("Record (Enter) or clear the text being typed before correcting an entry.");
            return;
        }
        let Some(e) = m.meeting.entries_in(m.section).filter(|e| e.actor == actor).last().cloned() else {
            self.info("You have recorded no entry in this section yet.");
            return;
        };
        let mut text = String::new();
        if e.kind != EntryKind::Note {
            text.push_str(&format!("/{} ", e.kind.prefix()));
        }
        text.push_str(&e.text);
        if e.kind == EntryKind::Action {
            if let Some(d) = e.due {
                text.push_str(&format!(" due {d}"));
            }
        }
        fill_composer(m, &text);
        m.editing_entry = Some(e);
        super::app::style_minutes(&self.theme, m);
        self.info("Correcting your last entry: Enter saves the correction, Esc leaves it unchanged.");
    }

    /// Re-read the entries (after a conflict, or when another process recorded some).
    pub(super) fn reload_entries(&mut self) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        if let Ok(entries) = self.store.load_entries(m.meeting.id) {
            m.meeting.entries = entries;
        }
    }

    // ----- parking lot ------------------------------------------------------------------------------

    pub(super) fn parking_key(&mut self, key: KeyEvent) {
        let Some(Modal::Parking { sel }) = self.modals.last_mut() else { return };
        let Screen::Meeting(m) = &mut self.screen else { return };
        let items: Vec<Entry> = m.parking().into_iter().cloned().collect();
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => *sel = (*sel + 1).min(items.len().saturating_sub(1)),
            KeyCode::Char('k') | KeyCode::Up => *sel = sel.saturating_sub(1),
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('P') => {
                self.modals.pop();
            }
            KeyCode::Enter | KeyCode::Char('h') | KeyCode::Char('c') => {
                let Some(item) = items.get(*sel).cloned() else { return };
                if item.resolution.is_some() {
                    self.info(format!("Already {}.", item.resolution.as_ref().map(|r| r.describe()).unwrap_or_default()));
                    return;
                }
                if !m.meeting.is_open() {
                    self.error("This meeting is finalized.");
                    return;
                }
                let (mid, sec) = (m.meeting.id, m.section);
                if key.code == KeyCode::Char('c') {
                    self.push_text_editor(Target::Carry { entry_id: item.id }, CARRY_LABEL, Kind::Text, String::new());
                    return;
                }
                match self.store.resolve_parking(mid, &item, sec) {
                    Ok(_) => {
                        self.reload_entries();
                        self.ok(format!("Parking-lot item handled in {}.", sec.label()));
                    }
                    Err(e) => {
                        self.error(e.to_string());
                        self.reload_entries();
                    }
                }
            }
            _ => {}
        }
    }

    fn carry(&mut self, entry_id: i64, input: &str) -> Result<(), String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let team = people(&m.meeting);
        let (owner, due) = minutes::parse_owner_due(input, &team)?;
        let item = m.meeting.entries.iter().find(|e| e.id == entry_id).cloned().ok_or("the item is gone")?;
        let mid = m.meeting.id;
        let r = self.store.carry_to_action(mid, &item, &owner, due);
        self.reload_entries();
        r.map_err(|e| e.to_string())?;
        self.ok("Carried to the action items.");
        Ok(())
    }

    // ----- agenda timer -----------------------------------------------------------------------------

    pub(super) fn agenda_key(&mut self, key: KeyEvent) {
        let Some(Modal::Agenda { sel }) = self.modals.last_mut() else { return };
        let Screen::Meeting(m) = &self.screen else { return };
        let n = m.agenda().items.len();
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => *sel = (*sel + 1).min(n - 1),
            KeyCode::Char('k') | KeyCode::Up => *sel = sel.saturating_sub(1),
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('T') => {
                self.modals.pop();
            }
            KeyCode::Enter => {
                let i = *sel;
                self.start_agenda_item(Some(i));
            }
            KeyCode::Char('s') => self.start_agenda_item(None),
            KeyCode::Char('N') => self.next_agenda_item(),
            _ => {}
        }
    }

    /// Start an agenda item (and go to its section), or stop the timer.
    pub(super) fn start_agenda_item(&mut self, item: Option<usize>) {
        let Screen::Meeting(m) = &self.screen else { return };
        if !m.meeting.is_open() {
            self.error("This meeting is finalized; its agenda timer is stopped for good.");
            return;
        }
        let mid = m.meeting.id;
        let agenda = m.agenda();
        let state = m.timer_state();
        if item.is_none() && state.current.is_none() {
            self.info("The agenda timer is not running.");
            return;
        }
        if let Err(e) = self.store.timer_event(mid, item) {
            self.error(e.to_string());
            return;
        }
        if let Ok(ev) = self.store.timer_events(mid) {
            if let Screen::Meeting(m) = &mut self.screen {
                m.timer = ev;
            }
        }
        match item {
            Some(i) => {
                let it = &agenda.items[i];
                if let Some(s) = it.section {
                    self.set_section(s);
                }
                self.ok(format!("Agenda: {} ({} min planned).", it.title, it.minutes));
            }
            None => self.ok("Agenda timer stopped."),
        }
    }

    /// `N`: start the agenda item after the current one (or the first).
    pub(super) fn next_agenda_item(&mut self) {
        let Screen::Meeting(m) = &self.screen else { return };
        let n = m.agenda().items.len();
        let next = match m.timer_state().current {
            Some(i) if i + 1 < n => i + 1,
            Some(_) => {
                self.info("That was the last agenda item; press T and s to stop the timer.");
                return;
            }
            None => 0,
        };
        if let Some(Modal::Agenda { sel }) = self.modals.last_mut() {
            *sel = next;
        }
        self.start_agenda_item(Some(next));
    }

    // ----- summary, sign-off and finalize ----------------------------------------------------------

    pub(super) fn summary_key(&mut self, key: KeyEvent) {
        let lines = match &self.screen {
            Screen::Meeting(m) => super::widgets::closing::summary_lines(self, m, 80).len() as u16,
            _ => 0,
        };
        let Some(Modal::Summary { scroll }) = self.modals.last_mut() else { return };
        // Rendering clamps to the screen; here, at least stop where the last lines are still shown.
        *scroll = (*scroll).min(lines.saturating_sub(5));
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => *scroll = scroll.saturating_add(1),
            KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => *scroll = scroll.saturating_add(10),
            KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('S') => {
                self.modals.pop();
            }
            KeyCode::Char('s') if self.guard_open() => self.sign_picker(),
            KeyCode::Char('P') => self.modals.push(Modal::Parking { sel: 0 }),
            KeyCode::Char('F') => self.ask_finalize(),
            _ => {}
        }
    }

    fn sign_picker(&mut self) {
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
        self.push_pick(Target::Sign, SIGN_LABEL, options, false);
    }

    /// Record a signature now: name and role from the attendance list, today's date, the time.
    fn sign(&mut self, who: &str) -> Result<(), String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let person = people(&m.meeting).into_iter().find(|p| p.label() == who).ok_or("choose someone from the attendance list")?;
        let mut rec = Block::Signatures.new_record();
        let now = crate::store::clock_now().with_timezone(&Local);
        let cx = self.cx();
        let r = rec.as_record_mut();
        r.set("name", &person.name, &cx).map_err(|e| e.to_string())?;
        r.set("role", &person.role, &cx).map_err(|e| e.to_string())?;
        r.set("signed_on", &self.today.to_string(), &cx).map_err(|e| e.to_string())?;
        r.set("signed_at", &now.format("%H:%M").to_string(), &cx).map_err(|e| e.to_string())?;
        let mid = m.meeting.id;
        let item = self.store.insert_item(mid, Block::Signatures, &rec).map_err(|e| e.to_string())?;
        if let Screen::Meeting(m) = &mut self.screen {
            m.meeting.block_mut(Block::Signatures).push(item);
        }
        self.ok(format!("Signed by {} at {}.", person.label(), now.format("%H:%M")));
        Ok(())
    }

    /// F: finalize, once the parking lot is empty and nothing typed is left unrecorded.
    pub(super) fn ask_finalize(&mut self) {
        self.flush_minutes();
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
        self.modals.push(Modal::Confirm {
            prompt: format!("Finalize this meeting? It becomes a read-only record; later changes are dated amendments.{still}"),
            action: ConfirmAction::Finalize,
        });
    }

    // ----- amendments -------------------------------------------------------------------------------

    /// Editing a field of a finalized meeting starts an amendment instead.
    pub(super) fn begin_amendment(&mut self, target: Target) {
        let Some((value, spec)) = self.target_value(&target) else { return };
        if matches!(spec.kind, Kind::Long | Kind::Lines) {
            self.push_text_editor(Target::AmendValue(Box::new(target)), AMEND_LABEL, Kind::Long, value);
        } else {
            self.push_text_editor(Target::AmendValue(Box::new(target)), AMEND_LABEL, Kind::Text, value);
        }
        self.info("This meeting is finalized: the change is recorded as a dated amendment; the original stays.");
    }

    fn amend_value(&mut self, inner: &Target, input: &str) -> Result<Committed, String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let cx = self.cx();
        let (rec, key, what) = match inner {
            Target::Single { block, key } => {
                let rec = m.meeting.block(*block).first().map(|i| i.record.clone()).unwrap_or_else(|| block.new_record());
                (rec, *key, block.title().to_string())
            }
            Target::Item { block, id, key } => {
                let (idx, item) = m.meeting.find_item(*block, *id).ok_or("the item is gone")?;
                (item.record.clone(), *key, format!("{} {}", block.title(), idx + 1))
            }
            Target::Minutes { section } => {
                // Text typed in the minutes when the meeting was finalized: added to the record.
                let text = clean_text(input);
                if text.trim().is_empty() {
                    return Err("type the text to add to the minutes".into());
                }
                let pending = PendingAmendment {
                    what: format!("Minutes › {}", section.label()),
                    before: String::new(),
                    after: text,
                    how: String::new(),
                    minutes: Some(*section),
                };
                let options: Vec<String> = AMENDMENT_WAYS.iter().map(|s| s.to_string()).collect();
                self.modals.pop();
                self.push_pick(Target::AmendHow(Box::new(pending)), HOW_LABEL, options, false);
                return Ok(Committed::NextStep);
            }
            _ => return Err("only a field of the meeting can be amended".into()),
        };
        let before = rec.as_record().get(key);
        let mut after = rec.clone();
        after.as_record_mut().set(key, input, &cx).map_err(|e| e.to_string())?;
        let after_v = after.as_record().get(key);
        if after_v == before {
            return Err("that is the value already on record; type the new value".into());
        }
        let label = rec.as_record().spec(key).map(|s| s.label).unwrap_or(key);
        let pending = PendingAmendment { what: format!("{what} › {label}"), before, after: after_v, how: String::new(), minutes: None };
        let options: Vec<String> = AMENDMENT_WAYS.iter().map(|s| s.to_string()).collect();
        self.modals.pop();
        self.push_pick(Target::AmendHow(Box::new(pending)), HOW_LABEL, options, false);
        // The picker is now on top; the caller must not pop it.
        Ok(Committed::NextStep)
    }

    fn amend_how(&mut self, p: &PendingAmendment, how: &str) -> Result<Committed, String> {
        if how.is_empty() {
            return Err("choose how the amendment was agreed".into());
        }
        let mut p = p.clone();
        p.how = how.to_string();
        self.modals.pop();
        self.push_text_editor(Target::AmendReason(Box::new(p)), REASON_LABEL, Kind::Long, String::new());
        Ok(Committed::NextStep)
    }

    fn amend_reason(&mut self, p: &PendingAmendment, reason: &str) -> Result<(), String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let a = Amendment {
            id: 0,
            at: String::new(),
            actor: String::new(),
            date: self.today,
            how: p.how.clone(),
            what: p.what.clone(),
            before: p.before.clone(),
            after: p.after.clone(),
            reason: reason.to_string(),
        };
        let mid = m.meeting.id;
        let saved = self.store.add_amendment(mid, &a).map_err(|e| e.to_string())?;
        if let Some(sec) = p.minutes {
            // The minutes text it carries is in the record now: its draft goes.
            let _ = self.store.clear_draft(mid, sec);
        }
        if let Screen::Meeting(m) = &mut self.screen {
            m.meeting.amendments.push(saved);
            if p.minutes == Some(m.section) {
                fill_composer(m, "");
            }
        }
        self.ok(format!("Amendment recorded ({}); the original record is unchanged.", p.what));
        Ok(())
    }

    // ----- goal bank --------------------------------------------------------------------------------

    pub(super) fn open_goal_bank(&mut self) {
        if !self.guard_open() {
            return;
        }
        let options: Vec<String> = crate::domain::goalbank::builtin().iter().map(|t| t.label()).collect();
        self.push_pick(Target::GoalBank, GOAL_BANK_LABEL, options, false);
    }

    /// Insert the chosen template as a new goal and open it: the team fills the [__] blanks.
    fn insert_goal(&mut self, label: &str) -> Result<Committed, String> {
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

    // ----- export -----------------------------------------------------------------------------------

    fn export_format(&mut self, choice: &str) -> Result<Committed, String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let format = crate::export::FORMATS.into_iter().find(|f| choice.starts_with(f)).ok_or("choose a format")?;
        let dir = match self.store.path().parent() {
            Some(d) if !d.as_os_str().is_empty() && self.store.path().as_os_str() != ":memory:" => d.join("exports"),
            _ => std::path::PathBuf::from("exports"),
        };
        let id = if m.student.local_id.is_empty() { m.meeting.student_id.to_string() } else { m.student.local_id.clone() };
        let safe: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
        let lang = if choice.ends_with("español") { "es" } else { "en" };
        let suffix = if lang == "en" { String::new() } else { format!("-{lang}") };
        let path = dir.join(format!("{safe}-meeting-{}{suffix}.{format}", m.meeting.id));
        self.modals.pop();
        self.push_text_editor(Target::ExportPath { format, lang }, PATH_LABEL, Kind::Text, path.display().to_string());
        Ok(Committed::NextStep)
    }

    fn export_to(&mut self, format: &str, lang: &str, input: &str) -> Result<(), String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let raw = input.trim();
        if raw.is_empty() {
            return Err("type the file to write".into());
        }
        let path = std::path::PathBuf::from(raw);
        if path.exists() {
            return Err(format!("{} exists; choose another name (exports never overwrite)", crate::domain::text::display(raw)));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
            let mut b = std::fs::DirBuilder::new();
            b.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
            b.create(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let at = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let bytes = crate::export::meeting_record(&self.store, m.meeting.id, format, lang, &at).map_err(|e| e.to_string())?;
        crate::export::write_private(&path, &bytes).map_err(|e| format!("{}: {e}", crate::domain::text::display(raw)))?;
        self.ok(format!("Exported to {}", crate::domain::text::display(raw)));
        Ok(())
    }

    // ----- search -----------------------------------------------------------------------------------

    pub(super) fn open_search(&mut self) {
        self.push_text_editor(Target::Search, SEARCH_LABEL, Kind::Text, String::new());
    }

    fn search(&mut self, input: &str) -> Result<Committed, String> {
        let hits = self.store.search(input, None, 200).map_err(|e| e.to_string())?;
        if hits.is_empty() {
            return Err(format!("no minutes match '{}'", crate::domain::text::clean_line(input)));
        }
        self.modals.pop();
        self.modals.push(Modal::Results { query: crate::domain::text::clean_line(input), hits, sel: 0 });
        Ok(Committed::NextStep)
    }

    pub(super) fn results_key(&mut self, key: KeyEvent) {
        let Some(Modal::Results { hits, sel, .. }) = self.modals.last_mut() else { return };
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => *sel = (*sel + 1).min(hits.len().saturating_sub(1)),
            KeyCode::Char('k') | KeyCode::Up => *sel = sel.saturating_sub(1),
            KeyCode::Esc | KeyCode::Char('q') => {
                self.modals.pop();
            }
            KeyCode::Char('/') => {
                self.modals.pop();
                self.open_search();
            }
            KeyCode::Enter => {
                let Some(h) = hits.get(*sel).cloned() else { return };
                self.modals.clear();
                self.flush_minutes();
                let r = self.open_meeting(h.meeting_id, h.section.unwrap_or(Section::Attendance));
                if self.report(r).is_some() {
                    self.set_pane(Pane::Minutes);
                    self.set_pane(Pane::Main);
                }
            }
            _ => {}
        }
    }

    /// The targets of this file, called from `App::commit`.
    pub(super) fn commit_minutes(&mut self, target: &Target, input: &str) -> Result<Committed, String> {
        let done = |r: Result<(), String>| r.map(|()| Committed::Done);
        match target {
            Target::Carry { entry_id } => done(self.carry(*entry_id, input)),
            Target::Sign => done(self.sign(input)),
            Target::AmendValue(inner) => self.amend_value(inner, input),
            Target::AmendHow(p) => self.amend_how(p, input),
            Target::AmendReason(p) => done(self.amend_reason(p, input)),
            Target::Search => self.search(input),
            Target::ExportFormat => self.export_format(input),
            Target::ExportPath { format, lang } => done(self.export_to(format, lang, input)),
            Target::GoalBank => self.insert_goal(input),
            _ => Err("not a minutes target".into()),
        }
    }
}

