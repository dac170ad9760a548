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

/// Arrays shorter than this are answered on the calling thread: below it, starting threads
/// costs more than it saves.
const MIN_PER_THREAD: usize = 1 << 16;

/// What one query needs besides its operands.
#[derive(Clone, Copy)]
struct Query<'a> {
    cal: &'a Calendar,
    op: Op,
    a: &'a [i64],
    b: &'a [i64],
    nat: bool,
    fill: i64,
}

/// Answers elements `offset..offset + values.len()` into `values`; with a `mask`, a refused
/// element gets `fill` and `true` in the mask, else the first refusal stops the pass.
fn answer_range(
    q: Query<'_>,
    offset: usize,
    values: &mut [i64],
    mut mask: Option<&mut [bool]>,
) -> Option<(usize, Refusal)> {
    for (j, value) in values.iter_mut().enumerate() {
        let i = offset + j;
        match answer(q.cal, q.op, pick(q.a, i), pick(q.b, i), q.nat) {
            Ok(v) => *value = v,
            Err(refusal) => match mask.as_deref_mut() {
                None => return Some((i, refusal)),
                Some(m) => {
                    *value = q.fill;
                    if let Some(flag) = m.get_mut(j) {
                        *flag = true;
                    }
                }
            },
        }
    }
    None
}

/// Every answer, on up to `threads` threads (contiguous chunks, so that the first refusal is the
/// one with the smallest index).
struct Answers {
    values: Vec<i64>,
    mask: Vec<bool>,
    first_refusal: Option<(usize, Refusal)>,
}

fn answer_all(q: Query<'_>, n: usize, mask: bool, threads: usize) -> Answers {
    let mut values = vec![0; n];
    let mut flags = if mask { vec![false; n] } else { Vec::new() };
    let threads = threads.clamp(1, n.div_ceil(MIN_PER_THREAD).max(1));
    let first_refusal = if threads == 1 {
        answer_range(q, 0, &mut values, mask.then_some(&mut flags[..]))
    } else {
        let chunk = n.div_ceil(threads);
        let mut mask_chunks: Vec<Option<&mut [bool]>> = if mask {
            flags.chunks_mut(chunk).map(Some).collect()
        } else {
            std::iter::repeat_with(|| None).take(threads).collect()
        };
        std::thread::scope(|s| {
            let workers: Vec<_> = values
                .chunks_mut(chunk)
                .zip(mask_chunks.iter_mut())
                .enumerate()
                .map(|(k, (v, m))| {
                    let m = m.take();
                    let offset = k * chunk;
                    (offset, s.spawn(move || answer_range(q, offset, v, m)))
                })
                .collect();
            workers
                .into_iter()
                .filter_map(|(offset, worker)| {
                    worker.join().unwrap_or_else(|_| {
                        Some((
                            offset,
                            Refusal {
                                message: "a worker thread failed".to_owned(),
                                year: None,
                            },
                        ))
                    })
                })
                .min_by_key(|(i, _)| *i)
        })
    };
    Answers {
        values,
        mask: flags,
        first_refusal,
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
        threads: Option<usize>,
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
        let query = Query {
            cal: &self.inner,
            op,
            a,
            b,
            nat,
            fill,
        };
        let n = a.len().max(b.len());
        let threads = threads.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        });
        let answers = py.detach(|| answer_all(query, n, mask, threads));
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
    /// elements (else the first refusal raises `CalendarError` with `index` and `year`). Large
    /// arrays are split over `threads` threads (default: the machine's parallelism).
    #[pyo3(signature = (starts, seconds, *, nat, mask, fill, threads = None))]
    #[allow(clippy::too_many_arguments)] // the Python keyword arguments, one by one
    fn add_many<'py>(
        &self,
        py: Python<'py>,
        starts: PyReadonlyArray1<'py, i64>,
        seconds: PyReadonlyArray1<'py, i64>,
        nat: bool,
        mask: bool,
        fill: i64,
        threads: Option<usize>,
    ) -> PyResult<ArrayAnswer<'py>> {
        self.many(py, Op::Add, starts, seconds, nat, mask, fill, threads)
    }

    /// `between` on contiguous int64 buffers; see `add_many`.
    #[pyo3(signature = (starts, ends, *, nat, mask, fill, threads = None))]
    #[allow(clippy::too_many_arguments)] // the Python keyword arguments, one by one
    fn between_many<'py>(
        &self,
        py: Python<'py>,
        starts: PyReadonlyArray1<'py, i64>,
        ends: PyReadonlyArray1<'py, i64>,
        nat: bool,
        mask: bool,
        fill: i64,
        threads: Option<usize>,
    ) -> PyResult<ArrayAnswer<'py>> {
        self.many(py, Op::Between, starts, ends, nat, mask, fill, threads)
    }

    fn __repr__(&self) -> String {
        format!(
            "Calendar({:?}, zone={:?})",
            self.inner.name(),
            self.inner.zone().name()
        )
    }
}
