//! The M/M/c queue on the simulator's core (event queue, PRNG, integer µs time): the benchmark of raw event throughput and the check against Erlang C.

use super::core::{EventQueue, Rng, US_PER_S};
use std::collections::VecDeque;

/// What an M/M/c run measured.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct MmcResult {
    /// Customers served.
    pub customers: u64,
    /// Events processed (arrivals and departures).
    pub events: u64,
    /// Mean wait in the queue, s.
    pub mean_wait_s: f64,
    /// Mean time in the system (wait + service), s.
    pub mean_system_s: f64,
    /// Share of server time busy.
    pub utilisation: f64,
}

#[derive(Clone, Copy)]
enum Ev {
    Arrival,
    /// A customer leaves; it carries its arrival and service-start times (µs).
    Departure(u64, u64),
}

/// Simulates `customers` customers through `c` servers: Poisson arrivals at `lambda` per
/// second, exponential service at `mu` per second per server, FIFO. The first 10 % of
/// customers warm the queue up and are not measured.
pub fn run(lambda: f64, mu: f64, c: u32, customers: u64, seed: u64) -> MmcResult {
    let mut rng = Rng::new(seed);
    let mut q: EventQueue<Ev> = EventQueue::default();
    let (arrival_us, service_us) = (US_PER_S as f64 / lambda, US_PER_S as f64 / mu);
    let mut waiting: VecDeque<u64> = VecDeque::new();
    let (mut busy, mut arrived, mut served, mut events) = (0u32, 0u64, 0u64, 0u64);
    let warmup = customers / 10;
    let (mut wait_sum, mut system_sum, mut measured) = (0u128, 0u128, 0u64);
    let (mut busy_area, mut last, mut start) = (0u128, 0u64, 0u64);
    q.push(rng.exp_us(arrival_us), Ev::Arrival);
    while let Some((now, ev)) = q.pop() {
        events += 1;
        busy_area += u128::from(busy) * u128::from(now - last);
        last = now;
        match ev {
            Ev::Arrival => {
                arrived += 1;
                if arrived == warmup + 1 {
                    (busy_area, start) = (0, now);
                }
                if arrived < customers {
                    q.push(now + rng.exp_us(arrival_us), Ev::Arrival);
                }
                if busy < c {
                    busy += 1;
                    q.push(now + rng.exp_us(service_us), Ev::Departure(now, now));
                } else {
                    waiting.push_back(now);
                }
            }
            Ev::Departure(arrival, began) => {
                served += 1;
                if served > warmup {
                    wait_sum += u128::from(began - arrival);
                    system_sum += u128::from(now - arrival);
                    measured += 1;
                }
                match waiting.pop_front() {
                    Some(arrival) => q.push(now + rng.exp_us(service_us), Ev::Departure(arrival, now)),
                    None => busy -= 1,
                }
            }
        }
    }
    let span = (last - start).max(1) as f64;
    let n = measured.max(1) as f64;
    MmcResult {
        customers: served,
        events,
        mean_wait_s: wait_sum as f64 / n / 1e6,
        mean_system_s: system_sum as f64 / n / 1e6,
        utilisation: busy_area as f64 / (span * f64::from(c)),
    }
}

/// Erlang C: the probability that an arrival waits in an M/M/c queue with offered load
/// a = λ/μ and c servers (requires a < c).
pub fn erlang_c(lambda: f64, mu: f64, c: u32) -> f64 {
    let a = lambda / mu;
    let rho = a / f64::from(c);
    // Σ_{k<c} a^k/k! and a^c/c!, accumulated term by term (no factorial overflow).
    let (mut sum, mut term) = (0.0, 1.0);
    for k in 0..c {
        sum += term;
        term *= a / f64::from(k + 1);
    }
    let top = term / (1.0 - rho);
    top / (sum + top)
}

/// Mean wait in queue of M/M/c: W_q = C(c, a) / (cμ − λ).
pub fn mean_wait(lambda: f64, mu: f64, c: u32) -> f64 {
    erlang_c(lambda, mu, c) / (f64::from(c) * mu - lambda)
}
