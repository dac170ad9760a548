//! `Contract`: a contract and its calendar, ready to judge (an `Evaluator`).

use std::sync::Arc;

use pyo3::prelude::*;
use sla_engine::contract::{Contract, QUESTIONS};
use sla_engine::evaluate::Evaluator;

use crate::ContractError;
use crate::calendar::PyCalendar;

/// A contract read from text (no includes), with its calendar built.
#[pyclass(frozen, name = "Contract", module = "sla_engine._native")]
pub struct PyContract {
    pub(crate) judge: Evaluator,
    /// The name errors about the contract use (the file name given, or `seed`).
    source: String,
}

impl PyContract {
    /// Builds the contract's calendar; a failure is named after the contract, as the CLI does.
    fn ready(contract: Contract, source: &str) -> PyResult<PyContract> {
        let calendar = contract
            .calendar()
            .map_err(|e| ContractError::new_err(format!("{source}: {e}")))?;
        Ok(PyContract {
            judge: Evaluator::new(contract, calendar),
            source: source.to_owned(),
        })
    }
}

#[pymethods]
impl PyContract {
    /// The seed contract (what `sla contract show seed` prints).
    #[staticmethod]
    fn seed() -> PyResult<PyContract> {
        PyContract::ready(Contract::seed(), "seed")
    }

    /// A contract from the text of a contract file; `name` names it in errors. It may include
    /// no file: its calendar must be a preset.
    #[staticmethod]
    #[pyo3(signature = (text, name = "contract.toml"))]
    fn from_toml(text: &str, name: &str) -> PyResult<PyContract> {
        let contract = Contract::from_toml_str(name, text)
            .map_err(|e| ContractError::new_err(e.to_string()))?;
        PyContract::ready(contract, name)
    }

    /// The contract as an editable TOML file.
    fn to_toml(&self) -> PyResult<String> {
        self.judge
            .contract()
            .to_toml()
            .map_err(|e| ContractError::new_err(e.to_string()))
    }

    /// The same contract with settings changed, in order: `[("Q2", "wall"), ...]`.
    fn with_settings(&self, settings: Vec<(String, String)>) -> PyResult<PyContract> {
        let mut contract = self.judge.contract().clone();
        for (name, value) in &settings {
            contract
                .settings
                .set(name.trim(), value)
                .map_err(|e| ContractError::new_err(format!("{name}={value}: {e}")))?;
        }
        PyContract::ready(contract, &self.source)
    }

    /// Every setting by name, with its question number (empty for our own readings) and value.
    fn settings(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let s = &self.judge.contract().settings;
        QUESTIONS
            .iter()
            .map(|&(q, name)| (name, q, s.get(name).unwrap_or_default()))
            .collect()
    }

    /// The contract's name.
    #[getter]
    fn name(&self) -> String {
        self.judge.contract().name.clone()
    }

    /// The contract's calendar (Q11 applied).
    #[getter]
    fn calendar(&self) -> PyCalendar {
        PyCalendar {
            inner: Arc::new(self.judge.calendar().clone()),
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "Contract({:?}, calendar={:?})",
            self.judge.contract().name,
            self.judge.calendar().name()
        )
    }
}
