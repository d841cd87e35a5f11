//! Property test: simulating arbitrary, often broken designs (dangling references, hostile numbers, Auto Scaling groups, faults scheduled and injected live at random times) never panics, ends every request exactly once and is deterministic.

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
    (0u8..14, refs, number(), number(), any::<[bool; 3]>(), 0u32..70_000).prop_map(|(kind, r, x, y, flags, n)| {
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
                        "io_kib": x, "backend": id(r[1]), "peer_calls": n % 4, "peer_call_kib": y},
                "placement_group": if flags[2] { Some(json!({"name": "pg", "strategy": "cluster"})) } else { None },
                "ebs": {"type": volume, "size_gib": n, "iops": if flags[2] { Some(n) } else { None }}}),
            6 => json!({"kind": "load_balancer", "type": if flags[0] { "alb" } else { "nlb" }, "subnets": [id(r[0]), id(r[1])],
                "targets": [id(r[2]), id(r[3])], "algorithm": if flags[1] { "least_outstanding_requests" } else { "round_robin" },
                "cross_zone": flags[2],
                "health_check": {"interval_s": n % 400, "healthy_threshold": n % 12, "unhealthy_threshold": n % 11,
                                 "matcher": (["200", "302", "200-299", "x", "600"][n as usize % 5])},
                "deregistration_delay_s": n % 5_000}),
            12 | 13 => json!({"kind": "auto_scaling_group", "subnets": [id(r[0]), id(r[1])],
                "instance_type": if flags[0] { "t3.micro" } else { "z9.huge" },
                "app": {"cpu_ms": x, "backend": id(r[3]), "peer_calls": n % 3},
                "launch_template": {"name": "t", "version": n % 3},
                "min": n % 3, "max": n % 7, "desired": n % 5,
                "health_check_type": if flags[1] { "ELB" } else { "EC2" },
                "timing": {"health_check_grace_period_s": n % 20, "instance_warmup_s": n % 10, "default_cooldown_s": n % 30},
                "load_balancers": [id(r[2])],
                "distribution": {"on_demand_base_capacity": n % 3, "on_demand_percentage_above_base": n % 101},
                "policies": [
                    {"policy": "target_tracking", "metric": if flags[2] { "cpu" } else { "alb_requests_per_target" }, "target": x},
                    {"policy": "step", "metric": "cpu", "threshold": y, "above": flags[2], "period_s": n % 200,
                     "evaluation_periods": n % 4, "steps": [{"from": 0.0, "change": 1}, {"from": x, "change": -2}]},
                    {"policy": "scheduled", "at_s": y / 10.0, "desired": n % 9}]}),
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

/// A fault aimed at a node of the pool, an instance an Auto Scaling group may have
/// launched (`i-1`...), or nothing that exists.
fn fault() -> impl Strategy<Value = Value> {
    let multiplier = prop_oneof![4 => 0.0f64..4.0, 1 => Just(-1.0), 1 => Just(1e300)];
    (0u8..13, any::<u8>(), 0.0f64..30.0, prop::option::of(0.0f64..20.0), multiplier).prop_map(
        |(kind, t, at, dur, m)| {
            let target = if t % 3 == 0 { format!("i-{}", t % 5) } else { id(t) };
            let mut f = match kind {
                0 => json!({"fault": "instance_crash", "target": target}),
                1 => json!({"fault": "instance_impaired", "target": target}),
                2 => json!({"fault": "az_outage", "az": target}),
                3 => json!({"fault": "region_outage", "region": target}),
                4 => json!({"fault": "nat_gateway_failure", "target": target}),
                5 => json!({"fault": "rds_primary_failure", "target": target}),
                6 => json!({"fault": "ebs_degraded", "target": target}),
                7 => json!({"fault": "spot_interruption", "target": target}),
                8 => json!({"fault": "traffic_spike", "multiplier": m}),
                9 => json!({"fault": "s3_throttling", "target": target}),
                10 => json!({"fault": "poison_message", "target": target}),
                11 => json!({"fault": "consumers_down", "target": target}),
                _ => json!({"fault": "cloudfront_origin_failure", "target": target}),
            };
            f["at_s"] = json!(at);
            if let Some(d) = dur {
                f["for_s"] = json!(d);
            }
            f
        },
    )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(node(), 1..=IDS as usize),
        prop::collection::vec(traffic(), 1..3),
        prop_oneof![3 => 0.0f64..2.0, 1 => 2.0f64..25.0],
        prop::collection::vec(fault(), 0..4),
    )
        .prop_map(|(nodes, traffic, duration, faults)| {
            let nodes: Vec<Value> = nodes
                .into_iter()
                .enumerate()
                .map(|(i, mut n)| {
                    n["id"] = json!(format!("n{i}"));
                    n
                })
                .collect();
            let doc = json!({"format": 1, "nodes": nodes, "traffic": traffic, "simulation": {"duration_s": duration},
                "faults": faults});
            Scenario::from_json(&doc.to_string()).expect("generated documents are well-formed")
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn simulation_never_panics_and_conserves_requests(
        s in scenario(),
        seed in any::<u64>(),
        live in prop::collection::vec((fault(), any::<bool>()), 0..4),
    ) {
        let _ = validate(&s);
        // Faults injected live at step boundaries (some cleared at once): errors for bad
        // targets, never a panic.
        let live: Vec<(engine::model::FaultKind, bool)> = live
            .into_iter()
            .filter_map(|(f, clear)| serde_json::from_value::<engine::model::ScheduledFault>(f).ok().map(|f| (f.fault, clear)))
            .collect();
        let run = |s: &Scenario| {
            let mut sim = Simulation::new(s, seed).expect("traffic is present");
            let mut t = 0;
            let mut k = 0;
            while !sim.step_until(t, 20_000).finished {
                t += 250_000;
                let c = sim.requests();
                assert_eq!(c.started, c.succeeded + c.failed + c.in_flight);
                let _ = sim.frame();
                if let Some((f, clear)) = live.get(k) {
                    if let Ok(id) = sim.inject(f.clone()) {
                        if *clear {
                            sim.clear(id).expect("an active fault can be cleared");
                        }
                    }
                    k += 1;
                }
                let _ = sim.fault_reports();
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

/// A fault that names real parts of the built-in failure scenarios.
fn real_fault() -> impl Strategy<Value = engine::model::FaultKind> {
    use engine::model::FaultKind::*;
    let target =
        prop::sample::select(vec!["i-1", "i-2", "i-3", "i-4", "i-5", "i-6", "i-web-a", "asg-web", "seoul-asg-web"]);
    let az = prop::sample::select(vec!["az-a", "az-c", "seoul-az-a", "tokyo-az-c"]);
    prop_oneof![
        target.clone().prop_map(|t| InstanceCrash { target: t.into() }),
        target.clone().prop_map(|t| InstanceImpaired { target: t.into() }),
        target.prop_map(|t| SpotInterruption { target: t.into() }),
        az.prop_map(|a| AzOutage { az: a.into() }),
        Just(RegionOutage { region: "seoul-region".into() }),
        Just(RdsPrimaryFailure { target: "db".into() }),
        (0.0f64..6.0).prop_map(|m| TrafficSpike { population: None, multiplier: m }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Faults at random times, scheduled and injected live, against the built-in failure
    /// scenarios: no panic, every request ends exactly once, and the run is deterministic.
    #[test]
    fn faults_at_random_times_never_panic_and_conserve_requests(
        which in prop::sample::select(vec!["asg-az-outage", "rds-multi-az-failover", "route53-failover", "scale-out-spike"]),
        scheduled in prop::collection::vec((real_fault(), 0.0f64..150.0, prop::option::of(1.0f64..120.0)), 0..3),
        live in prop::collection::vec((real_fault(), 1u64..150, any::<bool>(), any::<u8>()), 0..3),
        seed in any::<u64>(),
    ) {
        let text = engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == which).unwrap().1;
        let mut s = Scenario::from_json(text).unwrap();
        s.simulation.duration_s = 150.0;
        for (fault, at_s, for_s) in scheduled {
            s.faults.push(engine::model::ScheduledFault { at_s, for_s, fault });
        }
        let run = || {
            let mut sim = Simulation::new(&s, seed).unwrap();
            for (fault, at, clear, action) in &live {
                sim.step_until(at * 1_000_000, u64::MAX);
                // The other live controls, on names that may or may not exist.
                let name = ["i-1", "i-2", "i-web-a", "db", "asg-web", "nope"][usize::from(*action) % 6];
                let _ = match action % 4 {
                    0 => sim.stop_instance(name, action % 8 == 0),
                    1 => sim.start_instance(name),
                    2 => sim.promote_read_replica(name),
                    _ => sim.set_launch_template_version(name, u32::from(*action)),
                };
                if let Ok(id) = sim.inject(fault.clone()) {
                    if *clear {
                        sim.step_until(sim.now() + 20_000_000, u64::MAX);
                        let _ = sim.clear(id);
                    }
                }
                let c = sim.requests();
                assert_eq!(c.started, c.succeeded + c.failed + c.in_flight);
                let _ = sim.frame();
            }
            sim.run();
            for r in sim.fault_reports() {
                assert!(r.requests_lost <= r.requests, "{r:?}");
                assert!((0.0..=1.0).contains(&r.availability));
            }
            sim.summary()
        };
        let a = run();
        prop_assert_eq!(a.requests.in_flight, 0);
        prop_assert_eq!(a.requests.started, a.requests.succeeded + a.requests.failed);
        prop_assert_eq!(fingerprint(&a), fingerprint(&run()));
    }
}
