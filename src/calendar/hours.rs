//! Opening hours: times of day, ranges such as `09:00-18:00`, the hours of one day and of a week.

use std::fmt;
use std::str::FromStr;

use bitflags::bitflags;
use chrono::Weekday;
use serde::{Deserialize, Serialize};

use super::CalendarError;

/// Seconds in a day; `24:00` is the only time of day that equals it.
const DAY: u32 = 86_400;

/// A time of day, to the second, from `00:00` up to and including `24:00` (the end of the day).
///
/// `24:00` is accepted only as the end of a [`TimeRange`]; written as a start it is an error.
///
/// ```
/// use sla_engine::TimeOfDay;
/// let t: TimeOfDay = "09:30".parse()?;
/// assert_eq!(t.seconds(), 9 * 3600 + 30 * 60);
/// assert_eq!(t.to_string(), "09:30");
/// # Ok::<(), sla_engine::CalendarError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u32);

impl TimeOfDay {
    /// Midnight at the start of the day.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    /// `24:00`: the end of the day.
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(DAY);

    /// The time `hour:minute:second`; `None` past `24:00` or for a minute or second over 59.
    ///
    /// ```
    /// use sla_engine::TimeOfDay;
    /// assert!(TimeOfDay::from_hms(18, 0, 0).is_some());
    /// assert!(TimeOfDay::from_hms(25, 0, 0).is_none());
    /// ```
    pub fn from_hms(hour: u32, minute: u32, second: u32) -> Option<TimeOfDay> {
        if minute > 59 || second > 59 {
            return None;
        }
        let s = hour.checked_mul(3600)? + minute * 60 + second;
        (s <= DAY).then_some(TimeOfDay(s))
    }

    /// Seconds since midnight (86 400 for `24:00`).
    pub fn seconds(self) -> u32 {
        self.0
    }
}

impl FromStr for TimeOfDay {
    type Err = CalendarError;

    /// Parses `HH:MM` or `HH:MM:SS` (24-hour clock; `24:00` allowed).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || CalendarError::BadTime { text: s.to_owned() };
        let mut parts = s.split(':');
        let mut field = |required: bool| -> Result<u32, CalendarError> {
            match parts.next() {
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map_err(|_| bad())
                }
                None if !required => Ok(0),
                _ => Err(bad()),
            }
        };
        let (h, m, sec) = (field(true)?, field(true)?, field(false)?);
        if parts.next().is_some() {
            return Err(bad());
        }
        TimeOfDay::from_hms(h, m, sec).ok_or_else(bad)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, self.0 / 60 % 60, self.0 % 60);
        if s == 0 {
            write!(f, "{h:02}:{m:02}")
        } else {
            write!(f, "{h:02}:{m:02}:{s:02}")
        }
    }
}

/// One opening range of a day, such as `09:00-18:00`.
///
/// The range belongs to the day it starts on. An end at or before the start (`22:00-06:00`) runs
/// past midnight into the next day; `00:00-24:00` is the whole day. A range of zero length
/// (`09:00-09:00`) is an error.
///
/// ```
/// use sla_engine::TimeRange;
/// let night: TimeRange = "22:00-06:00".parse()?;
/// assert!(night.is_overnight());
/// assert_eq!(night.length_seconds(), 8 * 3600);
/// # Ok::<(), sla_engine::CalendarError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeRange {
    start: TimeOfDay,
    end: TimeOfDay,
}

impl TimeRange {
    /// The range from `start` to `end`; see the type's documentation for overnight ranges.
    ///
    /// # Errors
    /// [`CalendarError::BadRange`] when the range is empty or starts at `24:00`.
    pub fn new(start: TimeOfDay, end: TimeOfDay) -> Result<TimeRange, CalendarError> {
        if start == end || start == TimeOfDay::END_OF_DAY {
            return Err(CalendarError::BadRange {
                text: format!("{start}-{end}"),
                reason: if start == end {
                    "it is empty"
                } else {
                    "it starts at 24:00"
                },
            });
        }
        Ok(TimeRange { start, end })
    }

    /// When the range opens, on its own day.
    pub fn start(self) -> TimeOfDay {
        self.start
    }

    /// When the range closes: on its own day, or on the next day if [`is_overnight`](Self::is_overnight).
    pub fn end(self) -> TimeOfDay {
        self.end
    }

    /// Whether the range closes on the next day.
    pub fn is_overnight(self) -> bool {
        self.end < self.start
    }

    /// Start and end in seconds from the start of the range's own day (end may exceed 86 400).
    pub(crate) fn span(self) -> (u32, u32) {
        let end = if self.is_overnight() {
            self.end.0 + DAY
        } else {
            self.end.0
        };
        (self.start.0, end)
    }

    /// Nominal length, in seconds, ignoring daylight-saving changes.
    pub fn length_seconds(self) -> u32 {
        let (s, e) = self.span();
        e - s
    }
}

impl FromStr for TimeRange {
    type Err = CalendarError;

    /// Parses `HH:MM-HH:MM` (seconds optional on either side).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (a, b) = s.split_once('-').ok_or_else(|| CalendarError::BadRange {
            text: s.to_owned(),
            reason: "expected HH:MM-HH:MM",
        })?;
        TimeRange::new(a.trim().parse()?, b.trim().parse()?)
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl Serialize for TimeRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeRange {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The opening ranges of one day, sorted and checked not to overlap. Empty means closed.
///
/// ```
/// use sla_engine::DayHours;
/// let day = DayHours::parse(&["09:00-12:00", "13:00-18:00"])?;
/// assert_eq!(day.open_seconds(), 8 * 3600);
/// assert!(DayHours::parse(&["09:00-12:00", "11:00-13:00"]).is_err());
/// # Ok::<(), sla_engine::CalendarError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<TimeRange>", into = "Vec<TimeRange>")]
pub struct DayHours(Vec<TimeRange>);

impl DayHours {
    /// A closed day.
    pub fn closed() -> DayHours {
        DayHours(Vec::new())
    }

    /// The day opened by `ranges`, sorted by start.
    ///
    /// # Errors
    /// [`CalendarError::OverlappingRanges`] when two ranges share any time.
    pub fn new(mut ranges: Vec<TimeRange>) -> Result<DayHours, CalendarError> {
        ranges.sort_unstable_by_key(|r| r.start);
        for pair in ranges.windows(2) {
            if let [a, b] = pair
                && a.span().1 > b.span().0
            {
                return Err(CalendarError::OverlappingRanges {
                    first: a.to_string(),
                    second: b.to_string(),
                });
            }
        }
        Ok(DayHours(ranges))
    }

    /// Parses each of `ranges` as a [`TimeRange`], then as [`DayHours::new`].
    ///
    /// # Errors
    /// A malformed range, or overlapping ranges.
    pub fn parse<S: AsRef<str>>(ranges: &[S]) -> Result<DayHours, CalendarError> {
        DayHours::new(
            ranges
                .iter()
                .map(|r| r.as_ref().parse())
                .collect::<Result<_, _>>()?,
        )
    }

    /// The ranges, sorted by start.
    pub fn ranges(&self) -> &[TimeRange] {
        &self.0
    }

    /// Whether the day has no opening range.
    pub fn is_closed(&self) -> bool {
        self.0.is_empty()
    }

    /// Nominal open seconds of the day, ignoring daylight-saving changes.
    pub fn open_seconds(&self) -> u32 {
        self.0.iter().map(|r| r.length_seconds()).sum()
    }
}

impl TryFrom<Vec<TimeRange>> for DayHours {
    type Error = CalendarError;
    fn try_from(v: Vec<TimeRange>) -> Result<Self, Self::Error> {
        DayHours::new(v)
    }
}

impl From<DayHours> for Vec<TimeRange> {
    fn from(d: DayHours) -> Self {
        d.0
    }
}

impl fmt::Display for DayHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("closed");
        }
        for (i, r) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

bitflags! {
    /// A set of weekdays, e.g. `Weekdays::MON | Weekdays::TUE` or [`Weekdays::WORKWEEK`].
    ///
    /// ```
    /// use sla_engine::Weekdays;
    /// use chrono::Weekday;
    /// assert!(Weekdays::WORKWEEK.contains(Weekdays::from(Weekday::Fri)));
    /// assert!(!Weekdays::WORKWEEK.contains(Weekdays::from(Weekday::Sat)));
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub struct Weekdays: u8 {
        /// Monday.
        const MON = 1;
        /// Tuesday.
        const TUE = 1 << 1;
        /// Wednesday.
        const WED = 1 << 2;
        /// Thursday.
        const THU = 1 << 3;
        /// Friday.
        const FRI = 1 << 4;
        /// Saturday.
        const SAT = 1 << 5;
        /// Sunday.
        const SUN = 1 << 6;
        /// Monday to Friday (clause 4.1).
        const WORKWEEK = 0b001_1111;
        /// Saturday and Sunday.
        const WEEKEND = 0b110_0000;
    }
}

impl From<Weekday> for Weekdays {
    fn from(d: Weekday) -> Weekdays {
        Weekdays::from_bits_truncate(1 << d.num_days_from_monday())
    }
}

/// Opening hours for each day of the week; a day without hours is closed.
///
/// ```
/// use sla_engine::{DayHours, WeeklyHours, Weekdays};
/// use chrono::Weekday;
/// let week = WeeklyHours::closed().with(Weekdays::WORKWEEK, DayHours::parse(&["09:00-18:00"])?);
/// assert_eq!(week.day(Weekday::Wed).open_seconds(), 9 * 3600);
/// assert!(week.day(Weekday::Sat).is_closed());
/// # Ok::<(), sla_engine::CalendarError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct WeeklyHours([DayHours; 7]);

impl WeeklyHours {
    /// A week with no opening hours (override days may still open).
    pub fn closed() -> WeeklyHours {
        WeeklyHours::default()
    }

    /// Sets the hours of every day in `days` to `hours`.
    pub fn with(mut self, days: Weekdays, hours: DayHours) -> WeeklyHours {
        for (i, slot) in self.0.iter_mut().enumerate() {
            if days.bits() & (1 << i) != 0 {
                *slot = hours.clone();
            }
        }
        self
    }

    /// The hours of `day`.
    pub fn day(&self, day: Weekday) -> &DayHours {
        let [mon, tue, wed, thu, fri, sat, sun] = &self.0;
        match day {
            Weekday::Mon => mon,
            Weekday::Tue => tue,
            Weekday::Wed => wed,
            Weekday::Thu => thu,
            Weekday::Fri => fri,
            Weekday::Sat => sat,
            Weekday::Sun => sun,
        }
    }

    /// Whether no day of the week opens.
    pub fn is_closed(&self) -> bool {
        self.0.iter().all(DayHours::is_closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_and_print() {
        assert_eq!("00:00".parse::<TimeOfDay>().unwrap().seconds(), 0);
        assert_eq!("24:00".parse::<TimeOfDay>().unwrap(), TimeOfDay::END_OF_DAY);
        assert_eq!(
            "23:59:59".parse::<TimeOfDay>().unwrap().to_string(),
            "23:59:59"
        );
        for bad in [
            "25:00",
            "24:01",
            "9:00",
            "09:60",
            "09",
            "09:00:00:00",
            "aa:bb",
            "",
        ] {
            assert!(bad.parse::<TimeOfDay>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ranges_overnight_and_errors() {
        let r: TimeRange = "22:00-06:00".parse().unwrap();
        assert_eq!(r.span(), (22 * 3600, 30 * 3600));
        let whole: TimeRange = "00:00-24:00".parse().unwrap();
        assert!(!whole.is_overnight());
        assert_eq!(whole.length_seconds(), DAY);
        assert!("09:00-09:00".parse::<TimeRange>().is_err());
        assert!("24:00-06:00".parse::<TimeRange>().is_err());
        assert!("09:00".parse::<TimeRange>().is_err());
    }

    #[test]
    fn day_hours_reject_overlap_including_overnight() {
        assert!(DayHours::parse(&["09:00-12:00", "12:00-13:00"]).is_ok());
        assert!(DayHours::parse(&["22:00-06:00", "23:00-23:30"]).is_err());
        let err = DayHours::parse(&["13:00-18:00", "09:00-14:00"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "opening ranges 09:00-14:00 and 13:00-18:00 overlap"
        );
    }

    #[test]
    fn weekly_hours_with_sets_only_named_days() {
        let w = WeeklyHours::closed().with(
            Weekdays::MON | Weekdays::SUN,
            DayHours::parse(&["09:00-10:00"]).unwrap(),
        );
        assert!(!w.day(Weekday::Mon).is_closed());
        assert!(w.day(Weekday::Tue).is_closed());
        assert!(!w.day(Weekday::Sun).is_closed());
    }
}
