//! iCalendar in and out (feature `ics`): holidays where users keep them (Outlook, Google, feeds),
//! read into a calendar file's `ics_files`, and a calendar's closed and adjusted working days
//! written back as all-day events.
//!
//! Reading: an all-day event closes its days; one whose `SUMMARY` or `CATEGORIES` match the
//! [`WorkingDayPattern`] (or that carries `X-SLA-KIND:working`) opens them as adjusted working
//! days; a timed event closes just its span (the day keeps its other hours). Yearly rules are
//! expanded over the years the calendar covers, and only those: a feed says nothing about a year
//! unless the calendar file says it does (`covers`).

mod expand;
mod read;
mod tzid;
mod write;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

use super::{Calendar, CalendarError, DayHours, DayRule, StatutoryKind, TimeOfDay, TimeRange};
use crate::FileError;

/// The words that make an event an adjusted working day rather than a closure: an event whose
/// `SUMMARY` or `CATEGORIES` contains one of them (ignoring case). `X-SLA-KIND:working` or
/// `X-SLA-KIND:closed` on an event decides whatever its text says.
///
/// The default is `班`, `上班` (Chinese feeds title a worked weekend `补班` or `上班`) and
/// `adjusted working day` (what `sla calendar export` writes). A calendar file sets its own with
/// `ics_working_day = ["workday", "Arbeitstag"]`.
///
/// ```
/// use sla_engine::calendar::WorkingDayPattern;
/// let default = WorkingDayPattern::default();
/// assert!(default.matches("春节补班"));
/// assert!(default.matches("Spring Festival (Adjusted Working Day)"));
/// assert!(!default.matches("Spring Festival"));
/// assert!(WorkingDayPattern::new(["Arbeitstag"]).matches("arbeitstag (Brückentag)"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingDayPattern {
    words: Vec<String>,
}

impl Default for WorkingDayPattern {
    fn default() -> WorkingDayPattern {
        WorkingDayPattern::new(["班", "上班", "adjusted working day"])
    }
}

impl WorkingDayPattern {
    /// Events containing any of `words`, ignoring case, are adjusted working days.
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> WorkingDayPattern {
        WorkingDayPattern {
            words: words
                .into_iter()
                .map(|w| w.as_ref().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect(),
        }
    }

    /// Whether `text` (a summary or a category) names an adjusted working day.
    pub fn matches(&self, text: &str) -> bool {
        let text = text.to_lowercase();
        self.words.iter().any(|w| text.contains(w.as_str()))
    }
}

/// How to read a feed for one calendar.
#[derive(Debug)]
pub(crate) struct ImportOptions<'a> {
    /// The calendar's zone, for floating times.
    pub(crate) zone: Tz,
    /// The years the calendar covers, first and last: nothing outside is kept or expanded.
    pub(crate) years: (i32, i32),
    /// Which events are working days.
    pub(crate) working: &'a WorkingDayPattern,
}

/// A day an all-day event closes or opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FeedDay {
    pub(crate) date: NaiveDate,
    pub(crate) kind: StatutoryKind,
    /// The event's summary.
    pub(crate) name: String,
    /// The line of its `BEGIN:VEVENT`.
    pub(crate) line: usize,
}

/// A span a timed event closes, in Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Closure {
    /// The file it comes from, as named in errors.
    pub(crate) file: String,
    pub(crate) from: i64,
    pub(crate) to: i64,
    pub(crate) name: String,
    /// The line of its `BEGIN:VEVENT`.
    pub(crate) line: usize,
}

/// What one iCalendar file says about the calendar's years.
#[derive(Debug, Default)]
pub(crate) struct Feed {
    pub(crate) days: Vec<FeedDay>,
    pub(crate) closures: Vec<Closure>,
}

/// Reads the iCalendar text of `file` (named so in errors).
pub(crate) fn read_feed(
    file: &str,
    text: &str,
    opts: &ImportOptions<'_>,
) -> Result<Feed, FileError> {
    read::read(file, text, opts)
}

fn local(zone: Tz, t: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp(t, 0).map(|u| u.with_timezone(&zone).naive_local())
}

fn time_of_day(seconds: u32) -> Option<TimeOfDay> {
    TimeOfDay::from_hms(seconds / 3600, seconds % 3600 / 60, seconds % 60)
}

/// `hours` less the closed `spans` (seconds from the day's midnight, on the calendar's wall
/// clock; a span may run into the next day, as an overnight range does).
fn subtract(hours: &DayHours, spans: &[(i64, i64)]) -> Result<DayHours, String> {
    const DAY: i64 = 86_400;
    let mut pieces: Vec<(i64, i64)> = hours
        .ranges()
        .iter()
        .map(|r| {
            let (s, e) = r.span();
            (i64::from(s), i64::from(e))
        })
        .collect();
    for &(a, b) in spans {
        pieces = pieces
            .into_iter()
            .flat_map(|(s, e)| [(s, e.min(a)), (s.max(b), e)])
            .filter(|(s, e)| s < e)
            .collect();
    }
    let mut ranges = Vec::with_capacity(pieces.len());
    for (s, e) in pieces {
        if s >= DAY {
            return Err(
                "a timed event closes the start of an overnight range's second day: give that day its own hours with [[day]]"
                    .to_owned(),
            );
        }
        let end = if e > DAY { e - DAY } else { e };
        let tod = |v: i64| u32::try_from(v).ok().and_then(time_of_day);
        let range = match (tod(s), tod(end)) {
            (Some(s), Some(e)) => TimeRange::new(s, e).map_err(|e| e.to_string())?,
            _ => return Err("a timed event leaves a range that cannot be written".to_owned()),
        };
        ranges.push(range);
    }
    DayHours::new(ranges).map_err(|e| e.to_string())
}

/// A day's closed spans (seconds from its midnight), and the first event that closes it.
type ClosedSpans<'a> = (Vec<(i64, i64)>, &'a Closure);

/// The day rules that close the timed events' spans: each touched day gets its hours minus the
/// spans (closed if nothing is left). Days in `keep` (given explicitly with `[[day]]`) and days
/// outside the calendar's years are left alone.
///
/// Spans are taken on the calendar's wall clock: an event from 12:00 to 15:00 closes 12:00-15:00
/// of the day it falls on. Around a daylight-saving change the wall-clock times of its instants
/// are used (a span across the jump forward closes the wall-clock times it covers; in the hour
/// that repeats, both occurrences of a closed wall-clock time are closed).
pub(crate) fn closure_rules(
    cal: &Calendar,
    closures: &[Closure],
    keep: &BTreeSet<NaiveDate>,
) -> Result<Vec<(NaiveDate, DayRule)>, (String, usize, String)> {
    let Some((first, last)) = cal.years() else {
        return Ok(Vec::new());
    };
    // Per day: the closed spans, and the line of the first event that closes it (for errors).
    let mut spans: BTreeMap<NaiveDate, ClosedSpans<'_>> = BTreeMap::new();
    for c in closures {
        let bad = || {
            (
                c.file.clone(),
                c.line,
                "the event's time is outside the supported dates".to_owned(),
            )
        };
        let (a, b) = (
            local(cal.zone(), c.from).ok_or_else(bad)?,
            local(cal.zone(), c.to).ok_or_else(bad)?,
        );
        // The day before may own an overnight range that the span reaches into. Only the days
        // of the calendar's years are walked, however long the event.
        let (Some(jan1), Some(dec31)) = (
            NaiveDate::from_ymd_opt(first, 1, 1),
            NaiveDate::from_ymd_opt(last, 12, 31),
        ) else {
            return Ok(Vec::new());
        };
        let mut date = a.date().pred_opt().unwrap_or(a.date()).max(jan1);
        let end = b.date().min(dec31);
        while date <= end {
            if (first..=last).contains(&date.year()) && !keep.contains(&date) {
                let midnight = date.and_time(chrono::NaiveTime::MIN);
                let rel = |t: NaiveDateTime| (t - midnight).num_seconds();
                let (s, e) = (rel(a).max(0), rel(b).min(2 * 86_400));
                if s < e {
                    spans
                        .entry(date)
                        .or_insert_with(|| (Vec::new(), c))
                        .0
                        .push((s, e));
                }
            }
            date = match date.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
    }
    let mut rules = Vec::new();
    for (date, (closed, c)) in spans {
        let at = |e: String| (c.file.clone(), c.line, e);
        let hours = cal
            .hours_on(date)
            .map_err(|e: CalendarError| at(e.to_string()))?;
        let left = subtract(&hours, &closed).map_err(|e| at(format!("{date}: {e}")))?;
        if left != hours {
            rules.push((
                date,
                if left.is_closed() {
                    DayRule::Closed
                } else {
                    DayRule::Hours(left)
                },
            ));
        }
    }
    Ok(rules)
}
