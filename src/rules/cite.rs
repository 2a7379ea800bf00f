//! What a facilitator reads of a citation: the handbook section, the form and the statute. The
//! catalog's citations also carry maintainers' apparatus — line numbers of the seed ("L6202–6208"),
//! quoted passages, "*Not in seed:*" markers — which stay in the catalog and `iepmeet rules --json`.

/// The citation without line references, quotations or editorial markers.
pub fn for_facilitator(cite: &str) -> String {
    let text = cite.replace("*Not in seed:*", "Also:").replace("*not in seed*", "").replace("*Not in seed*", "");
    let text = strip_quotes(&text);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '(' {
            out.push(c);
            continue;
        }
        // A parenthetical, nested ones included: keep what is not a line reference.
        let mut depth = 1;
        let mut inner = String::new();
        for c in chars.by_ref() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                break;
            }
            inner.push(c);
        }
        let kept: Vec<String> = inner.split(';').filter_map(keep_part).collect();
        if kept.is_empty() {
            while out.ends_with(' ') {
                out.pop();
            }
        } else {
            out.push('(');
            out.push_str(&kept.join("; "));
            out.push(')');
        }
    }
    // Whole sentences about the seed text ("The seed cites no statute.") are for maintainers.
    let out = strip_line_refs(&out);
    let kept: Vec<&str> = out.split_inclusive(". ").filter(|s| !s.to_lowercase().contains("seed")).collect();
    tidy(&kept.concat())
}

/// One `;`-separated part of a parenthetical: a statute or a note is kept without its line
/// references ("at L…", "repeated L…, L…"), a part that was nothing but line references is dropped.
fn keep_part(part: &str) -> Option<String> {
    let mut p = part.trim();
    for lead in ["block cites ", "cites ", "citing "] {
        if let Some(rest) = p.strip_prefix(lead) {
            p = rest;
        }
    }
    let p = strip_line_refs(p);
    let p = p.trim().trim_end_matches([',', ':']).trim();
    (p.chars().any(char::is_alphanumeric)).then(|| p.to_string())
}

/// Words that only introduce a line reference, dropped with it.
const FILLERS: [&str; 10] = ["at", "repeated", "esp.", "incl.", "table", "e.g.,", "e.g.", "citing", "and", "see"];

fn strip_line_refs(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for token in text.split_whitespace() {
        if is_line_ref(token.trim_start_matches(['(', ','])) {
            while out.last().is_some_and(|w| FILLERS.contains(&w.trim_end_matches(',')) || !w.chars().any(char::is_alphanumeric)) {
                out.pop();
            }
            continue;
        }
        out.push(token);
    }
    out.join(" ")
}

/// "L6202", "L6202–6208", "L13823, L13833–13834" (one item of it).
fn is_line_ref(t: &str) -> bool {
    let mut c = t.chars();
    c.next() == Some('L') && c.next().is_some_and(|d| d.is_ascii_digit())
}

fn strip_quotes(s: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' | '“' | '”' => {
                if !quoted {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                }
                quoted = !quoted;
            }
            _ if quoted => {}
            _ => out.push(c),
        }
    }
    if quoted { s.to_string() } else { out }
}

fn tidy(s: &str) -> String {
    let mut out = s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [(" ;", ";"), (" ,", ","), (" .", "."), (";;", ";"), (";.", "."), ("..", "."), (",.", "."), ("( ", "("), (" )", ")")] {
        while out.contains(from) {
            out = out.replace(from, to);
        }
    }
    out.trim_start_matches([';', ',', ' ']).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::for_facilitator;

    #[test]
    fn line_numbers_quotes_and_markers_go_statutes_stay() {
        let raw = "§7.2.A (L6202–6208; block cites EC 56342 at L6214); NC 6A Notice of IEP Team Meeting (L16560–16600); Master Contract ¶37 \"notified … early enough\" (L9304–9307). *Not in seed:* 34 CFR 300.322(a).";
        assert_eq!(for_facilitator(raw), "§7.2.A (EC 56342); NC 6A Notice of IEP Team Meeting; Master Contract ¶37. Also: 34 CFR 300.322(a).");
        assert_eq!(for_facilitator("§15.10 (L13823, L13833–13834, L13850–13851)."), "§15.10.");
        assert_eq!(
            for_facilitator("§7.8.A (L6440–6443); §1.7.B (L994–999; cites 20 USC 1414(d)(3)(B)(i), (d)(4))."),
            "§7.8.A; §1.7.B (20 USC 1414(d)(3)(B)(i), (d)(4))."
        );
        assert_eq!(for_facilitator("§8.2.B(3) (L7120–7122; EC 56364, 56364.2; 5 CCR 3042; CFR 300.550 at L7137)."), "§8.2.B(3) (EC 56364, 56364.2; 5 CCR 3042; CFR 300.550).");
    }

    #[test]
    fn every_builtin_citation_reads_clean() {
        let mut bad = Vec::new();
        for id in crate::rules::catalog::CATALOG_IDS {
            let m = crate::rules::RuleSet::builtin().get(id).unwrap();
            let c = &*m.cite;
            let line_ref = c.split(|ch: char| !ch.is_alphanumeric()).any(|w| w.len() > 1 && w.starts_with('L') && w[1..].chars().all(|d| d.is_ascii_digit()));
            if c.is_empty() || c.contains("seed") || c.contains('"') || c.contains("()") || line_ref {
                bad.push(format!("{id}: {c}"));
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }
}
