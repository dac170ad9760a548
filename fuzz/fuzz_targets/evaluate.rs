//! Whole evaluations of arbitrary event sequences under the seed contract with arbitrary readings
//! of the open questions. Two input modes, chosen by the first byte:
//!
//! - raw JSON Lines (at most 256 lines) → `read_jsonl` → the report;
//! - a structured list of at most 64 events (ids, kinds and instants drawn from small sets, so
//!   that events meet each other, often in the same second) built directly.
//!
//! Invariants: every event is accepted or rejected; a batch of events gives the same report as
//! the same events pushed one by one in time order (within a second, in input order); every
//! report keeps the checks of `common::evaluate_checked`.
#![no_main]

#[path = "common.rs"]
mod common;

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use sla_engine::Timestamp;
use sla_engine::contract::{
    AvailabilityTime, Boundary, ChangeKind, Contract, CustomerWait, ExclusionReason, IncidentClass,
    MaintenanceDowntime, MinorPatchDowntime, MissingYear, NextWorkingDay, NoticeCounting,
    PlatformDowntime, Priority, PriorityChange, Reopen, ResponseClock, Settings, StopEvent,
    SupersededTargets, WorkClock,
};
use sla_engine::evaluate::Options;
use sla_engine::event::{Event, EventBody, EventLog, IncidentEvent, read_jsonl};

const MAX_LINES: usize = 256;
const MAX_EVENTS: usize = 64;
/// 2025-01-01T00:00:00+08:00.
const BASE: i64 = 1_735_660_800;

fn settings(u: &mut Unstructured<'_>) -> Result<Settings> {
    Ok(Settings {
        response_clock: *u.choose(ResponseClock::ALL)?,
        work_clock: *u.choose(WorkClock::ALL)?,
        next_working_day: *u.choose(NextWorkingDay::ALL)?,
        priority_change: *u.choose(PriorityChange::ALL)?,
        customer_wait: *u.choose(CustomerWait::ALL)?,
        platform: *u.choose(PlatformDowntime::ALL)?,
        availability_time: *u.choose(AvailabilityTime::ALL)?,
        maintenance: *u.choose(MaintenanceDowntime::ALL)?,
        notice_counting: *u.choose(NoticeCounting::ALL)?,
        boundary: *u.choose(Boundary::ALL)?,
        missing_year: *u.choose(MissingYear::ALL)?,
        reopen: *u.choose(Reopen::ALL)?,
        superseded_targets: *u.choose(SupersededTargets::ALL)?,
        minor_patch_downtime: *u.choose(MinorPatchDowntime::ALL)?,
    })
}

/// An instant: mostly within 2024-2026 (cn-standard's data), sometimes in 2027 (no data), rarely
/// far away.
fn instant(u: &mut Unstructured<'_>) -> Result<Timestamp> {
    let t = match u.int_in_range(0..=31u8)? {
        0 => BASE + i64::from(u.arbitrary::<i32>()?),
        1 => BASE + 2 * 366 * 86_400 + u.int_in_range(0..=400 * 86_400)?,
        // Whole hours, often: events of one incident meet in the same second.
        2..=9 => BASE + u.int_in_range(-400..=400i64)? * 3600,
        _ => BASE + u.int_in_range(-86_400 * 400..=86_400 * 400)? / 60 * 60,
    };
    Ok(Timestamp::from_second(t).unwrap_or(Timestamp::UNIX_EPOCH))
}

fn later(t: Timestamp, seconds: i64) -> Timestamp {
    t.saturating_add(seconds)
}

fn opt_id(u: &mut Unstructured<'_>, ids: &[&str]) -> Result<Option<std::sync::Arc<str>>> {
    Ok(if u.ratio(1, 8)? {
        None
    } else {
        Some((*u.choose(ids)?).into())
    })
}

fn event(u: &mut Unstructured<'_>) -> Result<Event> {
    const INCIDENTS: &[&str] = &["A", "B", "C"];
    const COMPONENTS: &[&str] = &["data-interface", "back-office", "terminal", "elsewhere"];
    let at = instant(u)?;
    let id: std::sync::Arc<str> = (*u.choose(INCIDENTS)?).into();
    let component: std::sync::Arc<str> = (*u.choose(COMPONENTS)?).into();
    let incident = |what| EventBody::Incident { id, what };
    let body = match u.int_in_range(0..=15u8)? {
        0 | 1 => incident(IncidentEvent::Reported {
            class: *u.choose(IncidentClass::ALL)?,
            priority: if u.ratio(1, 6)? {
                None
            } else {
                Some(*u.choose(Priority::ALL)?)
            },
            component: if u.ratio(1, 2)? {
                Some(component)
            } else {
                None
            },
            site: None,
        }),
        2 => incident(IncidentEvent::Stop(*u.choose(StopEvent::ALL)?)),
        3 => incident(IncidentEvent::Stop(StopEvent::Resolved)),
        4 => incident(IncidentEvent::Reopened),
        5 => incident(IncidentEvent::PriorityChanged {
            priority: *u.choose(Priority::ALL)?,
        }),
        6 => incident(IncidentEvent::AwaitingCustomer),
        7 => incident(IncidentEvent::CustomerReplied),
        8 => incident(IncidentEvent::Excluded {
            reason: *u.choose(ExclusionReason::ALL)?,
        }),
        9 => EventBody::Outage {
            id: opt_id(u, &["O1", "O2"])?,
            component,
            from: at,
            to: later(at, u.int_in_range(-600..=86_400 * 3)?),
            cause: if u.ratio(1, 4)? {
                Some(*u.choose(ExclusionReason::ALL)?)
            } else {
                None
            },
        },
        10 => EventBody::OutageStarted {
            id: (*u.choose(&["O1", "O2", "O3"])?).into(),
            component,
            cause: None,
        },
        11 => EventBody::OutageEnded {
            id: (*u.choose(&["O1", "O2", "O3"])?).into(),
        },
        12 | 13 => {
            let from = later(at, u.int_in_range(-86_400..=86_400 * 10)?);
            EventBody::ChangeAnnounced {
                id: (*u.choose(&["C1", "C2"])?).into(),
                kind: *u.choose(ChangeKind::ALL)?,
                from,
                to: later(from, u.int_in_range(-60..=86_400)?),
            }
        }
        _ => EventBody::ChangePerformed {
            id: (*u.choose(&["C1", "C2"])?).into(),
            kind: if u.ratio(1, 2)? {
                Some(*u.choose(ChangeKind::ALL)?)
            } else {
                None
            },
            from: at,
            to: later(at, u.int_in_range(-60..=86_400)?),
            component: if u.ratio(1, 2)? {
                Some(component)
            } else {
                None
            },
        },
    };
    Ok(Event { at, body })
}

fn run(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let raw = u.ratio(1, 3)?;
    let mut contract = Contract::seed();
    contract.settings = settings(&mut u)?;
    let as_of = if u.ratio(1, 4)? {
        Some(instant(&mut u)?)
    } else {
        None
    };
    let calendar = common::calendar_for(&contract);
    let zone = calendar.zone();
    let judge = sla_engine::evaluate::Evaluator::new(contract.clone(), calendar.clone());
    let options = Options {
        as_of,
        ..Options::default()
    };
    let log = if raw {
        let bytes = u.take_rest();
        let cut = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(MAX_LINES)
            .map_or(bytes.len(), |(i, _)| i);
        let bytes = &bytes[..cut];
        let mut log = EventLog::new("f.jsonl", zone);
        match read_jsonl(&mut log, bytes) {
            Ok(source) => assert_eq!(log.accepted() + log.rejections().total, source.records),
            Err(_) => return Ok(()),
        }
        log
    } else {
        let n = u.int_in_range(0..=MAX_EVENTS)?;
        let mut events = Vec::with_capacity(n);
        for _ in 0..n {
            events.push(event(&mut u)?);
        }
        let numbered: Vec<(u64, Event)> = (1..).zip(events).collect();
        let mut log = EventLog::new("f", zone);
        log.push_all(numbered.clone());
        assert_eq!(
            log.accepted() + log.rejections().total,
            n as u64,
            "every event accepted or rejected"
        );
        // Incremental equals batch: the same events pushed one at a time in time order.
        let mut sorted = numbered;
        sorted.sort_by_key(|(_, e)| e.at);
        let mut live = EventLog::new("f", zone);
        for (line, e) in sorted {
            let _ = live.push_at_line(line, e);
        }
        let a = serde_json::to_string(&judge.report(&log, options)).expect("a report writes");
        let b = serde_json::to_string(&judge.report(&live, options)).expect("a report writes");
        assert_eq!(a, b, "pushing one at a time gives the batch's report");
        log
    };
    common::evaluate_checked(&contract, calendar, &log, options);
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
