//! Amazon S3: a bucket's rules (its Region; live replication needs versioning on both buckets), the replication link drawn from a source bucket, and the simulation component (`sim`: per-prefix request rates, 503 Slow Down).

pub(crate) mod sim;

use super::{no_caption, Emit, Service};
use crate::kinds::Want;
use crate::link::{already, LinkIndex, LinkKind, Plan};
use crate::model::{Node, NodeId, Scenario, Spec};
use crate::msg::Msg;
use crate::rules::Check;
use crate::services::vpc::place::{named, Ids, Place};

/// S3 User Guide, "Requirements and considerations for replication".
const REPLICATION: &str = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html";

pub(crate) static SERVICE: Service = Service { link, links, parent, caption: no_caption };

pub(crate) fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
    let Spec::S3Bucket { region, versioning, replicate_to, .. } = &node.spec else { return };
    let id = &node.id;
    c.reference(id, "region", region, Want::Region);
    for d in replicate_to {
        replication(c, id, *versioning, d);
    }
}

/// S3 live replication from bucket `id` to `d`: a different bucket, and versioning on
/// both (S3 User Guide, "Requirements and considerations for replication").
fn replication(c: &mut Check<'_>, id: &NodeId, versioning: bool, d: &NodeId) {
    let (message, hint) = match c.spec(d) {
        Some(Spec::S3Bucket { versioning: dv, .. }) if d != id => {
            let Some(off) = [(id, versioning), (d, *dv)].into_iter().find(|(_, v)| !v).map(|(b, _)| b) else {
                return;
            };
            (
                msg!("services.bucket_replicates_but_s3", id = id, d = d, off = off),
                msg!("services.turn_versioning_both_buckets"),
            )
        }
        _ => (
            msg!("services.bucket_replicates_which_not", id = id, d = d),
            msg!("services.replication_destination_another_bucket"),
        ),
    };
    c.fail("InvalidRequest", id, message, hint, REPLICATION);
}

/// A link from one bucket to another is live replication from the first. Source: S3 User
/// Guide, "Requirements and considerations for replication": both source and destination
/// buckets must have versioning enabled.
fn link(_: &Scenario, from: &Node, to: &Node) -> Result<Option<Plan>, crate::msg::Msg> {
    let (Spec::S3Bucket { versioning: vf, replicate_to, .. }, Spec::S3Bucket { versioning: vt, .. }) =
        (&from.spec, &to.spec)
    else {
        return Ok(None);
    };
    let (f, t) = (&from.id, &to.id);
    if replicate_to.contains(t) {
        return Err(already(f, t));
    }
    if let Some(unversioned) = [(f, vf), (t, vt)].into_iter().find(|(_, v)| !**v).map(|(id, _)| id) {
        return Err(msg!("connect.invalidrequest_replication_from_bucket", f = f, t = t, unversioned = unversioned));
    }
    Ok(Some(Plan::edit(from, LinkKind::Replication, |spec| {
        if let Spec::S3Bucket { replicate_to, .. } = spec {
            replicate_to.push(t.clone());
        }
    })))
}

fn links(_: &LinkIndex<'_>, node: &Node, push: Emit<'_>) {
    if let Spec::S3Bucket { replicate_to, .. } = &node.spec {
        for d in replicate_to {
            push(&node.id, d, LinkKind::Replication, None);
        }
    }
}

/// A bucket is drawn in its Region (moving the Region carries it, growing it fits it).
fn parent<'a>(_: &'a Scenario, node: &'a Node) -> Option<&'a NodeId> {
    match &node.spec {
        Spec::S3Bucket { region, .. } => Some(region),
        _ => None,
    }
}

/// An S3 bucket in the Region dropped onto. Buckets are regional and live outside every VPC
/// (instances reach them through a gateway endpoint or the Internet). Source: S3 User Guide,
/// "Buckets overview" (aws-facts.md §6).
pub(crate) fn create(place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    if let Some(vpc) = place.vpc {
        return Err(msg!("create.s3_bucket_not_inside", vpc_id = vpc.id));
    }
    let region = place.region(msg!("create.s3_bucket_created_one"))?;
    Ok(vec![named(
        ids.next("bucket"),
        Spec::S3Bucket {
            region: region.id.clone(),
            prefixes: 1,
            stored_gib: 0,
            versioning: false,
            replicate_to: Vec::new(),
        },
    )])
}
