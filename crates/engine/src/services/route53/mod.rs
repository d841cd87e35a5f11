//! Amazon Route 53: a record's rules (values that are entry points, one primary and one secondary for failover, not every weight zero, its health check), the value link drawn from a record, and the simulation component (`sim`: resolvers, TTLs, routing policies, health checks).

pub(crate) mod sim;

use super::{no_parent, Emit, Service};
use crate::kinds::RECORD_VALUES;
use crate::link::{already, LinkIndex, LinkKind, Plan};
use crate::model::{FailoverRole, Kind, Node, RecordValue, RoutingPolicy, Scenario, Spec};
use crate::msg::Msg;
use crate::rules::Check;
use crate::services::vpc::place::{first_of, global, named, Ids, Place};

/// Route 53 Developer Guide, "Choosing a routing policy".
const POLICY: &str = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy.html";

pub(crate) static SERVICE: Service = Service { link, links, parent: no_parent, caption };

pub(crate) fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
    let Spec::Route53Record { policy, values, health_check, .. } = &node.spec else { return };
    let id = &node.id;
    let mut problems = Vec::new();
    if values.is_empty() {
        problems.push(msg!("services.record_no_value", id = id));
    }
    for v in values {
        if !c.spec(&v.target).is_some_and(|s| s.kind().is_any(RECORD_VALUES)) {
            problems.push(msg!("services.record_points_at_which", id = id, target = v.target));
        }
    }
    // Route 53 Developer Guide, "Failover routing": one primary and one secondary record.
    if *policy == RoutingPolicy::Failover {
        let primaries = values.iter().filter(|v| v.failover == Some(FailoverRole::Primary)).count();
        let secondaries = values.iter().filter(|v| v.failover == Some(FailoverRole::Secondary)).count();
        if primaries != 1 || secondaries > 1 || primaries + secondaries != values.len() {
            problems.push(msg!(
                "services.failover_record_needs_exactly",
                id = id,
                primaries = primaries,
                secondaries = secondaries
            ));
        }
    }
    if *policy == RoutingPolicy::Weighted && !values.is_empty() && values.iter().all(|v| v.weight == 0) {
        problems.push(msg!("services.every_value_weighted_record", id = id));
    }
    for problem in problems {
        c.fail("InvalidChangeBatch", id, problem, msg!("services.record_answers_one_values"), POLICY);
    }
    if let Some(check) = health_check {
        c.route53_health_check(id, check);
    }
}

/// A record's new value: a distribution, a load balancer, an instance or a bucket, answered
/// with weight 1.
fn link(_: &Scenario, from: &Node, to: &Node) -> Result<Option<Plan>, crate::msg::Msg> {
    let Spec::Route53Record { values, .. } = &from.spec else { return Ok(None) };
    if !to.spec.kind().is_any(RECORD_VALUES) {
        return Ok(None);
    }
    let (f, t) = (&from.id, &to.id);
    if values.iter().any(|v| &v.target == t) {
        return Err(already(f, t));
    }
    Ok(Some(Plan::edit(from, LinkKind::Traffic, |spec| {
        if let Spec::Route53Record { values, .. } = spec {
            values.push(RecordValue { target: t.clone(), weight: 1, failover: None });
        }
    })))
}

fn links(_: &LinkIndex<'_>, node: &Node, push: Emit<'_>) {
    if let Spec::Route53Record { values, .. } = &node.spec {
        for v in values {
            push(&node.id, &v.target, LinkKind::Traffic, None);
        }
    }
}

/// A Route 53 simple record `www.example.com` on the empty canvas, answering with the
/// design's entry point if it has one (else no value yet: validate says so). Source: Route 53
/// Developer Guide, "Choosing a routing policy" (aws-facts.md §8).
pub(crate) fn create(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    global(place, "Route 53")?;
    // The design's entry point, best first: a distribution, an internet-facing load
    // balancer, then a bucket.
    let is = |kind: Kind| move |spec: &Spec| spec.kind() == kind;
    let values = first_of(s, is(Kind::CloudfrontDistribution))
        .or_else(|| first_of(s, crate::services::elb::is_internet_facing))
        .or_else(|| first_of(s, is(Kind::S3Bucket)))
        .map(|target| RecordValue { target: target.clone(), weight: 1, failover: None })
        .into_iter()
        .collect();
    let spec = Spec::Route53Record {
        record_name: "www.example.com".to_string(),
        policy: Default::default(),
        ttl_s: 60,
        values,
        health_check: None,
    };
    Ok(vec![named(ids.next("dns"), spec)])
}

/// The name it answers for: `www.example.com`.
fn caption(node: &Node) -> Option<String> {
    let Spec::Route53Record { record_name, .. } = &node.spec else { return None };
    Some(record_name.clone())
}
