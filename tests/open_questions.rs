//! Both readings of every open question (terms.md Q1-Q11) and of the `reopen` setting, on the
//! same events, with hand-checked verdicts that differ between the readings; and the dispute view
//! that lists exactly those differences.
//!
//! cn-standard calendar: Monday-Friday 09:00-18:00 Beijing time. March 2025 has no statutory day:
//! Mon 3/3, Tue 3/4, Wed 3/5, Thu 3/6, Fri 3/7, Sat 3/8, Sun 3/9, Mon 3/10.
//! 2025 has 365 days = 31 536 000 s; 0.5 % of it is 157 680 s (43 h 48 min).
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
use sla_engine::contract::{ClockKind, Priority, StopEvent};
use sla_engine::dispute::diff;
use sla_engine::report::Outcome;

// ---------------------------------------------------------------------------------------------
// Q1: the clock of the response targets
// ---------------------------------------------------------------------------------------------

#[test]
fn q1_response_clock_wall_vs_business() {
    // Outage reported Fri 3/7 22:00 (outside service hours → 1 h, clause 4.2), answered Mon 3/10
    // 09:30.
    // wall (default): deadline Fri 23:00 → breached; late Fri 23:00 → Mon 09:30 = 58 h 30 min.
    // business: 1 h of service time from Fri 22:00 → Mon 09:00 + 1 h = Mon 10:00 → met; used
    //   Mon 09:00-09:30 = 30 min.
    let lines = [
        reported("INC-1", "2025-03-07 22:00", "outage", "high"),
        happened("INC-1", "2025-03-10 09:30", "responded"),
    ];
    let wall = run_at(&seed_with(&[]), &lines, "2025-03-10 12:00");
    let v = verdict(&wall, "INC-1", "response-urgent");
    assert_eq!(v.clock, ClockKind::Wall);
    assert_verdict(v, Outcome::Breached, "2025-03-07 23:00");
    assert_eq!(v.late_wall_seconds, Some(58 * 3600 + 1800));

    let business = run_at(
        &seed_with(&[("Q1", "business")]),
        &lines,
        "2025-03-10 12:00",
    );
    let v = verdict(&business, "INC-1", "response-urgent");
    assert_eq!(v.clock, ClockKind::Business);
    assert_verdict(v, Outcome::Met, "2025-03-10 10:00");
    assert_eq!((v.used_seconds, v.margin_seconds), (1800, 1800));
}

// ---------------------------------------------------------------------------------------------
// Q2: the clock of the start and resolution targets
// ---------------------------------------------------------------------------------------------

/// A High and a Medium fault, both reported Fri 3/7 17:00 and started Sat 3/8 10:00.
fn q2_lines() -> Vec<String> {
    vec![
        reported("H", "2025-03-07 17:00", "fault", "high"),
        happened("H", "2025-03-08 10:00", "work_started"),
        reported("M", "2025-03-07 17:00", "fault", "medium"),
        happened("M", "2025-03-08 10:00", "work_started"),
    ]
}

#[test]
fn q2_business_clock_by_default() {
    // High start 4 h: Fri 17-18 (1 h) + Mon 09:00-12:00 → Mon 12:00; started Sat 10:00 → met.
    // Medium start 8 h: Fri 1 h + Mon 7 h → Mon 16:00; started Sat 10:00 → met.
    let r = run_at(&seed_with(&[]), &q2_lines(), "2025-03-10 08:00");
    assert_verdict(
        verdict(&r, "H", "start-high"),
        Outcome::Met,
        "2025-03-10 12:00",
    );
    assert_verdict(
        verdict(&r, "M", "start-medium"),
        Outcome::Met,
        "2025-03-10 16:00",
    );
}

#[test]
fn q2_wall_clock_for_all() {
    // High start 4 h wall: Fri 21:00; started Sat 10:00 → breached by 13 h.
    // Medium start 8 h wall: Sat 01:00; started Sat 10:00 → breached by 9 h.
    let r = run_at(
        &seed_with(&[("Q2", "wall")]),
        &q2_lines(),
        "2025-03-10 08:00",
    );
    let v = verdict(&r, "H", "start-high");
    assert_verdict(v, Outcome::Breached, "2025-03-07 21:00");
    assert_eq!(v.late_wall_seconds, Some(13 * 3600));
    let v = verdict(&r, "M", "start-medium");
    assert_verdict(v, Outcome::Breached, "2025-03-08 01:00");
    assert_eq!(v.late_wall_seconds, Some(9 * 3600));
}

#[test]
fn q2_wall_clock_for_high_only() {
    // High on the wall clock → Fri 21:00 → breached; Medium stays on the business clock →
    // Mon 16:00 → met.
    let r = run_at(
        &seed_with(&[("Q2", "wall_for_high")]),
        &q2_lines(),
        "2025-03-10 08:00",
    );
    let v = verdict(&r, "H", "start-high");
    assert_eq!(v.clock, ClockKind::Wall);
    assert_verdict(v, Outcome::Breached, "2025-03-07 21:00");
    let v = verdict(&r, "M", "start-medium");
    assert_eq!(v.clock, ClockKind::Business);
    assert_verdict(v, Outcome::Met, "2025-03-10 16:00");
}

// ---------------------------------------------------------------------------------------------
// Q3: "within the next working day"
// ---------------------------------------------------------------------------------------------

#[test]
fn q3_next_working_day_end_of_day_vs_one_working_day_of_business_time() {
    // Low fault reported Mon 3/3 10:00, work started Tue 3/4 12:00.
    // end_of_next_working_day (default): Tue 18:00 → met; limit Mon 8 h + Tue 9 h = 17 h.
    // one_working_day_of_business_time: 9 h from Mon 10:00 → Mon 8 h + Tue 1 h → Tue 10:00 →
    //   breached by 2 h.
    let lines = [
        reported("INC-1", "2025-03-03 10:00", "fault", "low"),
        happened("INC-1", "2025-03-04 12:00", "work_started"),
    ];
    let r = run_at(&seed_with(&[]), &lines, "2025-03-05 10:00");
    let v = verdict(&r, "INC-1", "start-low");
    assert_verdict(v, Outcome::Met, "2025-03-04 18:00");
    assert_eq!(v.limit_seconds, 17 * 3600);

    let r = run_at(
        &seed_with(&[("Q3", "one_working_day_of_business_time")]),
        &lines,
        "2025-03-05 10:00",
    );
    let v = verdict(&r, "INC-1", "start-low");
    assert_verdict(v, Outcome::Breached, "2025-03-04 10:00");
    assert_eq!(v.limit_seconds, 9 * 3600);
    assert_eq!(v.late_wall_seconds, Some(7200));
}

// ---------------------------------------------------------------------------------------------
// Q4: a priority changed mid-incident
// ---------------------------------------------------------------------------------------------

#[test]
fn q4_priority_change_from_report_vs_from_change() {
    // Reported Low Tue 3/4 10:00, raised to High at 14:00; work started 15:00; resolved Wed 12:00.
    // The High targets apply; the Low one no longer does and, not breached by 14:00 (due by the
    // close of Wed 3/5), is voided by the change.
    // from_report (default): start 4 h from 10:00 → 14:00 → breached by 1 h; resolution 8 h from
    //   10:00 → Tue 18:00 → breached (resolved Wed 12:00: 18 h later on the wall).
    // from_change: start from 14:00 → 18:00 → met; resolution from 14:00: Tue 4 h + Wed 4 h →
    //   Wed 13:00 → met.
    let lines = [
        reported("INC-1", "2025-03-04 10:00", "fault", "low"),
        priority_changed("INC-1", "2025-03-04 14:00", "high"),
        happened("INC-1", "2025-03-04 15:00", "work_started"),
        happened("INC-1", "2025-03-05 12:00", "resolved"),
    ];
    let r = run_at(&seed_with(&[]), &lines, "2025-03-05 12:00");
    assert_eq!(
        targets_of(&r, "INC-1"),
        ["start-high", "resolution-high", "start-low"]
    );
    let low = verdict(&r, "INC-1", "start-low");
    assert_eq!(low.outcome, Outcome::Voided);
    assert_eq!(
        shown(low.superseded.as_ref().map(|s| s.at)),
        ts("2025-03-04 14:00")
    );
    let v = verdict(&r, "INC-1", "start-high");
    assert_verdict(v, Outcome::Breached, "2025-03-04 14:00");
    assert_eq!(v.late_wall_seconds, Some(3600));
    let v = verdict(&r, "INC-1", "resolution-high");
    assert_verdict(v, Outcome::Breached, "2025-03-04 18:00");
    assert_eq!(v.late_wall_seconds, Some(18 * 3600));

    let r = run_at(
        &seed_with(&[("Q4", "from_change")]),
        &lines,
        "2025-03-05 12:00",
    );
    let v = verdict(&r, "INC-1", "start-high");
    assert_verdict(v, Outcome::Met, "2025-03-04 18:00");
    assert_eq!(shown(Some(v.started_at)), ts("2025-03-04 14:00"));
    assert_verdict(
        verdict(&r, "INC-1", "resolution-high"),
        Outcome::Met,
        "2025-03-05 13:00",
    );
}

#[test]
fn q4_two_changes_each_target_left_behind_is_judged_at_the_change_that_ended_its_stretch() {
    // INC-1: a Low fault Tue 3/4 10:00, raised to Medium at 11:00 and to High at 12:00; work
    // started 15:00, resolved Wed 12:00. start-low applied until 11:00 and start-medium and
    // resolution-medium until 12:00: none was breached by the change that ended its stretch
    // (start-medium was due Tue 18:00, resolution-medium Wed 16:00), so each is voided by it.
    // INC-2: a Low fault Mon 3/3 10:00, raised to Medium at 10:30 and to High only on Wed 3/5
    // 10:00, with no work started. start-medium was due 8 business hours after the report, Mon
    // 18:00: breached 40 h before the change that left it behind, which (keep_breaches) cannot
    // undo it; with `void` it is voided like the rest.
    let lines = [
        reported("INC-1", "2025-03-04 10:00", "fault", "low"),
        priority_changed("INC-1", "2025-03-04 11:00", "medium"),
        priority_changed("INC-1", "2025-03-04 12:00", "high"),
        happened("INC-1", "2025-03-04 15:00", "work_started"),
        happened("INC-1", "2025-03-05 12:00", "resolved"),
        reported("INC-2", "2025-03-03 10:00", "fault", "low"),
        priority_changed("INC-2", "2025-03-03 10:30", "medium"),
        priority_changed("INC-2", "2025-03-05 10:00", "high"),
    ];
    let left_behind = |r: &sla_engine::audit::Audit, inc: &str, target: &str| {
        let v = verdict(r, inc, target);
        let s = v
            .superseded
            .as_ref()
            .expect("a target left behind says by which change");
        (v.outcome, shown(Some(s.at)), s.priority)
    };
    let r = run_at(&seed_with(&[]), &lines, "2025-03-05 12:00");
    for inc in ["INC-1", "INC-2"] {
        assert_eq!(
            targets_of(&r, inc),
            [
                "start-high",
                "resolution-high",
                "start-medium",
                "resolution-medium",
                "start-low"
            ]
        );
    }
    // Each target left behind: its outcome, and the change that left it behind.
    let (voided, breached) = (Outcome::Voided, Outcome::Breached);
    let (medium, high) = (Priority::Medium, Priority::High);
    let left = [
        (
            "INC-1",
            [
                ("start-low", voided, "2025-03-04 11:00", medium),
                ("start-medium", voided, "2025-03-04 12:00", high),
                ("resolution-medium", voided, "2025-03-04 12:00", high),
            ],
        ),
        (
            "INC-2",
            [
                ("start-low", voided, "2025-03-03 10:30", medium),
                ("start-medium", breached, "2025-03-05 10:00", high),
                ("resolution-medium", voided, "2025-03-05 10:00", high),
            ],
        ),
    ];
    for (inc, targets) in left {
        for (target, outcome, at, to) in targets {
            let want = (outcome, ts(at), to);
            assert_eq!(left_behind(&r, inc, target), want, "{inc} {target}");
        }
    }
    let kept = verdict(&r, "INC-2", "start-medium");
    assert_verdict(kept, breached, "2025-03-03 18:00");
    assert_eq!(kept.late_wall_seconds, Some(40 * 3600));

    let r = run_at(
        &seed_with(&[("superseded_targets", "void")]),
        &lines,
        "2025-03-05 12:00",
    );
    assert_eq!(
        left_behind(&r, "INC-2", "start-medium"),
        (voided, ts("2025-03-05 10:00"), high)
    );
}

// ---------------------------------------------------------------------------------------------
// Q5: waiting on the customer
// ---------------------------------------------------------------------------------------------

#[test]
fn q5_customer_wait_pauses_vs_does_not_pause() {
    // High fault reported Tue 3/4 10:00; waiting on the customer 11:00-13:00; resolved Wed 10:30.
    // pauses (default): 8 h = Tue 10-11 + 13-18 + Wed 09-11 → Wed 11:00 → met.
    // does_not_pause: 8 h = Tue 10-18 → Tue 18:00 → breached; late Tue 18:00 → Wed 10:30 = 16 h 30.
    let lines = [
        reported("INC-1", "2025-03-04 10:00", "fault", "high"),
        happened("INC-1", "2025-03-04 10:30", "work_started"),
        happened("INC-1", "2025-03-04 11:00", "awaiting_customer"),
        happened("INC-1", "2025-03-04 13:00", "customer_replied"),
        happened("INC-1", "2025-03-05 10:30", "resolved"),
    ];
    let r = run_at(&seed_with(&[]), &lines, "2025-03-05 12:00");
    let v = verdict(&r, "INC-1", "resolution-high");
    assert_verdict(v, Outcome::Met, "2025-03-05 11:00");
    assert_eq!(v.pauses.len(), 1);

    let r = run_at(
        &seed_with(&[("Q5", "does_not_pause")]),
        &lines,
        "2025-03-05 12:00",
    );
    let v = verdict(&r, "INC-1", "resolution-high");
    assert_verdict(v, Outcome::Breached, "2025-03-04 18:00");
    assert_eq!(v.late_wall_seconds, Some(16 * 3600 + 1800));
    assert!(v.pauses.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Q6-Q8: availability
// ---------------------------------------------------------------------------------------------

#[test]
fn q6_platform_union_vs_each_component() {
    // data-interface down 3/3 00:00 → 3/4 06:00 (30 h); back-office down 3/3 20:00 → 3/5 02:00
    // (30 h); they overlap 3/3 20:00 → 3/4 06:00 (10 h).
    // union_of_components (default): platform down 3/3 00:00 → 3/5 02:00 = 50 h = 180 000 s
    //   > 157 680 → platform 2025 breached, 22 320 s over budget.
    // each_component: each 30 h = 108 000 s ≤ 157 680 → both met, 49 680 s of budget left.
    let lines = [
        outage(
            "O-1",
            "data-interface",
            "2025-03-03 00:00",
            "2025-03-04 06:00",
            "",
        ),
        outage(
            "O-2",
            "back-office",
            "2025-03-03 20:00",
            "2025-03-05 02:00",
            "",
        ),
    ];
    let opts = years(2025, 2025, "2026-01-01 00:00");
    let r = run(&seed_with(&[]), &lines, opts);
    let p = availability(&r, "platform", "2025");
    assert!(p.judged);
    assert_eq!(
        (p.outcome, p.downtime_seconds, p.budget_left_seconds),
        (Outcome::Breached, 180_000, -22_320)
    );
    // The components are still reported, for information only.
    let d = availability(&r, "data-interface", "2025");
    assert!(!d.judged);
    assert_eq!(d.downtime_seconds, 108_000);

    let r = run(&seed_with(&[("Q6", "each_component")]), &lines, opts);
    assert!(r.report.availability.iter().all(|a| a.scope != "platform"));
    for scope in ["data-interface", "back-office"] {
        let a = availability(&r, scope, "2025");
        assert!(a.judged, "{scope}");
        assert_eq!(
            (a.outcome, a.downtime_seconds, a.budget_left_seconds),
            (Outcome::Met, 108_000, 49_680),
            "{scope}"
        );
    }
}

#[test]
fn q7_weekend_outage_counts_only_on_all_seconds() {
    // data-interface down Sat 3/8 00:00 → Mon 3/10 00:00 = 48 h = 172 800 s.
    // all_seconds (default): 172 800 > 157 680 → breached (15 120 s over).
    // service_hours: the weekend has no service hours → 0 s down → met; the period is
    //   248 working days × 9 h = 8 035 200 s, budget 0.5 % = 40 176 s.
    let lines = [outage(
        "O-1",
        "data-interface",
        "2025-03-08 00:00",
        "2025-03-10 00:00",
        "",
    )];
    let opts = years(2025, 2025, "2026-01-01 00:00");
    let r = run(&seed_with(&[]), &lines, opts);
    let p = availability(&r, "platform", "2025");
    assert_eq!(
        (p.outcome, p.downtime_seconds, p.budget_left_seconds),
        (Outcome::Breached, 172_800, -15_120)
    );
    let r = run(&seed_with(&[("Q7", "service_hours")]), &lines, opts);
    let p = availability(&r, "platform", "2025");
    assert_eq!(
        (
            p.outcome,
            p.downtime_seconds,
            p.period_seconds,
            p.budget_seconds
        ),
        (Outcome::Met, 0, 8_035_200, 40_176)
    );
}

#[test]
fn q7_weekday_outage_breaches_only_on_service_hours() {
    // data-interface down Mon 3/3 09:00 → Tue 3/4 12:00 = 27 h = 97 200 s of wall time.
    // all_seconds: 97 200 ≤ 157 680 → met.
    // service_hours: Mon 09-18 (9 h) + Tue 09-12 (3 h) = 12 h = 43 200 s > 40 176 → breached,
    //   3 024 s over.
    let lines = [outage(
        "O-1",
        "data-interface",
        "2025-03-03 09:00",
        "2025-03-04 12:00",
        "",
    )];
    let opts = years(2025, 2025, "2026-01-01 00:00");
    let r = run(&seed_with(&[]), &lines, opts);
    let p = availability(&r, "platform", "2025");
    assert_eq!((p.outcome, p.downtime_seconds), (Outcome::Met, 97_200));
    let r = run(&seed_with(&[("Q7", "service_hours")]), &lines, opts);
    let p = availability(&r, "platform", "2025");
    assert_eq!(
        (p.outcome, p.downtime_seconds, p.budget_left_seconds),
        (Outcome::Breached, 43_200, -3_024)
    );
}

#[test]
fn q8_announced_maintenance_excused_vs_always_counts() {
    // Maintenance announced Sat 3/1 10:00 for Sat 3/8 00:00 → Mon 3/10 00:00 (48 h, all outside
    // service hours), performed as announced. 3 calendar days before 3/8 is 3/5: notice due by
    // 3/5 23:59:59 → notice met.
    // excused_if_noticed (default): not downtime → 0 s, 172 800 s excused → met.
    // always_counts: 172 800 s > 157 680 → breached.
    let lines = [
        announced(
            "CHG-1",
            "2025-03-01 10:00",
            "maintenance",
            "2025-03-08 00:00",
            "2025-03-10 00:00",
        ),
        performed("CHG-1", "", "2025-03-08 00:00", "2025-03-10 00:00", ""),
    ];
    let opts = years(2025, 2025, "2026-01-01 00:00");
    let r = run(&seed_with(&[]), &lines, opts);
    let n = notice(&r, "CHG-1");
    assert_eq!((n.outcome, n.downtime_excused), (Outcome::Met, true));
    let p = availability(&r, "platform", "2025");
    assert_eq!((p.outcome, p.downtime_seconds), (Outcome::Met, 0));
    assert_eq!(excused(p), [("announced_maintenance".to_owned(), 172_800)]);

    let r = run(&seed_with(&[("Q8", "always_counts")]), &lines, opts);
    let n = notice(&r, "CHG-1");
    assert_eq!((n.outcome, n.downtime_excused), (Outcome::Met, false));
    let p = availability(&r, "platform", "2025");
    assert_eq!(
        (p.outcome, p.downtime_seconds),
        (Outcome::Breached, 172_800)
    );
    assert!(p.excused.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Q9: counting notice
// ---------------------------------------------------------------------------------------------

#[test]
fn q9_maintenance_notice_three_readings() {
    // Maintenance window Sun 3/9 20:00-23:00. A noticed Thu 3/6 12:00; B noticed Thu 3/6 21:00.
    // as_written (default): 3 calendar days before 3/9 = 3/6 → due 3/6 23:59:59 → A met, B met.
    // working_days: the 3rd working day before Sun 3/9 (Fri 3/7, Thu 3/6, Wed 3/5) → due
    //   3/5 23:59:59 → A breached, B breached.
    // whole_days: 72 h before Sun 20:00 → due Thu 3/6 20:00 → A met, B breached.
    let window = ("2025-03-09 20:00", "2025-03-09 23:00");
    let lines = [
        announced("A", "2025-03-06 12:00", "maintenance", window.0, window.1),
        announced("B", "2025-03-06 21:00", "maintenance", window.0, window.1),
    ];
    let cases = [
        (
            "as_written",
            "2025-03-06 23:59:59",
            Outcome::Met,
            Outcome::Met,
        ),
        (
            "working_days",
            "2025-03-05 23:59:59",
            Outcome::Breached,
            Outcome::Breached,
        ),
        (
            "whole_days",
            "2025-03-06 20:00:00",
            Outcome::Met,
            Outcome::Breached,
        ),
    ];
    for (reading, due, a, b) in cases {
        let r = run_at(&seed_with(&[("Q9", reading)]), &lines, "2025-03-10 00:00");
        for (change, outcome) in [("A", a), ("B", b)] {
            let n = notice(&r, change);
            assert_eq!(
                (n.outcome, shown(n.notice_due_by)),
                (outcome, ts(due)),
                "{reading} {change}: {:?}",
                n.reasoning
            );
        }
    }
}

#[test]
fn q9_upgrade_notice_working_days_vs_whole_days() {
    // Upgrade Mon 3/17 10:00-12:00, noticed Tue 3/11 09:00.
    // as_written: the 5th working day before 3/17 (3/14, 3/13, 3/12, 3/11, 3/10) is Mon 3/10 →
    //   due 3/10 23:59:59 → breached (9 h 1 s late).
    // whole_days: 5 × 24 h before Mon 3/17 10:00 → Wed 3/12 10:00 → met.
    let lines = [announced(
        "UPG-1",
        "2025-03-11 09:00",
        "upgrade",
        "2025-03-17 10:00",
        "2025-03-17 12:00",
    )];
    let r = run_at(&seed_with(&[]), &lines, "2025-03-18 00:00");
    let n = notice(&r, "UPG-1");
    assert_eq!(
        (n.outcome, shown(n.notice_due_by)),
        (Outcome::Breached, ts("2025-03-10 23:59:59"))
    );
    let r = run_at(
        &seed_with(&[("Q9", "whole_days")]),
        &lines,
        "2025-03-18 00:00",
    );
    let n = notice(&r, "UPG-1");
    assert_eq!(
        (n.outcome, shown(n.notice_due_by)),
        (Outcome::Met, ts("2025-03-12 10:00"))
    );
}

// ---------------------------------------------------------------------------------------------
// Q10: exactly at the target
// ---------------------------------------------------------------------------------------------

#[test]
fn q10_response_exactly_at_the_deadline() {
    // Outage reported Tue 3/4 10:00, answered 10:15:00, deadline 10:15:00.
    // inclusive (default): met. exclusive: breached, 0 s late.
    let lines = [
        reported("INC-1", "2025-03-04 10:00", "outage", "high"),
        happened("INC-1", "2025-03-04 10:15:00", "responded"),
    ];
    let r = run_at(&seed_with(&[]), &lines, "2025-03-04 11:00");
    assert_verdict(
        verdict(&r, "INC-1", "response-urgent"),
        Outcome::Met,
        "2025-03-04 10:15",
    );
    let r = run_at(
        &seed_with(&[("Q10", "exclusive")]),
        &lines,
        "2025-03-04 11:00",
    );
    let v = verdict(&r, "INC-1", "response-urgent");
    assert_verdict(v, Outcome::Breached, "2025-03-04 10:15");
    assert_eq!(v.late_wall_seconds, Some(0));
}

#[test]
fn q10_availability_exactly_at_99_5_percent() {
    // data-interface down 3/3 00:00 → 3/4 19:48 = 24 h + 19 h 48 min = 43 h 48 min = 157 680 s,
    // exactly the 2025 budget: availability 31 378 320 / 31 536 000 = 99.5 % exactly.
    // inclusive: met. exclusive: breached (it must be strictly above 99.5 %).
    let lines = [outage(
        "O-1",
        "data-interface",
        "2025-03-03 00:00",
        "2025-03-04 19:48",
        "",
    )];
    let opts = years(2025, 2025, "2026-01-01 00:00");
    let r = run(&seed_with(&[]), &lines, opts);
    let p = availability(&r, "platform", "2025");
    assert_eq!(
        (
            p.outcome,
            p.availability.to_string().as_str(),
            p.budget_left_seconds
        ),
        (Outcome::Met, "31378320/31536000", 0)
    );
    let r = run(&seed_with(&[("Q10", "exclusive")]), &lines, opts);
    let p = availability(&r, "platform", "2025");
    assert_eq!(p.outcome, Outcome::Breached);
}

#[test]
fn q10_notice_exactly_at_the_last_instant() {
    // Maintenance Sat 3/8 22:00-23:00; due by 3/5 23:59:59 (3 calendar days); noticed exactly then.
    // inclusive: met. exclusive: breached.
    let lines = [announced(
        "CHG-1",
        "2025-03-05 23:59:59",
        "maintenance",
        "2025-03-08 22:00",
        "2025-03-08 23:00",
    )];
    let r = run_at(&seed_with(&[]), &lines, "2025-03-09 00:00");
    assert_eq!(notice(&r, "CHG-1").outcome, Outcome::Met);
    let r = run_at(
        &seed_with(&[("Q10", "exclusive")]),
        &lines,
        "2025-03-09 00:00",
    );
    assert_eq!(notice(&r, "CHG-1").outcome, Outcome::Breached);
}

// ---------------------------------------------------------------------------------------------
// Q11: a year without statutory data (the shipped data covers 2004-2026)
// ---------------------------------------------------------------------------------------------

/// An outage reported Fri 2027-01-01 10:00, answered 10:10, work started 11:00.
fn q11_lines() -> Vec<String> {
    vec![
        reported("INC-1", "2027-01-01 10:00", "outage", "high"),
        happened("INC-1", "2027-01-01 10:10", "responded"),
        happened("INC-1", "2027-01-01 11:00", "work_started"),
    ]
}

#[test]
fn q11_missing_year_is_an_error_naming_2027() {
    // error (default): whether 10:00 on 2027-01-01 is in service hours (15 min or 1 h), and every
    // business-clock figure, depend on 2027's statutory days, which are not loaded: every verdict
    // is undetermined and says why.
    let r = run_at(&seed_with(&[]), &q11_lines(), "2027-01-01 12:00");
    assert_eq!(r.report.incidents[0].outside_service_hours, None);
    for v in &r.report.incidents[0].verdicts {
        assert_eq!(v.outcome, Outcome::Undetermined, "{}: {v:#?}", v.target);
        let problem = v.problem.as_deref().unwrap_or("");
        assert!(problem.contains("2027"), "{}: {problem}", v.target);
    }
    assert_eq!(r.report.target_tally.undetermined, 3);
}

#[test]
fn q11_plain_weeks_evaluates_2027_as_plain_weeks() {
    // plain_weeks: 2027 has no statutory day, so Fri 2027-01-01 is an ordinary working day.
    // 10:00 is inside service hours → 15 min → 10:15; answered 10:10 → met.
    // Start 4 business hours → 14:00; started 11:00 → met. Resolution 8 h → 18:00, pending.
    let r = run_at(
        &seed_with(&[("Q11", "plain_weeks")]),
        &q11_lines(),
        "2027-01-01 12:00",
    );
    assert_eq!(r.report.incidents[0].outside_service_hours, Some(false));
    assert_verdict(
        verdict(&r, "INC-1", "response-urgent"),
        Outcome::Met,
        "2027-01-01 10:15",
    );
    assert_verdict(
        verdict(&r, "INC-1", "start-high"),
        Outcome::Met,
        "2027-01-01 14:00",
    );
    assert_verdict(
        verdict(&r, "INC-1", "resolution-high"),
        Outcome::Pending,
        "2027-01-01 18:00",
    );
}

#[test]
fn q11_service_hours_availability_for_2027_names_the_year() {
    // Q7 service_hours needs 2027's service hours: error → no availability, a problem naming 2027;
    // plain_weeks → computed (no outage: met... pending, the year is not over).
    let lines = [outage(
        "O-1",
        "data-interface",
        "2027-03-01 10:00",
        "2027-03-01 11:00",
        "",
    )];
    let opts = years(2027, 2027, "2027-06-01 00:00");
    let r = run(&seed_with(&[("Q7", "service_hours")]), &lines, opts);
    assert!(r.report.availability.is_empty());
    let problem = r.report.availability_problem.as_deref().unwrap_or("");
    assert!(problem.contains("2027"), "{problem}");

    let r = run(
        &seed_with(&[("Q7", "service_hours"), ("Q11", "plain_weeks")]),
        &lines,
        opts,
    );
    assert_eq!(r.report.availability_problem, None);
    let p = availability(&r, "platform", "2027");
    assert_eq!((p.outcome, p.downtime_seconds), (Outcome::Pending, 3600));
}

// ---------------------------------------------------------------------------------------------
// reopen (our reading, not in terms.md)
// ---------------------------------------------------------------------------------------------

#[test]
fn reopen_resumes_vs_first_resolution_counts() {
    // High fault reported Tue 3/4 10:00, resolved 12:00, reopened Wed 3/5 09:00, resolved again
    // Wed 16:00.
    // resumes (default): the clock stops Tue 12:00-Wed 09:00 (6 business hours): 8 h = Tue 10-12
    //   (2 h) + Wed 09:00-15:00 (6 h) → Wed 15:00; final resolution Wed 16:00 → breached by 1 h.
    // first_resolution_counts: resolved Tue 12:00, deadline Tue 18:00 → met.
    let lines = [
        reported("INC-1", "2025-03-04 10:00", "fault", "high"),
        happened("INC-1", "2025-03-04 10:30", "work_started"),
        happened("INC-1", "2025-03-04 12:00", "resolved"),
        happened("INC-1", "2025-03-05 09:00", "reopened"),
        happened("INC-1", "2025-03-05 16:00", "resolved"),
    ];
    let r = run_at(&seed_with(&[]), &lines, "2025-03-06 10:00");
    let v = verdict(&r, "INC-1", "resolution-high");
    assert_verdict(v, Outcome::Breached, "2025-03-05 15:00");
    assert_eq!(shown(v.stopped_at), ts("2025-03-05 16:00"));
    assert_eq!(v.late_wall_seconds, Some(3600));
    assert_eq!(v.pauses.len(), 1);
    assert_eq!(v.pauses[0].clock_seconds, 6 * 3600);

    let r = run_at(
        &seed_with(&[("reopen", "first_resolution_counts")]),
        &lines,
        "2025-03-06 10:00",
    );
    let v = verdict(&r, "INC-1", "resolution-high");
    assert_verdict(v, Outcome::Met, "2025-03-04 18:00");
    assert_eq!(shown(v.stopped_at), ts("2025-03-04 12:00"));
    assert_eq!(v.stopped_by, Some(StopEvent::Resolved));
}

// ---------------------------------------------------------------------------------------------
// The dispute view
// ---------------------------------------------------------------------------------------------

#[test]
fn dispute_view_lists_exactly_the_verdicts_that_differ() {
    // Q2 business vs wall_for_high on three incidents, all reported Fri 3/7 17:00:
    //   H (High fault): started Sat 10:00, workaround Mon 10:00.
    //     business: start Mon 12:00 met; resolution 8 h → Fri 1 h + Mon 7 h → Mon 16:00 met.
    //     wall_for_high: start Fri 21:00 breached; resolution Sat 01:00 breached.
    //   M (Medium fault): started Sat 10:00, resolved Mon 12:00: business clock either way.
    //   Q (question): answered 17:30: response clock (Q1), untouched by Q2.
    // Exactly H's two targets differ; nothing else.
    let lines = [
        reported("H", "2025-03-07 17:00", "fault", "high"),
        happened("H", "2025-03-08 10:00", "work_started"),
        happened("H", "2025-03-10 10:00", "workaround"),
        reported("M", "2025-03-07 17:00", "fault", "medium"),
        happened("M", "2025-03-08 10:00", "work_started"),
        happened("M", "2025-03-10 12:00", "resolved"),
        reported("Q", "2025-03-07 17:00", "question", ""),
        happened("Q", "2025-03-07 17:30", "responded"),
    ];
    let a = run_at(&seed_with(&[]), &lines, "2025-03-10 17:00");
    let b = run_at(
        &seed_with(&[("Q2", "wall_for_high")]),
        &lines,
        "2025-03-10 17:00",
    );
    let d = diff(&a, &b);
    let keys: Vec<_> = d
        .targets
        .iter()
        .map(|t| (t.incident.as_str(), t.target.as_str()))
        .collect();
    assert_eq!(keys, [("H", "resolution-high"), ("H", "start-high")]);
    let sides: Vec<_> = d
        .targets
        .iter()
        .map(|t| {
            let a = t.a.as_ref().unwrap();
            let b = t.b.as_ref().unwrap();
            (a.outcome, shown(a.deadline), b.outcome, shown(b.deadline))
        })
        .collect();
    assert_eq!(
        sides,
        [
            (
                Outcome::Met,
                ts("2025-03-10 16:00"),
                Outcome::Breached,
                ts("2025-03-08 01:00")
            ),
            (
                Outcome::Met,
                ts("2025-03-10 12:00"),
                Outcome::Breached,
                ts("2025-03-07 21:00")
            ),
        ]
    );
    assert_eq!(d.breaches, (0, 2));
    assert!(d.notices.is_empty() && d.availability.is_empty(), "{d:#?}");
    let md = sla_engine::render::dispute_to_markdown(&d);
    assert!(
        md.contains("## Target verdicts whose outcome differs (2)"),
        "{md}"
    );
    assert!(md.contains("## Target verdicts with the same outcome and different figures (0)"));

    // A reading compared with itself: nothing differs.
    let same = diff(&a, &a);
    assert!(same.targets.is_empty() && same.notices.is_empty() && same.availability.is_empty());
}

#[test]
fn dispute_view_lists_differing_notices_and_availability() {
    // Q8 excused_if_noticed vs always_counts on the maintenance of q8: the notice verdict differs
    // (downtime excused vs counted) and the availability of the platform and both components
    // differs for 2025, 2025-Q1 and 2025-03 (0 s vs 48 h down); nothing else.
    let lines = [
        announced(
            "CHG-1",
            "2025-03-01 10:00",
            "maintenance",
            "2025-03-08 00:00",
            "2025-03-10 00:00",
        ),
        performed("CHG-1", "", "2025-03-08 00:00", "2025-03-10 00:00", ""),
    ];
    let opts = years(2025, 2025, "2026-01-01 00:00");
    let a = run(&seed_with(&[]), &lines, opts);
    let b = run(&seed_with(&[("Q8", "always_counts")]), &lines, opts);
    let d = diff(&a, &b);
    assert!(d.targets.is_empty());
    let notices: Vec<_> = d.notices.iter().map(|n| n.what.as_str()).collect();
    assert_eq!(notices, ["change CHG-1"]);
    let mut what: Vec<_> = d.availability.iter().map(|n| n.what.clone()).collect();
    what.sort();
    let mut want = Vec::new();
    for scope in ["back-office", "data-interface", "platform"] {
        for label in ["2025", "2025-03", "2025-Q1"] {
            want.push(format!("availability {scope} {label}"));
        }
    }
    want.sort();
    assert_eq!(what, want);
}
