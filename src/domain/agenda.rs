//! Agenda templates (`data/agendas/<meeting-type>.toml`) and the agenda timer: planned minutes per
//! item, elapsed time computed from the start/stop events the store keeps, overruns.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::meeting::{MeetingType, Section};

#[derive(Debug, Clone, PartialEq)]
pub struct AgendaItem {
    pub title: String,
    pub minutes: u32,
    pub section: Option<Section>,
    /// Its position in the template: what the timer's events store, so an item left out of one
    /// meeting's agenda never shifts the others.
    pub n: usize,
    /// Only on the agenda when this holds (`when` in the template).
    pub when: Option<When>,
}

/// A condition on an agenda item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// The student reaches the policy's transition-plan age while this IEP is in effect.
    TransitionAge,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Agenda {
    pub title: String,
    /// Why the team meets, in a sentence the family can read (the wall shows it).
    pub purpose: String,
    /// How the team works together (facilitated-IEP norms): the template's own, else
    /// `data/agendas/norms.toml`.
    pub norms: Vec<String>,
    pub items: Vec<AgendaItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgenda {
    title: String,
    #[serde(default)]
    purpose: String,
    norms: Option<Vec<String>>,
    item: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNorms {
    norms: Vec<String>,
}

/// The norms every agenda has unless its template names its own.
pub fn default_norms() -> &'static [String] {
    static N: OnceLock<Vec<String>> = OnceLock::new();
    N.get_or_init(|| {
        let raw: RawNorms = toml::from_str(include_str!("../../data/agendas/norms.toml")).expect("data/agendas/norms.toml is valid");
        raw.norms
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    title: String,
    minutes: u32,
    section: Option<String>,
    when: Option<String>,
}

const FILES: [(MeetingType, &str); 7] = [
    (MeetingType::Initial, include_str!("../../data/agendas/initial.toml")),
    (MeetingType::Annual, include_str!("../../data/agendas/annual.toml")),
    (MeetingType::Triennial, include_str!("../../data/agendas/triennial.toml")),
    (MeetingType::Amendment, include_str!("../../data/agendas/amendment.toml")),
    (MeetingType::ParentRequested, include_str!("../../data/agendas/parent-requested.toml")),
    (MeetingType::Interim30Day, include_str!("../../data/agendas/interim-30-day.toml")),
    (MeetingType::ManifestationDetermination, include_str!("../../data/agendas/manifestation-determination.toml")),
];

impl Agenda {
    /// Parse a template; `name` is used in error messages.
    pub fn parse(name: &str, text: &str) -> Result<Agenda, String> {
        let raw: RawAgenda = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        if raw.item.is_empty() {
            return Err(format!("{name}: an agenda needs at least one [[item]]"));
        }
        let mut items = Vec::new();
        for (n, i) in raw.item.into_iter().enumerate() {
            let section = match i.section {
                None => None,
                Some(s) => Some(Section::from_code(&s).ok_or_else(|| format!("{name}: item {}: unknown section '{s}'", n + 1))?),
            };
            if i.minutes == 0 || i.minutes > 240 {
                return Err(format!("{name}: item {}: minutes must be 1-240", n + 1));
            }
            let when = match i.when.as_deref() {
                None => None,
                Some("transition-age") => Some(When::TransitionAge),
                Some(w) => return Err(format!("{name}: item {}: unknown `when` '{w}' (known: transition-age)", n + 1)),
            };
            items.push(AgendaItem { title: i.title, minutes: i.minutes, section, n, when });
        }
        if raw.purpose.trim().is_empty() {
            return Err(format!("{name}: an agenda needs a `purpose` (why the team meets, for the family)"));
        }
        let norms = raw.norms.unwrap_or_else(|| default_norms().to_vec());
        Ok(Agenda { title: raw.title, purpose: raw.purpose, norms, items })
    }

    /// The built-in agenda for a meeting type.
    pub fn builtin(t: MeetingType) -> &'static Agenda {
        static ALL: OnceLock<HashMap<MeetingType, Agenda>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            FILES.iter().map(|(t, text)| (*t, Agenda::parse(t.code(), text).expect("built-in agenda is valid"))).collect()
        });
        &all[&t]
    }

    /// The agenda of one meeting: the template's items whose condition holds (`transition_due`:
    /// the student reaches the transition-plan age during this IEP), and any item the timer has
    /// already run, so time recorded is never hidden.
    pub fn for_meeting(t: MeetingType, transition_due: bool, events: &[TimerEvent]) -> Agenda {
        let all = Agenda::builtin(t);
        let items = all
            .items
            .iter()
            .filter(|i| match i.when {
                None => true,
                Some(When::TransitionAge) => transition_due || events.iter().any(|e| e.item == Some(i.n)),
            })
            .cloned()
            .collect();
        Agenda { title: all.title.clone(), purpose: all.purpose.clone(), norms: all.norms.clone(), items }
    }

    /// Where the template's item `n` is on this agenda.
    pub fn position(&self, n: usize) -> Option<usize> {
        self.items.iter().position(|i| i.n == n)
    }

    pub fn planned_minutes(&self) -> u32 {
        self.items.iter().map(|i| i.minutes).sum()
    }

    /// The first item that belongs to a section.
    pub fn item_for(&self, s: Section) -> Option<usize> {
        self.items.iter().position(|i| i.section == Some(s))
    }
}

/// A start (of an agenda item) or a stop of the timer, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct TimerEvent {
    pub at: DateTime<Utc>,
    /// The item started (its template position, `AgendaItem::n`), or None for "timer stopped".
    pub item: Option<usize>,
}

/// Where the agenda timer stands at a moment.
#[derive(Debug, Clone, PartialEq)]
pub struct TimerState {
    /// Seconds spent on each item.
    pub elapsed: Vec<i64>,
    pub current: Option<usize>,
    pub total: i64,
}

impl TimerState {
    /// Replay the events (in time order) up to `now`.
    pub fn compute(agenda: &Agenda, events: &[TimerEvent], now: DateTime<Utc>) -> TimerState {
        let mut elapsed = vec![0i64; agenda.items.len()];
        let mut current: Option<(usize, DateTime<Utc>)> = None;
        for e in events {
            if let Some((i, since)) = current.take() {
                elapsed[i] += (e.at - since).num_seconds().max(0);
            }
            current = e.item.and_then(|n| agenda.position(n)).map(|i| (i, e.at));
        }
        if let Some((i, since)) = current {
            elapsed[i] += (now - since).num_seconds().max(0);
        }
        let total = elapsed.iter().sum();
        TimerState { elapsed, current: current.map(|c| c.0), total }
    }

    /// Seconds over plan for item `i` (0 when within it).
    pub fn overrun(&self, agenda: &Agenda, i: usize) -> i64 {
        (self.elapsed[i] - agenda.items[i].minutes as i64 * 60).max(0)
    }

    pub fn total_overrun(&self, agenda: &Agenda) -> i64 {
        (self.total - agenda.planned_minutes() as i64 * 60).max(0)
    }
}

/// "12:05" for seconds; hours shown when needed ("1:02:05").
pub fn clock(secs: i64) -> String {
    let s = secs.max(0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// The agenda follows the meeting: no transition item before the transition-plan age, and the
    /// timer's items keep their identity when one is left out.
    #[test]
    fn the_transition_item_is_on_the_agenda_only_at_transition_age() {
        let has_transition = |a: &Agenda| a.items.iter().any(|i| i.section == Some(Section::Transition));
        for t in [MeetingType::Initial, MeetingType::Annual, MeetingType::Triennial] {
            assert!(!has_transition(&Agenda::for_meeting(t, false, &[])), "{t:?}");
            assert!(has_transition(&Agenda::for_meeting(t, true, &[])), "{t:?}");
        }
        let md = Agenda::for_meeting(MeetingType::ManifestationDetermination, true, &[]);
        assert!(md.items.iter().any(|i| i.title.contains("caused by the disability")), "an MD's agenda is the MD steps");
        // Timer events name the template's item: the consent item after the hidden one is still consent.
        let young = Agenda::for_meeting(MeetingType::Annual, false, &[]);
        let consent = young.items.iter().find(|i| i.section == Some(Section::Consent)).unwrap().n;
        let t0 = Utc.with_ymd_and_hms(2026, 11, 22, 14, 0, 0).unwrap();
        let ev = [TimerEvent { at: t0, item: Some(consent) }];
        let st = TimerState::compute(&young, &ev, t0 + chrono::Duration::minutes(3));
        assert_eq!(young.items[st.current.unwrap()].section, Some(Section::Consent));
        assert_eq!(st.total, 180);
        // Time already run on the transition item keeps it on the agenda.
        let full = Agenda::builtin(MeetingType::Annual);
        let tr = full.items.iter().find(|i| i.section == Some(Section::Transition)).unwrap().n;
        let ran = [TimerEvent { at: t0, item: Some(tr) }, TimerEvent { at: t0 + chrono::Duration::minutes(2), item: None }];
        let a = Agenda::for_meeting(MeetingType::Annual, false, &ran);
        assert!(has_transition(&a));
        assert_eq!(TimerState::compute(&a, &ran, t0 + chrono::Duration::minutes(9)).total, 120);
    }

    #[test]
    fn every_meeting_type_has_a_valid_agenda() {
        for t in MeetingType::ALL {
            let a = Agenda::builtin(t);
            assert!(a.items.first().unwrap().title.starts_with("Welcome"), "{t:?}");
            assert!(a.items.last().unwrap().title.starts_with("Summary"), "{t:?}");
            assert!(a.planned_minutes() >= 30 && a.planned_minutes() <= 120, "{t:?}");
        }
    }

    #[test]
    fn bad_templates_are_refused() {
        assert!(Agenda::parse("x", "title = 'x'\n[[item]]\ntitle='a'\nminutes=5\nsection='lunch'").unwrap_err().contains("unknown section 'lunch'"));
        assert!(Agenda::parse("x", "title = 'x'\n[[item]]\ntitle='a'\nminutes=0").unwrap_err().contains("minutes must be"));
        assert!(Agenda::parse("x", "title = 'x'\nitem = []").unwrap_err().contains("at least one"));
        assert!(Agenda::parse("x", "title = 'x'\n[[item]]\ntitle='a'\nminutes=5\ncolour='red'").is_err());
        assert!(Agenda::parse("x", "title = 'x'\n[[item]]\ntitle='a'\nminutes=5").unwrap_err().contains("needs a `purpose`"));
        let own = Agenda::parse("x", "title = 'x'\npurpose = 'p'\nnorms = ['Be kind.']\n[[item]]\ntitle='a'\nminutes=5").unwrap();
        assert_eq!(own.norms, vec!["Be kind."]);
        for t in MeetingType::ALL {
            let a = Agenda::builtin(t);
            assert!(!a.purpose.is_empty() && a.norms.len() >= 3, "{t:?}: the wall shows a purpose and norms");
        }
    }

    #[test]
    fn timer_replays_events() {
        let a = Agenda::builtin(MeetingType::Annual);
        let t0 = Utc.with_ymd_and_hms(2026, 11, 22, 15, 0, 0).unwrap();
        let at = |m: i64| t0 + chrono::Duration::minutes(m);
        let ev = vec![
            TimerEvent { at: at(0), item: Some(0) },
            TimerEvent { at: at(7), item: Some(1) },
            TimerEvent { at: at(9), item: None },
            TimerEvent { at: at(20), item: Some(0) },
        ];
        let s = TimerState::compute(a, &ev, at(21));
        assert_eq!(s.elapsed[0], 8 * 60);
        assert_eq!(s.elapsed[1], 2 * 60);
        assert_eq!(s.current, Some(0));
        assert_eq!(s.total, 10 * 60);
        assert_eq!(s.overrun(a, 0), 3 * 60, "5 planned, 8 spent");
        assert_eq!(s.overrun(a, 1), 0);
        let stopped = TimerState::compute(a, &ev[..3], at(60));
        assert_eq!(stopped.current, None);
        assert_eq!(stopped.total, 9 * 60);
        assert_eq!(clock(65), "1:05");
        assert_eq!(clock(3725), "1:02:05");
    }
}
