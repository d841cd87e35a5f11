//! Facts about a scenario that the diagram shows at a glance: which route table a subnet uses, whether it is public, how many addresses it can give out (the VPC room's, re-exported), what a node lives in and what lives in it, and the caption under a node's name.
//!
//! These are AWS rules, so they live in the engine; the web crate only draws them.

use crate::model::{NodeId, Scenario};

pub use crate::services::vpc::facts::{route_table_of, subnet_is_public, usable_addresses};

/// The node a node lives in, for the diagram's nesting and for deleting a container with
/// its contents: an AZ and a VPC live in a Region, a subnet in its VPC, an instance or NAT
/// gateway in its subnet, gateways, route tables, security groups and ACLs in their VPC,
/// a load balancer, Auto Scaling group or database in the VPC of its first subnet, a bucket in
/// its Region.
pub fn parent_of<'a>(scenario: &'a Scenario, node: &NodeId) -> Option<&'a NodeId> {
    let node = scenario.node(node)?;
    let parent = crate::services::ALL.iter().find_map(|service| (service.parent)(scenario, node))?;
    scenario.node(parent).map(|n| &n.id)
}

/// A node and everything that lives in it, transitively, in document order.
pub fn with_contents(scenario: &Scenario, root: &NodeId) -> Vec<NodeId> {
    let mut out = vec![root.clone()];
    // Containment is at most four deep (Region > VPC > subnet > instance); iterate to a
    // fixed point so a malformed document with a cycle still terminates.
    loop {
        let before = out.len();
        for n in &scenario.nodes {
            if !out.contains(&n.id) && parent_of(scenario, &n.id).is_some_and(|p| out.contains(p)) {
                out.push(n.id.clone());
            }
        }
        if out.len() == before {
            break;
        }
    }
    crate::sort::sort_by_key(&mut out, |id| scenario.nodes.iter().position(|n| &n.id == id));
    out
}

/// The line drawn under a node's name on the canvas, where its service gives one (a
/// database's class, a record's name).
pub fn caption(node: &crate::model::Node) -> Option<String> {
    crate::services::ALL.iter().find_map(|service| (service.caption)(node))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Spec;

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
    fn containment_follows_the_aws_hierarchy() {
        let s = example();
        let table = [
            ("vpc-main", Some("region-seoul")),
            ("az-a", Some("region-seoul")),
            ("subnet-private-a", Some("vpc-main")),
            ("i-web-a", Some("subnet-private-a")),
            ("alb", Some("vpc-main")),
            ("igw", Some("vpc-main")),
            ("sg-web", Some("vpc-main")),
            ("internet", None),
            ("region-seoul", None),
        ];
        for (id, parent) in table {
            assert_eq!(parent_of(&s, &id.into()).map(|p| p.as_str()), parent, "{id}");
        }
        let inside: Vec<_> = with_contents(&s, &"subnet-private-c".into()).into_iter().map(|i| i.0).collect();
        assert_eq!(inside, ["subnet-private-c", "i-web-c"]);
        assert_eq!(with_contents(&s, &"region-seoul".into()).len(), s.nodes.len() - 1, "all but the Internet");
    }

    /// AWS rule: a route to an Internet gateway that is not attached to the subnet's VPC
    /// does not make it public; a default VPC's subnets are public through the implicit
    /// main route table (VPC User Guide, "Default VPCs").
    #[test]
    fn public_needs_the_vpc_own_gateway_and_default_vpcs_are_public() {
        let mut s = example();
        for n in &mut s.nodes {
            if let Spec::InternetGateway { vpc } = &mut n.spec {
                *vpc = None;
            }
        }
        assert!(!subnet_is_public(&s, &"subnet-public-a".into()), "detached IGW");
        let default_vpc = Scenario::from_json(
            r#"{"format":1,"nodes":[
            {"id":"r","kind":"region","code":"us-east-1"},
            {"id":"a","kind":"availability_zone","region":"r","zone":"us-east-1a"},
            {"id":"v","kind":"vpc","region":"r","cidr":"172.31.0.0/16","is_default":true},
            {"id":"g","kind":"internet_gateway","vpc":"v"},
            {"id":"s","kind":"subnet","vpc":"v","az":"a","cidr":"172.31.0.0/20","map_public_ip_on_launch":true}]}"#,
        )
        .unwrap();
        assert!(subnet_is_public(&default_vpc, &"s".into()));
    }

    #[test]
    fn usable_addresses_of_a_slash_24() {
        assert_eq!(usable_addresses(&example(), &"subnet-public-a".into()), Some(251));
        assert_eq!(usable_addresses(&example(), &"igw".into()), None);
    }
}
