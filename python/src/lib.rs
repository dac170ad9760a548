//! `sla_engine._native`: the compiled half of the `sla_engine` Python package.
//!
//! A thin layer over the `sla_engine` crate's public API: calendars answer numpy buffers in one
//! call with the GIL released, contracts and event logs are read by the library's own readers (so
//! every message is the library's), and reports leave as the JSON the CLI writes. The Python half
//! (`sla_engine/__init__.py`) turns arguments into these calls and the JSON into DataFrames.

mod calendar;
mod contract;
mod report;

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(
    sla_engine,
    SlaError,
    PyValueError,
    "An input the engine refuses; the message is the one the `sla` command prints."
);
create_exception!(
    sla_engine,
    ContractError,
    SlaError,
    "A contract that cannot be read, or does not hold together, or a setting that does not exist."
);
create_exception!(
    sla_engine,
    CalendarError,
    SlaError,
    "A calendar that cannot be built, or a query it cannot answer (`index` and `year` say where)."
);
create_exception!(
    sla_engine,
    EventsError,
    SlaError,
    "An event input that cannot be read at all (a line that cannot is rejected in the report)."
);

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("SlaError", py.get_type::<SlaError>())?;
    m.add("ContractError", py.get_type::<ContractError>())?;
    m.add("CalendarError", py.get_type::<CalendarError>())?;
    m.add("EventsError", py.get_type::<EventsError>())?;
    m.add_class::<calendar::PyCalendar>()?;
    m.add_class::<contract::PyContract>()?;
    m.add_class::<report::PyReport>()?;
    m.add_class::<report::PyDispute>()?;
    m.add_function(wrap_pyfunction!(calendar::parse_instant, m)?)?;
    m.add_function(wrap_pyfunction!(report::evaluate_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(report::evaluate_file, m)?)?;
    m.add_function(wrap_pyfunction!(report::diff, m)?)?;
    m.add("MAX_LINE_BYTES", sla_engine::event::MAX_LINE_BYTES)?;
    Ok(())
}
