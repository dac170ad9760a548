//! An audit: a report and what the provider owes under it, the unit every renderer writes (JSON,
//! Markdown, the statement as CSV) and the dispute view compares.
//!
//! The data flows one way: contract → [`evaluate`](crate::evaluate) → [`Report`] →
//! [`crate::penalty::statement`] → [`Audit`] → [`render`](crate::render).

use serde::{Deserialize, Serialize};

#[cfg(feature = "formats")]
mod pretty;
#[cfg(feature = "formats")]
mod stream;
#[cfg(feature = "formats")]
pub use stream::StreamedAudit;

use crate::contract::Contract;
use crate::evaluate::{Evaluator, Options};
use crate::event::EventLog;
use crate::penalty::{self, Statement};
use crate::report::Report;
/// A report with its penalty statement (when the contract has a schedule).
///
/// Serialized as the report's fields followed by `penalties`: the shape of `sla evaluate
/// --format json`.
///
/// ```
/// use sla_engine::audit::Audit;
/// use sla_engine::evaluate::{Evaluator, Options};
/// let judge = Evaluator::seed()?;
/// let audit = Audit::of(&judge, &judge.new_log("none"), Options::default());
/// let statement = audit.penalties.as_ref().ok_or("the seed has a schedule")?;
/// assert_eq!(statement.total, statement.lines.iter().map(|l| l.amount).sum());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    /// The verdicts and their evidence.
    #[serde(flatten)]
    pub report: Report,
    /// What the provider owes, if the contract has a penalty schedule.
    pub penalties: Option<Statement>,
}

impl Audit {
    /// The audit of `report` under `contract`'s penalty schedule.
    pub fn new(report: Report, contract: &Contract) -> Audit {
        let penalties = contract
            .penalties
            .as_ref()
            .map(|schedule| penalty::statement(&report, schedule));
        Audit { report, penalties }
    }

    /// Evaluates `log` and computes the statement: what `sla evaluate` does.
    pub fn of(judge: &Evaluator, log: &EventLog, options: Options) -> Audit {
        Audit::new(judge.report(log, options), judge.contract())
    }

    /// The audit as pretty JSON (feature `formats`).
    ///
    /// # Errors
    /// Only if a value cannot be written as JSON.
    #[cfg(feature = "formats")]
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut json = Vec::new();
        pretty::write(&mut json, self, 0)?;
        String::from_utf8(json).map_err(serde::ser::Error::custom)
    }
}
