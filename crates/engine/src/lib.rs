//! Stratus engine: the AWS model, its rules and its simulation, with no web or I/O dependency.

pub mod cidr;
pub mod model;
pub mod view;

pub use cidr::{Cidr, Ipv4};
pub use model::{Node, NodeId, Scenario, Spec, Text};
