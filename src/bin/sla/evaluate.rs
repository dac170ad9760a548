//! `sla evaluate`, `sla diff`, `sla countdowns`, `sla contract`: the contract applied to an
//! event log.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use sla_engine::audit::{Audit, StreamedAudit};
use sla_engine::evaluate::{Evaluator, Options};
use sla_engine::event::{
    EventLog, InputFormat, ReadError, read_events_in_order_into, read_events_into,
};
use sla_engine::{Includes, Timestamp, Window, dispute, render};

use crate::load::load_contract;
use crate::output::{self, Done};

/// Output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Markdown for people.
    Md,
    /// JSON (the report's serde form, with its schema version).
    Json,
    /// The penalty statement alone, as CSV for a spreadsheet.
    Csv,
    /// One self-contained HTML page (charts, a filterable verdict table) for a browser.
    Html,
}

/// The format of an events file, on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EventsFormat {
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// What every evaluating command takes.
#[derive(Debug, Args)]
pub(crate) struct EventArgs {
    /// Event file: JSON Lines or CSV, as its extension says (any case); `-` reads standard input.
    #[arg(long)]
    pub events: String,
    /// The events' format, if the extension does not say it (default for `-`: jsonl).
    #[arg(long, value_enum)]
    pub input_format: Option<EventsFormat>,
    /// Evaluate as of this instant (RFC 3339 with offset); default: the latest event (a far-off
    /// outlier aside).
    #[arg(long)]
    pub as_of: Option<String>,
    /// Report availability for these years only, e.g. 2025 or 2024-2025.
    #[arg(long)]
    pub year: Option<String>,
    /// Also report availability over this window, FROM/TO in RFC 3339 with offsets.
    #[arg(long)]
    pub window: Option<String>,
}

/// Where a command writes.
#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    /// Write to this file (atomically: a temporary file renamed over it) instead of standard
    /// output.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ContractCommand {
    /// Print a contract as a TOML file to copy, edit and pass back with --contract FILE.
    Show {
        /// Preset name (seed) or contract file.
        name: String,
    },
}

impl EventArgs {
    /// The events' format: as given, else as the extension says, else JSON Lines for `-`.
    pub(crate) fn format(&self) -> Result<InputFormat, String> {
        match self.input_format {
            Some(EventsFormat::Jsonl) => Ok(InputFormat::Jsonl),
            Some(EventsFormat::Csv) => Ok(InputFormat::Csv),
            None if self.events == "-" => Ok(InputFormat::Jsonl),
            None => InputFormat::from_path(Path::new(&self.events)).ok_or_else(|| {
                format!(
                    "{}: cannot tell the events' format from the file name: give --input-format jsonl or csv",
                    self.events
                )
            }),
        }
    }
}

/// Reads the events once into a log for each evaluator (two for the dispute view): standard
/// input and pipes can be read only once.
pub(crate) fn read_logs(args: &EventArgs, judges: &[&Evaluator]) -> Result<Vec<EventLog>, String> {
    let mut logs = read_whole(args, judges)?;
    // Read whole, the logs are judged and not pushed to again: pack what a live log holds whole.
    for log in &mut logs {
        log.shrink_to_fit();
    }
    Ok(logs)
}

fn read_whole(args: &EventArgs, judges: &[&Evaluator]) -> Result<Vec<EventLog>, String> {
    let format = args.format()?;
    let name = if args.events == "-" {
        "<stdin>"
    } else {
        args.events.as_str()
    };
    let fresh = || -> Vec<EventLog> { judges.iter().map(|j| j.new_log(name)).collect() };
    let mut logs = fresh();
    if args.events == "-" {
        let mut refs: Vec<&mut EventLog> = logs.iter_mut().collect();
        read_events_into(&mut refs, std::io::stdin().lock(), format).map_err(|e| e.to_string())?;
        return Ok(logs);
    }
    // Refused before it is opened: a directory or a device is not an events file.
    let meta = std::fs::metadata(&args.events)
        .map_err(|e| format!("{}: cannot read: {e}", args.events))?;
    if meta.is_dir() {
        return Err(format!("{}: cannot read: it is a directory", args.events));
    }
    let mut file = std::fs::File::open(&args.events)
        .map_err(|e| format!("{}: cannot read: {e}", args.events))?;
    let mut refs: Vec<&mut EventLog> = logs.iter_mut().collect();
    if !meta.is_file() {
        // A pipe (`--events <(...)`) or a device can be read only once: read and sorted.
        read_events_into(&mut refs, file, format).map_err(|e| e.to_string())?;
        return Ok(logs);
    }
    // A file exported in time order (the usual case) is applied as it is read, holding no list
    // of its events; one that is not is read again, from the start of the same open file, and
    // sorted.
    match read_events_in_order_into(&mut refs, &mut file, format) {
        Ok(_) => Ok(logs),
        Err(ReadError::OutOfOrder { .. }) => {
            use std::io::{Seek, SeekFrom};
            file.seek(SeekFrom::Start(0))
                .map_err(|e| format!("{}: cannot read: {e}", args.events))?;
            let mut logs = fresh();
            let mut refs: Vec<&mut EventLog> = logs.iter_mut().collect();
            read_events_into(&mut refs, file, format).map_err(|e| e.to_string())?;
            Ok(logs)
        }
        Err(e) => Err(e.to_string()),
    }
}

/// Years written `2025` or `2024-2025`, each within 1-9998.
fn parse_years(y: &str) -> Result<(i32, i32), String> {
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
    if a < 1 || b > 9998 {
        return Err(format!("--year {y:?}: years run from 1 to 9998"));
    }
    Ok((a, b))
}

/// The evaluation options the arguments give. The current time is not one of them: the same
/// inputs give the same report whenever it is made (far-off events are judged against the rest
/// of the log, and the command warns on standard error about events far after today).
pub(crate) fn options(args: &EventArgs) -> Result<Options, String> {
    let as_of = match &args.as_of {
        Some(t) => Some(Timestamp::parse(t).map_err(|e| format!("--as-of: {e}"))?),
        None => None,
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
        years: args.year.as_deref().map(parse_years).transpose()?,
        window,
        ..Options::default()
    })
}

/// Refuses what cannot give a meaningful report: no event and no instant to judge at, or years
/// that lie entirely outside the log and the evaluation instant.
fn check_inputs(
    args: &EventArgs,
    log: &EventLog,
    judge: &Evaluator,
    options: &Options,
) -> Result<(), String> {
    use sla_engine::evaluate::InputError;
    let year = args.year.as_deref().unwrap_or_default();
    judge.check_inputs(log, options).map_err(|e| match e {
        InputError::NoInstant { rejected } => format!(
            "{}: no event was accepted ({rejected} line(s) rejected) and no --as-of was given: there is no instant to judge at",
            args.events
        ),
        InputError::YearsAfterAsOf { as_of } => format!(
            "--year {year}: after the evaluation instant {} (give a later --as-of)",
            as_of.to_rfc3339()
        ),
        InputError::YearsBeforeLog { first } => {
            format!("--year {year}: before the first event of the log ({first})")
        }
        other => other.to_string(),
    })
}

/// Warns on standard error about events far after today (a mistyped year in the future that
/// the rest of the log does not show as apart).
fn warn_about_the_future(log: &EventLog) {
    let now = Timestamp::now();
    let (ahead, _) = log.outliers(sla_engine::evaluate::DEFAULT_OUTLIER_SECONDS, Some(now));
    if let Some(last) = log.last_at()
        && last.seconds_since(now) > sla_engine::evaluate::DEFAULT_OUTLIER_SECONDS
    {
        eprintln!(
            "sla: warning: the log reaches {last}, more than a year after today ({} such line(s) among its latest)",
            ahead.len().max(1)
        );
    }
}

fn done(audit: &Audit) -> Done {
    let rejected = &audit.report.rejected;
    if rejected.total > 0 {
        let listed = rejected.lines.len() as u64;
        if listed == rejected.total {
            eprintln!("sla: {listed} input line(s) rejected; they are listed in the report");
        } else {
            eprintln!(
                "sla: {} input line(s) rejected; the report lists the first {listed} and counts the rest by kind",
                rejected.total
            );
        }
        Done::Rejected
    } else {
        Done::Clean
    }
}

pub(crate) fn run_evaluate(
    contract: &str,
    sets: &[String],
    includes: &Includes,
    args: &EventArgs,
    format: Format,
    out: &OutputArgs,
) -> Result<Done, String> {
    let (contract, calendar) = load_contract(contract, sets, includes)?;
    let judge = Evaluator::new(contract, calendar);
    let options = options(args)?;
    let log = read_logs(args, &[&judge])?.pop().ok_or("no log was read")?;
    check_inputs(args, &log, &judge, &options)?;
    warn_about_the_future(&log);
    match format {
        // Markdown and HTML are for people, of years a person reads: the held audit.
        Format::Md | Format::Html => {
            let audit = Audit::of(&judge, &log, options);
            let text = if format == Format::Md {
                render::to_markdown(&audit)
            } else {
                render::to_html(&audit)
            };
            output::write(out.output.as_deref(), &text)?;
            Ok(done(&audit))
        }
        // JSON of any size is written as the incidents are judged, never held whole; the CSV
        // statement needs only the incidents with a breach.
        Format::Json => {
            let mut audit = StreamedAudit::new(&judge, &log, options);
            output::write_with(out.output.as_deref(), |w| audit.write_json(w))?;
            Ok(done(audit.summary()))
        }
        Format::Csv => {
            let audit = StreamedAudit::new(&judge, &log, options);
            let audit = audit.summary();
            let text = match &audit.penalties {
                Some(st) => {
                    render::statement_csv(st, Some(&audit.report)).map_err(|e| e.to_string())?
                }
                None => {
                    return Err(
                        "the contract has no penalty schedule: nothing to write as CSV".to_owned(),
                    );
                }
            };
            output::write(out.output.as_deref(), &text)?;
            Ok(done(audit))
        }
    }
}

pub(crate) fn run_diff(
    contracts: &[String],
    sets: &[String],
    includes: &Includes,
    args: &EventArgs,
    format: Format,
    out: &OutputArgs,
) -> Result<Done, String> {
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
    let options = options(args)?;
    let (ja, jb) = (Evaluator::new(ca, cal_a), Evaluator::new(cb, cal_b));
    let mut logs = read_logs(args, &[&ja, &jb])?;
    let (Some(log_b), Some(log_a)) = (logs.pop(), logs.pop()) else {
        return Err("no log was read".to_owned());
    };
    check_inputs(args, &log_a, &ja, &options)?;
    let ra = Audit::of(&ja, &log_a, options);
    let rb = Audit::of(&jb, &log_b, options);
    let d = dispute::diff(&ra, &rb).with_contracts(ja.contract(), jb.contract());
    let text = match format {
        Format::Md => render::dispute_to_markdown(&d),
        Format::Json => serde_json::to_string_pretty(&d).map_err(|e| e.to_string())? + "\n",
        Format::Html => render::dispute_to_html(&d),
        Format::Csv => return Err("the dispute view has no CSV form: use md or json".to_owned()),
    };
    output::write(out.output.as_deref(), &text)?;
    Ok(done(&ra))
}

pub(crate) fn run_contract(cmd: ContractCommand, includes: &Includes) -> Result<Done, String> {
    match cmd {
        ContractCommand::Show { name } => {
            let (c, _) = load_contract(&name, &[], includes)?;
            output::write(None, &c.to_toml().map_err(|e| e.to_string())?)?;
            Ok(Done::Clean)
        }
    }
}
