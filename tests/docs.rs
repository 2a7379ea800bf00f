//! The README key table lists every key the help overlay shows, so the two cannot drift apart.

use iepmeet::ui::keys::Keymap;

#[test]
fn readme_key_table_is_the_keymap() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("<!-- keys:start").expect("README key table start marker");
    let body = &readme[readme[start..].find('\n').unwrap() + start + 1..];
    let end = body.find("<!-- keys:end -->").expect("README key table end marker");
    assert_eq!(&body[..end], Keymap::builtin().markdown(), "README key table is stale: run `iepmeet keys --markdown --defaults`");
}

#[test]
fn rules_coverage_doc_matches_the_engine() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules-coverage.md")).unwrap();
    let implemented: Vec<&str> = iepmeet::rules::registry().iter().map(|r| r.id).collect();
    for id in iepmeet::rules::catalog::CATALOG_IDS {
        let rows: Vec<&str> = doc.lines().filter(|l| l.starts_with(&format!("| `{id}` |"))).collect();
        assert_eq!(rows.len(), 1, "{id} must be listed exactly once (run python3 docs/tools/coverage.py)");
        let is_impl = rows[0].contains("| implemented |");
        assert_eq!(is_impl, implemented.contains(&id), "{id}: docs/rules-coverage.md is stale (run python3 docs/tools/coverage.py)");
        if !is_impl {
            assert!(rows[0].contains("| not yet |") || rows[0].contains("| not applicable to a meeting tool |"), "{}", rows[0]);
        }
    }
    assert!(doc.contains(&format!("**{} implemented,", implemented.len())));
}

#[test]
fn roster_doc_lists_every_column() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/roster-format.md")).unwrap();
    for c in iepmeet::domain::roster::COLUMNS {
        let row = format!("| `{}` | {} | {} |", c.header, if c.required { "yes" } else { "no" }, c.doc);
        assert!(doc.contains(&row), "docs/roster-format.md lacks: {row}");
    }
}
