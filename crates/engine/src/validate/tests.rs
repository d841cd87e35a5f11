//! Table-driven tests of the validation rules: each case names the AWS rule, and each table its source.

use super::*;
use crate::testkit::{lab, load, set, without, zone_c_subnet};
use serde_json::{json, Value};

struct Case {
    rule: &'static str,
    doc: Value,
    code: &'static str,
    target: &'static str,
    severity: Severity,
}

fn case(rule: &'static str, doc: Value, code: &'static str, target: &'static str, severity: Severity) -> Case {
    Case { rule, doc, code, target, severity }
}

fn check(cases: Vec<Case>) {
    for c in cases {
        let found = validate(&load(&c.doc));
        let hit = found.iter().find(|d| d.code == c.code && d.target.as_str() == c.target);
        let Some(d) = hit else {
            panic!("{}: expected {} on {}, got {:#?}", c.rule, c.code, c.target, found);
        };
        assert_eq!(d.severity, c.severity, "{}", c.rule);
        assert!(!d.message.en().is_empty() && !d.message.ko().is_empty(), "{}", c.rule);
        assert!(!d.hint.en().is_empty() && !d.hint.ko().is_empty(), "{}", c.rule);
        assert!(d.source.starts_with("https://") || d.source.starts_with("docs/"), "{}", c.rule);
    }
}

fn instance(subnet: &str, ip: &str) -> Value {
    json!({"kind": "instance", "instance_type": "t3.micro", "subnet": subnet, "private_ip": ip, "security_groups": ["sg-open"]})
}

#[test]
fn the_lab_is_clean() {
    assert_eq!(validate(&load(&lab())), vec![]);
}

/// VPC User Guide, "VPC CIDR blocks" and "Subnet CIDR blocks" (aws-facts.md §5): blocks are
/// /16-/28; secondary blocks do not overlap; subnets lie inside a VPC block, do not overlap,
/// and live in an AZ of the VPC's Region.
#[test]
fn cidr_rules() {
    use Severity::Error;
    check(vec![
        case(
            "VPC block larger than /16",
            set(lab(), "vpc", json!({"cidr": "10.0.0.0/8"})),
            "InvalidVpc.Range",
            "vpc",
            Error,
        ),
        case(
            "VPC block smaller than /28",
            set(lab(), "vpc-2", json!({"kind": "vpc", "region": "r", "cidr": "10.9.0.0/29"})),
            "InvalidVpc.Range",
            "vpc-2",
            Error,
        ),
        case(
            "secondary overlaps primary",
            set(lab(), "vpc", json!({"secondary_cidrs": ["10.0.128.0/17"]})),
            "InvalidVpc.Range",
            "vpc",
            Error,
        ),
        case(
            "subnet outside the VPC",
            set(lab(), "private", json!({"cidr": "10.1.1.0/24"})),
            "InvalidSubnet.Range",
            "private",
            Error,
        ),
        case(
            "subnet larger than /16",
            set(lab(), "private", json!({"cidr": "10.0.0.0/15"})),
            "InvalidSubnet.Range",
            "private",
            Error,
        ),
        case(
            "subnet smaller than /28",
            set(lab(), "private", json!({"cidr": "10.0.1.0/29"})),
            "InvalidSubnet.Range",
            "private",
            Error,
        ),
        case(
            "subnets overlap",
            set(lab(), "private", json!({"cidr": "10.0.0.128/25"})),
            "InvalidSubnet.Conflict",
            "private",
            Error,
        ),
        case(
            "AZ of another Region",
            set(
                set(lab(), "r2", json!({"kind": "region", "code": "us-east-1"})),
                "az-a",
                json!({"region": "r2", "zone": "us-east-1a"}),
            ),
            "InvalidParameterValue",
            "public",
            Error,
        ),
        case(
            "zone name not of its Region",
            set(lab(), "az-a", json!({"zone": "us-east-1a"})),
            "InvalidZone.NotFound",
            "az-a",
            Error,
        ),
    ]);
    // A subnet in a secondary block is fine.
    let secondary = set(
        set(lab(), "vpc", json!({"secondary_cidrs": ["100.64.0.0/16"]})),
        "extra",
        json!({"kind": "subnet", "vpc": "vpc", "az": "az-a", "cidr": "100.64.1.0/24"}),
    );
    assert_eq!(validate(&load(&secondary)), vec![]);
}

/// References name existing nodes of the right kind; a broken one is an error, never a panic.
/// Codes from the EC2 API error list (errors-overview.html).
#[test]
fn dangling_references() {
    use Severity::Error;
    check(vec![
        case(
            "unknown VPC",
            set(lab(), "private", json!({"vpc": "vpc-gone"})),
            "InvalidVpcID.NotFound",
            "private",
            Error,
        ),
        case(
            "a subnet where a VPC belongs",
            set(lab(), "private", json!({"vpc": "public"})),
            "InvalidVpcID.NotFound",
            "private",
            Error,
        ),
        case("unknown AZ", set(lab(), "private", json!({"az": "az-z"})), "InvalidZone.NotFound", "private", Error),
        case(
            "unknown route table",
            set(lab(), "private", json!({"route_table": "rtb-gone"})),
            "InvalidRouteTableID.NotFound",
            "private",
            Error,
        ),
        case(
            "unknown network ACL",
            set(lab(), "private", json!({"network_acl": "acl-gone"})),
            "InvalidNetworkAclID.NotFound",
            "private",
            Error,
        ),
        case(
            "unknown subnet",
            set(lab(), "i-priv", json!({"subnet": "gone"})),
            "InvalidSubnetID.NotFound",
            "i-priv",
            Error,
        ),
        case(
            "unknown security group",
            set(lab(), "i-priv", json!({"security_groups": ["sg-gone"]})),
            "InvalidGroup.NotFound",
            "i-priv",
            Error,
        ),
        case(
            "unknown route target",
            set(lab(), "rtb-private", json!({"routes": [{"destination": "0.0.0.0/0", "target": "gone"}]})),
            "InvalidGatewayID.NotFound",
            "rtb-private",
            Error,
        ),
        case("unknown Region", set(lab(), "vpc", json!({"region": "mars"})), "InvalidRegion", "vpc", Error),
        case(
            "VPN to nothing",
            set(lab(), "vpn", json!({"kind": "vpn_connection", "vpn_gateway": "x", "on_premises": "y"})),
            "InvalidVpnGatewayID.NotFound",
            "vpn",
            Error,
        ),
    ]);
}

/// VPC User Guide, "Route tables" and "Route table options"; EC2 errors (aws-facts.md §5):
/// one route per destination; targets of the table's VPC; nothing more specific than local
/// except a middlebox; one main table per VPC.
#[test]
fn route_rules() {
    use Severity::*;
    let other_vpc = set(
        set(lab(), "vpc-2", json!({"kind": "vpc", "region": "r", "cidr": "10.9.0.0/16"})),
        "igw-2",
        json!({"kind": "internet_gateway", "vpc": "vpc-2"}),
    );
    check(vec![
        case(
            "duplicate destination",
            set(
                lab(),
                "rtb-public",
                json!({"routes": [{"destination": "0.0.0.0/0", "target": "igw"}, {"destination": "0.0.0.0/0", "target": "nat"}]}),
            ),
            "RouteAlreadyExists",
            "rtb-public",
            Error,
        ),
        case(
            "target of another VPC",
            set(other_vpc, "rtb-public", json!({"routes": [{"destination": "0.0.0.0/0", "target": "igw-2"}]})),
            "InvalidParameterValue",
            "rtb-public",
            Error,
        ),
        case(
            "target is not a gateway",
            set(lab(), "rtb-public", json!({"routes": [{"destination": "0.0.0.0/0", "target": "private"}]})),
            "InvalidParameterValue",
            "rtb-public",
            Error,
        ),
        case(
            "more specific than local",
            set(lab(), "rtb-public", json!({"routes": [{"destination": "10.0.1.0/24", "target": "igw"}]})),
            "InvalidParameterValue",
            "rtb-public",
            Error,
        ),
        case(
            "two main tables",
            set(lab(), "rtb-public", json!({"main": true})),
            "Stratus.RouteTable.MainNotUnique",
            "rtb-public",
            Error,
        ),
        case(
            "NAT instance with source/destination check on",
            set(
                set(lab(), "i-nat", instance("public", "10.0.0.5")),
                "rtb-private",
                json!({"routes": [{"destination": "0.0.0.0/0", "target": "i-nat"}]}),
            ),
            "Stratus.NatInstance.SourceDestCheck",
            "i-nat",
            Warning,
        ),
    ]);
    // A middlebox may take a route as specific as a VPC block.
    let middlebox = set(
        lab(),
        "rtb-public",
        json!({"routes": [{"destination": "0.0.0.0/0", "target": "igw"}, {"destination": "10.0.1.0/24", "target": "nat"}]}),
    );
    assert_eq!(validate(&load(&middlebox)), vec![]);
}

/// Gateways: one Internet gateway and one virtual private gateway per VPC (EC2
/// `Resource.AlreadyAssociated`, `InvalidVpcState`); a public NAT gateway needs an Elastic IP
/// and a public subnet; a public address needs an Internet gateway (`Gateway.NotAttached`).
/// Sources: VPC User Guide, "Internet gateways", "NAT gateways" (aws-facts.md §5).
#[test]
fn gateway_rules() {
    use Severity::*;
    let no_igw = without(set(lab(), "rtb-public", json!({"routes": []})), "igw");
    check(vec![
        case(
            "second Internet gateway",
            set(lab(), "igw-2", json!({"kind": "internet_gateway", "vpc": "vpc"})),
            "Resource.AlreadyAssociated",
            "igw-2",
            Error,
        ),
        case(
            "second virtual private gateway",
            set(
                set(lab(), "vgw", json!({"kind": "vpn_gateway", "vpc": "vpc"})),
                "vgw-2",
                json!({"kind": "vpn_gateway", "vpc": "vpc"}),
            ),
            "InvalidVpcState",
            "vgw-2",
            Error,
        ),
        case(
            "NAT gateway without Elastic IP",
            set(lab(), "nat", json!({"elastic_ip": null})),
            "MissingParameter",
            "nat",
            Error,
        ),
        case(
            "NAT gateway in a private subnet",
            set(lab(), "nat", json!({"subnet": "private"})),
            "Stratus.NatGateway.NotInPublicSubnet",
            "nat",
            Warning,
        ),
        case("public address without an Internet gateway", no_igw, "Gateway.NotAttached", "i-pub", Error),
    ]);
}

/// ENI rules (VPC User Guide, "Subnet CIDR blocks"; EC2 User Guide, "Elastic network
/// interfaces"; VPC quotas; aws-facts.md §1.7, §5): the private address is inside the subnet,
/// not one of the 5 reserved, unique; at most 5 security groups, all of the same VPC.
#[test]
fn instance_rules() {
    use Severity::Error;
    let many: Vec<String> = (0..6).map(|i| format!("sg-{i}")).collect();
    let mut doc = set(lab(), "i-priv", json!({"security_groups": many}));
    for i in 0..6 {
        doc = set(doc, &format!("sg-{i}"), json!({"kind": "security_group", "vpc": "vpc"}));
    }
    let foreign_sg = set(
        set(lab(), "vpc-2", json!({"kind": "vpc", "region": "r", "cidr": "10.9.0.0/16"})),
        "sg-2",
        json!({"kind": "security_group", "vpc": "vpc-2"}),
    );
    let tiny = set(set(lab(), "private", json!({"cidr": "10.0.1.0/28"})), "i-priv", json!({"private_ip": null}));
    let mut full = tiny.clone();
    for i in 0..11 {
        full = set(
            full,
            &format!("i-{i}"),
            json!({"kind": "instance", "instance_type": "t3.micro", "subnet": "private", "security_groups": ["sg-open"]}),
        );
    }
    check(vec![
        case(
            "address outside the subnet",
            set(lab(), "i-priv", json!({"private_ip": "10.0.2.10"})),
            "InvalidParameterValue",
            "i-priv",
            Error,
        ),
        case(
            "network address reserved",
            set(lab(), "i-priv", json!({"private_ip": "10.0.1.0"})),
            "InvalidParameterValue",
            "i-priv",
            Error,
        ),
        case(
            "VPC router address reserved",
            set(lab(), "i-priv", json!({"private_ip": "10.0.1.1"})),
            "InvalidParameterValue",
            "i-priv",
            Error,
        ),
        case(
            "DNS address reserved",
            set(lab(), "i-priv", json!({"private_ip": "10.0.1.2"})),
            "InvalidParameterValue",
            "i-priv",
            Error,
        ),
        case(
            "future-use address reserved",
            set(lab(), "i-priv", json!({"private_ip": "10.0.1.3"})),
            "InvalidParameterValue",
            "i-priv",
            Error,
        ),
        case(
            "broadcast address reserved",
            set(lab(), "i-priv", json!({"private_ip": "10.0.1.255"})),
            "InvalidParameterValue",
            "i-priv",
            Error,
        ),
        case(
            "address in use",
            set(lab(), "i-two", instance("private", "10.0.1.10")),
            "InvalidIPAddress.InUse",
            "i-two",
            Error,
        ),
        case("six security groups", doc, "SecurityGroupsPerInterfaceLimitExceeded", "i-priv", Error),
        case(
            "security group of another VPC",
            set(foreign_sg, "i-priv", json!({"security_groups": ["sg-2"]})),
            "InvalidParameter",
            "i-priv",
            Error,
        ),
        case("a /28 holds 11", full, "InsufficientFreeAddressesInSubnet", "i-10", Error),
    ]);
    assert!(
        validate(&load(&set(lab(), "i-priv", json!({"private_ip": "10.0.1.4"})))).is_empty(),
        ".4 is the first usable address"
    );
    assert!(
        validate(&load(&set(lab(), "i-priv", json!({"private_ip": "10.0.1.254"})))).is_empty(),
        ".254 is the last usable address"
    );
}

/// Security group and network ACL rules (VPC User Guide, "Security group rules", "Network
/// ACL rules"; quotas; aws-facts.md §5).
#[test]
fn filter_rules() {
    use Severity::*;
    let acl = |inbound: Value| json!({"kind": "network_acl", "vpc": "vpc", "inbound": inbound, "outbound": []});
    let rule = |n: u32| json!({"rule": n, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"});
    let many: Vec<Value> = (1..=21).map(rule).collect();
    check(vec![
        case("rule number 0", set(lab(), "acl", acl(json!([rule(0)]))), "InvalidParameterValue", "acl", Error),
        case("rule number 32767", set(lab(), "acl", acl(json!([rule(32767)]))), "InvalidParameterValue", "acl", Error),
        case(
            "duplicate rule number",
            set(lab(), "acl", acl(json!([rule(100), rule(100)]))),
            "NetworkAclEntryAlreadyExists",
            "acl",
            Error,
        ),
        case("21 rules", set(lab(), "acl", acl(json!(many))), "NetworkAclEntryLimitExceeded", "acl", Error),
        case(
            "two default ACLs",
            set(
                set(
                    lab(),
                    "acl",
                    json!({"kind": "network_acl", "vpc": "vpc", "default": true, "inbound": [rule(100)], "outbound": [rule(100)]}),
                ),
                "acl-2",
                json!({"kind": "network_acl", "vpc": "vpc", "default": true, "inbound": [rule(100)], "outbound": [rule(100)]}),
            ),
            "Stratus.NetworkAcl.DefaultNotUnique",
            "acl-2",
            Error,
        ),
        case(
            "default ACL without rules",
            set(lab(), "acl", json!({"kind": "network_acl", "vpc": "vpc", "default": true})),
            "Stratus.NetworkAcl.DefaultWithoutRules",
            "acl",
            Info,
        ),
        case(
            "rule with both peers",
            set(lab(), "sg-open", json!({"inbound": [{"protocol": "all", "cidr": "0.0.0.0/0", "group": "sg-open"}]})),
            "InvalidPermission.Malformed",
            "sg-open",
            Error,
        ),
        case(
            "rule with no peer",
            set(lab(), "sg-open", json!({"inbound": [{"protocol": "all"}]})),
            "InvalidPermission.Malformed",
            "sg-open",
            Error,
        ),
        case(
            "rule names a missing group",
            set(lab(), "sg-open", json!({"inbound": [{"protocol": "all", "group": "sg-gone"}]})),
            "InvalidGroup.NotFound",
            "sg-open",
            Error,
        ),
    ]);
}

/// VPC Peering Guide, "VPC peering basics" and "Unsupported VPC peering configurations";
/// CreateVpcPeeringConnection API (status `failed` on overlap) (aws-facts.md §5).
#[test]
fn peering_rules() {
    use Severity::*;
    let b = set(lab(), "vpc-b", json!({"kind": "vpc", "region": "r", "cidr": "10.1.0.0/16"}));
    let pcx = set(b.clone(), "pcx", json!({"kind": "vpc_peering", "requester": "vpc", "accepter": "vpc-b"}));
    check(vec![
        case(
            "overlapping blocks",
            set(pcx.clone(), "vpc-b", json!({"cidr": "10.0.0.0/16"})),
            "Stratus.VpcPeering.OverlappingCidr",
            "pcx",
            Error,
        ),
        case(
            "peering with itself",
            set(b, "pcx", json!({"kind": "vpc_peering", "requester": "vpc", "accepter": "vpc"})),
            "InvalidParameterValue",
            "pcx",
            Error,
        ),
        case(
            "two peerings of one pair",
            set(pcx.clone(), "pcx-2", json!({"kind": "vpc_peering", "requester": "vpc-b", "accepter": "vpc"})),
            "VpcPeeringConnectionAlreadyExists",
            "pcx-2",
            Error,
        ),
        case(
            "route through a peer to elsewhere (not transitive)",
            set(pcx.clone(), "rtb-private", json!({"routes": [{"destination": "0.0.0.0/0", "target": "pcx"}]})),
            "Stratus.Route.PeeringDestinationOutsidePeer",
            "rtb-private",
            Warning,
        ),
    ]);
    let ok = set(
        pcx,
        "rtb-private",
        json!({"routes": [{"destination": "0.0.0.0/0", "target": "nat"}, {"destination": "10.1.0.0/16", "target": "pcx"}]}),
    );
    assert_eq!(validate(&load(&ok)), vec![]);
}

/// Load balancers (ELB User Guide, aws-facts.md §4) and default VPCs (VPC User Guide,
/// "Default VPCs", aws-facts.md §5).
#[test]
fn load_balancer_and_default_vpc_rules() {
    use Severity::*;
    let alb = set(
        lab(),
        "alb",
        json!({"kind": "load_balancer", "type": "alb", "subnets": ["public"], "security_groups": ["sg-open"], "targets": ["i-priv"]}),
    );
    let private_c = zone_c_subnet(lab(), "private-c", "10.0.3.0/24", "rtb-private");
    let alb2 = set(
        private_c,
        "alb",
        json!({"kind": "load_balancer", "type": "alb", "subnets": ["public", "private-c"], "security_groups": ["sg-open"], "targets": ["i-priv", "nat"]}),
    );
    let default_vpc = set(lab(), "vpc", json!({"is_default": true}));
    check(vec![
        case("ALB in one AZ", alb.clone(), "Stratus.LoadBalancer.TwoAzs", "alb", Error),
        case(
            "internet-facing in a private subnet",
            alb2.clone(),
            "Stratus.LoadBalancer.InternetFacingInPrivateSubnet",
            "alb",
            Warning,
        ),
        case("target is not an instance", alb2, "InvalidTarget", "alb", Error),
        case(
            "two subnets in one AZ",
            set(alb, "alb", json!({"subnets": ["public", "private"]})),
            "Stratus.LoadBalancer.SubnetsPerAz",
            "alb",
            Error,
        ),
        case("default VPC block", default_vpc.clone(), "Stratus.DefaultVpc.Cidr", "vpc", Warning),
        case(
            "second default VPC in a Region",
            set(
                default_vpc,
                "vpc-2",
                json!({"kind": "vpc", "region": "r", "cidr": "172.31.0.0/16", "is_default": true}),
            ),
            "DefaultVpcAlreadyExists",
            "vpc-2",
            Error,
        ),
    ]);
}

/// The list is sorted by target then code, and identical across runs; every diagnostic
/// serialises with the documented fields.
#[test]
fn diagnostics_are_sorted_and_serialise() {
    let doc =
        set(set(lab(), "private", json!({"cidr": "10.0.0.0/24", "vpc": "vpc"})), "nat", json!({"elastic_ip": null}));
    let a = validate(&load(&doc));
    assert_eq!(a, validate(&load(&doc)));
    let keys: Vec<(String, String)> = a.iter().map(|d| (d.target.to_string(), d.code.clone())).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "sorted by target, then code");
    let v = serde_json::to_value(&a[0]).unwrap();
    for field in ["code", "severity", "target", "message", "hint", "source"] {
        assert!(v.get(field).is_some(), "{field}");
    }
    assert!(has_errors(&a));
}

/// AWS reserves 5 addresses per subnet: a /28 has 11 usable, a /24 251 (VPC User Guide,
/// "Subnet CIDR blocks", aws-facts.md §5).
#[test]
fn subnet_usage_counts_reserved_and_used() {
    let doc = set(lab(), "private", json!({"cidr": "10.0.1.0/28"}));
    let usage = subnet_usage(&load(&doc));
    let private = usage.iter().find(|u| u.subnet.as_str() == "private").unwrap();
    assert_eq!((private.total, private.reserved, private.usable, private.used, private.free), (16, 5, 11, 1, 10));
    let public = usage.iter().find(|u| u.subnet.as_str() == "public").unwrap();
    assert_eq!((public.usable, public.used), (251, 2), "an instance and a NAT gateway");
}

fn group(patch: Value) -> Value {
    let mut g = json!({"kind": "auto_scaling_group", "subnets": ["private"], "instance_type": "t3.micro",
        "launch_template": {"name": "web"}, "min": 1, "max": 3, "desired": 2});
    for (k, v) in patch.as_object().unwrap() {
        g[k] = v.clone();
    }
    set(lab(), "asg", g)
}

fn pg(name: &str, strategy: &str) -> Value {
    json!({"placement_group": {"name": name, "strategy": strategy}})
}

/// EC2 Auto Scaling (aws-facts.md §3, CreateAutoScalingGroup), ELB target-group health
/// checks (§4.2), Route 53 health checks (§8), placement groups (§1.6) and faults.
#[test]
fn failure_handling_rules() {
    use Severity::{Error, Warning};
    let eight: Vec<(String, Value)> = (0..8)
        .map(|k| {
            let mut i = instance("private", &format!("10.0.1.{}", 20 + k));
            i["placement_group"] = json!({"name": "spread", "strategy": "spread"});
            (format!("i-s{k}"), i)
        })
        .collect();
    let mut spread = lab();
    for (id, node) in eight {
        spread = set(spread, &id, node);
    }
    let lb = |hc: Value| {
        set(
            zone_c_subnet(lab(), "public-c", "10.0.2.0/24", "rtb-public"),
            "alb",
            json!({"kind": "load_balancer", "type": "alb", "subnets": ["public", "public-c"], "health_check": hc}),
        )
    };
    let record = |hc: Value| {
        set(
            lab(),
            "dns",
            json!({"kind": "route53_record", "record_name": "www", "values": [{"target": "i-pub"}], "health_check": hc}),
        )
    };
    let fault = |f: Value| {
        let mut doc = lab();
        doc["faults"] = json!([f]);
        doc
    };
    check(vec![
        case("Desired capacity within [min, max]", group(json!({"desired": 5})), "ValidationError", "asg", Error),
        case("Min at most max", group(json!({"min": 4})), "ValidationError", "asg", Error),
        case(
            "A launch template or a launch configuration",
            group(json!({"launch_template": null})),
            "ValidationError",
            "asg",
            Error,
        ),
        case(
            "Launch configurations are immutable and deprecated",
            group(json!({"launch_template": null, "launch_configuration": "web-lc"})),
            "Stratus.AutoScaling.LaunchConfigurationDeprecated",
            "asg",
            Warning,
        ),
        case(
            "ELB health checks need a load balancer",
            group(json!({"health_check_type": "ELB"})),
            "Stratus.AutoScaling.ElbHealthWithoutLoadBalancer",
            "asg",
            Warning,
        ),
        case(
            "Instances register in load balancers",
            group(json!({"load_balancers": ["nat"]})),
            "ValidationError",
            "asg",
            Error,
        ),
        case("Subnets must exist", group(json!({"subnets": ["nope"]})), "InvalidSubnetID.NotFound", "asg", Error),
        case("ALB matcher within 200-499", lb(json!({"matcher": "200-503"})), "ValidationError", "alb", Error),
        case("A matcher is codes or ranges", lb(json!({"matcher": "ok"})), "ValidationError", "alb", Error),
        case(
            "A matcher without 200 makes every target unhealthy",
            lb(json!({"matcher": "301-302"})),
            "Stratus.HealthCheck.MatcherExcludes200",
            "alb",
            Warning,
        ),
        case("Health check interval 5-300 s", lb(json!({"interval_s": 1})), "ValidationError", "alb", Error),
        case("Unhealthy threshold 2-10", lb(json!({"unhealthy_threshold": 11})), "ValidationError", "alb", Error),
        case("Route 53 interval 10 or 30 s", record(json!({"interval_s": 20})), "InvalidInput", "dns", Error),
        case("Route 53 failure threshold 1-10", record(json!({"failure_threshold": 0})), "InvalidInput", "dns", Error),
        case(
            "A fault names something that exists",
            fault(json!({"at_s": 5, "fault": "az_outage", "az": "az-z"})),
            "Stratus.Fault.UnknownTarget",
            "faults[0]",
            Error,
        ),
        case(
            "An instance fault names an instance",
            fault(json!({"at_s": 5, "fault": "instance_crash", "target": "nat"})),
            "Stratus.Fault.UnknownTarget",
            "faults[0]",
            Error,
        ),
        case(
            "A poison message goes to an SQS queue",
            fault(json!({"at_s": 5, "fault": "poison_message", "target": "nat"})),
            "Stratus.Fault.UnknownTarget",
            "faults[0]",
            Error,
        ),
        case(
            "Consumers down names an SQS queue",
            fault(json!({"at_s": 5, "fault": "consumers_down", "target": "i-pub"})),
            "Stratus.Fault.UnknownTarget",
            "faults[0]",
            Error,
        ),
        case(
            "Spread: at most 7 running instances per AZ per group",
            spread,
            "InsufficientInstanceCapacity",
            "i-s7",
            Error,
        ),
        case(
            "Cluster: one AZ",
            set(
                set(zone_c_subnet(lab(), "private-c", "10.0.2.0/24", "rtb-private"), "i-pub", pg("hpc", "cluster")),
                "i-c",
                {
                    let mut i = instance("private-c", "10.0.2.10");
                    i["placement_group"] = json!({"name": "hpc", "strategy": "cluster"});
                    i
                },
            ),
            "InvalidParameterCombination",
            "i-pub",
            Error,
        ),
        case(
            "Cluster: no T2",
            set(set(lab(), "i-pub", pg("hpc", "cluster")), "i-pub", json!({"instance_type": "t2.micro"})),
            "Unsupported",
            "i-pub",
            Error,
        ),
        case(
            "Partition: partitions 1-7",
            set(lab(), "i-pub", json!({"placement_group": {"name": "p", "strategy": "partition", "partition": 8}})),
            "InvalidParameterValue",
            "i-pub",
            Error,
        ),
    ]);
    // Seven in one AZ is fine; an instance an Auto Scaling group will launch is a fault target.
    let mut seven = lab();
    for k in 0..7 {
        let mut i = instance("private", &format!("10.0.1.{}", 20 + k));
        i["placement_group"] = json!({"name": "spread", "strategy": "spread"});
        seven = set(seven, &format!("i-s{k}"), i);
    }
    assert!(!validate(&load(&seven)).iter().any(|d| d.code == "InsufficientInstanceCapacity"));
    let mut entity = group(json!({}));
    entity["faults"] = json!([{"at_s": 5, "fault": "instance_crash", "target": "i-2"}]);
    assert!(!validate(&load(&entity)).iter().any(|d| d.code == "Stratus.Fault.UnknownTarget"));
    // The registry's faults per kind: a Spot interruption may be aimed at the group, an EBS
    // degradation may not (the group has no volume of its own).
    let aimed = |fault: &str| {
        let mut g = group(json!({}));
        g["faults"] = json!([{"at_s": 5, "fault": fault, "target": "asg"}]);
        validate(&load(&g)).iter().any(|d| d.code == "Stratus.Fault.UnknownTarget")
    };
    assert!(!aimed("spot_interruption"));
    assert!(aimed("ebs_degraded"));
    // The messaging faults are aimed at a queue.
    for name in ["poison_message", "consumers_down"] {
        let mut q = set(lab(), "q", json!({"kind": "sqs_queue", "region": "r", "queue_name": "jobs"}));
        q["faults"] = json!([{"at_s": 5, "fault": name, "target": "q"}]);
        assert!(!validate(&load(&q)).iter().any(|d| d.code == "Stratus.Fault.UnknownTarget"), "{name}");
    }
}

/// Issue 12: a misspelt field used to validate as OK while the instance silently got the
/// default security group. It is now kept and named, with the field it probably meant.
#[test]
fn unknown_node_fields_are_named_with_a_suggestion() {
    let text = r#"{"format":1,"nodes":[
        {"id":"i","kind":"instance","instance_type":"t3.micro","subnet":"s","securty_groups":["sg"],"colour":"red"}
    ]}"#;
    let s = crate::Scenario::from_json(text).unwrap();
    let found: Vec<_> = validate(&s).into_iter().filter(|d| d.code == "Stratus.Document.UnknownField").collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().all(|d| d.severity == Severity::Warning && d.target.as_str() == "i"));
    assert!(
        found[0].message.en().contains("`securty_groups`")
            && found[0].message.en().contains("did you mean `security_groups`?")
    );
    assert!(found[0].message.ko().contains("`security_groups`"));
    assert!(
        found[1].message.en().contains("unknown field `colour`") && !found[1].message.en().contains("did you mean")
    );
    assert!(found[1].hint.en().contains("security_groups"), "the hint lists the kind's fields");
}
