//! Recurring obligations (clause 2.2): the gaps between backups, and between upgrades.

use super::Context;
use crate::Timestamp;
use crate::contract::{ChangeKind, Obligation, RecurringRule};
use crate::event::EventLog;
use crate::report::{Outcome, RecurringVerdict};

/// The verdict on one recurring obligation as of the evaluation instant.
///
/// Gaps are measured between consecutive occurrences and from the last one to the evaluation
/// instant; the time before the first occurrence in the log is not judged (the log may simply
/// start there). A log with no occurrence at all is `undetermined`: it does not record the
/// obligation, which is not the same as the obligation being missed.
pub(crate) fn evaluate(
    ctx: &Context<'_>,
    log: &EventLog,
    rule: &RecurringRule,
) -> RecurringVerdict {
    let as_of = ctx.as_of;
    let mut times: Vec<Timestamp> = match rule.obligation {
        Obligation::Backup => log
            .backups()
            .iter()
            .copied()
            .filter(|t| *t <= as_of)
            .collect(),
        Obligation::Upgrade => log
            .changes()
            .filter(|c| c.kind == Some(ChangeKind::Upgrade))
            .filter_map(|c| c.performed.as_ref())
            .filter(|p| p.at <= as_of)
            .map(|p| p.window.from())
            .filter(|t| *t <= as_of)
            .collect(),
    };
    times.sort_unstable();
    let limit = i64::from(rule.every_days) * 86_400;
    let mut v = RecurringVerdict {
        obligation: rule.obligation,
        clause: rule.clause.clone(),
        every_days: rule.every_days,
        outcome: Outcome::Undetermined,
        occurrences: times.len(),
        longest_gap_seconds: 0,
        gaps_over: Vec::new(),
        next_due: None,
        problem: None,
    };
    let Some(&last) = times.last() else {
        v.problem = Some(format!(
            "the log records no {} before the evaluation instant: not checked",
            rule.obligation
        ));
        return v;
    };
    for pair in times
        .windows(2)
        .map(|w| (w.first(), w.last()))
        .chain([(Some(&last), Some(&as_of))])
    {
        let (Some(&a), Some(&b)) = pair else { continue };
        let gap = b.seconds_since(a);
        v.longest_gap_seconds = v.longest_gap_seconds.max(gap);
        if gap > limit {
            v.gaps_over.push(ctx.span(a, b));
        }
    }
    v.next_due = Some(ctx.instant(last.saturating_add(limit)));
    v.outcome = if v.gaps_over.is_empty() {
        Outcome::Met
    } else {
        Outcome::Breached
    };
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::Evaluator;
    use crate::event::{Event, EventBody};

    const DAY: i64 = 86_400;
    const T0: i64 = 1_735_660_800; // 2025-01-01T00:00:00+08:00

    fn at(offset: i64) -> Timestamp {
        Timestamp::from_second(T0 + offset).unwrap()
    }

    fn backup_rule() -> RecurringRule {
        RecurringRule {
            obligation: Obligation::Backup,
            clause: "2.2(2)".into(),
            every_days: 7,
        }
    }

    fn backups(ev: &Evaluator, days: &[i64]) -> EventLog {
        let mut log = ev.new_log("t");
        for d in days {
            log.push(Event {
                at: at(d * DAY),
                body: EventBody::BackupCompleted,
            })
            .unwrap();
        }
        log
    }

    #[test]
    fn clause_2_2_a_backup_gap_over_seven_days_is_a_breach() {
        let ev = Evaluator::seed().unwrap();
        let log = backups(&ev, &[1, 5, 14]);
        // Gaps: 4 days, 9 days (over 7), and 2 days to the evaluation instant.
        let v = evaluate(&ev.context(at(16 * DAY)), &log, &backup_rule());
        assert_eq!(v.outcome, Outcome::Breached);
        assert_eq!(v.occurrences, 3);
        assert_eq!(v.longest_gap_seconds, 9 * DAY);
        assert_eq!(v.gaps_over.len(), 1);
        assert_eq!(v.next_due.map(|t| t.timestamp()), Some(T0 + 21 * DAY));
        // Exactly 7 days is allowed; the open gap counts once it is over.
        let log = backups(&ev, &[0, 7]);
        assert_eq!(
            evaluate(&ev.context(at(14 * DAY)), &log, &backup_rule()).outcome,
            Outcome::Met
        );
        assert_eq!(
            evaluate(&ev.context(at(14 * DAY + 1)), &log, &backup_rule()).outcome,
            Outcome::Breached
        );
    }

    #[test]
    fn clause_2_2_a_log_without_backups_is_not_judged() {
        let ev = Evaluator::seed().unwrap();
        let v = evaluate(&ev.context(at(0)), &ev.new_log("t"), &backup_rule());
        assert_eq!(v.outcome, Outcome::Undetermined);
        assert_eq!(
            v.problem.as_deref(),
            Some("the log records no backup before the evaluation instant: not checked")
        );
    }
}
