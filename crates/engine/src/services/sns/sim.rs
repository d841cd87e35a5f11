//! Amazon SNS as a simulation component: a topic answers `Publish` and hands a copy of the message to every subscription (push delivery, messaging-facts.md §2, "What the simulator should model", point 1); the copies to SQS queues are stored by the SQS component, the others (HTTP/S, email) counted as delivered.
//!
//! Left out (docs/fidelity.md, "Amazon SNS"): messages carry no attributes, so a filter
//! policy matches every message; retries and endpoint failures; FIFO ordering and
//! deduplication.

use crate::des::kernel::Core;
use crate::des::setup::Setup;
use crate::des::state::Target;
use crate::model::{Node, Spec};

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
    /// Subscriptions that are not queues (HTTP/S endpoints, email addresses).
    pub endpoints: u64,
    /// Copies handed to subscriptions (queues and endpoints).
    pub deliveries: u64,
}

/// The topics of a design, in document order (`Target::Topic` indexes them).
#[derive(Default)]
pub(crate) struct Sns {
    pub topics: Vec<Topic>,
}

impl Sns {
    /// `Publish` request `r` reaches topic `t` `fwd` µs from now: it is answered after
    /// `PUBLISH_US`, and the copies leave then. Returns the queues that get a copy and when
    /// (µs); the caller hands them to the SQS component.
    pub fn publish(&mut self, core: &mut Core, r: u32, t: u32, fwd: u64) -> (&[u32], u64) {
        let topic = &mut self.topics[t as usize];
        let stats = &mut core.nodes[topic.node as usize].stats;
        stats.arrivals += 1;
        stats.done += 1;
        stats.latency.record(PUBLISH_US);
        topic.deliveries += topic.queues.len() as u64 + topic.endpoints;
        for &l in &topic.links {
            core.links[l as usize].count += 1;
        }
        core.respond(r, fwd + PUBLISH_US);
        (&topic.queues, core.now + fwd + PUBLISH_US)
    }
}

/// The runtime of an SNS topic: its subscriptions that are not queues; `None` for another kind.
pub(crate) fn compile(n: &Node, setup: &mut dyn Setup) -> Option<Topic> {
    let Spec::SnsTopic { region, subscriptions, .. } = &n.spec else { return None };
    let node = setup.node(n, "sns_topic");
    let endpoints = subscriptions.iter().filter(|s| s.queue.is_none()).count() as u64;
    Some(Topic {
        node,
        coords: setup.region_coords(region),
        queues: Vec::new(),
        links: Vec::new(),
        endpoints,
        deliveries: 0,
    })
}

/// Pass 2: the queues topic `topic`'s SQS subscriptions name (a name that is not a queue
/// delivers nowhere, as `validate` reports), each with a link drawn from the topic.
pub(crate) fn connect(n: &Node, setup: &mut dyn Setup, topic: &mut Topic) {
    let Spec::SnsTopic { subscriptions, .. } = &n.spec else { return };
    for q in subscriptions.iter().filter_map(|s| s.queue.as_ref()) {
        if let Target::Queue(i) = setup.target(q) {
            topic.queues.push(i);
            let to = setup.target_node(Target::Queue(i));
            topic.links.push(setup.link(&n.id, to));
        }
    }
}
