//! Contracts and calendars named on the command line: a preset by name, or a file. A file's
//! includes are read from its own folder, or from a folder given with `--include-dir`.

use std::path::{Path, PathBuf};

use sla_engine::contract::Contract;
use sla_engine::{Calendar, Includes};

/// The grant for includes: the folders given with `--include-dir` (each file's own folder is
/// added when the file is read).
pub(crate) fn includes(dirs: &[PathBuf]) -> Result<Includes, String> {
    dirs.iter().try_fold(Includes::none(), |inc, dir| {
        inc.and(dir).map_err(|e| format!("--include-dir: {e}"))
    })
}

/// A contract by preset name or file, with `--set` overrides, and its calendar.
pub(crate) fn load_contract(
    spec: &str,
    sets: &[String],
    includes: &Includes,
) -> Result<(Contract, Calendar), String> {
    let mut contract = match Contract::preset(spec) {
        Some(c) => c,
        None => {
            let path = Path::new(spec);
            // A bare word that is not a file is a preset name misspelt, not a missing file.
            if !spec.ends_with(".toml") && !path.exists() {
                return Err(format!(
                    "unknown contract {}: expected a preset ({}) or a contract file (.toml)",
                    sla_engine::Excerpt(spec),
                    Contract::PRESETS.join(", ")
                ));
            }
            Contract::from_toml_file(path, includes).map_err(|e| e.to_string())?
        }
    };
    for s in sets {
        contract
            .settings
            .apply(s)
            .map_err(|e| format!("--set {s}: {e}"))?;
    }
    let calendar = contract.calendar().map_err(|e| format!("{spec}: {e}"))?;
    Ok((contract, calendar))
}

/// A calendar by preset name (`24x7`, `cn-standard`) or by path to a calendar TOML file.
pub(crate) fn load_calendar(spec: &str, includes: &Includes) -> Result<Calendar, String> {
    let path = Path::new(spec);
    if spec.ends_with(".toml") || path.is_file() {
        Calendar::from_toml_file(path, includes).map_err(|e| e.to_string())
    } else {
        Calendar::preset(spec).map_err(|e| e.to_string())
    }
}
