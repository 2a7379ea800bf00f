//! The README key table lists every key the help overlay shows, so the two cannot drift apart.

use iepmeet::ui::app::{Pane, ScreenKind};
use iepmeet::ui::keys;

#[test]
fn readme_lists_every_key() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut all: Vec<keys::KeyHelp> = keys::GLOBAL.to_vec();
    for s in [ScreenKind::Welcome, ScreenKind::Caseload, ScreenKind::Student, ScreenKind::Meeting] {
        for p in [Pane::Agenda, Pane::Main, Pane::Minutes] {
            all.extend_from_slice(keys::for_screen(s, p));
        }
    }
    for k in [keys::FORM, keys::EDIT_LINE, keys::EDIT_LONG, keys::PICKER] {
        all.extend_from_slice(k);
    }
    for (key, what) in all {
        let row = format!("| `{key}` | {what} |");
        assert!(readme.contains(&row), "README key table lacks: {row}");
    }
}
