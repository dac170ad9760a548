//! How a verdict read the contract and its settings, one step at a time, as values: a report of a
//! million incidents holds several of these a verdict, and turning each into a sentence when it
//! is judged cost more than the clock arithmetic. The sentence is made when a reason is shown or
//! written ([`fmt::Display`], and the JSON, which writes each reason as its sentence).

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Instant;
use crate::Timestamp;
use crate::contract::{
    ClockKind, ExclusionReason, Priority, PriorityChange, ResponseClock, SupersededTargets,
    TargetClock, WorkClock,
};
use crate::format_duration;

/// Which rule chose the clock a target runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockRule {
    /// The target runs on the response clock, which setting `response_clock` (Q1) picks.
    ResponseClock(ResponseClock),
    /// The target runs on the work clock, which setting `work_clock` (Q2) picks.
    WorkClock(WorkClock),
    /// The contract names the clock itself.
    Contract,
}

/// One step of a verdict's reasoning.
///
/// Shown (or written to JSON) as the sentence an auditor reads:
///
/// ```
/// use sla_engine::contract::{ClockKind, ResponseClock, TargetClock};
/// use sla_engine::report::{ClockRule, Reason};
/// let why = Reason::ClockChosen {
///     kind: ClockKind::Business,
///     clock: TargetClock::ResponseClock,
///     rule: ClockRule::ResponseClock(ResponseClock::Business),
/// };
/// assert_eq!(
///     why.to_string(),
///     "runs on the business clock: the target's clock is response_clock, and response_clock (Q1) is business"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// The clock the target runs on, and the rule that chose it.
    ClockChosen {
        /// The clock.
        kind: ClockKind,
        /// The clock the target names.
        clock: TargetClock,
        /// What decided between business and wall time.
        rule: ClockRule,
    },
    /// "Within the next working day" is a calendar rule: business time whatever the settings.
    NextWorkingDayIsACalendarRule,
    /// The incident was marked excluded for a reason this contract does not recognise, so it is
    /// judged normally.
    UnrecognisedExclusion {
        /// The reason given.
        reason: ExclusionReason,
        /// When it was marked.
        at: Instant,
    },
    /// The priority changed; setting `priority_change` (Q4) says where its targets count from.
    PriorityChanged {
        /// The new priority (none if it was taken away).
        to: Option<Priority>,
        /// When.
        at: Instant,
        /// From the report or from the change.
        counts_from: PriorityChange,
    },
    /// Reported outside service hours: a clause of the contract sets another limit.
    OutOfHours {
        /// The clause.
        clause: Arc<str>,
        /// The limit it sets, in seconds.
        limit: i64,
        /// The target's own limit, in seconds.
        instead_of: i64,
    },
    /// "Within the next working day", read as by the close of that day (Q3).
    DueByTheCloseOf {
        /// The day the clock started.
        after: NaiveDate,
        /// The next working day.
        next: NaiveDate,
        /// Its close.
        close: Instant,
    },
    /// "Within the next working day", read as one working day's worth of business time (Q3).
    OneWorkingDayOfBusinessTime {
        /// The seconds of business time.
        seconds: i64,
        /// The working day whose hours they are.
        hours_of: NaiveDate,
    },
    /// Setting `customer_wait` (Q5): waits on the customer do not pause the clock.
    WaitsDoNotPause,
    /// Setting `reopen`: the incident was reopened, and its first resolution stands.
    FirstResolutionStands,
    /// The clock is paused, waiting on the customer.
    PausedWaiting {
        /// Seconds left on the clock.
        left: i64,
    },
    /// Setting `boundary` (Q10): a stop exactly at the deadline is late.
    StopAtTheDeadlineIsLate,
    /// A priority change left this target behind after it was breached: the breach stands
    /// (setting `superseded_targets` is `keep_breaches`).
    BreachStandsAfterPriorityChange {
        /// The new priority.
        to: Priority,
        /// When it changed.
        at: Instant,
        /// The line of the change.
        line: u64,
    },
    /// A priority change left this target behind: it no longer applies and is voided.
    VoidedByPriorityChange {
        /// The new priority.
        to: Priority,
        /// When it changed.
        at: Instant,
        /// The line of the change.
        line: u64,
        /// Setting `superseded_targets`.
        setting: SupersededTargets,
    },
    /// A sentence as written in a report read back from its JSON.
    Written(String),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::ClockChosen { kind, clock, rule } => {
                write!(
                    f,
                    "runs on the {kind} clock: the target's clock is {clock}, and "
                )?;
                match rule {
                    ClockRule::ResponseClock(s) => write!(f, "response_clock (Q1) is {s}"),
                    ClockRule::WorkClock(s) => write!(f, "work_clock (Q2) is {s}"),
                    ClockRule::Contract => f.write_str("the contract fixes it"),
                }
            }
            Reason::NextWorkingDayIsACalendarRule => f.write_str(
                "runs on the business clock: \"within the next working day\" is a calendar rule",
            ),
            Reason::UnrecognisedExclusion { reason, at } => write!(
                f,
                "marked excluded as {reason} at {}, which this contract does not recognise: judged normally",
                Shown(at)
            ),
            Reason::PriorityChanged {
                to,
                at,
                counts_from,
            } => {
                let to = to.map_or("none", Priority::as_str);
                let from = match counts_from {
                    PriorityChange::FromReport => "report",
                    PriorityChange::FromChange => "change",
                };
                write!(
                    f,
                    "priority changed to {to} at {}; its targets count from the {from} (Q4)",
                    Shown(at)
                )
            }
            Reason::OutOfHours {
                clause,
                limit,
                instead_of,
            } => write!(
                f,
                "reported outside service hours: clause {clause} sets {} instead of {}",
                format_duration(*limit),
                format_duration(*instead_of)
            ),
            Reason::DueByTheCloseOf { after, next, close } => write!(
                f,
                "the next working day after {after} is {next}; due by its close {} (Q3)",
                Shown(close)
            ),
            Reason::OneWorkingDayOfBusinessTime { seconds, hours_of } => write!(
                f,
                "one working day's worth of business time: {} (the hours of {hours_of}) (Q3)",
                format_duration(*seconds)
            ),
            Reason::WaitsDoNotPause => {
                f.write_str("waits on the customer do not pause the clock (Q5)")
            }
            Reason::FirstResolutionStands => {
                f.write_str("reopened; the first resolution stands (reopen setting)")
            }
            Reason::PausedWaiting { left } => write!(
                f,
                "paused, waiting on the customer, with {} left",
                format_duration(*left)
            ),
            Reason::StopAtTheDeadlineIsLate => {
                f.write_str("a stop exactly at the deadline is late (Q10 exclusive)")
            }
            Reason::BreachStandsAfterPriorityChange { to, at, line } => write!(
                f,
                "priority changed to {to} at {} (line {line}), after this target was breached: the breach stands (superseded_targets keep_breaches)",
                Shown(at)
            ),
            Reason::VoidedByPriorityChange {
                to,
                at,
                line,
                setting,
            } => write!(
                f,
                "priority changed to {to} at {} (line {line}): this target no longer applies and is voided (superseded_targets {setting})",
                Shown(at)
            ),
            Reason::Written(text) => f.write_str(text),
        }
    }
}

/// An instant in a sentence, as [`chrono::DateTime::to_rfc3339`] writes it
/// (`2025-03-04T10:00:00+08:00`), by the report's own writer rather than chrono's formatter.
struct Shown<'a>(&'a Instant);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; Timestamp::RFC3339_LEN];
        match super::instant::written(self.0, false, &mut buf) {
            Some(text) => f.write_str(text),
            None => f.write_str(&self.0.to_rfc3339()),
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Reason {
    /// A reason read back from a report is its sentence: the values it was made from are not
    /// in the JSON.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Reason, D::Error> {
        String::deserialize(d).map(Reason::Written)
    }
}

#[cfg(test)]
mod sentences {
    use chrono::{FixedOffset, NaiveDate, TimeZone};

    use super::*;

    /// Every reason's sentence, word for word: the sentences an auditor reads in every report
    /// (and that earlier reports wrote) do not change when the values behind them do.
    #[test]
    fn every_reason_reads_as_the_sentence_reports_write() {
        let Some(at) = FixedOffset::east_opt(8 * 3600)
            .and_then(|o| o.with_ymd_and_hms(2025, 1, 27, 18, 30, 0).single())
        else {
            panic!("no such instant");
        };
        let (Some(day), Some(next)) = (
            NaiveDate::from_ymd_opt(2025, 1, 27),
            NaiveDate::from_ymd_opt(2025, 2, 5),
        ) else {
            panic!("no such day");
        };
        let cases = [
            (
                Reason::ClockChosen {
                    kind: ClockKind::Wall,
                    clock: TargetClock::WorkClock,
                    rule: ClockRule::WorkClock(WorkClock::WallForHigh),
                },
                "runs on the wall clock: the target's clock is work_clock, and work_clock (Q2) is wall_for_high",
            ),
            (
                Reason::ClockChosen {
                    kind: ClockKind::Business,
                    clock: TargetClock::Business,
                    rule: ClockRule::Contract,
                },
                "runs on the business clock: the target's clock is business, and the contract fixes it",
            ),
            (
                Reason::NextWorkingDayIsACalendarRule,
                "runs on the business clock: \"within the next working day\" is a calendar rule",
            ),
            (
                Reason::UnrecognisedExclusion {
                    reason: ExclusionReason::CustomerData,
                    at,
                },
                "marked excluded as customer_data at 2025-01-27T18:30:00+08:00, which this contract does not recognise: judged normally",
            ),
            (
                Reason::PriorityChanged {
                    to: None,
                    at,
                    counts_from: PriorityChange::FromReport,
                },
                "priority changed to none at 2025-01-27T18:30:00+08:00; its targets count from the report (Q4)",
            ),
            (
                Reason::OutOfHours {
                    clause: "4.2".into(),
                    limit: 2 * 3600,
                    instead_of: 30 * 60,
                },
                "reported outside service hours: clause 4.2 sets 2h instead of 30m",
            ),
            (
                Reason::DueByTheCloseOf {
                    after: day,
                    next,
                    close: at,
                },
                "the next working day after 2025-01-27 is 2025-02-05; due by its close 2025-01-27T18:30:00+08:00 (Q3)",
            ),
            (
                Reason::OneWorkingDayOfBusinessTime {
                    seconds: 8 * 3600,
                    hours_of: next,
                },
                "one working day's worth of business time: 8h (the hours of 2025-02-05) (Q3)",
            ),
            (
                Reason::WaitsDoNotPause,
                "waits on the customer do not pause the clock (Q5)",
            ),
            (
                Reason::FirstResolutionStands,
                "reopened; the first resolution stands (reopen setting)",
            ),
            (
                Reason::PausedWaiting { left: 90 * 60 },
                "paused, waiting on the customer, with 1h30m left",
            ),
            (
                Reason::StopAtTheDeadlineIsLate,
                "a stop exactly at the deadline is late (Q10 exclusive)",
            ),
            (
                Reason::BreachStandsAfterPriorityChange {
                    to: Priority::Low,
                    at,
                    line: 12,
                },
                "priority changed to low at 2025-01-27T18:30:00+08:00 (line 12), after this target was breached: the breach stands (superseded_targets keep_breaches)",
            ),
            (
                Reason::VoidedByPriorityChange {
                    to: Priority::Low,
                    at,
                    line: 12,
                    setting: SupersededTargets::Void,
                },
                "priority changed to low at 2025-01-27T18:30:00+08:00 (line 12): this target no longer applies and is voided (superseded_targets void)",
            ),
            (Reason::Written("as written".into()), "as written"),
        ];
        for (reason, sentence) in cases {
            assert_eq!(reason.to_string(), sentence, "{reason:?}");
        }
    }
}

#[cfg(all(test, feature = "formats"))]
mod tests {
    use chrono::{FixedOffset, TimeZone};

    use super::*;

    /// Each reason is written as its sentence, and reads back as the same sentence.
    #[test]
    fn a_reason_is_written_as_its_sentence_and_read_back_as_it() -> Result<(), serde_json::Error> {
        let at = FixedOffset::east_opt(8 * 3600)
            .and_then(|o| o.with_ymd_and_hms(2025, 3, 4, 10, 0, 0).single())
            .ok_or_else(|| serde::de::Error::custom("no such instant"))?;
        let reasons = [
            Reason::PriorityChanged {
                to: Some(Priority::High),
                at,
                counts_from: PriorityChange::FromChange,
            },
            Reason::OutOfHours {
                clause: "4.2".into(),
                limit: 3600,
                instead_of: 900,
            },
            Reason::PausedWaiting { left: 90 },
        ];
        let json = serde_json::to_string(&reasons)?;
        assert_eq!(
            json,
            "[\"priority changed to high at 2025-03-04T10:00:00+08:00; its targets count from the change (Q4)\",\
             \"reported outside service hours: clause 4.2 sets 1h instead of 15m\",\
             \"paused, waiting on the customer, with 1m30s left\"]"
        );
        let back: Vec<Reason> = serde_json::from_str(&json)?;
        for (r, b) in reasons.iter().zip(&back) {
            assert_eq!(r.to_string(), b.to_string());
            assert!(matches!(b, Reason::Written(_)));
        }
        Ok(())
    }
}
