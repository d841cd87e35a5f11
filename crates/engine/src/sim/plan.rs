//! Compiles a scenario into the simulator's state: which components take part, where they are (Region, AZ), how requests are routed between them, and which hops the network model blocks.

use super::ec2::{Ec2, Instance, Life, Peers, Volume};
use super::elb::{Elb, Lb, LbTarget, TargetHealth};
use super::faults::{Faults, Zone};
use super::nat::Nat;
use super::{SimError, Simulation};
use crate::catalog::{self, geo};
use crate::des::core::US_PER_S;
use crate::des::kernel::*;
use crate::des::setup::Setup;
use crate::des::state::*;
use crate::model::{
    Algorithm, AppSettings, EbsVolume, HealthCheckType, LoadBalancerType, Node, NodeId, PlacementStrategy,
    PurchaseOption, RatePattern, Scenario, Spec,
};
use crate::net::{self, Flow, Reachability};
use crate::resilience::parse_matcher;
use crate::services::cloudfront::sim::{self as cloudfront, Cdn, CloudFront};
use crate::services::rds::sim::{self as rds, Db, Rds};
use crate::services::route53::sim::{self as route53, Record, Route53};
use crate::services::s3::sim::{self as s3, Bucket, S3};
use std::collections::BTreeMap;

// Caps that keep hostile documents from exhausting memory or time: one place, shared
// with `validate` (which reports each clamp), in `crate::limits`.
pub(crate) use crate::limits::{MAX_OBJECTS, MAX_PEER_CALLS, MAX_POPULATION_RPS as MAX_RPS, MAX_RESOLVERS};

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
        let Some(Spec::Subnet { vpc, az, .. }) = self.index.get(subnet).map(|n| &n.spec) else {
            return Place { coords: None, az: None };
        };
        let coords = match self.index.get(vpc).map(|n| &n.spec) {
            Some(Spec::Vpc { region, .. }) => self.region_coords(region),
            _ => None,
        };
        Place { coords, az: Some(az) }
    }

    fn region_coords(&self, region: &NodeId) -> Option<(f64, f64)> {
        match self.index.get(region).map(|n| &n.spec) {
            Some(Spec::Region { code }) => geo::region(code),
            _ => None,
        }
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

/// `x` if it is a usable non-negative number (at most an hour's worth of ms or KiB, so
/// that no service time or I/O can overflow simulated time), else `default`.
fn finite(x: f64, default: f64) -> f64 {
    if x.is_finite() && x >= 0.0 {
        x.min(3_600_000.0)
    } else {
        default
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
    nats: Vec<Nat>,
    asgs: Vec<super::asg::Asg>,
    db_of: BTreeMap<&'s NodeId, u32>,
    asg_of: BTreeMap<&'s NodeId, u32>,
    nat_of: BTreeMap<&'s NodeId, u32>,
    cluster_of: BTreeMap<&'s str, u32>,
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
            Target::Nowhere => None,
        }
        .unwrap_or(NONE)
    }

    fn coords_of(&self, t: Target) -> Option<(f64, f64)> {
        match t {
            Target::Lb(i) => self.lbs[i as usize].coords,
            Target::Instance(i) => self.instances[i as usize].coords,
            Target::Bucket(i) => self.buckets.get(i as usize)?.coords,
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
const ADD: [SetupStep; 8] = [
    add_instance,
    add_auto_scaling_group,
    add_rds_instance,
    add_nat_gateway,
    add_s3_bucket,
    add_load_balancer,
    add_cloudfront_distribution,
    add_route53_record,
];

/// Pass 2: references between runtimes (backends, targets, origins, record values).
const CONNECT: [SetupStep; 4] = [connect_backend, connect_load_balancer, connect_cloudfront, connect_route53];

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
            internet: scenario.nodes.iter().find(|n| matches!(n.spec, Spec::Internet {})).map(|n| &n.id),
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
            let zipf = zipf_cdf(objects, finite(users.mix.zipf, 1.0).min(10.0));
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
                let (region, zone) = match b.index.get(&id).map(|n| &n.spec) {
                    Some(Spec::AvailabilityZone { region, zone }) => (Some(region.clone()), zone.clone()),
                    _ => (None, String::new()),
                };
                Zone { id, region, zone, down: 0 }
            })
            .collect();
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

/// An EC2 instance: its vCPUs, application, EBS volume, purchase option and cluster.
fn add_instance<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Spec::Instance { instance_type, subnet, app, ebs, purchase, placement_group, .. } = &n.spec else {
        return false;
    };
    let node = p.node(n, "instance");
    let place = b.subnet_place(subnet);
    let az = b.az_id(place.az);
    p.node_of.insert(&n.id, Target::Instance(p.instances.len() as u32));
    let mut inst = instance_runtime(node, &n.id, instance_type, app.as_ref(), ebs.as_ref(), az);
    if let Some(g) = placement_group.as_ref().filter(|g| g.strategy == PlacementStrategy::Cluster) {
        let next = p.cluster_of.len() as u32;
        inst.cluster = *p.cluster_of.entry(g.name.as_str()).or_insert(next);
    }
    inst.coords = place.coords;
    inst.spot = *purchase == PurchaseOption::Spot;
    inst.price_factor = catalog::purchase_factor(*purchase);
    p.instances.push(inst);
    true
}

/// An Auto Scaling group: its AZs, launch template (the members' prototype) and sizes;
/// members launch when the run starts (`start_groups`).
fn add_auto_scaling_group<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Spec::AutoScalingGroup {
        subnets,
        instance_type,
        app,
        launch_template,
        min,
        max,
        desired,
        health_check_type,
        timing,
        policies,
        distribution,
        ..
    } = &n.spec
    else {
        return false;
    };
    let node = p.node(n, "auto_scaling_group");
    let mut azs: Vec<(u32, Option<(f64, f64)>)> = Vec::new();
    for s in subnets {
        let place = b.subnet_place(s);
        let az = b.az_id(place.az);
        if az != NONE && !azs.iter().any(|(a, _)| *a == az) {
            azs.push((az, place.coords));
        }
    }
    let mut proto = instance_runtime(node, &n.id, instance_type, app.as_ref(), None, NONE);
    proto.version = launch_template.as_ref().map_or(0, |t| t.version.max(1));
    proto.peers = Peers::Asg(p.asgs.len() as u32);
    p.asg_of.insert(&n.id, p.asgs.len() as u32);
    let size = p.asg_budget.take(*min, *max, *desired, policies);
    p.asgs.push(super::asg::Asg {
        node,
        azs,
        proto,
        min: size.min,
        max: size.max,
        desired: size.desired,
        ceiling: size.ceiling,
        elb_health: *health_check_type == HealthCheckType::Elb,
        timing: timing.clone(),
        policies: policies.clone(),
        distribution: distribution.clone(),
        lbs: Vec::new(),
        members: Vec::new(),
        run: super::asg::AsgRun::new(policies.len()),
    });
    true
}

/// A NAT gateway: its AZ and bandwidth.
fn add_nat_gateway<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Spec::NatGateway { subnet, .. } = &n.spec else { return false };
    let node = p.node(n, "nat_gateway");
    p.nat_of.insert(&n.id, p.nats.len() as u32);
    let az = b.az_id(b.subnet_place(subnet).az);
    p.nats.push(Nat::gateway(node, az));
    true
}

/// A load balancer (ALB or NLB): its health check and deregistration delay; its
/// targets come in pass 2.
fn add_load_balancer<'s>(_: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Spec::LoadBalancer { lb_type, health_check, deregistration_delay_s, .. } = &n.spec else { return false };
    let node = p.node(n, "load_balancer");
    p.node_of.insert(&n.id, Target::Lb(p.lbs.len() as u32));
    let alb = *lb_type == LoadBalancerType::Alb;
    let check = health_check.clone().unwrap_or_default();
    // The application answers its health check with 200 (a teaching
    // simplification): a matcher without 200 fails every check.
    let allowed = if alb { (200, 499) } else { (200, 599) };
    let default = if alb { "200" } else { "200-399" };
    let matcher_ok = parse_matcher(check.matcher.as_deref().unwrap_or(default), allowed)
        .is_ok_and(|ranges| ranges.iter().any(|&(a, z)| (a..=z).contains(&200)));
    let health = check.settings(alb);
    p.lbs.push(Lb {
        all_azs: Vec::new(),
        cross_zone: alb,
        health,
        matcher_ok,
        next_check: u64::from(health.interval_s) * US_PER_S,
        // Deregistration delay: 300 s by default, 0-3,600 (aws-facts.md §4.2).
        deregistration_us: u64::from(deregistration_delay_s.unwrap_or(300).min(3_600)) * US_PER_S,
        failing_open: false,
        not_healthy: 0,
        node,
        alb: *lb_type == LoadBalancerType::Alb,
        least_outstanding: false,
        coords: None,
        azs: Vec::new(),
        targets: Vec::new(),
        candidates: Vec::new(),
        rr: Vec::new(),
        bytes: 0,
        by_inst: BTreeMap::new(),
        indexed: 0,
    });
    true
}

/// An application's backend (an RDS database or an S3 bucket), the path to it (gate), and
/// the NAT device on its way to S3.
fn connect_backend<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let (Spec::Instance { app: Some(app), .. } | Spec::AutoScalingGroup { app: Some(app), .. }) = &n.spec else {
        return false;
    };
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
    } else if let Some(t @ Target::Bucket(bi)) = p.node_of.get(backend).copied() {
        inst.backend = t;
        inst.backend_link = add_link(&mut p.links, n.id.as_str(), false, p.buckets[bi as usize].node, 0);
        // Without a VPC endpoint, S3 is reached over the Internet: through the
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
                            let gbps = match b.index.get(&h.component).map(|n| &n.spec) {
                                Some(Spec::Instance { instance_type, .. }) => {
                                    catalog::instance_type(instance_type).map_or(5.0, |t| t.network_gbps)
                                }
                                _ => 5.0,
                            };
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
            Ok(answer) => inst.s3_gate = b.blocked("S3.Unreachable", None, &n.id, internet, answer),
            Err(_) => {}
        }
    }
    true
}

/// A load balancer's nodes (AZs), targets and the Auto Scaling groups registered with it.
fn connect_load_balancer<'s>(b: &mut Builder<'s>, p: &mut Parts<'s>, n: &'s Node) -> bool {
    let Spec::LoadBalancer { subnets, targets, algorithm, cross_zone, lb_type, .. } = &n.spec else { return false };
    let Some(Target::Lb(li)) = p.node_of.get(&n.id).copied() else { return true };
    let mut azs = Vec::new();
    let mut coords = None;
    for s in subnets {
        let place = b.subnet_place(s);
        coords = coords.or(place.coords);
        let az = b.az_id(place.az);
        if !azs.contains(&az) {
            azs.push(az);
        }
    }
    let mut ts = Vec::new();
    for t in targets {
        let Some(Target::Instance(ii)) = p.node_of.get(t).copied() else { continue };
        let port = match &b.index.get(t).map(|n| &n.spec) {
            Some(Spec::Instance { app: Some(a), .. }) => a.port,
            _ => 80,
        };
        let gate = b.gate(Some(&n.id), t, port, "LoadBalancer.504", Some(504));
        let inst = &mut p.instances[ii as usize];
        // An instance's peers are the other targets of the first load balancer
        // that lists it.
        if inst.peers == Peers::None {
            inst.peers = Peers::Lb(li);
        }
        let rtt = if azs.contains(&inst.cpu.az) { geo::SAME_AZ_RTT_MS } else { geo::CROSS_AZ_RTT_MS };
        let l = add_link(&mut p.links, n.id.as_str(), false, inst.node, (rtt * 1_000.0) as u64);
        ts.push(LbTarget::registered(ii, inst.cpu.az, gate, l, TargetHealth::Healthy));
    }
    for asg in &mut p.asgs {
        let asg_id = &p.nodes[asg.node as usize].id;
        let registered = b.index.get(asg_id).is_some_and(
            |a| matches!(&a.spec, Spec::AutoScalingGroup { load_balancers, .. } if load_balancers.contains(&n.id)),
        );
        if registered {
            let l = add_link(&mut p.links, n.id.as_str(), false, asg.node, (geo::SAME_AZ_RTT_MS * 1_000.0) as u64);
            asg.lbs.push((li, l));
        }
    }
    let lb = &mut p.lbs[li as usize];
    lb.least_outstanding = *algorithm == Algorithm::LeastOutstandingRequests;
    lb.coords = coords;
    // Cross-zone: always on for ALB unless turned off; off by default for NLB
    // (aws-facts §4.1).
    lb.cross_zone = cross_zone.unwrap_or(*lb_type == LoadBalancerType::Alb);
    lb.all_azs = azs;
    lb.targets = ts;
    lb.rebuild();
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
}

/// The runtime of an instance of `instance_type` running `app`, in AZ `az` (no backend yet).
pub(crate) fn instance_runtime(
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
        ios_per_request: finite(app.ios_per_request, 0.0).min(1_000.0),
        io_kib: finite(app.io_kib, 16.0).max(1.0),
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
        peer_calls: app.peer_calls.min(MAX_PEER_CALLS),
        peer_bytes: (finite(app.peer_call_kib, 64.0) * 1024.0) as u64,
        peers: Peers::None,
        peer_rr: 0,
        cluster: NONE,
        nic_bps: gbps * 1e9,
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
    match s.node(id).map(|n| &n.spec) {
        Some(Spec::Instance { app: Some(a), .. }) => a.port,
        Some(Spec::Instance { .. }) => 80,
        _ => 443,
    }
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
