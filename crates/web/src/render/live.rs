//! The running simulation as the page sees it: the latest frame from the simulator's worker (numbers, instances, faults, chart history), kept between frames; the page never steps the simulation itself.

use engine::model::{NodeId, Scenario};
use simworker::wire::{Frame, Tables};
use std::collections::VecDeque;

pub use simworker::runner::SAMPLE_MS;
pub use simworker::wire::{Action, DbStat, Goal, InstanceStat, LinkStat, NodeStat, RunEnd, Sample};

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
    /// Availability Zone nodes down now.
    pub zones_down: Vec<NodeId>,
    /// Region nodes down now.
    pub regions_down: Vec<NodeId>,
    /// Databases: where their primary and standby run.
    pub dbs: Vec<DbStat>,
    /// Instances serving traffic now (Auto Scaling members included).
    pub in_service: u32,
    /// The whole run's numbers and the goals' verdict, once it has ended.
    pub summary: Option<RunEnd>,
    /// The design's goals checked against the run so far (refreshed at the sample rate).
    pub goals: Vec<Goal>,
    tables: Tables,
}

/// Something the simulation runs inside a subnet that the document draws elsewhere: an
/// instance an Auto Scaling group launched, or an RDS primary or standby (the document's
/// RDS icon is the endpoint; the instances behind it live in the subnet group's AZs).
#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    /// The document node it belongs to (the group or the database).
    pub owner: NodeId,
    /// The subnet it is drawn in.
    pub subnet: NodeId,
    /// Its name (`i-5`) or role (primary, standby) in the UI language.
    pub label: String,
    /// `healthy`, `pending`, `unhealthy`, `draining`, `stopped` or `standby`: its colour.
    pub state: &'static str,
    /// Icon file.
    pub image: &'static str,
}

/// The first of `subnets` in Availability Zone `az`: where a group's instance in that AZ,
/// or a database's primary or standby in it, is drawn. (AWS picks one of the group's
/// subnets in the AZ; the simulation knows the AZ, which is what failures follow.)
fn subnet_in(s: &Scenario, subnets: &[NodeId], az: &NodeId) -> Option<NodeId> {
    subnets.iter().find(|id| s.node(id).and_then(|n| n.spec.az()) == Some(az)).cloned()
}

/// What to draw in subnets for the latest frame: every Auto Scaling member that is not
/// terminated, in its AZ's subnet of its group, and each Multi-AZ database's primary and
/// standby in their AZs' subnets of the subnet group. `roles` names a primary and a standby.
pub fn tiles(s: &Scenario, live: &Live, roles: (&str, &str)) -> Vec<Tile> {
    use engine::model::Spec;
    let mut out = Vec::new();
    for i in live.instances.iter().filter(|i| i.node != i.id && i.state != "terminated") {
        // Only a group launches instances of its own; they go in its subnets.
        let Some(subnets) = s.node(&i.node).map(|n| n.spec.subnets()) else { continue };
        let Some(subnet) = i.az.as_ref().and_then(|az| subnet_in(s, subnets, az)) else { continue };
        out.push(Tile {
            owner: i.node.clone(),
            subnet,
            label: i.id.to_string(),
            state: health_state(&i.state),
            image: "ec2",
        });
    }
    for db in &live.dbs {
        let Some(Spec::RdsInstance { subnets, .. }) = s.node(&db.id).map(|n| &n.spec) else { continue };
        let Some(standby) = &db.standby_az else { continue };
        let primary_state = if db.available { "healthy" } else { "unhealthy" };
        for (az, label, state) in [(&db.primary_az, roles.0, primary_state), (&db.standby_az, roles.1, "standby")] {
            let Some(subnet) = az.as_ref().and_then(|az| subnet_in(s, subnets, az)) else { continue };
            // Both in one AZ (a subnet group in one AZ) would draw the standby on the primary.
            if state == "standby" && db.primary_az.as_ref() == Some(standby) {
                continue;
            }
            out.push(Tile { owner: db.id.clone(), subnet, label: label.to_string(), state, image: "rds" });
        }
    }
    out
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
            zones_down: vec![],
            regions_down: vec![],
            dbs: vec![],
            in_service: 0,
            summary: None,
            goals: vec![],
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
        self.in_service = f.in_service;
        self.zones_down = f.zones_down;
        self.regions_down = f.regions_down;
        self.dbs = f.dbs;
        self.summary = f.summary;
        self.goals = f.goals;
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
        "standby" => "standby",
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
        pub fn send(&mut self, cmd: Command) -> Result<(), engine::Msg> {
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
        assert!(
            l.live.links.iter().any(|k| k.from == Some(crate::render::users::id(0)) && k.rps > 0.0),
            "users send requests, from their element"
        );
        assert_eq!(l.live.goals.len(), 4, "the reference app's four goals, checked from the first second");
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
        let two_tier = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        let err = Local::new(&two_tier).err().expect("no traffic");
        assert!(!err.en.is_empty() && !err.ko.is_empty());
    }

    fn example(name: &str) -> Scenario {
        let text = engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == name).unwrap().1;
        Scenario::from_json(text).unwrap()
    }

    fn run_to(l: &mut Local, seconds: u32) {
        while l.live.now_us() < u64::from(seconds) * 1_000_000 && !l.live.finished {
            l.step_second();
        }
    }

    /// Auto Scaling members are drawn in their AZ's subnet of the group, replacements
    /// included; the chart counts them in service (it read 0 for a group).
    #[test]
    fn auto_scaling_members_are_tiles_in_their_subnets_and_count_in_service() {
        let s = example("asg-az-outage");
        let mut l = Local::new(&s).unwrap();
        run_to(&mut l, 30);
        let subnets = |live: &Live| {
            let mut v: Vec<String> =
                tiles(&s, live, ("primary", "standby")).iter().map(|t| t.subnet.to_string()).collect();
            engine::sort::sort_by(&mut v, Ord::cmp);
            v
        };
        assert_eq!(subnets(&l.live), ["private-a", "private-a", "private-c", "private-c"]);
        assert_eq!(l.live.samples.back().map(|x| x.instances), Some(4.0));
        run_to(&mut l, 300);
        assert_eq!(l.live.zones_down, [NodeId::from("az-a")]);
        assert!(
            subnets(&l.live).iter().all(|s| s == "private-c"),
            "replacements launch in az-c: {:?}",
            subnets(&l.live)
        );
        assert_eq!(l.live.in_service, 4);
    }

    /// A Multi-AZ database: its primary and its standby, each in its AZ's subnet of the
    /// subnet group, swapping after a failover.
    #[test]
    fn a_multi_az_database_draws_its_primary_and_standby_in_their_subnets() {
        let s = example("rds-multi-az-failover");
        let mut l = Local::new(&s).unwrap();
        run_to(&mut l, 10);
        let roles = |live: &Live| {
            tiles(&s, live, ("primary", "standby"))
                .into_iter()
                .map(|t| (t.subnet.to_string(), t.label))
                .collect::<Vec<_>>()
        };
        let before = [("private-a".to_string(), "primary".to_string()), ("private-c".into(), "standby".into())];
        assert_eq!(roles(&l.live), before);
        run_to(&mut l, 300);
        let after = [("private-c".to_string(), "primary".to_string()), ("private-a".into(), "standby".into())];
        assert_eq!(roles(&l.live), after);
    }

    /// The end of a run is kept: its summary and the goals' verdict.
    #[test]
    fn a_finished_run_keeps_its_summary() {
        let mut s = example("health-check-trap-elb");
        s.simulation.duration_s = 20.0;
        let mut l = Local::new(&s).unwrap();
        assert!(l.live.summary.is_none());
        run_to(&mut l, 40);
        assert!(l.live.finished);
        let summary = l.live.summary.as_ref().expect("a summary at the end");
        assert!(summary.requests.started > 0);
    }

    #[test]
    fn clock_reads_like_a_clock() {
        assert_eq!(clock(3_723_000_000), "1:02:03");
    }
}
