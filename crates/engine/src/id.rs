//! A node's id and the small helper of the hand-written readers: below the document model and
//! the types it is made of (workload, resilience), which all name nodes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The id of a node, unique within a scenario (e.g. `vpc-main`, `i-web-1`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct NodeId(pub String);

impl NodeId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for NodeId {
    fn from(s: &str) -> Self {
        NodeId(s.to_string())
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// For hand-written readers of internally tagged enums (serde's derive for them is among
/// the largest code in the wasm): refuses a field that is present but that the `tag`
/// variant does not have, as `deny_unknown_fields` would.
pub(crate) fn only_fields<E: serde::de::Error>(
    present: &[(&'static str, bool)],
    allowed: &'static [&'static str],
) -> Result<(), E> {
    match present.iter().find(|(name, is)| *is && !allowed.contains(name)) {
        Some((name, _)) => Err(E::unknown_field(name, allowed)),
        None => Ok(()),
    }
}
