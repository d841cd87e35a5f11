//! The failure half of the scenario document: faults to inject, target-group and Route 53 health checks, and Auto Scaling settings (capacity, launch template, health check type, scaling policies).
//!
//! Every default that comes from AWS cites aws-facts.md; every field is optional in JSON so
//! that documents written before faults existed load unchanged (docs/format.md, "Faults").

use crate::id::NodeId;
use serde::{Deserialize, Serialize};

/// Something that breaks. In a document it is scheduled (`ScheduledFault`); live, the UI
/// passes it to `Simulation::inject`.
// `Deserialize` is written by hand below: serde's derive for an internally tagged enum is
// among the largest functions of the wasm (about 20 KB before optimisation), for eleven
// variants of one or two fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum FaultKind {
    /// The instance's host fails: EC2 status checks fail, requests on it are lost. An Auto
    /// Scaling group replaces it; a stand-alone instance comes back when the fault ends.
    InstanceCrash {
        /// A document instance (`i-web-1`) or an instance an Auto Scaling group launched (`i-7`).
        target: String,
    },
    /// The application hangs: the instance passes EC2 status checks but fails the load
    /// balancer's health check, and every request sent to it fails (502).
    InstanceImpaired {
        /// The instance.
        target: String,
    },
    /// Every instance, load balancer node, NAT gateway and DB instance in the AZ is lost.
    AzOutage {
        /// The Availability Zone node.
        az: NodeId,
    },
    /// Every AZ of the Region is lost, and its S3 buckets answer nothing.
    RegionOutage {
        /// The Region node.
        region: NodeId,
    },
    /// The NAT gateway stops forwarding: private instances cannot reach S3 or the Internet.
    NatGatewayFailure {
        /// The NAT gateway node.
        target: NodeId,
    },
    /// The RDS primary fails: Multi-AZ fails over to the standby in 60-120 s; single-AZ
    /// stays down until the fault ends.
    RdsPrimaryFailure {
        /// The RDS instance node.
        target: NodeId,
    },
    /// The instance's EBS volume delivers a tenth of its IOPS and throughput.
    EbsDegraded {
        /// The instance.
        target: String,
    },
    /// EC2 reclaims Spot capacity: a two-minute notice, then the instance is terminated.
    /// Naming an Auto Scaling group interrupts every Spot instance in it.
    SpotInterruption {
        /// A Spot instance, or an Auto Scaling group.
        target: String,
    },
    /// Users send `multiplier` times their usual rate.
    TrafficSpike {
        /// The client population's name; `None` = every population.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        population: Option<String>,
        /// Rate multiplier (1-100).
        #[serde(default = "three")]
        multiplier: f64,
    },
    /// The bucket answers every request with 503 Slow Down.
    S3Throttling {
        /// The S3 bucket node.
        target: NodeId,
    },
    /// The distribution's origin stops answering: cache misses and dynamic requests fail
    /// (504), fresh cached objects are still served.
    CloudfrontOriginFailure {
        /// The CloudFront distribution node.
        target: NodeId,
    },
    /// A producer sends the queue one message its consumers can never process: received,
    /// failed, visible again after the visibility timeout, again and again until
    /// `maxReceiveCount` moves it to the dead-letter queue (without one, until retention
    /// deletes it). On a FIFO queue it holds its message group back meanwhile.
    PoisonMessage {
        /// The SQS queue node.
        target: NodeId,
    },
    /// Every consumer of the queue stops polling (their application crashed): messages they
    /// held come back after their visibility timeout, the backlog grows until the fault ends.
    ConsumersDown {
        /// The SQS queue node.
        target: NodeId,
    },
}

fn three() -> f64 {
    3.0
}

/// The `fault` names, in the order of `FaultKind`'s variants (for error messages).
const FAULTS: [&str; 13] = [
    "instance_crash",
    "instance_impaired",
    "az_outage",
    "region_outage",
    "nat_gateway_failure",
    "rds_primary_failure",
    "ebs_degraded",
    "spot_interruption",
    "traffic_spike",
    "s3_throttling",
    "cloudfront_origin_failure",
    "poison_message",
    "consumers_down",
];

impl FaultKind {
    /// Its `fault` name (`az_outage`, `s3_throttling`, ...).
    pub fn name(&self) -> &'static str {
        FAULTS[match self {
            FaultKind::InstanceCrash { .. } => 0,
            FaultKind::InstanceImpaired { .. } => 1,
            FaultKind::AzOutage { .. } => 2,
            FaultKind::RegionOutage { .. } => 3,
            FaultKind::NatGatewayFailure { .. } => 4,
            FaultKind::RdsPrimaryFailure { .. } => 5,
            FaultKind::EbsDegraded { .. } => 6,
            FaultKind::SpotInterruption { .. } => 7,
            FaultKind::TrafficSpike { .. } => 8,
            FaultKind::S3Throttling { .. } => 9,
            FaultKind::CloudfrontOriginFailure { .. } => 10,
            FaultKind::PoisonMessage { .. } => 11,
            FaultKind::ConsumersDown { .. } => 12,
        }]
    }

    /// The fault called `name` aimed at node `id`; `None` for a name that aims at no node
    /// (a traffic spike) or is no fault. The kinds each fault may aim at are in the
    /// registry (`KindInfo::faults`).
    pub fn on(name: &str, id: &NodeId) -> Option<FaultKind> {
        let target = || id.to_string();
        Some(match name {
            "instance_crash" => FaultKind::InstanceCrash { target: target() },
            "instance_impaired" => FaultKind::InstanceImpaired { target: target() },
            "az_outage" => FaultKind::AzOutage { az: id.clone() },
            "region_outage" => FaultKind::RegionOutage { region: id.clone() },
            "nat_gateway_failure" => FaultKind::NatGatewayFailure { target: id.clone() },
            "rds_primary_failure" => FaultKind::RdsPrimaryFailure { target: id.clone() },
            "ebs_degraded" => FaultKind::EbsDegraded { target: target() },
            "spot_interruption" => FaultKind::SpotInterruption { target: target() },
            "s3_throttling" => FaultKind::S3Throttling { target: id.clone() },
            "cloudfront_origin_failure" => FaultKind::CloudfrontOriginFailure { target: id.clone() },
            "poison_message" => FaultKind::PoisonMessage { target: id.clone() },
            "consumers_down" => FaultKind::ConsumersDown { target: id.clone() },
            _ => return None,
        })
    }
}

/// Every field any fault has, read once; `FaultKind::from_fields` keeps the named fault's.
#[derive(Deserialize)]
pub(crate) struct FaultFields {
    pub(crate) fault: String,
    pub(crate) target: Option<String>,
    pub(crate) az: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) population: Option<String>,
    pub(crate) multiplier: Option<f64>,
}

impl<'de> Deserialize<'de> for FaultKind {
    /// The same JSON as the derive would read (`{"fault": "az_outage", "az": "az-a"}`):
    /// every field any fault has, read once, then the named fault takes the ones it needs.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        FaultKind::from_fields(FaultFields::deserialize(d)?)
    }
}

impl FaultKind {
    /// The FaultKind its fields name (serde's reader and the page's, model/json.rs).
    pub(crate) fn from_fields<E: serde::de::Error>(f: FaultFields) -> Result<Self, E> {
        let need = |v: Option<String>, name: &'static str| v.ok_or_else(|| E::missing_field(name));
        let target = || need(f.target.clone(), "target");
        let node = |v: String| NodeId(v);
        Ok(match f.fault.as_str() {
            "instance_crash" => FaultKind::InstanceCrash { target: target()? },
            "instance_impaired" => FaultKind::InstanceImpaired { target: target()? },
            "az_outage" => FaultKind::AzOutage { az: node(need(f.az.clone(), "az")?) },
            "region_outage" => FaultKind::RegionOutage { region: node(need(f.region.clone(), "region")?) },
            "nat_gateway_failure" => FaultKind::NatGatewayFailure { target: node(target()?) },
            "rds_primary_failure" => FaultKind::RdsPrimaryFailure { target: node(target()?) },
            "ebs_degraded" => FaultKind::EbsDegraded { target: target()? },
            "spot_interruption" => FaultKind::SpotInterruption { target: target()? },
            "traffic_spike" => FaultKind::TrafficSpike {
                population: f.population.clone(),
                multiplier: f.multiplier.unwrap_or_else(three),
            },
            "s3_throttling" => FaultKind::S3Throttling { target: node(target()?) },
            "cloudfront_origin_failure" => FaultKind::CloudfrontOriginFailure { target: node(target()?) },
            "poison_message" => FaultKind::PoisonMessage { target: node(target()?) },
            "consumers_down" => FaultKind::ConsumersDown { target: node(target()?) },
            other => return Err(E::unknown_variant(other, &FAULTS)),
        })
    }
}

/// A fault the scenario injects at a time, for a while or for good. Written flat:
/// `{"at_s": 60, "for_s": 120, "fault": "az_outage", "az": "az-a"}` (serde cannot refuse
/// unknown fields of a flattened struct, so a misspelt optional field is ignored).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduledFault {
    /// When it starts, seconds after the start of the run.
    pub at_s: f64,
    /// How long it lasts, s; `None` = until the end of the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_s: Option<f64>,
    /// What breaks.
    #[serde(flatten)]
    pub fault: FaultKind,
}

/// A target group's health check (aws-facts.md §4.2). `None` fields take the load balancer
/// type's default.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct HealthCheck {
    /// Seconds between checks, 5-300 (default 30).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_s: Option<u32>,
    /// Seconds a check waits for an answer, 2-120 (default 5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_s: Option<u32>,
    /// Consecutive passes that make an unhealthy target healthy (ALB 5, NLB 3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub healthy_threshold: Option<u32>,
    /// Consecutive failures that make a healthy target unhealthy (default 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unhealthy_threshold: Option<u32>,
    /// HTTP codes that count as success: `"200"`, `"200,302"` or `"200-299"` (ALB default
    /// 200, allowed 200-499; NLB default 200-399).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matcher: Option<String>,
}

/// The effective settings of a target group's health check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HealthSettings {
    /// Seconds between checks.
    pub interval_s: u32,
    /// Seconds a check waits.
    pub timeout_s: u32,
    /// Passes to become healthy.
    pub healthy_threshold: u32,
    /// Failures to become unhealthy.
    pub unhealthy_threshold: u32,
}

impl HealthCheck {
    /// The settings with the type's defaults filled in and clamped to AWS's ranges
    /// (aws-facts.md §4.2: interval 30 s (5-300), timeout 5 s, healthy threshold 5 for ALB
    /// and 3 for NLB (2-10), unhealthy threshold 2 (2-10)).
    pub fn settings(&self, alb: bool) -> HealthSettings {
        HealthSettings {
            interval_s: self.interval_s.unwrap_or(30).clamp(5, 300),
            timeout_s: self.timeout_s.unwrap_or(5).clamp(2, 120),
            healthy_threshold: self.healthy_threshold.unwrap_or(if alb { 5 } else { 3 }).clamp(2, 10),
            unhealthy_threshold: self.unhealthy_threshold.unwrap_or(2).clamp(2, 10),
        }
    }
}

/// The HTTP codes a matcher accepts, or why it is not one: comma-separated codes and
/// `from-to` ranges, each within `allowed` (ALB 200-499, NLB 200-599; aws-facts.md §4.2).
pub fn parse_matcher(text: &str, allowed: (u16, u16)) -> Result<Vec<(u16, u16)>, String> {
    let mut out = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        let (a, b) = part.split_once('-').unwrap_or((part, part));
        let (Ok(from), Ok(to)) = (a.trim().parse::<u16>(), b.trim().parse::<u16>()) else {
            return Err(format!("'{part}' is not an HTTP code or range"));
        };
        if from > to || from < allowed.0 || to > allowed.1 {
            return Err(format!("'{part}' is outside {}-{}", allowed.0, allowed.1));
        }
        out.push((from, to));
    }
    Ok(out)
}

/// Which health checks make an Auto Scaling group replace an instance (aws-facts.md §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum HealthCheckType {
    /// EC2 status checks only (the default): an application that hangs is never replaced.
    #[default]
    Ec2,
    /// EC2 status checks and the load balancers' target-group health checks.
    Elb,
}

/// A launch template version (each version is immutable; aws-facts.md §3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LaunchTemplate {
    /// Template name.
    pub name: String,
    /// Version the group launches (1 and up).
    #[serde(default = "version_one")]
    pub version: u32,
}

fn version_one() -> u32 {
    1
}

/// How an instance is bought (aws-facts.md §1.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PurchaseOption {
    /// Per second, no commitment.
    #[default]
    OnDemand,
    /// A 1- or 3-year commitment (the catalog's discount).
    Reserved,
    /// Spare capacity at a discount; EC2 may interrupt it with a two-minute notice.
    Spot,
    /// Single-tenant hardware.
    Dedicated,
}

impl PurchaseOption {
    /// Whether this is the default (for `skip_serializing_if`).
    pub fn is_default(&self) -> bool {
        *self == PurchaseOption::OnDemand
    }
}

/// An instance's placement group (aws-facts.md §1.6). Instances naming the same group share it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlacementGroup {
    /// The group's name.
    pub name: String,
    /// Cluster, spread or partition.
    pub strategy: PlacementStrategy,
    /// Partition number, 1-7 (partition strategy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<u32>,
}

/// How a placement group places instances (aws-facts.md §1.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlacementStrategy {
    /// Close together in one AZ: low latency, high throughput.
    Cluster,
    /// Each on distinct hardware: at most 7 running instances per AZ per group.
    Spread,
    /// Groups of instances on distinct racks: at most 7 partitions per AZ.
    Partition,
}

/// The metric a scaling policy follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScalingMetric {
    /// Average CPU utilisation of the group, percent (`ASGAverageCPUUtilization`).
    Cpu,
    /// Requests per target per minute (`ALBRequestCountPerTarget`).
    AlbRequestsPerTarget,
    /// Backlog per instance: the visible messages of the SQS queue the group consumes
    /// (`ApproximateNumberOfMessagesVisible`) divided by its InService instances, the metric
    /// math AWS recommends for scaling queue workers (messaging-facts.md §1.8). The group
    /// must be the consumer of exactly one queue.
    SqsBacklogPerInstance,
}

/// A step of a step scaling policy: while the metric is at least `from` past the alarm
/// threshold, change the desired capacity by `change`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScalingStep {
    /// Lower bound of the step, as a distance from the threshold (0 = at the threshold).
    #[serde(default)]
    pub from: f64,
    /// Instances to add (positive) or remove (negative).
    pub change: i32,
}

/// An Auto Scaling policy.
// `Deserialize` is written by hand below (smaller than serde's tagged derive in the wasm).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "policy", rename_all = "snake_case", deny_unknown_fields)]
pub enum ScalingPolicy {
    /// Keep the metric near `target`, like a thermostat.
    TargetTracking {
        /// The metric.
        metric: ScalingMetric,
        /// Its target value (percent for CPU, requests per minute per target).
        target: f64,
    },
    /// A CloudWatch alarm on the metric; when it fires, the step matching how far the metric
    /// is past the threshold changes the desired capacity.
    Step {
        /// The metric.
        metric: ScalingMetric,
        /// Alarm threshold.
        threshold: f64,
        /// The alarm fires when the metric is above (`true`) or below (`false`) the threshold.
        #[serde(default = "yes")]
        above: bool,
        /// Alarm period, s (60 or a multiple).
        #[serde(default = "sixty")]
        period_s: u32,
        /// Consecutive breaching periods before the alarm fires.
        #[serde(default = "one")]
        evaluation_periods: u32,
        /// Steps, by distance from the threshold.
        steps: Vec<ScalingStep>,
    },
    /// At `at_s`, set the group's capacity.
    Scheduled {
        /// When, seconds after the start.
        at_s: f64,
        /// New minimum.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        /// New maximum.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
        /// New desired capacity.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        desired: Option<u32>,
    },
}

fn yes() -> bool {
    true
}
fn sixty() -> u32 {
    60
}
fn one() -> u32 {
    1
}

/// Every field any scaling policy has, read once; `ScalingPolicy::from_fields` keeps the named policy's.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyFields {
    pub(crate) policy: String,
    pub(crate) metric: Option<ScalingMetric>,
    pub(crate) target: Option<f64>,
    pub(crate) threshold: Option<f64>,
    pub(crate) above: Option<bool>,
    pub(crate) period_s: Option<u32>,
    pub(crate) evaluation_periods: Option<u32>,
    pub(crate) steps: Option<Vec<ScalingStep>>,
    pub(crate) at_s: Option<f64>,
    pub(crate) min: Option<u32>,
    pub(crate) max: Option<u32>,
    pub(crate) desired: Option<u32>,
}

impl<'de> Deserialize<'de> for ScalingPolicy {
    /// The JSON the derive would read: `{"policy": "step", "metric": ..., ...}`, each policy
    /// with its own fields only.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ScalingPolicy::from_fields(PolicyFields::deserialize(d)?)
    }
}

impl ScalingPolicy {
    /// The ScalingPolicy its fields name (serde's reader and the page's, model/json.rs).
    pub(crate) fn from_fields<E: serde::de::Error>(f: PolicyFields) -> Result<Self, E> {
        let present = [
            ("metric", f.metric.is_some()),
            ("target", f.target.is_some()),
            ("threshold", f.threshold.is_some()),
            ("above", f.above.is_some()),
            ("period_s", f.period_s.is_some()),
            ("evaluation_periods", f.evaluation_periods.is_some()),
            ("steps", f.steps.is_some()),
            ("at_s", f.at_s.is_some()),
            ("min", f.min.is_some()),
            ("max", f.max.is_some()),
            ("desired", f.desired.is_some()),
        ];
        let number = |v: Option<f64>, name: &'static str| v.ok_or_else(|| E::missing_field(name));
        let metric = |m: Option<ScalingMetric>| m.ok_or_else(|| E::missing_field("metric"));
        Ok(match f.policy.as_str() {
            "target_tracking" => {
                crate::id::only_fields(&present, &["metric", "target"])?;
                ScalingPolicy::TargetTracking { metric: metric(f.metric)?, target: number(f.target, "target")? }
            }
            "step" => {
                crate::id::only_fields(
                    &present,
                    &["metric", "threshold", "above", "period_s", "evaluation_periods", "steps"],
                )?;
                ScalingPolicy::Step {
                    metric: metric(f.metric)?,
                    threshold: number(f.threshold, "threshold")?,
                    above: f.above.unwrap_or_else(yes),
                    period_s: f.period_s.unwrap_or_else(sixty),
                    evaluation_periods: f.evaluation_periods.unwrap_or_else(one),
                    steps: f.steps.ok_or_else(|| E::missing_field("steps"))?,
                }
            }
            "scheduled" => {
                crate::id::only_fields(&present, &["at_s", "min", "max", "desired"])?;
                ScalingPolicy::Scheduled { at_s: number(f.at_s, "at_s")?, min: f.min, max: f.max, desired: f.desired }
            }
            other => return Err(E::unknown_variant(other, &["target_tracking", "step", "scheduled"])),
        })
    }
}

/// Purchase options of an Auto Scaling group (a mixed instances policy's distribution).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct InstancesDistribution {
    /// The first this many instances are On-Demand.
    pub on_demand_base_capacity: u32,
    /// Percent of the instances beyond the base that are On-Demand (100 = no Spot).
    pub on_demand_percentage_above_base: u32,
}

impl Default for InstancesDistribution {
    /// Every instance On-Demand (the API's defaults: base 0, 100 % above it).
    fn default() -> Self {
        InstancesDistribution { on_demand_base_capacity: 0, on_demand_percentage_above_base: 100 }
    }
}

impl InstancesDistribution {
    /// Whether the `k`-th instance (0-based, in launch order of the current members) is Spot.
    pub fn is_spot(&self, k: u32) -> bool {
        if k < self.on_demand_base_capacity {
            return false;
        }
        let above = u64::from(k - self.on_demand_base_capacity);
        let pct = u64::from(self.on_demand_percentage_above_base.min(100));
        // On-Demand instances among the first m above the base: ceil(m × pct / 100). The
        // k-th is On-Demand when it raises that count.
        let on_demand = |m: u64| (m * pct).div_ceil(100);
        on_demand(above + 1) == on_demand(above)
    }
}

/// A Route 53 health check on a record's values (aws-facts.md §8).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Route53HealthCheck {
    /// Seconds between checks: 30 (standard) or 10 (fast).
    pub interval_s: u32,
    /// Consecutive failed checks before the endpoint is unhealthy (1-10, default 3).
    pub failure_threshold: u32,
}

impl Default for Route53HealthCheck {
    fn default() -> Self {
        Route53HealthCheck { interval_s: 30, failure_threshold: 3 }
    }
}

/// Settings of an Auto Scaling group that have AWS defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AsgTiming {
    /// Seconds after launch before health checks can mark an instance unhealthy (300 from
    /// the console, 0 from the CLI/SDK; aws-facts.md §3).
    pub health_check_grace_period_s: u32,
    /// Seconds a new instance's metrics stay out of the group's aggregate (default instance
    /// warm-up; off = 0).
    pub instance_warmup_s: u32,
    /// Seconds after a scaling activity before another (default cooldown 300 s; here it
    /// spaces step scaling activities).
    pub default_cooldown_s: u32,
}

impl Default for AsgTiming {
    fn default() -> Self {
        AsgTiming { health_check_grace_period_s: 300, instance_warmup_s: 0, default_cooldown_s: 300 }
    }
}

impl AsgTiming {
    /// Whether every setting is the default.
    pub fn is_default(&self) -> bool {
        *self == AsgTiming::default()
    }
}

#[cfg(test)]
mod fault_json_tests {
    use super::*;

    /// The hand-written reader takes exactly what the derived writer writes, for every
    /// fault, and refuses what a document cannot mean.
    #[test]
    fn every_fault_reads_back_what_it_writes() {
        let all = [
            FaultKind::InstanceCrash { target: "i-1".into() },
            FaultKind::InstanceImpaired { target: "i-1".into() },
            FaultKind::AzOutage { az: "az-a".into() },
            FaultKind::RegionOutage { region: "r".into() },
            FaultKind::NatGatewayFailure { target: "nat".into() },
            FaultKind::RdsPrimaryFailure { target: "db".into() },
            FaultKind::EbsDegraded { target: "i-1".into() },
            FaultKind::SpotInterruption { target: "asg".into() },
            FaultKind::TrafficSpike { population: Some("users".into()), multiplier: 5.0 },
            FaultKind::TrafficSpike { population: None, multiplier: 3.0 },
            FaultKind::S3Throttling { target: "b".into() },
            FaultKind::CloudfrontOriginFailure { target: "cf".into() },
            FaultKind::PoisonMessage { target: "q".into() },
            FaultKind::ConsumersDown { target: "q".into() },
        ];
        assert_eq!(FAULTS.len(), all.len() - 1, "one name per variant");
        for f in all {
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(serde_json::from_str::<FaultKind>(&json).unwrap(), f, "{json}");
        }
        let spike: FaultKind = serde_json::from_str(r#"{"fault":"traffic_spike"}"#).unwrap();
        assert_eq!(spike, FaultKind::TrafficSpike { population: None, multiplier: 3.0 }, "default multiplier");
        let missing = serde_json::from_str::<FaultKind>(r#"{"fault":"az_outage"}"#).unwrap_err().to_string();
        assert!(missing.contains("missing field `az`"), "{missing}");
        let unknown = serde_json::from_str::<FaultKind>(r#"{"fault":"meteor"}"#).unwrap_err().to_string();
        assert!(unknown.contains("unknown variant `meteor`") && unknown.contains("az_outage"), "{unknown}");
        assert!(serde_json::from_str::<FaultKind>(r#"{"target":"i-1"}"#).is_err(), "no fault named");
    }
}

#[cfg(test)]
mod policy_json_tests {
    use super::*;

    /// The hand-written reader takes what the derived writer writes, fills the same
    /// defaults, and refuses another policy's field, as `deny_unknown_fields` did.
    #[test]
    fn every_policy_reads_back_what_it_writes() {
        let all = [
            ScalingPolicy::TargetTracking { metric: ScalingMetric::Cpu, target: 50.0 },
            ScalingPolicy::Step {
                metric: ScalingMetric::Cpu,
                threshold: 70.0,
                above: false,
                period_s: 120,
                evaluation_periods: 3,
                steps: vec![ScalingStep { from: 0.0, change: 2 }],
            },
            ScalingPolicy::Scheduled { at_s: 30.0, min: Some(1), max: None, desired: Some(4) },
        ];
        for p in all {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<ScalingPolicy>(&json).unwrap(), p, "{json}");
        }
        let step: ScalingPolicy =
            serde_json::from_str(r#"{"policy":"step","metric":"cpu","threshold":70,"steps":[{"from":0,"change":1}]}"#)
                .unwrap();
        assert!(matches!(step, ScalingPolicy::Step { above: true, period_s: 60, evaluation_periods: 1, .. }));
        for (json, want) in [
            (r#"{"policy":"target_tracking","metric":"cpu","target":50,"threshold":1}"#, "unknown field `threshold`"),
            (r#"{"policy":"target_tracking","metric":"cpu","target":50,"tagret":1}"#, "unknown field `tagret`"),
            (r#"{"policy":"scheduled"}"#, "missing field `at_s`"),
            (r#"{"policy":"predictive"}"#, "unknown variant `predictive`"),
        ] {
            let e = serde_json::from_str::<ScalingPolicy>(json).unwrap_err().to_string();
            assert!(e.contains(want), "{json}: {e}");
        }
    }
}
