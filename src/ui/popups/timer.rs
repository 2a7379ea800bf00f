//! The agenda timer: planned and elapsed time per agenda item.

#[allow(unused_imports)]
use crate::ui::prelude::*;

impl App {
    pub(crate) fn timer_update(&mut self, action: Action) {
        let Some(Modal::Agenda { sel }) = self.modals.last_mut() else { return };
        let Screen::Meeting(m) = &self.screen else { return };
        let n = m.agenda().items.len();
        match action {
            Action::Down => *sel = (*sel + 1).min(n - 1),
            Action::Up => *sel = sel.saturating_sub(1),
            Action::Close => {
                self.modals.pop();
            }
            Action::Start => {
                let i = *sel;
                self.start_agenda_item(Some(i));
            }
            Action::Stop => self.start_agenda_item(None),
            Action::Next => self.next_agenda_item(),
            _ => {}
        }
    }

    /// Start an agenda item (and go to its section), or stop the timer.
    pub(crate) fn start_agenda_item(&mut self, item: Option<usize>) {
        let Screen::Meeting(m) = &self.screen else { return };
        if !m.meeting.is_open() {
            self.error("This meeting is finalized; its agenda timer is stopped for good.");
            return;
        }
        let mid = m.meeting.id;
        let agenda = m.agenda();
        let state = m.timer_state(self.clock);
        if item.is_none() && state.current.is_none() {
            self.info("The agenda timer is not running.");
            return;
        }
        // The timer stores the template's item number, so an agenda that leaves an item out for
        // this meeting never shifts the others.
        self.emit(Io::TimerEvent { meeting: mid, item: item.map(|i| agenda.items[i].n) }, move |app, r: Result<(), StoreError>| {
            if let Err(e) = r {
                return app.error(e.to_string());
            }
            app.timer_moved(mid, &agenda, item);
        });
    }

    /// The answer to starting, moving or stopping the agenda timer.
    fn timer_moved(&mut self, mid: i64, agenda: &Agenda, item: Option<usize>) {
        if let Ok(ev) = self.store.timer_events(mid) {
            if let Screen::Meeting(m) = &mut self.screen {
                m.timer = ev;
            }
        }
        match item {
            Some(i) => {
                let it = &agenda.items[i];
                if let Some(s) = it.section {
                    self.set_section(s);
                }
                self.ok(format!("Agenda: {} ({} min planned).", it.title, it.minutes));
            }
            None => self.ok("Agenda timer stopped."),
        }
    }

    /// `N`: start the agenda item after the current one (or the first).
    pub(crate) fn next_agenda_item(&mut self) {
        let Screen::Meeting(m) = &self.screen else { return };
        let n = m.agenda().items.len();
        let next = match m.timer_state(self.clock).current {
            Some(i) if i + 1 < n => i + 1,
            Some(_) => {
                self.info("That was the last agenda item; press T and s to stop the timer.");
                return;
            }
            None => 0,
        };
        if let Some(Modal::Agenda { sel }) = self.modals.last_mut() {
            *sel = next;
        }
        self.start_agenda_item(Some(next));
    }
}
