//! Live use (issue 11): one long-lived log, one event pushed at a time, answers the same as a
//! batch evaluation of the same events.
//!
//! The law, on generated logs pushed in time order (bursts of several events of one incident in
//! one second included, and events the log must reject): after every push, the countdowns (at the
//! push and later) and the report as of the push equal those of a log built in one batch from the
//! same prefix, a rejected push returns the error the batch records for its line, and the
//! countdowns agree with the report's verdicts (they are worked out without the evidence).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use sla_engine::Calendar;
use sla_engine::Timestamp;
use sla_engine::contract::{
    ChangeKind, Contract, ExclusionReason, IncidentClass, Priority, StopEvent,
};
use sla_engine::evaluate::{Countdown, Evaluator, Options};
use sla_engine::event::{Event, EventBody, EventLog, IncidentEvent};
use sla_engine::report::{Outcome, Report};

/// Mon 2025-03-03 00:00 Beijing.
const BASE: i64 = 1_740_931_200;

fn ts(t: i64) -> Timestamp {
    Timestamp::from_second(BASE + t).unwrap()
}

/// The seed contract's calendar, compiled once.
fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Contract::seed().preset_calendar().unwrap())
}

/// A few readings of the open questions that change what a clock does.
const READINGS: [(&str, &[&str]); 6] = [
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
    ("reopen", &["resumes", "first_resolution_counts"]),
];

fn judge(choices: &[usize]) -> Evaluator {
    let mut c = Contract::seed();
    for ((q, values), i) in READINGS.iter().zip(choices) {
        c.settings.set(q, values[i % values.len()]).unwrap();
    }
    Evaluator::new(c, calendar().clone())
}

const CLASSES: [IncidentClass; 4] = [
    IncidentClass::Outage,
    IncidentClass::Fault,
    IncidentClass::Question,
    IncidentClass::ChangeRequest,
];
const PRIORITIES: [Priority; 3] = [Priority::High, Priority::Medium, Priority::Low];
const COMPONENTS: [&str; 3] = ["data-interface", "back-office", "kanban-display"];

/// What one step of an incident's story pushes: one event, or a burst of two in one second.
fn step_events(op: u8) -> Vec<IncidentEvent> {
    use IncidentEvent as E;
    match op % 16 {
        0 => vec![E::Stop(StopEvent::Responded)],
        1 => vec![E::Stop(StopEvent::WorkStarted)],
        2 => vec![E::Stop(StopEvent::Workaround)],
        3 | 4 => vec![E::Stop(StopEvent::Resolved)],
        5 => vec![E::Reopened],
        6 => vec![E::PriorityChanged {
            priority: PRIORITIES[usize::from(op / 16) % 3],
        }],
        7 | 8 => vec![E::AwaitingCustomer],
        9 | 10 => vec![E::CustomerReplied],
        11 => vec![E::Excluded {
            reason: if op >= 128 {
                ExclusionReason::CustomerError
            } else {
                ExclusionReason::OutOfScope
            },
        }],
        // Bursts in one second: a resolution and its reopening, a wait answered at once, an
        // answer and a new wait, a response and a wait.
        12 => vec![E::Stop(StopEvent::Resolved), E::Reopened],
        13 => vec![E::AwaitingCustomer, E::CustomerReplied],
        14 => vec![E::CustomerReplied, E::AwaitingCustomer],
        _ => vec![E::Stop(StopEvent::Responded), E::AwaitingCustomer],
    }
}

#[derive(Debug, Clone)]
struct IncidentPlan {
    class: usize,
    priority: usize,
    /// Seconds after the base at which it is reported.
    start: i64,
    /// (what, seconds since the previous step: 0 is the same second).
    steps: Vec<(u8, i64)>,
}

fn incident_plan() -> impl Strategy<Value = IncidentPlan> {
    let gap = prop_oneof![Just(0i64), 1i64..600, 600i64..40_000];
    (
        0usize..4,
        0usize..3,
        0i64..3 * 86_400,
        prop::collection::vec((any::<u8>(), gap), 0..8),
    )
        .prop_map(|(class, priority, start, steps)| IncidentPlan {
            class,
            priority,
            start,
            steps,
        })
}

/// Everything else a log holds, so that the whole report is compared: outages, changes,
/// backups, and events the log rejects (an event of an incident never reported, a second report).
#[derive(Debug, Clone)]
enum Other {
    Outage {
        component: usize,
        from: i64,
        len: i64,
    },
    OutageOpen {
        component: usize,
        from: i64,
        len: i64,
    },
    Change {
        notice: i64,
        lead: i64,
        len: i64,
    },
    Backup {
        at: i64,
    },
    Stray {
        at: i64,
    },
    ReportedAgain {
        incident: usize,
        at: i64,
    },
}

fn other() -> impl Strategy<Value = Other> {
    let t = 0i64..4 * 86_400;
    prop_oneof![
        (0usize..3, t.clone(), 1i64..7_200).prop_map(|(component, from, len)| Other::Outage {
            component,
            from,
            len
        }),
        (0usize..3, t.clone(), 1i64..7_200).prop_map(|(component, from, len)| Other::OutageOpen {
            component,
            from,
            len
        }),
        (t.clone(), 0i64..6 * 86_400, 1i64..7_200).prop_map(|(notice, lead, len)| Other::Change {
            notice,
            lead,
            len
        }),
        t.clone().prop_map(|at| Other::Backup { at }),
        t.clone().prop_map(|at| Other::Stray { at }),
        (0usize..6, t).prop_map(|(incident, at)| Other::ReportedAgain { incident, at }),
    ]
}

/// The events of a plan in time order; events of one second keep the order the plan gives them
/// (a burst stays a burst).
fn events(incidents: &[IncidentPlan], others: &[Other]) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for (i, p) in incidents.iter().enumerate() {
        let id: Arc<str> = format!("INC-{i}").into();
        let class = CLASSES[p.class];
        let priority = matches!(class, IncidentClass::Outage | IncidentClass::Fault)
            .then_some(PRIORITIES[p.priority]);
        out.push(Event::incident(
            ts(p.start),
            id.clone(),
            IncidentEvent::Reported {
                class,
                priority,
                component: None,
                site: None,
            },
        ));
        let mut t = p.start;
        for &(op, gap) in &p.steps {
            t += gap;
            for what in step_events(op) {
                out.push(Event::incident(ts(t), id.clone(), what));
            }
        }
    }
    for (k, o) in others.iter().enumerate() {
        match *o {
            Other::Outage {
                component,
                from,
                len,
            } => out.push(Event {
                at: ts(from),
                body: EventBody::Outage {
                    id: Some(format!("OUT-{k}").into()),
                    component: COMPONENTS[component].into(),
                    from: ts(from),
                    to: ts(from + len),
                    cause: None,
                },
            }),
            Other::OutageOpen {
                component,
                from,
                len,
            } => {
                let id: Arc<str> = format!("OUT-{k}").into();
                out.push(Event {
                    at: ts(from),
                    body: EventBody::OutageStarted {
                        id: id.clone(),
                        component: COMPONENTS[component].into(),
                        cause: None,
                    },
                });
                out.push(Event {
                    at: ts(from + len),
                    body: EventBody::OutageEnded { id },
                });
            }
            Other::Change { notice, lead, len } => {
                let id: Arc<str> = format!("CHG-{k}").into();
                let (from, to) = (ts(notice + lead), ts(notice + lead + len));
                out.push(Event {
                    at: ts(notice),
                    body: EventBody::ChangeAnnounced {
                        id: id.clone(),
                        kind: ChangeKind::Maintenance,
                        from,
                        to,
                    },
                });
                out.push(Event {
                    at: to,
                    body: EventBody::ChangePerformed {
                        id,
                        kind: None,
                        from,
                        to,
                        component: None,
                    },
                });
            }
            Other::Backup { at } => out.push(Event {
                at: ts(at),
                body: EventBody::BackupCompleted,
            }),
            Other::Stray { at } => out.push(Event::incident(
                ts(at),
                "INC-NEVER",
                IncidentEvent::Stop(StopEvent::Responded),
            )),
            Other::ReportedAgain { incident, at } => out.push(Event::incident(
                ts(at),
                format!("INC-{incident}"),
                IncidentEvent::Reported {
                    class: IncidentClass::Question,
                    priority: None,
                    component: None,
                    site: None,
                },
            )),
        }
    }
    // Stable: the events of one second keep the order they were planned in.
    out.sort_by_key(|e| e.at);
    out
}

/// A log built in one batch from `events` (numbered from 1), handed over with the seconds in
/// reverse order so that `push_all` has to put them back in time order itself.
fn batch(judge: &Evaluator, events: &[Event]) -> EventLog {
    let mut numbered: Vec<(u64, Event)> = (1..).zip(events.iter().cloned()).collect();
    let mut groups: Vec<Vec<(u64, Event)>> = Vec::new();
    for e in numbered.drain(..) {
        match groups.last_mut() {
            Some(g) if g[0].1.at == e.1.at => g.push(e),
            _ => groups.push(vec![e]),
        }
    }
    let mut log = judge.new_log("live");
    log.push_all(groups.into_iter().rev().flatten());
    log
}

fn as_of(t: Timestamp) -> Options {
    Options {
        as_of: Some(t),
        ..Options::default()
    }
}

/// The board as the report's verdicts give it: every clock pending or breached that nothing
/// stopped and no priority change left behind.
/// One row of a board: incident, target, outcome, limit and time left.
type Row = (Arc<str>, Arc<str>, Outcome, i64, i64);

fn board_from_report(report: &Report) -> Vec<Row> {
    let mut rows: Vec<_> = report
        .verdicts()
        .filter(|(_, v)| {
            v.stopped_by.is_none()
                && v.superseded.is_none()
                && matches!(v.outcome, Outcome::Pending | Outcome::Breached)
        })
        .map(|(i, v)| {
            (
                i.id.clone(),
                v.target.clone(),
                v.outcome,
                v.limit_seconds,
                v.margin_seconds,
            )
        })
        .collect();
    rows.sort();
    rows
}

fn board_rows(board: &[Countdown]) -> Vec<Row> {
    let mut rows: Vec<_> = board
        .iter()
        .map(|c| {
            let outcome = if c.overdue {
                Outcome::Breached
            } else {
                Outcome::Pending
            };
            (
                c.incident.clone(),
                c.target.clone(),
                outcome,
                c.limit_seconds,
                c.left_seconds,
            )
        })
        .collect();
    rows.sort();
    rows
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn incremental_equals_batch(
        incidents in prop::collection::vec(incident_plan(), 1..6),
        others in prop::collection::vec(other(), 0..5),
        settings in prop::collection::vec(0usize..6, READINGS.len()),
        later in 1i64..3 * 86_400,
    ) {
        let judge = judge(&settings);
        let events = events(&incidents, &others);
        let mut live = judge.new_log("live");
        for (n, e) in events.iter().enumerate() {
            let t = e.at;
            let pushed = live.push(e.clone());
            let prefix = &events[..=n];
            let batch = batch(&judge, prefix);

            // A rejected push says what the batch says of its line; an applied one names what
            // it changed.
            let recorded = batch.rejections().listed().find(|r| r.line == n as u64 + 1);
            match &pushed {
                Err(e) => {
                    let recorded = recorded.unwrap();
                    prop_assert_eq!(e.kind.name(), recorded.kind.name());
                    prop_assert_eq!(e, recorded);
                }
                Ok(_) => prop_assert!(recorded.is_none(), "{:?}", recorded),
            }
            prop_assert_eq!(live.accepted(), batch.accepted());
            prop_assert!(live.rejections().listed().eq(batch.rejections().listed()));

            for now in [t, Timestamp::from_second(t.as_second() + later).unwrap()] {
                let board = judge.countdowns(&live, now);
                prop_assert_eq!(&board, &judge.countdowns(&batch, now));
                // One incident's clocks, asked of the incident alone, are its rows of the board.
                if let EventBody::Incident { id, .. } = &e.body
                    && let Some(inc) = live.incident(id)
                {
                    let mine: Vec<_> = board.iter().filter(|c| c.incident == *id).cloned().collect();
                    let mut alone = judge.incident_countdowns(&inc, now);
                    alone.sort_by(|a, b| (a.paused, a.deadline, &a.target).cmp(&(b.paused, b.deadline, &b.target)));
                    prop_assert_eq!(mine, alone);
                }
                // The board, worked out without evidence, is what the full verdicts say.
                let report = judge.report(&live, as_of(now));
                prop_assert_eq!(board_rows(&board), board_from_report(&report));
                for c in &board {
                    let (_, v) = report
                        .verdicts()
                        .find(|(i, v)| i.id == c.incident && v.target == c.target && v.superseded.is_none())
                        .unwrap();
                    prop_assert_eq!(c.deadline, v.deadline.map(|d| Timestamp::try_from(d).unwrap()));
                    prop_assert_eq!(c.clock, v.clock);
                }
            }
            prop_assert_eq!(judge.report(&live, as_of(t)), judge.report(&batch, as_of(t)));
        }
    }
}

#[test]
fn evaluator_and_log_can_be_shared_between_threads() {
    fn shared<T: Send + Sync + Clone + std::fmt::Debug + 'static>() {}
    shared::<Evaluator>();
    shared::<EventLog>();
    shared::<Countdown>();
    shared::<Event>();
}

#[test]
fn countdown_and_event_round_trip_through_json() {
    let judge = Evaluator::seed().unwrap();
    let mut log = judge.new_log("live");
    let events = [
        Event::incident(
            ts(10 * 3600),
            "INC-1",
            IncidentEvent::Reported {
                class: IncidentClass::Outage,
                priority: Some(Priority::High),
                component: Some("back-office".into()),
                site: None,
            },
        ),
        Event::incident(ts(10 * 3600 + 60), "INC-1", IncidentEvent::AwaitingCustomer),
        Event::incident(
            ts(11 * 3600),
            "INC-2",
            IncidentEvent::Reported {
                class: IncidentClass::Question,
                priority: None,
                component: None,
                site: None,
            },
        ),
    ];
    for e in &events {
        let json = serde_json::to_string(e).unwrap();
        let back: Event = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, e, "{json}");
        log.push(back).unwrap();
    }
    let board = judge.countdowns(&log, ts(11 * 3600 + 300));
    // A paused clock (no deadline) and running ones.
    assert!(board.iter().any(|c| c.paused) && board.iter().any(|c| !c.paused));
    let json = serde_json::to_string(&board).unwrap();
    let back: Vec<Countdown> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, board);
}
