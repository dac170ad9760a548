//! Recurrences (`RRULE`, `RDATE`, `EXDATE`) expanded with the `rrule` crate over the years a
//! calendar covers, never further: a rule without `UNTIL` or `COUNT` ends with the calendar.

use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use rrule::{RRule, RRuleSet, Unvalidated};

/// The most occurrences one event may have within the calendar's years (a daily rule over 150
/// years stays below it).
pub(crate) const MAX_OCCURRENCES: u16 = u16::MAX;

/// The `rrule` crate's message in our style: no prefix, lowercase, no trailing period.
fn invalid(e: &rrule::RRuleError) -> String {
    let text = e.to_string();
    let text = ["RRule parsing error: ", "RRule validation error: "]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(&text)
        .trim_end_matches('.');
    let mut chars = text.chars();
    let first = chars
        .next()
        .map(|c| c.to_lowercase().to_string())
        .unwrap_or_default();
    format!("invalid RRULE: {first}{}", chars.as_str())
}

/// The local start times of an event from `start`, by `rrule` (if any), plus `rdates`, less
/// `exdates`, within the years `years.0` (inclusive) to `years.1` (exclusive).
///
/// Local times are expanded as if they were UTC: a recurrence is a rule on local dates and times
/// (`every 1 January`, `the last Sunday of October at 03:00`), so no zone takes part until each
/// occurrence is placed in its own zone afterwards.
pub(crate) fn expand(
    start: NaiveDateTime,
    rrule: Option<&str>,
    rdates: &[NaiveDateTime],
    exdates: &[NaiveDateTime],
    years: (i32, i32),
) -> Result<Vec<NaiveDateTime>, String> {
    let bound = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .ok_or_else(|| format!("year {y} is outside the supported dates"))
    };
    let (lo, hi) = (bound(years.0)?, bound(years.1)?);
    let Some(rule) = rrule else {
        let mut all: Vec<NaiveDateTime> = std::iter::once(start)
            .chain(rdates.iter().copied())
            .filter(|t| !exdates.contains(t))
            .collect();
        all.sort_unstable();
        all.dedup();
        return Ok(all);
    };
    let utc = |t: NaiveDateTime| rrule::Tz::UTC.from_utc_datetime(&t);
    let parsed: RRule<Unvalidated> = rule.parse().map_err(|e: rrule::RRuleError| invalid(&e))?;
    let mut set: RRuleSet = parsed.build(utc(start)).map_err(|e| invalid(&e))?;
    for &r in rdates {
        set = set.rdate(utc(r));
    }
    for &x in exdates {
        set = set.exdate(utc(x));
    }
    let found = set.after(utc(lo)).before(utc(hi)).all(MAX_OCCURRENCES);
    if found.limited {
        let (first, last) = (years.0, years.1.saturating_sub(1));
        return Err(if found.dates.len() >= usize::from(MAX_OCCURRENCES) {
            format!("the recurrence has more than {MAX_OCCURRENCES} occurrences in {first}-{last}")
        } else {
            // rrule stops a rule that keeps finding nothing (30 February every year).
            format!("the recurrence finds too few occurrences to be expanded over {first}-{last}")
        });
    }
    Ok(found.dates.iter().map(|d| d.naive_utc()).collect())
}
