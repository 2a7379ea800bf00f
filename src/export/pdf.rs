//! The record as a PDF a district can file: US Letter pages laid out like the SELPA forms.
//!
//! - Every page has a header (the student, date of birth, meeting type and date, "Page N of M")
//!   and a footer (the record's title).
//! - Tables are drawn as tables: ruled cells, columns sized to their contents, a header row that
//!   repeats when a table goes on to the next page, rows kept whole (a row taller than a page is
//!   split, its lines in order). A goal or service is a small table of its own fields.
//! - Signatures: a ruled row per participant, with room to sign and a date.
//! - A heading is never the last thing on a page; a paragraph never leaves one line behind.
//! - Text is DejaVu Sans, embedded and subset to the glyphs used; letters it lacks (Chinese,
//!   Japanese, Korean) are set in Droid Sans Fallback, embedded only when the record needs it.
//!   Lines wrap by the fonts' own glyph widths.
//! - Arabic is joined (presentation forms, `ar-reshaper`) and each line put in visual order
//!   (the Unicode bidirectional algorithm, `unicode-bidi`): basic, but legible; lines are still
//!   set from the left margin.
//!
//! Why printpdf with TTF fonts rather than genpdf, krilla or typst: it was already the PDF route
//! (one dependency, no C, no system fonts), it embeds and subsets TrueType fonts, and a table and
//! header layout of this size is a few hundred lines here; typst would add a whole typesetting
//! system and its font stack to a terminal program for one export.
//!
//! Everything drawn goes through the output boundary (`crate::output::text`) first.

use printpdf::{Color, Greyscale, IndirectFontRef, Line, Mm, PdfLayerReference, Point, Polygon};

use super::report::{footer, Part, Report};

const W: f32 = 215.9;
const H: f32 = 279.4;
const LEFT: f32 = 18.0;
const RIGHT: f32 = 18.0;
/// The body: below the page header, above the footer, when each takes one or two lines (a longer
/// header or footer moves them, see `pdf`).
#[cfg(test)]
const TOP: f32 = 259.0;
#[cfg(test)]
const BOTTOM: f32 = 20.0;
const TEXT_W: f32 = W - LEFT - RIGHT;
/// Cell padding (mm).
const PAD_X: f32 = 1.6;
const PAD_Y: f32 = 1.2;
const CELL_PT: f32 = 9.0;
const PT_MM: f32 = 0.3528;

/// The line height of text at `size` points, in mm.
fn lh(size: f32) -> f32 {
    size * PT_MM * 1.3
}

const FONT_REGULAR: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");
const FONT_BOLD: &[u8] = include_bytes!("../../data/fonts/DejaVuSans-Bold.ttf");
/// The fallbacks, tried in order for a letter DejaVu Sans lacks: Chinese and Japanese, then Korean.
/// Each is embedded (subset) only in a PDF that uses it.
const FALLBACKS: [&[u8]; 2] = [
    include_bytes!("../../data/fonts/DroidSansFallbackFull.ttf"),
    include_bytes!("../../data/fonts/NanumSquareR.ttf"),
];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Font {
    Regular,
    Bold,
    /// `FALLBACKS[i]`.
    Fallback(usize),
}

/// The fonts' metrics (ttf-parser), used to measure and to pick a font per run of text.
struct Faces {
    regular: ttf_parser::Face<'static>,
    bold: ttf_parser::Face<'static>,
    fallbacks: Vec<ttf_parser::Face<'static>>,
}

impl Faces {
    fn load() -> Result<Faces, String> {
        let p = |b: &'static [u8]| ttf_parser::Face::parse(b, 0).map_err(|e| e.to_string());
        Ok(Faces { regular: p(FONT_REGULAR)?, bold: p(FONT_BOLD)?, fallbacks: FALLBACKS.iter().map(|b| p(b)).collect::<Result<_, _>>()? })
    }

    fn face(&self, f: Font) -> &ttf_parser::Face<'static> {
        match f {
            Font::Regular => &self.regular,
            Font::Bold => &self.bold,
            Font::Fallback(i) => &self.fallbacks[i],
        }
    }

    /// The font a character is set in: the text's own (regular or bold) when it has the
    /// letter, else the first fallback that has it, else the text's own (which draws a box).
    fn font_for(&self, c: char, bold: bool) -> Font {
        let own = if bold { Font::Bold } else { Font::Regular };
        if c.is_whitespace() || self.face(own).glyph_index(c).is_some() {
            return own;
        }
        self.fallbacks.iter().position(|f| f.glyph_index(c).is_some()).map_or(own, Font::Fallback)
    }

    /// `s` as runs of one font each.
    fn runs(&self, s: &str, bold: bool) -> Vec<(String, Font)> {
        let mut out: Vec<(String, Font)> = Vec::new();
        for c in s.chars() {
            let f = self.font_for(c, bold);
            match out.last_mut() {
                Some((run, g)) if *g == f || c.is_whitespace() => run.push(c),
                _ => out.push((c.to_string(), f)),
            }
        }
        out
    }

    /// The width of `s` (as drawn: shaped and in visual order) at `size` points, in mm.
    fn width(&self, s: &str, size: f32, bold: bool) -> f32 {
        let s = visual(s);
        self.runs(&s, bold).iter().map(|(run, f)| self.run_width(run, *f, size)).sum()
    }

    /// The width of a run set in font `f` (its own advances; a letter it lacks is one em), in mm.
    fn run_width(&self, run: &str, f: Font, size: f32) -> f32 {
        let face = self.face(f);
        let em = face.units_per_em() as f32;
        let units: f32 = run.chars().map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(em, f32::from)).sum();
        units / em * size * PT_MM
    }

    /// Whether any character of `s` is set in fallback `i`.
    fn needs(&self, s: &str, i: usize) -> bool {
        s.chars().any(|c| self.font_for(c, false) == Font::Fallback(i) || self.font_for(c, true) == Font::Fallback(i))
    }
}

fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// A line as it is drawn: Arabic letters joined (their presentation forms) and the line in
/// visual order (Unicode bidi), so right-to-left words read right to left. Other lines as given.
fn visual(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.chars().any(is_rtl) {
        return std::borrow::Cow::Borrowed(line);
    }
    static RESHAPER: std::sync::OnceLock<ar_reshaper::ArabicReshaper> = std::sync::OnceLock::new();
    let reshaper = RESHAPER.get_or_init(|| {
        // Keep every mark typed (harakat), shifted so they sit on their letter once the line is
        // reversed; no "Allah" word ligature (U+FDF2), which DejaVu Sans does not have: the
        // letters are joined instead, as typed.
        let mut config = ar_reshaper::ReshaperConfig { delete_harakat: false, shift_harakat_position: true, ..Default::default() };
        config.update_ligature(ar_reshaper::prelude::LigatureNames::ARABIC_LIGATURE_ALLAH, false);
        ar_reshaper::ArabicReshaper::new(config)
    });
    let shaped = reshaper.reshape(line);
    let info = unicode_bidi::BidiInfo::new(&shaped, Some(unicode_bidi::Level::ltr()));
    let mut out = String::with_capacity(shaped.len());
    for para in &info.paragraphs {
        out.push_str(&info.reorder_line(para, para.range.clone()));
    }
    std::borrow::Cow::Owned(out)
}

/// Wrap `text` to lines no wider than `max` as `measure` measures them (a word wider than a line
/// is cut, after a hyphen, slash, underscore or dot where one is near the end); every word is
/// kept, each paragraph (`\n`) starts a line.
pub(super) fn wrap_width(text: &str, max: f32, measure: impl Fn(&str) -> f32) -> Vec<String> {
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
                let chars: Vec<char> = word.chars().collect();
                if let Some(i) = (n / 3..n).rev().find(|&i| i > 0 && matches!(chars[i - 1], '-' | '/' | '_' | '.')) {
                    n = i;
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

/// One cell of a table row: its width, its lines, bold or not.
#[derive(Clone, Debug)]
struct Cell {
    w: f32,
    lines: Vec<String>,
    bold: bool,
}

#[derive(Clone, Debug)]
struct Row {
    /// Which table (a header row repeats on a new page while its table goes on).
    table: usize,
    cells: Vec<Cell>,
    /// A header row: shaded, bold, repeated on the next page.
    head: bool,
    /// The least height (a signature row has room to sign).
    min_h: f32,
}

impl Row {
    fn lines(&self) -> usize {
        self.cells.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1)
    }
    fn height(&self) -> f32 {
        (self.lines() as f32 * lh(CELL_PT) + 2.0 * PAD_Y).max(self.min_h)
    }
    /// The first `n` lines of every cell, and the rest (None when nothing is left).
    fn split(&self, n: usize) -> (Row, Row) {
        let part = |skip: usize, take: usize| Row {
            cells: self.cells.iter().map(|c| Cell { lines: c.lines.iter().skip(skip).take(take).cloned().collect(), ..c.clone() }).collect(),
            min_h: 0.0,
            ..self.clone()
        };
        (part(0, n), part(n, usize::MAX))
    }
}

#[derive(Clone, Debug)]
enum Elem {
    Text { text: String, size: f32, bold: bool, indent: f32, before: f32 },
    Row(Row),
}

/// A laid-out element and whether it must stay on the page with the element after it.
#[derive(Clone, Debug)]
struct Laid {
    elem: Elem,
    keep: bool,
}

impl Elem {
    fn height(&self) -> f32 {
        match self {
            Elem::Text { size, before, .. } => lh(*size) + before,
            Elem::Row(r) => r.height(),
        }
    }
    /// The least of it that may start a page's last lines: a row can be split after two lines.
    fn min_height(&self) -> f32 {
        match self {
            Elem::Row(r) if r.lines() > 2 && r.min_h == 0.0 => 2.0 * lh(CELL_PT) + 2.0 * PAD_Y,
            e => e.height(),
        }
    }
}

/// Column widths for a table: each column's widest line if they all fit (the spare room shared
/// out in proportion), else each column's longest word (a column is never narrower than that,
/// nor is its floor more than a third of the line) and the rest shared by how much more each needs.
fn col_widths(faces: &Faces, head: &[String], rows: &[Vec<String>], total: f32) -> Vec<f32> {
    let n = head.len().max(rows.iter().map(|r| r.len()).max().unwrap_or(0)).max(1);
    let mut natural = vec![0f32; n];
    let mut least = vec![0f32; n];
    let head = head.to_vec();
    let cells = rows.iter().map(|r| (r, false)).chain(std::iter::once((&head, true)).filter(|(h, _)| h.iter().any(|x| !x.is_empty())));
    for (row, bold) in cells {
        for (i, c) in row.iter().enumerate().take(n) {
            for para in c.split('\n') {
                natural[i] = natural[i].max(faces.width(para, CELL_PT, bold) + 2.0 * PAD_X);
                for w in para.split_whitespace() {
                    least[i] = least[i].max((faces.width(w, CELL_PT, bold) + 2.0 * PAD_X).min(total / 3.0));
                }
            }
        }
    }
    let sum_nat: f32 = natural.iter().sum();
    if sum_nat <= total {
        return natural.iter().map(|w| w + (total - sum_nat) * w / sum_nat.max(0.01)).collect();
    }
    let sum_least: f32 = least.iter().sum();
    if sum_least >= total {
        return least.iter().map(|w| w * total / sum_least).collect();
    }
    let want: Vec<f32> = natural.iter().zip(&least).map(|(n, l)| (n - l).max(0.0)).collect();
    let sum_want: f32 = want.iter().sum::<f32>().max(0.01);
    least.iter().zip(&want).map(|(l, w)| l + (total - sum_least) * w / sum_want).collect()
}

/// The widest of `cells` (each paragraph one line) with the cell padding, in mm.
fn natural_width<'a>(faces: &Faces, cells: impl Iterator<Item = &'a str>, bold: bool) -> f32 {
    cells.flat_map(|c| c.split('\n')).map(|p| faces.width(p, CELL_PT, bold) + 2.0 * PAD_X).fold(0.0, f32::max)
}

/// Lay a report out as elements in reading order.
fn elements(r: &Report, faces: &Faces, exported_at: &str) -> Vec<Laid> {
    let clean = |s: &str| crate::output::text(s).replace('\t', " ");
    let mut out: Vec<Laid> = Vec::new();
    let tables = std::cell::Cell::new(0usize);
    // Text as lines; a paragraph of two lines or more keeps its first two and last two together.
    let text = |out: &mut Vec<Laid>, s: &str, size: f32, bold: bool, indent: f32, before: f32, keep_all: bool, bullet: bool| {
        let avail = TEXT_W - indent - if bullet { 3.5 } else { 0.0 };
        let lines = wrap_width(&clean(s), avail, |x| faces.width(x, size, bold));
        let n = lines.len();
        for (i, l) in lines.into_iter().enumerate() {
            let (text, ind) = match (bullet, i) {
                (true, 0) => (format!("• {l}"), indent),
                (true, _) => (l, indent + 3.5),
                _ => (l, indent),
            };
            let keep = keep_all || (n >= 2 && (i == 0 || i + 2 == n));
            out.push(Laid { elem: Elem::Text { text, size, bold, indent: ind, before: if i == 0 { before } else { 0.0 } }, keep });
        }
    };
    // A table; `same` continues the table before it (its header row repeats over these rows too).
    let table = |out: &mut Vec<Laid>, head: &[String], rows: &[Vec<String>], widths: Vec<f32>, min_h: f32, same: bool| {
        if !same {
            tables.set(tables.get() + 1);
        }
        let id = tables.get();
        let kv = head.iter().all(|h| h.is_empty());
        let mk = |cells: &[String], is_head: bool| -> Row {
            Row {
                table: id,
                cells: cells
                    .iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(i, (c, w))| Cell { w: *w, lines: wrap_width(&clean(c), w - 2.0 * PAD_X, |x| faces.width(x, CELL_PT, is_head || (kv && i == 0))), bold: is_head || (kv && i == 0) })
                    .collect(),
                head: is_head,
                min_h: if is_head { 0.0 } else { min_h },
            }
        };
        if !kv {
            out.push(Laid { elem: Elem::Row(mk(head, true)), keep: true });
        }
        for row in rows {
            out.push(Laid { elem: Elem::Row(mk(row, false)), keep: false });
        }
    };
    // A little room above a table, kept with it.
    let gap = |out: &mut Vec<Laid>| out.push(Laid { elem: Elem::Text { text: String::new(), size: 3.0, bold: false, indent: 0.0, before: 0.0 }, keep: true });
    text(&mut out, &r.title, 15.0, true, 0.0, 0.0, false, false);
    for p in &r.parts {
        match p {
            Part::Heading(h) => text(&mut out, h, 12.5, true, 0.0, 5.0, true, false),
            Part::Sub(h) => text(&mut out, h, 10.5, true, 0.0, 2.5, true, false),
            Part::Para(t) => text(&mut out, t, 9.5, false, 0.0, 0.8, false, false),
            Part::Bullets(items) => {
                for i in items {
                    text(&mut out, i, 9.5, false, 1.5, 0.6, false, true);
                }
            }
            Part::Table { head, rows } => {
                let kv = head.iter().all(|h| h.is_empty());
                let widths = if kv {
                    let label = natural_width(faces, rows.iter().map(|r| r[0].as_str()), true).min(TEXT_W * 0.4);
                    vec![label, TEXT_W - label]
                } else {
                    col_widths(faces, head, rows, TEXT_W)
                };
                gap(&mut out);
                table(&mut out, head, rows, widths, 0.0, false);
            }
            Part::Records { noun, items } => {
                // Each record: a title row across the table, then its fields, label and value.
                let label = natural_width(faces, items.iter().flatten().map(|(l, _)| l.as_str()), true).min(TEXT_W * 0.4);
                for (k, fields) in items.iter().enumerate() {
                    gap(&mut out);
                    let title = format!("{noun} {}", k + 1);
                    table(&mut out, &[title], &[], vec![TEXT_W], 0.0, false);
                    let rows: Vec<Vec<String>> = if fields.is_empty() { vec![vec!["—".into(), "—".into()]] } else { fields.iter().map(|(l, v)| vec![l.clone(), v.clone()]).collect() };
                    table(&mut out, &["".into(), "".into()], &rows, vec![label, TEXT_W - label], 0.0, true);
                }
            }
            Part::Signatures { head, rows } => {
                gap(&mut out);
                let widths = [0.30, 0.22, 0.31, 0.17].map(|f| f * TEXT_W).to_vec();
                table(&mut out, head, rows, widths, 12.0, false);
            }
        }
    }
    text(&mut out, &footer(r, exported_at), 8.0, false, 0.0, 4.0, false, false);
    out
}

/// Where everything goes, in the body between `top` and `bottom` (mm from the page's bottom
/// edge): the pages, each a list of (element, top of it).
fn place(elems: Vec<Laid>, top: f32, bottom: f32) -> Vec<Vec<(Elem, f32)>> {
    let body = top - bottom;
    let mut pages: Vec<Vec<(Elem, f32)>> = vec![Vec::new()];
    let mut y = top;
    let mut heads: std::collections::HashMap<usize, Row> = std::collections::HashMap::new();
    let mut queue: std::collections::VecDeque<Laid> = elems.into();
    let new_page = |pages: &mut Vec<Vec<(Elem, f32)>>, y: &mut f32| {
        pages.push(Vec::new());
        *y = top;
    };
    while let Some(l) = queue.pop_front() {
        let at_top = pages.last().is_some_and(|p| p.is_empty());
        // Keep-with-next: this element and those it keeps with, through the first that does not
        // keep (of which only the part that may end a page counts).
        let mut chain = l.elem.height();
        if l.keep {
            for n in queue.iter() {
                if n.keep {
                    chain += n.elem.height();
                } else {
                    chain += n.elem.min_height();
                    break;
                }
            }
        }
        if !at_top && chain <= body && y - chain < bottom {
            new_page(&mut pages, &mut y);
            continue_after_break(&mut pages, &mut y, &l.elem, &heads);
        }
        let at_top = pages.last().is_some_and(|p| p.is_empty());
        let mut elem = l.elem;
        // A blank spacer or a heading's space above is not drawn at the top of a page.
        if at_top {
            if let Elem::Text { text, before, .. } = &mut elem {
                if text.is_empty() {
                    continue;
                }
                *before = 0.0;
            }
        }
        let h = elem.height();
        if y - h < bottom {
            match &elem {
                Elem::Row(_) if !at_top && h <= body => {
                    new_page(&mut pages, &mut y);
                    continue_after_break(&mut pages, &mut y, &elem, &heads);
                }
                Elem::Row(r) => {
                    // Taller than what is left: as many lines as fit here, the rest on the next page.
                    let fit = ((y - bottom - 2.0 * PAD_Y) / lh(CELL_PT)).floor().max(0.0) as usize;
                    if fit >= 2 || (at_top && fit >= 1) {
                        let (first, rest) = r.split(fit);
                        let rest_head = rest.clone();
                        pages.last_mut().unwrap().push((Elem::Row(first.clone()), y));
                        new_page(&mut pages, &mut y);
                        continue_after_break(&mut pages, &mut y, &Elem::Row(rest_head), &heads);
                        queue.push_front(Laid { elem: Elem::Row(rest), keep: l.keep });
                        continue;
                    }
                    new_page(&mut pages, &mut y);
                    continue_after_break(&mut pages, &mut y, &elem, &heads);
                }
                _ if !at_top => new_page(&mut pages, &mut y),
                _ => {}
            }
        }
        if let Elem::Row(r) = &elem {
            if r.head {
                heads.insert(r.table, r.clone());
            }
        }
        let h = elem.height();
        pages.last_mut().unwrap().push((elem, y));
        y -= h;
    }
    pages.retain(|p| !p.is_empty());
    if pages.is_empty() {
        pages.push(Vec::new());
    }
    pages
}

/// At the top of a new page, a table row that goes on from the page before is preceded by its
/// table's header row again.
fn continue_after_break(pages: &mut [Vec<(Elem, f32)>], y: &mut f32, next: &Elem, heads: &std::collections::HashMap<usize, Row>) {
    if let Elem::Row(r) = next {
        if !r.head {
            if let Some(h) = heads.get(&r.table) {
                let page = pages.last_mut().unwrap();
                page.push((Elem::Row(h.clone()), *y));
                *y -= h.height();
            }
        }
    }
}

struct Pen<'a> {
    faces: &'a Faces,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    /// One per fallback, `None` when the document does not use it.
    fallbacks: Vec<Option<IndirectFontRef>>,
}

impl Pen<'_> {
    /// Draw one line of text with its left end at `x` and its baseline at `y` (mm).
    fn text(&self, layer: &PdfLayerReference, s: &str, size: f32, bold: bool, x: f32, y: f32) {
        let s = visual(s);
        let mut x = x;
        for (run, f) in self.faces.runs(&s, bold) {
            let own = if bold { &self.bold } else { &self.regular };
            let font = match f {
                Font::Fallback(i) => self.fallbacks[i].as_ref().unwrap_or(own),
                _ => own,
            };
            layer.use_text(run.clone(), size, Mm(x), Mm(y), font);
            // Measured in the run's own font (a fallback run is set in the fallback's widths).
            x += self.faces.run_width(&run, f, size);
        }
    }
}

fn pt(x: f32, y: f32) -> (Point, bool) {
    (Point::new(Mm(x), Mm(y)), false)
}

fn rule(layer: &PdfLayerReference, x0: f32, y0: f32, x1: f32, y1: f32) {
    layer.add_line(Line { points: vec![pt(x0, y0), pt(x1, y1)], is_closed: false });
}

fn draw_row(layer: &PdfLayerReference, pen: &Pen, r: &Row, top: f32) {
    let h = r.height();
    let mut x = LEFT;
    if r.head {
        layer.set_fill_color(Color::Greyscale(Greyscale::new(0.88, None)));
        layer.add_polygon(Polygon {
            rings: vec![vec![pt(LEFT, top), pt(LEFT + TEXT_W, top), pt(LEFT + TEXT_W, top - h), pt(LEFT, top - h)]],
            mode: printpdf::path::PaintMode::Fill,
            winding_order: printpdf::path::WindingOrder::NonZero,
        });
        layer.set_fill_color(Color::Greyscale(Greyscale::new(0.0, None)));
    }
    for c in &r.cells {
        layer.add_line(Line { points: vec![pt(x, top), pt(x + c.w, top), pt(x + c.w, top - h), pt(x, top - h)], is_closed: true });
        for (k, line) in c.lines.iter().enumerate() {
            let base = top - PAD_Y - k as f32 * lh(CELL_PT) - CELL_PT * PT_MM;
            pen.text(layer, line, CELL_PT, c.bold, x + PAD_X, base);
        }
        x += c.w;
    }
}

/// The record as PDF bytes. The document id is derived from the content hash and the dates from
/// the export time, so the bytes depend only on the meeting and the export time.
pub fn pdf(r: &Report, exported_at: &str) -> Result<Vec<u8>, String> {
    use printpdf::{CustomPdfConformance, PdfConformance, PdfDocument};
    let when = time::OffsetDateTime::parse(exported_at, &time::format_description::well_known::Rfc3339).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let (doc, page, layer) = PdfDocument::new(r.title.clone(), Mm(W), Mm(H), "text");
    let doc = doc
        .with_conformance(PdfConformance::Custom(CustomPdfConformance { requires_xmp_metadata: false, requires_icc_profile: false, ..Default::default() }))
        .with_document_id(r.content_hash[..32].to_string())
        .with_creation_date(when)
        .with_mod_date(when)
        .with_metadata_date(when)
        .with_producer(format!("iepmeet {}", env!("CARGO_PKG_VERSION")))
        .with_creator(format!("iepmeet {}", env!("CARGO_PKG_VERSION")));
    let faces = Faces::load()?;
    let elems = elements(r, &faces, exported_at);
    let needs = |i: usize| {
        faces.needs(&r.head, i)
            || faces.needs(&r.title, i)
            || elems.iter().any(|l| match &l.elem {
                Elem::Text { text, .. } => faces.needs(text, i),
                Elem::Row(row) => row.cells.iter().any(|c| c.lines.iter().any(|x| faces.needs(x, i))),
            })
    };
    let mut fallbacks = Vec::new();
    for (i, bytes) in FALLBACKS.iter().enumerate() {
        fallbacks.push(if needs(i) { Some(doc.add_external_font(*bytes).map_err(|e| e.to_string())?) } else { None });
    }
    let pen = Pen {
        faces: &faces,
        regular: doc.add_external_font(FONT_REGULAR).map_err(|e| e.to_string())?,
        bold: doc.add_external_font(FONT_BOLD).map_err(|e| e.to_string())?,
        fallbacks,
    };
    // The header (who, which meeting, page n of m) and the footer (the title) are drawn whole, on
    // as many lines as they take; the body starts below and ends above them.
    let head = crate::output::text(&r.head).replace('\t', " ");
    let title = crate::output::text(&r.title).replace('\t', " ");
    let page_of = |n: usize, m: usize| r.page_tpl.replace("{n}", &n.to_string()).replace("{m}", &m.to_string());
    // Measured with room for "Page 999 of 999", so the header's lines are the same on every page.
    let of_room = faces.width(&page_of(999, 999), 8.0, true);
    let head_lines = wrap_width(&head, TEXT_W - of_room - 6.0, |x| faces.width(x, 8.0, false));
    let foot_lines = wrap_width(&title, TEXT_W, |x| faces.width(x, 7.5, false));
    let under_head = H - 12.0 - (head_lines.len().max(1) as f32 - 1.0) * lh(8.0) - 2.2;
    let over_foot = 14.5 + (foot_lines.len().max(1) as f32 - 1.0) * lh(7.5);
    let pages = place(elems, under_head - 2.5, over_foot + 5.5);
    let m = pages.len();
    for (n, items) in pages.iter().enumerate() {
        let layer = if n == 0 {
            doc.get_page(page).get_layer(layer)
        } else {
            let (p, l) = doc.add_page(Mm(W), Mm(H), "text");
            doc.get_page(p).get_layer(l)
        };
        layer.set_outline_color(Color::Greyscale(Greyscale::new(0.35, None)));
        layer.set_outline_thickness(0.5);
        let of = page_of(n + 1, m);
        for (k, l) in head_lines.iter().enumerate() {
            pen.text(&layer, l, 8.0, false, LEFT, H - 12.0 - k as f32 * lh(8.0));
        }
        pen.text(&layer, &of, 8.0, true, W - RIGHT - faces.width(&of, 8.0, true), H - 12.0);
        rule(&layer, LEFT, under_head, W - RIGHT, under_head);
        rule(&layer, LEFT, over_foot, W - RIGHT, over_foot);
        for (k, l) in foot_lines.iter().enumerate() {
            pen.text(&layer, l, 7.5, false, LEFT, over_foot - 4.0 - k as f32 * lh(7.5));
        }
        layer.set_outline_thickness(0.3);
        for (e, top) in items {
            match e {
                Elem::Text { text, size, bold, indent, before } => {
                    let base = top - before - size * PT_MM * 1.05;
                    pen.text(&layer, text, *size, *bold, LEFT + indent, base);
                }
                Elem::Row(row) => draw_row(&layer, &pen, row, *top),
            }
        }
    }
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
            // printpdf writes an empty PDF/X version (readers then report a PDF/X claim the file
            // does not meet) and empty fields: leave them out.
            for key in ["GTS_PDFXVersion", "Identifier", "Trapped", "Author", "Subject", "Keywords"] {
                dict.remove(key.as_bytes());
            }
        }
    }
    let mut out = Vec::new();
    d.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, width: usize) -> Vec<String> {
        wrap_width(text, width as f32, |s| s.chars().count() as f32)
    }

    #[test]
    fn wrap_keeps_every_word() {
        let t = "one two three four five six seven eight nine ten";
        let w = wrap(t, 12);
        assert!(w.iter().all(|l| l.chars().count() <= 12), "{w:?}");
        assert_eq!(w.join(" "), t);
        assert_eq!(wrap(&"x".repeat(25), 10), vec!["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
        // A long rule id breaks after a hyphen, not inside a word.
        assert_eq!(wrap("consent-initial-refusal-blocks-services", 20), ["consent-initial-", "refusal-blocks-", "services"]);
    }

    #[test]
    fn the_fonts_have_every_letter_of_the_names_we_promise() {
        let f = Faces::load().unwrap();
        // Chinese and Japanese come from Droid Sans Fallback, Korean from NanumSquare, the rest
        // from DejaVu; every one of them has the letter it is asked for.
        for (names, font) in [("陈小明 王芳 佐藤ゆき", Font::Fallback(0)), ("김민준 이서연 박지훈 최", Font::Fallback(1))] {
            for c in names.chars().filter(|c| !c.is_whitespace()) {
                assert_eq!(f.font_for(c, false), font, "{c}");
                assert_eq!(f.font_for(c, true), font, "{c} (bold)");
                assert!(f.face(font).glyph_index(c).is_some(), "{c} is in no font");
            }
        }
        for c in "Nguyễn Thị Ánh Иванова Ελένη Ñiguez Dela Cruz".chars().filter(|c| !c.is_whitespace()) {
            assert_eq!(f.font_for(c, false), Font::Regular, "{c}");
            assert!(f.regular.glyph_index(c).is_some() && f.bold.glyph_index(c).is_some(), "{c}");
        }
        // Arabic as drawn (joined forms, lam-alef) is all in DejaVu.
        for name in ["فاطمة الزهراء", "عبد الله", "سلام", "مُحَمَّد"] {
            for c in visual(name).chars().filter(|c| !c.is_whitespace()) {
                assert!(f.regular.glyph_index(c).is_some(), "{name}: U+{:04X} is not in DejaVu Sans", c as u32);
            }
        }
    }

    #[test]
    fn arabic_is_joined_and_set_right_to_left() {
        let v = visual("Name: سلام");
        assert!(v.starts_with("Name: "), "{v}");
        // Joined: presentation forms, not the bare letters.
        assert!(v.chars().all(|c| !('\u{0600}'..='\u{06FF}').contains(&c)), "{v}");
        // Right to left: the first letter typed (seen, initial form U+FEB3) is drawn last.
        assert_eq!(v.chars().last(), Some('\u{FEB3}'), "{v}");
        assert_eq!(visual("plain"), "plain");
    }

    #[test]
    fn columns_fit_the_line_and_never_cut_a_short_word() {
        let f = Faces::load().unwrap();
        let head: Vec<String> = ["Name", "Role(s)", "Participation", "Arrived", "Left", "Signed"].map(String::from).to_vec();
        let rows = vec![vec!["Ms. Alvarez-Whitfield".to_string(), "Special education teacher, case manager".into(), "In person".into(), "09:00".into(), "09:55".into(), "2026-11-22 09:58".into()]];
        let w = col_widths(&f, &head, &rows, TEXT_W);
        assert!((w.iter().sum::<f32>() - TEXT_W).abs() < 0.01, "{w:?}");
        for (i, c) in rows[0].iter().enumerate() {
            for word in c.split_whitespace() {
                assert!(f.width(word, CELL_PT, false) + 2.0 * PAD_X <= w[i] + 0.01, "{word} is cut in a column of {} mm", w[i]);
            }
        }
    }

    fn row(table: usize, lines: usize, head: bool) -> Laid {
        Laid { elem: Elem::Row(Row { table, cells: vec![Cell { w: TEXT_W, lines: (0..lines).map(|i| format!("line {i}")).collect(), bold: head }], head, min_h: 0.0 }), keep: head }
    }

    #[test]
    fn a_heading_is_never_last_on_a_page_and_a_table_header_repeats() {
        let text = |t: &str, keep: bool| Laid { elem: Elem::Text { text: t.into(), size: 9.5, bold: false, indent: 0.0, before: 0.0 }, keep };
        let mut elems: Vec<Laid> = (0..51).map(|i| text(&format!("filler {i}"), false)).collect();
        elems.push(Laid { elem: Elem::Text { text: "Heading".into(), size: 12.5, bold: true, indent: 0.0, before: 5.0 }, keep: true });
        elems.push(row(1, 1, true));
        for _ in 0..40 {
            elems.push(row(1, 1, false));
        }
        let pages = place(elems, TOP, BOTTOM);
        assert!(pages.len() >= 2);
        for (n, p) in pages.iter().enumerate() {
            let last = &p.last().unwrap().0;
            assert!(!matches!(last, Elem::Text { text, .. } if text == "Heading"), "page {n} ends with the heading");
            assert!(!matches!(last, Elem::Row(r) if r.head), "page {n} ends with a table header");
            for (e, top) in p {
                assert!(top - e.height() >= BOTTOM - 0.01, "page {n}: drawn below the margin");
            }
        }
        // The table goes on to page 2 with its header first.
        let second = pages.iter().find(|p| p.iter().any(|(e, _)| matches!(e, Elem::Row(r) if !r.head))).unwrap();
        let later = pages.iter().skip_while(|p| !std::ptr::eq(*p, second)).nth(1).expect("the table takes two pages");
        assert!(matches!(&later[0].0, Elem::Row(r) if r.head), "the header row repeats on the next page");
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_with_every_line_in_order() {
        let pages = place(vec![row(1, 1, true), row(1, 150, false)], TOP, BOTTOM);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let lines: Vec<String> = pages.iter().flatten().filter_map(|(e, _)| match e {
            Elem::Row(r) if !r.head => Some(r.cells[0].lines.clone()),
            _ => None,
        }).flatten().collect();
        assert_eq!(lines, (0..150).map(|i| format!("line {i}")).collect::<Vec<_>>());
        for p in &pages {
            assert!(matches!(&p[0].0, Elem::Row(r) if r.head), "every page of the table starts with its header");
            for (e, top) in p {
                assert!(top - e.height() >= BOTTOM - 0.01);
            }
        }
    }
}
