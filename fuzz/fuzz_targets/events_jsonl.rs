//! Events as JSON Lines: every non-blank line becomes exactly one event or one error, and
//! `EventLog::build` accounts for every event (accepted + rejected == non-blank lines).
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use sla_engine::event::{EventLog, parse_jsonl};

fuzz_target!(|data: &[u8]| {
    let (events, errors) = parse_jsonl("f.jsonl", data);
    let nonblank = common::nonblank_lines(data);
    let mut seen: Vec<usize> = events
        .iter()
        .map(|e| e.line)
        .chain(errors.iter().map(|e| e.line))
        .collect();
    seen.sort_unstable();
    assert_eq!(
        seen, nonblank,
        "each non-blank line is one event or one error"
    );
    for e in &errors {
        common::check_message(&e.message);
        assert!(e.to_string().starts_with(&format!("f.jsonl:{}: ", e.line)));
    }
    // CRLF line ends read exactly as LF ones.
    if !data.contains(&b'\r') {
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
        let (e2, r2) = parse_jsonl("f.jsonl", &crlf);
        assert_eq!(e2, events, "CRLF line ends give the same events");
        assert_eq!(r2, errors, "CRLF line ends give the same errors");
    }
    let log = EventLog::build("f.jsonl", chrono_tz::Asia::Shanghai, events, errors);
    assert_eq!(
        log.accepted + log.rejected.len(),
        nonblank.len(),
        "accepted + rejected == non-blank lines"
    );
    assert!(log.rejected.windows(2).all(|w| w[0].line <= w[1].line));
    for e in &log.rejected {
        common::check_message(&e.message);
    }
});
