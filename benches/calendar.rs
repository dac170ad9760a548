//! Business-calendar queries on `cn-standard`: each is a binary search over the compiled
//! timeline, so its time must not grow with the span it covers (1 day, 1 year, 20 years).
//!
//! Run: `cargo bench --bench calendar`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sla_engine::{Calendar, Timestamp};

const DAY: i64 = 86_400;
/// Business seconds in a working day of `cn-standard` (09:00-18:00).
const WORKING_DAY: i64 = 9 * 3600;
/// 2004-02-02T00:00:00+08:00: starts are spread over the two years after it, so that a 20-year
/// span still ends inside the data (2004-2026).
const FIRST_START: i64 = 1_075_651_200;
const STARTS: usize = 1024;

/// `STARTS` instants spread over two years by a fixed linear congruential sequence, to keep the
/// branch predictor and caches from learning one query.
fn starts() -> Vec<i64> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..STARTS)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            FIRST_START + ((x >> 33) % (2 * 365 * DAY as u64)) as i64
        })
        .collect()
}

/// Spans as wall time (for `between`) and as business time (for `add`).
const SPANS: [(&str, i64, i64); 3] = [
    ("1 day", DAY, WORKING_DAY),
    ("1 year", 365 * DAY, 250 * WORKING_DAY),
    ("20 years", 20 * 365 * DAY, 20 * 250 * WORKING_DAY),
];

fn queries(c: &mut Criterion) {
    let cal = Calendar::preset("cn-standard").unwrap();
    let ts = |t: i64| Timestamp::from_second(t).unwrap();
    let starts: Vec<Timestamp> = starts().into_iter().map(ts).collect();
    // Every query must succeed, so that the benchmark measures answers, not errors.
    for &t in &starts {
        for (_, wall, business) in SPANS {
            cal.add(t, business).unwrap();
            cal.between(t, t.checked_add(wall).unwrap()).unwrap();
        }
    }

    let mut group = c.benchmark_group("cn-standard");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    for (name, wall, business) in SPANS {
        group.bench_with_input(BenchmarkId::new("add", name), &business, |b, &d| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % STARTS;
                cal.add(black_box(starts[i]), black_box(d))
            });
        });
        let ends: Vec<Timestamp> = starts
            .iter()
            .map(|t| t.checked_add(wall).unwrap())
            .collect();
        group.bench_function(BenchmarkId::new("between", name), |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % STARTS;
                cal.between(black_box(starts[i]), black_box(ends[i]))
            });
        });
        // Writing the answer in the zone, as a report does.
        group.bench_with_input(BenchmarkId::new("add_zoned", name), &business, |b, &d| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % STARTS;
                cal.add(black_box(starts[i]), black_box(d))
                    .map(|t| cal.zoned(t))
            });
        });
    }
    group.finish();
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    group.bench_function("cn-standard", |b| {
        b.iter(|| Calendar::preset(black_box("cn-standard")).unwrap());
    });
    group.finish();
}

criterion_group!(benches, queries, build);
criterion_main!(benches);
