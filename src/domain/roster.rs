//! The student roster CSV (`docs/roster-format.md`): the columns a student information system or the
//! state IEP system exports, validated row by row into IEP 1 records. Pure: text in, records or a
//! report of every bad row (line, column, problem) out. All rows or none.

use chrono::NaiveDate;

use super::fields::{Cx, Record};
use super::refdata::RefData;
use super::student::Student;

/// One roster column: its header, the student field it fills, whether a row must have it, and what
/// the documentation says of it.
pub struct Column {
    pub header: &'static str,
    pub field: &'static str,
    pub required: bool,
    pub doc: &'static str,
}

pub const COLUMNS: &[Column] = &[
    Column { header: "student_id", field: "local_id", required: true, doc: "Local student ID; the key: re-importing updates the student with this ID" },
    Column { header: "ssid", field: "ssid", required: false, doc: "Statewide student ID (CALPADS SSID)" },
    Column { header: "last_name", field: "last_name", required: true, doc: "Legal last name" },
    Column { header: "first_name", field: "first_name", required: true, doc: "Legal first name" },
    Column { header: "dob", field: "dob", required: true, doc: "Date of birth, YYYY-MM-DD or MM/DD/YYYY; an age from 0 to 25" },
    Column { header: "gender", field: "gender", required: false, doc: "As the SIS records it" },
    Column { header: "grade", field: "grade", required: false, doc: "Infant, Preschool (PS), TK, K (KN), 1-12 (01-12), Adult transition" },
    Column { header: "school", field: "school", required: false, doc: "School of attendance" },
    Column { header: "home_language", field: "home_language", required: false, doc: "Home language" },
    Column { header: "el_status", field: "english_proficiency", required: false, doc: "English proficiency: EO, EL, IFEP, RFEP, TBD" },
    Column { header: "case_manager", field: "case_manager", required: false, doc: "Case manager" },
    Column { header: "primary_disability", field: "primary_disability", required: false, doc: "Eligibility category: a name from data/reference.toml or its CALPADS code (210-330)" },
    Column { header: "secondary_disability", field: "secondary_disability", required: false, doc: "As primary_disability" },
    Column { header: "last_iep_date", field: "last_iep_date", required: false, doc: "Date of the last complete (annual or initial) IEP" },
    Column { header: "last_reassessment_date", field: "last_assessment_date", required: false, doc: "Date of the most recent assessment (initial or triennial) IEP" },
    Column { header: "referral_date", field: "referral_date", required: false, doc: "Initial referral for assessment" },
    Column { header: "consent_date", field: "initial_consent_date", required: false, doc: "Parent's consent to the initial assessment plan" },
    Column { header: "parent_contact", field: "parent_contact", required: false, doc: "Parent/guardian name and phone or email" },
    Column { header: "rights_holder", field: "rights_holder", required: false, doc: "Who holds the educational rights: Parent/guardian, Educational representative, Surrogate parent, Adult student, Conservator" },
    Column { header: "rights_holder_name", field: "rights_holder_name", required: false, doc: "The rights holder's name" },
];

/// CALPADS disability codes and the category names of `data/reference.toml`.
const CALPADS: &[(&str, &str)] = &[
    ("210", "Intellectual disability"),
    ("220", "Hard of hearing"),
    ("230", "Deafness"),
    ("240", "Speech or language impairment"),
    ("250", "Visual impairment"),
    ("260", "Emotional disturbance"),
    ("270", "Orthopedic impairment"),
    ("280", "Other health impairment"),
    ("281", "Established medical disability"),
    ("290", "Specific learning disability"),
    ("300", "Deaf-blindness"),
    ("310", "Multiple disabilities"),
    ("320", "Autism"),
    ("330", "Traumatic brain injury"),
];

/// The most rows a roster may have (a guard against a wrong file, not a district's size).
pub const MAX_ROWS: usize = 2_000_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line of the file (the header is line 1).
    pub line: u64,
    /// The column header, or "" for a problem with the whole row.
    pub column: String,
    pub problem: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "line {}: {}", self.line, self.problem)
        } else {
            write!(f, "line {}, column {}: {}", self.line, self.column, self.problem)
        }
    }
}

/// A validated roster row.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    pub line: u64,
    pub student: Student,
    /// The fields the file gave (a re-import changes only these).
    pub fields: Vec<&'static str>,
}

/// How to fix a roster that is not UTF-8 (said after where it stops being UTF-8, `input::utf8`).
pub const UTF8_HINT: &str = "save the roster as CSV UTF-8";

/// Parse and validate a whole roster. `progress` is told the byte offset reached, now and then.
/// RFC 4180 quoting, strictly: text after a closing quote (`"Okay"junk`, which a lenient reader
/// would take as `Okayjunk`) and a quote never closed are refused, with the line where it happened.
fn check_quotes(text: &str) -> Result<(), RowError> {
    let b = text.as_bytes();
    let (mut i, mut line, mut field_start) = (0usize, 1u64, true);
    while i < b.len() {
        match b[i] {
            b'"' if field_start => {
                let opened = line;
                i += 1;
                loop {
                    match b.get(i) {
                        None => {
                            return Err(RowError { line: opened, column: String::new(), problem: "a quote opened on this line is never closed; close it with \" (a quote inside a value is written \"\")".into() })
                        }
                        Some(b'"') if b.get(i + 1) == Some(&b'"') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            // After the closing quote, spaces at most, then the value ends.
                            let spaces = b[i..].iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
                            match b.get(i + spaces) {
                                None | Some(b',' | b'\n' | b'\r') => break,
                                Some(_) => {
                                    return Err(RowError { line, column: String::new(), problem: "text after the closing quote of a quoted value; put the whole value inside the quotes".into() })
                                }
                            }
                        }
                        Some(b'\n') => {
                            line += 1;
                            i += 1;
                        }
                        Some(_) => i += 1,
                    }
                }
                field_start = false;
                continue;
            }
            b',' => field_start = true,
            b'\n' => {
                line += 1;
                field_start = true;
            }
            b' ' | b'\t' | b'\r' => {}
            _ => field_start = false,
        }
        i += 1;
    }
    Ok(())
}

/// The rows of a CSV file still to read, and for each of its columns the index of a known column.
pub(crate) type CsvColumns<'t> = (csv::Reader<&'t [u8]>, Vec<usize>);

/// A CSV file as both imports (roster, staff directory) read it: the byte-order mark dropped,
/// quoting checked strictly, and each header matched (ignoring case, spaces and hyphens) to one of
/// `known`. An unknown or repeated header, or a `required` one missing, is refused (a typo would
/// drop data). The reader of the rows, and for each column of the file the index in `known`.
pub(crate) fn open_csv<'t>(text: &'t str, known: &[&str], required: &[&str], doc: &str) -> Result<CsvColumns<'t>, Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_quotes(text).map_err(|e| vec![e])?;
    let mut rdr = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let err = |column: &str, problem: String| RowError { line: 1, column: column.into(), problem };
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![err("", format!("cannot read the header row: {e}"))]),
    };
    if headers.iter().all(|h| h.is_empty()) {
        return Err(vec![err("", format!("the file is empty; the first line must name the columns ({doc})"))]);
    }
    let mut map: Vec<usize> = Vec::new();
    let mut errors = Vec::new();
    for h in headers.iter() {
        let key = h.to_lowercase().replace([' ', '-'], "_");
        match known.iter().position(|c| *c == key) {
            Some(i) if map.contains(&i) => errors.push(err(h, "this column appears twice".into())),
            Some(i) => map.push(i),
            None => errors.push(err(&crate::domain::text::display(h), format!("unknown column (known: {})", known.join(", ")))),
        }
    }
    for c in required {
        if !map.iter().any(|i| known[*i] == *c) {
            errors.push(err(c, "required column is missing".into()));
        }
    }
    if errors.is_empty() { Ok((rdr, map)) } else { Err(errors) }
}

/// What to do with the next record of a CSV file.
pub(crate) enum Next {
    /// A row to read, at this line.
    Row(u64, csv::StringRecord),
    /// A blank line, or a row whose problem is reported: go on.
    Skip,
    /// The file cannot be read further (not CSV) or holds too many rows: stop.
    Stop,
}

/// The checks every row of both imports passes first: valid CSV, not blank, not past `max` rows
/// (`taken` read or refused so far), as many values as the header names columns. A problem is
/// pushed to `errors`.
pub(crate) fn next_record(rec: csv::Result<csv::StringRecord>, columns: usize, taken: usize, max: usize, errors: &mut Vec<RowError>) -> Next {
    let rec = match rec {
        Ok(r) => r,
        Err(e) => {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            errors.push(RowError { line, column: String::new(), problem: format!("not valid CSV: {e}") });
            return Next::Stop;
        }
    };
    let line = rec.position().map(|p| p.line()).unwrap_or(0);
    if rec.iter().all(|v| v.is_empty()) {
        return Next::Skip;
    }
    if taken >= max {
        errors.push(RowError { line, column: String::new(), problem: format!("more than {max} rows") });
        return Next::Stop;
    }
    if rec.len() != columns {
        errors.push(RowError { line, column: String::new(), problem: format!("{} values where the header names {} columns", rec.len(), columns) });
        return Next::Skip;
    }
    Next::Row(line, rec)
}

pub fn parse(text: &str, today: NaiveDate, mut progress: impl FnMut(u64)) -> Result<Vec<RosterRow>, Vec<RowError>> {
    let headers: Vec<&str> = COLUMNS.iter().map(|c| c.header).collect();
    let required: Vec<&str> = COLUMNS.iter().filter(|c| c.required).map(|c| c.header).collect();
    let (mut rdr, map) = open_csv(text, &headers, &required, "docs/roster-format.md")?;
    let map: Vec<&Column> = map.into_iter().map(|i| &COLUMNS[i]).collect();
    let mut errors = Vec::new();

    let refdata = RefData::builtin();
    let cx = Cx { today, now: None };
    let mut rows: Vec<RosterRow> = Vec::new();
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for rec in rdr.records() {
        if let Ok(r) = &rec {
            if r.position().is_some_and(|p| p.line() % 4096 == 0) {
                progress(r.position().map(|p| p.byte()).unwrap_or(0));
            }
        }
        let taken = rows.len() + errors.len();
        let (line, rec) = match next_record(rec, map.len(), taken, MAX_ROWS, &mut errors) {
            Next::Row(line, rec) => (line, rec),
            Next::Skip => continue,
            Next::Stop => break,
        };
        let mut s = Student::default();
        let mut fields = Vec::new();
        let mut bad = false;
        for (col, value) in map.iter().zip(rec.iter()) {
            if value.is_empty() {
                if col.required {
                    errors.push(RowError { line, column: col.header.into(), problem: "required, but empty".into() });
                    bad = true;
                }
                continue;
            }
            // A cell iepmeet exported with a leading apostrophe (so a spreadsheet shows a formula-like
            // value as text: `'=…`, `'+…`, `'-…`, `'@…`) reads back as the value itself.
            let value = match value.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
                _ => value,
            };
            let value = match normalize(col, value, &refdata) {
                Ok(v) => v,
                Err(p) => {
                    errors.push(RowError { line, column: col.header.into(), problem: p });
                    bad = true;
                    continue;
                }
            };
            if let Err(e) = s.set(col.field, &value, &cx) {
                errors.push(RowError { line, column: col.header.into(), problem: e.problem });
                bad = true;
                continue;
            }
            fields.push(col.field);
        }
        if bad {
            continue;
        }
        let key = s.local_id.to_lowercase();
        if let Some(first) = seen.insert(key, line) {
            errors.push(RowError {
                line,
                column: "student_id".into(),
                problem: format!("{} is already on line {first}", crate::domain::text::display(&s.local_id)),
            });
            continue;
        }
        rows.push(RosterRow { line, student: s, fields });
    }
    progress(text.len() as u64);
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// Accept the spellings an SIS export uses and give the value the form expects.
fn normalize(col: &Column, value: &str, refdata: &RefData) -> Result<String, String> {
    if value.chars().any(|c| c.is_control()) {
        return Err("contains control characters".into());
    }
    // Bidi controls and zero-width characters are dropped, as the TUI drops them when typed.
    let stripped: String;
    let value = if value.chars().any(crate::output::invisible) {
        stripped = value.chars().filter(|c| !crate::output::invisible(*c)).collect();
        stripped.as_str()
    } else {
        value
    };
    let list = |name: &str| refdata.lists.get(name).cloned().unwrap_or_default();
    let pick = |name: &str, v: &str| -> Result<String, String> {
        let l = list(name);
        l.iter().find(|x| x.eq_ignore_ascii_case(v)).cloned().ok_or_else(|| {
            format!("'{}' is not one of: {}", crate::domain::text::display(v), l.join(", "))
        })
    };
    match col.field {
        "grade" => {
            let v = match value.to_ascii_uppercase().as_str() {
                "PS" | "P" | "PK" => "Preschool".to_string(),
                "KN" | "KG" => "K".to_string(),
                "IN" | "IT" => "Infant".to_string(),
                "AD" | "UE" | "ADULT" => "Adult transition".to_string(),
                v if v.len() == 2 && v.starts_with('0') && v.as_bytes()[1].is_ascii_digit() => v[1..].to_string(),
                _ => value.to_string(),
            };
            pick("grades", &v)
        }
        "english_proficiency" => pick("english_proficiency", value),
        "rights_holder" => pick("rights_holders", value),
        "primary_disability" | "secondary_disability" => match CALPADS.iter().find(|(c, _)| *c == value) {
            Some((_, name)) => Ok(name.to_string()),
            None => pick("disabilities", value),
        },
        _ => Ok(value.to_string()),
    }
}

/// Write students as a roster CSV (the same columns, so an export imports back unchanged).
pub fn to_csv(students: &[Student]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(COLUMNS.iter().map(|c| c.header)).expect("write to memory");
    for s in students {
        // The output boundary: no control characters, and no cell a spreadsheet would evaluate.
        w.write_record(COLUMNS.iter().map(|c| crate::output::csv_cell(&s.get(c.field)).into_owned())).expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("UTF-8 in, UTF-8 out")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }
    const HEAD: &str = "student_id,last_name,first_name,dob,grade,el_status,primary_disability,last_iep_date\n";

    fn errs(body: &str) -> Vec<String> {
        parse(&format!("{HEAD}{body}"), today(), |_| ()).unwrap_err().iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn good_rows_with_bom_accents_and_sis_spellings() {
        let text = format!(
            "\u{feff}{HEAD}T-1,O'Brien-Nuñez,José,2012-02-29,05,EL,290,03/04/2026\nT-2,\"Zhang, Jr.\",小明,2019-01-02,KN,eo,autism,\n"
        );
        let rows = parse(&text, today(), |_| ()).unwrap();
        assert_eq!(rows.len(), 2);
        let a = &rows[0].student;
        assert_eq!((a.last_name.as_str(), a.first_name.as_str(), a.grade.as_str()), ("O'Brien-Nuñez", "José", "5"));
        assert_eq!((a.english_proficiency.as_str(), a.primary_disability.as_str()), ("EL", "Specific learning disability"));
        assert_eq!(a.last_iep_date.unwrap().to_string(), "2026-03-04");
        let b = &rows[1].student;
        assert_eq!((b.last_name.as_str(), b.first_name.as_str(), b.grade.as_str()), ("Zhang, Jr.", "小明", "K"));
        assert_eq!(b.primary_disability, "Autism");
        assert!(!rows[1].fields.contains(&"last_iep_date"), "an empty cell is not a field the file gave");
    }

    #[test]
    fn quoting_is_strict_and_invisible_characters_are_dropped() {
        // Text after a closing quote is refused, not glued on.
        let e = errs("T-1,\"Okay\"junk,Ana,2012-02-01,5,EO,Autism,\n");
        assert!(e[0].contains("line 2") && e[0].contains("after the closing quote"), "{e:?}");
        // A quote never closed: the line it opened on, not a count of columns.
        let e = errs("T-1,Ruiz,Ana,2012-02-01,5,EO,Autism,\nT-2,\"Unclosed,Ben,2013-03-01,4,EO,Autism,\nT-3,Lee,Kim,2014-01-01,3,EO,Autism,\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("line 3") && e[0].contains("never closed"), "{e:?}");
        // Quoting as RFC 4180 allows it: escaped quotes, commas and newlines inside, spaces after.
        let ok = format!("{HEAD}T-1,\"O\"\"Neil, Jr.\"  ,\"Ana \"\"Annie\"\"\",2012-02-01,5,EO,Autism,\n");
        let rows = parse(&ok, today(), |_| ()).unwrap();
        assert_eq!(rows[0].student.last_name, "O\"Neil, Jr.");
        // A zero-width space or a bidi override in a name is dropped, as the TUI drops it.
        let rows = parse(&format!("{HEAD}T-1,Ru\u{200b}iz,\u{202e}Ana,2012-02-01,5,EO,Autism,\n"), today(), |_| ()).unwrap();
        assert_eq!((rows[0].student.last_name.as_str(), rows[0].student.first_name.as_str()), ("Ruiz", "Ana"));
        assert_eq!(crate::domain::text::clean_line("Ru\u{200b}iz \u{2066}Ana\u{2069}"), "Ruiz Ana");
    }

    #[test]
    fn every_kind_of_bad_row_is_named_by_line_and_column() {
        assert_eq!(errs("T-1,A,B,2026-13-01,5,EL,290,\n"), ["line 2, column dob: '2026-13-01' is not a valid date (use YYYY-MM-DD or MM/DD/YYYY)"]);
        assert!(errs("T-1,A,B,2030-01-01,5,EL,290,\n")[0].starts_with("line 2, column dob:"), "future birth date");
        assert!(errs("T-1,A,B,1950-01-01,5,EL,290,\n")[0].contains("age of"), "impossible age");
        assert!(errs("T-1,A,B,2015-01-01,14,EL,290,\n")[0].starts_with("line 2, column grade: '14' is not one of"));
        assert!(errs("T-1,A,B,2015-01-01,5,XX,290,\n")[0].starts_with("line 2, column el_status:"));
        assert!(errs("T-1,A,B,2015-01-01,5,EL,999,\n")[0].starts_with("line 2, column primary_disability:"));
        assert_eq!(errs(",A,B,2015-01-01,5,EL,290,\n"), ["line 2, column student_id: required, but empty"]);
        assert_eq!(errs("T-1,A,B,2015-01-01\n"), ["line 2: 4 values where the header names 8 columns"]);
        assert_eq!(
            errs("T-1,A,B,2015-01-01,5,EL,290,\nT-1,C,D,2015-01-01,5,EL,290,\n"),
            ["line 3, column student_id: T-1 is already on line 2"]
        );
        assert!(errs("T-1,A\u{1b}[31m,B,2015-01-01,5,EL,290,\n")[0].contains("control characters"));
        // several bad rows: all reported, in order
        let many = errs("T-1,A,B,bad,5,EL,290,\nT-2,A,B,2015-01-01,5,EL,290,\nT-3,A,B,2015-01-01,99,EL,290,\n");
        assert_eq!(many.len(), 2);
        assert!(many[0].starts_with("line 2") && many[1].starts_with("line 4"));
    }

    #[test]
    fn header_problems() {
        let e = parse("student_id,last_name,dob,shoe_size\n", today(), |_| ()).unwrap_err();
        let text: Vec<String> = e.iter().map(|e| e.to_string()).collect();
        assert!(text[0].starts_with("line 1, column shoe_size: unknown column"));
        assert!(text.contains(&"line 1, column first_name: required column is missing".to_string()));
        assert!(parse("", today(), |_| ()).unwrap_err()[0].problem.contains("empty"));
        assert!(parse("student_id,student_id\n", today(), |_| ()).unwrap_err()[0].problem.contains("twice"));
    }

    #[test]
    fn export_imports_back_unchanged() {
        let text = format!("{HEAD}T-1,O'Brien,\"Ann, Marie\",2012-02-29,5,EL,290,2026-03-04\n");
        let rows = parse(&text, today(), |_| ()).unwrap();
        let students: Vec<Student> = rows.iter().map(|r| r.student.clone()).collect();
        let again = parse(&to_csv(&students), today(), |_| ()).unwrap();
        assert_eq!(again[0].student, students[0]);
    }
}
