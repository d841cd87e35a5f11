//! Table-driven tests of reachability, one per AWS rule, each naming its source.

use super::*;
use crate::testkit::{lab, load, set, without, zone_c_subnet};
use serde_json::{json, Value};

fn ask(doc: &Value, from: &str, to: &str, flow: Flow) -> Reachability {
    reach(&load(doc), &from.into(), &to.into(), flow).unwrap()
}

/// `Ok(())` if reachable, else `Err((code, blocked component))`.
fn outcome(r: &Reachability) -> Result<(), (String, String)> {
    match r {
        Reachability::Reachable { .. } => Ok(()),
        Reachability::NotReachable { code, blocked_at, .. } => Err((code.clone(), blocked_at.component.to_string())),
    }
}

fn blocked(code: &str, at: &str) -> Result<(), (String, String)> {
    Err((code.to_string(), at.to_string()))
}

struct Case {
    rule: &'static str,
    doc: Value,
    from: &'static str,
    to: &'static str,
    flow: Flow,
    want: Result<(), (String, String)>,
}

fn check(cases: Vec<Case>) {
    for c in cases {
        let r = ask(&c.doc, c.from, c.to, c.flow);
        assert_eq!(outcome(&r), c.want, "{}: {} -> {}\n{r:#?}", c.rule, c.from, c.to);
        if let Reachability::Reachable { path } = &r {
            // A full round trip: the response ends back at the client.
            let last = path.last().unwrap();
            assert_eq!(
                (last.component.as_str(), last.leg, last.direction),
                (c.from, Leg::Response, Direction::Inbound),
                "{}",
                c.rule
            );
        }
        if let Reachability::NotReachable { explanation, .. } = &r {
            assert!(!explanation.en().is_empty() && !explanation.ko().is_empty(), "{}", c.rule);
        }
    }
}

fn custom_nacl(inbound: Value, outbound: Value) -> Value {
    json!({"kind": "network_acl", "vpc": "vpc", "inbound": inbound, "outbound": outbound})
}

/// AWS rules for the Internet gateway and NAT devices (VPC User Guide, "Internet gateways",
/// "NAT gateways", aws-facts.md §5): an instance with a public IP in a public subnet is
/// reachable from the Internet; a private-subnet instance reaches the Internet only through a
/// NAT device and cannot be reached from it; a NAT gateway needs an Elastic IP and a public
/// subnet; an instance without a public IP is unreachable even in a public subnet.
#[test]
fn internet_gateway_and_nat() {
    let no_public = set(lab(), "i-pub", json!({"public_ip": null}));
    let nat_no_eip = set(lab(), "nat", json!({"elastic_ip": null}));
    let nat_in_private = set(lab(), "nat", json!({"subnet": "private"}));
    let auto_ip =
        set(set(lab(), "public", json!({"map_public_ip_on_launch": true})), "i-pub", json!({"public_ip": null}));
    check(vec![
        Case {
            rule: "public instance from the Internet",
            doc: lab(),
            from: "internet",
            to: "i-pub",
            flow: Flow::tcp(22),
            want: Ok(()),
        },
        Case {
            rule: "public instance to the Internet",
            doc: lab(),
            from: "i-pub",
            to: "internet",
            flow: Flow::tcp(443),
            want: Ok(()),
        },
        Case {
            rule: "auto-assigned public IP",
            doc: auto_ip,
            from: "internet",
            to: "i-pub",
            flow: Flow::tcp(22),
            want: Ok(()),
        },
        Case {
            rule: "private instance out through NAT",
            doc: lab(),
            from: "i-priv",
            to: "internet",
            flow: Flow::tcp(443),
            want: Ok(()),
        },
        Case {
            rule: "private instance over UDP and ICMP",
            doc: lab(),
            from: "i-priv",
            to: "internet",
            flow: Flow::udp(123),
            want: Ok(()),
        },
        Case { rule: "ICMP", doc: lab(), from: "i-priv", to: "internet", flow: Flow::icmp(), want: Ok(()) },
        Case {
            rule: "private instance not reachable from the Internet",
            doc: lab(),
            from: "internet",
            to: "i-priv",
            flow: Flow::tcp(22),
            want: blocked("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "igw"),
        },
        Case {
            rule: "no public IP, even in a public subnet",
            doc: no_public.clone(),
            from: "internet",
            to: "i-pub",
            flow: Flow::tcp(22),
            want: blocked("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "igw"),
        },
        Case {
            rule: "no public IP: cannot use the IGW outbound",
            doc: no_public,
            from: "i-pub",
            to: "internet",
            flow: Flow::tcp(443),
            want: blocked("IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", "igw"),
        },
        Case {
            rule: "NAT gateway without Elastic IP",
            doc: nat_no_eip,
            from: "i-priv",
            to: "internet",
            flow: Flow::tcp(443),
            want: blocked("IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS", "igw"),
        },
        Case {
            rule: "NAT gateway in a private subnet loops back to itself",
            doc: nat_in_private,
            from: "i-priv",
            to: "internet",
            flow: Flow::tcp(443),
            want: blocked("NO_PATH", "nat"),
        },
    ]);
}

/// AWS rule: a NAT instance's source/destination check must be off (VPC User Guide, "NAT
/// instances", aws-facts.md §5); its security group filters what it forwards.
#[test]
fn nat_instance() {
    let base = set(
        set(lab(), "rtb-private", json!({"routes": [{"destination": "0.0.0.0/0", "target": "i-nat"}]})),
        "i-nat",
        json!({"kind": "instance", "instance_type": "t3.micro", "subnet": "public", "private_ip": "10.0.0.5",
               "public_ip": "3.35.0.30", "security_groups": ["sg-open"], "source_dest_check": false}),
    );
    let check_on = set(base.clone(), "i-nat", json!({"source_dest_check": true}));
    let closed = set(
        set(
            base.clone(),
            "sg-nat",
            json!({"kind": "security_group", "vpc": "vpc", "inbound": [{"protocol": "tcp", "ports": "80", "cidr": "10.0.1.0/24"}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}),
        ),
        "i-nat",
        json!({"security_groups": ["sg-nat"]}),
    );
    check(vec![
        Case {
            rule: "NAT instance forwards",
            doc: base,
            from: "i-priv",
            to: "internet",
            flow: Flow::tcp(443),
            want: Ok(()),
        },
        Case {
            rule: "source/destination check on",
            doc: check_on,
            from: "i-priv",
            to: "internet",
            flow: Flow::tcp(443),
            want: blocked("ENI_SOURCE_DEST_CHECK_RESTRICTION", "i-nat"),
        },
        Case {
            rule: "NAT instance security group",
            doc: closed,
            from: "i-priv",
            to: "internet",
            flow: Flow::tcp(443),
            want: blocked("ENI_SG_RULES_MISMATCH", "sg-nat"),
        },
    ]);
}

/// AWS rules for security groups (VPC User Guide, "Security groups", aws-facts.md §5):
/// allow rules only; stateful, so a group with no outbound rule still lets responses out;
/// a rule can name another group, matching its members' private addresses.
#[test]
fn security_groups_are_stateful_and_allow_only() {
    let inbound_only = set(
        set(
            lab(),
            "sg-ssh",
            json!({"kind": "security_group", "vpc": "vpc", "inbound": [{"protocol": "tcp", "ports": "22", "cidr": "0.0.0.0/0"}]}),
        ),
        "i-pub",
        json!({"security_groups": ["sg-ssh"]}),
    );
    let by_group = set(
        set(
            lab(),
            "sg-app",
            json!({"kind": "security_group", "vpc": "vpc", "inbound": [{"protocol": "tcp", "ports": "8080", "group": "sg-open"}]}),
        ),
        "i-priv",
        json!({"security_groups": ["sg-app"]}),
    );
    let other_group = set(
        set(
            by_group.clone(),
            "sg-other",
            json!({"kind": "security_group", "vpc": "vpc", "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}),
        ),
        "i-pub",
        json!({"security_groups": ["sg-other"]}),
    );
    let default_sg = set(set(lab(), "i-pub", json!({"security_groups": []})), "i-priv", json!({"security_groups": []}));
    check(vec![
        Case {
            rule: "inbound rule, no outbound rule: response allowed",
            doc: inbound_only.clone(),
            from: "internet",
            to: "i-pub",
            flow: Flow::tcp(22),
            want: Ok(()),
        },
        Case {
            rule: "port not allowed",
            doc: inbound_only.clone(),
            from: "internet",
            to: "i-pub",
            flow: Flow::tcp(80),
            want: blocked("ENI_SG_RULES_MISMATCH", "sg-ssh"),
        },
        Case {
            rule: "no outbound rules",
            doc: inbound_only,
            from: "i-pub",
            to: "internet",
            flow: Flow::tcp(443),
            want: blocked("SG_HAS_NO_RULES", "sg-ssh"),
        },
        Case {
            rule: "member of the referenced group",
            doc: by_group.clone(),
            from: "i-pub",
            to: "i-priv",
            flow: Flow::tcp(8080),
            want: Ok(()),
        },
        Case {
            rule: "not a member of the referenced group",
            doc: other_group,
            from: "i-pub",
            to: "i-priv",
            flow: Flow::tcp(8080),
            want: blocked("ENI_SG_RULES_MISMATCH", "sg-app"),
        },
        Case {
            rule: "default group: members reach each other",
            doc: default_sg.clone(),
            from: "i-pub",
            to: "i-priv",
            flow: Flow::tcp(5432),
            want: Ok(()),
        },
        Case {
            rule: "default group: no inbound from outside",
            doc: default_sg,
            from: "internet",
            to: "i-pub",
            flow: Flow::tcp(22),
            want: blocked("ENI_SG_RULES_MISMATCH", "vpc"),
        },
    ]);
}

/// AWS rules for network ACLs (VPC User Guide, "Network ACLs", aws-facts.md §5): stateless,
/// so the response to the client's ephemeral ports needs its own rules in both subnets;
/// lowest rule number first, first match wins; the default ACL allows all; a custom ACL with
/// no rules denies all; traffic inside one subnet does not cross its ACL.
#[test]
fn network_acls_are_stateless_and_ordered() {
    let web_only = custom_nacl(
        json!([{"rule": 100, "action": "allow", "protocol": "tcp", "ports": "22", "cidr": "0.0.0.0/0"}]),
        json!([{"rule": 100, "action": "allow", "protocol": "tcp", "ports": "22", "cidr": "0.0.0.0/0"}]),
    );
    let forgets = set(set(lab(), "acl", web_only), "public", json!({"network_acl": "acl"}));
    let fixed = set(
        forgets.clone(),
        "acl",
        json!({"outbound": [{"rule": 100, "action": "allow", "protocol": "tcp", "ports": "1024-65535", "cidr": "0.0.0.0/0"}]}),
    );
    let linux_only = set(
        forgets.clone(),
        "acl",
        json!({"outbound": [{"rule": 100, "action": "allow", "protocol": "tcp", "ports": "32768-61000", "cidr": "0.0.0.0/0"}]}),
    );
    let deny_first = set(
        fixed.clone(),
        "acl",
        json!({"inbound": [
            {"rule": 200, "action": "allow", "protocol": "tcp", "ports": "22", "cidr": "0.0.0.0/0"},
            {"rule": 100, "action": "deny", "protocol": "tcp", "ports": "22", "cidr": "203.0.113.0/24"}]}),
    );
    let empty = set(set(lab(), "acl", custom_nacl(json!([]), json!([]))), "private", json!({"network_acl": "acl"}));
    let same_subnet = set(
        set(set(lab(), "acl", custom_nacl(json!([]), json!([]))), "public", json!({"network_acl": "acl"})),
        "i-two",
        json!({"kind": "instance", "instance_type": "t3.micro", "subnet": "public", "private_ip": "10.0.0.11", "security_groups": ["sg-open"]}),
    );
    let mut linux_flow = Flow::tcp(22);
    linux_flow.client_ports = Some(LINUX_EPHEMERAL);
    check(vec![
        Case {
            rule: "response to ephemeral ports dropped",
            doc: forgets,
            from: "internet",
            to: "i-pub",
            flow: Flow::tcp(22),
            want: blocked("SUBNET_ACL_RESTRICTION", "acl"),
        },
        Case {
            rule: "ephemeral ports allowed",
            doc: fixed,
            from: "internet",
            to: "i-pub",
            flow: Flow::tcp(22),
            want: Ok(()),
        },
        Case {
            rule: "Linux range is not enough for any Internet client",
            doc: linux_only.clone(),
            from: "internet",
            to: "i-pub",
            flow: Flow::tcp(22),
            want: blocked("SUBNET_ACL_RESTRICTION", "acl"),
        },
        Case {
            rule: "Linux range is enough for a Linux client",
            doc: linux_only,
            from: "internet",
            to: "i-pub",
            flow: linux_flow,
            want: Ok(()),
        },
        Case {
            rule: "lower-numbered deny wins",
            doc: deny_first,
            from: "internet",
            to: "i-pub",
            flow: Flow::tcp(22),
            want: blocked("SUBNET_ACL_RESTRICTION", "acl"),
        },
        Case {
            rule: "default ACL allows all",
            doc: lab(),
            from: "i-pub",
            to: "i-priv",
            flow: Flow::tcp(5432),
            want: Ok(()),
        },
        Case {
            rule: "custom ACL without rules denies all",
            doc: empty,
            from: "i-pub",
            to: "i-priv",
            flow: Flow::tcp(5432),
            want: blocked("SUBNET_ACL_RESTRICTION", "acl"),
        },
        Case {
            rule: "same subnet: no ACL",
            doc: same_subnet,
            from: "i-pub",
            to: "i-two",
            flow: Flow::tcp(5432),
            want: Ok(()),
        },
    ]);
    // The blocking hop names the rule: the final `*` rule on the response leg, at the first
    // ephemeral port it denies.
    let r = ask(
        &set(
            set(
                lab(),
                "acl",
                custom_nacl(
                    json!([{"rule": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}]),
                    json!([{"rule": 100, "action": "allow", "protocol": "tcp", "ports": "22", "cidr": "0.0.0.0/0"}]),
                ),
            ),
            "public",
            json!({"network_acl": "acl"}),
        ),
        "internet",
        "i-pub",
        Flow::tcp(22),
    );
    let Reachability::NotReachable { blocked_at, explanation, .. } = r else { panic!("{r:?}") };
    assert_eq!(blocked_at.leg, Leg::Response);
    assert_eq!(blocked_at.direction, Direction::Outbound);
    assert_eq!(blocked_at.rule, Some(Rule::NetworkAclRule { number: None, action: Action::Deny }));
    assert!(explanation.en().contains("port 1024") && explanation.en().contains("stateless"), "{}", explanation.en());
}

/// AWS rule: the most specific route wins (VPC User Guide, "Route priority",
/// aws-facts.md §5): a /24 to a peering connection beats 0.0.0.0/0 to the NAT gateway.
#[test]
fn longest_prefix_match_picks_the_route() {
    let doc = peered_pair();
    let r = ask(&doc, "i-priv", "i-b", Flow::tcp(443));
    assert!(r.is_reachable(), "{r:#?}");
    let used: Vec<&Rule> =
        r.path().iter().filter_map(|h| h.rule.as_ref()).filter(|r| matches!(r, Rule::Route { .. })).collect();
    assert!(matches!(used.first(), Some(Rule::Route { target, .. }) if target == "pcx"), "{used:?}");
    let r = ask(&doc, "i-priv", "internet", Flow::tcp(443));
    assert!(r.is_reachable(), "{r:#?}");
}

/// The lab plus VPC B (10.1.0.0/16) peered with it; routes on both sides.
fn peered_pair() -> Value {
    let doc = set(
        lab(),
        "rtb-private",
        json!({"routes": [
        {"destination": "0.0.0.0/0", "target": "nat"}, {"destination": "10.1.0.0/16", "target": "pcx"}]}),
    );
    let doc = set(doc, "vpc-b", json!({"kind": "vpc", "region": "r", "cidr": "10.1.0.0/16"}));
    let doc = set(
        doc,
        "rtb-b",
        json!({"kind": "route_table", "vpc": "vpc-b", "main": true, "routes": [{"destination": "10.0.0.0/16", "target": "pcx"}]}),
    );
    let doc = set(doc, "subnet-b", json!({"kind": "subnet", "vpc": "vpc-b", "az": "az-a", "cidr": "10.1.0.0/24"}));
    let doc = set(
        doc,
        "sg-b",
        json!({"kind": "security_group", "vpc": "vpc-b", "inbound": [{"protocol": "all", "cidr": "10.0.0.0/8"}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}),
    );
    let doc = set(
        doc,
        "i-b",
        json!({"kind": "instance", "instance_type": "t3.micro", "subnet": "subnet-b", "private_ip": "10.1.0.10", "security_groups": ["sg-b"]}),
    );
    set(doc, "pcx", json!({"kind": "vpc_peering", "requester": "vpc", "accepter": "vpc-b"}))
}

/// AWS rules for VPC peering (VPC Peering Guide, "VPC peering basics" and "Unsupported VPC
/// peering configurations", aws-facts.md §5): routes on both sides; not transitive (A-B-C
/// does not connect A and C); no edge-to-edge routing (B cannot use A's NAT gateway); no
/// peering between overlapping blocks.
#[test]
fn peering_is_not_transitive_and_not_edge_to_edge() {
    let abc = set(
        set(
            set(peered_pair(), "vpc-c", json!({"kind": "vpc", "region": "r", "cidr": "10.2.0.0/16"})),
            "subnet-c",
            json!({"kind": "subnet", "vpc": "vpc-c", "az": "az-a", "cidr": "10.2.0.0/24"}),
        ),
        "i-c",
        json!({"kind": "instance", "instance_type": "t3.micro", "subnet": "subnet-c", "private_ip": "10.2.0.10", "security_groups": []}),
    );
    // A sends 10.2.0.0/16 to B through pcx, hoping B forwards it to C.
    let abc = set(
        abc,
        "rtb-private",
        json!({"routes": [
        {"destination": "0.0.0.0/0", "target": "nat"}, {"destination": "10.1.0.0/16", "target": "pcx"}, {"destination": "10.2.0.0/16", "target": "pcx"}]}),
    );
    let abc = set(abc, "pcx-bc", json!({"kind": "vpc_peering", "requester": "vpc-b", "accepter": "vpc-c"}));
    // B tries to reach the Internet through A's NAT gateway.
    let edge = set(
        peered_pair(),
        "rtb-b",
        json!({"routes": [{"destination": "10.0.0.0/16", "target": "pcx"}, {"destination": "0.0.0.0/0", "target": "pcx"}]}),
    );
    let one_way = set(peered_pair(), "rtb-b", json!({"routes": []}));
    let overlap = set(peered_pair(), "vpc-b", json!({"cidr": "10.0.0.0/16"}));
    check(vec![
        Case {
            rule: "peers reach each other",
            doc: peered_pair(),
            from: "i-priv",
            to: "i-b",
            flow: Flow::tcp(443),
            want: Ok(()),
        },
        Case {
            rule: "peered both ways",
            doc: peered_pair(),
            from: "i-b",
            to: "i-priv",
            flow: Flow::tcp(443),
            want: Ok(()),
        },
        Case {
            rule: "not transitive",
            doc: abc,
            from: "i-priv",
            to: "i-c",
            flow: Flow::tcp(443),
            want: blocked("PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", "pcx"),
        },
        Case {
            rule: "no edge-to-edge through a peer's NAT",
            doc: edge,
            from: "i-b",
            to: "internet",
            flow: Flow::tcp(443),
            want: blocked("PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", "pcx"),
        },
        Case {
            rule: "the return route is missing",
            doc: one_way,
            from: "i-priv",
            to: "i-b",
            flow: Flow::tcp(443),
            want: blocked("NO_ROUTE_TO_DESTINATION", "rtb-b"),
        },
        Case {
            rule: "overlapping blocks: peering failed",
            doc: overlap,
            from: "i-priv",
            to: "i-b",
            flow: Flow::tcp(443),
            want: blocked("BAD_STATE", "pcx"),
        },
    ]);
}

/// AWS rule: a default VPC's main route table sends 0.0.0.0/0 to its Internet gateway and its
/// default subnets auto-assign public IPs, so they are public (VPC User Guide, "Default
/// VPCs", aws-facts.md §5). Here no route table is written: the implicit main table is used.
#[test]
fn default_subnets_are_public() {
    let doc = json!({"format": 1, "nodes": [
        {"id": "internet", "kind": "internet"},
        {"id": "r", "kind": "region", "code": "us-east-1"},
        {"id": "az", "kind": "availability_zone", "region": "r", "zone": "us-east-1a"},
        {"id": "vpc", "kind": "vpc", "region": "r", "cidr": "172.31.0.0/16", "is_default": true},
        {"id": "igw", "kind": "internet_gateway", "vpc": "vpc"},
        {"id": "default-a", "kind": "subnet", "vpc": "vpc", "az": "az", "cidr": "172.31.0.0/20", "map_public_ip_on_launch": true},
        {"id": "sg", "kind": "security_group", "vpc": "vpc", "inbound": [{"protocol": "tcp", "ports": 22, "cidr": "0.0.0.0/0"}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]},
        {"id": "i", "kind": "instance", "instance_type": "t3.micro", "subnet": "default-a", "security_groups": ["sg"]}
    ]});
    let r = ask(&doc, "internet", "i", Flow::tcp(22));
    assert!(r.is_reachable(), "{r:#?}");
    assert!(r
        .path()
        .iter()
        .any(|h| h.kind == ComponentKind::RouteTable && h.implicit && h.component.as_str() == "vpc"));
    assert!(r.path().iter().any(|h| h.kind == ComponentKind::NetworkAcl && h.implicit));
    // Not a default VPC: the implicit main table has only local routes.
    let custom = set(doc, "vpc", json!({"is_default": null}));
    assert_eq!(outcome(&ask(&custom, "internet", "i", Flow::tcp(22))), blocked("NO_ROUTE_TO_DESTINATION", "vpc"));
}

/// AWS rules for a public address in the wrong subnet: the response must leave through the
/// Internet gateway it came in by. Through a NAT gateway it would come from another address.
#[test]
fn public_ip_in_a_private_subnet() {
    let doc = set(lab(), "i-priv", json!({"public_ip": "3.35.0.40"}));
    assert_eq!(
        outcome(&ask(&doc, "internet", "i-priv", Flow::tcp(22))),
        blocked("Stratus.Route.AsymmetricReturn", "rtb-private")
    );
    let no_route = set(doc, "rtb-private", json!({"routes": []}));
    assert_eq!(
        outcome(&ask(&no_route, "internet", "i-priv", Flow::tcp(22))),
        blocked("NO_ROUTE_TO_DESTINATION", "rtb-private")
    );
}

/// The lab with an internet-facing ALB in two public subnets and a target in the private one.
fn with_alb() -> Value {
    let doc = zone_c_subnet(lab(), "public-c", "10.0.2.0/24", "rtb-public");
    let doc = set(
        doc,
        "sg-alb",
        json!({"kind": "security_group", "vpc": "vpc", "inbound": [{"protocol": "tcp", "ports": 80, "cidr": "0.0.0.0/0"}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}),
    );
    let doc = set(
        doc,
        "sg-web",
        json!({"kind": "security_group", "vpc": "vpc", "inbound": [{"protocol": "tcp", "ports": 80, "group": "sg-alb"}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}),
    );
    let doc = set(doc, "i-priv", json!({"security_groups": ["sg-web"]}));
    set(
        doc,
        "alb",
        json!({"kind": "load_balancer", "type": "alb", "subnets": ["public", "public-c"], "security_groups": ["sg-alb"], "targets": ["i-priv"]}),
    )
}

/// A load balancer as source and destination: its nodes are ENIs in its subnets with its
/// security groups; an internal one has no public address (ELB User Guide; aws-facts.md §4).
#[test]
fn load_balancer_endpoints() {
    let internal = set(with_alb(), "alb", json!({"scheme": "internal"}));
    check(vec![
        Case {
            rule: "Internet to ALB",
            doc: with_alb(),
            from: "internet",
            to: "alb",
            flow: Flow::tcp(80),
            want: Ok(()),
        },
        Case {
            rule: "ALB listener port",
            doc: with_alb(),
            from: "internet",
            to: "alb",
            flow: Flow::tcp(8080),
            want: blocked("ENI_SG_RULES_MISMATCH", "sg-alb"),
        },
        Case {
            rule: "ALB to target by group reference",
            doc: with_alb(),
            from: "alb",
            to: "i-priv",
            flow: Flow::tcp(80),
            want: Ok(()),
        },
        Case {
            rule: "target only through the ALB",
            doc: with_alb(),
            from: "internet",
            to: "i-priv",
            flow: Flow::tcp(80),
            want: blocked("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "igw"),
        },
        Case {
            rule: "internal ALB from the Internet",
            doc: internal.clone(),
            from: "internet",
            to: "alb",
            flow: Flow::tcp(80),
            want: blocked("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "igw"),
        },
        Case {
            rule: "internal ALB from inside",
            doc: internal,
            from: "i-pub",
            to: "alb",
            flow: Flow::tcp(80),
            want: Ok(()),
        },
    ]);
    let r = ask(&with_alb(), "internet", "i-priv", Flow::tcp(80));
    let Reachability::NotReachable { explanation, .. } = r else { panic!() };
    assert!(explanation.en().contains("load balancer 'alb'"), "{}", explanation.en());
}

/// On-premises networks over a virtual private gateway with VPN or Direct Connect: both ways
/// with routes; a VGW delivers only into its own VPC (no edge-to-edge routing through a
/// peering connection). Sources: Site-to-Site VPN User Guide; VPC Peering Guide.
#[test]
fn on_premises_over_vpn() {
    let doc = set(peered_pair(), "vgw", json!({"kind": "vpn_gateway", "vpc": "vpc"}));
    let doc = set(doc, "office", json!({"kind": "on_premises", "cidr": "192.168.0.0/16"}));
    let doc = set(doc, "vpn", json!({"kind": "vpn_connection", "vpn_gateway": "vgw", "on_premises": "office"}));
    let doc = set(
        doc,
        "rtb-private",
        json!({"routes": [
        {"destination": "0.0.0.0/0", "target": "nat"}, {"destination": "10.1.0.0/16", "target": "pcx"}, {"destination": "192.168.0.0/16", "target": "vgw"}]}),
    );
    let no_vpn = without(doc.clone(), "vpn");
    let dx =
        set(no_vpn.clone(), "dx", json!({"kind": "direct_connect", "vpn_gateway": "vgw", "on_premises": "office"}));
    check(vec![
        Case {
            rule: "office to VPC",
            doc: doc.clone(),
            from: "office",
            to: "i-priv",
            flow: Flow::tcp(22),
            want: Ok(()),
        },
        Case {
            rule: "VPC to office",
            doc: doc.clone(),
            from: "i-priv",
            to: "office",
            flow: Flow::tcp(445),
            want: Ok(()),
        },
        Case { rule: "over Direct Connect", doc: dx, from: "office", to: "i-priv", flow: Flow::tcp(22), want: Ok(()) },
        Case {
            rule: "no route back from the public subnet",
            doc: doc.clone(),
            from: "office",
            to: "i-pub",
            flow: Flow::tcp(22),
            want: blocked("IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS", "igw"),
        },
        Case {
            rule: "not through the peer",
            doc: doc.clone(),
            from: "office",
            to: "i-b",
            flow: Flow::tcp(22),
            want: blocked("VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "vgw"),
        },
        Case {
            rule: "no VPN at all",
            doc: no_vpn,
            from: "office",
            to: "i-priv",
            flow: Flow::tcp(22),
            want: blocked("NO_PATH", "office"),
        },
        Case {
            rule: "on-premises is not on the Internet",
            doc,
            from: "internet",
            to: "office",
            flow: Flow::tcp(22),
            want: blocked("NO_PATH", "office"),
        },
    ]);
}

/// Bad questions are errors, never panics; a broken document gives an answer naming the
/// component that cannot be resolved.
#[test]
fn bad_input_is_an_error_not_a_panic() {
    let s = load(&lab());
    let table: [(&str, &str, Flow, ReachError); 4] = [
        ("nope", "i-pub", Flow::tcp(22), ReachError::UnknownNode("nope".into())),
        (
            "internet",
            "public",
            Flow::tcp(22),
            ReachError::UnsupportedEndpoint { id: "public".into(), kind: "subnet".into() },
        ),
        ("i-pub", "i-pub", Flow::tcp(22), ReachError::SameEndpoint("i-pub".into())),
        ("internet", "i-pub", Flow { protocol: Protocol::All, port: 0, client_ports: None }, ReachError::InvalidFlow),
    ];
    for (from, to, flow, want) in table {
        assert_eq!(reach(&s, &from.into(), &to.into(), flow), Err(want.clone()));
        assert!(!want.message().ko().is_empty());
    }
    let dangling = set(lab(), "i-pub", json!({"subnet": "gone"}));
    assert_eq!(
        outcome(&ask(&dangling, "internet", "i-pub", Flow::tcp(22))),
        blocked("UNASSOCIATED_COMPONENT", "i-pub")
    );
    let blackhole = set(lab(), "rtb-private", json!({"routes": [{"destination": "0.0.0.0/0", "target": "gone"}]}));
    assert_eq!(
        outcome(&ask(&blackhole, "i-priv", "internet", Flow::tcp(443))),
        blocked("BAD_STATE_ROUTE", "rtb-private")
    );
}

/// The answer is the same every time (deterministic) and serialises to the documented shape.
#[test]
fn answers_are_deterministic_and_serialise() {
    let doc = with_alb();
    let a = ask(&doc, "internet", "alb", Flow::tcp(80));
    let b = ask(&doc, "internet", "alb", Flow::tcp(80));
    assert_eq!(a, b);
    let v = serde_json::to_value(&a).unwrap();
    assert_eq!(v["status"], "reachable");
    assert_eq!(v["path"][0]["kind"], "internet");
    assert_eq!(v["path"][0]["leg"], "request");
    let legs: Vec<&str> = a.path().iter().map(|h| if h.leg == Leg::Request { "q" } else { "r" }).collect();
    assert!(legs.contains(&"r"), "the response leg is part of the path");
}

/// Grouping node pairs into classes (net::fanout) gives exactly the answer of walking every
/// pair, on every built-in scenario and the synthetic fan-outs, for every pair of endpoints.
#[test]
fn classes_of_pairs_give_the_answer_of_every_pair() {
    let mut docs: Vec<Scenario> =
        crate::scenarios::BUILT_IN.iter().map(|(_, text)| Scenario::from_json(text).unwrap()).collect();
    docs.push(crate::synth::lb_fanout(24, false).unwrap());
    docs.push(crate::synth::lb_fanout(24, true).unwrap());
    docs.push(crate::synth::fleet(40).unwrap());
    docs.push(load(&lab()));
    let mut compared = 0;
    for s in &docs {
        let topo = super::topology::Topology::new(s);
        let ends: Vec<&NodeId> = s.nodes.iter().filter(|n| super::is_endpoint(&n.spec)).map(|n| &n.id).collect();
        for from in &ends {
            for to in &ends {
                if from == to {
                    continue;
                }
                for flow in [Flow::tcp(80), Flow::tcp(443), Flow::tcp(22), Flow::udp(53), Flow::icmp()] {
                    let (mut a, mut b) = (0, 0);
                    let grouped = super::walk::reach_with(&topo, from, to, flow, &mut a, 2);
                    let every = super::walk::reach_with(&topo, from, to, flow, &mut b, usize::MAX);
                    assert_eq!(grouped, every, "{from} -> {to} {flow:?}");
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 1000);
}

/// The reproducer of the reliability issue (two NLBs with 1,000 nodes each, nothing gets
/// through): a handful of walks, not one per pair of nodes. Work units, not time.
#[test]
fn fan_out_walks_do_not_grow_with_pairs_of_nodes() {
    for open in [false, true] {
        let s = crate::synth::lb_fanout(1000, open).unwrap();
        let mut analyzer = super::Analyzer::new(&s);
        let answer = analyzer.reach(&"lb1".into(), &"lb2".into(), Flow::tcp(80)).unwrap();
        assert_eq!(answer.is_reachable(), open);
        assert!(analyzer.walks() <= 4, "{} walks", analyzer.walks());
    }
}

/// The same comparison on fan-outs whose subnets get pseudo-random network ACLs and whose
/// security group admits a pseudo-random block: classes must split exactly where answers do.
#[test]
fn classes_of_pairs_match_every_pair_on_mixed_fan_outs() {
    let mut x: u32 = 7;
    let mut next = move |n: u32| {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (x >> 16) % n
    };
    let mut reachable = 0;
    for _ in 0..40 {
        let mut doc: Value = serde_json::from_str(&crate::synth::lb_fanout(16, true).unwrap().to_json()).unwrap();
        let nodes = doc["nodes"].as_array_mut().unwrap();
        let block = format!("10.0.0.0/{}", 22 + next(6));
        nodes.push(json!({"id": "acl-deny", "kind": "network_acl", "vpc": "v",
            "inbound": [{"rule": 50, "action": "deny", "protocol": "tcp", "ports": "80", "cidr": block},
                        {"rule": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}],
            "outbound": [{"rule": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}]}));
        for n in nodes.iter_mut() {
            if n["kind"] == "subnet" {
                n["network_acl"] = match next(4) {
                    0 => json!("acl-closed"),
                    1 => json!("acl-deny"),
                    _ => Value::Null,
                };
            }
            if n["id"] == "sg" {
                let prefix = 24 + next(4);
                let offset = next(1 << (prefix - 24)) << (32 - prefix);
                n["inbound"][0]["cidr"] = json!(format!("10.0.{}.{offset}/{prefix}", next(2)));
            }
        }
        let s = load(&doc);
        let topo = super::topology::Topology::new(&s);
        for (from, to) in [("lb1", "lb2"), ("lb2", "lb1")] {
            let (mut a, mut b) = (0, 0);
            let grouped = super::walk::reach_with(&topo, &from.into(), &to.into(), Flow::tcp(80), &mut a, 2);
            let every = super::walk::reach_with(&topo, &from.into(), &to.into(), Flow::tcp(80), &mut b, usize::MAX);
            assert_eq!(grouped, every, "{from} -> {to}");
            reachable += usize::from(every.is_reachable());
        }
    }
    // Both answers occur, so the comparison covers finding a pair as well as finding none.
    assert!(reachable > 0 && reachable < 80, "{reachable}");
}

/// An Auto Scaling group answers for the instances it launches (issue #13: the
/// reachability tab could not pick "the web tier" of an Auto Scaling design): in each of
/// its subnets, with its security groups (EC2 Auto Scaling User Guide, "Launch templates":
/// instances take the group's network settings; VPC User Guide, "Security group rules": a
/// rule naming a group admits the network interfaces associated with it).
#[test]
fn an_auto_scaling_group_is_an_endpoint_with_its_subnets_and_groups() {
    let text = crate::scenarios::BUILT_IN.iter().find(|(n, _)| *n == "asg-az-outage").unwrap().1;
    let s = Scenario::from_json(text).unwrap();
    let ask = |from: &str, to: &str, flow: Flow| {
        let r = reach(&s, &from.into(), &to.into(), flow).unwrap();
        outcome(&r)
    };
    // The ALB's group is the web group's source on port 80.
    assert_eq!(ask("alb", "asg-web", Flow::tcp(80)), Ok(()));
    // Nothing else is: not SSH from the ALB, not the Internet (private subnets, no route).
    assert!(matches!(ask("alb", "asg-web", Flow::tcp(22)), Err((_, at)) if at == "sg-web"));
    assert!(ask("internet", "asg-web", Flow::tcp(80)).is_err());
    // The private subnets use the main route table, which has no route out.
    assert!(matches!(ask("asg-web", "internet", Flow::tcp(443)), Err((_, at)) if at == "rtb-main"));
}

/// The Topology's reading of "public" (what reachability walks), over every subnet it knows.
fn public_by_topology(s: &Scenario) -> std::collections::BTreeSet<NodeId> {
    let topo = super::topology::Topology::new(s);
    topo.subnets.iter().filter(|(_, view)| topo.is_public(view)).map(|(id, _)| (*id).clone()).collect()
}

/// A small network whose ids come from a pool of four, so that references hit, miss, point at
/// the wrong kind and collide: VPCs (default or not), route tables (main or not, with a
/// default route to some id), Internet gateways (attached or not) and subnets (associated or
/// not).
fn network() -> impl proptest::strategy::Strategy<Value = Scenario> {
    use proptest::prelude::*;
    let id = || (0u8..4).prop_map(|n| format!("x{n}"));
    let node = (0u8..4, id(), id(), id(), any::<bool>(), any::<bool>()).prop_map(|(kind, me, a, b, flag, other)| {
        match kind {
            0 => serde_json::json!({"id": me, "kind": "vpc", "region": "r", "cidr": "10.0.0.0/16", "is_default": flag}),
            1 => serde_json::json!({"id": me, "kind": "route_table", "vpc": a, "main": flag,
                "routes": [{"destination": if other { "0.0.0.0/0" } else { "10.9.0.0/16" }, "target": b}]}),
            2 => serde_json::json!({"id": me, "kind": "internet_gateway", "vpc": if flag { serde_json::Value::from(a) } else { serde_json::Value::Null }}),
            _ => serde_json::json!({"id": me, "kind": "subnet", "vpc": a, "az": "az", "cidr": "10.0.1.0/24",
                "route_table": if flag { serde_json::Value::from(b) } else { serde_json::Value::Null }}),
        }
    });
    proptest::collection::vec(node, 0..16).prop_filter_map("a document the model reads", |nodes| {
        let doc = serde_json::json!({"format": 1, "name": "p", "nodes": nodes});
        serde_json::from_value::<Scenario>(doc).ok()
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, ..Default::default() })]

    /// `public_subnets` (the diagram's, without building a topology) and the Topology (the
    /// walk's) call the same subnets public, however the references are broken.
    #[test]
    fn public_subnets_agree_with_the_topology(s in network()) {
        proptest::prop_assert_eq!(super::public_subnets(&s), public_by_topology(&s));
    }
}

/// And on every built-in example, some of which have public subnets.
#[test]
fn public_subnets_agree_with_the_topology_on_the_examples() {
    let mut some = 0;
    for (name, text) in crate::scenarios::BUILT_IN {
        let s = Scenario::from_json(text).unwrap();
        let lean = super::public_subnets(&s);
        some += lean.len();
        assert_eq!(lean, public_by_topology(&s), "{name}");
    }
    assert!(some > 10, "{some}");
}
