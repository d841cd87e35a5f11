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
];

/// The built-in scenario `key`, read (`None`: no such key). Tests and tools open examples
/// by key with it.
pub fn built_in(key: &str) -> Option<crate::model::Scenario> {
    let text = BUILT_IN.iter().find(|(k, _)| *k == key)?.1;
    crate::model::Scenario::from_json(text).ok()
}

/// `(key, name, Korean name)` of every built-in scenario, in `BUILT_IN`'s order: the Examples menu of
/// the web app, which fetches `examples/<key>.json` (scenarios/ copied by the build) when
/// one is chosen rather than carrying twelve documents in its first load. `name` is the
/// document's own `name` (a test checks both lists agree).
pub const EXAMPLES: &[(&str, &str, &str)] = &[
    ("first-web-server", "Your first web server", "나의 첫 웹 서버"),
    ("two-tier", "Two-tier web app in Seoul", "서울의 2계층 웹 앱"),
    ("nat-gateway-vs-instance", "NAT gateway vs NAT instance", "NAT 게이트웨이와 NAT 인스턴스"),
    ("peering-non-transitive", "Peering is not transitive", "피어링은 전이되지 않는다"),
    ("nacl-ephemeral", "The forgotten ephemeral ports", "잊어버린 임시 포트"),
    (
        "reference-web-app",
        "Reference web app: Route 53, CloudFront, ALB, 6 × m5.large in 3 AZs, RDS Multi-AZ",
        "참조 웹 앱: Route 53, CloudFront, ALB, 3개 AZ의 m5.large 6대, RDS 다중 AZ",
    ),
    ("asg-az-outage", "AZ outage: Auto Scaling heals across AZs", "AZ 장애: Auto Scaling이 다른 AZ에서 복구"),
    (
        "health-check-trap-ec2",
        "Health-check trap: EC2 health checks (fails)",
        "상태 확인 함정: EC2 상태 확인(복구 실패)",
    ),
    ("health-check-trap-elb", "Health-check trap: ELB health checks (heals)", "상태 확인 함정: ELB 상태 확인(복구)"),
    ("rds-multi-az-failover", "RDS Multi-AZ failover", "RDS 다중 AZ 장애 조치"),
    ("route53-failover", "Route 53 failover between Regions", "리전 간 Route 53 장애 조치"),
    ("spot-interruption", "Spot interruption with On-Demand base capacity", "온디맨드 기본 용량과 스팟 중단"),
    (
        "scale-out-spike",
        "Target tracking: scale out under a spike, back in after it",
        "대상 추적: 급증에 확장, 끝나면 축소",
    ),
    (
        "cluster-placement-group",
        "Cluster placement group: a search tier whose nodes talk",
        "클러스터 배치 그룹: 서로 호출하는 검색 계층",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_menu_lists_every_built_in_scenario_by_its_name() {
        let listed: Vec<(String, String)> = EXAMPLES.iter().map(|(k, n, _)| (k.to_string(), n.to_string())).collect();
        let built: Vec<(String, String)> =
            BUILT_IN.iter().map(|(k, text)| (k.to_string(), crate::Scenario::from_json(text).unwrap().name)).collect();
        assert_eq!(listed, built);
        // Each is a file of scenarios/, which the build copies to examples/.
        for (key, _, ko) in EXAMPLES {
            assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{key} has a Korean name: {ko}");
            let path = format!("{}/../../scenarios/{key}.json", env!("CARGO_MANIFEST_DIR"));
            assert!(std::path::Path::new(&path).exists(), "{path}");
        }
    }
}
