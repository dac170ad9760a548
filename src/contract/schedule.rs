//! The penalty schedule: the amounts the contract's liability article sets, as data (the
//! received text stops before that article, so the seed's schedule is illustrative). How a
//! schedule is applied to an evaluation is [`crate::penalty`]'s job.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::Contract;
use crate::named::named_enum;

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

/// A penalty schedule that does not hold together.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ScheduleError {
    /// More decimal places than the statement can write.
    #[error("scale {scale} is over 10")]
    Scale {
        /// The scale given.
        scale: u32,
    },
    /// A negative amount.
    #[error("{field} is negative")]
    Negative {
        /// The field.
        field: String,
    },
    /// An amount over [`MAX_AMOUNT`].
    #[error("{field} {value} is over the limit of {MAX_AMOUNT}")]
    OverLimit {
        /// The field.
        field: String,
        /// Its value.
        value: Decimal,
    },
    /// A percentage outside 0-100.
    #[error("{field} {value} is not a percentage from 0 to 100")]
    NotAPercentage {
        /// The field.
        field: String,
        /// Its value.
        value: Decimal,
    },
    /// A charge naming a target the contract does not define.
    #[error("breach[{charge}] names target {target:?}, which the contract does not define")]
    UnknownTarget {
        /// The charge's index.
        charge: usize,
        /// The target named.
        target: String,
    },
    /// A band with no room in it.
    #[error("availability_tier [{from}, {to}) is empty")]
    EmptyBand {
        /// Lower edge.
        from: Decimal,
        /// Upper edge.
        to: Decimal,
    },
    /// Two bands that share availability figures.
    #[error("availability_tier [{}, {}) overlaps [{}, {})", first.0, first.1, second.0, second.1)]
    OverlappingBands {
        /// The lower band.
        first: (Decimal, Decimal),
        /// The band that starts inside it.
        second: (Decimal, Decimal),
    },
}

/// The penalty schedule of a contract.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PenaltySchedule {
    /// The clause that sets the amounts (the liability article 3.2 points to), for the lines of
    /// caps, cancellations and rounding; a breach line cites its target's clause, a credit the
    /// availability objective's.
    #[serde(default)]
    pub clause: String,
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
            clause: "3.2".to_owned(),
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
    /// [`ScheduleError`] naming the field: an unknown target, overlapping bands, a percentage
    /// outside 0-100, a negative amount, an amount over [`MAX_AMOUNT`], a scale over 10.
    pub fn validate(&self, contract: &Contract) -> Result<(), ScheduleError> {
        if self.scale > 10 {
            return Err(ScheduleError::Scale { scale: self.scale });
        }
        let field = |name: &str| name.to_owned();
        let not_negative = |name: &str, v: Option<Decimal>| match v {
            Some(v) if v < Decimal::ZERO => Err(ScheduleError::Negative { field: field(name) }),
            _ => Ok(()),
        };
        let bounded = |name: &str, v: Option<Decimal>| match v {
            Some(value) if value > Decimal::from(MAX_AMOUNT) => Err(ScheduleError::OverLimit {
                field: field(name),
                value,
            }),
            _ => Ok(()),
        };
        not_negative("annual_fee", Some(self.annual_fee))?;
        bounded("annual_fee", Some(self.annual_fee))?;
        bounded("cap_per_incident", self.cap_per_incident)?;
        bounded("minimum", self.minimum)?;
        let percent = |name: &str, value: Decimal| {
            if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
                Err(ScheduleError::NotAPercentage {
                    field: field(name),
                    value,
                })
            } else {
                Ok(())
            }
        };
        for (i, b) in self.breaches.iter().enumerate() {
            for t in &b.targets {
                if contract.target(t).is_none() {
                    return Err(ScheduleError::UnknownTarget {
                        charge: i,
                        target: t.clone(),
                    });
                }
            }
            for (name, v) in [
                ("amount", Some(b.amount)),
                ("per_started_hour", Some(b.per_started_hour)),
                ("cap_per_incident", b.cap_per_incident),
            ] {
                not_negative(&format!("breach[{i}].{name}"), v)?;
                bounded(&format!("breach[{i}].{name}"), v)?;
            }
        }
        let mut bands: Vec<&AvailabilityTier> = self.availability_tiers.iter().collect();
        bands.sort_by_key(|b| b.from);
        for (i, b) in bands.iter().enumerate() {
            percent("availability_tier.from", b.from)?;
            percent("availability_tier.to", b.to)?;
            percent("availability_tier.percent_of_fee", b.percent_of_fee)?;
            if b.from >= b.to {
                return Err(ScheduleError::EmptyBand {
                    from: b.from,
                    to: b.to,
                });
            }
            if let Some(next) = bands.get(i + 1)
                && next.from < b.to
            {
                return Err(ScheduleError::OverlappingBands {
                    first: (b.from, b.to),
                    second: (next.from, next.to),
                });
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
        not_negative("cap_per_incident", self.cap_per_incident)?;
        not_negative("minimum", self.minimum)?;
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
            s.validate(&Contract::seed()).unwrap_err().to_string(),
            "breach[3].per_started_hour 79228162514264337593543950335 is over the limit of 1000000000000"
        );
        let mut s = PenaltySchedule::illustrative();
        s.annual_fee = Decimal::from(MAX_AMOUNT) + Decimal::ONE;
        assert_eq!(
            s.validate(&Contract::seed()).unwrap_err().to_string(),
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
                .to_string()
                .contains("overlaps")
        );
    }
}
