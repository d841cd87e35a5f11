//! The exact names of the fields a node may have, per kind: generated from the JSON Schema by `schema::known_fields_table`, never edited by hand.
//!
//! Regenerate after changing the model: `UPDATE_SCHEMA=1 cargo test -p engine --features schema schema`
//! (a test fails while this file differs from what the model generates).

/// Fields of every node, whatever its kind.
#[rustfmt::skip]
pub(crate) const NODE: &[&str] = &["id", "name"];

/// Per kind (its JSON name), its fields, `kind` included, in declaration order.
#[rustfmt::skip]
pub(crate) const BY_KIND: &[(&str, &[&str])] = &[
    ("region", &["kind", "code"]),
    ("availability_zone", &["kind", "region", "zone"]),
    ("vpc", &["kind", "region", "cidr", "secondary_cidrs", "is_default"]),
    ("subnet", &["kind", "vpc", "az", "cidr", "route_table", "network_acl", "map_public_ip_on_launch"]),
    ("route_table", &["kind", "vpc", "main", "routes"]),
    ("internet_gateway", &["kind", "vpc"]),
    ("nat_gateway", &["kind", "subnet", "elastic_ip"]),
    ("security_group", &["kind", "vpc", "inbound", "outbound"]),
    ("network_acl", &["kind", "vpc", "default", "inbound", "outbound"]),
    ("vpc_peering", &["kind", "requester", "accepter"]),
    ("instance", &["kind", "instance_type", "subnet", "private_ip", "public_ip", "security_groups", "source_dest_check", "app", "ebs", "purchase", "placement_group"]),
    ("load_balancer", &["kind", "type", "scheme", "subnets", "security_groups", "targets", "algorithm", "cross_zone", "health_check", "deregistration_delay_s"]),
    ("internet", &["kind"]),
    ("on_premises", &["kind", "cidr"]),
    ("vpn_gateway", &["kind", "vpc"]),
    ("vpn_connection", &["kind", "vpn_gateway", "on_premises"]),
    ("direct_connect", &["kind", "vpn_gateway", "on_premises"]),
    ("rds_instance", &["kind", "instance_class", "engine", "subnets", "security_groups", "multi_az", "read_replicas", "read_ms", "write_ms", "storage_gib"]),
    ("s3_bucket", &["kind", "region", "prefixes", "stored_gib", "versioning", "replicate_to"]),
    ("cloudfront_distribution", &["kind", "origin", "static_origin", "default_ttl_s"]),
    ("route53_record", &["kind", "record_name", "policy", "ttl_s", "values", "health_check"]),
    ("auto_scaling_group", &["kind", "subnets", "instance_type", "security_groups", "app", "launch_template", "launch_configuration", "min", "max", "desired", "health_check_type", "timing", "load_balancers", "policies", "distribution"]),
    ("sqs_queue", &["kind", "region", "queue_name", "fifo", "content_based_deduplication", "retention_period_s", "visibility_timeout_s", "delay_s", "receive_wait_s", "max_message_bytes", "redrive", "consumers", "batch_size", "message_groups"]),
    ("sns_topic", &["kind", "region", "topic_name", "fifo", "content_based_deduplication", "subscriptions", "message_attributes"]),
];
