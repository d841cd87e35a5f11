//! Facts about a scenario that the diagram shows at a glance: which route table a subnet uses, whether it is public, how many addresses it can give out.
//!
//! These are AWS rules, so they live in the engine; the web crate only draws them.

use crate::model::{NodeId, Scenario, Spec};

/// The route table a subnet uses: its explicit association, else the VPC's main table.
/// Source: VPC User Guide, "Route tables" (aws-facts.md §5): a subnet without an explicit
/// association uses the main route table.
pub fn route_table_of<'a>(scenario: &'a Scenario, subnet: &NodeId) -> Option<&'a NodeId> {
    let Spec::Subnet { vpc, route_table, .. } = &scenario.node(subnet)?.spec else {
        return None;
    };
    if let Some(explicit) = route_table {
        return scenario.node(explicit).map(|n| &n.id);
    }
    scenario.nodes.iter().find_map(|n| match &n.spec {
        Spec::RouteTable { vpc: v, main: true, .. } if v == vpc => Some(&n.id),
        _ => None,
    })
}

/// Whether a subnet is public: its route table sends 0.0.0.0/0 to an Internet gateway.
/// Source: VPC User Guide (aws-facts.md §5, "IGW"): "A subnet is public when its route
/// table sends 0.0.0.0/0 to an IGW."
pub fn subnet_is_public(scenario: &Scenario, subnet: &NodeId) -> bool {
    let Some(table) = route_table_of(scenario, subnet) else {
        return false;
    };
    let Some(Spec::RouteTable { routes, .. }) = scenario.node(table).map(|n| &n.spec) else {
        return false;
    };
    routes.iter().any(|r| {
        r.destination == crate::cidr::Cidr::ANY
            && matches!(scenario.node(&r.target).map(|n| &n.spec), Some(Spec::InternetGateway { .. }))
    })
}

/// Addresses a subnet can hand out: its block size less the five AWS reserves.
pub fn usable_addresses(scenario: &Scenario, subnet: &NodeId) -> Option<u64> {
    match &scenario.node(subnet)?.spec {
        Spec::Subnet { cidr, .. } => Some(cidr.usable_in_subnet()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Scenario {
        Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap()
    }

    /// AWS rule: public = route table has 0.0.0.0/0 -> IGW; a subnet without an explicit
    /// association uses the main table (here local-only, so private).
    #[test]
    fn public_and_private_subnets_of_the_example() {
        let s = example();
        let table = [
            ("subnet-public-a", true),
            ("subnet-public-c", true),
            ("subnet-private-a", false),
            ("subnet-private-c", false),
            ("vpc-main", false),
        ];
        for (id, public) in table {
            assert_eq!(subnet_is_public(&s, &id.into()), public, "{id}");
        }
        assert_eq!(route_table_of(&s, &"subnet-private-a".into()).map(|t| t.as_str()), Some("rtb-main"));
    }

    #[test]
    fn usable_addresses_of_a_slash_24() {
        assert_eq!(usable_addresses(&example(), &"subnet-public-a".into()), Some(251));
        assert_eq!(usable_addresses(&example(), &"igw".into()), None);
    }
}
