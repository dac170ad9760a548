//! Clause 3.1(3): the core platform (data interfaces and back-office management) at least 99.5 %
//! available over the year; with 2.4 (excluded causes), 4.3 (announced maintenance) and the
//! questions Q6-Q8, Q10. Every figure checked by hand.
//!
//! 2025: 365 days = 31 536 000 s; budget 0.5 % = 157 680 s = 43 h 48 min.
//! 2024: 366 days = 31 622 400 s; budget 0.5 % = 158 112 s = 43 h 55 min 12 s.
//! March 2025 has no statutory day: Mon 3/3 ... Fri 3/7, Sat 3/8, Sun 3/9, Mon 3/10.
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
use sla_engine::report::{AvailabilityVerdict, Outcome};

/// Judge 2025, as of the first second of 2026 (the year is over).
fn year_2025() -> sla_engine::evaluate::Options {
    years(2025, 2025, "2026-01-01 00:00")
}

fn intervals(a: &AvailabilityVerdict) -> Vec<(String, String)> {
    a.downtime
        .iter()
        .map(|s| (s.from.to_rfc3339(), s.to.to_rfc3339()))
        .collect()
}

fn span(from: &str, to: &str) -> (String, String) {
    (ts(from), ts(to))
}

#[test]
fn clause_3_1_3_overlapping_core_outages_counted_once() {
    // Q6 union (default). data-interface down Mon 3/3 10:00-20:00 (10 h), back-office down
    // 3/3 15:00 → 3/4 01:00 (10 h); they overlap 15:00-20:00 (5 h). The platform is down
    // 10:00 → 01:00 = 15 h = 54 000 s, not 20 h. Each component: 36 000 s (for information).
    // A non-core component (kanban-display) does not count at all.
    let r = run(
        &seed_with(&[]),
        &[
            outage(
                "O-1",
                "data-interface",
                "2025-03-03 10:00",
                "2025-03-03 20:00",
                "",
            ),
            outage(
                "O-2",
                "back-office",
                "2025-03-03 15:00",
                "2025-03-04 01:00",
                "",
            ),
            outage(
                "O-3",
                "kanban-display",
                "2025-03-05 10:00",
                "2025-03-05 20:00",
                "",
            ),
        ],
        year_2025(),
    );
    let p = availability(&r, "platform", "2025");
    assert!(p.judged);
    assert_eq!((p.outcome, p.downtime_seconds), (Outcome::Met, 54_000));
    assert_eq!(intervals(p), [span("2025-03-03 10:00", "2025-03-04 01:00")]);
    // 31 536 000 - 54 000 = 31 482 000; 99.828767... % shown rounded down to 3 places.
    assert_eq!(p.availability.to_string(), "31482000/31536000");
    assert_eq!(pct(p), "99.828");
    assert_eq!(p.budget_left_seconds, 157_680 - 54_000);
    for scope in ["data-interface", "back-office"] {
        let a = availability(&r, scope, "2025");
        assert!(!a.judged, "{scope}");
        assert_eq!(a.downtime_seconds, 36_000, "{scope}");
    }
    assert!(
        r.report
            .availability
            .iter()
            .all(|a| a.scope != "kanban-display")
    );
}

#[test]
fn clause_3_1_3_each_core_component_judged_on_its_own_q6_each() {
    // Q6 each_component: the same two outages → data-interface 36 000 s, back-office 36 000 s,
    // each judged against 99.5 %; no platform figure.
    let r = run(
        &seed_with(&[("Q6", "each_component")]),
        &[
            outage(
                "O-1",
                "data-interface",
                "2025-03-03 10:00",
                "2025-03-03 20:00",
                "",
            ),
            outage(
                "O-2",
                "back-office",
                "2025-03-03 15:00",
                "2025-03-04 01:00",
                "",
            ),
        ],
        year_2025(),
    );
    assert!(r.report.availability.iter().all(|a| a.scope != "platform"));
    for scope in ["data-interface", "back-office"] {
        let a = availability(&r, scope, "2025");
        assert!(a.judged, "{scope}");
        assert_eq!(
            (a.outcome, a.downtime_seconds),
            (Outcome::Met, 36_000),
            "{scope}"
        );
    }
    // Months and quarters are reported, never judged.
    assert!(!availability(&r, "data-interface", "2025-03").judged);
    assert!(!availability(&r, "data-interface", "2025-Q1").judged);
}

#[test]
fn clause_2_4_excluded_outage_not_counted_and_reported_excused() {
    // data-interface down 3/3 00:00-20:00 (20 h = 72 000 s) because of the customer's own change
    // (2.4(2)): not downtime. A provider outage 3/3 18:00-23:00 (5 h = 18 000 s) overlaps it by
    // 2 h: those 2 h are the provider's too and count. Downtime 18 000 s; excused customer_change
    // 72 000 - 7 200 = 64 800 s.
    let r = run(
        &seed_with(&[]),
        &[
            outage(
                "O-1",
                "data-interface",
                "2025-03-03 00:00",
                "2025-03-03 20:00",
                "customer_change",
            ),
            outage(
                "O-2",
                "data-interface",
                "2025-03-03 18:00",
                "2025-03-03 23:00",
                "",
            ),
        ],
        year_2025(),
    );
    let p = availability(&r, "platform", "2025");
    assert_eq!(p.downtime_seconds, 18_000);
    assert_eq!(excused(p), [("customer_change".to_owned(), 64_800)]);
    assert_eq!(intervals(p), [span("2025-03-03 18:00", "2025-03-03 23:00")]);
}

#[test]
fn clause_2_4_every_exclusion_cause_is_never_downtime() {
    // A 100 h outage (3/3 00:00 → 3/7 04:00 = 360 000 s, well over the 157 680 s budget) with
    // each exclusion cause: 0 s of downtime, met, and the cause named in `excused`.
    for cause in [
        "customer_error",
        "customer_change",
        "customer_data",
        "customer_access",
        "customer_compliance",
        "other_agreed",
        "out_of_scope",
    ] {
        let r = run(
            &seed_with(&[]),
            &[outage(
                "O-1",
                "back-office",
                "2025-03-03 00:00",
                "2025-03-07 04:00",
                cause,
            )],
            year_2025(),
        );
        let p = availability(&r, "platform", "2025");
        assert_eq!(
            (p.outcome, p.downtime_seconds),
            (Outcome::Met, 0),
            "{cause}"
        );
        assert_eq!(excused(p), [(cause.to_owned(), 360_000)], "{cause}");
    }
}

#[test]
fn clause_4_3_maintenance_with_3_days_notice_outside_hours_is_excused() {
    // Maintenance Sat 3/8 22:00 → Sun 3/9 02:00 (4 h = 14 400 s, outside service hours), noticed
    // Wed 3/5 10:00: 3 calendar days before 3/8 is 3/5 → due 3/5 23:59:59 → met → excused.
    // A provider outage of data-interface Sat 23:00 → Sun 03:00 (4 h) falls inside the window
    // for 3 h (excused with it); its last hour, 02:00-03:00, counts: 3 600 s.
    let r = run(
        &seed_with(&[]),
        &[
            announced(
                "CHG-1",
                "2025-03-05 10:00",
                "maintenance",
                "2025-03-08 22:00",
                "2025-03-09 02:00",
            ),
            performed("CHG-1", "", "2025-03-08 22:00", "2025-03-09 02:00", ""),
            outage(
                "O-1",
                "data-interface",
                "2025-03-08 23:00",
                "2025-03-09 03:00",
                "",
            ),
        ],
        year_2025(),
    );
    let n = notice(&r, "CHG-1");
    assert_eq!((n.outcome, n.downtime_excused), (Outcome::Met, true));
    assert_eq!(n.service_hours_seconds, 0);
    let p = availability(&r, "platform", "2025");
    assert_eq!(p.downtime_seconds, 3600);
    assert_eq!(intervals(p), [span("2025-03-09 02:00", "2025-03-09 03:00")]);
    assert_eq!(excused(p), [("announced_maintenance".to_owned(), 14_400)]);
}

#[test]
fn clause_4_3_maintenance_with_2_days_notice_counts() {
    // The same window noticed Thu 3/6 10:00: after the 3/5 23:59:59 due time → notice breached,
    // so the 4 h count as downtime: 14 400 s on the platform (one window over both components).
    let r = run(
        &seed_with(&[]),
        &[
            announced(
                "CHG-1",
                "2025-03-06 10:00",
                "maintenance",
                "2025-03-08 22:00",
                "2025-03-09 02:00",
            ),
            performed("CHG-1", "", "2025-03-08 22:00", "2025-03-09 02:00", ""),
        ],
        year_2025(),
    );
    let n = notice(&r, "CHG-1");
    assert_eq!((n.outcome, n.downtime_excused), (Outcome::Breached, false));
    let p = availability(&r, "platform", "2025");
    assert_eq!(p.downtime_seconds, 14_400);
    assert!(p.excused.is_empty());
    assert_eq!(
        availability(&r, "data-interface", "2025").downtime_seconds,
        14_400
    );
    assert_eq!(
        availability(&r, "back-office", "2025").downtime_seconds,
        14_400
    );
}

#[test]
fn clause_4_3_maintenance_inside_service_hours_not_excused() {
    // Maintenance Tue 3/4 17:00-19:00, noticed a week ahead (Tue 2/25): the notice is in time,
    // but the window overlaps 1 h of service hours (17:00-18:00), so 4.3 does not excuse it: the
    // whole 2 h (7 200 s) count.
    let r = run(
        &seed_with(&[]),
        &[
            announced(
                "CHG-1",
                "2025-02-25 10:00",
                "maintenance",
                "2025-03-04 17:00",
                "2025-03-04 19:00",
            ),
            performed("CHG-1", "", "2025-03-04 17:00", "2025-03-04 19:00", ""),
        ],
        year_2025(),
    );
    let n = notice(&r, "CHG-1");
    assert_eq!(
        (n.outcome, n.downtime_excused, n.service_hours_seconds),
        (Outcome::Met, false, 3600)
    );
    assert_eq!(availability(&r, "platform", "2025").downtime_seconds, 7200);
}

#[test]
fn clause_4_3_maintenance_on_one_component_counts_on_that_component() {
    // An unannounced maintenance of back-office only, Sat 3/8 10:00-12:00 (7 200 s): counted on
    // back-office and the platform, not on data-interface.
    let r = run(
        &seed_with(&[]),
        &[performed(
            "CHG-1",
            "maintenance",
            "2025-03-08 10:00",
            "2025-03-08 12:00",
            "back-office",
        )],
        year_2025(),
    );
    assert_eq!(availability(&r, "platform", "2025").downtime_seconds, 7200);
    assert_eq!(
        availability(&r, "back-office", "2025").downtime_seconds,
        7200
    );
    assert_eq!(
        availability(&r, "data-interface", "2025").downtime_seconds,
        0
    );
}

#[test]
fn clause_3_1_3_leap_year_budget() {
    // 2024 (leap): 366 × 86 400 = 31 622 400 s → 0.5 % = 158 112 s = 43 h 55 min 12 s.
    // 2025: 31 536 000 s → 157 680 s = 43 h 48 min. February 2024: 29 days = 2 505 600 s →
    // 12 528 s.
    let r = run(&seed_with(&[]), &[], years(2024, 2025, "2026-01-01 00:00"));
    let y24 = availability(&r, "platform", "2024");
    assert_eq!(
        (y24.period_seconds, y24.budget_seconds, y24.outcome),
        (31_622_400, 158_112, Outcome::Met)
    );
    let y25 = availability(&r, "platform", "2025");
    assert_eq!(
        (y25.period_seconds, y25.budget_seconds),
        (31_536_000, 157_680)
    );
    let feb = availability(&r, "platform", "2024-02");
    assert_eq!(
        (feb.period_seconds, feb.budget_seconds),
        (2_505_600, 12_528)
    );
    // Periods start at Beijing midnight.
    assert_eq!(y24.from.to_rfc3339(), ts("2024-01-01 00:00"));
    assert_eq!(y24.to.to_rfc3339(), ts("2025-01-01 00:00"));
}

#[test]
fn clause_3_1_3_outage_across_new_year_split_between_the_years() {
    // data-interface down 2024-12-31 22:00 → 2025-01-01 03:00 (Beijing): 2 h in 2024 (7 200 s) and
    // 3 h in 2025 (10 800 s); the same split for December / January and Q4 / Q1.
    let r = run(
        &seed_with(&[]),
        &[outage(
            "O-1",
            "data-interface",
            "2024-12-31 22:00",
            "2025-01-01 03:00",
            "",
        )],
        years(2024, 2025, "2026-01-01 00:00"),
    );
    let y24 = availability(&r, "platform", "2024");
    assert_eq!(y24.downtime_seconds, 7200);
    assert_eq!(
        intervals(y24),
        [span("2024-12-31 22:00", "2025-01-01 00:00")]
    );
    let y25 = availability(&r, "platform", "2025");
    assert_eq!(y25.downtime_seconds, 10_800);
    assert_eq!(
        intervals(y25),
        [span("2025-01-01 00:00", "2025-01-01 03:00")]
    );
    for (label, down) in [
        ("2024-12", 7200),
        ("2024-Q4", 7200),
        ("2025-01", 10_800),
        ("2025-Q1", 10_800),
        ("2024-11", 0),
    ] {
        assert_eq!(
            availability(&r, "platform", label).downtime_seconds,
            down,
            "{label}"
        );
    }
}

#[test]
fn clause_3_1_3_exactly_99_5_percent_met_one_second_more_breached() {
    // 157 680 s down (3/3 00:00 → 3/4 19:48 = 43 h 48 min): 31 378 320 / 31 536 000 = 99.5 %
    // exactly → met (Q10 inclusive), budget left 0.
    // One second more (→ 19:48:01): 31 378 319 / 31 536 000 < 99.5 % → breached, budget left -1,
    // shown as 99.499 (rounded down, never up to 99.500).
    let r = run(
        &seed_with(&[]),
        &[outage(
            "O-1",
            "data-interface",
            "2025-03-03 00:00",
            "2025-03-04 19:48:00",
            "",
        )],
        year_2025(),
    );
    let p = availability(&r, "platform", "2025");
    assert_eq!(
        (
            p.outcome,
            p.availability.to_string().as_str(),
            pct(p).as_str(),
            p.budget_left_seconds
        ),
        (Outcome::Met, "31378320/31536000", "99.500", 0)
    );
    let r = run(
        &seed_with(&[]),
        &[outage(
            "O-1",
            "data-interface",
            "2025-03-03 00:00",
            "2025-03-04 19:48:01",
            "",
        )],
        year_2025(),
    );
    let p = availability(&r, "platform", "2025");
    assert_eq!(
        (
            p.outcome,
            p.availability.to_string().as_str(),
            pct(p).as_str(),
            p.budget_left_seconds
        ),
        (Outcome::Breached, "31378319/31536000", "99.499", -1)
    );
}

#[test]
fn clause_3_1_3_pending_until_the_year_ends_breached_once_the_budget_is_spent() {
    // As of 2025-06-01 the year is not over: 1 h down → pending (budget left 154 080 s).
    // 157 681 s down (one second over the budget) is already a breach on 2025-06-01.
    let as_of = years(2025, 2025, "2025-06-01 00:00");
    let r = run(
        &seed_with(&[]),
        &[outage(
            "O-1",
            "data-interface",
            "2025-03-03 00:00",
            "2025-03-03 01:00",
            "",
        )],
        as_of,
    );
    let p = availability(&r, "platform", "2025");
    assert_eq!(
        (p.outcome, p.budget_left_seconds),
        (Outcome::Pending, 154_080)
    );
    assert_eq!(
        p.as_of.map(|t| t.to_rfc3339()),
        Some(ts("2025-06-01 00:00"))
    );
    let r = run(
        &seed_with(&[]),
        &[outage(
            "O-1",
            "data-interface",
            "2025-03-03 00:00",
            "2025-03-04 19:48:01",
            "",
        )],
        as_of,
    );
    assert_eq!(
        availability(&r, "platform", "2025").outcome,
        Outcome::Breached
    );
}

#[test]
fn clause_3_1_3_an_outage_still_open_counts_up_to_the_evaluation_instant() {
    // outage_started Mon 3/3 10:00 with no end yet; as of 12:30 it has cost 2 h 30 min = 9 000 s.
    let r = run(
        &seed_with(&[]),
        &[format!(
            r#"{{"at":"{}","event":"outage_started","outage":"O-1","component":"back-office"}}"#,
            ts("2025-03-03 10:00")
        )],
        years(2025, 2025, "2025-03-03 12:30"),
    );
    let p = availability(&r, "platform", "2025");
    assert_eq!((p.outcome, p.downtime_seconds), (Outcome::Pending, 9000));
}

#[test]
fn clause_3_1_3_q7_service_hours_only() {
    // Q7 service_hours: 2025 has 248 working days (261 weekdays - 18 weekday days off + 5 adjusted
    // working days) × 9 h = 8 035 200 s; budget 0.5 % = 40 176 s. March 2025: 21 working days ×
    // 9 h = 680 400 s.
    // data-interface down Tue 3/4 17:00 → Wed 3/5 10:00 (17 h of wall time): only Tue 17-18 and
    // Wed 09-10 are service hours → 7 200 s.
    let r = run(
        &seed_with(&[("Q7", "service_hours")]),
        &[outage(
            "O-1",
            "data-interface",
            "2025-03-04 17:00",
            "2025-03-05 10:00",
            "",
        )],
        year_2025(),
    );
    let p = availability(&r, "platform", "2025");
    assert_eq!(
        (
            p.outcome,
            p.period_seconds,
            p.budget_seconds,
            p.downtime_seconds
        ),
        (Outcome::Met, 8_035_200, 40_176, 7200)
    );
    assert_eq!(
        intervals(p),
        [
            span("2025-03-04 17:00", "2025-03-04 18:00"),
            span("2025-03-05 09:00", "2025-03-05 10:00")
        ]
    );
    assert_eq!(
        availability(&r, "platform", "2025-03").period_seconds,
        680_400
    );
}

#[test]
fn clause_3_1_3_availability_over_any_window() {
    // Outage 2025-03-03 10:00-13:00 (3 h) on back-office; the window 2025-03-01 00:00 to
    // 2025-03-08 00:00 is 7 days = 604 800 s; 3 h = 10 800 s down; reported for information.
    let contract = seed_with(&[]);
    let lines = [outage(
        "OUT-1",
        "back-office",
        "2025-03-03 10:00",
        "2025-03-03 13:00",
        "",
    )];
    let options = sla_engine::evaluate::Options {
        window: Some(
            sla_engine::Window::new(t("2025-03-01 00:00"), t("2025-03-08 00:00")).unwrap(),
        ),
        ..years(2025, 2025, "2026-01-01 00:00")
    };
    let r = run(&contract, &lines, options);
    let w = r
        .report
        .availability
        .iter()
        .find(|a| a.scope == "platform" && a.period == sla_engine::contract::PeriodKind::Window)
        .unwrap();
    assert_eq!(
        w.label,
        "2025-03-01T00:00:00+08:00/2025-03-08T00:00:00+08:00"
    );
    assert!(!w.judged);
    assert_eq!((w.period_seconds, w.downtime_seconds), (604_800, 10_800));
    assert_eq!(w.availability.to_string(), "594000/604800");
    assert_eq!(pct(w), "98.214");
    assert_eq!(w.outcome, sla_engine::report::Outcome::Breached);
}
