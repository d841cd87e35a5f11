//! Amazon S3 as a simulation component: its buckets' state (per-prefix request-rate token buckets, counters, active faults) and how a bucket answers a request.

use crate::des::core::US_PER_S;
use crate::des::frame::NodeFrame;
use crate::des::kernel::{Cause, Core, READ};
use crate::des::setup::Setup;
use crate::model::NodeId;
use crate::model::{Node, Spec};

/// Request-rate limits per partitioned prefix (aws-facts §6.3).
pub(crate) const GET_PER_PREFIX: f64 = 5_500.0;
pub(crate) const PUT_PER_PREFIX: f64 = 3_500.0;
/// First-byte latency for small objects: 100-200 ms (aws-facts §6.3, §11).
const FIRST_BYTE_US: (u64, u64) = (100_000, 200_000);
/// Largest object a single PUT takes: 5 GB (aws-facts §6.3).
const MAX_PUT_BYTES: f64 = 5.0 * 1024.0 * 1024.0 * 1024.0;

/// The buckets of a design, in document order (`Target::Bucket` indexes them).
#[derive(Default)]
pub(crate) struct S3 {
    pub buckets: Vec<Bucket>,
}

pub(crate) struct Bucket {
    pub node: u32,
    pub coords: Option<(f64, f64)>,
    /// Per prefix: GET tokens, PUT tokens, last refill.
    pub prefixes: Vec<(f64, f64, u64)>,
    pub gets: u64,
    pub puts: u64,
    pub throttled: u64,
    pub stored_gib: u32,
    /// Throttling faults active.
    pub slow_down: u16,
    /// Region outages active.
    pub down: u16,
    pub region: Option<NodeId>,
}

impl Bucket {
    /// A bucket in `region` (at `coords`) with `prefixes` partitioned prefixes, each with
    /// full token buckets.
    pub fn new(node: u32, coords: Option<(f64, f64)>, region: &NodeId, prefixes: u32, stored_gib: u32) -> Bucket {
        let count = prefixes.clamp(1, 10_000) as usize;
        Bucket {
            node,
            coords,
            prefixes: vec![(GET_PER_PREFIX, PUT_PER_PREFIX, 0); count],
            gets: 0,
            puts: 0,
            throttled: 0,
            stored_gib,
            slow_down: 0,
            down: 0,
            region: Some(region.clone()),
        }
    }
}

impl S3 {
    /// Its part of the frame: each bucket's share of its GET request-rate limit.
    pub(crate) fn frame(&self, nodes: &mut [NodeFrame<'_>]) {
        for b in &self.buckets {
            let f = &mut nodes[b.node as usize];
            f.utilisation = (f.rps / (GET_PER_PREFIX * b.prefixes.len() as f64)).min(1.0);
        }
    }

    /// Request `r` reaches bucket `b` `fwd` µs from now: per-prefix token buckets of 5,500
    /// GET and 3,500 PUT per second (503 SlowDown beyond), 5 GB single-PUT limit, 100-200 ms
    /// first byte (aws-facts §6.3). The request fails or is answered here.
    pub fn serve(&mut self, core: &mut Core, r: u32, b: u32, fwd: u64) {
        let req = core.reqs[r as usize];
        let write = req.flags & READ == 0;
        let t = core.now + fwd;
        let prefixes = self.buckets[b as usize].prefixes.len() as u64;
        let prefix = core.rng.below(prefixes) as usize;
        let first_byte = FIRST_BYTE_US.0 + core.rng.below(FIRST_BYTE_US.1 - FIRST_BYTE_US.0);
        let bucket = &mut self.buckets[b as usize];
        let node = bucket.node;
        core.nodes[node as usize].stats.arrivals += 1;
        if write && req.bytes as f64 > MAX_PUT_BYTES {
            return core.fail(r, Cause::TOO_LARGE, node, fwd);
        }
        if bucket.down > 0 {
            return core.fail(r, Cause::S3_DOWN, node, fwd);
        }
        if bucket.slow_down > 0 {
            bucket.throttled += 1;
            return core.fail(r, Cause::SLOW_DOWN, node, fwd + first_byte);
        }
        let (get, put, last) = &mut bucket.prefixes[prefix];
        let dt = t.saturating_sub(*last) as f64 / US_PER_S as f64;
        *last = (*last).max(t);
        *get = (*get + dt * GET_PER_PREFIX).min(GET_PER_PREFIX);
        *put = (*put + dt * PUT_PER_PREFIX).min(PUT_PER_PREFIX);
        let tokens = if write { put } else { get };
        if *tokens < 1.0 {
            bucket.throttled += 1;
            return core.fail(r, Cause::SLOW_DOWN, node, fwd);
        }
        *tokens -= 1.0;
        if write {
            bucket.puts += 1;
        } else {
            bucket.gets += 1;
        }
        let stats = &mut core.nodes[node as usize].stats;
        stats.done += 1;
        stats.bytes = stats.bytes.saturating_add(req.bytes);
        stats.latency.record(first_byte);
        core.respond(r, fwd + first_byte);
    }
}

/// The runtime of an S3 bucket: its Region and per-prefix request-rate buckets; `None` for
/// another kind.
pub(crate) fn compile(n: &Node, setup: &mut dyn Setup) -> Option<Bucket> {
    let Spec::S3Bucket { region, prefixes, stored_gib, .. } = &n.spec else { return None };
    let node = setup.node(n, "s3_bucket");
    Some(Bucket::new(node, setup.region_coords(region), region, *prefixes, *stored_gib))
}
