//! Incidents into target verdicts (response, start and resolution targets, the out-of-hours
//! rule, scope and exclusions; questions Q1-Q5 and Q10, and the readings `reopen` and
//! `superseded_targets`).

use std::sync::Arc;

use super::Context;
use super::clock::{self, Deadline, Stopped};
use crate::contract::{
    Boundary, ClockKind, CustomerWait, ExclusionReason, Limit, Metric, NextWorkingDay, Priority,
    PriorityChange, Reopen, ResponseClock, StopEvent, SupersededTargets, Target, TargetClock,
    WorkClock,
};
use crate::event::{IncidentLog, Step, StepKind};
use crate::report::{
    ClockRule, IncidentReport, Outcome, PauseEvidence, PauseReason, Reason, Supersession,
    TargetVerdict,
};
use crate::{CalendarError, Timestamp};

/// A clock-stopping event in the view, and for a resolution the reopening that undid it.
#[derive(Debug, Clone, Copy)]
struct StopAt {
    at: Timestamp,
    event: StopEvent,
    reopened: Option<Timestamp>,
}

/// What a prefix of an incident's history says as of an instant.
struct View<'a> {
    inc: &'a IncidentLog,
    as_of: Timestamp,
    priority: Option<Priority>,
    changed_at: Option<Timestamp>,
    stops: Vec<StopAt>,
    reopened: bool,
    waits: Vec<Stopped>,
    exclusion: Option<(Timestamp, ExclusionReason)>,
}

impl<'a> View<'a> {
    /// The view of `steps` (a prefix of the history, in the order applied) as of `as_of`.
    fn new(inc: &'a IncidentLog, steps: &[Step], as_of: Timestamp) -> View<'a> {
        let mut v = View {
            inc,
            as_of,
            priority: inc.priority,
            changed_at: None,
            stops: Vec::new(),
            reopened: false,
            waits: Vec::new(),
            exclusion: None,
        };
        // The resolution standing, as an index into `stops`: a reopening undoes that one, in
        // the order applied, even within one second.
        let mut standing = None;
        for s in steps {
            match s.kind {
                StepKind::Stop(event) => {
                    if event == StopEvent::Resolved {
                        standing = Some(v.stops.len());
                    }
                    v.stops.push(StopAt {
                        at: s.at,
                        event,
                        reopened: None,
                    });
                }
                StepKind::Reopened => {
                    v.reopened = true;
                    if let Some(r) = standing.take().and_then(|i| v.stops.get_mut(i)) {
                        r.reopened = Some(s.at);
                    }
                }
                StepKind::PriorityChanged(p) => {
                    v.priority = Some(p);
                    v.changed_at = Some(s.at);
                }
                StepKind::AwaitingCustomer => v.waits.push(Stopped {
                    from: s.at,
                    to: None,
                }),
                StepKind::CustomerReplied => {
                    if let Some(w) = v.waits.last_mut() {
                        w.to = Some(s.at);
                    }
                }
                StepKind::Excluded(reason) => v.exclusion = Some((s.at, reason)),
            }
        }
        v
    }
}

/// The priority changes of `steps`: index in `steps`, instant, new priority, line.
fn changes(steps: &[Step]) -> Vec<(usize, Timestamp, Priority, u64)> {
    steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s.kind {
            StepKind::PriorityChanged(p) => Some((i, s.at, p, s.line)),
            _ => None,
        })
        .collect()
}

pub(crate) fn evaluate(ctx: &Context<'_>, inc: &IncidentLog) -> IncidentReport {
    let steps = inc.history_until(ctx.as_of);
    let view = View::new(inc, steps, ctx.as_of);
    let c = ctx.contract();
    let outside = ctx
        .full()
        .then(|| ctx.calendar().is_open(inc.reported_at).ok())
        .flatten()
        .map(|open| !open);
    let mut note = None;
    let mut excluded = None;
    if let Some((at, reason)) = view.exclusion {
        if c.exclusions.contains_key(&reason) {
            excluded = Some(reason);
        } else if ctx.full() {
            note = Some(Reason::UnrecognisedExclusion {
                reason,
                at: ctx.instant(at),
            });
        }
    }
    if excluded.is_none()
        && !c
            .scope
            .covers(inc.component.as_deref(), inc.site.as_deref())
    {
        excluded = Some(ExclusionReason::OutOfScope);
    }
    // An excluded incident has no clock running, and the targets a priority change left behind
    // are not running either: a countdown needs neither.
    let targets: &[Target] = if !ctx.complete() && excluded.is_some() {
        &[]
    } else {
        &c.targets
    };
    let changes = if ctx.complete() {
        changes(steps)
    } else {
        Vec::new()
    };
    let applies = |t: &Target| t.applies_to(inc.class, view.priority);
    // Room for the verdicts of the targets that apply, made once: only a priority change adds
    // more (the targets it left behind).
    let mut verdicts = Vec::with_capacity(targets.iter().filter(|t| applies(t)).count());
    for (t, names) in targets.iter().zip(ctx.names()) {
        if !applies(t) {
            if ctx.complete()
                && let Some(v) = superseded(ctx, inc, steps, &changes, t, names)
            {
                verdicts.push(v);
            }
            continue;
        }
        verdicts.push(judge(ctx, &view, t, names));
    }
    for v in &mut verdicts {
        if let Some(note) = &note {
            v.reasoning.insert(0, note.clone());
        }
        if let Some(reason) = excluded {
            v.outcome = Outcome::Excluded;
            v.problem = Some(match c.exclusion_clause(reason) {
                Some(clause) => format!("excluded: {reason} (clause {clause}), never a breach"),
                None => format!("excluded: {reason}, never a breach"),
            });
        }
    }
    IncidentReport {
        id: inc.id.clone(),
        class: inc.class,
        reported_priority: inc.priority,
        priority: view.priority,
        reported_at: ctx.instant(inc.reported_at),
        outside_service_hours: outside,
        component: inc.component.clone(),
        site: inc.site.clone(),
        excluded,
        verdicts,
    }
}

/// The verdict on a target of an earlier priority that a change left behind, judged as of the
/// change that ended its last stretch: a breach incurred before it stands (reading
/// `keep_breaches`), anything else is `voided`, with the change that voided it.
fn superseded(
    ctx: &Context<'_>,
    inc: &IncidentLog,
    steps: &[Step],
    changes: &[(usize, Timestamp, Priority, u64)],
    target: &Target,
    names: &(Arc<str>, Arc<str>),
) -> Option<TargetVerdict> {
    // Each change ends a stretch of priority: the report's for the first change, the change
    // before's for the others. Asked for every target that does not apply, so no list of the
    // stretches is made: most incidents have no change, and so no stretch that ended.
    let held = std::iter::once(inc.priority).chain(changes.iter().map(|&(_, _, p, _)| Some(p)));
    // The last change that ended a stretch in which the target applied.
    let &(end, at, to, line) = changes
        .iter()
        .zip(held)
        .filter(|&(_, p)| target.applies_to(inc.class, p))
        .map(|(change, _)| change)
        .last()?;
    let before = steps.get(..end)?;
    let view = View::new(inc, before, at);
    let mut v = judge(ctx, &view, target, names);
    v.superseded = Some(Supersession {
        at: ctx.instant(at),
        priority: to,
        line,
    });
    let keep = ctx.contract().settings.superseded_targets == SupersededTargets::KeepBreaches;
    if keep && v.outcome == Outcome::Breached {
        v.reasoning.push(Reason::BreachStandsAfterPriorityChange {
            to,
            at: ctx.instant(at),
            line,
        });
    } else {
        v.reasoning.push(Reason::VoidedByPriorityChange {
            to,
            at: ctx.instant(at),
            line,
            setting: ctx.contract().settings.superseded_targets,
        });
        v.outcome = Outcome::Voided;
        v.late_wall_seconds = None;
    }
    Some(v)
}

/// The clock a target runs on, and the reason that says which rule chose it (none when the
/// evidence is not wanted).
fn clock_of(ctx: &Context<'_>, view: &View<'_>, target: &Target) -> (ClockKind, Option<Reason>) {
    let settings = &ctx.contract().settings;
    // "Within the next working day" is a business-calendar rule whatever the settings say.
    if target.limit == Limit::NextWorkingDay {
        let why = ctx.full().then_some(Reason::NextWorkingDayIsACalendarRule);
        return (ClockKind::Business, why);
    }
    let kind = match target.clock {
        TargetClock::ResponseClock => match settings.response_clock {
            ResponseClock::Wall => ClockKind::Wall,
            ResponseClock::Business => ClockKind::Business,
        },
        TargetClock::WorkClock => match settings.work_clock {
            WorkClock::Business => ClockKind::Business,
            WorkClock::Wall => ClockKind::Wall,
            WorkClock::WallForHigh if view.priority == Some(Priority::High) => ClockKind::Wall,
            WorkClock::WallForHigh => ClockKind::Business,
        },
        TargetClock::Wall => ClockKind::Wall,
        TargetClock::Business => ClockKind::Business,
    };
    if !ctx.full() {
        return (kind, None);
    }
    let rule = match target.clock {
        TargetClock::ResponseClock => ClockRule::ResponseClock(settings.response_clock),
        TargetClock::WorkClock => ClockRule::WorkClock(settings.work_clock),
        TargetClock::Wall | TargetClock::Business => ClockRule::Contract,
    };
    let why = Reason::ClockChosen {
        kind,
        clock: target.clock,
        rule,
    };
    (kind, Some(why))
}

fn judge(
    ctx: &Context<'_>,
    view: &View<'_>,
    target: &Target,
    names: &(Arc<str>, Arc<str>),
) -> TargetVerdict {
    let inc = view.inc;
    let settings = &ctx.contract().settings;
    let (clock_kind, why_clock) = clock_of(ctx, view, target);
    let mut reasoning: Vec<Reason> = why_clock.into_iter().collect();
    let mut origin = inc.reported_at;
    if target.metric != Metric::Response
        && let Some(changed) = view.changed_at
    {
        if settings.priority_change == PriorityChange::FromChange {
            origin = changed;
        }
        if ctx.full() {
            reasoning.push(Reason::PriorityChanged {
                to: view.priority,
                at: ctx.instant(changed),
                counts_from: settings.priority_change,
            });
        }
    }
    let mut v = TargetVerdict {
        target: names.0.clone(),
        clause: names.1.clone(),
        metric: target.metric,
        outcome: Outcome::Undetermined,
        clock: clock_kind,
        limit: target.limit,
        limit_seconds: 0,
        started_at: ctx.instant(origin),
        stopped_by: None,
        stopped_at: None,
        deadline: None,
        used_seconds: 0,
        margin_seconds: 0,
        late_wall_seconds: None,
        pauses: Vec::new(),
        reasoning,
        calendar_facts: Vec::new(),
        problem: None,
        superseded: None,
    };
    if let Err(e) = decide(ctx, view, target, origin, &mut v) {
        v.outcome = Outcome::Undetermined;
        v.problem = Some(e.to_string());
    }
    v
}

fn decide(
    ctx: &Context<'_>,
    view: &View<'_>,
    target: &Target,
    origin: Timestamp,
    v: &mut TargetVerdict,
) -> Result<(), CalendarError> {
    let settings = &ctx.contract().settings;
    let reopen_resumes = target.metric == Metric::Resolution && settings.reopen == Reopen::Resumes;
    let (stop, reopenings) = stop_of(view, target, reopen_resumes);
    if !ctx.complete()
        && let Some((at, event)) = stop
    {
        // A stopped clock is not on a board: say only what stopped it.
        v.stopped_by = Some(event);
        v.stopped_at = Some(ctx.instant(at));
        return Ok(());
    }
    let as_of = view.as_of;
    let business = ctx.calendar();
    let cal = match v.clock {
        ClockKind::Wall => ctx.wall(),
        ClockKind::Business => business,
    };
    let limit = match target.limit {
        Limit::Duration(s) => match &ctx.contract().out_of_hours {
            // Which limit applies depends on whether the report came in service hours: if the
            // calendar cannot say (a year without data, Q11), neither can the verdict.
            Some(rule)
                if rule.replaces == target.id && !business.is_open(view.inc.reported_at)? =>
            {
                v.limit = Limit::Duration(rule.limit);
                v.reasoning.extend(ctx.full().then(|| Reason::OutOfHours {
                    clause: ctx.out_of_hours_clause(),
                    limit: rule.limit,
                    instead_of: s,
                }));
                rule.limit
            }
            _ => s,
        },
        Limit::NextWorkingDay => {
            let day = business.local_date(origin);
            let next = business.working_day_after(day, 1)?;
            match settings.next_working_day {
                NextWorkingDay::EndOfNextWorkingDay => {
                    let end = business.end_of_working_day(next)?;
                    v.reasoning
                        .extend(ctx.full().then(|| Reason::DueByTheCloseOf {
                            after: day,
                            next,
                            close: ctx.instant(end),
                        }));
                    business.between(origin, end)?
                }
                NextWorkingDay::OneWorkingDayOfBusinessTime => {
                    let hours = business.working_day_hours(next)?;
                    let s = business.between(hours.from(), hours.to())?;
                    v.reasoning
                        .extend(ctx.full().then_some(Reason::OneWorkingDayOfBusinessTime {
                            seconds: s,
                            hours_of: next,
                        }));
                    s
                }
            }
        }
    };
    v.limit_seconds = limit;

    // Spans when the clock does not run: waits on the customer (Q5) and, for resolution
    // targets, resolutions that were reopened.
    let mut stopped: Vec<(Stopped, PauseReason)> = Vec::new();
    match settings.customer_wait {
        CustomerWait::Pauses => {
            stopped.extend(
                view.waits
                    .iter()
                    .map(|w| (*w, PauseReason::AwaitingCustomer)),
            );
        }
        CustomerWait::DoesNotPause if !view.waits.is_empty() => {
            v.reasoning.push(Reason::WaitsDoNotPause);
        }
        CustomerWait::DoesNotPause => {}
    }
    stopped.extend(
        reopenings
            .into_iter()
            .map(|s| (s, PauseReason::ResolvedThenReopened)),
    );
    if settings.reopen == Reopen::FirstResolutionCounts && view.reopened {
        v.reasoning.push(Reason::FirstResolutionStands);
    }
    let end = stop.map_or(as_of, |(t, _)| t);
    // A stopped clock ignores what began at its stop; a running clock is paused by a wait that
    // begins at the very instant it is judged, as it is one second later.
    stopped.retain(|(s, _)| s.from < end || (stop.is_none() && s.from == end));
    stopped.sort_by_key(|(s, _)| s.from);
    let spans: Vec<Stopped> = stopped
        .iter()
        .map(|(s, _)| Stopped {
            from: s.from,
            to: match (s.to, stop) {
                (None, Some(_)) => Some(end),
                (t, _) => t.map(|t| t.min(end)),
            },
        })
        .collect();
    let spans = merge(spans);
    let used = clock::used(cal, origin, end, &spans)?;
    let deadline = clock::deadline(cal, origin, limit, &spans)?;
    // Pauses are worked out for an outcome too: the calendar may fail to answer for one.
    v.pauses = if !ctx.complete() {
        Vec::new()
    } else {
        stopped
            .iter()
            .map(|&(s, reason)| {
                let to = s.to.map(|t| t.min(end));
                let from = s.from.max(origin);
                let secs = match to.unwrap_or(end) {
                    b if b > from => cal.between(from, b)?,
                    _ => 0,
                };
                Ok(PauseEvidence {
                    reason,
                    from: ctx.instant(s.from),
                    to: to.map(|t| ctx.instant(t)),
                    clock_seconds: secs,
                })
            })
            .collect::<Result<_, CalendarError>>()?
    };
    v.used_seconds = used;
    v.margin_seconds = limit - used;
    if let Some((at, event)) = stop {
        v.stopped_by = Some(event);
        v.stopped_at = Some(ctx.instant(at));
    }
    // A duration target compares time on its own clock: a business-clock target whose clock ran
    // out at Friday 18:00 is still met by a stop before Monday's opening, since no business time
    // passed in between. "Within the next working day" (Q3 default) is a date rule: by the close
    // of that day, so a stop after the close is late even if no business time passed since.
    let inclusive = settings.boundary == Boundary::Inclusive;
    let by_date = target.limit == Limit::NextWorkingDay
        && settings.next_working_day == NextWorkingDay::EndOfNextWorkingDay;
    let in_time = |t: Timestamp, used: i64, d: Timestamp| match (by_date, inclusive) {
        (true, true) => t <= d,
        (true, false) => t < d,
        (false, true) => used <= limit,
        (false, false) => used < limit,
    };
    v.outcome = match (stop, deadline) {
        (Some((at, _)), Deadline::At(d)) => {
            v.deadline = Some(ctx.instant(d));
            if in_time(at, used, d) {
                Outcome::Met
            } else {
                v.late_wall_seconds = Some(at.seconds_since(d));
                Outcome::Breached
            }
        }
        (None, Deadline::At(d)) => {
            v.deadline = Some(ctx.instant(d));
            if in_time(as_of, used, d) {
                Outcome::Pending
            } else {
                v.late_wall_seconds = Some(as_of.seconds_since(d));
                Outcome::Breached
            }
        }
        // A stop always closes the pauses, so only a running clock can be paused.
        (_, Deadline::Paused { left }) => {
            v.reasoning
                .extend(ctx.full().then_some(Reason::PausedWaiting { left }));
            Outcome::Pending
        }
    };
    if !ctx.full() {
        return Ok(());
    }
    if !inclusive {
        v.reasoning.push(Reason::StopAtTheDeadlineIsLate);
    }
    if v.clock == ClockKind::Business {
        let last = match deadline {
            Deadline::At(d) => d.max(end),
            Deadline::Paused { .. } => end,
        };
        v.calendar_facts = business.facts_between(origin, last);
    }
    Ok(())
}

/// The event that stopped `target`'s clock among `view`'s stops, if one did: the first that
/// stops it, skipping, when a reopening resumes the clock, each resolution later reopened, which
/// is returned as a pause from the resolution to its reopening. A board asks only for the stop;
/// [`decide`] uses both, so the two cannot choose differently.
fn stop_of(
    view: &View<'_>,
    target: &Target,
    reopen_resumes: bool,
) -> (Option<(Timestamp, StopEvent)>, Vec<Stopped>) {
    let mut reopenings = Vec::new();
    for s in view
        .stops
        .iter()
        .filter(|s| target.stops_on.contains(&s.event))
    {
        if reopen_resumes
            && s.event == StopEvent::Resolved
            && let Some(r) = s.reopened
        {
            reopenings.push(Stopped {
                from: s.at,
                to: Some(r),
            });
            continue;
        }
        return (Some((s.at, s.event)), reopenings);
    }
    (None, reopenings)
}

/// Sorted spans merged where they overlap; an open span swallows everything after it.
fn merge(spans: Vec<Stopped>) -> Vec<Stopped> {
    let mut out: Vec<Stopped> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) => match last.to {
                None => {}
                Some(t) if s.from <= t => {
                    last.to = s.to.map(|e| e.max(t));
                }
                Some(_) => out.push(s),
            },
            None => out.push(s),
        }
    }
    out
}
