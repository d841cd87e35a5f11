//! Amazon EC2 Auto Scaling: a group's rules (subnets, capacity bounds, launch template, health-check type, its template's instance settings), the backend link drawn from it, the links it implies (its load balancers, its backend), where it is drawn, its caption and its palette blueprint. Its simulation state is `sim`; what a group does during a run is `sim/asg.rs`.

pub(crate) mod scaling;
pub(crate) mod sim;

use super::ec2::{backend_link, instance_performance};
use super::{Emit, Service};
use crate::kinds::Want;
use crate::link::{LinkIndex, LinkKind, Plan};
use crate::model::{AppSettings, HealthCheckType, Kind, Node, NodeId, ScalingMetric, ScalingPolicy, Scenario, Spec};
use crate::msg::Msg;
use crate::rules::{Check, Severity};
use crate::services::vpc::place::{default_security_group, named, same_tier_per_az, vpc_of_subnet, Ids, Place};

mod src {
    pub const ASG_CREATE: &str =
        "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html";
    pub const LAUNCH_CONFIGURATION: &str =
        "https://docs.aws.amazon.com/autoscaling/ec2/userguide/launch-configurations.html";
    pub const ASG_HEALTH: &str = "https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-checks-overview.html";
    /// Scaling on backlog per instance: metric math over the queue's
    /// `ApproximateNumberOfMessagesVisible` and the group's InService instances.
    pub const BACKLOG: &str =
        "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-target-tracking-metric-math.html";
}

/// A policy on `sqs_backlog_per_instance` divides the backlog of the queue the group
/// consumes by its instances: the group must consume exactly one queue (the metric math
/// names one queue; messaging-facts.md §1.8).
fn backlog_metric(c: &mut Check<'_>, id: &NodeId, policies: &[ScalingPolicy]) {
    let uses = policies.iter().any(|p| {
        matches!(
            p,
            ScalingPolicy::TargetTracking { metric: ScalingMetric::SqsBacklogPerInstance, .. }
                | ScalingPolicy::Step { metric: ScalingMetric::SqsBacklogPerInstance, .. }
        )
    });
    if !uses {
        return;
    }
    let queues = crate::services::sqs::consumed_by(c.s, id);
    let message = match queues.len() {
        1 => return,
        0 => msg!("resilience.backlog_metric_no_queue", id = id),
        n => msg!("resilience.backlog_metric_many_queues", id = id, n = n),
    };
    c.emit(
        "Stratus.AutoScaling.BacklogPerInstanceQueue",
        Severity::Error,
        id,
        message,
        msg!("resilience.backlog_metric_hint"),
        &queues,
        src::BACKLOG,
    );
}

pub(crate) static SERVICE: Service = Service { link, links, parent, caption };

/// An Auto Scaling group: subnets to launch into, min <= desired <= max, one launch
/// template (a launch configuration is deprecated), ELB health checks with a load
/// balancer, and its launch template's instance settings.
pub(crate) fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
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
        policies,
        ..
    } = &node.spec
    else {
        return;
    };
    backlog_metric(c, id, policies);
    for subnet in subnets {
        c.reference(id, "subnets", subnet, Want::Subnet);
    }
    for sg in security_groups {
        c.reference(id, "security_groups", sg, Want::SecurityGroup);
    }
    for lb in load_balancers {
        if c.spec(lb).is_none_or(|s| s.kind() != Kind::LoadBalancer) {
            c.emit(
                "ValidationError",
                Severity::Error,
                id,
                msg!("resilience.registers_instances_which_not", id = id, lb = lb),
                msg!("resilience.auto_scaling_group_registers"),
                &[lb],
                src::ASG_CREATE,
            );
        }
    }
    if subnets.is_empty() {
        c.emit(
            "ValidationError",
            Severity::Error,
            id,
            msg!("resilience.no_subnet_launch_into", id = id),
            msg!("resilience.give_group_subnets_two"),
            &[],
            src::ASG_CREATE,
        );
    }
    // CreateAutoScalingGroup: MinSize <= DesiredCapacity <= MaxSize (aws-facts.md §3).
    if min > max || desired < min || desired > max {
        c.emit(
            "ValidationError",
            Severity::Error,
            id,
            msg!("resilience.min_desired_max_desired", id = id, min = min, desired = desired, max = max),
            msg!("resilience.group_keeps_desired_capacity"),
            &[],
            src::ASG_CREATE,
        );
    }
    match (launch_template, launch_configuration) {
        (None, None) => c.emit(
            "ValidationError",
            Severity::Error,
            id,
            msg!("resilience.neither_launch_template_nor", id = id),
            msg!("resilience.group_launches_instances_from"),
            &[],
            src::ASG_CREATE,
        ),
        (Some(_), Some(_)) => c.emit(
            "ValidationError",
            Severity::Error,
            id,
            msg!("resilience.names_both_launch_template", id = id),
            msg!("resilience.group_uses_one_or"),
            &[],
            src::ASG_CREATE,
        ),
        (None, Some(name)) => c.emit(
            "Stratus.AutoScaling.LaunchConfigurationDeprecated",
            Severity::Warning,
            id,
            msg!("resilience.uses_launch_configuration_launch", id = id, name = name),
            msg!("resilience.use_launch_template_each"),
            &[],
            src::LAUNCH_CONFIGURATION,
        ),
        (Some(_), None) => {}
    }
    if *health_check_type == HealthCheckType::Elb && load_balancers.is_empty() {
        c.emit(
            "Stratus.AutoScaling.ElbHealthWithoutLoadBalancer",
            Severity::Warning,
            id,
            msg!("resilience.uses_elb_health_checks", id = id),
            msg!("resilience.without_target_group_only"),
            &[],
            src::ASG_HEALTH,
        );
    }
    instance_performance(c, id, instance_type, app.as_ref(), None);
}

/// A link from a group to a database or a bucket makes it its application's backend.
fn link(_: &Scenario, from: &Node, to: &Node) -> Result<Option<Plan>, Msg> {
    backend_link(from, to, Kind::AutoScalingGroup, |spec| match spec {
        Spec::AutoScalingGroup { app, .. } => Some(app),
        _ => None,
    })
}

/// Its load balancers send it requests; its application calls its backend.
fn links(_: &LinkIndex<'_>, node: &Node, push: Emit<'_>) {
    let Spec::AutoScalingGroup { load_balancers, app, .. } = &node.spec else { return };
    for lb in load_balancers {
        push(lb, &node.id, LinkKind::Traffic, None);
    }
    if let Some(AppSettings { backend: Some(b), .. }) = app {
        push(&node.id, b, LinkKind::Traffic, None);
    }
}

/// A group is drawn in the VPC of its first subnet.
fn parent<'a>(s: &'a Scenario, node: &'a Node) -> Option<&'a NodeId> {
    let Spec::AutoScalingGroup { subnets, .. } = &node.spec else { return None };
    vpc_of_subnet(s, subnets.first()?)
}

/// Its instance type and desired capacity: `t3.micro × 2`.
fn caption(node: &Node) -> Option<String> {
    let Spec::AutoScalingGroup { instance_type, desired, .. } = &node.spec else { return None };
    Some(format!("{instance_type} × {desired}"))
}

/// An Auto Scaling group of t3.micro instances (min 1, desired 2, max 4, a launch template,
/// EC2 health checks) in the subnet it was dropped on and, per other AZ of the VPC, the
/// first subnet of the same tier (public or private), so that it spans AZs at once.
pub(crate) fn create(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    let outside = msg!("create.auto_scaling_group_launches");
    let subnet = place.subnet(outside.clone())?;
    let Some((subnets, _)) = same_tier_per_az(s, subnet) else { return Err(outside) };
    let spec = Spec::AutoScalingGroup {
        subnets,
        instance_type: "t3.micro".to_string(),
        security_groups: default_security_group(s, place.vpc).into_iter().collect(),
        app: None,
        launch_template: Some(crate::model::LaunchTemplate { name: "web".to_string(), version: 1 }),
        launch_configuration: None,
        min: 1,
        max: 4,
        desired: 2,
        health_check_type: Default::default(),
        timing: Default::default(),
        load_balancers: Vec::new(),
        policies: Vec::new(),
        distribution: Default::default(),
    };
    Ok(vec![named(ids.next("asg"), spec)])
}

#[cfg(test)]
mod tests {
    use crate::rules::Severity;
    use crate::testkit::{lab, load, set};
    use serde_json::{json, Value};

    /// The lab with a group of workers `asg` scaling on backlog per instance, and queues `q1`
    /// and `q2` consuming nothing.
    fn doc() -> Value {
        let d = set(
            lab(),
            "asg",
            json!({"kind": "auto_scaling_group", "subnets": ["private"], "instance_type": "t3.micro",
                   "launch_template": {"name": "w", "version": 1}, "min": 1, "max": 4, "desired": 1,
                   "policies": [{"policy": "target_tracking", "metric": "sqs_backlog_per_instance", "target": 100}]}),
        );
        let d = set(d, "q1", json!({"kind": "sqs_queue", "region": "r", "queue_name": "one"}));
        set(d, "q2", json!({"kind": "sqs_queue", "region": "r", "queue_name": "two"}))
    }

    /// The backlog-per-instance rule (messaging-facts.md §1.8, the target tracking metric
    /// math page): the metric needs exactly one queue the group consumes.
    #[test]
    fn backlog_per_instance_needs_one_queue_table() {
        const SRC: &str =
            "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-target-tracking-metric-math.html";
        /// (rule, patches of the queues, whether the error is expected).
        type Case<'a> = (&'a str, Vec<(&'a str, Value)>, bool);
        let cases: Vec<Case> = vec![
            ("a group consuming one queue", vec![("q1", json!({"consumers": ["asg"]}))], false),
            ("a group consuming no queue", vec![], true),
            (
                "a group consuming two queues",
                vec![("q1", json!({"consumers": ["asg"]})), ("q2", json!({"consumers": ["asg"]}))],
                true,
            ),
        ];
        for (rule, patches, want) in cases {
            let d = patches.into_iter().fold(doc(), |d, (id, p)| set(d, id, p));
            let got = crate::validate::validate(&load(&d))
                .into_iter()
                .any(|x| x.code == "Stratus.AutoScaling.BacklogPerInstanceQueue" && x.severity == Severity::Error);
            assert_eq!(got, want, "{rule} ({SRC})");
        }
        // A group on CPU needs no queue.
        let cpu =
            set(doc(), "asg", json!({"policies": [{"policy": "target_tracking", "metric": "cpu", "target": 50}]}));
        assert!(!crate::validate::validate(&load(&cpu)).iter().any(|x| x.code.contains("BacklogPerInstance")));
    }
}
