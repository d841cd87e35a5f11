//! The running simulation in the worker: advanced by the page's ticks within a work budget, at a chosen speed, on a fixed timestep, and turned into owned frames.

use crate::wire::{Action, DbStat, Frame, Goal, InstanceStat, LinkStat, NodeStat, RunEnd, Sample, USERS_PREFIX};
use engine::model::{NodeId, Scenario};
use engine::sim::{SimEvent, Simulation};
use engine::Msg;

/// Most events processed in one tick: keeps a tick's work bounded whatever the speed; when
/// it is hit, the achieved speed shown is lower than asked.
pub const EVENT_BUDGET: u64 = 150_000;
/// Longest wall-clock gap taken into account in one tick (a background tab comes back gently).
const MAX_FRAME_MS: f64 = 100.0;
/// The fixed timestep: wall time is accumulated and the engine advanced in steps of this
/// much wall time (times the speed), so every frame rate sees the same sequence of steps.
pub const STEP_MS: f64 = 1000.0 / 60.0;
/// Most steps taken in one tick to catch up; a larger backlog is dropped (and the achieved
/// speed shows it) rather than freezing.
pub const MAX_CATCH_UP: u32 = 4;
/// Wall-clock time between chart samples.
pub const SAMPLE_MS: f64 = 250.0;

/// The simulation and its wall-clock bookkeeping.
pub struct Runner {
    sim: Simulation,
    run: u32,
    running: bool,
    speed: f64,
    achieved: f64,
    last_wall_ms: Option<f64>,
    accumulator_ms: f64,
    last_sample_ms: f64,
    last_event_us: u64,
    finished: bool,
    /// The run's end, computed once (the summary walks every component and fault).
    summary: Option<RunEnd>,
    /// The goals checked so far (at the sample rate: checking walks every component).
    goals: Vec<Goal>,
    /// The populations' names, in document order: a path from users names its population
    /// by index (`USERS_PREFIX`).
    populations: Vec<String>,
}

impl Runner {
    /// Start a simulation of `s` (paused, at time 0) as the page's run `run`.
    pub fn new(s: &Scenario, run: u32, speed: f64) -> Result<Runner, Msg> {
        let sim = Simulation::new(s, s.simulation.seed).map_err(|e| e.message())?;
        Ok(Runner {
            sim,
            run,
            running: false,
            speed,
            achieved: 0.0,
            last_wall_ms: None,
            accumulator_ms: 0.0,
            last_sample_ms: f64::NEG_INFINITY,
            last_event_us: 0,
            finished: false,
            summary: None,
            goals: Vec::new(),
            populations: s.traffic.iter().map(|p| p.name.clone()).collect(),
        })
    }

    /// The page's number for this run.
    pub fn run_id(&self) -> u32 {
        self.run
    }

    /// Simulated time, µs.
    pub fn now_us(&self) -> u64 {
        self.sim.now()
    }

    /// The frame as it stands, without advancing.
    pub fn snapshot(&mut self) -> Frame {
        self.frame(false)
    }

    /// Change the speed (simulated seconds per wall second).
    pub fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() && speed > 0.0 {
            self.speed = speed;
        }
    }

    /// Advance with the wall clock (`wall_ms` from the page's `performance.now()`).
    pub fn tick(&mut self, wall_ms: f64) -> Frame {
        let dt = match self.last_wall_ms {
            Some(last) => (wall_ms - last).clamp(0.0, MAX_FRAME_MS),
            None => 0.0,
        };
        self.last_wall_ms = Some(wall_ms);
        if !self.running || dt <= 0.0 {
            return self.frame(false);
        }
        let before = self.sim.now();
        self.accumulator_ms += dt;
        let step_us = (STEP_MS * 1000.0 * self.speed) as u64;
        let (mut steps, mut finished) = (0, false);
        // (A microsecond of slack: three steps of 1000/60 ms add up to a hair over 50 ms.)
        while self.accumulator_ms + 1e-3 >= STEP_MS && steps < MAX_CATCH_UP && !finished {
            let target = self.sim.now().saturating_add(step_us);
            let step = self.sim.step_until(target, EVENT_BUDGET / u64::from(MAX_CATCH_UP));
            self.accumulator_ms -= STEP_MS;
            steps += 1;
            finished = step.finished;
            if step.budget_exhausted {
                // The engine cannot keep up at this speed: drop the backlog.
                self.accumulator_ms = 0.0;
                break;
            }
        }
        if steps == MAX_CATCH_UP {
            self.accumulator_ms = self.accumulator_ms.min(STEP_MS);
        }
        self.achieved = (self.sim.now() - before) as f64 / 1000.0 / dt;
        self.after_step(finished, wall_ms)
    }

    /// Advance one simulated second (the Step button).
    pub fn step_second(&mut self, wall_ms: f64) -> Frame {
        let target = self.sim.now().saturating_add(1_000_000);
        let step = self.sim.step_until(target, u64::MAX);
        self.last_sample_ms = f64::NEG_INFINITY;
        self.after_step(step.finished, wall_ms)
    }

    /// Pause or resume; resuming forgets the wall-clock gap.
    pub fn set_running(&mut self, running: bool) -> Frame {
        self.running = running && !self.finished;
        self.last_wall_ms = None;
        self.accumulator_ms = 0.0;
        if !self.running {
            self.achieved = 0.0;
        }
        self.frame(false)
    }

    fn after_step(&mut self, finished: bool, wall_ms: f64) -> Frame {
        self.finished = finished;
        if finished {
            self.running = false;
            if self.summary.is_none() {
                self.summary = Some(RunEnd::of(&self.sim.summary()));
            }
        }
        let sample = wall_ms - self.last_sample_ms >= SAMPLE_MS || finished;
        if sample {
            self.last_sample_ms = wall_ms;
            self.goals = self
                .sim
                .goals_so_far()
                .iter()
                .map(|g| Goal { goal: g.goal.to_string(), target: g.target, actual: g.actual, met: g.met })
                .collect();
        }
        self.frame(sample)
    }

    /// Break something now (the canvas's Break menu). Refused with a reason when the target
    /// does not exist or cannot fail that way.
    pub fn inject(&mut self, kind: engine::resilience::FaultKind) -> Result<Frame, Msg> {
        self.sim.inject(kind).map_err(|e| e.message())?;
        Ok(self.frame(false))
    }

    /// A lifecycle action on an instance or database (not a fault): stop, hibernate, start,
    /// promote a read replica. Refused with the engine's reason (e.g. stopping a stopped
    /// instance).
    pub fn act(&mut self, action: &Action) -> Result<Frame, Msg> {
        let done = match action {
            Action::Stop(id) => self.sim.stop_instance(id.as_str(), false),
            Action::Hibernate(id) => self.sim.stop_instance(id.as_str(), true),
            Action::Start(id) => self.sim.start_instance(id.as_str()),
            Action::Promote(id) => self.sim.promote_read_replica(id.as_str()),
        };
        done.map_err(|e| e.message())?;
        Ok(self.frame(false))
    }

    /// End every fault still active (the Repair button).
    pub fn repair_all(&mut self) -> Frame {
        let ids: Vec<_> = self.sim.active_faults().into_iter().map(|(id, _)| id).collect();
        for id in ids {
            // Cannot fail: the id was active a moment ago.
            let _ = self.sim.clear(id);
        }
        self.frame(false)
    }

    /// Everything the page shows, now; with a chart point when `sample`.
    fn frame(&mut self, sample: bool) -> Frame {
        let faults = self.sim.fault_reports();
        let active_faults = self.sim.active_faults().len() as u32;
        let frame = self.sim.frame();
        // As Auto Scaling's GroupInServiceInstances counts them, plus stand-alone instances
        // that are up: not "document instances with traffic", which is 0 for a group.
        let in_service = frame.instances_in_service();
        let events: Vec<SimEvent> =
            frame.recent.iter().filter(|e| e.t_us > self.last_event_us).map(|e| (*e).clone()).collect();
        if let Some(last) = events.last() {
            self.last_event_us = last.t_us;
        }
        let queues = || frame.nodes.iter().filter_map(|n| n.messages.as_ref());
        let sample = sample.then(|| {
            let e = frame.end_to_end;
            Sample {
                t_s: frame.t_us as f64 / 1e6,
                rps: e.rps,
                p50_ms: e.p50_ms,
                p99_ms: e.p99_ms,
                errors_per_s: e.errors_per_s,
                instances: f64::from(in_service),
                iops: frame.nodes.iter().filter_map(|n| n.iops.map(|i| i.used)).sum(),
                cost_usd: frame.cost_usd,
                backlog: queues().map(|q| q.backlog as f64).sum(),
                oldest_age_s: queues().map(|q| q.oldest_age_s).fold(0.0, f64::max),
                lost: queues().map(|q| q.expired as f64).sum(),
            }
        });
        Frame {
            run: self.run,
            now_us: self.sim.now(),
            end_us: self.sim.end_us(),
            achieved: self.achieved,
            running: self.running,
            finished: self.finished,
            active_faults,
            nodes: frame
                .nodes
                .iter()
                .map(|n| NodeStat {
                    id: n.id.clone(),
                    rps: n.rps,
                    errors_per_s: n.errors_per_s,
                    utilisation: n.utilisation,
                    queue: n.queue,
                    latency_ms: n.latency_ms,
                    iops: n.iops.map(|i| (i.used, i.limit)),
                    blocked: n.blocked,
                })
                .collect(),
            links: frame
                .links
                .iter()
                .map(|l| LinkStat {
                    from: if l.from_users {
                        self.populations.iter().position(|n| n == l.from).map(|i| NodeId(format!("{USERS_PREFIX}{i}")))
                    } else {
                        Some(NodeId(l.from.to_string()))
                    },
                    to: l.to.clone(),
                    rps: l.rps,
                })
                .collect(),
            instances: frame.instances.iter().map(InstanceStat::from).collect(),
            faults,
            sample,
            events,
            in_service,
            zones_down: frame.zones_down.iter().map(|z| (*z).clone()).collect(),
            regions_down: frame.regions_down.iter().map(|r| (*r).clone()).collect(),
            dbs: frame
                .nodes
                .iter()
                .filter(|n| n.primary_az.is_some())
                .map(|n| DbStat {
                    id: n.id.clone(),
                    primary_az: n.primary_az.cloned(),
                    standby_az: n.standby_az.cloned(),
                    available: n.available.unwrap_or(true),
                })
                .collect(),
            summary: self.summary.clone(),
            goals: self.goals.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> Scenario {
        let text = engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == "reference-web-app").unwrap().1;
        Scenario::from_json(text).unwrap()
    }

    #[test]
    fn ticks_follow_the_wall_clock_times_the_speed() {
        let mut r = Runner::new(&reference(), 1, 10.0).unwrap();
        r.set_running(true);
        r.tick(1000.0);
        assert_eq!(r.now_us(), 0, "the first tick only starts the clock");
        let f = r.tick(1050.0);
        // 50 ms of wall time = three fixed steps of 1/60 s; at 10x, 0.5 simulated seconds.
        let step = (STEP_MS * 1000.0 * 10.0) as u64;
        assert_eq!(r.now_us(), 3 * step);
        assert_eq!(f.now_us, 3 * step);
        assert!((f.achieved - 10.0).abs() < 0.01, "{}", f.achieved);
        r.tick(1058.0);
        assert_eq!(r.now_us(), 3 * step, "8 ms is less than a step: accumulated, not simulated");
        r.tick(1067.0);
        assert_eq!(r.now_us(), 4 * step, "17 ms accumulated: one step");
        r.tick(5000.0);
        assert_eq!(r.now_us(), 4 * step + u64::from(MAX_CATCH_UP) * step, "catch-up is capped");
    }

    #[test]
    fn paused_does_not_advance_and_step_moves_one_second() {
        let mut r = Runner::new(&reference(), 1, 10.0).unwrap();
        r.tick(0.0);
        let f = r.tick(50.0);
        assert_eq!(f.now_us, 0);
        assert!(f.sample.is_none());
        let f = r.step_second(60.0);
        assert_eq!(f.now_us, 1_000_000);
        assert!(f.nodes.iter().any(|n| n.rps > 0.0), "traffic is flowing after a second");
        assert!(
            f.links.iter().any(|l| l.from == Some(NodeId(format!("{USERS_PREFIX}0"))) && l.rps > 0.0),
            "users send requests, named by their population"
        );
        // The reference app has four goals: a verdict for each from the first second.
        assert_eq!(f.goals.len(), 4);
        assert!(f.sample.is_some(), "a step always takes a chart point");
        assert_eq!(f.instances.iter().filter(|i| i.lifecycle == "running").count(), 6);
    }

    #[test]
    fn a_design_without_traffic_says_why() {
        let two_tier = Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap();
        let err = Runner::new(&two_tier, 1, 1.0).err().expect("no traffic");
        assert!(!err.en().is_empty() && !err.ko().is_empty());
    }

    #[test]
    fn refusals_come_back_with_the_engines_reason() {
        let mut r = Runner::new(&reference(), 1, 1.0).unwrap();
        let crash = engine::resilience::FaultKind::InstanceCrash { target: "nope".into() };
        assert!(r.inject(crash).unwrap_err().en().contains("nope"));
        let f = r.inject(engine::resilience::FaultKind::InstanceCrash { target: "i-web-a1".into() }).unwrap();
        assert_eq!(f.active_faults, 1);
        assert_eq!(f.faults.len(), 1);
        assert_eq!(r.repair_all().active_faults, 0);
    }
}
