//! Amazon SQS: a queue's rules (its name, its attributes' ranges, a redrive policy to a dead-letter queue of the same type, its consumers), the links drawn from a queue (to a dead-letter queue, to the instances or groups that poll it), its blueprint, and its simulation component (`sim`).
//!
//! Facts and sources: docs/research/messaging-facts.md §1 (cited below by section).

pub(crate) mod sim;
#[cfg(test)]
mod sim_tests;
mod workers;

use super::{Emit, Service};
use crate::kinds::{Want, CONSUMERS};
use crate::link::{already, LinkIndex, LinkKind, Plan};
use crate::model::{Node, NodeId, RedrivePolicy, Scenario, Spec};
use crate::msg::Msg;
use crate::rules::{Check, Severity};
use crate::services::vpc::place::{named, Ids, Place};

/// The pages each rule comes from.
pub(crate) mod src {
    /// CreateQueue's attributes, their ranges and defaults (messaging-facts.md §1.1).
    pub const ATTRIBUTES: &str = "https://docs.amazonaws.cn/sdk-for-ruby/v3/api/Aws/SQS/Resource.html";
    /// `MaximumMessageSize` up to 1 MiB (messaging-facts.md C4).
    pub const MESSAGE_SIZE: &str = "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sqs/aws.sdk.kotlin.services.sqs.model/-send-message-request/-builder/message-body.html";
    /// Queue names: up to 80 letters, digits, `-` and `_` (messaging-facts.md §1.2).
    pub const NAME: &str = "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sqs/aws.sdk.kotlin.services.sqs.model/-create-queue-request/queue-name.html";
    /// A FIFO queue's name ends in `.fifo` (messaging-facts.md §1.2).
    pub const FIFO: &str =
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-fifo.html";
    /// `ContentBasedDeduplication` and `FifoQueue` (messaging-facts.md §1.1).
    pub const CFN_QUEUE: &str = "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_sqs.CfnQueue.html";
    /// Dead-letter queues: same type, same account and Region as a best practice (§1.6, C5).
    pub const DLQ: &str =
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html";
    /// `MessageGroupId`: required on a FIFO queue, no limit on the number of groups
    /// (messaging-facts.md §1.5).
    pub const GROUPS: &str =
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html";
    /// `ReceiveMessage`'s `MaxNumberOfMessages`: 1 to 10 (messaging-facts.md §1.3).
    pub const RECEIVE: &str = "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sqs/aws.sdk.kotlin.services.sqs.model/-receive-message-request/-builder/index.html";
}

/// The most message groups the simulation draws a queue's messages from (a guard on memory:
/// SQS itself has no limit).
pub(crate) const MAX_MESSAGE_GROUPS: u32 = 10_000;
/// `maxReceiveCount`'s range (messaging-facts.md §1.1).
pub(crate) const MAX_RECEIVE_COUNT: (u32, u32) = (1, 1_000);
/// The SQS console's "Maximum receives" when a dead-letter queue is switched on; a link drawn
/// to a dead-letter queue starts from it.
const CONSOLE_MAX_RECEIVES: u32 = 10;

pub(crate) static SERVICE: Service = Service { link, links, parent, caption };

pub(crate) fn validate<'a>(c: &mut Check<'a>, node: &'a Node) {
    let Spec::SqsQueue {
        region,
        queue_name,
        fifo,
        content_based_deduplication,
        retention_period_s,
        visibility_timeout_s,
        delay_s,
        receive_wait_s,
        max_message_bytes,
        redrive,
        consumers,
        batch_size,
        message_groups,
    } = &node.spec
    else {
        return;
    };
    let id = &node.id;
    c.reference(id, "region", region, Want::Region);
    name(c, id, queue_name, *fifo);
    // `ContentBasedDeduplication` is a FIFO queue's attribute: a standard queue does not
    // know it, and CreateQueue answers `InvalidAttributeName` (messaging-facts.md §1.1, §1.2).
    if *content_based_deduplication && !fifo {
        c.fail(
            "InvalidAttributeName",
            id,
            msg!("sqs.content_based_dedup_fifo_only", id = id),
            msg!("sqs.content_based_dedup_hint"),
            src::CFN_QUEUE,
        );
    }
    let ranges = [
        ("MessageRetentionPeriod", "retention_period_s", *retention_period_s, (60, 1_209_600), src::ATTRIBUTES),
        ("VisibilityTimeout", "visibility_timeout_s", *visibility_timeout_s, (0, 43_200), src::ATTRIBUTES),
        ("DelaySeconds", "delay_s", *delay_s, (0, 900), src::ATTRIBUTES),
        ("ReceiveMessageWaitTimeSeconds", "receive_wait_s", *receive_wait_s, (0, 20), src::ATTRIBUTES),
        ("MaximumMessageSize", "max_message_bytes", *max_message_bytes, (1_024, 1_048_576), src::MESSAGE_SIZE),
    ];
    for (attribute, field, value, (lo, hi), source) in ranges {
        if !(lo..=hi).contains(&value) {
            c.fail(
                "InvalidAttributeValue",
                id,
                msg!("sqs.attribute_out_of_range", id = id, attribute = attribute, field = field, value = value),
                msg!("sqs.attribute_range_hint", attribute = attribute, lo = lo, hi = hi),
                source,
            );
        }
    }
    if let Some(r) = redrive {
        dead_letter(c, node, *fifo, region, r);
    }
    for consumer in consumers {
        if !c.spec(consumer).is_some_and(|s| s.kind().is_any(CONSUMERS)) {
            c.fail(
                "Stratus.Sqs.ConsumerNotCompute",
                id,
                msg!("sqs.consumer_not_compute", id = id, consumer = consumer),
                msg!("sqs.consumer_hint"),
                src::RECEIVE,
            );
        }
    }
    if !(1..=10).contains(batch_size) {
        c.fail(
            "InvalidParameterValue",
            id,
            msg!("sqs.batch_out_of_range", id = id, batch_size = batch_size),
            msg!("sqs.batch_hint"),
            src::RECEIVE,
        );
    }
    // SQS has no limit on the number of message groups (messaging-facts.md §1.5); the
    // simulation keeps state per group, so it draws at most `MAX_MESSAGE_GROUPS`.
    if !(1..=MAX_MESSAGE_GROUPS).contains(message_groups) {
        c.fail(
            "Stratus.Sqs.MessageGroups",
            id,
            msg!("sqs.message_groups", id = id, value = message_groups, max = MAX_MESSAGE_GROUPS),
            msg!("sqs.message_groups_hint"),
            src::GROUPS,
        );
    }
}

/// The queues whose consumers include `id` (an instance or an Auto Scaling group).
pub(crate) fn consumed_by<'a>(s: &'a Scenario, id: &NodeId) -> Vec<&'a NodeId> {
    s.nodes
        .iter()
        .filter(|n| matches!(&n.spec, Spec::SqsQueue { consumers, .. } if consumers.contains(id)))
        .map(|n| &n.id)
        .collect()
}

/// Whether `name` is a queue name SQS accepts: 1 to 80 letters, digits, `-` and `_`, a FIFO
/// queue's ending in `.fifo` (the suffix counts toward the 80).
pub(crate) fn valid_name(name: &str, fifo: bool) -> bool {
    let stem = if fifo {
        match name.strip_suffix(".fifo") {
            Some(stem) => stem,
            None => return false,
        }
    } else {
        name
    };
    !stem.is_empty() && name.len() <= 80 && stem.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
}

/// The queue name rule (messaging-facts.md §1.2): `InvalidParameterValue` as SQS answers
/// CreateQueue with a name it refuses.
fn name(c: &mut Check<'_>, id: &NodeId, queue_name: &str, fifo: bool) {
    if valid_name(queue_name, fifo) {
        return;
    }
    let (message, hint, source) = if fifo {
        (msg!("sqs.fifo_name", id = id, name = queue_name), msg!("sqs.fifo_name_hint"), src::FIFO)
    } else {
        (msg!("sqs.standard_name", id = id, name = queue_name), msg!("sqs.standard_name_hint"), src::NAME)
    };
    c.fail("InvalidParameterValue", id, message, hint, source);
}

/// The redrive policy's rules (messaging-facts.md §1.1, §1.6, C5): its target is a queue of
/// the same type (FIFO with FIFO, standard with standard), not the queue itself,
/// `maxReceiveCount` is 1 to 1,000; a dead-letter queue in another Region is a warning, as
/// the guide now calls the same Region a best practice.
fn dead_letter(c: &mut Check<'_>, node: &Node, fifo: bool, region: &NodeId, r: &RedrivePolicy) {
    let (id, dlq) = (&node.id, &r.dead_letter_queue);
    match c.spec(dlq) {
        Some(Spec::SqsQueue { fifo: dlq_fifo, region: dlq_region, .. }) if dlq != id => {
            if *dlq_fifo != fifo {
                // The queue types in the reader's language ("standard" is 표준 in Korean).
                let (fifo_type, standard_type) = (msg!("sqs.type_fifo"), msg!("sqs.type_standard"));
                let (kind, dlq_kind) = if fifo { (fifo_type, standard_type) } else { (standard_type, fifo_type) };
                c.fail(
                    "InvalidAttributeValue",
                    id,
                    msg!("sqs.dlq_type", id = id, dlq = dlq, kind = kind, dlq_kind = dlq_kind),
                    msg!("sqs.dlq_type_hint"),
                    src::DLQ,
                );
            }
            if dlq_region != region {
                c.emit(
                    "Stratus.Sqs.DeadLetterQueueInAnotherRegion",
                    Severity::Warning,
                    id,
                    msg!("sqs.dlq_region", id = id, dlq = dlq),
                    msg!("sqs.dlq_region_hint"),
                    &[dlq],
                    src::DLQ,
                );
            }
        }
        _ => c.fail(
            "InvalidAttributeValue",
            id,
            msg!("sqs.dlq_not_queue", id = id, dlq = dlq),
            msg!("sqs.dlq_not_queue_hint"),
            src::DLQ,
        ),
    }
    let (lo, hi) = MAX_RECEIVE_COUNT;
    if !(lo..=hi).contains(&r.max_receive_count) {
        c.fail(
            "InvalidAttributeValue",
            id,
            msg!("sqs.max_receive_count", id = id, value = r.max_receive_count),
            msg!("sqs.max_receive_count_hint"),
            src::DLQ,
        );
    }
}

/// A link drawn from a queue: to another queue, that queue becomes its dead-letter queue
/// (a redrive policy; it must be of the same type, messaging-facts.md §1.6); to an instance
/// or an Auto Scaling group, that application polls it.
fn link(_: &Scenario, from: &Node, to: &Node) -> Result<Option<Plan>, Msg> {
    let Spec::SqsQueue { fifo, redrive, consumers, .. } = &from.spec else { return Ok(None) };
    let (f, t) = (&from.id, &to.id);
    match &to.spec {
        Spec::SqsQueue { fifo: to_fifo, .. } => {
            if redrive.as_ref().is_some_and(|r| &r.dead_letter_queue == t) {
                return Err(already(f, t));
            }
            if to_fifo != fifo {
                return Err(msg!("connect.sqs_dlq_type", f = f, t = t));
            }
            Ok(Some(Plan::edit(from, LinkKind::Traffic, |spec| {
                if let Spec::SqsQueue { redrive, .. } = spec {
                    let max_receive_count = redrive.as_ref().map_or(CONSOLE_MAX_RECEIVES, |r| r.max_receive_count);
                    *redrive = Some(RedrivePolicy { dead_letter_queue: t.clone(), max_receive_count });
                }
            })))
        }
        spec if spec.kind().is_any(CONSUMERS) => {
            if consumers.contains(t) {
                return Err(already(f, t));
            }
            Ok(Some(Plan::edit(from, LinkKind::Traffic, |spec| {
                if let Spec::SqsQueue { consumers, .. } = spec {
                    consumers.push(t.clone());
                }
            })))
        }
        _ => Ok(None),
    }
}

/// Messages flow from a queue to its dead-letter queue and to its consumers.
fn links(_: &LinkIndex<'_>, node: &Node, push: Emit<'_>) {
    let Spec::SqsQueue { redrive, consumers, .. } = &node.spec else { return };
    if let Some(r) = redrive {
        push(&node.id, &r.dead_letter_queue, LinkKind::Traffic, None);
    }
    for c in consumers {
        push(&node.id, c, LinkKind::Traffic, None);
    }
}

/// A queue is drawn in its Region: SQS is a regional service outside every VPC (instances
/// reach it through the Internet, a NAT device or an interface endpoint).
fn parent<'a>(_: &'a Scenario, node: &'a Node) -> Option<&'a NodeId> {
    match &node.spec {
        Spec::SqsQueue { region, .. } => Some(region),
        _ => None,
    }
}

/// `FIFO` for a FIFO queue, nothing for a standard one: a caption has no language, and the
/// Korean console says 표준 where the English says Standard (the inspector shows the type).
fn caption(node: &Node) -> Option<String> {
    let Spec::SqsQueue { fifo, .. } = &node.spec else { return None };
    fifo.then(|| "FIFO".to_string())
}

/// A standard queue with AWS's defaults (4 days' retention, 30 s visibility timeout, no
/// delay, short polling: messaging-facts.md §1.1) in the Region dropped onto, named like its
/// id (a valid queue name).
pub(crate) fn create(place: &Place, ids: &mut Ids) -> Result<Vec<Node>, Msg> {
    if let Some(vpc) = place.vpc {
        return Err(msg!("create.sqs_queue_not_inside", vpc_id = vpc.id));
    }
    let region = place.region(msg!("create.sqs_queue_in_region"))?;
    let id = ids.next("queue");
    Ok(vec![named(id.clone(), standard_queue(&region.id, id.0))])
}

/// A standard queue in `region` named `queue_name`, every attribute at AWS's default.
pub(crate) fn standard_queue(region: &NodeId, queue_name: String) -> Spec {
    Spec::SqsQueue {
        region: region.clone(),
        queue_name,
        fifo: false,
        content_based_deduplication: false,
        retention_period_s: 345_600,
        visibility_timeout_s: 30,
        delay_s: 0,
        receive_wait_s: 0,
        max_message_bytes: 262_144,
        redrive: None,
        consumers: Vec::new(),
        batch_size: 1,
        message_groups: crate::model::sqs_groups(),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Scenario;
    use crate::rules::Severity;
    use crate::testkit::{lab, load, set};
    use serde_json::{json, Value};

    /// The canvas's caption names only a FIFO queue's type: it has no language, and a standard
    /// queue's "Standard" was English under the icon in the Korean app.
    #[test]
    fn only_a_fifo_queue_is_captioned() {
        let s: Scenario = load(&doc());
        let caption = |id: &str| crate::view::caption(s.node(&crate::model::NodeId(id.into())).unwrap());
        assert_eq!(caption("q"), None);
        assert_eq!(caption("dlq-fifo").as_deref(), Some("FIFO"));
    }

    /// The lab with a second Region, an Auto Scaling group, and three queues: `q` (standard),
    /// `dlq` (standard) and `dlq.fifo` (FIFO).
    fn doc() -> Value {
        let d = set(lab(), "r2", json!({"kind": "region", "code": "us-east-1"}));
        let d = set(d, "dlq", json!({"kind": "sqs_queue", "region": "r", "queue_name": "orders-dlq"}));
        let d = set(d, "dlq-far", json!({"kind": "sqs_queue", "region": "r2", "queue_name": "orders-dlq"}));
        let d = set(
            d,
            "dlq-fifo",
            json!({"kind": "sqs_queue", "region": "r", "queue_name": "orders-dlq.fifo", "fifo": true}),
        );
        set(d, "q", json!({"kind": "sqs_queue", "region": "r", "queue_name": "orders"}))
    }

    fn codes(s: &Scenario, id: &str, severity: Severity) -> Vec<String> {
        crate::validate::validate(s)
            .into_iter()
            .filter(|d| d.target.as_str() == id && d.severity == severity)
            .map(|d| d.code)
            .collect()
    }

    /// Each SQS rule on a queue with one change: (rule and its AWS source, patch of `q`, the
    /// error code expected on `q`, or `None`).
    #[test]
    fn sqs_rules_table() {
        const ATTR: &str = "https://docs.amazonaws.cn/sdk-for-ruby/v3/api/Aws/SQS/Resource.html";
        const NAME: &str = "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sqs/aws.sdk.kotlin.services.sqs.model/-create-queue-request/queue-name.html";
        const FIFO: &str =
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-fifo.html";
        const DLQ: &str =
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html";
        const RECEIVE: &str = "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sqs/aws.sdk.kotlin.services.sqs.model/-receive-message-request/-builder/index.html";
        const GROUPS: &str =
            "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html";
        let long = "q".repeat(81);
        let cases: Vec<(&str, &str, Value, Option<&str>)> = vec![
            ("every attribute at its default is a valid queue", ATTR, json!({}), None),
            ("a name of letters, digits, - and _", NAME, json!({"queue_name": "Orders_2-eu"}), None),
            ("a name has at most 80 characters", NAME, json!({"queue_name": long}), Some("InvalidParameterValue")),
            ("80 characters are allowed", NAME, json!({"queue_name": "q".repeat(80)}), None),
            ("no other characters in a name", NAME, json!({"queue_name": "my queue"}), Some("InvalidParameterValue")),
            ("a name is not empty", NAME, json!({"queue_name": ""}), Some("InvalidParameterValue")),
            (
                "a standard queue's name has no .fifo",
                NAME,
                json!({"queue_name": "a.fifo"}),
                Some("InvalidParameterValue"),
            ),
            ("a FIFO queue's name ends in .fifo", FIFO, json!({"fifo": true}), Some("InvalidParameterValue")),
            ("a FIFO queue named x.fifo", FIFO, json!({"fifo": true, "queue_name": "orders.fifo"}), None),
            (
                "the .fifo suffix counts toward 80",
                FIFO,
                json!({"fifo": true, "queue_name": format!("{}.fifo", "q".repeat(76))}),
                Some("InvalidParameterValue"),
            ),
            (
                "76 characters and .fifo are allowed",
                FIFO,
                json!({"fifo": true, "queue_name": format!("{}.fifo", "q".repeat(75))}),
                None,
            ),
            (
                "content-based deduplication is FIFO only",
                FIFO,
                json!({"content_based_deduplication": true}),
                Some("InvalidAttributeName"),
            ),
            (
                "content-based deduplication on a FIFO queue",
                FIFO,
                json!({"fifo": true, "queue_name": "o.fifo", "content_based_deduplication": true}),
                None,
            ),
            ("retention at least 60 s", ATTR, json!({"retention_period_s": 59}), Some("InvalidAttributeValue")),
            ("retention of 60 s", ATTR, json!({"retention_period_s": 60}), None),
            (
                "retention at most 14 days",
                ATTR,
                json!({"retention_period_s": 1_209_601}),
                Some("InvalidAttributeValue"),
            ),
            ("retention of 14 days", ATTR, json!({"retention_period_s": 1_209_600}), None),
            (
                "visibility timeout at most 12 hours",
                ATTR,
                json!({"visibility_timeout_s": 43_201}),
                Some("InvalidAttributeValue"),
            ),
            ("visibility timeout of 0", ATTR, json!({"visibility_timeout_s": 0}), None),
            ("delivery delay at most 900 s", ATTR, json!({"delay_s": 901}), Some("InvalidAttributeValue")),
            ("delivery delay of 900 s", ATTR, json!({"delay_s": 900}), None),
            ("receive wait at most 20 s", ATTR, json!({"receive_wait_s": 21}), Some("InvalidAttributeValue")),
            ("long polling of 20 s", ATTR, json!({"receive_wait_s": 20}), None),
            (
                "maximum message size at least 1 KiB",
                ATTR,
                json!({"max_message_bytes": 1_023}),
                Some("InvalidAttributeValue"),
            ),
            ("maximum message size up to 1 MiB", ATTR, json!({"max_message_bytes": 1_048_576}), None),
            (
                "maximum message size not above 1 MiB",
                ATTR,
                json!({"max_message_bytes": 1_048_577}),
                Some("InvalidAttributeValue"),
            ),
            (
                "a standard dead-letter queue for a standard queue",
                DLQ,
                json!({"redrive": {"dead_letter_queue": "dlq", "max_receive_count": 5}}),
                None,
            ),
            (
                "a FIFO dead-letter queue for a standard queue",
                DLQ,
                json!({"redrive": {"dead_letter_queue": "dlq-fifo", "max_receive_count": 5}}),
                Some("InvalidAttributeValue"),
            ),
            (
                "a standard dead-letter queue for a FIFO queue",
                DLQ,
                json!({"fifo": true, "queue_name": "o.fifo", "redrive": {"dead_letter_queue": "dlq", "max_receive_count": 5}}),
                Some("InvalidAttributeValue"),
            ),
            (
                "a FIFO dead-letter queue for a FIFO queue",
                DLQ,
                json!({"fifo": true, "queue_name": "o.fifo", "redrive": {"dead_letter_queue": "dlq-fifo", "max_receive_count": 5}}),
                None,
            ),
            (
                "the dead-letter queue is a queue",
                DLQ,
                json!({"redrive": {"dead_letter_queue": "i-pub", "max_receive_count": 5}}),
                Some("InvalidAttributeValue"),
            ),
            (
                "the dead-letter queue exists",
                DLQ,
                json!({"redrive": {"dead_letter_queue": "gone", "max_receive_count": 5}}),
                Some("InvalidAttributeValue"),
            ),
            (
                "a queue is not its own dead-letter queue",
                DLQ,
                json!({"redrive": {"dead_letter_queue": "q", "max_receive_count": 5}}),
                Some("InvalidAttributeValue"),
            ),
            (
                "maxReceiveCount at least 1",
                DLQ,
                json!({"redrive": {"dead_letter_queue": "dlq", "max_receive_count": 0}}),
                Some("InvalidAttributeValue"),
            ),
            (
                "maxReceiveCount at most 1,000",
                DLQ,
                json!({"redrive": {"dead_letter_queue": "dlq", "max_receive_count": 1_001}}),
                Some("InvalidAttributeValue"),
            ),
            (
                "maxReceiveCount of 1,000",
                DLQ,
                json!({"redrive": {"dead_letter_queue": "dlq", "max_receive_count": 1_000}}),
                None,
            ),
            (
                "another Region's dead-letter queue is only a warning",
                DLQ,
                json!({"redrive": {"dead_letter_queue": "dlq-far", "max_receive_count": 5}}),
                None,
            ),
            ("consumers are instances", RECEIVE, json!({"consumers": ["i-pub", "i-priv"]}), None),
            (
                "a consumer is an instance or a group",
                RECEIVE,
                json!({"consumers": ["vpc"]}),
                Some("Stratus.Sqs.ConsumerNotCompute"),
            ),
            ("MaxNumberOfMessages at least 1", RECEIVE, json!({"batch_size": 0}), Some("InvalidParameterValue")),
            ("MaxNumberOfMessages at most 10", RECEIVE, json!({"batch_size": 11}), Some("InvalidParameterValue")),
            ("MaxNumberOfMessages of 10", RECEIVE, json!({"batch_size": 10}), None),
            ("one message group", GROUPS, json!({"message_groups": 1}), None),
            ("many message groups", GROUPS, json!({"message_groups": 10_000}), None),
            ("at least one message group", GROUPS, json!({"message_groups": 0}), Some("Stratus.Sqs.MessageGroups")),
            (
                "at most the groups the simulation draws",
                GROUPS,
                json!({"message_groups": 10_001}),
                Some("Stratus.Sqs.MessageGroups"),
            ),
            ("the Region exists", ATTR, json!({"region": "nowhere"}), Some("InvalidRegion")),
        ];
        for (rule, source, patch, want) in cases {
            assert!(source.starts_with("https://"), "{rule}: a source");
            let s = load(&set(doc(), "q", patch));
            let got = codes(&s, "q", Severity::Error);
            match want {
                Some(code) => assert!(got.contains(&code.to_string()), "{rule} ({source}): want {code}, got {got:?}"),
                None => assert!(got.is_empty(), "{rule} ({source}): want no error, got {got:?}"),
            }
        }
        // Today's guide calls a dead-letter queue in the same Region a best practice (C5).
        let far = load(&set(doc(), "q", json!({"redrive": {"dead_letter_queue": "dlq-far", "max_receive_count": 5}})));
        assert_eq!(codes(&far, "q", Severity::Warning), ["Stratus.Sqs.DeadLetterQueueInAnotherRegion"]);
    }

    /// Drawing a link from a queue: to a queue of its type, a redrive policy starting at the
    /// console's 10 receives; to a FIFO queue, AWS's refusal; to an instance, a consumer.
    #[test]
    fn links_drawn_from_a_queue() {
        let s = load(&doc());
        let node = |id: &str| s.node(&id.into()).unwrap();
        let plan = super::link(&s, node("q"), node("dlq")).unwrap().unwrap();
        let crate::link::Plan::Edit { spec, .. } = plan else { panic!() };
        let crate::model::Spec::SqsQueue { redrive: Some(r), .. } = *spec else { panic!() };
        assert_eq!((r.dead_letter_queue.as_str(), r.max_receive_count), ("dlq", 10));
        let Err(refused) = super::link(&s, node("q"), node("dlq-fifo")) else { panic!("a FIFO dead-letter queue") };
        assert!(refused.english().contains("InvalidAttributeValue"), "{}", refused.english());
        let plan = super::link(&s, node("q"), node("i-priv")).unwrap().unwrap();
        let crate::link::Plan::Edit { spec, .. } = plan else { panic!() };
        let crate::model::Spec::SqsQueue { consumers, .. } = *spec else { panic!() };
        assert_eq!(consumers, ["i-priv".into()]);
        assert!(super::link(&s, node("q"), node("vpc")).unwrap().is_none());
    }

    /// A link drawn from an instance to a queue makes the queue its application's backend (a
    /// producer), which the rules accept; the other way, the instance is a consumer.
    #[test]
    fn an_instance_linked_to_a_queue_sends_to_it() {
        let mut s = load(&doc());
        crate::connect::connect(&mut s, &"i-pub".into(), &"q".into()).unwrap();
        let app = s.node(&"i-pub".into()).and_then(|n| n.spec.app()).cloned().unwrap();
        assert_eq!(app.backend.as_ref().map(|b| b.as_str()), Some("q"));
        assert!(codes(&s, "i-pub", Severity::Error).is_empty(), "{:?}", codes(&s, "i-pub", Severity::Error));
        crate::connect::connect(&mut s, &"q".into(), &"i-priv".into()).unwrap();
        let Some(crate::model::Spec::SqsQueue { consumers, .. }) = s.node(&"q".into()).map(|n| &n.spec) else {
            panic!()
        };
        assert_eq!(consumers, &["i-priv".into()]);
    }
}
