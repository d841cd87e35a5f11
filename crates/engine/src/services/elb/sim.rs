//! Elastic Load Balancing as a simulation component: load balancers (nodes per AZ, target groups with their health states, cross-zone, round robin or least outstanding requests) and how a load balancer picks a target.

use crate::catalog::geo;
use crate::des::core::US_PER_S;
use crate::des::frame::NodeFrame;
use crate::des::kernel::{Cause, Core, CLIENT_CONNECT_TIMEOUT_US, LB_CONNECT_TIMEOUT_US};
use crate::des::setup::Setup;
use crate::des::state::{Gate, Target};
use crate::model::{LoadBalancerType, Node, Spec};
use crate::resilience::parse_matcher;

/// The load balancers of a design, in document order (`Target::Lb` indexes them).
#[derive(Default)]
pub(crate) struct Elb {
    pub lbs: Vec<Lb>,
}

pub(crate) struct LbTarget {
    pub inst: u32,
    pub az: u32,
    pub gate: Gate,
    pub link: u32,
    pub outstanding: u32,
    pub health: TargetHealth,
    /// Consecutive checks that disagree with `health` (passes while unhealthy, failures while healthy).
    pub streak: u32,
    /// Draining: deregistration completes at this time (or when nothing is outstanding).
    pub drain_until: u64,
}

/// A target's state in its target group (ELB `TargetHealth.State`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TargetHealth {
    /// Registered, has not passed its first health check yet: no traffic.
    Initial,
    Healthy,
    Unhealthy,
    /// Deregistering: no new requests, in-flight ones finish.
    Draining,
    /// Deregistered.
    Unused,
}

pub(crate) struct Lb {
    pub node: u32,
    pub alb: bool,
    pub least_outstanding: bool,
    pub coords: Option<(f64, f64)>,
    pub azs: Vec<u32>,
    pub targets: Vec<LbTarget>,
    /// Per LB node (AZ): the targets it may pick (all with cross-zone, else its AZ's).
    pub candidates: Vec<Vec<u32>>,
    pub rr: Vec<usize>,
    pub bytes: u64,
    /// Every AZ the load balancer has a node in (subnets), before dropping empty ones.
    pub all_azs: Vec<u32>,
    pub cross_zone: bool,
    pub health: crate::resilience::HealthSettings,
    /// The matcher accepts the application's 200 (else every check fails).
    pub matcher_ok: bool,
    pub next_check: u64,
    pub deregistration_us: u64,
    /// Fail-open already logged for the current episode.
    pub failing_open: bool,
    /// Registered targets that are not healthy (0: every pick is the plain algorithm).
    pub not_healthy: u32,
    /// Each instance's positions in `targets` (which only grows), for the lookups by
    /// instance that used to scan every target: quadratic with 100k instances.
    pub by_inst: std::collections::BTreeMap<u32, Vec<u32>>,
    /// How many of `targets` `by_inst` covers.
    pub indexed: usize,
}

impl LbTarget {
    /// A target registered in `health` state, nothing outstanding.
    pub(crate) fn registered(inst: u32, az: u32, gate: Gate, link: u32, health: TargetHealth) -> LbTarget {
        LbTarget { inst, az, gate, link, outstanding: 0, health, streak: 0, drain_until: 0 }
    }
}

impl Lb {
    /// Per load balancer node (AZ), the targets it may pick: every registered target with
    /// cross-zone load balancing, else its own AZ's. A node without targets is left out of
    /// DNS (NLB without cross-zone): clients use the other nodes.
    pub(crate) fn rebuild(&mut self) {
        self.index_targets();
        let live = |t: &LbTarget| t.health != TargetHealth::Unused;
        let all: Vec<u32> = (0..self.targets.len() as u32).filter(|&t| live(&self.targets[t as usize])).collect();
        let mut azs = Vec::new();
        let mut candidates = Vec::new();
        for &az in &self.all_azs {
            let c: Vec<u32> = if self.cross_zone {
                all.clone()
            } else {
                all.iter().copied().filter(|&t| self.targets[t as usize].az == az).collect()
            };
            if !c.is_empty() {
                azs.push(az);
                candidates.push(c);
            }
        }
        self.rr.resize(candidates.len(), 0);
        self.azs = azs;
        self.candidates = candidates;
        self.recount();
    }

    /// Registers `target` as `rebuild` would after pushing it, without going over every
    /// target: 200 Auto Scaling groups of 500 registering one by one made that quadratic.
    /// The new target has the highest index, so it goes last in each list it joins. When a
    /// node gains its first target the node set changes and the full rebuild runs (it
    /// keeps the round-robin positions by list position, which this must not redo).
    pub(crate) fn add_target(&mut self, target: LbTarget) {
        let t = self.targets.len() as u32;
        let (az, health) = (target.az, target.health);
        self.targets.push(target);
        self.index_targets();
        if health == TargetHealth::Unused {
            return;
        }
        let joins = |node_az: u32| self.cross_zone || node_az == az;
        let nodes_now = self.all_azs.iter().filter(|&&node_az| joins(node_az) || self.azs.contains(&node_az)).count();
        if nodes_now != self.azs.len() {
            self.rebuild();
            return;
        }
        for (k, &node_az) in self.azs.iter().enumerate() {
            if self.cross_zone || node_az == az {
                self.candidates[k].push(t);
            }
        }
        if health != TargetHealth::Healthy {
            self.not_healthy += 1;
        }
    }

    /// Target `t` is deregistered (its health becomes `Unused`), leaving the node lists as
    /// `rebuild` would, without going over every target: each list is sorted, so it is
    /// found by bisection. A node left without targets drops out of the list of nodes, which
    /// moves the round-robin positions after it: then the full rebuild runs.
    pub(crate) fn deregister(&mut self, t: u32) {
        let old = self.targets[t as usize].health;
        if old == TargetHealth::Unused {
            return;
        }
        self.targets[t as usize].health = TargetHealth::Unused;
        if self.candidates.iter().any(|c| c.as_slice() == [t]) {
            self.rebuild();
            return;
        }
        for c in &mut self.candidates {
            if let Ok(k) = c.binary_search(&t) {
                c.remove(k);
            }
        }
        if old != TargetHealth::Healthy {
            self.not_healthy = self.not_healthy.saturating_sub(1);
        }
    }

    /// Covers targets registered since the last call in `by_inst`.
    fn index_targets(&mut self) {
        for t in self.indexed..self.targets.len() {
            self.by_inst.entry(self.targets[t].inst).or_default().push(t as u32);
        }
        self.indexed = self.targets.len();
    }

    /// The positions in `targets` of instance `inst`'s registrations.
    pub(crate) fn targets_of(&self, inst: u32) -> &[u32] {
        self.by_inst.get(&inst).map_or(&[], Vec::as_slice)
    }

    /// Whether instance `inst` has a target in `health`.
    pub(crate) fn has_target(&self, inst: u32, health: TargetHealth) -> bool {
        self.targets_of(inst).iter().any(|&t| self.targets[t as usize].health == health)
    }

    /// Counts the registered targets that are not healthy (after any health change).
    pub(crate) fn recount(&mut self) {
        let not_healthy = |t: &&LbTarget| !matches!(t.health, TargetHealth::Healthy | TargetHealth::Unused);
        self.not_healthy = self.targets.iter().filter(not_healthy).count() as u32;
    }

    /// The target node `zi` sends the next request to: round robin or least outstanding
    /// among healthy targets; if none is healthy, among every registered target that is not
    /// draining (fail open). `None` when only draining targets are left.
    pub(crate) fn pick(&mut self, zi: usize) -> Option<u32> {
        let start = self.rr[zi];
        self.rr[zi] = start.wrapping_add(1);
        let candidates = &self.candidates[zi];
        let n = candidates.len();
        if self.not_healthy == 0 {
            // Every target healthy (the usual case): the plain algorithm, no scan for health.
            if !self.least_outstanding {
                return Some(candidates[start % n]);
            }
            let mut best = candidates[start % n];
            for k in 1..n {
                let c = candidates[(start + k) % n];
                if self.targets[c as usize].outstanding < self.targets[best as usize].outstanding {
                    best = c;
                }
            }
            return Some(best);
        }
        let healthy = |t: &LbTarget| t.health == TargetHealth::Healthy;
        let open = |t: &LbTarget| !matches!(t.health, TargetHealth::Draining | TargetHealth::Unused);
        // One pass counts both: the healthy targets, and those open to fail-open routing.
        let (healthy_n, open_n) = candidates.iter().fold((0usize, 0usize), |(h, o), &c| {
            let t = &self.targets[c as usize];
            (h + usize::from(healthy(t)), o + usize::from(open(t)))
        });
        let any_healthy = healthy_n > 0;
        let ok = |t: &LbTarget| if any_healthy { healthy(t) } else { open(t) };
        if !self.least_outstanding {
            // Round robin over the targets that may take traffic, so the share of a target
            // that left is spread evenly over the others. Passing an unhealthy target's turn
            // to its neighbour instead gave that one neighbour every lost share (issue #13:
            // one instance at three times its fair rate after an AZ outage).
            let m = if any_healthy { healthy_n } else { open_n };
            return (m > 0)
                .then(|| candidates.iter().copied().filter(|&c| ok(&self.targets[c as usize])).nth(start % m))
                .flatten();
        }
        let mut best: Option<u32> = None;
        for k in 0..n {
            let c = candidates[(start + k) % n];
            let t = &self.targets[c as usize];
            if !ok(t) {
                continue;
            }
            match best {
                None => best = Some(c),
                Some(b) if t.outstanding < self.targets[b as usize].outstanding => best = Some(c),
                Some(_) => {}
            }
        }
        best
    }
}

impl Elb {
    /// Its part of the frame: a load balancer some target of which the network blocks.
    pub(crate) fn frame(&self, nodes: &mut [NodeFrame<'_>]) {
        for lb in &self.lbs {
            if lb.targets.iter().any(|t| matches!(t.gate, Gate::Blocked(_))) {
                nodes[lb.node as usize].blocked = true;
            }
        }
    }

    /// Request `r` reaches load balancer `i` `fwd` µs from now: the user's DNS answer picks
    /// a node (one per AZ); the node picks a target by round robin or least outstanding
    /// requests, among all targets with cross-zone load balancing or its own AZ's without
    /// (aws-facts §4). `az_down` says whether an AZ is down, while any is (`None` keeps the
    /// path free of AZ checks). The target instance and when the request reaches it, or
    /// `None` if it failed here.
    pub fn balance(
        &mut self,
        core: &mut Core,
        r: u32,
        i: u32,
        fwd: u64,
        az_down: Option<impl Fn(u32) -> bool>,
    ) -> Option<(Target, u64)> {
        let lb = &mut self.lbs[i as usize];
        let node = lb.node;
        core.nodes[node as usize].stats.arrivals += 1;
        if let Some(down) = &az_down {
            if !lb.all_azs.is_empty() && lb.all_azs.iter().all(|&z| down(z)) {
                // Every node of the load balancer is in an AZ that is down: nothing answers.
                core.fail(r, Cause::LB_DOWN, node, fwd + CLIENT_CONNECT_TIMEOUT_US);
                return None;
            }
        }
        if lb.azs.is_empty() {
            core.fail(r, Cause::NO_TARGETS, node, fwd);
            return None;
        }
        let mut zi = core.rng.below(lb.azs.len() as u64) as usize;
        // A node in an AZ that is down does not answer: clients retry another address of
        // the load balancer's DNS name.
        let n = lb.azs.len();
        if let Some(down) = &az_down {
            let Some(k) = (0..n).find(|k| !down(lb.azs[(zi + k) % n])) else {
                core.fail(r, Cause::LB_DOWN, node, fwd + CLIENT_CONNECT_TIMEOUT_US);
                return None;
            };
            zi = (zi + k) % n;
        }
        let az = lb.azs[zi];
        // Fewest outstanding or round robin, among healthy targets (every one fails open).
        let Some(pick) = lb.pick(zi) else {
            core.fail(r, Cause::NO_TARGETS, node, fwd);
            return None;
        };
        let target = &mut lb.targets[pick as usize];
        let (gate, link, inst, taz) = (target.gate, target.link, target.inst, target.az);
        core.links[link as usize].count += 1;
        core.nodes[node as usize].stats.done += 1;
        if let Gate::Blocked(c) = gate {
            core.fail(r, c, node, fwd + LB_CONNECT_TIMEOUT_US);
            return None;
        }
        target.outstanding += 1;
        let bytes = core.reqs[r as usize].bytes;
        lb.bytes = lb.bytes.saturating_add(bytes);
        let stats = &mut core.nodes[node as usize].stats;
        stats.bytes = stats.bytes.saturating_add(bytes);
        let rtt = if taz == az { geo::SAME_AZ_RTT_MS } else { geo::CROSS_AZ_RTT_MS };
        let hop = (rtt * 500.0) as u64;
        let req = &mut core.reqs[r as usize];
        req.lb = i;
        req.lb_target = pick;
        req.ret += hop;
        Some((Target::Instance(inst), fwd + hop))
    }
}

/// A load balancer's runtime (ALB or NLB): its health check and deregistration delay; its
/// nodes and targets come when set-up connects it.
pub(crate) fn compile(n: &Node, setup: &mut dyn Setup) -> Option<Lb> {
    let Spec::LoadBalancer { lb_type, health_check, deregistration_delay_s, .. } = &n.spec else { return None };
    let node = setup.node(n, "load_balancer");
    let alb = *lb_type == LoadBalancerType::Alb;
    let check = health_check.clone().unwrap_or_default();
    // The application answers its health check with 200 (a teaching
    // simplification): a matcher without 200 fails every check.
    let allowed = if alb { (200, 499) } else { (200, 599) };
    let default = if alb { "200" } else { "200-399" };
    let matcher_ok = parse_matcher(check.matcher.as_deref().unwrap_or(default), allowed)
        .is_ok_and(|ranges| ranges.iter().any(|&(a, z)| (a..=z).contains(&200)));
    let health = check.settings(alb);
    Some(Lb {
        all_azs: Vec::new(),
        cross_zone: alb,
        health,
        matcher_ok,
        next_check: u64::from(health.interval_s) * US_PER_S,
        // Deregistration delay: 300 s by default, 0-3,600 (aws-facts.md §4.2).
        deregistration_us: u64::from(deregistration_delay_s.unwrap_or(300).min(3_600)) * US_PER_S,
        failing_open: false,
        not_healthy: 0,
        node,
        alb: *lb_type == LoadBalancerType::Alb,
        least_outstanding: false,
        coords: None,
        azs: Vec::new(),
        targets: Vec::new(),
        candidates: Vec::new(),
        rr: Vec::new(),
        bytes: 0,
        by_inst: std::collections::BTreeMap::new(),
        indexed: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lb(cross_zone: bool) -> Lb {
        Lb {
            node: 0,
            alb: true,
            least_outstanding: false,
            coords: None,
            azs: Vec::new(),
            targets: Vec::new(),
            candidates: Vec::new(),
            rr: Vec::new(),
            bytes: 0,
            all_azs: vec![0, 1, 2],
            cross_zone,
            health: crate::resilience::HealthCheck::default().settings(true),
            matcher_ok: true,
            next_check: 0,
            deregistration_us: 0,
            failing_open: false,
            not_healthy: 0,
            by_inst: Default::default(),
            indexed: 0,
        }
    }

    fn state(lb: &Lb) -> (Vec<u32>, Vec<Vec<u32>>, Vec<usize>, u32) {
        (lb.azs.clone(), lb.candidates.clone(), lb.rr.clone(), lb.not_healthy)
    }

    /// Registering and deregistering one target at a time leaves the node lists, round-robin
    /// positions and count exactly as marking the targets and rebuilding does.
    #[test]
    fn incremental_updates_match_a_rebuild() {
        let healths = [TargetHealth::Healthy, TargetHealth::Initial, TargetHealth::Unhealthy];
        for cross_zone in [false, true] {
            let (mut fast, mut slow) = (lb(cross_zone), lb(cross_zone));
            // A fixed pseudo-random walk over registrations and deregistrations.
            let mut x: u32 = 12345;
            for step in 0..400u32 {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let r = x >> 16;
                if !r.is_multiple_of(3) || fast.targets.is_empty() {
                    let t = || LbTarget::registered(step, r % 4, Gate::Open, 0, healths[(r % 3) as usize]);
                    fast.add_target(t());
                    slow.targets.push(t());
                    slow.rebuild();
                } else {
                    let t = r % fast.targets.len() as u32;
                    fast.deregister(t);
                    slow.targets[t as usize].health = TargetHealth::Unused;
                    slow.rebuild();
                }
                // Picks move the round-robin positions, which a rebuild keeps by position.
                for z in 0..fast.candidates.len() {
                    assert_eq!(fast.pick(z), slow.pick(z));
                }
                assert_eq!(state(&fast), state(&slow), "step {step}");
            }
        }
    }
}
