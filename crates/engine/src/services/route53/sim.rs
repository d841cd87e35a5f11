//! Amazon Route 53 as a simulation component: its records (routing policy, TTL, values, health-check verdicts), the users' resolver caches, and how a query is answered.

use crate::catalog::geo;
use crate::des::core::{Rng, US_PER_S};
use crate::des::kernel::{Cause, Core, CLIENT_CONNECT_TIMEOUT_US, NONE};
use crate::des::setup::Setup;
use crate::des::state::{Gate, Pop, Target};
use crate::model::Location;
use crate::model::{FailoverRole, Node, Spec};

/// A DNS lookup that misses the resolver's cache: the user's access network plus a query
/// to Route 53's nearest name server (teaching value, NV).
const DNS_MISS_US: u64 = 30_000;

/// The records of a design, in document order (`Target::Record` indexes them).
#[derive(Default)]
pub(crate) struct Route53 {
    pub records: Vec<Record>,
}

pub(crate) struct RecordValue {
    pub target: Target,
    pub weight: u32,
    pub primary: bool,
    pub secondary: bool,
    pub coords: Option<(f64, f64)>,
    pub gate: Gate,
    pub link: u32,
    /// Route 53 health check verdict (always true without a health check).
    pub healthy: bool,
    /// Consecutive checks that disagree with the verdict.
    pub streak: u32,
}

pub(crate) struct Record {
    pub node: u32,
    pub policy: crate::model::RoutingPolicy,
    pub ttl_us: u64,
    pub values: Vec<RecordValue>,
    /// Per population, per resolver: (answer expires at, value index).
    pub caches: Vec<Vec<(u64, u16)>>,
    pub queries: u64,
    /// Health check: (interval µs, failure threshold), and when the next one runs.
    pub check: Option<(u64, u32)>,
    pub next_check: u64,
}

impl Route53 {
    /// Request `r` of users `pop` asks record `i` `fwd` µs from now: the user's resolver
    /// answers from its cache, or asks Route 53, which answers by the record's routing policy;
    /// the answer is cached for the TTL (aws-facts §8). Where the user goes next and when, or
    /// `None` if the request failed here.
    pub fn resolve(&mut self, core: &mut Core, r: u32, i: u32, mut fwd: u64, pop: &Pop) -> Option<(Target, u64)> {
        let p = usize::from(core.reqs[r as usize].pop);
        let (resolvers, loc) = (pop.resolvers, pop.location);
        let resolvers = u64::from(resolvers);
        let res = core.rng.below(resolvers) as usize;
        let t = core.now + fwd;
        let rec = &mut self.records[i as usize];
        core.nodes[rec.node as usize].stats.arrivals += 1;
        if rec.values.is_empty() {
            core.fail(r, Cause::NO_ROUTE, rec.node, fwd);
            return None;
        }
        let cache = &mut rec.caches[p];
        if cache.len() < resolvers as usize {
            cache.resize(resolvers as usize, (0, 0));
        }
        let (expires, cached) = cache[res];
        let v = if expires > t {
            usize::from(cached)
        } else {
            rec.queries += 1;
            fwd += DNS_MISS_US;
            let v = choose_value(rec, &mut core.rng, loc);
            rec.caches[p][res] = (t + rec.ttl_us, v as u16);
            v
        };
        let value = &rec.values[v];
        let (target, gate, link, node) = (value.target, value.gate, value.link, rec.node);
        core.nodes[node as usize].stats.done += 1;
        if link != NONE {
            core.links[link as usize].count += 1;
        }
        if let Gate::Blocked(c) = gate {
            core.fail(r, c, node, fwd + CLIENT_CONNECT_TIMEOUT_US);
            return None;
        }
        Some((target, fwd))
    }
}

/// Route 53's answer for users at `loc` (aws-facts §8): failover sends the primary while it
/// is healthy; weighted picks by weight (weight 0 only if every other is unhealthy); latency
/// picks the lowest-latency Region; simple returns the first value. Unhealthy = the network
/// model blocks the Internet from reaching it (what a health check would see).
fn choose_value(rec: &Record, rng: &mut Rng, loc: Location) -> usize {
    use crate::model::RoutingPolicy::*;
    let healthy = |v: &RecordValue| v.gate == Gate::Open && v.healthy;
    let first_healthy = || rec.values.iter().position(healthy).unwrap_or(0);
    match rec.policy {
        Simple => 0,
        Failover => {
            let primary = rec.values.iter().position(|v| v.primary);
            let secondary = rec.values.iter().position(|v| v.secondary);
            match (primary, secondary) {
                (Some(p), Some(s)) if !healthy(&rec.values[p]) => s,
                (Some(p), _) => p,
                _ => first_healthy(),
            }
        }
        Weighted => {
            // Healthy values by weight; if only weight-0 values are healthy, those; if none
            // is healthy, Route 53 answers as if all were (aws-facts §8).
            let live: Vec<usize> = (0..rec.values.len()).filter(|&i| healthy(&rec.values[i])).collect();
            let pool = if live.is_empty() { (0..rec.values.len()).collect() } else { live };
            let total: u64 = pool.iter().map(|&i| u64::from(rec.values[i].weight)).sum();
            if total == 0 {
                return pool[rng.below(pool.len() as u64) as usize];
            }
            let mut x = rng.below(total);
            for &i in &pool {
                let w = u64::from(rec.values[i].weight);
                if x < w {
                    return i;
                }
                x -= w;
            }
            pool[0]
        }
        Latency => {
            let rtt = |v: &RecordValue| match v.target {
                Target::Cdn(_) => geo::ACCESS_RTT_MS,
                _ => v.coords.map_or(f64::MAX, |c| geo::internet_rtt_ms(loc, c)),
            };
            let mut best = first_healthy();
            for (i, v) in rec.values.iter().enumerate() {
                if healthy(v) && rtt(v) < rtt(&rec.values[best]) {
                    best = i;
                }
            }
            best
        }
    }
}

/// The runtime of a Route 53 record: its policy, TTL and health check; its values come in
/// pass 2 (`connect`). `None` for another kind.
pub(crate) fn compile(n: &Node, setup: &mut dyn Setup) -> Option<Record> {
    let Spec::Route53Record { policy, ttl_s, health_check, .. } = &n.spec else { return None };
    let node = setup.node(n, "route53_record");
    // Route 53 checks every 30 s (standard) or 10 s (fast); failure threshold
    // 1-10 (aws-facts.md §8).
    let check = health_check.as_ref().map(|h| {
        let interval = if h.interval_s <= 10 { 10 } else { 30 };
        (interval * US_PER_S, h.failure_threshold.clamp(1, 10))
    });
    Some(Record {
        check,
        next_check: check.map_or(0, |c| c.0),
        node,
        policy: *policy,
        ttl_us: u64::from(*ttl_s) * US_PER_S,
        values: Vec::new(),
        caches: Vec::new(),
        queries: 0,
    })
}

/// A record's values: where each answer sends users, and the path to it.
pub(crate) fn connect(n: &Node, setup: &mut dyn Setup, record: &mut Record) {
    let Spec::Route53Record { values, .. } = &n.spec else { return };
    let mut vs = Vec::new();
    for v in values {
        // A value that is another record answers nothing (records are not chained here).
        let t = match setup.target(&v.target) {
            Target::Record(_) => Target::Nowhere,
            t => t,
        };
        let gate = setup.gate_from_internet(&v.target, t, "Unreachable", None);
        let tn = setup.target_node(t);
        let link = if tn == NONE { NONE } else { setup.link(&n.id, tn) };
        vs.push(RecordValue {
            target: t,
            weight: v.weight,
            primary: v.failover == Some(FailoverRole::Primary),
            secondary: v.failover == Some(FailoverRole::Secondary),
            coords: setup.coords_of(t),
            gate,
            link,
            healthy: true,
            streak: 0,
        });
    }
    record.values = vs;
}
