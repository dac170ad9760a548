//! `sla evaluate`, `sla diff`, `sla contract`: the contract applied to an event log.

use clap::{Args, Subcommand, ValueEnum};
use sla_engine::audit::Audit;
use sla_engine::evaluate::{Evaluator, Options};
use sla_engine::event::{EventLog, InputFormat, read_events};
use sla_engine::{Includes, Timestamp, Window};
use sla_engine::{dispute, render};

use crate::emit;
use crate::load::load_contract;

/// Output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Markdown for people.
    Md,
    /// JSON (the report's serde form, with its schema version).
    Json,
    /// The penalty statement alone, as CSV for a spreadsheet.
    Csv,
}

/// What every evaluating command takes.
#[derive(Debug, Args)]
pub(crate) struct EventArgs {
    /// Event file: JSON Lines (.jsonl), or CSV (.csv); `-` reads JSON Lines from stdin.
    #[arg(long)]
    events: String,
    /// Evaluate as of this instant (RFC 3339 with offset); default: the latest event.
    #[arg(long)]
    as_of: Option<String>,
    /// Report availability for these years only, e.g. 2025 or 2024-2025.
    #[arg(long)]
    year: Option<String>,
    /// Also report availability over this window, FROM/TO in RFC 3339 with offsets.
    #[arg(long)]
    window: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ContractCommand {
    /// Print a contract as a TOML file to copy, edit and pass back with --contract FILE.
    Show {
        /// Preset name (seed) or contract file.
        name: String,
    },
}

fn read_log(args: &EventArgs, judge: &Evaluator) -> Result<EventLog, String> {
    let format = if args.events.to_ascii_lowercase().ends_with(".csv") {
        InputFormat::Csv
    } else {
        InputFormat::Jsonl
    };
    let result = if args.events == "-" {
        let mut log = judge.new_log("<stdin>");
        read_events(&mut log, std::io::stdin().lock(), format).map(|_| log)
    } else {
        let file = std::fs::File::open(&args.events)
            .map_err(|e| format!("{}: cannot read: {e}", args.events))?;
        let mut log = judge.new_log(args.events.as_str());
        read_events(&mut log, file, format).map(|_| log)
    };
    result.map_err(|e| e.to_string())
}

fn options(args: &EventArgs) -> Result<Options, String> {
    let as_of = match &args.as_of {
        Some(t) => Some(Timestamp::parse(t).map_err(|e| format!("--as-of: {e}"))?),
        None => None,
    };
    let years = match &args.year {
        None => None,
        Some(y) => {
            let (a, b) = y.split_once('-').unwrap_or((y, y));
            let p = |s: &str| {
                s.trim()
                    .parse::<i32>()
                    .map_err(|_| format!("--year {y:?}: expected YEAR or YEAR-YEAR"))
            };
            let (a, b) = (p(a)?, p(b)?);
            if a > b {
                return Err(format!("--year {y:?}: the first year is after the last"));
            }
            Some((a, b))
        }
    };
    let window = match &args.window {
        None => None,
        Some(w) => {
            let (a, b) = w
                .split_once('/')
                .ok_or_else(|| format!("--window {w:?}: expected FROM/TO"))?;
            let (a, b) = (
                Timestamp::parse(a).map_err(|e| format!("--window: {e}"))?,
                Timestamp::parse(b).map_err(|e| format!("--window: {e}"))?,
            );
            if a >= b {
                return Err(format!("--window {w:?}: FROM must be before TO"));
            }
            Window::new(a, b).ok()
        }
    };
    Ok(Options {
        as_of,
        years,
        window,
    })
}

pub(crate) fn run_evaluate(
    contract: &str,
    sets: &[String],
    includes: &Includes,
    args: &EventArgs,
    format: Format,
) -> Result<(), String> {
    let (contract, calendar) = load_contract(contract, sets, includes)?;
    let judge = Evaluator::new(contract, calendar);
    let log = read_log(args, &judge)?;
    let audit = Audit::of(&judge, &log, options(args)?);
    print_report(&audit, format)?;
    if !audit.report.rejected.is_empty() {
        eprintln!(
            "sla: {} input line(s) rejected; they are listed in the report",
            audit.report.rejected.len()
        );
    }
    Ok(())
}

fn print_report(audit: &Audit, format: Format) -> Result<(), String> {
    match format {
        Format::Md => emit(&render::to_markdown(audit))?,
        Format::Json => emit(&(audit.to_json().map_err(|e| e.to_string())? + "\n"))?,
        Format::Csv => match &audit.penalties {
            Some(st) => emit(&st.to_csv().map_err(|e| e.to_string())?)?,
            None => {
                return Err(
                    "the contract has no penalty schedule: nothing to write as CSV".to_owned(),
                );
            }
        },
    }
    Ok(())
}

pub(crate) fn run_diff(
    contracts: &[String],
    sets: &[String],
    includes: &Includes,
    args: &EventArgs,
    format: Format,
) -> Result<(), String> {
    let (a, b) = match contracts {
        [one] if !sets.is_empty() => ((one, &[][..]), (one, sets)),
        [one, two] => ((one, sets), (two, sets)),
        _ => {
            return Err(
                "diff takes two --contract, or one --contract and at least one --set".to_owned(),
            );
        }
    };
    let (ca, cal_a) = load_contract(a.0, a.1, includes)?;
    let (cb, cal_b) = load_contract(b.0, b.1, includes)?;
    let opts = options(args)?;
    let (ja, jb) = (Evaluator::new(ca, cal_a), Evaluator::new(cb, cal_b));
    let log_a = read_log(args, &ja)?;
    let log_b = read_log(args, &jb)?;
    let ra = Audit::of(&ja, &log_a, opts);
    let rb = Audit::of(&jb, &log_b, opts);
    let d = dispute::diff(&ra, &rb);
    match format {
        Format::Md => emit(&d.to_markdown())?,
        Format::Json => emit(
            &(serde_json::to_string_pretty(&d).map_err(|e| e.to_string())?
                + "
"),
        )?,
        Format::Csv => return Err("the dispute view has no CSV form: use md or json".to_owned()),
    }
    Ok(())
}

pub(crate) fn run_contract(cmd: ContractCommand, includes: &Includes) -> Result<(), String> {
    match cmd {
        ContractCommand::Show { name } => {
            let (c, _) = load_contract(&name, &[], includes)?;
            emit(&c.to_toml().map_err(|e| e.to_string())?)?;
            Ok(())
        }
    }
}
