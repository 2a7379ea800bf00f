//! Case status: every student's due dates, computed by the domain core (`timeline::due`) whenever the
//! record, its meetings, the policy profile or the calendar change, and kept in `case_status` so that a
//! district-sized caseload can be listed, ordered by urgency and looked up without recomputing.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};

use super::{Result, Store, StoreError};
use crate::domain::meeting::{Meeting, MeetingType};
use crate::domain::student::Student;
use crate::rules::RuleSet;
use crate::timeline::due::{due_dates, next_deadline, Due, DueKind, Held};
use crate::timeline::{Calendar, Policy};

/// One caseload line: enough to list, order, filter and search a caseload without decoding records.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub local_id: String,
    pub ssid: String,
    pub dob: Option<NaiveDate>,
    pub grade: String,
    pub school: String,
    pub case_manager: String,
    pub disability: String,
    pub next_deadline: Option<NaiveDate>,
    pub next_kind: Option<DueKind>,
    pub open_meeting: Option<i64>,
    pub open_errors: i64,
}

impl CaseRow {
    pub fn full_name(&self) -> String {
        Student { last_name: self.last_name.clone(), first_name: self.first_name.clone(), ..Default::default() }
            .full_name()
    }
}

/// The policy profile a database uses (app state `policy`, California by default).
pub(crate) fn policy_tx(conn: &rusqlite::Connection) -> Result<Policy> {
    let name = super::state(conn, "policy")?;
    Policy::builtin(name.as_deref().unwrap_or("california")).map_err(StoreError::Corrupt)
}

/// What stored due dates were computed under: the policy profile, the school calendar and the
/// computation's version.
fn stamp(policy: &Policy, cal: &Calendar) -> String {
    stamp_of(&policy.name, &cal.name)
}

fn stamp_of(policy: &str, calendar: &str) -> String {
    format!("{policy}@{}:{calendar}", crate::timeline::due::VERSION)
}

/// The stamp the database's policy and calendar give now, read off the app state without parsing
/// the built-in profile or calendar (which every command would otherwise pay for at open; a
/// built-in's name is the `name` inside it, as a test checks). A loaded calendar is parsed.
fn stamp_now(conn: &rusqlite::Connection) -> Result<String> {
    let policy = super::state(conn, "policy")?.unwrap_or_else(|| "california".into());
    if !Policy::names().contains(&policy.as_str()) {
        // In words, as reading the profile would say it.
        return policy_tx(conn).map(|p| stamp(&p, Calendar::sample()));
    }
    let calendar = match super::state(conn, "calendar")? {
        Some(_) => calendar_tx(conn)?.name,
        None => Calendar::SAMPLE.to_string(),
    };
    Ok(stamp_of(&policy, &calendar))
}

/// The school calendar a database uses (app state `calendar`: the TOML text; the built-in sample
/// calendar when none was loaded).
pub(crate) fn calendar_tx(conn: &rusqlite::Connection) -> Result<Calendar> {
    match super::state(conn, "calendar")? {
        Some(t) => Calendar::parse(&t).map_err(|e| StoreError::Corrupt(format!("stored school calendar: {e}"))),
        None => Ok(Calendar::sample().clone()),
    }
}

/// Meetings held (finalized) for a student, with their dates.
fn held(conn: &rusqlite::Connection, student_id: i64) -> Result<Vec<Held>> {
    // The transition plan holds a plan when a postsecondary goal is written; the transfer-of-rights
    // notice is the date IEP 6D records.
    let mut st = conn.prepare_cached(
        "SELECT m.mtype, coalesce((SELECT json_extract(data, '$.date') FROM meeting_items i
                 WHERE i.meeting_id = m.id AND i.block = 'details' ORDER BY position LIMIT 1), substr(m.finalized_at, 1, 10)),
                (SELECT trim(coalesce(json_extract(data, '$.education_goal'), '') || coalesce(json_extract(data, '$.employment_goal'), '')) <> ''
                   FROM meeting_items i WHERE i.meeting_id = m.id AND i.block = 'transition-plan' ORDER BY position LIMIT 1),
                (SELECT json_extract(data, '$.transfer_of_rights_given') FROM meeting_items i
                   WHERE i.meeting_id = m.id AND i.block = 'transition-plan' ORDER BY position LIMIT 1)
           FROM meetings m WHERE m.student_id = ?1 AND m.status = 'finalized'",
    )?;
    let rows = st.query_map([student_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<bool>>(2)?, r.get::<_, Option<String>>(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (t, d, plan, told) = row?;
        if let (Some(mtype), Some(date)) = (MeetingType::from_code(&t), d.and_then(|d| d.parse().ok())) {
            let rights_notice = told.and_then(|d| d.parse().ok());
            out.push(Held { mtype, date, transition_plan: plan.unwrap_or(false), rights_notice });
        }
    }
    Ok(out)
}

/// Recompute and store one student's case status (inside the caller's transaction).
pub(crate) fn refresh(tx: &Transaction, student_id: i64, policy: &Policy, cal: &Calendar) -> Result<()> {
    let json: String = tx
        .prepare_cached("SELECT data FROM students WHERE id = ?1")?
        .query_row([student_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("student {student_id}")))?;
    let s: Student =
        serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("student {student_id}: {e}")))?;
    let held = held(tx, student_id)?;
    write_status(tx, student_id, &s, &held, policy, cal)
}

thread_local! {
    /// Set when a transaction of this thread wrote case status; `bump_serial` consumes it.
    static CASE_DIRTY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

pub(crate) fn mark_dirty() {
    CASE_DIRTY.with(|d| d.set(true));
}

/// Forget a mark left by a transaction that did not commit.
pub(crate) fn clear_dirty() {
    CASE_DIRTY.with(|d| d.set(false));
}

/// Before committing: if case status changed in this transaction, bump the change counter once.
pub(crate) fn bump_serial(tx: &Transaction) -> Result<()> {
    if CASE_DIRTY.with(|d| d.replace(false)) {
        tx.execute("UPDATE case_serial SET n = n + 1 WHERE id = 1", [])?;
    }
    Ok(())
}

/// Store the case status of a student whose record (and held meetings) the caller already has.
pub(crate) fn write_status(
    tx: &Transaction,
    student_id: i64,
    s: &Student,
    held: &[Held],
    policy: &Policy,
    cal: &Calendar,
) -> Result<()> {
    mark_dirty();
    let dues = due_dates(s, held, policy, cal);
    let next = next_deadline(&dues);
    let open: Option<i64> = tx
        .prepare_cached("SELECT max(id) FROM meetings WHERE student_id = ?1 AND status = 'open'")?
        .query_row([student_id], |r| r.get(0))?;
    tx.prepare_cached(
        "INSERT INTO case_status(student_id, next_deadline, next_kind, dues, open_meeting, policy, last_name, first_name,
                                 local_id, ssid, dob, grade, school, case_manager, disability)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         ON CONFLICT(student_id) DO UPDATE SET next_deadline = excluded.next_deadline,
             next_kind = excluded.next_kind, dues = excluded.dues, open_meeting = excluded.open_meeting,
             policy = excluded.policy, last_name = excluded.last_name, first_name = excluded.first_name,
             local_id = excluded.local_id, ssid = excluded.ssid, dob = excluded.dob, grade = excluded.grade,
             school = excluded.school, case_manager = excluded.case_manager, disability = excluded.disability,
             open_errors = CASE WHEN excluded.open_meeting IS open_meeting THEN open_errors ELSE 0 END",
    )?
    .execute(params![
        student_id,
        next.map(|d| d.date.to_string()),
        next.map(|d| d.kind.code()),
        serde_json::to_string(&dues).expect("serialize"),
        open,
        stamp(policy, cal),
        s.last_name,
        s.first_name,
        s.local_id,
        s.ssid,
        s.dob.map(|d| d.to_string()),
        s.grade,
        s.school,
        s.case_manager,
        s.primary_disability,
    ])?;
    Ok(())
}

/// Caseload lines come from `case_status` alone (every student has a row: each write keeps it, and
/// opening the database fills in any that are missing or stale).
const ROW_SQL: &str = "SELECT s.student_id, s.last_name, s.first_name, s.local_id, s.ssid, s.dob, s.grade, s.school,
        s.case_manager, s.disability, s.next_deadline, s.next_kind, s.open_meeting, s.open_errors
   FROM case_status s";

fn row(r: &rusqlite::Row) -> rusqlite::Result<CaseRow> {
    let text = |i: usize| r.get::<_, Option<String>>(i).map(|v| v.unwrap_or_default());
    let date = |i: usize| r.get::<_, Option<String>>(i).map(|v| v.and_then(|d| d.parse().ok()));
    Ok(CaseRow {
        id: r.get(0)?,
        last_name: text(1)?,
        first_name: text(2)?,
        local_id: text(3)?,
        ssid: text(4)?,
        dob: date(5)?,
        grade: text(6)?,
        school: text(7)?,
        case_manager: text(8)?,
        disability: text(9)?,
        next_deadline: date(10)?,
        next_kind: r.get::<_, Option<String>>(11)?.and_then(|k| DueKind::from_code(&k)),
        open_meeting: r.get(12)?,
        open_errors: r.get(13)?,
    })
}

impl Store {
    /// The policy profile this database uses.
    pub fn policy(&self) -> Result<Policy> {
        policy_tx(self.conn())
    }

    /// The school calendar deadlines are counted on.
    pub fn calendar(&self) -> Result<Calendar> {
        calendar_tx(self.conn())
    }

    /// Use a school calendar (its TOML text, `data/calendars/` format) and recompute every case.
    /// An invalid calendar is refused and changes nothing.
    pub fn set_calendar(&mut self, text: &str) -> Result<Calendar> {
        let cal = Calendar::parse(text).map_err(StoreError::Invalid)?;
        let p = self.policy()?;
        self.write(|tx, actor| {
            super::put_state(tx, "calendar", text)?;
            super::audit(tx, actor, None, None, "calendar", None, "update", None, Some(&cal.name))?;
            recompute(tx, &p, &cal, false).map(|_| ())
        })?;
        Ok(cal)
    }

    /// Switch the policy profile and recompute every case.
    pub fn set_policy(&mut self, name: &str) -> Result<Policy> {
        let p = Policy::builtin(name).map_err(StoreError::Invalid)?;
        let cal = self.calendar()?;
        self.write(|tx, actor| {
            super::put_state(tx, "policy", &p.name)?;
            super::audit(tx, actor, None, None, "policy", None, "update", None, Some(&p.name))?;
            recompute(tx, &p, &cal, false).map(|_| ())
        })?;
        Ok(p)
    }

    /// Compute the case status of students that have none (after an upgrade from schema 2) or were
    /// computed under another policy profile or an older version of the computation.
    pub(crate) fn refresh_stale_cases(&mut self) -> Result<usize> {
        // Every write keeps its students current, so one marker says whether the whole table is: a
        // full check only after an upgrade, a new computation version or a policy switch.
        let mut n = 0;
        if self.get_state("cases_stamp")?.as_deref() != Some(stamp_now(self.conn())?.as_str()) {
            let (p, cal) = (self.policy()?, self.calendar()?);
            n = self.write(|tx, _| recompute(tx, &p, &cal, true))?;
        }
        self.recheck_open_meetings()?;
        Ok(n)
    }

    /// Re-count the ERRORs of every open meeting when the rules changed since they were counted (a new
    /// version of iepmeet), so the dashboard's counts follow the engine. One write for all of them.
    fn recheck_open_meetings(&mut self) -> Result<usize> {
        let fp = RuleSet::stamp_for(self.get_state("district_rules")?.as_deref());
        if self.get_state("rules_stamp")?.as_deref() == Some(fp.as_str()) {
            return Ok(0);
        }
        let rules = self.rules()?;
        let open: Vec<(i64, i64)> = {
            let mut st = self.conn().prepare("SELECT student_id, open_meeting FROM case_status WHERE open_meeting IS NOT NULL")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let (policy, calendar) = (self.policy()?, self.calendar()?);
        let today = chrono::Local::now().date_naive();
        let mut counts = Vec::with_capacity(open.len());
        for (id, mid) in open {
            counts.push((id, self.meeting_errors(id, mid, today, &policy, &calendar, &rules)?.1));
        }
        self.write(|tx, _| {
            mark_dirty();
            let mut st = tx.prepare("UPDATE case_status SET open_errors = ?1 WHERE student_id = ?2")?;
            for (id, errors) in &counts {
                st.execute(params![errors, id])?;
            }
            super::put_state(tx, "rules_stamp", &fp)
        })?;
        Ok(counts.len())
    }

    /// Every student as a caseload line, soonest deadline first (students without one last).
    pub fn caseload(&self) -> Result<Vec<CaseRow>> {
        let sql = format!(
            "{ROW_SQL} ORDER BY s.next_deadline IS NULL, s.next_deadline, s.last_name COLLATE NOCASE, s.first_name COLLATE NOCASE, s.student_id"
        );
        let mut st = self.conn().prepare(&sql)?;
        let rows = st.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The `limit` most urgent caseload lines (the first screenful, at once) and the caseload's size.
    pub fn caseload_head(&self, limit: usize) -> Result<(Vec<CaseRow>, usize)> {
        let total: i64 = self.conn().query_row("SELECT count(*) FROM case_status", [], |r| r.get(0))?;
        let sql = format!(
            "{ROW_SQL} WHERE s.next_deadline IS NOT NULL
             ORDER BY s.next_deadline, s.last_name COLLATE NOCASE, s.first_name COLLATE NOCASE, s.student_id LIMIT ?1"
        );
        let mut st = self.conn().prepare(&sql)?;
        let mut rows = st.query_map([limit as i64], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        if rows.len() < limit {
            let sql = format!(
                "{ROW_SQL} WHERE s.next_deadline IS NULL
                 ORDER BY s.last_name COLLATE NOCASE, s.first_name COLLATE NOCASE, s.student_id LIMIT ?1"
            );
            let mut st = self.conn().prepare(&sql)?;
            rows.extend(st.query_map([(limit - rows.len()) as i64], row)?.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        Ok((rows, total as usize))
    }

    /// One caseload line.
    pub fn case_row(&self, student_id: i64) -> Result<CaseRow> {
        let sql = format!("{ROW_SQL} WHERE s.student_id = ?1");
        self.conn()
            .query_row(&sql, [student_id], row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("student {student_id}")))
    }

    /// Students whose next deadline falls on or before `until` (overdue ones included), soonest first.
    pub fn due_by(&self, until: NaiveDate) -> Result<Vec<CaseRow>> {
        let sql = format!(
            "{ROW_SQL} WHERE s.next_deadline <= ?1 ORDER BY s.next_deadline, s.last_name COLLATE NOCASE, s.student_id"
        );
        let mut st = self.conn().prepare(&sql)?;
        let rows = st.query_map([until.to_string()], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every stored due date of a student, soonest first.
    pub fn dues(&self, student_id: i64) -> Result<Vec<Due>> {
        let json: Option<String> = self
            .conn()
            .query_row("SELECT dues FROM case_status WHERE student_id = ?1", [student_id], |r| r.get(0))
            .optional()?;
        match json {
            Some(j) => serde_json::from_str(&j).map_err(|e| StoreError::Corrupt(format!("due dates of {student_id}: {e}"))),
            None => Ok(Vec::new()),
        }
    }

    /// Students matching a lookup: an exact local ID or SSID, else every word a prefix of the last or
    /// first name (any order). Uses the ID and name indexes; at most `limit` rows.
    pub fn find_students(&self, query: &str, limit: usize) -> Result<Vec<CaseRow>> {
        let q = query.trim();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let mut st = self.conn().prepare_cached(&format!("{ROW_SQL} WHERE s.local_id = ?1 COLLATE NOCASE"))?;
        let hits = st.query_map([q], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        if !hits.is_empty() {
            return Ok(hits);
        }
        if !q.contains(char::is_whitespace) && q.contains(|c: char| c.is_ascii_digit()) {
            // Part of an ID: every ID starting with it.
            let (lo, hi) = prefix_range(&q.to_lowercase());
            let mut st = self.conn().prepare_cached(&format!(
                "{ROW_SQL} WHERE s.local_id COLLATE NOCASE >= ?1 AND s.local_id COLLATE NOCASE < ?2
                 ORDER BY s.local_id COLLATE NOCASE LIMIT ?3"
            ))?;
            let hits = st.query_map(params![lo, hi, limit as i64], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
            if !hits.is_empty() {
                return Ok(hits);
            }
        }
        let words: Vec<String> =
            q.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        let matches = |last: &str, first: &str| {
            let names = [last.to_lowercase(), first.to_lowercase()];
            words.iter().all(|w| {
                names.iter().any(|n| n.starts_with(w.as_str()) || n.split(['-', ' ', '\'']).any(|p| p.starts_with(w.as_str())))
            })
        };
        // The longest word narrows through the last-name index, then the first-name index; the names
        // come from the index itself (no record is read) in name order, so the lookup stops as soon as
        // `limit` match and reads only those records.
        let mut by_len = words.clone();
        by_len.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let mut ids: Vec<i64> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        'search: for column in ["last_name", "first_name"] {
            for w in &by_len {
                let (lo, hi) = prefix_range(w);
                let mut st = self.conn().prepare_cached(&format!(
                    "SELECT student_id, last_name, first_name FROM case_status
                      WHERE {column} COLLATE NOCASE >= ?1 AND {column} COLLATE NOCASE < ?2
                      ORDER BY {column} COLLATE NOCASE"
                ))?;
                let mut rows = st.query([&lo, &hi])?;
                let before = ids.len();
                while let Some(r) = rows.next()? {
                    let (id, last, first): (i64, Option<String>, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
                    if matches(last.as_deref().unwrap_or(""), first.as_deref().unwrap_or("")) && seen.insert(id) {
                        ids.push(id);
                        if ids.len() >= limit {
                            break 'search;
                        }
                    }
                }
                if ids.len() > before {
                    break;
                }
            }
        }
        let mut out = ids.iter().map(|id| self.case_row(*id)).collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| {
            (a.last_name.to_lowercase(), a.first_name.to_lowercase(), a.id).cmp(&(b.last_name.to_lowercase(), b.first_name.to_lowercase(), b.id))
        });
        if out.is_empty() {
            // No indexed hit: an SSID, or a name whose case the index does not fold (accented capitals,
            // a word inside a hyphenated name). A full scan, paid only on a miss.
            let mut st = self.conn().prepare_cached(&format!(
                "{ROW_SQL} ORDER BY s.last_name COLLATE NOCASE, s.first_name COLLATE NOCASE, s.student_id"
            ))?;
            for r in st.query_map([], row)? {
                let r = r?;
                if r.ssid.eq_ignore_ascii_case(q) || matches(&r.last_name, &r.first_name) {
                    out.push(r);
                    if out.len() >= limit {
                        break;
                    }
                }
            }
        }
        Ok(out)
    }

    /// A student's open meeting, if any, and its ERROR findings checked now against the whole
    /// meeting (not the live view of one section).
    pub fn open_meeting_errors(&self, student_id: i64, today: NaiveDate) -> Result<Option<(Meeting, i64)>> {
        // No open meeting, nothing to check: the rules (whose parsing is most of a lookup's time)
        // are not needed.
        let Some(mid) = self.case_row(student_id)?.open_meeting else { return Ok(None) };
        let (policy, calendar, rules) = (self.policy()?, self.calendar()?, self.rules()?);
        self.meeting_errors(student_id, mid, today, &policy, &calendar, &rules).map(Some)
    }

    /// Meeting `mid` of the student and its ERROR findings, checked now.
    fn meeting_errors(&self, student_id: i64, mid: i64, today: NaiveDate, policy: &Policy, calendar: &Calendar, rules: &crate::rules::RuleSet) -> Result<(Meeting, i64)> {
        let meeting = self.load_meeting(mid)?;
        let student = self.student(student_id)?;
        let ctx = crate::rules::Ctx { student: &student, meeting: &meeting, policy, calendar, today, live: crate::rules::Live::default() };
        let errors = crate::rules::error_count(&crate::rules::evaluate(&ctx, rules)) as i64;
        Ok((meeting, errors))
    }

    /// Check a student's open meeting now and record its ERROR count (a new meeting starts with one;
    /// afterwards the UI reports the count after each check).
    pub fn check_open_meeting(&mut self, student_id: i64, today: NaiveDate) -> Result<i64> {
        let Some((_, errors)) = self.open_meeting_errors(student_id, today)? else { return Ok(0) };
        self.note_open_errors(student_id, errors)?;
        Ok(errors)
    }

    /// Record how many ERROR findings a student's open meeting has (the UI reports it after each check).
    pub fn note_open_errors(&mut self, student_id: i64, errors: i64) -> Result<()> {
        // Not the record: a read-only viewer leaves no trace (no presence, no place kept, no count).
        if self.read_only {
            return Ok(());
        }
        let same: Option<i64> = self
            .conn()
            .query_row("SELECT open_errors FROM case_status WHERE student_id = ?1", [student_id], |r| r.get(0))
            .optional()?;
        if same == Some(errors) {
            return Ok(());
        }
        self.write(|tx, _| {
            mark_dirty();
            tx.execute("UPDATE case_status SET open_errors = ?1 WHERE student_id = ?2", params![errors, student_id])?;
            Ok(())
        })
    }
}

/// Recompute every student's case status (or, with `only_stale`, those with none or computed under
/// another stamp), then record the stamp the whole table is now current for. Returns how many.
fn recompute(tx: &Transaction, p: &Policy, cal: &Calendar, only_stale: bool) -> Result<usize> {
    let stamp = stamp(p, cal);
    let pair = |r: &rusqlite::Row| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?));
    let rows: Vec<(i64, String)> = if only_stale {
        tx.prepare(
            "SELECT s.id, s.data FROM students s LEFT JOIN case_status c ON c.student_id = s.id
              WHERE c.student_id IS NULL OR c.policy <> ?1",
        )?
        .query_map([&stamp], pair)?
        .collect::<rusqlite::Result<_>>()?
    } else {
        tx.prepare("SELECT id, data FROM students")?.query_map([], pair)?.collect::<rusqlite::Result<_>>()?
    };
    super::put_state(tx, "cases_stamp", &stamp)?;
    for (id, json) in &rows {
        let s: Student = serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("student {id}: {e}")))?;
        let h = held(tx, *id)?;
        write_status(tx, *id, &s, &h, p, cal)?;
    }
    Ok(rows.len())
}

/// `[lo, hi)` bounds of every string starting with `prefix` (case-folded by the NOCASE comparisons).
fn prefix_range(prefix: &str) -> (String, String) {
    let lo = prefix.to_string();
    let mut hi = prefix.to_string();
    hi.push(char::MAX);
    (lo, hi)
}
