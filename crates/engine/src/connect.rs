//! Links a person draws from one node to another: what the link means in AWS, decided by its two ends.
//!
//! The web app calls [`connect`] when a drag from a node's handle ends on another node; the
//! engine decides what setting the link stands for (a target registration, an origin, a
//! record value, an attachment, a peering connection) and refuses, with a bilingual reason,
//! a link AWS would not allow. The direction a person drags does not matter (a link from an
//! instance to its load balancer means the same as the other way round), except between two
//! buckets: replication goes from the bucket the drag starts on.
//!
//! [`links`] lists the links a document implies, with their kind, for drawing.

pub use crate::link::{Link, LinkKind};
use crate::link::{LinkIndex, Plan};
use crate::model::{Node, NodeId, Scenario, Spec};
use crate::msg::Msg;

/// Apply the link from `a` to `b` to the document: on success the document holds the new
/// setting and the kind of link is returned; on refusal the document is unchanged.
pub fn connect(s: &mut Scenario, a: &NodeId, b: &NodeId) -> Result<LinkKind, Msg> {
    if a == b {
        return Err(msg!("connect.link_needs_two_different"));
    }
    let (Some(na), Some(nb)) = (s.node(a), s.node(b)) else {
        return Err(msg!("connect.one_end_link_no"));
    };
    let plan = match plan(s, na, nb)? {
        Some(plan) => plan,
        None => plan(s, nb, na)?.ok_or_else(|| no_meaning(na, nb))?,
    };
    apply(s, plan)
}

/// What a link from `from` to `to` means, `Ok(None)` if nothing in this direction, or why AWS refuses it.
fn plan(s: &Scenario, from: &Node, to: &Node) -> Result<Option<Plan>, Msg> {
    for service in crate::services::ALL {
        if let Some(plan) = (service.link)(s, from, to)? {
            return Ok(Some(plan));
        }
    }
    Ok(None)
}

fn apply(s: &mut Scenario, plan: Plan) -> Result<LinkKind, Msg> {
    let kind = match plan {
        Plan::Edit { node, spec, kind } => {
            if let Some(old) = spec_of(s, &node) {
                *old = *spec;
            }
            kind
        }
        Plan::NewNode(mut node, kind) => {
            node.name = node.id.0.clone();
            s.nodes.push(*node);
            kind
        }
    };
    Ok(kind)
}

fn spec_of<'s>(s: &'s mut Scenario, id: &NodeId) -> Option<&'s mut Spec> {
    s.nodes.iter_mut().find(|n| &n.id == id).map(|n| &mut n.spec)
}

fn no_meaning(a: &Node, b: &Node) -> Msg {
    let (ka, kb) = (a.spec.kind().name(), b.spec.kind().name());
    msg!("connect.link_between_means_nothing", a_id = a.id, ka = ka, b_id = b.id, kb = kb)
}

/// Every link the document implies, in document order: the Internet to each attached
/// Internet gateway, an Internet gateway to the internet-facing load balancers of its VPC,
/// load balancers to their targets, NAT gateways to their VPC's Internet gateway,
/// distributions to their origins, records to their values, instances to their backend,
/// VPN connections and Direct Connect interfaces between their ends, peered VPCs to each
/// other, buckets to the buckets they replicate to.
pub fn links(s: &Scenario) -> Vec<Link> {
    let index = LinkIndex::new(s);
    let mut out = Vec::new();
    let mut push = |from: &NodeId, to: &NodeId, kind, via: Option<&NodeId>| {
        if index.spec(from).is_some() && index.spec(to).is_some() {
            out.push(Link { from: from.clone(), to: to.clone(), kind, via: via.cloned() });
        }
    };
    for node in &s.nodes {
        for service in crate::services::ALL {
            (service.links)(&index, node, &mut |from, to, kind, via| push(from, to, kind, via));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::create::{create, Blueprint, DropTarget};

    fn two_tier() -> Scenario {
        Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap()
    }

    fn add(s: &mut Scenario, what: Blueprint, container: Option<&str>) -> NodeId {
        let container = container.map(NodeId::from);
        let nodes = create(s, what, DropTarget { container: container.as_ref(), az: None }).unwrap();
        let id = nodes[0].id.clone();
        s.nodes.extend(nodes);
        id
    }

    /// Every link between any two nodes of every built-in example, through the services'
    /// rooms and the shared rules: a refusal leaves the document as it was; an accepted link
    /// is drawn between its two ends (an attached gateway sits on its VPC's edge instead),
    /// and drawing the same link again is refused as already there.
    #[test]
    fn any_link_is_refused_untouched_or_drawn_between_its_ends() {
        let mut accepted = 0;
        for (name, text) in crate::scenarios::BUILT_IN {
            let base = Scenario::from_json(text).unwrap();
            let ids: Vec<NodeId> = base.nodes.iter().map(|n| n.id.clone()).collect();
            for a in &ids {
                for b in &ids {
                    let mut s = base.clone();
                    match connect(&mut s, a, b) {
                        Err(_) => assert_eq!(s, base, "{name}: {a} -> {b} refused but changed the design"),
                        Ok(kind) => {
                            accepted += 1;
                            let joined = |l: &Link| (&l.from == a && &l.to == b) || (&l.from == b && &l.to == a);
                            let vpc = |id: &NodeId| matches!(s.node(id).map(|n| &n.spec), Some(Spec::Vpc { .. }));
                            let drawn = links(&s).iter().any(joined);
                            assert!(drawn || vpc(a) || vpc(b), "{name}: {a} -> {b} ({kind:?}) is not drawn");
                            let after = s.clone();
                            assert!(connect(&mut s, a, b).is_err(), "{name}: {a} -> {b} accepted twice");
                            assert_eq!(s, after);
                        }
                    }
                }
            }
        }
        assert!(accepted >= 40, "only {accepted} links accepted: the examples no longer exercise the rooms");
    }

    /// Rule: a load balancer link registers the instance as a target, whichever end the drag started from.
    #[test]
    fn load_balancer_to_instance_registers_a_target_either_way() {
        let mut s = two_tier();
        let i = add(&mut s, Blueprint::Instance, Some("subnet-private-a"));
        let before = s.clone();
        assert_eq!(connect(&mut s, &i, &"alb".into()), Ok(LinkKind::Traffic));
        let Some(Spec::LoadBalancer { targets, .. }) = s.node(&"alb".into()).map(|n| &n.spec) else { panic!() };
        assert!(targets.contains(&i));
        // A second identical link is refused and changes nothing.
        let after = s.clone();
        assert!(connect(&mut s, &"alb".into(), &i).is_err());
        assert_eq!(s, after);
        assert_ne!(before, after);
    }

    /// Rule: instance targets must be in the target group's VPC (ELB User Guide, "Register targets").
    #[test]
    fn a_target_in_another_vpc_is_refused() {
        let mut s = two_tier();
        let vpc2 = add(&mut s, Blueprint::Vpc, Some("region-seoul"));
        let sub = add(&mut s, Blueprint::Subnet, Some(vpc2.as_str()));
        let i = add(&mut s, Blueprint::Instance, Some(sub.as_str()));
        let before = s.clone();
        let err = connect(&mut s, &"alb".into(), &i).unwrap_err();
        assert!(err.en().starts_with("InvalidTarget"), "{}", err.en());
        assert!(!err.ko().is_empty());
        assert_eq!(s, before);
    }

    /// Rules: a VPC takes one Internet gateway; a gateway attaches to one VPC at a time;
    /// peering needs non-overlapping CIDR blocks.
    #[test]
    fn attachments_and_peering_follow_aws_limits() {
        let mut s = two_tier();
        let vpc2 = add(&mut s, Blueprint::Vpc, Some("region-seoul"));
        s.nodes.push(Node::new("igw-2".into(), "igw-2".into(), Spec::InternetGateway { vpc: None }));
        let err = connect(&mut s, &"igw-2".into(), &"vpc-main".into()).unwrap_err();
        assert!(err.en().contains("AlreadyAssociated"), "{}", err.en());
        assert_eq!(connect(&mut s, &"igw-2".into(), &vpc2), Ok(LinkKind::Attachment));
        let err = connect(&mut s, &"igw".into(), &vpc2).unwrap_err();
        assert!(err.en().contains("AlreadyAssociated"), "{}", err.en());
        assert_eq!(connect(&mut s, &vpc2, &"vpc-main".into()), Ok(LinkKind::Peering));
        let pcx = s.nodes.iter().find(|n| matches!(n.spec, Spec::VpcPeering { .. })).map(|n| n.id.clone());
        assert!(pcx.is_some());
        assert!(
            links(&s).contains(&Link { from: vpc2.clone(), to: "vpc-main".into(), kind: LinkKind::Peering, via: pcx }),
            "a peering is drawn between the two VPCs, as the peering connection's line"
        );
        assert!(connect(&mut s, &"vpc-main".into(), &vpc2).is_err(), "second peering of the same pair");
        if let Some(Spec::Vpc { cidr, .. }) = s.nodes.iter_mut().find(|n| n.id == vpc2).map(|n| &mut n.spec) {
            *cidr = "10.0.0.0/16".parse().unwrap();
        }
        let vpc3 = add(&mut s, Blueprint::Vpc, Some("region-seoul"));
        if let Some(Spec::Vpc { cidr, .. }) = s.nodes.iter_mut().find(|n| n.id == vpc3).map(|n| &mut n.spec) {
            *cidr = "10.0.128.0/17".parse().unwrap();
        }
        let err = connect(&mut s, &vpc3, &"vpc-main".into()).unwrap_err();
        assert!(err.en().contains("overlapping"), "{}", err.en());
    }

    /// Rule: CloudFront takes a load balancer, instance or bucket as its origin; a bucket
    /// linked to a distribution with a dynamic origin serves the static objects.
    #[test]
    fn edge_and_dns_links() {
        let mut s = two_tier();
        let bucket = add(&mut s, Blueprint::S3Bucket, Some("region-seoul"));
        let cf = add(&mut s, Blueprint::Cloudfront, None);
        let Some(Spec::CloudfrontDistribution { origin, .. }) = s.node(&cf).map(|n| &n.spec) else { panic!() };
        assert_eq!(origin.as_str(), "alb", "a new distribution takes the internet-facing load balancer");
        assert_eq!(connect(&mut s, &bucket, &cf), Ok(LinkKind::Traffic));
        let Some(Spec::CloudfrontDistribution { origin, static_origin, .. }) = s.node(&cf).map(|n| &n.spec) else {
            panic!()
        };
        assert_eq!((origin.as_str(), static_origin.as_ref().map(NodeId::as_str)), ("alb", Some(bucket.as_str())));
        let dns = add(&mut s, Blueprint::Route53, None);
        let Some(Spec::Route53Record { values, .. }) = s.node(&dns).map(|n| &n.spec) else { panic!() };
        assert_eq!(values[0].target, cf, "a new record answers with the distribution");
        assert!(connect(&mut s, &dns, &cf).is_err());
        assert_eq!(connect(&mut s, &dns, &"alb".into()), Ok(LinkKind::Traffic));
        let pairs: Vec<_> = links(&s).into_iter().map(|l| (l.from.0, l.to.0)).collect();
        for pair in [(cf.0.clone(), "alb".to_string()), (cf.0.clone(), bucket.0.clone()), (dns.0.clone(), cf.0.clone())]
        {
            assert!(pairs.contains(&pair), "{pair:?} in {pairs:?}");
        }
    }

    /// A link with no AWS meaning is refused with a message naming both kinds.
    #[test]
    fn meaningless_links_are_refused() {
        let mut s = two_tier();
        let before = s.clone();
        let err = connect(&mut s, &"internet".into(), &"i-web-a".into()).unwrap_err();
        assert!(err.en().contains("internet") && err.en().contains("instance"), "{}", err.en());
        assert!(connect(&mut s, &"alb".into(), &"alb".into()).is_err());
        assert!(connect(&mut s, &"alb".into(), &"nope".into()).is_err());
        assert_eq!(s, before);
    }

    /// Rule: a DB subnet group covers at least two AZs (DBSubnetGroupDoesNotCoverEnoughAZs).
    #[test]
    fn instance_to_database_sets_the_backend() {
        let mut s = two_tier();
        let db = add(&mut s, Blueprint::Rds, Some("subnet-private-a"));
        let Some(Spec::RdsInstance { subnets, .. }) = s.node(&db).map(|n| &n.spec) else { panic!() };
        assert_eq!(subnets.len(), 2, "{subnets:?}");
        assert_eq!(connect(&mut s, &db, &"i-web-a".into()), Ok(LinkKind::Traffic));
        assert!(links(&s).contains(&Link {
            from: "i-web-a".into(),
            to: db.clone(),
            kind: LinkKind::Traffic,
            via: None
        }));
        // Regression: the same link again was accepted (and changed nothing); it is refused
        // as already there, and the design stays as it was.
        let before = s.clone();
        let again = connect(&mut s, &"i-web-a".into(), &db).unwrap_err();
        assert_eq!(again.code, "connect.already_linked");
        assert_eq!(s, before);
        let mut lonely = two_tier();
        lonely.nodes.retain(|n| n.id.as_str() != "subnet-private-c");
        let err = create(&lonely, Blueprint::Rds, DropTarget { container: Some(&"subnet-private-a".into()), az: None })
            .unwrap_err();
        assert!(err.en().starts_with("DBSubnetGroupDoesNotCoverEnoughAZs"), "{}", err.en());
    }

    /// Rule: AttachLoadBalancerTargetGroups puts a group's instances behind the load balancer.
    #[test]
    fn a_load_balancer_link_attaches_an_auto_scaling_group() {
        let mut s = two_tier();
        let asg = add(&mut s, Blueprint::AutoScalingGroup, Some("subnet-private-a"));
        assert_eq!(connect(&mut s, &asg, &"alb".into()), Ok(LinkKind::Traffic));
        let Some(Spec::AutoScalingGroup { load_balancers, .. }) = s.node(&asg).map(|n| &n.spec) else { panic!() };
        assert_eq!(load_balancers, &[NodeId::from("alb")]);
        assert!(links(&s).iter().any(|l| l.from.as_str() == "alb" && l.to == asg));
        assert!(connect(&mut s, &"alb".into(), &asg).is_err(), "already attached");
    }

    /// Rule: S3 replication needs versioning on both buckets (S3 User Guide, "Requirements
    /// and considerations for replication"); it goes from the bucket the drag starts on.
    #[test]
    fn bucket_to_bucket_is_replication_with_versioning_on_both() {
        let mut s = two_tier();
        let src = add(&mut s, Blueprint::S3Bucket, Some("region-seoul"));
        let dst = add(&mut s, Blueprint::S3Bucket, Some("region-seoul"));
        let version = |s: &mut Scenario, id: &NodeId| {
            if let Some(Spec::S3Bucket { versioning, .. }) = spec_of(s, id) {
                *versioning = true;
            }
        };
        let before = s.clone();
        let err = connect(&mut s, &src, &dst).unwrap_err();
        assert!(
            err.en().starts_with("InvalidRequest") && err.en().contains(&format!("'{src}' has it off")),
            "{}",
            err.en()
        );
        assert_eq!(s, before);
        version(&mut s, &src);
        let err = connect(&mut s, &src, &dst).unwrap_err();
        assert!(err.en().contains(&format!("'{dst}' has it off")), "the destination too: {}", err.en());
        version(&mut s, &dst);
        assert_eq!(connect(&mut s, &src, &dst), Ok(LinkKind::Replication));
        let Some(Spec::S3Bucket { replicate_to, .. }) = s.node(&src).map(|n| &n.spec) else { panic!() };
        assert_eq!(replicate_to, std::slice::from_ref(&dst));
        assert!(links(&s).contains(&Link {
            from: src.clone(),
            to: dst.clone(),
            kind: LinkKind::Replication,
            via: None
        }));
        assert!(connect(&mut s, &src, &dst).is_err(), "already replicating");
        // The other direction is another rule (two-way replication is allowed).
        assert_eq!(connect(&mut s, &dst, &src), Ok(LinkKind::Replication));
        assert!(crate::validate::validate(&s).iter().all(|d| d.code != "InvalidRequest"));
    }

    /// Rule: a data centre reaches a VGW by Site-to-Site VPN, then (second link) by Direct
    /// Connect, the VPN staying as backup; both are drawn, Direct Connect as its own kind.
    #[test]
    fn vpn_then_direct_connect_between_a_gateway_and_a_data_centre() {
        let mut s = two_tier();
        s.nodes.push(Node::new("vgw".into(), String::new(), Spec::VpnGateway { vpc: None }));
        let dc = "10.200.0.0/16".parse().unwrap();
        s.nodes.push(Node::new("dc".into(), String::new(), Spec::OnPremises { cidr: dc }));
        let (g, d) = (NodeId::from("vgw"), NodeId::from("dc"));
        assert_eq!(connect(&mut s, &d, &g), Ok(LinkKind::Attachment));
        assert_eq!(connect(&mut s, &g, &d), Ok(LinkKind::DirectConnect));
        assert!(connect(&mut s, &g, &d).is_err(), "both exist");
        let drawn = links(&s);
        let node = |dx: bool| {
            s.nodes
                .iter()
                .find(|n| match n.spec {
                    Spec::DirectConnect { .. } => dx,
                    Spec::VpnConnection { .. } => !dx,
                    _ => false,
                })
                .map(|n| n.id.clone())
        };
        // Each line stands for its node, so selecting the line selects the connection.
        assert!(drawn.contains(&Link { from: g.clone(), to: d.clone(), kind: LinkKind::Attachment, via: node(false) }));
        assert!(drawn.contains(&Link { from: g, to: d, kind: LinkKind::DirectConnect, via: node(true) }));
    }
}
