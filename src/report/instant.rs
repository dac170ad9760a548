//! Instants in a report's JSON, written as chrono writes them (`2025-03-04T10:00:00+08:00`) but
//! without its general formatter: a year of a million outages writes tens of millions of them,
//! and chrono's path through `fmt` took a sixth of the time of writing the report. Anything this
//! path is not sure of (a fraction of a second, an offset with seconds, a year outside 0-9999)
//! goes to chrono's own `Serialize`; `tests` hold the two to the same text. Reading is chrono's.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Timestamp;

/// Writes `t` as chrono would.
///
/// # Errors
/// The serializer's.
pub(crate) fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; Timestamp::RFC3339_LEN];
    match written(t, true, &mut buf) {
        Some(text) => s.serialize_str(text),
        None => t.serialize(s),
    }
}

/// `t` as chrono writes it, written into `buf` by the fast path (UTC as `Z` if `use_z`, as
/// chrono's `Serialize` writes it, else as `to_rfc3339` does); `None` where only chrono's own
/// formatter is sure of the text.
pub(crate) fn written<'b>(
    t: &DateTime<FixedOffset>,
    use_z: bool,
    buf: &'b mut [u8; Timestamp::RFC3339_LEN],
) -> Option<&'b str> {
    (t.timestamp_subsec_nanos() == 0)
        .then(|| Timestamp::from_second(t.timestamp()).ok())
        .flatten()
        .and_then(|second| second.write_rfc3339(t.offset().local_minus_utc(), use_z, buf))
}

/// Reads an instant as chrono does.
///
/// # Errors
/// The deserializer's, or chrono's for a malformed instant.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<DateTime<FixedOffset>, D::Error> {
    DateTime::<FixedOffset>::deserialize(d)
}

/// The same for an instant that may be absent (`null`).
pub(crate) mod option {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `t` as chrono would, or `null`.
    ///
    /// # Errors
    /// The serializer's.
    pub(crate) fn serialize<S: Serializer>(
        t: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    /// Reads an instant or `null` as chrono does.
    ///
    /// # Errors
    /// The deserializer's, or chrono's for a malformed instant.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        Option::<DateTime<FixedOffset>>::deserialize(d)
    }
}

#[cfg(all(test, feature = "formats"))]
mod tests {
    use chrono::{DateTime, FixedOffset, TimeZone};
    use proptest::prelude::*;

    #[derive(serde::Serialize)]
    struct Fast(#[serde(with = "super")] DateTime<FixedOffset>);

    proptest! {
        /// Whatever the instant and offset (seconds in the offset, fractions of a second,
        /// years past 9999 included), the text is chrono's own.
        #[test]
        fn instants_are_written_as_chrono_writes_them(
            second in -62_135_596_800i64..300_000_000_000,
            nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000],
            east in prop_oneof![
                (-18i32..=18).prop_map(|h| h * 3600),
                (-1079i32..=1079).prop_map(|m| m * 60),
                -86_399i32..86_400,
            ],
        ) {
            let Some(offset) = FixedOffset::east_opt(east) else { return Ok(()) };
            let Some(t) = offset.timestamp_opt(second, nanos).single() else { return Ok(()) };
            let fast = serde_json::to_string(&Fast(t)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let chrono = serde_json::to_string(&t).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(fast, chrono);
        }
    }

    #[test]
    fn the_common_shape_and_the_edges_are_chronos() -> Result<(), serde_json::Error> {
        for (second, east) in [
            (1_741_053_600, 8 * 3600),     // 2025-03-04T10:00:00+08:00
            (0, -(5 * 3600 + 30 * 60)),    // a negative offset with minutes
            (-62_135_596_800, 0),          // 0001-01-01T00:00:00+00:00
            (253_402_300_799, 0),          // 9999-12-31T23:59:59+00:00
            (253_402_300_800, 0),          // year 10000: chrono's own form
            (-62_167_219_200, 0),          // year 0
            (1_741_053_600, 8 * 3600 + 5), // an offset with seconds
        ] {
            let Some(t) =
                FixedOffset::east_opt(east).and_then(|o| o.timestamp_opt(second, 0).single())
            else {
                continue;
            };
            assert_eq!(
                serde_json::to_string(&Fast(t))?,
                serde_json::to_string(&t)?,
                "{second} at {east}"
            );
        }
        Ok(())
    }
}
