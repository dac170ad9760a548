//! Durations (`1h30m`), timestamps (RFC 3339 with offset), times of day and opening ranges: each
//! either reads or says why, and what reads writes back to itself. The last 16 bytes also drive
//! business-time arithmetic on cn-standard (`between(t, add(t, d)) == d`).
#![no_main]

#[path = "common.rs"]
mod common;

use common::Seconds;
use libfuzzer_sys::fuzz_target;
use sla_engine::{TimeOfDay, TimeRange, Timestamp, format_duration, parse_duration, parse_zoned};

fn text_checks(s: &str) {
    match parse_duration(s) {
        Ok(v) => {
            assert!(v >= 0, "a parsed duration is never negative");
            assert_eq!(
                parse_duration(&format_duration(v)),
                Ok(v),
                "duration round trip"
            );
        }
        Err(e) => {
            common::check_message(&e.to_string());
            assert_eq!(e.text, s);
        }
    }
    match Timestamp::parse(s) {
        Ok(t) => {
            let zoned = parse_zoned(s).expect("parse_zoned agrees with Timestamp::parse");
            assert_eq!(zoned.timestamp(), t.as_second());
            assert_eq!(
                Timestamp::parse(&zoned.to_rfc3339()),
                Ok(t),
                "timestamp round trip"
            );
            // Written in any zone, it reads back to the same second.
            for zone in [chrono_tz::Asia::Shanghai, chrono_tz::America::New_York] {
                let w = t.to_zoned(zone).to_rfc3339();
                assert_eq!(Timestamp::parse(&w), Ok(t), "zoned round trip {w}");
            }
        }
        Err(e) => {
            common::check_message(&e.to_string());
            if let sla_engine::TimestampError::Invalid { text, .. } = &e {
                assert!(
                    text.chars().count() <= 64,
                    "the echoed text is cut to 64 characters"
                );
            }
        }
    }
    if let Ok(t) = s.parse::<TimeOfDay>() {
        assert!(t.seconds() <= 86_400);
        assert_eq!(
            t.to_string().parse::<TimeOfDay>(),
            Ok(t),
            "time of day round trip"
        );
    }
    match s.parse::<TimeRange>() {
        Ok(r) => {
            assert!(r.length_seconds() > 0 && r.length_seconds() <= 86_400);
            assert_eq!(
                r.to_string().parse::<TimeRange>(),
                Ok(r),
                "range round trip"
            );
        }
        Err(e) => common::check_message(&e.to_string()),
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        text_checks(s);
    }
    // Business-time arithmetic from raw numbers, inside and around cn-standard's 2004-2026.
    if let Some(tail) = data.len().checked_sub(16).and_then(|i| data.get(i..)) {
        let mut a = [0u8; 8];
        let mut b = [0u8; 8];
        a.copy_from_slice(&tail[..8]);
        b.copy_from_slice(&tail[8..]);
        let (x, d) = (i64::from_le_bytes(a), i64::from_le_bytes(b));
        let lo = 1_072_886_400_i64; // 2004-01-01T00:00:00+08:00
        let span = 24 * 366 * 86_400_i64;
        let t = lo - 86_400 + x.rem_euclid(span);
        for cal in [common::cn_standard(), common::wall()] {
            let d = if cal.is_wall_clock() {
                d % (1 << 40)
            } else {
                d
            };
            if let Ok(end) = cal.add_unix(t, d) {
                if d >= 0 {
                    assert!(end >= t);
                    assert_eq!(cal.between_unix(t, end), Ok(d), "between(t, add(t, {d}))");
                } else {
                    assert!(end <= t);
                    assert_eq!(cal.between_unix(end, t), Ok(-d), "between(add(t, {d}), t)");
                }
            }
            let _ = cal.between_unix(t, t.wrapping_add(d));
        }
    }
});
