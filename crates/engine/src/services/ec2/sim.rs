//! Amazon EC2 as a simulation component: instances (lifecycle, vCPUs as an M/M/c queue, the application's limits, the EBS volume as a leaky bucket) and how an instance takes, serves and lets go of a request.

use crate::catalog;
use crate::catalog::VolumeLimits;
use crate::des::core::US_PER_S;
use crate::des::frame::{IopsFrame, NodeFrame};
use crate::des::kernel::{Cause, Core, Ev, CLIENT_CONNECT_TIMEOUT_US, LB_CONNECT_TIMEOUT_US, NONE, STATIC};
use crate::des::setup::Setup;
use crate::des::state::{Gate, Station, Target};
use crate::model::{AppSettings, EbsVolume, Node, NodeId, PlacementStrategy, PurchaseOption, Spec};
use crate::services::elb::sim::Lb;
use std::collections::VecDeque;

/// The instances of a design: the document's, then those Auto Scaling launches
/// (`Target::Instance` and `Req::inst` index them).
#[derive(Default)]
pub(crate) struct Ec2 {
    pub instances: Vec<Instance>,
}

/// An EBS volume as a leaky bucket: I/Os are spaced at least 1/limit apart, so waiting
/// grows as the volume nears its IOPS or throughput limit; gp2 spends burst credits.
#[derive(Clone, Debug)]
pub(crate) struct Volume {
    pub limits: VolumeLimits,
    pub credits: f64,
    pub min_credits: f64,
    pub last: u64,
    pub next_free: u64,
    pub ios: u64,
    pub exhausted: bool,
}

impl Volume {
    pub fn new(limits: VolumeLimits) -> Volume {
        Volume {
            limits,
            credits: limits.burst_credits,
            min_credits: limits.burst_credits,
            last: 0,
            next_free: 0,
            ios: 0,
            exhausted: false,
        }
    }

    /// The IOPS limit right now (burst while credits last).
    pub fn iops_limit(&self) -> f64 {
        if self.limits.burst_credits > 0.0 && self.credits >= 1.0 {
            self.limits.burst_iops
        } else {
            self.limits.baseline_iops
        }
    }

    /// `n` I/Os of `kib` KiB, one after the other, for a request that reaches the disk at
    /// `now`: the request's delay, µs. The volume's capacity is booked now, `n` slots of
    /// 1/IOPS (or of the throughput limit) on its timeline; each I/O then takes the volume's
    /// latency, and the next one starts when the previous is done and its slot has come.
    ///
    /// Booking every slot now, at the request's arrival, keeps the timeline in arrival order.
    /// The model before issue #16's lessons booked the second I/O at its own, future, start
    /// time, which reserved the volume ahead and made every later request wait behind it: 250
    /// requests/s of 5 I/Os on a 3,000 IOPS gp3 volume (42 % busy) waited 2.3 s.
    pub fn ios(&mut self, now: u64, n: u64, kib: f64, slow: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let first = self.io(now, kib, slow);
        let interval = self.interval(kib, slow);
        for _ in 1..n {
            self.io(now, kib, slow);
        }
        // The first I/O's wait and latency, then one step per further I/O: its latency or
        // its slot, whichever is longer.
        let step = interval.max(self.limits.base_latency_us);
        first.saturating_add((n - 1).saturating_mul(step)).min(3_600 * US_PER_S)
    }

    fn interval(&self, kib: f64, slow: u64) -> u64 {
        let by_iops = 1.0 / self.iops_limit().max(1.0);
        let by_throughput = (kib / 1024.0) / self.limits.throughput_mibps.max(0.001);
        ((by_iops.max(by_throughput) * US_PER_S as f64) as u64).saturating_mul(slow).max(1)
    }

    /// One I/O of `kib` KiB issued at `now`: its completion delay, µs. gp2 credits refill at
    /// the baseline rate and each I/O spends one (aws-facts §2 "gp2 burst bucket"). `slow`
    /// divides the limits (a degraded volume: 10).
    pub fn io(&mut self, now: u64, kib: f64, slow: u64) -> u64 {
        if self.limits.burst_credits > 0.0 {
            let dt = now.saturating_sub(self.last) as f64 / US_PER_S as f64;
            self.credits = (self.credits + self.limits.baseline_iops * dt).min(self.limits.burst_credits);
        }
        self.last = self.last.max(now);
        let iops = self.iops_limit().max(1.0);
        if self.limits.burst_credits > 0.0 {
            self.credits -= 1.0;
            self.min_credits = self.min_credits.min(self.credits);
        }
        let by_iops = 1.0 / iops;
        let by_throughput = (kib / 1024.0) / self.limits.throughput_mibps.max(0.001);
        let interval = ((by_iops.max(by_throughput) * US_PER_S as f64) as u64).saturating_mul(slow);
        let start = self.next_free.max(now);
        self.next_free = start.saturating_add(interval.max(1));
        self.ios += 1;
        // Capped at an hour: the request has timed out long before (keeps time from overflowing).
        ((start - now) + self.limits.base_latency_us).min(3_600 * US_PER_S)
    }

    /// gp2 burst balance, percent (CloudWatch `BurstBalance`); `None` without a bucket.
    pub fn burst_balance(&self) -> Option<f64> {
        (self.limits.burst_credits > 0.0).then(|| self.credits.max(0.0) / self.limits.burst_credits * 100.0)
    }
}

/// EC2 instance lifecycle states (aws-facts.md §1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Life {
    Pending,
    Running,
    /// Stopping, or hibernating (RAM written to the EBS root volume).
    Stopping,
    Stopped,
    ShuttingDown,
    Terminated,
}

impl Life {
    /// The EC2 API's name of the state.
    pub fn name(self) -> &'static str {
        match self {
            Life::Pending => "pending",
            Life::Running => "running",
            Life::Stopping => "stopping",
            Life::Stopped => "stopped",
            Life::ShuttingDown => "shutting-down",
            Life::Terminated => "terminated",
        }
    }
}

#[derive(Clone)]
pub(crate) struct Instance {
    pub node: u32,
    /// Its name: the document id, or `i-N` for an instance an Auto Scaling group launched.
    pub id: NodeId,
    /// The Auto Scaling group (index into `asgs`) that launched it, or `NONE`.
    pub asg: u32,
    pub life: Life,
    /// The host failed (EC2 status checks fail).
    pub crashed: bool,
    /// The application hangs (EC2 status checks pass, health checks fail).
    pub impaired: bool,
    /// Bumped when the instance loses its requests (crash, outage, termination).
    pub epoch: u32,
    pub launched_at: u64,
    /// When it leaves `pending` (boot done).
    pub running_at: u64,
    /// When it was terminated.
    pub ended_at: u64,
    pub spot: bool,
    pub price_factor: f64,
    /// Template version it was launched from (0 = a launch configuration: the oldest).
    pub version: u32,
    /// ∫ busy dt at the start of the current window, and the last window's utilisation.
    pub busy0: u128,
    pub util: f64,
    /// Billed time of its earlier running (and hibernating) periods, µs.
    pub billed_us: u64,
    /// When the current lifecycle state began.
    pub state_since: u64,
    /// Stopping to hibernate (billed while stopping).
    pub hibernating: bool,
    pub type_name: String,
    pub usd_per_hour: f64,
    pub cpu: Station,
    pub coords: Option<(f64, f64)>,
    pub cpu_us: f64,
    pub static_cpu_us: f64,
    pub max_concurrency: u32,
    pub timeout_us: u64,
    pub in_app: u32,
    pub ios_per_request: f64,
    pub io_kib: f64,
    pub volume: Option<Volume>,
    pub volume_kind: Option<crate::model::VolumeKind>,
    pub volume_gib: u32,
    pub volume_piops: u32,
    pub backend: Target,
    pub db: u32,
    pub backend_link: u32,
    /// The path to the database (security groups, network ACLs, routes).
    pub db_gate: Gate,
    /// The path to S3 over the Internet: blocked, or through a NAT device (`nats` index).
    pub s3_gate: Gate,
    pub nat: u32,
    /// EBS degraded faults active on its volume.
    pub ebs_degraded: u16,
    /// Calls each dynamic request makes to its peers (`app.peer_calls`), and the size of
    /// one answer, bytes.
    pub peer_calls: u32,
    pub peer_bytes: u64,
    /// Who its peers are.
    pub peers: Peers,
    /// Where the next peer call goes (round robin over the tier).
    pub peer_rr: u32,
    /// Its cluster placement group (an index), `NONE` outside one.
    pub cluster: u32,
    /// Network bandwidth of its type, bits/s (caps a flow).
    pub nic_bps: f64,
    /// SQS workers of its application waiting for a vCPU to process a message (the
    /// instance's requests hold every vCPU), longest waiting first.
    pub cpu_waiters: VecDeque<u32>,
    /// Workers a freed vCPU went to (`free_vcpu`), for the simulation to start.
    pub granted: Vec<u32>,
}

/// The tier whose other instances an application calls (`app.peer_calls`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Peers {
    None,
    /// The targets of load balancer `.0`.
    Lb(u32),
    /// The members of Auto Scaling group `.0`.
    Asg(u32),
}

impl Ec2 {
    /// Its part of the frame: each instance's queue, requests in the application and EBS
    /// volume.
    pub(crate) fn frame(&self, nodes: &mut [NodeFrame<'_>]) {
        for inst in &self.instances {
            let f = &mut nodes[inst.node as usize];
            f.queue = inst.cpu.queue.len() as u32;
            f.in_flight = inst.in_app;
            f.iops = inst.volume.as_ref().map(|v| IopsFrame {
                used: f.rps * inst.ios_per_request,
                limit: v.iops_limit(),
                burst_balance_pct: v.burst_balance(),
            });
        }
    }

    /// Request `r` reaches its instance: refused beyond the concurrency limit, else queued
    /// for a vCPU (M/M/c: `vcpus` servers, exponential CPU time). `az_down` says whether an
    /// AZ is down, while any is. If nothing answers, the request has let go of its instance
    /// and the caller fails it: (cause, node, after how long).
    pub fn arrive(
        &mut self,
        core: &mut Core,
        r: u32,
        az_down: Option<impl Fn(u32) -> bool>,
    ) -> Result<(), (u16, u32, u64)> {
        let i = core.reqs[r as usize].inst as usize;
        let inst = &mut self.instances[i];
        let node = inst.node;
        core.nodes[node as usize].stats.arrivals += 1;
        if inst.life != Life::Running || inst.crashed || az_down.is_some_and(|down| down(inst.cpu.az)) {
            // Nothing answers: the load balancer's connection times out (504), a direct
            // client's too.
            let wait = if core.reqs[r as usize].lb == NONE { CLIENT_CONNECT_TIMEOUT_US } else { LB_CONNECT_TIMEOUT_US };
            core.reqs[r as usize].inst = NONE;
            return Err((Cause::INSTANCE_LOST, node, wait));
        }
        if inst.impaired {
            core.reqs[r as usize].inst = NONE;
            return Err((Cause::IMPAIRED, node, 0));
        }
        if inst.in_app >= inst.max_concurrency {
            core.reqs[r as usize].inst = NONE;
            return Err((Cause::OVERLOADED, node, 0));
        }
        inst.in_app += 1;
        let req = &mut core.reqs[r as usize];
        req.epoch = inst.epoch;
        req.inst_arrival = core.now;
        req.deadline = req.deadline.min(core.now + inst.timeout_us);
        let mean = if req.flags & STATIC != 0 { inst.static_cpu_us } else { inst.cpu_us };
        inst.cpu.account(core.now);
        if inst.cpu.busy < inst.cpu.servers {
            inst.cpu.busy += 1;
            let d = core.rng.exp_us(mean);
            core.queue.push(core.now + d, Ev::CpuDone(r));
        } else {
            inst.cpu.queue.push_back(r);
            inst.cpu.max_queue = inst.cpu.max_queue.max(inst.cpu.queue.len() as u32);
        }
        Ok(())
    }

    /// A vCPU finished `r`: it takes the next queued request, failing those whose client
    /// gave up. The instance `r` goes on in, or `None` if the instance crashed (or was
    /// terminated) while serving it (the request has failed).
    pub fn cpu_done(&mut self, core: &mut Core, lbs: &mut [Lb], r: u32) -> Option<usize> {
        let i = core.reqs[r as usize].inst as usize;
        if core.reqs[r as usize].epoch != self.instances[i].epoch {
            let node = self.instances[i].node;
            self.release(core, lbs, r, 0);
            core.fail(r, Cause::INSTANCE_LOST, node, 0);
            return None;
        }
        self.free_vcpu(core, lbs, i);
        Some(i)
    }

    /// A vCPU of instance `i` is done with its work: it takes the next queued request
    /// (failing those whose client gave up), else the next SQS worker waiting for one (put
    /// in `granted`: it holds the vCPU now), else it idles. Queued requests go first (a
    /// simplification: an operating system would share the vCPUs; docs/fidelity.md).
    pub fn free_vcpu(&mut self, core: &mut Core, lbs: &mut [Lb], i: usize) {
        self.instances[i].cpu.account(core.now);
        loop {
            let Some(q) = self.instances[i].cpu.queue.pop_front() else {
                let inst = &mut self.instances[i];
                match inst.cpu_waiters.pop_front() {
                    Some(w) => inst.granted.push(w),
                    None => inst.cpu.busy -= 1,
                }
                break;
            };
            if core.now >= core.reqs[q as usize].deadline {
                self.release(core, lbs, q, 0);
                let node = self.instances[i].node;
                core.fail(q, Cause::TIMEOUT, node, 0);
                continue;
            }
            let inst = &self.instances[i];
            let mean = if core.reqs[q as usize].flags & STATIC != 0 { inst.static_cpu_us } else { inst.cpu_us };
            let d = core.rng.exp_us(mean);
            core.queue.push(core.now + d, Ev::CpuDone(q));
            break;
        }
    }

    /// A dynamic request's EBS I/Os on instance `i` (`ios_per_request` of them on average,
    /// one after another): the time they take, µs.
    pub fn disk(&mut self, core: &mut Core, i: usize) -> u64 {
        let mut d = 0;
        let inst = &mut self.instances[i];
        if inst.ios_per_request > 0.0 {
            if let Some(vol) = inst.volume.as_mut() {
                let whole = inst.ios_per_request.floor();
                let n = whole as u64 + u64::from(core.rng.chance(inst.ios_per_request - whole));
                // A degraded volume delivers a tenth of its IOPS and throughput.
                let slow = if inst.ebs_degraded > 0 { 10 } else { 1 };
                d = vol.ios(core.now, n, inst.io_kib, slow);
                if vol.limits.burst_credits > 0.0 && vol.credits < 1.0 && !vol.exhausted {
                    vol.exhausted = true;
                    core.log(Some(inst.node), "EBS.BurstBalanceExhausted", msg!("ec2.gp2_burst_balance_empty"));
                }
            }
        }
        d
    }

    /// `r` is done with its instance `later` µs from now (the instance's work on it, its peer
    /// calls, goes on that long: its latency counts them) and with its load balancer target.
    pub fn release(&mut self, core: &mut Core, lbs: &mut [Lb], r: u32, later: u64) {
        let req = core.reqs[r as usize];
        if req.inst != NONE {
            let inst = &mut self.instances[req.inst as usize];
            // After a crash the instance holds nothing of the requests it had.
            if inst.epoch == req.epoch {
                inst.in_app = inst.in_app.saturating_sub(1);
                let stats = &mut core.nodes[inst.node as usize].stats;
                stats.done += 1;
                stats.bytes = stats.bytes.saturating_add(req.bytes);
                stats.latency.record(core.now + later - req.inst_arrival);
            }
            core.reqs[r as usize].inst = NONE;
        }
        if req.lb != NONE {
            let t = &mut lbs[req.lb as usize].targets[req.lb_target as usize];
            t.outstanding = t.outstanding.saturating_sub(1);
            core.reqs[r as usize].lb = NONE;
        }
    }

    /// Once per simulated second: each instance's utilisation over the second (a stand-alone
    /// instance's is its node's; a group's is the mean of its members', in `tick`).
    pub fn close_window(&mut self, core: &mut Core) {
        let now = core.now;
        for inst in &mut self.instances {
            if inst.life == Life::Terminated {
                continue;
            }
            inst.cpu.account(now);
            inst.util = (inst.cpu.busy_area - inst.busy0) as f64 / (f64::from(inst.cpu.servers) * US_PER_S as f64);
            inst.busy0 = inst.cpu.busy_area;
            if inst.asg == NONE {
                let w = &mut core.nodes[inst.node as usize].stats.win;
                w.utilisation = (inst.cpu.busy_area - w.busy0) as f64 / (f64::from(inst.cpu.servers) * US_PER_S as f64);
                w.busy0 = inst.cpu.busy_area;
            }
        }
    }
}

/// An EC2 instance's runtime: its vCPUs, application, EBS volume, purchase option, cluster
/// placement group and place.
pub(crate) fn compile(n: &Node, setup: &mut dyn Setup) -> Option<Instance> {
    let Spec::Instance { instance_type, subnet, app, ebs, purchase, placement_group, .. } = &n.spec else {
        return None;
    };
    let node = setup.node(n, "instance");
    let (coords, az) = setup.subnet_place(subnet);
    let mut inst = runtime(node, &n.id, instance_type, app.as_ref(), ebs.as_ref(), az);
    if let Some(g) = placement_group.as_ref().filter(|g| g.strategy == PlacementStrategy::Cluster) {
        inst.cluster = setup.cluster(&g.name);
    }
    inst.coords = coords;
    inst.spot = *purchase == PurchaseOption::Spot;
    inst.price_factor = catalog::purchase_factor(*purchase);
    Some(inst)
}

/// The runtime of an instance of `instance_type` running `app`, in AZ `az` (no backend yet).
pub(crate) fn runtime(
    node: u32,
    id: &NodeId,
    instance_type: &str,
    app: Option<&AppSettings>,
    ebs: Option<&EbsVolume>,
    az: u32,
) -> Instance {
    let t = catalog::instance_type(instance_type).or_else(|| catalog::instance_type("m5.large"));
    let (vcpus, nitro, price, gbps) =
        t.map_or((2, true, 0.096, 10.0), |t| (t.vcpus, t.nitro, t.usd_per_hour, t.network_gbps));
    let app = app.cloned().unwrap_or_default();
    Instance {
        node,
        id: id.clone(),
        asg: NONE,
        life: Life::Running,
        crashed: false,
        impaired: false,
        epoch: 0,
        launched_at: 0,
        running_at: 0,
        ended_at: 0,
        spot: false,
        price_factor: 1.0,
        version: 0,
        busy0: 0,
        util: 0.0,
        billed_us: 0,
        state_since: 0,
        hibernating: false,
        type_name: instance_type.to_string(),
        usd_per_hour: price,
        cpu: Station::new(vcpus, az),
        coords: None,
        cpu_us: crate::limits::service_ms(app.cpu_ms, 10.0) * 1_000.0,
        static_cpu_us: crate::limits::service_ms(app.static_cpu_ms, 1.0) * 1_000.0,
        max_concurrency: crate::limits::max_concurrency(app.max_concurrency),
        timeout_us: app.timeout_ms.clamp(1, 86_400_000) * 1_000,
        in_app: 0,
        ios_per_request: crate::limits::finite(app.ios_per_request, 0.0).min(1_000.0),
        io_kib: crate::limits::finite(app.io_kib, 16.0).max(1.0),
        volume: ebs.map(|v| Volume::new(catalog::volume_limits(v, nitro))),
        volume_kind: ebs.map(|v| v.kind),
        volume_gib: ebs.map_or(0, |v| v.size_gib),
        volume_piops: ebs.and_then(|v| v.iops).unwrap_or(0),
        backend: Target::Nowhere,
        db: NONE,
        backend_link: NONE,
        db_gate: Gate::Open,
        s3_gate: Gate::Open,
        nat: NONE,
        ebs_degraded: 0,
        peer_calls: app.peer_calls.min(crate::limits::MAX_PEER_CALLS),
        cpu_waiters: VecDeque::new(),
        granted: Vec::new(),
        peer_bytes: (crate::limits::finite(app.peer_call_kib, 64.0) * 1024.0) as u64,
        peers: Peers::None,
        peer_rr: 0,
        cluster: NONE,
        nic_bps: gbps * 1e9,
    }
}

/// The port an instance's application listens on (80 without an application); `None` for
/// anything that is not an instance.
pub(crate) fn port(n: &Node) -> Option<u16> {
    match &n.spec {
        Spec::Instance { app, .. } => Some(app.as_ref().map_or(80, |a| a.port)),
        _ => None,
    }
}

/// The network bandwidth of an instance's type, Gbps (5 when unknown): a NAT instance's
/// limit.
pub(crate) fn network_gbps(n: &Node) -> f64 {
    match &n.spec {
        Spec::Instance { instance_type, .. } => catalog::instance_type(instance_type).map_or(5.0, |t| t.network_gbps),
        _ => 5.0,
    }
}
