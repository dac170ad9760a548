//! Notice clauses: 3.1(4) scheduled upgrades (5 working days) and urgent security upgrades (as
//! soon as possible, before they start), 4.3 maintenance (3 days), 5.1(4) minor patches (no
//! notice). Q9 default (`as_written`): "days" are calendar dates, "working days" are working days
//! of the cn-standard calendar; a notice is due by the end (23:59:59) of the day it falls on.
#![cfg(feature = "formats")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod contract_support;

use contract_support::*;
use sla_engine::contract::ChangeKind;
use sla_engine::report::Outcome;

#[test]
fn clause_3_1_4_upgrade_5_working_days_counted_across_national_day() {
    // Upgrade Mon 2025-10-13 20:00-22:00. Counting working days back from 10/13: Sat 10/11 (an
    // adjusted working day) 1, Fri 10/10 2, Thu 10/9 3, (10/1-10/8 off) Tue 9/30 4, Mon 9/29 5 →
    // notice due by 2025-09-29 23:59:59.
    // UPG-1 noticed 9/29 17:00 → met. UPG-2 noticed 9/30 09:00 → breached (9 h 1 s late).
    let window = ("2025-10-13 20:00", "2025-10-13 22:00");
    let r = seed_at(
        &[
            announced("UPG-1", "2025-09-29 17:00", "upgrade", window.0, window.1),
            announced("UPG-2", "2025-09-30 09:00", "upgrade", window.0, window.1),
        ],
        "2025-10-14 00:00",
    );
    let n = notice(&r, "UPG-1");
    assert_eq!(
        (n.outcome, shown(n.notice_due_by)),
        (Outcome::Met, ts("2025-09-29 23:59:59"))
    );
    assert_eq!((n.kind, n.clause.as_str()), (ChangeKind::Upgrade, "3.1(4)"));
    assert_eq!(n.required, "5 working_days");
    assert!(
        n.reasoning
            .iter()
            .any(|s| s.contains("the working day 5 working days before 2025-10-13 is 2025-09-29")),
        "{:?}",
        n.reasoning
    );
    assert!(
        n.calendar_facts
            .iter()
            .any(|f| f.to_string() == "2025-10-11 (Sat) is an adjusted working day (National Day)"),
        "{:?}",
        n.calendar_facts
    );
    let n = notice(&r, "UPG-2");
    assert_eq!(n.outcome, Outcome::Breached);
    assert!(
        n.reasoning.iter().any(|s| s.contains("(9h1s late)")),
        "{:?}",
        n.reasoning
    );
}

#[test]
fn clause_3_1_4_upgrade_exactly_5_working_days_in_a_plain_week() {
    // Upgrade Mon 3/17 10:00: 3/14, 3/13, 3/12, 3/11, 3/10 → due Mon 3/10 23:59:59.
    // Noticed 3/10 23:59:59 → met (Q10 inclusive); noticed 3/11 00:00:00 → breached by 1 s.
    let window = ("2025-03-17 10:00", "2025-03-17 12:00");
    let r = seed_at(
        &[
            announced(
                "UPG-1",
                "2025-03-10 23:59:59",
                "upgrade",
                window.0,
                window.1,
            ),
            announced(
                "UPG-2",
                "2025-03-11 00:00:00",
                "upgrade",
                window.0,
                window.1,
            ),
        ],
        "2025-03-18 00:00",
    );
    assert_eq!(notice(&r, "UPG-1").outcome, Outcome::Met);
    let n = notice(&r, "UPG-2");
    assert_eq!(n.outcome, Outcome::Breached);
    assert!(
        n.reasoning.iter().any(|s| s.contains("(1s late)")),
        "{:?}",
        n.reasoning
    );
}

#[test]
fn clause_4_3_maintenance_3_days() {
    // Maintenance Sat 3/8 22:00-23:00: 3 calendar days before 3/8 is 3/5 → due 3/5 23:59:59.
    // CHG-1 noticed 3/5 23:59:59 → met; CHG-2 noticed 3/6 00:00:00 → breached by 1 s.
    let window = ("2025-03-08 22:00", "2025-03-08 23:00");
    let r = seed_at(
        &[
            announced(
                "CHG-1",
                "2025-03-05 23:59:59",
                "maintenance",
                window.0,
                window.1,
            ),
            announced(
                "CHG-2",
                "2025-03-06 00:00:00",
                "maintenance",
                window.0,
                window.1,
            ),
        ],
        "2025-03-09 00:00",
    );
    let n = notice(&r, "CHG-1");
    assert_eq!(
        (n.outcome, shown(n.notice_due_by)),
        (Outcome::Met, ts("2025-03-05 23:59:59"))
    );
    assert_eq!((n.clause.as_str(), n.required.as_str()), ("4.3", "3 days"));
    // Announced, not (yet) performed: nothing to excuse.
    assert!(n.performed.is_none() && !n.downtime_excused);
    assert_eq!(notice(&r, "CHG-2").outcome, Outcome::Breached);
}

#[test]
fn clause_4_3_maintenance_3_days_counts_calendar_days_not_working_days() {
    // Maintenance Tue 2025-10-07 22:00 (inside the National Day holiday): 3 calendar days before is
    // Sat 10/4, a day off; the notice is still due by 10/4 23:59:59 (Q9 as_written).
    // Noticed Sat 10/4 20:00 → met.
    let r = seed_at(
        &[announced(
            "CHG-1",
            "2025-10-04 20:00",
            "maintenance",
            "2025-10-07 22:00",
            "2025-10-07 23:00",
        )],
        "2025-10-08 00:00",
    );
    let n = notice(&r, "CHG-1");
    assert_eq!(
        (n.outcome, shown(n.notice_due_by)),
        (Outcome::Met, ts("2025-10-04 23:59:59"))
    );
}

#[test]
fn clause_3_1_4_security_upgrade_no_minimum_lead() {
    // An urgent security upgrade needs no minimum lead, only an announcement before it starts:
    // window Tue 3/4 14:00-16:00, due by 13:59:59 (the last second before it).
    // SEC-1 noticed 13:59 → met; SEC-2 noticed 14:00:00, as it starts: not before → breached.
    let r = seed_at(
        &[
            announced(
                "SEC-1",
                "2025-03-04 13:59",
                "security_upgrade",
                "2025-03-04 14:00",
                "2025-03-04 16:00",
            ),
            performed("SEC-1", "", "2025-03-04 14:00", "2025-03-04 16:00", ""),
            announced(
                "SEC-2",
                "2025-03-04 14:00",
                "security_upgrade",
                "2025-03-04 14:00",
                "2025-03-04 16:00",
            ),
            performed("SEC-2", "", "2025-03-04 14:00", "2025-03-04 16:00", ""),
        ],
        "2025-03-04 17:00",
    );
    for (id, outcome) in [("SEC-1", Outcome::Met), ("SEC-2", Outcome::Breached)] {
        let n = notice(&r, id);
        assert_eq!(
            (n.outcome, shown(n.notice_due_by), n.required.as_str()),
            (outcome, ts("2025-03-04 13:59:59"), "0 days"),
            "{id}"
        );
    }
}

#[test]
fn clause_3_1_4_security_upgrade_announced_after_start_is_breached() {
    // SEC-1: announced Tue 3/4 14:30 for a window that started 14:00 (not performed yet as far as
    // the log knows) → breached.
    // SEC-2: performed 14:00-16:00 (recorded at 16:00), announced only at 14:30 → no announcement
    // before it started → breached.
    let r = seed_at(
        &[
            announced(
                "SEC-1",
                "2025-03-04 14:30",
                "security_upgrade",
                "2025-03-04 14:00",
                "2025-03-04 16:00",
            ),
            announced(
                "SEC-2",
                "2025-03-04 14:30",
                "security_upgrade",
                "2025-03-04 14:00",
                "2025-03-04 16:00",
            ),
            performed_at(
                "SEC-2",
                "2025-03-04 16:00",
                "",
                "2025-03-04 14:00",
                "2025-03-04 16:00",
            ),
        ],
        "2025-03-04 17:00",
    );
    let n = notice(&r, "SEC-1");
    assert_eq!((n.outcome, n.noticed_at), (Outcome::Breached, None));
    assert!(
        n.reasoning
            .iter()
            .any(|s| s.contains("announced only after the announced window started")),
        "{:?}",
        n.reasoning
    );
    let n = notice(&r, "SEC-2");
    assert_eq!((n.outcome, n.noticed_at), (Outcome::Breached, None));
    assert!(n.performed.is_some());
}

#[test]
fn clause_5_1_4_minor_patch_needs_no_notice() {
    // A minor patch performed Tue 3/4 10:00-10:05 with no announcement: exempt, never breached.
    let r = seed_at(
        &[performed(
            "PATCH-1",
            "minor_patch",
            "2025-03-04 10:00",
            "2025-03-04 10:05",
            "",
        )],
        "2025-03-04 11:00",
    );
    let n = notice(&r, "PATCH-1");
    assert_eq!((n.outcome, n.clause.as_str()), (Outcome::Exempt, "5.1(4)"));
    assert!(
        n.reasoning
            .iter()
            .any(|s| s == "needs no notice (clause 5.1(4))"),
        "{:?}",
        n.reasoning
    );
    assert_eq!(
        (r.report.notice_tally.exempt, r.report.notice_tally.breached),
        (1, 0)
    );
}

#[test]
fn clause_3_1_4_upgrade_performed_without_any_announcement_is_breached() {
    // An upgrade performed Sat 3/8 22:00-23:00 with no announcement at all → breached, and its
    // hour counts as downtime (3 600 s).
    let r = run(
        &seed_with(&[]),
        &[performed(
            "UPG-1",
            "upgrade",
            "2025-03-08 22:00",
            "2025-03-08 23:00",
            "",
        )],
        years(2025, 2025, "2025-03-09 00:00"),
    );
    let n = notice(&r, "UPG-1");
    assert_eq!((n.outcome, n.noticed_at), (Outcome::Breached, None));
    assert!(
        n.reasoning
            .iter()
            .any(|s| s == "carried out without any announcement"),
        "{:?}",
        n.reasoning
    );
    assert!(!n.downtime_excused);
    assert_eq!(availability(&r, "platform", "2025").downtime_seconds, 3600);
}

#[test]
fn clause_4_3_a_reminder_does_not_make_a_timely_notice_late() {
    // Maintenance Sat 3/15 22:00-23:00 (due by 3/12 23:59:59), announced Mon 3/3 and the same
    // window announced again as a reminder on Fri 3/14. The customer knew 12 days ahead: met.
    let window = ("2025-03-15 22:00", "2025-03-15 23:00");
    let r = seed_at(
        &[
            announced(
                "CHG-1",
                "2025-03-03 10:00",
                "maintenance",
                window.0,
                window.1,
            ),
            announced(
                "CHG-1",
                "2025-03-14 10:00",
                "maintenance",
                window.0,
                window.1,
            ),
        ],
        "2025-03-16 00:00",
    );
    let n = notice(&r, "CHG-1");
    assert_eq!(
        (n.outcome, shown(n.noticed_at)),
        (Outcome::Met, ts("2025-03-03 10:00"))
    );
}

#[test]
fn clause_4_3_a_rescheduled_window_needs_notice_for_the_new_window() {
    // Announced Mon 3/3 for Sat 3/8; moved on Thu 3/13 to Sat 3/15 22:00 (due by 3/12 23:59:59):
    // the notice that counts is the one that announced the window actually held → breached.
    let r = seed_at(
        &[
            announced(
                "CHG-1",
                "2025-03-03 10:00",
                "maintenance",
                "2025-03-08 22:00",
                "2025-03-08 23:00",
            ),
            announced(
                "CHG-1",
                "2025-03-13 10:00",
                "maintenance",
                "2025-03-15 22:00",
                "2025-03-15 23:00",
            ),
            performed("CHG-1", "", "2025-03-15 22:00", "2025-03-15 23:00", ""),
        ],
        "2025-03-16 00:00",
    );
    let n = notice(&r, "CHG-1");
    assert_eq!(
        (n.outcome, shown(n.noticed_at), shown(n.notice_due_by)),
        (
            Outcome::Breached,
            ts("2025-03-13 10:00"),
            ts("2025-03-12 23:59:59")
        )
    );
}

#[test]
fn clause_4_3_work_outside_its_announced_window_was_not_announced() {
    // CHG-1: announced 3/1 for Sat 3/8 22:00-23:00, performed 22:00 to Sun 3/9 08:00: the notice
    // is met (3 days), the announced hour is excused, the 9 h that ran past it count (Q8).
    // CHG-2: announced 3/1 for Sat 3/15 22:00-23:00, performed Sat 4/12 22:00-23:00: a changed
    // window needs new notice → breached, its hour counts. Platform downtime 9 h + 1 h = 10 h.
    let r = run(
        &seed_with(&[]),
        &[
            announced(
                "CHG-1",
                "2025-03-01 10:00",
                "maintenance",
                "2025-03-08 22:00",
                "2025-03-08 23:00",
            ),
            performed("CHG-1", "", "2025-03-08 22:00", "2025-03-09 08:00", ""),
            announced(
                "CHG-2",
                "2025-03-01 10:00",
                "maintenance",
                "2025-03-15 22:00",
                "2025-03-15 23:00",
            ),
            performed("CHG-2", "", "2025-04-12 22:00", "2025-04-12 23:00", ""),
        ],
        years(2025, 2025, "2026-01-01 00:00"),
    );
    let one = notice(&r, "CHG-1");
    assert_eq!((one.outcome, one.downtime_excused), (Outcome::Met, true));
    assert!(
        one.reasoning
            .iter()
            .any(|l| l.starts_with("ran past its announced end")),
        "{:?}",
        one.reasoning
    );
    let two = notice(&r, "CHG-2");
    assert_eq!(
        (two.outcome, two.downtime_excused),
        (Outcome::Breached, false)
    );
    assert!(
        two.reasoning
            .iter()
            .any(|l| l.contains("outside the announced window")),
        "{:?}",
        two.reasoning
    );
    let year = availability(&r, "platform", "2025");
    assert_eq!(year.downtime_seconds, 10 * 3600);
    assert_eq!(
        excused(year),
        vec![("announced_maintenance".to_owned(), 3600)]
    );
}
