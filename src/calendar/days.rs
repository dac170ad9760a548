//! The calendar day by day: what each date is (open, closed, a day off, an adjusted working day,
//! special hours), its hours and why, for `sla calendar show` and exports.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Calendar, CalendarError, DayFact, DayFactKind, DayHours, DayRule, StatutoryKind};

/// What a date is, at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// Open with its weekday's hours.
    Open,
    /// Closed by the week (a weekend).
    Closed,
    /// Closed by a statutory day off, an imported holiday or an override.
    DayOff,
    /// Open although its weekday is closed, or by a statutory or imported adjusted working day.
    AdjustedWorkingDay,
    /// Open with hours of its own (a half day, or a day with a closure of a few hours).
    SpecialHours,
}

/// One date of a calendar: its kind, its opening hours, and the fact that made it so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayInfo {
    /// The local date.
    pub date: NaiveDate,
    /// What the date is.
    pub kind: DayKind,
    /// Its opening hours (empty when closed).
    pub hours: DayHours,
    /// Why it differs from its weekday, if it does.
    pub fact: Option<DayFact>,
}

impl DayInfo {
    /// The holiday or override name the day carries, if any.
    pub fn name(&self) -> Option<&str> {
        match &self.fact.as_ref()?.kind {
            DayFactKind::Statutory { name, .. } => Some(name),
            DayFactKind::Override { .. } => None,
        }
    }
}

impl Calendar {
    /// Every date from `from` to `to` inclusive, in order, with its kind, hours and reason.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] if a year of the span is outside the calendar's data
    /// (checked before any day is listed); [`CalendarError::OutOfRange`] for the wall clock, which
    /// has no days to list.
    ///
    /// ```
    /// use sla_engine::{Calendar, DayKind};
    /// use chrono::NaiveDate;
    /// let cal = Calendar::preset("cn-standard")?;
    /// let d = |day| NaiveDate::from_ymd_opt(2025, 1, day).ok_or("date");
    /// let days: Vec<_> = cal.days(d(25)?, d(28)?)?.collect();
    /// let kinds: Vec<DayKind> = days.iter().map(|d| d.kind).collect();
    /// assert_eq!(kinds, [DayKind::Closed, DayKind::AdjustedWorkingDay, DayKind::Open, DayKind::DayOff]);
    /// assert_eq!(days[1].hours.to_string(), "09:00-18:00");
    /// assert_eq!(days[3].name(), Some("Spring Festival"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<impl Iterator<Item = DayInfo> + '_, CalendarError> {
        if from <= to {
            for year in from.year()..=to.year() {
                let first = NaiveDate::from_ymd_opt(year, 1, 1)
                    .unwrap_or(from)
                    .max(from);
                self.check_date(first)?;
            }
        }
        let mut next = (from <= to).then_some(from);
        Ok(std::iter::from_fn(move || {
            let date = next?;
            next = date.succ_opt().filter(|d| *d <= to);
            self.day_info(date)
        }))
    }

    fn day_info(&self, date: NaiveDate) -> Option<DayInfo> {
        let c = self.check_date(date).ok()?;
        let hours = c.rules.hours(date).ok()?;
        let fact = c.rules.fact(date);
        let weekday_open = !c.rules.week.day(date.weekday()).is_closed();
        let kind = match fact.as_ref().map(|f| &f.kind) {
            Some(DayFactKind::Statutory {
                kind: StatutoryKind::DayOff,
                ..
            })
            | Some(DayFactKind::Override {
                rule: DayRule::Closed,
            }) => DayKind::DayOff,
            Some(DayFactKind::Override {
                rule: DayRule::Hours(_),
            }) if hours.is_closed() => DayKind::DayOff,
            Some(DayFactKind::Override {
                rule: DayRule::Hours(_),
            }) => DayKind::SpecialHours,
            Some(DayFactKind::Statutory {
                kind: StatutoryKind::AdjustedWorkingDay,
                ..
            }) => DayKind::AdjustedWorkingDay,
            Some(DayFactKind::Override {
                rule: DayRule::WorkAs(_),
            }) if !weekday_open => DayKind::AdjustedWorkingDay,
            _ if hours.is_closed() => DayKind::Closed,
            _ => DayKind::Open,
        };
        Some(DayInfo {
            date,
            kind,
            hours,
            fact,
        })
    }
}
