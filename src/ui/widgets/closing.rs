//! Popups for running and closing a meeting: the parking lot, the agenda timer, the summary with
//! sign-off, and search results.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::centered;
use crate::domain::agenda::clock;
use crate::domain::meeting::{AnyRecord, Block as FormBlock};
use crate::domain::minutes::Entry;
use crate::domain::text::{display, summary};
use crate::rules::Severity;
use crate::store::SearchHit;
use crate::ui::app::{App, MeetingState};

fn frame<'a>(app: &App, title: String) -> Block<'a> {
    Block::default().borders(Borders::ALL).title(title).border_style(app.theme.border_focus)
}

fn big(area: Rect) -> Rect {
    centered(area, area.width.saturating_sub(4).min(110), area.height.saturating_sub(2))
}

pub fn parking(f: &mut Frame, area: Rect, app: &App, m: &MeetingState, sel: usize) {
    let rr = big(area);
    let w = rr.width.saturating_sub(6) as usize;
    let items: Vec<ListItem> = m
        .parking()
        .iter()
        .map(|e| {
            let (mark, style) = if e.resolution.is_some() { ("[x]", app.theme.muted) } else { ("[ ]", app.theme.text) };
            let mut lines = hanging(&format!("{mark} {} {}", e.clock(), e.line()), w, 0, style);
            lines.push(Line::styled(format!("     raised in {}", e.section.label()), app.theme.muted));
            ListItem::new(lines)
        })
        .collect();
    let title = format!("Parking lot — {} open · Enter: handled in {} · c: carry to action items · Esc", m.open_parking(), m.section.label());
    f.render_widget(Clear, rr);
    if items.is_empty() {
        let p = Paragraph::new(vec![
            Line::styled("The parking lot is empty.", app.theme.text),
            Line::raw(""),
            Line::styled("In the minutes, start an entry with /p to park a topic raised out of order.", app.theme.muted),
        ])
        .wrap(Wrap { trim: true })
        .block(frame(app, "Parking lot — Esc closes".into()));
        f.render_widget(p, rr);
        return;
    }
    let list = List::new(items).block(frame(app, title)).highlight_style(app.theme.selected).highlight_symbol("› ");
    f.render_stateful_widget(list, rr, &mut ListState::default().with_selected(Some(sel)));
}

pub fn agenda(f: &mut Frame, area: Rect, app: &App, m: &MeetingState, sel: usize) {
    let a = m.agenda();
    let st = m.timer_state(app.clock);
    let rr = centered(area, area.width.saturating_sub(4).min(90), (a.items.len() as u16 + 5).min(area.height));
    let w = rr.width.saturating_sub(24) as usize;
    let items: Vec<ListItem> = a
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let running = st.current == Some(i);
            let over = st.overrun(&a, i);
            let status = if over > 0 { format!(" OVER +{}", clock(over)) } else { String::new() };
            let style = if over > 0 { app.theme.warn } else if running { app.theme.title } else { app.theme.text };
            ListItem::new(Line::from(vec![
                Span::styled(if running { "▶ " } else { "  " }, style),
                Span::styled(format!("{:<w$}", summary(&it.title, w)), style),
                Span::styled(format!(" {:>7}/{:>5}{status}", clock(st.elapsed[i]), clock(it.minutes as i64 * 60)), style),
            ]))
        })
        .collect();
    let total_over = st.total_overrun(&a);
    let title = format!(
        "Agenda timer — {} of {} planned{}{}",
        clock(st.total),
        clock(a.planned_minutes() as i64 * 60),
        if total_over > 0 { format!(" — OVER +{}", clock(total_over)) } else { String::new() },
        if st.current.is_none() { " — stopped" } else { "" }
    );
    f.render_widget(Clear, rr);
    let list = List::new(items).block(frame(app, title)).highlight_style(app.theme.selected).highlight_symbol("›");
    f.render_stateful_widget(list, rr, &mut ListState::default().with_selected(Some(sel)));
    let foot = Rect { x: rr.x + 2, y: rr.y + rr.height.saturating_sub(2), width: rr.width.saturating_sub(4), height: 1 };
    f.render_widget(Paragraph::new("Enter starts the item (and goes to its section) · N next · s stop · Esc").style(app.theme.muted), foot);
}

/// `text` wrapped to `w` columns after an indent of `indent`, its further lines indented two more.
fn hanging<'a>(text: &str, w: usize, indent: usize, style: ratatui::style::Style) -> Vec<Line<'a>> {
    let rows = super::softwrap::wrap_str(&crate::domain::text::display(text), w.saturating_sub(indent + 2).max(10));
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| Line::styled(format!("{}{r}", " ".repeat(if i == 0 { indent } else { indent + 2 })), style))
        .collect()
}

fn entry_lines<'a>(app: &App, heading: &str, entries: &[&Entry], empty: &str, w: usize) -> Vec<Line<'a>> {
    let mut out = vec![Line::styled(format!("{heading} ({})", entries.len()), app.theme.title)];
    if entries.is_empty() {
        out.push(Line::styled(format!("  {empty}"), app.theme.muted));
    }
    for e in entries {
        // Each entry whole: wrapped under its bullet (the summary scrolls).
        out.extend(hanging(&format!("• {} [{}] {}", e.clock(), e.section.label(), e.line()), w, 2, app.theme.text));
    }
    out.push(Line::raw(""));
    out
}

/// The lines of the close-of-meeting summary (also what the summary snapshot test reads).
pub fn summary_lines<'a>(app: &App, m: &MeetingState, w: usize) -> Vec<Line<'a>> {
    let s = crate::domain::minutes::CloseSummary::of(&m.meeting.entries);
    let mut lines = Vec::new();
    lines.extend(entry_lines(app, "Decisions", &s.decisions, "none recorded (start an entry with /d)", w));
    let mut actions = entry_lines(app, "Action items", &s.actions, "none recorded (start an entry with /a)", w);
    let incomplete = s.incomplete_actions().len();
    if incomplete > 0 {
        actions.insert(1, Line::styled(format!("  ! {incomplete} without an owner or a due date"), app.theme.warn));
    }
    lines.extend(actions);
    let mut parking = entry_lines(app, "Parking lot — open", &s.parking_open, "nothing open", w);
    if !s.parking_open.is_empty() {
        parking.insert(1, Line::styled("  ✗ must be handled or carried to the action items before finalizing (P)", app.theme.error));
    }
    lines.extend(parking);
    lines.extend(entry_lines(app, "Parent concerns", &s.concerns, "none recorded (start an entry with /c)", w));
    // Findings still open.
    let open: Vec<_> = m.findings.iter().filter(|f| f.severity != Severity::Info && m.ack_of(f).is_none()).collect();
    lines.push(Line::styled(
        format!("Compliance findings open ({} ERROR, {} WARNING)", m.count(Severity::Error, None), m.count(Severity::Warning, None)),
        app.theme.title,
    ));
    if open.is_empty() {
        lines.push(Line::styled("  ✓ none", app.theme.ok));
    }
    for f in open.iter().take(12) {
        let style = if f.severity == Severity::Error { app.theme.error } else { app.theme.warn };
        lines.extend(hanging(&format!("{} {} — {}", f.severity.symbol(), f.rule, f.detail), w, 2, style));
    }
    if open.len() > 12 {
        lines.push(Line::styled(format!("  … and {} more (f shows them all)", open.len() - 12), app.theme.muted));
    }
    lines.push(Line::raw(""));
    // Consent (IEP 9A).
    let consent = m.meeting.block(FormBlock::Consent).first().and_then(|i| match &i.record {
        AnyRecord::Consent(c) => Some(c.clone()),
        _ => None,
    });
    lines.push(Line::styled("Consent (IEP 9A)", app.theme.title));
    match consent.as_ref().map(|c| c.choice.as_str()).filter(|c| !c.is_empty()) {
        Some(c) => lines.push(Line::styled(format!("  {}", display(c)), app.theme.text)),
        None => lines.push(Line::styled("  ✗ no consent choice recorded (Consent section)", app.theme.warn)),
    }
    if let Some(ex) = consent.as_ref().map(|c| c.exceptions.clone()).filter(|e| !e.trim().is_empty()) {
        lines.push(Line::styled(summary(&format!("  Exceptions: {ex}"), w), app.theme.text));
    }
    lines.push(Line::raw(""));
    // Signatures (IEP 9A/9B).
    let sigs: Vec<_> = m
        .meeting
        .block(FormBlock::Signatures)
        .iter()
        .filter_map(|i| match &i.record {
            AnyRecord::Signature(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    lines.push(Line::styled(format!("Signatures ({}) — s signs", sigs.len()), app.theme.title));
    for s in &sigs {
        let when = format!(
            "{} {}",
            s.signed_on.map(|d| d.to_string()).unwrap_or_default(),
            s.signed_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_default()
        );
        lines.push(Line::styled(summary(&format!("  ✓ {} — {} — {}", display(&s.name), display(&s.role), when.trim()), w), app.theme.text));
    }
    // A member excused in writing (NC 7) did not attend and is not asked to sign.
    for p in crate::domain::minutes::not_signed(&m.meeting) {
        lines.push(Line::styled(summary(&format!("  ○ not signed: {}", display(&p.label())), w), app.theme.muted));
    }
    lines
}

pub fn summary_popup(f: &mut Frame, area: Rect, app: &App, m: &MeetingState, scroll: u16) {
    let rr = big(area);
    let lines = summary_lines(app, m, rr.width.saturating_sub(4) as usize);
    f.render_widget(Clear, rr);
    let title = if m.meeting.is_open() {
        "Summary — s sign · P parking lot · F finalize · j/k scroll · Esc".to_string()
    } else {
        "Summary — finalized record · j/k scroll · Esc".to_string()
    };
    // Never scroll past the last line.
    let max = (lines.len() as u16).saturating_sub(rr.height.saturating_sub(2));
    f.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)).block(frame(app, title)), rr);
}

pub fn results(f: &mut Frame, area: Rect, app: &App, query: &str, hits: &[SearchHit], sel: usize) {
    let rr = big(area);
    let w = rr.width.saturating_sub(6) as usize;
    let items: Vec<ListItem> = hits
        .iter()
        .map(|h| {
            let place = format!(
                "{} ({}) · meeting {} {} · {}{}",
                display(&h.student),
                display(&h.local_id),
                h.meeting_id,
                h.meeting_type,
                h.section.map(|s| s.label()).unwrap_or("—"),
                if h.source == "amendment" { " · amendment" } else { "" }
            );
            ListItem::new(vec![
                Line::styled(summary(&place, w), app.theme.label),
                Line::styled(summary(&format!("   {}", display(&h.excerpt)), w), app.theme.text),
            ])
        })
        .collect();
    let title = format!("Search “{}” — {} result(s), best first · Enter opens · / again · Esc", summary(query, 30), hits.len());
    f.render_widget(Clear, rr);
    let list = List::new(items).block(frame(app, title)).highlight_style(app.theme.selected).highlight_symbol("› ");
    f.render_stateful_widget(list, rr, &mut ListState::default().with_selected(Some(sel)));
}
