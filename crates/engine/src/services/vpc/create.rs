//! The VPC primitives' palette blueprints: a Region with two AZs, a VPC with what CreateVpc creates alongside it, a subnet in an AZ lane, an Internet gateway, a NAT gateway, the Internet.

use crate::cidr::{Cidr, Ipv4};
use crate::model::{Node, NodeId, PortRange, Protocol, Scenario, SgRule, Spec};
use crate::msg::Msg;
use crate::services::vpc::place::{blocks_of, free_public_ip, named, vpc_blocks, Ids, Place, DEFAULT_SG_NAME};
use std::collections::BTreeSet;

/// Regions offered, in order: the first not yet in the scenario is used. Seoul first (the
/// notes are Korean), then the Regions most tutorials use.
const REGIONS: [(&str, &str); 12] = [
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("us-east-1", "US East (N. Virginia)"),
    ("us-west-2", "US West (Oregon)"),
    ("eu-west-1", "Europe (Ireland)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("us-east-2", "US East (Ohio)"),
    ("eu-central-1", "Europe (Frankfurt)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ca-central-1", "Canada (Central)"),
    ("sa-east-1", "South America (São Paulo)"),
];

/// The two zone letters a new Region gets. AZ names are mapped per account; in Seoul
/// (ap-northeast-2b) and Tokyo (ap-northeast-1b) the `b` zone is not offered to most
/// accounts, so designs there use `a` and `c`. Source: EC2 User Guide, "Regions and Zones"
/// (<https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html>).
fn zone_letters(code: &str) -> [char; 2] {
    match code {
        "ap-northeast-2" | "ap-northeast-1" => ['a', 'c'],
        _ => ['a', 'b'],
    }
}

/// A Region on the empty canvas, with two AZ nodes: AZs are Region-level in AWS, and every
/// Region has at least two (most have three or more). Source: EC2 User Guide, "Regions and
/// Zones" (<https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html>).
pub(crate) fn region(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    place.empty_canvas(msg!("create.region_outermost_container_drop"))?;
    let used: BTreeSet<&str> = crate::sort::set_of(s.nodes.iter().filter_map(|n| match &n.spec {
        Spec::Region { code } => Some(code.as_str()),
        _ => None,
    }));
    let Some(&(code, name)) = REGIONS.iter().find(|(code, _)| !used.contains(code)) else {
        return Err(msg!("create.every_region_stratus_offers", value = REGIONS.len()));
    };
    let id = ids.next("region");
    // The console's name for the Region, as the built-in scenarios name theirs.
    let mut nodes = vec![Node::new(id.clone(), name.to_string(), Spec::Region { code: code.to_string() })];
    for letter in zone_letters(code) {
        let az = ids.next("az");
        nodes.push(named(az, Spec::AvailabilityZone { region: id.clone(), zone: format!("{code}{letter}") }));
    }
    Ok(nodes)
}

/// A VPC inside a Region, with what CreateVpc creates alongside it: a main route table with
/// only the local route, a default network ACL allowing all traffic (rule 100 each way) and
/// a default security group (inbound from its own members, all outbound). Sources: VPC User
/// Guide, "Route tables", "Default network ACL", "Default security groups for your VPCs"
/// (<https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html>; aws-facts.md §5).
pub(crate) fn vpc(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    let region = place.region(msg!("create.vpc_lives_one_region"))?;
    // The first 10.N.0.0/16 that overlaps no VPC of the design, so that any two can be
    // peered later: peering needs non-overlapping blocks (aws-facts.md §5, "VPC peering").
    let taken = vpc_blocks(s);
    let Some(cidr) = (0..=255u32)
        .map(|n| Cidr::new(Ipv4(0x0A00_0000 | n << 16), 16))
        .find(|c| !taken.iter().any(|b| b.overlaps(*c)))
    else {
        return Err(msg!("create.every_10_n_0"));
    };
    let id = ids.next("vpc");
    let (rtb, acl, sg) = (ids.next("rtb"), ids.next("acl"), ids.next("sg"));
    let vpc = Spec::Vpc { region: region.id.clone(), cidr, secondary_cidrs: Vec::new(), is_default: false };
    let main = Spec::RouteTable { vpc: id.clone(), main: true, routes: Vec::new() };
    let rules = crate::net::topology::DEFAULT_NACL_RULES.to_vec();
    let nacl = Spec::NetworkAcl { vpc: id.clone(), default: true, inbound: rules.clone(), outbound: rules };
    let all = |cidr, group| SgRule { protocol: Protocol::All, ports: PortRange::ALL, cidr, group };
    let default_sg = Spec::SecurityGroup {
        vpc: id.clone(),
        inbound: vec![all(None, Some(sg.clone()))],
        outbound: vec![all(Some(Cidr::ANY), None)],
    };
    Ok(vec![
        named(id, vpc),
        named(rtb, main),
        named(acl, nacl),
        // AWS names it `default`; that name is how the VPC's default group is recognised.
        Node::new(sg, DEFAULT_SG_NAME.to_string(), default_sg),
    ])
}

/// A subnet inside a VPC, in one AZ of the VPC's Region, with the first free /24 of the
/// VPC's blocks and no explicit route table (so it uses the main table: private in a new
/// VPC). Subnets do not nest.
/// Sources: VPC User Guide, "Subnet CIDR blocks" (a subnet lies in one AZ, /16 to /28, and
/// a VPC's subnets do not overlap), "Route tables" (aws-facts.md §5).
pub(crate) fn subnet(s: &Scenario, place: &Place, lane: Option<&NodeId>, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    if let Some(inside) = place.subnet {
        return Err(msg!("create.subnets_cannot_nest_already", inside_id = inside.id));
    }
    let vpc = place.vpc(msg!("create.subnet_part_vpc_drop"))?;
    // Resolving the VPC resolved its Region too, or recorded why not.
    let region = place.region(msg!("create.vpc_no_region_fix", vpc_id = vpc.id))?;
    let blocks = blocks_of(vpc);
    let siblings: Vec<Cidr> = s
        .nodes
        .iter()
        .filter_map(|n| match &n.spec {
            Spec::Subnet { vpc: v, cidr, .. } if v == &vpc.id => Some(*cidr),
            _ => None,
        })
        .collect();
    let Some(cidr) = free_subnet_block(&blocks, &siblings) else {
        let list: Vec<String> = blocks.iter().map(Cidr::to_string).collect();
        let list = list.join(", ");
        return Err(msg!("create.vpc_full_none_blocks", vpc_id = vpc.id, list = list));
    };
    let mut created = Vec::new();
    // The lane under the pointer if it is a zone of the VPC's Region, else the Region's first.
    let in_region = |n: &&Node| matches!(&n.spec, Spec::AvailabilityZone { region: r, .. } if r == &region.id);
    let lane = lane.and_then(|id| s.node(id)).filter(in_region);
    let az = match lane.or_else(|| s.nodes.iter().find(in_region)) {
        Some(zone) => zone.id.clone(),
        None => {
            // The Region has no AZ node yet: add its first zone, as the Region drop would.
            let code = match &region.spec {
                Spec::Region { code } => code.as_str(),
                _ => "",
            };
            let az = ids.next("az");
            let zone = format!("{code}{}", zone_letters(code)[0]);
            created.push(named(az.clone(), Spec::AvailabilityZone { region: region.id.clone(), zone }));
            az
        }
    };
    let id = ids.next("subnet");
    let subnet = Spec::Subnet {
        vpc: vpc.id.clone(),
        az,
        cidr,
        route_table: None,
        network_acl: None,
        map_public_ip_on_launch: false,
    };
    created.insert(0, named(id, subnet));
    Ok(created)
}

/// The first block of prefix max(24, block prefix) inside `blocks` (in order) that overlaps
/// none of `taken`. Blocks smaller than a /28, the smallest subnet, are skipped.
fn free_subnet_block(blocks: &[Cidr], taken: &[Cidr]) -> Option<Cidr> {
    for &block in blocks {
        if block.prefix() > 28 {
            continue;
        }
        let prefix = block.prefix().max(24);
        let step = 1u64 << (32 - u32::from(prefix));
        let end = u64::from(block.last().0) + 1;
        let mut start = u64::from(block.network().0);
        while start + step <= end {
            let candidate = Cidr::new(Ipv4(u32::try_from(start).ok()?), prefix);
            // Jump past every subnet in the way, to the next aligned block: a large subnet
            // costs one step, not one per /24 it covers.
            match taken.iter().filter(|t| t.overlaps(candidate)).map(|t| u64::from(t.last().0) + 1).max() {
                None => return Some(candidate),
                Some(after) => start = after.div_ceil(step) * step,
            }
        }
    }
    None
}

/// An Internet gateway attached to the VPC dropped onto (or the VPC of the subnet). A VPC
/// has at most one: AttachInternetGateway fails with `Resource.AlreadyAssociated`. Sources:
/// VPC User Guide, "Internet gateways"; VPC quotas (aws-facts.md §5, "IGW").
pub(crate) fn internet_gateway(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    let vpc = place.vpc(msg!("create.internet_gateway_attaches_vpc"))?;
    let existing = s.nodes.iter().find(|n| matches!(&n.spec, Spec::InternetGateway { vpc: Some(v) } if v == &vpc.id));
    if let Some(igw) = existing {
        return Err(msg!("create.resource_alreadyassociated_vpc_already", vpc_id = vpc.id, igw_id = igw.id));
    }
    Ok(vec![named(ids.next("igw"), Spec::InternetGateway { vpc: Some(vpc.id.clone()) })])
}

/// A public NAT gateway in the subnet dropped onto, with an Elastic IP (a public NAT gateway
/// needs one). A private subnet is accepted here: validate explains why it cannot work.
/// Source: VPC User Guide, "NAT gateway basics" (aws-facts.md §5).
pub(crate) fn nat_gateway(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    let subnet = place.subnet(msg!("create.nat_gateway_lives_subnet"))?;
    let eip = free_public_ip(s)?;
    Ok(vec![named(ids.next("nat"), Spec::NatGateway { subnet: subnet.id.clone(), elastic_ip: Some(eip) })])
}

/// The Internet, on the empty canvas: it is outside AWS, and there is only one.
pub(crate) fn internet(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    place.empty_canvas(msg!("create.internet_outside_aws_drop"))?;
    if let Some(existing) = s.nodes.iter().find(|n| matches!(n.spec, Spec::Internet {})) {
        return Err(msg!("create.design_already_internet_there", existing_id = existing.id));
    }
    Ok(vec![Node::new(ids.take("internet", true), "Internet".to_string(), Spec::Internet {})])
}

/// A virtual private gateway: attached to the VPC dropped onto (or the subnet's VPC), or
/// unattached in a Region or on the empty canvas. A VPC takes one at a time. Source: EC2 API
/// `AttachVpnGateway` ("You can attach one virtual private gateway to one VPC at a time").
pub(crate) fn vpn_gateway(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    let vpc = place.vpc_if_any()?;
    if let Some(vpc) = vpc {
        let existing = s.nodes.iter().find(|n| matches!(&n.spec, Spec::VpnGateway { vpc: Some(v) } if v == &vpc.id));
        if let Some(vgw) = existing {
            return Err(msg!("create.vpc_already_virtual_private", vpc_id = vpc.id, vgw_id = vgw.id));
        }
    }
    Ok(vec![named(ids.next("vgw"), Spec::VpnGateway { vpc: vpc.map(|v| v.id.clone()) })])
}
