//! A VPC's route tables, security groups and network ACLs: listing, creating and deleting them by AWS's rules (the main table, the default ACL and group, DependencyViolation).
//!
//! These objects are not drawn as boxes; the web app lists them in the VPC's inspector.
//! What may be deleted is an AWS rule, so it lives here, with AWS's own error codes:
//! - `DeleteRouteTable`: the main route table cannot be deleted, nor a table still
//!   associated with a subnet (`DependencyViolation`).
//! - `DeleteNetworkAcl`: the default ACL cannot be deleted (`InvalidParameterValue`), nor an
//!   ACL still associated with a subnet (`DependencyViolation`).
//! - `DeleteSecurityGroup`: a VPC's `default` group cannot be deleted (`CannotDelete`), nor a
//!   group attached to a network interface or referenced by another group's rule
//!   (`DependencyViolation`).
//!
//! Sources: EC2 API Reference, DeleteRouteTable, DeleteNetworkAcl, DeleteSecurityGroup; VPC
//! User Guide, "Route tables", "Control subnet traffic with network access control lists",
//! "Default security groups for your VPCs". AWS documents every rule above, but the codes only
//! for security groups; the route table and network ACL codes come from third-party reports of
//! AWS's answers, two of them unconfirmed (docs/fidelity.md, "Deleting route tables, network
//! ACLs and security groups").

use crate::cidr::Cidr;
use crate::model::{Kind, Node, NodeId, PortRange, Protocol, Scenario, SgRule, Spec};
use crate::msg::Msg;

/// Which of a VPC's network objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectKind {
    /// A route table.
    RouteTable,
    /// A security group.
    SecurityGroup,
    /// A network ACL.
    NetworkAcl,
}

/// One network object of a VPC, as the VPC's inspector lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VpcObject {
    /// Its id.
    pub id: NodeId,
    /// Its display name.
    pub label: String,
    /// The main route table, the default ACL or the `default` group.
    pub is_default: bool,
    /// How many subnets (route tables, ACLs) or network interfaces (groups) use it. For the
    /// main table and the default ACL this counts the subnets without an explicit association.
    pub used_by: usize,
}

/// The group name AWS gives every VPC's default security group.
pub const DEFAULT_SG_NAME: &str = "default";

/// The VPC a node belongs to: its own `vpc` field, its subnet's VPC, or its first subnet's.
pub fn vpc_of(s: &Scenario, id: &NodeId) -> Option<NodeId> {
    let spec = &s.node(id)?.spec;
    if spec.kind() == Kind::Vpc {
        return Some(id.clone());
    }
    let through_subnet = || spec.subnets().first().and_then(|sn| s.node(sn)).and_then(|n| n.spec.subnet_vpc());
    spec.vpc().or_else(through_subnet).cloned()
}

/// The VPC's objects of one kind, in document order.
pub fn list(s: &Scenario, vpc: &NodeId, kind: ObjectKind) -> Vec<VpcObject> {
    let subnets: Vec<&Spec> =
        s.nodes.iter().map(|n| &n.spec).filter(|sp| matches!(sp, Spec::Subnet { vpc: v, .. } if v == vpc)).collect();
    s.nodes
        .iter()
        .filter_map(|n| {
            let (is_default, used_by) = match (&n.spec, kind) {
                (Spec::RouteTable { vpc: v, main, .. }, ObjectKind::RouteTable) if v == vpc => {
                    let used = subnets
                        .iter()
                        .filter(|sp| match sp {
                            Spec::Subnet { route_table: Some(t), .. } => t == &n.id,
                            Spec::Subnet { route_table: None, .. } => *main,
                            _ => false,
                        })
                        .count();
                    (*main, used)
                }
                (Spec::NetworkAcl { vpc: v, default, .. }, ObjectKind::NetworkAcl) if v == vpc => {
                    let used = subnets
                        .iter()
                        .filter(|sp| match sp {
                            Spec::Subnet { network_acl: Some(a), .. } => a == &n.id,
                            Spec::Subnet { network_acl: None, .. } => *default,
                            _ => false,
                        })
                        .count();
                    (*default, used)
                }
                (Spec::SecurityGroup { vpc: v, .. }, ObjectKind::SecurityGroup) if v == vpc => {
                    (n.name == DEFAULT_SG_NAME, users_of_group(s, &n.id).len())
                }
                _ => return None,
            };
            Some(VpcObject { id: n.id.clone(), label: n.label().to_string(), is_default, used_by })
        })
        .collect()
}

/// The elements whose network interfaces carry security group `sg`.
fn users_of_group(s: &Scenario, sg: &NodeId) -> Vec<NodeId> {
    s.nodes.iter().filter(|n| n.spec.security_groups().contains(sg)).map(|n| n.id.clone()).collect()
}

/// A new, empty object of `kind` in `vpc`, named like its id, to be added to the document.
/// As in AWS: a new route table has only its local routes and no subnets; a new security
/// group has no inbound rules and allows all outbound traffic; a new (custom) network ACL
/// denies everything until rules are added (VPC User Guide, "Custom network ACLs").
pub fn new_object(s: &Scenario, vpc: &NodeId, kind: ObjectKind) -> Result<Node, Msg> {
    if !matches!(s.node(vpc).map(|n| &n.spec), Some(Spec::Vpc { .. })) {
        return Err(msg!("netobj.invalidvpcid_notfound_not_vpc", vpc = vpc));
    }
    let vpc = vpc.clone();
    let (prefix, spec) = match kind {
        ObjectKind::RouteTable => ("rtb", Spec::RouteTable { vpc, main: false, routes: Vec::new() }),
        ObjectKind::SecurityGroup => (
            "sg",
            Spec::SecurityGroup {
                vpc,
                inbound: Vec::new(),
                outbound: vec![SgRule {
                    protocol: Protocol::All,
                    ports: PortRange::ALL,
                    cidr: Some(Cidr::ANY),
                    group: None,
                }],
            },
        ),
        ObjectKind::NetworkAcl => {
            ("acl", Spec::NetworkAcl { vpc, default: false, inbound: Vec::new(), outbound: Vec::new() })
        }
    };
    let id = fresh_id(s, prefix);
    Ok(Node::new(id.clone(), id.0.clone(), spec))
}

/// The first `prefix-N` that no node and no layout entry uses.
fn fresh_id(s: &Scenario, prefix: &str) -> NodeId {
    let taken = |id: &str| s.nodes.iter().any(|n| n.id.0 == id) || s.layout.keys().any(|k| k.0 == id);
    // There are finitely many nodes, so a free number exists.
    (1u64..).map(|n| format!("{prefix}-{n}")).find(|id| !taken(id)).map(NodeId).unwrap_or_default()
}

/// Why AWS would refuse to delete route table, ACL or security group `id`, if it would.
pub fn why_not_delete(s: &Scenario, id: &NodeId) -> Option<Msg> {
    let node = s.node(id)?;
    let explicit = |pick: fn(&Spec) -> Option<&NodeId>| -> Vec<NodeId> {
        s.nodes.iter().filter(|n| pick(&n.spec) == Some(id)).map(|n| n.id.clone()).collect()
    };
    let names = |ids: &[NodeId]| {
        ids.iter().map(|i| s.node(i).map_or(i.to_string(), |n| n.label().to_string())).collect::<Vec<_>>().join(", ")
    };
    match &node.spec {
        Spec::RouteTable { main: true, .. } => {
            Some(msg!("netobj.dependencyviolation_route_table_vpc", node_label = node.label()))
        }
        Spec::RouteTable { .. } => {
            let users = explicit(|sp| match sp {
                Spec::Subnet { route_table, .. } => route_table.as_ref(),
                _ => None,
            });
            (!users.is_empty()).then(|| {
                msg!(
                    "netobj.dependencyviolation_route_table_associated",
                    node_label = node.label(),
                    names_users = names(&users)
                )
            })
        }
        Spec::NetworkAcl { default: true, .. } => {
            Some(msg!("netobj.invalidparametervalue_cannot_delete_default", node_label = node.label()))
        }
        Spec::NetworkAcl { .. } => {
            let users = explicit(|sp| match sp {
                Spec::Subnet { network_acl, .. } => network_acl.as_ref(),
                _ => None,
            });
            (!users.is_empty()).then(|| {
                msg!(
                    "netobj.dependencyviolation_network_acl_associated",
                    node_label = node.label(),
                    names_users = names(&users)
                )
            })
        }
        Spec::SecurityGroup { .. } if node.name == DEFAULT_SG_NAME => {
            Some(msg!("netobj.cannotdelete_specified_group_name", id = id))
        }
        Spec::SecurityGroup { .. } => {
            let users = users_of_group(s, id);
            if !users.is_empty() {
                return Some(msg!(
                    "netobj.dependencyviolation_security_group_attached",
                    node_label = node.label(),
                    names_users = names(&users)
                ));
            }
            let referrers: Vec<NodeId> = s
                .nodes
                .iter()
                .filter(|n| n.id != *id)
                .filter(|n| match &n.spec {
                    Spec::SecurityGroup { inbound, outbound, .. } => {
                        inbound.iter().chain(outbound).any(|r| r.group.as_ref() == Some(id))
                    }
                    _ => false,
                })
                .map(|n| n.id.clone())
                .collect();
            (!referrers.is_empty()).then(|| {
                msg!(
                    "netobj.dependencyviolation_security_group_referenced",
                    node_label = node.label(),
                    names_referrers = names(&referrers)
                )
            })
        }
        _ => None,
    }
}

/// Delete route table, ACL or security group `id` if AWS would; else say why, unchanged.
pub fn delete(s: &mut Scenario, id: &NodeId) -> Result<(), Msg> {
    if let Some(why) = why_not_delete(s, id) {
        return Err(why);
    }
    s.nodes.retain(|n| &n.id != id);
    s.layout.remove(id);
    Ok(())
}

/// Whether a node is a route table, security group or network ACL (deleted through [`delete`]).
pub fn is_network_object(spec: &Spec) -> bool {
    matches!(spec, Spec::RouteTable { .. } | Spec::SecurityGroup { .. } | Spec::NetworkAcl { .. })
}

/// Things a route in `vpc` can point at, as (id, label) in document order: its Internet and
/// virtual private gateways, the NAT gateways and instances (NAT instances) in its subnets,
/// and its peering connections. What the route table editor offers as targets.
pub fn route_targets(s: &Scenario, vpc: &NodeId) -> Vec<(NodeId, String)> {
    let in_vpc =
        |subnet: &NodeId| matches!(s.node(subnet).map(|n| &n.spec), Some(Spec::Subnet { vpc: v, .. }) if v == vpc);
    s.nodes
        .iter()
        .filter(|n| match &n.spec {
            Spec::InternetGateway { vpc: Some(v) } | Spec::VpnGateway { vpc: Some(v) } => v == vpc,
            spec if super::forwards(spec) => spec.subnets().first().is_some_and(in_vpc),
            Spec::VpcPeering { requester, accepter } => requester == vpc || accepter == vpc,
            _ => false,
        })
        .map(|n| (n.id.clone(), n.label().to_string()))
        .collect()
}

/// The network ACL a subnet uses: its explicit one, else its VPC's default ACL.
pub fn network_acl_of(s: &Scenario, subnet: &NodeId) -> Option<NodeId> {
    let Spec::Subnet { vpc, network_acl, .. } = &s.node(subnet)?.spec else { return None };
    // An association to something that is not a network ACL is ignored, as reachability and
    // `route_table_of` do: the subnet falls back to the default ACL.
    if let Some(a) = network_acl.as_ref().filter(|a| s.node(a).is_some_and(|n| n.spec.kind() == Kind::NetworkAcl)) {
        return Some(a.clone());
    }
    s.nodes
        .iter()
        .find(|n| matches!(&n.spec, Spec::NetworkAcl { vpc: v, default: true, .. } if v == vpc))
        .map(|n| n.id.clone())
}

/// What uses network object `object`, in document order: the subnets whose route table or
/// network ACL it is (explicitly, or implicitly as the main table or default ACL), or the
/// elements whose network interfaces carry it (a security group). Empty for anything else.
/// The reachability panel draws a hop through an object on one of these.
pub fn users_of(s: &Scenario, object: &NodeId) -> Vec<NodeId> {
    let subnets_where = |uses: &dyn Fn(&NodeId) -> bool| -> Vec<NodeId> {
        s.nodes.iter().filter(|n| matches!(n.spec, Spec::Subnet { .. }) && uses(&n.id)).map(|n| n.id.clone()).collect()
    };
    match s.node(object).map(|n| &n.spec) {
        Some(Spec::RouteTable { .. }) => {
            subnets_where(&|subnet| super::facts::route_table_of(s, subnet) == Some(object))
        }
        Some(Spec::NetworkAcl { .. }) => subnets_where(&|subnet| network_acl_of(s, subnet).as_ref() == Some(object)),
        Some(Spec::SecurityGroup { .. }) => users_of_group(s, object),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::create::{create, Blueprint, DropTarget};

    fn two_tier() -> Scenario {
        Scenario::from_json(include_str!("../../../../../scenarios/two-tier.json")).unwrap()
    }

    /// A blank design with a Region, a VPC (`vpc-1`, with its main table, default ACL and
    /// `default` group, as the palette makes it) and one subnet `subnet-1`.
    fn fresh() -> Scenario {
        let mut s = Scenario::default();
        let place = |s: &mut Scenario, b, into: Option<&str>| {
            let into = into.map(NodeId::from);
            let nodes = create(s, b, DropTarget { container: into.as_ref(), az: None }).unwrap();
            s.nodes.extend(nodes);
        };
        place(&mut s, Blueprint::Region, None);
        let region = s.nodes[0].id.0.clone();
        place(&mut s, Blueprint::Vpc, Some(&region));
        place(&mut s, Blueprint::Subnet, Some("vpc-1"));
        s
    }

    fn add(s: &mut Scenario, kind: ObjectKind) -> NodeId {
        let vpc = if s.node(&"vpc-main".into()).is_some() { "vpc-main" } else { "vpc-1" };
        let n = new_object(s, &vpc.into(), kind).unwrap();
        let id = n.id.clone();
        s.nodes.push(n);
        id
    }

    fn set_subnet(s: &mut Scenario, subnet: &str, f: impl FnOnce(&mut Option<NodeId>, &mut Option<NodeId>)) {
        if let Some(Spec::Subnet { route_table, network_acl, .. }) =
            s.nodes.iter_mut().find(|n| n.id.as_str() == subnet).map(|n| &mut n.spec)
        {
            f(route_table, network_acl);
        }
    }

    /// New objects start as AWS creates them: no subnets, no inbound rules, all outbound
    /// allowed for a group, nothing allowed by a custom ACL; ids never collide.
    #[test]
    fn new_objects_are_empty_as_in_aws() {
        let mut s = two_tier();
        let rt = add(&mut s, ObjectKind::RouteTable);
        let rt2 = add(&mut s, ObjectKind::RouteTable);
        assert_ne!(rt, rt2);
        let sg = add(&mut s, ObjectKind::SecurityGroup);
        let Some(Spec::SecurityGroup { inbound, outbound, .. }) = s.node(&sg).map(|n| &n.spec) else { panic!() };
        assert!(inbound.is_empty());
        assert_eq!(outbound.len(), 1);
        let acl = add(&mut s, ObjectKind::NetworkAcl);
        let Some(Spec::NetworkAcl { inbound, default: false, .. }) = s.node(&acl).map(|n| &n.spec) else { panic!() };
        assert!(inbound.is_empty(), "a custom ACL denies all until rules are added");
        let rts = list(&s, &"vpc-main".into(), ObjectKind::RouteTable);
        assert!(rts.iter().any(|o| o.id == rt && !o.is_default && o.used_by == 0));
        assert!(new_object(&s, &"subnet-public-a".into(), ObjectKind::RouteTable).is_err(), "not a VPC");
        assert!(crate::validate::validate(&s).iter().all(|d| d.severity != crate::validate::Severity::Error));
    }

    /// Table of AWS's rules for deleting network objects: the rule, the object it refuses,
    /// AWS's error code and where that code comes from. docs/fidelity.md ("Deleting route
    /// tables, network ACLs and security groups") has the same rows with the URLs.
    #[test]
    fn deletion_follows_aws_rules() {
        let mut s = fresh();
        let rt = add(&mut s, ObjectKind::RouteTable);
        let acl = add(&mut s, ObjectKind::NetworkAcl);
        let sg = add(&mut s, ObjectKind::SecurityGroup);
        let sg2 = add(&mut s, ObjectKind::SecurityGroup);
        let sg3 = add(&mut s, ObjectKind::SecurityGroup);
        let main = list(&s, &"vpc-1".into(), ObjectKind::RouteTable).into_iter().find(|o| o.is_default).unwrap();
        let default_acl = list(&s, &"vpc-1".into(), ObjectKind::NetworkAcl).into_iter().find(|o| o.is_default).unwrap();
        let default_sg =
            list(&s, &"vpc-1".into(), ObjectKind::SecurityGroup).into_iter().find(|o| o.is_default).unwrap();
        set_subnet(&mut s, "subnet-1", |r, a| {
            *r = Some(rt.clone());
            *a = Some(acl.clone());
        });
        if let Some(Spec::SecurityGroup { inbound, .. }) = s.nodes.iter_mut().find(|n| n.id == sg2).map(|n| &mut n.spec)
        {
            inbound.push(SgRule {
                protocol: Protocol::Tcp,
                ports: PortRange::single(80),
                cidr: None,
                group: Some(sg.clone()),
            });
        }
        // An instance in subnet-1 whose network interface carries sg3 only.
        let subnet: NodeId = "subnet-1".into();
        let made = create(&s, Blueprint::Instance, DropTarget { container: Some(&subnet), az: None }).unwrap();
        let instance = made[0].id.clone();
        s.nodes.extend(made);
        if let Some(Spec::Instance { security_groups, .. }) =
            s.nodes.iter_mut().find(|n| n.id == instance).map(|n| &mut n.spec)
        {
            *security_groups = vec![sg3.clone()];
        }
        let cases: [(&str, &NodeId, &str, &str); 7] = [
            (
                "the main route table cannot be deleted",
                &main.id,
                "DependencyViolation",
                "rule: EC2 API Reference, DeleteRouteTable; code: aws/aws-cli#1549 (not in AWS docs)",
            ),
            (
                "a route table associated with a subnet cannot be deleted",
                &rt,
                "DependencyViolation",
                "rule: EC2 API Reference, DeleteRouteTable; code: hashicorp/terraform-provider-aws#5931",
            ),
            (
                "the default network ACL cannot be deleted",
                &default_acl.id,
                "InvalidParameterValue",
                "rule: EC2 API Reference, DeleteNetworkAcl; code: third-party clients only (not in AWS docs)",
            ),
            (
                "a network ACL associated with a subnet cannot be deleted",
                &acl,
                "DependencyViolation",
                "rule: EC2 API Reference, DeleteNetworkAcl; code: third-party clients (not in AWS docs)",
            ),
            (
                "a VPC's default security group cannot be deleted",
                &default_sg.id,
                "CannotDelete",
                "VPC User Guide, Default security groups for your VPCs (Client.CannotDelete)",
            ),
            (
                "a security group referenced by another group's rule cannot be deleted",
                &sg,
                "DependencyViolation",
                "EC2 API Reference, DeleteSecurityGroup",
            ),
            (
                "a security group attached to a network interface cannot be deleted",
                &sg3,
                "DependencyViolation",
                "EC2 API Reference, DeleteSecurityGroup",
            ),
        ];
        for (rule, id, code, source) in cases {
            let before = s.clone();
            let err = delete(&mut s, id).unwrap_err();
            assert!(err.en().starts_with(code), "{rule} ({source}): {id}: {}", err.en());
            assert!(err.ko().starts_with(code), "{rule} ({source}): {id}: {}", err.ko());
            assert_eq!(s, before, "{rule}: a refused deletion changes nothing");
        }
        // Creating in something that is not a VPC: EC2 API Reference, "Error codes".
        let err = new_object(&s, &subnet, ObjectKind::RouteTable).unwrap_err();
        assert!(err.en().starts_with("InvalidVpcID.NotFound"), "{}", err.en());
        // Once nothing depends on them, they go.
        set_subnet(&mut s, "subnet-1", |r, a| {
            *r = None;
            *a = None;
        });
        s.nodes.retain(|n| n.id != instance);
        for id in [&rt, &acl, &sg2, &sg, &sg3] {
            delete(&mut s, id).unwrap_or_else(|e| panic!("{id}: {}", e.en()));
            assert!(s.node(id).is_none());
        }
    }

    /// Security groups in use count their interfaces; the main table counts unassociated subnets.
    #[test]
    fn usage_counts() {
        let s = two_tier();
        let groups = list(&s, &"vpc-main".into(), ObjectKind::SecurityGroup);
        assert!(groups.iter().any(|g| g.used_by > 0), "{groups:?}");
        let tables = list(&s, &"vpc-main".into(), ObjectKind::RouteTable);
        let total: usize = tables.iter().map(|t| t.used_by).sum();
        let subnets = s.nodes.iter().filter(|n| matches!(n.spec, Spec::Subnet { .. })).count();
        assert_eq!(total, subnets, "every subnet uses exactly one table: {tables:?}");
        assert_eq!(vpc_of(&s, &"alb".into()), Some("vpc-main".into()));
        assert_eq!(vpc_of(&s, &"i-web-a".into()), Some("vpc-main".into()));
    }

    /// What the editors and the reachability panel ask: a route's possible targets (the
    /// VPC's gateways, the NAT gateways and single instances in its subnets, never a group),
    /// the ACL a subnet uses, and what uses a table, an ACL or a group.
    #[test]
    fn route_targets_acls_and_users() {
        let mut s = fresh();
        let drop = |s: &mut Scenario, b, into: &str| {
            let into = NodeId::from(into);
            let made = create(s, b, DropTarget { container: Some(&into), az: None }).unwrap();
            let id = made[0].id.clone();
            s.nodes.extend(made);
            id
        };
        let igw = drop(&mut s, Blueprint::InternetGateway, "vpc-1");
        let nat = drop(&mut s, Blueprint::NatGateway, "subnet-1");
        let instance = drop(&mut s, Blueprint::Instance, "subnet-1");
        let group = drop(&mut s, Blueprint::AutoScalingGroup, "subnet-1");
        let targets: Vec<NodeId> = route_targets(&s, &"vpc-1".into()).into_iter().map(|t| t.0).collect();
        for want in [&igw, &nat, &instance] {
            assert!(targets.contains(want), "{want} missing from {targets:?}");
        }
        assert!(!targets.contains(&group), "a group is not a route target: {targets:?}");
        assert!(route_targets(&s, &"vpc-x".into()).is_empty());
        let default_acl = list(&s, &"vpc-1".into(), ObjectKind::NetworkAcl).into_iter().find(|o| o.is_default).unwrap();
        assert_eq!(network_acl_of(&s, &"subnet-1".into()), Some(default_acl.id.clone()));
        // A broken association (validate reports it) means the default ACL, as reachability reads it.
        let mut broken = s.clone();
        set_subnet(&mut broken, "subnet-1", |_, acl| *acl = Some("acl-gone".into()));
        assert_eq!(network_acl_of(&broken, &"subnet-1".into()), Some(default_acl.id.clone()));
        set_subnet(&mut broken, "subnet-1", |_, acl| *acl = Some(instance.clone()));
        assert_eq!(network_acl_of(&broken, &"subnet-1".into()), Some(default_acl.id.clone()));
        assert_eq!(users_of(&s, &default_acl.id), vec![NodeId::from("subnet-1")]);
        let main = list(&s, &"vpc-1".into(), ObjectKind::RouteTable).into_iter().find(|o| o.is_default).unwrap();
        assert_eq!(users_of(&s, &main.id), vec![NodeId::from("subnet-1")]);
        let sg = list(&s, &"vpc-1".into(), ObjectKind::SecurityGroup).into_iter().find(|o| o.is_default).unwrap();
        let users = users_of(&s, &sg.id);
        assert!(users.contains(&instance) && users.contains(&group), "{users:?}");
        assert!(users_of(&s, &instance).is_empty(), "an instance is not a network object");
    }
}
