//! Events as CSV: every record after the header becomes exactly one event or one error (a record
//! of only empty cells counts as a blank line), and `EventLog::build` accounts for every event.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use sla_engine::event::{EventLog, parse_csv};

/// The records the CSV reader yields with the parser's settings: `None` if the header cannot be
/// read, else the number of records that are not blank.
fn records(bytes: &[u8]) -> Option<usize> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(body);
    reader.byte_headers().ok()?;
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if record.is_empty() || record.iter().any(|f| !f.is_empty()) {
                    n += 1;
                }
            }
            Err(e) => {
                n += 1;
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
        assert!(n <= bytes.len() + 1, "more records than bytes");
    }
    Some(n)
}

fuzz_target!(|data: &[u8]| {
    let (events, errors) = parse_csv("f.csv", data);
    let total = events.len() + errors.len();
    match records(data) {
        None => {
            assert_eq!(
                (events.len(), errors.len()),
                (0, 1),
                "an unreadable header is one error"
            );
        }
        Some(n) => assert_eq!(total, n, "each record is one event or one error"),
    }
    let mut lines: Vec<usize> = events
        .iter()
        .map(|e| e.line)
        .chain(errors.iter().map(|e| e.line))
        .collect();
    lines.sort_unstable();
    assert!(lines.iter().all(|&l| l >= 1));
    for e in &errors {
        common::check_message(&e.message);
    }
    // CRLF line ends read as LF ones, with the same line numbers (quotes excluded: a quoted
    // field would keep the \r).
    if !data.contains(&b'\r') && !data.contains(&b'"') {
        let crlf: Vec<u8> = data
            .iter()
            .flat_map(|&b| {
                if b == b'\n' {
                    vec![b'\r', b'\n']
                } else {
                    vec![b]
                }
            })
            .collect();
        let (e2, r2) = parse_csv("f.csv", &crlf);
        assert_eq!(e2, events, "CRLF line ends give the same events");
        let lines_of = |errors: &[sla_engine::event::EventError]| -> Vec<usize> {
            errors.iter().map(|e| e.line).collect()
        };
        assert_eq!(
            lines_of(&r2),
            lines_of(&errors),
            "CRLF line ends give the same error lines"
        );
    }
    let log = EventLog::build("f.csv", chrono_tz::Asia::Shanghai, events, errors);
    assert_eq!(
        log.accepted + log.rejected.len(),
        total,
        "accepted + rejected == records"
    );
});
