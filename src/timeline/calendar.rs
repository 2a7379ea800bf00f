//! School calendars: `data/calendars/*.toml`. School days are weekdays inside the school year that are
//! not in a break or a holiday.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;

/// 1.5.B: a referral this many days or less before the end of the school year has its assessment
/// plan due 10 days into the next school year.
pub const ASSESSMENT_PLAN_END_WINDOW: i64 = 20;

pub const BUILTIN: &[(&str, &str)] = &[("sample-2026-27", include_str!("../../data/calendars/sample-2026-27.toml"))];

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Break {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub name: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    pub name: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// First day of the following school year (for the end-of-year timeline rules).
    pub next_first_day: Option<NaiveDate>,
    #[serde(default)]
    pub breaks: Vec<Break>,
    #[serde(default)]
    pub holidays: Vec<Holiday>,
}

impl Calendar {
    pub fn builtin(name: &str) -> Result<Calendar, String> {
        let (_, text) = BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| format!("unknown calendar '{name}'"))?;
        Calendar::parse(text).map_err(|e| format!("data/calendars/{name}.toml: {e}"))
    }

    /// The name of the sample calendar (its file's name and the `name` in it).
    pub const SAMPLE: &'static str = "sample-2026-27";

    /// The sample calendar built into the binary, parsed once.
    pub fn sample() -> &'static Calendar {
        static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
        CAL.get_or_init(|| Calendar::builtin(Calendar::SAMPLE).expect("built-in calendar"))
    }

    pub fn parse(text: &str) -> Result<Calendar, String> {
        let c: Calendar = toml::from_str(text).map_err(|e| e.to_string())?;
        if c.last_day <= c.first_day {
            return Err("last_day must come after first_day".into());
        }
        for b in &c.breaks {
            if b.end < b.start {
                return Err(format!("break '{}' ends before it starts", b.name));
            }
        }
        Ok(c)
    }

    fn in_break(&self, d: NaiveDate) -> Option<&Break> {
        self.breaks.iter().find(|b| d >= b.start && d <= b.end)
    }

    pub fn in_session(&self, d: NaiveDate) -> bool {
        d >= self.first_day && d <= self.last_day
    }

    /// Whether the calendar says anything about `d`: from its first day up to the next year's first day
    /// (or its last day when the next year is not given).
    pub fn covers(&self, d: NaiveDate) -> bool {
        d >= self.first_day && d < self.next_first_day.unwrap_or(self.last_day + Duration::days(1))
    }

    /// A weekday, in session, not in a break, not a holiday. Outside the calendar's year every weekday
    /// counts (the best estimate until the district loads that year's calendar).
    pub fn is_school_day(&self, d: NaiveDate) -> bool {
        let weekday = !matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        if !self.covers(d) {
            return weekday;
        }
        weekday && self.in_session(d) && self.in_break(d).is_none() && !self.holidays.iter().any(|h| h.date == d)
    }

    /// Weekdays a break would have been school days: its length in school days.
    pub fn break_school_days(&self, b: &Break) -> i64 {
        let mut n = 0;
        let mut d = b.start;
        while d <= b.end {
            if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                n += 1;
            }
            d += Duration::days(1);
        }
        n
    }

    /// The `n`th school day after `start` (start itself not counted).
    pub fn add_school_days(&self, start: NaiveDate, n: i64) -> NaiveDate {
        count_forward(start, n, |d| self.is_school_day(d))
    }

    /// `n` calendar days after `start`, not counting days between school years or inside a break
    /// longer than `min_break` school days (the California 60-day and 15-day rules). With
    /// `min_break = 0` no day is excluded.
    pub fn add_days_excluding_breaks(&self, start: NaiveDate, n: i64, min_break: i64) -> NaiveDate {
        if min_break == 0 {
            return start + Duration::days(n);
        }
        count_forward(start, n, |d| match self.in_break(d) {
            Some(b) => self.break_school_days(b) <= min_break,
            None => !(d > self.last_day && self.next_first_day.is_some_and(|n| d < n)),
        })
    }

    /// Whether consent falls within `end_window` days of the school year's end and the next year's first
    /// day is known: then the initial IEP is due 30 days into the next year.
    pub fn end_of_year_rule(&self, consent: NaiveDate, end_window: i64) -> bool {
        end_window > 0
            && consent <= self.last_day
            && (self.last_day - consent).num_days() <= end_window
            && self.next_first_day.is_some()
    }

    /// The next school year's first day, when a referral on `referral` came 20 days or less before
    /// the end of this one (handbook 1.5.B: its assessment plan is due 10 days after that day).
    pub fn referral_at_year_end(&self, referral: NaiveDate) -> Option<NaiveDate> {
        self.next_first_day.filter(|_| self.end_of_year_rule(referral, ASSESSMENT_PLAN_END_WINDOW))
    }

    /// Deadline for the assessment plan (handbook 1.5.B): `days` after the referral, not counting long
    /// breaks; for a referral 20 days or less before the end of the school year, 10 days after the
    /// next school year starts (when that day is known); later when the parent agreed in writing to
    /// an extension to `extension`.
    pub fn assessment_plan_deadline(&self, referral: NaiveDate, days: i64, min_break: i64, extension: Option<NaiveDate>) -> NaiveDate {
        let due = match self.referral_at_year_end(referral) {
            Some(next) => next + Duration::days(10),
            None => self.add_days_excluding_breaks(referral, days, min_break),
        };
        extension.map_or(due, |x| x.max(due))
    }

    /// Deadline for the initial IEP: 60 days (excluding long breaks) after consent; when consent comes
    /// within the end-of-year window, 30 days after the next school year starts.
    pub fn initial_iep_deadline(&self, consent: NaiveDate, days: i64, min_break: i64, end_window: i64) -> NaiveDate {
        if let (true, Some(next)) = (self.end_of_year_rule(consent, end_window), self.next_first_day) {
            return next + Duration::days(30);
        }
        self.add_days_excluding_breaks(consent, days, min_break)
    }

    /// The initial IEP's deadline for a student, with the handbook's exceptions (1.4.A(2), 1.5.A):
    /// None when the parent repeatedly failed or refused to produce the child (no time limit); the
    /// date agreed with the parent when the child enrolled from another LEA mid-evaluation.
    /// Used by the rule and by case status alike.
    pub fn initial_deadline_for(&self, student: &crate::domain::student::Student, policy: &super::Policy) -> Option<(NaiveDate, InitialBasis)> {
        let consent = student.initial_consent_date?;
        if student.initial_not_produced == Some(true) {
            return None;
        }
        if let Some(agreed) = student.initial_agreed_date {
            return Some((agreed, InitialBasis::Agreed));
        }
        let date = self.initial_iep_deadline(consent, policy.initial_iep_days, policy.exclude_breaks_over_school_days, policy.initial_end_of_year_window);
        let basis = if self.end_of_year_rule(consent, policy.initial_end_of_year_window) { InitialBasis::YearEnd } else { InitialBasis::Days };
        Some((date, basis))
    }
}

/// How the initial IEP's deadline was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitialBasis {
    /// 60 days from consent, long breaks excluded.
    Days,
    /// Consent near the end of the school year: 30 days into the next.
    YearEnd,
    /// A date agreed with the parent (the child enrolled from another LEA).
    Agreed,
}

/// The day on which the `n`th counted day after `start` falls (`counts` says which days count).
/// Gives up after ten years, so a calendar with no counted days cannot hang the program.
fn count_forward(start: NaiveDate, n: i64, counts: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    let mut d = start;
    let mut left = n;
    let mut guard = 0;
    while left > 0 && guard < 3660 {
        d += Duration::days(1);
        guard += 1;
        if counts(d) {
            left -= 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    /// The store stamps due dates with `Calendar::SAMPLE` without parsing the sample.
    #[test]
    fn the_sample_is_named_sample() {
        assert_eq!(Calendar::sample().name, Calendar::SAMPLE);
    }

    #[test]
    fn school_days() {
        let c = Calendar::sample();
        assert!(c.is_school_day(d(2026, 11, 20))); // Friday
        assert!(!c.is_school_day(d(2026, 11, 21))); // Saturday
        assert!(!c.is_school_day(d(2026, 11, 24))); // Thanksgiving break
        assert!(!c.is_school_day(d(2026, 11, 11))); // holiday
        // 10 school days after Fri 2026-11-20: skips the Thanksgiving week
        assert_eq!(c.add_school_days(d(2026, 11, 20), 10), d(2026, 12, 11));
    }

    #[test]
    fn long_breaks_excluded_from_60_days() {
        let c = Calendar::sample();
        // Thanksgiving (5 school days) is not longer than 5: counted. Winter break (10) is excluded.
        assert_eq!(c.add_days_excluding_breaks(d(2026, 10, 1), 60, 5), d(2026, 11, 30));
        // consent 2026-11-20: 60 days would be 2027-01-19; the 12-day winter break pushes it out 12 days
        assert_eq!(c.add_days_excluding_breaks(d(2026, 11, 20), 60, 5), d(2027, 1, 31));
        assert_eq!(c.add_days_excluding_breaks(d(2026, 11, 20), 60, 0), d(2027, 1, 19));
    }

    #[test]
    fn end_of_year_rule() {
        let c = Calendar::sample();
        assert_eq!(c.initial_iep_deadline(d(2027, 5, 20), 60, 5, 30), d(2027, 9, 10));
        // 44 days counted to 2027-06-03, the summer excluded, the last 16 from 2027-08-11
        assert_eq!(c.initial_iep_deadline(d(2027, 4, 20), 60, 5, 30), d(2027, 8, 26));
    }

    #[test]
    fn outside_the_calendar_weekdays_count() {
        let c = Calendar::sample();
        assert!(!c.covers(d(2026, 8, 1)));
        assert!(c.is_school_day(d(2026, 8, 3))); // a Monday before the calendar's year: a weekday counts
        assert!(!c.is_school_day(d(2026, 8, 1))); // Saturday
        assert_eq!(c.add_school_days(d(2025, 3, 7), 10), d(2025, 3, 21));
        let mut open_ended = c.clone();
        open_ended.next_first_day = None;
        // the summer after an open-ended calendar is counted, not skipped forever
        assert_eq!(open_ended.add_days_excluding_breaks(open_ended.last_day, 10, 5), open_ended.last_day + Duration::days(10));
    }

    #[test]
    fn bad_calendar_refused() {
        assert!(Calendar::parse("name='x'\nfirst_day=2027-01-01\nlast_day=2026-01-01").is_err());
    }
}
