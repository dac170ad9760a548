//! `IntervalSet` against a brute-force model: a bitmap of minutes.
//!
//! Intervals are drawn on whole minutes within `[0, 2000)` minutes after `ORIGIN`, so every set
//! is also a `[bool; 2000]` with one cell a minute, and every operation has an obvious
//! cell-by-cell meaning. The fast code and the model must agree; the algebraic laws of sets must
//! hold; and every set produced must be in normal form (sorted, disjoint, non-touching,
//! non-empty intervals).
//!
//! A second group draws pairs anywhere in `i64`, including both ends of the range, to reach the
//! builders' slower paths, and checks them against a naive sort-and-merge.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use proptest::prelude::*;
use sla_engine::{Interval, IntervalError, IntervalSet};

/// Minutes in the model's range.
const CELLS: usize = 2_000;
/// The model's origin, a realistic Unix time: 2023-11-14T22:13:20Z.
const ORIGIN: i64 = 1_700_000_000;
const MINUTE: i64 = 60;

type Bitmap = Vec<bool>;

fn seconds(minute: i64) -> i64 {
    ORIGIN + minute * MINUTE
}

/// The cell of the second `t`, which must lie in the model's range.
fn cell(t: i64) -> usize {
    usize::try_from((t - ORIGIN).div_euclid(MINUTE)).unwrap()
}

/// `(start, end)` pairs in seconds on minute boundaries, overlapping, touching, empty or not.
fn pairs() -> impl Strategy<Value = Vec<(i64, i64)>> {
    let pair = (0..CELLS as i64, 0..=150_i64).prop_map(|(start, length)| {
        let end = (start + length).min(CELLS as i64);
        (seconds(start), seconds(end))
    });
    prop::collection::vec(pair, 0..40)
}

fn set() -> impl Strategy<Value = IntervalSet> {
    pairs().prop_map(|p| IntervalSet::from_unsorted(p).unwrap())
}

fn window() -> impl Strategy<Value = Interval> {
    (0..CELLS as i64)
        .prop_flat_map(|start| (Just(start), start + 1..=CELLS as i64))
        .prop_map(|(start, end)| Interval::new(seconds(start), seconds(end)).unwrap())
}

fn model_of_pairs(pairs: &[(i64, i64)]) -> Bitmap {
    let mut cells = vec![false; CELLS];
    for &(start, end) in pairs {
        for c in cells.iter_mut().take(cell(end)).skip(cell(start)) {
            *c = true;
        }
    }
    cells
}

/// The set as a bitmap; also checks that every boundary is on a minute, in range.
fn model(set: &IntervalSet) -> Bitmap {
    let pairs: Vec<(i64, i64)> = set.iter().map(|iv| (iv.start(), iv.end())).collect();
    for &(start, end) in &pairs {
        assert_eq!((start - ORIGIN) % MINUTE, 0);
        assert_eq!((end - ORIGIN) % MINUTE, 0);
        assert!(cell(end) <= CELLS);
    }
    model_of_pairs(&pairs)
}

fn cellwise(a: &Bitmap, b: &Bitmap, f: impl Fn(bool, bool) -> bool) -> Bitmap {
    a.iter().zip(b).map(|(&x, &y)| f(x, y)).collect()
}

fn covered_seconds(cells: &Bitmap) -> i64 {
    cells.iter().filter(|&&c| c).count() as i64 * MINUTE
}

/// Sorted, disjoint, non-touching, and no interval empty.
fn assert_normal(set: &IntervalSet) {
    for iv in set.iter() {
        assert!(iv.start() < iv.end(), "empty interval {iv} in {set:?}");
    }
    for (previous, next) in set.iter().zip(set.iter().skip(1)) {
        assert!(
            previous.end() < next.start(),
            "{previous} then {next} in {set:?}"
        );
    }
    assert_eq!(set.len(), set.as_slice().len());
    assert_eq!(set.is_empty(), set.as_slice().is_empty());
}

/// A naive sort-and-merge of valid pairs, for the tests over the whole `i64` range.
fn naive(mut pairs: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    pairs.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (start, end) in pairs.into_iter().filter(|(s, e)| s < e) {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

fn as_pairs(set: &IntervalSet) -> Vec<(i64, i64)> {
    set.iter().map(|&iv| iv.into()).collect()
}

/// Values anywhere in `i64`, with the ends of the range and small numbers over-represented.
fn any_second() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => -1_000_i64..1_000,
        2 => ORIGIN - 1_000_000..ORIGIN + 1_000_000,
        1 => Just(i64::MIN),
        1 => Just(i64::MAX),
        1 => i64::MIN..i64::MIN + 1_000,
        1 => i64::MAX - 1_000..=i64::MAX,
        2 => any::<i64>(),
    ]
}

/// Valid pairs (`start <= end`) anywhere in `i64`.
fn wide_pairs() -> impl Strategy<Value = Vec<(i64, i64)>> {
    let pair = (any_second(), any_second()).prop_map(|(a, b)| (a.min(b), a.max(b)));
    prop::collection::vec(pair, 0..30)
}

/// Enough pairs for the builders' radix sort, on minutes.
fn many_pairs() -> impl Strategy<Value = Vec<(i64, i64)>> {
    let pair = (0..CELLS as i64, 0..=1_i64).prop_map(|(start, length)| {
        let end = (start + length).min(CELLS as i64);
        (seconds(start), seconds(end))
    });
    prop::collection::vec(pair, 4_000..6_000)
}

/// Enough pairs anywhere in `i64` for the builders' radix sort.
fn many_wide_pairs() -> impl Strategy<Value = Vec<(i64, i64)>> {
    let pair = (any_second(), any_second()).prop_map(|(a, b)| (a.min(b), a.max(b)));
    prop::collection::vec(pair, 4_000..6_000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn many_pairs_cover_exactly_the_input(p in many_pairs()) {
        let set = IntervalSet::from_unsorted(p.clone()).unwrap();
        assert_normal(&set);
        prop_assert_eq!(model(&set), model_of_pairs(&p));
    }

    #[test]
    fn many_pairs_anywhere_in_i64_match_a_naive_merge(p in many_wide_pairs()) {
        let set = IntervalSet::from_unsorted(p.clone()).unwrap();
        assert_normal(&set);
        prop_assert_eq!(as_pairs(&set), naive(p));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn from_unsorted_covers_exactly_the_input(p in pairs()) {
        let set = IntervalSet::from_unsorted(p.clone()).unwrap();
        assert_normal(&set);
        prop_assert_eq!(model(&set), model_of_pairs(&p));
    }

    #[test]
    fn from_sorted_equals_from_unsorted_on_sorted_input(mut p in pairs()) {
        let unsorted = IntervalSet::from_unsorted(p.clone()).unwrap();
        p.sort_by_key(|&(start, _)| start);
        let sorted = IntervalSet::from_sorted(p).unwrap();
        assert_normal(&sorted);
        prop_assert_eq!(sorted, unsorted);
    }

    #[test]
    fn from_sorted_refuses_unsorted_input_at_the_first_descent(p in pairs()) {
        let descent = p.windows(2).position(|w| w[1].0 < w[0].0);
        let result = IntervalSet::from_sorted(p.clone());
        match descent {
            None => prop_assert!(result.is_ok()),
            Some(i) => prop_assert_eq!(result, Err(IntervalError::Unsorted {
                index: i + 1,
                start: p[i + 1].0,
                previous_start: p[i].0,
            })),
        }
    }

    #[test]
    fn collecting_intervals_equals_from_unsorted(p in pairs()) {
        let collected: IntervalSet = p.iter().filter_map(|&(s, e)| Interval::new(s, e).ok()).collect();
        assert_normal(&collected);
        prop_assert_eq!(collected, IntervalSet::from_unsorted(p).unwrap());
    }

    #[test]
    fn measure_counts_the_covered_seconds(a in set()) {
        prop_assert_eq!(a.measure(), covered_seconds(&model(&a)));
    }

    #[test]
    fn contains_agrees_with_the_model(a in set(), minute in 0..CELLS as i64, second in 0..MINUTE) {
        let t = seconds(minute) + second;
        prop_assert_eq!(a.contains(t), model(&a)[cell(t)]);
        prop_assert!(!a.contains(ORIGIN - 1));
        prop_assert!(!a.contains(seconds(CELLS as i64)));
    }

    #[test]
    fn union_is_cellwise_or(a in set(), b in set()) {
        let u = a.union(&b);
        assert_normal(&u);
        prop_assert_eq!(model(&u), cellwise(&model(&a), &model(&b), |x, y| x | y));
    }

    #[test]
    fn intersection_is_cellwise_and(a in set(), b in set()) {
        let i = a.intersection(&b);
        assert_normal(&i);
        prop_assert_eq!(model(&i), cellwise(&model(&a), &model(&b), |x, y| x & y));
    }

    #[test]
    fn difference_is_cellwise_and_not(a in set(), b in set()) {
        let d = a.difference(&b);
        assert_normal(&d);
        prop_assert_eq!(model(&d), cellwise(&model(&a), &model(&b), |x, y| x & !y));
    }

    #[test]
    fn complement_within_is_the_window_without_the_set(a in set(), w in window()) {
        let c = a.complement_within(w);
        assert_normal(&c);
        let window = model_of_pairs(&[(w.start(), w.end())]);
        prop_assert_eq!(model(&c), cellwise(&window, &model(&a), |x, y| x & !y));
    }

    #[test]
    fn clip_and_measure_within_keep_the_window_only(a in set(), w in window()) {
        let clipped = a.clip(w);
        assert_normal(&clipped);
        let window = model_of_pairs(&[(w.start(), w.end())]);
        let expected = cellwise(&model(&a), &window, |x, y| x & y);
        prop_assert_eq!(model(&clipped), expected.clone());
        prop_assert_eq!(a.measure_within(w), covered_seconds(&expected));
        prop_assert_eq!(clipped, a.intersection(&IntervalSet::from(w)));
    }

    #[test]
    fn union_is_commutative_associative_and_idempotent(a in set(), b in set(), c in set()) {
        prop_assert_eq!(a.union(&b), b.union(&a));
        prop_assert_eq!(a.union(&b).union(&c), a.union(&b.union(&c)));
        prop_assert_eq!(a.union(&a), a.clone());
        prop_assert_eq!(a.union(&IntervalSet::new()), a);
    }

    #[test]
    fn intersection_is_commutative_and_idempotent(a in set(), b in set()) {
        prop_assert_eq!(a.intersection(&b), b.intersection(&a));
        prop_assert_eq!(a.intersection(&a), a.clone());
        prop_assert!(a.intersection(&IntervalSet::new()).is_empty());
    }

    #[test]
    fn difference_splits_a_set_along_another(a in set(), b in set()) {
        let only_a = a.difference(&b);
        prop_assert!(only_a.intersection(&b).is_empty());
        prop_assert_eq!(only_a.union(&a.intersection(&b)), a.clone());
        prop_assert!(a.difference(&a).is_empty());
    }

    #[test]
    fn measure_of_a_union_is_at_most_the_sum(a in set(), b in set()) {
        let u = a.union(&b);
        prop_assert!(u.measure() <= a.measure() + b.measure());
        prop_assert_eq!(u.measure() + a.intersection(&b).measure(), a.measure() + b.measure());
    }

    #[test]
    fn complement_within_and_clip_partition_the_window(a in set(), w in window()) {
        let inside = a.clip(w);
        let outside = a.complement_within(w);
        prop_assert!(inside.intersection(&outside).is_empty());
        prop_assert_eq!(inside.union(&outside), IntervalSet::from(w));
        prop_assert_eq!(inside.measure() + outside.measure(), w.measure());
    }

    #[test]
    fn a_set_survives_a_round_trip_through_its_normal_form(a in set()) {
        let list: Vec<Interval> = a.clone().into();
        prop_assert_eq!(IntervalSet::try_from(list), Ok(a));
    }

    #[test]
    fn builders_match_a_naive_merge_anywhere_in_i64(p in wide_pairs()) {
        let expected = naive(p.clone());
        let unsorted = IntervalSet::from_unsorted(p.clone()).unwrap();
        assert_normal(&unsorted);
        prop_assert_eq!(as_pairs(&unsorted), expected.clone());
        let mut sorted_input = p;
        sorted_input.sort_by_key(|&(start, _)| start);
        let sorted = IntervalSet::from_sorted(sorted_input).unwrap();
        prop_assert_eq!(as_pairs(&sorted), expected);
    }

    #[test]
    fn operations_stay_normal_anywhere_in_i64(p in wide_pairs(), q in wide_pairs()) {
        let a = IntervalSet::from_unsorted(p).unwrap();
        let b = IntervalSet::from_unsorted(q).unwrap();
        for result in [a.union(&b), a.intersection(&b), a.difference(&b), b.difference(&a)] {
            assert_normal(&result);
        }
        prop_assert_eq!(a.difference(&b).union(&a.intersection(&b)), a.clone());
        // Measures saturate rather than overflow.
        prop_assert!(a.union(&b).measure() >= a.measure().max(b.measure()));
    }

    #[test]
    fn the_first_pair_ending_before_it_starts_is_named(
        mut p in wide_pairs(),
        at in any::<prop::sample::Index>(),
        bad in (any_second(), any_second()).prop_filter("needs end < start", |(a, b)| a != b),
    ) {
        let index = at.index(p.len() + 1);
        let (start, end) = (bad.0.max(bad.1), bad.0.min(bad.1));
        p.insert(index, (start, end));
        let expected = Err(IntervalError::EndBeforeStart { index, start, end });
        prop_assert_eq!(IntervalSet::from_unsorted(p.clone()), expected);
    }
}
