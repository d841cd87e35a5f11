//! What the page and the simulator's worker say to each other: commands as four plain values, frames as one array of numbers indexed by node and link (ids travel only when a table changes), rare things (events, faults, instance states) as JSON beside it.
//!
//! Everything here is plain Rust so that both sides, and native tests, share one encoder and
//! one decoder; the page and the worker only move the parts in and out of `postMessage`.

use engine::model::NodeId;
use engine::sim::{FaultReport, SimEvent};
use engine::Msg;
use serde::{Deserialize, Serialize};

/// Raised whenever the layout below changes: a page and a worker of two different builds
/// refuse each other instead of misreading numbers.
pub const PROTOCOL: f64 = 2.0;

/// A component's numbers at the latest frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeStat {
    /// The component.
    pub id: NodeId,
    /// Requests per second.
    pub rps: f64,
    /// Failures per second.
    pub errors_per_s: f64,
    /// 0 to 1.
    pub utilisation: f64,
    /// Requests waiting.
    pub queue: u32,
    /// Mean latency here and below, ms.
    pub latency_ms: f64,
    /// EBS IOPS used and limit.
    pub iops: Option<(f64, f64)>,
    /// Some request through here is blocked by the network model.
    pub blocked: bool,
}

/// Numbers per node in a frame.
const NODE_FIELDS: usize = 8;

/// An instance at the latest frame, for the canvas: which document node it is drawn in
/// (itself, or its Auto Scaling group), its Availability Zone and its states.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InstanceStat {
    /// Its id (`i-web-1`, or `i-7` for one a group launched).
    pub id: NodeId,
    /// The document node it is drawn in.
    pub node: NodeId,
    /// Its Availability Zone node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub az: Option<NodeId>,
    /// `pending`, `healthy`, `unhealthy`, `draining`, `stopped` or `terminated`.
    pub state: String,
    /// EC2 lifecycle state: `pending`, `running`, `stopping`, `stopped`, ...
    pub lifecycle: String,
}

impl From<&engine::sim::InstanceFrame<'_>> for InstanceStat {
    fn from(i: &engine::sim::InstanceFrame<'_>) -> InstanceStat {
        InstanceStat {
            id: i.id.clone(),
            node: i.node.clone(),
            az: i.az.cloned(),
            state: i.state.to_string(),
            lifecycle: i.lifecycle.to_string(),
        }
    }
}

/// Something a person does to a running design that is not a failure.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Stop an instance (EBS-backed: it can start again; stopped instances are not billed).
    Stop(NodeId),
    /// Stop to hibernate (RAM saved to EBS; billed while stopping).
    Hibernate(NodeId),
    /// Start a stopped instance.
    Start(NodeId),
    /// Promote a database's read replica to a stand-alone primary.
    Promote(NodeId),
}

/// How a path from users names its source: `users:<index>` of the population in the
/// document's `traffic` (the page draws each population as an element with that id).
pub const USERS_PREFIX: &str = "users:";

/// A path's rate at the latest frame; `from` is `users:<index>` for a client population
/// (`USERS_PREFIX`), `None` only if the population is unknown.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkStat {
    /// Source component or users element.
    pub from: Option<NodeId>,
    /// Destination component.
    pub to: NodeId,
    /// Requests per second.
    pub rps: f64,
}

/// One point of the live charts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sample {
    /// Simulated time, s.
    pub t_s: f64,
    /// End-to-end requests per second.
    pub rps: f64,
    /// Latency percentiles, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Failures per second.
    pub errors_per_s: f64,
    /// Instances serving traffic.
    pub instances: f64,
    /// EBS I/Os per second, all volumes.
    pub iops: f64,
    /// Cost so far, USD.
    pub cost_usd: f64,
    /// Visible messages in every SQS queue (`ApproximateNumberOfMessagesVisible`): the backlog.
    pub backlog: f64,
    /// Age of the oldest visible message in any queue, s (`ApproximateAgeOfOldestMessage`).
    pub oldest_age_s: f64,
    /// Messages SQS deleted past their queue's retention period so far, every queue (lost).
    pub lost: f64,
}

/// The numbers of a [`Sample`] on the wire.
const SAMPLE_FIELDS: usize = 11;

impl Sample {
    fn to_array(self) -> [f64; SAMPLE_FIELDS] {
        [
            self.t_s,
            self.rps,
            self.p50_ms,
            self.p99_ms,
            self.errors_per_s,
            self.instances,
            self.iops,
            self.cost_usd,
            self.backlog,
            self.oldest_age_s,
            self.lost,
        ]
    }

    fn from_slice(v: &[f64]) -> Sample {
        let at = |i: usize| v.get(i).copied().unwrap_or(0.0);
        Sample {
            t_s: at(0),
            rps: at(1),
            p50_ms: at(2),
            p99_ms: at(3),
            errors_per_s: at(4),
            instances: at(5),
            iops: at(6),
            cost_usd: at(7),
            backlog: at(8),
            oldest_age_s: at(9),
            lost: at(10),
        }
    }
}

/// A database at the latest frame: where its primary and its Multi-AZ standby run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DbStat {
    /// The RDS node.
    pub id: NodeId,
    /// The primary's Availability Zone node.
    pub primary_az: Option<NodeId>,
    /// The standby's (Multi-AZ only).
    pub standby_az: Option<NodeId>,
    /// The primary takes queries.
    pub available: bool,
}

/// Requests by outcome over a whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Requests {
    /// Sent by users.
    pub started: u64,
    /// Answered successfully.
    pub succeeded: u64,
    /// Ended with an error or timeout.
    pub failed: u64,
}

/// Latency of a whole run, ms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Latency {
    /// Median.
    pub p50: f64,
    /// 99th percentile.
    pub p99: f64,
}

/// One goal of the design, met or not (`engine::sim::GoalResult`, owned).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Which number (`p99_ms`, `availability`, ...).
    pub goal: String,
    /// Its bound.
    pub target: f64,
    /// What the run achieved.
    pub actual: f64,
    /// Whether the bound holds.
    pub met: bool,
}

/// The end of a run, as the Metrics tab and the toast show it: the part of
/// `engine::sim::RunSummary` the page needs, owned, sent once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunEnd {
    /// Simulated seconds.
    pub simulated_s: f64,
    /// Requests by outcome.
    pub requests: Requests,
    /// Latency percentiles.
    pub latency_ms: Latency,
    /// Share of requests that failed.
    pub error_rate: f64,
    /// Share that succeeded.
    pub availability: f64,
    /// Cost of the run, USD.
    pub cost_usd: f64,
    /// The same per hour.
    pub cost_per_hour_usd: f64,
    /// Each goal.
    pub goals: Vec<Goal>,
    /// Every goal met.
    pub goals_met: bool,
}

impl RunEnd {
    /// The page's part of a run's summary.
    pub fn of(s: &engine::sim::RunSummary) -> RunEnd {
        RunEnd {
            simulated_s: s.simulated_s,
            requests: Requests {
                started: s.requests.started,
                succeeded: s.requests.succeeded,
                failed: s.requests.failed,
            },
            latency_ms: Latency { p50: s.latency_ms.p50, p99: s.latency_ms.p99 },
            error_rate: s.error_rate,
            availability: s.availability,
            cost_usd: s.cost_usd,
            cost_per_hour_usd: s.cost_per_hour_usd,
            goals: s
                .goals
                .iter()
                .map(|g| Goal { goal: g.goal.to_string(), target: g.target, actual: g.actual, met: g.met })
                .collect(),
            goals_met: s.goals_met,
        }
    }
}

/// The simulation as the page shows it after one command: everything owned, nothing
/// borrowed from the engine.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    /// Which run this is (the page's counter: a frame of a run it stopped is ignored).
    pub run: u32,
    /// Simulated time, µs.
    pub now_us: u64,
    /// The run's end, µs.
    pub end_us: u64,
    /// Simulated seconds per wall second achieved over the last tick.
    pub achieved: f64,
    /// Advancing with the wall clock.
    pub running: bool,
    /// Nothing left to simulate.
    pub finished: bool,
    /// Faults still on.
    pub active_faults: u32,
    /// Every simulated component.
    pub nodes: Vec<NodeStat>,
    /// Every path requests take.
    pub links: Vec<LinkStat>,
    /// Every instance and its state.
    pub instances: Vec<InstanceStat>,
    /// Every fault so far with its recovery numbers.
    pub faults: Vec<FaultReport>,
    /// A new chart point, when one was taken.
    pub sample: Option<Sample>,
    /// Events since the previous frame, oldest first.
    pub events: Vec<SimEvent>,
    /// Instances serving traffic (Auto Scaling members included).
    pub in_service: u32,
    /// Availability Zone nodes down now.
    pub zones_down: Vec<NodeId>,
    /// Region nodes down now.
    pub regions_down: Vec<NodeId>,
    /// Databases: where their primary and standby run.
    pub dbs: Vec<DbStat>,
    /// The whole run's numbers, once it has ended.
    pub summary: Option<RunEnd>,
    /// The design's goals checked against the run so far (refreshed at the sample rate).
    pub goals: Vec<Goal>,
}

/// The rare part of a frame, as JSON: each table only when it differs from the last one sent.
/// Written with serde's derive (in the worker); read by hand on the page (`Extra::read`).
#[derive(Default, Serialize)]
#[cfg_attr(test, derive(Deserialize, Debug, PartialEq))]
struct Extra {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    nodes: Option<Vec<NodeId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    links: Option<Vec<(Option<NodeId>, NodeId)>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    instances: Option<Vec<InstanceStat>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    faults: Option<Vec<FaultReport>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    events: Vec<SimEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    down: Option<(Vec<NodeId>, Vec<NodeId>)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dbs: Option<Vec<DbStat>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    summary: Option<RunEnd>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    goals: Option<Vec<Goal>>,
}

/// Reading the rare tables by hand from a JSON value, one small function a field: serde's
/// derived visitors for these nine types were 10.9 KB gzip of the page's wasm (measured with
/// no reader at all), and reading by hand took 6.1 KB off (444.7 → 438.7 KB).
/// `tests::tables_read_by_hand_as_the_derive_reads_them` checks both readers agree.
mod by_hand {
    use super::*;
    use serde_json::{Map, Value};

    pub(super) type Got<T> = Result<T, String>;

    pub(super) fn object(v: &Value) -> Got<&Map<String, Value>> {
        v.as_object().ok_or_else(|| format!("expected an object, found {v}"))
    }

    /// A field that must be there (null where a number was not finite).
    pub(super) fn at<'a>(o: &'a Map<String, Value>, key: &str) -> Got<&'a Value> {
        o.get(key).ok_or_else(|| format!("missing field `{key}`"))
    }

    pub(super) fn text(v: &Value) -> Got<String> {
        v.as_str().map(str::to_string).ok_or_else(|| format!("expected a string, found {v}"))
    }

    pub(super) fn id(v: &Value) -> Got<NodeId> {
        text(v).map(NodeId)
    }

    /// An id that may be absent or null.
    pub(super) fn maybe_id(v: Option<&Value>) -> Got<Option<NodeId>> {
        v.filter(|v| !v.is_null()).map(id).transpose()
    }

    /// serde_json writes a number that is not finite as null: read back as NaN.
    pub(super) fn num(v: &Value) -> Got<f64> {
        if v.is_null() {
            return Ok(f64::NAN);
        }
        v.as_f64().ok_or_else(|| format!("expected a number, found {v}"))
    }

    pub(super) fn maybe_num(v: Option<&Value>) -> Got<Option<f64>> {
        v.filter(|v| !v.is_null()).map(num).transpose()
    }

    pub(super) fn whole(v: &Value) -> Got<u64> {
        v.as_u64().ok_or_else(|| format!("expected a whole number, found {v}"))
    }

    pub(super) fn flag(v: &Value) -> Got<bool> {
        v.as_bool().ok_or_else(|| format!("expected true or false, found {v}"))
    }

    pub(super) fn list<T>(v: &Value, each: fn(&Value) -> Got<T>) -> Got<Vec<T>> {
        v.as_array().ok_or_else(|| format!("expected a list, found {v}"))?.iter().map(each).collect()
    }

    pub(super) fn pair(v: &Value) -> Got<(&Value, &Value)> {
        match v.as_array().map(Vec::as_slice) {
            Some([a, b]) => Ok((a, b)),
            _ => Err(format!("expected a pair, found {v}")),
        }
    }

    pub(super) fn instance(v: &Value) -> Got<InstanceStat> {
        let o = object(v)?;
        Ok(InstanceStat {
            id: id(at(o, "id")?)?,
            node: id(at(o, "node")?)?,
            az: maybe_id(o.get("az"))?,
            state: text(at(o, "state")?)?,
            lifecycle: text(at(o, "lifecycle")?)?,
        })
    }

    pub(super) fn fault(v: &Value) -> Got<FaultReport> {
        let o = object(v)?;
        Ok(FaultReport {
            id: engine::sim::FaultId(u32::try_from(whole(at(o, "id")?)?).map_err(|e| e.to_string())?),
            fault: text(at(o, "fault")?)?,
            target: text(at(o, "target")?)?,
            start_s: num(at(o, "start_s")?)?,
            end_s: maybe_num(o.get("end_s"))?,
            time_to_recover_s: maybe_num(o.get("time_to_recover_s"))?,
            requests: whole(at(o, "requests")?)?,
            requests_lost: whole(at(o, "requests_lost")?)?,
            availability: num(at(o, "availability")?)?,
        })
    }

    pub(super) fn event(v: &Value) -> Got<SimEvent> {
        let o = object(v)?;
        Ok(SimEvent {
            t_us: whole(at(o, "t_us")?)?,
            node: maybe_id(o.get("node"))?,
            code: text(at(o, "code")?)?,
            message: serde_json::from_value::<Msg>(at(o, "message")?.clone()).map_err(|e| e.to_string())?,
        })
    }

    pub(super) fn db(v: &Value) -> Got<DbStat> {
        let o = object(v)?;
        Ok(DbStat {
            id: id(at(o, "id")?)?,
            primary_az: maybe_id(o.get("primary_az"))?,
            standby_az: maybe_id(o.get("standby_az"))?,
            available: flag(at(o, "available")?)?,
        })
    }

    pub(super) fn goal(v: &Value) -> Got<Goal> {
        let o = object(v)?;
        Ok(Goal {
            goal: text(at(o, "goal")?)?,
            target: num(at(o, "target")?)?,
            actual: num(at(o, "actual")?)?,
            met: flag(at(o, "met")?)?,
        })
    }

    pub(super) fn summary(v: &Value) -> Got<RunEnd> {
        let o = object(v)?;
        let (r, l) = (object(at(o, "requests")?)?, object(at(o, "latency_ms")?)?);
        Ok(RunEnd {
            simulated_s: num(at(o, "simulated_s")?)?,
            requests: Requests {
                started: whole(at(r, "started")?)?,
                succeeded: whole(at(r, "succeeded")?)?,
                failed: whole(at(r, "failed")?)?,
            },
            latency_ms: Latency { p50: num(at(l, "p50")?)?, p99: num(at(l, "p99")?)? },
            error_rate: num(at(o, "error_rate")?)?,
            availability: num(at(o, "availability")?)?,
            cost_usd: num(at(o, "cost_usd")?)?,
            cost_per_hour_usd: num(at(o, "cost_per_hour_usd")?)?,
            goals: list(at(o, "goals")?, goal)?,
            goals_met: flag(at(o, "goals_met")?)?,
        })
    }

    pub(super) fn link(v: &Value) -> Got<(Option<NodeId>, NodeId)> {
        let (from, to) = pair(v)?;
        Ok((maybe_id(Some(from))?, id(to)?))
    }

    pub(super) fn ids(v: &Value) -> Got<Vec<NodeId>> {
        list(v, id)
    }
}

impl Extra {
    /// The tables from the JSON the worker wrote (fields left out or null are absent).
    fn read(v: &serde_json::Value) -> by_hand::Got<Extra> {
        use by_hand::*;
        let o = object(v)?;
        let some = |key: &str| o.get(key).filter(|v| !v.is_null());
        Ok(Extra {
            nodes: some("nodes").map(ids).transpose()?,
            links: some("links").map(|v| list(v, link)).transpose()?,
            instances: some("instances").map(|v| list(v, instance)).transpose()?,
            faults: some("faults").map(|v| list(v, fault)).transpose()?,
            events: some("events").map(|v| list(v, event)).transpose()?.unwrap_or_default(),
            down: some("down").map(|v| pair(v).and_then(|(z, r)| Ok((ids(z)?, ids(r)?)))).transpose()?,
            dbs: some("dbs").map(|v| list(v, db)).transpose()?,
            summary: some("summary").map(summary).transpose()?,
            goals: some("goals").map(|v| list(v, goal)).transpose()?,
        })
    }
}

/// Numbers before the nodes: protocol, run, now, end, achieved, flags, active faults,
/// nodes, links, sample present, the sample's numbers, then instances in service.
const HEADER: usize = 10 + SAMPLE_FIELDS + 1;

/// Which run an encoded frame belongs to, read before decoding it: a frame of a run the
/// page has stopped must not touch the new run's tables.
pub fn frame_run(nums: &[f64]) -> Option<u32> {
    (nums.len() >= HEADER && nums[0] == PROTOCOL).then(|| nums[1] as u32)
}

/// The tables one side last sent or received; frames refer to them by position.
#[derive(Clone, Debug, Default)]
pub struct Tables {
    nodes: Vec<NodeId>,
    links: Vec<(Option<NodeId>, NodeId)>,
    instances: Vec<InstanceStat>,
    faults: Vec<FaultReport>,
    down: (Vec<NodeId>, Vec<NodeId>),
    dbs: Vec<DbStat>,
    summary: Option<RunEnd>,
    goals: Vec<Goal>,
}

impl Tables {
    /// Encode `f` (the worker's side), sending only the tables that changed.
    pub fn encode(&mut self, f: &Frame) -> (Vec<f64>, String) {
        let mut nums = Vec::with_capacity(HEADER + f.nodes.len() * NODE_FIELDS + f.links.len());
        let flags = f64::from(u8::from(f.running) | (u8::from(f.finished) << 1));
        nums.extend([
            PROTOCOL,
            f64::from(f.run),
            f.now_us as f64,
            f.end_us as f64,
            f.achieved,
            flags,
            f64::from(f.active_faults),
            f.nodes.len() as f64,
            f.links.len() as f64,
            f64::from(u8::from(f.sample.is_some())),
        ]);
        nums.extend(f.sample.unwrap_or_default().to_array());
        nums.push(f64::from(f.in_service));
        for n in &f.nodes {
            let (used, limit) = n.iops.unwrap_or((f64::NAN, f64::NAN));
            nums.extend([
                n.rps,
                n.errors_per_s,
                n.utilisation,
                f64::from(n.queue),
                n.latency_ms,
                used,
                limit,
                f64::from(u8::from(n.blocked)),
            ]);
        }
        nums.extend(f.links.iter().map(|l| l.rps));
        let mut extra = Extra { events: f.events.clone(), ..Extra::default() };
        if f.nodes.len() != self.nodes.len() || f.nodes.iter().zip(&self.nodes).any(|(a, b)| &a.id != b) {
            self.nodes = f.nodes.iter().map(|n| n.id.clone()).collect();
            extra.nodes = Some(self.nodes.clone());
        }
        if f.links.len() != self.links.len()
            || f.links.iter().zip(&self.links).any(|(a, b)| a.from != b.0 || a.to != b.1)
        {
            self.links = f.links.iter().map(|l| (l.from.clone(), l.to.clone())).collect();
            extra.links = Some(self.links.clone());
        }
        if f.instances != self.instances {
            self.instances = f.instances.clone();
            extra.instances = Some(self.instances.clone());
        }
        if f.faults != self.faults {
            self.faults = f.faults.clone();
            extra.faults = Some(self.faults.clone());
        }
        if f.zones_down != self.down.0 || f.regions_down != self.down.1 {
            self.down = (f.zones_down.clone(), f.regions_down.clone());
            extra.down = Some(self.down.clone());
        }
        if f.dbs != self.dbs {
            self.dbs = f.dbs.clone();
            extra.dbs = Some(self.dbs.clone());
        }
        if f.summary != self.summary {
            self.summary = f.summary.clone();
            extra.summary = self.summary.clone();
        }
        if f.goals != self.goals {
            self.goals = f.goals.clone();
            extra.goals = Some(self.goals.clone());
        }
        let quiet = extra.goals.is_none()
            && extra.nodes.is_none()
            && extra.links.is_none()
            && extra.instances.is_none()
            && extra.faults.is_none()
            && extra.events.is_empty()
            && extra.down.is_none()
            && extra.dbs.is_none()
            && extra.summary.is_none();
        let text = if quiet { String::new() } else { serde_json::to_string(&extra).unwrap_or_default() };
        (nums, text)
    }

    /// Decode a frame (the page's side). A frame that does not fit the tables (a lost or
    /// foreign message) is an error, never a panic.
    pub fn decode(&mut self, nums: &[f64], text: &str) -> Result<Frame, String> {
        if nums.len() < HEADER {
            return Err(format!("a frame of {} numbers is too short", nums.len()));
        }
        if nums[0] != PROTOCOL {
            return Err(format!("the simulator speaks protocol {}, the page {PROTOCOL}", nums[0]));
        }
        if !text.is_empty() {
            let extra = serde_json::from_str(text)
                .map_err(|e| e.to_string())
                .and_then(|v| Extra::read(&v))
                .map_err(|e| format!("a frame's tables: {e}"))?;
            if let Some(n) = extra.nodes {
                self.nodes = n;
            }
            if let Some(l) = extra.links {
                self.links = l;
            }
            if let Some(i) = extra.instances {
                self.instances = i;
            }
            if let Some(f) = extra.faults {
                self.faults = f;
            }
            if let Some(d) = extra.down {
                self.down = d;
            }
            if let Some(d) = extra.dbs {
                self.dbs = d;
            }
            if extra.summary.is_some() {
                self.summary = extra.summary;
            }
            if let Some(g) = extra.goals {
                self.goals = g;
            }
            return self.numbers(nums, extra.events);
        }
        self.numbers(nums, Vec::new())
    }

    fn numbers(&self, nums: &[f64], events: Vec<SimEvent>) -> Result<Frame, String> {
        let count = |x: f64| if x.is_finite() && x >= 0.0 { x as usize } else { usize::MAX };
        let (n_nodes, n_links) = (count(nums[7]), count(nums[8]));
        if n_nodes != self.nodes.len() || n_links != self.links.len() {
            return Err("a frame does not match the tables it refers to".into());
        }
        let expected = HEADER + n_nodes * NODE_FIELDS + n_links;
        if nums.len() != expected {
            return Err(format!("a frame has {} numbers where {expected} were expected", nums.len()));
        }
        let flags = nums[5] as u8;
        let body = &nums[HEADER..];
        let nodes = self
            .nodes
            .iter()
            .zip(body.chunks_exact(NODE_FIELDS))
            .map(|(id, v)| NodeStat {
                id: id.clone(),
                rps: v[0],
                errors_per_s: v[1],
                utilisation: v[2],
                queue: v[3] as u32,
                latency_ms: v[4],
                iops: (!v[5].is_nan()).then_some((v[5], v[6])),
                blocked: v[7] != 0.0,
            })
            .collect();
        let links = self
            .links
            .iter()
            .zip(&body[n_nodes * NODE_FIELDS..])
            .map(|((from, to), rps)| LinkStat { from: from.clone(), to: to.clone(), rps: *rps })
            .collect();
        Ok(Frame {
            run: nums[1] as u32,
            now_us: nums[2] as u64,
            end_us: nums[3] as u64,
            achieved: nums[4],
            running: flags & 1 != 0,
            finished: flags & 2 != 0,
            active_faults: nums[6] as u32,
            nodes,
            links,
            instances: self.instances.clone(),
            faults: self.faults.clone(),
            sample: (nums[9] != 0.0).then(|| Sample::from_slice(&nums[10..10 + SAMPLE_FIELDS])),
            events,
            in_service: nums[HEADER - 1] as u32,
            zones_down: self.down.0.clone(),
            regions_down: self.down.1.clone(),
            dbs: self.dbs.clone(),
            summary: self.summary.clone(),
            goals: self.goals.clone(),
        })
    }
}

/// What the page asks of the worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Build the simulation of a design (compact JSON), paused at time 0, as run `run`.
    Load {
        /// The page's run counter.
        run: u32,
        /// Simulated seconds per wall second.
        speed: f64,
        /// The design.
        scenario: String,
    },
    /// Run or pause.
    Run(bool),
    /// Change the speed.
    Speed(f64),
    /// Advance with the wall clock (the page's `performance.now()`, ms); answered by a frame.
    Tick(f64),
    /// Advance one simulated second; answered by a frame.
    Step(f64),
    /// Break something now (a `FaultKind` as JSON).
    Inject(String),
    /// Stop, hibernate or start an instance, promote a read replica.
    Act(Action),
    /// End every fault still on.
    RepairAll,
    /// Forget the simulation.
    Unload,
    /// Run a design (compact JSON) for `seconds` with `seed` as fast as possible and answer
    /// with wall time, events and fingerprint (`cargo xtask bench`, determinism checks).
    Bench {
        /// Simulated seconds.
        seconds: f64,
        /// The seed; `None` = the design's own.
        seed: Option<u64>,
        /// The design.
        scenario: String,
    },
    /// The M/M/4 model of `stratus bench` with this many customers.
    Mmc(f64),
    /// Read a lesson file (docs/lessons.md) and keep it for `Grade`: answered by
    /// `LessonReply::Opened` (its starting design and the design after each solution step)
    /// or `LessonReply::Refused` (why, in both languages).
    Lesson(String),
    /// Grade a design (`GradeRequest` as JSON) against the lesson kept by `Lesson`, its
    /// `run` checks simulated only when `run` is set (the learner pressed Check or Run);
    /// answered by `LessonReply::Graded` carrying `seq`.
    Grade {
        /// The page's count of grading requests: an answer to an older one is dropped.
        seq: u32,
        /// Simulate the `run` checks (seconds of work), else mark them `not_run`.
        run: bool,
        /// The design and the answers, `GradeRequest` as JSON.
        request: String,
    },
    /// Analyse a design (`analyse::AnalyseRequest` as JSON): its diagnostics and the answer
    /// to the Reachability panel's question; answered by `analyse::Analysis` carrying `seq`.
    Analyze {
        /// The page's count of analysis requests: an answer to an older one is dropped.
        seq: u32,
        /// The design and the question, as JSON.
        request: String,
    },
    /// Read a drafted lesson file strictly and, with `test`, try it (its start must fail a
    /// check, its solution pass them all); answered by `author::Authored`.
    Author {
        /// Grade the start and the solution too (`run` checks simulated: seconds of work).
        test: bool,
        /// The lesson file's text.
        lesson: String,
    },
    /// One action of the authoring panel with what the page shows now (`author::desk`: the
    /// action, the design, the question, the selection, the language, and the draft the
    /// page keeps until the worker has it); answered by the desk's reply carrying `seq`.
    Desk {
        /// The page's count of desk actions: a panel answering an older one is not shown.
        seq: u32,
        /// The action, as JSON.
        request: String,
    },
}

impl Command {
    /// The four values that travel: an operation code, two numbers and a text.
    pub fn to_parts(&self) -> (u8, f64, f64, String) {
        let action = |code: f64, id: &NodeId| (7, code, 0.0, id.0.clone());
        match self {
            Command::Load { run, speed, scenario } => (1, f64::from(*run), *speed, scenario.clone()),
            Command::Run(on) => (2, f64::from(u8::from(*on)), 0.0, String::new()),
            Command::Speed(s) => (3, *s, 0.0, String::new()),
            Command::Tick(ms) => (4, *ms, 0.0, String::new()),
            Command::Step(ms) => (5, *ms, 0.0, String::new()),
            Command::Inject(kind) => (6, 0.0, 0.0, kind.clone()),
            Command::Act(Action::Stop(id)) => action(0.0, id),
            Command::Act(Action::Hibernate(id)) => action(1.0, id),
            Command::Act(Action::Start(id)) => action(2.0, id),
            Command::Act(Action::Promote(id)) => action(3.0, id),
            Command::RepairAll => (8, 0.0, 0.0, String::new()),
            Command::Unload => (9, 0.0, 0.0, String::new()),
            Command::Bench { seconds, seed, scenario } => {
                (10, *seconds, seed.map_or(-1.0, |s| s as f64), scenario.clone())
            }
            Command::Mmc(customers) => (11, *customers, 0.0, String::new()),
            Command::Lesson(text) => (12, 0.0, 0.0, text.clone()),
            Command::Grade { seq, run, request } => (13, f64::from(*seq), f64::from(u8::from(*run)), request.clone()),
            Command::Analyze { seq, request } => (14, f64::from(*seq), 0.0, request.clone()),
            Command::Author { test, lesson } => (16, f64::from(u8::from(*test)), 0.0, lesson.clone()),
            Command::Desk { seq, request } => (15, f64::from(*seq), 0.0, request.clone()),
        }
    }

    /// Read the four values back; `None` for an unknown operation.
    pub fn from_parts(op: u8, a: f64, b: f64, text: String) -> Option<Command> {
        let id = || NodeId(text.clone());
        Some(match op {
            1 => Command::Load { run: a as u32, speed: b, scenario: text },
            2 => Command::Run(a != 0.0),
            3 => Command::Speed(a),
            4 => Command::Tick(a),
            5 => Command::Step(a),
            6 => Command::Inject(text),
            7 => Command::Act(match a as u8 {
                0 => Action::Stop(id()),
                1 => Action::Hibernate(id()),
                2 => Action::Start(id()),
                3 => Action::Promote(id()),
                _ => return None,
            }),
            8 => Command::RepairAll,
            9 => Command::Unload,
            10 => Command::Bench { seconds: a, seed: (b >= 0.0).then_some(b as u64), scenario: text },
            11 => Command::Mmc(a),
            12 => Command::Lesson(text),
            13 => Command::Grade { seq: a as u32, run: b != 0.0, request: text },
            14 => Command::Analyze { seq: a as u32, request: text },
            16 => Command::Author { test: a != 0.0, lesson: text },
            15 => Command::Desk { seq: a as u32, request: text },
            _ => return None,
        })
    }

    /// The operation code (a refusal names the command it answers).
    pub fn op(&self) -> u8 {
        self.to_parts().0
    }
}

/// Operation code of `Command::Load`.
pub const OP_LOAD: u8 = 1;

/// What the page sends with `Command::Grade`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeRequest {
    /// The design, as the text of a scenario document (text, not a JSON value: the page
    /// then needs no second serialiser of the whole model).
    pub design: String,
    /// The learner's answer to each `predict` question: (check id, option key).
    #[serde(default)]
    pub answers: Vec<(String, String)>,
}

/// One line of a lesson's checklist, as graded in the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckLine {
    /// The check's id.
    pub id: String,
    /// `passed`, `failed`, `needs_answer`, or `not_run` (a `run` check not simulated yet).
    pub status: String,
    /// What was found (engine::lesson::CheckResult::reason).
    pub reason: Msg,
}

/// A design graded against the kept lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Graded {
    /// The request's `seq`.
    pub seq: u32,
    /// Whether the `run` checks were simulated.
    pub run: bool,
    /// Every check passed and no locked element changed.
    pub passed: bool,
    /// Each check, in the lesson's order.
    pub checks: Vec<CheckLine>,
    /// Locked elements the design changed.
    #[serde(default)]
    pub changed_locked: Vec<String>,
}

/// The worker's answer to `Command::Lesson` and `Command::Grade`, as the JSON of a
/// `Reply::Result`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LessonReply {
    /// The lesson is read: its starting design and the design after each solution step,
    /// as scenario documents (the page replays them as undoable edits).
    Opened {
        /// The lesson's id.
        id: String,
        /// The starting design (a scenario document's text).
        start: String,
        /// The design after each step of the solution (documents' texts).
        steps: Vec<String>,
    },
    /// The lesson cannot be read: why.
    Refused(Msg),
    /// A grade.
    Graded(Graded),
}

impl GradeRequest {
    /// As JSON, through `serde_json::Value` (whose serialiser the page already has: a
    /// derived one would add a copy of the code to its bundle).
    pub fn to_json(&self) -> String {
        let answers: Vec<serde_json::Value> = self.answers.iter().map(|(k, v)| serde_json::json!([k, v])).collect();
        serde_json::json!({ "design": self.design, "answers": answers }).to_string()
    }
}

impl LessonReply {
    /// Read a reply's JSON by hand, through `serde_json::Value` (the page's side: derived
    /// readers would cost its bundle a copy of the decoding code per type); `None` for
    /// anything else.
    pub fn from_json(text: &str) -> Option<LessonReply> {
        use serde_json::Value;
        let v: Value = serde_json::from_str(text).ok()?;
        let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let text_of = |v: &Value| serde_json::from_value::<Msg>(v.clone()).ok();
        if let Some(o) = v.get("opened") {
            let steps =
                o.get("steps")?.as_array()?.iter().map(|x| x.as_str().map(str::to_string)).collect::<Option<_>>()?;
            return Some(LessonReply::Opened { id: s(o, "id")?, start: s(o, "start")?, steps });
        }
        if let Some(why) = v.get("refused") {
            return Some(LessonReply::Refused(text_of(why)?));
        }
        let g = v.get("graded")?;
        let checks = g
            .get("checks")?
            .as_array()?
            .iter()
            .map(|c| Some(CheckLine { id: s(c, "id")?, status: s(c, "status")?, reason: text_of(c.get("reason")?)? }))
            .collect::<Option<_>>()?;
        let changed_locked = g
            .get("changed_locked")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        Some(LessonReply::Graded(Graded {
            seq: g.get("seq")?.as_u64()? as u32,
            run: g.get("run")?.as_bool()?,
            passed: g.get("passed")?.as_bool()?,
            checks,
            changed_locked,
        }))
    }
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// The worker's module is loaded: commands can come.
    Ready,
    /// A frame, encoded by `Tables::encode`.
    Frame(Vec<f64>, String),
    /// A command was refused (run, operation code, why).
    Refused(u32, u8, Msg),
    /// The answer to `Bench` or `Mmc` (JSON).
    Result(String),
}

impl Reply {
    /// The three values that travel: a kind, numbers and a text.
    pub fn to_parts(&self) -> (u8, Vec<f64>, String) {
        match self {
            Reply::Ready => (1, vec![PROTOCOL], String::new()),
            Reply::Frame(nums, text) => (2, nums.clone(), text.clone()),
            Reply::Refused(run, op, why) => {
                (3, vec![f64::from(*run), f64::from(*op)], serde_json::to_string(why).unwrap_or_default())
            }
            Reply::Result(text) => (4, Vec::new(), text.clone()),
        }
    }

    /// Read the three values back; `None` for an unknown kind or a broken refusal.
    pub fn from_parts(kind: u8, nums: Vec<f64>, text: String) -> Option<Reply> {
        Some(match kind {
            1 => Reply::Ready,
            2 => Reply::Frame(nums, text),
            3 => {
                let why = serde_json::from_str(&text).ok()?;
                Reply::Refused(*nums.first()? as u32, *nums.get(1)? as u8, why)
            }
            4 => Reply::Result(text),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame {
            run: 3,
            now_us: 12_500_000,
            end_us: 600_000_000,
            achieved: 9.5,
            running: true,
            finished: false,
            active_faults: 1,
            nodes: vec![
                NodeStat { id: NodeId("alb".into()), rps: 120.0, latency_ms: 14.0, ..NodeStat::default() },
                NodeStat {
                    id: NodeId("web-a".into()),
                    rps: 60.0,
                    errors_per_s: 1.5,
                    utilisation: 0.4,
                    queue: 3,
                    latency_ms: 9.0,
                    iops: Some((300.0, 3000.0)),
                    blocked: true,
                },
            ],
            links: vec![
                LinkStat { from: None, to: NodeId("alb".into()), rps: 120.0 },
                LinkStat { from: Some(NodeId("alb".into())), to: NodeId("web-a".into()), rps: 60.0 },
            ],
            instances: vec![InstanceStat {
                id: NodeId("i-1".into()),
                node: NodeId("asg".into()),
                az: Some(NodeId("az-a".into())),
                state: "healthy".into(),
                lifecycle: "running".into(),
            }],
            faults: vec![],
            sample: Some(Sample { t_s: 12.0, rps: 118.0, p50_ms: 10.0, p99_ms: 40.0, ..Sample::default() }),
            events: vec![SimEvent {
                t_us: 12_000_000,
                node: None,
                code: "X".into(),
                message: engine::msg!("kernel.who_what", who = "a", what = "b"),
            }],
            in_service: 5,
            zones_down: vec![NodeId("az-a".into())],
            regions_down: vec![],
            dbs: vec![DbStat {
                id: NodeId("db".into()),
                primary_az: Some(NodeId("az-c".into())),
                standby_az: Some(NodeId("az-a".into())),
                available: true,
            }],
            summary: None,
            goals: vec![Goal { goal: "availability".into(), target: 0.999, actual: 1.0, met: true }],
        }
    }

    #[test]
    fn a_frame_survives_the_trip_and_tables_travel_once() {
        let (mut worker, mut page) = (Tables::default(), Tables::default());
        let f = frame();
        let (nums, text) = worker.encode(&f);
        assert!(text.contains("web-a"), "the first frame carries the tables");
        assert_eq!(page.decode(&nums, &text).unwrap(), f);
        let mut g = f.clone();
        g.nodes[0].rps = 130.0;
        g.events.clear();
        g.sample = None;
        let (nums, text) = worker.encode(&g);
        assert_eq!(text, "", "same tables, no events: numbers only");
        assert_eq!(nums.len(), HEADER + 2 * NODE_FIELDS + 2);
        assert_eq!(page.decode(&nums, &text).unwrap(), g);
        g.instances[0].state = "unhealthy".into();
        let (nums, text) = worker.encode(&g);
        assert!(text.contains("unhealthy") && !text.contains("\"nodes\""), "{text}");
        assert_eq!(page.decode(&nums, &text).unwrap(), g);
        g.finished = true;
        g.zones_down.clear();
        g.summary = Some(RunEnd {
            goals: vec![Goal { goal: "p99_ms".into(), target: 200.0, actual: 150.0, met: true }],
            goals_met: true,
            ..RunEnd::default()
        });
        let (nums, text) = worker.encode(&g);
        assert!(text.contains("p99_ms") && text.contains("\"down\""), "{text}");
        assert_eq!(page.decode(&nums, &text).unwrap(), g);
        let (nums, text) = worker.encode(&g);
        assert_eq!(text, "", "the summary travels once");
        assert_eq!(page.decode(&nums, &text).unwrap(), g);
    }

    /// Every table of a frame filled in, faults with and without their end.
    fn full_extra() -> Extra {
        let f = frame();
        let fault = |end: Option<f64>| FaultReport {
            id: engine::sim::FaultId(7),
            fault: "az_outage".into(),
            target: "az-a".into(),
            start_s: 30.0,
            end_s: end,
            time_to_recover_s: end.map(|e| e - 25.0),
            requests: 1200,
            requests_lost: 35,
            availability: 0.97,
        };
        let mut events = f.events.clone();
        events.push(SimEvent {
            t_us: 3,
            node: Some(NodeId("db".into())),
            code: "RDS.Failover".into(),
            message: engine::msg!(
                "kernel.who_what",
                who = "db",
                what = engine::msg!("kernel.who_what", who = "x", what = "y")
            ),
        });
        Extra {
            nodes: Some(vec![NodeId("alb".into()), NodeId("web-a".into())]),
            links: Some(vec![(None, NodeId("alb".into())), (Some(NodeId("alb".into())), NodeId("web-a".into()))]),
            instances: Some(f.instances.clone()),
            faults: Some(vec![fault(None), fault(Some(90.0))]),
            events,
            down: Some((vec![NodeId("az-a".into())], vec![NodeId("seoul".into())])),
            dbs: Some(f.dbs.clone()),
            summary: Some(RunEnd {
                simulated_s: 600.0,
                requests: Requests { started: 10, succeeded: 9, failed: 1 },
                latency_ms: Latency { p50: 12.0, p99: 80.5 },
                error_rate: 0.1,
                availability: 0.9,
                cost_usd: 0.25,
                cost_per_hour_usd: 1.5,
                goals: f.goals.clone(),
                goals_met: false,
            }),
            goals: Some(f.goals),
        }
    }

    /// Every leaf of `v` with its path, objects' keys and arrays' positions included.
    fn leaves(v: &serde_json::Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        match v {
            serde_json::Value::Object(o) => {
                o.iter().for_each(|(k, c)| leaves(c, [path.clone(), vec![k.clone()]].concat(), out))
            }
            serde_json::Value::Array(a) => {
                a.iter().enumerate().for_each(|(i, c)| leaves(c, [path.clone(), vec![i.to_string()]].concat(), out))
            }
            _ => out.push(path),
        }
    }

    #[test]
    fn tables_read_by_hand_as_the_derive_reads_them() {
        let extra = full_extra();
        let json = serde_json::to_value(&extra).unwrap();
        assert_eq!(Extra::read(&json).unwrap(), extra);
        assert_eq!(serde_json::from_value::<Extra>(json.clone()).unwrap(), extra);
        assert_eq!(Extra::read(&serde_json::json!({})).unwrap(), Extra::default());
        // Each leaf replaced by a value of another type: both readers refuse it or both take
        // it, and the one written by hand never panics.
        let mut paths = Vec::new();
        leaves(&json, Vec::new(), &mut paths);
        assert!(paths.len() > 60, "{}", paths.len());
        for path in &paths {
            for bad in [
                serde_json::json!("x"),
                serde_json::json!(true),
                serde_json::json!([]),
                serde_json::json!({}),
                serde_json::json!(-1),
            ] {
                let mut broken = json.clone();
                let mut at = &mut broken;
                for key in path {
                    at = match at {
                        serde_json::Value::Array(a) => &mut a[key.parse::<usize>().unwrap()],
                        other => &mut other[key.as_str()],
                    };
                }
                *at = bad.clone();
                let by_hand = Extra::read(&broken);
                let derived = serde_json::from_value::<Extra>(broken);
                assert_eq!(by_hand.is_ok(), derived.is_ok(), "{path:?} = {bad}: {by_hand:?} / {derived:?}");
            }
        }
        // serde_json writes a number that is not finite as null: the page reads NaN.
        let mut nan = extra;
        nan.goals.as_mut().unwrap()[0].actual = f64::NAN;
        let read = Extra::read(&serde_json::to_value(&nan).unwrap()).unwrap();
        assert!(read.goals.unwrap()[0].actual.is_nan());
    }

    #[test]
    fn broken_frames_are_errors_not_panics() {
        let mut page = Tables::default();
        assert!(page.decode(&[], "").is_err());
        assert!(page.decode(&[1.0; HEADER], "{").is_err());
        let (nums, _) = Tables::default().encode(&frame());
        assert!(page.decode(&nums, "").is_err(), "numbers for tables the page never got");
        let mut other = nums.clone();
        other[0] = PROTOCOL + 1.0;
        assert!(page.decode(&other, "").is_err(), "another build's protocol");
        let mut nan = nums;
        nan[7] = f64::NAN;
        assert!(page.decode(&nan, "").is_err());
    }

    #[test]
    fn commands_and_replies_survive_the_trip() {
        let id = NodeId("web-a".into());
        for c in [
            Command::Load { run: 2, speed: 100.0, scenario: "{}".into() },
            Command::Run(true),
            Command::Run(false),
            Command::Speed(1000.0),
            Command::Tick(16.6),
            Command::Step(20.0),
            Command::Inject("{\"kind\":\"az_outage\"}".into()),
            Command::Act(Action::Stop(id.clone())),
            Command::Act(Action::Hibernate(id.clone())),
            Command::Act(Action::Start(id.clone())),
            Command::Act(Action::Promote(id)),
            Command::RepairAll,
            Command::Unload,
            Command::Bench { seconds: 3600.0, seed: Some(1), scenario: "{}".into() },
            Command::Bench { seconds: 60.0, seed: None, scenario: "{}".into() },
            Command::Mmc(1e6),
            Command::Lesson("{}".into()),
            Command::Grade { seq: 4, run: true, request: "{}".into() },
            Command::Grade { seq: 0, run: false, request: String::new() },
            Command::Analyze { seq: 12, request: "{}".into() },
            Command::Author { test: true, lesson: "{}".into() },
            Command::Author { test: false, lesson: String::new() },
            Command::Desk { seq: 8, request: "{}".into() },
        ] {
            let (op, a, b, t) = c.to_parts();
            assert_eq!(Command::from_parts(op, a, b, t), Some(c));
        }
        assert_eq!(Command::from_parts(200, 0.0, 0.0, String::new()), None);
        assert_eq!(Command::from_parts(7, 9.0, 0.0, String::new()), None);
        for r in [
            Reply::Ready,
            Reply::Frame(vec![1.0, 2.0], "x".into()),
            Reply::Refused(4, OP_LOAD, engine::msg!("kernel.who_what", who = "no", what = "x")),
            Reply::Result("{}".into()),
        ] {
            let (k, n, t) = r.to_parts();
            assert_eq!(Reply::from_parts(k, n, t), Some(r));
        }
        assert_eq!(Reply::from_parts(3, vec![], "{}".into()), None);
    }

    #[test]
    fn lesson_replies_read_back_by_hand_as_serde_wrote_them() {
        let line = CheckLine {
            id: "a".into(),
            status: "not_run".into(),
            reason: engine::msg!("kernel.who_what", who = "x", what = "y"),
        };
        for r in [
            LessonReply::Opened { id: "l".into(), start: "{}".into(), steps: vec!["{\"a\":1}".into()] },
            LessonReply::Refused(engine::msg!("worker.no_lesson_open")),
            LessonReply::Graded(Graded {
                seq: 7,
                run: true,
                passed: false,
                checks: vec![line],
                changed_locked: vec!["i".into()],
            }),
        ] {
            assert_eq!(LessonReply::from_json(&serde_json::to_string(&r).unwrap()), Some(r));
        }
        assert_eq!(LessonReply::from_json("{\"graded\":{}}"), None);
        assert_eq!(LessonReply::from_json("nonsense"), None);
        let req = GradeRequest { design: "{\"nodes\":[]}".into(), answers: vec![("q".to_string(), "b".to_string())] };
        let back: GradeRequest = serde_json::from_str(&req.to_json()).unwrap();
        assert_eq!(back, req);
    }
}
