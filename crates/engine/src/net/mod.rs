//! Static reachability: can this source reach that destination on this protocol and port, and if not, which route, security group or network ACL rule stops it.
//!
//! Modelled on VPC Reachability Analyzer: it reads the configuration, sends no packet, and
//! names the blocking component with one of the Analyzer's explanation codes
//! (<https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html>). Both legs
//! are checked: the request, and the response back to the client's ephemeral ports, because
//! network ACLs are stateless (aws-facts.md §5). What is modelled and what is simplified is
//! listed in docs/fidelity.md.

mod fanout;
mod filter;
pub(crate) mod topology;
mod walk;

#[cfg(test)]
mod tests;

use crate::cidr::Cidr;
use crate::model::{Action, NodeId, PortRange, Protocol, Scenario, Spec};
use crate::msg::Msg;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What to test: a protocol and a destination port, as Reachability Analyzer asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// `tcp`, `udp` or `icmp` (`all` is refused: a packet has one protocol).
    pub protocol: Protocol,
    /// Destination port (ignored for ICMP).
    pub port: u16,
    /// The client's ephemeral source ports, which the response is sent back to. `None` picks
    /// by client: an instance is taken to run Linux (32768-61000); a load balancer or NAT
    /// gateway uses 1024-65535; a client on the Internet or on premises may run any OS, so
    /// 1024-65535. Source: VPC User Guide, "Ephemeral ports" (aws-facts.md §5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ports: Option<PortRange>,
}

impl Flow {
    /// TCP to `port`.
    pub fn tcp(port: u16) -> Flow {
        Flow { protocol: Protocol::Tcp, port, client_ports: None }
    }
    /// UDP to `port`.
    pub fn udp(port: u16) -> Flow {
        Flow { protocol: Protocol::Udp, port, client_ports: None }
    }
    /// ICMP (echo).
    pub fn icmp() -> Flow {
        Flow { protocol: Protocol::Icmp, port: 0, client_ports: None }
    }
}

/// Ephemeral ports of a Linux client (VPC User Guide, "Ephemeral ports"; aws-facts.md §5).
pub const LINUX_EPHEMERAL: PortRange = PortRange { from: 32768, to: 61000 };
/// Ephemeral ports of ELB, NAT gateways and Lambda; also the range that covers every OS.
pub const ANY_EPHEMERAL: PortRange = PortRange { from: 1024, to: 65535 };
/// The address that stands for "a client on the Internet" (TEST-NET-3, RFC 5737).
pub const INTERNET_CLIENT: crate::cidr::Ipv4 = crate::cidr::Ipv4(0xCB00_710A); // 203.0.113.10

/// What a hop is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    /// An EC2 instance (its primary ENI).
    Instance,
    /// A load balancer node (its ENI in one subnet).
    LoadBalancer,
    /// A NAT gateway.
    NatGateway,
    /// An instance a route sends traffic through (a NAT instance).
    NatInstance,
    /// A security group (or, when `implicit`, the VPC's default security group).
    SecurityGroup,
    /// A network ACL (or, when `implicit`, the VPC's default ACL that allows all).
    NetworkAcl,
    /// A route table (or, when `implicit`, the VPC's main table as AWS creates it).
    RouteTable,
    /// An Internet gateway.
    InternetGateway,
    /// A VPC peering connection.
    VpcPeering,
    /// A virtual private gateway.
    VpnGateway,
    /// A Site-to-Site VPN connection.
    VpnConnection,
    /// A Direct Connect virtual interface.
    DirectConnect,
    /// The public Internet.
    Internet,
    /// An on-premises network.
    OnPremises,
    /// A VPC (when the VPC itself lacks something, e.g. an Internet gateway).
    Vpc,
    /// An RDS DB instance (its primary's network interface).
    RdsInstance,
}

/// Which way traffic crosses the component.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Into the component (into the ENI, subnet or VPC).
    Inbound,
    /// Out of it.
    Outbound,
}

/// Which half of the conversation a hop belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Leg {
    /// From the client to the server.
    Request,
    /// The server's answer, back to the client's ephemeral port.
    Response,
}

/// The rule or route a hop used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Rule {
    /// A security group rule, by its position (0-based) in the group's inbound or outbound list.
    SecurityGroupRule {
        /// Position in the list.
        index: usize,
        /// Its protocol.
        protocol: Protocol,
        /// Its ports.
        ports: PortRange,
        /// Its CIDR block or security group.
        peer: String,
    },
    /// The default security group: members reach each other; all outbound is allowed.
    DefaultSecurityGroup,
    /// A network ACL rule; `number: None` is the final `*` rule.
    NetworkAclRule {
        /// Rule number, or `None` for `*`.
        number: Option<u16>,
        /// What it did.
        action: Action,
    },
    /// A route of a route table.
    Route {
        /// Its destination block.
        destination: Cidr,
        /// `local` or the target's id.
        target: String,
    },
    /// Return traffic of an allowed connection: security groups and NAT devices are stateful.
    ConnectionTracking,
}

/// One component the packet meets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hop {
    /// The node (for implicit components, the VPC they belong to).
    pub component: NodeId,
    /// What it is.
    pub kind: ComponentKind,
    /// Which way the packet crosses it.
    pub direction: Direction,
    /// Request or response.
    pub leg: Leg,
    /// The component is not in the document but AWS creates it (main route table, default
    /// network ACL, default security group).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub implicit: bool,
    /// The rule or route that decided, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// What happens here, for people.
    pub detail: Msg,
}

/// The answer to "can `from` reach `to`?".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Reachability {
    /// Request and response both get through.
    Reachable {
        /// Every hop, request then response.
        path: Vec<Hop>,
    },
    /// Something drops the request or the response.
    NotReachable {
        /// The hops passed before the blocking one.
        path: Vec<Hop>,
        /// The component that drops the packet.
        blocked_at: Hop,
        /// A Reachability Analyzer explanation code (`Stratus.*` where the Analyzer has none).
        code: String,
        /// Why, and what to change.
        explanation: Msg,
    },
}

impl Reachability {
    /// Whether the destination is reachable.
    pub fn is_reachable(&self) -> bool {
        matches!(self, Reachability::Reachable { .. })
    }

    /// The hops passed (for a blocked path, those before the blocking one).
    pub fn path(&self) -> &[Hop] {
        match self {
            Reachability::Reachable { path } | Reachability::NotReachable { path, .. } => path,
        }
    }
}

/// Why a question could not be asked at all (as opposed to answered "not reachable").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReachError {
    /// No node has this id.
    UnknownNode(NodeId),
    /// The node is not something traffic starts or ends at.
    UnsupportedEndpoint {
        /// The node.
        id: NodeId,
        /// Its kind, as written in the document.
        kind: String,
    },
    /// Source and destination are the same node.
    SameEndpoint(NodeId),
    /// The flow cannot be a packet (protocol `all`).
    InvalidFlow,
}

impl ReachError {
    /// A message for the user in both languages.
    pub fn message(&self) -> Msg {
        match self {
            ReachError::UnknownNode(id) => msg!("net.no_element_id", id = id),
            ReachError::UnsupportedEndpoint { id, kind } => {
                msg!("net.kind_reachability_starts_ends", id = id, kind = kind)
            }
            ReachError::SameEndpoint(id) => msg!("net.source_destination_both", id = id),
            ReachError::InvalidFlow => msg!("net.flow_one_protocol_tcp"),
        }
    }
}

impl fmt::Display for ReachError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for ReachError {}

/// The public subnets of a scenario: those whose effective route table (explicit, main, or
/// the implicit main table of a default VPC) sends 0.0.0.0/0 to the Internet gateway
/// attached to their VPC (aws-facts.md §5, "IGW"). One answer for the diagram and for
/// reachability: it reads the design as `Topology` does (the first main table and gateway of
/// a VPC in document order win; an association to something that is not a route table falls
/// back to the main table), without building the whole topology, whose address assignment
/// the page does not need (issue #15: 19 KB of the first load). The property test
/// `public_subnets_agree_with_the_topology` holds the two readings together.
pub fn public_subnets(scenario: &Scenario) -> std::collections::BTreeSet<NodeId> {
    use std::collections::{BTreeMap, BTreeSet};
    let index = scenario.index();
    // Per VPC: whether it is a default VPC, its main route table and its Internet gateway.
    let mut vpcs: BTreeMap<&NodeId, (bool, Option<&NodeId>, Option<&NodeId>)> = BTreeMap::new();
    for node in &scenario.nodes {
        if let Spec::Vpc { is_default, .. } = &node.spec {
            vpcs.entry(&node.id).or_insert((*is_default, None, None));
        }
    }
    for node in &scenario.nodes {
        match &node.spec {
            Spec::RouteTable { vpc, main: true, .. } => {
                if let Some(v) = vpcs.get_mut(vpc) {
                    v.1.get_or_insert(&node.id);
                }
            }
            Spec::InternetGateway { vpc: Some(vpc) } => {
                if let Some(v) = vpcs.get_mut(vpc) {
                    v.2.get_or_insert(&node.id);
                }
            }
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    let mut public = BTreeSet::new();
    for node in &scenario.nodes {
        let Spec::Subnet { vpc, route_table, .. } = &node.spec else { continue };
        if !seen.insert(&node.id) {
            continue;
        }
        let Some(&(is_default, main, Some(igw))) = vpcs.get(vpc) else { continue };
        let explicit =
            route_table.as_ref().filter(|id| matches!(index.get(id).map(|n| &n.spec), Some(Spec::RouteTable { .. })));
        let is_public = match explicit.or(main).and_then(|id| index.get(id)).map(|n| &n.spec) {
            Some(Spec::RouteTable { routes, .. }) => {
                routes.iter().any(|r| r.destination == Cidr::ANY && r.target == *igw)
            }
            // No table: a default VPC's implicit main table routes 0.0.0.0/0 to its gateway.
            _ => is_default,
        };
        if is_public {
            public.insert(node.id.clone());
        }
    }
    public
}

/// Whether a node of this kind can be the source or destination of a reachability question
/// (see [`reach`]): the one list the engine, the web app's pickers and the tests read.
pub fn is_endpoint(spec: &Spec) -> bool {
    matches!(
        spec,
        Spec::Instance { .. }
            | Spec::LoadBalancer { .. }
            | Spec::Internet {}
            | Spec::OnPremises { .. }
            | Spec::RdsInstance { .. }
            | Spec::AutoScalingGroup { .. }
    )
}

/// Whether `from` can open a connection to `to` with `flow`, and the path either way.
///
/// Sources and destinations: instances, load balancers (each of their nodes is tried, in the
/// order of their subnets; the first that works is shown), Auto Scaling groups (an instance
/// in each of their subnets, likewise), RDS DB instances (the primary's interface), the
/// Internet and on-premises networks. A load balancer is a proxy, not a router: Internet -> ALB and ALB -> instance
/// are two questions. Never panics; an id that names nothing is an `Err`, a broken document
/// gives `NotReachable` with the component that cannot be resolved. To ask many questions
/// of one document, use an [`Analyzer`]: this resolves the whole network each time.
pub fn reach(scenario: &Scenario, from: &NodeId, to: &NodeId, flow: Flow) -> Result<Reachability, ReachError> {
    Analyzer::new(scenario).reach(from, to, flow)
}

/// Reachability questions about one document, which is resolved (route tables, network
/// ACLs, ENIs and their addresses) once, when the analyzer is made: each question then costs
/// what its own walk costs, not the size of the document.
pub struct Analyzer<'a> {
    topo: topology::Topology<'a>,
    walks: u64,
}

impl<'a> Analyzer<'a> {
    /// Resolves `scenario`'s network.
    pub fn new(scenario: &'a Scenario) -> Analyzer<'a> {
        Analyzer { topo: topology::Topology::new(scenario), walks: 0 }
    }

    /// As [`reach`], against the resolved network.
    pub fn reach(&mut self, from: &NodeId, to: &NodeId, flow: Flow) -> Result<Reachability, ReachError> {
        if flow.protocol == Protocol::All {
            return Err(ReachError::InvalidFlow);
        }
        for id in [from, to] {
            let node = self.topo.first_node(id).ok_or_else(|| ReachError::UnknownNode(id.clone()))?;
            if !is_endpoint(&node.spec) {
                return Err(ReachError::UnsupportedEndpoint {
                    id: id.clone(),
                    kind: node.spec.kind().name().to_string(),
                });
            }
        }
        if from == to {
            return Err(ReachError::SameEndpoint(from.clone()));
        }
        Ok(walk::reach(&self.topo, from, to, flow, &mut self.walks))
    }

    /// Packet walks (one client ENI to one server ENI and back) made so far: the work unit of
    /// reachability, which tests bound to show that it does not grow with pairs of nodes.
    pub fn walks(&self) -> u64 {
        self.walks
    }
}
