//! Facts about the VPC primitives that the diagram and the inspector show at a glance: which route table a subnet uses, whether it is public, how many addresses it can give out and how many are used. These are AWS rules, so they live in the engine; the web crate only draws them (`engine::view` and `engine::validate` re-export them).

use crate::cidr::Cidr;
use crate::model::{NodeId, Scenario, Spec};
use crate::net::topology::Topology;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The route table a subnet uses: its explicit association, else the VPC's main table.
/// Source: VPC User Guide, "Route tables" (aws-facts.md §5): a subnet without an explicit
/// association uses the main route table.
pub fn route_table_of<'a>(scenario: &'a Scenario, subnet: &NodeId) -> Option<&'a NodeId> {
    let Spec::Subnet { vpc, route_table, .. } = &scenario.node(subnet)?.spec else {
        return None;
    };
    // An association to something that is not a route table is ignored, as reachability
    // does: the subnet falls back to the main table.
    if let Some(n) = route_table.as_ref().and_then(|t| scenario.node(t)) {
        if matches!(n.spec, Spec::RouteTable { .. }) {
            return Some(&n.id);
        }
    }
    scenario.nodes.iter().find_map(|n| match &n.spec {
        Spec::RouteTable { vpc: v, main: true, .. } if v == vpc => Some(&n.id),
        _ => None,
    })
}

/// Whether a subnet is public: its route table sends 0.0.0.0/0 to the Internet gateway
/// attached to its VPC (aws-facts.md §5, "IGW"). Delegates to `net::public_subnets`, so the
/// diagram and reachability never disagree; to ask about many subnets, call that once.
pub fn subnet_is_public(scenario: &Scenario, subnet: &NodeId) -> bool {
    crate::net::public_subnets(scenario).contains(subnet)
}

/// Addresses a subnet can hand out: its block size less the five AWS reserves.
pub fn usable_addresses(scenario: &Scenario, subnet: &NodeId) -> Option<u64> {
    match &scenario.node(subnet)?.spec {
        Spec::Subnet { cidr, .. } => Some(cidr.usable_in_subnet()),
        _ => None,
    }
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
        // An instance whose subnet ran out of addresses still counts against it.
        if let Some(subnet) = topo.spec(id).and_then(|s| s.subnets().first()) {
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
