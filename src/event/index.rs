//! The incidents of a log: found by id in constant time, listed in id order, the resolved ones
//! packed.
//!
//! Every event of an incident looks it up by id; a `BTreeMap` of a million string ids spends most
//! of a large read comparing strings it has to fetch from memory. A hash index finds the
//! incident. It keeps 32 bits of each id's hash and the incident's number, eight bytes an
//! incident where a map from ids took about fifty: the id itself is compared in the incident,
//! and an id whose 32 bits another id took first goes to a small map of its own.
//!
//! A resolved incident seldom changes (a reopening, a late priority change), and a year's log is
//! mostly resolved incidents: each is packed when it resolves (`packed`, a few dozen bytes
//! instead of about 250) and unpacked when another event of it arrives.
//!
//! The order reports list incidents in (by id) is worked out when first asked for, by one sort,
//! and then kept: an incident reported after that is put in its place at once (a binary search,
//! then a shift of the numbers after it), so a report asked for after every event does not sort
//! again, and a batch read that asks only at the end sorts once. A live board's countdowns,
//! which sort by deadline, never ask for it. The sort's keys carry each id's first 16 bytes as a
//! number, so that most comparisons need neither string; the binary search compares whole ids
//! (about twenty).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher, RandomState};
use std::sync::{Arc, OnceLock};

use super::arena::Arena;
use super::packed::{self, NameTable};
use super::{IncidentLog, Step};
use crate::Timestamp;

#[derive(Debug, Clone, Default)]
pub(crate) struct Incidents {
    /// Where each incident is, by number: the order reported.
    places: Vec<Place>,
    /// The incidents not packed.
    open: Vec<Held>,
    /// The packed incidents, one after another.
    packed: Arena,
    /// Where an incident is packed before it goes to `packed`.
    scratch: Vec<u8>,
    /// Bytes of `packed` no longer used (incidents unpacked since).
    unused: usize,
    /// The component and site names packed incidents refer to.
    names: NameTable,
    /// Numbers by id; let go by `shrink_to_fit` (a log read whole is walked, not looked up)
    /// and built again when next needed.
    index: OnceLock<Index>,
    /// The ids' hash, keyed afresh for each log, so that no input can choose its collisions.
    hasher: RandomState,
    /// The numbers in id order, once asked for.
    order: OnceLock<Vec<usize>>,
}

/// Incident numbers by id.
#[derive(Debug, Clone, Default)]
struct Index {
    /// Numbers by 32 bits of the id's hash.
    by_hash: HashMap<u32, u32, BuildHasherDefault<Spread>>,
    /// Numbers of the ids `by_hash` cannot hold: their 32 bits were taken first (about a hundred
    /// of a million ids), or the number is over 32 bits.
    others: HashMap<Arc<str>, usize>,
}

impl Index {
    fn add(&mut self, hash: u32, id: &[u8], n: usize) {
        match u32::try_from(n) {
            Ok(n32) if !self.by_hash.contains_key(&hash) => {
                self.by_hash.insert(hash, n32);
            }
            _ => {
                let id = String::from_utf8_lossy(id);
                self.others.insert(id.into(), n);
            }
        }
    }
}

/// An incident held whole.
#[derive(Debug, Clone)]
struct Held {
    /// Its number (its place in `places`).
    number: usize,
    incident: IncidentLog,
    /// The length of its history when last unpacked, at least 1 (0 if never packed): an
    /// incident packed with no step yet is packed again at its first resolution.
    unpacked_at: usize,
}

/// An incident as stored: held whole, or packed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stored<'a> {
    Whole(&'a IncidentLog),
    Packed(&'a [u8]),
}

impl<'a> Stored<'a> {
    /// When it was reported, read without unpacking it.
    pub(crate) fn reported_at(self) -> Option<Timestamp> {
        match self {
            Stored::Whole(inc) => Some(inc.reported_at),
            Stored::Packed(bytes) => packed::report(bytes).map(|(at, _)| at),
        }
    }

    /// The incident, unpacked if packed, with `names` (the log's, or a copy of them): `None`
    /// only if a packing does not read back, which packing rules out (it reads each back).
    pub(crate) fn open(self, names: &[Arc<str>]) -> Option<Cow<'a, IncidentLog>> {
        self.open_into(names, &mut Vec::new())
    }

    /// As [`open`](Self::open), a packed incident's history written into the list taken from
    /// `history`, which [`IncidentLog::into_history`] gives back for the next (an incident held
    /// whole leaves it where it is).
    pub(crate) fn open_into(
        self,
        names: &[Arc<str>],
        history: &mut Vec<Step>,
    ) -> Option<Cow<'a, IncidentLog>> {
        match self {
            Stored::Whole(inc) => Some(Cow::Borrowed(inc)),
            Stored::Packed(bytes) => {
                packed::unpack_into(bytes, names, std::mem::take(history)).map(Cow::Owned)
            }
        }
    }
}

/// Where an incident is: its place in `open` (even), or where its packing starts (odd).
#[derive(Debug, Clone, Copy)]
struct Place(usize);

enum Where {
    Open(usize),
    Packed(usize),
}

impl Place {
    fn open(i: usize) -> Place {
        Place(i << 1)
    }

    fn packed(at: usize) -> Place {
        Place((at << 1) | 1)
    }

    fn get(self) -> Where {
        if self.0 & 1 == 0 {
            Where::Open(self.0 >> 1)
        } else {
            Where::Packed(self.0 >> 1)
        }
    }
}

impl Incidents {
    pub(crate) fn get(&self, id: &str) -> Option<Cow<'_, IncidentLog>> {
        self.find(id).and_then(|n| self.at(n))
    }

    /// The instant and line of the report of `id`, read without unpacking it: a line reporting
    /// an incident again is refused naming the first report, and must not cost the length of
    /// the incident's history (a million such lines would be quadratic).
    pub(crate) fn report_of(&self, id: &str) -> Option<(Timestamp, u64)> {
        match self.stored_at(self.find(id)?)? {
            Stored::Whole(inc) => Some((inc.reported_at, inc.report_line)),
            Stored::Packed(bytes) => packed::report(bytes),
        }
    }

    /// Changes the incident `id`: unpacks it if packed, and packs it again if it is resolved
    /// after and its history has doubled since it was unpacked.
    pub(crate) fn update<R>(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut IncidentLog) -> R,
    ) -> Option<R> {
        let n = self.find(id)?;
        let packing = match self.places.get(n)?.get() {
            Where::Packed(at) => Some((at, self.packed.get(at).and_then(packed::len)?)),
            Where::Open(_) => None,
        };
        let i = self.unpack(n)?;
        let last = i + 1 == self.open.len();
        let held = self.open.get_mut(i)?;
        let steps = held.incident.history().len();
        let r = f(&mut held.incident);
        if let Some((at, len)) = packing
            && held.incident.history().len() == steps
            && last
        {
            // Refused: an event that is applied adds a step, and one refused changes nothing,
            // so the packing still holds. Keeping it, rather than the copy unpacked, means a
            // stream of refused lines does not undo the packing.
            self.open.pop();
            if let Some(place) = self.places.get_mut(n) {
                *place = Place::packed(at);
            }
            self.unused = self.unused.saturating_sub(len);
            return Some(r);
        }
        // Packing costs the length of the history, so one busy incident resolved and reopened
        // over and over is packed again only once its history has doubled since it was last
        // unpacked: the work stays linear in its events.
        if held.incident.is_resolved() && held.incident.history().len() >= 2 * held.unpacked_at {
            self.pack(i);
        }
        self.tidy();
        Some(r)
    }

    /// Adds a new incident (the caller has checked that its id is new).
    pub(crate) fn insert(&mut self, incident: IncidentLog) {
        let n = self.places.len();
        let hash = self.hash(incident.id.as_bytes());
        let mut index = self.index.take().unwrap_or_else(|| self.build_index());
        index.add(hash, incident.id.as_bytes(), n);
        self.index = OnceLock::from(index);
        let id = incident.id.clone();
        let resolved = incident.is_resolved();
        self.places.push(Place::open(self.open.len()));
        self.open.push(Held {
            number: n,
            incident,
            unpacked_at: 0,
        });
        if resolved {
            self.pack(self.open.len() - 1);
        }
        let Incidents {
            places,
            open,
            packed,
            order,
            ..
        } = self;
        if let Some(order) = order.get_mut() {
            let at = order.partition_point(|&m| id_of(places, open, packed, m) < id.as_bytes());
            order.insert(at, n);
        }
    }

    /// Packs every incident held whole, resolved or not, and gives back spare room: for a log
    /// read whole before it is judged. An incident still changes if another event arrives.
    pub(crate) fn shrink_to_fit(&mut self) {
        // From the end: packing swaps the last incident into the place packed.
        for i in (0..self.open.len()).rev() {
            self.pack(i);
        }
        self.open.shrink_to_fit();
        self.places.shrink_to_fit();
        self.index = OnceLock::new();
    }

    /// The incidents in the order they were reported: no id order is worked out (nor kept up
    /// afterwards) for a caller that counts, or sorts by something else.
    pub(crate) fn as_reported(&self) -> Listed<'_, std::ops::Range<usize>> {
        Listed {
            numbers: 0..self.places.len(),
            incidents: self,
        }
    }

    /// The incidents in the order reported, less the packed ones whose standing resolution was
    /// given at or before `by`, passed over without unpacking them.
    pub(crate) fn as_reported_unresolved_by(
        &self,
        by: Timestamp,
    ) -> impl Iterator<Item = Cow<'_, IncidentLog>> + Clone + '_ {
        (0..self.places.len()).filter_map(move |n| {
            let stored = self.stored_at(n)?;
            if let Stored::Packed(bytes) = stored
                && let Some(Some(resolved)) = packed::resolved(bytes)
                && resolved <= by
            {
                return None;
            }
            stored.open(self.names.names())
        })
    }

    /// The incidents by id.
    pub(crate) fn iter(&self) -> Listed<'_, std::iter::Copied<std::slice::Iter<'_, usize>>> {
        Listed {
            numbers: self.order().iter().copied(),
            incidents: self,
        }
    }

    /// The incidents by id as they are stored, none unpacked: for judging them on every core,
    /// each unpacking its own ([`Stored::open`]).
    pub(crate) fn stored(&self) -> impl Iterator<Item = Stored<'_>> + '_ {
        self.order().iter().filter_map(|&n| self.stored_at(n))
    }

    /// The names packed incidents refer to, copied afresh: a core that unpacks incidents with
    /// its own copy counts references to names on its own, not on the other cores' (two cores
    /// counting references to the same few names slowed each other down more than unpacking
    /// on one core did).
    pub(crate) fn names_for_a_core(&self) -> Vec<Arc<str>> {
        self.names.names().iter().map(|n| Arc::from(&**n)).collect()
    }

    /// The numbers in id order, worked out once.
    fn order(&self) -> &[usize] {
        self.order.get_or_init(|| {
            let (places, open, packed) = (&self.places, &self.open, &self.packed);
            let id = |n: usize| id_of(places, open, packed, n);
            let mut keys: Vec<(u128, usize)> =
                (0..places.len()).map(|n| (head(id(n)), n)).collect();
            keys.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| id(a.1).cmp(id(b.1))));
            keys.into_iter().map(|(_, n)| n).collect()
        })
    }

    fn hash(&self, id: &[u8]) -> u32 {
        // The low half: the hash is keyed, so any 32 of its bits will do.
        self.hasher.hash_one(id) as u32
    }

    fn find(&self, id: &str) -> Option<usize> {
        let index = self.index.get_or_init(|| self.build_index());
        if let Some(&n) = index.by_hash.get(&self.hash(id.as_bytes())) {
            let n = n as usize;
            if id_of(&self.places, &self.open, &self.packed, n) == id.as_bytes() {
                return Some(n);
            }
        }
        if index.others.is_empty() {
            return None;
        }
        index.others.get(id).copied()
    }

    /// The index of every incident, in the order reported (which settles which of two ids
    /// whose bits collide goes to `others`).
    fn build_index(&self) -> Index {
        let mut index = Index::default();
        index.by_hash.reserve(self.places.len());
        for n in 0..self.places.len() {
            let id = id_of(&self.places, &self.open, &self.packed, n);
            index.add(self.hash(id), id, n);
        }
        index
    }

    /// The incident numbered `n`.
    fn at(&self, n: usize) -> Option<Cow<'_, IncidentLog>> {
        self.stored_at(n)?.open(self.names.names())
    }

    /// The incident numbered `n` as it is stored, not read.
    fn stored_at(&self, n: usize) -> Option<Stored<'_>> {
        match self.places.get(n)?.get() {
            Where::Open(i) => self.open.get(i).map(|h| Stored::Whole(&h.incident)),
            Where::Packed(at) => self.packed.get(at).map(Stored::Packed),
        }
    }

    /// Unpacks incident `n` if packed; returns its place in `open`.
    fn unpack(&mut self, n: usize) -> Option<usize> {
        let at = match self.places.get(n)?.get() {
            Where::Open(i) => return Some(i),
            Where::Packed(at) => at,
        };
        let bytes = self.packed.get(at)?;
        let inc = packed::unpack(bytes, self.names.names())?;
        self.unused += packed::len(bytes).unwrap_or(0);
        let i = self.open.len();
        self.open.push(Held {
            number: n,
            unpacked_at: inc.history().len().max(1),
            incident: inc,
        });
        *self.places.get_mut(n)? = Place::open(i);
        Some(i)
    }

    /// Packs the incident at place `i` of `open` (it stays open if it cannot be packed exactly).
    fn pack(&mut self, i: usize) {
        let Some(held) = self.open.get(i) else {
            return;
        };
        let n = held.number;
        self.scratch.clear();
        if !packed::pack(&held.incident, &mut self.names, &mut self.scratch) {
            return;
        }
        let at = self.packed.push(&self.scratch);
        if let Some(place) = self.places.get_mut(n) {
            *place = Place::packed(at);
        }
        self.open.swap_remove(i);
        if let Some(moved) = self.open.get(i)
            && let Some(place) = self.places.get_mut(moved.number)
        {
            *place = Place::open(i);
        }
        self.tidy();
    }

    /// Drops the bytes of incidents unpacked since they were packed, once they are over a
    /// mebibyte and half of all: each byte is copied a bounded number of times on average.
    fn tidy(&mut self) {
        if self.unused <= 1 << 20 || self.unused <= self.packed.len() / 2 {
            return;
        }
        let mut kept = Arena::default();
        for place in &mut self.places {
            if let Where::Packed(at) = place.get()
                && let Some(bytes) = self.packed.get(at)
                && let Some(one) = packed::len(bytes).and_then(|n| bytes.get(..n))
            {
                *place = Place::packed(kept.push(one));
            }
        }
        self.packed = kept;
        self.unused = 0;
    }
}

/// The id of incident `n` ("" for none: every number is in `places`).
fn id_of<'a>(places: &[Place], open: &'a [Held], packed: &'a Arena, n: usize) -> &'a [u8] {
    let id = match places.get(n).map(|p| p.get()) {
        Some(Where::Open(i)) => open.get(i).map(|h| h.incident.id.as_bytes()),
        Some(Where::Packed(at)) => packed.get(at).and_then(packed::id),
        None => None,
    };
    id.unwrap_or_default()
}

/// The first 16 bytes of `id`, zero-padded, big-endian: comparing these first, then the whole
/// ids, orders ids as comparing the ids alone does (a shorter id that is the start of a longer
/// one is padded with zeros, which sort first, as it does).
fn head(id: &[u8]) -> u128 {
    let mut bytes = [0u8; 16];
    for (b, c) in bytes.iter_mut().zip(id) {
        *b = *c;
    }
    u128::from_be_bytes(bytes)
}

/// A hasher for keys that are already hashes: it spreads their bits over the 64 the table
/// reads (it takes its top seven bits as tags, the low ones as places).
#[derive(Debug, Clone, Copy, Default)]
struct Spread(u64);

impl Hasher for Spread {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u32(&mut self, v: u32) {
        self.0 = u64::from(v);
    }
}

/// Incidents listed by number: borrowed if held whole, unpacked if packed.
#[derive(Debug, Clone)]
pub(crate) struct Listed<'a, I> {
    numbers: I,
    incidents: &'a Incidents,
}

impl<'a, I: Iterator<Item = usize>> Iterator for Listed<'a, I> {
    type Item = Cow<'a, IncidentLog>;

    fn next(&mut self) -> Option<Cow<'a, IncidentLog>> {
        // Every number listed is an incident, and every packed incident unpacks (it was read
        // back when packed): nothing is skipped.
        self.numbers.by_ref().find_map(|n| self.incidents.at(n))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.numbers.size_hint()
    }
}

impl<I: ExactSizeIterator<Item = usize>> ExactSizeIterator for Listed<'_, I> {}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::{Incidents, head};
    use crate::Timestamp;
    use crate::contract::{IncidentClass, StopEvent};
    use crate::event::{IncidentEvent, IncidentLog, Shown};

    fn report(id: &str) -> IncidentLog {
        IncidentLog::reported(
            id.into(),
            Timestamp::MIN,
            1,
            IncidentClass::Question,
            None,
            None,
            None,
        )
    }

    /// Applies `what` to `id` at second `t`, as the log does.
    fn apply(incidents: &mut Incidents, id: &str, t: i64, what: IncidentEvent) -> bool {
        let at = Timestamp::MIN.saturating_add(t);
        let show = |t: Timestamp| Shown(t.to_zoned(chrono_tz::UTC));
        incidents
            .update(id, |inc| inc.apply(at, 2, &what, show))
            .is_some_and(|r| r.is_ok())
    }

    fn ids(incidents: &Incidents) -> Vec<String> {
        incidents.iter().map(|i| i.id.to_string()).collect()
    }

    proptest! {
        /// Asked for at any points of the reading (a live board) or only at the end (a batch
        /// read), the order is the ids' order; and whatever was resolved (packed), reopened
        /// (unpacked) or packed again, every incident is found by id with its whole history.
        #[test]
        fn incidents_come_in_id_order_whenever_asked(
            ids_in in proptest::collection::hash_set("[A-C0-9\\-]{0,18}", 0..60),
            asks in proptest::collection::vec(any::<bool>(), 60),
            changes in proptest::collection::vec((0usize..60, 0u8..3), 0..120),
        ) {
            let ids_in: Vec<String> = ids_in.into_iter().collect();
            let mut incidents = Incidents::default();
            let mut sorted: Vec<String> = Vec::new();
            let mut steps: BTreeMap<String, usize> = BTreeMap::new();
            let mut t = 0;
            for (k, (id, ask)) in ids_in.iter().zip(&asks).enumerate() {
                incidents.insert(report(id));
                sorted.push(id.clone());
                steps.insert(id.clone(), 0);
                for &(which, what) in changes.iter().skip(2 * k).take(2) {
                    let Some(id) = ids_in.get(which % (k + 1)) else { continue };
                    let what = match what {
                        0 => IncidentEvent::Stop(StopEvent::Resolved),
                        1 => IncidentEvent::Reopened,
                        _ => IncidentEvent::AwaitingCustomer,
                    };
                    t += 1;
                    if apply(&mut incidents, id, t, what) {
                        *steps.entry(id.clone()).or_default() += 1;
                    }
                }
                if *ask {
                    sorted.sort();
                    prop_assert_eq!(ids(&incidents), sorted.clone());
                }
            }
            sorted.sort();
            prop_assert_eq!(incidents.iter().len(), sorted.len());
            prop_assert_eq!(ids(&incidents), sorted);
            for (id, n) in steps {
                let inc = incidents.get(&id);
                prop_assert_eq!(inc.map(|i| (i.id.to_string(), i.history().len())), Some((id, n)));
            }
        }

        #[test]
        fn ordering_by_head_then_id_is_ordering_by_id(a in "[A-Z0-9\\-\\x00é中]{0,20}", b in "[A-Z0-9\\-\\x00é中]{0,20}") {
            prop_assert_eq!((head(a.as_bytes()), &a).cmp(&(head(b.as_bytes()), &b)), a.cmp(&b));
        }
    }

    /// Two ids whose 32 bits of hash collide are both found: the second through the map of its
    /// own, packed or not.
    #[test]
    fn an_id_whose_hash_is_taken_is_still_found() {
        let mut incidents = Incidents::default();
        incidents.insert(report("A"));
        let taken = incidents.hash(b"B");
        let mut index = incidents.index.take().unwrap_or_default();
        index.by_hash.insert(taken, 0);
        incidents.index = index.into();
        incidents.insert(report("B"));
        assert_eq!(incidents.index.get().map(|i| i.others.len()), Some(1));
        assert!(apply(
            &mut incidents,
            "B",
            5,
            IncidentEvent::Stop(StopEvent::Resolved)
        ));
        assert!(incidents.open.len() == 1, "B is packed");
        assert_eq!(incidents.get("B").map(|b| b.history().len()), Some(1));
        assert_eq!(
            incidents.get("A").map(|a| a.id.to_string()),
            Some("A".to_owned())
        );
        assert!(incidents.get("C").is_none());
    }

    /// Shrunk, every incident is packed, open or not, and reads back as it was; the index is
    /// built again for the next event, which still applies to its whole history.
    #[test]
    fn shrinking_packs_open_incidents_too() {
        let mut incidents = Incidents::default();
        for id in ["A", "B", "C"] {
            incidents.insert(report(id));
        }
        assert!(apply(
            &mut incidents,
            "A",
            1,
            IncidentEvent::AwaitingCustomer
        ));
        assert!(apply(
            &mut incidents,
            "B",
            2,
            IncidentEvent::Stop(StopEvent::Resolved)
        ));
        let before: Vec<IncidentLog> = incidents.iter().map(|i| i.into_owned()).collect();
        incidents.shrink_to_fit();
        assert!(incidents.open.is_empty());
        assert!(
            incidents.index.get().is_none(),
            "the index is let go, and built when needed"
        );
        let after: Vec<IncidentLog> = incidents.iter().map(|i| i.into_owned()).collect();
        assert_eq!(after, before);
        // A's wait is still open: a second wait is refused, the reply accepted.
        assert!(!apply(
            &mut incidents,
            "A",
            3,
            IncidentEvent::AwaitingCustomer
        ));
        assert!(apply(
            &mut incidents,
            "A",
            4,
            IncidentEvent::CustomerReplied
        ));
        assert_eq!(incidents.get("A").map(|a| a.history().len()), Some(2));
    }

    /// An event refused on a packed incident leaves it packed, its bytes in use.
    #[test]
    fn a_refused_event_leaves_the_packing_as_it_was() {
        let mut incidents = Incidents::default();
        incidents.insert(report("A"));
        let resolved = IncidentEvent::Stop(StopEvent::Resolved);
        assert!(apply(&mut incidents, "A", 1, resolved.clone()));
        assert!(incidents.open.is_empty());
        for t in 2..50 {
            assert!(
                !apply(&mut incidents, "A", t, resolved.clone()),
                "resolved twice"
            );
        }
        assert!(incidents.open.is_empty());
        assert_eq!(incidents.unused, 0);
        assert_eq!(incidents.report_of("A").map(|(_, line)| line), Some(1));
        assert!(apply(&mut incidents, "A", 60, IncidentEvent::Reopened));
        assert_eq!(incidents.get("A").map(|a| a.history().len()), Some(2));
    }

    /// Unpacking leaves packed bytes unused; past a mebibyte and half of all, they are dropped.
    /// An incident reopened again soon after it was unpacked stays whole until its history has
    /// doubled. Every incident reads back whole throughout.
    #[test]
    fn unused_packed_bytes_are_dropped() {
        let mut incidents = Incidents::default();
        let ids: Vec<String> = (0..4_000)
            .map(|i| format!("INC-{i:05}-{}", "x".repeat(400)))
            .collect();
        for id in &ids {
            incidents.insert(report(id));
        }
        let mut t = 0;
        let mut round = |incidents: &mut Incidents, what: IncidentEvent| {
            for id in &ids {
                t += 1;
                assert!(apply(incidents, id, t, what.clone()));
            }
        };
        let resolved = IncidentEvent::Stop(StopEvent::Resolved);
        round(&mut incidents, resolved.clone());
        assert!(incidents.open.is_empty());
        let all = incidents.packed.len();
        assert!(all > 4_000 * 400);
        round(&mut incidents, IncidentEvent::Reopened);
        assert_eq!(incidents.open.len(), 4_000);
        assert!(
            incidents.packed.len() < all / 2,
            "dropped when over a mebibyte and half"
        );
        round(&mut incidents, resolved.clone()); // 3 steps, twice the 1 when unpacked: packed
        assert!(incidents.open.is_empty());
        round(&mut incidents, IncidentEvent::Reopened);
        round(&mut incidents, resolved.clone()); // 5 steps: unpacked at 3, so not yet twice
        assert_eq!(incidents.open.len(), 4_000);
        for id in &ids {
            assert_eq!(incidents.get(id).map(|i| i.history().len()), Some(5));
        }
    }
}
