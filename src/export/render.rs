//! Drawing a `Report` as Markdown or self-contained print-friendly HTML (the PDF is `super::pdf`).
//! Every format ends with the same footer: export time and content hash.

use super::report::{footer, Part, Report};

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

pub fn markdown(r: &Report, exported_at: &str) -> String {
    let mut o = format!("# {}\n\n", md_escape(&r.title));
    for p in &r.parts {
        match p {
            Part::Heading(h) => o.push_str(&format!("## {}\n\n", md_escape(h))),
            Part::Sub(h) => o.push_str(&format!("### {}\n\n", md_escape(h))),
            Part::Para(t) => o.push_str(&format!("{}\n\n", md_escape(t))),
            Part::Bullets(items) => {
                for i in items {
                    o.push_str(&format!("- {}\n", md_escape(i)));
                }
                o.push('\n');
            }
            Part::Records { noun, items } => {
                for (k, fields) in items.iter().enumerate() {
                    let body = fields.iter().map(|(label, v)| format!("{label}: {v}")).collect::<Vec<_>>().join(" · ");
                    o.push_str(&format!("- {}\n", md_escape(&format!("{noun} {}: {}", k + 1, if body.is_empty() { "—".into() } else { body }))));
                }
                o.push('\n');
            }
            // In Markdown the signatures are a table like any other (the room to sign is its cells).
            Part::Table { head, rows } | Part::Signatures { head, rows } => {
                o.push_str(&format!("| {} |\n", head.iter().map(|h| md_escape(h)).collect::<Vec<_>>().join(" | ")));
                o.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                for row in rows {
                    o.push_str(&format!("| {} |\n", row.iter().map(|c| md_escape(c)).collect::<Vec<_>>().join(" | ")));
                }
                o.push('\n');
            }
        }
    }
    o.push_str(&format!("---\n\n{}\n", md_escape(&footer(r, exported_at))));
    o
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = "body{font:11pt/1.4 system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}\
h1{font-size:1.5rem;border-bottom:2px solid #111;padding-bottom:.3rem}h2{font-size:1.2rem;margin-top:1.6rem;border-bottom:1px solid #999}\
h3{font-size:1rem;margin-bottom:.3rem}table{border-collapse:collapse;width:100%;margin:.4rem 0}th,td{border:1px solid #999;padding:.2rem .4rem;text-align:left;vertical-align:top}\
th{background:#eee}ul{margin:.2rem 0 .6rem}footer{margin-top:2rem;border-top:1px solid #999;font-size:9pt;color:#333}\
table.record th[scope=row]{width:30%;background:none}table.signatures td{height:2.4rem}\
@media print{body{margin:0;max-width:none}h2,h3{break-after:avoid}tr{break-inside:avoid}table.record{break-inside:avoid}}";

pub fn html(r: &Report, exported_at: &str) -> String {
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        html_escape(&r.lang),
        html_escape(&r.title),
        html_escape(&r.title)
    );
    for p in &r.parts {
        match p {
            Part::Heading(h) => o.push_str(&format!("<h2>{}</h2>\n", html_escape(h))),
            Part::Sub(h) => o.push_str(&format!("<h3>{}</h3>\n", html_escape(h))),
            Part::Para(t) => o.push_str(&format!("<p>{}</p>\n", html_escape(t))),
            Part::Bullets(items) => {
                o.push_str("<ul>\n");
                for i in items {
                    o.push_str(&format!("<li>{}</li>\n", html_escape(i)));
                }
                o.push_str("</ul>\n");
            }
            Part::Records { noun, items } => {
                // Each record a small table of its own: its title, then label and value.
                for (k, fields) in items.iter().enumerate() {
                    o.push_str(&format!("<table class=\"record\">\n<tr><th colspan=\"2\">{} {}</th></tr>\n", html_escape(noun), k + 1));
                    if fields.is_empty() {
                        o.push_str("<tr><td colspan=\"2\">—</td></tr>\n");
                    }
                    for (label, v) in fields {
                        o.push_str(&format!("<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n", html_escape(label), html_escape(v)));
                    }
                    o.push_str("</table>\n");
                }
            }
            Part::Signatures { head, rows } => {
                o.push_str("<table class=\"signatures\">\n");
                o.push_str(&format!("<tr>{}</tr>\n", head.iter().map(|h| format!("<th>{}</th>", html_escape(h))).collect::<String>()));
                for row in rows {
                    o.push_str(&format!("<tr>{}</tr>\n", row.iter().map(|c| format!("<td>{}</td>", html_escape(c))).collect::<String>()));
                }
                o.push_str("</table>\n");
            }
            Part::Table { head, rows } => {
                o.push_str("<table>\n");
                if head.iter().any(|h| !h.is_empty()) {
                    o.push_str(&format!("<tr>{}</tr>\n", head.iter().map(|h| format!("<th>{}</th>", html_escape(h))).collect::<String>()));
                }
                for row in rows {
                    let cells: String = row
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            // Key-value tables: the key is a header cell.
                            if i == 0 && head.iter().all(|h| h.is_empty()) {
                                format!("<th scope=\"row\">{}</th>", html_escape(c))
                            } else {
                                format!("<td>{}</td>", html_escape(c))
                            }
                        })
                        .collect();
                    o.push_str(&format!("<tr>{cells}</tr>\n"));
                }
                o.push_str("</table>\n");
            }
        }
    }
    o.push_str(&format!("<footer>{}</footer>\n</body>\n</html>\n", html_escape(&footer(r, exported_at))));
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(md_escape("a|b *c* <x>"), "a\\|b \\*c\\* \\<x\\>");
        assert_eq!(html_escape("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
    }
}
