//! Incidents into target verdicts (clauses 3.1(1)-(2), 4.2, 2.3-2.4; questions Q1-Q5, Q10).

use std::borrow::Cow;
use std::sync::Arc;

use super::Context;
use super::clock::{self, Deadline, Stopped};
use crate::CalendarError;
use crate::contract::{
    Boundary, ClockKind, CustomerWait, Limit, Metric, NextWorkingDay, Priority, PriorityChange,
    Reopen, ResponseClock, StopEvent, Target, WorkClock,
};
use crate::event::IncidentLog;
use crate::report::{IncidentReport, Outcome, PauseEvidence, TargetVerdict};

/// What the log says as of the evaluation instant (the log's lists are in time order, so each
/// is a prefix).
struct View<'a> {
    inc: &'a IncidentLog,
    priority: Option<Priority>,
    changed_at: Option<i64>,
    stops: &'a [(i64, StopEvent)],
    reopens: &'a [i64],
    waits: Vec<Stopped>,
}

/// The part of a time-ordered list at or before `as_of`.
fn upto<T>(list: &[T], as_of: i64, at: impl Fn(&T) -> i64) -> &[T] {
    list.get(..list.partition_point(|x| at(x) <= as_of))
        .unwrap_or(list)
}

impl<'a> View<'a> {
    fn new(inc: &'a IncidentLog, as_of: i64) -> View<'a> {
        let changes = upto(&inc.priority_changes, as_of, |c| c.0);
        View {
            inc,
            priority: changes.last().map(|&(_, p)| p).or(inc.priority),
            changed_at: changes.last().map(|&(t, _)| t),
            stops: upto(&inc.stops, as_of, |s| s.0),
            reopens: upto(&inc.reopens, as_of, |r| *r),
            waits: upto(&inc.pauses, as_of, |p| p.from)
                .iter()
                .map(|p| Stopped {
                    from: p.from,
                    to: p.to.filter(|t| *t <= as_of),
                })
                .collect(),
        }
    }
}

pub(crate) fn evaluate(ctx: &Context<'_>, inc: &IncidentLog) -> IncidentReport {
    let as_of = ctx.as_of;
    let view = View::new(inc, as_of);
    let c = ctx.contract;
    let outside = ctx
        .calendar
        .is_open_unix(inc.reported_at)
        .ok()
        .map(|open| !open);
    let mut notes = Vec::new();
    let mut excluded = None;
    if let Some((at, reason)) = inc.exclusion.filter(|(t, _)| *t <= as_of) {
        if c.exclusions.contains(&reason) {
            excluded = Some(reason);
        } else {
            notes.push(format!(
                "marked excluded as {reason} at {}, which this contract does not recognise: judged normally",
                ctx.show(at)
            ));
        }
    }
    if excluded.is_none()
        && !c
            .scope
            .covers(inc.component.as_deref(), inc.site.as_deref())
    {
        excluded = Some(crate::contract::ExclusionReason::OutOfScope);
    }
    let applies = |t: &crate::contract::Target| t.applies_to(inc.class, view.priority);
    let mut verdicts = Vec::with_capacity(c.targets.iter().filter(|t| applies(t)).count());
    verdicts.extend(
        c.targets
            .iter()
            .zip(ctx.names)
            .filter(|(t, _)| applies(t))
            .map(|(t, names)| {
                let mut v = judge(ctx, &view, t, names);
                v.reasoning
                    .splice(0..0, notes.iter().cloned().map(Cow::Owned));
                if let Some(reason) = excluded {
                    v.outcome = Outcome::Excluded;
                    v.problem = Some(format!(
                        "excluded: {reason} (clause {}), never a breach",
                        reason.clause()
                    ));
                }
                v
            }),
    );
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

fn judge(
    ctx: &Context<'_>,
    view: &View<'_>,
    target: &Target,
    names: &(Arc<str>, Arc<str>),
) -> TargetVerdict {
    let inc = view.inc;
    let mut reasoning = Vec::new();
    let settings = &ctx.contract.settings;
    let mut clock_kind = match target.metric {
        Metric::Response => match settings.response_clock {
            ResponseClock::Wall => ClockKind::Wall,
            ResponseClock::Business => ClockKind::Business,
        },
        Metric::Start | Metric::Resolution => match settings.work_clock {
            WorkClock::Business => ClockKind::Business,
            WorkClock::Wall => ClockKind::Wall,
            WorkClock::WallForHigh if view.priority == Some(Priority::High) => ClockKind::Wall,
            WorkClock::WallForHigh => ClockKind::Business,
        },
    };
    // The clock is the verdict's `clock` (chosen by Q1 for responses, Q2 otherwise); "within the
    // next working day" is a business-calendar rule whatever Q2 says.
    if target.limit == Limit::NextWorkingDay {
        clock_kind = ClockKind::Business;
    }
    let mut origin = inc.reported_at;
    if target.metric != Metric::Response
        && let Some(changed) = view.changed_at
    {
        let to = view.priority.map_or("none", Priority::as_str);
        match settings.priority_change {
            PriorityChange::FromReport => reasoning.push(
                format!(
                    "priority changed to {to} at {}; its targets count from the report (Q4)",
                    ctx.show(changed)
                )
                .into(),
            ),
            PriorityChange::FromChange => {
                origin = changed;
                reasoning.push(
                    format!(
                        "priority changed to {to} at {}; its targets count from the change (Q4)",
                        ctx.show(changed)
                    )
                    .into(),
                );
            }
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
    origin: i64,
    v: &mut TargetVerdict,
) -> Result<(), CalendarError> {
    let settings = &ctx.contract.settings;
    let cal = match v.clock {
        ClockKind::Wall => ctx.wall,
        ClockKind::Business => ctx.calendar,
    };
    let limit =
        match target.limit {
            Limit::Duration(s) => match &ctx.contract.out_of_hours {
                // Which limit applies depends on whether the report came in service hours: if the
                // calendar cannot say (a year without data, Q11), neither can the verdict.
                Some(rule)
                    if rule.replaces == target.id
                        && !ctx.calendar.is_open_unix(view.inc.reported_at)? =>
                {
                    v.limit = Limit::Duration(rule.limit);
                    v.reasoning.push(
                        format!(
                            "reported outside service hours: clause {} sets {} instead of {}",
                            rule.clause,
                            crate::format_duration(rule.limit),
                            crate::format_duration(s)
                        )
                        .into(),
                    );
                    rule.limit
                }
                _ => s,
            },
            Limit::NextWorkingDay => {
                let day = ctx.calendar.local_date_unix(origin)?;
                let next = ctx.calendar.working_day_after(day, 1)?;
                match settings.next_working_day {
                    NextWorkingDay::EndOfNextWorkingDay => {
                        let end = ctx.calendar.end_of_working_day_unix(next)?;
                        v.reasoning.push(format!(
                        "the next working day after {day} is {next}; due by its close {} (Q3)",
                        ctx.show(end)
                    ).into());
                        ctx.calendar.between_unix(origin, end)?
                    }
                    NextWorkingDay::OneWorkingDayOfBusinessTime => {
                        let (open, close) = ctx.calendar.working_day_span_unix(next)?;
                        let s = ctx.calendar.between_unix(open, close)?;
                        v.reasoning.push(format!(
                        "one working day's worth of business time: {} (the hours of {next}) (Q3)",
                        crate::format_duration(s)
                    ).into());
                        s
                    }
                }
            }
        };
    v.limit_seconds = limit;

    // Spans when the clock does not run: waits on the customer (Q5) and, for resolution
    // targets, resolutions that were reopened.
    let mut stopped: Vec<(Stopped, &'static str)> = Vec::new();
    match settings.customer_wait {
        CustomerWait::Pauses => {
            stopped.extend(
                view.waits
                    .iter()
                    .map(|w| (*w, "awaiting the customer (Q5)")),
            );
        }
        CustomerWait::DoesNotPause if !view.waits.is_empty() => v.reasoning.push(Cow::Borrowed(
            "waits on the customer do not pause the clock (Q5)",
        )),
        CustomerWait::DoesNotPause => {}
    }
    let reopen_resumes = target.metric == Metric::Resolution && settings.reopen == Reopen::Resumes;
    let mut stop = None;
    for &(at, event) in view
        .stops
        .iter()
        .filter(|(_, e)| target.stops_on.contains(e))
    {
        if reopen_resumes
            && event == StopEvent::Resolved
            && let Some(&r) = view.reopens.get(view.reopens.partition_point(|&r| r < at))
        {
            stopped.push((
                Stopped {
                    from: at,
                    to: Some(r),
                },
                "resolved, then reopened: the clock resumes at the reopening",
            ));
            continue;
        }
        stop = Some((at, event));
        break;
    }
    if settings.reopen == Reopen::FirstResolutionCounts && !view.reopens.is_empty() {
        v.reasoning.push(Cow::Borrowed(
            "reopened; the first resolution stands (reopen setting)",
        ));
    }
    let end = stop.map_or(ctx.as_of, |(t, _)| t);
    stopped.retain(|(s, _)| s.from < end);
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
    let (used, _) = clock::used(cal, origin, end, &spans)?;
    let deadline = clock::deadline(cal, origin, limit, &spans)?;
    v.pauses = stopped
        .iter()
        .map(|&(s, why)| {
            let to = s.to.map(|t| t.min(end));
            let secs = match to.unwrap_or(end) {
                b if b > s.from.max(origin) => cal.between_unix(s.from.max(origin), b)?,
                _ => 0,
            };
            Ok(PauseEvidence {
                why: Cow::Borrowed(why),
                from: ctx.instant(s.from),
                to: to.map(|t| ctx.instant(t)),
                clock_seconds: secs,
            })
        })
        .collect::<Result<_, CalendarError>>()?;
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
    let in_time = |t: i64, used: i64, d: i64| match (by_date, inclusive) {
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
                v.late_wall_seconds = Some(at - d);
                Outcome::Breached
            }
        }
        (None, Deadline::At(d)) => {
            v.deadline = Some(ctx.instant(d));
            if !in_time(ctx.as_of, used, d) {
                v.late_wall_seconds = Some(ctx.as_of - d);
                Outcome::Breached
            } else {
                Outcome::Pending
            }
        }
        // A stop always closes the pauses, so only a running clock can be paused.
        (_, Deadline::Paused { left }) => {
            v.reasoning.push(
                format!(
                    "paused, waiting on the customer, with {} left",
                    crate::format_duration(left)
                )
                .into(),
            );
            Outcome::Pending
        }
    };
    if !inclusive {
        v.reasoning.push(Cow::Borrowed(
            "a stop exactly at the deadline is late (Q10 exclusive)",
        ));
    }
    if v.clock == ClockKind::Business {
        let last = match deadline {
            Deadline::At(d) => d.max(end),
            Deadline::Paused { .. } => end,
        };
        v.calendar_facts = ctx
            .calendar
            .facts_unix(origin, last)
            .iter()
            .map(ToString::to_string)
            .collect();
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{Contract, IncidentClass};

    #[test]
    fn out_of_hours_choice_in_a_year_without_data_is_undetermined() {
        // Q11 `error`: 2027 is not in the shipped data, so whether 10:00 on 2027-01-01 is in
        // service hours (15 min) or not (1 h, clause 4.2) is unknown: no silent 15-minute guess.
        let contract = Contract::seed();
        let calendar = contract.preset_calendar().unwrap();
        let reported = crate::parse_timestamp("2027-01-01T10:00:00+08:00").unwrap();
        let ev = super::super::Evaluator::new(&contract, &calendar);
        let ctx = ev.context(reported + 3600);
        let inc = IncidentLog {
            id: "INC-1".into(),
            reported_at: reported,
            class: IncidentClass::Outage,
            priority: Some(Priority::High),
            component: None,
            site: None,
            priority_changes: Vec::new(),
            pauses: Vec::new(),
            stops: vec![(reported + 600, StopEvent::Responded)],
            reopens: Vec::new(),
            exclusion: None,
        };
        let r = evaluate(&ctx, &inc);
        let v = &r.verdicts[0];
        assert_eq!(&*v.target, "response-urgent");
        assert_eq!(v.outcome, Outcome::Undetermined);
        assert_eq!(
            v.problem.as_deref(),
            Some("no calendar data for 2027: the calendar covers 2004-2026")
        );
    }
}
