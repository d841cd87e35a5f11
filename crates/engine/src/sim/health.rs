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

use super::Simulation;
use crate::des::core::US_PER_S;
use crate::des::state::*;
use crate::services::ec2::sim::Life;
use crate::services::elb::sim::TargetHealth;

impl Simulation {
    /// Whether the instance answers a health check: running, host and AZ up, application
    /// not hung.
    pub(crate) fn serves(&self, i: u32) -> bool {
        let inst = &self.ec2.instances[i as usize];
        inst.life == Life::Running && !inst.crashed && !inst.impaired && !self.az_is_down(inst.cpu.az)
    }

    /// Runs the target-group health checks that are due.
    pub(crate) fn target_group_checks(&mut self) {
        for li in 0..self.elb.lbs.len() {
            if self.core.now < self.elb.lbs[li].next_check {
                self.finish_draining(li);
                continue;
            }
            let lb = &self.elb.lbs[li];
            let settings = lb.health;
            self.elb.lbs[li].next_check += u64::from(settings.interval_s) * US_PER_S;
            let mut changed = false;
            for ti in 0..self.elb.lbs[li].targets.len() {
                let t = &self.elb.lbs[li].targets[ti];
                if matches!(t.health, TargetHealth::Draining | TargetHealth::Unused) {
                    continue;
                }
                let pass = self.elb.lbs[li].matcher_ok && matches!(t.gate, Gate::Open) && self.serves(t.inst);
                let inst = t.inst;
                let (health, streak) = (t.health, t.streak);
                let next = match (health, pass) {
                    (TargetHealth::Initial, true) => Some(TargetHealth::Healthy),
                    (TargetHealth::Healthy, true) | (TargetHealth::Unhealthy, false) => {
                        self.elb.lbs[li].targets[ti].streak = 0;
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
                        self.elb.lbs[li].targets[ti].streak = streak + 1;
                        None
                    }
                };
                if let Some(h) = next {
                    let t = &mut self.elb.lbs[li].targets[ti];
                    t.health = h;
                    t.streak = 0;
                    changed = true;
                    let lb_id = self.core.nodes[self.elb.lbs[li].node as usize].id.to_string();
                    let id = self.ec2.instances[inst as usize].id.to_string();
                    let (code, message) = if h == TargetHealth::Healthy {
                        let n = if health == TargetHealth::Initial { 1 } else { settings.healthy_threshold };
                        ("ELB.TargetHealthy", msg!("health.passed_health_check_row", id = id, n = n, lb_id = lb_id))
                    } else {
                        let n = settings.unhealthy_threshold;
                        (
                            "ELB.TargetUnhealthy",
                            msg!("health.failed_health_checks_unhealthy", id = id, n = n, lb_id = lb_id),
                        )
                    };
                    let node = self.elb.lbs[li].node;
                    self.core.control(Some(node), code, message);
                }
            }
            if changed {
                self.elb.lbs[li].recount();
                self.fail_open_note(li);
            }
            self.finish_draining(li);
        }
    }

    /// Logs when a target group starts or stops failing open (every target unhealthy).
    fn fail_open_note(&mut self, li: usize) {
        let lb = &self.elb.lbs[li];
        let registered =
            lb.targets.iter().filter(|t| !matches!(t.health, TargetHealth::Unused | TargetHealth::Draining));
        let mut registered = registered.peekable();
        let open = registered.peek().is_some()
            && lb.targets.iter().all(|t| t.health != TargetHealth::Healthy)
            && lb.targets.iter().any(|t| t.health == TargetHealth::Unhealthy);
        if open != lb.failing_open {
            self.elb.lbs[li].failing_open = open;
            if open {
                let node = self.elb.lbs[li].node;
                self.core.control(Some(node), "ELB.FailOpen", msg!("health.every_target_unhealthy_load"));
            }
        }
    }

    /// Draining targets whose delay is over (or with nothing outstanding) are deregistered,
    /// and an Auto Scaling group's instance waiting on them is terminated.
    fn finish_draining(&mut self, li: usize) {
        let mut done = Vec::new();
        let lb = &mut self.elb.lbs[li];
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
            self.elb.lbs[li].deregister(t);
        }
        for (_, inst) in done {
            let draining_elsewhere = self.elb.lbs.iter().any(|lb| lb.has_target(inst, TargetHealth::Draining));
            if !draining_elsewhere && self.ec2.instances[inst as usize].life == Life::ShuttingDown {
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
                    msg!("health.route_53_passed_health", name = name, threshold = threshold)
                } else {
                    msg!("health.route_53_failed_health", name = name, threshold = threshold)
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
                let lb = &self.elb.lbs[i as usize];
                lb.azs.iter().any(|&az| !self.az_is_down(az))
                    && lb.targets.iter().any(|t| t.health == TargetHealth::Healthy && self.serves(t.inst))
            }
            Target::Instance(i) => self.serves(i),
            Target::Bucket(i) => self.s3.buckets[i as usize].down == 0,
            Target::Cdn(i) => self.cloudfront.cdns[i as usize].origin_down == 0,
            // A record's value is never a queue (`kinds::RECORD_VALUES`).
            Target::Record(_) | Target::Queue(_) | Target::Nowhere => false,
        }
    }

    fn target_name(&self, target: Target) -> String {
        let node = match target {
            Target::Lb(i) => self.elb.lbs[i as usize].node,
            Target::Instance(i) => self.ec2.instances[i as usize].node,
            Target::Bucket(i) => self.s3.buckets[i as usize].node,
            Target::Cdn(i) => self.cloudfront.cdns[i as usize].node,
            Target::Record(i) => self.route53.records[i as usize].node,
            Target::Queue(i) => self.sqs.queues[i as usize].node,
            Target::Nowhere => return "?".into(),
        };
        self.core.nodes[node as usize].id.to_string()
    }
}
