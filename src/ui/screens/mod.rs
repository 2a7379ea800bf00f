//! One module per screen.
pub mod caseload;
pub mod meeting;
pub mod student;
pub mod welcome;
