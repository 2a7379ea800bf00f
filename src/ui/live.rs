//! Working on a meeting alongside others: every few hundred milliseconds look whether another process
//! committed (`PRAGMA data_version`); if the open meeting changed, re-read it while keeping what this
//! user is typing, their place and their open popups. Say every two seconds that we are here.
//! A field two people edited at once is never silently overwritten: the second save shows both values.

use std::time::{Duration, Instant};

use super::app::{App, Modal, Screen, Target};
use super::effects::Io;
use crate::domain::meeting::Block;

/// How often to look for others' changes (the issue asks for within one second).
pub const POLL_EVERY: Duration = Duration::from_millis(300);
/// How often to renew our presence.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(2);

impl App {
    /// Periodic: notice others' commits and presence. True when the screen needs drawing again.
    pub(super) fn poll_others(&mut self, now: Instant) -> bool {
        let mut redraw = false;
        if let Screen::Meeting(m) = &self.screen {
            if m.meeting.is_open() && self.last_heartbeat.is_none_or(|t| now.duration_since(t) >= HEARTBEAT_EVERY) {
                let (id, sec) = (m.meeting.id, m.section);
                // Presence is a courtesy: a failure here must not disturb the meeting.
                self.emit_ignored(Io::Heartbeat { meeting: id, section: sec });
                self.last_heartbeat = Some(now);
            }
        }
        if self.last_poll.is_some_and(|t| now.duration_since(t) < POLL_EVERY) {
            return false;
        }
        self.last_poll = Some(now);
        let Ok(dv) = self.store.data_version() else { return false };
        if dv == self.data_version {
            return false;
        }
        self.data_version = dv;
        if matches!(self.screen, Screen::Caseload(_)) && self.caseload_rx_idle() {
            if let Ok(n) = self.store.case_serial() {
                if n != self.case_serial {
                    self.case_serial = n;
                    self.reload_caseload_rows();
                    redraw = true;
                }
            }
        }
        if let Screen::Student(st) = &self.screen {
            // Someone changed something: the student's record, meetings and due dates, re-read (small).
            let id = st.id;
            if let (Ok(student), Ok(meetings), Ok(dues)) = (self.store.student(id), self.store.meetings_for(id), self.store.dues(id)) {
                if let Screen::Student(st) = &mut self.screen {
                    if st.student != student || st.meetings != meetings || st.dues != dues {
                        st.student = student;
                        st.meetings = meetings;
                        st.dues = dues;
                        st.meeting = st.meeting.min(st.meetings.len().saturating_sub(1));
                        redraw = true;
                    }
                }
            }
        }
        if let Screen::Meeting(m) = &self.screen {
            let id = m.meeting.id;
            let stamp = self.store.meeting_stamp(id).unwrap_or_default();
            let others = self.store.present(id).unwrap_or_default();
            let changed = stamp != m.stamp;
            if let Screen::Meeting(m) = &mut self.screen {
                if m.others != others {
                    m.others = others;
                    redraw = true;
                }
            }
            if changed {
                self.live_reload(stamp);
                redraw = true;
            }
        }
        redraw
    }

    /// Re-read the open meeting after someone else changed it. The composer, the cursor, the section
    /// and every popup stay as they are (a form whose item was deleted closes).
    fn live_reload(&mut self, stamp: String) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        let Ok(fresh) = self.store.load_meeting(m.meeting.id) else { return };
        let was_open = m.meeting.is_open();
        let before = m.meeting.entries.len();
        let items_before = m.meeting.items.clone();
        m.replace_meeting(fresh);
        m.stamp = stamp;
        if let Ok(a) = self.store.acknowledgements(m.meeting.id) {
            m.acks = a;
        }
        if let Ok(t) = self.store.timer_events(m.meeting.id) {
            m.timer = t;
        }
        let added = m.meeting.entries.len().saturating_sub(before);
        let finalized = was_open && !m.meeting.is_open();
        let unrecorded = if finalized { m.minutes_text() } else { String::new() };
        let (mid, sec) = (m.meeting.id, m.section);
        self.keep_gone_items(&items_before);
        // An item form closes when its item is gone, unless the user is typing in one of its fields:
        // that editor stays open with the text (Enter adds the item back, Ctrl-T copies the text into
        // the minutes).
        let editing: Vec<(Block, i64)> = self
            .modals
            .iter()
            .filter_map(|md| match md {
                Modal::Edit { target: Target::Item { block, id, .. }, .. } => Some((*block, *id)),
                _ => None,
            })
            .collect();
        let Screen::Meeting(m) = &self.screen else { return };
        let meeting = &m.meeting;
        self.modals.retain(|md| match md {
            Modal::Form { block, id, .. } => meeting.find_item(*block, *id).is_some() || editing.contains(&(*block, *id)),
            _ => true,
        });
        let gone_open = editing.iter().any(|(b, id)| meeting.find_item(*b, *id).is_none());
        self.refresh_findings();
        if finalized {
            self.info("Someone else finalized this meeting; it is now read-only.");
            if !unrecorded.trim().is_empty() {
                // Kept (it is this session's draft) and offered as an amendment to the minutes.
                self.emit_ignored(Io::SaveDraft { meeting: mid, section: sec, text: unrecorded.clone() });
                if let Screen::Meeting(m) = &mut self.screen {
                    super::components::composer::fill_composer(m, "");
                }
                if !self.modals.iter().any(|md| matches!(md, Modal::Edit { .. })) {
                    self.modals.clear();
                    self.offer_minutes_amendment(&unrecorded);
                }
            }
        } else if gone_open {
            self.error("Someone else deleted the item you are editing; your text is kept: Enter adds it back, Ctrl-T copies it into the minutes, Esc discards it.");
        } else if added > 0 && self.message.is_none() {
            self.info(format!("{added} new minutes entr{} from someone else.", if added == 1 { "y" } else { "ies" }));
        }
    }

    /// Leave the meeting for others' presence lists.
    pub(super) fn leave_meeting(&mut self) {
        if matches!(self.screen, Screen::Meeting(_)) {
            self.emit_ignored(Io::Leave);
        }
    }
}
