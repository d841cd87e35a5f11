//! The network as AWS resolves it: each VPC's blocks and gateways, each subnet's effective route table and network ACL, and every ENI with its addresses.
//!
//! Dangling references are skipped here, never unwrapped: `validate` reports them, and
//! `reach` treats a component it cannot resolve as unassociated.

use crate::cidr::{Cidr, Ipv4};
use crate::model::{Action, NaclRule, Node, NodeId, PortRange, Protocol, PublicAddress, Scenario, Spec};
use std::collections::{BTreeMap, BTreeSet};

/// The rules AWS puts in a VPC's default network ACL when it creates it: rule 100 allows
/// all traffic, the `*` rule denies the rest. Source: VPC User Guide, "Default network ACL"
/// (aws-facts.md §5).
pub(crate) const DEFAULT_NACL_RULES: [NaclRule; 1] =
    [NaclRule { rule: 100, action: Action::Allow, protocol: Protocol::All, ports: PortRange::ALL, cidr: Cidr::ANY }];

/// The private IPv4 ranges of RFC 1918 (aws-facts.md §5).
pub(crate) fn is_rfc1918(block: Cidr) -> bool {
    RFC1918.iter().any(|&(net, prefix)| Cidr::new(Ipv4(net), prefix).overlaps(block))
}

const RFC1918: [(u32, u8); 3] = [(0x0A00_0000, 8), (0xAC10_0000, 12), (0xC0A8_0000, 16)];

pub(crate) use crate::model::EniKind;

/// A public IPv4 address of an ENI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PublicIp {
    /// No public address: unreachable from the Internet.
    None,
    /// Assigned by AWS (subnet auto-assign, or an internet-facing load balancer node).
    Auto(Ipv4),
    /// Written in the document (an Elastic IP, or a given public address).
    Fixed(Ipv4),
}

impl PublicIp {
    pub(crate) fn address(self) -> Option<Ipv4> {
        match self {
            PublicIp::None => None,
            PublicIp::Auto(ip) | PublicIp::Fixed(ip) => Some(ip),
        }
    }
}

/// An elastic network interface: where traffic enters and leaves a resource.
#[derive(Clone, Debug)]
pub(crate) struct Eni<'a> {
    pub owner: &'a NodeId,
    pub kind: EniKind,
    pub subnet: &'a NodeId,
    pub vpc: &'a NodeId,
    /// A /32 for an instance; the whole subnet block for AWS-managed nodes (load balancer,
    /// NAT gateway), whose address AWS picks: a rule must then cover every address they may get.
    pub private: Cidr,
    pub public: PublicIp,
    /// `None`: no security group applies (NAT gateway, NLB without groups).
    /// `Some([])`: the VPC's default security group.
    pub security_groups: Option<&'a [NodeId]>,
    pub source_dest_check: bool,
}

/// A VPC with the pieces AWS attaches to it.
#[derive(Clone, Debug)]
pub(crate) struct VpcView<'a> {
    pub id: &'a NodeId,
    pub region: &'a NodeId,
    pub blocks: Vec<Cidr>,
    pub is_default: bool,
    pub main_route_table: Option<&'a NodeId>,
    pub default_nacl: Option<&'a NodeId>,
    pub internet_gateway: Option<&'a NodeId>,
    pub vpn_gateway: Option<&'a NodeId>,
}

impl VpcView<'_> {
    pub(crate) fn contains(&self, block: Cidr) -> bool {
        self.blocks.iter().any(|b| b.contains_block(block))
    }
}

/// Where a route sends traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RouteTarget<'a> {
    /// The implicit `local` route of a VPC block.
    Local,
    /// A node: gateway, NAT device, peering connection.
    Node(&'a NodeId),
}

/// One entry of an effective route table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RouteEntry<'a> {
    pub destination: Cidr,
    pub target: RouteTarget<'a>,
}

/// The route table a subnet really uses.
#[derive(Clone, Debug)]
pub(crate) struct EffectiveRouteTable<'a> {
    /// The table's id, or the VPC's id when the table is implicit.
    pub id: &'a NodeId,
    /// No route table node exists: AWS's main table as created with the VPC.
    pub implicit: bool,
    pub routes: Vec<RouteEntry<'a>>,
}

/// The network ACL a subnet really uses.
#[derive(Clone, Debug)]
pub(crate) struct EffectiveNacl<'a> {
    /// The ACL's id, or the VPC's id when the ACL is implicit.
    pub id: &'a NodeId,
    pub implicit: bool,
    pub inbound: &'a [NaclRule],
    pub outbound: &'a [NaclRule],
}

/// A subnet's resolved settings.
#[derive(Clone, Debug)]
pub(crate) struct SubnetView<'a> {
    pub id: &'a NodeId,
    pub vpc: &'a NodeId,
    pub az: &'a NodeId,
    pub cidr: Cidr,
    pub route_table: Option<&'a NodeId>,
    pub network_acl: Option<&'a NodeId>,
    pub map_public_ip_on_launch: bool,
}

/// The resolved network of a scenario.
pub(crate) struct Topology<'a> {
    /// Each id's node (the last of a repeated id, as `Scenario::index`).
    pub index: BTreeMap<&'a NodeId, &'a Node>,
    /// The first node of each repeated id (`Scenario::node`'s answer; validate reports them).
    pub first_of_repeated: BTreeMap<&'a NodeId, &'a Node>,
    pub vpcs: BTreeMap<&'a NodeId, VpcView<'a>>,
    pub subnets: BTreeMap<&'a NodeId, SubnetView<'a>>,
    pub enis: Vec<Eni<'a>>,
    /// Instances whose automatic private address found no free address in the subnet.
    pub exhausted: Vec<&'a NodeId>,
    /// The ENIs of each owner, in `enis` order: a walk looks its ends up here instead of
    /// scanning every ENI, which made a simulation's set-up quadratic.
    pub eni_owner: BTreeMap<&'a NodeId, Vec<usize>>,
    /// The first ENI (in `enis` order) with each private block in each VPC.
    pub eni_addr: BTreeMap<(&'a NodeId, Cidr), usize>,
    /// Every pair of VPCs a peering connection names, both ways round.
    pub peerings: BTreeSet<(&'a NodeId, &'a NodeId)>,
    /// The first Internet node in document order.
    pub internet: Option<&'a NodeId>,
    /// How many ENIs have each private block (any VPC), and every public address as a /32:
    /// an ENI whose address another could be mistaken for is never grouped with others
    /// (net::fanout).
    pub private_count: BTreeMap<Cidr, u32>,
    pub publics: BTreeSet<Cidr>,
    /// Nodes some route sends traffic to (NAT devices and gateways), and the subnets their
    /// ENIs are in.
    pub route_targets: BTreeSet<&'a NodeId>,
    pub nat_subnets: BTreeSet<&'a NodeId>,
    /// Every block a walk compares an address with (rules, routes, VPC blocks, on-premises
    /// networks, RFC 1918), sorted and without repeats.
    pub blocks: Vec<Cidr>,
}

impl<'a> Topology<'a> {
    pub(crate) fn new(s: &'a Scenario) -> Topology<'a> {
        let index = s.index();
        let mut vpcs = BTreeMap::new();
        for node in &s.nodes {
            if let Spec::Vpc { region, cidr, secondary_cidrs, is_default } = &node.spec {
                let mut blocks = vec![*cidr];
                blocks.extend(secondary_cidrs.iter().copied());
                vpcs.entry(&node.id).or_insert(VpcView {
                    id: &node.id,
                    region,
                    blocks,
                    is_default: *is_default,
                    main_route_table: None,
                    default_nacl: None,
                    internet_gateway: None,
                    vpn_gateway: None,
                });
            }
        }
        // The first of each in document order wins; validate reports the extras.
        for node in &s.nodes {
            let (vpc, slot): (&NodeId, for<'v> fn(&'v mut VpcView<'a>) -> &'v mut Option<&'a NodeId>) = match &node.spec
            {
                Spec::RouteTable { vpc, main: true, .. } => (vpc, |v| &mut v.main_route_table),
                Spec::NetworkAcl { vpc, default: true, .. } => (vpc, |v| &mut v.default_nacl),
                Spec::InternetGateway { vpc: Some(vpc) } => (vpc, |v| &mut v.internet_gateway),
                Spec::VpnGateway { vpc: Some(vpc) } => (vpc, |v| &mut v.vpn_gateway),
                _ => continue,
            };
            if let Some(view) = vpcs.get_mut(vpc) {
                slot(view).get_or_insert(&node.id);
            }
        }
        let mut subnets = BTreeMap::new();
        for node in &s.nodes {
            if let Spec::Subnet { vpc, az, cidr, route_table, network_acl, map_public_ip_on_launch } = &node.spec {
                subnets.entry(&node.id).or_insert(SubnetView {
                    id: &node.id,
                    vpc,
                    az,
                    cidr: *cidr,
                    route_table: route_table.as_ref(),
                    network_acl: network_acl.as_ref(),
                    map_public_ip_on_launch: *map_public_ip_on_launch,
                });
            }
        }
        let mut peerings = BTreeSet::new();
        let mut internet = None;
        let mut route_targets = BTreeSet::new();
        let mut blocks: BTreeSet<Cidr> = [Cidr::ANY].into_iter().collect();
        blocks.extend(RFC1918.iter().map(|&(net, prefix)| Cidr::new(Ipv4(net), prefix)));
        for node in &s.nodes {
            match &node.spec {
                Spec::VpcPeering { requester, accepter } => {
                    peerings.insert((requester, accepter));
                    peerings.insert((accepter, requester));
                }
                Spec::Internet {} => {
                    internet.get_or_insert(&node.id);
                }
                Spec::Vpc { cidr, secondary_cidrs, .. } => {
                    blocks.insert(*cidr);
                    blocks.extend(secondary_cidrs.iter().copied());
                }
                Spec::RouteTable { routes, .. } => {
                    for r in routes {
                        blocks.insert(r.destination);
                        route_targets.insert(&r.target);
                    }
                }
                Spec::SecurityGroup { inbound, outbound, .. } => {
                    blocks.extend(inbound.iter().chain(outbound).filter_map(|r| r.cidr));
                }
                Spec::NetworkAcl { inbound, outbound, .. } => {
                    blocks.extend(inbound.iter().chain(outbound).map(|r| r.cidr));
                }
                Spec::OnPremises { cidr } => {
                    blocks.insert(*cidr);
                }
                _ => {}
            }
        }
        let mut first_of_repeated = BTreeMap::new();
        for node in &s.nodes {
            if index.get(&node.id).is_some_and(|n| !std::ptr::eq(*n, node)) {
                first_of_repeated.entry(&node.id).or_insert(node);
            }
        }
        let mut topo = Topology {
            index,
            first_of_repeated,
            vpcs,
            subnets,
            enis: Vec::new(),
            exhausted: Vec::new(),
            eni_owner: BTreeMap::new(),
            eni_addr: BTreeMap::new(),
            peerings,
            internet,
            private_count: BTreeMap::new(),
            publics: BTreeSet::new(),
            route_targets,
            nat_subnets: BTreeSet::new(),
            blocks: blocks.into_iter().collect(),
        };
        topo.collect_enis(s);
        for (i, e) in topo.enis.iter().enumerate() {
            topo.eni_owner.entry(e.owner).or_default().push(i);
            topo.eni_addr.entry((e.vpc, e.private)).or_insert(i);
            *topo.private_count.entry(e.private).or_default() += 1;
            if let Some(ip) = e.public.address() {
                topo.publics.insert(Cidr::new(ip, 32));
            }
            if e.kind == EniKind::NatGateway || topo.route_targets.contains(e.owner) {
                topo.nat_subnets.insert(e.subnet);
            }
        }
        topo
    }

    fn collect_enis(&mut self, s: &'a Scenario) {
        // Explicit private addresses first, so automatic ones never take them.
        let mut used: BTreeMap<&NodeId, BTreeSet<u32>> = BTreeMap::new();
        for (i, ip) in s.nodes.iter().filter_map(|n| n.spec.interfaces()).filter_map(|i| Some((i, i.private_ip?))) {
            if let (true, Some(subnet)) = (i.one_host, i.subnets.first()) {
                used.entry(subnet).or_default().insert(ip.0);
            }
        }
        // The launched instances last: see `Interfaces::launched`.
        for launched in [false, true] {
            for node in &s.nodes {
                let Some(i) = node.spec.interfaces().filter(|i| i.launched == launched) else { continue };
                let subnets = if i.first_only { &i.subnets[..i.subnets.len().min(1)] } else { i.subnets };
                let mut seen = BTreeSet::new();
                for subnet in subnets {
                    let Some(sub) = self.subnets.get(subnet).cloned() else { continue };
                    if !seen.insert(subnet) || !self.vpcs.contains_key(sub.vpc) {
                        continue;
                    }
                    let private = if !i.one_host {
                        sub.cidr
                    } else if let Some(ip) = i.private_ip {
                        Cidr::new(ip, 32)
                    } else if let Some(ip) = first_free(sub.cidr, used.entry(subnet).or_default()) {
                        Cidr::new(ip, 32)
                    } else {
                        self.exhausted.push(&node.id);
                        continue;
                    };
                    let public = match i.public {
                        PublicAddress::None => PublicIp::None,
                        PublicAddress::Fixed(ip) => PublicIp::Fixed(ip),
                        PublicAddress::FromSubnet if !sub.map_public_ip_on_launch => PublicIp::None,
                        PublicAddress::FromSubnet | PublicAddress::Assigned => PublicIp::Auto(self.auto_public()),
                    };
                    self.enis.push(Eni {
                        owner: &node.id,
                        kind: i.kind,
                        subnet: sub.id,
                        vpc: sub.vpc,
                        private,
                        public,
                        security_groups: i.groups,
                        source_dest_check: i.source_dest_check,
                    });
                }
            }
        }
    }

    /// A stand-in public address for one AWS assigns (TEST-NET-2, RFC 5737): rules and
    /// routes never need its value, but the path shows an address.
    fn auto_public(&self) -> Ipv4 {
        Ipv4(0xC633_6400 | (1 + (self.enis.len() as u32 % 254)))
    }

    /// The first node with this id, as `Scenario::node` finds it, without its linear search.
    pub(crate) fn first_node(&self, id: &NodeId) -> Option<&'a Node> {
        self.first_of_repeated.get(id).or_else(|| self.index.get(id)).copied()
    }

    pub(crate) fn node(&self, id: &NodeId) -> Option<&'a Node> {
        self.index.get(id).copied()
    }

    pub(crate) fn spec(&self, id: &NodeId) -> Option<&'a Spec> {
        self.node(id).map(|n| &n.spec)
    }

    /// The ENIs a node owns (one for an instance or NAT gateway, one per subnet for a load balancer).
    pub(crate) fn enis_of(&self, owner: &NodeId) -> &[usize] {
        self.eni_owner.get(owner).map_or(&[], Vec::as_slice)
    }

    /// The route table a subnet uses: its explicit association if it resolves, else the
    /// VPC's main table, else the implicit main table AWS creates with every VPC. A default
    /// VPC's main table sends 0.0.0.0/0 to its Internet gateway, which makes its default
    /// subnets public. Sources: VPC User Guide, "Route tables" and "Default VPCs" (aws-facts.md §5).
    pub(crate) fn route_table(&self, subnet: &SubnetView<'a>) -> Option<EffectiveRouteTable<'a>> {
        let vpc = self.vpcs.get(subnet.vpc)?;
        let mut routes: Vec<RouteEntry<'a>> =
            vpc.blocks.iter().map(|&destination| RouteEntry { destination, target: RouteTarget::Local }).collect();
        let explicit = subnet.route_table.filter(|id| matches!(self.spec(id), Some(Spec::RouteTable { .. })));
        let table = explicit.or(vpc.main_route_table);
        match table.and_then(|id| self.node(id)) {
            Some(Node { id, spec: Spec::RouteTable { routes: listed, .. }, .. }) => {
                routes.extend(
                    listed
                        .iter()
                        .map(|r| RouteEntry { destination: r.destination, target: RouteTarget::Node(&r.target) }),
                );
                Some(EffectiveRouteTable { id, implicit: false, routes })
            }
            _ => {
                if let (true, Some(igw)) = (vpc.is_default, vpc.internet_gateway) {
                    routes.push(RouteEntry { destination: Cidr::ANY, target: RouteTarget::Node(igw) });
                }
                Some(EffectiveRouteTable { id: vpc.id, implicit: true, routes })
            }
        }
    }

    /// The network ACL a subnet uses: its association, else the VPC's default ACL, else the
    /// implicit default ACL that allows everything (aws-facts.md §5).
    pub(crate) fn network_acl(&self, subnet: &SubnetView<'a>) -> Option<EffectiveNacl<'a>> {
        let vpc = self.vpcs.get(subnet.vpc)?;
        let explicit = subnet.network_acl.filter(|id| matches!(self.spec(id), Some(Spec::NetworkAcl { .. })));
        match explicit.or(vpc.default_nacl).and_then(|id| self.node(id)) {
            Some(Node { id, spec: Spec::NetworkAcl { inbound, outbound, .. }, .. }) => {
                Some(EffectiveNacl { id, implicit: false, inbound, outbound })
            }
            _ => Some(EffectiveNacl {
                id: vpc.id,
                implicit: true,
                inbound: &DEFAULT_NACL_RULES,
                outbound: &DEFAULT_NACL_RULES,
            }),
        }
    }

    /// Whether the subnet's route table sends 0.0.0.0/0 to an Internet gateway attached to
    /// its VPC: the definition of a public subnet (aws-facts.md §5, "IGW").
    pub(crate) fn is_public(&self, subnet: &SubnetView<'a>) -> bool {
        let Some(igw) = self.vpcs.get(subnet.vpc).and_then(|v| v.internet_gateway) else { return false };
        let Some(table) = self.route_table(subnet) else { return false };
        table.routes.iter().any(|r| r.destination == Cidr::ANY && r.target == RouteTarget::Node(igw))
    }
}

/// The first address of `block` an instance can take (AWS reserves the first four and the
/// last), skipping `used`; marks it used.
fn first_free(block: Cidr, used: &mut BTreeSet<u32>) -> Option<Ipv4> {
    let size = block.size();
    let mut n = 4;
    while n + 1 < size {
        let ip = block.nth(n)?;
        if used.insert(ip.0) {
            return Some(ip);
        }
        n += 1;
    }
    None
}

/// Whether `ip` is one of the five addresses AWS reserves in `subnet`: the network address,
/// the VPC router (+1), DNS (+2), future use (+3) and the last address. Source: VPC User
/// Guide, "Subnet CIDR blocks" (aws-facts.md §5).
pub(crate) fn is_reserved(subnet: Cidr, ip: Ipv4) -> bool {
    let offset = u64::from(ip.0.wrapping_sub(subnet.network().0));
    offset < 4 || offset + 1 == subnet.size()
}

/// Who sends or receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Host<'a> {
    Eni(usize),
    Internet,
    OnPrem(&'a NodeId, Cidr),
}
