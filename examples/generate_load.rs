//! A large year for throughput work: `N` incidents and `M` outages under the seed contract, as
//! JSON Lines in time order (the same year the `evaluate` bench judges in memory).
//!
//! ```text
//! cargo run --release --example generate_load --features formats -- 1000000 1000000 target/load-1M.jsonl
//! target/release/sla evaluate --contract seed --events target/load-1M.jsonl \
//!     --as-of 2026-01-01T00:00:00+08:00 --year 2025 --format json --output target/load-1M.json
//! ```
//!
//! Every incident is reported, answered, started and resolved (about one stop in ten late); one
//! in seven waits on the customer, one in thirteen changes priority, one in seventeen is reopened
//! and resolved again, one in eleven is answered in the second it was reported. Two runs give the
//! same bytes. Without a path the events go to standard output.
#![allow(missing_docs, clippy::indexing_slicing)]

use std::io::{BufWriter, Write};

use chrono_tz::Asia::Shanghai;

#[path = "../benches/support/load_year.rs"]
mod load_year;
#[path = "../benches/support/rng.rs"]
mod rng;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (incidents, outages) = match (args.first(), args.get(1)) {
        (Some(i), Some(o)) => (i.parse()?, o.parse()?),
        _ => return Err("usage: generate_load INCIDENTS OUTAGES [PATH]".into()),
    };
    let out: Box<dyn Write> = match args.get(2) {
        Some(path) => Box::new(std::fs::File::create(path)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, out);
    let events = load_year::events(incidents, outages);
    for e in &events {
        serde_json::to_writer(&mut out, &e.in_zone(Shanghai))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    eprintln!(
        "generate_load: {} lines ({incidents} incidents, {outages} outages)",
        events.len()
    );
    Ok(())
}
