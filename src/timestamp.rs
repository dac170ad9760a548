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
                Err(err("expected RFC 3339, e.g. 2025-03-04T10:15:00+08:00"))
            }
        }
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
        assert_eq!(
            r("2025-02-30T10:15:00+08:00"),
            "expected RFC 3339, e.g. 2025-03-04T10:15:00+08:00"
        );
        assert_eq!(
            r("2025-03-04T25:00:00+08:00"),
            "expected RFC 3339, e.g. 2025-03-04T10:15:00+08:00"
        );
        assert!(parse_timestamp("2025-03-04T10:15:00.000+08:00").is_ok());
        assert!(parse_timestamp("2025-03-04T10:15:00z").is_ok());
    }
}
