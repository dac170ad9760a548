//! What a report says of one incident: a verdict per target, each with its evidence.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Instant, Outcome, Reason};
use crate::DayFact;
use crate::contract::{
    ClockKind, ExclusionReason, IncidentClass, Limit, Metric, Priority, StopEvent,
};
use crate::named::named_enum;

named_enum! {
    /// Why a clock did not run for a while.
    pub enum PauseReason {
        /// The provider waited on the customer (Q5).
        AwaitingCustomer = "awaiting_customer",
        /// The incident was resolved and then reopened: the time between does not count
        /// (reading `reopen = resumes`).
        ResolvedThenReopened = "resolved_then_reopened",
    }
}

impl PauseReason {
    /// The reason in words.
    pub fn describe(self) -> &'static str {
        match self {
            PauseReason::AwaitingCustomer => "awaiting the customer (Q5)",
            PauseReason::ResolvedThenReopened => {
                "resolved, then reopened: the clock resumes at the reopening"
            }
        }
    }
}

/// A span when a clock did not run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PauseEvidence {
    /// Why the clock did not run.
    pub reason: PauseReason,
    /// From.
    #[serde(with = "crate::report::instant")]
    pub from: Instant,
    /// Until (absent while still paused).
    #[serde(default, with = "crate::report::instant::option")]
    pub to: Option<Instant>,
    /// Seconds of the target's clock it took out.
    pub clock_seconds: i64,
}

/// The priority change that left a target behind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supersession {
    /// When the priority changed.
    #[serde(with = "crate::report::instant")]
    pub at: Instant,
    /// The priority it changed to.
    pub priority: Priority,
    /// The line of the change.
    pub line: u64,
}

/// The verdict on one target of one incident, with what an auditor needs to recompute it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetVerdict {
    /// The target's id.
    pub target: Arc<str>,
    /// The clause.
    pub clause: Arc<str>,
    /// What it measures.
    pub metric: Metric,
    /// The verdict.
    pub outcome: Outcome,
    /// The clock the target ran on.
    pub clock: ClockKind,
    /// The limit that applied, as written (`15m`, `1h` out of hours, `next_working_day`).
    pub limit: Limit,
    /// The limit in seconds of the clock.
    pub limit_seconds: i64,
    /// When the clock started.
    #[serde(with = "crate::report::instant")]
    pub started_at: Instant,
    /// The event that stopped it.
    pub stopped_by: Option<StopEvent>,
    /// When it stopped.
    #[serde(default, with = "crate::report::instant::option")]
    pub stopped_at: Option<Instant>,
    /// The deadline (absent while paused with no reply yet).
    #[serde(default, with = "crate::report::instant::option")]
    pub deadline: Option<Instant>,
    /// Clock seconds used: to the stop, or to the evaluation instant if still running.
    pub used_seconds: i64,
    /// `limit_seconds - used_seconds`: positive is time to spare (or left), negative is late.
    pub margin_seconds: i64,
    /// Wall seconds from the deadline to the stop (or the evaluation instant), when breached.
    pub late_wall_seconds: Option<i64>,
    /// Spans when the clock did not run.
    pub pauses: Vec<PauseEvidence>,
    /// How the contract and settings were read for this verdict, in order.
    pub reasoning: Vec<Reason>,
    /// Calendar facts on the days the clock ran through (business clock only).
    pub calendar_facts: Vec<DayFact>,
    /// Why the verdict could not be decided, or why it is excluded.
    pub problem: Option<String>,
    /// The priority change that left this target behind, if one did (the verdict is then judged
    /// as of that change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded: Option<Supersession>,
}

/// One incident and its verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentReport {
    /// Its id.
    pub id: Arc<str>,
    /// Its class.
    pub class: IncidentClass,
    /// The priority it was reported with.
    pub reported_priority: Option<Priority>,
    /// The priority in force at the evaluation instant.
    pub priority: Option<Priority>,
    /// When it was reported.
    #[serde(with = "crate::report::instant")]
    pub reported_at: Instant,
    /// Whether the report came outside service hours.
    pub outside_service_hours: Option<bool>,
    /// The component, if given (shared with the log's and every other report's).
    pub component: Option<Arc<str>>,
    /// The site, if given (shared like the component).
    pub site: Option<Arc<str>>,
    /// The exclusion that applies, if any.
    pub excluded: Option<ExclusionReason>,
    /// The verdicts: one per target that applies, and one per target a priority change left
    /// behind.
    pub verdicts: Vec<TargetVerdict>,
}

impl IncidentReport {
    /// Whether any of its verdicts is a breach (what a statement charges).
    pub fn has_breach(&self) -> bool {
        self.verdicts.iter().any(|v| v.outcome == Outcome::Breached)
    }

    /// Gives back the room its lists were grown with.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.verdicts.shrink_to_fit();
        for v in &mut self.verdicts {
            v.pauses.shrink_to_fit();
            v.reasoning.shrink_to_fit();
            v.calendar_facts.shrink_to_fit();
        }
    }
}
