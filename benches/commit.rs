//! Commit latency of each kind of write on this machine, on a database file on disk: the record
//! (a minutes entry, a confirmed field, a signature, an amendment, a finalize) is committed with
//! `synchronous = FULL`, drafts with `NORMAL`. Prints the median and the 90th percentile of each;
//! fails when a recorded entry's median is over the goal (1 ms). `cargo bench --bench commit`.
#![allow(clippy::disallowed_macros)] // the test's own report, not program output

use std::time::{Duration, Instant};

use iepmeet::domain::demo;
use iepmeet::domain::meeting::{Block, Section};
use iepmeet::domain::minutes::{Amendment, NewEntry, AMENDMENT_WAYS};
use iepmeet::store::Store;

const GOAL_ENTRY: Duration = Duration::from_millis(1);

fn stats(name: &str, mut v: Vec<Duration>) -> Duration {
    v.sort();
    let med = v[v.len() / 2];
    let p90 = v[v.len() * 9 / 10];
    println!("{name:<28} median {:>7.3} ms   p90 {:>7.3} ms   ({} commits)", med.as_secs_f64() * 1e3, p90.as_secs_f64() * 1e3, v.len());
    med
}

fn time(n: usize, mut f: impl FnMut(usize)) -> Vec<Duration> {
    (0..n)
        .map(|i| {
            let t = Instant::now();
            f(i);
            t.elapsed()
        })
        .collect()
}

fn main() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let path = dir.path().join("bench.sqlite3");
    let mut s = Store::open(&path).unwrap();
    s.load_demo(&demo::caseload(220, 1, today), today, |_| ()).unwrap();
    // IEPMEET_BENCH_ENCRYPTED=1: the same on an encrypted database (SQLCipher), to compare, with a
    // passphrase; =raw: with a raw 256-bit key (no key derivation).
    if std::env::var_os("IEPMEET_BENCH_ENCRYPTED").is_some() {
        drop(s);
        let key = match std::env::var("IEPMEET_BENCH_ENCRYPTED").as_deref() {
            Ok("raw") => format!("x'{}'", "3c".repeat(32)),
            _ => "bench passphrase".to_string(),
        };
        iepmeet::store::convert::convert(&path, None, Some(&key)).unwrap();
        iepmeet::store::key::set_session_key(Some(key));
        s = Store::open(&path).unwrap();
        println!("(encrypted database)");
    }
    let mid = s.meetings_for(1).unwrap()[0].id;
    let n = 200;
    let entry = stats("recorded minutes entry", time(n, |i| {
        s.add_entry(mid, Section::Goals, &NewEntry { text: format!("note {i}"), ..Default::default() }).unwrap();
    }));
    let item = s.insert_item(mid, Block::Details, &Block::Details.new_record()).unwrap();
    let mut cur = item;
    stats("confirmed field", time(n, |i| {
        let mut rec = cur.record.clone();
        rec.as_record_mut().set("location", &format!("Room {i}"), &iepmeet::domain::fields::Cx { today, now: None }).unwrap();
        cur = s.update_item(mid, Block::Details, &cur, &rec).unwrap();
    }));
    stats("signature", time(n, |i| {
        let mut rec = Block::Signatures.new_record();
        rec.as_record_mut().set("name", &format!("Signer {i}"), &iepmeet::domain::fields::Cx { today, now: None }).unwrap();
        s.insert_item(mid, Block::Signatures, &rec).unwrap();
    }));
    stats("draft (every keystroke)", time(n, |i| {
        s.save_draft(mid, Section::Goals, &"x".repeat(i + 1)).unwrap();
    }));
    s.save_draft(mid, Section::Goals, "").unwrap();
    // Finalize a meeting of each of n other students (started for the bench), then amend the first.
    let students: Vec<i64> = s.list_students().unwrap().iter().map(|(id, _)| *id).skip(1).take(n).collect();
    let finals: Vec<i64> = students
        .iter()
        .map(|sid| s.create_meeting(*sid, iepmeet::domain::meeting::MeetingType::Amendment, &[], today).unwrap())
        .collect();
    stats("finalize", time(finals.len(), |i| {
        s.finalize_meeting(finals[i], today).unwrap();
    }));
    let amended = finals[0];
    stats("amendment", time(n, |i| {
        let a = Amendment {
            id: 0,
            at: String::new(),
            actor: String::new(),
            date: today,
            how: AMENDMENT_WAYS[0].into(),
            what: "Details › Location".into(),
            before: String::new(),
            after: format!("Room {i}"),
            reason: "bench".into(),
        };
        s.add_amendment(amended, &a).unwrap();
    }));
    assert!(entry <= GOAL_ENTRY, "a recorded entry's median commit {entry:?} is over the goal {GOAL_ENTRY:?}");
}
