//! What a report says of announced changes (notices) and of recurring obligations.

use serde::{Deserialize, Serialize};

use super::{Instant, Outcome, Span};
use crate::DayFact;
use crate::contract::{ChangeKind, Obligation};

/// The verdict on one announced or performed change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeVerdict {
    /// The change's id.
    pub change: String,
    /// Its kind.
    pub kind: ChangeKind,
    /// The clause of the notice rule.
    pub clause: String,
    /// The verdict on the notice.
    pub outcome: Outcome,
    /// The notice that counts: of the announcements before the window started, the earliest of
    /// those announcing the same window as the last one (a reminder does not move it later).
    #[serde(default, with = "crate::report::instant::option")]
    pub noticed_at: Option<Instant>,
    /// The window judged: when the work ran if it was carried out, else the announced window.
    pub window: Span,
    /// When the work ran, if it was carried out (as of the evaluation instant).
    pub performed: Option<Span>,
    /// The window the counted announcement gave (the excused part of the downtime lies in it).
    pub announced_window: Option<Span>,
    /// The required lead as written (`5 working_days`).
    pub required: String,
    /// The latest instant the notice could be given and still count.
    #[serde(default, with = "crate::report::instant::option")]
    pub notice_due_by: Option<Instant>,
    /// Seconds of service hours the window overlapped.
    pub service_hours_seconds: i64,
    /// Whether its downtime is excused from availability (Q8).
    pub downtime_excused: bool,
    /// Why its downtime counts, when it does.
    pub downtime_counts_because: Option<String>,
    /// How the rule was read.
    pub reasoning: Vec<String>,
    /// Calendar facts between the notice and the window.
    pub calendar_facts: Vec<DayFact>,
}

/// The verdict on one recurring obligation (clause 2.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecurringVerdict {
    /// What must recur.
    pub obligation: Obligation,
    /// The clause.
    pub clause: String,
    /// The longest allowed gap, in days.
    pub every_days: u32,
    /// Met when no gap was longer than allowed, breached otherwise (including a gap still open
    /// at the evaluation instant), undetermined when the log records none.
    pub outcome: Outcome,
    /// Occurrences up to the evaluation instant.
    pub occurrences: usize,
    /// The longest gap, in seconds (to the evaluation instant for the last one).
    pub longest_gap_seconds: i64,
    /// Every gap longer than allowed.
    pub gaps_over: Vec<Span>,
    /// When the next occurrence is due.
    #[serde(default, with = "crate::report::instant::option")]
    pub next_due: Option<Instant>,
    /// Why it could not be checked.
    pub problem: Option<String>,
}
