//! The discrete-event core: a seeded PRNG, an event queue ordered by (time, sequence), and a log-linear latency histogram. Nothing here knows about AWS.
//!
//! Determinism: time is integer microseconds; ties between events at the same time are
//! broken by the order they were scheduled (`seq`); random numbers come from one
//! xoshiro256** generator seeded through SplitMix64; the logarithm behind exponential
//! samples is `libm::log` (pure Rust), so the bits are the same natively and in wasm.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Microseconds per second.
pub const US_PER_S: u64 = 1_000_000;

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
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True with probability `p`.
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }
}

/// 24 bytes with the simulator's 12-byte events (a `u64` sequence made it 32): the heap
/// moves entries on every push and pop, about a quarter of a run's instructions (callgrind).
struct Entry<E> {
    time: u64,
    seq: u32,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.time == other.time && self.seq == other.seq
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest (time, seq) first.
    fn cmp(&self, other: &Self) -> Ordering {
        other.time.cmp(&self.time).then_with(|| other.seq.cmp(&self.seq))
    }
}

/// Pending events, earliest first; events at the same time come out in the order they were
/// pushed. Push and pop are O(log n).
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    /// Pushes so far. A run processes at most `limits::MAX_EVENTS` (10^8) events and pushes
    /// a few per event, far below 2^32; were it ever reached, the count stays at the top and
    /// events at one same time would no longer keep their push order (never out of time
    /// order, and the same on every machine).
    seq: u32,
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        EventQueue { heap: BinaryHeap::new(), seq: 0 }
    }
}

impl<E> EventQueue<E> {
    /// Schedules `event` at `time`.
    #[inline]
    pub fn push(&mut self, time: u64, event: E) {
        self.seq = self.seq.saturating_add(1);
        self.heap.push(Entry { time, seq: self.seq, event });
    }

    /// The earliest event, removed.
    #[inline]
    pub fn pop(&mut self) -> Option<(u64, E)> {
        self.heap.pop().map(|e| (e.time, e.event))
    }

    /// Time of the earliest event.
    #[inline]
    pub fn peek_time(&self) -> Option<u64> {
        self.heap.peek().map(|e| e.time)
    }

    /// Number of pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
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
