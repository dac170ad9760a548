//! Announced changes into notice verdicts (clauses 3.1(4), 4.3, 5.1(4); questions Q8-Q10).

use chrono::{Days, NaiveDate};

use super::Context;
use crate::contract::{
    Boundary, LeadUnit, MaintenanceDowntime, MinorPatchDowntime, NoticeCounting, NoticeRule,
};
use crate::event::{Announcement, ChangeLog};
use crate::report::{NoticeVerdict, Outcome};
use crate::{CalendarError, Timestamp, Window};

/// The notice verdict on one change; `None` if nothing about it is known as of the evaluation
/// instant.
pub(crate) fn evaluate(ctx: &Context<'_>, change: &ChangeLog) -> Option<NoticeVerdict> {
    let as_of = ctx.as_of;
    let kind = change.kind?;
    // A performance record is known from when it was written (its end, unless it says).
    let performed = change
        .performed
        .as_ref()
        .filter(|p| p.at <= as_of && p.window.from() <= as_of)
        .map(|p| p.window);
    let announcements: Vec<&Announcement> = change
        .announcements
        .iter()
        .filter(|a| a.at <= as_of)
        .collect();
    let window = match (performed, announcements.last()) {
        (Some(w), _) => w,
        (None, Some(a)) => a.window,
        (None, None) => return None,
    };
    let (from, to) = (window.from(), window.to());
    // The notice that counts: the last announcement before the window started says which window
    // the customer expected; earlier announcements of that same window (a reminder repeats it)
    // keep the earliest notice of it. Work that starts outside the announced window was not
    // announced: a changed window needs new notice.
    let before: Vec<&Announcement> = announcements
        .iter()
        .copied()
        .filter(|a| a.at < from)
        .collect();
    let announced = before.last().map(|last| {
        let first = before
            .iter()
            .rev()
            .take_while(|a| a.window == last.window)
            .map(|a| a.at)
            .last()
            .unwrap_or(last.at);
        (first, last.window)
    });
    let outside = announced
        .filter(|&(_, w)| from < w.from() || from >= w.to().max(w.from().saturating_add(1)));
    let notice = announced.filter(|_| outside.is_none()).map(|(at, _)| at);
    let mut v = NoticeVerdict {
        change: change.id.to_string(),
        kind,
        clause: String::new(),
        outcome: Outcome::Undetermined,
        noticed_at: notice.map(|t| ctx.instant(t)),
        window: ctx.span(from, to),
        performed: performed.map(|w| ctx.span(w.from(), w.to())),
        announced_window: announced.map(|(_, w)| ctx.span(w.from(), w.to())),
        required: String::new(),
        notice_due_by: None,
        service_hours_seconds: 0,
        downtime_excused: false,
        downtime_counts_because: None,
        reasoning: Vec::new(),
        calendar_facts: Vec::new(),
    };
    let Some(rule) = ctx.contract().notice_rule(kind) else {
        v.reasoning
            .push(format!("the contract has no notice rule for {kind}"));
        return Some(v);
    };
    v.clause = rule.clause.clone();
    v.required = format!("{} {}", rule.lead, rule.unit);
    if let Some((_, w)) = outside {
        v.reasoning.push(format!(
            "started at {}, outside the announced window {} to {}",
            ctx.show(from),
            ctx.show(w.from()),
            ctx.show(w.to())
        ));
    }
    let late_notice = announcements.iter().map(|a| a.at).find(|at| *at >= from);
    if let Err(e) = decide(ctx, rule, (notice, late_notice), window, &mut v) {
        v.outcome = Outcome::Undetermined;
        v.reasoning.push(e.to_string());
    }
    Some(v)
}

fn decide(
    ctx: &Context<'_>,
    rule: &NoticeRule,
    (notice, late_notice): (Option<Timestamp>, Option<Timestamp>),
    window: Window,
    v: &mut NoticeVerdict,
) -> Result<(), CalendarError> {
    let settings = &ctx.contract().settings;
    let cal = ctx.calendar();
    let (from, to) = (window.from(), window.to());
    v.service_hours_seconds = cal.between(from, to)?;
    let inside = v.service_hours_seconds > 0;
    let hours_matter = rule.outside_service_hours && inside;
    if inside {
        v.reasoning.push(format!(
            "the window overlaps {} of service hours{}",
            crate::format_duration(v.service_hours_seconds),
            if rule.outside_service_hours {
                format!("; clause {} has the work outside them", rule.clause)
            } else {
                format!("; clause {} allows that", rule.clause)
            }
        ));
    }
    let performed = v.performed.is_some();
    let always_counts = settings.maintenance == MaintenanceDowntime::AlwaysCounts;
    if !rule.required {
        v.outcome = Outcome::Exempt;
        v.reasoning
            .push(format!("needs no notice (clause {})", rule.clause));
        // A change that needs no notice is excused like announced maintenance when held where
        // the rule allows (outside service hours, for a minor patch), unless a setting says it
        // counts.
        if performed {
            let counts_because = if hours_matter {
                Some("held in service hours".to_owned())
            } else if always_counts {
                Some("maintenance always counts (Q8)".to_owned())
            } else if settings.minor_patch_downtime == MinorPatchDowntime::Counts {
                Some("changes without notice count (minor_patch_downtime)".to_owned())
            } else {
                None
            };
            v.downtime_excused = counts_because.is_none();
            v.reasoning.push(match &counts_because {
                None => {
                    "its downtime is excused from availability (minor_patch_downtime)".to_owned()
                }
                Some(why) => format!("its downtime counts: {why}"),
            });
            v.downtime_counts_because = counts_because;
        }
        return Ok(());
    }
    let due = due_by(ctx, rule, from, v)?;
    v.notice_due_by = Some(ctx.instant(due));
    let inclusive = settings.boundary == Boundary::Inclusive;
    v.outcome = match notice {
        // Started outside its announced window: already said why.
        None if performed && v.announced_window.is_some() => Outcome::Breached,
        None if performed => {
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
                crate::format_duration(n.seconds_since(due))
            ));
            Outcome::Breached
        }
    };
    if let Some(n) = notice {
        v.calendar_facts = cal.facts_between(n.min(from), from);
    }
    if !performed {
        return Ok(());
    }
    // Q8: announced downtime is excused only if the notice was in time and, where the rule asks
    // it (4.3; the seed asks it of every kind), the window was held outside service hours.
    let counts_because = if always_counts {
        Some("maintenance always counts (Q8)".to_owned())
    } else if v.outcome != Outcome::Met {
        Some(if v.noticed_at.is_none() && v.announced_window.is_some() {
            "it started outside its announced window: not announced (Q8)".to_owned()
        } else if v.noticed_at.is_none() {
            "it was not announced before it started (Q8)".to_owned()
        } else {
            "its notice came late (Q8)".to_owned()
        })
    } else if hours_matter {
        Some(format!(
            "held in service hours, which clause {} does not allow for the excuse (Q8)",
            rule.clause
        ))
    } else {
        None
    };
    v.downtime_excused = counts_because.is_none();
    if let Some(end) = v.announced_window.map(|w| w.to)
        && end < v.window.to
    {
        v.reasoning.push(format!(
            "ran past its announced end {}: the {} after it were not announced and count as downtime",
            end.to_rfc3339(),
            crate::format_duration(v.window.to.timestamp() - end.timestamp())
        ));
    }
    v.reasoning.push(match &counts_because {
        None => "its downtime is excused from availability (Q8)".to_owned(),
        Some(why) => format!("its downtime counts: {why}"),
    });
    v.downtime_counts_because = counts_because;
    Ok(())
}

/// The last instant a notice may be given for a window starting at `from`.
fn due_by(
    ctx: &Context<'_>,
    rule: &NoticeRule,
    from: Timestamp,
    v: &mut NoticeVerdict,
) -> Result<Timestamp, CalendarError> {
    let cal = ctx.calendar();
    let out_of_range = CalendarError::OutOfRange {
        seconds: from.as_second(),
    };
    let lead = rule.lead;
    if lead == 0 {
        v.reasoning.push(format!(
            "must be announced before it starts (clause {})",
            rule.clause
        ));
        return from.checked_add(-1).ok_or(out_of_range);
    }
    let counting = ctx.contract().settings.notice_counting;
    let working = match counting {
        NoticeCounting::WholeDays => {
            let due = from
                .checked_add(-i64::from(lead) * 86_400)
                .ok_or(out_of_range.clone())?;
            v.reasoning.push(format!(
                "{lead} {} counted as whole 24-hour periods before the start (Q9)",
                rule.unit
            ));
            return Ok(due);
        }
        NoticeCounting::WorkingDays => true,
        NoticeCounting::AsWritten => rule.unit == LeadUnit::WorkingDays,
    };
    let day = cal.local_date(from);
    let due_day: NaiveDate = if working {
        let d = cal.working_day_before(day, lead)?;
        v.reasoning.push(format!(
            "the working day {lead} working days before {day} is {d}; notice by its end (Q9)"
        ));
        d
    } else {
        let d = day
            .checked_sub_days(Days::new(lead.into()))
            .ok_or(out_of_range.clone())?;
        v.reasoning.push(format!(
            "{lead} calendar days before {day} is {d}; notice by its end (Q9)"
        ));
        d
    };
    let next = due_day.succ_opt().ok_or(out_of_range.clone())?;
    cal.start_of_day(next)?.checked_add(-1).ok_or(out_of_range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::ChangeKind;
    use crate::evaluate::Evaluator;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_reminder_of_the_same_window_keeps_the_first_notice() {
        // Maintenance Sat 2025-03-15 22:00-23:00, due by 2025-03-12 23:59:59 (3 days, 4.3).
        let ev = Evaluator::seed().unwrap();
        let ctx = ev.context(t("2025-03-16T00:00:00+08:00"));
        let window = Window::new(
            t("2025-03-15T22:00:00+08:00"),
            t("2025-03-15T23:00:00+08:00"),
        )
        .unwrap();
        let early = t("2025-03-03T10:00:00+08:00");
        let late = t("2025-03-14T10:00:00+08:00");
        let change = |announcements: Vec<(Timestamp, Window)>| ChangeLog {
            id: "CHG-1".into(),
            kind: Some(ChangeKind::Maintenance),
            announcements: announcements
                .into_iter()
                .enumerate()
                .map(|(i, (at, window))| Announcement {
                    at,
                    line: i as u64 + 1,
                    window,
                })
                .collect(),
            performed: None,
        };
        // Announced 3/3, reminded 3/14: the notice is that of 3/3 → met.
        let v = evaluate(&ctx, &change(vec![(early, window), (late, window)])).unwrap();
        assert_eq!(v.noticed_at.map(|n| n.timestamp()), Some(early.as_second()));
        assert_eq!(v.outcome, Outcome::Met);
        // Announced 3/3 for another window, moved on 3/14: the notice of this window is 3/14.
        let day_before = Window::new(
            window.from().checked_add(-86_400).unwrap(),
            window.to().checked_add(-86_400).unwrap(),
        )
        .unwrap();
        let v = evaluate(&ctx, &change(vec![(early, day_before), (late, window)])).unwrap();
        assert_eq!(v.noticed_at.map(|n| n.timestamp()), Some(late.as_second()));
        assert_eq!(v.outcome, Outcome::Breached);
    }
}
