//! One module per AWS service: what is specific to it (its rules on the document, what a link drawn from it means, the links it implies, and its simulation component) in one place.
//!
//! The shared parts stay below: the document (`model`), the kinds registry (`kinds`), the
//! checking context (`rules`), link plans (`link`) and the discrete-event core (`des`).
//! Above, `validate` loops over [`RULES`]; `connect`, `entry` and `view` loop over [`ALL`];
//! `create` and `sim::plan` call a room's blueprint and set-up steps by name. docs/architecture.md ("Adding a service") walks through a new one.
//!
//! Migrated so far: S3, RDS, CloudFront and Route 53; SQS and SNS (built as rooms from the start); Elastic Load Balancing, EC2 and Auto
//! Scaling but for their simulation components; the hybrid network (a virtual private
//! gateway, Site-to-Site VPN, Direct Connect, a data centre); the VPC primitives' rules and
//! containers (their blueprints and links are still in `create` and `connect`).

pub(crate) mod autoscaling;
pub(crate) mod cloudfront;
pub(crate) mod ec2;
pub(crate) mod elb;
pub(crate) mod hybrid;
pub(crate) mod rds;
pub(crate) mod route53;
pub(crate) mod s3;
pub(crate) mod sns;
pub(crate) mod sqs;
pub(crate) mod vpc;

use crate::link::{LinkIndex, LinkKind, Plan};
use crate::model::{Node, NodeId, Scenario};
use crate::msg::Msg;
use crate::rules::Check;

/// Where a service's `links` reports each link it implies: `(from, to, kind, via)`, `via`
/// being the node the line stands for when the link is itself a node (a VPN connection).
pub(crate) type Emit<'e> = &'e mut dyn FnMut(&NodeId, &NodeId, LinkKind, Option<&NodeId>);

/// What a service adds to the engine's shared passes. Each function does nothing for a node
/// of another service's kinds, so the passes can ask every service about every node.
pub(crate) struct Service {
    /// What a link drawn from `from` (one of its kinds) to `to` means: `Ok(None)` if nothing
    /// in this direction, or AWS's refusal.
    pub link: fn(&Scenario, &Node, &Node) -> Result<Option<Plan>, Msg>,
    /// The links a node of its kinds implies, for drawing, each through `Emit`.
    pub links: fn(&LinkIndex<'_>, &Node, Emit<'_>),
    /// The node a node of its kinds is drawn in (and deleted with), if any.
    pub parent: for<'a> fn(&'a Scenario, &'a Node) -> Option<&'a NodeId>,
    /// The line drawn under a node's name on the canvas (its class, its record name).
    pub caption: fn(&Node) -> Option<String>,
}

/// Every migrated service's rules on one node (findings added to the check). Apart from
/// `Service` so that what the page runs itself (links, creation, nesting) does not carry the
/// rules into its first load: the simulator's worker checks designs.
pub(crate) static RULES: [for<'a> fn(&mut Check<'a>, &'a Node); 11] = [
    vpc::validate,
    s3::validate,
    rds::validate,
    cloudfront::validate,
    route53::validate,
    elb::validate,
    ec2::validate,
    autoscaling::validate,
    hybrid::validate,
    sqs::validate,
    sns::validate,
];

/// Every migrated service.
pub(crate) static ALL: [&Service; 11] = [
    &vpc::SERVICE,
    &s3::SERVICE,
    &rds::SERVICE,
    &cloudfront::SERVICE,
    &route53::SERVICE,
    &elb::SERVICE,
    &ec2::SERVICE,
    &autoscaling::SERVICE,
    &hybrid::SERVICE,
    &sqs::SERVICE,
    &sns::SERVICE,
];

/// No link is drawn from this service's kinds.
pub(crate) fn no_link(_: &Scenario, _: &Node, _: &Node) -> Result<Option<Plan>, Msg> {
    Ok(None)
}

/// Its kinds are drawn outside every container (global services).
pub(crate) fn no_parent<'a>(_: &'a Scenario, _: &'a Node) -> Option<&'a NodeId> {
    None
}

/// Its kinds have no caption under their name.
pub(crate) fn no_caption(_: &Node) -> Option<String> {
    None
}

/// Its kinds imply no link of their own.
pub(crate) fn no_links(_: &LinkIndex<'_>, _: &Node, _: Emit<'_>) {}

#[cfg(test)]
mod tests {
    /// A room listed for its links but not for its rules (or the reverse) would be half
    /// checked: the two tables list the same rooms.
    #[test]
    fn every_room_has_its_rules_and_its_service() {
        assert_eq!(super::RULES.len(), super::ALL.len());
    }
}
