//! A deliberately simple business calendar, built day by day, to check the fast one against.
//!
//! Nothing here is clever, and nothing is shared with `src/calendar/` except the input types: each
//! local date gets its rule (override, else statutory day, else weekday), each range of that rule
//! becomes two instants through chrono-tz (a local time in a daylight-saving gap steps forward one
//! second at a time until it exists; one that occurs twice takes the earlier instant), and every
//! query is a linear walk over the resulting list of intervals. It is slow, and obviously right.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Weekday,
};
use chrono_tz::Tz;
use sla_engine::{
    Calendar, CalendarError, DayFact, DayFactKind, DayHours, DayRule, StatutoryCalendar,
    StatutoryKind, Weekdays,
};

const DAY: i64 = 86_400;

/// Monday first, as `num_days_from_monday`.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// A calendar's inputs, kept as data so that both the fast and the reference calendar can be built
/// from the same thing.
#[derive(Debug, Clone)]
pub struct Spec {
    pub zone: Tz,
    /// Monday first.
    pub week: [DayHours; 7],
    pub statutory: Option<StatutoryCalendar>,
    pub adjusted_as: Weekday,
    pub overrides: Vec<(NaiveDate, DayRule)>,
    pub years: (i32, i32),
}

impl Spec {
    /// The fast calendar, through the public builder.
    pub fn build(&self) -> Result<Calendar, CalendarError> {
        let mut b = Calendar::builder(self.zone)
            .years(self.years.0, self.years.1)
            .adjusted_working_day_hours(self.adjusted_as);
        for (w, h) in WEEKDAYS.iter().zip(&self.week) {
            b = b.hours(Weekdays::from(*w), h.clone());
        }
        if let Some(s) = &self.statutory {
            b = b.statutory(s.clone());
        }
        for (d, r) in &self.overrides {
            b = b.day(*d, r.clone());
        }
        b.build()
    }
}

/// Why the reference refuses to build a calendar (it collects every reason, not just the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    DuplicateDay,
    BorrowedHoursEmpty,
    OverlappingDays,
    NeverOpen,
}

impl Problem {
    /// The problem a fast build error stands for, if it is one the reference knows.
    pub fn of(e: &CalendarError) -> Option<Problem> {
        match e {
            CalendarError::DuplicateDay { .. } => Some(Problem::DuplicateDay),
            CalendarError::BorrowedHoursEmpty { .. } => Some(Problem::BorrowedHoursEmpty),
            CalendarError::OverlappingDays { .. } => Some(Problem::OverlappingDays),
            CalendarError::NeverOpen => Some(Problem::NeverOpen),
            _ => None,
        }
    }
}

/// Why the reference refuses to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// The answer depends on a year without data; any of these years is a fair one to name.
    NotCovered(Vec<i32>),
    NotAWorkingDay(NaiveDate),
}

impl RefError {
    /// Whether the fast calendar's error says the same thing.
    pub fn matches(&self, e: &CalendarError) -> bool {
        match (self, e) {
            (RefError::NotCovered(years), CalendarError::YearNotCovered { year, .. }) => {
                years.contains(year)
            }
            (RefError::NotAWorkingDay(d), CalendarError::NotAWorkingDay { date }) => d == date,
            _ => false,
        }
    }
}

/// The local time `local` as an instant: the earlier one in a fold, the first one after a gap.
pub fn resolve(zone: Tz, local: NaiveDateTime) -> i64 {
    let mut l = local;
    loop {
        match zone.from_local_datetime(&l) {
            LocalResult::Single(t) => return t.timestamp(),
            LocalResult::Ambiguous(a, b) => return a.timestamp().min(b.timestamp()),
            LocalResult::None => l += Duration::seconds(1),
        }
    }
}

/// The local date of the instant `t`.
pub fn local_date(zone: Tz, t: i64) -> NaiveDate {
    DateTime::from_timestamp(t, 0)
        .unwrap()
        .with_timezone(&zone)
        .date_naive()
}

fn midnight(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN)
}

/// The day-stepping reference calendar.
#[derive(Debug, Clone)]
pub struct RefCalendar {
    pub zone: Tz,
    /// Years with day data.
    pub covered: BTreeSet<i32>,
    pub first: i32,
    pub last: i32,
    /// The first instant of year `last + 1`: the end of coverage, itself a valid query instant.
    pub hi: i64,
    /// Each compiled date and its open intervals (possibly none).
    pub days: BTreeMap<NaiveDate, Vec<(i64, i64)>>,
    /// Each compiled date's hours, after statutory data and overrides.
    pub hours: BTreeMap<NaiveDate, DayHours>,
    /// Every non-empty interval, by start.
    pub intervals: Vec<(i64, i64)>,
    /// Each year inside the span without data, with its first instant and the next year's.
    pub gaps: Vec<(i32, i64, i64)>,
    overrides: BTreeMap<NaiveDate, DayRule>,
    statutory: StatutoryCalendar,
}

impl RefCalendar {
    pub fn new(spec: &Spec) -> Result<RefCalendar, BTreeSet<Problem>> {
        let mut problems = BTreeSet::new();
        let mut overrides = BTreeMap::new();
        for (d, r) in &spec.overrides {
            if overrides.insert(*d, r.clone()).is_some() {
                problems.insert(Problem::DuplicateDay);
            }
        }
        let covered: BTreeSet<i32> = match &spec.statutory {
            Some(s) => s.years().into_iter().collect(),
            None => (spec.years.0..=spec.years.1).collect(),
        };
        let (Some(&first), Some(&last)) = (covered.first(), covered.last()) else {
            problems.insert(Problem::NeverOpen);
            return Err(problems);
        };
        let statutory = spec.statutory.clone().unwrap_or_default();
        let week = |w: Weekday| &spec.week[w.num_days_from_monday() as usize];
        let mut days = BTreeMap::new();
        let mut all_hours = BTreeMap::new();
        let mut intervals = Vec::new();
        // Only dates in years with data are compiled. So an overnight range of 31 December just
        // before the data (or before a year after a gap) does not spill into 1 January; the fast
        // calendar does the same, though the answer there arguably depends on the year before.
        for &year in &covered {
            let mut date = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
            while date.year() == year {
                let borrow = |w: Weekday, problems: &mut BTreeSet<Problem>| {
                    if week(w).is_closed() {
                        problems.insert(Problem::BorrowedHoursEmpty);
                    }
                    week(w).clone()
                };
                let hours = match overrides.get(&date) {
                    Some(DayRule::Closed) => DayHours::closed(),
                    Some(DayRule::WorkAs(w)) => borrow(*w, &mut problems),
                    Some(DayRule::Hours(h)) => h.clone(),
                    None => match statutory.day(date).map(|d| d.kind) {
                        Some(StatutoryKind::DayOff) => DayHours::closed(),
                        Some(StatutoryKind::AdjustedWorkingDay) => {
                            borrow(spec.adjusted_as, &mut problems)
                        }
                        None => week(date.weekday()).clone(),
                    },
                };
                let mut mine = Vec::new();
                for r in hours.ranges() {
                    let start = i64::from(r.start().seconds());
                    let mut end = i64::from(r.end().seconds());
                    if end <= start {
                        end += DAY; // runs past midnight
                    }
                    let open = resolve(spec.zone, midnight(date) + Duration::seconds(start));
                    let close = resolve(spec.zone, midnight(date) + Duration::seconds(end));
                    if close > open {
                        mine.push((open, close));
                        intervals.push((open, close));
                    }
                }
                days.insert(date, mine);
                all_hours.insert(date, hours);
                date = date.succ_opt().unwrap();
            }
        }
        intervals.sort_unstable();
        let mut furthest = i64::MIN;
        for &(s, e) in &intervals {
            if s < furthest {
                problems.insert(Problem::OverlappingDays);
            }
            furthest = furthest.max(e);
        }
        if intervals.is_empty() {
            problems.insert(Problem::NeverOpen);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let year_start = |y: i32| {
            resolve(
                spec.zone,
                midnight(NaiveDate::from_ymd_opt(y, 1, 1).unwrap()),
            )
        };
        let hi = year_start(last + 1);
        let gaps = (first..=last)
            .filter(|y| !covered.contains(y))
            .map(|y| (y, year_start(y), year_start(y + 1)))
            .collect();
        Ok(RefCalendar {
            zone: spec.zone,
            covered,
            first,
            last,
            hi,
            days,
            hours: all_hours,
            intervals,
            gaps,
            overrides,
            statutory,
        })
    }

    fn year_start(&self, year: i32) -> i64 {
        resolve(
            self.zone,
            midnight(NaiveDate::from_ymd_opt(year, 1, 1).unwrap()),
        )
    }

    /// The first instant covered.
    pub fn lo(&self) -> i64 {
        self.year_start(self.first)
    }

    /// Years inside the span without data.
    pub fn gap_years(&self) -> Vec<i32> {
        self.gaps.iter().map(|&(y, _, _)| y).collect()
    }

    /// Gap years some instant strictly between `a` and `b` (either order) lies in.
    fn gaps_between(&self, a: i64, b: i64) -> Vec<i32> {
        let (a, b) = (a.min(b), a.max(b));
        self.gaps
            .iter()
            .filter(|&&(_, from, to)| from < b && a < to)
            .map(|&(y, _, _)| y)
            .collect()
    }

    fn no_gap_between(&self, a: i64, b: i64) -> Result<(), RefError> {
        let gaps = self.gaps_between(a, b);
        if gaps.is_empty() {
            Ok(())
        } else {
            Err(RefError::NotCovered(gaps))
        }
    }

    /// Whether `t` is an instant the calendar answers for: one in a year with data, or the very
    /// end of covered time (the first instant of the year after the data, or of a gap year), where
    /// a duration can end.
    pub fn check(&self, t: i64) -> Result<(), RefError> {
        if t == self.hi || self.gaps.iter().any(|&(_, from, _)| from == t) {
            return Ok(());
        }
        let y = local_date(self.zone, t).year();
        if self.covered.contains(&y) {
            Ok(())
        } else {
            Err(RefError::NotCovered(vec![y]))
        }
    }

    fn check_date(&self, date: NaiveDate) -> Result<(), RefError> {
        if self.covered.contains(&date.year()) {
            Ok(())
        } else {
            Err(RefError::NotCovered(vec![date.year()]))
        }
    }

    /// Both instants covered and no gap year between them; else every year at fault.
    fn check_window(&self, a: i64, b: i64) -> Result<(), RefError> {
        let mut years = self.gaps_between(a, b);
        for t in [a, b] {
            if let Err(RefError::NotCovered(y)) = self.check(t) {
                years.extend(y);
            }
        }
        if years.is_empty() {
            Ok(())
        } else {
            Err(RefError::NotCovered(years))
        }
    }

    pub fn between(&self, a: i64, b: i64) -> Result<i64, RefError> {
        self.check_window(a, b)?;
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut sum = 0;
        for &(s, e) in &self.intervals {
            let (s, e) = (s.max(lo), e.min(hi));
            if e > s {
                sum += e - s;
            }
        }
        Ok(sign * sum)
    }

    pub fn add(&self, t: i64, d: i64) -> Result<i64, RefError> {
        self.check(t)?;
        if d == 0 {
            return Ok(t);
        }
        let found = if d > 0 {
            let mut left = d;
            let mut found = None;
            for &(s, e) in &self.intervals {
                if e <= t {
                    continue;
                }
                let from = s.max(t);
                if left <= e - from {
                    found = Some(from + left);
                    break;
                }
                left -= e - from;
            }
            match found {
                Some(r) if r <= self.hi => r,
                _ => return Err(RefError::NotCovered(vec![self.last + 1])),
            }
        } else {
            let mut left = -d;
            let mut found = None;
            for &(s, e) in self.intervals.iter().rev() {
                if s >= t {
                    continue;
                }
                let to = e.min(t);
                if left <= to - s {
                    found = Some(to - left);
                    break;
                }
                left -= to - s;
            }
            found.ok_or(RefError::NotCovered(vec![self.first - 1]))?
        };
        self.no_gap_between(t, found)?;
        Ok(found)
    }

    pub fn is_open(&self, t: i64) -> Result<bool, RefError> {
        self.check(t)?;
        Ok(self.intervals.iter().any(|&(s, e)| s <= t && t < e))
    }

    pub fn next_open(&self, t: i64) -> Result<i64, RefError> {
        if self.is_open(t)? {
            return Ok(t);
        }
        let s = self
            .intervals
            .iter()
            .map(|&(s, _)| s)
            .find(|&s| s > t)
            .ok_or(RefError::NotCovered(vec![self.last + 1]))?;
        self.no_gap_between(t, s)?;
        Ok(s)
    }

    /// The end of the stretch of open time that `t` is in, or of the next one.
    pub fn next_close(&self, t: i64) -> Result<i64, RefError> {
        self.check(t)?;
        // The first interval to end after `t` (they do not overlap): the one `t` is in, or the next.
        let mut end = self
            .intervals
            .iter()
            .find(|&&(_, e)| e > t)
            .map(|&(_, e)| e)
            .ok_or(RefError::NotCovered(vec![self.last + 1]))?;
        while let Some(&(_, e)) = self.intervals.iter().find(|&&(s, _)| s == end) {
            end = e;
        }
        if end > self.hi {
            return Err(RefError::NotCovered(vec![self.last + 1]));
        }
        self.no_gap_between(t, end)?;
        Ok(end)
    }

    pub fn hours_on(&self, date: NaiveDate) -> Result<DayHours, RefError> {
        self.check_date(date)?;
        Ok(self.hours[&date].clone())
    }

    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, RefError> {
        self.check_date(date)?;
        Ok(!self.days[&date].is_empty())
    }

    /// Steps one day at a time.
    fn nth_working_day(
        &self,
        date: NaiveDate,
        n: u32,
        forward: bool,
    ) -> Result<NaiveDate, RefError> {
        self.check_date(date)?;
        // Walking into a year without data: every uncovered year from there on, up to the one
        // beyond the data, is one the answer depends on.
        let step = |d: NaiveDate| -> Result<NaiveDate, RefError> {
            let next = if forward {
                d.succ_opt().unwrap()
            } else {
                d.pred_opt().unwrap()
            };
            if self.check_date(next).is_err() {
                let onwards = if forward {
                    (next.year()..=self.last + 1).collect::<Vec<_>>()
                } else {
                    (self.first - 1..=next.year()).collect()
                };
                let years = onwards
                    .into_iter()
                    .filter(|y| !self.covered.contains(y))
                    .collect();
                return Err(RefError::NotCovered(years));
            }
            Ok(next)
        };
        let mut d = date;
        if n == 0 {
            while !self.is_working_day(d)? {
                d = step(d)?;
            }
            return Ok(d);
        }
        let mut left = n;
        while left > 0 {
            d = step(d)?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    pub fn working_day_after(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, RefError> {
        self.nth_working_day(date, n, true)
    }

    pub fn working_day_before(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, RefError> {
        self.nth_working_day(date, n, false)
    }

    /// The close of the day's last range, wherever that falls.
    pub fn end_of_working_day(&self, date: NaiveDate) -> Result<i64, RefError> {
        self.check_date(date)?;
        self.days[&date]
            .iter()
            .map(|&(_, e)| e)
            .max()
            .ok_or(RefError::NotAWorkingDay(date))
    }

    pub fn facts(&self, from: NaiveDate, to: NaiveDate) -> Vec<DayFact> {
        let mut out = Vec::new();
        let mut d = from;
        while d <= to {
            if let Some(rule) = self.overrides.get(&d) {
                out.push(DayFact {
                    date: d,
                    kind: DayFactKind::Override { rule: rule.clone() },
                });
            } else if let Some(s) = self.statutory.day(d) {
                out.push(DayFact {
                    date: d,
                    kind: DayFactKind::Statutory {
                        kind: s.kind,
                        name: s.name.clone(),
                    },
                });
            }
            d = d.succ_opt().unwrap();
        }
        out
    }

    /// Open time within `[from, to)`, touching intervals joined.
    pub fn open_intervals(&self, from: i64, to: i64) -> Result<Vec<(i64, i64)>, RefError> {
        if from >= to {
            return Ok(Vec::new());
        }
        self.check_window(from, to)?;
        let mut out: Vec<(i64, i64)> = Vec::new();
        for &(s, e) in &self.intervals {
            let (s, e) = (s.max(from), e.min(to));
            if e <= s {
                continue;
            }
            match out.last_mut() {
                Some(last) if last.1 == s => last.1 = e,
                _ => out.push((s, e)),
            }
        }
        Ok(out)
    }
}
