//! Amazon SQS as a simulation component: each queue's stored messages (visible, delayed, in flight), its consumers' workers that receive, process and delete them, visibility timeouts that make a message visible again (and a slow worker's work a duplicate), the move to a dead-letter queue after `maxReceiveCount` receives, and retention expiry.
//!
//! Facts: docs/research/messaging-facts.md §1.3, §1.5, §1.6 and §1.9 (what the simulator
//! should model); what is left out is in docs/fidelity.md ("Amazon SQS").
//!
//! Every message ends exactly once: consumed (a worker deleted it), expired (older than the
//! retention period), or dead-lettered (moved to the dead-letter queue, where it starts
//! again as that queue's message); until then it is stored. A worker that finishes a message
//! whose receipt is no longer the latest one (its visibility timeout ran out and the message
//! was received again, dead-lettered or expired meanwhile) did work the queue does not count
//! as consumed: a duplicate, counted apart.

use crate::des::core::US_PER_S;
use crate::des::frame::{NodeFrame, QueueFrame};
use crate::des::kernel::{Core, Ev};
use crate::des::setup::Setup;
use crate::model::{Node, NodeId, Spec};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// SQS answers `SendMessage` this long after the request reaches it (a teaching assumption:
/// the API's own time, not the network's; docs/fidelity.md).
pub(crate) const SEND_US: u64 = 5_000;
/// A short-polling consumer that found nothing asks again after an empty `ReceiveMessage`
/// round trip: a message that arrives meanwhile waits for up to this long (a teaching
/// assumption, docs/fidelity.md). A long-polling consumer is answered as soon as one arrives
/// (messaging-facts.md §1.1, `ReceiveMessageWaitTimeSeconds`).
pub(crate) const SHORT_POLL_US: u64 = 20_000;
/// A consumer's mean processing time per message when its application sets none (the
/// instance's default `cpu_ms`).
const DEFAULT_PROCESSING_MS: f64 = 10.0;
/// The most workers one consumer runs (a guard on memory for hostile documents).
const MAX_WORKERS: u32 = 4_096;

/// Where a stored message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Sent with a delay (or still on its way in): not visible yet.
    Delayed,
    /// Visible: a `ReceiveMessage` can return it.
    Visible,
    /// Received, not deleted, inside its visibility timeout.
    InFlight,
    /// Consumed, expired or moved to the dead-letter queue: its slot is free.
    Gone,
}

/// One stored message.
#[derive(Clone, Copy, Debug)]
struct Message {
    /// When it entered this queue (kept when a standard queue moves it to its dead-letter
    /// queue, reset for FIFO: messaging-facts.md §1.6), µs.
    enqueued: u64,
    /// Times received (drives the dead-letter queue).
    receives: u32,
    /// Changes whenever an entry about it goes stale (a receive, a return, a delete): heap and
    /// list entries carry the value they were made with. Unique within the queue, so a
    /// reused slot never matches an old entry.
    gen: u64,
    place: Place,
}

/// What a queue has counted since the start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct QueueCounts {
    /// Messages sent to it (`SendMessage` accepted).
    pub sent: u64,
    /// Messages moved in from queues whose dead-letter queue it is.
    pub moved_in: u64,
    /// Receives (a message returned by `ReceiveMessage`; a redelivery counts again).
    pub received: u64,
    /// Receives of a message received before (its visibility timeout ran out).
    pub redelivered: u64,
    /// Messages a worker processed and deleted.
    pub consumed: u64,
    /// Messages deleted by SQS because they were older than the retention period (lost).
    pub expired: u64,
    /// Messages moved to the dead-letter queue after `maxReceiveCount` receives.
    pub dead_lettered: u64,
    /// Processings whose delete came too late: the visibility timeout ran out first and the
    /// message was received again (the work is done twice), moved to the dead-letter queue or
    /// expired meanwhile. Not counted as consumed.
    pub duplicates: u64,
}

/// One queue's runtime.
pub(crate) struct Queue {
    pub node: u32,
    pub coords: Option<(f64, f64)>,
    retention_us: u64,
    visibility_us: u64,
    delay_us: u64,
    long_polling: bool,
    pub max_message_bytes: u64,
    batch: u32,
    /// The dead-letter queue's index and `maxReceiveCount` (the index is set in pass 2).
    dlq: Option<(u32, u32)>,
    /// The redrive policy's `maxReceiveCount`.
    max_receive_count: Option<u32>,
    fifo: bool,
    consumers: Vec<NodeId>,
    msgs: Vec<Message>,
    free: Vec<u32>,
    next_gen: u64,
    /// Visible messages, oldest first: (enqueued, gen, slot).
    visible: BinaryHeap<Reverse<(u64, u64, u32)>>,
    /// Delayed messages, soonest first: (visible at, gen, slot).
    delayed: BinaryHeap<Reverse<(u64, u64, u32)>>,
    /// In-flight messages in the order their visibility runs out: (deadline, gen, slot).
    in_flight: VecDeque<(u64, u64, u32)>,
    /// Workers waiting for a message, longest waiting first.
    waiting: VecDeque<u32>,
    pub counts: QueueCounts,
    /// How many messages are in each place now.
    n_visible: u64,
    n_delayed: u64,
    n_in_flight: u64,
    pub max_backlog: u64,
    pub max_age_us: u64,
    /// Σ (first receive − enqueue) and Σ (delete − enqueue) over the messages received for
    /// the first time and over those consumed, µs: the time in the queue and in the system.
    pub wait_sum_us: u128,
    pub system_sum_us: u128,
}

/// A worker of a consumer: one thread of its application that receives a batch, processes
/// its messages one after another and deletes each.
struct Worker {
    queue: u32,
    mean_us: f64,
    /// The batch it holds: (slot, gen when received).
    batch: Vec<(u32, u64)>,
    next: usize,
}

/// The queues of a design, in document order, and their consumers' workers.
#[derive(Default)]
pub(crate) struct Sqs {
    pub queues: Vec<Queue>,
    workers: Vec<Worker>,
}

impl Queue {
    fn new(node: u32, coords: Option<(f64, f64)>, spec: &Spec) -> Option<Queue> {
        let Spec::SqsQueue {
            fifo,
            retention_period_s,
            visibility_timeout_s,
            delay_s,
            receive_wait_s,
            max_message_bytes,
            redrive,
            consumers,
            batch_size,
            ..
        } = spec
        else {
            return None;
        };
        Some(Queue {
            node,
            coords,
            retention_us: u64::from(*retention_period_s) * US_PER_S,
            visibility_us: u64::from(*visibility_timeout_s) * US_PER_S,
            delay_us: u64::from(*delay_s) * US_PER_S,
            long_polling: *receive_wait_s > 0,
            max_message_bytes: u64::from(*max_message_bytes),
            batch: (*batch_size).clamp(1, 10),
            dlq: None,
            max_receive_count: redrive.as_ref().map(|r| r.max_receive_count),
            fifo: *fifo,
            consumers: consumers.clone(),
            msgs: Vec::new(),
            free: Vec::new(),
            next_gen: 0,
            visible: BinaryHeap::new(),
            delayed: BinaryHeap::new(),
            in_flight: VecDeque::new(),
            waiting: VecDeque::new(),
            counts: QueueCounts::default(),
            n_visible: 0,
            n_delayed: 0,
            n_in_flight: 0,
            max_backlog: 0,
            max_age_us: 0,
            wait_sum_us: 0,
            system_sum_us: 0,
        })
    }

    fn gen(&mut self) -> u64 {
        self.next_gen += 1;
        self.next_gen
    }

    /// Messages stored now (visible, delayed and in flight).
    pub fn stored(&self) -> u64 {
        self.n_visible + self.n_delayed + self.n_in_flight
    }

    /// A new message entering at `enqueued` (`receives` so far), visible from `visible_at`.
    fn store(&mut self, enqueued: u64, visible_at: u64, now: u64) -> u32 {
        let gen = self.gen();
        let place = if visible_at > now { Place::Delayed } else { Place::Visible };
        let m = Message { enqueued, receives: 0, gen, place };
        let slot = match self.free.pop() {
            Some(s) => {
                self.msgs[s as usize] = m;
                s
            }
            None => {
                self.msgs.push(m);
                (self.msgs.len() - 1) as u32
            }
        };
        if place == Place::Delayed {
            self.delayed.push(Reverse((visible_at, gen, slot)));
            self.n_delayed += 1;
        } else {
            self.visible.push(Reverse((enqueued, gen, slot)));
            self.n_visible += 1;
        }
        slot
    }

    fn release(&mut self, slot: u32) {
        let gen = self.gen();
        let m = &mut self.msgs[slot as usize];
        m.place = Place::Gone;
        m.gen = gen;
        self.free.push(slot);
    }

    /// Brings the queue to `now`: delayed messages that are due and in-flight messages whose
    /// visibility timeout ran out become visible; visible messages older than the retention
    /// period are deleted (messaging-facts.md §1.5: SQS deletes them). Returns how many
    /// became visible.
    fn settle(&mut self, now: u64) -> u64 {
        let mut woke = 0;
        while let Some(&Reverse((at, gen, slot))) = self.delayed.peek() {
            if at > now {
                break;
            }
            self.delayed.pop();
            let m = self.msgs[slot as usize];
            if m.gen == gen && m.place == Place::Delayed {
                self.msgs[slot as usize].place = Place::Visible;
                self.n_delayed -= 1;
                self.n_visible += 1;
                self.visible.push(Reverse((m.enqueued, gen, slot)));
                woke += 1;
            }
        }
        while let Some(&(deadline, gen, slot)) = self.in_flight.front() {
            if deadline > now {
                break;
            }
            self.in_flight.pop_front();
            let m = self.msgs[slot as usize];
            if m.gen == gen && m.place == Place::InFlight {
                // Visible again; the receipt the worker holds stays valid until someone
                // receives the message again (DeleteMessage with the latest receipt).
                self.msgs[slot as usize].place = Place::Visible;
                self.n_in_flight -= 1;
                self.n_visible += 1;
                self.visible.push(Reverse((m.enqueued, gen, slot)));
                woke += 1;
            }
        }
        // Expire the oldest visible messages past retention, dropping stale entries on top.
        while let Some(&Reverse((enqueued, gen, slot))) = self.visible.peek() {
            let m = self.msgs[slot as usize];
            if m.gen != gen || m.place != Place::Visible {
                self.visible.pop();
                continue;
            }
            if enqueued.saturating_add(self.retention_us) > now {
                break;
            }
            self.visible.pop();
            self.n_visible -= 1;
            self.counts.expired += 1;
            self.release(slot);
        }
        self.max_backlog = self.max_backlog.max(self.n_visible);
        self.max_age_us = self.max_age_us.max(self.oldest_age(now));
        woke
    }

    /// Age of the oldest visible message (`ApproximateAgeOfOldestMessage`), µs; 0 if none.
    /// The top of `visible` is valid after `settle`.
    fn oldest_age(&self, now: u64) -> u64 {
        self.visible.peek().map_or(0, |Reverse((enqueued, ..))| now.saturating_sub(*enqueued))
    }

    /// The oldest visible message, taken off the visible heap (stale entries skipped).
    fn take_visible(&mut self) -> Option<u32> {
        while let Some(Reverse((_, gen, slot))) = self.visible.pop() {
            let m = self.msgs[slot as usize];
            if m.gen == gen && m.place == Place::Visible {
                self.n_visible -= 1;
                return Some(slot);
            }
        }
        None
    }
}

impl Sqs {
    /// Its part of the frame: each queue's backlog, in-flight messages and oldest age.
    pub(crate) fn frame(&self, nodes: &mut [NodeFrame<'_>], now: u64) {
        for q in &self.queues {
            let f = &mut nodes[q.node as usize];
            f.queue = q.n_visible.min(u64::from(u32::MAX)) as u32;
            f.in_flight = q.n_in_flight.min(u64::from(u32::MAX)) as u32;
            f.messages = Some(QueueFrame {
                backlog: q.n_visible,
                in_flight: q.n_in_flight,
                delayed: q.n_delayed,
                oldest_age_s: q.oldest_age(now) as f64 / US_PER_S as f64,
                consumed: q.counts.consumed,
                expired: q.counts.expired,
                dead_lettered: q.counts.dead_lettered,
                duplicates: q.counts.duplicates,
            });
        }
    }

    /// `SendMessage` request `r` reaches queue `q` `fwd` µs from now: refused if its body is
    /// larger than the queue's `MaximumMessageSize` (messaging-facts.md §1.1), else stored
    /// and answered after `SEND_US`. Its consumers are woken when it becomes visible.
    pub fn send(&mut self, core: &mut Core, r: u32, q: u32, fwd: u64, too_large: u16) {
        let bytes = core.reqs[r as usize].bytes;
        let queue = &mut self.queues[q as usize];
        let node = queue.node;
        core.nodes[node as usize].stats.arrivals += 1;
        if bytes > queue.max_message_bytes {
            return core.fail(r, too_large, node, fwd + SEND_US);
        }
        let at = core.now + fwd;
        queue.counts.sent += 1;
        queue.store(at, at + queue.delay_us, core.now);
        let stats = &mut core.nodes[node as usize].stats;
        stats.done += 1;
        stats.latency.record(SEND_US);
        core.respond(r, fwd + SEND_US);
        let visible_at = at + self.queues[q as usize].delay_us;
        self.arrived(core, q, visible_at);
    }

    /// Something of queue `q` may become visible at `at`: now, wake a waiting worker; later,
    /// come back then (before the end of traffic only: consumers stop with it).
    fn arrived(&mut self, core: &mut Core, q: u32, at: u64) {
        if at > core.now {
            if at < core.end_us {
                core.queue.push(at, Ev::SqsDue(q));
            }
            return;
        }
        self.wake(core, q, 1);
    }

    /// An `SqsDue` event: queue `q` settles, and a worker is woken per message that became visible.
    pub fn due(&mut self, core: &mut Core, q: u32) {
        let woke = self.queues[q as usize].settle(core.now);
        self.wake(core, q, woke);
    }

    /// Wakes up to `n` workers waiting on queue `q`: a long-polling worker receives now; a
    /// short-polling one on its next poll, within `SHORT_POLL_US`.
    fn wake(&mut self, core: &mut Core, q: u32, n: u64) {
        for _ in 0..n {
            let queue = &mut self.queues[q as usize];
            let Some(w) = queue.waiting.pop_front() else { return };
            if queue.long_polling {
                self.receive(core, w);
            } else {
                let gap = core.rng.below(SHORT_POLL_US);
                core.queue.push(core.now + gap, Ev::SqsPoll(w));
            }
        }
    }

    /// Worker `w` calls `ReceiveMessage`: it takes up to its batch of visible messages, oldest
    /// first, each hidden for the visibility timeout, and starts on the first; a message
    /// already received `maxReceiveCount` times goes to the dead-letter queue instead
    /// (messaging-facts.md §1.9, point 4). With nothing to take, it waits. Workers stop at
    /// the end of traffic.
    pub fn receive(&mut self, core: &mut Core, w: u32) {
        let q = self.workers[w as usize].queue;
        if core.now >= core.end_us {
            return;
        }
        self.queues[q as usize].settle(core.now);
        let mut batch = std::mem::take(&mut self.workers[w as usize].batch);
        batch.clear();
        let limit = self.queues[q as usize].batch as usize;
        while batch.len() < limit {
            let queue = &mut self.queues[q as usize];
            let Some(slot) = queue.take_visible() else { break };
            let m = queue.msgs[slot as usize];
            if let Some((dlq, _)) = queue.dlq.filter(|(_, max)| m.receives >= *max) {
                queue.counts.dead_lettered += 1;
                queue.release(slot);
                // A standard queue's message keeps its enqueue time in the dead-letter queue,
                // a FIFO queue's starts again (messaging-facts.md §1.6).
                let enqueued = if queue.fifo { core.now } else { m.enqueued };
                self.move_to(core, dlq, enqueued);
                continue;
            }
            let queue = &mut self.queues[q as usize];
            let gen = queue.gen();
            let deadline = core.now + queue.visibility_us;
            let msg = &mut queue.msgs[slot as usize];
            msg.receives += 1;
            msg.gen = gen;
            msg.place = Place::InFlight;
            queue.counts.received += 1;
            if msg.receives > 1 {
                queue.counts.redelivered += 1;
            } else {
                queue.wait_sum_us += u128::from(core.now.saturating_sub(msg.enqueued));
            }
            queue.n_in_flight += 1;
            queue.in_flight.push_back((deadline, gen, slot));
            if deadline < core.end_us {
                core.queue.push(deadline, Ev::SqsDue(q));
            }
            batch.push((slot, gen));
        }
        let worker = &mut self.workers[w as usize];
        worker.batch = batch;
        worker.next = 0;
        if worker.batch.is_empty() {
            self.queues[q as usize].waiting.push_back(w);
        } else {
            let t = core.rng.exp_us(worker.mean_us);
            core.queue.push(core.now + t, Ev::SqsWork(w));
        }
    }

    /// A message moves into queue `q` (its dead-letter queue), kept its enqueue time `enqueued`.
    fn move_to(&mut self, core: &mut Core, q: u32, enqueued: u64) {
        let queue = &mut self.queues[q as usize];
        queue.counts.moved_in += 1;
        queue.store(enqueued, core.now, core.now);
        self.wake(core, q, 1);
    }

    /// Worker `w` finished its current message: it deletes it if its receipt is still the
    /// latest (consumed), else the work was a duplicate; then the next message of its batch,
    /// or a new `ReceiveMessage`.
    pub fn work_done(&mut self, core: &mut Core, w: u32) {
        let worker = &mut self.workers[w as usize];
        let q = worker.queue;
        let Some(&(slot, gen)) = worker.batch.get(worker.next) else { return self.receive(core, w) };
        worker.next += 1;
        let more = worker.next < worker.batch.len();
        let mean_us = worker.mean_us;
        let queue = &mut self.queues[q as usize];
        let m = queue.msgs[slot as usize];
        // The receipt is the latest while the message's generation is the one it was received
        // with: in flight, or visible again after its timeout but not received since
        // (DeleteMessage takes the latest receipt handle).
        if m.gen == gen && matches!(m.place, Place::InFlight | Place::Visible) {
            if m.place == Place::InFlight {
                queue.n_in_flight -= 1;
            } else {
                queue.n_visible -= 1;
            }
            queue.counts.consumed += 1;
            queue.system_sum_us += u128::from(core.now.saturating_sub(m.enqueued));
            queue.release(slot);
        } else {
            queue.counts.duplicates += 1;
        }
        if more {
            let t = core.rng.exp_us(mean_us);
            core.queue.push(core.now + t, Ev::SqsWork(w));
        } else {
            self.receive(core, w);
        }
    }

    /// Starts every worker: each calls `ReceiveMessage` at time 0.
    pub(crate) fn start(&mut self, core: &mut Core) {
        for w in 0..self.workers.len() as u32 {
            self.receive(core, w);
        }
    }
}

/// The dead-letter queue node `n` names, if it is a queue with a redrive policy.
pub(crate) fn dead_letter_queue(n: &Node) -> Option<&NodeId> {
    match &n.spec {
        Spec::SqsQueue { redrive: Some(r), .. } => Some(&r.dead_letter_queue),
        _ => None,
    }
}

/// The runtime of an SQS queue: its attributes; `None` for another kind.
pub(crate) fn compile(n: &Node, setup: &mut dyn Setup) -> Option<Queue> {
    let Spec::SqsQueue { region, .. } = &n.spec else { return None };
    let node = setup.node(n, "sqs_queue");
    Queue::new(node, setup.region_coords(region), &n.spec)
}

/// Pass 2: queue `q`'s dead-letter queue and its consumers' workers (an instance runs one
/// worker per vCPU, a group one per vCPU of its desired capacity; each processes a message
/// in its application's `cpu_ms` on average, exponentially distributed).
pub(crate) fn connect(sqs: &mut Sqs, q: u32, dlq: Option<u32>, setup: &dyn Setup) {
    let queue = &mut sqs.queues[q as usize];
    queue.dlq = dlq.zip(queue.max_receive_count).filter(|&(d, _)| d != q).map(|(d, max)| (d, max.max(1)));
    let consumers = queue.consumers.clone();
    for c in consumers {
        let Some(node) = setup.doc_node(&c) else { continue };
        let Some((instance_type, instances)) = node.spec.fleet() else { continue };
        let count = vcpus(instance_type).saturating_mul(instances);
        let ms = node.spec.app().map_or(DEFAULT_PROCESSING_MS, |a| a.cpu_ms);
        let mean_us = if ms.is_finite() && ms > 0.0 { ms * 1_000.0 } else { DEFAULT_PROCESSING_MS * 1_000.0 };
        let room = MAX_WORKERS.saturating_sub(sqs.workers.len() as u32);
        for _ in 0..count.min(room) {
            sqs.workers.push(Worker { queue: q, mean_us, batch: Vec::new(), next: 0 });
        }
    }
}

fn vcpus(instance_type: &str) -> u32 {
    crate::catalog::instance_type(instance_type).map_or(2, |t| t.vcpus)
}
