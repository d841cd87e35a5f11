//! Amazon SQS as a simulation component: each queue's stored messages (visible, delayed, in flight), its consumers' workers that receive, process and delete them, visibility timeouts that make a message visible again (and a slow worker's work a duplicate), the move to a dead-letter queue after `maxReceiveCount` receives, retention expiry, and a FIFO queue's message groups (one group's messages handed out one batch at a time, in order) and send quota.
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
//!
//! Each message carries the message group its producer gave it and its place in the send
//! order. A FIFO queue hands out a group's messages only while none of the group's messages
//! is in flight (messaging-facts.md §1.5, "FIFO blocking"), so a group is worked on by one
//! consumer at a time and consumed in send order; a standard queue hands out the oldest
//! visible messages to whichever worker asks, and parallel workers finish them in any order.
//! Both count the messages consumed after a later message of their group (`out_of_order`).

use crate::des::core::US_PER_S;
use crate::des::frame::{NodeFrame, QueueFrame};
use crate::des::kernel::{Cause, Core, Ev, NONE};
use crate::des::setup::Setup;
use crate::des::state::Target;
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
/// A FIFO queue takes 300 `SendMessage` calls a second (per API action, without high
/// throughput; `ThrottlingException` above: messaging-facts.md §1.4). Producers in the
/// simulation send one message per call, so this is 300 messages a second.
pub(crate) const FIFO_SENDS_PER_S: f64 = 300.0;

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
    /// Its message group (an index below the queue's `message_groups`).
    group: u32,
    /// Its place in the queue's send order, from 1.
    seq: u64,
    /// No consumer can process it (the `poison_message` fault): every processing fails.
    poison: bool,
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
    /// `SendMessage` calls refused with `ThrottlingException` (a FIFO queue's 300 a second).
    pub throttled: u64,
    /// Messages consumed after a later-sent message of the same message group had been
    /// consumed: what a standard queue's best-effort order and parallel workers allow, and
    /// a FIFO queue never does.
    pub out_of_order: u64,
    /// Processings that failed (a poison message): the consumer does not delete the
    /// message, which comes back after its visibility timeout.
    pub failed: u64,
}

/// One message group of a queue.
#[derive(Default)]
struct Group {
    /// FIFO: its visible messages in send order: (seq, gen, slot).
    visible: BinaryHeap<Reverse<(u64, u64, u32)>>,
    /// FIFO: its messages in flight; while there is one, the group hands out nothing.
    in_flight: u32,
    /// The latest send order number consumed so far (0: none).
    last_consumed: u64,
}

/// One queue's runtime.
pub(crate) struct Queue {
    pub node: u32,
    id: NodeId,
    pub coords: Option<(f64, f64)>,
    retention_us: u64,
    visibility_us: u64,
    delay_us: u64,
    long_polling: bool,
    /// `ReceiveMessageWaitTimeSeconds`, µs.
    wait_us: u64,
    pub max_message_bytes: u64,
    batch: u32,
    /// The dead-letter queue's index and `maxReceiveCount` (the index is set in pass 2).
    dlq: Option<(u32, u32)>,
    /// The redrive policy's `maxReceiveCount`.
    max_receive_count: Option<u32>,
    pub fifo: bool,
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
    /// Its message groups (at least one).
    groups: Vec<Group>,
    /// FIFO: groups that may hand out a message, by their oldest message: (seq, group).
    /// Entries go stale when the group gets a message in flight or runs out; skipped then.
    ready: BinaryHeap<Reverse<(u64, u32)>>,
    next_seq: u64,
    /// FIFO: the `SendMessage` quota left (a token bucket of one second's calls) and when
    /// it was last filled, µs.
    send_tokens: f64,
    tokens_at: u64,
    /// `consumers_down` faults active: its consumers do not poll.
    pub consumers_down: u16,
    pub counts: QueueCounts,
    /// How many messages are in each place now.
    n_visible: u64,
    n_delayed: u64,
    n_in_flight: u64,
    pub max_backlog: u64,
    pub max_age_us: u64,
    /// API requests billed so far: `SendMessage` (one per 64 KB chunk), `ReceiveMessage`
    /// calls that returned messages, `DeleteMessage` calls; and the empty receives of the
    /// waits that ended.
    pub api_requests: u64,
    pub empty_receives: u64,
    /// Σ (first receive − enqueue) and Σ (delete − enqueue) over the messages received for
    /// the first time and over those consumed, µs: the time in the queue and in the system.
    pub wait_sum_us: u128,
    pub system_sum_us: u128,
}

/// A worker of a consumer: one thread of its application on one instance, that receives a
/// batch, processes its messages one after another on a vCPU of its instance and deletes each.
pub(crate) struct Worker {
    pub queue: u32,
    /// Its instance (`Ec2::instances`), `NONE` for none.
    pub inst: u32,
    /// It holds a vCPU of its instance, taken at the instance's `epoch` (a crash frees every
    /// vCPU and moves the epoch on).
    pub holds: bool,
    pub epoch: u32,
    pub mean_us: f64,
    /// The batch it holds: (slot, gen when received).
    batch: Vec<(u32, u64)>,
    next: usize,
    /// The link from the queue to its consumer (`NONE`: none), counting the messages received.
    link: u32,
    /// Since when it has waited for a message (`NOT_WAITING`: it is not waiting).
    waiting_since: u64,
}

/// A worker that is not waiting.
const NOT_WAITING: u64 = u64::MAX;

/// An Auto Scaling group consuming a queue: each instance it launches runs workers.
pub(crate) struct GroupConsumer {
    /// The group's simulated node, and its index in `asgs` once bound (`NONE` before).
    pub node: u32,
    pub asg: u32,
    pub queue: u32,
    pub mean_us: f64,
    pub link: u32,
}

/// The queues of a design, in document order, and their consumers' workers.
#[derive(Default)]
pub(crate) struct Sqs {
    pub queues: Vec<Queue>,
    pub workers: Vec<Worker>,
    pub groups: Vec<GroupConsumer>,
}

impl Queue {
    fn new(node: u32, id: &NodeId, coords: Option<(f64, f64)>, spec: &Spec) -> Option<Queue> {
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
            message_groups,
            ..
        } = spec
        else {
            return None;
        };
        let groups = (*message_groups).clamp(1, super::MAX_MESSAGE_GROUPS);
        Some(Queue {
            node,
            id: id.clone(),
            coords,
            retention_us: u64::from(*retention_period_s) * US_PER_S,
            visibility_us: u64::from(*visibility_timeout_s) * US_PER_S,
            delay_us: u64::from(*delay_s) * US_PER_S,
            long_polling: *receive_wait_s > 0,
            wait_us: u64::from(*receive_wait_s) * US_PER_S,
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
            groups: (0..groups).map(|_| Group::default()).collect(),
            ready: BinaryHeap::new(),
            next_seq: 0,
            send_tokens: FIFO_SENDS_PER_S,
            tokens_at: 0,
            consumers_down: 0,
            counts: QueueCounts::default(),
            n_visible: 0,
            n_delayed: 0,
            n_in_flight: 0,
            max_backlog: 0,
            max_age_us: 0,
            api_requests: 0,
            empty_receives: 0,
            wait_sum_us: 0,
            system_sum_us: 0,
        })
    }

    fn gen(&mut self) -> u64 {
        self.next_gen += 1;
        self.next_gen
    }

    /// Visible messages now (`ApproximateNumberOfMessagesVisible`).
    pub fn backlog(&self) -> u64 {
        self.n_visible
    }

    /// Messages stored now (visible, delayed and in flight).
    pub fn stored(&self) -> u64 {
        self.n_visible + self.n_delayed + self.n_in_flight
    }

    /// A new message of group `group` entering at `enqueued`, visible from `visible_at` (µs).
    fn store(&mut self, enqueued: u64, visible_at: u64, now: u64, group: u32) -> u32 {
        let gen = self.gen();
        let place = if visible_at > now { Place::Delayed } else { Place::Visible };
        self.next_seq += 1;
        let group = group % self.groups.len() as u32;
        let m = Message { enqueued, receives: 0, group, seq: self.next_seq, poison: false, gen, place };
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
            self.group_gets(slot);
        }
        slot
    }

    /// The message group a producer gives its next message: one of `message_groups` at random.
    fn draw_group(&self, core: &mut Core) -> u32 {
        match self.groups.len() as u64 {
            0 | 1 => 0,
            n => core.rng.below(n) as u32,
        }
    }

    /// FIFO: message `slot` (visible, of the current generation) joins its group's visible
    /// messages, and the group may hand out again if nothing of it is in flight.
    fn group_gets(&mut self, slot: u32) {
        if !self.fifo {
            return;
        }
        let m = self.msgs[slot as usize];
        let g = &mut self.groups[m.group as usize];
        g.visible.push(Reverse((m.seq, m.gen, slot)));
        if g.in_flight == 0 {
            self.ready.push(Reverse((m.seq, m.group)));
        }
    }

    /// FIFO: the oldest visible message of group `g`, its stale entries dropped; not taken.
    fn group_head(&mut self, g: u32) -> Option<(u64, u32)> {
        let group = &mut self.groups[g as usize];
        while let Some(&Reverse((seq, gen, slot))) = group.visible.peek() {
            let m = self.msgs[slot as usize];
            if m.gen == gen && m.place == Place::Visible {
                return Some((seq, slot));
            }
            group.visible.pop();
        }
        None
    }

    /// FIFO: a message of group `g` left flight (deleted, or visible again); when the group
    /// has nothing in flight any more, it may hand out its next message.
    fn group_lands(&mut self, g: u32) {
        let group = &mut self.groups[g as usize];
        group.in_flight = group.in_flight.saturating_sub(1);
        if group.in_flight == 0 {
            if let Some((seq, _)) = self.group_head(g) {
                self.ready.push(Reverse((seq, g)));
            }
        }
    }

    /// FIFO: the group that may hand out a message with the oldest head, if any (stale
    /// entries of `ready` dropped; not taken).
    fn ready_group(&mut self) -> Option<u32> {
        while let Some(&Reverse((_, g))) = self.ready.peek() {
            if self.groups[g as usize].in_flight == 0 && self.group_head(g).is_some() {
                return Some(g);
            }
            self.ready.pop();
        }
        None
    }

    /// The next message a `ReceiveMessage` returns, taken off the visible messages. A
    /// standard queue: the oldest visible. A FIFO queue: the next of group `same` (the group
    /// this receive already took from: AWS returns as many of one group as it can), else
    /// the head of a group with nothing in flight (messaging-facts.md §1.5).
    fn take(&mut self, same: Option<u32>) -> Option<u32> {
        if !self.fifo {
            return self.take_visible();
        }
        let g = match same.filter(|&g| self.group_head(g).is_some()) {
            Some(g) => g,
            None => self.ready_group()?,
        };
        let (_, slot) = self.group_head(g)?;
        self.groups[g as usize].visible.pop();
        self.n_visible -= 1;
        self.drop_stale_top();
        Some(slot)
    }

    /// Whether a `ReceiveMessage` would return something now (after `settle`).
    fn receivable(&mut self) -> bool {
        if self.fifo {
            self.ready_group().is_some()
        } else {
            self.n_visible > 0
        }
    }

    /// A `SendMessage` call arriving at `at` (µs): whether the queue's quota takes it. A
    /// standard queue takes every call (nearly unlimited, messaging-facts.md §1.4); a FIFO
    /// queue 300 a second, a token bucket holding one second's calls.
    fn admit_send(&mut self, at: u64) -> bool {
        if !self.fifo {
            return true;
        }
        if at > self.tokens_at {
            let refill = (at - self.tokens_at) as f64 / US_PER_S as f64 * FIFO_SENDS_PER_S;
            self.send_tokens = (self.send_tokens + refill).min(FIFO_SENDS_PER_S);
            self.tokens_at = at;
        }
        if self.send_tokens >= 1.0 {
            self.send_tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Message `m` was deleted by a worker: counted as consumed, in or out of its group's
    /// send order.
    fn consumed(&mut self, m: Message, now: u64) {
        self.counts.consumed += 1;
        self.system_sum_us += u128::from(now.saturating_sub(m.enqueued));
        let g = &mut self.groups[m.group as usize];
        if m.seq < g.last_consumed {
            self.counts.out_of_order += 1;
        } else {
            g.last_consumed = m.seq;
        }
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
                self.group_gets(slot);
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
                if self.fifo {
                    // Back at the head of its group (nothing later of the group was handed
                    // out meanwhile), which hands out again once nothing else is in flight.
                    self.groups[m.group as usize].visible.push(Reverse((m.seq, gen, slot)));
                    self.group_lands(m.group);
                }
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
                self.drop_stale_top();
                return Some(slot);
            }
        }
        None
    }

    /// Pops stale entries off the top of the visible heap, so that its top is the oldest
    /// visible message (`oldest_age`).
    fn drop_stale_top(&mut self) {
        while let Some(&Reverse((_, gen, slot))) = self.visible.peek() {
            let m = self.msgs[slot as usize];
            if m.gen == gen && m.place == Place::Visible {
                return;
            }
            self.visible.pop();
        }
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
        // Each 64 KB chunk of a payload is billed as one request (aws-facts.md §12); a
        // throttled call is billed too (a request SQS answered).
        queue.api_requests += bytes.div_ceil(64 * 1024).max(1);
        if !queue.admit_send(at) {
            queue.counts.throttled += 1;
            return core.fail(r, Cause::SQS_THROTTLED, node, fwd + SEND_US);
        }
        queue.counts.sent += 1;
        let group = queue.draw_group(core);
        let queue = &mut self.queues[q as usize];
        queue.store(at, at + queue.delay_us, core.now, group);
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

    /// Wakes one worker waiting on queue `q`, if it has something to hand out.
    pub fn wake_one(&mut self, core: &mut Core, q: u32) {
        self.queues[q as usize].settle(core.now);
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
            // A FIFO queue whose visible messages all belong to groups in flight has nothing
            // to hand out: its waiting workers keep waiting.
            if queue.waiting.is_empty() || !queue.receivable() {
                return;
            }
            let Some(w) = queue.waiting.pop_front() else { return };
            let since = std::mem::replace(&mut self.workers[w as usize].waiting_since, NOT_WAITING);
            queue.empty_receives += empty_receives(queue, core.now.saturating_sub(since));
            if queue.long_polling {
                core.queue.push(core.now, Ev::SqsPoll(w));
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
    /// the end of traffic. Returns whether it has a message to process (on a vCPU of its
    /// instance: the caller's part).
    pub fn receive(&mut self, core: &mut Core, w: u32) -> bool {
        let q = self.workers[w as usize].queue;
        if core.now >= core.end_us {
            return false;
        }
        self.queues[q as usize].settle(core.now);
        let mut batch = std::mem::take(&mut self.workers[w as usize].batch);
        batch.clear();
        let limit = self.queues[q as usize].batch as usize;
        let mut same = None;
        while batch.len() < limit {
            let queue = &mut self.queues[q as usize];
            let Some(slot) = queue.take(same) else { break };
            let m = queue.msgs[slot as usize];
            same = Some(m.group);
            if let Some((dlq, _)) = queue.dlq.filter(|(_, max)| m.receives >= *max) {
                queue.counts.dead_lettered += 1;
                queue.release(slot);
                // A standard queue's message keeps its enqueue time in the dead-letter queue,
                // a FIFO queue's starts again (messaging-facts.md §1.6); it keeps its group.
                let enqueued = if queue.fifo { core.now } else { m.enqueued };
                self.move_to(core, dlq, enqueued, m.group, m.poison);
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
            if queue.fifo {
                queue.groups[m.group as usize].in_flight += 1;
            }
            queue.in_flight.push_back((deadline, gen, slot));
            if deadline < core.end_us {
                core.queue.push(deadline, Ev::SqsDue(q));
            }
            batch.push((slot, gen));
        }
        let worker = &mut self.workers[w as usize];
        if worker.link != NONE {
            core.links[worker.link as usize].count += batch.len() as u64;
        }
        worker.batch = batch;
        worker.next = 0;
        if worker.batch.is_empty() {
            worker.waiting_since = core.now;
            self.queues[q as usize].waiting.push_back(w);
            false
        } else {
            self.queues[q as usize].api_requests += 1;
            true
        }
    }

    /// Worker `w` lets go of its batch unprocessed (its instance stopped): its messages stay
    /// in flight until their visibility timeout makes them visible again.
    pub fn abandon(&mut self, w: u32) {
        let worker = &mut self.workers[w as usize];
        worker.batch.clear();
        worker.next = 0;
    }

    /// Adds `count` workers of queue `q` on instance `inst` (`NONE`: none), each processing
    /// a message in `mean_us` on average, the link from the queue to their consumer counting
    /// the messages received; up to `MAX_WORKERS` in all. Returns the new workers' indices.
    pub fn add_workers(&mut self, q: u32, inst: u32, count: u32, mean_us: f64, link: u32) -> std::ops::Range<u32> {
        let first = self.workers.len() as u32;
        let room = MAX_WORKERS.saturating_sub(first);
        for _ in 0..count.min(room) {
            self.workers.push(Worker {
                queue: q,
                inst,
                holds: false,
                epoch: 0,
                mean_us,
                batch: Vec::new(),
                next: 0,
                link,
                waiting_since: NOT_WAITING,
            });
        }
        first..self.workers.len() as u32
    }

    /// A producer sends queue `q` a message no consumer can process (the `poison_message`
    /// fault), in a message group drawn like any other.
    pub fn poison(&mut self, core: &mut Core, q: u32) {
        let group = self.queues[q as usize].draw_group(core);
        let queue = &mut self.queues[q as usize];
        queue.counts.sent += 1;
        let slot = queue.store(core.now, core.now + queue.delay_us, core.now, group);
        queue.msgs[slot as usize].poison = true;
        let visible_at = core.now + queue.delay_us;
        self.arrived(core, q, visible_at);
    }

    /// SNS delivers a copy of a message to queue `q` at `at` (µs, now or later): it is
    /// stored as if sent (an SQS subscription is SNS calling SendMessage).
    pub fn deliver(&mut self, core: &mut Core, q: u32, at: u64) {
        let group = self.queues[q as usize].draw_group(core);
        let queue = &mut self.queues[q as usize];
        queue.counts.sent += 1;
        queue.store(at, at + queue.delay_us, core.now, group);
        core.nodes[queue.node as usize].stats.arrivals += 1;
        let visible_at = at + queue.delay_us;
        self.arrived(core, q, visible_at);
    }

    /// A message of group `group` moves into queue `q` (its dead-letter queue), kept its
    /// enqueue time `enqueued` (and its poison, if it is one).
    fn move_to(&mut self, core: &mut Core, q: u32, enqueued: u64, group: u32, poison: bool) {
        let queue = &mut self.queues[q as usize];
        queue.counts.moved_in += 1;
        let slot = queue.store(enqueued, core.now, core.now, group);
        queue.msgs[slot as usize].poison = poison;
        self.wake(core, q, 1);
    }

    /// Worker `w` finished its current message: it deletes it if its receipt is still the
    /// latest (consumed), else the work was a duplicate. Returns whether its batch has a next
    /// message (else it calls `ReceiveMessage` again: the caller's part).
    pub fn work_done(&mut self, core: &mut Core, w: u32) -> bool {
        let worker = &mut self.workers[w as usize];
        let q = worker.queue;
        let Some(&(slot, gen)) = worker.batch.get(worker.next) else { return false };
        worker.next += 1;
        let more = worker.next < worker.batch.len();
        // The consumer's node counts each message it processed as a request it served (a
        // failed one as an error), so that a worker group shows its work on the canvas.
        let consumer = (worker.link != NONE).then(|| core.links[worker.link as usize].to);
        let queue = &mut self.queues[q as usize];
        let m = queue.msgs[slot as usize];
        if let Some(stats) = consumer.and_then(|n| core.nodes.get_mut(n as usize)).map(|n| &mut n.stats) {
            stats.arrivals += 1;
            stats.done += 1;
            if m.poison && m.gen == gen {
                stats.errors += 1;
            }
        }
        // DeleteMessage, billed whether or not it still deletes.
        queue.api_requests += 1;
        // The receipt is the latest while the message's generation is the one it was
        // received with: in flight, or visible again after its timeout but not received
        // since (DeleteMessage takes the latest receipt handle).
        let mut unblocked = false;
        if m.poison && m.gen == gen {
            // The processing failed: no delete; the message comes back after its timeout.
            queue.counts.failed += 1;
            return more;
        }
        // A FIFO queue's receipt expires with the visibility timeout: the delete then fails
        // ("The receipt handle has expired", InvalidParameterValue: aws/aws-sdk-js#1279,
        // awsdocs/aws-doc-sdk-examples#165), the message stays for the next receive, and
        // no later message of its group can be consumed before it.
        let receipt_valid = m.place == Place::InFlight || (!queue.fifo && m.place == Place::Visible);
        if m.gen == gen && receipt_valid {
            if m.place == Place::InFlight {
                queue.n_in_flight -= 1;
            } else {
                queue.n_visible -= 1;
            }
            queue.consumed(m, core.now);
            queue.release(slot);
            queue.drop_stale_top();
            if queue.fifo && m.place == Place::InFlight {
                queue.group_lands(m.group);
                unblocked = queue.groups[m.group as usize].in_flight == 0;
            }
        } else {
            queue.counts.duplicates += 1;
        }
        // A FIFO group whose last in-flight message is gone hands out its next message: a
        // waiting worker may take it while this one finishes its batch.
        if unblocked && more {
            self.wake(core, q, 1);
        }
        more
    }

    /// The requests queue `q` is billed for by `now` (µs): its API calls, and the empty
    /// receives of its consumers' waits, those still waiting counted up to `now` or the end
    /// of traffic. A long poll returns empty after `receive_wait_s`, a short poll at once
    /// (one every `SHORT_POLL_US`): long polling makes fewer empty receives.
    pub(crate) fn billed_requests(&self, q: usize, now: u64, end: u64) -> u64 {
        let queue = &self.queues[q];
        let still: u64 = queue
            .waiting
            .iter()
            .map(|&w| empty_receives(queue, now.min(end).saturating_sub(self.workers[w as usize].waiting_since)))
            .sum();
        queue.api_requests + queue.empty_receives + still
    }

    /// Starts every worker there is (those of the design's instances): each calls
    /// `ReceiveMessage` at time 0. A group's workers start with their instance.
    pub(crate) fn start(&mut self, core: &mut Core) {
        for w in 0..self.workers.len() as u32 {
            core.queue.push(core.now, Ev::SqsPoll(w));
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
    Queue::new(node, &n.id, setup.region_coords(region), &n.spec)
}

/// Pass 2: queue `q`'s dead-letter queue and its consumers (an instance runs one worker per
/// vCPU, and so does each instance a group launches; each processes a message in its
/// application's `cpu_ms` on average, exponentially distributed, on a vCPU of its instance).
pub(crate) fn connect(sqs: &mut Sqs, q: u32, dlq: Option<u32>, setup: &mut dyn Setup) {
    let queue = &mut sqs.queues[q as usize];
    queue.dlq = dlq.zip(queue.max_receive_count).filter(|&(d, _)| d != q).map(|(d, max)| (d, max.max(1)));
    let (consumers, queue_id) = (queue.consumers.clone(), queue.id.clone());
    for c in consumers {
        let Some(node) = setup.doc_node(&c) else { continue };
        let Some((instance_type, _)) = node.spec.fleet() else { continue };
        let workers = vcpus(instance_type);
        let ms = node.spec.app().map_or(DEFAULT_PROCESSING_MS, |a| a.cpu_ms);
        // Messages flow along a link from the queue to its consumer (drawn with its rate).
        let to = setup.sim_node(&c);
        if to == NONE {
            continue;
        }
        let link = setup.link(&queue_id, to);
        let mean_us = if ms.is_finite() && ms > 0.0 { ms * 1_000.0 } else { DEFAULT_PROCESSING_MS * 1_000.0 };
        match setup.target(&c) {
            Target::Instance(i) => {
                sqs.add_workers(q, i, workers, mean_us, link);
            }
            _ => sqs.groups.push(GroupConsumer { node: to, asg: NONE, queue: q, mean_us, link }),
        }
    }
}

/// The empty `ReceiveMessage` calls a worker makes waiting `waited_us` on `queue`.
fn empty_receives(queue: &Queue, waited_us: u64) -> u64 {
    let period = if queue.long_polling { queue.wait_us } else { SHORT_POLL_US };
    waited_us / period.max(1)
}

fn vcpus(instance_type: &str) -> u32 {
    crate::catalog::instance_type(instance_type).map_or(2, |t| t.vcpus)
}
