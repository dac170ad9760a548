//! A resolved incident packed into a few dozen bytes.
//!
//! Held whole, an incident takes about 250 bytes (its record, its history's allocation, its
//! id's), and a year of a million incidents is mostly resolved ones, which seldom change (a
//! reopening, a late priority change). The log packs an incident when it resolves and unpacks it
//! when another event arrives: instants and lines as differences from the step before, in
//! variable-length integers (LEB128), names as numbers in the log's table of names.
//!
//! Layout: the record's length; the id (length, bytes); the report's instant and line; the
//! class, priority and whether a resolution stands, in one byte; the standing resolution's
//! instant, if any (what a board's countdowns read without the rest); component, site; the
//! steps (count, then kind, time since the step before, lines since the step before). The
//! incident's state (its open wait, standing resolution, ...) is worked out again from its
//! history.

use std::sync::Arc;

use super::{IncidentLog, Step, StepKind};
use crate::Timestamp;
use crate::contract::{ExclusionReason, IncidentClass, Priority, StopEvent};

/// Component and site names by number: a packed incident names them by their place here.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameTable {
    names: Vec<Arc<str>>,
    numbers: std::collections::HashMap<Arc<str>, u64>,
}

impl NameTable {
    pub(super) fn number(&mut self, name: &Arc<str>) -> u64 {
        if let Some(&n) = self.numbers.get(name) {
            return n;
        }
        let n = self.names.len() as u64;
        self.names.push(name.clone());
        self.numbers.insert(name.clone(), n);
        n
    }

    /// The names, by number.
    pub(super) fn names(&self) -> &[Arc<str>] {
        &self.names
    }
}

/// Name number `n` of `names` (a table's, or a copy of them).
pub(super) fn name(names: &[Arc<str>], n: u64) -> Option<&Arc<str>> {
    usize::try_from(n).ok().and_then(|n| names.get(n))
}

/// Appends `incident` packed to `out`, or returns `false` (leaving `out` as it was) if it cannot
/// be packed exactly: it must read back equal, so that a packed incident always unpacks.
pub(crate) fn pack(incident: &IncidentLog, names: &mut NameTable, out: &mut Vec<u8>) -> bool {
    let start = out.len();
    let mut body = Vec::with_capacity(64 + incident.history().len() * 8);
    write_body(incident, names, &mut body);
    put(out, body.len() as u64);
    out.extend_from_slice(&body);
    let packed = out.get(start..).unwrap_or_default();
    if unpack(packed, names.names()).as_ref() != Some(incident)
        || resolved(packed) != Some(incident.resolved_at())
    {
        out.truncate(start);
        return false;
    }
    true
}

fn write_body(inc: &IncidentLog, names: &mut NameTable, out: &mut Vec<u8>) {
    put(out, inc.id.len() as u64);
    out.extend_from_slice(inc.id.as_bytes());
    put(out, zigzag(inc.reported_at.as_second()));
    put(out, inc.report_line);
    // One byte: whether a resolution stands (bit 0), the class (bits 1-3), the priority + 1
    // (bits 4-7, 0 for none); then the standing resolution's time since the report.
    let resolved = inc.resolved_at();
    let priority = inc.priority.map_or(0, |p| p as u8 + 1);
    out.push(u8::from(resolved.is_some()) | (inc.class as u8) << 1 | priority << 4);
    if let Some(t) = resolved {
        put(
            out,
            zigzag(t.as_second().wrapping_sub(inc.reported_at.as_second())),
        );
    }
    for name in [&inc.component, &inc.site] {
        let n = name.as_ref().map_or(0, |n| names.number(n) + 1);
        put(out, n);
    }
    let history = inc.history();
    put(out, history.len() as u64);
    let (mut at, mut line) = (inc.reported_at.as_second(), inc.report_line);
    for step in history {
        out.push(kind_code(step.kind));
        put(out, zigzag(step.at.as_second().wrapping_sub(at)));
        put(out, zigzag(step.line.wrapping_sub(line) as i64));
        at = step.at.as_second();
        line = step.line;
    }
}

/// The head of a packed incident: what is read without its history, and where the rest starts.
struct Head<'a> {
    id: &'a [u8],
    reported_at: i64,
    report_line: u64,
    /// Whether a resolution stands (bit 0), the class (bits 1-3), the priority + 1 (bits 4-7).
    kind: u8,
    /// The standing resolution's instant, if one stands.
    resolved: Option<Timestamp>,
    rest: Reader<'a>,
}

fn head(bytes: &[u8]) -> Option<Head<'_>> {
    let mut r = Reader(bytes);
    r.take()?;
    let n = usize::try_from(r.take()?).ok()?;
    let id = r.bytes(n)?;
    let reported_at = unzigzag(r.take()?);
    let report_line = r.take()?;
    let kind = r.byte()?;
    let resolved = if kind & 1 == 0 {
        None
    } else {
        let at = reported_at.wrapping_add(unzigzag(r.take()?));
        Some(Timestamp::from_second(at).ok()?)
    };
    Some(Head {
        id,
        reported_at,
        report_line,
        kind,
        resolved,
        rest: r,
    })
}

/// The id of the packed incident at the start of `bytes`.
pub(crate) fn id(bytes: &[u8]) -> Option<&[u8]> {
    head(bytes).map(|h| h.id)
}

/// The instant and line of the report of the packed incident at the start of `bytes`, read
/// without the rest.
pub(crate) fn report(bytes: &[u8]) -> Option<(Timestamp, u64)> {
    let h = head(bytes)?;
    Some((Timestamp::from_second(h.reported_at).ok()?, h.report_line))
}

/// When the resolution standing at the end of the packed incident's history was given, if one
/// stands, read without the history: a board's countdowns pass over incidents resolved by then
/// without unpacking them.
pub(crate) fn resolved(bytes: &[u8]) -> Option<Option<Timestamp>> {
    head(bytes).map(|h| h.resolved)
}

/// How many bytes the packed incident at the start of `bytes` takes.
pub(crate) fn len(bytes: &[u8]) -> Option<usize> {
    let mut r = Reader(bytes);
    let body = usize::try_from(r.take()?).ok()?;
    (bytes.len() - r.0.len()).checked_add(body)
}

/// The incident packed at the start of `bytes`.
pub(crate) fn unpack(bytes: &[u8], names: &[Arc<str>]) -> Option<IncidentLog> {
    unpack_into(bytes, names, Vec::new())
}

/// The incident packed at the start of `bytes`, its history written into `history` (emptied
/// first): a core judging a million incidents reuses one list rather than making one for each.
pub(crate) fn unpack_into(
    bytes: &[u8],
    names: &[Arc<str>],
    mut history: Vec<Step>,
) -> Option<IncidentLog> {
    let Head {
        id,
        reported_at,
        report_line,
        kind,
        rest: mut r,
        ..
    } = head(bytes)?;
    let id: Arc<str> = std::str::from_utf8(id).ok()?.into();
    let class = *IncidentClass::ALL.get(usize::from((kind >> 1) & 0b111))?;
    let priority = match kind >> 4 {
        0 => None,
        p => Some(*Priority::ALL.get(usize::from(p - 1))?),
    };
    let mut next_name = || -> Option<Option<Arc<str>>> {
        match r.take()? {
            0 => Some(None),
            n => name(names, n - 1).map(|s| Some(s.clone())),
        }
    };
    let component = next_name()?;
    let site = next_name()?;
    let steps = usize::try_from(r.take()?).ok()?;
    history.clear();
    history.reserve(steps.min(r.0.len() / 3));
    let (mut at, mut line) = (reported_at, report_line);
    for _ in 0..steps {
        let kind = kind_of(r.byte()?)?;
        at = at.wrapping_add(unzigzag(r.take()?));
        line = line.wrapping_add(unzigzag(r.take()?) as u64);
        history.push(Step {
            at: Timestamp::from_second(at).ok()?,
            line,
            kind,
        });
    }
    let reported_at = Timestamp::from_second(reported_at).ok()?;
    let reported = IncidentLog::reported(
        id,
        reported_at,
        report_line,
        class,
        priority,
        component,
        site,
    );
    Some(reported.with_history(history))
}

const STOPS: u8 = 0;
const REOPENED: u8 = 4;
const PRIORITY: u8 = 5;
const AWAITING: u8 = 8;
const REPLIED: u8 = 9;
const EXCLUDED: u8 = 10;

// Each kind's codes fit the room left for it (a new variant must move the codes after it).
const _: () = assert!(
    StopEvent::ALL.len() <= (REOPENED - STOPS) as usize
        && Priority::ALL.len() <= (AWAITING - PRIORITY) as usize
        && ExclusionReason::ALL.len() <= (u8::MAX - EXCLUDED) as usize + 1
        && IncidentClass::ALL.len() <= 8
        && Priority::ALL.len() < 16
);

fn kind_code(kind: StepKind) -> u8 {
    match kind {
        StepKind::Stop(s) => STOPS + s as u8,
        StepKind::Reopened => REOPENED,
        StepKind::PriorityChanged(p) => PRIORITY + p as u8,
        StepKind::AwaitingCustomer => AWAITING,
        StepKind::CustomerReplied => REPLIED,
        StepKind::Excluded(r) => EXCLUDED + r as u8,
    }
}

fn kind_of(code: u8) -> Option<StepKind> {
    let at = |base: u8| usize::from(code - base);
    Some(match code {
        REOPENED => StepKind::Reopened,
        AWAITING => StepKind::AwaitingCustomer,
        REPLIED => StepKind::CustomerReplied,
        c if c < REOPENED => StepKind::Stop(*StopEvent::ALL.get(at(STOPS))?),
        c if c < AWAITING => StepKind::PriorityChanged(*Priority::ALL.get(at(PRIORITY))?),
        _ => StepKind::Excluded(*ExclusionReason::ALL.get(at(EXCLUDED))?),
    })
}

pub(super) fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

pub(super) fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Appends `v` as LEB128: seven bits a byte, the high bit set on all but the last.
pub(super) fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(super) struct Reader<'a>(pub(super) &'a [u8]);

impl<'a> Reader<'a> {
    pub(super) fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    pub(super) fn take(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }

    pub(super) fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::event::{IncidentEvent, Shown};

    fn event() -> impl Strategy<Value = (i64, u64, IncidentEvent)> {
        let what = prop_oneof![
            (0..StopEvent::ALL.len()).prop_map(|i| IncidentEvent::Stop(StopEvent::ALL[i])),
            Just(IncidentEvent::Reopened),
            (0..Priority::ALL.len()).prop_map(|i| IncidentEvent::PriorityChanged {
                priority: Priority::ALL[i]
            }),
            Just(IncidentEvent::AwaitingCustomer),
            Just(IncidentEvent::CustomerReplied),
            (0..ExclusionReason::ALL.len()).prop_map(|i| IncidentEvent::Excluded {
                reason: ExclusionReason::ALL[i]
            }),
        ];
        (0i64..100_000, any::<u64>(), what)
    }

    proptest! {
        /// Whatever history the log lets an incident have, it packs and reads back equal.
        #[test]
        fn an_incident_reads_back_as_packed(
            name in "\\PC{0,20}",
            at in -62_135_596_800i64..253_402_300_799,
            line in any::<u64>(),
            class in 0..IncidentClass::ALL.len(),
            priority in proptest::option::of(0..Priority::ALL.len()),
            component in proptest::option::of("[a-z]{1,3}"),
            site in proptest::option::of("[a-z]{1,3}"),
            events in proptest::collection::vec(event(), 0..30),
        ) {
            let Ok(reported) = Timestamp::from_second(at) else { return Ok(()) };
            let mut inc = IncidentLog::reported(
                name.into(), reported, line, IncidentClass::ALL[class],
                priority.map(|p| Priority::ALL[p]), component.map(Into::into), site.map(Into::into),
            );
            let mut t = at;
            for (dt, line, what) in events {
                t = t.saturating_add(dt);
                let Ok(when) = Timestamp::from_second(t) else { break };
                let _ = inc.apply(when, line, &what, |t| Shown(t.to_zoned(chrono_tz::UTC)));
            }
            let mut names = NameTable::default();
            let mut out = vec![7u8];
            prop_assert!(pack(&inc, &mut names, &mut out));
            let packed = out.get(1..).unwrap_or_default();
            prop_assert_eq!(len(packed), Some(packed.len()));
            prop_assert_eq!(id(packed), Some(inc.id.as_bytes()));
            prop_assert_eq!(report(packed), Some((inc.reported_at, inc.report_line)));
            prop_assert_eq!(resolved(packed), Some(inc.resolved_at()));
            prop_assert_eq!(unpack(packed, names.names()), Some(inc));
        }
    }

    #[test]
    fn integers_round_trip_at_their_edges() {
        for v in [0, 1, -1, 63, -64, 64, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            put(&mut out, zigzag(v));
            assert_eq!(Reader(&out).take().map(unzigzag), Some(v));
        }
        for v in [0, 127, 128, u64::MAX] {
            let mut out = Vec::new();
            put(&mut out, v);
            assert_eq!(Reader(&out).take(), Some(v));
        }
    }
}
