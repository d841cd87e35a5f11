//! The determinism fixture shared with the browser: tests/fixtures/sim-determinism.json names a run and its fingerprint, which native and wasm must both reproduce.

use engine::sim::{fingerprint, Simulation};
use engine::Scenario;
use serde_json::Value;

#[test]
fn native_run_matches_the_shared_fixture() {
    let fixture: Value = serde_json::from_str(include_str!("../../../tests/fixtures/sim-determinism.json")).unwrap();
    let name = fixture["scenario"].as_str().unwrap();
    let text = engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).unwrap();
    let mut scenario = Scenario::from_json(text).unwrap();
    scenario.simulation.duration_s = fixture["duration_s"].as_f64().unwrap();
    let mut sim = Simulation::new(&scenario, fixture["seed"].as_u64().unwrap()).unwrap();
    sim.run();
    let summary = sim.summary();
    assert_eq!(summary.requests.started, fixture["requests_started"].as_u64().unwrap());
    assert_eq!(sim.events(), fixture["events"].as_u64().unwrap());
    assert_eq!(format!("{:016x}", fingerprint(&summary)), fixture["fingerprint"].as_str().unwrap());
}
