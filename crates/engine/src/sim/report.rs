//! What a simulation shows: a `Frame` for the canvas (live, per node and link, no history copied) and a `RunSummary` for the CLI and tests (deterministic JSON), with the bill and the goals.

use super::faults::FaultReport;
use super::{SimEvent, Simulation};
use crate::catalog::prices;
use crate::cost::CostLedger;
use crate::des::kernel::{WindowStats, NONE};
use crate::model::{NodeId, VolumeKind};
use crate::msg::Msg;
use crate::services::ec2::sim::Life;
use crate::services::elb::sim::TargetHealth;
use serde::Serialize;
use std::collections::BTreeMap;

pub use crate::des::frame::{GroupFrame, IopsFrame, NodeFrame, QueueFrame};

/// A path right now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkFrame<'a> {
    /// Source node id, or the population's name when `from_users`.
    pub from: &'a str,
    /// The source is a client population, not a node.
    pub from_users: bool,
    /// Destination node.
    pub to: &'a NodeId,
    /// Requests per second (last window).
    pub rps: f64,
    /// Network round trip of the hop, ms: users to their entry point, or between components
    /// (0 where it depends on which users, e.g. Route 53 → its answers, CloudFront → origin).
    pub rtt_ms: f64,
}

/// What the canvas draws this animation frame. Built from current state only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Frame<'a> {
    /// Simulated time, µs.
    pub t_us: u64,
    /// Nothing is left to simulate.
    pub finished: bool,
    /// Requests in flight.
    pub in_flight: u64,
    /// End to end, last full second.
    pub end_to_end: WindowStats,
    /// Cost so far, USD.
    pub cost_usd: f64,
    /// Every simulated component, in document order.
    pub nodes: Vec<NodeFrame<'a>>,
    /// Every path requests take.
    pub links: Vec<LinkFrame<'a>>,
    /// The latest notable events, oldest first (at most 64).
    pub recent: Vec<&'a SimEvent>,
    /// Every EC2 instance (document instances and those Auto Scaling groups launched; a
    /// terminated one for a minute after it ended), for per-instance badges.
    pub instances: Vec<InstanceFrame<'a>>,
    /// Availability Zone nodes that are down now (an AZ outage, or their Region's).
    pub zones_down: Vec<&'a NodeId>,
    /// Region nodes with a Region outage in progress.
    pub regions_down: Vec<&'a NodeId>,
}

impl Frame<'_> {
    /// Instances serving traffic now: each Auto Scaling group's in-service members
    /// (running, passing EC2 checks and healthy in every target group, as the group's
    /// `GroupInServiceInstances` metric counts them) plus the stand-alone instances that are
    /// running and healthy.
    pub fn instances_in_service(&self) -> u32 {
        let grouped: u32 = self.nodes.iter().filter_map(|n| n.group.map(|g| g.in_service)).sum();
        let alone = self.instances.iter().filter(|i| i.id == i.node && i.state == "healthy").count() as u32;
        grouped + alone
    }
}

/// An EC2 instance right now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InstanceFrame<'a> {
    /// Its id: the document's, or `i-N` for one an Auto Scaling group launched.
    pub id: &'a NodeId,
    /// The document node it is drawn in: itself, or its Auto Scaling group.
    pub node: &'a NodeId,
    /// Its Availability Zone node.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub az: Option<&'a NodeId>,
    /// `pending` (booting or waiting for its first health check), `healthy`, `unhealthy`,
    /// `draining` or `terminated`.
    pub state: &'static str,
    /// EC2 lifecycle state: `pending`, `running`, `shutting-down`, `terminated`.
    pub lifecycle: &'static str,
    /// A Spot instance.
    pub spot: bool,
    /// vCPU busy share, last second.
    pub utilisation: f64,
    /// Requests it holds.
    pub in_flight: u32,
}

/// Requests by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RequestCounts {
    /// Sent by users.
    pub started: u64,
    /// Answered successfully.
    pub succeeded: u64,
    /// Ended with an error or timeout.
    pub failed: u64,
    /// Not ended yet.
    pub in_flight: u64,
}

/// Latency of successful requests, ms (from a log-linear histogram: within 3.1 %).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LatencySummary {
    /// Exact mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Largest.
    pub max: f64,
}

/// L = λW over the whole run: time-average requests in flight, arrival rate, mean time in
/// the system (every ended request, errors included).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LittlesLaw {
    /// Time-average number in flight.
    pub l: f64,
    /// Arrivals per second.
    pub lambda: f64,
    /// Mean time in system, s.
    pub w_s: f64,
}

/// A hop the network model blocks, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlockedPath {
    /// The error cause requests on this hop end with.
    pub cause: String,
    /// From (the Internet node, a load balancer...).
    pub from: Option<NodeId>,
    /// To.
    pub to: Option<NodeId>,
    /// Reachability Analyzer explanation code.
    pub code: String,
    /// The component that drops the traffic.
    pub blocked_at: Option<NodeId>,
    /// Why, and what to change.
    pub explanation: Option<Msg>,
    /// Requests that failed this way.
    pub requests: u64,
}

/// One component over the whole run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NodeSummary {
    /// Id.
    pub id: NodeId,
    /// Kind.
    pub kind: &'static str,
    /// Requests that arrived.
    pub requests: u64,
    /// Requests that failed here.
    pub errors: u64,
    /// Arrivals per simulated second.
    pub rps: f64,
    /// Bytes sent (responses; S3 PUT bodies; NAT: processed).
    pub bytes: u64,
    /// Time spent here and below, ms: p50 and p99 (instances, RDS, S3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_p50_ms: Option<f64>,
    /// 99th percentile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_p99_ms: Option<f64>,
    /// Mean vCPU utilisation, 0 to 1 (instances, RDS primary).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu_utilisation: Option<f64>,
    /// Mean and largest queue for a vCPU.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_mean: Option<f64>,
    /// Largest queue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_max: Option<u32>,
    /// EBS: mean IOPS used, the baseline limit, lowest gp2 burst balance (%).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iops_mean: Option<f64>,
    /// Baseline IOPS limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iops_limit: Option<f64>,
    /// Lowest gp2 burst balance, %.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burst_balance_min_pct: Option<f64>,
    /// CloudFront hit ratio.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hit_ratio: Option<f64>,
    /// RDS: reads and writes served, largest replica lag estimate (ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replica_lag_max_ms: Option<f64>,
    /// Route 53: queries that reached Route 53 (resolver cache misses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_queries: Option<u64>,
    /// S3: requests refused with 503 Slow Down.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttled: Option<u64>,
    /// SQS: what became of the queue's messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<QueueSummary>,
    /// SNS: copies of published messages handed to subscriptions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deliveries: Option<u64>,
    /// SNS: copies a subscription's filter policy kept from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filtered_out: Option<u64>,
}

/// An SQS queue over the whole run: every message sent or moved in is consumed, expired,
/// dead-lettered or still stored (`sent + moved_in = consumed + expired + dead_lettered +
/// stored`); duplicates are counted apart.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct QueueSummary {
    /// What it counted.
    #[serde(flatten)]
    pub counts: crate::services::sqs::sim::QueueCounts,
    /// Messages still stored at the end (visible, delayed or in flight).
    pub stored: u64,
    /// The largest backlog (visible messages).
    pub max_backlog: u64,
    /// The oldest a visible message got, s.
    pub max_age_s: f64,
    /// Mean time from sending to the first receive, s (the wait for a consumer).
    pub mean_wait_s: f64,
    /// Mean time from sending to deletion, s, over the messages consumed.
    pub mean_time_in_queue_s: f64,
}

/// A sum of µs over `n`, in s (0 for none).
fn mean_s(sum_us: u128, n: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        sum_us as f64 / n as f64 / 1e6
    }
}

/// A goal and whether it was met.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GoalResult {
    /// Which (`p99_ms`, `error_rate`...).
    pub goal: &'static str,
    /// The bound.
    pub target: f64,
    /// What the run gave.
    pub actual: f64,
    /// Met.
    pub met: bool,
}

/// Everything a run produced, in a deterministic order (docs/cli.md, `stratus run --json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunSummary {
    /// Scenario name.
    pub scenario: String,
    /// Seed.
    pub seed: u64,
    /// Length of the traffic, s.
    pub duration_s: f64,
    /// Simulated time reached, s (after the last request drained).
    pub simulated_s: f64,
    /// Events processed.
    pub events: u64,
    /// Requests by outcome.
    pub requests: RequestCounts,
    /// Successful requests per second of traffic.
    pub throughput_rps: f64,
    /// Share of ended requests that succeeded.
    pub availability: f64,
    /// Share of ended requests that failed.
    pub error_rate: f64,
    /// End-to-end latency of successful requests.
    pub latency_ms: LatencySummary,
    /// Failed requests by cause (`Timeout`, `S3.SlowDown`, `LoadBalancer.504.<code>`...).
    pub errors: BTreeMap<String, u64>,
    /// Hops the network model blocks.
    pub blocked: Vec<BlockedPath>,
    /// Little's law check.
    pub little: LittlesLaw,
    /// Per component, in document order.
    pub nodes: Vec<NodeSummary>,
    /// Cost of the simulated time, with the price book's sources.
    pub cost: CostLedger,
    /// Total cost, USD.
    pub cost_usd: f64,
    /// Cost per simulated hour, USD.
    pub cost_per_hour_usd: f64,
    /// Goals of the scenario.
    pub goals: Vec<GoalResult>,
    /// Every goal met.
    pub goals_met: bool,
    /// Each fault: availability while it lasted, requests lost, time to recover.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<FaultReport>,
    /// Faults, health checks, scaling and failovers, in plain words, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<SimEvent>,
    /// Present when the run hit its event budget before it was over: every number above
    /// covers only the simulated time reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_early: Option<EarlyStop>,
}

/// Why and where a run stopped before it was over.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EarlyStop {
    /// `event_budget`: the run processed its maximum number of events.
    pub reason: &'static str,
    /// The budget, events.
    pub max_events: u64,
    /// Simulated time reached, s.
    pub at_s: f64,
    /// For people, in both languages.
    pub message: Msg,
}

/// A 64-bit FNV-1a hash of the summary's JSON: equal fingerprints mean bit-identical runs
/// (floats are printed exactly by serde_json, natively and in wasm).
pub fn fingerprint(summary: &RunSummary) -> u64 {
    let json = serde_json::to_string(summary).unwrap_or_default();
    json.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn ms(us: u64) -> f64 {
    us as f64 / 1_000.0
}

impl Simulation {
    /// The state the canvas draws now: O(nodes + links), no history.
    pub fn frame(&self) -> Frame<'_> {
        let mut nodes: Vec<NodeFrame> = self
            .core
            .nodes
            .iter()
            .map(|n| NodeFrame {
                id: &n.id,
                kind: n.kind,
                rps: n.stats.win.rps,
                errors_per_s: n.stats.win.errors_per_s,
                utilisation: n.stats.win.utilisation,
                queue: 0,
                in_flight: 0,
                latency_ms: n.stats.win.latency_ms,
                bytes_per_s: n.stats.win.bytes_per_s,
                iops: None,
                hit_ratio: None,
                replica_lag_ms: None,
                blocked: false,
                group: None,
                available: None,
                primary_az: None,
                standby_az: None,
                messages: None,
            })
            .collect();
        // Each service's part of the frame, from its own state.
        self.group_frames(&mut nodes);
        self.ec2.frame(&mut nodes);
        let zones = &self.faults.zones;
        self.rds.frame(&mut nodes, |az| zones.get(az as usize).map(|z| &z.id));
        self.cloudfront.frame(&mut nodes);
        self.s3.frame(&mut nodes);
        self.elb.frame(&mut nodes);
        self.sqs.frame(&mut nodes, self.core.now);
        let links = self
            .core
            .links
            .iter()
            .map(|l| LinkFrame {
                from: &l.from,
                from_users: l.from_users,
                to: &self.core.nodes[l.to as usize].id,
                rps: l.rps,
                rtt_ms: ms(l.rtt_us),
            })
            .collect();
        Frame {
            t_us: self.core.now,
            finished: self.core.queue.is_empty(),
            in_flight: self.core.in_flight,
            end_to_end: self.core.last_window,
            cost_usd: self.cost().total_usd(),
            nodes,
            links,
            recent: self.core.recent.iter().collect(),
            instances: self.instance_frames(),
            zones_down: self.faults.zones.iter().filter(|z| z.down > 0).map(|z| &z.id).collect(),
            regions_down: self.active_faults().into_iter().fold(Vec::new(), |mut down, (_, kind)| {
                // Two outages of one Region at once draw it down once.
                if let crate::resilience::FaultKind::RegionOutage { region } = kind {
                    if !down.contains(&region) {
                        down.push(region);
                    }
                }
                down
            }),
        }
    }

    fn instance_frames(&self) -> Vec<InstanceFrame<'_>> {
        let shown = |i: &&crate::services::ec2::sim::Instance| {
            i.life != Life::Terminated || self.core.now < i.ended_at + 60 * crate::des::core::US_PER_S
        };
        // One pass over the target groups: per instance, which target states it has.
        const DRAINING: u8 = 1;
        const UNHEALTHY: u8 = 2;
        const INITIAL: u8 = 4;
        const REGISTERED: u8 = 8;
        let mut flags = vec![0u8; self.ec2.instances.len()];
        for t in self.elb.lbs.iter().flat_map(|lb| &lb.targets) {
            flags[t.inst as usize] |= match t.health {
                TargetHealth::Draining => DRAINING | REGISTERED,
                TargetHealth::Unhealthy => UNHEALTHY | REGISTERED,
                TargetHealth::Initial => INITIAL | REGISTERED,
                TargetHealth::Healthy => REGISTERED,
                TargetHealth::Unused => 0,
            };
        }
        self.ec2
            .instances
            .iter()
            .enumerate()
            .filter(|(_, i)| shown(i))
            .map(|(k, inst)| {
                let f = flags[k];
                let has = |bit: u8| f & bit != 0;
                let down = inst.crashed || self.az_is_down(inst.cpu.az);
                let state = match inst.life {
                    Life::Terminated => "terminated",
                    Life::Stopping | Life::Stopped => "stopped",
                    Life::Pending => "pending",
                    _ if has(DRAINING) => "draining",
                    Life::ShuttingDown => "draining",
                    _ if has(UNHEALTHY) => "unhealthy",
                    _ if has(INITIAL) => "pending",
                    _ if has(REGISTERED) => "healthy",
                    _ if down || inst.impaired => "unhealthy",
                    _ => "healthy",
                };
                InstanceFrame {
                    id: &inst.id,
                    node: &self.core.nodes[inst.node as usize].id,
                    az: self.faults.zones.get(inst.cpu.az as usize).map(|z| &z.id),
                    state,
                    lifecycle: inst.life.name(),
                    spot: inst.spot,
                    utilisation: inst.util,
                    in_flight: inst.in_app,
                }
            })
            .collect()
    }

    /// The bill for the simulated time so far.
    pub fn cost(&self) -> CostLedger {
        let hours = self.core.now as f64 / 3_600e6;
        let months = hours / prices::HOURS_PER_MONTH;
        let mut l = CostLedger::default();
        // Instances running the whole run, On-Demand (the usual case), are charged as
        // before; the others by the time they spent running (pending, shutting-down and
        // terminated are not billed; aws-facts.md §1.1), at their purchase option's price.
        let mut by_type: BTreeMap<(&str, u64), u32> = BTreeMap::new();
        let mut by_use: BTreeMap<(&str, u64, &str, &str), (u32, f64)> = BTreeMap::new();
        for (k, inst) in self.ec2.instances.iter().enumerate() {
            let price = inst.usd_per_hour * inst.price_factor;
            let whole_run = inst.asg == NONE
                && inst.life == Life::Running
                && inst.price_factor == 1.0
                && inst.running_at == 0
                && inst.billed_us == 0;
            if whole_run {
                *by_type.entry((&inst.type_name, price.to_bits())).or_default() += 1;
                continue;
            }
            let running = self.billed_us(k as u32);
            let group = if inst.asg == NONE { "" } else { self.core.nodes[inst.node as usize].id.as_str() };
            let option = if inst.spot {
                " Spot"
            } else if inst.price_factor < 1.0 {
                " Reserved"
            } else if inst.price_factor > 1.0 {
                " Dedicated"
            } else {
                ""
            };
            let e = by_use.entry((&inst.type_name, price.to_bits(), group, option)).or_default();
            e.0 += 1;
            e.1 += running as f64 / 3_600e6;
        }
        for ((name, price), n) in by_type {
            l.charge_hours(
                format!("EC2 {name} × {n}"),
                hours * f64::from(n),
                f64::from_bits(price),
                prices::EC2_SOURCE,
            );
        }
        for ((name, price, group, option), (n, used)) in by_use {
            let whose = if group.is_empty() { String::new() } else { format!(" launched by {group}") };
            l.charge_hours(
                format!("EC2 {name}{option} × {n}{whose} at ${:.4}/h (time running)", f64::from_bits(price)),
                used,
                f64::from_bits(price),
                prices::EC2_SOURCE,
            );
        }
        for inst in &self.ec2.instances {
            let Some(kind) = inst.volume_kind else { continue };
            let p = match kind {
                VolumeKind::Gp2 => prices::EBS_GP2_GB_MONTH,
                VolumeKind::Gp3 => prices::EBS_GP3_GB_MONTH,
                VolumeKind::Io1 | VolumeKind::Io2 => prices::EBS_IO_GB_MONTH,
                VolumeKind::St1 => prices::EBS_ST1_GB_MONTH,
                VolumeKind::Sc1 => prices::EBS_SC1_GB_MONTH,
            };
            let id = &self.core.nodes[inst.node as usize].id;
            l.charge(format!("EBS {kind:?} {} GiB on {id}", inst.volume_gib), f64::from(inst.volume_gib) * months, p);
            if matches!(kind, VolumeKind::Io1 | VolumeKind::Io2) {
                l.charge(
                    format!("EBS provisioned IOPS on {id}"),
                    f64::from(inst.volume_piops) * months,
                    prices::EBS_PIOPS_MONTH,
                );
            }
        }
        for lb in &self.elb.lbs {
            let id = &self.core.nodes[lb.node as usize].id;
            let (hour, lcu) = if lb.alb {
                (prices::ALB_HOUR, prices::ALB_LCU_HOUR)
            } else {
                (prices::NLB_HOUR, prices::NLB_LCU_HOUR)
            };
            l.charge(format!("{} {id}", if lb.alb { "ALB" } else { "NLB" }), hours, hour);
            // LCU: only the processed-bytes dimension (1 GB per hour per LCU) is counted.
            l.charge(format!("LCU-hours of {id} (processed bytes)"), lb.bytes as f64 / 1e9, lcu);
        }
        for db in &self.rds.dbs {
            let id = &self.core.nodes[db.node as usize].id;
            let copies = if db.multi_az { 2.0 } else { 1.0 };
            l.charge_hours(
                format!("RDS {} {id}{}", db.class, if db.multi_az { " Multi-AZ" } else { "" }),
                hours * copies,
                db.usd_per_hour,
                prices::RDS_SOURCE,
            );
            let replicas = (db.stations.len() - 1) as f64;
            l.charge_hours(
                format!("RDS read replicas of {id} × {replicas}"),
                hours * replicas,
                db.usd_per_hour,
                prices::RDS_SOURCE,
            );
            l.charge(
                format!("RDS storage of {id}"),
                f64::from(db.storage_gib) * copies * months,
                prices::RDS_STORAGE_GB_MONTH,
            );
        }
        for b in &self.s3.buckets {
            let id = &self.core.nodes[b.node as usize].id;
            l.charge(format!("S3 storage {id}"), f64::from(b.stored_gib) * months, prices::S3_STANDARD_GB_MONTH);
            l.charge(format!("S3 GET {id}"), b.gets as f64 / 1_000.0, prices::S3_1K_GET);
            l.charge(format!("S3 PUT {id}"), b.puts as f64 / 1_000.0, prices::S3_1K_PUT);
        }
        for nat in &self.nats {
            let id = &self.core.nodes[nat.node as usize].id;
            if nat.gateway {
                l.charge(format!("NAT gateway {id}"), hours, prices::NAT_HOUR);
                l.charge(format!("NAT gateway {id} data processed"), nat.bytes as f64 / 1e9, prices::NAT_GB);
            }
        }
        let requests: u64 = self.cloudfront.cdns.iter().map(|c| c.requests).sum();
        l.charge("CloudFront requests", requests as f64 / 10_000.0, prices::CLOUDFRONT_10K_REQUESTS);
        l.charge("CloudFront data out", self.core.bytes_cdn as f64 / 1e9, prices::CLOUDFRONT_GB);
        l.charge("Data out to the Internet", self.core.bytes_internet as f64 / 1e9, prices::INTERNET_OUT_GB);
        l.charge(
            "Data between AZs (both directions)",
            2.0 * self.core.bytes_cross_az as f64 / 1e9,
            prices::CROSS_AZ_GB,
        );
        for (k, q) in self.sqs.queues.iter().enumerate() {
            let id = &self.core.nodes[q.node as usize].id;
            let requests = self.sqs.billed_requests(k, self.core.now, self.core.end_us) as f64 / 1e6;
            let price = if q.fifo { prices::SQS_FIFO_MILLION_REQUESTS } else { prices::SQS_MILLION_REQUESTS };
            l.charge(format!("SQS requests {id}"), requests, price);
        }
        if !self.route53.records.is_empty() {
            // Alias queries to AWS resources are free (aws-facts §8); the zone is not.
            l.charge("Route 53 hosted zone", months, prices::ROUTE53_ZONE_MONTH);
        }
        l
    }

    /// The scenario's goals checked against the run so far: what the goal checklist shows
    /// while a run is in progress (cheaper than `summary`: no per-node numbers) and, after the
    /// last request, the same verdicts as `summary().goals`.
    pub fn goals_so_far(&self) -> Vec<GoalResult> {
        if self.goals.is_empty() {
            return Vec::new();
        }
        let secs = self.core.now as f64 / 1e6;
        let ended = self.core.ended;
        let rate = |x: u64| if ended == 0 { 0.0 } else { x as f64 / ended as f64 };
        let h = &self.core.latency;
        let latency = LatencySummary {
            mean: h.mean() / 1_000.0,
            p50: ms(h.quantile(0.5)),
            p95: ms(h.quantile(0.95)),
            p99: ms(h.quantile(0.99)),
            max: ms(h.max()),
        };
        let cost_usd = self.cost().total_usd();
        let cost_per_hour_usd = if secs > 0.0 { cost_usd / (secs / 3_600.0) } else { 0.0 };
        let m = Measured {
            latency,
            error_rate: rate(ended - self.core.succeeded),
            availability: rate(self.core.succeeded),
            cost_per_hour_usd,
            secs,
        };
        self.check_goals(&m, &self.fault_reports())
    }

    /// Each goal that is set, with what the run measured and whether it is met.
    fn check_goals(&self, m: &Measured, faults: &[FaultReport]) -> Vec<GoalResult> {
        let mut goals = Vec::new();
        let g = &self.goals;
        let mut check = |goal, target: Option<f64>, actual: f64, at_most: bool| {
            if let Some(target) = target {
                let met = if at_most { actual <= target } else { actual >= target };
                goals.push(GoalResult { goal, target, actual, met });
            }
        };
        check("p50_ms", g.p50_ms, m.latency.p50, true);
        check("p95_ms", g.p95_ms, m.latency.p95, true);
        check("p99_ms", g.p99_ms, m.latency.p99, true);
        check("error_rate", g.error_rate, m.error_rate, true);
        check("availability", g.availability, m.availability, false);
        check("cost_per_hour_usd", g.cost_per_hour_usd, m.cost_per_hour_usd, true);
        if let Some(target) = g.recovery_s {
            // A fault that never recovered counts as the whole time since it started.
            let worst = faults.iter().map(|f| f.time_to_recover_s.unwrap_or(m.secs - f.start_s)).fold(0.0, f64::max);
            let met = worst <= target && faults.iter().all(|f| f.time_to_recover_s.is_some());
            goals.push(GoalResult { goal: "recovery_s", target, actual: worst, met });
        }
        if let Some(target) = g.requests_lost {
            let worst = faults.iter().map(|f| f.requests_lost).max().unwrap_or(0);
            goals.push(GoalResult {
                goal: "requests_lost",
                target: target as f64,
                actual: worst as f64,
                met: worst <= target,
            });
        }
        // SQS: over every queue (a dead-letter queue's messages count where they end).
        let queues = &self.sqs.queues;
        let total = |count: fn(&crate::services::sqs::sim::QueueCounts) -> u64| {
            queues.iter().map(|q| count(&q.counts)).sum::<u64>() as f64
        };
        let mut count = |goal, target: Option<u64>, actual: f64| {
            if let Some(target) = target {
                goals.push(GoalResult { goal, target: target as f64, actual, met: actual <= target as f64 });
            }
        };
        count("messages_lost", g.messages_lost, total(|c| c.expired));
        count("duplicates", g.duplicates, total(|c| c.duplicates));
        if let Some(target) = g.message_age_s {
            let oldest = queues.iter().map(|q| q.max_age_us as f64 / 1e6).fold(0.0, f64::max);
            goals.push(GoalResult { goal: "message_age_s", target, actual: oldest, met: oldest <= target });
        }
        goals
    }

    /// Everything so far (call after `run` for the whole run). Deterministic.
    pub fn summary(&self) -> RunSummary {
        let secs = self.core.now as f64 / 1e6;
        let traffic_s = (self.core.end_us as f64 / 1e6).max(f64::MIN_POSITIVE);
        let ended = self.core.ended;
        let rate = |x: u64| if ended == 0 { 0.0 } else { x as f64 / ended as f64 };
        let mut errors = BTreeMap::new();
        for (c, &n) in self.core.causes.iter().zip(&self.core.errors) {
            if n > 0 {
                errors.insert(c.name.clone(), n);
            }
        }
        let blocked = self
            .core
            .causes
            .iter()
            .zip(&self.core.errors)
            .filter_map(|(c, &n)| {
                Some(BlockedPath {
                    cause: c.name.clone(),
                    from: c.from.clone(),
                    to: c.to.clone(),
                    code: c.code.clone()?,
                    blocked_at: c.blocked_at.clone(),
                    explanation: c.explanation.clone(),
                    requests: n,
                })
            })
            .collect();
        let h = &self.core.latency;
        let latency_ms = LatencySummary {
            mean: h.mean() / 1_000.0,
            p50: ms(h.quantile(0.5)),
            p95: ms(h.quantile(0.95)),
            p99: ms(h.quantile(0.99)),
            max: ms(h.max()),
        };
        let little = LittlesLaw {
            l: if self.core.now == 0 { 0.0 } else { self.core.in_flight_area as f64 / self.core.now as f64 },
            lambda: if secs == 0.0 { 0.0 } else { self.core.started as f64 / secs },
            w_s: if ended == 0 { 0.0 } else { self.core.latency_all_sum as f64 / ended as f64 / 1e6 },
        };
        let mut nodes: Vec<NodeSummary> = self
            .core
            .nodes
            .iter()
            .map(|n| NodeSummary {
                id: n.id.clone(),
                kind: n.kind,
                requests: n.stats.arrivals,
                errors: n.stats.errors,
                rps: n.stats.arrivals as f64 / traffic_s,
                bytes: n.stats.bytes,
                latency_p50_ms: (n.stats.latency.count() > 0).then(|| ms(n.stats.latency.quantile(0.5))),
                latency_p99_ms: (n.stats.latency.count() > 0).then(|| ms(n.stats.latency.quantile(0.99))),
                cpu_utilisation: None,
                queue_mean: None,
                queue_max: None,
                iops_mean: None,
                iops_limit: None,
                burst_balance_min_pct: None,
                hit_ratio: None,
                replica_lag_max_ms: None,
                dns_queries: None,
                throttled: None,
                messages: None,
                deliveries: None,
                filtered_out: None,
            })
            .collect();
        let span = self.core.now.max(1) as f64;
        for inst in &self.ec2.instances {
            let s = &mut nodes[inst.node as usize];
            let mut cpu = inst.cpu.clone();
            cpu.account(self.core.now);
            s.cpu_utilisation = Some(cpu.busy_area as f64 / (f64::from(cpu.servers) * span));
            s.queue_mean = Some(cpu.queue_area as f64 / span);
            s.queue_max = Some(cpu.max_queue);
            if let Some(v) = &inst.volume {
                s.iops_mean = Some(v.ios as f64 / traffic_s);
                s.iops_limit = Some(v.limits.baseline_iops);
                s.burst_balance_min_pct =
                    (v.limits.burst_credits > 0.0).then(|| (v.min_credits.max(0.0) / v.limits.burst_credits) * 100.0);
            }
        }
        for db in &self.rds.dbs {
            let s = &mut nodes[db.node as usize];
            let mut p = db.stations[0].clone();
            p.account(self.core.now);
            s.cpu_utilisation = Some(p.busy_area as f64 / (f64::from(p.servers) * span));
            s.queue_mean = Some(p.queue_area as f64 / span);
            s.queue_max = Some(db.stations.iter().map(|x| x.max_queue).max().unwrap_or(0));
            s.replica_lag_max_ms = (db.stations.len() > 1).then(|| ms(db.max_lag_us));
        }
        for cdn in &self.cloudfront.cdns {
            let total = cdn.hits + cdn.misses;
            nodes[cdn.node as usize].hit_ratio = (total > 0).then(|| cdn.hits as f64 / total as f64);
        }
        for r in &self.route53.records {
            nodes[r.node as usize].dns_queries = Some(r.queries);
        }
        for b in &self.s3.buckets {
            nodes[b.node as usize].throttled = Some(b.throttled);
        }
        for t in &self.sns.topics {
            nodes[t.node as usize].deliveries = Some(t.deliveries);
            nodes[t.node as usize].filtered_out = Some(t.filtered_out);
        }
        for q in &self.sqs.queues {
            nodes[q.node as usize].messages = Some(QueueSummary {
                counts: q.counts,
                stored: q.stored(),
                max_backlog: q.max_backlog,
                max_age_s: q.max_age_us as f64 / 1e6,
                mean_wait_s: mean_s(q.wait_sum_us, q.counts.received - q.counts.redelivered),
                mean_time_in_queue_s: mean_s(q.system_sum_us, q.counts.consumed),
            });
        }
        let cost = self.cost();
        let cost_usd = cost.total_usd();
        let cost_per_hour_usd = if secs > 0.0 { cost_usd / (secs / 3_600.0) } else { 0.0 };
        let error_rate = rate(ended - self.core.succeeded);
        let availability = rate(self.core.succeeded);
        let faults = self.fault_reports();
        let goals = self
            .check_goals(&Measured { latency: latency_ms, error_rate, availability, cost_per_hour_usd, secs }, &faults);
        let goals_met = goals.iter().all(|g| g.met);
        RunSummary {
            scenario: self.name.clone(),
            seed: self.seed,
            duration_s: self.core.end_us as f64 / 1e6,
            simulated_s: secs,
            events: self.core.events,
            requests: self.requests(),
            throughput_rps: self.core.succeeded as f64 / traffic_s,
            availability,
            error_rate,
            latency_ms,
            errors,
            blocked,
            little,
            nodes,
            cost,
            cost_usd,
            cost_per_hour_usd,
            goals,
            goals_met,
            faults,
            timeline: self.core.timeline.clone(),
            stopped_early: self.stopped_early.map(|max_events| EarlyStop {
                reason: "event_budget",
                max_events,
                at_s: secs,
                message: msg!(
                    "report.stopped_early_run_reached",
                    max_events = max_events,
                    secs = format!("{:.1}", secs)
                ),
            }),
        }
    }
}

/// The run-wide numbers goals are checked against.
struct Measured {
    latency: LatencySummary,
    error_rate: f64,
    availability: f64,
    cost_per_hour_usd: f64,
    secs: f64,
}

const _: u32 = NONE;

#[cfg(test)]
mod tests {
    use super::super::Simulation;
    use crate::model::Scenario;

    fn example(name: &str) -> Scenario {
        let text = crate::scenarios::BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
        Scenario::from_json(text.expect("a built-in example")).unwrap()
    }

    fn seconds(s: f64) -> u64 {
        (s * 1e6) as u64
    }

    /// An Auto Scaling-only design serves from its group's members: the frame counts them
    /// in service (the live chart read 0, counting only document instances), and says which
    /// AZ each member runs in, so the canvas draws it in its subnet; an AZ outage shows as a
    /// down AZ and leaves only the members elsewhere in service, until the group replaces them.
    #[test]
    fn auto_scaling_members_are_in_service_in_their_azs_and_a_down_az_is_reported() {
        let s = example("asg-az-outage");
        let mut sim = Simulation::new(&s, 1).unwrap();
        sim.step_until(seconds(40.0), u64::MAX);
        let f = sim.frame();
        assert_eq!(f.instances_in_service(), 4, "four members, all in service before the outage");
        assert!(f.zones_down.is_empty() && f.regions_down.is_empty());
        let azs: Vec<&str> = f.instances.iter().filter_map(|i| i.az.map(|a| a.as_str())).collect();
        assert_eq!(azs.iter().filter(|a| **a == "az-a").count(), 2, "{azs:?}");
        assert_eq!(azs.iter().filter(|a| **a == "az-c").count(), 2, "{azs:?}");
        assert!(f.instances.iter().all(|i| i.node.as_str() == "asg-web"));
        // The outage starts at 45 s.
        sim.step_until(seconds(50.0), u64::MAX);
        let f = sim.frame();
        assert_eq!(f.zones_down.iter().map(|z| z.as_str()).collect::<Vec<_>>(), ["az-a"]);
        assert_eq!(f.instances_in_service(), 2, "the members in az-a are out of service");
        // The group replaces them in az-c (status checks, then a boot and health checks).
        sim.step_until(seconds(300.0), u64::MAX);
        let f = sim.frame();
        assert_eq!(f.instances_in_service(), 4);
        let live_in_a =
            f.instances.iter().filter(|i| i.az.map(|a| a.as_str()) == Some("az-a") && i.state != "terminated");
        assert_eq!(live_in_a.count(), 0, "the lost members were terminated");
        // AZ a returns at 645 s.
        sim.step_until(seconds(700.0), u64::MAX);
        assert!(sim.frame().zones_down.is_empty());
    }

    /// A Multi-AZ database shows where its primary and its standby are; after a failover
    /// they have swapped AZs (the standby became the primary, a new standby was built in
    /// the old primary's AZ: aws-facts §10).
    #[test]
    fn a_multi_az_database_shows_its_primary_and_standby_azs_and_they_swap_on_failover() {
        let s = example("rds-multi-az-failover");
        let mut sim = Simulation::new(&s, 1).unwrap();
        sim.step_until(seconds(30.0), u64::MAX);
        let azs = |sim: &Simulation| {
            let f = sim.frame();
            let db = f.nodes.iter().find(|n| n.id.as_str() == "db").unwrap();
            (db.primary_az.map(|a| a.to_string()), db.standby_az.map(|a| a.to_string()), db.available)
        };
        assert_eq!(azs(&sim), (Some("az-a".into()), Some("az-c".into()), Some(true)));
        sim.step_until(seconds(300.0), u64::MAX);
        assert_eq!(azs(&sim), (Some("az-c".into()), Some("az-a".into()), Some(true)));
    }

    /// A Region outage marks the Region and every AZ in it down, and only while it lasts.
    #[test]
    fn a_region_outage_marks_the_region_and_its_zones_down() {
        let s = example("route53-failover");
        let mut sim = Simulation::new(&s, 1).unwrap();
        sim.step_until(seconds(100.0), u64::MAX);
        assert!(sim.frame().regions_down.is_empty());
        sim.step_until(seconds(130.0), u64::MAX);
        let f = sim.frame();
        assert_eq!(f.regions_down.iter().map(|r| r.as_str()).collect::<Vec<_>>(), ["seoul-region"]);
        let mut zones: Vec<&str> = f.zones_down.iter().map(|z| z.as_str()).collect();
        zones.sort_unstable();
        assert_eq!(zones, ["seoul-az-a", "seoul-az-c"]);
    }
}
