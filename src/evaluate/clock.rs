//! A target's clock: time used between two instants less its pauses, and the deadline that
//! pauses push back.

use crate::{Calendar, CalendarError, Timestamp};

/// A span during which the clock does not run; `to == None` while it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stopped {
    pub from: Timestamp,
    pub to: Option<Timestamp>,
}

/// Where the deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deadline {
    /// The clock runs out at this instant.
    At(Timestamp),
    /// The clock is paused (no reply yet) with this many clock seconds left.
    Paused { left: i64 },
}

/// Clock seconds from `from` to `to`, less the clock seconds of `pauses` inside that span
/// (pauses are sorted and disjoint; an open pause runs to `to`).
pub(crate) fn used(
    cal: &Calendar,
    from: Timestamp,
    to: Timestamp,
    pauses: &[Stopped],
) -> Result<i64, CalendarError> {
    if to <= from {
        return Ok(0);
    }
    let mut total = cal.between(from, to)?;
    for p in pauses {
        let a = p.from.max(from);
        let b = p.to.unwrap_or(to).min(to);
        if b > a {
            total -= cal.between(a, b)?;
        }
    }
    Ok(total)
}

/// The instant at which `limit` clock seconds from `origin` have run, skipping `pauses`.
pub(crate) fn deadline(
    cal: &Calendar,
    origin: Timestamp,
    limit: i64,
    pauses: &[Stopped],
) -> Result<Deadline, CalendarError> {
    let mut left = limit;
    let mut cursor = origin;
    for p in pauses {
        let to = p.to;
        if to.is_some_and(|t| t <= cursor) {
            continue;
        }
        let start = p.from.max(cursor);
        let run = cal.between(cursor, start)?;
        if run >= left {
            break;
        }
        left -= run;
        match to {
            None => return Ok(Deadline::Paused { left }),
            Some(t) => cursor = t,
        }
    }
    Ok(Deadline::At(cal.add(cursor, left)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> Timestamp {
        Timestamp::from_second(s).unwrap()
    }

    #[test]
    fn pauses_push_the_deadline_back_on_the_wall_clock() {
        let wall = Calendar::wall_clock(chrono_tz::UTC);
        let p = [
            Stopped {
                from: t(10),
                to: Some(t(20)),
            },
            Stopped {
                from: t(30),
                to: Some(t(35)),
            },
        ];
        assert_eq!(deadline(&wall, t(0), 25, &p).unwrap(), Deadline::At(t(40)));
        assert_eq!(deadline(&wall, t(0), 5, &p).unwrap(), Deadline::At(t(5)));
        assert_eq!(deadline(&wall, t(0), 10, &p).unwrap(), Deadline::At(t(10)));
        assert_eq!(used(&wall, t(0), t(40), &p).unwrap(), 25);
        let open = [Stopped {
            from: t(10),
            to: None,
        }];
        assert_eq!(
            deadline(&wall, t(0), 25, &open).unwrap(),
            Deadline::Paused { left: 15 }
        );
        assert_eq!(used(&wall, t(0), t(50), &open).unwrap(), 10);
        // A pause that begins at the instant asked about: paused, not running.
        let at_end = [Stopped {
            from: t(50),
            to: None,
        }];
        assert_eq!(
            deadline(&wall, t(0), 60, &at_end).unwrap(),
            Deadline::Paused { left: 10 }
        );
    }
}
