//! Amazon RDS: a DB instance's rules (a DB subnet group over two AZs, at most 15 read replicas, a known DB class) and its simulation component (`sim`: the primary and replicas as queues, Multi-AZ failover).

pub(crate) mod sim;

use super::{no_link, no_links, Service};
use crate::catalog;
use crate::kinds::Want;
use crate::model::{Node, NodeId, Scenario, Spec};
use crate::msg::Msg;
use crate::rules::Check;
use crate::services::vpc::place::{default_security_group, named, same_tier_per_az, Ids, Place};
use std::collections::BTreeSet;

mod src {
    pub const SUBNETS: &str =
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html";
    pub const REPLICAS: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html";
}

pub(crate) static SERVICE: Service = Service { link: no_link, links: no_links, parent, caption };

pub(crate) fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
    let Spec::RdsInstance { instance_class, subnets, security_groups, read_replicas, .. } = &node.spec else {
        return;
    };
    let id = &node.id;
    let mut azs = BTreeSet::new();
    for subnet in subnets {
        if c.reference(id, "subnets", subnet, Want::Subnet) {
            if let Some(az) = c.spec(subnet).and_then(Spec::az) {
                azs.insert(az);
            }
        }
    }
    for sg in security_groups {
        c.reference(id, "security_groups", sg, Want::SecurityGroup);
    }
    // RDS User Guide, "Working with a DB instance in a VPC": a DB subnet group
    // must have subnets in at least two AZs of the Region.
    if azs.len() < 2 {
        c.fail(
            "DBSubnetGroupDoesNotCoverEnoughAZs",
            id,
            msg!("services.db_subnet_group_covers", id = id, azs = azs.len()),
            msg!("services.add_subnet_second_az"),
            src::SUBNETS,
        );
    }
    // aws-facts §10: up to 15 read replicas per source (MySQL, MariaDB, PostgreSQL).
    if *read_replicas > 15 {
        c.fail(
            "Stratus.Rds.TooManyReadReplicas",
            id,
            msg!("services.read_replicas_rds_allows", id = id, read_replicas = read_replicas),
            msg!("services.use_at_most_15"),
            src::REPLICAS,
        );
    }
    if catalog::db_class(instance_class).is_none() {
        c.unknown_type(id, instance_class, "db.m5.large");
    }
}

/// A database is drawn in the VPC of its DB subnet group's first subnet.
fn parent<'a>(s: &'a Scenario, node: &'a Node) -> Option<&'a NodeId> {
    let Spec::RdsInstance { subnets, .. } = &node.spec else { return None };
    s.node(subnets.first()?)?.spec.subnet_vpc()
}

/// An RDS DB instance (MySQL, db.t3.micro, single-AZ) in the subnet dropped onto. Its DB
/// subnet group needs subnets in at least two AZs (CreateDBSubnetGroup fails with
/// `DBSubnetGroupDoesNotCoverEnoughAZs`), so the group takes, for every other AZ of the VPC,
/// a subnet of the same kind (private, or public) when there is one. Source: RDS User Guide,
/// "Working with a DB instance in a VPC" (aws-facts.md §10).
pub(crate) fn create(s: &Scenario, place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    let outside = msg!("create.rds_db_instance_lives");
    let subnet = place.subnet(outside.clone())?;
    let Some((subnets, public)) = same_tier_per_az(s, subnet) else { return Err(outside) };
    let Some(vpc) = subnet.spec.subnet_vpc() else { return Err(outside) };
    if subnets.len() < 2 {
        let tier = if public { msg!("create.public") } else { msg!("create.private") };
        return Err(msg!("create.dbsubnetgroupdoesnotcoverenoughazs_db_subnet_group", vpc = vpc, tier = tier));
    }
    let spec = Spec::RdsInstance {
        instance_class: "db.t3.micro".to_string(),
        engine: "mysql".to_string(),
        subnets,
        security_groups: default_security_group(s, place.vpc).into_iter().collect(),
        multi_az: false,
        read_replicas: 0,
        read_ms: 2.0,
        write_ms: 5.0,
        storage_gib: 20,
    };
    Ok(vec![named(ids.next("db"), spec)])
}

/// Its class, and whether a standby runs in another AZ: `db.t3.micro · Multi-AZ`.
fn caption(node: &Node) -> Option<String> {
    let Spec::RdsInstance { instance_class, multi_az, .. } = &node.spec else { return None };
    Some(format!("{instance_class}{}", if *multi_az { " · Multi-AZ" } else { "" }))
}
