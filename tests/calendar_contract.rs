//! The business calendar on cases pinned from the contract (clause 4.1: Monday to Friday
//! 09:00-18:00, statutory holidays off, adjusted working days on) and from the conventions the
//! contract leaves open (the Q-numbers of `terms.md`). Dates are checked against
//! `data/cn-statutory-calendar.csv`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use chrono::{Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;
use sla_engine::{
    Calendar, CalendarError, DayHours, DayRule, StatutoryCalendar, TimeOfDay, Timestamp, Weekdays,
};

fn cn() -> Calendar {
    Calendar::preset("cn-standard").unwrap()
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const HOUR: i64 = 3600;

// ---------------------------------------------------------------------------------------------
// Clause 4.1: service hours, statutory days off, adjusted working days
// ---------------------------------------------------------------------------------------------

#[test]
fn clause_4_1_saturday_before_spring_festival_counts_the_worked_sunday() {
    // 2025-01-25 is a Saturday (closed); Sunday 2025-01-26 is an adjusted working day.
    let cal = cn();
    let from = at("2025-01-25T10:00:00+08:00");
    let due = cal.add(from, 8 * HOUR).unwrap();
    assert_eq!(cal.zoned(due).to_rfc3339(), "2025-01-26T17:00:00+08:00");
    assert_eq!(cal.between(from, due).unwrap(), 8 * HOUR);
}

#[test]
fn clause_4_1_friday_before_spring_festival_2026_runs_into_the_worked_saturday() {
    // One hour on Friday 2026-02-13, one on Saturday 2026-02-14 (an adjusted working day).
    let cal = cn();
    let due = cal.add(at("2026-02-13T17:00:00+08:00"), 2 * HOUR).unwrap();
    assert_eq!(cal.zoned(due).to_rfc3339(), "2026-02-14T10:00:00+08:00");
}

#[test]
fn clause_4_1_spring_festival_2025_days_off_are_skipped() {
    // One hour on Monday 2025-01-27, nothing from 28 January to 4 February, seven hours on the 5th.
    let cal = cn();
    let from = at("2025-01-27T17:00:00+08:00");
    let due = cal.add(from, 8 * HOUR).unwrap();
    assert_eq!(cal.zoned(due).to_rfc3339(), "2025-02-05T16:00:00+08:00");
    assert_eq!(cal.between(from, due).unwrap(), 8 * HOUR);
    // Counted back from the deadline, the same eight hours land on the report.
    assert_eq!(cal.add(due, -8 * HOUR).unwrap(), from);
}

#[test]
fn clause_4_1_opening_is_inclusive_and_closing_exclusive() {
    let cal = cn();
    assert!(cal.is_open(at("2025-03-07T09:00:00+08:00")).unwrap());
    assert!(cal.is_open(at("2025-03-07T17:59:59+08:00")).unwrap());
    assert!(!cal.is_open(at("2025-03-07T18:00:00+08:00")).unwrap());
    assert!(!cal.is_open(at("2025-03-07T08:59:59+08:00")).unwrap());
    // The same instant written in another offset is the same instant.
    assert!(cal.is_open(at("2025-03-07T01:00:00Z")).unwrap());
}

#[test]
fn clause_4_1_a_week_of_service_hours_is_45_hours() {
    let cal = cn();
    let week = cal
        .between(
            at("2025-03-10T00:00:00+08:00"),
            at("2025-03-17T00:00:00+08:00"),
        )
        .unwrap();
    assert_eq!(week, 5 * 9 * HOUR);
}

/// Every date of 2004-2026 is a working day in `cn-standard` exactly when the CSV says so: a Monday
/// to Friday not listed as a holiday, or a day listed as a workday.
#[test]
fn clause_4_1_working_days_follow_the_statutory_csv_2004_to_2026() {
    let csv = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/cn-statutory-calendar.csv"
    ));
    let mut listed = std::collections::BTreeMap::new();
    for line in csv.lines() {
        if line.starts_with('#') || line.starts_with("date,") || line.is_empty() {
            continue;
        }
        let mut f = line.split(',');
        let date: NaiveDate = f.next().unwrap().parse().unwrap();
        let kind = f.next().unwrap();
        listed.insert(date, kind == "workday");
    }
    let cal = cn();
    let mut date = ymd(2004, 1, 1);
    let mut working = 0;
    while date.year() <= 2026 {
        let weekday = !matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let expected = listed.get(&date).copied().unwrap_or(weekday);
        assert_eq!(cal.is_working_day(date).unwrap(), expected, "{date}");
        if expected {
            working += 1;
            assert_eq!(
                cal.zoned(cal.end_of_working_day(date).unwrap())
                    .to_rfc3339(),
                format!("{date}T18:00:00+08:00")
            );
        }
        date = date.succ_opt().unwrap();
    }
    // About 250 working days a year.
    assert!((23 * 245..23 * 255).contains(&working), "{working}");
}

#[test]
fn clause_4_1_working_day_steps_across_spring_festival_2025() {
    let cal = cn();
    // Friday 24 January; Sunday 26th worked; 28 January to 4 February off; back on the 5th.
    assert_eq!(
        cal.working_day_after(ymd(2025, 1, 24), 1).unwrap(),
        ymd(2025, 1, 26)
    );
    assert_eq!(
        cal.working_day_after(ymd(2025, 1, 24), 2).unwrap(),
        ymd(2025, 1, 27)
    );
    assert_eq!(
        cal.working_day_after(ymd(2025, 1, 24), 3).unwrap(),
        ymd(2025, 2, 5)
    );
    assert_eq!(
        cal.working_day_before(ymd(2025, 2, 5), 1).unwrap(),
        ymd(2025, 1, 27)
    );
    assert_eq!(
        cal.working_day_before(ymd(2025, 2, 5), 2).unwrap(),
        ymd(2025, 1, 26)
    );
    // n = 0: the day itself if it is a working day, else the next (or previous) one.
    assert_eq!(
        cal.working_day_after(ymd(2025, 2, 1), 0).unwrap(),
        ymd(2025, 2, 5)
    );
    assert_eq!(
        cal.working_day_before(ymd(2025, 2, 1), 0).unwrap(),
        ymd(2025, 1, 27)
    );
    assert_eq!(
        cal.working_day_after(ymd(2025, 2, 5), 0).unwrap(),
        ymd(2025, 2, 5)
    );
    // Saturday 8 February 2025 is worked too.
    assert_eq!(
        cal.working_day_after(ymd(2025, 2, 7), 1).unwrap(),
        ymd(2025, 2, 8)
    );
}

#[test]
fn clause_4_1_working_day_steps_across_national_day_2026() {
    let cal = cn();
    // 1-7 October 2026 off, Thursday 8th and Friday 9th worked, Saturday 10th an adjusted working day.
    let eve = ymd(2026, 9, 30);
    assert_eq!(cal.working_day_after(eve, 1).unwrap(), ymd(2026, 10, 8));
    assert_eq!(cal.working_day_after(eve, 2).unwrap(), ymd(2026, 10, 9));
    assert_eq!(cal.working_day_after(eve, 3).unwrap(), ymd(2026, 10, 10));
    assert_eq!(cal.working_day_after(eve, 4).unwrap(), ymd(2026, 10, 12));
    // Sunday 20 September 2026 is worked (National Day), Mid-autumn 25-27 September off.
    assert!(cal.is_working_day(ymd(2026, 9, 20)).unwrap());
    assert_eq!(
        cal.working_day_before(ymd(2026, 9, 28), 1).unwrap(),
        ymd(2026, 9, 24)
    );
}

#[test]
fn clause_3_1_2_low_priority_next_working_day_after_a_report_before_spring_festival() {
    // Q3 default reading: by the end of the first working day after the day of the report.
    let cal = cn();
    let reported = at("2025-01-27T11:00:00+08:00");
    let day = cal.local_date(reported);
    let next = cal.working_day_after(day, 1).unwrap();
    assert_eq!(next, ymd(2025, 2, 5));
    assert_eq!(
        cal.zoned(cal.end_of_working_day(next).unwrap())
            .to_rfc3339(),
        "2025-02-05T18:00:00+08:00"
    );
    // The worked Sunday ends at 18:00 like any weekday.
    assert_eq!(
        cal.zoned(cal.end_of_working_day(ymd(2025, 1, 26)).unwrap())
            .to_rfc3339(),
        "2025-01-26T18:00:00+08:00"
    );
}

#[test]
fn clause_3_1_4_five_working_days_notice_for_an_upgrade_on_13_october_2025() {
    // Q9 default reading: the notice is due on the working day 5 working days before the upgrade.
    // Back from Monday 13 October: Sat 11 (worked), Fri 10, Thu 9, then 1-8 October off, Tue 30
    // and Mon 29 September.
    let cal = cn();
    assert_eq!(
        cal.working_day_before(ymd(2025, 10, 13), 5).unwrap(),
        ymd(2025, 9, 29)
    );
}

#[test]
fn clause_4_1_a_day_off_has_no_end_of_working_day() {
    let err = cn().end_of_working_day(ymd(2025, 1, 28)).unwrap_err();
    assert_eq!(
        err,
        CalendarError::NotAWorkingDay {
            date: ymd(2025, 1, 28)
        }
    );
    assert_eq!(err.to_string(), "2025-01-28 is not a working day");
}

#[test]
fn clause_4_1_facts_name_the_days_spring_festival_2025_changed() {
    let facts = cn().facts(ymd(2025, 1, 25), ymd(2025, 2, 9));
    let lines: Vec<String> = facts.iter().map(ToString::to_string).collect();
    let mut expected =
        vec!["2025-01-26 (Sun) is an adjusted working day (Spring Festival)".to_owned()];
    for d in 28..=31 {
        let date = ymd(2025, 1, d);
        expected.push(format!(
            "{date} ({}) is a statutory day off (Spring Festival)",
            date.weekday()
        ));
    }
    for d in 1..=4 {
        let date = ymd(2025, 2, d);
        expected.push(format!(
            "{date} ({}) is a statutory day off (Spring Festival)",
            date.weekday()
        ));
    }
    expected.push("2025-02-08 (Sat) is an adjusted working day (Spring Festival)".to_owned());
    assert_eq!(lines, expected);
    // Ordinary dates have no fact; a reversed range has none either.
    assert!(cn().facts(ymd(2025, 3, 3), ymd(2025, 3, 7)).is_empty());
    assert!(cn().facts(ymd(2025, 2, 9), ymd(2025, 1, 25)).is_empty());
}

#[test]
fn clause_4_1_facts_show_an_override_before_the_statutory_day() {
    let cal = Calendar::builder(chrono_tz::Asia::Shanghai)
        .hours(
            Weekdays::WORKWEEK,
            DayHours::parse(&["09:00-18:00"]).unwrap(),
        )
        .statutory(StatutoryCalendar::cn())
        .day(
            ymd(2025, 1, 28),
            DayRule::Hours(DayHours::parse(&["09:00-12:00"]).unwrap()),
        )
        .build()
        .unwrap();
    let facts = cal.facts(ymd(2025, 1, 28), ymd(2025, 1, 29));
    assert_eq!(
        facts[0].to_string(),
        "2025-01-28 (Tue) has its own hours 09:00-12:00 by the calendar"
    );
    assert_eq!(
        facts[1].to_string(),
        "2025-01-29 (Wed) is a statutory day off (Spring Festival)"
    );
    assert!(cal.is_working_day(ymd(2025, 1, 28)).unwrap());
}

// ---------------------------------------------------------------------------------------------
// Q10 and the boundary conventions
// ---------------------------------------------------------------------------------------------

#[test]
fn q10_adding_zero_returns_the_same_instant() {
    let cal = cn();
    for s in [
        "2025-03-07T10:00:00+08:00", // open
        "2025-03-07T18:00:00+08:00", // at closing
        "2025-03-08T12:00:00+08:00", // Saturday, closed
        "2025-01-29T12:00:00+08:00", // Spring Festival, closed
        "2025-03-07T02:00:00Z",      // another offset
    ] {
        let t = at(s);
        assert_eq!(cal.add(t, 0).unwrap(), t, "{s}");
        assert_eq!(cal.add(t, 0).unwrap(), t, "{s}");
    }
}

#[test]
fn q10_a_duration_ending_exactly_at_18_00_ends_at_18_00() {
    let cal = cn();
    let full_day = cal.add(at("2025-03-07T09:00:00+08:00"), 9 * HOUR).unwrap();
    assert_eq!(
        cal.zoned(full_day).to_rfc3339(),
        "2025-03-07T18:00:00+08:00"
    );
    let last_hour = cal.add(at("2025-03-07T17:00:00+08:00"), HOUR).unwrap();
    assert_eq!(
        cal.zoned(last_hour).to_rfc3339(),
        "2025-03-07T18:00:00+08:00"
    );
    // From closed time: counting starts at the next opening and still ends at a closing time.
    let from_night = cal.add(at("2025-03-06T20:00:00+08:00"), 9 * HOUR).unwrap();
    assert_eq!(
        cal.zoned(from_night).to_rfc3339(),
        "2025-03-07T18:00:00+08:00"
    );
    // One second more is the next working day.
    let over = cal.add(at("2025-03-07T17:00:00+08:00"), HOUR + 1).unwrap();
    assert_eq!(cal.zoned(over).to_rfc3339(), "2025-03-10T09:00:01+08:00");
    // Counted backwards, a duration ending exactly at an opening ends there.
    let back = cal.add(at("2025-03-10T10:00:00+08:00"), -HOUR).unwrap();
    assert_eq!(cal.zoned(back).to_rfc3339(), "2025-03-10T09:00:00+08:00");
}

// ---------------------------------------------------------------------------------------------
// Q11: years without data
// ---------------------------------------------------------------------------------------------

#[test]
fn q11_a_query_in_2027_is_an_error_naming_2027() {
    let cal = cn();
    let message = "no calendar data for 2027: the calendar covers 2004-2026";
    let in_2027 = at("2027-03-01T10:00:00+08:00");
    let in_2026 = at("2026-12-01T10:00:00+08:00");
    let errors = [
        cal.add(in_2027, HOUR).map(|_| ()),
        cal.add(in_2027, 0).map(|_| ()),
        cal.between(in_2026, in_2027).map(|_| ()),
        cal.between(in_2027, in_2026).map(|_| ()),
        cal.is_open(in_2027).map(|_| ()),
        cal.next_open(in_2027).map(|_| ()),
        cal.next_close(in_2027).map(|_| ()),
        cal.is_working_day(ymd(2027, 1, 4)).map(|_| ()),
        cal.working_day_after(ymd(2027, 1, 4), 1).map(|_| ()),
        cal.end_of_working_day(ymd(2027, 1, 4)).map(|_| ()),
        // Answers that run into 2027 from 2026.
        cal.add(at("2026-12-31T17:00:00+08:00"), 2 * HOUR)
            .map(|_| ()),
        cal.working_day_after(ymd(2026, 12, 31), 1).map(|_| ()),
        cal.next_open(at("2026-12-31T19:00:00+08:00")).map(|_| ()),
    ];
    for (i, e) in errors.into_iter().enumerate() {
        let e = e.unwrap_err();
        assert_eq!(
            e,
            CalendarError::YearNotCovered {
                year: 2027,
                first: 2004,
                last: 2026
            },
            "case {i}"
        );
        assert_eq!(e.to_string(), message, "case {i}");
    }
    // The end of the data is itself a valid instant: the last hour of 2026 counts.
    let end = at("2027-01-01T00:00:00+08:00");
    assert_eq!(
        cal.between(at("2026-12-31T17:00:00+08:00"), end).unwrap(),
        HOUR
    );
    assert_eq!(
        cal.zoned(cal.add(at("2026-12-31T17:00:00+08:00"), HOUR).unwrap())
            .to_rfc3339(),
        "2026-12-31T18:00:00+08:00"
    );
}

#[test]
fn q11_a_query_before_2004_is_an_error_naming_its_year() {
    let cal = cn();
    let e = cal.add(at("2003-06-02T10:00:00+08:00"), HOUR).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no calendar data for 2003: the calendar covers 2004-2026"
    );
    let e = cal
        .add(at("2004-01-02T10:00:00+08:00"), -2 * HOUR)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "no calendar data for 2003: the calendar covers 2004-2026"
    );
}

#[test]
fn q1_the_24x7_preset_counts_every_second_in_any_year() {
    let wall = Calendar::preset("24x7").unwrap();
    assert!(wall.is_wall_clock());
    let from = at("2027-02-05T23:50:00+08:00");
    assert_eq!(
        wall.zoned(wall.add(from, 15 * 60).unwrap()).to_rfc3339(),
        "2027-02-06T00:05:00+08:00"
    );
    assert_eq!(
        wall.between(from, at("2027-02-06T00:50:00+08:00")).unwrap(),
        HOUR
    );
    assert!(wall.is_working_day(ymd(2027, 2, 6)).unwrap());
    assert!(
        Calendar::preset("24x5")
            .unwrap_err()
            .to_string()
            .contains("expected 24x7 or cn-standard")
    );
}

// ---------------------------------------------------------------------------------------------
// Daylight saving (for calendars outside China): gap → first instant after it, fold → earlier
// ---------------------------------------------------------------------------------------------

/// A calendar open only on Sundays with `hours`, in `zone`.
fn sundays(zone: Tz, hours: &[&str]) -> Calendar {
    Calendar::builder(zone)
        .hours(Weekdays::SUN, DayHours::parse(hours).unwrap())
        .years(2025, 2025)
        .build()
        .unwrap()
}

#[test]
fn dst_new_york_spring_gap_opening_at_02_30_opens_at_03_00_edt() {
    // 2025-03-09 02:00 EST jumps to 03:00 EDT.
    let cal = sundays(chrono_tz::America::New_York, &["02:30-05:00"]);
    let open = cal.next_open(at("2025-03-08T12:00:00-05:00")).unwrap();
    assert_eq!(cal.zoned(open).to_rfc3339(), "2025-03-09T03:00:00-04:00");
    assert_eq!(
        cal.zoned(cal.next_close(open).unwrap()).to_rfc3339(),
        "2025-03-09T05:00:00-04:00"
    );
    // A range that closes in the gap closes at the jump: 00:00 EST to 03:00 EDT is two hours.
    let cal = sundays(chrono_tz::America::New_York, &["00:00-02:30"]);
    let day = cal
        .between(
            at("2025-03-09T00:00:00-05:00"),
            at("2025-03-10T00:00:00-04:00"),
        )
        .unwrap();
    assert_eq!(day, 2 * HOUR);
    // A range wholly inside the gap is no time at all: the day is not a working day.
    let cal = Calendar::builder(chrono_tz::America::New_York)
        .hours(Weekdays::SUN, DayHours::parse(&["02:00-02:45"]).unwrap())
        .hours(Weekdays::MON, DayHours::parse(&["09:00-10:00"]).unwrap())
        .years(2025, 2025)
        .build()
        .unwrap();
    assert!(!cal.is_working_day(ymd(2025, 3, 9)).unwrap());
    assert!(cal.is_working_day(ymd(2025, 3, 16)).unwrap());
}

#[test]
fn dst_new_york_autumn_fold_opening_at_01_30_takes_the_earlier_edt_instant() {
    // 2025-11-02 01:00-02:00 happens twice: first EDT (-04:00), then EST (-05:00).
    let cal = sundays(chrono_tz::America::New_York, &["01:30-03:00"]);
    let open = cal.next_open(at("2025-11-01T12:00:00-04:00")).unwrap();
    assert_eq!(cal.zoned(open).to_rfc3339(), "2025-11-02T01:30:00-04:00");
    // 01:30 EDT to 03:00 EST is two and a half hours.
    assert_eq!(
        cal.between(open, at("2025-11-02T12:00:00-05:00")).unwrap(),
        5 * HOUR / 2
    );
    // The second 01:30 (EST) is inside the range, not its start.
    assert!(cal.is_open(at("2025-11-02T01:30:00-05:00")).unwrap());
}

#[test]
fn dst_london_spring_gap_opening_at_01_30_opens_at_02_00_bst() {
    // 2025-03-30 01:00 GMT jumps to 02:00 BST.
    let cal = sundays(chrono_tz::Europe::London, &["01:30-04:00"]);
    let open = cal.next_open(at("2025-03-29T12:00:00Z")).unwrap();
    assert_eq!(cal.zoned(open).to_rfc3339(), "2025-03-30T02:00:00+01:00");
    assert_eq!(
        cal.between(open, at("2025-03-30T12:00:00+01:00")).unwrap(),
        2 * HOUR
    );
}

#[test]
fn dst_london_autumn_fold_opening_at_01_30_takes_the_earlier_bst_instant() {
    // 2025-10-26 01:00-02:00 happens twice: first BST (+01:00), then GMT.
    let cal = sundays(chrono_tz::Europe::London, &["01:30-03:00"]);
    let open = cal.next_open(at("2025-10-25T12:00:00+01:00")).unwrap();
    assert_eq!(cal.zoned(open).to_rfc3339(), "2025-10-26T01:30:00+01:00");
    assert_eq!(open, at("2025-10-26T00:30:00Z"));
    // 01:30 BST to 03:00 GMT is two and a half hours.
    assert_eq!(
        cal.between(open, at("2025-10-26T12:00:00Z")).unwrap(),
        5 * HOUR / 2
    );
    // A closing time in the fold closes at the earlier instant too: 00:00-01:30 BST is 90 minutes.
    let cal = sundays(chrono_tz::Europe::London, &["00:00-01:30"]);
    assert_eq!(
        cal.zoned(cal.next_close(at("2025-10-26T00:10:00+01:00")).unwrap())
            .to_rfc3339(),
        "2025-10-26T01:30:00+01:00"
    );
    assert!(!cal.is_open(at("2025-10-26T01:10:00Z")).unwrap()); // 01:10 GMT, the second pass
}

// ---------------------------------------------------------------------------------------------
// Calendars that cannot be built
// ---------------------------------------------------------------------------------------------

#[test]
fn build_refuses_overlapping_ranges_within_a_day() {
    let err = DayHours::parse(&["09:00-12:00", "11:00-13:00"]).unwrap_err();
    assert_eq!(
        err,
        CalendarError::OverlappingRanges {
            first: "09:00-12:00".into(),
            second: "11:00-13:00".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "opening ranges 09:00-12:00 and 11:00-13:00 overlap"
    );
    // An overnight range overlapping a morning range of the same day, counted past midnight.
    assert!(DayHours::parse(&["22:00-06:00", "23:00-23:30"]).is_err());
    // Touching ranges are fine.
    assert!(DayHours::parse(&["09:00-12:00", "12:00-18:00"]).is_ok());
}

#[test]
fn build_refuses_an_overnight_range_running_into_the_next_days_hours() {
    let err = Calendar::builder(chrono_tz::Asia::Shanghai)
        .hours(Weekdays::MON, DayHours::parse(&["22:00-06:00"]).unwrap())
        .hours(Weekdays::TUE, DayHours::parse(&["05:00-09:00"]).unwrap())
        .years(2025, 2025)
        .build()
        .unwrap_err();
    // 2025-01-07 is the first Tuesday after a Monday of 2025.
    assert_eq!(
        err.to_string(),
        "opening time of the day before 2025-01-07 runs into its own opening time"
    );
    // Ending exactly where the next day opens is fine.
    assert!(
        Calendar::builder(chrono_tz::Asia::Shanghai)
            .hours(Weekdays::MON, DayHours::parse(&["22:00-06:00"]).unwrap())
            .hours(Weekdays::TUE, DayHours::parse(&["06:00-09:00"]).unwrap())
            .years(2025, 2025)
            .build()
            .is_ok()
    );
}

#[test]
fn build_refuses_a_week_with_no_open_time_and_no_override() {
    let err = Calendar::builder(chrono_tz::Asia::Shanghai)
        .years(2025, 2025)
        .build()
        .unwrap_err();
    assert_eq!(err, CalendarError::NeverOpen);
    assert_eq!(
        err.to_string(),
        "the calendar never opens: no weekday has hours and no day override opens"
    );
    // An override that opens is enough.
    let one_day = Calendar::builder(chrono_tz::Asia::Shanghai)
        .years(2025, 2025)
        .day(
            ymd(2025, 6, 1),
            DayRule::Hours(DayHours::parse(&["10:00-11:00"]).unwrap()),
        )
        .build()
        .unwrap();
    assert_eq!(
        one_day
            .between(
                at("2025-01-01T00:00:00+08:00"),
                at("2026-01-01T00:00:00+08:00")
            )
            .unwrap(),
        HOUR
    );
}

#[test]
fn build_refuses_25_00() {
    let err = "25:00".parse::<TimeOfDay>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid time of day \"25:00\": expected HH:MM between 00:00 and 24:00"
    );
    assert!(DayHours::parse(&["09:00-25:00"]).is_err());
    assert!(DayHours::parse(&["24:00-06:00"]).is_err());
    assert!(DayHours::parse(&["09:00-24:00"]).is_ok());
}

#[test]
fn build_refuses_an_adjusted_day_borrowing_an_empty_weekday() {
    // An override working 8 February 2025 with the hours of Sunday, which has none.
    let err = Calendar::builder(chrono_tz::Asia::Shanghai)
        .hours(
            Weekdays::WORKWEEK,
            DayHours::parse(&["09:00-18:00"]).unwrap(),
        )
        .years(2025, 2025)
        .day(ymd(2025, 2, 8), DayRule::WorkAs(Weekday::Sun))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "day 2025-02-08 takes the hours of Sun, which has no opening hours"
    );
    // Statutory adjusted working days told to take Saturday's hours: the first one, 2004-01-17.
    let err = Calendar::builder(chrono_tz::Asia::Shanghai)
        .hours(
            Weekdays::WORKWEEK,
            DayHours::parse(&["09:00-18:00"]).unwrap(),
        )
        .statutory(StatutoryCalendar::cn())
        .adjusted_working_day_hours(Weekday::Sat)
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        CalendarError::BorrowedHoursEmpty {
            date: ymd(2004, 1, 17),
            weekday: Weekday::Sat
        }
    );
}

#[test]
fn build_refuses_a_date_overridden_twice() {
    let err = Calendar::builder(chrono_tz::Asia::Shanghai)
        .hours(
            Weekdays::WORKWEEK,
            DayHours::parse(&["09:00-18:00"]).unwrap(),
        )
        .years(2025, 2025)
        .day(ymd(2025, 5, 1), DayRule::Closed)
        .day(ymd(2025, 5, 1), DayRule::WorkAs(Weekday::Mon))
        .build()
        .unwrap_err();
    assert_eq!(err.to_string(), "day 2025-05-01 is given twice");
}

#[test]
fn build_refuses_an_empty_span_of_years() {
    let err = Calendar::builder(chrono_tz::Asia::Shanghai)
        .hours(
            Weekdays::WORKWEEK,
            DayHours::parse(&["09:00-18:00"]).unwrap(),
        )
        .years(2026, 2025)
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid span of years 2026-2025: expected first <= last, both within 1-9998"
    );
}

// An unknown zone name is a matter for whoever parses zone names (calendar files); this branch's
// API takes a `chrono_tz::Tz`, so there is no name to refuse here.
