//! Round trip (issue 15): `cn-standard` exported to iCalendar for 2004-2026 and imported into a
//! plain Monday-to-Friday 09:00-18:00 Asia/Shanghai calendar answers every query as `cn-standard`
//! does, inside its years and outside them.

#![cfg(feature = "ics")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use sla_engine::{Calendar, CalendarError, Includes};

#[path = "scratch/mod.rs"]
mod scratch;
use scratch::Scratch;

/// The two calendars: cn-standard, and its export read back.
fn calendars() -> &'static (Calendar, Calendar) {
    static CALS: OnceLock<(Calendar, Calendar)> = OnceLock::new();
    CALS.get_or_init(|| {
        let cn = Calendar::preset("cn-standard").unwrap();
        let stamp = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let ics = cn
            .to_ics(
                NaiveDate::from_ymd_opt(2004, 1, 1).unwrap(),
                NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                stamp,
            )
            .unwrap();
        let dir = Scratch::new("ics-round-trip");
        std::fs::write(dir.join("cn.ics"), ics).unwrap();
        let toml = "zone = \"Asia/Shanghai\"\ncovers = [\"2004-2026\"]\nics_files = [\"cn.ics\"]\n\
                    [hours]\nmon = [\"09:00-18:00\"]\ntue = [\"09:00-18:00\"]\nwed = [\"09:00-18:00\"]\n\
                    thu = [\"09:00-18:00\"]\nfri = [\"09:00-18:00\"]\n";
        let imported =
            Calendar::from_toml_str("plain.toml", toml, &Includes::confined(&dir).unwrap())
                .unwrap();
        (cn, imported)
    })
}

/// A query on a calendar, in Unix seconds.
#[derive(Debug, Clone, Copy)]
enum Query {
    Add(i64, i64),
    Between(i64, i64),
}

fn ts(t: i64) -> Result<sla_engine::Timestamp, CalendarError> {
    sla_engine::Timestamp::from_second(t).map_err(|_| CalendarError::OutOfRange { seconds: t })
}

/// The only place that calls the calendar's query methods (their signatures are changing on
/// main: one line to update at the merge).
fn answer(cal: &Calendar, q: Query) -> Result<i64, CalendarError> {
    match q {
        Query::Add(from, seconds) => Ok(cal.add(ts(from)?, seconds)?.as_second()),
        Query::Between(from, to) => cal.between(ts(from)?, ts(to)?),
    }
}

/// Instants from 2003 to 2027: a year each side of the data, so that refusals are compared too.
fn instant() -> impl Strategy<Value = i64> {
    let (lo, hi) = (1_041_350_400_i64, 1_830_297_600_i64); // 2003-01-01 .. 2028-01-01 UTC
    prop_oneof![
        lo..hi,
        // On the hour, where openings and closings are.
        (lo / 3600..hi / 3600).prop_map(|h| h * 3600),
    ]
}

fn query() -> impl Strategy<Value = Query> {
    prop_oneof![
        (instant(), -40 * 86_400_i64..40 * 86_400).prop_map(|(t, d)| Query::Add(t, d)),
        (instant(), 0..9 * 3600_i64).prop_map(|(t, d)| Query::Add(t, d)),
        (instant(), instant()).prop_map(|(a, b)| Query::Between(a, b)),
        (instant(), 0..30 * 86_400_i64).prop_map(|(a, d)| Query::Between(a, a + d)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_imported_export_answers_as_cn_standard(q in query()) {
        let (cn, imported) = calendars();
        prop_assert_eq!(answer(cn, q), answer(imported, q), "{:?}", q);
    }
}

#[test]
fn every_day_of_2004_2026_is_the_same_kind_with_the_same_hours() {
    let (cn, imported) = calendars();
    let (from, to) = (
        NaiveDate::from_ymd_opt(2004, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    );
    let a: Vec<_> = cn
        .days(from, to)
        .unwrap()
        .map(|d| (d.date, d.kind, d.hours))
        .collect();
    let b: Vec<_> = imported
        .days(from, to)
        .unwrap()
        .map(|d| (d.date, d.kind, d.hours))
        .collect();
    assert_eq!(a.len(), 8401);
    assert_eq!(a, b);
    assert_eq!(imported.years(), cn.years());
}
