//! Live use: a board of 10 000 open incidents. One event pushed and that incident's clocks
//! recomputed (what a service does per event), and every clock of the board (a refresh).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sla_engine::Timestamp;
use sla_engine::contract::{IncidentClass, Priority, StopEvent};
use sla_engine::evaluate::Evaluator;
use sla_engine::event::{Applied, Event, EventLog, IncidentEvent};

#[path = "support/rng.rs"]
mod rng;
use rng::SplitMix64 as Rng;

/// Tue 2025-03-04 17:00 Beijing: the board as of late afternoon of a working day.
const NOW: i64 = 1_741_078_800;
const BOARD: usize = 10_000;

fn ts(t: i64) -> Timestamp {
    Timestamp::from_second(t).unwrap()
}

/// 10 000 incidents reported over the last two days, none resolved: some answered, some with
/// work started, some waiting on the customer, so every kind of running clock is on the board.
fn board(judge: &Evaluator) -> (EventLog, Vec<Arc<str>>) {
    let mut rng = Rng(17);
    let classes = [
        IncidentClass::Outage,
        IncidentClass::Fault,
        IncidentClass::Question,
    ];
    let priorities = [Priority::High, Priority::Medium, Priority::Low];
    let mut events = Vec::new();
    let mut ids = Vec::with_capacity(BOARD);
    for i in 0..BOARD {
        let id: Arc<str> = format!("INC-{i}").into();
        ids.push(id.clone());
        let at = NOW - 1 - rng.below(2 * 86_400);
        let mut push = |t: i64, what| events.push(Event::incident(ts(t), id.clone(), what));
        push(
            at,
            IncidentEvent::Reported {
                class: classes[i % 3],
                priority: Some(priorities[(i / 3) % 3]),
                component: None,
                site: None,
            },
        );
        let span = NOW - at;
        match rng.below(4) {
            0 => {}
            1 => push(
                at + rng.below(span as u64),
                IncidentEvent::Stop(StopEvent::Responded),
            ),
            2 => {
                let r = at + rng.below(span as u64);
                push(r, IncidentEvent::Stop(StopEvent::Responded));
                push(
                    r + rng.below((NOW - r) as u64),
                    IncidentEvent::Stop(StopEvent::WorkStarted),
                );
            }
            _ => push(at + rng.below(span as u64), IncidentEvent::AwaitingCustomer),
        }
    }
    let mut log = judge.new_log("board");
    log.push_all((1..).zip(events));
    assert!(log.rejections().is_empty());
    (log, ids)
}

fn bench(c: &mut Criterion) {
    let judge = Evaluator::seed().unwrap();
    let (pristine, ids) = board(&judge);
    let now = ts(NOW);
    assert!(judge.countdowns(&pristine, now).len() >= BOARD);
    let mut group = c.benchmark_group("live");

    // The baseline: finding one incident on the board, so that ratios stay readable when the
    // machine is busy.
    let mut k = 0;
    group.bench_function("lookup_one_incident", |b| {
        b.iter(|| {
            k = (k + 1) % BOARD;
            black_box(pristine.incident(&ids[k]))
        });
    });

    // Each timed push goes to an incident that has had none yet: the board is restored (untimed)
    // after every round of 10 000, so that no incident's history grows with the iteration count.
    group.bench_function("push_one_event_and_its_countdowns", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut done = 0;
            while done < iters {
                let mut log = pristine.clone();
                let round = (iters - done).min(BOARD as u64) as usize;
                let events: Vec<Event> = ids[..round]
                    .iter()
                    .enumerate()
                    .map(|(i, id)| {
                        let what = if i % 2 == 0 {
                            IncidentEvent::PriorityChanged {
                                priority: Priority::High,
                            }
                        } else {
                            IncidentEvent::Stop(StopEvent::Responded)
                        };
                        Event::incident(now, id.clone(), what)
                    })
                    .collect();
                let start = Instant::now();
                for e in events {
                    let id = match log.push(e) {
                        Ok(Applied::Incident(id)) => id,
                        other => unreachable!("{other:?}"),
                    };
                    let inc = log.incident(&id).unwrap();
                    black_box(judge.incident_countdowns(&inc, now));
                }
                total += start.elapsed();
                done += round as u64;
            }
            total
        });
    });

    group.sample_size(20);
    group.bench_function("countdowns_of_the_board_10k", |b| {
        b.iter(|| black_box(judge.countdowns(&pristine, now)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
