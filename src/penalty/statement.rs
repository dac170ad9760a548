//! The penalty statement: line items that add up to the total, in the documented order.
//!
//! Every charge line keeps `fixed + rate × quantity = amount` exactly; where the schedule rounds
//! at each line and the product has more places than the scale, a `rounding` line right after it
//! (`applies_to` naming the charge) takes it to the scale. Caps and cancellations are lines of
//! their own, so the lines always add up to the total.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{InclusiveEdge, LatenessClock, PenaltySchedule, RoundAt, Stacking};
use crate::contract::PeriodKind;
use crate::named::named_enum;
use crate::report::{AvailabilityVerdict, Outcome, Report};

named_enum! {
    /// What a statement line is.
    pub enum LineKind {
        /// A charge for a breached target.
        Breach = "breach",
        /// A breach charge's own cap per incident.
        ChargeCap = "charge_cap",
        /// A charge cancelled because charges of one incident do not stack.
        NotStacked = "not_stacked",
        /// The cap per incident.
        IncidentCap = "incident_cap",
        /// An availability credit.
        Availability = "availability",
        /// The cap per period.
        PeriodCap = "period_cap",
        /// The total cap.
        TotalCap = "total_cap",
        /// A total below the minimum, cancelled.
        Minimum = "minimum",
        /// Rounding to the schedule's scale: of one charge (`applies_to`), or of the total.
        Rounding = "rounding",
    }
}

impl LineKind {
    /// The line's group, for a pivot in a spreadsheet: `breach`, `availability`, `cap`,
    /// `stacking`, `rounding` or `minimum` (the total is a row of its own).
    pub fn group(self) -> &'static str {
        match self {
            LineKind::Breach => "breach",
            LineKind::Availability => "availability",
            LineKind::ChargeCap
            | LineKind::IncidentCap
            | LineKind::PeriodCap
            | LineKind::TotalCap => "cap",
            LineKind::NotStacked => "stacking",
            LineKind::Rounding => "rounding",
            LineKind::Minimum => "minimum",
        }
    }

    /// Whether the line is a charge (`fixed + rate × quantity = amount`).
    pub fn is_charge(self) -> bool {
        matches!(self, LineKind::Breach | LineKind::Availability)
    }
}

named_enum! {
    /// What a charge's quantity counts.
    pub enum Unit {
        /// Started hours of lateness (1 s late is one started hour); the rate is money per hour.
        StartedHour = "started_hour",
        /// A period's fee, in the schedule's currency; the rate is the fraction of it charged
        /// (5 % is 0.05).
        Fee = "fee",
    }
}

/// One line of the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// What the line is.
    pub kind: LineKind,
    /// The clause it rests on (the contract's labels).
    pub clause: Arc<str>,
    /// The incident it is about (breaches, their caps and cancellations).
    pub incident: Option<Arc<str>>,
    /// The target a breach charge is for.
    pub target: Option<Arc<str>>,
    /// The scope an availability credit is for (`platform`, a component).
    pub scope: Option<Arc<str>>,
    /// The judged period it falls in (`2025`, `2025-Q1`; empty for statement-wide lines).
    pub period: Arc<str>,
    /// Why, in words an auditor can check: "resolution-high breached: 3h12m late on the
    /// business clock (4 started hours)".
    pub basis: String,
    /// What the rate applies to (started hours, or a period's fee), on charge lines.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub quantity: Option<Decimal>,
    /// The quantity's unit.
    pub unit: Option<Unit>,
    /// The rate per unit, on charge lines (money per started hour, or the fraction of a fee).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub rate: Option<Decimal>,
    /// The fixed part of a charge.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub fixed: Option<Decimal>,
    /// The amount (negative for caps and cancellations): on a charge line, exactly
    /// `fixed + rate × quantity`.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The 1-based number of the line a cap, cancellation or rounding applies to, when it
    /// applies to one line (a charge's rounding, a charge cancelled or capped).
    pub applies_to: Option<usize>,
}

/// What the provider owes for what it missed, line by line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Whether the schedule is an example, not agreed terms.
    pub illustrative: bool,
    /// Currency code.
    pub currency: String,
    /// Decimal places amounts are written with (at least).
    pub scale: u32,
    /// The lines, in the order of application.
    pub lines: Vec<Line>,
    /// The total: exactly the sum of the lines.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// How the schedule was applied, and what the statement could not judge.
    pub notes: Vec<String>,
}

fn period_label(kind: PeriodKind, t: &crate::report::Instant) -> String {
    use chrono::Datelike;
    let (y, m) = (t.year(), t.month());
    match kind {
        PeriodKind::Year => format!("{y}"),
        PeriodKind::Quarter => format!("{y}-Q{}", (m - 1) / 3 + 1),
        PeriodKind::Month => format!("{y}-{m:02}"),
        // Contracts cannot judge a window (`Contract::validate`); label it by its start.
        PeriodKind::Window => t.to_rfc3339(),
    }
}

/// The fee of one period: the annual fee, or a quarter or a twelfth of it rounded to the scale
/// with the schedule's rounding (a twelfth is not a finite decimal: carrying it to 28 digits
/// would leave lines that do not add up to a rounded total).
fn period_fee(s: &PenaltySchedule, kind: PeriodKind) -> Decimal {
    match kind {
        PeriodKind::Year => s.annual_fee,
        PeriodKind::Quarter => s.round(s.annual_fee / Decimal::from(4)),
        PeriodKind::Month => s.round(s.annual_fee / Decimal::from(12)),
        PeriodKind::Window => s.annual_fee,
    }
}

fn ceil_hours(seconds: i64) -> i64 {
    if seconds <= 0 {
        0
    } else {
        (seconds - 1) / 3600 + 1
    }
}

/// The tier an availability verdict falls in, compared exactly.
fn tier<'a>(
    s: &'a PenaltySchedule,
    a: &AvailabilityVerdict,
) -> Option<&'a super::AvailabilityTier> {
    let period = Decimal::from(a.period_seconds);
    let up100 = Decimal::from(a.period_seconds - a.downtime_seconds) * Decimal::ONE_HUNDRED;
    s.availability_tiers.iter().find(|t| {
        let (lo, hi) = (t.from * period, t.to * period);
        match s.inclusive_edge {
            InclusiveEdge::Lower => lo <= up100 && up100 < hi,
            InclusiveEdge::Upper => lo < up100 && up100 <= hi,
        }
    })
}

/// A line with nothing but its kind, clause and period; the builder fills the rest.
fn line(
    kind: LineKind,
    clause: &Arc<str>,
    period: &Arc<str>,
    basis: String,
    amount: Decimal,
) -> Line {
    Line {
        kind,
        clause: clause.clone(),
        incident: None,
        target: None,
        scope: None,
        period: period.clone(),
        basis,
        quantity: None,
        unit: None,
        rate: None,
        fixed: None,
        amount,
        applies_to: None,
    }
}

/// The statement's lines as they are made: every charge is followed, under `round_at = line`,
/// by its rounding line when the product has more places than the scale.
struct Lines<'s> {
    schedule: &'s PenaltySchedule,
    liability: Arc<str>,
    lines: Vec<Line>,
}

impl Lines<'_> {
    /// Adds a line; its 1-based number.
    fn push(&mut self, l: Line) -> usize {
        self.lines.push(l);
        self.lines.len()
    }

    /// Adds a charge line and, under `round_at = line`, its rounding; returns the charge's
    /// number and the charged amount (rounded under `round_at = line`).
    fn charge(&mut self, l: Line) -> (usize, Decimal) {
        let exact = l.amount;
        let (incident, period) = (l.incident.clone(), l.period.clone());
        let n = self.push(l);
        let s = self.schedule;
        if s.round_at == RoundAt::Total {
            return (n, exact);
        }
        let rounded = s.round(exact);
        if rounded != exact {
            let mut r = line(
                LineKind::Rounding,
                &self.liability,
                &period,
                format!("line {n} rounded {} to {} places", s.rounding, s.scale),
                rounded - exact,
            );
            r.incident = incident;
            r.applies_to = Some(n);
            self.push(r);
        }
        (n, rounded)
    }
}

/// Computes the statement for `report` under `schedule`, in the order documented on
/// [the module](super).
///
/// ```
/// use sla_engine::evaluate::{Evaluator, Options};
/// use sla_engine::penalty::{statement, PenaltySchedule};
/// let judge = Evaluator::seed()?;
/// let report = judge.report(&judge.new_log("none"), Options::default());
/// let s = statement(&report, &PenaltySchedule::illustrative());
/// assert_eq!(s.total, s.lines.iter().map(|l| l.amount).sum());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn statement(report: &Report, schedule: &PenaltySchedule) -> Statement {
    let s = schedule;
    let kind = report.objective.period;
    let liability: Arc<str> = s.clause.as_str().into();
    let line_round = |x: Decimal| match s.round_at {
        RoundAt::Line => s.round(x),
        RoundAt::Total => x,
    };
    let mut out = Lines {
        schedule: s,
        liability: liability.clone(),
        lines: Vec::new(),
    };
    let mut notes = vec![format!(
        "rounding {} at {} to {} places; stacking {}; lateness in started hours",
        s.rounding, s.round_at, s.scale, s.stacking
    )];
    if s.illustrative {
        notes.push(
            "ILLUSTRATIVE: the contract's liability article is missing; these figures are an example"
                .to_owned(),
        );
    }
    notes.extend(not_judged(report));

    // 1-3: breaches, per incident.
    for inc in report.incidents.iter().filter(|i| i.has_breach()) {
        let period: Arc<str> = period_label(kind, &inc.reported_at).into();
        // Per charge (index into schedule.breaches): its net amount and its first line.
        let mut by_charge: BTreeMap<usize, (Decimal, usize)> = BTreeMap::new();
        for v in inc
            .verdicts
            .iter()
            .filter(|v| v.outcome == Outcome::Breached)
        {
            let Some((ci, charge)) = s
                .breaches
                .iter()
                .enumerate()
                .find(|(_, c)| c.targets.iter().any(|t| *t == *v.target))
            else {
                continue;
            };
            let (late, clock) = match charge.lateness_clock {
                LatenessClock::Target => ((-v.margin_seconds).max(0), v.clock.as_str()),
                LatenessClock::Wall => (v.late_wall_seconds.unwrap_or(0).max(0), "wall"),
            };
            let hours = ceil_hours(late);
            let still = match (&v.superseded, v.stopped_by) {
                (Some(c), _) => format!(
                    " before the priority changed to {} at {}",
                    c.priority,
                    c.at.to_rfc3339()
                ),
                (None, None) => ", still open".to_owned(),
                (None, Some(_)) => String::new(),
            };
            let mut l = line(
                LineKind::Breach,
                &v.clause,
                &period,
                format!(
                    "{} breached{still}: {} late on the {clock} clock ({hours} started hour{}); {} fixed",
                    v.target,
                    crate::format_duration(late),
                    if hours == 1 { "" } else { "s" },
                    charge.amount
                ),
                charge.amount + charge.per_started_hour * Decimal::from(hours),
            );
            l.incident = Some(inc.id.clone());
            l.target = Some(v.target.clone());
            l.quantity = Some(Decimal::from(hours));
            l.unit = Some(Unit::StartedHour);
            l.rate = Some(charge.per_started_hour);
            l.fixed = Some(charge.amount);
            let (n, amount) = out.charge(l);
            let entry = by_charge.entry(ci).or_insert((Decimal::ZERO, n));
            entry.0 += amount;
        }
        for (ci, (net, first)) in by_charge.iter_mut() {
            // A cap is a figure of the statement like any other: at `line`, to the scale.
            let cap = s
                .breaches
                .get(*ci)
                .and_then(|c| c.cap_per_incident)
                .map(line_round);
            if let Some(cap) = cap.filter(|c| *net > *c) {
                let mut l = line(
                    LineKind::ChargeCap,
                    &liability,
                    &period,
                    format!("this charge is capped at {cap} per incident"),
                    cap - *net,
                );
                l.incident = Some(inc.id.clone());
                l.applies_to = Some(*first);
                *net = cap;
                out.push(l);
            }
        }
        let keep = match s.stacking {
            Stacking::Sum => None,
            Stacking::Highest => by_charge
                .iter()
                .max_by(|a, b| {
                    (a.1.0, std::cmp::Reverse(a.0)).cmp(&(b.1.0, std::cmp::Reverse(b.0)))
                })
                .map(|(ci, _)| *ci),
        };
        let mut incident_total = Decimal::ZERO;
        for (ci, (net, first)) in by_charge {
            if keep.is_some_and(|k| k != ci) && net != Decimal::ZERO {
                let mut l = line(
                    LineKind::NotStacked,
                    &liability,
                    &period,
                    "charges of one incident do not stack: only the highest counts".to_owned(),
                    -net,
                );
                l.incident = Some(inc.id.clone());
                l.applies_to = Some(first);
                out.push(l);
            } else {
                incident_total += net;
            }
        }
        if let Some(cap) = s
            .cap_per_incident
            .map(line_round)
            .filter(|c| incident_total > *c)
        {
            let mut l = line(
                LineKind::IncidentCap,
                &liability,
                &period,
                format!("an incident is capped at {cap}"),
                cap - incident_total,
            );
            l.incident = Some(inc.id.clone());
            out.push(l);
        }
    }

    // 4: availability credits for judged periods that are over (a running period's figure,
    // even one already breached, is provisional).
    let objective_clause: Arc<str> = report.objective.clause.as_str().into();
    for a in report.availability.iter().filter(|a| a.judged) {
        if a.outcome == Outcome::Pending || a.as_of.is_some() {
            notes.push(format!(
                "availability {} {} is still running ({}): no credit yet",
                a.scope, a.label, a.outcome
            ));
            continue;
        }
        let Some(t) = tier(s, a) else { continue };
        let fee = period_fee(s, a.period);
        let (l, r) = match s.inclusive_edge {
            InclusiveEdge::Lower => ("[", ")"),
            InclusiveEdge::Upper => ("(", "]"),
        };
        let label: Arc<str> = a.label.as_str().into();
        let rate = t.percent_of_fee / Decimal::ONE_HUNDRED;
        let mut credit = line(
            LineKind::Availability,
            &objective_clause,
            &label,
            format!(
                "{} % ({}) in {}, band {l}{} %, {} %{r}: {} % of the fee",
                a.availability_percent
                    .map_or_else(|| "n/a".to_owned(), |p| p.to_string()),
                a.availability,
                a.label,
                t.from,
                t.to,
                t.percent_of_fee
            ),
            rate * fee,
        );
        credit.scope = Some(a.scope.as_str().into());
        credit.quantity = Some(fee);
        credit.unit = Some(Unit::Fee);
        credit.rate = Some(rate);
        credit.fixed = Some(Decimal::ZERO);
        out.charge(credit);
    }

    // 5: cap per period.
    let mut periods: BTreeMap<Arc<str>, Decimal> = BTreeMap::new();
    for l in &out.lines {
        *periods.entry(l.period.clone()).or_default() += l.amount;
    }
    let fee = period_fee(s, kind);
    if let Some(pct) = s.cap_per_period_percent {
        let cap = line_round(pct * fee / Decimal::ONE_HUNDRED);
        for (period, sum) in &periods {
            if *sum > cap {
                out.push(line(
                    LineKind::PeriodCap,
                    &liability,
                    period,
                    format!("a period is capped at {pct} % of its fee {fee}: {cap}"),
                    cap - *sum,
                ));
            }
        }
    }

    // 6: total cap, over the fee of the periods charged.
    let none: Arc<str> = "".into();
    let mut total: Decimal = out.lines.iter().map(|l| l.amount).sum();
    if let Some(pct) = s.cap_total_percent {
        let charged = Decimal::from(periods.len().max(1));
        let base = fee * charged;
        let cap = line_round(pct * base / Decimal::ONE_HUNDRED);
        if total > cap {
            out.push(line(
                LineKind::TotalCap,
                &liability,
                &none,
                format!(
                    "the total is capped at {pct} % of the fee {base} for {charged} period(s): {cap}"
                ),
                cap - total,
            ));
            total = cap;
        }
    }

    // 7: minimum.
    if let Some(min) = s.minimum
        && total > Decimal::ZERO
        && total < min
    {
        out.push(line(
            LineKind::Minimum,
            &liability,
            &none,
            format!("a total below {min} is not charged"),
            -total,
        ));
        total = Decimal::ZERO;
    }

    if s.round_at == RoundAt::Total {
        let rounded = s.round(total);
        if rounded != total {
            out.push(line(
                LineKind::Rounding,
                &liability,
                &none,
                format!("total rounded {} to {} places", s.rounding, s.scale),
                rounded - total,
            ));
        }
        total = rounded;
    }
    let mut st = Statement {
        illustrative: s.illustrative,
        currency: s.currency.clone(),
        scale: s.scale,
        lines: out.lines,
        total,
        notes,
    };
    st.write_money_to_scale();
    st
}

/// What the statement could not judge, from the report: it covers what the report judged, and
/// says what it did not.
fn not_judged(report: &Report) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(p) = &report.availability_problem {
        notes.push(format!(
            "availability was not evaluated ({p}): no availability credit is computed"
        ));
    }
    let undetermined = report.target_tally.undetermined;
    if undetermined > 0 {
        notes.push(format!(
            "{undetermined} target verdict(s) are undetermined (see the report): none is charged"
        ));
    }
    if report.rejected.total > 0 {
        notes.push(format!(
            "{} input line(s) were rejected: the statement covers the accepted events only",
            report.rejected.total
        ));
    }
    let after = report.not_applied.events();
    if after > 0 {
        notes.push(format!(
            "{after} event(s) after the evaluation instant were not applied"
        ));
    }
    notes
}

/// `x` written with the statement's places when its value has no more (`500` and `500.000`
/// → `500.00`); a value with more places (unrounded, under `round_at = total`) keeps them.
fn to_scale(x: Decimal, scale: u32) -> Decimal {
    let mut x = x;
    if x.scale() <= scale || x.round_dp(scale) == x {
        x.rescale(scale);
    }
    x
}

impl Line {
    /// What the line is about, in a word: its incident, else its scope, else its period, else
    /// `total`.
    pub fn subject(&self) -> &str {
        self.incident
            .as_deref()
            .or(self.scope.as_deref())
            .filter(|s| !s.is_empty())
            .unwrap_or(if self.period.is_empty() {
                "total"
            } else {
                &self.period
            })
    }
}

impl Statement {
    /// The statement as CSV for a spreadsheet (feature `formats`); see
    /// [`render::statement_csv`](crate::render::statement_csv), which can lead with the report's
    /// provenance.
    ///
    /// # Errors
    /// Only if writing to memory fails.
    #[cfg(feature = "formats")]
    pub fn to_csv(&self) -> Result<String, csv::Error> {
        crate::render::statement_csv(self, None)
    }

    /// Every amount, fixed part, money rate and fee written with at least the schedule's places,
    /// so that JSON, Markdown and CSV show one form (`0.00`, `50.00`).
    fn write_money_to_scale(&mut self) {
        let scale = self.scale;
        for l in &mut self.lines {
            l.amount = to_scale(l.amount, scale);
            l.fixed = l.fixed.map(|f| to_scale(f, scale));
            if l.unit == Some(Unit::StartedHour) {
                l.rate = l.rate.map(|r| to_scale(r, scale));
            }
            if l.unit == Some(Unit::Fee) {
                l.quantity = l.quantity.map(|q| to_scale(q, scale));
            }
        }
        self.total = to_scale(self.total, scale);
    }

    /// An amount as finance reads it: at least the schedule's places (`500.00`, `0.00`), all of
    /// its own places if it has more (an unrounded line under `round_at = total`).
    pub fn money(&self, amount: Decimal) -> String {
        to_scale(amount, self.scale).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn started_hours() {
        assert_eq!(ceil_hours(0), 0);
        assert_eq!(ceil_hours(1), 1);
        assert_eq!(ceil_hours(3600), 1);
        assert_eq!(ceil_hours(3601), 2);
        assert_eq!(ceil_hours(-5), 0);
    }

    /// A High fault reported Tue 2025-03-04 10:00, work started Thu 03-06 09:00 (13 business
    /// hours late), resolved Thu 03-06 17:00 (17 business hours late).
    fn late_high_fault() -> Report {
        use crate::contract::{IncidentClass, Priority, StopEvent};
        use crate::event::{Event, IncidentEvent};
        let judge = crate::evaluate::Evaluator::seed().unwrap();
        let mut log = judge.new_log("t");
        let ev = |t: &str, what| Event::incident(t.parse().unwrap(), "INC-1", what);
        for e in [
            ev(
                "2025-03-04T10:00:00+08:00",
                IncidentEvent::Reported {
                    class: IncidentClass::Fault,
                    priority: Some(Priority::High),
                    component: None,
                    site: None,
                },
            ),
            ev(
                "2025-03-06T09:00:00+08:00",
                IncidentEvent::Stop(StopEvent::WorkStarted),
            ),
            ev(
                "2025-03-06T17:00:00+08:00",
                IncidentEvent::Stop(StopEvent::Resolved),
            ),
        ] {
            log.push(e).unwrap();
        }
        judge.report(&log, crate::evaluate::Options::default())
    }

    #[test]
    fn caps_with_more_places_than_the_scale_are_rounded_at_line() {
        // Scale 0: the charge cap 4000.4 and the incident cap 5000.6 are figures of the
        // statement, so at `line` they are rounded like every other (to 4000 and 5001), and
        // every line and the total stay whole.
        let mut s = PenaltySchedule::illustrative();
        s.scale = 0;
        s.minimum = None;
        s.cap_per_incident = Some(Decimal::new(50006, 1));
        for c in &mut s.breaches {
            if c.targets == ["resolution-high"] {
                c.cap_per_incident = Some(Decimal::new(40004, 1));
            }
        }
        let st = statement(&late_high_fault(), &s);
        let got: Vec<(LineKind, String)> = st
            .lines
            .iter()
            .map(|l| (l.kind, l.amount.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                (LineKind::Breach, "1600".to_owned()),
                (LineKind::Breach, "4400".to_owned()),
                (LineKind::ChargeCap, "-400".to_owned()),
                (LineKind::IncidentCap, "-599".to_owned()),
            ]
        );
        assert_eq!(st.total.to_string(), "5001");
        // At `total`, the caps stay exact and the one rounding line takes the total to 0 places.
        s.round_at = RoundAt::Total;
        let st = statement(&late_high_fault(), &s);
        let amounts: Vec<String> = st.lines.iter().map(|l| l.amount.to_string()).collect();
        assert_eq!(amounts, ["1600", "4400", "-399.60", "-599.80", "0.40"]);
        assert_eq!(st.total, Decimal::from(5001));
    }

    #[test]
    fn at_total_the_total_has_the_scale_even_when_rounding_changes_no_value() {
        // Judged by the month, a fee of 100 000.00: a month's fee is 8 333.33 (a twelfth rounded
        // half-even to cents), three months' 5 % credits are 416.6665 each, 1 249.9995 in all;
        // the total is rounded once, with its own line of +0.0005, and written to 2 places.
        use crate::contract::Contract;
        use crate::event::{Event, EventBody};
        let mut contract = Contract::seed();
        contract.availability.period = PeriodKind::Month;
        let calendar = contract.preset_calendar().unwrap();
        let judge = crate::evaluate::Evaluator::new(contract, calendar);
        let at = |s: &str| -> crate::Timestamp { s.parse().unwrap() };
        let outage = |month: &str| Event {
            at: at(&format!("2025-{month}-10T20:00:00+08:00")),
            body: EventBody::Outage {
                id: None,
                component: "back-office".into(),
                from: at(&format!("2025-{month}-10T20:00:00+08:00")),
                to: at(&format!("2025-{month}-11T00:00:00+08:00")),
                cause: None,
            },
        };
        let mut log = judge.new_log("t");
        for e in ["01", "02", "04"].map(outage) {
            log.push(e).unwrap();
        }
        let report = judge.report(
            &log,
            crate::evaluate::Options {
                as_of: Some(at("2026-01-01T00:00:00+08:00")),
                years: Some((2025, 2025)),
                ..Default::default()
            },
        );
        let mut s = PenaltySchedule::illustrative();
        s.round_at = RoundAt::Total;
        s.annual_fee = Decimal::new(10_000_000, 2);
        let st = statement(&report, &s);
        let kinds: Vec<LineKind> = st.lines.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds,
            [
                LineKind::Availability,
                LineKind::Availability,
                LineKind::Availability,
                LineKind::Rounding
            ]
        );
        assert_eq!(st.total.to_string(), "1250.00");
        assert_eq!(st.lines.iter().map(|l| l.amount).sum::<Decimal>(), st.total);
    }
}
