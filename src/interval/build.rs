//! Building the normalized list of an [`IntervalSet`](super::IntervalSet) from raw pairs.
//!
//! Both builders end in the same merge pass ([`MergeRun`]) run as a `filter_map` over the
//! caller's `Vec` and collected back into a `Vec<Interval>`. `(i64, i64)` and [`Interval`] have
//! the same size and alignment, so the standard library's in-place collection writes the merged
//! intervals into the allocation the caller handed over: no second buffer, one pass over memory.
//! (That reuse is an optimization of `std`, not a guarantee; without it the result is the same,
//! only with one more allocation.)

use super::{Interval, IntervalError};

/// The run of merged input that has not been emitted yet, and the merge step that grows it.
///
/// The run starts as the empty span `[i64::MIN, i64::MIN)`, which needs no special case: an
/// input pair starting at `i64::MIN` merges with it and becomes the run, any other pair replaces
/// it, and an empty run is never emitted.
struct MergeRun {
    start: i64,
    end: i64,
}

impl MergeRun {
    const fn new() -> Self {
        Self {
            start: i64::MIN,
            end: i64::MIN,
        }
    }

    /// Feeds one pair; input must come sorted by start and with `start <= end`.
    ///
    /// Returns the previous run when `start` lies after its end (a gap of at least one second),
    /// unless that run is empty. An empty pair `[s, s)` either merges without effect or becomes
    /// an empty run that the next pair replaces or absorbs, so empty input never reaches the
    /// output.
    #[inline(always)]
    fn push(&mut self, start: i64, end: i64) -> Option<Interval> {
        if start <= self.end {
            // Overlapping or touching: extend. When the run is empty (`self.start == self.end`)
            // and `start == self.end`, the merged run is exactly the new pair, as it should be.
            self.end = self.end.max(end);
            None
        } else {
            let done = Interval {
                start: self.start,
                end: self.end,
            };
            self.start = start;
            self.end = end;
            (done.start < done.end).then_some(done)
        }
    }

    /// The last run, unless it is empty.
    fn finish(self) -> Option<Interval> {
        (self.start < self.end).then_some(Interval {
            start: self.start,
            end: self.end,
        })
    }
}

/// Merges pairs already sorted by start and already checked for `start <= end`.
fn merge_checked(pairs: Vec<(i64, i64)>) -> Vec<Interval> {
    let mut run = MergeRun::new();
    let mut merged: Vec<Interval> = pairs
        .into_iter()
        .filter_map(|(start, end)| run.push(start, end))
        .collect();
    // Every pushed pair either merged into the run or emitted at most the run before it, so the
    // collected list is shorter than the input and this push does not reallocate.
    merged.extend(run.finish());
    merged
}

/// Sorts by start, then merges. See [`IntervalSet::from_unsorted`](super::IntervalSet::from_unsorted).
pub(super) fn from_unsorted(mut pairs: Vec<(i64, i64)>) -> Result<Vec<Interval>, IntervalError> {
    // The check runs before the sort so that `index` names the caller's position.
    if let Some((index, &(start, end))) = pairs.iter().enumerate().find(|(_, (s, e))| e < s) {
        return Err(IntervalError::EndBeforeStart { index, start, end });
    }
    // The merge needs the pairs in start order only: among equal starts the order of the ends
    // does not matter because the run takes the maximum end. Comparing one key is cheaper than
    // comparing the tuple.
    pairs.sort_unstable_by_key(|&(start, _)| start);
    Ok(merge_checked(pairs))
}

/// Checks order and bounds while merging, in one pass. See
/// [`IntervalSet::from_sorted`](super::IntervalSet::from_sorted).
pub(super) fn from_sorted<I>(pairs: I) -> Result<Vec<Interval>, IntervalError>
where
    I: IntoIterator<Item = (i64, i64)>,
{
    let mut run = MergeRun::new();
    let mut previous_start = i64::MIN;
    let mut index = 0_usize;
    let mut error = None;
    let mut merged: Vec<Interval> = pairs
        .into_iter()
        .filter_map(|(start, end)| {
            // One predictable, almost never taken branch for both checks.
            if ((end < start) | (start < previous_start)) && error.is_none() {
                error = Some(first_error(index, start, end, previous_start));
            }
            previous_start = start;
            index = index.wrapping_add(1);
            run.push(start, end)
        })
        .collect();
    if let Some(error) = error {
        return Err(error);
    }
    merged.extend(run.finish());
    Ok(merged)
}

/// The error for pair `index`, which broke at least one of the `from_sorted` checks. A pair that
/// breaks both is reported as ending before it starts.
#[cold]
#[inline(never)]
fn first_error(index: usize, start: i64, end: i64, previous_start: i64) -> IntervalError {
    if end < start {
        IntervalError::EndBeforeStart { index, start, end }
    } else {
        IntervalError::Unsorted {
            index,
            start,
            previous_start,
        }
    }
}

/// Checks that a list is already normalized: every interval starts after the end of the one
/// before it. See `TryFrom<Vec<Interval>> for IntervalSet`.
pub(super) fn check_normalized(intervals: &[Interval]) -> Result<(), IntervalError> {
    let offending = intervals
        .iter()
        .zip(intervals.iter().skip(1))
        .enumerate()
        .find(|(_, (previous, next))| next.start <= previous.end);
    match offending {
        None => Ok(()),
        Some((position, (previous, next))) => Err(IntervalError::NotNormalized {
            index: position.saturating_add(1),
            start: next.start,
            previous_end: previous.end,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(intervals: &[Interval]) -> Vec<(i64, i64)> {
        intervals.iter().map(|iv| (iv.start, iv.end)).collect()
    }

    #[test]
    fn touching_pairs_merge_into_one() {
        let merged = merge_checked(vec![(1, 2), (2, 3)]);
        assert_eq!(pairs(&merged), [(1, 3)]);
    }

    #[test]
    fn a_gap_of_one_second_keeps_pairs_apart() {
        let merged = merge_checked(vec![(1, 2), (3, 4)]);
        assert_eq!(pairs(&merged), [(1, 2), (3, 4)]);
    }

    #[test]
    fn empty_pairs_are_dropped_wherever_they_are() {
        assert_eq!(pairs(&merge_checked(vec![(5, 5)])), []);
        assert_eq!(
            pairs(&merge_checked(vec![(0, 1), (5, 5), (9, 10)])),
            [(0, 1), (9, 10)]
        );
        assert_eq!(pairs(&merge_checked(vec![(0, 1), (5, 5)])), [(0, 1)]);
        assert_eq!(pairs(&merge_checked(vec![(5, 5), (5, 7)])), [(5, 7)]);
        assert_eq!(
            pairs(&merge_checked(vec![(0, 5), (5, 5), (6, 7)])),
            [(0, 5), (6, 7)]
        );
    }

    #[test]
    fn an_empty_pair_does_not_bridge_a_gap() {
        // [0,1) and [2,3) stay apart although an empty span sits at 1 and another at 2.
        let merged = merge_checked(vec![(0, 1), (1, 1), (2, 2), (2, 3)]);
        assert_eq!(pairs(&merged), [(0, 1), (2, 3)]);
    }

    #[test]
    fn pairs_at_the_ends_of_the_i64_range_merge() {
        let merged = merge_checked(vec![(i64::MIN, i64::MIN), (i64::MIN, 0), (0, i64::MAX)]);
        assert_eq!(pairs(&merged), [(i64::MIN, i64::MAX)]);
        let merged = merge_checked(vec![(i64::MIN, i64::MIN + 1), (i64::MAX - 1, i64::MAX)]);
        assert_eq!(
            pairs(&merged),
            [(i64::MIN, i64::MIN + 1), (i64::MAX - 1, i64::MAX)]
        );
    }

    #[test]
    fn equal_starts_keep_the_largest_end_in_any_order() {
        assert_eq!(pairs(&merge_checked(vec![(0, 9), (0, 3)])), [(0, 9)]);
        assert_eq!(pairs(&merge_checked(vec![(0, 3), (0, 9)])), [(0, 9)]);
    }

    #[test]
    fn from_sorted_reports_the_first_offending_position() {
        let result = from_sorted(vec![(0, 1), (5, 6), (4, 9), (3, 2)]);
        assert_eq!(
            result,
            Err(IntervalError::Unsorted {
                index: 2,
                start: 4,
                previous_start: 5
            })
        );
        let result = from_sorted(vec![(0, 1), (5, 6), (7, 6), (4, 9)]);
        assert_eq!(
            result,
            Err(IntervalError::EndBeforeStart {
                index: 2,
                start: 7,
                end: 6
            })
        );
    }

    #[test]
    fn from_sorted_reports_a_pair_breaking_both_rules_as_ending_before_it_starts() {
        let result = from_sorted(vec![(5, 6), (4, 3)]);
        assert_eq!(
            result,
            Err(IntervalError::EndBeforeStart {
                index: 1,
                start: 4,
                end: 3
            })
        );
    }

    #[test]
    fn from_unsorted_names_the_callers_position_not_the_sorted_one() {
        let result = from_unsorted(vec![(50, 60), (40, 45), (30, 20), (0, 1)]);
        assert_eq!(
            result,
            Err(IntervalError::EndBeforeStart {
                index: 2,
                start: 30,
                end: 20
            })
        );
    }

    #[test]
    fn check_normalized_rejects_touching_and_overlapping_neighbours() {
        let list = |p: &[(i64, i64)]| -> Vec<Interval> {
            p.iter()
                .map(|&(start, end)| Interval { start, end })
                .collect()
        };
        assert_eq!(check_normalized(&list(&[])), Ok(()));
        assert_eq!(check_normalized(&list(&[(0, 1), (2, 3)])), Ok(()));
        assert_eq!(
            check_normalized(&list(&[(0, 1), (2, 3), (3, 4)])),
            Err(IntervalError::NotNormalized {
                index: 2,
                start: 3,
                previous_end: 3
            })
        );
        assert_eq!(
            check_normalized(&list(&[(5, 9), (0, 1)])),
            Err(IntervalError::NotNormalized {
                index: 1,
                start: 0,
                previous_end: 9
            })
        );
    }
}
