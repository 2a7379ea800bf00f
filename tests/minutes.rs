//! Taking minutes in the TUI (quick entry, parking lot, agenda timer, summary, sign-off, finalize,
//! amendments, search) and the meeting record exports (md, html, json snapshots; PDF read back).

mod common;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use iepmeet::domain::meeting::{Block, Section};
use iepmeet::domain::minutes::{EntryKind, Resolution};
use iepmeet::store::Store;
use iepmeet::ui::app::{App, Modal, Screen};

fn open_demo_meeting() -> (App, i64) {
    let store = demo_store(5);
    let mid = store.meetings_for(1).unwrap()[0].id;
    let mut a = app(store);
    a.open_meeting(mid, Section::Attendance).unwrap();
    (a, mid)
}

fn record(a: &mut App, text: &str) {
    type_str(a, text);
    a.on_key(code(KeyCode::Enter));
}

#[test]
fn quick_entry_records_kinds_speakers_owners() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('m'));
    record(&mut a, "Introductions made.");
    record(&mut a, "/c @parent worried about reading at home");
    record(&mut a, "/d team agrees to a reading fluency goal");
    record(&mut a, "/a @alvarez send draft goals due 2026-12-01");
    // A name that is not on the attendance list: nothing recorded, the text stays, the reason shown.
    record(&mut a, "@nobody said hi");
    let text = screen(&a, 80, 24);
    assert!(text.contains("no one in the attendance list matches '@nobody'"), "{text}");
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.minutes_text(), "@nobody said hi");
    let es = a.store.load_meeting(mid).unwrap().entries;
    assert_eq!(es.iter().map(|e| e.kind).collect::<Vec<_>>(), [EntryKind::Note, EntryKind::Concern, EntryKind::Decision, EntryKind::Action]);
    assert!(es[1].speaker.starts_with("Demo Parent"), "{:?}", es[1]);
    assert_eq!(es[3].owner, "R. Demo-Alvarez (Special education teacher/provider)");
    assert_eq!(es[3].due.unwrap().to_string(), "2026-12-01");
    assert!(es.iter().all(|e| e.section == Section::Attendance && e.at == "2026-11-22T17:30:00.000Z" && !e.actor.is_empty()));
    insta::assert_snapshot!("minutes_pane_80x24", screen(&a, 80, 24));
}

#[test]
fn multi_line_entry_and_correction() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('m'));
    type_str(&mut a, "first line");
    a.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
    type_str(&mut a, "second line");
    a.on_key(code(KeyCode::Enter));
    assert_eq!(a.store.load_meeting(mid).unwrap().entries[0].text, "first line\nsecond line");
    // Ctrl-E brings it back; Enter saves the correction as a new version of the same entry.
    a.on_key(ctrl('e'));
    a.on_key(code(KeyCode::End));
    type_str(&mut a, " (corrected)");
    a.on_key(code(KeyCode::Enter));
    let es = a.store.load_meeting(mid).unwrap().entries;
    assert_eq!(es.len(), 1);
    assert_eq!(es[0].text, "first line\nsecond line (corrected)");
    assert_eq!(es[0].version, 2);
}

#[test]
fn parking_lot_must_be_cleared_before_finalizing() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('m'));
    record(&mut a, "/p bus schedule next year");
    record(&mut a, "/p lunch-time supervision");
    a.on_key(code(KeyCode::Esc));
    assert!(screen(&a, 80, 24).contains("Parking lot: 2 open"));
    a.on_key(key('F'));
    assert!(screen(&a, 80, 24).contains("2 parking-lot item(s) still open"), "{}", screen(&a, 80, 24));
    assert!(a.store.load_meeting(mid).unwrap().is_open());
    // Handle the first in Goals; carry the second to an action item.
    a.on_key(key('4'));
    a.on_key(key('P'));
    insta::assert_snapshot!("parking_lot_80x24", screen(&a, 80, 24));
    a.on_key(code(KeyCode::Enter));
    // Open items stay at the top: the next open one is now first.
    a.on_key(key('c'));
    type_str(&mut a, "@reyes due 2026-12-05");
    a.on_key(code(KeyCode::Enter));
    a.on_key(code(KeyCode::Esc));
    let es = a.store.load_meeting(mid).unwrap().entries;
    assert_eq!(es[0].resolution, Some(Resolution::Handled(Section::Goals)));
    let action = es.iter().find(|e| e.kind == EntryKind::Action).unwrap();
    assert_eq!(es[1].resolution, Some(Resolution::Carried(action.id)));
    assert_eq!(action.owner, "T. Sample-Reyes (General education teacher)");
    // Text still in the composer blocks finalizing too: nothing typed may be lost.
    a.on_key(key('m'));
    type_str(&mut a, "half a thought");
    a.on_key(code(KeyCode::Esc));
    a.on_key(key('F'));
    assert!(screen(&a, 80, 24).contains("is not recorded yet"), "{}", screen(&a, 80, 24));
    a.on_key(key('m'));
    record(&mut a, "");
    a.on_key(code(KeyCode::Enter));
    a.on_key(code(KeyCode::Esc));
    a.on_key(key('F'));
    // Before the record is frozen, finalize says what is still open: ERRORs, sections not marked
    // done, members who have not signed (issue 17).
    let Some(iepmeet::ui::app::Modal::Confirm { prompt, .. }) = a.modals.last() else { panic!("finalize asks first") };
    assert!(prompt.contains("ERRORs are open") || prompt.contains("ERROR is open"), "{prompt}");
    assert!(prompt.contains("never marked done (") && prompt.contains("Consent"), "{prompt}");
    assert!(prompt.contains("not signed ("), "{prompt}");
    let text = screen(&a, 80, 24);
    assert!(text.contains("Still open"), "the whole question is on screen:\n{text}");
    // With ERRORs open a `y` is not enough: the word is typed, and a wrong word does nothing.
    assert!(text.contains("type finalize and press Enter"), "{text}");
    a.on_key(key('y'));
    assert!(a.store.load_meeting(mid).unwrap().is_open(), "y alone does not finalize over ERRORs");
    a.on_key(code(KeyCode::Backspace));
    type_str(&mut a, "finalise\n");
    assert!(a.store.load_meeting(mid).unwrap().is_open(), "a wrong word does not finalize");
    assert!(screen(&a, 80, 24).contains("Type finalize and press Enter"), "{}", screen(&a, 80, 24));
    for _ in 0..8 {
        a.on_key(code(KeyCode::Backspace));
    }
    type_str(&mut a, "FINALIZE\n");
    assert!(!a.store.load_meeting(mid).unwrap().is_open());
    // The audit of the finalize says how many ERRORs were open, and which rules.
    let sid = a.store.load_meeting(mid).unwrap().student_id;
    let row = a.store.audit_for(sid).unwrap().into_iter().find(|r| r.action == "finalize").expect("a finalize row");
    assert!(row.after.as_deref().is_some_and(|v| v.starts_with("finalized with ") && v.contains(" ERRORs open: ")), "{:?}", row.after);
}

#[test]
fn summary_and_sign_off() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('m'));
    record(&mut a, "/d team agrees to a reading fluency goal");
    record(&mut a, "/a @alvarez send draft goals due 2026-12-01");
    record(&mut a, "/a call the bus office");
    a.on_key(code(KeyCode::Esc));
    a.on_key(key('S'));
    a.on_key(key('s'));
    assert!(screen(&a, 100, 40).contains("Everyone not yet signed"), "{}", screen(&a, 100, 40));
    a.on_key(code(KeyCode::Down));
    a.on_key(code(KeyCode::Enter)); // the parent signs first
    let sigs = a.store.load_meeting(mid).unwrap().block(Block::Signatures).len();
    assert_eq!(sigs, 1);
    let text = screen(&a, 100, 40);
    assert!(text.contains("Decisions (1)") && text.contains("Action items (2)"), "{text}");
    assert!(text.contains("1 without an owner or a due date"), "{text}");
    insta::assert_snapshot!("summary_100x40", text);
}

#[test]
fn agenda_timer_follows_the_template() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('N')); // first item: welcome and introductions (Attendance)
    a.on_key(key('N')); // purpose and norms
    a.on_key(key('N')); // excusals: moves to that section
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.section, Section::Excusals);
    assert_eq!(m.timer_state(iepmeet::store::clock_now()).current, Some(2));
    assert_eq!(a.store.timer_events(mid).unwrap().len(), 3);
    a.on_key(key('T'));
    let text = screen(&a, 100, 30);
    assert!(text.contains("Agenda timer") && text.contains("▶ Excusals"), "{text}");
    a.on_key(key('s'));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!(m.timer_state(iepmeet::store::clock_now()).current, None);
}

#[test]
fn finalized_meeting_is_amended_not_changed() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('F'));
    confirm_finalize(&mut a);
    let before = a.store.load_meeting(mid).unwrap();
    // Location is the third row of the Meeting form.
    a.on_key(key('j'));
    a.on_key(key('j'));
    a.on_key(code(KeyCode::Enter));
    a.on_key(ctrl('u'));
    type_str(&mut a, "Library");
    a.on_key(code(KeyCode::Enter));
    assert!(matches!(a.modals.last(), Some(Modal::Pick { .. })));
    a.on_key(code(KeyCode::Enter)); // at an IEP team meeting
    type_str(&mut a, "Room moved for accessibility.");
    a.on_key(ctrl('s'));
    assert!(a.modals.is_empty(), "{}", screen(&a, 80, 24));
    let after = a.store.load_meeting(mid).unwrap();
    assert_eq!(after.details(), before.details(), "the original is intact");
    assert_eq!(after.amendments.len(), 1);
    let am = &after.amendments[0];
    assert_eq!((am.what.as_str(), am.after.as_str()), ("Meeting › Location", "Library"));
    assert_eq!(am.before, before.details().location);
    assert_eq!(am.reason, "Room moved for accessibility.");
    // The minutes of a finalized meeting take no new entries.
    a.on_key(key('m'));
    record(&mut a, "late note");
    assert_eq!(a.store.load_meeting(mid).unwrap().entries.len(), before.entries.len());
}

#[test]
fn search_box_finds_and_opens_the_section() {
    let (mut a, mid) = open_demo_meeting();
    a.on_key(key('5'));
    a.on_key(key('m'));
    record(&mut a, "Speech frequency raised to twice weekly.");
    a.on_key(code(KeyCode::Esc));
    a.on_key(key('1'));
    a.on_key(key('/'));
    type_str(&mut a, "speech weekly");
    a.on_key(code(KeyCode::Enter));
    let text = screen(&a, 100, 30);
    assert!(text.contains("«Speech»") && text.contains("Services"), "{text}");
    a.on_key(code(KeyCode::Enter));
    let Screen::Meeting(m) = &a.screen else { panic!() };
    assert_eq!((m.meeting.id, m.section), (mid, Section::Services));
    // Nothing found: said so in the search box, which stays open.
    a.on_key(key('/'));
    type_str(&mut a, "zebra");
    a.on_key(code(KeyCode::Enter));
    assert!(screen(&a, 100, 30).contains("no minutes match 'zebra'"));
}

/// A finalized meeting with minutes of every kind, signatures and an amendment.
fn record_for_export() -> (Store, i64) {
    let mut store = demo_store(5);
    let mid = fill_meeting(&mut store);
    use iepmeet::domain::minutes::NewEntry;
    let e = |kind, text: &str, owner: &str| NewEntry { kind: Some(kind), text: text.into(), owner: owner.into(), ..Default::default() };
    store.add_entry(mid, Section::Goals, &e(EntryKind::Decision, "Reading fluency goal agreed | 90 wcpm", "")).unwrap();
    store.add_entry(mid, Section::Goals, &e(EntryKind::Concern, "Parent <worried> about homework & reading", "")).unwrap();
    let p = store.add_entry(mid, Section::Attendance, &e(EntryKind::Parking, "Bus schedule", "")).unwrap();
    store.resolve_parking(mid, &p, Section::Services).unwrap();
    store.add_entry(mid, Section::Services, &e(EntryKind::Action, "Send the draft to the parent", "Sam Lee (Teacher)")).unwrap();
    store.finalize_meeting(mid, today()).unwrap();
    let a = iepmeet::domain::minutes::Amendment {
        id: 0,
        at: String::new(),
        actor: String::new(),
        date: today(),
        how: iepmeet::domain::minutes::AMENDMENT_WAYS[1].into(),
        what: "Services 1 › Sessions".into(),
        before: "2".into(),
        after: "3".into(),
        reason: "Parent and district agreed in writing.".into(),
    };
    store.add_amendment(mid, &a).unwrap();
    (store, mid)
}

/// The audit trail names the OS user; make it the same on every machine for snapshots.
fn stable(text: &str) -> String {
    let actor = iepmeet::store::current_actor();
    // The seal's chain hash covers the actor's name too.
    let mut text = text.to_string();
    for marker in ["audit chain at row ", "cadena de auditoría en la fila "] {
        if let Some(i) = text.find(marker) {
            if let Some(j) = text[i..].find("sha256 ").map(|j| i + j + 7) {
                text.replace_range(j..(j + 64).min(text.len()), "SEAL");
            }
        }
    }
    // The rules' stamp changes with every edit of data/rules.toml; the snapshot shows where it is.
    let stamp = iepmeet::rules::RuleSet::builtin().stamp();
    text.replace(&stamp, "RULES-STAMP")
        .replace(&format!("by {actor}"), "by USER")
        .replace(&format!("por {actor}"), "por USER")
        .replace(&format!("\"by\": \"{actor}\""), "\"by\": \"USER\"")
}

#[test]
fn export_markdown_html_json_snapshots() {
    let (store, mid) = record_for_export();
    let at = "2026-11-22T18:00:00Z";
    let md = String::from_utf8(iepmeet::export::meeting_record(&store, mid, "md", "en", at).unwrap()).unwrap();
    for want in ["## Attendance and signatures", "## Decisions", "## Action items", "## Parking lot", "## Consent (IEP 9A)", "## Compliance findings open at close", "## Amendments (handbook 7.7.A)", "content SHA-256"] {
        assert!(md.contains(want), "md lacks {want}");
    }
    assert!(md.contains("Reading fluency goal agreed \\| 90 wcpm"), "table pipes escaped");
    insta::assert_snapshot!("export_md", stable(&md));
    let html = String::from_utf8(iepmeet::export::meeting_record(&store, mid, "html", "en", at).unwrap()).unwrap();
    assert!(html.contains("Parent &lt;worried&gt; about homework &amp; reading"));
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="), "self-contained");
    insta::assert_snapshot!("export_html", stable(&html));
    let json = String::from_utf8(iepmeet::export::meeting_record(&store, mid, "json", "en", at).unwrap()).unwrap();
    insta::assert_snapshot!("export_json", stable(&json));
    // The JSON export is a document `check` reads back, minutes included.
    let (_, m) = iepmeet::export::document::from_json(&json, &cx()).unwrap();
    assert_eq!(m.entries.len(), store.load_meeting(mid).unwrap().entries.len());
}

#[test]
fn exports_are_deterministic_apart_from_the_export_time() {
    let (store, mid) = record_for_export();
    for f in iepmeet::export::FORMATS {
        let a = iepmeet::export::meeting_record(&store, mid, f, "en", "2026-11-22T18:00:00Z").unwrap();
        let b = iepmeet::export::meeting_record(&store, mid, f, "en", "2026-11-22T18:00:00Z").unwrap();
        assert_eq!(a, b, "{f}: same meeting, same export time, same bytes");
        let c = iepmeet::export::meeting_record(&store, mid, f, "en", "2026-11-23T09:00:00Z").unwrap();
        assert_ne!(a, c, "{f}: the export time is in the footer");
    }
    // The content hash is the same in every format and changes with the meeting.
    let hash = |f: &str| {
        let t = String::from_utf8_lossy(&iepmeet::export::meeting_record(&store, mid, f, "en", "2026-11-22T18:00:00Z").unwrap()).to_string();
        let i = t.find("SHA-256 ").map(|i| i + 8).or_else(|| t.find("\"sha256\": \"").map(|i| i + 11)).unwrap();
        t[i..i + 64].to_string()
    };
    assert_eq!(hash("md"), hash("html"));
    assert_eq!(hash("md"), hash("json"));
}

#[test]
fn pdf_export_reads_back() {
    let (store, mid) = record_for_export();
    let bytes = iepmeet::export::meeting_record(&store, mid, "pdf", "en", "2026-11-22T18:00:00Z").unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let pages = pdf_pages(&bytes);
    assert!(pages.len() >= 2, "a filled meeting takes more than one page");
    let text = pages.join("\n");
    for want in ["IEP meeting record", "Attendance and signatures", "Reading fluency goal agreed", "Bus schedule", "Amendments", "content SHA-256"] {
        assert!(text.contains(want), "PDF text lacks {want}");
    }
    // Every page says who and which meeting, which page of how many, and the record's title (issue 18).
    let n = pages.len();
    for (i, t) in pages.iter().enumerate() {
        assert!(t.contains(&format!("Page {} of {n}", i + 1)), "page {} lacks \"Page {} of {n}\":\n{t}", i + 1, i + 1);
        for want in ["Snowbright, Alder", "Date of birth 2008-11-20", "Annual review", "Date 2026-11-20", "IEP meeting record — Annual review"] {
            assert!(t.contains(want), "page {} lacks {want:?} in its header or footer:\n{t}", i + 1);
        }
    }
}

/// Words of `s`, for comparing text across a PDF's line and cell breaks (a word too long for its
/// column breaks after a hyphen, slash, underscore or dot, so its pieces count as words).
fn words(s: &str) -> Vec<String> {
    s.split_whitespace().flat_map(|w| w.split_inclusive(['-', '/', '_', '.'])).map(String::from).collect()
}

/// Every table cell of the record (attendance, services, goals, signatures… as the report holds
/// them) comes back from the PDF: a short cell whole on one line, a long one word for word (it
/// may wrap inside its cell). Nothing is flattened into "Name: … | Role(s): …" any more.
#[test]
fn pdf_tables_hold_every_cell() {
    use iepmeet::export::report::Part;
    let (store, mid) = record_for_export();
    let en = iepmeet::export::lang::Lang::builtin("en").unwrap();
    let r = iepmeet::export::meeting_report(&store, mid, &en).unwrap();
    let pdf = iepmeet::export::meeting_record(&store, mid, "pdf", "en", "2026-11-22T18:00:00Z").unwrap();
    let text = pdf_pages(&pdf).join("\n");
    assert!(!text.contains(" | Role(s): "), "a table was flattened");
    // Every word the PDF should hold, counted: none may be missing or appear fewer times.
    let mut have: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for w in words(&text) {
        *have.entry(w).or_default() += 1;
    }
    let mut need: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // Each cell with the length up to which it surely fits its column on one line (the line
    // holds about 100 characters of 9-point text, shared among the columns).
    let mut cells: Vec<(String, usize)> = Vec::new();
    let (mut tables, mut signers) = (0, Vec::new());
    for part in &r.parts {
        match part {
            Part::Table { head, rows } => {
                tables += 1;
                cells.extend(head.iter().chain(rows.iter().flatten()).map(|c| (c.clone(), (80 / head.len().max(1)).min(30))));
            }
            Part::Records { noun, items } => {
                for (k, item) in items.iter().enumerate() {
                    cells.push((format!("{noun} {}", k + 1), 40));
                    cells.extend(item.iter().flat_map(|(l, v)| [(l.clone(), 22), (v.clone(), 40)]));
                }
            }
            Part::Signatures { head, rows } => {
                cells.extend(head.iter().chain(rows.iter().flatten()).map(|c| (c.clone(), 14)));
                signers.extend(rows.iter().map(|r| r[0].clone()).filter(|n| !n.is_empty()));
            }
            _ => {}
        }
    }
    assert!(tables >= 3 && signers.len() >= 2, "the record has tables and people to sign: {tables} tables, signers {signers:?}");
    for (c, fits) in &cells {
        for w in words(c) {
            *need.entry(w).or_default() += 1;
        }
        if c.chars().count() <= *fits && !c.contains('\n') {
            let first = words(c).into_iter().next().unwrap_or_default();
            let near: Vec<&str> = text.lines().filter(|l| l.contains(&first)).collect();
            assert!(text.contains(c.as_str()), "the cell {c:?} is not on one line in the PDF:\n{}", near.join("\n"));
        }
    }
    for (w, k) in &need {
        assert!(have.get(w).copied().unwrap_or(0) >= *k, "the PDF has {w:?} {} time(s), the tables {k}", have.get(w).copied().unwrap_or(0));
    }
    // Each signer has a row of their own in the signatures table: the name, then room to sign.
    let sig = &text[text.rfind("Signatures").expect("a signatures section")..];
    for name in &signers {
        assert!(sig.contains(name.as_str()), "{name} has no signature line");
    }
}

#[test]
fn export_in_spanish() {
    let (store, mid) = record_for_export();
    let es = iepmeet::export::lang::Lang::builtin("es").unwrap();
    let r = iepmeet::export::meeting_report(&store, mid, &es).unwrap();
    assert_eq!(es.missing(), Vec::<String>::new(), "data/i18n/es.toml lacks these");
    let md = iepmeet::export::render::markdown(&r, "2026-11-22T18:00:00Z");
    for want in [
        "# Registro de la reunión del IEP — Revisión anual",
        "## Asistencia y firmas",
        "## Decisiones",
        "## Consentimiento (IEP 9A)",
        "### Transferencia de los derechos educativos",
        "A más tardar al cumplir 17 años",
        "SHA-256 del contenido",
    ] {
        assert!(md.contains(want), "Spanish export lacks {want}");
    }
    // The team's own words are left as typed.
    assert!(md.contains("Reading fluency goal agreed"));
    insta::assert_snapshot!("export_md_es", stable(&md));
    // The same through the command-line path, and in HTML with its language declared.
    let html = String::from_utf8(iepmeet::export::meeting_record(&store, mid, "html", "es", "2026-11-22T18:00:00Z").unwrap()).unwrap();
    assert!(html.contains("<html lang=\"es\">") && html.contains("Decisiones"));
    let pdf = iepmeet::export::meeting_record(&store, mid, "pdf", "es", "2026-11-22T18:00:00Z").unwrap();
    let text = pdf_pages(&pdf).join("\n");
    assert!(text.contains("Registro de la reunión del IEP"), "the title with its accent, as text:\n{text}");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    // The document title (metadata) is UTF-16, so viewers show the accents too.
    let info = doc.trailer.get(b"Info").and_then(|i| i.as_reference()).and_then(|r| doc.get_dictionary(r)).unwrap();
    let title = info.get(b"Title").unwrap().as_str().unwrap();
    assert!(title.starts_with(&[0xFE, 0xFF]), "UTF-16BE with a byte-order mark");
    assert!(iepmeet::export::meeting_record(&store, mid, "md", "fr", "2026-11-22T18:00:00Z").unwrap_err().to_string().contains("available: en, es"));
}

/// A member excused in writing is never shown as present in the record, even when listed with the team.
#[test]
fn an_excused_member_is_not_exported_as_present() {
    use iepmeet::domain::meeting::{AnyRecord, Attendee, Excusal, MeetingType};
    use iepmeet::domain::student::Student;
    fixed_clock();
    let mut s = Store::open_in_memory().unwrap();
    let sid = s.insert_student(&Student { last_name: "Sample".into(), first_name: "Wren".into(), local_id: "EX-1".into(), ..Default::default() }).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mid = s.create_meeting(sid, MeetingType::Annual, &[], today).unwrap();
    let who = |name: &str, mode: &str| AnyRecord::Attendee(Attendee { name: name.into(), roles: vec!["Related-service provider".into()], mode: mode.into(), ..Default::default() });
    s.insert_item(mid, Block::Attendees, &who("O. Therapist", "In person")).unwrap();
    s.insert_item(mid, Block::Attendees, &who("P. Present", "In person")).unwrap();
    s.insert_item(mid, Block::Excusals, &AnyRecord::Excusal(Excusal { member: "O. Therapist".into(), role: "Related-service provider".into(), ..Default::default() })).unwrap();
    let md = String::from_utf8(iepmeet::export::meeting_record(&s, mid, "md", "en", "2026-11-22T18:00:00Z").unwrap()).unwrap();
    let row = |name: &str| md.lines().find(|l| l.starts_with(&format!("| {name} "))).unwrap_or_else(|| panic!("{name}\n{md}")).to_string();
    assert!(row("O. Therapist").contains("excused (NC 7), not present") && !row("O. Therapist").contains("In person"), "{}", row("O. Therapist"));
    assert!(row("P. Present").contains("In person"));
}
