//! Penalties in exact decimals: the schedule (part of the contract) and the statement computed
//! from an evaluation, which finance can reconcile to the cent.
//!
//! The received contract stops before its liability article (clause 3.2 points to it), so every
//! amount is the contract owner's data. The seed carries [`PenaltySchedule::illustrative`],
//! labelled as an example wherever it is printed.
//!
//! # The order of application
//! 1. **Breach lines**: for each breached target verdict that a [`BreachCharge`] names, the fixed
//!    amount plus the rate per *started* hour of lateness (on the target's clock, or the wall
//!    clock, as the charge says); then the charge's own cap per incident, as its own line.
//! 2. **Stacking** per incident: `sum` keeps every breach line; `highest` keeps the largest and
//!    cancels the others with their own lines.
//! 3. The **cap per incident**, as its own line.
//! 4. **Availability credits**: for each judged availability verdict, the tier its exact ratio
//!    falls in, as a percentage of the period's fee.
//! 5. The **cap per period**, as a percentage of the period's fee, per judged period.
//! 6. The **total cap**, as a percentage of the fee for the periods charged.
//! 7. The **minimum**: a total below it is cancelled by its own line.
//!
//! With [`RoundAt::Line`], every line is rounded to the schedule's scale as it is made, and the
//! caps compare rounded figures; with [`RoundAt::Total`], lines stay exact and one `rounding`
//! line takes the total to the scale. Either way the lines add up to the total exactly.

mod statement;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::contract::Contract;
use crate::named::named_enum;

pub use statement::{Line, LineKind, Statement, statement};

named_enum! {
    /// How an amount is rounded to the schedule's scale (shown for scale 0).
    pub enum Rounding {
        /// To nearest, ties to even ("banker's"): 6.5 → 6, 7.5 → 8, -6.5 → -6.
        HalfEven = "half_even",
        /// To nearest, ties away from zero: 6.5 → 7, 7.5 → 8, -6.5 → -7.
        HalfUp = "half_up",
        /// To nearest, ties toward zero: 6.5 → 6, 7.5 → 7, -6.5 → -6.
        HalfDown = "half_down",
        /// Toward zero (truncate): 6.9 → 6, -6.9 → -6.
        Down = "down",
        /// Away from zero: 6.1 → 7, -6.1 → -7.
        Up = "up",
        /// Toward negative infinity: 6.9 → 6, -6.1 → -7.
        Floor = "floor",
        /// Toward positive infinity: 6.1 → 7, -6.9 → -6.
        Ceiling = "ceiling",
    }
}

impl Rounding {
    /// The `rust_decimal` strategy.
    pub fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfDown => RoundingStrategy::MidpointTowardZero,
            Rounding::Down => RoundingStrategy::ToZero,
            Rounding::Up => RoundingStrategy::AwayFromZero,
            Rounding::Floor => RoundingStrategy::ToNegativeInfinity,
            Rounding::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }
}

named_enum! {
    /// Where rounding happens.
    pub enum RoundAt {
        /// Every line as it is made; caps and the total use rounded lines.
        Line = "line",
        /// Only the total, by one `rounding` line.
        Total = "total",
    }
}

named_enum! {
    /// Which breach charges of one incident stack.
    pub enum Stacking {
        /// All of them add up.
        Sum = "sum",
        /// Only the largest counts.
        Highest = "highest",
    }
}

named_enum! {
    /// The clock lateness is measured on for a per-hour rate.
    pub enum LatenessClock {
        /// The target's own clock (business hours for a business-clock target).
        Target = "target",
        /// The wall clock, from the deadline.
        Wall = "wall",
    }
}

named_enum! {
    /// Which edge of an availability band is inclusive.
    pub enum InclusiveEdge {
        /// `[from, to)`: the lower edge belongs to the band.
        Lower = "lower",
        /// `(from, to]`: the upper edge belongs to the band.
        Upper = "upper",
    }
}

/// The largest amount a schedule may name (fee, charge, rate, cap or minimum): 10^12 in the
/// schedule's currency. It keeps every statement far inside `Decimal`'s range: a line is at most
/// the fixed amount plus the rate times the started hours of the widest span of timestamps
/// (years 0000-9999, under 10^8 hours), so under 10^20, and adding lines could overflow only
/// after hundreds of millions of them.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// A charge per breached target.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreachCharge {
    /// The target ids it applies to.
    pub targets: Vec<String>,
    /// Fixed amount per breach.
    #[serde(with = "rust_decimal::serde::str", default)]
    pub amount: Decimal,
    /// Amount per started hour of lateness.
    #[serde(with = "rust_decimal::serde::str", default)]
    pub per_started_hour: Decimal,
    /// The clock lateness is measured on.
    #[serde(default = "default_lateness_clock")]
    pub lateness_clock: LatenessClock,
    /// The most this charge takes for one incident.
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub cap_per_incident: Option<Decimal>,
}

fn default_lateness_clock() -> LatenessClock {
    LatenessClock::Target
}

/// An availability credit band: availability in the band costs a percentage of the period fee.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityTier {
    /// Lower edge, percent.
    #[serde(with = "rust_decimal::serde::str")]
    pub from: Decimal,
    /// Upper edge, percent.
    #[serde(with = "rust_decimal::serde::str")]
    pub to: Decimal,
    /// Percentage of the period's fee.
    #[serde(with = "rust_decimal::serde::str")]
    pub percent_of_fee: Decimal,
}

/// The penalty schedule of a contract.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PenaltySchedule {
    /// Whether the figures are an example, not agreed terms (printed on every statement).
    #[serde(default)]
    pub illustrative: bool,
    /// Currency code, e.g. `CNY`.
    pub currency: String,
    /// Decimal places of amounts.
    pub scale: u32,
    /// How amounts are rounded.
    pub rounding: Rounding,
    /// Where rounding happens.
    pub round_at: RoundAt,
    /// The annual maintenance fee: the base of percentages (a quarter is a quarter of it, a month
    /// a twelfth).
    #[serde(with = "rust_decimal::serde::str")]
    pub annual_fee: Decimal,
    /// Which breach charges of one incident stack.
    pub stacking: Stacking,
    /// Charges per breached target.
    #[serde(default, rename = "breach")]
    pub breaches: Vec<BreachCharge>,
    /// Availability credit bands, for the judged period.
    #[serde(default, rename = "availability_tier")]
    pub availability_tiers: Vec<AvailabilityTier>,
    /// Which edge of a band is inclusive.
    pub inclusive_edge: InclusiveEdge,
    /// The most one incident costs.
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub cap_per_incident: Option<Decimal>,
    /// The most one judged period costs, as a percentage of its fee.
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub cap_per_period_percent: Option<Decimal>,
    /// The most the statement totals, as a percentage of the fee of the periods charged.
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub cap_total_percent: Option<Decimal>,
    /// A total below this is not charged.
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub minimum: Option<Decimal>,
}

impl PenaltySchedule {
    /// An illustrative schedule (the contract's own is missing): CNY, 2 places, half-even per
    /// line, an annual fee of 480 000.00; fixed charges per breach with hourly rates for late
    /// High and Medium work; availability credits of 5 % below 99.5 %, 10 % below 99 %, 20 %
    /// below 98 %; caps of 5 000.00 per incident, 15 % per year, 20 % in total; minimum 200.00.
    pub fn illustrative() -> PenaltySchedule {
        let d = |n: i64, s: u32| Decimal::new(n, s);
        let charge = |targets: &[&str], amount: i64, hourly: i64, cap: Option<i64>| BreachCharge {
            targets: targets.iter().map(|t| (*t).to_owned()).collect(),
            amount: d(amount * 100, 2),
            per_started_hour: d(hourly * 100, 2),
            lateness_clock: LatenessClock::Target,
            cap_per_incident: cap.map(|c| d(c * 100, 2)),
        };
        PenaltySchedule {
            illustrative: true,
            currency: "CNY".to_owned(),
            scale: 2,
            rounding: Rounding::HalfEven,
            round_at: RoundAt::Line,
            annual_fee: d(48_000_000, 2),
            stacking: Stacking::Sum,
            breaches: vec![
                charge(&["response-urgent"], 500, 0, None),
                charge(&["response-question"], 100, 0, None),
                charge(&["start-high"], 300, 100, Some(2000)),
                charge(&["resolution-high"], 1000, 200, Some(4000)),
                charge(&["start-medium"], 200, 0, None),
                charge(&["resolution-medium"], 500, 50, Some(2000)),
                charge(&["start-low"], 100, 0, None),
            ],
            availability_tiers: vec![
                AvailabilityTier {
                    from: d(990, 1),
                    to: d(995, 1),
                    percent_of_fee: d(5, 0),
                },
                AvailabilityTier {
                    from: d(980, 1),
                    to: d(990, 1),
                    percent_of_fee: d(10, 0),
                },
                AvailabilityTier {
                    from: d(0, 0),
                    to: d(980, 1),
                    percent_of_fee: d(20, 0),
                },
            ],
            inclusive_edge: InclusiveEdge::Lower,
            cap_per_incident: Some(d(500_000, 2)),
            cap_per_period_percent: Some(d(15, 0)),
            cap_total_percent: Some(d(20, 0)),
            minimum: Some(d(20_000, 2)),
        }
    }

    /// Checks the schedule against the contract whose targets it names.
    ///
    /// # Errors
    /// A message naming the field: an unknown target, overlapping bands, a percentage outside
    /// 0-100, a negative amount, an amount over [`MAX_AMOUNT`], a scale over 10.
    pub fn validate(&self, contract: &Contract) -> Result<(), String> {
        if self.scale > 10 {
            return Err(format!("scale {} is over 10", self.scale));
        }
        if self.annual_fee < Decimal::ZERO {
            return Err("annual_fee is negative".to_owned());
        }
        let bounded = |name: &str, v: Option<Decimal>| match v {
            Some(v) if v > Decimal::from(MAX_AMOUNT) => {
                Err(format!("{name} {v} is over the limit of {MAX_AMOUNT}"))
            }
            _ => Ok(()),
        };
        bounded("annual_fee", Some(self.annual_fee))?;
        bounded("cap_per_incident", self.cap_per_incident)?;
        bounded("minimum", self.minimum)?;
        let percent = |name: &str, v: Decimal| {
            if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
                Err(format!("{name} {v} is not a percentage from 0 to 100"))
            } else {
                Ok(())
            }
        };
        for (i, b) in self.breaches.iter().enumerate() {
            for t in &b.targets {
                if contract.target(t).is_none() {
                    return Err(format!(
                        "breach[{i}] names target {t:?}, which the contract does not define"
                    ));
                }
            }
            if b.amount < Decimal::ZERO
                || b.per_started_hour < Decimal::ZERO
                || b.cap_per_incident.is_some_and(|c| c < Decimal::ZERO)
            {
                return Err(format!("breach[{i}]: amounts must not be negative"));
            }
            bounded(&format!("breach[{i}].amount"), Some(b.amount))?;
            bounded(
                &format!("breach[{i}].per_started_hour"),
                Some(b.per_started_hour),
            )?;
            bounded(&format!("breach[{i}].cap_per_incident"), b.cap_per_incident)?;
        }
        let mut bands: Vec<&AvailabilityTier> = self.availability_tiers.iter().collect();
        bands.sort_by_key(|b| b.from);
        for (i, b) in bands.iter().enumerate() {
            percent("availability_tier.from", b.from)?;
            percent("availability_tier.to", b.to)?;
            percent("availability_tier.percent_of_fee", b.percent_of_fee)?;
            if b.from >= b.to {
                return Err(format!("availability_tier [{}, {}) is empty", b.from, b.to));
            }
            if let Some(next) = bands.get(i + 1)
                && next.from < b.to
            {
                return Err(format!(
                    "availability_tier [{}, {}) overlaps [{}, {})",
                    b.from, b.to, next.from, next.to
                ));
            }
        }
        for (name, v) in [
            ("cap_per_period_percent", self.cap_per_period_percent),
            ("cap_total_percent", self.cap_total_percent),
        ] {
            if let Some(v) = v {
                percent(name, v)?;
            }
        }
        for (name, v) in [
            ("cap_per_incident", self.cap_per_incident),
            ("minimum", self.minimum),
        ] {
            if v.is_some_and(|v| v < Decimal::ZERO) {
                return Err(format!("{name} is negative"));
            }
        }
        Ok(())
    }

    /// Rounds an amount to the schedule's scale and rounding.
    pub fn round(&self, v: Decimal) -> Decimal {
        v.round_dp_with_strategy(self.scale, self.rounding.strategy())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_strategies_as_documented() {
        let cases = [
            (Rounding::HalfEven, ["6", "8", "-6"]),
            (Rounding::HalfUp, ["7", "8", "-7"]),
            (Rounding::HalfDown, ["6", "7", "-6"]),
        ];
        for (r, want) in cases {
            let got: Vec<String> = ["6.5", "7.5", "-6.5"]
                .iter()
                .map(|v| {
                    v.parse::<Decimal>()
                        .unwrap()
                        .round_dp_with_strategy(0, r.strategy())
                        .to_string()
                })
                .collect();
            assert_eq!(got, want, "{r}");
        }
        let one = |r: Rounding, v: &str| {
            v.parse::<Decimal>()
                .unwrap()
                .round_dp_with_strategy(0, r.strategy())
                .to_string()
        };
        assert_eq!(
            (one(Rounding::Down, "6.9"), one(Rounding::Down, "-6.9")),
            ("6".into(), "-6".into())
        );
        assert_eq!(
            (one(Rounding::Up, "6.1"), one(Rounding::Up, "-6.1")),
            ("7".into(), "-7".into())
        );
        assert_eq!(
            (one(Rounding::Floor, "6.9"), one(Rounding::Floor, "-6.1")),
            ("6".into(), "-7".into())
        );
        assert_eq!(
            (
                one(Rounding::Ceiling, "6.1"),
                one(Rounding::Ceiling, "-6.9")
            ),
            ("7".into(), "-6".into())
        );
    }

    #[test]
    fn amounts_over_the_limit_are_refused_so_statements_cannot_overflow() {
        let huge: Decimal = "79228162514264337593543950335".parse().unwrap();
        let mut s = PenaltySchedule::illustrative();
        s.breaches[3].per_started_hour = huge;
        assert_eq!(
            s.validate(&Contract::seed()).unwrap_err(),
            "breach[3].per_started_hour 79228162514264337593543950335 is over the limit of 1000000000000"
        );
        let mut s = PenaltySchedule::illustrative();
        s.annual_fee = Decimal::from(MAX_AMOUNT) + Decimal::ONE;
        assert_eq!(
            s.validate(&Contract::seed()).unwrap_err(),
            "annual_fee 1000000000001 is over the limit of 1000000000000"
        );
        s.annual_fee = Decimal::from(MAX_AMOUNT);
        assert!(s.validate(&Contract::seed()).is_ok());
    }

    #[test]
    fn illustrative_schedule_is_valid_for_the_seed() {
        PenaltySchedule::illustrative()
            .validate(&Contract::seed())
            .unwrap();
        let mut s = PenaltySchedule::illustrative();
        s.availability_tiers[0].from = Decimal::new(985, 1);
        assert!(
            s.validate(&Contract::seed())
                .unwrap_err()
                .contains("overlaps")
        );
    }
}
