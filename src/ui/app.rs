//! The application: its state (the screen, the popups over it, the message line), where it goes
//! (caseload, student, meeting), the periodic work (drafts, others' changes, a caseload loading in
//! the background), and the input loop's entry points (`on_key`, `on_paste`, `tick`). A key becomes
//! an `Action` of the current context (`ui::keys`, `ui::action`); `update` hands it to the screen or
//! popup that answers to it — each in its own file under `components/` and `popups/` — and returns
//! the effects it asked for (`ui::effects`: every write and file), which the entry points run.
//! Rendering (`view`) only reads this state.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::TextArea;

use crate::domain::fields::{Cx, Kind};
use crate::domain::meeting::{Block, Section};
use crate::domain::refdata::RefData;
use crate::domain::text::{clean_text, MAX_LONG};
use crate::store::{Store, StoreError};
use crate::timeline::{Calendar, Policy};

use super::action::{Action, Lookup};
use super::effects::{Db, Effect, Io};
use super::theme::Theme;

// Moved to their own files; re-exported where code and tests have always found them.
pub use super::components::meeting::{rows, style_minutes, MeetingState, Row};
pub use super::components::student::{StudentFocus, StudentState};
pub use super::fields::{Committed, Target};

pub const ACK_LABEL: &str = "Reason for acknowledging";

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

pub use super::components::caseload::CaseloadState;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConfirmAction {
    DeleteItem { block: Block, id: i64 },
    Finalize,
    DiscardEdit,
}

/// While the disk is full, saving is tried again this often.
const FULL_RETRY: std::time::Duration = std::time::Duration::from_secs(2);

/// Typing while another program holds the database's write lock.
pub const BUSY_TYPING: &str = "Another program is writing to the database: what you type is kept here and saved as soon as it is free.";

/// The disk holding the database is full.
pub const DISK_FULL: &str = "Disk full: nothing new can be saved, so no more text is taken; what you typed stays here and is saved once there is room (free space on the database's disk; `iepmeet doctor` says where).";

/// What a read-only database refuses, in the words of the banner.
pub const READ_ONLY: &str = "Read-only: this user cannot write to the database, so nothing can be typed or changed here (ask for write access, or work on a copy).";

#[allow(clippy::large_enum_variant)] // one or two on screen at a time
pub enum Modal {
    /// The fields of one list item (by row id), with the cursor on field `field` (by key; "" or
    /// a field not shown: the first shown).
    Form { block: Block, id: i64, field: &'static str, fresh: bool },
    /// Typing a value.
    Edit { target: Target, label: &'static str, kind: Kind, area: TextArea<'static>, original: String, error: Option<String> },
    /// Choosing from a list.
    /// `options` are shown; `values` (one for each) are what choosing one stores.
    /// Typing filters the list (`query`, fuzzy); `sel` is a row of the filtered list.
    Pick { target: Target, label: &'static str, options: Vec<String>, values: Vec<String>, checked: Vec<bool>, multi: bool, sel: usize, other: bool, query: String },
    /// A yes/no question; `typed` (when some) asks for a word to be typed instead of `y` (finalizing
    /// with ERRORs open).
    Confirm { prompt: String, action: ConfirmAction, typed: Option<String> },
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
    /// The database: read directly, written only through effects (`ui::effects`).
    pub store: Db,
    /// Effects asked for by the step being handled (`emit`), performed when it returns (`run`).
    pub(super) fx: Vec<Effect>,
    pub refdata: RefData,
    pub theme: Theme,
    pub today: NaiveDate,
    pub screen: Screen,
    pub modals: Vec<Modal>,
    pub message: Option<(MsgKind, String)>,
    pub help: bool,
    /// The page of the help overlay shown (Space or PgDn turns it; it wraps around).
    pub help_page: usize,
    pub quit: bool,
    /// The time the screen shows (the agenda timer): set before each key and tick, so drawing is a
    /// pure function of the state and never reads the clock.
    pub clock: chrono::DateTime<chrono::Utc>,
    /// Terminal width, so typed text can be wrapped to the editor it is typed in.
    pub width: u16,
    /// The policy profile chosen for this database (app state `policy`).
    pub policy: Policy,
    pub calendar: Calendar,
    pub show_findings: bool,
    /// The rest of a large caseload, loading on another connection after the first screenful.
    pub(super) caseload_rx: Option<std::sync::mpsc::Receiver<Result<Vec<crate::store::CaseRow>, String>>>,
    /// The second last shown by a running agenda timer (redraw when it changes).
    timer_second: i64,
    /// Live updates: the database's data_version when last polled, and when we polled and said we
    /// were here.
    pub(super) data_version: i64,
    pub(super) last_poll: Option<Instant>,
    pub(super) last_heartbeat: Option<Instant>,
    /// While the disk is full: when saving was last tried again.
    pub(super) last_full_retry: Option<Instant>,
    /// The value of the field a pick list was opened on (to notice someone else changing it meanwhile).
    pub(super) pick_original: Option<String>,
    /// Key bindings (data/keys.toml, remapped by the user's config).
    pub keymap: super::keys::Keymap,
    /// The case-status change counter when the caseload on screen was read.
    pub(super) case_serial: i64,
    /// The stored draft of the open editor (`drafts`): its row and the text last written.
    pub(super) editor_draft: Option<(i64, Option<crate::domain::drafts::EditorDraft>)>,
    /// Items someone else deleted while this user had them open: what they were, to add back.
    pub(super) gone_items: Vec<(Block, crate::domain::meeting::Item)>,
}


/// Where each user left off, and the text of an editor they had open, are kept per user (app state
/// `resume:<user>`, `draft:<user>`): two people on one database each come back to their own place.
pub const RESUME: &str = "resume";

pub fn per_user(key: &str, actor: &str) -> String {
    format!("{key}:{actor}")
}
pub const WELCOMED: &str = "welcomed";

impl App {
    /// Build the app and return to where the user left off (meeting and section), or show the
    /// welcome screen on an empty database.
    pub fn new(store: Store, theme: Theme, today: NaiveDate) -> Result<App, StoreError> {
        let mut app = App {
            store: Db::new(store),
            fx: Vec::new(),
            refdata: RefData::builtin(),
            theme,
            today,
            screen: Screen::Welcome { sel: 0 },
            modals: Vec::new(),
            message: None,
            help: false,
            help_page: 0,
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
            last_full_retry: None,
            pick_original: None,
            keymap: super::keys::Keymap::builtin().clone(),
            case_serial: 0,
            editor_draft: None,
            clock: crate::store::clock_now(),
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
        if app.store.is_read_only() {
            // Drafts stay where they are, for when the database can be written again.
            app.info(READ_ONLY);
        } else {
            app.emit(Io::TakeBackDrafts, |app, r: Result<usize, StoreError>| {
                if let Err(e) = r {
                    app.error(format!("Could not take back the text you had not saved: {e}"));
                }
            });
            // Before the meeting below opens: it opens with them.
            app.run_pending();
        }
        let actor = app.store.actor().to_string();
        if let Some(resume) = app.store.get_state(&per_user(RESUME, &actor))? {
            let parts: Vec<&str> = resume.split(':').collect();
            match parts.as_slice() {
                ["meeting", id, sec, rest @ ..] => {
                    if let (Ok(id), Some(sec)) = (id.parse::<i64>(), Section::from_code(sec)) {
                        if app.open_meeting(id, sec).is_ok() {
                            // The pane the user was in; text not yet recorded brings them to the minutes.
                            let draft = matches!(&app.screen, Screen::Meeting(m) if !m.minutes_text().trim().is_empty());
                            let pane = match rest.first().copied() {
                                _ if draft => Pane::Minutes,
                                Some("minutes") => Pane::Minutes,
                                Some("agenda") => Pane::Agenda,
                                Some("findings") => Pane::Findings,
                                _ => Pane::Main,
                            };
                            app.set_pane(pane);
                            let place = match pane {
                                Pane::Minutes if draft => "the text you had not recorded yet is back in the minutes (Enter records it)",
                                Pane::Minutes => "in the minutes (type, Enter records)",
                                Pane::Agenda => "in the agenda",
                                Pane::Findings => "in the findings",
                                Pane::Main => "in the forms",
                            };
                            app.info(format!("Resumed where you left off: {}; {place}.", sec.label()));
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
        if !app.store.is_read_only() {
            app.restore_drafts();
        }
        app.run_pending();
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
        // The time of day where the user is (the clock is fixed in tests).
        Cx { today: self.today, now: Some(self.clock.with_timezone(&chrono::Local).time()) }
    }

    /// Show `next` in place of the current screen. A dashboard of a large caseload is freed on
    /// another thread: freeing 100,000 rows took ~15 ms of the key that opened a student.
    pub(crate) fn show(&mut self, next: Screen) {
        if let Screen::Caseload(old) = std::mem::replace(&mut self.screen, next) {
            let rows = old.rows.len();
            super::components::caseload::drop_elsewhere(old, rows);
        }
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
    /// False (and says why) when the database is read-only for this user: nothing may be typed or
    /// changed that could not be saved.
    pub(crate) fn guard_writable(&mut self) -> bool {
        if self.store.is_read_only() {
            self.error(READ_ONLY);
            return false;
        }
        true
    }
    pub(super) fn report<T>(&mut self, r: Result<T, StoreError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) if e.is_full() => {
                self.error(DISK_FULL);
                None
            }
            Err(e) => {
                self.error(e.to_string());
                None
            }
        }
    }

    pub(crate) fn remember(&mut self, where_: &str) {
        let key = per_user(RESUME, self.store.actor());
        self.emit_reported(Io::SetState { key, value: where_.to_string() });
    }

    // ----- navigation -------------------------------------------------------------------------

}


impl App {
    // ----- time ----------------------------------------------------------------------------------

    /// Called several times a second: autosaves minutes after a short pause in typing.
    /// Periodic work: the autosave of minutes, and swapping in a caseload loaded in the background.
    /// True when the screen needs drawing again.
    pub fn tick(&mut self, now: Instant) -> bool {
        self.clock = crate::store::clock_now();
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
                let sec = self.clock.timestamp();
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
        // Presence and others' changes first (they may ask for writes).
        self.run_pending();
        if due && !self.store.is_disk_full() {
            self.flush_minutes();
        }
        if self.store.is_disk_full() && self.last_full_retry.is_none_or(|t| now.duration_since(t) >= FULL_RETRY) {
            self.last_full_retry = Some(now);
            if self.flush_minutes() {
                self.sync_editor_draft();
                self.run_pending();
            }
            if self.store.is_disk_full() && self.unsaved() == (Vec::new(), Vec::new()) {
                self.emit_ignored(Io::ProbeWrite);
                self.run_pending();
            }
            redraw = true;
        }
        // Whichever write found room again (a retry, presence, the user's own): say so once.
        if self.last_full_retry.is_some() && !self.store.is_disk_full() {
            self.last_full_retry = None;
            self.flush_minutes();
            self.sync_editor_draft();
            self.run_pending();
            self.ok("There is room on the disk again: what you typed is saved, and typing works again.");
            redraw = true;
        }
        redraw
    }

    /// Save everything before the process ends (quit, signal, lost terminal).
    pub fn shutdown(&mut self) {
        self.flush_minutes();
        self.leave_meeting();
        // An open editor is never saved by stopping: its text is this session's draft (kept at every
        // keystroke; once more here), and it comes back in its editor when the user reopens.
        self.sync_editor_draft();
        self.run_pending();
        // What the database would not take (another program held its lock past the grace period)
        // goes to a file beside it, which this user's next start takes back.
        let (composer, editors) = self.unsaved();
        if !composer.is_empty() || !editors.is_empty() {
            self.emit(Io::WriteFallback { composer, editors }, |_, r: Result<std::path::PathBuf, StoreError>| {
                if let Err(e) = r {
                    crate::errln!("iepmeet: what you typed could not be saved ({e}); it was lost");
                }
            });
            self.run_pending();
        }
        self.quit = true;
    }

    // ----- input ---------------------------------------------------------------------------------

    pub fn on_paste(&mut self, text: &str) {
        self.clock = crate::store::clock_now();
        self.handle_paste(text);
        self.run_pending();
        self.sync_editor_draft();
        if self.kind() == ScreenKind::Meeting {
            self.refresh_findings();
        }
        self.run_pending();
    }

    fn handle_paste(&mut self, text: &str) {
        if self.store.is_disk_full() {
            self.error(DISK_FULL);
            return;
        }
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
        self.clock = crate::store::clock_now();
        self.handle_key(key);
        self.run_pending();
        if !self.quit {
            self.sync_editor_draft();
        }
        if self.kind() == ScreenKind::Meeting {
            self.refresh_findings();
        }
        self.run_pending();
    }

    /// A key as the user pressed it: the key bindings say which action it is here (`ui::action`);
    /// the screen or the popup on top does it. A key that is no binding is text for the editor
    /// that has the focus.
    pub(super) fn handle_key(&mut self, key: KeyEvent) {
        // Ctrl-C always stops, keeping everything (a fixed binding: it cannot be remapped).
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.shutdown();
            return;
        }
        let typing = self.is_typing();
        let ctx = self.key_context();
        let found = self.keymap.lookup(ctx, key, typing);
        if self.help {
            // Space or PgDn turns the page of a help too long for the screen; any other key closes it.
            if matches!(key.code, KeyCode::Char(' ') | KeyCode::PageDown) {
                self.help_page += 1;
            } else {
                self.help = false;
            }
            return;
        }
        match found {
            Lookup::Moved => self.info(format!("{} is bound to another key here (see ? or `iepmeet keys`).", super::keys::key_name(key))),
            Lookup::Global(Action::Help) => {
                self.help = true;
                self.help_page = 0;
            }
            Lookup::Global(Action::Search) if !typing && self.modals.is_empty() => {
                self.message = None;
                self.open_search();
            }
            Lookup::Global(Action::Palette) if self.modals.is_empty() && self.kind() != ScreenKind::Welcome => {
                self.message = None;
                self.open_palette();
            }
            Lookup::Act(action, from) => {
                self.message = None;
                let fx = self.update(from, action, key);
                self.run(fx);
            }
            Lookup::Global(_) | Lookup::Unbound => {
                self.message = None;
                self.unbound_key(ctx, key);
            }
        }
    }

    /// Do an action of the context `ctx` (`key` is the key that was pressed: a section's digit):
    /// change the state, and return the effects (writes, files) it asks for, for `run`.
    pub fn update(&mut self, ctx: &str, action: Action, key: KeyEvent) -> Vec<super::effects::Effect> {
        match ctx {
            "welcome" => self.welcome_update(action),
            "caseload" => self.caseload_update(action),
            "student" => self.student_update(action),
            "meeting" => self.meeting_update(action, key),
            "agenda" => self.agenda_update(action),
            "forms" => self.forms_update(action),
            "findings" | "minutes" if action == Action::NextPane => self.meeting_update(action, key),
            "findings" => self.findings_update(action),
            "minutes" => self.minutes_update(action),
            "item_form" => self.form_update(action),
            "edit_line" | "edit_long" => self.edit_update(action),
            "picker" => match self.modals.last() {
                Some(Modal::NewMeeting { .. }) => self.new_meeting_update(action),
                _ => self.pick_update(action),
            },
            "confirm" => self.confirm_update(action),
            "parking" => self.parking_update(action),
            "agenda_timer" => self.timer_update(action),
            "summary" => self.summary_update(action),
            "search_results" => self.results_update(action),
            "edit_conflict" => self.conflict_update(action),
            "palette" => self.palette_update(action),
            "tour" => self.tour_update(action),
            _ => {}
        }
        self.take_effects()
    }

    /// A key that is no binding here: text (or a cursor key) for the editor that has the focus.
    fn unbound_key(&mut self, ctx: &str, key: KeyEvent) {
        // A full disk takes no new text (it could not be kept); moving and deleting still work.
        let text = matches!(key.code, KeyCode::Char(_) | KeyCode::Enter | KeyCode::Tab) && !key.modifiers.contains(KeyModifiers::CONTROL);
        if text && self.store.is_disk_full() && matches!(ctx, "edit_line" | "edit_long" | "minutes") {
            self.error(DISK_FULL);
            return;
        }
        match ctx {
            "edit_line" | "edit_long" => self.edit_input(key),
            "minutes" => self.composer_input(key),
            "palette" => self.palette_input(key),
            "picker" => self.pick_input(key),
            "confirm" => self.confirm_input(key),
            "caseload" => self.caseload_input(key),
            _ => {}
        }
    }

    /// True while keys are text (an editor, the minutes, the search box).
    pub fn is_typing(&self) -> bool {
        match self.modals.last() {
            Some(Modal::Edit { .. } | Modal::Palette(_) | Modal::Pick { .. } | Modal::Confirm { typed: Some(_), .. }) => return true,
            Some(_) => return false,
            None => {}
        }
        match &self.screen {
            Screen::Meeting(m) => m.pane == Pane::Minutes,
            Screen::Caseload(c) => c.searching,
            _ => false,
        }
    }

}
