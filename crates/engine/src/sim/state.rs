//! The simulator's working state: requests in flight, and each component's runtime (queues, caches, token buckets, burst credits) with its counters.

use super::core::US_PER_S;
use crate::catalog::VolumeLimits;
use crate::model::{Location, NodeId, RatePattern, RequestMix};
use std::collections::VecDeque;

/// Whether a hop lets traffic through, or the cause index it fails with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    Open,
    Blocked(u16),
}

/// A c-server FIFO queue: vCPUs of an instance or a DB instance.
#[derive(Clone, Debug, Default)]
pub(crate) struct Station {
    pub servers: u32,
    pub busy: u32,
    pub queue: VecDeque<u32>,
    pub az: u32,
    /// ∫ busy dt and ∫ queue length dt, in µs units, up to `last`.
    pub busy_area: u128,
    pub queue_area: u128,
    pub last: u64,
    pub max_queue: u32,
    /// A read replica that left its source (promoted): it takes no more reads.
    pub retired: bool,
}

impl Station {
    pub fn new(servers: u32, az: u32) -> Station {
        Station { servers: servers.max(1), az, ..Station::default() }
    }

    /// Brings the time integrals up to `now`.
    #[inline]
    pub fn account(&mut self, now: u64) {
        let dt = u128::from(now.saturating_sub(self.last));
        self.busy_area += u128::from(self.busy) * dt;
        self.queue_area += self.queue.len() as u128 * dt;
        self.last = now;
    }
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

/// A client population, compiled.
pub(crate) struct Pop {
    pub name: String,
    pub location: Location,
    pub target: Target,
    pub rate: RatePattern,
    pub max_rps: f64,
    pub mix: RequestMix,
    /// Cumulative Zipf popularity of static objects (empty = uniform).
    pub zipf: Vec<f64>,
    pub objects: u32,
    pub resolvers: u32,
    pub link: u32,
    pub started: u64,
    /// Traffic-spike faults multiply the rate (1 without).
    pub mult: f64,
    /// Every population's share of the total rate cap (`limits::rate_scale`; exactly 1 under it).
    pub scale: f64,
}

/// Where a request goes next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Record(u32),
    Cdn(u32),
    Lb(u32),
    Instance(u32),
    Bucket(u32),
    /// Nothing that takes traffic: the request fails with `Cause::NO_ROUTE`.
    Nowhere,
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
