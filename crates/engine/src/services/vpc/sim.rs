//! Amazon VPC in the simulation: NAT gateways and NAT instances as a component (a byte-rate limit on the way to the Internet, the bytes processed, billed per GB, and their faults), and where things are (a subnet's Region and AZ, an AZ's name, the Internet) for the set-up of every other component.

use crate::catalog::geo;
use crate::des::core::US_PER_S;
use crate::des::kernel::NONE;
use crate::des::setup::Setup;
use crate::model::{Node, NodeId, Scenario, Spec};
use std::collections::BTreeMap;

/// A NAT gateway scales automatically from 5 to 100 Gbps (aws-facts §5); the simulation
/// gives it the ceiling at once.
const NAT_GATEWAY_BPS: f64 = 100e9;

/// A NAT gateway or NAT instance on a path to the Internet: a byte-rate limit (100 Gbps
/// for a NAT gateway, which scales from 5 Gbps automatically; the instance type's network
/// bandwidth for a NAT instance; aws-facts §5, §1.3) and the bytes it processed (billed per GB).
#[derive(Clone, Debug)]
pub(crate) struct Nat {
    pub node: u32,
    /// Active faults that stop it forwarding (its own failure, its AZ's outage).
    pub down: u16,
    pub az: u32,
    pub gateway: bool,
    pub bits_per_s: f64,
    pub next_free: u64,
    pub bytes: u64,
}

impl Nat {
    /// A NAT gateway in AZ `az`.
    pub fn gateway(node: u32, az: u32) -> Nat {
        Nat { node, down: 0, az, gateway: true, bits_per_s: NAT_GATEWAY_BPS, next_free: 0, bytes: 0 }
    }

    /// A NAT instance whose type's network bandwidth is `gbps`.
    pub fn instance(node: u32, gbps: f64) -> Nat {
        Nat { node, down: 0, az: NONE, gateway: false, bits_per_s: gbps * 1e9, next_free: 0, bytes: 0 }
    }

    /// `bytes` through the NAT device at `now`: the queueing delay, µs.
    pub fn send(&mut self, now: u64, bytes: u64) -> u64 {
        let interval = (bytes as f64 * 8.0 / self.bits_per_s.max(1.0) * US_PER_S as f64) as u64;
        let start = self.next_free.max(now);
        self.next_free = start.saturating_add(interval);
        self.bytes = self.bytes.saturating_add(bytes);
        (start - now).min(3_600 * US_PER_S)
    }
}

/// A NAT gateway's runtime: its AZ and bandwidth.
pub(crate) fn compile(n: &Node, setup: &mut dyn Setup) -> Option<Nat> {
    let Spec::NatGateway { subnet, .. } = &n.spec else { return None };
    let node = setup.node(n, "nat_gateway");
    Some(Nat::gateway(node, setup.subnet_az(subnet)))
}

/// The document's nodes by id, as set-up reads them.
pub(crate) type Index<'s> = BTreeMap<&'s NodeId, &'s Node>;

/// Where a subnet is: its Region's coordinates (through its VPC) and its AZ node.
pub(crate) fn subnet_place<'s>(index: &Index<'s>, subnet: &NodeId) -> (Option<(f64, f64)>, Option<&'s NodeId>) {
    let Some(Spec::Subnet { vpc, az, .. }) = index.get(subnet).map(|n| &n.spec) else { return (None, None) };
    let coords = match index.get(vpc).map(|n| &n.spec) {
        Some(Spec::Vpc { region, .. }) => region_coords(index, region),
        _ => None,
    };
    (coords, Some(az))
}

/// A Region node's coordinates (`None` for an unknown Region).
pub(crate) fn region_coords(index: &Index, region: &NodeId) -> Option<(f64, f64)> {
    match index.get(region).map(|n| &n.spec) {
        Some(Spec::Region { code }) => geo::region(code),
        _ => None,
    }
}

/// An AZ node's Region node and zone name (none and empty for anything else).
pub(crate) fn zone(index: &Index, az: &NodeId) -> (Option<NodeId>, String) {
    match index.get(az).map(|n| &n.spec) {
        Some(Spec::AvailabilityZone { region, zone }) => (Some(region.clone()), zone.clone()),
        _ => (None, String::new()),
    }
}

/// The design's Internet node, if it has one.
pub(crate) fn internet(s: &Scenario) -> Option<&NodeId> {
    s.nodes.iter().find(|n| matches!(n.spec, Spec::Internet {})).map(|n| &n.id)
}
