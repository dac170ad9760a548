//! Contract files (TOML). Feature `formats`.

use std::path::Path;

use serde::Deserialize;

use super::{Contract, QUESTIONS};
use crate::calendar::{include_name, read_named_file};
use crate::{Calendar, FileError, Includes};

/// The `calendar` field alone, with where it stands, for errors about the file it names.
#[derive(Deserialize)]
struct CalendarField {
    calendar: toml::Spanned<String>,
}

impl Contract {
    /// Reads a contract from the text of a contract file (the shape `sla contract show seed`
    /// prints), and checks that its terms hold together. `file` names it in errors.
    ///
    /// Nothing else is read: a contract whose `calendar` names a calendar file is an error (see
    /// [`Contract::from_toml_str_with`] to grant a folder). This is the form for text received
    /// from someone else.
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
    /// let err = Contract::from_toml_str("c.toml", &text.replace("\"cn-standard\"", "\"office.toml\"")).unwrap_err();
    /// assert!(err.to_string().ends_with("calendar: include \"office.toml\" is not allowed here: \
    ///     no folder was granted to read includes from"), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml_str(file: &str, text: &str) -> Result<Contract, FileError> {
        Contract::from_toml_str_with(file, text, &Includes::none())
    }

    /// As [`Contract::from_toml_str`], reading the calendar file the contract names (and the files
    /// that calendar names) only as `includes` allows.
    ///
    /// # Errors
    /// As [`Contract::from_toml_str`], or the calendar file is refused, cannot be read or is bad.
    ///
    /// # Example: a service reads each customer's contract inside the customer's folder
    /// ```
    /// use sla_engine::Includes;
    /// use sla_engine::contract::Contract;
    /// let dir = std::env::temp_dir().join(format!("sla-doc-contract-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// std::fs::write(dir.join("office.toml"), "zone = \"Europe/Paris\"\nyears = [2025, 2026]\n[hours]\nmon = [\"09:00-17:00\"]\n")?;
    /// let text = Contract::seed().to_toml()?.replace("\"cn-standard\"", "\"office.toml\"");
    /// let c = Contract::from_toml_str_with("c.toml", &text, &Includes::confined(&dir)?)?;
    /// assert_eq!(c.calendar()?.zone(), chrono_tz::Europe::Paris);
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml_str_with(
        file: &str,
        text: &str,
        includes: &Includes,
    ) -> Result<Contract, FileError> {
        let mut contract: Contract =
            toml::from_str(text).map_err(|e| FileError::from_toml(file, text, e))?;
        contract.validate().map_err(|e| FileError::whole(file, e))?;
        if contract.names_calendar_file() {
            let field: CalendarField =
                toml::from_str(text).map_err(|e| FileError::from_toml(file, text, e))?;
            let at = field.calendar.span().start;
            let included = includes
                .read(&contract.calendar)
                .map_err(|e| FileError::include(file, text, at, "calendar", e))?;
            let grant = includes
                .for_included(&included)
                .map_err(|e| FileError::include(file, text, at, "calendar", e))?;
            let shown = include_name(file, &contract.calendar);
            contract.set_calendar_file(Calendar::from_toml_str(&shown, &included.text, &grant)?);
        }
        Ok(contract.with_origin(file))
    }

    /// Reads a contract file. The calendar file it names (and the files that calendar names) are
    /// relative to its folder and read from that folder, or from a folder `includes` adds.
    ///
    /// # Errors
    /// The file cannot be read (it must be a regular file of at most
    /// [`MAX_INCLUDE_BYTES`](crate::MAX_INCLUDE_BYTES)), or as
    /// [`Contract::from_toml_str_with`].
    ///
    /// ```
    /// use sla_engine::Includes;
    /// use sla_engine::contract::Contract;
    /// let dir = std::env::temp_dir().join(format!("sla-doc-contract-file-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let text = Contract::seed().to_toml()?.replace("\"cn-standard\"", "\"../../etc/office.toml\"");
    /// std::fs::write(dir.join("c.toml"), text)?;
    /// let err = Contract::from_toml_file(&dir.join("c.toml"), &Includes::none()).unwrap_err();
    /// assert!(err.to_string().ends_with("calendar: include \"../../etc/office.toml\" is refused: \
    ///     it leads outside the allowed folders"), "{err}");
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_toml_file(path: &Path, includes: &Includes) -> Result<Contract, FileError> {
        let (name, text, grant) = read_named_file(path, includes)?;
        Contract::from_toml_str_with(&name, &text, &grant)
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
