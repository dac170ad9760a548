//! A target's clock: time used between two instants less its pauses, and the deadline that
//! pauses push back.

use crate::{Calendar, CalendarError};

/// A span during which the clock does not run; `to == None` while it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stopped {
    pub from: i64,
    pub to: Option<i64>,
}

/// Where the deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deadline {
    /// The clock runs out at this instant.
    At(i64),
    /// The clock is paused (no reply yet) with this many clock seconds left.
    Paused { left: i64 },
}

/// Clock seconds from `from` to `to`, less the clock seconds of `pauses` inside that span
/// (pauses are sorted and disjoint; an open pause runs to `to`).
pub(crate) fn used(
    cal: &Calendar,
    from: i64,
    to: i64,
    pauses: &[Stopped],
) -> Result<(i64, Vec<i64>), CalendarError> {
    if to <= from {
        return Ok((0, pauses.iter().map(|_| 0).collect()));
    }
    let mut total = cal.between_unix(from, to)?;
    let mut each = Vec::with_capacity(pauses.len());
    for p in pauses {
        let a = p.from.max(from);
        let b = p.to.unwrap_or(to).min(to);
        let s = if b > a { cal.between_unix(a, b)? } else { 0 };
        total -= s;
        each.push(s);
    }
    Ok((total, each))
}

/// The instant at which `limit` clock seconds from `origin` have run, skipping `pauses`.
pub(crate) fn deadline(
    cal: &Calendar,
    origin: i64,
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
        let run = cal.between_unix(cursor, start)?;
        if run >= left {
            break;
        }
        left -= run;
        match to {
            None => return Ok(Deadline::Paused { left }),
            Some(t) => cursor = t,
        }
    }
    Ok(Deadline::At(cal.add_unix(cursor, left)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_push_the_deadline_back_on_the_wall_clock() {
        let wall = Calendar::wall_clock(chrono_tz::UTC);
        let p = [
            Stopped {
                from: 10,
                to: Some(20),
            },
            Stopped {
                from: 30,
                to: Some(35),
            },
        ];
        assert_eq!(deadline(&wall, 0, 25, &p).unwrap(), Deadline::At(40));
        assert_eq!(deadline(&wall, 0, 5, &p).unwrap(), Deadline::At(5));
        assert_eq!(deadline(&wall, 0, 10, &p).unwrap(), Deadline::At(10));
        assert_eq!(used(&wall, 0, 40, &p).unwrap(), (25, vec![10, 5]));
        let open = [Stopped { from: 10, to: None }];
        assert_eq!(
            deadline(&wall, 0, 25, &open).unwrap(),
            Deadline::Paused { left: 15 }
        );
        assert_eq!(used(&wall, 0, 50, &open).unwrap().0, 10);
    }
}
