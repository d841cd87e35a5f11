//! EC2 placement groups (aws-facts.md §1.6, EC2 User Guide "Placement groups"): the rules over the instances that share a group, and the note on peer calls made from outside a cluster group. Rules over several nodes at once, so `validate` calls them after the per-node rules.

use crate::model::{Node, NodeId, Spec};
use crate::msg::Msg;
use crate::rules::{Check, Severity};

mod src {
    pub const PLACEMENT: &str = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/placement-groups.html";
}

impl Check<'_> {
    /// Placement groups (aws-facts.md §1.6, EC2 User Guide "Placement groups"): one strategy
    /// per group; a cluster group lives in one AZ and takes no T2; a spread group holds at most
    /// 7 running instances per AZ; a partition group has partitions 1-7; Dedicated Instances
    /// cannot be spread.
    pub(crate) fn placement_groups(&mut self) {
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
                if let Some(az) = crate::services::vpc::az_of_subnet(self.s, subnet) {
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
    pub(crate) fn peer_calls_outside_cluster(&mut self) {
        use crate::model::PlacementStrategy;
        for n in &self.s.nodes {
            let Spec::Instance { app: Some(app), placement_group, .. } = &n.spec else { continue };
            let cluster = placement_group.as_ref().is_some_and(|g| g.strategy == PlacementStrategy::Cluster);
            if app.peer_calls == 0 || cluster {
                continue;
            }
            let has_peers = crate::services::elb::has_other_targets(self.s, &n.id);
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
