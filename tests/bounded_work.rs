//! Bounded work: a pathological calendar or event log is refused or answered, never looped on.
//!
//! The tests assert results only, never timings: a quadratic or unbounded path shows as a test
//! that does not finish in CI's time, not as a flaky number. Each names the bound it relies on.
#![cfg(feature = "formats")]
#![allow(clippy::unwrap_used)]

use chrono::{Datelike, NaiveDate, Weekday};
use sla_engine::calendar::MAX_OPEN_RANGES;
use sla_engine::contract::Contract;
use sla_engine::evaluate::{Evaluator, Options, evaluate};
use sla_engine::event::{EventLog, StepKind, read_jsonl};
use sla_engine::report::Outcome;
use sla_engine::{
    Calendar, CalendarError, DayHours, Includes, StatutoryCalendar, Timestamp, Weekdays,
};

fn ts(t: i64) -> Timestamp {
    Timestamp::from_second(t).unwrap()
}

/// A calendar open one second a week (Wednesdays 12:00:00-12:00:01 UTC) over its default span,
/// 1970-2100: it builds, and adding any duration is answered at once, past its last open second
/// with a typed error naming the year after the data.
#[test]
fn a_calendar_open_one_second_a_week_answers_a_huge_duration_with_a_typed_error() {
    let text = "zone = \"UTC\"\n[hours]\nwed = [\"12:00:00-12:00:01\"]\n";
    let cal = Calendar::from_toml_str("sparse.toml", text, &Includes::none()).unwrap();
    assert_eq!(cal.years(), Some((1970, 2100)));
    // The reference: count the Wednesdays day by day.
    let mut wednesdays = 0_i64;
    let mut last = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let mut d = last;
    while d.year() <= 2100 {
        if d.weekday() == Weekday::Wed {
            wednesdays += 1;
            last = d;
        }
        d = d.succ_opt().unwrap();
    }
    let start = Timestamp::UNIX_EPOCH;
    let last_second = ts(last.and_hms_opt(12, 0, 1).unwrap().and_utc().timestamp());
    assert_eq!(cal.between(start, last_second), Ok(wednesdays));
    assert_eq!(cal.add(start, wednesdays), Ok(last_second));
    let beyond = CalendarError::YearNotCovered {
        year: 2101,
        first: 1970,
        last: 2100,
    };
    for huge in [wednesdays + 1, 1 << 40, i64::MAX] {
        assert_eq!(cal.add(start, huge), Err(beyond.clone()), "{huge}");
    }
    let before = CalendarError::YearNotCovered {
        year: 1969,
        first: 1970,
        last: 2100,
    };
    assert_eq!(cal.add(last_second, i64::MIN), Err(before));
    assert_eq!(
        cal.add(Timestamp::UNIX_EPOCH, i64::MAX)
            .unwrap_err()
            .to_string(),
        "no calendar data for 2101: the calendar covers 1970-2100"
    );
}

/// Statutory data for the years 1 and 9998 only: the calendar spans 9998 years with 9996 of them
/// uncovered. It builds without walking the gaps once per day, and names the uncovered year of
/// every question about it.
#[test]
fn statutory_data_for_two_far_apart_years_builds_and_names_every_gap() {
    let csv = "date,kind,name\n0001-01-01,holiday,first\n9998-12-31,holiday,last\n";
    let data = StatutoryCalendar::from_csv_str("far.csv", csv).unwrap();
    let cal = Calendar::builder(chrono_tz::UTC)
        .hours(
            Weekdays::WORKWEEK,
            DayHours::parse(&["09:00-18:00"]).unwrap(),
        )
        .statutory(data)
        .build()
        .unwrap();
    assert_eq!(cal.years(), Some((1, 9998)));
    let not_covered = |year| CalendarError::YearNotCovered {
        year,
        first: 1,
        last: 9998,
    };
    let t = Timestamp::parse("2025-03-04T10:00:00Z").unwrap();
    assert_eq!(cal.is_open(t), Err(not_covered(2025)));
    let jan2 = Timestamp::parse("0001-01-02T10:00:00Z").unwrap();
    assert_eq!(cal.is_open(jan2), Ok(true));
    // More business time than the data holds: the year beyond the data, as for any calendar.
    assert_eq!(cal.add(jan2, 365 * 86_400), Err(not_covered(9999)));
    let dec31 = Timestamp::parse("0001-12-31T10:00:00Z").unwrap();
    assert_eq!(cal.add(dec31, 86_400), Err(not_covered(2)));
    assert_eq!(cal.between(jan2, t), Err(not_covered(2025)));
    let day = NaiveDate::from_ymd_opt(1, 12, 31).unwrap();
    assert_eq!(cal.working_day_after(day, 1), Err(not_covered(2)));
}

/// Opening hours of 200 one-second ranges every day over 1970-2100 would compile to about 9.6
/// million ranges: refused with the bound, before the memory is spent.
#[test]
fn a_calendar_of_millions_of_ranges_is_refused() {
    let ranges: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "{:02}:{:02}:00-{:02}:{:02}:01",
                i / 60,
                i % 60,
                i / 60,
                i % 60
            )
        })
        .collect();
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let mut text = "zone = \"UTC\"\n[hours]\n".to_owned();
    for d in days {
        text.push_str(&format!("{d} = {ranges:?}\n"));
    }
    let err = Calendar::from_toml_str("dense.toml", &text, &Includes::none()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "dense.toml: the calendar has more than {MAX_OPEN_RANGES} opening ranges over 1970-2100: narrow its years or its hours"
        )
    );
}

/// A log of 10^6 lines about one incident: a report, 400 002 `work_started` (repeated stops),
/// then 149 999 rounds of wait, reply, resolution and reopening, and a last resolution. Checking
/// each event against its incident and judging each target are linear in the events; the answer
/// is the full report.
#[test]
fn a_million_events_on_one_incident_are_processed_in_linear_time() {
    const LINES: usize = 1_000_000;
    const STARTS: usize = 400_002;
    let t0 = monday_nine();
    let mut text = String::with_capacity(LINES * 80);
    text_report(&mut text, &at(t0));
    let mut line = |t: i64, event: &str| {
        text.push_str(&format!(
            "{{\"at\":\"{}\",\"event\":\"{event}\",\"incident\":\"INC-1\"}}\n",
            at(t)
        ));
    };
    let mut t = t0;
    for _ in 0..STARTS {
        t += 1;
        line(t, "work_started");
    }
    let rounds = (LINES - 1 - STARTS - 1) / 4;
    assert_eq!(rounds, 149_999);
    for _ in 0..rounds {
        for event in [
            "awaiting_customer",
            "customer_replied",
            "resolved",
            "reopened",
        ] {
            t += 1;
            line(t, event);
        }
    }
    t += 1;
    line(t, "resolved");
    assert_eq!(text.lines().count(), LINES);

    let judge = Evaluator::seed().unwrap();
    let mut log = judge.new_log("one.jsonl");
    read_jsonl(&mut log, text.as_bytes()).unwrap();
    assert_eq!(
        (log.accepted(), log.rejections().total),
        (LINES as u64, 0),
        "{:?}",
        log.rejections()
    );
    let inc = log.incidents().next().unwrap();
    let count = |f: fn(&StepKind) -> bool| inc.history().iter().filter(|s| f(&s.kind)).count();
    assert_eq!(
        count(|k| matches!(k, StepKind::Stop(_))),
        STARTS + rounds + 1
    );
    assert_eq!(
        (
            count(|k| *k == StepKind::AwaitingCustomer),
            count(|k| *k == StepKind::Reopened)
        ),
        (rounds, rounds)
    );

    let report = judge.report(&log, Options::default());
    assert_eq!(report.incidents.len(), 1);
    let verdict = |id: &str| {
        report.incidents[0]
            .verdicts
            .iter()
            .find(|v| &*v.target == id)
            .unwrap()
    };
    let start = verdict("start-high");
    assert_eq!(start.outcome, Outcome::Met);
    assert_eq!(start.used_seconds, 1);
    let resolution = verdict("resolution-high");
    // Every wait and every resolved-then-reopened span is evidence; the clock ran one second per
    // round (the second from the reply to the resolution), and the last second to the end.
    assert_eq!(resolution.pauses.len(), 2 * rounds);
    assert_eq!(resolution.stopped_at.unwrap().timestamp(), t);
}

/// An incident with a long history, resolved (and so packed), then reported again line after
/// line: each such line is refused naming the first report, read without unpacking the history
/// (unpacking it for each would be quadratic: 10^10 steps read here).
#[test]
fn reports_of_a_long_resolved_incident_again_are_refused_in_linear_time() {
    const STEPS: usize = 100_000;
    const AGAIN: usize = 100_000;
    let t0 = monday_nine();
    let mut text = String::with_capacity((STEPS + AGAIN) * 100);
    text_report(&mut text, &at(t0));
    for i in 1..=STEPS {
        text.push_str(&format!(
            "{{\"at\":\"{}\",\"event\":\"work_started\",\"incident\":\"INC-1\"}}\n",
            at(t0 + i as i64)
        ));
    }
    let done = t0 + STEPS as i64 + 1;
    text.push_str(&format!(
        "{{\"at\":\"{}\",\"event\":\"resolved\",\"incident\":\"INC-1\"}}\n",
        at(done)
    ));
    for _ in 0..AGAIN {
        text_report(&mut text, &at(done));
    }
    let judge = Evaluator::seed().unwrap();
    let mut log = judge.new_log("again.jsonl");
    read_jsonl(&mut log, text.as_bytes()).unwrap();
    assert_eq!(log.accepted(), STEPS as u64 + 2);
    assert_eq!(log.rejections().total, AGAIN as u64);
    let first = log.rejections().listed().next().unwrap();
    assert!(first.to_string().contains("line 1"), "{first}");
    assert_eq!(
        log.incident("INC-1").map(|i| i.history().len()),
        Some(STEPS + 1)
    );
}

/// 2025-03-03T09:00:00+08:00 (a Monday, in working hours), in seconds.
fn monday_nine() -> i64 {
    Timestamp::parse("2025-03-03T09:00:00+08:00")
        .unwrap()
        .as_second()
}

/// Second `t` as RFC 3339 in Shanghai, as a ticket system writes it.
fn at(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .unwrap()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .to_rfc3339()
}

fn text_report(text: &mut String, at: &str) {
    text.push_str(&format!(
        "{{\"at\":\"{at}\",\"event\":\"reported\",\"incident\":\"INC-1\",\"class\":\"fault\",\"priority\":\"high\"}}\n"
    ));
}

/// Availability periods are walked year by year: a span of years beyond what a calendar can hold
/// is refused with the availability problem, never walked (two billion years), and the year
/// after `i32::MAX` is never computed.
#[test]
fn availability_years_beyond_the_calendar_range_are_refused_not_walked() {
    let contract = Contract::seed();
    let calendar = contract.preset_calendar().unwrap();
    let log = EventLog::new("none", calendar.zone());
    for (first, last) in [
        (1, i32::MAX),
        (i32::MAX, i32::MAX),
        (i32::MIN, 2025),
        (0, 0),
    ] {
        let options = Options {
            as_of: Some(Timestamp::parse("2025-06-01T00:00:00+08:00").unwrap()),
            years: Some((first, last)),
            ..Options::default()
        };
        let report = evaluate(&contract, &calendar, &log, options);
        assert!(report.availability.is_empty());
        assert_eq!(
            report.availability_problem,
            Some(format!(
                "invalid span of years {first}-{last}: expected first <= last, both within 1-9998"
            ))
        );
    }
}

/// One accepted event dated 3025 stretches the log over a thousand years. It is a far-off
/// outlier: by default it does not set the evaluation instant (a warning names its line). As of
/// 3025, the report covers the ten years up to the evaluation instant; asked for explicitly, a
/// hundred years are reported (their Markdown linear in them: listing them used to look up every
/// row's scope in a list of every judged period, quadratic in the years), and a thousand are
/// refused (`MAX_YEARS`).
#[test]
fn a_log_spanning_a_thousand_years_reports_ten_by_default_and_refuses_a_thousand() {
    let contract = Contract::seed();
    let calendar = contract.preset_calendar().unwrap();
    let text = concat!(
        r#"{"at":"2025-03-04T10:00:00+08:00","event":"reported","incident":"A","class":"question"}"#,
        "\n",
        r#"{"at":"3025-03-04T10:00:00+08:00","event":"responded","incident":"A"}"#,
        "\n",
    );
    let mut log = EventLog::new("far.jsonl", calendar.zone());
    read_jsonl(&mut log, text.as_bytes()).unwrap();
    let report = evaluate(&contract, &calendar, &log, Options::default());
    assert_eq!(report.as_of.to_rfc3339(), "2025-03-04T10:00:00+08:00");
    assert_eq!(
        report.warnings[0].message,
        "line 2: 3025-03-04T10:00:00+08:00 lies more than a year after the rest of the log: it does not set the evaluation instant (give --as-of to include it)"
    );
    assert_eq!(report.not_applied.incident_events, 1);
    let as_of = Some(Timestamp::parse("3025-03-04T10:00:00+08:00").unwrap());
    let report = evaluate(
        &contract,
        &calendar,
        &log,
        Options {
            as_of,
            ..Options::default()
        },
    );
    // Each year: the year, 4 quarters and 12 months, for the platform and 2 components; less the
    // 3 quarters and 9 months of 3025 that have not begun as of 3025-03-04.
    assert_eq!(report.availability.len(), (10 * 17 - 12) * 3);
    assert_eq!(report.availability_problem, None);
    assert_eq!(report.incidents.len(), 1, "the incidents are still judged");

    let years = |first, last| Options {
        as_of,
        years: Some((first, last)),
        ..Options::default()
    };
    let report = evaluate(&contract, &calendar, &log, years(2926, 3025));
    assert_eq!(report.availability.len(), (100 * 17 - 12) * 3);
    let md = sla_engine::render::to_markdown(&sla_engine::audit::Audit::new(report, &contract));
    assert!(md.contains("| 2926 | platform | yes | met |"));
    assert!(md.contains("| 3025-03 | platform | info |"));

    let report = evaluate(&contract, &calendar, &log, years(2025, 3025));
    assert!(report.availability.is_empty());
    assert_eq!(
        report.availability_problem.as_deref(),
        Some("availability over 2025-3025 is more than 100 years: ask for fewer")
    );
}
