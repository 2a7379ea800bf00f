//! Field descriptions shared by every form of the meeting: what a field is called, what kind of value it
//! holds, and how typed text becomes a value (or a clear, specific error that changes nothing).

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use super::text::{clean_line, clean_text, MAX_LINE, MAX_LONG};

/// What kind of value a field holds; decides how it is edited and validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Several lines of text.
    Long,
    /// One item per line (objectives, lists of names).
    Lines,
    /// A calendar date.
    Date,
    /// A date of birth: a date giving an age a student can have.
    Dob,
    /// A time of day.
    Time,
    /// A whole number of minutes.
    Minutes,
    /// A small whole count (sessions per period).
    Count,
    /// A percentage 0-100.
    Percent,
    /// Yes / no / not answered.
    YesNo,
    /// One value from a reference list (`data/reference.toml` key, or `@goals`, `@attendees`).
    Choice(&'static str),
    /// Several values from a reference list.
    Multi(&'static str),
}

#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
}

/// What validation needs to know about the world.
#[derive(Debug, Clone, Copy)]
pub struct Cx {
    pub today: NaiveDate,
    /// The time of day, where a person is typing (the TUI): then "today", "yesterday" and
    /// "tomorrow" are dates and "now" is a time. Documents and rosters give none (their values are
    /// what they say, whenever they are read).
    pub now: Option<NaiveTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    pub field: String,
    pub problem: String,
}

impl FieldError {
    pub fn new(field: &str, problem: impl Into<String>) -> Self {
        FieldError { field: field.to_string(), problem: problem.into() }
    }
}

/// A form: a plain struct whose fields can be listed, shown and set from text.
pub trait Record {
    fn specs(&self) -> &'static [FieldSpec];
    fn get(&self, key: &str) -> String;
    /// Parse `input` into the field. On error the record is unchanged.
    fn set(&mut self, key: &str, input: &str, cx: &Cx) -> Result<(), FieldError>;
    fn spec(&self, key: &str) -> Option<&'static FieldSpec> {
        self.specs().iter().find(|s| s.key == key)
    }
    fn is_blank(&self) -> bool {
        self.specs().iter().all(|s| self.get(s.key).trim().is_empty())
    }
}

/// How one Rust type is shown and parsed for a given field kind.
pub trait FieldValue: Sized {
    fn show(&self, spec: &FieldSpec) -> String;
    fn parse(input: &str, spec: &FieldSpec, cx: &Cx) -> Result<Self, FieldError>;
}

impl FieldValue for String {
    fn show(&self, _spec: &FieldSpec) -> String {
        self.clone()
    }
    fn parse(input: &str, spec: &FieldSpec, _cx: &Cx) -> Result<Self, FieldError> {
        let (value, max) = match spec.kind {
            Kind::Long | Kind::Lines => (clean_text(input).trim_end().to_string(), MAX_LONG),
            _ => (clean_line(input), MAX_LINE),
        };
        let n = value.chars().count();
        if n > max {
            return Err(FieldError::new(spec.label, format!("too long ({n} characters; the limit is {max})")));
        }
        match spec.kind {
            Kind::Choice(list) if !value.is_empty() => fixed(list, &value).map_err(|p| FieldError::new(spec.label, p)),
            _ => Ok(value),
        }
    }
}

/// A value of list `list`: a fixed list's own spelling of it, or a refusal; open lists take any text.
fn fixed(list: &str, value: &str) -> Result<String, String> {
    let refdata = super::refdata::RefData::shared();
    if refdata.is_fixed(list) { refdata.canonical(list, value) } else { Ok(value.to_string()) }
}

impl FieldValue for Vec<String> {
    fn show(&self, spec: &FieldSpec) -> String {
        self.join(if spec.kind == Kind::Lines { "\n" } else { "; " })
    }
    fn parse(input: &str, spec: &FieldSpec, cx: &Cx) -> Result<Self, FieldError> {
        let text = String::parse(input, &FieldSpec { kind: Kind::Long, ..*spec }, cx)?;
        let parts: Vec<String> = match spec.kind {
            Kind::Lines => text.lines().map(clean_line).filter(|l| !l.is_empty()).collect(),
            _ => text.split([';', '\n']).map(clean_line).filter(|l| !l.is_empty()).collect(),
        };
        if let Some(p) = parts.iter().find(|p| p.chars().count() > MAX_LINE * 5) {
            return Err(FieldError::new(spec.label, format!("an entry is too long ({} characters)", p.chars().count())));
        }
        match spec.kind {
            Kind::Multi(list) => parts.iter().map(|p| fixed(list, p)).collect::<Result<_, _>>().map_err(|p| FieldError::new(spec.label, p)),
            _ => Ok(parts),
        }
    }
}

/// A date typed as an offset from today: `+30d`, `-1w`, `+6m`, `+1y` (days when no unit is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Offset {
    n: i64,
    unit: char,
}

fn offset(w: &str) -> Option<Offset> {
    let (sign, rest) = match w.as_bytes().first()? {
        b'+' => (1, &w[1..]),
        b'-' => (-1, &w[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 4 {
        return None;
    }
    let unit = match rest[digits.len()..].trim() {
        "" | "d" | "day" | "days" => 'd',
        "w" | "wk" | "week" | "weeks" => 'w',
        "m" | "mo" | "month" | "months" => 'm',
        "y" | "yr" | "year" | "years" => 'y',
        _ => return None,
    };
    Some(Offset { n: sign * digits.parse::<i64>().ok()?, unit })
}

impl Offset {
    fn from(self, today: NaiveDate) -> Option<NaiveDate> {
        let months = |m: i64| {
            let k = chrono::Months::new(u32::try_from(m.unsigned_abs()).ok()?);
            if m >= 0 { today.checked_add_months(k) } else { today.checked_sub_months(k) }
        };
        match self.unit {
            'd' => today.checked_add_signed(chrono::Duration::days(self.n)),
            'w' => today.checked_add_signed(chrono::Duration::weeks(self.n)),
            'm' => months(self.n),
            _ => months(self.n * 12),
        }
    }
}

impl FieldValue for Option<NaiveDate> {
    fn show(&self, _spec: &FieldSpec) -> String {
        self.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
    }
    fn parse(input: &str, spec: &FieldSpec, cx: &Cx) -> Result<Self, FieldError> {
        let t = clean_line(input);
        if t.is_empty() {
            return Ok(None);
        }
        let relative = match (cx.now, t.to_ascii_lowercase().as_str()) {
            (Some(_), "today" | "t") => Some(cx.today),
            (Some(_), "yesterday") => cx.today.pred_opt(),
            (Some(_), "tomorrow") => cx.today.succ_opt(),
            (Some(_), w) => offset(w).and_then(|o| o.from(cx.today)),
            _ => None,
        };
        let d = match relative {
            Some(d) => d,
            None => parse_date(&t).map_err(|p| FieldError::new(spec.label, p))?,
        };
        if spec.kind == Kind::Dob {
            check_dob(d, cx.today).map_err(|p| FieldError::new(spec.label, p))?;
        } else if !(1950..=2100).contains(&d.year()) {
            return Err(FieldError::new(spec.label, format!("{t} is outside the years 1950-2100")));
        }
        Ok(Some(d))
    }
}

impl FieldValue for Option<NaiveTime> {
    fn show(&self, _spec: &FieldSpec) -> String {
        self.map(|t| t.format("%H:%M").to_string()).unwrap_or_default()
    }
    fn parse(input: &str, spec: &FieldSpec, cx: &Cx) -> Result<Self, FieldError> {
        let t = clean_line(input);
        if t.is_empty() {
            return Ok(None);
        }
        if let (Some(now), "now" | "n") = (cx.now, t.to_ascii_lowercase().as_str()) {
            // To the minute, as times are shown and kept.
            return Ok(now.with_second(0).and_then(|n| n.with_nanosecond(0)));
        }
        parse_time(&t).map(Some).map_err(|p| FieldError::new(spec.label, p))
    }
}

impl FieldValue for Option<u32> {
    fn show(&self, _spec: &FieldSpec) -> String {
        self.map(|n| n.to_string()).unwrap_or_default()
    }
    fn parse(input: &str, spec: &FieldSpec, _cx: &Cx) -> Result<Self, FieldError> {
        let t = clean_line(input);
        let t = t.trim_end_matches('%').trim_end_matches("min").trim();
        if t.is_empty() {
            return Ok(None);
        }
        let n: u32 = t.parse().map_err(|_| {
            FieldError::new(spec.label, format!("'{t}' is not a whole number"))
        })?;
        let max = match spec.kind {
            Kind::Percent => 100,
            Kind::Minutes => 1440,
            _ => 1000,
        };
        if n > max {
            return Err(FieldError::new(spec.label, format!("{n} is more than {max}")));
        }
        Ok(Some(n))
    }
}

impl FieldValue for Option<bool> {
    fn show(&self, _spec: &FieldSpec) -> String {
        match self {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        }
    }
    fn parse(input: &str, spec: &FieldSpec, _cx: &Cx) -> Result<Self, FieldError> {
        match clean_line(input).to_ascii_lowercase().as_str() {
            "" | "-" | "—" => Ok(None),
            "y" | "yes" | "true" => Ok(Some(true)),
            "n" | "no" | "false" => Ok(Some(false)),
            other => Err(FieldError::new(spec.label, format!("'{other}' is not yes or no"))),
        }
    }
}

/// Accepts `YYYY-MM-DD` and the US form `MM/DD/YYYY`.
pub fn parse_date(t: &str) -> Result<NaiveDate, String> {
    let t = t.trim();
    let parsed = if t.contains('/') {
        NaiveDate::parse_from_str(t, "%m/%d/%Y")
    } else {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
    };
    match parsed {
        Ok(d) if (1000..=9999).contains(&d.year()) => Ok(d),
        _ => Err(format!("'{t}' is not a valid date (use YYYY-MM-DD or MM/DD/YYYY)")),
    }
}

/// Accepts `HH:MM` (24 h) and `h:mm am/pm`.
pub fn parse_time(t: &str) -> Result<NaiveTime, String> {
    let lower = t.trim().to_ascii_lowercase().replace(' ', "");
    let res = if lower.ends_with("am") || lower.ends_with("pm") {
        NaiveTime::parse_from_str(&lower, "%I:%M%P")
    } else {
        NaiveTime::parse_from_str(&lower, "%H:%M")
    };
    res.map_err(|_| format!("'{t}' is not a valid time (use HH:MM, e.g. 14:30 or 2:30 pm)"))
}

/// A date of birth must be in the past and give an age a student served under IDEA can have
/// (birth to 22, with a little slack for records kept after exit).
pub fn check_dob(dob: NaiveDate, today: NaiveDate) -> Result<(), String> {
    if dob > today {
        return Err(format!("{dob} is in the future"));
    }
    let age = super::dates::age_on(dob, today);
    if age > 25 {
        return Err(format!("{dob} gives an age of {age}; students are served from birth to age 22"));
    }
    Ok(())
}

/// Declare a form struct together with its field table.
///
/// ```ignore
/// record! { pub struct Attendee { name: String => "Name", Kind::Text; } }
/// ```
#[macro_export]
macro_rules! record {
    ($(#[$m:meta])* pub struct $name:ident { $( $field:ident : $ty:ty => $label:literal, $kind:expr ; )* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default)]
        pub struct $name { $( pub $field: $ty, )* }

        impl $name {
            /// The field table: one `static` (a `const` array would be copied into every
            /// codegen unit that names it, each copy patched by the loader at every start).
            pub const SPECS: &'static [$crate::domain::fields::FieldSpec] = {
                static TABLE: [$crate::domain::fields::FieldSpec; [$(stringify!($field)),*].len()] = [
                    $( $crate::domain::fields::FieldSpec { key: stringify!($field), label: $label, kind: $kind }, )*
                ];
                &TABLE
            };

            /// Copy one field, by key, from another record of this kind (false: no such field).
            #[allow(dead_code)]
            pub fn copy_field(&mut self, from: &Self, key: &str) -> bool {
                match key {
                    $( stringify!($field) => { self.$field = from.$field.clone(); true } )*
                    _ => false,
                }
            }
        }

        impl $crate::domain::fields::Record for $name {
            fn specs(&self) -> &'static [$crate::domain::fields::FieldSpec] { Self::SPECS }
            fn get(&self, key: &str) -> String {
                use $crate::domain::fields::FieldValue;
                let Some(spec) = self.spec(key) else { return String::new() };
                match key { $( stringify!($field) => self.$field.show(spec), )* _ => String::new() }
            }
            fn set(&mut self, key: &str, input: &str, cx: &$crate::domain::fields::Cx)
                -> Result<(), $crate::domain::fields::FieldError> {
                use $crate::domain::fields::FieldValue;
                let spec = self.spec(key).ok_or_else(|| $crate::domain::fields::FieldError::new(key, "no such field"))?;
                match key {
                    $( stringify!($field) => { self.$field = <$ty>::parse(input, spec, cx)?; Ok(()) } )*
                    _ => unreachable!(),
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> Cx {
        Cx { today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), now: None }
    }
    const D: FieldSpec = FieldSpec { key: "d", label: "Date", kind: Kind::Date };
    const B: FieldSpec = FieldSpec { key: "b", label: "Date of birth", kind: Kind::Dob };
    const M: FieldSpec = FieldSpec { key: "m", label: "Duration", kind: Kind::Minutes };

    #[test]
    fn dates_both_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        assert_eq!(Option::<NaiveDate>::parse("2026-03-04", &D, &cx()).unwrap(), Some(d));
        assert_eq!(Option::<NaiveDate>::parse("03/04/2026", &D, &cx()).unwrap(), Some(d));
        assert_eq!(Option::<NaiveDate>::parse("", &D, &cx()).unwrap(), None);
        let e = Option::<NaiveDate>::parse("2026-02-30", &D, &cx()).unwrap_err();
        assert!(e.problem.contains("not a valid date"), "{e}");
    }

    #[test]
    fn impossible_dob() {
        assert!(Option::<NaiveDate>::parse("2030-01-01", &B, &cx()).unwrap_err().problem.contains("future"));
        assert!(Option::<NaiveDate>::parse("1950-01-01", &B, &cx()).unwrap_err().problem.contains("age of 76"));
        assert!(Option::<NaiveDate>::parse("2012-02-29", &B, &cx()).is_ok());
    }

    #[test]
    fn minutes_must_be_numeric() {
        assert_eq!(Option::<u32>::parse("30", &M, &cx()).unwrap(), Some(30));
        assert_eq!(Option::<u32>::parse("30 min", &M, &cx()).unwrap(), Some(30));
        assert!(Option::<u32>::parse("thirty", &M, &cx()).unwrap_err().problem.contains("not a whole number"));
        assert!(Option::<u32>::parse("5000", &M, &cx()).is_err());
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("2:30 pm").unwrap(), NaiveTime::from_hms_opt(14, 30, 0).unwrap());
        assert_eq!(parse_time("09:05").unwrap(), NaiveTime::from_hms_opt(9, 5, 0).unwrap());
        assert!(parse_time("25:00").is_err());
    }

    #[test]
    fn long_text_limit() {
        let t = FieldSpec { key: "t", label: "Name", kind: Kind::Text };
        let huge = "x".repeat(MAX_LINE + 1);
        assert!(String::parse(&huge, &t, &cx()).unwrap_err().problem.contains("too long"));
    }

    #[test]
    fn today_and_now_are_words_where_a_person_types_and_nowhere_else() {
        let typing = Cx { today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), now: NaiveTime::from_hms_opt(14, 7, 31) };
        let spec = FieldSpec { key: "d", label: "Date", kind: Kind::Date };
        let t = FieldSpec { key: "t", label: "Time", kind: Kind::Time };
        assert_eq!(<Option<NaiveDate>>::parse("today", &spec, &typing).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 22));
        assert_eq!(<Option<NaiveDate>>::parse(" Yesterday ", &spec, &typing).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 21));
        assert_eq!(<Option<NaiveDate>>::parse("tomorrow", &spec, &typing).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 23));
        assert_eq!(<Option<NaiveTime>>::parse("now", &t, &typing).unwrap(), NaiveTime::from_hms_opt(14, 7, 0), "to the minute");
        // A document or a roster means what it says: the words are not dates there.
        assert!(<Option<NaiveDate>>::parse("today", &spec, &cx()).is_err());
        assert!(<Option<NaiveTime>>::parse("now", &t, &cx()).is_err());
        // A date of birth takes the words too, and is then checked as any date of birth is.
        let dob = FieldSpec { key: "b", label: "Birth", kind: Kind::Dob };
        assert!(<Option<NaiveDate>>::parse("today", &dob, &typing).is_ok_and(|d| d == NaiveDate::from_ymd_opt(2026, 11, 22)));
        // Offsets from today, as a facilitator says them ("in 30 days", "a week ago", "in a year").
        let on = |s: &str| <Option<NaiveDate>>::parse(s, &spec, &typing);
        let ymd = |y, m, d| Ok(NaiveDate::from_ymd_opt(y, m, d));
        assert_eq!(on("t"), ymd(2026, 11, 22));
        assert_eq!(on("+30d"), ymd(2026, 12, 22));
        assert_eq!(on("+30"), ymd(2026, 12, 22));
        assert_eq!(on("-1w"), ymd(2026, 11, 15));
        assert_eq!(on("+6m"), ymd(2027, 5, 22));
        assert_eq!(on("+1y"), ymd(2027, 11, 22));
        assert_eq!(on("+1 year"), ymd(2027, 11, 22));
        assert_eq!(on("11/30/2026"), ymd(2026, 11, 30));
        for bad in ["+", "+d", "+30x", "++3", "+99999d", "-1q"] {
            assert!(on(bad).is_err(), "{bad}");
        }
        assert!(<Option<NaiveDate>>::parse("+30d", &spec, &cx()).is_err(), "not in a document");
    }
}
