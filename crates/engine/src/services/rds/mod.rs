//! Amazon RDS: a DB instance's rules (a DB subnet group over two AZs, at most 15 read replicas, a known DB class) and its simulation component (`sim`: the primary and replicas as queues, Multi-AZ failover).

pub(crate) mod sim;

use super::{no_link, no_links, Service};
use crate::catalog;
use crate::model::{Node, Spec};
use crate::rules::{Check, Want};
use std::collections::BTreeSet;

mod src {
    pub const SUBNETS: &str =
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html";
    pub const REPLICAS: &str = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.html";
}

pub(crate) static SERVICE: Service = Service { validate, link: no_link, links: no_links };

fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
    let Spec::RdsInstance { instance_class, subnets, security_groups, read_replicas, .. } = &node.spec else {
        return;
    };
    let id = &node.id;
    let mut azs = BTreeSet::new();
    for subnet in subnets {
        if c.reference(id, "subnets", subnet, Want::Subnet) {
            if let Some(Spec::Subnet { az, .. }) = c.spec(subnet) {
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
