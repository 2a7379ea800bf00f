//! The minutes composer: quick-entry syntax, corrections (Ctrl-E), drafts at every keystroke.

#[allow(unused_imports)]
use crate::ui::prelude::*;

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
    pub(crate) fn load_composer(&mut self) {
        let actor = self.store.actor().to_string();
        let Screen::Meeting(m) = &mut self.screen else { return };
        let draft = self.store.composer_draft(m.meeting.id, m.section).ok().flatten();
        m.editing_entry = None;
        m.dirty_since = None;
        if !m.meeting.is_open() {
            fill_composer(m, "");
            crate::ui::app::style_minutes(&self.theme, m);
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
        crate::ui::app::style_minutes(&self.theme, m);
    }

    /// Someone finalized the meeting while this user had unrecorded text in its minutes: keep it,
    /// as the new value of an amendment to the minutes (Ctrl-S goes on to how and why; Esc leaves
    /// it kept for later).
    pub(crate) fn offer_minutes_amendment(&mut self, text: &str) {
        let Screen::Meeting(m) = &self.screen else { return };
        let section = m.section;
        self.push_text_editor(Target::AmendValue(Box::new(Target::Minutes { section })), AMEND_LABEL, Kind::Long, String::new());
        if let Some(Modal::Edit { area, .. }) = self.modals.last_mut() {
            area.insert_str(text);
        }
        self.info("This meeting was finalized while your text in its minutes was not recorded: it is kept here as an amendment (Ctrl-S to go on, Esc keeps it for later).");
    }

    /// Keys while the minutes pane has the focus.
    /// The minutes pane's actions (record, new line, correct, undo/redo, leave).
    pub(crate) fn minutes_update(&mut self, action: Action) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        if action == Action::Leave {
            if m.editing_entry.is_some() {
                let (mid, sec) = (m.meeting.id, m.section);
                m.editing_entry = None;
                m.dirty_since = None;
                fill_composer(m, "");
                crate::ui::app::style_minutes(&self.theme, m);
                self.emit_reported(Io::ClearDraft { meeting: mid, section: sec });
                self.info("Correction abandoned; the entry is unchanged.");
            }
            self.set_pane(Pane::Main);
            return;
        }
        // Scrolling reads the entries, of an open or a finalized meeting.
        match action {
            Action::PageUp => return m.minutes_scroll += 3,
            Action::PageDown => return m.minutes_scroll = m.minutes_scroll.saturating_sub(3),
            _ => {}
        }
        if !m.meeting.is_open() {
            self.error("This meeting is finalized; its minutes can no longer be changed (amendments: press A on a field).");
            return;
        }
        match action {
            Action::Record => self.record_entry(),
            Action::NewLine => {
                m.minutes.insert_newline();
                m.dirty_since.get_or_insert_with(Instant::now);
            }
            Action::Correct => self.edit_last_entry(),
            Action::Undo | Action::Redo => {
                let changed = if action == Action::Undo { m.minutes.undo() } else { m.minutes.redo() };
                if changed {
                    m.dirty_since.get_or_insert_with(Instant::now);
                }
            }
            _ => {}
        }
    }

    /// A key typed in the composer: text, or a cursor move (↑/↓ by wrapped row: the text is wrapped
    /// on screen only, `widgets::softwrap`).
    pub(crate) fn composer_input(&mut self, key: KeyEvent) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        if !m.meeting.is_open() {
            self.error("This meeting is finalized; its minutes can no longer be changed (amendments: press A on a field).");
            return;
        }
        let before = m.minutes.lines().iter().map(|l| l.len()).sum::<usize>();
        if before > minutes::MAX_ENTRY {
            if let KeyCode::Char(_) = key.code {
                self.error(format!("An entry is limited to {} characters; press Enter to record it.", minutes::MAX_ENTRY));
                return;
            }
        }
        if matches!(key.code, KeyCode::Up | KeyCode::Down) && key.modifiers.is_empty() {
            let width = crate::ui::view::minutes_text_width(self.width, self.show_findings);
            crate::ui::widgets::softwrap::visual_move(&mut m.minutes, width, key.code == KeyCode::Up);
            return;
        }
        if m.minutes.input(key) {
            m.dirty_since.get_or_insert_with(Instant::now);
        }
    }

    /// Paste into the composer.
    pub(crate) fn paste_minutes(&mut self, text: &str) {
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
    pub(crate) fn record_entry(&mut self) {
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
        let (io, replaced) = match m.editing_entry.clone() {
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
                let id = old.id;
                (Io::UpdateEntry { meeting: mid, old: Box::new(old), new: Box::new(new) }, Some(id))
            }
            None => (Io::AddEntry { meeting: mid, section: sec, entry: parsed }, None),
        };
        self.emit(io, move |app, r: Result<Entry, StoreError>| app.recorded(mid, sec, replaced, r));
    }

    /// The answer to recording an entry (or a correction): the composer empties, or keeps the text.
    fn recorded(&mut self, mid: i64, sec: Section, replaced: Option<i64>, r: Result<Entry, StoreError>) {
        match r {
            Ok(entry) => {
                // The text is in the record now: its draft goes (a failure leaves a stale draft only).
                self.emit_ignored(Io::ClearDraft { meeting: mid, section: sec });
                let Screen::Meeting(m) = &mut self.screen else { return };
                match replaced.and_then(|id| m.meeting.entries.iter().position(|e| e.id == id)) {
                    Some(i) => m.meeting.entries[i] = entry.clone(),
                    None => m.meeting.entries.push(entry.clone()),
                }
                m.editing_entry = None;
                m.dirty_since = None;
                m.minutes_scroll = 0;
                fill_composer(m, "");
                crate::ui::app::style_minutes(&self.theme, m);
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
    pub(crate) fn edit_last_entry(&mut self) {
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
        crate::ui::app::style_minutes(&self.theme, m);
        self.info("Correcting your last entry: Enter saves the correction, Esc leaves it unchanged.");
    }

    /// Re-read the entries (after a conflict, or when another process recorded some).
    pub(crate) fn reload_entries(&mut self) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        if let Ok(entries) = self.store.load_entries(m.meeting.id) {
            m.meeting.entries = entries;
        }
    }
}

/// Saving the composer's text as this user's draft: at once after each keystroke (the next tick),
/// and before the text's section is left.
impl App {
    /// Ask to save the text being typed in the minutes (this user's draft), if it changed. Once
    /// saved, the dirty mark goes; if it could not be, the text stays in the composer, the mark
    /// stays and the next tick tries again.
    pub(crate) fn save_minutes(&mut self) {
        self.save_minutes_and(|_, _| ());
    }

    /// `save_minutes`, then `then` with whether it was saved (or there was nothing to save).
    fn save_minutes_and(&mut self, then: impl FnOnce(&mut App, bool) + 'static) {
        let Screen::Meeting(m) = &mut self.screen else { return then(self, true) };
        if m.dirty_since.is_none() || !m.meeting.is_open() {
            return then(self, true);
        }
        let io = Io::SaveComposer { meeting: m.meeting.id, section: m.section, text: m.minutes_text(), corrects: m.editing_entry.as_ref().map(|e| e.id) };
        self.emit(io, move |app, r: Result<(), StoreError>| {
            match &r {
                Ok(()) => {
                    if let Screen::Meeting(m) = &mut app.screen {
                        m.dirty_since = None;
                    }
                }
                Err(e) if e.is_busy() => app.info(crate::ui::app::BUSY_TYPING),
                Err(e) if e.is_full() => app.error(crate::ui::app::DISK_FULL),
                Err(e) => app.error(format!("Minutes not saved yet: {e}")),
            }
            then(app, r.is_ok())
        });
    }

    /// True when nothing typed in the minutes is waiting to be saved.
    pub fn minutes_saved(&self) -> bool {
        !matches!(&self.screen, Screen::Meeting(m) if m.dirty_since.is_some() && m.meeting.is_open())
    }

    /// The input loop's save of the minutes (ticks, shutdown): now. False when it could not be.
    pub fn flush_minutes(&mut self) -> bool {
        self.save_minutes();
        self.run_pending();
        self.minutes_saved()
    }

    /// Before leaving the minutes text of this section (another section, student or meeting): it
    /// is saved first, then `then` goes on; if it cannot be saved the move is refused with the text
    /// still in the composer.
    pub(crate) fn after_minutes_saved(&mut self, then: impl FnOnce(&mut App) + 'static) {
        self.save_minutes_and(move |app, saved| {
            if saved {
                then(app);
            } else {
                app.error("Not moved yet: the minutes you typed here are not saved (another program is writing to the database); try again in a moment.");
            }
        });
    }
}
