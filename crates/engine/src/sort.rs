//! A small stable sort for the bundle's size: std's driftsort is fast but instantiates several kilobytes of code per element type and comparison, and the app sorts short lists (diagnostics, rules, designs, selections) in a dozen places; and ordered maps and sets built by insertion, since `collect()` into a `BTreeMap` or `BTreeSet` runs that sort on its input.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// `iter.collect::<BTreeMap<_, _>>()` without the sort: the same map (a later value for a
/// key replaces an earlier one, as with `collect`).
pub fn map_of<K: Ord, V>(iter: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in iter {
        map.insert(k, v);
    }
    map
}

/// `iter.collect::<BTreeSet<_>>()` without the sort.
pub fn set_of<T: Ord>(iter: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for x in iter {
        set.insert(x);
    }
    set
}

/// Sort `v` stably by `cmp`: a top-down merge sort with one scratch copy, O(n log n).
/// Like `slice::sort_by`, equal elements keep their order.
pub fn sort_by<T: Clone>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut scratch = v.to_vec();
    merge_sort(v, &mut scratch, &mut cmp);
}

/// Sort `v` stably by a key computed once per element (not once per comparison).
pub fn sort_by_key<T: Clone, K: Ord + Clone>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    let mut keyed: Vec<(K, T)> = v.iter().map(|x| (key(x), x.clone())).collect();
    sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
    for (slot, (_, x)) in v.iter_mut().zip(keyed) {
        *slot = x;
    }
}

fn merge_sort<T: Clone>(v: &mut [T], scratch: &mut [T], cmp: &mut impl FnMut(&T, &T) -> Ordering) {
    let n = v.len();
    if n < 2 {
        return;
    }
    let mid = n / 2;
    merge_sort(&mut v[..mid], &mut scratch[..mid], cmp);
    merge_sort(&mut v[mid..], &mut scratch[mid..], cmp);
    if cmp(&v[mid - 1], &v[mid]) != Ordering::Greater {
        return;
    }
    scratch[..n].clone_from_slice(v);
    let (mut i, mut j) = (0, mid);
    for slot in v.iter_mut() {
        // Take from the left run on ties: stability.
        let left = j >= n || (i < mid && cmp(&scratch[i], &scratch[j]) != Ordering::Greater);
        if left {
            *slot = scratch[i].clone();
            i += 1;
        } else {
            *slot = scratch[j].clone();
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Same result as std's stable sort, ties in their original order.
        #[test]
        #[allow(clippy::disallowed_methods)] // std's sort is the reference here
        fn matches_the_standard_stable_sort(v in prop::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = v.clone();
            std.sort_by_key(|x| x.0);
            prop_assert_eq!(&ours, &std);
            let mut keyed = v.clone();
            sort_by_key(&mut keyed, |x| std::cmp::Reverse(x.0));
            let mut std = v;
            std.sort_by_key(|x| std::cmp::Reverse(x.0));
            prop_assert_eq!(keyed, std);
        }

        /// The same maps and sets as `collect()`, duplicates included.
        #[test]
        fn maps_and_sets_equal_collect(v in prop::collection::vec((0u8..16, any::<u16>()), 0..100)) {
            prop_assert_eq!(map_of(v.clone()), v.iter().copied().collect::<BTreeMap<_, _>>());
            prop_assert_eq!(set_of(v.clone()), v.iter().copied().collect::<BTreeSet<_>>());
        }
    }
}
