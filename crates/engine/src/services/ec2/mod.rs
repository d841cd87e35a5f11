//! Amazon EC2 instances: an instance's rules (its ENI's address, security groups and public address; its type, application and EBS volume), the backend link drawn from it, the links it implies, where it is drawn, its caption and its palette blueprint. Its simulation component is `sim` (an instance's vCPUs, application, EBS volume and peers, and how it serves a request); Auto Scaling groups share `instance_performance` and `sim::runtime`.

pub(crate) mod placement;
pub(crate) mod sim;

use super::{Emit, Service};
use crate::catalog;
use crate::cidr::{Cidr, Ipv4};
use crate::kinds::Want;
use crate::kinds::BACKENDS;
use crate::link::{already, LinkIndex, LinkKind, Plan};
use crate::model::{AppSettings, EbsVolume, Kind, Node, NodeId, Scenario, Spec, VolumeKind};
use crate::msg::Msg;
use crate::net::topology::is_reserved;
use crate::rules::{Check, Severity, INSTANCE_TYPES};
use crate::services::vpc::place::{default_security_group, free_public_ip, named, Ids, Place};
use std::collections::{BTreeMap, BTreeSet};

mod src {
    pub const SUBNET: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html";
    pub const IGW: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html";
    pub const SG: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html";
    pub const QUOTAS: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html";
    pub const EBS_TYPES: &str = "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html";
}

pub(crate) static SERVICE: Service = Service { link, links, parent, caption };

pub(crate) fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
    let Spec::Instance { subnet, private_ip, public_ip, security_groups, instance_type, app, ebs, .. } = &node.spec
    else {
        return;
    };
    eni(c, &node.id, subnet, *private_ip, public_ip.is_some(), security_groups);
    instance_performance(c, &node.id, instance_type, app.as_ref(), ebs.as_ref());
}

/// An instance's ENI: a private address inside its subnet and not reserved, at most five
/// security groups, all of its VPC; a public address needs an Internet gateway.
/// Sources: VPC User Guide, "Subnet CIDR blocks"; EC2 User Guide, "Elastic network
/// interfaces"; VPC quotas (aws-facts.md §1.7, §5).
fn eni<'a>(
    c: &mut Check<'a>,
    id: &NodeId,
    subnet: &NodeId,
    private_ip: Option<Ipv4>,
    has_public: bool,
    groups: &'a [NodeId],
) {
    let subnet_ok = c.reference(id, "subnet", subnet, Want::Subnet);
    let sub = c.topo.subnets.get(subnet).cloned();
    if let (true, Some(sub), Some(ip)) = (subnet_ok, &sub, private_ip) {
        let block = sub.cidr;
        if !block.contains(ip) {
            c.emit(
                "InvalidParameterValue",
                Severity::Error,
                id,
                msg!("validate.private_address_outside_subnet", ip = ip, id = id, subnet = subnet, block = block),
                msg!("validate.eni_primary_private_address"),
                &[subnet],
                src::SUBNET,
            );
        } else if is_reserved(block, ip) {
            c.emit(
                "InvalidParameterValue",
                Severity::Error,
                id,
                msg!("validate.private_address_one_five", ip = ip, id = id, block = block),
                msg!("validate.aws_reserves_first_four"),
                &[subnet],
                src::SUBNET,
            );
        }
    }
    if c.topo.exhausted.contains(&id) {
        c.emit(
            "InsufficientFreeAddressesInSubnet",
            Severity::Error,
            id,
            msg!("validate.subnet_no_free_address", subnet = subnet, id = id),
            msg!("validate.every_eni_takes_address"),
            &[subnet],
            src::SUBNET,
        );
    }
    if groups.len() > 5 {
        c.emit(
            "SecurityGroupsPerInterfaceLimitExceeded",
            Severity::Error,
            id,
            msg!("validate.security_groups_eni_takes", id = id, groups = groups.len()),
            msg!("validate.merge_groups_or_request"),
            &[],
            src::QUOTAS,
        );
    }
    let vpc = sub.as_ref().map(|s| s.vpc);
    for (group, gvpc, vpc) in c.groups_elsewhere(id, groups, vpc) {
        c.emit(
            "InvalidParameter",
            Severity::Error,
            id,
            msg!("validate.security_group_vpc_subnet", group = group, gvpc = gvpc, subnet = subnet, vpc = vpc, id = id),
            msg!("validate.eni_can_only_use"),
            &[group, subnet],
            src::SG,
        );
    }
    if let (true, Some(vpc)) = (has_public, vpc) {
        if c.topo.vpcs.get(vpc).is_some_and(|v| v.internet_gateway.is_none()) {
            c.emit(
                "Gateway.NotAttached",
                Severity::Error,
                id,
                msg!("validate.public_address_but_vpc", id = id, vpc = vpc),
                msg!("validate.public_or_elastic_ip"),
                &[vpc],
                src::IGW,
            );
        }
    }
}

/// Instance type, application settings and EBS volume of an instance (or of an Auto Scaling
/// group's launch template).
pub(crate) fn instance_performance(
    c: &mut Check<'_>,
    id: &NodeId,
    instance_type: &str,
    app: Option<&AppSettings>,
    ebs: Option<&EbsVolume>,
) {
    if catalog::instance_type(instance_type).is_none() {
        c.unknown_type(id, instance_type, "m5.large");
    }
    if let Some(backend) = app.and_then(|a| a.backend.as_ref()) {
        if !c.spec(backend).is_some_and(|s| s.kind().is_any(crate::kinds::BACKENDS)) {
            c.fail(
                "Stratus.App.InvalidBackend",
                id,
                msg!("services.application_calls_which_not", id = id, backend = backend),
                msg!("services.pick_database_or_bucket"),
                INSTANCE_TYPES,
            );
        }
    }
    if let Some(v) = ebs {
        for problem in volume_problems(v) {
            c.fail("InvalidParameterValue", id, problem, msg!("services.ebs_limits_depend_volume"), src::EBS_TYPES);
        }
    }
}

/// What AWS would refuse in an EBS volume's settings (aws-facts §2: API size ranges and ratios).
/// io2 follows today's Block Express limits (1,000 IOPS/GiB, 256,000 IOPS, 64 TiB).
pub(crate) fn volume_problems(v: &EbsVolume) -> Vec<Msg> {
    let mut out = Vec::new();
    let (min, max) = match v.kind {
        VolumeKind::Gp2 | VolumeKind::Gp3 => (1, 16_384),
        VolumeKind::Io1 => (4, 16_384),
        VolumeKind::Io2 => (4, 65_536),
        VolumeKind::St1 | VolumeKind::Sc1 => (125, 16_384),
    };
    let kind = format!("{:?}", v.kind).to_ascii_lowercase();
    if !(min..=max).contains(&v.size_gib) {
        out.push(msg!("services.volume_gib_one_gib", kind = kind, min = min, max = max, size_gib = v.size_gib));
    }
    let gib = u64::from(v.size_gib);
    if let Some(iops) = v.iops.map(u64::from) {
        let limit = match v.kind {
            VolumeKind::Gp3 => Some((
                "3,000-16,000 IOPS and at most 500 per GiB",
                (3_000..=16_000).contains(&iops) && iops <= 500 * gib.max(6),
            )),
            VolumeKind::Io1 => {
                Some(("100-64,000 IOPS and at most 50 per GiB", (100..=64_000).contains(&iops) && iops <= 50 * gib))
            }
            VolumeKind::Io2 => Some((
                "100-256,000 IOPS and at most 1,000 per GiB",
                (100..=256_000).contains(&iops) && iops <= 1_000 * gib,
            )),
            _ => None,
        };
        match limit {
            Some((rule, false)) => {
                out.push(msg!("services.volume_takes_iops_gib", kind = kind, rule = rule, iops = iops, gib = gib))
            }
            None => out.push(msg!("services.iops_cannot_provisioned_volume", kind = kind)),
            _ => {}
        }
    }
    if let Some(tp) = v.throughput_mibps {
        let iops = f64::from(v.iops.unwrap_or(3_000));
        let ok = v.kind == VolumeKind::Gp3 && (125..=1_000).contains(&tp) && f64::from(tp) <= 0.25 * iops;
        if !ok {
            out.push(msg!("services.throughput_provisioned_only_gp3", tp = tp, kind = kind));
        }
    }
    out
}

/// A link from an instance to a database or a bucket makes it its application's backend.
fn link(_: &Scenario, from: &Node, to: &Node) -> Result<Option<Plan>, Msg> {
    backend_link(from, to, Kind::Instance, |spec| match spec {
        Spec::Instance { app, .. } => Some(app),
        _ => None,
    })
}

/// A link from compute of kind `kind` (`app` finds its application's settings) to a
/// database, a bucket or a queue: that becomes the application's backend, what it calls
/// after its CPU work (a queue: it sends a message there); already it: refused as already
/// linked.
pub(crate) fn backend_link(
    from: &Node,
    to: &Node,
    kind: Kind,
    app: fn(&mut Spec) -> Option<&mut Option<AppSettings>>,
) -> Result<Option<Plan>, Msg> {
    if from.spec.kind() != kind || !to.spec.kind().is_any(BACKENDS) {
        return Ok(None);
    }
    let mut current = from.spec.clone();
    if app(&mut current).and_then(|a| a.as_ref()).and_then(|a| a.backend.as_ref()) == Some(&to.id) {
        return Err(already(&from.id, &to.id));
    }
    Ok(Some(Plan::edit(from, LinkKind::Traffic, |spec| {
        if let Some(settings) = app(spec) {
            settings.get_or_insert_with(AppSettings::default).backend = Some(to.id.clone());
        }
    })))
}

fn links(_: &LinkIndex<'_>, node: &Node, push: Emit<'_>) {
    if let Spec::Instance { app: Some(AppSettings { backend: Some(b), .. }), .. } = &node.spec {
        push(&node.id, b, LinkKind::Traffic, None);
    }
}

/// An instance is drawn in its subnet.
fn parent<'a>(_: &'a Scenario, node: &'a Node) -> Option<&'a NodeId> {
    match &node.spec {
        Spec::Instance { subnet, .. } => Some(subnet),
        _ => None,
    }
}

/// Its instance type: `t3.micro`.
fn caption(node: &Node) -> Option<String> {
    let Spec::Instance { instance_type, .. } = &node.spec else { return None };
    Some(instance_type.clone())
}

/// An EC2 instance in the subnet dropped onto: t3.micro, the first free private address
/// (AWS reserves the first four and the last of every subnet), a public address only if the
/// subnet auto-assigns one, and the VPC's default security group (RunInstances uses it when
/// no group is given). Sources: VPC User Guide, "Subnet CIDR blocks", "Default security
/// groups for your VPCs"; EC2 API `RunInstances` (aws-facts.md §1.7, §5).
pub(crate) fn create(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    let outside = msg!("create.ec2_instance_runs_subnet");
    let subnet = place.subnet(outside.clone())?;
    let Spec::Subnet { cidr, map_public_ip_on_launch, .. } = &subnet.spec else { return Err(outside) };
    let Some(private_ip) = free_private_ip(s, &subnet.id, *cidr) else {
        return Err(msg!(
            "create.insufficientfreeaddressesinsubnet_subnet_no_free",
            subnet_id = subnet.id,
            cidr = cidr
        ));
    };
    let public_ip = if *map_public_ip_on_launch { Some(free_public_ip(s)?) } else { None };
    let spec = Spec::Instance {
        instance_type: "t3.micro".to_string(),
        subnet: subnet.id.clone(),
        private_ip: Some(private_ip),
        public_ip,
        security_groups: default_security_group(s, place.vpc).into_iter().collect(),
        source_dest_check: true,
        app: None,
        ebs: None,
        purchase: Default::default(),
        placement_group: None,
    };
    Ok(vec![named(ids.next("i"), spec)])
}

/// The first address of `block` that an instance in `subnet` can take. The four first and
/// the last address are AWS's (aws-facts.md §5); explicit addresses of the VPC's instances
/// are taken, and instances of the subnet without an address take the first free ones, as
/// `net` assigns them.
fn free_private_ip(s: &Scenario, subnet: &NodeId, block: Cidr) -> Option<Ipv4> {
    let vpc_of: BTreeMap<&NodeId, &NodeId> = crate::sort::map_of(s.nodes.iter().filter_map(|n| match &n.spec {
        Spec::Subnet { vpc, .. } => Some((&n.id, vpc)),
        _ => None,
    }));
    let vpc = vpc_of.get(subnet);
    let mut used = BTreeSet::new();
    let mut automatic = 0usize;
    for n in &s.nodes {
        let Spec::Instance { subnet: at, private_ip, .. } = &n.spec else { continue };
        match private_ip {
            Some(ip) if at == subnet || (vpc.is_some() && vpc_of.get(at) == vpc) => {
                used.insert(*ip);
            }
            None if at == subnet => automatic += 1,
            _ => {}
        }
    }
    (4..block.size().saturating_sub(1)).filter_map(|n| block.nth(n)).filter(|ip| !used.contains(ip)).nth(automatic)
}

/// Whether `spec` is an instance without a public address (not reachable from the Internet).
pub(crate) fn is_private(spec: &Spec) -> bool {
    matches!(spec, Spec::Instance { public_ip: None, .. })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// EBS API limits (aws-facts §2, EBS User Guide "Volume types").
    #[test]
    fn ebs_settings_aws_refuses() {
        let v = |kind, size_gib, iops, throughput_mibps| EbsVolume { kind, size_gib, iops, throughput_mibps };
        let cases = [
            ("gp3 default is fine", v(VolumeKind::Gp3, 100, None, None), 0),
            ("st1 at least 125 GiB", v(VolumeKind::St1, 100, None, None), 1),
            ("io1 at most 50 IOPS/GiB", v(VolumeKind::Io1, 100, Some(6_000), None), 1),
            ("io1 50:1 exactly", v(VolumeKind::Io1, 100, Some(5_000), None), 0),
            ("io2 at most 1,000 IOPS/GiB (Block Express)", v(VolumeKind::Io2, 100, Some(100_001), None), 1),
            ("gp3 throughput at most 0.25 MiB/s per IOPS", v(VolumeKind::Gp3, 100, Some(3_000), Some(1_000)), 1),
            ("gp2 takes no provisioned IOPS", v(VolumeKind::Gp2, 100, Some(3_000), None), 1),
        ];
        for (rule, vol, n) in cases {
            assert_eq!(volume_problems(&vol).len(), n, "{rule}");
        }
    }
}
