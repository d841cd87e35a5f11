//! Tests of the SQS and SNS simulation components: conservation of messages and determinism (a property test), a queue with c workers against M/M/c, and the behaviours messaging-facts.md §1.9 asks for (redelivery and duplicates, the dead-letter queue, retention expiry, the size limit).

use crate::des::mmc;
use crate::model::Scenario;
use crate::sim::{fingerprint, QueueSummary, RunSummary, Simulation};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Users in Seoul sending `rps` messages a second to queue `q` (with `queue` settings) for
/// `secs`, consumed by instance `worker` (`instance_type`, `cpu_ms` per message), and a
/// standard dead-letter queue `dlq` without consumers.
fn design(queue: Value, instance_type: &str, cpu_ms: f64, rps: f64, secs: f64) -> Value {
    let worker = json!({"id": "worker", "kind": "instance", "instance_type": instance_type, "subnet": "sub", "app": {"cpu_ms": cpu_ms}});
    design_with(queue, worker, rps, secs)
}

/// `design`, its consumer node `consumer` (an instance or a group in subnet `sub`).
fn design_with(queue: Value, consumer: Value, rps: f64, secs: f64) -> Value {
    let mut q =
        json!({"id": "q", "kind": "sqs_queue", "region": "r", "queue_name": "orders", "consumers": [consumer["id"]]});
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
            consumer,
            {"id": "dlq", "kind": "sqs_queue", "region": "r", "queue_name": "orders-dlq"},
            q
        ],
        "traffic": [{"name": "producers", "location": "seoul", "target": "q", "rate": {"pattern": "constant", "rps": rps},
                     "mix": {"read": 0.0, "write_kib": 1.0}}],
        "simulation": {"duration_s": secs}
    })
}

/// A simulation of `doc` with `seed`, not started.
fn simulation(doc: &Value, seed: u64) -> Simulation {
    Simulation::new(&Scenario::from_json(&doc.to_string()).unwrap(), seed).unwrap()
}

/// Queue `q`'s backlog in the frame now.
fn backlog(sim: &Simulation) -> u64 {
    sim.frame().nodes.iter().find(|n| n.id.as_str() == "q").and_then(|n| n.messages).map_or(0, |m| m.backlog)
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
        fifo in any::<bool>(),
        groups in prop::sample::select(vec![1u32, 3, 50]),
    ) {
        let mut settings = json!({
            "visibility_timeout_s": visibility, "retention_period_s": retention, "delay_s": delay,
            "receive_wait_s": wait, "batch_size": batch, "message_groups": groups,
            "redrive": {"dead_letter_queue": "dlq", "max_receive_count": max_receives}
        });
        if fifo {
            settings["fifo"] = json!(true);
            settings["queue_name"] = json!("orders.fifo");
        }
        let mut doc = design(settings, instance_type, cpu_ms, rps, secs);
        if fifo {
            doc["nodes"][5]["fifo"] = json!(true);
            doc["nodes"][5]["queue_name"] = json!("orders-dlq.fifo");
        }
        let a = run(&doc, seed);
        let (q, dlq) = (queue(&a, "q"), queue(&a, "dlq"));
        prop_assert!(conserved(&q), "{q:?}");
        prop_assert!(conserved(&dlq), "{dlq:?}");
        prop_assert_eq!(q.counts.dead_lettered, dlq.counts.moved_in);
        prop_assert_eq!(q.counts.sent, a.requests.succeeded);
        // A throttled send is a failed request, never a stored message; only FIFO throttles.
        prop_assert_eq!(q.counts.sent + q.counts.throttled, a.requests.started);
        prop_assert!(fifo || q.counts.throttled == 0);
        // A FIFO queue consumes each group's messages in the order they were sent, in the
        // queue and in its FIFO dead-letter queue.
        if fifo {
            prop_assert_eq!(q.counts.out_of_order, 0, "{:?}", q);
            prop_assert_eq!(dlq.counts.out_of_order, 0, "{:?}", dlq);
        }
        // A duplicate is a processing whose delete came too late: the message was received
        // again, moved to the dead-letter queue or expired meanwhile.
        // (A FIFO queue's receipt expires with the visibility timeout: a late delete fails
        // even before the message is received again.) Every processing follows a receive.
        let c = q.counts;
        prop_assert!(fifo || c.duplicates <= c.redelivered + c.dead_lettered + c.expired, "{q:?}");
        prop_assert!(c.consumed + c.duplicates <= c.received, "{q:?}");
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

/// SNS fan-out (messaging-facts.md §2, point 1): a topic publishes a copy of each message to
/// every subscription; each subscribed queue stores its copy like a sent message, and the
/// endpoints' copies are counted as deliveries.
#[test]
fn sns_fans_out_a_copy_to_every_subscription() {
    let mut doc = design(json!({"receive_wait_s": 20}), "m5.large", 10.0, 50.0, 60.0);
    let nodes = doc["nodes"].as_array_mut().unwrap();
    nodes.push(json!({"id": "t", "kind": "sns_topic", "region": "r", "topic_name": "orders", "subscriptions": [
        {"protocol": "sqs", "queue": "q"},
        {"protocol": "sqs", "queue": "dlq"},
        {"protocol": "https", "endpoint": "https://example.com/hook"}]}));
    doc["traffic"][0]["target"] = json!("t");
    let r = run(&doc, 4);
    let published = r.nodes.iter().find(|n| n.id.as_str() == "t").unwrap();
    assert!(published.requests > 2_500 && r.requests.succeeded == published.requests, "{published:?}");
    assert_eq!(published.deliveries, Some(3 * published.requests));
    let (q, other) = (queue(&r, "q"), queue(&r, "dlq"));
    assert_eq!((q.counts.sent, other.counts.sent), (published.requests, published.requests));
    assert!(conserved(&q) && conserved(&other));
    // `q` has a consumer and keeps up; the other queue has none and keeps every copy.
    assert!(q.counts.consumed + q.stored == q.counts.sent && q.stored < 10, "{q:?}");
    assert_eq!(other.stored, other.counts.sent);
}

/// A producer that is an application step: users call a web instance whose application
/// sends a message to the queue after its CPU work (`app.backend`), over the Internet from
/// its public subnet; a worker in the private subnet consumes.
#[test]
fn an_application_sends_to_its_queue() {
    use crate::testkit::{lab, set};
    let doc = set(
        lab(),
        "q",
        json!({"kind": "sqs_queue", "region": "r", "queue_name": "jobs", "consumers": ["i-priv"],
                                      "receive_wait_s": 20}),
    );
    let mut doc = set(doc, "i-pub", json!({"app": {"cpu_ms": 5, "backend": "q"}}));
    doc["traffic"] = json!([{"name": "web", "location": "seoul", "target": "i-pub", "port": 80,
                             "rate": {"pattern": "constant", "rps": 20}, "mix": {"read": 1.0, "static": 0.0}}]);
    doc["simulation"] = json!({"duration_s": 30});
    let r = run(&doc, 2);
    let q = queue(&r, "q");
    assert!(r.requests.succeeded > 500 && q.counts.sent == r.requests.succeeded, "{:?} {q:?}", r.requests);
    assert!(q.counts.consumed + q.stored == q.counts.sent, "{q:?}");
}

/// The canvas sees messages leave the queue: a link from the queue to its consumer carries
/// the receive rate, and the queue's frame has its backlog.
#[test]
fn the_frame_shows_the_queue_and_its_flow_to_the_consumer() {
    // 60 messages a second for a worker that takes 25 a second: a backlog grows.
    let doc = design(json!({"receive_wait_s": 20}), "m5.large", 80.0, 60.0, 30.0);
    let s = Scenario::from_json(&doc.to_string()).unwrap();
    let mut sim = Simulation::new(&s, 6).unwrap();
    sim.step_until(20_000_000, u64::MAX);
    let frame = sim.frame();
    let link = frame.links.iter().find(|l| l.from == "q" && l.to.as_str() == "worker").unwrap();
    // One second's window of a Poisson-like count around 25.
    assert!((12.0..40.0).contains(&link.rps), "{link:?}");
    let q = frame.nodes.iter().find(|n| n.id.as_str() == "q").unwrap();
    let m = q.messages.unwrap();
    assert!(m.backlog > 400 && u64::from(q.queue) == m.backlog && m.oldest_age_s > 5.0, "{m:?}");
    assert!(m.in_flight <= 2 && u64::from(q.in_flight) == m.in_flight, "{m:?}");
}

/// Pricing (aws-facts.md §12): every API call is a request; with short polling an idle
/// consumer keeps making empty receives, with long polling it waits up to 20 s per call.
#[test]
fn long_polling_makes_fewer_billed_requests() {
    let requests = |wait: u32| {
        let r = run(&design(json!({"receive_wait_s": wait}), "m5.large", 10.0, 1.0, 60.0), 9);
        let line = r.cost.lines.iter().find(|l| l.item == "SQS requests q").unwrap().clone();
        assert_eq!(line.unit_usd, 0.40, "standard queue, per million requests");
        (line.quantity * 1e6).round() as u64
    };
    let (short, long) = (requests(0), requests(20));
    // About 60 sends, receives and deletes either way; short polling adds two workers'
    // empty receives every 20 ms for a minute (about 6,000).
    assert!(short > 4_000 && long < 300, "short {short}, long {long}");
}

/// A FIFO queue with one message group (messaging-facts.md §1.5, "FIFO blocking"): while a
/// message of the group is in flight no other is handed out, so four workers take turns,
/// one message at a time, and consume every message in send order. A standard queue gives
/// the same messages to all four workers at once: it drains four times faster and its
/// workers finish messages out of their send order.
#[test]
fn a_fifo_group_is_processed_one_message_at_a_time_in_order() {
    // 4 workers (m5.xlarge) at 100 ms a message, 8 messages a second for 60 s.
    let settings = |fifo: bool| {
        let name = if fifo { "orders.fifo" } else { "orders" };
        json!({"fifo": fifo, "queue_name": name, "receive_wait_s": 20})
    };
    let fifo = queue(&run(&design(settings(true), "m5.xlarge", 100.0, 8.0, 60.0), 11), "q");
    let standard = queue(&run(&design(settings(false), "m5.xlarge", 100.0, 8.0, 60.0), 11), "q");
    assert!(conserved(&fifo) && conserved(&standard));
    // One consumer at a time serves 10 a second against 8 sent: a queue forms (ρ = 0.8).
    assert_eq!(fifo.counts.out_of_order, 0, "{fifo:?}");
    assert!(fifo.mean_wait_s > 0.1, "{fifo:?}");
    // Four in parallel: almost no wait, and some messages overtaken by later ones.
    assert!(standard.counts.out_of_order > 5, "{standard:?}");
    assert!(standard.mean_wait_s < fifo.mean_wait_s / 4.0, "{standard:?} vs {fifo:?}");
}

/// Message groups are independent (messaging-facts.md §1.5): spread over many groups, a
/// FIFO queue keeps every worker busy again and still consumes each group in order.
#[test]
fn more_message_groups_let_more_workers_share_a_fifo_queue() {
    // 16 messages a second of 100 ms on 4 workers: one group can serve only 10 a second.
    let settings = |groups: u32| json!({"fifo": true, "queue_name": "orders.fifo", "receive_wait_s": 20, "message_groups": groups});
    let one = queue(&run(&design(settings(1), "m5.xlarge", 100.0, 16.0, 60.0), 12), "q");
    let many = queue(&run(&design(settings(100), "m5.xlarge", 100.0, 16.0, 60.0), 12), "q");
    assert!(one.stored > 250, "one group falls behind by about 6 a second: {one:?}");
    assert!(many.stored < 20, "100 groups keep up: {many:?}");
    assert_eq!((one.counts.out_of_order, many.counts.out_of_order), (0, 0));
    assert!(conserved(&one) && conserved(&many));
}

/// FIFO throughput (messaging-facts.md §1.4): 300 `SendMessage` calls a second per queue;
/// the calls above are refused with `ThrottlingException` and never stored. A standard queue
/// takes them all.
#[test]
fn a_fifo_queue_throttles_sends_above_300_a_second() {
    let settings = json!({"fifo": true, "queue_name": "orders.fifo", "receive_wait_s": 20, "message_groups": 1000});
    let r = run(&design(settings, "m5.4xlarge", 1.0, 500.0, 20.0), 13);
    let q = queue(&r, "q");
    let per_s = q.counts.sent as f64 / 20.0;
    assert!((290.0..=316.0).contains(&per_s), "about 300 a second stored: {q:?}");
    assert!(q.counts.throttled > 3_000, "{q:?}");
    assert_eq!(r.errors.get("SQS.ThrottlingException").copied(), Some(q.counts.throttled));
    assert!(conserved(&q));
    let standard = queue(&run(&design(json!({"receive_wait_s": 20}), "m5.4xlarge", 1.0, 500.0, 20.0), 13), "q");
    assert_eq!(standard.counts.throttled, 0);
    assert!(standard.counts.sent > 9_000, "{standard:?}");
}

/// The instance that polls a queue is busy processing its messages: 2 vCPUs at 100 ms a
/// message against 10 a second are half busy (ρ = 10 × 0.1 / 2), where they showed 0 %.
#[test]
fn a_consumer_instance_shows_the_cpu_its_messages_take() {
    let r = run(&design(json!({"receive_wait_s": 20}), "m5.large", 100.0, 10.0, 120.0), 7);
    let node = r.nodes.iter().find(|n| n.id.as_str() == "worker").unwrap();
    let cpu = node.cpu_utilisation.unwrap();
    assert!((0.4..0.6).contains(&cpu), "{cpu}");
}

/// A consumer's node counts each message it processed as a request it served, and each
/// failed processing of a poison message as an error (the canvas shows a worker's rate,
/// where it showed "0/s" while the worker was busy).
#[test]
fn a_consumer_node_counts_the_messages_it_processed() {
    let mut doc = design(json!({"receive_wait_s": 20, "visibility_timeout_s": 5}), "m5.large", 10.0, 20.0, 120.0);
    doc["faults"] = json!([{"at_s": 10, "fault": "poison_message", "target": "q"}]);
    let r = run(&doc, 7);
    let (q, worker) = (queue(&r, "q"), r.nodes.iter().find(|n| n.id.as_str() == "worker").unwrap());
    assert_eq!(worker.requests, q.counts.consumed + q.counts.failed + q.counts.duplicates, "{q:?}");
    assert!(worker.rps > 15.0, "{}", worker.rps);
    assert_eq!(worker.errors, q.counts.failed);
    assert!(worker.errors > 5, "{q:?}");
}

/// A crashed consumer stops polling: the backlog grows while it is down, and it works
/// again after (its in-flight messages come back after their visibility timeout).
#[test]
fn a_crashed_consumer_instance_stops_polling() {
    let mut doc = design(json!({"receive_wait_s": 20}), "m5.large", 20.0, 20.0, 180.0);
    doc["faults"] = json!([{"at_s": 30, "for_s": 60, "fault": "instance_crash", "target": "worker"}]);
    let mut sim = simulation(&doc, 7);
    sim.step_until(85 * crate::des::core::US_PER_S, u64::MAX);
    // 55 s of 20 messages a second, none received.
    assert!(backlog(&sim) > 900, "{}", backlog(&sim));
    sim.run();
    let q = queue(&sim.summary(), "q");
    assert!(q.stored < 20 && q.counts.consumed + q.stored == q.counts.sent, "{q:?}");
}

/// A group `workers` of t3.micro (2 vCPUs) at 100 ms a message, from 1 instance up to `max`,
/// target tracking `metric` at `target`, without warm-up or cooldown.
fn workers(max: u32, metric: &str, target: f64) -> Value {
    json!({"id": "workers", "kind": "auto_scaling_group", "subnets": ["sub"], "instance_type": "t3.micro",
        "app": {"cpu_ms": 100}, "min": 1, "max": max, "desired": 1, "health_check_type": "EC2",
        "timing": {"health_check_grace_period_s": 0, "instance_warmup_s": 0, "default_cooldown_s": 0},
        "policies": [{"policy": "target_tracking", "metric": metric, "target": target}]})
}

/// A group's instances launched during the run poll too: a group that scales out on CPU
/// (target tracking at 50 %) gets workers on its new instances and drains the queue.
#[test]
fn a_group_scaling_on_cpu_adds_workers() {
    let group = workers(6, "cpu", 50.0);
    // 40 messages a second of 100 ms: 4 vCPUs' worth, against 2 at the start.
    let r = run(&design_with(json!({"receive_wait_s": 20}), group, 40.0, 900.0), 7);
    let launches = r.timeline.iter().filter(|e| e.code == "AutoScaling.Launch").count();
    let q = queue(&r, "q");
    assert!(launches >= 2, "{launches} launches");
    assert!(q.stored < 200, "the grown group keeps up: {q:?}");
}

/// Auto Scaling on backlog per instance (messaging-facts.md §1.8): the group tracks the
/// queue's visible messages per InService instance. A spike grows the backlog and the group
/// scales out; once the backlog is drained it scales back in to its minimum.
#[test]
fn a_group_scales_on_backlog_per_instance() {
    let group = workers(8, "sqs_backlog_per_instance", 100.0);
    // 10 messages a second (half of one instance's 20), 60 a second from 60 s to 360 s.
    let mut doc = design_with(json!({"receive_wait_s": 20}), group, 10.0, 1_800.0);
    doc["faults"] = json!([{"at_s": 60, "for_s": 300, "fault": "traffic_spike", "multiplier": 6}]);
    let s = Scenario::from_json(&doc.to_string()).unwrap();
    let mut sim = Simulation::new(&s, 21).unwrap();
    let size = |sim: &Simulation| sim.frame().nodes.iter().find(|n| n.id.as_str() == "workers").unwrap().group.unwrap();
    sim.step_until(350 * crate::des::core::US_PER_S, u64::MAX);
    let during = size(&sim);
    assert!(during.desired >= 3, "scaled out on the backlog: {during:?}");
    sim.run();
    let r = sim.summary();
    let q = queue(&r, "q");
    assert!(q.stored < 50, "drained: {q:?}");
    let ins = r.timeline.iter().filter(|e| e.code == "AutoScaling.ScaleIn").count();
    let last = size(&sim);
    assert!(ins > 0 && last.desired < during.desired, "scaled back in after the spike ({ins}): {last:?}");
}

/// The `poison_message` fault (messaging-facts.md §1.6): a message every consumer fails on
/// is received again after each visibility timeout until its `maxReceiveCount`-th receive,
/// then moves to the dead-letter queue; the other messages are consumed meanwhile. Without
/// a redrive policy it keeps coming back.
#[test]
fn a_poison_message_is_dead_lettered_after_max_receive_count() {
    let poisoned = |settings: Value| {
        let mut doc = design(settings, "m5.large", 10.0, 5.0, 120.0);
        doc["faults"] = json!([{"at_s": 10, "fault": "poison_message", "target": "q"}]);
        run(&doc, 17)
    };
    let redrive = json!({"dead_letter_queue": "dlq", "max_receive_count": 3});
    let r = poisoned(json!({"visibility_timeout_s": 5, "receive_wait_s": 20, "redrive": redrive}));
    let (q, dlq) = (queue(&r, "q"), queue(&r, "dlq"));
    // Three failed receives, then the move at the fourth.
    assert_eq!((q.counts.failed, q.counts.dead_lettered, dlq.counts.moved_in), (3, 1, 1), "{q:?}");
    assert_eq!(q.counts.redelivered, 2, "{q:?}");
    assert!(conserved(&q) && conserved(&dlq));
    assert_eq!(q.counts.consumed + q.stored + 1, q.counts.sent, "every other message consumed: {q:?}");
    // No dead-letter queue: it fails on every receive, one per visibility timeout.
    let q = queue(&poisoned(json!({"visibility_timeout_s": 5, "receive_wait_s": 20})), "q");
    assert!(q.counts.failed >= 20 && q.counts.dead_lettered == 0 && q.stored >= 1, "{q:?}");
}

/// A poison message in a FIFO queue with one message group holds the group back: nothing
/// after it is consumed until it moves to the dead-letter queue.
#[test]
fn a_poison_message_blocks_its_fifo_group_until_dead_lettered() {
    let redrive = json!({"dead_letter_queue": "dlq", "max_receive_count": 4});
    let settings = json!({"fifo": true, "queue_name": "orders.fifo", "visibility_timeout_s": 10, "receive_wait_s": 20, "redrive": redrive});
    let mut doc = design(settings, "m5.large", 10.0, 5.0, 60.0);
    doc["nodes"][5]["fifo"] = json!(true);
    doc["nodes"][5]["queue_name"] = json!("orders-dlq.fifo");
    doc["faults"] = json!([{"at_s": 5, "fault": "poison_message", "target": "q"}]);
    let s = Scenario::from_json(&doc.to_string()).unwrap();
    let mut sim = Simulation::new(&s, 18).unwrap();
    sim.step_until(35 * crate::des::core::US_PER_S, u64::MAX);
    let m = sim.frame().nodes.iter().find(|n| n.id.as_str() == "q").unwrap().messages.unwrap();
    // Blocked from 5 s: 30 s of 5 a second wait behind it.
    assert!(m.backlog > 100 && m.dead_lettered == 0, "{m:?}");
    sim.run();
    let q = queue(&sim.summary(), "q");
    assert_eq!((q.counts.dead_lettered, q.counts.out_of_order), (1, 0), "{q:?}");
    assert!(q.stored < 10, "drained once it moved: {q:?}");
}

/// The `consumers_down` fault: every consumer of the queue stops polling while it lasts; the
/// backlog grows and drains after.
#[test]
fn consumers_down_stops_every_consumer_of_the_queue() {
    let mut doc = design(json!({"receive_wait_s": 20}), "m5.large", 10.0, 20.0, 120.0);
    doc["faults"] = json!([{"at_s": 20, "for_s": 30, "fault": "consumers_down", "target": "q"}]);
    let mut sim = simulation(&doc, 19);
    sim.step_until(49 * crate::des::core::US_PER_S, u64::MAX);
    assert!(backlog(&sim) > 450, "29 s of 20 a second: {}", backlog(&sim));
    sim.step_until(80 * crate::des::core::US_PER_S, u64::MAX);
    assert!(backlog(&sim) < 20, "drained: {}", backlog(&sim));
}

/// A producer surge (the `traffic_spike` fault on the population that sends to the queue)
/// grows the backlog of a queue whose consumer cannot keep up with it, and nothing is lost.
#[test]
fn a_producer_surge_grows_the_backlog() {
    // 2 workers at 40 ms: 50 a second; 20 a second, ×5 from 10 s to 40 s.
    let mut doc = design(json!({"receive_wait_s": 20}), "m5.large", 40.0, 20.0, 200.0);
    doc["faults"] =
        json!([{"at_s": 10, "for_s": 30, "fault": "traffic_spike", "population": "producers", "multiplier": 5}]);
    let r = run(&doc, 20);
    let q = queue(&r, "q");
    assert!(q.max_backlog > 1_000 && q.counts.expired == 0, "{q:?}");
    assert!(conserved(&q) && q.stored < 20, "{q:?}");
}

/// SNS filter policies (messaging-facts.md §2): a subscription with a policy gets only the
/// messages whose attributes match it. Publishers set `event` to `placed` on 70 % of the
/// messages and `cancelled` on 30 %: `q` takes the placed ones, `dlq` the others, and an
/// endpoint filtering on an attribute no publisher sets gets nothing.
#[test]
fn sns_delivers_only_what_a_filter_policy_matches() {
    let mut doc = design(json!({"receive_wait_s": 20}), "m5.large", 10.0, 50.0, 60.0);
    let nodes = doc["nodes"].as_array_mut().unwrap();
    nodes.push(json!({"id": "t", "kind": "sns_topic", "region": "r", "topic_name": "orders",
        "message_attributes": {"event": {"placed": 0.7, "cancelled": 0.3}},
        "subscriptions": [
            {"protocol": "sqs", "queue": "q", "filter_policy": {"event": ["placed"]}},
            {"protocol": "sqs", "queue": "dlq", "filter_policy": {"event": [{"anything-but": "placed"}]}},
            {"protocol": "https", "endpoint": "https://example.com/hook", "filter_policy": {"region": ["eu"]}}]}));
    doc["traffic"][0]["target"] = json!("t");
    let r = run(&doc, 4);
    let topic = r.nodes.iter().find(|n| n.id.as_str() == "t").unwrap();
    let (placed, other) = (queue(&r, "q").counts.sent, queue(&r, "dlq").counts.sent);
    assert_eq!(placed + other, topic.requests, "each message to exactly one queue");
    let share = placed as f64 / topic.requests as f64;
    assert!((0.66..0.74).contains(&share), "{share}");
    assert_eq!(topic.deliveries, Some(topic.requests));
    assert_eq!(topic.filtered_out, Some(2 * topic.requests));
}

/// A group that scales in leaves workers of its terminated instance among the waiting ones:
/// the message that wakes one of them is passed on to a live worker at once, not left for
/// the next arrival (one message every 5 s here).
#[test]
fn a_message_does_not_wait_behind_a_terminated_worker() {
    let mut group = workers(2, "cpu", 1_000.0);
    group["desired"] = json!(2);
    group["policies"] = json!([{"policy": "scheduled", "at_s": 20, "desired": 1}]);
    let r = run(&design_with(json!({"receive_wait_s": 20}), group, 0.2, 200.0), 23);
    assert!(r.timeline.iter().any(|e| e.code == "AutoScaling.ScheduledAction"), "scaled in");
    let q = queue(&r, "q");
    assert!(q.counts.consumed > 20 && q.max_age_s < 1.0, "{q:?}");
}
