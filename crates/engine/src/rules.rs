//! What every rule checks with: diagnostics, their severity, and the checking context (`Check`: the document, its topology, the findings) that `validate` and each service module's rules write to.
//!
//! It sits below `validate` and `services`: each room's rules (`services::*`, the VPC
//! primitives' among them) add findings through it, and `validate` runs them all.

use crate::kinds::Want;
use crate::model::{NodeId, Scenario, Spec};
use crate::msg::Msg;
use crate::net::topology::Topology;
use serde::{Deserialize, Serialize};

/// EC2 User Guide, "Instance types": the catalog Stratus simulates with.
pub(crate) const INSTANCE_TYPES: &str = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-types.html";

/// The EC2 API's list of error codes: the source of a reference to a missing resource.
pub(crate) const EC2_ERRORS: &str = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html";

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// AWS would refuse this (or the document is broken): the design cannot be built.
    Error,
    /// AWS accepts this, but it does not work as the design intends.
    Warning,
    /// Worth knowing; nothing is wrong.
    Info,
}

/// One finding about one node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The AWS API error code where AWS has one (e.g. `InvalidSubnet.Conflict`), else a
    /// Stratus code (e.g. `Stratus.NatInstance.SourceDestCheck`).
    pub code: String,
    /// Error, warning or info.
    pub severity: Severity,
    /// The node the finding is about (the one to badge).
    pub target: NodeId,
    /// What is wrong, naming the values.
    pub message: Msg,
    /// The concept behind the rule and how to fix it.
    pub hint: Msg,
    /// Other nodes involved (the subnet it conflicts with, the VPC it should belong to...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<NodeId>,
    /// The AWS documentation page of the rule.
    pub source: String,
}

/// The checking of one document: its scenario, its network topology, and the findings so far.
pub(crate) struct Check<'a> {
    pub(crate) s: &'a Scenario,
    pub(crate) topo: Topology<'a>,
    pub(crate) out: Vec<Diagnostic>,
}

impl<'a> Check<'a> {
    /// A check of `s` with no findings yet.
    pub(crate) fn new(s: &'a Scenario) -> Check<'a> {
        Check { s, topo: Topology::new(s), out: Vec::new() }
    }

    /// An error finding about `target`.
    pub(crate) fn fail(&mut self, code: &str, target: &NodeId, message: Msg, hint: Msg, source: &str) {
        self.emit(code, Severity::Error, target, message, hint, &[], source);
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn emit(
        &mut self,
        code: &str,
        severity: Severity,
        target: &NodeId,
        message: Msg,
        hint: Msg,
        related: &[&NodeId],
        source: &str,
    ) {
        self.out.push(Diagnostic {
            code: code.to_string(),
            severity,
            target: target.clone(),
            message,
            hint,
            related: related.iter().map(|&id| id.clone()).collect(),
            source: source.to_string(),
        });
    }

    pub(crate) fn spec(&self, id: &NodeId) -> Option<&'a Spec> {
        self.topo.spec(id)
    }

    /// Checks that `from`'s field `field` names a node of the wanted kind; reports it if not.
    pub(crate) fn reference(&mut self, from: &NodeId, field: &str, id: &NodeId, want: Want) -> bool {
        let (named, bare) = want.names();
        match self.spec(id) {
            Some(spec) if spec.kind() == want.kind() => true,
            found => {
                let what = match found {
                    None => msg!("validate.does_not_exist"),
                    Some(spec) => {
                        let kind = spec.kind().name();
                        msg!("validate.not", kind = kind, named = named)
                    }
                };
                self.emit(
                    want.code(),
                    Severity::Error,
                    from,
                    msg!("validate.refers_but", from = from, id = id, field = field, what = what),
                    msg!("validate.every_reference_must_name", bare = bare),
                    &[id],
                    EC2_ERRORS,
                );
                false
            }
        }
    }

    pub(crate) fn vpc_of_subnet(&self, subnet: &NodeId) -> Option<&'a NodeId> {
        self.spec(subnet).and_then(Spec::subnet_vpc)
    }

    /// A warning that `name` (an instance type or DB class) is not in Stratus's catalog: the
    /// simulation uses `fallback`'s numbers.
    pub(crate) fn unknown_type(&mut self, id: &NodeId, name: &str, fallback: &str) {
        self.emit(
            "Stratus.Catalog.UnknownInstanceType",
            Severity::Warning,
            id,
            msg!("services.not_stratus_catalog_simulation", name = name, fallback = fallback),
            msg!("services.catalog_lists_common_t"),
            &[],
            INSTANCE_TYPES,
        );
    }

    /// The security groups of `id` that live in another VPC than `vpc`: (group, its VPC,
    /// `vpc`) each; a group that does not exist is reported here (`InvalidGroup.NotFound`).
    pub(crate) fn groups_elsewhere<'v>(
        &mut self,
        id: &NodeId,
        groups: &'a [NodeId],
        vpc: Option<&'v NodeId>,
    ) -> Vec<(&'a NodeId, &'a NodeId, &'v NodeId)> {
        let mut out = Vec::new();
        for group in groups {
            if !self.reference(id, "security group", group, Want::SecurityGroup) {
                continue;
            }
            if let (Some(vpc), Some(gvpc)) = (vpc, self.spec(group).and_then(Spec::vpc)) {
                if gvpc != vpc {
                    out.push((group, gvpc, vpc));
                }
            }
        }
        out
    }
}
