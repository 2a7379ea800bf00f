//! Timelines: the policy profile (ages, deadlines) and the school calendar (school days, breaks).
//! Pure: the TOML texts are compiled in; parsing and arithmetic do no I/O.

pub mod calendar;
pub mod due;
pub mod policy;

pub use calendar::Calendar;
pub use due::{due_dates, Due, DueKind, Held};
pub use policy::Policy;
