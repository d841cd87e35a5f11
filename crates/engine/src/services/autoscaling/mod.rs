//! Amazon EC2 Auto Scaling: a group's rules (subnets, capacity bounds, launch template, health-check type, its template's instance settings), the backend link drawn from it, the links it implies (its load balancers, its backend), where it is drawn, its caption and its palette blueprint. Its simulation state is `sim`; what a group does during a run is `sim/asg.rs`.

pub(crate) mod scaling;
pub(crate) mod sim;

use super::ec2::{backend_link, instance_performance};
use super::{Emit, Service};
use crate::kinds::Want;
use crate::link::{LinkIndex, LinkKind, Plan};
use crate::model::{AppSettings, HealthCheckType, Kind, Node, NodeId, Scenario, Spec};
use crate::msg::Msg;
use crate::rules::{Check, Severity};
use crate::services::vpc::place::{default_security_group, named, same_tier_per_az, vpc_of_subnet, Ids, Place};

mod src {
    pub const ASG_CREATE: &str =
        "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html";
    pub const LAUNCH_CONFIGURATION: &str =
        "https://docs.aws.amazon.com/autoscaling/ec2/userguide/launch-configurations.html";
    pub const ASG_HEALTH: &str = "https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-checks-overview.html";
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
        ..
    } = &node.spec
    else {
        return;
    };
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
