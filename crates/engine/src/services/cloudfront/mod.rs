//! Amazon CloudFront: a distribution's rule (its origins must be a load balancer, an instance or a bucket), the origin link drawn from a distribution, and the simulation component (`sim`: edge locations, cache hits and misses, origin fetches).

pub(crate) mod sim;

use super::{no_caption, no_parent, Emit, Service};
use crate::kinds::ORIGINS;
use crate::link::{already, LinkIndex, LinkKind, Plan};
use crate::model::{Kind, Node, Scenario, Spec};
use crate::msg::Msg;
use crate::rules::Check;
use crate::services::vpc::place::{first_of, global, named, Ids, Place};

/// CloudFront Developer Guide, "Use various origins".
const ORIGINS_SRC: &str =
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistS3AndCustomOrigins.html";

pub(crate) static SERVICE: Service = Service { link, links, parent: no_parent, caption: no_caption };

pub(crate) fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
    let Spec::CloudfrontDistribution { origin, static_origin, .. } = &node.spec else { return };
    let id = &node.id;
    for o in std::iter::once(origin).chain(static_origin) {
        if !c.spec(o).is_some_and(|s| s.kind().is_any(ORIGINS)) {
            c.fail(
                "InvalidOrigin",
                id,
                msg!("services.cloudfront_distribution_origin_which", id = id, o = o),
                msg!("services.origin_where_cloudfront_fetches"),
                ORIGINS_SRC,
            );
        }
    }
}

/// A distribution's origin: a load balancer, an instance or a bucket. A bucket linked to a
/// distribution whose origin is dynamic becomes the origin of static objects.
fn link(s: &Scenario, from: &Node, to: &Node) -> Result<Option<Plan>, crate::msg::Msg> {
    let Spec::CloudfrontDistribution { origin, static_origin, .. } = &from.spec else { return Ok(None) };
    if !to.spec.kind().is_any(ORIGINS) {
        return Ok(None);
    }
    let (f, t) = (&from.id, &to.id);
    if origin == t || static_origin.as_ref() == Some(t) {
        return Err(already(f, t));
    }
    let bucket = |n: &Node| n.spec.kind() == Kind::S3Bucket;
    let static_only = bucket(to) && s.node(origin).is_some_and(|o| !bucket(o));
    Ok(Some(Plan::edit(from, LinkKind::Traffic, |spec| {
        if let Spec::CloudfrontDistribution { origin, static_origin, .. } = spec {
            if static_only {
                *static_origin = Some(t.clone());
            } else {
                *origin = t.clone();
            }
        }
    })))
}

fn links(_: &LinkIndex<'_>, node: &Node, push: Emit<'_>) {
    if let Spec::CloudfrontDistribution { origin, static_origin, .. } = &node.spec {
        push(&node.id, origin, LinkKind::Traffic, None);
        if let Some(st) = static_origin {
            push(&node.id, st, LinkKind::Traffic, None);
        }
    }
}

/// A CloudFront distribution on the empty canvas. CreateDistribution requires an origin, so
/// it takes the design's internet-facing load balancer or bucket; change it by drawing a
/// link from the distribution. Source: CloudFront Developer Guide, "Values that you specify
/// when you create or update a distribution" (aws-facts.md §7).
pub(crate) fn create(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    global(place, "CloudFront")?;
    let Some(origin) = first_of(s, crate::services::elb::is_internet_facing)
        .or_else(|| first_of(s, |spec| spec.kind() == Kind::S3Bucket))
    else {
        return Err(msg!("create.cloudfront_distribution_needs_origin"));
    };
    let spec = Spec::CloudfrontDistribution { origin: origin.clone(), static_origin: None, default_ttl_s: 86_400 };
    Ok(vec![named(ids.next("cf"), spec)])
}
