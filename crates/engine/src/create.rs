//! Creating what a person drops from the palette: where each component may go, the defaults AWS gives it, and what AWS creates along with it.
//!
//! The web app calls [`create`] with the innermost container under the pointer and adds the
//! nodes it returns; it never decides an AWS rule itself. A refusal is a bilingual message
//! saying what is wrong and where to drop instead. Everything is deterministic (same
//! scenario and drop, same nodes) and nothing panics, whatever the document holds:
//! dangling references are refused with a message or skipped, never unwrapped.
//!
//! Ids are short and readable (`vpc-1`, `subnet-3`, `i-2`): the first free number for the
//! prefix, counting ids in the scenario, in its layout and already handed out by this call.

pub use crate::kinds::Blueprint;
use crate::model::{LoadBalancerType, Node, NodeId, Scenario};
use crate::msg::Msg;
use crate::services;
use crate::services::vpc::place::{Ids, Place};

/// Where it was dropped: the innermost container under the pointer (a Region, VPC or subnet
/// node id, or `None` for the empty canvas), and the Availability Zone lane under the pointer
/// if any (an AZ node id). `DropTarget::default()` is the empty canvas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DropTarget<'a> {
    /// The innermost Region, VPC or subnet under the pointer; `None` for the empty canvas.
    pub container: Option<&'a NodeId>,
    /// The Availability Zone lane under the pointer; only a subnet uses it.
    pub az: Option<&'a NodeId>,
}

/// The nodes to add (the dropped component first, then what AWS creates with it), or why
/// it cannot be created there.
///
/// Where each blueprint goes (a drop inside a container counts for the containers around it):
///
/// | blueprint | dropped on | also creates |
/// |---|---|---|
/// | Region | the empty canvas | two Availability Zones |
/// | VPC | a Region (or anything inside one) | main route table, default network ACL, default security group |
/// | subnet | a VPC, in the AZ lane under the pointer | its Region's first AZ, if the Region has none |
/// | Internet gateway, ALB, NLB | a VPC or one of its subnets | |
/// | NAT gateway, instance | a subnet | |
/// | Auto Scaling group | a subnet (it also launches into the VPC's subnets of the same tier in other AZs) | |
/// | VPN gateway | a VPC or subnet (attached), or elsewhere (unattached) | |
/// | Internet, on-premises | the empty canvas | |
/// | RDS DB instance | a private subnet (with a second subnet of the VPC in another AZ) | |
/// | S3 bucket | a Region, outside its VPCs | |
/// | SQS queue, SNS topic | a Region, outside its VPCs | |
/// | CloudFront, Route 53 record | the empty canvas (global services) | |
pub fn create(s: &Scenario, what: Blueprint, at: DropTarget) -> Result<Vec<Node>, Msg> {
    let place = Place::resolve(s, at.container)?;
    let mut ids = Ids::new(s);
    match what {
        Blueprint::Region => services::vpc::create::region(s, &place, &mut ids),
        Blueprint::Vpc => services::vpc::create::vpc(s, &place, &mut ids),
        Blueprint::Subnet => services::vpc::create::subnet(s, &place, at.az, &mut ids),
        Blueprint::InternetGateway => services::vpc::create::internet_gateway(s, &place, &mut ids),
        Blueprint::NatGateway => services::vpc::create::nat_gateway(s, &place, &mut ids),
        Blueprint::Instance => services::ec2::create(s, &place, &mut ids),
        Blueprint::AutoScalingGroup => services::autoscaling::create(s, &place, &mut ids),
        Blueprint::Alb => services::elb::create(s, &place, LoadBalancerType::Alb, &mut ids),
        Blueprint::Nlb => services::elb::create(s, &place, LoadBalancerType::Nlb, &mut ids),
        Blueprint::VpnGateway => services::vpc::create::vpn_gateway(s, &place, &mut ids),
        Blueprint::Internet => services::vpc::create::internet(s, &place, &mut ids),
        Blueprint::OnPremises => services::hybrid::create_premises(s, &place, &mut ids),
        Blueprint::Rds => services::rds::create(s, &place, &mut ids),
        Blueprint::S3Bucket => services::s3::create(&place, &mut ids),
        Blueprint::Cloudfront => services::cloudfront::create(s, &place, &mut ids),
        Blueprint::Route53 => services::route53::create(s, &place, &mut ids),
        Blueprint::SqsQueue => services::sqs::create(&place, &mut ids),
        Blueprint::SnsTopic => services::sns::create(&place, &mut ids),
    }
}
