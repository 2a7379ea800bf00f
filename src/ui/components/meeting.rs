//! The meeting: its state (the open meeting, section, pane, composer, findings), the rows of a
//! section's forms (items by row id), and what the agenda and forms panes do.

#[allow(unused_imports)]
use crate::ui::prelude::*;
use crate::ui::theme::Theme;
use ratatui::widgets::{Block as UiBlock, Borders};

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

/// Which fields the forms show beyond those that apply (`Meeting::field_shown`): every field when
/// someone asked for all of them (`*`), and always a field an open finding points at (so a finding
/// never leads to a field that is not there).
#[derive(Clone, Copy, Default)]
pub struct Shown<'a> {
    pub all: bool,
    pub findings: &'a [Finding],
}

impl Shown<'_> {
    fn wanted(&self, block: Block, item: Option<i64>, key: &str) -> bool {
        self.all || self.findings.iter().any(|f| f.target.block == Some(block) && f.target.item_id == item && f.target.field == Some(key))
    }

    /// The fields a form of `block` shows for its record `rec` (none yet for a form not filled
    /// in). `item`: a list item's row id, as findings name it (None for a singleton form, whose
    /// findings name no item).
    pub fn fields(&self, m: &Meeting, student: &Student, block: Block, item: Option<i64>, rec: Option<&AnyRecord>) -> Vec<&'static FieldSpec> {
        block.new_record().as_record().specs().iter().filter(|s| m.field_shown(block, s.key, rec, student) || self.wanted(block, item, s.key)).collect()
    }
}

/// "3 fields that do not apply are hidden", under a form that hides some.
/// With every field shown (`all`), `hidden` counts those that would be hidden otherwise.
fn hidden_note(hidden: usize, all: bool) -> Option<Row> {
    match (hidden, all) {
        (0, _) => None,
        (_, true) => Some(Row::Note("Every field is shown (* shows only those that apply).".into())),
        (1, false) => Some(Row::Note("1 field that does not apply is hidden (* shows every field).".into())),
        (n, false) => Some(Row::Note(format!("{n} fields that do not apply are hidden (* shows every field)."))),
    }
}

/// The rows of a section: singleton forms show their fields, lists their items and an "add" row.
pub fn rows(m: &Meeting, student: &Student, section: Section, shown: Shown) -> Vec<Row> {
    let mut out = Vec::new();
    for &b in section.blocks(m.mtype) {
        if b.is_list() && !m.list_shown(b) {
            continue;
        }
        let first = m.block(b).first().map(|i| &i.record);
        let fields = if b.is_list() { Vec::new() } else { shown.fields(m, student, b, None, first) };
        // A form none of whose fields applies to this student (IEP 6C for a student who is not an
        // English learner) is not shown at all.
        if !b.is_list() && fields.is_empty() {
            continue;
        }
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
            out.extend(fields.iter().map(|s| Row::Field(b, s.key)));
            let specs = b.new_record().as_record().specs();
            let applies = specs.iter().filter(|s| m.field_shown(b, s.key, first, student)).count();
            out.extend(hidden_note(specs.len() - if shown.all { applies } else { fields.len() }, shown.all));
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
    /// The student reaches the transition-plan age during this IEP (set with every check): the
    /// agenda's transition item is shown.
    pub transition_due: bool,
    /// Lines the minutes list is scrolled back from its newest entry (PgUp/PgDn).
    pub minutes_scroll: usize,
    /// What the compliance engine reports now (recomputed after every change).
    pub findings: Vec<Finding>,
    pub acks: Vec<Acknowledgement>,
    pub finding_sel: usize,
    /// `*`: the forms show every field, not only those that apply.
    pub all_fields: bool,
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

    /// Which fields the forms show now.
    pub fn shown(&self) -> Shown<'_> {
        Shown { all: self.all_fields, findings: &self.findings }
    }
    pub fn rows(&self) -> Vec<Row> {
        rows(&self.meeting, &self.student, self.section, self.shown())
    }
    /// The fields the form of list item `id` shows, in order.
    pub fn form_fields(&self, block: Block, id: i64) -> Vec<&'static FieldSpec> {
        let rec = self.meeting.find_item(block, id).map(|(_, i)| &i.record);
        self.shown().fields(&self.meeting, &self.student, block, Some(id), rec)
    }
    /// The form of item `id` with its cursor on field `key`: the fields it shows, and where the
    /// cursor is among them (the first when `key` is not shown).
    pub fn form_view(&self, block: Block, id: i64, key: &str) -> (Vec<&'static FieldSpec>, usize) {
        let fields = self.form_fields(block, id);
        let sel = fields.iter().position(|s| s.key == key).unwrap_or(0);
        (fields, sel)
    }
    pub fn current_row(&self) -> Option<Row> {
        self.rows().get(self.row).cloned()
    }
    pub(crate) fn first_selectable(&mut self) {
        let rows = self.rows();
        self.row = rows.iter().position(|r| r.selectable()).unwrap_or(0);
    }
    /// Put a freshly read meeting in place; the selection follows its row (an item by id) wherever
    /// it moved, or stays near where it was when the row is gone.
    pub(crate) fn replace_meeting(&mut self, fresh: Meeting) {
        let current = self.current_row();
        self.meeting = fresh;
        match current.and_then(|r| self.rows().iter().position(|x| *x == r)) {
            Some(pos) => self.row = pos,
            None => self.clamp_row(),
        }
    }

    pub(crate) fn clamp_row(&mut self) {
        let rows = self.rows();
        if self.row >= rows.len() || !rows[self.row].selectable() {
            let before = rows.iter().take(self.row.min(rows.len())).rposition(|r| r.selectable());
            match before {
                Some(i) => self.row = i,
                None => self.first_selectable(),
            }
        }
    }
    pub(crate) fn move_row(&mut self, down: bool) {
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

impl MeetingState {
    /// This meeting's agenda (the template's items that apply to it).
    pub fn agenda(&self) -> Agenda {
        Agenda::for_meeting(self.meeting.mtype, self.transition_due, &self.timer)
    }
    /// The agenda timer at `now` (the app's clock: rendering never reads the time itself).
    pub fn timer_state(&self, now: chrono::DateTime<Utc>) -> TimerState {
        TimerState::compute(&self.agenda(), &self.timer, now)
    }
    pub fn open_parking(&self) -> usize {
        self.meeting.entries.iter().filter(|e| e.is_open_parking()).count()
    }
    /// Parking-lot items, open ones first, each in the order raised.
    pub fn parking(&self) -> Vec<&Entry> {
        let mut v: Vec<&Entry> = self.meeting.entries.iter().filter(|e| e.kind == EntryKind::Parking).collect();
        v.sort_by_key(|e| e.resolution.is_some());
        v
    }
}

/// Minutes pane decoration depends on focus; set here so rendering stays read-only.
pub fn style_minutes(theme: &Theme, st: &mut MeetingState) {
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

/// A pane's name in the saved place (`resume:<user>`).
pub fn pane_code(p: Pane) -> &'static str {
    match p {
        Pane::Agenda => "agenda",
        Pane::Main => "main",
        Pane::Minutes => "minutes",
        Pane::Findings => "findings",
    }
}

impl App {
    /// The agenda pane: moving through the sections.
    pub(crate) fn agenda_update(&mut self, action: Action) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        let i = m.section.index();
        match action {
            Action::Down => self.set_section(Section::ALL[(i + 1).min(6)]),
            Action::Up => self.set_section(Section::ALL[i.saturating_sub(1)]),
            Action::Work => self.set_pane(Pane::Main),
            _ => {}
        }
    }

    /// The forms pane: the section's fields and list items.
    pub(crate) fn forms_update(&mut self, action: Action) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        match action {
            Action::Down => m.move_row(true),
            Action::Up => m.move_row(false),
            Action::Agenda => self.set_pane(Pane::Agenda),
            Action::Edit => self.activate_row(),
            Action::Add => {
                let block = m
                    .current_row()
                    .and_then(|r| r.block())
                    .filter(|b| b.is_list())
                    .or_else(|| m.section.blocks(m.meeting.mtype).iter().copied().find(|b| b.is_list()));
                if let Some(b) = block {
                    self.add_item(b);
                }
            }
            Action::Delete => {
                if let Some(Row::Item(block, id)) = m.current_row() {
                    if self.guard_open() {
                        self.modals.push(Modal::Confirm {
                            prompt: format!("Delete this {}? This cannot be undone.", block.noun()),
                            action: ConfirmAction::DeleteItem { block, id },
                            typed: None,
                        });
                    }
                }
            }
            Action::NextToFill => self.next_to_fill(),
            Action::AllFields => self.toggle_all_fields(),
            Action::AnswerYes | Action::AnswerNo => {
                if let Some(Row::Field(block, key)) = m.current_row() {
                    self.answer_yes_no(Target::Single { block, key }, action == Action::AnswerYes);
                } else {
                    self.info("y and n answer yes/no fields; Space goes to the next field to fill.");
                }
            }
            Action::GoalBank => {
                if m.section == Section::Goals {
                    self.open_goal_bank();
                } else {
                    self.info("The goal bank is in the Goals section (4).");
                }
            }
            Action::MoveDown | Action::MoveUp => {
                if let Some(Row::Item(block, id)) = m.current_row() {
                    self.move_item(block, id, action == Action::MoveDown);
                }
            }
            _ => {}
        }
    }

    /// What works from every pane of the meeting but the minutes (sections, timer, summary...).
    pub(crate) fn meeting_update(&mut self, action: Action, key: KeyEvent) {
        let Screen::Meeting(m) = &mut self.screen else { return };
        let pane = m.pane;
        match (pane, action) {
            // Every pane of the meeting.
            (_, Action::NextPane) => {
                let mut order = vec![Pane::Agenda, Pane::Main, Pane::Minutes];
                if self.show_findings {
                    order.push(Pane::Findings);
                }
                let n = order.len();
                let i = order.iter().position(|p| *p == pane).unwrap_or(1);
                let next = if key.code == KeyCode::BackTab { (i + n - 1) % n } else { (i + 1) % n };
                self.set_pane(order[next]);
            }
            (_, Action::Findings) => {
                self.show_findings = true;
                self.set_pane(Pane::Findings);
            }
            (_, Action::Back) => {
                let sid = m.meeting.student_id;
                self.after_minutes_saved(move |app| {
                    app.leave_meeting();
                    let r = app.open_student(sid);
                    app.report(r);
                });
            }
            (_, Action::Section) => {
                if let KeyCode::Char(c @ '1'..='7') = key.code {
                    self.set_section(Section::ALL[(c as u8 - b'1') as usize]);
                }
            }
            (_, Action::NextSection) => {
                let i = (m.section.index() + 1).min(6);
                self.set_section(Section::ALL[i]);
            }
            (_, Action::PreviousSection) => {
                let i = m.section.index().saturating_sub(1);
                self.set_section(Section::ALL[i]);
            }
            (_, Action::Done) => self.toggle_done(),
            (_, Action::Minutes) => self.set_pane(Pane::Minutes),
            (_, Action::Finalize) => self.ask_finalize(),
            (_, Action::Parking) => self.modals.push(Modal::Parking { sel: 0 }),
            (_, Action::Timer) => {
                let sel = m.timer_state(self.clock).current.or_else(|| m.agenda().item_for(m.section)).unwrap_or(0);
                self.modals.push(Modal::Agenda { sel });
            }
            (_, Action::NextItem) => self.next_agenda_item(),
            (_, Action::Summary) => {
                self.save_minutes();
                self.modals.push(Modal::Summary { scroll: 0 });
            }
            (_, Action::Search) => self.open_search(),
            (_, Action::Export) => {
                self.save_minutes();
                let options: Vec<String> = crate::ui::popups::export::EXPORT_CHOICES.iter().map(|s| s.to_string()).collect();
                self.push_pick(Target::ExportFormat, crate::ui::popups::export::EXPORT_LABEL, options, false);
            }
            _ => {}
        }
    }

    pub(crate) fn set_pane(&mut self, pane: Pane) {
        // The minutes pane is where entries are typed.
        if pane == Pane::Minutes && !self.guard_writable() {
            return;
        }
        if pane != Pane::Minutes {
            self.save_minutes();
        }
        let Screen::Meeting(m) = &mut self.screen else { return };
        let moved = m.pane != pane;
        m.pane = pane;
        style_minutes(&self.theme, m);
        if moved {
            self.remember_meeting();
        }
    }

    /// Where this user is in the open meeting (section and pane), to come back to.
    pub(crate) fn remember_meeting(&mut self) {
        let Screen::Meeting(m) = &self.screen else { return };
        let place = format!("meeting:{}:{}:{}", m.meeting.id, m.section.code(), pane_code(m.pane));
        self.remember(&place);
    }

    pub(crate) fn set_section(&mut self, section: Section) {
        self.set_section_then(section, |_| {});
    }

    /// Open `section` (once the minutes typed here are saved), then do `then`.
    fn set_section_then(&mut self, section: Section, then: impl FnOnce(&mut App) + 'static) {
        if matches!(&self.screen, Screen::Meeting(m) if m.section == section) {
            return then(self);
        }
        self.after_minutes_saved(move |app| {
            let Screen::Meeting(m) = &mut app.screen else { return };
            m.section = section;
            m.first_selectable();
            app.load_composer();
            app.remember_meeting();
            then(app);
        });
    }

    pub(crate) fn toggle_done(&mut self) {
        if !self.guard_open() {
            return;
        }
        let Screen::Meeting(m) = &mut self.screen else { return };
        let sec = m.section;
        let now = !m.meeting.done[sec.index()];
        let id = m.meeting.id;
        self.emit(Io::SectionDone { meeting: id, section: sec, done: now }, move |app, r: Result<(), StoreError>| {
            if app.report(r).is_none() {
                return;
            }
            let Screen::Meeting(m) = &mut app.screen else { return };
            m.meeting.done[sec.index()] = now;
            // Marked done, the meeting goes on to the next section not done yet, at its first
            // field to fill; marked open again, it stays.
            let n = Section::ALL.len();
            let next = (1..n).map(|d| Section::ALL[(sec.index() + d) % n]).find(|s| !m.meeting.done[s.index()]);
            match (now, next) {
                (false, _) => app.ok(format!("{} marked open.", sec.label())),
                (true, None) => app.ok(format!("{} marked done. Every section is done: F finalizes the meeting.", sec.label())),
                (true, Some(next)) => app.set_section_then(next, move |app| {
                    let Screen::Meeting(m) = &mut app.screen else { return };
                    m.pane = Pane::Main;
                    let fill = app.fill_first_in_section();
                    let then = fill.map(|f| format!(" Next to fill: {f}.")).unwrap_or_default();
                    app.ok(format!("{} marked done. On to {}.{then}", sec.label(), next.label()));
                }),
            }
        });
    }

    /// Refuse changes to a finalized meeting, with a message.
    pub(crate) fn guard_open(&mut self) -> bool {
        if !self.guard_writable() {
            return false;
        }
        if let Screen::Meeting(m) = &self.screen {
            if !m.meeting.is_open() {
                self.error("This meeting is finalized and read-only; changes need an amendment.");
                return false;
            }
        }
        true
    }

    pub(crate) fn finalize(&mut self) {
        self.after_minutes_saved(|app| {
            let Screen::Meeting(m) = &app.screen else { return };
            let (id, sec) = (m.meeting.id, m.section);
            let date = m.meeting.date().unwrap_or(app.today);
            app.emit(Io::Finalize { meeting: id, date }, move |app, r: Result<(), StoreError>| match r {
                Ok(()) => {
                    let r = app.open_meeting(id, sec);
                    app.report(r);
                    // The chain head, to keep somewhere else (it reveals even a rewritten audit trail).
                    let head = app.store.chain_head().ok().flatten().map(|(n, h)| format!(" Audit chain head: row {n} {}…", &h[..h.len().min(16)])).unwrap_or_default();
                    app.ok(format!("Meeting finalized. It is now a read-only record.{head}"));
                }
                Err(e) => app.error(e.to_string()),
            });
        });
    }
}

impl App {
    pub fn open_meeting(&mut self, id: i64, section: Section) -> Result<(), StoreError> {
        let meeting = self.store.load_meeting(id)?;
        // A finalized meeting shows the student as its record has them (frozen when it was finalized).
        let student = self.store.record_student(id)?;
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
            transition_due: false,
            minutes_scroll: 0,
            all_fields: false,
        };
        st.first_selectable();
        let sid = st.meeting.student_id;
        self.show(Screen::Meeting(Box::new(st)));
        self.emit_reported(Io::Access { students: vec![sid], meeting: Some(id), view: crate::domain::access::View::Meeting });
        self.load_composer();
        self.refresh_findings();
        self.remember_meeting();
        Ok(())
    }

    /// Re-run the compliance engine on the open meeting (after every change; it takes microseconds).
    pub fn refresh_findings(&mut self) {
        let editing = self.modals.iter().rev().find_map(|m| match m {
            Modal::Form { block, id, .. } => Some((*block, *id)),
            _ => None,
        });
        // The database's rules (a district's changes, if loaded): read again only when they changed.
        let rule_set = self.store.rules().unwrap_or_else(|_| std::sync::Arc::new(RuleSet::builtin().clone()));
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
        m.findings = rules::evaluate(&ctx, &rule_set);
        m.transition_due = ctx.transition_required();
        m.finding_sel = m.finding_sel.min(m.findings.len().saturating_sub(1));
        // The caseload's "open ERRORs" view and `iepmeet status` read this count.
        let errors = rules::error_count(&m.findings) as i64;
        let (sid, open) = (m.meeting.student_id, m.meeting.is_open());
        if open {
            self.emit_reported(Io::NoteOpenErrors { student: sid, errors });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::meeting::{Item, MeetingType};

    fn meeting(t: MeetingType) -> Meeting {
        Meeting::new(1, 1, t)
    }

    #[test]
    fn iep_6c_is_shown_to_english_learners_only_and_esy_lines_once_esy_is_required() {
        let m = meeting(MeetingType::Annual);
        let mut s = Student { english_proficiency: "EO".into(), ..Default::default() };
        let has = |m: &Meeting, s: &Student, sec, b| rows(m, s, sec, Shown::default()).contains(&Row::Header(b));
        assert!(!has(&m, &s, Section::PresentLevels, Block::EnglishLearner));
        s.english_proficiency = "EL".into();
        assert!(has(&m, &s, Section::PresentLevels, Block::EnglishLearner));
        // Fields that depend on another answer follow it.
        assert!(!rows(&m, &s, Section::PresentLevels, Shown::default()).contains(&Row::Field(Block::EnglishLearner, "comprehensible_input")));

        let mut m = meeting(MeetingType::Annual);
        assert!(!has(&m, &s, Section::Services, Block::EsyServices));
        let mut esy = Block::Esy.new_record();
        esy.as_record_mut().set("required", "yes", &crate::domain::fields::Cx { today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), now: None }).unwrap();
        m.block_mut(Block::Esy).push(Item { id: 1, version: 1, record: esy });
        assert!(has(&m, &s, Section::Services, Block::EsyServices));
        // Regular services come before the ESY lines ('a' adds to the first list).
        let r = rows(&m, &s, Section::Services, Shown::default());
        let pos = |b| r.iter().position(|x| *x == Row::Header(b)).unwrap();
        assert!(pos(Block::Services) < pos(Block::EsyServices));
        // Services and ESY first, then the placement they lead to (IEP 7A before 7B).
        assert!(pos(Block::EsyServices) < pos(Block::Placement));
    }

    #[test]
    fn a_field_a_finding_points_at_is_shown_even_where_it_does_not_apply_and_star_shows_all() {
        let m = meeting(MeetingType::Annual);
        let s = Student { grade: "11".into(), ..Default::default() };
        let scia = Row::Field(Block::Placement, "scia");
        assert!(!rows(&m, &s, Section::Services, Shown::default()).contains(&scia), "a rare aide is not asked of everyone");
        let f = Finding {
            rule: "svc-scia-documentation",
            severity: Severity::Error,
            message: "m".into(),
            detail: "d".into(),
            cite: "c".into(),
            note: None,
            target: rules::Target::field(Block::Placement, "scia"),
        };
        let findings = [f];
        let r = rows(&m, &s, Section::Services, Shown { all: false, findings: &findings });
        assert!(r.contains(&scia), "a finding never points at a field that is not there");
        // Also once the placement form holds a record (its findings name no item).
        let mut m = m;
        m.block_mut(Block::Placement).push(Item { id: 7, version: 1, record: Block::Placement.new_record() });
        assert!(!rows(&m, &s, Section::Services, Shown::default()).contains(&scia));
        assert!(rows(&m, &s, Section::Services, Shown { all: false, findings: &findings }).contains(&scia), "with a record too");
        let all = rows(&m, &s, Section::Services, Shown { all: true, findings: &[] });
        let every = Block::Placement.new_record().as_record().specs().len();
        assert_eq!(all.iter().filter(|r| matches!(r, Row::Field(Block::Placement, _))).count(), every);
        assert!(all.contains(&Row::Note("Every field is shown (* shows only those that apply).".into())));
    }
}
