//! Stratus engine: the AWS model, its rules and its simulation, with no web or I/O dependency.

#[macro_use]
pub mod msg;
pub mod catalog;
pub mod cidr;
pub mod connect;
pub mod cost;
pub mod create;
pub mod entry;
#[doc(hidden)]
pub mod fuzz;
pub mod id;
pub mod kinds;
pub mod lesson;
pub mod limits;
mod link;
pub mod model;
pub mod names;

pub mod des;
pub mod net;
/// A VPC's route tables, security groups and network ACLs (the VPC room's `objects`).
pub use services::vpc::objects as netobj;
pub mod resilience;
mod rules;
pub mod scenarios;
#[cfg(feature = "schema")]
pub mod schema;
mod services;
pub mod share;
pub mod sim;
pub mod sort;
pub mod synth;
#[cfg(test)]
mod testkit;
pub mod text;
pub mod validate;
pub mod view;
pub mod workload;

pub use cidr::{Cidr, Ipv4};
pub use model::{Kind, Node, NodeId, Scenario, Spec, Text};
pub use msg::Msg;
pub use net::{reach, Flow, Reachability};
pub use validate::{validate, Diagnostic, Severity};
