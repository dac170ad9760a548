//! Properties of the business calendar, and the fast calendar checked against the day-stepping
//! reference in `support/` on random calendars (weekly hours with breaks, overnight ranges,
//! overrides, small statutory data sets with missing years) in three zones, with instants drawn
//! around opening and closing times, daylight-saving transitions and the edges of the data.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod support;

use std::fmt::Debug;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Days, NaiveDate, Offset, TimeZone, Weekday};
use chrono_tz::Tz;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use sla_engine::{
    Calendar, CalendarError, DayHours, DayRule, StatutoryCalendar, StatutoryDay, StatutoryKind,
    TimeOfDay, TimeRange, Timestamp, Window,
};
use support::{Problem, RefCalendar, RefError, Spec, WEEKDAYS, local_date};

/// The calendar on integer seconds, as the reference model counts them (an instant outside the
/// representable dates is the calendar's own `OutOfRange`).
trait Seconds {
    fn between_unix(&self, a: i64, b: i64) -> Result<i64, CalendarError>;
    fn add_unix(&self, t: i64, d: i64) -> Result<i64, CalendarError>;
    fn is_open_unix(&self, t: i64) -> Result<bool, CalendarError>;
    fn next_open_unix(&self, t: i64) -> Result<i64, CalendarError>;
    fn next_close_unix(&self, t: i64) -> Result<i64, CalendarError>;
    fn end_of_working_day_unix(&self, date: NaiveDate) -> Result<i64, CalendarError>;
    fn open_intervals_unix(&self, a: i64, b: i64) -> Result<Vec<(i64, i64)>, CalendarError>;
    fn local_date_unix(&self, t: i64) -> Result<NaiveDate, CalendarError>;
}

fn ts(t: i64) -> Result<Timestamp, CalendarError> {
    Timestamp::from_second(t).map_err(|_| CalendarError::OutOfRange { seconds: t })
}

impl Seconds for Calendar {
    fn between_unix(&self, a: i64, b: i64) -> Result<i64, CalendarError> {
        self.between(ts(a)?, ts(b)?)
    }
    fn add_unix(&self, t: i64, d: i64) -> Result<i64, CalendarError> {
        Ok(self.add(ts(t)?, d)?.as_second())
    }
    fn is_open_unix(&self, t: i64) -> Result<bool, CalendarError> {
        self.is_open(ts(t)?)
    }
    fn next_open_unix(&self, t: i64) -> Result<i64, CalendarError> {
        Ok(self.next_open(ts(t)?)?.as_second())
    }
    fn next_close_unix(&self, t: i64) -> Result<i64, CalendarError> {
        Ok(self.next_close(ts(t)?)?.as_second())
    }
    fn end_of_working_day_unix(&self, date: NaiveDate) -> Result<i64, CalendarError> {
        Ok(self.end_of_working_day(date)?.as_second())
    }
    fn open_intervals_unix(&self, a: i64, b: i64) -> Result<Vec<(i64, i64)>, CalendarError> {
        if a >= b {
            return Ok(Vec::new());
        }
        let set = self.open_within(Window::new(ts(a)?, ts(b)?).unwrap())?;
        Ok(set.iter().map(|iv| (iv.start(), iv.end())).collect())
    }
    fn local_date_unix(&self, t: i64) -> Result<NaiveDate, CalendarError> {
        Ok(self.local_date(ts(t)?))
    }
}

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;
const ZONES: [Tz; 3] = [
    chrono_tz::Asia::Shanghai,
    chrono_tz::America::New_York,
    chrono_tz::Europe::London,
];

// ---------------------------------------------------------------------------------------------
// Random calendars
// ---------------------------------------------------------------------------------------------

/// A time of day on a quarter-hour grid (slot 96 is 24:00).
fn slot_time(slot: u32) -> TimeOfDay {
    TimeOfDay::from_hms(slot / 4, slot % 4 * 15, 0).unwrap()
}

/// Up to three ranges with breaks between them, and sometimes an overnight range after them.
///
/// Ranges start at or after the slot `edge` and overnight ranges end at or before it, so that one
/// day never runs into the next, except when `loose` (then overlapping days are likely, and the
/// build must fail in both calendars).
fn day_hours(edge: u32, loose: bool) -> impl Strategy<Value = DayHours> {
    let low = if loose { 0 } else { edge };
    // A third of the times fall between 00:00 and 03:00, where the clocks change.
    let time = prop_oneof![2 => low..=96, 1 => low..=low.max(12)];
    (
        prop::collection::btree_set(time, 0..=6),
        prop::bool::weighted(0.3),
        any::<u32>(),
        any::<u32>(),
    )
        .prop_map(move |(points, overnight, a, b)| {
            let points: Vec<u32> = points.into_iter().collect();
            let mut ranges: Vec<TimeRange> = points
                .chunks_exact(2)
                .map(|p| TimeRange::new(slot_time(p[0]), slot_time(p[1])).unwrap())
                .collect();
            let last_end = points.chunks_exact(2).last().map_or(low, |p| p[1]);
            if overnight && last_end < 95 {
                let start = last_end + 1 + a % (95 - last_end);
                // Before the start, so the range runs past midnight.
                let end = if loose { b % start } else { b % (edge + 1) };
                if end < start {
                    ranges.push(TimeRange::new(slot_time(start), slot_time(end)).unwrap());
                }
            }
            DayHours::new(ranges).unwrap()
        })
}

fn weekday() -> impl Strategy<Value = Weekday> {
    (0usize..7).prop_map(|i| WEEKDAYS[i])
}

fn day_rule(edge: u32, loose: bool) -> impl Strategy<Value = DayRule> {
    prop_oneof![
        Just(DayRule::Closed),
        weekday().prop_map(DayRule::WorkAs),
        day_hours(edge, loose).prop_map(DayRule::Hours),
    ]
}

/// Daylight-saving transitions of `zone` in 2023-2027, found by watching the UTC offset hour by
/// hour and then second by second.
fn transitions(zone: Tz) -> &'static [i64] {
    static CACHE: OnceLock<Vec<(Tz, Vec<i64>)>> = OnceLock::new();
    let all = CACHE.get_or_init(|| {
        let offset = |z: Tz, t: i64| {
            z.offset_from_utc_datetime(&DateTime::from_timestamp(t, 0).unwrap().naive_utc())
                .fix()
                .local_minus_utc()
        };
        ZONES
            .iter()
            .map(|&z| {
                let (lo, hi) = (1_672_531_200, 1_830_297_600); // 2023-01-01 .. 2028-01-01 UTC
                let mut found = Vec::new();
                let mut t = lo;
                while t < hi {
                    if offset(z, t) != offset(z, t + HOUR) {
                        let mut u = t;
                        while offset(z, u + 1) == offset(z, t) {
                            u += 1;
                        }
                        found.push(u + 1);
                    }
                    t += HOUR;
                }
                (z, found)
            })
            .collect()
    });
    &all.iter().find(|(z, _)| *z == zone).unwrap().1
}

/// A date in 2024-2026, or next to a daylight-saving transition of `zone` in 2023-2027 (a date
/// outside the span is ignored as an override, and widens the span as a statutory day).
fn date_in_span(zone: Tz, x: u64) -> NaiveDate {
    let tr = transitions(zone);
    if x.is_multiple_of(3) && !tr.is_empty() {
        let t = tr[(x / 3) as usize % tr.len()];
        let d = local_date(zone, t);
        match (x / 7) % 3 {
            0 => d.pred_opt().unwrap(),
            1 => d,
            _ => d.succ_opt().unwrap(),
        }
    } else {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(x % (3 * 365 + 1))
    }
}

fn statutory(zone: Tz) -> impl Strategy<Value = Option<StatutoryCalendar>> {
    let days = prop::collection::vec((any::<u64>(), any::<bool>(), 0usize..3), 1..8).prop_map(
        move |raw| {
            let mut days: Vec<StatutoryDay> = Vec::new();
            for (x, off, year_pick) in raw {
                let mut date = date_in_span(zone, x);
                // Sometimes leave 2025 without data, so that the calendar has a gap year.
                if year_pick == 0 && date.year() == 2025 {
                    date = date.with_year(2024).unwrap_or(date);
                }
                if days.iter().any(|d| d.date == date) {
                    continue;
                }
                days.push(StatutoryDay {
                    date,
                    kind: if off {
                        StatutoryKind::DayOff
                    } else {
                        StatutoryKind::AdjustedWorkingDay
                    },
                    name: "Test Day".into(),
                });
            }
            Some(StatutoryCalendar::from_days(days).unwrap())
        },
    );
    prop_oneof![3 => Just(None), 1 => days]
}

/// A random calendar; `edge` (00:00 to 03:00, across the daylight-saving changes) is where one
/// day's hours end and the next day's begin.
fn spec() -> impl Strategy<Value = Spec> {
    (0usize..3, 0u32..=12, prop::bool::weighted(0.1)).prop_flat_map(|(z, edge, loose)| {
        let zone = ZONES[z];
        (
            prop::array::uniform7(day_hours(edge, loose)),
            statutory(zone),
            weekday(),
            prop::collection::vec((any::<u64>(), day_rule(edge, loose)), 0..6),
            prop_oneof![3 => Just((2024, 2026)), 1 => Just((2025, 2025))],
        )
            .prop_map(move |(week, statutory, adjusted_as, raw, years)| Spec {
                zone,
                week,
                statutory,
                adjusted_as,
                overrides: raw
                    .into_iter()
                    .map(|(x, r)| (date_in_span(zone, x), r))
                    .collect(),
                years,
            })
    })
}

/// One query's raw material; instants and durations are drawn from it once the calendar exists.
#[derive(Debug, Clone)]
struct Seed {
    t: (u8, u64),
    u: (u8, u64),
    d: (u8, u64),
    n: u32,
}

fn seeds() -> impl Strategy<Value = Vec<Seed>> {
    prop::collection::vec(
        (
            (any::<u8>(), any::<u64>()),
            (any::<u8>(), any::<u64>()),
            (any::<u8>(), any::<u64>()),
            0u32..6,
        )
            .prop_map(|(t, u, d, n)| Seed { t, u, d, n }),
        24,
    )
}

/// An instant: anywhere near the span, near a daylight-saving transition, next to an opening or
/// closing time, or near the edge of the data.
fn instant(r: &RefCalendar, (kind, x): (u8, u64)) -> i64 {
    let lo = r.lo();
    let signed = |x: u64, width: i64| (x % (2 * width as u64 + 1)) as i64 - width;
    match kind % 4 {
        0 => lo - 2 * DAY + (x % (r.hi - lo + 4 * DAY) as u64) as i64,
        1 if !transitions(r.zone).is_empty() => {
            let tr = transitions(r.zone);
            tr[x as usize % tr.len()] + signed(x >> 16, 4 * HOUR)
        }
        2 | 1 => {
            let (s, e) = r.intervals[x as usize % r.intervals.len()];
            let base = if x & (1 << 40) == 0 { s } else { e };
            base + signed(x >> 48, 3)
        }
        _ => {
            let mut edges = vec![lo, r.hi];
            for y in r.first..=r.last + 1 {
                edges.push(support::resolve(
                    r.zone,
                    NaiveDate::from_ymd_opt(y, 1, 1)
                        .unwrap()
                        .and_time(chrono::NaiveTime::MIN),
                ));
            }
            let width = if x & (1 << 8) == 0 { 2 } else { DAY };
            edges[x as usize % edges.len()] + signed(x >> 16, width)
        }
    }
}

/// A business duration: zero, short, long, or exactly what reaches an opening or closing time.
fn duration(r: &RefCalendar, t: i64, (kind, x): (u8, u64)) -> i64 {
    let sign = if x & 1 == 0 { 1 } else { -1 };
    let x = x >> 1;
    match kind % 5 {
        0 => 0,
        1 => sign * (x % (6 * HOUR as u64)) as i64,
        2 => sign * (x % (40 * DAY as u64)) as i64,
        3 => {
            let (s, e) = r.intervals[x as usize % r.intervals.len()];
            let edge = if x & (1 << 40) == 0 { s } else { e };
            r.between(t, edge).unwrap_or(sign)
        }
        _ => sign * (x % (400 * DAY as u64)) as i64,
    }
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

fn show(zone: Tz, t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map_or_else(|| t.to_string(), |u| u.with_timezone(&zone).to_rfc3339())
}

/// The fast answer and the reference answer agree (equal values, or errors saying the same).
fn agree<T: PartialEq + Debug>(
    what: impl Fn() -> String,
    fast: Result<T, CalendarError>,
    reference: Result<T, RefError>,
) -> Result<(), TestCaseError> {
    match (&fast, &reference) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Err(e), Err(r)) if r.matches(e) => Ok(()),
        _ => Err(TestCaseError::fail(format!(
            "{}: fast {fast:?}, reference {reference:?}",
            what()
        ))),
    }
}

/// Laws the fast calendar must obey on its own, from the instant `t` with durations `a` and `b`.
fn laws(cal: &Calendar, t: i64, u: i64, a: i64, b: i64) -> Result<(), TestCaseError> {
    let z = cal.zone();
    let ctx = || format!("t={} u={} a={a} b={b}", show(z, t), show(z, u));
    if cal.is_open_unix(t).is_err() {
        return Ok(());
    }
    // between(t, add(t, d)) == d, forward and backward.
    for d in [a, b, -a, -b] {
        if let Ok(r) = cal.add_unix(t, d) {
            prop_assert_eq!(cal.between_unix(t, r).unwrap(), d, "{} d={}", ctx(), d);
            prop_assert_eq!(cal.between_unix(r, t).unwrap(), -d, "{} d={}", ctx(), d);
            // d > 0 lands on open time or exactly on a closing time: the second before it is open.
            if d > 0 {
                prop_assert!(cal.is_open_unix(r - 1).unwrap(), "{} d={}", ctx(), d);
                prop_assert!(
                    cal.is_open_unix(r).unwrap() || cal.next_close_unix(r - 1).unwrap() == r,
                    "{} d={}",
                    ctx(),
                    d
                );
            }
            // d < 0 lands on open time (an opening time at the latest).
            if d < 0 {
                prop_assert!(cal.is_open_unix(r).unwrap(), "{} d={}", ctx(), d);
            }
        }
    }
    // Monotone in d.
    let mut ds = [0, a, b, a.saturating_add(b), -a, -b, (-a).saturating_sub(b)];
    ds.sort_unstable();
    let outs: Vec<Option<i64>> = ds.iter().map(|&d| cal.add_unix(t, d).ok()).collect();
    for (i, j) in (0..ds.len()).flat_map(|i| (i + 1..ds.len()).map(move |j| (i, j))) {
        if let (Some(x), Some(y)) = (outs[i], outs[j]) {
            prop_assert!(x <= y, "{} add({}) > add({})", ctx(), ds[i], ds[j]);
        }
    }
    // Composition, in one direction at a time: exact even from closed time, because adding zero
    // stays put and a positive duration from closed time starts at the next opening either way.
    let (a, b) = (a.abs(), b.abs());
    for sign in [1, -1] {
        let (a, b) = (sign * a, sign * b);
        if let (Ok(x), Ok(direct)) = (cal.add_unix(t, a), cal.add_unix(t, a + b)) {
            prop_assert_eq!(
                cal.add_unix(x, b).unwrap(),
                direct,
                "{} sign={}",
                ctx(),
                sign
            );
        }
    }
    // What holds across directions: there and back from closed time lands on the next opening
    // (forward then back) or on the last closing (back then forward), not on t.
    if a > 0 {
        if let Ok(x) = cal.add_unix(t, a) {
            prop_assert_eq!(
                cal.add_unix(x, -a).unwrap(),
                cal.next_open_unix(t).unwrap(),
                "{}",
                ctx()
            );
        }
        if let Ok(x) = cal.add_unix(t, -a) {
            let back = cal.add_unix(x, a).unwrap();
            prop_assert!(back <= t, "{}", ctx());
            prop_assert_eq!(cal.between_unix(back, t).unwrap(), 0, "{}", ctx());
            if back < t {
                prop_assert!(!cal.is_open_unix(back).unwrap(), "{}", ctx());
            }
        }
    }
    // Additivity of between.
    for m in [t.min(u) + (t - u).abs() / 3, u.wrapping_add(HOUR)] {
        if let (Ok(ac), Ok(ab), Ok(bc)) = (
            cal.between_unix(t, u),
            cal.between_unix(t, m),
            cal.between_unix(m, u),
        ) {
            prop_assert_eq!(ac, ab + bc, "{} m={}", ctx(), show(z, m));
        }
    }
    // The next opening is open, and no business time passes before it.
    if let Ok(o) = cal.next_open_unix(t) {
        prop_assert!(cal.is_open_unix(o).unwrap(), "{}", ctx());
        prop_assert_eq!(cal.between_unix(t, o).unwrap(), 0, "{}", ctx());
    }
    Ok(())
}

fn compare(spec: &Spec, seeds: &[Seed]) -> Result<(), TestCaseError> {
    let fast = spec.build();
    let reference = RefCalendar::new(spec);
    let (cal, r) = match (fast, reference) {
        (Ok(cal), Ok(r)) => (cal, r),
        (Err(e), Err(problems)) => {
            let p = Problem::of(&e);
            prop_assert!(
                p.is_some_and(|p| problems.contains(&p)),
                "fast build error {e:?}, reference problems {problems:?}"
            );
            return Ok(());
        }
        (fast, reference) => {
            return Err(TestCaseError::fail(format!(
                "build: fast {:?}, reference {:?}",
                fast.map(|_| ()),
                reference.map(|_| ())
            )));
        }
    };
    prop_assert_eq!(cal.zone(), spec.zone);
    prop_assert_eq!(cal.years(), Some((r.first, r.last)));
    let z = r.zone;
    for s in seeds {
        let (t, u) = (instant(&r, s.t), instant(&r, s.u));
        let d = duration(&r, t, s.d);
        let at = || format!("t={} u={} d={d} n={}", show(z, t), show(z, u), s.n);
        agree(
            || format!("between {}", at()),
            cal.between_unix(t, u),
            r.between(t, u),
        )?;
        agree(|| format!("add {}", at()), cal.add_unix(t, d), r.add(t, d))?;
        agree(
            || format!("is_open {}", at()),
            cal.is_open_unix(t),
            r.is_open(t),
        )?;
        agree(
            || format!("next_open {}", at()),
            cal.next_open_unix(t),
            r.next_open(t),
        )?;
        agree(
            || format!("next_close {}", at()),
            cal.next_close_unix(t),
            r.next_close(t),
        )?;
        let (from, to) = (t.min(u), t.max(u));
        agree(
            || format!("open_intervals {}", at()),
            cal.open_intervals_unix(from, to),
            r.open_intervals(from, to),
        )?;
        let date = local_date(z, t);
        prop_assert_eq!(cal.local_date_unix(t).unwrap(), date);
        agree(
            || format!("hours_on {date}"),
            cal.hours_on(date),
            r.hours_on(date),
        )?;
        agree(
            || format!("is_working_day {date}"),
            cal.is_working_day(date),
            r.is_working_day(date),
        )?;
        agree(
            || format!("working_day_after {date} {}", s.n),
            cal.working_day_after(date, s.n),
            r.working_day_after(date, s.n),
        )?;
        agree(
            || format!("working_day_before {date} {}", s.n),
            cal.working_day_before(date, s.n),
            r.working_day_before(date, s.n),
        )?;
        agree(
            || format!("end_of_working_day {date}"),
            cal.end_of_working_day_unix(date),
            r.end_of_working_day(date),
        )?;
        let until = date + Days::new(u64::from(s.n) * 3);
        prop_assert_eq!(
            cal.facts(date, until),
            r.facts(date, until),
            "facts {}",
            at()
        );
        laws(&cal, t, u, d, duration(&r, u, s.u))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn fast_calendar_agrees_with_the_day_stepping_reference(spec in spec(), seeds in seeds()) {
        compare(&spec, &seeds)?;
    }

    #[test]
    fn night_shifts_agree_with_the_reference(z in 0usize..3, seeds in seeds()) {
        compare(&night_shift(ZONES[z]), &seeds)?;
    }
}

// ---------------------------------------------------------------------------------------------
// The laws on the shipped calendar, and on fixed calendars with overnight hours across DST
// ---------------------------------------------------------------------------------------------

fn cn_standard() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Calendar::preset("cn-standard").unwrap())
}

/// The reference for `cn-standard`, built from the same statutory data.
fn cn_reference() -> &'static RefCalendar {
    static REF: OnceLock<RefCalendar> = OnceLock::new();
    REF.get_or_init(|| {
        let nine_to_six = DayHours::parse(&["09:00-18:00"]).unwrap();
        let closed = DayHours::closed();
        let mut week: [DayHours; 7] = Default::default();
        for (i, w) in week.iter_mut().enumerate() {
            *w = if i < 5 {
                nine_to_six.clone()
            } else {
                closed.clone()
            };
        }
        RefCalendar::new(&Spec {
            zone: chrono_tz::Asia::Shanghai,
            week,
            statutory: Some(StatutoryCalendar::cn()),
            adjusted_as: Weekday::Mon,
            overrides: Vec::new(),
            years: (2004, 2026),
        })
        .unwrap()
    })
}

/// Night shifts across both daylight-saving transitions: 22:00-06:00 on weekdays, and a Sunday
/// whose hours straddle the New York and London gaps and folds.
fn night_shift(zone: Tz) -> Spec {
    let weekday = DayHours::parse(&["08:00-12:00", "13:00-17:00", "22:00-06:00"]).unwrap();
    let sunday = DayHours::parse(&["00:30-01:30", "01:45-02:30", "03:00-04:00"]).unwrap();
    let mut week: [DayHours; 7] = Default::default();
    for (i, w) in week.iter_mut().enumerate() {
        *w = match i {
            0..5 => weekday.clone(),
            5 => DayHours::closed(),
            _ => sunday.clone(),
        };
    }
    Spec {
        zone,
        week,
        statutory: None,
        adjusted_as: Weekday::Mon,
        overrides: Vec::new(),
        years: (2024, 2026),
    }
}

fn night_shifts() -> &'static [Calendar] {
    static CALS: OnceLock<Vec<Calendar>> = OnceLock::new();
    CALS.get_or_init(|| {
        ZONES
            .iter()
            .map(|&z| night_shift(z).build().unwrap())
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn laws_hold_on_cn_standard(
        t in 1_072_886_400i64..1_798_732_800, // 2004-01-01 .. 2027-01-01 +08:00
        u in 1_072_886_400i64..1_798_732_800,
        a in 0i64..2 * 365 * DAY,
        b in prop_oneof![0i64..10 * HOUR, 0i64..200 * DAY],
    ) {
        laws(cn_standard(), t, u, a, b)?;
    }

    #[test]
    fn laws_hold_on_night_shifts_across_dst(
        z in 0usize..3,
        tr in any::<prop::sample::Index>(),
        off in -3 * DAY..3 * DAY,
        u in 1_704_067_200i64..1_798_761_600, // 2024-01-01 .. 2027-01-01 UTC
        a in prop_oneof![0i64..6 * HOUR, 0i64..60 * DAY],
        b in 0i64..30 * HOUR,
    ) {
        let cal = &night_shifts()[z];
        let trs = transitions(cal.zone());
        let t = if trs.is_empty() { u } else { *tr.get(trs) + off };
        laws(cal, t, u, a, b)?;
    }

    #[test]
    fn cn_standard_agrees_with_the_reference(
        t in 1_072_886_400i64..1_798_732_800,
        u in prop_oneof![1_072_886_400i64..1_798_732_800, Just(0i64)],
        d in prop_oneof![-10 * HOUR..10 * HOUR, -400 * DAY..400 * DAY],
        n in 0u32..12,
    ) {
        let (cal, r) = (cn_standard(), cn_reference());
        let u = if u == 0 { t + 3 * DAY } else { u };
        agree(|| format!("between {t} {u}"), cal.between_unix(t, u), r.between(t, u))?;
        agree(|| format!("add {t} {d}"), cal.add_unix(t, d), r.add(t, d))?;
        agree(|| format!("next_open {t}"), cal.next_open_unix(t), r.next_open(t))?;
        agree(|| format!("next_close {t}"), cal.next_close_unix(t), r.next_close(t))?;
        let date = local_date(cal.zone(), t);
        agree(|| format!("after {date} {n}"), cal.working_day_after(date, n), r.working_day_after(date, n))?;
        agree(|| format!("before {date} {n}"), cal.working_day_before(date, n), r.working_day_before(date, n))?;
        agree(|| format!("end {date}"), cal.end_of_working_day_unix(date), r.end_of_working_day(date))?;
    }
}
