//! The interval core against a bitmap model: coordinates 0..64 mapped onto a base (0, negative, or
//! the ends of the i64 range), each set also held as a `u64` whose bit `i` is the second
//! `base + i`. Builders, set operations, measures, membership and the normal form must all agree
//! with the bitmap.
#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use sla_engine::{Interval, IntervalError, IntervalSet};

const BASES: [i64; 4] = [0, -40, i64::MIN, i64::MAX - 64];

/// The bits `[s, e)` of a 64-bit map (`s <= e <= 64`).
fn bits(s: u32, e: u32) -> u64 {
    let upto = |n: u32| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    upto(e) & !upto(s)
}

fn model_of(set: &IntervalSet, base: i64) -> u64 {
    check_normal_form(set);
    set.iter().fold(0, |m, iv| {
        let s = u32::try_from(iv.start().wrapping_sub(base)).expect("inside the model's range");
        let e = u32::try_from(iv.end().wrapping_sub(base)).expect("inside the model's range");
        m | bits(s, e)
    })
}

fn check_normal_form(set: &IntervalSet) {
    for iv in set.iter() {
        assert!(iv.start() < iv.end(), "an interval is never empty");
    }
    for w in set.as_slice().windows(2) {
        assert!(
            w[0].end() < w[1].start(),
            "sorted, disjoint, non-touching: {set:?}"
        );
    }
}

#[derive(Debug, Arbitrary)]
struct Input {
    base: u8,
    a: Vec<(u8, u8)>,
    b: Vec<(u8, u8)>,
    window: (u8, u8),
    probe: u8,
}

fn run(data: &[u8]) -> Result<()> {
    let input = Input::arbitrary(&mut Unstructured::new(data))?;
    let base = BASES[usize::from(input.base) % BASES.len()];
    let coord = |c: u8| u32::from(c) % 65;
    let at = |c: u32| base + i64::from(c);
    let pairs = |v: &[(u8, u8)]| -> Vec<(i64, i64)> {
        v.iter()
            .take(32)
            .map(|&(s, e)| (at(coord(s)), at(coord(e))))
            .collect()
    };
    let bitmap = |v: &[(u8, u8)]| -> u64 {
        v.iter().take(32).fold(0, |m, &(s, e)| {
            let (s, e) = (coord(s), coord(e));
            if s <= e { m | bits(s, e) } else { m }
        })
    };
    let (pa, pb) = (pairs(&input.a), pairs(&input.b));
    let inverted = |p: &[(i64, i64)]| p.iter().position(|&(s, e)| e < s);

    // from_unsorted: the set of the pairs, or the first inverted pair by its input position.
    let a = match (IntervalSet::from_unsorted(pa.clone()), inverted(&pa)) {
        (Ok(set), None) => set,
        (Err(IntervalError::EndBeforeStart { index, .. }), Some(i)) => {
            assert_eq!(index, i);
            return Ok(());
        }
        (r, i) => panic!("from_unsorted {pa:?} gave {r:?}, first inverted pair {i:?}"),
    };
    let ma = model_of(&a, base);
    assert_eq!(ma, bitmap(&input.a));
    // The other builders agree.
    let collected: IntervalSet = pa
        .iter()
        .filter_map(|&(s, e)| Interval::new(s, e).ok())
        .collect();
    assert_eq!(collected, a);
    let mut sorted = pa.clone();
    sorted.sort_by_key(|p| p.0);
    assert_eq!(IntervalSet::from_sorted(sorted), Ok(a.clone()));
    let in_order = pa.windows(2).all(|w| w[0].0 <= w[1].0);
    match IntervalSet::from_sorted(pa.clone()) {
        Ok(set) => {
            assert!(in_order);
            assert_eq!(set, a);
        }
        Err(IntervalError::Unsorted { .. }) => assert!(!in_order),
        Err(e) => panic!("from_sorted: {e}"),
    }
    assert_eq!(IntervalSet::try_from(a.as_slice().to_vec()), Ok(a.clone()));
    let json = serde_json::to_string(&a).expect("a set serializes");
    assert_eq!(
        serde_json::from_str::<IntervalSet>(&json).ok(),
        Some(a.clone())
    );

    let b = match IntervalSet::from_unsorted(pb.clone()) {
        Ok(set) => set,
        Err(_) => {
            assert!(inverted(&pb).is_some());
            IntervalSet::new()
        }
    };
    let mb = model_of(&b, base);

    assert_eq!(model_of(&a.union(&b), base), ma | mb);
    assert_eq!(model_of(&a.intersection(&b), base), ma & mb);
    assert_eq!(model_of(&a.difference(&b), base), ma & !mb);
    assert_eq!(a.measure(), i64::from(ma.count_ones()));
    assert_eq!(a.is_empty(), ma == 0);

    let p = coord(input.probe).min(63);
    assert_eq!(a.contains(at(p)), ma & (1 << p) != 0);

    let (ws, we) = (coord(input.window.0), coord(input.window.1));
    match Interval::new(at(ws), at(we)) {
        Ok(window) => {
            let mw = bits(ws, we);
            assert_eq!(window.measure(), i64::from(we - ws));
            assert_eq!(model_of(&a.clip(window), base), ma & mw);
            assert_eq!(a.measure_within(window), i64::from((ma & mw).count_ones()));
            assert_eq!(model_of(&a.complement_within(window), base), !ma & mw);
        }
        Err(IntervalError::Empty { .. }) => assert_eq!(ws, we),
        Err(IntervalError::Inverted { .. }) => assert!(we < ws),
        Err(e) => panic!("Interval::new: {e}"),
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
