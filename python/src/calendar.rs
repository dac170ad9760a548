//! `Calendar`: business-time arithmetic on scalars and on numpy buffers.
//!
//! Arrays arrive as contiguous `int64` buffers (Unix seconds; `datetime64[s]` and
//! `timedelta64[s]` are viewed as `int64` by the Python half, without a copy), are borrowed in
//! place and answered in one pass with the GIL released. An operand of length 1 is broadcast.

use std::sync::Arc;

use numpy::{PyArray1, PyReadonlyArray1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use sla_engine::{Calendar, Includes, Timestamp};

use crate::CalendarError;

/// numpy's "not a time" (`NaT`): the smallest `int64`.
const NAT: i64 = i64::MIN;

/// A business calendar (a preset or a calendar file's text), shared and immutable.
#[pyclass(frozen, name = "Calendar", module = "sla_engine._native")]
pub struct PyCalendar {
    pub(crate) inner: Arc<Calendar>,
}

/// Why one query could not be answered: the library's message, and the uncovered year if that
/// is the reason.
struct Refusal {
    message: String,
    year: Option<i32>,
}

impl From<sla_engine::CalendarError> for Refusal {
    fn from(e: sla_engine::CalendarError) -> Refusal {
        let year = match &e {
            sla_engine::CalendarError::YearNotCovered { year, .. } => Some(*year),
            _ => None,
        };
        Refusal {
            message: e.to_string(),
            year,
        }
    }
}

impl From<sla_engine::TimestampError> for Refusal {
    fn from(e: sla_engine::TimestampError) -> Refusal {
        Refusal {
            message: e.to_string(),
            year: None,
        }
    }
}

/// A `CalendarError` with `index` (the element, for arrays) and `year` (the uncovered year).
pub(crate) fn calendar_error(
    py: Python<'_>,
    message: String,
    index: Option<usize>,
    year: Option<i32>,
) -> PyErr {
    let err = CalendarError::new_err(message);
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail in practice; if it did, the
    // message still says everything.
    let _ = value.setattr("index", index);
    let _ = value.setattr("year", year);
    err
}

#[derive(Clone, Copy)]
enum Op {
    Add,
    Between,
}

fn instant(t: i64, nat: bool) -> Result<Timestamp, Refusal> {
    if nat && t == NAT {
        return Err(Refusal {
            message: "NaT is not an instant".to_owned(),
            year: None,
        });
    }
    Ok(Timestamp::from_second(t)?)
}

#[inline]
fn answer(cal: &Calendar, op: Op, a: i64, b: i64, nat: bool) -> Result<i64, Refusal> {
    match op {
        Op::Add => {
            if nat && b == NAT {
                return Err(Refusal {
                    message: "NaT is not a duration".to_owned(),
                    year: None,
                });
            }
            Ok(cal.add(instant(a, nat)?, b)?.as_second())
        }
        Op::Between => Ok(cal.between(instant(a, nat)?, instant(b, nat)?)?),
    }
}

/// The element `i` of an operand, a length-1 operand standing for every element.
#[inline]
fn pick(s: &[i64], i: usize) -> i64 {
    match s {
        [one] => *one,
        _ => s.get(i).copied().unwrap_or(NAT),
    }
}

/// Every answer; with `mask`, a refused element gets `fill` and `true` in the mask, else the
/// first refusal stops the pass.
struct Answers {
    values: Vec<i64>,
    mask: Vec<bool>,
    first_refusal: Option<(usize, Refusal)>,
}

fn answer_all(
    cal: &Calendar,
    op: Op,
    a: &[i64],
    b: &[i64],
    nat: bool,
    mask: bool,
    fill: i64,
) -> Answers {
    let n = a.len().max(b.len());
    let mut values = Vec::with_capacity(n);
    let mut masked = if mask { vec![false; n] } else { Vec::new() };
    for i in 0..n {
        match answer(cal, op, pick(a, i), pick(b, i), nat) {
            Ok(v) => values.push(v),
            Err(refusal) if !mask => {
                return Answers {
                    values,
                    mask: masked,
                    first_refusal: Some((i, refusal)),
                };
            }
            Err(_) => {
                values.push(fill);
                if let Some(m) = masked.get_mut(i) {
                    *m = true;
                }
            }
        }
    }
    Answers {
        values,
        mask: masked,
        first_refusal: None,
    }
}

/// Unix seconds of an RFC 3339 instant with an explicit offset, read as event files are read
/// (a missing offset or a fraction of a second is refused with the library's message).
#[pyfunction]
pub fn parse_instant(text: &str) -> PyResult<i64> {
    Timestamp::parse(text)
        .map(Timestamp::as_second)
        .map_err(|e| crate::SlaError::new_err(e.to_string()))
}

type ArrayAnswer<'py> = (
    Bound<'py, PyArray1<i64>>,
    Option<Bound<'py, PyArray1<bool>>>,
);

impl PyCalendar {
    #[allow(clippy::too_many_arguments)]
    fn many<'py>(
        &self,
        py: Python<'py>,
        op: Op,
        a: PyReadonlyArray1<'py, i64>,
        b: PyReadonlyArray1<'py, i64>,
        nat: bool,
        mask: bool,
        fill: i64,
    ) -> PyResult<ArrayAnswer<'py>> {
        let (a, b) = (a.as_slice()?, b.as_slice()?);
        if a.len() != b.len() && a.len() != 1 && b.len() != 1 {
            return Err(PyValueError::new_err(format!(
                "operands of lengths {} and {} do not match (one of them may have length 1)",
                a.len(),
                b.len()
            )));
        }
        if a.is_empty() || b.is_empty() {
            return Ok((
                PyArray1::from_vec(py, Vec::new()),
                mask.then(|| PyArray1::from_vec(py, Vec::new())),
            ));
        }
        let cal = &*self.inner;
        let answers = py.detach(|| answer_all(cal, op, a, b, nat, mask, fill));
        if let Some((index, refusal)) = answers.first_refusal {
            return Err(calendar_error(
                py,
                format!("element {index}: {}", refusal.message),
                Some(index),
                refusal.year,
            ));
        }
        let values = PyArray1::from_vec(py, answers.values);
        Ok((values, mask.then(|| PyArray1::from_vec(py, answers.mask))))
    }

    fn one(&self, py: Python<'_>, op: Op, a: i64, b: i64) -> PyResult<i64> {
        answer(&self.inner, op, a, b, false)
            .map_err(|r| calendar_error(py, r.message, None, r.year))
    }
}

#[pymethods]
impl PyCalendar {
    /// A shipped calendar: `cn-standard` or `24x7`.
    #[staticmethod]
    fn preset(name: &str) -> PyResult<PyCalendar> {
        Calendar::preset(name)
            .map(|c| PyCalendar { inner: Arc::new(c) })
            .map_err(|e| CalendarError::new_err(e.to_string()))
    }

    /// A calendar from the text of a calendar file; it may include no other file.
    #[staticmethod]
    #[pyo3(signature = (text, name = "calendar.toml"))]
    fn from_toml(text: &str, name: &str) -> PyResult<PyCalendar> {
        Calendar::from_toml_str(name, text, &Includes::none())
            .map(|c| PyCalendar { inner: Arc::new(c) })
            .map_err(|e| CalendarError::new_err(e.to_string()))
    }

    /// The calendar's name.
    #[getter]
    fn name(&self) -> String {
        self.inner.name().to_owned()
    }

    /// The calendar's IANA time zone.
    #[getter]
    fn zone(&self) -> String {
        self.inner.zone().name().to_owned()
    }

    /// The first and last year the calendar answers for (`None`: any year).
    #[getter]
    fn years(&self) -> Option<(i32, i32)> {
        self.inner.years()
    }

    /// Unix seconds `seconds` of business time after `start` (before it, if negative).
    fn add_one(&self, py: Python<'_>, start: i64, seconds: i64) -> PyResult<i64> {
        self.one(py, Op::Add, start, seconds)
    }

    /// Business seconds from `start` to `end` (Unix seconds).
    fn between_one(&self, py: Python<'_>, start: i64, end: i64) -> PyResult<i64> {
        self.one(py, Op::Between, start, end)
    }

    /// `add` on contiguous int64 buffers; returns the answers and, with `mask`, the refused
    /// elements (else the first refusal raises `CalendarError` with `index` and `year`).
    #[pyo3(signature = (starts, seconds, *, nat, mask, fill))]
    fn add_many<'py>(
        &self,
        py: Python<'py>,
        starts: PyReadonlyArray1<'py, i64>,
        seconds: PyReadonlyArray1<'py, i64>,
        nat: bool,
        mask: bool,
        fill: i64,
    ) -> PyResult<ArrayAnswer<'py>> {
        self.many(py, Op::Add, starts, seconds, nat, mask, fill)
    }

    /// `between` on contiguous int64 buffers; see `add_many`.
    #[pyo3(signature = (starts, ends, *, nat, mask, fill))]
    fn between_many<'py>(
        &self,
        py: Python<'py>,
        starts: PyReadonlyArray1<'py, i64>,
        ends: PyReadonlyArray1<'py, i64>,
        nat: bool,
        mask: bool,
        fill: i64,
    ) -> PyResult<ArrayAnswer<'py>> {
        self.many(py, Op::Between, starts, ends, nat, mask, fill)
    }

    fn __repr__(&self) -> String {
        format!(
            "Calendar({:?}, zone={:?})",
            self.inner.name(),
            self.inner.zone().name()
        )
    }
}
