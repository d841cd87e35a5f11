//! Stratus's simulator off the main thread: the run loop a page drives (`runner`), the page ↔ worker protocol (`wire`), a design's analysis (`analyse`), lessons' grading (`lesson`) and making (`author`), and the dispatcher the worker's module runs (`Worker`), plain Rust so native tests cover it.

pub mod analyse;
pub mod author;
pub mod lesson;
pub mod runner;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod entry;

use engine::model::Scenario;
use engine::Msg;
use runner::Runner;
use wire::{Command, Reply, Tables};

/// The worker's state: at most one simulation, and the tables its frames refer to.
#[derive(Default)]
pub struct Worker {
    runner: Option<Runner>,
    tables: Tables,
    /// The lesson being graded (`Command::Lesson`).
    lesson: Option<engine::lesson::Lesson>,
    /// The lesson being made (`Command::Desk`).
    desk: author::desk::Desk,
}

impl Worker {
    /// Answer one command. `clock` is the worker's wall clock in ms (for benchmarks).
    /// Commands that need a simulation when there is none are ignored: the page stopped it.
    pub fn handle(&mut self, cmd: Command, clock: &dyn Fn() -> f64) -> Option<Reply> {
        let op = cmd.op();
        let run = self.runner.as_ref().map_or(0, |r| r.run_id());
        let refused = |run: u32, why: Msg| Some(Reply::Refused(run, op, why));
        match cmd {
            Command::Load { run, speed, scenario } => {
                self.runner = None;
                // A new run starts with empty tables on the page too.
                self.tables = Tables::default();
                let loaded =
                    Scenario::from_json(&scenario).map_err(|e| e.message()).and_then(|s| Runner::new(&s, run, speed));
                match loaded {
                    Ok(r) => {
                        let frame = self.runner.insert(r).snapshot();
                        Some(self.frame(&frame))
                    }
                    Err(why) => refused(run, why),
                }
            }
            Command::Unload => {
                self.runner = None;
                None
            }
            Command::Bench { seconds, seed, scenario } => Some(Reply::Result(bench(&scenario, seconds, seed, clock))),
            Command::Mmc(customers) => {
                let start = clock();
                let m = engine::sim::mmc::run(360.0, 100.0, 4, customers.max(1.0) as u64, 1);
                let v =
                    serde_json::json!({ "wall_ms": clock() - start, "events": m.events, "mean_wait_s": m.mean_wait_s });
                Some(Reply::Result(v.to_string()))
            }
            Command::Lesson(text) => {
                let (kept, reply) = lesson::open(&text);
                self.lesson = kept;
                Some(Reply::Result(serde_json::to_string(&reply).unwrap_or_default()))
            }
            Command::Grade { seq, run, request } => {
                let reply = lesson::grade(self.lesson.as_ref(), seq, run, &request);
                Some(Reply::Result(serde_json::to_string(&reply).unwrap_or_default()))
            }
            Command::Analyze { seq, request } => Some(Reply::Result(analyse::analyse(seq, &request).to_json())),
            Command::Author { test, lesson } => Some(Reply::Result(author::author(&lesson, test).to_json())),
            Command::Desk { seq, request } => Some(Reply::Result(self.desk.handle(seq, &request))),
            cmd => {
                let r = self.runner.as_mut()?;
                let frame = match cmd {
                    Command::Run(on) => Ok(r.set_running(on)),
                    Command::Speed(s) => {
                        r.set_speed(s);
                        return None;
                    }
                    Command::Tick(ms) => Ok(r.tick(ms)),
                    Command::Step(ms) => Ok(r.step_second(ms)),
                    Command::Inject(kind) => serde_json::from_str(&kind)
                        .map_err(|e| engine::msg!("worker.unknown_fault", error = e))
                        .and_then(|k| r.inject(k)),
                    Command::Act(a) => r.act(&a),
                    Command::RepairAll => Ok(r.repair_all()),
                    Command::Load { .. }
                    | Command::Unload
                    | Command::Bench { .. }
                    | Command::Mmc(_)
                    | Command::Lesson(_)
                    | Command::Grade { .. }
                    | Command::Analyze { .. }
                    | Command::Author { .. }
                    | Command::Desk { .. } => return None,
                };
                match frame {
                    Ok(f) => Some(self.frame(&f)),
                    Err(why) => refused(run, why),
                }
            }
        }
    }

    fn frame(&mut self, f: &wire::Frame) -> Reply {
        let (nums, text) = self.tables.encode(f);
        Reply::Frame(nums, text)
    }
}

/// Run a design for `seconds` as fast as possible: wall time, events, requests and the
/// result's fingerprint, as JSON (`null` when it cannot be simulated).
fn bench(scenario: &str, seconds: f64, seed: Option<u64>, clock: &dyn Fn() -> f64) -> String {
    let Ok(mut s) = Scenario::from_json(scenario) else { return "null".into() };
    s.simulation.duration_s = seconds.max(1.0);
    let seed = seed.unwrap_or(s.simulation.seed);
    let start = clock();
    let Ok(mut sim) = engine::sim::Simulation::new(&s, seed) else { return "null".into() };
    sim.run();
    let wall_ms = clock() - start;
    let summary = sim.summary();
    serde_json::json!({
        "wall_ms": wall_ms,
        "events": sim.events(),
        "requests": summary.requests.started,
        "fingerprint": format!("{:016x}", engine::sim::fingerprint(&summary)),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::Tables;

    fn reference() -> String {
        engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == "reference-web-app").unwrap().1.to_string()
    }

    fn frame_of(reply: Option<Reply>, page: &mut Tables) -> wire::Frame {
        match reply {
            Some(Reply::Frame(nums, text)) => page.decode(&nums, &text).unwrap(),
            other => panic!("expected a frame, got {other:?}"),
        }
    }

    #[test]
    fn a_run_through_the_dispatcher_reads_like_the_engine() {
        let (mut w, mut page) = (Worker::default(), Tables::default());
        let clock = || 0.0;
        let f = frame_of(w.handle(Command::Load { run: 7, speed: 10.0, scenario: reference() }, &clock), &mut page);
        assert_eq!((f.run, f.now_us, f.running), (7, 0, false));
        assert!(!f.nodes.is_empty() && !f.links.is_empty());
        frame_of(w.handle(Command::Run(true), &clock), &mut page);
        frame_of(w.handle(Command::Tick(1000.0), &clock), &mut page);
        let f = frame_of(w.handle(Command::Tick(1050.0), &clock), &mut page);
        assert!(f.now_us > 0 && f.running);
        let crash =
            serde_json::to_string(&engine::resilience::FaultKind::AzOutage { az: engine::NodeId("az-a".into()) })
                .unwrap();
        let f = frame_of(w.handle(Command::Inject(crash), &clock), &mut page);
        assert_eq!(f.active_faults, 1);
        assert!(matches!(w.handle(Command::Inject("{".into()), &clock), Some(Reply::Refused(7, 6, _))));
        let f = frame_of(w.handle(Command::RepairAll, &clock), &mut page);
        assert_eq!(f.active_faults, 0);
        assert_eq!(w.handle(Command::Unload, &clock), None);
        assert_eq!(w.handle(Command::Tick(2000.0), &clock), None, "no simulation: nothing to say");
    }

    #[test]
    fn a_design_that_cannot_run_is_refused_with_its_reason() {
        let mut w = Worker::default();
        let two_tier = include_str!("../../../scenarios/two-tier.json").to_string();
        match w.handle(Command::Load { run: 2, speed: 1.0, scenario: two_tier }, &|| 0.0) {
            Some(Reply::Refused(2, wire::OP_LOAD, why)) => assert!(why.ko().contains("트래픽")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            w.handle(Command::Load { run: 3, speed: 1.0, scenario: "not json".into() }, &|| 0.0),
            Some(Reply::Refused(3, wire::OP_LOAD, _))
        ));
    }

    #[test]
    fn the_worker_fingerprint_is_the_engines() {
        let text = reference();
        let out = bench(&text, 30.0, Some(1), &|| 0.0);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let mut s = Scenario::from_json(&text).unwrap();
        s.simulation.duration_s = 30.0;
        let mut sim = engine::sim::Simulation::new(&s, 1).unwrap();
        sim.run();
        assert_eq!(v["fingerprint"], format!("{:016x}", engine::sim::fingerprint(&sim.summary())));
        assert_eq!(bench("{", 1.0, None, &|| 0.0), "null");
    }
}
