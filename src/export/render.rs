//! Drawing a `Report` as Markdown, self-contained print-friendly HTML, or PDF (printpdf, built-in
//! Helvetica, US Letter). Every format ends with the same footer: export time and content hash.

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
            Part::Table { head, rows } => {
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
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}";

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

/// Wrap `text` to lines of at most `width` characters (words longer than a line are cut).
#[cfg(test)]
fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_width(text, width as f32, |s| s.chars().count() as f32)
}

/// Wrap `text` to lines no wider than `max` as `measure` measures them (a word wider than a line
/// is cut); every word is kept, each paragraph (`\n`) starts a line.
fn wrap_width(text: &str, max: f32, measure: impl Fn(&str) -> f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let mut word = word.to_string();
            while measure(&word) > max && word.chars().count() > 1 {
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                // The longest head of the word that fits (at least one character).
                let mut n = word.chars().count() - 1;
                while n > 1 && measure(&word.chars().take(n).collect::<String>()) > max {
                    n -= 1;
                }
                out.push(word.chars().take(n).collect());
                word = word.chars().skip(n).collect();
            }
            let joined = if line.is_empty() { word.clone() } else { format!("{line} {word}") };
            if !line.is_empty() && measure(&joined) > max {
                out.push(std::mem::replace(&mut line, word));
            } else {
                line = joined;
            }
        }
        out.push(line);
    }
    out
}

/// The PDF's fonts: DejaVu Sans (data/fonts, its licence beside it), embedded and subset to the
/// glyphs used, so every name in Latin, Latin Extended (Vietnamese), Greek, Cyrillic and Arabic
/// letters prints as typed. Chinese, Japanese and Korean are not in it (see README).
const FONT_REGULAR: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../../data/fonts/DejaVuSans-Bold.ttf");

/// The width of `s` in millimetres at `size` points in `face` (a character the font lacks counts
/// as one em).
fn text_mm(face: &ttf_parser::Face, s: &str, size: f32) -> f32 {
    let em = face.units_per_em() as f32;
    let units: f32 = s.chars().map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(em, f32::from)).sum();
    units / em * size * 0.3528
}

/// PDF: the same parts, laid out as text lines on US Letter pages, in DejaVu Sans embedded (every
/// Latin, Greek, Cyrillic and Arabic letter as typed), wrapped by measured glyph widths. The document id is derived from the content hash
/// and the dates from the export time, so the bytes depend only on the meeting and the export time.
pub fn pdf(r: &Report, exported_at: &str) -> Result<Vec<u8>, String> {
    use printpdf::{CustomPdfConformance, Mm, PdfConformance, PdfDocument};
    const W: f32 = 215.9;
    const H: f32 = 279.4;
    const LEFT: f32 = 18.0;
    const TOP: f32 = 262.0;
    const BOTTOM: f32 = 20.0;
    let when = time::OffsetDateTime::parse(exported_at, &time::format_description::well_known::Rfc3339)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let (doc, page, layer) = PdfDocument::new(r.title.clone(), Mm(W), Mm(H), "text");
    let doc = doc
        .with_conformance(PdfConformance::Custom(CustomPdfConformance {
            requires_xmp_metadata: false,
            requires_icc_profile: false,
            ..Default::default()
        }))
        .with_document_id(r.content_hash[..32].to_string())
        .with_creation_date(when)
        .with_mod_date(when)
        .with_metadata_date(when)
        .with_producer(format!("iepmeet {}", env!("CARGO_PKG_VERSION")))
        .with_creator(format!("iepmeet {}", env!("CARGO_PKG_VERSION")));
    let regular = doc.add_external_font(FONT_REGULAR).map_err(|e| e.to_string())?;
    let bold = doc.add_external_font(FONT_BOLD).map_err(|e| e.to_string())?;
    let face_r = ttf_parser::Face::parse(FONT_REGULAR, 0).map_err(|e| e.to_string())?;
    let face_b = ttf_parser::Face::parse(FONT_BOLD, 0).map_err(|e| e.to_string())?;
    // Lines as wide as the page less its margins (and an indent), measured in the font they are set in.
    const RIGHT: f32 = 18.0;
    let wrap_in = |text: &str, size: f32, is_bold: bool, indent: f32| {
        let face = if is_bold { &face_b } else { &face_r };
        wrap_width(text, W - LEFT - RIGHT - indent, |s| text_mm(face, s, size))
    };
    // (text, size, bold, indent mm, space before)
    let mut lines: Vec<(String, f32, bool, f32, f32)> = Vec::new();
    for l in wrap_in(&r.title, 15.0, true, 0.0) {
        lines.push((l, 15.0, true, 0.0, 0.0));
    }
    for p in &r.parts {
        match p {
            Part::Heading(h) => {
                for (i, l) in wrap_in(h, 12.5, true, 0.0).into_iter().enumerate() {
                    lines.push((l, 12.5, true, 0.0, if i == 0 { 5.0 } else { 0.0 }));
                }
            }
            Part::Sub(h) => lines.push((h.clone(), 10.5, true, 0.0, 2.5)),
            Part::Para(t) => {
                for l in wrap_in(t, 9.5, false, 0.0) {
                    lines.push((l, 9.5, false, 0.0, 0.0));
                }
            }
            Part::Bullets(items) => {
                for i in items {
                    for (n, l) in wrap_in(i, 9.5, false, 4.0).into_iter().enumerate() {
                        lines.push((if n == 0 { format!("- {l}") } else { format!("  {l}") }, 9.5, false, 2.0, 0.0));
                    }
                }
            }
            Part::Table { head, rows } => {
                let kv = head.iter().all(|h| h.is_empty());
                for row in rows {
                    let text = if kv {
                        format!("{}: {}", row[0], row.get(1).cloned().unwrap_or_default())
                    } else {
                        head.iter().zip(row.iter()).map(|(h, c)| format!("{h}: {c}")).collect::<Vec<_>>().join(" | ")
                    };
                    for (n, l) in wrap_in(&text, 9.5, false, 4.0).into_iter().enumerate() {
                        lines.push((if n == 0 { format!("- {l}") } else { format!("  {l}") }, 9.5, false, 2.0, 0.0));
                    }
                }
            }
        }
    }
    let foot = footer(r, exported_at);
    lines.push((String::new(), 9.0, false, 0.0, 4.0));
    for l in wrap_in(&foot, 8.0, false, 0.0) {
        lines.push((l, 8.0, false, 0.0, 0.0));
    }
    // Where each line goes, first (whether it starts a new page, and its height on the page), so
    // every page can say "Page N of M".
    let mut placed: Vec<(bool, f32)> = Vec::with_capacity(lines.len());
    let mut y = TOP;
    for (_, size, _, _, before) in &lines {
        let step = size * 0.3528 * 1.3 + before;
        let new_page = y - step < BOTTOM;
        if new_page {
            y = TOP;
        }
        y -= step;
        placed.push((new_page, y));
    }
    let pages = placed.iter().filter(|(new_page, _)| *new_page).count() + 1;
    let mut page_no = 1;
    let mut layer_ref = doc.get_page(page).get_layer(layer);
    // Every page: the record's title at the top, and "title — Page N of M" at the foot.
    let page_marks = |layer: &printpdf::PdfLayerReference, n: usize| {
        let of = r.page_tpl.replace("{n}", &n.to_string()).replace("{m}", &pages.to_string());
        if n > 1 {
            layer.use_text(crate::output::text(&r.title).into_owned(), 7.5, Mm(LEFT), Mm(H - 10.0), &regular);
        }
        let footer = format!("{} — {of}", r.title);
        layer.use_text(crate::output::text(&footer).into_owned(), 7.5, Mm(LEFT), Mm(10.0), &regular);
    };
    for ((text, size, is_bold, indent, _), (new_page, y)) in lines.into_iter().zip(placed) {
        if new_page {
            page_marks(&layer_ref, page_no);
            page_no += 1;
            let (p, l) = doc.add_page(Mm(W), Mm(H), "text");
            layer_ref = doc.get_page(p).get_layer(l);
        }
        // The output boundary (crate::output): no control or invisible character reaches the file.
        layer_ref.use_text(crate::output::text(&text).replace('\t', " "), size, Mm(LEFT + indent), Mm(y), if is_bold { &bold } else { &regular });
    }
    page_marks(&layer_ref, page_no);
    let bytes = doc.save_to_bytes().map_err(|e| e.to_string())?;
    // printpdf gives the file a random instance id; make it the content hash so the bytes repeat.
    let mut d = lopdf::Document::load_mem(&bytes).map_err(|e| e.to_string())?;
    let id = lopdf::Object::String(r.content_hash.as_bytes()[..32].to_vec(), lopdf::StringFormat::Literal);
    d.trailer.set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    // Metadata strings must be PDFDocEncoding or UTF-16BE: write the title as UTF-16BE (accents, dashes).
    if let Ok(info) = d.trailer.get(b"Info").and_then(|i| i.as_reference()) {
        let mut utf16 = vec![0xFE, 0xFF];
        utf16.extend(r.title.encode_utf16().flat_map(|u| u.to_be_bytes()));
        if let Ok(dict) = d.get_dictionary_mut(info) {
            dict.set("Title", lopdf::Object::String(utf16, lopdf::StringFormat::Hexadecimal));
        }
    }
    let mut out = Vec::new();
    d.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_word() {
        let t = "one two three four five six seven eight nine ten";
        let w = wrap(t, 12);
        assert!(w.iter().all(|l| l.chars().count() <= 12), "{w:?}");
        assert_eq!(w.join(" "), t);
        assert_eq!(wrap(&"x".repeat(25), 10), vec!["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
    }

    #[test]
    fn escaping() {
        assert_eq!(md_escape("a|b *c* <x>"), "a\\|b \\*c\\* \\<x\\>");
        assert_eq!(html_escape("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
    }
}
