//! Set-up of a load balancer's targets: its nodes in its subnets' AZs, the instances it lists (each becomes a target behind the network's gate, and the instance's peers are the other targets of the first load balancer that lists it) and the Auto Scaling groups registered with it. It changes three components at once (ELB, EC2, Auto Scaling), so it lives beside them rather than in one of their `sim.rs`.

use super::sim::{Lb, LbTarget, TargetHealth};
use crate::catalog::geo;
use crate::des::setup::Setup;
use crate::des::state::Target;
use crate::model::{Algorithm, LoadBalancerType, Node, Spec};
use crate::services::autoscaling::sim::{registers_with, Asg};
use crate::services::ec2::sim::{port, Instance, Peers};

/// Wires load balancer `n` (the `li`-th) to its targets and groups; `false` for another kind.
pub(crate) fn connect(
    n: &Node,
    setup: &mut dyn Setup,
    li: u32,
    lb: &mut Lb,
    instances: &mut [Instance],
    asgs: &mut [Asg],
) -> bool {
    let Spec::LoadBalancer { subnets, targets, algorithm, cross_zone, lb_type, .. } = &n.spec else { return false };
    let mut azs = Vec::new();
    let mut coords = None;
    for s in subnets {
        let (place, az) = setup.subnet_place(s);
        coords = coords.or(place);
        if !azs.contains(&az) {
            azs.push(az);
        }
    }
    let mut ts = Vec::new();
    for t in targets {
        let Target::Instance(ii) = setup.target(t) else { continue };
        let port = setup.doc_node(t).and_then(port).unwrap_or(80);
        let gate = setup.gate(&n.id, t, port, "LoadBalancer.504", Some(504));
        let inst = &mut instances[ii as usize];
        // An instance's peers are the other targets of the first load balancer
        // that lists it.
        if inst.peers == Peers::None {
            inst.peers = Peers::Lb(li);
        }
        let rtt = if azs.contains(&inst.cpu.az) { geo::SAME_AZ_RTT_MS } else { geo::CROSS_AZ_RTT_MS };
        let l = setup.link_rtt(&n.id, inst.node, (rtt * 1_000.0) as u64);
        ts.push(LbTarget::registered(ii, inst.cpu.az, gate, l, TargetHealth::Healthy));
    }
    for asg in asgs.iter_mut() {
        if setup.doc_node(&asg.proto.id).is_some_and(|a| registers_with(a, &n.id)) {
            let l = setup.link_rtt(&n.id, asg.node, (geo::SAME_AZ_RTT_MS * 1_000.0) as u64);
            asg.lbs.push((li, l));
        }
    }
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
