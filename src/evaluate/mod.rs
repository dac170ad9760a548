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
mod recurring;

use std::sync::Arc;

use chrono::Datelike;

use crate::Calendar;
use crate::contract::Contract;
use crate::event::{EventLog, IncidentLog};
use crate::report::{
    AvailabilityVerdict, IncidentReport, NoticeVerdict, Report, SCHEMA_VERSION, Tally,
};

/// The most years one evaluation reports availability for.
pub const MAX_YEARS: i32 = 100;

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
    /// Any window `[from, to)` (Unix seconds) to report availability over as well, for
    /// information.
    pub window: Option<(i64, i64)>,
}

/// What every part of the evaluation needs.
pub(crate) struct Context<'a> {
    pub contract: &'a Contract,
    pub calendar: &'a Calendar,
    /// The wall clock in the calendar's zone.
    pub wall: &'a Calendar,
    pub as_of: i64,
    /// Each target's id and clause, shared by all its verdicts.
    pub names: &'a [(Arc<str>, Arc<str>)],
}

/// A contract and its calendar, ready to judge: for a service that asks again and again (a
/// dashboard's live countdowns), build it once and query it from any thread.
///
/// ```
/// use sla_engine::contract::Contract;
/// use sla_engine::evaluate::Evaluator;
/// use sla_engine::event::{Event, EventBody, EventLog, IncidentEvent};
/// use sla_engine::contract::{IncidentClass, Priority};
/// use sla_engine::parse_timestamp;
/// let contract = Contract::seed();
/// let calendar = contract.preset_calendar()?;
/// let judge = Evaluator::new(&contract, &calendar);
/// let reported = parse_timestamp("2025-03-04T10:15:00+08:00")?;
/// let log = EventLog::build("live", calendar.zone(), vec![Event { at: reported, line: 1,
///     body: EventBody::Incident { id: "INC-7".into(), what: IncidentEvent::Reported {
///         class: IncidentClass::Outage, priority: Some(Priority::High), component: None, site: None } } }], vec![]);
/// let now = parse_timestamp("2025-03-04T10:20:00+08:00")?;
/// let due = judge.countdowns(&log, now);
/// assert_eq!(&*due[0].target, "response-urgent");
/// assert_eq!(due[0].left_seconds, 10 * 60); // 15 minutes to respond, 5 gone
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Evaluator<'a> {
    contract: &'a Contract,
    calendar: &'a Calendar,
    wall: Calendar,
    names: Vec<(Arc<str>, Arc<str>)>,
}

/// A clock still running for an open incident, as of an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Countdown {
    /// The incident.
    pub incident: Arc<str>,
    /// The target.
    pub target: Arc<str>,
    /// When the clock runs out (Unix seconds); `None` while paused, waiting on the customer.
    pub deadline: Option<i64>,
    /// Clock seconds left.
    pub left_seconds: i64,
    /// The clock it runs on.
    pub clock: crate::contract::ClockKind,
}

impl<'a> Evaluator<'a> {
    /// Prepares `contract` on `calendar` (the contract's calendar).
    pub fn new(contract: &'a Contract, calendar: &'a Calendar) -> Evaluator<'a> {
        Evaluator {
            contract,
            calendar,
            wall: Calendar::wall_clock(calendar.zone()),
            names: contract
                .targets
                .iter()
                .map(|t| (Arc::from(t.id.as_str()), Arc::from(t.clause.as_str())))
                .collect(),
        }
    }

    pub(crate) fn context(&self, as_of: i64) -> Context<'_> {
        Context {
            contract: self.contract,
            calendar: self.calendar,
            wall: &self.wall,
            as_of,
            names: &self.names,
        }
    }

    /// Every verdict on one incident as of `as_of`, with its evidence.
    pub fn incident(&self, incident: &IncidentLog, as_of: i64) -> IncidentReport {
        incident::evaluate(&self.context(as_of), incident)
    }

    /// The clocks still running at `now`, soonest deadline first (paused ones last): what a
    /// dashboard shows. Incidents resolved (and not reopened) by `now` are skipped without being
    /// judged when every target that applies to them stops at a resolution, so the cost follows
    /// the number of open incidents.
    pub fn countdowns(&self, log: &EventLog, now: i64) -> Vec<Countdown> {
        let ctx = self.context(now);
        let all_stop_at_resolution = self
            .contract
            .targets
            .iter()
            .all(|t| t.stops_on.contains(&crate::contract::StopEvent::Resolved));
        let closed = |i: &IncidentLog| {
            let resolved = i
                .stops
                .iter()
                .rev()
                .find(|(t, s)| *t <= now && *s == crate::contract::StopEvent::Resolved)
                .map(|&(t, _)| t);
            let reopened = i.reopens.iter().rev().find(|t| **t <= now).copied();
            all_stop_at_resolution && resolved.is_some_and(|r| reopened.is_none_or(|o| o < r))
        };
        let mut out: Vec<Countdown> = log
            .incidents
            .iter()
            .filter(|i| i.reported_at <= now && !closed(i))
            .flat_map(|i| {
                incident::evaluate(&ctx, i)
                    .verdicts
                    .into_iter()
                    .filter(|v| v.outcome == crate::report::Outcome::Pending)
                    .map(move |v| Countdown {
                        incident: i.id.clone(),
                        target: v.target,
                        deadline: v.deadline.map(|d| d.timestamp()),
                        left_seconds: v.margin_seconds,
                        clock: v.clock,
                    })
            })
            .collect();
        out.sort_by(|a, b| {
            (a.deadline.is_none(), a.deadline, &a.incident, &a.target).cmp(&(
                b.deadline.is_none(),
                b.deadline,
                &b.incident,
                &b.target,
            ))
        });
        out
    }

    /// Availability as of `now` only (the year so far: downtime, budget used and left), without
    /// judging incidents: what a dashboard's availability panel needs.
    ///
    /// # Errors
    /// A message if availability cannot be evaluated (e.g. a year without calendar data under Q7
    /// `service_hours`).
    ///
    /// ```
    /// use sla_engine::contract::Contract;
    /// use sla_engine::evaluate::Evaluator;
    /// use sla_engine::event::{Event, EventBody, EventLog};
    /// use sla_engine::parse_timestamp;
    /// let contract = Contract::seed();
    /// let calendar = contract.preset_calendar()?;
    /// let outage = Event { at: 0, line: 1, body: EventBody::Outage { id: None,
    ///     component: "back-office".into(), from: parse_timestamp("2025-03-01T10:00:00+08:00")?,
    ///     to: parse_timestamp("2025-03-01T13:00:00+08:00")?, cause: None } };
    /// let log = EventLog::build("live", calendar.zone(), vec![outage], vec![]);
    /// let now = parse_timestamp("2025-06-30T12:00:00+08:00")?;
    /// let year = Evaluator::new(&contract, &calendar).availability(&log, now)?;
    /// let platform = year.iter().find(|a| a.judged).ok_or("no verdict")?;
    /// assert_eq!((platform.label.as_str(), platform.downtime_seconds), ("2025", 3 * 3600));
    /// assert_eq!(platform.budget_left_seconds, 157_680 - 3 * 3600); // 43 h 48 min less 3 h
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn availability(
        &self,
        log: &EventLog,
        now: i64,
    ) -> Result<Vec<AvailabilityVerdict>, String> {
        let options = Options {
            as_of: Some(now),
            ..Options::default()
        };
        match notices_and_availability(&self.context(now), log, options) {
            (_, a, None) => Ok(a),
            (_, _, Some(problem)) => Err(problem),
        }
    }

    /// The whole report; see [`evaluate`].
    pub fn report(&self, log: &EventLog, options: Options) -> Report {
        full_report(self, log, options)
    }
}

impl Context<'_> {
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
    Evaluator::new(contract, calendar).report(log, options)
}

type Availability = (Vec<NoticeVerdict>, Vec<AvailabilityVerdict>, Option<String>);

/// Notice verdicts (they decide which maintenance is excused) and availability verdicts.
fn notices_and_availability(ctx: &Context<'_>, log: &EventLog, options: Options) -> Availability {
    let as_of = ctx.as_of;
    let notices: Vec<_> = log
        .changes
        .iter()
        .filter_map(|c| notice::evaluate(ctx, c))
        .collect();
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
        let year = |t: i64| ctx.calendar.local_date_unix(t).map_or(1970, |d| d.year());
        // At most the ten years up to the evaluation instant: an outage record from year 1
        // must not make the report list ten thousand years.
        let last = year(as_of);
        (year(first).max(last - 9), last)
    });
    let valid = 1 <= years.0 && years.0 <= years.1 && years.1 <= 9998;
    if valid && years.1 - years.0 >= MAX_YEARS {
        return (
            notices,
            Vec::new(),
            Some(format!(
                "availability over {}-{} is more than {MAX_YEARS} years: ask for fewer",
                years.0, years.1
            )),
        );
    }
    match availability::evaluate(ctx, &log.outages, &notices, &windows, years, options.window) {
        Ok(a) => (notices, a, None),
        Err(message) => (notices, Vec::new(), Some(message)),
    }
}

fn full_report(ev: &Evaluator<'_>, log: &EventLog, options: Options) -> Report {
    let (contract, calendar) = (ev.contract, ev.calendar);
    let (lo, hi) = crate::calendar::REPRESENTABLE;
    let as_of = options.as_of.or(log.last_at).unwrap_or(0).clamp(lo, hi);
    let ctx = ev.context(as_of);
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
    let (notices, availability, availability_problem) =
        notices_and_availability(&ctx, log, options);
    let mut notice_tally = Tally::default();
    for n in &notices {
        notice_tally.add(n.outcome);
    }
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
        recurring: contract
            .recurring
            .iter()
            .map(|rule| recurring::evaluate(&ctx, log, rule))
            .collect(),
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
