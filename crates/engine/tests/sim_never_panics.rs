//! Property test: simulating arbitrary, often broken designs (dangling references, hostile numbers) never panics, ends every request exactly once and is deterministic.

use engine::sim::{fingerprint, Simulation};
use engine::{validate, Scenario};
use proptest::prelude::*;
use serde_json::{json, Value};

const IDS: u8 = 14;

/// An id from a small pool so that references often resolve; some do not.
fn id(n: u8) -> String {
    format!("n{}", n % (IDS + 2))
}

/// Numbers a person (or a fuzzer) might write: ordinary, zero, negative, huge.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![6 => 0.0f64..50.0, 1 => Just(0.0), 1 => Just(-5.0), 1 => Just(1e300), 1 => Just(1e-300)]
}

fn node() -> impl Strategy<Value = Value> {
    let refs = prop::collection::vec(any::<u8>(), 4);
    (0u8..12, refs, number(), number(), any::<[bool; 3]>(), 0u32..70_000).prop_map(|(kind, r, x, y, flags, n)| {
        let volume = ["gp2", "gp3", "io1", "io2", "st1", "sc1"][n as usize % 6];
        let policy = ["simple", "weighted", "failover", "latency"][r[3] as usize % 4];
        match kind {
            0 => json!({"kind": "region", "code": if flags[0] { "ap-northeast-2" } else { "xx-nowhere-1" }}),
            1 => json!({"kind": "availability_zone", "region": id(r[0]), "zone": "ap-northeast-2a"}),
            2 => json!({"kind": "vpc", "region": id(r[0]), "cidr": "10.0.0.0/16"}),
            3 => json!({"kind": "subnet", "vpc": id(r[0]), "az": id(r[1]), "cidr": format!("10.0.{}.0/24", r[2])}),
            4 | 5 => json!({"kind": "instance", "instance_type": if flags[0] { "m5.large" } else { "z9.huge" }, "subnet": id(r[0]),
                "public_ip": if flags[1] { Some("203.0.113.9") } else { None },
                "app": {"cpu_ms": x, "static_cpu_ms": y, "max_concurrency": n % 5, "timeout_ms": n, "ios_per_request": y,
                        "io_kib": x, "backend": id(r[1])},
                "ebs": {"type": volume, "size_gib": n, "iops": if flags[2] { Some(n) } else { None }}}),
            6 => json!({"kind": "load_balancer", "type": if flags[0] { "alb" } else { "nlb" }, "subnets": [id(r[0]), id(r[1])],
                "targets": [id(r[2]), id(r[3])], "algorithm": if flags[1] { "least_outstanding_requests" } else { "round_robin" },
                "cross_zone": flags[2]}),
            7 => json!({"kind": "rds_instance", "instance_class": "db.m5.large", "subnets": [id(r[0]), id(r[1])], "multi_az": flags[0],
                "read_replicas": n % 20, "read_ms": x, "write_ms": y}),
            8 => json!({"kind": "s3_bucket", "region": id(r[0]), "prefixes": n % 7}),
            9 => json!({"kind": "cloudfront_distribution", "origin": id(r[0]), "static_origin": id(r[1]), "default_ttl_s": n}),
            10 => json!({"kind": "route53_record", "record_name": "www", "ttl_s": n % 120,
                "policy": policy,
                "values": [{"target": id(r[0]), "weight": n % 3, "failover": "primary"}, {"target": id(r[1]), "failover": "secondary"}]}),
            _ => json!({"kind": "internet"}),
        }
    })
}

fn traffic() -> impl Strategy<Value = Value> {
    (any::<u8>(), 0u8..4, 0.0f64..500.0, number(), number(), 0u32..3, 1u32..20_000).prop_map(
        |(t, p, rps, a, b, res, objects)| {
            let rate = match p {
                0 => json!({"pattern": "constant", "rps": rps}),
                1 => json!({"pattern": "ramp", "from_rps": a, "to_rps": rps, "over_s": b}),
                2 => json!({"pattern": "spike", "base_rps": a, "peak_rps": rps, "at_s": b, "for_s": a}),
                _ => json!({"pattern": "diurnal", "mean_rps": rps, "amplitude": a, "period_s": b, "peak_at_s": a}),
            };
            json!({"name": "users", "target": id(t), "rate": rate, "resolvers": res,
               "mix": {"read": a / 50.0, "static": b / 50.0, "objects": objects, "zipf": a, "write_kib": b * 1e6}})
        },
    )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (prop::collection::vec(node(), 1..=IDS as usize), prop::collection::vec(traffic(), 1..3), 0.0f64..2.0).prop_map(
        |(nodes, traffic, duration)| {
            let nodes: Vec<Value> = nodes
                .into_iter()
                .enumerate()
                .map(|(i, mut n)| {
                    n["id"] = json!(format!("n{i}"));
                    n
                })
                .collect();
            let doc = json!({"format": 1, "nodes": nodes, "traffic": traffic, "simulation": {"duration_s": duration}});
            Scenario::from_json(&doc.to_string()).expect("generated documents are well-formed")
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn simulation_never_panics_and_conserves_requests(s in scenario(), seed in any::<u64>()) {
        let _ = validate(&s);
        let run = |s: &Scenario| {
            let mut sim = Simulation::new(s, seed).expect("traffic is present");
            let mut t = 0;
            while !sim.step_until(t, 20_000).finished {
                t += 250_000;
                let c = sim.requests();
                assert_eq!(c.started, c.succeeded + c.failed + c.in_flight);
                let _ = sim.frame();
            }
            sim.summary()
        };
        let a = run(&s);
        prop_assert_eq!(a.requests.in_flight, 0);
        prop_assert_eq!(a.requests.started, a.requests.succeeded + a.requests.failed);
        prop_assert_eq!(fingerprint(&a), fingerprint(&run(&s)));
    }
}

/// Regression: a CloudFront distribution whose origin is the Route 53 record that answers
/// with it sent every request round the loop within one event until the stack overflowed
/// (found by the property test above, seed 1). Now each request fails as a routing loop.
#[test]
fn a_dns_and_cdn_loop_fails_requests_instead_of_overflowing() {
    let text = engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == "reference-web-app").unwrap().1;
    let mut s = Scenario::from_json(text).unwrap();
    for n in &mut s.nodes {
        if let engine::Spec::CloudfrontDistribution { origin, static_origin, .. } = &mut n.spec {
            *origin = "dns-www".into();
            *static_origin = Some("dns-www".into());
        }
    }
    s.simulation.duration_s = 2.0;
    let mut sim = Simulation::new(&s, 1).unwrap();
    sim.run();
    let summary = sim.summary();
    assert!(summary.requests.started > 0);
    // Every request that reaches the origin loops; only static reads the edge already holds
    // are answered (the edge marks an object fresh when it starts the fetch).
    assert!(summary.requests.failed * 3 > summary.requests.started, "{:?}", summary.requests);
    let text = serde_json::to_string(&summary).unwrap();
    assert!(text.contains("Stratus.RoutingLoop"), "{text}");
}
