//! `evaluate`, `Report` and the dispute view: the library's readers, evaluation, statement and
//! renderers, called as `sla evaluate` and `sla diff` call them (src/bin/sla/evaluate.rs).

use std::sync::Arc;

use pyo3::prelude::*;
use sla_engine::audit::Audit;
use sla_engine::evaluate::{Evaluator, Options};
use sla_engine::event::{EventLog, InputFormat, read_events};
use sla_engine::{Timestamp, Window, dispute, render};

use crate::contract::PyContract;
use crate::{EventsError, SlaError};

/// An evaluation (an audit: the report and its penalty statement), and the contract it was
/// judged under (for the dispute view).
#[pyclass(frozen, name = "Report", module = "sla_engine._native")]
pub struct PyReport {
    audit: Arc<Audit>,
    judge: Evaluator,
}

/// The dispute view of two reports of the same events.
#[pyclass(frozen, name = "Dispute", module = "sla_engine._native")]
pub struct PyDispute {
    inner: dispute::Dispute,
}

fn instant(what: &str, text: &str) -> PyResult<Timestamp> {
    Timestamp::parse(text).map_err(|e| SlaError::new_err(format!("{what}: {e}")))
}

/// Years as the CLI writes them in messages (`2025`, `2024-2025`).
fn years_text((a, b): (i32, i32)) -> String {
    if a == b {
        a.to_string()
    } else {
        format!("{a}-{b}")
    }
}

/// The options `sla evaluate` builds from `--as-of`, `--year` and `--window`.
fn options(
    as_of: Option<&str>,
    years: Option<(i32, i32)>,
    window: Option<(String, String)>,
) -> PyResult<Options> {
    let as_of = as_of.map(|t| instant("as_of", t)).transpose()?;
    if let Some((a, b)) = years {
        let y = years_text((a, b));
        if a > b {
            return Err(SlaError::new_err(format!(
                "year {y:?}: the first year is after the last"
            )));
        }
        if a < 1 || b > 9998 {
            return Err(SlaError::new_err(format!(
                "year {y:?}: years run from 1 to 9998"
            )));
        }
    }
    let window = match window {
        None => None,
        Some((a, b)) => {
            let (from, to) = (instant("window", &a)?, instant("window", &b)?);
            if from >= to {
                return Err(SlaError::new_err(format!(
                    "window \"{a}/{b}\": FROM must be before TO"
                )));
            }
            Window::new(from, to).ok()
        }
    };
    Ok(Options {
        as_of,
        years,
        window,
        ..Options::default()
    })
}

/// What `sla evaluate` refuses before judging: no event and no instant to judge at, or years
/// entirely outside the log and the evaluation instant.
fn check_inputs(log: &EventLog, judge: &Evaluator, options: &Options) -> Result<(), String> {
    use sla_engine::evaluate::InputError;
    let y = options.years.map(years_text).unwrap_or_default();
    judge.check_inputs(log, options).map_err(|e| match e {
        InputError::NoInstant { rejected } => format!(
            "{}: no event was accepted ({rejected} line(s) rejected) and no as_of was given: there is no instant to judge at",
            log.name()
        ),
        InputError::YearsAfterAsOf { as_of } => format!(
            "year {y}: after the evaluation instant {} (give a later as_of)",
            as_of.to_rfc3339()
        ),
        InputError::YearsBeforeLog { first } => {
            format!("year {y}: before the first event of the log ({first})")
        }
        other => other.to_string(),
    })
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
    let audit = py.detach(|| -> Result<Audit, PyErrText> {
        let mut log = judge.new_log(name);
        read_events(&mut log, input, format).map_err(|e| PyErrText::Events(e.to_string()))?;
        check_inputs(&log, &judge, &options).map_err(PyErrText::Sla)?;
        Ok(Audit::of(&judge, &log, options))
    });
    match audit {
        Ok(audit) => Ok(PyReport {
            audit: Arc::new(audit),
            judge,
        }),
        Err(PyErrText::Events(m)) => Err(EventsError::new_err(m)),
        Err(PyErrText::Sla(m)) => Err(SlaError::new_err(m)),
    }
}

/// An error's kind and message, made into a Python exception once the GIL is held again.
enum PyErrText {
    Events(String),
    Sla(String),
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

/// Evaluates events given as bytes (JSON Lines or CSV) named `name` in messages.
#[pyfunction]
#[pyo3(signature = (contract, data, name, format, as_of = None, years = None, window = None))]
#[allow(clippy::too_many_arguments)] // the Python arguments, one by one
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

/// Evaluates an event file as `sla evaluate --events PATH` does: the format as given, else as
/// the extension says; the path as given names it in messages.
#[pyfunction]
#[pyo3(signature = (contract, path, format = None, as_of = None, years = None, window = None))]
#[allow(clippy::too_many_arguments)] // the Python arguments, one by one
pub fn evaluate_file(
    py: Python<'_>,
    contract: &PyContract,
    path: &str,
    format: Option<&str>,
    as_of: Option<&str>,
    years: Option<(i32, i32)>,
    window: Option<(String, String)>,
) -> PyResult<PyReport> {
    let options = options(as_of, years, window)?;
    let format = match format {
        Some(f) => format_named(f)?,
        None => InputFormat::from_path(std::path::Path::new(path)).ok_or_else(|| {
            EventsError::new_err(format!(
                "{path}: cannot tell the events' format from the file name: give format=\"jsonl\" or format=\"csv\""
            ))
        })?,
    };
    let cannot =
        |e: &dyn std::fmt::Display| EventsError::new_err(format!("{path}: cannot read: {e}"));
    let meta = std::fs::metadata(path).map_err(|e| cannot(&e))?;
    if meta.is_dir() {
        return Err(cannot(&"it is a directory"));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot(&e))?;
    judge(py, contract, path, file, format, options)
}

/// The dispute view: what differs between two reports of the same events, and the terms of
/// their contracts that differ.
#[pyfunction]
pub fn diff(a: &PyReport, b: &PyReport) -> PyDispute {
    PyDispute {
        inner: dispute::diff(&a.audit, &b.audit)
            .with_contracts(a.judge.contract(), b.judge.contract()),
    }
}

#[pymethods]
impl PyReport {
    /// The report as `sla evaluate --format json` prints it (ending with a newline).
    fn to_json(&self) -> PyResult<String> {
        self.audit
            .to_json()
            .map(|json| json + "\n")
            .map_err(|e| SlaError::new_err(e.to_string()))
    }

    /// The report as `sla evaluate` prints it (Markdown).
    fn to_markdown(&self) -> String {
        render::to_markdown(&self.audit)
    }

    /// The penalty statement alone as JSON, or `None` without a penalty schedule.
    fn statement_json(&self) -> PyResult<Option<String>> {
        self.audit
            .penalties
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| SlaError::new_err(e.to_string()))
    }

    /// The penalty statement as `sla evaluate --format csv` prints it.
    fn statement_csv(&self) -> PyResult<String> {
        match &self.audit.penalties {
            Some(st) => render::statement_csv(st, Some(&self.audit.report))
                .map_err(|e| SlaError::new_err(e.to_string())),
            None => Err(SlaError::new_err(
                "the contract has no penalty schedule: nothing to write as CSV",
            )),
        }
    }

    /// Each listed rejected input line's message, as the CLI prints it (`file:line: subject: why`).
    fn rejected_messages(&self) -> Vec<String> {
        self.audit
            .report
            .rejected
            .lines
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
        render::dispute_to_markdown(&self.inner)
    }
}
