//! RFC 3339 for the common case of `sla time batch`: instants written to the second as
//! `YYYY-MM-DDTHH:MM:SSZ` or `...±HH:MM`, read and written without chrono's general parser and
//! formatter or a `String` per instant.
//!
//! Both directions answer only what they are sure of and say `None` otherwise; the caller then
//! takes the general path ([`Timestamp::parse`], `DateTime::to_rfc3339`), which also
//! words every error. So the answers are those of the general path by construction wherever this
//! path declines, and `batch`'s tests check that they agree wherever it does not.

use chrono::{Datelike, NaiveDate};
use sla_engine::Timestamp;

/// `YYYY-MM-DDTHH:MM:SS+HH:MM`, the longest instant [`write_zoned`] writes.
pub(super) const ZONED_LEN: usize = 25;

/// The value of two ASCII digits, or `None`.
#[inline(always)]
fn two(tens: u8, units: u8) -> Option<u32> {
    let (t, u) = (tens.wrapping_sub(b'0'), units.wrapping_sub(b'0'));
    (t < 10 && u < 10).then(|| u32::from(t * 10 + u))
}

/// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_FROM_CE: i64 = 719_163;

/// The instant `text` names if it is written `YYYY-MM-DDTHH:MM:SS` then `Z` or `±HH:MM`, with
/// every field in range; `None` for anything else, valid or not.
pub(super) fn parse_common(text: &[u8]) -> Option<Timestamp> {
    let [
        y1,
        y2,
        y3,
        y4,
        b'-',
        mo1,
        mo2,
        b'-',
        d1,
        d2,
        b'T',
        h1,
        h2,
        b':',
        mi1,
        mi2,
        b':',
        s1,
        s2,
        offset @ ..,
    ] = text
    else {
        return None;
    };
    let year = two(*y1, *y2)? * 100 + two(*y3, *y4)?;
    let (month, day) = (two(*mo1, *mo2)?, two(*d1, *d2)?);
    let (hour, minute, second) = (two(*h1, *h2)?, two(*mi1, *mi2)?, two(*s1, *s2)?);
    // Year 0000 (readable only with an offset that moves it into year 1) and second 60 are left
    // to the general path.
    // chrono checks the date (month lengths, leap years) without its parser.
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    if year < 1 || hour >= 24 || minute >= 60 || second >= 60 {
        return None;
    }
    let east: i64 = match offset {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] => {
            let (hours, minutes) = (two(*oh1, *oh2)?, two(*om1, *om2)?);
            if hours >= 24 || minutes >= 60 {
                return None;
            }
            let east = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' { -east } else { east }
        }
        _ => return None,
    };
    let days = i64::from(date.num_days_from_ce()) - UNIX_EPOCH_FROM_CE;
    let local = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Timestamp::from_second(local - east).ok()
}

/// Writes two digits of `value` (below 100) at `at`.
#[inline(always)]
fn put_two(buf: &mut [u8; ZONED_LEN], at: usize, value: i64) {
    // `value` is below 100, so both digits are ASCII digits and fit in a byte.
    let (tens, units) = ((value / 10) as u8, (value % 10) as u8);
    if let Some([a, b]) = buf.get_mut(at..at + 2) {
        (*a, *b) = (b'0' + tens, b'0' + units);
    }
}

/// Writes `t` at the offset `east` (seconds) as [`chrono::DateTime::to_rfc3339`] does, for local years 1
/// to 9999 and offsets in whole minutes (what [`Timestamp::to_zoned`] gives); `false`, with
/// nothing written, otherwise. Taking the instant and the offset apart spares chrono's
/// conversions of the date to and from its own form.
pub(super) fn write_zoned(t: Timestamp, east: i32, buf: &mut [u8; ZONED_LEN]) -> bool {
    let east = i64::from(east);
    if east % 60 != 0 {
        return false;
    }
    let local = t.as_second() + east;
    let Some(date) = i32::try_from(local.div_euclid(86_400) + UNIX_EPOCH_FROM_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
    else {
        return false;
    };
    let (year, month, day) = (
        i64::from(date.year()),
        i64::from(date.month()),
        i64::from(date.day()),
    );
    if !(1..=9999).contains(&year) {
        return false;
    }
    let second_of_day = local.rem_euclid(86_400);
    *buf = *b"0000-00-00T00:00:00+00:00";
    put_two(buf, 0, year / 100);
    put_two(buf, 2, year % 100);
    put_two(buf, 5, month);
    put_two(buf, 8, day);
    put_two(buf, 11, second_of_day / 3600);
    put_two(buf, 14, second_of_day / 60 % 60);
    put_two(buf, 17, second_of_day % 60);
    if east < 0
        && let Some(sign) = buf.get_mut(19)
    {
        *sign = b'-';
    }
    put_two(buf, 20, east.abs() / 3600);
    put_two(buf, 23, east.abs() / 60 % 60);
    true
}
