//! Instants and windows: [`Timestamp`] (a Unix second in the years RFC 3339 can write) and
//! [`Window`] (a half-open span of them), the value types every module boundary uses.
//!
//! Inputs write instants as RFC 3339 with an explicit UTC offset, to the second; reports write them
//! back in the calendar's zone ([`Timestamp::to_zoned`]), and every written instant reads back to
//! the same second.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::interval::Interval;

/// An instant, to the second: Unix seconds from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, the
/// instants RFC 3339 can write.
///
/// Displayed and serialized as RFC 3339 in UTC (`2025-03-04T02:15:00Z`); read from RFC 3339 with
/// any explicit offset. Use [`Timestamp::to_zoned`] to write it in a zone.
///
/// ```
/// use sla_engine::Timestamp;
/// let t: Timestamp = "2025-03-04T10:15:00+08:00".parse()?;
/// assert_eq!(t.as_second(), 1_741_054_500);
/// assert_eq!(t.to_string(), "2025-03-04T02:15:00Z");
/// assert_eq!(t.to_zoned(chrono_tz::Asia::Shanghai).to_rfc3339(), "2025-03-04T10:15:00+08:00");
/// assert!("2025-03-04T10:15:00".parse::<Timestamp>().is_err()); // no offset: never guessed
/// # Ok::<(), sla_engine::TimestampError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

impl Timestamp {
    /// 0001-01-01T00:00:00Z.
    pub const MIN: Timestamp = Timestamp(-62_135_596_800);
    /// 9999-12-31T23:59:59Z.
    pub const MAX: Timestamp = Timestamp(253_402_300_799);
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp(0);

    /// The instant `second` Unix seconds after the epoch.
    ///
    /// # Errors
    /// [`TimestampError`] if it lies outside [`Timestamp::MIN`]..=[`Timestamp::MAX`].
    pub const fn from_second(second: i64) -> Result<Timestamp, TimestampError> {
        if second < Timestamp::MIN.0 || second > Timestamp::MAX.0 {
            return Err(TimestampError::OutOfRange { second });
        }
        Ok(Timestamp(second))
    }

    /// Unix seconds.
    pub const fn as_second(self) -> i64 {
        self.0
    }

    /// The instant `seconds` later (earlier if negative), if it is representable.
    pub fn checked_add(self, seconds: i64) -> Option<Timestamp> {
        Timestamp::from_second(self.0.checked_add(seconds)?).ok()
    }

    /// The instant `seconds` later (earlier if negative), clamped to the representable range.
    pub fn saturating_add(self, seconds: i64) -> Timestamp {
        Timestamp(
            self.0
                .saturating_add(seconds)
                .clamp(Timestamp::MIN.0, Timestamp::MAX.0),
        )
    }

    /// Seconds from `earlier` to `self` (negative if `earlier` is later).
    pub const fn seconds_since(self, earlier: Timestamp) -> i64 {
        // Both lie within ±3.2e11: the difference cannot overflow.
        self.0 - earlier.0
    }

    /// The current time, to the second (clamped to the representable range).
    pub fn now() -> Timestamp {
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        let seconds = since.map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Timestamp(seconds.clamp(Timestamp::MIN.0, Timestamp::MAX.0))
    }

    /// The instant in UTC.
    pub fn to_utc(self) -> DateTime<Utc> {
        // In range by construction; the epoch is a fallback that cannot be reached.
        DateTime::from_timestamp(self.0, 0).unwrap_or_default()
    }

    /// The instant as written in `zone`: its local time there and its UTC offset.
    ///
    /// An offset RFC 3339 cannot write (local mean time before standard time, such as
    /// Asia/Shanghai's +08:05:43 before 1901) is written to the minute, toward zero (+08:05), with
    /// the local time that goes with it, so that the written instant reads back to the same
    /// second.
    ///
    /// ```
    /// use sla_engine::Timestamp;
    /// let t: Timestamp = "1900-06-01T00:00:00Z".parse()?;
    /// let written = t.to_zoned(chrono_tz::Asia::Shanghai).to_rfc3339();
    /// assert_eq!(written, "1900-06-01T08:05:00+08:05");
    /// assert_eq!(written.parse::<Timestamp>()?, t);
    /// # Ok::<(), sla_engine::TimestampError>(())
    /// ```
    pub fn to_zoned<Z: TimeZone>(self, zone: Z) -> DateTime<FixedOffset> {
        let utc = self.to_utc();
        let offset = zone.offset_from_utc_datetime(&utc.naive_utc()).fix();
        let seconds = offset.local_minus_utc();
        let written = if seconds % 60 == 0 {
            offset
        } else {
            FixedOffset::east_opt(seconds - seconds % 60).unwrap_or(offset)
        };
        utc.with_timezone(&written)
    }

    /// The longest text [`Timestamp::write_rfc3339`] writes: `YYYY-MM-DDTHH:MM:SS+HH:MM`.
    pub const RFC3339_LEN: usize = 25;

    /// Writes this instant at `east` seconds from UTC into `buf` as chrono writes it, without
    /// allocating: what writes millions of instants (a report's JSON, `sla time batch`) uses.
    /// UTC is `Z` if `use_z` (as chrono's `Serialize` writes it), else `+00:00` (as
    /// [`DateTime::to_rfc3339`] does). `None` for an offset that is not whole minutes or a local
    /// year outside 0-9999, which chrono writes otherwise.
    ///
    /// ```
    /// use sla_engine::Timestamp;
    /// let t: Timestamp = "2025-03-04T10:00:00+08:00".parse()?;
    /// let mut buf = [0; Timestamp::RFC3339_LEN];
    /// assert_eq!(t.write_rfc3339(8 * 3600, false, &mut buf), Some("2025-03-04T10:00:00+08:00"));
    /// assert_eq!(t.write_rfc3339(-(5 * 3600 + 30 * 60), false, &mut buf), Some("2025-03-03T20:30:00-05:30"));
    /// assert_eq!(t.write_rfc3339(0, true, &mut buf), Some("2025-03-04T02:00:00Z"));
    /// assert_eq!(t.write_rfc3339(8 * 3600 + 5, false, &mut buf), None);
    /// # Ok::<(), sla_engine::TimestampError>(())
    /// ```
    pub fn write_rfc3339(
        self,
        east: i32,
        use_z: bool,
        buf: &mut [u8; Timestamp::RFC3339_LEN],
    ) -> Option<&str> {
        /// Writes two digits of `value` (below 100) at `at`.
        fn put_two(buf: &mut [u8; Timestamp::RFC3339_LEN], at: usize, value: u32) {
            // Both digits are below 10: each fits in a byte as an ASCII digit.
            let (tens, units) = ((value / 10 % 10) as u8, (value % 10) as u8);
            if let Some([a, b]) = buf.get_mut(at..at + 2) {
                (*a, *b) = (b'0' + tens, b'0' + units);
            }
        }
        use chrono::Datelike;
        if east % 60 != 0 {
            return None;
        }
        let local = self.0 + i64::from(east);
        let date = DateTime::from_timestamp(local, 0)?.date_naive();
        let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
        // Below a day's seconds: fits in a u32.
        let second_of_day = local.rem_euclid(86_400) as u32;
        *buf = *b"0000-00-00T00:00:00+00:00";
        put_two(buf, 0, year / 100);
        put_two(buf, 2, year % 100);
        put_two(buf, 5, date.month());
        put_two(buf, 8, date.day());
        put_two(buf, 11, second_of_day / 3600);
        put_two(buf, 14, second_of_day / 60 % 60);
        put_two(buf, 17, second_of_day % 60);
        if east < 0
            && let Some(sign) = buf.get_mut(19)
        {
            *sign = b'-';
        }
        let minutes = east.unsigned_abs() / 60;
        put_two(buf, 20, minutes / 60);
        put_two(buf, 23, minutes % 60);
        let mut len = Timestamp::RFC3339_LEN;
        if use_z
            && east == 0
            && let Some(z) = buf.get_mut(19)
        {
            *z = b'Z';
            len = 20;
        }
        std::str::from_utf8(buf.get(..len)?).ok()
    }

    /// Reads RFC 3339 with an explicit offset; see [`parse_zoned`].
    ///
    /// # Errors
    /// [`TimestampError`] saying which rule failed.
    pub fn parse(text: &str) -> Result<Timestamp, TimestampError> {
        match canonical(text.as_bytes()) {
            Some(t) => Ok(t),
            None => Timestamp::try_from(parse_zoned(text)?),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_utc().format("%Y-%m-%dT%H:%M:%SZ"))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Timestamp, TimestampError> {
        Timestamp::parse(s)
    }
}

impl<Z: TimeZone> TryFrom<DateTime<Z>> for Timestamp {
    type Error = TimestampError;
    /// Whole seconds only: a fraction of a second would change verdicts silently if rounded.
    fn try_from(t: DateTime<Z>) -> Result<Timestamp, TimestampError> {
        if t.timestamp_subsec_nanos() != 0 {
            return Err(TimestampError::Invalid {
                text: t.to_utc().to_rfc3339(),
                reason: "fractions of a second are not supported: verdicts are exact to the second",
            });
        }
        Timestamp::from_second(t.timestamp())
    }
}

impl<Z: TimeZone> TryFrom<&DateTime<Z>> for Timestamp {
    type Error = TimestampError;
    fn try_from(t: &DateTime<Z>) -> Result<Timestamp, TimestampError> {
        Timestamp::try_from(t.clone())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        Timestamp::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A half-open window of time `[from, to)`: a maintenance window, an outage, a period of a report.
/// It may be empty (`from == to`), never reversed.
///
/// ```
/// use sla_engine::{Timestamp, Window};
/// let w = Window::new("2025-03-08T22:00:00+08:00".parse()?, "2025-03-09T01:00:00+08:00".parse()?)?;
/// assert_eq!(w.seconds(), 3 * 3600);
/// assert!(w.contains(w.from()) && !w.contains(w.to()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "WindowFields")]
pub struct Window {
    from: Timestamp,
    to: Timestamp,
}

#[derive(Deserialize)]
struct WindowFields {
    from: Timestamp,
    to: Timestamp,
}

impl TryFrom<WindowFields> for Window {
    type Error = WindowError;
    fn try_from(w: WindowFields) -> Result<Window, WindowError> {
        Window::new(w.from, w.to)
    }
}

/// A window that ends before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
#[error("the window ends at {to} before it starts at {from}")]
pub struct WindowError {
    /// The start given.
    pub from: Timestamp,
    /// The end given.
    pub to: Timestamp,
}

impl Window {
    /// The window `[from, to)`.
    ///
    /// # Errors
    /// [`WindowError`] if `to` is before `from`.
    pub const fn new(from: Timestamp, to: Timestamp) -> Result<Window, WindowError> {
        if to.0 < from.0 {
            return Err(WindowError { from, to });
        }
        Ok(Window { from, to })
    }

    /// The first second in the window.
    pub const fn from(self) -> Timestamp {
        self.from
    }

    /// The first second after it.
    pub const fn to(self) -> Timestamp {
        self.to
    }

    /// Its length in seconds.
    pub const fn seconds(self) -> i64 {
        self.to.seconds_since(self.from)
    }

    /// Whether it has no second.
    pub const fn is_empty(self) -> bool {
        self.to.0 == self.from.0
    }

    /// Whether `t` lies in it.
    pub const fn contains(self, t: Timestamp) -> bool {
        self.from.0 <= t.0 && t.0 < self.to.0
    }

    /// The window as an [`Interval`] for set arithmetic; `None` when empty.
    pub fn interval(self) -> Option<Interval> {
        Interval::new(self.from.0, self.to.0).ok()
    }

    /// The part of the window before `t` (the whole window if it ends by then).
    pub fn until(self, t: Timestamp) -> Window {
        Window {
            from: self.from,
            to: self.to.min(t).max(self.from),
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.from, self.to)
    }
}

impl fmt::Debug for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Window({self})")
    }
}

/// A timestamp that could not be read or is outside the representable instants.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// Text that is not an RFC 3339 instant with an offset, to the second.
    #[error("invalid timestamp {text:?}: {reason}")]
    Invalid {
        /// The text as given (cut to 64 characters, control characters escaped).
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An instant outside 0001-01-01T00:00:00Z..=9999-12-31T23:59:59Z.
    #[error("instant {second} (Unix seconds) is outside the years 0001-9999")]
    OutOfRange {
        /// Unix seconds.
        second: i64,
    },
}

impl TimestampError {
    /// What is wrong, without the text.
    pub fn reason(&self) -> &'static str {
        match self {
            TimestampError::Invalid { reason, .. } => reason,
            TimestampError::OutOfRange { .. } => "it is outside the years 0001-9999",
        }
    }
}

/// Reads an RFC 3339 timestamp with an explicit offset (`2025-03-04T10:15:00+08:00` or `...Z`),
/// keeping the written offset.
///
/// A timestamp without an offset is refused rather than guessed. Sub-second digits are accepted
/// only when they are zero (`10:15:00.000`): verdicts are exact to the second, and rounding a
/// response at `10:15:00.4` either way would change a verdict silently. Years run from 0001 to
/// 9999 in UTC.
///
/// # Errors
/// [`TimestampError`] saying which rule failed.
///
/// ```
/// use sla_engine::parse_zoned;
/// assert_eq!(parse_zoned("1970-01-01T08:00:01+08:00")?.timestamp(), 1);
/// assert!(parse_zoned("2025-03-04T10:15:00").is_err()); // no offset
/// assert!(parse_zoned("2025-03-04T10:15:00.250Z").is_err()); // a fraction of a second
/// # Ok::<(), sla_engine::TimestampError>(())
/// ```
pub fn parse_zoned(text: &str) -> Result<DateTime<FixedOffset>, TimestampError> {
    let err = |reason| TimestampError::Invalid {
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
        Ok(t) if Timestamp::from_second(t.timestamp()).is_err() => {
            Err(err("it is outside the years 0001-9999 (UTC)"))
        }
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

/// The instant of `YYYY-MM-DDTHH:MM:SS+HH:MM` (or `-HH:MM`, or `Z`), the shape nearly every
/// event's instants take, read without chrono's general parser: that was an eighth of the
/// parsing thread's time on a large read. `None` for any other text or a field out of its range,
/// which [`parse_zoned`] reads or explains; proptests hold the two to the same answer.
fn canonical(b: &[u8]) -> Option<Timestamp> {
    let east = match (b.len(), b.get(19)) {
        (20, Some(b'Z')) => 0,
        (25, Some(&sign @ (b'+' | b'-'))) if b.get(22) == Some(&b':') => {
            let (h, m) = (digits(b, 20, 2)?, digits(b, 23, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let east = i64::from(h * 3600 + m * 60);
            if sign == b'-' { -east } else { east }
        }
        _ => return None,
    };
    let [year, month, day, hour, minute, second] = date_time_fields(b, b"T")?;
    // chrono checks that the date and the time of day exist (no second 60: that goes to its
    // parser, which reads a leap second).
    let local = chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
        .and_hms_opt(hour, minute, second)?
        .and_utc()
        .timestamp();
    Timestamp::from_second(local - east).ok()
}

/// The fields of text shaped `YYYY-MM-DD?HH:MM:SS...`, the `?` one of `between`: year, month,
/// day, hour, minute and second, each only digits; `None` for any other shape.
fn date_time_fields(b: &[u8], between: &[u8]) -> Option<[u32; 6]> {
    let sep = |i: usize, ok: &[u8]| b.get(i).is_some_and(|c| ok.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, between) && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let field = |from: usize, n: usize| digits(b, from, n);
    Some([
        field(0, 4)?,
        field(5, 2)?,
        field(8, 2)?,
        field(11, 2)?,
        field(14, 2)?,
        field(17, 2)?,
    ])
}

/// The number written in the `n` bytes of `b` from `from`, if they are all digits.
fn digits(b: &[u8], from: usize, n: usize) -> Option<u32> {
    b.get(from..from + n)?.iter().try_fold(0u32, |v, &c| {
        c.is_ascii_digit().then(|| v * 10 + u32::from(c - b'0'))
    })
}

/// For text shaped `YYYY-MM-DDTHH:MM:SS...` whose fields name no instant, which one: a
/// well-formed timestamp of a date or time that does not exist deserves better than "expected
/// RFC 3339".
fn impossible_field(text: &str) -> Option<&'static str> {
    let [y, m, d, h, mi, s] = date_time_fields(text.as_bytes(), b"Tt ")?;
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
        let r = |s: &str| Timestamp::parse(s).unwrap_err().reason();
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
        assert!(Timestamp::parse("2025-03-04T10:15:00.000+08:00").is_ok());
        assert!(Timestamp::parse("2025-03-04T10:15:00z").is_ok());
    }
}

#[cfg(test)]
mod instant_tests {
    use super::*;

    /// What `Timestamp::parse` gave before its shortcut: chrono's parser and the checks after it.
    fn by_chrono(text: &str) -> Result<Timestamp, TimestampError> {
        parse_zoned(text).and_then(Timestamp::try_from)
    }

    #[test]
    fn the_usual_shape_at_its_edges_reads_as_chrono_reads_it() {
        for text in [
            "2025-03-04T10:15:00-00:00",
            "2025-03-04T10:15:00+23:59",
            "2025-03-04T10:15:00-23:59",
            "2025-03-04T10:15:00+24:00",
            "2024-02-29T23:59:59+08:00",
            "2025-02-29T00:00:00+08:00",
            "0000-12-31T23:59:59Z",
            "0001-01-01T00:00:00+00:01",
            "0001-01-01T00:00:00-00:01",
            "9999-12-31T23:59:59-01:00",
            "9999-12-31T23:59:59Z",
            "2016-12-31T23:59:60Z",
            "2025-03-04T10:15:00+08:0x",
            "2025-03-04t10:15:00+08:00",
        ] {
            assert_eq!(Timestamp::parse(text), by_chrono(text), "{text}");
        }
    }

    proptest::proptest! {
        /// Text of the shortcut's shape, every field anywhere in its digits (months 13, hours
        /// 24, offsets of 25 hours, days that do not exist), reads as chrono reads it: the same
        /// instant, or the same error.
        #[test]
        fn the_usual_shape_reads_as_chrono_reads_it(
            date in (0u32..10000, 0u32..14, 0u32..33),
            time in (0u32..26, 0u32..62, 0u32..62),
            offset in proptest::option::of((proptest::bool::ANY, 0u32..26, 0u32..62)),
        ) {
            let ((y, mo, d), (h, mi, s)) = (date, time);
            let zone = match offset {
                None => "Z".to_owned(),
                Some((west, oh, om)) => format!("{}{oh:02}:{om:02}", if west { '-' } else { '+' }),
            };
            let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{zone}");
            proptest::prop_assert_eq!(Timestamp::parse(&text), by_chrono(&text), "{}", text);
        }

        /// Every instant, written at any offset of whole minutes, reads back to itself, as
        /// chrono reads it.
        #[test]
        fn every_instant_written_reads_back(
            second in Timestamp::MIN.as_second()..=Timestamp::MAX.as_second(),
            east in -(24 * 60 - 1)..(24 * 60i32),
            use_z in proptest::bool::ANY,
        ) {
            let t = Timestamp::from_second(second)?;
            let mut buf = [0u8; Timestamp::RFC3339_LEN];
            if let Some(text) = t.write_rfc3339(east * 60, use_z, &mut buf) {
                proptest::prop_assert_eq!(Timestamp::parse(text), Ok(t), "{}", text);
                proptest::prop_assert_eq!(by_chrono(text), Ok(t), "{}", text);
            }
        }
    }

    #[test]
    fn bounds_and_offsets() {
        assert!(Timestamp::parse("0000-12-31T23:59:59Z").is_err());
        assert!(Timestamp::parse("9999-12-31T23:59:59-01:00").is_err());
        assert_eq!(
            Timestamp::parse("0001-01-01T00:00:00Z").unwrap(),
            Timestamp::MIN
        );
        assert_eq!(
            Timestamp::parse("9999-12-31T23:59:59Z").unwrap(),
            Timestamp::MAX
        );
        assert!(Timestamp::from_second(Timestamp::MAX.as_second() + 1).is_err());
        assert_eq!(Timestamp::MAX.checked_add(1), None);
        assert_eq!(Timestamp::MAX.saturating_add(5), Timestamp::MAX);
    }

    /// Before 1901 Asia/Shanghai keeps local mean time, +08:05:43: the written instant must read
    /// back to itself, to the second, whatever the offset.
    #[test]
    fn every_written_instant_reads_back() {
        for zone in [
            chrono_tz::Asia::Shanghai,
            chrono_tz::Europe::Amsterdam,
            chrono_tz::America::New_York,
            chrono_tz::Asia::Kolkata,
        ] {
            for s in [
                Timestamp::MIN.as_second(),
                -2_500_000_000,
                -1_000_000,
                0,
                1_741_054_500,
            ] {
                let t = Timestamp::from_second(s).unwrap();
                let written = t.to_zoned(zone).to_rfc3339();
                assert_eq!(Timestamp::parse(&written).unwrap(), t, "{zone} {written}");
            }
        }
    }

    #[test]
    fn serde_is_rfc3339() {
        let t = Timestamp::parse("2025-03-04T10:15:00+08:00").unwrap();
        let w = Window::new(t, t.checked_add(60).unwrap()).unwrap();
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            r#"{"from":"2025-03-04T02:15:00Z","to":"2025-03-04T02:16:00Z"}"#
        );
        let back: Window = serde_json::from_str(
            r#"{"from":"2025-03-04T10:15:00+08:00","to":"2025-03-04T10:16:00+08:00"}"#,
        )
        .unwrap();
        assert_eq!(back, w);
        assert!(
            serde_json::from_str::<Window>(
                r#"{"from":"2025-03-04T10:15:00+08:00","to":"2025-03-04T10:14:00+08:00"}"#
            )
            .is_err()
        );
    }
}
