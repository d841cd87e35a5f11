//! The simulation half of the scenario document: who sends traffic (client populations), what the design must achieve (goals), how long to run, and the performance settings of components.
//!
//! Every field has a serde default so that documents written before the simulator existed
//! load unchanged (docs/format.md, "Traffic and simulation"). Numbers whose default comes
//! from AWS cite their source; the others are teaching defaults and say so.

use crate::id::NodeId;
use serde::{Deserialize, Serialize};

/// Where a population of users is, on the public Internet. Distances to Regions and edge
/// locations (and so latency) follow from the city's coordinates (`catalog::geo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// Seoul, South Korea.
    #[default]
    Seoul,
    /// Tokyo, Japan.
    Tokyo,
    /// Singapore.
    Singapore,
    /// Sydney, Australia.
    Sydney,
    /// Mumbai, India.
    Mumbai,
    /// Frankfurt, Germany.
    Frankfurt,
    /// London, United Kingdom.
    London,
    /// Northern Virginia (Washington, D.C. area), USA.
    Virginia,
    /// Oregon (Portland area), USA.
    Oregon,
    /// São Paulo, Brazil.
    SaoPaulo,
}

/// How a population's request rate changes over simulated time. Arrivals are Poisson
/// (open loop) at the instantaneous rate.
// `Deserialize` is written by hand below (smaller than serde's tagged derive in the wasm).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "pattern", rename_all = "snake_case", deny_unknown_fields)]
pub enum RatePattern {
    /// The same rate all the time.
    Constant {
        /// Requests per second.
        rps: f64,
    },
    /// A straight line from `from_rps` to `to_rps` over `over_s` seconds, then flat.
    Ramp {
        /// Rate at time 0.
        from_rps: f64,
        /// Rate from `over_s` on.
        to_rps: f64,
        /// Length of the ramp in seconds.
        over_s: f64,
    },
    /// A flat base rate with a burst of `peak_rps` from `at_s` for `for_s` seconds.
    Spike {
        /// Rate outside the spike.
        base_rps: f64,
        /// Rate during the spike.
        peak_rps: f64,
        /// Start of the spike, seconds.
        at_s: f64,
        /// Length of the spike, seconds.
        for_s: f64,
    },
    /// A daily cycle: `mean_rps × (1 + amplitude × cos(2π (t − peak_at_s) / period_s))`.
    Diurnal {
        /// Average rate.
        mean_rps: f64,
        /// Relative swing, 0 (flat) to 1 (down to zero at night).
        #[serde(default = "half")]
        amplitude: f64,
        /// Length of a cycle in seconds (a day by default).
        #[serde(default = "day_s")]
        period_s: f64,
        /// When the peak is, seconds after the start.
        #[serde(default)]
        peak_at_s: f64,
    },
}

fn half() -> f64 {
    0.5
}
fn day_s() -> f64 {
    86_400.0
}

/// Every field any rate pattern has, read once; `RatePattern::from_fields` keeps the named pattern's.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RateFields {
    pub(crate) pattern: String,
    pub(crate) rps: Option<f64>,
    pub(crate) from_rps: Option<f64>,
    pub(crate) to_rps: Option<f64>,
    pub(crate) over_s: Option<f64>,
    pub(crate) base_rps: Option<f64>,
    pub(crate) peak_rps: Option<f64>,
    pub(crate) at_s: Option<f64>,
    pub(crate) for_s: Option<f64>,
    pub(crate) mean_rps: Option<f64>,
    pub(crate) amplitude: Option<f64>,
    pub(crate) period_s: Option<f64>,
    pub(crate) peak_at_s: Option<f64>,
}

impl<'de> Deserialize<'de> for RatePattern {
    /// The JSON the derive would read: `{"pattern": "spike", "base_rps": 10, ...}`, each
    /// pattern with its own fields only.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        RatePattern::from_fields(RateFields::deserialize(d)?)
    }
}

impl RatePattern {
    /// The RatePattern its fields name (serde's reader and the page's, model/json.rs).
    pub(crate) fn from_fields<E: serde::de::Error>(f: RateFields) -> Result<Self, E> {
        let present = [
            ("rps", f.rps.is_some()),
            ("from_rps", f.from_rps.is_some()),
            ("to_rps", f.to_rps.is_some()),
            ("over_s", f.over_s.is_some()),
            ("base_rps", f.base_rps.is_some()),
            ("peak_rps", f.peak_rps.is_some()),
            ("at_s", f.at_s.is_some()),
            ("for_s", f.for_s.is_some()),
            ("mean_rps", f.mean_rps.is_some()),
            ("amplitude", f.amplitude.is_some()),
            ("period_s", f.period_s.is_some()),
            ("peak_at_s", f.peak_at_s.is_some()),
        ];
        let need = |v: Option<f64>, name: &'static str| v.ok_or_else(|| E::missing_field(name));
        Ok(match f.pattern.as_str() {
            "constant" => {
                crate::id::only_fields(&present, &["rps"])?;
                RatePattern::Constant { rps: need(f.rps, "rps")? }
            }
            "ramp" => {
                crate::id::only_fields(&present, &["from_rps", "to_rps", "over_s"])?;
                RatePattern::Ramp {
                    from_rps: need(f.from_rps, "from_rps")?,
                    to_rps: need(f.to_rps, "to_rps")?,
                    over_s: need(f.over_s, "over_s")?,
                }
            }
            "spike" => {
                crate::id::only_fields(&present, &["base_rps", "peak_rps", "at_s", "for_s"])?;
                RatePattern::Spike {
                    base_rps: need(f.base_rps, "base_rps")?,
                    peak_rps: need(f.peak_rps, "peak_rps")?,
                    at_s: need(f.at_s, "at_s")?,
                    for_s: need(f.for_s, "for_s")?,
                }
            }
            "diurnal" => {
                crate::id::only_fields(&present, &["mean_rps", "amplitude", "period_s", "peak_at_s"])?;
                RatePattern::Diurnal {
                    mean_rps: need(f.mean_rps, "mean_rps")?,
                    amplitude: f.amplitude.unwrap_or_else(half),
                    period_s: f.period_s.unwrap_or_else(day_s),
                    peak_at_s: f.peak_at_s.unwrap_or_default(),
                }
            }
            other => return Err(E::unknown_variant(other, &["constant", "ramp", "spike", "diurnal"])),
        })
    }
}

impl Default for RatePattern {
    fn default() -> Self {
        RatePattern::Constant { rps: 10.0 }
    }
}

/// What the requests are: reads or writes, static objects or dynamic pages, and sizes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct RequestMix {
    /// Fraction of requests that read (GET); the rest write (POST/PUT). 0 to 1.
    pub read: f64,
    /// Fraction of reads that fetch a static object (cacheable at CloudFront, served by S3 or
    /// the web servers); the rest are dynamic pages that need the application and database.
    #[serde(rename = "static")]
    pub static_fraction: f64,
    /// Size of a static object, KiB.
    pub object_kib: f64,
    /// Size of a dynamic response, KiB.
    pub response_kib: f64,
    /// Size of a write's request body, KiB (an S3 PUT larger than 5 GiB is refused).
    pub write_kib: f64,
    /// How many distinct static objects there are.
    pub objects: u32,
    /// Zipf exponent of object popularity (1 is typical of web content; 0 = all equally popular).
    pub zipf: f64,
}

impl Default for RequestMix {
    fn default() -> Self {
        RequestMix {
            read: 0.9,
            static_fraction: 0.5,
            object_kib: 100.0,
            response_kib: 8.0,
            write_kib: 4.0,
            objects: 10_000,
            zipf: 1.0,
        }
    }
}

/// A population of users somewhere on the Internet sending requests to one entry point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClientPopulation {
    /// A name for charts and summaries.
    pub name: String,
    /// Where the users are.
    #[serde(default)]
    pub location: Location,
    /// The entry point: a Route 53 record, CloudFront distribution, load balancer, instance or S3 bucket.
    pub target: NodeId,
    /// Request rate over time.
    #[serde(default)]
    pub rate: RatePattern,
    /// What the requests are.
    #[serde(default)]
    pub mix: RequestMix,
    /// Destination port (443 for HTTPS).
    #[serde(default = "https")]
    pub port: u16,
    /// How many DNS resolvers these users share. Each caches a Route 53 answer for its TTL,
    /// so few resolvers make weighted routing lumpy and slow failover down.
    #[serde(default = "resolvers")]
    pub resolvers: u32,
}

fn https() -> u16 {
    443
}
fn resolvers() -> u32 {
    50
}

/// What the design must achieve; `stratus run` exits 1 when one is missed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Goals {
    /// End-to-end p50 latency at most this, ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p50_ms: Option<f64>,
    /// End-to-end p95 latency at most this, ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p95_ms: Option<f64>,
    /// End-to-end p99 latency at most this, ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p99_ms: Option<f64>,
    /// Fraction of requests that fail (error or timeout) at most this, 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_rate: Option<f64>,
    /// Fraction of requests that succeed at least this, 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability: Option<f64>,
    /// Cost per simulated hour at most this, USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_per_hour_usd: Option<f64>,
    /// Every fault's time to recover at most this, s (a fault never recovered misses it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_s: Option<f64>,
    /// Requests lost to each fault at most this many.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests_lost: Option<u64>,
    /// SQS: messages deleted past their queue's retention period, every queue, at most this
    /// many (`0`: nothing may be lost).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages_lost: Option<u64>,
    /// SQS: processings done twice (the visibility timeout ran out before the delete), every
    /// queue, at most this many.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<u64>,
    /// SQS: the oldest any visible message got, s, at most this
    /// (`ApproximateAgeOfOldestMessage`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_age_s: Option<f64>,
}

impl Goals {
    /// Whether no goal is set.
    pub fn is_empty(&self) -> bool {
        *self == Goals::default()
    }
}

/// How to run the simulation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SimulationSettings {
    /// Simulated time, seconds.
    pub duration_s: f64,
    /// Seed of the random number generator: same scenario and seed, same results.
    pub seed: u64,
}

impl Default for SimulationSettings {
    fn default() -> Self {
        SimulationSettings { duration_s: 60.0, seed: 1 }
    }
}

impl SimulationSettings {
    /// Whether every setting is the default.
    pub fn is_default(&self) -> bool {
        *self == SimulationSettings::default()
    }
}

/// What an instance's application does with a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AppSettings {
    /// Mean CPU time of a dynamic request on one vCPU, ms (exponentially distributed).
    pub cpu_ms: f64,
    /// Mean CPU time of a static request, ms.
    pub static_cpu_ms: f64,
    /// Requests the application holds at once (being served, queued for a vCPU, or waiting
    /// on its backend); more are refused (the load balancer answers 502).
    pub max_concurrency: u32,
    /// A request not answered within this time is abandoned (the client times out), ms.
    /// Default 60 s, the ALB idle timeout.
    pub timeout_ms: u64,
    /// The port the application listens on.
    pub port: u16,
    /// EBS I/Os per dynamic request on the instance's volume.
    pub ios_per_request: f64,
    /// Size of one I/O, KiB.
    pub io_kib: f64,
    /// Calls each dynamic request makes, one after another, to other instances of its tier:
    /// the other targets of its load balancer, or the other members of its Auto Scaling
    /// group (a scatter-gather search, a distributed cache). Each call costs a network round
    /// trip plus the answer's transfer time, both set by placement: a cluster placement group
    /// is fastest, then one AZ, then across AZs. 0 = the tier's instances never talk.
    pub peer_calls: u32,
    /// Size of one peer's answer, KiB.
    pub peer_call_kib: f64,
    /// What dynamic requests call: an RDS instance (reads and writes) or an S3 bucket
    /// (GET for reads, PUT for writes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend: Option<NodeId>,
}

impl Default for AppSettings {
    fn default() -> Self {
        AppSettings {
            cpu_ms: 10.0,
            static_cpu_ms: 1.0,
            max_concurrency: 1024,
            timeout_ms: 60_000,
            port: 80,
            ios_per_request: 0.0,
            io_kib: 16.0,
            peer_calls: 0,
            peer_call_kib: 64.0,
            backend: None,
        }
    }
}

/// An EBS volume type (aws-facts.md §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum VolumeKind {
    /// General Purpose SSD, 3 IOPS/GiB with a burst bucket.
    Gp2,
    /// General Purpose SSD, 3,000 IOPS and 125 MiB/s included.
    #[default]
    Gp3,
    /// Provisioned IOPS SSD, up to 50 IOPS/GiB.
    Io1,
    /// Provisioned IOPS SSD (Block Express), up to 500 IOPS/GiB in the classic ratio.
    Io2,
    /// Throughput Optimized HDD.
    St1,
    /// Cold HDD.
    Sc1,
}

/// An EBS volume attached to an instance (its data volume).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EbsVolume {
    /// Volume type.
    #[serde(rename = "type", default)]
    pub kind: VolumeKind,
    /// Size, GiB.
    pub size_gib: u32,
    /// Provisioned IOPS (gp3, io1, io2); `None` = the type's baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iops: Option<u32>,
    /// Provisioned throughput, MiB/s (gp3); `None` = the type's baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput_mibps: Option<u32>,
}

/// How a load balancer's target group picks a target (aws-facts.md §4.2 "Routing algorithm").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// Each target in turn (the default).
    #[default]
    RoundRobin,
    /// The target with the fewest requests in progress.
    LeastOutstandingRequests,
}

impl Algorithm {
    /// Whether this is the default (for `skip_serializing_if`).
    pub fn is_default(&self) -> bool {
        *self == Algorithm::RoundRobin
    }
}

/// A Route 53 routing policy (aws-facts.md §8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoutingPolicy {
    /// One answer (the first value).
    #[default]
    Simple,
    /// Shares by weight / sum of weights; weight 0 gets nothing.
    Weighted,
    /// The primary while it is healthy, else the secondary.
    Failover,
    /// The value whose Region has the lowest latency to the user.
    Latency,
}

/// Primary or secondary of a failover record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FailoverRole {
    /// Answers while healthy.
    Primary,
    /// Answers when the primary is unhealthy.
    Secondary,
}

/// One value of a Route 53 record: where it sends users.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordValue {
    /// A CloudFront distribution, load balancer, instance or S3 bucket (an alias or an address).
    pub target: NodeId,
    /// Weight (weighted policy).
    #[serde(default = "one")]
    pub weight: u32,
    /// Role (failover policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failover: Option<FailoverRole>,
}

fn one() -> u32 {
    1
}

#[cfg(test)]
mod rate_json_tests {
    use super::*;

    /// The hand-written reader takes what the derived writer writes, fills the diurnal
    /// defaults, and refuses another pattern's field, as `deny_unknown_fields` did.
    #[test]
    fn every_rate_pattern_reads_back_what_it_writes() {
        let all = [
            RatePattern::Constant { rps: 5.0 },
            RatePattern::Ramp { from_rps: 1.0, to_rps: 9.0, over_s: 60.0 },
            RatePattern::Spike { base_rps: 10.0, peak_rps: 100.0, at_s: 30.0, for_s: 5.0 },
            RatePattern::Diurnal { mean_rps: 50.0, amplitude: 0.2, period_s: 3600.0, peak_at_s: 10.0 },
        ];
        for p in all {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<RatePattern>(&json).unwrap(), p, "{json}");
        }
        let d: RatePattern = serde_json::from_str(r#"{"pattern":"diurnal","mean_rps":8}"#).unwrap();
        assert_eq!(d, RatePattern::Diurnal { mean_rps: 8.0, amplitude: 0.5, period_s: 86_400.0, peak_at_s: 0.0 });
        for (json, want) in [
            (r#"{"pattern":"constant","rps":1,"at_s":3}"#, "unknown field `at_s`"),
            (r#"{"pattern":"constant","rps":1,"rpss":2}"#, "unknown field `rpss`"),
            (r#"{"pattern":"ramp","from_rps":1}"#, "missing field `to_rps`"),
            (r#"{"pattern":"sine"}"#, "unknown variant `sine`"),
        ] {
            let e = serde_json::from_str::<RatePattern>(json).unwrap_err().to_string();
            assert!(e.contains(want), "{json}: {e}");
        }
    }
}
