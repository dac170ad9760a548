//! The dispute view: one event log under two contracts or two readings, and what differs.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::audit::Audit;
use crate::contract::Settings;
use crate::format_duration;
use crate::report::{Instant, Outcome, Report, TargetVerdict};

/// One side of a differing target verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    /// The verdict.
    pub outcome: Outcome,
    /// The clock.
    pub clock: String,
    /// The limit as written.
    pub limit: String,
    /// The deadline.
    pub deadline: Option<Instant>,
    /// Clock seconds used.
    pub used_seconds: i64,
    /// Margin in clock seconds.
    pub margin_seconds: i64,
}

impl From<&TargetVerdict> for Side {
    fn from(v: &TargetVerdict) -> Side {
        Side {
            outcome: v.outcome,
            clock: v.clock.to_string(),
            limit: v.limit.to_string(),
            deadline: v.deadline,
            used_seconds: v.used_seconds,
            margin_seconds: v.margin_seconds,
        }
    }
}

/// A target verdict that differs between the two readings (a side is absent where the target
/// does not apply under that reading).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetDifference {
    /// The incident.
    pub incident: String,
    /// The target.
    pub target: String,
    /// Under the first reading.
    pub a: Option<Side>,
    /// Under the second reading.
    pub b: Option<Side>,
}

/// A notice or availability verdict that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherDifference {
    /// What: `change CHG-3`, `availability platform 2025`.
    pub what: String,
    /// Under the first reading.
    pub a: String,
    /// Under the second reading.
    pub b: String,
}

/// Everything that differs between two reports of the same events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    /// The first reading: contract and settings.
    pub a: (String, Settings),
    /// The second reading.
    pub b: (String, Settings),
    /// Target verdicts that differ.
    pub targets: Vec<TargetDifference>,
    /// Notice verdicts that differ.
    pub notices: Vec<OtherDifference>,
    /// Availability verdicts that differ.
    pub availability: Vec<OtherDifference>,
    /// Breaches under each reading: `(a, b)`.
    pub breaches: (usize, usize),
    /// Penalty totals under each reading, and B minus A, when both have a schedule.
    pub money: Option<MoneyDifference>,
}

/// What the two readings cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyDifference {
    /// Currency.
    pub currency: String,
    /// Total under A.
    #[serde(with = "rust_decimal::serde::str")]
    pub a: rust_decimal::Decimal,
    /// Total under B.
    #[serde(with = "rust_decimal::serde::str")]
    pub b: rust_decimal::Decimal,
    /// B minus A.
    #[serde(with = "rust_decimal::serde::str")]
    pub b_minus_a: rust_decimal::Decimal,
}

/// Compares two reports of the same events, verdict by verdict.
///
/// ```
/// use sla_engine::audit::Audit;
/// use sla_engine::contract::Contract;
/// use sla_engine::dispute::diff;
/// use sla_engine::evaluate::{Evaluator, Options};
/// let a = Evaluator::seed()?;
/// let mut wall = Contract::seed();
/// wall.settings.set("Q2", "wall")?;
/// let b = Evaluator::new(wall, a.calendar().clone());
/// let log = a.new_log("none");
/// let d = diff(&Audit::of(&a, &log, Options::default()), &Audit::of(&b, &log, Options::default()));
/// assert!(d.targets.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff(audit_a: &Audit, audit_b: &Audit) -> Dispute {
    let (a, b) = (&audit_a.report, &audit_b.report);
    let key = |r: &Report| -> BTreeMap<(String, String), Side> {
        r.verdicts()
            .map(|(i, v)| ((i.id.to_string(), v.target.to_string()), Side::from(v)))
            .collect()
    };
    let (ka, mut kb) = (key(a), key(b));
    let mut targets = Vec::new();
    for ((incident, target), sa) in ka {
        let sb = kb.remove(&(incident.clone(), target.clone()));
        if sb.as_ref() != Some(&sa) {
            targets.push(TargetDifference {
                incident,
                target,
                a: Some(sa),
                b: sb,
            });
        }
    }
    for ((incident, target), sb) in kb {
        targets.push(TargetDifference {
            incident,
            target,
            a: None,
            b: Some(sb),
        });
    }
    targets.sort_by(|x, y| (&x.incident, &x.target).cmp(&(&y.incident, &y.target)));
    let notice = |r: &Report| -> BTreeMap<String, String> {
        r.notices
            .iter()
            .map(|n| {
                (
                    format!("change {}", n.change),
                    format!(
                        "{}, due by {}, downtime {}",
                        n.outcome,
                        n.notice_due_by.map_or("—".to_owned(), |t| t.to_rfc3339()),
                        if n.downtime_excused {
                            "excused"
                        } else {
                            "counted"
                        }
                    ),
                )
            })
            .collect()
    };
    let avail = |r: &Report| -> BTreeMap<String, String> {
        r.availability
            .iter()
            .map(|v| {
                (
                    format!("availability {} {}", v.scope, v.label),
                    format!(
                        "{} {} % ({} down{})",
                        v.outcome,
                        v.availability_percent,
                        format_duration(v.downtime_seconds),
                        if v.judged { "" } else { ", for information" }
                    ),
                )
            })
            .collect()
    };
    let others = |ma: BTreeMap<String, String>, mut mb: BTreeMap<String, String>| {
        let mut out = Vec::new();
        for (what, va) in ma {
            let vb = mb.remove(&what).unwrap_or_else(|| "—".to_owned());
            if va != vb {
                out.push(OtherDifference { what, a: va, b: vb });
            }
        }
        out.extend(mb.into_iter().map(|(what, b)| OtherDifference {
            what,
            a: "—".to_owned(),
            b,
        }));
        out
    };
    Dispute {
        a: (a.contract.clone(), a.settings),
        b: (b.contract.clone(), b.settings),
        targets,
        notices: others(notice(a), notice(b)),
        availability: others(avail(a), avail(b)),
        breaches: (a.target_tally.breached, b.target_tally.breached),
        money: match (&audit_a.penalties, &audit_b.penalties) {
            (Some(x), Some(y)) => Some(MoneyDifference {
                currency: x.currency.clone(),
                a: x.total,
                b: y.total,
                b_minus_a: y.total - x.total,
            }),
            _ => None,
        },
    }
}

impl Dispute {
    /// The dispute as Markdown, side by side.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = self.write(&mut s);
        s
    }

    fn write(&self, s: &mut String) -> std::fmt::Result {
        writeln!(s, "# Dispute view")?;
        writeln!(s)?;
        writeln!(s, "- A: contract `{}`: {}", self.a.0, self.a.1)?;
        writeln!(s, "- B: contract `{}`: {}", self.b.0, self.b.1)?;
        writeln!(
            s,
            "- target breaches: A {} · B {}",
            self.breaches.0, self.breaches.1
        )?;
        if let Some(m) = &self.money {
            writeln!(
                s,
                "- penalties: A {} {c} · B {} {c} · B − A {} {c}",
                m.a,
                m.b,
                m.b_minus_a,
                c = m.currency
            )?;
        }
        writeln!(s)?;
        let side = |x: &Option<Side>| match x {
            None => "not applicable".to_owned(),
            Some(x) => format!(
                "{} · {} {} · deadline {} · used {} · margin {}",
                x.outcome,
                x.clock,
                x.limit,
                x.deadline.map_or("paused".to_owned(), |d| d.to_rfc3339()),
                format_duration(x.used_seconds),
                format_duration(x.margin_seconds)
            ),
        };
        let outcome = |x: &Option<Side>| x.as_ref().map(|x| x.outcome);
        let (changed, same): (Vec<&TargetDifference>, Vec<&TargetDifference>) = self
            .targets
            .iter()
            .partition(|t| outcome(&t.a) != outcome(&t.b));
        for (title, list) in [
            ("Target verdicts whose outcome differs", changed),
            (
                "Target verdicts with the same outcome and different figures",
                same,
            ),
        ] {
            writeln!(s, "## {title} ({})", list.len())?;
            writeln!(s)?;
            writeln!(s, "| incident | target | A | B |")?;
            writeln!(s, "|---|---|---|---|")?;
            for t in list {
                writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    t.incident,
                    t.target,
                    side(&t.a),
                    side(&t.b)
                )?;
            }
            writeln!(s)?;
        }
        for (title, list) in [
            ("Notices", &self.notices),
            ("Availability", &self.availability),
        ] {
            writeln!(s, "## {title} that differ ({})", list.len())?;
            writeln!(s)?;
            writeln!(s, "| what | A | B |")?;
            writeln!(s, "|---|---|---|")?;
            for d in list {
                writeln!(s, "| {} | {} | {} |", d.what, d.a, d.b)?;
            }
        }
        Ok(())
    }
}
