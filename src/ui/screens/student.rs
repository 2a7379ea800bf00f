//! The student: IEP 1 demographics and case dates, computed due dates, and the student's meetings.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::domain::dates::relative_marked;
use crate::domain::fields::Record;
use crate::domain::meeting::MeetingStatus;
use crate::domain::student::Student;
use crate::domain::text::{display, summary};
use crate::ui::app::{App, StudentFocus, StudentState};

pub fn render(f: &mut Frame, area: Rect, app: &App, s: &StudentState) {
    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let focus_fields = s.focus == StudentFocus::Fields && app.modals.is_empty();
    // No label is cut: a long one wraps in its column; the field under the cursor is shown whole.
    let longest = Student::SPECS.iter().map(|s| s.label.chars().count()).max().unwrap_or(20);
    let label_w = longest.min((if left.width < 60 { 19 } else { 23 }).max(left.width as usize * 2 / 5));
    let val_w = (left.width as usize).saturating_sub(label_w + 6).max(8);
    let pairs = Student::SPECS
        .iter()
        .map(|spec| {
            let v = s.student.get(spec.key);
            (crate::ui::widgets::field_lines(spec.label, &v, label_w, val_w, app), crate::ui::widgets::field_lines_short(spec.label, &v, label_w, val_w, app))
        })
        .collect();
    // (Unfocused, no row is whole but those the pane has room for.)
    let sel = if focus_fields { s.field } else { usize::MAX };
    let items: Vec<ListItem> = crate::ui::widgets::fit_rows(pairs, sel, left.height.saturating_sub(2) as usize);
    let title = format!("{}IEP 1 — demographics and case dates", if focus_fields { "▶ " } else { "" });
    let list = List::new(items)
        .block(Block::default().borders(Borders::ALL).title(title).border_style(if focus_fields {
            app.theme.border_focus
        } else {
            app.theme.border
        }))
        .highlight_style(if focus_fields { app.theme.selected } else { app.theme.text })
        .highlight_symbol("› ");
    let mut st = ListState::default().with_selected(Some(s.field));
    f.render_stateful_widget(list, left, &mut st);

    let [dates, meetings] = Layout::vertical([Constraint::Percentage(65), Constraint::Min(4)]).areas(right);
    let t = app.today;
    let st_ = &s.student;
    let mut lines = vec![Line::from(vec![
        Span::styled(summary(&st_.full_name(), 30), app.theme.title),
        Span::styled(
            format!("  age {}", st_.age(t).map(|a| a.to_string()).unwrap_or_else(|| "?".into())),
            app.theme.text,
        ),
        Span::styled(
            if st_.is_english_learner() { format!("  · EL, {}", display(&st_.home_language)) } else { String::new() },
            app.theme.muted,
        ),
    ])];
    if s.open_errors > 0 {
        lines.push(Line::styled(
            format!("✗ open meeting: {} ERROR finding{} at its last check", s.open_errors, if s.open_errors == 1 { "" } else { "s" }),
            app.theme.error,
        ));
    }
    let current = crate::timeline::due::current(&s.dues, t);
    if current.is_empty() {
        lines.push(Line::styled("No due dates: record the last IEP, assessment, consent or birth date.", app.theme.muted));
    }
    for d in &current {
        // A mark and a word carry the urgency; the color only repeats it.
        let (mark, style) = if d.overdue(t) {
            ("✗ ", app.theme.error)
        } else if d.kind.is_deadline() && d.days_left(t) <= 30 {
            ("! ", app.theme.warn)
        } else {
            ("  ", app.theme.text)
        };
        // Only deadlines are listed once past (`Due::current`), so a past date is an overdue one.
        let when = relative_marked(d.date, t);
        lines.push(Line::from(vec![
            Span::styled(mark, style),
            Span::styled(format!("{}: ", d.kind.label()), app.theme.label),
            Span::styled(format!("{} — {when}", d.date), style),
        ]));
        lines.push(Line::styled(format!("    {}", display(&d.basis)), app.theme.muted));
    }
    f.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title("Timeline — due dates").border_style(app.theme.border)),
        dates,
    );

    let focus_m = s.focus == StudentFocus::Meetings && app.modals.is_empty();
    let items: Vec<ListItem> = if s.meetings.is_empty() {
        vec![ListItem::new(Line::styled("No meetings yet. Press n to start one.", app.theme.muted))]
    } else {
        s.meetings
            .iter()
            .map(|m| {
                let status = match m.status {
                    MeetingStatus::Open => "IN PROGRESS",
                    MeetingStatus::Finalized => "finalized",
                };
                ListItem::new(format!(
                    "#{} {} {} [{}]",
                    m.id,
                    m.date.map(|d| d.to_string()).unwrap_or_else(|| "(no date)".into()),
                    m.mtype.label(),
                    status
                ))
            })
            .collect()
    };
    let title = format!("{}Meetings — n start · Enter open", if focus_m { "▶ " } else { "" });
    let list = List::new(items)
        .block(Block::default().borders(Borders::ALL).title(title).border_style(if focus_m {
            app.theme.border_focus
        } else {
            app.theme.border
        }))
        .highlight_style(if focus_m { app.theme.selected } else { app.theme.text })
        .highlight_symbol("› ");
    let mut st = ListState::default().with_selected(if s.meetings.is_empty() { None } else { Some(s.meeting) });
    f.render_stateful_widget(list, meetings, &mut st);
}
