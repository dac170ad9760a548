//! Live use: the clocks still running "now" for the open incidents of a service, as a dashboard
//! would show them.
//!
//! ```sh
//! cargo run --example live_countdown --features formats -- examples/data/kanban-2025.jsonl 2025-12-31T16:00:00+08:00
//! ```
//!
//! The evaluator is built once; each refresh is one call to `countdowns`, cheap enough to run
//! many times a second for the open incidents of a board.

use std::process::ExitCode;

use sla_engine::contract::Contract;
use sla_engine::evaluate::Evaluator;
use sla_engine::event::{EventLog, parse_jsonl};
use sla_engine::{format_duration, parse_timestamp};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("live_countdown: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "examples/data/kanban-2025.jsonl".to_owned());
    let now = parse_timestamp(
        &args
            .next()
            .unwrap_or_else(|| "2025-12-31T16:00:00+08:00".to_owned()),
    )?;

    let contract = Contract::seed();
    let calendar = contract.preset_calendar()?;
    let bytes = std::fs::read(&path)?;
    let (events, errors) = parse_jsonl(&path, &bytes);
    let log = EventLog::build(&path, calendar.zone(), events, errors);
    for e in &log.rejected {
        eprintln!("skipped {e}");
    }

    let judge = Evaluator::new(&contract, &calendar);
    let board = judge.countdowns(&log, now);
    let shown = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0)
            .map(|d| d.with_timezone(&calendar.zone()).to_rfc3339())
            .unwrap_or_default()
    };
    println!("{} clocks running as of {}", board.len(), shown(now));
    for c in board {
        let due = match c.deadline {
            Some(t) => shown(t),
            None => "paused (waiting on the customer)".to_owned(),
        };
        println!(
            "{:<10} {:<18} due {:<27} {} left on the {} clock",
            c.incident,
            c.target,
            due,
            format_duration(c.left_seconds),
            c.clock
        );
    }
    Ok(())
}
