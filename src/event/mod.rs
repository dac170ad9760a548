//! The input vocabulary: what happened to incidents, outages and announced changes, and its
//! validation into an ordered, checked [`EventLog`].
//!
//! Events arrive one per line (JSON Lines or CSV, feature `formats`, see [`parse_jsonl`] and
//! [`parse_csv`]) in any order. [`EventLog::build`] sorts them by time, checks each against what
//! came before it (an event before its incident's report, a reply with no open wait, ...), and
//! keeps every event it cannot use as an [`EventError`] that names the line and the event's id:
//! nothing is dropped silently, and every other line is still evaluated.

#[cfg(feature = "formats")]
mod parse;
mod validate;

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::contract::{ChangeKind, ExclusionReason, IncidentClass, Priority, StopEvent};

#[cfg(feature = "formats")]
pub use parse::{MAX_LINE_BYTES, parse_csv, parse_jsonl};
pub use validate::{ChangeLog, EventLog, IncidentLog, OutageRecord, Pause};

/// One event, with the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// When it happened (Unix seconds). For an announcement, when the notice was given.
    pub at: i64,
    /// The 1-based line (or record) of the input it came from.
    pub line: usize,
    /// What happened.
    pub body: EventBody,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventBody {
    /// Something happened to an incident.
    Incident {
        /// The incident's id, e.g. `INC-17`.
        id: String,
        /// What.
        what: IncidentEvent,
    },
    /// A complete outage record.
    Outage {
        /// An optional id for reports.
        id: Option<String>,
        /// The component that was down.
        component: String,
        /// First second down.
        from: i64,
        /// First second up again.
        to: i64,
        /// An exclusion reason if the outage was not the provider's (2.4).
        cause: Option<ExclusionReason>,
    },
    /// An outage began (to be ended by [`EventBody::OutageEnded`] with the same id).
    OutageStarted {
        /// The outage's id.
        id: String,
        /// The component that went down.
        component: String,
        /// An exclusion reason if the outage is not the provider's (2.4).
        cause: Option<ExclusionReason>,
    },
    /// An outage ended.
    OutageEnded {
        /// The outage's id.
        id: String,
    },
    /// A change (upgrade, maintenance, ...) was announced; `at` is the notice time.
    ChangeAnnounced {
        /// The change's id, e.g. `CHG-3`.
        id: String,
        /// The kind of change.
        kind: ChangeKind,
        /// Announced window start.
        from: i64,
        /// Announced window end.
        to: i64,
    },
    /// A backup of the system completed (2.2(2)).
    BackupCompleted,
    /// A change was carried out, during `[from, to)`.
    ChangePerformed {
        /// The change's id.
        id: String,
        /// The kind of change, if no announcement gives it.
        kind: Option<ChangeKind>,
        /// Actual start.
        from: i64,
        /// Actual end.
        to: i64,
        /// The component it took down; all core components if none.
        component: Option<String>,
    },
}

/// What happened to an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncidentEvent {
    /// The customer reported it; the clocks start.
    Reported {
        /// Outage, fault, question or change request.
        class: IncidentClass,
        /// Priority (required for outages and faults).
        priority: Option<Priority>,
        /// The affected component, if known (scope, 2.3).
        component: Option<String>,
        /// The site, if known (scope, 2.3).
        site: Option<String>,
    },
    /// A clock-stopping event: responded, work started, workaround, resolved.
    Stop(StopEvent),
    /// A resolved incident came back.
    Reopened,
    /// The priority changed.
    PriorityChanged {
        /// The new priority.
        priority: Priority,
    },
    /// The provider began waiting on the customer (information, access, cooperation: 5.2(3)-(4)).
    AwaitingCustomer,
    /// The customer answered; the wait ended.
    CustomerReplied,
    /// The incident is not the provider's (2.3, 2.4).
    Excluded {
        /// Why.
        reason: ExclusionReason,
    },
}

impl Event {
    /// The latest instant the event names: its time, or the end of a window it records.
    pub fn latest(&self) -> i64 {
        match self.body {
            EventBody::Outage { to, .. }
            | EventBody::ChangeAnnounced { to, .. }
            | EventBody::ChangePerformed { to, .. } => self.at.max(to),
            _ => self.at,
        }
    }
}

impl EventBody {
    /// The id the event is about, for messages: `incident INC-17`, `outage OUT-2`, `change CHG-3`.
    pub fn subject(&self) -> Option<String> {
        match self {
            EventBody::Incident { id, .. } => Some(format!("incident {id}")),
            EventBody::Outage { id, .. } => id.as_ref().map(|id| format!("outage {id}")),
            EventBody::OutageStarted { id, .. } | EventBody::OutageEnded { id } => {
                Some(format!("outage {id}"))
            }
            EventBody::ChangeAnnounced { id, .. } | EventBody::ChangePerformed { id, .. } => {
                Some(format!("change {id}"))
            }
            EventBody::BackupCompleted => None,
        }
    }

    /// The event's written name (`reported`, `outage_started`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            EventBody::Incident { what, .. } => match what {
                IncidentEvent::Reported { .. } => "reported",
                IncidentEvent::Stop(s) => s.as_str(),
                IncidentEvent::Reopened => "reopened",
                IncidentEvent::PriorityChanged { .. } => "priority_changed",
                IncidentEvent::AwaitingCustomer => "awaiting_customer",
                IncidentEvent::CustomerReplied => "customer_replied",
                IncidentEvent::Excluded { .. } => "excluded",
            },
            EventBody::Outage { .. } => "outage",
            EventBody::OutageStarted { .. } => "outage_started",
            EventBody::OutageEnded { .. } => "outage_ended",
            EventBody::ChangeAnnounced { .. } => "maintenance_announced",
            EventBody::ChangePerformed { .. } => "maintenance_performed",
            EventBody::BackupCompleted => "backup_completed",
        }
    }

    /// Where the event sorts among events of the same second: a report before anything else
    /// about its incident, a wait before its reply, a start before an end.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            EventBody::Incident { what, .. } => match what {
                IncidentEvent::Reported { .. } => 0,
                IncidentEvent::PriorityChanged { .. } => 1,
                IncidentEvent::Excluded { .. } => 2,
                // A wait and a reply in the same second (minute-precision tickets) are a short
                // wait, not a reply to nothing followed by a wait that never ends.
                IncidentEvent::AwaitingCustomer => 3,
                IncidentEvent::CustomerReplied => 4,
                IncidentEvent::Stop(StopEvent::Responded) => 5,
                IncidentEvent::Stop(StopEvent::WorkStarted) => 6,
                IncidentEvent::Stop(StopEvent::Workaround) => 7,
                IncidentEvent::Stop(StopEvent::Resolved) => 8,
                IncidentEvent::Reopened => 9,
            },
            EventBody::Outage { .. } | EventBody::OutageStarted { .. } => 10,
            EventBody::OutageEnded { .. } => 11,
            EventBody::ChangeAnnounced { .. } => 12,
            EventBody::ChangePerformed { .. } => 13,
            EventBody::BackupCompleted => 14,
        }
    }
}

/// An input line that could not be used, and why.
///
/// Displayed as `FILE:LINE: SUBJECT: MESSAGE`, e.g.
/// `events.jsonl:12: incident INC-17: resolved at 2025-03-04T09:00:00+08:00 is before its report at 2025-03-04T10:15:00+08:00`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Error, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventError {
    /// The input's name.
    pub file: String,
    /// 1-based line (or CSV record line).
    pub line: usize,
    /// What the line was about, when known (`incident INC-17`).
    pub subject: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(s) = &self.subject {
            write!(f, "{s}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl EventError {
    /// An error about line `line` of `file`.
    pub fn new(
        file: &str,
        line: usize,
        subject: Option<String>,
        message: impl fmt::Display,
    ) -> EventError {
        EventError {
            file: file.to_owned(),
            line,
            subject,
            message: message.to_string(),
        }
    }
}
