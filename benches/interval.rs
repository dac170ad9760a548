//! Building an `IntervalSet`, against a plain `sort_unstable` of the same start keys.
//!
//! For each size (1 M and 10 M intervals) one group holds:
//!
//! - `baseline_sort_unstable_start_keys`: `<[i64]>::sort_unstable` on the starts alone, the
//!   floor any comparison-sorting builder is measured against;
//! - `from_unsorted`: the same intervals, in random order, with their ends;
//! - `from_sorted`: the same intervals sorted by start.
//!
//! A last group times union, intersection and difference of two such sets of 1 M pairs.
//!
//! Inputs are cloned outside the timed part. Run with
//! `cargo bench --bench interval -- --output-format bencher` for one line per benchmark.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use sla_engine::IntervalSet;

/// 2023-11-14T22:13:20Z, a plausible origin for contract data.
const ORIGIN: i64 = 1_700_000_000;

#[path = "support/rng.rs"]
mod rng;
use rng::SplitMix64;

/// `n` intervals with starts uniform over `n * 300` seconds after `ORIGIN` and lengths uniform
/// in 1..=600 seconds. Every second is then covered by one interval on average: about a third
/// of the merged runs survive and neighbours overlap or not at random, so a merge that branches
/// on overlap would be mispredicted often.
fn random_pairs(n: usize, seed: u64) -> Vec<(i64, i64)> {
    let mut rng = SplitMix64(seed);
    let spread = u64::try_from(n).unwrap() * 300;
    (0..n)
        .map(|_| {
            let start = ORIGIN + rng.below(spread);
            (start, start + 1 + rng.below(600))
        })
        .collect()
}

fn builders(c: &mut Criterion) {
    for (n, label) in [(1_000_000_usize, "1M"), (10_000_000, "10M")] {
        let unsorted = random_pairs(n, 0x5EED ^ n as u64);
        let starts: Vec<i64> = unsorted.iter().map(|&(start, _)| start).collect();
        let mut sorted = unsorted.clone();
        sorted.sort_unstable_by_key(|&(start, _)| start);

        let mut group = c.benchmark_group(format!("interval_build/{label}"));
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(if n > 1_000_000 { 5 } else { 2 }))
            .throughput(Throughput::Elements(n as u64));

        group.bench_function("baseline_sort_unstable_start_keys", |b| {
            b.iter_batched(
                || starts.clone(),
                |mut keys| {
                    keys.sort_unstable();
                    keys
                },
                BatchSize::PerIteration,
            );
        });
        group.bench_function("from_unsorted", |b| {
            b.iter_batched(
                || unsorted.clone(),
                |pairs| IntervalSet::from_unsorted(black_box(pairs)).unwrap(),
                BatchSize::PerIteration,
            );
        });
        group.bench_function("from_sorted", |b| {
            b.iter_batched(
                || sorted.clone(),
                |pairs| IntervalSet::from_sorted(black_box(pairs)).unwrap(),
                BatchSize::PerIteration,
            );
        });
        group.finish();
    }
}

/// Set operations on two sets built from 1 M random pairs each (about 370 k runs each).
fn operations(c: &mut Criterion) {
    let n = 1_000_000;
    let a = IntervalSet::from_unsorted(random_pairs(n, 1)).unwrap();
    let b = IntervalSet::from_unsorted(random_pairs(n, 2)).unwrap();
    let mut group = c.benchmark_group("interval_ops/1M");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .throughput(Throughput::Elements((a.len() + b.len()) as u64));
    group.bench_function("union", |bench| {
        bench.iter(|| black_box(&a).union(black_box(&b)))
    });
    group.bench_function("intersection", |bench| {
        bench.iter(|| black_box(&a).intersection(black_box(&b)));
    });
    group.bench_function("difference", |bench| {
        bench.iter(|| black_box(&a).difference(black_box(&b)));
    });
    group.finish();
}

criterion_group!(benches, builders, operations);
criterion_main!(benches);
