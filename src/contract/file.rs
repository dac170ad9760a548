//! Contract files (TOML). Feature `formats`.

use std::path::Path;

use super::{Contract, ContractError, QUESTIONS};
use crate::{Calendar, FileError};

impl Contract {
    /// Reads a contract from the text of a contract file (the shape `sla contract show seed`
    /// prints), and checks that its terms hold together. `file` names it in errors.
    ///
    /// # Errors
    /// A [`FileError`] naming the line and field, or the inconsistency.
    ///
    /// ```
    /// use sla_engine::contract::{Contract, WorkClock};
    /// let mut text = Contract::seed().to_toml()?;
    /// text = text.replace("work_clock = \"business\"", "work_clock = \"wall\"");
    /// let c = Contract::from_toml_str("mine.toml", &text)?;
    /// assert_eq!(c.settings.work_clock, WorkClock::Wall);
    /// let err = Contract::from_toml_str("bad.toml", &text.replace("limit = \"15m\"", "limit = \"15 minutes\"")).unwrap_err();
    /// assert!(err.to_string().contains("invalid limit \"15 minutes\""), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml_str(file: &str, text: &str) -> Result<Contract, FileError> {
        let contract: Contract =
            toml::from_str(text).map_err(|e| FileError::from_toml(file, text, &e))?;
        contract.validate().map_err(|e| FileError::whole(file, e))?;
        Ok(contract)
    }

    /// Reads a contract file.
    ///
    /// # Errors
    /// The file cannot be read, or as [`Contract::from_toml_str`].
    pub fn from_toml_file(path: &Path) -> Result<Contract, FileError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| FileError::whole(&name, format!("cannot read: {e}")))?;
        Contract::from_toml_str(&name, &text)
    }

    /// The contract as a TOML file a user can copy, edit and load back; each setting carries the
    /// number of the question it answers.
    ///
    /// # Errors
    /// Only if a value cannot be written as TOML.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        let body = toml::to_string_pretty(self)?;
        let mut out = format!(
            "# Contract {:?}. Every figure is a setting; every open question of terms.md (Q1-Q11)\n\
             # is a named setting under [settings]. Load an edited copy with --contract FILE.\n\n",
            self.name
        );
        for line in body.lines() {
            out.push_str(line);
            if let Some((key, _)) = line.split_once(" = ")
                && let Some((q, _)) = QUESTIONS.iter().find(|(q, n)| !q.is_empty() && *n == key)
            {
                out.push_str("  # ");
                out.push_str(q);
            }
            out.push('\n');
        }
        Ok(out)
    }

    /// Builds the contract's calendar: a preset by name, or a calendar file whose path is
    /// relative to `base` (the contract file's folder). Applies Q11.
    ///
    /// # Errors
    /// An unknown preset or a bad calendar file.
    pub fn calendar_from(&self, base: Option<&Path>) -> Result<Calendar, FileError> {
        let whole = |e: ContractError| FileError::whole(&self.calendar, e);
        let cal = if self.calendar.ends_with(".toml") {
            let path = base.map_or_else(
                || Path::new(&self.calendar).to_path_buf(),
                |b| b.join(&self.calendar),
            );
            Calendar::from_toml_file(&path)?
        } else {
            Calendar::preset(&self.calendar).map_err(|e| whole(e.into()))?
        };
        self.apply_missing_year(cal).map_err(whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_round_trips_through_toml() {
        let seed = Contract::seed();
        let text = seed.to_toml().unwrap();
        assert!(text.contains("response_clock = \"wall\"  # Q1\n"), "{text}");
        let back = Contract::from_toml_str("seed.toml", &text).unwrap();
        assert_eq!(back, seed);
    }

    #[test]
    fn errors_name_the_field() {
        let text = Contract::seed().to_toml().unwrap().replace(
            "customer_wait = \"pauses\"",
            "customer_wait = \"sometimes\"",
        );
        let err = Contract::from_toml_str("c.toml", &text)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("c.toml:"), "{err}");
        assert!(
            err.contains("customer_wait") || err.contains("sometimes"),
            "{err}"
        );
    }
}
