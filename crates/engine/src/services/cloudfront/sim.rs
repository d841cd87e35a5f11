//! Amazon CloudFront as a simulation component: its distributions (origins, cache TTL, one cache per edge city) and how an edge answers a request or sends it to an origin.

use crate::catalog::geo;
use crate::des::core::US_PER_S;
use crate::des::frame::NodeFrame;
use crate::des::kernel::{Cause, Core, LB_CONNECT_TIMEOUT_US, NONE, READ, STATIC, VIA_CDN};
use crate::des::setup::Setup;
use crate::des::state::{Gate, Pop, Target};
use crate::model::{Node, Spec};

/// Number of `Location` values (edge caches are indexed by location).
pub(crate) const LOCATIONS: usize = 10;

/// The distributions of a design, in document order (`Target::Cdn` indexes them).
#[derive(Default)]
pub(crate) struct CloudFront {
    pub cdns: Vec<Cdn>,
    /// Backbone times from an edge to an origin already worked out, by the users' city and
    /// the origin's coordinates (as bits): the great-circle trigonometry of every miss was
    /// about 4 % of the reference app's run (callgrind: sin, cos, asin, sqrt), and a design
    /// has a handful of such pairs. The same numbers, computed once.
    pub hops: Vec<(crate::workload::Location, u64, u64, u64)>,
}

pub(crate) struct Cdn {
    pub node: u32,
    pub origin: Target,
    pub origin_gate: Gate,
    pub origin_link: u32,
    pub origin_coords: Option<(f64, f64)>,
    pub static_origin: Target,
    pub static_gate: Gate,
    pub static_link: u32,
    pub static_coords: Option<(f64, f64)>,
    pub ttl_us: u64,
    /// Per edge (the users' city), per object: when the cached copy expires.
    pub edges: Vec<Vec<u64>>,
    pub hits: u64,
    pub misses: u64,
    pub requests: u64,
    /// Active origin-failure faults.
    pub origin_down: u16,
}

impl CloudFront {
    /// Its part of the frame: each distribution's hit ratio so far, and its misses as its
    /// load.
    pub(crate) fn frame(&self, nodes: &mut [NodeFrame<'_>]) {
        for cdn in &self.cdns {
            let f = &mut nodes[cdn.node as usize];
            let total = cdn.hits + cdn.misses;
            f.hit_ratio = (total > 0).then(|| cdn.hits as f64 / total as f64);
            f.utilisation = f.hit_ratio.map_or(0.0, |h| 1.0 - h);
        }
    }

    /// Request `r` reaches distribution `i` `fwd` µs from now: a static read (of `object`) is
    /// served by the users' edge while its copy is fresh; a miss (or any dynamic request or
    /// write) goes to the origin, and a miss refreshes the copy for the TTL (aws-facts §7).
    /// The origin to go on to and when, or `None` if the request was answered or failed here.
    pub fn serve(
        &mut self,
        core: &mut Core,
        r: u32,
        i: u32,
        fwd: u64,
        pop: &Pop,
        object: usize,
    ) -> Option<(Target, u64)> {
        let req = core.reqs[r as usize];
        core.reqs[r as usize].flags |= VIA_CDN;
        let loc = pop.location;
        let t = core.now + fwd;
        let static_read = req.flags & (READ | STATIC) == READ | STATIC;
        let objects = pop.objects as usize;
        let cdn = &mut self.cdns[i as usize];
        cdn.requests += 1;
        let node = cdn.node;
        let stats = &mut core.nodes[node as usize].stats;
        stats.arrivals += 1;
        stats.bytes = stats.bytes.saturating_add(req.bytes);
        let (origin, gate, link, coords) = if static_read {
            let cache = &mut cdn.edges[loc as usize];
            if cache.len() < objects {
                cache.resize(objects, 0);
            }
            if cache[object] > t {
                cdn.hits += 1;
                core.nodes[node as usize].stats.done += 1;
                core.respond(r, fwd);
                return None;
            }
            if cdn.origin_down > 0 {
                // A miss with the origin down: CloudFront's connection attempts time out (504).
                cdn.misses += 1;
                core.nodes[node as usize].stats.done += 1;
                core.fail(r, Cause::ORIGIN_DOWN, node, fwd + 3 * LB_CONNECT_TIMEOUT_US);
                return None;
            }
            cache[object] = t + cdn.ttl_us;
            cdn.misses += 1;
            (cdn.static_origin, cdn.static_gate, cdn.static_link, cdn.static_coords)
        } else {
            (cdn.origin, cdn.origin_gate, cdn.origin_link, cdn.origin_coords)
        };
        core.nodes[node as usize].stats.done += 1;
        if link != NONE {
            core.links[link as usize].count += 1;
        }
        if !static_read && self.cdns[i as usize].origin_down > 0 {
            core.fail(r, Cause::ORIGIN_DOWN, node, fwd + 3 * LB_CONNECT_TIMEOUT_US);
            return None;
        }
        if let Gate::Blocked(c) = gate {
            // CloudFront tries the origin 3 times with a 10 s connection timeout, then 504.
            core.fail(r, c, node, fwd + 3 * LB_CONNECT_TIMEOUT_US);
            return None;
        }
        // The edge is in the users' city; it reaches the origin's Region over the backbone.
        let at = coords.unwrap_or_else(|| geo::location(loc));
        let key = (loc, at.0.to_bits(), at.1.to_bits());
        let hop = match self.hops.iter().find(|h| (h.0, h.1, h.2) == key) {
            Some(&(.., us)) => us,
            None => {
                let us = (geo::backbone_rtt_ms(geo::location(loc), at) * 500.0) as u64;
                self.hops.push((key.0, key.1, key.2, us));
                us
            }
        };
        core.reqs[r as usize].ret += hop;
        Some((origin, fwd + hop))
    }
}

/// The runtime of a CloudFront distribution: its cache TTL and one cache per edge; its
/// origins come in pass 2 (`connect`). `None` for another kind.
pub(crate) fn compile(n: &Node, setup: &mut dyn Setup) -> Option<Cdn> {
    let Spec::CloudfrontDistribution { default_ttl_s, .. } = &n.spec else { return None };
    let node = setup.node(n, "cloudfront_distribution");
    Some(Cdn {
        node,
        origin: Target::Nowhere,
        origin_gate: Gate::Open,
        origin_link: NONE,
        origin_coords: None,
        static_origin: Target::Nowhere,
        static_gate: Gate::Open,
        static_link: NONE,
        static_coords: None,
        ttl_us: (*default_ttl_s).min(31_536_000) * US_PER_S,
        edges: vec![Vec::new(); LOCATIONS],
        hits: 0,
        misses: 0,
        requests: 0,
        origin_down: 0,
    })
}

/// A distribution's origins (dynamic and static): where a miss goes, the path from the
/// Internet to it, and its place.
pub(crate) fn connect(n: &Node, setup: &mut dyn Setup, cdn: &mut Cdn) {
    let Spec::CloudfrontDistribution { origin, static_origin, .. } = &n.spec else { return };
    let o = setup.target(origin);
    let so_id = static_origin.as_ref().unwrap_or(origin);
    let so = setup.target(so_id);
    let og = setup.gate_from_internet(origin, o, "CloudFront.504", Some(504));
    let sg = setup.gate_from_internet(so_id, so, "CloudFront.504", Some(504));
    let (oc, sc) = (setup.coords_of(o), setup.coords_of(so));
    let (on, sn) = (setup.target_node(o), setup.target_node(so));
    let ol = if on == NONE { NONE } else { setup.link(&n.id, on) };
    let sl = if sn == NONE || so_id == origin { ol } else { setup.link(&n.id, sn) };
    (cdn.origin, cdn.origin_gate, cdn.origin_link, cdn.origin_coords) = (o, og, ol, oc);
    (cdn.static_origin, cdn.static_gate, cdn.static_link, cdn.static_coords) = (so, sg, sl, sc);
}
