//! The compiled calendar: open time as sorted UTC intervals with a running sum of open seconds, so
//! that every business-time query is a binary search, whatever the span it covers.

use super::CalendarError;

/// One working day: its local day number and the instants it opens and closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WorkingDay {
    /// Days since 0001-01-01 (chrono's `num_days_from_ce`).
    pub day: i32,
    /// The day's first opening instant.
    pub open: i64,
    /// The day's last closing instant (on the next day for an overnight range).
    pub close: i64,
}

/// A year inside the compiled span that the day data does not cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Gap {
    pub year: i32,
    pub from: i64,
    pub to: i64,
}

/// Open time between `lo` and `hi` (Unix seconds), as parallel arrays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Timeline {
    /// Opening instants, strictly increasing.
    starts: Vec<i64>,
    /// Closing instants; `ends[i] < starts[i + 1]` (touching intervals are merged). The last may
    /// lie after `hi` (an overnight range on the last day); answers past `hi` are refused.
    ends: Vec<i64>,
    /// Open seconds from `lo` through the end of interval `i`.
    cum_end: Vec<i64>,
    /// First covered instant.
    pub lo: i64,
    /// End of coverage (exclusive for years, inclusive as a query instant).
    pub hi: i64,
    /// The first and last year of the compiled span.
    pub years: (i32, i32),
    /// Uncovered years inside the span, in year order.
    pub gaps: Vec<Gap>,
    /// Working days, ascending.
    pub days: Vec<WorkingDay>,
}

impl Timeline {
    /// Builds the timeline from open intervals in ascending start order (each `start < end`).
    ///
    /// Touching intervals are merged; overlapping ones are an error naming the local date of the
    /// second (`date_of` maps an instant to a printable local date).
    pub(crate) fn new(
        intervals: Vec<(i64, i64)>,
        lo: i64,
        hi: i64,
        years: (i32, i32),
        gaps: Vec<Gap>,
        days: Vec<WorkingDay>,
        date_of: impl Fn(i64) -> String,
    ) -> Result<Timeline, CalendarError> {
        let mut starts = Vec::with_capacity(intervals.len());
        let mut ends: Vec<i64> = Vec::with_capacity(intervals.len());
        for (s, e) in intervals {
            match ends.last_mut() {
                Some(last) if s < *last => {
                    return Err(CalendarError::OverlappingDays { date: date_of(s) });
                }
                Some(last) if s == *last => *last = e,
                _ => {
                    starts.push(s);
                    ends.push(e);
                }
            }
        }
        let mut total = 0;
        let cum_end = starts
            .iter()
            .zip(&ends)
            .map(|(s, e)| {
                total += e - s;
                total
            })
            .collect();
        Ok(Timeline {
            starts,
            ends,
            cum_end,
            lo,
            hi,
            years,
            gaps,
            days,
        })
    }

    /// Whether the timeline has no open time at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Open seconds from `lo` to `t`.
    #[inline]
    fn cum(&self, t: i64) -> i64 {
        let idx = self.starts.partition_point(|&s| s <= t);
        match idx.checked_sub(1) {
            None => 0,
            Some(i) => match (self.cum_end.get(i), self.ends.get(i)) {
                (Some(&c), Some(&e)) => c - (e - t).max(0),
                _ => 0,
            },
        }
    }

    /// Total open seconds in the timeline.
    fn total(&self) -> i64 {
        self.cum_end.last().copied().unwrap_or(0)
    }

    /// Checks that `t` lies in covered time; `year_of` names the year otherwise.
    #[inline]
    pub(crate) fn check(&self, t: i64, year_of: impl Fn(i64) -> i32) -> Result<(), CalendarError> {
        if t < self.lo || t > self.hi {
            return Err(self.not_covered(year_of(t)));
        }
        // The first instant of a gap year is, like `hi`, the end of covered time: a valid query
        // instant (a duration can end there), though nothing after it is.
        if let Some(g) = self.first_gap_ending_after(t).filter(|g| g.from < t) {
            return Err(self.not_covered(g.year));
        }
        Ok(())
    }

    /// The first gap year that ends after `t` (gaps are sorted and disjoint: a binary search, so
    /// that a span of many uncovered years costs no more per query than one).
    fn first_gap_ending_after(&self, t: i64) -> Option<&Gap> {
        self.gaps.get(self.gaps.partition_point(|g| g.to <= t))
    }

    /// The error for an uncovered `year`.
    pub(crate) fn not_covered(&self, year: i32) -> CalendarError {
        CalendarError::YearNotCovered {
            year,
            first: self.years.0,
            last: self.years.1,
        }
    }

    /// `found`, an instant that a search from the covered instant `from` found, if the data vouches
    /// for it: neither past the end of the data nor beyond a gap year from `from`.
    pub(crate) fn vouch(&self, from: i64, found: Option<i64>) -> Result<i64, CalendarError> {
        match found {
            Some(t) if t <= self.hi => {
                if !self.gaps.is_empty() {
                    self.check_no_gap_between(from, t)?;
                }
                Ok(t)
            }
            _ => Err(self.not_covered(self.years.1.saturating_add(1))),
        }
    }

    /// Errors if a gap year lies between `a` and `b` (in either order).
    fn check_no_gap_between(&self, a: i64, b: i64) -> Result<(), CalendarError> {
        let (a, b) = (a.min(b), a.max(b));
        match self.first_gap_ending_after(a).filter(|g| g.from < b) {
            Some(g) => Err(self.not_covered(g.year)),
            None => Ok(()),
        }
    }

    /// Open seconds between two covered instants; negative when `b < a`.
    #[inline]
    pub(crate) fn between(&self, a: i64, b: i64) -> Result<i64, CalendarError> {
        if !self.gaps.is_empty() {
            self.check_no_gap_between(a, b)?;
        }
        Ok(self.cum(b) - self.cum(a))
    }

    /// The instant `d` open seconds after (`d > 0`) or before (`d < 0`) the covered instant `t`.
    ///
    /// Forward, a duration that ends exactly at a closing time ends there; backward, one that ends
    /// exactly at an opening time ends there. Zero returns `t`.
    #[inline]
    pub(crate) fn add(&self, t: i64, d: i64) -> Result<i64, CalendarError> {
        if d == 0 {
            return Ok(t);
        }
        let target = self.cum(t).saturating_add(d);
        let i = if d > 0 {
            if target > self.total() {
                return Err(self.not_covered(self.years.1.saturating_add(1)));
            }
            self.cum_end.partition_point(|&c| c < target)
        } else {
            if target < 0 {
                return Err(self.not_covered(self.years.0.saturating_sub(1)));
            }
            self.cum_end.partition_point(|&c| c <= target)
        };
        let out = match (self.ends.get(i), self.cum_end.get(i)) {
            (Some(&e), Some(&c)) => e - (c - target),
            // Only reachable backward with target == total, i.e. d == 0, handled above.
            _ => return Err(self.not_covered(self.years.1.saturating_add(1))),
        };
        // The last day's overnight range may run past the end of the data.
        if out > self.hi {
            return Err(self.not_covered(self.years.1.saturating_add(1)));
        }
        if !self.gaps.is_empty() {
            self.check_no_gap_between(t, out)?;
        }
        Ok(out)
    }

    /// The open interval containing `t`, as its index.
    #[inline]
    fn containing(&self, t: i64) -> Result<usize, usize> {
        let idx = self.starts.partition_point(|&s| s <= t);
        match idx.checked_sub(1) {
            Some(i) if self.ends.get(i).is_some_and(|&e| t < e) => Ok(i),
            _ => Err(idx),
        }
    }

    /// Whether `t` is open time.
    #[inline]
    pub(crate) fn is_open(&self, t: i64) -> bool {
        self.containing(t).is_ok()
    }

    /// `t` if open, else the next opening; `None` past the last one.
    pub(crate) fn next_open(&self, t: i64) -> Option<i64> {
        match self.containing(t) {
            Ok(_) => Some(t),
            Err(i) => self.starts.get(i).copied(),
        }
    }

    /// The end of the open interval containing `t`, else the end of the next one.
    pub(crate) fn next_close(&self, t: i64) -> Option<i64> {
        match self.containing(t) {
            Ok(i) | Err(i) => self.ends.get(i).copied(),
        }
    }

    /// The open intervals that meet `[from, to)`, clipped to it.
    pub(crate) fn open_within(&self, from: i64, to: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
        let first = self.ends.partition_point(|&e| e <= from);
        self.starts
            .iter()
            .zip(&self.ends)
            .skip(first)
            .take_while(move |(s, _)| **s < to)
            .map(move |(&s, &e)| (s.max(from), e.min(to)))
    }

    /// The working day `day`, if it is one.
    pub(crate) fn working_day(&self, day: i32) -> Option<WorkingDay> {
        self.days
            .binary_search_by_key(&day, |w| w.day)
            .ok()
            .and_then(|i| self.days.get(i).copied())
    }

    /// The `n`-th working day after `day` (`n = 0`: the first working day on or after `day`), or
    /// before it when `forward` is false.
    pub(crate) fn nth_working_day(&self, day: i32, n: u32, forward: bool) -> Option<WorkingDay> {
        let n = usize::try_from(n).ok()?;
        if forward {
            let strictly_after = self.days.partition_point(|w| w.day <= day);
            let idx = match n {
                0 => self.days.partition_point(|w| w.day < day),
                n => strictly_after.checked_add(n - 1)?,
            };
            self.days.get(idx).copied()
        } else {
            let before = self.days.partition_point(|w| w.day < day);
            let idx = match n {
                0 => self.days.partition_point(|w| w.day <= day).checked_sub(1)?,
                n => before.checked_sub(n)?,
            };
            self.days.get(idx).copied()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tl(iv: &[(i64, i64)]) -> Timeline {
        Timeline::new(iv.to_vec(), 0, 1000, (2000, 2000), vec![], vec![], |t| {
            t.to_string()
        })
        .unwrap()
    }

    #[test]
    fn add_and_between_on_a_small_timeline() {
        let t = tl(&[(10, 20), (30, 40), (40, 50), (60, 70)]);
        assert_eq!(t.starts, vec![10, 30, 60]); // touching merged
        assert_eq!(t.between(0, 100).unwrap(), 40);
        assert_eq!(t.between(15, 35).unwrap(), 10);
        assert_eq!(t.between(35, 15).unwrap(), -10);
        assert_eq!(t.add(0, 10).unwrap(), 20); // ends at closing time
        assert_eq!(t.add(20, 1).unwrap(), 31);
        assert_eq!(t.add(25, 0).unwrap(), 25);
        assert_eq!(t.add(31, -1).unwrap(), 30); // backward lands on the opening
        assert_eq!(t.add(30, -1).unwrap(), 19);
        assert_eq!(t.add(70, 0).unwrap(), 70);
        assert!(t.add(65, 6).is_err());
        assert!(t.add(15, -6).is_err());
        assert!(t.is_open(10) && !t.is_open(20) && t.is_open(45));
        assert_eq!(t.next_open(20), Some(30));
        assert_eq!(t.next_close(20), Some(50));
        assert_eq!(t.next_close(75), None);
        let within: Vec<_> = t.open_within(15, 65).collect();
        assert_eq!(within, vec![(15, 20), (30, 50), (60, 65)]);
    }

    #[test]
    fn answers_past_the_end_of_the_data_or_beyond_a_gap_year_are_refused() {
        // The last interval runs past `hi` (an overnight range on the last day of the data).
        let t = tl(&[(10, 20), (990, 1010)]);
        assert!(t.is_open(1000));
        assert_eq!(t.add(995, 5).unwrap(), 1000);
        assert_eq!(
            t.add(995, 6).unwrap_err(),
            CalendarError::YearNotCovered {
                year: 2001,
                first: 2000,
                last: 2000
            }
        );
        assert_eq!(t.vouch(15, t.next_close(15)).unwrap(), 20);
        assert_eq!(
            t.vouch(995, t.next_close(995)).unwrap_err(),
            t.not_covered(2001)
        );
        assert_eq!(t.vouch(995, None).unwrap_err(), t.not_covered(2001));

        let gap = Gap {
            year: 2001,
            from: 100,
            to: 200,
        };
        let gapped = Timeline::new(
            vec![(10, 20), (210, 220)],
            0,
            1000,
            (2000, 2002),
            vec![gap],
            vec![],
            |t| t.to_string(),
        )
        .unwrap();
        assert_eq!(gapped.vouch(5, gapped.next_open(5)).unwrap(), 10);
        // The first instant of the gap year ends covered time and may be asked about; the next may not.
        assert!(gapped.check(100, |_| 2001).is_ok());
        assert!(gapped.check(101, |_| 2001).is_err());
        assert!(gapped.check(200, |_| 2002).is_ok());
        // The next opening after 2000 is unknown: 2001 has no data, whatever 2002 says.
        assert_eq!(gapped.next_open(30), Some(210));
        assert_eq!(
            gapped.vouch(30, gapped.next_open(30)).unwrap_err(),
            gapped.not_covered(2001)
        );
        assert_eq!(
            gapped.vouch(15, gapped.next_close(25)).unwrap_err(),
            gapped.not_covered(2001)
        );
    }

    #[test]
    fn overlapping_intervals_are_refused() {
        let err = Timeline::new(
            vec![(10, 30), (20, 40)],
            0,
            100,
            (2000, 2000),
            vec![],
            vec![],
            |t| t.to_string(),
        )
        .unwrap_err();
        assert!(matches!(err, CalendarError::OverlappingDays { .. }));
    }
}
