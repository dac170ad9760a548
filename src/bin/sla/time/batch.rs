//! `sla time batch`: JSON Lines of queries in, one answer line per query line out, in order.
//!
//! Built for throughput (issue #12: a million queries a second as a whole process). A line takes
//! the fast path when it is the common case from end to end: UTF-8, the query's fields borrowed
//! from the line by a typed serde parse, instants in the common RFC 3339 shape
//! ([`rfc3339::parse_common`]), an answer the calendar gives, written without a `String` or a
//! `serde_json::Value`. Anything else, which is to say every line answered with an error, goes
//! through [`answer_in_full`], the general path, which words the errors; since the fast path
//! only declines and never words anything, every answer is the general path's (the tests keep
//! the earlier implementation and compare the two on random lines).

use std::io::{BufRead, Read, Write};

use serde::{Deserialize, Deserializer};
use serde_json::json;
use sla_engine::event::MAX_LINE_BYTES;
use sla_engine::{Calendar, Timestamp};

use super::canonical::{self, Canonical};
use super::rfc3339;

/// Bytes read from standard input at a time: a million lines make some 100 MB, and a system call
/// per 8 KiB (the default) shows. (The answers are gathered by `output::write_with`'s buffer.)
const IO_BUFFER: usize = 1 << 16;

/// Answers standard input on standard output, through the commands' one way of writing it (a
/// reader that went away is not an error; a failed write or final flush is).
pub(super) fn run(cal: &Calendar) -> Result<(), String> {
    let input = std::io::BufReader::with_capacity(IO_BUFFER, std::io::stdin().lock());
    crate::output::write_with(None, |mut out| batch(cal, input, &mut out))
}

/// Answers every line of `input`, in order; returns only on a read or write error.
pub(super) fn batch(
    cal: &Calendar,
    input: impl BufRead,
    out: &mut impl Write,
) -> std::io::Result<()> {
    batch_bounded(cal, input, out, MAX_LINE_BYTES)
}

/// [`batch`] with lines of at most `limit` bytes (a parameter so that tests can make it small).
fn batch_bounded(
    cal: &Calendar,
    mut input: impl BufRead,
    out: &mut impl Write,
    limit: usize,
) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(256);
    let mut line_no = 0usize;
    loop {
        // A canonical line that lies whole in the reader's buffer is answered where it lies:
        // no search for its end, no copy.
        let chunk = input.fill_buf()?;
        if let Some((query, len)) = canonical::read_line(chunk)
            && len <= limit.saturating_add(1)
        {
            line_no += 1;
            match answer_canonical(cal, query) {
                Some(answer) => write_answer(cal, answer, out)?,
                None => {
                    let line = chunk.get(..len).unwrap_or_default();
                    let line = line.strip_suffix(b"\n").unwrap_or(line);
                    let line = line.strip_suffix(b"\r").unwrap_or(line);
                    let value = answer_in_full(cal, line)
                        .unwrap_or_else(|e| json!({ "error": e, "line": line_no }));
                    writeln!(out, "{value}")?;
                }
            }
            input.consume(len);
            continue;
        }
        buf.clear();
        let Some(whole) = read_line_bounded(&mut input, &mut buf, limit)? else {
            break;
        };
        line_no += 1;
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if whole && let Some(answer) = answer_fast(cal, line) {
            write_answer(cal, answer, out)?;
            continue;
        }
        let value = if whole {
            answer_in_full(cal, line)
        } else {
            Err(format!("the line is over the limit of {limit} bytes"))
        }
        .unwrap_or_else(|e| json!({ "error": e, "line": line_no }));
        writeln!(out, "{value}")?;
    }
    out.flush()
}

/// Reads one line (with its `\n`) into `buf`, which is empty, keeping at most `limit + 1` bytes
/// of it: a line without an end never fills memory. `None` at the end of the input, else whether
/// the whole line was kept.
fn read_line_bounded(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Option<bool>> {
    let most = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    // `read_until` finds the end of the line with the standard library's fast `memchr`.
    let read = input.by_ref().take(most).read_until(b'\n', buf)?;
    if read == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') || u64::try_from(read).unwrap_or(u64::MAX) < most {
        return Ok(Some(true));
    }
    // `limit + 1` bytes without an end of line: whole only if the input ends right here.
    if input.fill_buf()?.is_empty() {
        return Ok(Some(true));
    }
    buf.clear();
    skip_rest_of_line(input)?;
    Ok(Some(false))
}

/// Reads past the next `\n` (or to the end of the input), keeping nothing.
#[cold]
fn skip_rest_of_line(input: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(());
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                input.consume(i + 1);
                return Ok(());
            }
            None => {
                let len = chunk.len();
                input.consume(len);
            }
        }
    }
}

/// A query as the fast path reads it: one flat struct of borrowed fields, which serde fills
/// without buffering the line or allocating. Which fields an operation allows is checked after.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Query<'a> {
    op: &'a str,
    from: &'a str,
    #[serde(default, deserialize_with = "present")]
    seconds: Option<i64>,
    #[serde(default, borrow, deserialize_with = "present")]
    to: Option<&'a str>,
}

/// A field that, when given, has a value: `null` is refused as the general path refuses it (a
/// field the operation does not take), where `Option`'s own reading would take it for absent.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// An answer of the fast path.
enum Answer {
    Instant(Timestamp),
    Seconds(i64),
}

/// The answer to `line` if everything about it is the common case; `None` sends it to
/// [`answer_in_full`], which answers it the same way or words what is wrong.
#[inline]
fn answer_fast(cal: &Calendar, line: &[u8]) -> Option<Answer> {
    if let Some(query) = canonical::read(line) {
        return answer_canonical(cal, query);
    }
    // Not the canonical form: serde reads it. `from_slice` checks the UTF-8 of the strings it
    // reads, and any other byte that is not ASCII is a syntax error, so what it accepts is UTF-8
    // as the general path requires.
    let line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
    let query: Query<'_> = serde_json::from_slice(line).ok()?;
    let from = instant(query.from)?;
    match (query.op, query.seconds, query.to) {
        ("add", Some(seconds), None) => cal.add(from, seconds).ok().map(Answer::Instant),
        ("between", None, Some(to)) => cal.between(from, instant(to)?).ok().map(Answer::Seconds),
        _ => None,
    }
}

/// The answer to a canonical query, if the calendar gives one.
#[inline]
fn answer_canonical(cal: &Calendar, query: Canonical) -> Option<Answer> {
    match query {
        Canonical::Add(from, seconds) => cal.add(from, seconds).ok().map(Answer::Instant),
        Canonical::Between(from, to) => cal.between(from, to).ok().map(Answer::Seconds),
    }
}

/// An instant in the common shape, else by the general parser; `None` if it is not one.
#[inline]
fn instant(text: &str) -> Option<Timestamp> {
    rfc3339::parse_common(text.as_bytes()).or_else(|| Timestamp::parse(text).ok())
}

/// Writes `{"ok":T}` or `{"ok":N}` as `serde_json` writes them: the instant contains nothing
/// JSON escapes.
fn write_answer(cal: &Calendar, answer: Answer, out: &mut impl Write) -> std::io::Result<()> {
    match answer {
        Answer::Instant(t) => {
            let zoned = cal.zoned(t);
            let mut buf = [0; Timestamp::RFC3339_LEN];
            if let Some(text) = t.write_rfc3339(zoned.offset().local_minus_utc(), false, &mut buf) {
                out.write_all(b"{\"ok\":\"")?;
                out.write_all(text.as_bytes())?;
                out.write_all(b"\"}\n")
            } else {
                writeln!(out, "{}", json!({ "ok": zoned.to_rfc3339() }))
            }
        }
        Answer::Seconds(n) => {
            out.write_all(b"{\"ok\":")?;
            out.write_all(itoa::Buffer::new().format(n).as_bytes())?;
            out.write_all(b"}\n")
        }
    }
}

/// A query as the general path reads it; its errors are the ones users see.
#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
enum Request {
    Add { from: String, seconds: i64 },
    Between { from: String, to: String },
}

/// The general path: answers any line, or says what is wrong with it.
#[cold]
fn answer_in_full(cal: &Calendar, line: &[u8]) -> Result<serde_json::Value, String> {
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

/// The fast path against the implementation it replaced (kept here as the model): the same
/// bytes for every line, good or bad, on random input.
#[cfg(test)]
mod same_as_before {
    use super::*;
    use proptest::prelude::*;

    /// The line reader as it was, byte by byte.
    fn reference_read_line(
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

    /// The batch as it was: every line through the general path and a `serde_json::Value`.
    fn reference_batch(cal: &Calendar, mut input: impl BufRead, limit: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        let mut line_no = 0usize;
        loop {
            buf.clear();
            let Some(whole) = reference_read_line(&mut input, &mut buf, limit).unwrap() else {
                break;
            };
            line_no += 1;
            let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let value = if whole {
                answer_in_full(cal, line)
            } else {
                Err(format!("the line is over the limit of {limit} bytes"))
            }
            .unwrap_or_else(|e| json!({ "error": e, "line": line_no }));
            writeln!(out, "{value}").unwrap();
        }
        out
    }

    /// Built once: compiling `cn-standard` for every case would dominate the test.
    static CALENDARS: std::sync::LazyLock<Vec<Calendar>> = std::sync::LazyLock::new(|| {
        vec![
            Calendar::preset("cn-standard").unwrap(),
            Calendar::preset("24x7").unwrap(),
            Calendar::wall_clock(chrono_tz::America::New_York),
            Calendar::wall_clock(chrono_tz::Asia::Kolkata),
            Calendar::wall_clock(chrono_tz::Pacific::Kiritimati),
        ]
    });

    fn calendars() -> &'static [Calendar] {
        &CALENDARS
    }

    /// Instants as clients write them, right and wrong: mostly the common shape over the years
    /// around the shipped data, then every variation the general parser takes or refuses.
    fn instant() -> BoxedStrategy<String> {
        let common = (
            -62_135_596_800_i64..253_402_300_799,
            1_000_000_000_i64..1_900_000_000,
            prop_oneof![
                Just(0),
                Just(480),
                Just(-300),
                Just(330),
                Just(840),
                -1439_i32..1440
            ],
            any::<bool>(),
        )
            .prop_map(|(any_year, recent, minutes, pick_recent)| {
                let t = if pick_recent { recent } else { any_year };
                let offset = chrono::FixedOffset::east_opt(minutes * 60).unwrap();
                let utc = chrono::DateTime::from_timestamp(t, 0).unwrap();
                if minutes == 0 && pick_recent {
                    utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()
                } else {
                    utc.with_timezone(&offset)
                        .format("%Y-%m-%dT%H:%M:%S%:z")
                        .to_string()
                }
            });
        let fields = (
            0_u32..10_000,
            0_u32..14,
            0_u32..33,
            0_u32..26,
            0_u32..62,
            0_u32..62,
            prop_oneof![
                "Z",
                "z",
                "[+-](0[0-9]|1[0-9]|2[0-5]):[0-6][0-9]",
                "",
                "\\+08",
                "\\+0800"
            ],
            prop_oneof!["T", "t", " ", "_"],
            prop_oneof!["", "\\.0", "\\.000", "\\.5", "\\.000000001"],
        )
            .prop_map(|(y, mo, d, h, mi, s, offset, sep, fraction)| {
                format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{fraction}{offset}")
            });
        prop_oneof![
            6 => common,
            3 => fields,
            1 => "[0-9T:+\\-Z ]{0,26}",
            1 => Just(String::from("2025-03-07T17:00:00\\u002B08:00")),
            1 => Just(String::from("\\u0032025-03-07T17:00:00+08:00")),
        ]
        .boxed()
    }

    fn seconds() -> BoxedStrategy<String> {
        prop_oneof![
            4 => (-3_000_000_i64..3_000_000).prop_map(|s| s.to_string()),
            1 => any::<i64>().prop_map(|s| s.to_string()),
            1 => prop_oneof![
                Just("null".to_owned()),
                Just("1.5".to_owned()),
                Just("1e3".to_owned()),
                Just("\"60\"".to_owned()),
                Just("-0".to_owned()),
                Just("9223372036854775808".to_owned()),
            ],
        ]
        .boxed()
    }

    /// A query line: the right fields for its operation most of the time, else a field missing,
    /// one too many, one twice, `null`, an unknown operation; in some order, spaced or not.
    fn query() -> BoxedStrategy<String> {
        (
            prop_oneof![4 => Just("add"), 4 => Just("between"), 1 => Just("Add"), 1 => Just("nap")],
            instant(),
            instant(),
            seconds(),
            0_u8..12,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(op, from, to, seconds, variant, reorder, spaced)| {
                let mut fields = vec![format!("\"op\":\"{op}\""), format!("\"from\":\"{from}\"")];
                let add = op == "add";
                match variant {
                    0 => {}
                    1 => fields.push(format!("\"to\":\"{to}\"")),
                    2 => fields.push(format!("\"seconds\":{seconds}")),
                    3 => fields.push("\"to\":null".to_owned()),
                    4 => fields.push("\"seconds\":null".to_owned()),
                    5 => fields.push("\"pad\":1".to_owned()),
                    6 => fields.push(format!("\"from\":\"{from}\"")),
                    _ => {}
                }
                if add {
                    fields.push(format!("\"seconds\":{seconds}"));
                } else {
                    fields.push(format!("\"to\":\"{to}\""));
                }
                if reorder {
                    fields.reverse();
                }
                let sep = if spaced { ", " } else { "," };
                format!("{{{}}}", fields.join(sep))
            })
            .boxed()
    }

    /// A line of input: mostly a query, sometimes damaged or replaced by noise.
    fn line() -> BoxedStrategy<Vec<u8>> {
        prop_oneof![
            8 => query().prop_map(String::into_bytes),
            1 => (query(), any::<prop::sample::Index>()).prop_map(|(q, cut)| {
                let mut bytes = q.into_bytes();
                bytes.truncate(cut.index(bytes.len() + 1));
                bytes
            }),
            1 => query().prop_map(|q| format!("\u{feff}{q}\r").into_bytes()),
            1 => query().prop_map(|q| format!("  {q} ").into_bytes()),
            1 => prop::collection::vec(any::<u8>(), 0..40)
                .prop_map(|b| b.into_iter().filter(|&c| c != b'\n').collect()),
            1 => prop_oneof![Just(Vec::new()), Just(b" \t".to_vec()), Just(b"\r".to_vec())],
        ]
        .boxed()
    }

    fn input() -> impl Strategy<Value = Vec<u8>> {
        (prop::collection::vec(line(), 0..24), any::<bool>()).prop_map(|(lines, end)| {
            let mut bytes = lines.join(&b'\n');
            if end && !bytes.is_empty() {
                bytes.push(b'\n');
            }
            bytes
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1_000))]

        #[test]
        fn every_line_is_answered_as_before(
            input in input(),
            capacity in prop_oneof![1_usize..200, Just(8_192)],
            limit in prop_oneof![Just(MAX_LINE_BYTES), 0_usize..120],
        ) {
            for cal in calendars() {
                let expected = reference_batch(cal, std::io::BufReader::with_capacity(capacity, &input[..]), limit);
                let mut out = Vec::new();
                batch_bounded(cal, std::io::BufReader::with_capacity(capacity, &input[..]), &mut out, limit).unwrap();
                prop_assert_eq!(
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(&expected),
                    "calendar {}, input {:?}", cal.name(), String::from_utf8_lossy(&input)
                );
            }
        }

        #[test]
        fn the_common_shape_reads_as_the_general_parser_reads_it(text in instant()) {
            if let Some(t) = rfc3339::parse_common(text.as_bytes()) {
                prop_assert_eq!(Ok(t), Timestamp::parse(&text), "{}", text);
            }
        }

        #[test]
        fn instants_are_written_as_chrono_writes_them(
            t in prop_oneof![
                -62_135_596_800_i64..253_402_300_799,
                1_000_000_000_i64..1_900_000_000,
                Just(-62_135_596_800_i64),
                Just(253_402_300_799_i64),
            ],
        ) {
            let t = Timestamp::from_second(t).unwrap();
            for cal in calendars() {
                let zoned = cal.zoned(t);
                let mut buf = [0; Timestamp::RFC3339_LEN];
                if let Some(text) = t.write_rfc3339(zoned.offset().local_minus_utc(), false, &mut buf) {
                    prop_assert_eq!(text, zoned.to_rfc3339());
                }
            }
        }
    }

    /// The common cases do take the fast path (else the tests above would compare the general
    /// path with itself).
    #[test]
    fn the_common_cases_take_the_fast_path() {
        let cal = Calendar::preset("cn-standard").unwrap();
        for line in [
            r#"{"op":"add","from":"2025-01-27T17:00:00+08:00","seconds":28800}"#,
            r#"{"op":"add","from":"2025-01-27T09:00:00Z","seconds":-60}"#,
            r#"{"op":"between","from":"2025-03-07T17:00:00+08:00","to":"2025-03-10T10:00:00-05:00"}"#,
        ] {
            assert!(answer_fast(&cal, line.as_bytes()).is_some(), "{line}");
        }
        assert!(rfc3339::parse_common(b"2025-03-07T17:00:00+08:00").is_some());
        let mut buf = [0; Timestamp::RFC3339_LEN];
        let t = Timestamp::from_second(1_741_338_000).unwrap();
        assert!(t.write_rfc3339(28_800, false, &mut buf).is_some());
        for line in [
            "{\"op\":\"add\",\"from\":\"2025-01-27T09:00:00Z\",\"seconds\":-60}\n",
            "{\"op\":\"between\",\"from\":\"2025-03-07T17:00:00+08:00\",\"to\":\"2025-03-10T10:00:00Z\"}\r\nnext",
        ] {
            assert!(canonical::read_line(line.as_bytes()).is_some(), "{line}");
        }
    }
}
