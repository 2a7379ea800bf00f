//! Exports. `document`: the JSON meeting document (written by `iepmeet export --format json`, read by
//! `iepmeet check`). Pure: values in, values out.

pub mod document;
