//! The pure domain core: students, meetings and their forms, dates, reference data.
//! Nothing here touches a terminal, a file or a database.

pub mod access;
pub mod agenda;
pub mod catalogs;
pub mod dates;
pub mod drafts;
pub mod eligibility;
pub mod demo;
pub mod fields;
pub mod goalbank;
pub mod interventions;
pub mod meeting;
pub mod minutes;
pub mod people;
pub mod refdata;
pub mod roster;
pub mod student;
pub mod text;
pub mod vocab;
