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

use sla_engine::evaluate::Evaluator;
use sla_engine::event::read_jsonl;
use sla_engine::{Timestamp, format_duration};

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
    let now = Timestamp::parse(
        &args
            .next()
            .unwrap_or_else(|| "2025-12-31T16:00:00+08:00".to_owned()),
    )?;

    let judge = Evaluator::seed()?;
    let bytes = std::fs::read(&path)?;
    let mut log = judge.new_log(path.as_str());
    read_jsonl(&mut log, &bytes)?;
    for e in log.rejections().listed() {
        eprintln!("skipped {e}");
    }

    let board = judge.countdowns(&log, now);
    let shown = |t: Timestamp| judge.calendar().zoned(t).to_rfc3339();
    println!("{} clocks running as of {}", board.len(), shown(now));
    for c in board {
        let due = match c.deadline {
            Some(t) => shown(t),
            None => "paused (waiting on the customer)".to_owned(),
        };
        let state = if c.overdue {
            "OVERDUE"
        } else if c.at_risk {
            "at risk"
        } else {
            ""
        };
        println!(
            "{:<14} {:<18} due {:<27} {:>10} left on the {} clock {state}",
            c.incident,
            c.target,
            due,
            format_duration(c.left_seconds),
            c.clock
        );
    }
    Ok(())
}
