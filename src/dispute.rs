//! The dispute view: one event log under two contracts or two readings, and what differs.

use std::collections::BTreeMap;

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
    #[serde(default, with = "crate::report::instant::option")]
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

/// One side of the dispute: which contract, from where, under which readings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    /// The contract's name.
    pub contract: String,
    /// Where it came from (`preset seed`, a file).
    pub source: String,
    /// SHA-256 of its canonical form, when known.
    pub sha256: Option<String>,
    /// The readings of the open questions.
    pub settings: Settings,
}

/// A setting, or a figure of the contract, that differs between the two sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermDifference {
    /// What: `Q2 work_clock`, `target resolution-high limit`.
    pub what: String,
    /// Under the first reading (`—` if absent).
    pub a: String,
    /// Under the second reading.
    pub b: String,
}

/// Everything that differs between two reports of the same events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    /// The first reading.
    pub a: Reading,
    /// The second reading.
    pub b: Reading,
    /// The settings (and, with `Dispute::with_contracts` (feature `formats`), the contract's figures) that differ.
    pub terms: Vec<TermDifference>,
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
                        v.availability_percent
                            .map_or_else(|| "n/a".to_owned(), |p| p.to_string()),
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
    let reading = |r: &Report| Reading {
        contract: r.contract.clone(),
        source: r.provenance.contract.source.clone(),
        sha256: r.provenance.contract.sha256.clone(),
        settings: r.settings,
    };
    let terms = crate::contract::QUESTIONS
        .iter()
        .filter_map(|(q, name)| {
            let (x, y) = (a.settings.get(name)?, b.settings.get(name)?);
            (x != y).then(|| TermDifference {
                what: if q.is_empty() {
                    (*name).to_owned()
                } else {
                    format!("{q} {name}")
                },
                a: x.to_owned(),
                b: y.to_owned(),
            })
        })
        .collect();
    Dispute {
        a: reading(a),
        b: reading(b),
        terms,
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
    /// The same dispute, with the figures of the two contracts that differ (limits, amounts,
    /// clauses, anything but the settings, already listed) among its terms (feature `formats`).
    #[cfg(feature = "formats")]
    pub fn with_contracts(
        mut self,
        a: &crate::contract::Contract,
        b: &crate::contract::Contract,
    ) -> Dispute {
        let flat = |c: &crate::contract::Contract| {
            let mut out = BTreeMap::new();
            if let Ok(v) = toml::Value::try_from(c) {
                flatten("", &v, &mut out);
            }
            out.retain(|k: &String, _| !k.starts_with("settings."));
            out
        };
        let (fa, mut fb) = (flat(a), flat(b));
        for (k, va) in fa {
            let vb = fb.remove(&k).unwrap_or_else(|| "—".to_owned());
            if va != vb {
                self.terms.push(TermDifference {
                    what: k,
                    a: va,
                    b: vb,
                });
            }
        }
        self.terms
            .extend(fb.into_iter().map(|(what, b)| TermDifference {
                what,
                a: "—".to_owned(),
                b,
            }));
        self
    }
}

/// A TOML value as `path = value` pairs (`target.3.limit = "8h"`).
#[cfg(feature = "formats")]
fn flatten(path: &str, v: &toml::Value, out: &mut BTreeMap<String, String>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                flatten(&join(k), v, out);
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                flatten(&join(&i.to_string()), v, out);
            }
        }
        other => {
            out.insert(path.to_owned(), other.to_string());
        }
    }
}
