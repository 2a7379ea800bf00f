//! The keys of each screen, as data: the help overlay and the status-bar hints are drawn from here.

use super::app::{App, Modal, Pane, ScreenKind};
use crate::domain::fields::Kind;

pub type KeyHelp = (&'static str, &'static str);

pub const GLOBAL: &[KeyHelp] = &[
    ("?", "help for this screen"),
    (":", "command palette: any action, section, student (also Ctrl-P)"),
    ("Ctrl-F", "search all minutes (any screen)"),
    ("Ctrl-C", "save everything and quit"),
];

pub fn for_screen(s: ScreenKind, pane: Pane) -> &'static [KeyHelp] {
    match s {
        ScreenKind::Welcome => &[
            ("d", "load the fictional demo caseload"),
            ("i", "import a roster"),
            ("e", "start with an empty caseload"),
            ("j/k ↑/↓", "move"),
            ("Enter", "choose"),
            ("q", "quit"),
        ],
        ScreenKind::Caseload => &[
            ("j/k ↑/↓", "move"),
            ("PgUp/PgDn", "page"),
            ("g/G", "first/last"),
            ("Enter", "open student (timeline)"),
            ("/", "fuzzy search by name or ID"),
            ("f", "view: all, overdue, due soon, transition age, open meetings, open ERRORs"),
            ("n", "due soon within 7/14/30/60/90 days"),
            ("m", "filter by case manager (cycles)"),
            ("s", "filter by school (cycles)"),
            ("t", "filter by kind of next deadline (cycles)"),
            ("x", "clear the filters"),
            ("a", "add a student"),
            ("Esc", "clear search, then filters"),
            ("q", "quit"),
        ],
        ScreenKind::Student => &[
            ("j/k ↑/↓", "move"),
            ("Enter", "edit field / open meeting"),
            ("n", "start a meeting"),
            ("Tab", "fields ↔ meetings"),
            ("q/Esc", "back to caseload"),
        ],
        ScreenKind::Meeting => match pane {
            Pane::Agenda => &[
                ("j/k ↑/↓", "choose section"),
                ("1-7", "jump to section"),
                ("Enter", "work in section"),
                ("x", "mark section done/open"),
                ("f", "show/hide compliance findings"),
                ("Tab", "next pane"),
                ("T", "agenda timer"),
                ("N", "next agenda item"),
                ("P", "parking lot"),
                ("S", "summary and sign-off"),
                ("/", "search all minutes"),
                ("E", "export the record (md, html, pdf, json)"),
                ("F", "finalize meeting"),
                ("q/Esc", "back to student"),
            ],
            Pane::Main => &[
                ("j/k ↑/↓", "move"),
                ("Enter", "edit field / open item"),
                ("a", "add item to list"),
                ("d", "delete item"),
                ("J/K", "move item down/up"),
                ("[ ]", "previous/next section"),
                ("x", "mark section done/open"),
                ("m", "write minutes"),
                ("g", "goal bank (in Goals)"),
                ("f", "show/hide compliance findings"),
                ("T/N", "agenda timer / next item"),
                ("P", "parking lot"),
                ("S", "summary and sign-off"),
                ("/", "search all minutes"),
                ("Tab", "next pane"),
                ("q/Esc", "back to student"),
            ],
            Pane::Findings => &[
                ("j/k ↑/↓", "choose finding"),
                ("Enter", "go to the field that fixes it"),
                ("a", "acknowledge a WARNING/INFO (with a reason)"),
                ("f", "hide findings"),
                ("Tab", "next pane"),
                ("q/Esc", "back to student"),
            ],
            Pane::Minutes => &[
                ("Enter", "record the entry (timestamped)"),
                ("/d /c /p /a", "decision, parent concern, parking lot, action item (start of entry)"),
                ("@name", "speaker (after /a: owner); action: due YYYY-MM-DD at the end"),
                ("Alt-Enter/Ctrl-J", "new line within an entry"),
                ("Ctrl-E", "correct your last entry here"),
                ("Ctrl-Z/Ctrl-Y", "undo/redo"),
                ("Esc", "leave the minutes (draft kept)"),
                ("Tab", "next pane"),
            ],
        },
    }
}

pub const FORM: &[KeyHelp] = &[("j/k ↑/↓", "move"), ("Enter", "edit field"), ("Esc/q", "close form")];
pub const EDIT_LINE: &[KeyHelp] = &[("Enter", "save"), ("Esc", "cancel")];
pub const EDIT_LONG: &[KeyHelp] =
    &[("Ctrl-S", "save"), ("Enter", "new line"), ("Ctrl-L", "choose from the field's list (accommodations, supports)"), ("Esc", "cancel (asks if changed)")];
pub const PICKER: &[KeyHelp] = &[("j/k ↑/↓", "move"), ("Space", "toggle (multi)"), ("Enter", "choose"), ("Esc", "cancel")];

/// "a add · d delete · ? help" for the status bar.
pub fn hints(keys: &[KeyHelp], max: usize) -> String {
    let mut out = String::new();
    for (k, what) in keys.iter().chain(std::iter::once(&("?", "help"))) {
        let first = what.split_whitespace().next().unwrap_or("");
        let piece = format!("{k} {first}");
        if out.chars().count() + piece.chars().count() + 3 > max {
            break;
        }
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(&piece);
    }
    out
}

pub const PARKING: &[KeyHelp] =
    &[("j/k ↑/↓", "move"), ("Enter", "handled in this section"), ("c", "carry to the action items"), ("Esc", "close")];
pub const AGENDA: &[KeyHelp] =
    &[("j/k ↑/↓", "move"), ("Enter", "start this item"), ("N", "next item"), ("s", "stop the timer"), ("Esc", "close")];
pub const SUMMARY: &[KeyHelp] =
    &[("j/k ↑/↓", "scroll"), ("s", "sign (IEP 9A/9B)"), ("P", "parking lot"), ("F", "finalize"), ("Esc", "close")];
pub const RESULTS: &[KeyHelp] = &[("j/k ↑/↓", "move"), ("Enter", "open meeting at section"), ("/", "search again"), ("Esc", "close")];

pub const PALETTE: &[KeyHelp] = &[("type", "find"), ("↑/↓", "choose"), ("Enter", "run it"), ("Esc", "close")];
pub const CONFLICT: &[KeyHelp] =
    &[("j/k ↑/↓", "choose"), ("Enter", "keep the chosen value"), ("Esc", "keep theirs")];

pub const CONFIRM: &[KeyHelp] = &[("y", "yes"), ("n/Esc", "no")];

/// The keys that apply right now: the top popup's, or the screen's (and pane's).
pub fn current(app: &App) -> &'static [KeyHelp] {
    match app.modals.last() {
        Some(Modal::Form { .. }) => FORM,
        Some(Modal::Edit { kind: Kind::Long | Kind::Lines, .. }) => EDIT_LONG,
        Some(Modal::Edit { .. }) => EDIT_LINE,
        Some(Modal::Pick { .. }) | Some(Modal::NewMeeting { .. }) => PICKER,
        Some(Modal::Confirm { .. }) => CONFIRM,
        Some(Modal::Parking { .. }) => PARKING,
        Some(Modal::Agenda { .. }) => AGENDA,
        Some(Modal::Summary { .. }) => SUMMARY,
        Some(Modal::Results { .. }) => RESULTS,
        Some(Modal::Conflict { .. }) => CONFLICT,
        Some(Modal::Palette(_)) => PALETTE,
        None => for_screen(app.kind(), app.pane()),
    }
}
