//! Caseload dashboard state: every student's caseload line ordered by urgency (overdue first), quick
//! views (overdue, due soon, transition age, open meetings, open ERRORs), filters by case manager,
//! school and kind of deadline, and fuzzy search by name or ID (nucleo) over the whole caseload.

use chrono::NaiveDate;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use crate::domain::dates::{age_on, birthday};
use crate::store::CaseRow;
use crate::timeline::DueKind;
#[allow(unused_imports)]
use crate::ui::prelude::*;

/// Caseloads up to this size load at once; larger ones show their most urgent lines first.
const CASELOAD_HEAD: usize = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseView {
    All,
    Overdue,
    DueSoon,
    Transition,
    OpenMeetings,
    OpenErrors,
}

impl CaseView {
    pub const ALL: [CaseView; 6] =
        [CaseView::All, CaseView::Overdue, CaseView::DueSoon, CaseView::Transition, CaseView::OpenMeetings, CaseView::OpenErrors];
    pub fn label(self, within: i64) -> String {
        match self {
            CaseView::All => "all students".into(),
            CaseView::Overdue => "overdue".into(),
            CaseView::DueSoon => format!("due within {within} days"),
            CaseView::Transition => "transition age (16 within a year, to 22)".into(),
            CaseView::OpenMeetings => "open meetings".into(),
            CaseView::OpenErrors => "open meetings with ERRORs".into(),
        }
    }
}

/// The choices of the "due within" view.
pub const WITHIN: [i64; 5] = [7, 14, 30, 60, 90];

pub struct CaseloadState {
    pub rows: Vec<CaseRow>,
    /// Search text per row: "Last, First ID SSID".
    hay: Vec<Utf32String>,
    pub shown: Vec<usize>,
    pub sel: usize,
    pub filter: String,
    pub searching: bool,
    pub view: CaseView,
    pub within: i64,
    pub manager: Option<String>,
    pub school: Option<String>,
    pub kind: Option<DueKind>,
    pub today: NaiveDate,
    /// Students in the caseload; more than `rows.len()` while the rest is still loading.
    pub total: usize,
    matcher: Matcher,
}

impl CaseloadState {
    pub fn new(rows: Vec<CaseRow>, today: NaiveDate) -> CaseloadState {
        let total = rows.len();
        let hay = Self::hay(&rows);
        let mut c = CaseloadState {
            total,
            rows,
            hay,
            shown: vec![],
            sel: 0,
            filter: String::new(),
            searching: false,
            view: CaseView::All,
            within: 30,
            manager: None,
            school: None,
            kind: None,
            today,
            matcher: Matcher::new(Config::DEFAULT),
        };
        c.refilter();
        c
    }

    fn hay(rows: &[CaseRow]) -> Vec<Utf32String> {
        rows.iter()
            .map(|r| Utf32String::from(format!("{}, {} {} {}", r.last_name, r.first_name, r.local_id, r.ssid)))
            .collect()
    }

    /// Still loading the rest of a large caseload in the background.
    pub fn loading(&self) -> bool {
        self.rows.len() < self.total
    }

    /// The whole caseload has arrived: swap it in, keeping the search, filters and selected student.
    pub fn replace_rows(&mut self, rows: Vec<CaseRow>) {
        let keep = self.selected().map(|r| r.id);
        let hay = std::mem::replace(&mut self.hay, Self::hay(&rows));
        self.total = rows.len();
        let old = std::mem::replace(&mut self.rows, rows);
        let n = old.len();
        drop_elsewhere((old, hay), n);
        self.refilter();
        if let Some(id) = keep {
            self.select_id(id);
        }
    }

    fn keep(&self, r: &CaseRow) -> bool {
        let t = self.today;
        let view = match self.view {
            CaseView::All => true,
            CaseView::Overdue => r.next_deadline.is_some_and(|d| d < t),
            CaseView::DueSoon => r.next_deadline.is_some_and(|d| (d - t).num_days() <= self.within),
            CaseView::Transition => r.dob.is_some_and(|dob| {
                birthday(dob, 16) <= t + chrono::Duration::days(366) && age_on(dob, t) < 22
            }),
            CaseView::OpenMeetings => r.open_meeting.is_some(),
            CaseView::OpenErrors => r.open_meeting.is_some() && r.open_errors > 0,
        };
        view && self.manager.as_ref().is_none_or(|m| &r.case_manager == m)
            && self.school.as_ref().is_none_or(|s| &r.school == s)
            && self.kind.is_none_or(|k| r.next_kind == Some(k))
    }

    /// Recompute the shown rows: filters, then (with a search) best fuzzy matches first.
    pub fn refilter(&mut self) {
        let mut shown: Vec<usize> = (0..self.rows.len()).filter(|i| self.keep(&self.rows[*i])).collect();
        if !self.filter.trim().is_empty() {
            let pattern = Pattern::parse(&self.filter, CaseMatching::Ignore, Normalization::Smart);
            let mut scored: Vec<(u32, usize)> = shown
                .iter()
                .filter_map(|i| pattern.score(self.hay[*i].slice(..), &mut self.matcher).map(|s| (s, *i)))
                .collect();
            // Best score first; equal scores keep the urgency order.
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            shown = scored.into_iter().map(|(_, i)| i).collect();
        }
        self.shown = shown;
        self.sel = self.sel.min(self.shown.len().saturating_sub(1));
    }

    pub fn selected(&self) -> Option<&CaseRow> {
        self.shown.get(self.sel).map(|i| &self.rows[*i])
    }

    pub fn select_id(&mut self, id: i64) {
        if let Some(pos) = self.shown.iter().position(|i| self.rows[*i].id == id) {
            self.sel = pos;
        }
    }

    pub fn next_view(&mut self) {
        let i = CaseView::ALL.iter().position(|v| *v == self.view).unwrap_or(0);
        self.view = CaseView::ALL[(i + 1) % CaseView::ALL.len()];
        self.refilter();
    }

    pub fn next_within(&mut self) {
        let i = WITHIN.iter().position(|w| *w == self.within).unwrap_or(0);
        self.within = WITHIN[(i + 1) % WITHIN.len()];
        self.view = CaseView::DueSoon;
        self.refilter();
    }

    /// The distinct non-empty values of a column, sorted.
    fn values(&self, column: impl Fn(&CaseRow) -> &String) -> Vec<String> {
        let mut v: Vec<String> = self.rows.iter().map(|r| column(r).clone()).filter(|x| !x.is_empty()).collect();
        v.sort();
        v.dedup();
        v
    }

    pub fn next_manager(&mut self) {
        self.manager = next_filter(self.manager.as_ref(), &self.values(|r| &r.case_manager));
        self.refilter();
    }

    pub fn next_school(&mut self) {
        self.school = next_filter(self.school.as_ref(), &self.values(|r| &r.school));
        self.refilter();
    }

    pub fn next_kind(&mut self) {
        let kinds: Vec<DueKind> = DueKind::ALL.into_iter().filter(|k| k.is_deadline()).collect();
        self.kind = next_filter(self.kind.as_ref(), &kinds);
        self.refilter();
    }

    /// Back to everything (the search text stays).
    pub fn clear_filters(&mut self) {
        self.view = CaseView::All;
        self.manager = None;
        self.school = None;
        self.kind = None;
        self.refilter();
    }

    pub fn filtered(&self) -> bool {
        self.view != CaseView::All || self.manager.is_some() || self.school.is_some() || self.kind.is_some()
    }
}

/// A filter cycles: everyone (None), each value in turn, then everyone again.
fn next_filter<T: PartialEq + Clone>(current: Option<&T>, values: &[T]) -> Option<T> {
    match current {
        None => values.first().cloned(),
        Some(c) => values.iter().position(|x| x == c).and_then(|i| values.get(i + 1).cloned()),
    }
}

impl crate::ui::app::App {
    /// The search box of the caseload: what is typed filters the list.
    pub(crate) fn caseload_input(&mut self, key: crossterm::event::KeyEvent) {
        use crossterm::event::{KeyCode, KeyModifiers};
        let Screen::Caseload(c) = &mut self.screen else { return };
        if !c.searching {
            return;
        }
        match key.code {
            KeyCode::Backspace => {
                c.filter.pop();
                c.refilter();
            }
            KeyCode::Char(ch) if !key.modifiers.contains(KeyModifiers::CONTROL) && !ch.is_control() && c.filter.chars().count() < 80 => {
                c.filter.push(ch);
                c.sel = 0;
                c.refilter();
            }
            _ => {}
        }
    }

    pub(crate) fn caseload_update(&mut self, action: Action) {
        let Screen::Caseload(c) = &mut self.screen else { return };
        if c.searching {
            match action {
                Action::Back => {
                    c.searching = false;
                    c.filter.clear();
                    c.refilter();
                }
                Action::Open => c.searching = false,
                Action::Down => c.sel = (c.sel + 1).min(c.shown.len().saturating_sub(1)),
                Action::Up => c.sel = c.sel.saturating_sub(1),
                _ => {}
            }
            return;
        }
        let page = 10;
        match action {
            Action::Down => c.sel = (c.sel + 1).min(c.shown.len().saturating_sub(1)),
            Action::Up => c.sel = c.sel.saturating_sub(1),
            Action::PageDown => c.sel = (c.sel + page).min(c.shown.len().saturating_sub(1)),
            Action::PageUp => c.sel = c.sel.saturating_sub(page),
            Action::First => c.sel = 0,
            Action::Last => c.sel = c.shown.len().saturating_sub(1),
            Action::Search => c.searching = true,
            Action::View => c.next_view(),
            Action::DueWithin => c.next_within(),
            Action::CaseManager => c.next_manager(),
            Action::School => c.next_school(),
            Action::Kind => c.next_kind(),
            Action::Clear => c.clear_filters(),
            Action::Back if !c.filter.is_empty() => {
                c.filter.clear();
                c.refilter();
            }
            Action::Back if c.filtered() => c.clear_filters(),
            Action::Quit | Action::Back => {
                let key = per_user(RESUME, self.store.actor());
                self.emit_ignored(Io::SetState { key, value: "caseload".into() });
                self.quit = true;
            }
            Action::Open => {
                if let Some(row) = c.selected() {
                    let id = row.id;
                    let r = self.open_student(id);
                    self.report(r);
                }
            }
            Action::Add => {
                self.emit(Io::InsertStudent(Box::default()), |app, r: Result<i64, StoreError>| {
                    let Some(id) = app.report(r) else { return };
                    let r = app.open_student(id);
                    if app.report(r).is_some() {
                        app.open_editor(Target::Student { key: "last_name" });
                        app.info("New student: fill in the fields; every saved field is stored at once.");
                    }
                });
            }
            _ => {}
        }
    }
}

/// Free `value`, which holds `rows` caseload rows, on another thread when it is large: freeing
/// 100,000 rows takes the thread that does it ~15 ms, which on the UI thread is a key that lags.
pub(crate) fn drop_elsewhere<T: Send + 'static>(value: T, rows: usize) {
    if rows > CASELOAD_HEAD {
        // If no thread can be started, the value comes back and is freed here.
        let _ = std::thread::Builder::new().name("free".into()).spawn(move || drop(value));
    }
}

/// The whole caseload, read on a second connection (`App::tick` swaps it in when it arrives).
fn load_in_background(path: std::path::PathBuf) -> std::sync::mpsc::Receiver<Result<Vec<crate::store::CaseRow>, String>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rows = Store::open(&path).and_then(|s| s.caseload()).map_err(|e| e.to_string());
        let _ = tx.send(rows);
    });
    rx
}

impl App {
    /// No whole caseload is loading in the background.
    pub(crate) fn caseload_rx_idle(&self) -> bool {
        self.caseload_rx.is_none()
    }

    /// Someone changed case status: re-read the caseload rows, keeping the view, filters, search and
    /// selection (a large caseload is re-read in the background, like at first).
    pub(crate) fn reload_caseload_rows(&mut self) {
        let path = self.store.path().to_path_buf();
        let Screen::Caseload(c) = &mut self.screen else { return };
        if c.total <= CASELOAD_HEAD || path.as_os_str() == ":memory:" {
            if let Ok(rows) = self.store.caseload() {
                c.replace_rows(rows);
            }
        } else {
            self.caseload_rx = Some(load_in_background(path));
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
            self.caseload_rx = Some(load_in_background(path));
            let mut c = CaseloadState::new(head, self.today);
            c.total = total;
            c
        };
        if let Some(id) = prev {
            c.select_id(id);
        }
        self.show(Screen::Caseload(c));
        Ok(())
    }

    /// Wait for a caseload loading in the background (benchmarks, tests).
    pub fn wait_caseload(&mut self) {
        if let Some(rx) = self.caseload_rx.take() {
            if let (Ok(Ok(rows)), Screen::Caseload(c)) = (rx.recv(), &mut self.screen) {
                c.replace_rows(rows);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reports the thread it is dropped on.
    struct Probe(std::sync::mpsc::Sender<std::thread::ThreadId>);
    impl Drop for Probe {
        fn drop(&mut self) {
            let _ = self.0.send(std::thread::current().id());
        }
    }

    #[test]
    fn a_large_caseload_is_freed_off_the_ui_thread_and_a_small_one_here() {
        let here = std::thread::current().id();
        let (tx, rx) = std::sync::mpsc::channel();
        drop_elsewhere(Probe(tx.clone()), CASELOAD_HEAD + 1);
        assert_ne!(rx.recv().unwrap(), here, "100,000 rows freed on the thread that handles keys");
        drop_elsewhere(Probe(tx), CASELOAD_HEAD);
        assert_eq!(rx.recv().unwrap(), here);
    }

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn row(id: i64, last: &str, first: &str, next: Option<NaiveDate>, cm: &str) -> CaseRow {
        CaseRow {
            id,
            last_name: last.into(),
            first_name: first.into(),
            local_id: format!("T-{id:03}"),
            ssid: String::new(),
            dob: Some(d(2011, 1, 1)),
            grade: "9".into(),
            school: "North".into(),
            case_manager: cm.into(),
            disability: String::new(),
            next_deadline: next,
            next_kind: next.map(|_| DueKind::Annual),
            open_meeting: (id == 2).then_some(9),
            open_errors: if id == 2 { 3 } else { 0 },
        }
    }

    #[test]
    fn views_filters_and_fuzzy_search() {
        let t = d(2026, 11, 22);
        let rows = vec![
            row(1, "Quillfeather", "Juniper", Some(d(2026, 11, 1)), "A"),
            row(2, "Marblewood", "Tavi", Some(d(2026, 12, 1)), "B"),
            row(3, "Fernsby", "Wren", Some(d(2027, 6, 1)), "A"),
        ];
        let mut c = CaseloadState::new(rows, t);
        assert_eq!(c.shown, [0, 1, 2]);
        c.next_view();
        assert_eq!((c.view, c.shown.clone()), (CaseView::Overdue, vec![0]));
        c.next_view();
        assert_eq!((c.view, c.shown.clone()), (CaseView::DueSoon, vec![0, 1]));
        c.next_view();
        assert_eq!(c.shown.len(), 3, "all born 2011: 16 within a year");
        c.next_view();
        assert_eq!(c.shown, [1], "open meetings");
        c.next_view();
        assert_eq!(c.shown, [1], "open ERRORs");
        c.clear_filters();
        c.next_manager();
        assert_eq!((c.manager.as_deref(), c.shown.clone()), (Some("A"), vec![0, 2]));
        c.next_manager();
        c.next_manager();
        assert_eq!(c.manager, None, "cycles back to everyone");
        c.filter = "qulfth".into();
        c.refilter();
        assert_eq!(c.shown, [0], "fuzzy: letters in order");
        c.filter = "T-003".into();
        c.refilter();
        assert_eq!(c.shown.first(), Some(&2), "by ID");
        c.filter = "zzz".into();
        c.refilter();
        assert!(c.shown.is_empty() && c.selected().is_none());
    }
}
