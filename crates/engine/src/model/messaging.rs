//! The settings of the messaging kinds that are more than one value: an SQS queue's redrive policy and an SNS topic's subscriptions (docs/research/messaging-facts.md §1, §2).

use super::NodeId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An SQS queue's `RedrivePolicy`: after a message has been received `max_receive_count`
/// times without being deleted, SQS moves it to the dead-letter queue (messaging-facts.md
/// §1.1, §1.6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RedrivePolicy {
    /// The dead-letter queue (`deadLetterTargetArn`): a queue of the same type.
    pub dead_letter_queue: NodeId,
    /// `maxReceiveCount`: receives before the move, 1 to 1,000.
    pub max_receive_count: u32,
}

/// How an SNS subscription is delivered (the `Protocol` of `Subscribe`; the ones Stratus
/// models: SQS, HTTP/S endpoints and email).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SubscriptionProtocol {
    /// An SQS queue of the design (`queue`).
    Sqs,
    /// An HTTP endpoint (`endpoint`, `http://...`).
    Http,
    /// An HTTPS endpoint (`endpoint`, `https://...`).
    Https,
    /// An email address (`endpoint`).
    Email,
    /// An email address that gets the message as JSON (`endpoint`).
    EmailJson,
}

impl SubscriptionProtocol {
    /// Its name as `Subscribe` spells it.
    pub fn name(self) -> &'static str {
        match self {
            SubscriptionProtocol::Sqs => "sqs",
            SubscriptionProtocol::Http => "http",
            SubscriptionProtocol::Https => "https",
            SubscriptionProtocol::Email => "email",
            SubscriptionProtocol::EmailJson => "email-json",
        }
    }
}

/// One subscription of an SNS topic: where a copy of each matching message goes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    /// How it is delivered.
    pub protocol: SubscriptionProtocol,
    /// The queue, for `sqs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<NodeId>,
    /// The URL or address, for the other protocols.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The filter policy on message attributes: each key lists the values it accepts. A
    /// subscription without one gets every message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter_policy: Option<BTreeMap<String, Vec<serde_json::Value>>>,
}
