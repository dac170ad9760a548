//! Evaluating a year: 1 M incidents and 1 M outages under the seed contract.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use criterion::{Criterion, criterion_group, criterion_main};
use sla_engine::Timestamp;
use sla_engine::contract::{Contract, IncidentClass, Priority, StopEvent};
use sla_engine::evaluate::{Options, evaluate};
use sla_engine::event::{Event, EventBody, EventLog, IncidentEvent};

#[path = "support/rng.rs"]
mod rng;
use rng::SplitMix64 as Rng;

const YEAR_START: i64 = 1_735_660_800; // 2025-01-01T00:00:00+08:00
const YEAR: i64 = 365 * 86_400;

fn ts(t: i64) -> Timestamp {
    Timestamp::from_second(t).unwrap()
}

fn year_log(incidents: usize, outages: usize) -> EventLog {
    let mut rng = Rng(2025);
    let classes = [
        IncidentClass::Outage,
        IncidentClass::Fault,
        IncidentClass::Question,
    ];
    let priorities = [Priority::High, Priority::Medium, Priority::Low];
    let mut events = Vec::new();
    for i in 0..incidents {
        let at = YEAR_START + rng.below((YEAR - 30 * 86_400) as u64);
        let class = classes[i % 3];
        // Mostly in time, about one stop in ten late: a realistic year, not a disaster.
        let late = rng.below(10) == 0;
        let responded = at + rng.below(if late { 3 * 3600 } else { 600 });
        let started = responded + rng.below(if late { 12 * 3600 } else { 3600 });
        let resolved = started + rng.below(if late { 5 * 86_400 } else { 4 * 3600 });
        let id: std::sync::Arc<str> = format!("INC-{i}").into();
        let mut push = |t: i64, what| events.push(Event::incident(ts(t), id.clone(), what));
        push(
            at,
            IncidentEvent::Reported {
                class,
                priority: Some(priorities[(i / 3) % 3]),
                component: None,
                site: None,
            },
        );
        push(responded, IncidentEvent::Stop(StopEvent::Responded));
        push(started, IncidentEvent::Stop(StopEvent::WorkStarted));
        if i % 7 == 0 {
            push(started + 60, IncidentEvent::AwaitingCustomer);
            push(started + 3600, IncidentEvent::CustomerReplied);
        }
        push(
            resolved.max(started + 3600),
            IncidentEvent::Stop(StopEvent::Resolved),
        );
    }
    for i in 0..outages {
        let from = YEAR_START + rng.below(YEAR as u64);
        events.push(Event {
            at: ts(from),
            body: EventBody::Outage {
                id: None,
                component: if i % 2 == 0 {
                    "data-interface"
                } else {
                    "back-office"
                }
                .into(),
                from: ts(from),
                to: ts(from + rng.below(600)),
                cause: None,
            },
        });
    }
    let mut log = EventLog::new("bench", chrono_tz::Asia::Shanghai);
    log.push_all((1..).zip(events));
    assert!(log.rejections().is_empty());
    log
}

fn bench(c: &mut Criterion) {
    let contract = Contract::seed();
    let calendar = contract.preset_calendar().unwrap();
    let options = Options {
        as_of: Some(ts(YEAR_START + YEAR)),
        years: Some((2025, 2025)),
        ..Options::default()
    };
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(10);
    let log = year_log(1_000_000, 1_000_000);
    group.bench_function("year_1M_incidents_1M_outages", |b| {
        b.iter(|| evaluate(&contract, &calendar, &log, options));
    });
    let incidents_only = year_log(1_000_000, 0);
    group.bench_function("year_1M_incidents", |b| {
        b.iter(|| evaluate(&contract, &calendar, &incidents_only, options));
    });
    let outages_only = year_log(0, 1_000_000);
    group.bench_function("year_1M_outages", |b| {
        b.iter(|| evaluate(&contract, &calendar, &outages_only, options));
    });
    let small = year_log(1_000, 1_000);
    group.bench_function("year_1k_incidents_1k_outages", |b| {
        b.iter(|| evaluate(&contract, &calendar, &small, options));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
