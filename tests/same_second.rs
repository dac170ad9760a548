//! Valid logs that ticket systems produce: several events of one incident in the same second.
//!
//! The rule (DESIGN.md, "Same-second events"): within one second, the events of one incident keep
//! the order in which the file lists them; a sequence that is impossible in that order is
//! rejected naming both lines. Each test below is a class of log that was misjudged before the
//! rule, written from the contract's point of view: what the customer and provider did, what
//! the contract says is owed.
#![cfg(feature = "formats")]
#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)]

mod contract_support;

use contract_support::*;
use sla_engine::contract::Contract;
use sla_engine::report::Outcome;

/// A High fault reported Tue 2025-03-04 10:00 and started at 10:30 (the seed's 8 business
/// hours for the resolution run 09:00-18:00 on working days).
fn high_fault() -> Vec<String> {
    vec![
        reported("INC-1", "2025-03-04 10:00", "fault", "high"),
        happened("INC-1", "2025-03-04 10:30", "work_started"),
    ]
}

fn rejected(contract: &Contract, lines: &[String]) -> Vec<String> {
    log_with_rejections(contract, lines)
        .rejections()
        .listed()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn resolved_and_reopened_in_one_second_then_resolved_for_good() {
    // Automation closes and reopens at 12:00:00; the real fix lands at 14:00. The final
    // resolution is accepted and is the one judged: well within Tue 18:00, nothing owed.
    let mut lines = high_fault();
    lines.extend([
        happened("INC-1", "2025-03-04 12:00:00", "resolved"),
        happened("INC-1", "2025-03-04 12:00:00", "reopened"),
        happened("INC-1", "2025-03-04 14:00", "resolved"),
    ]);
    assert_eq!(rejected(&Contract::seed(), &lines), Vec::<String>::new());
    let r = seed_at(&lines, "2025-12-31 23:59");
    let v = verdict(&r, "INC-1", "resolution-high");
    assert_verdict(v, Outcome::Met, "2025-03-04 18:00");
    assert_eq!(shown(v.stopped_at), ts("2025-03-04 14:00"));
    let owed = r.penalties.as_ref().map(|s| s.total.to_string());
    assert!(
        owed.is_none() || owed.as_deref() == Some("0.00"),
        "nothing is owed: {owed:?}"
    );
}

#[test]
fn a_reply_and_the_next_wait_in_one_second_both_pause() {
    // Waiting 11:00-12:00, the customer replies at 12:00:00 and the engineer asks again in the
    // same second; the second answer comes at 15:00. 8 business hours: Tue 10-11 and 15-18,
    // Wed 09-13 → due Wed 13:00; resolved Wed 12:30 → met. Losing the second wait would make it
    // due Wed 10:00 and breached.
    let mut lines = high_fault();
    lines.extend([
        happened("INC-1", "2025-03-04 11:00", "awaiting_customer"),
        happened("INC-1", "2025-03-04 12:00:00", "customer_replied"),
        happened("INC-1", "2025-03-04 12:00:00", "awaiting_customer"),
        happened("INC-1", "2025-03-04 15:00", "customer_replied"),
        happened("INC-1", "2025-03-05 12:30", "resolved"),
    ]);
    assert_eq!(rejected(&Contract::seed(), &lines), Vec::<String>::new());
    let r = seed_at(&lines, "2025-12-31 23:59");
    let v = verdict(&r, "INC-1", "resolution-high");
    assert_verdict(v, Outcome::Met, "2025-03-05 13:00");
    let paused: i64 = v.pauses.iter().map(|p| p.clock_seconds).sum();
    assert_eq!(paused, 4 * 3600, "{:#?}", v.pauses);
}

#[test]
fn reopened_and_resolved_in_one_second_keeps_the_pause_between() {
    // Resolved at 12:00; the customer reopens at 13:00:00 and the ticket is closed again in the
    // same second. Under the seed's reading (a reopening resumes the clock) the hour between is
    // not the provider's time; the final resolution is 13:00.
    let mut lines = high_fault();
    lines.extend([
        happened("INC-1", "2025-03-04 12:00", "resolved"),
        happened("INC-1", "2025-03-04 13:00:00", "reopened"),
        happened("INC-1", "2025-03-04 13:00:00", "resolved"),
    ]);
    assert_eq!(rejected(&Contract::seed(), &lines), Vec::<String>::new());
    let r = seed_at(&lines, "2025-12-31 23:59");
    let v = verdict(&r, "INC-1", "resolution-high");
    assert_eq!(v.outcome, Outcome::Met);
    assert_eq!(shown(v.stopped_at), ts("2025-03-04 13:00"));
    // 2 h 30 min of work: 10:00-12:00 and the zero-length reopening; the resolved hour paused.
    assert_eq!(v.used_seconds, 2 * 3600);
}

#[test]
fn an_impossible_order_within_one_second_is_rejected_naming_both_lines() {
    // Two resolutions in one second with no reopening between them, in file order: the second
    // is rejected, and the message names the first one's line (line 3 of the file).
    let mut lines = high_fault();
    lines.extend([
        happened("INC-1", "2025-03-04 12:00:00", "resolved"),
        happened("INC-1", "2025-03-04 12:00:00", "resolved"),
    ]);
    let errors = rejected(&Contract::seed(), &lines);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with("events.jsonl:4:"), "{}", errors[0]);
    assert!(errors[0].contains("line 3"), "{}", errors[0]);

    // Listed the other way round (reopened before the resolution it reopens): the reopening is
    // rejected, the resolution stands.
    let mut lines = high_fault();
    lines.extend([
        happened("INC-1", "2025-03-04 12:00:00", "reopened"),
        happened("INC-1", "2025-03-04 12:00:00", "resolved"),
    ]);
    let errors = rejected(&Contract::seed(), &lines);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("reopened, but it is not resolved"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_maintenance_performed_after_as_of_is_not_applied() {
    // Maintenance announced a week ahead, held Sat 2025-03-08 01:00-05:00. As of 03:00, the
    // record (placed at its `to`, 05:00) has not happened yet: no downtime, no notice verdict
    // on performance; the report says one change event was not applied.
    let lines = [
        announced(
            "CHG-1",
            "2025-03-01 10:00",
            "maintenance",
            "2025-03-08 01:00",
            "2025-03-08 05:00",
        ),
        performed(
            "CHG-1",
            "maintenance",
            "2025-03-08 01:00",
            "2025-03-08 05:00",
            "",
        ),
    ];
    let r = seed_at(&lines, "2025-03-08 03:00");
    assert_eq!(r.report.not_applied.change_events, 1);
    assert!(
        r.report
            .notices
            .iter()
            .all(|n| n.performed.is_none() && n.outcome != Outcome::Breached),
        "{:#?}",
        r.report.notices
    );
    let r = seed_at(&lines, "2025-03-08 05:00");
    assert_eq!(r.report.not_applied.change_events, 0);
    assert!(notice(&r, "CHG-1").performed.is_some());
}

#[test]
fn a_wait_starting_exactly_at_as_of_is_already_paused() {
    // Waiting on the customer from 11:00: as of 11:00:00 and as of 11:00:01 the verdict is the
    // same: paused, no running deadline.
    let mut lines = high_fault();
    lines.push(happened(
        "INC-1",
        "2025-03-04 11:00:00",
        "awaiting_customer",
    ));
    for as_of in ["2025-03-04 11:00:00", "2025-03-04 11:00:01"] {
        let r = seed_at(&lines, as_of);
        let v = verdict(&r, "INC-1", "resolution-high");
        assert_eq!(v.outcome, Outcome::Pending, "as of {as_of}: {v:#?}");
        assert_eq!(shown(v.deadline), "none", "as of {as_of}");
    }
}

#[test]
fn an_overdue_clock_stays_on_the_board_with_negative_time_left() {
    // An urgent outage reported at 10:00 and never answered: 15 minutes on the wall clock.
    let lines = [reported("INC-1", "2025-03-04 10:00", "outage", "high")];
    let contract = Contract::seed();
    let judge = judge(&contract);
    let log = log(&contract, &lines);
    let at = |now: &str| {
        judge
            .countdowns(&log, t(now))
            .into_iter()
            .find(|c| &*c.target == "response-urgent")
            .unwrap_or_else(|| panic!("response-urgent is on the board at {now}"))
    };
    let early = at("2025-03-04 10:05");
    assert_eq!(
        (early.left_seconds, early.overdue, early.at_risk),
        (600, false, false)
    );
    // Under a quarter of 15 minutes left: at risk.
    let close = at("2025-03-04 10:14");
    assert_eq!(
        (close.left_seconds, close.overdue, close.at_risk),
        (60, false, true)
    );
    let late = at("2025-03-04 10:16");
    assert_eq!((late.left_seconds, late.overdue), (-60, true));
    assert_eq!(late.deadline, Some(t("2025-03-04 10:15")));
    // Answered: the clock stops and leaves the board.
    let mut lines = lines.to_vec();
    lines.push(happened("INC-1", "2025-03-04 10:20", "responded"));
    let log = contract_support::log(&contract, &lines);
    assert!(
        judge
            .countdowns(&log, t("2025-03-04 10:30"))
            .iter()
            .all(|c| &*c.target != "response-urgent")
    );
}

#[test]
fn the_at_risk_share_is_a_setting() {
    // With 50 % instead of the default 25 %, 7 minutes left of 15 is at risk.
    let lines = [reported("INC-1", "2025-03-04 10:00", "outage", "high")];
    let contract = Contract::seed();
    let log = log(&contract, &lines);
    let risk = |judge: &sla_engine::evaluate::Evaluator| {
        judge
            .countdowns(&log, t("2025-03-04 10:08"))
            .into_iter()
            .find(|c| &*c.target == "response-urgent")
            .unwrap()
            .at_risk
    };
    assert!(!risk(&judge(&contract)));
    assert!(risk(&judge(&contract).with_at_risk_percent(50)));
}

// ---------------------------------------------------------------------------------------------
// A model ticket system that emits bursts
// ---------------------------------------------------------------------------------------------

mod bursts {
    use super::*;
    use proptest::prelude::*;

    /// What the model ticket system does next with one incident; `true` means "in the same
    /// second as the event before it" (automation firing in one transaction).
    #[derive(Debug, Clone, Copy)]
    enum Move {
        /// A wait, and the customer's reply; the reply may come with the next wait in one burst.
        WaitAndReply { next_wait_in_burst: bool },
        /// Resolved, then reopened in the same second (an automatic close and reopen).
        ResolveReopen,
        /// Resolved; later reopened and resolved again in the same second.
        ResolveThenReopenResolve,
    }

    fn moves() -> impl Strategy<Value = Vec<Move>> {
        prop::collection::vec(
            prop_oneof![
                any::<bool>().prop_map(|b| Move::WaitAndReply {
                    next_wait_in_burst: b
                }),
                Just(Move::ResolveReopen),
                Just(Move::ResolveThenReopenResolve),
            ],
            0..5,
        )
    }

    /// One incident's events as (event, same second as the previous one).
    fn script(respond_with_report: bool, moves: &[Move]) -> Vec<(&'static str, bool)> {
        let mut s = vec![("reported", false)];
        s.push(("responded", respond_with_report));
        s.push(("work_started", false));
        let mut resolved = false;
        for m in moves {
            if resolved {
                s.push(("reopened", false));
                resolved = false;
            }
            match m {
                Move::WaitAndReply { next_wait_in_burst } => {
                    s.push(("awaiting_customer", false));
                    s.push(("customer_replied", false));
                    if *next_wait_in_burst {
                        s.push(("awaiting_customer", true));
                        s.push(("customer_replied", false));
                    }
                }
                Move::ResolveReopen => {
                    s.push(("resolved", false));
                    s.push(("reopened", true));
                }
                Move::ResolveThenReopenResolve => {
                    s.push(("resolved", false));
                    s.push(("reopened", false));
                    s.push(("resolved", true));
                    resolved = true;
                }
            }
        }
        if !resolved {
            s.push(("resolved", false));
        }
        s
    }

    #[derive(Debug, Clone)]
    struct Incident {
        priority: &'static str,
        start_minute: i64,
        respond_with_report: bool,
        gaps: Vec<i64>,
        moves: Vec<Move>,
    }

    fn incident() -> impl Strategy<Value = Incident> {
        (
            prop::sample::select(vec!["high", "medium", "low"]),
            0i64..(60 * 24 * 20),
            any::<bool>(),
            prop::collection::vec(1i64..300, 24),
            moves(),
        )
            .prop_map(
                |(priority, start_minute, respond_with_report, gaps, moves)| Incident {
                    priority,
                    start_minute,
                    respond_with_report,
                    gaps,
                    moves,
                },
            )
    }

    /// The incidents' lines in time order (a stable sort keeps each burst in file order); with
    /// `spread`, the k-th event of a burst is moved k seconds later instead. Also returns the
    /// most seconds any event moved.
    fn lines(incidents: &[Incident], spread: bool) -> (Vec<String>, i64) {
        let base = t("2025-03-03 09:00").as_second();
        let mut timed: Vec<(i64, String)> = Vec::new();
        let mut moved = 0;
        for (n, inc) in incidents.iter().enumerate() {
            let id = format!("INC-{n}");
            let mut at = base + inc.start_minute * 60;
            let mut burst = 0;
            for (k, (event, same_second)) in script(inc.respond_with_report, &inc.moves)
                .into_iter()
                .enumerate()
            {
                if same_second {
                    burst += 1;
                } else if k > 0 {
                    at += inc.gaps[k % inc.gaps.len()] * 60;
                    burst = 0;
                }
                let shift = if spread { burst } else { 0 };
                moved = moved.max(shift);
                let when = sla_engine::Timestamp::from_second(at + shift).unwrap();
                let line = if event == "reported" {
                    format!(
                        r#"{{"at":"{when}","incident":"{id}","event":"reported","class":"fault","priority":"{}"}}"#,
                        inc.priority
                    )
                } else {
                    format!(r#"{{"at":"{when}","incident":"{id}","event":"{event}"}}"#)
                };
                timed.push((at + shift, line));
            }
        }
        timed.sort_by_key(|(at, _)| *at);
        (timed.into_iter().map(|(_, l)| l).collect(), moved)
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128),
            ..ProptestConfig::default()
        })]

        /// Every line of a log with bursts is accepted, and its verdicts are those of the same
        /// log with each burst spread one second apart, up to the seconds moved.
        #[test]
        fn bursts_are_accepted_and_judged_as_if_spread(
            incidents in prop::collection::vec(incident(), 1..4)
        ) {
            let (burst, _) = lines(&incidents, false);
            let (spread, moved) = lines(&incidents, true);
            let seed = Contract::seed();
            prop_assert_eq!(rejected(&seed, &burst), Vec::<String>::new());
            prop_assert_eq!(rejected(&seed, &spread), Vec::<String>::new());
            let a = seed_at(&burst, "2025-12-31 23:59");
            let b = seed_at(&spread, "2025-12-31 23:59");
            let va: Vec<_> = a.report.verdicts().collect();
            let vb: Vec<_> = b.report.verdicts().collect();
            prop_assert_eq!(va.len(), vb.len());
            // Each event moved at most `moved` seconds; a clock's use moves by at most that
            // much per event it reads.
            let events = burst.len() as i64;
            for ((ia, x), (ib, y)) in va.iter().zip(&vb) {
                prop_assert_eq!((&ia.id, &x.target), (&ib.id, &y.target));
                prop_assert!(
                    (x.used_seconds - y.used_seconds).abs() <= moved * events,
                    "{}/{}: used {} vs {}", ia.id, x.target, x.used_seconds, y.used_seconds
                );
                prop_assert_eq!(x.pauses.len(), y.pauses.len(), "{}/{}", ia.id, x.target);
                if x.outcome != y.outcome {
                    // Only a clock that used within the moved seconds of its limit may flip. (On
                    // the business clock the stop can lie a night after the deadline in wall
                    // time while its use is a few seconds over: compare use with the limit.)
                    let near = (x.used_seconds - x.limit_seconds).abs() <= moved * events
                        || (y.used_seconds - y.limit_seconds).abs() <= moved * events;
                    prop_assert!(near, "{}/{}: {:?} vs {:?}", ia.id, x.target, x.outcome, y.outcome);
                }
            }
        }
    }
}
