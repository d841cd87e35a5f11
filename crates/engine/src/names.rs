//! What people call each document kind and each property, in English and Korean, as the AWS console names them: the app's palette and inspector, the captions the lesson authoring desk writes in the worker, and anything else that names them read these same words.

use crate::model::Kind;

/// A kind's name: (English, Korean).
pub fn kind(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Region => ("Region", "리전"),
        Kind::AvailabilityZone => ("Availability Zone", "가용 영역"),
        Kind::Vpc => ("VPC", "VPC"),
        Kind::Subnet => ("Subnet", "서브넷"),
        Kind::RouteTable => ("Route table", "라우팅 테이블"),
        Kind::InternetGateway => ("Internet gateway", "인터넷 게이트웨이"),
        Kind::NatGateway => ("NAT gateway", "NAT 게이트웨이"),
        Kind::SecurityGroup => ("Security group", "보안 그룹"),
        Kind::NetworkAcl => ("Network ACL", "네트워크 ACL"),
        Kind::VpcPeering => ("VPC peering", "VPC 피어링"),
        Kind::Instance => ("EC2 instance", "EC2 인스턴스"),
        Kind::LoadBalancer => ("Load balancer", "로드 밸런서"),
        Kind::Internet => ("Internet", "인터넷"),
        Kind::OnPremises => ("On-premises network", "온프레미스 네트워크"),
        Kind::VpnGateway => ("Virtual private gateway", "가상 프라이빗 게이트웨이"),
        Kind::VpnConnection => ("Site-to-Site VPN", "Site-to-Site VPN"),
        Kind::DirectConnect => ("Direct Connect", "Direct Connect"),
        Kind::RdsInstance => ("RDS DB instance", "RDS DB 인스턴스"),
        Kind::S3Bucket => ("S3 bucket", "S3 버킷"),
        Kind::CloudfrontDistribution => ("CloudFront distribution", "CloudFront 배포"),
        Kind::Route53Record => ("Route 53 record", "Route 53 레코드"),
        Kind::AutoScalingGroup => ("Auto Scaling group", "Auto Scaling 그룹"),
    }
}

/// A property's name by its JSON key: (English, Korean); `None` for a key without one.
pub fn property(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "instance_type" => ("Instance type", "인스턴스 유형"),
        "instance_class" => ("DB instance class", "DB 인스턴스 클래스"),
        "subnet" => ("Subnet", "서브넷"),
        "subnets" => ("Subnets", "서브넷"),
        "security_groups" => ("Security groups", "보안 그룹"),
        "targets" => ("Targets", "대상"),
        "type" => ("Type", "유형"),
        "scheme" => ("Scheme", "체계"),
        "algorithm" => ("Routing algorithm", "라우팅 알고리즘"),
        "cross_zone" => ("Cross-zone load balancing", "교차 영역 로드 밸런싱"),
        "public_ip" => ("Public IPv4", "퍼블릭 IPv4"),
        "private_ip" => ("Private IPv4", "프라이빗 IPv4"),
        "app" => ("Application (simulation)", "애플리케이션(시뮬레이션)"),
        "cpu_ms" => ("CPU per request, ms", "요청당 CPU, ms"),
        "static_cpu_ms" => ("CPU per static request, ms", "정적 요청당 CPU, ms"),
        "max_concurrency" => ("Max concurrent requests", "최대 동시 요청"),
        "timeout_ms" => ("Timeout, ms", "타임아웃, ms"),
        "port" => ("Port", "포트"),
        "ios_per_request" => ("EBS I/Os per request", "요청당 EBS I/O"),
        "io_kib" => ("I/O size, KiB", "I/O 크기, KiB"),
        "peer_calls" => ("Calls to peers per request", "요청당 피어 호출"),
        "peer_call_kib" => ("Peer answer size, KiB", "피어 응답 크기, KiB"),
        "placement_group" => ("Placement group", "배치 그룹"),
        "backend" => ("Backend", "백엔드"),
        "ebs" => ("EBS data volume", "EBS 데이터 볼륨"),
        "size_gib" => ("Size, GiB", "크기, GiB"),
        "iops" => ("Provisioned IOPS", "프로비저닝 IOPS"),
        "throughput_mibps" => ("Throughput, MiB/s", "처리량, MiB/s"),
        "source_dest_check" => ("Source/destination check", "소스/대상 확인"),
        "vpc" => ("VPC", "VPC"),
        "region" => ("Region", "리전"),
        "az" => ("Availability Zone", "가용 영역"),
        "code" => ("Region code", "리전 코드"),
        "zone" => ("Zone name", "영역 이름"),
        "cidr" => ("IPv4 CIDR", "IPv4 CIDR"),
        "secondary_cidrs" => ("Secondary CIDRs", "보조 CIDR"),
        "is_default" => ("Default VPC", "기본 VPC"),
        "route_table" => ("Route table", "라우팅 테이블"),
        "purchase" => ("Purchase option", "구매 옵션"),
        "timing" => ("Timing", "시간 설정"),
        "health_check_grace_period_s" => ("Health check grace period, s", "상태 확인 유예 기간, 초"),
        "instance_warmup_s" => ("Instance warm-up, s", "인스턴스 워밍업, 초"),
        "default_cooldown_s" => ("Default cooldown, s", "기본 휴지 기간, 초"),
        "policies" => ("Scaling policies", "조정 정책"),
        "network_acl" => ("Network ACL", "네트워크 ACL"),
        "map_public_ip_on_launch" => ("Auto-assign public IPv4", "퍼블릭 IPv4 자동 할당"),
        "main" => ("Main route table", "기본 라우팅 테이블"),
        "default" => ("Default", "기본값"),
        "elastic_ip" => ("Elastic IP", "탄력적 IP"),
        "engine" => ("Engine", "엔진"),
        "multi_az" => ("Multi-AZ standby", "다중 AZ 대기"),
        "read_replicas" => ("Read replicas", "읽기 전용 복제본"),
        "read_ms" => ("CPU per read, ms", "읽기당 CPU, ms"),
        "write_ms" => ("CPU per write, ms", "쓰기당 CPU, ms"),
        "storage_gib" => ("Storage, GiB", "스토리지, GiB"),
        "prefixes" => ("Key prefixes", "키 접두사 수"),
        "stored_gib" => ("Data stored, GiB", "저장 데이터, GiB"),
        "versioning" => ("Versioning", "버전 관리"),
        "replicate_to" => ("Replicates to", "복제 대상"),
        "origin" => ("Origin", "오리진"),
        "static_origin" => ("Origin for static objects", "정적 객체 오리진"),
        "default_ttl_s" => ("Default TTL, s", "기본 TTL, 초"),
        "record_name" => ("Record name", "레코드 이름"),
        "policy" => ("Routing policy", "라우팅 정책"),
        "ttl_s" => ("TTL, s", "TTL, 초"),
        "values" => ("Values", "값"),
        "requester" => ("Requester VPC", "요청자 VPC"),
        "accepter" => ("Accepter VPC", "수락자 VPC"),
        "vpn_gateway" => ("Virtual private gateway", "가상 프라이빗 게이트웨이"),
        "on_premises" => ("On-premises network", "온프레미스 네트워크"),
        // Auto Scaling group (the console's "Group size" and "Health checks" sections).
        "min" => ("Minimum capacity", "최소 용량"),
        "max" => ("Maximum capacity", "최대 용량"),
        "desired" => ("Desired capacity", "원하는 용량"),
        "health_check_type" => ("Health check type", "상태 확인 유형"),
        "load_balancers" => ("Load balancers", "로드 밸런서"),
        "launch_template" => ("Launch template", "시작 템플릿"),
        "version" => ("Version", "버전"),
        "on_demand_base_capacity" => ("On-Demand base capacity", "온디맨드 기본 용량"),
        "on_demand_percentage_above_base" => {
            ("On-Demand percentage above base, %", "기본 용량 초과분의 온디맨드 비율, %")
        }
        // Target group and Route 53 health checks.
        "health_check" => ("Health check", "상태 확인"),
        "interval_s" => ("Interval, s", "간격, 초"),
        "timeout_s" => ("Timeout, s", "제한 시간, 초"),
        "healthy_threshold" => ("Healthy threshold", "정상 임계값"),
        "unhealthy_threshold" => ("Unhealthy threshold", "비정상 임계값"),
        "matcher" => ("Success codes", "성공 코드"),
        "deregistration_delay_s" => ("Deregistration delay, s", "등록 취소 지연, 초"),
        "failure_threshold" => ("Failure threshold", "실패 임계값"),
        "strategy" => ("Strategy", "전략"),
        // Scaling policies and Route 53 record values (records.rs).
        "metric" => ("Metric", "지표"),
        "threshold" => ("Alarm threshold", "경보 임계값"),
        "above" => ("Alarm when above", "초과 시 경보"),
        "period_s" => ("Period, s", "기간, 초"),
        "evaluation_periods" => ("Evaluation periods", "평가 기간 수"),
        "steps" => ("Steps", "단계"),
        "from" => ("From, past threshold", "임계값 기준 하한"),
        "change" => ("Capacity change", "용량 변경"),
        "at_s" => ("At, s after start", "시작 후 시각, 초"),
        "weight" => ("Weight", "가중치"),
        "failover" => ("Failover record type", "장애 조치 레코드 유형"),
        "name" => ("Name", "이름"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind has a name in both languages, none left as its JSON name.
    #[test]
    fn every_kind_is_named_in_both_languages() {
        for k in Kind::ALL {
            let (en, ko) = kind(k);
            assert!(!en.is_empty() && !ko.is_empty() && en != k.name(), "{k:?}");
        }
        assert_eq!(property("multi_az").map(|p| p.0), Some("Multi-AZ standby"));
        assert_eq!(property("no_such_field"), None);
    }
}
