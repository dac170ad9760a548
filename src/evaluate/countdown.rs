//! Live countdowns: every clock still running at an instant, overdue ones included.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Context, incident};
use crate::Timestamp;
use crate::contract::{ClockKind, Contract, StopEvent};
use crate::event::IncidentLog;
use crate::report::Outcome;

/// The share of its limit under which a running clock is at risk, by default: 25 %.
pub const DEFAULT_AT_RISK_PERCENT: u32 = 25;

/// A clock still running for an incident, as of an instant: what a live board shows.
///
/// Like the SLA timers of Jira Service Management and Zendesk, an overdue clock stays with
/// negative time left until the event that stops it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Countdown {
    /// The incident.
    pub incident: Arc<str>,
    /// The target.
    pub target: Arc<str>,
    /// The clock it runs on.
    pub clock: ClockKind,
    /// The limit, in seconds of that clock.
    pub limit_seconds: i64,
    /// When the clock runs out (or ran out); `None` while paused, waiting on the customer.
    pub deadline: Option<Timestamp>,
    /// Clock seconds left: negative when overdue.
    pub left_seconds: i64,
    /// Whether the deadline has passed.
    pub overdue: bool,
    /// Whether less than the evaluator's at-risk share of the limit is left (never when overdue).
    pub at_risk: bool,
    /// Whether the clock is paused (waiting on the customer).
    pub paused: bool,
}

/// Whether a resolution stops every clock of the contract: then a resolved incident has none
/// running.
pub(super) fn every_target_stops_at_resolution(contract: &Contract) -> bool {
    contract
        .targets
        .iter()
        .all(|t| t.stops_on.contains(&StopEvent::Resolved))
}

/// The running clocks of one incident at `ctx.as_of`.
pub(super) fn of_incident(
    ctx: &Context<'_>,
    at_risk_percent: u32,
    inc: &IncidentLog,
) -> Vec<Countdown> {
    let now = ctx.as_of;
    if inc.reported_at > now {
        return Vec::new();
    }
    // A resolved incident whose every target stops at a resolution has no clock running: skip
    // it without judging, so the board's cost follows the open incidents.
    if every_target_stops_at_resolution(ctx.contract())
        && IncidentLog::is_resolved_after(inc.history_until(now))
    {
        return Vec::new();
    }
    incident::evaluate(ctx, inc)
        .verdicts
        .into_iter()
        .filter(|v| {
            v.stopped_by.is_none()
                && v.superseded.is_none()
                && matches!(v.outcome, Outcome::Pending | Outcome::Breached)
        })
        .map(|v| {
            let deadline = v.deadline.and_then(|d| Timestamp::try_from(d).ok());
            let left = v.margin_seconds;
            let overdue = v.outcome == Outcome::Breached;
            Countdown {
                incident: inc.id.clone(),
                target: v.target,
                clock: v.clock,
                limit_seconds: v.limit_seconds,
                deadline,
                left_seconds: left,
                overdue,
                // Exact: left / limit < percent / 100.
                at_risk: !overdue
                    && i128::from(left) * 100
                        < i128::from(at_risk_percent) * i128::from(v.limit_seconds),
                paused: deadline.is_none(),
            }
        })
        .collect()
}

/// Soonest deadline first (so the most overdue lead), paused clocks last.
pub(super) fn sort(list: &mut [Countdown]) {
    // Unstable is enough: no two countdowns share an incident and a target.
    list.sort_unstable_by(|a, b| {
        (a.paused, a.deadline, &a.incident, &a.target).cmp(&(
            b.paused,
            b.deadline,
            &b.incident,
            &b.target,
        ))
    });
}
