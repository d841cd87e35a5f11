//! Every file in scenarios/ loads, validates as expected and answers its reachability questions as its description says.

use engine::model::Action;
use engine::net::{Leg, Rule};
use engine::validate::{validate, Severity};
use engine::{reach, Flow, NodeId, Reachability, Scenario};

/// A reachability question and its answer: `(from, to, flow, None = reachable |
/// Some((code, blocking component)))`.
type Question = (&'static str, &'static str, Flow, Option<(&'static str, &'static str)>);

/// What a built-in scenario is meant to show.
struct Expect {
    file: &'static str,
    /// Codes of the diagnostics that must be present (warnings and info included). Errors
    /// not listed here fail the test.
    diagnostics: &'static [&'static str],
    reach: &'static [Question],
}

const TCP80: Flow = Flow { protocol: engine::model::Protocol::Tcp, port: 80, client_ports: None };
const TCP443: Flow = Flow { protocol: engine::model::Protocol::Tcp, port: 443, client_ports: None };
const TCP3306: Flow = Flow { protocol: engine::model::Protocol::Tcp, port: 3306, client_ports: None };
const TCP22: Flow = Flow { protocol: engine::model::Protocol::Tcp, port: 22, client_ports: None };

const EXPECTED: &[Expect] = &[
    Expect {
        // The first visit's design: the Internet reaches the web server on port 80 through
        // the internet gateway; nothing else is open.
        file: "first-web-server.json",
        diagnostics: &[],
        reach: &[
            ("internet", "i-web", TCP80, None),
            ("internet", "i-web", TCP22, Some(("ENI_SG_RULES_MISMATCH", "sg-web"))),
            ("i-web", "internet", TCP443, None),
        ],
    },
    Expect {
        file: "two-tier.json",
        diagnostics: &[],
        reach: &[
            ("internet", "alb", TCP80, None),
            ("internet", "alb", TCP443, None),
            ("internet", "i-web-a", TCP80, Some(("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "igw"))),
            ("alb", "i-web-a", TCP80, None),
            ("alb", "i-web-c", TCP80, None),
            ("alb", "i-web-a", TCP22, Some(("ENI_SG_RULES_MISMATCH", "sg-web"))),
            // The private subnets use the main table, which has only local routes.
            ("i-web-a", "internet", TCP443, Some(("NO_ROUTE_TO_DESTINATION", "rtb-main"))),
        ],
    },
    Expect {
        file: "nat-gateway-vs-instance.json",
        diagnostics: &[],
        reach: &[
            ("i-app-a", "internet", TCP443, None),
            ("i-app-c", "internet", TCP443, None),
            ("internet", "i-app-a", TCP22, Some(("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "igw"))),
            ("internet", "i-app-c", TCP22, Some(("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "igw"))),
            ("i-app-a", "i-app-c", TCP22, None),
        ],
    },
    Expect {
        file: "peering-non-transitive.json",
        diagnostics: &["Stratus.Route.PeeringDestinationOutsidePeer"],
        reach: &[
            ("i-a", "i-b", TCP443, None),
            ("i-b", "i-c", TCP443, None),
            ("i-c", "i-b", TCP443, None),
            ("i-a", "i-c", TCP443, Some(("PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", "pcx-ab"))),
            ("i-c", "i-a", TCP443, Some(("PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", "pcx-bc"))),
        ],
    },
    Expect {
        file: "nacl-ephemeral.json",
        diagnostics: &[],
        reach: &[
            ("internet", "i-web", TCP80, Some(("SUBNET_ACL_RESTRICTION", "acl-web"))),
            ("internet", "i-web", TCP443, Some(("SUBNET_ACL_RESTRICTION", "acl-web"))),
            ("i-web", "internet", TCP443, Some(("SUBNET_ACL_RESTRICTION", "acl-web"))),
        ],
    },
    Expect {
        file: "reference-web-app.json",
        diagnostics: &[],
        reach: &[
            ("internet", "alb", TCP443, None),
            ("alb", "i-web-a1", TCP80, None),
            ("alb", "i-web-d2", TCP80, None),
            ("i-web-c1", "db", TCP3306, None),
            ("i-web-c1", "db", TCP22, Some(("ENI_SG_RULES_MISMATCH", "sg-db"))),
            ("internet", "i-web-a1", TCP80, Some(("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "igw"))),
        ],
    },
    Expect { file: "asg-az-outage.json", diagnostics: &[], reach: &[("internet", "alb", TCP443, None)] },
    Expect { file: "health-check-trap-ec2.json", diagnostics: &[], reach: &[("internet", "alb", TCP443, None)] },
    Expect { file: "health-check-trap-elb.json", diagnostics: &[], reach: &[("internet", "alb", TCP443, None)] },
    Expect {
        file: "rds-multi-az-failover.json",
        diagnostics: &[],
        reach: &[("internet", "alb", TCP443, None), ("alb", "i-web-a", TCP80, None), ("i-web-c", "db", TCP3306, None)],
    },
    Expect {
        file: "route53-failover.json",
        diagnostics: &[],
        reach: &[("internet", "seoul-alb", TCP443, None), ("internet", "tokyo-alb", TCP443, None)],
    },
    Expect { file: "spot-interruption.json", diagnostics: &[], reach: &[("internet", "alb", TCP443, None)] },
    Expect { file: "scale-out-spike.json", diagnostics: &[], reach: &[("internet", "alb", TCP443, None)] },
    Expect {
        file: "cluster-placement-group.json",
        diagnostics: &[],
        reach: &[
            ("internet", "alb", TCP443, None),
            ("alb", "search-1", TCP80, None),
            // The nodes' security group admits its own members: the peer calls.
            ("search-1", "search-4", TCP80, None),
            ("internet", "search-1", TCP80, Some(("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "igw"))),
        ],
    },
    Expect {
        // The workers reach SQS's public endpoint through the NAT gateway; nothing reaches
        // them from the Internet.
        file: "sqs-decoupling.json",
        diagnostics: &[],
        reach: &[
            ("asg-workers", "internet", TCP443, None),
            ("internet", "asg-workers", TCP22, Some(("IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS", "igw"))),
        ],
    },
];

fn scenarios_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

#[test]
fn every_scenario_file_has_expectations_and_meets_them() {
    let mut files: Vec<String> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios/ is readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    engine::sort::sort_by(&mut files, Ord::cmp);
    assert!(!files.is_empty());
    for file in &files {
        let expect = EXPECTED
            .iter()
            .find(|e| e.file == file)
            .unwrap_or_else(|| panic!("scenarios/{file} has no entry in EXPECTED of crates/engine/tests/scenarios.rs"));
        let text = std::fs::read_to_string(scenarios_dir().join(file)).unwrap();
        let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!s.description.en.is_empty() && !s.description.ko.is_empty(), "{file}: bilingual description");
        for node in &s.nodes {
            let container = matches!(
                node.spec,
                engine::Spec::Region { .. } | engine::Spec::Vpc { .. } | engine::Spec::Subnet { .. }
            );
            if let Some(p) = s.layout.get(&node.id) {
                assert_eq!(p.w.is_some() && p.h.is_some(), container, "{file}: layout of {}", node.id);
            } else {
                assert!(!container, "{file}: container {} has no layout", node.id);
            }
        }
        let found = validate(&s);
        for d in &found {
            assert!(
                d.severity != Severity::Error || expect.diagnostics.contains(&d.code.as_str()),
                "{file}: unexpected error {} on {}: {}",
                d.code,
                d.target,
                d.message.en()
            );
        }
        for code in expect.diagnostics {
            assert!(found.iter().any(|d| d.code == *code), "{file}: expected diagnostic {code}, got {found:#?}");
        }
        for (from, to, flow, want) in expect.reach {
            let r = reach(&s, &NodeId::from(*from), &NodeId::from(*to), *flow).unwrap();
            let got = match &r {
                Reachability::Reachable { .. } => None,
                Reachability::NotReachable { code, blocked_at, .. } => {
                    Some((code.as_str(), blocked_at.component.as_str()))
                }
            };
            assert_eq!(got, *want, "{file}: {from} -> {to} {flow:?}\n{r:#?}");
            if let Reachability::Reachable { path } = &r {
                let last = path.last().unwrap();
                assert_eq!(
                    (last.component.as_str(), last.leg),
                    (*from, Leg::Response),
                    "{file}: round trip ends at the client"
                );
            }
        }
    }
    assert_eq!(files.len(), EXPECTED.len(), "every EXPECTED entry names an existing file");
}

/// nacl-ephemeral.json: the answer names the rule that drops the response (outbound rule 120
/// of acl-web, on the response leg).
#[test]
fn nacl_ephemeral_names_the_rule() {
    let text = std::fs::read_to_string(scenarios_dir().join("nacl-ephemeral.json")).unwrap();
    let s = Scenario::from_json(&text).unwrap();
    let r = reach(&s, &"internet".into(), &"i-web".into(), TCP80).unwrap();
    let Reachability::NotReachable { blocked_at, explanation, path, .. } = r else { panic!("{r:?}") };
    assert_eq!(blocked_at.leg, Leg::Response);
    assert_eq!(blocked_at.rule, Some(Rule::NetworkAclRule { number: Some(120), action: Action::Deny }));
    assert!(explanation.en().contains("ephemeral") && explanation.ko().contains("임시 포트"));
    // The request got all the way in: the inbound rule 100 was used.
    assert!(path.iter().any(|h| h.rule == Some(Rule::NetworkAclRule { number: Some(100), action: Action::Allow })));
}

/// The built-in list compiled into the engine is the directory's content.
#[test]
fn built_in_list_matches_the_directory() {
    let mut names: Vec<String> = engine::scenarios::BUILT_IN.iter().map(|(n, _)| format!("{n}.json")).collect();
    engine::sort::sort_by(&mut names, Ord::cmp);
    let mut files: Vec<String> = std::fs::read_dir(scenarios_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    engine::sort::sort_by(&mut files, Ord::cmp);
    assert_eq!(names, files);
}
