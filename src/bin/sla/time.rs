//! `sla time`: business-time arithmetic.

mod batch;
mod canonical;
mod rfc3339;

use clap::Subcommand;
use sla_engine::{Includes, Timestamp, parse_duration};

use crate::emit;
use crate::load::load_calendar;

#[derive(Debug, Subcommand)]
pub(crate) enum TimeCommand {
    /// The instant a business duration after (or before, if negative) an instant.
    Add {
        /// Calendar preset (24x7, cn-standard) or calendar TOML file.
        #[arg(long)]
        calendar: String,
        /// Start instant, RFC 3339 with offset.
        #[arg(long)]
        from: String,
        /// Business duration: 8h, 15m, 1h30m, or seconds; a leading - counts backwards.
        #[arg(long, allow_hyphen_values = true)]
        duration: String,
    },
    /// Business seconds between two instants.
    Between {
        /// Calendar preset (24x7, cn-standard) or calendar TOML file.
        #[arg(long)]
        calendar: String,
        /// Start instant, RFC 3339 with offset.
        #[arg(long)]
        from: String,
        /// End instant, RFC 3339 with offset.
        #[arg(long)]
        to: String,
    },
    /// JSON Lines on stdin, one answer line per input line on stdout.
    ///
    /// Input: {"op":"add","from":T,"seconds":N} or {"op":"between","from":T,"to":T}.
    /// Output: {"ok":T}, {"ok":N}, or {"error":MESSAGE,"line":N}; a bad line never stops the batch.
    Batch {
        /// Calendar preset (24x7, cn-standard) or calendar TOML file.
        #[arg(long)]
        calendar: String,
    },
}

pub(crate) fn run(cmd: TimeCommand, includes: &Includes) -> Result<(), String> {
    match cmd {
        TimeCommand::Add {
            calendar,
            from,
            duration,
        } => {
            let cal = load_calendar(&calendar, includes)?;
            let (negative, text) = match duration.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, duration.as_str()),
            };
            let d = parse_duration(text).map_err(|e| e.to_string())?;
            let from = Timestamp::parse(&from).map_err(|e| e.to_string())?;
            let t = cal
                .add(from, if negative { -d } else { d })
                .map_err(|e| e.to_string())?;
            emit(&format!("{}\n", cal.zoned(t).to_rfc3339()))?;
            Ok(())
        }
        TimeCommand::Between { calendar, from, to } => {
            let cal = load_calendar(&calendar, includes)?;
            let from = Timestamp::parse(&from).map_err(|e| e.to_string())?;
            let to = Timestamp::parse(&to).map_err(|e| e.to_string())?;
            emit(&format!(
                "{}\n",
                cal.between(from, to).map_err(|e| e.to_string())?
            ))?;
            Ok(())
        }
        TimeCommand::Batch { calendar } => batch::run(&load_calendar(&calendar, includes)?),
    }
}
