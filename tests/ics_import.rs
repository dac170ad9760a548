//! iCalendar files of real-world shapes (issue 15), written for these tests under
//! `tests/fixtures/ics/`: each read into a calendar whose days are asserted one by one.

#![cfg(feature = "ics")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use sla_engine::{Calendar, CalendarError, DayKind, Includes};

fn fixtures() -> Includes {
    Includes::confined("tests/fixtures/ics").unwrap()
}

fn load(toml: &str) -> Calendar {
    Calendar::from_toml_str("office.toml", toml, &fixtures()).unwrap_or_else(|e| panic!("{e}"))
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Kind, hours and name of one day.
fn day(cal: &Calendar, date: NaiveDate) -> (DayKind, String, Option<String>) {
    let info = cal.days(date, date).unwrap().next().unwrap();
    (
        info.kind,
        info.hours.to_string(),
        info.name().map(str::to_owned),
    )
}

fn at(s: &str) -> sla_engine::Timestamp {
    s.parse().unwrap()
}

const SHANGHAI_WEEK: &str = "zone = \"Asia/Shanghai\"\n[hours]\nmon = [\"09:00-18:00\"]\ntue = [\"09:00-18:00\"]\nwed = [\"09:00-18:00\"]\nthu = [\"09:00-18:00\"]\nfri = [\"09:00-18:00\"]\n";

fn shanghai(head: &str) -> String {
    format!("{head}\n{SHANGHAI_WEEK}")
}

#[test]
fn an_outlook_export_with_vtimezones() {
    let cal = load(&shanghai(
        "covers = [2025]\nics_files = [\"outlook-export.ics\"]",
    ));
    let labour = Some("Labour Day".to_owned());
    for d in 1..=5 {
        assert_eq!(
            day(&cal, ymd(2025, 5, d)),
            (DayKind::DayOff, "closed".into(), labour.clone()),
            "May {d}"
        );
    }
    // DTEND is exclusive: the 6th is open.
    assert_eq!(day(&cal, ymd(2025, 5, 6)).0, DayKind::Open);
    // CATEGORIES:Adjusted working day on a Sunday.
    assert_eq!(
        day(&cal, ymd(2025, 4, 27)),
        (
            DayKind::AdjustedWorkingDay,
            "09:00-18:00".into(),
            Some("Labour Day make-up".into())
        )
    );
    // A timed closure in the file's own China Standard Time.
    assert_eq!(
        day(&cal, ymd(2025, 3, 14)),
        (
            DayKind::SpecialHours,
            "09:00-14:00, 16:00-18:00".into(),
            None
        )
    );
    // Berlin 09:00 is 16:00 in Shanghai in winter (UTC+1) and 15:00 in summer (UTC+2): the
    // VTIMEZONE's daylight-saving rule decides, on 30 March 2025.
    assert_eq!(day(&cal, ymd(2025, 3, 24)).1, "09:00-16:00, 17:00-18:00");
    assert_eq!(day(&cal, ymd(2025, 3, 31)).1, "09:00-15:00, 16:00-18:00");
    assert_eq!(
        cal.between(
            at("2025-03-31T09:00:00+08:00"),
            at("2025-03-31T18:00:00+08:00")
        )
        .unwrap(),
        8 * 3600
    );
}

#[test]
fn a_google_holiday_feed_with_folded_lines_a_bom_and_crlf() {
    let cal = load(&shanghai(
        "covers = [2025]\nics_files = [\"google-holidays.ics\"]",
    ));
    for d in 28..=31 {
        assert_eq!(
            day(&cal, ymd(2025, 1, d)),
            (DayKind::DayOff, "closed".into(), Some("春节".into()))
        );
    }
    for d in 1..=4 {
        assert_eq!(day(&cal, ymd(2025, 2, d)).0, DayKind::DayOff, "Feb {d}");
    }
    assert_eq!(day(&cal, ymd(2025, 2, 5)).0, DayKind::Open);
    // `SUMMARY:春节补` folded before `班`.
    assert_eq!(
        day(&cal, ymd(2025, 1, 26)),
        (
            DayKind::AdjustedWorkingDay,
            "09:00-18:00".into(),
            Some("春节补班".into())
        )
    );
    assert_eq!(day(&cal, ymd(2025, 2, 8)).0, DayKind::AdjustedWorkingDay);
    // A summary folded with a tab.
    assert_eq!(
        day(&cal, ymd(2025, 10, 1)).2.as_deref(),
        Some("National Day / Mid-Autumn Festival (国庆节、中秋节)")
    );
    for d in 1..=8 {
        assert_eq!(day(&cal, ymd(2025, 10, d)).0, DayKind::DayOff, "Oct {d}");
    }
    assert_eq!(day(&cal, ymd(2025, 9, 28)).0, DayKind::AdjustedWorkingDay);
    assert_eq!(day(&cal, ymd(2025, 10, 11)).0, DayKind::AdjustedWorkingDay);
    // A cancelled event closes nothing.
    assert_eq!(day(&cal, ymd(2025, 2, 14)).0, DayKind::Open);
    // The Spring Festival example of the README, on this feed: 1 h on the 27th, 7 h on 5 February.
    assert_eq!(
        cal.zoned(cal.add(at("2025-01-27T17:00:00+08:00"), 8 * 3600).unwrap())
            .to_rfc3339(),
        "2025-02-05T16:00:00+08:00"
    );
}

#[test]
fn a_feed_with_yearly_rules_exdate_and_a_span_across_the_clock_change() {
    let cal = load(
        "zone = \"Europe/Paris\"\ncovers = [\"2024-2026\"]\nics_files = [\"rrule-exdate.ics\"]\n\
         [hours]\nmon = [\"09:00-17:00\"]\ntue = [\"09:00-17:00\"]\nwed = [\"09:00-17:00\"]\n\
         thu = [\"09:00-17:00\"]\nfri = [\"09:00-17:00\"]\nsat = [\"20:00-02:00\"]\n",
    );
    // RRULE:FREQ=YEARLY from 2020 without an end: expanded over the years covered, and only them.
    for y in 2024..=2026 {
        assert_eq!(
            day(&cal, ymd(y, 1, 1)),
            (
                DayKind::DayOff,
                "closed".into(),
                Some("New Year's Day".into())
            )
        );
    }
    assert!(matches!(
        cal.days(ymd(2027, 1, 1), ymd(2027, 1, 1)).err(),
        Some(CalendarError::YearNotCovered { year: 2027, .. })
    ));
    // A three-day break, yearly with COUNT=3, its 2025 occurrence removed by EXDATE.
    for d in 24..=26 {
        assert_eq!(day(&cal, ymd(2024, 12, d)).0, DayKind::DayOff);
        assert_eq!(day(&cal, ymd(2026, 12, d)).0, DayKind::DayOff);
    }
    assert_eq!(day(&cal, ymd(2025, 12, 24)).0, DayKind::Open);
    // A weekly timed closure with an EXDATE in its own zone.
    for d in [3, 10, 24, 31] {
        assert_eq!(
            day(&cal, ymd(2025, 1, d)),
            (DayKind::SpecialHours, "09:00-15:00".into(), None),
            "Jan {d}"
        );
    }
    assert_eq!(
        day(&cal, ymd(2025, 1, 17)),
        (DayKind::Open, "09:00-17:00".into(), None)
    );
    assert_eq!(day(&cal, ymd(2025, 2, 7)).0, DayKind::Open);
    // 23:00 Saturday to 03:30 Sunday across the jump from 02:00 to 03:00: Saturday's overnight
    // range 20:00-02:00 keeps 20:00-23:00.
    assert_eq!(day(&cal, ymd(2025, 3, 29)).1, "20:00-23:00");
    assert_eq!(
        cal.between(
            at("2025-03-29T19:00:00+01:00"),
            at("2025-03-30T12:00:00+02:00")
        )
        .unwrap(),
        3 * 3600
    );
    // DURATION:P1D and X-SLA-KIND:working.
    assert_eq!(day(&cal, ymd(2025, 5, 10)).0, DayKind::AdjustedWorkingDay);
}

#[test]
fn the_working_day_pattern_is_a_setting() {
    let head = "covers = [2025]\nics_files = [\"google-holidays.ics\"]";
    let default = load(&shanghai(head));
    let mine = load(&shanghai(&format!(
        "{head}\nics_working_day = [\"调休上班\"]"
    )));
    assert_eq!(
        day(&default, ymd(2025, 1, 26)).0,
        DayKind::AdjustedWorkingDay
    );
    // 春节补班 no longer matches: the event closes its day.
    assert_eq!(day(&mine, ymd(2025, 1, 26)).0, DayKind::DayOff);
    let sunday = at("2025-01-26T10:00:00+08:00");
    assert_eq!(
        default
            .zoned(default.add(sunday, 3600).unwrap())
            .to_rfc3339(),
        "2025-01-26T11:00:00+08:00"
    );
    assert_eq!(
        mine.zoned(mine.add(sunday, 3600).unwrap()).to_rfc3339(),
        "2025-01-27T10:00:00+08:00"
    );
}

#[test]
fn a_feed_covers_only_the_years_the_calendar_says() {
    // Without `covers`, a feed cannot say a year is complete.
    let err = Calendar::from_toml_str(
        "office.toml",
        &shanghai("ics_files = [\"google-holidays.ics\"]"),
        &fixtures(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "office.toml:1:14: ics_files: the calendar covers no year: say which years its days are complete for, e.g. covers = [2025, 2026] (a year without events in a feed is not a year without holidays)"
    );
    // The feed has no event in 2026: 2026 is unknown, not a year without holidays.
    let cal = load(&shanghai(
        "covers = [2025]\nics_files = [\"google-holidays.ics\"]",
    ));
    assert_eq!(cal.years(), Some((2025, 2025)));
    assert!(cal.is_working_day(ymd(2026, 1, 5)).is_err());
    // With shipped statutory data, `covers` adds the years the feed completes.
    let cal = load(&shanghai(
        "statutory = \"cn\"\ncovers = [2027]\nics_files = [\"rrule-exdate.ics\"]",
    ));
    assert_eq!(cal.years(), Some((2004, 2027)));
    assert_eq!(day(&cal, ymd(2027, 1, 1)).0, DayKind::DayOff);
    // The feed's New Year's Day of 2025 agrees with the statutory data (a day off either way).
    assert_eq!(day(&cal, ymd(2025, 1, 1)).0, DayKind::DayOff);
}
