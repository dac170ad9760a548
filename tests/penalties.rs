//! Penalties in exact decimals: the statement finance signs for the example year, checked line by
//! line against the verdicts it comes from and pinned as a golden CSV; the availability bands at
//! their edges; every rounding strategy at `line` and at `total`; caps, stacking and the minimum;
//! the CSV itself; and the money in the dispute view.
//!
//! The golden statement is `tests/golden/penalties-kanban-2025.csv`. After a deliberate change,
//! regenerate it with `UPDATE_GOLDEN=1 cargo test --features formats --test penalties` and review
//! the difference line by line before committing it: it is the statement finance would sign.
//!
//! 2025: 365 days = 31 536 000 s. Business hours (4.1): Mon-Fri 09:00-18:00, 9 h a day; March
//! 2025 has no statutory day (Mon 03-03, Tue 03-04, ..., Fri 03-07).
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
use rust_decimal::Decimal;
use sla_engine::Timestamp;
use sla_engine::audit::Audit;
use sla_engine::contract::{Contract, PeriodKind};
use sla_engine::dispute::diff;
use sla_engine::evaluate::Options;
use sla_engine::event::read_jsonl;
use sla_engine::penalty::{
    AvailabilityTier, BreachCharge, InclusiveEdge, LatenessClock, Line, LineKind, PenaltySchedule,
    RoundAt, Rounding, Stacking, Statement, Unit,
};
use sla_engine::report::Outcome;

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/data/kanban-2025.jsonl"
);
const GOLDEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/golden/penalties-kanban-2025.csv"
);

/// A decimal written as text: `dec("0.005")`.
fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn penalties(a: &Audit) -> &Statement {
    a.penalties.as_ref().expect("the contract has a schedule")
}

/// The example year under `contract`, as of its last event (the default).
fn example_year(contract: &Contract) -> Audit {
    example_year_with(contract, Options::default())
}

fn example_year_with(contract: &Contract, options: Options) -> Audit {
    let text = std::fs::read_to_string(DATA).unwrap();
    let judge = judge(contract);
    let mut log = judge.new_log("kanban-2025.jsonl");
    read_jsonl(&mut log, text.as_bytes()).unwrap();
    assert!(log.rejections().is_empty(), "{:#?}", log.rejections());
    Audit::of(&judge, &log, options)
}

/// Judge 2025, as of the first second of 2026 (the year is over).
fn year_2025() -> Options {
    years(2025, 2025, "2026-01-01 00:00")
}

/// `t` as a local Beijing time with seconds, as the helpers take it.
fn local(t: Timestamp) -> String {
    t.to_zoned(chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// The seed contract with `schedule` instead of the illustrative one.
fn seed_paying(schedule: PenaltySchedule) -> Contract {
    let mut c = Contract::seed();
    schedule.validate(&c).unwrap();
    c.penalties = Some(schedule);
    c
}

/// A schedule that charges nothing, caps nothing and rounds half-even per line to 2 places.
fn bare() -> PenaltySchedule {
    PenaltySchedule {
        clause: "3.2".to_owned(),
        illustrative: false,
        currency: "CNY".to_owned(),
        scale: 2,
        rounding: Rounding::HalfEven,
        round_at: RoundAt::Line,
        annual_fee: dec("480000.00"),
        stacking: Stacking::Sum,
        breaches: Vec::new(),
        availability_tiers: Vec::new(),
        inclusive_edge: InclusiveEdge::Lower,
        cap_per_incident: None,
        cap_per_period_percent: None,
        cap_total_percent: None,
        minimum: None,
    }
}

fn charge(target: &str, amount: &str, per_started_hour: &str) -> BreachCharge {
    BreachCharge {
        targets: vec![target.to_owned()],
        amount: dec(amount),
        per_started_hour: dec(per_started_hour),
        lateness_clock: LatenessClock::Target,
        cap_per_incident: None,
    }
}

/// `(kind, subject, amount as written)` of every line.
fn lines(s: &Statement) -> Vec<(LineKind, String, String)> {
    s.lines
        .iter()
        .map(|l| (l.kind, l.subject().to_string(), l.amount.to_string()))
        .collect()
}

fn line(kind: LineKind, subject: &str, amount: &str) -> (LineKind, String, String) {
    (kind, subject.to_owned(), amount.to_owned())
}

#[track_caller]
fn assert_adds_up(s: &Statement) {
    let sum: Decimal = s.lines.iter().map(|l| l.amount).sum();
    assert_eq!(sum, s.total, "the lines do not add up to the total: {s:#?}");
}

// ---------------------------------------------------------------------------------------------
// The example year under the seed contract: the statement finance signs
// ---------------------------------------------------------------------------------------------

#[test]
fn golden_statement_of_the_example_year() {
    let r = example_year(&Contract::seed());
    let csv = penalties(&r).to_csv().unwrap();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(std::path::Path::new(GOLDEN).parent().unwrap()).unwrap();
        std::fs::write(GOLDEN, &csv).unwrap();
        return;
    }
    let golden = std::fs::read_to_string(GOLDEN).unwrap_or_else(|e| {
        panic!("{GOLDEN}: {e}; create it with UPDATE_GOLDEN=1 and review it line by line")
    });
    if csv != golden {
        let (a, b): (Vec<&str>, Vec<&str>) = (csv.lines().collect(), golden.lines().collect());
        let at = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        panic!(
            "the statement differs from {GOLDEN} from line {} on:\n  now:    {}\n  golden: {}\n\
             ({} lines now, {} in the golden file; regenerate with UPDATE_GOLDEN=1 only after \
             checking the change)",
            at + 1,
            a.get(at).unwrap_or(&"(none)"),
            b.get(at).unwrap_or(&"(none)"),
            a.len(),
            b.len()
        );
    }
}

/// The breach line of `incident` for `target`.
fn breach_line<'a>(s: &'a Statement, incident: &str, target: &str) -> &'a Line {
    let mut found = s.lines.iter().filter(|l| {
        l.kind == LineKind::Breach
            && l.subject() == incident
            && l.basis.starts_with(&format!("{target} breached"))
    });
    let l = found
        .next()
        .unwrap_or_else(|| panic!("no breach line {incident}/{target}"));
    assert!(
        found.next().is_none(),
        "two breach lines {incident}/{target}"
    );
    l
}

#[test]
fn example_year_lines_checked_by_hand_against_their_verdicts() {
    let r = example_year(&Contract::seed());
    let s = penalties(&r);
    // (incident, target, margin in clock seconds, started hours, fixed, rate, amount):
    // amount = fixed + rate x started hours, started hours = ceil(lateness / 3600).
    let cases = [
        // 11h40m30s late on the business clock: 12 started hours, 1000 + 12 x 200 = 3400.
        (
            "INC-2025-0015",
            "resolution-high",
            -42_030,
            12,
            "1000.00",
            Some("200.00"),
            "3400.00",
        ),
        // One incident, two breaches that stack (sum): 1h17m53s late to start, 2 started hours,
        // 300 + 2 x 100 = 500; 1h43m26s late to resolve, 2 started hours, 1000 + 2 x 200 = 1400.
        (
            "INC-2025-0027",
            "start-high",
            -4_673,
            2,
            "300.00",
            Some("100.00"),
            "500.00",
        ),
        (
            "INC-2025-0027",
            "resolution-high",
            -6_206,
            2,
            "1000.00",
            Some("200.00"),
            "1400.00",
        ),
        // 1h0m42s late: one hour and 42 seconds are 2 started hours, 500 + 2 x 50 = 600.
        (
            "INC-2025-0004",
            "resolution-medium",
            -3_642,
            2,
            "500.00",
            Some("50.00"),
            "600.00",
        ),
        // 24m1s late answering an outage: a fixed 500, no hourly rate.
        (
            "INC-2025-0006",
            "response-urgent",
            -1_441,
            1,
            "500.00",
            None,
            "500.00",
        ),
        // A question answered 2h38m47s late on the business clock (Q2: a question's 4 h are
        // service hours): still a fixed 100 (no hourly rate).
        (
            "INC-2025-0148",
            "response-question",
            -9_527,
            3,
            "100.00",
            None,
            "100.00",
        ),
        // A High fault downgraded to Medium an hour after its 8 h ran out: the High breach
        // stands (superseded_targets keep_breaches), judged as of the change, 1000 + 1 x 200.
        (
            "INC-2025-0019",
            "resolution-high",
            -3_600,
            1,
            "1000.00",
            Some("200.00"),
            "1200.00",
        ),
    ];
    for (incident, target, margin, hours, fixed, rate, amount) in cases {
        let v = verdict(&r, incident, target);
        assert_eq!(
            (v.outcome, v.margin_seconds),
            (Outcome::Breached, margin),
            "{incident}/{target}"
        );
        assert_eq!((-margin + 3599) / 3600, hours, "{incident}/{target}");
        let want = dec(fixed) + rate.map_or(Decimal::ZERO, dec) * Decimal::from(hours);
        assert_eq!(want, dec(amount), "{incident}/{target}: by hand");
        let l = breach_line(s, incident, target);
        assert_eq!(l.amount.to_string(), amount, "{incident}/{target}");
        // Every charge line: fixed + rate × quantity = amount, all three written.
        assert_eq!(
            (l.fixed, l.rate, l.quantity, l.unit),
            (
                Some(dec(fixed)),
                Some(rate.map_or(dec("0.00"), dec)),
                Some(Decimal::from(hours)),
                Some(Unit::StartedHour)
            ),
            "{incident}/{target}"
        );
        assert_eq!(&*l.clause, &*v.clause);
        assert_eq!(&*l.period, "2025");
        assert!(
            l.basis.contains(&format!(
                "({hours} started hour{}); {fixed} fixed",
                if hours == 1 { "" } else { "s" }
            )),
            "{}",
            l.basis
        );
    }
    assert!(
        breach_line(s, "INC-2025-0015", "resolution-high")
            .basis
            .starts_with(
                "resolution-high breached: 11h40m30s late on the business clock (12 started hours)"
            )
    );
    assert!(
        breach_line(s, "INC-2025-0019", "resolution-high")
            .basis
            .starts_with(
                "resolution-high breached before the priority changed to medium at 2025-01-23T05:37:45+08:00: 1h late"
            ),
        "{}",
        breach_line(s, "INC-2025-0019", "resolution-high").basis
    );

    // Every line, recomputed from its verdict by a separate reading of the illustrative
    // schedule: one breach line per breached verdict, in incident and verdict order, and nothing
    // else (no cap reached, no availability credit, total above the minimum).
    let schedule: [(&str, &str, &str); 7] = [
        ("response-urgent", "500.00", "0"),
        ("response-question", "100.00", "0"),
        ("start-high", "300.00", "100.00"),
        ("resolution-high", "1000.00", "200.00"),
        ("start-medium", "200.00", "0"),
        ("resolution-medium", "500.00", "50.00"),
        ("start-low", "100.00", "0"),
    ];
    let mut want = Vec::new();
    let mut per_incident: std::collections::BTreeMap<String, Decimal> = Default::default();
    for (i, v) in r
        .report
        .verdicts()
        .filter(|(_, v)| v.outcome == Outcome::Breached)
    {
        let (_, fixed, rate) = schedule.iter().find(|(t, _, _)| *t == &*v.target).unwrap();
        let hours = (-v.margin_seconds + 3599) / 3600;
        let amount = dec(fixed) + dec(rate) * Decimal::from(hours);
        *per_incident.entry(i.id.to_string()).or_default() += amount;
        want.push(line(LineKind::Breach, &i.id, &amount.to_string()));
    }
    assert_eq!(lines(s), want);
    assert_eq!(s.lines.len(), 48);
    assert_eq!(r.report.target_tally.breached, 48);

    // The caps, none reached (so no cap line above): no charge reaches its own cap (start-high
    // 2 000.00, resolution-high 4 000.00, resolution-medium 2 000.00), no incident 5 000.00 (the
    // largest owes 3 400.00), and the year's 29 150.00 is under its cap of 15 % of 480 000.00 =
    // 72 000.00 and the total cap of 20 % = 96 000.00 for the one period charged; it is over the
    // 200.00 minimum.
    let largest = per_incident.values().max().unwrap();
    assert_eq!(*largest, dec("3400.00"));
    assert_eq!(s.total, dec("29150.00"));
    assert_eq!(s.total.to_string(), "29150.00");
    assert!(s.total < dec("72000.00") && s.total > dec("200.00"));
    assert_adds_up(s);
    assert!(s.illustrative);
    assert_eq!(s.currency, "CNY");

    // No availability credit: 2024 (one hour of the New Year outage) is met at 99.988 %, and
    // 2025 is still running as of the last event (met so far, 99.562 %: the minor patches held
    // outside service hours are excused, minor_patch_downtime).
    let y24 = availability(&r, "platform", "2024");
    assert_eq!(
        (y24.outcome, y24.downtime_seconds, pct(y24).as_str()),
        (Outcome::Met, 3_600, "99.988")
    );
    let y25 = availability(&r, "platform", "2025");
    assert_eq!(
        (y25.outcome, pct(y25).as_str()),
        (Outcome::Pending, "99.562")
    );
    assert!(
        s.notes.contains(
            &"availability platform 2025 is still running (pending): no credit yet".to_owned()
        ),
        "{:?}",
        s.notes
    );
    assert_eq!(
        s.notes[0],
        "rounding half_even at line to 2 places; stacking sum; lateness in started hours"
    );

    // Once the year is over: 2025 is met at 99.555 % (no credit), no breached clock was still
    // running, and the statement is the same.
    let end = example_year_with(&Contract::seed(), year_2025());
    let y25 = availability(&end, "platform", "2025");
    assert_eq!((y25.outcome, pct(y25).as_str()), (Outcome::Met, "99.555"));
    assert_eq!(penalties(&end).lines, s.lines);
    assert_eq!(penalties(&end).total, s.total);
}

// ---------------------------------------------------------------------------------------------
// Availability bands at their edges (clause 3.1(3); Q10 for the verdict)
// ---------------------------------------------------------------------------------------------

/// The seed contract, its illustrative schedule with the given inclusive edge, on 2025 with one
/// data-interface outage of `down` seconds from the first second of 2025.
fn year_with_downtime(down: i64, edge: InclusiveEdge) -> Audit {
    let mut schedule = PenaltySchedule::illustrative();
    schedule.inclusive_edge = edge;
    let contract = seed_paying(schedule);
    let from = t("2025-01-01 00:00");
    let events = if down == 0 {
        Vec::new()
    } else {
        vec![outage(
            "O-1",
            "data-interface",
            &local(from),
            &local(from.checked_add(down).unwrap()),
            "",
        )]
    };
    run(&contract, &events, year_2025())
}

#[test]
fn clause_3_1_3_credit_at_every_band_edge_lower_and_upper() {
    // 99.5 % of 31 536 000 s leaves 157 680 s of downtime; 99.0 % 315 360 s; 98.0 % 630 720 s.
    // Bands: [99.0, 99.5) 5 %, [98.0, 99.0) 10 %, [0, 98.0) 20 % of the 480 000.00 fee, or
    // (from, to] with `upper`. A year capped at 15 % = 72 000.00.
    let none = None;
    let cases: [(i64, &str, Option<u32>, Option<u32>); 11] = [
        (0, "100.000", none, none),
        (157_679, "99.500", none, none),
        // Exactly 99.5 %: met (Q10 inclusive). `lower`: no band holds it. `upper`: the band
        // (99.0, 99.5] does, and the schedule charges 5 % on a year that met its target.
        (157_680, "99.500", none, Some(5)),
        (157_681, "99.499", Some(5), Some(5)),
        (315_359, "99.000", Some(5), Some(5)),
        // Exactly 99.0 %.
        (315_360, "99.000", Some(5), Some(10)),
        (315_361, "98.999", Some(10), Some(10)),
        (630_719, "98.000", Some(10), Some(10)),
        // Exactly 98.0 %.
        (630_720, "98.000", Some(10), Some(20)),
        (630_721, "97.999", Some(20), Some(20)),
        // Down all year, 0 %: `lower` puts it in [0, 98.0). With `upper` the lowest band is
        // (0, 98.0] and no band holds 0 %, so a year with no uptime at all owes no credit while
        // one second of uptime owes 20 % (open question: should an edge at 0 % or 100 % always
        // belong to its band?).
        (31_536_000, "0.000", Some(20), None),
    ];
    for (down, shown, lower, upper) in cases {
        for (edge, percent) in [(InclusiveEdge::Lower, lower), (InclusiveEdge::Upper, upper)] {
            let r = year_with_downtime(down, edge);
            let a = availability(&r, "platform", "2025");
            assert_eq!((a.period_seconds, a.downtime_seconds), (31_536_000, down));
            assert_eq!(
                a.availability.to_string(),
                format!("{}/31536000", 31_536_000 - down)
            );
            assert_eq!(pct(a), shown, "{down} s");
            let met = down <= 157_680;
            assert_eq!(
                a.outcome,
                if met { Outcome::Met } else { Outcome::Breached },
                "{down} s"
            );
            let s = penalties(&r);
            assert_adds_up(s);
            let Some(percent) = percent else {
                assert!(s.lines.is_empty(), "{down} s {edge}: {:#?}", s.lines);
                assert_eq!(s.total, Decimal::ZERO);
                continue;
            };
            // The credit: percent x 480 000.00 / 100, and the year's cap of 72 000.00 above it.
            let credit = Decimal::from(percent) * dec("4800.00");
            let mut want = vec![line(
                LineKind::Availability,
                "platform",
                &credit.to_string(),
            )];
            if credit > dec("72000.00") {
                want.push(line(
                    LineKind::PeriodCap,
                    "2025",
                    &(dec("72000.00") - credit).to_string(),
                ));
            }
            assert_eq!(lines(s), want, "{down} s {edge}");
            assert_eq!(s.total, credit.min(dec("72000.00")), "{down} s {edge}");
            let l = &s.lines[0];
            assert_eq!(
                (l.rate, l.quantity, l.unit, &*l.clause, &*l.period),
                (
                    Some(Decimal::from(percent) / Decimal::ONE_HUNDRED),
                    Some(dec("480000.00")),
                    Some(Unit::Fee),
                    "3.1(3)",
                    "2025"
                )
            );
        }
    }
}

#[test]
fn clause_3_1_3_exactly_at_target_under_q10_exclusive_is_breached_without_credit() {
    // Q10 `exclusive`: exactly 99.5 % misses the target, but the bands of the schedule have
    // their own inclusive edge, and with `lower` no band holds 99.5 %: a breached year owes no
    // credit (open question: should the schedule's edge follow Q10, or a credit follow the
    // verdict?).
    let mut contract = seed_with(&[("Q10", "exclusive")]);
    contract.penalties = Some(PenaltySchedule::illustrative());
    let from = t("2025-01-01 00:00");
    let events = [outage(
        "O-1",
        "data-interface",
        &local(from),
        &local(from.checked_add(157_680).unwrap()),
        "",
    )];
    let r = run(&contract, &events, year_2025());
    assert_eq!(
        availability(&r, "platform", "2025").outcome,
        Outcome::Breached
    );
    assert!(penalties(&r).lines.is_empty());
}

#[test]
fn clause_3_1_3_credit_basis_names_the_exact_ratio_and_the_band() {
    let r = year_with_downtime(157_681, InclusiveEdge::Lower);
    assert_eq!(
        penalties(&r).lines[0].basis,
        "99.499 % (31378319/31536000) in 2025, band [99.0 %, 99.5 %): 5 % of the fee"
    );
    let r = year_with_downtime(157_680, InclusiveEdge::Upper);
    assert_eq!(
        penalties(&r).lines[0].basis,
        "99.500 % (31378320/31536000) in 2025, band (99.0 %, 99.5 %]: 5 % of the fee"
    );
}

// ---------------------------------------------------------------------------------------------
// Rounding: each strategy, at `line` and at `total`
// ---------------------------------------------------------------------------------------------

/// Three outages (High) reported Tue 2025-03-04 10:00 inside service hours (15 min to respond on
/// the wall clock, Q1) and answered 1 s, 2 h 1 s and 4 h 1 s late: 1, 3 and 5 started hours.
fn late_answers() -> Vec<String> {
    let mut events = Vec::new();
    for (id, answered) in [
        ("INC-A", "2025-03-04 10:15:01"),
        ("INC-B", "2025-03-04 12:15:01"),
        ("INC-C", "2025-03-04 14:15:01"),
    ] {
        events.push(reported(id, "2025-03-04 10:00", "outage", "high"));
        events.push(happened(id, answered, "responded"));
        events.push(happened(id, "2025-03-04 15:00", "resolved"));
    }
    events
}

/// The statement for `events` in 2025 under the seed contract paying by `schedule`.
fn statement_of(events: &[String], schedule: &PenaltySchedule) -> Statement {
    let r = run(&seed_paying(schedule.clone()), events, year_2025());
    let s = penalties(&r).clone();
    assert_adds_up(&s);
    s
}

#[test]
fn rounding_each_strategy_at_line_and_at_total_on_half_a_cent() {
    // 0.005 per started hour: 0.005, 0.015 and 0.025 exactly, each a tie at 2 places.
    let mut schedule = bare();
    schedule.breaches = vec![charge("response-urgent", "0", "0.005")];
    let events = late_answers();
    let exact = ["0.005", "0.015", "0.025"];
    // (strategy, lines at `line`, total at `line`, total at `total`: 0.045 rounded).
    // On a statement every rounded figure is positive, so floor is down and ceiling is up (the
    // unit tests in src/penalty show them apart on negative figures).
    let cases = [
        (Rounding::HalfEven, ["0.00", "0.02", "0.02"], "0.04", "0.04"),
        (Rounding::HalfUp, ["0.01", "0.02", "0.03"], "0.06", "0.05"),
        (Rounding::HalfDown, ["0.00", "0.01", "0.02"], "0.03", "0.04"),
        (Rounding::Down, ["0.00", "0.01", "0.02"], "0.03", "0.04"),
        (Rounding::Up, ["0.01", "0.02", "0.03"], "0.06", "0.05"),
        (Rounding::Floor, ["0.00", "0.01", "0.02"], "0.03", "0.04"),
        (Rounding::Ceiling, ["0.01", "0.02", "0.03"], "0.06", "0.05"),
    ];
    assert_eq!(cases.len(), Rounding::ALL.len());
    for (rounding, at_line, total_line, total_total) in cases {
        schedule.rounding = rounding;
        schedule.round_at = RoundAt::Line;
        let s = statement_of(&events, &schedule);
        // Each charge exact (rate × hours), then its own rounding line to the scale: a charge
        // and its rounding add up to the rounded figure.
        let mut charged = Vec::new();
        for (i, l) in s.lines.iter().enumerate() {
            match l.kind {
                LineKind::Breach => {
                    assert_eq!(
                        l.fixed.unwrap() + l.rate.unwrap() * l.quantity.unwrap(),
                        l.amount
                    );
                    charged.push(l.amount);
                }
                LineKind::Rounding => {
                    assert_eq!(l.applies_to, Some(i), "{rounding}: the charge above");
                    *charged.last_mut().unwrap() += l.amount;
                }
                other => panic!("{other} line at line rounding"),
            }
        }
        let got: Vec<String> = charged.iter().map(|d| d.round_dp(2).to_string()).collect();
        assert_eq!(got, at_line, "{rounding} at line");
        assert!(charged.iter().all(|d| d.round_dp(2) == *d), "{rounding}");
        assert_eq!(s.total.to_string(), total_line, "{rounding} at line");
        let breaches: Vec<_> = s
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Breach)
            .collect();
        for (l, hours) in breaches.iter().zip([1, 3, 5]) {
            assert_eq!(
                (l.rate, l.quantity, l.amount.to_string()),
                (
                    Some(dec("0.005")),
                    Some(Decimal::from(hours)),
                    exact[(hours as usize) / 2].to_owned()
                )
            );
        }

        // At `total`: the lines carry what the inputs produce, and only the rounding line rounds.
        schedule.round_at = RoundAt::Total;
        let s = &statement_of(&events, &schedule);
        let (rest, last) = s.lines.split_at(3);
        let got: Vec<String> = rest.iter().map(|l| l.amount.to_string()).collect();
        assert_eq!(got, exact, "{rounding} at total");
        let adjust = dec(total_total) - dec("0.045");
        assert_eq!(
            lines(s)[3..],
            [line(LineKind::Rounding, "total", &adjust.to_string())],
            "{rounding} at total"
        );
        assert_eq!(
            last[0].basis,
            format!("total rounded {rounding} to 2 places")
        );
        assert_eq!(s.total.to_string(), total_total, "{rounding} at total");
    }
}

#[test]
fn rounding_each_strategy_above_half_a_cent() {
    // A question answered late (4 h on the wall clock) with a fixed 0.0072: above no half.
    let mut schedule = bare();
    schedule.breaches = vec![charge("response-question", "0.0072", "0")];
    let events = [
        reported("Q-1", "2025-03-04 10:00", "question", ""),
        happened("Q-1", "2025-03-04 14:00:01", "responded"),
    ];
    let cases = [
        (Rounding::HalfEven, "0.01"),
        (Rounding::HalfUp, "0.01"),
        (Rounding::HalfDown, "0.01"),
        (Rounding::Down, "0.00"),
        (Rounding::Up, "0.01"),
        (Rounding::Floor, "0.00"),
        (Rounding::Ceiling, "0.01"),
    ];
    for (rounding, want) in cases {
        schedule.rounding = rounding;
        schedule.round_at = RoundAt::Line;
        let s = statement_of(&events, &schedule);
        assert_eq!(
            lines(&s),
            [
                line(LineKind::Breach, "Q-1", "0.0072"),
                line(
                    LineKind::Rounding,
                    "Q-1",
                    &(dec(want) - dec("0.0072")).to_string()
                ),
            ],
            "{rounding}"
        );
        assert_eq!(s.lines[1].applies_to, Some(1));
        schedule.round_at = RoundAt::Total;
        let s = &statement_of(&events, &schedule);
        assert_eq!(
            lines(s),
            [
                line(LineKind::Breach, "Q-1", "0.0072"),
                line(
                    LineKind::Rounding,
                    "total",
                    &(dec(want) - dec("0.0072")).to_string()
                ),
            ],
            "{rounding} at total"
        );
        assert_eq!(s.total.to_string(), want);
    }
}

#[test]
fn rounding_a_twelfth_of_the_fee_when_months_are_judged() {
    // A contract judged by the month, an annual fee of 1 000.00: a month's fee is
    // 83.333... and 5 % of it 4.1666...; a decimal never ends, so the credit is exact only once
    // rounded. March 2025 (31 days, 2 678 400 s; 0.5 % = 13 392 s) loses 4 h = 14 400 s:
    // 99.462 %, in the band [0, 99.5) at 5 %.
    let mut schedule = bare();
    schedule.annual_fee = dec("1000.00");
    schedule.availability_tiers = vec![AvailabilityTier {
        from: dec("0"),
        to: dec("99.5"),
        percent_of_fee: dec("5"),
    }];
    let events = [outage(
        "O-1",
        "back-office",
        "2025-03-10 20:00",
        "2025-03-11 00:00",
        "",
    )];
    let cases = [
        (Rounding::HalfEven, "4.17"),
        (Rounding::HalfUp, "4.17"),
        (Rounding::HalfDown, "4.17"),
        (Rounding::Down, "4.16"),
        (Rounding::Up, "4.17"),
        (Rounding::Floor, "4.16"),
        (Rounding::Ceiling, "4.17"),
    ];
    for (rounding, want) in cases {
        for round_at in RoundAt::ALL {
            schedule.rounding = rounding;
            schedule.round_at = *round_at;
            let mut contract = seed_paying(schedule.clone());
            contract.availability.period = PeriodKind::Month;
            contract.availability.report_periods = Vec::new();
            let r = run(&contract, &events, year_2025());
            let march = availability(&r, "platform", "2025-03");
            assert!(march.judged);
            assert_eq!(
                (march.downtime_seconds, pct(march).as_str()),
                (14_400, "99.462")
            );
            let s = penalties(&r);
            assert_adds_up(s);
            assert_eq!(s.total.to_string(), want, "{rounding} at {round_at}");
            let credit = &s.lines[0];
            assert_eq!(
                (credit.kind, &*credit.period, credit.rate),
                (LineKind::Availability, "2025-03", Some(dec("0.05")))
            );
            // A month's fee is a twelfth rounded to the scale with the schedule's rounding.
            assert_eq!(
                credit.quantity,
                Some(schedule.round(dec("1000.00") / Decimal::from(12)))
            );
            // The credit exact (5 % of the rounded month's fee: 4.1665 or 4.1670), then one
            // rounding line: of the credit at `line`, of the total at `total`.
            let fee = schedule.round(dec("1000.00") / Decimal::from(12));
            assert_eq!(credit.amount, fee * dec("0.05"));
            assert_eq!(s.lines.len(), 2);
            assert_eq!(s.lines[1].kind, LineKind::Rounding);
            assert_eq!(s.lines[1].amount, dec(want) - credit.amount);
            assert_eq!(
                s.lines[1].applies_to,
                (*round_at == RoundAt::Line).then_some(1)
            );
        }
    }
}

/// `d` as an integer count of 10^-28, so that sums are exact.
fn exact(d: Decimal) -> i128 {
    d.mantissa() * 10i128.pow(28 - d.scale())
}

#[test]
fn penalties_a_months_fee_is_a_twelfth_rounded_to_the_scale() {
    // Judged by the month, a fee of 100 000.00, rounded down, at the total. A month's fee is a
    // twelfth rounded down to cents: 8 333.33 (a twelfth is not a finite decimal; carried to 28
    // digits the lines would not add up to the rounded total). January, February and April each
    // lose 4 h (99.462 %): 5 % of 8 333.33 = 416.6665, three times 1 249.9995; with a 1 000.00
    // breach in March the exact sum is 2 249.9995, rounded down once: 2 249.99, with a rounding
    // line of -0.0095. Every line is a finite decimal and they add up to the total exactly.
    let mut schedule = bare();
    schedule.round_at = RoundAt::Total;
    schedule.rounding = Rounding::Down;
    schedule.annual_fee = dec("100000.00");
    schedule.breaches = vec![charge("response-question", "1000.00", "0")];
    schedule.availability_tiers = vec![AvailabilityTier {
        from: dec("0"),
        to: dec("99.5"),
        percent_of_fee: dec("5"),
    }];
    let mut contract = seed_paying(schedule);
    contract.availability.period = PeriodKind::Month;
    let mut events = vec![
        reported("Q-1", "2025-03-04 10:00", "question", ""),
        happened("Q-1", "2025-03-04 14:00:01", "responded"),
    ];
    for m in ["01", "02", "04"] {
        events.push(outage(
            &format!("O-{m}"),
            "back-office",
            &format!("2025-{m}-10 20:00"),
            &format!("2025-{m}-11 00:00"),
            "",
        ));
    }
    let r = run(&contract, &events, year_2025());
    let s = penalties(&r);
    let credits = s
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Availability)
        .count();
    assert_eq!(credits, 3);
    assert!(
        s.lines
            .iter()
            .filter(|l| l.kind == LineKind::Availability)
            .all(|l| l.amount == dec("416.6665") && l.quantity == Some(dec("8333.33")))
    );
    assert_eq!(s.total.to_string(), "2249.99", "{:#?}", s.lines);
    let sum: i128 = s.lines.iter().map(|l| exact(l.amount)).sum();
    assert_eq!(sum, exact(s.total), "{:#?}", s.lines);
}

// ---------------------------------------------------------------------------------------------
// Caps, stacking, the minimum (clause 3.2 and the schedule's order of application)
// ---------------------------------------------------------------------------------------------

/// A High fault reported Tue `day` 10:00 (4 h to start: Tue 14:00; 8 h to resolve: Tue 18:00),
/// work started Thu 09:00 (Tue 14-18 and Wed 09-18: 13 business hours late), resolved Thu 17:00
/// (Wed 9 h and Thu 8 h: 17 business hours late).
fn late_high_fault(id: &str, tue: &str, thu: &str) -> Vec<String> {
    vec![
        reported(id, &format!("{tue} 10:00"), "fault", "high"),
        happened(id, &format!("{thu} 09:00"), "work_started"),
        happened(id, &format!("{thu} 17:00"), "resolved"),
    ]
}

fn march_fault() -> Vec<String> {
    late_high_fault("INC-1", "2025-03-04", "2025-03-06")
}

#[test]
fn caps_a_charge_per_incident_then_the_incident() {
    // start-high: 300 + 13 x 100 = 1 600.00 (under its cap of 2 000.00);
    // resolution-high: 1 000 + 17 x 200 = 4 400.00, capped at 4 000.00 (-400.00);
    // the incident: 1 600 + 4 000 = 5 600.00, capped at 5 000.00 (-600.00).
    let r = run(&Contract::seed(), &march_fault(), year_2025());
    assert_eq!(
        verdict(&r, "INC-1", "start-high").margin_seconds,
        -13 * 3600
    );
    assert_eq!(
        verdict(&r, "INC-1", "resolution-high").margin_seconds,
        -17 * 3600
    );
    let s = penalties(&r);
    assert_eq!(
        lines(s),
        [
            line(LineKind::Breach, "INC-1", "1600.00"),
            line(LineKind::Breach, "INC-1", "4400.00"),
            line(LineKind::ChargeCap, "INC-1", "-400.00"),
            line(LineKind::IncidentCap, "INC-1", "-600.00"),
        ]
    );
    assert_eq!(
        s.lines[2].basis,
        "this charge is capped at 4000.00 per incident"
    );
    assert_eq!(s.lines[3].basis, "an incident is capped at 5000.00");
    assert!(s.lines.iter().all(|l| &*l.period == "2025"));
    assert_eq!(s.total.to_string(), "5000.00");
    assert_adds_up(s);
}

#[test]
fn stacking_highest_cancels_the_other_charges_of_an_incident() {
    // The charges net of their own caps: start-high 1 600.00, resolution-high 4 000.00. Only the
    // highest counts; start-high is cancelled by its own line, and 4 000.00 is under the
    // incident cap.
    let mut schedule = PenaltySchedule::illustrative();
    schedule.stacking = Stacking::Highest;
    let r = run(&seed_paying(schedule), &march_fault(), year_2025());
    let s = penalties(&r);
    assert_eq!(
        lines(s),
        [
            line(LineKind::Breach, "INC-1", "1600.00"),
            line(LineKind::Breach, "INC-1", "4400.00"),
            line(LineKind::ChargeCap, "INC-1", "-400.00"),
            line(LineKind::NotStacked, "INC-1", "-1600.00"),
        ]
    );
    // Each adjustment names the charge line it reduces (numbered from 1, as in the CSV).
    let applies: Vec<Option<usize>> = s.lines.iter().map(|l| l.applies_to).collect();
    assert_eq!(applies, [None, None, Some(2), Some(1)]);
    assert_eq!(
        s.lines[3].basis,
        "charges of one incident do not stack: only the highest counts"
    );
    assert_eq!(s.total.to_string(), "4000.00");
    assert_adds_up(s);
}

#[test]
fn caps_the_period_at_a_percentage_of_its_fee() {
    // A fee of 20 000.00: the year is capped at 15 % = 3 000.00; the incident's 5 000.00 loses
    // 2 000.00. The total cap (20 % = 4 000.00) is then not reached.
    let mut schedule = PenaltySchedule::illustrative();
    schedule.annual_fee = dec("20000.00");
    let r = run(&seed_paying(schedule), &march_fault(), year_2025());
    let s = penalties(&r);
    assert_eq!(
        lines(s)[4..],
        [line(LineKind::PeriodCap, "2025", "-2000.00")]
    );
    let cap = &s.lines[4];
    assert_eq!(
        (cap.rate, cap.quantity, cap.applies_to, &*cap.period),
        (None, None, None, "2025")
    );
    assert_eq!(
        cap.basis,
        "a period is capped at 15 % of its fee 20000.00: 3000.00"
    );
    assert_eq!(s.total.to_string(), "3000.00");
    assert_adds_up(s);
}

#[test]
fn caps_the_total_at_a_percentage_of_the_fee_of_the_periods_charged() {
    // No period cap, a total cap of 10 % of a 20 000.00 fee: 2 000.00 for one period charged.
    let mut schedule = PenaltySchedule::illustrative();
    schedule.annual_fee = dec("20000.00");
    schedule.cap_per_period_percent = None;
    schedule.cap_total_percent = Some(dec("10"));
    let r = run(&seed_paying(schedule.clone()), &march_fault(), year_2025());
    let s = penalties(&r);
    assert_eq!(
        lines(s)[4..],
        [line(LineKind::TotalCap, "total", "-3000.00")]
    );
    let cap = &s.lines[4];
    assert_eq!((cap.rate, cap.quantity, &*cap.period), (None, None, ""));
    assert_eq!(
        cap.basis,
        "the total is capped at 10 % of the fee 20000.00 for 1 period(s): 2000.00"
    );
    assert_eq!(s.total.to_string(), "2000.00");
    assert_adds_up(s);

    // The same fault in 2024 as well: two years charged, 5 000.00 each, capped at 10 % of
    // 40 000.00 = 4 000.00.
    let mut events = late_high_fault("INC-0", "2024-03-05", "2024-03-07");
    events.extend(march_fault());
    let r = run(
        &seed_paying(schedule),
        &events,
        years(2024, 2025, "2026-01-01 00:00"),
    );
    let s = penalties(&r);
    let periods: Vec<&str> = s.lines.iter().map(|l| &*l.period).collect();
    assert_eq!(
        periods,
        [
            "2024", "2024", "2024", "2024", "2025", "2025", "2025", "2025", ""
        ]
    );
    assert_eq!(
        lines(s)[8..],
        [line(LineKind::TotalCap, "total", "-6000.00")]
    );
    assert_eq!(
        s.lines[8].basis,
        "the total is capped at 10 % of the fee 40000.00 for 2 period(s): 4000.00"
    );
    assert_eq!(s.total.to_string(), "4000.00");
    assert_adds_up(s);
}

#[test]
fn minimum_cancels_a_total_below_it_and_keeps_one_at_it() {
    // A Low fault reported Tue 10:00 is due to start by the end of Wed; started Thu 09:30: a
    // fixed 100.00, under the 200.00 minimum, so cancelled.
    let low = [
        reported("INC-L", "2025-03-04 10:00", "fault", "low"),
        happened("INC-L", "2025-03-06 09:30", "work_started"),
        happened("INC-L", "2025-03-06 10:00", "resolved"),
    ];
    let r = run(&Contract::seed(), &low, year_2025());
    assert_eq!(verdict(&r, "INC-L", "start-low").outcome, Outcome::Breached);
    let s = penalties(&r);
    assert_eq!(
        lines(s),
        [
            line(LineKind::Breach, "INC-L", "100.00"),
            line(LineKind::Minimum, "total", "-100.00"),
        ]
    );
    assert_eq!(s.lines[1].basis, "a total below 200.00 is not charged");
    assert_eq!(s.total, Decimal::ZERO);
    assert_adds_up(s);

    // A Medium fault reported Tue 10:00 is due to start 8 business hours later, Wed 09:00;
    // started Wed 10:00: a fixed 200.00, exactly the minimum, so charged.
    let medium = [
        reported("INC-M", "2025-03-04 10:00", "fault", "medium"),
        happened("INC-M", "2025-03-05 10:00", "work_started"),
        happened("INC-M", "2025-03-05 10:30", "resolved"),
    ];
    let r = run(&Contract::seed(), &medium, year_2025());
    let s = penalties(&r);
    assert_eq!(lines(s), [line(LineKind::Breach, "INC-M", "200.00")]);
    assert_eq!(s.total.to_string(), "200.00");

    // Nothing owed: no minimum line.
    let r = run(&Contract::seed(), &[], year_2025());
    assert!(penalties(&r).lines.is_empty());
    assert_eq!(penalties(&r).total, Decimal::ZERO);
}

// ---------------------------------------------------------------------------------------------
// The CSV finance opens in a spreadsheet
// ---------------------------------------------------------------------------------------------

const HEADER: [&str; 16] = [
    "line",
    "kind",
    "rule",
    "clause",
    "incident",
    "target",
    "scope",
    "period",
    "quantity",
    "unit",
    "rate",
    "fixed",
    "amount",
    "currency",
    "applies_to",
    "basis",
];

/// The CSV's records, checked for shape: the notes as `#` comment lines first, the header,
/// sixteen fields a row, every field quoted, amounts as plain decimals adding up to the total
/// row, and on every charge row `fixed + rate × quantity = amount`.
fn read_csv(s: &Statement) -> Vec<csv::StringRecord> {
    let text = s.to_csv().unwrap();
    let comments: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
    assert_eq!(comments.len(), s.notes.len());
    for (c, n) in comments.iter().zip(&s.notes) {
        assert_eq!(*c, format!("# note: {n}"));
    }
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap(), HEADER.as_slice());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), s.lines.len() + 1);
    let plain = |f: &str| {
        !f.is_empty()
            && f.trim_start_matches('-')
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.')
    };
    let mut sum = Decimal::ZERO;
    for (i, (rec, l)) in records.iter().zip(&s.lines).enumerate() {
        assert_eq!(rec.len(), 16);
        assert_eq!(&rec[0], (i + 1).to_string());
        assert_eq!((&rec[1], &rec[2]), (l.kind.group(), l.kind.as_str()));
        assert!(plain(&rec[12]), "amount {:?}", &rec[12]);
        for f in [&rec[8], &rec[10], &rec[11]] {
            assert!(f.is_empty() || plain(f), "quantity, rate or fixed {f:?}");
        }
        assert_eq!(dec(&rec[12]), l.amount);
        assert_eq!(&rec[13], s.currency);
        if l.kind.is_charge() {
            assert_eq!(
                dec(&rec[11]) + dec(&rec[10]) * dec(&rec[8]),
                dec(&rec[12]),
                "fixed + rate × quantity = amount on {rec:?}"
            );
        }
        sum += dec(&rec[12]);
    }
    let total = records.last().unwrap();
    assert_eq!(total.len(), 16);
    assert_eq!((&total[1], &total[2]), ("total", "total"));
    assert!(plain(&total[12]));
    assert_eq!(dec(&total[12]), sum);
    assert_eq!(dec(&total[12]), s.total);
    records
}

#[test]
fn csv_of_the_example_year_opens_as_a_spreadsheet() {
    let r = example_year(&Contract::seed());
    let s = penalties(&r);
    let records = read_csv(s);
    let total = records.last().unwrap();
    assert_eq!(
        total.iter().collect::<Vec<_>>(),
        [
            "",
            "total",
            "total",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "29150.00",
            "CNY",
            "",
            "total (illustrative schedule)",
        ]
    );
    let first = &records[0];
    assert_eq!(
        first.iter().collect::<Vec<_>>(),
        [
            "1",
            "breach",
            "breach",
            "3.1(2)",
            "INC-2025-0004",
            "resolution-medium",
            "",
            "2025",
            "2",
            "started_hour",
            "50.00",
            "500.00",
            "600.00",
            "CNY",
            "",
            "resolution-medium breached: 1h42s late on the business clock (2 started hours); \
             500.00 fixed",
        ]
    );
    let text = s.to_csv().unwrap();
    assert!(text.starts_with("# note: rounding half_even at line to 2 places"));
    assert!(text.contains(
        "\n# note: availability platform 2025 is still running (pending): no credit yet\n"
    ));
    assert!(text.contains(
        "\n\"\",\"total\",\"total\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"29150.00\",\"CNY\",\"\",\"total (illustrative schedule)\"\n"
    ));
}

#[test]
fn csv_amounts_are_exact_decimal_text() {
    // 0.10 fixed and 0.20 per started hour, one started hour: 0.30, never 0.30000000000000004.
    let mut schedule = bare();
    schedule.breaches = vec![charge("response-urgent", "0.10", "0.20")];
    let events = [
        reported("INC-1", "2025-03-04 10:00", "outage", "high"),
        happened("INC-1", "2025-03-04 10:16", "responded"),
        happened("INC-1", "2025-03-04 11:00", "resolved"),
    ];
    for round_at in RoundAt::ALL {
        schedule.round_at = *round_at;
        let r = run(&seed_paying(schedule.clone()), &events, year_2025());
        let s = penalties(&r);
        let records = read_csv(s);
        assert_eq!(
            records[0].iter().collect::<Vec<_>>(),
            [
                "1",
                "breach",
                "breach",
                "3.1(1)",
                "INC-1",
                "response-urgent",
                "",
                "2025",
                "1",
                "started_hour",
                "0.20",
                "0.10",
                "0.30",
                "CNY",
                "",
                "response-urgent breached: 1m late on the wall clock (1 started hour); 0.10 \
                 fixed",
            ],
            "{round_at}"
        );
        // Not illustrative: the total row says only `total`.
        assert_eq!(
            records[1].iter().collect::<Vec<_>>(),
            [
                "", "total", "total", "", "", "", "", "", "", "", "", "", "0.30", "CNY", "",
                "total"
            ]
        );
    }

    // A month's fee at `total`: 83.33 (a twelfth rounded half-even), the credit 4.1665 kept
    // exact as text, no exponent; the total rounded once.
    let mut schedule = bare();
    schedule.round_at = RoundAt::Total;
    schedule.annual_fee = dec("1000.00");
    schedule.availability_tiers = vec![AvailabilityTier {
        from: dec("0"),
        to: dec("99.5"),
        percent_of_fee: dec("5"),
    }];
    let mut contract = seed_paying(schedule);
    contract.availability.period = PeriodKind::Month;
    let r = run(
        &contract,
        &[outage(
            "O-1",
            "back-office",
            "2025-03-10 20:00",
            "2025-03-11 00:00",
            "",
        )],
        year_2025(),
    );
    let s = penalties(&r);
    let records = read_csv(s);
    assert_eq!(&records[0][12], "4.1665", "{:?}", &records[0]);
    // The credit is a fraction (rate) of the month's fee (quantity).
    assert_eq!(&records[0][8], "83.33", "{:?}", &records[0]);
    assert_eq!(&records[0][9], "fee", "{:?}", &records[0]);
    assert_eq!(&records[2][12], "4.17");
}

// ---------------------------------------------------------------------------------------------
// The dispute view's money
// ---------------------------------------------------------------------------------------------

#[test]
fn dispute_money_is_the_difference_of_the_two_statements() {
    // The example year under the seed reading and under Q2 = wall (4 h / 8 h / 24 h on the wall
    // clock): B - A is exactly the difference of the two statements' totals.
    let a = example_year(&Contract::seed());
    let b = example_year(&seed_with(&[("Q2", "wall")]));
    let (ta, tb) = (penalties(&a).total, penalties(&b).total);
    assert_eq!(ta.to_string(), "29150.00");
    // On the wall clock many more clocks run out (night, weekends; the questions' 4 h are on the
    // work clock too): the breach lines reach 264 900.00 before the year's cap of 15 % x
    // 480 000.00 = 72 000.00.
    let cap = penalties(&b).lines.last().unwrap();
    assert_eq!(
        (cap.kind, cap.amount.to_string()),
        (LineKind::PeriodCap, "-192900.00".to_owned())
    );
    assert_eq!(tb.to_string(), "72000.00");
    let d = diff(&a, &b);
    let m = d.money.as_ref().expect("both readings have a schedule");
    assert_eq!((m.a, m.b, m.b_minus_a), (ta, tb, tb - ta));
    assert_eq!(m.b_minus_a.to_string(), "42850.00");
    assert_eq!(m.currency, "CNY");
    assert_eq!(m.b_minus_a.scale(), 2);
    assert!(
        sla_engine::render::dispute_to_markdown(&d).contains(&format!(
            "- penalties: A {ta} CNY · B {tb} CNY · B − A {} CNY",
            tb - ta
        ))
    );
    // Each side's statement adds up on its own, and the difference is the difference of sums.
    assert_adds_up(penalties(&a));
    assert_adds_up(penalties(&b));
    let sum = |r: &Audit| -> Decimal { penalties(r).lines.iter().map(|l| l.amount).sum() };
    assert_eq!(m.b_minus_a, sum(&b) - sum(&a));

    // Without a schedule on one side there is no money to compare.
    let mut none = Contract::seed();
    none.penalties = None;
    assert!(diff(&a, &example_year(&none)).money.is_none());
}
