//! `evaluate`, `Report` and the dispute view: the library's readers, evaluation and renderers,
//! called as `sla evaluate` and `sla diff` call them.

use std::sync::Arc;

use pyo3::prelude::*;
use sla_engine::evaluate::Options;
use sla_engine::event::{InputFormat, read_events};
use sla_engine::report::{self, Dispute, Report};
use sla_engine::{Timestamp, Window};

use crate::contract::PyContract;
use crate::{EventsError, SlaError};

/// An evaluation: every verdict with its evidence, and the penalty statement.
#[pyclass(frozen, name = "Report", module = "sla_engine._native")]
pub struct PyReport {
    inner: Arc<Report>,
}

/// The dispute view of two reports of the same events.
#[pyclass(frozen, name = "Dispute", module = "sla_engine._native")]
pub struct PyDispute {
    inner: Dispute,
}

fn instant(what: &str, text: &str) -> PyResult<Timestamp> {
    Timestamp::parse(text).map_err(|e| SlaError::new_err(format!("{what}: {e}")))
}

/// The options `sla evaluate` builds from `--as-of`, `--year` and `--window`.
fn options(
    as_of: Option<&str>,
    years: Option<(i32, i32)>,
    window: Option<(String, String)>,
) -> PyResult<Options> {
    let as_of = as_of.map(|t| instant("as_of", t)).transpose()?;
    if let Some((a, b)) = years
        && a > b
    {
        return Err(SlaError::new_err(format!(
            "year {a}-{b}: the first year is after the last"
        )));
    }
    let window = match window {
        None => None,
        Some((a, b)) => {
            let (from, to) = (instant("window", &a)?, instant("window", &b)?);
            if from >= to {
                return Err(SlaError::new_err(format!(
                    "window {a}/{b}: FROM must be before TO"
                )));
            }
            Window::new(from, to).ok()
        }
    };
    Ok(Options {
        as_of,
        years,
        window,
    })
}

fn format_named(format: &str) -> PyResult<InputFormat> {
    match format {
        "jsonl" => Ok(InputFormat::Jsonl),
        "csv" => Ok(InputFormat::Csv),
        other => Err(SlaError::new_err(format!(
            "unknown event format {other:?}: expected jsonl or csv"
        ))),
    }
}

fn judge(
    py: Python<'_>,
    contract: &PyContract,
    name: &str,
    input: impl std::io::Read + Send,
    format: InputFormat,
    options: Options,
) -> PyResult<PyReport> {
    let judge = contract.judge.clone();
    let report = py.detach(|| {
        let mut log = judge.new_log(name);
        read_events(&mut log, input, format).map(|_| judge.report(&log, options))
    });
    match report {
        Ok(r) => Ok(PyReport { inner: Arc::new(r) }),
        Err(e) => Err(EventsError::new_err(e.to_string())),
    }
}

/// Evaluates events given as bytes (JSON Lines or CSV) named `name` in messages.
#[pyfunction]
#[pyo3(signature = (contract, data, name, format, as_of = None, years = None, window = None))]
#[allow(clippy::too_many_arguments)]
pub fn evaluate_bytes(
    py: Python<'_>,
    contract: &PyContract,
    data: &[u8],
    name: &str,
    format: &str,
    as_of: Option<&str>,
    years: Option<(i32, i32)>,
    window: Option<(String, String)>,
) -> PyResult<PyReport> {
    let options = options(as_of, years, window)?;
    judge(py, contract, name, data, format_named(format)?, options)
}

/// Evaluates an event file as `sla evaluate --events PATH` does: CSV if the name ends in
/// `.csv` (any case), else JSON Lines; the path as given names it in messages.
#[pyfunction]
#[pyo3(signature = (contract, path, as_of = None, years = None, window = None))]
pub fn evaluate_file(
    py: Python<'_>,
    contract: &PyContract,
    path: &str,
    as_of: Option<&str>,
    years: Option<(i32, i32)>,
    window: Option<(String, String)>,
) -> PyResult<PyReport> {
    let options = options(as_of, years, window)?;
    let format = if path.to_ascii_lowercase().ends_with(".csv") {
        InputFormat::Csv
    } else {
        InputFormat::Jsonl
    };
    let file = std::fs::File::open(path)
        .map_err(|e| EventsError::new_err(format!("{path}: cannot read: {e}")))?;
    judge(py, contract, path, file, format, options)
}

/// The dispute view: what differs between two reports of the same events.
#[pyfunction]
pub fn diff(a: &PyReport, b: &PyReport) -> PyDispute {
    PyDispute {
        inner: report::diff(&a.inner, &b.inner),
    }
}

#[pymethods]
impl PyReport {
    /// The report as `sla evaluate --format json` prints it (ending with a newline).
    fn to_json(&self) -> PyResult<String> {
        self.inner
            .to_json()
            .map(|json| json + "\n")
            .map_err(|e| SlaError::new_err(e.to_string()))
    }

    /// The report as `sla evaluate` prints it (Markdown).
    fn to_markdown(&self) -> String {
        report::to_markdown(&self.inner)
    }

    /// The penalty statement alone as JSON, or `None` without a penalty schedule.
    fn statement_json(&self) -> PyResult<Option<String>> {
        self.inner
            .penalties
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| SlaError::new_err(e.to_string()))
    }

    /// The penalty statement as `sla evaluate --format csv` prints it.
    fn statement_csv(&self) -> PyResult<String> {
        match &self.inner.penalties {
            Some(st) => st.to_csv().map_err(|e| SlaError::new_err(e.to_string())),
            None => Err(SlaError::new_err(
                "the contract has no penalty schedule: nothing to write as CSV",
            )),
        }
    }

    /// Each rejected input line's message, as the CLI prints it (`file:line: subject: why`).
    fn rejected_messages(&self) -> Vec<String> {
        self.inner
            .rejected
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}

#[pymethods]
impl PyDispute {
    /// The dispute as `sla diff --format json` prints it (ending with a newline).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.inner)
            .map(|json| json + "\n")
            .map_err(|e| SlaError::new_err(e.to_string()))
    }

    /// The dispute as `sla diff` prints it (Markdown).
    fn to_markdown(&self) -> String {
        self.inner.to_markdown()
    }
}
