//! Half-open spans of Unix seconds and normalized sets of them: the core behind availability.
//!
//! An [`Interval`] is one span `[start, end)` of whole seconds since the Unix epoch (UTC), with
//! `start < end`: it covers `start` and every second up to, but not including, `end`. An
//! [`IntervalSet`] is a set of seconds stored as its maximal runs: a list of intervals that is
//! sorted, disjoint and non-touching. That normal form is an invariant of the type, so two sets
//! are equal exactly when they cover the same seconds, and there is no way to build one that
//! breaks it.
//!
//! # Example: how long was the service down within the contract month?
//!
//! ```
//! use sla_engine::{Interval, IntervalSet};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // Downtime reports in the order they were filed; two overlap, two touch.
//!     let downtime = IntervalSet::from_unsorted(vec![
//!         (5_000, 5_600),
//!         (1_000, 1_300),
//!         (1_200, 1_500),
//!         (5_600, 6_000),
//!     ])?;
//!     assert_eq!(downtime.as_slice(), [Interval::new(1_000, 1_500)?, Interval::new(5_000, 6_000)?]);
//!
//!     // Planned maintenance does not count as downtime.
//!     let maintenance = IntervalSet::from(Interval::new(5_800, 7_000)?);
//!     let counted = downtime.difference(&maintenance);
//!
//!     // Only the part inside the measurement window counts.
//!     let month = Interval::new(0, 5_700)?;
//!     assert_eq!(counted.measure_within(month), 500 + 700);
//!     Ok(())
//! }
//! ```
//!
//! # Conventions
//!
//! - **Half-open.** `[1, 2)` and `[2, 3)` share no second; in a set they are merged into
//!   `[1, 3)` because together they cover an unbroken run.
//! - **Empty spans.** [`Interval::new`] refuses `start == end` ([`IntervalError::Empty`]): an
//!   `Interval` always covers at least one second. [`Interval::new_or_none`] answers `Ok(None)`
//!   instead, for code where an empty span is a normal outcome. The set builders drop empty
//!   pairs silently, as the empty set is their natural meaning.
//! - **Inverted spans** (`end < start`) are always an error, never swapped or dropped: they
//!   usually mean two fields were mixed up, and the caller has to hear about it.
//! - **Measures** are counts of seconds. The measure of a set is exact as long as it fits in
//!   `i64` (about 292 billion years); only a set covering more than `i64::MAX` seconds, which
//!   needs intervals on both sides of the epoch reaching towards the ends of the `i64` range,
//!   saturates at `i64::MAX`. Nothing in this module panics or overflows on any input.
//!
//! # Performance
//!
//! This module sits under every availability figure, so its builders are tuned, in safe Rust:
//! [`IntervalSet::from_unsorted`] sorts the pairs by start with `sort_unstable` and merges them
//! in one branch-free pass, all within the caller's `Vec`; [`IntervalSet::from_sorted`] is a
//! single pass that checks and merges at once. Each set operation is one linear merge of the
//! two lists, and `contains`, `clip` and `measure_within` find their window by binary search.
//! `benches/interval.rs` measures the builders against `sort_unstable` of the start keys.

mod build;
mod error;
mod ops;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use error::IntervalError;

/// One half-open span `[start, end)` of Unix seconds (UTC), never empty.
///
/// It covers `start` and every second before `end`. `start < end` always holds, so every
/// `Interval` covers at least one second.
///
/// With serde it reads and writes as `{"start": .., "end": ..}`; reading checks `start < end`
/// and refuses unknown fields.
///
/// The derived order compares `start`, then `end`.
///
/// # Example
///
/// ```
/// use sla_engine::Interval;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let outage = Interval::new(1_700_000_000, 1_700_003_600)?;
///     assert_eq!(outage.measure(), 3_600);
///     assert!(outage.contains(1_700_000_000));
///     assert!(!outage.contains(1_700_003_600));
///     assert_eq!(outage.to_string(), "[1700000000, 1700003600)");
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Interval {
    start: i64,
    end: i64,
}

/// The serde shape of [`Interval`], before `start < end` is checked.
#[derive(Deserialize)]
#[serde(rename = "Interval", deny_unknown_fields)]
struct RawInterval {
    start: i64,
    end: i64,
}

impl<'de> Deserialize<'de> for Interval {
    /// Reads `{"start": .., "end": ..}` and checks it as [`Interval::new`] does.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let RawInterval { start, end } = RawInterval::deserialize(deserializer)?;
        Self::new(start, end).map_err(serde::de::Error::custom)
    }
}

impl Interval {
    /// The span `[start, end)`.
    ///
    /// # Errors
    ///
    /// [`IntervalError::Empty`] when `start == end`, and [`IntervalError::Inverted`] when
    /// `end < start`.
    ///
    /// # Example
    ///
    /// ```
    /// use sla_engine::{Interval, IntervalError};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let shift = Interval::new(0, 28_800)?;
    ///     assert_eq!((shift.start(), shift.end()), (0, 28_800));
    ///
    ///     assert_eq!(Interval::new(10, 10), Err(IntervalError::Empty { at: 10 }));
    ///     assert_eq!(Interval::new(10, 5), Err(IntervalError::Inverted { start: 10, end: 5 }));
    ///     Ok(())
    /// }
    /// ```
    pub const fn new(start: i64, end: i64) -> Result<Self, IntervalError> {
        if start < end {
            Ok(Self { start, end })
        } else if start == end {
            Err(IntervalError::Empty { at: start })
        } else {
            Err(IntervalError::Inverted { start, end })
        }
    }

    /// The span `[start, end)`, or `None` when it is empty (`start == end`).
    ///
    /// For code where an empty span is a normal outcome, such as the remainder of a span after
    /// cutting off its head.
    ///
    /// # Errors
    ///
    /// [`IntervalError::Inverted`] when `end < start`.
    ///
    /// # Example: the part of an outage after a deadline
    ///
    /// ```
    /// use sla_engine::Interval;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let deadline = 1_000;
    ///     let late = |outage: Interval| Interval::new_or_none(outage.start().max(deadline), outage.end().max(deadline));
    ///
    ///     assert_eq!(late(Interval::new(900, 1_200)?)?, Some(Interval::new(1_000, 1_200)?));
    ///     assert_eq!(late(Interval::new(900, 1_000)?)?, None);
    ///     Ok(())
    /// }
    /// ```
    pub const fn new_or_none(start: i64, end: i64) -> Result<Option<Self>, IntervalError> {
        if start < end {
            Ok(Some(Self { start, end }))
        } else if start == end {
            Ok(None)
        } else {
            Err(IntervalError::Inverted { start, end })
        }
    }

    /// The first second covered.
    #[must_use]
    pub const fn start(self) -> i64 {
        self.start
    }

    /// The first second after the span, not covered.
    #[must_use]
    pub const fn end(self) -> i64 {
        self.end
    }

    /// The number of seconds covered, `end - start`; always at least 1.
    ///
    /// Saturates at `i64::MAX` for a span longer than that (only possible when it reaches
    /// towards both ends of the `i64` range).
    ///
    /// # Example
    ///
    /// ```
    /// use sla_engine::Interval;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     assert_eq!(Interval::new(-30, 30)?.measure(), 60);
    ///     assert_eq!(Interval::new(i64::MIN, i64::MAX)?.measure(), i64::MAX);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn measure(self) -> i64 {
        ops::saturate(ops::length(self.start, self.end))
    }

    /// Whether second `t` lies in the span: `start <= t < end`.
    ///
    /// # Example
    ///
    /// ```
    /// use sla_engine::Interval;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let span = Interval::new(10, 20)?;
    ///     assert!(span.contains(10) && span.contains(19));
    ///     assert!(!span.contains(9) && !span.contains(20));
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub const fn contains(self, t: i64) -> bool {
        self.start <= t && t < self.end
    }

    /// The seconds covered by both spans, or `None` when they share none.
    ///
    /// Spans that only touch (`[0, 5)` and `[5, 9)`) share no second.
    ///
    /// # Example
    ///
    /// ```
    /// use sla_engine::Interval;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let business_hours = Interval::new(8 * 3_600, 18 * 3_600)?;
    ///     let outage = Interval::new(17 * 3_600, 20 * 3_600)?;
    ///     assert_eq!(outage.intersection(business_hours), Some(Interval::new(17 * 3_600, 18 * 3_600)?));
    ///     assert_eq!(Interval::new(0, 5)?.intersection(Interval::new(5, 9)?), None);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn intersection(self, other: Self) -> Option<Self> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(Self { start, end })
    }
}

impl TryFrom<(i64, i64)> for Interval {
    type Error = IntervalError;

    /// Same as [`Interval::new`] with `(start, end)`.
    fn try_from((start, end): (i64, i64)) -> Result<Self, Self::Error> {
        Self::new(start, end)
    }
}

impl From<Interval> for (i64, i64) {
    fn from(interval: Interval) -> Self {
        (interval.start, interval.end)
    }
}

impl fmt::Display for Interval {
    /// Writes the usual notation for a half-open span: `[start, end)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {})", self.start, self.end)
    }
}

/// A set of Unix seconds, stored as its maximal runs: sorted, disjoint, non-touching
/// [`Interval`]s.
///
/// Every way of building one either normalizes its input or refuses it, so the invariant always
/// holds and equal sets compare equal.
///
/// | Input you have | Build with | Cost |
/// | --- | --- | --- |
/// | `(start, end)` pairs in any order | [`IntervalSet::from_unsorted`] | a check pass, `sort_unstable` by start + one merge pass, in place |
/// | pairs sorted by start | [`IntervalSet::from_sorted`] | one pass, order checked, in place |
/// | [`Interval`]s in any order | `collect()` ([`FromIterator`]) | a comparison sort + one pass |
/// | a list that already is a set (e.g. stored) | [`TryFrom<Vec<Interval>>`](#impl-TryFrom<Vec<Interval>>-for-IntervalSet) | one check pass |
/// | one interval | [`From<Interval>`](#impl-From<Interval>-for-IntervalSet) | no work |
///
/// With serde it reads and writes as a list of intervals, `[{"start": .., "end": ..}, ..]`.
/// Reading does not repair a list: one that is not sorted, disjoint and non-touching is refused
/// with [`IntervalError::NotNormalized`], because a stored set that breaks the invariant was not
/// written by this type and may not mean what its writer thought.
///
/// # Example
///
/// ```
/// use sla_engine::{Interval, IntervalSet};
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let set: IntervalSet = [Interval::new(20, 30)?, Interval::new(0, 10)?, Interval::new(10, 15)?]
///         .into_iter()
///         .collect();
///     assert_eq!(set.as_slice(), [Interval::new(0, 15)?, Interval::new(20, 30)?]);
///     assert_eq!(set.measure(), 25);
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "Vec<Interval>")]
pub struct IntervalSet {
    /// Sorted by start; each interval starts after the previous one ends.
    spans: Vec<Interval>,
}

impl IntervalSet {
    /// The empty set.
    #[must_use]
    pub const fn new() -> Self {
        Self { spans: Vec::new() }
    }

    /// Builds a set from `(start, end)` pairs in any order, overlapping or touching.
    ///
    /// Pairs with `start == end` are dropped. Cost: a pass that checks the pairs, a
    /// `sort_unstable` by start and one merge pass; given a `Vec`, all the work and the result
    /// stay in its allocation. Use
    /// [`IntervalSet::from_sorted`] for input already sorted by start.
    ///
    /// # Errors
    ///
    /// [`IntervalError::EndBeforeStart`] for the first pair (in input order) whose end is
    /// smaller than its start, with its position.
    ///
    /// # Example
    ///
    /// ```
    /// use sla_engine::{Interval, IntervalSet};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let set = IntervalSet::from_unsorted(vec![(7, 9), (0, 3), (2, 5), (5, 6), (8, 8)])?;
    ///     assert_eq!(set.as_slice(), [Interval::new(0, 6)?, Interval::new(7, 9)?]);
    ///     Ok(())
    /// }
    /// ```
    pub fn from_unsorted<I>(pairs: I) -> Result<Self, IntervalError>
    where
        I: IntoIterator<Item = (i64, i64)>,
    {
        // For a `Vec` this `collect` hands back the same allocation without copying.
        let spans = build::from_unsorted(pairs.into_iter().collect())?;
        Ok(Self { spans })
    }

    /// Builds a set from `(start, end)` pairs sorted by start, in a single pass.
    ///
    /// Pairs may overlap or touch, and pairs with `start == end` are dropped, as in
    /// [`IntervalSet::from_unsorted`]. Pairs with equal starts may come in any order. The order
    /// is checked, not trusted: unsorted input is an error, never a wrong set.
    ///
    /// # Errors
    ///
    /// For the first offending pair, with its position: [`IntervalError::EndBeforeStart`] when
    /// its end is smaller than its start, otherwise [`IntervalError::Unsorted`] when it starts
    /// before the pair just before it.
    ///
    /// # Example
    ///
    /// ```
    /// use sla_engine::{Interval, IntervalError, IntervalSet};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let set = IntervalSet::from_sorted(vec![(0, 3), (2, 5), (5, 6), (7, 9)])?;
    ///     assert_eq!(set.as_slice(), [Interval::new(0, 6)?, Interval::new(7, 9)?]);
    ///
    ///     let unsorted = IntervalSet::from_sorted(vec![(0, 3), (7, 9), (2, 5)]);
    ///     assert_eq!(unsorted, Err(IntervalError::Unsorted { index: 2, start: 2, previous_start: 7 }));
    ///     Ok(())
    /// }
    /// ```
    pub fn from_sorted<I>(pairs: I) -> Result<Self, IntervalError>
    where
        I: IntoIterator<Item = (i64, i64)>,
    {
        let spans = build::from_sorted(pairs.into_iter().collect())?;
        Ok(Self { spans })
    }

    /// The intervals, sorted by start, each starting after the previous one ends.
    #[must_use]
    pub fn as_slice(&self) -> &[Interval] {
        &self.spans
    }

    /// Iterates over the intervals in order.
    ///
    /// # Example
    ///
    /// ```
    /// use sla_engine::IntervalSet;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let set = IntervalSet::from_unsorted(vec![(5, 9), (0, 2)])?;
    ///     let lengths: Vec<i64> = set.iter().map(|iv| iv.measure()).collect();
    ///     assert_eq!(lengths, [2, 4]);
    ///     Ok(())
    /// }
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, Interval> {
        self.spans.iter()
    }

    /// The number of maximal runs (not the number of seconds; see [`IntervalSet::measure`]).
    #[must_use]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the set covers no second at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The number of seconds covered.
    ///
    /// Saturates at `i64::MAX`, which only a set reaching towards both ends of the `i64` range
    /// can exceed.
    ///
    /// # Example
    ///
    /// ```
    /// use sla_engine::IntervalSet;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let set = IntervalSet::from_unsorted(vec![(0, 10), (5, 15), (20, 25)])?;
    ///     assert_eq!(set.measure(), 20);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn measure(&self) -> i64 {
        ops::saturate(ops::total_length(&self.spans))
    }

    /// The number of seconds covered inside `window`; the same as
    /// `self.clip(window).measure()` without building the clipped set.
    ///
    /// # Example: downtime within one measurement period
    ///
    /// ```
    /// use sla_engine::{Interval, IntervalSet};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let downtime = IntervalSet::from_unsorted(vec![(90, 110), (150, 160), (195, 230)])?;
    ///     let period = Interval::new(100, 200)?;
    ///     assert_eq!(downtime.measure_within(period), 10 + 10 + 5);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn measure_within(&self, window: Interval) -> i64 {
        let sum = ops::overlapping(&self.spans, window)
            .iter()
            .fold(0_u64, |sum, iv| {
                let start = iv.start.max(window.start);
                let end = iv.end.min(window.end);
                sum.saturating_add(ops::length(start, end))
            });
        ops::saturate(sum)
    }

    /// Whether second `t` is in the set; a binary search.
    ///
    /// # Example
    ///
    /// ```
    /// use sla_engine::IntervalSet;
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let set = IntervalSet::from_unsorted(vec![(0, 10), (20, 30)])?;
    ///     assert!(set.contains(0) && set.contains(25));
    ///     assert!(!set.contains(10) && !set.contains(30) && !set.contains(-1));
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn contains(&self, t: i64) -> bool {
        let after = self.spans.partition_point(|iv| iv.end <= t);
        self.spans.get(after).is_some_and(|iv| iv.start <= t)
    }

    /// The seconds in `self`, in `other`, or in both.
    ///
    /// # Example
    ///
    /// ```
    /// use sla_engine::{Interval, IntervalSet};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let a = IntervalSet::from_unsorted(vec![(0, 10), (20, 30)])?;
    ///     let b = IntervalSet::from_unsorted(vec![(10, 12), (40, 50)])?;
    ///     assert_eq!(a.union(&b).as_slice(), [
    ///         Interval::new(0, 12)?,
    ///         Interval::new(20, 30)?,
    ///         Interval::new(40, 50)?,
    ///     ]);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn union(&self, other: &Self) -> Self {
        Self {
            spans: ops::union(&self.spans, &other.spans),
        }
    }

    /// The seconds in both `self` and `other`.
    ///
    /// # Example: outages during business hours
    ///
    /// ```
    /// use sla_engine::{Interval, IntervalSet};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let business_hours = IntervalSet::from_sorted(vec![(8, 18), (32, 42)])?;
    ///     let outages = IntervalSet::from_unsorted(vec![(17, 20), (30, 34)])?;
    ///     assert_eq!(outages.intersection(&business_hours).as_slice(), [
    ///         Interval::new(17, 18)?,
    ///         Interval::new(32, 34)?,
    ///     ]);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn intersection(&self, other: &Self) -> Self {
        Self {
            spans: ops::intersection(&self.spans, &other.spans),
        }
    }

    /// The seconds in `self` but not in `other`.
    ///
    /// # Example: downtime not excused by planned maintenance
    ///
    /// ```
    /// use sla_engine::{Interval, IntervalSet};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let downtime = IntervalSet::from_unsorted(vec![(0, 100)])?;
    ///     let maintenance = IntervalSet::from_unsorted(vec![(20, 30), (90, 120)])?;
    ///     assert_eq!(downtime.difference(&maintenance).as_slice(), [
    ///         Interval::new(0, 20)?,
    ///         Interval::new(30, 90)?,
    ///     ]);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn difference(&self, other: &Self) -> Self {
        Self {
            spans: ops::difference(&self.spans, &other.spans),
        }
    }

    /// The seconds of `window` that are not in the set.
    ///
    /// A set of seconds has no finite complement, so one is always taken within a window.
    ///
    /// # Example: uptime within a period, from downtime
    ///
    /// ```
    /// use sla_engine::{Interval, IntervalSet};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let downtime = IntervalSet::from_unsorted(vec![(-10, 5), (40, 60), (95, 200)])?;
    ///     let uptime = downtime.complement_within(Interval::new(0, 100)?);
    ///     assert_eq!(uptime.as_slice(), [Interval::new(5, 40)?, Interval::new(60, 95)?]);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn complement_within(&self, window: Interval) -> Self {
        Self {
            spans: ops::difference(&[window], ops::overlapping(&self.spans, window)),
        }
    }

    /// The seconds of the set that lie in `window`.
    ///
    /// # Example
    ///
    /// ```
    /// use sla_engine::{Interval, IntervalSet};
    ///
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     let set = IntervalSet::from_unsorted(vec![(0, 10), (20, 30), (40, 50)])?;
    ///     let clipped = set.clip(Interval::new(5, 25)?);
    ///     assert_eq!(clipped.as_slice(), [Interval::new(5, 10)?, Interval::new(20, 25)?]);
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn clip(&self, window: Interval) -> Self {
        let spans = ops::overlapping(&self.spans, window)
            .iter()
            .map(|iv| Interval {
                start: iv.start.max(window.start),
                end: iv.end.min(window.end),
            })
            .collect();
        Self { spans }
    }
}

impl From<Interval> for IntervalSet {
    /// The set of the seconds of one interval.
    fn from(interval: Interval) -> Self {
        Self {
            spans: vec![interval],
        }
    }
}

impl TryFrom<Vec<Interval>> for IntervalSet {
    type Error = IntervalError;

    /// Takes a list that already is in normal form (sorted, disjoint, non-touching) as it is,
    /// after one checking pass. This is how serde reads a set.
    ///
    /// A list that is not in normal form is refused with [`IntervalError::NotNormalized`]; to
    /// normalize any list of intervals, `collect()` it instead.
    fn try_from(spans: Vec<Interval>) -> Result<Self, Self::Error> {
        build::check_normalized(&spans)?;
        Ok(Self { spans })
    }
}

impl From<IntervalSet> for Vec<Interval> {
    fn from(set: IntervalSet) -> Self {
        set.spans
    }
}

impl FromIterator<Interval> for IntervalSet {
    /// Normalizes intervals given in any order, overlapping or touching, with a comparison sort
    /// of the intervals; [`IntervalSet::from_unsorted`] is faster on large inputs.
    fn from_iter<I: IntoIterator<Item = Interval>>(intervals: I) -> Self {
        let mut spans: Vec<Interval> = intervals.into_iter().collect();
        spans.sort_unstable_by_key(|iv| iv.start);
        // In place: `next` is removed when it overlaps or touches the run kept before it, which
        // grows to cover it.
        spans.dedup_by(|next, run| {
            let merges = next.start <= run.end;
            if merges {
                run.end = run.end.max(next.end);
            }
            merges
        });
        Self { spans }
    }
}

impl<'a> IntoIterator for &'a IntervalSet {
    type Item = &'a Interval;
    type IntoIter = std::slice::Iter<'a, Interval>;

    fn into_iter(self) -> Self::IntoIter {
        self.spans.iter()
    }
}

impl IntoIterator for IntervalSet {
    type Item = Interval;
    type IntoIter = std::vec::IntoIter<Interval>;

    fn into_iter(self) -> Self::IntoIter {
        self.spans.into_iter()
    }
}

impl Serialize for IntervalSet {
    /// Writes the list of intervals.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.spans.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(pairs: &[(i64, i64)]) -> IntervalSet {
        IntervalSet::from_unsorted(pairs.to_vec()).unwrap()
    }

    #[test]
    fn every_error_message_states_the_constraint() {
        let cases = [
            (
                IntervalError::Empty { at: 10 },
                "interval is empty: start and end are both 10, but an interval needs start < end",
            ),
            (
                IntervalError::Inverted { start: 10, end: 5 },
                "interval ends before it starts: start 10, end 5",
            ),
            (
                IntervalError::EndBeforeStart {
                    index: 3,
                    start: 10,
                    end: 5,
                },
                "interval 3 ends before it starts: start 10, end 5",
            ),
            (
                IntervalError::Unsorted {
                    index: 2,
                    start: 4,
                    previous_start: 9,
                },
                "interval 2 is out of order: it starts at 4, before the previous start 9, but the \
                 input must be sorted by start",
            ),
            (
                IntervalError::NotNormalized {
                    index: 1,
                    start: 5,
                    previous_end: 7,
                },
                "interval 1 does not start after the previous one ends: it starts at 5, but the \
                 previous one ends at 7, and a set must be sorted, disjoint and non-touching",
            ),
        ];
        for (error, message) in cases {
            assert_eq!(error.to_string(), message);
        }
    }

    #[test]
    fn an_interval_needs_start_before_end() {
        assert_eq!(
            Interval::new(1, 2).map(|iv| (iv.start(), iv.end())),
            Ok((1, 2))
        );
        assert_eq!(Interval::new(2, 2), Err(IntervalError::Empty { at: 2 }));
        assert_eq!(
            Interval::new(3, 2),
            Err(IntervalError::Inverted { start: 3, end: 2 })
        );
        assert_eq!(
            Interval::try_from((3, 2)),
            Err(IntervalError::Inverted { start: 3, end: 2 })
        );
        assert_eq!(Interval::new_or_none(2, 2), Ok(None));
        assert_eq!(
            Interval::new_or_none(3, 2),
            Err(IntervalError::Inverted { start: 3, end: 2 })
        );
        assert_eq!(Interval::new_or_none(1, 2), Ok(Interval::new(1, 2).ok()));
    }

    #[test]
    fn an_interval_at_the_ends_of_i64_measures_without_overflow() {
        let whole = Interval::new(i64::MIN, i64::MAX).unwrap();
        assert_eq!(whole.measure(), i64::MAX);
        assert!(whole.contains(i64::MIN) && !whole.contains(i64::MAX));
        let top = Interval::new(i64::MAX - 1, i64::MAX).unwrap();
        assert_eq!(top.measure(), 1);
        let half = Interval::new(0, i64::MAX).unwrap();
        assert_eq!(half.measure(), i64::MAX);
    }

    #[test]
    fn a_set_covering_more_than_i64_max_seconds_saturates_its_measure() {
        let huge = set(&[(i64::MIN, -10), (10, i64::MAX)]);
        assert_eq!(huge.measure(), i64::MAX);
        let window = Interval::new(i64::MIN, i64::MAX).unwrap();
        assert_eq!(huge.measure_within(window), i64::MAX);
        let exact = set(&[(i64::MIN, i64::MIN + 5), (i64::MAX - 5, i64::MAX)]);
        assert_eq!(exact.measure(), 10);
    }

    #[test]
    fn interval_intersection_of_touching_spans_is_none() {
        let a = Interval::new(0, 5).unwrap();
        assert_eq!(a.intersection(Interval::new(5, 9).unwrap()), None);
        assert_eq!(
            a.intersection(Interval::new(4, 9).unwrap()),
            Interval::new(4, 5).ok()
        );
    }

    #[test]
    fn contains_respects_half_open_bounds_across_runs() {
        let s = set(&[(0, 10), (20, 30)]);
        for (t, inside) in [
            (-1, false),
            (0, true),
            (9, true),
            (10, false),
            (19, false),
            (20, true),
            (30, false),
        ] {
            assert_eq!(s.contains(t), inside, "t = {t}");
        }
        assert!(!IntervalSet::new().contains(0));
    }

    #[test]
    fn clip_and_complement_within_a_window_outside_the_set() {
        let s = set(&[(0, 10)]);
        let window = Interval::new(20, 30).unwrap();
        assert!(s.clip(window).is_empty());
        assert_eq!(s.measure_within(window), 0);
        assert_eq!(s.complement_within(window), IntervalSet::from(window));
    }

    #[test]
    fn try_from_a_list_accepts_only_normal_form() {
        let list = vec![Interval::new(0, 1).unwrap(), Interval::new(2, 3).unwrap()];
        assert_eq!(IntervalSet::try_from(list.clone()).map(Vec::from), Ok(list));
        let touching = vec![Interval::new(0, 2).unwrap(), Interval::new(2, 3).unwrap()];
        assert_eq!(
            IntervalSet::try_from(touching),
            Err(IntervalError::NotNormalized {
                index: 1,
                start: 2,
                previous_end: 2
            })
        );
    }

    #[test]
    fn iteration_yields_the_runs_in_order() {
        let s = set(&[(20, 30), (0, 10)]);
        let by_ref: Vec<(i64, i64)> = (&s).into_iter().map(|&iv| iv.into()).collect();
        let by_value: Vec<(i64, i64)> = s.into_iter().map(<(i64, i64)>::from).collect();
        assert_eq!(by_ref, [(0, 10), (20, 30)]);
        assert_eq!(by_value, by_ref);
    }

    #[test]
    fn from_unsorted_reuses_the_callers_allocation() {
        // Not a promise of the API (it rests on an optimization of `std`), but the reason the
        // builders take a `Vec`: check that it holds on the toolchain in use.
        let pairs: Vec<(i64, i64)> = (0..1_000).rev().map(|i| (i * 10, i * 10 + 5)).collect();
        let before = pairs.as_ptr() as usize;
        let set = IntervalSet::from_unsorted(pairs).unwrap();
        assert_eq!(set.as_slice().as_ptr() as usize, before);
        let pairs: Vec<(i64, i64)> = (0..1_000).map(|i| (i * 10, i * 10 + 5)).collect();
        let before = pairs.as_ptr() as usize;
        let set = IntervalSet::from_sorted(pairs).unwrap();
        assert_eq!(set.as_slice().as_ptr() as usize, before);
    }

    #[cfg(feature = "formats")]
    mod serde_json_form {
        use super::*;

        #[test]
        fn an_interval_is_an_object_with_start_and_end() {
            let iv = Interval::new(1, 2).unwrap();
            assert_eq!(
                serde_json::to_string(&iv).unwrap(),
                r#"{"start":1,"end":2}"#
            );
            let back: Interval = serde_json::from_str(r#"{"start":1,"end":2}"#).unwrap();
            assert_eq!(back, iv);
        }

        #[test]
        fn reading_an_interval_checks_its_bounds_and_fields() {
            let error = serde_json::from_str::<Interval>(r#"{"start":5,"end":5}"#).unwrap_err();
            assert!(
                error.to_string().starts_with("interval is empty"),
                "{error}"
            );
            let error = serde_json::from_str::<Interval>(r#"{"start":5,"end":1}"#).unwrap_err();
            assert!(
                error
                    .to_string()
                    .starts_with("interval ends before it starts"),
                "{error}"
            );
            let error =
                serde_json::from_str::<Interval>(r#"{"start":1,"end":2,"stop":3}"#).unwrap_err();
            assert!(
                error.to_string().contains("unknown field `stop`"),
                "{error}"
            );
        }

        #[test]
        fn a_set_is_a_list_of_intervals_and_round_trips() {
            let s = set(&[(20, 30), (0, 10)]);
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, r#"[{"start":0,"end":10},{"start":20,"end":30}]"#);
            assert_eq!(serde_json::from_str::<IntervalSet>(&json).unwrap(), s);
            assert_eq!(
                serde_json::from_str::<IntervalSet>("[]").unwrap(),
                IntervalSet::new()
            );
        }

        #[test]
        fn reading_a_set_refuses_a_list_not_in_normal_form() {
            for json in [
                r#"[{"start":20,"end":30},{"start":0,"end":10}]"#,
                r#"[{"start":0,"end":10},{"start":5,"end":30}]"#,
                r#"[{"start":0,"end":10},{"start":10,"end":30}]"#,
            ] {
                let error = serde_json::from_str::<IntervalSet>(json).unwrap_err();
                assert!(
                    error
                        .to_string()
                        .contains("does not start after the previous one ends"),
                    "{error}"
                );
            }
        }
    }
}
