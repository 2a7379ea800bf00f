//! Popups over a screen, one per file, each answering to actions (`ui::action`). Drawing is in
//! `ui::widgets`.

pub mod amend;
pub mod confirm;
pub mod conflict;
pub mod edit;
pub mod export;
pub mod form;
pub mod goal_bank;
pub mod parking;
pub mod pick;
pub mod search;
pub mod summary;
pub mod timer;
