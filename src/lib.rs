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
//! use sla_engine::{Calendar, Timestamp};
//! let cal = Calendar::preset("cn-standard")?;
//! let reported: Timestamp = "2025-01-27T17:00:00+08:00".parse()?;
//! // 1 h on Monday the 27th, Spring Festival 28 January-4 February off, 7 h on the 5th.
//! let due = cal.add(reported, 8 * 3600)?;
//! assert_eq!(cal.zoned(due).to_rfc3339(), "2025-02-05T16:00:00+08:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Example: judge an incident, and see why
//! ```
//! use sla_engine::contract::{IncidentClass, Priority, StopEvent};
//! use sla_engine::evaluate::{Evaluator, Options};
//! use sla_engine::event::{Event, IncidentEvent};
//! use sla_engine::report::Outcome;
//!
//! let judge = Evaluator::seed()?;
//! let mut log = judge.new_log("example");
//! log.push(Event::incident("2025-01-27T17:00:00+08:00".parse()?, "INC-1", IncidentEvent::Reported {
//!     class: IncidentClass::Fault, priority: Some(Priority::High), component: None, site: None }))?;
//! log.push(Event::incident("2025-02-05T16:00:00+08:00".parse()?, "INC-1",
//!     IncidentEvent::Stop(StopEvent::Resolved)))?;
//! let report = judge.report(&log, Options::default());
//! let resolution = report.incidents[0].verdicts.iter().find(|v| &*v.target == "resolution-high").ok_or("missing")?;
//! assert_eq!(resolution.outcome, Outcome::Met); // exactly 8 business hours: met (Q10)
//! let facts: Vec<String> = resolution.calendar_facts.iter().map(ToString::to_string).collect();
//! assert!(facts.contains(&"2025-01-28 (Tue) is a statutory day off (Spring Festival)".to_owned()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Crate features
//!
//! | feature | adds | for |
//! |---|---|---|
//! | *(none)* | calendar, interval core, contract model, events and the incremental log, evaluation, countdowns, reports, penalties, Markdown, the dispute view | a service embedding the engine (no file formats compiled in) |
//! | `formats` | contract and calendar TOML (with `Includes` for untrusted files), event JSON Lines and CSV readers with SHA-256 digests, report JSON, statement CSV, the HTML report | tools that read files |
//! | `ics` | calendars from and to iCalendar files (recurrence rules included) | calendars kept in Outlook or Google Calendar |
//! | `parallel` | incidents judged on every core (rayon), the same report byte for byte | large logs, batch reports |
//! | `cli` | the `sla` command-line tool (with `parallel`) | auditors and finance at a terminal |
//!
//! # Recipes
//!
//! **A live board.** Hold an [`evaluate::Evaluator`] (it shares its contract and calendar through
//! `Arc`: `Clone + Send + Sync`, storable in a web server's state) and an [`event::EventLog`]; push
//! events as tickets change, and ask for the running clocks. An overdue clock stays on the board,
//! with negative time left, until it stops.
//! ```
//! use sla_engine::contract::{IncidentClass, Priority};
//! use sla_engine::evaluate::Evaluator;
//! use sla_engine::event::{Event, IncidentEvent};
//!
//! struct Board { judge: Evaluator, log: sla_engine::event::EventLog }
//! let judge = Evaluator::seed()?;
//! let mut board = Board { log: judge.new_log("tickets"), judge };
//! board.log.push(Event::incident("2025-03-04T10:00:00+08:00".parse()?, "INC-1", IncidentEvent::Reported {
//!     class: IncidentClass::Outage, priority: Some(Priority::High), component: None, site: None }))?;
//! let clocks = board.judge.countdowns(&board.log, "2025-03-04T10:16:00+08:00".parse()?);
//! let urgent = clocks.iter().find(|c| &*c.target == "response-urgent").ok_or("on the board")?;
//! assert!(urgent.overdue);
//! assert_eq!(urgent.left_seconds, -60); // 15 minutes, one minute ago
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **An auditor re-checking a disputed incident.** [`audit::Audit::of`] evaluates a log and
//! computes the statement; every verdict carries its evidence (clock, start, pauses, stop,
//! deadline, used, margin, readings, calendar facts) and the report names its inputs
//! ([`report::Provenance`]: the contract's digest, the event files' digests, the settings, the
//! evaluation instant). [`dispute::diff`] puts two readings side by side; `sla verify` re-derives
//! a JSON report from the files it names.
//!
//! **Finance.** [`penalty::statement`] turns a report into lines of exact decimals that add up to
//! the total: each charge is `fixed + rate × quantity`, each cap, cancellation and rounding names
//! the line it adjusts. With `formats`, `Statement::to_csv` writes them for a spreadsheet or
//! `pandas.read_csv(..., comment="#")`.
//! ```
//! use sla_engine::audit::Audit;
//! use sla_engine::evaluate::{Evaluator, Options};
//! let judge = Evaluator::seed()?;
//! let log = judge.new_log("empty");
//! let audit = Audit::of(&judge, &log, Options { as_of: Some("2025-12-31T23:59:59+08:00".parse()?), ..Options::default() });
//! let statement = audit.penalties.as_ref().ok_or("the seed has a schedule")?;
//! let sum: rust_decimal::Decimal = statement.lines.iter().map(|l| l.amount).sum();
//! assert_eq!(sum, statement.total);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

#[doc = include_str!("../DESIGN.md")]
pub mod design {}

pub mod audit;
pub mod calendar;
pub mod contract;
#[cfg(feature = "formats")]
mod digest;
pub mod dispute;
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
pub mod render;
pub mod report;
mod time;

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
pub use time::{Timestamp, TimestampError, Window, WindowError, parse_zoned};
