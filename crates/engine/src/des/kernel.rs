//! The simulation's core, which knows no AWS service: time, the event queue, random numbers, the requests in flight and the statistics (end to end, per node, per link, per cause), and the event log; service components work through it.
//!
//! A component's handler reads and changes its own state and calls the core to schedule
//! events, to fail or answer a request and to log: the core is one field of
//! [`Simulation`](crate::sim::Simulation), apart from the components' fields, so a handler can
//! hold its component and the core at once.

use super::core::{mul_wide, EventQueue, Histogram, Rng, US_PER_S};
use crate::model::NodeId;
use crate::msg::Msg;
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

/// An event on the queue. Small and `Copy`: the request it concerns lives in a slab.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ev {
    /// The next user of population `.0` sends a request.
    Arrival(u16),
    /// Request reaches its instance.
    AtInstance(u32),
    /// Request's CPU work on the instance is done.
    CpuDone(u32),
    /// Request reaches its database.
    AtDb(u32),
    /// Database query done.
    DbDone(u32),
    /// The response (or error) reaches the user.
    End(u32),
    /// Once per simulated second: windows of rates and utilisation, health checks, scaling.
    Tick,
    /// The document's fault `.0` starts.
    FaultStart(u16),
    /// Fault `.0` ends (its duration is over).
    FaultEnd(u32),
    /// EC2 reclaims Spot instance `.0` (if its epoch is still `.1`).
    SpotReclaim(u32, u32),
    /// The Multi-AZ failover of database `.0` completes (if its epoch is still `.1`).
    DbFailover(u32, u32),
    /// Instance `.0` finishes stopping or booting (if its epoch is still `.1`).
    Lifecycle(u32, u32),
    /// Read replica `.1` of database `.0` is promoted to a standalone DB instance.
    DbPromoted(u32, u32),
    /// SQS queue `.0` may have messages becoming visible (a delay or a visibility timeout ends).
    SqsDue(u32),
    /// SQS consumer worker `.0` polls again (short polling).
    SqsPoll(u32),
    /// SQS consumer worker `.0` finished processing a message.
    SqsWork(u32),
}

/// Something worth showing in the event log (read back by the page from the simulator's
/// worker).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct SimEvent {
    /// When, µs.
    pub t_us: u64,
    /// The component concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<crate::model::NodeId>,
    /// What happened (an error cause such as `S3.SlowDown`, or `EBS.BurstBalanceExhausted`).
    pub code: String,
    /// For people.
    pub message: Msg,
}

/// How many recent events a frame can show.
const RECENT: usize = 64;
/// The same (component, cause) is logged at most once per this long.
const NOTE_EVERY_US: u64 = 10 * US_PER_S;
/// "No index".
pub(crate) const NONE: u32 = u32::MAX;

/// Request flags.
pub(crate) const READ: u8 = 1;
pub(crate) const STATIC: u8 = 2;
/// Served through CloudFront (its bytes are billed as CloudFront's, not the Internet's).
pub(crate) const VIA_CDN: u8 = 4;

/// One request in flight. Plain data in a slab; `status` 0 is success, else the cause index + 1.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Req {
    pub start: u64,
    pub deadline: u64,
    /// One-way network time of the path so far: the response travels it back.
    pub ret: u64,
    pub pop: u16,
    pub flags: u8,
    pub status: u16,
    /// Instance serving it (index into `instances`), `NONE` before/without one.
    pub inst: u32,
    pub inst_arrival: u64,
    /// Load balancer and target index it was sent through.
    pub lb: u32,
    pub lb_target: u32,
    /// Database (index into `dbs`) and station (0 primary, 1.. replicas).
    pub db: u32,
    pub station: u32,
    pub db_arrival: u64,
    /// Response (or, for a write, request body) size, bytes.
    pub bytes: u64,
    /// Routing hops taken (DNS answers, CloudFront origins): bounds a loop in the design.
    pub hops: u8,
    /// The instance's epoch when the request reached it: a crash in between loses the request.
    pub epoch: u32,
    /// The database's epoch when the query reached it: a failover in between loses the query.
    pub db_epoch: u32,
}

/// Counters every component has.
#[derive(Clone, Debug, Default)]
pub(crate) struct Stats {
    pub arrivals: u64,
    pub done: u64,
    pub errors: u64,
    /// Bytes sent to users or callers (responses; S3 PUT bodies; NAT: bytes processed).
    pub bytes: u64,
    /// Time requests spend at (and below) this component, µs.
    pub latency: Histogram,
    /// Per-window values, refreshed every simulated second.
    pub win: Window,
}

/// Counter values at the start of the current window, and the rates of the last full one.
#[derive(Clone, Debug, Default)]
pub(crate) struct Window {
    pub arrivals0: u64,
    pub errors0: u64,
    pub busy0: u128,
    pub bytes0: u64,
    pub bytes_per_s: f64,
    pub lat_sum0: f64,
    pub lat_n0: u64,
    pub rps: f64,
    pub errors_per_s: f64,
    pub utilisation: f64,
    pub latency_ms: f64,
}

/// A component of the diagram the simulation runs (ids in document order).
pub(crate) struct SimNode {
    pub id: NodeId,
    pub kind: &'static str,
    pub stats: Stats,
}

/// A path between two components (or from users to their entry point).
pub(crate) struct Link {
    pub from: String,
    pub from_users: bool,
    pub to: u32,
    pub rtt_us: u64,
    pub count: u64,
    pub count0: u64,
    pub rps: f64,
}

/// Why a request failed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Cause {
    pub name: String,
    pub http_status: Option<u16>,
    pub code: Option<String>,
    pub explanation: Option<Msg>,
    pub from: Option<NodeId>,
    pub to: Option<NodeId>,
    pub blocked_at: Option<NodeId>,
}

impl Cause {
    pub const TIMEOUT: u16 = 0;
    pub const OVERLOADED: u16 = 1;
    pub const SLOW_DOWN: u16 = 2;
    pub const TOO_LARGE: u16 = 3;
    pub const NO_TARGETS: u16 = 4;
    pub const NO_ROUTE: u16 = 5;
    pub const ROUTING_LOOP: u16 = 6;
    pub const INSTANCE_LOST: u16 = 7;
    pub const IMPAIRED: u16 = 8;
    pub const DB_UNAVAILABLE: u16 = 9;
    pub const NAT_DOWN: u16 = 10;
    pub const ORIGIN_DOWN: u16 = 11;
    pub const LB_DOWN: u16 = 12;
    pub const S3_DOWN: u16 = 13;
    /// Refused because the simulation holds `limits::MAX_IN_FLIGHT` requests already.
    pub const IN_FLIGHT_LIMIT: u16 = 14;
    /// An SQS message larger than its queue's `MaximumMessageSize`.
    pub const SQS_TOO_LARGE: u16 = 15;
    /// A `SendMessage` above a FIFO queue's 300 calls a second.
    pub const SQS_THROTTLED: u16 = 16;

    pub fn fixed() -> Vec<Cause> {
        let c = |name: &str, status: Option<u16>| Cause {
            name: name.to_string(),
            http_status: status,
            code: None,
            explanation: None,
            from: None,
            to: None,
            blocked_at: None,
        };
        vec![
            c("Timeout", None),
            c("Instance.Overloaded", Some(502)),
            c("S3.SlowDown", Some(503)),
            c("S3.EntityTooLarge", Some(400)),
            c("LoadBalancer.NoTargets", Some(503)),
            c("Stratus.NoRoute", None),
            c("Stratus.RoutingLoop", Some(502)),
            c("Instance.Lost", Some(502)),
            c("Instance.Impaired", Some(502)),
            c("RDS.Unavailable", None),
            c("NatGateway.Down", None),
            c("CloudFront.OriginDown", Some(504)),
            c("LoadBalancer.AzDown", None),
            c("S3.Unavailable", Some(503)),
            c("Stratus.InFlightLimit", Some(503)),
            c("SQS.InvalidParameterValue", Some(400)),
            c("SQS.ThrottlingException", Some(400)),
        ]
    }
}

/// A client gives up on a connection that gets no answer (packets dropped by a security
/// group, network ACL or missing route) after this long (a teaching value; browsers wait
/// 20-120 s).
pub(crate) const CLIENT_CONNECT_TIMEOUT_US: u64 = 30 * US_PER_S;
/// ALB answers 504 when it cannot connect to a target within 10 s (ELB User Guide,
/// "Troubleshoot your Application Load Balancers", HTTP 504).
pub(crate) const LB_CONNECT_TIMEOUT_US: u64 = 10 * US_PER_S;
/// An application gives up connecting to S3 or its database after this long (teaching value;
/// SDK and driver defaults range from 2 to 60 s).
pub(crate) const SDK_CONNECT_TIMEOUT_US: u64 = 10 * US_PER_S;
/// Requests a user waits for at most (the ALB idle timeout, 60 s by default).
pub(crate) const CLIENT_TIMEOUT_US: u64 = 60 * US_PER_S;
/// The most control-plane events the timeline keeps (a guard on memory, not a feature).
const TIMELINE_CAP: usize = 10_000;

/// End-to-end counters of the current one-second window.
#[derive(Default)]
pub(crate) struct WindowAcc {
    pub latency: Histogram,
    pub ended: u64,
    pub errors: u64,
}

/// Time, events, random numbers, requests in flight and statistics.
pub(crate) struct Core {
    pub now: u64,
    /// When traffic stops, µs.
    pub end_us: u64,
    /// Events processed.
    pub events: u64,
    pub queue: EventQueue<Ev>,
    pub rng: Rng,
    /// Requests in flight: a slab whose free slots are reused (`free`).
    pub reqs: Vec<Req>,
    pub free: Vec<u32>,
    /// Per node of the diagram that takes part, and per path between them.
    pub nodes: Vec<SimNode>,
    pub links: Vec<Link>,
    /// Why requests fail (fixed causes first, then the network's), and how many did.
    pub causes: Vec<Cause>,
    pub errors: Vec<u64>,
    pub started: u64,
    pub ended: u64,
    pub succeeded: u64,
    pub in_flight: u64,
    /// ∫ in_flight dt (µs), for Little's law.
    pub in_flight_area: u128,
    pub area_last: u64,
    pub latency: Histogram,
    /// Σ (end − start) over every ended request, µs.
    pub latency_all_sum: u128,
    pub window: WindowAcc,
    pub last_window: WindowStats,
    /// When the latest-started failed request started (fault recovery), µs.
    pub last_failed_start: u64,
    pub bytes_internet: u64,
    pub bytes_cdn: u64,
    pub bytes_cross_az: u64,
    pub recent: VecDeque<SimEvent>,
    pub noted: BTreeMap<(u32, u16), u64>,
    pub timeline: Vec<SimEvent>,
}

impl Core {
    /// A core at time 0 over these nodes, links and causes, traffic ending at `end_us`.
    pub fn new(seed: u64, end_us: u64, nodes: Vec<SimNode>, links: Vec<Link>, causes: Vec<Cause>) -> Core {
        Core {
            now: 0,
            end_us,
            events: 0,
            queue: EventQueue::default(),
            rng: Rng::new(seed),
            reqs: Vec::new(),
            free: Vec::new(),
            nodes,
            links,
            errors: vec![0; causes.len()],
            causes,
            started: 0,
            ended: 0,
            succeeded: 0,
            in_flight: 0,
            in_flight_area: 0,
            area_last: 0,
            latency: Histogram::default(),
            latency_all_sum: 0,
            window: WindowAcc::default(),
            last_window: Default::default(),
            last_failed_start: 0,
            bytes_internet: 0,
            bytes_cdn: 0,
            bytes_cross_az: 0,
            recent: VecDeque::new(),
            noted: BTreeMap::new(),
            timeline: Vec::new(),
        }
    }

    pub fn account_in_flight(&mut self) {
        self.in_flight_area += mul_wide(self.in_flight, self.now - self.area_last);
        self.area_last = self.now;
    }

    /// A new request in flight: its slot in the slab.
    pub fn admit(&mut self, req: Req) -> u32 {
        self.account_in_flight();
        self.started += 1;
        self.in_flight += 1;
        match self.free.pop() {
            Some(r) => {
                self.reqs[r as usize] = req;
                r
            }
            None => {
                self.reqs.push(req);
                (self.reqs.len() - 1) as u32
            }
        }
    }

    /// A request refused before it took a slot: it starts and fails at once with `cause`.
    pub fn refused(&mut self, cause: u16) {
        self.started += 1;
        self.ended += 1;
        self.errors[usize::from(cause)] += 1;
        self.window.ended += 1;
        self.window.errors += 1;
        self.last_failed_start = self.last_failed_start.max(self.now);
        self.note_failure(cause, NONE);
    }

    /// The response leaves `d` µs from now and travels the path back.
    pub fn respond(&mut self, r: u32, d: u64) {
        let ret = self.reqs[r as usize].ret;
        self.queue.push(self.now + d + ret, Ev::End(r));
    }

    /// `r` fails with `cause` at `node` (or `NONE`), `d` µs from now.
    pub fn fail(&mut self, r: u32, cause: u16, node: u32, d: u64) {
        self.reqs[r as usize].status = cause + 1;
        if node != NONE {
            self.nodes[node as usize].stats.errors += 1;
        }
        self.note_failure(cause, node);
        self.respond(r, d);
    }

    /// The response to `r` reached its user (the components have let it go): its latency
    /// and outcome are counted and its slot freed.
    pub fn end(&mut self, r: u32) {
        self.account_in_flight();
        self.in_flight -= 1;
        self.ended += 1;
        let mut req = self.reqs[r as usize];
        if req.status == 0 && self.now > req.deadline {
            req.status = Cause::TIMEOUT + 1;
        }
        let latency = self.now - req.start;
        self.latency_all_sum += u128::from(latency);
        self.window.ended += 1;
        if req.status == 0 {
            self.succeeded += 1;
            self.latency.record(latency);
            self.window.latency.record(latency);
            if req.flags & VIA_CDN != 0 {
                self.bytes_cdn = self.bytes_cdn.saturating_add(req.bytes);
            } else {
                self.bytes_internet = self.bytes_internet.saturating_add(req.bytes);
            }
        } else {
            self.errors[usize::from(req.status - 1)] += 1;
            self.window.errors += 1;
            self.last_failed_start = self.last_failed_start.max(req.start);
        }
        self.free.push(r);
    }

    /// Once per simulated second: the end-to-end, per-node and per-link rates and latency
    /// of the second that ends now.
    pub fn close_window(&mut self) {
        let now = self.now;
        let w = &mut self.window;
        self.last_window = WindowStats {
            t_us: now,
            rps: w.ended as f64,
            errors_per_s: w.errors as f64,
            p50_ms: w.latency.quantile(0.5) as f64 / 1_000.0,
            p95_ms: w.latency.quantile(0.95) as f64 / 1_000.0,
            p99_ms: w.latency.quantile(0.99) as f64 / 1_000.0,
        };
        w.latency.clear();
        w.ended = 0;
        w.errors = 0;
        for n in &mut self.nodes {
            let s = &mut n.stats;
            s.win.rps = (s.arrivals - s.win.arrivals0) as f64;
            s.win.errors_per_s = (s.errors - s.win.errors0) as f64;
            s.win.bytes_per_s = (s.bytes - s.win.bytes0) as f64;
            s.win.bytes0 = s.bytes;
            let (sum, count) = (s.latency.mean() * s.latency.count() as f64, s.latency.count());
            let dn = count - s.win.lat_n0;
            s.win.latency_ms = if dn > 0 { (sum - s.win.lat_sum0) / dn as f64 / 1_000.0 } else { 0.0 };
            (s.win.arrivals0, s.win.errors0, s.win.lat_sum0, s.win.lat_n0) = (s.arrivals, s.errors, sum, count);
        }
        for l in &mut self.links {
            l.rps = (l.count - l.count0) as f64;
            l.count0 = l.count;
        }
    }

    /// Logs a failure of `cause` at `node`, at most once per `NOTE_EVERY_US` per pair.
    pub fn note_failure(&mut self, cause: u16, node: u32) {
        let key = (node, cause);
        let due = self.noted.get(&key).is_none_or(|&t| self.now >= t + NOTE_EVERY_US);
        if due {
            self.noted.insert(key, self.now);
            let c = &self.causes[cause as usize];
            let message = match &c.explanation {
                Some(e) => e.clone(),
                None => cause_text(c),
            };
            let code = c.name.clone();
            self.log((node != NONE).then_some(node), &code, message);
        }
    }

    /// Logs `cause` as met by `who` (a set-up finding, such as users whose entry is blocked).
    pub fn note(&mut self, node: Option<u32>, cause: u16, who: &str) {
        let c = &self.causes[cause as usize];
        let what = c.explanation.clone().unwrap_or_else(|| cause_text(c));
        let message = msg!("kernel.who_what", who = who, what = what);
        let code = c.name.clone();
        self.log(node, &code, message);
    }

    /// Adds an entry to the recent events (the last `RECENT`).
    pub fn log(&mut self, node: Option<u32>, code: &str, message: Msg) {
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        let node = node.map(|n| self.nodes[n as usize].id.clone());
        self.recent.push_back(SimEvent { t_us: self.now, node, code: code.to_string(), message });
    }

    /// Logs a control-plane event (event log and timeline).
    pub fn control(&mut self, node: Option<u32>, code: &str, message: Msg) {
        self.log(node, code, message);
        if self.timeline.len() < TIMELINE_CAP {
            if let Some(e) = self.recent.back() {
                self.timeline.push(e.clone());
            }
        }
    }
}

fn cause_text(c: &Cause) -> Msg {
    match c.name.as_str() {
        "Timeout" => msg!("kernel.user_gave_up_no"),
        "Instance.Overloaded" => msg!("kernel.instance_at_concurrency_limit"),
        "S3.SlowDown" => msg!("kernel.s3_answered_503_slow"),
        "S3.EntityTooLarge" => msg!("kernel.s3_refuses_single_put"),
        "Stratus.InFlightLimit" => msg!("kernel.refused_503_simulation_already"),
        "LoadBalancer.NoTargets" => msg!("kernel.load_balancer_no_target"),
        "SQS.InvalidParameterValue" => msg!("kernel.sqs_message_too_large"),
        "SQS.ThrottlingException" => msg!("kernel.sqs_fifo_throttled"),
        _ => msg!("kernel.request_nowhere_go_next"),
    }
}

/// End-to-end numbers of the last full simulated second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct WindowStats {
    /// End of the window, µs.
    pub t_us: u64,
    /// Requests that ended in the window (per second).
    pub rps: f64,
    /// Of which failed.
    pub errors_per_s: f64,
    /// Latency of the successful ones, ms.
    pub p50_ms: f64,
    /// 95th percentile, ms.
    pub p95_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
}
