//! The scenario document: every AWS element as a `Node` with an id, plus the diagram layout kept apart.
//!
//! The JSON shape is the public file format (docs/format.md). Semantics (what is
//! connected to what) live in `nodes`; where things are drawn lives in `layout`, so that
//! moving a box never changes what the engine computes.

use crate::cidr::{Cidr, Ipv4};
use crate::msg::Msg;
pub use crate::resilience::{
    AsgTiming, FaultKind, HealthCheck, HealthCheckType, InstancesDistribution, LaunchTemplate, PlacementGroup,
    PlacementStrategy, PurchaseOption, Route53HealthCheck, ScalingMetric, ScalingPolicy, ScalingStep, ScheduledFault,
};
pub use crate::workload::{
    Algorithm, AppSettings, ClientPopulation, EbsVolume, FailoverRole, Goals, Location, RatePattern, RecordValue,
    RequestMix, RoutingPolicy, SimulationSettings, VolumeKind,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

mod fields;
mod json;
mod kind;
mod known_fields;
mod messaging;
mod migrate;
mod spec_io;

pub use crate::id::NodeId;
pub use crate::text::Text;
pub use fields::{known_fields, suggest_field};
pub use json::FromJson;
pub use kind::{EniKind, Interfaces, Kind, PublicAddress};
pub use messaging::{RedrivePolicy, Subscription, SubscriptionProtocol};
pub use migrate::{migrate, supported_format};

/// The version of the scenario format this engine writes. Older versions are migrated
/// on load (see `Scenario::from_json`); newer ones are refused with a clear message.
pub const FORMAT_VERSION: u32 = 1;

/// A whole design: what exists, how it is connected, and where it is drawn.
// `Deserialize` is written by hand (model/json.rs): the derive's visitors for the
// document's parts cost the page's wasm about 8 KB gzip.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version of this document (see `FORMAT_VERSION`).
    pub format: u32,
    /// A short title shown in the top bar.
    #[serde(default)]
    pub name: String,
    /// What the scenario teaches, shown in the inspector when nothing is selected.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    /// Every AWS element (and the Internet and on-premises networks) of the design.
    pub nodes: Vec<Node>,
    /// Where each node is drawn. Nodes without an entry are laid out automatically.
    #[serde(default)]
    pub layout: BTreeMap<NodeId, Placement>,
    /// Who sends requests to the design, from where, at what rate (the simulation's input).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traffic: Vec<ClientPopulation>,
    /// What the design must achieve when simulated.
    #[serde(default, skip_serializing_if = "Goals::is_empty")]
    pub goals: Goals,
    /// How long to simulate and with which seed.
    #[serde(default, skip_serializing_if = "SimulationSettings::is_default")]
    pub simulation: SimulationSettings,
    /// Faults injected during the run (an instance crash, an AZ outage...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<ScheduledFault>,
}

impl Default for Scenario {
    /// An empty design in the current format.
    fn default() -> Self {
        Scenario {
            format: FORMAT_VERSION,
            name: String::new(),
            description: Text::default(),
            nodes: Vec::new(),
            layout: BTreeMap::new(),
            traffic: Vec::new(),
            goals: Goals::default(),
            simulation: SimulationSettings::default(),
            faults: Vec::new(),
        }
    }
}

/// One element of the design.
// `Serialize` and `Deserialize` are written by hand (model/fields.rs): fields this Stratus
// does not know land in `extra` instead of being dropped, and the spec's `kind` sits in the
// node's object. (A `//` comment: `///` would go into the schema.)
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Node {
    /// Unique id within the scenario.
    pub id: NodeId,
    /// Display name (the `Name` tag in AWS). Empty means "show the id".
    #[cfg_attr(feature = "schema", serde(default, skip_serializing_if = "String::is_empty"))]
    pub name: String,
    /// What the element is, with its kind-specific settings.
    #[cfg_attr(feature = "schema", serde(flatten))]
    pub spec: Spec,
    /// Fields the document had that no node of this kind has (a misspelling, or a field
    /// from a newer Stratus), in document order. Kept so that load then save never loses
    /// what the author wrote; written back inside the node; `validate` names each one.
    #[cfg_attr(feature = "schema", serde(flatten))]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Node {
    /// A node with no unknown fields (every node the engine makes itself).
    pub fn new(id: NodeId, name: String, spec: Spec) -> Node {
        Node { id, name, spec, extra: serde_json::Map::new() }
    }

    /// The name to show: the `name` if set, else the id.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            self.id.as_str()
        } else {
            &self.name
        }
    }
}

/// Where a node is drawn, in diagram units (CSS pixels at zoom 1). Containers
/// (Region, VPC, subnet) have a size; other nodes are drawn at a fixed size centred on (x, y).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Placement {
    /// Left edge (containers) or centre (other nodes).
    pub x: f64,
    /// Top edge (containers) or centre (other nodes).
    pub y: f64,
    /// Width, for containers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub w: Option<f64>,
    /// Height, for containers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub h: Option<f64>,
}

/// What a node is. The JSON field `kind` selects the variant: in a document the kind and
/// its fields sit in the node's object (`{"id": .., "kind": "instance", "subnet": ..}`).
// serde sees it externally tagged (`{"instance": {..}}`): the node's reader and writer
// (model/fields.rs) move `kind` in and out, and each variant is read from a
// `serde_json::Value` instead of through serde's buffered `Content` (an internally tagged
// derive instantiates every field's reader for it: about 100 KB of the page's wasm before
// `wasm-opt`). The schema keeps the document's shape (`schemars(tag)`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(tag = "kind"))]
pub enum Spec {
    /// An AWS Region, e.g. `ap-northeast-2` (Seoul).
    Region {
        /// The Region code.
        code: String,
    },
    /// An Availability Zone of a Region, e.g. `ap-northeast-2a`.
    AvailabilityZone {
        /// The Region node it belongs to.
        region: NodeId,
        /// The zone name; it must start with the Region code.
        zone: String,
    },
    /// A VPC: one Region, a primary IPv4 CIDR and up to four secondary ones by default.
    Vpc {
        /// The Region node it lives in.
        region: NodeId,
        /// Primary IPv4 block, /16 to /28.
        cidr: Cidr,
        /// Secondary IPv4 blocks.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        secondary_cidrs: Vec<Cidr>,
        /// A default VPC (172.31.0.0/16, public default subnets).
        #[serde(default, skip_serializing_if = "is_false")]
        is_default: bool,
    },
    /// A subnet: one AZ, a block inside the VPC, one route table and one network ACL.
    Subnet {
        /// The VPC it belongs to.
        vpc: NodeId,
        /// The Availability Zone node it lives in.
        az: NodeId,
        /// Its IPv4 block.
        cidr: Cidr,
        /// Explicitly associated route table; `None` means the VPC's main table.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        route_table: Option<NodeId>,
        /// Associated network ACL; `None` means the VPC's default ACL.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        network_acl: Option<NodeId>,
        /// Auto-assign a public IPv4 address to instances launched here (on for default subnets).
        #[serde(default, skip_serializing_if = "is_false")]
        map_public_ip_on_launch: bool,
    },
    /// A route table of a VPC. The `local` route for each VPC block is implicit.
    RouteTable {
        /// The VPC it belongs to.
        vpc: NodeId,
        /// Whether it is the VPC's main route table.
        #[serde(default, skip_serializing_if = "is_false")]
        main: bool,
        /// Routes besides the implicit local ones.
        #[serde(default)]
        routes: Vec<Route>,
    },
    /// An Internet gateway, attached to at most one VPC.
    InternetGateway {
        /// The attached VPC, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vpc: Option<NodeId>,
    },
    /// A public NAT gateway: lives in a subnet, needs an Elastic IP.
    NatGateway {
        /// The subnet it lives in (should be public).
        subnet: NodeId,
        /// Its Elastic IP.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        elastic_ip: Option<Ipv4>,
    },
    /// A security group: stateful, allow-only rules.
    SecurityGroup {
        /// The VPC it belongs to.
        vpc: NodeId,
        /// Inbound rules.
        #[serde(default)]
        inbound: Vec<SgRule>,
        /// Outbound rules. A new group allows all outbound traffic.
        #[serde(default)]
        outbound: Vec<SgRule>,
    },
    /// A network ACL: stateless, numbered allow/deny rules, lowest number first.
    NetworkAcl {
        /// The VPC it belongs to.
        vpc: NodeId,
        /// Whether it is the VPC's default ACL.
        #[serde(default, skip_serializing_if = "is_false")]
        default: bool,
        /// Inbound rules.
        #[serde(default)]
        inbound: Vec<NaclRule>,
        /// Outbound rules.
        #[serde(default)]
        outbound: Vec<NaclRule>,
    },
    /// A VPC peering connection (accepted).
    VpcPeering {
        /// The VPC that requested the peering.
        requester: NodeId,
        /// The VPC that accepted it.
        accepter: NodeId,
    },
    /// An EC2 instance with its primary ENI.
    Instance {
        /// Instance type, e.g. `t3.micro`.
        instance_type: String,
        /// The subnet of its primary ENI.
        subnet: NodeId,
        /// Primary private IPv4; `None` means "the first free address".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        private_ip: Option<Ipv4>,
        /// Whether it has a public IPv4 (auto-assigned or an Elastic IP).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        public_ip: Option<Ipv4>,
        /// Security groups of the primary ENI (at most 5 by default).
        #[serde(default)]
        security_groups: Vec<NodeId>,
        /// Source/destination check; must be off for a NAT instance.
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        source_dest_check: bool,
        /// What its application does per request (simulation).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        app: Option<AppSettings>,
        /// Its data EBS volume (simulation: IOPS, throughput, burst credits).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ebs: Option<EbsVolume>,
        /// How it is bought: On-Demand (default), Reserved, Spot or Dedicated.
        #[serde(default, skip_serializing_if = "PurchaseOption::is_default")]
        purchase: PurchaseOption,
        /// Its placement group.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        placement_group: Option<PlacementGroup>,
    },
    /// An Application or Network Load Balancer.
    LoadBalancer {
        /// `alb` or `nlb`.
        #[serde(rename = "type")]
        lb_type: LoadBalancerType,
        /// Internet-facing or internal.
        #[serde(default)]
        scheme: Scheme,
        /// Subnets it has a node in (one per AZ).
        subnets: Vec<NodeId>,
        /// Security groups (ALB; NLB may have none).
        #[serde(default)]
        security_groups: Vec<NodeId>,
        /// Registered targets (instance ids).
        #[serde(default)]
        targets: Vec<NodeId>,
        /// How the target group picks a target.
        #[serde(default, skip_serializing_if = "Algorithm::is_default")]
        algorithm: Algorithm,
        /// Cross-zone load balancing; `None` = the type's default (on for ALB, off for NLB).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cross_zone: Option<bool>,
        /// The target group's health check; `None` = the type's defaults.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        health_check: Option<HealthCheck>,
        /// Seconds a deregistered target drains in-flight requests (default 300, 0-3,600).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deregistration_delay_s: Option<u32>,
    },
    /// The public Internet: where users and outside services are.
    Internet {},
    /// A corporate data centre reached over VPN or Direct Connect.
    OnPremises {
        /// Its address range.
        cidr: Cidr,
    },
    /// A virtual private gateway, attached to one VPC: the AWS end of a VPN or Direct Connect.
    VpnGateway {
        /// The attached VPC.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vpc: Option<NodeId>,
    },
    /// A Site-to-Site VPN connection (two IPsec tunnels) between a VGW and on-premises.
    VpnConnection {
        /// The virtual private gateway.
        vpn_gateway: NodeId,
        /// The on-premises network (its customer gateway).
        on_premises: NodeId,
    },
    /// A Direct Connect private virtual interface between a VGW and on-premises.
    DirectConnect {
        /// The virtual private gateway.
        vpn_gateway: NodeId,
        /// The on-premises network.
        on_premises: NodeId,
    },
    /// An RDS DB instance: the primary in the first subnet's AZ, a synchronous Multi-AZ
    /// standby in another AZ, asynchronous read replicas.
    RdsInstance {
        /// DB instance class, e.g. `db.m5.large`.
        instance_class: String,
        /// Database engine, e.g. `mysql`, `postgres`.
        #[serde(default = "mysql")]
        engine: String,
        /// The DB subnet group (subnets in at least two AZs).
        subnets: Vec<NodeId>,
        /// Security groups.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        security_groups: Vec<NodeId>,
        /// A synchronous standby in another AZ.
        #[serde(default, skip_serializing_if = "is_false")]
        multi_az: bool,
        /// Number of read replicas (0-15), placed across the subnets' AZs.
        #[serde(default, skip_serializing_if = "is_zero")]
        read_replicas: u8,
        /// Mean time a read query holds one vCPU, ms.
        #[serde(default = "read_ms")]
        read_ms: f64,
        /// Mean time a write holds one vCPU of the primary, ms.
        #[serde(default = "write_ms")]
        write_ms: f64,
        /// Allocated storage, GiB (gp3).
        #[serde(default = "db_storage")]
        storage_gib: u32,
    },
    /// An S3 bucket in a Region.
    S3Bucket {
        /// The Region node it lives in.
        region: NodeId,
        /// How many partitioned prefixes its keys spread over (request-rate limits are per prefix).
        #[serde(default = "one_prefix")]
        prefixes: u32,
        /// Data stored, GiB (storage cost).
        #[serde(default, skip_serializing_if = "is_zero_u32")]
        stored_gib: u32,
        /// S3 Versioning is enabled: replication needs it on the source and every destination.
        #[serde(default, skip_serializing_if = "is_false")]
        versioning: bool,
        /// Buckets that new objects are replicated to (live replication: Cross-Region when the
        /// destination is in another Region, Same-Region otherwise).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        replicate_to: Vec<NodeId>,
    },
    /// A CloudFront distribution: edge caches in front of an origin.
    CloudfrontDistribution {
        /// Origin of the default behaviour (dynamic pages): a load balancer, instance or bucket.
        origin: NodeId,
        /// Origin of static objects (e.g. an S3 bucket); `None` = `origin`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        static_origin: Option<NodeId>,
        /// How long an edge keeps a static object, s (CloudFront's DefaultTTL is 86,400).
        #[serde(default = "default_ttl")]
        default_ttl_s: u64,
    },
    /// A Route 53 record: a name answered by a routing policy.
    Route53Record {
        /// The DNS name, e.g. `www.example.com`.
        record_name: String,
        /// Routing policy.
        #[serde(default)]
        policy: RoutingPolicy,
        /// How long resolvers cache the answer, s.
        #[serde(default = "dns_ttl")]
        ttl_s: u32,
        /// Where it sends users.
        values: Vec<RecordValue>,
        /// Health checks on the values; `None` = Route 53 answers without checking (only
        /// values the network model cannot reach count as unhealthy).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        health_check: Option<Route53HealthCheck>,
    },
    /// An EC2 Auto Scaling group: keeps `desired` instances running across its subnets' AZs,
    /// replaces unhealthy ones and scales by its policies. Its instances are not document
    /// nodes; the simulation names them `i-1`, `i-2`...
    AutoScalingGroup {
        /// Subnets it launches into (one or more AZs).
        subnets: Vec<NodeId>,
        /// Instance type of the launch template.
        instance_type: String,
        /// Security groups of the launched instances.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        security_groups: Vec<NodeId>,
        /// What the instances' application does per request.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        app: Option<AppSettings>,
        /// The launch template and version (use this, not `launch_configuration`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        launch_template: Option<LaunchTemplate>,
        /// A launch configuration's name: immutable and deprecated (aws-facts.md §3).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        launch_configuration: Option<String>,
        /// Minimum size.
        min: u32,
        /// Maximum size.
        max: u32,
        /// Desired capacity (within min..=max).
        desired: u32,
        /// EC2 (default) or ELB health checks.
        #[serde(default)]
        health_check_type: HealthCheckType,
        /// Grace period, warm-up and cooldown.
        #[serde(default, skip_serializing_if = "AsgTiming::is_default")]
        timing: AsgTiming,
        /// Load balancers whose target group the instances are registered in.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        load_balancers: Vec<NodeId>,
        /// Scaling policies.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        policies: Vec<ScalingPolicy>,
        /// On-Demand and Spot mix.
        #[serde(default)]
        distribution: InstancesDistribution,
    },
    /// An Amazon SQS queue in a Region: standard (at-least-once delivery, best-effort order)
    /// or FIFO (exactly-once processing, in order within a message group).
    SqsQueue {
        /// The Region node it lives in.
        region: NodeId,
        /// `QueueName`: up to 80 letters, digits, `-` and `_`; a FIFO queue's ends in `.fifo`.
        queue_name: String,
        /// A FIFO queue (`FifoQueue`); a queue's type is fixed when it is created.
        #[serde(default, skip_serializing_if = "is_false")]
        fifo: bool,
        /// FIFO only (`ContentBasedDeduplication`): the deduplication id is the SHA-256 of the body.
        #[serde(default, skip_serializing_if = "is_false")]
        content_based_deduplication: bool,
        /// `MessageRetentionPeriod`, s: 60 to 1,209,600 (14 days), default 345,600 (4 days).
        #[serde(default = "sqs_retention")]
        retention_period_s: u32,
        /// `VisibilityTimeout`, s: 0 to 43,200 (12 hours), default 30.
        #[serde(default = "sqs_visibility")]
        visibility_timeout_s: u32,
        /// `DelaySeconds`: 0 to 900, default 0.
        #[serde(default, skip_serializing_if = "is_zero_u32")]
        delay_s: u32,
        /// `ReceiveMessageWaitTimeSeconds`: 0 (short polling, the default) to 20 (long polling).
        #[serde(default, skip_serializing_if = "is_zero_u32")]
        receive_wait_s: u32,
        /// `MaximumMessageSize`, bytes: 1,024 to 1,048,576 (1 MiB).
        #[serde(default = "sqs_max_message")]
        max_message_bytes: u32,
        /// `RedrivePolicy`: the dead-letter queue and the receives before a message moves there.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        redrive: Option<RedrivePolicy>,
        /// Instances or Auto Scaling groups whose application polls it (simulation).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        consumers: Vec<NodeId>,
        /// `MaxNumberOfMessages` the consumers ask for in each `ReceiveMessage`: 1 to 10, default 1.
        #[serde(default = "sqs_batch")]
        batch_size: u32,
        /// Simulation: how many `MessageGroupId` values its producers spread their messages
        /// over (each message draws one at random), 1 to 10,000, default 1 (one ordered
        /// stream). A FIFO queue hands out a group's messages one at a time in order.
        #[serde(default = "sqs_groups", skip_serializing_if = "is_one_u32")]
        message_groups: u32,
    },
    /// An Amazon SNS topic in a Region: a copy of each published message goes to every
    /// subscription whose filter policy matches (push delivery).
    SnsTopic {
        /// The Region node it lives in.
        region: NodeId,
        /// Its name: 1 to 256 letters, digits, `-` and `_`; a FIFO topic's ends in `.fifo`.
        topic_name: String,
        /// A FIFO topic (`FifoTopic`): ordered and deduplicated, delivering to SQS queues only.
        #[serde(default, skip_serializing_if = "is_false")]
        fifo: bool,
        /// FIFO only (`ContentBasedDeduplication`).
        #[serde(default, skip_serializing_if = "is_false")]
        content_based_deduplication: bool,
        /// Where copies of its messages go.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        subscriptions: Vec<Subscription>,
        /// Simulation: the message attributes its publishers set, each attribute's values
        /// with the share of messages carrying each (`{"event": {"placed": 0.7, "cancelled":
        /// 0.2}}`: a tenth carry no `event`). Filter policies match on them.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        message_attributes: BTreeMap<String, BTreeMap<String, f64>>,
    },
}

fn mysql() -> String {
    "mysql".to_string()
}
fn read_ms() -> f64 {
    2.0
}
fn write_ms() -> f64 {
    5.0
}
fn db_storage() -> u32 {
    100
}
fn one_prefix() -> u32 {
    1
}
fn is_zero(n: &u8) -> bool {
    *n == 0
}
fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}
/// CloudFront's DefaultTTL (aws-facts.md §7).
fn default_ttl() -> u64 {
    86_400
}
/// Route 53's alias records take the target's TTL; 60 s is the usual choice for records
/// that fail over (a teaching default).
fn dns_ttl() -> u32 {
    60
}

/// SQS `MessageRetentionPeriod` default: 4 days (messaging-facts.md §1.1).
fn sqs_retention() -> u32 {
    345_600
}
/// SQS `VisibilityTimeout` default: 30 s (messaging-facts.md §1.1).
fn sqs_visibility() -> u32 {
    30
}
/// SQS `MaximumMessageSize` default: 262,144 bytes, as every source found states it (the
/// maximum is now 1 MiB; messaging-facts.md C4 could not confirm a new default).
fn sqs_max_message() -> u32 {
    262_144
}
/// `ReceiveMessage`'s `MaxNumberOfMessages` default: 1 (messaging-facts.md §1.3).
fn sqs_batch() -> u32 {
    1
}
/// The message groups a producer uses when the document says nothing: one, as a producer
/// that sets the same `MessageGroupId` on every message (the console's "Send and receive
/// messages" page asks for one group id per message; docs/fidelity.md).
pub(crate) fn sqs_groups() -> u32 {
    1
}
fn is_one_u32(n: &u32) -> bool {
    *n == 1
}

fn is_false(b: &bool) -> bool {
    !*b
}
fn is_true(b: &bool) -> bool {
    *b
}
fn yes() -> bool {
    true
}

/// A route: traffic to `destination` goes to `target` (an Internet gateway, NAT gateway,
/// NAT instance, peering connection or virtual private gateway).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Destination block; the longest matching prefix wins.
    pub destination: Cidr,
    /// The node traffic is sent to.
    pub target: NodeId,
}

/// IP protocol of a rule or a flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// TCP.
    #[default]
    Tcp,
    /// UDP.
    Udp,
    /// ICMP (ports do not apply).
    Icmp,
    /// Every protocol (`-1` in the AWS API).
    All,
}

/// An inclusive port range, written `"443"`, `"1024-65535"` or `"all"` in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortRange {
    /// First port.
    pub from: u16,
    /// Last port (inclusive).
    pub to: u16,
}

impl Protocol {
    /// Its name as documents write it: `tcp`, `udp`, `icmp`, `all`.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Icmp => "icmp",
            Protocol::All => "all",
        }
    }
}

impl PortRange {
    /// Every port, 0-65535.
    pub const ALL: PortRange = PortRange { from: 0, to: 65535 };

    /// A single port.
    pub fn single(port: u16) -> PortRange {
        PortRange { from: port, to: port }
    }

    /// Whether `port` is in the range.
    pub fn contains(self, port: u16) -> bool {
        (self.from..=self.to).contains(&port)
    }
}

impl Default for PortRange {
    fn default() -> Self {
        PortRange::ALL
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == PortRange::ALL {
            f.write_str("all")
        } else if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

impl std::str::FromStr for PortRange {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || format!("'{s}' is not a port range: write 443, 1024-65535 or all");
        if s.eq_ignore_ascii_case("all") {
            return Ok(PortRange::ALL);
        }
        let (a, b) = s.split_once('-').unwrap_or((s, s));
        let from: u16 = a.trim().parse().map_err(|_| bad())?;
        let to: u16 = b.trim().parse().map_err(|_| bad())?;
        if from > to {
            return Err(bad());
        }
        Ok(PortRange { from, to })
    }
}

impl Serialize for PortRange {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PortRange {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Accept a bare number too (`443`), as people write it by hand.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(u16),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Num(n) => Ok(PortRange::single(n)),
            Raw::Text(t) => t.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// A security group rule: allow `protocol`/`ports` from (inbound) or to (outbound) a
/// CIDR block or the members of another security group. Exactly one of `cidr` and `group`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SgRule {
    /// Protocol.
    #[serde(default)]
    pub protocol: Protocol,
    /// Port range (ignored for ICMP and All).
    #[serde(default)]
    pub ports: PortRange,
    /// Peer address block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr: Option<Cidr>,
    /// Peer security group (its members' private addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<NodeId>,
}

/// Allow or deny, for network ACL rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Let the packet through.
    Allow,
    /// Drop the packet.
    Deny,
}

/// A network ACL rule. Rules are evaluated lowest `rule` number first; the first match
/// decides; a packet no rule matches is denied (the `*` rule).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NaclRule {
    /// Rule number, 1-32766.
    pub rule: u16,
    /// Allow or deny.
    pub action: Action,
    /// Protocol.
    #[serde(default)]
    pub protocol: Protocol,
    /// Port range (ignored for ICMP and All).
    #[serde(default)]
    pub ports: PortRange,
    /// Source (inbound) or destination (outbound) block.
    pub cidr: Cidr,
}

/// Load balancer type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum LoadBalancerType {
    /// Application Load Balancer (layer 7).
    Alb,
    /// Network Load Balancer (layer 4).
    Nlb,
}

/// Whether a load balancer has public addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    /// Reachable from the Internet.
    #[default]
    InternetFacing,
    /// Private addresses only.
    Internal,
}

/// Why a document could not be loaded at all (as opposed to loaded with diagnostics).
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// Not JSON, or JSON of the wrong shape; `line`/`column` locate it.
    Syntax {
        /// What the parser said.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Written by a newer Stratus than this one.
    TooNew {
        /// The document's version.
        found: u32,
    },
    /// No `format` field.
    NoFormat,
    /// A `format` that no Stratus ever wrote: 0, negative, fractional or not a number.
    UnknownFormat {
        /// The value as written (at most 40 characters of it).
        found: String,
    },
    /// Two nodes share an id.
    DuplicateId(NodeId),
    /// Larger than the cap this loader accepts.
    TooLarge {
        /// Size in bytes.
        bytes: usize,
    },
}

/// The largest document `Scenario::from_json` accepts (bytes). A design of several
/// thousand nodes is well under 4 MB; the cap keeps hostile input from exhausting memory.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

impl LoadError {
    /// A message for the user in both languages, saying what is wrong and how to fix it.
    pub fn message(&self) -> Msg {
        match self {
            LoadError::Syntax { message, line, column } => {
                msg!("model.not_valid_stratus_scenario", line = line, column = column, message = message)
            }
            LoadError::TooNew { found } => {
                msg!("model.scenario_uses_format_newer", found = found, value = FORMAT_VERSION)
            }
            LoadError::UnknownFormat { found } => {
                msg!("model.scenario_says_format_which", found = found, value = FORMAT_VERSION)
            }
            LoadError::NoFormat => msg!("model.file_no_format_number"),
            LoadError::DuplicateId(id) => msg!("model.two_elements_share_id", id = id),
            LoadError::TooLarge { bytes } => {
                msg!("model.scenario_bytes_over_byte", bytes = bytes, value = MAX_DOCUMENT_BYTES)
            }
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().english())
    }
}

impl std::error::Error for LoadError {}

impl Scenario {
    /// Parse a scenario document, migrating older format versions. Never panics.
    pub fn from_json(text: &str) -> Result<Scenario, LoadError> {
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(LoadError::TooLarge { bytes: text.len() });
        }
        let syntax = |e: serde_json::Error| {
            // serde_json ends its text with " at line L column C"; the message says that already.
            let text = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let message = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
            LoadError::Syntax { message, line: e.line(), column: e.column() }
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
        let format = migrate::format_of(&value)?;
        // The document is read from text, never from a `Value`: one copy of the whole
        // document's deserialiser in the wasm instead of two (about 10 KB gzip of the first
        // load), and errors keep their line and column. A document an older format had to
        // migrate is read from the migrated value's text (its positions are the migrated
        // text's, not the file's: such files are rare, and the message still names the field).
        let scenario: Scenario = if format == FORMAT_VERSION {
            serde_json::from_str(text).map_err(syntax)?
        } else {
            let migrated = migrate(value, format)?;
            serde_json::from_str(&migrated.to_string()).map_err(syntax)?
        };
        let mut seen = std::collections::BTreeSet::new();
        for node in &scenario.nodes {
            if !seen.insert(&node.id) {
                return Err(LoadError::DuplicateId(node.id.clone()));
            }
        }
        Ok(scenario)
    }

    /// The document as pretty JSON (the export format).
    pub fn to_json(&self) -> String {
        // Serialising these plain types cannot fail (no maps with non-string keys). Through
        // `Value` (which keeps field order): one serialiser for every output of the
        // document, instead of one copy of the code per output format in the wasm.
        serde_json::to_value(self).and_then(|v| serde_json::to_string_pretty(&v)).unwrap_or_default()
    }

    /// The document as compact JSON (what browser storage keeps: a pretty document is
    /// about a third larger and would reach the load limit sooner).
    pub fn to_json_compact(&self) -> String {
        serde_json::to_value(self).map(|v| v.to_string()).unwrap_or_default()
    }

    /// The node with this id.
    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.nodes.iter().find(|n| &n.id == id)
    }

    /// An index from id to node, for code that looks nodes up often.
    pub fn index(&self) -> BTreeMap<&NodeId, &Node> {
        crate::sort::map_of(self.nodes.iter().map(|n| (&n.id, n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"format":1,"name":"t","nodes":[
        {"id":"r","kind":"region","code":"ap-northeast-2"},
        {"id":"vpc","kind":"vpc","region":"r","cidr":"10.0.0.0/16"},
        {"id":"sg","kind":"security_group","vpc":"vpc","inbound":[{"protocol":"tcp","ports":443,"cidr":"0.0.0.0/0"}]},
        {"id":"acl","kind":"network_acl","vpc":"vpc","inbound":[{"rule":100,"action":"deny","protocol":"tcp","ports":"22","cidr":"0.0.0.0/0"}]}
    ]}"#;

    #[test]
    fn loads_and_round_trips() {
        let s = Scenario::from_json(MINIMAL).unwrap();
        assert_eq!(s.nodes.len(), 4);
        let again = Scenario::from_json(&s.to_json()).unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn refuses_bad_documents_with_a_reason() {
        type Expect = fn(&LoadError) -> bool;
        let cases: [(&str, Expect); 5] = [
            ("not json", |e| matches!(e, LoadError::Syntax { .. })),
            (r#"{"nodes":[]}"#, |e| *e == LoadError::NoFormat),
            (r#"{"format":99,"nodes":[]}"#, |e| *e == LoadError::TooNew { found: 99 }),
            (r#"{"format":1,"nodes":[{"id":"a","kind":"internet"},{"id":"a","kind":"internet"}]}"#, |e| {
                *e == LoadError::DuplicateId("a".into())
            }),
            (r#"{"format":1,"nodes":[{"id":"v","kind":"vpc","region":"r","cidr":"10.0.0.7/16"}]}"#, |e| {
                matches!(e, LoadError::Syntax { .. })
            }),
        ];
        for (text, ok) in cases {
            let err = Scenario::from_json(text).unwrap_err();
            assert!(ok(&err), "{text}: {err:?}");
            assert!(!err.message().ko().is_empty());
        }
    }

    /// Nested settings refuse unknown fields (`deny_unknown_fields`); the refusal names the
    /// field and where it is.
    #[test]
    fn an_unknown_nested_field_is_named() {
        let text = "{\"format\":1,\"nodes\":[\n{\"id\":\"i\",\"kind\":\"instance\",\"instance_type\":\"t3.micro\",\"subnet\":\"s\",\"app\":{\"cpu_mss\":3}}]}";
        match Scenario::from_json(text).unwrap_err() {
            LoadError::Syntax { line, message, .. } => {
                assert_eq!(line, 2);
                // The node's reader names the node (the position is the end of the node).
                assert!(
                    message.starts_with("node 'i': unknown field `cpu_mss`, expected one of `cpu_ms`"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
        // Rules, routes, rate patterns and scaling policies refuse them too: a security
        // group rule with `port` (for `ports`) used to load as "all ports", silently.
        for (doc, field) in [
            (
                r#"{"id":"sg","kind":"security_group","vpc":"v","inbound":[{"protocol":"tcp","port":443,"cidr":"0.0.0.0/0"}]}"#,
                "port",
            ),
            (
                r#"{"id":"a","kind":"network_acl","vpc":"v","inbound":[{"rule":1,"action":"allow","cidr":"0.0.0.0/0","port":22}]}"#,
                "port",
            ),
            (
                r#"{"id":"rt","kind":"route_table","vpc":"v","routes":[{"destination":"0.0.0.0/0","target":"igw","via":"x"}]}"#,
                "via",
            ),
        ] {
            let text = format!(r#"{{"format":1,"nodes":[{doc}]}}"#);
            match Scenario::from_json(&text) {
                Err(LoadError::Syntax { message, .. }) => {
                    assert!(message.contains(&format!("': unknown field `{field}`")), "{message}")
                }
                other => panic!("{doc}: {other:?}"),
            }
        }
        let rate = r#"{"format":1,"nodes":[],"traffic":[{"name":"u","target":"i","rate":{"pattern":"constant","rps":1,"rpss":2}}]}"#;
        assert!(
            matches!(Scenario::from_json(rate), Err(LoadError::Syntax { message, .. }) if message.contains("`rpss`"))
        );
    }

    #[test]
    fn located_errors_point_at_the_line() {
        let text =
            "{\"format\":1,\n\"nodes\":[\n{\"id\":\"v\",\"kind\":\"vpc\",\"region\":\"r\",\"cidr\":\"300.0.0.0/16\"}]}";
        match Scenario::from_json(text).unwrap_err() {
            LoadError::Syntax { line, message, .. } => {
                assert_eq!(line, 3);
                assert!(!message.contains("at line"), "the location is said once: {message}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[cfg(test)]
mod example_tests {
    use super::*;

    #[test]
    fn built_in_examples_load() {
        for (name, text) in crate::scenarios::BUILT_IN {
            let s = Scenario::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!s.nodes.is_empty(), "{name}");
        }
    }
}
