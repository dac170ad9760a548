//! Helpers shared by the contract tests: events written as JSON Lines, evaluated with the seed
//! contract on its preset calendar, and verdicts looked up by incident, change or period.
//!
//! Times are written as local Beijing time, `"2025-03-04 10:15"` or `"2025-03-04 10:15:01"`, and
//! become `2025-03-04T10:15:00+08:00` in the JSON.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use sla_engine::Timestamp;
use sla_engine::audit::Audit;
use sla_engine::contract::Contract;
use sla_engine::evaluate::{Evaluator, Options};
use sla_engine::event::{EventLog, read_jsonl};
use sla_engine::report::{AvailabilityVerdict, NoticeVerdict, Outcome, TargetVerdict};

/// `"2025-03-04 10:15"` → `"2025-03-04T10:15:00+08:00"` (seconds optional).
pub fn ts(local: &str) -> String {
    let (date, time) = local
        .split_once(' ')
        .unwrap_or_else(|| panic!("write times as \"YYYY-MM-DD HH:MM[:SS]\", not {local:?}"));
    let time = if time.len() == 5 {
        format!("{time}:00")
    } else {
        time.to_owned()
    };
    format!("{date}T{time}+08:00")
}

/// The instant of a local Beijing time.
pub fn t(local: &str) -> Timestamp {
    ts(local).parse().unwrap()
}

/// An incident event with extra fields (`("class", "outage")`, ...).
pub fn incident(id: &str, at: &str, event: &str, fields: &[(&str, &str)]) -> String {
    let mut s = format!(r#"{{"at":"{}","incident":"{id}","event":"{event}""#, ts(at));
    for (k, v) in fields {
        s.push_str(&format!(r#","{k}":"{v}""#));
    }
    s.push('}');
    s
}

/// `reported` with a class and a priority (`""` for none).
pub fn reported(id: &str, at: &str, class: &str, priority: &str) -> String {
    if priority.is_empty() {
        incident(id, at, "reported", &[("class", class)])
    } else {
        incident(
            id,
            at,
            "reported",
            &[("class", class), ("priority", priority)],
        )
    }
}

/// `reported` on a component (scope, 2.3).
pub fn reported_on(id: &str, at: &str, class: &str, priority: &str, component: &str) -> String {
    incident(
        id,
        at,
        "reported",
        &[
            ("class", class),
            ("priority", priority),
            ("component", component),
        ],
    )
}

/// An incident event with no fields: `responded`, `work_started`, `workaround`, `resolved`,
/// `reopened`, `awaiting_customer`, `customer_replied`.
pub fn happened(id: &str, at: &str, event: &str) -> String {
    incident(id, at, event, &[])
}

/// `excluded` for a reason of 2.4 (or 2.3).
pub fn excluded(id: &str, at: &str, reason: &str) -> String {
    incident(id, at, "excluded", &[("reason", reason)])
}

/// `priority_changed`.
pub fn priority_changed(id: &str, at: &str, priority: &str) -> String {
    incident(id, at, "priority_changed", &[("priority", priority)])
}

/// A complete outage record `[from, to)` of a component, with an exclusion cause or `""`.
pub fn outage(id: &str, component: &str, from: &str, to: &str, cause: &str) -> String {
    let mut s = format!(
        r#"{{"event":"outage","outage":"{id}","component":"{component}","from":"{}","to":"{}""#,
        ts(from),
        ts(to)
    );
    if !cause.is_empty() {
        s.push_str(&format!(r#","cause":"{cause}""#));
    }
    s.push('}');
    s
}

/// `maintenance_announced`: notice given `at` for the window `[from, to)`.
pub fn announced(change: &str, at: &str, kind: &str, from: &str, to: &str) -> String {
    format!(
        r#"{{"at":"{}","event":"maintenance_announced","change":"{change}","kind":"{kind}","from":"{}","to":"{}"}}"#,
        ts(at),
        ts(from),
        ts(to)
    )
}

/// `maintenance_performed` during `[from, to)`; `kind` and `component` may be `""`.
pub fn performed(change: &str, kind: &str, from: &str, to: &str, component: &str) -> String {
    let mut s = format!(
        r#"{{"event":"maintenance_performed","change":"{change}","from":"{}","to":"{}""#,
        ts(from),
        ts(to)
    );
    if !kind.is_empty() {
        s.push_str(&format!(r#","kind":"{kind}""#));
    }
    if !component.is_empty() {
        s.push_str(&format!(r#","component":"{component}""#));
    }
    s.push('}');
    s
}

/// `maintenance_performed` recorded at `at` (when the record was written, e.g. the window's end).
pub fn performed_at(change: &str, at: &str, kind: &str, from: &str, to: &str) -> String {
    let line = performed(change, kind, from, to, "");
    format!(r#"{{"at":"{}",{}"#, ts(at), &line[1..])
}

/// The lines as one JSON Lines text.
pub fn jsonl(lines: &[String]) -> String {
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// The contract on its preset calendar.
pub fn judge(contract: &Contract) -> Evaluator {
    Evaluator::new(contract.clone(), contract.preset_calendar().unwrap())
}

/// Reads the lines, keeping what is rejected.
pub fn log_with_rejections(contract: &Contract, lines: &[String]) -> EventLog {
    let mut log = judge(contract).new_log("events.jsonl");
    read_jsonl(&mut log, jsonl(lines).as_bytes()).unwrap();
    log
}

/// Parses and checks the lines; every line must be accepted.
pub fn log(contract: &Contract, lines: &[String]) -> EventLog {
    let log = log_with_rejections(contract, lines);
    let rejected: Vec<String> = log.rejections().listed().map(ToString::to_string).collect();
    assert!(rejected.is_empty(), "rejected lines: {rejected:#?}");
    log
}

/// Evaluates the lines under `contract` with `options`, with the penalty statement; every line
/// must be accepted.
pub fn run(contract: &Contract, lines: &[String], options: Options) -> Audit {
    Audit::of(&judge(contract), &log(contract, lines), options)
}

/// Evaluates the lines under `contract` as of a local time.
pub fn run_at(contract: &Contract, lines: &[String], as_of: &str) -> Audit {
    run(
        contract,
        lines,
        Options {
            as_of: Some(t(as_of)),
            ..Options::default()
        },
    )
}

/// Evaluates the lines under the seed contract as of a local time.
pub fn seed_at(lines: &[String], as_of: &str) -> Audit {
    run_at(&Contract::seed(), lines, as_of)
}

/// The seed contract with settings applied (`&[("Q2", "wall")]`).
pub fn seed_with(settings: &[(&str, &str)]) -> Contract {
    let mut c = Contract::seed();
    for (q, v) in settings {
        c.settings.set(q, v).unwrap();
    }
    c
}

/// The verdict on one target of one incident.
pub fn verdict<'a>(a: &'a Audit, incident: &str, target: &str) -> &'a TargetVerdict {
    let r = &a.report;
    r.verdicts()
        .find(|(i, v)| &*i.id == incident && &*v.target == target)
        .map(|(_, v)| v)
        .unwrap_or_else(|| {
            let have: Vec<_> = r
                .verdicts()
                .map(|(i, v)| format!("{}/{}", i.id, v.target))
                .collect();
            panic!("no verdict {incident}/{target}; have {have:?}")
        })
}

/// The targets judged for an incident, in contract order.
pub fn targets_of(a: &Audit, incident: &str) -> Vec<String> {
    a.report
        .incidents
        .iter()
        .find(|i| &*i.id == incident)
        .unwrap_or_else(|| panic!("no incident {incident}"))
        .verdicts
        .iter()
        .map(|v| v.target.to_string())
        .collect()
}

/// The notice verdict on a change.
pub fn notice<'a>(a: &'a Audit, change: &str) -> &'a NoticeVerdict {
    a.report
        .notices
        .iter()
        .find(|n| n.change == change)
        .unwrap_or_else(|| panic!("no notice verdict for {change}"))
}

/// The availability verdict of a scope (`platform`, `data-interface`) over a period (`2025`,
/// `2025-Q1`, `2025-03`).
pub fn availability<'a>(a: &'a Audit, scope: &str, label: &str) -> &'a AvailabilityVerdict {
    let r = &a.report;
    r.availability
        .iter()
        .find(|a| a.scope == scope && a.label == label)
        .unwrap_or_else(|| {
            panic!(
                "no availability {scope} {label}; problem {:?}",
                r.availability_problem
            )
        })
}

/// An optional instant as `2025-03-04T10:15:00+08:00`, or `none`.
pub fn shown(t: Option<sla_engine::report::Instant>) -> String {
    t.map_or_else(|| "none".to_owned(), |t| t.to_rfc3339())
}

/// Asserts a verdict's outcome and deadline (local time, or `""` for none).
#[track_caller]
pub fn assert_verdict(v: &TargetVerdict, outcome: Outcome, deadline: &str) {
    let want = if deadline.is_empty() {
        "none".to_owned()
    } else {
        ts(deadline)
    };
    assert_eq!(
        (v.outcome, shown(v.deadline)),
        (outcome, want),
        "verdict {} ({}): {:#?}",
        v.target,
        v.clause,
        v
    );
}

/// The years option for availability tests: judge exactly these years.
pub fn years(first: i32, last: i32, as_of: &str) -> Options {
    Options {
        as_of: Some(t(as_of)),
        years: Some((first, last)),
        ..Options::default()
    }
}

/// An availability verdict's excused time as (reason, seconds).
pub fn excused(v: &AvailabilityVerdict) -> Vec<(String, i64)> {
    v.excused
        .iter()
        .map(|e| (e.reason.to_string(), e.seconds))
        .collect()
}

/// An availability verdict's percentage as written (`99.869`, or `n/a`).
pub fn pct(v: &AvailabilityVerdict) -> String {
    v.availability_percent
        .map_or_else(|| "n/a".to_owned(), |p| p.to_string())
}
