//! The app shell: top bar, palette, canvas, inspector and bottom panel, wired to one `Editor` through a shared `Ctx`.

use crate::editor::session::Editor;
use crate::i18n::{tr, Key};
use crate::platform::profile;
use crate::state::store::{css_size, Ctx, Drawer, THEME_KEY};
use crate::ui::panels::Question;
use crate::ui::shell::{bottom_panels, inspector_pane, Tab};
use crate::ui::simui::Sim;
use crate::ui::stage::View;

use crate::platform::page::*;
use crate::reactive::*;
use engine::model::NodeId;
use simworker::wire::Command;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts the app into the page's body (`main.rs`), for as long as the page.
pub fn mount_to_body() {
    let body = crate::platform::page::document().body().map(web_sys::Element::from);
    if let Some(body) = body {
        std::mem::forget(mount_to(&body));
    }
}

/// Mounts the app into `host`; dropping the handle stops it (the browser tests mount one
/// per test).
pub fn mount_to(host: &web_sys::Element) -> crate::reactive::Owner {
    let (root, owner) = crate::reactive::owned(app);
    let _ = host.append_child(&root);
    owner
}

/// The whole application: its frame, with everything wired to one store.
fn app() -> web_sys::Element {
    // Embed mode (?embed=1…, embed.rs, embed_ui.rs): read once; no saved designs read or
    // written, compact chrome, options from the URL.
    let opts = crate::state::embed::EmbedOptions::from_query(&window().location().search().unwrap_or_default());
    for problem in &opts.problems {
        crate::platform::page::warn(&format!("Stratus embed option ignored: {problem}"));
    }
    // A share link's design, read before the store takes (and clears) the fragment: with a
    // lesson in the query, the lesson opens on it.
    let had_link = window().location().hash().is_ok_and(|h| engine::share::is_share_fragment(&h));
    let (ctx, shared_view, first_name, restore_note) = Ctx::start(&opts);
    // The Learn view (learn.rs); an embed keeps no progress.
    let learn = crate::state::lesson::Learn::new(!opts.embed);
    let lang = ctx.lang;
    // The engine's sentences in the reader's language: now if the page shows one from the
    // start (a problem of the design, a note about a link or a saved design), else on the
    // first touch (a first visit's example has none). Whatever was shown is said again once
    // they are in; a failure leaves codes on screen, never a blank.
    // A first visit's example is known to have no problem (examples.rs): its verdicts are
    // not asked for (nor the worker that works them out fetched) until something changes.
    let clean_start = ctx.editor.with_value(|e| crate::platform::examples::is_first_example(&e.doc.scenario));
    let needed_now = restore_note.is_some() || !clean_start;
    crate::platform::messages::load_when_needed(lang.get_untracked(), needed_now, crate::i18n::catalogue_arrived);
    let editor = ctx.editor;
    editor.update_value(|e| e.doc.readonly = !opts.can_edit());
    // A design restored or started now is in the list from the first moment.
    ctx.autosave();
    ctx.log(Key::Opened, first_name);
    if let Some(note) = restore_note {
        ctx.toast(note);
    }
    let canvas_ref = NodeRef::<web_sys::HtmlCanvasElement>::new();
    let minimap_ref = NodeRef::<web_sys::HtmlCanvasElement>::new();
    // The live layer: a transparent canvas over the diagram, which takes the pointer.
    let top_ref = NodeRef::<web_sys::HtmlCanvasElement>::new();
    let particles = StoredValue::new_local(crate::render::particles::Particles::default());
    // Space held: dragging pans whatever is under the pointer (as in design tools).
    let space_down = StoredValue::new(false);
    let tab = RwSignal::new(Tab::Problems);
    // One simulator worker for the page: the simulation's and the verdicts'.
    let worker = crate::platform::worker::Shared::new();
    let sim = Sim::new(worker);
    crate::ui::simui::prefetch_when_touched(ctx, sim, crate::ui::split::prefetch);
    let sheet = RwSignal::new(false);
    let hover = RwSignal::new(None::<(f64, f64, NodeId)>);
    // The context menu: where it was opened (CSS px in the stage) and for which element.
    let menu = RwSignal::new(None::<(f64, f64, NodeId)>);
    crate::ui::follow::charts_on_run(ctx, sim, tab, learn);
    let question = RwSignal::new(None::<Question>);
    // The lesson being made (ui/author.rs): its desk lives in the same worker.
    let author = crate::state::author::Author::new(!opts.embed, worker, question);
    // Which drawer is open on a phone (none on wider screens, where all are shown).
    let drawer = RwSignal::new(Drawer::None);
    let dark = theme_signal(&opts);
    let (embedded, can_edit, show_faults, autoplay) = (opts.embed, opts.can_edit(), opts.faults, opts.autoplay);
    // Embed: the bottom panel (problems, reachability, metrics) is opened on demand.
    let panels_open = RwSignal::new(false);
    let opts = StoredValue::new(opts);
    crate::ui::embed_ui::listen(ctx, opts);
    // Each icon that arrives asks for a redraw.
    crate::render::canvas2d::load_icons(move || ctx.view_tick.update(|t| *t += 1));

    // The canvas's frames, minimap, sizing and zoom (stage.rs).
    let pending_move = StoredValue::new(None::<(f64, f64)>);
    let stage = crate::ui::stage::Stage {
        ctx,
        sim,
        canvas: canvas_ref,
        minimap: minimap_ref,
        top: top_ref,
        particles,
        pending_move,
        drag_parts: StoredValue::new_local(None),
        dark,
        embedded,
    };
    ctx.frames.on_frame(move |dirty, now| stage.paint(dirty, now));
    let resize = move |view: View| stage.resize(view);

    Effect::new(move |_| {
        if canvas_ref.get().is_some() {
            resize(View::Open);
            if let (Some(view), Some(canvas)) = (shared_view.get_value(), canvas_ref.get_untracked()) {
                let (w, h) = css_size(&canvas);
                editor.update_value(|e| e.camera = crate::state::share_link::camera_for(&view, w, h));
                ctx.frames.draw_now();
            }
            install_test_hook(editor, canvas_ref, particles, sim.view);
            mark_ready();
            if autoplay && !sim.running() {
                sim.toggle(ctx);
            }
            opts.with_value(crate::ui::embed_ui::post_ready);
        }
    });
    Effect::new(move |prev: Option<u64>| {
        let tick = ctx.fit_tick.get();
        if prev.is_some() {
            resize(View::Open);
        }
        tick
    });
    window_event_listener("resize", move |_: web_sys::Event| resize(View::Keep));
    crate::ui::keys::listen(ctx, sheet, space_down, learn);

    let verdicts = crate::ui::follow::verdicts(ctx, worker, question, clean_start);
    let (diagnostics, answer) = (verdicts.diagnostics, verdicts.answer);

    // A lesson link (`#l1:…`, made by the authoring panel) carries its whole lesson: it
    // starts, in an embed or not.
    if let Some(fragment) = window().location().hash().ok().filter(|h| engine::lesson::link::is_lesson_fragment(h)) {
        crate::state::author::open_link(ctx, learn, fragment.trim_start_matches('#').to_string());
    }
    // A lesson asked for by the URL (`?lesson=ID`, an embed's or a link's) opens.
    if let Some(id) = opts.with_value(|o| o.lesson.clone()) {
        crate::ui::follow::open_lesson_from_url(ctx, learn, &id, had_link);
    }
    crate::ui::follow::autosave_and_grade(ctx, sim, learn, author);
    crate::ui::follow::overlay(ctx, verdicts);
    crate::ui::follow::page_chrome(ctx, dark);

    // The canvas's pointer, wheel and drop input (canvas_input.rs).
    let input = crate::ui::canvas_input::Input::new(ctx, canvas_ref, sim, learn, hover, menu, space_down, pending_move);

    // The frame's classes: what the stylesheet lays out differently.
    let frame = NodeRef::<web_sys::HtmlElement>::new();
    frame_classes(frame, Frame { ctx, learn, author, drawer, panels_open, embedded, can_edit });
    let palette = can_edit.then(|| palette_view(ctx, drawer, learn));
    let bar = crate::ui::topbar::top_bar(crate::ui::topbar::Bar {
        ctx,
        sim,
        canvas_ref,
        dark,
        sheet,
        panels_open,
        learn,
        author,
        offer: crate::ui::topbar::Offer { embedded, can_edit, show_faults },
    });
    let mut app = crate::ui::dom::el("div").attr("class", "app").keep(frame).child(&bar);
    // Read-only: no palette.
    if let Some(palette) = palette {
        app = app.child(&palette);
    }
    app.children(&crate::ui::learn::learn_view(ctx, learn, author))
        .child(&crate::ui::stage::stage_view(stage, input, drawer, hover, menu, can_edit))
        .child(&crate::ui::shell::shortcut_sheet(lang, sheet))
        // PWA: service worker registration and the "new version ready" prompt (pwa.rs).
        .child(&crate::ui::pwa::update_prompt(lang))
        .child(&inspector_pane(ctx, sim, diagnostics, can_edit))
        .child(&bottom_panels(ctx, sim, diagnostics, question, answer, tab))
        .0
}

/// What the app frame's classes follow.
#[derive(Clone, Copy)]
struct Frame {
    ctx: Ctx,
    learn: crate::state::lesson::Learn,
    author: crate::state::author::Author,
    drawer: RwSignal<Drawer>,
    panels_open: RwSignal<bool>,
    embedded: bool,
    can_edit: bool,
}

/// The frame's classes, set by one effect: what the stylesheet lays out differently (a
/// selection, an embed's panels, a lesson, a phone's open drawer).
fn frame_classes(frame: NodeRef<web_sys::HtmlElement>, f: Frame) {
    let Frame { ctx, learn, author, drawer, panels_open, embedded, can_edit } = f;
    Effect::new(move |_| {
        let mut classes = vec!["app"];
        for (on, class) in [
            (embedded, "embed"),
            (!can_edit, "readonly"),
            (ctx.selected().is_some(), "has-selection"),
            (panels_open.get(), "panels-open"),
            (learn.shown.with(|s| s.doc.is_some()) || author.open.get(), "learning"),
        ] {
            if on {
                classes.push(class);
            }
        }
        if let Some(el) = frame.get() {
            crate::ui::dom::set_on(&el, "class", Some(&classes.join(" ")));
            crate::ui::dom::set_on(&el, "data-drawer", Some(drawer.get().name()));
        }
    });
}

/// The palette's column: its heading, the palette, and the hint under it.
fn palette_view(ctx: Ctx, drawer: RwSignal<Drawer>, learn: crate::state::lesson::Learn) -> web_sys::Element {
    let lang = ctx.lang;
    let heading = move || {
        let mut w = crate::ui::html::W::default();
        w.leaf("h2", &[], tr(lang.get(), Key::Palette));
        w.0
    };
    let hint = move || {
        let mut w = crate::ui::html::W::default();
        w.leaf("p", &[("class", "hint")], tr(lang.get(), Key::PaletteHint));
        w.0
    };
    let label = move || tr(lang.get(), Key::Palette).to_string();
    crate::ui::dom::el("aside")
        .attr("class", "palette")
        .attr_fn("aria-label", label)
        .child(&crate::ui::dom::el("div").attr("class", "html-slot").html_fn(heading).0)
        .children(&crate::ui::palette::palette(lang, ctx, drawer, learn))
        .child(&crate::ui::dom::el("div").attr("class", "html-slot").html_fn(hint).0)
        .0
}

/// The theme chosen in this browser: `Some(true)` for dark, `None` if never chosen.
fn stored_theme() -> Option<bool> {
    let stored = window().local_storage().ok().flatten().and_then(|s| s.get_item(THEME_KEY).ok().flatten())?;
    match stored.as_str() {
        "dark" => Some(true),
        "light" => Some(false),
        _ => None,
    }
}

fn dark_query() -> Option<web_sys::MediaQueryList> {
    window().match_media("(prefers-color-scheme: dark)").ok().flatten()
}

/// Dark if chosen so, else if the system prefers it.
/// The page could not fetch its words (`messages/ui/`): says so in both languages, since it
/// has neither, and why, with a button that tries again.
pub fn without_words(why: &str) {
    use wasm_bindgen::JsCast;
    let Some(body) = crate::platform::page::document().body() else { return };
    let mut w = crate::ui::html::W::default();
    w.open("main", &[("class", "without-words"), ("role", "alert"), ("data-testid", "without-words")]);
    w.leaf("p", &[], &format!("Stratus could not load its words ({why}). Check the connection and reload the page."));
    w.leaf(
        "p",
        &[],
        &format!("Stratus가 화면에 쓸 글을 불러오지 못했습니다({why}). 연결을 확인하고 페이지를 새로 고치세요."),
    );
    w.leaf("button", &[("data-testid", "without-words-reload")], "Reload · 새로 고침"); // tidy: both languages
    w.close("main");
    body.set_inner_html(&w.0);
    let reload = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
        let _ = crate::platform::page::window().location().reload();
    });
    if let Ok(Some(button)) = body.query_selector("[data-testid=without-words-reload]") {
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
    }
    // Lives as long as the page.
    reload.forget();
}

fn initial_dark() -> bool {
    stored_theme().unwrap_or_else(|| dark_query().is_some_and(|q| q.matches()))
}

/// Until a theme is chosen here, follow the system's when it changes (at dusk, say).
/// `respect_stored`: false in an embed, which ignores the reader's stored choice.
fn follow_system_theme(dark: RwSignal<bool>, respect_stored: bool) {
    let Some(query) = dark_query() else { return };
    let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
        if !respect_stored || stored_theme().is_none() {
            let _ = dark.try_set(dark_query().is_some_and(|q| q.matches()));
        }
    });
    let _ = query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    // Lives as long as the page, like the app.
    on_change.forget();
}

/// Dark or light: an embed takes its theme from the URL and never from (or to) the
/// reader's choice; the app follows the reader's choice, else the system's (and its
/// changes).
fn theme_signal(opts: &crate::state::embed::EmbedOptions) -> RwSignal<bool> {
    let dark = RwSignal::new(match (opts.embed, opts.theme) {
        (false, _) => initial_dark(),
        (true, crate::state::embed::Theme::Light) => false,
        (true, crate::state::embed::Theme::Dark) => true,
        (true, crate::state::embed::Theme::Auto) => dark_query().is_some_and(|q| q.matches()),
    });
    if !opts.embed || opts.theme == crate::state::embed::Theme::Auto {
        follow_system_theme(dark, !opts.embed);
    }
    dark
}

/// Tell tests (and embedders later) that the first frame is drawn.
fn mark_ready() {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-stratus-ready", "true");
    }
}

/// `window.__stratus`: read-only queries for end-to-end tests, which act like a person
/// but need to know where a component is drawn. `nodeBox(id)` returns
/// `[left, top, width, height]` in client (CSS) pixels, or `null`; `selected()` the id of
/// the selection; `scenario()` the current document as JSON; `overlay()` the ids on the
/// highlighted reachability path and the blocking one, and the live simulation's counts
/// (components, paths carrying requests), as JSON.
fn install_test_hook(
    editor: StoredValue<Editor, LocalStorage>,
    canvas_ref: NodeRef<web_sys::HtmlCanvasElement>,
    particles: StoredValue<crate::render::particles::Particles, LocalStorage>,
    live: StoredValue<Option<crate::render::paint::LiveView>, LocalStorage>,
) {
    let hook = js_sys::Object::new();
    // zoom(): the camera's zoom (1 = 100 %).
    let zoom = Closure::<dyn Fn() -> JsValue>::new(move || {
        editor.try_with_value(|e| JsValue::from_f64(e.camera.zoom)).unwrap_or(JsValue::NULL)
    });
    let node_box = Closure::<dyn Fn(String) -> JsValue>::new(move |id: String| {
        let Some(canvas) = canvas_ref.get_untracked() else { return JsValue::NULL };
        let r = canvas.get_bounding_client_rect();
        editor
            .try_with_value(|e| {
                let rect = e.scene.rect_of(&NodeId(id))?;
                let (x, y) = e.camera.to_screen(rect.x, rect.y);
                let out = js_sys::Array::new();
                for v in [x + r.left(), y + r.top(), rect.w * e.camera.zoom, rect.h * e.camera.zoom] {
                    out.push(&JsValue::from_f64(v));
                }
                Some(JsValue::from(out))
            })
            .flatten()
            .unwrap_or(JsValue::NULL)
    });
    let selected = Closure::<dyn Fn() -> JsValue>::new(move || {
        editor
            .try_with_value(|e| e.selected.as_ref().map(|s| JsValue::from_str(s.as_str())))
            .flatten()
            .unwrap_or(JsValue::NULL)
    });
    let scenario = Closure::<dyn Fn() -> JsValue>::new(move || {
        editor.try_with_value(|e| JsValue::from_str(&e.doc.scenario.to_json())).unwrap_or(JsValue::NULL)
    });
    let overlay = Closure::<dyn Fn() -> JsValue>::new(move || {
        editor
            .try_with_value(|e| {
                let o = &e.overlay;
                let path: Vec<&str> = o.path.iter().map(|i| i.as_str()).collect();
                let live = live.try_with_value(|l| l.as_ref().map(|l| {
                    let busy = l.links.iter().filter(|k| k.rps > 0.0).count();
                    // What the live layer draws (tiles in subnets, AZs down, particle paths).
                    let drawn = crate::render::paint::live_report(&e.scene, l);
                    // Those drawn in the last frame of the live layer.
                    let particles = particles.try_with_value(|p| p.drawn()).unwrap_or(0);
                    serde_json::json!({ "nodes": l.nodes.len(), "busy_links": busy, "drawn": drawn, "particles": particles })
                })).flatten();
                let v = serde_json::json!({ "path": path, "blocked": o.blocked.as_ref().map(|b| b.as_str()), "live": live });
                JsValue::from_str(&v.to_string())
            })
            .unwrap_or(JsValue::NULL)
    });
    // bench(name, seconds, seed): run a built-in scenario for `seconds` simulated seconds
    // in a simulator worker of its own (as Run does) and report wall time, events and the
    // result's fingerprint (the browser half of `cargo xtask bench` and of the native/wasm
    // determinism check). Returns a promise: the example is fetched (examples.rs).
    let bench =
        Closure::<dyn Fn(String, f64, f64) -> js_sys::Promise>::new(move |name: String, seconds: f64, seed: f64| {
            wasm_bindgen_futures::future_to_promise(async move {
                let Ok(s) = crate::platform::examples::fetch(&name).await else { return Ok(JsValue::NULL) };
                let cmd = Command::Bench { seconds, seed: Some(seed as u64), scenario: s.to_json_compact() };
                wasm_bindgen_futures::JsFuture::from(crate::platform::worker::call(cmd)).await
            })
        });
    // benchMmc(customers): the M/M/4 model of `stratus bench` (utilisation 0.9), in the
    // simulator's worker. A promise.
    let bench_mmc = Closure::<dyn Fn(f64) -> js_sys::Promise>::new(move |customers: f64| {
        crate::platform::worker::call(Command::Mmc(customers))
    });
    // runFingerprint(seconds): run the design on the canvas (its own seed) for `seconds`
    // simulated seconds in a worker and resolve with the result's fingerprint (same design +
    // seed = same numbers, e.g. after travelling through a share link).
    let run_fingerprint = Closure::<dyn Fn(f64) -> js_sys::Promise>::new(move |seconds: f64| {
        let Some(scenario) = editor.try_with_value(|e| e.doc.scenario.to_json_compact()) else {
            return js_sys::Promise::resolve(&JsValue::NULL);
        };
        let answer = crate::platform::worker::call(Command::Bench { seconds, seed: None, scenario });
        wasm_bindgen_futures::future_to_promise(async move {
            // The bench answer is JSON; the fingerprint alone is what the tests compare.
            let v = wasm_bindgen_futures::JsFuture::from(answer).await?;
            Ok(v.as_string()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .and_then(|v| v.get("fingerprint").and_then(|f| f.as_str()).map(JsValue::from_str))
                .unwrap_or(JsValue::NULL))
        })
    });
    // profile(on): record the script work of each frame; frameTimes(): the frames, ms.
    let profile_hook = Closure::<dyn Fn(bool)>::new(profile::set);
    let frame_times = Closure::<dyn Fn() -> JsValue>::new(move || {
        JsValue::from_str(&serde_json::Value::from(profile::take()).to_string())
    });
    for (name, f) in [
        ("profile", profile_hook.as_ref()),
        ("runFingerprint", run_fingerprint.as_ref()),
        ("frameTimes", frame_times.as_ref()),
        ("bench", bench.as_ref()),
        ("benchMmc", bench_mmc.as_ref()),
        ("nodeBox", node_box.as_ref()),
        ("zoom", zoom.as_ref()),
        ("selected", selected.as_ref()),
        ("scenario", scenario.as_ref()),
        ("overlay", overlay.as_ref()),
    ] {
        let _ = js_sys::Reflect::set(&hook, &name.into(), f);
    }
    let _ = js_sys::Reflect::set(&window(), &"__stratus".into(), &hook);
    // The hook lives as long as the page.
    node_box.forget();
    zoom.forget();
    profile_hook.forget();
    run_fingerprint.forget();
    frame_times.forget();
    bench.forget();
    bench_mmc.forget();
    selected.forget();
    scenario.forget();
    overlay.forget();
}
