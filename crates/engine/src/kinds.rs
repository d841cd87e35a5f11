//! The registry of kinds: one descriptor per document kind (JSON name, palette group, legal parents, editable properties, icon, CloudFormation types, the faults it can take) and the palette's entries (`Blueprint`), read by the palette, the inspector, the scene, `create`, `connect` and the fault checks.
//!
//! The table is `&'static` data (no allocation at start-up; it ships in the page's first
//! load, so it stays small). The model (`model::Spec`) is the truth about what a document may
//! hold; this table says how a person meets it. `tests` keep the two in step: every kind has
//! a descriptor, and every field of every kind is either a property here or named as not
//! edited in the property list (`NOT_PROPERTIES`).

use crate::model::Kind;
use serde::{Deserialize, Serialize};

/// The palette group of a kind (the AWS architecture icons' categories), in palette order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// Networking: Regions, VPCs, subnets, gateways, load balancers.
    Networking,
    /// Compute: instances and Auto Scaling groups.
    Compute,
    /// Storage: S3.
    Storage,
    /// Databases: RDS.
    Database,
    /// Edge and DNS: CloudFront, Route 53 (networking and content delivery in AWS's icons).
    EdgeDns,
    /// Messaging and streaming: SQS, SNS (application integration in AWS's icons).
    Messaging,
    /// Outside AWS: the Internet, a data centre.
    External,
}

impl Category {
    /// Every category, in palette order.
    pub const ALL: [Category; 7] = [
        Category::Networking,
        Category::Compute,
        Category::Storage,
        Category::Database,
        Category::EdgeDns,
        Category::Messaging,
        Category::External,
    ];
}

/// Lists of choices that live in the catalog (`crate::catalog`), not in this table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Catalog {
    /// EC2 instance types (`catalog::INSTANCE_TYPES`).
    InstanceTypes,
    /// RDS DB instance classes (`catalog::DB_CLASSES`).
    DbClasses,
}

/// What input a property takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Input {
    /// Free text (names, addresses, blocks).
    Text,
    /// A number.
    Number,
    /// On or off.
    Bool,
    /// One of a fixed list, as the format spells them; `""` means "not set".
    Choice(&'static [&'static str]),
    /// One of a catalog's names.
    Catalog(Catalog),
    /// Another element of the design, of these kinds.
    Ref(&'static [Kind]),
    /// Several elements of the design, of these kinds.
    RefList(&'static [Kind]),
    /// A list of plain values, one per row (a VPC's secondary CIDR blocks).
    TextList,
    /// Structured data edited as JSON (lists of records).
    Json,
    /// A group of settings opened up field by field. It lists the nested properties that need
    /// more than their JSON type says (a choice, a reference); the others are edited as the
    /// type of their value.
    Section(&'static [Property]),
}

impl Input {
    /// The fixed choices it offers, if it is a choice.
    pub fn choices(self) -> Option<Vec<&'static str>> {
        match self {
            Input::Choice(list) => Some(list.to_vec()),
            Input::Catalog(Catalog::InstanceTypes) => {
                Some(crate::catalog::INSTANCE_TYPES.iter().map(|t| t.name).collect())
            }
            Input::Catalog(Catalog::DbClasses) => Some(crate::catalog::DB_CLASSES.iter().map(|t| t.name).collect()),
            _ => None,
        }
    }
}

/// What a property is when the document does not set it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unset {
    /// A document must set it.
    Required,
    /// Absent means this value (JSON); it is shown with it.
    Means(&'static str),
    /// It may be left unset; setting it starts from this value (JSON; `null`: an empty input;
    /// for a section, the settings it is switched on with).
    Optional(&'static str),
    /// Absent means the service's default; it is edited once the document sets it.
    IfSet,
}

/// One editable property of a kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Property {
    /// Its JSON name.
    pub name: &'static str,
    /// The input it takes.
    pub input: Input,
    /// Its unit (`ms`, `s`, `GiB`), `""` for none.
    pub unit: &'static str,
    /// The values AWS accepts, inclusive, where AWS documents a range the model states.
    pub range: Option<(f64, f64)>,
    /// What it is when the document does not set it.
    pub unset: Unset,
}

/// Everything the app knows about a kind besides its fields' types.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindInfo {
    /// The kind.
    pub kind: Kind,
    /// Its JSON name (the document's `kind`).
    pub name: &'static str,
    /// Its palette group (and its colour on the canvas).
    pub category: Category,
    /// The containers it belongs in: a drop inside one of them (or inside a container within
    /// it) places it there. Empty: it belongs to no container.
    pub parents: &'static [Kind],
    /// Whether it may be dropped on the empty canvas.
    pub on_canvas: bool,
    /// Its editable properties, in the document's order.
    pub properties: &'static [Property],
    /// Its icon (`public/icons/aws/<icon>.svg`), `""` for kinds not drawn as an icon or box.
    pub icon: &'static str,
    /// The short text drawn while its icon is not available (EC2, ALB, ...).
    pub glyph: &'static str,
    /// The CloudFormation resource types it stands for (the first is the kind itself;
    /// empty for what is not a resource, such as a Region).
    pub cfn: &'static [&'static str],
    /// The faults (`FaultKind::name`) that may be aimed at a node of this kind.
    pub faults: &'static [&'static str],
}

impl KindInfo {
    /// The property called `name`.
    pub fn property(&self, name: &str) -> Option<&'static Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

/// The icon and glyph of a Network Load Balancer: a load balancer's descriptor has the
/// Application Load Balancer's, and the two are told apart on the canvas and in the palette.
pub const NLB_ICON: (&str, &str) = ("nlb", "NLB");

/// Fields of a kind that are not properties: `kind` itself, and the rule lists that have
/// their own editors (routes, security group and network ACL rules).
pub const NOT_PROPERTIES: [&str; 4] = ["kind", "routes", "inbound", "outbound"];

const fn p(name: &'static str, input: Input, unset: Unset) -> Property {
    Property { name, input, unit: "", range: None, unset }
}

const fn n(name: &'static str, unit: &'static str, range: Option<(f64, f64)>, unset: Unset) -> Property {
    Property { name, input: Input::Number, unit, range, unset }
}

use Input::{Bool, Json, Ref, RefList, Section, Text};
use Unset::{IfSet, Means, Optional, Required};

const REGION: &[Kind] = &[Kind::Region];
const VPC: &[Kind] = &[Kind::Vpc];
const SUBNET: &[Kind] = &[Kind::Subnet];
const GROUPS: &[Kind] = &[Kind::SecurityGroup];
/// What a CloudFront distribution may fetch from (its origin). Source: CloudFront Developer
/// Guide, "Use various origins": an S3 bucket, a load balancer, an EC2 instance.
pub const ORIGINS: &[Kind] = &[Kind::LoadBalancer, Kind::Instance, Kind::S3Bucket];
/// Where users' traffic may be sent: a Route 53 record's value, a workload's target (the
/// origins, a distribution, or a record itself).
pub const ENTRIES: &[Kind] = &[
    Kind::Route53Record,
    Kind::CloudfrontDistribution,
    Kind::LoadBalancer,
    Kind::Instance,
    Kind::S3Bucket,
    // Users calling `SendMessage` or `Publish` (devices, another system): producers of messages.
    Kind::SqsQueue,
    Kind::SnsTopic,
];
/// What sends users' requests on to something else: a record to its values, a distribution
/// to its origins, a load balancer to its targets (what they reach is not an entry point).
pub const FRONT_DOORS: &[Kind] = &[Kind::Route53Record, Kind::CloudfrontDistribution, Kind::LoadBalancer];
/// What a Route 53 record's value may name (an alias or an address): a distribution, a load
/// balancer, an instance or a bucket.
pub const RECORD_VALUES: &[Kind] = &[Kind::CloudfrontDistribution, Kind::LoadBalancer, Kind::Instance, Kind::S3Bucket];
/// What an application on an instance or group calls after its CPU work: its data (a
/// database, a bucket), or a queue it sends a message to (a producer).
pub const BACKENDS: &[Kind] = &[Kind::RdsInstance, Kind::S3Bucket, Kind::SqsQueue];

/// What an SQS queue's dead-letter queue, or an SNS subscription, names.
pub const QUEUES: &[Kind] = &[Kind::SqsQueue];
/// What polls an SQS queue in the simulation: an instance's or a group's application.
pub const CONSUMERS: &[Kind] = &[Kind::Instance, Kind::AutoScalingGroup];

/// An application's settings: its backend is a database, a bucket or a queue.
const APP: &[Property] = &[p("backend", Ref(BACKENDS), Optional("null"))];
/// The app an instance or group gets when its section is switched on: every setting at
/// its default (`workload::AppSettings`).
const APP_ON: Unset = Optional("{}");

/// Every kind's descriptor, indexed by `Kind as usize`.
pub static KINDS: [KindInfo; 24] = [
    KindInfo {
        kind: Kind::Region,
        name: "region",
        category: Category::Networking,
        parents: &[],
        on_canvas: true,
        properties: &[p("code", Text, Required)],
        icon: "region",
        glyph: "RGN",
        cfn: &[],
        faults: &["region_outage"],
    },
    KindInfo {
        kind: Kind::AvailabilityZone,
        name: "availability_zone",
        category: Category::Networking,
        parents: REGION,
        on_canvas: false,
        properties: &[p("region", Ref(REGION), Required), p("zone", Text, Required)],
        icon: "",
        glyph: "AZ",
        cfn: &[],
        faults: &["az_outage"],
    },
    KindInfo {
        kind: Kind::Vpc,
        name: "vpc",
        category: Category::Networking,
        parents: REGION,
        on_canvas: false,
        properties: &[
            p("region", Ref(REGION), Required),
            p("cidr", Text, Required),
            p("secondary_cidrs", Input::TextList, Optional("[]")),
            p("is_default", Bool, Optional("false")),
        ],
        icon: "vpc",
        glyph: "VPC",
        cfn: &["AWS::EC2::VPC", "AWS::EC2::VPCCidrBlock"],
        faults: &[],
    },
    KindInfo {
        kind: Kind::Subnet,
        name: "subnet",
        category: Category::Networking,
        parents: VPC,
        on_canvas: false,
        properties: &[
            p("vpc", Ref(VPC), Required),
            p("az", Ref(&[Kind::AvailabilityZone]), Required),
            p("cidr", Text, Required),
            p("route_table", Ref(&[Kind::RouteTable]), Optional("null")),
            p("network_acl", Ref(&[Kind::NetworkAcl]), Optional("null")),
            p("map_public_ip_on_launch", Bool, Optional("false")),
        ],
        icon: "private-subnet",
        glyph: "SUB",
        cfn: &["AWS::EC2::Subnet", "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::SubnetNetworkAclAssociation"],
        faults: &[],
    },
    KindInfo {
        kind: Kind::RouteTable,
        name: "route_table",
        category: Category::Networking,
        parents: VPC,
        on_canvas: false,
        properties: &[p("vpc", Ref(VPC), Required), p("main", Bool, IfSet)],
        icon: "",
        glyph: "RTB",
        cfn: &["AWS::EC2::RouteTable", "AWS::EC2::Route"],
        faults: &[],
    },
    KindInfo {
        kind: Kind::InternetGateway,
        name: "internet_gateway",
        category: Category::Networking,
        parents: VPC,
        on_canvas: false,
        properties: &[p("vpc", Ref(VPC), Optional("null"))],
        icon: "igw",
        glyph: "IGW",
        cfn: &["AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment"],
        faults: &[],
    },
    KindInfo {
        kind: Kind::NatGateway,
        name: "nat_gateway",
        category: Category::Networking,
        parents: SUBNET,
        on_canvas: false,
        properties: &[p("subnet", Ref(SUBNET), Required), p("elastic_ip", Text, Optional("null"))],
        icon: "nat",
        glyph: "NAT",
        cfn: &["AWS::EC2::NatGateway", "AWS::EC2::EIP"],
        faults: &["nat_gateway_failure"],
    },
    KindInfo {
        kind: Kind::SecurityGroup,
        name: "security_group",
        category: Category::Networking,
        parents: VPC,
        on_canvas: false,
        properties: &[p("vpc", Ref(VPC), Required)],
        icon: "",
        glyph: "SG",
        cfn: &["AWS::EC2::SecurityGroup"],
        faults: &[],
    },
    KindInfo {
        kind: Kind::NetworkAcl,
        name: "network_acl",
        category: Category::Networking,
        parents: VPC,
        on_canvas: false,
        properties: &[p("vpc", Ref(VPC), Required), p("default", Bool, IfSet)],
        icon: "",
        glyph: "ACL",
        cfn: &["AWS::EC2::NetworkAcl", "AWS::EC2::NetworkAclEntry"],
        faults: &[],
    },
    KindInfo {
        kind: Kind::VpcPeering,
        name: "vpc_peering",
        category: Category::Networking,
        parents: &[],
        on_canvas: false,
        properties: &[p("requester", Ref(VPC), Required), p("accepter", Ref(VPC), Required)],
        icon: "",
        glyph: "PCX",
        cfn: &["AWS::EC2::VPCPeeringConnection"],
        faults: &[],
    },
    KindInfo {
        kind: Kind::Instance,
        name: "instance",
        category: Category::Compute,
        parents: SUBNET,
        on_canvas: false,
        properties: &[
            p("instance_type", Input::Catalog(Catalog::InstanceTypes), Required),
            p("subnet", Ref(SUBNET), Required),
            p("private_ip", Text, Optional("null")),
            p("public_ip", Text, Optional("null")),
            p("security_groups", RefList(GROUPS), Means("[]")),
            p("source_dest_check", Bool, Optional("true")),
            p("app", Section(APP), APP_ON),
            p(
                "ebs",
                Section(&[p("type", Input::Choice(&["gp2", "gp3", "io1", "io2", "st1", "sc1"]), Means("\"gp3\""))]),
                Optional(r#"{"type":"gp3","size_gib":8}"#),
            ),
            p("purchase", Input::Choice(&["on_demand", "reserved", "spot", "dedicated"]), Means("\"on_demand\"")),
            p(
                "placement_group",
                Section(&[p("strategy", Input::Choice(&["cluster", "spread", "partition"]), Required)]),
                Optional(r#"{"name":"pg-1","strategy":"cluster"}"#),
            ),
        ],
        icon: "ec2",
        glyph: "EC2",
        cfn: &["AWS::EC2::Instance", "AWS::EC2::Volume", "AWS::EC2::PlacementGroup"],
        faults: &["instance_crash", "instance_impaired", "spot_interruption", "ebs_degraded"],
    },
    KindInfo {
        kind: Kind::LoadBalancer,
        name: "load_balancer",
        category: Category::Networking,
        parents: VPC,
        on_canvas: false,
        properties: &[
            p("type", Input::Choice(&["alb", "nlb"]), Required),
            p("scheme", Input::Choice(&["internet-facing", "internal"]), Means("\"internet-facing\"")),
            p("subnets", RefList(SUBNET), Required),
            p("security_groups", RefList(GROUPS), Means("[]")),
            p("targets", RefList(&[Kind::Instance]), Means("[]")),
            p("algorithm", Input::Choice(&["round_robin", "least_outstanding_requests"]), Optional("\"round_robin\"")),
            // Unset: the type's default (on for ALB, off for NLB).
            p("cross_zone", Input::Choice(&["", "true", "false"]), Optional("null")),
            // The ALB defaults, spelled out so that each can be edited (aws-facts.md §4.2).
            p(
                "health_check",
                Section(&[]),
                Optional(
                    r#"{"interval_s":30,"timeout_s":5,"healthy_threshold":5,"unhealthy_threshold":2,"matcher":"200"}"#,
                ),
            ),
            n("deregistration_delay_s", "s", Some((0.0, 3600.0)), IfSet),
        ],
        icon: "alb",
        glyph: "ALB",
        cfn: &[
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::ElasticLoadBalancingV2::TargetGroup",
            "AWS::ElasticLoadBalancingV2::Listener",
        ],
        faults: &[],
    },
    KindInfo {
        kind: Kind::Internet,
        name: "internet",
        category: Category::External,
        parents: &[],
        on_canvas: true,
        properties: &[],
        icon: "internet",
        glyph: "WWW",
        cfn: &[],
        faults: &[],
    },
    KindInfo {
        kind: Kind::OnPremises,
        name: "on_premises",
        category: Category::External,
        parents: &[],
        on_canvas: true,
        properties: &[p("cidr", Text, Required)],
        icon: "datacenter",
        glyph: "DC",
        cfn: &["AWS::EC2::CustomerGateway"],
        faults: &[],
    },
    KindInfo {
        kind: Kind::VpnGateway,
        name: "vpn_gateway",
        category: Category::Networking,
        // Attached inside a VPC; unattached, it waits in a Region or on the canvas.
        parents: &[Kind::Vpc, Kind::Region],
        on_canvas: true,
        properties: &[p("vpc", Ref(VPC), Optional("null"))],
        icon: "vgw",
        glyph: "VGW",
        cfn: &["AWS::EC2::VPNGateway", "AWS::EC2::VPCGatewayAttachment"],
        faults: &[],
    },
    KindInfo {
        kind: Kind::VpnConnection,
        name: "vpn_connection",
        category: Category::Networking,
        parents: &[],
        on_canvas: false,
        properties: &[
            p("vpn_gateway", Ref(&[Kind::VpnGateway]), Required),
            p("on_premises", Ref(&[Kind::OnPremises]), Required),
        ],
        icon: "",
        glyph: "VPN",
        cfn: &["AWS::EC2::VPNConnection"],
        faults: &[],
    },
    KindInfo {
        kind: Kind::DirectConnect,
        name: "direct_connect",
        category: Category::Networking,
        parents: &[],
        on_canvas: false,
        properties: &[
            p("vpn_gateway", Ref(&[Kind::VpnGateway]), Required),
            p("on_premises", Ref(&[Kind::OnPremises]), Required),
        ],
        icon: "",
        glyph: "DX",
        // Direct Connect connections and virtual interfaces are ordered outside CloudFormation.
        cfn: &[],
        faults: &[],
    },
    KindInfo {
        kind: Kind::RdsInstance,
        name: "rds_instance",
        category: Category::Database,
        parents: SUBNET,
        on_canvas: false,
        properties: &[
            p("instance_class", Input::Catalog(Catalog::DbClasses), Required),
            // The RDS engine names of the CreateDBInstance/CreateDBCluster `Engine` parameter;
            // the two Aurora ones make the simulation fail over as Aurora does.
            p(
                "engine",
                Input::Choice(&[
                    "mysql",
                    "postgres",
                    "mariadb",
                    "oracle",
                    "sqlserver",
                    "aurora-mysql",
                    "aurora-postgresql",
                ]),
                Means("\"mysql\""),
            ),
            p("subnets", RefList(SUBNET), Required),
            p("security_groups", RefList(GROUPS), Optional("[]")),
            p("multi_az", Bool, Optional("false")),
            n("read_replicas", "", Some((0.0, 15.0)), Optional("0")),
            n("read_ms", "ms", None, Means("2.0")),
            n("write_ms", "ms", None, Means("5.0")),
            n("storage_gib", "GiB", None, Means("100")),
        ],
        icon: "rds",
        glyph: "RDS",
        cfn: &["AWS::RDS::DBInstance", "AWS::RDS::DBSubnetGroup"],
        faults: &["rds_primary_failure"],
    },
    KindInfo {
        kind: Kind::S3Bucket,
        name: "s3_bucket",
        category: Category::Storage,
        parents: REGION,
        on_canvas: false,
        properties: &[
            p("region", Ref(REGION), Required),
            n("prefixes", "", None, Means("1")),
            n("stored_gib", "GiB", None, Optional("0")),
            p("versioning", Bool, Optional("false")),
            p("replicate_to", RefList(&[Kind::S3Bucket]), Optional("[]")),
        ],
        icon: "s3",
        glyph: "S3",
        cfn: &["AWS::S3::Bucket"],
        faults: &["s3_throttling"],
    },
    KindInfo {
        kind: Kind::CloudfrontDistribution,
        name: "cloudfront_distribution",
        category: Category::EdgeDns,
        parents: &[],
        on_canvas: true,
        properties: &[
            p("origin", Ref(ORIGINS), Required),
            p("static_origin", Ref(ORIGINS), Optional("null")),
            // CloudFront's DefaultTTL (aws-facts.md §7).
            n("default_ttl_s", "s", None, Means("86400")),
        ],
        icon: "cloudfront",
        glyph: "CF",
        cfn: &["AWS::CloudFront::Distribution"],
        faults: &["cloudfront_origin_failure"],
    },
    KindInfo {
        kind: Kind::Route53Record,
        name: "route53_record",
        category: Category::EdgeDns,
        parents: &[],
        on_canvas: true,
        properties: &[
            p("record_name", Text, Required),
            p("policy", Input::Choice(&["simple", "weighted", "failover", "latency"]), Means("\"simple\"")),
            n("ttl_s", "s", None, Means("60")),
            p("values", Json, Required),
            p("health_check", Section(&[]), Optional(r#"{"interval_s":30,"failure_threshold":3}"#)),
        ],
        icon: "route53",
        glyph: "R53",
        cfn: &["AWS::Route53::RecordSet", "AWS::Route53::HealthCheck"],
        faults: &[],
    },
    KindInfo {
        kind: Kind::AutoScalingGroup,
        name: "auto_scaling_group",
        category: Category::Compute,
        parents: SUBNET,
        on_canvas: false,
        properties: &[
            p("subnets", RefList(SUBNET), Required),
            p("instance_type", Input::Catalog(Catalog::InstanceTypes), Required),
            p("security_groups", RefList(GROUPS), IfSet),
            p("app", Section(APP), APP_ON),
            p("launch_template", Section(&[]), IfSet),
            p("launch_configuration", Text, IfSet),
            n("min", "", None, Required),
            n("max", "", None, Required),
            n("desired", "", None, Required),
            p("health_check_type", Text, Means("\"EC2\"")),
            // `resilience::AsgTiming::default()`, spelled out to be shown (a test checks they agree).
            p(
                "timing",
                Section(&[]),
                Means(r#"{"health_check_grace_period_s":300,"instance_warmup_s":0,"default_cooldown_s":300}"#),
            ),
            p("load_balancers", RefList(&[Kind::LoadBalancer]), IfSet),
            p("policies", Json, Means("[]")),
            p(
                "distribution",
                Section(&[]),
                Means(r#"{"on_demand_base_capacity":0,"on_demand_percentage_above_base":100}"#),
            ),
        ],
        icon: "ec2",
        glyph: "ASG",
        cfn: &["AWS::AutoScaling::AutoScalingGroup", "AWS::EC2::LaunchTemplate", "AWS::AutoScaling::ScalingPolicy"],
        faults: &["spot_interruption"],
    },
    // Ranges and defaults: CreateQueue's attributes (docs/research/messaging-facts.md §1.1, §1.3).
    KindInfo {
        kind: Kind::SqsQueue,
        name: "sqs_queue",
        category: Category::Messaging,
        parents: REGION,
        on_canvas: false,
        properties: &[
            p("region", Ref(REGION), Required),
            p("queue_name", Text, Required),
            p("fifo", Bool, Optional("false")),
            p("content_based_deduplication", Bool, Optional("false")),
            n("retention_period_s", "s", Some((60.0, 1_209_600.0)), Means("345600")),
            n("visibility_timeout_s", "s", Some((0.0, 43_200.0)), Means("30")),
            n("delay_s", "s", Some((0.0, 900.0)), Optional("0")),
            n("receive_wait_s", "s", Some((0.0, 20.0)), Optional("0")),
            n("max_message_bytes", "B", Some((1_024.0, 1_048_576.0)), Means("262144")),
            p(
                "redrive",
                Section(&[
                    p("dead_letter_queue", Ref(QUEUES), Required),
                    n("max_receive_count", "", Some((1.0, 1_000.0)), Required),
                ]),
                IfSet,
            ),
            p("consumers", RefList(CONSUMERS), Optional("[]")),
            n("batch_size", "", Some((1.0, 10.0)), Means("1")),
            n("message_groups", "", Some((1.0, 10_000.0)), Optional("1")),
        ],
        icon: "sqs",
        glyph: "SQS",
        cfn: &["AWS::SQS::Queue"],
        faults: &["poison_message", "consumers_down"],
    },
    KindInfo {
        kind: Kind::SnsTopic,
        name: "sns_topic",
        category: Category::Messaging,
        parents: REGION,
        on_canvas: false,
        properties: &[
            p("region", Ref(REGION), Required),
            p("topic_name", Text, Required),
            p("fifo", Bool, Optional("false")),
            p("content_based_deduplication", Bool, Optional("false")),
            p("subscriptions", Json, Optional("[]")),
            p("message_attributes", Json, Optional("{}")),
        ],
        icon: "sns",
        glyph: "SNS",
        cfn: &["AWS::SNS::Topic", "AWS::SNS::Subscription"],
        faults: &[],
    },
];

/// A component kind in the palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blueprint {
    /// An AWS Region, with two Availability Zones.
    Region,
    /// A VPC, with its main route table, default network ACL and default security group.
    Vpc,
    /// A subnet of a VPC, in one Availability Zone.
    Subnet,
    /// An Internet gateway attached to a VPC.
    InternetGateway,
    /// A public NAT gateway with an Elastic IP.
    NatGateway,
    /// An EC2 instance.
    Instance,
    /// An EC2 Auto Scaling group.
    AutoScalingGroup,
    /// An Application Load Balancer.
    Alb,
    /// A Network Load Balancer.
    Nlb,
    /// A virtual private gateway (the AWS end of a VPN or Direct Connect).
    VpnGateway,
    /// The public Internet.
    Internet,
    /// A corporate data centre.
    OnPremises,
    /// An RDS DB instance (MySQL) with a DB subnet group in two AZs.
    #[serde(rename = "rds_instance")]
    Rds,
    /// An S3 bucket in a Region.
    S3Bucket,
    /// A CloudFront distribution in front of an origin.
    #[serde(rename = "cloudfront_distribution")]
    Cloudfront,
    /// A Route 53 record pointing at the design's entry point.
    #[serde(rename = "route53_record")]
    Route53,
    /// An SQS standard queue in a Region.
    SqsQueue,
    /// An SNS standard topic in a Region.
    SnsTopic,
}

impl Blueprint {
    /// Every palette entry, in palette order.
    pub const ALL: [Blueprint; 18] = [
        Blueprint::Region,
        Blueprint::Vpc,
        Blueprint::Subnet,
        Blueprint::InternetGateway,
        Blueprint::NatGateway,
        Blueprint::Instance,
        Blueprint::AutoScalingGroup,
        Blueprint::Alb,
        Blueprint::Nlb,
        Blueprint::VpnGateway,
        Blueprint::Internet,
        Blueprint::OnPremises,
        Blueprint::Rds,
        Blueprint::S3Bucket,
        Blueprint::Cloudfront,
        Blueprint::Route53,
        Blueprint::SqsQueue,
        Blueprint::SnsTopic,
    ];

    /// The kind of the node it creates (both load balancers create a load balancer).
    pub fn kind(self) -> Kind {
        match self {
            Blueprint::Region => Kind::Region,
            Blueprint::Vpc => Kind::Vpc,
            Blueprint::Subnet => Kind::Subnet,
            Blueprint::InternetGateway => Kind::InternetGateway,
            Blueprint::NatGateway => Kind::NatGateway,
            Blueprint::Instance => Kind::Instance,
            Blueprint::AutoScalingGroup => Kind::AutoScalingGroup,
            Blueprint::Alb | Blueprint::Nlb => Kind::LoadBalancer,
            Blueprint::VpnGateway => Kind::VpnGateway,
            Blueprint::Internet => Kind::Internet,
            Blueprint::OnPremises => Kind::OnPremises,
            Blueprint::Rds => Kind::RdsInstance,
            Blueprint::S3Bucket => Kind::S3Bucket,
            Blueprint::Cloudfront => Kind::CloudfrontDistribution,
            Blueprint::Route53 => Kind::Route53Record,
            Blueprint::SqsQueue => Kind::SqsQueue,
            Blueprint::SnsTopic => Kind::SnsTopic,
        }
    }

    /// Its icon and glyph: its kind's, but a Network Load Balancer has its own.
    pub fn icon(self) -> (&'static str, &'static str) {
        match self {
            Blueprint::Nlb => NLB_ICON,
            b => (b.kind().info().icon, b.kind().info().glyph),
        }
    }
}

/// What a reference field must name: the registry's word for the kind a rule checks a
/// reference against, with the EC2 error AWS gives for an id that names no such resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Want {
    Region,
    Az,
    Vpc,
    Subnet,
    RouteTable,
    NetworkAcl,
    SecurityGroup,
    VpnGateway,
    OnPremises,
}

impl Want {
    /// The kind it must be.
    pub(crate) fn kind(self) -> Kind {
        match self {
            Want::Region => Kind::Region,
            Want::Az => Kind::AvailabilityZone,
            Want::Vpc => Kind::Vpc,
            Want::Subnet => Kind::Subnet,
            Want::RouteTable => Kind::RouteTable,
            Want::NetworkAcl => Kind::NetworkAcl,
            Want::SecurityGroup => Kind::SecurityGroup,
            Want::VpnGateway => Kind::VpnGateway,
            Want::OnPremises => Kind::OnPremises,
        }
    }

    /// The EC2 error for an id that names no such resource.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Want::Region => "InvalidRegion",
            Want::Az => "InvalidZone.NotFound",
            Want::Vpc => "InvalidVpcID.NotFound",
            Want::Subnet => "InvalidSubnetID.NotFound",
            Want::RouteTable => "InvalidRouteTableID.NotFound",
            Want::NetworkAcl => "InvalidNetworkAclID.NotFound",
            Want::SecurityGroup => "InvalidGroup.NotFound",
            Want::VpnGateway => "InvalidVpnGatewayID.NotFound",
            Want::OnPremises => "InvalidCustomerGatewayID.NotFound",
        }
    }

    /// What a reference should name: with its article, and bare.
    pub(crate) fn names(self) -> (crate::msg::Msg, crate::msg::Msg) {
        match self {
            Want::Region => (crate::msg!("validate.region"), crate::msg!("validate.region_2")),
            Want::Az => (crate::msg!("validate.availability_zone"), crate::msg!("validate.availability_zone_2")),
            Want::Vpc => (crate::msg!("validate.vpc"), crate::msg!("validate.vpc_2")),
            Want::Subnet => (crate::msg!("validate.subnet"), crate::msg!("validate.subnet_2")),
            Want::RouteTable => (crate::msg!("validate.route_table"), crate::msg!("validate.route_table_2")),
            Want::NetworkAcl => (crate::msg!("validate.network_acl"), crate::msg!("validate.network_acl_2")),
            Want::SecurityGroup => (crate::msg!("validate.security_group"), crate::msg!("validate.security_group_2")),
            Want::VpnGateway => {
                (crate::msg!("validate.virtual_private_gateway"), crate::msg!("validate.virtual_private_gateway_2"))
            }
            Want::OnPremises => (crate::msg!("validate.premises_network"), crate::msg!("validate.premises_network_2")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::create::{create, Blueprint, DropTarget};
    use crate::model::{known_fields, NodeId, Scenario, Spec};

    /// Rule: every kind has exactly one descriptor, found by its JSON name.
    #[test]
    fn every_kind_has_one_descriptor_named_as_documents_name_it() {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, i, "Kind::ALL is in declaration order");
            let info = kind.info();
            assert_eq!(info.kind, kind, "KINDS[{i}] describes {kind:?}");
            assert_eq!(Kind::from_name(info.name), Some(kind), "{} names one kind", info.name);
            assert!(!known_fields(info.name).is_empty(), "{}: the format has no such kind", info.name);
            assert!(!info.glyph.is_empty(), "{}: a glyph", info.name);
            assert!(info.parents.is_empty() || !info.parents.contains(&kind), "{}: not its own parent", info.name);
            assert!(info.cfn.iter().all(|t| t.starts_with("AWS::") && t.split("::").count() == 3), "{}", info.name);
        }
        assert_eq!(Kind::from_name("nat_instance"), None);
    }

    /// Every fault the registry aims at a kind is a fault that takes a node, and writes
    /// itself with that name; every fault that takes a node is aimed at some kind.
    #[test]
    fn the_faults_of_each_kind_are_faults() {
        let id = NodeId::from("x");
        let mut aimed = Vec::new();
        for kind in Kind::ALL {
            for name in kind.info().faults {
                let fault = crate::resilience::FaultKind::on(name, &id).unwrap_or_else(|| panic!("{kind:?}: {name}"));
                assert_eq!(fault.name(), *name);
                let json = serde_json::to_value(&fault).unwrap();
                assert_eq!(json["fault"], *name, "{json}");
                aimed.push(*name);
            }
        }
        for name in [
            "instance_crash",
            "az_outage",
            "region_outage",
            "nat_gateway_failure",
            "s3_throttling",
            "poison_message",
            "consumers_down",
        ] {
            assert!(aimed.contains(&name), "{name} is aimed at no kind");
        }
        // Every fault's name is the name it writes itself with, the spike included.
        let spike = crate::resilience::FaultKind::TrafficSpike { population: None, multiplier: 2.0 };
        assert_eq!(serde_json::to_value(&spike).unwrap()["fault"], spike.name());
        for name in [
            "instance_impaired",
            "rds_primary_failure",
            "ebs_degraded",
            "spot_interruption",
            "cloudfront_origin_failure",
        ] {
            let fault = crate::resilience::FaultKind::on(name, &id).unwrap();
            assert_eq!(serde_json::to_value(&fault).unwrap()["fault"], name);
        }
        assert!(crate::resilience::FaultKind::on("traffic_spike", &id).is_none(), "a spike aims at users");
        assert!(crate::resilience::FaultKind::on("meteor", &id).is_none());
    }

    /// Rule: a kind's fields are its properties in the document's order, or not properties
    /// at all (`NOT_PROPERTIES`: `kind` and the rule lists with their own editors). The field
    /// list is generated from the JSON Schema (model/known_fields.rs, checked by `schema`).
    #[test]
    fn every_field_of_a_kind_is_a_property_or_named_as_not_one() {
        for kind in Kind::ALL {
            let info = kind.info();
            let fields: Vec<&str> =
                known_fields(info.name).iter().copied().filter(|f| !NOT_PROPERTIES.contains(f)).collect();
            let properties: Vec<&str> = info.properties.iter().map(|p| p.name).collect();
            assert_eq!(properties, fields, "{}", info.name);
            for p in info.properties {
                if let Some((lo, hi)) = p.range {
                    assert!(p.input == Input::Number && lo <= hi, "{}.{}", info.name, p.name);
                }
                assert!(
                    p.unit.is_empty() || p.input == Input::Number,
                    "{}.{}: a unit is a number's",
                    info.name,
                    p.name
                );
            }
        }
    }

    /// Rule: a value the inspector starts a property from is one the format accepts, put into
    /// every node of that kind in the built-in examples; the spelled-out defaults are the model's.
    #[test]
    fn every_default_is_accepted_by_the_format() {
        let docs: Vec<Scenario> =
            crate::scenarios::BUILT_IN.iter().map(|(_, t)| Scenario::from_json(t).unwrap()).collect();
        let mut tried = std::collections::BTreeSet::new();
        for node in docs.iter().flat_map(|s| &s.nodes) {
            let info = node.spec.kind().info();
            for p in info.properties {
                let (Unset::Means(text) | Unset::Optional(text)) = p.unset else { continue };
                let value: serde_json::Value =
                    serde_json::from_str(text).unwrap_or_else(|e| panic!("{}.{}: {e}", info.name, p.name));
                let mut json = node.spec.to_value();
                if value.is_null() {
                    json.as_object_mut().unwrap().remove(p.name);
                } else {
                    json[p.name] = value;
                }
                Spec::from_value(json).unwrap_or_else(|e| panic!("{} {}.{} = {text}: {e}", node.id, info.name, p.name));
                tried.insert((info.name, p.name));
            }
        }
        assert!(tried.contains(&("instance", "ebs")) && tried.contains(&("auto_scaling_group", "timing")), "{tried:?}");
        let asg = Kind::AutoScalingGroup.info();
        for (name, model) in [
            ("timing", serde_json::to_value(crate::model::AsgTiming::default()).unwrap()),
            ("distribution", serde_json::to_value(crate::model::InstancesDistribution::default()).unwrap()),
        ] {
            let Some(Property { unset: Unset::Means(text), .. }) = asg.property(name) else { panic!("{name}") };
            assert_eq!(serde_json::from_str::<serde_json::Value>(text).unwrap(), model, "{name}");
        }
    }

    /// Rule: `create` accepts a drop only where the descriptor says the kind belongs (on the
    /// canvas if `on_canvas`; else inside one of its `parents`), and accepts it on each.
    #[test]
    fn create_drops_where_the_descriptor_says() {
        let mut s = Scenario::default();
        let add = |s: &mut Scenario, what, container: Option<&str>, az: Option<&str>| {
            let container = container.map(NodeId::from);
            let az = az.map(NodeId::from);
            let nodes = create(s, what, DropTarget { container: container.as_ref(), az: az.as_ref() }).unwrap();
            let id = nodes[0].id.clone();
            s.nodes.extend(nodes);
            id
        };
        let region = add(&mut s, Blueprint::Region, None, None);
        let zones: Vec<NodeId> =
            s.nodes.iter().filter(|n| matches!(n.spec, Spec::AvailabilityZone { .. })).map(|n| n.id.clone()).collect();
        let vpc = add(&mut s, Blueprint::Vpc, Some(region.as_str()), None);
        let subnet = add(&mut s, Blueprint::Subnet, Some(vpc.as_str()), Some(zones[0].as_str()));
        add(&mut s, Blueprint::Subnet, Some(vpc.as_str()), Some(zones[1].as_str()));
        // Origins and entry points, for CloudFront and Route 53.
        add(&mut s, Blueprint::Instance, Some(subnet.as_str()), None);
        add(&mut s, Blueprint::Alb, Some(vpc.as_str()), None);
        add(&mut s, Blueprint::S3Bucket, Some(region.as_str()), None);
        // Innermost container first, then the containers around it.
        let targets: [(Option<&NodeId>, &[Kind]); 4] = [
            (None, &[]),
            (Some(&region), &[Kind::Region]),
            (Some(&vpc), &[Kind::Vpc, Kind::Region]),
            (Some(&subnet), &[Kind::Subnet, Kind::Vpc, Kind::Region]),
        ];
        for what in Blueprint::ALL {
            let info = what.kind().info();
            for (container, around) in targets {
                let accepted = create(&s, what, DropTarget { container, az: None }).is_ok();
                let legal = match container {
                    None => info.on_canvas,
                    Some(_) => around.iter().any(|k| info.parents.contains(k)),
                };
                let direct = container.is_none() || info.parents.contains(&around[0]);
                assert!(!accepted || legal, "{what:?} dropped on {container:?}: accepted, but not a legal parent");
                assert!(accepted || !(legal && direct), "{what:?} dropped on {container:?}: refused on a legal parent");
            }
        }
    }

    #[cfg(feature = "schema")]
    mod schema {
        use super::super::*;
        use serde_json::Value;

        /// What a schema allows: its JSON types, its constants, and whether it names a node.
        #[derive(Default, Debug)]
        struct Allowed {
            types: Vec<String>,
            consts: Vec<String>,
            node_id: bool,
            items_node_id: bool,
            properties: serde_json::Map<String, Value>,
        }

        fn allowed(schema: &Value, defs: &Value, out: &mut Allowed) {
            if let Some(r) = schema["$ref"].as_str() {
                let name = r.trim_start_matches("#/$defs/");
                out.node_id |= name == "NodeId";
                allowed(&defs[name], defs, out);
            }
            for list in ["anyOf", "oneOf", "allOf"] {
                for s in schema[list].as_array().into_iter().flatten() {
                    allowed(s, defs, out);
                }
            }
            match &schema["type"] {
                Value::String(t) => out.types.push(t.clone()),
                Value::Array(ts) => out.types.extend(ts.iter().filter_map(|t| t.as_str().map(String::from))),
                _ => {}
            }
            if let Some(c) = schema["const"].as_str() {
                out.consts.push(c.to_string());
            }
            if let Some(props) = schema["properties"].as_object() {
                out.properties.extend(props.clone());
            }
            if schema["items"].is_object() {
                let mut items = Allowed::default();
                allowed(&schema["items"], defs, &mut items);
                out.items_node_id |= items.node_id;
            }
        }

        fn check(kind: &str, p: &Property, schema: &Value, defs: &Value) {
            let mut a = Allowed::default();
            allowed(schema, defs, &mut a);
            let has = |t: &str| a.types.iter().any(|x| x == t);
            let ok = match p.input {
                Input::Text | Input::Catalog(_) => has("string"),
                Input::Number => has("integer") || has("number"),
                Input::Bool => has("boolean"),
                Input::Choice(list) if has("boolean") => list.iter().all(|c| ["", "true", "false"].contains(c)),
                Input::Choice(list) if !a.consts.is_empty() => {
                    list.iter().all(|c| c.is_empty() || a.consts.iter().any(|x| x == c))
                }
                Input::Choice(_) => has("string"),
                Input::Ref(_) => a.node_id,
                Input::RefList(_) => has("array") && a.items_node_id,
                Input::TextList => has("array"),
                Input::Json => has("array") || has("object"),
                Input::Section(inner) => {
                    for sub in inner {
                        let s = a.properties.get(sub.name).unwrap_or_else(|| panic!("{kind}.{}.{}", p.name, sub.name));
                        check(kind, sub, s, defs);
                    }
                    has("object")
                }
            };
            assert!(ok, "{kind}.{}: {:?} does not fit the schema's {a:?}", p.name, p.input);
            if matches!(p.unset, Unset::Optional("null")) {
                assert!(has("null"), "{kind}.{}: unset to null, but the schema does not allow null", p.name);
            }
        }

        /// Rule: the descriptors agree with the JSON Schema: the same kinds in the same order,
        /// and each property is a field of its kind whose type fits the property's input.
        #[test]
        fn descriptors_agree_with_the_json_schema() {
            let schema: Value = serde_json::from_str(&crate::schema::scenario_schema()).unwrap();
            let defs = &schema["$defs"];
            let variants = defs["Node"]["oneOf"].as_array().unwrap();
            let names: Vec<&str> = variants.iter().filter_map(|v| v["properties"]["kind"]["const"].as_str()).collect();
            let ours: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            assert_eq!(names, ours, "the schema's `kind`s are the registry's");
            for (variant, kind) in variants.iter().zip(Kind::ALL) {
                for p in kind.info().properties {
                    let field = &variant["properties"][p.name];
                    assert!(field.is_object(), "{}.{}: not in the schema", kind.name(), p.name);
                    check(kind.name(), p, field, defs);
                }
            }
        }
    }
}
