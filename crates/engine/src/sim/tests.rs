//! Simulation tests: determinism, conservation of requests, queueing theory (M/M/1, M/M/c against Erlang C, Little's law), and the AWS behaviours each component models.

use super::*;
use crate::model::Scenario;
use serde_json::{json, Value};

fn reference() -> Scenario {
    let text = crate::scenarios::BUILT_IN.iter().find(|(n, _)| *n == "reference-web-app").map(|(_, t)| *t);
    Scenario::from_json(text.unwrap_or_default()).unwrap()
}

/// The reference app for `secs` simulated seconds.
fn reference_for(secs: f64) -> Scenario {
    let mut s = reference();
    s.simulation.duration_s = secs;
    s
}

fn run(s: &Scenario, seed: u64) -> RunSummary {
    let mut sim = Simulation::new(s, seed).unwrap();
    let step = sim.run();
    assert!(step.finished);
    sim.summary()
}

#[test]
fn same_seed_same_bits_different_seed_different_run() {
    let s = reference_for(20.0);
    let (a, b) = (run(&s, 42), run(&s, 42));
    assert_eq!(a, b);
    assert_eq!(fingerprint(&a), fingerprint(&b));
    assert_ne!(fingerprint(&a), fingerprint(&run(&s, 43)));
}

/// Stepping in frames of any size gives the same run as one call.
#[test]
fn stepping_does_not_change_results() {
    let s = reference_for(10.0);
    let whole = run(&s, 5);
    let mut sim = Simulation::new(&s, 5).unwrap();
    let mut t = 0;
    while !sim.step_until(t, 777).finished {
        t += 16_667;
        let f = sim.frame();
        assert!(f.nodes.len() >= 10);
    }
    assert_eq!(sim.summary(), whole);
}

#[test]
fn reference_app_meets_its_goals() {
    let r = run(&reference_for(60.0), 1);
    assert_eq!(r.requests.in_flight, 0);
    assert!(r.requests.started > 55_000, "{:?}", r.requests);
    assert!(r.goals_met, "{:#?}", (r.goals, r.latency_ms, r.errors));
    // CloudFront serves most static objects from the edge (Zipf 1 over 10,000 objects).
    let cdn = r.nodes.iter().find(|n| n.id.as_str() == "cdn").unwrap();
    assert!(cdn.hit_ratio.unwrap() > 0.5, "{cdn:?}");
    // Six instances share the dynamic load evenly (round robin) at moderate CPU.
    for n in r.nodes.iter().filter(|n| n.kind == "instance") {
        let u = n.cpu_utilisation.unwrap();
        assert!((0.3..0.8).contains(&u), "{}: {u}", n.id);
    }
    assert!(r.cost_usd > 0.0 && r.cost.lines.iter().all(|l| !l.source.is_empty()));
}

/// Little's law: L = λW, on the reference app (every ended request counted in W).
#[test]
fn littles_law_holds_on_the_reference_app() {
    let r = run(&reference_for(60.0), 3);
    let l = r.little;
    let rel = (l.l - l.lambda * l.w_s).abs() / l.l;
    assert!(rel < 0.02, "L = {} vs λW = {} ({rel})", l.l, l.lambda * l.w_s);
}

/// M/M/1 and M/M/c on the core against the closed forms, within 5 % (ρ = 0.9: 6 %).
#[test]
fn mmc_matches_erlang_c() {
    // (servers, utilisation, customers, tolerance)
    let cases = [
        (1, 0.5, 200_000, 0.04),
        (1, 0.8, 400_000, 0.05),
        (1, 0.9, 800_000, 0.06),
        (2, 0.8, 300_000, 0.05),
        (4, 0.9, 500_000, 0.06),
    ];
    for (c, rho, n, tol) in cases {
        let mu = 100.0;
        let lambda = rho * mu * f64::from(c);
        let r = mmc::run(lambda, mu, c, n, 11);
        let want = mmc::mean_wait(lambda, mu, c);
        let err = (r.mean_wait_s - want).abs() / want;
        assert!(err < tol, "M/M/{c} at ρ={rho}: Wq {} vs Erlang C {want} ({err})", r.mean_wait_s);
        assert!((r.utilisation - rho).abs() < 0.02, "ρ {}", r.utilisation);
        assert!((r.mean_system_s - r.mean_wait_s - 1.0 / mu).abs() * mu < 0.02);
    }
}

/// A minimal design: users on the Internet straight to one instance with a public IP.
fn direct(instance_type: &str, cpu_ms: f64, rps: f64, secs: f64) -> Value {
    json!({
        "format": 1,
        "nodes": [
            {"id": "internet", "kind": "internet"},
            {"id": "r", "kind": "region", "code": "ap-northeast-2"},
            {"id": "az", "kind": "availability_zone", "region": "r", "zone": "ap-northeast-2a"},
            {"id": "vpc", "kind": "vpc", "region": "r", "cidr": "10.0.0.0/16"},
            {"id": "igw", "kind": "internet_gateway", "vpc": "vpc"},
            {"id": "rt", "kind": "route_table", "vpc": "vpc", "main": true, "routes": [{"destination": "0.0.0.0/0", "target": "igw"}]},
            {"id": "sub", "kind": "subnet", "vpc": "vpc", "az": "az", "cidr": "10.0.0.0/24"},
            {"id": "sg", "kind": "security_group", "vpc": "vpc", "inbound": [{"protocol": "tcp", "ports": "80", "cidr": "0.0.0.0/0"}], "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]},
            {"id": "i", "kind": "instance", "instance_type": instance_type, "subnet": "sub", "private_ip": "10.0.0.10",
             "public_ip": "203.0.113.5", "security_groups": ["sg"], "app": {"cpu_ms": cpu_ms, "timeout_ms": 3_600_000, "max_concurrency": 1_000_000}}
        ],
        "traffic": [{"name": "u", "location": "seoul", "target": "i", "port": 80, "rate": {"pattern": "constant", "rps": rps},
                     "mix": {"read": 1.0, "static": 0.0}}],
        "simulation": {"duration_s": secs}
    })
}

fn load(v: &Value) -> Scenario {
    Scenario::from_json(&v.to_string()).unwrap()
}

/// The whole simulator (not just the core) is an M/M/c queue for users -> instance: the
/// mean latency minus the network round trip is Erlang C's Wq + 1/μ.
#[test]
fn instance_behaves_as_mmc() {
    // m5.large: 2 vCPUs; 10 ms CPU per request -> μ = 100/s per vCPU.
    for (rho, secs, tol) in [(0.5, 1_500.0, 0.03), (0.8, 3_000.0, 0.05)] {
        let lambda = rho * 200.0;
        let r = run(&load(&direct("m5.large", 10.0, lambda, secs)), 9);
        assert_eq!(r.error_rate, 0.0, "{:?}", r.errors);
        let rtt = crate::catalog::geo::internet_rtt_ms(
            crate::model::Location::Seoul,
            crate::catalog::geo::region("ap-northeast-2").unwrap(),
        );
        let hop_us = (rtt * 500.0) as u64 as f64 / 1_000.0;
        let sojourn_ms = r.latency_ms.mean - 2.0 * hop_us;
        let want_ms = (mmc::mean_wait(lambda, 100.0, 2) + 0.01) * 1_000.0;
        let err = (sojourn_ms - want_ms).abs() / want_ms;
        assert!(err < tol, "ρ={rho}: {sojourn_ms} ms vs {want_ms} ms ({err})");
        let cpu = r.nodes.iter().find(|n| n.id.as_str() == "i").and_then(|n| n.cpu_utilisation).unwrap();
        assert!((cpu - rho).abs() < 0.03, "{cpu}");
    }
}

/// Reachability gates traffic: the security group admits port 80 only, so users on 443 time
/// out, and the error carries the Reachability Analyzer code (net::reach).
#[test]
fn blocked_path_fails_with_the_analyzer_code() {
    let mut v = direct("m5.large", 10.0, 50.0, 5.0);
    v["traffic"][0]["port"] = json!(443);
    v["nodes"][8]["app"]["port"] = json!(443);
    let r = run(&load(&v), 1);
    assert_eq!(r.requests.succeeded, 0);
    assert_eq!(r.blocked.len(), 1, "{:?}", r.blocked);
    assert_eq!(r.blocked[0].code, "ENI_SG_RULES_MISMATCH");
    assert_eq!(r.blocked[0].blocked_at.as_ref().map(|n| n.as_str()), Some("sg"));
    assert!(r.latency_ms.p50 == 0.0 && r.little.w_s >= 30.0, "clients time out: {:?}", r.little);
}

/// Overload: an instance at its concurrency limit refuses; queued requests past the timeout
/// are dropped.
#[test]
fn overload_ends_in_refusals_and_timeouts() {
    let mut v = direct("t3.micro", 50.0, 400.0, 20.0); // capacity 40/s
    v["nodes"][8]["app"] = json!({"cpu_ms": 50, "timeout_ms": 2000, "max_concurrency": 64});
    let r = run(&load(&v), 2);
    assert_eq!(r.requests.in_flight, 0);
    assert!(r.errors.get("Instance.Overloaded").copied().unwrap_or(0) > 1_000, "{:?}", r.errors);
    assert!(r.availability < 0.2);
}

/// S3 per-prefix request rates (aws-facts §6.3): 5,500 GET/s per prefix, then 503 SlowDown.
#[test]
fn s3_throttles_each_prefix() {
    let doc = |prefixes: u32| {
        json!({"format": 1, "nodes": [
            {"id": "r", "kind": "region", "code": "us-east-1"},
            {"id": "b", "kind": "s3_bucket", "region": "r", "prefixes": prefixes}],
         "traffic": [{"name": "u", "location": "virginia", "target": "b", "rate": {"pattern": "constant", "rps": 8000},
                      "mix": {"read": 1.0}}],
         "simulation": {"duration_s": 20}})
    };
    let one = run(&load(&doc(1)), 1);
    let slow = one.errors.get("S3.SlowDown").copied().unwrap_or(0) as f64 / one.requests.started as f64;
    // 8,000/s for 20 s against 5,500/s plus the 1 s bucket S3 starts with.
    let want = 1.0 - 5_500.0 * 21.0 / (8_000.0 * 20.0);
    assert!((slow - want).abs() < 0.02, "1 prefix: {slow} vs {want}");
    let two = run(&load(&doc(2)), 1);
    assert_eq!(two.errors.get("S3.SlowDown"), None, "2 prefixes take 11,000 GET/s");
    // A single PUT over 5 GB is refused.
    let mut big = doc(1);
    big["traffic"][0]["mix"] = json!({"read": 0.0, "write_kib": 6.0 * 1024.0 * 1024.0});
    let r = run(&load(&big), 1);
    assert_eq!(r.errors.get("S3.EntityTooLarge").copied(), Some(r.requests.started));
}

/// CloudFront: a longer TTL and more skewed popularity give a higher hit ratio.
#[test]
fn cloudfront_hit_ratio_follows_ttl_and_popularity() {
    let hit = |ttl: u64, zipf: f64| {
        let mut s = reference_for(30.0);
        for n in &mut s.nodes {
            if let crate::model::Spec::CloudfrontDistribution { default_ttl_s, .. } = &mut n.spec {
                *default_ttl_s = ttl;
            }
        }
        s.traffic[0].mix.zipf = zipf;
        let r = run(&s, 4);
        r.nodes.iter().find(|n| n.id.as_str() == "cdn").and_then(|n| n.hit_ratio).unwrap()
    };
    let (short, long) = (hit(1, 1.0), hit(86_400, 1.0));
    assert!(short < long, "TTL 1 s {short} vs 1 day {long}");
    assert!(hit(86_400, 0.0) < long, "uniform popularity caches worse");
}

/// Least outstanding requests (aws-facts §4.2 "Routing algorithm") sends less to a target
/// that answers slowly (here: half the vCPUs).
#[test]
fn least_outstanding_requests_avoids_the_slow_target() {
    let mut s = reference_for(30.0);
    for n in &mut s.nodes {
        match &mut n.spec {
            crate::model::Spec::Instance { instance_type, .. } if n.id.as_str() == "i-web-a1" => {
                *instance_type = "t2.micro".into(); // 1 vCPU: half the capacity
            }
            crate::model::Spec::LoadBalancer { algorithm, .. } => {
                *algorithm = crate::model::Algorithm::LeastOutstandingRequests
            }
            _ => {}
        }
    }
    let r = run(&s, 8);
    let reqs = |id: &str| r.nodes.iter().find(|n| n.id.as_str() == id).unwrap().requests;
    assert!(reqs("i-web-a1") < reqs("i-web-c1"), "{} vs {}", reqs("i-web-a1"), reqs("i-web-c1"));
}

/// gp2 burst bucket (aws-facts §2): a 100 GiB volume (300 IOPS baseline) running 1,000 IOPS
/// spends 700 credits/s and empties its 5.4 M bucket after about 7,700 s.
#[test]
fn gp2_burst_balance_drains() {
    let mut v = direct("m5.large", 1.0, 100.0, 600.0);
    v["nodes"][8]["app"] = json!({"cpu_ms": 1, "ios_per_request": 10});
    v["nodes"][8]["ebs"] = json!({"type": "gp2", "size_gib": 100});
    let r = run(&load(&v), 3);
    let n = r.nodes.iter().find(|n| n.id.as_str() == "i").unwrap();
    let balance = n.burst_balance_min_pct.unwrap();
    let want = 100.0 * (1.0 - 600.0 * 700.0 / 5.4e6);
    assert!((balance - want).abs() < 1.0, "{balance} vs {want}");
    assert_eq!(n.iops_limit, Some(300.0));
}

/// Several I/Os per request share the volume in arrival order. On a 3,000 IOPS gp3 volume,
/// 100 requests/s of 10 I/Os and 250 of 5 keep it a third and 42 % busy: a request takes its
/// I/Os' latency one after the other (1 ms each, aws-facts §2) and waits little. Regression
/// (found writing issue #16's EBS lessons): each further I/O booked the volume at its own
/// future start, so every later request queued behind it: p50 68.6 ms and 2.26 s.
#[test]
fn several_ios_per_request_do_not_reserve_the_volume_ahead() {
    for (rps, ios) in [(100.0, 10), (250.0, 5)] {
        let mut v = direct("m5.large", 1.0, rps, 60.0);
        v["nodes"][8]["app"] = json!({"cpu_ms": 1, "ios_per_request": ios});
        v["nodes"][8]["ebs"] = json!({"type": "gp3", "size_gib": 100});
        let r = run(&load(&v), 3);
        let rtt = crate::catalog::geo::internet_rtt_ms(
            crate::model::Location::Seoul,
            crate::catalog::geo::region("ap-northeast-2").unwrap(),
        );
        // Besides the users' round trip: the I/Os take `ios` ms, the CPU 1 ms, and queueing
        // at these loads a few ms more.
        let p50 = r.latency_ms.p50 - rtt;
        assert!(p50 >= ios as f64 && p50 < 2.0 * ios as f64 + 5.0, "{rps} req/s × {ios} I/Os: p50 {p50} ms");
    }
}

/// Multi-AZ adds the synchronous standby round trip to writes (aws-facts §10).
#[test]
fn multi_az_writes_are_slower() {
    let p50 = |multi: bool| {
        let mut s = reference_for(20.0);
        s.traffic[0].mix.read = 0.0;
        s.traffic[0].rate = crate::model::RatePattern::Constant { rps: 100.0 };
        for n in &mut s.nodes {
            if let crate::model::Spec::RdsInstance { multi_az, .. } = &mut n.spec {
                *multi_az = multi;
            }
        }
        let r = run(&s, 6);
        r.nodes.iter().find(|n| n.id.as_str() == "db").and_then(|n| n.latency_p50_ms).unwrap()
    };
    let (single, multi) = (p50(false), p50(true));
    assert!(multi - single > 1.0, "{single} vs {multi}");
}

#[test]
fn no_traffic_is_an_error_not_a_panic() {
    let s = Scenario::from_json(crate::scenarios::BUILT_IN.iter().find(|(k, _)| *k == "two-tier").unwrap().1).unwrap();
    assert_eq!(Simulation::new(&s, 1).err(), Some(SimError::NoTraffic));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Every request ends exactly once: at every step started == ended + in flight, and
        /// after the drain nothing is in flight. Random rates, mixes, patterns and steps;
        /// the network may be broken (random target ids).
        #[test]
        fn every_request_ends_exactly_once(
            rps in 0.0f64..3_000.0,
            read in 0.0f64..1.0,
            stat in 0.0f64..1.0,
            target in prop::sample::select(vec!["dns-www", "cdn", "alb", "i-web-a1", "s3-assets", "db", "nothing"]),
            pattern in 0u8..4,
            steps in prop::collection::vec(1u64..400_000, 1..20),
            seed in any::<u64>(),
        ) {
            let mut s = reference_for(3.0);
            s.traffic[0].target = target.into();
            s.traffic[0].mix.read = read;
            s.traffic[0].mix.static_fraction = stat;
            s.traffic[0].rate = match pattern {
                0 => crate::model::RatePattern::Constant { rps },
                1 => crate::model::RatePattern::Ramp { from_rps: 0.0, to_rps: rps, over_s: 2.0 },
                2 => crate::model::RatePattern::Spike { base_rps: rps / 10.0, peak_rps: rps, at_s: 1.0, for_s: 0.5 },
                _ => crate::model::RatePattern::Diurnal { mean_rps: rps, amplitude: 0.9, period_s: 2.0, peak_at_s: 0.0 },
            };
            let mut sim = Simulation::new(&s, seed).unwrap();
            let mut t = 0;
            for dt in steps {
                t += dt;
                sim.step_until(t, 5_000);
                let c = sim.requests();
                prop_assert_eq!(c.started, c.succeeded + c.failed + c.in_flight);
            }
            sim.run();
            let c = sim.requests();
            prop_assert_eq!(c.in_flight, 0);
            prop_assert_eq!(c.started, c.succeeded + c.failed);
            let r = sim.summary();
            prop_assert_eq!(r.errors.values().sum::<u64>(), c.failed);
        }
    }
}

/// Two-tier (scenarios/two-tier.json) with users behind the ALB and the application calling
/// an S3 bucket: `nat` adds a NAT gateway and a private route table sending 0.0.0.0/0 to it.
fn two_tier_with_s3(nat: bool) -> Scenario {
    let mut v: Value =
        serde_json::from_str(crate::scenarios::BUILT_IN.iter().find(|(k, _)| *k == "two-tier").unwrap().1).unwrap();
    let nodes = v["nodes"].as_array_mut().unwrap();
    nodes.push(json!({"id": "bucket", "kind": "s3_bucket", "region": "region-seoul"}));
    for n in nodes.iter_mut() {
        if n["kind"] == "instance" {
            n["app"] = json!({"cpu_ms": 5, "backend": "bucket"});
        }
    }
    if nat {
        nodes.push(
            json!({"id": "nat", "kind": "nat_gateway", "subnet": "subnet-public-a", "elastic_ip": "203.0.113.20"}),
        );
        for n in nodes.iter_mut() {
            if n["id"] == "rtb-main" {
                n["routes"] = json!([{"destination": "0.0.0.0/0", "target": "nat"}]);
            }
        }
    }
    v["traffic"] = json!([{"name": "u", "location": "seoul", "target": "alb", "port": 80,
                           "rate": {"pattern": "constant", "rps": 50}, "mix": {"read": 0.5, "static": 0.0}}]);
    v["simulation"] = json!({"duration_s": 10});
    load(&v)
}

/// Without a VPC endpoint, S3 is on the Internet: from a private subnet with no route out the
/// call fails with the network model's code; through a NAT gateway it succeeds, and the
/// gateway's hours and processed bytes are billed (aws-facts §5, §12).
#[test]
fn s3_from_a_private_subnet_needs_a_nat_device() {
    let r = run(&two_tier_with_s3(false), 1);
    assert_eq!(r.requests.succeeded, 0);
    assert!(r.errors.keys().any(|c| c.starts_with("S3.Unreachable.")), "{:?}", r.errors);
    assert_eq!(r.blocked[0].blocked_at.as_ref().map(|n| n.as_str()), Some("rtb-main"));
    let r = run(&two_tier_with_s3(true), 1);
    assert_eq!(r.error_rate, 0.0, "{:?}", r.errors);
    let nat_lines: Vec<_> = r.cost.lines.iter().filter(|l| l.item.starts_with("NAT gateway nat")).collect();
    assert_eq!(nat_lines.len(), 2, "{nat_lines:?}");
}

/// Cross-zone load balancing (aws-facts §4.1): on for ALB, off by default for NLB. With one
/// target in AZ a and two in AZ c, an NLB node in each AZ keeps its half in its AZ, so the
/// lone target gets twice the share of each of the others; an ALB spreads evenly.
#[test]
fn cross_zone_default_on_for_alb_off_for_nlb() {
    let share = |lb: crate::model::LoadBalancerType| {
        let mut s = reference_for(30.0);
        for n in &mut s.nodes {
            if let crate::model::Spec::LoadBalancer { lb_type, targets, subnets, .. } = &mut n.spec {
                *lb_type = lb;
                *targets = vec!["i-web-a1".into(), "i-web-c1".into(), "i-web-c2".into()];
                subnets.truncate(2);
            }
        }
        let r = run(&s, 12);
        let reqs = |id: &str| r.nodes.iter().find(|n| n.id.as_str() == id).unwrap().requests as f64;
        reqs("i-web-a1") / reqs("i-web-c1")
    };
    let alb = share(crate::model::LoadBalancerType::Alb);
    let nlb = share(crate::model::LoadBalancerType::Nlb);
    assert!((alb - 1.0).abs() < 0.05, "ALB a1/c1 = {alb}");
    assert!((nlb - 2.0).abs() < 0.1, "NLB a1/c1 = {nlb}");
}

/// Route 53 routing policies (aws-facts §8), each with the share of users' requests that
/// reaches the first value.
#[test]
fn route53_policies_share_traffic() {
    use crate::model::{FailoverRole, Location, RecordValue, RoutingPolicy, Spec};
    let value =
        |t: &str, weight: u32, failover: Option<FailoverRole>| RecordValue { target: t.into(), weight, failover };
    // (rule, policy, values, users' location, expected share of "cdn")
    let cases = [
        (
            "weighted: weight / sum of weights",
            RoutingPolicy::Weighted,
            vec![value("cdn", 3, None), value("alb", 1, None)],
            Location::Seoul,
            0.75,
        ),
        (
            "weight 0 gets nothing",
            RoutingPolicy::Weighted,
            vec![value("cdn", 0, None), value("alb", 1, None)],
            Location::Seoul,
            0.0,
        ),
        (
            "failover: the unhealthy primary (private instance) is skipped",
            RoutingPolicy::Failover,
            vec![value("i-web-a1", 1, Some(FailoverRole::Primary)), value("cdn", 1, Some(FailoverRole::Secondary))],
            Location::Seoul,
            1.0,
        ),
        (
            "failover: a healthy primary takes everything",
            RoutingPolicy::Failover,
            vec![value("cdn", 1, Some(FailoverRole::Primary)), value("alb", 1, Some(FailoverRole::Secondary))],
            Location::Seoul,
            1.0,
        ),
        (
            "latency: the nearest answer (an edge)",
            RoutingPolicy::Latency,
            vec![value("alb", 1, None), value("cdn", 1, None)],
            Location::Frankfurt,
            1.0,
        ),
        (
            "simple: the first value",
            RoutingPolicy::Simple,
            vec![value("alb", 1, None), value("cdn", 1, None)],
            Location::Seoul,
            0.0,
        ),
    ];
    for (rule, policy, values, location, want) in cases {
        let mut s = reference_for(20.0);
        s.traffic[0].location = location;
        s.traffic[0].resolvers = 2_000;
        for n in &mut s.nodes {
            if let Spec::Route53Record { policy: p, values: v, ttl_s, .. } = &mut n.spec {
                (*p, *v, *ttl_s) = (policy, values.clone(), 1);
            }
        }
        let r = run(&s, 21);
        let cdn = r.nodes.iter().find(|n| n.id.as_str() == "cdn").unwrap().requests as f64;
        let share = cdn / r.requests.started as f64;
        assert!((share - want).abs() < 0.03, "{rule}: {share}");
    }
}

/// Thinning gives the rate pattern's expected number of arrivals: ∫ rate dt.
#[test]
fn rate_patterns_deliver_their_integral() {
    use crate::model::RatePattern::*;
    // (pattern, seconds, expected arrivals)
    let cases = [
        (Constant { rps: 2_000.0 }, 20.0, 40_000.0),
        (Ramp { from_rps: 0.0, to_rps: 2_000.0, over_s: 10.0 }, 20.0, 10_000.0 + 20_000.0),
        (Spike { base_rps: 500.0, peak_rps: 5_000.0, at_s: 5.0, for_s: 2.0 }, 20.0, 500.0 * 20.0 + 4_500.0 * 2.0),
        (Diurnal { mean_rps: 1_000.0, amplitude: 0.8, period_s: 10.0, peak_at_s: 3.0 }, 20.0, 20_000.0),
    ];
    for (rate, secs, want) in cases {
        let mut v = direct("m5.large", 0.1, 1.0, secs);
        v["traffic"][0]["rate"] = serde_json::to_value(&rate).unwrap();
        let r = run(&load(&v), 17);
        let got = r.requests.started as f64;
        // Poisson: the standard deviation is √want; allow 4 of them.
        assert!((got - want).abs() < 4.0 * want.sqrt(), "{rate:?}: {got} vs {want}");
    }
}

/// What the canvas reads mid-run: per node and per link rates, utilisation, the end-to-end
/// window, and cost so far, without running to the end.
#[test]
fn frames_show_live_rates() {
    let mut sim = Simulation::new(&reference_for(600.0), 2).unwrap();
    let step = sim.step_until(5_000_000, u64::MAX);
    assert!(!step.finished && !step.budget_exhausted && step.now_us == 5_000_000);
    let f = sim.frame();
    let node = |id: &str| f.nodes.iter().find(|n| n.id.as_str() == id).unwrap();
    assert!((node("cdn").rps - 1_000.0).abs() < 150.0, "{:?}", node("cdn"));
    let web = node("i-web-c1");
    assert!((0.2..0.9).contains(&web.utilisation), "{web:?}");
    assert!(web.iops.is_some_and(|i| i.limit == 3_000.0));
    assert!(node("db").utilisation > 0.2);
    let users = f.links.iter().find(|l| l.from_users).unwrap();
    assert!((users.rps - 1_000.0).abs() < 150.0 && users.to.as_str() == "dns-www");
    let direct_users = Simulation::new(&load(&direct("m5.large", 1.0, 1.0, 1.0)), 1).unwrap();
    assert!((10.0..15.0).contains(&direct_users.frame().links[0].rtt_ms), "Seoul users to ap-northeast-2");
    let alb_links: Vec<_> = f.links.iter().filter(|l| l.from == "alb").collect();
    assert_eq!(alb_links.len(), 6);
    assert!(alb_links.iter().all(|l| l.rps > 30.0 && l.rtt_ms > 0.0));
    assert!(f.end_to_end.rps > 800.0 && f.end_to_end.p99_ms > f.end_to_end.p50_ms);
    assert!(f.cost_usd > 0.0 && f.in_flight > 0);
    // A budget smaller than the work stops early and says so; time does not jump ahead.
    let step = sim.step_until(10_000_000, 10);
    assert!(step.budget_exhausted && step.events == 10 && step.now_us < 10_000_000);
}

/// The application reaches its database only if the network allows it: with the DB security
/// group opened on the wrong port, every dynamic request fails with the Analyzer's code at
/// `sg-db`, while CloudFront still serves static objects.
#[test]
fn database_behind_a_closed_security_group() {
    let mut s = reference_for(10.0);
    for n in &mut s.nodes {
        if let crate::model::Spec::SecurityGroup { inbound, .. } = &mut n.spec {
            if n.id.as_str() == "sg-db" {
                inbound[0].ports = crate::model::PortRange::single(5432);
            }
        }
    }
    let r = run(&s, 2);
    let blocked = r.blocked.iter().find(|b| b.cause.starts_with("Database.Unreachable")).unwrap();
    assert_eq!(
        (blocked.code.as_str(), blocked.blocked_at.as_ref().map(|n| n.as_str())),
        ("ENI_SG_RULES_MISMATCH", Some("sg-db"))
    );
    assert!(r.requests.succeeded > 0 && r.requests.failed > 0);
    let db = r.nodes.iter().find(|n| n.id.as_str() == "db").unwrap();
    assert_eq!(db.requests, 0);
}

/// Rule (ELB User Guide, "Health checks for your target groups"): the check goes to the
/// traffic port from the load balancer, so a target whose security group does not admit the
/// load balancer fails it, is marked unhealthy after `unhealthy_threshold` checks, and then
/// gets no requests: the errors last about two 30 s intervals, not the whole run.
#[test]
fn a_target_that_blocks_its_load_balancer_fails_its_health_checks() {
    let mut v = serde_json::to_value(reference_for(300.0)).unwrap();
    let nodes = v["nodes"].as_array_mut().unwrap();
    nodes.push(json!({"id": "sg-closed", "kind": "security_group", "vpc": "vpc-main",
                      "outbound": [{"protocol": "all", "cidr": "0.0.0.0/0"}]}));
    let i = nodes.iter().position(|n| n["id"] == "i-web-a1").unwrap();
    nodes[i]["security_groups"] = json!(["sg-closed"]);
    // Half the reference load, so that five instances carry it without queueing.
    v["traffic"][0]["rate"]["rps"] = json!(500);
    let mut sim = Simulation::new(&load(&v), 1).unwrap();
    sim.run();
    let r = sim.summary();
    let blocked: u64 = r.errors.iter().filter(|(k, _)| k.starts_with("LoadBalancer.504")).map(|(_, n)| n).sum();
    assert_eq!(blocked, r.requests.started - r.requests.succeeded, "only the blocked target fails: {:?}", r.errors);
    // One target of six until the second failed check 30 s after the first, of 300 s:
    // about 1/6 * 30/300 = 1.7 % of requests (without the health check: 1/6 = 17 %).
    let share = blocked as f64 / r.requests.started as f64;
    assert!(share > 0.01 && share < 0.04, "{share} ({:?})", r.errors);
    let unhealthy: Vec<_> = sim
        .timeline()
        .iter()
        .filter(|e| e.code == "ELB.TargetUnhealthy" && e.message.en().starts_with("i-web-a1 "))
        .collect();
    assert_eq!(unhealthy.len(), 1, "{:?}", sim.timeline());
    // Two failed checks, 30 s apart, the first on the first tick after start.
    assert!(unhealthy[0].t_us <= 61 * 1_000_000, "{}", unhealthy[0].t_us);
    // The other five stay healthy.
    assert!(sim.timeline().iter().all(|e| e.code != "ELB.TargetUnhealthy" || e.message.en().starts_with("i-web-a1 ")));
}

/// The goal checklist shown during a run reads the same verdicts the run summary gives at
/// the end, and has something to say before the end.
#[test]
fn goals_so_far_agree_with_the_summary() {
    let s = reference_for(10.0);
    let mut sim = Simulation::new(&s, 3).unwrap();
    sim.step_until(5_000_000, u64::MAX);
    let midway = sim.goals_so_far();
    assert_eq!(midway.len(), 4, "{midway:?}");
    assert!(midway.iter().all(|g| g.actual.is_finite()));
    sim.run();
    assert_eq!(sim.goals_so_far(), sim.summary().goals);
    let mut none = s.clone();
    none.goals = crate::workload::Goals::default();
    assert!(Simulation::new(&none, 3).unwrap().goals_so_far().is_empty());
}

/// The SQS goals read the queues' counters: in the decoupling example the spike ages the
/// oldest message past 10 s but loses nothing and processes nothing twice; with a one-minute
/// retention (SQS's minimum, `MessageRetentionPeriod` 60 s) a busier spike loses messages.
#[test]
fn sqs_goals_read_lost_duplicate_and_age() {
    let mut s = crate::scenarios::built_in("sqs-decoupling").unwrap();
    s.goals = crate::workload::Goals {
        messages_lost: Some(0),
        duplicates: Some(0),
        message_age_s: Some(10.0),
        ..Default::default()
    };
    let verdict = |s: &Scenario| {
        let mut sim = Simulation::new(s, 1).unwrap();
        sim.run();
        sim.summary().goals.into_iter().map(|g| (g.goal, g.met, g.actual)).collect::<Vec<_>>()
    };
    let goals = verdict(&s);
    fn get(goals: &[(&'static str, bool, f64)], name: &str) -> (&'static str, bool, f64) {
        *goals.iter().find(|g| g.0 == name).unwrap()
    }
    assert_eq!(goals.len(), 3, "{goals:?}");
    assert!(get(&goals, "messages_lost").1 && get(&goals, "duplicates").1, "{goals:?}");
    let age = get(&goals, "message_age_s");
    assert!(!age.1 && age.2 > 10.0, "the spike ages the oldest message: {goals:?}");
    let queue = s.nodes.iter_mut().find(|n| n.id.as_str() == "orders").unwrap();
    let mut doc = serde_json::to_value(&*queue).unwrap();
    doc["retention_period_s"] = json!(60);
    *queue = serde_json::from_value(doc).unwrap();
    // (A busier day: at 50 messages/s the oldest message peaks just under a minute.)
    let mut producers = serde_json::to_value(&s.traffic[0]).unwrap();
    producers["rate"]["rps"] = json!(70);
    s.traffic[0] = serde_json::from_value(producers).unwrap();
    let short = verdict(&s);
    let lost = get(&short, "messages_lost");
    assert!(!lost.1 && lost.2 > 0.0, "a one-minute retention loses messages in the spike: {short:?}");
}
