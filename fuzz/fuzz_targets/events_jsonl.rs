//! Events as JSON Lines: every non-blank line is accepted or rejected exactly once, rejections
//! name their line, and CRLF line ends read exactly as LF ones.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use sla_engine::event::{EventLog, read_jsonl};

fn read(data: &[u8]) -> Option<(EventLog, sla_engine::event::Source)> {
    let mut log = EventLog::new("f.jsonl", chrono_tz::Asia::Shanghai);
    match read_jsonl(&mut log, data) {
        Ok(source) => Some((log, source)),
        Err(e) => {
            // A whole input of another format: one error, nothing applied.
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
    let nonblank = common::nonblank_lines(data);
    assert_eq!(source.records as usize, nonblank.len());
    assert_eq!(
        log.accepted() + log.rejections().total,
        source.records,
        "accepted + rejected == non-blank lines"
    );
    let lines: Vec<u64> = log.rejections().listed().map(|e| e.line).collect();
    assert!(
        lines.windows(2).all(|w| w[0] <= w[1]),
        "listed in line order"
    );
    for e in log.rejections().listed() {
        common::check_message(&e.message());
        assert!(e.to_string().starts_with(&format!("f.jsonl:{}: ", e.line)));
        assert!(
            nonblank.contains(&(e.line as usize)),
            "a rejection names a non-blank line"
        );
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
        if let Some((again, _)) = read(&crlf) {
            assert_eq!(again.accepted(), log.accepted(), "CRLF: same events");
            let a: Vec<_> = again.rejections().listed().cloned().collect();
            let b: Vec<_> = log.rejections().listed().cloned().collect();
            assert_eq!(a, b, "CRLF line ends give the same errors");
        }
    }
});
