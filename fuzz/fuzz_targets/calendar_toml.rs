//! Calendar TOML files: a file either builds or names its problem; a calendar that builds answers
//! consistently (`between(a, add(a, d)) == d`, the next opening is open, and so on).
#![no_main]

#[path = "common.rs"]
mod common;

use chrono::NaiveDate;
use common::Seconds;
use libfuzzer_sys::fuzz_target;
use sla_engine::{Calendar, Includes};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // No grant: the fuzzer never makes the calendar read a file; every include is refused.
    let cal = match Calendar::from_toml_str("f.toml", text, &Includes::none()) {
        Ok(cal) => cal,
        Err(e) => {
            common::check_message(&e.message());
            common::check_clean(&e.to_string());
            assert!(e.to_string().starts_with("f.toml"));
            return;
        }
    };
    let Some((first, last)) = cal.years() else {
        panic!("a calendar file builds a business calendar");
    };
    assert!(first <= last);
    let Some(jan1) = NaiveDate::from_ymd_opt(first, 1, 1) else {
        panic!("year {first} has a first of January");
    };
    let Ok(t0) = cal.start_of_day_unix(jan1) else {
        return;
    };
    // Probe instants: the start of the data, and a few steps into it.
    for t in [t0, t0 + 3_600 * 9 + 1, t0 + 86_400 * 45 + 7_200] {
        let Ok(open) = cal.is_open_unix(t) else {
            continue;
        };
        if let Ok(o) = cal.next_open_unix(t) {
            assert!(o >= t);
            assert_eq!(
                open,
                o == t,
                "next_open is the instant itself exactly when it is open"
            );
            assert_eq!(cal.is_open_unix(o), Ok(true), "the next opening is open");
            if let Ok(c) = cal.next_close_unix(o) {
                assert!(c > o, "a stretch of open time closes after it opens");
                assert_eq!(
                    cal.between_unix(o, c),
                    Ok(c - o),
                    "open all the way to its close"
                );
            }
        }
        for d in [1_i64, 59, 3_600, 86_400, 7 * 86_400 + 1] {
            if let Ok(b) = cal.add_unix(t, d) {
                assert!(b > t, "adding {d} s moved backwards");
                assert_eq!(cal.between_unix(t, b), Ok(d), "between(t, add(t, {d}))");
                if let Ok(a) = cal.add_unix(b, -d) {
                    assert!(a >= t && a < b);
                    assert_eq!(cal.between_unix(a, b), Ok(d), "between(add(b, -{d}), b)");
                }
            }
        }
        let _ = cal.add_unix(t, i64::MAX);
        let _ = cal.add_unix(t, i64::MIN);
    }
    let _ = cal.facts(jan1, jan1 + chrono::Days::new(400));
    let _ = cal.working_day_after(jan1, 3);
    let _ = cal.working_day_before(jan1, u32::MAX);
});
