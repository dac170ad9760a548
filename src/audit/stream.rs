//! The audit written as it is made: incidents judged again, a chunk at a time, as the JSON is
//! written. Feature `formats`.

use std::ops::ControlFlow;

use super::Audit;
use crate::Timestamp;
use crate::evaluate::{Evaluator, Evidence, Options};
use crate::event::EventLog;
use crate::report::IncidentReport;

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
    pub fn write_json(&mut self, out: impl std::io::Write) -> std::io::Result<()> {
        // The audit without incidents is written as it is serialized, and where its empty list
        // of incidents goes by, the incidents are written into it as they are judged. Neither
        // the audit's own JSON (its availability lists every downtime interval: hundreds of
        // megabytes on a year of a million outages) nor the incidents' is ever held whole.
        let kept = std::mem::take(&mut self.summary.report.incidents);
        let (judge, log, as_of) = (self.judge, self.log, self.as_of);
        let mut splice = Splice {
            out,
            carry: Vec::with_capacity(SPLICE_BUFFER + EMPTY.len()),
            filled: false,
            failed: false,
            fill: |out: &mut dyn std::io::Write| write_incidents(judge, log, as_of, out),
        };
        let written = {
            let mut buffered = std::io::BufWriter::with_capacity(SPLICE_BUFFER, &mut splice);
            super::pretty::write(&mut buffered, &self.summary, 0)
                .map_err(std::io::Error::from)
                .and_then(|()| std::io::Write::flush(&mut buffered))
        };
        self.summary.report.incidents = kept;
        written?;
        splice.finish()
    }
}

/// The empty list of incidents as the audit without incidents writes it: a field of the top
/// object, two spaces in. Nowhere else can it appear: a deeper key is indented further, and a
/// JSON string holds no raw line break.
const EMPTY: &[u8] = b"\n  \"incidents\": [],\n";

/// What precedes an incident in the audit's list: a line break and two levels of indentation.
const ELEMENT: &[u8] = b"\n    ";

/// How much of the audit's JSON is passed on at a time.
const SPLICE_BUFFER: usize = 1 << 16;

/// Writes every incident, judged with its evidence a chunk at a time, as the elements of the
/// top object's list (four spaces in), after its `[` and up to its `]`.
fn write_incidents(
    judge: &Evaluator,
    log: &EventLog,
    as_of: Timestamp,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut first = true;
    let mut failed = None;
    // Each incident is serialized on the core that judged it, into that core's buffer (used
    // again for its next incident), at its depth in the audit, after the line break and the
    // indentation that precede it as an element of the list (`\n    {...}`), and kept as an
    // exact copy until its chunk is written.
    let serialize = |json: &mut Vec<u8>, incident: IncidentReport| {
        json.clear();
        json.extend_from_slice(ELEMENT);
        super::pretty::write(&mut *json, &incident, 2)?;
        Ok(json.clone())
    };
    let buffer = || Vec::with_capacity(1 << 14);
    judge.judge_incidents(log, as_of, Evidence::Full, &buffer, serialize, |written| {
        for element in written {
            let step = element.and_then(|element| {
                if !first {
                    out.write_all(b",")?;
                }
                first = false;
                out.write_all(&element)
            });
            if let Err(e) = step {
                // Nothing more can be written: judging the rest would be wasted.
                failed = Some(e);
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if !first {
        out.write_all(b"\n  ")?;
    }
    Ok(())
}

/// Passes JSON on to `out`, and where [`EMPTY`] goes by, calls `fill` between its `[` and `]`.
/// The last few bytes are held back until the next write shows whether they begin it.
struct Splice<W, F> {
    out: W,
    carry: Vec<u8>,
    filled: bool,
    /// A write failed: what was passed on is unknown, so every later write fails too (a
    /// `BufWriter` dropped after the error writes its buffer again, which must not fill the
    /// list a second time).
    failed: bool,
    fill: F,
}

impl<W: std::io::Write, F: FnMut(&mut dyn std::io::Write) -> std::io::Result<()>> Splice<W, F> {
    /// Passes on what is held back; an audit with no list of incidents is an error.
    fn finish(mut self) -> std::io::Result<()> {
        if self.failed {
            return Err(std::io::Error::other(
                "the report was not written: an earlier write failed",
            ));
        }
        if !self.filled {
            return Err(std::io::Error::other("the report has no list of incidents"));
        }
        self.out.write_all(&self.carry)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

impl<W: std::io::Write, F: FnMut(&mut dyn std::io::Write) -> std::io::Result<()>> std::io::Write
    for Splice<W, F>
{
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed {
            return Err(std::io::Error::other(
                "the report was not written: an earlier write failed",
            ));
        }
        let passed = self.pass_on(buf);
        self.failed = passed.is_err();
        passed.map(|()| buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl<W: std::io::Write, F: FnMut(&mut dyn std::io::Write) -> std::io::Result<()>> Splice<W, F> {
    /// Passes `buf` on, filling the list where its marker is found.
    fn pass_on(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if self.filled {
            return self.out.write_all(buf);
        }
        self.carry.extend_from_slice(buf);
        let found = self
            .carry
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(i, _)| i)
            .find(|&i| {
                self.carry
                    .get(i..)
                    .is_some_and(|rest| rest.starts_with(EMPTY))
            });
        match found {
            Some(at) => {
                // Up to and with `[`, the incidents, then `],` and the rest.
                let mut held = std::mem::take(&mut self.carry);
                let tail = held.split_off(at + EMPTY.len() - 3);
                self.filled = true;
                self.out.write_all(&held)?;
                (self.fill)(&mut self.out)?;
                self.out.write_all(&tail)?;
            }
            None => {
                // Keep what could be the start of the marker.
                let keep = self.carry.len().min(EMPTY.len() - 1);
                let cut = self.carry.len() - keep;
                self.out
                    .write_all(self.carry.get(..cut).unwrap_or_default())?;
                self.carry.drain(..cut);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::Splice;

    fn splice(json: &[u8], step: usize) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut splice = Splice {
            out: &mut out,
            carry: Vec::new(),
            filled: false,
            failed: false,
            fill: |o: &mut dyn Write| o.write_all(b"X"),
        };
        for piece in json.chunks(step) {
            splice.write_all(piece)?;
        }
        splice.finish()?;
        Ok(out)
    }

    /// However the serializer's writes cut the audit, the list is filled once, in its place; an
    /// escaped look-alike in a string and a deeper key are passed on untouched.
    #[test]
    fn the_list_is_filled_wherever_the_writes_cut_it() -> std::io::Result<()> {
        let json = b"{\n  \"note\": \"\\n  \\\"incidents\\\": [],\\n\",\n  \"deeper\": {\n    \"incidents\": [],\n    \"x\": 1\n  },\n  \"incidents\": [],\n  \"after\": 1\n}";
        let mut want = json.to_vec();
        let at = want
            .windows(super::EMPTY.len())
            .position(|w| w == super::EMPTY)
            .ok_or_else(|| std::io::Error::other("no marker"))?;
        want.insert(at + super::EMPTY.len() - 3, b'X');
        want.push(b'\n');
        for step in 1..=json.len() {
            assert_eq!(splice(json, step)?, want, "writes of {step} bytes");
        }
        Ok(())
    }

    /// A list that could not be filled is not filled again when a buffer dropped after the
    /// error writes what it held once more: every later write fails.
    #[test]
    fn a_failed_fill_is_not_repeated() {
        let json = b"{\n  \"a\": 1,\n  \"incidents\": [],\n  \"b\": 2\n}";
        let mut out = Vec::new();
        let mut calls = 0;
        {
            let mut splice = Splice {
                out: &mut out,
                carry: Vec::new(),
                filled: false,
                failed: false,
                fill: |o: &mut dyn Write| {
                    calls += 1;
                    o.write_all(b"PARTIAL")?;
                    Err(std::io::Error::other("judging failed"))
                },
            };
            {
                let mut buffered = std::io::BufWriter::with_capacity(16, &mut splice);
                let written = json
                    .chunks(3)
                    .try_for_each(|piece| buffered.write_all(piece))
                    .and_then(|()| buffered.flush());
                assert!(written.is_err());
            }
            assert!(splice.write_all(b"more").is_err());
            assert!(splice.finish().is_err());
        }
        assert_eq!(calls, 1);
        assert_eq!(out.windows(7).filter(|w| w == b"PARTIAL").count(), 1);
    }

    #[test]
    fn an_audit_without_its_list_is_an_error() {
        let err = splice(b"{\n  \"incident\": [],\n  \"x\": 1\n}", 4);
        assert!(err.is_err_and(|e| e.to_string().contains("no list of incidents")));
    }
}
