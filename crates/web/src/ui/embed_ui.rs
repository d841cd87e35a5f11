//! Embed mode in the page (docs/embedding.md): the "Open in Stratus" link, the fault buttons of an embed, the postMessage API (ready, load, changed, export) and "Copy embed code"; the pure parts (options, messages) are in embed.rs.

use crate::i18n::Words;
use crate::platform::page::*;
use crate::reactive::*;
use crate::state::embed::{self, EmbedOptions, Inbound, LoadSource};
use crate::state::store::Ctx;
use crate::ui::simui::Sim;
use engine::resilience::FaultKind;
use engine::{Msg, Scenario, Spec, Text};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Fewest milliseconds between two `stratus:changed` messages.
const CHANGED_EVERY_MS: f64 = 250.0;

/// The full app's address: this page without its query (the embed options) or fragment.
pub fn app_url() -> String {
    let location = window().location();
    format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}

/// The page this frame is embedded in, if it is.
fn parent() -> Option<web_sys::Window> {
    let me = window();
    me.parent().ok().flatten().filter(|p| *p != me)
}

/// Post `json` (a message made by embed.rs) to `target` at exactly `origin`: the browser
/// drops it unless the target's origin is that one. Never `*`.
fn post_to(target: &web_sys::Window, origin: &str, json: &str) {
    if let Ok(value) = js_sys::JSON::parse(json) {
        let _ = target.post_message(&value, origin);
    }
}

/// Post `json` to the embedding page at each allowed origin (only the page's own one is
/// delivered); nothing without `origin` options or outside a frame.
fn post_to_parent(opts: &EmbedOptions, json: &str) {
    if let Some(parent) = parent() {
        for origin in &opts.origins {
            post_to(&parent, origin, json);
        }
    }
}

/// `stratus:ready`: the first frame is drawn.
pub fn post_ready(opts: &EmbedOptions) {
    post_to_parent(opts, &embed::ready_message());
}

/// The scenario a `stratus:load` carries, or why it cannot be opened.
async fn scenario_of(source: LoadSource) -> Result<Scenario, Words> {
    match source {
        LoadSource::Scenario(text) => Scenario::from_json(&text).map_err(|e| e.message().into()),
        LoadSource::Link(link) => {
            crate::state::share_link::decode(&link).await.map(|s| s.scenario).map_err(|e| e.message().into())
        }
    }
}

/// The postMessage API: obey `stratus:load` and `stratus:export` from the allowed origins
/// (exactly), ignore everything else, and post `stratus:changed` (at most every 250 ms)
/// after the design changes. Off without `origin` options, and off outside embed mode:
/// the full app holds the reader's saved designs, and a hostile page could open it with
/// its own origin in the query (issue #12).
pub fn listen(ctx: Ctx, opts: StoredValue<EmbedOptions>) {
    if opts.with_value(|o| !o.embed || o.origins.is_empty()) {
        return;
    }
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let origin = ev.origin();
        if !opts.with_value(|o| o.accepts(&origin)) {
            return;
        }
        let data = ev.data();
        let text = match data.as_string() {
            Some(text) => text,
            None => js_sys::JSON::stringify(&data).ok().and_then(|s| s.as_string()).unwrap_or_default(),
        };
        // Replies go to the window that asked, at its (checked) origin.
        let source = ev.source().and_then(|s| s.dyn_into::<web_sys::Window>().ok()).or_else(parent);
        let reply = move |json: String| {
            if let Some(source) = &source {
                post_to(source, &origin, &json);
            }
        };
        // Links are decompressed asynchronously (share_link.rs), so the answer comes from a task.
        let inbound = embed::parse_inbound(&text);
        crate::platform::page::spawn_local(async move {
            match inbound {
                Ok(None) => {}
                Err((id, why)) => reply(embed::error_message(id.as_deref(), &both(&why.into()))),
                Ok(Some(Inbound::Export { id })) => {
                    let Some(scenario) = ctx.editor.try_with_value(|e| e.doc.scenario.clone()) else { return };
                    let json = match crate::state::share_link::encode(&scenario, None).await {
                        Ok(fragment) => embed::export_message(id.as_deref(), &scenario, &fragment),
                        Err(why) => embed::error_message(id.as_deref(), &both(&why.into())),
                    };
                    reply(json);
                }
                Ok(Some(Inbound::Load { id, source })) => match scenario_of(source).await {
                    Ok(s) => ctx.show(s),
                    Err(why) => reply(embed::error_message(id.as_deref(), &both(&why))),
                },
            }
        });
    });
    let _ = window().add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    // Lives as long as the page, like the app.
    on_message.forget();

    // `stratus:changed`, throttled: the latest revision, at most every CHANGED_EVERY_MS.
    let last_post = StoredValue::new(f64::NEG_INFINITY);
    let pending = StoredValue::new(false);
    Effect::new(move |prev: Option<u64>| {
        let rev = ctx.revision.get();
        if prev.is_some_and(|p| p != rev) && !pending.get_value() {
            pending.set_value(true);
            let wait = (last_post.get_value() + CHANGED_EVERY_MS - js_sys::Date::now()).max(0.0);
            set_timeout(
                move || {
                    pending.set_value(false);
                    last_post.set_value(js_sys::Date::now());
                    let rev = ctx.revision.get_untracked();
                    if let Some(name) = ctx.editor.try_with_value(|e| e.doc.scenario.name.clone()) {
                        opts.with_value(|o| post_to_parent(o, &embed::changed_message(rev, &name)));
                    }
                },
                std::time::Duration::from_millis(wait as u64),
            );
        }
        rev
    });
}

/// "Open in Stratus" (the top bar's link in an embed, `a`): the design, at the frame's
/// current view when `with_view`, in the full app. The link is compressed asynchronously
/// (share_link.rs): kept up to date after each change, and again with the reader's view when
/// the pointer or focus reaches it, before the click follows it. Until the first one is ready
/// it opens the app's start page.
pub fn refresh_open_link(ctx: Ctx, a: web_sys::Element, with_view: bool) {
    let canvas = document().query_selector("[data-testid=diagram]").ok().flatten();
    let (w, h) = canvas.map_or((1.0, 1.0), |c| (f64::from(c.client_width()), f64::from(c.client_height())));
    let Some((scenario, view)) =
        ctx.editor.try_with_value(|e| (e.doc.scenario.clone(), crate::state::share_link::view_of(&e.camera, w, h)))
    else {
        return;
    };
    crate::platform::page::spawn_local(async move {
        if let Ok(fragment) = crate::state::share_link::encode(&scenario, with_view.then_some(view)).await {
            let _ = a.set_attribute("href", &engine::share::link_with(&app_url(), &fragment));
        }
    });
}

/// The components of `s` with spec `pick`, in document order.
fn ids_where(s: &Scenario, pick: fn(&Spec) -> bool) -> Vec<engine::NodeId> {
    s.nodes.iter().filter(|n| pick(&n.spec)).map(|n| n.id.clone()).collect()
}

/// What "Crash an instance" can crash, in order: the document's instances, then the
/// running instances Auto Scaling groups launched (healthy ones: a crash of a booting or
/// draining one shows little), each with its name for the toast when it is not a document
/// node (`i-5 (asg-web)`).
fn crash_candidates(
    s: &Scenario,
    instances: &[crate::render::live::InstanceStat],
) -> Vec<(engine::NodeId, Option<String>)> {
    let mut out: Vec<(engine::NodeId, Option<String>)> =
        ids_where(s, |s| takes(s, "instance_crash")).into_iter().map(|id| (id, None)).collect();
    for i in instances.iter().filter(|i| i.node != i.id && i.state == "healthy") {
        let group = s.node(&i.node).map_or_else(|| i.node.to_string(), |n| n.label().to_string());
        out.push((i.id.clone(), Some(format!("{} ({group})", i.id))));
    }
    out
}

/// Whether the registry lets fault `fault` be aimed at a node like `spec` (an instance
/// crashes; an Availability Zone has outages).
fn takes(spec: &Spec, fault: &str) -> bool {
    spec.kind().info().faults.contains(&fault)
}

/// Break something in the running simulation (started if needed) and say what.
fn inject(ctx: Ctx, sim: Sim, kind: FaultKind, what: Msg) {
    if crate::ui::faultui::inject(ctx, sim, kind) {
        ctx.toast(what);
    }
}

/// The embed's fault buttons (`faults`, on by default): which instance and which
/// Availability Zone the next press breaks (each press takes the next one).
#[derive(Clone, Copy, Default)]
pub struct Faults {
    next_instance: StoredValue<usize>,
    next_az: StoredValue<usize>,
}

impl Faults {
    fn crash_now(self, ctx: Ctx, sim: Sim) {
        let members = sim.live.with_value(|l| l.as_ref().map(|l| l.instances.clone()).unwrap_or_default());
        let ids = ctx.editor.with_value(|e| crash_candidates(&e.doc.scenario, &members));
        let Some((id, name)) = ids.get(self.next_instance.get_value() % ids.len().max(1)).cloned() else {
            ctx.toast(engine::msg!("ui.break.no_instance"));
            return;
        };
        self.next_instance.update_value(|n| *n += 1);
        let name = name.unwrap_or_else(|| ctx.label(&id));
        let what = engine::msg!("ui.break.crashed", name = name);
        inject(ctx, sim, FaultKind::InstanceCrash { target: id.to_string() }, what);
    }

    /// "Crash an instance": the next one, in the running simulation.
    pub fn crash(self, ctx: Ctx, sim: Sim) {
        let has_groups = ctx
            .editor
            .with_value(|e| !ids_where(&e.doc.scenario, |s| matches!(s, Spec::AutoScalingGroup { .. })).is_empty());
        if has_groups && !sim.loaded() {
            // A group's instances exist once the simulation does: start it, and crash one
            // when the worker's first frame names them.
            if sim.live.with_value(|l| l.is_none()) {
                sim.toggle(ctx);
            }
            sim.when_loaded(move || self.crash_now(ctx, sim));
            return;
        }
        self.crash_now(ctx, sim);
    }

    /// "AZ outage": the next Availability Zone goes down.
    pub fn outage(self, ctx: Ctx, sim: Sim) {
        let ids = ctx.editor.with_value(|e| ids_where(&e.doc.scenario, |s| takes(s, "az_outage")));
        let Some(az) = ids.get(self.next_az.get_value() % ids.len().max(1)).cloned() else {
            ctx.toast(engine::msg!("ui.break.no_zone"));
            return;
        };
        self.next_az.update_value(|n| *n += 1);
        let name = ctx.label(&az);
        let what = engine::msg!("ui.break.zone_down", name = name);
        inject(ctx, sim, FaultKind::AzOutage { az }, what);
    }
}

/// "Copy embed code": an `<iframe>` of this design (read-only, in the current language)
/// for a page's HTML, on the clipboard.
pub fn copy_embed_code(ctx: Ctx) {
    let href = window().location().href().unwrap_or_default();
    let extra = format!("readonly=1&lang={}", ctx.lang.get_untracked().code());
    let scenario = ctx.editor.with_value(|e| e.doc.scenario.clone());
    crate::platform::page::spawn_local(async move {
        let code = match crate::state::share_link::encode(&scenario, None).await {
            Ok(fragment) => embed::embed_code(&href, &extra, &scenario, &fragment),
            Err(msg) => return ctx.toast(msg),
        };
        match crate::state::share_link::copy_text(&code).await {
            Ok(false) => {}
            Ok(true) => ctx.toast(engine::msg!("ui.embed.code_copied")),
            Err(msg) => ctx.toast(msg),
        }
    });
}

/// Words for the host page's `stratus:error`, which carries both languages: a document's
/// bilingual text has them; other words only in the language this frame loaded
/// (docs/embedding.md), put in both fields.
fn both(words: &Words) -> Text {
    match words {
        Words::Text(t) => t.clone(),
        other => {
            let said = crate::i18n::Say::say(other, crate::i18n::shown());
            Text::new(said.clone(), said)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An Auto Scaling-only design has instances to crash: the group's running members,
    /// which the engine accepts as crash targets (it said there was nothing to crash).
    #[test]
    fn the_crash_button_finds_auto_scaling_instances() {
        let text = engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == "asg-az-outage").unwrap().1;
        let s = Scenario::from_json(text).unwrap();
        let mut local = crate::render::live::local::Local::new(&s).unwrap();
        local.step_second();
        let found = crash_candidates(&s, &local.live.instances);
        assert_eq!(found.len(), 4, "{found:?}");
        let (id, name) = found[0].clone();
        assert!(name.is_some_and(|n| n.ends_with("(asg-web)")));
        let crash = serde_json::to_string(&FaultKind::InstanceCrash { target: id.to_string() }).unwrap();
        local.send(simworker::wire::Command::Inject(crash)).expect("the engine crashes it");
        assert_eq!(local.live.active_faults(), 1);
        // Document instances come first, as before.
        let two = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        assert_eq!(
            crash_candidates(&two, &[]).iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
            ["i-web-a", "i-web-c"]
        );
    }
}
