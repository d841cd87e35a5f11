//! Property test: validate() and reach() never panic and are deterministic on arbitrary scenarios, however broken their references.

use engine::{reach, validate, Flow, NodeId, Scenario};
use proptest::prelude::*;
use serde_json::{json, Value};

const IDS: usize = 12;

/// An id from a small pool, so references often hit; `IDS` and above do not exist.
fn id(n: u8) -> String {
    format!("n{}", n as usize % (IDS + 3))
}

fn cidr(addr: u32, prefix: u8) -> String {
    engine::Cidr::new(engine::Ipv4(addr), prefix % 33).to_string()
}

fn ip(addr: u32) -> String {
    engine::Ipv4(addr).to_string()
}

/// Addresses mostly in 10.0.0.0/14 so that blocks and addresses meet.
fn addr() -> impl Strategy<Value = u32> {
    prop_oneof![3 => (0u32..0x0004_0000).prop_map(|a| 0x0A00_0000 | a), 1 => any::<u32>()]
}

fn protocol() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("tcp"), Just("udp"), Just("icmp"), Just("all")]
}

fn ports() -> impl Strategy<Value = String> {
    (any::<u16>(), any::<u16>()).prop_map(|(a, b)| format!("{}-{}", a.min(b), a.max(b)))
}

fn sg_rule() -> impl Strategy<Value = Value> {
    (protocol(), ports(), addr(), 0u8..33, any::<u8>(), 0u8..3).prop_map(|(p, ports, a, pre, g, which)| match which {
        0 => json!({"protocol": p, "ports": ports, "cidr": cidr(a, pre)}),
        1 => json!({"protocol": p, "ports": ports, "group": id(g)}),
        _ => json!({"protocol": p, "ports": ports, "cidr": cidr(a, pre), "group": id(g)}),
    })
}

fn nacl_rule() -> impl Strategy<Value = Value> {
    (any::<u16>(), any::<bool>(), protocol(), ports(), addr(), 0u8..33).prop_map(|(n, allow, p, ports, a, pre)| {
        json!({"rule": n, "action": if allow { "allow" } else { "deny" }, "protocol": p, "ports": ports, "cidr": cidr(a, pre)})
    })
}

/// A node of any kind with random fields and random (often dangling) references.
fn node() -> impl Strategy<Value = Value> {
    let refs = prop::collection::vec(any::<u8>(), 4);
    let blocks = (addr(), 12u8..30, addr(), 12u8..30);
    let rules = (prop::collection::vec(sg_rule(), 0..4), prop::collection::vec(nacl_rule(), 0..4));
    let routes = prop::collection::vec((addr(), 0u8..33, any::<u8>()), 0..4);
    (0u8..17, refs, blocks, rules, routes, any::<[bool; 3]>(), addr()).prop_map(
        |(kind, r, (a1, p1, a2, p2), (sg, nacl), routes, flags, host)| {
            let routes: Vec<Value> = routes.iter().map(|&(a, p, t)| json!({"destination": cidr(a, p), "target": id(t)})).collect();
            match kind {
                0 => json!({"kind": "region", "code": if flags[0] { "ap-northeast-2" } else { "us-east-1" }}),
                1 => json!({"kind": "availability_zone", "region": id(r[0]), "zone": if flags[1] { "ap-northeast-2a" } else { "us-east-1b" }}),
                2 => json!({"kind": "vpc", "region": id(r[0]), "cidr": cidr(a1, p1), "secondary_cidrs": if flags[0] { vec![cidr(a2, p2)] } else { vec![] }, "is_default": flags[1]}),
                3 => json!({"kind": "subnet", "vpc": id(r[0]), "az": id(r[1]), "cidr": cidr(a2, p2 + 4), "route_table": if flags[0] { Some(id(r[2])) } else { None }, "network_acl": if flags[1] { Some(id(r[3])) } else { None }, "map_public_ip_on_launch": flags[2]}),
                4 => json!({"kind": "route_table", "vpc": id(r[0]), "main": flags[0], "routes": routes}),
                5 => json!({"kind": "internet_gateway", "vpc": if flags[0] { Some(id(r[0])) } else { None }}),
                6 => json!({"kind": "nat_gateway", "subnet": id(r[0]), "elastic_ip": if flags[0] { Some(ip(host)) } else { None }}),
                7 => json!({"kind": "security_group", "vpc": id(r[0]), "inbound": sg, "outbound": if flags[1] { sg.clone() } else { vec![] }}),
                8 => json!({"kind": "network_acl", "vpc": id(r[0]), "default": flags[0], "inbound": nacl, "outbound": if flags[1] { nacl.clone() } else { vec![] }}),
                9 => json!({"kind": "vpc_peering", "requester": id(r[0]), "accepter": id(r[1])}),
                10 | 11 => json!({"kind": "instance", "instance_type": "t3.micro", "subnet": id(r[0]),
                    "private_ip": if flags[0] { Some(ip(host)) } else { None },
                    "public_ip": if flags[1] { Some(ip(host ^ 0x8000_0000)) } else { None },
                    "security_groups": [id(r[1]), id(r[2])], "source_dest_check": flags[2]}),
                12 => json!({"kind": "load_balancer", "type": if flags[0] { "alb" } else { "nlb" }, "scheme": if flags[1] { "internal" } else { "internet-facing" },
                    "subnets": [id(r[0]), id(r[1])], "security_groups": if flags[2] { vec![id(r[2])] } else { vec![] }, "targets": [id(r[3])]}),
                13 => json!({"kind": "internet"}),
                14 => json!({"kind": "on_premises", "cidr": cidr(a1, p1)}),
                15 => json!({"kind": "vpn_gateway", "vpc": id(r[0])}),
                _ => json!({"kind": if flags[0] { "vpn_connection" } else { "direct_connect" }, "vpn_gateway": id(r[0]), "on_premises": id(r[1])}),
            }
        },
    )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    prop::collection::vec(node(), 1..=IDS).prop_map(|nodes| {
        let nodes: Vec<Value> = nodes
            .into_iter()
            .enumerate()
            .map(|(i, mut n)| {
                n["id"] = json!(format!("n{i}"));
                n
            })
            .collect();
        let doc = json!({"format": 1, "nodes": nodes, "layout": {"n0": {"x": 1, "y": 2}, "ghost": {"x": 0, "y": 0}}});
        Scenario::from_json(&doc.to_string()).expect("generated documents are well-formed")
    })
}

fn flow() -> impl Strategy<Value = Flow> {
    (0u8..4, any::<u16>(), prop::option::of(ports())).prop_map(|(p, port, client)| {
        let mut f = match p {
            0 => Flow::tcp(port),
            1 => Flow::udp(port),
            2 => Flow::icmp(),
            _ => Flow { protocol: engine::model::Protocol::All, port, client_ports: None },
        };
        f.client_ports = client.and_then(|c| c.parse().ok());
        f
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn validate_and_reach_never_panic(s in scenario(), f in flow()) {
        let first = validate(&s);
        prop_assert_eq!(&first, &validate(&s));
        let _ = engine::validate::subnet_usage(&s);
        let mut ids: Vec<NodeId> = s.nodes.iter().map(|n| n.id.clone()).collect();
        ids.push(NodeId::from("gone"));
        for from in &ids {
            for to in &ids {
                let a = reach(&s, from, to, f);
                prop_assert_eq!(&a, &reach(&s, from, to, f));
            }
        }
    }
}
