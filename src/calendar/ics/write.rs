//! A calendar's closed days and adjusted working days as an iCalendar file of all-day events,
//! which Outlook and Google Calendar import.

use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Component, EventLike, Property};

use crate::calendar::{Calendar, CalendarError, DayInfo, DayKind};

/// The product identifier written in exports.
pub const PRODID: &str = "-//sla-engine//calendar export//EN";

/// The days an export writes: days off and adjusted working days (days with special hours are
/// not all-day events, so they are not written).
pub(crate) fn exported(day: &DayInfo) -> bool {
    matches!(day.kind, DayKind::DayOff | DayKind::AdjustedWorkingDay)
}

impl Calendar {
    /// The days off and adjusted working days from `from` to `to` inclusive as an iCalendar file
    /// (RFC 5545): one all-day event per day (`DTSTART;VALUE=DATE`, `DTEND` the next day), with a
    /// stable `UID`, `DTSTAMP` = `stamp`, and `X-SLA-KIND:closed` or `X-SLA-KIND:working`, so
    /// that importing it back (`ics_files`) gives the same days. Days with special hours are not
    /// written (they are not all-day events).
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] if the span leaves the calendar's data.
    ///
    /// ```
    /// use sla_engine::Calendar;
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// let cal = Calendar::preset("cn-standard")?;
    /// let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).ok_or("date");
    /// let ics = cal.to_ics(d(1, 26)?, d(1, 28)?, Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).single().ok_or("stamp")?)?;
    /// let lines: Vec<&str> = ics.split("\r\n").collect();
    /// for line in ["PRODID:-//sla-engine//calendar export//EN", "VERSION:2.0",
    ///              "DTSTART;VALUE=DATE:20250126", "DTEND;VALUE=DATE:20250127", // the next day: exclusive
    ///              "SUMMARY:Spring Festival (adjusted working day)", "X-SLA-KIND:working",
    ///              "UID:20250126-working@sla-engine", "DTSTAMP:20250101T000000Z",
    ///              "SUMMARY:Spring Festival", "X-SLA-KIND:closed"] {
    ///     assert!(lines.contains(&line), "{line}");
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_ics(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        stamp: DateTime<Utc>,
    ) -> Result<String, CalendarError> {
        let mut out = icalendar::Calendar::empty();
        out.append_property(Property::new("PRODID", PRODID));
        out.append_property(Property::new("VERSION", "2.0"));
        out.append_property(Property::new("CALSCALE", "GREGORIAN"));
        out.append_property(Property::new("X-WR-CALNAME", self.name()));
        for day in self.days(from, to)?.filter(exported) {
            let working = day.kind == DayKind::AdjustedWorkingDay;
            let summary = match (day.name(), working) {
                (Some(name), false) => name.to_owned(),
                (None, false) => "closed".to_owned(),
                (Some(name), true) => format!("{name} (adjusted working day)"),
                (None, true) => "adjusted working day".to_owned(),
            };
            let kind = if working { "working" } else { "closed" };
            let next = day.date.succ_opt().unwrap_or(day.date);
            let event = icalendar::Event::new()
                .uid(&format!("{}-{kind}@sla-engine", day.date.format("%Y%m%d")))
                .timestamp(stamp)
                .summary(&summary)
                .starts(day.date)
                .ends(next)
                .add_property("X-SLA-KIND", kind)
                .done();
            out.push(event);
        }
        Ok(out.to_string())
    }
}
