//! The student: IEP 1 demographics and case dates, computed due dates, and the student's meetings.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use crate::domain::dates::{birthday, relative};
use crate::domain::fields::Record;
use crate::domain::meeting::MeetingStatus;
use crate::domain::student::Student;
use crate::domain::text::{display, summary};
use crate::ui::app::{App, StudentFocus, StudentState};

pub fn render(f: &mut Frame, area: Rect, app: &App, s: &StudentState) {
    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let focus_fields = s.focus == StudentFocus::Fields && app.modals.is_empty();
    let label_w = if left.width < 60 { 20 } else { 24 };
    let val_w = (left.width as usize).saturating_sub(label_w + 5);
    let items: Vec<ListItem> = Student::SPECS
        .iter()
        .map(|spec| {
            let v = s.student.get(spec.key);
            ListItem::new(Line::from(vec![
                Span::styled(format!("{:<label_w$}", summary(spec.label, label_w)), app.theme.label),
                Span::styled(if v.is_empty() { "—".to_string() } else { summary(&v, val_w) }, app.theme.text),
            ]))
        })
        .collect();
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

    let [dates, meetings] = Layout::vertical([Constraint::Length(11), Constraint::Min(3)]).areas(right);
    let t = app.today;
    let st_ = &s.student;
    let mut lines = vec![Line::from(vec![
        Span::styled(summary(&st_.full_name(), 30), app.theme.title),
        Span::styled(
            format!("  age {}", st_.age(t).map(|a| a.to_string()).unwrap_or_else(|| "?".into())),
            app.theme.text,
        ),
    ])];
    let due_line = |label: &str, d: Option<chrono::NaiveDate>, basis: String| {
        let (text, style) = match d {
            Some(d) if d < t => (format!("{d} — {}", relative(d, t)), app.theme.error),
            Some(d) if (d - t).num_days() <= 30 => (format!("{d} — {}", relative(d, t)), app.theme.warn),
            Some(d) => (format!("{d} — {}", relative(d, t)), app.theme.text),
            None => ("not known".to_string(), app.theme.muted),
        };
        let mark = match d {
            Some(d) if d < t => "✗ ",
            Some(d) if (d - t).num_days() <= 30 => "! ",
            _ => "  ",
        };
        vec![
            Line::from(vec![Span::styled(mark, style), Span::styled(format!("{label}: "), app.theme.label), Span::styled(text, style)]),
            Line::styled(format!("    {basis}"), app.theme.muted),
        ]
    };
    lines.extend(due_line(
        "Annual IEP due",
        st_.next_annual_due(),
        st_.last_iep_date.map(|d| format!("last IEP {d} + 1 year")).unwrap_or_else(|| "no last IEP date".into()),
    ));
    lines.extend(due_line(
        "Triennial due",
        st_.next_triennial_due(),
        st_.last_assessment_date.map(|d| format!("last assessment {d} + 3 years")).unwrap_or_else(|| "no assessment date".into()),
    ));
    if let Some(dob) = st_.dob {
        let b16 = birthday(dob, 16);
        let b17 = birthday(dob, 17);
        let note = if b16 > t {
            format!("turns 16 on {b16}")
        } else if b17 > t {
            format!("16: transition plan required · turns 17 on {b17}")
        } else {
            "transition plan required · transfer of rights applies".to_string()
        };
        lines.push(Line::styled(format!("  {note}"), app.theme.muted));
    }
    if st_.is_english_learner() {
        lines.push(Line::styled(format!("  English learner · home language {}", display(&st_.home_language)), app.theme.muted));
    }
    f.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }).block(Block::default().borders(Borders::ALL).title("Case status").border_style(app.theme.border)),
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
