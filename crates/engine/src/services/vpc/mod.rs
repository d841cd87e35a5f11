//! The VPC primitives: Regions and Availability Zones, VPCs, subnets, route tables, Internet and NAT gateways, security groups, network ACLs and peering connections. Their rules (`rules`) and where each is drawn live here; their palette blueprints and the links drawn between them (a gateway's attachment, peering) are still in `create` and `connect`, and the reachability walk over them is the shared `net`.

pub(crate) mod rules;

pub(crate) use rules::{document, validate};

use super::{no_caption, no_link, no_links, Service};
use crate::model::{Node, NodeId, Scenario, Spec};

pub(crate) static SERVICE: Service = Service { link: no_link, links: no_links, parent, caption: no_caption };

/// An AZ and a VPC are drawn in their Region; a subnet, route table, security group,
/// network ACL and attached Internet gateway in their VPC; a NAT gateway in its subnet.
fn parent<'a>(_: &'a Scenario, node: &'a Node) -> Option<&'a NodeId> {
    match &node.spec {
        Spec::AvailabilityZone { region, .. } | Spec::Vpc { region, .. } => Some(region),
        Spec::Subnet { vpc, .. }
        | Spec::RouteTable { vpc, .. }
        | Spec::SecurityGroup { vpc, .. }
        | Spec::NetworkAcl { vpc, .. } => Some(vpc),
        Spec::InternetGateway { vpc: Some(vpc) } => Some(vpc),
        Spec::NatGateway { subnet, .. } => Some(subnet),
        _ => None,
    }
}
