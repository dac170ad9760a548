//! The penalty statement: line items that add up to the total, in the documented order.

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
        /// Rounding of the total to the schedule's scale.
        Rounding = "rounding",
    }
}

/// One line of the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// What the line is.
    pub kind: LineKind,
    /// The clause it rests on.
    pub clause: Arc<str>,
    /// The incident, period or `total` it is about.
    pub subject: Arc<str>,
    /// The judged period it falls in (empty for statement-wide lines).
    pub period: Arc<str>,
    /// Why, in words an auditor can check: "resolution-high breached: 3h12m late on the
    /// business clock (4 started hours)".
    pub basis: String,
    /// The rate applied, if any (per started hour, or percent of the fee).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub rate: Option<Decimal>,
    /// The quantity the rate applies to (started hours, or the period's fee).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub quantity: Option<Decimal>,
    /// The amount (negative for caps and cancellations).
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
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
    /// How the schedule was applied.
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
    let mut lines: Vec<Line> = Vec::new();
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

    // 1-3: breaches, per incident.
    for inc in report
        .incidents
        .iter()
        .filter(|i| i.verdicts.iter().any(|v| v.outcome == Outcome::Breached))
    {
        let period: Arc<str> = period_label(kind, &inc.reported_at).into();

        // Net amount per charge (index into schedule.breaches), with its lines.
        let mut by_charge: BTreeMap<usize, (Decimal, Vec<Line>)> = BTreeMap::new();
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
            let amount = line_round(charge.amount + charge.per_started_hour * Decimal::from(hours));
            let still = match (&v.superseded, v.stopped_by) {
                (Some(c), _) => format!(
                    " before the priority changed to {} at {}",
                    c.priority,
                    c.at.to_rfc3339()
                ),
                (None, None) => ", still open".to_owned(),
                (None, Some(_)) => String::new(),
            };
            let entry = by_charge.entry(ci).or_insert((Decimal::ZERO, Vec::new()));
            entry.0 += amount;
            entry.1.push(Line {
                kind: super::LineKind::Breach,
                clause: v.clause.clone(),
                subject: inc.id.clone(),
                period: period.clone(),
                basis: format!(
                    "{} breached{still}: {} late on the {clock} clock ({hours} started hours); {} fixed",
                    v.target,
                    crate::format_duration(late),
                    charge.amount
                ),
                rate: (charge.per_started_hour > Decimal::ZERO).then_some(charge.per_started_hour),
                quantity: (charge.per_started_hour > Decimal::ZERO).then(|| Decimal::from(hours)),
                amount,
            });
        }
        for (ci, (net, charge_lines)) in by_charge.iter_mut() {
            // A cap is a figure of the statement like any other: at `line`, to the scale.
            let cap = s
                .breaches
                .get(*ci)
                .and_then(|c| c.cap_per_incident)
                .map(line_round);
            if let Some(cap) = cap.filter(|c| *net > *c) {
                let adj = cap - *net;
                *net = cap;
                charge_lines.push(Line {
                    kind: super::LineKind::ChargeCap,
                    clause: liability.clone(),
                    subject: inc.id.clone(),
                    period: period.clone(),
                    basis: format!("this charge is capped at {cap} per incident"),
                    rate: None,
                    quantity: None,
                    amount: adj,
                });
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
        for (ci, (net, mut charge_lines)) in by_charge {
            let cancelled = keep.is_some_and(|k| k != ci) && net != Decimal::ZERO;
            lines.append(&mut charge_lines);
            if cancelled {
                lines.push(Line {
                    kind: super::LineKind::NotStacked,
                    clause: liability.clone(),
                    subject: inc.id.clone(),
                    period: period.clone(),
                    basis: "charges of one incident do not stack: only the highest counts"
                        .to_owned(),
                    rate: None,
                    quantity: None,
                    amount: -net,
                });
            } else {
                incident_total += net;
            }
        }
        if let Some(cap) = s
            .cap_per_incident
            .map(line_round)
            .filter(|c| incident_total > *c)
        {
            lines.push(Line {
                kind: super::LineKind::IncidentCap,
                clause: liability.clone(),
                subject: inc.id.clone(),
                period: period.clone(),
                basis: format!("an incident is capped at {cap}"),
                rate: None,
                quantity: None,
                amount: cap - incident_total,
            });
        }
    }

    // 4: availability credits for judged periods that are over (a running period's figure,
    // even one already breached, is provisional).
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
        lines.push(Line {
            kind: super::LineKind::Availability,
            clause: report.objective.clause.as_str().into(),
            subject: a.scope.as_str().into(),
            period: a.label.as_str().into(),
            basis: format!(
                "{} % ({}) in {}, band {l}{} %, {} %{r}",
                a.availability_percent, a.availability, a.label, t.from, t.to
            ),
            rate: Some(t.percent_of_fee),
            quantity: Some(fee),
            amount: line_round(t.percent_of_fee * fee / Decimal::ONE_HUNDRED),
        });
    }

    // 5: cap per period.
    let mut periods: BTreeMap<Arc<str>, Decimal> = BTreeMap::new();
    for l in &lines {
        *periods.entry(l.period.clone()).or_default() += l.amount;
    }
    let fee = period_fee(s, kind);
    if let Some(pct) = s.cap_per_period_percent {
        let cap = line_round(pct * fee / Decimal::ONE_HUNDRED);
        for (period, sum) in &periods {
            if *sum > cap {
                lines.push(Line {
                    kind: super::LineKind::PeriodCap,
                    clause: liability.clone(),
                    subject: period.clone(),
                    period: period.clone(),
                    basis: format!("a period is capped at {pct} % of its fee {fee}"),
                    rate: Some(pct),
                    quantity: Some(fee),
                    amount: cap - *sum,
                });
            }
        }
    }

    // 6: total cap, over the fee of the periods charged.
    let mut total: Decimal = lines.iter().map(|l| l.amount).sum();
    if let Some(pct) = s.cap_total_percent {
        let charged = Decimal::from(periods.len().max(1));
        let base = fee * charged;
        let cap = line_round(pct * base / Decimal::ONE_HUNDRED);
        if total > cap {
            lines.push(Line {
                kind: super::LineKind::TotalCap,
                clause: liability.clone(),
                subject: "total".into(),
                period: "".into(),
                basis: format!(
                    "the total is capped at {pct} % of the fee {base} for {charged} period(s)"
                ),
                rate: Some(pct),
                quantity: Some(base),
                amount: cap - total,
            });
            total = cap;
        }
    }

    // 7: minimum.
    if let Some(min) = s.minimum
        && total > Decimal::ZERO
        && total < min
    {
        lines.push(Line {
            kind: super::LineKind::Minimum,
            clause: liability.clone(),
            subject: "total".into(),
            period: "".into(),
            basis: format!("a total below {min} is not charged"),
            rate: None,
            quantity: None,
            amount: -total,
        });
        total = Decimal::ZERO;
    }

    if s.round_at == RoundAt::Total {
        let rounded = s.round(total);
        if rounded != total {
            lines.push(Line {
                kind: super::LineKind::Rounding,
                clause: liability.clone(),
                subject: "total".into(),
                period: "".into(),
                basis: format!("total rounded {} to {} places", s.rounding, s.scale),
                rate: None,
                quantity: None,
                amount: rounded - total,
            });
        }
        // Written to the scale even when rounding changes nothing but trailing places.
        total = rounded;
    }
    Statement {
        illustrative: s.illustrative,
        currency: s.currency.clone(),
        scale: s.scale,
        lines,
        total,
        notes,
    }
}

impl Statement {
    /// An amount as finance reads it: at least the schedule's places (`500.00`, `0.00`), all of
    /// its own places if it has more (an unrounded line under `round_at = total`).
    pub fn money(&self, amount: Decimal) -> String {
        let mut a = amount;
        if a.scale() < self.scale {
            a.rescale(self.scale);
        }
        a.to_string()
    }

    /// The statement as CSV for a spreadsheet: one row per line and a final `total` row; amounts
    /// are exact decimals as text, never floats (feature `formats`).
    ///
    /// # Errors
    /// Only if writing to memory fails.
    #[cfg(feature = "formats")]
    pub fn to_csv(&self) -> Result<String, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "kind", "clause", "subject", "period", "basis", "rate", "quantity", "amount",
            "currency",
        ])?;
        let opt = |d: Option<Decimal>| d.map_or(String::new(), |d| d.normalize().to_string());
        for l in &self.lines {
            w.write_record([
                l.kind.as_str(),
                &l.clause,
                &l.subject,
                &l.period,
                &l.basis,
                &opt(l.rate),
                &opt(l.quantity),
                &self.money(l.amount),
                &self.currency,
            ])?;
        }
        let label = if self.illustrative {
            "total (illustrative schedule)"
        } else {
            "total"
        };
        w.write_record([
            "total",
            "",
            "",
            "",
            label,
            "",
            "",
            &self.money(self.total),
            &self.currency,
        ])?;
        // How the schedule was applied, after the total so that the amount column sums alone.
        for n in &self.notes {
            w.write_record(["note", "", "", "", n, "", "", "", ""])?;
        }
        let bytes = w.into_inner().map_err(|e| e.into_error())?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
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
        assert_eq!(
            amounts,
            ["1600.00", "4400.00", "-399.60", "-599.80", "0.40"]
        );
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
