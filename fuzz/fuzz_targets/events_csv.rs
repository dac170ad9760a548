//! Events as CSV: every record after the header is accepted or rejected exactly once (a record of
//! only empty cells counts as a blank line); a well-formed file has as many records as the csv
//! crate reads on its own; CRLF line ends read as LF ones.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use sla_engine::event::{EventLog, MAX_LINE_BYTES, MAX_RECORD_LINES, read_csv};

/// The records the csv crate reads on its own, if every quote closes within the record bound and
/// no record is over the line limit (then the bounded reader must agree); `None` otherwise.
fn records(bytes: &[u8]) -> Option<u64> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .has_headers(false)
        .from_reader(body);
    let mut record = csv::ByteRecord::new();
    let mut n = 0u64;
    let mut header = true;
    let mut last_line = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let pos = record.position()?;
                let spans = reader.position().line().saturating_sub(pos.line());
                if spans as usize >= MAX_RECORD_LINES
                    || record.as_slice().len() + record.len() > MAX_LINE_BYTES
                    || pos.line() < last_line
                {
                    return None;
                }
                last_line = pos.line();
                if record.iter().all(<[u8]>::is_empty) {
                    continue;
                }
                if header {
                    header = false;
                } else {
                    n += 1;
                }
            }
            Err(_) => return None,
        }
    }
    // A quote still open at the end (as the csv crate's own state machine sees it) is not a
    // well-formed file: the bounded reader refuses its line and reads on.
    let mut core = csv_core::Reader::new();
    let (mut out, mut ends) = (vec![0u8; 1 << 16], vec![0usize; 1 << 12]);
    let mut input: Vec<u8> = body.to_vec();
    input.push(b'\n');
    let mut rest = input.as_slice();
    let mut inside = false;
    loop {
        let (res, nin, nout, nend) = core.read_record(rest, &mut out, &mut ends);
        rest = &rest[nin..];
        match res {
            csv_core::ReadRecordResult::Record => inside = false,
            csv_core::ReadRecordResult::InputEmpty => {
                inside |= nin > 0 && (nout > 0 || nend > 0);
                break;
            }
            csv_core::ReadRecordResult::End => break,
            _ => inside = true,
        }
    }
    (!inside).then_some(n)
}

fn read(data: &[u8]) -> Option<(EventLog, sla_engine::event::Source)> {
    let mut log = EventLog::new("f.csv", chrono_tz::Asia::Shanghai);
    match read_csv(&mut log, data) {
        Ok(source) => Some((log, source)),
        Err(e) => {
            common::check_message(&e.to_string());
            assert_eq!((log.accepted(), log.rejections().total), (0, 0));
            None
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((log, source)) = read(data) else {
        return;
    };
    assert_eq!(
        log.accepted() + log.rejections().total,
        source.records,
        "accepted + rejected == records"
    );
    if let Some(n) = records(data) {
        // An unreadable header is one rejection and nothing else.
        if !(log.accepted() == 0 && log.rejections().total == 1 && source.records == 1) {
            assert_eq!(
                source.records, n,
                "as many records as an independent reader finds"
            );
        }
    }
    for e in log.rejections().listed() {
        common::check_message(&e.message());
        assert!(e.line >= 1 && e.line <= source.lines.max(1));
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
        if let Some((again, _)) = read(&crlf) {
            assert_eq!(again.accepted(), log.accepted(), "CRLF: same events");
            let lines =
                |l: &EventLog| -> Vec<u64> { l.rejections().listed().map(|e| e.line).collect() };
            assert_eq!(
                lines(&again),
                lines(&log),
                "CRLF line ends give the same error lines"
            );
        }
    }
});
