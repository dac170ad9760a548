//! Laws of the penalty statement, on generated schedules and event logs (proptest):
//!
//! 1. The total is the sum of the lines, exactly (checked in integers, not only in `Decimal`).
//! 2. No cap is exceeded: a charge's cap per incident, the cap per incident, per period and in
//!    total; with `stacking = highest` one charge per incident survives; a total is 0 or at
//!    least the minimum.
//! 3. With `round_at = line` every line, and the total, has at most `scale` places.
//! 4. More lateness, or more downtime, never lowers what is owed: the total, each incident's
//!    net and each period's net (for schedules whose credit bands cover 0-100 % without a gap
//!    and charge no less for a lower band; see `monotone_tiers`).
//!
//! Caps, the minimum and rounding are figures of the statement: they are compared as the
//! statement rounds them (`PenaltySchedule::round` of the exact cap).
//!
//! Schedules: random scale, rounding, `round_at`, fee, stacking, charges (fixed, hourly, clock,
//! own cap) on any of the seed's seven targets, credit bands, inclusive edge, caps and minimum.
//! Contracts: the seed judged by the year, the quarter or the month, with Q2 and Q6 either way.
//! Logs: a few incidents of 2025 with stops at random times, and a few outages of the core
//! (and one non-core) components; evaluated for 2025.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use proptest::prelude::*;
use rust_decimal::Decimal;
use sla_engine::Calendar;
use sla_engine::Timestamp;
use sla_engine::contract::{Contract, IncidentClass, PeriodKind, Priority, StopEvent};
use sla_engine::evaluate::{Options, evaluate};
use sla_engine::event::{Event, EventBody, EventLog, IncidentEvent};
use sla_engine::penalty::{
    AvailabilityTier, BreachCharge, InclusiveEdge, LatenessClock, LineKind, PenaltySchedule,
    RoundAt, Rounding, Stacking, Statement,
};

/// The seed's targets, in contract order.
const TARGETS: [&str; 7] = [
    "response-urgent",
    "response-question",
    "start-high",
    "resolution-high",
    "start-medium",
    "resolution-medium",
    "start-low",
];

fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Contract::seed().preset_calendar().unwrap())
}

/// Mon 2025-01-06 00:00 Beijing.
fn ts(t: i64) -> Timestamp {
    Timestamp::from_second(t).unwrap()
}

fn base() -> i64 {
    Timestamp::parse("2025-01-06T00:00:00+08:00")
        .unwrap()
        .as_second()
}

fn year_end() -> i64 {
    Timestamp::parse("2026-01-01T00:00:00+08:00")
        .unwrap()
        .as_second()
}

// ---------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------

/// A non-negative decimal with up to 3 places, mantissa up to `max`.
fn amount(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max, 0u32..=3).prop_map(|(n, s)| Decimal::new(n, s))
}

/// A percentage from 0 to 100 with up to 2 places.
fn percent() -> impl Strategy<Value = Decimal> {
    (0u32..=2).prop_flat_map(|s| (0..=100 * 10i64.pow(s)).prop_map(move |n| Decimal::new(n, s)))
}

fn charge() -> impl Strategy<Value = BreachCharge> {
    (
        amount(2_000_000),
        amount(100_000),
        prop::sample::select(LatenessClock::ALL),
        prop::option::of(amount(2_000_000)),
    )
        .prop_map(
            |(amount, per_started_hour, lateness_clock, cap)| BreachCharge {
                targets: Vec::new(),
                amount,
                per_started_hour,
                lateness_clock,
                cap_per_incident: cap,
            },
        )
}

/// Credit bands that cover 0-100 % below their top edge without a gap, and charge no less for
/// a lower band: edges in thousandths of a percent, mostly between 90 % and 100 %, where the
/// generated logs land.
fn monotone_tiers() -> impl Strategy<Value = Vec<AvailabilityTier>> {
    prop::collection::btree_set(90_000i64..=100_000, 0..=3).prop_flat_map(|edges| {
        let n = edges.len();
        prop::collection::vec(percent(), n).prop_map(move |mut pcts| {
            pcts.sort();
            // Edges high to low; the lowest band reaches down to 0.
            let tops: Vec<i64> = edges.iter().rev().copied().collect();
            tops.iter()
                .enumerate()
                .map(|(i, top)| AvailabilityTier {
                    from: tops
                        .get(i + 1)
                        .map_or(Decimal::ZERO, |lo| Decimal::new(*lo, 3)),
                    to: Decimal::new(*top, 3),
                    percent_of_fee: pcts[i],
                })
                .collect()
        })
    })
}

prop_compose! {
    fn schedule()(
        scale in 0u32..=4,
        rounding in prop::sample::select(Rounding::ALL),
        round_at in prop::sample::select(RoundAt::ALL),
        annual_fee in amount(100_000_000),
        stacking in prop::sample::select(Stacking::ALL),
        charges in prop::collection::vec(prop::option::of(charge()), TARGETS.len()),
        availability_tiers in monotone_tiers(),
        inclusive_edge in prop::sample::select(InclusiveEdge::ALL),
        cap_per_incident in prop::option::of(amount(2_000_000)),
        cap_per_period_percent in prop::option::of(percent()),
        cap_total_percent in prop::option::of(percent()),
        minimum in prop::option::of(amount(100_000)),
    ) -> PenaltySchedule {
        PenaltySchedule {
            clause: "3.2".to_owned(),
            illustrative: false,
            currency: "CNY".to_owned(),
            scale,
            rounding,
            round_at,
            annual_fee,
            stacking,
            breaches: charges
                .into_iter()
                .zip(TARGETS)
                .filter_map(|(c, t)| c.map(|c| BreachCharge { targets: vec![t.to_owned()], ..c }))
                .collect(),
            availability_tiers,
            inclusive_edge,
            cap_per_incident,
            cap_per_period_percent,
            cap_total_percent,
            minimum,
        }
    }
}

/// The seed contract judged by `period`, with Q2 and Q6 as chosen, paying by `schedule`.
fn contract(schedule: PenaltySchedule, period: PeriodKind, q2: bool, q6: bool) -> Contract {
    let mut c = Contract::seed();
    c.availability.period = period;
    c.settings
        .set("Q2", if q2 { "business" } else { "wall" })
        .unwrap();
    c.settings
        .set(
            "Q6",
            if q6 {
                "union_of_components"
            } else {
                "each_component"
            },
        )
        .unwrap();
    schedule.validate(&c).unwrap();
    c.penalties = Some(schedule);
    c.validate().unwrap();
    c
}

fn setup() -> impl Strategy<Value = Contract> {
    (
        schedule(),
        prop::sample::select(&[PeriodKind::Year, PeriodKind::Quarter, PeriodKind::Month][..]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(s, p, q2, q6)| contract(s, p, q2, q6))
}

// ---------------------------------------------------------------------------------------------
// Event logs, and a worse version of each
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct IncidentPlan {
    class: usize,
    priority: usize,
    /// Seconds after the base.
    reported: i64,
    /// Stops other than `resolved`: (kind, seconds since the previous event).
    stops: Vec<(usize, i64)>,
    /// Resolved, seconds after the last stop.
    resolved: Option<i64>,
    /// Extra delay of each stop (resolved last), added up: a later stop is delayed at least as
    /// much as an earlier one, so the order of the stops is kept.
    delays: Vec<i64>,
}

#[derive(Debug, Clone)]
struct OutagePlan {
    component: usize,
    from: i64,
    seconds: i64,
    /// How much longer it lasts in the worse log.
    longer: i64,
}

#[derive(Debug, Clone)]
struct LogPlan {
    incidents: Vec<IncidentPlan>,
    outages: Vec<OutagePlan>,
    /// Outages only the worse log has.
    more_outages: Vec<OutagePlan>,
    /// Seconds after the base the evaluation is as of; `None`: the year's end.
    as_of: Option<i64>,
}

const CLASSES: [IncidentClass; 4] = [
    IncidentClass::Outage,
    IncidentClass::Fault,
    IncidentClass::Question,
    IncidentClass::ChangeRequest,
];
const PRIORITIES: [Priority; 3] = [Priority::High, Priority::Medium, Priority::Low];
const STOPS: [StopEvent; 3] = [
    StopEvent::Responded,
    StopEvent::WorkStarted,
    StopEvent::Workaround,
];
const COMPONENTS: [&str; 3] = ["data-interface", "back-office", "kanban-display"];

const DAY: i64 = 86_400;

fn incident_plan() -> impl Strategy<Value = IncidentPlan> {
    (
        0usize..4,
        0usize..3,
        0..300 * DAY,
        prop::collection::vec((0usize..3, 1..2 * DAY), 0..3),
        prop::option::of(1..3 * DAY),
        prop::collection::vec(0..2 * DAY, 4),
    )
        .prop_map(
            |(class, priority, reported, stops, resolved, delays)| IncidentPlan {
                class,
                priority,
                reported,
                stops,
                resolved,
                delays,
            },
        )
}

fn outage_plan() -> impl Strategy<Value = OutagePlan> {
    (0usize..3, 0..355 * DAY, 1..2 * DAY, 0..DAY).prop_map(|(component, from, seconds, longer)| {
        OutagePlan {
            component,
            from,
            seconds,
            longer,
        }
    })
}

fn log_plan() -> impl Strategy<Value = LogPlan> {
    (
        prop::collection::vec(incident_plan(), 0..6),
        prop::collection::vec(outage_plan(), 0..4),
        prop::collection::vec(outage_plan(), 0..2),
        prop::option::weighted(0.2, 0..355 * DAY),
    )
        .prop_map(|(incidents, outages, more_outages, as_of)| LogPlan {
            incidents,
            outages,
            more_outages,
            as_of,
        })
}

/// How much worse the log is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Worse {
    later_stops: bool,
    more_downtime: bool,
}

fn events(plan: &LogPlan, worse: Worse) -> Vec<Event> {
    let mut out = Vec::new();
    let mut push = |at: i64, body| {
        out.push(Event {
            at: ts(base() + at),
            body,
        })
    };
    for (n, p) in plan.incidents.iter().enumerate() {
        let id = format!("INC-{n}");
        let inc = |what| EventBody::Incident {
            id: id.as_str().into(),
            what,
        };
        let class = CLASSES[p.class];
        let priority = matches!(class, IncidentClass::Outage | IncidentClass::Fault)
            .then_some(PRIORITIES[p.priority]);
        push(
            p.reported,
            inc(IncidentEvent::Reported {
                class,
                priority,
                component: None,
                site: None,
            }),
        );
        let mut at = p.reported;
        let mut delay = 0;
        let stops = p
            .stops
            .iter()
            .map(|&(k, gap)| (STOPS[k], gap))
            .chain(p.resolved.map(|gap| (StopEvent::Resolved, gap)));
        for (i, (stop, gap)) in stops.enumerate() {
            at += gap;
            if worse.later_stops {
                delay += p.delays[i];
            }
            push(at + delay, inc(IncidentEvent::Stop(stop)));
        }
    }
    let outages = plan.outages.iter().chain(if worse.more_downtime {
        plan.more_outages.as_slice()
    } else {
        &[]
    });
    for (n, o) in outages.enumerate() {
        let longer = if worse.more_downtime { o.longer } else { 0 };
        push(
            o.from,
            EventBody::Outage {
                id: Some(format!("OUT-{n}").into()),
                component: COMPONENTS[o.component].into(),
                from: ts(base() + o.from),
                to: ts(base() + o.from + o.seconds + longer),
                cause: None,
            },
        );
    }
    out
}

fn report(contract: &Contract, plan: &LogPlan, worse: Worse) -> Statement {
    let mut log = EventLog::new("gen", calendar().zone());
    log.push_all((1..).zip(events(plan, worse)));
    assert!(log.rejections().is_empty(), "{:#?}", log.rejections());
    let r = evaluate(
        contract,
        calendar(),
        &log,
        Options {
            as_of: Some(ts(plan.as_of.map_or(year_end(), |t| base() + t))),
            years: Some((2025, 2025)),
            ..Default::default()
        },
    );
    sla_engine::penalty::statement(&r, contract.penalties.as_ref().unwrap())
}

const AS_GIVEN: Worse = Worse {
    later_stops: false,
    more_downtime: false,
};

// ---------------------------------------------------------------------------------------------
// Reading a statement back
// ---------------------------------------------------------------------------------------------

fn schedule_of(c: &Contract) -> &PenaltySchedule {
    c.penalties.as_ref().unwrap()
}

/// `d` as an integer count of 10^-28: every `Decimal` amount here fits, so sums are exact.
fn exact(d: Decimal) -> i128 {
    d.mantissa()
        .checked_mul(10i128.pow(28 - d.scale()))
        .expect("an amount too large for the exact check")
}

/// A cap as the statement applies it: rounded to the scale at `line`, exact at `total`.
fn as_applied(s: &PenaltySchedule, cap: Decimal) -> Decimal {
    match s.round_at {
        RoundAt::Line => s.round(cap),
        RoundAt::Total => cap,
    }
}

fn period_fee(s: &PenaltySchedule, kind: PeriodKind) -> Decimal {
    match kind {
        PeriodKind::Year => s.annual_fee,
        PeriodKind::Quarter => s.round(s.annual_fee / Decimal::from(4)),
        PeriodKind::Month => s.round(s.annual_fee / Decimal::from(12)),
        PeriodKind::Window => s.annual_fee,
    }
}

/// The index of the charge a breach line is for, read from its basis (`start-high breached:`).
fn charge_of(s: &PenaltySchedule, basis: &str) -> usize {
    let target = basis.split(" breached").next().unwrap();
    s.breaches
        .iter()
        .position(|c| c.targets.iter().any(|t| t == target))
        .unwrap_or_else(|| panic!("no charge for {basis:?}"))
}

/// Net per incident (every line about it) and per period (every line in it).
fn nets(st: &Statement) -> (BTreeMap<String, Decimal>, BTreeMap<String, Decimal>) {
    let (mut incidents, mut periods) = (BTreeMap::new(), BTreeMap::new());
    for l in &st.lines {
        if l.subject().starts_with("INC-") {
            *incidents.entry(l.subject().to_string()).or_default() += l.amount;
        }
        if !l.period.is_empty() {
            *periods.entry(l.period.to_string()).or_default() += l.amount;
        }
    }
    (incidents, periods)
}

fn check_caps(c: &Contract, st: &Statement) -> Result<(), TestCaseError> {
    let s = schedule_of(c);
    // Per charge and incident: a charge's breach lines, their roundings and its own cap line;
    // a not-stacked line cancels it. Adjustments name the line they apply to.
    let mut capped: BTreeMap<(String, usize), Decimal> = BTreeMap::new();
    let mut cancelled: BTreeMap<(String, usize), Decimal> = BTreeMap::new();
    let mut charge_of_line: BTreeMap<usize, (String, usize)> = BTreeMap::new();
    for (i, l) in st.lines.iter().enumerate() {
        let applied = || {
            l.applies_to
                .and_then(|n| charge_of_line.get(&n).cloned())
                .ok_or_else(|| TestCaseError::fail(format!("{l:?} applies to no charge")))
        };
        match l.kind {
            LineKind::Breach => {
                let key = (l.subject().to_string(), charge_of(s, &l.basis));
                prop_assert!(l.amount >= Decimal::ZERO);
                *capped.entry(key.clone()).or_default() += l.amount;
                charge_of_line.insert(i + 1, key);
            }
            LineKind::Rounding if l.applies_to.is_some() => {
                prop_assert_eq!(s.round_at, RoundAt::Line);
                if let Some(key) = l.applies_to.and_then(|n| charge_of_line.get(&n)) {
                    *capped.entry(key.clone()).or_default() += l.amount;
                }
            }
            LineKind::ChargeCap => {
                prop_assert!(l.amount < Decimal::ZERO);
                *capped.entry(applied()?).or_default() += l.amount;
            }
            LineKind::NotStacked => {
                prop_assert_eq!(s.stacking, Stacking::Highest);
                *cancelled.entry(applied()?).or_default() += l.amount;
            }
            _ => {}
        }
    }
    for ((inc, ci), net) in &capped {
        if let Some(cap) = s.breaches[*ci].cap_per_incident {
            prop_assert!(
                *net <= as_applied(s, cap),
                "{inc}: charge {ci} {net} over its cap {cap}"
            );
        }
        let left = *net
            + cancelled
                .get(&(inc.clone(), *ci))
                .copied()
                .unwrap_or_default();
        prop_assert!(left == Decimal::ZERO || left == *net);
    }
    if s.stacking == Stacking::Highest {
        let mut survivors: BTreeMap<&str, Vec<Decimal>> = BTreeMap::new();
        let mut highest: BTreeMap<&str, Decimal> = BTreeMap::new();
        for ((inc, ci), net) in &capped {
            let h = highest.entry(inc.as_str()).or_default();
            *h = (*h).max(*net);
            if !cancelled.contains_key(&(inc.clone(), *ci)) && *net != Decimal::ZERO {
                survivors.entry(inc.as_str()).or_default().push(*net);
            }
        }
        for (inc, kept) in &survivors {
            prop_assert_eq!(kept.len(), 1, "{}: more than one charge kept", inc);
            prop_assert_eq!(kept[0], highest[inc]);
        }
    }

    let (incidents, periods) = nets(st);
    for (inc, net) in &incidents {
        prop_assert!(*net >= Decimal::ZERO, "{inc}: {net}");
        if let Some(cap) = s.cap_per_incident {
            prop_assert!(*net <= as_applied(s, cap), "{inc}: {net} over {cap}");
        }
    }
    let fee = period_fee(s, c.availability.period);
    if let Some(pct) = s.cap_per_period_percent {
        let cap = as_applied(s, pct * fee / Decimal::ONE_HUNDRED);
        for (period, net) in &periods {
            prop_assert!(*net <= cap, "{period}: {net} over {cap}");
        }
    }
    prop_assert!(st.total >= Decimal::ZERO, "{:#?}", st);
    if let Some(pct) = s.cap_total_percent {
        let charged = Decimal::from(periods.len().max(1));
        let cap = pct * fee * charged / Decimal::ONE_HUNDRED;
        prop_assert!(
            st.total <= s.round(cap),
            "total {} over {} ({} periods)",
            st.total,
            cap,
            charged
        );
    }
    if let Some(min) = s.minimum {
        prop_assert!(
            st.total == Decimal::ZERO || st.total >= s.round(min),
            "total {} under the minimum {}",
            st.total,
            min
        );
    }
    Ok(())
}

/// `cases` cases, or `PROPTEST_CASES` if set (for a longer run).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(cases),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn total_is_exactly_the_sum_of_its_lines(c in setup(), plan in log_plan()) {
        let st = report(&c, &plan, AS_GIVEN);
        let sum: Decimal = st.lines.iter().map(|l| l.amount).sum();
        let exact_sum: i128 = st.lines.iter().map(|l| exact(l.amount)).sum();
        prop_assert_eq!(sum, st.total, "{:#?}", st);
        prop_assert_eq!(exact_sum, exact(st.total), "{:#?}", st);
        let roundings: Vec<_> = st.lines.iter().filter(|l| l.kind == LineKind::Rounding).collect();
        if schedule_of(&c).round_at == RoundAt::Total {
            prop_assert_eq!(st.total, schedule_of(&c).round(st.total));
            prop_assert!(st.total.scale() <= schedule_of(&c).scale, "{}", st.total);
            prop_assert!(roundings.len() <= 1);
            prop_assert!(roundings.iter().all(|l| l.applies_to.is_none()));
        } else {
            // At `line`, each rounding takes one charge to the scale.
            for r in &roundings {
                let n = r.applies_to.unwrap_or(0);
                prop_assert!(n >= 1 && n <= st.lines.len(), "{:?}", r);
                prop_assert!(st.lines[n - 1].kind.is_charge(), "{:?}", r);
            }
        }
    }

    #[test]
    fn no_cap_is_exceeded(c in setup(), plan in log_plan()) {
        let st = report(&c, &plan, AS_GIVEN);
        check_caps(&c, &st)?;
    }

    #[test]
    fn at_line_every_amount_keeps_the_scale(
        (c, plan) in (setup(), log_plan()).prop_map(|(mut c, p)| {
            c.penalties.as_mut().unwrap().round_at = RoundAt::Line;
            (c, p)
        })
    ) {
        let st = report(&c, &plan, AS_GIVEN);
        let s = schedule_of(&c);
        // A charge is exact; with the rounding line that names it, it keeps the scale. Every
        // other line keeps the scale on its own.
        let mut rounded: BTreeMap<usize, Decimal> = BTreeMap::new();
        for (i, l) in st.lines.iter().enumerate() {
            match (l.kind, l.applies_to) {
                (LineKind::Rounding, Some(n)) => *rounded.entry(n).or_default() += l.amount,
                (k, _) if k.is_charge() => *rounded.entry(i + 1).or_default() += l.amount,
                _ => prop_assert!(
                    l.amount == s.round(l.amount) && l.amount.scale() <= s.scale,
                    "{} has more than {} places: {:?}", l.amount, s.scale, l
                ),
            }
        }
        for (n, amount) in &rounded {
            prop_assert!(
                *amount == s.round(*amount),
                "line {} rounds to {}, not to {} places", n, amount, s.scale
            );
        }
        prop_assert!(st.total.scale() <= s.scale);
    }

    #[test]
    fn more_lateness_or_downtime_never_lowers_what_is_owed(c in setup(), plan in log_plan()) {
        let given = report(&c, &plan, AS_GIVEN);
        let (inc0, per0) = nets(&given);
        for worse in [
            Worse { later_stops: true, more_downtime: false },
            Worse { later_stops: false, more_downtime: true },
        ] {
            let st = report(&c, &plan, worse);
            prop_assert!(
                st.total >= given.total,
                "{:?}: total {} < {}\nworse: {:#?}\ngiven: {:#?}", worse, st.total, given.total, st, given
            );
            let (inc, per) = nets(&st);
            for (id, net) in &inc0 {
                let now = inc.get(id).copied().unwrap_or_default();
                prop_assert!(now >= *net, "{:?}: {} {} < {}", worse, id, now, net);
            }
            for (p, net) in &per0 {
                let now = per.get(p).copied().unwrap_or_default();
                prop_assert!(now >= *net, "{:?}: {} {} < {}", worse, p, now, net);
            }
            check_caps(&c, &st)?;
        }
    }
}

/// The generators reach every kind of line, and make the worse logs cost more often enough for
/// the monotonicity law to mean something (a fixed sample, the same on every run).
#[test]
fn generated_statements_reach_every_kind_of_line() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut kinds: BTreeMap<LineKind, usize> = BTreeMap::new();
    let (mut later_costs_more, mut longer_costs_more) = (0, 0);
    for _ in 0..300 {
        let c = setup().new_tree(&mut runner).unwrap().current();
        let plan = log_plan().new_tree(&mut runner).unwrap().current();
        let given = report(&c, &plan, AS_GIVEN);
        for l in &given.lines {
            *kinds.entry(l.kind).or_default() += 1;
        }
        let later = Worse {
            later_stops: true,
            more_downtime: false,
        };
        let longer = Worse {
            later_stops: false,
            more_downtime: true,
        };
        later_costs_more += usize::from(report(&c, &plan, later).total > given.total);
        longer_costs_more += usize::from(report(&c, &plan, longer).total > given.total);
    }
    let reached: Vec<LineKind> = kinds.keys().copied().collect();
    assert_eq!(reached, LineKind::ALL, "{kinds:?}");
    assert!(
        later_costs_more >= 20 && longer_costs_more >= 20,
        "{later_costs_more} {longer_costs_more}"
    );
}
