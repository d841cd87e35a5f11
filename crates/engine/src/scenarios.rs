//! The built-in scenarios (scenarios/*.json): compiled in for the CLI and the tests, listed by name for the web app, which fetches each file when it is chosen.

/// `(name, JSON text)` of every built-in scenario, in the order a gallery shows them.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("first-web-server", include_str!("../../../scenarios/first-web-server.json")),
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
    ("sqs-decoupling", include_str!("../../../scenarios/sqs-decoupling.json")),
];

/// The built-in scenario `key`, read (`None`: no such key). Tests and tools open examples
/// by key with it.
pub fn built_in(key: &str) -> Option<crate::model::Scenario> {
    let text = BUILT_IN.iter().find(|(k, _)| *k == key)?.1;
    crate::model::Scenario::from_json(text).ok()
}

/// `(key, name)` of every built-in scenario, in `BUILT_IN`'s order: the Examples menu of the
/// web app, which fetches `examples/<key>.json` (scenarios/ copied by the build) when one is
/// chosen rather than carrying twelve documents in its first load. `name` is the document's
/// own `name` (a test checks both lists agree); the menu reads `example.<key>` in
/// messages/names/ (the Korean title, and this name in English).
pub const EXAMPLES: &[(&str, &str)] = &[
    ("first-web-server", "Your first web server"),
    ("two-tier", "Two-tier web app in Seoul"),
    ("nat-gateway-vs-instance", "NAT gateway vs NAT instance"),
    ("peering-non-transitive", "Peering is not transitive"),
    ("nacl-ephemeral", "The forgotten ephemeral ports"),
    ("reference-web-app", "Reference web app: Route 53, CloudFront, ALB, 6 × m5.large in 3 AZs, RDS Multi-AZ"),
    ("asg-az-outage", "AZ outage: Auto Scaling heals across AZs"),
    ("health-check-trap-ec2", "Health-check trap: EC2 health checks (fails)"),
    ("health-check-trap-elb", "Health-check trap: ELB health checks (heals)"),
    ("rds-multi-az-failover", "RDS Multi-AZ failover"),
    ("route53-failover", "Route 53 failover between Regions"),
    ("spot-interruption", "Spot interruption with On-Demand base capacity"),
    ("scale-out-spike", "Target tracking: scale out under a spike, back in after it"),
    ("cluster-placement-group", "Cluster placement group: a search tier whose nodes talk"),
    ("sqs-decoupling", "SQS: a queue absorbs a spike while the workers catch up"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_menu_lists_every_built_in_scenario_by_its_name() {
        let listed: Vec<(String, String)> = EXAMPLES.iter().map(|(k, n)| (k.to_string(), n.to_string())).collect();
        let built: Vec<(String, String)> =
            BUILT_IN.iter().map(|(k, text)| (k.to_string(), crate::Scenario::from_json(text).unwrap().name)).collect();
        assert_eq!(listed, built);
        // Each is a file of scenarios/, which the build copies to examples/.
        for (key, name) in EXAMPLES {
            let (en, ko) = crate::names::example(key);
            assert_eq!(en, *name, "{key}: the menu's English name is the document's");
            assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{key} has a Korean name: {ko}");
            let path = format!("{}/../../scenarios/{key}.json", env!("CARGO_MANIFEST_DIR"));
            assert!(std::path::Path::new(&path).exists(), "{path}");
        }
    }
}
