//! Building the normalized list of an [`IntervalSet`](super::IntervalSet) from raw pairs.
//!
//! In safe Rust and within the caller's allocation:
//!
//! - **The caller's `Vec` is the work area.** `(i64, i64)`, `[i64; 2]` and [`Interval`] have the
//!   same size and alignment, so `into_iter().map(..).collect()` between them reuses the
//!   allocation and compiles to nothing (the standard library's in-place collection; an
//!   optimization of `std`, not a guarantee: without it the result is the same, one copy
//!   slower).
//! - **`sort_unstable`, then one merge.** [`IntervalSet::from_unsorted`] sorts the pairs by start
//!   with the standard library's sort and merges them in place. A radix sort on packed 64-bit
//!   keys was measured against it (issue #12, DESIGN.md): faster on 10 M random pairs, but never
//!   reached by contract data (a year of events makes thousands of intervals, where it fell
//!   back to `sort_unstable` anyway), so it did not earn its 300 lines.
//! - **A merge without a data-dependent branch.** [`Run::step`] decides with conditional moves
//!   whether a pair extends the current run or starts a new one, and the loops always write the
//!   previous run at the write position, advancing that position only when the run is complete.
//!   Real data mixes overlapping and separate pairs at random, so a branch here would be
//!   mispredicted often; without it the merge runs at memory speed.
//!
//! [`IntervalSet::from_unsorted`]: super::IntervalSet::from_unsorted

use super::{Interval, IntervalError};

/// A `(start, end)` pair in the work area.
type Pair = [i64; 2];

/// The run of merged input not yet written out.
///
/// It starts as the empty span `[i64::MIN, i64::MIN)`, which needs no special case: a pair
/// starting at `i64::MIN` merges with it and becomes the run, any other pair replaces it, and an
/// empty run is never kept.
struct Run {
    start: i64,
    end: i64,
}

impl Run {
    const fn new() -> Self {
        Self {
            start: i64::MIN,
            end: i64::MIN,
        }
    }

    /// Feeds one pair; pairs must come sorted by start, each with `start <= end`.
    ///
    /// Returns the run as it was before this pair, and whether that run is now complete and
    /// to be kept: the pair starts after its end (a gap of at least one second) and it is not
    /// empty. An empty pair `[s, s)` either merges without effect or becomes an empty run that
    /// the next pair replaces or absorbs, so empty input never reaches the output.
    #[inline(always)]
    fn step(&mut self, start: i64, end: i64) -> (Pair, bool) {
        let before = [self.start, self.end];
        let gap = start > self.end;
        let keep = gap & (self.start < self.end);
        // Written as selects, not as an `if` around the updates, to get conditional moves.
        // When the run is empty and `start == self.end`, the merged run is the new pair.
        self.start = if gap { start } else { self.start };
        self.end = if gap { end } else { self.end.max(end) };
        (before, keep)
    }

    /// Writes out the last run, unless it is empty, and cuts `work` to the `written` runs
    /// before it.
    fn finish(self, work: &mut Vec<Pair>, written: usize) {
        work.truncate(written);
        if self.start < self.end {
            // `written` is at most the number of pairs read minus one, so this fits in the
            // capacity and does not reallocate.
            work.push([self.start, self.end]);
        }
    }
}

/// Writes `run` at position `written`, which exists: every caller writes at or before the
/// position it has just read.
#[inline(always)]
fn write_at(work: &mut [Pair], written: usize, run: Pair) {
    if let Some(slot) = work.get_mut(written) {
        *slot = run;
    }
}

/// The caller's pairs as the work area, in the same allocation.
fn into_work(pairs: Vec<(i64, i64)>) -> Vec<Pair> {
    pairs.into_iter().map(|(start, end)| [start, end]).collect()
}

/// The merged work area as intervals, in the same allocation.
fn into_intervals(work: Vec<Pair>) -> Vec<Interval> {
    work.into_iter()
        .map(|[start, end]| Interval { start, end })
        .collect()
}

/// Merges pairs sorted by start, each with `start <= end`, in place.
fn merge_sorted(work: &mut Vec<Pair>) {
    let mut run = Run::new();
    let mut written = 0_usize;
    for read in 0..work.len() {
        let Some(&[start, end]) = work.get(read) else {
            break;
        };
        let (before, keep) = run.step(start, end);
        // `written <= read`: reading `read` completes at most the run before it.
        write_at(work, written, before);
        written += usize::from(keep);
    }
    run.finish(work, written);
}

/// Checks order and bounds while merging, in one pass. See
/// [`IntervalSet::from_sorted`](super::IntervalSet::from_sorted).
pub(super) fn from_sorted(pairs: Vec<(i64, i64)>) -> Result<Vec<Interval>, IntervalError> {
    let mut work = into_work(pairs);
    let mut run = Run::new();
    let mut written = 0_usize;
    let mut previous_start = i64::MIN;
    for read in 0..work.len() {
        let Some(&[start, end]) = work.get(read) else {
            break;
        };
        // One branch for both checks, never taken on valid input.
        if (end < start) | (start < previous_start) {
            return Err(sorted_input_error(read, start, end, previous_start));
        }
        previous_start = start;
        let (before, keep) = run.step(start, end);
        write_at(&mut work, written, before);
        written += usize::from(keep);
    }
    run.finish(&mut work, written);
    Ok(into_intervals(work))
}

/// The error for pair `index`, which broke at least one of the `from_sorted` checks. A pair that
/// breaks both is reported as ending before it starts.
#[cold]
#[inline(never)]
fn sorted_input_error(index: usize, start: i64, end: i64, previous_start: i64) -> IntervalError {
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

/// Sorts by start, then merges. See [`IntervalSet::from_unsorted`](super::IntervalSet::from_unsorted).
pub(super) fn from_unsorted(pairs: Vec<(i64, i64)>) -> Result<Vec<Interval>, IntervalError> {
    // Checked before any reordering, so that `index` names the caller's position.
    if let Some((index, &(start, end))) = pairs.iter().enumerate().find(|(_, (s, e))| e < s) {
        return Err(IntervalError::EndBeforeStart { index, start, end });
    }
    let mut work = into_work(pairs);
    // The merge needs the pairs in start order only: among equal starts the order of the ends
    // does not matter because the run takes the maximum end.
    work.sort_unstable_by_key(|&[start, _]| start);
    merge_sorted(&mut work);
    Ok(into_intervals(work))
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

    /// A slow, obviously correct merge of valid pairs, to compare the kernels with.
    fn reference(mut input: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
        input.sort_unstable();
        let mut out: Vec<(i64, i64)> = Vec::new();
        for (start, end) in input {
            if start == end {
                continue;
            }
            match out.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => out.push((start, end)),
            }
        }
        out
    }

    /// Runs valid pairs, given in start order, through every path: `from_sorted`,
    /// `from_unsorted`, reversed into `from_unsorted`, and the merge alone; checks they agree
    /// with [`reference`] and returns the result.
    fn merged(sorted: &[(i64, i64)]) -> Vec<(i64, i64)> {
        let expected = reference(sorted.to_vec());
        assert_eq!(
            from_sorted(sorted.to_vec()).map(|m| pairs(&m)),
            Ok(expected.clone())
        );
        assert_eq!(
            from_unsorted(sorted.to_vec()).map(|m| pairs(&m)),
            Ok(expected.clone())
        );
        let reversed: Vec<(i64, i64)> = sorted.iter().rev().copied().collect();
        assert_eq!(
            from_unsorted(reversed).map(|m| pairs(&m)),
            Ok(expected.clone())
        );
        let mut work = into_work(sorted.to_vec());
        merge_sorted(&mut work);
        assert_eq!(pairs(&into_intervals(work)), expected);
        expected
    }

    #[test]
    fn touching_pairs_merge_into_one() {
        assert_eq!(merged(&[(1, 2), (2, 3)]), [(1, 3)]);
    }

    #[test]
    fn a_gap_of_one_second_keeps_pairs_apart() {
        assert_eq!(merged(&[(1, 2), (3, 4)]), [(1, 2), (3, 4)]);
    }

    #[test]
    fn no_pairs_make_no_intervals() {
        assert_eq!(merged(&[]), []);
    }

    #[test]
    fn empty_pairs_are_dropped_wherever_they_are() {
        assert_eq!(merged(&[(5, 5)]), []);
        assert_eq!(merged(&[(5, 5), (5, 5)]), []);
        assert_eq!(merged(&[(0, 1), (5, 5), (9, 10)]), [(0, 1), (9, 10)]);
        assert_eq!(merged(&[(0, 1), (5, 5)]), [(0, 1)]);
        assert_eq!(merged(&[(5, 5), (5, 7)]), [(5, 7)]);
        assert_eq!(merged(&[(0, 5), (5, 5), (6, 7)]), [(0, 5), (6, 7)]);
    }

    #[test]
    fn an_empty_pair_does_not_bridge_a_gap() {
        // [0,1) and [2,3) stay apart although an empty span sits at 1 and another at 2.
        assert_eq!(merged(&[(0, 1), (1, 1), (2, 2), (2, 3)]), [(0, 1), (2, 3)]);
    }

    #[test]
    fn pairs_at_the_ends_of_the_i64_range_merge() {
        assert_eq!(
            merged(&[(i64::MIN, i64::MIN), (i64::MIN, 0), (0, i64::MAX)]),
            [(i64::MIN, i64::MAX)]
        );
        assert_eq!(
            merged(&[(i64::MIN, i64::MIN + 1), (i64::MAX - 1, i64::MAX)]),
            [(i64::MIN, i64::MIN + 1), (i64::MAX - 1, i64::MAX)]
        );
    }

    #[test]
    fn equal_starts_keep_the_largest_end_in_any_order() {
        assert_eq!(merged(&[(0, 9), (0, 3)]), [(0, 9)]);
        assert_eq!(merged(&[(0, 3), (0, 9)]), [(0, 9)]);
    }

    #[test]
    fn a_long_interval_swallows_the_shorter_ones_after_it() {
        assert_eq!(
            merged(&[(0, 100), (1, 2), (3, 4), (50, 60), (100, 101), (102, 103)]),
            [(0, 101), (102, 103)]
        );
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

    /// Three centuries, in seconds.
    const FAR: i64 = 300 * 365 * 86_400;

    /// A small generator for test data (splitmix64).
    fn noise(seed: &mut u64) -> u64 {
        *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    #[test]
    fn large_inputs_merge_right() {
        let mut seed = 3;
        for spread in [1_000_i64, 1 << 40, i64::MAX / 4] {
            let input: Vec<(i64, i64)> = (0..12_288)
                .map(|_| {
                    let start = i64::try_from(noise(&mut seed) >> 1).unwrap_or(0) % spread;
                    let length = i64::try_from(noise(&mut seed) % 50).unwrap_or(0);
                    (start, start + length)
                })
                .collect();
            let expected = reference(input.clone());
            assert_eq!(
                from_unsorted(input).map(|m| pairs(&m)),
                Ok(expected),
                "spread {spread}"
            );
        }
    }

    #[test]
    fn a_far_pair_at_any_position_leaves_the_result_right() {
        for n in 1..=9_i64 {
            for far in 0..n {
                for far_pair in [
                    (FAR, FAR + 5),
                    (0, FAR),
                    (i64::MIN, i64::MIN + 3),
                    (-5, i64::MAX),
                ] {
                    // Pairs in descending order, so that the sort has work to do.
                    let input: Vec<(i64, i64)> = (0..n)
                        .map(|i| {
                            if i == far {
                                far_pair
                            } else {
                                (100 - 10 * i, 105 - 10 * i + i % 3)
                            }
                        })
                        .collect();
                    let expected = reference(input.clone());
                    let result = from_unsorted(input).map(|m| pairs(&m));
                    assert_eq!(result, Ok(expected), "n {n}, far {far}, {far_pair:?}");
                }
            }
        }
    }

    #[test]
    fn a_pair_ending_before_it_starts_is_found_at_any_position() {
        for n in 1..=9_usize {
            for bad in 0..n {
                for far in [None, Some(0), Some(n - 1)] {
                    let input: Vec<(i64, i64)> = (0..n)
                        .map(|i| match i64::try_from(i) {
                            Ok(_) if i == bad => (50, 40),
                            Ok(_) if Some(i) == far => (FAR, FAR + 1),
                            Ok(i) => (100 - 10 * i, 105 - 10 * i),
                            Err(_) => (0, 0),
                        })
                        .collect();
                    let result = from_unsorted(input);
                    let expected = IntervalError::EndBeforeStart {
                        index: bad,
                        start: 50,
                        end: 40,
                    };
                    assert_eq!(result, Err(expected), "n {n}, bad {bad}, far {far:?}");
                }
            }
        }
    }

    #[test]
    fn pairs_spanning_the_whole_i64_range_merge() {
        let input = vec![
            (i64::MAX - 10, i64::MAX),
            (i64::MIN, i64::MIN + 10),
            (0, 5),
            (3, 8),
        ];
        let result = from_unsorted(input.clone()).map(|m| pairs(&m));
        assert_eq!(result, Ok(reference(input)));
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
