//! Every editor is a live draft (`domain::drafts`): the text of the open field editor or popup is
//! written as this session's draft after every key and paste, and never becomes the value until the
//! user confirms it. Stopping in any way (quit, Ctrl-C, SIGHUP, SIGTERM, SIGKILL, a panic) leaves
//! the draft; the next start of this user's iepmeet adopts it and reopens the editor with the text.
//! An editor whose item someone else deleted keeps its text and offers to add the item back or to
//! copy the text into the minutes.

use crate::domain::drafts::{DraftTarget, EditorDraft};
use crate::domain::fields::Kind;
use crate::domain::meeting::{Block, Item, Section};
use crate::domain::student::Student;

use super::app::{App, Committed, Modal, Pane, Screen, Target};
use super::effects::Io;
use super::fields::Finish;
use crate::store::StoreError;
use super::prelude::{PendingAmendment, AMEND_LABEL, CARRY_LABEL, HOW_LABEL, REASON_LABEL, SEARCH_LABEL};

/// The draft form of a target (items by row id).
fn to_draft(t: &Target, label: &str) -> DraftTarget {
    let field = |b: &Block, k: &str, item: Option<i64>| (b.code().to_string(), k.to_string(), item);
    match t {
        Target::Single { block, key } => {
            let (block, key, item) = field(block, key, None);
            DraftTarget::Field { block, key, item }
        }
        Target::Item { block, id, key } => {
            let (block, key, item) = field(block, key, Some(*id));
            DraftTarget::Field { block, key, item }
        }
        Target::Student { key } => DraftTarget::Student { key: key.to_string() },
        Target::Ack { rule, key } => DraftTarget::Ack { rule: rule.to_string(), key: key.clone() },
        Target::AmendValue(inner) => match inner.as_ref() {
            Target::Single { block, key } => DraftTarget::AmendValue { block: block.code().into(), key: key.to_string(), item: None },
            Target::Item { block, id, key } => DraftTarget::AmendValue { block: block.code().into(), key: key.to_string(), item: Some(*id) },
            Target::Minutes { section } => DraftTarget::AmendMinutes { section: section.code().into() },
            _ => DraftTarget::Other { label: label.to_string() },
        },
        Target::AmendHow(p) | Target::AmendReason(p) => DraftTarget::AmendReason {
            what: p.what.clone(),
            before: p.before.clone(),
            after: p.after.clone(),
            how: p.how.clone(),
            minutes: p.minutes.map(|s| s.code().to_string()),
        },
        Target::Carry { entry_id } => DraftTarget::Carry { entry: *entry_id },
        Target::TeamMembers => DraftTarget::TeamMember,
        _ => DraftTarget::Other { label: label.to_string() },
    }
}

fn field_key(block: Block, key: &str) -> Option<&'static str> {
    block.new_record().as_record().spec(key).map(|s| s.key)
}

fn field_target(block: &str, key: &str, item: Option<i64>) -> Option<Target> {
    let block = Block::from_code(block)?;
    let key = field_key(block, key)?;
    Some(match item {
        Some(id) => Target::Item { block, id, key },
        None => Target::Single { block, key },
    })
}

impl App {
    /// The open editor (or the amendment step between its value and its reason) as a draft, with
    /// the meeting or student it belongs to.
    fn current_editor(&self) -> Option<(EditorDraft, Option<i64>, Option<i64>)> {
        let d = self.modals.iter().rev().find_map(|m| match m {
            Modal::Edit { target, label, area, original, .. } => Some(EditorDraft {
                target: to_draft(target, label),
                label: label.to_string(),
                original: original.clone(),
                text: area.lines().join("\n"),
            }),
            // A name typed to filter a list that takes other values is kept like any typed text
            // (Enter would take it as typed); it comes back in a text editor.
            Modal::Pick { target: t @ (Target::Single { .. } | Target::Item { .. } | Target::Student { .. }), label, query, other: true, .. }
                if !query.trim().is_empty() =>
            {
                let original = self.target_value(t).map(|v| v.0).unwrap_or_default();
                Some(EditorDraft { target: to_draft(t, label), label: label.to_string(), original, text: query.clone() })
            }
            // A name typed in the team list (someone not offered, or a filter): kept the same way,
            // it comes back in the team list.
            Modal::Pick { target: t @ Target::TeamMembers, label, query, .. } if !query.trim().is_empty() => {
                Some(EditorDraft { target: to_draft(t, label), label: label.to_string(), original: String::new(), text: query.clone() })
            }
            Modal::Pick { target: t @ Target::AmendHow(_), label, .. } => {
                Some(EditorDraft { target: to_draft(t, label), label: label.to_string(), original: String::new(), text: String::new() })
            }
            _ => None,
        })?;
        let (meeting, student) = match &self.screen {
            Screen::Meeting(m) => (Some(m.meeting.id), Some(m.meeting.student_id)),
            Screen::Student(s) => (None, Some(s.id)),
            _ => (None, None),
        };
        Some((d, meeting, student))
    }

    /// What is typed and not in the database: the minutes text not saved yet, and the open
    /// editor's text if its draft is not the one stored.
    pub(super) fn unsaved(&self) -> (Vec<crate::store::FallbackComposer>, Vec<crate::store::FallbackEditor>) {
        let mut composer = Vec::new();
        if let Screen::Meeting(m) = &self.screen {
            if m.dirty_since.is_some() && m.meeting.is_open() {
                composer.push(crate::store::FallbackComposer {
                    meeting_id: m.meeting.id,
                    section: m.section.code().to_string(),
                    corrects: m.editing_entry.as_ref().map(|e| e.id),
                    text: m.minutes_text(),
                });
            }
        }
        let mut editors = Vec::new();
        if let Some((d, meeting_id, student_id)) = self.current_editor() {
            let stored = matches!(&self.editor_draft, Some((_, Some(last))) if *last == d);
            let amending = matches!(d.target, DraftTarget::AmendReason { .. } | DraftTarget::AmendMinutes { .. });
            let untouched = self.editor_draft.is_none() && d.text == d.original && !amending;
            if !stored && !untouched {
                editors.push(crate::store::FallbackEditor { row: self.editor_draft.as_ref().map(|(id, _)| *id), meeting_id, student_id, draft: d });
            }
        }
        (composer, editors)
    }

    /// Write the open editor's text as this session's draft if it changed; drop the draft once the
    /// editor is closed (confirmed or cancelled). Called after every key and paste.
    pub fn sync_editor_draft(&mut self) {
        match self.current_editor() {
            Some((d, meeting, student)) => {
                let amending = matches!(d.target, DraftTarget::AmendReason { .. } | DraftTarget::AmendMinutes { .. });
                match &self.editor_draft {
                    Some((_, Some(last))) if *last == d => return,
                    // Nothing typed yet in a fresh editor: nothing to keep.
                    None if d.text == d.original && !amending => return,
                    _ => {}
                }
                let row = self.editor_draft.as_ref().map(|(id, _)| *id);
                let io = Io::SaveEditorDraft { row, meeting, student, draft: Box::new(d.clone()) };
                self.emit(io, move |app, r: Result<i64, StoreError>| match r {
                    Ok(id) => app.editor_draft = Some((id, Some(d))),
                    // The text stays in the editor; the next key tries again.
                    Err(e) if e.is_busy() => app.info(super::app::BUSY_TYPING),
                    Err(e) if e.is_full() => app.error(super::app::DISK_FULL),
                    Err(e) => app.error(format!("What you are typing is not kept yet: {e}")),
                });
            }
            None => {
                if let Some((id, _)) = self.editor_draft.take() {
                    self.emit(Io::ClearEditorDraft { row: id }, |app, r: Result<(), StoreError>| {
                        if let Err(e) = r {
                            return app.error(e.to_string());
                        }
                        // Another text left unsaved earlier comes back next.
                        if app.modals.is_empty() && app.store.editor_drafts().is_ok_and(|d| !d.is_empty()) {
                            app.restore_drafts();
                        }
                    });
                }
            }
        }
    }

    /// At start: reopen the newest editor this user left unconfirmed (after `adopt_drafts`), in
    /// its meeting or student, with the text as it was; the field keeps its value until confirmed.
    pub(super) fn restore_drafts(&mut self) {
        let Ok(drafts) = self.store.editor_drafts() else { return };
        let Some(last) = drafts.last().cloned() else { return };
        let more = drafts.len() - 1;
        let d = last.draft;
        // Go where it was typed.
        if let Some(mid) = last.meeting_id {
            let here = matches!(&self.screen, Screen::Meeting(m) if m.meeting.id == mid);
            let section = match &d.target {
                DraftTarget::Field { block, .. } | DraftTarget::AmendValue { block, .. } => Block::from_code(block).map(Section::of_block),
                DraftTarget::AmendMinutes { section } => Section::from_code(section),
                DraftTarget::TeamMember => Some(Section::Attendance),
                _ => None,
            };
            if !here && self.open_meeting(mid, section.unwrap_or(Section::Attendance)).is_err() {
                return;
            }
            if let Some(sec) = section {
                self.set_section(sec);
            }
            self.set_pane(Pane::Main);
        } else if let Some(sid) = last.student_id {
            let here = matches!(&self.screen, Screen::Student(s) if s.id == sid);
            if !here && self.open_student(sid).is_err() {
                return;
            }
        }
        let reopened = self.reopen(&d);
        // This session now owns the row: later keys update it, closing the editor removes it.
        self.editor_draft = Some((last.id, None));
        if reopened {
            self.sync_editor_draft();
            let also = if more > 0 { format!(" ({more} more unsaved text(s) come back when this one is closed.)") } else { String::new() };
            self.info(format!("Your unsaved text is back; not saved until you confirm it: {}.{also}", d.label));
        } else {
            self.modals.clear();
            self.sync_editor_draft();
            self.info(format!(
                "Text you had typed in \"{}\" and not saved: {}",
                d.label,
                crate::domain::text::summary(&crate::domain::text::display(&d.text), 200)
            ));
        }
    }

    /// Open the editor a draft belongs to, with its text. False when it can no longer be opened.
    fn reopen(&mut self, d: &EditorDraft) -> bool {
        let target = match &d.target {
            DraftTarget::Field { block, key, item } => field_target(block, key, *item),
            DraftTarget::Student { key } => Student::SPECS.iter().find(|s| s.key == key).map(|s| Target::Student { key: s.key }),
            DraftTarget::Ack { rule, key } => {
                crate::rules::registry().into_iter().find(|r| r.id == rule).map(|r| Target::Ack { rule: r.id, key: key.clone() })
            }
            DraftTarget::AmendValue { block, key, item } => field_target(block, key, *item).map(|t| Target::AmendValue(Box::new(t))),
            DraftTarget::AmendMinutes { section } => {
                Section::from_code(section).map(|section| Target::AmendValue(Box::new(Target::Minutes { section })))
            }
            DraftTarget::AmendReason { what, before, after, how, minutes } => {
                let p = PendingAmendment {
                    what: what.clone(),
                    before: before.clone(),
                    after: after.clone(),
                    how: how.clone(),
                    minutes: minutes.as_deref().and_then(Section::from_code),
                };
                if how.is_empty() {
                    let options = crate::domain::minutes::AMENDMENT_WAYS.iter().map(|s| s.to_string()).collect();
                    self.push_pick(Target::AmendHow(Box::new(p)), HOW_LABEL, options, false);
                    return true;
                }
                Some(Target::AmendReason(Box::new(p)))
            }
            DraftTarget::Carry { entry } => Some(Target::Carry { entry_id: *entry }),
            DraftTarget::TeamMember => {
                // The team list again, with the name typed (nothing is added until it is chosen).
                let open = matches!(&self.screen, Screen::Meeting(m) if m.meeting.is_open());
                if !open || !self.offer_team() {
                    return false;
                }
                if let Some(Modal::Pick { query, sel, .. }) = self.modals.last_mut() {
                    *query = d.text.clone();
                    *sel = 0;
                }
                return true;
            }
            DraftTarget::Other { label } if label == SEARCH_LABEL => Some(Target::Search),
            DraftTarget::Other { .. } => None,
        };
        let Some(target) = target else { return false };
        let finalized = matches!(&self.screen, Screen::Meeting(m) if !m.meeting.is_open());
        let (label, kind): (&'static str, Kind) = match &target {
            Target::Single { .. } | Target::Item { .. } | Target::Student { .. } => {
                let Some((_, spec)) = self.target_value(&target) else { return false };
                let kind = match spec.kind {
                    k @ (Kind::Long | Kind::Lines) => k,
                    Kind::Text | Kind::Choice(_) | Kind::Multi(_) | Kind::YesNo => Kind::Text,
                    k => k,
                };
                (spec.label, kind)
            }
            Target::Ack { .. } => (super::app::ACK_LABEL, Kind::Text),
            Target::AmendValue(inner) => (AMEND_LABEL, if matches!(inner.as_ref(), Target::Minutes { .. }) { Kind::Long } else { Kind::Text }),
            Target::AmendReason(_) => (REASON_LABEL, Kind::Long),
            Target::Carry { .. } => (CARRY_LABEL, Kind::Text),
            Target::Search => (SEARCH_LABEL, Kind::Text),
            _ => return false,
        };
        let target = match target {
            // A field of a meeting finalized meanwhile: the text becomes an amendment's new value.
            t @ (Target::Single { .. } | Target::Item { .. }) if finalized => Target::AmendValue(Box::new(t)),
            t => t,
        };
        if let Target::Item { block, id, key } = &target {
            if let Screen::Meeting(m) = &self.screen {
                if m.meeting.find_item(*block, *id).is_some() {
                    self.modals.push(Modal::Form { block: *block, id: *id, field: key, fresh: false });
                }
            }
        }
        let label = if matches!(target, Target::AmendValue(_)) { AMEND_LABEL } else { label };
        self.push_text_editor(target, label, kind, d.original.clone());
        if let Some(Modal::Edit { area, .. }) = self.modals.last_mut() {
            area.select_all();
            area.cut();
            area.insert_str(&d.text);
        }
        true
    }

    /// Enter on an editor whose item someone else deleted: add the item back (as it last stood,
    /// with this field's new value) instead of losing the text.
    pub(super) fn readd_item(&mut self, block: Block, key: &'static str, input: &str, finish: Finish) -> Result<Committed, String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let Some(Modal::Edit { target: Target::Item { id: old, .. }, .. }) = self.modals.last() else {
            return Err("the item is gone".into());
        };
        let old = *old;
        let mut rec = self.gone_items.iter().find(|(b, i)| *b == block && i.id == old).map(|(_, i)| i.record.clone()).unwrap_or_else(|| block.new_record());
        rec.as_record_mut().set(key, input, &self.cx()).map_err(|e| e.to_string())?;
        let mid = m.meeting.id;
        self.emit(Io::InsertItem { meeting: mid, block, record: rec }, move |app, r: Result<Item, StoreError>| {
            let item = match r {
                Ok(item) => item,
                Err(e) => return app.commit_failed(finish, e.to_string()),
            };
            let new = item.id;
            if let Screen::Meeting(m) = &mut app.screen {
                m.meeting.block_mut(block).push(item);
            }
            app.finished(&Target::Item { block, id: new, key }, finish);
            for md in app.modals.iter_mut() {
                if let Modal::Form { block: b, id, .. } = md {
                    if *b == block && *id == old {
                        *id = new;
                    }
                }
            }
            app.gone_items.retain(|(b, i)| !(*b == block && i.id == old));
            app.ok(format!("The {} had been deleted by someone else; it is added back with your text.", block.noun()));
        });
        Ok(Committed::Pending)
    }

    /// Ctrl-T in an editor whose item was deleted: the text goes into the minutes composer (not
    /// recorded yet) and the editor closes.
    pub(super) fn editor_to_minutes(&mut self) {
        let Some(Modal::Edit { target: Target::Item { block, id, .. }, label, area, .. }) = self.modals.last() else { return };
        let gone = matches!(&self.screen, Screen::Meeting(m) if m.meeting.find_item(*block, *id).is_none());
        if !gone {
            self.info("Ctrl-T copies the text into the minutes when its item was deleted by someone else.");
            return;
        }
        let text = format!("({} of a deleted {}) {}", label, block.noun(), area.lines().join("\n"));
        self.modals.clear();
        self.set_pane(Pane::Minutes);
        if let Screen::Meeting(m) = &mut self.screen {
            let current = m.minutes_text();
            let joined = if current.trim().is_empty() { text } else { format!("{current}\n{text}") };
            super::components::composer::fill_composer(m, &joined);
            m.dirty_since.get_or_insert_with(std::time::Instant::now);
        }
        self.save_minutes();
        self.info("The text is in the minutes composer: Enter records it.");
    }

    /// Remember the items someone else deleted while this user had them open (to add them back).
    pub(super) fn keep_gone_items(&mut self, before: &[(Block, Vec<Item>)]) {
        let Screen::Meeting(m) = &self.screen else { return };
        let open: Vec<(Block, i64)> = self
            .modals
            .iter()
            .filter_map(|md| match md {
                Modal::Form { block, id, .. } => Some((*block, *id)),
                Modal::Edit { target: Target::Item { block, id, .. }, .. } => Some((*block, *id)),
                _ => None,
            })
            .collect();
        for (b, items) in before {
            for it in items {
                if open.contains(&(*b, it.id)) && m.meeting.find_item(*b, it.id).is_none() {
                    self.gone_items.push((*b, it.clone()));
                }
            }
        }
    }
}
