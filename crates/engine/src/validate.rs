//! AWS rules as diagnostics: what AWS would refuse (errors, with AWS's own error code), what it accepts but cannot work (warnings), and what is worth knowing (info).
//!
//! Codes are the EC2 API error codes where AWS has one
//! (<https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html>), else a
//! `Stratus.*` code. Every rule cites its source; aws-facts.md §5 summarises them.
//! `validate` never panics: a reference to a missing node is a diagnostic like any other.

use crate::cidr::Cidr;
use crate::model::{Node, NodeId, Scenario, Spec, Text};
use crate::net::topology::{is_reserved, Topology};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// AWS would refuse this (or the document is broken): the design cannot be built.
    Error,
    /// AWS accepts this, but it does not work as the design intends.
    Warning,
    /// Worth knowing; nothing is wrong.
    Info,
}

/// One finding about one node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The AWS API error code where AWS has one (e.g. `InvalidSubnet.Conflict`), else a
    /// Stratus code (e.g. `Stratus.NatInstance.SourceDestCheck`).
    pub code: String,
    /// Error, warning or info.
    pub severity: Severity,
    /// The node the finding is about (the one to badge).
    pub target: NodeId,
    /// What is wrong, naming the values.
    pub message: Text,
    /// The concept behind the rule and how to fix it.
    pub hint: Text,
    /// Other nodes involved (the subnet it conflicts with, the VPC it should belong to...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<NodeId>,
    /// The AWS documentation page of the rule.
    pub source: String,
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// AWS documentation pages the rules come from.
mod src {
    pub const VPC_CIDR: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html";
    pub const SUBNET: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html";
    pub const EC2_ERRORS: &str = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html";
    pub const ROUTE_TABLES: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html";
    pub const MIDDLEBOX: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html";
    pub const IGW: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html";
    pub const NAT_GATEWAY: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html";
    pub const NAT_INSTANCE: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html";
    pub const SG: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html";
    pub const QUOTAS: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html";
    pub const NACL: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html";
    pub const PEERING: &str = "https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html";
    pub const PEERING_INVALID: &str =
        "https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html";
    pub const DEFAULT_VPC: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html";
    pub const AZ: &str = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html";
    pub const VPN: &str = "https://docs.aws.amazon.com/vpn/latest/s2svpn/how_it_works.html";
    pub const ELB: &str =
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html";
    pub const ELB_TARGETS: &str =
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-register-targets.html";
    pub const ENI: &str = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html";
}

/// What a reference field must name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Want {
    Region,
    Az,
    Vpc,
    Subnet,
    RouteTable,
    NetworkAcl,
    SecurityGroup,
    VpnGateway,
    OnPremises,
}

impl Want {
    fn matches(self, spec: &Spec) -> bool {
        matches!(
            (self, spec),
            (Want::Region, Spec::Region { .. })
                | (Want::Az, Spec::AvailabilityZone { .. })
                | (Want::Vpc, Spec::Vpc { .. })
                | (Want::Subnet, Spec::Subnet { .. })
                | (Want::RouteTable, Spec::RouteTable { .. })
                | (Want::NetworkAcl, Spec::NetworkAcl { .. })
                | (Want::SecurityGroup, Spec::SecurityGroup { .. })
                | (Want::VpnGateway, Spec::VpnGateway { .. })
                | (Want::OnPremises, Spec::OnPremises { .. })
        )
    }

    /// The EC2 error for an id that names no such resource.
    fn code(self) -> &'static str {
        match self {
            Want::Region => "InvalidRegion",
            Want::Az => "InvalidZone.NotFound",
            Want::Vpc => "InvalidVpcID.NotFound",
            Want::Subnet => "InvalidSubnetID.NotFound",
            Want::RouteTable => "InvalidRouteTableID.NotFound",
            Want::NetworkAcl => "InvalidNetworkAclID.NotFound",
            Want::SecurityGroup => "InvalidGroup.NotFound",
            Want::VpnGateway => "InvalidVpnGatewayID.NotFound",
            Want::OnPremises => "InvalidCustomerGatewayID.NotFound",
        }
    }

    fn names(self) -> (&'static str, &'static str) {
        match self {
            Want::Region => ("a Region", "리전"),
            Want::Az => ("an Availability Zone", "가용 영역"),
            Want::Vpc => ("a VPC", "VPC"),
            Want::Subnet => ("a subnet", "서브넷"),
            Want::RouteTable => ("a route table", "라우팅 테이블"),
            Want::NetworkAcl => ("a network ACL", "네트워크 ACL"),
            Want::SecurityGroup => ("a security group", "보안 그룹"),
            Want::VpnGateway => ("a virtual private gateway", "가상 프라이빗 게이트웨이"),
            Want::OnPremises => ("an on-premises network", "온프레미스 네트워크"),
        }
    }
}

struct Check<'a> {
    s: &'a Scenario,
    topo: Topology<'a>,
    out: Vec<Diagnostic>,
}

/// Every AWS rule Stratus knows, checked against the scenario. Sorted by target, then code
/// (then in the order found), so the same document always gives the same list.
pub fn validate(scenario: &Scenario) -> Vec<Diagnostic> {
    let mut c = Check { s: scenario, topo: Topology::new(scenario), out: Vec::new() };
    for node in &scenario.nodes {
        c.node(node);
        c.unknown_fields(node);
    }
    c.one_per_vpc();
    c.subnet_conflicts();
    c.private_addresses();
    c.default_vpcs();
    c.route_targets_that_drop();
    c.layout();
    c.traffic();
    c.limits();
    c.faults();
    c.placement_groups();
    c.peer_calls_outside_cluster();
    let mut out = c.out;
    crate::sort::sort_by(&mut out, |a, b| a.target.cmp(&b.target).then_with(|| a.code.cmp(&b.code)));
    out
}

/// How a subnet's addresses are used: the "a /28 has 11" the inspector shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubnetUsage {
    /// The subnet.
    pub subnet: NodeId,
    /// Its block.
    pub cidr: Cidr,
    /// Addresses in the block.
    pub total: u64,
    /// Addresses AWS reserves: always 5 (network, router, DNS, future use, broadcast).
    pub reserved: u64,
    /// Addresses ENIs can take (`total - reserved`).
    pub usable: u64,
    /// Addresses taken by instances, load balancer nodes and NAT gateways in the design.
    pub used: u64,
    /// `usable - used`.
    pub free: u64,
}

/// Address usage of every subnet, in document order. Source: VPC User Guide, "Subnet CIDR
/// blocks": AWS reserves 5 addresses per subnet, so a /28 has 11 usable (aws-facts.md §5).
pub fn subnet_usage(scenario: &Scenario) -> Vec<SubnetUsage> {
    let topo = Topology::new(scenario);
    let mut used: BTreeMap<&NodeId, u64> = BTreeMap::new();
    for eni in &topo.enis {
        *used.entry(eni.subnet).or_default() += 1;
    }
    for id in &topo.exhausted {
        if let Some(Spec::Instance { subnet, .. }) = topo.spec(id) {
            *used.entry(subnet).or_default() += 1;
        }
    }
    scenario
        .nodes
        .iter()
        .filter_map(|n| match &n.spec {
            Spec::Subnet { cidr, .. } => {
                let usable = cidr.usable_in_subnet();
                let taken = used.get(&n.id).copied().unwrap_or(0);
                Some(SubnetUsage {
                    subnet: n.id.clone(),
                    cidr: *cidr,
                    total: cidr.size(),
                    reserved: cidr.size() - usable,
                    usable,
                    used: taken,
                    free: usable.saturating_sub(taken),
                })
            }
            _ => None,
        })
        .collect()
}

fn vpc_prefix_ok(block: Cidr) -> bool {
    (16..=28).contains(&block.prefix())
}

impl<'a> Check<'a> {
    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        code: &str,
        severity: Severity,
        target: &NodeId,
        message: Text,
        hint: Text,
        related: &[&NodeId],
        source: &str,
    ) {
        self.out.push(Diagnostic {
            code: code.to_string(),
            severity,
            target: target.clone(),
            message,
            hint,
            related: related.iter().map(|&id| id.clone()).collect(),
            source: source.to_string(),
        });
    }

    fn spec(&self, id: &NodeId) -> Option<&'a Spec> {
        self.topo.spec(id)
    }

    /// Checks that `from`'s field `field` names a node of the wanted kind; reports it if not.
    fn reference(&mut self, from: &NodeId, field: &str, id: &NodeId, want: Want) -> bool {
        let (en, ko) = want.names();
        match self.spec(id) {
            Some(spec) if want.matches(spec) => true,
            found => {
                let (what, what_ko) = match found {
                    None => ("does not exist".to_string(), "존재하지 않습니다".to_string()),
                    Some(spec) => {
                        let kind = spec.kind().name();
                        (format!("is a {kind}, not {en}"), format!("{en_ko}이(가) 아니라 {kind}입니다", en_ko = ko))
                    }
                };
                self.emit(
                    want.code(),
                    Severity::Error,
                    from,
                    Text::new(
                        format!("'{from}' refers to '{id}' as its {field}, but '{id}' {what}."),
                        format!("'{from}'의 {field}(으)로 '{id}'을(를) 참조하지만 '{id}'은(는) {what_ko}."),
                    ),
                    Text::new(
                        format!(
                            "Every reference must name an existing {}: pick one from the diagram or create it.",
                            en.trim_start_matches("a ").trim_start_matches("an ")
                        ),
                        format!(
                            "모든 참조는 존재하는 {ko}을(를) 가리켜야 합니다. 다이어그램에서 고르거나 새로 만드세요."
                        ),
                    ),
                    &[id],
                    src::EC2_ERRORS,
                );
                false
            }
        }
    }

    fn vpc_of_subnet(&self, subnet: &NodeId) -> Option<&'a NodeId> {
        match self.spec(subnet) {
            Some(Spec::Subnet { vpc, .. }) => Some(vpc),
            _ => None,
        }
    }

    fn node(&mut self, node: &'a Node) {
        let id = &node.id;
        match &node.spec {
            Spec::Region { .. } | Spec::Internet {} | Spec::OnPremises { .. } => {}
            Spec::AvailabilityZone { region, zone } => self.availability_zone(id, region, zone),
            Spec::Vpc { region, cidr, secondary_cidrs, .. } => self.vpc(id, region, *cidr, secondary_cidrs),
            Spec::Subnet { vpc, az, cidr, route_table, network_acl, .. } => {
                self.subnet(id, vpc, az, *cidr, route_table.as_ref(), network_acl.as_ref())
            }
            Spec::RouteTable { vpc, routes, .. } => self.route_table(id, vpc, routes),
            Spec::InternetGateway { vpc } | Spec::VpnGateway { vpc } => {
                if let Some(vpc) = vpc {
                    self.reference(id, "vpc", vpc, Want::Vpc);
                }
            }
            Spec::NatGateway { subnet, elastic_ip } => self.nat_gateway(id, subnet, elastic_ip.is_some()),
            Spec::SecurityGroup { vpc, inbound, outbound } => self.security_group(id, vpc, inbound, outbound),
            Spec::NetworkAcl { vpc, default, inbound, outbound } => {
                self.network_acl(id, vpc, *default, inbound, outbound)
            }
            Spec::VpcPeering { requester, accepter } => self.peering(id, requester, accepter),
            Spec::Instance { subnet, private_ip, public_ip, security_groups, .. } => {
                self.instance(id, subnet, *private_ip, public_ip.is_some(), security_groups)
            }
            Spec::LoadBalancer { scheme, subnets, security_groups, targets, lb_type, .. } => {
                self.load_balancer(id, *lb_type, *scheme, subnets, security_groups, targets)
            }
            Spec::VpnConnection { vpn_gateway, on_premises } | Spec::DirectConnect { vpn_gateway, on_premises } => {
                self.reference(id, "vpn_gateway", vpn_gateway, Want::VpnGateway);
                self.reference(id, "on_premises", on_premises, Want::OnPremises);
            }
            Spec::RdsInstance { .. }
            | Spec::S3Bucket { .. }
            | Spec::CloudfrontDistribution { .. }
            | Spec::Route53Record { .. } => self.service(node),
            Spec::AutoScalingGroup { .. } => self.auto_scaling_group(node),
        }
        match &node.spec {
            Spec::LoadBalancer { lb_type, health_check: Some(check), .. } => {
                self.health_check(id, *lb_type == crate::model::LoadBalancerType::Alb, check)
            }
            Spec::Route53Record { health_check: Some(check), .. } => self.route53_health_check(id, check),
            _ => {}
        }
        if let Spec::Instance { instance_type, app, ebs, .. } = &node.spec {
            self.instance_performance(id, instance_type, app.as_ref(), ebs.as_ref());
        }
    }

    /// An AZ name is its Region's code plus a letter (e.g. ap-northeast-2a).
    /// Source: EC2 User Guide, "Regions and Zones".
    fn availability_zone(&mut self, id: &NodeId, region: &NodeId, zone: &str) {
        if !self.reference(id, "region", region, Want::Region) {
            return;
        }
        let Some(Spec::Region { code }) = self.spec(region) else { return };
        let suffix = zone.strip_prefix(code.as_str());
        if !suffix.is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_lowercase())) {
            self.emit(
                "InvalidZone.NotFound",
                Severity::Error,
                id,
                Text::new(
                    format!("Availability Zone '{zone}' is not a zone of Region {code}."),
                    format!("가용 영역 '{zone}'은(는) 리전 {code}의 영역이 아닙니다."),
                ),
                Text::new(
                    format!("An Availability Zone belongs to one Region, and its name is the Region code plus a letter, e.g. {code}a."),
                    format!("가용 영역은 한 리전에 속하며, 이름은 리전 코드 뒤에 문자 하나를 붙인 형태입니다 (예: {code}a)."),
                ),
                &[region],
                src::AZ,
            );
        }
    }

    /// VPC blocks are /16 to /28, and a VPC's blocks must not overlap.
    /// Source: VPC User Guide, "VPC CIDR blocks" (aws-facts.md §5).
    fn vpc(&mut self, id: &NodeId, region: &NodeId, cidr: Cidr, secondary: &[Cidr]) {
        self.reference(id, "region", region, Want::Region);
        let blocks: Vec<Cidr> = std::iter::once(cidr).chain(secondary.iter().copied()).collect();
        for (i, block) in blocks.iter().enumerate() {
            if !vpc_prefix_ok(*block) {
                self.emit(
                    "InvalidVpc.Range",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("The VPC block {block} is a /{}; AWS accepts /16 to /28.", block.prefix()),
                        format!("VPC 블록 {block}은(는) /{}입니다. AWS는 /16부터 /28까지만 허용합니다.", block.prefix()),
                    ),
                    Text::new(
                        "A VPC CIDR block holds 65,536 (/16) down to 16 (/28) addresses. Need more? Add secondary blocks.",
                        "VPC CIDR 블록은 65,536개(/16)에서 16개(/28) 주소까지 가질 수 있습니다. 더 필요하면 보조 블록을 추가하세요.",
                    ),
                    &[],
                    src::VPC_CIDR,
                );
            }
            if let Some(earlier) = blocks[..i].iter().find(|b| b.overlaps(*block)) {
                self.emit(
                    "InvalidVpc.Range",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("The secondary block {block} overlaps {earlier}, already a block of this VPC."),
                        format!("보조 블록 {block}이(가) 이 VPC의 기존 블록 {earlier}와(과) 겹칩니다."),
                    ),
                    Text::new(
                        "A secondary CIDR block must not overlap the primary block or another secondary block: pick a range the VPC does not use yet.",
                        "보조 CIDR 블록은 기본 블록이나 다른 보조 블록과 겹치면 안 됩니다. VPC가 아직 쓰지 않는 범위를 고르세요.",
                    ),
                    &[],
                    src::VPC_CIDR,
                );
            }
        }
    }

    /// Subnets are /16 to /28 inside one of their VPC's blocks, in an AZ of the VPC's Region,
    /// associated with a route table and a network ACL of the same VPC.
    /// Source: VPC User Guide, "Subnet CIDR blocks" (aws-facts.md §5).
    fn subnet(
        &mut self,
        id: &NodeId,
        vpc: &NodeId,
        az: &NodeId,
        cidr: Cidr,
        route_table: Option<&NodeId>,
        network_acl: Option<&NodeId>,
    ) {
        let vpc_ok = self.reference(id, "vpc", vpc, Want::Vpc);
        let az_ok = self.reference(id, "az", az, Want::Az);
        if !vpc_prefix_ok(cidr) {
            self.emit(
                "InvalidSubnet.Range",
                Severity::Error,
                id,
                Text::new(
                    format!("The subnet block {cidr} is a /{}; AWS accepts /16 to /28.", cidr.prefix()),
                    format!("서브넷 블록 {cidr}은(는) /{}입니다. AWS는 /16부터 /28까지만 허용합니다.", cidr.prefix()),
                ),
                Text::new(
                    "A subnet holds 65,536 (/16) down to 16 (/28) addresses, of which AWS reserves 5: a /28 leaves 11.",
                    "서브넷은 65,536개(/16)에서 16개(/28) 주소를 가지며 그중 5개는 AWS가 예약합니다. /28이면 11개가 남습니다.",
                ),
                &[],
                src::SUBNET,
            );
        }
        if vpc_ok {
            if let Some(view) = self.topo.vpcs.get(vpc) {
                if !view.contains(cidr) {
                    let blocks: Vec<String> = view.blocks.iter().map(|b| b.to_string()).collect();
                    let blocks = blocks.join(", ");
                    self.emit(
                        "InvalidSubnet.Range",
                        Severity::Error,
                        id,
                        Text::new(
                            format!("The subnet block {cidr} is not inside the blocks of VPC '{vpc}' ({blocks})."),
                            format!("서브넷 블록 {cidr}이(가) VPC '{vpc}'의 블록({blocks}) 안에 있지 않습니다."),
                        ),
                        Text::new(
                            "A subnet's block is carved out of one of its VPC's CIDR blocks (primary or secondary).",
                            "서브넷 블록은 VPC의 CIDR 블록(기본 또는 보조) 중 하나에서 잘라 낸 것이어야 합니다.",
                        ),
                        &[vpc],
                        src::SUBNET,
                    );
                }
            }
        }
        if vpc_ok && az_ok {
            let vpc_region = self.topo.vpcs.get(vpc).map(|v| v.region);
            let az_region = match self.spec(az) {
                Some(Spec::AvailabilityZone { region, .. }) => Some(region),
                _ => None,
            };
            if let (Some(a), Some(b)) = (vpc_region, az_region) {
                if a != b {
                    self.emit(
                        "InvalidParameterValue",
                        Severity::Error,
                        id,
                        Text::new(
                            format!("Subnet '{id}' is in Availability Zone '{az}' of Region '{b}', but its VPC '{vpc}' is in Region '{a}'."),
                            format!("서브넷 '{id}'은(는) 리전 '{b}'의 가용 영역 '{az}'에 있지만 VPC '{vpc}'은(는) 리전 '{a}'에 있습니다."),
                        ),
                        Text::new(
                            "A VPC lives in one Region; its subnets can only use that Region's Availability Zones.",
                            "VPC는 한 리전에만 존재하므로 서브넷도 그 리전의 가용 영역만 쓸 수 있습니다.",
                        ),
                        &[az, vpc],
                        src::AZ,
                    );
                }
            }
        }
        for (field, assoc, want) in
            [("route_table", route_table, Want::RouteTable), ("network_acl", network_acl, Want::NetworkAcl)]
        {
            let Some(assoc) = assoc else { continue };
            if !self.reference(id, field, assoc, want) || !vpc_ok {
                continue;
            }
            let owner = match self.spec(assoc) {
                Some(Spec::RouteTable { vpc, .. }) | Some(Spec::NetworkAcl { vpc, .. }) => vpc,
                _ => continue,
            };
            if owner != vpc {
                self.emit(
                    "InvalidParameterValue",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("Subnet '{id}' of VPC '{vpc}' is associated with '{assoc}', which belongs to VPC '{owner}'."),
                        format!("VPC '{vpc}'의 서브넷 '{id}'이(가) VPC '{owner}'에 속한 '{assoc}'과(와) 연결되어 있습니다."),
                    ),
                    Text::new(
                        "A subnet can only use a route table or network ACL of its own VPC.",
                        "서브넷은 자기 VPC의 라우팅 테이블과 네트워크 ACL만 쓸 수 있습니다.",
                    ),
                    &[assoc, vpc],
                    if want == Want::RouteTable { src::ROUTE_TABLES } else { src::NACL },
                );
            }
        }
    }

    /// Subnets of one VPC must not overlap (EC2 `InvalidSubnet.Conflict`).
    fn subnet_conflicts(&mut self) {
        let mut by_vpc: BTreeMap<&NodeId, Vec<(&NodeId, Cidr)>> = BTreeMap::new();
        for n in &self.s.nodes {
            if let Spec::Subnet { vpc, cidr, .. } = &n.spec {
                by_vpc.entry(vpc).or_default().push((&n.id, *cidr));
            }
        }
        for list in by_vpc.values() {
            for (i, &(id, cidr)) in list.iter().enumerate() {
                if let Some(&(other, other_cidr)) = list[..i].iter().find(|(_, c)| c.overlaps(cidr)) {
                    self.emit(
                        "InvalidSubnet.Conflict",
                        Severity::Error,
                        id,
                        Text::new(
                            format!("The subnet block {cidr} overlaps {other_cidr} of subnet '{other}' in the same VPC."),
                            format!("서브넷 블록 {cidr}이(가) 같은 VPC의 서브넷 '{other}'의 {other_cidr}와(과) 겹칩니다."),
                        ),
                        Text::new(
                            "Each address of a VPC belongs to at most one subnet: give each subnet its own range (e.g. 10.0.0.0/24, 10.0.1.0/24, ...).",
                            "VPC의 각 주소는 한 서브넷에만 속합니다. 서브넷마다 겹치지 않는 범위를 주세요 (예: 10.0.0.0/24, 10.0.1.0/24, ...).",
                        ),
                        &[other],
                        src::SUBNET,
                    );
                }
            }
        }
    }

    /// Routes: unique destinations, targets that exist in the table's VPC, and no route more
    /// specific than `local` except to a middlebox. Sources: VPC User Guide, "Route tables",
    /// "Route table options" (aws-facts.md §5).
    fn route_table(&mut self, id: &NodeId, vpc: &NodeId, routes: &[crate::model::Route]) {
        let vpc_ok = self.reference(id, "vpc", vpc, Want::Vpc);
        let mut seen = BTreeSet::new();
        for route in routes {
            let dest = route.destination;
            let target = &route.target;
            if !seen.insert(dest) {
                self.emit(
                    "RouteAlreadyExists",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("Route table '{id}' has two routes to {dest}."),
                        format!("라우팅 테이블 '{id}'에 {dest}(으)로 가는 라우팅이 두 개 있습니다."),
                    ),
                    Text::new(
                        "A route table has at most one route per destination block.",
                        "라우팅 테이블에는 목적지 블록마다 라우팅이 하나만 있을 수 있습니다.",
                    ),
                    &[],
                    src::ROUTE_TABLES,
                );
            }
            let Some(spec) = self.spec(target) else {
                self.emit(
                    "InvalidGatewayID.NotFound",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("The route to {dest} in '{id}' points at '{target}', which does not exist."),
                        format!("'{id}'의 {dest} 라우팅이 존재하지 않는 '{target}'을(를) 가리킵니다."),
                    ),
                    Text::new(
                        "A route must point at an existing gateway, NAT device or peering connection.",
                        "라우팅은 존재하는 게이트웨이, NAT 장치, 피어링 연결을 가리켜야 합니다.",
                    ),
                    &[target],
                    src::ROUTE_TABLES,
                );
                continue;
            };
            let owner: Option<Vec<&NodeId>> = match spec {
                Spec::InternetGateway { vpc } | Spec::VpnGateway { vpc } => Some(vpc.iter().collect()),
                Spec::NatGateway { subnet, .. } | Spec::Instance { subnet, .. } => {
                    Some(self.vpc_of_subnet(subnet).into_iter().collect())
                }
                Spec::VpcPeering { requester, accepter } => Some(vec![requester, accepter]),
                _ => None,
            };
            let Some(owner) = owner else {
                let kind = spec.kind().name();
                self.emit(
                    "InvalidParameterValue",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("The route to {dest} in '{id}' points at '{target}', a {kind}."),
                        format!("'{id}'의 {dest} 라우팅이 {kind}인 '{target}'을(를) 가리킵니다."),
                    ),
                    Text::new(
                        "A route's target is an Internet gateway, NAT gateway, instance (NAT instance), VPC peering connection or virtual private gateway.",
                        "라우팅 대상은 인터넷 게이트웨이, NAT 게이트웨이, 인스턴스(NAT 인스턴스), VPC 피어링 연결, 가상 프라이빗 게이트웨이입니다.",
                    ),
                    &[target],
                    src::ROUTE_TABLES,
                );
                continue;
            };
            if vpc_ok && !owner.contains(&vpc) {
                self.emit(
                    "InvalidParameterValue",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("Route table '{id}' of VPC '{vpc}' sends {dest} to '{target}', which does not belong to (or is not attached to) that VPC."),
                        format!("VPC '{vpc}'의 라우팅 테이블 '{id}'이(가) {dest}을(를) 그 VPC에 속하지 않은(연결되지 않은) '{target}'(으)로 보냅니다."),
                    ),
                    Text::new(
                        "A route table and its targets must belong to the same network: attach the gateway to this VPC, or use a NAT device in this VPC.",
                        "라우팅 테이블과 대상은 같은 네트워크에 속해야 합니다. 게이트웨이를 이 VPC에 연결하거나 이 VPC의 NAT 장치를 쓰세요.",
                    ),
                    &[target, vpc],
                    src::ROUTE_TABLES,
                );
            }
            let Some(view) = self.topo.vpcs.get(vpc) else { continue };
            let middlebox = matches!(spec, Spec::NatGateway { .. } | Spec::Instance { .. });
            if !middlebox {
                if let Some(block) = view.blocks.iter().find(|b| b.contains_block(dest)) {
                    self.emit(
                        "InvalidParameterValue",
                        Severity::Error,
                        id,
                        Text::new(
                            format!("The route to {dest} in '{id}' is equal to or more specific than the VPC block {block}, which the local route serves."),
                            format!("'{id}'의 {dest} 라우팅이 local 라우팅이 처리하는 VPC 블록 {block}과(와) 같거나 더 구체적입니다."),
                        ),
                        Text::new(
                            "Traffic inside the VPC follows the local route. Only a NAT gateway or a network interface (a middlebox) can take a route as specific as a VPC block.",
                            "VPC 안의 트래픽은 local 라우팅을 따릅니다. VPC 블록만큼 구체적인 라우팅은 NAT 게이트웨이나 네트워크 인터페이스(미들박스)만 대상으로 할 수 있습니다.",
                        ),
                        &[],
                        src::MIDDLEBOX,
                    );
                }
            }
            if let Spec::VpcPeering { requester, accepter } = spec {
                let peer = if requester == vpc { accepter } else { requester };
                let inside = self.topo.vpcs.get(peer).is_some_and(|p| p.blocks.iter().any(|b| b.contains_block(dest)));
                if !inside && owner.contains(&vpc) {
                    self.emit(
                        "Stratus.Route.PeeringDestinationOutsidePeer",
                        Severity::Warning,
                        id,
                        Text::new(
                            format!("'{id}' sends {dest} through peering connection '{target}', but {dest} is not inside peer VPC '{peer}': that traffic is dropped."),
                            format!("'{id}'이(가) {dest}을(를) 피어링 연결 '{target}'(으)로 보내지만 {dest}은(는) 피어 VPC '{peer}' 안에 있지 않아 버려집니다."),
                        ),
                        Text::new(
                            "VPC peering is not transitive and has no edge-to-edge routing: it carries traffic only to the peer VPC's own addresses, never on to a third VPC or through the peer's Internet gateway, NAT device or VPN.",
                            "VPC 피어링은 전이되지 않고 엣지 간 라우팅도 없습니다. 피어 VPC 자신의 주소로 가는 트래픽만 전달하며, 제3의 VPC나 피어의 인터넷 게이트웨이, NAT, VPN으로는 넘어가지 않습니다.",
                        ),
                        &[target, peer],
                        src::PEERING_INVALID,
                    );
                }
            }
        }
    }

    /// A public NAT gateway needs an Elastic IP, and works only from a public subnet.
    /// Source: VPC User Guide, "NAT gateway basics" (aws-facts.md §5).
    fn nat_gateway(&mut self, id: &NodeId, subnet: &NodeId, has_eip: bool) {
        let subnet_ok = self.reference(id, "subnet", subnet, Want::Subnet);
        if !has_eip {
            self.emit(
                "MissingParameter",
                Severity::Error,
                id,
                Text::new(format!("NAT gateway '{id}' has no Elastic IP."), format!("NAT 게이트웨이 '{id}'에 탄력적 IP가 없습니다.")),
                Text::new(
                    "A public NAT gateway is created with an Elastic IP allocation: that address is what the Internet sees.",
                    "퍼블릭 NAT 게이트웨이는 탄력적 IP와 함께 만들어야 합니다. 인터넷에서는 그 주소가 보입니다.",
                ),
                &[],
                src::NAT_GATEWAY,
            );
        }
        if !subnet_ok {
            return;
        }
        let public = self.topo.subnets.get(subnet).is_some_and(|s| self.topo.is_public(s));
        if !public {
            self.emit(
                "Stratus.NatGateway.NotInPublicSubnet",
                Severity::Warning,
                id,
                Text::new(
                    format!("NAT gateway '{id}' is in subnet '{subnet}', whose route table does not send 0.0.0.0/0 to an Internet gateway."),
                    format!("NAT 게이트웨이 '{id}'이(가) 있는 서브넷 '{subnet}'의 라우팅 테이블은 0.0.0.0/0을 인터넷 게이트웨이로 보내지 않습니다."),
                ),
                Text::new(
                    "A NAT gateway lets private subnets out by forwarding through the Internet gateway, so it must sit in a public subnet (0.0.0.0/0 → IGW).",
                    "NAT 게이트웨이는 인터넷 게이트웨이를 거쳐 프라이빗 서브넷의 트래픽을 내보내므로 퍼블릭 서브넷(0.0.0.0/0 → IGW)에 있어야 합니다.",
                ),
                &[subnet],
                src::NAT_GATEWAY,
            );
        }
    }

    /// Security group rules name a CIDR block or a group of the same (or a peered) VPC; at
    /// most 60 rules per direction by default. Source: VPC User Guide, "Security group rules";
    /// quotas (aws-facts.md §5).
    fn security_group(
        &mut self,
        id: &NodeId,
        vpc: &NodeId,
        inbound: &[crate::model::SgRule],
        outbound: &[crate::model::SgRule],
    ) {
        let vpc_ok = self.reference(id, "vpc", vpc, Want::Vpc);
        for (direction, ko_dir, rules) in [("inbound", "인바운드", inbound), ("outbound", "아웃바운드", outbound)]
        {
            if rules.len() > 60 {
                self.emit(
                    "RulesPerSecurityGroupLimitExceeded",
                    Severity::Error,
                    id,
                    Text::new(
                        format!(
                            "Security group '{id}' has {} {direction} rules; the default quota is 60.",
                            rules.len()
                        ),
                        format!(
                            "보안 그룹 '{id}'의 {ko_dir} 규칙이 {}개입니다. 기본 할당량은 60개입니다.",
                            rules.len()
                        ),
                    ),
                    Text::new(
                        "Merge rules, or request a quota increase (rules × groups per ENI stays ≤ 1,000).",
                        "규칙을 합치거나 할당량 증가를 요청하세요 (ENI당 규칙 × 그룹 ≤ 1,000).",
                    ),
                    &[],
                    src::QUOTAS,
                );
            }
            for (index, rule) in rules.iter().enumerate() {
                match (&rule.cidr, &rule.group) {
                    (Some(_), None) => {}
                    (None, Some(group)) => {
                        if !self.reference(id, "rule group", group, Want::SecurityGroup) || !vpc_ok {
                            continue;
                        }
                        let Some(Spec::SecurityGroup { vpc: other, .. }) = self.spec(group) else { continue };
                        if other != vpc && !self.peered(vpc, other) {
                            self.emit(
                                "InvalidGroup.NotFound",
                                Severity::Error,
                                id,
                                Text::new(
                                    format!("{direction} rule {index} of '{id}' names security group '{group}' of VPC '{other}', which is neither this VPC nor a peer."),
                                    format!("'{id}'의 {ko_dir} 규칙 {index}이(가) 이 VPC도 피어도 아닌 VPC '{other}'의 보안 그룹 '{group}'을(를) 참조합니다."),
                                ),
                                Text::new(
                                    "A rule can reference security groups of its own VPC, or of a peered VPC in the same Region.",
                                    "규칙은 자기 VPC 또는 같은 리전의 피어링된 VPC의 보안 그룹만 참조할 수 있습니다.",
                                ),
                                &[group],
                                src::SG,
                            );
                        }
                    }
                    _ => {
                        self.emit(
                            "InvalidPermission.Malformed",
                            Severity::Error,
                            id,
                            Text::new(
                                format!("{direction} rule {index} of '{id}' must name exactly one peer: a CIDR block or a security group."),
                                format!("'{id}'의 {ko_dir} 규칙 {index}은(는) CIDR 블록이나 보안 그룹 중 정확히 하나를 지정해야 합니다."),
                            ),
                            Text::new(
                                "A security group rule allows traffic from (inbound) or to (outbound) one source: an address block or the members of a group.",
                                "보안 그룹 규칙은 하나의 상대(주소 블록 또는 그룹 구성원)에서 오는(인바운드) 또는 가는(아웃바운드) 트래픽을 허용합니다.",
                            ),
                            &[],
                            src::SG,
                        );
                    }
                }
            }
        }
    }

    fn peered(&self, a: &NodeId, b: &NodeId) -> bool {
        self.s.nodes.iter().any(|n| match &n.spec {
            Spec::VpcPeering { requester, accepter } => {
                (requester == a && accepter == b) || (requester == b && accepter == a)
            }
            _ => false,
        })
    }

    /// Network ACL rule numbers are 1-32766, unique per direction; 20 rules per direction by
    /// default. Source: VPC User Guide, "Network ACL rules"; quotas (aws-facts.md §5).
    fn network_acl(
        &mut self,
        id: &NodeId,
        vpc: &NodeId,
        default: bool,
        inbound: &[crate::model::NaclRule],
        outbound: &[crate::model::NaclRule],
    ) {
        self.reference(id, "vpc", vpc, Want::Vpc);
        for (direction, ko_dir, rules) in [("inbound", "인바운드", inbound), ("outbound", "아웃바운드", outbound)]
        {
            let mut seen = BTreeSet::new();
            for rule in rules {
                let n = rule.rule;
                if !(1..=32766).contains(&n) {
                    self.emit(
                        "InvalidParameterValue",
                        Severity::Error,
                        id,
                        Text::new(format!("{direction} rule number {n} of '{id}' is outside 1-32766."), format!("'{id}'의 {ko_dir} 규칙 번호 {n}이(가) 1-32766 범위를 벗어납니다.")),
                        Text::new(
                            "Network ACL rules are numbered 1 to 32766 and evaluated lowest first; leave gaps (100, 110, ...) to insert rules later.",
                            "네트워크 ACL 규칙 번호는 1~32766이며 낮은 번호부터 평가됩니다. 나중에 끼워 넣을 수 있게 간격(100, 110, ...)을 두세요.",
                        ),
                        &[],
                        src::NACL,
                    );
                }
                if !seen.insert(n) {
                    self.emit(
                        "NetworkAclEntryAlreadyExists",
                        Severity::Error,
                        id,
                        Text::new(format!("'{id}' has two {direction} rules numbered {n}."), format!("'{id}'에 번호가 {n}인 {ko_dir} 규칙이 두 개 있습니다.")),
                        Text::new(
                            "The rule number is the rule's identity and its order: each number appears once per direction.",
                            "규칙 번호는 규칙의 식별자이자 순서입니다. 방향마다 번호는 한 번만 쓸 수 있습니다.",
                        ),
                        &[],
                        src::NACL,
                    );
                }
            }
            if rules.len() > 20 {
                self.emit(
                    "NetworkAclEntryLimitExceeded",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("'{id}' has {} {direction} rules; the default quota is 20.", rules.len()),
                        format!("'{id}'의 {ko_dir} 규칙이 {}개입니다. 기본 할당량은 20개입니다.", rules.len()),
                    ),
                    Text::new(
                        "Merge rules, or request a quota increase (up to 40).",
                        "규칙을 합치거나 할당량 증가(최대 40)를 요청하세요.",
                    ),
                    &[],
                    src::QUOTAS,
                );
            }
            if default && rules.is_empty() {
                self.emit(
                    "Stratus.NetworkAcl.DefaultWithoutRules",
                    Severity::Info,
                    id,
                    Text::new(
                        format!("Default network ACL '{id}' has no {direction} rules, so it denies all {direction} traffic."),
                        format!("기본 네트워크 ACL '{id}'에 {ko_dir} 규칙이 없어 모든 {ko_dir} 트래픽을 거부합니다."),
                    ),
                    Text::new(
                        "AWS creates the default ACL with rule 100 allowing all traffic; a custom ACL denies all until you add rules. Remove this ACL to get AWS's default, or add the rules.",
                        "AWS는 기본 ACL을 모든 트래픽을 허용하는 규칙 100과 함께 만듭니다. 사용자 지정 ACL은 규칙을 추가하기 전까지 모두 거부합니다. 이 ACL을 지우면 AWS 기본값이 쓰이고, 아니면 규칙을 추가하세요.",
                    ),
                    &[],
                    src::NACL,
                );
            }
        }
    }

    /// A peering connection joins two different VPCs whose blocks do not overlap; AWS
    /// accepts the request and then sets its status to `failed` when they do.
    /// Sources: CreateVpcPeeringConnection API; VPC Peering Guide (aws-facts.md §5).
    fn peering(&mut self, id: &NodeId, requester: &NodeId, accepter: &NodeId) {
        let ok =
            self.reference(id, "requester", requester, Want::Vpc) & self.reference(id, "accepter", accepter, Want::Vpc);
        if !ok {
            return;
        }
        if requester == accepter {
            self.emit(
                "InvalidParameterValue",
                Severity::Error,
                id,
                Text::new(
                    format!("Peering connection '{id}' connects VPC '{requester}' with itself."),
                    format!("피어링 연결 '{id}'이(가) VPC '{requester}'를 자기 자신과 연결합니다."),
                ),
                Text::new(
                    "A peering connection joins two different VPCs.",
                    "피어링 연결은 서로 다른 두 VPC를 연결합니다.",
                ),
                &[requester],
                src::PEERING,
            );
            return;
        }
        let (Some(a), Some(b)) = (self.topo.vpcs.get(requester), self.topo.vpcs.get(accepter)) else { return };
        if let Some((x, y)) = a.blocks.iter().find_map(|x| b.blocks.iter().find(|y| x.overlaps(**y)).map(|y| (*x, *y)))
        {
            self.emit(
                "Stratus.VpcPeering.OverlappingCidr",
                Severity::Error,
                id,
                Text::new(
                    format!("VPCs '{requester}' ({x}) and '{accepter}' ({y}) have overlapping blocks, so peering connection '{id}' fails."),
                    format!("VPC '{requester}'({x})와(과) '{accepter}'({y})의 블록이 겹쳐 피어링 연결 '{id}'이(가) 실패합니다."),
                ),
                Text::new(
                    "VPCs with overlapping CIDR blocks cannot be peered: AWS sets the connection's status to failed (it can then be neither accepted nor used). Plan non-overlapping ranges for VPCs that may ever talk to each other.",
                    "CIDR 블록이 겹치는 VPC는 피어링할 수 없습니다. AWS는 연결 상태를 failed로 두며 수락도 사용도 할 수 없습니다. 서로 통신할 수 있는 VPC에는 겹치지 않는 범위를 계획하세요.",
                ),
                &[requester, accepter],
                src::PEERING_INVALID,
            );
        }
        let earlier = self.s.nodes.iter().take_while(|n| &n.id != id).find(|n| match &n.spec {
            Spec::VpcPeering { requester: r, accepter: a } => {
                (r == requester && a == accepter) || (r == accepter && a == requester)
            }
            _ => false,
        });
        if let Some(earlier) = earlier {
            self.emit(
                "VpcPeeringConnectionAlreadyExists",
                Severity::Error,
                id,
                Text::new(
                    format!("VPCs '{requester}' and '{accepter}' are already peered by '{}'.", earlier.id),
                    format!(
                        "VPC '{requester}'와(과) '{accepter}'은(는) 이미 '{}'(으)로 피어링되어 있습니다.",
                        earlier.id
                    ),
                ),
                Text::new(
                    "Two VPCs have at most one peering connection between them.",
                    "두 VPC 사이의 피어링 연결은 하나뿐입니다.",
                ),
                &[&earlier.id],
                src::PEERING,
            );
        }
    }

    /// An instance's ENI: a private address inside its subnet and not reserved, at most five
    /// security groups, all of its VPC; a public address needs an Internet gateway.
    /// Sources: VPC User Guide, "Subnet CIDR blocks"; EC2 User Guide, "Elastic network
    /// interfaces"; VPC quotas (aws-facts.md §1.7, §5).
    fn instance(
        &mut self,
        id: &NodeId,
        subnet: &NodeId,
        private_ip: Option<crate::cidr::Ipv4>,
        has_public: bool,
        groups: &[NodeId],
    ) {
        let subnet_ok = self.reference(id, "subnet", subnet, Want::Subnet);
        let sub = self.topo.subnets.get(subnet).cloned();
        if let (true, Some(sub), Some(ip)) = (subnet_ok, &sub, private_ip) {
            let block = sub.cidr;
            if !block.contains(ip) {
                self.emit(
                    "InvalidParameterValue",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("Private address {ip} of '{id}' is outside its subnet '{subnet}' ({block})."),
                        format!("'{id}'의 프라이빗 주소 {ip}이(가) 서브넷 '{subnet}'({block}) 밖에 있습니다."),
                    ),
                    Text::new(
                        "An ENI's primary private address comes from its subnet's block.",
                        "ENI의 기본 프라이빗 주소는 서브넷 블록에서 나옵니다.",
                    ),
                    &[subnet],
                    src::SUBNET,
                );
            } else if is_reserved(block, ip) {
                self.emit(
                    "InvalidParameterValue",
                    Severity::Error,
                    id,
                    Text::new(format!("Private address {ip} of '{id}' is one of the five addresses AWS reserves in {block}."), format!("'{id}'의 프라이빗 주소 {ip}은(는) AWS가 {block}에서 예약한 다섯 주소 중 하나입니다.")),
                    Text::new(
                        "AWS reserves the first four addresses of every subnet (network, VPC router, DNS, future use) and the last (broadcast).",
                        "AWS는 모든 서브넷의 처음 네 주소(네트워크, VPC 라우터, DNS, 향후 사용)와 마지막 주소(브로드캐스트)를 예약합니다.",
                    ),
                    &[subnet],
                    src::SUBNET,
                );
            }
        }
        if self.topo.exhausted.contains(&id) {
            self.emit(
                "InsufficientFreeAddressesInSubnet",
                Severity::Error,
                id,
                Text::new(format!("Subnet '{subnet}' has no free address left for '{id}'."), format!("서브넷 '{subnet}'에 '{id}'에게 줄 남은 주소가 없습니다.")),
                Text::new("Every ENI takes an address, and AWS reserves 5 per subnet: a /28 holds 11 ENIs. Use a larger subnet.", "ENI마다 주소를 하나씩 쓰고 AWS가 서브넷마다 5개를 예약합니다. /28에는 ENI 11개가 들어갑니다. 더 큰 서브넷을 쓰세요."),
                &[subnet],
                src::SUBNET,
            );
        }
        if groups.len() > 5 {
            self.emit(
                "SecurityGroupsPerInterfaceLimitExceeded",
                Severity::Error,
                id,
                Text::new(
                    format!("'{id}' has {} security groups; an ENI takes at most 5 by default.", groups.len()),
                    format!("'{id}'의 보안 그룹이 {}개입니다. ENI에는 기본적으로 5개까지만 연결됩니다.", groups.len()),
                ),
                Text::new(
                    "Merge groups, or request a quota increase (up to 16).",
                    "그룹을 합치거나 할당량 증가(최대 16)를 요청하세요.",
                ),
                &[],
                src::QUOTAS,
            );
        }
        let vpc = sub.as_ref().map(|s| s.vpc);
        for group in groups {
            if !self.reference(id, "security group", group, Want::SecurityGroup) {
                continue;
            }
            if let (Some(vpc), Some(Spec::SecurityGroup { vpc: gvpc, .. })) = (vpc, self.spec(group)) {
                if gvpc != vpc {
                    self.emit(
                        "InvalidParameter",
                        Severity::Error,
                        id,
                        Text::new(
                            format!("Security group '{group}' (VPC '{gvpc}') and subnet '{subnet}' (VPC '{vpc}') of '{id}' belong to different networks."),
                            format!("'{id}'의 보안 그룹 '{group}'(VPC '{gvpc}')과 서브넷 '{subnet}'(VPC '{vpc}')이 서로 다른 네트워크에 속합니다."),
                        ),
                        Text::new("An ENI can only use security groups of its own VPC.", "ENI는 자기 VPC의 보안 그룹만 쓸 수 있습니다."),
                        &[group, subnet],
                        src::SG,
                    );
                }
            }
        }
        if let (true, Some(vpc)) = (has_public, vpc) {
            if self.topo.vpcs.get(vpc).is_some_and(|v| v.internet_gateway.is_none()) {
                self.emit(
                    "Gateway.NotAttached",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("'{id}' has a public address, but VPC '{vpc}' has no Internet gateway."),
                        format!("'{id}'에 퍼블릭 주소가 있지만 VPC '{vpc}'에 인터넷 게이트웨이가 없습니다."),
                    ),
                    Text::new(
                        "A public or Elastic IP address works only through an Internet gateway attached to the VPC.",
                        "퍼블릭 IP나 탄력적 IP는 VPC에 연결된 인터넷 게이트웨이를 통해서만 동작합니다.",
                    ),
                    &[vpc],
                    src::IGW,
                );
            }
        }
    }

    /// A load balancer: one subnet per AZ, all in one VPC (at least two AZs for an ALB);
    /// groups and targets of that VPC; internet-facing ones in public subnets; targets in
    /// enabled AZs. Source: ELB User Guide (aws-facts.md §4).
    fn load_balancer(
        &mut self,
        id: &NodeId,
        lb_type: crate::model::LoadBalancerType,
        scheme: crate::model::Scheme,
        subnets: &[NodeId],
        groups: &[NodeId],
        targets: &[NodeId],
    ) {
        let mut vpcs: Vec<&NodeId> = Vec::new();
        let mut azs: Vec<&NodeId> = Vec::new();
        for subnet in subnets {
            if !self.reference(id, "subnet", subnet, Want::Subnet) {
                continue;
            }
            let Some(sub) = self.topo.subnets.get(subnet).cloned() else { continue };
            if azs.contains(&sub.az) {
                self.emit(
                    "Stratus.LoadBalancer.SubnetsPerAz",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("'{id}' has two subnets in Availability Zone '{}'.", sub.az),
                        format!("'{id}'이(가) 가용 영역 '{}'에 서브넷 두 개를 가집니다.", sub.az),
                    ),
                    Text::new(
                        "A load balancer takes one subnet per Availability Zone.",
                        "로드 밸런서는 가용 영역마다 서브넷 하나를 씁니다.",
                    ),
                    &[subnet],
                    src::ELB,
                );
            }
            azs.push(sub.az);
            if !vpcs.contains(&sub.vpc) {
                vpcs.push(sub.vpc);
            }
            if scheme == crate::model::Scheme::InternetFacing && !self.topo.is_public(&sub) {
                self.emit(
                    "Stratus.LoadBalancer.InternetFacingInPrivateSubnet",
                    Severity::Warning,
                    id,
                    Text::new(format!("Internet-facing '{id}' has a node in subnet '{subnet}', which is not public."), format!("인터넷 경계 로드 밸런서 '{id}'의 노드가 퍼블릭이 아닌 서브넷 '{subnet}'에 있습니다.")),
                    Text::new("An internet-facing load balancer's nodes answer the Internet, so their subnets route 0.0.0.0/0 to an Internet gateway.", "인터넷 경계 로드 밸런서의 노드는 인터넷에 응답하므로 그 서브넷은 0.0.0.0/0을 인터넷 게이트웨이로 보내야 합니다."),
                    &[subnet],
                    src::ELB,
                );
            }
        }
        if vpcs.len() > 1 {
            self.emit(
                "InvalidSubnet",
                Severity::Error,
                id,
                Text::new(
                    format!("The subnets of '{id}' are in different VPCs."),
                    format!("'{id}'의 서브넷들이 서로 다른 VPC에 있습니다."),
                ),
                Text::new("A load balancer lives in one VPC.", "로드 밸런서는 한 VPC에 있습니다."),
                &vpcs,
                src::ELB,
            );
        }
        if lb_type == crate::model::LoadBalancerType::Alb && azs.len() < 2 {
            self.emit(
                "Stratus.LoadBalancer.TwoAzs",
                Severity::Error,
                id,
                Text::new(format!("Application Load Balancer '{id}' is enabled in {} Availability Zone(s); it needs at least two.", azs.len()), format!("Application Load Balancer '{id}'이(가) 가용 영역 {}개에만 있습니다. 최소 두 개가 필요합니다.", azs.len())),
                Text::new("An ALB needs subnets in at least two Availability Zones, so that it survives the loss of one.", "ALB는 한 가용 영역을 잃어도 동작하도록 최소 두 가용 영역의 서브넷이 필요합니다."),
                &[],
                src::ELB,
            );
        }
        let vpc = vpcs.first().copied();
        for group in groups {
            if !self.reference(id, "security group", group, Want::SecurityGroup) {
                continue;
            }
            if let (Some(vpc), Some(Spec::SecurityGroup { vpc: gvpc, .. })) = (vpc, self.spec(group)) {
                if gvpc != vpc {
                    self.emit(
                        "InvalidSecurityGroup",
                        Severity::Error,
                        id,
                        Text::new(format!("Security group '{group}' of '{id}' is in VPC '{gvpc}', not the load balancer's VPC '{vpc}'."), format!("'{id}'의 보안 그룹 '{group}'은(는) 로드 밸런서의 VPC '{vpc}'가 아니라 VPC '{gvpc}'에 있습니다.")),
                        Text::new("A load balancer uses security groups of its own VPC.", "로드 밸런서는 자기 VPC의 보안 그룹을 씁니다."),
                        &[group],
                        src::SG,
                    );
                }
            }
        }
        for target in targets {
            let target_subnet = match self.spec(target) {
                Some(Spec::Instance { subnet, .. }) => Some(subnet),
                _ => None,
            };
            let sub = target_subnet.and_then(|s| self.topo.subnets.get(s)).cloned();
            let in_vpc = sub.as_ref().is_some_and(|s| Some(s.vpc) == vpc || vpc.is_none());
            if !in_vpc {
                self.emit(
                    "InvalidTarget",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("Target '{target}' of '{id}' is not an instance in the load balancer's VPC."),
                        format!("'{id}'의 대상 '{target}'은(는) 로드 밸런서의 VPC에 있는 인스턴스가 아닙니다."),
                    ),
                    Text::new(
                        "Targets (by instance) are instances of the load balancer's VPC.",
                        "대상(인스턴스 유형)은 로드 밸런서 VPC의 인스턴스여야 합니다.",
                    ),
                    &[target],
                    src::ELB_TARGETS,
                );
            } else if let Some(sub) = sub {
                if !azs.contains(&sub.az) {
                    self.emit(
                        "Stratus.LoadBalancer.TargetAzNotEnabled",
                        Severity::Warning,
                        id,
                        Text::new(format!("Target '{target}' is in Availability Zone '{}', where '{id}' has no subnet: it receives no traffic.", sub.az), format!("대상 '{target}'은(는) '{id}'의 서브넷이 없는 가용 영역 '{}'에 있어 트래픽을 받지 못합니다.", sub.az)),
                        Text::new("A load balancer sends traffic only to targets in the Availability Zones it is enabled in: add a subnet in that zone.", "로드 밸런서는 활성화된 가용 영역의 대상에만 트래픽을 보냅니다. 그 영역에 서브넷을 추가하세요."),
                        &[target],
                        src::ELB_TARGETS,
                    );
                }
            }
        }
    }

    /// One Internet gateway, one virtual private gateway, one main route table and one
    /// default network ACL per VPC. Sources: VPC quotas; EC2 errors `Resource.AlreadyAssociated`,
    /// `InvalidVpcState`; VPC User Guide, "Route tables", "Network ACLs" (aws-facts.md §5).
    fn one_per_vpc(&mut self) {
        let mut seen: BTreeMap<(&str, &NodeId), &NodeId> = BTreeMap::new();
        for n in &self.s.nodes {
            let (what, vpc) = match &n.spec {
                Spec::InternetGateway { vpc: Some(vpc) } => ("igw", vpc),
                Spec::VpnGateway { vpc: Some(vpc) } => ("vgw", vpc),
                Spec::RouteTable { vpc, main: true, .. } => ("main", vpc),
                Spec::NetworkAcl { vpc, default: true, .. } => ("acl", vpc),
                _ => continue,
            };
            let Some(&first) = seen.get(&(what, vpc)) else {
                seen.insert((what, vpc), &n.id);
                continue;
            };
            let (code, en, ko, hint, hint_ko, source) = match what {
                "igw" => (
                    "Resource.AlreadyAssociated",
                    "Internet gateway",
                    "인터넷 게이트웨이",
                    "A VPC has at most one Internet gateway (and an Internet gateway serves one VPC).",
                    "VPC에는 인터넷 게이트웨이가 하나만 연결됩니다 (인터넷 게이트웨이도 VPC 하나만 지원).",
                    src::IGW,
                ),
                "vgw" => (
                    "InvalidVpcState",
                    "virtual private gateway",
                    "가상 프라이빗 게이트웨이",
                    "A VPC has at most one virtual private gateway attached.",
                    "VPC에는 가상 프라이빗 게이트웨이가 하나만 연결됩니다.",
                    src::VPN,
                ),
                "main" => (
                    "Stratus.RouteTable.MainNotUnique",
                    "main route table",
                    "기본 라우팅 테이블",
                    "A VPC has exactly one main route table: subnets without an explicit association use it.",
                    "VPC의 기본 라우팅 테이블은 정확히 하나이며, 명시적으로 연결되지 않은 서브넷이 이를 씁니다.",
                    src::ROUTE_TABLES,
                ),
                _ => (
                    "Stratus.NetworkAcl.DefaultNotUnique",
                    "default network ACL",
                    "기본 네트워크 ACL",
                    "A VPC has exactly one default network ACL: subnets without an association use it.",
                    "VPC의 기본 네트워크 ACL은 정확히 하나이며, 연결되지 않은 서브넷이 이를 씁니다.",
                    src::NACL,
                ),
            };
            self.emit(
                code,
                Severity::Error,
                &n.id,
                Text::new(
                    format!("VPC '{vpc}' already has a {en}: '{first}'."),
                    format!("VPC '{vpc}'에는 이미 {ko} '{first}'이(가) 있습니다."),
                ),
                Text::new(hint, hint_ko),
                &[first, vpc],
                source,
            );
        }
    }

    /// Two ENIs cannot share a private address in a VPC (EC2 `InvalidIPAddress.InUse`).
    fn private_addresses(&mut self) {
        let mut seen: BTreeMap<(&NodeId, crate::cidr::Cidr), &NodeId> = BTreeMap::new();
        let mut clashes = Vec::new();
        for eni in &self.topo.enis {
            if eni.private.prefix() != 32 {
                continue;
            }
            match seen.get(&(eni.vpc, eni.private)) {
                Some(&first) => clashes.push((eni.owner, first, eni.private)),
                None => {
                    seen.insert((eni.vpc, eni.private), eni.owner);
                }
            }
        }
        for (id, first, ip) in clashes {
            let ip = ip.network();
            self.emit(
                "InvalidIPAddress.InUse",
                Severity::Error,
                id,
                Text::new(
                    format!("Private address {ip} of '{id}' is already used by '{first}'."),
                    format!("'{id}'의 프라이빗 주소 {ip}은(는) 이미 '{first}'이(가) 쓰고 있습니다."),
                ),
                Text::new(
                    "Each private address in a VPC belongs to one network interface.",
                    "VPC의 프라이빗 주소는 네트워크 인터페이스 하나에만 속합니다.",
                ),
                &[first],
                src::ENI,
            );
        }
    }

    /// A default VPC is 172.31.0.0/16 with an Internet gateway, one per Region.
    /// Source: VPC User Guide, "Default VPCs" (aws-facts.md §5).
    fn default_vpcs(&mut self) {
        let mut per_region: BTreeMap<&NodeId, &NodeId> = BTreeMap::new();
        let views: Vec<_> = self.topo.vpcs.values().filter(|v| v.is_default).cloned().collect();
        let mut ordered: Vec<_> = views;
        crate::sort::sort_by_key(&mut ordered, |v| self.s.nodes.iter().position(|n| &n.id == v.id));
        for v in ordered {
            if let Some(&first) = per_region.get(v.region) {
                self.emit(
                    "DefaultVpcAlreadyExists",
                    Severity::Error,
                    v.id,
                    Text::new(
                        format!("Region '{}' already has a default VPC: '{first}'.", v.region),
                        format!("리전 '{}'에는 이미 기본 VPC '{first}'이(가) 있습니다.", v.region),
                    ),
                    Text::new("A Region has at most one default VPC.", "리전마다 기본 VPC는 하나뿐입니다."),
                    &[first],
                    src::DEFAULT_VPC,
                );
            } else {
                per_region.insert(v.region, v.id);
            }
            let standard: Cidr = Cidr::new(crate::cidr::Ipv4(0xAC1F_0000), 16);
            if v.blocks.first() != Some(&standard) {
                self.emit(
                    "Stratus.DefaultVpc.Cidr",
                    Severity::Warning,
                    v.id,
                    Text::new(format!("Default VPC '{}' does not use 172.31.0.0/16.", v.id), format!("기본 VPC '{}'이(가) 172.31.0.0/16을 쓰지 않습니다.", v.id)),
                    Text::new("AWS creates every default VPC with 172.31.0.0/16 and a /20 default subnet per Availability Zone.", "AWS는 모든 기본 VPC를 172.31.0.0/16과 가용 영역마다 /20 기본 서브넷으로 만듭니다."),
                    &[],
                    src::DEFAULT_VPC,
                );
            }
            if v.internet_gateway.is_none() {
                self.emit(
                    "Stratus.DefaultVpc.NoInternetGateway",
                    Severity::Warning,
                    v.id,
                    Text::new(format!("Default VPC '{}' has no Internet gateway, so its default subnets are not public.", v.id), format!("기본 VPC '{}'에 인터넷 게이트웨이가 없어 기본 서브넷이 퍼블릭이 아닙니다.", v.id)),
                    Text::new("A default VPC comes with an Internet gateway and a main route table sending 0.0.0.0/0 to it.", "기본 VPC에는 인터넷 게이트웨이와 0.0.0.0/0을 그리로 보내는 기본 라우팅 테이블이 함께 있습니다."),
                    &[],
                    src::DEFAULT_VPC,
                );
            }
        }
    }

    /// Instances that a route sends traffic through must have source/destination check off.
    /// Source: VPC User Guide, "NAT instances" (aws-facts.md §5).
    fn route_targets_that_drop(&mut self) {
        let mut flagged = BTreeSet::new();
        for n in &self.s.nodes {
            let Spec::RouteTable { routes, .. } = &n.spec else { continue };
            for route in routes {
                let Some(Spec::Instance { source_dest_check: true, .. }) = self.spec(&route.target) else { continue };
                if !flagged.insert(&route.target) {
                    continue;
                }
                self.emit(
                    "Stratus.NatInstance.SourceDestCheck",
                    Severity::Warning,
                    &route.target,
                    Text::new(
                        format!("Route table '{}' sends traffic through instance '{}', whose source/destination check is on: it drops that traffic.", n.id, route.target),
                        format!("라우팅 테이블 '{}'이(가) 트래픽을 인스턴스 '{}'(으)로 보내지만 출발지/대상 확인이 켜져 있어 그 트래픽을 버립니다.", n.id, route.target),
                    ),
                    Text::new(
                        "An instance accepts only packets addressed to itself unless its source/destination check is off. A NAT instance needs it off (it is on by default).",
                        "인스턴스는 출발지/대상 확인을 끄지 않으면 자기에게 온 패킷만 받습니다. NAT 인스턴스는 이를 꺼야 합니다(기본값은 켜짐).",
                    ),
                    &[&n.id],
                    src::NAT_INSTANCE,
                );
            }
        }
    }

    /// Layout entries for nodes that do not exist are ignored.
    fn layout(&mut self) {
        let unknown: Vec<&NodeId> = self.s.layout.keys().filter(|id| self.topo.node(id).is_none()).collect();
        for id in unknown {
            self.emit(
                "Stratus.Layout.UnknownNode",
                Severity::Info,
                id,
                Text::new(
                    format!("The layout places '{id}', but no node has that id."),
                    format!("레이아웃이 '{id}'을(를) 배치하지만 그런 ID의 노드가 없습니다."),
                ),
                Text::new(
                    "The entry is ignored; remove it or add the node.",
                    "이 항목은 무시됩니다. 지우거나 노드를 추가하세요.",
                ),
                &[],
                "docs/format.md",
            );
        }
    }
}

mod document;
mod resilience;
pub(crate) mod services;
#[cfg(test)]
mod tests;
