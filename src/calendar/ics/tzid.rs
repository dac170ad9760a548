//! The zones an iCalendar file's times are written in: an IANA name (`TZID=Asia/Shanghai`, or a
//! path ending in one, as Mozilla writes them), or the file's own `VTIMEZONE` definition (Outlook
//! writes Windows names such as `China Standard Time` with their rules).

use std::collections::BTreeMap;

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use super::expand::expand;
use crate::calendar::zone;

/// One `STANDARD` or `DAYLIGHT` block of a `VTIMEZONE`: from its onsets on, `offset_to` applies.
#[derive(Debug, Clone)]
pub(crate) struct Observance {
    /// Local time of the first onset (in the offset before it).
    pub(crate) start: NaiveDateTime,
    /// The recurrence of the onsets, if any.
    pub(crate) rrule: Option<String>,
    /// Further onsets.
    pub(crate) rdates: Vec<NaiveDateTime>,
    /// UTC offset before an onset, in seconds.
    pub(crate) offset_from: i32,
    /// UTC offset after an onset, in seconds.
    pub(crate) offset_to: i32,
}

/// A zone defined by a `VTIMEZONE`, compiled to its transitions over the years asked for.
#[derive(Debug, Clone)]
pub(crate) struct DefinedZone {
    /// The offset before the first transition.
    initial: i32,
    /// `(utc instant, offset from then on)`, in time order.
    transitions: Vec<(i64, i32)>,
}

impl DefinedZone {
    /// Compiles `observances` over `years` (one year of margin each side, so that the first day
    /// of the span knows its offset).
    pub(crate) fn new(
        observances: &[Observance],
        years: (i32, i32),
    ) -> Result<DefinedZone, String> {
        let mut transitions = Vec::new();
        let lo = years.0.saturating_sub(1);
        let hi = years.1.saturating_add(2);
        for o in observances {
            let onsets = expand(o.start, o.rrule.as_deref(), &o.rdates, &[], (lo, hi))?;
            for onset in onsets {
                transitions.push((
                    onset.and_utc().timestamp() - i64::from(o.offset_from),
                    o.offset_to,
                ));
            }
        }
        transitions.sort_unstable();
        let initial = observances
            .iter()
            .min_by_key(|o| o.start)
            .map_or(0, |o| o.offset_from);
        Ok(DefinedZone {
            initial,
            transitions,
        })
    }

    fn offset_at(&self, utc: i64) -> i32 {
        let i = self.transitions.partition_point(|&(t, _)| t <= utc);
        i.checked_sub(1)
            .and_then(|i| self.transitions.get(i))
            .map_or(self.initial, |&(_, o)| o)
    }

    /// The instant of a local time, with the calendar's conventions: a time that occurs twice
    /// takes the earlier instant, a time in a gap the instant of the jump.
    fn to_utc(&self, local: NaiveDateTime) -> i64 {
        let l = local.and_utc().timestamp();
        let mut offsets: Vec<i32> = self.transitions.iter().map(|&(_, o)| o).collect();
        offsets.push(self.initial);
        offsets.sort_unstable();
        offsets.dedup();
        let valid = offsets
            .iter()
            .map(|&o| l - i64::from(o))
            .filter(|&u| i64::from(self.offset_at(u)) == l - u)
            .min();
        if let Some(u) = valid {
            return u;
        }
        // In a gap: the transition whose jump skips this local time.
        let mut before = self.initial;
        for &(t, after) in &self.transitions {
            if l - i64::from(after) < t && t <= l - i64::from(before) {
                return t;
            }
            before = after;
        }
        l - i64::from(self.initial)
    }
}

/// How the times of one property are to be read.
#[derive(Debug, Clone)]
pub(crate) enum EventZone {
    /// An IANA zone (also the calendar's own zone, for floating times).
    Iana(Tz),
    /// A zone the file defines.
    Defined(DefinedZone),
    /// UTC (`...Z`).
    Utc,
}

impl EventZone {
    /// Unix seconds of a local time in this zone.
    pub(crate) fn to_utc(&self, local: NaiveDateTime) -> i64 {
        match self {
            EventZone::Iana(tz) => zone::resolve(*tz, local),
            EventZone::Defined(z) => z.to_utc(local),
            EventZone::Utc => local.and_utc().timestamp(),
        }
    }

    /// The local time of an instant in this zone.
    pub(crate) fn to_local(&self, utc: i64) -> Option<NaiveDateTime> {
        let at = chrono::DateTime::from_timestamp(utc, 0)?;
        Some(match self {
            EventZone::Iana(tz) => tz.from_utc_datetime(&at.naive_utc()).naive_local(),
            EventZone::Defined(z) => {
                at.naive_utc() + chrono::Duration::seconds(i64::from(z.offset_at(utc)))
            }
            EventZone::Utc => at.naive_utc(),
        })
    }
}

/// The zones a file can name: IANA names, and its own `VTIMEZONE`s by `TZID`.
#[derive(Debug, Default)]
pub(crate) struct Zones {
    pub(crate) defined: BTreeMap<String, DefinedZone>,
}

impl Zones {
    /// The zone a `TZID` names, if the IANA database or the file knows it.
    pub(crate) fn get(&self, tzid: &str) -> Option<EventZone> {
        let tzid = tzid.trim_matches('"');
        if let Some(tz) = iana(tzid) {
            return Some(EventZone::Iana(tz));
        }
        self.defined.get(tzid).cloned().map(EventZone::Defined)
    }
}

/// An IANA name, or a path that ends in one (`/mozilla.org/20050126_1/Europe/Berlin`).
fn iana(tzid: &str) -> Option<Tz> {
    let mut rest = tzid;
    loop {
        if let Ok(tz) = rest.parse::<Tz>() {
            return Some(tz);
        }
        rest = rest.split_once('/')?.1;
    }
}

/// A UTC offset written `+0800`, `-0430` or `+053000`, in seconds.
pub(crate) fn parse_offset(text: &str) -> Option<i32> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, text.get(1..)?),
        b'-' => (-1, text.get(1..)?),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r)?.parse::<i32>().ok();
    let (h, m) = (n(0..2)?, n(2..4)?);
    let s = if digits.len() == 6 { n(4..6)? } else { 0 };
    (h < 24 && m < 60 && s < 60).then_some(sign * (h * 3600 + m * 60 + s))
}
