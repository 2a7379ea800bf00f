//! Effects: every write the TUI makes — to the database or to a file — and every file it reads.
//!
//! Screens and popups never write. A key becomes an `Action`; `App::update` changes the state and
//! returns the `Effect`s the action asks for (`Io`, plain data a test can inspect); `App::run`
//! hands each to `perform` here, the only code that holds the store for writing, and gives the
//! answer (`Done`, or the `StoreError`) back to the step that asked — which updates the state,
//! says what happened, and may ask for more. The compiler keeps it that way: the app holds the
//! database as a `Db`, which lends out `&Store` (reads) and nothing else.
//!
//! Reads stay direct (`&Store`): they change nothing, and a screen needs its rows before it can be
//! drawn. The clock is read before each key and tick (`App::clock`), never while drawing.

use std::ops::Deref;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::access::{Disclosure, View};
use crate::domain::drafts::EditorDraft;
use crate::domain::meeting::{AnyRecord, Block, Item, MeetingType, Section};
use crate::domain::minutes::{Amendment, Entry, NewEntry};
use crate::domain::student::Student;
use crate::store::{FallbackComposer, FallbackEditor, ImportReport, Store, StoreError};

use super::app::App;

/// The database as the app holds it: reads through `Deref`; writes only through `perform`.
pub struct Db(Store);

impl Db {
    pub fn new(store: Store) -> Db {
        Db(store)
    }
    pub fn into_inner(self) -> Store {
        self.0
    }
    /// For tests that arrange a database state (another user's change) before driving the UI.
    /// The UI itself never calls this (a test below reads src/ui to make sure).
    pub fn arrange(&mut self) -> &mut Store {
        &mut self.0
    }
}

impl Deref for Db {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.0
    }
}

/// One write (or file read) the app asks for.
#[allow(clippy::large_enum_variant)] // one or two at a time, moved once
#[derive(Debug, Clone)]
pub enum Io {
    /// A piece of app state: where a user left off, the welcome choice, the tour seen.
    SetState { key: String, value: String },
    SectionDone { meeting: i64, section: Section, done: bool },
    InsertItem { meeting: i64, block: Block, record: AnyRecord },
    /// Several items in one transaction (team members picked together).
    InsertItems { meeting: i64, block: Block, records: Vec<AnyRecord> },
    UpdateItem { meeting: i64, block: Block, item: Item, record: AnyRecord },
    DeleteItem { meeting: i64, block: Block, item: Item },
    Reorder { meeting: i64, block: Block, ids: Vec<i64> },
    Finalize { meeting: i64, date: NaiveDate },
    /// The open meeting's ERROR count, for the caseload and `iepmeet status`.
    NoteOpenErrors { student: i64, errors: i64 },
    Acknowledge { meeting: i64, rule: String, target: String, reason: String },
    InsertStudent(Box<Student>),
    UpdateStudent { id: i64, before: Box<Student>, after: Box<Student> },
    /// `n` fictional demo students (generated here, from `seed`).
    LoadDemo { n: usize, seed: u64, today: NaiveDate },
    /// Read, check and import a roster CSV: all rows or none.
    ImportRoster { path: PathBuf, today: NaiveDate },
    CreateMeeting { student: i64, kind: MeetingType, today: NaiveDate },
    AddEntry { meeting: i64, section: Section, entry: NewEntry },
    UpdateEntry { meeting: i64, old: Box<Entry>, new: Box<Entry> },
    ResolveParking { meeting: i64, item: Box<Entry>, section: Section },
    CarryToAction { meeting: i64, item: Box<Entry>, owner: String, due: Option<NaiveDate> },
    TimerEvent { meeting: i64, item: Option<usize> },
    AddAmendment { meeting: i64, amendment: Box<Amendment> },
    /// This user's draft of a section's minutes (and the entry it corrects).
    SaveComposer { meeting: i64, section: Section, text: String, corrects: Option<i64> },
    SaveDraft { meeting: i64, section: Section, text: String },
    ClearDraft { meeting: i64, section: Section },
    SaveEditorDraft { row: Option<i64>, meeting: Option<i64>, student: Option<i64>, draft: Box<EditorDraft> },
    ClearEditorDraft { row: i64 },
    /// Take back what this user's stopped iepmeet left (fallback files, drafts of dead sessions).
    TakeBackDrafts,
    /// What the database would not take, to a file beside it.
    WriteFallback { composer: Vec<FallbackComposer>, editors: Vec<FallbackEditor> },
    /// While the disk is full: try a small write to learn whether there is room again.
    ProbeWrite,
    Heartbeat { meeting: i64, section: Section },
    Leave,
    /// Write the meeting record to a new file (never over an existing one), released to `to`.
    Export { meeting: i64, format: &'static str, lang: &'static str, path: PathBuf, at: String, to: Option<Disclosure> },
    /// A row in the record of access: these students' records were opened.
    Access { students: Vec<i64>, meeting: Option<i64>, view: View },
}

/// What a performed `Io` answers with.
#[allow(clippy::large_enum_variant)] // one at a time
#[derive(Debug)]
pub enum Done {
    Unit,
    Id(i64),
    Count(usize),
    Item(Item),
    Items(Vec<Item>),
    Entry(Entry),
    Amendment(Amendment),
    Imported(ImportReport),
    Probed(bool),
    Written(PathBuf),
}

/// The type a step expects from its `Io` (each `Io` answers with one of them, see `perform`).
pub trait Answer: Sized {
    fn from_done(d: Done) -> Option<Self>;
}
macro_rules! answers {
    ($($t:ty => $p:pat => $v:expr;)*) => {$(
        impl Answer for $t {
            fn from_done(d: Done) -> Option<Self> {
                match d { $p => Some($v), _ => None }
            }
        }
    )*};
}
answers! {
    () => Done::Unit => ();
    i64 => Done::Id(v) => v;
    usize => Done::Count(v) => v;
    Item => Done::Item(v) => v;
    Vec<Item> => Done::Items(v) => v;
    Entry => Done::Entry(v) => v;
    Amendment => Done::Amendment(v) => v;
    ImportReport => Done::Imported(v) => v;
    bool => Done::Probed(v) => v;
    PathBuf => Done::Written(v) => v;
}

type Then = Box<dyn FnOnce(&mut App, Result<Done, StoreError>)>;

/// An `Io` and the step that goes on with its answer.
pub struct Effect {
    pub io: Io,
    then: Then,
}

impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.io.fmt(f)
    }
}

impl Effect {
    pub fn new<T: Answer + 'static>(io: Io, then: impl FnOnce(&mut App, Result<T, StoreError>) + 'static) -> Effect {
        let then: Then = Box::new(move |app, r| {
            let r = r.and_then(|d| T::from_done(d).ok_or_else(|| StoreError::Invalid("an internal step answered with the wrong kind of result".into())));
            then(app, r)
        });
        Effect { io, then }
    }
    /// Give the answer to the step that asked.
    pub fn answer(self, app: &mut App, r: Result<Done, StoreError>) {
        (self.then)(app, r)
    }
}

/// Do one `Io`. The only place the TUI writes.
pub fn perform(db: &mut Db, io: &Io) -> Result<Done, StoreError> {
    let s = &mut db.0;
    let unit = |r: Result<(), StoreError>| r.map(|()| Done::Unit);
    match io {
        Io::SetState { key, value } => unit(s.set_state(key, value)),
        Io::SectionDone { meeting, section, done } => unit(s.set_section_done(*meeting, *section, *done)),
        Io::InsertItem { meeting, block, record } => s.insert_item(*meeting, *block, record).map(Done::Item),
        Io::InsertItems { meeting, block, records } => s.insert_items(*meeting, *block, records).map(Done::Items),
        Io::UpdateItem { meeting, block, item, record } => s.update_item(*meeting, *block, item, record).map(Done::Item),
        Io::DeleteItem { meeting, block, item } => unit(s.delete_item(*meeting, *block, item)),
        Io::Reorder { meeting, block, ids } => unit(s.reorder_items(*meeting, *block, ids)),
        Io::Finalize { meeting, date } => unit(s.finalize_meeting(*meeting, *date)),
        Io::NoteOpenErrors { student, errors } => unit(s.note_open_errors(*student, *errors)),
        Io::Acknowledge { meeting, rule, target, reason } => unit(s.acknowledge(*meeting, rule, target, reason)),
        Io::InsertStudent(st) => s.insert_student(st).map(Done::Id),
        Io::UpdateStudent { id, before, after } => unit(s.update_student(*id, before, after)),
        Io::LoadDemo { n, seed, today } => {
            let cases = crate::domain::demo::caseload(*n, *seed, *today);
            s.load_demo(&cases, *today, |_| ()).map(Done::Count)
        }
        Io::ImportRoster { path, today } => import_roster(s, path, *today).map(Done::Imported),
        Io::CreateMeeting { student, kind, today } => s.create_meeting(*student, *kind, &[], *today).map(Done::Id),
        Io::AddEntry { meeting, section, entry } => s.add_entry(*meeting, *section, entry).map(Done::Entry),
        Io::UpdateEntry { meeting, old, new } => s.update_entry(*meeting, old, new).map(Done::Entry),
        Io::ResolveParking { meeting, item, section } => s.resolve_parking(*meeting, item, *section).map(Done::Entry),
        Io::CarryToAction { meeting, item, owner, due } => s.carry_to_action(*meeting, item, owner, *due).map(|(_, action)| Done::Entry(action)),
        Io::TimerEvent { meeting, item } => unit(s.timer_event(*meeting, *item)),
        Io::AddAmendment { meeting, amendment } => s.add_amendment(*meeting, amendment).map(Done::Amendment),
        Io::SaveComposer { meeting, section, text, corrects } => unit(s.save_composer(*meeting, *section, text, *corrects)),
        Io::SaveDraft { meeting, section, text } => unit(s.save_draft(*meeting, *section, text)),
        Io::ClearDraft { meeting, section } => unit(s.clear_draft(*meeting, *section)),
        Io::SaveEditorDraft { row, meeting, student, draft } => s.save_editor_draft(*row, *meeting, *student, draft).map(Done::Id),
        Io::ClearEditorDraft { row } => unit(s.clear_editor_draft(*row)),
        Io::TakeBackDrafts => s.take_fallbacks().and_then(|n| Ok(n + s.adopt_drafts()?)).map(Done::Count),
        Io::WriteFallback { composer, editors } => {
            s.write_fallback(composer.clone(), editors.clone()).map(Done::Written).map_err(|e| StoreError::Invalid(e.to_string()))
        }
        Io::ProbeWrite => Ok(Done::Probed(s.probe_write())),
        Io::Heartbeat { meeting, section } => unit(s.heartbeat(*meeting, *section)),
        Io::Leave => unit(s.leave()),
        Io::Export { meeting, format, lang, path, at, to } => export(s, *meeting, format, lang, path, at, to.as_ref()).map(|()| Done::Written(path.clone())),
        // A database this user may only read cannot keep the record of access; the TUI says it is
        // read-only in its banner, and the README that reads are then not recorded.
        Io::Access { students, meeting, view } => match s.log_access(students, *meeting, view, None) {
            Err(StoreError::ReadOnly(_)) => Ok(Done::Unit),
            r => unit(r),
        },
    }
}

/// A roster CSV (docs/roster-format.md), all rows or none. Errors are sentences for the path editor.
fn import_roster(s: &mut Store, path: &std::path::Path, today: NaiveDate) -> Result<ImportReport, StoreError> {
    let shown = crate::domain::text::display(&path.display().to_string());
    let invalid = StoreError::Invalid;
    let bytes = crate::input::read_bounded(path, 1 << 30, "roster").map_err(|e| invalid(e.to_string()))?;
    let text = crate::input::utf8(bytes, crate::domain::roster::UTF8_HINT).map_err(|e| invalid(format!("{shown}: {e}")))?;
    let rows = crate::domain::roster::parse(&text, today, |_| ()).map_err(|errors| {
        let first: Vec<String> = errors.iter().take(3).map(|e| e.to_string()).collect();
        let more = if errors.len() > 3 { format!(" … and {} more", errors.len() - 3) } else { String::new() };
        invalid(format!("nothing was imported: {}{more}", first.join("; ")))
    })?;
    s.import_students(&rows, false, |_| ())
}

/// The meeting record to a new, owner-only file; its folder is made (owner-only) if missing. The
/// record of access gets its row (with the release's recipient and purpose) before the file is
/// written: a failed write leaves the attempt logged, never a copy unlogged.
fn export(s: &mut Store, meeting: i64, format: &str, lang: &str, path: &std::path::Path, at: &str, to: Option<&Disclosure>) -> Result<(), StoreError> {
    let shown = crate::domain::text::display(&path.display().to_string());
    let invalid = StoreError::Invalid;
    if path.exists() || path.symlink_metadata().is_ok() {
        return Err(invalid(format!("{shown} exists; choose another name (exports never overwrite)")));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        let mut b = std::fs::DirBuilder::new();
        b.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        b.create(dir).map_err(|e| invalid(format!("{}: {e}", crate::domain::text::display(&dir.display().to_string()))))?;
    }
    let bytes = crate::export::meeting_record(s, meeting, format, lang, at).map_err(|e| invalid(e.to_string()))?;
    match s.log_export(meeting, format, Some(path), to) {
        Ok(()) | Err(StoreError::ReadOnly(_)) => {}
        Err(e) => return Err(invalid(format!("the record of access could not be written ({e}); nothing was exported"))),
    }
    crate::export::write_private(path, &bytes).map_err(|e| invalid(format!("{shown}: {e}")))
}

impl App {
    /// Ask for an `Io`; `then` goes on with its answer (after the current step returns).
    pub(crate) fn emit<T: Answer + 'static>(&mut self, io: Io, then: impl FnOnce(&mut App, Result<T, StoreError>) + 'static) {
        self.fx.push(Effect::new(io, then));
    }

    /// Ask for an `Io` whose only answer of interest is a failure (said on the status line).
    pub(crate) fn emit_reported(&mut self, io: Io) {
        self.emit(io, |app, r: Result<(), StoreError>| {
            app.report(r);
        });
    }

    /// Ask for an `Io` whose answer changes nothing here (presence, the welcome choice, a draft
    /// the record has replaced): a failure is not the user's to handle.
    pub(crate) fn emit_ignored(&mut self, io: Io) {
        self.fx.push(Effect { io, then: Box::new(|_, _| ()) });
    }

    /// The effects asked for so far (what `update` returns).
    pub(crate) fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.fx)
    }

    /// Perform effects and give each its answer; what an answer asks for next is performed before
    /// the rest, in order. Called by the input loop's entry points (keys, paste, ticks), never by
    /// a screen.
    pub fn run(&mut self, fx: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = fx.into();
        queue.extend(self.take_effects());
        while let Some(e) = queue.pop_front() {
            let r = perform(&mut self.store, &e.io);
            e.answer(self, r);
            for (i, next) in self.take_effects().into_iter().enumerate() {
                queue.insert(i, next);
            }
        }
    }

    /// Perform whatever was asked for so far.
    pub fn run_pending(&mut self) {
        let fx = self.take_effects();
        self.run(fx);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nothing_in_the_ui_but_this_file_writes() {
        // `Db` lends only `&Store`; the one door to `&mut Store` is for tests.
        let mut files = vec![std::path::PathBuf::from("src/ui")];
        while let Some(p) = files.pop() {
            if p.is_dir() {
                files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            } else if p.extension().is_some_and(|e| e == "rs") && !p.ends_with("effects.rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                assert!(!text.contains(".arrange()"), "{} writes to the store outside effects.rs", p.display());
                assert!(!text.contains("perform("), "{} performs an effect itself; emit it instead", p.display());
            }
        }
    }
}
