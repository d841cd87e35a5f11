//! Rules for the services the simulator adds (RDS, S3, CloudFront, Route 53), for EBS volume and instance settings, and for the document's traffic.
//!
//! Codes are the service's own API error codes where it has one (RDS
//! `DBSubnetGroupDoesNotCoverEnoughAZs`, Route 53 `InvalidChangeBatch`, CloudFront
//! `InvalidOrigin`, EC2 `InvalidParameterValue`), else `Stratus.*`.

use super::{Check, Severity, Want};
use crate::catalog;
use crate::model::{
    AppSettings, EbsVolume, FailoverRole, Node, NodeId, RatePattern, RoutingPolicy, Spec, Text, VolumeKind,
};
use std::collections::BTreeSet;

mod src {
    pub const RDS_SUBNETS: &str =
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html";
    pub const RDS_REPLICAS: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html";
    pub const EBS_TYPES: &str = "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html";
    pub const INSTANCE_TYPES: &str = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-types.html";
    pub const CF_ORIGINS: &str =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistS3AndCustomOrigins.html";
    pub const R53_POLICY: &str = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy.html";
    pub const LIMITS: &str = "docs/format.md#limits";
    pub const S3_REPLICATION: &str =
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html";
}

/// Whether traffic can be sent to this kind of node (an entry point or a CloudFront origin).
pub(crate) fn is_entry(spec: &Spec) -> bool {
    matches!(
        spec,
        Spec::Route53Record { .. }
            | Spec::CloudfrontDistribution { .. }
            | Spec::LoadBalancer { .. }
            | Spec::Instance { .. }
            | Spec::S3Bucket { .. }
    )
}

impl<'a> Check<'a> {
    fn fail(&mut self, code: &str, target: &NodeId, message: Text, hint: Text, source: &str) {
        self.emit(code, Severity::Error, target, message, hint, &[], source);
    }

    /// RDS, S3, CloudFront and Route 53 nodes.
    pub(super) fn service(&mut self, node: &'a Node) {
        let id = &node.id;
        match &node.spec {
            Spec::RdsInstance { instance_class, subnets, security_groups, read_replicas, .. } => {
                let mut azs = BTreeSet::new();
                for subnet in subnets {
                    if self.reference(id, "subnets", subnet, Want::Subnet) {
                        if let Some(Spec::Subnet { az, .. }) = self.spec(subnet) {
                            azs.insert(az);
                        }
                    }
                }
                for sg in security_groups {
                    self.reference(id, "security_groups", sg, Want::SecurityGroup);
                }
                // RDS User Guide, "Working with a DB instance in a VPC": a DB subnet group
                // must have subnets in at least two AZs of the Region.
                if azs.len() < 2 {
                    self.fail(
                        "DBSubnetGroupDoesNotCoverEnoughAZs",
                        id,
                        Text::new(
                            format!("The DB subnet group of '{id}' covers {} Availability Zone(s); RDS needs at least 2.", azs.len()),
                            format!("'{id}'의 DB 서브넷 그룹이 가용 영역 {}개만 포함합니다. RDS는 2개 이상이 필요합니다.", azs.len()),
                        ),
                        Text::new(
                            "Add a subnet in a second AZ: RDS places a Multi-AZ standby (or a new primary after failover) there.",
                            "두 번째 가용 영역의 서브넷을 추가하세요. RDS는 그곳에 Multi-AZ 대기 인스턴스(또는 장애 조치 후 새 기본 인스턴스)를 둡니다.",
                        ),
                        src::RDS_SUBNETS,
                    );
                }
                // aws-facts §10: up to 15 read replicas per source (MySQL, MariaDB, PostgreSQL).
                if *read_replicas > 15 {
                    self.fail(
                        "Stratus.Rds.TooManyReadReplicas",
                        id,
                        Text::new(
                            format!("'{id}' has {read_replicas} read replicas; RDS allows 15 per source."),
                            format!("'{id}'의 읽기 전용 복제본이 {read_replicas}개입니다. RDS는 원본당 15개까지 허용합니다."),
                        ),
                        Text::new(
                            "Use at most 15 replicas, or cascade replicas from a replica.",
                            "복제본을 15개 이하로 줄이거나 복제본에서 다시 복제하세요.",
                        ),
                        src::RDS_REPLICAS,
                    );
                }
                if catalog::db_class(instance_class).is_none() {
                    self.unknown_type(id, instance_class, "db.m5.large");
                }
            }
            Spec::S3Bucket { region, versioning, replicate_to, .. } => {
                self.reference(id, "region", region, Want::Region);
                for d in replicate_to {
                    self.replication(id, *versioning, d);
                }
            }
            Spec::CloudfrontDistribution { origin, static_origin, .. } => {
                for o in std::iter::once(origin).chain(static_origin) {
                    let ok = self.spec(o).is_some_and(|s| {
                        matches!(s, Spec::LoadBalancer { .. } | Spec::Instance { .. } | Spec::S3Bucket { .. })
                    });
                    if !ok {
                        self.fail(
                            "InvalidOrigin",
                            id,
                            Text::new(
                                format!("CloudFront distribution '{id}' has origin '{o}', which is not a load balancer, instance or S3 bucket."),
                                format!("CloudFront 배포 '{id}'의 오리진 '{o}'은(는) 로드 밸런서, 인스턴스, S3 버킷이 아닙니다."),
                            ),
                            Text::new(
                                "An origin is where CloudFront fetches what its edges do not have: an S3 bucket or an HTTP server (ALB, instance).",
                                "오리진은 엣지에 없는 콘텐츠를 CloudFront가 가져오는 곳입니다. S3 버킷이나 HTTP 서버(ALB, 인스턴스)를 지정하세요.",
                            ),
                            src::CF_ORIGINS,
                        );
                    }
                }
            }
            Spec::Route53Record { policy, values, .. } => self.record(id, *policy, values),
            _ => {}
        }
    }

    /// S3 live replication from bucket `id` to `d`: a different bucket, and versioning on
    /// both (S3 User Guide, "Requirements and considerations for replication").
    fn replication(&mut self, id: &NodeId, versioning: bool, d: &NodeId) {
        let (message, hint) = match self.spec(d) {
            Some(Spec::S3Bucket { versioning: dv, .. }) if d != id => {
                let Some(off) = [(id, versioning), (d, *dv)].into_iter().find(|(_, v)| !v).map(|(b, _)| b) else {
                    return;
                };
                (
                    Text::new(
                        format!("Bucket '{id}' replicates to '{d}', but S3 Versioning is off on bucket '{off}'; S3 refuses replication unless both buckets are versioned."),
                        format!("버킷 '{id}'이(가) '{d}'(으)로 복제하지만 버킷 '{off}'의 S3 버전 관리가 꺼져 있습니다. S3는 두 버킷 모두 버전 관리가 켜져 있어야 복제를 허용합니다."),
                    ),
                    Text::new(
                        "Turn on versioning for both buckets (replication copies object versions), or remove the replication.",
                        "두 버킷 모두 버전 관리를 켜거나(복제는 객체 버전을 복사합니다) 복제를 제거하세요.",
                    ),
                )
            }
            _ => (
                Text::new(
                    format!("Bucket '{id}' replicates to '{d}', which is not another S3 bucket."),
                    format!("버킷 '{id}'의 복제 대상 '{d}'은(는) 다른 S3 버킷이 아닙니다."),
                ),
                Text::new(
                    "A replication destination is another bucket, in the same Region (SRR) or another one (CRR).",
                    "복제 대상은 같은 리전(SRR)이나 다른 리전(CRR)의 다른 버킷입니다.",
                ),
            ),
        };
        self.fail("InvalidRequest", id, message, hint, src::S3_REPLICATION);
    }

    fn record(&mut self, id: &NodeId, policy: RoutingPolicy, values: &[crate::model::RecordValue]) {
        let batch = |en: String, ko: String| (en, ko);
        let mut problems = Vec::new();
        if values.is_empty() {
            problems.push(batch(format!("Record '{id}' has no value."), format!("레코드 '{id}'에 값이 없습니다.")));
        }
        for v in values {
            if !self.spec(&v.target).is_some_and(|s| is_entry(s) && !matches!(s, Spec::Route53Record { .. })) {
                problems.push(batch(
                    format!("Record '{id}' points at '{}', which is not a CloudFront distribution, load balancer, instance or S3 bucket.", v.target),
                    format!("레코드 '{id}'가 가리키는 '{}'은(는) CloudFront 배포, 로드 밸런서, 인스턴스, S3 버킷이 아닙니다.", v.target),
                ));
            }
        }
        // Route 53 Developer Guide, "Failover routing": one primary and one secondary record.
        if policy == RoutingPolicy::Failover {
            let primaries = values.iter().filter(|v| v.failover == Some(FailoverRole::Primary)).count();
            let secondaries = values.iter().filter(|v| v.failover == Some(FailoverRole::Secondary)).count();
            if primaries != 1 || secondaries > 1 || primaries + secondaries != values.len() {
                problems.push(batch(
                    format!("Failover record '{id}' needs exactly one primary and at most one secondary value (has {primaries} primary, {secondaries} secondary)."),
                    format!("장애 조치 레코드 '{id}'에는 기본 값 1개와 보조 값 최대 1개가 필요합니다(기본 {primaries}개, 보조 {secondaries}개)."),
                ));
            }
        }
        if policy == RoutingPolicy::Weighted && !values.is_empty() && values.iter().all(|v| v.weight == 0) {
            problems.push(batch(
                format!("Every value of weighted record '{id}' has weight 0: traffic is shared equally among them."),
                format!("가중치 레코드 '{id}'의 모든 값이 가중치 0입니다. 이 경우 트래픽은 균등하게 나뉩니다."),
            ));
        }
        for (en, ko) in problems {
            self.fail(
                "InvalidChangeBatch",
                id,
                Text::new(en, ko),
                Text::new(
                    "A record answers with one of its values, chosen by its routing policy (simple, weighted, failover, latency).",
                    "레코드는 라우팅 정책(단순, 가중치, 장애 조치, 지연 시간)에 따라 값 중 하나로 응답합니다.",
                ),
                src::R53_POLICY,
            );
        }
    }

    fn unknown_type(&mut self, id: &NodeId, name: &str, fallback: &str) {
        self.emit(
            "Stratus.Catalog.UnknownInstanceType",
            Severity::Warning,
            id,
            Text::new(
                format!("'{name}' is not in Stratus's catalog; the simulation uses {fallback}'s vCPUs and price."),
                format!(
                    "'{name}'은(는) Stratus 카탈로그에 없습니다. 시뮬레이션은 {fallback}의 vCPU와 가격을 사용합니다."
                ),
            ),
            Text::new(
                "The catalog lists common T, M, C and R sizes with their vCPUs, memory and price.",
                "카탈로그에는 흔히 쓰는 T, M, C, R 크기의 vCPU, 메모리, 가격이 있습니다.",
            ),
            &[],
            src::INSTANCE_TYPES,
        );
    }

    /// Instance type, application settings and EBS volume of an instance.
    pub(super) fn instance_performance(
        &mut self,
        id: &NodeId,
        instance_type: &str,
        app: Option<&AppSettings>,
        ebs: Option<&EbsVolume>,
    ) {
        if catalog::instance_type(instance_type).is_none() {
            self.unknown_type(id, instance_type, "m5.large");
        }
        if let Some(backend) = app.and_then(|a| a.backend.as_ref()) {
            if !self.spec(backend).is_some_and(|s| matches!(s, Spec::RdsInstance { .. } | Spec::S3Bucket { .. })) {
                self.fail(
                    "Stratus.App.InvalidBackend",
                    id,
                    Text::new(
                        format!(
                            "The application on '{id}' calls '{backend}', which is not an RDS instance or S3 bucket."
                        ),
                        format!(
                            "'{id}'의 애플리케이션이 호출하는 '{backend}'은(는) RDS 인스턴스나 S3 버킷이 아닙니다."
                        ),
                    ),
                    Text::new(
                        "Pick the database or bucket the application uses.",
                        "애플리케이션이 쓰는 데이터베이스나 버킷을 고르세요.",
                    ),
                    src::INSTANCE_TYPES,
                );
            }
        }
        if let Some(v) = ebs {
            for (en, ko) in volume_problems(v) {
                self.fail(
                    "InvalidParameterValue",
                    id,
                    Text::new(en, ko),
                    Text::new(
                        "EBS limits depend on the volume type: size range, IOPS per GiB, throughput per IOPS (EBS User Guide, \"Volume types\").",
                        "EBS 한도는 볼륨 유형에 따라 다릅니다. 크기 범위, GiB당 IOPS, IOPS당 처리량을 확인하세요.",
                    ),
                    src::EBS_TYPES,
                );
            }
        }
    }

    /// Every value the simulator clamps (`crate::limits`), as a warning naming the value
    /// and the cap: the document is kept as written, the simulation uses the cap.
    pub(super) fn limits(&mut self) {
        for c in crate::limits::clamps(self.s) {
            self.emit(
                c.code,
                Severity::Warning,
                &c.target,
                Text::new(
                    format!("{} of '{}' is {}; the simulator uses {} instead.", c.field, c.target, c.value, c.used),
                    format!(
                        "'{}'의 {} 값 {}은(는) 한도를 넘어 시뮬레이터는 {}을(를) 사용합니다.",
                        c.target, c.field, c.value, c.used
                    ),
                ),
                Text::new(
                    format!("A cap keeps any document within bounded memory and time: {}.", c.why.en),
                    format!("한도는 어떤 문서든 메모리와 시간을 제한된 범위에서 쓰게 합니다: {}.", c.why.ko),
                ),
                &[],
                src::LIMITS,
            );
        }
    }

    /// Every population sends to a node that can take traffic, at a rate that is a
    /// number of requests per second (never negative); the duration is not negative.
    pub(super) fn traffic(&mut self) {
        for pop in &self.s.traffic {
            let rates: Vec<(&str, f64)> = match pop.rate {
                RatePattern::Constant { rps } => vec![("rps", rps)],
                RatePattern::Ramp { from_rps, to_rps, over_s } => {
                    vec![("from_rps", from_rps), ("to_rps", to_rps), ("over_s", over_s)]
                }
                RatePattern::Spike { base_rps, peak_rps, at_s, for_s } => {
                    vec![("base_rps", base_rps), ("peak_rps", peak_rps), ("at_s", at_s), ("for_s", for_s)]
                }
                RatePattern::Diurnal { mean_rps, amplitude, period_s, .. } => {
                    vec![("mean_rps", mean_rps), ("amplitude", amplitude), ("period_s", period_s)]
                }
            };
            for (field, v) in rates {
                if !v.is_finite() || v < 0.0 {
                    self.fail(
                        "Stratus.Traffic.InvalidRate",
                        &pop.target,
                        Text::new(
                            format!("Users '{}' have rate.{field} = {v}: it must be a number, 0 or more.", pop.name),
                            format!("사용자 '{}'의 rate.{field} 값 {v}은(는) 0 이상의 숫자여야 합니다.", pop.name),
                        ),
                        Text::new(
                            "Rates are requests per second and times are seconds; neither can be negative.",
                            "요청률은 초당 요청 수, 시간은 초 단위이며 음수일 수 없습니다.",
                        ),
                        src::LIMITS,
                    );
                }
            }
        }
        let d = self.s.simulation.duration_s;
        if !d.is_finite() || d < 0.0 {
            self.fail(
                "Stratus.Simulation.InvalidDuration",
                &NodeId::from("simulation"),
                Text::new(
                    format!("simulation.duration_s is {d}: it must be a number of seconds, 0 or more."),
                    format!("simulation.duration_s 값 {d}은(는) 0 이상의 초 단위 숫자여야 합니다."),
                ),
                Text::new(
                    "How long users send requests, in seconds (at most 30 days).",
                    "사용자가 요청을 보내는 시간(초, 최대 30일)입니다.",
                ),
                src::LIMITS,
            );
        }
        for pop in &self.s.traffic {
            let ok = self.spec(&pop.target).is_some_and(is_entry);
            if !ok {
                self.fail(
                    "Stratus.Traffic.InvalidTarget",
                    &pop.target,
                    Text::new(
                        format!("Users '{}' send requests to '{}', which is not a Route 53 record, CloudFront distribution, load balancer, instance or S3 bucket.", pop.name, pop.target),
                        format!("사용자 '{}'가 요청을 보내는 '{}'은(는) Route 53 레코드, CloudFront 배포, 로드 밸런서, 인스턴스, S3 버킷이 아닙니다.", pop.name, pop.target),
                    ),
                    Text::new("Traffic enters a design at its public entry point.", "트래픽은 설계의 공개 진입점으로 들어옵니다."),
                    src::R53_POLICY,
                );
            }
        }
    }
}

/// What AWS would refuse in an EBS volume's settings (aws-facts §2: API size ranges and ratios).
/// io2 follows today's Block Express limits (1,000 IOPS/GiB, 256,000 IOPS, 64 TiB).
pub(crate) fn volume_problems(v: &EbsVolume) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let (min, max) = match v.kind {
        VolumeKind::Gp2 | VolumeKind::Gp3 => (1, 16_384),
        VolumeKind::Io1 => (4, 16_384),
        VolumeKind::Io2 => (4, 65_536),
        VolumeKind::St1 | VolumeKind::Sc1 => (125, 16_384),
    };
    let kind = format!("{:?}", v.kind).to_lowercase();
    if !(min..=max).contains(&v.size_gib) {
        out.push((
            format!("A {kind} volume is {min}-{max} GiB; this one is {} GiB.", v.size_gib),
            format!("{kind} 볼륨의 크기는 {min}-{max} GiB입니다. 이 볼륨은 {} GiB입니다.", v.size_gib),
        ));
    }
    let gib = u64::from(v.size_gib);
    if let Some(iops) = v.iops.map(u64::from) {
        let limit = match v.kind {
            VolumeKind::Gp3 => Some((
                "3,000-16,000 IOPS and at most 500 per GiB",
                (3_000..=16_000).contains(&iops) && iops <= 500 * gib.max(6),
            )),
            VolumeKind::Io1 => {
                Some(("100-64,000 IOPS and at most 50 per GiB", (100..=64_000).contains(&iops) && iops <= 50 * gib))
            }
            VolumeKind::Io2 => Some((
                "100-256,000 IOPS and at most 1,000 per GiB",
                (100..=256_000).contains(&iops) && iops <= 1_000 * gib,
            )),
            _ => None,
        };
        match limit {
            Some((rule, false)) => out.push((
                format!("A {kind} volume takes {rule}; {iops} IOPS on {gib} GiB is outside that."),
                format!("{kind} 볼륨은 {rule} 범위여야 합니다. {gib} GiB에 {iops} IOPS는 범위를 벗어납니다."),
            )),
            None => out.push((
                format!("IOPS cannot be provisioned on a {kind} volume."),
                format!("{kind} 볼륨에는 IOPS를 프로비저닝할 수 없습니다."),
            )),
            _ => {}
        }
    }
    if let Some(tp) = v.throughput_mibps {
        let iops = f64::from(v.iops.unwrap_or(3_000));
        let ok = v.kind == VolumeKind::Gp3 && (125..=1_000).contains(&tp) && f64::from(tp) <= 0.25 * iops;
        if !ok {
            out.push((
                format!("Throughput is provisioned only on gp3: 125-1,000 MiB/s and at most 0.25 MiB/s per IOPS ({tp} MiB/s on {kind})."),
                format!("처리량은 gp3에서만 설정할 수 있습니다: 125-1,000 MiB/s, IOPS당 최대 0.25 MiB/s ({kind}에 {tp} MiB/s)."),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{lab, load, set, zone_c_subnet};
    use serde_json::json;

    /// Each rule, on the lab with one change: (rule and source, node, patch, expected code on
    /// that node or `None` for no error).
    #[test]
    fn service_rules_table() {
        let two_azs = zone_c_subnet(lab(), "private-c", "10.0.2.0/24", "rtb-private");
        let two_azs = set(two_azs, "site", json!({"kind": "s3_bucket", "region": "r"}));
        let two_azs = set(two_azs, "backup", json!({"kind": "s3_bucket", "region": "r", "versioning": true}));
        let cases: Vec<(&str, &str, serde_json::Value, Option<&str>)> = vec![
            (
                "RDS: a DB subnet group covers at least two AZs (RDS User Guide, DB subnet groups)",
                "db",
                json!({"kind": "rds_instance", "instance_class": "db.m5.large", "subnets": ["private"]}),
                Some("DBSubnetGroupDoesNotCoverEnoughAZs"),
            ),
            (
                "RDS: two AZs are enough",
                "db",
                json!({"kind": "rds_instance", "instance_class": "db.m5.large", "subnets": ["private", "private-c"]}),
                None,
            ),
            (
                "RDS: at most 15 read replicas (aws-facts §10)",
                "db",
                json!({"kind": "rds_instance", "instance_class": "db.m5.large", "subnets": ["private", "private-c"], "read_replicas": 16}),
                Some("Stratus.Rds.TooManyReadReplicas"),
            ),
            (
                "CloudFront: an origin is a bucket or an HTTP server",
                "cdn",
                json!({"kind": "cloudfront_distribution", "origin": "vpc"}),
                Some("InvalidOrigin"),
            ),
            (
                "Route 53: failover needs one primary (Route 53 Developer Guide, failover routing)",
                "dns",
                json!({"kind": "route53_record", "record_name": "www", "policy": "failover",
                       "values": [{"target": "i-pub", "failover": "secondary"}]}),
                Some("InvalidChangeBatch"),
            ),
            (
                "Route 53: a value must take traffic",
                "dns",
                json!({"kind": "route53_record", "record_name": "www", "values": [{"target": "sg-open"}]}),
                Some("InvalidChangeBatch"),
            ),
            (
                "Route 53: a simple record to an instance",
                "dns",
                json!({"kind": "route53_record", "record_name": "www", "values": [{"target": "i-pub"}]}),
                None,
            ),
            (
                "EBS: io1 at most 50 IOPS per GiB (aws-facts §2)",
                "i-pub",
                json!({"ebs": {"type": "io1", "size_gib": 10, "iops": 1000}}),
                Some("InvalidParameterValue"),
            ),
            (
                "S3: replication needs versioning on both buckets (S3 User Guide, replication requirements)",
                "logs",
                json!({"kind": "s3_bucket", "region": "r", "versioning": true, "replicate_to": ["site"]}),
                Some("InvalidRequest"),
            ),
            (
                "S3: replication between two versioned buckets",
                "logs",
                json!({"kind": "s3_bucket", "region": "r", "versioning": true, "replicate_to": ["backup"]}),
                None,
            ),
            (
                "S3: a replication destination is another bucket",
                "logs",
                json!({"kind": "s3_bucket", "region": "r", "versioning": true, "replicate_to": ["logs"]}),
                Some("InvalidRequest"),
            ),
            (
                "S3: a replication destination is a bucket, not a VPC",
                "logs",
                json!({"kind": "s3_bucket", "region": "r", "versioning": true, "replicate_to": ["vpc"]}),
                Some("InvalidRequest"),
            ),
            (
                "an application backend is a database or a bucket",
                "i-pub",
                json!({"app": {"backend": "nat"}}),
                Some("Stratus.App.InvalidBackend"),
            ),
        ];
        for (rule, id, patch, want) in cases {
            let found = crate::validate::validate(&load(&set(two_azs.clone(), id, patch)));
            let errors: Vec<&str> = found
                .iter()
                .filter(|d| d.target.as_str() == id && d.severity == Severity::Error)
                .map(|d| d.code.as_str())
                .collect();
            match want {
                Some(code) => assert!(errors.contains(&code), "{rule}: {errors:?}"),
                None => assert!(errors.is_empty(), "{rule}: {errors:?}"),
            }
        }
    }

    #[test]
    fn traffic_must_target_an_entry_point() {
        let mut doc = lab();
        doc["traffic"] = json!([{"name": "u", "target": "vpc"}, {"name": "v", "target": "i-pub"}]);
        let found = crate::validate::validate(&load(&doc));
        let codes: Vec<(&str, &str)> = found
            .iter()
            .filter(|d| d.code.starts_with("Stratus.Traffic"))
            .map(|d| (d.target.as_str(), d.code.as_str()))
            .collect();
        assert_eq!(codes, vec![("vpc", "Stratus.Traffic.InvalidTarget")]);
    }

    /// EBS API limits (aws-facts §2, EBS User Guide "Volume types").
    #[test]
    fn ebs_settings_aws_refuses() {
        let v = |kind, size_gib, iops, throughput_mibps| EbsVolume { kind, size_gib, iops, throughput_mibps };
        let cases = [
            ("gp3 default is fine", v(VolumeKind::Gp3, 100, None, None), 0),
            ("st1 at least 125 GiB", v(VolumeKind::St1, 100, None, None), 1),
            ("io1 at most 50 IOPS/GiB", v(VolumeKind::Io1, 100, Some(6_000), None), 1),
            ("io1 50:1 exactly", v(VolumeKind::Io1, 100, Some(5_000), None), 0),
            ("io2 at most 1,000 IOPS/GiB (Block Express)", v(VolumeKind::Io2, 100, Some(100_001), None), 1),
            ("gp3 throughput at most 0.25 MiB/s per IOPS", v(VolumeKind::Gp3, 100, Some(3_000), Some(1_000)), 1),
            ("gp2 takes no provisioned IOPS", v(VolumeKind::Gp2, 100, Some(3_000), None), 1),
        ];
        for (rule, vol, n) in cases {
            assert_eq!(volume_problems(&vol).len(), n, "{rule}");
        }
    }
}
