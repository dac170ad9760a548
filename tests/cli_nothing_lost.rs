//! Nothing lost, nothing invented (issue 16), run as a careless or hostile user would: every
//! input that used to vanish or distort the result now gives an error, a warning or a counted
//! line, and a failed write is never exit 0.

#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write as _;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

mod cli_support;

use cli_support::{EVENTS, evaluate_seed, fifo, run, scratch, sla, text};
use serde_json::Value;

/// The example year judged at its end, as JSON.
const YEAR_AS_JSON: [&str; 6] = [
    "--as-of",
    "2026-01-01T00:00:00+08:00",
    "--year",
    "2025",
    "--format",
    "json",
];

#[test]
fn diff_reads_standard_input_once() {
    let from_file = run(&[
        "diff",
        "--contract",
        "seed",
        "--set",
        "Q2=wall",
        "--events",
        EVENTS,
    ]);
    let mut child = sla()
        .args([
            "diff",
            "--contract",
            "seed",
            "--set",
            "Q2=wall",
            "--events",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(EVENTS).unwrap())
        .unwrap();
    let from_stdin = child.wait_with_output().unwrap();
    assert_eq!(from_stdin.status.code(), from_file.status.code());
    // The same differences, whichever way the events came (the file's name aside).
    let strip = |o: &Output| {
        text(&o.stdout)
            .lines()
            .filter(|l| {
                !l.contains("kanban-2025.jsonl") && !l.contains("stdin") && !l.contains(" - ")
            })
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&from_stdin), strip(&from_file));
    assert!(
        text(&from_stdin.stdout).contains("INC-2025-"),
        "differences are listed"
    );
}

#[test]
fn an_empty_log_without_as_of_is_an_error_and_with_it_the_report_says_so() {
    let dir = scratch("empty");
    let empty = dir.join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let out = evaluate_seed(empty.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no event"),
        "{}",
        text(&out.stderr)
    );
    let out = evaluate_seed(
        empty.to_str().unwrap(),
        &["--as-of", "2025-06-30T00:00:00+08:00", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["events_accepted"], 0);
    assert_eq!(r["warnings"][0]["kind"], "empty_log", "{}", r["warnings"]);
    assert_ne!(r["as_of"], "1970-01-01T08:00:00+08:00");
}

#[test]
fn a_typo_in_the_year_does_not_move_the_evaluation_instant_or_the_money() {
    // The example year with one event mistyped into 9025: the statement stays the year's, and
    // the report says which line was set aside.
    let dir = scratch("typo");
    let file = dir.join("typo.jsonl");
    let mut events = std::fs::read_to_string(EVENTS).unwrap();
    events.push_str(
        "{\"at\":\"9025-03-04T10:00:00+08:00\",\"event\":\"reported\",\"incident\":\"INC-TYPO\",\"class\":\"question\"}\n",
    );
    std::fs::write(&file, events).unwrap();
    let out = evaluate_seed(file.to_str().unwrap(), &["--format", "json"]);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let clean = evaluate_seed(EVENTS, &["--format", "json"]);
    let c: Value = serde_json::from_slice(&clean.stdout).unwrap();
    assert_eq!(r["as_of"], c["as_of"]);
    assert_eq!(r["penalties"]["total"], c["penalties"]["total"]);
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains("9025-03-04T10:00:00+08:00 lies more than a year after"),
        "{warnings}"
    );
    assert!(text(&out.stderr).contains("9025"), "{}", text(&out.stderr));
    // The typo does not let years after the report's own instant through either.
    let out = evaluate_seed(file.to_str().unwrap(), &["--year", "9025"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("after the evaluation instant 2025-"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn years_out_of_bounds_or_away_from_the_log_are_refused_in_every_form() {
    for year in ["0", "99999", "9999", "2026-2025", "0-2025"] {
        let out = evaluate_seed(EVENTS, &["--year", year]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "--year {year}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains("year"),
            "--year {year}: {}",
            text(&out.stderr)
        );
    }
    // 9998 is a valid year, but the log and the evaluation instant are in 2025.
    let out = evaluate_seed(EVENTS, &["--year", "9998"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("9998"), "{}", text(&out.stderr));
}

#[test]
fn random_bytes_are_refused_at_once_not_read_whole() {
    let started = Instant::now();
    let mut child = sla()
        .args([
            "evaluate",
            "--contract",
            "seed",
            "--events",
            "/dev/urandom",
            "--input-format",
            "jsonl",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("sla kept reading /dev/urandom");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(1));
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(err.contains("binary") || err.contains("UTF-8"), "{err}");
}

/// Peak resident memory of a running process, from /proc (Linux).
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[test]
fn ten_million_rejected_lines_keep_memory_flat() {
    // The pipe holds at most 64 KiB: once a write returns, the process has read all but that.
    let mut child = sla()
        .args([
            "evaluate",
            "--contract",
            "seed",
            "--events",
            "-",
            "--input-format",
            "jsonl",
            "--as-of",
            "2025-01-01T00:00:00+08:00",
            "--format",
            "json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let chunk = "x\n".repeat(100_000);
    let mut after_one_million = 0;
    for n in 1..=100 {
        stdin.write_all(chunk.as_bytes()).unwrap();
        if n == 10 {
            after_one_million = peak_kib(pid);
        }
    }
    let after_ten_million = peak_kib(pid);
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["rejected"]["total"], 10_000_000);
    assert_eq!(r["rejected"]["lines"].as_array().unwrap().len(), 1000);
    assert_eq!(r["rejected"]["not_listed"]["invalid_json"], 9_999_000);
    assert!(
        after_ten_million <= after_one_million + 4 * 1024,
        "peak {after_one_million} KiB after 1 M lines, {after_ten_million} KiB after 10 M"
    );
    assert!(
        text(&out.stderr).contains("lists the first 1000"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn hostile_ids_cannot_forge_markdown() {
    let dir = scratch("inject");
    let file = dir.join("hostile.jsonl");
    let id = "X|y\\n## Penalties\\n| forged | row |";
    std::fs::write(
        &file,
        format!(
            "{{\"at\":\"2025-03-04T10:00:00+08:00\",\"event\":\"reported\",\"incident\":\"{id}\",\"class\":\"fault\",\"priority\":\"high\"}}\n"
        ),
    )
    .unwrap();
    let out = evaluate_seed(
        file.to_str().unwrap(),
        &["--as-of", "2025-03-10T00:00:00+08:00"],
    );
    let md = text(&out.stdout);
    assert_eq!(
        md.lines().filter(|l| l.starts_with("## Penalties")).count(),
        1,
        "{md}"
    );
    assert!(!md.lines().any(|l| l.starts_with("| forged")), "{md}");
    // Every table row of the verdicts has as many cells as its header.
    let rows: Vec<&str> = md.lines().filter(|l| l.contains("X\\|y")).collect();
    assert!(!rows.is_empty(), "the id is shown, escaped: {md}");
}

#[test]
fn every_renderer_states_what_was_not_applied() {
    let out = evaluate_seed(EVENTS, &["--as-of", "2025-06-30T18:00:00+08:00"]);
    let md = text(&out.stdout);
    assert!(md.contains("not applied"), "{md}");
    let out = evaluate_seed(
        EVENTS,
        &["--as-of", "2025-06-30T18:00:00+08:00", "--format", "csv"],
    );
    let csv = text(&out.stdout);
    assert!(
        csv.lines()
            .any(|l| l.starts_with('#') && l.contains("not applied")),
        "{csv}"
    );
}

#[test]
fn a_closed_standard_output_is_a_failure() {
    // Standard output opened read-only: every write fails.
    let stdout = std::fs::File::open("/dev/null").unwrap();
    let out = sla()
        .args(["evaluate", "--contract", "seed", "--events", EVENTS])
        .stdout(Stdio::from(stdout))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("cannot write the output"),
        "{}",
        text(&out.stderr)
    );
    // A full disk.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = sla()
        .args(["evaluate", "--contract", "seed", "--events", EVENTS])
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("No space left"),
        "{}",
        text(&out.stderr)
    );
    // `sla time batch` writes through the same mechanism: its answers lost are a failure too.
    for stdout in [
        std::fs::File::open("/dev/null").unwrap(),
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    ] {
        let mut child = sla()
            .args(["time", "batch", "--calendar", "cn-standard"])
            .stdin(Stdio::piped())
            .stdout(Stdio::from(stdout))
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let query = r#"{"op":"add","from":"2025-01-27T17:00:00+08:00","seconds":28800}"#;
        writeln!(child.stdin.take().unwrap(), "{query}").unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("cannot write the output"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn the_extension_s_case_does_not_matter() {
    let dir = scratch("case");
    let file = dir.join("x.CSV");
    std::fs::write(
        &file,
        "at,event,incident,class\n2025-03-04T10:00:00+08:00,reported,A,question\n",
    )
    .unwrap();
    let out = evaluate_seed(file.to_str().unwrap(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["events_accepted"], 1);
}

#[test]
fn an_instant_before_1901_in_shanghai_reads_back_to_the_same_second() {
    // Local mean time +08:05:43: written with the offset truncated to the minute (+08:05) and the
    // local time shifted to match, so it reads back to the very same second.
    let out = run(&[
        "time",
        "add",
        "--calendar",
        "24x7",
        "--from",
        "1900-06-01T00:00:00Z",
        "--duration",
        "0",
    ]);
    let shown = text(&out.stdout).trim().to_owned();
    assert!(shown.ends_with("+08:05"), "{shown}");
    let back = chrono::DateTime::parse_from_rfc3339(&shown).unwrap();
    assert_eq!(
        back.timestamp(),
        chrono::DateTime::parse_from_rfc3339("1900-06-01T00:00:00Z")
            .unwrap()
            .timestamp()
    );
}

/// A file out of time order is read again from its start and sorted; a pipe, which cannot be read
/// twice, is read sorted at once: both give the sorted file's verdicts, nothing lost.
#[cfg(unix)]
#[test]
fn a_file_or_a_pipe_out_of_time_order_loses_nothing() {
    let year = std::fs::read_to_string(EVENTS).unwrap();
    let lines: Vec<&str> = year.lines().collect();
    // The year's first 200 lines moved to its end; they begin a second of their own.
    let at = |l: &str| serde_json::from_str::<Value>(l).unwrap()["at"].clone();
    assert_ne!(at(lines[199]), at(lines[200]));
    let moved = [&lines[200..], &lines[..200]].concat().join("\n") + "\n";
    let dir = scratch("out-of-time-order");
    let file = dir.join("moved.jsonl");
    std::fs::write(&file, &moved).unwrap();
    let pipe = fifo(&dir, "pipe.jsonl");
    let writer = {
        let (pipe, moved) = (pipe.clone(), moved.clone());
        // Blocks until `sla` opens the pipe to read it.
        std::thread::spawn(move || std::fs::write(pipe, moved))
    };
    let report = |events: &str| -> Value {
        let r = evaluate_seed(
            events,
            &[&["--input-format", "jsonl"][..], &YEAR_AS_JSON].concat(),
        );
        assert!(r.status.success(), "sla evaluate: {}", text(&r.stderr));
        serde_json::from_slice(&r.stdout).unwrap()
    };
    let verdicts = |r: &Value| -> Vec<String> {
        let mut all = Vec::new();
        for i in r["incidents"].as_array().unwrap() {
            for v in i["verdicts"].as_array().unwrap() {
                all.push(format!(
                    "{} {} {} {} {}",
                    i["id"], v["target"], v["outcome"], v["deadline"], v["used_seconds"]
                ));
            }
        }
        all
    };
    let sorted = report(EVENTS);
    assert_eq!(verdicts(&sorted).len(), 580);
    for (what, got) in [
        ("file", report(file.to_str().unwrap())),
        ("pipe", report(pipe.to_str().unwrap())),
    ] {
        assert_eq!(got["events_accepted"], sorted["events_accepted"], "{what}");
        assert_eq!(got["rejected"]["total"], 0, "{what}");
        // The same verdicts (their evidence names input lines, which moved).
        assert_eq!(verdicts(&got), verdicts(&sorted), "{what}");
        assert_eq!(got["target_tally"], sorted["target_tally"], "{what}");
        assert_eq!(
            got["penalties"]["total"], sorted["penalties"]["total"],
            "{what}"
        );
        let source = &got["provenance"]["events"][0];
        assert_eq!(source["bytes"], moved.len(), "{what}: every byte read once");
    }
    writer.join().unwrap().unwrap();
}

/// `--output` names where the report goes, never what to replace: a device or a FIFO is written
/// in place (a report renamed over /dev/null replaced the system's /dev/null when run as root),
/// and a symbolic link keeps pointing at the file that now holds the report.
#[cfg(unix)]
#[test]
fn output_to_a_device_a_fifo_or_a_link_writes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let run_to = |out: &std::path::Path| -> Output {
        let r = evaluate_seed(
            EVENTS,
            &[&YEAR_AS_JSON[..], &["--output", out.to_str().unwrap()]].concat(),
        );
        assert!(r.status.success(), "{}", text(&r.stderr));
        r
    };
    let kind = |p: &std::path::Path| std::fs::symlink_metadata(p).unwrap().file_type();
    let expected = evaluate_seed(EVENTS, &YEAR_AS_JSON).stdout;
    assert!(expected.starts_with(b"{"));

    run_to("/dev/null".as_ref());
    assert!(
        kind("/dev/null".as_ref()).is_char_device(),
        "/dev/null is still the device"
    );

    let dir = scratch("output-through");
    let fifo = fifo(&dir, "report.fifo");
    let reader = {
        let fifo = fifo.clone();
        // Blocks until `sla` opens the FIFO to write it.
        std::thread::spawn(move || std::fs::read(fifo))
    };
    run_to(&fifo);
    // Checked before waiting for the reader, which a FIFO replaced by a file would leave blocked.
    assert!(kind(&fifo).is_fifo());
    assert_eq!(
        reader.join().unwrap().unwrap(),
        expected,
        "the FIFO's reader got the report"
    );

    let target = dir.join("report.json");
    let link = dir.join("latest.json");
    std::fs::write(&target, "old").unwrap();
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(&target, &link).unwrap();
    run_to(&link);
    assert!(kind(&link).is_symlink());
    assert_eq!(
        std::fs::read(&target).unwrap(),
        expected,
        "the linked file holds the report"
    );
}
