//! Helpers shared by the fuzz targets: cached calendars, the line model of the event parsers, and
//! the invariants every report must keep.
#![allow(dead_code)]

use std::sync::OnceLock;

use sla_engine::contract::{Contract, MissingYear};
use sla_engine::evaluate::{Evaluator, Options};
use sla_engine::event::EventLog;
use sla_engine::report::{Outcome, Report};
use sla_engine::{Calendar, CalendarError, Timestamp};

/// The calendar on integer seconds, as the targets draw instants (one outside the representable
/// dates is the calendar's own `OutOfRange`).
pub trait Seconds {
    fn between_unix(&self, a: i64, b: i64) -> Result<i64, CalendarError>;
    fn add_unix(&self, t: i64, d: i64) -> Result<i64, CalendarError>;
    fn is_open_unix(&self, t: i64) -> Result<bool, CalendarError>;
    fn next_open_unix(&self, t: i64) -> Result<i64, CalendarError>;
    fn next_close_unix(&self, t: i64) -> Result<i64, CalendarError>;
    fn start_of_day_unix(&self, d: chrono::NaiveDate) -> Result<i64, CalendarError>;
}

pub fn ts(t: i64) -> Result<Timestamp, CalendarError> {
    Timestamp::from_second(t).map_err(|_| CalendarError::OutOfRange { seconds: t })
}

impl Seconds for Calendar {
    fn between_unix(&self, a: i64, b: i64) -> Result<i64, CalendarError> {
        self.between(ts(a)?, ts(b)?)
    }
    fn add_unix(&self, t: i64, d: i64) -> Result<i64, CalendarError> {
        Ok(self.add(ts(t)?, d)?.as_second())
    }
    fn is_open_unix(&self, t: i64) -> Result<bool, CalendarError> {
        self.is_open(ts(t)?)
    }
    fn next_open_unix(&self, t: i64) -> Result<i64, CalendarError> {
        Ok(self.next_open(ts(t)?)?.as_second())
    }
    fn next_close_unix(&self, t: i64) -> Result<i64, CalendarError> {
        Ok(self.next_close(ts(t)?)?.as_second())
    }
    fn start_of_day_unix(&self, d: chrono::NaiveDate) -> Result<i64, CalendarError> {
        Ok(self.start_of_day(d)?.as_second())
    }
}

/// The seed contract's calendar (cn-standard, 2004-2026), built once.
pub fn cn_standard() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Calendar::cn_standard().expect("cn-standard builds"))
}

/// cn-standard with plain weeks for uncovered years 2000-2099 (Q11 `plain_weeks`), built once.
pub fn cn_plain() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| {
        let mut c = Contract::seed();
        c.settings.missing_year = MissingYear::PlainWeeks;
        c.preset_calendar().expect("plain-weeks cn-standard builds")
    })
}

/// The 24x7 wall clock in Asia/Shanghai.
pub fn wall() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Calendar::wall_clock(chrono_tz::Asia::Shanghai))
}

/// The calendar a contract names, from the cache (a calendar file path falls back to cn-standard:
/// the fuzz targets never read files).
pub fn calendar_for(contract: &Contract) -> &'static Calendar {
    match (contract.calendar.as_str(), contract.settings.missing_year) {
        ("24x7", _) => wall(),
        (_, MissingYear::PlainWeeks) => cn_plain(),
        (_, MissingYear::Error) => cn_standard(),
    }
}

/// The 1-based numbers of the lines of `bytes` (after a leading byte-order mark) that hold
/// anything but ASCII whitespace: the lines a JSON Lines reader must account for.
pub fn nonblank_lines(bytes: &[u8]) -> Vec<usize> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    body.split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, l)| l.iter().any(|b| !b.is_ascii_whitespace()))
        .map(|(i, _)| i + 1)
        .collect()
}

/// An error message states its constraint plainly: not empty, no trailing period, and no control
/// character (an input's escape sequence is shown escaped).
pub fn check_message(m: &str) {
    assert!(!m.trim().is_empty(), "empty error message");
    assert!(!m.ends_with('.'), "error message ends with a period: {m:?}");
}

/// A settings-file message quotes input only escaped: no control character reaches the reader.
pub fn check_clean(m: &str) {
    assert!(
        !m.chars().any(char::is_control),
        "control character in an error message: {m:?}"
    );
}

/// Evaluates `log` under `contract` and checks what every report must keep.
pub fn evaluate_checked(
    contract: &Contract,
    calendar: &Calendar,
    log: &EventLog,
    options: Options,
) -> Report {
    let judge = Evaluator::new(contract.clone(), calendar.clone());
    let report = judge.report(log, options);
    assert_eq!(report.events_accepted, log.accepted());
    assert_eq!(
        report.incidents.len() + report.not_applied.incidents,
        log.incidents().len(),
        "every incident is judged or counted as after the evaluation instant"
    );
    assert!(
        report.not_applied.events() as u64 <= report.events_accepted,
        "only accepted events go unapplied: {:?}",
        report.not_applied
    );
    let listed: Vec<_> = log.rejections().listed().cloned().collect();
    assert_eq!(report.rejected.lines, listed, "no rejected line is dropped");
    let unlisted: u64 = report.rejected.not_listed.values().sum();
    assert_eq!(
        report.rejected.total,
        listed.len() as u64 + unlisted,
        "every rejected line is listed or counted"
    );
    for inc in &report.incidents {
        for v in &inc.verdicts {
            match v.outcome {
                Outcome::Breached => {
                    assert!(
                        v.late_wall_seconds.is_some_and(|l| l >= 0),
                        "a breach says how late: {v:?}"
                    );
                    if let (Some(stop), Some(due)) = (v.stopped_at, v.deadline) {
                        assert!(stop >= due, "a breach stopped before its deadline: {v:?}");
                    }
                }
                Outcome::Met => {
                    let (Some(stop), Some(due)) = (v.stopped_at, v.deadline) else {
                        panic!("a met target has a stop and a deadline: {v:?}");
                    };
                    // A duration target is met when its clock used no more than its limit: a stop
                    // after a deadline at a closing time, in the closed time that follows, is in
                    // time (DESIGN.md, "What a verdict compares").
                    assert!(
                        stop <= due || v.used_seconds <= v.limit_seconds,
                        "met after the deadline with more than the limit used: {v:?}"
                    );
                }
                _ => {}
            }
        }
    }
    let audit = sla_engine::audit::Audit::new(report, contract);
    if let Some(s) = &audit.penalties {
        let sum: rust_decimal::Decimal = s.lines.iter().map(|l| l.amount).sum();
        assert_eq!(sum, s.total, "statement lines add up to the total");
    }
    // Every output form of the report is total.
    let _ = sla_engine::render::to_markdown(&audit);
    let _ = serde_json::to_string(&audit).expect("a report serializes");
    audit.report
}
