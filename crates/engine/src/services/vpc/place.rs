//! The VPC room's answer to where a drop from the palette landed (`Place`: the subnet, VPC and Region around it), the readable ids a creation hands out (`Ids`), and the small helpers `create` and each service's blueprint share: every room places its nodes in the Region, VPC and subnet this module resolves.

use crate::cidr::{Cidr, Ipv4};
use crate::model::{Node, NodeId, Scenario, Spec};
use crate::msg::Msg;
use std::collections::BTreeSet;

/// The group name AWS gives every VPC's default security group (it cannot be reused).
pub(crate) const DEFAULT_SG_NAME: &str = "default";

/// Where a drop landed, resolved upward: the subnet, VPC and Region that contain it.
#[derive(Default)]
pub(crate) struct Place<'s> {
    /// The node dropped onto; `None` for the empty canvas.
    pub(crate) container: Option<&'s Node>,
    pub(crate) subnet: Option<&'s Node>,
    pub(crate) vpc: Option<&'s Node>,
    pub(crate) region: Option<&'s Node>,
    /// The first reference that does not resolve on the way up, as a message.
    pub(crate) broken: Option<Msg>,
}

impl<'s> Place<'s> {
    pub(crate) fn resolve(s: &'s Scenario, container: Option<&NodeId>) -> Result<Place<'s>, Msg> {
        let Some(id) = container else { return Ok(Place::default()) };
        let Some(node) = s.node(id) else {
            return Err(msg!("create.there_no_element_drop", id = id));
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
                    _ => place.broken = Some(dangling(&node.id, vpc, false)),
                }
            }
            other => {
                let kind = other.kind().name();
                return Err(msg!("create.not_container_drop_onto", id = id, kind = kind));
            }
        }
        if let Some((owner, region)) = region_ref {
            match s.node(region) {
                Some(r @ Node { spec: Spec::Region { .. }, .. }) => place.region = Some(r),
                _ => place.broken = Some(dangling(&owner.id, region, true)),
            }
        }
        Ok(place)
    }

    /// The Region the drop is in, or `outside` (or the broken link on the way up).
    pub(crate) fn region(&self, outside: Msg) -> Result<&'s Node, Msg> {
        self.region.ok_or_else(|| self.broken.clone().unwrap_or(outside))
    }

    /// The VPC the drop is in (the container, or the VPC of the subnet dropped onto), if any;
    /// an error if it was dropped onto a subnet whose VPC is missing.
    pub(crate) fn vpc_if_any(&self) -> Result<Option<&'s Node>, Msg> {
        match (self.vpc, self.subnet, &self.broken) {
            (None, Some(_), Some(broken)) => Err(broken.clone()),
            (vpc, ..) => Ok(vpc),
        }
    }

    /// The VPC the drop is in, or `outside`.
    pub(crate) fn vpc(&self, outside: Msg) -> Result<&'s Node, Msg> {
        self.vpc_if_any()?.ok_or(outside)
    }

    /// The subnet dropped onto.
    pub(crate) fn subnet(&self, outside: Msg) -> Result<&'s Node, Msg> {
        self.subnet.ok_or(outside)
    }

    /// Refuses any container: the component belongs on the empty canvas.
    pub(crate) fn empty_canvas(&self, inside: Msg) -> Result<(), Msg> {
        self.container.map_or(Ok(()), |_| Err(inside))
    }
}

/// A reference on the way up that names no VPC (or, with `region`, no Region).
pub(crate) fn dangling(owner: &NodeId, target: &NodeId, region: bool) -> Msg {
    if region {
        msg!("create.names_region_but_there", owner = owner, target = target)
    } else {
        msg!("create.names_vpc_but_there", owner = owner, target = target)
    }
}

/// Hands out readable ids (`vpc-1`, `vpc-2`, ...) not used by the scenario's nodes, its
/// layout (a stale entry would misplace the new node) or earlier ids of the same call.
pub(crate) struct Ids {
    pub(crate) taken: BTreeSet<String>,
}

impl Ids {
    pub(crate) fn new(s: &Scenario) -> Ids {
        let nodes = s.nodes.iter().map(|n| n.id.0.clone());
        Ids { taken: crate::sort::set_of(nodes.chain(s.layout.keys().map(|id| id.0.clone()))) }
    }

    /// `prefix` itself if `bare` and free, else the first free `prefix-N`, N = 1, 2, ...
    pub(crate) fn take(&mut self, prefix: &str, bare: bool) -> NodeId {
        let candidates = bare.then(|| prefix.to_string()).into_iter();
        let numbered = (if bare { 2u64 } else { 1 }..).map(|n| format!("{prefix}-{n}"));
        // The set is finite, so a free id is always found.
        let id = candidates.chain(numbered).find(|id| !self.taken.contains(id)).unwrap_or_default();
        self.taken.insert(id.clone());
        NodeId(id)
    }

    pub(crate) fn next(&mut self, prefix: &str) -> NodeId {
        self.take(prefix, false)
    }
}

/// A node named like its id (the `Name` tag a person would type first).
pub(crate) fn named(id: NodeId, spec: Spec) -> Node {
    Node::new(id.clone(), id.0, spec)
}

/// The VPC's default security group: the first of its groups named `default`. A VPC without
/// one gets `None`, and an empty group list means the same default group to `net`.
pub(crate) fn default_security_group(s: &Scenario, vpc: Option<&Node>) -> Option<NodeId> {
    let vpc = vpc?;
    s.nodes.iter().find_map(|n| match &n.spec {
        Spec::SecurityGroup { vpc: v, .. } if v == &vpc.id && n.name == DEFAULT_SG_NAME => Some(n.id.clone()),
        _ => None,
    })
}

/// `subnet` and, for every other AZ of its VPC, the first subnet of the same tier (public
/// or private), in document order; and whether that tier is public. What a resource that
/// spans AZs (an Auto Scaling group, a DB subnet group) is given when dropped on a subnet.
pub(crate) fn same_tier_per_az(s: &Scenario, subnet: &Node) -> Option<(Vec<NodeId>, bool)> {
    let Spec::Subnet { vpc, az, .. } = &subnet.spec else { return None };
    let public_subnets = crate::net::public_subnets(s);
    let public = public_subnets.contains(&subnet.id);
    let mut subnets = vec![subnet.id.clone()];
    let mut azs = vec![az];
    for n in &s.nodes {
        let Spec::Subnet { vpc: v, az: other, .. } = &n.spec else { continue };
        if v == vpc && !azs.contains(&other) && public_subnets.contains(&n.id) == public {
            azs.push(other);
            subnets.push(n.id.clone());
        }
    }
    Some((subnets, public))
}

/// Global services (CloudFront, Route 53) are drawn outside every Region.
pub(crate) fn global(place: &Place, what: &str) -> Result<(), Msg> {
    place.empty_canvas(msg!("create.global_service_not_region", what = what))
}

/// The first node of the design, in document order, that `want` accepts.
pub(crate) fn first_of(s: &Scenario, want: impl Fn(&Spec) -> bool) -> Option<&NodeId> {
    s.nodes.iter().find(|n| want(&n.spec)).map(|n| &n.id)
}

/// The VPC of subnet `subnet`.
pub(crate) fn vpc_of_subnet<'s>(s: &'s Scenario, subnet: &NodeId) -> Option<&'s NodeId> {
    s.node(subnet).and_then(|n| n.spec.subnet_vpc())
}

/// Public addresses handed out for Elastic IPs and auto-assigned public IPv4 addresses:
/// TEST-NET-3, 203.0.113.0/24, reserved for documentation (RFC 5737), so no design names a
/// real host.
pub(crate) fn public_pool() -> Cidr {
    Cidr::new(Ipv4(0xCB00_7100), 24)
}

/// The first address of [`public_pool`] no instance or NAT gateway of the design uses.
pub(crate) fn free_public_ip(s: &Scenario) -> Result<Ipv4, Msg> {
    let used: BTreeSet<Ipv4> = crate::sort::set_of(s.nodes.iter().filter_map(|n| n.spec.public_ip()));
    let pool = public_pool();
    // .0 and .255 look like network and broadcast addresses: leave them out.
    (1..255)
        .filter_map(|n| pool.nth(n))
        .find(|ip| !used.contains(ip))
        .ok_or_else(|| msg!("create.all_addresses_stratus_hands", pool = pool))
}

/// Every IPv4 block of every VPC in the design.
pub(crate) fn vpc_blocks(s: &Scenario) -> Vec<Cidr> {
    s.nodes.iter().flat_map(blocks_of).collect()
}

/// The blocks of a VPC node, primary first.
pub(crate) fn blocks_of(vpc: &Node) -> Vec<Cidr> {
    match &vpc.spec {
        Spec::Vpc { cidr, secondary_cidrs, .. } => std::iter::once(*cidr).chain(secondary_cidrs.clone()).collect(),
        _ => Vec::new(),
    }
}
