//! Exact calendar arithmetic for ages and case due dates. (The school-calendar and policy-profile
//! computations of the compliance engine build on these.)

use chrono::{Datelike, NaiveDate};

/// Completed years of age on `on` (a Feb 29 birthday is reached on Mar 1 in common years).
pub fn age_on(dob: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

/// `d` plus `n` calendar years; Feb 29 becomes Feb 28 in a common year.
pub fn add_years(d: NaiveDate, n: i32) -> NaiveDate {
    let y = d.year() + n;
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, d.month(), 28))
        .expect("valid date")
}

/// `d` plus `n` calendar months (negative goes back); a day past the month's end becomes its last day.
pub fn add_months(d: NaiveDate, n: i32) -> NaiveDate {
    let m = d.year() * 12 + d.month0() as i32 + n;
    let (y, m0) = (m.div_euclid(12), m.rem_euclid(12) as u32);
    (0..4).find_map(|back| NaiveDate::from_ymd_opt(y, m0 + 1, d.day() - back)).expect("valid date")
}

/// The day a student reaches age `years` (for a Feb 29 birthday in a common year: Mar 1).
pub fn birthday(dob: NaiveDate, years: i32) -> NaiveDate {
    let y = dob.year() + years;
    NaiveDate::from_ymd_opt(y, dob.month(), dob.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 3, 1))
        .expect("valid date")
}

/// Next annual IEP review: one year after the last complete IEP.
pub fn next_annual_due(last_iep: NaiveDate) -> NaiveDate {
    add_years(last_iep, 1)
}

/// Next reassessment (triennial): three years after the most recent assessment IEP.
pub fn next_triennial_due(last_assessment: NaiveDate) -> NaiveDate {
    add_years(last_assessment, 3)
}

/// "in 12 days", "today", "3 days overdue".
pub fn relative(due: NaiveDate, today: NaiveDate) -> String {
    let days = (due - today).num_days();
    match days {
        0 => "due today".into(),
        1 => "in 1 day".into(),
        d if d > 1 => format!("in {d} days"),
        -1 => "1 day overdue".into(),
        d => format!("{} days overdue", -d),
    }
}

/// As `relative`, in capitals once the date has passed ("3 DAYS OVERDUE"), so that an overdue date
/// stands out without colour.
pub fn relative_marked(due: NaiveDate, today: NaiveDate) -> String {
    let r = relative(due, today);
    if due < today { r.to_uppercase() } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn ages_exact() {
        assert_eq!(age_on(d(2010, 5, 10), d(2026, 5, 9)), 15);
        assert_eq!(age_on(d(2010, 5, 10), d(2026, 5, 10)), 16);
        // leap-day birthday: 16 on Mar 1 of a common year
        assert_eq!(age_on(d(2008, 2, 29), d(2025, 2, 28)), 16);
        assert_eq!(age_on(d(2008, 2, 29), d(2024, 2, 28)), 15);
        assert_eq!(age_on(d(2008, 2, 29), d(2024, 2, 29)), 16);
        assert_eq!(birthday(d(2008, 2, 29), 17), d(2025, 3, 1));
    }

    #[test]
    fn due_dates() {
        assert_eq!(next_annual_due(d(2026, 3, 4)), d(2027, 3, 4));
        assert_eq!(next_annual_due(d(2024, 2, 29)), d(2025, 2, 28));
        assert_eq!(next_triennial_due(d(2024, 1, 15)), d(2027, 1, 15));
        assert_eq!(relative(d(2026, 1, 3), d(2026, 1, 1)), "in 2 days");
        assert_eq!(relative(d(2026, 1, 1), d(2026, 1, 3)), "2 days overdue");
    }
}

#[cfg(test)]
mod month_tests {
    use super::*;

    #[test]
    fn add_months_clamps_to_the_month_end() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(add_months(d("2026-08-31"), 6), d("2027-02-28"));
        assert_eq!(add_months(d("2027-05-15"), -6), d("2026-11-15"));
        assert_eq!(add_months(d("2024-03-31"), -1), d("2024-02-29"));
        assert_eq!(add_months(d("2026-01-10"), -13), d("2024-12-10"));
    }
}
