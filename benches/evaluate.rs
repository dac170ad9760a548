//! Evaluating a year under the seed contract: in memory (1 M incidents and 1 M outages), and the
//! whole pipeline from JSON Lines to the JSON report against a baseline that only parses each
//! line into a `serde_json::Value`, so that the ratio of the two is a figure a noisy machine
//! keeps.
//!
//! ```text
//! cargo bench --bench evaluate --all-features -- --warm-up-time 1 --measurement-time 5
//! ```
//!
//! The year is `load_year`'s, the one `examples/generate_load.rs` writes for the CLI.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use criterion::{Criterion, criterion_group, criterion_main};
use sla_engine::Timestamp;
use sla_engine::evaluate::{Evaluator, Options};
use sla_engine::event::{EventLog, InputFormat, read_events_in_order_into};

#[path = "support/load_year.rs"]
mod load_year;
#[path = "support/rng.rs"]
mod rng;

fn options() -> Options {
    Options {
        as_of: Some(Timestamp::from_second(load_year::YEAR_END).unwrap()),
        years: Some((2025, 2025)),
        ..Options::default()
    }
}

fn year_log(judge: &Evaluator, incidents: usize, outages: usize) -> EventLog {
    let mut log = judge.new_log("bench");
    log.push_all((1..).zip(load_year::events(incidents, outages)));
    assert!(log.rejections().is_empty());
    log
}

fn in_memory(c: &mut Criterion) {
    let judge = Evaluator::seed().unwrap();
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(10);
    let log = year_log(&judge, 1_000_000, 1_000_000);
    // The group's baseline: walking every incident's history once, so that the report's time
    // can be read as a ratio on a noisy machine.
    group.bench_function("baseline_walk_every_incident_history", |b| {
        let start = Timestamp::from_second(load_year::YEAR_START).unwrap();
        b.iter(|| {
            log.incidents()
                .map(|i| i.history().len() + usize::from(i.reported_at > start))
                .sum::<usize>()
        });
    });
    group.bench_function("year_1M_incidents_1M_outages", |b| {
        b.iter(|| judge.report(&log, options()));
    });
    drop(log);
    let small = year_log(&judge, 1_000, 1_000);
    group.bench_function("year_1k_incidents_1k_outages", |b| {
        b.iter(|| judge.report(&small, options()));
    });
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    let judge = Evaluator::seed().unwrap();
    let mut text = Vec::new();
    for e in load_year::events(100_000, 100_000) {
        serde_json::to_writer(&mut text, &e.in_zone(chrono_tz::Asia::Shanghai)).unwrap();
        text.push(b'\n');
    }
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    group.throughput(criterion::Throughput::Elements(
        text.iter().filter(|&&b| b == b'\n').count() as u64,
    ));
    group.bench_function("baseline_parse_each_line_into_a_json_value", |b| {
        b.iter(|| {
            let mut fields = 0usize;
            for line in text.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                let v: serde_json::Value = serde_json::from_slice(line).unwrap();
                fields += v.as_object().map_or(0, serde_json::Map::len);
            }
            fields
        });
    });
    group.bench_function("read_judge_and_write_the_json_report", |b| {
        b.iter(|| {
            let mut log = judge.new_log("bench.jsonl");
            read_events_in_order_into(&mut [&mut log], text.as_slice(), InputFormat::Jsonl)
                .unwrap();
            log.shrink_to_fit(); // as the CLI does once a log is read whole
            let mut out = CountingSink(0);
            sla_engine::audit::StreamedAudit::new(&judge, &log, options())
                .write_json(&mut out)
                .unwrap();
            out.0
        });
    });
    group.finish();
}

/// Counts the report's bytes and throws them away (the bench measures making them, not a disk).
struct CountingSink(usize);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

criterion_group!(benches, pipeline, in_memory);
criterion_main!(benches);
