//! Tests of the SQS simulation component: conservation of messages and determinism (a property test), a queue with c workers against M/M/c, and the behaviours messaging-facts.md §1.9 asks for (redelivery and duplicates, the dead-letter queue, retention expiry, the size limit).

use crate::des::mmc;
use crate::model::Scenario;
use crate::sim::{fingerprint, QueueSummary, RunSummary, Simulation};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Users in Seoul sending `rps` messages a second to queue `q` (with `queue` settings) for
/// `secs`, consumed by instance `worker` (`instance_type`, `cpu_ms` per message), and a
/// standard dead-letter queue `dlq` without consumers.
fn design(queue: Value, instance_type: &str, cpu_ms: f64, rps: f64, secs: f64) -> Value {
    let mut q = json!({"id": "q", "kind": "sqs_queue", "region": "r", "queue_name": "orders", "consumers": ["worker"]});
    for (k, v) in queue.as_object().unwrap() {
        q[k] = v.clone();
    }
    json!({
        "format": 1,
        "nodes": [
            {"id": "r", "kind": "region", "code": "ap-northeast-2"},
            {"id": "az", "kind": "availability_zone", "region": "r", "zone": "ap-northeast-2a"},
            {"id": "vpc", "kind": "vpc", "region": "r", "cidr": "10.0.0.0/16"},
            {"id": "sub", "kind": "subnet", "vpc": "vpc", "az": "az", "cidr": "10.0.0.0/24"},
            {"id": "worker", "kind": "instance", "instance_type": instance_type, "subnet": "sub", "app": {"cpu_ms": cpu_ms}},
            {"id": "dlq", "kind": "sqs_queue", "region": "r", "queue_name": "orders-dlq"},
            q
        ],
        "traffic": [{"name": "producers", "location": "seoul", "target": "q", "rate": {"pattern": "constant", "rps": rps},
                     "mix": {"read": 0.0, "write_kib": 1.0}}],
        "simulation": {"duration_s": secs}
    })
}

fn run(doc: &Value, seed: u64) -> RunSummary {
    let s = Scenario::from_json(&doc.to_string()).unwrap();
    let mut sim = Simulation::new(&s, seed).unwrap();
    sim.run();
    sim.summary()
}

fn queue(r: &RunSummary, id: &str) -> QueueSummary {
    r.nodes.iter().find(|n| n.id.as_str() == id).and_then(|n| n.messages).unwrap()
}

/// Every message sent or moved in ends once: consumed, expired, dead-lettered, or still
/// stored at the end.
fn conserved(q: &QueueSummary) -> bool {
    let c = q.counts;
    c.sent + c.moved_in == c.consumed + c.expired + c.dead_lettered + q.stored
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Conservation and determinism over random queues, consumers and loads: every message
    /// ends exactly once (duplicates counted apart), what the source dead-letters the
    /// dead-letter queue receives, and the same seed gives the same run.
    #[test]
    fn every_message_ends_exactly_once_and_runs_repeat(
        rps in 1.0f64..200.0,
        cpu_ms in 1.0f64..400.0,
        instance_type in prop::sample::select(vec!["t3.micro", "m5.large", "m5.xlarge"]),
        visibility in 0u32..5,
        retention in 60u32..200,
        delay in 0u32..3,
        wait in prop::sample::select(vec![0u32, 20]),
        batch in 1u32..11,
        max_receives in 1u32..4,
        secs in 20.0f64..180.0,
        seed in any::<u64>(),
    ) {
        let settings = json!({
            "visibility_timeout_s": visibility, "retention_period_s": retention, "delay_s": delay,
            "receive_wait_s": wait, "batch_size": batch,
            "redrive": {"dead_letter_queue": "dlq", "max_receive_count": max_receives}
        });
        let doc = design(settings, instance_type, cpu_ms, rps, secs);
        let a = run(&doc, seed);
        let (q, dlq) = (queue(&a, "q"), queue(&a, "dlq"));
        prop_assert!(conserved(&q), "{q:?}");
        prop_assert!(conserved(&dlq), "{dlq:?}");
        prop_assert_eq!(q.counts.dead_lettered, dlq.counts.moved_in);
        prop_assert_eq!(q.counts.sent, a.requests.succeeded);
        // A duplicate is a processing whose delete came too late: the message was received
        // again, moved to the dead-letter queue or expired meanwhile.
        let c = q.counts;
        prop_assert!(c.duplicates <= c.redelivered + c.dead_lettered + c.expired, "{q:?}");
        prop_assert_eq!(a.requests.in_flight, 0);
        let b = run(&doc, seed);
        prop_assert_eq!(fingerprint(&a), fingerprint(&b));
    }
}

/// A queue with c workers (long polling, one message per receive) is an M/M/c queue:
/// Poisson sends, exponential processing, first come first served. The mean time from
/// sending to deletion matches W = Wq + 1/μ (Erlang C) within 2 %, and the wait for a
/// worker matches Wq within 5 % (the tolerance of the core's own M/M/c check at ρ = 0.8).
#[test]
fn a_queue_with_c_workers_is_m_m_c() {
    // (instance type and its vCPUs = c, utilisation, simulated seconds)
    for (instance_type, c, rho, secs) in [("m5.large", 2, 0.8, 20_000.0), ("m5.xlarge", 4, 0.7, 10_000.0)] {
        let mu = 100.0; // 10 ms a message
        let lambda = rho * mu * f64::from(c);
        let r = run(&design(json!({"receive_wait_s": 20}), instance_type, 10.0, lambda, secs), 5);
        let q = queue(&r, "q");
        assert!(conserved(&q) && q.counts.duplicates == 0 && q.counts.expired == 0, "{q:?}");
        let wq = mmc::mean_wait(lambda, mu, c);
        let w = wq + 1.0 / mu;
        let err_w = (q.mean_time_in_queue_s - w).abs() / w;
        let err_wq = (q.mean_wait_s - wq).abs() / wq;
        assert!(err_w < 0.02, "M/M/{c} at ρ={rho}: W {} s vs {w} s ({err_w})", q.mean_time_in_queue_s);
        assert!(err_wq < 0.05, "M/M/{c} at ρ={rho}: Wq {} s vs {wq} s ({err_wq})", q.mean_wait_s);
    }
}

/// A visibility timeout shorter than the processing time (messaging-facts.md §1.5): the
/// message becomes visible again while its worker is still on it, another worker receives
/// it (a redelivery), the first worker's work is a duplicate, and after `maxReceiveCount`
/// receives the message moves to the dead-letter queue (§1.6).
#[test]
fn a_short_visibility_timeout_redelivers_then_dead_letters() {
    let redrive = json!({"dead_letter_queue": "dlq", "max_receive_count": 3});
    // 2 s of processing against a 1 s visibility timeout, 4 workers, 1 message a second.
    let short = design(json!({"visibility_timeout_s": 1, "redrive": redrive}), "m5.xlarge", 2_000.0, 1.0, 120.0);
    let r = run(&short, 3);
    let (q, dlq) = (queue(&r, "q"), queue(&r, "dlq"));
    assert!(q.counts.redelivered > 0 && q.counts.duplicates > 0, "{q:?}");
    assert!(q.counts.dead_lettered > 0 && dlq.counts.moved_in == q.counts.dead_lettered, "{q:?} {dlq:?}");
    assert!(conserved(&q) && conserved(&dlq));
    // A timeout longer than the work: no redelivery, nothing dead-lettered.
    let long = design(json!({"visibility_timeout_s": 30, "redrive": redrive}), "m5.xlarge", 2_000.0, 1.0, 120.0);
    let q = queue(&run(&long, 3), "q");
    assert_eq!((q.counts.redelivered, q.counts.duplicates, q.counts.dead_lettered), (0, 0, 0), "{q:?}");
    assert!(q.counts.consumed > 100, "{q:?}");
}

/// Retention (messaging-facts.md §1.5): with consumers far too slow, messages older than
/// the retention period are deleted by SQS and counted as lost; the oldest age stays
/// within the retention period.
#[test]
fn messages_past_retention_are_lost() {
    // One t3.micro (2 workers) at 10 s a message against 5 messages a second, 60 s retention.
    let r = run(&design(json!({"retention_period_s": 60}), "t3.micro", 10_000.0, 5.0, 300.0), 8);
    let q = queue(&r, "q");
    assert!(q.counts.expired > 500, "{q:?}");
    assert!(q.max_age_s <= 60.0 + 1e-6, "{q:?}");
    assert!(conserved(&q));
}

/// `MaximumMessageSize` (messaging-facts.md §1.1): a larger message is refused.
#[test]
fn a_message_over_the_maximum_size_is_refused() {
    let mut doc = design(json!({"max_message_bytes": 1_024}), "m5.large", 10.0, 20.0, 10.0);
    doc["traffic"][0]["mix"]["write_kib"] = json!(2.0);
    let r = run(&doc, 1);
    assert_eq!(r.errors.get("SQS.InvalidParameterValue").copied(), Some(r.requests.started));
    assert_eq!(queue(&r, "q").counts.sent, 0);
}
