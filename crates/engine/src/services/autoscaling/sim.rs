//! EC2 Auto Scaling in the simulation: a group's state (its AZs, launch template, sizes, policies, members and what it tracks while it runs) and how set-up compiles a group into it. What a group does during a run (launches, health replacements, scaling, rebalancing) is `sim/asg.rs`, which works across the simulation's components.

use crate::des::core::US_PER_S;
use crate::des::kernel::NONE;
use crate::des::setup::Setup;
use crate::limits::AsgBudget;
use crate::model::{AsgTiming, HealthCheckType, InstancesDistribution, Node, NodeId, ScalingPolicy, Spec};
use crate::services::ec2::sim::{runtime, Instance, Peers};

/// CloudWatch metrics of a group: one datapoint a minute (detailed monitoring).
pub(crate) const METRIC_PERIOD_US: u64 = 60 * US_PER_S;

/// A running Auto Scaling group.
pub(crate) struct Asg {
    pub node: u32,
    /// AZs of its subnets, in document order, with their Region's coordinates.
    pub azs: Vec<(u32, Option<(f64, f64)>)>,
    /// What a new instance looks like (the launch template).
    pub proto: Instance,
    pub min: u32,
    pub max: u32,
    pub desired: u32,
    /// The most a scheduled action may raise `max` to (`limits::AsgBudget`).
    pub ceiling: u32,
    pub elb_health: bool,
    pub timing: AsgTiming,
    pub policies: Vec<ScalingPolicy>,
    pub distribution: InstancesDistribution,
    /// Load balancers it registers in, with the link drawn to the group.
    pub lbs: Vec<(u32, u32)>,
    /// Instances not yet terminated, in launch order.
    pub members: Vec<u32>,
    /// The SQS queue it consumes (`Sqs::queues`; the first one if several), `NONE` for none:
    /// its backlog per instance is a scaling metric.
    pub queue: u32,
    pub run: AsgRun,
}

/// What a group tracks while it runs: policy streaks, the last scaling activity, metrics.
pub(crate) struct AsgRun {
    /// Per policy: consecutive breaching datapoints (step), or (high, low) streaks packed
    /// as high - low (target tracking), and whether a scheduled action has run.
    pub(crate) streaks: Vec<(u32, u32, bool)>,
    pub(crate) last_activity: Option<u64>,
    pub(crate) next_metric: u64,
    pub(crate) cpu_acc: f64,
    pub(crate) cpu_n: u32,
    pub(crate) arrivals0: u64,
    /// Datapoints: (CPU %, requests per target per minute, SQS backlog per instance),
    /// newest last.
    pub(crate) points: Vec<(f64, f64, f64)>,
    /// "Cannot launch" already logged (until a launch succeeds).
    pub(crate) stuck: bool,
}

impl AsgRun {
    /// A group's run-time state before the run, with `policies` policies.
    pub(crate) fn new(policies: usize) -> AsgRun {
        AsgRun {
            streaks: vec![(0, 0, false); policies],
            last_activity: None,
            next_metric: METRIC_PERIOD_US,
            cpu_acc: 0.0,
            cpu_n: 0,
            arrivals0: 0,
            points: Vec::new(),
            stuck: false,
        }
    }
}

/// The group `n` (the `index`-th of the design), its sizes taken from `budget`; its members
/// launch when the run starts.
pub(crate) fn compile(n: &Node, setup: &mut dyn Setup, index: u32, budget: &mut AsgBudget) -> Option<Asg> {
    let Spec::AutoScalingGroup {
        subnets,
        instance_type,
        app,
        launch_template,
        min,
        max,
        desired,
        health_check_type,
        timing,
        policies,
        distribution,
        ..
    } = &n.spec
    else {
        return None;
    };
    let node = setup.node(n, "auto_scaling_group");
    let mut azs: Vec<(u32, Option<(f64, f64)>)> = Vec::new();
    for s in subnets {
        let (coords, az) = setup.subnet_place(s);
        if az != NONE && !azs.iter().any(|(a, _)| *a == az) {
            azs.push((az, coords));
        }
    }
    let mut proto = runtime(node, &n.id, instance_type, app.as_ref(), None, NONE);
    proto.version = launch_template.as_ref().map_or(0, |t| t.version.max(1));
    proto.peers = Peers::Asg(index);
    let size = budget.take(*min, *max, *desired, policies);
    Some(Asg {
        node,
        azs,
        proto,
        min: size.min,
        max: size.max,
        desired: size.desired,
        ceiling: size.ceiling,
        elb_health: *health_check_type == HealthCheckType::Elb,
        timing: timing.clone(),
        policies: policies.clone(),
        distribution: distribution.clone(),
        lbs: Vec::new(),
        members: Vec::new(),
        queue: NONE,
        run: AsgRun::new(policies.len()),
    })
}

/// Whether group `n` registers its instances with load balancer `lb`.
pub(crate) fn registers_with(n: &Node, lb: &NodeId) -> bool {
    matches!(&n.spec, Spec::AutoScalingGroup { load_balancers, .. } if load_balancers.contains(lb))
}
