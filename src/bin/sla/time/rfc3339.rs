//! RFC 3339 read for the common case of `sla time batch`: instants written to the second as
//! `YYYY-MM-DDTHH:MM:SSZ` or `...±HH:MM`, without chrono's general parser. (They are written by
//! the library's [`Timestamp::write_rfc3339`], which the report's JSON uses too.)
//!
//! It answers only what it is sure of and says `None` otherwise; the caller then takes the
//! general path ([`Timestamp::parse`]), which also words every error. So the answers are those of
//! the general path by construction wherever this path declines, and `batch`'s tests check that
//! they agree wherever it does not.

use chrono::NaiveDate;
use sla_engine::Timestamp;

/// The value of two ASCII digits, or `None`.
#[inline(always)]
fn two(tens: u8, units: u8) -> Option<u32> {
    let (t, u) = (tens.wrapping_sub(b'0'), units.wrapping_sub(b'0'));
    (t < 10 && u < 10).then(|| u32::from(t * 10 + u))
}

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
    let local = date
        .and_hms_opt(hour, minute, second)?
        .and_utc()
        .timestamp();
    Timestamp::from_second(local - east).ok()
}
