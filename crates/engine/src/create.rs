//! Creating what a person drops from the palette: where each component may go, the defaults AWS gives it, and what AWS creates along with it.
//!
//! The web app calls [`create`] with the innermost container under the pointer and adds the
//! nodes it returns; it never decides an AWS rule itself. A refusal is a bilingual message
//! saying what is wrong and where to drop instead. Everything is deterministic (same
//! scenario and drop, same nodes) and nothing panics, whatever the document holds:
//! dangling references are refused with a message or skipped, never unwrapped.
//!
//! Ids are short and readable (`vpc-1`, `subnet-3`, `i-2`): the first free number for the
//! prefix, counting ids in the scenario, in its layout and already handed out by this call.

use crate::cidr::{Cidr, Ipv4};
use crate::model::{Kind, LoadBalancerType, Node, NodeId, PortRange, Protocol, Scenario, Scheme, SgRule, Spec, Text};
use crate::view::subnet_is_public;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A component kind in the palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blueprint {
    /// An AWS Region, with two Availability Zones.
    Region,
    /// A VPC, with its main route table, default network ACL and default security group.
    Vpc,
    /// A subnet of a VPC, in one Availability Zone.
    Subnet,
    /// An Internet gateway attached to a VPC.
    InternetGateway,
    /// A public NAT gateway with an Elastic IP.
    NatGateway,
    /// An EC2 instance.
    Instance,
    /// An EC2 Auto Scaling group.
    AutoScalingGroup,
    /// An Application Load Balancer.
    Alb,
    /// A Network Load Balancer.
    Nlb,
    /// A virtual private gateway (the AWS end of a VPN or Direct Connect).
    VpnGateway,
    /// The public Internet.
    Internet,
    /// A corporate data centre.
    OnPremises,
    /// An RDS DB instance (MySQL) with a DB subnet group in two AZs.
    #[serde(rename = "rds_instance")]
    Rds,
    /// An S3 bucket in a Region.
    S3Bucket,
    /// A CloudFront distribution in front of an origin.
    #[serde(rename = "cloudfront_distribution")]
    Cloudfront,
    /// A Route 53 record pointing at the design's entry point.
    #[serde(rename = "route53_record")]
    Route53,
}

impl Blueprint {
    /// Every palette entry, in palette order.
    pub const ALL: [Blueprint; 16] = [
        Blueprint::Region,
        Blueprint::Vpc,
        Blueprint::Subnet,
        Blueprint::InternetGateway,
        Blueprint::NatGateway,
        Blueprint::Instance,
        Blueprint::AutoScalingGroup,
        Blueprint::Alb,
        Blueprint::Nlb,
        Blueprint::VpnGateway,
        Blueprint::Internet,
        Blueprint::OnPremises,
        Blueprint::Rds,
        Blueprint::S3Bucket,
        Blueprint::Cloudfront,
        Blueprint::Route53,
    ];

    /// The kind of the node it creates (both load balancers create a load balancer).
    pub fn kind(self) -> Kind {
        match self {
            Blueprint::Region => Kind::Region,
            Blueprint::Vpc => Kind::Vpc,
            Blueprint::Subnet => Kind::Subnet,
            Blueprint::InternetGateway => Kind::InternetGateway,
            Blueprint::NatGateway => Kind::NatGateway,
            Blueprint::Instance => Kind::Instance,
            Blueprint::AutoScalingGroup => Kind::AutoScalingGroup,
            Blueprint::Alb | Blueprint::Nlb => Kind::LoadBalancer,
            Blueprint::VpnGateway => Kind::VpnGateway,
            Blueprint::Internet => Kind::Internet,
            Blueprint::OnPremises => Kind::OnPremises,
            Blueprint::Rds => Kind::RdsInstance,
            Blueprint::S3Bucket => Kind::S3Bucket,
            Blueprint::Cloudfront => Kind::CloudfrontDistribution,
            Blueprint::Route53 => Kind::Route53Record,
        }
    }

    /// Its icon and glyph: its kind's, but a Network Load Balancer has its own.
    pub fn icon(self) -> (&'static str, &'static str) {
        match self {
            Blueprint::Nlb => crate::kinds::NLB_ICON,
            b => (b.kind().info().icon, b.kind().info().glyph),
        }
    }
}

/// Where it was dropped: the innermost container under the pointer (a Region, VPC or subnet
/// node id, or `None` for the empty canvas), and the Availability Zone lane under the pointer
/// if any (an AZ node id). `DropTarget::default()` is the empty canvas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DropTarget<'a> {
    /// The innermost Region, VPC or subnet under the pointer; `None` for the empty canvas.
    pub container: Option<&'a NodeId>,
    /// The Availability Zone lane under the pointer; only a subnet uses it.
    pub az: Option<&'a NodeId>,
}

/// The nodes to add (the dropped component first, then what AWS creates with it), or why
/// it cannot be created there.
///
/// Where each blueprint goes (a drop inside a container counts for the containers around it):
///
/// | blueprint | dropped on | also creates |
/// |---|---|---|
/// | Region | the empty canvas | two Availability Zones |
/// | VPC | a Region (or anything inside one) | main route table, default network ACL, default security group |
/// | subnet | a VPC, in the AZ lane under the pointer | its Region's first AZ, if the Region has none |
/// | Internet gateway, ALB, NLB | a VPC or one of its subnets | |
/// | NAT gateway, instance | a subnet | |
/// | Auto Scaling group | a subnet (it also launches into the VPC's subnets of the same tier in other AZs) | |
/// | VPN gateway | a VPC or subnet (attached), or elsewhere (unattached) | |
/// | Internet, on-premises | the empty canvas | |
/// | RDS DB instance | a private subnet (with a second subnet of the VPC in another AZ) | |
/// | S3 bucket | a Region, outside its VPCs | |
/// | CloudFront, Route 53 record | the empty canvas (global services) | |
pub fn create(s: &Scenario, what: Blueprint, at: DropTarget) -> Result<Vec<Node>, Text> {
    let place = Place::resolve(s, at.container)?;
    let mut ids = Ids::new(s);
    match what {
        Blueprint::Region => region(s, &place, &mut ids),
        Blueprint::Vpc => vpc(s, &place, &mut ids),
        Blueprint::Subnet => subnet(s, &place, at.az, &mut ids),
        Blueprint::InternetGateway => internet_gateway(s, &place, &mut ids),
        Blueprint::NatGateway => nat_gateway(s, &place, &mut ids),
        Blueprint::Instance => instance(s, &place, &mut ids),
        Blueprint::AutoScalingGroup => auto_scaling_group(s, &place, &mut ids),
        Blueprint::Alb => load_balancer(s, &place, LoadBalancerType::Alb, &mut ids),
        Blueprint::Nlb => load_balancer(s, &place, LoadBalancerType::Nlb, &mut ids),
        Blueprint::VpnGateway => vpn_gateway(s, &place, &mut ids),
        Blueprint::Internet => internet(s, &place, &mut ids),
        Blueprint::OnPremises => on_premises(s, &place, &mut ids),
        Blueprint::Rds => rds(s, &place, &mut ids),
        Blueprint::S3Bucket => s3_bucket(&place, &mut ids),
        Blueprint::Cloudfront => cloudfront(s, &place, &mut ids),
        Blueprint::Route53 => route53(s, &place, &mut ids),
    }
}

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

/// Public addresses handed out for Elastic IPs and auto-assigned public IPv4 addresses:
/// TEST-NET-3, 203.0.113.0/24, reserved for documentation (RFC 5737), so no design names a
/// real host.
fn public_pool() -> Cidr {
    Cidr::new(Ipv4(0xCB00_7100), 24)
}

/// Where a drop landed, resolved upward: the subnet, VPC and Region that contain it.
#[derive(Default)]
struct Place<'s> {
    /// The node dropped onto; `None` for the empty canvas.
    container: Option<&'s Node>,
    subnet: Option<&'s Node>,
    vpc: Option<&'s Node>,
    region: Option<&'s Node>,
    /// The first reference that does not resolve on the way up, as a message.
    broken: Option<Text>,
}

impl<'s> Place<'s> {
    fn resolve(s: &'s Scenario, container: Option<&NodeId>) -> Result<Place<'s>, Text> {
        let Some(id) = container else { return Ok(Place::default()) };
        let Some(node) = s.node(id) else {
            return Err(Text::new(
                format!("There is no element '{id}' to drop onto: the diagram is out of date. Drop again."),
                format!("놓을 대상 '{id}'이(가) 없습니다. 다이어그램이 최신 상태가 아니니 다시 놓으세요."),
            ));
        };
        let mut place = Place { container: Some(node), ..Place::default() };
        let mut region_ref = None;
        match &node.spec {
            Spec::Region { .. } => place.region = Some(node),
            // An AZ lane is not a container, but it is Region-level in AWS: resolve it upward.
            Spec::AvailabilityZone { region, .. } => region_ref = Some((node, region)),
            Spec::Vpc { region, .. } => {
                place.vpc = Some(node);
                region_ref = Some((node, region));
            }
            Spec::Subnet { vpc, .. } => {
                place.subnet = Some(node);
                match s.node(vpc) {
                    Some(v @ Node { spec: Spec::Vpc { region, .. }, .. }) => {
                        place.vpc = Some(v);
                        region_ref = Some((v, region));
                    }
                    _ => place.broken = Some(dangling(&node.id, vpc, "VPC", ["VPC로", "그런 VPC가"])),
                }
            }
            other => {
                let kind = other.kind().name();
                return Err(Text::new(
                    format!(
                        "'{id}' ({kind}) is not a container: drop onto a Region, a VPC, a subnet or the empty canvas."
                    ),
                    format!("'{id}'({kind})은(는) 컨테이너가 아닙니다. 리전, VPC, 서브넷 또는 빈 캔버스에 놓으세요."),
                ));
            }
        }
        if let Some((owner, region)) = region_ref {
            match s.node(region) {
                Some(r @ Node { spec: Spec::Region { .. }, .. }) => place.region = Some(r),
                _ => place.broken = Some(dangling(&owner.id, region, "Region", ["리전으로", "그런 리전이"])),
            }
        }
        Ok(place)
    }

    /// The Region the drop is in, or `outside` (or the broken link on the way up).
    fn region(&self, outside: Text) -> Result<&'s Node, Text> {
        self.region.ok_or_else(|| self.broken.clone().unwrap_or(outside))
    }

    /// The VPC the drop is in (the container, or the VPC of the subnet dropped onto), if any;
    /// an error if it was dropped onto a subnet whose VPC is missing.
    fn vpc_if_any(&self) -> Result<Option<&'s Node>, Text> {
        match (self.vpc, self.subnet, &self.broken) {
            (None, Some(_), Some(broken)) => Err(broken.clone()),
            (vpc, ..) => Ok(vpc),
        }
    }

    /// The VPC the drop is in, or `outside`.
    fn vpc(&self, outside: Text) -> Result<&'s Node, Text> {
        self.vpc_if_any()?.ok_or(outside)
    }

    /// The subnet dropped onto.
    fn subnet(&self, outside: Text) -> Result<&'s Node, Text> {
        self.subnet.ok_or(outside)
    }

    /// Refuses any container: the component belongs on the empty canvas.
    fn empty_canvas(&self, inside: Text) -> Result<(), Text> {
        self.container.map_or(Ok(()), |_| Err(inside))
    }
}

/// A reference on the way up that names no node of the right kind. `ko` is the Korean noun
/// with its particles: "as its ..." and "no such ...".
fn dangling(owner: &NodeId, target: &NodeId, what: &str, ko: [&str; 2]) -> Text {
    let [ko_as, ko_none] = ko;
    Text::new(
        format!("'{owner}' names '{target}' as its {what}, but there is no such {what}: fix '{owner}' in the inspector first."),
        format!("'{owner}'이(가) '{target}'을(를) {ko_as} 가리키지만 {ko_none} 없습니다. 먼저 검사기에서 '{owner}'을(를) 고치세요."),
    )
}

/// Hands out readable ids (`vpc-1`, `vpc-2`, ...) not used by the scenario's nodes, its
/// layout (a stale entry would misplace the new node) or earlier ids of the same call.
struct Ids {
    taken: BTreeSet<String>,
}

impl Ids {
    fn new(s: &Scenario) -> Ids {
        let nodes = s.nodes.iter().map(|n| n.id.0.clone());
        Ids { taken: crate::sort::set_of(nodes.chain(s.layout.keys().map(|id| id.0.clone()))) }
    }

    /// `prefix` itself if `bare` and free, else the first free `prefix-N`, N = 1, 2, ...
    fn take(&mut self, prefix: &str, bare: bool) -> NodeId {
        let candidates = bare.then(|| prefix.to_string()).into_iter();
        let numbered = (if bare { 2u64 } else { 1 }..).map(|n| format!("{prefix}-{n}"));
        // The set is finite, so a free id is always found.
        let id = candidates.chain(numbered).find(|id| !self.taken.contains(id)).unwrap_or_default();
        self.taken.insert(id.clone());
        NodeId(id)
    }

    fn next(&mut self, prefix: &str) -> NodeId {
        self.take(prefix, false)
    }
}

/// A node named like its id (the `Name` tag a person would type first).
fn named(id: NodeId, spec: Spec) -> Node {
    Node::new(id.clone(), id.0, spec)
}

/// A Region on the empty canvas, with two AZ nodes: AZs are Region-level in AWS, and every
/// Region has at least two (most have three or more). Source: EC2 User Guide, "Regions and
/// Zones" (<https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html>).
fn region(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    place.empty_canvas(Text::new(
        "A Region is the outermost container: drop it on the empty canvas, outside every other box.",
        "리전은 가장 바깥 컨테이너입니다. 다른 상자 밖의 빈 캔버스에 놓으세요.",
    ))?;
    let used: BTreeSet<&str> = crate::sort::set_of(s.nodes.iter().filter_map(|n| match &n.spec {
        Spec::Region { code } => Some(code.as_str()),
        _ => None,
    }));
    let Some(&(code, name)) = REGIONS.iter().find(|(code, _)| !used.contains(code)) else {
        return Err(Text::new(
            format!("Every Region Stratus offers ({}) is already on the canvas. Use one of them, or change a Region's code in the inspector.", REGIONS.len()),
            format!("Stratus가 제공하는 리전({}개)이 모두 캔버스에 있습니다. 그중 하나를 쓰거나 검사기에서 리전 코드를 바꾸세요.", REGIONS.len()),
        ));
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
fn vpc(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    let region = place.region(Text::new(
        "A VPC lives in one Region: drop it inside a Region.",
        "VPC는 하나의 리전 안에 있습니다. 리전 안에 놓으세요.",
    ))?;
    // The first 10.N.0.0/16 that overlaps no VPC of the design, so that any two can be
    // peered later: peering needs non-overlapping blocks (aws-facts.md §5, "VPC peering").
    let taken = vpc_blocks(s);
    let Some(cidr) = (0..=255u32)
        .map(|n| Cidr::new(Ipv4(0x0A00_0000 | n << 16), 16))
        .find(|c| !taken.iter().any(|b| b.overlaps(*c)))
    else {
        return Err(Text::new(
            "Every 10.N.0.0/16 block overlaps a VPC already in the design. Delete a VPC, or set this one's CIDR by hand.",
            "모든 10.N.0.0/16 블록이 이미 있는 VPC와 겹칩니다. VPC를 지우거나 CIDR을 직접 지정하세요.",
        ));
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

/// The group name AWS gives every VPC's default security group (it cannot be reused).
const DEFAULT_SG_NAME: &str = "default";

/// Every IPv4 block of every VPC in the design.
fn vpc_blocks(s: &Scenario) -> Vec<Cidr> {
    s.nodes.iter().flat_map(blocks_of).collect()
}

/// The blocks of a VPC node, primary first.
fn blocks_of(vpc: &Node) -> Vec<Cidr> {
    match &vpc.spec {
        Spec::Vpc { cidr, secondary_cidrs, .. } => std::iter::once(*cidr).chain(secondary_cidrs.clone()).collect(),
        _ => Vec::new(),
    }
}

/// A subnet inside a VPC, in one AZ of the VPC's Region, with the first free /24 of the
/// VPC's blocks and no explicit route table (so it uses the main table: private in a new
/// VPC). Subnets do not nest.
/// Sources: VPC User Guide, "Subnet CIDR blocks" (a subnet lies in one AZ, /16 to /28, and
/// a VPC's subnets do not overlap), "Route tables" (aws-facts.md §5).
fn subnet(s: &Scenario, place: &Place, lane: Option<&NodeId>, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    if let Some(inside) = place.subnet {
        return Err(Text::new(
            format!("Subnets cannot nest: '{}' is already a subnet. Drop the new subnet on its VPC, outside the other subnets.", inside.id),
            format!("서브넷은 중첩할 수 없습니다. '{}'은(는) 이미 서브넷입니다. 다른 서브넷 밖, VPC 안에 놓으세요.", inside.id),
        ));
    }
    let vpc = place.vpc(Text::new(
        "A subnet is part of a VPC: drop it inside a VPC.",
        "서브넷은 VPC의 일부입니다. VPC 안에 놓으세요.",
    ))?;
    // Resolving the VPC resolved its Region too, or recorded why not.
    let region = place.region(Text::new(
        format!("VPC '{}' is in no Region: fix it in the inspector first.", vpc.id),
        format!("VPC '{}'이(가) 어느 리전에도 없습니다. 먼저 검사기에서 고치세요.", vpc.id),
    ))?;
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
        return Err(Text::new(
            format!("VPC '{}' is full: none of its blocks ({list}) has a free /24 left (or, in a block smaller than a /24, is free at all). Add a secondary CIDR block to the VPC, or delete a subnet.", vpc.id),
            format!("VPC '{}'이(가) 가득 찼습니다. 블록({list}) 어디에도 남은 /24가 없습니다(/24보다 작은 블록은 통째로 비어 있어야 합니다). VPC에 보조 CIDR 블록을 추가하거나 서브넷을 지우세요.", vpc.id),
        ));
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
fn internet_gateway(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    let vpc = place.vpc(Text::new(
        "An Internet gateway attaches to a VPC: drop it on a VPC or one of its subnets.",
        "인터넷 게이트웨이는 VPC에 연결됩니다. VPC나 그 서브넷 위에 놓으세요.",
    ))?;
    let existing = s.nodes.iter().find(|n| matches!(&n.spec, Spec::InternetGateway { vpc: Some(v) } if v == &vpc.id));
    if let Some(igw) = existing {
        return Err(Text::new(
            format!("Resource.AlreadyAssociated: VPC '{}' already has Internet gateway '{}'. A VPC can have only one Internet gateway; use the existing one.", vpc.id, igw.id),
            format!("Resource.AlreadyAssociated: VPC '{}'에는 이미 인터넷 게이트웨이 '{}'이(가) 있습니다. VPC에는 인터넷 게이트웨이를 하나만 연결할 수 있으니 기존 것을 쓰세요.", vpc.id, igw.id),
        ));
    }
    Ok(vec![named(ids.next("igw"), Spec::InternetGateway { vpc: Some(vpc.id.clone()) })])
}

/// A public NAT gateway in the subnet dropped onto, with an Elastic IP (a public NAT gateway
/// needs one). A private subnet is accepted here: validate explains why it cannot work.
/// Source: VPC User Guide, "NAT gateway basics" (aws-facts.md §5).
fn nat_gateway(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    let subnet = place.subnet(Text::new(
        "A NAT gateway lives in a subnet (a public one, to reach the Internet): drop it inside a subnet.",
        "NAT 게이트웨이는 서브넷(인터넷에 나가려면 퍼블릭 서브넷) 안에 있습니다. 서브넷 안에 놓으세요.",
    ))?;
    let eip = free_public_ip(s)?;
    Ok(vec![named(ids.next("nat"), Spec::NatGateway { subnet: subnet.id.clone(), elastic_ip: Some(eip) })])
}

/// The first address of [`public_pool`] no instance or NAT gateway of the design uses.
fn free_public_ip(s: &Scenario) -> Result<Ipv4, Text> {
    let used: BTreeSet<Ipv4> = crate::sort::set_of(s.nodes.iter().filter_map(|n| match &n.spec {
        Spec::Instance { public_ip, .. } => *public_ip,
        Spec::NatGateway { elastic_ip, .. } => *elastic_ip,
        _ => None,
    }));
    let pool = public_pool();
    // .0 and .255 look like network and broadcast addresses: leave them out.
    (1..255).filter_map(|n| pool.nth(n)).find(|ip| !used.contains(ip)).ok_or_else(|| {
        Text::new(
            format!("All {pool} addresses Stratus hands out as public IPs are in use. Remove a public or Elastic IP first."),
            format!("Stratus가 퍼블릭 IP로 주는 {pool} 주소가 모두 쓰이고 있습니다. 먼저 퍼블릭 IP나 탄력적 IP를 하나 지우세요."),
        )
    })
}

/// An EC2 instance in the subnet dropped onto: t3.micro, the first free private address
/// (AWS reserves the first four and the last of every subnet), a public address only if the
/// subnet auto-assigns one, and the VPC's default security group (RunInstances uses it when
/// no group is given). Sources: VPC User Guide, "Subnet CIDR blocks", "Default security
/// groups for your VPCs"; EC2 API `RunInstances` (aws-facts.md §1.7, §5).
fn instance(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    let outside = Text::new(
        "An EC2 instance runs in a subnet: drop it inside a subnet.",
        "EC2 인스턴스는 서브넷 안에서 실행됩니다. 서브넷 안에 놓으세요.",
    );
    let subnet = place.subnet(outside.clone())?;
    let Spec::Subnet { cidr, map_public_ip_on_launch, .. } = &subnet.spec else { return Err(outside) };
    let Some(private_ip) = free_private_ip(s, &subnet.id, *cidr) else {
        return Err(Text::new(
            format!("InsufficientFreeAddressesInSubnet: subnet '{}' ({cidr}) has no free address left; AWS reserves 5 in every subnet. Drop the instance in another subnet, or use a larger one.", subnet.id),
            format!("InsufficientFreeAddressesInSubnet: 서브넷 '{}'({cidr})에 남은 주소가 없습니다. AWS는 서브넷마다 5개를 예약합니다. 다른 서브넷에 놓거나 더 큰 서브넷을 쓰세요.", subnet.id),
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

/// An Auto Scaling group of t3.micro instances (min 1, desired 2, max 4, a launch template,
/// EC2 health checks) in the subnet it was dropped on and, per other AZ of the VPC, the
/// first subnet of the same tier (public or private), so that it spans AZs at once.
fn auto_scaling_group(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    let outside = Text::new(
        "An Auto Scaling group launches into subnets: drop it inside a subnet.",
        "Auto Scaling 그룹은 서브넷에 인스턴스를 시작합니다. 서브넷 안에 놓으세요.",
    );
    let subnet = place.subnet(outside.clone())?;
    let Some((subnets, _)) = same_tier_per_az(s, subnet) else { return Err(outside) };
    let spec = Spec::AutoScalingGroup {
        subnets,
        instance_type: "t3.micro".to_string(),
        security_groups: default_security_group(s, place.vpc).into_iter().collect(),
        app: None,
        launch_template: Some(crate::model::LaunchTemplate { name: "web".to_string(), version: 1 }),
        launch_configuration: None,
        min: 1,
        max: 4,
        desired: 2,
        health_check_type: Default::default(),
        timing: Default::default(),
        load_balancers: Vec::new(),
        policies: Vec::new(),
        distribution: Default::default(),
    };
    Ok(vec![named(ids.next("asg"), spec)])
}

/// The VPC's default security group: the first of its groups named `default`. A VPC without
/// one gets `None`, and an empty group list means the same default group to `net`.
fn default_security_group(s: &Scenario, vpc: Option<&Node>) -> Option<NodeId> {
    let vpc = vpc?;
    s.nodes.iter().find_map(|n| match &n.spec {
        Spec::SecurityGroup { vpc: v, .. } if v == &vpc.id && n.name == DEFAULT_SG_NAME => Some(n.id.clone()),
        _ => None,
    })
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

/// An Application or Network Load Balancer in the VPC dropped onto: internet-facing, one
/// subnet per AZ of the VPC (the subnet dropped onto, else a public one, else the first),
/// the VPC's default security group for an ALB and none for an NLB, no targets. An ALB in
/// fewer than two AZs is created anyway: validate flags it, as CreateLoadBalancer would
/// refuse it. Sources: ELB User Guide, "Application Load Balancers" (subnets in at least two
/// AZs), "Security groups for your Network Load Balancer" (aws-facts.md §4).
fn load_balancer(s: &Scenario, place: &Place, lb_type: LoadBalancerType, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    let vpc = place.vpc(Text::new(
        "A load balancer lives in a VPC: drop it on a VPC or one of its subnets.",
        "로드 밸런서는 VPC 안에 있습니다. VPC나 그 서브넷 위에 놓으세요.",
    ))?;
    let dropped_on = place.subnet.map(|n| &n.id);
    // Per AZ, in order of first appearance: (az, subnet, rank), lowest rank wins.
    let mut per_az: Vec<(&NodeId, &NodeId, u8)> = Vec::new();
    for n in &s.nodes {
        let Spec::Subnet { vpc: v, az, .. } = &n.spec else { continue };
        if v != &vpc.id {
            continue;
        }
        let rank = if Some(&n.id) == dropped_on {
            0
        } else if subnet_is_public(s, &n.id) {
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

/// A virtual private gateway: attached to the VPC dropped onto (or the subnet's VPC), or
/// unattached in a Region or on the empty canvas. A VPC takes one at a time. Source: EC2 API
/// `AttachVpnGateway` ("You can attach one virtual private gateway to one VPC at a time").
fn vpn_gateway(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    let vpc = place.vpc_if_any()?;
    if let Some(vpc) = vpc {
        let existing = s.nodes.iter().find(|n| matches!(&n.spec, Spec::VpnGateway { vpc: Some(v) } if v == &vpc.id));
        if let Some(vgw) = existing {
            return Err(Text::new(
                format!("VPC '{}' already has virtual private gateway '{}': a VPC takes only one. Use the existing one, or drop the new one outside the VPC to leave it unattached.", vpc.id, vgw.id),
                format!("VPC '{}'에는 이미 가상 프라이빗 게이트웨이 '{}'이(가) 있습니다. VPC에는 하나만 연결됩니다. 기존 것을 쓰거나, 새것을 VPC 밖에 놓아 연결하지 않은 채로 두세요.", vpc.id, vgw.id),
            ));
        }
    }
    Ok(vec![named(ids.next("vgw"), Spec::VpnGateway { vpc: vpc.map(|v| v.id.clone()) })])
}

/// The Internet, on the empty canvas: it is outside AWS, and there is only one.
fn internet(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    place.empty_canvas(Text::new(
        "The Internet is outside AWS: drop it on the empty canvas, outside every Region.",
        "인터넷은 AWS 밖에 있습니다. 모든 리전 밖의 빈 캔버스에 놓으세요.",
    ))?;
    if let Some(existing) = s.nodes.iter().find(|n| matches!(n.spec, Spec::Internet {})) {
        return Err(Text::new(
            format!(
                "The design already has the Internet ('{}'), and there is only one. Connect to it instead.",
                existing.id
            ),
            format!("설계에 이미 인터넷('{}')이 있고, 인터넷은 하나뿐입니다. 그것에 연결하세요.", existing.id),
        ));
    }
    Ok(vec![Node::new(ids.take("internet", true), "Internet".to_string(), Spec::Internet {})])
}

/// A corporate data centre on the empty canvas, with an RFC 1918 range that overlaps no VPC
/// and no other on-premises network: a VPN or Direct Connect route to it must not collide
/// with a VPC's local route (longest prefix wins; aws-facts.md §5, "Route tables").
fn on_premises(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    place.empty_canvas(Text::new(
        "An on-premises network is outside AWS: drop it on the empty canvas, outside every Region.",
        "온프레미스 네트워크는 AWS 밖에 있습니다. 모든 리전 밖의 빈 캔버스에 놓으세요.",
    ))?;
    let mut taken = vpc_blocks(s);
    taken.extend(s.nodes.iter().filter_map(|n| match &n.spec {
        Spec::OnPremises { cidr } => Some(*cidr),
        _ => None,
    }));
    // 192.168.0.0/16, then 172.16-31.0.0/16, then 10.N.0.0/16 from the top, away from the
    // 10.0, 10.1, ... blocks new VPCs take.
    let mut candidates = std::iter::once(0xC0A8_0000)
        .chain((16..=31u32).map(|b| 0xAC00_0000 | b << 16))
        .chain((0..=255u32).rev().map(|b| 0x0A00_0000 | b << 16))
        .map(|net| Cidr::new(Ipv4(net), 16));
    let Some(cidr) = candidates.find(|c| !taken.iter().any(|t| t.overlaps(*c))) else {
        return Err(Text::new(
            "Every private /16 range overlaps a VPC or an on-premises network of the design. Delete one, or set this network's range by hand.",
            "모든 프라이빗 /16 범위가 설계의 VPC나 온프레미스 네트워크와 겹칩니다. 하나를 지우거나 이 네트워크의 범위를 직접 지정하세요.",
        ));
    };
    Ok(vec![named(ids.next("onprem"), Spec::OnPremises { cidr })])
}

/// `subnet` and, for every other AZ of its VPC, the first subnet of the same tier (public
/// or private), in document order; and whether that tier is public. What a resource that
/// spans AZs (an Auto Scaling group, a DB subnet group) is given when dropped on a subnet.
fn same_tier_per_az(s: &Scenario, subnet: &Node) -> Option<(Vec<NodeId>, bool)> {
    let Spec::Subnet { vpc, az, .. } = &subnet.spec else { return None };
    let public = subnet_is_public(s, &subnet.id);
    let mut subnets = vec![subnet.id.clone()];
    let mut azs = vec![az];
    for n in &s.nodes {
        let Spec::Subnet { vpc: v, az: other, .. } = &n.spec else { continue };
        if v == vpc && !azs.contains(&other) && subnet_is_public(s, &n.id) == public {
            azs.push(other);
            subnets.push(n.id.clone());
        }
    }
    Some((subnets, public))
}

/// An RDS DB instance (MySQL, db.t3.micro, single-AZ) in the subnet dropped onto. Its DB
/// subnet group needs subnets in at least two AZs (CreateDBSubnetGroup fails with
/// `DBSubnetGroupDoesNotCoverEnoughAZs`), so the group takes, for every other AZ of the VPC,
/// a subnet of the same kind (private, or public) when there is one. Source: RDS User Guide,
/// "Working with a DB instance in a VPC" (aws-facts.md §10).
fn rds(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    let outside = Text::new(
        "An RDS DB instance lives in a VPC's subnets (private ones, by good practice): drop it inside a private subnet.",
        "RDS DB 인스턴스는 VPC의 서브넷(보통 프라이빗 서브넷) 안에 있습니다. 프라이빗 서브넷 안에 놓으세요.",
    );
    let subnet = place.subnet(outside.clone())?;
    let Some((subnets, public)) = same_tier_per_az(s, subnet) else { return Err(outside) };
    let Spec::Subnet { vpc, .. } = &subnet.spec else { return Err(outside) };
    if subnets.len() < 2 {
        return Err(Text::new(
            format!("DBSubnetGroupDoesNotCoverEnoughAZs: a DB subnet group needs subnets in at least two Availability Zones, and VPC '{vpc}' has no other {} subnet in another AZ. Add one, then drop the database again.", if public { "public" } else { "private" }),
            format!("DBSubnetGroupDoesNotCoverEnoughAZs: DB 서브넷 그룹에는 최소 두 가용 영역의 서브넷이 필요한데, VPC '{vpc}'에는 다른 AZ의 {} 서브넷이 없습니다. 하나 추가한 뒤 다시 놓으세요.", if public { "퍼블릭" } else { "프라이빗" }),
        ));
    }
    let spec = Spec::RdsInstance {
        instance_class: "db.t3.micro".to_string(),
        engine: "mysql".to_string(),
        subnets,
        security_groups: default_security_group(s, place.vpc).into_iter().collect(),
        multi_az: false,
        read_replicas: 0,
        read_ms: 2.0,
        write_ms: 5.0,
        storage_gib: 20,
    };
    Ok(vec![named(ids.next("db"), spec)])
}

/// An S3 bucket in the Region dropped onto. Buckets are regional and live outside every VPC
/// (instances reach them through a gateway endpoint or the Internet). Source: S3 User Guide,
/// "Buckets overview" (aws-facts.md §6).
fn s3_bucket(place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    if let Some(vpc) = place.vpc {
        return Err(Text::new(
            format!(
                "An S3 bucket is not inside a VPC: it is a regional service. Drop it in the Region, outside VPC '{}'.",
                vpc.id
            ),
            format!("S3 버킷은 VPC 안에 있지 않은 리전 서비스입니다. VPC '{}' 밖, 리전 안에 놓으세요.", vpc.id),
        ));
    }
    let region = place.region(Text::new(
        "An S3 bucket is created in one Region: drop it inside a Region, outside its VPCs.",
        "S3 버킷은 하나의 리전에 만들어집니다. 리전 안, VPC 밖에 놓으세요.",
    ))?;
    Ok(vec![named(
        ids.next("bucket"),
        Spec::S3Bucket {
            region: region.id.clone(),
            prefixes: 1,
            stored_gib: 0,
            versioning: false,
            replicate_to: Vec::new(),
        },
    )])
}

/// Global services (CloudFront, Route 53) are drawn outside every Region.
fn global(place: &Place, what: (&str, &str)) -> Result<(), Text> {
    place.empty_canvas(Text::new(
        format!("{} is a global service, not in a Region: drop it on the empty canvas, outside every Region.", what.0),
        format!("{}은(는) 리전에 속하지 않는 글로벌 서비스입니다. 모든 리전 밖의 빈 캔버스에 놓으세요.", what.1),
    ))
}

/// The design's entry points, best first: CloudFront distributions, internet-facing load
/// balancers, then buckets. A new distribution or record points at the first one.
fn entry_points<'s>(s: &'s Scenario, kinds: &[fn(&Spec) -> bool]) -> Option<&'s NodeId> {
    kinds.iter().find_map(|k| s.nodes.iter().find(|n| k(&n.spec)).map(|n| &n.id))
}

fn is_cloudfront(spec: &Spec) -> bool {
    matches!(spec, Spec::CloudfrontDistribution { .. })
}
fn is_public_lb(spec: &Spec) -> bool {
    matches!(spec, Spec::LoadBalancer { scheme: Scheme::InternetFacing, .. })
}
fn is_bucket(spec: &Spec) -> bool {
    matches!(spec, Spec::S3Bucket { .. })
}

/// A CloudFront distribution on the empty canvas. CreateDistribution requires an origin, so
/// it takes the design's internet-facing load balancer or bucket; change it by drawing a
/// link from the distribution. Source: CloudFront Developer Guide, "Values that you specify
/// when you create or update a distribution" (aws-facts.md §7).
fn cloudfront(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    global(place, ("CloudFront", "CloudFront"))?;
    let Some(origin) = entry_points(s, &[is_public_lb, is_bucket]) else {
        return Err(Text::new(
            "A CloudFront distribution needs an origin: add an internet-facing load balancer or an S3 bucket first, then drop CloudFront again.",
            "CloudFront 배포에는 오리진이 필요합니다. 먼저 인터넷 연결 로드 밸런서나 S3 버킷을 추가한 뒤 다시 놓으세요.",
        ));
    };
    let spec = Spec::CloudfrontDistribution { origin: origin.clone(), static_origin: None, default_ttl_s: 86_400 };
    Ok(vec![named(ids.next("cf"), spec)])
}

/// A Route 53 simple record `www.example.com` on the empty canvas, answering with the
/// design's entry point if it has one (else no value yet: validate says so). Source: Route 53
/// Developer Guide, "Choosing a routing policy" (aws-facts.md §8).
fn route53(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Text> {
    global(place, ("Route 53", "Route 53"))?;
    let values = entry_points(s, &[is_cloudfront, is_public_lb, is_bucket])
        .map(|target| crate::workload::RecordValue { target: target.clone(), weight: 1, failover: None })
        .into_iter()
        .collect();
    let spec = Spec::Route53Record {
        record_name: "www.example.com".to_string(),
        policy: Default::default(),
        ttl_s: 60,
        values,
        health_check: None,
    };
    Ok(vec![named(ids.next("dns"), spec)])
}
