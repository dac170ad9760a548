//! Reading events from JSON Lines and CSV, one bounded line at a time. Feature `formats`.
//!
//! Input is read in one pass, a physical line at a time, never more than [`MAX_LINE_BYTES`] of
//! a line (the rest of a longer line is skipped unread), so a file, a pipe or standard input of
//! any size costs the same memory. Every line that is not an event becomes a rejection of the log
//! it is read into, naming its line; the SHA-256 of the bytes read is computed on the way, for the
//! report's provenance.
//!
//! A CSV record may span lines (a quoted field with a line break), but at most
//! [`MAX_RECORD_LINES`]: a quote left open is an error naming the line where it opened, and the
//! lines after it are read again as records of their own, so a stray `"` cannot swallow the rest
//! of the file.

use std::io::{self, BufRead, BufReader, Read};

use sha2::{Digest, Sha256};
use thiserror::Error;

use super::wire::{LineEvent, RawEvent};
use super::{Event, EventErrorKind, EventLog, InputFormat, Source, Subject};
use crate::Timestamp;

/// Lines (and CSV records) longer than this are refused unread: a line of an event log is a few
/// hundred bytes.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// The most physical lines one CSV record may span.
pub const MAX_RECORD_LINES: usize = 16;

/// An input that cannot be read as events at all (as opposed to a line that cannot: see
/// [`EventErrorKind`]).
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The input could not be read.
    #[error("{name}: cannot read: {source}")]
    Io {
        /// The input's name.
        name: String,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The content contradicts the format asked for.
    #[error("{name}: the content looks like {found}, not {expected}{hint}")]
    WrongFormat {
        /// The input's name.
        name: String,
        /// The format asked for.
        expected: String,
        /// What the content looks like.
        found: String,
        /// What to do about it.
        hint: String,
    },
    /// [`read_events_in_order_into`] met an event earlier than the one before it.
    #[error(
        "{name}:{line}: the event at {at} comes after one at {previous}: the input is not in time order (read it with read_events, which sorts)"
    )]
    OutOfOrder {
        /// The input's name.
        name: String,
        /// The line of the earlier event.
        line: u64,
        /// Its instant.
        at: Timestamp,
        /// The latest instant before it.
        previous: Timestamp,
    },
}

/// A reader that hashes and counts what passes through it.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
    bytes: u64,
    /// While a read is pipelined, the bytes read go to the thread that applies the events, to be
    /// hashed there in the order they were read (see [`pipelined`]).
    #[cfg(feature = "parallel")]
    handover: Option<std::sync::mpsc::SyncSender<Handover>>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = buf.get(..n).unwrap_or_default();
        self.bytes += n as u64;
        #[cfg(feature = "parallel")]
        if let Some(to_apply) = &self.handover {
            if !read.is_empty() {
                to_apply
                    .send(Handover::Bytes(read.to_vec()))
                    .map_err(|_| applier_stopped())?;
            }
            return Ok(n);
        }
        self.hash.update(read);
        Ok(n)
    }
}

/// One physical line, at most [`MAX_LINE_BYTES`] of it kept.
struct Line {
    bytes: Vec<u8>,
    /// Its full length without the line end (over the limit if cut).
    len: u64,
}

/// Reads the next physical line into `out`, keeping at most `MAX_LINE_BYTES + 1` bytes of it and
/// skipping the rest; `false` at the end of input.
fn next_line(input: &mut impl BufRead, out: &mut Line) -> io::Result<bool> {
    const KEPT: u64 = MAX_LINE_BYTES as u64 + 1;
    out.bytes.clear();
    // `read_until` finds the line end with the standard library's `memchr`, words at a time:
    // a byte at a time, finding it was a tenth of the parsing thread's work.
    let kept = input
        .by_ref()
        .take(KEPT)
        .read_until(b'\n', &mut out.bytes)? as u64;
    if kept == 0 {
        out.len = 0;
        return Ok(false);
    }
    out.len = if out.bytes.last() == Some(&b'\n') {
        out.bytes.pop();
        kept - 1
    } else if kept == KEPT {
        // Cut: the rest of the line is counted, not kept.
        kept + skip_line(input)?
    } else {
        // The last line, without a line end.
        kept
    };
    if out.bytes.last() == Some(&b'\r') {
        out.bytes.pop();
        out.len = out.len.saturating_sub(1);
    }
    Ok(true)
}

/// Skips the rest of a line and its line end; its length without the line end.
fn skip_line(input: &mut impl BufRead) -> io::Result<u64> {
    let mut skipped = 0u64;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(skipped);
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                input.consume(i + 1);
                return Ok(skipped + i as u64);
            }
            None => {
                let n = buf.len();
                input.consume(n);
                skipped += n as u64;
            }
        }
    }
}

/// Reads `input` as `format` into `log`: events are applied in time order (within one second,
/// in input order), and every line that is not an event is rejected in the log with its line.
///
/// # Errors
/// [`ReadError`] if the input cannot be read, or its content is of another format (CSV read as
/// JSON Lines, UTF-16, binary): then nothing is applied.
///
/// ```
/// use sla_engine::event::{EventLog, InputFormat, read_events};
/// let text = concat!(
///     r#"{"at":"2025-03-04T10:15:00+08:00","incident":"INC-17","event":"reported","class":"outage","priority":"high"}"#, "\n",
///     r#"{"at":"2025-03-04T10:20:00","incident":"INC-17","event":"responded"}"#, "\n",
/// );
/// let mut log = EventLog::new("events.jsonl", chrono_tz::Asia::Shanghai);
/// let source = read_events(&mut log, text.as_bytes(), InputFormat::Jsonl)?;
/// assert_eq!((source.records, log.accepted()), (2, 1));
/// let rejected: Vec<String> = log.rejections().listed().map(ToString::to_string).collect();
/// assert_eq!(rejected, ["events.jsonl:2: incident INC-17: `at`: invalid timestamp \"2025-03-04T10:20:00\": it has no UTC offset: write e.g. 2025-03-04T10:15:00+08:00"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_events(
    log: &mut EventLog,
    input: impl Read,
    format: InputFormat,
) -> Result<Source, ReadError> {
    read_events_into(&mut [log], input, format)
}

/// Reads `input` once into several logs (the same events under two contracts, for the dispute
/// view): each log gets every event and every rejection, as [`read_events`] would give it. A
/// pipe or standard input can be read only once.
///
/// # Errors
/// As [`read_events`], named after the first log.
pub fn read_events_into(
    logs: &mut [&mut EventLog],
    input: impl Read,
    format: InputFormat,
) -> Result<Source, ReadError> {
    read(logs, input, format, Sink::Buffer(Vec::new()))
}

/// Reads `input`, exported in time order as ticket systems export it, applying each event to the
/// logs the moment it is read: no list of the input's events is held beside the logs, so a file
/// of millions of lines costs the logs' memory alone. The logs end exactly as [`read_events_into`]
/// leaves them: in time order, applying as read is applying sorted.
///
/// The order is checked, not trusted: each event must be no earlier than the one before it (the
/// events of one second apply in the file's order, as always), and an event earlier than the one
/// before it stops the read.
///
/// # Errors
/// As [`read_events`], and [`ReadError::OutOfOrder`] at the first event earlier than the one
/// before it: the logs then hold part of the input, so start again with fresh logs and
/// [`read_events_into`], which sorts (the CLI does, for a file).
///
/// ```
/// use sla_engine::event::{EventLog, InputFormat, ReadError, read_events_in_order_into};
/// let sorted = concat!(
///     r#"{"at":"2025-03-04T10:15:00+08:00","incident":"INC-17","event":"reported","class":"outage","priority":"high"}"#, "\n",
///     r#"{"at":"2025-03-04T10:20:00+08:00","incident":"INC-17","event":"responded"}"#, "\n",
/// );
/// let mut log = EventLog::new("events.jsonl", chrono_tz::Asia::Shanghai);
/// read_events_in_order_into(&mut [&mut log], sorted.as_bytes(), InputFormat::Jsonl)?;
/// assert_eq!(log.accepted(), 2);
///
/// let unsorted: String = sorted.lines().rev().map(|l| format!("{l}\n")).collect();
/// let mut log = EventLog::new("events.jsonl", chrono_tz::Asia::Shanghai);
/// let e = read_events_in_order_into(&mut [&mut log], unsorted.as_bytes(), InputFormat::Jsonl);
/// assert!(matches!(e, Err(ReadError::OutOfOrder { line: 2, .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_events_in_order_into(
    logs: &mut [&mut EventLog],
    input: impl Read,
    format: InputFormat,
) -> Result<Source, ReadError> {
    read(
        logs,
        input,
        format,
        Sink::Direct {
            latest: None,
            disorder: None,
        },
    )
}

/// Where the events read go.
enum Sink {
    /// Kept, to be applied in time order once the whole input is read.
    Buffer(Vec<(u64, Event)>),
    /// Applied at once, the input being in time order: the latest instant so far, and the first
    /// event found earlier than it (line, instant, latest), which stops the read.
    Direct {
        latest: Option<Timestamp>,
        disorder: Option<(u64, Timestamp, Timestamp)>,
    },
}

impl Sink {
    /// Whether reading must stop (an event out of order).
    fn stopped(&self) -> bool {
        matches!(
            self,
            Sink::Direct {
                disorder: Some(_),
                ..
            }
        )
    }
}

fn read(
    logs: &mut [&mut EventLog],
    input: impl Read,
    format: InputFormat,
    mut sink: Sink,
) -> Result<Source, ReadError> {
    let name = logs
        .first()
        .map_or_else(|| "<input>".to_owned(), |l| l.name().to_string());
    let io_err = |source| ReadError::Io {
        name: name.clone(),
        source,
    };
    let mut input = BufReader::with_capacity(
        1 << 16,
        Hashing {
            inner: input,
            hash: Sha256::new(),
            bytes: 0,
            #[cfg(feature = "parallel")]
            handover: None,
        },
    );
    sniff(&name, &mut input, format)?;
    let (lines, records) = parse_and_apply(&mut input, format, logs, &mut sink).map_err(io_err)?;
    let events = match sink {
        Sink::Buffer(events) => events,
        Sink::Direct {
            disorder: Some((line, at, previous)),
            ..
        } => {
            return Err(ReadError::OutOfOrder {
                name,
                line,
                at,
                previous,
            });
        }
        Sink::Direct { .. } => Vec::new(),
    };
    // Whatever is left unread (nothing, after a normal end) still counts in the digest.
    let mut rest = Vec::new();
    input.read_to_end(&mut rest).map_err(io_err)?;
    let hashing = input.into_inner();
    let source = Source {
        name,
        format,
        bytes: hashing.bytes,
        sha256: crate::digest::hex(&hashing.hash.finalize()),
        lines,
        records,
    };
    if let Some((last, others)) = logs.split_last_mut() {
        for log in others {
            log.push_all(events.iter().cloned());
            log.add_source(source.clone());
        }
        last.push_all(events);
        last.add_source(source.clone());
    }
    Ok(source)
}

/// Rejects a line in every log.
fn reject(logs: &mut [&mut EventLog], line: u64, subject: Option<Subject>, kind: EventErrorKind) {
    if let Some((last, others)) = logs.split_last_mut() {
        for log in others {
            log.reject(line, subject.clone(), kind.clone());
        }
        last.reject(line, subject, kind);
    }
}

/// Refuses content that is plainly of another kind than `format`, before any line is read:
/// UTF-16, binary, CSV read as JSON Lines, JSON Lines read as CSV. A single bad line is a line
/// error; a whole file of another format is one error, not a report with every line rejected.
fn sniff(name: &str, input: &mut impl BufRead, format: InputFormat) -> Result<(), ReadError> {
    let head = input.fill_buf().map_err(|source| ReadError::Io {
        name: name.to_owned(),
        source,
    })?;
    let wrong = |found: &str, hint: &str| ReadError::WrongFormat {
        name: name.to_owned(),
        expected: match format {
            InputFormat::Jsonl => "JSON Lines".to_owned(),
            InputFormat::Csv => "CSV".to_owned(),
        },
        found: found.to_owned(),
        hint: hint.to_owned(),
    };
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        return Err(wrong("UTF-16", ": save it as UTF-8"));
    }
    let sample = head.get(..head.len().min(4096)).unwrap_or(head);
    if looks_binary(sample) {
        return Err(wrong(
            "binary data or UTF-16 (NUL bytes, control characters or bytes that are not UTF-8)",
            ": events are UTF-8 text",
        ));
    }
    let sample = sample.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(sample);
    let first = sample
        .split(|&b| b == b'\n')
        .map(<[u8]>::trim_ascii)
        .find(|l| !l.is_empty());
    let Some(first) = first else { return Ok(()) };
    let looks_json = first.starts_with(b"{");
    let looks_csv_header = !looks_json
        && first.contains(&b',')
        && first
            .split(|&b| b == b',')
            .any(|f| f.trim_ascii().trim_ascii_start() == b"event");
    match format {
        InputFormat::Jsonl if looks_csv_header => Err(wrong(
            "CSV (a header row)",
            ": read it with --input-format csv",
        )),
        InputFormat::Csv if looks_json => {
            Err(wrong("JSON Lines", ": read it with --input-format jsonl"))
        }
        _ => Ok(()),
    }
}

/// Whether a sample of the input is not text: over a tenth of its characters are NUL or other
/// control characters (tab and line ends aside) or not UTF-8. A stray NUL in a line of text is a
/// line error; UTF-16 (every other byte NUL) or random bytes are not text at all.
fn looks_binary(sample: &[u8]) -> bool {
    let text = String::from_utf8_lossy(sample);
    let (mut bad, mut all) = (0usize, 0usize);
    for c in text.chars() {
        all += 1;
        let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r');
        if control || c == char::REPLACEMENT_CHARACTER {
            bad += 1;
        }
    }
    // A sample cut in the middle of a character ends with one replacement: not a sign.
    all > 0 && bad * 10 > all.max(10)
}

fn too_long(what: &str, len: u64) -> EventErrorKind {
    EventErrorKind::TooLong {
        what: what.to_owned(),
        bytes: len,
        limit: MAX_LINE_BYTES as u64,
    }
}

/// Reads JSON Lines: one event object per line; blank lines are skipped; a byte-order mark at
/// the start and `\r\n` line ends are accepted. Returns (physical lines, records).
fn jsonl(
    input: &mut impl BufRead,
    emit: &mut impl FnMut(Record<'_>) -> bool,
) -> io::Result<(u64, u64)> {
    let mut line = Line {
        bytes: Vec::new(),
        len: 0,
    };
    let (mut n, mut records) = (0u64, 0u64);
    while next_line(input, &mut line)? {
        n += 1;
        let mut raw = line.bytes.as_slice();
        if n == 1 {
            raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
        }
        if raw.iter().all(u8::is_ascii_whitespace) && line.len as usize <= MAX_LINE_BYTES {
            continue;
        }
        records += 1;
        if line.len > MAX_LINE_BYTES as u64 {
            emit_reject(emit, n, None, too_long("line", line.len));
            continue;
        }
        let text = match std::str::from_utf8(raw) {
            Ok(t) => t,
            Err(e) => {
                emit_reject(
                    emit,
                    n,
                    None,
                    EventErrorKind::NotUtf8 {
                        message: e.to_string(),
                    },
                );
                continue;
            }
        };
        match serde_json::from_str::<RawEvent<'_>>(text) {
            Ok(raw) => {
                if !emit(to_record(n, &raw)) {
                    break;
                }
            }
            Err(e) => {
                // Well-formed JSON of the wrong shape (an unknown field, a number for a text)
                // is not "invalid JSON".
                let message = e.to_string();
                let kind = match e.classify() {
                    serde_json::error::Category::Data => EventErrorKind::Shape { message },
                    _ => EventErrorKind::InvalidJson { message },
                };
                emit_reject(emit, n, None, kind);
            }
        }
    }
    Ok((n, records))
}

/// A record read: an event, or why its line is not one.
enum Record<'r> {
    Event(u64, LineEvent<'r>),
    Reject(u64, Option<Subject>, EventErrorKind),
}

fn to_record<'r>(line: u64, raw: &'r RawEvent<'_>) -> Record<'r> {
    match raw.to_line_event() {
        Ok(e) => Record::Event(line, e),
        // The subject is worked out only for a line refused: it is a copy of the id, and an
        // event carries its own.
        Err(kind) => Record::Reject(line, raw.subject(), kind),
    }
}

/// Emits a line's rejection (the read goes on whatever the answer: a bad line stops nothing).
fn emit_reject(
    emit: &mut impl FnMut(Record<'_>) -> bool,
    line: u64,
    subject: Option<Subject>,
    kind: EventErrorKind,
) {
    emit(Record::Reject(line, subject, kind));
}

/// Applies what was read to the logs, or keeps it to apply sorted; nothing after an event out
/// of order (the read stops there).
fn apply(record: Record<'_>, logs: &mut [&mut EventLog], sink: &mut Sink) {
    if sink.stopped() {
        return;
    }
    match (record, sink) {
        (Record::Reject(line, subject, kind), _) => reject(logs, line, subject, kind),
        (Record::Event(line, e), Sink::Buffer(events)) => events.push((line, e.into_event())),
        (Record::Event(line, e), Sink::Direct { latest, disorder }) => match *latest {
            Some(previous) if e.at() < previous => *disorder = Some((line, e.at(), previous)),
            _ => {
                *latest = Some(e.at());
                if let Some((last, others)) = logs.split_last_mut() {
                    for log in others {
                        push(log, line, e.clone());
                    }
                    push(last, line, e);
                }
            }
        },
    }
}

/// Applies an event to a log (a refusal is kept in the log).
fn push(log: &mut EventLog, line: u64, e: LineEvent<'_>) {
    let _ = match e {
        LineEvent::Incident { at, id, what } => log.push_incident_at_line(line, at, id, what),
        LineEvent::Other(e) => log.push_at_line(line, e).map(drop),
    };
}

/// Parses `input` as `format` and applies each record: on this thread, or, with the `parallel`
/// feature, parsing on this one while another applies (the logs see the same records in the
/// same order either way; parsing is most of the cost of a read).
fn parse_and_apply(
    input: &mut BufReader<Hashing<impl Read>>,
    format: InputFormat,
    logs: &mut [&mut EventLog],
    sink: &mut Sink,
) -> io::Result<(u64, u64)> {
    #[cfg(feature = "parallel")]
    {
        pipelined(input, format, logs, sink)
    }
    #[cfg(not(feature = "parallel"))]
    {
        parse(input, format, &mut |item| {
            apply(item, logs, sink);
            !sink.stopped()
        })
    }
}

fn parse(
    input: &mut impl BufRead,
    format: InputFormat,
    emit: &mut impl FnMut(Record<'_>) -> bool,
) -> io::Result<(u64, u64)> {
    match format {
        InputFormat::Jsonl => jsonl(input, emit),
        InputFormat::Csv => csv_records(input, emit),
    }
}

/// Parses on this thread while another applies the records, in batches, in file order. The
/// applying thread also works out the digest of the bytes read: parsing bounds a read, and the
/// applying thread had time to spare.
#[cfg(feature = "parallel")]
fn pipelined(
    input: &mut BufReader<Hashing<impl Read>>,
    format: InputFormat,
    logs: &mut [&mut EventLog],
    sink: &mut Sink,
) -> io::Result<(u64, u64)> {
    use std::sync::atomic::{AtomicBool, Ordering};
    /// Records handed over at a time: few enough to keep both threads busy, many enough that
    /// handing over costs nothing next to parsing.
    const BATCH: usize = 1024;
    let stop = AtomicBool::new(false);
    // What was read before (the first block, read to see the format) is already in the digest:
    // the applying thread carries it on, and gives it back once the read is over.
    let mut hash = std::mem::replace(&mut input.get_mut().hash, Sha256::new());
    std::thread::scope(|scope| {
        // One channel for batches and bytes, so that the applying thread never waits for one
        // while the parsing thread waits to send the other.
        let (to_apply, handed) = std::sync::mpsc::sync_channel::<Handover>(16);
        let applier = scope.spawn(|| {
            for handover in handed {
                match handover {
                    Handover::Batch(batch) => {
                        batch.apply(logs, sink);
                        if sink.stopped() {
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                    Handover::Bytes(bytes) => hash.update(&bytes),
                }
            }
            hash
        });
        input.get_mut().handover = Some(to_apply.clone());
        let mut batch = Batch::with_capacity(BATCH);
        let read = parse(input, format, &mut |record| {
            batch.push(record);
            if batch.items.len() == BATCH
                && to_apply
                    .send(Handover::Batch(std::mem::replace(
                        &mut batch,
                        Batch::with_capacity(BATCH),
                    )))
                    .is_err()
            {
                return false;
            }
            !stop.load(Ordering::Relaxed)
        });
        if !batch.items.is_empty() {
            // The applier only stops early once the read has been told to stop.
            let _ = to_apply.send(Handover::Batch(batch));
        }
        // What is read from here on (the rest of an input whose read stopped early) is hashed
        // on this thread again, after everything handed over.
        input.get_mut().handover = None;
        drop(to_apply);
        match applier.join() {
            Ok(hash) => {
                input.get_mut().hash = hash;
                read
            }
            Err(_) => Err(applier_stopped()),
        }
    })
}

#[cfg(feature = "parallel")]
fn applier_stopped() -> io::Error {
    io::Error::other("the thread applying the events stopped")
}

/// What the parsing thread hands to the applying one, in the order it read them.
#[cfg(feature = "parallel")]
enum Handover {
    /// Records to apply.
    Batch(Batch),
    /// Bytes read, to go into the digest.
    Bytes(Vec<u8>),
}

/// Records handed from the thread that parses to the one that applies. The incidents' ids are
/// kept together in one text, so that a line about an incident costs no allocation of its own:
/// those were most of the allocations of a read, each made on one thread and freed on the other.
#[cfg(feature = "parallel")]
struct Batch {
    items: Vec<Owned>,
    ids: String,
}

/// A record as handed over: an incident's id as where it is in its batch's ids.
#[cfg(feature = "parallel")]
enum Owned {
    Incident {
        line: u64,
        at: Timestamp,
        id: std::ops::Range<usize>,
        what: super::IncidentEvent,
    },
    Other(u64, Event),
    Reject(u64, Option<Subject>, EventErrorKind),
}

#[cfg(feature = "parallel")]
impl Batch {
    fn with_capacity(records: usize) -> Batch {
        Batch {
            items: Vec::with_capacity(records),
            // Ids are a few bytes to a few dozen.
            ids: String::with_capacity(records * 16),
        }
    }

    fn push(&mut self, record: Record<'_>) {
        self.items.push(match record {
            Record::Event(line, LineEvent::Incident { at, id, what }) => {
                let from = self.ids.len();
                self.ids.push_str(id);
                Owned::Incident {
                    line,
                    at,
                    id: from..self.ids.len(),
                    what,
                }
            }
            Record::Event(line, LineEvent::Other(e)) => Owned::Other(line, e),
            Record::Reject(line, subject, kind) => Owned::Reject(line, subject, kind),
        });
    }

    fn apply(self, logs: &mut [&mut EventLog], sink: &mut Sink) {
        let ids = self.ids;
        for item in self.items {
            let record = match item {
                Owned::Incident { line, at, id, what } => Record::Event(
                    line,
                    LineEvent::Incident {
                        at,
                        // Always there: the range is where `push` put the id.
                        id: ids.get(id).unwrap_or_default(),
                        what,
                    },
                ),
                Owned::Other(line, e) => Record::Event(line, LineEvent::Other(e)),
                Owned::Reject(line, subject, kind) => Record::Reject(line, subject, kind),
            };
            apply(record, logs, sink);
        }
    }
}

/// Where CSV records end, by the csv crate's own state machine (a quote counts only where a field
/// begins with one, as the reader reads it): fed physical lines, it says whether the lines so far
/// end between records or inside one.
struct RecordEnds {
    reader: csv_core::Reader,
    inside: bool,
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl RecordEnds {
    fn new() -> RecordEnds {
        RecordEnds {
            reader: csv_core::Reader::new(),
            inside: false,
            out: vec![0; 4096],
            ends: vec![0; 256],
        }
    }

    /// Feeds one physical line and its line end; `true` if the lines fed end between records.
    fn feed(&mut self, line: &[u8]) -> bool {
        for mut input in [line, b"\n".as_slice()] {
            // An empty input means end of file to csv-core: an empty line (inside a quoted field
            // or not) is only its line end.
            if input.is_empty() {
                continue;
            }
            loop {
                let (res, nin, nout, nend) =
                    self.reader
                        .read_record(input, &mut self.out, &mut self.ends);
                input = input.get(nin..).unwrap_or_default();
                match res {
                    csv_core::ReadRecordResult::Record => self.inside = false,
                    csv_core::ReadRecordResult::End => break,
                    // The fields themselves are not needed here: the buffers are reused.
                    csv_core::ReadRecordResult::OutputFull
                    | csv_core::ReadRecordResult::OutputEndsFull => self.inside = true,
                    csv_core::ReadRecordResult::InputEmpty => {
                        self.inside |= nin > 0 && (nout > 0 || nend > 0);
                        break;
                    }
                }
            }
        }
        !self.inside
    }
}

/// Reads CSV with a header row naming the fields (any subset, any order); empty cells are absent
/// fields, and a record whose cells are all empty is skipped like a blank line. Returns (physical
/// lines, records).
fn csv_records(
    input: &mut impl BufRead,
    emit: &mut impl FnMut(Record<'_>) -> bool,
) -> io::Result<(u64, u64)> {
    let mut line = Line {
        bytes: Vec::new(),
        len: 0,
    };
    // Physical lines not yet made into a record: (line number, bytes, full length).
    let mut pending: std::collections::VecDeque<(u64, Vec<u8>, u64)> =
        std::collections::VecDeque::new();
    let mut headers: Option<csv::ByteRecord> = None;
    let mut n = 0u64;
    let mut records = 0u64;
    let mut at_end = false;
    loop {
        if !at_end && pending.len() <= MAX_RECORD_LINES {
            if next_line(input, &mut line)? {
                n += 1;
                let mut b = std::mem::take(&mut line.bytes);
                if n == 1 && b.starts_with(b"\xEF\xBB\xBF") {
                    b.drain(..3);
                }
                pending.push_back((n, b, line.len));
                continue;
            }
            at_end = true;
        }
        // Take the first record from the pending lines.
        let Some((first, _, _)) = pending.front() else {
            break;
        };
        let first = *first;
        let mut ends = RecordEnds::new();
        let mut take = 0;
        let mut long = false;
        let mut size = 0u64;
        for (i, (_, b, len)) in pending.iter().enumerate() {
            long |= *len > MAX_LINE_BYTES as u64;
            size += len + 1;
            if ends.feed(b) {
                take = i + 1;
                break;
            }
        }
        if take == 0 {
            if !at_end && pending.len() <= MAX_RECORD_LINES {
                continue; // the quote may close on a line not read yet
            }
            // A quote that stays open: refuse the line it opened on and read the lines after
            // it afresh.
            records += 1;
            pending.pop_front();
            emit_reject(
                emit,
                first,
                None,
                EventErrorKind::UnclosedQuote {
                    lines: MAX_RECORD_LINES as u64,
                },
            );
            continue;
        }
        let mut text: Vec<u8> = Vec::new();
        for (i, (_, b, _)) in pending.drain(..take).enumerate() {
            if i > 0 {
                text.push(b'\n');
            }
            text.extend_from_slice(&b);
        }
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // Usually one record; a bare carriage return outside quotes ends a record too, as the
        // csv crate reads it, so a text can hold several.
        let parsed = match parse_csv_records(&text) {
            Ok(r) => r,
            Err(message) => {
                records += 1;
                emit_reject(emit, first, None, EventErrorKind::InvalidCsv { message });
                continue;
            }
        };
        for record in parsed {
            if record.iter().all(<[u8]>::is_empty) {
                continue;
            }
            let Some(h) = &headers else {
                headers = Some(record);
                continue;
            };
            records += 1;
            if long || size > MAX_LINE_BYTES as u64 + 1 {
                emit_reject(
                    emit,
                    first,
                    None,
                    too_long("record", size.saturating_sub(1)),
                );
                continue;
            }
            if record.len() != h.len() {
                emit_reject(
                    emit,
                    first,
                    None,
                    EventErrorKind::FieldCount {
                        found: record.len() as u64,
                        expected: h.len() as u64,
                    },
                );
                continue;
            }
            match record.deserialize::<RawEvent<'_>>(Some(h)) {
                Ok(raw) => {
                    if !emit(to_record(first, &raw)) {
                        break;
                    }
                }
                Err(e) => {
                    let message = match e.kind() {
                        // Name the column, not its 0-based index.
                        csv::ErrorKind::Deserialize { err, .. } => {
                            match err.field().and_then(|i| h.get(i as usize)) {
                                Some(name) => {
                                    format!("`{}`: {}", String::from_utf8_lossy(name), err.kind())
                                }
                                None => err.kind().to_string(),
                            }
                        }
                        _ => e.to_string(),
                    };
                    emit_reject(emit, first, None, EventErrorKind::Shape { message });
                }
            }
        }
    }
    Ok((n, records))
}

/// The CSV records of a complete text (its quotes closed).
fn parse_csv_records(text: &[u8]) -> Result<Vec<csv::ByteRecord>, String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text);
    let mut out = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match r.read_byte_record(&mut record) {
            Ok(false) => return Ok(out),
            Ok(true) => out.push(record.clone()),
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// Reads JSON Lines from memory into `log`; see [`read_events`].
///
/// # Errors
/// As [`read_events`].
pub fn read_jsonl(log: &mut EventLog, bytes: &[u8]) -> Result<Source, ReadError> {
    read_events(log, bytes, InputFormat::Jsonl)
}

/// Reads CSV from memory into `log`; see [`read_events`].
///
/// # Errors
/// As [`read_events`].
///
/// ```
/// use sla_engine::event::{EventLog, read_csv};
/// let text = "at,event,incident,class,priority\n2025-03-04T10:15:00+08:00,reported,INC-17,fault,medium\n";
/// let mut log = EventLog::new("events.csv", chrono_tz::Asia::Shanghai);
/// read_csv(&mut log, text.as_bytes())?;
/// assert_eq!((log.accepted(), log.rejections().total), (1, 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_csv(log: &mut EventLog, bytes: &[u8]) -> Result<Source, ReadError> {
    read_events(log, bytes, InputFormat::Csv)
}

#[cfg(test)]
mod tests {

    /// Lines as `next_line` should give them, by splitting the whole text: each line without
    /// its `\n`, at most `MAX_LINE_BYTES + 1` bytes of it kept, one `\r` before its end dropped.
    fn lines_split(text: &[u8]) -> Vec<(Vec<u8>, u64)> {
        let mut lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
        if text.is_empty() || text.ends_with(b"\n") {
            lines.pop();
        }
        lines
            .into_iter()
            .map(|l| {
                let mut kept = l[..l.len().min(MAX_LINE_BYTES + 1)].to_vec();
                let mut len = l.len() as u64;
                if kept.last() == Some(&b'\r') {
                    kept.pop();
                    len -= 1;
                }
                (kept, len)
            })
            .collect()
    }

    proptest::proptest! {
        /// Whatever the lines' lengths (around the limit too) and however the reader's buffer
        /// cuts them, `next_line` gives what splitting the whole text gives.
        #[test]
        fn next_line_is_the_text_split_at_line_ends(
            lines in proptest::collection::vec(
                (
                    proptest::prop_oneof![
                        0usize..4,
                        MAX_LINE_BYTES - 1..MAX_LINE_BYTES + 3,
                        proptest::strategy::Just(3 * MAX_LINE_BYTES),
                    ],
                    proptest::sample::select(vec![b'x', b'\r', b' ']),
                    proptest::bool::ANY,
                ),
                0..6,
            ),
            ends_with_line_end in proptest::bool::ANY,
            capacity in proptest::sample::select(vec![7usize, 4096, (1 << 16) + 3, 1 << 20]),
        ) {
            use proptest::prelude::*;
            let mut text = Vec::new();
            for (i, &(len, fill, cr)) in lines.iter().enumerate() {
                if i > 0 {
                    text.push(b'\n');
                }
                text.extend(std::iter::repeat_n(fill, len));
                if cr {
                    text.push(b'\r');
                }
            }
            if ends_with_line_end && !lines.is_empty() {
                text.push(b'\n');
            }
            let mut input = std::io::BufReader::with_capacity(capacity, text.as_slice());
            let mut line = Line { bytes: Vec::new(), len: 0 };
            let mut got = Vec::new();
            while next_line(&mut input, &mut line)? {
                got.push((line.bytes.clone(), line.len));
            }
            prop_assert_eq!(got, lines_split(&text));
        }
    }
    use std::path::Path;

    use super::*;

    fn log() -> EventLog {
        EventLog::new("e", chrono_tz::Asia::Shanghai)
    }

    fn lines(log: &EventLog) -> Vec<u64> {
        log.rejections().listed().map(|e| e.line).collect()
    }

    #[test]
    fn jsonl_errors_keep_other_lines() {
        let text = b"{\"at\":\"2025-03-04T10:15:00+08:00\",\"incident\":\"A\",\"event\":\"reported\",\"class\":\"question\"}\r\n\
not json\n\
{\"at\":\"2025-03-04T10:15:00+08:00\",\"incident\":\"A\",\"event\":\"exploded\"}\n\
\n\
{\"at\":\"2025-03-04T10:15:00+08:00\",\"incident\":\"A\",\"event\":\"responded\",\"colour\":\"red\"}\n\
\xff\xfe\n";
        let mut l = log();
        let s = read_jsonl(&mut l, text).unwrap();
        assert_eq!(l.accepted(), 1);
        assert_eq!(lines(&l), vec![2, 3, 5, 6]);
        assert_eq!((s.lines, s.records), (6, 5));
        let msgs: Vec<String> = l.rejections().listed().map(|e| e.message()).collect();
        assert!(
            msgs[1].starts_with("unknown event \"exploded\""),
            "{msgs:?}"
        );
        assert!(msgs[2].contains("unknown field `colour`"), "{msgs:?}");
    }

    /// Fields are borrowed from the line when they can be; one with an escape is read into its
    /// own text, the same incident either way, and a field that is not a string is refused.
    #[test]
    fn escaped_and_plain_fields_name_the_same_incident() {
        let text = "{\"at\":\"2025-03-04T10:15:00+08:00\",\"incident\":\"INC-\\u00e91\",\"event\":\"reported\",\"class\":\"question\"}\n\
{\"at\":\"2025-03-04T10:16:00+08:00\",\"incident\":\"INC-\u{e9}1\",\"event\":\"responded\"}\n\
{\"at\":\"2025-03-04T10:17:00+08:00\",\"incident\":7,\"event\":\"responded\"}\n";
        let mut l = log();
        read_jsonl(&mut l, text.as_bytes()).unwrap();
        assert_eq!(l.accepted(), 2);
        let ids: Vec<String> = l.incidents().map(|i| i.id.to_string()).collect();
        assert_eq!(ids, ["INC-\u{e9}1"]);
        assert_eq!(lines(&l), vec![3]);
        let msg = l
            .rejections()
            .listed()
            .map(|e| e.message())
            .collect::<Vec<_>>();
        assert!(msg[0].contains("expected a string"), "{msg:?}");
    }

    #[test]
    fn csv_lines_are_counted_alike_with_crlf_line_ends() {
        let lf = "at,event,incident\n2025-03-04T10:15:00+08:00,responded,X\nbad,responded,X\n";
        let crlf = lf.replace('\n', "\r\n");
        for text in [lf, crlf.as_str()] {
            let mut l = log();
            read_csv(&mut l, text.as_bytes()).unwrap();
            assert_eq!(lines(&l), vec![2, 3], "{text:?}");
        }
    }

    #[test]
    fn an_unclosed_quote_swallows_one_line_only() {
        let mut text = String::from("at,event,incident,class,note\n");
        text.push_str("2025-03-04T10:15:00+08:00,reported,A,question,\"call back\n");
        for i in 0..30 {
            text.push_str(&format!(
                "2025-03-04T10:{:02}:00+08:00,reported,B{i},question,fine\n",
                20 + i
            ));
        }
        let mut l = log();
        let s = read_csv(&mut l, text.as_bytes()).unwrap();
        assert_eq!(l.accepted(), 30);
        assert_eq!(lines(&l), vec![2]);
        assert_eq!(s.records, 31);
        assert!(
            l.rejections()
                .listed()
                .next()
                .unwrap()
                .message()
                .starts_with("a quoted field opened on this line is not closed")
        );
    }

    #[test]
    fn a_quoted_line_break_is_one_record() {
        let text = "at,event,incident,class,note\n2025-03-04T10:15:00+08:00,reported,A,question,\"two\nlines\"\n2025-03-04T10:16:00+08:00,reported,B,question,x\n";
        let mut l = log();
        let s = read_csv(&mut l, text.as_bytes()).unwrap();
        assert_eq!((l.accepted(), s.records, s.lines), (2, 2, 4));
    }

    #[test]
    fn a_file_of_another_format_is_one_error() {
        let csv = "at,event,incident\n2025-03-04T10:15:00+08:00,responded,X\n";
        let e = read_jsonl(&mut log(), csv.as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "e: the content looks like CSV (a header row), not JSON Lines: read it with --input-format csv"
        );
        let jsonl = "{\"at\":\"2025-03-04T10:15:00+08:00\"}\n";
        assert!(read_csv(&mut log(), jsonl.as_bytes()).is_err());
        let utf16: Vec<u8> = b"\xff\xfe{\x00".to_vec();
        assert!(
            read_jsonl(&mut log(), &utf16)
                .unwrap_err()
                .to_string()
                .contains("UTF-16")
        );
    }

    #[test]
    fn a_line_over_the_limit_is_not_kept() {
        let mut text = vec![b'x'; MAX_LINE_BYTES * 3];
        text.push(b'\n');
        let mut l = log();
        let s = read_jsonl(&mut l, &text).unwrap();
        assert_eq!(s.records, 1);
        assert_eq!(
            l.rejections().listed().next().unwrap().message(),
            format!(
                "line is {} bytes, over the limit of 65536",
                MAX_LINE_BYTES * 3
            )
        );
    }

    /// The digest is of every byte read, in order, however many blocks the input takes and
    /// whichever thread hashes them (with `parallel`, the one applying the events): refused
    /// lines and the unread rest of a line over the limit included, read sorted or as it comes.
    #[test]
    fn the_digest_is_of_every_byte_read_across_blocks() {
        let mut text = Vec::new();
        for i in 0..6000 {
            text.extend(format!(
                r#"{{"at":"2025-01-01T09:00:00+08:00","event":"reported","incident":"INC-{i}","class":"fault","priority":"low"}}"#
            ).bytes());
            text.push(b'\n');
            if i % 1000 == 999 {
                text.extend(b"not an event\n");
            }
        }
        text.extend(vec![b'x'; MAX_LINE_BYTES * 3]);
        text.extend(b"\n{\"at\":\"2025-01-01T09:00:00+08:00\"}");
        assert!(text.len() > 10 << 16, "several blocks of the reader");
        let expected = crate::digest::sha256_hex(&text);
        let mut sorted = log();
        let mut as_it_comes = log();
        for source in [
            read_events_into(&mut [&mut sorted], text.as_slice(), InputFormat::Jsonl),
            read_events_in_order_into(&mut [&mut as_it_comes], text.as_slice(), InputFormat::Jsonl),
        ] {
            let source = source.unwrap();
            assert_eq!(source.sha256, expected);
            assert_eq!(source.bytes, text.len() as u64);
            assert_eq!(source.lines, 6000 + 6 + 2);
        }
        for l in [&sorted, &as_it_comes] {
            assert_eq!(l.accepted(), 6000);
            assert_eq!(l.rejections().listed().len(), 8);
        }
    }

    #[test]
    fn extensions_in_any_case() {
        assert_eq!(
            InputFormat::from_path(Path::new("x.CSV")),
            Some(InputFormat::Csv)
        );
        assert_eq!(
            InputFormat::from_path(Path::new("x.JsonL")),
            Some(InputFormat::Jsonl)
        );
        assert_eq!(InputFormat::from_path(Path::new("x.txt")), None);
    }
}
