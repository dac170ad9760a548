//! The example year (`examples/data/kanban-2025.jsonl`): the committed file is exactly what the
//! generator makes, the library accepts every line, and the year exercises every feature of the
//! event schema.
#![cfg(feature = "formats")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

#[path = "../examples/generate_year.rs"]
mod generator;

use std::collections::BTreeSet;

use sla_engine::Timestamp;
use sla_engine::contract::{ChangeKind, Contract, ExclusionReason, IncidentClass, Priority};
use sla_engine::evaluate::Evaluator;
use sla_engine::event::{EventLog, read_jsonl};

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/data/kanban-2025.jsonl"
);

fn log(text: &str) -> EventLog {
    let judge = Evaluator::new(
        Contract::seed(),
        Contract::seed().preset_calendar().unwrap(),
    );
    let mut log = judge.new_log("kanban-2025.jsonl");
    read_jsonl(&mut log, text.as_bytes()).unwrap();
    log
}

#[test]
fn committed_year_is_what_the_generator_makes() {
    let fresh = generator::generate();
    assert_eq!(
        fresh,
        generator::generate(),
        "the generator is not deterministic"
    );
    let committed = std::fs::read_to_string(DATA).unwrap();
    if fresh != committed {
        let line = fresh
            .lines()
            .zip(committed.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || fresh.lines().count().min(committed.lines().count()) + 1,
                |i| i + 1,
            );
        panic!(
            "examples/data/kanban-2025.jsonl differs from the generator's output from line {line} \
             on: regenerate it with `cargo run --example generate_year --features formats -- \
             examples/data/kanban-2025.jsonl`"
        );
    }
}

#[test]
fn example_year_is_valid_and_complete() {
    let text = std::fs::read_to_string(DATA).unwrap();
    let log = log(&text);
    let rejected: Vec<String> = log.rejections().listed().map(ToString::to_string).collect();
    assert!(rejected.is_empty(), "rejected lines: {rejected:#?}");
    assert_eq!(log.accepted(), text.lines().count() as u64);

    // Written in time order.
    let ats: Vec<Timestamp> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<sla_engine::event::Event>(l)
                .unwrap()
                .at
        })
        .collect();
    assert!(
        ats.windows(2).all(|w| w[0] <= w[1]),
        "lines are not sorted by `at`"
    );
    for line in text.lines() {
        assert!(
            line.contains("+08:00\""),
            "a timestamp without +08:00: {line}"
        );
    }

    let incidents: Vec<generator::Flat> = log.incidents().map(generator::flat).collect();
    assert!(incidents.len() >= 300, "{} incidents", incidents.len());
    let classes: BTreeSet<_> = incidents.iter().map(|i| i.class).collect();
    assert_eq!(
        classes,
        BTreeSet::from([
            IncidentClass::Outage,
            IncidentClass::Fault,
            IncidentClass::Question,
            IncidentClass::ChangeRequest
        ])
    );
    let priorities: BTreeSet<_> = incidents.iter().filter_map(|i| i.priority).collect();
    assert_eq!(
        priorities,
        BTreeSet::from([Priority::High, Priority::Medium, Priority::Low])
    );
    assert!(incidents.iter().filter(|i| !i.pauses.is_empty()).count() >= 20);
    assert!(incidents.iter().any(|i| i.pauses.len() >= 2));
    assert!(
        incidents
            .iter()
            .any(|i| i.pauses.last().is_some_and(|p| p.1.is_none())),
        "no incident still waiting on the customer at the end of the year"
    );
    assert!(incidents.iter().filter(|i| !i.reopens.is_empty()).count() >= 5);
    assert!(incidents.iter().any(|i| i.reopens.len() >= 2));
    assert!(
        incidents
            .iter()
            .filter(|i| !i.priority_changes.is_empty())
            .count()
            >= 10
    );
    let reasons: BTreeSet<_> = incidents
        .iter()
        .filter_map(|i| i.exclusion.map(|(_, r)| r))
        .collect();
    assert_eq!(reasons, ExclusionReason::ALL.iter().copied().collect());
    assert!(
        incidents
            .iter()
            .any(|i| i.component.as_deref() == Some("printer-fleet"))
    );
    assert!(
        incidents.iter().any(|i| !i
            .stops
            .iter()
            .any(|(_, s)| *s == sla_engine::contract::StopEvent::Resolved)),
        "no incident open at the end of the year"
    );

    // Outages: overlapping core outages, pairs, causes, one across New Year.
    let core = ["data-interface", "back-office"];
    let outages = generator::flat_outages(&log);
    let di: Vec<_> = outages
        .iter()
        .filter(|o| o.component == core[0] && o.cause.is_none())
        .collect();
    let bo: Vec<_> = outages
        .iter()
        .filter(|o| o.component == core[1] && o.cause.is_none())
        .collect();
    let overlaps = di
        .iter()
        .filter(|a| {
            bo.iter()
                .any(|b| a.from < b.to.unwrap_or(i64::MAX) && b.from < a.to.unwrap_or(i64::MAX))
        })
        .count();
    assert!(overlaps >= 3, "{overlaps} overlapping core outages");
    assert!((40..=60).contains(&outages.len()));
    assert!(outages.iter().any(|o| o.cause.is_some()));
    let new_year = Timestamp::parse("2025-01-01T00:00:00+08:00")
        .unwrap()
        .as_second();
    assert!(
        outages
            .iter()
            .any(|o| o.from < new_year && o.to.is_some_and(|t| t > new_year))
    );

    // Provider-caused platform downtime in 2025: under the 0.5 % budget of 43 h 48 min.
    let end = Timestamp::parse("2026-01-01T00:00:00+08:00")
        .unwrap()
        .as_second();
    let mut down: Vec<(i64, i64)> = di
        .iter()
        .chain(&bo)
        .map(|o| (o.from.max(new_year), o.to.unwrap_or(end).min(end)))
        .collect();
    down.sort_unstable();
    let mut total = 0;
    let mut cur: Option<(i64, i64)> = None;
    for (a, b) in down {
        match cur {
            Some((ca, cb)) if a <= cb => cur = Some((ca, cb.max(b))),
            Some((ca, cb)) => {
                total += cb - ca;
                cur = Some((a, b));
            }
            None => cur = Some((a, b)),
        }
    }
    total += cur.map_or(0, |(a, b)| b - a);
    assert!(
        (25 * 3600..36 * 3600).contains(&total),
        "provider-caused platform downtime {total} s"
    );

    // Changes: every kind, announced and not, rescheduled and cancelled.
    let changes: Vec<_> = log.changes().collect();
    let kinds: BTreeSet<_> = changes.iter().filter_map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            ChangeKind::Upgrade,
            ChangeKind::Maintenance,
            ChangeKind::SecurityUpgrade,
            ChangeKind::MinorPatch
        ])
    );
    assert!(
        changes
            .iter()
            .any(|c| c.kind == Some(ChangeKind::Maintenance)
                && c.announcements.is_empty()
                && c.performed.is_some())
    );
    assert!(changes.iter().any(|c| c.announcements.len() >= 2));
    assert!(changes.iter().any(|c| c.performed.is_none()));
}
