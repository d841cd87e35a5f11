//! The hybrid network: Site-to-Site VPN connections and Direct Connect private virtual interfaces (each a node drawn as the line between its ends), and a corporate data centre. Their references, the link that creates a connection from a virtual private gateway (the AWS end, a VPC gateway: the VPC room's), the lines they imply and the data centre's blueprint. Routes over them are the reachability walk's (`net`).

use super::{no_caption, no_parent, Emit, Service};
use crate::cidr::{Cidr, Ipv4};
use crate::kinds::Want;
use crate::link::{already, fresh_id, LinkIndex, LinkKind, Plan};
use crate::model::{Node, Scenario, Spec};
use crate::msg::Msg;
use crate::rules::Check;
use crate::services::vpc::place::{named, vpc_blocks, Ids, Place};

pub(crate) static SERVICE: Service = Service { link, links, parent: no_parent, caption: no_caption };

/// A connection's two ends name what they should.
pub(crate) fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
    let id = &node.id;
    match &node.spec {
        Spec::VpnConnection { vpn_gateway, on_premises } | Spec::DirectConnect { vpn_gateway, on_premises } => {
            c.reference(id, "vpn_gateway", vpn_gateway, Want::VpnGateway);
            c.reference(id, "on_premises", on_premises, Want::OnPremises);
        }
        _ => {}
    }
}

/// A link from a virtual private gateway to a data centre is a connection (attaching it to a
/// VPC is the VPC room's). The first is a Site-to-Site VPN;
/// a second one adds a Direct Connect private virtual interface, the exam's "Direct Connect
/// with a VPN as backup" (Direct Connect User Guide, "AWS Direct Connect + AWS Site-to-Site
/// VPN"). Routes prefer Direct Connect (aws-facts.md §5).
fn link(s: &Scenario, from: &Node, to: &Node) -> Result<Option<Plan>, Msg> {
    let (Spec::VpnGateway { .. }, Spec::OnPremises { .. }) = (&from.spec, &to.spec) else { return Ok(None) };
    let (f, t) = (&from.id, &to.id);
    let vpn = s.nodes.iter().any(
        |n| matches!(&n.spec, Spec::VpnConnection { vpn_gateway, on_premises } if vpn_gateway == f && on_premises == t),
    );
    let dx = s.nodes.iter().any(
        |n| matches!(&n.spec, Spec::DirectConnect { vpn_gateway, on_premises } if vpn_gateway == f && on_premises == t),
    );
    let (prefix, spec, kind) = match (vpn, dx) {
        (true, true) => return Err(already(f, t)),
        (false, _) => {
            ("vpn", Spec::VpnConnection { vpn_gateway: f.clone(), on_premises: t.clone() }, LinkKind::Attachment)
        }
        (true, false) => {
            ("dx", Spec::DirectConnect { vpn_gateway: f.clone(), on_premises: t.clone() }, LinkKind::DirectConnect)
        }
    };
    Ok(Some(Plan::NewNode(Box::new(Node::new(fresh_id(s, prefix), String::new(), spec)), kind)))
}

/// A connection is drawn as the line between the gateway and the data centre.
fn links(_: &LinkIndex<'_>, node: &Node, push: Emit<'_>) {
    match &node.spec {
        Spec::VpnConnection { vpn_gateway, on_premises } => {
            push(vpn_gateway, on_premises, LinkKind::Attachment, Some(&node.id))
        }
        Spec::DirectConnect { vpn_gateway, on_premises } => {
            push(vpn_gateway, on_premises, LinkKind::DirectConnect, Some(&node.id))
        }
        _ => {}
    }
}

/// A corporate data centre on the empty canvas, with an RFC 1918 range that overlaps no VPC
/// and no other on-premises network: a VPN or Direct Connect route to it must not collide
/// with a VPC's local route (longest prefix wins; aws-facts.md §5, "Route tables").
pub(crate) fn create_premises(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    place.empty_canvas(msg!("create.premises_network_outside_aws"))?;
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
        return Err(msg!("create.every_private_16_range"));
    };
    Ok(vec![named(ids.next("onprem"), Spec::OnPremises { cidr })])
}
