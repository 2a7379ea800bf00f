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
