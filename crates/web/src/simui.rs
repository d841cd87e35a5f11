//! The simulation's controls (run, pause, step, stop, speed), its animation loop, the live charts of the Metrics tab and the hover card.

use crate::app::Ctx;
use crate::i18n::{tr, Key};
use crate::live::{clock, Live, Sample};
use crate::paint::LiveView;
use leptos::prelude::*;

/// The simulation state shared by the controls, the loop and the panels.
#[derive(Clone, Copy)]
pub struct Sim {
    /// The running simulation, if any.
    pub live: StoredValue<Option<Live>, LocalStorage>,
    /// Bumped a few times a second while running: the panels re-read the numbers.
    pub tick: RwSignal<u64>,
    /// Simulated seconds per wall second.
    pub speed: RwSignal<f64>,
    /// Whether the animation loop is scheduled.
    looping: StoredValue<bool>,
}

impl Sim {
    /// No simulation yet.
    pub fn new() -> Sim {
        Sim {
            live: StoredValue::new_local(None),
            tick: RwSignal::new(0),
            speed: RwSignal::new(10.0),
            looping: StoredValue::new(false),
        }
    }

    /// Whether the simulation is advancing.
    pub fn running(&self) -> bool {
        self.live.with_value(|l| l.as_ref().is_some_and(|l| l.running))
    }

    /// Make sure a simulation of the current design exists; false (with a message) if
    /// the design cannot be simulated.
    fn ensure(&self, ctx: Ctx) -> bool {
        if self.live.with_value(|l| l.is_some()) {
            return true;
        }
        match ctx.editor.with_value(|e| Live::new(&e.scenario)) {
            Ok(mut live) => {
                live.speed = self.speed.get_untracked();
                self.live.set_value(Some(live));
                ctx.note(Key::SimStarted, String::new());
                true
            }
            Err(msg) => {
                ctx.toast(msg);
                false
            }
        }
    }

    /// Run or pause.
    pub fn toggle(&self, ctx: Ctx) {
        if !self.ensure(ctx) {
            return;
        }
        let run = !self.running();
        self.live.update_value(|l| {
            if let Some(l) = l {
                l.set_running(run);
            }
        });
        self.publish(ctx);
        if run {
            self.start_loop(ctx);
        }
    }

    /// Advance one simulated second.
    pub fn step(&self, ctx: Ctx) {
        if !self.ensure(ctx) {
            return;
        }
        let now = now_ms();
        let events =
            self.live.try_update_value(|l| l.as_mut().map(|l| l.step_second(now))).flatten().unwrap_or_default();
        for e in events {
            ctx.sim_event(&e);
        }
        self.publish(ctx);
    }

    /// Stop and forget the simulation (also when the design changes).
    pub fn stop(&self, ctx: Ctx) {
        if self.live.with_value(|l| l.is_some()) {
            self.live.set_value(None);
            ctx.editor.update_value(|e| e.overlay.live = None);
            self.tick.update(|t| *t += 1);
            ctx.view_tick.update(|t| *t += 1);
        }
    }

    /// Change the speed.
    pub fn set_speed(&self, speed: f64) {
        self.speed.set(speed);
        self.live.update_value(|l| {
            if let Some(l) = l {
                l.speed = speed;
            }
        });
    }

    /// Show what changed now (after a fault was injected or repaired), running or not.
    pub fn refresh(&self, ctx: Ctx) {
        self.publish(ctx);
    }

    /// Copy the numbers into the canvas overlay and tell the panels.
    fn publish(&self, ctx: Ctx) {
        let view = self.live.with_value(|l| {
            l.as_ref().map(|l| LiveView {
                nodes: l.nodes.clone(),
                links: l.links.clone(),
                instances: {
                    // By node, so the canvas groups a group's members in one pass per frame.
                    let mut v: Vec<_> = l.instances.iter().map(|i| (i.node.clone(), i.state, i.node != i.id)).collect();
                    engine::sort::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
                    v
                },
                phase: now_ms() / 1000.0,
            })
        });
        ctx.editor.update_value(|e| e.overlay.live = view);
        self.tick.update(|t| *t += 1);
        ctx.view_tick.update(|t| *t += 1);
    }

    fn start_loop(&self, ctx: Ctx) {
        if self.looping.get_value() {
            return;
        }
        self.looping.set_value(true);
        animate(*self, ctx, 0.0);
    }
}

impl Default for Sim {
    fn default() -> Self {
        Sim::new()
    }
}

fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// One animation frame: advance, hand events to the log, redraw; the panels refresh at
/// the chart sample rate, not every frame.
fn animate(sim: Sim, ctx: Ctx, last_publish: f64) {
    request_animation_frame(move || {
        let now = now_ms();
        let stepped = sim.live.try_update_value(|l| l.as_mut().map(|l| (l.tick(now), l.running, l.finished))).flatten();
        let Some((events, running, finished)) = stepped else {
            sim.looping.set_value(false);
            return;
        };
        for e in &events {
            ctx.sim_event(e);
        }
        // Particles move every frame; numbers refresh at the sample rate.
        let view_phase = now / 1000.0;
        ctx.editor.update_value(|e| {
            if let Some(v) = e.overlay.live.as_mut() {
                v.phase = view_phase;
            }
        });
        let publish = now - last_publish >= crate::live::SAMPLE_MS || !running;
        if publish {
            sim.publish(ctx);
        } else {
            ctx.view_tick.update(|t| *t += 1);
        }
        if finished {
            ctx.note(Key::SimFinished, String::new());
        }
        if running {
            animate(sim, ctx, if publish { now } else { last_publish });
        } else {
            sim.looping.set_value(false);
        }
    });
}

/// Run, pause, step, stop, speed and the simulated clock, for the top bar.
#[component]
pub fn SimControls(
    /// Shared app state.
    ctx: Ctx,
    /// The simulation.
    sim: Sim,
) -> impl IntoView {
    let t = move |k: Key| move || tr(ctx.lang.get(), k);
    let status = move || {
        let _ = sim.tick.get();
        sim.live.with_value(|l| match l {
            Some(l) => {
                let achieved = if l.running { format!(" · {:.0}×", l.achieved) } else { String::new() };
                format!("{}{achieved}", clock(l.now_us()))
            }
            None => String::new(),
        })
    };
    let running = move || {
        let _ = sim.tick.get();
        sim.running()
    };
    view! {
        <button data-testid="run" class:active=running on:click=move |_| sim.toggle(ctx)
            title=move || if running() { tr(ctx.lang.get(), Key::Pause) } else { tr(ctx.lang.get(), Key::Run) }>
            {move || if running() { format!("❚❚ {}", tr(ctx.lang.get(), Key::Pause)) } else { format!("▶ {}", tr(ctx.lang.get(), Key::Run)) }}
        </button>
        <button data-testid="step" on:click=move |_| sim.step(ctx) title=t(Key::StepHelp)>{"⇥ "}{t(Key::Step)}</button>
        <button data-testid="stop" on:click=move |_| sim.stop(ctx) title=t(Key::StopHelp)>{"■"}</button>
        <select data-testid="speed" aria-label=t(Key::Speed) on:change=move |ev| {
            if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                sim.set_speed(v);
            }
        }>
            {[1.0, 10.0, 100.0, 1000.0].map(|s| view! { <option value=s.to_string() selected=s == 10.0>{format!("{s}×")}</option> })}
        </select>
        <span class="sim-clock" data-testid="sim-clock">{status}</span>
    }
}

/// A small line chart of one or two series.
fn chart(title: String, unit: &'static str, series: Vec<Vec<f64>>, testid: &'static str) -> impl IntoView {
    let (w, h) = (220.0, 44.0);
    let max = series.iter().flatten().copied().fold(0.0_f64, f64::max).max(1e-9);
    let colours = ["#0972d3", "#d91515"];
    let lines = series
        .iter()
        .enumerate()
        .map(|(k, values)| {
            let n = values.len().max(2) - 1;
            let points: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("{:.1},{:.1}", i as f64 * w / n as f64, h - v / max * (h - 2.0) - 1.0))
                .collect();
            // The class lets the theme's style sheet recolour the series.
            view! { <polyline class=format!("series-{}", k % 2) points=points.join(" ") fill="none" stroke=colours[k % 2] stroke-width="1.5" /> }
        })
        .collect_view();
    let latest: Vec<String> = series.iter().map(|s| s.last().map(|v| format_value(*v)).unwrap_or_default()).collect();
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption>{title}<b>{format!(" {} {unit}", latest.join(" / "))}</b></figcaption>
            <svg viewBox=format!("0 0 {w} {h}") preserveAspectRatio="none" role="img">{lines}</svg>
        </figure>
    }
}

fn format_value(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.3}")
    }
}

/// The Metrics tab while a simulation exists: live charts of the last samples.
#[component]
pub fn LiveCharts(
    /// Shared app state.
    ctx: Ctx,
    /// The simulation.
    sim: Sim,
) -> impl IntoView {
    move || {
        let _ = sim.tick.get();
        let l = ctx.lang.get();
        let samples: Vec<Sample> =
            sim.live.with_value(|live| live.as_ref().map(|x| x.samples.iter().copied().collect()).unwrap_or_default());
        if samples.is_empty() {
            return view! { <p class="muted">{tr(l, Key::MetricsIdle)}</p> }.into_any();
        }
        let col = |f: fn(&Sample) -> f64| samples.iter().map(f).collect::<Vec<f64>>();
        view! {
            <div class="charts">
                {chart(tr(l, Key::ChartRequests).into(), "/s", vec![col(|s| s.rps)], "chart-rps")}
                {chart(tr(l, Key::ChartLatency).into(), "ms", vec![col(|s| s.p50_ms), col(|s| s.p99_ms)], "chart-latency")}
                {chart(tr(l, Key::ChartErrors).into(), "/s", vec![col(|s| s.errors_per_s)], "chart-errors")}
                {chart(tr(l, Key::ChartInstances).into(), "", vec![col(|s| s.instances)], "chart-instances")}
                {chart(tr(l, Key::ChartIops).into(), "IOPS", vec![col(|s| s.iops)], "chart-iops")}
                {chart(tr(l, Key::ChartCost).into(), "USD", vec![col(|s| s.cost_usd)], "chart-cost")}
            </div>
            {crate::faultui::timeline(sim, l)}
        }
        .into_any()
    }
}

/// The numbers of the component under the pointer, while a simulation exists.
pub fn hover_card(ctx: Ctx, sim: Sim, hover: Option<(f64, f64, engine::NodeId)>) -> Option<impl IntoView> {
    let (x, y, id) = hover?;
    let l = ctx.lang.get();
    let stat = sim.live.with_value(|live| live.as_ref().and_then(|x| x.node(&id).cloned()))?;
    let mut rows = vec![
        (tr(l, Key::ChartRequests), format!("{:.1}/s", stat.rps)),
        (tr(l, Key::Latency), format!("{:.1} ms", stat.latency_ms)),
        (tr(l, Key::Utilisation), format!("{:.0}%", stat.utilisation * 100.0)),
        (tr(l, Key::Queue), stat.queue.to_string()),
        (tr(l, Key::ChartErrors), format!("{:.1}/s", stat.errors_per_s)),
    ];
    if let Some((used, limit)) = stat.iops {
        rows.push(("IOPS", format!("{used:.0} / {limit:.0}")));
    }
    let name = ctx.label(&id);
    // style:left sets the CSSOM property, which the CSP allows; a style="…" attribute it refuses.
    Some(view! {
        <div class="hover-card" data-testid="hover-card"
            style:left=format!("{}px", x + 14.0) style:top=format!("{}px", y + 14.0)>
            <b>{name}</b>
            <dl>{rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}</dl>
        </div>
    })
}
