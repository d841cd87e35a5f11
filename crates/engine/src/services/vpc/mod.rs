//! The VPC primitives: Regions and Availability Zones, VPCs, subnets, route tables, Internet and NAT gateways, security groups, network ACLs and peering connections. Their rules (`rules`) and where each is drawn live here; so do the links drawn between them (a gateway's attachment, peering), the lines they imply and their palette blueprints (`create`); the reachability walk over them is the shared `net`.

pub(crate) mod create;
pub(crate) mod facts;
pub mod objects;
pub(crate) mod place;
pub(crate) mod rules;
pub(crate) mod sim;

pub(crate) use rules::{document, validate};

use super::{no_caption, Emit, Service};
use crate::link::{already, fresh_id, LinkIndex, LinkKind, Plan};
use crate::model::{Node, NodeId, Scenario, Spec};
use crate::msg::Msg;

pub(crate) static SERVICE: Service = Service { link, links, parent, caption: no_caption };

/// An AZ and a VPC are drawn in their Region; a subnet, route table, security group,
/// network ACL and attached Internet or virtual private gateway in their VPC (a gateway on
/// its edge); a NAT gateway in its subnet.
fn parent<'a>(_: &'a Scenario, node: &'a Node) -> Option<&'a NodeId> {
    match &node.spec {
        Spec::AvailabilityZone { region, .. } | Spec::Vpc { region, .. } => Some(region),
        Spec::Subnet { vpc, .. }
        | Spec::RouteTable { vpc, .. }
        | Spec::SecurityGroup { vpc, .. }
        | Spec::NetworkAcl { vpc, .. } => Some(vpc),
        Spec::InternetGateway { vpc: Some(vpc) } | Spec::VpnGateway { vpc: Some(vpc) } => Some(vpc),
        Spec::NatGateway { subnet, .. } => Some(subnet),
        _ => None,
    }
}

/// A link from an Internet or virtual private gateway to a VPC attaches it; between two VPCs, it is a peering
/// connection (a new node drawn as the line between them). Source: VPC Peering Guide,
/// "VPC peering limitations" (no overlapping CIDR blocks).
fn link(s: &Scenario, from: &Node, to: &Node) -> Result<Option<Plan>, Msg> {
    let (f, t) = (&from.id, &to.id);
    match (&from.spec, &to.spec) {
        (Spec::InternetGateway { vpc } | Spec::VpnGateway { vpc }, Spec::Vpc { .. }) => {
            attach_gateway(s, from, vpc.as_ref(), t).map(Some)
        }
        (Spec::Vpc { cidr: ca, .. }, Spec::Vpc { cidr: cb, .. }) => {
            let exists = s.nodes.iter().any(|n| {
                matches!(&n.spec, Spec::VpcPeering { requester, accepter }
                    if (requester == f && accepter == t) || (requester == t && accepter == f))
            });
            if exists {
                return Err(already(f, t));
            }
            if ca.overlaps(*cb) {
                return Err(msg!("connect.vpcs_have_overlapping_cidr", f = f, ca = ca, t = t, cb = cb));
            }
            let spec = Spec::VpcPeering { requester: f.clone(), accepter: t.clone() };
            Ok(Some(Plan::NewNode(Box::new(Node::new(fresh_id(s, "pcx"), String::new(), spec)), LinkKind::Peering)))
        }
        _ => Ok(None),
    }
}

/// Attaching an Internet or virtual private gateway: one VPC per gateway, one gateway of
/// each kind per VPC. Sources: EC2 API `AttachInternetGateway`, `AttachVpnGateway`.
pub(crate) fn attach_gateway(
    s: &Scenario,
    gateway: &Node,
    attached: Option<&NodeId>,
    vpc: &NodeId,
) -> Result<Plan, Msg> {
    let g = &gateway.id;
    if let Some(current) = attached {
        if current == vpc {
            return Err(already(g, vpc));
        }
        return Err(msg!("connect.resource_alreadyassociated_gateway_attached", g = g, current = current));
    }
    let same_kind = |n: &Node| match (&gateway.spec, &n.spec) {
        (Spec::InternetGateway { .. }, Spec::InternetGateway { vpc: Some(v) })
        | (Spec::VpnGateway { .. }, Spec::VpnGateway { vpc: Some(v) }) => v == vpc,
        _ => false,
    };
    if let Some(other) = s.nodes.iter().find(|n| same_kind(n)) {
        return Err(msg!("connect.resource_alreadyassociated_vpc_already", vpc = vpc, other_id = other.id));
    }
    Ok(Plan::edit(gateway, LinkKind::Attachment, |spec| {
        if let Spec::InternetGateway { vpc: v } | Spec::VpnGateway { vpc: v } = spec {
            *v = Some(vpc.clone());
        }
    }))
}

/// The Internet reaches each attached Internet gateway; a NAT gateway sends on to its VPC's
/// Internet gateway; a peering connection is drawn between its two VPCs.
fn links(index: &LinkIndex<'_>, node: &Node, push: Emit<'_>) {
    let id = &node.id;
    match &node.spec {
        Spec::InternetGateway { vpc: Some(_) } => {
            if let Some(net) = index.internet() {
                push(net, id, LinkKind::Traffic, None);
            }
        }
        Spec::NatGateway { subnet, .. } => {
            if let Some(igw) = index.vpc_of_subnet(subnet).and_then(|v| index.igw_of(v)) {
                push(id, igw, LinkKind::Traffic, None);
            }
        }
        Spec::VpcPeering { requester, accepter } => push(requester, accepter, LinkKind::Peering, Some(id)),
        _ => {}
    }
}

/// The AZ a subnet is in, if it is a subnet of the design.
pub(crate) fn az_of_subnet<'s>(s: &'s Scenario, subnet: &NodeId) -> Option<&'s NodeId> {
    match s.node(subnet).map(|n| &n.spec) {
        Some(Spec::Subnet { az, .. }) => Some(az),
        _ => None,
    }
}

/// A Region node's code (`ap-northeast-2`); `None` for any other node.
pub(crate) fn region_code(spec: &Spec) -> Option<&str> {
    match spec {
        Spec::Region { code } => Some(code),
        _ => None,
    }
}

/// A node a route may send packets through because it forwards them itself: a NAT gateway,
/// or one instance (a NAT instance, whose source/destination check must be off).
pub(crate) fn forwards(spec: &Spec) -> bool {
    spec.interfaces().is_some_and(|i| {
        i.kind == crate::model::EniKind::NatGateway || (i.kind == crate::model::EniKind::Instance && i.one_host)
    })
}
