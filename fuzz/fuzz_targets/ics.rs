//! iCalendar feeds (`ics_files`): a feed either builds its calendar or names its problem with an
//! escaped message; a calendar that builds answers consistently, and its days off and adjusted
//! working days survive an export to iCalendar and back.
#![no_main]

#[path = "common.rs"]
mod common;

use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeZone, Utc};
use common::Seconds;
use libfuzzer_sys::fuzz_target;
use sla_engine::{Calendar, DayKind, Includes};

/// Asia/Shanghai, Monday to Friday 09:00-18:00, Saturday overnight 20:00-02:00 (so that timed
/// closures meet an overnight range), the feed complete for 2024-2026.
const CALENDAR: &str = "zone = \"Asia/Shanghai\"\ncovers = [\"2024-2026\"]\nics_files = [\"feed.ics\"]\n\
    [hours]\nmon = [\"09:00-18:00\"]\ntue = [\"09:00-18:00\"]\nwed = [\"09:00-18:00\"]\n\
    thu = [\"09:00-18:00\"]\nfri = [\"09:00-18:00\"]\nsat = [\"20:00-02:00\"]\n";

fn build(feed: &str) -> Result<Calendar, sla_engine::FileError> {
    let grant = Includes::none().with_text("feed.ics", feed);
    Calendar::from_toml_str("cal.toml", CALENDAR, &grant)
}

/// The days an export writes, with their kinds.
fn exported(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> BTreeSet<(NaiveDate, DayKind)> {
    cal.days(from, to)
        .expect("a built calendar lists its own years")
        .filter(|d| matches!(d.kind, DayKind::DayOff | DayKind::AdjustedWorkingDay))
        .map(|d| (d.date, d.kind))
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cal = match build(text) {
        Ok(cal) => cal,
        Err(e) => {
            common::check_message(&e.message());
            common::check_clean(&e.to_string());
            let shown = e.to_string();
            assert!(
                shown.starts_with("feed.ics") || shown.starts_with("cal.toml"),
                "{shown}"
            );
            return;
        }
    };
    assert_eq!(cal.years(), Some((2024, 2026)));
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(2024, 1, 1),
        NaiveDate::from_ymd_opt(2026, 12, 31),
    ) else {
        return;
    };
    // Business time is consistent around a few instants.
    let Ok(t0) = cal.start_of_day_unix(from) else {
        return;
    };
    for t in [t0, t0 + 86_400 * 30 + 9 * 3_600, t0 + 86_400 * 400 + 3_600] {
        for d in [1_i64, 3_600, 86_400] {
            if let Ok(b) = cal.add_unix(t, d) {
                assert!(b > t);
                assert_eq!(cal.between_unix(t, b), Ok(d), "between(t, add(t, {d}))");
            }
        }
    }
    // Exported and read back, the days off and adjusted working days are the same.
    let Some(stamp) = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single() else {
        return;
    };
    let ics = cal
        .to_ics(from, to, stamp)
        .expect("a built calendar exports its years");
    let back = build(&ics).unwrap_or_else(|e| panic!("an export reads back: {e}\n{ics}"));
    assert_eq!(exported(&cal, from, to), exported(&back, from, to));
});
