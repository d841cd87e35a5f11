//! Dated AWS data the simulator runs on: instance types, DB instance classes, EBS volume limits, geography and the price book, each table with its source and date.
//!
//! Values come from ../shared/reference/aws-facts.md (section numbers cited) which gives
//! every source; `Conf` there says how well each is checked. Where the study notes (older
//! exam) and today's AWS differ, the catalog follows today's AWS (docs/fidelity.md says so).

use crate::model::{EbsVolume, Location, VolumeKind};

/// An EC2 instance type (or the matching RDS DB instance class).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InstanceType {
    /// API name, e.g. `m5.large`.
    pub name: &'static str,
    /// vCPUs.
    pub vcpus: u32,
    /// Memory, GiB.
    pub memory_gib: f64,
    /// Network bandwidth, Gbps (the "up to" figure for burstable sizes).
    pub network_gbps: f64,
    /// Built on the Nitro System (EBS io1/io2 can reach 64,000 IOPS only on Nitro).
    pub nitro: bool,
    /// On-Demand Linux price, USD per hour, us-east-1 (see `PRICE_SOURCE_EC2`).
    pub usd_per_hour: f64,
}

/// Bandwidth of one flow (a 5-tuple) between two instances, Gbps: 5 unless both are in the
/// same cluster placement group, then 10 (aws-facts.md §1.3 "Single-flow limit"; EC2 User
/// Guide, "Amazon EC2 instance network bandwidth"). The slower instance's own bandwidth caps
/// it too.
pub const SINGLE_FLOW_GBPS: f64 = 5.0;
/// Single-flow bandwidth inside a cluster placement group, Gbps (same sources).
pub const CLUSTER_SINGLE_FLOW_GBPS: f64 = 10.0;

/// Where `INSTANCE_TYPES` comes from.
pub const INSTANCE_TYPES_SOURCE: &str =
    "aws-facts.md §1.3 (EC2 User Guide instance-type pages, archived 2019-2023); prices §12";

const fn it(name: &'static str, vcpus: u32, memory_gib: f64, network_gbps: f64, nitro: bool, usd: f64) -> InstanceType {
    InstanceType { name, vcpus, memory_gib, network_gbps, nitro, usd_per_hour: usd }
}

/// EC2 instance types (aws-facts.md §1.3). Prices: t3.micro $0.0104, m5.large $0.096,
/// c5.large $0.085, r5.large $0.126 per hour (§12, "P"); larger sizes of a family cost
/// proportionally more (AWS prices these families linearly in size: c5.2xlarge = 4 × c5.large,
/// §12). T2 prices are not in the sheet and use T3's (marked NV in docs/fidelity.md).
pub const INSTANCE_TYPES: &[InstanceType] = &[
    it("t2.nano", 1, 0.5, 0.5, false, 0.0052),
    it("t2.micro", 1, 1.0, 1.0, false, 0.0104),
    it("t2.small", 1, 2.0, 1.0, false, 0.0208),
    it("t2.medium", 2, 4.0, 1.0, false, 0.0416),
    it("t2.large", 2, 8.0, 1.0, false, 0.0832),
    it("t3.nano", 2, 0.5, 5.0, true, 0.0052),
    it("t3.micro", 2, 1.0, 5.0, true, 0.0104),
    it("t3.small", 2, 2.0, 5.0, true, 0.0208),
    it("t3.medium", 2, 4.0, 5.0, true, 0.0416),
    it("t3.large", 2, 8.0, 5.0, true, 0.0832),
    it("t3.xlarge", 4, 16.0, 5.0, true, 0.1664),
    it("t3.2xlarge", 8, 32.0, 5.0, true, 0.3328),
    it("m5.large", 2, 8.0, 10.0, true, 0.096),
    it("m5.xlarge", 4, 16.0, 10.0, true, 0.192),
    it("m5.2xlarge", 8, 32.0, 10.0, true, 0.384),
    it("m5.4xlarge", 16, 64.0, 10.0, true, 0.768),
    it("m5.12xlarge", 48, 192.0, 10.0, true, 2.304),
    it("m5.24xlarge", 96, 384.0, 25.0, true, 4.608),
    it("c5.large", 2, 4.0, 10.0, true, 0.085),
    it("c5.xlarge", 4, 8.0, 10.0, true, 0.17),
    it("c5.2xlarge", 8, 16.0, 10.0, true, 0.34),
    it("c5.4xlarge", 16, 32.0, 10.0, true, 0.68),
    it("c5.9xlarge", 36, 72.0, 10.0, true, 1.53),
    it("c5.18xlarge", 72, 144.0, 25.0, true, 3.06),
    it("r5.large", 2, 16.0, 10.0, true, 0.126),
    it("r5.xlarge", 4, 32.0, 10.0, true, 0.252),
    it("r5.2xlarge", 8, 64.0, 10.0, true, 0.504),
    it("r5.4xlarge", 16, 128.0, 10.0, true, 1.008),
    it("r5.24xlarge", 96, 768.0, 25.0, true, 6.048),
];

/// The instance type named `name`, if the catalog has it.
pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    INSTANCE_TYPES.iter().find(|t| t.name == name)
}

/// RDS DB instance classes: vCPUs and memory as the EC2 type of the same name (db.m5.large =
/// m5.large). Single-AZ MySQL prices, us-east-1: not in aws-facts.md; the commonly listed
/// $0.171/h for db.m5.large is used and scaled by size (NV, docs/fidelity.md). Multi-AZ
/// doubles the instance price (a standby instance is billed; NV).
pub const DB_CLASSES: &[InstanceType] = &[
    it("db.t3.micro", 2, 1.0, 5.0, true, 0.017),
    it("db.t3.small", 2, 2.0, 5.0, true, 0.034),
    it("db.t3.medium", 2, 4.0, 5.0, true, 0.068),
    it("db.m5.large", 2, 8.0, 10.0, true, 0.171),
    it("db.m5.xlarge", 4, 16.0, 10.0, true, 0.342),
    it("db.m5.2xlarge", 8, 32.0, 10.0, true, 0.684),
    it("db.m5.4xlarge", 16, 64.0, 10.0, true, 1.368),
    it("db.r5.large", 2, 16.0, 10.0, true, 0.25),
    it("db.r5.xlarge", 4, 32.0, 10.0, true, 0.5),
    it("db.r5.2xlarge", 8, 64.0, 10.0, true, 1.0),
];

/// The DB instance class named `name`, if the catalog has it.
pub fn db_class(name: &str) -> Option<&'static InstanceType> {
    DB_CLASSES.iter().find(|t| t.name == name)
}

/// What an EBS volume can do, from its type, size and provisioned settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VolumeLimits {
    /// IOPS sustained indefinitely.
    pub baseline_iops: f64,
    /// IOPS while burst credits last (gp2 below 1 TiB: 3,000); equals baseline otherwise.
    pub burst_iops: f64,
    /// Throughput cap, MiB/s.
    pub throughput_mibps: f64,
    /// Size of the I/O credit bucket (gp2: 5.4 million, starts full); 0 = no bucket.
    pub burst_credits: f64,
    /// Service time of one small I/O when the volume is idle, µs.
    pub base_latency_us: u64,
}

/// Where `volume_limits` comes from.
pub const VOLUME_SOURCE: &str = "aws-facts.md §2 (EBS User Guide: general-purpose.md, provisioned-iops.md, hdd-vols.md; io2 Block Express since 2025-04-30)";

/// The limits of `v` attached to an instance (`nitro`: built on Nitro). Rules, aws-facts §2:
/// - gp2: 3 IOPS/GiB, min 100, max 16,000; under 1 TiB bursts to 3,000 from a 5.4 M credit
///   bucket; 128 MiB/s up to 170 GiB, 250 MiB/s from 334 GiB (linear between).
/// - gp3: 3,000 IOPS and 125 MiB/s included; up to 16,000 IOPS at ≤ 500 IOPS/GiB and
///   1,000 MiB/s at ≤ 0.25 MiB/s per IOPS.
/// - io1: 100-64,000 IOPS at ≤ 50 IOPS/GiB; 500 MiB/s up to 32,000 IOPS, then 16 KiB × IOPS.
/// - io2 (all Block Express since April 2025): ≤ 1,000 IOPS/GiB, 256,000 max, 4,000 MiB/s;
///   sub-ms latency. (The exam-era figure is 500 IOPS/GiB; today's AWS is used.)
/// - st1: 40 MiB/s per TiB baseline, 250 burst, 500 cap, 500 IOPS of 1 MiB;
///   sc1: 12 / 80 / 250 MiB/s, 250 IOPS.
/// - On a non-Nitro instance io1/io2 reach at most 32,000 IOPS.
///
/// Provisioned values above a rule are clamped here; `validate` reports them.
pub fn volume_limits(v: &EbsVolume, nitro: bool) -> VolumeLimits {
    let gib = f64::from(v.size_gib.max(1));
    let provisioned = v.iops.map(f64::from);
    // Idle latencies: "single-digit ms" for gp2/gp3/io1 (1 ms used), "under 500 µs" for io2
    // Block Express, HDD seek-bound (5 ms, NV) (aws-facts §2, §11).
    let (mut l, cap) = match v.kind {
        VolumeKind::Gp2 => {
            let baseline = (3.0 * gib).clamp(100.0, 16_000.0);
            let throughput = if gib <= 170.0 {
                128.0
            } else if gib >= 334.0 {
                250.0
            } else {
                128.0 + (gib - 170.0) / (334.0 - 170.0) * 122.0
            };
            let bursts = baseline < 3_000.0;
            let l = VolumeLimits {
                baseline_iops: baseline,
                burst_iops: if bursts { 3_000.0 } else { baseline },
                throughput_mibps: throughput,
                burst_credits: if bursts { 5_400_000.0 } else { 0.0 },
                base_latency_us: 1_000,
            };
            (l, 16_000.0)
        }
        VolumeKind::Gp3 => {
            let iops = provisioned.unwrap_or(3_000.0).clamp(3_000.0, 16_000.0).min((500.0 * gib).max(3_000.0));
            let throughput =
                v.throughput_mibps.map(f64::from).unwrap_or(125.0).clamp(125.0, 1_000.0).min((0.25 * iops).max(125.0));
            (flat(iops, throughput, 1_000), 16_000.0)
        }
        VolumeKind::Io1 => {
            let iops = provisioned.unwrap_or(100.0).clamp(100.0, 64_000.0).min(50.0 * gib);
            let throughput = if iops <= 32_000.0 { 500.0 } else { (iops * 16.0 / 1024.0).min(1_000.0) };
            (flat(iops, throughput, 1_000), 64_000.0)
        }
        VolumeKind::Io2 => {
            let iops = provisioned.unwrap_or(100.0).clamp(100.0, 256_000.0).min(1_000.0 * gib);
            (flat(iops, (iops * 16.0 / 1024.0).min(4_000.0), 400), 256_000.0)
        }
        VolumeKind::St1 => {
            let tib = gib / 1024.0;
            let l = VolumeLimits {
                baseline_iops: 500.0,
                burst_iops: 500.0,
                throughput_mibps: (40.0 * tib).clamp(1.0, 500.0),
                burst_credits: 0.0,
                base_latency_us: 5_000,
            };
            (l, 500.0)
        }
        VolumeKind::Sc1 => {
            let tib = gib / 1024.0;
            let l = VolumeLimits {
                baseline_iops: 250.0,
                burst_iops: 250.0,
                throughput_mibps: (12.0 * tib).clamp(1.0, 250.0),
                burst_credits: 0.0,
                base_latency_us: 5_000,
            };
            (l, 250.0)
        }
    };
    let instance_cap = if nitro || !matches!(v.kind, VolumeKind::Io1 | VolumeKind::Io2) { cap } else { 32_000.0 };
    l.baseline_iops = l.baseline_iops.min(instance_cap);
    l.burst_iops = l.burst_iops.min(instance_cap);
    l
}

fn flat(iops: f64, throughput: f64, latency_us: u64) -> VolumeLimits {
    VolumeLimits {
        baseline_iops: iops,
        burst_iops: iops,
        throughput_mibps: throughput,
        burst_credits: 0.0,
        base_latency_us: latency_us,
    }
}

/// Geography: where users and Regions are, and the latency that follows from distance.
pub mod geo {
    use crate::model::Location;

    /// Light in optical fibre covers about 200 km per ms (refractive index ≈ 1.5, so 2/3 of c).
    pub const FIBRE_KM_PER_MS: f64 = 200.0;
    /// Real routes are longer than the great circle; 1.6 reproduces measured Region-to-Region
    /// RTTs (eu-west-1 ↔ ca-central-1 ≈ 79 ms measured, aws-facts §11; this model gives ≈ 74).
    pub const ROUTE_INFLATION: f64 = 1.6;
    /// A user's access network (home broadband or mobile to the ISP's backbone), round trip.
    /// A teaching value (NV): typical fixed broadband adds 5-20 ms.
    pub const ACCESS_RTT_MS: f64 = 10.0;
    /// Round trip inside one AZ, ms (aws-facts §11: 0.39-0.45 ms measured).
    pub const SAME_AZ_RTT_MS: f64 = 0.4;
    /// Round trip between AZs of a Region, ms (aws-facts §11: 1.3-2.1 ms measured in us-east-1,
    /// "single-digit ms" by design).
    pub const CROSS_AZ_RTT_MS: f64 = 1.5;
    /// Round trip between two instances of one cluster placement group, ms. AWS promises
    /// "low network latency" without a figure (EC2 User Guide, "Placement strategies":
    /// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/placement-strategies.html), so
    /// this is a modelling assumption (NV): half the same-AZ round trip, a modest gain
    /// (docs/fidelity.md, "Placement groups").
    pub const CLUSTER_RTT_MS: f64 = 0.2;

    /// Latitude and longitude (degrees) of a user population's city.
    pub fn location(l: Location) -> (f64, f64) {
        match l {
            Location::Seoul => (37.57, 126.98),
            Location::Tokyo => (35.68, 139.69),
            Location::Singapore => (1.35, 103.82),
            Location::Sydney => (-33.87, 151.21),
            Location::Mumbai => (19.08, 72.88),
            Location::Frankfurt => (50.11, 8.68),
            Location::London => (51.51, -0.13),
            Location::Virginia => (38.90, -77.04),
            Location::Oregon => (45.52, -122.68),
            Location::SaoPaulo => (-23.55, -46.63),
        }
    }

    /// Latitude and longitude of a Region's metro area (where its data centres are publicly
    /// said to be); `None` for a code the catalog does not know.
    pub fn region(code: &str) -> Option<(f64, f64)> {
        Some(match code {
            "us-east-1" => (39.04, -77.49),       // Northern Virginia (Ashburn)
            "us-east-2" => (39.96, -83.00),       // Ohio (Columbus)
            "us-west-1" => (37.77, -122.42),      // Northern California
            "us-west-2" => (45.84, -119.70),      // Oregon (Boardman)
            "ca-central-1" => (45.50, -73.57),    // Montréal
            "sa-east-1" => (-23.55, -46.63),      // São Paulo
            "eu-west-1" => (53.35, -6.26),        // Dublin
            "eu-west-2" => (51.51, -0.13),        // London
            "eu-central-1" => (50.11, 8.68),      // Frankfurt
            "ap-northeast-1" => (35.68, 139.69),  // Tokyo
            "ap-northeast-2" => (37.57, 126.98),  // Seoul
            "ap-southeast-1" => (1.35, 103.82),   // Singapore
            "ap-southeast-2" => (-33.87, 151.21), // Sydney
            "ap-south-1" => (19.08, 72.88),       // Mumbai
            _ => return None,
        })
    }

    /// Great-circle distance, km (haversine, Earth radius 6,371 km).
    pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
        let rad = std::f64::consts::PI / 180.0;
        let (la1, lo1, la2, lo2) = (a.0 * rad, a.1 * rad, b.0 * rad, b.1 * rad);
        let s1 = libm::sin((la2 - la1) / 2.0);
        let s2 = libm::sin((lo2 - lo1) / 2.0);
        let h = s1 * s1 + libm::cos(la1) * libm::cos(la2) * s2 * s2;
        2.0 * 6_371.0 * libm::asin(libm::sqrt(h.clamp(0.0, 1.0)))
    }

    /// Round trip over a backbone between two points, ms (no access network).
    pub fn backbone_rtt_ms(a: (f64, f64), b: (f64, f64)) -> f64 {
        2.0 * distance_km(a, b) * ROUTE_INFLATION / FIBRE_KM_PER_MS
    }

    /// Round trip from users at `from` to a Region at `to`, ms: access network plus distance.
    pub fn internet_rtt_ms(from: Location, to: (f64, f64)) -> f64 {
        ACCESS_RTT_MS + backbone_rtt_ms(location(from), to)
    }
}

/// Where `location`'s users are (re-exported for callers that only need coordinates).
pub fn location_coordinates(l: Location) -> (f64, f64) {
    geo::location(l)
}

/// One price of the price book, with its source and date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Price {
    /// USD per `unit`.
    pub usd: f64,
    /// What one unit is (`hour`, `GB`, `GB-month`, `million requests`...).
    pub unit: &'static str,
    /// Where the price comes from.
    pub source: &'static str,
    /// When it was read.
    pub date: &'static str,
}

const fn price(usd: f64, unit: &'static str, source: &'static str, date: &'static str) -> Price {
    Price { usd, unit, source, date }
}

/// The price book: us-east-1 On-Demand list prices (aws-facts §12), used for every Region
/// (a simplification in docs/fidelity.md). Prices change; each carries its source and date.
/// The price of an instance bought with `option`, as a share of On-Demand (aws-facts.md
/// §1.5: Savings Plans and Reserved Instances save up to 72 %, Spot up to 90 %). Teaching
/// values inside those bounds: Reserved (1 year, no upfront) 0.6, Spot 0.3; Dedicated
/// Instances cost about 10 % more than shared tenancy (NV).
pub fn purchase_factor(option: crate::model::PurchaseOption) -> f64 {
    use crate::model::PurchaseOption::*;
    match option {
        OnDemand => 1.0,
        Reserved => 0.6,
        Spot => 0.3,
        Dedicated => 1.1,
    }
}

pub mod prices {
    use super::{price, Price};

    const FACTS: &str = "aws-facts.md §12";
    /// EC2 instance-hours: per type, `InstanceType::usd_per_hour`.
    pub const EC2_SOURCE: Price = price(0.0, "hour", "aws-facts.md §12 (EC2 On-Demand, Linux)", "2026");
    /// ALB hour.
    pub const ALB_HOUR: Price = price(0.0225, "ALB-hour", "aws-facts.md §12 (cloud-horizons.com)", "2026-05");
    /// ALB Load Balancer Capacity Unit hour.
    pub const ALB_LCU_HOUR: Price = price(0.008, "LCU-hour", "aws-facts.md §12 (cloud-horizons.com)", "2026-05");
    /// NLB hour (same list price as ALB; NV).
    pub const NLB_HOUR: Price = price(0.0225, "NLB-hour", "aws.amazon.com/elasticloadbalancing/pricing (NV)", "2026");
    /// NLB capacity unit hour (NV).
    pub const NLB_LCU_HOUR: Price =
        price(0.006, "NLCU-hour", "aws.amazon.com/elasticloadbalancing/pricing (NV)", "2026");
    /// NAT gateway hour.
    pub const NAT_HOUR: Price = price(0.045, "hour", FACTS, "2026");
    /// NAT gateway data processed.
    pub const NAT_GB: Price = price(0.045, "GB", FACTS, "2026");
    /// Data transfer out to the Internet (after the first 100 GB/month, up to 10 TB).
    pub const INTERNET_OUT_GB: Price = price(0.09, "GB", "aws-facts.md §12 (re:Post)", "2026");
    /// Data transfer between AZs, charged in each direction.
    pub const CROSS_AZ_GB: Price = price(0.01, "GB each way", FACTS, "2026");
    /// CloudFront data transfer out, US/Mexico/Canada, first 10 TB.
    pub const CLOUDFRONT_GB: Price = price(0.085, "GB", "https://aws.amazon.com/cloudfront/pricing/", "2026");
    /// CloudFront HTTPS requests (NV).
    pub const CLOUDFRONT_10K_REQUESTS: Price =
        price(0.01, "10,000 HTTPS requests", "https://aws.amazon.com/cloudfront/pricing/ (NV)", "2026");
    /// Route 53 hosted zone (first 25).
    pub const ROUTE53_ZONE_MONTH: Price = price(0.50, "hosted zone-month", "aws-facts.md §12 (ns1.com)", "2026");
    /// Route 53 standard queries (NV); alias queries to AWS resources are free (aws-facts §8).
    pub const ROUTE53_MILLION_QUERIES: Price = price(0.40, "million queries", "aws-facts.md §12 (NV)", "2026");
    /// Route 53 latency-based queries (NV).
    pub const ROUTE53_MILLION_LATENCY_QUERIES: Price =
        price(0.60, "million queries", "https://aws.amazon.com/route53/pricing/ (NV)", "2026");
    /// S3 Standard storage, first 50 TB.
    pub const S3_STANDARD_GB_MONTH: Price = price(0.023, "GB-month", "aws-facts.md §12 (costnimbus.com)", "2026-03");
    /// SQS standard queue requests (every API action; each 64 KB chunk of a payload is one).
    pub const SQS_MILLION_REQUESTS: Price =
        price(0.40, "million requests", "aws-facts.md §12 (factualminds.com)", "2026-06");
    /// SQS FIFO queue requests.
    pub const SQS_FIFO_MILLION_REQUESTS: Price =
        price(0.50, "million requests", "aws-facts.md §12 (factualminds.com)", "2026-06");
    /// S3 GET requests (NV).
    pub const S3_1K_GET: Price = price(0.0004, "1,000 GET", "https://aws.amazon.com/s3/pricing/ (NV)", "2026");
    /// S3 PUT requests (NV).
    pub const S3_1K_PUT: Price = price(0.005, "1,000 PUT", "https://aws.amazon.com/s3/pricing/ (NV)", "2026");
    /// EBS gp3 storage.
    pub const EBS_GP3_GB_MONTH: Price = price(0.08, "GB-month", "aws-facts.md §12 (agent-toolkit-for-aws)", "2026");
    /// EBS gp2 storage.
    pub const EBS_GP2_GB_MONTH: Price = price(0.10, "GB-month", "aws-facts.md §12 (agent-toolkit-for-aws)", "2026");
    /// EBS io1/io2 storage.
    pub const EBS_IO_GB_MONTH: Price = price(0.125, "GB-month", "aws-facts.md §12 (agent-toolkit-for-aws)", "2026");
    /// EBS io1/io2 provisioned IOPS (first tier).
    pub const EBS_PIOPS_MONTH: Price = price(0.065, "IOPS-month", "aws-facts.md §12 (agent-toolkit-for-aws)", "2026");
    /// EBS st1 storage (NV).
    pub const EBS_ST1_GB_MONTH: Price = price(0.045, "GB-month", "https://aws.amazon.com/ebs/pricing/ (NV)", "2026");
    /// EBS sc1 storage (NV).
    pub const EBS_SC1_GB_MONTH: Price = price(0.015, "GB-month", "https://aws.amazon.com/ebs/pricing/ (NV)", "2026");
    /// RDS gp2 storage, Single-AZ (Multi-AZ doubles it; NV).
    pub const RDS_STORAGE_GB_MONTH: Price =
        price(0.115, "GB-month", "https://aws.amazon.com/rds/mysql/pricing/ (NV)", "2026");
    /// RDS instance-hours: per class, `DB_CLASSES`.
    pub const RDS_SOURCE: Price = price(0.0, "hour", "https://aws.amazon.com/rds/mysql/pricing/ (NV)", "2026");
    /// Hours in a billing month (AWS uses 730).
    pub const HOURS_PER_MONTH: f64 = 730.0;
}

/// Whether `kind` is an SSD type that may be a boot volume (st1/sc1 cannot; aws-facts §2).
pub fn can_boot(kind: VolumeKind) -> bool {
    !matches!(kind, VolumeKind::St1 | VolumeKind::Sc1)
}

/// Where a population is, for Route 53's latency policy and CloudFront's edge choice.
pub fn nearest_region<'a>(from: Location, regions: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for code in regions {
        if let Some(at) = geo::region(code) {
            let rtt = geo::internet_rtt_ms(from, at);
            if best.is_none_or(|(_, b)| rtt < b) {
                best = Some((code, rtt));
            }
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vol(kind: VolumeKind, size_gib: u32, iops: Option<u32>) -> EbsVolume {
        EbsVolume { kind, size_gib, iops, throughput_mibps: None }
    }

    /// EBS limits per type, aws-facts.md §2 (EBS User Guide).
    #[test]
    fn ebs_limits_follow_aws_rules() {
        // (rule, volume, nitro, baseline IOPS, burst IOPS, throughput MiB/s)
        let cases: &[(&str, EbsVolume, bool, f64, f64, f64)] = &[
            ("gp2: 3 IOPS/GiB, bursts to 3,000", vol(VolumeKind::Gp2, 100, None), true, 300.0, 3_000.0, 128.0),
            ("gp2: minimum 100 IOPS", vol(VolumeKind::Gp2, 10, None), true, 100.0, 3_000.0, 128.0),
            ("gp2: from 1,000 GiB no burst", vol(VolumeKind::Gp2, 1_000, None), true, 3_000.0, 3_000.0, 250.0),
            ("gp2: max 16,000 at 5,334 GiB", vol(VolumeKind::Gp2, 6_000, None), true, 16_000.0, 16_000.0, 250.0),
            ("gp3: 3,000 / 125 baseline", vol(VolumeKind::Gp3, 100, None), true, 3_000.0, 3_000.0, 125.0),
            ("gp3: at most 500 IOPS/GiB", vol(VolumeKind::Gp3, 10, Some(16_000)), true, 5_000.0, 5_000.0, 125.0),
            ("io1: at most 50 IOPS/GiB", vol(VolumeKind::Io1, 100, Some(10_000)), true, 5_000.0, 5_000.0, 500.0),
            ("io1: 64,000 on Nitro", vol(VolumeKind::Io1, 2_000, Some(64_000)), true, 64_000.0, 64_000.0, 1_000.0),
            ("io1: 32,000 off Nitro", vol(VolumeKind::Io1, 2_000, Some(64_000)), false, 32_000.0, 32_000.0, 1_000.0),
            (
                "io2 Block Express: 1,000 IOPS/GiB",
                vol(VolumeKind::Io2, 100, Some(200_000)),
                true,
                100_000.0,
                100_000.0,
                1_562.5,
            ),
            ("st1: 40 MiB/s per TiB", vol(VolumeKind::St1, 2_048, None), true, 500.0, 500.0, 80.0),
            ("sc1: 12 MiB/s per TiB", vol(VolumeKind::Sc1, 1_024, None), true, 250.0, 250.0, 12.0),
        ];
        for (rule, v, nitro, base, burst, tp) in cases {
            let l = volume_limits(v, *nitro);
            assert_eq!((l.baseline_iops, l.burst_iops, l.throughput_mibps), (*base, *burst, *tp), "{rule}");
        }
        assert_eq!(volume_limits(&vol(VolumeKind::Gp2, 100, None), true).burst_credits, 5_400_000.0);
    }

    /// Latency from distance lands near measured values (aws-facts §11).
    #[test]
    fn distance_latency_is_plausible() {
        let dublin = geo::region("eu-west-1").unwrap();
        let montreal = geo::region("ca-central-1").unwrap();
        let rtt = geo::backbone_rtt_ms(dublin, montreal);
        assert!((65.0..90.0).contains(&rtt), "eu-west-1 <-> ca-central-1 measured ~79 ms, model {rtt}");
        let seoul = geo::internet_rtt_ms(Location::Seoul, geo::region("ap-northeast-2").unwrap());
        assert!((9.0..15.0).contains(&seoul), "{seoul}");
        let far = geo::internet_rtt_ms(Location::Seoul, geo::region("us-east-1").unwrap());
        assert!((150.0..230.0).contains(&far), "{far}");
        assert_eq!(
            nearest_region(Location::Tokyo, ["us-east-1", "ap-northeast-2"].into_iter()),
            Some("ap-northeast-2")
        );
    }

    #[test]
    fn catalog_knows_the_reference_types() {
        let m5 = instance_type("m5.large").unwrap();
        assert_eq!((m5.vcpus, m5.nitro, m5.usd_per_hour), (2, true, 0.096));
        assert!(instance_type("t2.micro").is_some_and(|t| !t.nitro));
        assert_eq!(db_class("db.m5.large").map(|c| c.vcpus), Some(2));
    }
}
