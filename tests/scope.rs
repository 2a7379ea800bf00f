//! Rules that fit the meeting (issue 16): a compliant meeting of every type, checked by the real
//! binary, has no ERROR and no WARNING; each type's own requirements still fire when broken, with
//! the rule id, severity and target the handbook gives them.

use std::process::Command;

use serde_json::{json, Value};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/meetings");
const TODAY: &str = "2026-11-20";

/// Every meeting type, the two ways an amendment and a 30-day interim meeting are held, a
/// preschooler's initial IEP, an initial meeting that finds the student not eligible, and an annual
/// review before transition age; an English learner's annual review on every SELPA form.
const COMPLIANT: [&str; 12] = [
    "initial",
    "initial-preschool",
    "initial-not-eligible",
    "annual-age-10",
    "triennial",
    "amendment-at-a-meeting",
    "amendment-without-a-meeting",
    "parent-requested",
    "interim-30-day-adopting",
    "interim-30-day-new-iep",
    "manifestation-determination",
    // An annual review for an English learner with every SELPA form the rules read filled in:
    // IEP 6C, ESY lines, transition lines by goal, IEP 7B/8/9A, screenings.
    "annual-english-learner-full-forms",
];

fn load(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/{name}.json")).unwrap()).unwrap()
}

/// `iepmeet check --json` on `doc`: (exit code, findings).
fn check(doc: &Value) -> (i32, Vec<Value>) {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), serde_json::to_string(doc).unwrap()).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_iepmeet"))
        .args(["check", f.path().to_str().unwrap(), "--json", "--today", TODAY])
        .env_remove("IEPMEET_DB")
        .output()
        .unwrap();
    let out: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    (o.status.code().unwrap(), out["findings"].as_array().unwrap().clone())
}

fn brief(f: &[Value]) -> Vec<String> {
    f.iter().map(|f| format!("{} {} {}", f["severity"], f["rule"], f["detail"])).collect()
}

/// The one finding of `rule`, after `edit`: its severity and target (section, block, field).
fn fired(name: &str, edit: impl Fn(&mut Value), rule: &str) -> (String, String, String, String) {
    let mut doc = load(name);
    edit(&mut doc);
    let (_, f) = check(&doc);
    let hit = f.iter().find(|f| f["rule"] == rule).unwrap_or_else(|| panic!("{name}: {rule} does not fire: {:#?}", brief(&f)));
    let s = |v: &Value| v.as_str().unwrap_or("-").to_string();
    (s(&hit["severity"]), s(&hit["target"]["section"]), s(&hit["target"]["block"]), s(&hit["target"]["field"]))
}

#[test]
fn a_compliant_meeting_of_every_type_has_no_error_and_no_warning() {
    for name in COMPLIANT {
        let (code, f) = check(&load(name));
        let loud: Vec<_> = f.iter().filter(|f| f["severity"] != "INFO").cloned().collect();
        assert_eq!(brief(&loud), Vec::<String>::new(), "{name}");
        assert_eq!(code, 0, "{name}");
    }
}

#[test]
fn a_manifestation_determination_is_not_asked_for_an_iep() {
    let (_, f) = check(&load("manifestation-determination"));
    for prefix in ["plaafp-", "goal-", "svc-", "lre-", "assess-", "transition-", "esy-", "consent-iep-choice", "sf-assistive"] {
        assert!(!f.iter().any(|f| f["rule"].as_str().unwrap().starts_with(prefix)), "{prefix}: {:#?}", brief(&f));
    }
    // ...but its own steps are required (9.6): the two questions, on the manifestation form.
    let got = fired("manifestation-determination", |d| d["meeting"]["manifestation"]["failure_to_implement"] = Value::Null, "disc-md-two-questions");
    assert_eq!(got, ("ERROR".into(), "present-levels".into(), "manifestation".into(), "failure_to_implement".into()));
    // The parent is notified and given the safeguards on the day of the decision.
    let got = fired("manifestation-determination", |d| d["meeting"]["manifestation"]["safeguards_date"] = json!("2026-11-16"), "disc-notice-and-safeguards-same-day");
    assert_eq!(got, ("ERROR".into(), "present-levels".into(), "manifestation".into(), "safeguards_date".into()));
    // Held more than 10 school days after the decision to change placement.
    let late = |d: &mut Value| {
        d["meeting"]["manifestation"]["decision_date"] = json!("2026-10-20");
        d["student"]["discipline_decision_date"] = json!("2026-10-20");
        for k in ["parent_notice_date", "safeguards_date"] {
            d["meeting"]["manifestation"][k] = json!("2026-10-20");
        }
    };
    assert_eq!(fired("manifestation-determination", late, "disc-md-within-10-school-days").0, "ERROR");
}

#[test]
fn an_amendment_without_a_meeting_needs_the_two_signatures_and_nothing_of_a_meeting() {
    let (_, f) = check(&load("amendment-without-a-meeting"));
    for prefix in ["notice-", "team-", "excusal-", "consent-iep-choice", "consent-acknowledgements", "plaafp-", "goal-each"] {
        assert!(!f.iter().any(|f| f["rule"].as_str().unwrap().starts_with(prefix)), "{prefix}: {:#?}", brief(&f));
    }
    // 7.7.A: a written document signed by the parent and by a representative of the LEA.
    let unsigned = |d: &mut Value| {
        d["meeting"]["signature"].as_array_mut().unwrap().retain(|s| s["role"] != "LEA representative");
    };
    let got = fired("amendment-without-a-meeting", unsigned, "consent-amendment-without-meeting");
    assert_eq!(got, ("ERROR".into(), "consent".into(), "signature".into(), "-".into()));
    // A service line it adds is still checked as a service line.
    let got = fired("amendment-without-a-meeting", |d| d["meeting"]["service"][0]["sessions"] = Value::Null, "svc-line-required-fields");
    assert_eq!(got.0, "ERROR");
    // With the team convened, an amendment is a meeting: the team rules apply to it.
    let convened = fired("amendment-at-a-meeting", |d| d["meeting"]["attendee"].as_array_mut().unwrap().retain(|a| a["roles"][0] != "LEA representative"), "team-lea-rep-qualified");
    assert_eq!(convened.0, "ERROR");
}

#[test]
fn parent_requested_and_interim_meetings_have_their_own_deadlines() {
    // A review that changes nothing asks for no new consent; one that adds a goal does.
    let mut unchanged = load("parent-requested");
    unchanged["meeting"].as_object_mut().unwrap().remove("consent");
    let (_, f) = check(&unchanged);
    assert!(!f.iter().any(|f| f["rule"].as_str().unwrap().starts_with("consent-")), "{:#?}", brief(&f));
    let mut changed = unchanged.clone();
    changed["meeting"]["goal"] = load("interim-30-day-new-iep")["meeting"]["goal"].clone();
    let (_, f) = check(&changed);
    assert!(f.iter().any(|f| f["rule"] == "consent-iep-choice" && f["severity"] == "ERROR"), "{:#?}", brief(&f));
    let got = fired("parent-requested", |d| d["student"]["parent_request_date"] = json!("2026-09-01"), "tl-parent-request-30-days");
    assert_eq!(got.0, "ERROR");
    let (_, f) = check(&load("parent-requested"));
    assert!(!f.iter().any(|f| f["rule"] == "goal-each-need-area" || f["rule"] == "plaafp-prior-goal-progress-reviewed"), "{:#?}", brief(&f));

    // 7.12.A, from another SELPA: the prior IEP adopted or a new one within 30 days.
    let late = |d: &mut Value| d["student"]["transfer_enrolled"] = json!("2026-10-01");
    let got = fired("interim-30-day-adopting", late, "tl-interim-30-days-in-state");
    assert_eq!(got, ("ERROR".into(), "attendance".into(), "details".into(), "date".into()));
    // 7.12.B: within the same SELPA there is no 30-day limit.
    let mut same = load("interim-30-day-adopting");
    late(&mut same);
    same["student"]["transfer_kind"] = json!("Within the SELPA");
    same["student"]["comparable_services"] = json!(true);
    let (_, f) = check(&same);
    assert!(!f.iter().any(|f| f["rule"] == "tl-interim-30-days-in-state"), "{:#?}", brief(&f));
    // Adopting the previous IEP redrafts nothing; developing a new one is a whole IEP.
    let (_, f) = check(&load("interim-30-day-adopting"));
    assert!(!f.iter().any(|f| f["rule"] == "goal-each-need-area"), "{:#?}", brief(&f));
    let got = fired("interim-30-day-new-iep", |d| d["meeting"]["goal"] = json!([]), "goal-each-need-area");
    assert_eq!(got, ("ERROR".into(), "goals".into(), "goal".into(), "-".into()));
}

#[test]
fn the_selpa_form_fields_are_read_and_checked_through_the_binary() {
    let name = "annual-english-learner-full-forms";
    let t = |s: &str, sec: &str, b: &str, f: &str| (s.to_string(), sec.to_string(), b.to_string(), f.to_string());
    // IEP 6C begun and left incomplete: the first missing part.
    assert_eq!(
        fired(name, |d| d["meeting"]["english-learner"]["eld_provided_in"] = Value::Null, "sf-lep-language-needs"),
        t("ERROR", "present-levels", "english-learner", "eld_provided_in")
    );
    assert_eq!(
        fired(name, |d| d["meeting"]["english-learner"]["test_writing"] = Value::Null, "assess-el-proficiency-test"),
        t("ERROR", "present-levels", "english-learner", "test_writing")
    );
    // An ESY line without its duration.
    assert_eq!(
        fired(name, |d| d["meeting"]["esy-service"][0]["duration"] = Value::Null, "esy-services-specified"),
        t("ERROR", "services", "esy-service", "-")
    );
    // The education/training goal left without its transition service.
    assert_eq!(
        fired(name, |d| { d["meeting"]["transition-service"].as_array_mut().unwrap().pop(); }, "transition-services-specified"),
        t("ERROR", "transition", "transition-service", "-")
    );
    // IEP 9A says the parent did not attend while the roster has them.
    assert_eq!(
        fired(name, |d| d["meeting"]["consent"]["parent_attendance"] = json!("Received notice and did not attend"), "consent-acknowledgements"),
        t("WARNING", "consent", "consent", "parent_attendance")
    );
}
