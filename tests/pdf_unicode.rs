//! The PDF prints every name as typed (issue 18): the record embeds DejaVu Sans (subset to the
//! glyphs used) instead of the built-in fonts' Latin-1, with Droid Sans Fallback for Chinese and
//! Japanese and NanumSquare for Korean, so Vietnamese, Russian, Greek, Tagalog, Chinese, Korean and
//! Arabic letters come back from poppler's pdftotext. Arabic is drawn joined (presentation forms)
//! and right to left; a reader gives those forms back, which NFKC folds to the letters typed.

mod common;

use common::*;
use iepmeet::domain::meeting::{AnyRecord, Attendee, Block};

const NAMES: [&str; 7] = ["Nguyễn Thị Ánh", "Иванова Мария", "Ελένη Παπαδοπούλου", "Maria dela Cruz-Ñiguez", "陈小明", "김민준", "佐藤ゆき"];
const ARABIC: &str = "فاطمة";

#[test]
fn names_in_many_scripts_print_as_typed() {
    let mut store = demo_store(2);
    let mid = fill_meeting(&mut store);
    let before = store.student(1).unwrap();
    let student = iepmeet::domain::student::Student { last_name: "Nguyễn".into(), first_name: "Thị Ánh".into(), ..before.clone() };
    store.update_student(1, &before, &student).unwrap();
    let team: Vec<AnyRecord> = NAMES.iter().chain([ARABIC].iter()).map(|n| AnyRecord::Attendee(Attendee { name: n.to_string(), roles: vec!["Parent/guardian".into()], ..Default::default() })).collect();
    store.insert_items(mid, Block::Attendees, &team).unwrap();
    let pdf = iepmeet::export::meeting_record(&store, mid, "pdf", "en", "2026-11-22T18:00:00Z").unwrap();
    // scripts/pdf-pages.sh sets this to look at the pages (PNG): the record is kept there.
    if let Some(dir) = std::env::var_os("IEPMEET_PDF_SAMPLE_DIR") {
        std::fs::write(std::path::Path::new(&dir).join("record.pdf"), &pdf).unwrap();
    }
    let text = pdf_pages(&pdf).join("\n");
    assert!(!text.contains("Nguy?n"), "a name printed with a question mark");
    assert!(text.contains("Nguyễn, Thị Ánh"), "the student's name:\n{text}");
    for n in NAMES {
        assert!(text.contains(n), "{n} is not in the PDF's text:\n{text}");
    }
    // Arabic: drawn joined and right to left. pdftotext gives the presentation forms back in
    // reading order; NFKC folds them to the letters typed.
    use unicode_normalization::UnicodeNormalization;
    let folded: String = text.nfkc().collect();
    assert!(folded.contains(ARABIC), "the Arabic name does not read back as typed:\n{text}");
    assert!(!text.contains(ARABIC), "the Arabic letters were drawn unjoined");
    // Subset, not the whole fonts: the five fonts are 6.9 MB; the record, with all of them
    // embedded, is far under the two Latin fonts alone (1.4 MB).
    let size = |f: &str| std::fs::metadata(format!("{}/data/fonts/{f}", env!("CARGO_MANIFEST_DIR"))).unwrap().len();
    let latin = size("DejaVuSans.ttf") + size("DejaVuSans-Bold.ttf");
    assert!((pdf.len() as u64) < latin / 2, "{} bytes: the fonts are not subset", pdf.len());
    assert_eq!(embedded_fonts(&pdf), 4, "DejaVu Sans, its bold, Droid Sans Fallback and NanumSquare");
}

/// A record with only Latin names does not carry the Chinese or Korean fonts at all.
#[test]
fn a_latin_record_embeds_no_fallback_font() {
    let mut store = demo_store(2);
    let mid = fill_meeting(&mut store);
    let pdf = iepmeet::export::meeting_record(&store, mid, "pdf", "en", "2026-11-22T18:00:00Z").unwrap();
    assert_eq!(embedded_fonts(&pdf), 2, "DejaVu Sans and its bold only");
}

/// How many fonts the PDF embeds (font descriptors with a font file).
fn embedded_fonts(pdf: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|n| n == b"FontDescriptor"))
        .filter(|d| d.has(b"FontFile2") || d.has(b"FontFile3") || d.has(b"FontFile"))
        .count()
}
