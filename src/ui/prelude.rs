//! What the UI's screens and popups use, in one import (`use crate::ui::prelude::*`).

pub use std::time::Instant;

pub use chrono::{Local, Utc};
pub use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
pub use ratatui::style::Style;
pub use tui_textarea::TextArea;

pub use crate::domain::agenda::{Agenda, TimerState};
pub use crate::domain::fields::{Cx, FieldSpec, Kind, Record};
pub use crate::domain::meeting::{AnyRecord, Block, Item, Meeting, MeetingType, Section};
pub use crate::domain::minutes::{self, people, Amendment, Entry, EntryKind, AMENDMENT_WAYS};
pub use crate::domain::student::Student;
pub use crate::domain::text::{clean_text, MAX_LONG};
pub use crate::rules::{self, Finding, RuleSet, Severity};
pub use crate::store::{Acknowledgement, MeetingSummary, Store, StoreError};

pub use super::action::{Action, Lookup};
pub use super::effects::Io;
pub use super::app::{per_user, App, ConfirmAction, Modal, MsgKind, Pane, Screen, ScreenKind, ACK_LABEL, RESUME, WELCOMED};
pub use super::theme::Theme;
pub use super::components::composer::fill_composer;
pub use super::components::meeting::{rows, style_minutes, MeetingState, Row, Shown};
pub use super::components::student::{StudentFocus, StudentState};
pub use super::fields::{Committed, Finish, Target};
pub use super::popups::amend::{PendingAmendment, AMEND_LABEL, HOW_LABEL, REASON_LABEL};
pub use super::popups::export::{EXPORT_CHOICES, EXPORT_LABEL, PATH_LABEL};
pub use super::popups::goal_bank::GOAL_BANK_LABEL;
pub use super::popups::parking::CARRY_LABEL;
pub use super::popups::search::SEARCH_LABEL;
pub use super::popups::summary::SIGN_LABEL;
