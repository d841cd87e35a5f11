//! Dropping palette components: one table row per AWS rule of `engine::create`, a walk through building a design from nothing, and a property test that no drop panics.

use engine::create::{create, Blueprint, DropTarget};
use engine::validate::{validate, Severity};
use engine::{Node, NodeId, Scenario};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::sync::OnceLock;

/// The two-tier example as JSON (scenarios/two-tier.json).
fn two_tier() -> Value {
    let text = engine::scenarios::BUILT_IN.iter().find(|(name, _)| *name == "two-tier").map(|(_, text)| *text);
    serde_json::from_str(text.expect("two-tier is built in")).expect("two-tier is JSON")
}

fn empty() -> Value {
    json!({"format": 1, "nodes": []})
}

/// A document with these nodes.
fn doc(nodes: Value) -> Value {
    json!({"format": 1, "nodes": nodes})
}

/// `base` with `nodes` appended.
fn plus(mut base: Value, nodes: Value) -> Value {
    if let (Some(list), Some(more)) = (base["nodes"].as_array_mut(), nodes.as_array()) {
        list.extend(more.iter().cloned());
    }
    base
}

/// A Seoul Region `r` with zone `az-a` and a VPC `v` with the given blocks.
fn seoul_vpc(cidr: &str, secondary: &[&str]) -> Vec<Value> {
    vec![
        json!({"id": "r", "kind": "region", "code": "ap-northeast-2"}),
        json!({"id": "az-a", "kind": "availability_zone", "region": "r", "zone": "ap-northeast-2a"}),
        json!({"id": "v", "kind": "vpc", "region": "r", "cidr": cidr, "secondary_cidrs": secondary}),
    ]
}

/// A /28 subnet `s28` of `v` whose 11 usable addresses are all taken by instances.
fn full_slash_28() -> Value {
    let mut nodes = seoul_vpc("10.0.0.0/16", &[]);
    nodes.push(json!({"id": "s28", "kind": "subnet", "vpc": "v", "az": "az-a", "cidr": "10.0.0.0/28"}));
    for host in 4..15 {
        nodes.push(json!({"id": format!("i{host}"), "kind": "instance", "instance_type": "t3.micro",
            "subnet": "s28", "private_ip": format!("10.0.0.{host}")}));
    }
    doc(Value::Array(nodes))
}

/// `seoul_vpc` plus a default security group `sg-d` and a private subnet `s`.
fn vpc_with_default_group() -> Value {
    let mut nodes = seoul_vpc("10.0.0.0/16", &[]);
    nodes.push(json!({"id": "sg-own", "kind": "security_group", "vpc": "v"}));
    nodes.push(json!({"id": "sg-d", "name": "default", "kind": "security_group", "vpc": "v"}));
    nodes.push(json!({"id": "s", "kind": "subnet", "vpc": "v", "az": "az-a", "cidr": "10.0.0.0/24"}));
    doc(Value::Array(nodes))
}

fn load(doc: &Value) -> Scenario {
    Scenario::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("fixture does not load: {e}"))
}

/// What a drop should give.
enum Expect {
    /// The created nodes, in order, each having these fields (`null`: the field is absent).
    Nodes(Value),
    /// Refused, with this in the English message.
    Refused(&'static str),
}

struct Case {
    /// The AWS rule (and where it comes from) the row checks.
    rule: &'static str,
    doc: Value,
    what: Blueprint,
    container: Option<&'static str>,
    az: Option<&'static str>,
    expect: Expect,
}

fn case(rule: &'static str, doc: Value, what: Blueprint, container: Option<&'static str>, expect: Expect) -> Case {
    Case { rule, doc, what, container, az: None, expect }
}

use Blueprint as B;
use Expect::{Nodes, Refused};

fn cases() -> Vec<Case> {
    let nacl_all = json!([{"rule": 100, "action": "allow", "protocol": "all", "ports": "all", "cidr": "0.0.0.0/0"}]);
    vec![
        // Regions.
        case("Region: on the empty canvas, Seoul first, with zones a and c (EC2 User Guide, Regions and Zones)", empty(), B::Region, None, Nodes(json!([
            {"id": "region-1", "kind": "region", "code": "ap-northeast-2", "name": "Asia Pacific (Seoul)"},
            {"id": "az-1", "kind": "availability_zone", "region": "region-1", "zone": "ap-northeast-2a"},
            {"id": "az-2", "kind": "availability_zone", "region": "region-1", "zone": "ap-northeast-2c"},
        ]))),
        case("Region: the next code not in use, zones a and b", two_tier(), B::Region, None, Nodes(json!([
            {"id": "region-1", "kind": "region", "code": "us-east-1"},
            {"id": "az-1", "zone": "us-east-1a"},
            {"id": "az-2", "zone": "us-east-1b"},
        ]))),
        case("Region: the outermost container, never inside another", two_tier(), B::Region, Some("vpc-main"), Refused("empty canvas")),
        // VPCs.
        case("VPC: CreateVpc adds a local-only main route table, an allow-all default ACL and a self-referencing default SG; 10.0.0.0/16 is taken so 10.1.0.0/16 (VPC User Guide)",
            two_tier(), B::Vpc, Some("region-seoul"), Nodes(json!([
            {"id": "vpc-1", "name": "vpc-1", "kind": "vpc", "region": "region-seoul", "cidr": "10.1.0.0/16", "secondary_cidrs": null, "is_default": null},
            {"id": "rtb-1", "kind": "route_table", "vpc": "vpc-1", "main": true, "routes": []},
            {"id": "acl-1", "kind": "network_acl", "vpc": "vpc-1", "default": true, "inbound": nacl_all, "outbound": nacl_all},
            {"id": "sg-1", "name": "default", "kind": "security_group", "vpc": "vpc-1",
             "inbound": [{"protocol": "all", "ports": "all", "group": "sg-1", "cidr": null}],
             "outbound": [{"protocol": "all", "ports": "all", "cidr": "0.0.0.0/0", "group": null}]},
        ]))),
        case("VPC: the first 10.N.0.0/16 on an empty Region is 10.0.0.0/16", doc(json!([{"id": "r", "kind": "region", "code": "us-east-1"}])),
            B::Vpc, Some("r"), Nodes(json!([{"id": "vpc-1", "cidr": "10.0.0.0/16"}, {}, {}, {}]))),
        case("VPC: a block overlapping a secondary block is skipped too (peering needs disjoint blocks)",
            plus(two_tier(), json!([{"id": "v2", "kind": "vpc", "region": "region-seoul", "cidr": "10.2.0.0/16", "secondary_cidrs": ["10.1.0.0/24"]}])),
            B::Vpc, Some("region-seoul"), Nodes(json!([{"cidr": "10.3.0.0/16"}, {}, {}, {}]))),
        case("VPC: dropped on a subnet, it goes to the subnet's Region", two_tier(), B::Vpc, Some("subnet-private-a"),
            Nodes(json!([{"region": "region-seoul", "cidr": "10.1.0.0/16"}, {}, {}, {}]))),
        case("VPC: lives in a Region, not on the empty canvas", two_tier(), B::Vpc, None, Refused("inside a Region")),
        case("VPC: the Internet is not a container", two_tier(), B::Vpc, Some("internet"), Refused("not a container")),
        // Subnets.
        Case { az: Some("az-c"), ..case("Subnet: in the AZ lane under the pointer, first free /24, main route table (VPC User Guide, Subnet CIDR blocks)",
            two_tier(), B::Subnet, Some("vpc-main"), Nodes(json!([
            {"id": "subnet-1", "kind": "subnet", "vpc": "vpc-main", "az": "az-c", "cidr": "10.0.2.0/24",
             "route_table": null, "network_acl": null, "map_public_ip_on_launch": null},
        ]))) },
        case("Subnet: without a lane, the Region's first AZ", two_tier(), B::Subnet, Some("vpc-main"), Nodes(json!([{"az": "az-a"}]))),
        case("Subnet: a smaller VPC gives one subnet of its own size", doc(json!(seoul_vpc("10.0.0.0/26", &[]))),
            B::Subnet, Some("v"), Nodes(json!([{"cidr": "10.0.0.0/26", "az": "az-a"}]))),
        case("Subnet: a secondary block is used when the primary is full", plus(doc(json!(seoul_vpc("10.0.0.0/24", &["10.1.0.0/16"]))),
            json!([{"id": "s0", "kind": "subnet", "vpc": "v", "az": "az-a", "cidr": "10.0.0.0/24"}])),
            B::Subnet, Some("v"), Nodes(json!([{"cidr": "10.1.0.0/24"}]))),
        case("Subnet: large subnets in the way are skipped in one step", plus(doc(json!(seoul_vpc("10.0.0.0/16", &[]))),
            json!([{"id": "s0", "kind": "subnet", "vpc": "v", "az": "az-a", "cidr": "10.0.0.0/17"},
                   {"id": "s1", "kind": "subnet", "vpc": "v", "az": "az-a", "cidr": "10.0.128.0/24"}])),
            B::Subnet, Some("v"), Nodes(json!([{"cidr": "10.0.129.0/24"}]))),
        case("Subnet: a full VPC refuses", plus(doc(json!(seoul_vpc("10.0.0.0/24", &[]))),
            json!([{"id": "s0", "kind": "subnet", "vpc": "v", "az": "az-a", "cidr": "10.0.0.0/24"}])),
            B::Subnet, Some("v"), Refused("is full")),
        case("Subnet: in a Region without AZ nodes, its first zone is created (a subnet lies in exactly one AZ)",
            doc(json!([{"id": "r", "kind": "region", "code": "ap-northeast-2"}, {"id": "v", "kind": "vpc", "region": "r", "cidr": "10.0.0.0/16"}])),
            B::Subnet, Some("v"), Nodes(json!([
                {"id": "subnet-1", "vpc": "v", "az": "az-1", "cidr": "10.0.0.0/24"},
                {"id": "az-1", "kind": "availability_zone", "region": "r", "zone": "ap-northeast-2a"},
            ]))),
        case("Subnets cannot nest", two_tier(), B::Subnet, Some("subnet-public-a"), Refused("cannot nest")),
        case("Subnet: part of a VPC, not of a bare Region", two_tier(), B::Subnet, Some("region-seoul"), Refused("inside a VPC")),
        // Internet gateways.
        case("Internet gateway: attached to the VPC dropped onto", doc(json!(seoul_vpc("10.0.0.0/16", &[]))),
            B::InternetGateway, Some("v"), Nodes(json!([{"id": "igw-1", "kind": "internet_gateway", "vpc": "v"}]))),
        case("Internet gateway: one per VPC, AttachInternetGateway fails with Resource.AlreadyAssociated", two_tier(),
            B::InternetGateway, Some("vpc-main"), Refused("Resource.AlreadyAssociated")),
        case("Internet gateway: dropped on a subnet, it attaches to (and is refused by) the subnet's VPC", two_tier(),
            B::InternetGateway, Some("subnet-private-a"), Refused("only one Internet gateway")),
        case("Internet gateway: attaches to a VPC, not a Region", two_tier(), B::InternetGateway, Some("region-seoul"), Refused("attaches to a VPC")),
        // NAT gateways.
        case("NAT gateway: in a subnet, with an Elastic IP from TEST-NET-3 (VPC User Guide, NAT gateway basics)", two_tier(),
            B::NatGateway, Some("subnet-public-a"), Nodes(json!([{"id": "nat-1", "kind": "nat_gateway", "subnet": "subnet-public-a", "elastic_ip": "203.0.113.1"}]))),
        case("NAT gateway: an Elastic IP in use is skipped",
            plus(two_tier(), json!([{"id": "nat-x", "kind": "nat_gateway", "subnet": "subnet-public-c", "elastic_ip": "203.0.113.1"}])),
            B::NatGateway, Some("subnet-public-a"), Nodes(json!([{"id": "nat-1", "elastic_ip": "203.0.113.2"}]))),
        case("NAT gateway: a private subnet is accepted here; validate explains it", two_tier(),
            B::NatGateway, Some("subnet-private-a"), Nodes(json!([{"subnet": "subnet-private-a"}]))),
        case("NAT gateway: lives in a subnet", two_tier(), B::NatGateway, Some("vpc-main"), Refused("inside a subnet")),
        // Instances.
        case("Instance: the first address after the four AWS reserves, 10.0.10.4; no public IP in a private subnet; the VPC's (implicit) default SG",
            two_tier(), B::Instance, Some("subnet-private-a"), Nodes(json!([
            {"id": "i-1", "kind": "instance", "instance_type": "t3.micro", "subnet": "subnet-private-a",
             "private_ip": "10.0.10.4", "public_ip": null, "security_groups": [], "source_dest_check": null},
        ]))),
        case("Instance: an address in use is skipped",
            plus(two_tier(), json!([{"id": "i-x", "kind": "instance", "instance_type": "t3.micro", "subnet": "subnet-private-a", "private_ip": "10.0.10.4"}])),
            B::Instance, Some("subnet-private-a"), Nodes(json!([{"private_ip": "10.0.10.5"}]))),
        case("Instance: an instance without an address holds the first free one (as net assigns it)",
            plus(two_tier(), json!([{"id": "i-x", "kind": "instance", "instance_type": "t3.micro", "subnet": "subnet-private-a"}])),
            B::Instance, Some("subnet-private-a"), Nodes(json!([{"private_ip": "10.0.10.5"}]))),
        case("Instance: a subnet that auto-assigns public IPv4 gives one", two_tier(), B::Instance, Some("subnet-public-a"),
            Nodes(json!([{"private_ip": "10.0.0.4", "public_ip": "203.0.113.1"}]))),
        case("Instance: RunInstances without groups uses the VPC's default security group", vpc_with_default_group(),
            B::Instance, Some("s"), Nodes(json!([{"security_groups": ["sg-d"]}]))),
        case("Instance: a full /28 (11 usable) refuses with InsufficientFreeAddressesInSubnet", full_slash_28(),
            B::Instance, Some("s28"), Refused("InsufficientFreeAddressesInSubnet")),
        case("Instance: runs in a subnet", two_tier(), B::Instance, Some("vpc-main"), Refused("runs in a subnet")),
        // Auto Scaling groups.
        case("Auto Scaling group: the subnet dropped onto and the same tier in the other AZs, a launch template (EC2 Auto Scaling User Guide)",
            two_tier(), B::AutoScalingGroup, Some("subnet-private-a"), Nodes(json!([
            {"id": "asg-1", "kind": "auto_scaling_group", "subnets": ["subnet-private-a", "subnet-private-c"],
             "instance_type": "t3.micro", "launch_template": {"name": "web", "version": 1}, "min": 1, "max": 4, "desired": 2,
             "health_check_type": "EC2"},
        ]))),
        case("Auto Scaling group: launches into subnets", two_tier(), B::AutoScalingGroup, Some("vpc-main"),
            Refused("drop it inside a subnet")),
        // Load balancers.
        case("ALB: one subnet per AZ, public ones preferred, internet-facing, default SG, no targets (ELB User Guide)", two_tier(),
            B::Alb, Some("vpc-main"), Nodes(json!([
            {"id": "alb-1", "kind": "load_balancer", "type": "alb", "scheme": "internet-facing",
             "subnets": ["subnet-public-a", "subnet-public-c"], "security_groups": [], "targets": []},
        ]))),
        case("ALB: the subnet dropped onto is kept for its AZ", two_tier(), B::Alb, Some("subnet-private-c"),
            Nodes(json!([{"subnets": ["subnet-public-a", "subnet-private-c"]}]))),
        case("ALB: the VPC's default security group", vpc_with_default_group(), B::Alb, Some("v"),
            Nodes(json!([{"subnets": ["s"], "security_groups": ["sg-d"]}]))),
        case("NLB: no security group unless one is given (ELB User Guide, NLB security groups)", vpc_with_default_group(), B::Nlb, Some("s"),
            Nodes(json!([{"id": "nlb-1", "type": "nlb", "subnets": ["s"], "security_groups": []}]))),
        case("Load balancer: lives in a VPC", two_tier(), B::Nlb, Some("region-seoul"), Refused("lives in a VPC")),
        // Virtual private gateways.
        case("VPN gateway: attached to the VPC dropped onto", two_tier(), B::VpnGateway, Some("subnet-public-a"),
            Nodes(json!([{"id": "vgw-1", "kind": "vpn_gateway", "vpc": "vpc-main"}]))),
        case("VPN gateway: outside a VPC, it is created unattached", two_tier(), B::VpnGateway, Some("region-seoul"),
            Nodes(json!([{"id": "vgw-1", "vpc": null}]))),
        case("VPN gateway: one attached per VPC (EC2 API AttachVpnGateway)",
            plus(two_tier(), json!([{"id": "vgw-x", "kind": "vpn_gateway", "vpc": "vpc-main"}])),
            B::VpnGateway, Some("vpc-main"), Refused("only one")),
        // Outside AWS.
        case("Internet: on the empty canvas", empty(), B::Internet, None, Nodes(json!([{"id": "internet", "kind": "internet"}]))),
        case("Internet: there is only one", two_tier(), B::Internet, None, Refused("only one")),
        case("Internet: outside every Region", empty(), B::Internet, Some("nowhere"), Refused("no element")),
        case("On-premises: 192.168.0.0/16 by default", two_tier(), B::OnPremises, None,
            Nodes(json!([{"id": "onprem-1", "kind": "on_premises", "cidr": "192.168.0.0/16"}]))),
        case("On-premises: a range overlapping a VPC is skipped",
            plus(two_tier(), json!([{"id": "v2", "kind": "vpc", "region": "region-seoul", "cidr": "192.168.0.0/20"}])),
            B::OnPremises, None, Nodes(json!([{"cidr": "172.16.0.0/16"}]))),
        case("On-premises: outside every Region", two_tier(), B::OnPremises, Some("region-seoul"), Refused("outside every Region")),
        // Broken drops and documents.
        case("A container that does not exist is refused", two_tier(), B::Instance, Some("subnet-gone"), Refused("no element 'subnet-gone'")),
        case("A resource is not a container", two_tier(), B::Instance, Some("i-web-a"), Refused("not a container")),
        case("A subnet whose VPC is missing cannot take a gateway",
            plus(two_tier(), json!([{"id": "lost", "kind": "subnet", "vpc": "vpc-gone", "az": "az-a", "cidr": "10.9.0.0/24"}])),
            B::InternetGateway, Some("lost"), Refused("no such VPC")),
        case("... but an instance still runs in it",
            plus(two_tier(), json!([{"id": "lost", "kind": "subnet", "vpc": "vpc-gone", "az": "az-a", "cidr": "10.9.0.0/24"}])),
            B::Instance, Some("lost"), Nodes(json!([{"private_ip": "10.9.0.4", "security_groups": []}]))),
        case("A VPC whose Region is missing cannot take a subnet",
            plus(two_tier(), json!([{"id": "v2", "kind": "vpc", "region": "region-gone", "cidr": "10.5.0.0/16"}])),
            B::Subnet, Some("v2"), Refused("no such Region")),
    ]
}

/// Whether `actual` has every field of `expected` (`null`: absent), recursively; arrays match
/// element by element and must have the same length.
fn has_fields(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e.iter().all(|(k, v)| match a.get(k) {
            None => v.is_null(),
            Some(got) => has_fields(got, v),
        }),
        (Value::Array(a), Value::Array(e)) => a.len() == e.len() && a.iter().zip(e).all(|(x, y)| has_fields(x, y)),
        _ => actual == expected,
    }
}

/// The scenario with `nodes` added, as the web app applies them.
fn applied(s: &Scenario, nodes: &[Node]) -> Scenario {
    let mut out = s.clone();
    out.nodes.extend(nodes.iter().cloned());
    out
}

fn error_codes(s: &Scenario) -> Vec<String> {
    let mut codes: Vec<String> = validate(s)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.code, d.target))
        .collect();
    engine::sort::sort_by(&mut codes, Ord::cmp);
    codes
}

#[test]
fn each_rule_of_create() {
    let mut failures = Vec::new();
    for c in cases() {
        let s = load(&c.doc);
        let (container, az) = (c.container.map(NodeId::from), c.az.map(NodeId::from));
        let at = DropTarget { container: container.as_ref(), az: az.as_ref() };
        let got = create(&s, c.what, at);
        assert_eq!(got, create(&s, c.what, at), "{}: deterministic", c.rule);
        match (&c.expect, got) {
            (Nodes(expected), Ok(nodes)) => {
                let json = serde_json::to_value(&nodes).unwrap_or_default();
                if !has_fields(&json, expected) {
                    failures.push(format!("{}:\n  expected {expected}\n  got      {json}", c.rule));
                    continue;
                }
                assert_eq!(nodes[0].spec_kind(), c.what.kind().name(), "{}: the dropped component comes first", c.rule);
                let after = applied(&s, &nodes);
                let reloaded = Scenario::from_json(&after.to_json());
                assert_eq!(reloaded.as_ref(), Ok(&after), "{}: round-trips (ids unique)", c.rule);
            }
            (Refused(part), Err(message)) => {
                if !message.en().contains(part) || message.ko().is_empty() {
                    failures.push(format!("{}: refused with {message:?}, expected '{part}'", c.rule));
                }
            }
            (_, got) => failures.push(format!("{}: got {got:?}", c.rule)),
        }
    }
    assert!(failures.is_empty(), "{} rule(s) failed:\n{}", failures.len(), failures.join("\n"));
}

/// The `kind` of a node as JSON names it.
trait SpecKind {
    fn spec_kind(&self) -> String;
}

impl SpecKind for Node {
    fn spec_kind(&self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v["kind"].as_str().map(str::to_string)).unwrap_or_default()
    }
}

/// The zone lane decides a subnet's AZ when it is a zone of the VPC's Region; a lane of
/// another Region (a subnet cannot leave its VPC's Region) falls back to the Region's first.
#[test]
fn subnet_takes_the_zone_lane_of_its_region_only() {
    let s = load(&plus(
        two_tier(),
        json!([{"id": "r2", "kind": "region", "code": "us-east-1"},
               {"id": "az-x", "kind": "availability_zone", "region": "r2", "zone": "us-east-1a"}]),
    ));
    let vpc = NodeId::from("vpc-main");
    for (lane, zone) in [("az-c", "az-c"), ("az-a", "az-a"), ("az-x", "az-a"), ("no-such-az", "az-a")] {
        let lane = NodeId::from(lane);
        let nodes = create(&s, B::Subnet, DropTarget { container: Some(&vpc), az: Some(&lane) }).expect("created");
        match &nodes[0].spec {
            engine::Spec::Subnet { az, .. } => assert_eq!(az.as_str(), zone, "lane {lane}"),
            other => panic!("{other:?}"),
        }
    }
}

/// Building a design from nothing, one drop at a time, never adds a validation error
/// (except the one AWS would raise for a one-AZ ALB) and every step reloads.
#[test]
fn a_design_built_by_dropping_is_valid() {
    let mut s = load(&empty());
    let mut place = |what: Blueprint, container: Option<&str>, expect_errors: &[&str]| -> Vec<NodeId> {
        let container = container.map(NodeId::from);
        let before = error_codes(&s);
        let nodes = create(&s, what, DropTarget { container: container.as_ref(), az: None })
            .unwrap_or_else(|e| panic!("{what:?} in {container:?}: {}", e.en()));
        s = applied(&s, &nodes);
        let after: Vec<String> = error_codes(&s).into_iter().filter(|c| !before.contains(c)).collect();
        let unexpected: Vec<&String> =
            after.iter().filter(|c| !expect_errors.iter().any(|e| c.starts_with(e))).collect();
        assert!(unexpected.is_empty(), "{what:?} added errors {unexpected:?}");
        assert_eq!(Scenario::from_json(&s.to_json()).as_ref(), Ok(&s));
        nodes.into_iter().map(|n| n.id).collect()
    };
    place(B::Internet, None, &[]);
    let region = place(B::Region, None, &[]);
    let vpc = place(B::Vpc, Some(region[0].as_str()), &[]);
    let sub_a = place(B::Subnet, Some(vpc[0].as_str()), &[]);
    place(B::InternetGateway, Some(vpc[0].as_str()), &[]);
    place(B::NatGateway, Some(sub_a[0].as_str()), &[]);
    let web = place(B::Instance, Some(sub_a[0].as_str()), &[]);
    let alb = place(B::Alb, Some(sub_a[0].as_str()), &["Stratus.LoadBalancer.TwoAzs"]);
    place(B::Nlb, Some(vpc[0].as_str()), &[]);
    place(B::VpnGateway, Some(vpc[0].as_str()), &[]);
    place(B::OnPremises, None, &[]);
    let other = place(B::Vpc, Some(region[0].as_str()), &[]);
    place(B::Subnet, Some(other[0].as_str()), &[]);
    assert_eq!(web, [NodeId::from("i-1")]);
    assert_eq!(alb, [NodeId::from("alb-1")]);
    // The instance got the new VPC's default security group, which AWS created with the VPC.
    let web = s.node(&web[0]).map(|n| &n.spec);
    assert!(
        matches!(web, Some(engine::Spec::Instance { security_groups, .. }) if security_groups == &[NodeId::from("sg-1")])
    );
    let ids: Vec<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "internet", "region-1", "az-1", "az-2", "vpc-1", "rtb-1", "acl-1", "sg-1", "subnet-1", "igw-1", "nat-1",
            "i-1", "alb-1", "nlb-1", "vgw-1", "onprem-1", "vpc-2", "rtb-2", "acl-2", "sg-2", "subnet-2"
        ]
    );
}

/// Ids avoid the layout's keys too, so a stale layout entry never places a new node.
#[test]
fn ids_skip_layout_entries() {
    let mut doc = doc(json!(seoul_vpc("10.0.0.0/16", &[])));
    doc["layout"] = json!({"igw-1": {"x": 0, "y": 0}});
    let s = load(&doc);
    let v = NodeId::from("v");
    let nodes = create(&s, B::InternetGateway, DropTarget { container: Some(&v), az: None }).expect("created");
    assert_eq!(nodes[0].id.as_str(), "igw-2");
}

#[test]
fn blueprints_name_their_json_kinds() {
    for what in Blueprint::ALL {
        let name = serde_json::to_value(what).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let kind = what.kind().name();
        assert!(name == kind || kind == "load_balancer" && (name == "alb" || name == "nlb"), "{name} -> {kind}");
        let back: Blueprint = serde_json::from_value(json!(name)).expect("round-trips");
        assert_eq!(back, what);
    }
}

/// The built-in scenario files, parsed once.
fn files() -> &'static [Scenario] {
    static FILES: OnceLock<Vec<Scenario>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("scenarios/ is readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        engine::sort::sort_by(&mut paths, Ord::cmp);
        paths
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("readable");
                Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// create() never panics for any blueprint dropped on any node (or a missing one) of any
    /// scenario file, even with some nodes removed so that references dangle; what it creates
    /// reloads, and the same drop gives the same nodes.
    #[test]
    fn create_never_panics(
        file in any::<prop::sample::Index>(),
        what in prop::sample::select(Blueprint::ALL.to_vec()),
        container in prop::option::of(any::<prop::sample::Index>()),
        az in prop::option::of(any::<prop::sample::Index>()),
        removed in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
    ) {
        let mut s = file.get(files()).clone();
        for r in removed {
            if !s.nodes.is_empty() {
                let i = r.index(s.nodes.len());
                s.nodes.remove(i);
            }
        }
        // Ids of the remaining nodes, plus one that names nothing.
        let mut ids: Vec<NodeId> = s.nodes.iter().map(|n| n.id.clone()).collect();
        ids.push(NodeId::from("gone"));
        let container = container.map(|i| i.get(&ids).clone());
        let az = az.map(|i| i.get(&ids).clone());
        let at = DropTarget { container: container.as_ref(), az: az.as_ref() };
        let got = create(&s, what, at);
        prop_assert_eq!(&got, &create(&s, what, at));
        match got {
            Ok(nodes) => {
                prop_assert!(!nodes.is_empty());
                prop_assert_eq!(nodes[0].spec_kind(), what.kind().name());
                let after = applied(&s, &nodes);
                prop_assert_eq!(Scenario::from_json(&after.to_json()), Ok(after));
            }
            Err(message) => prop_assert!(!message.en().is_empty() && !message.ko().is_empty()),
        }
    }
}

/// Rules for the regional and global services: a bucket lives in a Region outside every VPC
/// (S3 User Guide, "Buckets overview"); CloudFront and Route 53 are global; a distribution
/// needs an origin (CreateDistribution); a DB subnet group covers two AZs.
#[test]
fn regional_and_global_services_go_where_aws_puts_them() {
    let s = load(&two_tier());
    let at = |id: Option<&str>, what: Blueprint| {
        let id = id.map(NodeId::from);
        create(&s, what, DropTarget { container: id.as_ref(), az: None })
    };
    let refused = |r: Result<Vec<Node>, engine::Msg>, needle: &str| {
        let why = r.expect_err("refused");
        assert!(why.en().contains(needle), "{} lacks {needle}", why.en());
        assert!(!why.ko().is_empty());
    };
    refused(at(Some("vpc-main"), B::S3Bucket), "not inside a VPC");
    refused(at(None, B::S3Bucket), "drop it inside a Region");
    assert!(matches!(at(Some("region-seoul"), B::S3Bucket).unwrap()[0].spec, engine::Spec::S3Bucket { .. }));
    refused(at(Some("region-seoul"), B::Cloudfront), "global service");
    refused(at(Some("vpc-main"), B::Route53), "global service");
    assert!(at(None, B::Cloudfront).is_ok(), "the ALB is an origin");
    refused(create(&load(&empty()), B::Cloudfront, DropTarget::default()), "needs an origin");
    let dns = create(&load(&empty()), B::Route53, DropTarget::default()).expect("a record without values yet");
    assert!(matches!(&dns[0].spec, engine::Spec::Route53Record { values, .. } if values.is_empty()));
    refused(at(None, B::Rds), "private subnet");
    let db = at(Some("subnet-private-c"), B::Rds).expect("two private subnets in two AZs");
    assert!(matches!(&db[0].spec, engine::Spec::RdsInstance { subnets, .. } if subnets.len() == 2));
}
