//! A large, realistic year (2025) of events under the seed contract, for throughput work: the
//! `evaluate` bench judges it in memory and `examples/generate_load.rs` writes it as JSON Lines
//! for the CLI, so both measure the same year.
//!
//! Every incident is reported, answered, started and resolved (about one stop in ten late); some
//! wait on the customer, change priority or are reopened and resolved again; outages fall on the
//! two core components. Events come out in time order, as a ticket system exports them, with
//! same-second bursts kept in the order they happened.

use std::sync::Arc;

use sla_engine::Timestamp;
use sla_engine::contract::{IncidentClass, Priority, StopEvent};
use sla_engine::event::{Event, EventBody, IncidentEvent};

use super::rng::SplitMix64;

/// 2025-01-01T00:00:00+08:00.
pub const YEAR_START: i64 = 1_735_660_800;
/// 2026-01-01T00:00:00+08:00.
#[allow(dead_code)] // the bench judges as of the year's end; the generator does not need it
pub const YEAR_END: i64 = YEAR_START + YEAR;
const YEAR: i64 = 365 * 86_400;

fn ts(t: i64) -> Timestamp {
    // Every instant drawn lies in 2025 or early 2026: well inside the range.
    Timestamp::from_second(t).unwrap_or(Timestamp::MIN)
}

/// The events of a year of `incidents` incidents and `outages` outages, in time order.
pub fn events(incidents: usize, outages: usize) -> Vec<Event> {
    let mut rng = SplitMix64(2025);
    let classes = [
        IncidentClass::Outage,
        IncidentClass::Fault,
        IncidentClass::Question,
    ];
    let priorities = [Priority::High, Priority::Medium, Priority::Low];
    let mut events = Vec::with_capacity(incidents * 5 + outages);
    for i in 0..incidents {
        let at = YEAR_START + rng.below((YEAR - 30 * 86_400) as u64);
        let class = classes[i % 3];
        let priority = priorities[(i / 3) % 3];
        // Mostly in time, about one stop in ten late: a realistic year, not a disaster.
        let late = rng.below(10) == 0;
        let responded = at + rng.below(if late { 3 * 3600 } else { 600 });
        let started = responded + rng.below(if late { 12 * 3600 } else { 3600 });
        let resolved = started + 3600 + rng.below(if late { 5 * 86_400 } else { 4 * 3600 });
        let id: Arc<str> = format!("INC-{i:07}").into();
        let mut push = |t: i64, what| events.push(Event::incident(ts(t), id.clone(), what));
        push(
            at,
            IncidentEvent::Reported {
                class,
                priority: Some(priority),
                component: None,
                site: None,
            },
        );
        // A ticket system often writes the first answer in the second of the report.
        push(
            if i % 11 == 0 { at } else { responded },
            IncidentEvent::Stop(StopEvent::Responded),
        );
        if i % 13 == 0 {
            let to = priorities[(i / 3 + 1) % 3];
            push(
                responded + 60,
                IncidentEvent::PriorityChanged { priority: to },
            );
        }
        push(started + 120, IncidentEvent::Stop(StopEvent::WorkStarted));
        if i % 7 == 0 {
            push(started + 600, IncidentEvent::AwaitingCustomer);
            push(started + 3000, IncidentEvent::CustomerReplied);
        }
        push(resolved, IncidentEvent::Stop(StopEvent::Resolved));
        if i % 17 == 0 {
            // Reopened the next day and fixed for good; the reopening and the new work share a
            // second.
            let back = resolved + 86_400 + rng.below(3600);
            push(back, IncidentEvent::Reopened);
            push(
                back + 1800 + rng.below(7200),
                IncidentEvent::Stop(StopEvent::Resolved),
            );
        }
    }
    for i in 0..outages {
        let from = YEAR_START + rng.below(YEAR as u64);
        let to = from + 1 + rng.below(600);
        events.push(Event {
            // An outage is written when it ends.
            at: ts(to),
            body: EventBody::Outage {
                id: None,
                component: if i % 2 == 0 {
                    "data-interface"
                } else {
                    "back-office"
                }
                .into(),
                from: ts(from),
                to: ts(to),
                cause: None,
            },
        });
    }
    // Stable: an incident's events of one second stay in the order they happened.
    events.sort_by_key(|e| e.at);
    events
}
