//! Announced changes into notice verdicts (clauses 3.1(4), 4.3, 5.1(4); questions Q8-Q10).

use chrono::{Days, NaiveDate};

use super::Context;
use crate::CalendarError;
use crate::contract::{Boundary, LeadUnit, MaintenanceDowntime, NoticeCounting, NoticeRule};
use crate::event::ChangeLog;
use crate::report::{NoticeVerdict, Outcome};

/// The notice verdict on one change; `None` if nothing about it is known as of the evaluation
/// instant.
pub(crate) fn evaluate(ctx: &Context<'_>, change: &ChangeLog) -> Option<NoticeVerdict> {
    let as_of = ctx.as_of;
    let kind = change.kind?;
    let performed = change.performed.filter(|(from, _)| *from <= as_of);
    let announcements: Vec<_> = change
        .announcements
        .iter()
        .filter(|(at, _, _)| *at <= as_of)
        .collect();
    let (from, to) = match (performed, announcements.last()) {
        (Some(w), _) => w,
        (None, Some(&&(_, f, t))) => (f, t),
        (None, None) => return None,
    };
    // The notice that counts: the last announcement before the window started says which window
    // the customer expected; earlier announcements of that same window (a reminder repeats it)
    // keep the earliest notice of it. Work that starts outside the announced window was not
    // announced: a changed window needs new notice.
    let before: Vec<(i64, i64, i64)> = announcements
        .iter()
        .map(|a| **a)
        .filter(|(at, _, _)| *at < from)
        .collect();
    let announced = before.last().map(|&(last, f, t)| {
        let first = before
            .iter()
            .rev()
            .take_while(|&&(_, f2, t2)| (f2, t2) == (f, t))
            .map(|&(at, _, _)| at)
            .last()
            .unwrap_or(last);
        (first, f, t)
    });
    let outside = announced.filter(|&(_, f, t)| from < f || from >= t.max(f + 1));
    let notice = announced.filter(|_| outside.is_none()).map(|(at, _, _)| at);
    let mut v = NoticeVerdict {
        change: change.id.clone(),
        kind,
        clause: String::new(),
        outcome: Outcome::Undetermined,
        noticed_at: notice.map(|t| ctx.instant(t)),
        window_from: ctx.instant(from),
        window_to: ctx.instant(to),
        performed: performed.is_some(),
        announced_window: announced.map(|(_, f, t)| (ctx.instant(f), ctx.instant(t))),
        required: String::new(),
        notice_due_by: None,
        service_hours_seconds: 0,
        downtime_excused: false,
        reasoning: Vec::new(),
        calendar_facts: Vec::new(),
    };
    let Some(rule) = ctx.contract.notice_rule(kind) else {
        v.reasoning
            .push(format!("the contract has no notice rule for {kind}"));
        return Some(v);
    };
    v.clause = rule.clause.clone();
    v.required = format!("{} {}", rule.lead, rule.unit);
    if let Some((_, f, t)) = outside {
        v.reasoning.push(format!(
            "started at {}, outside the announced window {} to {}",
            ctx.show(from),
            ctx.show(f),
            ctx.show(t)
        ));
    }
    let late_notice = announcements.iter().map(|a| a.0).find(|at| *at >= from);
    if let Err(e) = decide(ctx, rule, (notice, late_notice), from, to, &mut v) {
        v.outcome = Outcome::Undetermined;
        v.reasoning.push(e.to_string());
    }
    Some(v)
}

fn decide(
    ctx: &Context<'_>,
    rule: &NoticeRule,
    (notice, late_notice): (Option<i64>, Option<i64>),
    from: i64,
    to: i64,
    v: &mut NoticeVerdict,
) -> Result<(), CalendarError> {
    let settings = &ctx.contract.settings;
    let cal = ctx.calendar;
    v.service_hours_seconds = cal.between_unix(from, to.max(from))?;
    if !rule.required {
        v.outcome = Outcome::Exempt;
        v.reasoning
            .push(format!("needs no notice (clause {})", rule.clause));
        return Ok(());
    }
    let due = due_by(ctx, rule, from, v)?;
    v.notice_due_by = Some(ctx.instant(due));
    let inclusive = settings.boundary == Boundary::Inclusive;
    v.outcome = match notice {
        // Started outside its announced window: already said why.
        None if v.performed && v.announced_window.is_some() => Outcome::Breached,
        None if v.performed => {
            v.reasoning.push(match late_notice {
                Some(at) => format!("announced only at {}, after it started", ctx.show(at)),
                None => "carried out without any announcement".to_owned(),
            });
            Outcome::Breached
        }
        None => {
            v.reasoning
                .push("announced only after the announced window started".to_owned());
            Outcome::Breached
        }
        Some(n) if (inclusive && n <= due) || (!inclusive && n < due) => Outcome::Met,
        Some(n) => {
            v.reasoning.push(format!(
                "notice at {} is after {} ({} late)",
                ctx.show(n),
                ctx.show(due),
                crate::format_duration(n - due)
            ));
            Outcome::Breached
        }
    };
    if let Some(n) = notice {
        v.calendar_facts = cal
            .facts_unix(n.min(from), from)
            .iter()
            .map(ToString::to_string)
            .collect();
    }
    // Q8: announced downtime is excused only if the notice was in time and the window was held
    // outside service hours, whatever the kind of change (4.3 asks it of maintenance; Q8 of all).
    let inside = v.service_hours_seconds > 0;
    if inside {
        v.reasoning.push(format!(
            "the window overlaps {} of service hours{}",
            crate::format_duration(v.service_hours_seconds),
            if rule.outside_service_hours {
                format!("; clause {} has maintenance outside them", rule.clause)
            } else {
                String::new()
            }
        ));
    }
    v.downtime_excused = v.performed
        && v.outcome == Outcome::Met
        && !inside
        && settings.maintenance == MaintenanceDowntime::ExcusedIfNoticed;
    if let Some((_, end)) = v.announced_window
        && v.performed
        && end.timestamp() < to
    {
        v.reasoning.push(format!(
            "ran past its announced end {}: the {} after it were not announced and count as downtime",
            end.to_rfc3339(),
            crate::format_duration(to - end.timestamp())
        ));
    }
    if v.performed {
        v.reasoning
            .push(match (v.downtime_excused, settings.maintenance) {
                (true, _) => "its downtime is excused from availability (Q8)".to_owned(),
                (false, MaintenanceDowntime::AlwaysCounts) => {
                    "its downtime counts: maintenance always counts (Q8)".to_owned()
                }
                (false, _) => {
                    "its downtime counts: notice or timing not as required (Q8)".to_owned()
                }
            });
    }
    Ok(())
}

/// The last instant a notice may be given for a window starting at `from`.
fn due_by(
    ctx: &Context<'_>,
    rule: &NoticeRule,
    from: i64,
    v: &mut NoticeVerdict,
) -> Result<i64, CalendarError> {
    let cal = ctx.calendar;
    let lead = rule.lead;
    if lead == 0 {
        v.reasoning.push(format!(
            "must be announced before it starts (clause {})",
            rule.clause
        ));
        return Ok(from - 1);
    }
    let counting = ctx.contract.settings.notice_counting;
    let working = match counting {
        NoticeCounting::WholeDays => {
            let due = from - i64::from(lead) * 86_400;
            v.reasoning.push(format!(
                "{lead} {} counted as whole 24-hour periods before the start (Q9)",
                rule.unit
            ));
            return Ok(due);
        }
        NoticeCounting::WorkingDays => true,
        NoticeCounting::AsWritten => rule.unit == LeadUnit::WorkingDays,
    };
    let day = cal.local_date_unix(from)?;
    let due_day: NaiveDate = if working {
        let d = cal.working_day_before(day, lead)?;
        v.reasoning.push(format!(
            "the working day {lead} working days before {day} is {d}; notice by its end (Q9)"
        ));
        d
    } else {
        let d = day
            .checked_sub_days(Days::new(lead.into()))
            .ok_or(CalendarError::OutOfRange { seconds: from })?;
        v.reasoning.push(format!(
            "{lead} calendar days before {day} is {d}; notice by its end (Q9)"
        ));
        d
    };
    let next = due_day
        .succ_opt()
        .ok_or(CalendarError::OutOfRange { seconds: from })?;
    Ok(cal.start_of_day_unix(next) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{ChangeKind, Contract};

    fn t(s: &str) -> i64 {
        crate::parse_timestamp(s).unwrap()
    }

    #[test]
    fn a_reminder_of_the_same_window_keeps_the_first_notice() {
        // Maintenance Sat 2025-03-15 22:00-23:00, due by 2025-03-12 23:59:59 (3 days, 4.3).
        let contract = Contract::seed();
        let calendar = contract.preset_calendar().unwrap();
        let ev = super::super::Evaluator::new(&contract, &calendar);
        let ctx = ev.context(t("2025-03-16T00:00:00+08:00"));
        let (from, to) = (
            t("2025-03-15T22:00:00+08:00"),
            t("2025-03-15T23:00:00+08:00"),
        );
        let early = t("2025-03-03T10:00:00+08:00");
        let late = t("2025-03-14T10:00:00+08:00");
        let change = |announcements| ChangeLog {
            id: "CHG-1".to_owned(),
            kind: Some(ChangeKind::Maintenance),
            announcements,
            performed: None,
            component: None,
        };
        // Announced 3/3, reminded 3/14: the notice is that of 3/3 → met.
        let v = evaluate(&ctx, &change(vec![(early, from, to), (late, from, to)])).unwrap();
        assert_eq!(v.noticed_at.map(|n| n.timestamp()), Some(early));
        assert_eq!(v.outcome, Outcome::Met);
        // Announced 3/3 for another window, moved on 3/14: the notice of this window is 3/14.
        let moved = vec![(early, from - 86_400, to - 86_400), (late, from, to)];
        let v = evaluate(&ctx, &change(moved)).unwrap();
        assert_eq!(v.noticed_at.map(|n| n.timestamp()), Some(late));
        assert_eq!(v.outcome, Outcome::Breached);
    }
}
