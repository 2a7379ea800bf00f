//! Application state and its update function: keys become changes of state and store writes.
//! Rendering (in `view`) only reads this state.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui::widgets::{Block as UiBlock, Borders};
use tui_textarea::TextArea;

use crate::domain::demo;
use crate::domain::fields::{Cx, Kind, Record};
use crate::domain::meeting::{Block, Meeting, MeetingType, Section};
use crate::domain::refdata::RefData;
use crate::domain::student::Student;
use crate::domain::text::{clean_text, MAX_LONG};
use crate::rules::{self, Finding, RuleSet, Severity};
use crate::store::{Acknowledgement, MeetingSummary, Store, StoreError};
use crate::timeline::{Calendar, Policy};

static CATALOG_LABEL: &str = "Choose from the list (Space ticks, Enter inserts)";
pub(super) const ACK_LABEL: &str = "Reason for acknowledging";
static ACK_SPEC: crate::domain::fields::FieldSpec =
    crate::domain::fields::FieldSpec { key: "reason", label: ACK_LABEL, kind: Kind::Text };
const IMPORT_SPEC: crate::domain::fields::FieldSpec =
    crate::domain::fields::FieldSpec { key: "path", label: "Roster CSV to import (path)", kind: Kind::Text };

use super::theme::Theme;

/// What is typed in the minutes is saved (as this user's draft) this long after a keystroke: at once,
/// at the next tick of the event loop, so even a SIGKILL loses at most the key being handled.
pub const AUTOSAVE_AFTER: Duration = Duration::ZERO;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKind {
    Welcome,
    Caseload,
    Student,
    Meeting,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Agenda,
    Main,
    Minutes,
    Findings,
}

pub use super::caseload::CaseloadState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudentFocus {
    Fields,
    Meetings,
}

pub struct StudentState {
    pub id: i64,
    pub student: Student,
    pub meetings: Vec<MeetingSummary>,
    /// Every due date on record, as the store computed it (`timeline::due`).
    pub dues: Vec<crate::timeline::Due>,
    /// ERROR findings of the open meeting at its last check.
    pub open_errors: i64,
    pub focus: StudentFocus,
    pub field: usize,
    pub meeting: usize,
}

/// A row of the meeting's main pane. A list item is named by its row id, never its position.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Header(Block),
    Field(Block, &'static str),
    Item(Block, i64),
    Add(Block),
    Note(String),
}

impl Row {
    pub fn selectable(&self) -> bool {
        !matches!(self, Row::Header(_) | Row::Note(_))
    }
    pub fn block(&self) -> Option<Block> {
        match self {
            Row::Header(b) | Row::Field(b, _) | Row::Item(b, _) | Row::Add(b) => Some(*b),
            Row::Note(_) => None,
        }
    }
}

/// The rows of a section: singleton forms show their fields, lists their items and an "add" row.
pub fn rows(m: &Meeting, section: Section) -> Vec<Row> {
    let mut out = Vec::new();
    for &b in section.blocks(m.mtype) {
        out.push(Row::Header(b));
        if b.is_list() {
            for it in m.block(b) {
                out.push(Row::Item(b, it.id));
            }
            out.push(Row::Add(b));
            if b == Block::Services {
                out.push(Row::Note(format!("Total: {:.0} minutes per week", m.total_minutes_per_week())));
            }
        } else {
            for s in b.new_record().as_record().specs() {
                out.push(Row::Field(b, s.key));
            }
        }
    }
    out
}

pub struct MeetingState {
    pub meeting: Meeting,
    pub student: Student,
    pub section: Section,
    pub pane: Pane,
    pub row: usize,
    /// The composer: what is being typed for the next minutes entry (kept as a draft as it is typed).
    pub minutes: TextArea<'static>,
    pub dirty_since: Option<Instant>,
    /// Set while an entry recorded earlier is being corrected in the composer.
    pub editing_entry: Option<crate::domain::minutes::Entry>,
    /// Agenda timer events (start/stop), as stored.
    pub timer: Vec<crate::domain::agenda::TimerEvent>,
    /// What the meeting looked like in the database when last read (`Store::meeting_stamp`).
    pub stamp: String,
    /// Who else has this meeting open.
    pub others: Vec<crate::store::Present>,
    /// What the compliance engine reports now (recomputed after every change).
    pub findings: Vec<Finding>,
    pub acks: Vec<Acknowledgement>,
    pub finding_sel: usize,
}

impl MeetingState {
    /// The acknowledgement of a finding, if any.
    pub fn ack_of(&self, f: &Finding) -> Option<&Acknowledgement> {
        self.acks.iter().find(|a| a.rule == f.rule && f.target.matches_ack(&a.target))
    }
    /// Open (not acknowledged) findings of a severity, optionally in one section.
    pub fn count(&self, sev: Severity, section: Option<Section>) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == sev && section.is_none_or(|s| f.target.section == s) && self.ack_of(f).is_none())
            .count()
    }

    pub fn rows(&self) -> Vec<Row> {
        rows(&self.meeting, self.section)
    }
    pub fn current_row(&self) -> Option<Row> {
        self.rows().get(self.row).cloned()
    }
    fn first_selectable(&mut self) {
        let rows = self.rows();
        self.row = rows.iter().position(|r| r.selectable()).unwrap_or(0);
    }
    pub(super) fn clamp_row(&mut self) {
        let rows = self.rows();
        if self.row >= rows.len() || !rows[self.row].selectable() {
            let before = rows.iter().take(self.row.min(rows.len())).rposition(|r| r.selectable());
            match before {
                Some(i) => self.row = i,
                None => self.first_selectable(),
            }
        }
    }
    fn move_row(&mut self, down: bool) {
        let rows = self.rows();
        let mut i = self.row;
        loop {
            if down {
                if i + 1 >= rows.len() {
                    return;
                }
                i += 1;
            } else {
                if i == 0 {
                    return;
                }
                i -= 1;
            }
            if rows[i].selectable() {
                self.row = i;
                return;
            }
        }
    }
    pub fn minutes_text(&self) -> String {
        self.minutes.lines().join("\n")
    }
}

/// Where a field edit goes when it is saved.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// The reason for acknowledging a finding.
    Ack { rule: &'static str, key: String },
    /// The path of a roster CSV to import (welcome screen).
    ImportRoster,
    Student { key: &'static str },
    Single { block: Block, key: &'static str },
    /// A field of a list item, by the item's row id.
    Item { block: Block, id: i64, key: &'static str },
    /// A section's minutes (only as the thing an amendment changes: text typed when someone else
    /// finalized the meeting).
    Minutes { section: Section },
    /// Owner and due date for a parking-lot item carried to the action items.
    Carry { entry_id: i64 },
    /// Sign the IEP (IEP 9A/9B): choose who is signing.
    Sign,
    /// An amendment to a finalized meeting: the new value of a field...
    AmendValue(Box<Target>),
    /// ...how it was agreed...
    AmendHow(Box<super::minutes::PendingAmendment>),
    /// ...and why.
    AmendReason(Box<super::minutes::PendingAmendment>),
    /// Search all minutes (full text).
    Search,
    /// Export the meeting record: the format, then the file.
    ExportFormat,
    ExportPath { format: &'static str, lang: &'static str },
    /// Insert a goal from the goal bank (`data/goals`).
    GoalBank,
    /// Items chosen from a catalog, inserted into the text editor underneath.
    CatalogInsert,
}

/// What confirming a popup did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Committed {
    /// Saved or done: the popup closes.
    Done,
    /// The popup was replaced by the next step (how an amendment was agreed, search results, a
    /// conflict to choose...): leave the new one open.
    NextStep,
}

impl Target {
    /// A field (or an acknowledgement) stored as it is confirmed: "Saved." says so. Every other target
    /// reports what it did itself (imported, exported, signed, carried...) or opens the next step.
    pub fn saves_field(&self) -> bool {
        matches!(self, Target::Ack { .. } | Target::Student { .. } | Target::Single { .. } | Target::Item { .. })
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConfirmAction {
    DeleteItem { block: Block, id: i64 },
    Finalize,
    DiscardEdit,
}

#[allow(clippy::large_enum_variant)] // one or two on screen at a time
pub enum Modal {
    /// The fields of one list item (by row id).
    Form { block: Block, id: i64, sel: usize, fresh: bool },
    /// Typing a value.
    Edit { target: Target, label: &'static str, kind: Kind, area: TextArea<'static>, original: String, error: Option<String> },
    /// Choosing from a list.
    /// `options` are shown; `values` (one for each) are what choosing one stores.
    Pick { target: Target, label: &'static str, options: Vec<String>, values: Vec<String>, checked: Vec<bool>, multi: bool, sel: usize, other: bool },
    Confirm { prompt: String, action: ConfirmAction },
    NewMeeting { sel: usize },
    /// The parking lot: items raised out of order, until each is handled or carried to an action item.
    Parking { sel: usize },
    /// The agenda timer: planned and elapsed time per agenda item.
    Agenda { sel: usize },
    /// The close-of-meeting summary and sign-off.
    Summary { scroll: u16 },
    /// Full-text search results.
    Results { query: String, hits: Vec<crate::store::SearchHit>, sel: usize },
    /// The command palette.
    Palette(Box<super::palette::PaletteState>),
    /// The first-run tour, at a step.
    Tour { step: usize },
    /// Someone else changed a field while this user was editing it: choose which value to keep.
    Conflict { target: Target, theirs: String, mine: String, sel: usize },
}

#[allow(clippy::large_enum_variant)] // exactly one at a time
pub enum Screen {
    Welcome { sel: usize },
    Caseload(CaseloadState),
    Student(StudentState),
    Meeting(Box<MeetingState>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgKind {
    Info,
    Ok,
    Error,
}

pub struct App {
    pub store: Store,
    pub refdata: RefData,
    pub theme: Theme,
    pub today: NaiveDate,
    pub screen: Screen,
    pub modals: Vec<Modal>,
    pub message: Option<(MsgKind, String)>,
    pub help: bool,
    pub quit: bool,
    /// Terminal width, so typed text can be wrapped to the editor it is typed in.
    pub width: u16,
    /// The policy profile chosen for this database (app state `policy`).
    pub policy: Policy,
    pub calendar: Calendar,
    pub show_findings: bool,
    /// The rest of a large caseload, loading on another connection after the first screenful.
    caseload_rx: Option<std::sync::mpsc::Receiver<Result<Vec<crate::store::CaseRow>, String>>>,
    /// The second last shown by a running agenda timer (redraw when it changes).
    timer_second: i64,
    /// Live updates: the database's data_version when last polled, and when we polled and said we
    /// were here.
    pub(super) data_version: i64,
    pub(super) last_poll: Option<Instant>,
    pub(super) last_heartbeat: Option<Instant>,
    /// The value of the field a pick list was opened on (to notice someone else changing it meanwhile).
    pub(super) pick_original: Option<String>,
    /// Key bindings (data/keys.toml, remapped by the user's config).
    pub keymap: super::keys::Keymap,
    /// The case-status change counter when the caseload on screen was read.
    pub(super) case_serial: i64,
    /// The stored draft of the open editor (`drafts`): its row and the text last written.
    pub(super) editor_draft: Option<(i64, String)>,
    /// Items someone else deleted while this user had them open: what they were, to add back.
    pub(super) gone_items: Vec<(Block, crate::domain::meeting::Item)>,
}

/// Caseloads up to this size load at once; larger ones show their most urgent lines first.
const CASELOAD_HEAD: usize = 2_000;

/// Where each user left off, and the text of an editor they had open, are kept per user (app state
/// `resume:<user>`, `draft:<user>`): two people on one database each come back to their own place.
const RESUME: &str = "resume";

fn per_user(key: &str, actor: &str) -> String {
    format!("{key}:{actor}")
}
const WELCOMED: &str = "welcomed";

impl App {
    /// Build the app and return to where the user left off (meeting and section), or show the
    /// welcome screen on an empty database.
    pub fn new(store: Store, theme: Theme, today: NaiveDate) -> Result<App, StoreError> {
        let mut app = App {
            store,
            refdata: RefData::builtin(),
            theme,
            today,
            screen: Screen::Welcome { sel: 0 },
            modals: Vec::new(),
            message: None,
            help: false,
            quit: false,
            width: 80,
            policy: Policy::california(),
            calendar: Calendar::sample().clone(),
            show_findings: true,
            caseload_rx: None,
            timer_second: 0,
            data_version: 0,
            last_poll: None,
            last_heartbeat: None,
            pick_original: None,
            keymap: super::keys::Keymap::builtin().clone(),
            case_serial: 0,
            editor_draft: None,
            gone_items: Vec::new(),
        };
        if let Some(name) = app.store.get_state("policy")? {
            match Policy::builtin(&name) {
                Ok(p) => app.policy = p,
                Err(e) => app.message = Some((MsgKind::Error, format!("{e}; using california"))),
            }
        }
        app.calendar = app.store.calendar()?;
        app.data_version = app.store.data_version()?;
        if app.store.student_count()? == 0 && app.store.get_state(WELCOMED)?.is_none() {
            return Ok(app);
        }
        app.go_caseload()?;
        // Drafts left by this user's iepmeet that stopped (killed, crashed, hung up) become ours
        // first, so the meeting below opens with them.
        if let Err(e) = app.store.adopt_drafts() {
            app.error(format!("Could not take back the text you had not saved: {e}"));
        }
        let actor = app.store.actor().to_string();
        if let Some(resume) = app.store.get_state(&per_user(RESUME, &actor))? {
            let parts: Vec<&str> = resume.split(':').collect();
            match parts.as_slice() {
                ["meeting", id, sec] => {
                    if let (Ok(id), Some(sec)) = (id.parse::<i64>(), Section::from_code(sec)) {
                        if app.open_meeting(id, sec).is_ok() {
                            let draft = matches!(&app.screen, Screen::Meeting(m) if !m.minutes_text().trim().is_empty());
                            if draft {
                                app.set_pane(Pane::Minutes);
                            }
                            app.info(if draft {
                                "Resumed where you left off; the text you had not recorded yet is back in the minutes (Enter records it)."
                            } else {
                                "Resumed where you left off."
                            });
                        }
                    }
                }
                ["student", id] => {
                    if let Ok(id) = id.parse::<i64>() {
                        let _ = app.open_student(id);
                    }
                }
                _ => {}
            }
        }
        app.restore_drafts();
        Ok(app)
    }

    /// Settings from the user's config file (`crate::config`): the policy for a database that has
    /// none chosen, key bindings, the tour. `warning` (a broken file) is shown on the status line.
    pub fn apply_config(&mut self, config: &crate::config::Config, warning: Option<String>) {
        let mut problems: Vec<String> = warning.into_iter().collect();
        problems.extend(self.keymap.remap(&config.keys));
        if let Some(name) = &config.policy {
            if matches!(self.store.get_state("policy"), Ok(None)) {
                match Policy::builtin(name) {
                    Ok(p) => self.policy = p,
                    Err(e) => problems.push(format!("config policy: {e}")),
                }
            }
        }
        if !problems.is_empty() {
            self.message = Some((MsgKind::Error, problems.join(" · ")));
        }
    }

    pub fn cx(&self) -> Cx {
        Cx { today: self.today }
    }

    pub fn kind(&self) -> ScreenKind {
        match self.screen {
            Screen::Welcome { .. } => ScreenKind::Welcome,
            Screen::Caseload(_) => ScreenKind::Caseload,
            Screen::Student(_) => ScreenKind::Student,
            Screen::Meeting(_) => ScreenKind::Meeting,
        }
    }

    pub fn pane(&self) -> Pane {
        match &self.screen {
            Screen::Meeting(m) => m.pane,
            _ => Pane::Main,
        }
    }

    pub(super) fn info(&mut self, s: impl Into<String>) {
        self.message = Some((MsgKind::Info, s.into()));
    }
    pub(super) fn ok(&mut self, s: impl Into<String>) {
        self.message = Some((MsgKind::Ok, s.into()));
    }
    pub(super) fn error(&mut self, s: impl Into<String>) {
        self.message = Some((MsgKind::Error, s.into()));
    }
    pub(super) fn report<T>(&mut self, r: Result<T, StoreError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(e.to_string());
                None
            }
        }
    }

    fn remember(&mut self, where_: &str) {
        let key = per_user(RESUME, self.store.actor());
        let r = self.store.set_state(&key, where_);
        self.report(r);
    }

    // ----- navigation -------------------------------------------------------------------------

    /// No whole caseload is loading in the background.
    pub(super) fn caseload_rx_idle(&self) -> bool {
        self.caseload_rx.is_none()
    }

    /// Someone changed case status: re-read the caseload rows, keeping the view, filters, search and
    /// selection (a large caseload is re-read in the background, like at first).
    pub(super) fn reload_caseload_rows(&mut self) {
        let path = self.store.path().to_path_buf();
        let Screen::Caseload(c) = &mut self.screen else { return };
        if c.total <= CASELOAD_HEAD || path.as_os_str() == ":memory:" {
            if let Ok(rows) = self.store.caseload() {
                c.replace_rows(rows);
            }
        } else {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let rows = Store::open(&path).and_then(|s| s.caseload()).map_err(|e| e.to_string());
                let _ = tx.send(rows);
            });
            self.caseload_rx = Some(rx);
        }
    }

    pub fn go_caseload(&mut self) -> Result<(), StoreError> {
        self.case_serial = self.store.case_serial()?;
        let (head, total) = self.store.caseload_head(CASELOAD_HEAD)?;
        let prev = match &self.screen {
            Screen::Student(s) => Some(s.id),
            _ => None,
        };
        let path = self.store.path().to_path_buf();
        let mut c = if head.len() >= total {
            CaseloadState::new(head, self.today)
        } else if path.as_os_str() == ":memory:" {
            CaseloadState::new(self.store.caseload()?, self.today)
        } else {
            // The first screenful now; the whole caseload (for search and filters) from a second
            // connection, swapped in by `tick` when it arrives.
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let rows = Store::open(&path).and_then(|s| s.caseload()).map_err(|e| e.to_string());
                let _ = tx.send(rows);
            });
            self.caseload_rx = Some(rx);
            let mut c = CaseloadState::new(head, self.today);
            c.total = total;
            c
        };
        if let Some(id) = prev {
            c.select_id(id);
        }
        self.screen = Screen::Caseload(c);
        Ok(())
    }

    pub fn open_student(&mut self, id: i64) -> Result<(), StoreError> {
        let student = self.store.student(id)?;
        let meetings = self.store.meetings_for(id)?;
        let dues = self.store.dues(id)?;
        let open_errors = self.store.case_row(id)?.open_errors;
        self.screen = Screen::Student(StudentState {
            id,
            student,
            meetings,
            dues,
            open_errors,
            focus: StudentFocus::Fields,
            field: 0,
            meeting: 0,
        });
        self.remember(&format!("student:{id}"));
        Ok(())
    }

    pub fn open_meeting(&mut self, id: i64, section: Section) -> Result<(), StoreError> {
        let meeting = self.store.load_meeting(id)?;
        let student = self.store.student(meeting.student_id)?;
        let mut st = MeetingState {
            minutes: TextArea::default(),
            editing_entry: None,
            timer: self.store.timer_events(id)?,
            stamp: self.store.meeting_stamp(id)?,
            others: self.store.present(id)?,
            meeting,
            student,
            section,
            pane: Pane::Main,
            row: 0,
            dirty_since: None,
            findings: Vec::new(),
            acks: self.store.acknowledgements(id)?,
            finding_sel: 0,
        };
        st.first_selectable();
        self.screen = Screen::Meeting(Box::new(st));
        self.load_composer();
        self.refresh_findings();
        self.remember(&format!("meeting:{id}:{}", section.code()));
        Ok(())
    }

    /// Re-run the compliance engine on the open meeting (after every change; it takes microseconds).
    pub fn refresh_findings(&mut self) {
        let editing = self.modals.iter().rev().find_map(|m| match m {
            Modal::Form { block, id, .. } => Some((*block, *id)),
            _ => None,
        });
        let Screen::Meeting(m) = &mut self.screen else { return };
        let editing = editing.and_then(|(b, id)| m.meeting.find_item(b, id).map(|(i, _)| (b, i)));
        let ctx = rules::Ctx {
            student: &m.student,
            meeting: &m.meeting,
            policy: &self.policy,
            calendar: &self.calendar,
            today: self.today,
            live: rules::Live { section: Some(m.section), editing },
        };
        m.findings = rules::evaluate(&ctx, RuleSet::builtin());
        m.finding_sel = m.finding_sel.min(m.findings.len().saturating_sub(1));
        // The caseload's "open ERRORs" view and `iepmeet status` read this count.
        let errors = rules::error_count(&m.findings) as i64;
        let (sid, open) = (m.meeting.student_id, m.meeting.is_open());
        if open {
            let r = self.store.note_open_errors(sid, errors);
            self.report(r);
        }
    }

    /// Move to where a finding can be fixed: its section, block, item and field.
    fn jump_to(&mut self, f: &Finding) {
        self.set_section(f.target.section);
        let Screen::Meeting(m) = &mut self.screen else { return };
        let rows = m.rows();
        let wanted = match (f.target.block, f.target.item_id, f.target.field) {
            (Some(b), Some(id), _) => rows.iter().position(|r| *r == Row::Item(b, id)),
            (Some(b), None, Some(k)) => rows.iter().position(|r| *r == Row::Field(b, k)),
            (Some(b), None, None) => rows.iter().position(|r| r.block() == Some(b) && r.selectable()),
            _ => None,
        };
        if let Some(r) = wanted {
            m.row = r;
        }
        m.pane = Pane::Main;
        style_minutes(&self.theme, m);
        if let (Some(b), Some(id), Some(k)) = (f.target.block, f.target.item_id, f.target.field) {
            let sel = b.new_record().as_record().specs().iter().position(|s| s.key == k).unwrap_or(0);
            if m.meeting.find_item(b, id).is_some() {
                self.modals.push(Modal::Form { block: b, id, sel, fresh: false });
            }
        }
    }

    fn findings_key(&mut self, key: KeyEvent) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        let n = m.findings.len();
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => m.finding_sel = (m.finding_sel + 1).min(n.saturating_sub(1)),
            KeyCode::Char('k') | KeyCode::Up => m.finding_sel = m.finding_sel.saturating_sub(1),
            KeyCode::Enter => {
                if let Some(f) = m.findings.get(m.finding_sel).cloned() {
                    self.jump_to(&f);
                }
            }
            KeyCode::Char('a') => {
                let Some(f) = m.findings.get(m.finding_sel).cloned() else { return };
                if f.severity == Severity::Error {
                    self.error("An ERROR cannot be acknowledged away; it is resolved by fixing what it names.");
                } else if self.guard_open() {
                    let existing = match &self.screen {
                        Screen::Meeting(m) => m.ack_of(&f).map(|a| a.reason.clone()).unwrap_or_default(),
                        _ => String::new(),
                    };
                    self.push_text_editor(Target::Ack { rule: f.rule, key: f.target.key() }, ACK_SPEC.label, Kind::Text, existing);
                }
            }
            KeyCode::Left | KeyCode::Char('h') => self.set_pane(Pane::Main),
            _ => {}
        }
    }

}

/// Minutes pane decoration depends on focus; set here so rendering stays read-only.
pub(super) fn style_minutes(theme: &Theme, st: &mut MeetingState) {
    let focused = st.pane == Pane::Minutes;
    st.minutes.set_block(UiBlock::default().borders(Borders::NONE));
    st.minutes.set_style(theme.text);
    st.minutes.set_cursor_line_style(Style::default());
    // Reverse video: visible without colour, and cheap to redraw (one attribute) over a slow link.
    st.minutes.set_cursor_style(if focused { theme.text.add_modifier(ratatui::style::Modifier::REVERSED) } else { theme.text });
    st.minutes.set_placeholder_text(if !st.meeting.is_open() {
        "Finalized: the minutes are read-only."
    } else if focused {
        "Type, then Enter to record. /d decision /c concern /p parking /a action · @name speaker"
    } else {
        "Press m to take minutes for this section"
    });
    st.minutes.set_placeholder_style(theme.muted);
}

impl App {
    // ----- time ----------------------------------------------------------------------------------

    /// Called several times a second: autosaves minutes after a short pause in typing.
    /// Periodic work: the autosave of minutes, and swapping in a caseload loaded in the background.
    /// True when the screen needs drawing again.
    pub fn tick(&mut self, now: Instant) -> bool {
        let mut redraw = false;
        if let Some(rx) = &self.caseload_rx {
            match rx.try_recv() {
                Ok(result) => {
                    self.caseload_rx = None;
                    match result {
                        Ok(rows) => {
                            if let Screen::Caseload(c) = &mut self.screen {
                                c.replace_rows(rows);
                            }
                        }
                        Err(e) => self.message = Some((MsgKind::Error, format!("Could not load the whole caseload: {e}"))),
                    }
                    redraw = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.caseload_rx = None,
            }
        }
        if self.poll_others(now) {
            redraw = true;
        }
        if let Screen::Meeting(m) = &self.screen {
            if m.timer.last().is_some_and(|e| e.item.is_some()) {
                let sec = chrono::Utc::now().timestamp();
                if sec != self.timer_second {
                    self.timer_second = sec;
                    redraw = true;
                }
            }
        }
        let due = match &self.screen {
            Screen::Meeting(m) => m.dirty_since.map(|t| now.duration_since(t) >= AUTOSAVE_AFTER).unwrap_or(false),
            _ => false,
        };
        if due {
            self.flush_minutes();
        }
        redraw
    }

    /// Wait for a caseload loading in the background (benchmarks, tests).
    pub fn wait_caseload(&mut self) {
        if let Some(rx) = self.caseload_rx.take() {
            if let (Ok(Ok(rows)), Screen::Caseload(c)) = (rx.recv(), &mut self.screen) {
                c.replace_rows(rows);
            }
        }
    }

    /// Save the text being typed in the minutes (this user's draft) now, if it changed.
    pub fn flush_minutes(&mut self) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        if m.dirty_since.is_none() || !m.meeting.is_open() {
            return;
        }
        let text = m.minutes_text();
        let (id, sec) = (m.meeting.id, m.section);
        let corrects = m.editing_entry.as_ref().map(|e| e.id);
        match self.store.save_composer(id, sec, &text, corrects) {
            Ok(()) => {
                if let Screen::Meeting(m) = &mut self.screen {
                    m.dirty_since = None;
                }
            }
            Err(e) => {
                // Keep the dirty mark so the next tick retries; the text stays in the editor.
                self.error(format!("Minutes not saved yet: {e}"));
            }
        }
    }

    /// Save everything before the process ends (quit, signal, lost terminal).
    pub fn shutdown(&mut self) {
        self.flush_minutes();
        self.leave_meeting();
        // An open editor is never saved by stopping: its text is this session's draft (kept at every
        // keystroke; once more here), and it comes back in its editor when the user reopens.
        self.sync_editor_draft();
        self.quit = true;
    }

    // ----- input ---------------------------------------------------------------------------------

    pub fn on_paste(&mut self, text: &str) {
        self.handle_paste(text);
        self.sync_editor_draft();
        if self.kind() == ScreenKind::Meeting {
            self.refresh_findings();
        }
    }

    fn handle_paste(&mut self, text: &str) {
        let text = clean_text(text);
        if let Some(Modal::Edit { area, kind, error, .. }) = self.modals.last_mut() {
            let single = !matches!(kind, Kind::Long | Kind::Lines);
            let text = if single { text.replace('\n', " ") } else { text };
            if area.lines().iter().map(|l| l.len()).sum::<usize>() + text.len() > MAX_LONG {
                *error = Some(format!("paste refused: the field would exceed {MAX_LONG} characters"));
            } else {
                area.insert_str(text);
            }
            return;
        }
        if let Screen::Meeting(m) = &self.screen {
            if m.pane == Pane::Minutes {
                self.paste_minutes(&text);
            }
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) {
        self.handle_key(key);
        if !self.quit {
            self.sync_editor_draft();
        }
        if self.kind() == ScreenKind::Meeting {
            self.refresh_findings();
        }
    }

    /// A key as the user pressed it: through the key bindings, then to the screen.
    pub(super) fn handle_key(&mut self, key: KeyEvent) {
        let typing = self.is_typing();
        match self.keymap.translate(self.key_context(), key, typing) {
            Some(k) => self.dispatch_key(k),
            None => {
                if !self.help {
                    self.info(format!("{} is bound to another key here (see ? or `iepmeet keys`).", super::keys::key_name(key)));
                }
            }
        }
    }

    /// A key the code answers to (the built-in binding of an action).
    pub(super) fn dispatch_key(&mut self, key: KeyEvent) {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.shutdown();
            return;
        }
        let typing = self.is_typing();
        if self.help {
            self.help = false;
            return;
        }
        if !typing && (key.code == KeyCode::Char('?') || key.code == KeyCode::F(1)) {
            self.help = true;
            return;
        }
        if key.code == KeyCode::F(1) {
            self.help = true;
            return;
        }
        self.message = None;
        if !typing && self.modals.is_empty() && key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('f') {
            self.open_search();
            return;
        }
        let palette_key = key.code == KeyCode::Char(':') || (key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('p'));
        if palette_key && self.modals.is_empty() && (!typing || key.code != KeyCode::Char(':')) && self.kind() != ScreenKind::Welcome {
            self.open_palette();
            return;
        }
        if !self.modals.is_empty() {
            self.modal_key(key);
            return;
        }
        match self.kind() {
            ScreenKind::Welcome => self.welcome_key(key),
            ScreenKind::Caseload => self.caseload_key(key),
            ScreenKind::Student => self.student_key(key),
            ScreenKind::Meeting => self.meeting_key(key),
        }
    }

    /// True while keys are text (an editor, the minutes, the search box).
    pub fn is_typing(&self) -> bool {
        match self.modals.last() {
            Some(Modal::Edit { .. } | Modal::Palette(_)) => return true,
            Some(_) => return false,
            None => {}
        }
        match &self.screen {
            Screen::Meeting(m) => m.pane == Pane::Minutes,
            Screen::Caseload(c) => c.searching,
            _ => false,
        }
    }

    fn welcome_key(&mut self, key: KeyEvent) {
        let Screen::Welcome { sel } = &mut self.screen else { return };
        let choice = match key.code {
            KeyCode::Char('j') | KeyCode::Down => {
                *sel = (*sel + 1).min(2);
                None
            }
            KeyCode::Char('k') | KeyCode::Up => {
                *sel = sel.saturating_sub(1);
                None
            }
            KeyCode::Enter => Some(*sel),
            KeyCode::Char('d') => Some(0),
            KeyCode::Char('i') => Some(1),
            KeyCode::Char('e') => Some(2),
            KeyCode::Char('q') | KeyCode::Esc => {
                self.quit = true;
                None
            }
            _ => None,
        };
        match choice {
            Some(0) => {
                let cases = demo::caseload(40, 1, self.today);
                let r = self.store.load_demo(&cases, self.today, |_| ());
                if let Some(n) = self.report(r) {
                    let _ = self.store.set_state(WELCOMED, "demo");
                    let r = self.go_caseload();
                    self.report(r);
                    self.ok(format!("Loaded {n} fictional demo students (IDs DEMO-…). Enter opens one."));
                }
            }
            Some(1) => self.open_editor(Target::ImportRoster),
            Some(2) => {
                let _ = self.store.set_state(WELCOMED, "empty");
                let r = self.go_caseload();
                self.report(r);
                self.info("Empty caseload. Press 'a' to add a student.");
            }
            _ => {}
        }
    }

    fn caseload_key(&mut self, key: KeyEvent) {
        let Screen::Caseload(c) = &mut self.screen else { return };
        if c.searching {
            match key.code {
                KeyCode::Esc => {
                    c.searching = false;
                    c.filter.clear();
                    c.refilter();
                }
                KeyCode::Enter => c.searching = false,
                KeyCode::Backspace => {
                    c.filter.pop();
                    c.refilter();
                }
                KeyCode::Down => c.sel = (c.sel + 1).min(c.shown.len().saturating_sub(1)),
                KeyCode::Up => c.sel = c.sel.saturating_sub(1),
                KeyCode::Char(ch)
                    if !key.modifiers.contains(KeyModifiers::CONTROL) && !ch.is_control() && c.filter.chars().count() < 80 =>
                {
                    c.filter.push(ch);
                    c.sel = 0;
                    c.refilter();
                }
                _ => {}
            }
            return;
        }
        let page = 10;
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => c.sel = (c.sel + 1).min(c.shown.len().saturating_sub(1)),
            KeyCode::Char('k') | KeyCode::Up => c.sel = c.sel.saturating_sub(1),
            KeyCode::PageDown => c.sel = (c.sel + page).min(c.shown.len().saturating_sub(1)),
            KeyCode::PageUp => c.sel = c.sel.saturating_sub(page),
            KeyCode::Home | KeyCode::Char('g') => c.sel = 0,
            KeyCode::End | KeyCode::Char('G') => c.sel = c.shown.len().saturating_sub(1),
            KeyCode::Char('/') => c.searching = true,
            KeyCode::Char('f') => c.next_view(),
            KeyCode::Char('n') => c.next_within(),
            KeyCode::Char('m') => c.next_manager(),
            KeyCode::Char('s') => c.next_school(),
            KeyCode::Char('t') => c.next_kind(),
            KeyCode::Char('x') => c.clear_filters(),
            KeyCode::Esc if !c.filter.is_empty() => {
                c.filter.clear();
                c.refilter();
            }
            KeyCode::Esc if c.filtered() => c.clear_filters(),
            KeyCode::Char('q') | KeyCode::Esc => {
                let key = per_user(RESUME, self.store.actor());
                let _ = self.store.set_state(&key, "caseload");
                self.quit = true;
            }
            KeyCode::Enter => {
                if let Some(row) = c.selected() {
                    let id = row.id;
                    let r = self.open_student(id);
                    self.report(r);
                }
            }
            KeyCode::Char('a') => {
                let r = self.store.insert_student(&Student::default());
                if let Some(id) = self.report(r) {
                    let r = self.open_student(id);
                    if self.report(r).is_some() {
                        self.open_editor(Target::Student { key: "last_name" });
                        self.info("New student: fill in the fields; every saved field is stored at once.");
                    }
                }
            }
            _ => {}
        }
    }

    fn student_key(&mut self, key: KeyEvent) {
        let Screen::Student(s) = &mut self.screen else { return };
        let nfields = Student::SPECS.len();
        match (key.code, s.focus) {
            (KeyCode::Char('q') | KeyCode::Esc, _) => {
                let r = self.go_caseload();
                self.report(r);
                self.remember("caseload");
            }
            (KeyCode::Tab | KeyCode::BackTab, _) => {
                s.focus = if s.focus == StudentFocus::Fields { StudentFocus::Meetings } else { StudentFocus::Fields };
            }
            (KeyCode::Char('j') | KeyCode::Down, StudentFocus::Fields) => s.field = (s.field + 1).min(nfields - 1),
            (KeyCode::Char('k') | KeyCode::Up, StudentFocus::Fields) => s.field = s.field.saturating_sub(1),
            (KeyCode::Char('j') | KeyCode::Down, StudentFocus::Meetings) => {
                s.meeting = (s.meeting + 1).min(s.meetings.len().saturating_sub(1))
            }
            (KeyCode::Char('k') | KeyCode::Up, StudentFocus::Meetings) => s.meeting = s.meeting.saturating_sub(1),
            (KeyCode::Enter, StudentFocus::Fields) => {
                let key = Student::SPECS[s.field].key;
                self.open_editor(Target::Student { key });
            }
            (KeyCode::Enter, StudentFocus::Meetings) => {
                if let Some(m) = s.meetings.get(s.meeting) {
                    let id = m.id;
                    let r = self.open_meeting(id, Section::Attendance);
                    self.report(r);
                }
            }
            (KeyCode::Char('n'), _) => self.modals.push(Modal::NewMeeting { sel: 1 }),
            _ => {}
        }
    }

    fn meeting_key(&mut self, key: KeyEvent) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        let pane = m.pane;
        // Keys shared by every pane.
        match key.code {
            KeyCode::Tab | KeyCode::BackTab => {
                let mut order = vec![Pane::Agenda, Pane::Main, Pane::Minutes];
                if self.show_findings {
                    order.push(Pane::Findings);
                }
                let n = order.len();
                let i = order.iter().position(|p| *p == pane).unwrap_or(1);
                let next = if key.code == KeyCode::Tab { (i + 1) % n } else { (i + n - 1) % n };
                self.set_pane(order[next]);
                return;
            }
            _ => {}
        }
        if pane == Pane::Minutes {
            self.minutes_key(key);
            return;
        }
        if key.code == KeyCode::Char('f') {
            self.show_findings = !self.show_findings || pane != Pane::Findings;
            self.set_pane(if self.show_findings { Pane::Findings } else { Pane::Main });
            return;
        }
        if pane == Pane::Findings && !matches!(key.code, KeyCode::Char('q') | KeyCode::Esc | KeyCode::Char('1'..='7') | KeyCode::Char('[') | KeyCode::Char(']')) {
            self.findings_key(key);
            return;
        }
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => {
                self.flush_minutes();
                self.leave_meeting();
                let sid = match &self.screen {
                    Screen::Meeting(m) => m.meeting.student_id,
                    _ => return,
                };
                let r = self.open_student(sid);
                self.report(r);
                return;
            }
            KeyCode::Char(c @ '1'..='7') => {
                self.set_section(Section::ALL[(c as u8 - b'1') as usize]);
                return;
            }
            KeyCode::Char(']') => {
                let i = (m.section.index() + 1).min(6);
                self.set_section(Section::ALL[i]);
                return;
            }
            KeyCode::Char('[') => {
                let i = m.section.index().saturating_sub(1);
                self.set_section(Section::ALL[i]);
                return;
            }
            KeyCode::Char('x') => {
                self.toggle_done();
                return;
            }
            KeyCode::Char('m') => {
                self.set_pane(Pane::Minutes);
                return;
            }
            KeyCode::Char('F') => {
                self.ask_finalize();
                return;
            }
            KeyCode::Char('P') => {
                self.modals.push(Modal::Parking { sel: 0 });
                return;
            }
            KeyCode::Char('T') => {
                let sel = m.timer_state().current.or_else(|| m.agenda().item_for(m.section)).unwrap_or(0);
                self.modals.push(Modal::Agenda { sel });
                return;
            }
            KeyCode::Char('N') => {
                self.next_agenda_item();
                return;
            }
            KeyCode::Char('S') => {
                self.flush_minutes();
                self.modals.push(Modal::Summary { scroll: 0 });
                return;
            }
            KeyCode::Char('/') => {
                self.open_search();
                return;
            }
            KeyCode::Char('E') => {
                self.flush_minutes();
                let options: Vec<String> = super::minutes::EXPORT_CHOICES.iter().map(|s| s.to_string()).collect();
                self.push_pick(Target::ExportFormat, super::minutes::EXPORT_LABEL, options, false);
                return;
            }
            _ => {}
        }
        if pane == Pane::Agenda {
            let i = m.section.index();
            match key.code {
                KeyCode::Char('j') | KeyCode::Down => self.set_section(Section::ALL[(i + 1).min(6)]),
                KeyCode::Char('k') | KeyCode::Up => self.set_section(Section::ALL[i.saturating_sub(1)]),
                KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') => self.set_pane(Pane::Main),
                _ => {}
            }
            return;
        }
        // Main pane.
        match key.code {
            KeyCode::Char('j') | KeyCode::Down => m.move_row(true),
            KeyCode::Char('k') | KeyCode::Up => m.move_row(false),
            KeyCode::Left | KeyCode::Char('h') => self.set_pane(Pane::Agenda),
            KeyCode::Enter => self.activate_row(),
            KeyCode::Char('a') => {
                let block = m
                    .current_row()
                    .and_then(|r| r.block())
                    .filter(|b| b.is_list())
                    .or_else(|| m.section.blocks(m.meeting.mtype).iter().copied().find(|b| b.is_list()));
                if let Some(b) = block {
                    self.add_item(b);
                }
            }
            KeyCode::Char('d') | KeyCode::Delete => {
                if let Some(Row::Item(block, id)) = m.current_row() {
                    if self.guard_open() {
                        self.modals.push(Modal::Confirm {
                            prompt: format!("Delete this {}? This cannot be undone.", block.noun()),
                            action: ConfirmAction::DeleteItem { block, id },
                        });
                    }
                }
            }
            KeyCode::Char('g') if m.section == Section::Goals => self.open_goal_bank(),
            KeyCode::Char('J') | KeyCode::Char('K') => {
                if let Some(Row::Item(block, id)) = m.current_row() {
                    self.move_item(block, id, key.code == KeyCode::Char('J'));
                }
            }
            _ => {}
        }
    }

    pub(super) fn set_pane(&mut self, pane: Pane) {
        if pane != Pane::Minutes {
            self.flush_minutes();
        }
        let Screen::Meeting(m) = &mut self.screen else { return };
        m.pane = pane;
        style_minutes(&self.theme, m);
    }

    pub(super) fn set_section(&mut self, section: Section) {
        self.flush_minutes();
        let Screen::Meeting(m) = &mut self.screen else { return };
        if m.section == section {
            return;
        }
        m.section = section;
        m.first_selectable();
        let id = m.meeting.id;
        self.load_composer();
        self.remember(&format!("meeting:{id}:{}", section.code()));
    }

    fn toggle_done(&mut self) {
        if !self.guard_open() {
            return;
        }
        let Screen::Meeting(m) = &mut self.screen else { return };
        let sec = m.section;
        let now = !m.meeting.done[sec.index()];
        let id = m.meeting.id;
        let r = self.store.set_section_done(id, sec, now);
        if self.report(r).is_some() {
            if let Screen::Meeting(m) = &mut self.screen {
                m.meeting.done[sec.index()] = now;
            }
            self.ok(format!("{} marked {}.", sec.label(), if now { "done" } else { "open" }));
        }
    }

    /// Refuse changes to a finalized meeting, with a message.
    pub(super) fn guard_open(&mut self) -> bool {
        if let Screen::Meeting(m) = &self.screen {
            if !m.meeting.is_open() {
                self.error("This meeting is finalized and read-only; changes need an amendment.");
                return false;
            }
        }
        true
    }

    fn activate_row(&mut self) {
        let Screen::Meeting(m) = &self.screen else { return };
        match m.current_row() {
            Some(Row::Field(block, key)) => self.open_editor(Target::Single { block, key }),
            Some(Row::Item(block, id)) => self.modals.push(Modal::Form { block, id, sel: 0, fresh: false }),
            Some(Row::Add(block)) => self.add_item(block),
            _ => {}
        }
    }

    fn add_item(&mut self, block: Block) {
        if !self.guard_open() {
            return;
        }
        let Screen::Meeting(m) = &mut self.screen else { return };
        let id = m.meeting.id;
        let r = self.store.insert_item(id, block, &block.new_record());
        if let Some(item) = self.report(r) {
            if let Screen::Meeting(m) = &mut self.screen {
                let id = item.id;
                m.meeting.block_mut(block).push(item);
                if let Some(pos) = m.rows().iter().position(|r| *r == Row::Item(block, id)) {
                    m.row = pos;
                }
                self.modals.push(Modal::Form { block, id, sel: 0, fresh: true });
            }
        }
    }

    fn move_item(&mut self, block: Block, id: i64, down: bool) {
        if !self.guard_open() {
            return;
        }
        let Screen::Meeting(m) = &mut self.screen else { return };
        let Some((idx, _)) = m.meeting.find_item(block, id) else { return };
        let len = m.meeting.block(block).len();
        let to = if down { idx + 1 } else { idx.wrapping_sub(1) };
        if to >= len {
            return;
        }
        let items = m.meeting.block_mut(block);
        items.swap(idx, to);
        let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
        let mid = m.meeting.id;
        if let Some(pos) = m.rows().iter().position(|r| *r == Row::Item(block, id)) {
            m.row = pos;
        }
        let r = self.store.reorder_items(mid, block, &ids);
        self.report(r);
    }

    fn delete_item(&mut self, block: Block, id: i64) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        let Some((idx, item)) = m.meeting.find_item(block, id).map(|(i, it)| (i, it.clone())) else { return };
        let mid = m.meeting.id;
        match self.store.delete_item(mid, block, &item) {
            Ok(()) => {
                if let Screen::Meeting(m) = &mut self.screen {
                    m.meeting.block_mut(block).remove(idx);
                    m.clamp_row();
                }
                self.ok(format!("Deleted the {}.", block.noun()));
            }
            Err(e) => self.store_failed(e),
        }
    }

    /// A failed write: say why; on a conflict, reload so the user sees the other person's version.
    fn store_failed(&mut self, e: StoreError) {
        let reload = matches!(e, StoreError::Conflict { .. } | StoreError::Finalized);
        self.error(e.to_string());
        if reload {
            self.reload_meeting();
        }
    }

    pub(super) fn reload_meeting(&mut self) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        if let Ok(fresh) = self.store.load_meeting(m.meeting.id) {
            // The composer is separate state: text being typed stays as it is. The selection and an
            // open item form follow their item (by id) if it is still there.
            let current = m.current_row();
            m.meeting = fresh;
            match current.and_then(|r| m.rows().iter().position(|x| *x == r)) {
                Some(pos) => m.row = pos,
                None => m.clamp_row(),
            }
            let meeting = &m.meeting;
            self.modals.retain(|md| !matches!(md, Modal::Form { block, id, .. } if meeting.find_item(*block, *id).is_none()));
        }
    }

    // ----- editing -------------------------------------------------------------------------------

    /// Current text value and field description of a target.
    pub(super) fn target_value(&self, t: &Target) -> Option<(String, &'static crate::domain::fields::FieldSpec)> {
        match (t, &self.screen) {
            (Target::Ack { .. }, Screen::Meeting(_)) => Some((String::new(), &ACK_SPEC)),
            (Target::ImportRoster, _) => Some((String::new(), &IMPORT_SPEC)),
            (Target::Student { key }, Screen::Student(s)) => Some((s.student.get(key), s.student.spec(key)?)),
            (Target::Single { block, key }, Screen::Meeting(m)) => {
                let rec = m.meeting.block(*block).first().map(|i| i.record.clone()).unwrap_or_else(|| block.new_record());
                let spec = rec.as_record().spec(key)?;
                Some((rec.as_record().get(key), spec))
            }
            (Target::Item { block, id, key }, Screen::Meeting(m)) => {
                let rec = &m.meeting.find_item(*block, *id)?.1.record;
                Some((rec.as_record().get(key), rec.as_record().spec(key)?))
            }
            _ => None,
        }
    }

    /// Whether an editor popup's field has a catalog (for its hint line).
    pub fn has_catalog(&self, modal: &Modal) -> bool {
        matches!(modal, Modal::Edit { target, .. } if self.catalog_for(target).is_some())
    }

    /// The catalog (`data/catalogs.toml`) offered for a target's field, if it has one.
    pub(super) fn catalog_for(&self, target: &Target) -> Option<Vec<String>> {
        let Screen::Meeting(m) = &self.screen else { return None };
        let (block, key, rec) = match target {
            Target::Single { block, key } => {
                (*block, *key, m.meeting.block(*block).first().map(|i| i.record.clone()).unwrap_or_else(|| block.new_record()))
            }
            Target::Item { block, id, key } => (*block, *key, m.meeting.find_item(*block, *id)?.1.record.clone()),
            _ => return None,
        };
        crate::domain::catalogs::Catalogs::builtin().options_for(block, key, &rec)
    }

    pub fn open_editor(&mut self, target: Target) {
        if matches!(target, Target::Single { .. } | Target::Item { .. }) {
            if let Screen::Meeting(m) = &self.screen {
                if !m.meeting.is_open() {
                    self.begin_amendment(target);
                    return;
                }
            }
        }
        let Some((value, spec)) = self.target_value(&target) else { return };
        let catalog = self.catalog_for(&target);
        // A typed field with a catalog (a service's provider) is chosen from it, or another is typed.
        let kind = match (spec.kind, &catalog) {
            (Kind::Text, Some(_)) => Kind::Choice("@catalog"),
            (k, _) => k,
        };
        match kind {
            Kind::Choice(src) | Kind::Multi(src) => {
                let multi = matches!(kind, Kind::Multi(_));
                // A goal is linked by its id (`goal:<id>`); the list shows its label.
                let mut values: Vec<String> = Vec::new();
                let options: Vec<String> = match (src, &self.screen) {
                    ("@goals", Screen::Meeting(m)) => {
                        let (v, l): (Vec<String>, Vec<String>) = m.meeting.goal_choices().into_iter().unzip();
                        values = v;
                        l
                    }
                    ("@attendees", Screen::Meeting(m)) => m.meeting.attendee_names(),
                    ("@criteria", Screen::Meeting(m)) => {
                        crate::domain::eligibility::criteria_options(&m.meeting.eligibility(), &m.student)
                    }
                    ("@evidence", Screen::Meeting(m)) => {
                        crate::domain::eligibility::evidence_options(&m.meeting.eligibility(), &m.student)
                    }
                    (key, _) => catalog.unwrap_or_else(|| self.refdata.list(key).to_vec()),
                };
                let current: Vec<String> = if multi {
                    value.split("; ").filter(|s| !s.is_empty()).map(String::from).collect()
                } else {
                    vec![value.clone()]
                };
                // Keep values typed as "other" visible and selectable.
                let mut options = options;
                if values.is_empty() {
                    values = options.clone();
                }
                for c in &current {
                    if !c.is_empty() && !values.contains(c) {
                        values.push(c.clone());
                        options.push(c.clone());
                    }
                }
                let checked = values.iter().map(|o| current.contains(o)).collect();
                let sel = values.iter().position(|o| current.first() == Some(o)).unwrap_or(0);
                self.pick_original = Some(value.clone());
                self.modals.push(Modal::Pick { target, label: spec.label, options, values, checked, multi, sel, other: !multi });
            }
            Kind::YesNo => {
                let options = vec!["yes".to_string(), "no".to_string()];
                let sel = if value == "no" { 1 } else { 0 };
                let checked = options.iter().map(|o| *o == value).collect();
                self.pick_original = Some(value.clone());
                self.modals.push(Modal::Pick { target, label: spec.label, values: options.clone(), options, checked, multi: false, sel, other: false });
            }
            kind => self.push_text_editor(target, spec.label, kind, value),
        }
    }

    /// A pick list of fixed options, nothing chosen yet (no "Other…"): sign, export, goal bank...
    pub(super) fn push_pick(&mut self, target: Target, label: &'static str, options: Vec<String>, multi: bool) {
        let checked = vec![false; options.len()];
        self.modals.push(Modal::Pick { target, label, values: options.clone(), options, checked, multi, sel: 0, other: false });
    }

    pub(super) fn push_text_editor(&mut self, target: Target, label: &'static str, kind: Kind, value: String) {
        let mut area = TextArea::new(value.split('\n').map(String::from).collect());
        area.move_cursor(tui_textarea::CursorMove::Bottom);
        area.move_cursor(tui_textarea::CursorMove::End);
        area.set_cursor_line_style(Style::default());
        area.set_style(self.theme.text);
        area.set_cursor_style(self.theme.selected);
        let hint = match kind {
            Kind::Date | Kind::Dob => "YYYY-MM-DD or MM/DD/YYYY",
            Kind::Time => "HH:MM, e.g. 14:30 or 2:30 pm",
            Kind::Minutes => "whole minutes, e.g. 30",
            Kind::Percent => "0-100",
            Kind::Count => "a whole number",
            Kind::Lines => "one per line",
            _ => "",
        };
        area.set_placeholder_text(hint);
        area.set_placeholder_style(self.theme.muted);
        area.set_selection_style(self.theme.selected);
        if !matches!(kind, Kind::Long | Kind::Lines) {
            // A one-line value is usually replaced: select it so typing overwrites it (arrows keep it).
            area.select_all();
        }
        self.modals.push(Modal::Edit { target, label, kind, area, original: value, error: None });
    }

    /// Import a roster CSV (docs/roster-format.md): all rows or none; the problems are shown in the
    /// path editor, so the user can fix the file and try again.
    fn import_roster(&mut self, input: &str) -> Result<(), String> {
        let raw = input.trim();
        if raw.is_empty() {
            return Err("type the path of a CSV file".into());
        }
        let path = match (raw.strip_prefix("~/"), std::env::var_os("HOME")) {
            (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
            _ => std::path::PathBuf::from(raw),
        };
        let shown = crate::domain::text::display(&path.display().to_string());
        let bytes = std::fs::read(&path).map_err(|e| format!("{shown}: {e}"))?;
        let text = crate::domain::roster::decode(bytes).map_err(|e| format!("{shown}: {e}"))?;
        let rows = crate::domain::roster::parse(&text, self.today, |_| ()).map_err(|errors| {
            let first: Vec<String> = errors.iter().take(3).map(|e| e.to_string()).collect();
            let more = if errors.len() > 3 { format!(" … and {} more", errors.len() - 3) } else { String::new() };
            format!("nothing was imported: {}{more}", first.join("; "))
        })?;
        let report = self.store.import_students(&rows, false, |_| ()).map_err(|e| e.to_string())?;
        let _ = self.store.set_state(WELCOMED, "import");
        self.go_caseload().map_err(|e| e.to_string())?;
        self.ok(format!(
            "Imported {shown}: {} added, {} updated, {} unchanged.",
            report.added, report.updated, report.unchanged
        ));
        Ok(())
    }

    /// Validate and save one field. On error nothing is saved and the message is returned.
    pub fn commit(&mut self, target: &Target, input: &str) -> Result<Committed, String> {
        let cx = self.cx();
        match target {
            Target::Ack { rule, key } => {
                let Screen::Meeting(m) = &mut self.screen else { return Err("no meeting open".into()) };
                let mid = m.meeting.id;
                if crate::domain::text::clean_line(input).is_empty() {
                    return Err("give a reason; it is kept in the record".into());
                }
                self.store.acknowledge(mid, rule, key, input).map_err(|e| e.to_string())?;
                let acks = self.store.acknowledgements(mid).map_err(|e| e.to_string())?;
                if let Screen::Meeting(m) = &mut self.screen {
                    m.acks = acks;
                }
                Ok(Committed::Done)
            }
            Target::ImportRoster => self.import_roster(input).map(|()| Committed::Done),
            Target::Minutes { .. } => Err("minutes are recorded from the composer".into()),
            Target::Carry { .. }
            | Target::Sign
            | Target::AmendValue(_)
            | Target::AmendHow(_)
            | Target::AmendReason(_)
            | Target::Search
            | Target::ExportFormat
            | Target::ExportPath { .. }
            | Target::GoalBank => self.commit_minutes(target, input),
            Target::CatalogInsert => {
                if input.is_empty() {
                    return Err("tick one or more with Space, then Enter".into());
                }
                let n = self.modals.len();
                let Some(Modal::Edit { area, .. }) = n.checked_sub(2).and_then(|i| self.modals.get_mut(i)) else {
                    return Err("no text to insert into".into());
                };
                let current = area.lines().join("\n");
                let sep = if current.trim().is_empty() || current.trim_end().ends_with(';') { "" } else { "; " };
                area.insert_str(format!("{sep}{input}"));
                Ok(Committed::Done)
            }
            Target::Student { key } => {
                let Screen::Student(s) = &mut self.screen else { return Err("no student open".into()) };
                let before = s.student.clone();
                let mut after = before.clone();
                after.set(key, input, &cx).map_err(|e| e.to_string())?;
                if after == before {
                    return Ok(Committed::Done);
                }
                self.store.update_student(s.id, &before, &after).map_err(|e| e.to_string())?;
                s.student = after;
                // The store recomputed the due dates with the record.
                s.dues = self.store.dues(s.id).map_err(|e| e.to_string())?;
                Ok(Committed::Done)
            }
            Target::Single { block, key } => {
                let Screen::Meeting(m) = &mut self.screen else { return Err("no meeting open".into()) };
                let existing = m.meeting.block(*block).first().cloned();
                let mut rec = existing.as_ref().map(|i| i.record.clone()).unwrap_or_else(|| block.new_record());
                rec.as_record_mut().set(key, input, &cx).map_err(|e| e.to_string())?;
                let mid = m.meeting.id;
                let res = match &existing {
                    Some(item) if item.record == rec => return Ok(Committed::Done),
                    Some(item) => self.store.update_item(mid, *block, item, &rec),
                    None => self.store.insert_item(mid, *block, &rec),
                };
                match res {
                    Ok(item) => {
                        if let Screen::Meeting(m) = &mut self.screen {
                            let v = m.meeting.block_mut(*block);
                            if v.is_empty() { v.push(item) } else { v[0] = item }
                        }
                        Ok(Committed::Done)
                    }
                    Err(StoreError::Conflict { .. }) => {
                        let stale = existing.map(|i| i.record.as_record().get(key)).unwrap_or_default();
                        self.resolve_conflict(target, &stale, input)
                    }
                    Err(e) => {
                        let msg = e.to_string();
                        self.store_failed(e);
                        Err(msg)
                    }
                }
            }
            Target::Item { block, id, key } => {
                let Screen::Meeting(m) = &mut self.screen else { return Err("no meeting open".into()) };
                let Some((idx, item)) = m.meeting.find_item(*block, *id).map(|(i, it)| (i, it.clone())) else {
                    return self.readd_item(*block, key, input);
                };
                let mut rec = item.record.clone();
                rec.as_record_mut().set(key, input, &cx).map_err(|e| e.to_string())?;
                if rec == item.record {
                    return Ok(Committed::Done);
                }
                let mid = m.meeting.id;
                match self.store.update_item(mid, *block, &item, &rec) {
                    Ok(saved) => {
                        if let Screen::Meeting(m) = &mut self.screen {
                            m.meeting.block_mut(*block)[idx] = saved;
                        }
                        Ok(Committed::Done)
                    }
                    Err(StoreError::Conflict { .. }) => {
                        let stale = item.record.as_record().get(key);
                        self.resolve_conflict(target, &stale, input)
                    }
                    Err(e) => {
                        let msg = e.to_string();
                        self.store_failed(e);
                        Err(msg)
                    }
                }
            }
        }
    }

    fn modal_key(&mut self, key: KeyEvent) {
        let Some(modal) = self.modals.last_mut() else { return };
        match modal {
            Modal::Parking { .. } => self.parking_key(key),
            Modal::Agenda { .. } => self.agenda_key(key),
            Modal::Summary { .. } => self.summary_key(key),
            Modal::Results { .. } => self.results_key(key),
            Modal::Conflict { .. } => self.conflict_key(key),
            Modal::Palette(_) => self.palette_key(key),
            Modal::Tour { .. } => self.tour_key(key),
            Modal::Form { block, id, sel, fresh } => {
                let (block, id, fresh) = (*block, *id, *fresh);
                let n = block.new_record().as_record().specs().len();
                match key.code {
                    KeyCode::Char('j') | KeyCode::Down | KeyCode::Tab => *sel = (*sel + 1).min(n - 1),
                    KeyCode::Char('k') | KeyCode::Up | KeyCode::BackTab => *sel = sel.saturating_sub(1),
                    KeyCode::Enter => {
                        let key = block.new_record().as_record().specs()[*sel].key;
                        self.open_editor(Target::Item { block, id, key });
                    }
                    KeyCode::Esc | KeyCode::Char('q') => {
                        self.modals.pop();
                        // A just-added item left completely empty is removed again.
                        if fresh {
                            if let Screen::Meeting(m) = &self.screen {
                                if m.meeting.find_item(block, id).map(|(_, i)| i.record.as_record().is_blank()) == Some(true) {
                                    self.delete_item(block, id);
                                    self.info(format!("Empty {} not kept.", block.noun()));
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            Modal::Edit { target, kind, area, original, error, .. } => {
                let long = matches!(kind, Kind::Long | Kind::Lines);
                let save = if long {
                    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('s')
                } else {
                    key.code == KeyCode::Enter
                };
                if save {
                    let text = area.lines().join("\n");
                    let target = target.clone();
                    let original = original.clone();
                    if self.ask_if_changed_meanwhile(&target, &original, &text) {
                        return;
                    }
                    match self.commit(&target, &text) {
                        Ok(Committed::Done) => {
                            self.modals.pop();
                            if target.saves_field() {
                                self.ok("Saved.");
                            }
                        }
                        Ok(Committed::NextStep) => {}
                        Err(e) => {
                            if let Some(Modal::Edit { error, .. }) = self.modals.last_mut() {
                                *error = Some(e);
                            }
                        }
                    }
                    return;
                }
                if key.code == KeyCode::Esc {
                    if long && area.lines().join("\n") != *original {
                        self.modals.push(Modal::Confirm {
                            prompt: "Discard the changes to this text?".into(),
                            action: ConfirmAction::DiscardEdit,
                        });
                    } else {
                        self.modals.pop();
                    }
                    return;
                }
                if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('t') {
                    self.editor_to_minutes();
                    return;
                }
                if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('l') {
                    let target = target.clone();
                    match self.catalog_for(&target) {
                        Some(options) => self.push_pick(Target::CatalogInsert, CATALOG_LABEL, options, true),
                        None => self.info("This field has no list to choose from; type the value."),
                    }
                    return;
                }
                if !long && key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('u') {
                    // Readline habit: Ctrl-U clears the line.
                    area.select_all();
                    area.cut();
                    *error = None;
                    return;
                }
                let size: usize = area.lines().iter().map(|l| l.len()).sum();
                if size > MAX_LONG && matches!(key.code, KeyCode::Char(_) | KeyCode::Enter) {
                    *error = Some(format!("the limit is {MAX_LONG} characters"));
                    return;
                }
                // ↑/↓ move by wrapped row: the text is wrapped on screen only (widgets::softwrap).
                if matches!(key.code, KeyCode::Up | KeyCode::Down) && key.modifiers.is_empty() {
                    super::widgets::softwrap::visual_move(area, super::view::editor_text_width(self.width), key.code == KeyCode::Up);
                    return;
                }
                area.input(key);
                *error = None;
            }
            Modal::Pick { target, options, values, checked, multi, sel, other, .. } => {
                let total = options.len() + 1 + usize::from(*other); // + "(clear)" [+ "Other…"]
                match key.code {
                    KeyCode::Char('j') | KeyCode::Down => *sel = (*sel + 1).min(total - 1),
                    KeyCode::Char('k') | KeyCode::Up => *sel = sel.saturating_sub(1),
                    KeyCode::Char(' ') if *multi && *sel < options.len() => checked[*sel] = !checked[*sel],
                    KeyCode::Esc | KeyCode::Char('q') => {
                        self.modals.pop();
                    }
                    KeyCode::Enter => {
                        let target = target.clone();
                        let value = if *sel == options.len() {
                            String::new() // (clear)
                        } else if *sel > options.len() {
                            // Other…: type a value
                            let Some(Modal::Pick { label, .. }) = self.modals.pop() else { return };
                            let current = self.target_value(&target).map(|v| v.0).unwrap_or_default();
                            self.push_text_editor(target, label, Kind::Text, current);
                            return;
                        } else if *multi {
                            values.iter().zip(checked.iter()).filter(|(_, c)| **c).map(|(o, _)| o.clone()).collect::<Vec<_>>().join("; ")
                        } else {
                            values[*sel].clone()
                        };
                        if let Some(original) = self.pick_original.take() {
                            if self.ask_if_changed_meanwhile(&target, &original, &value) {
                                return;
                            }
                        }
                        match self.commit(&target, &value) {
                            Ok(Committed::Done) => {
                                self.modals.pop();
                                if target.saves_field() {
                                    self.ok("Saved.");
                                }
                            }
                            Ok(Committed::NextStep) => {}
                            Err(e) => self.error(e),
                        }
                    }
                    _ => {}
                }
            }
            Modal::Confirm { action, .. } => {
                let action = *action;
                match key.code {
                    KeyCode::Char('y') | KeyCode::Char('Y') => {
                        self.modals.pop();
                        match action {
                            ConfirmAction::DeleteItem { block, id } => self.delete_item(block, id),
                            ConfirmAction::Finalize => self.finalize(),
                            ConfirmAction::DiscardEdit => {
                                self.modals.pop();
                            }
                        }
                    }
                    KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                        self.modals.pop();
                    }
                    _ => {}
                }
            }
            Modal::NewMeeting { sel } => match key.code {
                KeyCode::Char('j') | KeyCode::Down => *sel = (*sel + 1).min(MeetingType::ALL.len() - 1),
                KeyCode::Char('k') | KeyCode::Up => *sel = sel.saturating_sub(1),
                KeyCode::Esc | KeyCode::Char('q') => {
                    self.modals.pop();
                }
                KeyCode::Enter => {
                    let t = MeetingType::ALL[*sel];
                    self.modals.pop();
                    let Screen::Student(s) = &self.screen else { return };
                    let sid = s.id;
                    let r = self.store.create_meeting(sid, t, &[], self.today);
                    if let Some(mid) = self.report(r) {
                        let r = self.open_meeting(mid, Section::Attendance);
                        if self.report(r).is_some() {
                            self.ok(format!("{} started. Record who is present first.", t.label()));
                        }
                    }
                }
                _ => {}
            },
        }
    }

    fn finalize(&mut self) {
        self.flush_minutes();
        let Screen::Meeting(m) = &self.screen else { return };
        let (id, sec) = (m.meeting.id, m.section);
        let date = m.meeting.date().unwrap_or(self.today);
        match self.store.finalize_meeting(id, date) {
            Ok(()) => {
                let r = self.open_meeting(id, sec);
                self.report(r);
                self.ok("Meeting finalized. It is now a read-only record.");
            }
            Err(e) => self.error(e.to_string()),
        }
    }
}
