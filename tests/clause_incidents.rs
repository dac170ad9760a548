//! Incident clauses of the contract, one or more tests each, every figure checked by hand.
//!
//! Calendar used (cn-standard, clause 4.1): Monday-Friday 09:00-18:00 Beijing time, statutory
//! days off closed, adjusted working days open. March 2025 has no statutory day: Mon 3/3,
//! Tue 3/4, Wed 3/5, Thu 3/6, Fri 3/7, Sat 3/8, Sun 3/9, Mon 3/10.
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
use sla_engine::contract::{ClockKind, ExclusionReason, StopEvent};
use sla_engine::report::Outcome;

// ---------------------------------------------------------------------------------------------
// 3.1(1): response, 15 minutes for outages, 4 hours for questions (Q1 wall clock, Q10 inclusive)
// ---------------------------------------------------------------------------------------------

#[test]
fn clause_3_1_1_outage_response_met_exactly_at_15_minutes() {
    // Reported Tue 10:00, inside service hours → 15 min (3.1(1)) → deadline 10:15:00;
    // responded 10:15:00 → exactly at the deadline → met (Q10 inclusive), margin 0.
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-04 10:00", "outage", "high"),
            happened("INC-1", "2025-03-04 10:15:00", "responded"),
        ],
        "2025-03-04 10:30",
    );
    let v = verdict(&r, "INC-1", "response-urgent");
    assert_verdict(v, Outcome::Met, "2025-03-04 10:15:00");
    assert_eq!(&*v.clause, "3.1(1)");
    assert_eq!(v.clock, ClockKind::Wall);
    assert_eq!(v.limit.to_string(), "15m");
    assert_eq!(
        (v.limit_seconds, v.used_seconds, v.margin_seconds),
        (900, 900, 0)
    );
    assert_eq!(v.stopped_by, Some(StopEvent::Responded));
    assert_eq!(v.late_wall_seconds, None);
    assert_eq!(r.report.incidents[0].outside_service_hours, Some(false));
}

#[test]
fn clause_3_1_1_outage_response_one_second_late_is_breached() {
    // Reported Tue 10:00 → deadline 10:15:00; responded 10:15:01 → breached by 1 s.
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-04 10:00", "outage", "high"),
            happened("INC-1", "2025-03-04 10:15:01", "responded"),
        ],
        "2025-03-04 10:30",
    );
    let v = verdict(&r, "INC-1", "response-urgent");
    assert_verdict(v, Outcome::Breached, "2025-03-04 10:15:00");
    assert_eq!((v.used_seconds, v.margin_seconds), (901, -1));
    assert_eq!(v.late_wall_seconds, Some(1));
}

#[test]
fn clause_3_1_1_outage_response_not_yet_given_is_pending_then_breached() {
    // Reported Tue 10:00 → deadline 10:15. As of 10:15:00 nobody has answered: still pending
    // (inclusive); as of 10:15:01 the deadline has passed → breached by 1 s.
    let lines = [reported("INC-1", "2025-03-04 10:00", "outage", "high")];
    let r = seed_at(&lines, "2025-03-04 10:15:00");
    let v = verdict(&r, "INC-1", "response-urgent");
    assert_verdict(v, Outcome::Pending, "2025-03-04 10:15");
    assert_eq!(v.margin_seconds, 0);
    let r = seed_at(&lines, "2025-03-04 10:15:01");
    let v = verdict(&r, "INC-1", "response-urgent");
    assert_verdict(v, Outcome::Breached, "2025-03-04 10:15");
    assert_eq!(v.late_wall_seconds, Some(1));
}

#[test]
fn clause_3_1_1_question_response_within_4_hours() {
    // A general question reported Tue 10:00 → 4 h on the wall clock (Q1) → deadline 14:00.
    // INC-1 answered 14:00:00 → met; INC-2 answered 14:00:01 → breached by 1 s.
    // A question has only the response target: no start or resolution target applies.
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-04 10:00", "question", ""),
            happened("INC-1", "2025-03-04 14:00", "responded"),
            reported("INC-2", "2025-03-04 10:00", "question", ""),
            happened("INC-2", "2025-03-04 14:00:01", "responded"),
        ],
        "2025-03-05 10:00",
    );
    assert_eq!(targets_of(&r, "INC-1"), ["response-question"]);
    let v = verdict(&r, "INC-1", "response-question");
    assert_verdict(v, Outcome::Met, "2025-03-04 14:00");
    assert_eq!(v.limit.to_string(), "4h");
    let v = verdict(&r, "INC-2", "response-question");
    assert_verdict(v, Outcome::Breached, "2025-03-04 14:00");
    assert_eq!(v.late_wall_seconds, Some(1));
}

#[test]
fn clause_3_1_1_question_out_of_hours_keeps_its_4_hours_of_service_hours() {
    // Clause 4.2 replaces only the urgent response. A general question's 4 h run on the work
    // clock (Q2, business by default: terms.md puts only the 15 min and 1 h under Q1): reported
    // Fri 22:31, it is due Mon 13:00, not "55 h late" on Monday morning.
    let lines = [
        reported("INC-1", "2025-03-07 22:31", "question", ""),
        happened("INC-1", "2025-03-10 09:30", "responded"),
    ];
    let r = seed_at(&lines, "2025-03-10 10:00");
    let v = verdict(&r, "INC-1", "response-question");
    assert_verdict(v, Outcome::Met, "2025-03-10 13:00");
    assert_eq!(
        (v.limit.to_string(), v.clock),
        ("4h".to_owned(), ClockKind::Business)
    );
    assert_eq!(v.used_seconds, 30 * 60);
    assert!(
        v.reasoning[0]
            .to_string()
            .contains("the target's clock is work_clock, and work_clock (Q2) is business"),
        "{:?}",
        v.reasoning
    );
    // Q2 wall: 4 h from 22:31 → Sat 02:31; answered Monday → breached.
    let r = run_at(&seed_with(&[("Q2", "wall")]), &lines, "2025-03-10 10:00");
    assert_verdict(
        verdict(&r, "INC-1", "response-question"),
        Outcome::Breached,
        "2025-03-08 02:31",
    );
    // The other reading of the contract: the question's clock is Q1's (wall by default).
    let mut q1 = seed_with(&[]);
    q1.targets
        .iter_mut()
        .find(|t| t.id == "response-question")
        .unwrap()
        .clock = sla_engine::contract::TargetClock::ResponseClock;
    let r = run_at(&q1, &lines, "2025-03-10 10:00");
    assert_verdict(
        verdict(&r, "INC-1", "response-question"),
        Outcome::Breached,
        "2025-03-08 02:31",
    );
}

// ---------------------------------------------------------------------------------------------
// 4.2: an urgent fault reported outside service hours: respond within 1 hour
// ---------------------------------------------------------------------------------------------

#[test]
fn clause_4_2_night_report_gets_one_hour() {
    // Reported Tue 22:10, outside service hours → 1 h (4.2) → deadline 23:10;
    // responded 23:20 → breached by 10 min.
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-04 22:10", "outage", "high"),
            happened("INC-1", "2025-03-04 23:20", "responded"),
        ],
        "2025-03-05 10:00",
    );
    assert_eq!(r.report.incidents[0].outside_service_hours, Some(true));
    let v = verdict(&r, "INC-1", "response-urgent");
    assert_verdict(v, Outcome::Breached, "2025-03-04 23:10");
    assert_eq!(v.limit.to_string(), "1h");
    assert_eq!(v.limit_seconds, 3600);
    assert_eq!(v.late_wall_seconds, Some(600));
    assert!(
        v.reasoning
            .iter()
            .any(|s| s.to_string().contains("clause 4.2")),
        "{:?}",
        v.reasoning
    );
}

#[test]
fn clause_4_2_weekend_report_gets_one_hour() {
    // Reported Sat 10:00 (a weekend morning: outside service hours) → 1 h → deadline 11:00;
    // responded 10:45 → met (it would have been 30 min late under the 15-minute target).
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-08 10:00", "outage", "high"),
            happened("INC-1", "2025-03-08 10:45", "responded"),
        ],
        "2025-03-08 12:00",
    );
    assert_eq!(r.report.incidents[0].outside_service_hours, Some(true));
    let v = verdict(&r, "INC-1", "response-urgent");
    assert_verdict(v, Outcome::Met, "2025-03-08 11:00");
    assert_eq!(v.margin_seconds, 15 * 60);
}

#[test]
fn clause_4_2_statutory_holiday_2025_10_03_gets_one_hour() {
    // Fri 2025-10-03 is a statutory day off (National Day, 1-8 October): 10:00 is outside service
    // hours → 1 h → deadline 11:00; responded 10:40 → met.
    let r = seed_at(
        &[
            reported("INC-1", "2025-10-03 10:00", "outage", "high"),
            happened("INC-1", "2025-10-03 10:40", "responded"),
        ],
        "2025-10-03 12:00",
    );
    assert_eq!(r.report.incidents[0].outside_service_hours, Some(true));
    let v = verdict(&r, "INC-1", "response-urgent");
    assert_verdict(v, Outcome::Met, "2025-10-03 11:00");
    assert_eq!(v.limit.to_string(), "1h");
}

#[test]
fn clause_4_2_adjusted_working_day_2025_09_28_is_inside_service_hours() {
    // Sun 2025-09-28 is an adjusted working day (worked in exchange for National Day): 10:00 is
    // INSIDE service hours → 15 min → deadline 10:15; responded 10:20 → breached by 5 min.
    let r = seed_at(
        &[
            reported("INC-1", "2025-09-28 10:00", "outage", "high"),
            happened("INC-1", "2025-09-28 10:20", "responded"),
        ],
        "2025-09-28 12:00",
    );
    assert_eq!(r.report.incidents[0].outside_service_hours, Some(false));
    let v = verdict(&r, "INC-1", "response-urgent");
    assert_verdict(v, Outcome::Breached, "2025-09-28 10:15");
    assert_eq!(v.limit.to_string(), "15m");
    assert_eq!(v.late_wall_seconds, Some(300));
}

#[test]
fn clause_4_1_service_hours_open_at_0900_and_close_at_1800() {
    // Openings are inclusive, closings exclusive (Tue 2025-03-04):
    //   08:59:59 outside → 1 h → 09:59:59;  09:00:00 inside → 15 min → 09:15:00;
    //   17:59:59 inside → 15 min → 18:14:59; 18:00:00 outside → 1 h → 19:00:00.
    let r = seed_at(
        &[
            reported("A", "2025-03-04 08:59:59", "outage", "high"),
            reported("B", "2025-03-04 09:00:00", "outage", "high"),
            reported("C", "2025-03-04 17:59:59", "outage", "high"),
            reported("D", "2025-03-04 18:00:00", "outage", "high"),
        ],
        "2025-03-04 18:00",
    );
    let outside: Vec<_> = r
        .report
        .incidents
        .iter()
        .map(|i| (&*i.id, i.outside_service_hours))
        .collect();
    assert_eq!(
        outside,
        [
            ("A", Some(true)),
            ("B", Some(false)),
            ("C", Some(false)),
            ("D", Some(true))
        ]
    );
    let deadline = |id| shown(verdict(&r, id, "response-urgent").deadline);
    assert_eq!(deadline("A"), ts("2025-03-04 09:59:59"));
    assert_eq!(deadline("B"), ts("2025-03-04 09:15:00"));
    assert_eq!(deadline("C"), ts("2025-03-04 18:14:59"));
    assert_eq!(deadline("D"), ts("2025-03-04 19:00:00"));
}

// ---------------------------------------------------------------------------------------------
// 3.1(2): start and resolution by priority (Q2 business clock)
// ---------------------------------------------------------------------------------------------

#[test]
fn clause_3_1_2_high_start_within_4_business_hours() {
    // Reported Fri 3/7 16:00 (High fault). 4 business hours: Fri 16:00-18:00 = 2 h, Mon 3/10
    // 09:00 + 2 h → deadline Mon 11:00. INC-1 started Mon 10:59 → met with 1 min to spare;
    // INC-2 started Mon 11:01 → breached by 1 min (wall 60 s).
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-07 16:00", "fault", "high"),
            happened("INC-1", "2025-03-10 10:59", "work_started"),
            reported("INC-2", "2025-03-07 16:00", "fault", "high"),
            happened("INC-2", "2025-03-10 11:01", "work_started"),
        ],
        "2025-03-10 12:00",
    );
    assert_eq!(targets_of(&r, "INC-1"), ["start-high", "resolution-high"]);
    let v = verdict(&r, "INC-1", "start-high");
    assert_verdict(v, Outcome::Met, "2025-03-10 11:00");
    assert_eq!(v.clock, ClockKind::Business);
    // used: Fri 2 h + Mon 1 h 59 min = 3 h 59 min.
    assert_eq!((v.used_seconds, v.margin_seconds), (14_340, 60));
    let v = verdict(&r, "INC-2", "start-high");
    assert_verdict(v, Outcome::Breached, "2025-03-10 11:00");
    assert_eq!((v.margin_seconds, v.late_wall_seconds), (-60, Some(60)));
}

#[test]
fn clause_3_1_2_high_resolution_stops_at_workaround() {
    // Reported Fri 3/7 16:00 (High). 8 business hours: Fri 2 h + Mon 6 h → deadline Mon 15:00.
    // A workaround at Mon 14:30 stops the High resolution clock → met (30 min to spare), although
    // the final resolution comes only Tue 3/11 12:00.
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-07 16:00", "fault", "high"),
            happened("INC-1", "2025-03-10 09:30", "work_started"),
            happened("INC-1", "2025-03-10 14:30", "workaround"),
            happened("INC-1", "2025-03-11 12:00", "resolved"),
        ],
        "2025-03-11 12:00",
    );
    let v = verdict(&r, "INC-1", "resolution-high");
    assert_verdict(v, Outcome::Met, "2025-03-10 15:00");
    assert_eq!(v.stopped_by, Some(StopEvent::Workaround));
    assert_eq!(shown(v.stopped_at), ts("2025-03-10 14:30"));
    assert_eq!(v.margin_seconds, 1800);
}

#[test]
fn clause_3_1_2_medium_resolution_not_stopped_by_workaround() {
    // Reported Tue 3/4 10:00 (Medium). Start 8 business hours: Tue 10:00-18:00 → deadline
    // Tue 18:00; work started 11:00 → met.
    // Resolution 24 business hours: Tue 8 h + Wed 9 h + Thu 7 h → deadline Thu 3/6 16:00.
    // The workaround at Tue 12:00 does NOT stop it (3.1(2) gives Medium no workaround clause);
    // resolved Thu 16:30 → breached by 30 min.
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-04 10:00", "fault", "medium"),
            happened("INC-1", "2025-03-04 11:00", "work_started"),
            happened("INC-1", "2025-03-04 12:00", "workaround"),
            happened("INC-1", "2025-03-06 16:30", "resolved"),
        ],
        "2025-03-07 10:00",
    );
    assert_eq!(
        targets_of(&r, "INC-1"),
        ["start-medium", "resolution-medium"]
    );
    let v = verdict(&r, "INC-1", "start-medium");
    assert_verdict(v, Outcome::Met, "2025-03-04 18:00");
    assert_eq!(v.stopped_by, Some(StopEvent::WorkStarted));
    let v = verdict(&r, "INC-1", "resolution-medium");
    assert_verdict(v, Outcome::Breached, "2025-03-06 16:00");
    assert_eq!(v.stopped_by, Some(StopEvent::Resolved));
    assert_eq!((v.margin_seconds, v.late_wall_seconds), (-1800, Some(1800)));
}

#[test]
fn clause_3_1_2_low_start_friday_report_due_next_monday_close() {
    // Reported Fri 3/7 10:00 (Low): the next working day is Mon 3/10 → due by its close 18:00
    // (Q3: a date rule). INC-1 started Mon 18:00:00 → met (inclusive); INC-2 started Tue
    // 09:00:01 → breached; INC-3 started Mon 21:00, after the close → breached although no
    // business time passed after 18:00 (margin 0 on the business clock, 3 h late by the wall).
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-07 10:00", "fault", "low"),
            happened("INC-1", "2025-03-10 18:00:00", "work_started"),
            reported("INC-2", "2025-03-07 10:00", "fault", "low"),
            happened("INC-2", "2025-03-11 09:00:01", "work_started"),
            reported("INC-3", "2025-03-07 10:00", "fault", "low"),
            happened("INC-3", "2025-03-10 21:00:00", "work_started"),
        ],
        "2025-03-11 10:00",
    );
    assert_eq!(targets_of(&r, "INC-1"), ["start-low"]);
    let v = verdict(&r, "INC-1", "start-low");
    assert_verdict(v, Outcome::Met, "2025-03-10 18:00");
    assert_eq!(v.limit.to_string(), "next_working_day");
    // The limit as business time: Fri 10:00-18:00 (8 h) + Mon 09:00-18:00 (9 h) = 17 h.
    assert_eq!(v.limit_seconds, 17 * 3600);
    let v = verdict(&r, "INC-2", "start-low");
    assert_verdict(v, Outcome::Breached, "2025-03-10 18:00");
    assert_eq!(v.margin_seconds, -1);
    assert_eq!(v.late_wall_seconds, Some(15 * 3600 + 1));
    let v = verdict(&r, "INC-3", "start-low");
    assert_verdict(v, Outcome::Breached, "2025-03-10 18:00");
    assert_eq!(v.margin_seconds, 0);
    assert_eq!(v.late_wall_seconds, Some(3 * 3600));
}

#[test]
fn clause_3_1_2_low_start_before_spring_festival_due_first_working_day_after() {
    // Spring Festival 2025: 1/28-2/4 off (Sun 1/26 and Sat 2/8 worked). Reported Mon 1/27 10:00,
    // the day before the holiday → the next working day is Wed 2/5 → due 2025-02-05 18:00.
    // Started 2/5 17:00 → met. The verdict names the days off it skipped.
    let r = seed_at(
        &[
            reported("INC-1", "2025-01-27 10:00", "fault", "low"),
            happened("INC-1", "2025-02-05 17:00", "work_started"),
        ],
        "2025-02-06 10:00",
    );
    let v = verdict(&r, "INC-1", "start-low");
    assert_verdict(v, Outcome::Met, "2025-02-05 18:00");
    assert!(
        v.reasoning.iter().any(|s| s
            .to_string()
            .contains("the next working day after 2025-01-27 is 2025-02-05")),
        "{:?}",
        v.reasoning
    );
    assert!(
        v.calendar_facts
            .iter()
            .any(|f| f.to_string() == "2025-01-28 (Tue) is a statutory day off (Spring Festival)"),
        "{:?}",
        v.calendar_facts
    );
}

#[test]
fn clause_3_1_2_low_start_reported_on_a_weekend_due_monday_close() {
    // Reported Sat 3/8 11:00: the first working day after the day of the report is Mon 3/10 →
    // due Mon 18:00 (not Tuesday). Started Mon 17:00 → met.
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-08 11:00", "fault", "low"),
            happened("INC-1", "2025-03-10 17:00", "work_started"),
        ],
        "2025-03-11 10:00",
    );
    let v = verdict(&r, "INC-1", "start-low");
    assert_verdict(v, Outcome::Met, "2025-03-10 18:00");
}

#[test]
fn clause_3_1_2_low_start_reported_on_adjusted_working_day_2025_01_26() {
    // Sun 1/26 is worked: reported 10:00 → the next working day is Mon 1/27 → due 1/27 18:00.
    // Not started by then: as of 1/27 18:00:00 still pending, as of 18:00:01 breached by 1 s
    // (Q3 is a date rule: the closed evening and Spring Festival after it do not extend it).
    let events = [reported("INC-1", "2025-01-26 10:00", "fault", "low")];
    let r = seed_at(&events, "2025-01-27 18:00:00");
    assert_eq!(verdict(&r, "INC-1", "start-low").outcome, Outcome::Pending);
    let r = seed_at(&events, "2025-01-27 18:00:01");
    let v = verdict(&r, "INC-1", "start-low");
    assert_verdict(v, Outcome::Breached, "2025-01-27 18:00");
    assert_eq!(v.late_wall_seconds, Some(1));
}

// ---------------------------------------------------------------------------------------------
// 2.4 exclusions and 2.3 scope
// ---------------------------------------------------------------------------------------------

#[test]
fn clause_2_4_each_exclusion_reason_excludes_never_breaches() {
    // Reported Tue 3/4 10:00 → response due 10:15, responded 12:00 (1 h 45 min late), start and
    // resolution never came; excluded at 12:30. Every verdict is excluded, none breached, and the
    // problem names the reason's clause.
    let reasons = [
        (ExclusionReason::CustomerError, "2.4(1)"),
        (ExclusionReason::CustomerChange, "2.4(2)"),
        (ExclusionReason::CustomerData, "2.4(3)"),
        (ExclusionReason::CustomerAccess, "2.4(4)"),
        (ExclusionReason::CustomerCompliance, "2.4(5)"),
        (ExclusionReason::OtherAgreed, "2.4(6)"),
    ];
    for (reason, clause) in reasons {
        let r = seed_at(
            &[
                reported("INC-1", "2025-03-04 10:00", "outage", "high"),
                happened("INC-1", "2025-03-04 12:00", "responded"),
                excluded("INC-1", "2025-03-04 12:30", reason.as_str()),
            ],
            "2025-03-10 10:00",
        );
        assert_eq!(r.report.incidents[0].excluded, Some(reason));
        assert_eq!(r.report.target_tally.breached, 0, "{reason}");
        assert_eq!(r.report.target_tally.excluded, 3, "{reason}");
        for v in &r.report.incidents[0].verdicts {
            assert_eq!(v.outcome, Outcome::Excluded, "{reason} {}", v.target);
            let problem = v.problem.as_deref().unwrap_or("");
            assert!(
                problem.contains(reason.as_str()) && problem.contains(clause),
                "{reason}: {problem}"
            );
        }
    }
}

#[test]
fn clause_2_4_exclusion_applies_from_when_it_is_recorded() {
    // The same late response (due 10:15, given 12:00): as of 12:29 the exclusion (12:30) is not yet
    // known → breached; as of 12:30 → excluded.
    let lines = [
        reported("INC-1", "2025-03-04 10:00", "outage", "high"),
        happened("INC-1", "2025-03-04 12:00", "responded"),
        excluded("INC-1", "2025-03-04 12:30", "customer_error"),
    ];
    let r = seed_at(&lines, "2025-03-04 12:29");
    assert_eq!(
        verdict(&r, "INC-1", "response-urgent").outcome,
        Outcome::Breached
    );
    let r = seed_at(&lines, "2025-03-04 12:30");
    assert_eq!(
        verdict(&r, "INC-1", "response-urgent").outcome,
        Outcome::Excluded
    );
}

#[test]
fn clause_2_3_out_of_scope_component_is_excluded() {
    // `printer-fleet` is not on the 2.3 list: its late response (due 10:15, given 11:00) is
    // excluded as out_of_scope (clause 2.3). The same incident on `data-interface` is breached.
    let r = seed_at(
        &[
            reported_on(
                "INC-P",
                "2025-03-04 10:00",
                "outage",
                "high",
                "printer-fleet",
            ),
            happened("INC-P", "2025-03-04 11:00", "responded"),
            reported_on(
                "INC-D",
                "2025-03-04 10:00",
                "outage",
                "high",
                "data-interface",
            ),
            happened("INC-D", "2025-03-04 11:00", "responded"),
        ],
        "2025-03-04 11:00",
    );
    let p = r
        .report
        .incidents
        .iter()
        .find(|i| &*i.id == "INC-P")
        .unwrap();
    assert_eq!(p.excluded, Some(ExclusionReason::OutOfScope));
    let v = verdict(&r, "INC-P", "response-urgent");
    assert_eq!(v.outcome, Outcome::Excluded);
    let problem = v.problem.as_deref().unwrap_or("");
    assert!(
        problem.contains("out_of_scope") && problem.contains("2.3"),
        "{problem}"
    );
    let d = r
        .report
        .incidents
        .iter()
        .find(|i| &*i.id == "INC-D")
        .unwrap();
    assert_eq!(d.excluded, None);
    assert_verdict(
        verdict(&r, "INC-D", "response-urgent"),
        Outcome::Breached,
        "2025-03-04 10:15",
    );
}

// ---------------------------------------------------------------------------------------------
// 3.2: time waiting on the customer is not held against the provider (Q5 default: pauses)
// ---------------------------------------------------------------------------------------------

#[test]
fn clause_3_2_waiting_on_the_customer_pauses_the_clock() {
    // Reported Tue 3/4 10:00 (High). Waiting on the customer Tue 11:00-13:00 (2 business hours).
    // Resolution 8 business hours: Tue 10-11 (1 h) + 13-18 (5 h) + Wed 09:00-11:00 (2 h) →
    // deadline Wed 3/5 11:00 (without the wait it would be Tue 18:00).
    // Resolved Wed 10:30 → met; used 1 h + 5 h + 1 h 30 min = 7 h 30 min, margin 30 min.
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-04 10:00", "fault", "high"),
            happened("INC-1", "2025-03-04 10:30", "work_started"),
            happened("INC-1", "2025-03-04 11:00", "awaiting_customer"),
            happened("INC-1", "2025-03-04 13:00", "customer_replied"),
            happened("INC-1", "2025-03-05 10:30", "resolved"),
        ],
        "2025-03-05 12:00",
    );
    let v = verdict(&r, "INC-1", "resolution-high");
    assert_verdict(v, Outcome::Met, "2025-03-05 11:00");
    assert_eq!((v.used_seconds, v.margin_seconds), (27_000, 1800));
    assert_eq!(v.pauses.len(), 1);
    assert_eq!(v.pauses[0].clock_seconds, 7200);
    assert_eq!(shown(Some(v.pauses[0].from)), ts("2025-03-04 11:00"));
    assert_eq!(shown(v.pauses[0].to), ts("2025-03-04 13:00"));
}

#[test]
fn clause_3_2_an_open_wait_holds_the_clock() {
    // Reported Tue 3/4 10:00 (High); waiting on the customer since 11:00 with no reply. The
    // resolution clock has used 1 h of its 8 h; as of Fri 3/7 it is still pending, with no
    // deadline (it depends on when the customer answers) and 7 h left.
    let r = seed_at(
        &[
            reported("INC-1", "2025-03-04 10:00", "fault", "high"),
            happened("INC-1", "2025-03-04 10:30", "work_started"),
            happened("INC-1", "2025-03-04 11:00", "awaiting_customer"),
        ],
        "2025-03-07 17:00",
    );
    let v = verdict(&r, "INC-1", "resolution-high");
    assert_verdict(v, Outcome::Pending, "");
    assert_eq!((v.used_seconds, v.margin_seconds), (3600, 7 * 3600));
    assert!(
        v.reasoning
            .iter()
            .any(|s| s.to_string().contains("with 7h left")),
        "{:?}",
        v.reasoning
    );
}
