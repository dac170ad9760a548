//! The canonical form of a batch query, recognized byte for byte before any JSON parsing.
//!
//! Clients that generate queries write them one way: `{"op":"add","from":T,"seconds":N}` or
//! `{"op":"between","from":T,"to":T}`, no spaces, fields in this order, instants in the common
//! RFC 3339 shape. For such a line serde's parse (even into borrowed fields) was a third of the
//! time of a query, so it is matched here against fixed bytes instead. This is not a JSON
//! parser: anything else, however valid, is declined and read by serde ([`super::batch`]), and
//! what is accepted here is read there the same way (the batch tests compare the two).

use sla_engine::Timestamp;

use super::rfc3339;

/// A query read from its canonical form, its instants already read.
pub(super) enum Canonical {
    Add(Timestamp, i64),
    Between(Timestamp, Timestamp),
}

const ADD: &[u8] = br#"{"op":"add","from":""#;
const BETWEEN: &[u8] = br#"{"op":"between","from":""#;

/// The query at the start of `bytes`, a whole line in the canonical form ended by `\n` or
/// `\r\n`, and the line's length with its end; else `None` (the line may also be cut short
/// by the end of `bytes`).
pub(super) fn read_line(bytes: &[u8]) -> Option<(Canonical, usize)> {
    let (query, rest) = read_prefix(bytes)?;
    let end = match rest {
        [b'\n', ..] => 1,
        [b'\r', b'\n', ..] => 2,
        _ => return None,
    };
    Some((query, bytes.len() - rest.len() + end))
}

/// The query `line` (without its end) writes in the canonical form, else `None`.
pub(super) fn read(line: &[u8]) -> Option<Canonical> {
    read_prefix(line).and_then(|(query, rest)| rest.is_empty().then_some(query))
}

/// The canonical query at the start of `bytes`, and what follows it.
fn read_prefix(bytes: &[u8]) -> Option<(Canonical, &[u8])> {
    if let Some(rest) = bytes.strip_prefix(ADD) {
        let (from, rest) = instant(rest)?;
        let rest = rest.strip_prefix(br#","seconds":"#)?;
        let len = rest.iter().position(|&b| b == b'}')?;
        let (digits, rest) = rest.split_at_checked(len)?;
        Some((Canonical::Add(from, integer(digits)?), rest.get(1..)?))
    } else {
        let rest = bytes.strip_prefix(BETWEEN)?;
        let (from, rest) = instant(rest)?;
        let (to, rest) = instant(rest.strip_prefix(br#","to":""#)?)?;
        Some((Canonical::Between(from, to), rest.strip_prefix(b"}")?))
    }
}

/// The instant at the start of `bytes`, ended by a `"`, and what follows that quote. Only the
/// two lengths of the common shape are tried: the shape has no `"` or `\`, so the text is the
/// JSON string's value, unescaped.
fn instant(bytes: &[u8]) -> Option<(Timestamp, &[u8])> {
    let len = match bytes.get(20) {
        Some(b'"') => 20,
        _ => 25,
    };
    let (text, rest) = bytes.split_at_checked(len)?;
    let rest = rest.strip_prefix(b"\"")?;
    Some((rfc3339::parse_common(text)?, rest))
}

/// A JSON integer (`-?(0|[1-9][0-9]*)`) that fits an `i64`.
fn integer(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix(b"-") {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    // A leading zero is not JSON; `-0` is, but serde_json reads it as the float -0.0, which
    // is no `i64`: the general path's answer is an error, so it is declined.
    if digits.is_empty() || (digits.first() == Some(&b'0') && (digits.len() > 1 || negative)) {
        return None;
    }
    // Accumulated negatively, so that `i64::MIN` is reachable.
    let mut value: i64 = 0;
    for &d in digits {
        let digit = d.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value.checked_mul(10)?.checked_sub(i64::from(digit))?;
    }
    if negative {
        Some(value)
    } else {
        value.checked_neg()
    }
}
