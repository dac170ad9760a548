//! Laws of the evaluation, on generated event logs (proptest):
//!
//! 1. The order of the input lines does not change the report (byte for byte, as JSON).
//! 2. A pending verdict's deadline is the deadline the verdict is judged against once the event
//!    that stops its clock arrives (same events otherwise).
//! 3. Adding a wait on the customer never makes a verdict worse: met stays met, a pending verdict
//!    does not become breached, the deadline never moves earlier, the clock never uses more.
//!
//! Generated logs are valid by construction (every line is accepted), and every `at` is distinct:
//! each incident, outage or change owns a residue modulo `K` seconds and its events lie on that
//! residue, in increasing order.
#![cfg(feature = "formats")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::sync::OnceLock;

use proptest::prelude::*;
use sla_engine::Calendar;
use sla_engine::Timestamp;
use sla_engine::contract::{Boundary, ClockKind, Contract, Limit, NextWorkingDay};
use sla_engine::evaluate::{Evaluator, Options};
use sla_engine::event::read_jsonl;
use sla_engine::report::{Outcome, Report};

/// Seconds between two grid points of one entity; entity `i` uses the residue `i`.
const K: i64 = 32;

/// Mon 2025-03-03 00:00 Beijing: logs span the following weeks of 2025.
fn base() -> i64 {
    Timestamp::parse("2025-03-03T00:00:00+08:00")
        .unwrap()
        .as_second()
}

fn ts(t: i64) -> Timestamp {
    Timestamp::from_second(t).unwrap()
}

fn grid(m: i64, residue: i64) -> i64 {
    base() + K * m + residue
}

fn rfc(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .to_rfc3339()
}

/// The seed contract's calendar (2025 is covered, so every reading of Q11 gives the same one).
fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Contract::seed().preset_calendar().unwrap())
}

/// The readings of each setting, as `Settings::set` takes them (Q11 stays `error`).
const READINGS: [(&str, &[&str]); 13] = [
    ("Q1", &["wall", "business"]),
    ("Q2", &["business", "wall", "wall_for_high"]),
    (
        "Q3",
        &[
            "end_of_next_working_day",
            "one_working_day_of_business_time",
        ],
    ),
    ("Q4", &["from_report", "from_change"]),
    ("Q5", &["pauses", "does_not_pause"]),
    ("Q6", &["union_of_components", "each_component"]),
    ("Q7", &["all_seconds", "service_hours"]),
    ("Q8", &["excused_if_noticed", "always_counts"]),
    ("Q9", &["as_written", "working_days", "whole_days"]),
    ("Q10", &["inclusive", "exclusive"]),
    ("reopen", &["resumes", "first_resolution_counts"]),
    ("superseded_targets", &["keep_breaches", "void"]),
    (
        "minor_patch_downtime",
        &["excused_outside_service_hours", "counts"],
    ),
];

fn contract(choices: &[usize]) -> Contract {
    let mut c = Contract::seed();
    for ((q, values), i) in READINGS.iter().zip(choices) {
        c.settings.set(q, values[i % values.len()]).unwrap();
    }
    c
}

fn settings() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..6, READINGS.len())
}

fn evaluate_lines(contract: &Contract, lines: &[String], as_of: i64) -> Report {
    let mut text = lines.join("\n");
    text.push('\n');
    let judge = Evaluator::new(contract.clone(), calendar().clone());
    let mut log = judge.new_log("gen.jsonl");
    read_jsonl(&mut log, text.as_bytes()).unwrap();
    assert!(
        log.rejections().is_empty(),
        "{:#?}\n{text}",
        log.rejections()
    );
    judge.report(
        &log,
        Options {
            as_of: Some(ts(as_of)),
            ..Options::default()
        },
    )
}

/// A report's JSON without the input line numbers it cites (`"line": 7`, `(line 7)`) and
/// without the digest of the input (the bytes differ when the lines are reordered).
fn without_lines(json: &str) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("line");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            serde_json::Value::String(s) => {
                while let Some(i) = s.find("(line ") {
                    let end = s[i..].find(')').map_or(s.len(), |j| i + j + 1);
                    s.replace_range(i..end, "");
                }
            }
            _ => {}
        }
    }
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    if let Some(p) = v.get_mut("provenance").and_then(|p| p.as_object_mut()) {
        p.remove("events");
    }
    strip(&mut v);
    v
}

// ---------------------------------------------------------------------------------------------
// Generated incidents
// ---------------------------------------------------------------------------------------------

const CLASSES: [&str; 4] = ["outage", "fault", "question", "change_request"];
const PRIORITIES: [&str; 3] = ["high", "medium", "low"];
const REASONS: [&str; 7] = [
    "customer_error",
    "customer_change",
    "customer_data",
    "customer_access",
    "customer_compliance",
    "other_agreed",
    "out_of_scope",
];
const COMPONENTS: [&str; 3] = ["data-interface", "back-office", "kanban-display"];
const KINDS: [&str; 4] = ["upgrade", "maintenance", "security_upgrade", "minor_patch"];

#[derive(Debug, Clone)]
struct IncidentPlan {
    class: usize,
    priority: usize,
    /// Grid units after the base at which it is reported.
    start: i64,
    /// (choice of event, grid units since the previous event).
    steps: Vec<(u8, i64)>,
}

fn incident_plan(max_steps: usize, max_gap: i64) -> impl Strategy<Value = IncidentPlan> {
    (
        0usize..4,
        0usize..3,
        0i64..20_000,
        prop::collection::vec((any::<u8>(), 1i64..max_gap), 0..max_steps),
    )
        .prop_map(|(class, priority, start, steps)| IncidentPlan {
            class,
            priority,
            start,
            steps,
        })
}

/// An incident's lines, and what its state is after the last of them.
#[derive(Debug, Clone)]
struct Built {
    lines: Vec<String>,
    reported_at: i64,
    /// The time of the last event.
    last: i64,
    resolved_open: bool,
    /// Waits on the customer: (from, to) with `to = None` while open.
    pauses: Vec<(i64, Option<i64>)>,
}

fn incident_line(id: &str, at: i64, event: &str, fields: &[(&str, &str)]) -> String {
    let mut s = format!(
        r#"{{"at":"{}","incident":"{id}","event":"{event}""#,
        rfc(at)
    );
    for (k, v) in fields {
        s.push_str(&format!(r#","{k}":"{v}""#));
    }
    s.push('}');
    s
}

/// Which events a generated incident may have after its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Events {
    /// Any event, as long as the log stays valid.
    Any,
    /// Only waits on the customer and priority changes: no clock stops.
    NoStops,
}

fn build_incident(id: &str, p: &IncidentPlan, residue: i64, events: Events) -> Built {
    let class = CLASSES[p.class];
    let reported_at = grid(p.start, residue);
    let mut lines = vec![if class == "question" || class == "change_request" {
        incident_line(id, reported_at, "reported", &[("class", class)])
    } else {
        incident_line(
            id,
            reported_at,
            "reported",
            &[("class", class), ("priority", PRIORITIES[p.priority])],
        )
    }];
    let mut m = p.start;
    let mut last = reported_at;
    let (mut resolved_open, mut excluded) = (false, false);
    let mut pauses: Vec<(i64, Option<i64>)> = Vec::new();
    for &(choice, gap) in &p.steps {
        m += gap;
        let at = grid(m, residue);
        last = at;
        let waiting = pauses.last().is_some_and(|(_, to)| to.is_none());
        if !excluded && choice >= 250 && events == Events::Any {
            excluded = true;
            let reason = REASONS[usize::from(choice) % REASONS.len()];
            lines.push(incident_line(id, at, "excluded", &[("reason", reason)]));
            continue;
        }
        let mut allowed = vec!["priority_changed"];
        if events == Events::Any {
            allowed.extend(["responded", "work_started", "workaround"]);
            allowed.push(if resolved_open {
                "reopened"
            } else {
                "resolved"
            });
        }
        allowed.push(if waiting {
            "customer_replied"
        } else {
            "awaiting_customer"
        });
        let event = allowed[usize::from(choice) % allowed.len()];
        match event {
            "priority_changed" => {
                let to = PRIORITIES[usize::from(choice / 8) % 3];
                lines.push(incident_line(id, at, event, &[("priority", to)]));
                continue;
            }
            "resolved" => resolved_open = true,
            "reopened" => resolved_open = false,
            "awaiting_customer" => pauses.push((at, None)),
            "customer_replied" => {
                if let Some(p) = pauses.last_mut() {
                    p.1 = Some(at);
                }
            }
            _ => {}
        }
        lines.push(incident_line(id, at, event, &[]));
    }
    Built {
        lines,
        reported_at,
        last,
        resolved_open,
        pauses,
    }
}

// ---------------------------------------------------------------------------------------------
// Generated outages and changes
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct OutagePlan {
    component: usize,
    start: i64,
    /// Grid units down.
    length: i64,
    /// An exclusion cause when below `REASONS.len()`, else none.
    cause: usize,
    /// A complete `outage` record, or `outage_started` + `outage_ended`.
    record: bool,
}

fn outage_plan() -> impl Strategy<Value = OutagePlan> {
    (
        0usize..3,
        0i64..20_000,
        1i64..3_000,
        0usize..14,
        any::<bool>(),
    )
        .prop_map(|(component, start, length, cause, record)| OutagePlan {
            component,
            start,
            length,
            cause,
            record,
        })
}

fn outage_lines(id: &str, p: &OutagePlan, residue: i64) -> Vec<String> {
    let from = grid(p.start, residue);
    let to = grid(p.start + p.length, residue);
    let component = COMPONENTS[p.component];
    let cause = REASONS
        .get(p.cause)
        .map_or(String::new(), |c| format!(r#","cause":"{c}""#));
    if p.record {
        vec![format!(
            r#"{{"event":"outage","outage":"{id}","component":"{component}","from":"{}","to":"{}"{cause}}}"#,
            rfc(from),
            rfc(to)
        )]
    } else {
        vec![
            format!(
                r#"{{"at":"{}","event":"outage_started","outage":"{id}","component":"{component}"{cause}}}"#,
                rfc(from)
            ),
            format!(
                r#"{{"at":"{}","event":"outage_ended","outage":"{id}"}}"#,
                rfc(to)
            ),
        ]
    }
}

#[derive(Debug, Clone)]
struct ChangePlan {
    kind: usize,
    announce: bool,
    perform: bool,
    /// Grid units to the notice.
    notice: i64,
    /// Grid units from the notice to the announced window.
    lead: i64,
    /// Grid units the window lasts.
    length: i64,
    /// Grid units the performed window starts after the announced one.
    shift: i64,
    /// The component it takes down, if below 3.
    component: usize,
}

fn change_plan() -> impl Strategy<Value = ChangePlan> {
    (
        (0usize..4, any::<bool>(), any::<bool>()),
        (0i64..20_000, 1i64..30_000, 1i64..500, 0i64..100, 0usize..5),
    )
        .prop_map(
            |((kind, announce, perform), (notice, lead, length, shift, component))| ChangePlan {
                kind,
                announce: announce || !perform,
                perform,
                notice,
                lead,
                length,
                shift,
                component,
            },
        )
}

fn change_lines(id: &str, p: &ChangePlan, residue: i64) -> Vec<String> {
    let kind = KINDS[p.kind];
    let from = grid(p.notice + p.lead, residue);
    let to = from + K * p.length;
    let mut lines = Vec::new();
    if p.announce {
        lines.push(format!(
            r#"{{"at":"{}","event":"maintenance_announced","change":"{id}","kind":"{kind}","from":"{}","to":"{}"}}"#,
            rfc(grid(p.notice, residue)),
            rfc(from),
            rfc(to)
        ));
    }
    if p.perform {
        let component = COMPONENTS
            .get(p.component)
            .map_or(String::new(), |c| format!(r#","component":"{c}""#));
        lines.push(format!(
            r#"{{"event":"maintenance_performed","change":"{id}","kind":"{kind}","from":"{}","to":"{}"{component}}}"#,
            rfc(from + K * p.shift),
            rfc(to + K * p.shift)
        ));
    }
    lines
}

#[derive(Debug, Clone)]
struct LogPlan {
    incidents: Vec<IncidentPlan>,
    outages: Vec<OutagePlan>,
    changes: Vec<ChangePlan>,
    settings: Vec<usize>,
    /// Grid units of the evaluation instant.
    as_of: i64,
}

fn log_plan() -> impl Strategy<Value = LogPlan> {
    (
        prop::collection::vec(incident_plan(10, 1_500), 0..6),
        prop::collection::vec(outage_plan(), 0..4),
        prop::collection::vec(change_plan(), 0..3),
        settings(),
        0i64..45_000,
    )
        .prop_map(|(incidents, outages, changes, settings, as_of)| LogPlan {
            incidents,
            outages,
            changes,
            settings,
            as_of,
        })
}

fn log_lines(p: &LogPlan) -> Vec<String> {
    let mut lines = Vec::new();
    let mut residue = 0;
    for (i, inc) in p.incidents.iter().enumerate() {
        lines.extend(build_incident(&format!("INC-{i}"), inc, residue, Events::Any).lines);
        residue += 1;
    }
    for (i, o) in p.outages.iter().enumerate() {
        lines.extend(outage_lines(&format!("OUT-{i}"), o, residue));
        residue += 1;
    }
    for (i, c) in p.changes.iter().enumerate() {
        lines.extend(change_lines(&format!("CHG-{i}"), c, residue));
        residue += 1;
    }
    assert!(residue < K);
    lines
}

// ---------------------------------------------------------------------------------------------
// The laws
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Law 1: the report does not depend on the order of the lines (events of one entity never
    /// share a second here), except for the line numbers the evidence cites.
    #[test]
    fn event_order_does_not_change_the_report(
        (plan, lines, shuffled) in log_plan().prop_flat_map(|plan| {
            let lines = log_lines(&plan);
            (Just(plan), Just(lines.clone()), Just(lines).prop_shuffle())
        })
    ) {
        let contract = contract(&plan.settings);
        let as_of = grid(plan.as_of, K - 1);
        let a = without_lines(&serde_json::to_string(&evaluate_lines(&contract, &lines, as_of)).unwrap());
        let b = without_lines(&serde_json::to_string(&evaluate_lines(&contract, &shuffled, as_of)).unwrap());
        prop_assert_eq!(a, b);
    }

    /// Law 2: the deadline shown while a clock runs is the one it is judged against when it stops.
    #[test]
    fn pending_deadline_is_the_final_deadline(
        plan in incident_plan(4, 300),
        settings in settings(),
        wait in 1i64..2_000,
        stop_after in 0i64..60_000,
        stop_choice in 0usize..4,
    ) {
        let contract = contract(&settings);
        let mut built = build_incident("INC-1", &plan, 0, Events::NoStops);
        // Close an open wait, so that the clocks have deadlines.
        if built.pauses.last().is_some_and(|(_, to)| to.is_none()) {
            built.last += K;
            built.lines.push(incident_line("INC-1", built.last, "customer_replied", &[]));
        }
        let t0 = built.last + wait;
        let t_stop = t0 + stop_after;
        let mut stops = vec!["responded", "work_started", "workaround"];
        if !built.resolved_open {
            stops.push("resolved");
        }
        let stop = stops[stop_choice % stops.len()];
        let before = evaluate_lines(&contract, &built.lines, t0);
        let mut with_stop = built.lines.clone();
        with_stop.push(incident_line("INC-1", t_stop, stop, &[]));
        let after = evaluate_lines(&contract, &with_stop, t_stop);
        let inclusive = contract.settings.boundary == Boundary::Inclusive;
        for ((_, a), (_, b)) in before.verdicts().zip(after.verdicts()) {
            prop_assert_eq!(&a.target, &b.target);
            let stopped_by = contract.target(&a.target).unwrap().stops_on.iter().any(|s| s.as_str() == stop);
            let (Outcome::Pending, Some(deadline), true) = (a.outcome, a.deadline, stopped_by) else {
                continue;
            };
            prop_assert_eq!(b.deadline, Some(deadline), "{} {:#?} {:#?}", stop, a, b);
            let d = deadline.timestamp();
            // The verdict compares time on the target's clock: a stop in closed time just after
            // a deadline at a closing time used no more business time than the limit.
            let cal = contract.preset_calendar().unwrap();
            let kind = b.clock;
            let clock = |x: i64, y: i64| match kind {
                ClockKind::Wall => y - x,
                ClockKind::Business => cal.between(ts(x), ts(y)).unwrap(),
            };
            // "Within the next working day" (Q3 default) is a date rule: by the close, nothing after.
            let by_date = b.limit == Limit::NextWorkingDay
                && contract.settings.next_working_day == NextWorkingDay::EndOfNextWorkingDay;
            let in_time = match (by_date, inclusive) {
                (true, true) => t_stop <= d,
                (true, false) => t_stop < d,
                (false, true) => t_stop <= d || clock(d, t_stop) == 0,
                (false, false) => t_stop < d && clock(t_stop, d) > 0,
            };
            let want = if in_time { Outcome::Met } else { Outcome::Breached };
            prop_assert_eq!(b.outcome, want, "{:#?}", b);
            prop_assert_eq!(b.stopped_at.map(|t| t.timestamp()), Some(t_stop));
        }
    }

    /// Law 3: one more wait on the customer never makes a verdict worse.
    #[test]
    fn adding_a_pause_never_makes_a_verdict_worse(
        plan in incident_plan(10, 600),
        settings in settings(),
        pause_at in 0i64..3_000,
        pause_len in 1i64..2_000,
        as_of in 0i64..6_000,
    ) {
        let mut contract = contract(&settings);
        contract.settings.set("Q5", "pauses").unwrap();
        let built = build_incident("INC-1", &plan, 0, Events::Any);
        // The new wait lies on another residue, so its instants are distinct from the others.
        // It starts within about a day of the report; the evaluation is within about two.
        let p1 = grid(plan.start + pause_at, 5);
        let p2 = grid(plan.start + pause_at + pause_len, 5);
        prop_assume!(p1 > built.reported_at);
        prop_assume!(built
            .pauses
            .iter()
            .all(|&(a, b)| p2 < a || b.is_some_and(|b| b < p1)));
        let as_of = grid(plan.start + as_of, K - 1);
        let without = evaluate_lines(&contract, &built.lines, as_of);
        let mut lines = built.lines.clone();
        lines.push(incident_line("INC-1", p1, "awaiting_customer", &[]));
        lines.push(incident_line("INC-1", p2, "customer_replied", &[]));
        let with = evaluate_lines(&contract, &lines, as_of);
        prop_assert_eq!(without.verdicts().count(), with.verdicts().count());
        for ((_, a), (_, b)) in without.verdicts().zip(with.verdicts()) {
            prop_assert_eq!(&a.target, &b.target);
            match a.outcome {
                Outcome::Met => prop_assert_eq!(b.outcome, Outcome::Met, "{:#?} {:#?}", a, b),
                Outcome::Pending => prop_assert_eq!(b.outcome, Outcome::Pending, "{:#?} {:#?}", a, b),
                Outcome::Excluded => prop_assert_eq!(b.outcome, Outcome::Excluded),
                _ => {}
            }
            match (a.deadline, b.deadline) {
                (Some(da), Some(db)) => prop_assert!(db >= da, "deadline earlier: {:#?} {:#?}", a, b),
                (None, Some(_)) => prop_assert!(false, "a paused clock got a deadline: {:#?} {:#?}", a, b),
                _ => {}
            }
            prop_assert!(b.used_seconds <= a.used_seconds, "{:#?} {:#?}", a, b);
        }
    }
}
