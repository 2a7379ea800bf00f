//! Every date a case is due on, each with the basis it was computed from: the deadlines a district must
//! meet (annual review, reassessment, initial IEP, assessment plan, parent request, interim placement,
//! manifestation determination) and the age milestones a team plans for (transition plan at 16, transfer
//! of rights by 17, age of majority, end of eligibility).
//!
//! Pure: a student record, the meetings held, a policy profile and a school calendar in; dates out.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Calendar, Policy};
use crate::domain::dates::{add_years, birthday};
use crate::domain::meeting::MeetingType;
use crate::domain::student::Student;

/// Bumped whenever the computation or its wording changes: stored due dates computed by an older
/// version are recomputed when the database is opened.
pub const VERSION: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    InitialIep,
    AssessmentPlan,
    ParentRequest,
    InterimPlacement,
    Manifestation,
    Annual,
    Triennial,
    TransitionPlan,
    TransferOfRights,
    AgeOfMajority,
    EndOfEligibility,
}

impl DueKind {
    pub const ALL: [DueKind; 11] = [
        DueKind::InitialIep,
        DueKind::AssessmentPlan,
        DueKind::ParentRequest,
        DueKind::InterimPlacement,
        DueKind::Manifestation,
        DueKind::Annual,
        DueKind::Triennial,
        DueKind::TransitionPlan,
        DueKind::TransferOfRights,
        DueKind::AgeOfMajority,
        DueKind::EndOfEligibility,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DueKind::InitialIep => "initial",
            DueKind::AssessmentPlan => "assessment-plan",
            DueKind::ParentRequest => "parent-request",
            DueKind::InterimPlacement => "interim",
            DueKind::Manifestation => "manifestation",
            DueKind::Annual => "annual",
            DueKind::Triennial => "triennial",
            DueKind::TransitionPlan => "transition-plan",
            DueKind::TransferOfRights => "transfer-of-rights",
            DueKind::AgeOfMajority => "age-of-majority",
            DueKind::EndOfEligibility => "end-of-eligibility",
        }
    }

    /// At most nine characters, for narrow tables.
    pub fn short(self) -> &'static str {
        match self {
            DueKind::InitialIep => "initial",
            DueKind::AssessmentPlan => "asmt plan",
            DueKind::ParentRequest => "request",
            DueKind::InterimPlacement => "interim",
            DueKind::Manifestation => "MD",
            DueKind::Annual => "annual",
            DueKind::Triennial => "triennial",
            DueKind::TransitionPlan => "trans16",
            DueKind::TransferOfRights => "rights17",
            DueKind::AgeOfMajority => "majority",
            DueKind::EndOfEligibility => "exit22",
        }
    }

    pub fn from_code(code: &str) -> Option<DueKind> {
        DueKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            DueKind::InitialIep => "Initial IEP",
            DueKind::AssessmentPlan => "Assessment plan",
            DueKind::ParentRequest => "Requested meeting",
            DueKind::InterimPlacement => "Interim placement review",
            DueKind::Manifestation => "Manifestation determination",
            DueKind::Annual => "Annual review",
            DueKind::Triennial => "Reassessment (triennial)",
            DueKind::TransitionPlan => "Transition plan (16)",
            DueKind::TransferOfRights => "Transfer-of-rights notice",
            DueKind::AgeOfMajority => "Age of majority",
            DueKind::EndOfEligibility => "End of eligibility",
        }
    }

    /// A deadline the district must meet (overdue when past); otherwise an age milestone that is only
    /// shown while it lies ahead.
    pub fn is_deadline(self) -> bool {
        !matches!(
            self,
            DueKind::TransferOfRights | DueKind::AgeOfMajority | DueKind::EndOfEligibility
        )
    }

    /// The meeting type that meets this deadline, if a meeting does.
    pub fn meeting_type(self) -> Option<MeetingType> {
        match self {
            DueKind::InitialIep => Some(MeetingType::Initial),
            DueKind::ParentRequest => Some(MeetingType::ParentRequested),
            DueKind::InterimPlacement => Some(MeetingType::Interim30Day),
            DueKind::Manifestation => Some(MeetingType::ManifestationDetermination),
            DueKind::Annual => Some(MeetingType::Annual),
            DueKind::Triennial => Some(MeetingType::Triennial),
            _ => None,
        }
    }
}

/// One due date and how it was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub kind: DueKind,
    pub date: NaiveDate,
    pub basis: String,
}

impl Due {
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.date - today).num_days()
    }
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.kind.is_deadline() && self.date < today
    }
    /// Worth showing on `today`: a deadline not yet met (overdue or not), or a milestone still ahead.
    pub fn current(&self, today: NaiveDate) -> bool {
        self.kind.is_deadline() || self.date >= today
    }
}

/// A meeting that was held (finalized), as far as deadlines care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub mtype: MeetingType,
    pub date: NaiveDate,
    /// The finalized IEP holds a transition plan (a postsecondary goal is written).
    pub transition_plan: bool,
    /// The date it records the student was told of the transfer of rights (IEP 6D).
    pub rights_notice: Option<NaiveDate>,
}

impl Held {
    /// A meeting held, with nothing else recorded that case status reads.
    pub fn of(mtype: MeetingType, date: NaiveDate) -> Held {
        Held { mtype, date, transition_plan: false, rights_notice: None }
    }
}

fn met_since(held: &[Held], since: NaiveDate, types: &[MeetingType]) -> bool {
    held.iter().any(|h| h.date >= since && types.contains(&h.mtype))
}

/// 16th, 21st, 22nd, 23rd.
pub fn ordinal(n: i32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn years(n: i32) -> String {
    if n == 1 { "1 year".into() } else { format!("{n} years") }
}

/// Every due date of the case, deadlines and milestones alike (past milestones too: see `Due::current`),
/// soonest first. Deadlines are listed until a meeting meets them, overdue or not.
pub fn due_dates(s: &Student, held: &[Held], policy: &Policy, cal: &Calendar) -> Vec<Due> {
    let mut out = Vec::new();
    let brk = policy.exclude_breaks_over_school_days;
    let breaks_note = |n: i64| {
        if brk > 0 {
            format!("{n} days, not counting breaks over {brk} school days")
        } else {
            format!("{n} days")
        }
    };
    // A later IEP date on the record (or a later meeting) settles the one-off deadlines.
    let iep_since = |d: NaiveDate| s.last_iep_date.is_some_and(|l| l >= d);

    if let Some(last) = s.last_iep_date {
        out.push(Due {
            kind: DueKind::Annual,
            date: add_years(last, policy.annual_review_years),
            basis: format!("annual: last IEP {last} + {}", years(policy.annual_review_years)),
        });
    }
    if let (Some(last), Some(from)) = (s.last_assessment_date, s.triennial_from()) {
        out.push(Due {
            kind: DueKind::Triennial,
            date: add_years(from, policy.reassessment_years),
            basis: if from > last {
                format!("triennial: parent and LEA agreed in writing on {from} that no reassessment was needed + {}", years(policy.reassessment_years))
            } else {
                format!("triennial: last assessment IEP {last} + {}", years(policy.reassessment_years))
            },
        });
    }
    if let Some(consent) = s.initial_consent_date {
        if !iep_since(consent) && !met_since(held, consent, &[MeetingType::Initial]) {
            if let Some((date, how)) = cal.initial_deadline_for(s, policy) {
                let basis = match how {
                    crate::timeline::calendar::InitialBasis::YearEnd => format!(
                        "initial: consent {consent} within {} days of the school year's end ({}): 30 days into the next year",
                        policy.initial_end_of_year_window, cal.last_day
                    ),
                    crate::timeline::calendar::InitialBasis::Agreed => {
                        format!("initial: consent {consent}; enrolled from another LEA, completion date agreed with the parent")
                    }
                    crate::timeline::calendar::InitialBasis::Days => format!("initial: consent {consent} + {}", breaks_note(policy.initial_iep_days)),
                };
                out.push(Due { kind: DueKind::InitialIep, date, basis });
            }
        }
    }
    if let Some(referral) = s.referral_date {
        let sent = s.assessment_plan_sent.is_some_and(|d| d >= referral);
        if !sent && s.initial_consent_date.is_none_or(|c| c < referral) && !iep_since(referral) {
            out.push(Due {
                kind: DueKind::AssessmentPlan,
                date: cal.assessment_plan_deadline(referral, policy.assessment_plan_days, brk, s.assessment_plan_extension),
                basis: match cal.referral_at_year_end(referral) {
                    Some(next) => format!("assessment plan: referral {referral}, 20 days or less before the school year ended: 10 days after {next}"),
                    None => format!("assessment plan: referral {referral} + {}", breaks_note(policy.assessment_plan_days)),
                },
            });
        }
    }
    if let Some(req) = s.parent_request_date {
        let any_meeting = MeetingType::ALL;
        if !iep_since(req) && !met_since(held, req, &any_meeting) {
            out.push(Due {
                kind: DueKind::ParentRequest,
                date: cal.add_days_excluding_breaks(req, policy.parent_request_days, brk),
                basis: format!("requested meeting: parent's written request {req} + {}", breaks_note(policy.parent_request_days)),
            });
        }
    }
    if let Some(enrolled) = s.transfer_enrolled {
        let types = [MeetingType::Interim30Day, MeetingType::Annual, MeetingType::Initial, MeetingType::Triennial];
        if !iep_since(enrolled) && !met_since(held, enrolled, &types) {
            out.push(Due {
                kind: DueKind::InterimPlacement,
                date: enrolled + Duration::days(policy.interim_placement_days),
                basis: format!("interim placement: enrolled on transfer {enrolled} + {} days", policy.interim_placement_days),
            });
        }
    }
    if let Some(decision) = s.discipline_decision_date {
        if !met_since(held, decision, &[MeetingType::ManifestationDetermination]) {
            out.push(Due {
                kind: DueKind::Manifestation,
                date: cal.add_school_days(decision, policy.manifestation_school_days),
                basis: format!(
                    "manifestation determination: decision to change placement {decision} + {} school days",
                    policy.manifestation_school_days
                ),
            });
        }
    }

    if let Some(dob) = s.dob {
        let b16 = birthday(dob, policy.transition_plan_age);
        // A real deadline while it is the district's to meet: not once a finalized IEP holds a plan,
        // nor when the IEP in effect on that birthday was written before iepmeet knew the student
        // (the last IEP already came after it), nor before the student has an IEP (the initial
        // IEP's own rules ask for the plan).
        let planned = held.iter().any(|h| h.transition_plan);
        if !planned && s.last_iep_date.is_some_and(|last| last < b16) {
            out.push(transition_plan(s.last_iep_date, b16, policy));
        }
        let b17 = birthday(dob, policy.transfer_of_rights_notice_age);
        // Done once a finalized meeting records that the student was told (7.16).
        if !held.iter().any(|h| h.rights_notice.is_some()) {
            out.push(Due {
                kind: DueKind::TransferOfRights,
                date: b17,
                basis: format!(
                    "transfer of rights: the student is told of the rights that transfer at {} on or before the {} birthday",
                    policy.age_of_majority, ordinal(policy.transfer_of_rights_notice_age)
                ),
            });
        }
        let b18 = birthday(dob, policy.age_of_majority);
        {
            out.push(Due {
                kind: DueKind::AgeOfMajority,
                date: b18,
                basis: format!("age of majority: {} birthday; educational rights transfer to the student", ordinal(policy.age_of_majority)),
            });
        }
        out.push(end_of_eligibility(dob, policy));
    }
    out.sort_by_key(|d| (d.date, d.kind));
    out
}

/// The first IEP in effect on the transition-age birthday must hold a transition plan: the last annual
/// review due on or before that birthday, or the current IEP when it is still in effect then.
fn transition_plan(last_iep: Option<NaiveDate>, b16: NaiveDate, policy: &Policy) -> Due {
    let nth = ordinal(policy.transition_plan_age);
    let Some(last) = last_iep else {
        return Due {
            kind: DueKind::TransitionPlan,
            date: b16,
            basis: format!("transition plan: the IEP in effect on the {nth} birthday ({b16}) must hold one"),
        };
    };
    let mut k = 1;
    while add_years(last, policy.annual_review_years * (k + 1)) <= b16 {
        k += 1;
    }
    let review = add_years(last, policy.annual_review_years * k);
    if review > b16 {
        Due {
            kind: DueKind::TransitionPlan,
            date: b16,
            basis: format!(
                "transition plan: the current IEP ({last}) is still in effect on the {nth} birthday ({b16}); amend it by then"
            ),
        }
    } else {
        Due {
            kind: DueKind::TransitionPlan,
            date: review,
            basis: format!(
                "transition plan: annual review {review} sets the IEP in effect on the {nth} birthday ({b16})"
            ),
        }
    }
}

/// End of eligibility. California (E.C. 56026(c)(4), handbook 7.18), by the month of the 22nd birthday:
/// January-June, the end of that fiscal year (June 30); July-September, no new fiscal year is begun
/// (June 30 before the birthday); October-December, December 31 of that year (June 30 of the next when
/// the IEP would end then or no transition plan was in place from age 20). Otherwise: the day before.
pub fn end_of_eligibility(dob: NaiveDate, policy: &Policy) -> Due {
    let b = birthday(dob, policy.eligibility_end_age);
    let age = policy.eligibility_end_age;
    let nth = ordinal(age);
    let (date, basis) = if policy.eligibility_end_rule == "california-fiscal-year" {
        let y = b.year();
        let jun30 = NaiveDate::from_ymd_opt(y, 6, 30).expect("date");
        match b.month() {
            1..=6 => (jun30, format!("end of eligibility: {nth} birthday {b} falls in January-June: the fiscal year ends June 30 (E.C. 56026(c)(4)(A))")),
            7..=9 => (jun30, format!("end of eligibility: {nth} birthday {b} falls in July-September: no new fiscal year is begun (E.C. 56026(c)(4)(B))")),
            _ => (
                NaiveDate::from_ymd_opt(y, 12, 31).expect("date"),
                format!("end of eligibility: {nth} birthday {b} falls in October-December: December 31, or June 30 {} if the IEP ends then or no transition plan ran from age 20 (E.C. 56026(c)(4)(C))", y + 1),
            ),
        }
    } else {
        (b - Duration::days(1), format!("end of eligibility: through age {}; the day before the {nth} birthday {b}", age - 1))
    };
    Due { kind: DueKind::EndOfEligibility, date, basis }
}

/// The dates worth showing on `today` (see `Due::current`), soonest first.
pub fn current(dues: &[Due], today: NaiveDate) -> Vec<Due> {
    dues.iter().filter(|d| d.current(today)).cloned().collect()
}

/// The earliest deadline still to meet: what orders a caseload by urgency.
pub fn next_deadline(dues: &[Due]) -> Option<&Due> {
    dues.iter().filter(|d| d.kind.is_deadline()).min_by_key(|d| d.date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }
    fn ca() -> Policy {
        Policy::california()
    }
    fn fed() -> Policy {
        Policy::builtin("idea-federal").unwrap()
    }
    fn find(dues: &[Due], k: DueKind) -> Option<&Due> {
        dues.iter().find(|x| x.kind == k)
    }
    fn today() -> NaiveDate {
        d(2026, 11, 22)
    }

    fn run(s: &Student) -> Vec<Due> {
        current(&due_dates(s, &[], &ca(), Calendar::sample()), today())
    }

    #[test]
    fn annual_and_triennial_with_basis_and_leap_days() {
        let s = Student {
            last_iep_date: Some(d(2026, 3, 4)),
            last_assessment_date: Some(d(2024, 2, 29)),
            ..Default::default()
        };
        let dues = run(&s);
        let a = find(&dues, DueKind::Annual).unwrap();
        assert_eq!((a.date, a.basis.as_str()), (d(2027, 3, 4), "annual: last IEP 2026-03-04 + 1 year"));
        let t = find(&dues, DueKind::Triennial).unwrap();
        assert_eq!(t.date, d(2027, 2, 28), "Feb 29 + 3 years is Feb 28 of a common year");
        assert!(t.basis.contains("+ 3 years"));
        // overdue is a deadline in the past; the boundary day itself is due today, not overdue
        assert!(!a.overdue(d(2027, 3, 4)));
        assert!(a.overdue(d(2027, 3, 5)));
        assert_eq!(a.days_left(d(2027, 3, 1)), 3);
    }

    #[test]
    fn initial_iep_60_days_excluding_long_breaks() {
        let s = Student { initial_consent_date: Some(d(2026, 11, 20)), ..Default::default() };
        let i = run(&s).into_iter().find(|x| x.kind == DueKind::InitialIep).unwrap();
        // the 12-day winter break (10 school days) is not counted; Thanksgiving (5) is
        assert_eq!(i.date, d(2027, 1, 31));
        assert!(i.basis.contains("consent 2026-11-20 + 60 days, not counting breaks over 5 school days"));
        let f = due_dates(&s, &[], &fed(), Calendar::sample());
        assert_eq!(find(&f, DueKind::InitialIep).unwrap().date, d(2027, 1, 19), "federal: plain 60 days");
        // consent 30 days before the year's last day: 30 days into the next year
        let late = Student { initial_consent_date: Some(d(2027, 5, 4)), ..Default::default() };
        let i = find(&run(&late), DueKind::InitialIep).cloned().unwrap();
        assert_eq!(i.date, d(2027, 9, 10));
        assert!(i.basis.contains("within 30 days of the school year's end"));
        // 31 days before: the ordinary rule, with the summer excluded
        let early = Student { initial_consent_date: Some(d(2027, 5, 3)), ..Default::default() };
        assert!(find(&run(&early), DueKind::InitialIep).unwrap().basis.contains("+ 60 days"));
        // settled once an IEP is on the record after consent, or an initial meeting was held
        let done = Student { last_iep_date: Some(d(2027, 1, 10)), ..s.clone() };
        assert!(find(&run(&done), DueKind::InitialIep).is_none());
        let held = [Held::of(MeetingType::Initial, d(2027, 1, 5))];
        assert!(find(&due_dates(&s, &held, &ca(), Calendar::sample()), DueKind::InitialIep).is_none());
        let before = [Held::of(MeetingType::Initial, d(2026, 11, 1))];
        assert!(find(&due_dates(&s, &before, &ca(), Calendar::sample()), DueKind::InitialIep).is_some());
    }

    #[test]
    fn assessment_plan_and_parent_request() {
        let s = Student { referral_date: Some(d(2026, 12, 15)), parent_request_date: Some(d(2026, 12, 10)), ..Default::default() };
        let dues = run(&s);
        // 15 days from 2026-12-15 with the winter break (2026-12-21..2027-01-01, 10 school days) skipped
        assert_eq!(find(&dues, DueKind::AssessmentPlan).unwrap().date, d(2027, 1, 11));
        assert_eq!(find(&dues, DueKind::ParentRequest).unwrap().date, d(2027, 1, 21));
        let sent = Student { assessment_plan_sent: Some(d(2026, 12, 18)), ..s.clone() };
        assert!(find(&run(&sent), DueKind::AssessmentPlan).is_none());
        let met = [Held::of(MeetingType::ParentRequested, d(2027, 1, 8))];
        assert!(find(&due_dates(&s, &met, &ca(), Calendar::sample()), DueKind::ParentRequest).is_none());
    }

    #[test]
    fn interim_and_manifestation() {
        let s = Student {
            transfer_enrolled: Some(d(2026, 11, 2)),
            discipline_decision_date: Some(d(2026, 11, 20)),
            ..Default::default()
        };
        let dues = run(&s);
        assert_eq!(find(&dues, DueKind::InterimPlacement).unwrap().date, d(2026, 12, 2));
        // 10 school days: Thanksgiving week is not school
        assert_eq!(find(&dues, DueKind::Manifestation).unwrap().date, d(2026, 12, 11));
        let held = [Held::of(MeetingType::ManifestationDetermination, d(2026, 12, 1))];
        assert!(find(&due_dates(&s, &held, &ca(), Calendar::sample()), DueKind::Manifestation).is_none());
        // overdue deadlines stay listed
        assert!(find(&due_dates(&s, &[], &ca(), Calendar::sample()), DueKind::InterimPlacement)
            .unwrap()
            .overdue(d(2027, 2, 1)));
    }

    #[test]
    fn transition_plan_is_due_at_the_review_that_covers_the_16th_birthday() {
        // 16 on 2027-05-10; annual reviews 2027-03-04, 2028-03-04: the 2027 review covers the birthday
        let s = Student { dob: Some(d(2011, 5, 10)), last_iep_date: Some(d(2026, 3, 4)), ..Default::default() };
        let t = find(&run(&s), DueKind::TransitionPlan).cloned().unwrap();
        assert_eq!(t.date, d(2027, 3, 4));
        assert!(t.basis.contains("16th birthday (2027-05-10)"));
        // two reviews before the birthday: the later one
        let s2 = Student { dob: Some(d(2012, 5, 10)), ..s.clone() };
        assert_eq!(find(&run(&s2), DueKind::TransitionPlan).unwrap().date, d(2028, 3, 4));
        // birthday on the annual due date itself: that review
        let s3 = Student { dob: Some(d(2011, 3, 4)), ..s.clone() };
        assert_eq!(find(&run(&s3), DueKind::TransitionPlan).unwrap().date, d(2027, 3, 4));
        // birthday before the next review: the current IEP must be amended by the birthday
        let s4 = Student { dob: Some(d(2011, 1, 15)), ..s.clone() };
        let t4 = find(&run(&s4), DueKind::TransitionPlan).cloned().unwrap();
        assert_eq!(t4.date, d(2027, 1, 15));
        assert!(t4.basis.contains("amend"));
        // already 16: no longer ahead
        let s5 = Student { dob: Some(d(2010, 1, 15)), ..s.clone() };
        assert!(find(&run(&s5), DueKind::TransitionPlan).is_none());
    }

    #[test]
    fn milestones_17_18_and_leap_day_birthdays() {
        let s = Student { dob: Some(d(2012, 2, 29)), ..Default::default() };
        let dues = run(&s);
        assert_eq!(find(&dues, DueKind::TransferOfRights).unwrap().date, d(2029, 3, 1));
        assert_eq!(find(&dues, DueKind::AgeOfMajority).unwrap().date, d(2030, 3, 1));
        // on the 17th birthday itself it is still listed (due today); the day after it is gone
        let b17 = Student { dob: Some(d(2009, 11, 22)), ..Default::default() };
        assert!(find(&run(&b17), DueKind::TransferOfRights).is_some());
        let past = Student { dob: Some(d(2009, 11, 21)), ..Default::default() };
        assert!(find(&run(&past), DueKind::TransferOfRights).is_none());
        assert!(!find(&run(&s), DueKind::AgeOfMajority).unwrap().kind.is_deadline());
    }

    #[test]
    fn end_of_eligibility_by_birthday_month() {
        let e = |dob| end_of_eligibility(dob, &ca()).date;
        assert_eq!(e(d(2005, 1, 1)), d(2027, 6, 30), "January: the rest of the fiscal year");
        assert_eq!(e(d(2005, 6, 30)), d(2027, 6, 30));
        assert_eq!(e(d(2005, 7, 1)), d(2027, 6, 30), "July: no new fiscal year");
        assert_eq!(e(d(2005, 9, 30)), d(2027, 6, 30));
        assert_eq!(e(d(2005, 10, 1)), d(2027, 12, 31), "October: December 31");
        assert_eq!(e(d(2005, 12, 31)), d(2027, 12, 31));
        assert!(end_of_eligibility(d(2005, 10, 1), &ca()).basis.contains("June 30 2028"));
        assert_eq!(end_of_eligibility(d(2005, 10, 1), &fed()).date, d(2027, 9, 30), "federal: through age 21");
    }

    #[test]
    fn soonest_first_and_most_urgent_prefers_deadlines() {
        let s = Student { dob: Some(d(2011, 1, 15)), last_iep_date: Some(d(2026, 3, 4)), ..Default::default() };
        let dues = run(&s);
        assert!(dues.windows(2).all(|w| w[0].date <= w[1].date));
        assert_eq!(dues[0].kind, DueKind::TransitionPlan);
        // The IEP in effect on the 16th birthday must hold a plan: amending it is the next deadline.
        assert_eq!(next_deadline(&dues).unwrap().kind, DueKind::TransitionPlan);
        assert!(next_deadline(&run(&Student { dob: s.dob, ..Default::default() })).is_none());
        assert_eq!([ordinal(16), ordinal(21), ordinal(22), ordinal(13), ordinal(23)], ["16th", "21st", "22nd", "13th", "23rd"]);
        for k in DueKind::ALL {
            assert_eq!(DueKind::from_code(k.code()), Some(k));
        }
    }

    /// Case status follows what was done: a finalized IEP with a transition plan meets the
    /// transition deadline, one recording the transfer-of-rights notice meets that one.
    #[test]
    fn what_a_finalized_meeting_records_meets_its_deadline() {
        let s = Student { dob: Some(d(2011, 1, 15)), last_iep_date: Some(d(2026, 3, 4)), ..Default::default() };
        let kinds = |held: &[Held]| due_dates(&s, held, &Policy::california(), Calendar::sample()).into_iter().map(|d| d.kind).collect::<Vec<_>>();
        assert!(kinds(&[]).contains(&DueKind::TransitionPlan) && kinds(&[]).contains(&DueKind::TransferOfRights));
        let amended = Held { transition_plan: true, ..Held::of(MeetingType::Amendment, d(2026, 12, 1)) };
        assert!(!kinds(&[amended]).contains(&DueKind::TransitionPlan));
        let told = Held { rights_notice: Some(d(2026, 12, 1)), ..Held::of(MeetingType::Annual, d(2026, 12, 1)) };
        assert!(!kinds(&[told]).contains(&DueKind::TransferOfRights));
        assert!(DueKind::TransitionPlan.is_deadline(), "a real deadline: `iepmeet due` and the caseload show it");
    }
}
