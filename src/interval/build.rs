//! Building the normalized list of an [`IntervalSet`](super::IntervalSet) from raw pairs.
//!
//! This is the hottest code of the library, so it is written for speed, in safe Rust and within
//! the caller's allocation:
//!
//! - **The caller's `Vec` is the work area.** `(i64, i64)`, `[i64; 2]` and [`Interval`] have the
//!   same size and alignment, so `into_iter().map(..).collect()` between them reuses the
//!   allocation and compiles to nothing (the standard library's in-place collection; an
//!   optimization of `std`, not a guarantee: without it the result is the same, one copy
//!   slower). Pairs are handled as `[i64; 2]` because a `&mut [[i64; 2]]` can be seen as a
//!   `&mut [i64]` twice as long ([`slice::as_flattened_mut`]), which the sort below needs.
//! - **Sorting eight bytes, not sixteen.** [`IntervalSet::from_unsorted`] first reads the
//!   pairs once to find the smallest start, the span of the starts and the longest length
//!   ([`Packing::covering`]), then packs each pair into one `i64` key whose order is the order of
//!   starts: the start's offset from the smallest start in the high bits, the length in just
//!   enough low bits. For contract data the keys need some 40 of their 64 bits. The keys go into
//!   the upper half of the work area, seen as `[i64]`, are sorted there ([`sort_keys`]), and the
//!   merge reads key `j` from position `n + j` and writes interval `w <= j` over positions `2w`
//!   and `2w + 1`, never over a key not yet read. Only when starts and lengths need more than 64
//!   bits together (intervals reaching towards both ends of the `i64` range) are the pairs
//!   sorted themselves, with `sort_unstable_by_key`.
//! - **Radix sorting in the free half.** Once the pairs are packed, the lower half of the work
//!   area is free, and serves as the second buffer of a radix sort: a few linear passes of
//!   counting and scattering on the bits the keys actually use, instead of `log n` levels of
//!   comparisons. Small inputs use `sort_unstable` instead.
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
    let mut work = into_work(pairs);
    // One read of the input finds a pair that ends before it starts (before any reordering, so
    // that `index` names the caller's position) and the tightest packing of the rest.
    if let Some(packing) = Packing::covering(&work)? {
        // Only the start bits are sorted on: the merge takes the longest of equal starts
        // whatever their order, so the length bits would cost passes for nothing.
        let (from_bit, key_bits) = (packing.shift, packing.key_bits);
        // The top digits are counted while packing, which saves the sort a read of every key.
        let mut top_counts =
            takes_top_digit(work.len(), from_bit, key_bits).then_some([0; TOP_BUCKETS]);
        if pack_into_upper_half(&mut work, packing, top_counts.as_mut()) {
            sort_keys_counted(work.as_flattened_mut(), from_bit, key_bits, top_counts);
            merge_packed(&mut work, packing);
            return Ok(into_intervals(work));
        }
    }
    // Starts and lengths need more than 64 bits together: sort the pairs themselves. The merge
    // needs them in start order only: among equal starts the order of the ends does not matter
    // because the run takes the maximum end.
    work.sort_unstable_by_key(|&[start, _]| start);
    merge_sorted(&mut work);
    Ok(into_intervals(work))
}

/// How a pair is packed into one `i64` sort key whose order is the order of starts.
///
/// The key holds, as a `u64`, the offset `start - base` shifted left by `shift`, plus the length
/// `end - start` in the `shift` low bits; its top bit is then flipped so that `i64` order is the
/// `u64` order. A pair fits when its offset is in `0..2^(64 - shift)` and its length in
/// `0..2^shift`, and then unpacking gives it back exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packing {
    base: i64,
    shift: u32,
    /// How many low bits of the `u64` keys can differ; the bits above are zero.
    key_bits: u32,
}

/// Flips the top bit, turning `u64` order into `i64` order and back.
const TOP_BIT: u64 = 1 << 63;

impl Packing {
    /// The tightest packing for `work`, by one pass over it: the smallest start as `base`, and
    /// just enough low bits for the longest length. `Ok(None)` when there are no pairs, or when
    /// starts and lengths need more than 64 bits together.
    ///
    /// # Errors
    ///
    /// [`IntervalError::EndBeforeStart`] for the first pair that ends before it starts.
    fn covering(work: &[Pair]) -> Result<Option<Self>, IntervalError> {
        let Some(&[first_start, _]) = work.first() else {
            return Ok(None);
        };
        let (mut lowest, mut highest, mut longest) = (first_start, first_start, 0_u64);
        for (index, &[start, end]) in work.iter().enumerate() {
            if end < start {
                return Err(IntervalError::EndBeforeStart { index, start, end });
            }
            lowest = lowest.min(start);
            highest = highest.max(start);
            longest = longest.max(end.abs_diff(start));
        }
        let offset_bits = u64::BITS - highest.abs_diff(lowest).leading_zeros();
        let length_bits = u64::BITS - longest.leading_zeros();
        let key_bits = offset_bits + length_bits;
        let fits = length_bits < u64::BITS && key_bits <= u64::BITS;
        Ok(fits.then_some(Self {
            base: lowest,
            shift: length_bits,
            key_bits,
        }))
    }

    /// The key of `(start, end)`, or `None` when the pair does not fit (which takes in every
    /// pair that ends before it starts).
    #[inline(always)]
    fn pack(self, start: i64, end: i64) -> Option<i64> {
        if start < self.base || end < start {
            return None;
        }
        let offset = start.abs_diff(self.base);
        let length = end.abs_diff(start);
        // `checked_shr` is `None` for a shift of 64: with no length bits any offset fits.
        let offset_fits = offset.checked_shr(u64::BITS - self.shift).unwrap_or(0) == 0;
        let length_fits = length >> self.shift == 0;
        let key = (offset << self.shift) | length;
        // Same 64 bits, read as `i64` after the top bit is flipped.
        (offset_fits && length_fits).then_some((key ^ TOP_BIT) as i64)
    }

    /// Undoes [`Packing::pack`]: the exact `(start, end)` that was packed.
    #[inline(always)]
    fn unpack(self, key: i64) -> (i64, i64) {
        // Same 64 bits, read as `u64` after the top bit is flipped back.
        let key = key as u64 ^ TOP_BIT;
        let offset = key >> self.shift;
        let length = key & ((1 << self.shift) - 1);
        // Cannot wrap: `pack` checked that `base + offset` is the original start and
        // `start + length` the original end.
        let start = self.base.wrapping_add_unsigned(offset);
        (start, start.wrapping_add_unsigned(length))
    }
}

/// Seen as `[i64]` of length `2n`, writes the key of pair `p` at position `n + p`, going from
/// the last pair down, and tells whether every pair fit `packing`.
///
/// Going down, pair `p` (positions `2p` and `2p + 1`) is read before any key lands on it: keys
/// written so far sit at `n + q` for `q > p`, all beyond `2p + 1`.
///
/// When a pair does not fit, the pairs above it, whose keys are written, are restored from
/// those keys, going up: restoring pair `q` writes positions up to `2q + 1`, below `n + q + 1`,
/// where the keys still to be read are. Then `false`, with the work area exactly as it came.
///
/// With `top_counts`, counts the keys of each top digit ([`top_digit`]) as well.
fn pack_into_upper_half(
    work: &mut [Pair],
    packing: Packing,
    mut top_counts: Option<&mut [usize; TOP_BUCKETS]>,
) -> bool {
    let n = work.len();
    let flat = work.as_flattened_mut();
    for p in (0..n).rev() {
        let (Some(&start), Some(&end)) = (flat.get(2 * p), flat.get(2 * p + 1)) else {
            break;
        };
        let Some(key) = packing.pack(start, end) else {
            restore_pairs(flat, packing, p + 1..n);
            return false;
        };
        if let Some(slot) = flat.get_mut(n + p) {
            *slot = key;
        }
        if let Some(count) = top_counts
            .as_deref_mut()
            .and_then(|counts| counts.get_mut(top_digit(key, packing.key_bits)))
        {
            *count += 1;
        }
    }
    true
}

/// Rewrites the pairs in `packed` from their keys, as described at [`pack_into_upper_half`].
#[cold]
fn restore_pairs(flat: &mut [i64], packing: Packing, packed: std::ops::Range<usize>) {
    let n = flat.len() / 2;
    for q in packed {
        let Some(&key) = flat.get(n + q) else { break };
        let (start, end) = packing.unpack(key);
        if let Some([slot_start, slot_end]) = flat.get_mut(2 * q..2 * q + 2) {
            (*slot_start, *slot_end) = (start, end);
        }
    }
}

/// Below this many keys, `sort_unstable` is faster than setting up radix passes.
const RADIX_SORT_MIN_LEN: usize = 1 << 12;
/// The widest digit of the least-significant-digit passes: 2^11 counters (16 KiB) stay in the L1
/// cache, and as many write streams in L2.
const DIGIT_BITS_MAX: u32 = 11;
const BUCKETS: usize = 1 << DIGIT_BITS_MAX;
/// The digit of the one most-significant-digit pass that splits large inputs into buckets small
/// enough to sort within the cache. Its 256 write streams are few enough not to thrash the TLB
/// on an input far larger than the cache, which a pass with 2^11 streams does.
const TOP_DIGIT_BITS: u32 = 8;
const TOP_BUCKETS: usize = 1 << TOP_DIGIT_BITS;
/// From this many keys on, one top-digit pass comes first.
const TOP_DIGIT_MIN_LEN: usize = 1 << 17;

/// The `u64` value of a stored key: same bits, top bit flipped back.
#[inline(always)]
fn key_value(key: i64) -> u64 {
    key as u64 ^ TOP_BIT
}

/// Sorts the `n` keys in the upper half of `flat` (length `2n`), whose values ([`key_value`])
/// are below `2^key_bits`, by the bits from `from_bit` up (by `value >> from_bit`; keys equal
/// there come in any order).
///
/// Small inputs use `sort_unstable`. Larger ones use radix sorting with the lower half, free once
/// the pairs are packed, as the second buffer: a few linear passes of counting and scattering
/// instead of `log n` levels of comparisons. Inputs larger than the cache first go through one
/// pass on the top digit into the lower half, then each of the resulting buckets is sorted back
/// into the upper half by [`lsd_radix_sort`] while it is in the cache.
#[cfg(test)]
fn sort_keys(flat: &mut [i64], from_bit: u32, key_bits: u32) {
    sort_keys_counted(flat, from_bit, key_bits, None);
}

/// [`sort_keys`], with the counts of the top digits if they are known already.
fn sort_keys_counted(
    flat: &mut [i64],
    from_bit: u32,
    key_bits: u32,
    top_counts: Option<[usize; TOP_BUCKETS]>,
) {
    let n = flat.len() / 2;
    let (scratch, keys) = flat.split_at_mut(n); // `n <= flat.len()`: cannot panic.
    if n < RADIX_SORT_MIN_LEN {
        keys.sort_unstable();
    } else if !takes_top_digit(n, from_bit, key_bits) {
        lsd_radix_sort(keys, scratch, from_bit, key_bits, Lands::InFirst);
    } else {
        let counts = top_counts.unwrap_or_else(|| count_top_digits(keys, key_bits));
        top_digit_then_buckets(keys, scratch, from_bit, key_bits, &counts);
    }
}

/// Whether [`sort_keys`] splits `n` keys by their top digit first.
fn takes_top_digit(n: usize, from_bit: u32, key_bits: u32) -> bool {
    n >= TOP_DIGIT_MIN_LEN && key_bits.saturating_sub(from_bit) > TOP_DIGIT_BITS + DIGIT_BITS_MAX
}

/// The top [`TOP_DIGIT_BITS`] of the `key_bits` a key uses.
#[inline(always)]
fn top_digit(key: i64, key_bits: u32) -> usize {
    (key_value(key) >> key_bits.saturating_sub(TOP_DIGIT_BITS)) as usize & (TOP_BUCKETS - 1)
}

/// How many keys have each top digit.
fn count_top_digits(keys: &[i64], key_bits: u32) -> [usize; TOP_BUCKETS] {
    let mut counts = [0; TOP_BUCKETS];
    for &key in keys {
        if let Some(count) = counts.get_mut(top_digit(key, key_bits)) {
            *count += 1;
        }
    }
    counts
}

/// Scatters `keys` into `scratch` by their top [`TOP_DIGIT_BITS`] bits (`counts` of each given),
/// then sorts each bucket back into the same range of `keys`.
fn top_digit_then_buckets(
    keys: &mut [i64],
    scratch: &mut [i64],
    from_bit: u32,
    key_bits: u32,
    counts: &[usize; TOP_BUCKETS],
) {
    let low_bits = key_bits.saturating_sub(TOP_DIGIT_BITS);
    let top = |key: i64| top_digit(key, key_bits);
    let mut next = [0_usize; TOP_BUCKETS];
    let mut position = 0;
    for (slot, &count) in next.iter_mut().zip(counts) {
        *slot = position;
        position += count;
    }
    for &key in keys.iter() {
        if let Some(next) = next.get_mut(top(key)) {
            if let Some(slot) = scratch.get_mut(*next) {
                *slot = key;
            }
            *next += 1;
        }
    }
    let (mut keys, mut scratch) = (keys, scratch);
    for &count in counts {
        let Some((bucket, keys_rest)) = std::mem::take(&mut keys).split_at_mut_checked(count)
        else {
            break;
        };
        let Some((unsorted, scratch_rest)) =
            std::mem::take(&mut scratch).split_at_mut_checked(count)
        else {
            break;
        };
        lsd_radix_sort(unsorted, bucket, from_bit, low_bits, Lands::InSecond);
        keys = keys_rest;
        scratch = scratch_rest;
    }
}

/// Copies `from` into `to`, which has the same length (a `copy_from_slice` that cannot panic).
fn copy(from: &[i64], to: &mut [i64]) {
    for (slot, &key) in to.iter_mut().zip(from) {
        *slot = key;
    }
}

/// Which of its two buffers [`lsd_radix_sort`] leaves the result in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lands {
    InFirst,
    InSecond,
}

/// Least-significant-digit radix sort of the keys in `first`, whose values are below
/// `2^key_bits`, by their bits from `from_bit` up, with `second` (same length) as the other
/// buffer; the result lands in the buffer `lands` names.
///
/// The digits are as wide as possible, at most [`DIGIT_BITS_MAX`] bits, with a number of passes
/// whose parity puts the result where it is wanted. All histograms are counted in one read. A
/// pass whose digit is the same for every key moves nothing and is skipped; if that leaves the
/// result in the other buffer, it is copied over. Short inputs are sorted with `sort_unstable`.
fn lsd_radix_sort(
    first: &mut [i64],
    second: &mut [i64],
    from_bit: u32,
    key_bits: u32,
    lands: Lands,
) {
    let n = first.len();
    if n < RADIX_SORT_MIN_LEN / 4 {
        first.sort_unstable();
        if lands == Lands::InSecond {
            copy(first, second);
        }
        return;
    }
    let sorted_bits = key_bits.saturating_sub(from_bit);
    let mut passes = sorted_bits.div_ceil(DIGIT_BITS_MAX);
    if (passes % 2 == 1) != (lands == Lands::InSecond) {
        passes += 1;
    }
    let width = sorted_bits.div_ceil(passes.max(1));
    let mask = (1_u64 << width) - 1;
    // The final `& (BUCKETS - 1)` changes nothing (`width <= DIGIT_BITS_MAX`) but lets the
    // compiler see that the digit indexes a histogram in bounds.
    let digit = |key: i64, pass: u32| -> usize {
        // `checked_shr`: a pass added for parity may start at bit 64, where every digit is 0.
        (key_value(key)
            .checked_shr(from_bit + pass * width)
            .unwrap_or(0)
            & mask) as usize
            & (BUCKETS - 1)
    };

    let mut histograms = vec![[0_usize; BUCKETS]; passes as usize];
    for &key in first.iter() {
        for (pass, histogram) in (0..).zip(histograms.iter_mut()) {
            if let Some(count) = histogram.get_mut(digit(key, pass)) {
                *count += 1;
            }
        }
    }

    let (mut from, mut to) = (first, second);
    let mut in_second = false;
    for (pass, histogram) in (0..).zip(histograms.iter_mut()) {
        if histogram.contains(&n) {
            continue;
        }
        // Counts to the position of each digit's first key.
        let mut position = 0;
        for slot in histogram.iter_mut() {
            let count = *slot;
            *slot = position;
            position += count;
        }
        for &key in from.iter() {
            if let Some(next) = histogram.get_mut(digit(key, pass)) {
                if let Some(slot) = to.get_mut(*next) {
                    *slot = key;
                }
                *next += 1;
            }
        }
        std::mem::swap(&mut from, &mut to);
        in_second = !in_second;
    }
    if in_second != (lands == Lands::InSecond) {
        // `from` holds the result and `to` is the buffer it should be in.
        copy(from, to);
    }
}

/// Merges the sorted keys in the upper half of the work area into its lower part.
fn merge_packed(work: &mut Vec<Pair>, packing: Packing) {
    let n = work.len();
    let mut run = Run::new();
    let mut written = 0_usize;
    for read in n..2 * n {
        let Some(&key) = work.as_flattened().get(read) else {
            break;
        };
        let (start, end) = packing.unpack(key);
        let (before, keep) = run.step(start, end);
        // Key `j = read - n` completes at most the run before it, so `written <= j`: this
        // writes positions up to `2j + 1 < n + j + 1`, where the next key is.
        write_at(work, written, before);
        written += usize::from(keep);
    }
    run.finish(work, written);
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
    /// `from_unsorted` (packed unless the data is too wide), reversed into `from_unsorted`, and
    /// the wide fallback kernel; checks they agree with [`reference`] and returns the result.
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

    #[test]
    fn packing_round_trips_at_the_limits_it_accepts() {
        let bases = [
            i64::MIN,
            -1,
            0,
            1_700_000_000,
            i64::MAX - (1 << 40),
            i64::MAX,
        ];
        for base in bases {
            for shift in [0, 1, 30, 32, 63] {
                let packing = Packing {
                    base,
                    shift,
                    key_bits: 64,
                };
                let max_offset = u64::MAX.checked_shr(shift).unwrap_or(0);
                let max_length = (1_u64 << shift) - 1;
                let highest = base.saturating_add_unsigned(max_offset);
                let longest = highest.saturating_add_unsigned(max_length);
                let short = base.saturating_add_unsigned(max_length.min(1));
                for (start, end) in [(base, base), (base, short), (highest, longest)] {
                    let key = packing.pack(start, end);
                    let back = key.map(|key| packing.unpack(key));
                    assert_eq!(back, Some((start, end)), "base {base}, shift {shift}");
                }
            }
        }
    }

    #[test]
    fn packed_keys_sort_like_their_starts() {
        let input = [
            [1_000, 1_001],
            [999, 5_000],
            [-2_000_000_000, -1_999_999_000],
            [FAR, FAR + 1],
        ];
        let Ok(Some(packing)) = Packing::covering(&input) else {
            panic!("the input should pack");
        };
        let mut keys: Vec<i64> = input
            .iter()
            .filter_map(|&[s, e]| packing.pack(s, e))
            .collect();
        assert_eq!(keys.len(), input.len());
        keys.sort_unstable();
        let starts: Vec<i64> = keys.iter().map(|&key| packing.unpack(key).0).collect();
        assert_eq!(starts, [-2_000_000_000, 999, 1_000, FAR]);
    }

    #[test]
    fn a_packing_that_does_not_fit_leaves_the_work_area_as_it_came() {
        // A packing too narrow for some pair, as `from_unsorted` never picks: packing stops at
        // that pair and restores the pairs it had already packed.
        let narrow = Packing {
            base: 0,
            shift: 4,
            key_bits: 64,
        };
        for n in 1..=9_i64 {
            for misfit in 0..n {
                let input: Vec<Pair> = (0..n)
                    .map(|i| {
                        if i == misfit {
                            [3, 3 + 100]
                        } else {
                            [7 * i, 7 * i + (i % 5)]
                        }
                    })
                    .collect();
                let mut work = input.clone();
                assert!(!pack_into_upper_half(&mut work, narrow, None));
                assert_eq!(work, input, "n {n}, misfit {misfit}");
            }
        }
    }

    /// A small generator for test data (splitmix64).
    fn noise(seed: &mut u64) -> u64 {
        *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    #[test]
    fn radix_sort_agrees_with_sort_unstable_for_every_key_width() {
        let mut seed = 7;
        for key_bits in [0, 1, 5, 11, 12, 19, 20, 22, 23, 33, 44, 63, 64] {
            for n in [
                RADIX_SORT_MIN_LEN,
                RADIX_SORT_MIN_LEN + 1_234,
                TOP_DIGIT_MIN_LEN + 99,
            ] {
                // Keys below 2^key_bits, stored with the top bit flipped like packed keys.
                let values: Vec<u64> = (0..n)
                    .map(|_| noise(&mut seed).checked_shr(64 - key_bits).unwrap_or(0))
                    .collect();
                let mut flat: Vec<i64> = vec![0; n];
                flat.extend(values.iter().map(|&v| (v ^ TOP_BIT) as i64));
                let mut expected: Vec<i64> = flat.get(n..).unwrap_or_default().to_vec();
                expected.sort_unstable();
                sort_keys(&mut flat, 0, key_bits);
                assert_eq!(
                    flat.get(n..),
                    Some(&expected[..]),
                    "key_bits {key_bits}, n {n}"
                );
            }
        }
    }

    #[test]
    fn radix_sort_from_a_bit_orders_by_the_bits_above_it() {
        let mut seed = 5;
        for (from_bit, key_bits) in [
            (10, 42),
            (0, 42),
            (30, 42),
            (41, 42),
            (42, 42),
            (63, 64),
            (8, 27),
        ] {
            for n in [RADIX_SORT_MIN_LEN + 7, TOP_DIGIT_MIN_LEN + 99] {
                let values: Vec<u64> = (0..n)
                    .map(|_| noise(&mut seed).checked_shr(64 - key_bits).unwrap_or(0))
                    .collect();
                let mut flat: Vec<i64> = vec![0; n];
                flat.extend(values.iter().map(|&v| (v ^ TOP_BIT) as i64));
                let mut all: Vec<i64> = flat.get(n..).unwrap_or_default().to_vec();
                all.sort_unstable();
                sort_keys(&mut flat, from_bit, key_bits);
                let sorted = flat.get(n..).unwrap_or_default();
                let high = |key: &i64| key_value(*key).checked_shr(from_bit).unwrap_or(0);
                assert!(
                    sorted.windows(2).all(|w| high(&w[0]) <= high(&w[1])),
                    "from_bit {from_bit}, key_bits {key_bits}, n {n}"
                );
                let mut same = sorted.to_vec();
                same.sort_unstable();
                assert_eq!(same, all, "from_bit {from_bit}, key_bits {key_bits}, n {n}");
            }
        }
    }

    #[test]
    fn radix_sort_skips_a_digit_every_key_shares_and_still_ends_in_place() {
        // 22 key bits make two passes of 11 bits; every key has the same low digit, so only
        // the second pass moves anything and the result is copied back.
        let mut seed = 11;
        let n = RADIX_SORT_MIN_LEN * 2;
        let values: Vec<u64> = (0..n)
            .map(|_| (noise(&mut seed) >> 53) << 11 | 0x5A5)
            .collect();
        let mut flat: Vec<i64> = vec![0; n];
        flat.extend(values.iter().map(|&v| (v ^ TOP_BIT) as i64));
        let mut expected: Vec<i64> = flat.get(n..).unwrap_or_default().to_vec();
        expected.sort_unstable();
        sort_keys(&mut flat, 0, 22);
        assert_eq!(flat.get(n..), Some(&expected[..]));
    }

    #[test]
    fn large_inputs_take_the_radix_path_and_merge_right() {
        let mut seed = 3;
        for spread in [1_000_i64, 1 << 40, i64::MAX / 4] {
            let input: Vec<(i64, i64)> = (0..3 * RADIX_SORT_MIN_LEN)
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
    fn packing_refuses_what_does_not_fit() {
        let packing = Packing {
            base: 0,
            shift: 30,
            key_bits: 64,
        };
        assert_eq!(packing.pack(1 << 34, (1 << 34) + 1), None);
        assert_eq!(packing.pack(-1, 0), None);
        assert_eq!(packing.pack(0, 1 << 30), None);
        assert_eq!(packing.pack(5, 4), None);
        assert_eq!(
            Packing {
                base: i64::MIN,
                shift: 1,
                key_bits: 64
            }
            .pack(i64::MAX, i64::MAX),
            None
        );
        assert_eq!(
            Packing {
                base: 0,
                shift: 63,
                key_bits: 64
            }
            .pack(0, i64::MAX),
            Some(i64::MAX ^ i64::MIN)
        );
        assert_eq!(
            Packing {
                base: 0,
                shift: 63,
                key_bits: 64
            }
            .pack(2, 3),
            None
        );
    }

    #[test]
    fn covering_finds_the_tightest_packing_or_none() {
        let work = [[100, 101], [50, 58], [300, 300]];
        assert_eq!(
            Packing::covering(&work),
            Ok(Some(Packing {
                base: 50,
                shift: 4,
                key_bits: 12
            }))
        );
        let work = [[i64::MIN, i64::MIN + 1], [i64::MAX - 1, i64::MAX]];
        assert_eq!(Packing::covering(&work), Ok(None));
        let work = [[0, i64::MAX]];
        assert_eq!(
            Packing::covering(&work),
            Ok(Some(Packing {
                base: 0,
                shift: 63,
                key_bits: 63
            }))
        );
        let work = [[0, 1], [7, 3]];
        let error = IntervalError::EndBeforeStart {
            index: 1,
            start: 7,
            end: 3,
        };
        assert_eq!(Packing::covering(&work), Err(error));
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
    fn data_needing_more_than_64_bits_is_sorted_as_pairs() {
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
