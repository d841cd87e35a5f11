//! Rules for failure handling: Route 53 health-check settings, placement groups, and scheduled faults whose target does not exist (Auto Scaling groups' and target groups' rules live in their service modules).
//!
//! Codes are the service's own where it has one (Auto Scaling `ValidationError`, ELBv2
//! `ValidationError` for a health-check setting out of range, Route 53 `InvalidInput`), else
//! `Stratus.*`.

use super::{Check, Severity};
use crate::model::{FaultKind, Node, NodeId, Route53HealthCheck, Spec};
use crate::msg::Msg;

mod src {
    pub const R53_HEALTH: &str = "https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html";
    pub const FAULTS: &str = "docs/format.md#faults";
    pub const PLACEMENT: &str = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/placement-groups.html";
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
        let has_group = self.s.nodes.iter().any(|n| matches!(n.spec, Spec::AutoScalingGroup { .. }));
        let entity = |t: &str| has_group && t.strip_prefix("i-").is_some_and(|n| n.parse::<u32>().is_ok());
        for (k, f) in self.s.faults.iter().enumerate() {
            let spec = |t: &str| self.spec(&NodeId::from(t));
            let instance = |t: &str| matches!(spec(t), Some(Spec::Instance { .. })) || entity(t);
            let (target, ok, want): (String, bool, Msg) = match &f.fault {
                FaultKind::InstanceCrash { target }
                | FaultKind::InstanceImpaired { target }
                | FaultKind::EbsDegraded { target } => (target.clone(), instance(target), msg!("resilience.instance")),
                FaultKind::SpotInterruption { target } => (
                    target.clone(),
                    instance(target) || matches!(spec(target), Some(Spec::AutoScalingGroup { .. })),
                    msg!("resilience.spot_instance_or_auto"),
                ),
                FaultKind::AzOutage { az: target }
                | FaultKind::RegionOutage { region: target }
                | FaultKind::NatGatewayFailure { target }
                | FaultKind::RdsPrimaryFailure { target }
                | FaultKind::S3Throttling { target }
                | FaultKind::CloudfrontOriginFailure { target } => {
                    // The registry says which kinds each fault may be aimed at.
                    let ok = spec(target.as_str()).is_some_and(|s| s.kind().info().faults.contains(&f.fault.name()));
                    let want = match &f.fault {
                        FaultKind::AzOutage { .. } => msg!("resilience.availability_zone"),
                        FaultKind::RegionOutage { .. } => msg!("resilience.region"),
                        FaultKind::NatGatewayFailure { .. } => msg!("resilience.nat_gateway"),
                        FaultKind::RdsPrimaryFailure { .. } => msg!("resilience.rds_instance"),
                        FaultKind::S3Throttling { .. } => msg!("resilience.s3_bucket"),
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
                let problem = |code: &str, what: Msg| {
                    let hint = msg!("resilience.cluster_one_az_low");
                    (code.to_string(), what, hint)
                };
                let mut found = Vec::new();
                if g.strategy != first {
                    found.push(problem(
                        "InvalidPlacementGroup.Unknown",
                        msg!("resilience.puts_placement_group_another", id = n.id, name = name),
                    ));
                }
                if g.strategy == PlacementStrategy::Cluster && instance_type.starts_with("t2.") {
                    found.push(problem(
                        "Unsupported",
                        msg!("resilience.t2_instances_cannot_cluster", id = n.id, instance_type = instance_type),
                    ));
                }
                if g.strategy == PlacementStrategy::Spread && *purchase == PurchaseOption::Dedicated {
                    found.push(problem(
                        "Unsupported",
                        msg!("resilience.dedicated_instance_spread_placement", id = n.id),
                    ));
                }
                if g.strategy == PlacementStrategy::Partition && !g.partition.is_none_or(|p| (1..=7).contains(&p)) {
                    found.push(problem(
                        "InvalidParameterValue",
                        msg!(
                            "resilience.asks_partition_partitions_1",
                            id = n.id,
                            g_partition = g.partition.unwrap_or(0),
                            name = name
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
                    msg!("resilience.cluster_placement_group_spans", name = name, per_az = per_az.len()),
                    msg!("resilience.put_every_instance_group"),
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
                        msg!("resilience.spread_placement_group_instances", name = name, ids = ids.len(), az = az),
                        msg!("resilience.spread_instances_over_more"),
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
                msg!("resilience.calls_peers_times_per", id = n.id, app_peer_calls = app.peer_calls),
                msg!("resilience.cluster_placement_group_one"),
                &[],
                src::PLACEMENT,
            );
        }
    }
}
