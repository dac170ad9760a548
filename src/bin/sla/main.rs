//! `sla`: the command-line face of sla-engine.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sla_engine::Includes;
mod calendar;
mod evaluate;
mod load;
mod time;

/// Exact, explainable SLA verdicts for the delivery-kanban maintenance contract.
#[derive(Debug, Parser)]
#[command(name = "sla", version, about)]
struct Cli {
    /// A folder that the files a contract or calendar names (its calendar file, statutory and
    /// iCalendar files) may also be read from; each file's own folder always may (repeatable).
    #[arg(long = "include-dir", global = true, value_name = "DIR")]
    include_dirs: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Audit an event log under a contract: every incident, notice and availability verdict.
    Evaluate {
        /// Contract preset (seed) or contract TOML file.
        #[arg(long, default_value = "seed")]
        contract: String,
        /// Override a setting, e.g. --set Q2=wall (repeatable).
        #[arg(long = "set")]
        sets: Vec<String>,
        #[command(flatten)]
        events: evaluate::EventArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: evaluate::Format,
    },
    /// The dispute view: the same events under two contracts or two readings, only what differs.
    Diff {
        /// Contract preset or file; give two, or one with --set for the second reading.
        #[arg(long = "contract", required = true)]
        contracts: Vec<String>,
        /// A setting for the second reading (or both, with two contracts), e.g. --set Q2=wall.
        #[arg(long = "set")]
        sets: Vec<String>,
        #[command(flatten)]
        events: evaluate::EventArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "md")]
        format: evaluate::Format,
    },
    /// Contracts: print one as an editable TOML file.
    #[command(subcommand)]
    Contract(evaluate::ContractCommand),
    /// Business-time arithmetic on a calendar.
    #[command(subcommand)]
    Time(time::TimeCommand),
    /// A calendar at a glance, or its days off and adjusted working days for other calendars.
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
}

/// Writes `text` to standard output. A reader that went away (`sla evaluate ... | head`) is not
/// an error: there is nobody left to tell.
pub(crate) fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write the output: {e}")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = load::includes(&cli.include_dirs).and_then(|includes| run(cli.command, &includes));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sla: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, includes: &Includes) -> Result<(), String> {
    match command {
        Command::Evaluate {
            contract,
            sets,
            events,
            format,
        } => evaluate::run_evaluate(&contract, &sets, includes, &events, format),
        Command::Diff {
            contracts,
            sets,
            events,
            format,
        } => evaluate::run_diff(&contracts, &sets, includes, &events, format),
        Command::Contract(cmd) => evaluate::run_contract(cmd, includes),
        Command::Time(cmd) => time::run(cmd, includes),
        Command::Calendar(cmd) => calendar::run(cmd, includes),
    }
}
