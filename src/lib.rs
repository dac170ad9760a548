//! # sla-engine
//!
//! Exact, explainable verdicts for an IT maintenance contract: was each incident answered, started
//! and resolved in time, was the platform available enough, were upgrades and maintenance announced
//! early enough, and what does the provider owe for what it missed.
//!
//! The contract is a maintenance agreement for a delivery-kanban system; [`contract::Contract::seed`]
//! carries its figures, and every open question of its text is a setting
//! ([`contract::Settings`]). Why each reading and convention is what it is: [`design`].
//!
//! # Example: an 8-hour target across Spring Festival
//! ```
//! use sla_engine::Calendar;
//! use chrono::DateTime;
//! let cal = Calendar::preset("cn-standard")?;
//! let reported = DateTime::parse_from_rfc3339("2025-01-27T17:00:00+08:00")?;
//! // 1 h on Monday the 27th, Spring Festival 28 January-4 February off, 7 h on the 5th.
//! assert_eq!(cal.add(&reported, 8 * 3600)?.to_rfc3339(), "2025-02-05T16:00:00+08:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Example: judge an incident, and see why
//! ```
//! use sla_engine::contract::{Contract, IncidentClass, Priority, StopEvent};
//! use sla_engine::evaluate::{evaluate, Options};
//! use sla_engine::event::{Event, EventBody, EventLog, IncidentEvent};
//! use sla_engine::report::Outcome;
//! use sla_engine::parse_timestamp;
//!
//! let contract = Contract::seed();
//! let calendar = contract.preset_calendar()?;
//! let inc = |at: &str, what| -> Result<Event, sla_engine::TimestampError> {
//!     Ok(Event { at: parse_timestamp(at)?, line: 0, body: EventBody::Incident { id: "INC-1".into(), what } })
//! };
//! let events = vec![
//!     inc("2025-01-27T17:00:00+08:00", IncidentEvent::Reported {
//!         class: IncidentClass::Fault, priority: Some(Priority::High), component: None, site: None })?,
//!     inc("2025-02-05T16:00:00+08:00", IncidentEvent::Stop(StopEvent::Resolved))?,
//! ];
//! let log = EventLog::build("example", calendar.zone(), events, Vec::new());
//! let report = evaluate(&contract, &calendar, &log, Options::default());
//! let resolution = report.incidents[0].verdicts.iter().find(|v| &*v.target == "resolution-high").ok_or("missing")?;
//! assert_eq!(resolution.outcome, Outcome::Met); // exactly 8 business hours: met (Q10)
//! assert!(resolution.calendar_facts.contains(&"2025-01-28 (Tue) is a statutory day off (Spring Festival)".to_owned()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

#[doc = include_str!("../DESIGN.md")]
pub mod design {}

pub mod calendar;
pub mod contract;
mod duration;
pub mod evaluate;
pub mod event;
mod excerpt;
mod file_error;
#[cfg(feature = "formats")]
mod include;
pub mod interval;
mod named;
pub mod penalty;
pub mod report;
mod timestamp;

pub use calendar::{
    Calendar, CalendarBuilder, CalendarError, DayFact, DayFactKind, DayHours, DayInfo, DayKind,
    DayRule, StatutoryCalendar, StatutoryDay, StatutoryKind, TimeOfDay, TimeRange, Weekdays,
    WeeklyHours,
};
pub use duration::{DurationError, format_duration, parse_duration};
pub use excerpt::{Excerpt, MAX_EXCERPT_CHARS};
pub use file_error::{FileError, FileErrorKind, Location};
#[cfg(feature = "formats")]
pub use include::{IncludeError, Includes, MAX_INCLUDE_BYTES};
pub use interval::{Interval, IntervalError, IntervalSet};
pub use named::UnknownName;
pub use timestamp::{TimestampError, parse_timestamp, parse_zoned};
