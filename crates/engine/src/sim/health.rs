//! Health checks: target groups (interval, thresholds, matcher, fail-open, draining) and Route 53 (interval, failure threshold), run on the simulation's one-second tick.
//!
//! Target-group rules are aws-facts.md §4.2 (ELB User Guide, "Health checks for your target
//! groups"): a new target must pass one check before it gets traffic; a healthy target that
//! fails `unhealthy_threshold` checks in a row is unhealthy; an unhealthy one needs
//! `healthy_threshold` passes; when every target is unhealthy the load balancer fails open.
//! Route 53 rules are §8: checks every 30 s or 10 s, unhealthy after `failure_threshold`
//! failures in a row. A check passes when the instance is running, its host and AZ are up
//! and its application answers (not impaired). A target-group check also needs the path
//! from the load balancer to the target's port open in the network model (its security
//! groups and network ACLs): the check uses the traffic port by default, and a target
//! that blocks the load balancer fails it, as in AWS ("Request timed out").

use super::core::US_PER_S;
use super::state::*;
use super::Simulation;
use crate::model::Text;

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

impl Simulation {
    /// Whether the instance answers a health check: running, host and AZ up, application
    /// not hung.
    pub(crate) fn serves(&self, i: u32) -> bool {
        let inst = &self.instances[i as usize];
        inst.life == Life::Running && !inst.crashed && !inst.impaired && !self.az_is_down(inst.cpu.az)
    }

    /// Runs the target-group health checks that are due.
    pub(crate) fn target_group_checks(&mut self) {
        for li in 0..self.lbs.len() {
            if self.core.now < self.lbs[li].next_check {
                self.finish_draining(li);
                continue;
            }
            let lb = &self.lbs[li];
            let settings = lb.health;
            self.lbs[li].next_check += u64::from(settings.interval_s) * US_PER_S;
            let mut changed = false;
            for ti in 0..self.lbs[li].targets.len() {
                let t = &self.lbs[li].targets[ti];
                if matches!(t.health, TargetHealth::Draining | TargetHealth::Unused) {
                    continue;
                }
                let pass = self.lbs[li].matcher_ok && matches!(t.gate, Gate::Open) && self.serves(t.inst);
                let inst = t.inst;
                let (health, streak) = (t.health, t.streak);
                let next = match (health, pass) {
                    (TargetHealth::Initial, true) => Some(TargetHealth::Healthy),
                    (TargetHealth::Healthy, true) | (TargetHealth::Unhealthy, false) => {
                        self.lbs[li].targets[ti].streak = 0;
                        None
                    }
                    (TargetHealth::Unhealthy, true) if streak + 1 >= settings.healthy_threshold => {
                        Some(TargetHealth::Healthy)
                    }
                    (TargetHealth::Healthy | TargetHealth::Initial, false)
                        if streak + 1 >= settings.unhealthy_threshold =>
                    {
                        Some(TargetHealth::Unhealthy)
                    }
                    _ => {
                        self.lbs[li].targets[ti].streak = streak + 1;
                        None
                    }
                };
                if let Some(h) = next {
                    let t = &mut self.lbs[li].targets[ti];
                    t.health = h;
                    t.streak = 0;
                    changed = true;
                    let lb_id = self.core.nodes[self.lbs[li].node as usize].id.to_string();
                    let id = self.instances[inst as usize].id.to_string();
                    let (code, message) = if h == TargetHealth::Healthy {
                        let n = if health == TargetHealth::Initial { 1 } else { settings.healthy_threshold };
                        (
                            "ELB.TargetHealthy",
                            Text::new(
                                format!(
                                    "{id} passed {n} health check(s) in a row -> healthy: {lb_id} sends it requests"
                                ),
                                format!("{id}가 상태 확인을 {n}번 연속 통과 -> 정상: {lb_id}가 요청을 보냅니다"),
                            ),
                        )
                    } else {
                        let n = settings.unhealthy_threshold;
                        (
                            "ELB.TargetUnhealthy",
                            Text::new(
                                format!("{id} failed {n} of {n} health checks -> unhealthy: {lb_id} stops sending it requests"),
                                format!("{id}가 상태 확인 {n}번 중 {n}번 실패 -> 비정상: {lb_id}가 요청을 보내지 않습니다"),
                            ),
                        )
                    };
                    let node = self.lbs[li].node;
                    self.core.control(Some(node), code, message);
                }
            }
            if changed {
                self.lbs[li].recount();
                self.fail_open_note(li);
            }
            self.finish_draining(li);
        }
    }

    /// Logs when a target group starts or stops failing open (every target unhealthy).
    fn fail_open_note(&mut self, li: usize) {
        let lb = &self.lbs[li];
        let registered =
            lb.targets.iter().filter(|t| !matches!(t.health, TargetHealth::Unused | TargetHealth::Draining));
        let mut registered = registered.peekable();
        let open = registered.peek().is_some()
            && lb.targets.iter().all(|t| t.health != TargetHealth::Healthy)
            && lb.targets.iter().any(|t| t.health == TargetHealth::Unhealthy);
        if open != lb.failing_open {
            self.lbs[li].failing_open = open;
            if open {
                let node = self.lbs[li].node;
                self.core.control(
                    Some(node),
                    "ELB.FailOpen",
                    Text::new(
                        "Every target is unhealthy: the load balancer fails open and sends requests to all of them.",
                        "모든 대상이 비정상입니다. 로드 밸런서는 페일 오픈하여 모든 대상에 요청을 보냅니다.",
                    ),
                );
            }
        }
    }

    /// Draining targets whose delay is over (or with nothing outstanding) are deregistered,
    /// and an Auto Scaling group's instance waiting on them is terminated.
    fn finish_draining(&mut self, li: usize) {
        let mut done = Vec::new();
        let lb = &mut self.lbs[li];
        if lb.not_healthy == 0 {
            // Draining targets count as not healthy: none here.
            return;
        }
        for (t, target) in lb.targets.iter().enumerate() {
            if target.health == TargetHealth::Draining
                && (target.outstanding == 0 || self.core.now >= target.drain_until)
            {
                done.push((t as u32, target.inst));
            }
        }
        if done.is_empty() {
            return;
        }
        // One at a time, each as a rebuild would leave it: the same lists as marking them
        // all and rebuilding once, since removals only shorten the node list.
        for &(t, _) in &done {
            self.lbs[li].deregister(t);
        }
        for (_, inst) in done {
            let draining_elsewhere = self.lbs.iter().any(|lb| lb.has_target(inst, TargetHealth::Draining));
            if !draining_elsewhere && self.instances[inst as usize].life == Life::ShuttingDown {
                self.terminate(inst);
            }
        }
    }

    /// Route 53 health checks that are due: an endpoint is unhealthy after
    /// `failure_threshold` failed checks in a row, healthy again after as many passes.
    pub(crate) fn route53_checks(&mut self) {
        for ri in 0..self.route53.records.len() {
            let Some((interval, threshold)) = self.route53.records[ri].check else { continue };
            if self.core.now < self.route53.records[ri].next_check {
                continue;
            }
            self.route53.records[ri].next_check += interval;
            for vi in 0..self.route53.records[ri].values.len() {
                let target = self.route53.records[ri].values[vi].target;
                let pass = self.endpoint_healthy(target);
                let v = &mut self.route53.records[ri].values[vi];
                if pass == v.healthy {
                    v.streak = 0;
                    continue;
                }
                v.streak += 1;
                if v.streak < threshold {
                    continue;
                }
                v.healthy = pass;
                v.streak = 0;
                let node = self.route53.records[ri].node;
                let name = self.target_name(target);
                let message = if pass {
                    Text::new(
                        format!(
                            "Route 53: {name} passed {threshold} health check(s) in a row -> healthy, answered again"
                        ),
                        format!("Route 53: {name}가 상태 확인을 {threshold}번 연속 통과 -> 정상, 다시 응답에 포함"),
                    )
                } else {
                    Text::new(
                        format!("Route 53: {name} failed {threshold} health check(s) in a row -> unhealthy, no longer answered (resolvers keep cached answers for the TTL)"),
                        format!("Route 53: {name}가 상태 확인을 {threshold}번 연속 실패 -> 비정상, 응답에서 제외(리졸버는 TTL 동안 캐시된 응답을 씁니다)"),
                    )
                };
                let code = if pass { "Route53.Healthy" } else { "Route53.Unhealthy" };
                self.core.control(Some(node), code, message);
            }
        }
    }

    /// What a Route 53 health check of `target` sees: a load balancer is healthy while a
    /// node in an AZ that is up has a healthy target; an instance while it serves; a bucket
    /// while its Region is up.
    fn endpoint_healthy(&self, target: Target) -> bool {
        match target {
            Target::Lb(i) => {
                let lb = &self.lbs[i as usize];
                lb.azs.iter().any(|&az| !self.az_is_down(az))
                    && lb.targets.iter().any(|t| t.health == TargetHealth::Healthy && self.serves(t.inst))
            }
            Target::Instance(i) => self.serves(i),
            Target::Bucket(i) => self.s3.buckets[i as usize].down == 0,
            Target::Cdn(i) => self.cloudfront.cdns[i as usize].origin_down == 0,
            Target::Record(_) | Target::Nowhere => false,
        }
    }

    fn target_name(&self, target: Target) -> String {
        let node = match target {
            Target::Lb(i) => self.lbs[i as usize].node,
            Target::Instance(i) => self.instances[i as usize].node,
            Target::Bucket(i) => self.s3.buckets[i as usize].node,
            Target::Cdn(i) => self.cloudfront.cdns[i as usize].node,
            Target::Record(i) => self.route53.records[i as usize].node,
            Target::Nowhere => return "?".into(),
        };
        self.core.nodes[node as usize].id.to_string()
    }
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
