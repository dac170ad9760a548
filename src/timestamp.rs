//! Instants as the inputs write them: RFC 3339 with an explicit UTC offset, to the second.

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use thiserror::Error;

/// A timestamp that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid timestamp {text:?}: {reason}")]
#[non_exhaustive]
pub struct TimestampError {
    /// The text as given (cut to 64 characters).
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Reads an RFC 3339 timestamp with an explicit offset (`2025-03-04T10:15:00+08:00` or `...Z`)
/// into Unix seconds.
///
/// A timestamp without an offset is refused rather than guessed. Sub-second digits are accepted
/// only when they are zero (`10:15:00.000`): verdicts are exact to the second, and rounding a
/// response at `10:15:00.4` either way would change a verdict silently.
///
/// # Errors
/// [`TimestampError`] saying which rule failed.
///
/// ```
/// use sla_engine::parse_timestamp;
/// assert_eq!(parse_timestamp("1970-01-01T08:00:01+08:00")?, 1);
/// assert!(parse_timestamp("2025-03-04T10:15:00").is_err()); // no offset
/// assert!(parse_timestamp("2025-03-04T10:15:00.250Z").is_err()); // a fraction of a second
/// # Ok::<(), sla_engine::TimestampError>(())
/// ```
pub fn parse_timestamp(text: &str) -> Result<i64, TimestampError> {
    parse_zoned(text).map(|t| t.timestamp())
}

/// As [`parse_timestamp`], keeping the written offset.
///
/// # Errors
/// As [`parse_timestamp`].
pub fn parse_zoned(text: &str) -> Result<DateTime<FixedOffset>, TimestampError> {
    let err = |reason| TimestampError {
        text: text.chars().take(64).collect(),
        reason,
    };
    match DateTime::parse_from_rfc3339(text) {
        // chrono reads second 60 as a second that lasts two.
        Ok(t) if t.timestamp_subsec_nanos() >= 1_000_000_000 => {
            Err(err("leap seconds (second 60) are not supported"))
        }
        Ok(t) if t.timestamp_subsec_nanos() != 0 => Err(err(
            "fractions of a second are not supported: verdicts are exact to the second",
        )),
        Ok(t) => Ok(t),
        Err(_) => {
            let naive = text.replace(' ', "T");
            if NaiveDateTime::parse_from_str(&naive, "%Y-%m-%dT%H:%M:%S%.f").is_ok() {
                Err(err(
                    "it has no UTC offset: write e.g. 2025-03-04T10:15:00+08:00",
                ))
            } else {
                Err(err(impossible_field(text).unwrap_or(
                    "expected RFC 3339, e.g. 2025-03-04T10:15:00+08:00",
                )))
            }
        }
    }
}

/// For text shaped `YYYY-MM-DDTHH:MM:SS...` whose fields name no instant, which one: a
/// well-formed timestamp of a date or time that does not exist deserves better than "expected
/// RFC 3339".
fn impossible_field(text: &str) -> Option<&'static str> {
    let b = text.as_bytes();
    let num = |from: usize, to: usize| -> Option<u32> {
        let digits = b.get(from..to)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(digits).ok()?.parse().ok()
    };
    let sep = |i: usize, ok: &[u8]| b.get(i).is_some_and(|c| ok.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, s) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if h > 23 {
        Some("hours run from 00 to 23 (24:00 is 00:00 of the next day)")
    } else if mi > 59 || s > 60 {
        Some("minutes and seconds run from 00 to 59")
    } else if chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d).is_none() {
        Some("the date does not exist")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons() {
        let r = |s: &str| parse_timestamp(s).unwrap_err().reason;
        assert_eq!(
            r("2025-03-04 10:15:00"),
            "it has no UTC offset: write e.g. 2025-03-04T10:15:00+08:00"
        );
        assert_eq!(r("2025-02-30T10:15:00+08:00"), "the date does not exist");
        assert_eq!(
            r("2025-03-04T25:00:00+08:00"),
            "hours run from 00 to 23 (24:00 is 00:00 of the next day)"
        );
        assert_eq!(
            r("2025-03-04T24:00:00+08:00"),
            "hours run from 00 to 23 (24:00 is 00:00 of the next day)"
        );
        assert_eq!(
            r("2025-03-04T10:61:00+08:00"),
            "minutes and seconds run from 00 to 59"
        );
        assert_eq!(
            r("2016-12-31T23:59:60Z"),
            "leap seconds (second 60) are not supported"
        );
        assert_eq!(
            r("2025-03-04T10:15+08:00"),
            "expected RFC 3339, e.g. 2025-03-04T10:15:00+08:00"
        );
        assert!(parse_timestamp("2025-03-04T10:15:00.000+08:00").is_ok());
        assert!(parse_timestamp("2025-03-04T10:15:00z").is_ok());
    }
}
