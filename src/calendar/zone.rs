//! Local times to instants, with the daylight-saving conventions of the calendar.

use chrono::{LocalResult, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// The Unix second at which the local time `local` occurs in `zone`.
///
/// - a local time that occurs once: that instant;
/// - one that occurs twice (the clocks went back): the earlier instant;
/// - one that does not occur (the clocks jumped forward over it): the first instant after the gap,
///   that is, the instant of the jump.
pub(crate) fn resolve(zone: Tz, local: NaiveDateTime) -> i64 {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.timestamp(),
        LocalResult::Ambiguous(a, b) => a.timestamp().min(b.timestamp()),
        LocalResult::None => first_instant_not_before(zone, local),
    }
}

/// The first instant whose local time is at or after `local`: inside a gap, the instant of the jump.
///
/// Local time is non-decreasing in the instant around a gap (a gap and a fold are never within a
/// day of each other in the tz database), so a binary search over a two-day window finds it.
fn first_instant_not_before(zone: Tz, local: NaiveDateTime) -> i64 {
    let naive = local.and_utc().timestamp();
    let (mut lo, mut hi) = (naive - 2 * 86_400, naive + 2 * 86_400);
    let local_at = |u: i64| {
        chrono::DateTime::from_timestamp(u, 0).map(|t| t.with_timezone(&zone).naive_local())
    };
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match local_at(mid) {
            Some(l) if l >= local => hi = mid,
            Some(_) => lo = mid + 1,
            // Outside chrono's range: treat as "after" so the search ends.
            None => hi = mid,
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, m: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    #[test]
    fn new_york_spring_gap_moves_to_the_jump() {
        // 2025-03-09 02:00 EST jumps to 03:00 EDT = 07:00 UTC.
        let t = resolve(chrono_tz::America::New_York, local(2025, 3, 9, 2, 30));
        assert_eq!(
            t,
            NaiveDate::from_ymd_opt(2025, 3, 9)
                .unwrap()
                .and_hms_opt(7, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp()
        );
    }

    #[test]
    fn london_autumn_fold_takes_the_earlier() {
        // 2025-10-26 01:30 occurs at 00:30 UTC (BST) and 01:30 UTC (GMT).
        let t = resolve(chrono_tz::Europe::London, local(2025, 10, 26, 1, 30));
        assert_eq!(
            t,
            NaiveDate::from_ymd_opt(2025, 10, 26)
                .unwrap()
                .and_hms_opt(0, 30, 0)
                .unwrap()
                .and_utc()
                .timestamp()
        );
    }
}
