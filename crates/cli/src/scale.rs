//! `stratus bench`'s scale part: the reliability issue's reproducers at 20k instances (engine::synth), set-up and run timed separately, with the engine's own work counters.

use engine::sim::{fingerprint, Simulation};
use engine::{Flow, Scenario};
use serde_json::{json, Value};

/// A simulation of `scenario` for `duration_s`: set-up and run wall time, events, and what
/// set-up did (network resolutions, reachability walks).
fn timed_run(scenario: &Scenario, duration_s: f64) -> Result<Value, String> {
    let mut scenario = scenario.clone();
    scenario.simulation.duration_s = duration_s;
    let (sim, setup_s) = timed(|| Simulation::new(&scenario, 1));
    let mut sim = sim.map_err(|e| e.message().en())?;
    let ((), run_s) = timed(|| {
        sim.run();
    });
    let work = sim.setup_work();
    Ok(json!({
        "simulated_s": duration_s,
        "setup_s": setup_s,
        "run_s": run_s,
        "events": sim.events(),
        "topology_builds": work.topology_builds,
        "reach_walks": work.reach_walks,
        "fingerprint": format!("{:016x}", fingerprint(&sim.summary())),
    }))
}

/// 20,000 instances behind ALBs (`scale_gen.py`'s design), 60 simulated seconds; 40 Auto
/// Scaling groups of 500 behind one ALB, 30 s; two NLBs of 1,000 nodes each, reachability.
/// `quick`: a tenth of the size (for the CLI's tests, in debug builds).
pub fn bench(quick: bool) -> Result<Value, String> {
    let k = if quick { 10 } else { 1 };
    let fleet = engine::synth::fleet(20_000 / k).map_err(|e| e.to_string())?;
    let asgs = engine::synth::asg_fleet(40 / k, 500).map_err(|e| e.to_string())?;
    let fanout = engine::synth::lb_fanout(1_000 / k, false).map_err(|e| e.to_string())?;
    let mut analyzer = None;
    let (answer, reach_s) = timed(|| {
        let a = analyzer.insert(engine::net::Analyzer::new(&fanout));
        a.reach(&"lb1".into(), &"lb2".into(), Flow::tcp(80))
    });
    let answer = answer.map_err(|e| e.to_string())?;
    Ok(json!({
        "fleet": { "instances": 20_000 / k, "run": timed_run(&fleet, 60.0)? },
        "auto_scaling": { "groups": 40 / k, "instances": 20_000 / k, "run": timed_run(&asgs, 30.0)? },
        "reach_fanout": {
            "nodes_each": 1_000 / k,
            "wall_s": reach_s,
            "walks": analyzer.map_or(0, |a| a.walks()),
            "reachable": answer.is_reachable(),
        },
    }))
}

/// Wall-clock seconds `f` takes. Native only: the CLI never runs in wasm.
#[allow(clippy::disallowed_methods)] // reason: benchmarks measure wall time natively; the engine itself never reads a clock
pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = std::time::Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64())
}
