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
}

impl Kind {
    /// Whether it is one of `kinds` (a capability list of `crate::kinds`, such as `ORIGINS`).
    pub fn is_any(self, kinds: &[Kind]) -> bool {
        kinds.contains(&self)
    }

    /// Every kind, in `Spec`'s order.
    pub const ALL: [Kind; 22] = [
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

    /// The kind a document's `kind` names, if any.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
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

    /// The one subnet a single-interface node sits in (an instance, a NAT gateway): the one a
    /// drag onto another subnet moves. `None` for the kinds that span subnets or none.
    pub fn subnet_mut(&mut self) -> Option<&mut crate::model::NodeId> {
        match self {
            Spec::Instance { subnet, .. } | Spec::NatGateway { subnet, .. } => Some(subnet),
            _ => None,
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
        }
    }
}
