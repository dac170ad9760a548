//! The audit trail (issue 10), run as an auditor would: every report names its inputs, `sla
//! verify` re-derives a report from them, evidence adds up, one money format, exit codes that
//! never hide a partial read, and writes that never leave half a report.

#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod cli_support;

use cli_support::{EVENTS, evaluate_seed, run, scratch, text};
use serde_json::Value;
use sha2::{Digest, Sha256};

const YEAR: [&str; 4] = ["--as-of", "2026-01-01T00:00:00+08:00", "--year", "2025"];

fn example_json(extra: &[&str]) -> Value {
    example_json_under("seed", extra)
}

fn example_json_under(contract: &str, extra: &[&str]) -> Value {
    let mut args = vec!["evaluate", "--contract", contract, "--events", EVENTS];
    args.extend(YEAR);
    args.extend(["--format", "json"]);
    args.extend(extra);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_json_report_names_every_input() {
    let r = example_json(&[]);
    let p = &r["provenance"];
    assert_eq!(
        p["engine"],
        format!("sla-engine {}", env!("CARGO_PKG_VERSION"))
    );
    assert!(p["tzdb"].as_str().is_some_and(|v| !v.is_empty()), "{p:#}");
    assert_eq!(p["contract"]["name"], "seed");
    assert_eq!(p["contract"]["source"], "preset seed");
    let events = &p["events"][0];
    assert_eq!(
        events["sha256"],
        hex(&std::fs::read(EVENTS).unwrap()),
        "the digest of the bytes read"
    );
    assert_eq!(events["lines"], 1699);
    assert_eq!(events["records"], 1699);
    assert_eq!(events["bytes"], std::fs::metadata(EVENTS).unwrap().len());
    assert_eq!(r["events_accepted"], 1699);
    assert_eq!(r["rejected"]["total"], 0);
    let calendar = p["calendar"].to_string();
    assert!(calendar.contains("Asia/Shanghai"), "{calendar}");
    assert!(
        calendar.contains("2004"),
        "the statutory years covered: {calendar}"
    );
    assert_eq!(p["settings"]["work_clock"], "business");
    assert_eq!(p["as_of"], "2026-01-01T00:00:00+08:00");
}

#[test]
fn a_reformatted_contract_file_has_the_preset_s_digest_and_names_its_file() {
    let dir = scratch("digest");
    let shown = run(&["contract", "show", "seed"]);
    let toml = text(&shown.stdout);
    // The same terms, reformatted: comments dropped, blank lines added.
    let reformatted: String = toml
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n\n"))
        .collect();
    let file = dir.join("mine.toml");
    std::fs::write(&file, reformatted).unwrap();
    let preset = example_json(&[]);
    let mine = example_json_under(file.to_str().unwrap(), &[]);
    let (a, b) = (
        &preset["provenance"]["contract"],
        &mine["provenance"]["contract"],
    );
    assert_eq!(a["sha256"], b["sha256"]);
    assert_eq!(a["sha256"].as_str().unwrap().len(), 64);
    assert!(b["source"].as_str().unwrap().ends_with("mine.toml"), "{b}");
    // One figure changed: another digest.
    std::fs::write(&file, toml.replace("limit = \"15m\"", "limit = \"16m\"")).unwrap();
    let edited = example_json_under(file.to_str().unwrap(), &[]);
    assert_ne!(edited["provenance"]["contract"]["sha256"], a["sha256"]);
}

#[test]
fn markdown_and_csv_carry_the_provenance() {
    let r = example_json(&[]);
    let digest = r["provenance"]["contract"]["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    let events = r["provenance"]["events"][0]["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    for format in ["md", "csv"] {
        let mut args = vec!["evaluate", "--contract", "seed", "--events", EVENTS];
        args.extend(YEAR);
        args.extend(["--format", format]);
        let out = text(&run(&args).stdout);
        assert!(out.contains(&digest), "{format} names the contract digest");
        assert!(out.contains(&events), "{format} names the events digest");
    }
}

#[test]
fn verify_accepts_the_example_year_and_names_an_edited_amount() {
    let dir = scratch("verify");
    let report = dir.join("report.json");
    let mut args = vec!["evaluate", "--contract", "seed", "--events", EVENTS];
    args.extend(YEAR);
    args.extend(["--format", "json", "--output", report.to_str().unwrap()]);
    assert_eq!(run(&args).status.code(), Some(0));
    let out = run(&["verify", report.to_str().unwrap(), "--events", EVENTS]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("verified: "),
        "{}",
        text(&out.stdout)
    );

    // One amount edited by hand: never verifies, and the difference is named.
    let original = std::fs::read_to_string(&report).unwrap();
    let edited = original.replacen("\"amount\": \"600.00\"", "\"amount\": \"60.00\"", 1);
    assert_ne!(edited, original, "the example year has a 600.00 line");
    std::fs::write(&report, edited).unwrap();
    let out = run(&["verify", report.to_str().unwrap(), "--events", EVENTS]);
    assert_eq!(out.status.code(), Some(1));
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(said.contains("amount"), "{said}");
    assert!(said.contains("600.00") && said.contains("60.00"), "{said}");

    // Other events: the digests differ, and that is said first.
    let other = dir.join("other.jsonl");
    let events = std::fs::read_to_string(EVENTS).unwrap();
    std::fs::write(
        &other,
        events.lines().take(1000).collect::<Vec<_>>().join("\n"),
    )
    .unwrap();
    std::fs::write(&report, original).unwrap();
    let out = run(&[
        "verify",
        report.to_str().unwrap(),
        "--events",
        other.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(said.contains("sha256") || said.contains("digest"), "{said}");
}

#[test]
fn every_availability_entry_lists_intervals_that_add_up_to_its_seconds() {
    let r = example_json(&[]);
    let entries = r["availability"].as_array().unwrap();
    assert_eq!(
        entries.len(),
        51,
        "3 scopes x (year + 4 quarters + 12 months)"
    );
    let seconds = |span: &Value| {
        let at = |k: &str| {
            chrono::DateTime::parse_from_rfc3339(span[k].as_str().unwrap())
                .unwrap()
                .timestamp()
        };
        at("to") - at("from")
    };
    for e in entries {
        let listed: i64 = e["downtime"].as_array().unwrap().iter().map(seconds).sum();
        assert_eq!(
            listed,
            e["downtime_seconds"].as_i64().unwrap(),
            "{} {}",
            e["scope"],
            e["label"]
        );
        for x in e["excused"].as_array().unwrap() {
            let listed: i64 = x["intervals"].as_array().unwrap().iter().map(seconds).sum();
            assert_eq!(
                listed,
                x["seconds"].as_i64().unwrap(),
                "{} {} {x}",
                e["scope"],
                e["label"]
            );
        }
    }
    let with_downtime = entries
        .iter()
        .filter(|e| e["downtime_seconds"].as_i64() > Some(0))
        .count();
    assert!(with_downtime > 40, "{with_downtime}");
}

#[test]
fn markdown_shows_every_verdict_s_times_and_why_a_notice_s_downtime_counts() {
    let mut args = vec!["evaluate", "--contract", "seed", "--events", EVENTS];
    args.extend(YEAR);
    let md = text(&run(&args).stdout);
    // A met verdict, not only breaches, shows its start, stop and deadline.
    let row = md
        .lines()
        .find(|l| l.contains("INC-2025-0001") && l.contains("response") && l.contains("met"))
        .unwrap_or_else(|| panic!("a met verdict row for INC-2025-0001"));
    assert!(row.matches("2025-01-01T").count() >= 3, "{row}");
    // Notices say whether the change was performed and when, and why downtime is not excused.
    let notice = |id: &str| {
        md.lines()
            .find(|l| l.starts_with(&format!("| {id} |")))
            .unwrap_or_else(|| panic!("{id} in the notices"))
            .to_owned()
    };
    assert!(notice("CHG-2025-030").contains("| not performed |"));
    assert!(
        notice("CHG-2025-001")
            .contains("| 2025-01-11T23:00:00+08:00 → 2025-01-12T01:50:00+08:00 | excused |")
    );
    let counted: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| CHG-") && l.contains("| counts"))
        .collect();
    assert!(counted.len() >= 5, "{counted:#?}");
    for row in counted {
        assert!(row.contains("| counts: "), "a reason after counts: {row}");
    }
}

#[test]
fn money_is_written_at_the_schedule_s_scale_everywhere() {
    let r = example_json(&[]);
    let st = &r["penalties"];
    assert_eq!(st["total"], "29150.00");
    for line in st["lines"].as_array().unwrap() {
        for k in ["amount", "rate", "fixed"] {
            if let Some(v) = line[k].as_str() {
                let places = v.split('.').nth(1).map_or(0, str::len);
                assert!(places == 2 || k == "rate", "{k} {v} in {line}");
            }
        }
    }
    // No charge at all: still 0.00, as in the CSV.
    let dir = scratch("money");
    let one = dir.join("one.jsonl");
    std::fs::write(
        &one,
        "{\"at\":\"2025-03-04T10:00:00+08:00\",\"event\":\"reported\",\"incident\":\"A\",\"class\":\"question\"}\n",
    )
    .unwrap();
    let out = evaluate_seed(one.to_str().unwrap(), &["--format", "json"]);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["penalties"]["total"], "0.00");
}

#[test]
fn the_dispute_view_names_each_side_by_source_and_digest() {
    let dir = scratch("dispute");
    let file = dir.join("seed-edited.toml");
    let toml = text(&run(&["contract", "show", "seed"]).stdout);
    std::fs::write(&file, toml.replace("limit = \"15m\"", "limit = \"10m\"")).unwrap();
    let out = run(&[
        "diff",
        "--contract",
        "seed",
        "--contract",
        file.to_str().unwrap(),
        "--events",
        EVENTS,
    ]);
    let md = text(&out.stdout);
    assert!(md.contains("preset seed"), "{md}");
    assert!(md.contains("seed-edited.toml"), "{md}");
    // Only what differs: the one limit, not every figure.
    assert!(md.contains("## Terms that differ (1)\n"), "{md}");
    assert!(
        md.contains("| target.0.limit | \"15m\" | \"10m\" |"),
        "{md}"
    );
    // Each side named by its digest: two different ones.
    let digests: Vec<&str> = md
        .lines()
        .take(4)
        .filter_map(|l| l.split("sha256 `").nth(1))
        .collect();
    assert_eq!(digests.len(), 2, "{md}");
    assert_ne!(digests[0], digests[1]);
}

#[test]
fn exit_codes_tell_a_clean_run_from_a_partial_one_from_a_failure() {
    let dir = scratch("exit");
    let bad = dir.join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"at\":\"2025-03-04T10:00:00+08:00\",\"event\":\"reported\",\"incident\":\"A\",\"class\":\"question\"}\nnot json\n",
    )
    .unwrap();
    let out = evaluate_seed(bad.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stdout.is_empty(), "the report is still written");
    let out = run(&[
        "evaluate",
        "--contract",
        "gold",
        "--events",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("seed"),
        "an unknown preset names the presets: {err}"
    );
    let out = run(&["contract", "show", "gold"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("seed"), "{}", text(&out.stderr));
}

#[test]
fn a_file_whose_content_contradicts_its_format_is_one_clear_error() {
    let dir = scratch("format");
    let csv_in_jsonl = dir.join("events.jsonl");
    std::fs::write(
        &csv_in_jsonl,
        "at,event,incident,class\n2025-03-04T10:00:00+08:00,reported,A,question\n",
    )
    .unwrap();
    let out = evaluate_seed(csv_in_jsonl.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("CSV"), "{}", text(&out.stderr));
    // Told explicitly, the same bytes read as CSV.
    let out = evaluate_seed(csv_in_jsonl.to_str().unwrap(), &["--input-format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let utf16 = dir.join("u16.jsonl");
    let mut bytes = vec![0xFF, 0xFE];
    for c in "{\"at\":1}\n".encode_utf16() {
        bytes.extend(c.to_le_bytes());
    }
    std::fs::write(&utf16, bytes).unwrap();
    let out = evaluate_seed(utf16.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("UTF-16"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn output_is_written_atomically() {
    let dir = scratch("atomic");
    let out_file = dir.join("report.md");
    std::fs::write(&out_file, "the last good report\n").unwrap();
    // A run that fails (no such events file) leaves the last good report where it was.
    let out = evaluate_seed(
        "/nonexistent/e.jsonl",
        &["--output", out_file.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&out_file).unwrap(),
        "the last good report\n"
    );
    // A good run replaces it whole, and leaves no temporary file behind.
    let mut args = vec!["evaluate", "--contract", "seed", "--events", EVENTS];
    args.extend(YEAR);
    args.extend(["--output", out_file.to_str().unwrap()]);
    assert_eq!(run(&args).status.code(), Some(0));
    assert!(std::fs::read_to_string(&out_file).unwrap().starts_with('#'));
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 1, "{left:?}");
}
