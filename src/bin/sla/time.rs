//! `sla time`: business-time arithmetic.

use std::io::{BufRead, Write};

use clap::Subcommand;
use serde::Deserialize;
use serde_json::json;
use sla_engine::event::MAX_LINE_BYTES;
use sla_engine::{Calendar, Includes, Timestamp, parse_duration};

use crate::emit;
use crate::load::load_calendar;

#[derive(Debug, Subcommand)]
pub(crate) enum TimeCommand {
    /// The instant a business duration after (or before, if negative) an instant.
    Add {
        /// Calendar preset (24x7, cn-standard) or calendar TOML file.
        #[arg(long)]
        calendar: String,
        /// Start instant, RFC 3339 with offset.
        #[arg(long)]
        from: String,
        /// Business duration: 8h, 15m, 1h30m, or seconds; a leading - counts backwards.
        #[arg(long, allow_hyphen_values = true)]
        duration: String,
    },
    /// Business seconds between two instants.
    Between {
        /// Calendar preset (24x7, cn-standard) or calendar TOML file.
        #[arg(long)]
        calendar: String,
        /// Start instant, RFC 3339 with offset.
        #[arg(long)]
        from: String,
        /// End instant, RFC 3339 with offset.
        #[arg(long)]
        to: String,
    },
    /// JSON Lines on stdin, one answer line per input line on stdout.
    ///
    /// Input: {"op":"add","from":T,"seconds":N} or {"op":"between","from":T,"to":T}.
    /// Output: {"ok":T}, {"ok":N}, or {"error":MESSAGE,"line":N}; a bad line never stops the batch.
    Batch {
        /// Calendar preset (24x7, cn-standard) or calendar TOML file.
        #[arg(long)]
        calendar: String,
    },
}

pub(crate) fn run(cmd: TimeCommand, includes: &Includes) -> Result<(), String> {
    match cmd {
        TimeCommand::Add {
            calendar,
            from,
            duration,
        } => {
            let cal = load_calendar(&calendar, includes)?;
            let (negative, text) = match duration.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, duration.as_str()),
            };
            let d = parse_duration(text).map_err(|e| e.to_string())?;
            let from = Timestamp::parse(&from).map_err(|e| e.to_string())?;
            let t = cal
                .add(from, if negative { -d } else { d })
                .map_err(|e| e.to_string())?;
            emit(&format!("{}\n", cal.zoned(t).to_rfc3339()))?;
            Ok(())
        }
        TimeCommand::Between { calendar, from, to } => {
            let cal = load_calendar(&calendar, includes)?;
            let from = Timestamp::parse(&from).map_err(|e| e.to_string())?;
            let to = Timestamp::parse(&to).map_err(|e| e.to_string())?;
            emit(&format!(
                "{}\n",
                cal.between(from, to).map_err(|e| e.to_string())?
            ))?;
            Ok(())
        }
        TimeCommand::Batch { calendar } => {
            let cal = load_calendar(&calendar, includes)?;
            let stdin = std::io::stdin().lock();
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match batch(&cal, stdin, &mut out) {
                // The reader went away: nobody is left to answer.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.map_err(|e| format!("cannot write the answers: {e}")),
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
enum Request {
    Add { from: String, seconds: i64 },
    Between { from: String, to: String },
}

fn answer(cal: &Calendar, line: &[u8]) -> Result<serde_json::Value, String> {
    let text = std::str::from_utf8(line).map_err(|e| format!("the line is not UTF-8: {e}"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err("the line is empty".to_owned());
    }
    let req: Request = serde_json::from_str(text).map_err(|e| e.to_string())?;
    match req {
        Request::Add { from, seconds } => {
            let from = Timestamp::parse(&from).map_err(|e| e.to_string())?;
            let t = cal.add(from, seconds).map_err(|e| e.to_string())?;
            Ok(json!({ "ok": cal.zoned(t).to_rfc3339() }))
        }
        Request::Between { from, to } => {
            let from = Timestamp::parse(&from).map_err(|e| e.to_string())?;
            let to = Timestamp::parse(&to).map_err(|e| e.to_string())?;
            Ok(json!({ "ok": cal.between(from, to).map_err(|e| e.to_string())? }))
        }
    }
}

/// Answers every line of `input`, in order; returns only on a read or write error.
fn batch(cal: &Calendar, mut input: impl BufRead, out: &mut impl Write) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        let Some(whole) = read_line_bounded(&mut input, &mut buf, MAX_LINE_BYTES)? else {
            break;
        };
        line_no += 1;
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let value = if whole {
            answer(cal, line)
        } else {
            Err(format!(
                "the line is over the limit of {MAX_LINE_BYTES} bytes"
            ))
        }
        .unwrap_or_else(|e| json!({ "error": e, "line": line_no }));
        writeln!(out, "{value}")?;
    }
    out.flush()
}

/// Reads one line (with its `\n`) into `buf`, keeping at most `limit + 1` bytes of it: a line
/// without an end never fills memory. `None` at the end of the input, else whether the whole line
/// was kept.
fn read_line_bounded(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Option<bool>> {
    let mut read = 0usize;
    let mut whole = true;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok((read > 0).then_some(whole));
        }
        let (len, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let part = chunk.get(..len).unwrap_or(chunk);
        if whole && buf.len() + part.len() <= limit + 1 {
            buf.extend_from_slice(part);
        } else {
            whole = false;
            buf.clear();
        }
        input.consume(len);
        read += len;
        if done {
            return Ok(Some(whole));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_answers_every_line_in_order() {
        let cal = Calendar::preset("cn-standard").unwrap();
        let input = concat!(
            "{\"op\":\"add\",\"from\":\"2025-01-27T17:00:00+08:00\",\"seconds\":28800}\n",
            "not json\n",
            "{\"op\":\"between\",\"from\":\"2025-03-07T17:00:00+08:00\",\"to\":\"2025-03-10T10:00:00+08:00\"}\r\n",
            "{\"op\":\"add\",\"from\":\"2027-01-04T10:00:00+08:00\",\"seconds\":1}\n",
            "\n",
            "{\"op\":\"between\",\"from\":\"2025-03-07T17:00:00\",\"to\":\"2025-03-10T10:00:00+08:00\"}"
        );
        let mut out = Vec::new();
        batch(&cal, input.as_bytes(), &mut out).unwrap();
        let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
        assert_eq!(lines.len(), 6);
        assert_eq!(lines[0], r#"{"ok":"2025-02-05T16:00:00+08:00"}"#);
        assert!(
            lines[1].starts_with(r#"{"error":"expected ident"#),
            "{}",
            lines[1]
        );
        assert!(lines[1].ends_with(r#""line":2}"#));
        assert_eq!(lines[2], r#"{"ok":7200}"#);
        assert_eq!(
            lines[3],
            r#"{"error":"no calendar data for 2027: the calendar covers 2004-2026","line":4}"#
        );
        assert_eq!(lines[4], r#"{"error":"the line is empty","line":5}"#);
        assert!(lines[5].contains("has no UTC offset"), "{}", lines[5]);
    }

    #[test]
    fn a_line_over_the_limit_is_answered_unread_and_the_next_line_still_is() {
        let cal = Calendar::preset("24x7").unwrap();
        let long = format!(
            "{{\"op\":\"add\",\"pad\":\"{}\"}}",
            "x".repeat(MAX_LINE_BYTES)
        );
        let input = format!(
            "{long}\n{{\"op\":\"between\",\"from\":\"2025-03-07T17:00:00+08:00\",\"to\":\"2025-03-07T18:00:00+08:00\"}}\n{long}"
        );
        let mut out = Vec::new();
        // A reader with a small buffer, so that the long line arrives in many chunks.
        batch(
            &cal,
            std::io::BufReader::with_capacity(7, input.as_bytes()),
            &mut out,
        )
        .unwrap();
        let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
        assert_eq!(
            lines,
            [
                r#"{"error":"the line is over the limit of 65536 bytes","line":1}"#,
                r#"{"ok":3600}"#,
                r#"{"error":"the line is over the limit of 65536 bytes","line":3}"#,
            ]
        );
    }
}
