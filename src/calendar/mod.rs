//! Business calendars: the clock that the contract's business-hour targets run on (clause 4.1:
//! Monday to Friday 09:00-18:00, statutory holidays off, adjusted working days on).
//!
//! A [`Calendar`] is built once from a time zone, [`WeeklyHours`], a [`StatutoryCalendar`] and day
//! overrides, and compiled into sorted open intervals with a running sum of open seconds: every query
//! (business seconds between two instants, an instant plus business time, the next opening, the
//! n-th working day) is then a binary search, independent of how far apart the instants are.
//!
//! # Example: an 8-hour target across Spring Festival 2025
//! ```
//! use sla_engine::{Calendar, Timestamp};
//! let cal = Calendar::preset("cn-standard")?;
//! let reported: Timestamp = "2025-01-27T17:00:00+08:00".parse()?;
//! let deadline = cal.add(reported, 8 * 3600)?;
//! assert_eq!(cal.zoned(deadline).to_rfc3339(), "2025-02-05T16:00:00+08:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod days;
#[cfg(feature = "formats")]
mod file;
mod hours;
#[cfg(feature = "ics")]
mod ics;
mod statutory;
mod timeline;
mod zone;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::Excerpt;

pub use days::{DayInfo, DayKind};
#[cfg(feature = "formats")]
pub use file::parse_zone;
#[cfg(feature = "formats")]
pub(crate) use file::{include_name, read_named_file};
pub use hours::{DayHours, TimeOfDay, TimeRange, Weekdays, WeeklyHours};
#[cfg(feature = "ics")]
pub use ics::WorkingDayPattern;
pub use statutory::{StatutoryCalendar, StatutoryDay, StatutoryKind};
use timeline::{Gap, Timeline, WorkingDay};

use crate::{IntervalSet, Timestamp, Window};

/// The years a calendar without year data is compiled over.
pub const DEFAULT_YEARS: (i32, i32) = (1970, 2100);

/// The most opening ranges a calendar compiles to (a working day of one range over 1970-2100 is
/// about 34 000): the bound on the memory and the time that building one calendar takes, whatever
/// its file says.
pub const MAX_OPEN_RANGES: usize = 1_000_000;

/// Why a calendar could not be built or could not answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// A time of day that is not `HH:MM` or `HH:MM:SS` between `00:00` and `24:00`.
    #[error("invalid time of day {}: expected HH:MM between 00:00 and 24:00", Excerpt(.text))]
    BadTime {
        /// The text as given.
        text: String,
    },
    /// An opening range that cannot be used.
    #[error("invalid opening range {}: {reason}", Excerpt(.text))]
    BadRange {
        /// The range as given.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Two ranges of one day share time.
    #[error("opening ranges {first} and {second} overlap")]
    OverlappingRanges {
        /// The earlier range.
        first: String,
        /// The later range.
        second: String,
    },
    /// A day's range runs into the next day's opening time.
    #[error("opening time of the day before {date} runs into its own opening time")]
    OverlappingDays {
        /// The local date whose opening the previous day's range overlaps.
        date: String,
    },
    /// The zone is not in the IANA time-zone database.
    #[error("unknown time zone {}: expected an IANA name such as Asia/Shanghai", Excerpt(.name))]
    UnknownZone {
        /// The name as given.
        name: String,
    },
    /// The statutory data set is not shipped.
    #[error("unknown statutory calendar {}: expected cn", Excerpt(.name))]
    UnknownStatutory {
        /// The name as given.
        name: String,
    },
    /// The preset is not shipped.
    #[error("unknown calendar preset {}: expected 24x7 or cn-standard", Excerpt(.name))]
    UnknownPreset {
        /// The name as given.
        name: String,
    },
    /// A date given twice where each date may appear once.
    #[error("day {date} is given twice")]
    DuplicateDay {
        /// The repeated date.
        date: NaiveDate,
    },
    /// A day listed under a year it does not belong to.
    #[error("day {date} is not in year {year}")]
    DayOutsideYear {
        /// The date.
        date: NaiveDate,
        /// The year it was listed under.
        year: i32,
    },
    /// An adjusted working day that takes the hours of a weekday that has none.
    #[error("day {date} takes the hours of {weekday}, which has no opening hours")]
    BorrowedHoursEmpty {
        /// The adjusted day.
        date: NaiveDate,
        /// The weekday whose hours it takes.
        weekday: Weekday,
    },
    /// The calendar never opens.
    #[error("the calendar never opens: no weekday has hours and no day override opens")]
    NeverOpen,
    /// A span of years that is empty or outside the supported dates.
    #[error("invalid span of years {first}-{last}: expected first <= last, both within 1-9998")]
    BadYears {
        /// First year.
        first: i32,
        /// Last year.
        last: i32,
    },
    /// The answer depends on a year that the calendar's day data does not cover (question Q11).
    #[error("no calendar data for {year}: the calendar covers {first}-{last}")]
    YearNotCovered {
        /// The year the answer depends on.
        year: i32,
        /// First year of the calendar's span.
        first: i32,
        /// Last year of the calendar's span.
        last: i32,
    },
    /// A date that is not a working day where one was needed.
    #[error("{date} is not a working day")]
    NotAWorkingDay {
        /// The date.
        date: NaiveDate,
    },
    /// A calendar that would compile to more than [`MAX_OPEN_RANGES`] opening ranges.
    #[error(
        "the calendar has more than {limit} opening ranges over {first}-{last}: narrow its years or its hours"
    )]
    TooManyRanges {
        /// The limit, [`MAX_OPEN_RANGES`].
        limit: usize,
        /// First year of the calendar's span.
        first: i32,
        /// Last year of the calendar's span.
        last: i32,
    },
    /// An instant outside the dates this library can represent.
    #[error("instant {seconds} is outside the representable dates")]
    OutOfRange {
        /// Unix seconds.
        seconds: i64,
    },
}

/// What a calendar does with one particular day, instead of its weekday's hours.
///
/// ```
/// use sla_engine::{Calendar, DayRule, DayHours, Weekdays, WeeklyHours};
/// use chrono::{NaiveDate, Weekday};
/// let cal = Calendar::builder(chrono_tz::Europe::London)
///     .hours(Weekdays::WORKWEEK, DayHours::parse(&["09:00-17:00"])?)
///     .years(2025, 2025)
///     .day(NaiveDate::from_ymd_opt(2025, 12, 24).ok_or("date")?, DayRule::Hours(DayHours::parse(&["09:00-12:00"])?))
///     .day(NaiveDate::from_ymd_opt(2025, 12, 27).ok_or("date")?, DayRule::WorkAs(Weekday::Mon))
///     .build()?;
/// assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2025, 12, 27).ok_or("date")?)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayRule {
    /// Closed all day.
    Closed,
    /// Open with the hours of the given weekday (an adjusted working day).
    WorkAs(Weekday),
    /// Open with its own hours (e.g. a half day).
    Hours(DayHours),
}

/// Where a day's special treatment comes from, for evidence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "source")]
pub enum DayFactKind {
    /// A statutory day off or adjusted working day.
    Statutory {
        /// Day off or adjusted working day.
        kind: StatutoryKind,
        /// The holiday it is tied to.
        name: String,
    },
    /// A day override given with the calendar.
    Override {
        /// What the override does.
        rule: DayRule,
    },
}

/// A calendar fact a verdict leaned on, e.g. "2025-01-26 is an adjusted working day (Spring
/// Festival)".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DayFact {
    /// The local date.
    pub date: NaiveDate,
    /// Why the date is special.
    #[serde(flatten)]
    pub kind: DayFactKind,
}

impl fmt::Display for DayFact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wd = self.date.weekday();
        match &self.kind {
            DayFactKind::Statutory { kind, name } => {
                write!(f, "{} ({wd}) is {kind} ({name})", self.date)
            }
            DayFactKind::Override { rule } => match rule {
                DayRule::Closed => write!(f, "{} ({wd}) is closed by the calendar", self.date),
                DayRule::WorkAs(w) => write!(
                    f,
                    "{} ({wd}) is a working day with the hours of {w} by the calendar",
                    self.date
                ),
                DayRule::Hours(h) => {
                    write!(
                        f,
                        "{} ({wd}) has its own hours {h} by the calendar",
                        self.date
                    )
                }
            },
        }
    }
}

/// Builds a [`Calendar`]; see [`Calendar::builder`].
#[derive(Debug, Clone)]
pub struct CalendarBuilder {
    name: String,
    zone: Tz,
    week: WeeklyHours,
    statutory: Option<StatutoryCalendar>,
    adjusted_as: Weekday,
    overrides: Vec<(NaiveDate, DayRule)>,
    years: Option<(i32, i32)>,
}

impl CalendarBuilder {
    /// Sets the hours of every day in `days`.
    pub fn hours(mut self, days: Weekdays, hours: DayHours) -> Self {
        self.week = self.week.with(days, hours);
        self
    }

    /// Replaces the whole week's hours.
    pub fn week(mut self, week: WeeklyHours) -> Self {
        self.week = week;
        self
    }

    /// Uses statutory days off and adjusted working days; the calendar then covers exactly the
    /// years the data covers, and refuses queries about other years.
    pub fn statutory(mut self, data: StatutoryCalendar) -> Self {
        self.statutory = Some(data);
        self
    }

    /// The weekday whose hours an adjusted working day takes (default Monday).
    pub fn adjusted_working_day_hours(mut self, weekday: Weekday) -> Self {
        self.adjusted_as = weekday;
        self
    }

    /// Overrides one day (taking precedence over statutory data). A date given twice is an error
    /// at [`build`](Self::build).
    pub fn day(mut self, date: NaiveDate, rule: DayRule) -> Self {
        self.overrides.push((date, rule));
        self
    }

    /// The span of years to compile when the calendar has no statutory data (default
    /// [`DEFAULT_YEARS`]). With statutory data, the span is the data's years and this is ignored.
    pub fn years(mut self, first: i32, last: i32) -> Self {
        self.years = Some((first, last));
        self
    }

    /// A name for reports, e.g. `cn-standard` or a file name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Checks and compiles the calendar.
    ///
    /// # Errors
    /// Overlapping ranges across days, an adjusted day borrowing an empty weekday, a date
    /// overridden twice, a calendar that never opens, or an invalid span of years.
    pub fn build(self) -> Result<Calendar, CalendarError> {
        let mut overrides = BTreeMap::new();
        for (date, rule) in self.overrides {
            if overrides.insert(date, rule).is_some() {
                return Err(CalendarError::DuplicateDay { date });
            }
        }
        let (first, last, covered) = match &self.statutory {
            Some(data) => {
                let years = data.year_set();
                match (years.first(), years.last()) {
                    (Some(&f), Some(&l)) => (f, l, Some(years.clone())),
                    _ => return Err(CalendarError::NeverOpen),
                }
            }
            None => {
                let (f, l) = self.years.unwrap_or(DEFAULT_YEARS);
                (f, l, None)
            }
        };
        let bad_years = CalendarError::BadYears { first, last };
        if first > last || first < 1 || last > 9998 {
            return Err(bad_years);
        }
        let rules = DayRules {
            week: self.week,
            statutory: self.statutory.unwrap_or_default(),
            adjusted_as: self.adjusted_as,
            overrides,
        };
        let zone = self.zone;
        let year_start = |y: i32| -> Result<i64, CalendarError> {
            let d =
                NaiveDate::from_ymd_opt(y, 1, 1).ok_or(CalendarError::BadYears { first, last })?;
            Ok(zone::resolve(zone, d.and_time(chrono::NaiveTime::MIN)))
        };
        let (lo, hi) = (year_start(first)?, year_start(last + 1)?);
        let mut gaps = Vec::new();
        if let Some(covered) = &covered {
            for y in first..=last {
                if !covered.contains(&y) {
                    gaps.push(Gap {
                        year: y,
                        from: year_start(y)?,
                        to: year_start(y + 1)?,
                    });
                }
            }
        }
        let mut intervals = Vec::new();
        let mut days = Vec::new();
        let (mut date, end) = (
            NaiveDate::from_ymd_opt(first, 1, 1).ok_or(bad_years.clone())?,
            NaiveDate::from_ymd_opt(last, 12, 31).ok_or(bad_years)?,
        );
        while date <= end {
            // A year without data is not compiled (one lookup per day: a span of thousands of
            // years with data for two of them must not cost days times gaps).
            if covered
                .as_ref()
                .is_none_or(|covered| covered.contains(&date.year()))
            {
                let hours = rules.hours(date)?;
                let midnight = date.and_time(chrono::NaiveTime::MIN);
                let mut day_open: Option<(i64, i64)> = None;
                for range in hours.ranges() {
                    let (s, e) = range.span();
                    let open = zone::resolve(zone, midnight + chrono::Duration::seconds(s.into()));
                    // Not clipped to the end of the data: an overnight range on the last day still
                    // closes when its rule says (queries past the end are refused, not answered).
                    let close = zone::resolve(zone, midnight + chrono::Duration::seconds(e.into()));
                    if close > open {
                        intervals.push((open, close));
                        day_open = Some(match day_open {
                            Some((o, _)) => (o, close),
                            None => (open, close),
                        });
                    }
                }
                if intervals.len() > MAX_OPEN_RANGES {
                    return Err(CalendarError::TooManyRanges {
                        limit: MAX_OPEN_RANGES,
                        first,
                        last,
                    });
                }
                if let Some((open, close)) = day_open {
                    days.push(WorkingDay {
                        day: date.num_days_from_ce(),
                        open,
                        close,
                    });
                }
            }
            date = match date.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
        let date_of = |t: i64| local_date(zone, t).map_or_else(|| t.to_string(), |d| d.to_string());
        let timeline = Timeline::new(intervals, lo, hi, (first, last), gaps, days, date_of)?;
        if timeline.is_empty() {
            return Err(CalendarError::NeverOpen);
        }
        let mut special: Vec<(i64, i64)> = rules
            .overrides
            .keys()
            .copied()
            .chain(rules.statutory.days().map(|d| d.date))
            .filter_map(|d| {
                let next = d.succ_opt()?;
                let at = |d: NaiveDate| zone::resolve(zone, d.and_time(chrono::NaiveTime::MIN));
                Some((at(d), at(next)))
            })
            .collect();
        special.sort_unstable();
        special.dedup();
        Ok(Calendar {
            name: self.name,
            zone,
            clock: Clock::Business(Box::new(Compiled {
                timeline,
                rules,
                special,
            })),
        })
    }
}

/// The rules that decide a day's hours.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DayRules {
    week: WeeklyHours,
    statutory: StatutoryCalendar,
    adjusted_as: Weekday,
    overrides: BTreeMap<NaiveDate, DayRule>,
}

impl DayRules {
    fn hours(&self, date: NaiveDate) -> Result<DayHours, CalendarError> {
        let borrow = |weekday: Weekday| {
            let h = self.week.day(weekday);
            if h.is_closed() {
                Err(CalendarError::BorrowedHoursEmpty { date, weekday })
            } else {
                Ok(h.clone())
            }
        };
        if let Some(rule) = self.overrides.get(&date) {
            return match rule {
                DayRule::Closed => Ok(DayHours::closed()),
                DayRule::WorkAs(w) => borrow(*w),
                DayRule::Hours(h) => Ok(h.clone()),
            };
        }
        match self.statutory.day(date).map(|d| d.kind) {
            Some(StatutoryKind::DayOff) => Ok(DayHours::closed()),
            Some(StatutoryKind::AdjustedWorkingDay) => borrow(self.adjusted_as),
            None => Ok(self.week.day(date.weekday()).clone()),
        }
    }

    fn fact(&self, date: NaiveDate) -> Option<DayFact> {
        if let Some(rule) = self.overrides.get(&date) {
            return Some(DayFact {
                date,
                kind: DayFactKind::Override { rule: rule.clone() },
            });
        }
        self.statutory.day(date).map(|d| DayFact {
            date,
            kind: DayFactKind::Statutory {
                kind: d.kind,
                name: d.name.clone(),
            },
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Compiled {
    timeline: Timeline,
    rules: DayRules,
    /// The local days that carry a fact (statutory or override), as `[start, end)` instants in
    /// date order: lets `facts_between` skip the date arithmetic when a span touches none.
    special: Vec<(i64, i64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Clock {
    /// Every second counts (24x7).
    Wall,
    /// Only open time counts.
    Business(Box<Compiled>),
}

/// A compiled business calendar (or the 24x7 wall clock) in a time zone.
///
/// Instants go in and come out as [`Timestamp`]s (whole seconds); [`Calendar::zoned`] writes one
/// in the calendar's zone.
///
/// Conventions (see `DESIGN.md`):
/// - a business duration that ends exactly at a closing time ends at that closing time;
///   counted backwards, one that ends exactly at an opening time ends there; adding zero returns
///   the same instant;
/// - a local opening time that falls in a daylight-saving gap opens at the first instant after the
///   gap; one that occurs twice opens at the earlier;
/// - a range belongs to the day it starts on, and runs past midnight if its end is not after its
///   start;
/// - any query whose answer depends on a year outside the calendar's data is an error naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    name: String,
    zone: Tz,
    clock: Clock,
}

fn local_date(zone: Tz, t: i64) -> Option<NaiveDate> {
    DateTime::from_timestamp(t, 0).map(|u| u.with_timezone(&zone).date_naive())
}

/// `t` as a [`Timestamp`], or [`CalendarError::OutOfRange`] naming it.
fn instant(t: i64) -> Result<Timestamp, CalendarError> {
    Timestamp::from_second(t).map_err(|_| CalendarError::OutOfRange { seconds: t })
}

impl Calendar {
    /// Starts a calendar in `zone` with no opening hours (add them with
    /// [`CalendarBuilder::hours`]).
    ///
    /// ```
    /// use sla_engine::{Calendar, DayHours, Weekdays};
    /// let cal = Calendar::builder(chrono_tz::America::New_York)
    ///     .hours(Weekdays::WORKWEEK, DayHours::parse(&["09:00-12:00", "13:00-17:00"])?)
    ///     .years(2024, 2026)
    ///     .build()?;
    /// assert_eq!(cal.zone(), chrono_tz::America::New_York);
    /// # Ok::<(), sla_engine::CalendarError>(())
    /// ```
    pub fn builder(zone: Tz) -> CalendarBuilder {
        CalendarBuilder {
            name: "custom".to_owned(),
            zone,
            week: WeeklyHours::closed(),
            statutory: None,
            adjusted_as: Weekday::Mon,
            overrides: Vec::new(),
            years: None,
        }
    }

    /// The 24x7 wall clock in `zone`: every second is business time, every day a working day.
    pub fn wall_clock(zone: Tz) -> Calendar {
        Calendar {
            name: "24x7".to_owned(),
            zone,
            clock: Clock::Wall,
        }
    }

    /// China's standard service hours (clause 4.1): Asia/Shanghai, Monday to Friday 09:00-18:00,
    /// statutory days off closed, adjusted working days open 09:00-18:00, 2004-2026.
    ///
    /// # Errors
    /// None in practice; the signature is that of every build.
    pub fn cn_standard() -> Result<Calendar, CalendarError> {
        Calendar::builder(chrono_tz::Asia::Shanghai)
            .name("cn-standard")
            .hours(Weekdays::WORKWEEK, DayHours::parse(&["09:00-18:00"])?)
            .statutory(StatutoryCalendar::cn())
            .build()
    }

    /// A shipped calendar by name: `24x7` (the wall clock in Asia/Shanghai) or `cn-standard`.
    ///
    /// # Errors
    /// [`CalendarError::UnknownPreset`] for any other name.
    pub fn preset(name: &str) -> Result<Calendar, CalendarError> {
        match name {
            "24x7" => Ok(Calendar::wall_clock(chrono_tz::Asia::Shanghai)),
            "cn-standard" => Calendar::cn_standard(),
            _ => Err(CalendarError::UnknownPreset {
                name: name.to_owned(),
            }),
        }
    }

    /// This calendar, with every year from `first` to `last` that its statutory data does not
    /// cover treated as having no statutory day (question Q11, reading `plain_weeks`). A wall
    /// clock, or a calendar without statutory data, is returned unchanged.
    ///
    /// # Errors
    /// A build error of the widened calendar.
    ///
    /// ```
    /// use sla_engine::Calendar;
    /// let cal = Calendar::preset("cn-standard")?.with_plain_years(2000, 2099)?;
    /// assert_eq!(cal.years(), Some((2000, 2099)));
    /// # Ok::<(), sla_engine::CalendarError>(())
    /// ```
    pub fn with_plain_years(self, first: i32, last: i32) -> Result<Calendar, CalendarError> {
        let Clock::Business(c) = &self.clock else {
            return Ok(self);
        };
        let rules = &c.rules;
        if rules.statutory.years().is_empty() {
            return Ok(self);
        }
        let mut data = rules.statutory.clone();
        for y in first..=last {
            if !data.covers(y) {
                data.set_year(y, Vec::new())?;
            }
        }
        CalendarBuilder {
            name: self.name.clone(),
            zone: self.zone,
            week: rules.week.clone(),
            statutory: Some(data),
            adjusted_as: rules.adjusted_as,
            overrides: rules.overrides.clone().into_iter().collect(),
            years: None,
        }
        .build()
    }

    /// The calendar's name (a preset name, a file name, or `custom`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Renames the calendar.
    pub fn with_name(mut self, name: impl Into<String>) -> Calendar {
        self.name = name.into();
        self
    }

    /// The calendar's time zone.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Whether this is the 24x7 wall clock.
    pub fn is_wall_clock(&self) -> bool {
        matches!(self.clock, Clock::Wall)
    }

    /// Where its day data came from (shipped sets, files, feeds, years set by the caller), for a
    /// report's provenance; empty for the wall clock and calendars without day data.
    pub fn data_sources(&self) -> &[String] {
        match &self.clock {
            Clock::Wall => &[],
            Clock::Business(c) => c.rules.statutory.sources(),
        }
    }

    /// How many single days the calendar overrides.
    pub fn override_count(&self) -> usize {
        match &self.clock {
            Clock::Wall => 0,
            Clock::Business(c) => c.rules.overrides.len(),
        }
    }

    /// The weekly service hours in a line, days with the same hours grouped:
    /// `mon-fri 09:00-18:00` (`every day 00:00-24:00` for the wall clock).
    ///
    /// ```
    /// use sla_engine::Calendar;
    /// assert_eq!(Calendar::preset("cn-standard")?.hours_summary(), "mon-fri 09:00-18:00");
    /// # Ok::<(), sla_engine::CalendarError>(())
    /// ```
    pub fn hours_summary(&self) -> String {
        let Clock::Business(c) = &self.clock else {
            return "every day 00:00-24:00".to_owned();
        };
        let days = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        let name = |d: Weekday| d.to_string().to_lowercase();
        let mut parts: Vec<String> = Vec::new();
        let mut i = 0;
        while let Some(&first) = days.get(i) {
            let hours = c.rules.week.day(first);
            let mut j = i;
            while days
                .get(j + 1)
                .is_some_and(|d| c.rules.week.day(*d) == hours)
            {
                j += 1;
            }
            if !hours.is_closed() {
                let span = match days.get(j) {
                    Some(&last) if j > i => format!("{}-{}", name(first), name(last)),
                    _ => name(first),
                };
                parts.push(format!("{span} {hours}"));
            }
            i = j + 1;
        }
        if parts.is_empty() {
            "closed every weekday".to_owned()
        } else {
            parts.join("; ")
        }
    }

    /// The first and last year the calendar can answer for (`None` for the wall clock, which
    /// answers for any year).
    pub fn years(&self) -> Option<(i32, i32)> {
        match &self.clock {
            Clock::Wall => None,
            Clock::Business(c) => Some(c.timeline.years),
        }
    }

    fn year_of(&self, t: i64) -> i32 {
        local_date(self.zone, t).map_or(if t < 0 { i32::MIN } else { i32::MAX }, |d| d.year())
    }

    fn check(&self, t: i64) -> Result<(), CalendarError> {
        match &self.clock {
            Clock::Wall => Ok(()),
            Clock::Business(c) => c.timeline.check(t, |t| self.year_of(t)),
        }
    }

    /// `t` as written in the calendar's zone (see [`Timestamp::to_zoned`]).
    pub fn zoned(&self, t: Timestamp) -> DateTime<FixedOffset> {
        t.to_zoned(self.zone)
    }

    /// Business seconds from `from` to `to` (negative if `to` is earlier).
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] if either instant, or any year between them, is outside
    /// the calendar's data.
    ///
    /// # Example: a weekend is not business time
    /// ```
    /// use sla_engine::{Calendar, Timestamp};
    /// let cal = Calendar::preset("cn-standard")?;
    /// let fri: Timestamp = "2025-03-07T17:00:00+08:00".parse()?;
    /// let mon: Timestamp = "2025-03-10T10:00:00+08:00".parse()?;
    /// assert_eq!(cal.between(fri, mon)?, 2 * 3600);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn between(&self, from: Timestamp, to: Timestamp) -> Result<i64, CalendarError> {
        let (from, to) = (from.as_second(), to.as_second());
        match &self.clock {
            Clock::Wall => Ok(to - from),
            Clock::Business(c) => {
                let y = |t| self.year_of(t);
                c.timeline.check(from, y)?;
                c.timeline.check(to, y)?;
                c.timeline.between(from, to)
            }
        }
    }

    /// The instant `seconds` of business time after `from` (before it, if negative).
    ///
    /// A duration that ends exactly at a closing time ends at that closing time; a positive
    /// duration from closed time starts counting at the next opening.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] if the answer depends on a year outside the data;
    /// [`CalendarError::OutOfRange`] past the representable instants.
    ///
    /// # Example: an adjusted working day is worked
    /// ```
    /// use sla_engine::{Calendar, Timestamp};
    /// let cal = Calendar::preset("cn-standard")?;
    /// // Saturday 2025-01-25, 10:00; Sunday the 26th is an adjusted working day.
    /// let sat: Timestamp = "2025-01-25T10:00:00+08:00".parse()?;
    /// assert_eq!(cal.zoned(cal.add(sat, 8 * 3600)?).to_rfc3339(), "2025-01-26T17:00:00+08:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn add(&self, from: Timestamp, seconds: i64) -> Result<Timestamp, CalendarError> {
        match &self.clock {
            Clock::Wall => instant(from.as_second().saturating_add(seconds)),
            Clock::Business(c) => {
                let from = from.as_second();
                c.timeline.check(from, |t| self.year_of(t))?;
                instant(c.timeline.add(from, seconds)?)
            }
        }
    }

    /// Whether `at` is business time (openings are inclusive, closings exclusive).
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] outside the calendar's data.
    ///
    /// ```
    /// use sla_engine::Calendar;
    /// let cal = Calendar::preset("cn-standard")?;
    /// assert!(cal.is_open("2025-03-07T09:00:00+08:00".parse()?)?);
    /// assert!(!cal.is_open("2025-03-07T18:00:00+08:00".parse()?)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn is_open(&self, at: Timestamp) -> Result<bool, CalendarError> {
        let at = at.as_second();
        self.check(at)?;
        Ok(match &self.clock {
            Clock::Wall => true,
            Clock::Business(c) => c.timeline.is_open(at),
        })
    }

    /// `at` itself if it is business time, else the next opening.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] if there is no opening within the calendar's data, or a
    /// year without data lies between `at` and the opening.
    pub fn next_open(&self, at: Timestamp) -> Result<Timestamp, CalendarError> {
        let t = at.as_second();
        self.check(t)?;
        match &self.clock {
            Clock::Wall => Ok(at),
            Clock::Business(c) => instant(c.timeline.vouch(t, c.timeline.next_open(t))?),
        }
    }

    /// The closing time of the business period `at` is in, or of the next one if `at` is closed.
    /// The wall clock never closes: its answer is the end of `at`'s local day.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] if there is no closing within the calendar's data (an
    /// overnight range on the last day closes after it), or a year without data lies between `at`
    /// and the closing.
    ///
    /// ```
    /// use sla_engine::Calendar;
    /// let cal = Calendar::preset("cn-standard")?;
    /// let close = cal.next_close("2025-03-07T19:00:00+08:00".parse()?)?; // a Friday evening
    /// assert_eq!(cal.zoned(close).to_rfc3339(), "2025-03-10T18:00:00+08:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_close(&self, at: Timestamp) -> Result<Timestamp, CalendarError> {
        let t = at.as_second();
        self.check(t)?;
        match &self.clock {
            Clock::Wall => self.wall_day_end(self.local_date(at)),
            Clock::Business(c) => instant(c.timeline.vouch(t, c.timeline.next_close(t))?),
        }
    }

    fn wall_day_end(&self, date: NaiveDate) -> Result<Timestamp, CalendarError> {
        let next = date
            .succ_opt()
            .ok_or(CalendarError::OutOfRange { seconds: i64::MAX })?;
        self.start_of_day(next)
    }

    fn check_date(&self, date: NaiveDate) -> Result<&Compiled, CalendarError> {
        match &self.clock {
            Clock::Wall => Err(CalendarError::OutOfRange { seconds: 0 }),
            Clock::Business(c) => {
                let y = date.year();
                let (first, last) = c.timeline.years;
                let gap = c.timeline.gaps.binary_search_by_key(&y, |g| g.year).is_ok();
                if y < first || y > last || gap {
                    Err(c.timeline.not_covered(y))
                } else {
                    Ok(c)
                }
            }
        }
    }

    /// Whether `date` has any business time (for the wall clock, every date).
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] outside the calendar's data.
    ///
    /// ```
    /// use sla_engine::Calendar;
    /// use chrono::NaiveDate;
    /// let cal = Calendar::preset("cn-standard")?;
    /// assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2026, 2, 14).ok_or("date")?)?); // a Saturday worked
    /// assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2026, 2, 16).ok_or("date")?)?); // Spring Festival
    /// assert!(cal.is_working_day(NaiveDate::from_ymd_opt(2027, 1, 4).ok_or("date")?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        if self.is_wall_clock() {
            return Ok(true);
        }
        let c = self.check_date(date)?;
        Ok(c.timeline.working_day(date.num_days_from_ce()).is_some())
    }

    /// The opening hours that apply on `date`, after statutory data and overrides.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] outside the calendar's data.
    pub fn hours_on(&self, date: NaiveDate) -> Result<DayHours, CalendarError> {
        if self.is_wall_clock() {
            return DayHours::parse(&["00:00-24:00"]);
        }
        let c = self.check_date(date)?;
        c.rules.hours(date)
    }

    /// The `n`-th working day after `date` (`n = 0`: `date` itself if it is a working day, else the
    /// next one).
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] if the answer lies outside the calendar's data.
    ///
    /// ```
    /// use sla_engine::Calendar;
    /// use chrono::NaiveDate;
    /// let cal = Calendar::preset("cn-standard")?;
    /// let eve = NaiveDate::from_ymd_opt(2025, 9, 30).ok_or("date")?;
    /// // National Day and Mid-autumn: 1-8 October off, Saturday 11 October worked.
    /// assert_eq!(cal.working_day_after(eve, 1)?, NaiveDate::from_ymd_opt(2025, 10, 9).ok_or("date")?);
    /// assert_eq!(cal.working_day_after(eve, 3)?, NaiveDate::from_ymd_opt(2025, 10, 11).ok_or("date")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn working_day_after(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        self.nth_working_day(date, n, true)
    }

    /// The `n`-th working day before `date` (`n = 0`: `date` itself if it is a working day, else the
    /// previous one).
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] if the answer lies outside the calendar's data.
    pub fn working_day_before(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        self.nth_working_day(date, n, false)
    }

    fn nth_working_day(
        &self,
        date: NaiveDate,
        n: u32,
        forward: bool,
    ) -> Result<NaiveDate, CalendarError> {
        if self.is_wall_clock() {
            let moved = if forward {
                date.checked_add_days(Days::new(n.into()))
            } else {
                date.checked_sub_days(Days::new(n.into()))
            };
            return moved.ok_or(CalendarError::OutOfRange { seconds: 0 });
        }
        let c = self.check_date(date)?;
        let tl = &c.timeline;
        let edge = if forward {
            tl.years.1.saturating_add(1)
        } else {
            tl.years.0.saturating_sub(1)
        };
        let w = tl
            .nth_working_day(date.num_days_from_ce(), n, forward)
            .ok_or_else(|| tl.not_covered(edge))?;
        let found = NaiveDate::from_num_days_from_ce_opt(w.day)
            .ok_or(CalendarError::OutOfRange { seconds: w.open })?;
        // A working day in a gap year cannot exist (gap years are not compiled), but the walk may
        // have jumped over one.
        let (a, b) = if forward {
            (date, found)
        } else {
            (found, date)
        };
        let after_a = tl.gaps.partition_point(|g| g.year <= a.year());
        if let Some(g) = tl.gaps.get(after_a).filter(|g| g.year < b.year()) {
            return Err(tl.not_covered(g.year));
        }
        Ok(found)
    }

    /// When business time on the working day `date` ends: the close of its last range (on the next
    /// day for an overnight range). For the wall clock, the next local midnight.
    ///
    /// # Errors
    /// [`CalendarError::NotAWorkingDay`], or [`CalendarError::YearNotCovered`].
    ///
    /// ```
    /// use sla_engine::Calendar;
    /// use chrono::NaiveDate;
    /// let cal = Calendar::preset("cn-standard")?;
    /// let end = cal.end_of_working_day(NaiveDate::from_ymd_opt(2025, 1, 26).ok_or("date")?)?;
    /// assert_eq!(cal.zoned(end).to_rfc3339(), "2025-01-26T18:00:00+08:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn end_of_working_day(&self, date: NaiveDate) -> Result<Timestamp, CalendarError> {
        Ok(self.working_day_hours(date)?.to())
    }

    /// The first opening to the last closing of the working day `date` (for the wall clock, its
    /// local midnights).
    ///
    /// # Errors
    /// [`CalendarError::NotAWorkingDay`], or [`CalendarError::YearNotCovered`].
    pub fn working_day_hours(&self, date: NaiveDate) -> Result<Window, CalendarError> {
        let (open, close) = if self.is_wall_clock() {
            (self.start_of_day(date)?, self.wall_day_end(date)?)
        } else {
            let c = self.check_date(date)?;
            let w = c
                .timeline
                .working_day(date.num_days_from_ce())
                .ok_or(CalendarError::NotAWorkingDay { date })?;
            (instant(w.open)?, instant(w.close)?)
        };
        Window::new(open, close).map_err(|_| CalendarError::OutOfRange {
            seconds: open.as_second(),
        })
    }

    /// The first instant of the local date `date` (its midnight, or the end of a daylight-saving
    /// gap that swallows midnight).
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] outside the representable instants.
    pub fn start_of_day(&self, date: NaiveDate) -> Result<Timestamp, CalendarError> {
        instant(zone::resolve(
            self.zone,
            date.and_time(chrono::NaiveTime::MIN),
        ))
    }

    /// The local date of the instant `at` in the calendar's zone.
    pub fn local_date(&self, at: Timestamp) -> NaiveDate {
        self.zoned(at).date_naive()
    }

    /// The calendar facts (statutory days, overrides) on the local dates from `from` to `to`
    /// inclusive, in date order: what an auditor needs to re-check a business-time figure.
    ///
    /// ```
    /// use sla_engine::Calendar;
    /// use chrono::NaiveDate;
    /// let cal = Calendar::preset("cn-standard")?;
    /// let facts = cal.facts(
    ///     NaiveDate::from_ymd_opt(2025, 1, 25).ok_or("date")?,
    ///     NaiveDate::from_ymd_opt(2025, 1, 28).ok_or("date")?,
    /// );
    /// assert_eq!(facts[0].to_string(), "2025-01-26 (Sun) is an adjusted working day (Spring Festival)");
    /// assert_eq!(facts[1].to_string(), "2025-01-28 (Tue) is a statutory day off (Spring Festival)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn facts(&self, from: NaiveDate, to: NaiveDate) -> Vec<DayFact> {
        let Clock::Business(c) = &self.clock else {
            return Vec::new();
        };
        if from > to {
            return Vec::new();
        }
        let overrides = c.rules.overrides.range(from..=to).map(|(d, _)| *d);
        let statutory = c.rules.statutory.days_in(from, to).map(|d| d.date);
        let mut dates: Vec<NaiveDate> = overrides.chain(statutory).collect();
        dates.sort_unstable();
        dates.dedup();
        dates.into_iter().filter_map(|d| c.rules.fact(d)).collect()
    }

    /// The facts on the local dates that the instants `from` to `to` touch.
    pub fn facts_between(&self, from: Timestamp, to: Timestamp) -> Vec<DayFact> {
        let Clock::Business(c) = &self.clock else {
            return Vec::new();
        };
        let (a, b) = (from.as_second(), to.as_second());
        // Most spans touch no special day: a binary search says so without any date arithmetic.
        let first = c.special.partition_point(|&(_, end)| end <= a);
        if c.special.get(first).is_none_or(|&(start, _)| start > b) {
            return Vec::new();
        }
        self.facts(self.local_date(from), self.local_date(to))
    }

    /// The business time within `window`, as intervals clipped to it; for the wall clock, the
    /// window itself.
    ///
    /// # Errors
    /// [`CalendarError::YearNotCovered`] if the window leaves the calendar's data.
    pub fn open_within(&self, window: Window) -> Result<IntervalSet, CalendarError> {
        let Some(iv) = window.interval() else {
            return Ok(IntervalSet::new());
        };
        let (from, to) = (iv.start(), iv.end());
        let open: Vec<(i64, i64)> = match &self.clock {
            Clock::Wall => vec![(from, to)],
            Clock::Business(c) => {
                c.timeline.between(from, to)?;
                self.check(from)?;
                // The last second inside the window first, so that a window of an uncovered year
                // names that year, not the next one its exclusive end falls in.
                self.check(to - 1)?;
                self.check(to)?;
                c.timeline.open_within(from, to).collect()
            }
        };
        IntervalSet::from_sorted(open).map_err(|_| CalendarError::OutOfRange { seconds: from })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// An overnight range on the last day of the data used to be cut at the end of the data, so the
    /// calendar reported a closing time (midnight) that its rules do not have.
    #[test]
    fn an_overnight_range_on_the_last_day_closes_when_its_rule_says() {
        let cal = Calendar::builder(chrono_tz::Asia::Shanghai)
            .hours(Weekdays::THU, DayHours::parse(&["22:00-02:00"]).unwrap())
            .years(2026, 2026)
            .build()
            .unwrap();
        let last = ymd(2026, 12, 31); // a Thursday
        assert_eq!(
            cal.zoned(cal.end_of_working_day(last).unwrap())
                .to_rfc3339(),
            "2027-01-01T02:00:00+08:00"
        );
        let (eve, end) = (
            at("2026-12-31T23:00:00+08:00"),
            at("2027-01-01T00:00:00+08:00"),
        );
        assert!(cal.is_open(end).unwrap());
        assert_eq!(cal.add(eve, 3600).unwrap(), end);
        assert_eq!(cal.between(eve, end).unwrap(), 3600);
        let err = cal.add(eve, 3601).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no calendar data for 2027: the calendar covers 2026-2026"
        );
        // The stretch open at 23:00 closes at 02:00, after the data: refused, not cut at midnight.
        assert_eq!(
            cal.next_close(eve).unwrap_err(),
            CalendarError::YearNotCovered {
                year: 2027,
                first: 2026,
                last: 2026
            }
        );
    }

    /// With no data for 2025, the next opening after the last working day of 2024 is unknown; it
    /// used to be answered with the first opening of 2026.
    #[test]
    fn the_next_opening_beyond_a_year_without_data_is_refused() {
        let new_year = |y| StatutoryDay {
            date: ymd(y, 1, 1),
            kind: StatutoryKind::DayOff,
            name: "New Year's Day".into(),
        };
        let data = StatutoryCalendar::from_days(vec![new_year(2024), new_year(2026)]).unwrap();
        let cal = Calendar::builder(chrono_tz::Asia::Shanghai)
            .hours(
                Weekdays::WORKWEEK,
                DayHours::parse(&["09:00-18:00"]).unwrap(),
            )
            .statutory(data)
            .build()
            .unwrap();
        let gap = CalendarError::YearNotCovered {
            year: 2025,
            first: 2024,
            last: 2026,
        };
        let eve = at("2024-12-31T19:00:00+08:00");
        assert_eq!(cal.next_open(eve).unwrap_err(), gap);
        assert_eq!(cal.next_close(eve).unwrap_err(), gap);
        let noon = at("2024-12-31T12:00:00+08:00");
        assert_eq!(cal.next_open(noon).unwrap(), noon);
        assert_eq!(
            cal.next_close(noon).unwrap(),
            at("2024-12-31T18:00:00+08:00")
        );
    }

    /// A duration that ends exactly where a year without data begins ends there (as one ending at
    /// the end of the data does), and that instant can be asked about like the end of the data.
    #[test]
    fn a_duration_can_end_exactly_where_a_year_without_data_begins() {
        let new_year = |y| StatutoryDay {
            date: ymd(y, 1, 1),
            kind: StatutoryKind::DayOff,
            name: "New Year's Day".into(),
        };
        let data = StatutoryCalendar::from_days(vec![new_year(2024), new_year(2026)]).unwrap();
        let cal = Calendar::builder(chrono_tz::Asia::Shanghai)
            .hours(Weekdays::TUE, DayHours::parse(&["18:00-24:00"]).unwrap())
            .statutory(data)
            .build()
            .unwrap();
        let (eve, gap) = (
            at("2024-12-31T19:00:00+08:00"), // a Tuesday
            at("2025-01-01T00:00:00+08:00"),
        );
        assert_eq!(cal.add(eve, 5 * 3600).unwrap(), gap);
        assert_eq!(cal.between(eve, gap).unwrap(), 5 * 3600);
        assert_eq!(cal.add(gap, -5 * 3600).unwrap(), eve);
        assert_eq!(cal.add(gap, 0).unwrap(), gap);
        assert!(!cal.is_open(gap).unwrap());
        assert!(cal.add(eve, 5 * 3600 + 1).is_err());
        assert!(cal.is_open(gap.checked_add(1).unwrap()).is_err());
    }

    #[test]
    fn open_intervals_of_an_uncovered_year_name_that_year() {
        // cn-standard covers 2004-2026: the window [2027-01-01, 2028-01-01) needs 2027's days, and
        // the error must say 2027, not 2028 (the year of its exclusive end).
        let cal = Calendar::cn_standard().unwrap();
        let day = |y| {
            cal.start_of_day(NaiveDate::from_ymd_opt(y, 1, 1).unwrap())
                .unwrap()
        };
        let year = |y| Window::new(day(y), day(y + 1)).unwrap();
        assert_eq!(
            cal.open_within(year(2027)).unwrap_err(),
            CalendarError::YearNotCovered {
                year: 2027,
                first: 2004,
                last: 2026
            }
        );
        // A window ending exactly at the end of the data is covered.
        assert!(cal.open_within(year(2026)).is_ok());
    }
}
