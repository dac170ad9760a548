//! What produced a report: the engine, the contract, the calendar, the events and the options,
//! each named and, where it was read from bytes, with the SHA-256 of what was read.

use serde::{Deserialize, Serialize};

use super::{Instant, Span};
use crate::contract::Settings;
use crate::event::Source;

/// Everything a report was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The crate and its version, e.g. `sla-engine 0.2.0`.
    pub engine: String,
    /// The version of the IANA time-zone database compiled in, e.g. `2025b`.
    pub tzdb: String,
    /// The contract.
    pub contract: ContractOrigin,
    /// The calendar.
    pub calendar: CalendarOrigin,
    /// Each input the events were read from, in the order read (none for events pushed one by
    /// one by a service).
    pub events: Vec<Source>,
    /// The settings in force (every open question's reading).
    pub settings: Settings,
    /// The instant the evaluation is as of, and where it came from.
    #[serde(with = "crate::report::instant")]
    pub as_of: Instant,
    /// `given` (the caller's), or `latest event` (the log's latest instant).
    pub as_of_from: String,
    /// The years of availability asked for, if any (`2025`, `2024-2025`).
    pub years: Option<String>,
    /// The window of availability asked for, if any.
    pub window: Option<Span>,
    /// The current time the log was checked against for far-off events, if it was.
    #[serde(default, with = "crate::report::instant::option")]
    pub now: Option<Instant>,
}

/// Where the contract came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractOrigin {
    /// The contract's name.
    pub name: String,
    /// `preset seed`, or the file it was read from.
    pub source: String,
    /// SHA-256 of its canonical TOML form (after any settings given on top), so that the same
    /// contract read from a reformatted file has the same digest; absent without the `formats`
    /// feature.
    pub sha256: Option<String>,
}

/// What the calendar is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarOrigin {
    /// Its name (a preset or a file).
    pub name: String,
    /// Its time zone.
    pub zone: String,
    /// Its weekly service hours, e.g. `mon-fri 09:00-18:00`.
    pub hours: String,
    /// The years its day data covers (`2004-2026`), if it has day data.
    pub years: Option<String>,
    /// Where its day data came from: shipped sets, files, feeds, years set by the caller.
    pub data: Vec<String>,
    /// How many single days it overrides.
    pub overrides: usize,
}
