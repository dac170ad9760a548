//! Helpers of the tests that run the `sla` binary as a user would.
#![allow(dead_code, clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;
use std::process::{Command, Output};

#[path = "../scratch/mod.rs"]
mod scratch_folder;
pub use scratch_folder::Scratch;

/// The example year's events.
pub const EVENTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/data/kanban-2025.jsonl"
);

/// The `sla` binary, to be given arguments and pipes.
pub fn sla() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sla"))
}

/// Runs `sla` with `args` to the end.
pub fn run(args: &[&str]) -> Output {
    sla().args(args).output().unwrap()
}

/// `sla evaluate --contract seed --events EVENTS` and `more`, run to the end.
pub fn evaluate_seed(events: &str, more: &[&str]) -> Output {
    sla()
        .args(["evaluate", "--contract", "seed", "--events", events])
        .args(more)
        .output()
        .unwrap()
}

/// Output bytes as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A new FIFO `name` in `dir` (a file of that name is replaced).
pub fn fifo(dir: &std::path::Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    let made = Command::new("mkfifo").arg(&path).status();
    assert!(made.unwrap().success(), "mkfifo {}", path.display());
    path
}

/// A fresh folder of this test for `name` (see [`Scratch`]).
pub fn scratch(name: &str) -> Scratch {
    Scratch::new(&format!("cli-{name}"))
}
