//! Large synthetic designs for benchmarks and scale tests, built in code so that no multi-megabyte file is checked in.
//!
//! They mirror the reproducers of the reliability issue (../shared/repro/): `fleet` is
//! `scale_gen.py`, `asg_fleet` is `slow-100k-asg-instances.json` and `lb_fanout` is
//! `slow-reach-lb-fanout.json`, each with its size as a parameter.

use crate::model::{LoadError, Scenario};
use serde_json::{json, Value};

/// Loads `doc` the way a file is loaded (the documents below are valid by construction).
fn scenario(doc: Value) -> Result<Scenario, LoadError> {
    Scenario::from_json(&doc.to_string())
}

/// `n` m5.large instances, ten per subnet, in VPCs of 250 subnets; one ALB per VPC targets
/// all of its instances; 1,000 requests/s in all, seed 1, 60 s (as `scale_gen.py`).
pub fn fleet(n: usize) -> Result<Scenario, LoadError> {
    let per_subnet = 10;
    let mut nodes = vec![
        json!({"id": "internet", "kind": "internet"}),
        json!({"id": "region", "kind": "region", "code": "ap-northeast-2"}),
        json!({"id": "az-a", "kind": "availability_zone", "region": "region", "zone": "ap-northeast-2a"}),
        json!({"id": "az-c", "kind": "availability_zone", "region": "region", "zone": "ap-northeast-2c"}),
    ];
    let n_sub = (n / per_subnet).max(1);
    let vpcs = n_sub.div_ceil(250);
    let mut traffic = Vec::new();
    let mut inst = 0;
    for v in 0..vpcs {
        let vpc = format!("vpc{v}");
        nodes.extend([
            json!({"id": vpc, "kind": "vpc", "region": "region", "cidr": format!("10.{v}.0.0/16")}),
            json!({"id": format!("igw{v}"), "kind": "internet_gateway", "vpc": vpc}),
            json!({"id": format!("rtb-pub{v}"), "kind": "route_table", "vpc": vpc, "routes": [{"destination": "0.0.0.0/0", "target": format!("igw{v}")}]}),
            json!({"id": format!("sg-alb{v}"), "kind": "security_group", "vpc": vpc, "inbound": [{"protocol": "tcp", "ports": "443", "cidr": "0.0.0.0/0"}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}),
            json!({"id": format!("sg-web{v}"), "kind": "security_group", "vpc": vpc, "inbound": [{"protocol": "tcp", "ports": "80", "group": format!("sg-alb{v}")}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}),
            json!({"id": format!("pub-a{v}"), "kind": "subnet", "vpc": vpc, "az": "az-a", "cidr": format!("10.{v}.254.0/24"), "route_table": format!("rtb-pub{v}")}),
            json!({"id": format!("pub-c{v}"), "kind": "subnet", "vpc": vpc, "az": "az-c", "cidr": format!("10.{v}.255.0/24"), "route_table": format!("rtb-pub{v}")}),
        ]);
        let mut targets = Vec::new();
        for s in 0..250.min(n_sub - v * 250) {
            let subnet = format!("s{v}-{s}");
            let az = if s % 2 == 0 { "az-a" } else { "az-c" };
            nodes.push(
                json!({"id": subnet, "kind": "subnet", "vpc": vpc, "az": az, "cidr": format!("10.{v}.{s}.0/24")}),
            );
            for k in 0..per_subnet {
                if inst >= n {
                    break;
                }
                let id = format!("i{inst}");
                inst += 1;
                nodes.push(json!({"id": id, "kind": "instance", "instance_type": "m5.large", "subnet": subnet, "private_ip": format!("10.{v}.{s}.{}", 10 + k), "security_groups": [format!("sg-web{v}")]}));
                targets.push(id);
            }
        }
        nodes.push(json!({"id": format!("alb{v}"), "kind": "load_balancer", "type": "alb", "subnets": [format!("pub-a{v}"), format!("pub-c{v}")], "security_groups": [format!("sg-alb{v}")], "targets": targets}));
        traffic.push(json!({"name": format!("users{v}"), "target": format!("alb{v}"), "rate": {"pattern": "constant", "rps": 1000.0 / vpcs as f64}, "mix": {"read": 1.0, "static": 0.0}}));
    }
    scenario(
        json!({"format": 1, "name": format!("scale {n}"), "nodes": nodes, "traffic": traffic, "simulation": {"duration_s": 60, "seed": 1}}),
    )
}

/// `groups` Auto Scaling groups of `size` t3.micro instances each (min = max = desired),
/// all registered with one ALB that 200 requests/s reach; 10 s, seed 1 (as
/// `slow-100k-asg-instances.json`, which is `asg_fleet(200, 500)`).
pub fn asg_fleet(groups: usize, size: u32) -> Result<Scenario, LoadError> {
    let mut nodes = vec![
        json!({"id": "internet", "kind": "internet"}),
        json!({"id": "region", "kind": "region", "code": "ap-northeast-2"}),
        json!({"id": "vpc", "kind": "vpc", "region": "region", "cidr": "10.0.0.0/16"}),
        json!({"id": "igw", "kind": "internet_gateway", "vpc": "vpc"}),
        json!({"id": "rtb-public", "kind": "route_table", "vpc": "vpc", "routes": [{"destination": "0.0.0.0/0", "target": "igw"}]}),
        json!({"id": "rtb-main", "kind": "route_table", "vpc": "vpc", "main": true, "routes": []}),
        json!({"id": "az-a", "kind": "availability_zone", "region": "region", "zone": "ap-northeast-2a"}),
        json!({"id": "az-c", "kind": "availability_zone", "region": "region", "zone": "ap-northeast-2c"}),
        json!({"id": "public-a", "kind": "subnet", "vpc": "vpc", "az": "az-a", "cidr": "10.0.0.0/24", "route_table": "rtb-public", "map_public_ip_on_launch": true}),
        json!({"id": "private-a", "kind": "subnet", "vpc": "vpc", "az": "az-a", "cidr": "10.0.10.0/24"}),
        json!({"id": "public-c", "kind": "subnet", "vpc": "vpc", "az": "az-c", "cidr": "10.0.1.0/24", "route_table": "rtb-public", "map_public_ip_on_launch": true}),
        json!({"id": "private-c", "kind": "subnet", "vpc": "vpc", "az": "az-c", "cidr": "10.0.11.0/24"}),
        json!({"id": "sg-alb", "kind": "security_group", "vpc": "vpc", "inbound": [{"protocol": "tcp", "ports": "443", "cidr": "0.0.0.0/0"}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}),
        json!({"id": "sg-web", "kind": "security_group", "vpc": "vpc", "inbound": [{"protocol": "tcp", "ports": "80", "group": "sg-alb"}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}),
        json!({"id": "alb", "kind": "load_balancer", "type": "alb", "subnets": ["public-a", "public-c"], "security_groups": ["sg-alb"], "targets": [], "health_check": {"interval_s": 10, "healthy_threshold": 2, "unhealthy_threshold": 2}, "deregistration_delay_s": 30}),
    ];
    for g in 0..groups {
        nodes.push(json!({"id": format!("asg{g}"), "kind": "auto_scaling_group", "subnets": ["private-a", "private-c"], "instance_type": "t3.micro", "security_groups": ["sg-web"], "app": {"cpu_ms": 10}, "launch_template": {"name": "web", "version": 1}, "load_balancers": ["alb"], "min": size, "max": size, "desired": size, "health_check_type": "ELB", "timing": {"health_check_grace_period_s": 60, "instance_warmup_s": 0, "default_cooldown_s": 300}}));
    }
    let traffic = [
        json!({"name": "users", "location": "seoul", "target": "alb", "rate": {"pattern": "constant", "rps": 200}, "mix": {"read": 1.0, "static": 0.0}}),
    ];
    scenario(
        json!({"format": 1, "name": format!("{groups} x {size} Auto Scaling"), "nodes": nodes, "traffic": traffic, "simulation": {"duration_s": 10, "seed": 1}}),
    )
}

/// Two internal NLBs, `lb1` and `lb2`, each with a node in `subnets` /28 subnets of one VPC;
/// `lb2`'s security group admits nothing, so `lb1 -> lb2` on port 80 tries every pair of
/// nodes (as `slow-reach-lb-fanout.json`, which is `lb_fanout(1000, false)`). With `open`,
/// `lb2` admits port 80 from the VPC but every subnet of `lb1` except the last has a network
/// ACL that lets nothing out, so the answer is the path from `lb1`'s last node.
pub fn lb_fanout(subnets: usize, open: bool) -> Result<Scenario, LoadError> {
    let subnets = subnets.min(2048);
    let mut nodes = vec![
        json!({"id": "internet", "kind": "internet"}),
        json!({"id": "r", "kind": "region", "code": "ap-northeast-2"}),
        json!({"id": "az-a", "kind": "availability_zone", "region": "r", "zone": "ap-northeast-2a"}),
        json!({"id": "v", "kind": "vpc", "region": "r", "cidr": "10.0.0.0/16"}),
        json!({"id": "sg", "kind": "security_group", "vpc": "v", "inbound": [{"protocol": "tcp", "ports": "80", "cidr": "10.0.0.0/16"}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}),
    ];
    if open {
        // No outbound rule: the final `*` rule denies everything leaving these subnets.
        nodes.push(json!({"id": "acl-closed", "kind": "network_acl", "vpc": "v", "inbound": [{"rule": 100, "action": "allow", "protocol": "all", "cidr": "0.0.0.0/0"}], "outbound": []}));
    }
    for i in 0..2 * subnets {
        let closed = open && i + 1 < subnets;
        let mut s = json!({"id": format!("s{i}"), "kind": "subnet", "vpc": "v", "az": "az-a", "cidr": format!("10.0.{}.{}/28", i / 16, (i % 16) * 16)});
        if closed {
            s["network_acl"] = json!("acl-closed");
        }
        nodes.push(s);
    }
    let lb = |id: &str, range: std::ops::Range<usize>, sg: &str| json!({"id": id, "kind": "load_balancer", "type": "nlb", "scheme": "internal", "subnets": range.map(|i| format!("s{i}")).collect::<Vec<_>>(), "security_groups": [sg], "targets": []});
    nodes.push(lb("lb1", 0..subnets, "sg"));
    nodes.push(lb("lb2", subnets..2 * subnets, if open { "sg" } else { "sg2" }));
    nodes.push(json!({"id": "sg2", "kind": "security_group", "vpc": "v", "inbound": [], "outbound": []}));
    scenario(json!({"format": 1, "nodes": nodes}))
}
