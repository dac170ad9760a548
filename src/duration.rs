//! Durations as the contract writes them (`15m`, `4h`, `1h30m`), in whole seconds.

use thiserror::Error;

/// A duration that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid duration {}: {reason}", crate::Excerpt(.text))]
#[non_exhaustive]
pub struct DurationError {
    /// The text as given.
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Reads a duration: whole numbers with units `h`, `m`, `s` in that order (`8h`, `15m`, `1h30m`,
/// `90s`, `2h0m5s`), or a bare number of seconds. Days are not accepted, because a "day" of a
/// business clock is not 24 hours: write `24h` or use a working-day target.
///
/// # Errors
/// [`DurationError`] for an empty text, an unknown unit, units out of order or repeated, or a
/// value that overflows.
///
/// ```
/// use sla_engine::parse_duration;
/// assert_eq!(parse_duration("1h30m")?, 5400);
/// assert_eq!(parse_duration("15m")?, 900);
/// assert_eq!(parse_duration("42")?, 42);
/// assert!(parse_duration("2d").is_err());
/// # Ok::<(), sla_engine::DurationError>(())
/// ```
pub fn parse_duration(text: &str) -> Result<i64, DurationError> {
    let err = |reason| DurationError {
        text: text.to_owned(),
        reason,
    };
    let s = text.trim();
    if s.is_empty() {
        return Err(err("it is empty"));
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().map_err(|_| err("it is too large"));
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    let mut last_rank = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let (rank, unit) = match c {
            'h' => (1, 3600),
            'm' => (2, 60),
            's' => (3, 1),
            _ => {
                return Err(err(
                    "expected whole numbers with units h, m, s (e.g. 1h30m)",
                ));
            }
        };
        if rank <= last_rank {
            return Err(err("units must appear once each, in the order h, m, s"));
        }
        if number.is_empty() {
            return Err(err("a unit has no number before it"));
        }
        last_rank = rank;
        let n: i64 = number.parse().map_err(|_| err("it is too large"))?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| err("it is too large"))?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(err("a number has no unit after it"));
    }
    Ok(total)
}

/// Writes seconds the way [`parse_duration`] reads them, largest units first, with a leading `-`
/// for a negative duration: `3h12m`, `45s`, `0s`.
///
/// ```
/// use sla_engine::format_duration;
/// assert_eq!(format_duration(3 * 3600 + 12 * 60), "3h12m");
/// assert_eq!(format_duration(-61), "-1m1s");
/// assert_eq!(format_duration(0), "0s");
/// ```
pub fn format_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = String::from(sign);
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if sec > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{sec}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in [0, 1, 59, 60, 61, 3599, 3600, 3661, 86_400, 1_000_000] {
            assert_eq!(parse_duration(&format_duration(s)).unwrap(), s);
        }
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "h",
            "1x",
            "1m1h",
            "1h1h",
            "5",
            "99999999999999999999",
            "9223372036854775807h",
        ] {
            if bad == "5" {
                assert_eq!(parse_duration(bad).unwrap(), 5);
                continue;
            }
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_duration("1m1h").unwrap_err().to_string(),
            "invalid duration \"1m1h\": units must appear once each, in the order h, m, s"
        );
    }
}
