//! What a report says of availability: a verdict per scope and period, with every interval
//! counted or excused, so that each figure can be re-derived from the report alone.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::{Instant, Outcome, Span};
use crate::contract::{ExclusionReason, PeriodKind};

/// An exact availability: whole seconds up over whole seconds measured, written `up/period`
/// (`31494812/31536000`). Verdicts compare it with a target exactly, never a rounded figure.
///
/// ```
/// use sla_engine::report::Ratio;
/// let r = Ratio::new(31_378_320, 31_536_000);
/// assert_eq!(r.to_string(), "31378320/31536000");
/// assert!(r.at_least("99.5".parse()?)); // exactly 99.5 %
/// assert_eq!(r.percent_down(3).map(|p| p.to_string()), Some("99.500".to_owned()));
/// assert_eq!("31378320/31536000".parse::<Ratio>()?, r);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    /// Seconds up.
    pub up: i64,
    /// Seconds measured.
    pub period: i64,
}

impl Ratio {
    /// `up` seconds up of `period`.
    pub const fn new(up: i64, period: i64) -> Ratio {
        Ratio { up, period }
    }

    /// Whether the ratio is at least `percent` % (exactly: `up × 100 ≥ percent × period`).
    pub fn at_least(self, percent: Decimal) -> bool {
        Decimal::from(self.up) * Decimal::ONE_HUNDRED >= percent * Decimal::from(self.period)
    }

    /// Whether the ratio is above `percent` %, strictly.
    pub fn above(self, percent: Decimal) -> bool {
        Decimal::from(self.up) * Decimal::ONE_HUNDRED > percent * Decimal::from(self.period)
    }

    /// The percentage rounded down to `places`, written with all of them (`99.500`); `None` for
    /// an empty period.
    pub fn percent_down(self, places: u32) -> Option<Decimal> {
        if self.period <= 0 {
            return None;
        }
        let mut p = (Decimal::from(self.up) * Decimal::ONE_HUNDRED / Decimal::from(self.period))
            .round_dp_with_strategy(places, RoundingStrategy::ToZero);
        p.rescale(places);
        Some(p)
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.up, self.period)
    }
}

/// Text that is not `UP/PERIOD` in whole numbers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error("invalid ratio {text:?}: expected UP/PERIOD in whole seconds, e.g. 31494812/31536000")]
pub struct RatioError {
    /// The text given (cut to 64 characters).
    pub text: String,
}

impl FromStr for Ratio {
    type Err = RatioError;
    fn from_str(s: &str) -> Result<Ratio, RatioError> {
        let err = || RatioError {
            text: s.chars().take(64).collect(),
        };
        let (a, b) = s.split_once('/').ok_or_else(err)?;
        Ok(Ratio::new(
            a.parse().map_err(|_| err())?,
            b.parse().map_err(|_| err())?,
        ))
    }
}

impl Serialize for Ratio {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ratio {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Ratio, D::Error> {
        std::borrow::Cow::<str>::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Why downtime was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExcuseReason {
    /// An outage with a cause the contract excludes (2.4, 2.3).
    Exclusion(ExclusionReason),
    /// A change announced in time and held where its notice rule allows (Q8).
    AnnouncedMaintenance,
    /// A change that needs no notice (a minor patch), held where its rule allows
    /// (`minor_patch_downtime`).
    NoNoticeNeeded,
}

impl ExcuseReason {
    /// The written name: an exclusion reason's, `announced_maintenance` or `no_notice_needed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExcuseReason::Exclusion(r) => r.as_str(),
            ExcuseReason::AnnouncedMaintenance => "announced_maintenance",
            ExcuseReason::NoNoticeNeeded => "no_notice_needed",
        }
    }
}

impl fmt::Display for ExcuseReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ExcuseReason {
    type Err = crate::UnknownName;
    fn from_str(s: &str) -> Result<ExcuseReason, crate::UnknownName> {
        match s {
            "announced_maintenance" => Ok(ExcuseReason::AnnouncedMaintenance),
            "no_notice_needed" => Ok(ExcuseReason::NoNoticeNeeded),
            other => other.parse().map(ExcuseReason::Exclusion),
        }
    }
}

impl Serialize for ExcuseReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ExcuseReason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ExcuseReason, D::Error> {
        std::borrow::Cow::<str>::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// Downtime not counted for one reason over one period: its seconds and its intervals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excused {
    /// Why.
    pub reason: ExcuseReason,
    /// Seconds excused (net of anything that also counts as downtime), within the period.
    pub seconds: i64,
    /// The intervals, clipped to the period (and to service hours under Q7); they add up to
    /// `seconds`.
    pub intervals: Vec<Span>,
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
    #[serde(with = "crate::report::instant")]
    pub from: Instant,
    /// Period end (exclusive).
    #[serde(with = "crate::report::instant")]
    pub to: Instant,
    /// The instant the figures are as of, if inside the period.
    #[serde(default, with = "crate::report::instant::option")]
    pub as_of: Option<Instant>,
    /// The verdict (pending while the period is not over and the budget is not spent).
    pub outcome: Outcome,
    /// Seconds measured (all seconds, or service hours under Q7).
    pub period_seconds: i64,
    /// Seconds of downtime counted: the sum of `downtime`.
    pub downtime_seconds: i64,
    /// Availability as the exact ratio of whole seconds; the verdict compares it with the target
    /// exactly.
    pub availability: Ratio,
    /// The percentage rounded down to the objective's places, for people (`99.869`); absent for
    /// a period without measured time.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub availability_percent: Option<Decimal>,
    /// The target percentage.
    #[serde(with = "rust_decimal::serde::str")]
    pub target_percent: Decimal,
    /// Downtime the target allows over the period, in whole seconds (rounded down).
    pub budget_seconds: i64,
    /// Budget left (negative when overspent).
    pub budget_left_seconds: i64,
    /// Downtime not counted, by reason, with its intervals.
    pub excused: Vec<Excused>,
    /// The downtime intervals counted, clipped to the period (and to service hours under Q7).
    pub downtime: Vec<Span>,
}

/// Outages of a component outside the availability objective: recorded and accepted, but not
/// counted (clause 2.3 names more components than 3.1(3) judges); listed so that none vanishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutsideObjective {
    /// The component.
    pub component: String,
    /// How many outages.
    pub outages: u64,
    /// Their total length up to the evaluation instant, in seconds (overlaps counted once).
    pub seconds: i64,
}
