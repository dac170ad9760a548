//! The one error type of the interval module.

/// Why an [`Interval`](super::Interval) or an [`IntervalSet`](super::IntervalSet) could not be
/// built.
///
/// Every message is lowercase, has no trailing period, and states the constraint that was broken
/// together with the offending values, so it can be shown to a contract reader as it is. Variants
/// that come from a list of intervals name the position (`index`, counted from 0) of the
/// offending item in the caller's input, not in some reordered copy.
///
/// More variants may be added in later versions, so match with a wildcard arm.
///
/// # Example: reading the error of a bad input list
///
/// ```
/// use sla_engine::{IntervalError, IntervalSet};
///
/// let result = IntervalSet::from_unsorted(vec![(0, 5), (20, 30), (7, 9), (10, 5)]);
/// let expected = IntervalError::EndBeforeStart { index: 3, start: 10, end: 5 };
/// assert_eq!(result, Err(expected.clone()));
/// assert_eq!(expected.to_string(), "interval 3 ends before it starts: start 10, end 5");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IntervalError {
    /// A single interval was asked for with `start == end`.
    ///
    /// An [`Interval`](super::Interval) always covers at least one second. Use
    /// [`Interval::new_or_none`](super::Interval::new_or_none) when an empty span is a normal
    /// outcome (for example after clipping), and sets, which drop empty input spans.
    #[error("interval is empty: start and end are both {at}, but an interval needs start < end")]
    Empty {
        /// The common value of `start` and `end`.
        at: i64,
    },

    /// A single interval was asked for with `end < start`.
    #[error("interval ends before it starts: start {start}, end {end}")]
    Inverted {
        /// The requested start.
        start: i64,
        /// The requested end, which is smaller than `start`.
        end: i64,
    },

    /// An item of a list of `(start, end)` pairs has `end < start`.
    #[error("interval {index} ends before it starts: start {start}, end {end}")]
    EndBeforeStart {
        /// The position of the offending pair in the input, counted from 0.
        index: usize,
        /// The pair's start.
        start: i64,
        /// The pair's end, which is smaller than `start`.
        end: i64,
    },

    /// Input promised to be sorted by start (to
    /// [`IntervalSet::from_sorted`](super::IntervalSet::from_sorted)) was not.
    #[error(
        "interval {index} is out of order: it starts at {start}, before the previous start \
         {previous_start}, but the input must be sorted by start"
    )]
    Unsorted {
        /// The position of the first item that starts before its predecessor, counted from 0.
        index: usize,
        /// That item's start.
        start: i64,
        /// The start of the item just before it, which is larger.
        previous_start: i64,
    },

    /// A list given as an already normalized set (deserialized, or converted with
    /// [`TryFrom<Vec<Interval>>`](super::IntervalSet#impl-TryFrom<Vec<Interval>>-for-IntervalSet))
    /// has an interval that does not start strictly after the end of the one before it.
    #[error(
        "interval {index} does not start after the previous one ends: it starts at {start}, but \
         the previous one ends at {previous_end}, and a set must be sorted, disjoint and \
         non-touching"
    )]
    NotNormalized {
        /// The position of the offending interval in the list, counted from 0.
        index: usize,
        /// Its start.
        start: i64,
        /// The end of the interval just before it, which is not smaller than `start`.
        previous_end: i64,
    },
}
