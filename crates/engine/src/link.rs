//! What a link between two nodes is (`LinkKind`, `Link`) and what drawing one changes (`Plan`): the words `connect` and each service module's link rules share.

use crate::model::{Node, NodeId, Scenario, Spec};
use crate::msg::Msg;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a link carries; it decides how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// Requests flow along it (load balancer to target, distribution to origin, ...).
    Traffic,
    /// One end is attached to the other (a gateway to its VPC, a VPN to its gateway).
    Attachment,
    /// Two networks route to each other (a VPC peering connection; not transitive).
    Peering,
    /// Data is copied from one end to the other (S3 replication from a source bucket).
    Replication,
    /// A dedicated private line from a data centre to a virtual private gateway.
    DirectConnect,
}

/// A link between two drawn nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// Where the link starts (the side requests come from, for traffic).
    pub from: NodeId,
    /// Where it ends.
    pub to: NodeId,
    /// What it carries.
    pub kind: LinkKind,
    /// The document node this link stands for, when the link is itself a node (a peering
    /// connection, a VPN connection, a Direct Connect interface): selecting the line selects it.
    pub via: Option<NodeId>,
}

/// A change a link stands for, decided before anything is written.
pub(crate) enum Plan {
    /// Node `node`'s settings become `spec` (a target registered, an origin set, a value
    /// added...); the link is of kind `kind`.
    Edit { node: NodeId, spec: Box<Spec>, kind: LinkKind },
    /// A new node that is itself the link (a VPN connection, a peering connection).
    NewNode(Box<Node>, LinkKind),
}

impl Plan {
    /// `node`'s settings changed by `change`, as a link of kind `kind`.
    pub(crate) fn edit(node: &Node, kind: LinkKind, change: impl FnOnce(&mut Spec)) -> Plan {
        let mut spec = node.spec.clone();
        change(&mut spec);
        Plan::Edit { node: node.id.clone(), spec: Box::new(spec), kind }
    }
}

/// The refusal of a link that is already there.
pub(crate) fn already(a: &NodeId, b: &NodeId) -> Msg {
    msg!("connect.already_linked", a = a, b = b)
}

/// A design's nodes indexed once for listing its links: a design with hundreds of targets
/// must not scan every node per link.
pub(crate) struct LinkIndex<'s> {
    by_id: BTreeMap<&'s NodeId, &'s Spec>,
    igws: BTreeMap<&'s NodeId, &'s NodeId>,
    internet: Option<&'s NodeId>,
}

impl<'s> LinkIndex<'s> {
    /// The index of `s`.
    pub(crate) fn new(s: &'s Scenario) -> LinkIndex<'s> {
        let by_id = crate::sort::map_of(s.nodes.iter().map(|n| (&n.id, &n.spec)));
        let igws = crate::sort::map_of(s.nodes.iter().filter_map(|n| match &n.spec {
            Spec::InternetGateway { vpc: Some(v) } => Some((v, &n.id)),
            _ => None,
        }));
        let internet = s.nodes.iter().find(|n| matches!(n.spec, Spec::Internet {})).map(|n| &n.id);
        LinkIndex { by_id, igws, internet }
    }

    /// The settings of node `id`, if there is one.
    pub(crate) fn spec(&self, id: &NodeId) -> Option<&'s Spec> {
        self.by_id.get(id).copied()
    }

    /// The VPC of subnet `id`.
    pub(crate) fn vpc_of_subnet(&self, id: &NodeId) -> Option<&'s NodeId> {
        self.spec(id).and_then(Spec::subnet_vpc)
    }

    /// The design's Internet node, if it has one.
    pub(crate) fn internet(&self) -> Option<&'s NodeId> {
        self.internet
    }

    /// The Internet gateway attached to VPC `vpc`.
    pub(crate) fn igw_of(&self, vpc: &NodeId) -> Option<&'s NodeId> {
        self.igws.get(vpc).copied()
    }
}

/// The first `prefix-N` that no node and no layout entry uses.
pub(crate) fn fresh_id(s: &Scenario, prefix: &str) -> NodeId {
    let taken = |id: &str| s.nodes.iter().any(|n| n.id.0 == id) || s.layout.keys().any(|k| k.0 == id);
    // There are finitely many nodes, so a free number exists.
    (1u64..).map(|n| format!("{prefix}-{n}")).find(|id| !taken(id)).map(NodeId).unwrap_or_default()
}
