//! The input vocabulary: what happened to incidents, outages and announced changes, and the
//! [`EventLog`] that checks each event against what came before it.
//!
//! Events arrive one per line (JSON Lines or CSV, feature `formats`: the `read` module) or one at a
//! time from a live service ([`EventLog::push`]). The log applies the events of one incident in
//! time order and, within one second, in the order they arrive (the order the file lists them):
//! a `resolved` and a `reopened` written in the same second are a resolution and its reopening.
//! An event that is impossible where it stands is rejected with an [`EventError`] that names its
//! line, its subject and the other line involved; nothing is dropped silently, and every other
//! line is still applied.
//!
//! [`Event`] serializes to, and deserializes from, the JSON Lines form of one line.

mod arena;
mod error;
mod incident;
mod index;
mod log;
mod outages;
mod packed;
#[cfg(feature = "formats")]
pub mod read;
mod wire;

use std::path::Path;
use std::sync::Arc;

use crate::Timestamp;
use crate::contract::{ChangeKind, ExclusionReason, IncidentClass, Priority, StopEvent};
use crate::named::named_enum;

pub use error::{EventError, EventErrorKind, FieldError, Shown, Subject};
pub use incident::{IncidentLog, Step, StepKind, Wait};
pub(crate) use index::Stored;
pub use log::{
    Announcement, Applied, ChangeLog, EventLog, MAX_LISTED_REJECTIONS, OutageRecord, Performance,
    Rejections,
};
#[cfg(feature = "formats")]
pub use read::{
    MAX_LINE_BYTES, MAX_RECORD_LINES, ReadError, read_csv, read_events, read_events_in_order_into,
    read_events_into, read_jsonl,
};
pub use wire::InZone;

named_enum! {
    /// The format of an events file.
    pub enum InputFormat {
        /// One JSON object per line (`.jsonl`).
        Jsonl = "jsonl",
        /// CSV with a header row naming the fields (`.csv`).
        Csv = "csv",
    }
}

impl InputFormat {
    /// The format a file name's extension says, any case (`x.CSV` is CSV); `None` if it says
    /// neither.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
            "csv" => Some(InputFormat::Csv),
            _ => None,
        }
    }
}

/// What was read: the input's name, format, size, digest and counts, for provenance.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// The input's name as given.
    pub name: String,
    /// The format it was read as.
    pub format: InputFormat,
    /// Bytes read.
    pub bytes: u64,
    /// SHA-256 of the bytes read, in lowercase hex.
    pub sha256: String,
    /// Physical lines read.
    pub lines: u64,
    /// Records (non-blank lines, or CSV records) read: each is accepted or rejected.
    pub records: u64,
}

named_enum! {
    /// An event's written name, the `event` field of a line.
    pub enum EventKind {
        /// The customer reported an incident.
        Reported = "reported",
        /// The provider responded.
        Responded = "responded",
        /// Work started.
        WorkStarted = "work_started",
        /// A workaround was provided.
        Workaround = "workaround",
        /// The incident was resolved.
        Resolved = "resolved",
        /// A resolved incident came back.
        Reopened = "reopened",
        /// The incident's priority changed.
        PriorityChanged = "priority_changed",
        /// The provider began waiting on the customer.
        AwaitingCustomer = "awaiting_customer",
        /// The customer answered.
        CustomerReplied = "customer_replied",
        /// The incident is not the provider's (2.3, 2.4).
        Excluded = "excluded",
        /// A complete outage record.
        Outage = "outage",
        /// An outage began.
        OutageStarted = "outage_started",
        /// An outage ended.
        OutageEnded = "outage_ended",
        /// A change was announced.
        MaintenanceAnnounced = "maintenance_announced",
        /// A change was carried out.
        MaintenancePerformed = "maintenance_performed",
        /// A backup completed.
        BackupCompleted = "backup_completed",
    }
}

impl EventKind {
    /// The names as a sentence: `reported, responded, ... or backup_completed`.
    pub fn sentence() -> String {
        let names: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
        match names.split_last() {
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// One event: when it happened, and what.
///
/// ```
/// use sla_engine::event::{Event, EventBody, IncidentEvent};
/// use sla_engine::contract::StopEvent;
/// let line = r#"{"at":"2025-03-04T10:22:00+08:00","event":"responded","incident":"INC-17"}"#;
/// let e: Event = serde_json::from_str(line)?;
/// assert!(matches!(&e.body, EventBody::Incident { id, what: IncidentEvent::Stop(StopEvent::Responded) } if &**id == "INC-17"));
/// assert_eq!(serde_json::to_string(&e.in_zone(chrono_tz::Asia::Shanghai))?, line);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// When it happened. For an announcement, when the notice was given; for an outage record
    /// without `at`, its start; for a performance record without `at`, its end (when it was
    /// written).
    pub at: Timestamp,
    /// What happened.
    pub body: EventBody,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventBody {
    /// Something happened to an incident.
    Incident {
        /// The incident's id, e.g. `INC-17`.
        id: Arc<str>,
        /// What.
        what: IncidentEvent,
    },
    /// A complete outage record.
    Outage {
        /// An optional id for reports.
        id: Option<Arc<str>>,
        /// The component that was down.
        component: Arc<str>,
        /// First second down.
        from: Timestamp,
        /// First second up again.
        to: Timestamp,
        /// An exclusion reason if the outage was not the provider's (2.4).
        cause: Option<ExclusionReason>,
    },
    /// An outage began (to be ended by [`EventBody::OutageEnded`] with the same id).
    OutageStarted {
        /// The outage's id.
        id: Arc<str>,
        /// The component that went down.
        component: Arc<str>,
        /// An exclusion reason if the outage is not the provider's (2.4).
        cause: Option<ExclusionReason>,
    },
    /// An outage ended.
    OutageEnded {
        /// The outage's id.
        id: Arc<str>,
    },
    /// A change (upgrade, maintenance, ...) was announced; `at` is the notice time.
    ChangeAnnounced {
        /// The change's id, e.g. `CHG-3`.
        id: Arc<str>,
        /// The kind of change.
        kind: ChangeKind,
        /// Announced window start.
        from: Timestamp,
        /// Announced window end.
        to: Timestamp,
    },
    /// A change was carried out, during `[from, to)`.
    ChangePerformed {
        /// The change's id.
        id: Arc<str>,
        /// The kind of change, if no announcement gives it.
        kind: Option<ChangeKind>,
        /// Actual start.
        from: Timestamp,
        /// Actual end.
        to: Timestamp,
        /// The component it took down; all core components if none.
        component: Option<Arc<str>>,
    },
    /// A backup of the system completed (2.2(2)).
    BackupCompleted,
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
        component: Option<Arc<str>>,
        /// The site, if known (scope, 2.3).
        site: Option<Arc<str>>,
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

impl IncidentEvent {
    /// The event's written name.
    pub fn kind(&self) -> EventKind {
        match self {
            IncidentEvent::Reported { .. } => EventKind::Reported,
            IncidentEvent::Stop(StopEvent::Responded) => EventKind::Responded,
            IncidentEvent::Stop(StopEvent::WorkStarted) => EventKind::WorkStarted,
            IncidentEvent::Stop(StopEvent::Workaround) => EventKind::Workaround,
            IncidentEvent::Stop(StopEvent::Resolved) => EventKind::Resolved,
            IncidentEvent::Reopened => EventKind::Reopened,
            IncidentEvent::PriorityChanged { .. } => EventKind::PriorityChanged,
            IncidentEvent::AwaitingCustomer => EventKind::AwaitingCustomer,
            IncidentEvent::CustomerReplied => EventKind::CustomerReplied,
            IncidentEvent::Excluded { .. } => EventKind::Excluded,
        }
    }
}

impl Event {
    /// An incident event.
    pub fn incident(at: Timestamp, id: impl Into<Arc<str>>, what: IncidentEvent) -> Event {
        Event {
            at,
            body: EventBody::Incident {
                id: id.into(),
                what,
            },
        }
    }

    /// The latest instant the event names: its time, or the end of a window it records.
    pub fn latest(&self) -> Timestamp {
        match self.body {
            EventBody::Outage { to, .. }
            | EventBody::ChangeAnnounced { to, .. }
            | EventBody::ChangePerformed { to, .. } => self.at.max(to),
            _ => self.at,
        }
    }

    /// The event as its JSON Lines form writes it, with instants in `zone`.
    pub fn in_zone(&self, zone: chrono_tz::Tz) -> InZone<'_> {
        InZone { event: self, zone }
    }
}

impl EventBody {
    /// What the event is about, for messages: `incident INC-17`, `outage OUT-2`, `change CHG-3`.
    pub fn subject(&self) -> Option<Subject> {
        match self {
            EventBody::Incident { id, .. } => Some(Subject::Incident(id.clone())),
            EventBody::Outage { id, .. } => id.clone().map(Subject::Outage),
            EventBody::OutageStarted { id, .. } | EventBody::OutageEnded { id } => {
                Some(Subject::Outage(id.clone()))
            }
            EventBody::ChangeAnnounced { id, .. } | EventBody::ChangePerformed { id, .. } => {
                Some(Subject::Change(id.clone()))
            }
            EventBody::BackupCompleted => None,
        }
    }

    /// The event's written name.
    pub fn kind(&self) -> EventKind {
        match self {
            EventBody::Incident { what, .. } => what.kind(),
            EventBody::Outage { .. } => EventKind::Outage,
            EventBody::OutageStarted { .. } => EventKind::OutageStarted,
            EventBody::OutageEnded { .. } => EventKind::OutageEnded,
            EventBody::ChangeAnnounced { .. } => EventKind::MaintenanceAnnounced,
            EventBody::ChangePerformed { .. } => EventKind::MaintenancePerformed,
            EventBody::BackupCompleted => EventKind::BackupCompleted,
        }
    }
}
