//! Evaluation: the contract applied to an event log, as of an instant, into a [`Report`].
//!
//! ```
//! use sla_engine::contract::Contract;
//! use sla_engine::event::{Event, EventBody, EventLog, IncidentEvent};
//! use sla_engine::contract::{IncidentClass, Priority, StopEvent};
//! use sla_engine::evaluate::{evaluate, Options};
//! use sla_engine::report::Outcome;
//! use sla_engine::parse_timestamp;
//!
//! let contract = Contract::seed();
//! let calendar = contract.preset_calendar()?;
//! let at = |s: &str| parse_timestamp(s);
//! let inc = |at: i64, what| Event { at, line: 0, body: EventBody::Incident { id: "INC-1".into(), what } };
//! let events = vec![
//!     // Saturday night: outside service hours, so clause 4.2 gives an hour to respond.
//!     inc(at("2025-03-08T22:10:00+08:00")?, IncidentEvent::Reported {
//!         class: IncidentClass::Outage, priority: Some(Priority::High), component: None, site: None }),
//!     inc(at("2025-03-08T22:55:00+08:00")?, IncidentEvent::Stop(StopEvent::Responded)),
//! ];
//! let log = EventLog::build("example", calendar.zone(), events, Vec::new());
//! let report = evaluate(&contract, &calendar, &log, Options::default());
//! let response = &report.incidents[0].verdicts[0];
//! assert_eq!(&*response.target, "response-urgent");
//! assert_eq!(response.outcome, Outcome::Met);
//! assert_eq!(response.limit.to_string(), "1h");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod availability;
mod clock;
mod incident;
mod notice;

use std::sync::Arc;

use chrono::Datelike;

use crate::Calendar;
use crate::contract::Contract;
use crate::event::EventLog;
use crate::report::{Report, SCHEMA_VERSION, Tally};

/// The most years of availability periods a report covers when [`Options::years`] does not say
/// which: one accepted event dated 7853 must not turn a report into six thousand years of periods.
/// Past it, the report names the span as its availability problem.
pub const MAX_DEFAULT_YEARS: i32 = 100;

/// How to evaluate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The instant the evaluation is as of (Unix seconds): events after it are not applied, and
    /// clocks still running are judged at it. Default: the latest instant in the log, so that
    /// the same log always gives the same report.
    pub as_of: Option<i64>,
    /// The years to report availability for. Default: every year from the first event to the
    /// evaluation instant.
    pub years: Option<(i32, i32)>,
}

/// What every part of the evaluation needs.
pub(crate) struct Context<'a> {
    pub contract: &'a Contract,
    pub calendar: &'a Calendar,
    /// The wall clock in the calendar's zone.
    pub wall: Calendar,
    pub as_of: i64,
    /// Each target's id and clause, shared by all its verdicts.
    pub names: Vec<(Arc<str>, Arc<str>)>,
}

impl<'a> Context<'a> {
    /// The context for evaluating under `contract` on `calendar` as of `as_of`.
    pub fn new(contract: &'a Contract, calendar: &'a Calendar, as_of: i64) -> Context<'a> {
        Context {
            contract,
            calendar,
            wall: Calendar::wall_clock(calendar.zone()),
            as_of,
            names: contract
                .targets
                .iter()
                .map(|t| (Arc::from(t.id.as_str()), Arc::from(t.clause.as_str())))
                .collect(),
        }
    }

    /// An instant as reports write it.
    pub fn instant(&self, t: i64) -> crate::report::Instant {
        let zone = self.calendar.zone();
        chrono::DateTime::from_timestamp(t, 0)
            .unwrap_or_default()
            .with_timezone(&zone)
            .fixed_offset()
    }

    /// An instant for a sentence.
    pub fn show(&self, t: i64) -> String {
        self.instant(t).to_rfc3339()
    }
}

/// Evaluates `log` under `contract` on `calendar` (the contract's calendar, built by
/// [`Contract::preset_calendar`] or `Contract::calendar_from`).
///
/// The report is a pure function of its inputs: the same contract, calendar and events give the
/// same report, whatever the order the events came in.
pub fn evaluate(
    contract: &Contract,
    calendar: &Calendar,
    log: &EventLog,
    options: Options,
) -> Report {
    let as_of = options.as_of.or(log.last_at).unwrap_or(0);
    let ctx = Context::new(contract, calendar, as_of);
    let mut incidents_after = 0;
    let mut incidents = Vec::with_capacity(log.incidents.len());
    let mut target_tally = Tally::default();
    for inc in &log.incidents {
        if inc.reported_at > as_of {
            incidents_after += 1;
            continue;
        }
        let r = incident::evaluate(&ctx, inc);
        for v in &r.verdicts {
            target_tally.add(v.outcome);
        }
        incidents.push(r);
    }
    let notices: Vec<_> = log
        .changes
        .iter()
        .filter_map(|c| notice::evaluate(&ctx, c))
        .collect();
    let mut notice_tally = Tally::default();
    for n in &notices {
        notice_tally.add(n.outcome);
    }
    let windows: Vec<_> = log
        .changes
        .iter()
        .filter_map(|c| {
            c.performed
                .filter(|(from, _)| *from <= as_of)
                .map(|(from, to)| (c.id.clone(), c.component.clone(), from, to))
        })
        .collect();
    let years = options.years.unwrap_or_else(|| {
        let first = log
            .incidents
            .iter()
            .map(|i| i.reported_at)
            .chain(log.outages.iter().map(|o| o.from))
            .chain(windows.iter().map(|w| w.2))
            .min()
            .unwrap_or(as_of)
            .min(as_of);
        let year = |t: i64| calendar.local_date_unix(t).map_or(1970, |d| d.year());
        (year(first), year(as_of))
    });
    let too_long = options.years.is_none()
        && i64::from(years.1) - i64::from(years.0) >= i64::from(MAX_DEFAULT_YEARS);
    let (availability, availability_problem) = if too_long {
        let message = format!(
            "the events span the years {}-{}, over {MAX_DEFAULT_YEARS} years: give the years to report",
            years.0, years.1
        );
        (Vec::new(), Some(message))
    } else {
        match availability::evaluate(&ctx, &log.outages, &notices, &windows, years) {
            Ok(a) => (a, None),
            Err(message) => (Vec::new(), Some(message)),
        }
    };
    let mut report = Report {
        schema: SCHEMA_VERSION,
        contract: contract.name.clone(),
        calendar: calendar.name().to_owned(),
        zone: calendar.zone().name().to_owned(),
        settings: contract.settings,
        as_of: ctx.instant(as_of),
        events_accepted: log.accepted,
        incidents_after_as_of: incidents_after,
        target_tally,
        notice_tally,
        incidents,
        notices,
        availability,
        availability_problem,
        rejected: log.rejected.clone(),
        penalties: None,
    };
    if let Some(schedule) = &contract.penalties {
        report.penalties = Some(crate::penalty::statement(
            &report,
            schedule,
            contract.availability.period,
        ));
    }
    report
}
