//! SQS consumers on their instances: a worker polls only while its instance runs, processes each message on one of the instance's vCPUs (so the instance's CPU utilisation, and a group's CPU target tracking, see the work), lets its batch go when the instance stops, and an Auto Scaling group's new instances start workers of their own.
//!
//! The queue side (receives, visibility, deletes) is `sim.rs`; this part works across the
//! simulation's components (the instances, the load balancers whose requests share the
//! vCPUs, the groups), like `services::autoscaling::scaling`.

use super::sim::GroupConsumer;
use crate::des::core::US_PER_S;
use crate::des::kernel::{Ev, NONE};
use crate::services::ec2::sim::Life;
use crate::sim::Simulation;

/// A worker whose instance is down (crashed, stopped, impaired, in an AZ that is out) looks
/// again this often whether it runs again (a teaching assumption: an application's
/// supervisor restarts its pollers within about a second of the instance being back).
const HOST_RETRY_US: u64 = US_PER_S;

/// How a worker's instance is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Host {
    /// Running, its application answering: the worker polls.
    Up,
    /// Not running now but may again (pending, crashed, stopped, impaired, its AZ out).
    Down,
    /// Terminated (or shutting down): the worker is gone for good.
    Gone,
}

impl Simulation {
    /// The groups that consume queues, matched with their index in `asgs` (before they
    /// launch their first instances).
    pub(crate) fn bind_group_consumers(&mut self) {
        for g in &mut self.sqs.groups {
            g.asg = self.asgs.iter().position(|a| a.node == g.node).map_or(NONE, |a| a as u32);
            if let Some(asg) = self.asgs.get_mut(g.asg as usize).filter(|a| a.queue == NONE) {
                asg.queue = g.queue;
            }
        }
    }

    /// Group `a` launched instance `i`: it runs one worker per vCPU for each queue the
    /// group consumes, which start polling once the instance runs.
    pub(crate) fn start_workers_on(&mut self, a: u32, i: u32) {
        let inst = &self.ec2.instances[i as usize];
        let (vcpus, start) = (inst.cpu.servers, inst.running_at.max(self.core.now));
        let consumers: Vec<(u32, f64, u32)> = self
            .sqs
            .groups
            .iter()
            .filter(|g: &&GroupConsumer| g.asg == a)
            .map(|g| (g.queue, g.mean_us, g.link))
            .collect();
        for (q, mean_us, link) in consumers {
            for w in self.sqs.add_workers(q, i, vcpus, mean_us, link) {
                if start < self.core.end_us {
                    self.core.queue.push(start, Ev::SqsPoll(w));
                }
            }
        }
    }

    fn host(&self, w: u32) -> Host {
        let (i, q) = (self.sqs.workers[w as usize].inst, self.sqs.workers[w as usize].queue);
        let host = match self.ec2.instances.get(i as usize) {
            None => Host::Up,
            Some(inst) => match inst.life {
                Life::Terminated | Life::ShuttingDown => Host::Gone,
                Life::Running if !inst.crashed && !inst.impaired && !self.az_is_down(inst.cpu.az) => Host::Up,
                _ => Host::Down,
            },
        };
        // The queue's consumers are down (their application crashed): as if the instance were.
        if host == Host::Up && self.sqs.queues[q as usize].consumers_down > 0 {
            return Host::Down;
        }
        host
    }

    /// An `SqsPoll` event: worker `w` calls `ReceiveMessage` if its instance runs (else it
    /// looks again later, or is gone with its instance), and starts on what it got.
    pub(crate) fn sqs_poll(&mut self, w: u32) {
        match self.host(w) {
            Host::Up => {
                if self.sqs.receive(&mut self.core, w) {
                    self.sqs_process(w);
                }
            }
            Host::Down => {
                self.retry_later(w);
                self.pass_wake_on(w);
            }
            Host::Gone => self.pass_wake_on(w),
        }
    }

    /// Worker `w` cannot take what it was woken for (its instance is down or gone): another
    /// waiting worker of its queue is woken in its place, so that a message does not wait
    /// for the next arrival behind a worker that will never receive it.
    fn pass_wake_on(&mut self, w: u32) {
        let q = self.sqs.workers[w as usize].queue;
        self.sqs.wake_one(&mut self.core, q);
    }

    fn retry_later(&mut self, w: u32) {
        let at = self.core.now + HOST_RETRY_US;
        if at < self.core.end_us {
            self.core.queue.push(at, Ev::SqsPoll(w));
        }
    }

    /// Worker `w` processes its current message on a vCPU of its instance: at once if one
    /// is free, else once the instance's work lets one go (`Ec2::free_vcpu`).
    fn sqs_process(&mut self, w: u32) {
        let i = self.sqs.workers[w as usize].inst;
        let Some(inst) = self.ec2.instances.get_mut(i as usize) else { return self.sqs_run(w) };
        inst.cpu.account(self.core.now);
        if inst.cpu.busy < inst.cpu.servers {
            inst.cpu.busy += 1;
            self.sqs_run(w);
        } else {
            inst.cpu_waiters.push_back(w);
        }
    }

    /// Worker `w` holds its vCPU (if it has an instance) and works on its message for an
    /// exponential time of mean `mean_us`.
    fn sqs_run(&mut self, w: u32) {
        let i = self.sqs.workers[w as usize].inst;
        let epoch = self.ec2.instances.get(i as usize).map(|inst| inst.epoch);
        let worker = &mut self.sqs.workers[w as usize];
        worker.holds = epoch.is_some();
        worker.epoch = epoch.unwrap_or(0);
        let t = self.core.rng.exp_us(worker.mean_us);
        self.core.queue.push(self.core.now + t, Ev::SqsWork(w));
    }

    /// The workers a freed vCPU of instance `i` went to start working.
    pub(crate) fn start_granted(&mut self, i: usize) {
        let granted = std::mem::take(&mut self.ec2.instances[i].granted);
        for &w in &granted {
            self.sqs_run(w);
        }
        let mut granted = granted;
        granted.clear();
        self.ec2.instances[i].granted = granted;
    }

    /// An `SqsWork` event: worker `w` is done with its message's CPU work. It lets its vCPU
    /// go (unless a crash took every vCPU meanwhile); if its instance still runs, it deletes
    /// the message and goes on with its batch or receives again; if not, the batch is left
    /// in flight (visible again after its timeout) and the worker waits for its instance.
    pub(crate) fn sqs_work(&mut self, w: u32) {
        let worker = &mut self.sqs.workers[w as usize];
        let (i, epoch) = (worker.inst as usize, worker.epoch);
        if std::mem::replace(&mut worker.holds, false) && self.ec2.instances.get(i).is_some_and(|x| x.epoch == epoch) {
            self.ec2.free_vcpu(&mut self.core, &mut self.elb.lbs, i);
            self.start_granted(i);
        }
        match self.host(w) {
            Host::Up => {
                if self.sqs.work_done(&mut self.core, w) {
                    self.sqs_process(w);
                } else {
                    self.sqs_poll(w);
                }
            }
            Host::Down => {
                self.sqs.abandon(w);
                self.retry_later(w);
            }
            Host::Gone => self.sqs.abandon(w),
        }
    }

    /// Instance `i` lost its vCPUs (a crash, a termination): the workers waiting for one
    /// let their batches go and look for their instance again later.
    pub(crate) fn drop_cpu_waiters(&mut self, i: u32) {
        let waiters: Vec<u32> = self.ec2.instances[i as usize].cpu_waiters.drain(..).collect();
        for w in waiters {
            self.sqs.abandon(w);
            self.retry_later(w);
        }
    }
}
