//! Faults: scheduled in the document or injected live (`Simulation::inject`), applied at the current simulated time, ended by their duration or `clear`, and reported (availability during the fault, time to recover, requests lost).
//!
//! Each kind cites the AWS behaviour it imitates: an instance crash fails EC2 status checks;
//! an impaired instance passes them but fails the load balancer's (aws-facts.md §3, §4.2);
//! RDS Multi-AZ fails over to its standby in 60-120 s by flipping the endpoint's DNS name,
//! single-AZ waits for the instance to come back (§10); a Spot instance gets a two-minute
//! notice (§1.5). Effects are counters, so overlapping faults undo cleanly.

use super::{Ev, SimEvent, Simulation};
use crate::des::core::US_PER_S;
use crate::des::kernel::*;
use crate::model::{FaultKind, NodeId, ScheduledFault};
use crate::msg::Msg;
use crate::services::ec2::sim::{Instance, Life};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A fault injected into a running simulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FaultId(pub u32);

/// Why a fault could not be injected or cleared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultError {
    /// The target does not exist, or is not the kind of thing this fault breaks.
    UnknownTarget {
        /// The target as given.
        target: String,
        /// What the fault needs (`an instance`, `an Availability Zone`...).
        want: &'static str,
    },
    /// A Spot interruption aimed at something without Spot instances.
    NotSpot(String),
    /// No such fault, or it has already ended.
    NotActive(FaultId),
    /// The database has no read replica to promote (or is Aurora, where
    /// `PromoteReadReplica` does not apply).
    NoReadReplica(String),
    /// The instance is not in a state that allows this (EC2 `IncorrectInstanceState`).
    IncorrectInstanceState {
        /// The instance.
        target: String,
        /// Its state (`running`, `stopped`...).
        state: &'static str,
    },
}

impl FaultError {
    /// A message in both languages.
    pub fn message(&self) -> Msg {
        match self {
            FaultError::UnknownTarget { target, want } => {
                let want = want_words(want);
                msg!("faults.not_simulation_pick_existing", target = target, want = want)
            }
            FaultError::NotSpot(target) => msg!("faults.no_spot_instance_only", target = target),
            FaultError::IncorrectInstanceState { target, state } => {
                msg!("faults.incorrectinstancestate_stop_running_instance", target = target, state = state)
            }
            FaultError::NoReadReplica(target) => msg!("faults.no_rds_read_replica", target = target),
            FaultError::NotActive(id) => msg!("faults.fault_not_active_ended", id = id.0),
        }
    }
}

/// The noun of what a fault needs, in the reader's language.
fn want_words(want: &str) -> Msg {
    match want {
        "an instance" => msg!("faults.instance"),
        "an Availability Zone" => msg!("faults.availability_zone"),
        "a Region" => msg!("faults.region"),
        "a NAT gateway" => msg!("faults.nat_gateway"),
        "an RDS instance" => msg!("faults.rds_instance"),
        "an S3 bucket" => msg!("faults.s3_bucket"),
        "a CloudFront distribution" => msg!("faults.cloudfront_distribution"),
        "a client population" => msg!("faults.client_population"),
        "an SQS queue" => msg!("faults.sqs_queue"),
        "an Auto Scaling group" => msg!("faults.auto_scaling_group"),
        _ => msg!("faults.target"),
    }
}

impl fmt::Display for FaultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for FaultError {}

/// The Availability Zones the design uses, and the faults of the run: those the document
/// schedules and those injected so far (by the document or live), ended or not.
#[derive(Default)]
pub(crate) struct Faults {
    pub zones: Vec<Zone>,
    /// How many AZs are down (0 keeps the request path free of AZ checks).
    pub zones_down: u32,
    pub injected: Vec<Fault>,
    pub scheduled: Vec<ScheduledFault>,
}

/// An Availability Zone the simulation knows (index = the AZ number used everywhere).
pub(crate) struct Zone {
    pub id: NodeId,
    pub region: Option<NodeId>,
    /// Its AWS name, e.g. `ap-northeast-2a`.
    pub zone: String,
    /// Outages active (AZ or Region).
    pub down: u16,
}

/// What a fault holds broken.
#[derive(Clone, Debug)]
enum Effect {
    Crash(u32),
    Impaired(u32),
    Zones(Vec<u32>, Vec<u32>),
    Nat(u32),
    Db(u32),
    Ebs(u32),
    Spot(Vec<u32>),
    Spike(Vec<u16>, f64),
    SlowDown(u32),
    Origin(u32),
    Poison(u32),
    ConsumersDown(u32),
}

/// A fault and its bookkeeping.
pub(crate) struct Fault {
    id: FaultId,
    kind: FaultKind,
    effect: Effect,
    start: u64,
    end: Option<u64>,
    /// (started, failed) requests when it started.
    at_start: (u64, u64),
    /// Candidate recovery time: no request that started since then has failed (so far),
    /// and requests started by then.
    streak: Option<(u64, u64)>,
    /// Recovery time, requests started by then, requests failed by its confirmation.
    recovered: Option<(u64, u64, u64)>,
    /// Per Auto Scaling group: healthy in-service instances when the fault started.
    capacity: Vec<(u32, u32)>,
    /// Databases this fault keeps down (single-AZ, or no standby to fail over to).
    held_dbs: Vec<u32>,
}

/// A candidate recovery is confirmed when no request started after it has failed for this
/// long: longer than a client waits for an answer (60 s), so every request started after it
/// has ended.
const CONFIRM_US: u64 = 65 * US_PER_S;
/// Spot interruption notice: two minutes (aws-facts.md §1.5).
const SPOT_NOTICE_US: u64 = 120 * US_PER_S;
/// RDS Multi-AZ failover typically takes 60-120 s (aws-facts.md §10).
const RDS_FAILOVER_US: (u64, u64) = (60 * US_PER_S, 120 * US_PER_S);
/// Aurora promotes a replica and flips the cluster endpoint typically within about 30 s
/// (aws-facts.md §10): 15-30 s here.
const AURORA_FAILOVER_US: (u64, u64) = (15 * US_PER_S, 30 * US_PER_S);

/// One fault over the run (`RunSummary::faults`, `stratus run`). Read back by the page
/// from the simulator's worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaultReport {
    /// Its id.
    pub id: FaultId,
    /// The kind (`instance_crash`, `az_outage`...).
    pub fault: String,
    /// What it broke.
    pub target: String,
    /// When it started, s.
    pub start_s: f64,
    /// When it ended, s (`None` = still active at the end of the run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_s: Option<f64>,
    /// From the start until the moment after which every request users sent succeeded (and
    /// Auto Scaling groups were back to their healthy capacity), s. `None` = never recovered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_recover_s: Option<f64>,
    /// Requests users sent between the start and the recovery (or the end of the run).
    pub requests: u64,
    /// Requests that failed from the start until the recovery was confirmed (including
    /// requests in flight when it started).
    pub requests_lost: u64,
    /// Share of those requests that succeeded.
    pub availability: f64,
}

impl Simulation {
    /// Injects `kind` now. The fault lasts until `clear` (or the end of the run). Never
    /// panics: an unknown target is an `Err`.
    pub fn inject(&mut self, kind: FaultKind) -> Result<FaultId, FaultError> {
        let effect = self.resolve_fault(&kind)?;
        Ok(self.start_fault(kind, effect, None))
    }

    /// Ends fault `id` now, undoing what it holds broken (a terminated instance stays
    /// terminated; its Auto Scaling group has replaced it).
    pub fn clear(&mut self, id: FaultId) -> Result<(), FaultError> {
        let f =
            self.faults.injected.iter().position(|f| f.id == id && f.end.is_none()).ok_or(FaultError::NotActive(id))?;
        self.end_fault(f);
        Ok(())
    }

    /// Faults still active, with their kinds.
    pub fn active_faults(&self) -> Vec<(FaultId, &FaultKind)> {
        self.faults.injected.iter().filter(|f| f.end.is_none()).map(|f| (f.id, &f.kind)).collect()
    }

    /// Every fault so far, with availability, requests lost and time to recover.
    pub fn fault_reports(&self) -> Vec<FaultReport> {
        self.faults
            .injected
            .iter()
            .map(|f| {
                let (started, failed) = match f.recovered {
                    Some((_, s, x)) => (s, x),
                    None => (self.core.started, self.core.ended - self.core.succeeded),
                };
                let requests = started - f.at_start.0;
                // Requests in flight when it began and lost count too, so `requests` is at
                // least `lost`.
                let lost = failed - f.at_start.1;
                let requests = requests.max(lost);
                FaultReport {
                    id: f.id,
                    fault: fault_name(&f.kind).to_string(),
                    target: fault_target(&f.kind),
                    start_s: f.start as f64 / 1e6,
                    end_s: f.end.map(|e| e as f64 / 1e6),
                    time_to_recover_s: f.recovered.map(|(t, _, _)| (t - f.start) as f64 / 1e6),
                    requests,
                    requests_lost: lost,
                    availability: if requests == 0 { 1.0 } else { (requests - lost) as f64 / requests as f64 },
                }
            })
            .collect()
    }

    /// Every control-plane event so far (faults, health, scaling, failover), oldest first:
    /// the markers of a timeline.
    pub fn timeline(&self) -> &[SimEvent] {
        &self.core.timeline
    }

    /// Puts the document's faults on the queue (those starting before traffic ends).
    pub(crate) fn schedule_faults(&mut self) {
        for (k, f) in self.faults.scheduled.iter().enumerate().take(u16::MAX as usize) {
            if !f.at_s.is_finite() || f.at_s < 0.0 {
                continue;
            }
            let at = (f.at_s.min(crate::limits::MAX_DURATION_S) * US_PER_S as f64) as u64;
            if at < self.core.end_us {
                self.core.queue.push(at, Ev::FaultStart(k as u16));
            }
        }
    }

    /// A scheduled fault starts; a target that does not exist is logged and skipped
    /// (`validate` reports it as `Stratus.Fault.UnknownTarget`).
    pub(crate) fn scheduled_fault(&mut self, k: u16) {
        let Some(ScheduledFault { for_s, fault, .. }) = self.faults.scheduled.get(k as usize).cloned() else { return };
        match self.resolve_fault(&fault) {
            Ok(effect) => {
                let end = for_s.filter(|d| d.is_finite() && *d >= 0.0).map(|d| {
                    self.core.now.saturating_add((d.min(crate::limits::MAX_DURATION_S) * US_PER_S as f64) as u64)
                });
                self.start_fault(fault, effect, end);
            }
            Err(e) => self.core.control(None, "Fault.Skipped", e.message()),
        }
    }

    pub(crate) fn fault_ends(&mut self, id: u32) {
        if let Some(f) = self.faults.injected.iter().position(|f| f.id == FaultId(id) && f.end.is_none()) {
            self.end_fault(f);
        }
    }

    pub(crate) fn instance_named(&self, target: &str) -> Result<u32, FaultError> {
        self.ec2
            .instances
            .iter()
            .position(|i| i.id.as_str() == target && i.life != Life::Terminated)
            .map(|i| i as u32)
            .ok_or(FaultError::UnknownTarget { target: target.to_string(), want: "an instance" })
    }

    fn node_named(&self, target: &NodeId) -> Option<u32> {
        self.core.nodes.iter().position(|n| &n.id == target).map(|n| n as u32)
    }

    fn resolve_fault(&self, kind: &FaultKind) -> Result<Effect, FaultError> {
        let unknown = |target: &str, want| FaultError::UnknownTarget { target: target.to_string(), want };
        let by_node = |target: &NodeId, want, find: &dyn Fn(u32) -> Option<u32>| {
            self.node_named(target).and_then(find).ok_or_else(|| unknown(target.as_str(), want))
        };
        Ok(match kind {
            FaultKind::InstanceCrash { target } => Effect::Crash(self.instance_named(target)?),
            FaultKind::InstanceImpaired { target } => Effect::Impaired(self.instance_named(target)?),
            FaultKind::EbsDegraded { target } => {
                let i = self.instance_named(target)?;
                if self.ec2.instances[i as usize].volume.is_none() {
                    return Err(unknown(target, "an instance with an EBS volume"));
                }
                Effect::Ebs(i)
            }
            FaultKind::AzOutage { az } => {
                let z = self
                    .faults
                    .zones
                    .iter()
                    .position(|z| &z.id == az)
                    .ok_or_else(|| unknown(az.as_str(), "an Availability Zone"))?;
                Effect::Zones(vec![z as u32], Vec::new())
            }
            FaultKind::RegionOutage { region } => {
                let zones: Vec<u32> = (0..self.faults.zones.len() as u32)
                    .filter(|&z| self.faults.zones[z as usize].region.as_ref() == Some(region))
                    .collect();
                let buckets: Vec<u32> = (0..self.s3.buckets.len() as u32)
                    .filter(|&b| self.s3.buckets[b as usize].region.as_ref() == Some(region))
                    .collect();
                if zones.is_empty() && buckets.is_empty() {
                    return Err(unknown(region.as_str(), "a Region"));
                }
                Effect::Zones(zones, buckets)
            }
            FaultKind::NatGatewayFailure { target } => Effect::Nat(by_node(target, "a NAT gateway", &|n| {
                self.nats.iter().position(|x| x.node == n && x.gateway).map(|x| x as u32)
            })?),
            FaultKind::RdsPrimaryFailure { target } => Effect::Db(by_node(target, "an RDS instance", &|n| {
                self.rds.dbs.iter().position(|x| x.node == n).map(|x| x as u32)
            })?),
            FaultKind::S3Throttling { target } => Effect::SlowDown(by_node(target, "an S3 bucket", &|n| {
                self.s3.buckets.iter().position(|x| x.node == n).map(|x| x as u32)
            })?),
            FaultKind::CloudfrontOriginFailure { target } => {
                Effect::Origin(by_node(target, "a CloudFront distribution", &|n| {
                    self.cloudfront.cdns.iter().position(|x| x.node == n).map(|x| x as u32)
                })?)
            }
            FaultKind::PoisonMessage { target } | FaultKind::ConsumersDown { target } => {
                let q = by_node(target, "an SQS queue", &|n| {
                    self.sqs.queues.iter().position(|x| x.node == n).map(|x| x as u32)
                })?;
                if matches!(kind, FaultKind::PoisonMessage { .. }) {
                    Effect::Poison(q)
                } else {
                    Effect::ConsumersDown(q)
                }
            }
            FaultKind::SpotInterruption { target } => {
                let spot = |i: &Instance| i.spot && matches!(i.life, Life::Pending | Life::Running);
                let group = self.asgs.iter().position(|a| self.core.nodes[a.node as usize].id.as_str() == target);
                let victims: Vec<u32> = match group {
                    Some(a) => self.asgs[a]
                        .members
                        .iter()
                        .copied()
                        .filter(|&i| spot(&self.ec2.instances[i as usize]))
                        .collect(),
                    None => {
                        let i = self.instance_named(target)?;
                        if spot(&self.ec2.instances[i as usize]) {
                            vec![i]
                        } else {
                            Vec::new()
                        }
                    }
                };
                if victims.is_empty() {
                    return Err(FaultError::NotSpot(target.clone()));
                }
                Effect::Spot(victims)
            }
            FaultKind::TrafficSpike { population, multiplier } => {
                let pops: Vec<u16> = (0..self.pops.len() as u16)
                    .filter(|&p| population.as_ref().is_none_or(|n| &self.pops[p as usize].name == n))
                    .collect();
                if pops.is_empty() {
                    return Err(unknown(population.as_deref().unwrap_or(""), "a client population"));
                }
                let m = if multiplier.is_finite() { multiplier.clamp(0.0, 100.0) } else { 1.0 };
                Effect::Spike(pops, m)
            }
        })
    }

    fn start_fault(&mut self, kind: FaultKind, effect: Effect, end: Option<u64>) -> FaultId {
        let id = FaultId(self.faults.injected.len() as u32);
        let capacity = (0..self.asgs.len() as u32).map(|a| (a, self.in_service(a))).collect();
        let mut fault = Fault {
            id,
            kind,
            effect,
            start: self.core.now,
            end: None,
            at_start: (self.core.started, self.core.ended - self.core.succeeded),
            streak: None,
            recovered: None,
            capacity,
            held_dbs: Vec::new(),
        };
        let what = describe(&fault.kind);
        self.core.control(None, "Fault.Start", msg!("faults.fault", id = id.0, what = what));
        let effect = fault.effect.clone();
        self.apply(id, &effect, &mut fault.held_dbs, true);
        self.faults.injected.push(fault);
        if let Some(end) = end {
            if end < self.core.end_us {
                self.core.queue.push(end, Ev::FaultEnd(id.0));
            }
        }
        id
    }

    fn end_fault(&mut self, f: usize) {
        self.faults.injected[f].end = Some(self.core.now);
        let (id, effect) = (self.faults.injected[f].id, self.faults.injected[f].effect.clone());
        let mut held = std::mem::take(&mut self.faults.injected[f].held_dbs);
        self.apply(id, &effect, &mut held, false);
        let id = id.0;
        self.core.control(None, "Fault.End", msg!("faults.fault_ended", id = id));
    }

    /// Turns `effect` on or off; `held` collects the databases it keeps down.
    fn apply(&mut self, id: FaultId, effect: &Effect, held: &mut Vec<u32>, on: bool) {
        match effect.clone() {
            Effect::Crash(i) => {
                let inst = &mut self.ec2.instances[i as usize];
                inst.crashed = on;
                if on {
                    self.lose_requests(i);
                }
            }
            Effect::Impaired(i) => self.ec2.instances[i as usize].impaired = on,
            Effect::Ebs(i) => {
                let inst = &mut self.ec2.instances[i as usize];
                inst.ebs_degraded = if on { inst.ebs_degraded + 1 } else { inst.ebs_degraded.saturating_sub(1) };
            }
            Effect::Zones(zones, buckets) => {
                for b in buckets {
                    let bucket = &mut self.s3.buckets[b as usize];
                    bucket.down = if on { bucket.down + 1 } else { bucket.down.saturating_sub(1) };
                }
                for z in zones {
                    self.zone(held, z, on);
                }
            }
            Effect::Nat(n) => {
                let nat = &mut self.nats[n as usize];
                nat.down = if on { nat.down + 1 } else { nat.down.saturating_sub(1) };
            }
            Effect::Db(d) => {
                if on {
                    if self.db_fail(d) {
                        held.push(d);
                    }
                } else {
                    self.release_dbs(held);
                }
            }
            Effect::Spot(victims) => {
                if on {
                    for i in victims {
                        let id = self.ec2.instances[i as usize].id.to_string();
                        let node = self.ec2.instances[i as usize].node;
                        self.core.control(
                            Some(node),
                            "EC2.SpotInterruptionWarning",
                            msg!("faults.ec2_spot_instance_interruption", id = id),
                        );
                        let epoch = self.ec2.instances[i as usize].epoch;
                        self.core.queue.push(self.core.now + SPOT_NOTICE_US, Ev::SpotReclaim(i, epoch));
                    }
                }
            }
            Effect::Spike(pops, m) => {
                for p in pops {
                    let pop = &mut self.pops[p as usize];
                    if on {
                        // Overlapping spikes multiply, up to the 100× one spike may ask for.
                        pop.mult = (pop.mult * m).min(100.0);
                    } else if m > 0.0 {
                        pop.mult /= m;
                    }
                    // Undoing a spike returns exactly to the usual rate when none is left.
                    if !on && !self.spiking(p, id) {
                        self.pops[p as usize].mult = 1.0;
                    }
                }
            }
            Effect::SlowDown(b) => {
                let bucket = &mut self.s3.buckets[b as usize];
                bucket.slow_down = if on { bucket.slow_down + 1 } else { bucket.slow_down.saturating_sub(1) };
            }
            Effect::Origin(c) => {
                let cdn = &mut self.cloudfront.cdns[c as usize];
                cdn.origin_down = if on { cdn.origin_down + 1 } else { cdn.origin_down.saturating_sub(1) };
            }
            // The message stays until it is dead-lettered or expires, whenever the fault ends.
            Effect::Poison(q) => {
                if on {
                    self.sqs.poison(&mut self.core, q);
                }
            }
            Effect::ConsumersDown(q) => {
                let queue = &mut self.sqs.queues[q as usize];
                queue.consumers_down =
                    if on { queue.consumers_down + 1 } else { queue.consumers_down.saturating_sub(1) };
            }
        }
    }

    /// Whether another active spike (than `except`) raises population `p`'s rate.
    fn spiking(&self, p: u16, except: FaultId) -> bool {
        self.faults.injected.iter().any(|f| {
            f.id != except && f.end.is_none() && matches!(&f.effect, Effect::Spike(pops, _) if pops.contains(&p))
        })
    }

    /// AZ `z` goes down (`on`) or comes back: its instances lose their requests (EC2
    /// status checks fail while it is down), NAT gateways in it stop, DB primaries in it
    /// fail over or stay down.
    fn zone(&mut self, held: &mut Vec<u32>, z: u32, on: bool) {
        let zone = &mut self.faults.zones[z as usize];
        let was_down = zone.down > 0;
        zone.down = if on { zone.down + 1 } else { zone.down.saturating_sub(1) };
        match (was_down, zone.down > 0) {
            (false, true) => self.faults.zones_down += 1,
            (true, false) => self.faults.zones_down -= 1,
            _ => {}
        }
        for nat in &mut self.nats {
            if nat.az == z {
                nat.down = if on { nat.down + 1 } else { nat.down.saturating_sub(1) };
            }
        }
        if !on {
            self.release_dbs(held);
            return;
        }
        for i in 0..self.ec2.instances.len() as u32 {
            let inst = &self.ec2.instances[i as usize];
            if inst.cpu.az == z && matches!(inst.life, Life::Pending | Life::Running | Life::ShuttingDown) {
                self.lose_requests(i);
            }
        }
        for d in 0..self.rds.dbs.len() as u32 {
            if self.rds.dbs[d as usize].stations[0].az == z && self.db_fail(d) {
                held.push(d);
            }
        }
    }

    fn release_dbs(&mut self, held: &mut Vec<u32>) {
        for d in std::mem::take(held) {
            let db = &mut self.rds.dbs[d as usize];
            db.down_faults = db.down_faults.saturating_sub(1);
            if db.down_faults == 0 && db.down {
                db.down = false;
                let node = db.node;
                self.core.control(Some(node), "RDS.Available", msg!("faults.db_instance_available_again"));
            }
        }
    }

    /// The primary of `d` fails: queries on it are lost. Multi-AZ with its standby's AZ up
    /// fails over (returns false); otherwise the primary stays down (returns true: the
    /// caller holds it down until its fault ends).
    fn db_fail(&mut self, d: u32) -> bool {
        let db = &mut self.rds.dbs[d as usize];
        db.epoch = db.epoch.wrapping_add(1);
        let lost: Vec<u32> = db.stations[0].queue.drain(..).collect();
        db.stations[0].account(self.core.now);
        db.stations[0].busy = 0;
        let node = db.node;
        for r in lost {
            self.leave_instance(r);
            self.core.fail(r, Cause::DB_UNAVAILABLE, node, 0);
        }
        let db = &self.rds.dbs[d as usize];
        let writer_az = db.stations[0].az;
        // Aurora: the first replica in another AZ that is up; RDS: the Multi-AZ standby.
        let replica = (1..db.stations.len())
            .find(|&k| db.stations[k].az != writer_az && !self.az_is_down(db.stations[k].az))
            .or_else(|| (1..db.stations.len()).find(|&k| !self.az_is_down(db.stations[k].az)));
        let can_fail_over = if db.aurora {
            replica.is_some()
        } else {
            db.multi_az && db.standby_az != writer_az && !self.az_is_down(db.standby_az)
        };
        let already = db.down && db.down_faults == 0;
        if can_fail_over {
            if !already {
                let aurora = db.aurora;
                let (lo, hi) = if aurora { AURORA_FAILOVER_US } else { RDS_FAILOVER_US };
                let took = lo + self.core.rng.below(hi - lo + 1);
                let db = &mut self.rds.dbs[d as usize];
                db.promote = replica.unwrap_or(0);
                db.down = true;
                let epoch = db.epoch;
                self.core.queue.push(self.core.now + took, Ev::DbFailover(d, epoch));
                let secs = took / US_PER_S;
                let message = if aurora {
                    msg!("faults.aurora_writer_failed_replica", secs = secs)
                } else {
                    msg!("faults.rds_primary_failed_multi", secs = secs)
                };
                self.core.control(Some(node), "RDS.FailoverStarted", message);
            }
            return false;
        }
        let db = &mut self.rds.dbs[d as usize];
        db.down = true;
        db.down_faults += 1;
        self.core.control(Some(node), "RDS.Down", msg!("faults.rds_primary_failed_no"));
        true
    }

    /// The Multi-AZ failover of `d` completes: the standby is the primary, the endpoint's
    /// DNS name points to it, and a new standby is built in the old primary's AZ.
    pub(crate) fn db_failover_done(&mut self, d: u32, epoch: u32) {
        let Some(db) = self.rds.dbs.get_mut(d as usize) else { return };
        if db.epoch != epoch || !db.down || db.down_faults > 0 {
            return;
        }
        if db.aurora && db.stations.len() > 1 {
            // The promoted replica's place becomes the writer's; the old writer comes back
            // as a reader in its AZ.
            let k = db.promote.clamp(1, db.stations.len() - 1);
            let promoted = db.stations[k].az;
            db.stations[k].az = db.stations[0].az;
            db.stations[0].az = promoted;
        } else {
            std::mem::swap(&mut db.stations[0].az, &mut db.standby_az);
        }
        db.down = false;
        db.failovers += 1;
        let node = db.node;
        let az = self
            .faults
            .zones
            .get(self.rds.dbs[d as usize].stations[0].az as usize)
            .map(|z| z.id.to_string())
            .unwrap_or_default();
        self.core.control(Some(node), "RDS.FailoverCompleted", msg!("faults.multi_az_failover_done", az = az));
    }

    /// EC2 reclaims Spot instance `i` after its notice.
    pub(crate) fn spot_reclaim(&mut self, i: u32, epoch: u32) {
        let Some(inst) = self.ec2.instances.get(i as usize) else { return };
        if inst.epoch != epoch || !matches!(inst.life, Life::Pending | Life::Running) {
            return;
        }
        let (id, node) = (inst.id.to_string(), inst.node);
        self.core.control(Some(node), "EC2.SpotInterruption", msg!("faults.ec2_reclaimed_spot_instance", id = id));
        self.lose_requests(i);
        self.terminate(i);
    }

    /// Instance `i` loses every request it holds (queued for a vCPU, being served, or
    /// waiting on its backend): they fail as the connection drops.
    pub(crate) fn lose_requests(&mut self, i: u32) {
        let inst = &mut self.ec2.instances[i as usize];
        inst.epoch = inst.epoch.wrapping_add(1);
        inst.cpu.account(self.core.now);
        inst.cpu.busy = 0;
        inst.in_app = 0;
        let lost: Vec<u32> = inst.cpu.queue.drain(..).collect();
        let node = inst.node;
        for r in lost {
            self.leave_instance(r);
            self.core.fail(r, Cause::INSTANCE_LOST, node, 0);
        }
        self.drop_cpu_waiters(i);
    }

    pub(crate) fn az_is_down(&self, az: u32) -> bool {
        self.faults.zones.get(az as usize).is_some_and(|z| z.down > 0)
    }

    /// Once per second: a fault has recovered at the first moment after which every request
    /// users started succeeded, Auto Scaling groups are back to the healthy capacity they had,
    /// and the fault's own damage is repaired (the database is up, the Spot instances are
    /// gone); confirmed `CONFIRM_US` later.
    pub(crate) fn track_recovery(&mut self) {
        let failed = self.core.ended - self.core.succeeded;
        for f in 0..self.faults.injected.len() {
            if self.faults.injected[f].recovered.is_some() {
                continue;
            }
            // A group none of whose AZs is up (a Region outage) cannot recover in place: the
            // design recovers elsewhere or not at all, which the errors show.
            let capacity_ok = self.faults.injected[f].capacity.iter().all(|&(a, want)| {
                let asg = &self.asgs[a as usize];
                asg.azs.iter().all(|&(z, _)| self.az_is_down(z)) || self.in_service(a) >= want.min(asg.desired)
            });
            let effect_ok = match &self.faults.injected[f].effect {
                Effect::Db(d) => !self.rds.dbs[*d as usize].down,
                // Nothing has happened yet while the two-minute notice runs.
                Effect::Spot(victims) => {
                    victims.iter().all(|&i| self.ec2.instances[i as usize].life == Life::Terminated)
                }
                _ => true,
            };
            let (now, started, last_failed) = (self.core.now, self.core.started, self.core.last_failed_start);
            let fault = &mut self.faults.injected[f];
            if !capacity_ok || !effect_ok {
                fault.streak = None;
                continue;
            }
            let (since, by_then) = *fault.streak.get_or_insert((now.max(fault.start), started));
            if fault.streak.is_some() && last_failed >= since && last_failed >= fault.start {
                // A request started after the candidate failed: recovery is later.
                fault.streak = Some((last_failed + 1, started));
                continue;
            }
            if now >= since + CONFIRM_US {
                fault.recovered = Some((since, by_then.max(fault.at_start.0), failed));
                let id = fault.id.0;
                let secs = (since - fault.start) as f64 / 1e6;
                self.core.control(
                    None,
                    "Fault.Recovered",
                    msg!(
                        "faults.recovered_from_fault_every",
                        id = id,
                        since_e6 = format!("{:.0}", since as f64 / 1e6),
                        secs = format!("{:.0}", secs)
                    ),
                );
            }
        }
    }
}

/// The JSON name of a fault kind.
pub(crate) fn fault_name(kind: &FaultKind) -> &'static str {
    match kind {
        FaultKind::InstanceCrash { .. } => "instance_crash",
        FaultKind::InstanceImpaired { .. } => "instance_impaired",
        FaultKind::AzOutage { .. } => "az_outage",
        FaultKind::RegionOutage { .. } => "region_outage",
        FaultKind::NatGatewayFailure { .. } => "nat_gateway_failure",
        FaultKind::RdsPrimaryFailure { .. } => "rds_primary_failure",
        FaultKind::EbsDegraded { .. } => "ebs_degraded",
        FaultKind::SpotInterruption { .. } => "spot_interruption",
        FaultKind::TrafficSpike { .. } => "traffic_spike",
        FaultKind::S3Throttling { .. } => "s3_throttling",
        FaultKind::CloudfrontOriginFailure { .. } => "cloudfront_origin_failure",
        FaultKind::PoisonMessage { .. } => "poison_message",
        FaultKind::ConsumersDown { .. } => "consumers_down",
    }
}

fn fault_target(kind: &FaultKind) -> String {
    match kind {
        FaultKind::InstanceCrash { target }
        | FaultKind::InstanceImpaired { target }
        | FaultKind::EbsDegraded { target }
        | FaultKind::SpotInterruption { target } => target.clone(),
        FaultKind::AzOutage { az: target }
        | FaultKind::RegionOutage { region: target }
        | FaultKind::NatGatewayFailure { target }
        | FaultKind::RdsPrimaryFailure { target }
        | FaultKind::S3Throttling { target }
        | FaultKind::CloudfrontOriginFailure { target }
        | FaultKind::PoisonMessage { target }
        | FaultKind::ConsumersDown { target } => target.to_string(),
        FaultKind::TrafficSpike { population, .. } => population.clone().unwrap_or_else(|| "all users".into()),
    }
}

/// The fault in plain words.
fn describe(kind: &FaultKind) -> Msg {
    let t = fault_target(kind);
    match kind {
        FaultKind::InstanceCrash { .. } => {
            msg!("faults.crashed_host_failed", t = t)
        }
        FaultKind::InstanceImpaired { .. } => msg!("faults.impaired_passes_ec2_status", t = t),
        FaultKind::AzOutage { .. } => {
            msg!("faults.availability_zone_down", t = t)
        }
        FaultKind::RegionOutage { .. } => msg!("faults.region_down", t = t),
        FaultKind::NatGatewayFailure { .. } => {
            msg!("faults.nat_gateway_failed", t = t)
        }
        FaultKind::RdsPrimaryFailure { .. } => {
            msg!("faults.primary_rds_failed", t = t)
        }
        FaultKind::EbsDegraded { .. } => msg!("faults.ebs_volume_degraded_tenth", t = t),
        FaultKind::SpotInterruption { .. } => {
            msg!("faults.spot_interruption", t = t)
        }
        // Every population: said in the reader's language, not as the report's "all users".
        FaultKind::TrafficSpike { multiplier, population: None } => {
            msg!("faults.traffic_spike_all_send_x", multiplier = multiplier)
        }
        FaultKind::TrafficSpike { multiplier, .. } => {
            msg!("faults.traffic_spike_send_x", t = t, multiplier = multiplier)
        }
        FaultKind::S3Throttling { .. } => {
            msg!("faults.s3_bucket_answers_503", t = t)
        }
        FaultKind::CloudfrontOriginFailure { .. } => msg!("faults.origin_cloudfront_stopped_answering", t = t),
        FaultKind::PoisonMessage { .. } => msg!("faults.poison_message", t = t),
        FaultKind::ConsumersDown { .. } => msg!("faults.consumers_down", t = t),
    }
}

/// Promoting a read replica reboots it and "can take several minutes or longer" (RDS User
/// Guide, "Promoting a read replica to be a standalone DB instance"): 3 minutes here.
const PROMOTION_US: u64 = 180 * US_PER_S;

impl Simulation {
    /// Promotes the first read replica of RDS instance `db` (in an AZ that is up) to a
    /// standalone DB instance, as RDS `PromoteReadReplica`: it stops taking reads, reboots,
    /// and after `PROMOTION_US` the application's endpoint points to it (the recovery the RDS
    /// User Guide describes for a failed single-AZ primary). Not for Aurora.
    pub fn promote_read_replica(&mut self, db: &str) -> Result<(), FaultError> {
        let d = self
            .rds
            .dbs
            .iter()
            .position(|x| self.core.nodes[x.node as usize].id.as_str() == db)
            .ok_or(FaultError::UnknownTarget { target: db.to_string(), want: "an RDS instance" })?;
        let x = &self.rds.dbs[d];
        let replica = (1..x.stations.len()).find(|&k| !x.stations[k].retired && !self.az_is_down(x.stations[k].az));
        let (Some(k), false) = (replica, x.aurora) else { return Err(FaultError::NoReadReplica(db.to_string())) };
        self.rds.dbs[d].stations[k].retired = true;
        self.core.queue.push(self.core.now + PROMOTION_US, Ev::DbPromoted(d as u32, k as u32));
        let node = self.rds.dbs[d].node;
        self.core.control(
            Some(node),
            "RDS.PromotionStarted",
            msg!("faults.promoting_read_replica_reboots", k = k, db = db),
        );
        Ok(())
    }

    /// The promoted replica `k` of `d` is a standalone DB instance in its AZ; the application
    /// now sends it every query (a single-AZ instance: no standby).
    pub(crate) fn replica_promoted(&mut self, d: u32, k: u32) {
        let Some(db) = self.rds.dbs.get_mut(d as usize) else { return };
        let Some(az) = db.stations.get(k as usize).map(|s| s.az) else { return };
        db.stations[0].az = az;
        db.multi_az = false;
        db.down = false;
        db.down_faults = 0;
        let node = db.node;
        let zone = self.faults.zones.get(az as usize).map(|z| z.id.to_string()).unwrap_or_default();
        self.core.control(
            Some(node),
            "RDS.PromotionCompleted",
            msg!("faults.promoted_replica_standalone_db", zone = zone),
        );
    }
}
