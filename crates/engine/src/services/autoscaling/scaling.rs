//! EC2 Auto Scaling: a group keeps its desired capacity across AZs, replaces instances its health checks (EC2 or ELB, after the grace period) call unhealthy, scales by target tracking, step and scheduled policies on one-minute metrics, and rebalances AZs.
//!
//! Rules are aws-facts.md §3 (EC2 Auto Scaling User Guide): desired stays within
//! [min, max]; scale-out goes to the AZ with the fewest instances; the default termination
//! policy picks the AZ with the most instances, then the oldest launch template version
//! (a launch configuration is older than any template), then the instance closest to its
//! next billing hour; rebalancing launches before it terminates; an instance's metrics stay
//! out of the aggregate while it warms up; a new instance gets traffic once it passes its
//! first target-group health check (§4.2). Launch takes `BOOT_US` (§1.2).

use super::sim::METRIC_PERIOD_US;
use crate::catalog;
use crate::des::core::US_PER_S;
use crate::des::frame::{GroupFrame, NodeFrame};
use crate::des::state::*;
use crate::model::{PurchaseOption, ScalingMetric, ScalingPolicy};
use crate::services::ec2::sim::Life;
use crate::services::elb::sim::{LbTarget, TargetHealth};
use crate::sim::{FaultError, Simulation};

/// From launch to a booted instance whose application answers: about 25 s (launch to
/// SSH-ready averaged 25.8 s in the brevdev study, aws-facts.md §1.2).
pub(crate) const BOOT_US: u64 = 25 * US_PER_S;
/// EC2 status checks run once a minute (EC2 User Guide, "Status checks for your instances").
const EC2_STATUS_CHECK_US: u64 = 60 * US_PER_S;
/// Target tracking's alarms (the ones AWS creates for the policy): scale out after 3
/// datapoints above the target, scale in after 15 below 90 % of it. These are the values
/// AWS's generated alarms use ("TargetTracking-...-AlarmHigh/AlarmLow"); NV in aws-facts.
const TT_OUT_POINTS: u32 = 3;
const TT_IN_POINTS: u32 = 15;
const TT_IN_MARGIN: f64 = 0.9;
/// Datapoints kept for step policies with periods longer than a minute.
const KEEP_POINTS: usize = 60;

impl Simulation {
    /// Its part of the frame: each group's size and how many of its instances serve.
    pub(crate) fn group_frames(&self, nodes: &mut [NodeFrame<'_>]) {
        for (a, g) in self.asgs.iter().enumerate() {
            let pending = g.members.iter().filter(|&&i| self.ec2.instances[i as usize].life == Life::Pending).count();
            nodes[g.node as usize].group = Some(GroupFrame {
                min: g.min,
                max: g.max,
                desired: g.desired,
                in_service: self.in_service(a as u32),
                pending: pending as u32,
            });
        }
    }

    /// Every group starts with its desired capacity running, registered and healthy.
    pub(crate) fn start_groups(&mut self) {
        for a in 0..self.asgs.len() as u32 {
            for _ in 0..self.asgs[a as usize].desired {
                self.launch(a, true);
            }
        }
    }

    /// Points Auto Scaling group `group` at version `version` of its launch template (each
    /// version is immutable; aws-facts.md §3): instances launched from now on use it, and the
    /// default termination policy removes instances of older versions first. A group on a
    /// launch configuration moves to a launch template this way.
    pub fn set_launch_template_version(&mut self, group: &str, version: u32) -> Result<(), FaultError> {
        let a = self
            .asgs
            .iter()
            .position(|a| self.core.nodes[a.node as usize].id.as_str() == group)
            .ok_or(FaultError::UnknownTarget { target: group.to_string(), want: "an Auto Scaling group" })?;
        let version = version.max(1);
        let asg = &mut self.asgs[a];
        let before = asg.proto.version;
        asg.proto.version = version;
        let node = asg.node;
        self.core.control(
            Some(node),
            "AutoScaling.LaunchTemplateVersion",
            msg!("asg.asg_now_launches_from", group = group, version = version, before = before),
        );
        Ok(())
    }

    /// Instances of group `a` in service: running, EC2 checks passing, and healthy in
    /// every target group it is registered in.
    pub(crate) fn in_service(&self, a: u32) -> u32 {
        let asg = &self.asgs[a as usize];
        asg.members
            .iter()
            .filter(|&&i| {
                let inst = &self.ec2.instances[i as usize];
                inst.life == Life::Running
                    && !inst.crashed
                    && !self.az_is_down(inst.cpu.az)
                    && asg.lbs.iter().all(|&(lb, _)| self.elb.lbs[lb as usize].has_target(i, TargetHealth::Healthy))
            })
            .count() as u32
    }

    fn asg_name(&self, a: u32) -> String {
        self.core.nodes[self.asgs[a as usize].node as usize].id.to_string()
    }

    /// The AZ node's id with its AWS name: `az-c (ap-northeast-2c)`.
    fn zone_name(&self, az: u32) -> String {
        match self.faults.zones.get(az as usize) {
            Some(z) if !z.zone.is_empty() => format!("{} ({})", z.id, z.zone),
            Some(z) => z.id.to_string(),
            None => "?".into(),
        }
    }

    /// Members that count toward capacity (pending or running, not being terminated).
    fn live(&self, a: u32) -> Vec<u32> {
        let asg = &self.asgs[a as usize];
        asg.members
            .iter()
            .copied()
            .filter(|&i| matches!(self.ec2.instances[i as usize].life, Life::Pending | Life::Running))
            .collect()
    }

    /// Live members per AZ of the group, in the group's AZ order.
    fn per_az(&self, a: u32) -> Vec<(u32, u32)> {
        let live = self.live(a);
        self.asgs[a as usize]
            .azs
            .iter()
            .map(|&(az, _)| (az, live.iter().filter(|&&i| self.ec2.instances[i as usize].cpu.az == az).count() as u32))
            .collect()
    }

    /// A fresh id `i-N` that no document node uses.
    fn entity_id(&mut self) -> crate::model::NodeId {
        loop {
            self.entity_ids += 1;
            let id = crate::model::NodeId(format!("i-{}", self.entity_ids));
            if !self.doc_ids.contains(&id) {
                return id;
            }
        }
    }

    /// Launches one instance of group `a` in its AZ (that is up) with the fewest live
    /// instances. `at_start`: already running and healthy (the group existed before the
    /// run). Returns whether it launched.
    pub(crate) fn launch(&mut self, a: u32, at_start: bool) -> bool {
        let counts = self.per_az(a);
        let Some(&(az, _)) = counts.iter().filter(|(z, _)| !self.az_is_down(*z)).min_by_key(|(_, n)| *n) else {
            if !self.asgs[a as usize].run.stuck {
                self.asgs[a as usize].run.stuck = true;
                let name = self.asg_name(a);
                let node = self.asgs[a as usize].node;
                self.core.control(
                    Some(node),
                    "AutoScaling.LaunchFailed",
                    msg!("asg.asg_cannot_launch_none", name = name),
                );
            }
            return false;
        };
        let id = self.entity_id();
        let k = self.live(a).len() as u32;
        let asg = &mut self.asgs[a as usize];
        asg.run.stuck = false;
        let coords = asg.azs.iter().find(|(z, _)| *z == az).and_then(|(_, c)| *c);
        let mut inst = asg.proto.clone();
        inst.id = id.clone();
        inst.asg = a;
        inst.cpu = Station::new(asg.proto.cpu.servers, az);
        inst.coords = coords;
        inst.spot = asg.distribution.is_spot(k);
        inst.price_factor =
            catalog::purchase_factor(if inst.spot { PurchaseOption::Spot } else { PurchaseOption::OnDemand });
        inst.launched_at = self.core.now;
        if at_start {
            inst.life = Life::Running;
            inst.running_at = self.core.now;
        } else {
            inst.life = Life::Pending;
            inst.running_at = self.core.now + BOOT_US;
        }
        let i = self.ec2.instances.len() as u32;
        self.ec2.instances.push(inst);
        self.asgs[a as usize].members.push(i);
        self.start_workers_on(a, i);
        if at_start {
            self.register(a, i, TargetHealth::Healthy);
        } else {
            let (name, zone, node) = (self.asg_name(a), self.zone_name(az), self.asgs[a as usize].node);
            let is_spot = self.ec2.instances[i as usize].spot;
            let spot = if is_spot { msg!("asg.spot") } else { msg!("common.empty") };
            self.core.control(
                Some(node),
                "AutoScaling.Launch",
                msg!("asg.asg_launched_pending", name = name, id = id, spot = spot, zone = zone),
            );
        }
        true
    }

    fn register(&mut self, a: u32, i: u32, health: TargetHealth) {
        let az = self.ec2.instances[i as usize].cpu.az;
        for (lb, link) in self.asgs[a as usize].lbs.clone() {
            self.elb.lbs[lb as usize].add_target(LbTarget::registered(i, az, Gate::Open, link, health));
        }
    }

    /// Instance `i` is terminated: it loses its requests, leaves its target groups and its group.
    pub(crate) fn terminate(&mut self, i: u32) {
        if self.ec2.instances[i as usize].life == Life::Terminated {
            return;
        }
        self.lose_requests(i);
        let billed = self.billed_us(i);
        let inst = &mut self.ec2.instances[i as usize];
        inst.billed_us = billed;
        inst.life = Life::Terminated;
        inst.ended_at = self.core.now;
        let (a, id, node) = (inst.asg, inst.id.to_string(), inst.node);
        for lb in &mut self.elb.lbs {
            // Each as a rebuild after marking them all would leave it (removals only
            // shorten the node list), without going over every target.
            for t in lb.targets_of(i).to_vec() {
                lb.deregister(t);
            }
        }
        if let Some(asg) = self.asgs.get_mut(a as usize) {
            asg.members.retain(|&m| m != i);
        }
        self.core.control(Some(node), "EC2.Terminated", msg!("asg.terminated", id = id));
    }

    /// Scale-in: instance `i` drains (deregistration delay) and is then terminated.
    fn retire(&mut self, i: u32) {
        self.ec2.instances[i as usize].life = Life::ShuttingDown;
        let mut draining = false;
        for lb in &mut self.elb.lbs {
            let until = self.core.now + lb.deregistration_us;
            for k in 0..lb.targets_of(i).len() {
                let t = &mut lb.targets[lb.by_inst[&i][k] as usize];
                if !matches!(t.health, TargetHealth::Unused | TargetHealth::Draining) {
                    // Draining counts as not healthy (what `recount` would find).
                    if t.health == TargetHealth::Healthy {
                        lb.not_healthy += 1;
                    }
                    t.health = TargetHealth::Draining;
                    t.drain_until = until;
                    draining = true;
                }
            }
        }
        let (id, node) = (self.ec2.instances[i as usize].id.to_string(), self.ec2.instances[i as usize].node);
        if draining {
            self.core.control(Some(node), "ELB.Draining", msg!("asg.deregistered_draining_flight_requests", id = id));
        } else {
            self.terminate(i);
        }
    }

    /// Once per simulated second, for every group: boots, health, policies, capacity, rebalancing.
    pub(crate) fn groups_tick(&mut self) {
        for a in 0..self.asgs.len() as u32 {
            self.boots(a);
            self.scheduled_actions(a);
            self.health_replacements(a);
            self.metrics(a);
            let acted = self.capacity(a);
            if !acted {
                self.rebalance(a);
            }
        }
    }

    fn boots(&mut self, a: u32) {
        for i in self.asgs[a as usize].members.clone() {
            let inst = &self.ec2.instances[i as usize];
            if inst.life != Life::Pending || inst.running_at > self.core.now {
                continue;
            }
            if self.az_is_down(inst.cpu.az) {
                self.terminate(i);
                continue;
            }
            self.ec2.instances[i as usize].life = Life::Running;
            let has_lb = !self.asgs[a as usize].lbs.is_empty();
            self.register(a, i, TargetHealth::Initial);
            let (id, node) = (self.ec2.instances[i as usize].id.to_string(), self.asgs[a as usize].node);
            let message = if has_lb {
                msg!("asg.running_inservice_registered_target", id = id)
            } else {
                msg!("asg.running_inservice", id = id)
            };
            self.core.control(Some(node), "AutoScaling.InService", message);
        }
    }

    fn scheduled_actions(&mut self, a: u32) {
        for p in 0..self.asgs[a as usize].policies.len() {
            let ScalingPolicy::Scheduled { at_s, min, max, desired } = self.asgs[a as usize].policies[p].clone() else {
                continue;
            };
            let due = at_s.is_finite() && at_s * US_PER_S as f64 <= self.core.now as f64;
            if !due || self.asgs[a as usize].run.streaks[p].2 {
                continue;
            }
            let asg = &mut self.asgs[a as usize];
            asg.run.streaks[p].2 = true;
            asg.max = max.unwrap_or(asg.max).min(asg.ceiling);
            asg.min = min.unwrap_or(asg.min).min(asg.max);
            let before = asg.desired;
            asg.desired = desired.unwrap_or(asg.desired).clamp(asg.min, asg.max);
            let (name, node) = (self.asg_name(a), self.asgs[a as usize].node);
            let asg = &self.asgs[a as usize];
            let (lo, hi, d) = (asg.min, asg.max, asg.desired);
            self.core.control(
                Some(node),
                "AutoScaling.ScheduledAction",
                msg!("asg.asg_scheduled_action_min", name = name, lo = lo, hi = hi, before = before, d = d),
            );
        }
    }

    /// Unhealthy members past the grace period are terminated (the capacity step replaces
    /// them): EC2 status checks always count, target-group health only with type ELB.
    fn health_replacements(&mut self, a: u32) {
        let grace = u64::from(self.asgs[a as usize].timing.health_check_grace_period_s) * US_PER_S;
        for i in self.asgs[a as usize].members.clone() {
            let inst = &self.ec2.instances[i as usize];
            // The grace period runs from launch; instances running when the run starts
            // (running_at 0) were launched long before it.
            let in_grace = inst.running_at > 0 && self.core.now < inst.launched_at + grace;
            if matches!(inst.life, Life::Stopping | Life::Stopped) {
                // A stopped instance is unhealthy to its group (EC2 Auto Scaling User
                // Guide, "Health checks"): it is replaced.
                let (name, id, node) = (self.asg_name(a), inst.id.to_string(), self.asgs[a as usize].node);
                self.core.control(
                    Some(node),
                    "AutoScaling.Unhealthy",
                    msg!("asg.asg_was_stopped_terminating", name = name, id = id),
                );
                self.terminate(i);
                continue;
            }
            if inst.life != Life::Running || in_grace {
                continue;
            }
            // EC2 runs status checks every minute (EC2 User Guide, "Status checks for your
            // instances"): the group learns of a failed host at the next one.
            let status_check = self.core.now.is_multiple_of(EC2_STATUS_CHECK_US);
            let reason = if status_check && (inst.crashed || self.az_is_down(inst.cpu.az)) {
                Some(msg!("asg.ec2_status_checks_failed"))
            } else if self.asgs[a as usize].elb_health
                // `not_healthy` counts unhealthy targets: a group with none needs no lookup
                // (the usual case, once a second for every member).
                && self.elb.lbs.iter().any(|lb| lb.not_healthy > 0 && lb.has_target(i, TargetHealth::Unhealthy))
            {
                Some(msg!("asg.elb_health_check_failed"))
            } else {
                None
            };
            let Some(reason) = reason else { continue };
            let (name, id, node) = (self.asg_name(a), inst.id.to_string(), self.asgs[a as usize].node);
            self.core.control(
                Some(node),
                "AutoScaling.Unhealthy",
                msg!("asg.asg_unhealthy_terminating_replacing", name = name, id = id, reason = reason),
            );
            self.terminate(i);
        }
    }

    /// Once a minute: the group's datapoints (CPU of warmed-up running instances, requests
    /// per healthy target) and its target tracking and step policies.
    fn metrics(&mut self, a: u32) {
        let warmup = u64::from(self.asgs[a as usize].timing.instance_warmup_s) * US_PER_S;
        let (mut sum, mut n) = (0.0, 0u32);
        for &i in &self.asgs[a as usize].members {
            let inst = &self.ec2.instances[i as usize];
            if inst.life == Life::Running && self.core.now >= inst.running_at + warmup {
                sum += inst.util;
                n += 1;
            }
        }
        let asg = &mut self.asgs[a as usize];
        if n > 0 {
            asg.run.cpu_acc += sum / f64::from(n);
            asg.run.cpu_n += 1;
        }
        if self.core.now < asg.run.next_metric {
            return;
        }
        asg.run.next_metric += METRIC_PERIOD_US;
        let cpu = if asg.run.cpu_n > 0 { asg.run.cpu_acc / f64::from(asg.run.cpu_n) * 100.0 } else { 0.0 };
        asg.run.cpu_acc = 0.0;
        asg.run.cpu_n = 0;
        let arrivals = self.core.nodes[asg.node as usize].stats.arrivals;
        let requests = arrivals - asg.run.arrivals0;
        asg.run.arrivals0 = arrivals;
        let serving = self.in_service(a).max(1);
        let per_target = requests as f64 / f64::from(serving);
        // ApproximateNumberOfMessagesVisible is a gauge: its value at the datapoint.
        let queue = self.asgs[a as usize].queue;
        let backlog = self.sqs.queues.get(queue as usize).map_or(0, |q| q.backlog());
        let per_instance = backlog as f64 / f64::from(serving);
        let asg = &mut self.asgs[a as usize];
        asg.run.points.push((cpu, per_target, per_instance));
        if asg.run.points.len() > KEEP_POINTS {
            asg.run.points.remove(0);
        }
        for p in 0..asg.policies.len() {
            self.evaluate(a, p);
        }
    }

    fn evaluate(&mut self, a: u32, p: usize) {
        let asg = &self.asgs[a as usize];
        let value = |metric: ScalingMetric, points: &[(f64, f64, f64)]| {
            let last = points.last().copied().unwrap_or_default();
            match metric {
                ScalingMetric::Cpu => last.0,
                ScalingMetric::AlbRequestsPerTarget => last.1,
                ScalingMetric::SqsBacklogPerInstance => last.2,
            }
        };
        let warming = asg.members.iter().any(|&i| {
            let inst = &self.ec2.instances[i as usize];
            inst.life == Life::Pending
                || (inst.life == Life::Running
                    && self.core.now < inst.running_at + u64::from(asg.timing.instance_warmup_s) * US_PER_S)
        });
        let in_service = self.in_service(a).max(1);
        match asg.policies[p].clone() {
            ScalingPolicy::TargetTracking { metric, target } => {
                if !(target.is_finite() && target > 0.0) {
                    return;
                }
                let m = value(metric, &asg.run.points);
                let (hi, lo, fired) = asg.run.streaks[p];
                let (hi, lo) = if m > target {
                    (hi + 1, 0)
                } else if m < target * TT_IN_MARGIN {
                    (0, lo + 1)
                } else {
                    (0, 0)
                };
                self.asgs[a as usize].run.streaks[p] = (hi, lo, fired);
                let wanted = (f64::from(in_service) * m / target).ceil().clamp(0.0, f64::from(u32::MAX)) as u32;
                let desired = self.asgs[a as usize].desired;
                // Instances still launching or warming up count toward the capacity the
                // policy asked for: no second scale-out on their account.
                if hi >= TT_OUT_POINTS && wanted > desired && !warming {
                    self.set_desired(a, wanted, &format!("target tracking: {} {m:.0} > {target}", metric_name(metric)));
                    self.asgs[a as usize].run.streaks[p] = (0, 0, fired);
                } else if lo >= TT_IN_POINTS && wanted < desired {
                    self.set_desired(a, wanted, &format!("target tracking: {} {m:.0} < {target}", metric_name(metric)));
                    self.asgs[a as usize].run.streaks[p] = (0, 0, fired);
                }
            }
            ScalingPolicy::Step { metric, threshold, above, period_s, evaluation_periods, steps } => {
                let per = (period_s / 60).max(1) as usize;
                let recent = &asg.run.points[asg.run.points.len().saturating_sub(per)..];
                let m = recent.iter().map(|&pt| value(metric, &[pt])).sum::<f64>() / recent.len().max(1) as f64;
                let breach = if above { m > threshold } else { m < threshold };
                let (n, _, fired) = asg.run.streaks[p];
                let n = if breach { n + 1 } else { 0 };
                let cooldown = u64::from(asg.timing.default_cooldown_s) * US_PER_S;
                let cooling = asg.run.last_activity.is_some_and(|t| self.core.now < t + cooldown);
                self.asgs[a as usize].run.streaks[p] = (n, 0, fired);
                if n < evaluation_periods.max(1).saturating_mul(per as u32) || cooling || warming {
                    return;
                }
                let distance = (m - threshold).abs();
                let step = steps
                    .iter()
                    .filter(|s| s.from.is_finite() && s.from <= distance)
                    .max_by(|x, y| x.from.total_cmp(&y.from));
                if let Some(step) = step {
                    let desired = i64::from(self.asgs[a as usize].desired) + i64::from(step.change);
                    let desired = desired.clamp(0, i64::from(u32::MAX)) as u32;
                    let dir = if above { ">" } else { "<" };
                    self.set_desired(
                        a,
                        desired,
                        &format!("step scaling: {} {m:.0} {dir} {threshold}", metric_name(metric)),
                    );
                    self.asgs[a as usize].run.streaks[p].0 = 0;
                }
            }
            ScalingPolicy::Scheduled { .. } => {}
        }
    }

    fn set_desired(&mut self, a: u32, wanted: u32, why: &str) {
        let asg = &mut self.asgs[a as usize];
        let new = wanted.clamp(asg.min, asg.max);
        if new == asg.desired {
            return;
        }
        let before = asg.desired;
        asg.desired = new;
        asg.run.last_activity = Some(self.core.now);
        let (name, node) = (self.asg_name(a), self.asgs[a as usize].node);
        self.core.control(
            Some(node),
            "AutoScaling.Scale",
            msg!("asg.asg_desired_capacity", name = name, why = why, before = before, new = new),
        );
    }

    /// Launches up to desired, or retires the excess by the default termination policy
    /// (once nothing is pending). Returns whether it did anything.
    fn capacity(&mut self, a: u32) -> bool {
        let live = self.live(a);
        let desired = self.asgs[a as usize].desired as usize;
        if live.len() < desired {
            let mut any = false;
            for _ in live.len()..desired {
                any |= self.launch(a, false);
            }
            return any;
        }
        let pending = live.iter().any(|&i| self.ec2.instances[i as usize].life == Life::Pending);
        if live.len() <= desired || pending {
            return false;
        }
        for _ in desired..live.len() {
            if let Some(victim) = self.termination_choice(a) {
                let (name, id, node) =
                    (self.asg_name(a), self.ec2.instances[victim as usize].id.to_string(), self.asgs[a as usize].node);
                self.core.control(
                    Some(node),
                    "AutoScaling.ScaleIn",
                    msg!("asg.asg_terminates_default_termination", name = name, id = id),
                );
                self.retire(victim);
            }
        }
        true
    }

    /// The default termination policy (aws-facts.md §3).
    fn termination_choice(&self, a: u32) -> Option<u32> {
        let live = self.live(a);
        let counts = self.per_az(a);
        let most = counts.iter().map(|c| c.1).max()?;
        let az = counts.iter().find(|c| c.1 == most)?.0;
        let hour = 3_600 * US_PER_S;
        live.into_iter().filter(|&i| self.ec2.instances[i as usize].cpu.az == az).min_by_key(|&i| {
            let inst = &self.ec2.instances[i as usize];
            let into_hour = self.core.now.saturating_sub(inst.launched_at) % hour;
            (inst.version, hour - into_hour, i)
        })
    }

    /// AZ rebalancing: when the group is steady and its AZs differ by more than one
    /// instance, launch one in the smallest AZ first (the group may exceed max by 10 % or
    /// one instance); the capacity step then terminates one from the largest.
    fn rebalance(&mut self, a: u32) {
        let live = self.live(a);
        let asg = &self.asgs[a as usize];
        if live.len() != asg.desired as usize
            || live.iter().any(|&i| self.ec2.instances[i as usize].life == Life::Pending)
        {
            return;
        }
        let up: Vec<(u32, u32)> = self.per_az(a).into_iter().filter(|(z, _)| !self.az_is_down(*z)).collect();
        let (Some(lo), Some(hi)) = (up.iter().map(|c| c.1).min(), up.iter().map(|c| c.1).max()) else { return };
        let headroom = (asg.max / 10).max(1);
        if hi <= lo + 1 || live.len() as u32 + 1 > asg.max + headroom {
            return;
        }
        let (name, node) = (self.asg_name(a), asg.node);
        self.core.control(
            Some(node),
            "AutoScaling.Rebalance",
            msg!("asg.asg_azs_unbalanced_vs", name = name, lo = lo, hi = hi),
        );
        self.launch(a, false);
    }
}

fn metric_name(m: ScalingMetric) -> &'static str {
    match m {
        ScalingMetric::Cpu => "CPU %",
        ScalingMetric::AlbRequestsPerTarget => "requests per target per minute",
        ScalingMetric::SqsBacklogPerInstance => "SQS backlog per instance",
    }
}
