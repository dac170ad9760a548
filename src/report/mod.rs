//! The result of an evaluation: verdicts with their evidence, as serde types with a schema
//! version. What the provider owes is computed from a report by [`crate::penalty`]; the two are
//! rendered together by [`crate::render`].

use std::borrow::Cow;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::contract::{
    AvailabilityObjective, ChangeKind, ClockKind, ExclusionReason, IncidentClass, Limit, Metric,
    Obligation, PeriodKind, Priority, Settings, StopEvent,
};
use crate::event::EventError;
use crate::named::named_enum;

/// The version of the report's shape; bumped on any change a reader of the JSON would notice.
pub const SCHEMA_VERSION: u32 = 1;

/// An instant as reports write it: RFC 3339 in the calendar's zone.
pub type Instant = DateTime<FixedOffset>;

named_enum! {
    /// The verdict on one target, notice or objective.
    pub enum Outcome {
        /// Kept: the clock stopped at or before the deadline (Q10 decides "at").
        Met = "met",
        /// Missed: stopped after the deadline, or still running past it.
        Breached = "breached",
        /// Still running, deadline ahead, as of the evaluation instant.
        Pending = "pending",
        /// Not the provider's (clause 2.3 or 2.4): never a breach.
        Excluded = "excluded",
        /// Needs nothing (a minor patch needs no notice).
        Exempt = "exempt",
        /// Could not be decided; `problem` says why (e.g. a year without calendar data).
        Undetermined = "undetermined",
        /// No longer applies: a priority change left the target behind before it was breached
        /// (or, under `superseded_targets = void`, at all); `superseded` names the change.
        Voided = "voided",
    }
}

/// The priority change that left a target behind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supersession {
    /// When the priority changed.
    pub at: Instant,
    /// The priority it changed to.
    pub priority: Priority,
    /// The line of the change.
    pub line: u64,
}

/// A wait on the customer that paused a clock (Q5), or a time between a resolution and its
/// reopening (reopen `resumes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PauseEvidence {
    /// Why the clock did not run.
    pub why: Cow<'static, str>,
    /// From.
    pub from: Instant,
    /// Until (absent while still paused).
    pub to: Option<Instant>,
    /// Seconds of the target's clock it took out.
    pub clock_seconds: i64,
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
    pub started_at: Instant,
    /// The event that stopped it, and when.
    pub stopped_by: Option<StopEvent>,
    /// When it stopped.
    pub stopped_at: Option<Instant>,
    /// The deadline (absent while paused with no reply yet).
    pub deadline: Option<Instant>,
    /// Clock seconds used: to the stop, or to the evaluation instant if still running.
    pub used_seconds: i64,
    /// `limit_seconds - used_seconds`: positive is time to spare (or left), negative is late.
    pub margin_seconds: i64,
    /// Wall seconds from the deadline to the stop (or the evaluation instant), when breached.
    pub late_wall_seconds: Option<i64>,
    /// Pauses that kept the clock from running.
    pub pauses: Vec<PauseEvidence>,
    /// How the contract and settings were read for this verdict, in order.
    pub reasoning: Vec<Cow<'static, str>>,
    /// Calendar facts on the days the clock ran through (business clock only).
    pub calendar_facts: Vec<String>,
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
    pub reported_at: Instant,
    /// Whether the report came outside service hours.
    pub outside_service_hours: Option<bool>,
    /// Component and site, if given.
    pub component: Option<String>,
    /// Site, if given.
    pub site: Option<String>,
    /// The exclusion that applies, if any.
    pub excluded: Option<ExclusionReason>,
    /// The verdicts, one per applicable target.
    pub verdicts: Vec<TargetVerdict>,
}

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
    pub noticed_at: Option<Instant>,
    /// When the window started (performed, else announced).
    pub window_from: Instant,
    /// When it ended.
    pub window_to: Instant,
    /// Whether the window was carried out (else only announced).
    pub performed: bool,
    /// The window the counted announcement gave (the excused part of the downtime lies in it).
    pub announced_window: Option<(Instant, Instant)>,
    /// The required lead as written (`5 working_days`).
    pub required: String,
    /// The latest instant the notice could be given and still count.
    pub notice_due_by: Option<Instant>,
    /// Seconds of service hours the window overlapped.
    pub service_hours_seconds: i64,
    /// Whether its downtime is excused from availability (Q8).
    pub downtime_excused: bool,
    /// How the rule was read.
    pub reasoning: Vec<String>,
    /// Calendar facts between the notice and the window.
    pub calendar_facts: Vec<String>,
}

/// Availability of the platform or one component over one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityVerdict {
    /// `platform` (Q6 union) or a component's name.
    pub scope: String,
    /// The kind of period.
    pub period: PeriodKind,
    /// Its label (`2025`, `2025-Q1`, `2025-03`).
    pub label: String,
    /// Whether the contract judges this period (else it is reported for information).
    pub judged: bool,
    /// Period start.
    pub from: Instant,
    /// Period end (exclusive).
    pub to: Instant,
    /// The instant the figures are as of, if inside the period.
    pub as_of: Option<Instant>,
    /// The verdict (pending while the period is not over and the budget is not spent).
    pub outcome: Outcome,
    /// Seconds measured (all seconds, or service hours under Q7).
    pub period_seconds: i64,
    /// Seconds of downtime counted.
    pub downtime_seconds: i64,
    /// Availability as the exact ratio `up/period` of whole seconds, e.g. `31494812/31536000`;
    /// the verdict compares this ratio with the target exactly, never a rounded figure.
    pub availability: String,
    /// The percentage rounded down to the objective's places, for people (`99.869`).
    pub availability_percent: String,
    /// The target percentage.
    pub target_percent: String,
    /// Downtime the target allows over the period, in whole seconds (rounded down).
    pub budget_seconds: i64,
    /// Budget left (negative when overspent).
    pub budget_left_seconds: i64,
    /// Downtime not counted, in seconds by reason (`customer_change`, `announced_maintenance`,
    /// ...); time that is also provider downtime counts as downtime and is not listed here.
    pub excused: Vec<(String, i64)>,
    /// The downtime intervals counted, for re-checking (listed on judged verdicts only).
    pub downtime: Vec<(Instant, Instant)>,
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
    pub gaps_over: Vec<(Instant, Instant)>,
    /// When the next occurrence is due.
    pub next_due: Option<Instant>,
    /// Why it could not be checked.
    pub problem: Option<String>,
}

/// Counts of outcomes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Met.
    pub met: usize,
    /// Breached.
    pub breached: usize,
    /// Pending.
    pub pending: usize,
    /// Excluded.
    pub excluded: usize,
    /// Exempt.
    pub exempt: usize,
    /// Undetermined.
    pub undetermined: usize,
    /// Voided by a priority change.
    #[serde(default)]
    pub voided: usize,
}

impl Tally {
    /// Counts one outcome.
    pub fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Met => self.met += 1,
            Outcome::Breached => self.breached += 1,
            Outcome::Pending => self.pending += 1,
            Outcome::Excluded => self.excluded += 1,
            Outcome::Exempt => self.exempt += 1,
            Outcome::Undetermined => self.undetermined += 1,
            Outcome::Voided => self.voided += 1,
        }
    }
}

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The contract's name.
    pub contract: String,
    /// The calendar's name.
    pub calendar: String,
    /// The calendar's zone.
    pub zone: String,
    /// How the open questions were read.
    pub settings: Settings,
    /// The instant the evaluation is as of.
    pub as_of: Instant,
    /// Events accepted.
    pub events_accepted: usize,
    /// Incidents reported after the evaluation instant, not evaluated.
    pub incidents_after_as_of: usize,
    /// Target verdicts by outcome.
    pub target_tally: Tally,
    /// Notice verdicts by outcome.
    pub notice_tally: Tally,
    /// Incidents, by id.
    pub incidents: Vec<IncidentReport>,
    /// Notices, by change id.
    pub notices: Vec<NoticeVerdict>,
    /// Availability, judged period first.
    pub availability: Vec<AvailabilityVerdict>,
    /// Why availability could not be evaluated, if it could not (e.g. a year without calendar
    /// data under Q7 `service_hours`).
    pub availability_problem: Option<String>,
    /// Recurring obligations (2.2): backups and upgrades.
    pub recurring: Vec<RecurringVerdict>,
    /// Input lines that could not be used.
    pub rejected: Vec<EventError>,
    /// The availability objective the report judged (its clause, target and periods): what the
    /// statement and the renderers read of the contract.
    pub objective: AvailabilityObjective,
}

impl Report {
    /// Every target verdict, with its incident.
    pub fn verdicts(&self) -> impl Iterator<Item = (&IncidentReport, &TargetVerdict)> {
        self.incidents
            .iter()
            .flat_map(|i| i.verdicts.iter().map(move |v| (i, v)))
    }
}
