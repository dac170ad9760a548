//! Query lines for `sla time batch`, to measure it as a whole process (issue #12).
//!
//! ```text
//! cargo run --release --example time_batch_queries -- 1000000 > /tmp/q.jsonl
//! cargo build --release --features cli --bin sla
//! time target/release/sla time batch --calendar cn-standard < /tmp/q.jsonl > /tmp/a.jsonl
//! ```
//!
//! The lines mix `add` (60 %) and `between` queries on instants spread over 2025, written as a
//! client would: mostly `+08:00`, some `Z` and other offsets, durations from a minute to a few
//! business days, some negative. About one line in a hundred is bad in one of the ways a batch
//! must answer without stopping (not JSON, no offset, an uncovered year, an empty line, an
//! unknown field, a date that does not exist). Same seed, same bytes.
#![allow(missing_docs)]

use std::io::Write;

#[path = "../benches/support/rng.rs"]
mod rng;
use rng::SplitMix64;

/// 2025-01-01T00:00:00Z.
const YEAR_START: i64 = 1_735_689_600;
const YEAR_SECONDS: u64 = 365 * 86_400;

/// `t` written in RFC 3339 at a UTC offset of `offset_minutes`, the way clients write it.
fn rfc3339(t: i64, offset_minutes: i32) -> String {
    let utc = chrono::DateTime::from_timestamp(t, 0);
    match (utc, chrono::FixedOffset::east_opt(offset_minutes * 60)) {
        (Some(utc), _) if offset_minutes == 0 => utc.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        (Some(utc), Some(offset)) => utc.with_timezone(&offset).to_rfc3339(),
        _ => String::from("?"),
    }
}

fn instant(rng: &mut SplitMix64) -> String {
    let t = YEAR_START + rng.below(YEAR_SECONDS);
    let offset = match rng.below(10) {
        0 => 0,
        1 => -300,
        2 => 330,
        _ => 480,
    };
    rfc3339(t, offset)
}

fn bad_line(rng: &mut SplitMix64) -> String {
    match rng.below(6) {
        0 => String::from("not json"),
        1 => String::from(
            r#"{"op":"between","from":"2025-03-07T17:00:00","to":"2025-03-10T10:00:00+08:00"}"#,
        ),
        2 => String::from(r#"{"op":"add","from":"2027-01-04T10:00:00+08:00","seconds":1}"#),
        3 => String::new(),
        4 => format!(
            r#"{{"op":"add","from":"{}","seconds":60,"extra":1}}"#,
            instant(rng)
        ),
        _ => String::from(r#"{"op":"add","from":"2025-02-30T10:00:00+08:00","seconds":60}"#),
    }
}

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = SplitMix64(0x5EED_0012);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for _ in 0..n {
        let line = match rng.below(100) {
            0 => bad_line(&mut rng),
            1..=60 => {
                let magnitude = 60 * (1 + rng.below(3 * 8 * 60));
                let seconds = if rng.below(10) == 0 {
                    -magnitude
                } else {
                    magnitude
                };
                format!(
                    r#"{{"op":"add","from":"{}","seconds":{seconds}}}"#,
                    instant(&mut rng)
                )
            }
            _ => format!(
                r#"{{"op":"between","from":"{}","to":"{}"}}"#,
                instant(&mut rng),
                instant(&mut rng)
            ),
        };
        writeln!(out, "{line}")?;
    }
    out.flush()
}
