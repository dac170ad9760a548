//! # sla-engine
//!
//! Exact, explainable verdicts for an IT maintenance contract: was each incident answered, started
//! and resolved in time, was the platform available enough, were upgrades and maintenance announced
//! early enough, and what does the provider owe for what it missed.
#![forbid(unsafe_code)]

pub mod calendar;
pub mod contract;
mod duration;
pub mod evaluate;
pub mod event;
mod file_error;
pub mod interval;
mod named;
pub mod penalty;
pub mod report;
mod timestamp;

pub use calendar::{
    Calendar, CalendarBuilder, CalendarError, DayFact, DayFactKind, DayHours, DayRule,
    StatutoryCalendar, StatutoryDay, StatutoryKind, TimeOfDay, TimeRange, Weekdays, WeeklyHours,
};
pub use duration::{DurationError, format_duration, parse_duration};
pub use file_error::{FileError, Location};
pub use interval::{Interval, IntervalError, IntervalSet};
pub use named::UnknownName;
pub use timestamp::{TimestampError, parse_timestamp, parse_zoned};
