//! Evaluation: the contract applied to an event log, as of an instant, into a [`Report`].
//!
//! ```
//! use sla_engine::contract::{Contract, IncidentClass, Priority, StopEvent};
//! use sla_engine::evaluate::{Evaluator, Options};
//! use sla_engine::event::{Event, IncidentEvent};
//! use sla_engine::report::Outcome;
//!
//! let judge = Evaluator::seed()?;
//! let mut log = judge.new_log("example");
//! // Saturday night: outside service hours, so clause 4.2 gives an hour to respond.
//! log.push(Event::incident("2025-03-08T22:10:00+08:00".parse()?, "INC-1", IncidentEvent::Reported {
//!     class: IncidentClass::Outage, priority: Some(Priority::High), component: None, site: None }))?;
//! log.push(Event::incident("2025-03-08T22:55:00+08:00".parse()?, "INC-1",
//!     IncidentEvent::Stop(StopEvent::Responded)))?;
//! let report = judge.report(&log, Options::default());
//! let response = &report.incidents[0].verdicts[0];
//! assert_eq!(&*response.target, "response-urgent");
//! assert_eq!(response.outcome, Outcome::Met);
//! assert_eq!(response.limit.to_string(), "1h");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod availability;
mod clock;
mod countdown;
mod incident;
mod inputs;
mod notice;
mod recurring;

use std::borrow::Cow;
use std::ops::ControlFlow;
use std::sync::Arc;

use thiserror::Error;

use crate::contract::{Contract, ContractError, Names};
use crate::event::{EventLog, IncidentLog, Step, Stored};
use crate::report::{
    AvailabilityVerdict, IncidentReport, NoticeVerdict, Report, SCHEMA_VERSION, Tally,
};
use crate::{Calendar, CalendarError, IntervalError, Timestamp, Window};

pub use countdown::{Countdown, DEFAULT_AT_RISK_PERCENT};
pub use inputs::{DEFAULT_OUTLIER_SECONDS, InputError};

/// The most years one evaluation reports availability for.
pub const MAX_YEARS: i32 = 100;

/// Why availability could not be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EvaluationError {
    /// The calendar cannot answer (e.g. a year without data under Q7 `service_hours`).
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// The interval core refused a set (an interval out of its range).
    #[error(transparent)]
    Interval(#[from] IntervalError),
    /// More years asked for than [`MAX_YEARS`].
    #[error("availability over {first}-{last} is more than {MAX_YEARS} years: ask for fewer")]
    TooManyYears {
        /// First year.
        first: i32,
        /// Last year.
        last: i32,
    },
}

/// How to evaluate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// The instant the evaluation is as of: events after it are not applied, and clocks still
    /// running are judged at it. Default: the latest instant in the log, so that the same log
    /// always gives the same report.
    pub as_of: Option<Timestamp>,
    /// The years to report availability for. Default: every year from the first event to the
    /// evaluation instant (at most ten).
    pub years: Option<(i32, i32)>,
    /// Any window to report availability over as well, for information.
    pub window: Option<Window>,
    /// How far after the rest of the log an event is a far-off outlier that does not set the
    /// default evaluation instant and is warned about. Default:
    /// [`DEFAULT_OUTLIER_SECONDS`] (a year).
    pub outlier_seconds: Option<i64>,
    /// The current time, if the caller wants events far after it warned about as outliers too
    /// (the CLI passes it; the report stays a pure function of its inputs).
    pub now: Option<Timestamp>,
}

/// A contract and its calendar, ready to judge: build it once, keep it in a service's shared
/// state, and ask it from any thread (`Clone` is cheap: the contract and calendar are shared).
///
/// ```
/// use sla_engine::contract::{IncidentClass, Priority};
/// use sla_engine::evaluate::Evaluator;
/// use sla_engine::event::{Event, IncidentEvent};
/// let judge = Evaluator::seed()?;
/// let mut log = judge.new_log("live");
/// log.push(Event::incident("2025-03-04T10:15:00+08:00".parse()?, "INC-7", IncidentEvent::Reported {
///     class: IncidentClass::Outage, priority: Some(Priority::High), component: None, site: None }))?;
/// let due = judge.countdowns(&log, "2025-03-04T10:20:00+08:00".parse()?);
/// assert_eq!(&*due[0].target, "response-urgent");
/// assert_eq!(due[0].left_seconds, 10 * 60); // 15 minutes to respond, 5 gone
/// // Overdue clocks stay on the board with negative time left until they stop.
/// let late = judge.countdowns(&log, "2025-03-04T10:40:00+08:00".parse()?);
/// assert_eq!((late[0].left_seconds, late[0].overdue), (-10 * 60, true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Evaluator {
    inner: Arc<Inner>,
}

#[derive(Debug, Clone)]
struct Inner {
    contract: Arc<Contract>,
    calendar: Arc<Calendar>,
    /// The wall clock in the calendar's zone.
    wall: Calendar,
    /// Each target's id and clause, shared by all its verdicts.
    names: Vec<(Arc<str>, Arc<str>)>,
    /// The out-of-hours rule's clause, shared by the reasons that cite it.
    out_of_hours_clause: Arc<str>,
    at_risk_percent: u32,
}

/// How much of a verdict to work out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Evidence {
    /// Everything a report shows: reasoning, pauses, calendar facts, superseded targets.
    Full,
    /// Every verdict of every incident with its outcome, clock, deadline, pauses and instants,
    /// but no sentences or calendar facts: what the tallies and the statement read
    /// (`tests/streaming.rs` holds it to the full report).
    #[cfg_attr(not(feature = "formats"), allow(dead_code))]
    // the statement's writer needs `formats`
    Outcome,
    /// Only what a countdown reads (target, clock, limit, deadline, margin, outcome, stop) of
    /// the targets that can still be running: a live board refreshes thousands of incidents, and
    /// the sentences of the evidence cost far more than the clock arithmetic.
    Countdown,
}

/// What every part of the evaluation needs: the evaluator and the instant.
pub(crate) struct Context<'a> {
    inner: &'a Inner,
    pub as_of: Timestamp,
    pub evidence: Evidence,
}

impl Context<'_> {
    /// Whether the evidence of verdicts is wanted (a report), not only their clocks.
    pub(crate) fn full(&self) -> bool {
        self.evidence == Evidence::Full
    }

    /// Whether every verdict is wanted with its outcome (a report, with or without its
    /// evidence), not only the clocks still running.
    pub(crate) fn complete(&self) -> bool {
        self.evidence != Evidence::Countdown
    }

    pub(crate) fn contract(&self) -> &Contract {
        &self.inner.contract
    }

    pub(crate) fn calendar(&self) -> &Calendar {
        &self.inner.calendar
    }

    pub(crate) fn wall(&self) -> &Calendar {
        &self.inner.wall
    }

    pub(crate) fn names(&self) -> &[(Arc<str>, Arc<str>)] {
        &self.inner.names
    }

    /// The clause of the contract's out-of-hours rule (empty if it has none).
    pub(crate) fn out_of_hours_clause(&self) -> Arc<str> {
        self.inner.out_of_hours_clause.clone()
    }

    /// An instant as reports write it. A countdown reads only the instant, not how it is
    /// written, so it gets it in UTC: looking up the zone's offset costs more than the clock.
    pub(crate) fn instant(&self, t: Timestamp) -> crate::report::Instant {
        match self.evidence {
            // A statement reads instants of an outcome (the month a breach falls in, when a
            // priority changed), so they are written as a report writes them.
            Evidence::Full | Evidence::Outcome => self.inner.calendar.zoned(t),
            Evidence::Countdown => t.to_utc().fixed_offset(),
        }
    }

    /// A span as reports write it.
    pub(crate) fn span(&self, from: Timestamp, to: Timestamp) -> crate::report::Span {
        crate::report::Span {
            from: self.instant(from),
            to: self.instant(to),
        }
    }

    /// An instant for a sentence.
    pub(crate) fn show(&self, t: Timestamp) -> String {
        self.instant(t).to_rfc3339()
    }
}

impl Evaluator {
    /// Prepares `contract` on `calendar` (the contract's calendar).
    pub fn new(
        contract: impl Into<Arc<Contract>>,
        calendar: impl Into<Arc<Calendar>>,
    ) -> Evaluator {
        let contract = contract.into();
        let calendar: Arc<Calendar> = calendar.into();
        let names = contract
            .targets
            .iter()
            .map(|t| (Arc::from(t.id.as_str()), Arc::from(t.clause.as_str())))
            .collect();
        let out_of_hours_clause = contract
            .out_of_hours
            .as_ref()
            .map_or_else(|| Arc::from(""), |rule| Arc::from(rule.clause.as_str()));
        Evaluator {
            inner: Arc::new(Inner {
                wall: Calendar::wall_clock(calendar.zone()),
                contract,
                calendar,
                names,
                out_of_hours_clause,
                at_risk_percent: DEFAULT_AT_RISK_PERCENT,
            }),
        }
    }

    /// The seed contract on its preset calendar.
    ///
    /// # Errors
    /// None in practice (the preset calendar is shipped).
    pub fn seed() -> Result<Evaluator, ContractError> {
        let contract = Contract::seed();
        let calendar = contract.preset_calendar()?;
        Ok(Evaluator::new(contract, calendar))
    }

    /// The same evaluator, flagging a running clock as at risk when less than `percent` % of
    /// its limit is left (default [`DEFAULT_AT_RISK_PERCENT`]).
    pub fn with_at_risk_percent(mut self, percent: u32) -> Evaluator {
        Arc::make_mut(&mut self.inner).at_risk_percent = percent;
        self
    }

    /// The contract.
    pub fn contract(&self) -> &Contract {
        &self.inner.contract
    }

    /// The contract's calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.inner.calendar
    }

    /// An empty event log for this contract: instants in its calendar's zone, and only the
    /// component and site names the contract knows accepted (a misspelt name is an error on its
    /// line, not an outage that silently counts nowhere).
    pub fn new_log(&self, name: impl Into<Arc<str>>) -> EventLog {
        EventLog::new(name, self.inner.calendar.zone()).with_names(self.names())
    }

    /// The names the contract knows; see [`Evaluator::new_log`].
    pub fn names(&self) -> Names {
        self.inner.contract.names()
    }

    pub(crate) fn context(&self, as_of: Timestamp) -> Context<'_> {
        Context {
            inner: &self.inner,
            as_of,
            evidence: Evidence::Full,
        }
    }

    /// The context for countdowns only; see [`Evidence::Countdown`].
    fn countdown_context(&self, now: Timestamp) -> Context<'_> {
        Context {
            evidence: Evidence::Countdown,
            ..self.context(now)
        }
    }

    /// Every verdict on one incident as of `as_of`, with its evidence.
    pub fn incident(&self, incident: &IncidentLog, as_of: Timestamp) -> IncidentReport {
        incident::evaluate(&self.context(as_of), incident)
    }

    /// The clocks of one incident still running at `now` (overdue ones included).
    pub fn incident_countdowns(&self, incident: &IncidentLog, now: Timestamp) -> Vec<Countdown> {
        countdown::of_incident(
            &self.countdown_context(now),
            self.inner.at_risk_percent,
            incident,
        )
    }

    /// Every clock still running at `now`, overdue ones first and then by deadline (paused ones
    /// last): what a live board shows. An overdue clock stays, with negative time left, until
    /// it stops.
    pub fn countdowns(&self, log: &EventLog, now: Timestamp) -> Vec<Countdown> {
        // An incident reported after `now` has no clock running (`of_incident` says so).
        let running = |i: Cow<'_, IncidentLog>| self.incident_countdowns(&i, now);
        // When a resolution stops every clock, incidents resolved by now have none running:
        // those packed are passed over unread, so a board's cost follows its open incidents.
        let mut out: Vec<Countdown> =
            if countdown::every_target_stops_at_resolution(self.contract()) {
                log.incidents_unresolved_by(now).flat_map(running).collect()
            } else {
                log.incidents_as_reported().flat_map(running).collect()
            };
        countdown::sort(&mut out);
        out
    }

    /// Availability as of `now` only (the year so far: downtime, budget used and left), without
    /// judging incidents: what a dashboard's availability panel needs.
    ///
    /// # Errors
    /// [`EvaluationError`] if availability cannot be evaluated (e.g. a year without calendar data
    /// under Q7 `service_hours`).
    ///
    /// ```
    /// use sla_engine::evaluate::Evaluator;
    /// use sla_engine::event::{Event, EventBody};
    /// let judge = Evaluator::seed()?;
    /// let mut log = judge.new_log("live");
    /// let (from, to) = ("2025-03-01T10:00:00+08:00".parse()?, "2025-03-01T13:00:00+08:00".parse()?);
    /// log.push(Event { at: from, body: EventBody::Outage { id: None,
    ///     component: "back-office".into(), from, to, cause: None } })?;
    /// let year = judge.availability(&log, "2025-06-30T12:00:00+08:00".parse()?)?;
    /// let platform = year.iter().find(|a| a.judged).ok_or("no verdict")?;
    /// assert_eq!((platform.label.as_str(), platform.downtime_seconds), ("2025", 3 * 3600));
    /// assert_eq!(platform.budget_left_seconds, 157_680 - 3 * 3600); // 43 h 48 min less 3 h
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn availability(
        &self,
        log: &EventLog,
        now: Timestamp,
    ) -> Result<Vec<AvailabilityVerdict>, EvaluationError> {
        let options = Options {
            as_of: Some(now),
            ..Options::default()
        };
        let (_, availability) = notices_and_availability(&self.context(now), log, options);
        availability
    }

    /// The whole report; see [`evaluate`].
    pub fn report(&self, log: &EventLog, options: Options) -> Report {
        full_report(self, log, options, Evidence::Full).0
    }
}

/// Evaluates `log` under `contract` on `calendar` (the contract's calendar, built by
/// [`Contract::preset_calendar`], or `Contract::calendar` for a contract read from a file).
///
/// The report is a pure function of its inputs: the same contract, calendar and events give the
/// same report, whatever the order of events in different seconds.
pub fn evaluate(
    contract: &Contract,
    calendar: &Calendar,
    log: &EventLog,
    options: Options,
) -> Report {
    Evaluator::new(contract.clone(), calendar.clone()).report(log, options)
}

type Availability = Result<Vec<AvailabilityVerdict>, EvaluationError>;

/// Notice verdicts (they decide which maintenance is excused) and availability verdicts.
fn notices_and_availability(
    ctx: &Context<'_>,
    log: &EventLog,
    options: Options,
) -> (Vec<NoticeVerdict>, Availability) {
    let notices: Vec<_> = log
        .changes()
        .filter_map(|c| notice::evaluate(ctx, c))
        .collect();
    let years = options
        .years
        .unwrap_or_else(|| inputs::default_years(ctx, log));
    let valid = 1 <= years.0 && years.0 <= years.1 && years.1 <= 9998;
    if valid && years.1 - years.0 >= MAX_YEARS {
        return (
            notices,
            Err(EvaluationError::TooManyYears {
                first: years.0,
                last: years.1,
            }),
        );
    }
    let a = availability::evaluate(ctx, log, &notices, years, options.window);
    (notices, a)
}

/// How many incidents are judged (or written) together: enough to keep every core busy, few
/// enough that their reports take little memory at once.
pub(crate) const CHUNK: usize = 8_192;

/// `a` and `b`, at once on two cores with the `parallel` feature, else one after the other.
fn both<A, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B)
where
    A: Send,
    B: Send,
{
    #[cfg(feature = "parallel")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (a(), b())
    }
}

/// `f` of every item that has a result, in order, each core with its own `state` (made by
/// `init`); on every core with the `parallel` feature.
fn map_in_order_with<T, S, R, I, F>(items: &[T], init: &I, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, &T) -> Option<R> + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        // rayon's `collect` keeps the items' order through `flatten_iter`.
        items.par_iter().map_init(init, f).flatten_iter().collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        let mut state = init();
        items.iter().filter_map(|t| f(&mut state, t)).collect()
    }
}

impl Evaluator {
    /// The incidents judged as of `as_of` (those reported by then), in the report's order, a
    /// chunk at a time, each made into `then` of its report on the core that judged it (with
    /// that core's own `scratch`), while the report is still in its cache: `each` gets every
    /// chunk's results in turn, and may stop the judging (a report that can no longer be
    /// written need not be judged to its end).
    pub(crate) fn judge_incidents<S, R: Send>(
        &self,
        log: &EventLog,
        as_of: Timestamp,
        evidence: Evidence,
        scratch: &(impl Fn() -> S + Sync),
        then: impl Fn(&mut S, IncidentReport) -> R + Sync + Send,
        mut each: impl FnMut(Vec<R>) -> ControlFlow<()>,
    ) {
        let ctx = Context {
            evidence,
            ..self.context(as_of)
        };
        // Packed incidents are read where they are judged, on every core, each core with its
        // own copy of the names they refer to: even the instant of the report is not read here,
        // since the first read of a packing, in id order, is a miss of the cache.
        let (mut stored, names) = log.incidents_stored();
        // Each core also keeps one list that every packed incident's history is read into.
        let init = || (names(), Vec::new(), scratch());
        let judge = |(names, history, scratch): &mut (Vec<Arc<str>>, Vec<Step>, S),
                     s: &Stored<'_>| {
            if s.reported_at().is_none_or(|t| t > as_of) {
                return None;
            }
            let inc = s.open_into(names, history)?;
            let report = incident::evaluate(&ctx, &inc);
            if let Cow::Owned(inc) = inc {
                *history = inc.into_history();
            }
            Some(then(scratch, report))
        };
        #[cfg(feature = "parallel")]
        {
            // Each chunk is judged on the pool while this thread hands the chunk before it to
            // `each` (a writer's system calls, a list's growth): neither waits for the other.
            let mut chunk: Vec<Stored<'_>> = stored.by_ref().take(CHUNK).collect();
            let mut judged: Option<Vec<R>> = None;
            while !chunk.is_empty() {
                let mut fresh = Vec::new();
                let mut next = Vec::with_capacity(CHUNK);
                let flow = rayon::in_place_scope(|scope| {
                    scope.spawn(|_| fresh = map_in_order_with(&chunk, &init, judge));
                    next.extend(stored.by_ref().take(CHUNK));
                    judged.take().map_or(ControlFlow::Continue(()), &mut each)
                });
                if flow.is_break() {
                    return;
                }
                judged = Some(fresh);
                chunk = next;
            }
            if let Some(last) = judged {
                let _ = each(last);
            }
        }
        #[cfg(not(feature = "parallel"))]
        loop {
            let chunk: Vec<Stored<'_>> = stored.by_ref().take(CHUNK).collect();
            if chunk.is_empty() || each(map_in_order_with(&chunk, &init, judge)).is_break() {
                return;
            }
        }
    }

    /// The report for an audit to be written: every incident judged without its evidence,
    /// only those with a breach kept (all a statement reads; every tally still counts them all),
    /// and the instant it is as of. The incidents are judged again, with their evidence, as the
    /// report is written.
    #[cfg(feature = "formats")]
    pub(crate) fn statement_report(&self, log: &EventLog, options: Options) -> (Report, Timestamp) {
        full_report(self, log, options, Evidence::Outcome)
    }
}

/// The report, judged with `evidence`: with all of it, every incident is kept; without it (for a
/// statement), only the incidents with a breach.
fn full_report(
    ev: &Evaluator,
    log: &EventLog,
    options: Options,
    evidence: Evidence,
) -> (Report, Timestamp) {
    let (contract, calendar) = (ev.contract(), ev.calendar());
    let as_of = inputs::as_of(log, &options);
    let ctx = ev.context(as_of.at);
    let judge_all = || {
        let (mut incidents, mut tally) = (Vec::new(), Tally::default());
        if evidence == Evidence::Full {
            // Every incident is kept: room for all at once, not a copy of the list at each
            // doubling.
            incidents.reserve_exact(log.incidents_as_reported().len());
        }
        // Counted, and left out if not kept, on the core that judged it: a statement keeps one
        // incident in twenty, and freeing the others here would leave the cores waiting.
        let counted = |(): &mut (), mut r: IncidentReport| {
            let mut tally = Tally::default();
            for v in &r.verdicts {
                tally.add(v.outcome);
            }
            let kept = evidence == Evidence::Full || r.has_breach();
            if kept && evidence != Evidence::Full {
                // A statement's few kept reports are held at the peak of a large log: without
                // their spare room, the 1 M year's peak fell by 16 MB. Shrinking every report of
                // a held one cost more time than the pages it saved.
                r.shrink_to_fit();
            }
            (tally, kept.then_some(r))
        };
        ev.judge_incidents(log, as_of.at, evidence, &|| (), counted, |chunk| {
            for (counted, r) in chunk {
                tally.add_all(&counted);
                incidents.extend(r);
            }
            ControlFlow::Continue(())
        });
        (incidents, tally)
    };
    let availability_and_notices = || {
        let (notices, availability) = notices_and_availability(&ctx, log, options);
        (
            notices,
            availability,
            availability::outside_objective(&ctx, log),
        )
    };
    // Both at once (on two cores with the `parallel` feature). Availability holds every
    // outage's span for a while, but a statement keeps only the incidents with a breach, and a
    // report held whole outweighs the spans many times over: on a year of a million incidents
    // and a million outages the peak did not move.
    let ((notices, availability, outside_objective), (mut incidents, target_tally)) =
        both(availability_and_notices, judge_all);
    // Kept until the statement is made, at the peak of a large log: no spare room.
    incidents.shrink_to_fit();
    let (availability, availability_problem) = match availability {
        Ok(a) => (a, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    let mut notice_tally = Tally::default();
    for n in &notices {
        notice_tally.add(n.outcome);
    }
    let not_applied = inputs::not_applied(log, as_of.at);
    let rejected = inputs::rejected(log);
    let at = as_of.at;
    let report = Report {
        schema: SCHEMA_VERSION,
        provenance: inputs::provenance(ev, log, &options, &as_of),
        contract: contract.name.clone(),
        calendar: calendar.name().to_owned(),
        zone: calendar.zone().name().to_owned(),
        settings: contract.settings,
        as_of: ctx.instant(as_of.at),
        events_accepted: log.accepted(),
        warnings: inputs::warnings(&ctx, log, &as_of, &not_applied, &rejected),
        not_applied,
        target_tally,
        notice_tally,
        incidents,
        notices,
        availability,
        availability_problem,
        outside_objective,
        recurring: contract
            .recurring
            .iter()
            .map(|rule| recurring::evaluate(&ctx, log, rule))
            .collect(),
        rejected,
        objective: contract.availability.clone(),
    };
    (report, at)
}
