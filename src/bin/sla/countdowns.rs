//! `sla countdowns`: the clocks still running at an instant, as a live board shows them.

use std::fmt::Write as _;

use clap::ValueEnum;
use sla_engine::evaluate::{Countdown, Evaluator};
use sla_engine::render::Md;
use sla_engine::{Includes, Timestamp, format_duration};

use crate::evaluate::{EventArgs, OutputArgs, read_logs};
use crate::load::load_contract;
use crate::output::{self, Done};

/// Output formats of the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum BoardFormat {
    /// A Markdown table.
    Md,
    /// JSON: the countdowns as the library gives them.
    Json,
}

pub(crate) fn run(
    contract: &str,
    sets: &[String],
    includes: &Includes,
    args: &EventArgs,
    format: BoardFormat,
    out: &OutputArgs,
) -> Result<Done, String> {
    let (contract, calendar) = load_contract(contract, sets, includes)?;
    let judge = Evaluator::new(contract, calendar);
    let log = read_logs(args, &[&judge])?.pop().ok_or("no log was read")?;
    let now = match &args.as_of {
        Some(t) => Timestamp::parse(t).map_err(|e| format!("--as-of: {e}"))?,
        None => log.last_at().ok_or_else(|| {
            format!(
                "{}: no event was accepted and no --as-of was given: there is no instant to count at",
                args.events
            )
        })?,
    };
    let board = judge.countdowns(&log, now);
    let text = match format {
        BoardFormat::Json => {
            serde_json::to_string_pretty(&board).map_err(|e| e.to_string())? + "\n"
        }
        BoardFormat::Md => markdown(&judge, now, &board),
    };
    output::write(out.output.as_deref(), &text)?;
    Ok(if log.rejections().total > 0 {
        eprintln!(
            "sla: {} input line(s) rejected (run sla evaluate to list them)",
            log.rejections().total
        );
        Done::Rejected
    } else {
        Done::Clean
    })
}

fn markdown(judge: &Evaluator, now: Timestamp, board: &[Countdown]) -> String {
    let cal = judge.calendar();
    let mut s = String::new();
    let overdue = board.iter().filter(|c| c.overdue).count();
    let at_risk = board.iter().filter(|c| c.at_risk).count();
    let _ = writeln!(
        s,
        "# Clocks running at {}\n\n{} running: {overdue} overdue, {at_risk} at risk\n",
        cal.zoned(now).to_rfc3339(),
        board.len()
    );
    let _ = writeln!(s, "| incident | target | state | deadline | left | clock |");
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for c in board {
        let state = if c.paused {
            "paused"
        } else if c.overdue {
            "OVERDUE"
        } else if c.at_risk {
            "at risk"
        } else {
            "running"
        };
        let _ = writeln!(
            s,
            "| {} | {} | {state} | {} | {} | {} |",
            Md(&c.incident),
            Md(&c.target),
            c.deadline
                .map_or_else(|| "—".to_owned(), |d| cal.zoned(d).to_rfc3339()),
            format_duration(c.left_seconds),
            c.clock
        );
    }
    s
}
