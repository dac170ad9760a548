//! Reading events from JSON Lines and CSV. Feature `formats`.
//!
//! One event per line (JSON Lines) or record (CSV with a header row naming the fields). Fields:
//!
//! | field | for | meaning |
//! |---|---|---|
//! | `at` | all (optional for `outage` and `maintenance_performed`) | RFC 3339 with offset: when it happened; for an announcement, when notice was given |
//! | `event` | all | `reported`, `responded`, `work_started`, `workaround`, `resolved`, `reopened`, `priority_changed`, `awaiting_customer`, `customer_replied`, `excluded`, `outage`, `outage_started`, `outage_ended`, `maintenance_announced`, `maintenance_performed`, `backup_completed` |
//! | `incident` | incident events | the incident's id |
//! | `class` | `reported` | `outage`, `fault`, `question`, `change_request` |
//! | `priority` | `reported` (required for outage and fault), `priority_changed` | `high`, `medium`, `low` |
//! | `component`, `site` | `reported`, outages, `maintenance_performed` | scope (2.3); the component that was down |
//! | `reason` | `excluded` | an exclusion reason of 2.4 |
//! | `cause` | outages | an exclusion reason, if the outage was not the provider's |
//! | `outage` | outage events | the outage's id (required for `outage_started`/`outage_ended`) |
//! | `change` | maintenance events | the change's id |
//! | `kind` | maintenance events | `upgrade`, `maintenance`, `security_upgrade`, `minor_patch` |
//! | `from`, `to` | `outage`, maintenance events | the window, RFC 3339 with offset |
//! | `note` | any | free text for people, ignored |
//!
//! Without `at`, an `outage` record is placed at its start and a `maintenance_performed` record
//! at its end (when it was written).

use serde::Deserialize;

use super::{Event, EventBody, EventError, IncidentEvent};
use crate::contract::StopEvent;
use crate::parse_timestamp;

/// One line as written, before its fields are checked.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object of event fields")]
struct RawEvent {
    at: Option<String>,
    event: Option<String>,
    incident: Option<String>,
    class: Option<String>,
    priority: Option<String>,
    component: Option<String>,
    site: Option<String>,
    reason: Option<String>,
    cause: Option<String>,
    outage: Option<String>,
    change: Option<String>,
    kind: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// Free text for people; read and ignored.
    #[allow(dead_code)]
    note: Option<String>,
}

impl RawEvent {
    fn subject(&self) -> Option<String> {
        if let Some(i) = &self.incident {
            Some(format!("incident {i}"))
        } else if let Some(o) = &self.outage {
            Some(format!("outage {o}"))
        } else {
            self.change.as_ref().map(|c| format!("change {c}"))
        }
    }

    fn into_event(self, line: usize) -> Result<Event, String> {
        fn need<'a>(v: &'a Option<String>, field: &str, event: &str) -> Result<&'a str, String> {
            v.as_deref()
                .filter(|s| !s.is_empty())
                .ok_or_else(|| format!("event {event} needs the field `{field}`"))
        }
        fn time(v: &Option<String>, field: &str, event: &str) -> Result<i64, String> {
            parse_timestamp(need(v, field, event)?).map_err(|e| format!("`{field}`: {e}"))
        }
        fn parsed<T: std::str::FromStr>(
            v: &Option<String>,
            field: &str,
            event: &str,
        ) -> Result<T, String>
        where
            T::Err: std::fmt::Display,
        {
            need(v, field, event)?
                .parse()
                .map_err(|e: T::Err| format!("`{field}`: {e}"))
        }
        fn opt<T: std::str::FromStr>(v: &Option<String>, field: &str) -> Result<Option<T>, String>
        where
            T::Err: std::fmt::Display,
        {
            match v.as_deref().filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => s
                    .parse()
                    .map(Some)
                    .map_err(|e: T::Err| format!("`{field}`: {e}")),
            }
        }
        let nonempty = |v: Option<String>| v.filter(|s| !s.is_empty());
        let ev = self
            .event
            .as_deref()
            .filter(|s| !s.is_empty())
            .ok_or("the field `event` is missing")?
            .to_owned();
        let ev = ev.as_str();
        let incident = |what: IncidentEvent| -> Result<(i64, EventBody), String> {
            Ok((
                time(&self.at, "at", ev)?,
                EventBody::Incident {
                    id: need(&self.incident, "incident", ev)?.to_owned(),
                    what,
                },
            ))
        };
        let (at, body) = match ev {
            "reported" => incident(IncidentEvent::Reported {
                class: parsed(&self.class, "class", ev)?,
                priority: opt(&self.priority, "priority")?,
                component: nonempty(self.component.clone()),
                site: nonempty(self.site.clone()),
            })?,
            "responded" => incident(IncidentEvent::Stop(StopEvent::Responded))?,
            "work_started" => incident(IncidentEvent::Stop(StopEvent::WorkStarted))?,
            "workaround" => incident(IncidentEvent::Stop(StopEvent::Workaround))?,
            "resolved" => incident(IncidentEvent::Stop(StopEvent::Resolved))?,
            "reopened" => incident(IncidentEvent::Reopened)?,
            "priority_changed" => incident(IncidentEvent::PriorityChanged {
                priority: parsed(&self.priority, "priority", ev)?,
            })?,
            "awaiting_customer" => incident(IncidentEvent::AwaitingCustomer)?,
            "customer_replied" => incident(IncidentEvent::CustomerReplied)?,
            "excluded" => incident(IncidentEvent::Excluded {
                reason: parsed(&self.reason, "reason", ev)?,
            })?,
            "outage" => {
                let from = time(&self.from, "from", ev)?;
                let at = match &self.at {
                    Some(_) => time(&self.at, "at", ev)?,
                    None => from,
                };
                (
                    at,
                    EventBody::Outage {
                        id: nonempty(self.outage.clone()),
                        component: need(&self.component, "component", ev)?.to_owned(),
                        from,
                        to: time(&self.to, "to", ev)?,
                        cause: opt(&self.cause, "cause")?,
                    },
                )
            }
            "outage_started" => (
                time(&self.at, "at", ev)?,
                EventBody::OutageStarted {
                    id: need(&self.outage, "outage", ev)?.to_owned(),
                    component: need(&self.component, "component", ev)?.to_owned(),
                    cause: opt(&self.cause, "cause")?,
                },
            ),
            "outage_ended" => (
                time(&self.at, "at", ev)?,
                EventBody::OutageEnded {
                    id: need(&self.outage, "outage", ev)?.to_owned(),
                },
            ),
            "maintenance_announced" => (
                time(&self.at, "at", ev)?,
                EventBody::ChangeAnnounced {
                    id: need(&self.change, "change", ev)?.to_owned(),
                    kind: parsed(&self.kind, "kind", ev)?,
                    from: time(&self.from, "from", ev)?,
                    to: time(&self.to, "to", ev)?,
                },
            ),
            "backup_completed" => (time(&self.at, "at", ev)?, EventBody::BackupCompleted),
            "maintenance_performed" => {
                let from = time(&self.from, "from", ev)?;
                let to = time(&self.to, "to", ev)?;
                // A performance record is written when the work is done: without `at`, it is
                // placed at the window's end, so an announcement made during the work is judged
                // (late), not refused.
                let at = match &self.at {
                    Some(_) => time(&self.at, "at", ev)?,
                    None => to,
                };
                (
                    at,
                    EventBody::ChangePerformed {
                        id: need(&self.change, "change", ev)?.to_owned(),
                        kind: opt(&self.kind, "kind")?,
                        from,
                        to,
                        component: nonempty(self.component.clone()),
                    },
                )
            }
            other => {
                return Err(format!(
                    "unknown event {other:?}: expected reported, responded, work_started, \
                     workaround, resolved, reopened, priority_changed, awaiting_customer, \
                     customer_replied, excluded, outage, outage_started, outage_ended, \
                     maintenance_announced, maintenance_performed or backup_completed"
                ));
            }
        };
        Ok(Event { at, line, body })
    }
}

/// Checks one read line into an event, or an error naming its line and subject.
fn accept(
    file: &str,
    line: usize,
    parsed: Result<RawEvent, String>,
    events: &mut Vec<Event>,
    errors: &mut Vec<EventError>,
) {
    match parsed {
        Ok(raw) => {
            let subject = raw.subject();
            match raw.into_event(line) {
                Ok(e) => events.push(e),
                Err(m) => errors.push(EventError::new(file, line, subject, m)),
            }
        }
        Err(m) => errors.push(EventError::new(file, line, None, m)),
    }
}

/// Lines (and CSV records) longer than this are refused unread: a line of an event log is a few
/// hundred bytes.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Reads JSON Lines: one event object per line. Blank lines are skipped; a byte-order mark at the
/// start and `\r\n` line ends are accepted. Every line that cannot be read becomes an
/// [`EventError`] naming `file` and the line; the other lines are still read.
///
/// ```
/// use sla_engine::event::parse_jsonl;
/// let text = concat!(
///     r#"{"at":"2025-03-04T10:15:00+08:00","incident":"INC-17","event":"reported","class":"outage","priority":"high"}"#, "\n",
///     r#"{"at":"2025-03-04T10:20:00","incident":"INC-17","event":"responded"}"#, "\n",
/// );
/// let (events, errors) = parse_jsonl("events.jsonl", text.as_bytes());
/// assert_eq!(events.len(), 1);
/// assert_eq!(errors[0].to_string(), "events.jsonl:2: incident INC-17: `at`: invalid timestamp \"2025-03-04T10:20:00\": it has no UTC offset: write e.g. 2025-03-04T10:15:00+08:00");
/// ```
pub fn parse_jsonl(file: &str, bytes: &[u8]) -> (Vec<Event>, Vec<EventError>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut events = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if raw.len() > MAX_LINE_BYTES {
            errors.push(EventError::new(
                file,
                line,
                None,
                format!(
                    "line is {} bytes, over the limit of {MAX_LINE_BYTES}",
                    raw.len()
                ),
            ));
            continue;
        }
        let text = match std::str::from_utf8(raw) {
            Ok(t) => t,
            Err(e) => {
                errors.push(EventError::new(file, line, None, format!("not UTF-8: {e}")));
                continue;
            }
        };
        let parsed = serde_json::from_str(text).map_err(|e| {
            // Well-formed JSON of the wrong shape (an unknown field, a number for a text) is
            // not "invalid JSON".
            let what = match e.classify() {
                serde_json::error::Category::Data => "invalid event",
                _ => "invalid JSON",
            };
            format!("{what}: {e}")
        });
        accept(file, line, parsed, &mut events, &mut errors);
    }
    (events, errors)
}

/// Reads CSV with a header row naming the fields (any subset, any order); empty cells are absent
/// fields. Errors as for [`parse_jsonl`], naming the record's line.
///
/// ```
/// use sla_engine::event::parse_csv;
/// let text = "at,event,incident,class,priority\n2025-03-04T10:15:00+08:00,reported,INC-17,fault,medium\n";
/// let (events, errors) = parse_csv("events.csv", text.as_bytes());
/// assert_eq!((events.len(), errors.len()), (1, 0));
/// ```
pub fn parse_csv(file: &str, bytes: &[u8]) -> (Vec<Event>, Vec<EventError>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut events = Vec::new();
    let mut errors = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(bytes);
    let headers = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            errors.push(EventError::new(
                file,
                1,
                None,
                format!("unreadable header: {e}"),
            ));
            return (events, errors);
        }
    };
    let mut record = csv::ByteRecord::new();
    let mut lines = LineCounter {
        bytes,
        byte: 0,
        line: 1,
    };
    loop {
        let line = lines.at(reader.position().byte());
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| lines.at(p.byte()));
                // The line is already named: say what is wrong without the csv crate's own
                // "CSV error: record N (line: L, byte: B)" prefix.
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("the record has {len} fields, but the header has {expected_len}"),
                    _ => format!("invalid CSV: {e}"),
                };
                errors.push(EventError::new(file, line, None, message));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(line, |p| lines.at(p.byte()));
        if !record.is_empty() && record.iter().all(<[u8]>::is_empty) {
            continue;
        }
        if record.as_slice().len() > MAX_LINE_BYTES {
            errors.push(EventError::new(
                file,
                line,
                None,
                format!(
                    "record is {} bytes, over the limit of {MAX_LINE_BYTES}",
                    record.as_slice().len()
                ),
            ));
            continue;
        }
        let parsed = record
            .deserialize(Some(&headers))
            .map_err(|e| match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => {
                    // Name the column, not its 0-based index.
                    match err.field().and_then(|i| headers.get(i as usize)) {
                        Some(name) => format!(
                            "invalid event: `{}`: {}",
                            String::from_utf8_lossy(name),
                            err.kind()
                        ),
                        None => format!("invalid event: {}", err.kind()),
                    }
                }
                _ => format!("invalid event: {e}"),
            });
        accept(file, line, parsed, &mut events, &mut errors);
    }
    (events, errors)
}

/// The line of a byte offset, counted forward as the reader moves on (the csv crate's own line
/// numbers drift with `\r\n` line ends: the first record after the header came out as line 1).
struct LineCounter<'a> {
    bytes: &'a [u8],
    byte: usize,
    line: usize,
}

impl LineCounter<'_> {
    /// The 1-based line where the record at `byte` begins (line ends before it are skipped: after
    /// `\r\n` a record's offset can be that of the `\n`). Offsets come in increasing order.
    fn at(&mut self, byte: u64) -> usize {
        let byte = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        if let Some(skipped) = self.bytes.get(self.byte..byte) {
            self.line += skipped.iter().filter(|&&b| b == b'\n').count();
            self.byte = byte;
        }
        while let Some(&b) = self
            .bytes
            .get(self.byte)
            .filter(|&&b| b == b'\r' || b == b'\n')
        {
            self.line += usize::from(b == b'\n');
            self.byte += 1;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_errors_keep_other_lines() {
        let text = b"{\"at\":\"2025-03-04T10:15:00+08:00\",\"incident\":\"A\",\"event\":\"reported\",\"class\":\"question\"}\r\n\
not json\n\
{\"at\":\"2025-03-04T10:15:00+08:00\",\"incident\":\"A\",\"event\":\"exploded\"}\n\
\n\
{\"at\":\"2025-03-04T10:15:00+08:00\",\"incident\":\"A\",\"event\":\"responded\",\"colour\":\"red\"}\n\
\xff\xfe\n";
        let (events, errors) = parse_jsonl("e.jsonl", text);
        assert_eq!(events.len(), 1);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 5, 6]);
        assert!(errors[1].message.starts_with("unknown event \"exploded\""));
        assert!(
            errors[2].message.contains("unknown field `colour`"),
            "{}",
            errors[2]
        );
    }

    #[test]
    fn csv_lines_are_counted_alike_with_crlf_line_ends() {
        let lf = "at,event,incident\n2025-03-04T10:15:00+08:00,responded,X\nbad,responded,X\n";
        let crlf = lf.replace('\n', "\r\n");
        for text in [lf, crlf.as_str()] {
            let (events, errors) = parse_csv("e.csv", text.as_bytes());
            assert_eq!(events[0].line, 2, "{text:?}");
            assert_eq!(errors[0].line, 3, "{text:?}");
        }
    }

    #[test]
    fn csv_reads_any_column_order() {
        let text = "event,incident,at,class,priority\nreported,X,2025-03-04T10:15:00+08:00,outage,high\nresolved,X,2025-03-04T11:00:00+08:00,,\nresolved,X,bad,,\n";
        let (events, errors) = parse_csv("e.csv", text.as_bytes());
        assert_eq!(events.len(), 2);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 4);
    }
}
