//! A student's record (IEP 1) and meetings.

#[allow(unused_imports)]
use crate::ui::prelude::*;
use crate::domain::student::Student;
use crate::store::MeetingSummary;

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

impl App {
    pub(crate) fn student_update(&mut self, action: Action) {
        let Screen::Student(s) = &mut self.screen else { return };
        let nfields = Student::SPECS.len();
        match (action, s.focus) {
            (Action::Back, _) => {
                let r = self.go_caseload();
                self.report(r);
                self.remember("caseload");
            }
            (Action::Switch, _) => {
                s.focus = if s.focus == StudentFocus::Fields { StudentFocus::Meetings } else { StudentFocus::Fields };
            }
            (Action::Down, StudentFocus::Fields) => s.field = (s.field + 1).min(nfields - 1),
            (Action::Up, StudentFocus::Fields) => s.field = s.field.saturating_sub(1),
            (Action::Down, StudentFocus::Meetings) => {
                s.meeting = (s.meeting + 1).min(s.meetings.len().saturating_sub(1))
            }
            (Action::Up, StudentFocus::Meetings) => s.meeting = s.meeting.saturating_sub(1),
            (Action::Open, StudentFocus::Fields) => {
                let key = Student::SPECS[s.field].key;
                self.open_editor(Target::Student { key });
            }
            (Action::Open, StudentFocus::Meetings) => {
                if let Some(m) = s.meetings.get(s.meeting) {
                    let id = m.id;
                    let r = self.open_meeting(id, Section::Attendance);
                    self.report(r);
                }
            }
            (Action::NewMeeting, _) if self.guard_writable() => self.modals.push(Modal::NewMeeting { sel: 1 }),
            _ => {}
        }
    }
}

impl App {
    pub fn open_student(&mut self, id: i64) -> Result<(), StoreError> {
        let student = self.store.student(id)?;
        let meetings = self.store.meetings_for(id)?;
        let dues = self.store.dues(id)?;
        let open_errors = self.store.case_row(id)?.open_errors;
        self.show(Screen::Student(StudentState {
            id,
            student,
            meetings,
            dues,
            open_errors,
            focus: StudentFocus::Fields,
            field: 0,
            meeting: 0,
        }));
        self.remember(&format!("student:{id}"));
        self.emit_reported(Io::Access { students: vec![id], meeting: None, view: crate::domain::access::View::Student });
        Ok(())
    }
}
