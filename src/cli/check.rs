//! `iepmeet check FILE.json`: evaluate a meeting document headless.
//! Exit 0 = no ERROR, 1 = ERRORs found, 2 = invalid input.

use std::path::Path;

use chrono::NaiveDate;

use crate::domain::fields::Cx;
use crate::export::document;
use crate::rules::{self, Finding, RuleSet, Severity};
use crate::timeline::{Calendar, Policy};

pub fn run(file: &Path, json: bool, policy: &str, calendar: Option<&Path>, rules_file: Option<&Path>, today: NaiveDate) -> anyhow::Result<i32> {
    let policy = Policy::builtin(policy).map_err(|e| anyhow::anyhow!("--policy: {e}"))?;
    let calendar = match calendar {
        None => Calendar::sample().clone(),
        Some(p) => {
            let text = crate::input::read_text(p, crate::input::SMALL, "school calendar").map_err(|e| anyhow::anyhow!("--calendar {e}"))?;
            Calendar::parse(&text).map_err(|e| anyhow::anyhow!("--calendar {}: {e}", p.display()))?
        }
    };
    let rule_set = match rules_file {
        None => RuleSet::builtin().clone(),
        Some(p) => {
            let name = crate::domain::text::display(&p.display().to_string());
            let text = crate::input::read_text(p, crate::input::SMALL, "district rules file").map_err(|e| anyhow::anyhow!("--rules {e}"))?;
            RuleSet::with_district(&text).map_err(|e| anyhow::anyhow!("--rules {name}: {e}"))?
        }
    };
    let text = crate::input::read_text(file, document::MAX_BYTES as u64, "meeting document")?;
    let (student, meeting) =
        document::from_json(&text, &Cx { today, now: None }).map_err(|e| anyhow::anyhow!("{}: invalid meeting document: {e}", file.display()))?;
    let ctx = rules::Ctx { student: &student, meeting: &meeting, policy: &policy, calendar: &calendar, today, live: rules::Live::default() };
    let findings = rules::evaluate(&ctx, &rule_set);
    let errors = rules::error_count(&findings);
    if json {
        let out = serde_json::json!({
            "policy": policy.name,
            "rules": rule_set.describe(),
            "today": today.to_string(),
            "summary": summary(&findings),
            "findings": findings,
        });
        crate::outln!("{}", crate::output::to_json(&out)?);
    } else {
        crate::out!("{}", human(&findings, &student.full_name(), meeting.mtype.label(), &policy));
    }
    Ok(if errors > 0 { 1 } else { 0 })
}

fn summary(f: &[Finding]) -> serde_json::Value {
    let n = |s| f.iter().filter(|x| x.severity == s).count();
    serde_json::json!({ "errors": n(Severity::Error), "warnings": n(Severity::Warning), "info": n(Severity::Info) })
}

/// A readable report, 80 columns: one block per finding.
pub fn human(findings: &[Finding], student: &str, mtype: &str, policy: &Policy) -> String {
    use crate::domain::text::display;
    let mut out = format!("{} — {} ({})\n", display(student), mtype, policy.title);
    if findings.is_empty() {
        out.push_str("✓ No findings: nothing the rules can check is missing.\n");
        return out;
    }
    for f in findings {
        let mut place = vec![f.target.section.label().to_string()];
        if let Some(b) = f.target.block {
            place.push(b.title().to_string());
        }
        if let Some(i) = f.target.item {
            place.push(format!("#{}", i + 1));
        }
        if let Some(k) = f.target.field {
            place.push(k.to_string());
        }
        out.push_str(&format!("\n{} {:<7} {}\n", f.severity.symbol(), f.severity.label(), f.rule));
        out.push_str(&format!("  where: {}\n", place.join(" › ")));
        out.push_str(&wrap(&format!("what:  {}", display(&f.detail)), 2));
        out.push_str(&wrap(&format!("why:   {}", f.message), 2));
        out.push_str(&wrap(&format!("cite:  {}", f.cite), 2));
        if let Some(n) = &f.note {
            out.push_str(&wrap(&format!("note:  {n}"), 2));
        }
    }
    let n = |s| findings.iter().filter(|x| x.severity == s).count();
    out.push_str(&format!(
        "\n{} error(s), {} warning(s), {} info\n",
        n(Severity::Error),
        n(Severity::Warning),
        n(Severity::Info)
    ));
    out
}

/// Wrap at 78 columns with a hanging indent under the text after "what:  ".
fn wrap(text: &str, indent: usize) -> String {
    super::wrap(text, indent, indent + 7, 78)
}
