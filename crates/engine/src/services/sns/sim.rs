//! Amazon SNS as a simulation component: a topic answers `Publish` and hands a copy of the message to every subscription whose filter policy matches the message's attributes (push delivery, messaging-facts.md §2, "What the simulator should model", point 1); the copies to SQS queues are stored by the SQS component, the others (HTTP/S, email) counted as delivered.
//!
//! Each message draws its attributes from the topic's `message_attributes` (one value per
//! attribute, or none, by their shares). A filter policy (attribute-based, the default
//! scope) matches when every key it names matches: an exact string, a number (the
//! attribute's value read as a number), `{"prefix": s}`, `{"anything-but": v or [v…]}` (the
//! attribute present with another value) or `{"exists": bool}`. Left out (docs/fidelity.md,
//! "Amazon SNS"): the other operators (numeric ranges, suffix, case-insensitive, IP
//! addresses) match nothing; payload-based filtering; retries and endpoint failures; FIFO
//! ordering and deduplication.

use crate::des::kernel::Core;
use crate::des::setup::Setup;
use crate::des::state::Target;
use crate::model::{Node, Spec};
use serde_json::Value;
use std::collections::BTreeMap;

/// SNS answers `Publish` this long after the request reaches it and hands the copies to
/// their subscriptions then (a teaching assumption, docs/fidelity.md).
pub(crate) const PUBLISH_US: u64 = 5_000;

/// One topic's runtime.
pub(crate) struct Topic {
    pub node: u32,
    pub coords: Option<(f64, f64)>,
    /// The subscribed queues, as the SQS component indexes them, and the link drawn to each
    /// (set in pass 2).
    pub queues: Vec<u32>,
    links: Vec<u32>,
    /// Each subscribed queue's filter (parallel to `queues`).
    queue_filters: Vec<Option<Filter>>,
    /// The filters of the subscriptions that are not queues (HTTP/S endpoints, email
    /// addresses): `None` for one without a policy.
    endpoints: Vec<Option<Filter>>,
    /// The attributes publishers set: per attribute, its values' cumulative shares.
    attributes: Vec<Vec<f64>>,
    /// Copies handed to subscriptions (queues and endpoints).
    pub deliveries: u64,
    /// Copies a subscription's filter policy kept from it.
    pub filtered_out: u64,
    /// This message's attributes (a value index per attribute, `None`: not set) and the
    /// queues it goes to (scratch, reused).
    drawn: Vec<Option<usize>>,
    to: Vec<u32>,
}

/// A subscription's filter policy compiled against the topic's attributes: per key, the
/// attribute it names (`None`: one publishers never set), which of its values it accepts,
/// and whether it accepts a message without the attribute.
#[derive(Clone, Debug)]
struct Filter(Vec<(Option<usize>, Vec<bool>, bool)>);

impl Filter {
    /// `policy` against `attributes` (name → values, in their order).
    fn compile(policy: &BTreeMap<String, Vec<Value>>, attributes: &BTreeMap<String, BTreeMap<String, f64>>) -> Filter {
        Filter(
            policy
                .iter()
                .map(|(key, conditions)| {
                    let values: Vec<&str> =
                        attributes.get(key).map(|v| v.keys().map(String::as_str).collect()).unwrap_or_default();
                    let index = attributes.keys().position(|k| k == key);
                    let accepted = values.iter().map(|v| conditions.iter().any(|c| accepts(c, v))).collect();
                    let absent = conditions.iter().any(|c| c.get("exists") == Some(&Value::Bool(false)));
                    (index, accepted, absent)
                })
                .collect(),
        )
    }

    /// Whether a message with attribute values `drawn` passes.
    fn matches(&self, drawn: &[Option<usize>]) -> bool {
        self.0.iter().all(|(attribute, accepted, absent)| match attribute.and_then(|a| drawn[a]) {
            Some(v) => accepted[v],
            None => *absent,
        })
    }
}

/// Whether condition `c` of a filter policy accepts attribute value `v` (a string value;
/// numbers are compared as numbers).
fn accepts(c: &Value, v: &str) -> bool {
    let equals = |c: &Value| match c {
        Value::String(s) => s == v,
        Value::Number(n) => v.parse::<f64>().ok().zip(n.as_f64()).is_some_and(|(a, b)| a == b),
        _ => false,
    };
    match c {
        Value::Object(o) if o.len() == 1 => match o.iter().next() {
            Some((op, Value::String(p))) if op == "prefix" => v.starts_with(p.as_str()),
            Some((op, arg)) if op == "anything-but" => match arg {
                Value::Array(list) => !list.iter().any(equals),
                one => !equals(one),
            },
            Some((op, Value::Bool(true))) if op == "exists" => true,
            _ => false,
        },
        c => equals(c),
    }
}

/// The topics of a design, in document order (`Target::Topic` indexes them).
#[derive(Default)]
pub(crate) struct Sns {
    pub topics: Vec<Topic>,
}

impl Sns {
    /// `Publish` request `r` reaches topic `t` `fwd` µs from now: it is answered after
    /// `PUBLISH_US`, and the copies leave then, to the subscriptions whose filter policy
    /// matches. Returns the queues that get a copy and when (µs); the caller hands them to
    /// the SQS component.
    pub fn publish(&mut self, core: &mut Core, r: u32, t: u32, fwd: u64) -> (&[u32], u64) {
        let topic = &mut self.topics[t as usize];
        let stats = &mut core.nodes[topic.node as usize].stats;
        stats.arrivals += 1;
        stats.done += 1;
        stats.latency.record(PUBLISH_US);
        // Attributes are drawn only when a filter looks at them (a topic without filter
        // policies draws nothing).
        let filtered = topic.queue_filters.iter().chain(&topic.endpoints).any(Option::is_some);
        if filtered {
            for (a, shares) in topic.attributes.iter().enumerate() {
                let u = core.rng.uniform();
                topic.drawn[a] = shares.iter().position(|&c| u < c);
            }
        }
        let drawn = &topic.drawn;
        let pass = |f: &Option<Filter>| f.as_ref().is_none_or(|f| f.matches(drawn));
        topic.to.clear();
        for (k, &q) in topic.queues.iter().enumerate() {
            if pass(&topic.queue_filters[k]) {
                topic.to.push(q);
                core.links[topic.links[k] as usize].count += 1;
            }
        }
        let endpoints = topic.endpoints.iter().filter(|f| pass(f)).count();
        let delivered = (topic.to.len() + endpoints) as u64;
        topic.deliveries += delivered;
        topic.filtered_out += (topic.queues.len() + topic.endpoints.len()) as u64 - delivered;
        core.respond(r, fwd + PUBLISH_US);
        (&topic.to, core.now + fwd + PUBLISH_US)
    }
}

/// The runtime of an SNS topic: its subscriptions that are not queues; `None` for another kind.
pub(crate) fn compile(n: &Node, setup: &mut dyn Setup) -> Option<Topic> {
    let Spec::SnsTopic { region, subscriptions, message_attributes, .. } = &n.spec else { return None };
    let node = setup.node(n, "sns_topic");
    let compile = |p: &Option<BTreeMap<String, Vec<Value>>>| p.as_ref().map(|p| Filter::compile(p, message_attributes));
    let endpoints = subscriptions.iter().filter(|s| s.queue.is_none()).map(|s| compile(&s.filter_policy)).collect();
    let attributes: Vec<Vec<f64>> = message_attributes
        .values()
        .map(|values| {
            let mut total = 0.0;
            values
                .values()
                .map(|&share| {
                    total += if share.is_finite() { share.max(0.0) } else { 0.0 };
                    total
                })
                .collect()
        })
        .collect();
    Some(Topic {
        node,
        coords: setup.region_coords(region),
        queues: Vec::new(),
        links: Vec::new(),
        queue_filters: Vec::new(),
        endpoints,
        drawn: vec![None; attributes.len()],
        attributes,
        deliveries: 0,
        filtered_out: 0,
        to: Vec::new(),
    })
}

/// Pass 2: the queues topic `topic`'s SQS subscriptions name (a name that is not a queue
/// delivers nowhere, as `validate` reports), each with a link drawn from the topic.
pub(crate) fn connect(n: &Node, setup: &mut dyn Setup, topic: &mut Topic) {
    let Spec::SnsTopic { subscriptions, message_attributes, .. } = &n.spec else { return };
    for s in subscriptions {
        let Some(q) = s.queue.as_ref() else { continue };
        if let Target::Queue(i) = setup.target(q) {
            topic.queues.push(i);
            topic.queue_filters.push(s.filter_policy.as_ref().map(|p| Filter::compile(p, message_attributes)));
            let to = setup.target_node(Target::Queue(i));
            topic.links.push(setup.link(&n.id, to));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Filter;
    use serde_json::json;
    use std::collections::BTreeMap;

    /// Attribute-based filter policy matching (https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html):
    /// (policy, the message's `event` and `size` values, whether it passes).
    #[test]
    fn filter_policies_match_like_sns() {
        let attributes: BTreeMap<String, BTreeMap<String, f64>> = serde_json::from_value(
            json!({"event": {"cancelled": 0.2, "placed": 0.5, "placed-late": 0.3}, "size": {"10": 0.5, "200": 0.5}}),
        )
        .unwrap();
        // Attribute order: event, size; value order as the map sorts them.
        let cases = [
            (json!({"event": ["placed"]}), (Some(1), None), true),
            (json!({"event": ["placed"]}), (Some(2), None), false),
            (json!({"event": ["placed"]}), (None, None), false),
            (json!({"event": [{"prefix": "placed"}]}), (Some(2), None), true),
            (json!({"event": [{"anything-but": ["placed", "cancelled"]}]}), (Some(2), None), true),
            (json!({"event": [{"anything-but": "placed"}]}), (Some(1), None), false),
            (json!({"event": [{"anything-but": "placed"}]}), (None, None), false),
            (json!({"event": [{"exists": false}]}), (None, None), true),
            (json!({"event": [{"exists": false}]}), (Some(0), None), false),
            (json!({"event": [{"exists": true}]}), (Some(0), None), true),
            (json!({"size": [200]}), (None, Some(1)), true),
            (json!({"size": [10]}), (None, Some(1)), false),
            (json!({"event": ["placed"], "size": [10]}), (Some(1), Some(0)), true),
            (json!({"event": ["placed"], "size": [10]}), (Some(1), Some(1)), false),
            (json!({"region": ["eu"]}), (Some(1), Some(0)), false),
            (json!({"size": [{"numeric": [">", 100]}]}), (None, Some(1)), false),
        ];
        for (policy, (event, size), want) in cases {
            let p: BTreeMap<String, Vec<serde_json::Value>> = serde_json::from_value(policy.clone()).unwrap();
            let got = Filter::compile(&p, &attributes).matches(&[event, size]);
            assert_eq!(got, want, "{policy} on {event:?} {size:?}");
        }
    }
}
