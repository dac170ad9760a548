//! `sla calendar`: a calendar at a glance (`show`), and its days off and adjusted working days
//! written for Outlook, Google Calendar or a statutory CSV file (`export`).

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, Utc};
use clap::{Subcommand, ValueEnum};
use serde_json::json;
use sla_engine::{Calendar, DayInfo, DayKind, Includes};

use crate::emit;
use crate::load::load_calendar;

#[derive(Debug, Subcommand)]
pub(crate) enum CalendarCommand {
    /// A year as a month grid (open, closed, days off, adjusted working days, special hours), or
    /// every day with its hours and the reason as JSON.
    Show {
        /// Calendar preset (cn-standard) or calendar TOML file.
        #[arg(long)]
        calendar: String,
        /// The year to show.
        #[arg(long)]
        year: i32,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: ShowFormat,
    },
    /// Days off and adjusted working days as all-day iCalendar events, or as statutory CSV.
    Export {
        /// Calendar preset (cn-standard) or calendar TOML file.
        #[arg(long)]
        calendar: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last day (inclusive), YYYY-MM-DD.
        #[arg(long)]
        to: String,
        /// Output format.
        #[arg(long, value_enum, default_value = "ics")]
        format: ExportFormat,
    },
}

/// Output formats of `calendar show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ShowFormat {
    /// Month grids for people.
    Text,
    /// Every day, with its kind, hours and reason.
    Json,
}

/// Output formats of `calendar export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// iCalendar (RFC 5545), for Outlook and Google Calendar.
    Ics,
    /// The statutory CSV form (date,kind,name) that `statutory_files` reads.
    Csv,
}

pub(crate) fn run(cmd: CalendarCommand, includes: &Includes) -> Result<(), String> {
    match cmd {
        CalendarCommand::Show {
            calendar,
            year,
            format,
        } => {
            let cal = load_calendar(&calendar, includes)?;
            let (from, to) = match (
                NaiveDate::from_ymd_opt(year, 1, 1),
                NaiveDate::from_ymd_opt(year, 12, 31),
            ) {
                (Some(a), Some(b)) => (a, b),
                _ => return Err(format!("--year {year}: not a supported year")),
            };
            let days: Vec<DayInfo> = cal
                .days(from, to)
                .map_err(|e| days_error(&cal, e))?
                .collect();
            match format {
                ShowFormat::Text => emit(&grid(&cal, year, &days)),
                ShowFormat::Json => {
                    let list: Vec<serde_json::Value> = days.iter().map(day_json).collect();
                    let doc = json!({ "calendar": cal.name(), "zone": cal.zone().name(), "year": year, "days": list });
                    emit(&(serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n"))
                }
            }
        }
        CalendarCommand::Export {
            calendar,
            from,
            to,
            format,
        } => {
            let cal = load_calendar(&calendar, includes)?;
            let date = |flag: &str, text: &str| {
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| format!("--{flag} {text:?}: expected a date YYYY-MM-DD"))
            };
            let (from, to) = (date("from", &from)?, date("to", &to)?);
            if from > to {
                return Err("--from is after --to".to_owned());
            }
            let text = match format {
                ExportFormat::Ics => cal.to_ics(from, to, now()),
                ExportFormat::Csv => cal.to_statutory_csv(from, to),
            }
            .map_err(|e| days_error(&cal, e))?;
            let special = cal
                .days(from, to)
                .map_err(|e| days_error(&cal, e))?
                .filter(|d| d.kind == DayKind::SpecialHours)
                .count();
            if special > 0 {
                eprintln!(
                    "sla: {special} day(s) with special hours are not exported (they are not all-day events); `sla calendar show` lists them"
                );
            }
            emit(&text)
        }
    }
}

fn days_error(cal: &Calendar, e: sla_engine::CalendarError) -> String {
    if cal.is_wall_clock() {
        format!(
            "{}: the 24x7 wall clock has no days off to show",
            cal.name()
        )
    } else {
        e.to_string()
    }
}

/// The stamp of an export: now, from the system clock.
fn now() -> chrono::DateTime<Utc> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

fn kind_name(kind: DayKind) -> &'static str {
    match kind {
        DayKind::Open => "open",
        DayKind::Closed => "closed",
        DayKind::DayOff => "day_off",
        DayKind::AdjustedWorkingDay => "adjusted_working_day",
        DayKind::SpecialHours => "special_hours",
    }
}

fn day_json(d: &DayInfo) -> serde_json::Value {
    let hours: Vec<String> = d.hours.ranges().iter().map(ToString::to_string).collect();
    json!({
        "date": d.date.to_string(),
        "weekday": d.date.weekday().to_string(),
        "kind": kind_name(d.kind),
        "hours": hours,
        "reason": d.fact.as_ref().map(ToString::to_string),
    })
}

/// The mark after a day's number in the grid.
fn mark(kind: DayKind) -> char {
    match kind {
        DayKind::Open => ' ',
        DayKind::Closed => '.',
        DayKind::DayOff => 'x',
        DayKind::AdjustedWorkingDay => 'w',
        DayKind::SpecialHours => 'h',
    }
}

/// Twelve month grids, a legend, and the days that differ from their weekday, listed.
fn grid(cal: &Calendar, year: i32, days: &[DayInfo]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}), {year}\n", cal.name(), cal.zone().name());
    for month in 1..=12u32 {
        let in_month: Vec<&DayInfo> = days.iter().filter(|d| d.date.month() == month).collect();
        let Some(first) = in_month.first() else {
            continue;
        };
        let _ = writeln!(out, "{}", first.date.format("%B %Y"));
        out.push_str(" Mo  Tu  We  Th  Fr  Sa  Su\n");
        let lead = first.date.weekday().num_days_from_monday() as usize;
        let mut line = "    ".repeat(lead);
        for d in &in_month {
            let _ = write!(line, " {:>2}{}", d.date.day(), mark(d.kind));
            if d.date.weekday() == chrono::Weekday::Sun {
                out.push_str(line.trim_end());
                out.push('\n');
                line.clear();
            }
        }
        if !line.is_empty() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str("legend: blank open, . closed (weekly), x day off, w adjusted working day, h special hours\n");
    let special: Vec<&DayInfo> = days
        .iter()
        .filter(|d| !matches!(d.kind, DayKind::Open | DayKind::Closed))
        .collect();
    if !special.is_empty() {
        out.push('\n');
        for d in special {
            let reason = d.fact.as_ref().map(ToString::to_string).unwrap_or_default();
            let _ = writeln!(
                out,
                "{} {}  {:<22} {:<24} {}",
                d.date,
                d.date.weekday(),
                kind_name(d.kind).replace('_', " "),
                d.hours.to_string(),
                reason
                    .split_once(" is ")
                    .map_or(reason.as_str(), |(_, r)| r)
            );
        }
    }
    out
}
