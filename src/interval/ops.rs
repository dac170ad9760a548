//! Set operations on normalized interval lists: each one linear merge over its inputs.
//!
//! Every function here takes lists that are sorted, disjoint and non-touching (the invariant of
//! [`IntervalSet`](super::IntervalSet)) and returns a list with the same property. Slices are
//! walked with `split_first`, never indexed.

use super::Interval;

/// Appends `next`, which starts no earlier than the last interval of `out`, merging the two when
/// they overlap or touch.
#[inline]
fn push_merging(out: &mut Vec<Interval>, next: Interval) {
    match out.last_mut() {
        Some(last) if next.start <= last.end => last.end = last.end.max(next.end),
        _ => out.push(next),
    }
}

/// Appends a normalized list whose first start is no earlier than the last start of `out`.
///
/// The head of `rest` may overlap the last interval of `out` (which can reach past several of
/// its items); once one item of `rest` is appended as a new interval, the remainder cannot
/// touch anything and is copied in bulk.
fn extend_merging(out: &mut Vec<Interval>, mut rest: &[Interval]) {
    while let Some((first, tail)) = rest.split_first() {
        match out.last_mut() {
            Some(last) if first.start <= last.end => {
                last.end = last.end.max(first.end);
                rest = tail;
            }
            _ => break,
        }
    }
    out.extend_from_slice(rest);
}

/// `a ∪ b`.
pub(super) fn union(mut a: &[Interval], mut b: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::with_capacity(a.len().saturating_add(b.len()));
    loop {
        let next = match (a.split_first(), b.split_first()) {
            (Some((x, a_rest)), Some((y, b_rest))) => {
                if x.start <= y.start {
                    a = a_rest;
                    *x
                } else {
                    b = b_rest;
                    *y
                }
            }
            (Some(_), None) => {
                extend_merging(&mut out, a);
                break;
            }
            (None, _) => {
                extend_merging(&mut out, b);
                break;
            }
        };
        push_merging(&mut out, next);
    }
    out
}

/// `a ∩ b`.
///
/// The pieces come out sorted and disjoint. They cannot touch either: a piece ending at `p`
/// where the next one starts would mean both `a` and `b` cover `p - 1` and `p` within one of
/// their own intervals, which then would not end at `p`.
pub(super) fn intersection(mut a: &[Interval], mut b: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    while let (Some((x, a_rest)), Some((y, b_rest))) = (a.split_first(), b.split_first()) {
        let start = x.start.max(y.start);
        let end = x.end.min(y.end);
        if start < end {
            out.push(Interval { start, end });
        }
        // Drop whichever ends first; it cannot meet anything further in the other list.
        if x.end <= y.end {
            a = a_rest;
        } else {
            b = b_rest;
        }
    }
    out
}

/// `a \ b`.
///
/// Pieces of one interval of `a` are separated by intervals of `b`, pieces of different
/// intervals by the gaps of `a`, so the output is normalized.
pub(super) fn difference(a: &[Interval], mut b: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::with_capacity(a.len());
    for x in a {
        let mut start = x.start;
        while let Some((y, b_rest)) = b.split_first() {
            if y.end <= start {
                // `y` lies wholly before what is left of `x`, and so before every later
                // interval of `a` too.
                b = b_rest;
                continue;
            }
            if y.start >= x.end {
                break;
            }
            if y.start > start {
                out.push(Interval {
                    start,
                    end: y.start,
                });
            }
            if y.end >= x.end {
                // `y` covers the rest of `x` and may reach into the next interval of `a`.
                start = x.end;
                break;
            }
            start = y.end;
            b = b_rest;
        }
        if start < x.end {
            out.push(Interval { start, end: x.end });
        }
    }
    out
}

/// The sub-slice of `spans` that overlaps `window`, found by two binary searches.
pub(super) fn overlapping(spans: &[Interval], window: Interval) -> &[Interval] {
    let from = spans.partition_point(|iv| iv.end <= window.start);
    let after = spans.get(from..).unwrap_or_default();
    let count = after.partition_point(|iv| iv.start < window.end);
    after.get(..count).unwrap_or_default()
}

/// Exact length of a half-open span with `start <= end`, as an unsigned count of seconds.
#[inline]
pub(super) const fn length(start: i64, end: i64) -> u64 {
    end.abs_diff(start)
}

/// Total length of a normalized list, in seconds, as `u64`.
///
/// The intervals are disjoint subsets of `[i64::MIN, i64::MAX)`, whose length is `u64::MAX`, so
/// the sum cannot overflow; it saturates all the same rather than trust that argument.
pub(super) fn total_length(spans: &[Interval]) -> u64 {
    spans.iter().fold(0_u64, |sum, iv| {
        sum.saturating_add(length(iv.start, iv.end))
    })
}

/// Converts an exact `u64` measure to the `i64` of the public API, saturating at `i64::MAX`.
#[inline]
pub(super) fn saturate(measure: u64) -> i64 {
    i64::try_from(measure).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(pairs: &[(i64, i64)]) -> Vec<Interval> {
        pairs
            .iter()
            .map(|&(start, end)| Interval { start, end })
            .collect()
    }

    fn pairs(intervals: &[Interval]) -> Vec<(i64, i64)> {
        intervals.iter().map(|iv| (iv.start, iv.end)).collect()
    }

    #[test]
    fn union_merges_an_interval_that_spans_several_of_the_other_list() {
        let a = list(&[(0, 100)]);
        let b = list(&[(1, 2), (5, 6), (100, 101), (103, 104)]);
        assert_eq!(pairs(&union(&a, &b)), [(0, 101), (103, 104)]);
        assert_eq!(pairs(&union(&b, &a)), [(0, 101), (103, 104)]);
    }

    #[test]
    fn union_with_an_empty_list_is_the_other_list() {
        let a = list(&[(0, 1), (3, 4)]);
        assert_eq!(pairs(&union(&a, &[])), [(0, 1), (3, 4)]);
        assert_eq!(pairs(&union(&[], &a)), [(0, 1), (3, 4)]);
        assert_eq!(pairs(&union(&[], &[])), []);
    }

    #[test]
    fn intersection_of_touching_intervals_is_empty() {
        assert_eq!(pairs(&intersection(&list(&[(0, 5)]), &list(&[(5, 9)]))), []);
    }

    #[test]
    fn intersection_keeps_a_piece_per_overlap() {
        let a = list(&[(0, 10), (20, 30)]);
        let b = list(&[(5, 25), (28, 40)]);
        assert_eq!(pairs(&intersection(&a, &b)), [(5, 10), (20, 25), (28, 30)]);
    }

    #[test]
    fn difference_cuts_holes_and_keeps_an_interval_reaching_into_the_next() {
        let a = list(&[(0, 10), (12, 20)]);
        let b = list(&[(2, 3), (5, 14), (19, 30)]);
        assert_eq!(pairs(&difference(&a, &b)), [(0, 2), (3, 5), (14, 19)]);
    }

    #[test]
    fn difference_by_a_touching_interval_removes_nothing() {
        let a = list(&[(0, 10)]);
        assert_eq!(pairs(&difference(&a, &list(&[(10, 20)]))), [(0, 10)]);
        assert_eq!(pairs(&difference(&a, &list(&[(-5, 0)]))), [(0, 10)]);
    }

    #[test]
    fn overlapping_finds_only_intervals_sharing_a_second_with_the_window() {
        let spans = list(&[(0, 5), (10, 15), (20, 25)]);
        let window = Interval { start: 5, end: 20 };
        assert_eq!(pairs(overlapping(&spans, window)), [(10, 15)]);
        let window = Interval { start: 4, end: 21 };
        assert_eq!(
            pairs(overlapping(&spans, window)),
            [(0, 5), (10, 15), (20, 25)]
        );
        let window = Interval { start: 30, end: 40 };
        assert_eq!(pairs(overlapping(&spans, window)), []);
    }

    #[test]
    fn total_length_of_the_whole_i64_range_is_exact() {
        let whole = list(&[(i64::MIN, i64::MAX)]);
        assert_eq!(total_length(&whole), u64::MAX);
        assert_eq!(saturate(total_length(&whole)), i64::MAX);
    }
}
