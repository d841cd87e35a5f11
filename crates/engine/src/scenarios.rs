//! The built-in scenarios (scenarios/*.json), compiled in so the web app and the tests load the same files.

/// `(name, JSON text)` of every built-in scenario, in the order a gallery shows them.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("two-tier", include_str!("../../../scenarios/two-tier.json")),
    ("nat-gateway-vs-instance", include_str!("../../../scenarios/nat-gateway-vs-instance.json")),
    ("peering-non-transitive", include_str!("../../../scenarios/peering-non-transitive.json")),
    ("nacl-ephemeral", include_str!("../../../scenarios/nacl-ephemeral.json")),
    ("reference-web-app", include_str!("../../../scenarios/reference-web-app.json")),
];
