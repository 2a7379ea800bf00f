//! Amendments to a finalized meeting (handbook 7.7.A): the new value, how it was agreed, why.

#[allow(unused_imports)]
use crate::ui::prelude::*;

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

pub static AMEND_LABEL: &str = "Amendment: the new value";
pub static REASON_LABEL: &str = "Amendment: reason for the change";
pub static HOW_LABEL: &str = "Amendment: how it was agreed";

impl App {
    /// Editing a field of a finalized meeting starts an amendment instead.
    pub(crate) fn begin_amendment(&mut self, target: Target) {
        let Some((value, spec)) = self.target_value(&target) else { return };
        if matches!(spec.kind, Kind::Long | Kind::Lines) {
            self.push_text_editor(Target::AmendValue(Box::new(target)), AMEND_LABEL, Kind::Long, value);
        } else {
            self.push_text_editor(Target::AmendValue(Box::new(target)), AMEND_LABEL, Kind::Text, value);
        }
        self.info("This meeting is finalized: the change is recorded as a dated amendment; the original stays.");
    }

    pub(crate) fn amend_value(&mut self, inner: &Target, input: &str) -> Result<Committed, String> {
        let Screen::Meeting(m) = &self.screen else { return Err("no meeting open".into()) };
        let cx = self.cx();
        let (rec, key, what) = match inner {
            Target::Single { block, key } => {
                let rec = m.meeting.block(*block).first().map(|i| i.record.clone()).unwrap_or_else(|| block.new_record());
                (rec, *key, (*block, None))
            }
            Target::Item { block, id, key } => {
                let (idx, item) = m.meeting.find_item(*block, *id).ok_or("the item is gone")?;
                (item.record.clone(), *key, (*block, Some(idx)))
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
        let pending = PendingAmendment { what: crate::domain::minutes::amended_field(what.0, what.1, label), before, after: after_v, how: String::new(), minutes: None };
        let options: Vec<String> = AMENDMENT_WAYS.iter().map(|s| s.to_string()).collect();
        self.modals.pop();
        self.push_pick(Target::AmendHow(Box::new(pending)), HOW_LABEL, options, false);
        // The picker is now on top; the caller must not pop it.
        Ok(Committed::NextStep)
    }

    pub(crate) fn amend_how(&mut self, p: &PendingAmendment, how: &str) -> Result<Committed, String> {
        if how.is_empty() {
            return Err("choose how the amendment was agreed".into());
        }
        let mut p = p.clone();
        p.how = how.to_string();
        self.modals.pop();
        self.push_text_editor(Target::AmendReason(Box::new(p)), REASON_LABEL, Kind::Long, String::new());
        Ok(Committed::NextStep)
    }

    pub(crate) fn amend_reason(&mut self, p: &PendingAmendment, reason: &str, finish: Finish) -> Result<Committed, String> {
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
        let p = p.clone();
        self.emit(Io::AddAmendment { meeting: mid, amendment: Box::new(a) }, move |app, r: Result<Amendment, StoreError>| {
            let saved = match r {
                Ok(saved) => saved,
                Err(e) => return app.commit_failed(finish, e.to_string()),
            };
            if let Some(sec) = p.minutes {
                // The minutes text it carries is in the record now: its draft goes.
                app.emit_ignored(Io::ClearDraft { meeting: mid, section: sec });
            }
            if let Screen::Meeting(m) = &mut app.screen {
                m.meeting.amendments.push(saved);
                if p.minutes == Some(m.section) {
                    fill_composer(m, "");
                }
            }
            app.ok(format!("Amendment recorded ({}); the original record is unchanged.", p.what));
            app.finished(&Target::AmendReason(Box::new(p)), finish);
        });
        Ok(Committed::Pending)
    }
}
