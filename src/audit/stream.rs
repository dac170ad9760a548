//! The audit written as it is made: incidents judged again, a chunk at a time, as the JSON is
//! written. Feature `formats`.

use super::Audit;
use crate::Timestamp;
use crate::evaluate::{Evaluator, Evidence, Options};
use crate::event::EventLog;

/// An audit made to be written rather than held: what `sla evaluate --format json` writes for a
/// log of any size.
///
/// A report holds every verdict with its evidence, about two kilobytes an incident: a year of a
/// million incidents would hold gigabytes. This one keeps the tallies, availability, notices and
/// the statement, and of the incidents only those with a breach, without their evidence (all the
/// statement reads); every incident is judged again, with its evidence, as it is written, a chunk
/// at a time (on every core with the `parallel` feature), and let go. The JSON is the held
/// audit's, byte for byte.
///
/// ```
/// use sla_engine::audit::{Audit, StreamedAudit};
/// use sla_engine::evaluate::{Evaluator, Options};
/// let judge = Evaluator::seed()?;
/// let log = judge.new_log("none");
/// let options = Options { as_of: Some("2025-12-31T23:59:59+08:00".parse()?), ..Options::default() };
/// let mut written = Vec::new();
/// StreamedAudit::new(&judge, &log, options).write_json(&mut written)?;
/// assert_eq!(written, (Audit::of(&judge, &log, options).to_json()? + "\n").into_bytes());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct StreamedAudit<'a> {
    judge: &'a Evaluator,
    log: &'a EventLog,
    as_of: Timestamp,
    summary: Audit,
}

impl<'a> StreamedAudit<'a> {
    /// Evaluates `log`, keeping only what the statement needs.
    pub fn new(judge: &'a Evaluator, log: &'a EventLog, options: Options) -> StreamedAudit<'a> {
        let (report, as_of) = judge.statement_report(log, options);
        StreamedAudit {
            judge,
            log,
            as_of,
            summary: Audit::new(report, judge.contract()),
        }
    }

    /// The audit as the statement, its CSV and the exit status need it: of the incidents only
    /// those with a breach, and their verdicts without the evidence (no reasoning or calendar
    /// facts); the tallies count every incident. The JSON written has it all.
    pub fn summary(&self) -> &Audit {
        &self.summary
    }

    /// Writes the audit as pretty JSON, exactly as [`Audit::to_json`] would, and a line end.
    ///
    /// # Errors
    /// If `out` cannot be written.
    pub fn write_json(&mut self, mut out: impl std::io::Write) -> std::io::Result<()> {
        // The audit without incidents, then its empty list of incidents replaced by the
        // incidents as they are judged. The list is a field of the top object, two spaces in;
        // an element is four: a JSON string holds no raw line break, so indenting after each
        // line break of an incident's own pretty JSON is exact.
        let kept = std::mem::take(&mut self.summary.report.incidents);
        let head_and_tail = serde_json::to_vec_pretty(&self.summary);
        self.summary.report.incidents = kept;
        let head_and_tail = head_and_tail?;
        const EMPTY: &[u8] = b"\n  \"incidents\": [],\n";
        let at = head_and_tail
            .windows(EMPTY.len())
            .position(|w| w == EMPTY)
            .ok_or_else(|| std::io::Error::other("the report has no list of incidents"))?;
        let (head, tail) = head_and_tail.split_at(at + EMPTY.len() - 3);
        out.write_all(head)?; // up to `"incidents": [`
        let mut first = true;
        let mut failed = None;
        self.judge
            .judge_incidents(self.log, self.as_of, Evidence::Full, |chunk| {
                if failed.is_some() {
                    return;
                }
                let written = crate::evaluate::map_in_order(&chunk, |incident| {
                    let mut json = Vec::with_capacity(2048);
                    serde_json::to_writer_pretty(&mut json, incident).map(|()| indent(&json))
                });
                for json in written {
                    let step = json.map_err(std::io::Error::from).and_then(|json| {
                        out.write_all(if first { b"\n    " } else { b",\n    " })?;
                        first = false;
                        out.write_all(&json)
                    });
                    if let Err(e) = step {
                        failed = Some(e);
                        return;
                    }
                }
            });
        if let Some(e) = failed {
            return Err(e);
        }
        if !first {
            out.write_all(b"\n  ")?;
        }
        out.write_all(tail)?; // `],` and the rest
        out.write_all(b"\n")
    }
}

/// An incident's pretty JSON, four spaces further in.
fn indent(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() + json.len() / 8);
    for line in json.split_inclusive(|&b| b == b'\n') {
        out.extend_from_slice(line);
        if line.ends_with(b"\n") {
            out.extend_from_slice(b"    ");
        }
    }
    out
}
