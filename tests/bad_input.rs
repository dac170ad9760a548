//! The bad-input catalogue: every case of `tests/bad_input/cases.toml` (the file says how a case
//! is written) gives exactly its error, names its line or field, and leaves the other lines
//! evaluated.
//!
//! All cases run, then every mismatch is listed at once, with what the input actually gave.

#![cfg(feature = "formats")]
// Test helpers outside #[test] functions: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

use serde::Deserialize;
use sla_engine::contract::Contract;
use sla_engine::evaluate::{Evaluator, Options};
use sla_engine::event::{
    InputFormat, MAX_LINE_BYTES, ReadError, read_events, read_events_in_order_into,
};
use sla_engine::report::Outcome;
use sla_engine::{Calendar, Includes, StatutoryCalendar, Timestamp, parse_duration};

#[path = "scratch/mod.rs"]
mod scratch;
use scratch::Scratch;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    kind: Kind,
    #[serde(default)]
    input: String,
    #[serde(default)]
    raw: bool,
    #[serde(default)]
    replace: Vec<(String, String)>,
    error: Option<String>,
    errors: Option<Vec<String>>,
    accepted: Option<usize>,
    incidents: Option<Vec<String>>,
    #[serde(default)]
    problems: Vec<String>,
    #[serde(default)]
    warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kind {
    EventsJsonl,
    EventsCsv,
    CalendarToml,
    CalendarIcs,
    StatutoryCsv,
    ContractToml,
    Duration,
    Timestamp,
}

/// The input's bytes: generated text in place of its markers, `\xNN` decoded when `raw`.
fn bytes_of(case: &Case) -> Vec<u8> {
    let good = r#"{"at":"2025-03-04T10:30:00+08:00","event":"responded","incident":"A","site":""#;
    let long_line = format!(
        "{good}{}\"}}",
        "x".repeat(MAX_LINE_BYTES + 1 - good.len() - 2)
    );
    assert_eq!(long_line.len(), MAX_LINE_BYTES + 1);
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let text = case
        .input
        .strip_prefix('\n')
        .unwrap_or(&case.input)
        .replace("{{long_line}}", &long_line)
        .replace("{{long_field}}", &"x".repeat(MAX_LINE_BYTES + 1))
        .replace("{{deep_json}}", &deep)
        .replace(
            "{{big_feed}}",
            &format!(
                "BEGIN:VCALENDAR\n{}END:VCALENDAR\n",
                "X-PAD:x\n".repeat(1 << 17)
            ),
        );
    if !case.raw {
        return text.into_bytes();
    }
    let mut out = Vec::new();
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match (b, tail) {
            (b'\\', [b'x', h, l, more @ ..]) => {
                let hex = std::str::from_utf8(&[*h, *l]).unwrap().to_owned();
                out.push(u8::from_str_radix(&hex, 16).unwrap());
                rest = more;
            }
            _ => {
                out.push(b);
                rest = tail;
            }
        }
    }
    out
}

/// What a case actually gave, in the catalogue's terms.
#[derive(Debug, Default, PartialEq)]
struct Outcomes {
    error: Option<String>,
    errors: Vec<String>,
    accepted: usize,
    incidents: Vec<String>,
    problems: Vec<String>,
    warnings: Vec<String>,
}

/// How a case's events are read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reading {
    /// Sorted by time first, as `read_events` does.
    Sorted,
    /// Applied as read, as `read_events_in_order_into` does (what the CLI does first).
    AsRead,
}

/// What a case gave, and the bare messages (without file, line and subject) to check the writing
/// of; `None` if the case's events, read as they come, are out of time order.
fn run(case: &Case, judge: &Evaluator, reading: Reading) -> Option<(Outcomes, Vec<String>)> {
    let bytes = bytes_of(case);
    let text = || String::from_utf8(bytes.clone()).expect("this kind takes text");
    let mut got = Outcomes::default();
    let mut messages = Vec::new();
    match case.kind {
        Kind::EventsJsonl | Kind::EventsCsv => {
            let (file, format) = match case.kind {
                Kind::EventsJsonl => ("e.jsonl", InputFormat::Jsonl),
                _ => ("e.csv", InputFormat::Csv),
            };
            let mut log = judge.new_log(file);
            let read = match reading {
                Reading::Sorted => read_events(&mut log, bytes.as_slice(), format),
                Reading::AsRead => {
                    read_events_in_order_into(&mut [&mut log], bytes.as_slice(), format)
                }
            };
            match read {
                Ok(_) => {}
                Err(ReadError::OutOfOrder { .. }) => return None,
                Err(e) => got.error = Some(e.to_string()),
            }
            let report = judge.report(&log, Options::default());
            got.errors = report
                .rejected
                .lines
                .iter()
                .map(ToString::to_string)
                .collect();
            messages = report.rejected.lines.iter().map(|e| e.message()).collect();
            got.accepted = report.events_accepted as usize;
            got.warnings = report.warnings.iter().map(|w| w.message.clone()).collect();
            got.incidents = report.incidents.iter().map(|i| i.id.to_string()).collect();
            for inc in &report.incidents {
                for v in inc
                    .verdicts
                    .iter()
                    .filter(|v| v.outcome == Outcome::Undetermined)
                {
                    let problem = v.problem.as_deref().unwrap_or("(none)");
                    got.problems
                        .push(format!("{} {}: {problem}", inc.id, v.target));
                }
            }
        }
        Kind::CalendarToml => {
            if let Err(e) = Calendar::from_toml_str("cal.toml", &text(), &Includes::none()) {
                got.error = Some(e.to_string());
                messages.push(e.message());
            }
        }
        Kind::CalendarIcs => {
            if let Err(e) = calendar_with_feed(&bytes) {
                got.error = Some(e.to_string());
                messages.push(e.message());
            }
        }
        Kind::StatutoryCsv => {
            if let Err(e) = StatutoryCalendar::from_csv_str("days.csv", &text()) {
                got.error = Some(e.to_string());
                messages.push(e.message());
            }
        }
        Kind::ContractToml => {
            let mut toml = Contract::seed().to_toml().unwrap();
            for (from, to) in &case.replace {
                assert!(
                    toml.contains(from.as_str()),
                    "{}: no {from:?} in the seed",
                    case.name
                );
                toml = toml.replace(from.as_str(), to);
            }
            if let Err(e) = Contract::from_toml_str("c.toml", &toml) {
                got.error = Some(e.to_string());
                messages.push(e.message());
            }
        }
        Kind::Duration => {
            if let Err(e) = parse_duration(&text()) {
                got.error = Some(e.to_string());
                messages.push(e.reason.to_owned());
            }
        }
        Kind::Timestamp => {
            if let Err(e) = Timestamp::parse(&text()) {
                got.error = Some(e.to_string());
                messages.push(e.reason().to_owned());
            }
        }
    }
    Some((got, messages))
}

/// Builds a calendar (Asia/Shanghai, Monday to Friday 09:00-18:00, covering 2025) whose
/// `ics_files` names `feed.ics` holding `bytes`.
fn calendar_with_feed(bytes: &[u8]) -> Result<Calendar, sla_engine::FileError> {
    let dir = Scratch::new("bad-feed");
    std::fs::write(dir.join("feed.ics"), bytes).unwrap();
    let toml = "zone = \"Asia/Shanghai\"\ncovers = [2025]\nics_files = [\"feed.ics\"]\n[hours]\nmon = [\"09:00-18:00\"]\nfri = [\"09:00-18:00\"]\n";
    Calendar::from_toml_str("cal.toml", toml, &Includes::confined(&dir).unwrap())
}

fn expected(case: &Case) -> Outcomes {
    if matches!(case.kind, Kind::CalendarIcs) && !cfg!(feature = "ics") {
        // Built without iCalendar support, every feed is refused, saying why: never read as an
        // empty calendar.
        return Outcomes {
            error: Some(
                "cal.toml:3:14: ics_files: reading iCalendar files needs the crate's `ics` feature"
                    .to_owned(),
            ),
            errors: Vec::new(),
            accepted: 0,
            incidents: Vec::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
        };
    }
    Outcomes {
        error: case.error.clone(),
        errors: case.errors.clone().unwrap_or_default(),
        accepted: case.accepted.unwrap_or_default(),
        incidents: case.incidents.clone().unwrap_or_default(),
        problems: case.problems.clone(),
        warnings: case.warnings.clone(),
    }
}

/// A message states its constraint: lowercase, no trailing period.
fn well_written(message: &str) -> bool {
    let first = message.chars().next();
    !message.ends_with('.') && first.is_some_and(|c| !c.is_uppercase())
}

#[test]
fn every_bad_input_gives_its_exact_error_and_the_other_lines_are_evaluated() {
    let text = std::fs::read_to_string("tests/bad_input/cases.toml").unwrap();
    let catalogue: Catalogue = toml::from_str(&text).unwrap();
    assert!(
        catalogue.case.len() >= 40,
        "the catalogue has {} cases",
        catalogue.case.len()
    );
    let judge = Evaluator::seed().unwrap();
    let mut failures = String::new();
    let mut read_as_they_come = 0;
    for case in &catalogue.case {
        let is_events = matches!(case.kind, Kind::EventsJsonl | Kind::EventsCsv);
        assert_eq!(
            is_events,
            case.accepted.is_some() && case.incidents.is_some() && case.errors.is_some(),
            "{}: events cases give errors, accepted and incidents; others only error",
            case.name
        );
        let Some((got, messages)) = run(case, &judge, Reading::Sorted) else {
            let _ = writeln!(failures, "\n[{}] read sorted, yet out of order", case.name);
            continue;
        };
        let want = expected(case);
        // Read as it comes, an input in time order gives the same, rejections and their
        // subjects included: that is the reader's own way of applying an incident's lines.
        if is_events && let Some((as_read, _)) = run(case, &judge, Reading::AsRead) {
            read_as_they_come += 1;
            if as_read != got {
                let _ = writeln!(
                    failures,
                    "\n[{}] read as it comes\n  sorted   {got:?}\n  as read  {as_read:?}",
                    case.name
                );
            }
        }
        if got != want {
            let _ = writeln!(
                failures,
                "\n[{}]\n  want {want:?}\n  got  {got:?}",
                case.name
            );
        }
        for m in &messages {
            if !well_written(m) {
                let _ = writeln!(
                    failures,
                    "\n[{}] not lowercase, or ends with a period: {m:?}",
                    case.name
                );
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
    assert!(
        read_as_they_come >= 20,
        "only {read_as_they_come} event cases are in time order"
    );
}
