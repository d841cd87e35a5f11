//! The EC2 instance lifecycle driven by a person: stop (or hibernate) and start, with billing per state (aws-facts.md §1.1: pending, stopping and stopped are not billed, except stopping to hibernate; EBS always is).

use super::faults::FaultError;
use super::{Ev, Simulation};
use crate::des::core::US_PER_S;
use crate::des::kernel::*;
use crate::services::autoscaling::scaling::BOOT_US;
use crate::services::ec2::sim::Life;

/// How long `stopping` lasts (a teaching value: AWS does not publish it; hibernation also
/// writes RAM to the root volume, so it takes longer).
const STOPPING_US: u64 = 10 * US_PER_S;
const HIBERNATING_US: u64 = 30 * US_PER_S;

impl Simulation {
    /// Stops (or hibernates) a running instance, as EC2 `StopInstances`: it loses its
    /// requests, goes `stopping`, then `stopped`. An Auto Scaling group replaces a stopped
    /// member.
    pub fn stop_instance(&mut self, id: &str, hibernate: bool) -> Result<(), FaultError> {
        let i = self.instance_named(id)?;
        let life = self.ec2.instances[i as usize].life;
        if life != Life::Running {
            return Err(FaultError::IncorrectInstanceState { target: id.to_string(), state: life.name() });
        }
        let billed = self.billed_us(i);
        self.lose_requests(i);
        let inst = &mut self.ec2.instances[i as usize];
        inst.billed_us = billed;
        inst.life = Life::Stopping;
        inst.hibernating = hibernate;
        inst.state_since = self.core.now;
        let epoch = inst.epoch;
        let (node, name) = (inst.node, inst.id.to_string());
        let took = if hibernate { HIBERNATING_US } else { STOPPING_US };
        self.core.queue.push(self.core.now + took, Ev::Lifecycle(i, epoch));
        let message = if hibernate {
            msg!("lifecycle.hibernating_ram_written_ebs", name = name)
        } else {
            msg!("lifecycle.stopping_not_billed_ebs", name = name)
        };
        self.core.control(Some(node), "EC2.Stopping", message);
        Ok(())
    }

    /// Starts a stopped instance, as EC2 `StartInstances`: `pending` for the boot time, then
    /// `running` (a new billing period).
    pub fn start_instance(&mut self, id: &str) -> Result<(), FaultError> {
        let i = self.instance_named(id)?;
        let life = self.ec2.instances[i as usize].life;
        if life != Life::Stopped {
            return Err(FaultError::IncorrectInstanceState { target: id.to_string(), state: life.name() });
        }
        let inst = &mut self.ec2.instances[i as usize];
        inst.life = Life::Pending;
        inst.hibernating = false;
        inst.state_since = self.core.now;
        inst.running_at = self.core.now + BOOT_US;
        let (epoch, node, name) = (inst.epoch, inst.node, inst.id.to_string());
        self.core.queue.push(self.core.now + BOOT_US, Ev::Lifecycle(i, epoch));
        self.core.control(Some(node), "EC2.Pending", msg!("lifecycle.starting_pending", name = name));
        Ok(())
    }

    /// `stopping` ends in `stopped`; `pending` ends in `running` (Auto Scaling members boot
    /// on the group's tick instead).
    pub(crate) fn lifecycle_step(&mut self, i: u32, epoch: u32) {
        let Some(inst) = self.ec2.instances.get_mut(i as usize) else { return };
        if inst.epoch != epoch {
            return;
        }
        let (node, name) = (inst.node, inst.id.to_string());
        match inst.life {
            Life::Stopping => {
                if inst.hibernating {
                    inst.billed_us += self.core.now - inst.state_since;
                }
                inst.life = Life::Stopped;
                inst.state_since = self.core.now;
                self.core.control(Some(node), "EC2.Stopped", msg!("lifecycle.stopped", name = name));
            }
            Life::Pending if inst.asg == NONE => {
                inst.life = Life::Running;
                inst.state_since = self.core.now;
                self.core.control(Some(node), "EC2.Running", msg!("lifecycle.running", name = name));
            }
            _ => {}
        }
    }

    /// Billed time of instance `i` so far, µs: running periods, and stopping while
    /// hibernating (aws-facts.md §1.1).
    pub(crate) fn billed_us(&self, i: u32) -> u64 {
        let inst = &self.ec2.instances[i as usize];
        inst.billed_us
            + match inst.life {
                Life::Running | Life::ShuttingDown => self.core.now.saturating_sub(inst.running_at),
                Life::Stopping if inst.hibernating => self.core.now.saturating_sub(inst.state_since),
                _ => 0,
            }
    }
}
