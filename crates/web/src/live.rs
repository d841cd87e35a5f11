//! The running simulation: stepped each animation frame within a work budget, at a chosen speed, with owned snapshots for the canvas, the charts and the event log.

use engine::model::{NodeId, Scenario};
use engine::sim::{SimEvent, Simulation};
use engine::Text;
use std::collections::VecDeque;

/// Most events processed in one animation frame: keeps a frame's script work bounded
/// whatever the speed; when it is hit, the achieved speed shown is lower than asked.
pub const EVENT_BUDGET: u64 = 150_000;
/// Longest wall-clock gap taken into account in one frame (a background tab comes back gently).
const MAX_FRAME_MS: f64 = 100.0;
/// The fixed timestep: wall time is accumulated and the engine advanced in steps of this
/// much wall time (times the speed), so every frame rate sees the same sequence of steps.
pub const STEP_MS: f64 = 1000.0 / 60.0;
/// Most steps taken in one frame to catch up; a larger backlog is dropped (and the achieved
/// speed shows it) rather than freezing the page.
pub const MAX_CATCH_UP: u32 = 4;
/// Chart samples kept (one per sample period).
pub const HISTORY: usize = 120;
/// Wall-clock time between chart samples.
pub const SAMPLE_MS: f64 = 250.0;

/// A component's numbers at the latest frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeStat {
    /// The component.
    pub id: NodeId,
    /// Requests per second.
    pub rps: f64,
    /// Failures per second.
    pub errors_per_s: f64,
    /// 0 to 1.
    pub utilisation: f64,
    /// Requests waiting.
    pub queue: u32,
    /// Mean latency here and below, ms.
    pub latency_ms: f64,
    /// EBS IOPS used and limit.
    pub iops: Option<(f64, f64)>,
    /// Some request through here is blocked by the network model.
    pub blocked: bool,
}

/// A path's rate at the latest frame; `from` is `None` for users (a client population).
#[derive(Clone, Debug, PartialEq)]
pub struct LinkStat {
    /// Source component, or `None` for users.
    pub from: Option<NodeId>,
    /// Destination component.
    pub to: NodeId,
    /// Requests per second.
    pub rps: f64,
}

/// One point of the live charts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sample {
    /// Simulated time, s.
    pub t_s: f64,
    /// End-to-end requests per second.
    pub rps: f64,
    /// Latency percentiles, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
    /// Failures per second.
    pub errors_per_s: f64,
    /// Instances serving traffic.
    pub instances: f64,
    /// EBS I/Os per second, all volumes.
    pub iops: f64,
    /// Cost so far, USD.
    pub cost_usd: f64,
}

/// The simulation and what the UI shows of it.
pub struct Live {
    sim: Simulation,
    /// Advancing with the wall clock.
    pub running: bool,
    /// Simulated seconds per wall second.
    pub speed: f64,
    /// The speed actually achieved over the last frame.
    pub achieved: f64,
    last_wall_ms: Option<f64>,
    accumulator_ms: f64,
    last_sample_ms: f64,
    last_event_us: u64,
    /// Latest numbers per component.
    pub nodes: Vec<NodeStat>,
    /// Latest rate per path.
    pub links: Vec<LinkStat>,
    /// Chart history, oldest first.
    pub samples: VecDeque<Sample>,
    /// Nothing left to simulate.
    pub finished: bool,
}

impl Live {
    /// Start a simulation of `s` (paused, at time 0).
    pub fn new(s: &Scenario) -> Result<Live, Text> {
        let sim = Simulation::new(s, s.simulation.seed).map_err(|e| e.message())?;
        let mut live = Live {
            sim,
            running: false,
            speed: 1.0,
            achieved: 0.0,
            last_wall_ms: None,
            accumulator_ms: 0.0,
            last_sample_ms: f64::NEG_INFINITY,
            last_event_us: 0,
            nodes: vec![],
            links: vec![],
            samples: VecDeque::new(),
            finished: false,
        };
        live.snapshot();
        Ok(live)
    }

    /// Simulated time, µs.
    pub fn now_us(&self) -> u64 {
        self.sim.now()
    }

    /// The simulation's end, µs.
    pub fn end_us(&self) -> u64 {
        self.sim.end_us()
    }

    /// Advance with the wall clock (`wall_ms` from `performance.now()`); returns new events.
    pub fn tick(&mut self, wall_ms: f64) -> Vec<SimEvent> {
        let dt = match self.last_wall_ms {
            Some(last) => (wall_ms - last).clamp(0.0, MAX_FRAME_MS),
            None => 0.0,
        };
        self.last_wall_ms = Some(wall_ms);
        if !self.running || dt <= 0.0 {
            return vec![];
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
    pub fn step_second(&mut self, wall_ms: f64) -> Vec<SimEvent> {
        let target = self.sim.now().saturating_add(1_000_000);
        let step = self.sim.step_until(target, u64::MAX);
        self.last_sample_ms = f64::NEG_INFINITY;
        self.after_step(step.finished, wall_ms)
    }

    /// Break something now (a fault of the engine's resilience model, e.g. an instance
    /// crash or an AZ outage); `Err` says why it cannot be (an unknown target, say).
    pub fn inject(&mut self, kind: engine::resilience::FaultKind) -> Result<(), Text> {
        self.sim.inject(kind).map(|_| ()).map_err(|e| e.message())
    }

    /// Pause or resume; resuming forgets the wall-clock gap.
    pub fn set_running(&mut self, running: bool) {
        self.running = running && !self.finished;
        self.last_wall_ms = None;
        self.accumulator_ms = 0.0;
        if !self.running {
            self.achieved = 0.0;
        }
    }

    fn after_step(&mut self, finished: bool, wall_ms: f64) -> Vec<SimEvent> {
        self.finished = finished;
        if finished {
            self.running = false;
        }
        self.snapshot();
        if wall_ms - self.last_sample_ms >= SAMPLE_MS || finished {
            self.last_sample_ms = wall_ms;
            self.sample();
        }
        let frame = self.sim.frame();
        let fresh: Vec<SimEvent> =
            frame.recent.iter().filter(|e| e.t_us > self.last_event_us).map(|e| (*e).clone()).collect();
        if let Some(last) = fresh.last() {
            self.last_event_us = last.t_us;
        }
        fresh
    }

    fn snapshot(&mut self) {
        let frame = self.sim.frame();
        self.nodes = frame
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
            .collect();
        self.links = frame
            .links
            .iter()
            .map(|l| LinkStat {
                from: (!l.from_users).then(|| NodeId(l.from.to_string())),
                to: l.to.clone(),
                rps: l.rps,
            })
            .collect();
    }

    fn sample(&mut self) {
        let frame = self.sim.frame();
        let e = frame.end_to_end;
        let instances = frame.nodes.iter().filter(|n| n.kind == "instance" && n.rps > 0.0).count() as f64;
        let iops = frame.nodes.iter().filter_map(|n| n.iops.map(|i| i.used)).sum();
        self.samples.push_back(Sample {
            t_s: frame.t_us as f64 / 1e6,
            rps: e.rps,
            p50_ms: e.p50_ms,
            p99_ms: e.p99_ms,
            errors_per_s: e.errors_per_s,
            instances,
            iops,
            cost_usd: frame.cost_usd,
        });
        while self.samples.len() > HISTORY {
            self.samples.pop_front();
        }
    }

    /// The latest numbers of a component.
    pub fn node(&self, id: &NodeId) -> Option<&NodeStat> {
        self.nodes.iter().find(|n| &n.id == id)
    }

    /// Whether the run met the scenario's goals, and a line per goal (when finished).
    pub fn goals(&self) -> Vec<(bool, String)> {
        let summary = self.sim.summary();
        serde_json::to_value(&summary)
            .ok()
            .and_then(|v| v.get("goals").cloned())
            .and_then(|g| g.as_array().cloned())
            .unwrap_or_default()
            .iter()
            .map(|g| {
                let met = g.get("met").and_then(|m| m.as_bool()).unwrap_or(false);
                (met, g.to_string())
            })
            .collect()
    }
}

/// `h:mm:ss` of a simulated time.
pub fn clock(t_us: u64) -> String {
    let s = t_us / 1_000_000;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
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
        let mut live = Live::new(&reference()).unwrap();
        live.speed = 10.0;
        live.set_running(true);
        live.tick(1000.0);
        assert_eq!(live.now_us(), 0, "the first tick only starts the clock");
        live.tick(1050.0);
        // 50 ms of wall time = three fixed steps of 1/60 s; at 10x, 0.5 simulated seconds.
        let step = (STEP_MS * 1000.0 * 10.0) as u64;
        assert_eq!(live.now_us(), 3 * step);
        assert!((live.achieved - 10.0).abs() < 0.01, "{}", live.achieved);
        live.tick(1058.0);
        assert_eq!(live.now_us(), 3 * step, "8 ms is less than a step: accumulated, not simulated");
        live.tick(1067.0);
        assert_eq!(live.now_us(), 4 * step, "17 ms accumulated: one step");
        live.tick(5000.0);
        assert_eq!(live.now_us(), 4 * step + u64::from(MAX_CATCH_UP) * step, "catch-up is capped");
    }

    #[test]
    fn paused_does_not_advance_and_step_moves_one_second() {
        let mut live = Live::new(&reference()).unwrap();
        live.tick(0.0);
        live.tick(50.0);
        assert_eq!(live.now_us(), 0);
        live.step_second(60.0);
        assert_eq!(live.now_us(), 1_000_000);
        assert!(live.nodes.iter().any(|n| n.rps > 0.0), "traffic is flowing after a second");
        assert!(live.links.iter().any(|l| l.from.is_none() && l.rps > 0.0), "users send requests");
        assert_eq!(live.samples.len(), 1);
    }

    #[test]
    fn a_design_without_traffic_says_why() {
        let two_tier = Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap();
        let err = Live::new(&two_tier).err().expect("no traffic");
        assert!(!err.en.is_empty() && !err.ko.is_empty());
    }

    #[test]
    fn clock_reads_like_a_clock() {
        assert_eq!(clock(3_723_000_000), "1:02:03");
    }
}
