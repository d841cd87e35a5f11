//! The VPC primitives' rules: an AZ's name; a VPC's and a subnet's blocks; route tables, NAT gateways, security groups, network ACLs and peering connections; and the rules over the whole design (one gateway, main table and default ACL per VPC; overlapping subnets; duplicate private addresses; default VPCs; routes to a middlebox that drops). Codes are the EC2 API's where it has one.

use super::forwards;
use crate::cidr::Cidr;
use crate::kinds::Want;
use crate::model::{EniKind, Node, NodeId, Spec};
use crate::rules::{Check, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// AWS documentation pages the rules come from.
mod src {
    pub const VPC_CIDR: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html";
    pub const SUBNET: &str = "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html";
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
    pub const ENI: &str = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html";
}

fn vpc_prefix_ok(block: Cidr) -> bool {
    (16..=28).contains(&block.prefix())
}

/// The rules on one node, when it is a VPC primitive.
pub(crate) fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
    c.vpc_node(node);
}

/// The rules over the whole design.
pub(crate) fn document(c: &mut Check<'_>) {
    c.one_per_vpc();
    c.subnet_conflicts();
    c.private_addresses();
    c.default_vpcs();
    c.route_targets_that_drop();
}

impl<'a> Check<'a> {
    /// The rules on one node of the VPC primitives.
    fn vpc_node(&mut self, node: &'a Node) {
        let id = &node.id;
        match &node.spec {
            Spec::AvailabilityZone { region, zone } => self.availability_zone(id, region, zone),
            Spec::Vpc { region, cidr, secondary_cidrs, .. } => self.vpc(id, region, *cidr, secondary_cidrs),
            Spec::Subnet { vpc, az, cidr, route_table, network_acl, .. } => {
                self.subnet(id, vpc, az, *cidr, route_table.as_ref(), network_acl.as_ref())
            }
            Spec::RouteTable { vpc, routes, .. } => self.route_table(id, vpc, routes),
            Spec::InternetGateway { vpc: Some(vpc) } | Spec::VpnGateway { vpc: Some(vpc) } => {
                self.reference(id, "vpc", vpc, Want::Vpc);
            }
            Spec::NatGateway { subnet, elastic_ip } => self.nat_gateway(id, subnet, elastic_ip.is_some()),
            Spec::SecurityGroup { vpc, inbound, outbound } => self.security_group(id, vpc, inbound, outbound),
            Spec::NetworkAcl { vpc, default, inbound, outbound } => {
                self.network_acl(id, vpc, *default, inbound, outbound)
            }
            Spec::VpcPeering { requester, accepter } => self.peering(id, requester, accepter),
            _ => {}
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
                msg!("validate.availability_zone_not_zone", zone = zone, code = code),
                msg!("validate.availability_zone_belongs_one", code = code),
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
                    msg!("validate.vpc_block_aws_accepts", block = block, block_prefix = block.prefix()),
                    msg!("validate.vpc_cidr_block_holds"),
                    &[],
                    src::VPC_CIDR,
                );
            }
            if let Some(earlier) = blocks[..i].iter().find(|b| b.overlaps(*block)) {
                self.emit(
                    "InvalidVpc.Range",
                    Severity::Error,
                    id,
                    msg!("validate.secondary_block_overlaps_already", block = block, earlier = earlier),
                    msg!("validate.secondary_cidr_block_must"),
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
                msg!("validate.subnet_block_aws_accepts", cidr = cidr, cidr_prefix = cidr.prefix()),
                msg!("validate.subnet_holds_65_536"),
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
                        msg!("validate.subnet_block_not_inside", cidr = cidr, vpc = vpc, blocks = blocks),
                        msg!("validate.subnet_block_carved_out"),
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
                        msg!("validate.subnet_availability_zone_region", id = id, az = az, b = b, vpc = vpc, a = a),
                        msg!("validate.vpc_lives_one_region"),
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
                    msg!("validate.subnet_vpc_associated_which", id = id, vpc = vpc, assoc = assoc, owner = owner),
                    msg!("validate.subnet_can_only_use"),
                    &[assoc, vpc],
                    if want == Want::RouteTable { src::ROUTE_TABLES } else { src::NACL },
                );
            }
        }
    }

    /// Subnets of one VPC must not overlap (EC2 `InvalidSubnet.Conflict`).
    pub(crate) fn subnet_conflicts(&mut self) {
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
                        msg!(
                            "validate.subnet_block_overlaps_subnet",
                            cidr = cidr,
                            other_cidr = other_cidr,
                            other = other
                        ),
                        msg!("validate.each_address_vpc_belongs"),
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
                    msg!("validate.route_table_two_routes", id = id, dest = dest),
                    msg!("validate.route_table_at_most"),
                    &[],
                    src::ROUTE_TABLES,
                );
            }
            let Some(spec) = self.spec(target) else {
                self.emit(
                    "InvalidGatewayID.NotFound",
                    Severity::Error,
                    id,
                    msg!("validate.route_points_at_which", dest = dest, id = id, target = target),
                    msg!("validate.route_must_point_at"),
                    &[target],
                    src::ROUTE_TABLES,
                );
                continue;
            };
            // The VPCs a target may serve: a gateway's, a forwarding interface's subnet's,
            // a peering connection's two. Source: VPC User Guide, "Route tables".
            let owner: Option<Vec<&NodeId>> = match spec {
                Spec::InternetGateway { vpc } | Spec::VpnGateway { vpc } => Some(vpc.iter().collect()),
                Spec::VpcPeering { requester, accepter } => Some(vec![requester, accepter]),
                _ if forwards(spec) => Some(spec.subnets().iter().filter_map(|s| self.vpc_of_subnet(s)).collect()),
                _ => None,
            };
            let Some(owner) = owner else {
                let kind = spec.kind().name();
                self.emit(
                    "InvalidParameterValue",
                    Severity::Error,
                    id,
                    msg!("validate.route_points_at", dest = dest, id = id, target = target, kind = kind),
                    msg!("validate.route_target_internet_gateway"),
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
                    msg!("validate.route_table_vpc_sends", id = id, vpc = vpc, dest = dest, target = target),
                    msg!("validate.route_table_targets_must"),
                    &[target, vpc],
                    src::ROUTE_TABLES,
                );
            }
            let Some(view) = self.topo.vpcs.get(vpc) else { continue };
            let middlebox = forwards(spec);
            if !middlebox {
                if let Some(block) = view.blocks.iter().find(|b| b.contains_block(dest)) {
                    self.emit(
                        "InvalidParameterValue",
                        Severity::Error,
                        id,
                        msg!("validate.route_equal_or_more", dest = dest, id = id, block = block),
                        msg!("validate.traffic_inside_vpc_follows"),
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
                        msg!(
                            "validate.sends_through_peering_connection",
                            id = id,
                            dest = dest,
                            target = target,
                            peer = peer
                        ),
                        msg!("validate.vpc_peering_not_transitive"),
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
                msg!("validate.nat_gateway_no_elastic", id = id),
                msg!("validate.public_nat_gateway_created"),
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
                msg!("validate.nat_gateway_subnet_whose", id = id, subnet = subnet),
                msg!("validate.nat_gateway_lets_private"),
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
        for (direction, rules) in [(msg!("validate.inbound"), inbound), (msg!("validate.outbound"), outbound)] {
            if rules.len() > 60 {
                self.emit(
                    "RulesPerSecurityGroupLimitExceeded",
                    Severity::Error,
                    id,
                    msg!("validate.security_group_rules_default", id = id, rules = rules.len(), direction = direction),
                    msg!("validate.merge_rules_or_request"),
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
                                msg!(
                                    "validate.rule_names_security_group",
                                    direction = direction,
                                    index = index,
                                    id = id,
                                    group = group,
                                    other = other
                                ),
                                msg!("validate.rule_can_reference_security"),
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
                            msg!("validate.rule_must_name_exactly", direction = direction, index = index, id = id),
                            msg!("validate.security_group_rule_allows"),
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
        for (direction, rules) in [(msg!("validate.inbound"), inbound), (msg!("validate.outbound"), outbound)] {
            let mut seen = BTreeSet::new();
            for rule in rules {
                let n = rule.rule;
                if !(1..=32766).contains(&n) {
                    self.emit(
                        "InvalidParameterValue",
                        Severity::Error,
                        id,
                        msg!("validate.rule_number_outside_1", direction = direction, n = n, id = id),
                        msg!("validate.network_acl_rules_numbered"),
                        &[],
                        src::NACL,
                    );
                }
                if !seen.insert(n) {
                    self.emit(
                        "NetworkAclEntryAlreadyExists",
                        Severity::Error,
                        id,
                        msg!("validate.two_rules_numbered", id = id, direction = direction, n = n),
                        msg!("validate.rule_number_rule_identity"),
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
                    msg!("validate.rules_default_quota_20", id = id, rules = rules.len(), direction = direction),
                    msg!("validate.merge_rules_or_request_2"),
                    &[],
                    src::QUOTAS,
                );
            }
            if default && rules.is_empty() {
                self.emit(
                    "Stratus.NetworkAcl.DefaultWithoutRules",
                    Severity::Info,
                    id,
                    msg!("validate.default_network_acl_no", id = id, direction = direction),
                    msg!("validate.aws_creates_default_acl"),
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
                msg!("validate.peering_connection_connects_vpc", id = id, requester = requester),
                msg!("validate.peering_connection_joins_two"),
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
                msg!(
                    "validate.vpcs_have_overlapping_blocks",
                    requester = requester,
                    x = x,
                    accepter = accepter,
                    y = y,
                    id = id
                ),
                msg!("validate.vpcs_overlapping_cidr_blocks"),
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
                msg!(
                    "validate.vpcs_already_peered",
                    requester = requester,
                    accepter = accepter,
                    earlier_id = earlier.id
                ),
                msg!("validate.two_vpcs_have_at"),
                &[&earlier.id],
                src::PEERING,
            );
        }
    }

    /// One Internet gateway, one virtual private gateway, one main route table and one
    /// default network ACL per VPC. Sources: VPC quotas; EC2 errors `Resource.AlreadyAssociated`,
    /// `InvalidVpcState`; VPC User Guide, "Route tables", "Network ACLs" (aws-facts.md §5).
    pub(crate) fn one_per_vpc(&mut self) {
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
            let (code, what, hint, source) = match what {
                "igw" => (
                    "Resource.AlreadyAssociated",
                    msg!("validate.internet_gateway"),
                    msg!("validate.vpc_at_most_one"),
                    src::IGW,
                ),
                "vgw" => (
                    "InvalidVpcState",
                    msg!("validate.virtual_private_gateway_2"),
                    msg!("validate.vpc_at_most_one_2"),
                    src::VPN,
                ),
                "main" => (
                    "Stratus.RouteTable.MainNotUnique",
                    msg!("validate.main_route_table"),
                    msg!("validate.vpc_exactly_one_main"),
                    src::ROUTE_TABLES,
                ),
                _ => (
                    "Stratus.NetworkAcl.DefaultNotUnique",
                    msg!("validate.default_network_acl"),
                    msg!("validate.vpc_exactly_one_default"),
                    src::NACL,
                ),
            };
            self.emit(
                code,
                Severity::Error,
                &n.id,
                msg!("validate.vpc_already", vpc = vpc, what = what, first = first),
                hint,
                &[first, vpc],
                source,
            );
        }
    }

    /// Two ENIs cannot share a private address in a VPC (EC2 `InvalidIPAddress.InUse`).
    pub(crate) fn private_addresses(&mut self) {
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
                msg!("validate.private_address_already_used", ip = ip, id = id, first = first),
                msg!("validate.each_private_address_vpc"),
                &[first],
                src::ENI,
            );
        }
    }

    /// A default VPC is 172.31.0.0/16 with an Internet gateway, one per Region.
    /// Source: VPC User Guide, "Default VPCs" (aws-facts.md §5).
    pub(crate) fn default_vpcs(&mut self) {
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
                    msg!("validate.region_already_default_vpc", region = v.region, first = first),
                    msg!("validate.region_at_most_one"),
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
                    msg!("validate.default_vpc_does_not", id = v.id),
                    msg!("validate.aws_creates_every_default"),
                    &[],
                    src::DEFAULT_VPC,
                );
            }
            if v.internet_gateway.is_none() {
                self.emit(
                    "Stratus.DefaultVpc.NoInternetGateway",
                    Severity::Warning,
                    v.id,
                    msg!("validate.default_vpc_no_internet", id = v.id),
                    msg!("validate.default_vpc_comes_internet"),
                    &[],
                    src::DEFAULT_VPC,
                );
            }
        }
    }

    /// Instances that a route sends traffic through must have source/destination check off.
    /// Source: VPC User Guide, "NAT instances" (aws-facts.md §5).
    pub(crate) fn route_targets_that_drop(&mut self) {
        let mut flagged = BTreeSet::new();
        for n in &self.s.nodes {
            let Spec::RouteTable { routes, .. } = &n.spec else { continue };
            for route in routes {
                // An instance's interface (one host, not a group's), with the check on.
                let Some(i) = self.spec(&route.target).and_then(Spec::interfaces) else { continue };
                if !(i.kind == EniKind::Instance && i.one_host && i.source_dest_check) {
                    continue;
                }
                if !flagged.insert(&route.target) {
                    continue;
                }
                self.emit(
                    "Stratus.NatInstance.SourceDestCheck",
                    Severity::Warning,
                    &route.target,
                    msg!("validate.route_table_sends_traffic", id = n.id, route_target = route.target),
                    msg!("validate.instance_accepts_only_packets"),
                    &[&n.id],
                    src::NAT_INSTANCE,
                );
            }
        }
    }
}
