//! The simulation's controls (run, pause, step, stop, speed), its animation loop, the live charts of the Metrics tab and the hover card.

use crate::i18n::{tr, Key, Lang};
use crate::platform::page::*;
use crate::platform::worker::Shared;
use crate::reactive::*;
use crate::render::live::{clock, Live};
use crate::render::paint::LiveView;
use crate::state::store::Ctx;
use crate::ui::html::W;
use simworker::wire::{Command, Reply, OP_LOAD};

/// The simulation state shared by the controls, the loop and the panels. The simulation
/// itself runs in a worker (`worker.rs`); the page keeps the latest frame.
#[derive(Clone, Copy)]
pub struct Sim {
    /// The running simulation as last reported, if any.
    pub live: StoredValue<Option<Live>, LocalStorage>,
    /// What the canvas's live layer draws of it, refreshed four times a second: the live
    /// scope, kept out of the document and the session (`editor::document`).
    pub view: StoredValue<Option<LiveView>, LocalStorage>,
    /// Bumped a few times a second while running: the panels re-read the numbers.
    pub tick: RwSignal<u64>,
    /// Simulated seconds per wall second.
    pub speed: RwSignal<f64>,
    /// The page's simulator worker (shared with the verdicts).
    worker: Shared,
    /// This simulation listens to the worker's replies.
    listening: StoredValue<bool>,
    /// The page's run counter.
    runs: StoredValue<u32>,
    /// A tick is on its way to the worker (one at a time: a slow worker is never flooded).
    in_flight: StoredValue<bool>,
    /// When the panels were last told (wall ms).
    last_publish: StoredValue<f64>,
    /// What waits for the run's first frame (`when_loaded`).
    pending: StoredValue<Vec<Box<dyn FnOnce()>>, LocalStorage>,
    /// Run found no users: the offer to add some is showing (runui.rs).
    pub offer: RwSignal<bool>,
}

impl Sim {
    /// No simulation yet; `worker` is the page's simulator worker.
    pub fn new(worker: Shared) -> Sim {
        Sim {
            live: StoredValue::new_local(None),
            view: StoredValue::new_local(None),
            tick: RwSignal::new(0),
            speed: RwSignal::new(10.0),
            worker,
            listening: StoredValue::new(false),
            runs: StoredValue::new(0),
            in_flight: StoredValue::new(false),
            last_publish: StoredValue::new(f64::NEG_INFINITY),
            pending: StoredValue::new_local(Vec::new()),
            offer: RwSignal::new(false),
        }
    }

    /// Whether the simulation is advancing.
    pub fn running(&self) -> bool {
        self.live.with_value(|l| l.as_ref().is_some_and(|l| l.running))
    }

    /// Whether the worker has answered this run's load (its numbers and instances exist).
    pub fn loaded(&self) -> bool {
        self.live.with_value(|l| l.as_ref().is_some_and(|l| l.loaded))
    }

    /// Do `f` once the run's first frame is in (now, if it is); dropped if the run is
    /// stopped or refused first.
    pub fn when_loaded(&self, f: impl FnOnce() + 'static) {
        if self.loaded() {
            f();
        } else if self.live.with_value(|l| l.is_some()) {
            self.pending.update_value(|p| p.push(Box::new(f)));
        }
    }

    /// Start the worker now, without a simulation (when the browser is idle, so the first
    /// Run does not wait for it). False with a message if it cannot start.
    pub fn prefetch(&self, ctx: Ctx) -> bool {
        let sim = *self;
        if !self.listening.get_value() {
            self.listening.set_value(true);
            // A frame's decoding is the page's work too: the benchmark counts it with the frame's.
            let on_reply = move |r: &Reply| {
                let start = if crate::platform::profile::on() { crate::platform::profile::now() } else { 0.0 };
                sim.on_reply(ctx, r);
                if crate::platform::profile::on() {
                    crate::platform::profile::handler(crate::platform::profile::now() - start);
                }
            };
            self.worker.listen(on_reply, move |why| sim.on_worker_error(ctx, why));
        }
        if self.worker.started() {
            return true;
        }
        // The simulation's messages (events, refusals) in the reader's language; once they
        // arrive, whatever was already shown is said again from them.
        crate::platform::page::spawn_local(async move {
            if crate::platform::messages::load_later(ctx.lang.get_untracked()).await.is_ok() {
                crate::i18n::catalogue_arrived();
            }
        });
        match self.worker.start() {
            Ok(()) => true,
            Err(why) => {
                self.on_worker_error(ctx, &why);
                false
            }
        }
    }

    fn send(&self, cmd: &Command) {
        self.worker.send(cmd);
    }

    /// Make sure a simulation of the current design exists (or is on its way); false (with
    /// a message) if the simulator cannot start. A design the engine refuses to simulate
    /// is reported when the worker answers.
    fn ensure(&self, ctx: Ctx) -> bool {
        if self.live.with_value(|l| l.is_some()) {
            return true;
        }
        // No users: offer to add some aimed at the entry point instead of refusing.
        // (A read-only embed cannot add them: it says what is missing, as before.)
        if ctx.editor.with_value(|e| e.doc.scenario.traffic.is_empty() && !e.doc.readonly) {
            self.offer.set(true);
            return false;
        }
        self.offer.set(false);
        if !self.prefetch(ctx) {
            return false;
        }
        let run = self.runs.get_value().wrapping_add(1);
        self.runs.set_value(run);
        let speed = self.speed.get_untracked();
        let scenario = ctx.editor.with_value(|e| e.doc.scenario.to_json_compact());
        self.in_flight.set_value(false);
        self.live.set_value(Some(Live::starting(run, speed)));
        self.send(&Command::Load { run, speed, scenario });
        true
    }

    /// A reply from the worker.
    fn on_reply(&self, ctx: Ctx, reply: &Reply) {
        match reply {
            Reply::Frame(nums, text) => {
                // Every frame answers a command: the next tick may go.
                self.in_flight.set_value(false);
                let received = self.live.try_update_value(|l| l.as_mut().map(|l| l.receive(nums, text))).flatten();
                match received {
                    Some(Ok(Some(applied))) => {
                        if applied.started {
                            ctx.note(Key::SimStarted, String::new());
                            let waiting = self.pending.try_update_value(std::mem::take).unwrap_or_default();
                            for f in waiting {
                                f();
                            }
                        }
                        for e in &applied.events {
                            ctx.sim_event(e);
                        }
                        let running = self.running();
                        let now = now_ms();
                        if !running
                            || applied.finished
                            || now - self.last_publish.get_value() >= crate::render::live::SAMPLE_MS
                        {
                            self.last_publish.set_value(now);
                            self.publish(ctx);
                        }
                        if applied.finished {
                            ctx.note(Key::SimFinished, String::new());
                            let summary = self.live.with_value(|l| l.as_ref().and_then(|l| l.summary.clone()));
                            if let Some(text) = summary.as_ref().map(finished_toast) {
                                ctx.toast(text);
                            }
                        }
                    }
                    // Another run's frame (one stopped a moment ago).
                    Some(Ok(None)) | None => {}
                    Some(Err(why)) => {
                        web_sys::console::warn_1(&format!("Stratus: a simulation frame was not read: {why}").into());
                    }
                }
            }
            Reply::Refused(run, op, why) => {
                let ours = self.live.with_value(|l| l.as_ref().is_some_and(|l| l.run == *run));
                if *op == OP_LOAD {
                    if ours {
                        self.forget(ctx);
                        ctx.toast(why.clone());
                    }
                } else {
                    ctx.toast(why.clone());
                    self.publish(ctx);
                }
            }
            Reply::Ready | Reply::Result(_) => {}
        }
    }

    /// The worker could not start or died: say so, and forget the run (the design is
    /// untouched).
    fn on_worker_error(&self, ctx: Ctx, why: &str) {
        web_sys::console::error_1(&format!("Stratus: simulator worker: {why}").into());
        if self.live.with_value(|l| l.is_none()) {
            // Fetched ahead and nobody is waiting: Run tries again and says so if it fails.
            return;
        }
        self.forget(ctx);
        ctx.toast(engine::msg!("ui.sim.not_started"));
    }

    /// Run or pause.
    pub fn toggle(&self, ctx: Ctx) {
        if !self.ensure(ctx) {
            return;
        }
        let run = !self.running();
        self.live.update_value(|l| {
            if let Some(l) = l {
                l.running = run && !l.finished;
            }
        });
        self.send(&Command::Run(run));
        self.publish(ctx);
        if run {
            // The page's frame loop (layers.rs) goes on while the run does.
            ctx.frames.redraw_live();
        }
    }

    /// Advance one simulated second.
    pub fn step(&self, ctx: Ctx) {
        if !self.ensure(ctx) {
            return;
        }
        self.send(&Command::Step(now_ms()));
    }

    /// Break something, act on an instance or repair, in the running simulation (started
    /// first if there is none). The worker answers with a frame, or a refusal that is
    /// toasted. False if there is no simulation to send it to.
    pub fn command(&self, ctx: Ctx, cmd: Command) -> bool {
        if !self.running() {
            self.toggle(ctx);
        }
        if self.live.with_value(|l| l.is_none()) {
            return false;
        }
        self.send(&cmd);
        true
    }

    /// Stop and forget the simulation (also when the design changes).
    pub fn stop(&self, ctx: Ctx) {
        if self.live.with_value(|l| l.is_some()) {
            self.send(&Command::Unload);
            self.forget(ctx);
        }
    }

    fn forget(&self, ctx: Ctx) {
        self.live.set_value(None);
        self.pending.update_value(Vec::clear);
        self.in_flight.set_value(false);
        self.view.set_value(None);
        self.tick.update(|t| *t += 1);
        ctx.frames.redraw_live();
    }

    /// Change the speed.
    pub fn set_speed(&self, speed: f64) {
        self.speed.set(speed);
        self.live.update_value(|l| {
            if let Some(l) = l {
                l.speed = speed;
            }
        });
        self.send(&Command::Speed(speed));
    }

    /// Copy the numbers into the canvas's live view and tell the panels.
    fn publish(&self, ctx: Ctx) {
        let lang = ctx.lang.get_untracked();
        let [primary, standby, az_down, region_down] =
            [Key::Primary, Key::Standby, Key::AzDown, Key::RegionDown].map(|k| tr(lang, k));
        let tiles = ctx
            .editor
            .with_value(|e| {
                self.live.with_value(|l| {
                    l.as_ref().map(|l| crate::render::live::tiles(&e.doc.scenario, l, (primary, standby)))
                })
            })
            .unwrap_or_default();
        let view = self.live.with_value(|l| {
            l.as_ref().map(|l| LiveView {
                tiles,
                down: l
                    .zones_down
                    .iter()
                    .map(|z| (z.clone(), az_down.to_string()))
                    .chain(l.regions_down.iter().map(|r| (r.clone(), region_down.to_string())))
                    .collect(),
                nodes: l.nodes.clone(),
                links: l.links.clone(),
                instances: {
                    // By node, so the canvas groups a group's members in one pass per frame.
                    let mut v: Vec<_> = l
                        .instances
                        .iter()
                        .map(|i| (i.node.clone(), crate::render::live::health_state(&i.state), i.node != i.id))
                        .collect();
                    engine::sort::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
                    v
                },
            })
        });
        // Four times a second (SAMPLE_MS): the panels follow `tick`; the canvas's live
        // layer is redrawn without going through a signal.
        self.view.set_value(view);
        self.tick.update(|t| *t += 1);
        ctx.frames.redraw_live();
    }

    /// Called by the page's frame loop while running: ask the worker to advance to `now`
    /// (wall ms) when its last answer is in. The numbers arrive with the worker's frames
    /// and reach the panels at the chart sample rate; the page never steps the simulation.
    pub fn tick_worker(&self, now: f64) {
        if !self.in_flight.get_value() {
            self.in_flight.set_value(true);
            self.send(&Command::Tick(now));
        }
    }
}

impl Default for Sim {
    fn default() -> Self {
        Sim::new(Shared::new())
    }
}

/// Fetch the simulator's worker (and whatever `also` fetches: app.rs hands the inspector's
/// wasm chunk, ui/split.rs, which this module does not name, so no import circle) once the
/// person starts working (first pointer or key press), when the browser is idle: they are
/// not part of the first load, and are ready before the first Run (and the first edit).
pub fn prefetch_when_touched(ctx: Ctx, sim: Sim, also: fn()) {
    use wasm_bindgen::JsCast;
    let done = StoredValue::new(false);
    crate::platform::touch::on_touch(move || {
        if done.get_value() {
            return;
        }
        done.set_value(true);
        let fetch = wasm_bindgen::closure::Closure::once_into_js(move || {
            sim.prefetch(ctx);
            also();
        });
        let w = window();
        // When the page next idles, or after 2 s at the latest: a page that never idles
        // (a slow machine, a busy tab) still gets its simulator before the first Run.
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(2000);
        if w.request_idle_callback_with_options(fetch.unchecked_ref(), &options).is_err() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(fetch.unchecked_ref(), 200);
        }
    });
}

fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// The speeds a run can go at (the top bar's menu); 10x at the start.
pub const SPEEDS: [f64; 4] = [1.0, 10.0, 100.0, 1000.0];

/// Run, step, stop, speed and the simulated clock, for the top bar (which keeps the run
/// button's label and the clock up to date: `run_label`, `clock_text`).
pub fn controls_html(w: &mut W, l: Lang, speed: f64) {
    w.leaf("button", &[("data-testid", "run"), ("title", tr(l, Key::Run))], &run_label(false, l));
    w.leaf("button", &[("data-testid", "step"), ("title", tr(l, Key::StepHelp))], &format!("⇥ {}", tr(l, Key::Step)));
    w.leaf("button", &[("data-testid", "stop"), ("title", tr(l, Key::StopHelp))], "■");
    w.open("select", &[("data-testid", "speed"), ("aria-label", tr(l, Key::Speed))]);
    for s in SPEEDS {
        w.leaf("option", &[("value", &s.to_string()), crate::ui::html::when(s == speed, "selected")], &format!("{s}×"));
    }
    w.close("select");
    w.leaf("span", &[("class", "sim-clock"), ("data-testid", "sim-clock")], "");
}

/// The run button's words: Run, or Pause while running.
pub fn run_label(running: bool, l: Lang) -> String {
    if running {
        format!("❚❚ {}", tr(l, Key::Pause))
    } else {
        format!("▶ {}", tr(l, Key::Run))
    }
}

/// The simulated clock beside the controls, with the speed achieved while running (empty
/// before a run).
pub fn clock_text(sim: Sim, l: Lang) -> String {
    sim.live.with_value(|live| match live {
        Some(live) => {
            let achieved = if live.running {
                format!(" · {:.0}×", live.achieved)
            } else if live.finished {
                // Short: the top bar keeps every label on one line.
                format!(" · {}", tr(l, Key::Finished))
            } else {
                String::new()
            };
            format!("{}{achieved}", clock(live.now_us()))
        }
        None => String::new(),
    })
}

/// The Metrics tab while a simulation exists: the run's numbers as HTML text (metrics.rs),
/// written again at each tick (a few times a second).
pub fn live_charts(ctx: Ctx, sim: Sim) -> web_sys::Element {
    let html = move || {
        let _ = sim.tick.get();
        let l = ctx.lang.get();
        // Any service of the palette's "Messaging & streaming" group gets the queue charts.
        let queues = ctx.editor.with_value(|e| {
            e.doc.scenario.nodes.iter().any(|n| n.spec.kind().info().category == engine::kinds::Category::Messaging)
        });
        sim.live.with_value(|live| crate::ui::metrics::panel(live.as_ref(), queues, l))
    };
    crate::ui::dom::el("div").attr("class", "html-slot").html_fn(html).0
}

/// The toast at the end of a run: availability, and the goals' verdict if there are goals.
fn finished_toast(s: &crate::render::live::RunEnd) -> engine::Msg {
    let pct = format!("{:.2}", s.availability * 100.0);
    let goals = match (s.goals.is_empty(), s.goals_met) {
        (true, _) => engine::msg!("ui.empty"),
        (false, true) => engine::msg!("ui.run.goals_met"),
        (false, false) => engine::msg!("ui.run.goals_missed", missed = s.goals.iter().filter(|g| !g.met).count()),
    };
    engine::msg!("ui.run.finished", pct = pct, goals = goals)
}

/// The numbers of the component under the pointer, while a simulation exists: the card's
/// HTML and where the pointer is (CSS px in the stage).
pub fn hover_card(ctx: Ctx, sim: Sim, hover: Option<(f64, f64, engine::NodeId)>) -> Option<(String, f64, f64)> {
    let (x, y, id) = hover?;
    let l = ctx.lang.get();
    let name = ctx.label(&id);
    let html = sim.live.with_value(|live| live.as_ref().and_then(|x| crate::ui::metrics::hover(x, &id, &name, l)))?;
    let mut w = crate::ui::html::W::default();
    w.open("div", &[("class", "hover-card"), ("data-testid", "hover-card")]);
    // Already HTML text (metrics::hover escapes every value).
    w.0.push_str(&html);
    w.close("div");
    Some((w.0, x, y))
}
