//! Bounded work for any input: the caps of `engine::limits`, each reported by `validate` and applied by the simulator, and the 859-byte scenario that used to grow to gigabytes (tests/fixtures/repro).

use engine::limits::{self, MAX_CONCURRENCY, MAX_DURATION_S, MAX_IN_FLIGHT};
use engine::sim::Simulation;
use engine::{validate, Scenario, Severity};
use serde_json::{json, Value};

const BOMB: &str = include_str!("../../../tests/fixtures/repro/oom-queue-bomb.json");

fn bomb() -> Value {
    serde_json::from_str(BOMB).unwrap()
}

fn load(doc: &Value) -> Scenario {
    Scenario::from_json(&doc.to_string()).unwrap()
}

/// (code, target) of every `Stratus.Limit.*` warning, and codes of every error.
fn findings(s: &Scenario) -> (Vec<(String, String)>, Vec<String>) {
    let d = validate(s);
    let warnings = d
        .iter()
        .filter(|d| d.code.starts_with("Stratus.Limit."))
        .inspect(|d| {
            assert_eq!(d.severity, Severity::Warning, "{}", d.code);
            assert!(!d.message.ko().is_empty() && !d.hint.ko().is_empty());
        })
        .map(|d| (d.code.clone(), d.target.to_string()))
        .collect();
    let errors = d.iter().filter(|d| d.severity == Severity::Error).map(|d| d.code.clone()).collect();
    (warnings, errors)
}

/// The repro: a t3.micro with a one-hour request and unlimited concurrency under a million
/// requests per second. Memory stays bounded (the simulator's own counters: requests in
/// flight and the longest vCPU queue), the run stops at its event budget and says so, and
/// `validate` names both clamped values.
#[test]
fn the_queue_bomb_ends_within_bounded_memory() {
    let s = load(&bomb());
    let (warnings, errors) = findings(&s);
    assert_eq!(
        warnings,
        vec![
            ("Stratus.Limit.MaxConcurrency".to_string(), "i".to_string()),
            ("Stratus.Limit.ServiceTime".to_string(), "i".to_string())
        ]
    );
    assert!(errors.is_empty(), "{errors:?}");
    let message = validate(&s).into_iter().find(|d| d.code == "Stratus.Limit.MaxConcurrency").unwrap().message;
    assert!(message.en().contains("4294967295") && message.en().contains("65536"), "{}", message.en());

    let mut sim = Simulation::new(&s, 1).unwrap();
    let step = sim.run_bounded(3_000_000);
    assert!(step.budget_exhausted);
    assert!(sim.peak_instance_queue() <= MAX_CONCURRENCY, "{}", sim.peak_instance_queue());
    assert!(sim.peak_in_flight() <= MAX_IN_FLIGHT, "{}", sim.peak_in_flight());
    let summary = sim.summary();
    let stop = summary.stopped_early.as_ref().expect("the summary says the run stopped early");
    assert_eq!((stop.reason, stop.max_events), ("event_budget", 3_000_000));
    assert!(stop.at_s < 60.0 && !stop.message.ko().is_empty());
    let r = summary.requests;
    assert_eq!(r.started, r.succeeded + r.failed + r.in_flight, "every request is counted");
    assert!(summary.errors["Instance.Overloaded"] > 0, "refused requests fail as overloaded: {:?}", summary.errors);
    assert_eq!(sim.summary().nodes[0].queue_max, Some(MAX_CONCURRENCY - 2), "2 vCPUs busy, the rest queued");
}

/// Beyond `MAX_IN_FLIGHT`, new requests are refused at once (503), counted, and take no
/// memory: every request here waits 30 s for a connection the security group drops.
#[test]
fn requests_past_the_in_flight_cap_are_refused_and_counted() {
    let mut doc = bomb();
    doc["nodes"][7]["inbound"] = json!([]);
    doc["nodes"][8]["app"] = json!({});
    let mut sim = Simulation::new(&load(&doc), 1).unwrap();
    sim.run_bounded(600_000);
    assert_eq!(sim.peak_in_flight(), MAX_IN_FLIGHT);
    let summary = sim.summary();
    let refused = summary.errors.get("Stratus.InFlightLimit").copied().unwrap_or(0);
    assert!(refused > 100_000, "{:?}", summary.errors);
    let r = summary.requests;
    assert_eq!(r.in_flight, MAX_IN_FLIGHT);
    assert_eq!(r.started, r.succeeded + r.failed + r.in_flight);
}

/// Each cap: the document change, the warning (code, target) `validate` gives, and a run
/// that neither panics nor ignores the clamp.
#[test]
fn each_cap_is_a_warning_and_the_simulation_applies_it() {
    type Patch = fn(&mut Value);
    type Want = Vec<(&'static str, &'static str)>;
    let cases: Vec<(&str, Patch, Want)> = vec![
        ("sane values", |d| d["nodes"][8]["app"] = json!({"cpu_ms": 10, "max_concurrency": 1024}), vec![]),
        (
            "one population over a million req/s",
            |d| {
                d["nodes"][8]["app"] = json!({});
                d["traffic"][0]["rate"]["rps"] = json!(5e6)
            },
            vec![("Stratus.Limit.PopulationRate", "i")],
        ),
        (
            "populations over a million req/s together",
            |d| {
                d["nodes"][8]["app"] = json!({});
                d["traffic"][0]["rate"]["rps"] = json!(600_000);
                let mut v = d["traffic"][0].clone();
                v["name"] = json!("v");
                d["traffic"].as_array_mut().unwrap().push(v);
            },
            vec![("Stratus.Limit.TotalRate", "traffic")],
        ),
        (
            "100 years",
            |d| {
                d["nodes"][8]["app"] = json!({});
                d["simulation"]["duration_s"] = json!(100.0 * 365.0 * 86_400.0)
            },
            vec![("Stratus.Limit.Duration", "simulation")],
        ),
        (
            "static_cpu_ms and peer calls",
            |d| d["nodes"][8]["app"] = json!({"static_cpu_ms": 1e12, "peer_calls": 4_000_000_000u32}),
            vec![("Stratus.Limit.PeerCalls", "i"), ("Stratus.Limit.ServiceTime", "i")],
        ),
        (
            "objects and resolvers",
            |d| {
                d["nodes"][8]["app"] = json!({});
                d["traffic"][0]["mix"] = json!({"objects": 4_000_000_000u32});
                d["traffic"][0]["resolvers"] = json!(4_000_000_000u32);
            },
            vec![("Stratus.Limit.Objects", "i"), ("Stratus.Limit.Resolvers", "i")],
        ),
        (
            "a group over 500",
            |d| {
                d["nodes"][8]["app"] = json!({});
                d["nodes"].as_array_mut().unwrap().push(json!({"id": "g", "kind": "auto_scaling_group",
                    "subnets": ["s"], "instance_type": "t3.micro", "launch_template": {"name": "w", "version": 1}, "min": 1, "max": 900, "desired": 2}));
            },
            vec![("Stratus.Limit.AsgSize", "g")],
        ),
        (
            "groups over 20,000 instances together",
            |d| {
                d["nodes"][8]["app"] = json!({});
                for k in 0..41 {
                    d["nodes"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!({"id": format!("g{k:02}"), "kind": "auto_scaling_group",
                        "subnets": ["s"], "instance_type": "t3.micro", "launch_template": {"name": "w", "version": 1}, "min": 0, "max": 500, "desired": 0}));
                }
            },
            vec![("Stratus.Limit.AsgInstances", "g40")],
        ),
    ];
    for (what, patch, want) in cases {
        let mut doc = bomb();
        patch(&mut doc);
        let s = load(&doc);
        let (mut warnings, errors) = findings(&s);
        engine::sort::sort_by(&mut warnings, Ord::cmp);
        let want: Vec<(String, String)> = want.iter().map(|(c, t)| (c.to_string(), t.to_string())).collect();
        assert_eq!(warnings, want, "{what}");
        assert!(errors.is_empty(), "{what}: {errors:?}");
        let mut sim = Simulation::new(&s, 1).unwrap();
        assert!(sim.end_us() <= (MAX_DURATION_S * 1e6) as u64, "{what}");
        sim.run_bounded(20_000);
        for g in sim.frame().nodes.iter().filter_map(|n| n.group.as_ref()) {
            assert!(g.max <= limits::MAX_ASG_SIZE, "{what}");
        }
    }
}

/// The total rate cap keeps each population's share: two populations of 600,000 req/s
/// send a million together, not 1.2 million.
#[test]
fn the_total_rate_cap_scales_every_population() {
    let mut doc = bomb();
    doc["nodes"][8]["app"] = json!({});
    doc["traffic"][0]["rate"]["rps"] = json!(600_000);
    let mut v = doc["traffic"][0].clone();
    v["name"] = json!("v");
    doc["traffic"].as_array_mut().unwrap().push(v);
    doc["simulation"]["duration_s"] = json!(0.1);
    let mut sim = Simulation::new(&load(&doc), 1).unwrap();
    sim.run_bounded(2_000_000);
    let started = sim.requests().started;
    assert!((95_000..105_000).contains(&started), "{started} requests in 0.1 s");
}

/// The last groups get what the earlier ones left: 41 groups of 500 are 20,500, so the
/// 41st runs at most 0.
#[test]
fn auto_scaling_groups_share_the_instance_budget() {
    let mut doc = bomb();
    doc["nodes"][8]["app"] = json!({});
    for k in 0..41 {
        doc["nodes"].as_array_mut().unwrap().push(json!({"id": format!("g{k:02}"), "kind": "auto_scaling_group",
            "subnets": ["s"], "instance_type": "t3.micro", "min": 0, "max": 500, "desired": 0,
            "policies": [{"policy": "scheduled", "at_s": 0.5, "max": 500, "desired": 500}]}));
    }
    doc["simulation"]["duration_s"] = json!(2);
    doc["traffic"][0]["rate"]["rps"] = json!(10);
    let mut sim = Simulation::new(&load(&doc), 1).unwrap();
    sim.run_bounded(1_000_000);
    let maxes: Vec<u32> = sim.frame().nodes.iter().filter_map(|n| n.group.as_ref()).map(|g| g.max).collect();
    assert_eq!(maxes.iter().sum::<u32>(), limits::MAX_ASG_INSTANCES, "{maxes:?}");
    assert_eq!(maxes[40], 0);
}

/// Negative rates and durations are errors in `validate`, and the simulator treats them as
/// no traffic / the default duration instead of panicking.
#[test]
fn negative_rates_and_durations_are_errors_not_panics() {
    for (what, rate, duration) in [
        ("negative rps", json!({"pattern": "constant", "rps": -5}), json!(60)),
        ("negative ramp", json!({"pattern": "ramp", "from_rps": 10, "to_rps": -1e300, "over_s": 5}), json!(60)),
        (
            "negative spike",
            json!({"pattern": "spike", "base_rps": 10, "peak_rps": 20, "at_s": -1, "for_s": 5}),
            json!(60),
        ),
        ("negative duration", json!({"pattern": "constant", "rps": 10}), json!(-1)),
    ] {
        let mut doc = bomb();
        doc["nodes"][8]["app"] = json!({});
        doc["traffic"][0]["rate"] = rate;
        doc["simulation"]["duration_s"] = duration;
        let s = load(&doc);
        let (_, errors) = findings(&s);
        let want = if what.contains("duration") {
            "Stratus.Simulation.InvalidDuration"
        } else {
            "Stratus.Traffic.InvalidRate"
        };
        assert_eq!(errors, vec![want.to_string()], "{what}");
        let mut sim = Simulation::new(&s, 1).unwrap();
        sim.run_bounded(100_000);
    }
}

/// Every built-in scenario is far under every cap: `validate` clamps nothing, so their
/// runs (and fingerprints) are what they were before the caps.
#[test]
fn built_in_scenarios_are_under_every_cap() {
    for (name, text) in engine::scenarios::BUILT_IN {
        let s = Scenario::from_json(text).unwrap();
        assert_eq!(limits::clamps(&s), vec![], "{name}");
        assert_eq!(limits::rate_scale(&s.traffic), 1.0, "{name}");
    }
}
