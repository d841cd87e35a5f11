//! Compiles a scenario into the simulator's state: which components take part, where they are (Region, AZ), how requests are routed between them, and which hops the network model blocks.

use super::faults::{Faults, Zone};
use super::{SimError, Simulation};
use crate::des::core::US_PER_S;
use crate::des::kernel::*;
use crate::des::setup::Setup;
use crate::des::state::*;
use crate::model::{Node, NodeId, RatePattern, Scenario};
use crate::net::{self, Flow, Reachability};
use crate::services::cloudfront::sim::{self as cloudfront, Cdn, CloudFront};
use crate::services::ec2::sim::{self as ec2, Ec2, Instance};
use crate::services::elb::sim::{Elb, Lb};
use crate::services::rds::sim::{self as rds, Db, Rds};
use crate::services::route53::sim::{self as route53, Record, Route53};
use crate::services::s3::sim::{self as s3, Bucket, S3};
use crate::services::sns::sim::{self as sns, Sns};
use crate::services::sqs::sim::{self as sqs, Sqs};
use crate::services::vpc::sim::{self as vpc, Nat};
use std::collections::BTreeMap;

// Caps that keep hostile documents from exhausting memory or time: one place, shared
// with `validate` (which reports each clamp), in `crate::limits`.
pub(crate) use crate::limits::{MAX_OBJECTS, MAX_POPULATION_RPS as MAX_RPS, MAX_RESOLVERS};

/// Where a node sits: Region coordinates and AZ node.
struct Place<'s> {
    coords: Option<(f64, f64)>,
    az: Option<&'s NodeId>,
}

struct Builder<'s> {
    s: &'s Scenario,
    index: BTreeMap<&'s NodeId, &'s crate::model::Node>,
    azs: BTreeMap<NodeId, u32>,
    internet: Option<&'s NodeId>,
    causes: Vec<Cause>,
    cause_ids: BTreeMap<String, u16>,
    gates: BTreeMap<(NodeId, NodeId, u16), Gate>,
    /// The network, resolved once for every gate: resolving it per gate made set-up grow as
    /// the square of the design (9.4 min for 20k instances).
    net: net::Analyzer<'s>,
}

impl<'s> Builder<'s> {
    fn az_id(&mut self, az: Option<&NodeId>) -> u32 {
        let Some(az) = az else { return NONE };
        let next = self.azs.len() as u32;
        *self.azs.entry(az.clone()).or_insert(next)
    }

    fn subnet_place(&self, subnet: &NodeId) -> Place<'s> {
        let (coords, az) = vpc::subnet_place(&self.index, subnet);
        Place { coords, az }
    }

    fn region_coords(&self, region: &NodeId) -> Option<(f64, f64)> {
        vpc::region_coords(&self.index, region)
    }

    /// The gate of `from` -> `to` on TCP `port`, from the network model (cached).
    fn gate(&mut self, from: Option<&NodeId>, to: &NodeId, port: u16, prefix: &str, status: Option<u16>) -> Gate {
        let Some(from) = from else { return Gate::Open };
        let key = (from.clone(), to.clone(), port);
        if let Some(g) = self.gates.get(&key) {
            return *g;
        }
        let gate = match self.net.reach(from, to, Flow::tcp(port)) {
            Ok(answer) => self.blocked(prefix, status, from, to, answer),
            // Not an endpoint the network model knows: traffic is not gated.
            Err(_) => Gate::Open,
        };
        self.gates.insert(key, gate);
        gate
    }

    /// `Open` if `answer` is reachable, else the cause requests on `from` -> `to` fail with:
    /// `{prefix}.{Analyzer code}`, carrying the blocking component and the explanation.
    fn blocked(&mut self, prefix: &str, status: Option<u16>, from: &NodeId, to: &NodeId, answer: Reachability) -> Gate {
        let Reachability::NotReachable { blocked_at, code, explanation, .. } = answer else { return Gate::Open };
        let name = format!("{prefix}.{code}");
        let cause = Cause {
            name: name.clone(),
            http_status: status,
            code: Some(code),
            explanation: Some(explanation),
            from: Some(from.clone()),
            to: Some(to.clone()),
            blocked_at: Some(blocked_at.component),
        };
        Gate::Blocked(self.cause(name, cause))
    }

    fn cause(&mut self, name: String, cause: Cause) -> u16 {
        if let Some(&i) = self.cause_ids.get(&name) {
            return i;
        }
        let i = self.causes.len() as u16;
        self.causes.push(cause);
        self.cause_ids.insert(name, i);
        i
    }
}

/// Requests per second of `rate` at `t_s` seconds.
pub(crate) fn rate_at(rate: &RatePattern, t_s: f64) -> f64 {
    let r = match *rate {
        RatePattern::Constant { rps } => rps,
        RatePattern::Ramp { from_rps, to_rps, over_s } => {
            if over_s <= 0.0 || t_s >= over_s {
                to_rps
            } else {
                from_rps + (to_rps - from_rps) * (t_s / over_s)
            }
        }
        RatePattern::Spike { base_rps, peak_rps, at_s, for_s } => {
            if t_s >= at_s && t_s < at_s + for_s {
                peak_rps
            } else {
                base_rps
            }
        }
        RatePattern::Diurnal { mean_rps, amplitude, period_s, peak_at_s } => {
            let a = amplitude.clamp(0.0, 1.0);
            let period = if period_s > 0.0 { period_s } else { 86_400.0 };
            let phase = 2.0 * std::f64::consts::PI * (t_s - peak_at_s) / period;
            mean_rps * (1.0 + a * libm::cos(phase))
        }
    };
    if r.is_finite() {
        r.clamp(0.0, MAX_RPS)
    } else {
        0.0
    }
}

/// The components' runtimes as set-up builds them, and what set-up needs to find them by
/// document id.
#[derive(Default)]
struct Parts<'s> {
    nodes: Vec<SimNode>,
    links: Vec<Link>,
    node_of: BTreeMap<&'s NodeId, Target>,
    records: Vec<Record>,
    cdns: Vec<Cdn>,
    lbs: Vec<Lb>,
    instances: Vec<Instance>,
    dbs: Vec<Db>,
    buckets: Vec<Bucket>,
    sqs: Sqs,
    sns: Sns,
    nats: Vec<Nat>,
    asgs: Vec<crate::services::autoscaling::sim::Asg>,
    db_of: BTreeMap<&'s NodeId, u32>,
    asg_of: BTreeMap<&'s NodeId, u32>,
    nat_of: BTreeMap<&'s NodeId, u32>,
    cluster_of: BTreeMap<String, u32>,
    asg_budget: crate::limits::AsgBudget,
}

impl<'s> Parts<'s> {
    /// `n` takes part as a node of `kind`: its index.
    fn node(&mut self, n: &Node, kind: &'static str) -> u32 {
        self.nodes.push(SimNode { id: n.id.clone(), kind, stats: Stats::default() });
        (self.nodes.len() - 1) as u32
    }

    /// The node a request routed to `t` reaches (`NONE` for nowhere).
    fn target_node(&self, t: Target) -> u32 {
        match t {
            Target::Record(i) => self.records.get(i as usize).map(|x| x.node),
            Target::Cdn(i) => self.cdns.get(i as usize).map(|x| x.node),
            Target::Lb(i) => self.lbs.get(i as usize).map(|x| x.node),
            Target::Instance(i) => self.instances.get(i as usize).map(|x| x.node),
            Target::Bucket(i) => self.buckets.get(i as usize).map(|x| x.node),
            Target::Queue(i) => self.sqs.queues.get(i as usize).map(|x| x.node),
            Target::Topic(i) => self.sns.topics.get(i as usize).map(|x| x.node),
            Target::Nowhere => None,
        }
        .unwrap_or(NONE)
    }

    fn coords_of(&self, t: Target) -> Option<(f64, f64)> {
        match t {
            Target::Lb(i) => self.lbs[i as usize].coords,
            Target::Instance(i) => self.instances[i as usize].coords,
            Target::Bucket(i) => self.buckets.get(i as usize)?.coords,
            Target::Queue(i) => self.sqs.queues.get(i as usize)?.coords,
            Target::Topic(i) => self.sns.topics.get(i as usize)?.coords,
            _ => None,
        }
    }
}

/// A path from `from` (users when `users`) to node `to`: its index.
fn add_link(links: &mut Vec<Link>, from: &str, users: bool, to: u32, rtt_us: u64) -> u32 {
    links.push(Link { from: from.to_string(), from_users: users, to, rtt_us, count: 0, count0: 0, rps: 0.0 });
    (links.len() - 1) as u32
}

/// One service's step of set-up for one document node: true if the node is of its kind
/// (the node is then done for this pass).
type SetupStep = for<'s> fn(&mut Builder<'s>, &mut Parts<'s>, &'s Node) -> bool;

/// Pass 1, one step per simulated kind: the node's runtime. The order of the runtimes is
/// the document's (results depend on it: pinned fingerprints).
const ADD: [SetupStep; 10] = [
    add_instance,
    add_auto_scaling_group,
    add_rds_instance,
    add_nat_gateway,
    add_s3_bucket,
    add_load_balancer,
    add_cloudfront_distribution,
    add_route53_record,
    add_sqs_queue,
    add_sns_topic,
];

/// Pass 2: references between runtimes (backends, targets, origins, record values).
const CONNECT: [SetupStep; 6] =
    [connect_backend, connect_load_balancer, connect_cloudfront, connect_route53, connect_sqs_queue, connect_sns_topic];

impl Simulation {
    /// Builds the simulation of `scenario` with `seed` (the document's `simulation.seed` is
    /// ignored in favour of this one; pass it explicitly for the document's default).
    pub(super) fn build(scenario: &Scenario, seed: u64) -> Result<Simulation, SimError> {
        if scenario.traffic.is_empty() {
            return Err(SimError::NoTraffic);
        }
        let mut b = Builder {
            s: scenario,
            index: scenario.index(),
            azs: BTreeMap::new(),
            internet: vpc::internet(scenario),
            causes: Cause::fixed(),
            cause_ids: BTreeMap::new(),
            gates: BTreeMap::new(),
            net: net::Analyzer::new(scenario),
        };
        let mut p = Parts::default();
        // Pass 1: every node some service simulates gets a node and a runtime; references
        // between them are resolved in pass 2, once every runtime exists.
        for n in &scenario.nodes {
            ADD.iter().any(|add| add(&mut b, &mut p, n));
        }
        for n in &scenario.nodes {
            CONNECT.iter().any(|connect| connect(&mut b, &mut p, n));
        }

        // Populations.
        let mut pops = Vec::new();
        let scale = crate::limits::rate_scale(&scenario.traffic);
        for users in scenario.traffic.iter().take(u16::MAX as usize - 1) {
            let target = p.node_of.get(&users.target).copied().unwrap_or(Target::Nowhere);
            let tn = p.target_node(target);
            let objects = users.mix.objects.clamp(1, MAX_OBJECTS);
            let zipf = zipf_cdf(objects, crate::limits::finite(users.mix.zipf, 1.0).min(10.0));
            let l = if tn == NONE { NONE } else { add_link(&mut p.links, &users.name, true, tn, 0) };
            pops.push(Pop {
                name: users.name.clone(),
                location: users.location,
                target,
                rate: users.rate.clone(),
                max_rps: crate::limits::peak_rps(&users.rate),
                scale,
                mix: users.mix.clone(),
                zipf,
                objects,
                resolvers: users.resolvers.clamp(1, MAX_RESOLVERS),
                link: l,
                started: 0,
                mult: 1.0,
            });
        }
        // Users' first hop: the Internet to the entry point (CloudFront, Route 53 and S3 are
        // reached without a VPC).
        let mut entry_gates = Vec::new();
        for (p, pop) in scenario.traffic.iter().zip(&pops) {
            let internet = b.internet;
            let gate = match pop.target {
                Target::Lb(_) => b.gate(internet, &p.target, p.port, "Unreachable", None),
                t => gated(&mut b, internet, &p.target, t, "Unreachable", None),
            };
            entry_gates.push(gate);
        }
        for r in &mut p.records {
            r.caches = vec![Vec::new(); pops.len()];
        }

        let duration_s = crate::limits::duration_s(scenario.simulation.duration_s);
        let end_us = (duration_s * US_PER_S as f64) as u64;
        let mut sim = Simulation {
            name: scenario.name.clone(),
            goals: scenario.goals.clone(),
            seed,
            core: Core::new(seed, end_us, p.nodes, p.links, b.causes),
            pops,
            entry_gates,
            route53: Route53 { records: p.records },
            cloudfront: CloudFront { cdns: p.cdns, hops: Vec::new() },
            elb: Elb { lbs: p.lbs },
            ec2: Ec2 { instances: p.instances },
            rds: Rds { dbs: p.dbs },
            s3: S3 { buckets: p.buckets },
            sqs: p.sqs,
            sns: p.sns,
            nats: p.nats,
            asgs: p.asgs,
            faults: Faults { scheduled: scenario.faults.clone(), ..Faults::default() },
            entity_ids: 0,
            doc_ids: scenario.nodes.iter().map(|n| n.id.clone()).collect(),
            stopped_early: None,
            setup: super::SetupWork { topology_builds: 1, reach_walks: b.net.walks() },
        };
        let mut zones: Vec<(NodeId, u32)> = b.azs.iter().map(|(id, &i)| (id.clone(), i)).collect();
        crate::sort::sort_by_key(&mut zones, |z| z.1);
        sim.faults.zones = zones
            .into_iter()
            .map(|(id, _)| {
                let (region, zone) = vpc::zone(&b.index, &id);
                Zone { id, region, zone, down: 0 }
            })
            .collect();
        // The design's instances' workers first; a group's start with each instance it launches.
        sim.sqs.start(&mut sim.core);
        sim.bind_group_consumers();
        sim.start_groups();
        sim.schedule_faults();
        for (i, g) in sim.entry_gates.clone().iter().enumerate() {
            if let Gate::Blocked(c) = g {
                sim.core.note(None, *c, &format!("users '{}'", sim.pops[i].name));
            }
        }
        for p in 0..sim.pops.len() {
            // The users' link shows their round trip to the entry point.
            let (link, target) = (sim.pops[p].link, sim.pops[p].target);
            if link != NONE {
                sim.core.links[link as usize].rtt_us = 2 * sim.users_hop(p as u16, target);
            }
            sim.schedule_arrival(p as u16, 0);
        }
        sim.core.queue.push(US_PER_S, Ev::Tick);
        Ok(sim)
    }
}

/// An EC2 instance (`services::ec2::sim::compile`).
fn add_instance<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(inst) = crate::services::ec2::sim::compile(n, &mut Scope { b, p }) else { return false };
    p.node_of.insert(&n.id, Target::Instance(p.instances.len() as u32));
    p.instances.push(inst);
    true
}

/// An Auto Scaling group (`services::autoscaling::sim::compile`).
fn add_auto_scaling_group<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let index = p.asgs.len() as u32;
    let mut budget = std::mem::take(&mut p.asg_budget);
    let group = crate::services::autoscaling::sim::compile(n, &mut Scope { b, p }, index, &mut budget);
    p.asg_budget = budget;
    let Some(group) = group else { return false };
    p.asg_of.insert(&n.id, index);
    p.asgs.push(group);
    true
}

/// A NAT gateway (`services::vpc::sim::compile`).
fn add_nat_gateway<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(nat) = crate::services::vpc::sim::compile(n, &mut Scope { b, p }) else { return false };
    p.nat_of.insert(&n.id, p.nats.len() as u32);
    p.nats.push(nat);
    true
}

/// A load balancer (`services::elb::sim::compile`); its targets come in pass 2.
fn add_load_balancer<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(lb) = crate::services::elb::sim::compile(n, &mut Scope { b, p }) else { return false };
    p.node_of.insert(&n.id, Target::Lb(p.lbs.len() as u32));
    p.lbs.push(lb);
    true
}

/// An application's backend (an RDS database or an S3 bucket), the path to it (gate), and
/// the NAT device on its way to S3.
fn connect_backend<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(app) = n.spec.app() else { return false };
    let Some(backend) = &app.backend else { return true };
    let inst = match (p.node_of.get(&n.id).copied(), p.asg_of.get(&n.id)) {
        (Some(Target::Instance(i)), _) => &mut p.instances[i as usize],
        (_, Some(&a)) => &mut p.asgs[a as usize].proto,
        _ => return true,
    };
    if let Some(&d) = p.db_of.get(backend) {
        inst.db = d;
        inst.backend_link = add_link(&mut p.links, n.id.as_str(), false, p.dbs[d as usize].node, 0);
        let port = p.dbs[d as usize].port;
        inst.db_gate = b.gate(Some(&n.id), backend, port, "Database.Unreachable", None);
    } else if let Some(t @ (Target::Bucket(_) | Target::Queue(_))) = p.node_of.get(backend).copied() {
        inst.backend = t;
        let to = match t {
            Target::Bucket(bi) => p.buckets[bi as usize].node,
            Target::Queue(qi) => p.sqs.queues[qi as usize].node,
            _ => NONE,
        };
        inst.backend_link = add_link(&mut p.links, n.id.as_str(), false, to, 0);
        // Without a VPC endpoint, S3 and SQS are reached over the Internet: through the
        // IGW with a public address, or through a NAT device from a private
        // subnet; else the call cannot leave the VPC.
        let Some(internet) = b.internet else { return true };
        match b.net.reach(&n.id, internet, Flow::tcp(443)) {
            Ok(Reachability::Reachable { path }) => {
                let nat = path
                    .iter()
                    .find(|h| matches!(h.kind, net::ComponentKind::NatGateway | net::ComponentKind::NatInstance));
                if let Some(h) = nat {
                    inst.nat = match p.nat_of.get(&h.component) {
                        Some(&i) => i,
                        None => {
                            // A NAT instance: its type's network bandwidth.
                            let gbps = b.index.get(&h.component).map_or(5.0, |n| ec2::network_gbps(n));
                            let node = p
                                .nodes
                                .iter()
                                .position(|x: &SimNode| x.id == h.component)
                                .map_or(inst.node, |x| x as u32);
                            p.nats.push(Nat::instance(node, gbps));
                            (p.nats.len() - 1) as u32
                        }
                    };
                }
            }
            Ok(answer) => {
                let prefix = if matches!(t, Target::Queue(_)) { "SQS.Unreachable" } else { "S3.Unreachable" };
                inst.s3_gate = b.blocked(prefix, None, &n.id, internet, answer);
            }
            Err(_) => {}
        }
    }
    true
}

/// A load balancer's nodes, targets and groups (`services::elb::targets::connect`). The
/// load balancers, instances and groups are set aside meanwhile.
fn connect_load_balancer<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(Target::Lb(li)) = p.node_of.get(&n.id).copied() else { return false };
    let (mut lbs, mut instances, mut asgs) =
        (std::mem::take(&mut p.lbs), std::mem::take(&mut p.instances), std::mem::take(&mut p.asgs));
    if let Some(lb) = lbs.get_mut(li as usize) {
        crate::services::elb::targets::connect(n, &mut Scope { b, p }, li, lb, &mut instances, &mut asgs);
    }
    (p.lbs, p.instances, p.asgs) = (lbs, instances, asgs);
    true
}

/// An RDS DB instance or Aurora cluster (`services::rds::sim::compile`).
fn add_rds_instance<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(db) = rds::compile(n, &mut Scope { b, p }) else { return false };
    p.db_of.insert(&n.id, p.dbs.len() as u32);
    p.dbs.push(db);
    true
}

/// An S3 bucket (`services::s3::sim::compile`).
fn add_s3_bucket<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(bucket) = s3::compile(n, &mut Scope { b, p }) else { return false };
    p.node_of.insert(&n.id, Target::Bucket(p.buckets.len() as u32));
    p.buckets.push(bucket);
    true
}

/// An SQS queue (`services::sqs::sim::compile`); its consumers and dead-letter queue come in
/// pass 2.
fn add_sqs_queue<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(queue) = sqs::compile(n, &mut Scope { b, p }) else { return false };
    p.node_of.insert(&n.id, Target::Queue(p.sqs.queues.len() as u32));
    p.sqs.queues.push(queue);
    true
}

/// A queue's dead-letter queue and its consumers' workers (`services::sqs::sim::connect`).
/// The queues are set aside meanwhile.
fn connect_sqs_queue<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(Target::Queue(q)) = p.node_of.get(&n.id).copied() else { return false };
    let dlq = match sqs::dead_letter_queue(n).and_then(|id| p.node_of.get(id)) {
        Some(Target::Queue(d)) => Some(*d),
        _ => None,
    };
    let mut queues = std::mem::take(&mut p.sqs);
    sqs::connect(&mut queues, q, dlq, &mut Scope { b, p });
    p.sqs = queues;
    true
}

/// An SNS topic (`services::sns::sim::compile`); its subscribed queues come in pass 2.
fn add_sns_topic<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(topic) = sns::compile(n, &mut Scope { b, p }) else { return false };
    p.node_of.insert(&n.id, Target::Topic(p.sns.topics.len() as u32));
    p.sns.topics.push(topic);
    true
}

/// A topic's subscribed queues (`services::sns::sim::connect`). The topics are set aside
/// meanwhile.
fn connect_sns_topic<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(Target::Topic(t)) = p.node_of.get(&n.id).copied() else { return false };
    let mut topics = std::mem::take(&mut p.sns.topics);
    if let Some(topic) = topics.get_mut(t as usize) {
        sns::connect(n, &mut Scope { b, p }, topic);
    }
    p.sns.topics = topics;
    true
}

/// A CloudFront distribution (`services::cloudfront::sim::compile`); its origins come in
/// pass 2.
fn add_cloudfront_distribution<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(cdn) = cloudfront::compile(n, &mut Scope { b, p }) else { return false };
    p.node_of.insert(&n.id, Target::Cdn(p.cdns.len() as u32));
    p.cdns.push(cdn);
    true
}

/// A Route 53 record (`services::route53::sim::compile`); its values come in pass 2.
fn add_route53_record<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(record) = route53::compile(n, &mut Scope { b, p }) else { return false };
    p.node_of.insert(&n.id, Target::Record(p.records.len() as u32));
    p.records.push(record);
    true
}

/// A distribution's origins (`services::cloudfront::sim::connect`). The distributions are
/// set aside meanwhile: an origin is never a distribution (a document that says so routes
/// it nowhere).
fn connect_cloudfront<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(Target::Cdn(ci)) = p.node_of.get(&n.id).copied() else { return false };
    let mut cdns = std::mem::take(&mut p.cdns);
    if let Some(cdn) = cdns.get_mut(ci as usize) {
        cloudfront::connect(n, &mut Scope { b, p }, cdn);
    }
    p.cdns = cdns;
    true
}

/// A record's values (`services::route53::sim::connect`). The records are set aside
/// meanwhile: a value is never a record.
fn connect_route53<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Some(Target::Record(ri)) = p.node_of.get(&n.id).copied() else { return false };
    let mut records = std::mem::take(&mut p.records);
    if let Some(record) = records.get_mut(ri as usize) {
        route53::connect(n, &mut Scope { b, p }, record);
    }
    p.records = records;
    true
}

/// The compiler's answers to a service's set-up step (`des::setup::Setup`).
struct Scope<'a, 's> {
    b: &'a mut Builder<'s>,
    p: &'a mut Parts<'s>,
}

impl Setup for Scope<'_, '_> {
    fn node(&mut self, n: &Node, kind: &'static str) -> u32 {
        self.p.node(n, kind)
    }

    fn region_coords(&self, region: &NodeId) -> Option<(f64, f64)> {
        self.b.region_coords(region)
    }

    fn subnet_az(&mut self, subnet: &NodeId) -> u32 {
        let az = self.b.subnet_place(subnet).az;
        self.b.az_id(az)
    }

    fn subnet_place(&mut self, subnet: &NodeId) -> (Option<(f64, f64)>, u32) {
        let place = self.b.subnet_place(subnet);
        (place.coords, self.b.az_id(place.az))
    }

    fn cluster(&mut self, name: &str) -> u32 {
        let next = self.p.cluster_of.len() as u32;
        *self.p.cluster_of.entry(name.to_string()).or_insert(next)
    }

    fn target(&self, id: &NodeId) -> Target {
        self.p.node_of.get(id).copied().unwrap_or(Target::Nowhere)
    }

    fn target_node(&self, t: Target) -> u32 {
        self.p.target_node(t)
    }

    fn coords_of(&self, t: Target) -> Option<(f64, f64)> {
        self.p.coords_of(t)
    }

    fn gate_from_internet(&mut self, id: &NodeId, t: Target, prefix: &str, status: Option<u16>) -> Gate {
        let internet = self.b.internet;
        gated(self.b, internet, id, t, prefix, status)
    }

    fn link(&mut self, from: &NodeId, to: u32) -> u32 {
        add_link(&mut self.p.links, from.as_str(), false, to, 0)
    }

    fn link_rtt(&mut self, from: &NodeId, to: u32, rtt_us: u64) -> u32 {
        add_link(&mut self.p.links, from.as_str(), false, to, rtt_us)
    }

    fn gate(&mut self, from: &NodeId, to: &NodeId, port: u16, prefix: &str, status: Option<u16>) -> Gate {
        self.b.gate(Some(from), to, port, prefix, status)
    }

    fn doc_node(&self, id: &NodeId) -> Option<&Node> {
        self.b.index.get(id).copied()
    }

    fn sim_node(&self, id: &NodeId) -> u32 {
        self.p.nodes.iter().position(|n| &n.id == id).map_or(NONE, |i| i as u32)
    }
}

fn gated(
    b: &mut Builder,
    internet: Option<&NodeId>,
    id: &NodeId,
    t: Target,
    prefix: &str,
    status: Option<u16>,
) -> Gate {
    match t {
        Target::Lb(_) | Target::Instance(_) => b.gate(internet, id, port_of(b.s, id), prefix, status),
        _ => Gate::Open,
    }
}

/// The port users reach a node on: 443 for load balancers, the application's port for an
/// instance reached directly.
fn port_of(s: &Scenario, id: &NodeId) -> u16 {
    s.node(id).and_then(ec2::port).unwrap_or(443)
}

/// Cumulative popularity of `n` objects under Zipf(s): object k (1-based) has weight k^-s.
fn zipf_cdf(n: u32, s: f64) -> Vec<f64> {
    if s == 0.0 {
        return Vec::new();
    }
    let mut acc = 0.0;
    let mut cdf: Vec<f64> = (1..=n)
        .map(|k| {
            acc += libm::pow(f64::from(k), -s);
            acc
        })
        .collect();
    let total = acc;
    cdf.iter_mut().for_each(|c| *c /= total);
    cdf
}
