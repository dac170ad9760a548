//! The result of an evaluation: verdicts with their evidence, as serde types with a schema
//! version. What the provider owes is computed from a report by [`crate::penalty`]; the two are
//! rendered together by [`crate::render`].

mod availability;
mod incident;
pub(crate) mod instant;
mod notice;
mod provenance;
mod reason;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::contract::{AvailabilityObjective, Settings};
use crate::event::EventError;
use crate::named::named_enum;

pub use availability::{
    AvailabilityVerdict, ExcuseReason, Excused, OutsideObjective, Ratio, RatioError,
};
pub use incident::{IncidentReport, PauseEvidence, PauseReason, Supersession, TargetVerdict};
pub use notice::{NoticeVerdict, RecurringVerdict};
pub use provenance::{CalendarOrigin, ContractOrigin, Provenance};
pub use reason::{ClockRule, Reason};

/// The version of the report's shape; bumped on any change a reader of the JSON would notice.
pub const SCHEMA_VERSION: u32 = 2;

/// An instant as reports write it: RFC 3339 in the calendar's zone.
pub type Instant = DateTime<FixedOffset>;

/// A half-open span of time `[from, to)` as reports write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First second.
    #[serde(with = "crate::report::instant")]
    pub from: Instant,
    /// First second after it.
    #[serde(with = "crate::report::instant")]
    pub to: Instant,
}

impl Span {
    /// Its length in seconds.
    pub fn seconds(&self) -> i64 {
        self.to.timestamp() - self.from.timestamp()
    }
}

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

    /// Counts every outcome `other` counted.
    pub(crate) fn add_all(&mut self, other: &Tally) {
        // Taken apart whole, so that a count added to the tally cannot be left out here.
        let Tally {
            met,
            breached,
            pending,
            excluded,
            exempt,
            undetermined,
            voided,
        } = *other;
        self.met += met;
        self.breached += breached;
        self.pending += pending;
        self.excluded += excluded;
        self.exempt += exempt;
        self.undetermined += undetermined;
        self.voided += voided;
    }
}

/// What a log held that the evaluation did not apply, because it is later than the evaluation
/// instant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotApplied {
    /// Incidents reported after it (not evaluated).
    pub incidents: usize,
    /// Events of evaluated incidents after it.
    pub incident_events: usize,
    /// Outages that begin after it.
    pub outages: usize,
    /// Announcements and performance records of changes after it.
    pub change_events: usize,
    /// Backups after it.
    pub backups: usize,
}

impl NotApplied {
    /// Whether everything in the log was applied.
    pub fn is_empty(&self) -> bool {
        *self == NotApplied::default()
    }

    /// How many events were not applied, in all (an incident counts its report).
    pub fn events(&self) -> usize {
        self.incidents + self.incident_events + self.outages + self.change_events + self.backups
    }
}

named_enum! {
    /// What a warning is about.
    pub enum WarningKind {
        /// An event far later than the rest of the log (or than now): a mistyped year, most
        /// likely. It does not set the default evaluation instant.
        Outlier = "outlier",
        /// The log holds no event.
        EmptyLog = "empty_log",
        /// Events later than the evaluation instant were not applied.
        NotApplied = "not_applied",
        /// Rejected lines beyond the listing limit are counted, not listed.
        RejectionsNotListed = "rejections_not_listed",
    }
}

/// Something about the inputs that a reader of the report must know, though nothing was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// What to know, naming the lines concerned.
    pub message: String,
}

/// The input lines that could not be used: the first ones (by line) in full, the rest counted
/// by kind of error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// How many lines were rejected in all.
    pub total: u64,
    /// The rejected lines listed in full, in line order.
    pub lines: Vec<EventError>,
    /// How many rejected lines are not listed, by kind of error.
    pub not_listed: BTreeMap<String, u64>,
}

/// The whole evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema: u32,
    /// What produced the report.
    pub provenance: Provenance,
    /// The contract's name.
    pub contract: String,
    /// The calendar's name.
    pub calendar: String,
    /// The calendar's zone.
    pub zone: String,
    /// How the open questions were read.
    pub settings: Settings,
    /// The instant the evaluation is as of.
    #[serde(with = "crate::report::instant")]
    pub as_of: Instant,
    /// Events accepted.
    pub events_accepted: u64,
    /// What the log held after the evaluation instant, not applied.
    pub not_applied: NotApplied,
    /// What a reader must know about the inputs.
    pub warnings: Vec<Warning>,
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
    /// Outages of components the availability objective does not judge, with their length.
    pub outside_objective: Vec<OutsideObjective>,
    /// Recurring obligations (2.2): backups and upgrades.
    pub recurring: Vec<RecurringVerdict>,
    /// Input lines that could not be used.
    pub rejected: Rejected,
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
