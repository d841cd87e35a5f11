//! The built-in scenarios (scenarios/*.json), compiled in so the web app and the tests load the same files.

/// `(name, JSON text)` of every built-in scenario, in the order a gallery shows them.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("two-tier", include_str!("../../../scenarios/two-tier.json")),
    ("nat-gateway-vs-instance", include_str!("../../../scenarios/nat-gateway-vs-instance.json")),
    ("peering-non-transitive", include_str!("../../../scenarios/peering-non-transitive.json")),
    ("nacl-ephemeral", include_str!("../../../scenarios/nacl-ephemeral.json")),
    ("reference-web-app", include_str!("../../../scenarios/reference-web-app.json")),
    ("asg-az-outage", include_str!("../../../scenarios/asg-az-outage.json")),
    ("health-check-trap-ec2", include_str!("../../../scenarios/health-check-trap-ec2.json")),
    ("health-check-trap-elb", include_str!("../../../scenarios/health-check-trap-elb.json")),
    ("rds-multi-az-failover", include_str!("../../../scenarios/rds-multi-az-failover.json")),
    ("route53-failover", include_str!("../../../scenarios/route53-failover.json")),
    ("spot-interruption", include_str!("../../../scenarios/spot-interruption.json")),
    ("scale-out-spike", include_str!("../../../scenarios/scale-out-spike.json")),
    ("cluster-placement-group", include_str!("../../../scenarios/cluster-placement-group.json")),
];
