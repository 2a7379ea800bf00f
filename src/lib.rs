//! iepmeet: walk an IEP team through a meeting, record the minutes, keep it legally sound.
//!
//! Layers, dependencies pointing down only: `cli` and `ui` use `store` and `domain`; `store` uses
//! `domain`; `domain` uses nothing of the others.

pub mod cli;
pub mod config;
pub mod domain;
pub mod export;
pub mod input;
pub mod output;
pub mod rules;
pub mod store;
pub mod timeline;
pub mod ui;
