//! `sla`: the command-line face of sla-engine.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sla_engine::Includes;
mod calendar;
mod countdowns;
mod evaluate;
mod load;
mod output;
mod time;
mod verify;

use output::Done;

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
        #[command(flatten)]
        output: evaluate::OutputArgs,
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
        #[command(flatten)]
        output: evaluate::OutputArgs,
    },
    /// The clocks still running at an instant (overdue ones with negative time left), as a live
    /// board shows them.
    Countdowns {
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
        format: countdowns::BoardFormat,
        #[command(flatten)]
        output: evaluate::OutputArgs,
    },
    /// Whether a JSON report is exactly what the given inputs give: `verified` (exit 0), or the
    /// first differences (exit 1).
    Verify(verify::VerifyArgs),
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

/// Writes `text` to standard output; see [`output::write`].
pub(crate) fn emit(text: &str) -> Result<(), String> {
    output::write(None, text)
}

/// Exit status: 0 when every input line was accepted, 2 when the output was produced but lines
/// were rejected (they are listed in it), 1 for an error that produced no output (or a check
/// that failed).
fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = load::includes(&cli.include_dirs).and_then(|includes| run(cli.command, &includes));
    match result {
        Ok(Done::Clean) => ExitCode::SUCCESS,
        Ok(Done::Rejected) => ExitCode::from(2),
        Ok(Done::Failed) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("sla: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, includes: &Includes) -> Result<Done, String> {
    match command {
        Command::Evaluate {
            contract,
            sets,
            events,
            format,
            output,
        } => evaluate::run_evaluate(&contract, &sets, includes, &events, format, &output),
        Command::Diff {
            contracts,
            sets,
            events,
            format,
            output,
        } => evaluate::run_diff(&contracts, &sets, includes, &events, format, &output),
        Command::Countdowns {
            contract,
            sets,
            events,
            format,
            output,
        } => countdowns::run(&contract, &sets, includes, &events, format, &output),
        Command::Verify(args) => verify::run(&args, includes),
        Command::Contract(cmd) => evaluate::run_contract(cmd, includes),
        Command::Time(cmd) => time::run(cmd, includes).map(|()| Done::Clean),
        Command::Calendar(cmd) => calendar::run(cmd, includes).map(|()| Done::Clean),
    }
}
