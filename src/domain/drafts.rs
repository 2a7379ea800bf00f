//! Drafts: text someone is typing that is not (yet) the value of anything.
//!
//! Every editor keeps what is in it as a draft at every keystroke, per user and per running iepmeet
//! (two terminals of one user keep two drafts). A draft is never the value: the field keeps its last
//! confirmed value until the user confirms. After a crash, a kill or a hang-up the next iepmeet of
//! that user adopts the draft and reopens the editor with the text in it. What an editor was editing
//! is described here, items by their row id, so the description stays true whatever is reordered.

use serde::{Deserialize, Serialize};

/// What an open editor will change when its text is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edits", rename_all = "snake_case")]
pub enum DraftTarget {
    /// A field of a meeting form: a singleton form (`item: None`) or a list item by row id.
    Field { block: String, key: String, item: Option<i64> },
    /// A field of a student's record (IEP 1).
    Student { key: String },
    /// The reason for acknowledging a finding.
    Ack { rule: String, key: String },
    /// An amendment to a finalized meeting: the new value of a field...
    AmendValue { block: String, key: String, item: Option<i64> },
    /// ...or of a section's minutes (text that was being typed when the meeting was finalized)...
    AmendMinutes { section: String },
    /// ...and, once the value and how it was agreed are known, the reason.
    /// (`how` is empty while it is still being chosen; `minutes`: the section, when the amendment
    /// carries text typed in the minutes.)
    AmendReason {
        what: String,
        before: String,
        after: String,
        how: String,
        #[serde(default)]
        minutes: Option<String>,
    },
    /// Owner and due date for a parking-lot item carried to the action items.
    Carry { entry: i64 },
    /// A name typed in the team list ("Someone else"): it comes back in the team list.
    TeamMember,
    /// Anything else typed in a popup (a search, a path): kept, shown back, never applied.
    Other { label: String },
}

/// An open editor as it is kept: what it edits, its title, the value it started from, the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorDraft {
    pub target: DraftTarget,
    pub label: String,
    /// The value when the editor opened (to tell someone else's change from ours on confirm).
    pub original: String,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_as_json() {
        let d = EditorDraft {
            target: DraftTarget::Field { block: "goals".into(), key: "baseline".into(), item: Some(42) },
            label: "Baseline".into(),
            original: "".into(),
            text: "reads 40 wcpm\nwith support".into(),
        };
        let j = serde_json::to_string(&d).unwrap();
        assert!(j.contains(r#""edits":"field""#), "{j}");
        assert_eq!(serde_json::from_str::<EditorDraft>(&j).unwrap(), d);
    }
}
