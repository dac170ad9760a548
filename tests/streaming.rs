//! Streaming changes nothing: a file read as it comes (in time order, nothing held but the logs)
//! gives the logs a sorted read gives, and the JSON written as the incidents are judged is the
//! held audit's JSON byte for byte (on every core with the `parallel` feature, on one without).
#![cfg(feature = "formats")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

#[path = "../benches/support/load_year.rs"]
mod load_year;
#[path = "../benches/support/rng.rs"]
mod rng;

use chrono_tz::Asia::Shanghai;
use proptest::prelude::*;
use sla_engine::audit::{Audit, StreamedAudit};
use sla_engine::contract::Contract;
use sla_engine::evaluate::{Evaluator, Options};
use sla_engine::event::{EventLog, InputFormat, ReadError, read_events, read_events_in_order_into};
use sla_engine::report::{IncidentReport, Outcome, Tally};

const DATA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/data/kanban-2025.jsonl"
);

fn judge(settings: &[(&str, &str)]) -> Evaluator {
    let mut contract = Contract::seed();
    for (k, v) in settings {
        contract.settings.set(k, v).unwrap();
    }
    let calendar = contract.preset_calendar().unwrap();
    Evaluator::new(contract, calendar)
}

fn options(as_of: &str, year: i32) -> Options {
    Options {
        as_of: Some(as_of.parse().unwrap()),
        years: Some((year, year)),
        ..Options::default()
    }
}

/// The JSON `sla evaluate --format json` wrote before streaming: the held audit, pretty.
fn held(judge: &Evaluator, log: &EventLog, options: Options) -> Vec<u8> {
    let mut json = Audit::of(judge, log, options).to_json().unwrap();
    json.push('\n');
    json.into_bytes()
}

fn streamed(judge: &Evaluator, log: &EventLog, options: Options) -> Vec<u8> {
    let mut out = Vec::new();
    StreamedAudit::new(judge, log, options)
        .write_json(&mut out)
        .unwrap();
    out
}

fn read_sorted(judge: &Evaluator, bytes: &[u8]) -> EventLog {
    let mut log = judge.new_log("events.jsonl");
    read_events(&mut log, bytes, InputFormat::Jsonl).unwrap();
    log
}

fn read_as_it_comes(judge: &Evaluator, bytes: &[u8]) -> Result<EventLog, ReadError> {
    let mut log = judge.new_log("events.jsonl");
    read_events_in_order_into(&mut [&mut log], bytes, InputFormat::Jsonl)?;
    Ok(log)
}

#[test]
fn the_example_year_streams_to_the_same_bytes() {
    let bytes = std::fs::read(DATA).unwrap();
    // Every reading that changes which verdicts there are, when clocks run or what stops them:
    // the tallies and the breaches kept are worked out without the evidence, and must agree.
    for settings in [
        &[][..],
        &[
            ("superseded_targets", "void"),
            ("reopen", "first_resolution_counts"),
        ][..],
        &[
            ("priority_change", "from_change"),
            ("boundary", "exclusive"),
        ][..],
        &[
            ("work_clock", "wall_for_high"),
            ("customer_wait", "does_not_pause"),
        ][..],
        &[
            ("response_clock", "business"),
            ("next_working_day", "one_working_day_of_business_time"),
        ][..],
    ] {
        let judge = judge(settings);
        let log = read_as_it_comes(&judge, &bytes).unwrap();
        let options = options("2026-01-01T00:00:00+08:00", 2025);
        let (held, streamed) = (held(&judge, &log, options), streamed(&judge, &log, options));
        assert!(held.len() > 200_000, "the year has its evidence");
        assert!(
            held == streamed,
            "the streamed JSON differs under {settings:?}"
        );
        // Read as it comes or sorted, the logs judge alike (the sources are the same bytes).
        let sorted = read_sorted(&judge, &bytes);
        assert_eq!(judge.report(&sorted, options), judge.report(&log, options));
    }
}

#[test]
fn a_year_judged_mid_way_streams_to_the_same_bytes() {
    // Clocks still running, events after the instant not applied, a running availability year.
    let bytes = std::fs::read(DATA).unwrap();
    let judge = judge(&[]);
    let log = read_as_it_comes(&judge, &bytes).unwrap();
    let options = options("2025-07-15T11:00:00+08:00", 2025);
    assert!(held(&judge, &log, options) == streamed(&judge, &log, options));
}

#[test]
fn an_empty_log_streams_to_the_same_bytes() {
    let judge = judge(&[]);
    let log = judge.new_log("none");
    let options = options("2025-12-31T23:59:59+08:00", 2025);
    let json = streamed(&judge, &log, options);
    assert!(String::from_utf8_lossy(&json).contains("\"incidents\": [],\n"));
    assert_eq!(held(&judge, &log, options), json);
}

/// The summary keeps the incidents with a breach without their evidence, and the statement made
/// from it is the full report's, under readings that move breaches and with breaches filed by
/// month (the month a breach falls in is read in the contract's zone).
#[test]
fn the_streamed_summary_keeps_what_the_statement_needs() {
    let bytes = std::fs::read(DATA).unwrap();
    for (settings, monthly) in [
        (&[][..], false),
        (&[][..], true),
        (
            &[
                ("priority_change", "from_change"),
                ("boundary", "exclusive"),
            ][..],
            true,
        ),
        (
            &[("superseded_targets", "void"), ("work_clock", "wall")][..],
            false,
        ),
    ] {
        let mut contract = Contract::seed();
        for (k, v) in settings {
            contract.settings.set(k, v).unwrap();
        }
        if monthly {
            contract.availability.period = sla_engine::contract::PeriodKind::Month;
        }
        let calendar = contract.preset_calendar().unwrap();
        let judge = Evaluator::new(contract, calendar);
        let log = read_as_it_comes(&judge, &bytes).unwrap();
        let options = options("2026-01-01T00:00:00+08:00", 2025);
        let full = Audit::of(&judge, &log, options);
        let audit = StreamedAudit::new(&judge, &log, options);
        let summary = audit.summary();
        let case = format!("{settings:?}, monthly {monthly}");
        assert_eq!(summary.penalties, full.penalties, "{case}");
        assert_eq!(summary.report.target_tally, full.report.target_tally);
        let breached: Vec<_> = full
            .report
            .incidents
            .iter()
            .filter(|i| i.verdicts.iter().any(|v| v.outcome == Outcome::Breached))
            .collect();
        assert!(!breached.is_empty() && breached.len() < full.report.incidents.len());
        assert_eq!(summary.report.incidents.len(), breached.len(), "{case}");
        for (kept, whole) in summary.report.incidents.iter().zip(breached) {
            assert_eq!(
                (&kept.id, &kept.reported_at),
                (&whole.id, &whole.reported_at)
            );
            let facts = |i: &IncidentReport| -> Vec<String> {
                i.verdicts
                    .iter()
                    .map(|v| {
                        format!(
                            "{} {:?} {:?} {:?} {} {:?} {:?}",
                            v.target,
                            v.outcome,
                            v.deadline,
                            v.stopped_at,
                            v.margin_seconds,
                            v.late_wall_seconds,
                            v.superseded
                        )
                    })
                    .collect()
            };
            assert_eq!(facts(kept), facts(whole), "{case}: {}", kept.id);
            assert!(kept.verdicts.iter().all(|v| v.calendar_facts.is_empty()));
        }
    }
}

#[test]
fn an_input_out_of_time_order_is_refused_naming_its_line_and_read_sorted_otherwise() {
    let text = std::fs::read_to_string(DATA).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.swap(10, 11);
    let swapped = lines.join("\n") + "\n";
    let judge = judge(&[]);
    match read_as_it_comes(&judge, swapped.as_bytes()) {
        Err(ReadError::OutOfOrder { line, .. }) => assert_eq!(line, 12),
        other => panic!("expected OutOfOrder, got {other:?}"),
    }
    // Sorted, the swap changes nothing but the bytes' digest.
    let options = options("2026-01-01T00:00:00+08:00", 2025);
    let (a, b) = (
        judge.report(&read_sorted(&judge, swapped.as_bytes()), options),
        judge.report(&read_sorted(&judge, text.as_bytes()), options),
    );
    assert_eq!((a.incidents, a.target_tally), (b.incidents, b.target_tally));
}

/// A load year (reports, answers, waits, priority changes, reopenings, outages), as JSON Lines.
fn load_year_text(incidents: usize, outages: usize) -> String {
    let mut text = String::new();
    for e in load_year::events(incidents, outages) {
        text.push_str(&serde_json::to_string(&e.in_zone(Shanghai)).unwrap());
        text.push('\n');
    }
    text
}

/// A load year under the seed contract, read as it comes, and the same log shrunk as the CLI
/// shrinks a log read whole (every incident packed, the index let go).
fn load_year_logs(incidents: usize, outages: usize) -> (Evaluator, EventLog, EventLog) {
    let text = load_year_text(incidents, outages);
    let judge = judge(&[]);
    let log = read_as_it_comes(&judge, text.as_bytes()).unwrap();
    let mut shrunk = log.clone();
    shrunk.shrink_to_fit();
    (judge, log, shrunk)
}

#[test]
fn a_load_year_spanning_several_chunks_streams_to_the_same_bytes() {
    // More incidents than one chunk (8 192), so that chunks join where they should.
    let text = load_year_text(20_000, 2_000);
    let judge = judge(&[]);
    let log = read_as_it_comes(&judge, text.as_bytes()).unwrap();
    assert!(log.rejections().is_empty());
    assert_eq!(log.incidents().len(), 20_000);
    let options = options("2026-01-01T00:00:00+08:00", 2025);
    let whole = held(&judge, &log, options);
    assert!(whole == streamed(&judge, &log, options));
    // A disk that fills up in the second chunk, and in the last: the error reaches the caller,
    // and what was written is the report's beginning, in order (the cores judge a chunk while
    // the one before is written).
    for room in [whole.len() / 2, whole.len() * 9 / 10] {
        let mut disk = FullAfter {
            written: Vec::new(),
            room,
        };
        let err = StreamedAudit::new(&judge, &log, options)
            .write_json(&mut disk)
            .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::StorageFull);
        assert!(disk.written == whole[..room], "a full disk at byte {room}");
    }
}

/// Each core reads every packed incident's history into one list it keeps: every incident of a
/// report judged that way, over several chunks, long histories next to short ones, is the
/// incident judged alone (unpacked into a list of its own), mid-year and at the year's end, in a
/// log as read (open incidents held whole among the packed ones) and shrunk (all packed).
#[test]
fn every_incident_judged_in_chunks_is_the_incident_judged_alone() {
    let (judge, log, shrunk) = load_year_logs(20_000, 100);
    let mut with_history = 0;
    for (log, as_of) in [
        (&log, "2025-07-01T12:00:00+08:00"),
        (&shrunk, "2025-07-01T12:00:00+08:00"),
        (&shrunk, "2026-01-01T00:00:00+08:00"),
    ] {
        let options = options(as_of, 2025);
        let report = judge.report(log, options);
        assert!(report.incidents.len() > 8_192, "{}", report.incidents.len());
        // The tally, summed a chunk at a time from each core's counts, is every verdict's.
        let mut tally = Tally::default();
        for r in &report.incidents {
            for v in &r.verdicts {
                tally.add(v.outcome);
            }
        }
        assert_eq!(report.target_tally, tally, "as of {as_of}");
        assert!(
            tally.met > 0 && tally.breached > 0 && tally.voided > 0,
            "{tally:?}"
        );
        for r in &report.incidents {
            let alone = log.incident(&r.id).unwrap();
            with_history += usize::from(alone.history().len() > 3);
            assert!(
                *r == judge.incident(&alone, options.as_of.unwrap()),
                "{} as of {as_of}",
                r.id
            );
        }
    }
    assert!(with_history > 1_000, "{with_history} long histories");
}

/// Takes `room` bytes, then refuses every write as a full disk does.
struct FullAfter {
    written: Vec<u8>,
    room: usize,
}

impl std::io::Write for FullAfter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.room - self.written.len());
        if n == 0 && !buf.is_empty() {
            return Err(std::io::ErrorKind::StorageFull.into());
        }
        self.written.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A board's countdowns pass over packed incidents resolved by then without reading them: at
/// every instant, before and after resolutions, shrunk or not, they are every incident's own.
#[test]
fn countdowns_passing_over_resolved_incidents_are_every_incidents_own() {
    let (judge, log, shrunk) = load_year_logs(3_000, 300);
    let key = |c: &sla_engine::evaluate::Countdown| (c.incident.clone(), c.target.clone());
    let mut seen = 0;
    for hours in (0..9_000).step_by(97) {
        let now = sla_engine::Timestamp::from_second(load_year::YEAR_START + hours * 3600).unwrap();
        let mut each: Vec<_> = log
            .incidents_as_reported()
            .flat_map(|i| judge.incident_countdowns(&i, now))
            .collect();
        each.sort_by_key(key);
        for board in [&log, &shrunk] {
            let mut all = judge.countdowns(board, now);
            all.sort_by_key(key);
            assert!(all == each, "{hours} h");
        }
        seen += each.len();
    }
    assert!(seen > 50, "{seen} countdowns");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any slice of a load year, judged at any instant of it, with rejected lines among it.
    #[test]
    fn any_log_streams_to_the_same_bytes(
        incidents in 0usize..60,
        outages in 0usize..20,
        hours in 0i64..(365 * 24),
        junk in proptest::collection::vec(0usize..200, 0..4),
    ) {
        let text = load_year_text(incidents, outages);
        let mut lines: Vec<&str> = text.lines().collect();
        for &at in &junk {
            lines.insert(at.min(lines.len()), "{\"at\": not json");
        }
        let text = lines.join("\n") + "\n";
        let judge = judge(&[]);
        let log = read_as_it_comes(&judge, text.as_bytes()).unwrap();
        prop_assert_eq!(log.rejections().total, junk.len() as u64);
        let as_of = sla_engine::Timestamp::from_second(load_year::YEAR_START + hours * 3600).unwrap();
        let options = Options { as_of: Some(as_of), years: Some((2025, 2025)), ..Options::default() };
        let held = held(&judge, &log, options);
        prop_assert!(held == streamed(&judge, &log, options));
        // Shrunk as the CLI shrinks a log read whole: every incident packed, the index let go.
        let mut shrunk = log.clone();
        shrunk.shrink_to_fit();
        prop_assert!(held == streamed(&judge, &shrunk, options));
    }
}
