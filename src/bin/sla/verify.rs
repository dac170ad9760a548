//! `sla verify`: whether a JSON report is exactly what the given inputs give under the contract
//! and settings it names. It reads only the files on its command line (and presets): a report
//! that names a file is not a reason to open it.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::Value;
use sla_engine::audit::Audit;
use sla_engine::contract::Contract;
use sla_engine::evaluate::{Evaluator, Options};
use sla_engine::event::{InputFormat, read_events};
use sla_engine::{Includes, Timestamp, Window};

use crate::evaluate::{EventArgs, EventsFormat};
use crate::load::load_contract;
use crate::output::{self, Done};

/// The most differences listed.
const SHOWN: usize = 20;

/// What verify takes.
#[derive(Debug, clap::Args)]
pub(crate) struct VerifyArgs {
    /// The report to check (JSON, as `sla evaluate --format json` writes it).
    report: PathBuf,
    /// The events file the report claims to be made from.
    #[arg(long)]
    events: String,
    /// The contract file, when the report's contract is not a preset.
    #[arg(long)]
    contract: Option<String>,
    /// The events' format, if neither the report nor the extension says it.
    #[arg(long, value_enum)]
    input_format: Option<EventsFormat>,
}

fn get<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(*k))
}

fn text<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    get(v, path).and_then(Value::as_str)
}

pub(crate) fn run(args: &VerifyArgs, includes: &Includes) -> Result<Done, String> {
    let shown = args.report.display();
    let claimed_text =
        std::fs::read_to_string(&args.report).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let claimed: Value = serde_json::from_str(&claimed_text)
        .map_err(|e| format!("{shown}: not a JSON report: {e}"))?;
    let mut differences: Vec<String> = Vec::new();

    // The contract: the one given, else the preset the report names.
    let source = text(&claimed, &["provenance", "contract", "source"]).ok_or_else(|| {
        format!("{shown}: the report names no contract (provenance.contract.source)")
    })?;
    let spec = match (&args.contract, source.strip_prefix("preset ")) {
        (Some(c), _) => c.clone(),
        (None, Some(preset)) => preset.to_owned(),
        (None, None) => {
            return Err(format!(
                "{shown}: the report's contract came from {source}: give it with --contract (verify reads only the files on its command line)"
            ));
        }
    };
    let (contract, calendar) = load_contract(&spec, &[], includes)?;
    let mut contract: Contract = contract.with_origin(source);
    if let Some(Value::Object(settings)) = get(&claimed, &["provenance", "settings"]) {
        for (name, value) in settings {
            let value = value.as_str().unwrap_or_default();
            contract
                .settings
                .set(name, value)
                .map_err(|e| format!("{shown}: provenance.settings: {e}"))?;
        }
    }
    let claimed_digest = text(&claimed, &["provenance", "contract", "sha256"]);
    let digest = contract.sha256();
    if claimed_digest != digest.as_deref() {
        differences.push(format!(
            "contract: the report's has sha256 {}, {spec} with the report's settings has {}",
            claimed_digest.unwrap_or("(none)"),
            digest.as_deref().unwrap_or("(none)")
        ));
    }

    // The events, named as the report names them so that only their content can differ.
    let first_input = get(&claimed, &["provenance", "events"]).and_then(|e| e.get(0));
    let name = first_input
        .and_then(|e| e.get("name"))
        .and_then(Value::as_str)
        .unwrap_or(&args.events)
        .to_owned();
    let format = match args.input_format {
        Some(EventsFormat::Jsonl) => InputFormat::Jsonl,
        Some(EventsFormat::Csv) => InputFormat::Csv,
        None => first_input
            .and_then(|e| e.get("format"))
            .and_then(Value::as_str)
            .and_then(|f| f.parse().ok())
            .or_else(|| {
                EventArgs {
                    events: args.events.clone(),
                    input_format: None,
                    as_of: None,
                    year: None,
                    window: None,
                }
                .format()
                .ok()
            })
            .ok_or_else(|| format!("{}: give --input-format jsonl or csv", args.events))?,
    };
    let judge = Evaluator::new(contract, calendar);
    let mut log = judge.new_log(name.as_str());
    let file = std::fs::File::open(&args.events)
        .map_err(|e| format!("{}: cannot read: {e}", args.events))?;
    let read = read_events(&mut log, file, format).map_err(|e| e.to_string())?;
    let claimed_events = first_input
        .and_then(|e| e.get("sha256"))
        .and_then(Value::as_str);
    if claimed_events != Some(read.sha256.as_str()) {
        differences.push(format!(
            "events: the report's input has sha256 {}, {} has {}",
            claimed_events.unwrap_or("(none)"),
            args.events,
            read.sha256
        ));
    }

    // The options the report was made with.
    let instant = |path: &[&str]| -> Result<Option<Timestamp>, String> {
        text(&claimed, path)
            .map(|t| Timestamp::parse(t).map_err(|e| format!("{shown}: {}: {e}", path.join("."))))
            .transpose()
    };
    let as_of = match text(&claimed, &["provenance", "as_of_from"]) {
        Some("given") => instant(&["provenance", "as_of"])?,
        _ => None,
    };
    let years = text(&claimed, &["provenance", "years"])
        .map(|y| {
            let (a, b) = y.split_once('-').unwrap_or((y, y));
            match (a.parse::<i32>(), b.parse::<i32>()) {
                (Ok(a), Ok(b)) => Ok((a, b)),
                _ => Err(format!(
                    "{shown}: provenance.years {y:?} is not YEAR or YEAR-YEAR"
                )),
            }
        })
        .transpose()?;
    let window = match (
        instant(&["provenance", "window", "from"])?,
        instant(&["provenance", "window", "to"])?,
    ) {
        (Some(a), Some(b)) => Window::new(a, b).ok(),
        _ => None,
    };
    let options = Options {
        as_of,
        years,
        window,
        now: instant(&["provenance", "now"])?,
        ..Options::default()
    };
    let audit = Audit::of(&judge, &log, options);
    let fresh: Value = serde_json::to_value(&audit).map_err(|e| e.to_string())?;
    compare("", &claimed, &fresh, &mut differences);

    let mut out = String::new();
    if differences.is_empty() {
        let _ = writeln!(
            out,
            "verified: {shown} is exactly what {} gives under contract {} ({} events)",
            args.events,
            spec,
            log.accepted()
        );
        output::write(None, &out)?;
        return Ok(Done::Clean);
    }
    let _ = writeln!(
        out,
        "not verified: {shown} differs from what the inputs give ({} difference(s)):",
        differences.len()
    );
    for d in differences.iter().take(SHOWN) {
        let _ = writeln!(out, "- {d}");
    }
    if differences.len() > SHOWN {
        let _ = writeln!(out, "- … and {} more", differences.len() - SHOWN);
    }
    output::write(None, &out)?;
    Ok(Done::Failed)
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        let cut: String = s.chars().take(77).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// Every path where `claimed` and `fresh` differ, in document order.
fn compare(path: &str, claimed: &Value, fresh: &Value, out: &mut Vec<String>) {
    match (claimed, fresh) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                let p = format!("{path}/{k}");
                match b.get(k) {
                    Some(vb) => compare(&p, va, vb, out),
                    None => out.push(format!("{p}: in the report, not in what the inputs give")),
                }
            }
            for k in b.keys().filter(|k| !a.contains_key(*k)) {
                out.push(format!("{path}/{k}: missing from the report"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(format!(
                    "{path}: {} entries in the report, {} from the inputs",
                    a.len(),
                    b.len()
                ));
            }
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                compare(&format!("{path}/{i}"), va, vb, out);
            }
        }
        (a, b) if a != b => out.push(format!(
            "{path}: the report says {}, the inputs give {}",
            short(a),
            short(b)
        )),
        _ => {}
    }
}
