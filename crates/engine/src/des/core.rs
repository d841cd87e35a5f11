//! The discrete-event core: a seeded PRNG, an event queue ordered by (time, push order), and a log-linear latency histogram. Nothing here knows about AWS.
//!
//! Determinism: time is integer microseconds; ties between events at the same time are
//! broken by the order they were scheduled; random numbers come from one
//! xoshiro256** generator seeded through SplitMix64; the logarithm behind exponential
//! samples is `libm::log` (pure Rust), so the bits are the same natively and in wasm.

/// Microseconds per second.
pub const US_PER_S: u64 = 1_000_000;

/// wasm32 has no 64 × 64 → 128-bit multiply: `u128` products call a routine (`__multi3`, 3 %
/// of the browser's profile). Elsewhere one instruction does it, and the shortcuts below
/// would only add a branch.
const NO_WIDE_MUL: bool = cfg!(target_arch = "wasm32");

/// `a` × `b`, exactly. On wasm32, when both fit in 32 bits (the time integrals' counts and
/// intervals do), one 64-bit product.
#[inline]
pub fn mul_wide(a: u64, b: u64) -> u128 {
    mul_wide_on(NO_WIDE_MUL, a, b)
}

/// [`mul_wide`], with the 32-bit shortcut taken when `short` (tests take it on any target).
#[inline]
fn mul_wide_on(short: bool, a: u64, b: u64) -> u128 {
    if short && (a | b) >> 32 == 0 {
        u128::from(a * b)
    } else {
        u128::from(a) * u128::from(b)
    }
}

/// The high 64 bits of `x` × `n`, for `n` < 2^32, from two 64-bit products: (x_hi·n +
/// (x_lo·n >> 32)) >> 32, where neither product nor the sum overflows.
#[inline]
fn high_word_small(x: u64, n: u64) -> u64 {
    ((x >> 32) * n + (((x & 0xFFFF_FFFF) * n) >> 32)) >> 32
}

/// xoshiro256** (Blackman and Vigna, <https://prng.di.unimi.it/>), seeded with SplitMix64 as
/// its authors recommend. Fast, 256 bits of state, passes BigCrush; not cryptographic.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose whole sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            // SplitMix64 (Steele, Lea, Flood 2014).
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng { s: [next(), next(), next(), next()] }
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), 53 bits.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in (0, 1): never 0, so its logarithm is finite.
    #[inline]
    pub fn open01(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Exponentially distributed with the given mean (inverse transform).
    #[inline]
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * libm::log(self.open01())
    }

    /// An exponential duration rounded to whole microseconds (mean in µs). Rounds by adding
    /// ½ and truncating (a plain float operation: `f64::round` is a libm call on targets
    /// without SSE4.1, the simulator's hottest path); the sample is never negative.
    #[inline]
    pub fn exp_us(&mut self, mean_us: f64) -> u64 {
        (self.exp(mean_us) + 0.5) as u64
    }

    /// Uniform integer in [0, n); 0 when n is 0. Lemire's multiply-shift (bias below 2^-32
    /// for the small n used here).
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        let x = self.next_u64();
        if NO_WIDE_MUL && n >> 32 == 0 {
            high_word_small(x, n)
        } else {
            ((u128::from(x) * u128::from(n)) >> 64) as u64
        }
    }

    /// True with probability `p`.
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }
}

/// One pending event.
#[derive(Clone, Copy)]
struct Entry<E> {
    time: u64,
    event: E,
}

/// Bits per digit of the queue's radix: 8 levels of 256 buckets cover 64-bit times.
const DIGIT: u32 = 8;
const RADIX: usize = 1 << DIGIT;
const LEVELS: usize = (u64::BITS / DIGIT) as usize;
const WORDS: usize = RADIX / 64;

/// Pending events, earliest first; events at the same time come out in the order they were
/// pushed.
///
/// A radix heap (Ahuja, Mehlhorn, Orlin and Tarjan 1990) with 8-bit digits: the simulation
/// pops in time order and schedules nothing before the present, so every pending time is at
/// least `last`, the time popped last. An event whose time first differs from `last` in
/// byte `l` waits in bucket (`l`, its byte `l`); one equal to `last` in `current`. Pushing
/// appends to one bucket. Popping reads `current`, or first takes the lowest non-empty
/// bucket: on level 0 its events all have one time and it simply becomes `current`; higher,
/// its earliest time becomes `last` and its events move to lower levels. An event moves at
/// most once per level, and the simulation's events (a few µs to a few seconds ahead) move
/// once or twice, where a binary heap sifted its 24-byte entries through every level on
/// every push and pop (a quarter of a run's instructions, callgrind).
///
/// Ties: events of one time always sit in one bucket, in push order (pushes append, and a
/// bucket is emptied in order into lower ones), and `current` is read first in, first out:
/// the order of the binary heap on (time, push count) it replaced, with no counter to wrap.
/// A push before `last` (the simulation never makes one) is still served correctly: the
/// buckets are rebuilt around the earlier time.
pub struct EventQueue<E> {
    /// Events at time `last`, in push order, read from `head`.
    current: Vec<Entry<E>>,
    head: usize,
    /// Bucket (level `l`, digit `d`) at `l * RADIX + d`.
    buckets: Vec<Vec<Entry<E>>>,
    /// Which buckets hold events, a bit per bucket, and which levels have any.
    full: [[u64; WORDS]; LEVELS],
    levels: u8,
    last: u64,
    len: usize,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue {
            current: Vec::new(),
            head: 0,
            buckets: std::iter::repeat_with(Vec::new).take(LEVELS * RADIX).collect(),
            full: [[0; WORDS]; LEVELS],
            levels: 0,
            last: 0,
            len: 0,
        }
    }
}

impl<E: Copy> EventQueue<E> {
    /// Schedules `event` at `time`.
    #[inline]
    pub fn push(&mut self, time: u64, event: E) {
        if time < self.last {
            self.rebase(time);
        }
        self.len += 1;
        self.place(Entry { time, event });
    }

    /// Files `e` (at or after `last`) in its bucket, after those already there.
    #[inline]
    fn place(&mut self, e: Entry<E>) {
        let diff = e.time ^ self.last;
        if diff == 0 {
            self.current.push(e);
            return;
        }
        let level = ((u64::BITS - 1 - diff.leading_zeros()) / DIGIT) as usize;
        let digit = (e.time >> (level as u32 * DIGIT)) as usize % RADIX;
        if let Some(b) = self.buckets.get_mut(level * RADIX + digit) {
            b.push(e);
        }
        self.full[level][digit / 64] |= 1 << (digit % 64);
        self.levels |= 1 << level;
    }

    /// Makes `current` non-empty unless the queue is empty (then false).
    #[inline]
    fn refill(&mut self) -> bool {
        self.head < self.current.len() || self.spill()
    }

    /// `current` is used up: the lowest non-empty bucket becomes it, or is emptied into lower
    /// levels around its earliest time, which becomes `last`. False when nothing is pending.
    fn spill(&mut self) -> bool {
        if self.levels == 0 {
            return false;
        }
        let level = self.levels.trailing_zeros() as usize;
        let words = &mut self.full[level];
        let Some(w) = words.iter().position(|&w| w != 0) else { return false };
        let digit = w * 64 + words[w].trailing_zeros() as usize;
        words[w] &= words[w] - 1;
        if words.iter().all(|&w| w == 0) {
            self.levels &= !(1 << level);
        }
        let i = level * RADIX + digit;
        self.current.clear();
        self.head = 0;
        if level == 0 {
            // One time for all: the bucket becomes `current` as it is.
            std::mem::swap(&mut self.current, &mut self.buckets[i]);
            self.last = self.current.first().map_or(self.last, |e| e.time);
            return true;
        }
        let mut bucket = std::mem::take(&mut self.buckets[i]);
        self.last = bucket.iter().fold(u64::MAX, |m, e| m.min(e.time));
        // Every event lands below `level` (those at the earliest time in `current`), in the
        // order it had: ties keep push order.
        for &e in &bucket {
            self.place(e);
        }
        // Keep the emptied bucket's allocation for its next events: each bucket keeps the
        // most it held (an hour of the reference app: 23,320 entries, 560 KB, in 979 of the
        // 2,048 buckets); giving back those over 16 entries cost 1 % more instructions.
        bucket.clear();
        self.buckets[i] = bucket;
        true
    }

    /// Re-files every pending event around `time`, earlier than `last` (never in the
    /// simulation; kept so that the queue is right for any sequence of pushes). Events of one
    /// time sit in one bucket, so taking the buckets one by one keeps their push order.
    #[cold]
    fn rebase(&mut self, time: u64) {
        let mut pending: Vec<Entry<E>> = self.current.drain(self.head..).collect();
        self.current.clear();
        self.head = 0;
        for b in &mut self.buckets {
            pending.append(b);
        }
        self.full = [[0; WORDS]; LEVELS];
        self.levels = 0;
        self.last = time;
        for e in pending {
            self.place(e);
        }
    }

    /// The earliest event, removed.
    #[inline]
    pub fn pop(&mut self) -> Option<(u64, E)> {
        if !self.refill() {
            return None;
        }
        let e = *self.current.get(self.head)?;
        self.head += 1;
        self.len -= 1;
        Some((e.time, e.event))
    }

    /// The earliest event, removed, if it is due by `limit`.
    #[inline]
    pub fn pop_at_most(&mut self, limit: u64) -> Option<(u64, E)> {
        if !self.refill() || self.last > limit {
            return None;
        }
        self.pop()
    }

    /// Time of the earliest event.
    #[inline]
    pub fn peek_time(&mut self) -> Option<u64> {
        self.refill().then_some(self.last)
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Sub-buckets per power of two: 32 gives a relative bucket width of at most 1/32 (3.1 %).
const SUB_BITS: u32 = 5;
const SUB: u64 = 1 << SUB_BITS;
/// Values are clamped to 2^40 µs (12.7 days), far beyond any timeout.
const MAX_MAGNITUDE: u32 = 40;
const BUCKETS: usize = (2 * SUB + (MAX_MAGNITUDE as u64 - SUB_BITS as u64) * SUB) as usize;

/// A latency histogram with log-linear buckets (as in HdrHistogram): exact below 64 µs, then
/// 32 linear buckets per power of two, so any quantile is within 3.1 % of the true value.
/// Fixed size (about 9 KB), O(1) to record, O(buckets) to query.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    counts: Vec<u64>,
    total: u64,
    sum: u128,
    max: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram { counts: vec![0; BUCKETS], total: 0, sum: 0, max: 0 }
    }
}

#[inline]
fn bucket_of(v: u64) -> usize {
    let v = v.min((1u64 << MAX_MAGNITUDE) - 1);
    if v < 2 * SUB {
        return v as usize;
    }
    let m = 63 - v.leading_zeros(); // floor(log2 v) >= SUB_BITS + 1
    let shift = m - SUB_BITS;
    let top = v >> shift; // in [SUB, 2 SUB)
    (2 * SUB + u64::from(m - SUB_BITS - 1) * SUB + (top - SUB)) as usize
}

/// The range of values of bucket `i`: (lowest, highest).
fn bucket_range(i: usize) -> (u64, u64) {
    let i = i as u64;
    if i < 2 * SUB {
        return (i, i);
    }
    let m = (i - 2 * SUB) / SUB + u64::from(SUB_BITS) + 1;
    let top = (i - 2 * SUB) % SUB + SUB;
    let shift = m - u64::from(SUB_BITS);
    (top << shift, ((top + 1) << shift) - 1)
}

impl Histogram {
    /// Records one value (µs).
    #[inline]
    pub fn record(&mut self, v: u64) {
        self.counts[bucket_of(v)] += 1;
        self.total += 1;
        self.sum += u128::from(v);
        self.max = self.max.max(v);
    }

    /// Number of values recorded.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// Exact mean (µs), 0 when empty.
    pub fn mean(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.sum as f64 / self.total as f64
        }
    }

    /// Largest value recorded (µs).
    pub fn max(&self) -> u64 {
        self.max
    }

    /// The value at quantile `q` (0 to 1), µs: the midpoint of the bucket holding the
    /// ⌈q·n⌉-th smallest value, never above the maximum. 0 when empty.
    pub fn quantile(&self, q: f64) -> u64 {
        if self.total == 0 {
            return 0;
        }
        let rank = ((q.clamp(0.0, 1.0) * self.total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                let (lo, hi) = bucket_range(i);
                return (lo + (hi - lo) / 2).min(self.max);
            }
        }
        self.max
    }

    /// Adds another histogram's values.
    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.total += other.total;
        self.sum += other.sum;
        self.max = self.max.max(other.max);
    }

    /// Forgets every value.
    pub fn clear(&mut self) {
        if self.total > 0 {
            self.counts.iter_mut().for_each(|c| *c = 0);
        }
        self.total = 0;
        self.sum = 0;
        self.max = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_breaks_ties_in_push_order() {
        let mut q = EventQueue::default();
        q.push(5, 'b');
        q.push(3, 'a');
        q.push(5, 'c');
        q.push(5, 'd');
        let order: Vec<char> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['a', 'b', 'c', 'd']);
    }

    /// The queue against the binary heap of (time, push count) it replaced.
    fn check_against_heap(ops: &[(bool, u64)]) {
        use std::cmp::Reverse;
        let mut q = EventQueue::default();
        let mut heap = std::collections::BinaryHeap::new();
        let mut now = 0u64;
        for (k, &(pop, dt)) in ops.iter().enumerate() {
            if pop {
                let want = heap.pop().map(|Reverse((t, k))| (t, k));
                assert_eq!(q.peek_time(), want.map(|(t, _)| t));
                match want {
                    Some((t, _)) if k % 2 == 0 => {
                        assert_eq!(q.pop_at_most(t.saturating_sub(1)), if t == 0 { want } else { None });
                        if t > 0 {
                            assert_eq!(q.pop_at_most(t), want);
                        }
                    }
                    _ => assert_eq!(q.pop(), want),
                }
                if let Some((t, _)) = want {
                    now = t;
                }
            } else {
                heap.push(Reverse((now + dt, k)));
                q.push(now + dt, k);
            }
            assert_eq!(q.len(), heap.len());
        }
        while let Some(Reverse(want)) = heap.pop() {
            assert_eq!(q.pop(), Some(want));
        }
        assert!(q.is_empty() && q.pop().is_none() && q.peek_time().is_none());
    }

    proptest::proptest! {
        /// Pushes at or after the last time popped, as the simulation makes them, with many
        /// ties (small offsets) and far events (large ones).
        #[test]
        fn queue_pops_as_a_binary_heap_would(ops in proptest::collection::vec(
            (proptest::bool::ANY, proptest::prop_oneof![0u64..4, 0u64..1_000, 0u64..(1 << 40)]), 0..400)) {
            check_against_heap(&ops);
        }

        /// Any times at all, earlier than the last popped included.
        #[test]
        fn queue_is_right_for_any_times(ops in proptest::collection::vec((proptest::bool::ANY, 0u64..64), 0..300),
                                         base in proptest::prop_oneof![0u64..100, proptest::num::u64::ANY]) {
            use std::cmp::Reverse;
            let mut q = EventQueue::default();
            let mut heap = std::collections::BinaryHeap::new();
            for (k, &(pop, t)) in ops.iter().enumerate() {
                if pop {
                    let want = heap.pop().map(|Reverse(x)| x);
                    proptest::prop_assert_eq!(q.pop(), want);
                } else {
                    let t = base.saturating_sub(t * 3);
                    heap.push(Reverse((t, k)));
                    q.push(t, k);
                }
            }
            while let Some(Reverse(want)) = heap.pop() {
                proptest::prop_assert_eq!(q.pop(), Some(want));
            }
        }
    }

    #[test]
    fn queue_rebuilds_for_an_earlier_push() {
        let mut q = EventQueue::default();
        for (t, e) in [(100, 'c'), (50, 'a'), (100, 'd'), (u64::MAX, 'f')] {
            q.push(t, e);
        }
        assert_eq!(q.pop(), Some((50, 'a')));
        q.push(10, 'b');
        q.push(100, 'e');
        let order: Vec<(u64, char)> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(order, vec![(10, 'b'), (100, 'c'), (100, 'd'), (100, 'e'), (u64::MAX, 'f')]);
    }

    #[test]
    fn rng_is_seeded_and_uniform() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert!((0..100).all(|_| a.next_u64() == b.next_u64()));
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
        let mut r = Rng::new(3);
        let n = 200_000;
        let mean = (0..n).map(|_| r.exp(2.0)).sum::<f64>() / f64::from(n);
        assert!((mean - 2.0).abs() < 0.02, "{mean}");
        assert!((0..1000).all(|_| r.below(6) < 6));
    }

    proptest::proptest! {
        /// The wasm32 shortcuts give the 128-bit results (tested here on any target).
        #[test]
        fn wide_products_are_exact(a in proptest::num::u64::ANY, b in proptest::num::u64::ANY, small in 0u64..1 << 32) {
            for (x, y) in [(a, b), (a >> 32, b >> 32), (a >> 31, b >> 31), (small, a >> 32), (a, small), (small, 1 << 32)] {
                proptest::prop_assert_eq!(mul_wide_on(true, x, y), u128::from(x) * u128::from(y));
            }
            for n in [small, b >> 32, 0, 1, (1 << 32) - 1] {
                proptest::prop_assert_eq!(high_word_small(a, n), ((u128::from(a) * u128::from(n)) >> 64) as u64);
            }
        }
    }

    #[test]
    fn buckets_are_contiguous_and_narrow() {
        let mut last = None;
        for v in (0..5_000u64).chain([1 << 20, (1 << 20) + 12_345, 1 << 39]) {
            let i = bucket_of(v);
            let (lo, hi) = bucket_range(i);
            assert!(lo <= v && v <= hi, "{v} in bucket {i} = {lo}..{hi}");
            assert!((hi - lo) as f64 <= (lo as f64 / 32.0).max(0.0) + 1.0, "{v}");
            if let Some(prev) = last {
                assert!(i >= prev);
            }
            last = Some(i);
        }
        assert!(bucket_of(u64::MAX) < BUCKETS);
    }

    #[test]
    fn quantiles_within_bucket_resolution() {
        let mut h = Histogram::default();
        for v in 1..=100_000u64 {
            h.record(v);
        }
        for (q, want) in [(0.5, 50_000.0), (0.95, 95_000.0), (0.99, 99_000.0)] {
            let got = h.quantile(q) as f64;
            assert!((got - want).abs() / want < 0.032, "q{q}: {got}");
        }
        assert_eq!(h.mean(), 50_000.5);
    }
}
