//! What a service component's set-up may ask of the design being compiled (`Setup`): its simulated node, where things are, where requests sent to a node go, the network's gate on a path, and new links. `sim::plan` answers it; `services::*::sim` asks.

use super::state::{Gate, Target};
use crate::model::{Node, NodeId};

/// The compiler's side of a service's set-up step.
pub(crate) trait Setup {
    /// `n` takes part as a simulated node of `kind` (its JSON name): its index.
    fn node(&mut self, n: &Node, kind: &'static str) -> u32;
    /// The coordinates of a Region node (`None` for an unknown Region).
    fn region_coords(&self, region: &NodeId) -> Option<(f64, f64)>;
    /// The index of the AZ a subnet is in (`kernel::NONE` if it names none).
    fn subnet_az(&mut self, subnet: &NodeId) -> u32;
    /// A subnet's Region coordinates and AZ index (`subnet_az`).
    fn subnet_place(&mut self, subnet: &NodeId) -> (Option<(f64, f64)>, u32);
    /// The index of the cluster placement group `name` (the same name, the same cluster).
    fn cluster(&mut self, name: &str) -> u32;
    /// Where requests sent to document node `id` go (`Target::Nowhere` if they cannot).
    fn target(&self, id: &NodeId) -> Target;
    /// The simulated node a request routed to `t` reaches (`kernel::NONE` for nowhere).
    fn target_node(&self, t: Target) -> u32;
    /// The coordinates of what `t` is, if it has a place.
    fn coords_of(&self, t: Target) -> Option<(f64, f64)>;
    /// The network's gate on requests from the Internet to `id` (reached as `t`); a blocked
    /// request fails with cause `{prefix}.{Analyzer code}` and HTTP `status`.
    fn gate_from_internet(&mut self, id: &NodeId, t: Target, prefix: &str, status: Option<u16>) -> Gate;
    /// A new path from document node `from` to simulated node `to`: its index.
    fn link(&mut self, from: &NodeId, to: u32) -> u32;
    /// A new path as `link`, whose round trip is `rtt_us`.
    fn link_rtt(&mut self, from: &NodeId, to: u32, rtt_us: u64) -> u32;
    /// The network's gate on TCP `port` from `from` to `to` (cached); a blocked request fails
    /// with cause `{prefix}.{Analyzer code}` and HTTP `status`.
    fn gate(&mut self, from: &NodeId, to: &NodeId, port: u16, prefix: &str, status: Option<u16>) -> Gate;
    /// The document's node `id`.
    fn doc_node(&self, id: &NodeId) -> Option<&Node>;
    /// The simulated node of document node `id` (`kernel::NONE` if it takes no part).
    fn sim_node(&self, id: &NodeId) -> u32;
}
