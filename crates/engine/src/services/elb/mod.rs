//! Elastic Load Balancing: an Application or Network Load Balancer's rules (one subnet per AZ in one VPC, two AZs for an ALB, internet-facing in public subnets, groups and targets of its VPC, its target group's health check), the links drawn from it (a target, an Auto Scaling group), the links it implies (the Internet gateway in front, its targets), where it is drawn and its palette blueprint. Its simulation component is `sim` (the load balancer's nodes, targets and health checks, and how it picks a target).

pub(crate) mod sim;
pub(crate) mod targets;

use super::{no_caption, Emit, Service};
use crate::kinds::Want;
use crate::link::{already, LinkIndex, LinkKind, Plan};
use crate::model::{HealthCheck, LoadBalancerType, Node, NodeId, Scenario, Scheme, Spec};
use crate::msg::Msg;
use crate::resilience::parse_matcher;
use crate::rules::{Check, Severity};
use crate::services::vpc::place::{default_security_group, named, vpc_of_subnet, Ids, Place};

mod src {
    pub const ELB: &str =
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html";
    pub const TARGETS: &str =
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-register-targets.html";
    pub const SG: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html";
    pub const TG_HEALTH: &str =
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html";
}

pub(crate) static SERVICE: Service = Service { link, links, parent, caption: no_caption };

/// A load balancer: one subnet per AZ, all in one VPC (at least two AZs for an ALB);
/// groups and targets of that VPC; internet-facing ones in public subnets; targets in
/// enabled AZs. Source: ELB User Guide (aws-facts.md §4).
pub(crate) fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
    let Spec::LoadBalancer { scheme, subnets, security_groups: groups, targets, lb_type, health_check, .. } =
        &node.spec
    else {
        return;
    };
    let (id, lb_type, scheme) = (&node.id, *lb_type, *scheme);
    if let Some(check) = health_check {
        self::health_check(c, id, lb_type == LoadBalancerType::Alb, check);
    }
    let mut vpcs: Vec<&NodeId> = Vec::new();
    let mut azs: Vec<&NodeId> = Vec::new();
    for subnet in subnets {
        if !c.reference(id, "subnet", subnet, Want::Subnet) {
            continue;
        }
        let Some(sub) = c.topo.subnets.get(subnet).cloned() else { continue };
        if azs.contains(&sub.az) {
            c.emit(
                "Stratus.LoadBalancer.SubnetsPerAz",
                Severity::Error,
                id,
                msg!("validate.two_subnets_availability_zone", id = id, sub_az = sub.az),
                msg!("validate.load_balancer_takes_one"),
                &[subnet],
                src::ELB,
            );
        }
        azs.push(sub.az);
        if !vpcs.contains(&sub.vpc) {
            vpcs.push(sub.vpc);
        }
        if scheme == Scheme::InternetFacing && !c.topo.is_public(&sub) {
            c.emit(
                "Stratus.LoadBalancer.InternetFacingInPrivateSubnet",
                Severity::Warning,
                id,
                msg!("validate.internet_facing_node_subnet", id = id, subnet = subnet),
                msg!("validate.internet_facing_load_balancer"),
                &[subnet],
                src::ELB,
            );
        }
    }
    if vpcs.len() > 1 {
        c.emit(
            "InvalidSubnet",
            Severity::Error,
            id,
            msg!("validate.subnets_different_vpcs", id = id),
            msg!("validate.load_balancer_lives_one"),
            &vpcs,
            src::ELB,
        );
    }
    if lb_type == LoadBalancerType::Alb && azs.len() < 2 {
        c.emit(
            "Stratus.LoadBalancer.TwoAzs",
            Severity::Error,
            id,
            msg!("validate.application_load_balancer_enabled", id = id, azs = azs.len()),
            msg!("validate.alb_needs_subnets_at"),
            &[],
            src::ELB,
        );
    }
    let vpc = vpcs.first().copied();
    for (group, gvpc, vpc) in c.groups_elsewhere(id, groups, vpc) {
        c.emit(
            "InvalidSecurityGroup",
            Severity::Error,
            id,
            msg!("validate.security_group_vpc_not", group = group, id = id, gvpc = gvpc, vpc = vpc),
            msg!("validate.load_balancer_uses_security"),
            &[group],
            src::SG,
        );
    }
    for target in targets {
        let target_subnet = match c.spec(target) {
            Some(Spec::Instance { subnet, .. }) => Some(subnet),
            _ => None,
        };
        let sub = target_subnet.and_then(|s| c.topo.subnets.get(s)).cloned();
        let in_vpc = sub.as_ref().is_some_and(|s| Some(s.vpc) == vpc || vpc.is_none());
        if !in_vpc {
            c.emit(
                "InvalidTarget",
                Severity::Error,
                id,
                msg!("validate.target_not_instance_load", target = target, id = id),
                msg!("validate.targets_instance_instances_load"),
                &[target],
                src::TARGETS,
            );
        } else if let Some(sub) = sub {
            if !azs.contains(&sub.az) {
                c.emit(
                    "Stratus.LoadBalancer.TargetAzNotEnabled",
                    Severity::Warning,
                    id,
                    msg!("validate.target_availability_zone_where", target = target, sub_az = sub.az, id = id),
                    msg!("validate.load_balancer_sends_traffic"),
                    &[target],
                    src::TARGETS,
                );
            }
        }
    }
}

/// A target group's health-check settings: ranges and the success-code matcher
/// (aws-facts.md §4.2: ALB 200-499, NLB 200-599).
fn health_check(c: &mut Check<'_>, id: &NodeId, alb: bool, check: &HealthCheck) {
    let ranges: [(&str, Option<u32>, u32, u32); 4] = [
        ("interval_s", check.interval_s, 5, 300),
        ("timeout_s", check.timeout_s, 2, 120),
        ("healthy_threshold", check.healthy_threshold, 2, 10),
        ("unhealthy_threshold", check.unhealthy_threshold, 2, 10),
    ];
    for (field, value, lo, hi) in ranges {
        let Some(v) = value else { continue };
        if !(lo..=hi).contains(&v) {
            c.emit(
                "ValidationError",
                Severity::Error,
                id,
                msg!("resilience.health_check_must", field = field, id = id, v = v, lo = lo, hi = hi),
                msg!("resilience.defaults_interval_30_timeout"),
                &[],
                src::TG_HEALTH,
            );
        }
    }
    let Some(matcher) = &check.matcher else { return };
    let allowed = if alb { (200, 499) } else { (200, 599) };
    match parse_matcher(matcher, allowed) {
        Err(why) => c.emit(
            "ValidationError",
            Severity::Error,
            id,
            msg!(
                "resilience.success_codes_not_valid",
                matcher = matcher,
                id = id,
                why = why,
                allowed = allowed.0,
                allowed_2 = allowed.1
            ),
            msg!("resilience.matcher_lists_http_codes"),
            &[],
            src::TG_HEALTH,
        ),
        Ok(ranges) if !ranges.iter().any(|&(a, z)| (a..=z).contains(&200)) => c.emit(
            "Stratus.HealthCheck.MatcherExcludes200",
            Severity::Warning,
            id,
            msg!("resilience.success_codes_do_not", matcher = matcher, id = id),
            msg!("resilience.when_every_target_unhealthy"),
            &[],
            src::TG_HEALTH,
        ),
        Ok(_) => {}
    }
}

/// A link from a load balancer: to an instance, registering it as a target; to an Auto
/// Scaling group, attaching the group to its target group. Both must be in the load
/// balancer's VPC. Sources: ELB User Guide, "Register targets with your target group";
/// Auto Scaling API `AttachLoadBalancerTargetGroups`.
fn link(s: &Scenario, from: &Node, to: &Node) -> Result<Option<Plan>, Msg> {
    let Spec::LoadBalancer { targets, subnets, .. } = &from.spec else { return Ok(None) };
    let (f, t) = (&from.id, &to.id);
    let lb_vpc = subnets.first().and_then(|sn| vpc_of_subnet(s, sn));
    match &to.spec {
        Spec::Instance { subnet, .. } => {
            if targets.contains(t) {
                return Err(already(f, t));
            }
            let target_vpc = vpc_of_subnet(s, subnet);
            if lb_vpc.is_some() && target_vpc.is_some() && lb_vpc != target_vpc {
                return Err(msg!("connect.invalidtarget_instance_another_vpc", t = t, f = f));
            }
            Ok(Some(Plan::edit(from, LinkKind::Traffic, |spec| {
                if let Spec::LoadBalancer { targets, .. } = spec {
                    targets.push(t.clone());
                }
            })))
        }
        Spec::AutoScalingGroup { load_balancers, subnets: asg_subnets, .. } => {
            if load_balancers.contains(f) {
                return Err(already(f, t));
            }
            let asg_vpc = asg_subnets.first().and_then(|sn| vpc_of_subnet(s, sn));
            if lb_vpc.is_some() && asg_vpc.is_some() && lb_vpc != asg_vpc {
                return Err(msg!("connect.validationerror_auto_scaling_group", t = t, f = f));
            }
            Ok(Some(Plan::edit(to, LinkKind::Traffic, |spec| {
                if let Spec::AutoScalingGroup { load_balancers, .. } = spec {
                    load_balancers.push(f.clone());
                }
            })))
        }
        _ => Ok(None),
    }
}

/// An internet-facing load balancer is reached through its VPC's Internet gateway; it sends
/// requests to its targets.
fn links(index: &LinkIndex, node: &Node, push: Emit<'_>) {
    let Spec::LoadBalancer { subnets, targets, scheme, .. } = &node.spec else { return };
    if *scheme == Scheme::InternetFacing {
        if let Some(igw) = subnets.first().and_then(|s| index.vpc_of_subnet(s)).and_then(|v| index.igw_of(v)) {
            push(igw, &node.id, LinkKind::Traffic, None);
        }
    }
    for t in targets {
        push(&node.id, t, LinkKind::Traffic, None);
    }
}

/// A load balancer is drawn in the VPC of its first subnet.
fn parent<'a>(s: &'a Scenario, node: &'a Node) -> Option<&'a NodeId> {
    let Spec::LoadBalancer { subnets, .. } = &node.spec else { return None };
    vpc_of_subnet(s, subnets.first()?)
}

/// An Application or Network Load Balancer in the VPC dropped onto: internet-facing, one
/// subnet per AZ of the VPC (the subnet dropped onto, else a public one, else the first),
/// the VPC's default security group for an ALB and none for an NLB, no targets. An ALB in
/// fewer than two AZs is created anyway: validate flags it, as CreateLoadBalancer would
/// refuse it. Sources: ELB User Guide, "Application Load Balancers" (subnets in at least two
/// AZs), "Security groups for your Network Load Balancer" (aws-facts.md §4).
pub(crate) fn create(s: &Scenario, place: &Place, lb_type: LoadBalancerType, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    let vpc = place.vpc(msg!("create.load_balancer_lives_vpc"))?;
    let dropped_on = place.subnet.map(|n| &n.id);
    // Per AZ, in order of first appearance: (az, subnet, rank), lowest rank wins.
    let mut per_az: Vec<(&NodeId, &NodeId, u8)> = Vec::new();
    let public = crate::net::public_subnets(s);
    for n in &s.nodes {
        let (Some(v), Some(az)) = (n.spec.subnet_vpc(), n.spec.az()) else { continue };
        if v != &vpc.id {
            continue;
        }
        let rank = if Some(&n.id) == dropped_on {
            0
        } else if public.contains(&n.id) {
            1
        } else {
            2
        };
        match per_az.iter_mut().find(|(a, ..)| *a == az) {
            Some(slot) if rank < slot.2 => *slot = (az, &n.id, rank),
            Some(_) => {}
            None => per_az.push((az, &n.id, rank)),
        }
    }
    let security_groups = match lb_type {
        LoadBalancerType::Alb => default_security_group(s, Some(vpc)).into_iter().collect(),
        LoadBalancerType::Nlb => Vec::new(),
    };
    let spec = Spec::LoadBalancer {
        lb_type,
        scheme: Scheme::InternetFacing,
        subnets: per_az.into_iter().map(|(_, subnet, _)| subnet.clone()).collect(),
        security_groups,
        targets: Vec::new(),
        algorithm: Default::default(),
        cross_zone: None,
        health_check: None,
        deregistration_delay_s: None,
    };
    let prefix = match lb_type {
        LoadBalancerType::Alb => "alb",
        LoadBalancerType::Nlb => "nlb",
    };
    Ok(vec![named(ids.next(prefix), spec)])
}

/// Whether instance `id` is one of several targets of some load balancer (it has peers to
/// call, `app.peer_calls`).
pub(crate) fn has_other_targets(s: &Scenario, id: &NodeId) -> bool {
    s.nodes
        .iter()
        .any(|l| matches!(&l.spec, Spec::LoadBalancer { targets, .. } if targets.len() > 1 && targets.contains(id)))
}

/// Whether `spec` is an internal load balancer (not reachable from the Internet).
pub(crate) fn is_internal(spec: &Spec) -> bool {
    matches!(spec, Spec::LoadBalancer { scheme: Scheme::Internal, .. })
}
/// An internet-facing load balancer: what a new distribution or record fronts first.
pub(crate) fn is_internet_facing(spec: &Spec) -> bool {
    matches!(spec, Spec::LoadBalancer { scheme: Scheme::InternetFacing, .. })
}
