//! Set-up work grows with the design, not with its square: counted in work units (network resolutions, packet walks), never timed.

use engine::sim::Simulation;

#[test]
fn set_up_resolves_the_network_once_and_walks_linearly() {
    let work = |n: usize| {
        let s = engine::synth::fleet(n).unwrap();
        Simulation::new(&s, 1).unwrap().setup_work()
    };
    let (small, big) = (work(500), work(2_000));
    assert_eq!((small.topology_builds, big.topology_builds), (1, 1));
    // One gate per load balancer target, and a few walks each (two ALB nodes).
    assert!(big.reach_walks <= 3 * 2_000 + 10, "{big:?}");
    assert!(big.reach_walks <= 4 * small.reach_walks + 10, "{small:?} {big:?}");
}
