//! Rules for failure handling: Auto Scaling groups (capacity bounds, launch template vs the deprecated launch configuration), target-group and Route 53 health-check settings, placement groups, and scheduled faults whose target does not exist.
//!
//! Codes are the service's own where it has one (Auto Scaling `ValidationError`, ELBv2
//! `ValidationError` for a health-check setting out of range, Route 53 `InvalidInput`), else
//! `Stratus.*`.

use super::{Check, Severity, Want};
use crate::model::{FaultKind, HealthCheck, HealthCheckType, Node, NodeId, Route53HealthCheck, Spec, Text};
use crate::resilience::parse_matcher;

mod src {
    pub const ASG_CREATE: &str =
        "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html";
    pub const LAUNCH_CONFIGURATION: &str =
        "https://docs.aws.amazon.com/autoscaling/ec2/userguide/launch-configurations.html";
    pub const ASG_HEALTH: &str = "https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-checks-overview.html";
    pub const TG_HEALTH: &str =
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html";
    pub const R53_HEALTH: &str = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html";
    pub const FAULTS: &str = "docs/format.md#faults";
    pub const PLACEMENT: &str = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/placement-groups.html";
}

impl<'a> Check<'a> {
    /// An Auto Scaling group node.
    pub(super) fn auto_scaling_group(&mut self, node: &'a Node) {
        let id = &node.id;
        let Spec::AutoScalingGroup {
            subnets,
            instance_type,
            security_groups,
            app,
            launch_template,
            launch_configuration,
            min,
            max,
            desired,
            health_check_type,
            load_balancers,
            ..
        } = &node.spec
        else {
            return;
        };
        for subnet in subnets {
            self.reference(id, "subnets", subnet, Want::Subnet);
        }
        for sg in security_groups {
            self.reference(id, "security_groups", sg, Want::SecurityGroup);
        }
        for lb in load_balancers {
            if !matches!(self.spec(lb), Some(Spec::LoadBalancer { .. })) {
                self.emit(
                    "ValidationError",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("'{id}' registers its instances in '{lb}', which is not a load balancer."),
                        format!("'{id}'이(가) 인스턴스를 등록하는 '{lb}'은(는) 로드 밸런서가 아닙니다."),
                    ),
                    Text::new(
                        "An Auto Scaling group registers its instances in load balancers' target groups.",
                        "Auto Scaling 그룹은 인스턴스를 로드 밸런서의 대상 그룹에 등록합니다.",
                    ),
                    &[lb],
                    src::ASG_CREATE,
                );
            }
        }
        if subnets.is_empty() {
            self.emit(
                "ValidationError",
                Severity::Error,
                id,
                Text::new(
                    format!("'{id}' has no subnet to launch into."),
                    format!("'{id}'에 인스턴스를 시작할 서브넷이 없습니다."),
                ),
                Text::new(
                    "Give the group subnets in two or more AZs so that it survives an AZ outage.",
                    "AZ 장애를 견디도록 두 개 이상의 AZ에 있는 서브넷을 지정하세요.",
                ),
                &[],
                src::ASG_CREATE,
            );
        }
        // CreateAutoScalingGroup: MinSize <= DesiredCapacity <= MaxSize (aws-facts.md §3).
        if min > max || desired < min || desired > max {
            self.emit(
                "ValidationError",
                Severity::Error,
                id,
                Text::new(
                    format!("'{id}' has min {min}, desired {desired}, max {max}: desired capacity must be between min and max."),
                    format!("'{id}'의 최소 {min}, 원하는 용량 {desired}, 최대 {max}: 원하는 용량은 최소와 최대 사이여야 합니다."),
                ),
                Text::new(
                    "The group keeps the desired capacity; scaling policies move it within [min, max].",
                    "그룹은 원하는 용량을 유지하고, 조정 정책은 [최소, 최대] 안에서 그것을 움직입니다.",
                ),
                &[],
                src::ASG_CREATE,
            );
        }
        match (launch_template, launch_configuration) {
            (None, None) => self.emit(
                "ValidationError",
                Severity::Error,
                id,
                Text::new(
                    format!("'{id}' has neither a launch template nor a launch configuration."),
                    format!("'{id}'에 시작 템플릿도 시작 구성도 없습니다."),
                ),
                Text::new(
                    "A group launches instances from a launch template (versioned). Add \"launch_template\".",
                    "그룹은 시작 템플릿(버전 관리됨)으로 인스턴스를 시작합니다. \"launch_template\"을 추가하세요.",
                ),
                &[],
                src::ASG_CREATE,
            ),
            (Some(_), Some(_)) => self.emit(
                "ValidationError",
                Severity::Error,
                id,
                Text::new(
                    format!("'{id}' names both a launch template and a launch configuration."),
                    format!("'{id}'에 시작 템플릿과 시작 구성이 모두 있습니다."),
                ),
                Text::new("A group uses one or the other.", "그룹은 둘 중 하나만 씁니다."),
                &[],
                src::ASG_CREATE,
            ),
            (None, Some(name)) => self.emit(
                "Stratus.AutoScaling.LaunchConfigurationDeprecated",
                Severity::Warning,
                id,
                Text::new(
                    format!("'{id}' uses launch configuration '{name}': launch configurations are immutable and deprecated (no new instance types since 2023; new accounts cannot create them)."),
                    format!("'{id}'은(는) 시작 구성 '{name}'을(를) 씁니다. 시작 구성은 변경할 수 없고 더 이상 권장되지 않습니다(2023년 이후 새 인스턴스 유형 미지원, 새 계정은 만들 수 없음)."),
                ),
                Text::new(
                    "Use a launch template: each version is immutable, but you can add versions and choose $Default or $Latest.",
                    "시작 템플릿을 쓰세요. 각 버전은 변경할 수 없지만 새 버전을 추가하고 $Default나 $Latest를 고를 수 있습니다.",
                ),
                &[],
                src::LAUNCH_CONFIGURATION,
            ),
            (Some(_), None) => {}
        }
        if *health_check_type == HealthCheckType::Elb && load_balancers.is_empty() {
            self.emit(
                "Stratus.AutoScaling.ElbHealthWithoutLoadBalancer",
                Severity::Warning,
                id,
                Text::new(
                    format!("'{id}' uses ELB health checks but is not attached to a load balancer."),
                    format!("'{id}'은(는) ELB 상태 확인을 쓰지만 로드 밸런서에 연결되어 있지 않습니다."),
                ),
                Text::new(
                    "Without a target group only EC2 status checks apply.",
                    "대상 그룹이 없으면 EC2 상태 검사만 적용됩니다.",
                ),
                &[],
                src::ASG_HEALTH,
            );
        }
        self.instance_performance(id, instance_type, app.as_ref(), None);
    }

    /// A target group's health-check settings: ranges and the success-code matcher
    /// (aws-facts.md §4.2: ALB 200-499, NLB 200-599).
    pub(super) fn health_check(&mut self, id: &NodeId, alb: bool, check: &HealthCheck) {
        let ranges: [(&str, Option<u32>, u32, u32); 4] = [
            ("interval_s", check.interval_s, 5, 300),
            ("timeout_s", check.timeout_s, 2, 120),
            ("healthy_threshold", check.healthy_threshold, 2, 10),
            ("unhealthy_threshold", check.unhealthy_threshold, 2, 10),
        ];
        for (field, value, lo, hi) in ranges {
            let Some(v) = value else { continue };
            if !(lo..=hi).contains(&v) {
                self.emit(
                    "ValidationError",
                    Severity::Error,
                    id,
                    Text::new(
                        format!("Health check {field} of '{id}' is {v}; it must be {lo}-{hi}."),
                        format!("'{id}'의 상태 확인 {field}이(가) {v}입니다. {lo}-{hi}이어야 합니다."),
                    ),
                    Text::new(
                        "Defaults: interval 30 s, timeout 5 s, healthy threshold 5 (ALB) or 3 (NLB), unhealthy threshold 2.",
                        "기본값: 간격 30초, 제한 시간 5초, 정상 임계값 5(ALB) 또는 3(NLB), 비정상 임계값 2.",
                    ),
                    &[],
                    src::TG_HEALTH,
                );
            }
        }
        let Some(matcher) = &check.matcher else { return };
        let allowed = if alb { (200, 499) } else { (200, 599) };
        match parse_matcher(matcher, allowed) {
            Err(why) => self.emit(
                "ValidationError",
                Severity::Error,
                id,
                Text::new(
                    format!("Success codes \"{matcher}\" of '{id}' are not valid: {why}. Use codes or ranges within {}-{}, e.g. \"200\" or \"200-299\".", allowed.0, allowed.1),
                    format!("'{id}'의 성공 코드 \"{matcher}\"이(가) 올바르지 않습니다: {why}. {}-{} 안의 코드나 범위를 쓰세요(예: \"200\", \"200-299\").", allowed.0, allowed.1),
                ),
                Text::new(
                    "The matcher lists the HTTP codes a healthy target answers its health check with.",
                    "매처는 정상 대상이 상태 확인에 응답하는 HTTP 코드 목록입니다.",
                ),
                &[],
                src::TG_HEALTH,
            ),
            Ok(ranges) if !ranges.iter().any(|&(a, z)| (a..=z).contains(&200)) => self.emit(
                "Stratus.HealthCheck.MatcherExcludes200",
                Severity::Warning,
                id,
                Text::new(
                    format!("Success codes \"{matcher}\" of '{id}' do not include 200, which the application answers: every target will be unhealthy."),
                    format!("'{id}'의 성공 코드 \"{matcher}\"에 애플리케이션이 응답하는 200이 없어 모든 대상이 비정상이 됩니다."),
                ),
                Text::new(
                    "When every target is unhealthy the load balancer fails open and still sends them traffic.",
                    "모든 대상이 비정상이면 로드 밸런서는 페일 오픈하여 여전히 모든 대상에 트래픽을 보냅니다.",
                ),
                &[],
                src::TG_HEALTH,
            ),
            Ok(_) => {}
        }
    }

    /// A Route 53 health check: interval 10 or 30 s, failure threshold 1-10 (aws-facts.md §8).
    pub(super) fn route53_health_check(&mut self, id: &NodeId, check: &Route53HealthCheck) {
        let interval_ok = matches!(check.interval_s, 10 | 30);
        let threshold_ok = (1..=10).contains(&check.failure_threshold);
        if interval_ok && threshold_ok {
            return;
        }
        self.emit(
            "InvalidInput",
            Severity::Error,
            id,
            Text::new(
                format!(
                    "The health check of '{id}' has interval {} s and failure threshold {}: the interval must be 10 or 30 s and the threshold 1-10.",
                    check.interval_s, check.failure_threshold
                ),
                format!(
                    "'{id}'의 상태 확인 간격이 {}초, 실패 임계값이 {}입니다. 간격은 10초나 30초, 임계값은 1-10이어야 합니다.",
                    check.interval_s, check.failure_threshold
                ),
            ),
            Text::new(
                "Route 53 checks every 30 s (standard) or 10 s (fast); an endpoint is unhealthy after the threshold of failures in a row.",
                "Route 53은 30초(표준)나 10초(빠름)마다 확인하고, 연속 실패가 임계값에 이르면 비정상으로 봅니다.",
            ),
            &[],
            src::R53_HEALTH,
        );
    }

    /// Scheduled faults name something that exists and can break that way. Instances an
    /// Auto Scaling group launches are named `i-1`, `i-2`... at run time.
    pub(super) fn faults(&mut self) {
        let has_group = self.s.nodes.iter().any(|n| matches!(n.spec, Spec::AutoScalingGroup { .. }));
        let entity = |t: &str| has_group && t.strip_prefix("i-").is_some_and(|n| n.parse::<u32>().is_ok());
        for (k, f) in self.s.faults.iter().enumerate() {
            let spec = |t: &str| self.spec(&NodeId::from(t));
            let instance = |t: &str| matches!(spec(t), Some(Spec::Instance { .. })) || entity(t);
            let (target, ok, want): (String, bool, (&str, &str)) = match &f.fault {
                FaultKind::InstanceCrash { target }
                | FaultKind::InstanceImpaired { target }
                | FaultKind::EbsDegraded { target } => (target.clone(), instance(target), ("an instance", "인스턴스")),
                FaultKind::SpotInterruption { target } => (
                    target.clone(),
                    instance(target) || matches!(spec(target), Some(Spec::AutoScalingGroup { .. })),
                    ("a Spot instance or an Auto Scaling group", "스팟 인스턴스나 Auto Scaling 그룹"),
                ),
                FaultKind::AzOutage { az } => (
                    az.to_string(),
                    matches!(spec(az.as_str()), Some(Spec::AvailabilityZone { .. })),
                    ("an Availability Zone", "가용 영역"),
                ),
                FaultKind::RegionOutage { region } => (
                    region.to_string(),
                    matches!(spec(region.as_str()), Some(Spec::Region { .. })),
                    ("a Region", "리전"),
                ),
                FaultKind::NatGatewayFailure { target } => (
                    target.to_string(),
                    matches!(spec(target.as_str()), Some(Spec::NatGateway { .. })),
                    ("a NAT gateway", "NAT 게이트웨이"),
                ),
                FaultKind::RdsPrimaryFailure { target } => (
                    target.to_string(),
                    matches!(spec(target.as_str()), Some(Spec::RdsInstance { .. })),
                    ("an RDS instance", "RDS 인스턴스"),
                ),
                FaultKind::S3Throttling { target } => (
                    target.to_string(),
                    matches!(spec(target.as_str()), Some(Spec::S3Bucket { .. })),
                    ("an S3 bucket", "S3 버킷"),
                ),
                FaultKind::CloudfrontOriginFailure { target } => (
                    target.to_string(),
                    matches!(spec(target.as_str()), Some(Spec::CloudfrontDistribution { .. })),
                    ("a CloudFront distribution", "CloudFront 배포"),
                ),
                FaultKind::TrafficSpike { population, .. } => {
                    let name = population.clone().unwrap_or_default();
                    let ok = population.as_ref().is_none_or(|p| self.s.traffic.iter().any(|t| &t.name == p));
                    (name, ok, ("a client population", "사용자 집단"))
                }
            };
            if ok {
                continue;
            }
            let at = NodeId(format!("faults[{k}]"));
            self.emit(
                "Stratus.Fault.UnknownTarget",
                Severity::Error,
                &at,
                Text::new(
                    format!("Fault {k} at {} s targets '{target}', which is not {}.", f.at_s, want.0),
                    format!("{}초의 장애 {k}이(가) 대상으로 삼은 '{target}'은(는) {}이(가) 아닙니다.", f.at_s, want.1),
                ),
                Text::new(
                    "A fault breaks something that exists: name its id (instances an Auto Scaling group launches are i-1, i-2...).",
                    "장애는 있는 대상을 깨뜨립니다. 그 ID를 쓰세요(Auto Scaling 그룹이 시작한 인스턴스는 i-1, i-2...).",
                ),
                &[],
                src::FAULTS,
            );
        }
    }
}

impl Check<'_> {
    /// Placement groups (aws-facts.md §1.6, EC2 User Guide "Placement groups"): one strategy
    /// per group; a cluster group lives in one AZ and takes no T2; a spread group holds at most
    /// 7 running instances per AZ; a partition group has partitions 1-7; Dedicated Instances
    /// cannot be spread.
    pub(super) fn placement_groups(&mut self) {
        use crate::model::{PlacementStrategy, PurchaseOption};
        use std::collections::BTreeMap;
        let mut groups: BTreeMap<&str, Vec<&Node>> = BTreeMap::new();
        for n in &self.s.nodes {
            if let Spec::Instance { placement_group: Some(g), .. } = &n.spec {
                groups.entry(g.name.as_str()).or_default().push(n);
            }
        }
        for (name, members) in groups {
            let mut per_az: BTreeMap<&NodeId, Vec<&NodeId>> = BTreeMap::new();
            let mut strategy = None;
            for n in &members {
                let Spec::Instance { subnet, instance_type, purchase, placement_group: Some(g), .. } = &n.spec else {
                    continue;
                };
                if let Some(Spec::Subnet { az, .. }) = self.spec(subnet) {
                    per_az.entry(az).or_default().push(&n.id);
                }
                let first = *strategy.get_or_insert(g.strategy);
                let problem = |code: &str, en: String, ko: String| {
                    let hint = Text::new(
                        "Cluster: one AZ, low latency. Spread: at most 7 running instances per AZ. Partition: partitions 1-7 per AZ.",
                        "클러스터: 한 AZ, 낮은 지연 시간. 분산: AZ당 실행 중인 인스턴스 최대 7개. 파티션: AZ당 파티션 1-7.",
                    );
                    (code.to_string(), Text::new(en, ko), hint)
                };
                let mut found = Vec::new();
                if g.strategy != first {
                    found.push(problem(
                        "InvalidPlacementGroup.Unknown",
                        format!("'{}' puts placement group '{name}' to another strategy than its other members.", n.id),
                        format!("'{}'이(가) 배치 그룹 '{name}'을(를) 다른 멤버와 다른 전략으로 씁니다.", n.id),
                    ));
                }
                if g.strategy == PlacementStrategy::Cluster && instance_type.starts_with("t2.") {
                    found.push(problem(
                        "Unsupported",
                        format!(
                            "'{}' is a {instance_type}: T2 instances cannot be in a cluster placement group.",
                            n.id
                        ),
                        format!(
                            "'{}'은(는) {instance_type}입니다. T2 인스턴스는 클러스터 배치 그룹에 들어갈 수 없습니다.",
                            n.id
                        ),
                    ));
                }
                if g.strategy == PlacementStrategy::Spread && *purchase == PurchaseOption::Dedicated {
                    found.push(problem(
                        "Unsupported",
                        format!("'{}' is a Dedicated Instance: spread placement groups do not take them.", n.id),
                        format!(
                            "'{}'은(는) 전용 인스턴스입니다. 분산 배치 그룹은 전용 인스턴스를 받지 않습니다.",
                            n.id
                        ),
                    ));
                }
                if g.strategy == PlacementStrategy::Partition && !g.partition.is_none_or(|p| (1..=7).contains(&p)) {
                    found.push(problem(
                        "InvalidParameterValue",
                        format!(
                            "'{}' asks for partition {} of '{name}': partitions are 1-7.",
                            n.id,
                            g.partition.unwrap_or(0)
                        ),
                        format!(
                            "'{}'이(가) '{name}'의 파티션 {}을(를) 요청합니다. 파티션은 1-7입니다.",
                            n.id,
                            g.partition.unwrap_or(0)
                        ),
                    ));
                }
                for (code, message, hint) in found {
                    self.emit(&code, Severity::Error, &n.id, message, hint, &[], src::PLACEMENT);
                }
            }
            let Some(strategy) = strategy else { continue };
            if strategy == PlacementStrategy::Cluster && per_az.len() > 1 {
                let first = members[0].id.clone();
                self.emit(
                    "InvalidParameterCombination",
                    Severity::Error,
                    &first,
                    Text::new(
                        format!("Cluster placement group '{name}' spans {} AZs: a cluster group lives in one AZ.", per_az.len()),
                        format!("클러스터 배치 그룹 '{name}'이(가) AZ {}개에 걸쳐 있습니다. 클러스터 그룹은 한 AZ에만 있습니다.", per_az.len()),
                    ),
                    Text::new(
                        "Put every instance of the group in subnets of one AZ.",
                        "그룹의 모든 인스턴스를 한 AZ의 서브넷에 두세요.",
                    ),
                    &[],
                    src::PLACEMENT,
                );
            }
            if strategy == PlacementStrategy::Spread {
                for (az, ids) in per_az.into_iter().filter(|(_, ids)| ids.len() > 7) {
                    let eighth = ids[7];
                    self.emit(
                        "InsufficientInstanceCapacity",
                        Severity::Error,
                        eighth,
                        Text::new(
                            format!("Spread placement group '{name}' has {} instances in AZ '{az}': at most 7 running instances per AZ per group, so the 8th fails to launch.", ids.len()),
                            format!("분산 배치 그룹 '{name}'의 AZ '{az}'에 인스턴스가 {}개 있습니다. 그룹당 AZ마다 실행 중인 인스턴스는 최대 7개이므로 8번째는 시작되지 않습니다.", ids.len()),
                        ),
                        Text::new(
                            "Spread the instances over more AZs (7 per AZ, e.g. 21 across 3 AZs), or use a partition group.",
                            "인스턴스를 더 많은 AZ에 나누거나(AZ당 7개, 예: AZ 3개에 21개) 파티션 그룹을 쓰세요.",
                        ),
                        &[],
                        src::PLACEMENT,
                    );
                }
            }
        }
    }

    /// An application that calls the other targets of its load balancer (`app.peer_calls`)
    /// from outside a cluster placement group pays a same-AZ or cross-AZ round trip and
    /// 5 Gbps per flow on each call (aws-facts.md §1.3, §1.6). Worth knowing, not wrong:
    /// spreading a tier over AZs trades that latency for resilience.
    pub(super) fn peer_calls_outside_cluster(&mut self) {
        use crate::model::PlacementStrategy;
        for n in &self.s.nodes {
            let Spec::Instance { app: Some(app), placement_group, .. } = &n.spec else { continue };
            let cluster = placement_group.as_ref().is_some_and(|g| g.strategy == PlacementStrategy::Cluster);
            if app.peer_calls == 0 || cluster {
                continue;
            }
            let has_peers = self.s.nodes.iter().any(
                |l| matches!(&l.spec, Spec::LoadBalancer { targets, .. } if targets.len() > 1 && targets.contains(&n.id)),
            );
            if !has_peers {
                continue;
            }
            self.emit(
                "Stratus.PlacementGroup.PeerCallsOutsideCluster",
                Severity::Info,
                &n.id,
                Text::new(
                    format!("'{}' calls its peers {} times per request, outside a cluster placement group: each call costs a same-AZ or cross-AZ round trip at 5 Gbps per flow.", n.id, app.peer_calls),
                    format!("'{}'은(는) 요청마다 피어를 {}번 호출하지만 클러스터 배치 그룹 밖에 있습니다. 호출마다 같은 AZ 또는 AZ 간 왕복 지연이 들고 흐름당 5Gbps입니다.", n.id, app.peer_calls),
                ),
                Text::new(
                    "A cluster placement group in one AZ gives its members the lowest latency and 10 Gbps per flow, at the cost of depending on one AZ.",
                    "한 AZ의 클러스터 배치 그룹은 멤버 간 지연 시간이 가장 낮고 흐름당 10Gbps를 주지만, 한 AZ에 의존하게 됩니다.",
                ),
                &[],
                src::PLACEMENT,
            );
        }
    }
}
