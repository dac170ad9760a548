//! Contract TOML files: a file either loads or names its problem; a contract that loads writes
//! itself back to the same contract, and evaluates a small fixed event log without panicking
//! (penalty statements add up).
#![no_main]

#[path = "common.rs"]
mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use sla_engine::contract::Contract;
use sla_engine::evaluate::Options;
use sla_engine::event::{EventLog, read_jsonl};

/// A small log touching every part of an evaluation: incidents of each class, a pause, a
/// reopening, outages and changes.
const LOG: &str = r#"{"at":"2025-03-07T17:00:00+08:00","event":"reported","incident":"A","class":"fault","priority":"high","component":"back-office"}
{"at":"2025-03-07T17:30:00+08:00","event":"responded","incident":"A"}
{"at":"2025-03-07T17:40:00+08:00","event":"awaiting_customer","incident":"A"}
{"at":"2025-03-10T10:00:00+08:00","event":"customer_replied","incident":"A"}
{"at":"2025-03-12T10:00:00+08:00","event":"resolved","incident":"A"}
{"at":"2025-03-13T10:00:00+08:00","event":"reopened","incident":"A"}
{"at":"2025-03-20T10:00:00+08:00","event":"resolved","incident":"A"}
{"at":"2025-03-08T22:10:00+08:00","event":"reported","incident":"B","class":"outage","priority":"high"}
{"at":"2025-03-09T01:00:00+08:00","event":"responded","incident":"B"}
{"at":"2025-04-01T09:00:00+08:00","event":"reported","incident":"C","class":"question"}
{"at":"2025-04-02T09:00:00+08:00","event":"reported","incident":"D","class":"fault","priority":"low"}
{"at":"2025-04-02T09:00:00+08:00","event":"reported","incident":"E","class":"fault","priority":"medium"}
{"at":"2025-04-09T09:00:00+08:00","event":"priority_changed","incident":"E","priority":"high"}
{"at":"2025-04-03T09:00:00+08:00","event":"excluded","incident":"C","reason":"customer_error"}
{"event":"outage","outage":"O1","component":"data-interface","from":"2025-02-01T00:00:00+08:00","to":"2025-02-03T00:00:00+08:00"}
{"at":"2025-05-01T00:00:00+08:00","event":"outage_started","outage":"O2","component":"back-office","cause":"customer_access"}
{"at":"2025-05-01T06:00:00+08:00","event":"outage_ended","outage":"O2"}
{"at":"2025-05-20T09:00:00+08:00","event":"maintenance_announced","change":"M1","kind":"maintenance","from":"2025-05-24T22:00:00+08:00","to":"2025-05-25T02:00:00+08:00"}
{"event":"maintenance_performed","change":"M1","from":"2025-05-24T22:00:00+08:00","to":"2025-05-25T03:00:00+08:00"}
{"event":"maintenance_performed","change":"U1","kind":"upgrade","from":"2025-06-03T10:00:00+08:00","to":"2025-06-03T11:00:00+08:00","component":"data-interface"}
"#;

/// The log, read once, accepting any component name (a fuzzed contract names its own).
fn log() -> &'static EventLog {
    static L: OnceLock<EventLog> = OnceLock::new();
    L.get_or_init(|| {
        let mut log = EventLog::new("log.jsonl", chrono_tz::Asia::Shanghai);
        read_jsonl(&mut log, LOG.as_bytes()).expect("the fixed log reads");
        assert!(log.rejections().is_empty());
        log
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let contract = match Contract::from_toml_str("c.toml", text) {
        Ok(c) => c,
        Err(e) => {
            common::check_message(&e.message());
            common::check_clean(&e.to_string());
            assert!(e.to_string().starts_with("c.toml"));
            return;
        }
    };
    let written = contract
        .to_toml()
        .expect("a loaded contract writes as TOML");
    let back = Contract::from_toml_str("back.toml", &written)
        .unwrap_or_else(|e| panic!("a written contract loads again: {e}\n{written}"));
    assert_eq!(back, contract, "a contract round-trips through its TOML");

    let calendar = common::calendar_for(&contract);
    common::evaluate_checked(&contract, calendar, log(), Options::default());
});
