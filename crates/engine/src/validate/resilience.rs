//! Rules for failure handling: Route 53 health-check settings and scheduled faults whose target does not exist (Auto Scaling groups', target groups' and placement groups' rules live in their service modules).
//!
//! Codes are the service's own where it has one (Auto Scaling `ValidationError`, ELBv2
//! `ValidationError` for a health-check setting out of range, Route 53 `InvalidInput`), else
//! `Stratus.*`.

use super::{Check, Severity};
use crate::model::{FaultKind, NodeId, Route53HealthCheck};
use crate::msg::Msg;

mod src {
    pub const R53_HEALTH: &str = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html";
    pub const FAULTS: &str = "docs/format.md#faults";
}

impl<'a> Check<'a> {
    /// A Route 53 health check: interval 10 or 30 s, failure threshold 1-10 (aws-facts.md §8).
    pub(crate) fn route53_health_check(&mut self, id: &NodeId, check: &Route53HealthCheck) {
        let interval_ok = matches!(check.interval_s, 10 | 30);
        let threshold_ok = (1..=10).contains(&check.failure_threshold);
        if interval_ok && threshold_ok {
            return;
        }
        self.emit(
            "InvalidInput",
            Severity::Error,
            id,
            msg!(
                "resilience.health_check_interval_failure",
                id = id,
                check_interval_s = check.interval_s,
                check_failure_threshold = check.failure_threshold
            ),
            msg!("resilience.route_53_checks_every"),
            &[],
            src::R53_HEALTH,
        );
    }

    /// Scheduled faults name something that exists and can break that way. Instances an
    /// Auto Scaling group launches are named `i-1`, `i-2`... at run time.
    pub(super) fn faults(&mut self) {
        let has_group = self.s.nodes.iter().any(|n| n.spec.interfaces().is_some_and(|i| i.launched));
        let entity = |t: &str| has_group && t.strip_prefix("i-").is_some_and(|n| n.parse::<u32>().is_ok());
        for (k, f) in self.s.faults.iter().enumerate() {
            let spec = |t: &str| self.spec(&NodeId::from(t));
            // The registry says which kinds each fault may be aimed at (an instance's faults,
            // and a Spot interruption at a group too); a group's instances by their run-time name.
            let takes = |t: &str| spec(t).is_some_and(|s| s.kind().info().faults.contains(&f.fault.name()));
            let (target, ok, want): (String, bool, Msg) = match &f.fault {
                FaultKind::InstanceCrash { target }
                | FaultKind::InstanceImpaired { target }
                | FaultKind::EbsDegraded { target } => {
                    (target.clone(), takes(target) || entity(target), msg!("resilience.instance"))
                }
                FaultKind::SpotInterruption { target } => {
                    (target.clone(), takes(target) || entity(target), msg!("resilience.spot_instance_or_auto"))
                }
                FaultKind::AzOutage { az: target }
                | FaultKind::RegionOutage { region: target }
                | FaultKind::NatGatewayFailure { target }
                | FaultKind::RdsPrimaryFailure { target }
                | FaultKind::S3Throttling { target }
                | FaultKind::CloudfrontOriginFailure { target }
                | FaultKind::PoisonMessage { target }
                | FaultKind::ConsumersDown { target } => {
                    let ok = takes(target.as_str());
                    let want = match &f.fault {
                        FaultKind::AzOutage { .. } => msg!("resilience.availability_zone"),
                        FaultKind::RegionOutage { .. } => msg!("resilience.region"),
                        FaultKind::NatGatewayFailure { .. } => msg!("resilience.nat_gateway"),
                        FaultKind::RdsPrimaryFailure { .. } => msg!("resilience.rds_instance"),
                        FaultKind::S3Throttling { .. } => msg!("resilience.s3_bucket"),
                        FaultKind::PoisonMessage { .. } | FaultKind::ConsumersDown { .. } => {
                            msg!("resilience.sqs_queue")
                        }
                        _ => msg!("resilience.cloudfront_distribution"),
                    };
                    (target.to_string(), ok, want)
                }
                FaultKind::TrafficSpike { population, .. } => {
                    let name = population.clone().unwrap_or_default();
                    let ok = population.as_ref().is_none_or(|p| self.s.traffic.iter().any(|t| &t.name == p));
                    (name, ok, msg!("resilience.client_population"))
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
                msg!("resilience.fault_at_targets_which", k = k, at_s = f.at_s, target = target, want = want),
                msg!("resilience.fault_breaks_something_exists"),
                &[],
                src::FAULTS,
            );
        }
    }
}
