//! Item forms, field editors, pick lists, confirmations and the new-meeting chooser.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::centered;
use crate::domain::fields::Kind;
use crate::domain::meeting::MeetingType;
use crate::domain::text::{display, summary};
use crate::ui::app::{App, Modal, Screen};

fn frame<'a>(app: &App, title: String) -> Block<'a> {
    Block::default().borders(Borders::ALL).title(title).border_style(app.theme.border_focus)
}

pub fn render(f: &mut Frame, area: Rect, app: &App, modal: &Modal) {
    match (modal, &app.screen) {
        (Modal::Parking { sel }, Screen::Meeting(m)) => return super::closing::parking(f, area, app, m, *sel),
        (Modal::Agenda { sel }, Screen::Meeting(m)) => return super::closing::agenda(f, area, app, m, *sel),
        (Modal::Summary { scroll }, Screen::Meeting(m)) => return super::closing::summary_popup(f, area, app, m, *scroll),
        (Modal::Results { query, hits, sel }, _) => return super::closing::results(f, area, app, query, hits, *sel),
        _ => {}
    }
    match modal {
        Modal::Parking { .. } | Modal::Agenda { .. } | Modal::Summary { .. } | Modal::Results { .. } => {}
        Modal::Tour { step } => {
            let (title, body) = app.tour_text(*step);
            let w = area.width.saturating_sub(8).min(84);
            let text_w = w.saturating_sub(4).max(1) as usize;
            // Height: each line wrapped to the box, a blank after each, the footer, the borders.
            let needed: usize = body.iter().map(|l| l.chars().count().div_ceil(text_w) + 1).sum::<usize>() + 4;
            let rr = centered(area, w, (needed as u16).min(area.height));
            f.render_widget(Clear, rr);
            let mut lines = vec![Line::raw("")];
            for l in body {
                lines.push(Line::styled(display(&l), app.theme.text));
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(
                format!("{} of {} · Enter/→ next · ←/h back · Esc skip", step + 1, crate::ui::tour::STEPS.len()),
                app.theme.muted,
            ));
            let block = frame(app, format!("Tour — {title}")).padding(ratatui::widgets::Padding::horizontal(1));
            f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }).block(block), rr);
        }
        Modal::Palette(p) => {
            let w = area.width.saturating_sub(8).min(90);
            let h = (p.items.len() as u16 + 4).clamp(6, area.height.saturating_sub(2));
            let rr = Rect { y: area.y + 1, ..centered(area, w, h) };
            f.render_widget(Clear, rr);
            f.render_widget(frame(app, "Command palette — type to find · ↑/↓ · Enter runs · Esc".into()), rr);
            let inner = Rect { x: rr.x + 1, y: rr.y + 1, width: rr.width.saturating_sub(2), height: rr.height.saturating_sub(2) };
            let [input, sep, list] = Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(inner);
            f.render_widget(Paragraph::new(Line::styled("›", app.theme.label)), Rect { width: 2, ..input });
            f.render_widget(&p.input, Rect { x: input.x + 2, width: input.width.saturating_sub(2), ..input });
            f.render_widget(Paragraph::new(Line::styled("─".repeat(sep.width as usize), app.theme.border)), sep);
            let items: Vec<ListItem> = p.items.iter().map(|i| ListItem::new(summary(&display(&i.label), list.width as usize - 2))).collect();
            if items.is_empty() {
                f.render_widget(Paragraph::new(Line::styled("Nothing matches.", app.theme.muted)), list);
            } else {
                let l = List::new(items).highlight_style(app.theme.selected).highlight_symbol("› ");
                f.render_stateful_widget(l, list, &mut ListState::default().with_selected(Some(p.sel)));
            }
        }
        Modal::Conflict { theirs, mine, sel, .. } => {
            let w = area.width.saturating_sub(8).min(90);
            let rr = centered(area, w, 12);
            f.render_widget(Clear, rr);
            let inner_w = w.saturating_sub(8) as usize;
            let mark = |i: usize| if *sel == i { "›(•)" } else { " ( )" };
            let shown = |v: &str| if v.is_empty() { "(empty)".to_string() } else { summary(&display(v), inner_w) };
            let lines = vec![
                Line::styled("Someone else changed this field while you were editing it.", app.theme.warn),
                Line::raw(""),
                Line::styled(format!("{} Keep theirs:", mark(0)), if *sel == 0 { app.theme.selected } else { app.theme.label }),
                Line::styled(format!("     {}", shown(theirs)), app.theme.text),
                Line::styled(format!("{} Use mine:", mark(1)), if *sel == 1 { app.theme.selected } else { app.theme.label }),
                Line::styled(format!("     {}", shown(mine)), app.theme.text),
                Line::raw(""),
                Line::styled("↑/↓ choose · Enter keep the chosen value · Esc keep theirs", app.theme.muted),
            ];
            f.render_widget(Paragraph::new(lines).block(frame(app, "Edited by two people — choose".into())), rr);
        }
        Modal::Form { block, id, field, .. } => {
            let Screen::Meeting(m) = &app.screen else { return };
            let Some((idx, item)) = m.meeting.find_item(*block, *id) else { return };
            let shown = m.meeting.shown(&item.record);
            let r = shown.as_record();
            // (This form may be under an editor: its own cursor, not the top popup's.)
            let (specs, sel) = m.form_view(*block, *id, field);
            let sel = &sel;
            let w = area.width.saturating_sub(6).min(100);
            // Labels as wide as the longest needs (up to half the popup); a longer one wraps. The
            // field under the cursor is shown whole.
            let longest = specs.iter().map(|s| s.label.chars().count()).max().unwrap_or(20);
            let label_w = longest.clamp(12, 38usize.min(w as usize / 2));
            let val_w = (w as usize).saturating_sub(label_w + 6).max(10);
            let pairs = specs
                .iter()
                .map(|s| {
                    let v = r.get(s.key);
                    (super::field_lines(s.label, &v, label_w, val_w, app), super::field_lines_short(s.label, &v, label_w, val_w, app))
                })
                .collect();
            // (Room for the rows: the screen less the frame, and the measurability line of a goal.)
            let room = area.height.saturating_sub(if matches!(item.record, crate::domain::meeting::AnyRecord::Goal(_)) { 4 } else { 2 });
            let items = super::fit_rows(pairs, *sel, room as usize);
            let rows_h: u16 = items.iter().map(|i| i.height() as u16).sum();
            let rr = centered(area, w, rows_h + 2);
            let title = format!("{} {} — Enter edits a field, Esc closes", crate::domain::text::capitalize(block.noun()), idx + 1);
            // A goal says whether it is measurable yet (criterion, method, timeframe, blanks).
            let helper = match &item.record {
                crate::domain::meeting::AnyRecord::Goal(g) if !g.annual_goal.trim().is_empty() => {
                    let gaps = crate::domain::meeting::measurability_gaps(&g.annual_goal);
                    Some(if gaps.is_empty() {
                        ("✓ Measurable: criterion, measurement method and timeframe are stated.".to_string(), app.theme.ok)
                    } else {
                        (format!("! Not measurable yet — add {}", gaps.join("; ")), app.theme.warn)
                    })
                }
                _ => None,
            };
            let rr = if helper.is_some() { centered(area, w, rows_h + 4) } else { rr };
            let list = List::new(items).block(frame(app, title)).highlight_style(app.theme.selected).highlight_symbol("› ");
            f.render_widget(Clear, rr);
            f.render_stateful_widget(list, rr, &mut ListState::default().with_selected(Some(*sel)));
            if let Some((text, style)) = helper {
                let line = Rect { x: rr.x + 2, y: rr.y + rr.height.saturating_sub(3), width: rr.width.saturating_sub(4), height: 2 };
                f.render_widget(Paragraph::new(Line::styled(text, style)).wrap(Wrap { trim: true }), line);
            }
        }
        Modal::Edit { label, kind, area: ta, error, .. } => {
            let long = matches!(kind, Kind::Long | Kind::Lines);
            let w = editor_width(area.width);
            // A one-line value longer than the box wraps (on screen only): the box grows to show it all.
            let rows = super::softwrap::height(ta, crate::ui::view::editor_text_width(area.width)) as u16;
            let h = if long { area.height.saturating_sub(2).min(18) } else { (rows + 4).clamp(6, area.height.saturating_sub(2).max(6)) };
            let rr = centered(area, w, h);
            f.render_widget(Clear, rr);
            let hint = match (long, app.has_catalog(modal)) {
                (true, true) => "Ctrl-S save · Ctrl-L from the list · Esc cancel",
                (true, false) => "Ctrl-S save · Esc cancel",
                (false, true) => "Enter save · Ctrl-L from the list · Esc cancel",
                (false, false) => "Enter save · Esc cancel",
            };
            f.render_widget(frame(app, format!("{label} — {hint}")), rr);
            let inner = Rect { x: rr.x + 1, y: rr.y + 1, width: rr.width - 2, height: rr.height - 2 };
            let [text, err] = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
            let look = super::softwrap::Look {
                text: app.theme.text,
                cursor: app.theme.selected,
                selection: app.theme.selected,
                placeholder: app.theme.muted,
                focused: true,
            };
            f.render_widget(super::softwrap::SoftWrap { ta, placeholder: ta.placeholder_text(), look }, text);
            // The item someone else deleted: say so; the text stays (Enter adds it back).
            let gone = match (modal, &app.screen) {
                (Modal::Edit { target: crate::ui::app::Target::Item { block, id, .. }, .. }, Screen::Meeting(m)) => {
                    m.meeting.find_item(*block, *id).is_none().then(|| block.noun())
                }
                _ => None,
            };
            if let Some(noun) = gone {
                f.render_widget(
                    Paragraph::new(Line::styled(
                        format!("! Someone else deleted this {noun}. Your text is kept: Enter adds the {noun} back · Ctrl-T copies the text into the minutes · Esc discards it"),
                        app.theme.warn,
                    ))
                    .wrap(Wrap { trim: true }),
                    err,
                );
            } else if let Some(e) = error {
                f.render_widget(
                    Paragraph::new(Line::from(vec![
                        Span::styled("✗ Not saved: ", app.theme.error),
                        Span::styled(display(e), app.theme.error),
                    ]))
                    .wrap(Wrap { trim: true }),
                    err,
                );
            }
        }
        Modal::Pick { target, label, options, checked, multi, sel, other, query, .. } => {
            let w = area.width.saturating_sub(4).min(76);
            let text_w = w.saturating_sub(8).max(10) as usize;
            // Every option whole: a long one wraps under its mark.
            let rows = crate::ui::popups::pick::pick_rows(options, query, *other, target.clears());
            let items: Vec<ListItem> = rows
                .iter()
                .map(|row| match row {
                    crate::ui::popups::pick::PickRow::Option(i) => {
                        let mark = match (*multi, checked[*i]) {
                            (true, true) => "[x] ",
                            (true, false) => "[ ] ",
                            (false, true) => "(•) ",
                            (false, false) => "( ) ",
                        };
                        let lines = super::softwrap::wrap_str(&display(&options[*i]), text_w);
                        ListItem::new(
                            lines.into_iter().enumerate().map(|(n, l)| Line::raw(format!("{}{l}", if n == 0 { mark } else { "    " }))).collect::<Vec<_>>(),
                        )
                    }
                    crate::ui::popups::pick::PickRow::Clear => ListItem::new(Line::styled("    (clear)", app.theme.muted)),
                    crate::ui::popups::pick::PickRow::Other if !query.trim().is_empty() && *target == crate::ui::app::Target::TeamMembers => {
                        ListItem::new(Line::styled(format!("    Someone else: “{}” (Enter adds them)", display(query.trim())), app.theme.text))
                    }
                    crate::ui::popups::pick::PickRow::Other if !query.trim().is_empty() => {
                        ListItem::new(Line::styled(format!("    Other: “{}” (Enter takes it as typed)", display(query.trim())), app.theme.text))
                    }
                    crate::ui::popups::pick::PickRow::Other if *target == crate::ui::app::Target::TeamMembers => {
                        ListItem::new(Line::styled("    Someone else… (type their name)", app.theme.muted))
                    }
                    crate::ui::popups::pick::PickRow::Other => ListItem::new(Line::styled("    Other… (type a value)", app.theme.muted)),
                })
                .collect();
            let shown = rows.len().saturating_sub(usize::from(target.clears()) + usize::from(*other));
            let filter = if query.is_empty() {
                Line::styled("Type to filter", app.theme.muted)
            } else {
                Line::from(vec![
                    Span::styled("Filter: ", app.theme.label),
                    Span::styled(display(query), app.theme.text),
                    Span::styled(format!("  ({shown} of {})", options.len()), app.theme.muted),
                ])
            };
            let height: u16 = items.iter().map(|i| i.height() as u16).sum::<u16>() + 3;
            let rr = centered(area, w, height.min(area.height));
            let hint = match (*multi, *target == crate::ui::app::Target::TeamMembers) {
                (true, true) => "Space ticks · Enter adds",
                (true, false) => "Space ticks · Enter saves",
                _ => "Enter chooses",
            };
            f.render_widget(Clear, rr);
            let outer = frame(app, format!("{label} — {hint}"));
            let inner = outer.inner(rr);
            f.render_widget(outer, rr);
            let [top, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
            f.render_widget(Paragraph::new(filter), top);
            let list = List::new(items).highlight_style(app.theme.selected).highlight_symbol("› ");
            f.render_stateful_widget(list, rest, &mut ListState::default().with_selected(Some(*sel)));
        }
        Modal::Confirm { prompt, typed, .. } => {
            // Tall enough for the whole question (nothing a person must read is cut): its wrapped
            // height, counted as it will wrap, with room to spare for word breaks.
            let width = if prompt.chars().count() > 240 { 76 } else { 64 }.min(area.width);
            let text_w = width.saturating_sub(3).max(10) as usize;
            let lines = super::softwrap::wrap_str(&display(prompt), text_w).len() as u16 + 1;
            let word = crate::ui::popups::confirm::CONFIRM_WORD;
            let warn = format!("ERRORs are open: type {word} and press Enter to finalize with them open (they stay in the record) · Esc = no");
            let extra = if typed.is_some() { super::softwrap::wrap_str(&warn, text_w).len() as u16 } else { 0 };
            let rr = centered(area, width, (lines + 4 + extra).min(area.height));
            f.render_widget(Clear, rr);
            let mut lines = vec![Line::styled(display(prompt), app.theme.text), Line::raw("")];
            match typed {
                Some(t) => {
                    lines.push(Line::styled(warn, app.theme.warn));
                    lines.push(Line::from(vec![Span::styled("> ", app.theme.label), Span::styled(display(t), app.theme.text), Span::styled("█", app.theme.muted)]));
                }
                None => lines.push(Line::styled("y = yes · n or Esc = no", app.theme.label)),
            }
            f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }).block(frame(app, "Confirm".into())), rr);
        }
        Modal::NewMeeting { sel } => {
            let items: Vec<ListItem> = MeetingType::ALL
                .iter()
                .map(|t| {
                    let info = app.refdata.meeting_type(*t);
                    ListItem::new(vec![
                        Line::styled(display(&info.label), app.theme.text),
                        Line::styled(format!("   {}", display(&info.description)), app.theme.muted),
                    ])
                })
                .collect();
            let rr = centered(area, 76, (items.len() as u16 * 2 + 2).min(area.height));
            let list = List::new(items)
                .block(frame(app, "Start a meeting — choose the type".into()))
                .highlight_style(app.theme.selected)
                .highlight_symbol("› ");
            f.render_widget(Clear, rr);
            f.render_stateful_widget(list, rr, &mut ListState::default().with_selected(Some(*sel)));
        }
    }
}

/// Outer width of a field editor on a screen `width` wide.
pub fn editor_width(width: u16) -> u16 {
    width.saturating_sub(8).min(100)
}
