//! The running simulation as the page sees it: the latest frame from the simulator's worker (numbers, instances, faults, chart history), kept between frames; the page never steps the simulation itself.

use engine::model::NodeId;
use simworker::wire::{Frame, Tables};
use std::collections::VecDeque;

pub use simworker::runner::SAMPLE_MS;
pub use simworker::wire::{Action, InstanceStat, LinkStat, NodeStat, Sample};

/// Chart samples kept (one per sample period).
pub const HISTORY: usize = 120;

/// The page's mirror of one run.
pub struct Live {
    /// The page's number for this run (frames of another run are ignored).
    pub run: u32,
    /// The worker has answered the load with a first frame.
    pub loaded: bool,
    /// Advancing with the wall clock (the page's wish: set at once when a person presses
    /// Run or Pause, not by frames already on their way).
    pub running: bool,
    /// Simulated seconds per wall second.
    pub speed: f64,
    /// The speed actually achieved over the last tick.
    pub achieved: f64,
    now_us: u64,
    end_us: u64,
    active_faults: u32,
    /// Latest numbers per component.
    pub nodes: Vec<NodeStat>,
    /// Latest rate per path.
    pub links: Vec<LinkStat>,
    /// Chart history, oldest first.
    pub samples: VecDeque<Sample>,
    /// Every instance and its state.
    pub instances: Vec<InstanceStat>,
    /// Every fault so far, scheduled or injected, with its recovery numbers.
    pub faults: Vec<engine::sim::FaultReport>,
    /// Nothing left to simulate.
    pub finished: bool,
    tables: Tables,
}

/// What a frame changed that the page reacts to beyond redrawing.
#[derive(Debug, Default, PartialEq)]
pub struct Applied {
    /// The first frame of the run: the simulation exists.
    pub started: bool,
    /// The run ended with this frame.
    pub finished: bool,
    /// Events since the previous frame.
    pub events: Vec<engine::sim::SimEvent>,
}

impl Live {
    /// A run the page has asked the worker to load (no numbers yet).
    pub fn starting(run: u32, speed: f64) -> Live {
        Live {
            run,
            loaded: false,
            running: false,
            speed,
            achieved: 0.0,
            now_us: 0,
            end_us: 0,
            active_faults: 0,
            nodes: vec![],
            links: vec![],
            samples: VecDeque::new(),
            instances: vec![],
            faults: vec![],
            finished: false,
            tables: Tables::default(),
        }
    }

    /// Take in an encoded frame from the worker. Frames of another run are ignored
    /// (`Ok(None)`); a frame that cannot be read is an error, and the numbers stay as they were.
    pub fn receive(&mut self, nums: &[f64], text: &str) -> Result<Option<Applied>, String> {
        if simworker::wire::frame_run(nums).is_some_and(|run| run != self.run) {
            return Ok(None);
        }
        let frame = self.tables.decode(nums, text)?;
        Ok(Some(self.apply(frame)))
    }

    /// Take in a decoded frame.
    pub fn apply(&mut self, f: Frame) -> Applied {
        let applied = Applied { started: !self.loaded, finished: f.finished && !self.finished, events: f.events };
        self.loaded = true;
        self.now_us = f.now_us;
        self.end_us = f.end_us;
        self.achieved = if self.running { f.achieved } else { 0.0 };
        self.finished = f.finished;
        if f.finished {
            self.running = false;
        }
        self.active_faults = f.active_faults;
        self.nodes = f.nodes;
        self.links = f.links;
        self.instances = f.instances;
        self.faults = f.faults;
        if let Some(s) = f.sample {
            self.samples.push_back(s);
            while self.samples.len() > HISTORY {
                self.samples.pop_front();
            }
        }
        applied
    }

    /// Simulated time, µs.
    pub fn now_us(&self) -> u64 {
        self.now_us
    }

    /// The simulation's end, µs.
    pub fn end_us(&self) -> u64 {
        self.end_us
    }

    /// How many faults are active.
    pub fn active_faults(&self) -> usize {
        self.active_faults as usize
    }

    /// The EC2 lifecycle state of a document instance (`running`, `stopped`, ...).
    pub fn lifecycle(&self, id: &NodeId) -> Option<&str> {
        self.instances.iter().find(|i| &i.id == id).map(|i| i.lifecycle.as_str())
    }

    /// The latest numbers of a component.
    pub fn node(&self, id: &NodeId) -> Option<&NodeStat> {
        self.nodes.iter().find(|n| &n.id == id)
    }
}

/// An instance's health state as the canvas's palette knows it.
pub fn health_state(state: &str) -> &'static str {
    match state {
        "pending" => "pending",
        "healthy" => "healthy",
        "unhealthy" => "unhealthy",
        "draining" => "draining",
        "stopped" => "stopped",
        "terminated" => "terminated",
        _ => "unknown",
    }
}

/// `h:mm:ss` of a simulated time.
pub fn clock(t_us: u64) -> String {
    let s = t_us / 1_000_000;
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// For native tests: the worker's dispatcher in-process, its frames read by a `Live` through
/// the same encoder and decoder as in the browser.
#[cfg(test)]
pub mod local {
    use super::Live;
    use engine::model::Scenario;
    use simworker::wire::{Command, Reply};

    /// A simulation and its page-side mirror.
    pub struct Local {
        worker: simworker::Worker,
        /// What the page shows.
        pub live: Live,
    }

    impl Local {
        /// Load `s` (as run 1), or the engine's refusal.
        pub fn new(s: &Scenario) -> Result<Local, engine::Text> {
            let mut l = Local { worker: simworker::Worker::default(), live: Live::starting(1, 1.0) };
            l.send(Command::Load { run: 1, speed: 1.0, scenario: s.to_json_compact() })?;
            Ok(l)
        }

        /// Send a command and take in its answer.
        pub fn send(&mut self, cmd: Command) -> Result<(), engine::Text> {
            match self.worker.handle(cmd, &|| 0.0) {
                Some(Reply::Frame(nums, text)) => {
                    self.live.receive(&nums, &text).expect("a readable frame");
                    Ok(())
                }
                Some(Reply::Refused(_, _, why)) => Err(why),
                _ => Ok(()),
            }
        }

        /// Advance one simulated second.
        pub fn step_second(&mut self) {
            self.send(Command::Step(0.0)).expect("a loaded simulation steps");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::local::Local;
    use super::*;
    use engine::model::Scenario;

    fn reference() -> Scenario {
        let text = engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == "reference-web-app").unwrap().1;
        Scenario::from_json(text).unwrap()
    }

    #[test]
    fn the_page_mirror_follows_the_workers_frames() {
        let mut l = Local::new(&reference()).unwrap();
        assert!(l.live.loaded && l.live.nodes.iter().all(|n| n.rps == 0.0));
        l.step_second();
        assert_eq!(l.live.now_us(), 1_000_000);
        assert!(l.live.nodes.iter().any(|n| n.rps > 0.0), "traffic is flowing after a second");
        assert!(l.live.links.iter().any(|k| k.from.is_none() && k.rps > 0.0), "users send requests");
        assert_eq!(l.live.samples.len(), 1);
        assert_eq!(l.live.lifecycle(&NodeId::from("i-web-a1")), Some("running"));
    }

    #[test]
    fn frames_of_another_run_are_ignored_and_broken_ones_refused() {
        let mut l = Local::new(&reference()).unwrap();
        let mut other = Live::starting(2, 1.0);
        let mut w = simworker::Worker::default();
        let Some(simworker::wire::Reply::Frame(nums, text)) = w.handle(
            simworker::wire::Command::Load { run: 1, speed: 1.0, scenario: reference().to_json_compact() },
            &|| 0.0,
        ) else {
            panic!("a frame")
        };
        assert_eq!(other.receive(&nums, &text), Ok(None), "run 1's frame for run 2");
        assert!(!other.loaded);
        assert!(l.live.receive(&[1.0, 2.0], "").is_err());
    }

    #[test]
    fn a_design_without_traffic_says_why() {
        let two_tier = Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap();
        let err = Local::new(&two_tier).err().expect("no traffic");
        assert!(!err.en.is_empty() && !err.ko.is_empty());
    }

    #[test]
    fn clock_reads_like_a_clock() {
        assert_eq!(clock(3_723_000_000), "1:02:03");
    }
}
