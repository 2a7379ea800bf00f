//! Screens and panes: each owns its part of the state and answers to actions (`ui::action`).
//! Drawing is in `ui::screens`.

pub mod caseload;
pub mod composer;
pub mod findings;
pub mod items;
pub mod meeting;
pub mod student;
pub mod welcome;
