//! `Kind`: which of the document's kinds a node is, as a plain value, with its JSON name from the registry (`crate::kinds`).

use super::Spec;

/// One document kind, without its settings: what a node is (`Spec` says it with the settings).
/// The variants are in `Spec`'s order, which is the order of `Kind::ALL` and of the
/// registry's table (`crate::kinds::KINDS`, indexed by `Kind as usize`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An AWS Region.
    Region,
    /// An Availability Zone of a Region.
    AvailabilityZone,
    /// A VPC.
    Vpc,
    /// A subnet.
    Subnet,
    /// A route table.
    RouteTable,
    /// An Internet gateway.
    InternetGateway,
    /// A public NAT gateway.
    NatGateway,
    /// A security group.
    SecurityGroup,
    /// A network ACL.
    NetworkAcl,
    /// A VPC peering connection.
    VpcPeering,
    /// An EC2 instance.
    Instance,
    /// An Application or Network Load Balancer.
    LoadBalancer,
    /// The public Internet.
    Internet,
    /// A corporate data centre.
    OnPremises,
    /// A virtual private gateway.
    VpnGateway,
    /// A Site-to-Site VPN connection.
    VpnConnection,
    /// A Direct Connect private virtual interface.
    DirectConnect,
    /// An RDS DB instance.
    RdsInstance,
    /// An S3 bucket.
    S3Bucket,
    /// A CloudFront distribution.
    CloudfrontDistribution,
    /// A Route 53 record.
    Route53Record,
    /// An EC2 Auto Scaling group.
    AutoScalingGroup,
    /// An Amazon SQS queue.
    SqsQueue,
    /// An Amazon SNS topic.
    SnsTopic,
}

impl Kind {
    /// Whether it is one of `kinds` (a capability list of `crate::kinds`, such as `ORIGINS`).
    pub fn is_any(self, kinds: &[Kind]) -> bool {
        kinds.contains(&self)
    }

    /// Every kind, in `Spec`'s order.
    pub const ALL: [Kind; 24] = [
        Kind::Region,
        Kind::AvailabilityZone,
        Kind::Vpc,
        Kind::Subnet,
        Kind::RouteTable,
        Kind::InternetGateway,
        Kind::NatGateway,
        Kind::SecurityGroup,
        Kind::NetworkAcl,
        Kind::VpcPeering,
        Kind::Instance,
        Kind::LoadBalancer,
        Kind::Internet,
        Kind::OnPremises,
        Kind::VpnGateway,
        Kind::VpnConnection,
        Kind::DirectConnect,
        Kind::RdsInstance,
        Kind::S3Bucket,
        Kind::CloudfrontDistribution,
        Kind::Route53Record,
        Kind::AutoScalingGroup,
        Kind::SqsQueue,
        Kind::SnsTopic,
    ];

    /// Its descriptor in the registry.
    pub fn info(self) -> &'static crate::kinds::KindInfo {
        &crate::kinds::KINDS[self as usize]
    }

    /// Its JSON name, the document's `kind` (e.g. `auto_scaling_group`).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Whether other kinds are placed inside it (a Region, a VPC, a subnet): it is drawn as
    /// a box around them.
    pub fn is_container(self) -> bool {
        crate::kinds::KINDS.iter().any(|k| k.parents.contains(&self))
    }

    /// A regional service drawn in its Region, outside every VPC (S3, SQS, SNS): its only
    /// container is a Region.
    pub fn regional(self) -> bool {
        self.info().parents == [Kind::Region]
    }

    /// The kind a document's `kind` names, if any.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What owns a network interface, as the reachability analysis tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EniKind {
    /// An EC2 instance's primary interface (or one an Auto Scaling group's instance will have).
    Instance,
    /// One node of a load balancer (one interface per subnet it is enabled in).
    LoadBalancer,
    /// A NAT gateway's interface.
    NatGateway,
    /// An RDS DB instance's interface (the primary's, in the first subnet of its group).
    Database,
}

/// Where the public IPv4 address of a node's interfaces comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicAddress {
    /// None: unreachable from the Internet.
    None,
    /// Written in the document (a given public IP, an Elastic IP).
    Fixed(crate::cidr::Ipv4),
    /// Given at launch where the subnet maps public IPv4 addresses on launch.
    FromSubnet,
    /// Always given by AWS (an internet-facing load balancer's nodes).
    Assigned,
}

/// A node's elastic network interfaces as its document type describes them: what the
/// network (`net`) builds its ENIs from without knowing the kinds. A new service with
/// interfaces in a VPC (a function, a file system's mount targets) describes them here.
#[derive(Clone, Copy, Debug)]
pub struct Interfaces<'a> {
    /// What the interfaces belong to.
    pub kind: EniKind,
    /// The subnets it has an interface in (each once); with `first_only`, only the first.
    pub subnets: &'a [crate::model::NodeId],
    /// One interface, in the first subnet (an RDS primary in its DB subnet group).
    pub first_only: bool,
    /// One host with its own private address (fixed here, or the subnet's first free one);
    /// otherwise AWS picks the address and the interface stands for the whole subnet.
    pub one_host: bool,
    /// A private address the document fixes.
    pub private_ip: Option<crate::cidr::Ipv4>,
    /// Its public address.
    pub public: PublicAddress,
    /// Its security groups; `None` when none filter its traffic (a NAT gateway, an NLB
    /// created without groups).
    pub groups: Option<&'a [crate::model::NodeId]>,
    /// Whether it drops traffic not addressed to it (off on a NAT instance).
    pub source_dest_check: bool,
    /// It stands for instances a group will launch: built after every other interface, so
    /// adding a group never renumbers the addresses the rest of the design was given.
    pub launched: bool,
}

impl Spec {
    /// The application it runs, for the kinds that run one (an instance, an Auto Scaling
    /// group's launch template) and have one set.
    pub fn app(&self) -> Option<&crate::model::AppSettings> {
        match self {
            Spec::Instance { app, .. } | Spec::AutoScalingGroup { app, .. } => app.as_ref(),
            _ => None,
        }
    }

    /// The subnets it places network interfaces in: one for an instance or a NAT gateway, the
    /// list for a load balancer, a DB subnet group or an Auto Scaling group; none for the rest.
    /// What the network, the layout and the editors ask instead of naming kinds.
    pub fn subnets(&self) -> &[crate::model::NodeId] {
        match self {
            Spec::Instance { subnet, .. } | Spec::NatGateway { subnet, .. } => std::slice::from_ref(subnet),
            Spec::LoadBalancer { subnets, .. }
            | Spec::RdsInstance { subnets, .. }
            | Spec::AutoScalingGroup { subnets, .. } => subnets,
            _ => &[],
        }
    }

    /// Moves a node that sits in one subnet (an instance, a NAT gateway) into `subnet`, as a
    /// drag onto another subnet of its VPC does; whether it moved (not for the kinds that
    /// span subnets or sit in none). An instance's fixed private address was from the old
    /// subnet's range, so it is dropped: AWS gives the interface one from the new subnet.
    pub fn move_to_subnet(&mut self, to: crate::model::NodeId) -> bool {
        match self {
            Spec::Instance { subnet, private_ip, .. } => {
                *private_ip = None;
                *subnet = to;
                true
            }
            Spec::NatGateway { subnet, .. } => {
                *subnet = to;
                true
            }
            _ => false,
        }
    }

    /// The VPC it names itself (a subnet, a route table, a security group, a network ACL, an
    /// attached gateway), not the one it reaches through a subnet.
    pub fn vpc(&self) -> Option<&crate::model::NodeId> {
        match self {
            Spec::Subnet { vpc, .. }
            | Spec::RouteTable { vpc, .. }
            | Spec::SecurityGroup { vpc, .. }
            | Spec::NetworkAcl { vpc, .. } => Some(vpc),
            Spec::InternetGateway { vpc } | Spec::VpnGateway { vpc } => vpc.as_ref(),
            _ => None,
        }
    }

    /// A subnet's VPC; `None` for every other kind (a reference that should name a subnet but
    /// names something else has no VPC through it).
    pub fn subnet_vpc(&self) -> Option<&crate::model::NodeId> {
        match self {
            Spec::Subnet { vpc, .. } => Some(vpc),
            _ => None,
        }
    }

    /// Its network interfaces, for the kinds that have some in a VPC.
    pub fn interfaces(&self) -> Option<Interfaces<'_>> {
        use crate::model::{LoadBalancerType, Scheme};
        let base = |kind, subnets| Interfaces {
            kind,
            subnets,
            first_only: false,
            one_host: false,
            private_ip: None,
            public: PublicAddress::None,
            groups: None,
            source_dest_check: true,
            launched: false,
        };
        Some(match self {
            Spec::Instance { subnet, private_ip, public_ip, security_groups, source_dest_check, .. } => Interfaces {
                one_host: true,
                private_ip: *private_ip,
                public: public_ip.map_or(PublicAddress::FromSubnet, PublicAddress::Fixed),
                groups: Some(security_groups),
                source_dest_check: *source_dest_check,
                ..base(EniKind::Instance, std::slice::from_ref(subnet))
            },
            Spec::LoadBalancer { lb_type, scheme, subnets, security_groups, .. } => Interfaces {
                public: match scheme {
                    Scheme::InternetFacing => PublicAddress::Assigned,
                    Scheme::Internal => PublicAddress::None,
                },
                // An NLB created without security groups filters nothing (ELB User Guide,
                // "Security groups for your Network Load Balancer").
                groups: match lb_type {
                    LoadBalancerType::Nlb if security_groups.is_empty() => None,
                    _ => Some(security_groups),
                },
                ..base(EniKind::LoadBalancer, subnets)
            },
            // The primary's interface, in the first subnet of the DB subnet group; RDS picks
            // the address. Not publicly accessible (the RDS default for a DB instance in a VPC).
            Spec::RdsInstance { subnets, security_groups, .. } => {
                Interfaces { first_only: true, groups: Some(security_groups), ..base(EniKind::Database, subnets) }
            }
            // NAT gateways cannot have security groups (aws-facts.md §5).
            Spec::NatGateway { subnet, elastic_ip } => Interfaces {
                public: elastic_ip.map_or(PublicAddress::None, PublicAddress::Fixed),
                ..base(EniKind::NatGateway, std::slice::from_ref(subnet))
            },
            // A group stands for the instances it launches: one in each of its subnets, with
            // the group's security groups, a public address where the subnet gives one at
            // launch (the launch template's default). Reachability answers for "the web
            // tier" before any instance exists.
            Spec::AutoScalingGroup { subnets, security_groups, .. } => Interfaces {
                public: PublicAddress::FromSubnet,
                groups: Some(security_groups),
                launched: true,
                ..base(EniKind::Instance, subnets)
            },
            _ => return None,
        })
    }

    /// The instance type it runs and how many instances of it, for the kinds that run an
    /// application (an instance: one; an Auto Scaling group: its desired capacity).
    pub fn fleet(&self) -> Option<(&str, u32)> {
        match self {
            Spec::Instance { instance_type, .. } => Some((instance_type, 1)),
            Spec::AutoScalingGroup { instance_type, desired, .. } => Some((instance_type, *desired)),
            _ => None,
        }
    }

    /// The nodes it sends requests to as its registered targets (a load balancer's).
    pub fn targets(&self) -> &[crate::model::NodeId] {
        match self {
            Spec::LoadBalancer { targets, .. } => targets,
            _ => &[],
        }
    }

    /// The placement group it is launched in (an instance's).
    pub fn placement_group(&self) -> Option<&crate::model::PlacementGroup> {
        match self {
            Spec::Instance { placement_group, .. } => placement_group.as_ref(),
            _ => None,
        }
    }

    /// The security groups on its network interfaces.
    pub fn security_groups(&self) -> &[crate::model::NodeId] {
        match self {
            Spec::Instance { security_groups, .. }
            | Spec::LoadBalancer { security_groups, .. }
            | Spec::RdsInstance { security_groups, .. }
            | Spec::AutoScalingGroup { security_groups, .. } => security_groups,
            _ => &[],
        }
    }

    /// The Availability Zone a subnet is in (the only kind that names one).
    pub fn az(&self) -> Option<&crate::model::NodeId> {
        match self {
            Spec::Subnet { az, .. } => Some(az),
            _ => None,
        }
    }

    /// The public IPv4 address it holds: an instance's public IP, a NAT gateway's Elastic IP.
    pub fn public_ip(&self) -> Option<crate::cidr::Ipv4> {
        match self {
            Spec::Instance { public_ip, .. } => *public_ip,
            Spec::NatGateway { elastic_ip, .. } => *elastic_ip,
            _ => None,
        }
    }

    /// What kind of node this is.
    pub fn kind(&self) -> Kind {
        match self {
            Spec::Region { .. } => Kind::Region,
            Spec::AvailabilityZone { .. } => Kind::AvailabilityZone,
            Spec::Vpc { .. } => Kind::Vpc,
            Spec::Subnet { .. } => Kind::Subnet,
            Spec::RouteTable { .. } => Kind::RouteTable,
            Spec::InternetGateway { .. } => Kind::InternetGateway,
            Spec::NatGateway { .. } => Kind::NatGateway,
            Spec::SecurityGroup { .. } => Kind::SecurityGroup,
            Spec::NetworkAcl { .. } => Kind::NetworkAcl,
            Spec::VpcPeering { .. } => Kind::VpcPeering,
            Spec::Instance { .. } => Kind::Instance,
            Spec::LoadBalancer { .. } => Kind::LoadBalancer,
            Spec::Internet {} => Kind::Internet,
            Spec::OnPremises { .. } => Kind::OnPremises,
            Spec::VpnGateway { .. } => Kind::VpnGateway,
            Spec::VpnConnection { .. } => Kind::VpnConnection,
            Spec::DirectConnect { .. } => Kind::DirectConnect,
            Spec::RdsInstance { .. } => Kind::RdsInstance,
            Spec::S3Bucket { .. } => Kind::S3Bucket,
            Spec::CloudfrontDistribution { .. } => Kind::CloudfrontDistribution,
            Spec::Route53Record { .. } => Kind::Route53Record,
            Spec::AutoScalingGroup { .. } => Kind::AutoScalingGroup,
            Spec::SqsQueue { .. } => Kind::SqsQueue,
            Spec::SnsTopic { .. } => Kind::SnsTopic,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scenario;

    fn node(json: &str) -> Spec {
        let doc = format!(r#"{{"format":1,"name":"t","nodes":[{json}]}}"#);
        Scenario::from_json(&doc).unwrap().nodes.remove(0).spec
    }

    /// Each kind's interfaces as AWS places them (sources in `Spec::interfaces`).
    #[test]
    fn interfaces_say_what_aws_places() {
        let instance =
            node(r#"{"id":"i","kind":"instance","instance_type":"t3.micro","subnet":"s","security_groups":["sg"]}"#);
        let i = instance.interfaces().unwrap();
        assert_eq!(
            (i.kind, i.one_host, i.public, i.source_dest_check),
            (EniKind::Instance, true, PublicAddress::FromSubnet, true)
        );
        assert_eq!(i.groups.unwrap().len(), 1);
        let nat_instance = node(
            r#"{"id":"i","kind":"instance","instance_type":"t3.micro","subnet":"s","public_ip":"203.0.113.9","source_dest_check":false}"#,
        );
        let i = nat_instance.interfaces().unwrap();
        assert!(matches!(i.public, PublicAddress::Fixed(_)) && !i.source_dest_check);
        // An NLB without security groups filters nothing; an internal one has no public address.
        let nlb = node(r#"{"id":"l","kind":"load_balancer","type":"nlb","scheme":"internal","subnets":["a","b"]}"#);
        let i = nlb.interfaces().unwrap();
        assert_eq!(
            (i.kind, i.groups, i.public, i.subnets.len(), i.first_only),
            (EniKind::LoadBalancer, None, PublicAddress::None, 2, false)
        );
        let alb = node(r#"{"id":"l","kind":"load_balancer","type":"alb","subnets":["a","b"]}"#);
        assert_eq!(alb.interfaces().unwrap().groups.map(<[_]>::len), Some(0), "an ALB's empty list still filters");
        // RDS: the primary's one interface, in the group's first subnet.
        let rds = node(r#"{"id":"d","kind":"rds_instance","instance_class":"db.t3.micro","subnets":["a","b"]}"#);
        let i = rds.interfaces().unwrap();
        assert_eq!((i.kind, i.first_only, i.public), (EniKind::Database, true, PublicAddress::None));
        // A NAT gateway: no security groups, its Elastic IP.
        let nat = node(r#"{"id":"n","kind":"nat_gateway","subnet":"s","elastic_ip":"203.0.113.5"}"#);
        let i = nat.interfaces().unwrap();
        assert_eq!((i.kind, i.groups.is_none()), (EniKind::NatGateway, true));
        // A group's instances come last, with the subnet's public address policy.
        let asg = node(
            r#"{"id":"g","kind":"auto_scaling_group","instance_type":"t3.micro","subnets":["a"],"min":1,"max":2,"desired":1}"#,
        );
        let i = asg.interfaces().unwrap();
        assert_eq!(
            (i.kind, i.launched, i.one_host, i.public),
            (EniKind::Instance, true, false, PublicAddress::FromSubnet)
        );
        assert!(node(r#"{"id":"v","kind":"vpc","region":"r","cidr":"10.0.0.0/16"}"#).interfaces().is_none());
    }

    /// What the document answers agrees with what its interfaces say, in every example.
    #[test]
    fn the_answers_agree_with_each_other() {
        for (name, text) in crate::scenarios::BUILT_IN {
            let s = Scenario::from_json(text).unwrap();
            for n in &s.nodes {
                let spec = &n.spec;
                if let Some(i) = spec.interfaces() {
                    assert_eq!(i.subnets, spec.subnets(), "{name}: {}", n.id);
                    if let Some(groups) = i.groups {
                        assert_eq!(groups, spec.security_groups(), "{name}: {}", n.id);
                    }
                } else {
                    assert!(spec.subnets().is_empty(), "{name}: {} has subnets but no interfaces", n.id);
                }
                assert_eq!(spec.subnet_vpc().is_some(), spec.kind() == Kind::Subnet, "{name}: {}", n.id);
                assert_eq!(spec.az().is_some(), spec.kind() == Kind::Subnet, "{name}: {}", n.id);
                if spec.kind() == Kind::Subnet {
                    assert_eq!(spec.vpc(), spec.subnet_vpc());
                }
            }
        }
    }

    /// A drag onto another subnet moves a one-subnet node; an instance's fixed address goes.
    #[test]
    fn moving_to_a_subnet() {
        let mut i =
            node(r#"{"id":"i","kind":"instance","instance_type":"t3.micro","subnet":"s","private_ip":"10.0.0.9"}"#);
        assert!(i.move_to_subnet("t".into()));
        assert_eq!(i.subnets(), [crate::model::NodeId::from("t")]);
        assert!(i.interfaces().unwrap().private_ip.is_none());
        let mut nat = node(r#"{"id":"n","kind":"nat_gateway","subnet":"s"}"#);
        assert!(nat.move_to_subnet("t".into()) && nat.subnets()[0].as_str() == "t");
        let mut lb = node(r#"{"id":"l","kind":"load_balancer","type":"alb","subnets":["a","b"]}"#);
        assert!(!lb.move_to_subnet("t".into()));
        assert_eq!(lb.subnets().len(), 2);
    }
}
