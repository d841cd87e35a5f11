//! Amazon SNS: a topic's rules (its name; its subscriptions' protocols, endpoints and filter policies; what a FIFO topic delivers to), the subscription a link from a topic to a queue makes, and its blueprint.
//!
//! Facts and sources: docs/research/messaging-facts.md §2 and C6 (cited below).

pub(crate) mod sim;

use super::{Emit, Service};
use crate::kinds::Want;
use crate::link::{already, LinkIndex, LinkKind, Plan};
use crate::model::{Node, NodeId, Scenario, Spec, Subscription, SubscriptionProtocol};
use crate::msg::Msg;
use crate::rules::{Check, Severity};
use crate::services::vpc::place::{named, Ids, Place};

/// The pages each rule comes from.
pub(crate) mod src {
    /// CreateTopic's `Name`: 1 to 256 letters, digits, `-` and `_`; `.fifo` for FIFO topics.
    pub const NAME: &str = "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sns/aws.sdk.kotlin.services.sns.model/-create-topic-request/name.html";
    /// FIFO topics deliver to SQS FIFO and standard queues (messaging-facts.md C6).
    pub const FIFO: &str = "https://docs.aws.amazon.com/sns/latest/dg/fifo-message-grouping.html";
    /// Subscribe's protocols and endpoints (aws-facts.md §9).
    pub const SUBSCRIBE: &str = "https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html";
    /// Filter policy constraints: 5 keys, 150 combinations, 256 KB, 200 policies per topic
    /// (messaging-facts.md §2).
    pub const FILTER: &str = "https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html";
    /// Message attributes, which attribute-based filter policies match on.
    pub const ATTRIBUTES: &str = "https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html";
}

/// A filter policy's limits (messaging-facts.md §2): at most 5 keys, and the product of the
/// value lists' sizes at most 150.
pub(crate) const FILTER_KEYS: usize = 5;
pub(crate) const FILTER_COMBINATIONS: usize = 150;
/// A filter policy's size: at most 256 KB (messaging-facts.md §2).
pub(crate) const FILTER_BYTES: usize = 256 * 1024;
/// Filter policies per topic: 200 by default (adjustable; messaging-facts.md §2).
pub(crate) const FILTER_POLICIES_PER_TOPIC: usize = 200;

pub(crate) static SERVICE: Service = Service { link, links, parent, caption };

pub(crate) fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
    let Spec::SnsTopic { region, topic_name, fifo, content_based_deduplication, subscriptions, message_attributes } =
        &node.spec
    else {
        return;
    };
    let id = &node.id;
    c.reference(id, "region", region, Want::Region);
    if !valid_name(topic_name, *fifo) {
        let (message, hint) = if *fifo {
            (msg!("sns.fifo_name", id = id, name = topic_name), msg!("sns.fifo_name_hint"))
        } else {
            (msg!("sns.standard_name", id = id, name = topic_name), msg!("sns.standard_name_hint"))
        };
        c.fail("InvalidParameter", id, message, hint, src::NAME);
    }
    if *content_based_deduplication && !fifo {
        c.fail(
            "InvalidParameter",
            id,
            msg!("sns.content_based_dedup_fifo_only", id = id),
            msg!("sns.content_based_dedup_hint"),
            src::FIFO,
        );
    }
    for (n, sub) in subscriptions.iter().enumerate() {
        subscription(c, id, *fifo, n + 1, sub);
    }
    let policies = subscriptions.iter().filter(|s| s.filter_policy.is_some()).count();
    if policies > FILTER_POLICIES_PER_TOPIC {
        c.fail(
            "FilterPolicyLimitExceeded",
            id,
            msg!("sns.filter_policies_per_topic", id = id, n = policies, max = FILTER_POLICIES_PER_TOPIC),
            msg!("sns.filter_policies_per_topic_hint"),
            src::FILTER,
        );
    }
    // The simulation's attribute shares: each attribute's values cover at most every message.
    for (name, values) in message_attributes {
        let total: f64 = values.values().sum();
        if values.values().any(|v| !v.is_finite() || *v < 0.0) || !(0.0..=1.0 + 1e-9).contains(&total) {
            c.fail(
                "Stratus.Sns.MessageAttributeShares",
                id,
                msg!("sns.attribute_shares", id = id, name = name, total = format!("{total:.3}")),
                msg!("sns.attribute_shares_hint"),
                src::ATTRIBUTES,
            );
        }
    }
}

/// Whether `name` is a topic name SNS accepts: 1 to 256 letters, digits, `-` and `_`, a
/// FIFO topic's ending in `.fifo`.
pub(crate) fn valid_name(name: &str, fifo: bool) -> bool {
    let stem = if fifo {
        match name.strip_suffix(".fifo") {
            Some(stem) => stem,
            None => return false,
        }
    } else {
        name
    };
    !stem.is_empty() && name.len() <= 256 && stem.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
}

/// Subscription number `n` of topic `id`: its endpoint fits its protocol (an SQS queue of the
/// design, an `http://` or `https://` URL, an email address); a FIFO topic delivers to SQS
/// queues only, and to a standard queue without order (C6: an info, as AWS allows it); its
/// filter policy is within SNS's limits. Subscribe answers `InvalidParameter`.
fn subscription(c: &mut Check<'_>, id: &NodeId, fifo: bool, n: usize, sub: &Subscription) {
    let protocol = sub.protocol.name();
    let endpoint = sub.endpoint.as_deref().unwrap_or("");
    let bad_endpoint = match sub.protocol {
        SubscriptionProtocol::Sqs => None,
        SubscriptionProtocol::Http => (!endpoint.starts_with("http://")).then_some("http://…"),
        SubscriptionProtocol::Https => (!endpoint.starts_with("https://")).then_some("https://…"),
        SubscriptionProtocol::Email | SubscriptionProtocol::EmailJson => {
            let ok = endpoint.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
            (!ok).then_some("name@example.com")
        }
    };
    if let Some(shape) = bad_endpoint {
        c.fail(
            "InvalidParameter",
            id,
            msg!("sns.endpoint", id = id, n = n, protocol = protocol, endpoint = endpoint),
            msg!("sns.endpoint_hint", protocol = protocol, shape = shape),
            src::SUBSCRIBE,
        );
    }
    if sub.protocol == SubscriptionProtocol::Sqs {
        match sub.queue.as_ref().map(|q| (q, c.spec(q))) {
            Some((q, Some(Spec::SqsQueue { fifo: queue_fifo, .. }))) => {
                if fifo && !queue_fifo {
                    c.emit(
                        "Stratus.Sns.FifoTopicToStandardQueue",
                        Severity::Info,
                        id,
                        msg!("sns.fifo_to_standard", id = id, q = q),
                        msg!("sns.fifo_to_standard_hint"),
                        &[q],
                        src::FIFO,
                    );
                }
            }
            found => {
                let q = found.map(|(q, _)| q.to_string()).unwrap_or_default();
                c.fail(
                    "InvalidParameter",
                    id,
                    msg!("sns.queue_missing", id = id, n = n, q = q),
                    msg!("sns.queue_missing_hint"),
                    src::SUBSCRIBE,
                );
            }
        }
    } else if fifo {
        c.fail(
            "InvalidParameter",
            id,
            msg!("sns.fifo_protocol", id = id, n = n, protocol = protocol),
            msg!("sns.fifo_protocol_hint"),
            src::FIFO,
        );
    }
    if let Some(policy) = &sub.filter_policy {
        let combinations = policy.values().fold(1usize, |p, v| p.saturating_mul(v.len().max(1)));
        let bytes = serde_json::to_string(policy).map_or(0, |t| t.len());
        if policy.len() > FILTER_KEYS || combinations > FILTER_COMBINATIONS || bytes > FILTER_BYTES {
            c.fail(
                "InvalidParameter",
                id,
                msg!(
                    "sns.filter_policy",
                    id = id,
                    n = n,
                    keys = policy.len(),
                    combinations = combinations,
                    bytes = bytes
                ),
                msg!("sns.filter_policy_hint"),
                src::FILTER,
            );
        }
    }
}

/// A link drawn from a topic to a queue subscribes the queue (protocol `sqs`). A FIFO topic
/// may deliver to a standard queue too (messaging-facts.md C6).
fn link(_: &Scenario, from: &Node, to: &Node) -> Result<Option<Plan>, Msg> {
    let (Spec::SnsTopic { subscriptions, .. }, Spec::SqsQueue { .. }) = (&from.spec, &to.spec) else {
        return Ok(None);
    };
    let (f, t) = (&from.id, &to.id);
    if subscriptions.iter().any(|s| s.queue.as_ref() == Some(t)) {
        return Err(already(f, t));
    }
    Ok(Some(Plan::edit(from, LinkKind::Traffic, |spec| {
        if let Spec::SnsTopic { subscriptions, .. } = spec {
            subscriptions.push(Subscription {
                protocol: SubscriptionProtocol::Sqs,
                queue: Some(t.clone()),
                endpoint: None,
                filter_policy: None,
            });
        }
    })))
}

/// A copy of each message goes from a topic to each subscribed queue.
fn links(_: &LinkIndex<'_>, node: &Node, push: Emit<'_>) {
    let Spec::SnsTopic { subscriptions, .. } = &node.spec else { return };
    for q in subscriptions.iter().filter_map(|s| s.queue.as_ref()) {
        push(&node.id, q, LinkKind::Traffic, None);
    }
}

/// A topic is drawn in its Region (SNS is regional, outside every VPC).
fn parent<'a>(_: &'a Scenario, node: &'a Node) -> Option<&'a NodeId> {
    match &node.spec {
        Spec::SnsTopic { region, .. } => Some(region),
        _ => None,
    }
}

/// `FIFO` for a FIFO topic, nothing for a standard one: a caption has no language, and the
/// Korean console says 표준 where the English says Standard (the inspector shows the type).
fn caption(node: &Node) -> Option<String> {
    let Spec::SnsTopic { fifo, .. } = &node.spec else { return None };
    fifo.then(|| "FIFO".to_string())
}

/// A standard topic with no subscription in the Region dropped onto, named like its id.
pub(crate) fn create(place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    if let Some(vpc) = place.vpc {
        return Err(msg!("create.sns_topic_not_inside", vpc_id = vpc.id));
    }
    let region = place.region(msg!("create.sns_topic_in_region"))?;
    let id = ids.next("topic");
    let spec = Spec::SnsTopic {
        region: region.id.clone(),
        topic_name: id.0.clone(),
        fifo: false,
        content_based_deduplication: false,
        subscriptions: Vec::new(),
        message_attributes: Default::default(),
    };
    Ok(vec![named(id, spec)])
}

#[cfg(test)]
mod tests {
    use crate::rules::Severity;
    use crate::testkit::{lab, load, set};
    use serde_json::{json, Value};

    fn doc() -> Value {
        let d = set(lab(), "q", json!({"kind": "sqs_queue", "region": "r", "queue_name": "orders"}));
        let d = set(d, "qf", json!({"kind": "sqs_queue", "region": "r", "queue_name": "orders.fifo", "fifo": true}));
        set(d, "t", json!({"kind": "sns_topic", "region": "r", "topic_name": "events"}))
    }

    /// Each SNS rule on a topic with one change: (rule, its AWS source, patch of `t`, the
    /// diagnostic expected on `t` (error, or info), or `None`).
    #[test]
    fn sns_rules_table() {
        const NAME: &str = "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sns/aws.sdk.kotlin.services.sns.model/-create-topic-request/name.html";
        const FIFO: &str = "https://docs.aws.amazon.com/sns/latest/dg/fifo-message-grouping.html";
        const SUB: &str = "https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html";
        const FILTER: &str = "https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html";
        const ATTRS: &str = "https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html";
        // `n` email subscriptions, each with a filter policy.
        let policies = |n: usize| {
            let subs: Vec<Value> = (0..n)
                .map(|k| json!({"protocol": "email", "endpoint": format!("ops{k}@example.com"), "filter_policy": {"a": ["x"]}}))
                .collect();
            json!({ "subscriptions": subs })
        };
        let sqs = |q: &str| json!({"protocol": "sqs", "queue": q});
        let five: Value = json!({"a": [1], "b": [1], "c": [1], "d": [1], "e": [1]});
        let six: Value = json!({"a": [1], "b": [1], "c": [1], "d": [1], "e": [1], "f": [1]});
        let many: Value = json!({"a": (0..10).collect::<Vec<_>>(), "b": (0..16).collect::<Vec<_>>()});
        /// (rule, its source, the patch, what is expected).
        type Case<'a> = (&'a str, &'a str, Value, Option<(Severity, &'a str)>);
        let cases: Vec<Case> = vec![
            ("a standard topic with no subscription", NAME, json!({}), None),
            ("a name of letters, digits, - and _", NAME, json!({"topic_name": "Order_events-1"}), None),
            (
                "a name has at most 256 characters",
                NAME,
                json!({"topic_name": "t".repeat(257)}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            ("256 characters are allowed", NAME, json!({"topic_name": "t".repeat(256)}), None),
            (
                "no dots in a standard topic's name",
                NAME,
                json!({"topic_name": "events.fifo"}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            (
                "a FIFO topic's name ends in .fifo",
                NAME,
                json!({"fifo": true}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            ("a FIFO topic named x.fifo", NAME, json!({"fifo": true, "topic_name": "events.fifo"}), None),
            (
                "content-based deduplication is FIFO only",
                FIFO,
                json!({"content_based_deduplication": true}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            ("an SQS subscription names a queue", SUB, json!({"subscriptions": [sqs("q")]}), None),
            (
                "the subscribed queue exists",
                SUB,
                json!({"subscriptions": [sqs("gone")]}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            (
                "the subscribed queue is a queue",
                SUB,
                json!({"subscriptions": [sqs("i-pub")]}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            (
                "an SQS subscription without a queue",
                SUB,
                json!({"subscriptions": [{"protocol": "sqs"}]}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            (
                "an HTTPS endpoint is an https:// URL",
                SUB,
                json!({"subscriptions": [{"protocol": "https", "endpoint": "https://example.com/hook"}]}),
                None,
            ),
            (
                "an HTTPS endpoint is not http://",
                SUB,
                json!({"subscriptions": [{"protocol": "https", "endpoint": "http://example.com/hook"}]}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            (
                "an HTTP endpoint is an http:// URL",
                SUB,
                json!({"subscriptions": [{"protocol": "http", "endpoint": "http://example.com"}]}),
                None,
            ),
            (
                "an email endpoint is an address",
                SUB,
                json!({"subscriptions": [{"protocol": "email", "endpoint": "ops@example.com"}]}),
                None,
            ),
            (
                "an email endpoint without @ is refused",
                SUB,
                json!({"subscriptions": [{"protocol": "email", "endpoint": "ops"}]}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            (
                "a FIFO topic delivers to a FIFO queue",
                FIFO,
                json!({"fifo": true, "topic_name": "e.fifo", "subscriptions": [sqs("qf")]}),
                None,
            ),
            (
                "a FIFO topic delivers to a standard queue, without order (C6)",
                FIFO,
                json!({"fifo": true, "topic_name": "e.fifo", "subscriptions": [sqs("q")]}),
                Some((Severity::Info, "Stratus.Sns.FifoTopicToStandardQueue")),
            ),
            (
                "a FIFO topic does not deliver to email",
                FIFO,
                json!({"fifo": true, "topic_name": "e.fifo", "subscriptions": [{"protocol": "email", "endpoint": "ops@example.com"}]}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            (
                "a FIFO topic does not deliver to HTTPS",
                FIFO,
                json!({"fifo": true, "topic_name": "e.fifo", "subscriptions": [{"protocol": "https", "endpoint": "https://example.com"}]}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            (
                "a filter policy of 5 keys",
                FILTER,
                json!({"subscriptions": [{"protocol": "sqs", "queue": "q", "filter_policy": five}]}),
                None,
            ),
            (
                "a filter policy has at most 5 keys",
                FILTER,
                json!({"subscriptions": [{"protocol": "sqs", "queue": "q", "filter_policy": six}]}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            (
                "at most 150 combinations",
                FILTER,
                json!({"subscriptions": [{"protocol": "sqs", "queue": "q", "filter_policy": many}]}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            ("the Region exists", NAME, json!({"region": "nowhere"}), Some((Severity::Error, "InvalidRegion"))),
            (
                "a filter policy of at most 256 KB",
                FILTER,
                json!({"subscriptions": [{"protocol": "sqs", "queue": "q", "filter_policy": {"a": ["x".repeat(262_144)]}}]}),
                Some((Severity::Error, "InvalidParameter")),
            ),
            ("200 filter policies on a topic", FILTER, policies(200), None),
            (
                "at most 200 filter policies per topic",
                FILTER,
                policies(201),
                Some((Severity::Error, "FilterPolicyLimitExceeded")),
            ),
            (
                "attribute shares up to 1",
                ATTRS,
                json!({"message_attributes": {"event": {"placed": 0.7, "cancelled": 0.3}}}),
                None,
            ),
            (
                "attribute shares add up to at most 1",
                ATTRS,
                json!({"message_attributes": {"event": {"placed": 0.7, "cancelled": 0.4}}}),
                Some((Severity::Error, "Stratus.Sns.MessageAttributeShares")),
            ),
            (
                "an attribute share is not negative",
                ATTRS,
                json!({"message_attributes": {"event": {"placed": -0.1}}}),
                Some((Severity::Error, "Stratus.Sns.MessageAttributeShares")),
            ),
        ];
        for (rule, source, patch, want) in cases {
            assert!(source.starts_with("https://"), "{rule}: a source");
            let s = load(&set(doc(), "t", patch));
            let got: Vec<(Severity, String)> = crate::validate::validate(&s)
                .into_iter()
                .filter(|d| d.target.as_str() == "t" && d.severity != Severity::Warning)
                .map(|d| (d.severity, d.code))
                .collect();
            match want {
                Some((severity, code)) => {
                    assert!(got.contains(&(severity, code.to_string())), "{rule} ({source}): want {code}, got {got:?}")
                }
                None => assert!(got.is_empty(), "{rule} ({source}): want nothing, got {got:?}"),
            }
        }
    }

    /// A link from a topic to a queue subscribes it once.
    #[test]
    fn a_link_to_a_queue_subscribes_it() {
        let s = load(&doc());
        let node = |id: &str| s.node(&id.into()).unwrap();
        let crate::link::Plan::Edit { spec, .. } = super::link(&s, node("t"), node("q")).unwrap().unwrap() else {
            panic!()
        };
        let crate::model::Spec::SnsTopic { subscriptions, .. } = *spec else { panic!() };
        assert_eq!(subscriptions[0].queue.as_ref().map(|q| q.as_str()), Some("q"));
        let s = load(&set(doc(), "t", json!({"subscriptions": [{"protocol": "sqs", "queue": "q"}]})));
        let again = super::link(&s, s.node(&"t".into()).unwrap(), s.node(&"q".into()).unwrap());
        assert!(again.is_err());
        assert!(super::link(&s, s.node(&"t".into()).unwrap(), s.node(&"i-pub".into()).unwrap()).unwrap().is_none());
    }
}
