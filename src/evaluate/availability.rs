//! Outages and maintenance windows into availability verdicts (clause 3.1(3); questions Q6-Q8,
//! Q10).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use super::{Context, EvaluationError};
use crate::contract::{AvailabilityTime, Boundary, PeriodKind, PlatformDowntime};
use crate::event::EventLog;
use crate::report::{
    AvailabilityVerdict, ExcuseReason, Excused, NoticeVerdict, Outcome, OutsideObjective, Ratio,
    Span,
};
use crate::{CalendarError, Interval, IntervalSet, Timestamp, Window};

/// The downtime sources of one component (or the platform), over all time.
#[derive(Debug, Default)]
struct Sources {
    /// Provider-caused outages and windows that count.
    counted: IntervalSet,
    /// Excused time by reason (before subtracting what also counts).
    excused: BTreeMap<ExcuseReason, IntervalSet>,
}

/// Raw interval lists per component, before merging.
#[derive(Debug, Default)]
struct Raw {
    counted: Vec<(i64, i64)>,
    excused: BTreeMap<ExcuseReason, Vec<(i64, i64)>>,
}

/// A period: kind, label, window, and its service hours under Q7 `service_hours`.
pub(crate) struct Period {
    kind: PeriodKind,
    label: String,
    window: Window,
    open: Option<IntervalSet>,
}

impl Period {
    /// Computes the period's service hours once, if Q7 measures only those.
    fn with_open_time(mut self, ctx: &Context<'_>) -> Result<Period, CalendarError> {
        if ctx.contract().settings.availability_time == AvailabilityTime::ServiceHours {
            self.open = Some(ctx.calendar().open_within(self.window)?);
        }
        Ok(self)
    }
}

/// Availability verdicts for the years `first..=last`: the objective's period first, then the
/// report periods.
pub(crate) fn evaluate(
    ctx: &Context<'_>,
    log: &EventLog,
    notices: &[NoticeVerdict],
    years: (i32, i32),
    window: Option<Window>,
) -> Result<Vec<AvailabilityVerdict>, EvaluationError> {
    let objective = &ctx.contract().availability;
    let as_of = ctx.as_of;
    let core = &objective.components;
    let mut raw: BTreeMap<&str, Raw> = core.iter().map(|c| (c.as_str(), Raw::default())).collect();
    for o in log.outages() {
        let Some(r) = raw.get_mut(&*o.component) else {
            continue;
        };
        if o.from > as_of {
            continue;
        }
        let Some(w) = o.window_until(as_of).filter(|w| !w.is_empty()) else {
            continue;
        };
        let span = (w.from().as_second(), w.to().as_second());
        match o
            .cause
            .filter(|c| ctx.contract().exclusions.contains_key(c))
        {
            Some(reason) => r
                .excused
                .entry(ExcuseReason::Exclusion(reason))
                .or_default()
                .push(span),
            None => r.counted.push(span),
        }
    }
    // Per change: the end of the announced window when its downtime is excused (Q8); work that
    // runs past that end was not announced, and that part counts. A change that needs no notice
    // is excused over its whole window.
    let excused_until: BTreeMap<&str, (i64, ExcuseReason)> = notices
        .iter()
        .filter(|n| n.downtime_excused)
        .map(|n| {
            let (end, why) = match n.announced_window {
                Some(w) => (w.to, ExcuseReason::AnnouncedMaintenance),
                None => (n.window.to, ExcuseReason::NoNoticeNeeded),
            };
            (n.change.as_str(), (end.timestamp(), why))
        })
        .collect();
    for c in log.changes() {
        let Some(p) = c
            .performed
            .as_ref()
            .filter(|p| p.at <= as_of && p.window.from() <= as_of)
        else {
            continue;
        };
        let w = p.window.until(as_of);
        let (from, to) = (w.from().as_second(), w.to().as_second());
        if to <= from {
            continue;
        }
        let (split, why) = excused_until
            .get(&*c.id)
            .map_or((from, ExcuseReason::AnnouncedMaintenance), |&(end, why)| {
                (end.clamp(from, to), why)
            });
        for (name, r) in raw.iter_mut() {
            if p.component.as_deref().is_some_and(|c| c != *name) {
                continue;
            }
            if split > from {
                r.excused.entry(why).or_default().push((from, split));
            }
            if to > split {
                r.counted.push((split, to));
            }
        }
    }
    let mut sources: BTreeMap<String, Sources> = BTreeMap::new();
    for (name, r) in raw {
        sources.insert(name.to_owned(), build(r)?);
    }
    // Excused maintenance excuses whatever else happened inside its window.
    for s in sources.values_mut() {
        for why in [
            ExcuseReason::AnnouncedMaintenance,
            ExcuseReason::NoNoticeNeeded,
        ] {
            if let Some(m) = s.excused.get(&why) {
                s.counted = s.counted.difference(m);
            }
        }
    }
    let platform = ctx.contract().settings.platform;
    let mut scopes: Vec<(String, bool, &Sources)> = Vec::new();
    let union;
    if platform == PlatformDowntime::UnionOfComponents {
        let mut all = Sources::default();
        for s in sources.values() {
            all.counted = all.counted.union(&s.counted);
            for (k, v) in &s.excused {
                let e = all.excused.entry(*k).or_default();
                *e = e.union(v);
            }
        }
        union = all;
        scopes.push(("platform".to_owned(), true, &union));
    }
    for (name, s) in &sources {
        scopes.push((name.clone(), platform == PlatformDowntime::EachComponent, s));
    }
    let mut kinds = vec![objective.period];
    kinds.extend(
        objective
            .report_periods
            .iter()
            .filter(|k| **k != objective.period),
    );
    let mut out = Vec::new();
    for kind in kinds {
        for period in periods(ctx, kind, years)? {
            // A period that has not begun as of the evaluation instant says nothing yet.
            if period.window.from() > ctx.as_of {
                continue;
            }
            let period = period.with_open_time(ctx)?;
            for (scope, judged_scope, s) in &scopes {
                let judged = *judged_scope && kind == objective.period;
                out.push(verdict(ctx, &period, scope, judged, s)?);
            }
        }
    }
    if let Some(w) = window.filter(|w| !w.is_empty()) {
        let period = Period {
            kind: PeriodKind::Window,
            label: format!("{}/{}", ctx.show(w.from()), ctx.show(w.to())),
            window: w,
            open: None,
        }
        .with_open_time(ctx)?;
        for (scope, _, s) in &scopes {
            out.push(verdict(ctx, &period, scope, false, s)?);
        }
    }
    Ok(out)
}

fn build(r: Raw) -> Result<Sources, EvaluationError> {
    let counted = IntervalSet::from_unsorted(r.counted)?;
    let mut excused = BTreeMap::new();
    for (k, v) in r.excused {
        excused.insert(k, IntervalSet::from_unsorted(v)?);
    }
    Ok(Sources { counted, excused })
}

/// The periods of a kind that cover the years `first..=last`, in the calendar's zone.
fn periods(
    ctx: &Context<'_>,
    kind: PeriodKind,
    years: (i32, i32),
) -> Result<Vec<Period>, CalendarError> {
    // Years outside those a calendar can hold are refused, not walked: `--year 1-2000000000`
    // would be billions of periods, and the year after i32::MAX does not exist.
    if years.0 <= years.1 && (years.0 < 1 || years.1 > 9998) {
        return Err(CalendarError::BadYears {
            first: years.0,
            last: years.1,
        });
    }
    let mut out = Vec::new();
    let date = |y: i32, m: u32| {
        NaiveDate::from_ymd_opt(y, m, 1).ok_or(CalendarError::BadYears {
            first: years.0,
            last: years.1,
        })
    };
    for y in years.0..=years.1 {
        let starts: Vec<(u32, String)> = match kind {
            PeriodKind::Year => vec![(1, format!("{y}"))],
            PeriodKind::Quarter => (0..4)
                .map(|q| (q * 3 + 1, format!("{y}-Q{}", q + 1)))
                .collect(),
            PeriodKind::Month => (1..=12).map(|m| (m, format!("{y}-{m:02}"))).collect(),
            PeriodKind::Window => Vec::new(),
        };
        let step = match kind {
            PeriodKind::Year => 12,
            PeriodKind::Quarter => 3,
            PeriodKind::Month | PeriodKind::Window => 1,
        };
        for (m, label) in starts {
            let start = date(y, m)?;
            let end_month = m + step;
            let end = if end_month > 12 {
                date(y + 1, end_month - 12)?
            } else {
                date(y, end_month)?
            };
            let (from, to) = (
                ctx.calendar().start_of_day(start)?,
                ctx.calendar().start_of_day(end)?,
            );
            out.push(Period {
                kind,
                label,
                window: Window::new(from, to).map_err(|_| CalendarError::OutOfRange {
                    seconds: from.as_second(),
                })?,
                open: None,
            });
        }
    }
    Ok(out)
}

fn verdict(
    ctx: &Context<'_>,
    p: &Period,
    scope: &str,
    judged: bool,
    s: &Sources,
) -> Result<AvailabilityVerdict, EvaluationError> {
    let objective = &ctx.contract().availability;
    let settings = &ctx.contract().settings;
    let (from, to) = (p.window.from(), p.window.to());
    let window = Interval::new(from.as_second(), to.as_second())?;
    let upto = ctx.as_of.clamp(from, to);
    let open = p.open.as_ref();
    let within = |set: &IntervalSet| -> IntervalSet {
        let clipped = set.clip(window);
        match open {
            None => clipped,
            Some(o) => clipped.intersection(o),
        }
    };
    let counted = within(&s.counted);
    let downtime = counted.measure();
    let period_seconds = match open {
        None => p.window.seconds(),
        Some(o) => o.measure(),
    };
    let spans = |set: &IntervalSet| -> Vec<Span> {
        set.iter()
            .filter_map(|iv| {
                let a = Timestamp::from_second(iv.start()).ok()?;
                let b = Timestamp::from_second(iv.end()).ok()?;
                Some(ctx.span(a, b))
            })
            .collect()
    };
    let excused = s
        .excused
        .iter()
        .map(|(k, v)| {
            let net = within(v).difference(&counted);
            Excused {
                reason: *k,
                seconds: net.measure(),
                intervals: spans(&net),
            }
        })
        .filter(|e| e.seconds > 0)
        .collect();
    let target = objective.target_percent;
    let ratio = Ratio::new(period_seconds - downtime, period_seconds);
    // Exact: up / period >= target / 100  <=>  up * 100 >= target * period.
    let kept = match settings.boundary {
        Boundary::Inclusive => ratio.at_least(target),
        Boundary::Exclusive => ratio.above(target),
    };
    let hundred = Decimal::ONE_HUNDRED;
    let budget = ((hundred - target) * Decimal::from(period_seconds) / hundred)
        .round_dp_with_strategy(0, RoundingStrategy::ToNegativeInfinity);
    let budget_seconds = i64::try_from(budget).unwrap_or(i64::MAX);
    let over = ctx.as_of >= to;
    let outcome = match (kept, over) {
        (false, _) => Outcome::Breached,
        (true, true) => Outcome::Met,
        (true, false) => Outcome::Pending,
    };
    Ok(AvailabilityVerdict {
        scope: scope.to_owned(),
        period: p.kind,
        label: p.label.clone(),
        judged,
        from: ctx.instant(from),
        to: ctx.instant(to),
        as_of: (upto < to).then(|| ctx.instant(upto)),
        outcome,
        period_seconds,
        downtime_seconds: downtime,
        availability: ratio,
        availability_percent: ratio.percent_down(objective.percent_places),
        target_percent: target,
        budget_seconds,
        budget_left_seconds: budget_seconds - downtime,
        excused,
        downtime: spans(&counted),
    })
}

/// The outages of components the objective does not judge, by component, up to the
/// evaluation instant: accepted lines must not count nowhere without a word.
pub(crate) fn outside_objective(ctx: &Context<'_>, log: &EventLog) -> Vec<OutsideObjective> {
    let core = &ctx.contract().availability.components;
    #[derive(Default)]
    struct Seen {
        outages: u64,
        spans: Vec<(i64, i64)>,
    }
    let mut by: BTreeMap<std::sync::Arc<str>, Seen> = BTreeMap::new();
    for o in log.outages() {
        if core.iter().any(|c| **c == *o.component) || o.from > ctx.as_of {
            continue;
        }
        let seen = by.entry(o.component.clone()).or_default();
        seen.outages += 1;
        if let Some(w) = o.window_until(ctx.as_of) {
            seen.spans.push((w.from().as_second(), w.to().as_second()));
        }
    }
    by.into_iter()
        .map(|(component, seen)| OutsideObjective {
            component: component.to_string(),
            outages: seen.outages,
            seconds: IntervalSet::from_unsorted(seen.spans).map_or(0, |s| s.measure()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_rounded_down_and_written_with_all_its_places() {
        let year = 31_536_000;
        let p = |up| Ratio::new(up, year).percent_down(3).map(|d| d.to_string());
        // Exactly 99.5 %: written 99.500, not 99.50.
        assert_eq!(p(31_378_320).as_deref(), Some("99.500"));
        // One second less: 99.4999968... rounded down, never up to 99.500.
        assert_eq!(p(31_378_319).as_deref(), Some("99.499"));
        assert_eq!(p(year).as_deref(), Some("100.000"));
        assert_eq!(
            Ratio::new(0, year).percent_down(0).map(|d| d.to_string()),
            Some("0".to_owned())
        );
        assert_eq!(Ratio::new(0, 0).percent_down(3), None);
    }
}
