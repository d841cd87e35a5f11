//! Discrete-event simulation of a design's traffic: users' requests walk Route 53, CloudFront, load balancers, instances (vCPU queues, EBS), RDS and S3, with latency from placement and failures from capacity and reachability.
//!
//! The model and its simplifications are listed in docs/fidelity.md ("Simulation"). Time is
//! integer microseconds; one seeded PRNG; events at equal times run in scheduling order; no
//! `HashMap` and no wall clock. Same scenario and seed give bit-identical results, natively
//! and in wasm ([`fingerprint`] of the [`RunSummary`] is the check).
//!
//! A UI steps it each animation frame:
//!
//! ```
//! # let scenario = engine::Scenario::from_json(engine::scenarios::BUILT_IN.iter()
//! #     .find(|(n, _)| *n == "reference-web-app").unwrap().1).unwrap();
//! let mut sim = engine::sim::Simulation::new(&scenario, 7).unwrap();
//! let step = sim.step_until(sim.now() + 16_000, 50_000); // 16 ms of simulated time
//! let frame = sim.frame(); // per node, per link, recent events
//! assert!(step.events > 0 && !frame.nodes.is_empty());
//! ```

mod faults;
mod health;
mod lifecycle;
mod plan;
mod report;
#[cfg(test)]
mod tests;

use crate::catalog::{self, geo};
use crate::des::core::US_PER_S;
pub use crate::des::kernel::SimEvent;
pub use crate::des::kernel::WindowStats;
use crate::des::kernel::*;
use crate::des::state::*;
pub use crate::des::{core, mmc};
use crate::model::{Goals, Scenario};
use crate::msg::Msg;
use crate::services::ec2::sim::{Life, Peers};
pub use crate::services::sqs::sim::QueueCounts;
pub use faults::{FaultError, FaultId, FaultReport};
pub use report::{
    fingerprint, BlockedPath, EarlyStop, Frame, GoalResult, GroupFrame, InstanceFrame, IopsFrame, LatencySummary,
    LinkFrame, LittlesLaw, NodeFrame, NodeSummary, QueueFrame, QueueSummary, RequestCounts, RunSummary,
};
use serde::Serialize;
use std::fmt;

/// Events per call of the run loop's inner function (`Simulation::step_chunk`): about a
/// millisecond of work (60-100 ns an event), so that the browser's optimised code for it
/// takes over within a millisecond of being ready.
const STEP_CHUNK: u64 = 10_000;

/// Why a scenario cannot be simulated at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// The document has no `traffic`: nobody sends requests.
    NoTraffic,
}

impl SimError {
    /// A message in both languages.
    pub fn message(&self) -> Msg {
        match self {
            SimError::NoTraffic => msg!("sim.scenario_no_traffic_add"),
        }
    }
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for SimError {}

/// What one `step_until` call did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StepResult {
    /// Events processed.
    pub events: u64,
    /// Simulated time after the step, µs.
    pub now_us: u64,
    /// Stopped because `max_events` was reached before `t_us` (the UI is behind).
    pub budget_exhausted: bool,
    /// Nothing is left to simulate: traffic ended and every request finished.
    pub finished: bool,
}

/// Most routing steps (DNS answers, CDN origins, load balancers) one request may take.
const MAX_ROUTING_HOPS: u8 = 16;

/// A running simulation of one scenario. The core and the components some room's event
/// handlers drive (Auto Scaling's, in `services::autoscaling::scaling`) are crate-visible.
pub struct Simulation {
    name: String,
    goals: Goals,
    seed: u64,
    /// Time, events, random numbers, requests in flight, statistics, the event log.
    pub(crate) core: Core,
    pops: Vec<Pop>,
    entry_gates: Vec<Gate>,
    route53: crate::services::route53::sim::Route53,
    cloudfront: crate::services::cloudfront::sim::CloudFront,
    pub(crate) elb: crate::services::elb::sim::Elb,
    pub(crate) ec2: crate::services::ec2::sim::Ec2,
    rds: crate::services::rds::sim::Rds,
    s3: crate::services::s3::sim::S3,
    pub(crate) sqs: crate::services::sqs::sim::Sqs,
    sns: crate::services::sns::sim::Sns,
    nats: Vec<crate::services::vpc::sim::Nat>,
    pub(crate) asgs: Vec<crate::services::autoscaling::sim::Asg>,
    /// Availability Zones and the faults of the run.
    pub(crate) faults: faults::Faults,
    pub(crate) entity_ids: u32,
    pub(crate) doc_ids: std::collections::BTreeSet<crate::model::NodeId>,
    /// `run_bounded` stopped at this event budget before the run was over.
    stopped_early: Option<u64>,
    setup: SetupWork,
}

/// What building a simulation cost, in units that do not depend on the machine: tests bound
/// them to keep set-up linear in the size of the design.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetupWork {
    /// Times the network (route tables, ACLs, ENIs) was resolved: once per simulation; the
    /// simulation never changes the network's rules, so faults and lifecycle changes need no
    /// new one.
    pub topology_builds: u32,
    /// Reachability packet walks made for the gates (`net::Analyzer::walks`).
    pub reach_walks: u64,
}

impl Simulation {
    /// A simulation of `scenario` with the given seed, at time 0. Never panics; a document
    /// that cannot be simulated is an `Err`. Broken references inside it make the requests
    /// that need them fail (`Stratus.NoRoute`), as `validate` reports.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Simulation, SimError> {
        Simulation::build(scenario, seed)
    }

    /// What set-up cost (see [`SetupWork`]).
    pub fn setup_work(&self) -> SetupWork {
        self.setup
    }

    /// Simulated time, µs.
    pub fn now(&self) -> u64 {
        self.core.now
    }

    /// When traffic stops, µs (the scenario's `simulation.duration_s`).
    pub fn end_us(&self) -> u64 {
        self.core.end_us
    }

    /// Events processed so far.
    pub fn events(&self) -> u64 {
        self.core.events
    }

    /// Requests started, ended and in flight (`started == ended + in_flight` always).
    pub fn requests(&self) -> RequestCounts {
        RequestCounts {
            started: self.core.started,
            succeeded: self.core.succeeded,
            failed: self.core.ended - self.core.succeeded,
            in_flight: self.core.in_flight,
        }
    }

    /// Processes events up to simulated time `t_us` (inclusive), at most `max_events` of them.
    /// Time advances to `t_us` when every event before it is done.
    pub fn step_until(&mut self, t_us: u64, max_events: u64) -> StepResult {
        // In calls of at most `STEP_CHUNK` events. In the browser, V8 first runs a wasm
        // function as its baseline compiler (Liftoff) made it, and a hot function's optimised
        // code serves only the calls made after it is ready: there is no on-stack replacement
        // (v8.dev/docs/wasm-compilation-pipeline). A whole run in one call of the loop ran in
        // baseline code from start to end.
        let mut n = 0;
        while n < max_events {
            let chunk = (max_events - n).min(STEP_CHUNK);
            let done = self.step_chunk(t_us, chunk);
            n += done;
            if done < chunk {
                break;
            }
        }
        let budget_exhausted = n >= max_events && self.core.queue.peek_time().is_some_and(|t| t <= t_us);
        self.core.events += n;
        if !budget_exhausted && !self.core.queue.is_empty() {
            self.core.now = self.core.now.max(t_us);
        }
        StepResult { events: n, now_us: self.core.now, budget_exhausted, finished: self.core.queue.is_empty() }
    }

    /// Processes events up to `t_us` (inclusive), at most `max` of them; returns how many.
    #[inline(never)]
    fn step_chunk(&mut self, t_us: u64, max: u64) -> u64 {
        let mut n = 0;
        while n < max {
            let Some((t, ev)) = self.core.queue.pop_at_most(t_us) else { break };
            self.core.now = t;
            self.handle(ev);
            n += 1;
        }
        n
    }

    /// Runs until traffic has stopped and every request has ended, or until
    /// `limits::MAX_EVENTS` events (then the summary's `stopped_early` says so).
    pub fn run(&mut self) -> StepResult {
        self.run_bounded(crate::limits::MAX_EVENTS)
    }

    /// Runs until traffic has stopped and every request has ended, processing at most
    /// `max_events` events in this call: past it the run stops where it is, and the
    /// summary's `stopped_early` records the budget and the simulated time reached.
    pub fn run_bounded(&mut self, max_events: u64) -> StepResult {
        let step = self.step_until(u64::MAX, max_events);
        if step.budget_exhausted {
            self.stopped_early = Some(max_events);
        }
        step
    }

    /// The most requests that were in flight at once: the request slab's length, which
    /// grows only when every slot is taken (so memory for requests is this times ~125 B).
    pub fn peak_in_flight(&self) -> u64 {
        self.core.reqs.len() as u64
    }

    /// The longest vCPU queue any instance had.
    pub fn peak_instance_queue(&self) -> u32 {
        self.ec2.instances.iter().map(|i| i.cpu.max_queue).max().unwrap_or(0)
    }

    fn handle(&mut self, ev: Ev) {
        match ev {
            Ev::Arrival(p) => self.arrival(p),
            Ev::AtInstance(r) => self.at_instance(r),
            Ev::CpuDone(r) => self.cpu_done(r),
            Ev::AtDb(r) => self.at_db(r),
            Ev::DbDone(r) => self.db_done(r),
            Ev::End(r) => self.end(r),
            Ev::Tick => self.tick(),
            Ev::FaultStart(k) => self.scheduled_fault(k),
            Ev::FaultEnd(id) => self.fault_ends(id),
            Ev::SpotReclaim(i, epoch) => self.spot_reclaim(i, epoch),
            Ev::DbFailover(d, epoch) => self.db_failover_done(d, epoch),
            Ev::Lifecycle(i, epoch) => self.lifecycle_step(i, epoch),
            Ev::DbPromoted(d, k) => self.replica_promoted(d, k),
            Ev::SqsDue(q) => self.sqs.due(&mut self.core, q),
            Ev::SqsPoll(w) => self.sqs_poll(w),
            Ev::SqsWork(w) => self.sqs_work(w),
        }
    }

    /// Schedules population `p`'s next arrival after `from` by thinning (Lewis and Shedler
    /// 1979): candidates at the peak rate, each kept with probability rate(t) / peak.
    fn schedule_arrival(&mut self, p: u16, from: u64) {
        let Some(pop) = self.pops.get(p as usize) else { return };
        // A traffic spike multiplies the rate (`mult` is exactly 1 without one), and so does
        // the total rate cap (`scale`, exactly 1 under it: designs under it run unchanged).
        let mult = pop.mult * pop.scale;
        let peak = (pop.max_rps * mult).min(plan::MAX_RPS);
        if peak <= 0.0 {
            return;
        }
        let constant = matches!(pop.rate, crate::model::RatePattern::Constant { .. });
        let mean_us = US_PER_S as f64 / peak;
        let mut t = from;
        loop {
            t = t.saturating_add(self.core.rng.exp_us(mean_us));
            if t >= self.core.end_us {
                return;
            }
            if constant {
                break;
            }
            let rate = plan::rate_at(&self.pops[p as usize].rate, t as f64 / US_PER_S as f64) * mult;
            if self.core.rng.uniform() * peak < rate {
                break;
            }
        }
        self.core.queue.push(t, Ev::Arrival(p));
    }

    fn arrival(&mut self, p: u16) {
        self.schedule_arrival(p, self.core.now);
        if self.core.in_flight >= crate::limits::MAX_IN_FLIGHT {
            return self.refuse(p);
        }
        let pop = &mut self.pops[p as usize];
        pop.started += 1;
        let mix = &pop.mix;
        let read = self.core.rng.chance(mix.read);
        let is_static = read && self.core.rng.chance(mix.static_fraction);
        let kib = if !read {
            mix.write_kib
        } else if is_static {
            mix.object_kib
        } else {
            mix.response_kib
        };
        let req = Req {
            start: self.core.now,
            deadline: self.core.now + CLIENT_TIMEOUT_US,
            pop: p,
            flags: (u8::from(read) * READ) | (u8::from(is_static) * STATIC),
            inst: NONE,
            lb: NONE,
            lb_target: NONE,
            db: NONE,
            bytes: (kib.clamp(0.0, 1e12) * 1024.0) as u64,
            hops: 0,
            ..Req::default()
        };
        let r = self.core.admit(req);
        let pop = &self.pops[p as usize];
        let target = pop.target;
        if pop.link != NONE {
            self.core.links[pop.link as usize].count += 1;
        }
        if let Gate::Blocked(c) = self.entry_gates[p as usize] {
            return self.core.fail(r, c, NONE, CLIENT_CONNECT_TIMEOUT_US);
        }
        let hop = self.users_hop(p, target);
        self.core.reqs[r as usize].ret += hop;
        self.route(r, target, hop);
    }

    /// A request of population `p` refused on arrival because the simulation holds
    /// `limits::MAX_IN_FLIGHT` requests: it starts and fails at once (503) without taking a
    /// slot or an event, so memory stays bounded; it is counted like every failed request.
    fn refuse(&mut self, p: u16) {
        self.pops[p as usize].started += 1;
        let pop = &self.pops[p as usize];
        if pop.link != NONE {
            self.core.links[pop.link as usize].count += 1;
        }
        self.core.refused(Cause::IN_FLIGHT_LIMIT);
    }

    /// One-way time from population `p` to `target` over the Internet, µs.
    fn users_hop(&self, p: u16, target: Target) -> u64 {
        let loc = self.pops[p as usize].location;
        let coords = match target {
            Target::Lb(i) => self.elb.lbs[i as usize].coords,
            Target::Instance(i) => self.ec2.instances[i as usize].coords,
            Target::Bucket(i) => self.s3.buckets[i as usize].coords,
            Target::Queue(i) => self.sqs.queues[i as usize].coords,
            Target::Topic(i) => self.sns.topics[i as usize].coords,
            // CloudFront: an edge in the users' city; Route 53: the DNS lookup is counted apart.
            Target::Cdn(_) => return (geo::ACCESS_RTT_MS * 500.0) as u64,
            Target::Record(_) | Target::Nowhere => return 0,
        };
        let at = coords.unwrap_or_else(|| geo::location(loc));
        (geo::internet_rtt_ms(loc, at) * 500.0) as u64
    }

    /// Request `r` reaches `target` `fwd` µs from now.
    fn route(&mut self, r: u32, target: Target, fwd: u64) {
        // A design can send a request in a circle (a Route 53 record answering with a
        // CloudFront distribution whose origin is that record): resolution happens within
        // one event, so an unbounded chain would exhaust the stack. Real chains are a few
        // hops long; past MAX_ROUTING_HOPS the request fails as a loop.
        let hops = self.core.reqs[r as usize].hops.saturating_add(1);
        self.core.reqs[r as usize].hops = hops;
        if hops > MAX_ROUTING_HOPS {
            return self.core.fail(r, Cause::ROUTING_LOOP, NONE, fwd);
        }
        match target {
            Target::Record(i) => self.resolve(r, i, fwd),
            Target::Cdn(i) => self.edge(r, i, fwd),
            Target::Lb(i) => self.balance(r, i, fwd),
            Target::Instance(i) => {
                self.core.reqs[r as usize].inst = i;
                self.core.queue.push(self.core.now + fwd, Ev::AtInstance(r));
            }
            Target::Bucket(i) => self.s3.serve(&mut self.core, r, i, fwd),
            Target::Queue(i) => self.sqs.send(&mut self.core, r, i, fwd, Cause::SQS_TOO_LARGE),
            Target::Topic(i) => {
                // Fan-out: a copy to every subscribed queue (the SNS component names no queue).
                let (queues, at) = self.sns.publish(&mut self.core, r, i, fwd);
                for &q in queues {
                    self.sqs.deliver(&mut self.core, q, at);
                }
            }
            Target::Nowhere => self.core.fail(r, Cause::NO_ROUTE, NONE, fwd),
        }
    }

    /// Route 53 answers (or the request fails there); the user then connects to the answer.
    fn resolve(&mut self, r: u32, i: u32, fwd: u64) {
        let p = self.core.reqs[r as usize].pop;
        let Some((target, fwd)) = self.route53.resolve(&mut self.core, r, i, fwd, &self.pops[p as usize]) else {
            return;
        };
        let hop = self.users_hop(p, target);
        self.core.reqs[r as usize].ret += hop;
        self.route(r, target, fwd + hop);
    }

    /// CloudFront answers from the users' edge, or the request goes on to an origin.
    fn edge(&mut self, r: u32, i: u32, fwd: u64) {
        let req = self.core.reqs[r as usize];
        let p = usize::from(req.pop);
        // The object is drawn first, as the edge's cache is looked up by it.
        let static_read = req.flags & (READ | STATIC) == READ | STATIC;
        let object = if static_read { self.sample_object(p) } else { 0 };
        if let Some((origin, fwd)) = self.cloudfront.serve(&mut self.core, r, i, fwd, &self.pops[p], object) {
            self.route(r, origin, fwd);
        }
    }

    fn sample_object(&mut self, p: usize) -> usize {
        let pop = &self.pops[p];
        if pop.zipf.is_empty() {
            return self.core.rng.below(u64::from(pop.objects)) as usize;
        }
        let u = self.core.rng.uniform();
        let pop = &self.pops[p];
        pop.zipf.partition_point(|&c| c < u).min(pop.zipf.len() - 1)
    }

    /// A load balancer picks a target (or the request fails there); the request goes on to
    /// the target instance.
    fn balance(&mut self, r: u32, i: u32, fwd: u64) {
        let zones = &self.faults.zones;
        let az_down =
            (self.faults.zones_down > 0).then_some(|z: u32| zones.get(z as usize).is_some_and(|z| z.down > 0));
        if let Some((target, fwd)) = self.elb.balance(&mut self.core, r, i, fwd, az_down) {
            self.route(r, target, fwd);
        }
    }

    /// The request reaches its instance, or fails there (and lets go of its target).
    fn at_instance(&mut self, r: u32) {
        let zones = &self.faults.zones;
        let az_down =
            (self.faults.zones_down > 0).then_some(|z: u32| zones.get(z as usize).is_some_and(|z| z.down > 0));
        if let Err((cause, node, wait)) = self.ec2.arrive(&mut self.core, r, az_down) {
            self.leave_lb(r);
            self.core.fail(r, cause, node, wait);
        }
    }

    /// A vCPU finished `r`: it takes the next queued request (dropping those whose client
    /// gave up), and `r` goes on to EBS, then its backend, or back to the user.
    fn cpu_done(&mut self, r: u32) {
        let Some(i) = self.ec2.cpu_done(&mut self.core, &mut self.elb.lbs, r) else { return };
        self.start_granted(i);
        let req = self.core.reqs[r as usize];
        let dynamic = req.flags & STATIC == 0;
        let mut d = if dynamic { self.ec2.disk(&mut self.core, i) } else { 0 };
        // Calls to the tier's other instances, after the CPU work and EBS and before the
        // backend (no vCPU held while waiting, like the backend call).
        let mut peer = 0;
        if dynamic && self.ec2.instances[i].peer_calls > 0 {
            peer = self.peer_calls(i);
            d += peer;
        }
        let inst = &self.ec2.instances[i];
        if let (true, true, Gate::Blocked(c)) = (dynamic, inst.db != NONE, inst.db_gate) {
            // The application cannot open a connection to its database.
            let node = inst.node;
            self.leave_instance_after(r, peer);
            return self.core.fail(r, c, node, d + SDK_CONNECT_TIMEOUT_US);
        }
        if dynamic && inst.db != NONE {
            let zones_down = self.faults.zones_down > 0;
            let db = &mut self.rds.dbs[inst.db as usize];
            let write = req.flags & READ == 0;
            let replicas = db.stations.len() - 1;
            let station = if write || replicas == 0 {
                0
            } else {
                db.rr += 1;
                1 + db.rr % replicas
            };
            // A replica in an AZ that is down: the read goes to the primary.
            let replica_down =
                zones_down && self.faults.zones.get(db.stations[station].az as usize).is_some_and(|z| z.down > 0);
            // A promoted (retired) replica takes no reads either.
            let station = if station > 0 && (replica_down || db.stations[station].retired) { 0 } else { station };
            let same = db.stations[station].az == inst.cpu.az;
            if station == 0 && db.down {
                // The endpoint's DNS name points to a primary that is gone (or failing over).
                let node = db.node;
                self.leave_instance_after(r, peer);
                return self.core.fail(r, Cause::DB_UNAVAILABLE, node, d);
            }
            if !same {
                self.core.bytes_cross_az = self.core.bytes_cross_az.saturating_add(req.bytes + 1024);
            }
            let hop = ((if same { geo::SAME_AZ_RTT_MS } else { geo::CROSS_AZ_RTT_MS }) * 500.0) as u64;
            let link = inst.backend_link;
            let req = &mut self.core.reqs[r as usize];
            req.db = inst.db;
            req.station = station as u32;
            req.ret += hop;
            self.core.links[link as usize].count += 1;
            self.core.queue.push(self.core.now + d + hop, Ev::AtDb(r));
        } else if let (true, Target::Bucket(_) | Target::Queue(_)) = (dynamic, inst.backend) {
            // S3 and SQS alike: public regional endpoints reached over the Internet (a NAT
            // device from a private subnet) without a VPC endpoint.
            let (link, gate, nat, node) = (inst.backend_link, inst.s3_gate, inst.nat, inst.node);
            let inst_backend = inst.backend;
            self.core.links[link as usize].count += 1;
            self.leave_instance_after(r, peer);
            if let Gate::Blocked(c) = gate {
                return self.core.fail(r, c, node, d + SDK_CONNECT_TIMEOUT_US);
            }
            if nat != NONE && self.nats[nat as usize].down > 0 {
                let nat_node = self.nats[nat as usize].node;
                return self.core.fail(r, Cause::NAT_DOWN, nat_node, d + SDK_CONNECT_TIMEOUT_US);
            }
            if nat != NONE {
                let n = &mut self.nats[nat as usize];
                d += n.send(self.core.now + d, req.bytes + 1024);
                let stats = &mut self.core.nodes[n.node as usize].stats;
                stats.bytes = stats.bytes.saturating_add(req.bytes.saturating_add(1024));
            }
            // Same-Region S3 or SQS over the Regional network (teaching value: one cross-AZ hop).
            let hop = (geo::CROSS_AZ_RTT_MS * 500.0) as u64;
            self.core.reqs[r as usize].ret += hop;
            match inst_backend {
                Target::Queue(q) => self.sqs.send(&mut self.core, r, q, d + hop, Cause::SQS_TOO_LARGE),
                Target::Bucket(b) => self.s3.serve(&mut self.core, r, b, d + hop),
                _ => {}
            }
        } else {
            self.leave_instance_after(r, peer);
            self.core.respond(r, d);
        }
    }

    /// Instance `i`'s application calls its peers `peer_calls` times, one after another,
    /// round robin over its tier's instances that answer (running, host and AZ up, not
    /// impaired; itself excluded). Each call costs a round trip and the answer's transfer at
    /// the flow's bandwidth, both by placement: a cluster placement group (one AZ) 0.2 ms and
    /// 10 Gbps, the same AZ 0.4 ms and 5 Gbps, another AZ 1.5 ms and 5 Gbps (aws-facts §1.3,
    /// §11; the cluster round trip is an assumption, docs/fidelity.md), capped by the slower
    /// instance's bandwidth. The peer spends no CPU. Returns the time taken, µs. It draws no
    /// random number, so a design without peer calls runs exactly as before.
    fn peer_calls(&mut self, i: usize) -> u64 {
        let (calls, peers) = (self.ec2.instances[i].peer_calls, self.ec2.instances[i].peers);
        let n = match peers {
            Peers::Lb(l) => self.elb.lbs[l as usize].targets.len(),
            Peers::Asg(a) => self.asgs[a as usize].members.len(),
            Peers::None => 0,
        };
        let mut next = self.ec2.instances[i].peer_rr as usize;
        let (mut total, mut made, mut misses) = (0u64, 0u32, 0usize);
        // `misses` counts instances tried in a row that cannot answer: after the whole tier,
        // nobody can, and the request goes on without the remaining calls.
        while made < calls && misses < n {
            let k = next % n;
            next = k + 1;
            let p = match peers {
                Peers::Lb(l) => self.elb.lbs[l as usize].targets[k].inst,
                Peers::Asg(a) => self.asgs[a as usize].members[k],
                Peers::None => break,
            } as usize;
            let x = &self.ec2.instances[p];
            let down = self.faults.zones_down > 0 && self.az_is_down(x.cpu.az);
            if p == i || x.life != Life::Running || x.crashed || x.impaired || down {
                misses += 1;
                continue;
            }
            misses = 0;
            made += 1;
            let me = &self.ec2.instances[i];
            let same_az = me.cpu.az == x.cpu.az;
            let (rtt_ms, flow_gbps) = if same_az && me.cluster != NONE && me.cluster == x.cluster {
                (geo::CLUSTER_RTT_MS, catalog::CLUSTER_SINGLE_FLOW_GBPS)
            } else if same_az {
                (geo::SAME_AZ_RTT_MS, catalog::SINGLE_FLOW_GBPS)
            } else {
                (geo::CROSS_AZ_RTT_MS, catalog::SINGLE_FLOW_GBPS)
            };
            let bps = (flow_gbps * 1e9).min(me.nic_bps).min(x.nic_bps).max(1.0);
            let bytes = me.peer_bytes;
            total =
                total.saturating_add((rtt_ms * 1_000.0) as u64 + (bytes as f64 * 8.0 / bps * US_PER_S as f64) as u64);
            let node = x.node;
            // The peer sends its answer; a call to another AZ is billed both ways.
            let stats = &mut self.core.nodes[node as usize].stats;
            stats.bytes = stats.bytes.saturating_add(bytes);
            if !same_az {
                self.core.bytes_cross_az = self.core.bytes_cross_az.saturating_add(bytes + 1024);
            }
        }
        self.ec2.instances[i].peer_rr = next as u32;
        // Capped at an hour: the request has timed out long before (keeps time from overflowing).
        total.min(3_600 * US_PER_S)
    }

    fn at_db(&mut self, r: u32) {
        self.rds.arrive(&mut self.core, r);
    }

    /// A query is done: unless it failed at the database, the answer goes back through the
    /// instance, if that instance is still the one that asked.
    fn db_done(&mut self, r: u32) {
        let (ec2, lbs) = (&mut self.ec2, &mut self.elb.lbs);
        let Some(d) = self.rds.query_done(&mut self.core, r, |core, q| ec2.release(core, lbs, q, 0)) else {
            return;
        };
        let req = self.core.reqs[r as usize];
        if req.inst != NONE && self.ec2.instances[req.inst as usize].epoch != req.epoch {
            // The instance waiting for this answer is gone.
            let inode = self.ec2.instances[req.inst as usize].node;
            self.leave_instance(r);
            return self.core.fail(r, Cause::INSTANCE_LOST, inode, 0);
        }
        self.leave_instance(r);
        self.core.respond(r, d);
    }

    /// `r` is done with its instance (and load balancer target).
    fn leave_instance(&mut self, r: u32) {
        self.leave_instance_after(r, 0);
    }

    /// `r` leaves its instance now, but the instance's work on it (its peer calls) goes on
    /// for `later` µs more: the instance's latency counts them.
    fn leave_instance_after(&mut self, r: u32, later: u64) {
        self.ec2.release(&mut self.core, &mut self.elb.lbs, r, later);
    }

    fn leave_lb(&mut self, r: u32) {
        let req = self.core.reqs[r as usize];
        if req.lb != NONE {
            let t = &mut self.elb.lbs[req.lb as usize].targets[req.lb_target as usize];
            t.outstanding = t.outstanding.saturating_sub(1);
            self.core.reqs[r as usize].lb = NONE;
        }
    }

    /// The response reaches the user: whatever still holds the request (a blocked hop
    /// before the instance) lets it go, and the core counts it.
    fn end(&mut self, r: u32) {
        self.leave_instance(r);
        self.core.end(r);
    }

    /// Once per simulated second: rates, utilisation and latency of the last second.
    fn tick(&mut self) {
        let now = self.core.now;
        self.core.close_window();
        self.ec2.close_window(&mut self.core);
        for a in &self.asgs {
            // A group's utilisation: the mean of its running instances.
            let running: Vec<f64> = a
                .members
                .iter()
                .map(|&i| &self.ec2.instances[i as usize])
                .filter(|i| i.life == Life::Running)
                .map(|i| i.util)
                .collect();
            let mean = if running.is_empty() { 0.0 } else { running.iter().sum::<f64>() / running.len() as f64 };
            self.core.nodes[a.node as usize].stats.win.utilisation = mean;
        }
        self.rds.close_window(&mut self.core);
        self.target_group_checks();
        self.route53_checks();
        self.groups_tick();
        self.track_recovery();
        // Ticks stop once traffic is over and the last request has ended: the run is done.
        if now < self.core.end_us || self.core.in_flight > 0 {
            self.core.queue.push(now + US_PER_S, Ev::Tick);
        }
    }
}
