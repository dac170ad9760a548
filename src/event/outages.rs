//! The ended outages of a log, packed one after another.
//!
//! An ended outage never changes, and it is read only in the order recorded, so each is kept
//! as differences from the one before (its start, its line), its length, and its component by
//! number: about a dozen bytes instead of 72, and a year of a million outages in about 12 MB.

use std::sync::Arc;

use super::OutageRecord;
use super::arena::Arena;
use super::packed::{self, NameTable, Reader, put, unzigzag, zigzag};
use crate::Timestamp;
use crate::contract::ExclusionReason;

/// The ended outages, in the order recorded.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outages {
    packed: Arena,
    names: NameTable,
    /// Outages that would not read back exactly as packed (none is known), in full.
    whole: Vec<OutageRecord>,
    /// The start and line the next packed outage is told from.
    last: Last,
    scratch: Vec<u8>,
    count: usize,
}

/// The start and line of the outage packed last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Last {
    from: i64,
    line: u64,
}

const PACKED: u8 = 0;
const WHOLE: u8 = 1;
const HAS_TO: u8 = 1 << 1;
const HAS_ID: u8 = 1 << 2;
const CAUSE_SHIFT: u32 = 3;

// A cause is written as its number + 1 in the five bits above the flags.
const _: () = assert!(ExclusionReason::ALL.len() < (1 << (8 - CAUSE_SHIFT)));

impl Outages {
    /// Adds an ended (or recorded) outage after the others.
    pub(crate) fn push(&mut self, outage: OutageRecord) {
        self.count += 1;
        self.scratch.clear();
        write(&outage, self.last, &mut self.names, &mut self.scratch);
        let mut back = Reader(&self.scratch);
        if read(&mut back, self.last, &self.names, &self.whole).as_ref() == Some(&outage)
            && back.0.is_empty()
        {
            self.packed.push(&self.scratch);
            self.last = Last {
                from: outage.from.as_second(),
                line: outage.line,
            };
        } else {
            self.push_whole(outage);
        }
    }

    /// Keeps `outage` whole, with a record naming its place among the whole ones.
    fn push_whole(&mut self, outage: OutageRecord) {
        self.scratch.clear();
        self.scratch.push(WHOLE);
        put(&mut self.scratch, self.whole.len() as u64);
        self.packed.push(&self.scratch);
        self.whole.push(outage);
    }

    /// The outages in the order recorded.
    pub(crate) fn iter(&self) -> Iter<'_> {
        let mut blocks = self.packed.blocks();
        Iter {
            current: blocks.next().map_or(&[], Vec::as_slice),
            blocks,
            last: Last::default(),
            outages: self,
            left: self.count,
        }
    }
}

fn write(o: &OutageRecord, last: Last, names: &mut NameTable, out: &mut Vec<u8>) {
    let mut flags = PACKED;
    if o.to.is_some() {
        flags |= HAS_TO;
    }
    if o.id.is_some() {
        flags |= HAS_ID;
    }
    flags |= o.cause.map_or(0, |c| c as u8 + 1) << CAUSE_SHIFT;
    out.push(flags);
    put(out, names.number(&o.component));
    let from = o.from.as_second();
    put(out, zigzag(from.wrapping_sub(last.from)));
    if let Some(to) = o.to {
        put(out, zigzag(to.as_second().wrapping_sub(from)));
    }
    put(out, zigzag(o.line.wrapping_sub(last.line) as i64));
    if let Some(id) = &o.id {
        put(out, id.len() as u64);
        out.extend_from_slice(id.as_bytes());
    }
}

/// The outage at the start of `r`, told from `last`.
fn read(
    r: &mut Reader<'_>,
    last: Last,
    names: &NameTable,
    whole: &[OutageRecord],
) -> Option<OutageRecord> {
    let flags = r.byte()?;
    if flags == WHOLE {
        let i = usize::try_from(r.take()?).ok()?;
        return whole.get(i).cloned();
    }
    let component = packed::name(names.names(), r.take()?)?.clone();
    let from = last.from.wrapping_add(unzigzag(r.take()?));
    let to = if flags & HAS_TO != 0 {
        Some(Timestamp::from_second(from.wrapping_add(unzigzag(r.take()?))).ok()?)
    } else {
        None
    };
    let line = last.line.wrapping_add(unzigzag(r.take()?) as u64);
    let id = if flags & HAS_ID != 0 {
        let n = usize::try_from(r.take()?).ok()?;
        let id: Arc<str> = std::str::from_utf8(r.bytes(n)?).ok()?.into();
        Some(id)
    } else {
        None
    };
    let cause = match flags >> CAUSE_SHIFT {
        0 => None,
        c => Some(*ExclusionReason::ALL.get(usize::from(c - 1))?),
    };
    Some(OutageRecord {
        id,
        component,
        from: Timestamp::from_second(from).ok()?,
        to,
        cause,
        line,
    })
}

/// The outages of a log in the order recorded, unpacked one by one.
#[derive(Debug, Clone)]
pub(crate) struct Iter<'a> {
    blocks: std::slice::Iter<'a, Vec<u8>>,
    current: &'a [u8],
    last: Last,
    outages: &'a Outages,
    left: usize,
}

impl Iterator for Iter<'_> {
    type Item = OutageRecord;

    fn next(&mut self) -> Option<OutageRecord> {
        while self.current.is_empty() {
            self.current = self.blocks.next()?.as_slice();
        }
        let mut r = Reader(self.current);
        // A packed record's flags never equal WHOLE (its low bit is never set).
        let packed = r.0.first() != Some(&WHOLE);
        // Every record read back when it was pushed, from the same `last`.
        let o = read(&mut r, self.last, &self.outages.names, &self.outages.whole)?;
        self.current = r.0;
        if packed {
            self.last = Last {
                from: o.from.as_second(),
                line: o.line,
            };
        }
        self.left = self.left.saturating_sub(1);
        Some(o)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Any outages, in any order of start and line, read back as recorded.
        #[test]
        fn outages_read_back_in_order(
            outages in proptest::collection::vec((
                proptest::option::of("[a-z0-9-]{0,12}"),
                0usize..4,
                -62_135_596_800i64..253_402_300_799,
                proptest::option::of(0i64..10_000_000),
                proptest::option::of(0..ExclusionReason::ALL.len()),
                any::<u64>(),
            ), 0..200),
        ) {
            let components = ["db", "api", "back-office", "数据接口"];
            let mut kept = Outages::default();
            let mut all = Vec::new();
            for (id, c, from, len, cause, line) in outages {
                let Ok(start) = Timestamp::from_second(from) else { continue };
                let o = OutageRecord {
                    id: id.map(Into::into),
                    component: components[c].into(),
                    from: start,
                    to: len.and_then(|n| start.checked_add(n)),
                    cause: cause.map(|c| ExclusionReason::ALL[c]),
                    line,
                };
                kept.push(o.clone());
                all.push(o);
            }
            prop_assert!(kept.whole.is_empty());
            prop_assert_eq!(kept.iter().len(), all.len());
            prop_assert_eq!(kept.iter().collect::<Vec<_>>(), all);
        }
    }

    /// Outages kept whole among packed ones do not shift the differences the packed ones are
    /// told from, and the read goes on across blocks.
    #[test]
    fn whole_outages_among_packed_ones_and_several_blocks_read_back() {
        let mut kept = Outages::default();
        let mut all = Vec::new();
        let start = 1_735_660_800; // 2025-01-01T00:00:00+08:00
        for i in 0..300_000i64 {
            let from = Timestamp::from_second(start + 97 * i).unwrap_or(Timestamp::MIN);
            let o = OutageRecord {
                id: (i % 1_000 == 0).then(|| format!("OUT-{i}").into()),
                component: if i % 2 == 0 { "db" } else { "api" }.into(),
                from,
                to: from.checked_add(60 + i % 7),
                cause: None,
                line: 2 * i as u64 + 1,
            };
            if i % 777 == 5 {
                kept.count += 1;
                kept.push_whole(o.clone());
            } else {
                kept.push(o.clone());
            }
            all.push(o);
        }
        assert!(kept.packed.blocks().count() > 1, "more than one block");
        assert_eq!(kept.whole.len(), 300_000 / 777 + 1);
        assert_eq!(kept.iter().len(), all.len());
        assert!(kept.iter().eq(all.iter().cloned()));
    }
}
