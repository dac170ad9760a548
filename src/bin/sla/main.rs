//! `sla`: the command-line face of sla-engine.

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sla_engine::Calendar;

mod time;

/// Exact, explainable SLA verdicts for the delivery-kanban maintenance contract.
#[derive(Debug, Parser)]
#[command(name = "sla", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Business-time arithmetic on a calendar.
    #[command(subcommand)]
    Time(time::TimeCommand),
}

/// A calendar by preset name (`24x7`, `cn-standard`) or by path to a calendar TOML file.
pub(crate) fn load_calendar(spec: &str) -> Result<Calendar, String> {
    let path = Path::new(spec);
    if spec.ends_with(".toml") || path.is_file() {
        Calendar::from_toml_file(path).map_err(|e| e.to_string())
    } else {
        Calendar::preset(spec).map_err(|e| e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Time(cmd) => time::run(cmd),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sla: {message}");
            ExitCode::FAILURE
        }
    }
}
