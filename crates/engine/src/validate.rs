//! AWS rules as diagnostics: what AWS would refuse (errors, with AWS's own error code), what it accepts but cannot work (warnings), and what is worth knowing (info).
//!
//! Codes are the EC2 API error codes where AWS has one
//! (<https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html>), else a
//! `Stratus.*` code. Every rule cites its source; aws-facts.md §5 summarises them.
//! `validate` never panics: a reference to a missing node is a diagnostic like any other.
//! The rules themselves live in the services' rooms (`services::RULES`, and
//! `services::vpc::document` for the rules over the whole design); this is their entry.

use crate::model::{NodeId, Scenario};
use crate::rules::Check;
pub use crate::rules::{Diagnostic, Severity};

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// Every AWS rule Stratus knows, checked against the scenario. Sorted by target, then code
/// (then in the order found), so the same document always gives the same list.
pub fn validate(scenario: &Scenario) -> Vec<Diagnostic> {
    let mut c = Check::new(scenario);
    for node in &scenario.nodes {
        // The VPC primitives' rules first, then each service's (`services::RULES`).
        for rules in crate::services::RULES {
            rules(&mut c, node);
        }
        c.unknown_fields(node);
    }
    crate::services::vpc::document(&mut c);
    c.layout();
    c.traffic();
    c.limits();
    c.faults();
    c.placement_groups();
    c.peer_calls_outside_cluster();
    let mut out = c.out;
    crate::sort::sort_by(&mut out, |a, b| a.target.cmp(&b.target).then_with(|| a.code.cmp(&b.code)));
    out
}

pub use crate::services::vpc::facts::{subnet_usage, SubnetUsage};

impl<'a> Check<'a> {
    /// Layout entries for nodes that do not exist are ignored.
    fn layout(&mut self) {
        let unknown: Vec<&NodeId> = self.s.layout.keys().filter(|id| self.topo.node(id).is_none()).collect();
        for id in unknown {
            self.emit(
                "Stratus.Layout.UnknownNode",
                Severity::Info,
                id,
                msg!("validate.layout_places_but_no", id = id),
                msg!("validate.entry_ignored_remove_or"),
                &[],
                "docs/format.md",
            );
        }
    }
}

mod document;
mod resilience;
pub(crate) mod services;
#[cfg(test)]
mod tests;
