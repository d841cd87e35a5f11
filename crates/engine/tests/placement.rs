//! Placement groups in the simulation: calls between the instances of a tier (`app.peer_calls`) cost a round trip and a transfer set by placement — a cluster placement group in one AZ, the same AZ, or another AZ (aws-facts.md §1.3 "Single-flow limit", §1.6, §11; EC2 User Guide, "Placement groups" and "Amazon EC2 instance network bandwidth").

use engine::model::Spec;
use engine::sim::{fingerprint, RunSummary, Simulation};
use engine::Scenario;

fn scenario(name: &str) -> Scenario {
    let text = engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).unwrap();
    Scenario::from_json(text).unwrap()
}

fn run(s: &Scenario) -> RunSummary {
    let mut sim = Simulation::new(s, s.simulation.seed).unwrap();
    assert!(sim.run().finished);
    let summary = sim.summary();
    let c = summary.requests;
    assert_eq!(c.started, c.succeeded + c.failed, "every request ends exactly once");
    summary
}

/// Every application of the design (instances and Auto Scaling groups).
fn apps(s: &mut Scenario) -> impl Iterator<Item = &mut engine::model::AppSettings> {
    s.nodes.iter_mut().filter_map(|n| match &mut n.spec {
        Spec::Instance { app: Some(app), .. } | Spec::AutoScalingGroup { app: Some(app), .. } => Some(app),
        _ => None,
    })
}

fn no_group(s: &mut Scenario) {
    for n in &mut s.nodes {
        if let Spec::Instance { placement_group, .. } = &mut n.spec {
            *placement_group = None;
        }
    }
}

/// No group, search-3 and search-4 moved to the other AZ: two nodes per AZ.
fn two_azs(s: &mut Scenario) {
    no_group(s);
    for n in &mut s.nodes {
        if let Spec::Instance { subnet, .. } = &mut n.spec {
            if matches!(n.id.as_str(), "search-3" | "search-4") {
                *subnet = "private-c".into();
            }
        }
    }
}

/// One peer call, µs: a round trip plus 1 MiB at `gbps` (c5.xlarge: up to 10 Gbps itself).
fn call_us(rtt_ms: f64, gbps: f64) -> f64 {
    rtt_ms * 1_000.0 + 1024.0 * 1024.0 * 8.0 / (gbps * 1e9) * 1e6
}

/// The rule: instances in one cluster placement group talk with lower latency (a shorter
/// round trip, modelled at 0.2 ms against 0.4 ms in one AZ and 1.5 ms across AZs) and
/// 10 Gbps per flow instead of 5. The built-in scenario's search tier makes 3 calls of 1 MiB
/// per query: its latency is strictly ordered cluster < same AZ < two AZs, each query pays
/// exactly its calls' time (compared with the same design without peer calls, which draws
/// the same random numbers), and only the cluster group meets the scenario's goals.
#[test]
fn cluster_placement_group_members_talk_with_lower_latency_and_10_gbps_per_flow() {
    type Edit = fn(&mut Scenario);
    let cases: [(&str, Edit, f64); 3] = [
        ("cluster placement group, one AZ", |_| {}, 3.0 * call_us(0.2, 10.0)),
        ("no placement group, one AZ", no_group, 3.0 * call_us(0.4, 5.0)),
        // Each node calls the other three in turn: one in its AZ, two in the other.
        ("no placement group, two AZs", two_azs, call_us(0.4, 5.0) + 2.0 * call_us(1.5, 5.0)),
    ];
    let mut results: Vec<RunSummary> = Vec::new();
    for (name, edit, peer_us) in cases {
        let mut s = scenario("cluster-placement-group");
        edit(&mut s);
        let with = run(&s);
        apps(&mut s).for_each(|a| a.peer_calls = 0);
        let without = run(&s);
        assert_eq!(with.requests, without.requests, "{name}: the same requests");
        let added_us = (with.latency_ms.mean - without.latency_ms.mean) * 1_000.0;
        // Whole microseconds per call (truncation): at most 3 µs off.
        assert!((added_us - peer_us).abs() <= 3.0, "{name}: {added_us:.1} µs per query, expected {peer_us:.1}");
        results.push(with);
    }
    let [cluster, same_az, two_azs] = [&results[0], &results[1], &results[2]];
    for (what, f) in [
        ("p50", (|r: &RunSummary| r.latency_ms.p50) as fn(&RunSummary) -> f64),
        ("p95", |r| r.latency_ms.p95),
        ("p99", |r| r.latency_ms.p99),
        ("mean", |r| r.latency_ms.mean),
        ("search-1 p50", |r| r.nodes.iter().find(|n| n.id.as_str() == "search-1").unwrap().latency_p50_ms.unwrap()),
    ] {
        assert!(
            f(cluster) < f(same_az) && f(same_az) < f(two_azs),
            "{what}: {} < {} < {}",
            f(cluster),
            f(same_az),
            f(two_azs)
        );
    }
    assert!(cluster.goals_met, "{:#?}", cluster.goals);
    assert!(!same_az.goals_met && !two_azs.goals_met);
    // Calls to the other AZ are billed as data between AZs (both directions).
    let cross_az = |r: &RunSummary| r.cost.lines.iter().any(|l| l.item.contains("between AZs"));
    assert!(!cross_az(cluster) && !cross_az(same_az) && cross_az(two_azs));
}

/// Validation says it too: each node that calls its peers from outside a cluster
/// placement group gets an info diagnostic (not a warning: spreading over AZs trades
/// latency for resilience, a fair choice).
#[test]
fn peer_calls_outside_a_cluster_group_are_worth_knowing() {
    use engine::validate::{validate, Severity};
    let code = "Stratus.PlacementGroup.PeerCallsOutsideCluster";
    let mut s = scenario("cluster-placement-group");
    assert!(!validate(&s).iter().any(|d| d.code == code));
    no_group(&mut s);
    let found: Vec<_> = validate(&s).into_iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found.iter().all(|d| d.severity == Severity::Info && !d.message.ko().is_empty()));
    apps(&mut s).for_each(|a| a.peer_calls = 0);
    assert!(!validate(&s).iter().any(|d| d.code == code));
}

/// Without peer calls nothing changes: a design's run is bit-identical whatever its
/// `peer_call_kib` and placement groups (the peer model draws no random number and adds no
/// event). Every built-in scenario, 30 simulated seconds.
#[test]
fn without_peer_calls_nothing_changes() {
    for (name, _) in engine::scenarios::BUILT_IN {
        let mut s = scenario(name);
        if s.traffic.is_empty() {
            continue;
        }
        s.simulation.duration_s = s.simulation.duration_s.min(30.0);
        apps(&mut s).for_each(|a| a.peer_calls = 0);
        let base = run(&s);
        apps(&mut s).for_each(|a| a.peer_call_kib = 4096.0);
        no_group(&mut s);
        assert_eq!(fingerprint(&run(&s)), fingerprint(&base), "{name}");
    }
}

/// An Auto Scaling group's members are each other's peers, across its AZs; when an AZ is
/// lost, calls go to the members that still answer (none fails because of a peer).
#[test]
fn auto_scaling_group_members_call_each_other_and_skip_lost_ones() {
    let s = scenario("asg-az-outage");
    let base = run(&s);
    let mut s = s;
    apps(&mut s).for_each(|a| a.peer_calls = 2);
    let with = run(&s);
    assert_eq!(with.errors.keys().collect::<Vec<_>>(), base.errors.keys().collect::<Vec<_>>());
    assert_eq!(with.goals_met, base.goals_met, "{:#?}", with.goals);
    // t3.micro at 5 Gbps, 64 KiB answers: between two same-AZ and two cross-AZ calls each.
    let added_us = (with.latency_ms.mean - base.latency_ms.mean) * 1_000.0;
    let kib64 = 64.0 * 1024.0 * 8.0 / 5e9 * 1e6;
    assert!(added_us > 2.0 * (400.0 + kib64) * 0.9 && added_us < 2.0 * (1_500.0 + kib64) * 1.1, "{added_us}");
}
