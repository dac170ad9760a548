//! Why an input line could not be used: [`EventError`], naming the file, the line, what the line
//! was about and, for a sequence that is impossible in file order, the other line involved.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::EventKind;
use crate::contract::{ChangeKind, ExclusionReason, IncidentClass, NotNamed};
use crate::{TimestampError, UnknownName};

/// An instant as messages write it: RFC 3339 in the calendar's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Shown(#[serde(with = "crate::report::instant")] pub DateTime<FixedOffset>);

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339())
    }
}

/// What an event line was about, for messages: `incident INC-17`, `outage OUT-2`, `change CHG-3`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Subject {
    /// An incident, by id.
    Incident(Arc<str>),
    /// An outage, by id.
    Outage(Arc<str>),
    /// An announced or performed change, by id.
    Change(Arc<str>),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Incident(id) => write!(f, "incident {id}"),
            Subject::Outage(id) => write!(f, "outage {id}"),
            Subject::Change(id) => write!(f, "change {id}"),
        }
    }
}

/// A field whose value could not be read.
///
/// Written in reports as its message; a report read back keeps only the message
/// ([`FieldError::Restored`]).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FieldError {
    /// Not an instant.
    #[error(transparent)]
    Timestamp(#[from] TimestampError),
    /// Not one of the names the field accepts.
    #[error(transparent)]
    Name(#[from] UnknownName),
    /// Read back from a report: the message, without its source.
    #[error("{0}")]
    Restored(String),
}

impl Serialize for FieldError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FieldError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FieldError, D::Error> {
        Ok(FieldError::Restored(String::deserialize(d)?))
    }
}

/// Why a line was rejected. Each message states the constraint that failed; instants are written
/// in the calendar's zone.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "error")]
#[non_exhaustive]
pub enum EventErrorKind {
    // ---- reading
    /// A line (or CSV record) over the line limit; it was not read.
    #[error("{what} is {bytes} bytes, over the limit of {limit}")]
    TooLong {
        /// `line` or `record`.
        what: String,
        /// Its length (at least; reading stops past the limit).
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// Bytes that are not UTF-8.
    #[error("not UTF-8: {message}")]
    NotUtf8 {
        /// Where the first bad byte is.
        message: String,
    },
    /// Not JSON.
    #[error("invalid JSON: {message}")]
    InvalidJson {
        /// The JSON reader's message, with the column.
        message: String,
    },
    /// CSV that cannot be read.
    #[error("invalid CSV: {message}")]
    InvalidCsv {
        /// The CSV reader's message.
        message: String,
    },
    /// A CSV quote opened and not closed within the bound: the record would swallow the lines
    /// after it.
    #[error(
        "a quoted field opened on this line is not closed within {lines} lines: close the quote (a stray \" swallows the lines after it)"
    )]
    UnclosedQuote {
        /// How many physical lines a record may span.
        lines: u64,
    },
    /// A CSV record whose field count differs from the header's.
    #[error("the record has {found} fields, but the header has {expected}")]
    FieldCount {
        /// Fields in the record.
        found: u64,
        /// Fields in the header.
        expected: u64,
    },
    /// Well-formed JSON or CSV of the wrong shape (an unknown field, a number for a text).
    #[error("invalid event: {message}")]
    Shape {
        /// The reader's message.
        message: String,
    },
    /// No `event` field.
    #[error("the field `event` is missing")]
    NoEvent,
    /// An `event` that is not one of the event names.
    #[error("unknown event {name:?}: expected {}", EventKind::sentence())]
    UnknownEvent {
        /// The name given.
        name: String,
    },
    /// A field the event needs is missing or empty.
    #[error("event {event} needs the field `{field}`")]
    MissingField {
        /// The event.
        event: EventKind,
        /// The field.
        field: String,
    },
    /// A field whose value cannot be read.
    #[error("`{field}`: {source}")]
    BadField {
        /// The field.
        field: String,
        /// Why.
        #[source]
        source: FieldError,
    },
    /// A component or site the contract does not name (names are matched exactly).
    #[error(transparent)]
    UnknownName(#[from] NotNamed),

    // ---- checking against what came before
    /// An incident event whose incident has no report before it (the report's line is named
    /// once the log has it).
    #[error("{event} {}", match report {
        Some((r, l)) if r == at => format!("at {at} is listed before its report (line {l}) in the same second"),
        Some((r, l)) => format!("at {at} is before its report at {r} (line {l})"),
        None => "for an incident that was never reported".to_owned(),
    })]
    NotReported {
        /// The event.
        event: EventKind,
        /// When it happened.
        at: Shown,
        /// The report and its line, if the log has one after it.
        report: Option<(Shown, u64)>,
    },
    /// A second report of one incident.
    #[error("reported twice (first at {first}, line {line})")]
    ReportedTwice {
        /// The first report.
        first: Shown,
        /// Its line.
        line: u64,
    },
    /// An outage or fault reported without a priority.
    #[error("a report of class {class} needs a priority")]
    NeedsPriority {
        /// The class.
        class: IncidentClass,
    },
    /// An event of an incident that arrives after a later event of it (live use).
    #[error(
        "{event} at {at} arrives after the incident's event at {latest} (line {line}): events of one incident are applied in time order"
    )]
    OutOfOrder {
        /// The event.
        event: EventKind,
        /// Its time.
        at: Shown,
        /// The latest event already applied.
        latest: Shown,
        /// Its line.
        line: u64,
    },
    /// A resolution of an incident that is resolved.
    #[error("resolved again without a reopening (resolved at {resolved}, line {line})")]
    ResolvedAgain {
        /// The standing resolution.
        resolved: Shown,
        /// Its line.
        line: u64,
    },
    /// A reopening of an incident that is not resolved.
    #[error("reopened, but it is not resolved{}", match (reopened, line) { (Some(t), Some(l)) => format!(" (last reopened at {t}, line {l})"), _ => String::new() })]
    NotResolved {
        /// The last reopening, if any.
        reopened: Option<Shown>,
        /// Its line.
        line: Option<u64>,
    },
    /// A wait that starts while one is open.
    #[error("overlapping pauses: already awaiting the customer since {since} (line {line})")]
    WaitOpen {
        /// When the open wait began.
        since: Shown,
        /// Its line.
        line: u64,
    },
    /// A reply with no open wait.
    #[error("customer_replied without an open awaiting_customer{}", match (ended, line) { (Some(t), Some(l)) => format!(" (the last wait ended at {t}, line {l})"), _ => String::new() })]
    NoOpenWait {
        /// When the last wait ended, if any.
        ended: Option<Shown>,
        /// Its line.
        line: Option<u64>,
    },
    /// A second exclusion.
    #[error("excluded twice (first as {reason} at {at}, line {line})")]
    ExcludedTwice {
        /// The first reason.
        reason: ExclusionReason,
        /// When.
        at: Shown,
        /// Its line.
        line: u64,
    },
    /// A window (outage, announced, performed) whose end is before its start.
    #[error("{what} ends at {to} before it starts at {from}")]
    WindowReversed {
        /// `outage`, `announced window`, `performed window`.
        what: String,
        /// The start.
        from: Shown,
        /// The end.
        to: Shown,
    },
    /// An outage id used by an earlier outage.
    #[error("an outage with this id is already recorded (line {line})")]
    OutageIdTaken {
        /// The earlier outage's line.
        line: u64,
    },
    /// `outage_started` for an id already started.
    #[error("outage_started for an outage id already started (line {line})")]
    OutageStartedTwice {
        /// The earlier start's line.
        line: u64,
    },
    /// `outage_ended` for an outage already ended.
    #[error("outage already ended at {at}")]
    OutageEndedTwice {
        /// When it ended.
        at: Shown,
    },
    /// `outage_ended` with no start.
    #[error("outage_ended without an earlier outage_started")]
    OutageNotStarted,
    /// An announcement or performance whose kind contradicts an earlier one.
    #[error("{what} as {kind}, but {earlier} as {earlier_kind}")]
    KindConflict {
        /// `announced` or `performed`.
        what: String,
        /// The kind given.
        kind: ChangeKind,
        /// `earlier` or `announced`.
        earlier: String,
        /// The kind before.
        earlier_kind: ChangeKind,
    },
    /// An announcement after the change was performed.
    #[error("announced after it was performed")]
    AnnouncedAfterPerformed,
    /// A second performance record.
    #[error("performed twice")]
    PerformedTwice,
    /// A performance with no kind and no announcement to give one.
    #[error("maintenance_performed without an announcement needs a kind")]
    PerformedNeedsKind,
}

impl EventErrorKind {
    /// The kind's written name (`resolved_again`), for counts by kind.
    pub fn name(&self) -> &'static str {
        match self {
            EventErrorKind::TooLong { .. } => "too_long",
            EventErrorKind::NotUtf8 { .. } => "not_utf8",
            EventErrorKind::InvalidJson { .. } => "invalid_json",
            EventErrorKind::InvalidCsv { .. } => "invalid_csv",
            EventErrorKind::UnclosedQuote { .. } => "unclosed_quote",
            EventErrorKind::FieldCount { .. } => "field_count",
            EventErrorKind::Shape { .. } => "shape",
            EventErrorKind::NoEvent => "no_event",
            EventErrorKind::UnknownEvent { .. } => "unknown_event",
            EventErrorKind::MissingField { .. } => "missing_field",
            EventErrorKind::BadField { .. } => "bad_field",
            EventErrorKind::UnknownName(_) => "unknown_name",
            EventErrorKind::NotReported { .. } => "not_reported",
            EventErrorKind::ReportedTwice { .. } => "reported_twice",
            EventErrorKind::NeedsPriority { .. } => "needs_priority",
            EventErrorKind::OutOfOrder { .. } => "out_of_order",
            EventErrorKind::ResolvedAgain { .. } => "resolved_again",
            EventErrorKind::NotResolved { .. } => "not_resolved",
            EventErrorKind::WaitOpen { .. } => "wait_open",
            EventErrorKind::NoOpenWait { .. } => "no_open_wait",
            EventErrorKind::ExcludedTwice { .. } => "excluded_twice",
            EventErrorKind::WindowReversed { .. } => "window_reversed",
            EventErrorKind::OutageIdTaken { .. } => "outage_id_taken",
            EventErrorKind::OutageStartedTwice { .. } => "outage_started_twice",
            EventErrorKind::OutageEndedTwice { .. } => "outage_ended_twice",
            EventErrorKind::OutageNotStarted => "outage_not_started",
            EventErrorKind::KindConflict { .. } => "kind_conflict",
            EventErrorKind::AnnouncedAfterPerformed => "announced_after_performed",
            EventErrorKind::PerformedTwice => "performed_twice",
            EventErrorKind::PerformedNeedsKind => "performed_needs_kind",
        }
    }

    /// The other line a sequence error names, if any.
    pub fn related_line(&self) -> Option<u64> {
        match self {
            EventErrorKind::ReportedTwice { line, .. }
            | EventErrorKind::OutOfOrder { line, .. }
            | EventErrorKind::ResolvedAgain { line, .. }
            | EventErrorKind::WaitOpen { line, .. }
            | EventErrorKind::ExcludedTwice { line, .. }
            | EventErrorKind::OutageIdTaken { line }
            | EventErrorKind::OutageStartedTwice { line } => Some(*line),
            EventErrorKind::NotResolved { line, .. } | EventErrorKind::NoOpenWait { line, .. } => {
                *line
            }
            _ => None,
        }
    }
}

/// An input line that could not be used, and why.
///
/// Displayed as `FILE:LINE: SUBJECT: MESSAGE`, e.g.
/// `events.jsonl:12: incident INC-17: resolved again without a reopening (resolved at 2025-03-04T11:00:00+08:00, line 9)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EventError {
    /// The input's name.
    pub file: Arc<str>,
    /// 1-based line (for CSV, the line the record begins on; for events pushed one by one, the
    /// push's number).
    pub line: u64,
    /// What the line was about, when known.
    pub subject: Option<Subject>,
    /// What is wrong (boxed: an error travels in every `Result` of a push).
    pub kind: Box<EventErrorKind>,
}

impl std::error::Error for EventError {
    /// The error behind the kind (a timestamp or a name that could not be read), if any: the
    /// kind's own message is part of this error's.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.kind)
    }
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(s) = &self.subject {
            write!(f, "{s}: ")?;
        }
        write!(f, "{}", self.kind)
    }
}

impl EventError {
    /// An error about line `line` of `file`.
    pub fn new(
        file: impl Into<Arc<str>>,
        line: u64,
        subject: Option<Subject>,
        kind: EventErrorKind,
    ) -> EventError {
        EventError {
            file: file.into(),
            line,
            subject,
            kind: Box::new(kind),
        }
    }

    /// The message without the file, line and subject.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}
