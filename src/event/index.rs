//! The incidents of a log: found by id in constant time, listed in id order.
//!
//! Every event of an incident looks it up by id; a `BTreeMap` of a million string ids spends most
//! of a large read comparing strings it has to fetch from memory. A hash index finds the
//! incident. The order reports list incidents in (by id) is worked out when first asked for, by
//! one sort, and then kept: an incident reported after that is put in its place at once (a
//! binary search, then a shift of the places after it: a memory move of 32 bytes an incident),
//! so a report asked for after every event does not sort again, and a batch read that asks only
//! at the end sorts once. A live board's countdowns, which sort by deadline, never ask for it. Sort keys carry each id's first 16 bytes as a
//! number, so that most comparisons need neither string.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::IncidentLog;

#[derive(Debug, Clone, Default)]
pub(crate) struct Incidents {
    /// In the order reported.
    list: Vec<IncidentLog>,
    /// Where each id is in `list`.
    by_id: HashMap<Arc<str>, usize>,
    /// The places in `list` in id order, once asked for.
    order: OnceLock<Vec<(u128, usize)>>,
}

impl Incidents {
    pub(crate) fn get(&self, id: &str) -> Option<&IncidentLog> {
        self.by_id.get(id).and_then(|&i| self.list.get(i))
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut IncidentLog> {
        self.by_id.get(id).and_then(|&i| self.list.get_mut(i))
    }

    /// Adds a new incident (the caller has checked that its id is new).
    pub(crate) fn insert(&mut self, incident: IncidentLog) {
        let place = self.list.len();
        self.by_id.insert(incident.id.clone(), place);
        let key = (head(&incident.id), place);
        let id = incident.id.clone();
        self.list.push(incident);
        if let Some(order) = self.order.get_mut() {
            let list = &self.list;
            let at = order.partition_point(|k| by_id(list, k, &key, &id) == Ordering::Less);
            order.insert(at, key);
        }
    }

    /// The incidents in the order they were reported: no id order is worked out (nor kept up
    /// afterwards) for a caller that counts, or sorts by something else.
    pub(crate) fn as_reported(&self) -> std::slice::Iter<'_, IncidentLog> {
        self.list.iter()
    }

    /// The incidents by id.
    pub(crate) fn iter(&self) -> InIdOrder<'_> {
        let order = self.order.get_or_init(|| {
            let mut order: Vec<(u128, usize)> = self
                .list
                .iter()
                .enumerate()
                .map(|(i, inc)| (head(&inc.id), i))
                .collect();
            order.sort_unstable_by(|a, b| match a.0.cmp(&b.0) {
                Ordering::Equal => id_at(&self.list, a.1).cmp(id_at(&self.list, b.1)),
                other => other,
            });
            order
        });
        InIdOrder {
            order: order.iter(),
            list: &self.list,
        }
    }
}

/// The id of the incident at `place` ("" for none: every place kept is in the list).
fn id_at(list: &[IncidentLog], place: usize) -> &str {
    list.get(place).map_or("", |inc| &inc.id)
}

/// How the incident of sort key `k` compares with `id` (whose key is `key`).
fn by_id(list: &[IncidentLog], k: &(u128, usize), key: &(u128, usize), id: &str) -> Ordering {
    match k.0.cmp(&key.0) {
        Ordering::Equal => id_at(list, k.1).cmp(id),
        other => other,
    }
}

/// The first 16 bytes of `id`, zero-padded, big-endian: comparing these first, then the whole
/// ids, orders ids as comparing the ids alone does (a shorter id that is the start of a longer
/// one is padded with zeros, which sort first, as it does).
fn head(id: &str) -> u128 {
    let mut bytes = [0u8; 16];
    for (b, c) in bytes.iter_mut().zip(id.bytes()) {
        *b = c;
    }
    u128::from_be_bytes(bytes)
}

/// The incidents of a log by id.
#[derive(Debug, Clone)]
pub(crate) struct InIdOrder<'a> {
    order: std::slice::Iter<'a, (u128, usize)>,
    list: &'a [IncidentLog],
}

impl<'a> Iterator for InIdOrder<'a> {
    type Item = &'a IncidentLog;

    fn next(&mut self) -> Option<&'a IncidentLog> {
        // Every place in `order` is in `list`: both grow together in `insert`.
        self.order.next().and_then(|&(_, i)| self.list.get(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.order.size_hint()
    }
}

impl ExactSizeIterator for InIdOrder<'_> {}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Incidents, head};
    use crate::Timestamp;
    use crate::contract::IncidentClass;
    use crate::event::IncidentLog;

    proptest! {
        /// Asked for at any points of the reading (a live board) or only at the end (a batch
        /// read), the order is the ids' order.
        #[test]
        fn incidents_come_in_id_order_whenever_asked(
            ids in proptest::collection::hash_set("[A-C0-9\\-]{0,18}", 0..60),
            asks in proptest::collection::vec(any::<bool>(), 60),
        ) {
            let mut incidents = Incidents::default();
            let mut sorted: Vec<String> = Vec::new();
            for (id, ask) in ids.iter().zip(&asks) {
                incidents.insert(IncidentLog::reported(
                    id.as_str().into(), Timestamp::MIN, 1, IncidentClass::Question, None, None, None,
                ));
                sorted.push(id.clone());
                if *ask {
                    sorted.sort();
                    let listed: Vec<&str> = incidents.iter().map(|i| &*i.id).collect();
                    prop_assert_eq!(listed, sorted.iter().map(String::as_str).collect::<Vec<_>>());
                }
            }
            sorted.sort();
            let listed: Vec<&str> = incidents.iter().map(|i| &*i.id).collect();
            prop_assert_eq!(incidents.iter().len(), sorted.len());
            prop_assert_eq!(listed, sorted.iter().map(String::as_str).collect::<Vec<_>>());
        }

        #[test]
        fn ordering_by_head_then_id_is_ordering_by_id(a in "[A-Z0-9\\-\\x00é中]{0,20}", b in "[A-Z0-9\\-\\x00é中]{0,20}") {
            prop_assert_eq!((head(&a), &a).cmp(&(head(&b), &b)), a.cmp(&b));
        }
    }
}
