//! The app shell: top bar, palette, canvas, inspector and bottom panel, wired to one `Editor` through a shared `Ctx`.

use crate::editor::session::{Editor, Outcome, Press};
use crate::i18n::Say;
use crate::i18n::{tr, Key, Lang};
use crate::platform::profile;
use crate::render::canvas2d::Canvas2d;
use crate::render::paint::{draw_minimap, minimap_camera, Overlay, Theme, DARK, LIGHT};
use crate::state::store::{css_size, Ctx, Drawer, DRAG_TYPE, THEME_KEY};
use crate::ui::files;
use crate::ui::palette::{drop_blueprint, Palette};
use crate::ui::panels::{self, Question};
use crate::ui::shell::{BottomPanels, ContextMenu, InspectorPane, ShortcutSheet, Tab};
use crate::ui::simui::{hover_card, Sim};
use crate::ui::topbar::TopBar;
use engine::connect::LinkKind;

use engine::model::NodeId;
use engine::Text;
use leptos::html;
use leptos::prelude::*;
use simworker::wire::Command;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The whole application. Mounted by `main.rs`; tests mount it into a fresh element.
#[component]
pub fn App() -> impl IntoView {
    // Embed mode (?embed=1…, embed.rs, embed_ui.rs): read once; no saved designs read or
    // written, compact chrome, options from the URL.
    let opts = crate::state::embed::EmbedOptions::from_query(&window().location().search().unwrap_or_default());
    for problem in &opts.problems {
        leptos::logging::warn!("Stratus embed option ignored: {problem}");
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
    let clean_start = ctx.editor.with_value(|e| crate::platform::examples::is_first_example(&e.scenario));
    let needed_now = restore_note.is_some() || !clean_start;
    crate::platform::messages::load_when_needed(lang.get_untracked(), needed_now, move || lang.update(|_| {}));
    let editor = ctx.editor;
    editor.update_value(|e| e.readonly = !opts.can_edit());
    // A design restored or started now is in the list from the first moment.
    ctx.autosave();
    ctx.log(Key::Opened, first_name);
    if let Some(note) = restore_note {
        ctx.toast(note);
    }
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let minimap_ref = NodeRef::<html::Canvas>::new();
    // The live layer: a transparent canvas over the diagram, which takes the pointer.
    let top_ref = NodeRef::<html::Canvas>::new();
    let particles = StoredValue::new_local(crate::render::particles::Particles::default());
    // Space held: dragging pans whatever is under the pointer (as in design tools).
    let space_down = StoredValue::new(false);
    let tab = RwSignal::new(Tab::Problems);
    // One simulator worker for the page: the simulation's and the verdicts'.
    let worker = crate::platform::worker::Shared::new();
    let sim = Sim::new(worker);
    crate::ui::simui::prefetch_when_touched(ctx, sim);
    let sheet = RwSignal::new(false);
    let hover = RwSignal::new(None::<(f64, f64, NodeId)>);
    // The context menu: where it was opened (CSS px in the stage) and for which element.
    let menu = RwSignal::new(None::<(f64, f64, NodeId)>);
    // Show the charts when a run starts.
    Effect::new(move |was_running: Option<bool>| {
        let _ = sim.tick.get();
        let running = sim.running();
        if running && was_running == Some(false) {
            tab.set(Tab::Metrics);
            // Run grades a lesson's `run` checks too, as Check does.
            learn.grade(ctx, true);
        }
        running
    });
    let question = RwSignal::new(None::<Question>);
    // The lesson being made (ui/author.rs): its desk lives in the same worker.
    let author = crate::state::author::Author::new(!opts.embed, worker, question);
    // Which drawer is open on a phone (none on wider screens, where all are shown).
    let drawer = RwSignal::new(Drawer::None);
    // An embed takes its theme from the URL and never from (or to) the reader's choice.
    let dark = RwSignal::new(match (opts.embed, opts.theme) {
        (false, _) => initial_dark(),
        (true, crate::state::embed::Theme::Light) => false,
        (true, crate::state::embed::Theme::Dark) => true,
        (true, crate::state::embed::Theme::Auto) => dark_query().is_some_and(|q| q.matches()),
    });
    let theme = move || if dark.get_untracked() { &DARK } else { &LIGHT };
    if !opts.embed || opts.theme == crate::state::embed::Theme::Auto {
        follow_system_theme(dark, !opts.embed);
    }
    let (embedded, can_edit, show_faults, autoplay) = (opts.embed, opts.can_edit(), opts.faults, opts.autoplay);
    // Embed: the bottom panel (problems, reachability, metrics) is opened on demand.
    let panels_open = RwSignal::new(false);
    let opts = StoredValue::new(opts);
    crate::ui::embed_ui::listen(ctx, opts);
    // Each icon that arrives asks for a redraw.
    crate::render::canvas2d::load_icons(move || ctx.view_tick.update(|t| *t += 1));

    // One frame: the worker asked to advance while running, the static layer redrawn if
    // something it shows changed, the live layer over it; again next frame while running.
    // The pointer's last move since the previous frame: applied once, in the frame. A mouse
    // fires faster than frames, and each move of a drag re-routes links; the moves in
    // between would never be drawn.
    let pending_move = StoredValue::new(None::<(f64, f64)>);
    let flush_move = move || {
        let at = pending_move.try_update_value(Option::take).flatten();
        at.is_some_and(|(x, y)| editor.try_update_value(|e| e.pointer_move(x, y)).unwrap_or(false))
    };
    let paint = move |dirty: crate::editor::layers::Dirty, now: f64| {
        let Some(canvas) = canvas_ref.try_get_untracked().flatten() else { return };
        let start = if profile::on() { profile::now() } else { 0.0 };
        let running = sim.running();
        if running {
            sim.tick_worker(now);
        }
        let dpr = device_pixel_ratio();
        let moved = flush_move();
        if dirty.base || moved {
            crate::editor::layers::draw_base(&canvas, editor, theme(), dpr);
            // The minimap catches up when the gesture ends: during a drag it would
            // redraw the whole design every frame for a thumbnail.
            let dragging = editor.with_value(|e| matches!(e.gesture, crate::editor::session::Gesture::Dragging { .. }));
            if let (false, Some(mini)) = (dragging, minimap_ref.try_get_untracked().flatten()) {
                draw_mini(&canvas, &mini, editor, theme());
            }
        }
        if let Some(top) = top_ref.try_get_untracked().flatten() {
            crate::editor::layers::draw_top(&top, editor, particles, theme(), dpr, running, dirty.base, now);
        }
        if running {
            ctx.frames.redraw_live();
        }
        if profile::on() {
            profile::frame(profile::now() - start);
        }
    };
    ctx.frames.on_frame(paint);
    // Draw at most once per animation frame, whatever asked for it.
    let request_draw = move || ctx.frames.redraw();
    // Pressing or dragging on the minimap centres the view there.
    let on_minimap = move |ev: web_sys::PointerEvent| {
        if ev.buttons() & 1 == 0 {
            return;
        }
        ev.prevent_default();
        let (Some(canvas), Some(mini)) = (canvas_ref.get_untracked(), minimap_ref.get_untracked()) else { return };
        if ev.type_() == "pointerdown" {
            let _ = mini.set_pointer_capture(ev.pointer_id());
        }
        let (mx, my) = local_point(&mini, ev.client_x(), ev.client_y());
        let (w, h) = css_size(&canvas);
        let (mw, mh) = css_size(&mini);
        editor.update_value(|e| {
            let cam = minimap_camera(&e.scene, crate::editor::layers::view_rect(&e.camera, w, h), mw, mh);
            let (wx, wy) = cam.to_world(mx, my);
            e.camera.pan_x = w / 2.0 - wx * e.camera.zoom;
            e.camera.pan_y = h / 2.0 - wy * e.camera.zoom;
        });
        request_draw();
    };

    // Size the canvas to its box at the device pixel ratio, draw; `View::Open` places a design
    // just opened (at a readable 100 %; an embed, a picture in someone's notes, shows it
    // whole), `View::Fit` fits it whole (the ⤢ button).
    let resize = move |view: View| {
        if let Some(canvas) = canvas_ref.get_untracked() {
            let (w, h) = css_size(&canvas);
            let dpr = device_pixel_ratio();
            canvas.set_width((w * dpr).round() as u32);
            canvas.set_height((h * dpr).round() as u32);
            if let Some(top) = top_ref.get_untracked() {
                crate::editor::layers::cover(&canvas, &top);
            }
            match view {
                View::Open if !embedded => editor.update_value(|e| e.fit_readable(w, h)),
                View::Open | View::Fit => editor.update_value(|e| e.fit(w, h)),
                View::Keep => {}
            }
            ctx.frames.draw_now();
        }
    };

    Effect::new(move |_| {
        if canvas_ref.get().is_some() {
            resize(View::Open);
            if let (Some(view), Some(canvas)) = (shared_view.get_value(), canvas_ref.get_untracked()) {
                let (w, h) = css_size(&canvas);
                editor.update_value(|e| e.camera = crate::state::share_link::camera_for(&view, w, h));
                ctx.frames.draw_now();
            }
            install_test_hook(editor, canvas_ref, particles);
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
    let resize_listener = window_event_listener(leptos::ev::resize, move |_| resize(View::Keep));
    on_cleanup(move || {
        resize_listener.remove();
    });
    crate::ui::keys::listen(ctx, sheet, space_down, learn);

    // The engine's verdicts, asked of their worker whenever the document or the question
    // changes (verdicts.rs).
    let verdicts = crate::state::verdicts::Verdicts::new(worker);
    let (diagnostics, answer) = (verdicts.diagnostics, verdicts.answer);
    Effect::new(move |prev: Option<()>| {
        let _ = ctx.revision.get();
        let q = question.get();
        if prev.is_some() || !clean_start || q.is_some() {
            verdicts.ask(ctx, q);
        }
    });

    // A lesson link (`#l1:…`, made by the authoring panel) carries its whole lesson: it
    // starts, in an embed or not.
    if let Some(fragment) = window().location().hash().ok().filter(|h| engine::lesson::link::is_lesson_fragment(h)) {
        crate::state::author::open_link(ctx, learn, fragment.trim_start_matches('#').to_string());
    }
    // A lesson asked for by the URL (`?lesson=ID`, an embed's or a link's) opens.
    if let Some(id) = opts.with_value(|o| o.lesson.clone()) {
        learn.open_on(ctx, &id, had_link);
        // Outside an embed the lesson is open now: a reload restores the learner's design
        // (kept once edited) instead of opening the lesson's start again.
        if !ctx.is_embedded() {
            if let (Ok(path), Ok(history)) = (window().location().pathname(), window().history()) {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
            }
        }
    }
    // Autosave every change; a failure is said, never silent. A running simulation
    // belongs to the design as it was: it is reset.
    Effect::new(move |prev: Option<u64>| {
        let rev = ctx.revision.get();
        // The open lesson is graded on every change of the design, opening included (its
        // `run` checks wait for Check or Run). Only the revision is tracked here.
        learn.grade(ctx, false);
        // While a solution is recorded, an edit becomes its steps (a design opened is no edit).
        author.changed(ctx, !ctx.quiet.get_value());
        if prev.is_some_and(|p| p != rev) {
            if sim.live.with_value(|l| l.is_some()) {
                sim.stop(ctx);
                ctx.log(Key::SimReset, String::new());
            }
            // An edit. Not a design just opened (saved, or deliberately not, by whoever
            // opened it) or a version another tab saved (shown, not saved again).
            if !ctx.quiet.get_value() {
                // Editing a design opened from a link or an example keeps it: work is never lost.
                ctx.keep_linked();
                ctx.autosave();
            }
        }
        ctx.quiet.set_value(false);
        rev
    });
    // Badges and the reachability path follow the verdicts; any change redraws. The
    // revision is read too: an edit that leaves the verdicts as they were (a name, an AZ)
    // changes the drawing all the same (issue #13: the canvas kept the old name).
    Effect::new(move |_| {
        let list = diagnostics.get();
        let reach = answer.get();
        let _ = ctx.view_tick.get();
        let _ = ctx.revision.get();
        let lang = ctx.lang.get();
        editor.update_value(|e| {
            let mut overlay = match &reach {
                Some(Ok(r)) => panels::path_overlay(&e.scenario, &e.scene, r),
                _ => Overlay::default(),
            };
            overlay.badges = panels::badges(&e.scenario, &e.scene, &list);
            // The marquee and the simulation's numbers are kept by their own owners.
            overlay.marquee = e.overlay.marquee;
            overlay.live = e.overlay.live.take();
            overlay.lang = lang;
            e.overlay = overlay;
        });
        request_draw();
    });
    // Toasts fade after a while.
    Effect::new(move |_| {
        if ctx.toast_msg.get().is_some() {
            set_timeout(move || ctx.toast_msg.set(None), std::time::Duration::from_millis(6000));
        }
    });
    Effect::new(move |_| {
        let l = lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", l.code());
        }
        document().set_title(tr(l, Key::DocumentTitle));
    });
    // The page's colours follow `data-theme`; the canvas is redrawn in the new theme.
    Effect::new(move |_| {
        let name = if dark.get() { "dark" } else { "light" };
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", name);
        }
        request_draw();
    });

    // Pointers down on the canvas (fingers, pen, mouse): two at once pinch and pan.
    let pointers: StoredValue<Vec<(i32, (f64, f64))>> = StoredValue::new(Vec::new());
    let on_pointer_down = move |ev: web_sys::PointerEvent| {
        menu.set(None);
        // Left button edits; the middle button pans; others are the browser's.
        let middle = ev.button() == 1;
        if ev.button() != 0 && !middle {
            return;
        }
        ev.prevent_default();
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let _ = canvas.set_pointer_capture(ev.pointer_id());
        let _ = canvas.focus();
        let (x, y) = local_point(&canvas, ev.client_x(), ev.client_y());
        pointers.update_value(|p| {
            p.retain(|(id, _)| *id != ev.pointer_id());
            p.push((ev.pointer_id(), (x, y)));
        });
        if let [(_, a), (_, b), ..] = pointers.get_value().as_slice() {
            editor.update_value(|e| e.pinch_start(*a, *b));
            request_draw();
            return;
        }
        if flush_move() {
            request_draw();
        }
        let press = Press { shift: ev.shift_key(), pan: middle || space_down.get_value(), no_snap: ev.alt_key() };
        if editor.try_update_value(|e| e.pointer_down(x, y, press)).unwrap_or(false) {
            ctx.sync_selection();
            request_draw();
        }
    };
    let pointer_moved = move |ev: web_sys::PointerEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let (x, y) = local_point(&canvas, ev.client_x(), ev.client_y());
        // Hovering (no button) over a component shows its live numbers.
        if ev.buttons() == 0 && sim.live.with_value(|l| l.is_some()) {
            let under = editor.with_value(|e| {
                let (wx, wy) = e.camera.to_world(x, y);
                e.scene.icon_at(wx, wy).map(|i| i.id.clone())
            });
            hover.set(under.map(|id| (x, y, id)));
        }
        pointers.update_value(|p| {
            if let Some(slot) = p.iter_mut().find(|(id, _)| *id == ev.pointer_id()) {
                slot.1 = (x, y);
            }
        });
        if let [(_, a), (_, b), ..] = pointers.get_value().as_slice() {
            if editor.try_update_value(|e| e.pinch_move(*a, *b)).unwrap_or(false) {
                request_draw();
            }
            return;
        }
        pending_move.set_value(Some((x, y)));
        ctx.frames.redraw_live();
    };
    let on_pointer_move = move |ev: web_sys::PointerEvent| {
        let start = if profile::on() { profile::now() } else { 0.0 };
        pointer_moved(ev);
        if profile::on() {
            profile::handler(profile::now() - start);
        }
    };
    let on_pointer_up = move |ev: web_sys::PointerEvent| {
        pointers.update_value(|p| p.retain(|(id, _)| *id != ev.pointer_id()));
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let (x, y) = local_point(&canvas, ev.client_x(), ev.client_y());
        flush_move();
        match editor.try_update_value(|e| e.pointer_up(x, y)).unwrap_or(Outcome::None) {
            Outcome::None => {}
            Outcome::Selected(_) => ctx.sync_selection(),
            Outcome::Moved { id, to, count, reparented } => {
                let others = if count > 1 { format!(" (+{})", count - 1) } else { String::new() };
                ctx.log(Key::Moved, format!("{}{others} → ({:.0}, {:.0})", ctx.label(&id), to.x, to.y));
                for r in reparented {
                    let subnet = editor.with_value(|e| match e.scenario.node(&r).map(|n| &n.spec) {
                        Some(engine::Spec::Instance { subnet, .. } | engine::Spec::NatGateway { subnet, .. }) => {
                            subnet.clone()
                        }
                        _ => r.clone(),
                    });
                    ctx.log(Key::MovedIntoSubnet, format!("{} → {}", ctx.label(&r), ctx.label(&subnet)));
                }
                ctx.bump();
            }
            Outcome::Linked(Ok((from, to, kind))) => {
                let kind = match kind {
                    LinkKind::Traffic => Key::LinkTraffic,
                    LinkKind::Attachment => Key::LinkAttachment,
                    LinkKind::Peering => Key::LinkPeering,
                    LinkKind::Replication => Key::LinkReplication,
                    LinkKind::DirectConnect => Key::LinkDirectConnect,
                };
                let (from, to) = (ctx.label(&from), ctx.label(&to));
                let line = |l: Lang| format!("{from} → {to} ({})", tr(l, kind));
                ctx.note_text(Key::Linked, Text::new(line(Lang::En), line(Lang::Ko)));
                ctx.bump();
            }
            Outcome::Linked(Err(why)) => ctx.toast(why),
            Outcome::Resized { id, size } => {
                ctx.log(Key::Resized, format!("{} → {:.0} × {:.0}", ctx.label(&id), size.0, size.1));
                ctx.bump();
            }
        }
        request_draw();
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let (x, y) = local_point(&canvas, ev.client_x(), ev.client_y());
        // deltaMode 1 = lines (Firefox): about 16 px a line.
        let unit = if ev.delta_mode() == 1 { 16.0 } else { 1.0 };
        let (dx, dy) = (ev.delta_x() * unit, ev.delta_y() * unit);
        editor.update_value(|e| {
            // A trackpad pinch arrives as a wheel with Ctrl; a two-finger scroll has a
            // sideways part (or Shift, with a mouse): it pans. A plain wheel zooms.
            if ev.ctrl_key() || (dx == 0.0 && !ev.shift_key()) {
                e.wheel(x, y, dy);
            } else if ev.shift_key() && dx == 0.0 {
                e.scroll(dy, 0.0);
            } else {
                e.scroll(dx, dy);
            }
        });
        request_draw();
    };
    let on_drag_over = move |ev: web_sys::DragEvent| {
        // Accepting the drop is what lets the browser drop here at all.
        ev.prevent_default();
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        if ctx.readonly() {
            return;
        }
        // A JSON file dropped on the canvas is imported as a new design.
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            files::import_file(ctx, file);
            return;
        }
        let Some(kind) = ev.data_transfer().and_then(|d| d.get_data(DRAG_TYPE).ok()).filter(|k| !k.is_empty()) else {
            return;
        };
        if kind == crate::render::users::PALETTE_KIND {
            crate::ui::runui::add_users(ctx);
            return;
        }
        let (x, y) = local_point(&canvas, ev.client_x(), ev.client_y());
        drop_blueprint(ctx, &kind, x, y, None);
    };
    let zoom_by = move |factor: f64| {
        if let Some(canvas) = canvas_ref.get_untracked() {
            let (w, h) = css_size(&canvas);
            editor.update_value(|e| e.camera.zoom_at(w / 2.0, h / 2.0, factor));
            request_draw();
        }
    };

    let t = move |key: Key| move || tr(lang.get(), key);

    view! {
        <div class="app" class:embed=embedded class:readonly=!can_edit
            class:has-selection=move || ctx.selected().is_some() class:panels-open=move || panels_open.get()
            class:learning=move || learn.shown.with(|s| s.doc.is_some()) || author.open.get()
            data-drawer=move || drawer.get().name()>
            <TopBar learn=learn author=author ctx=ctx sim=sim canvas_ref=canvas_ref dark=dark sheet=sheet panels_open=panels_open
                embedded=embedded can_edit=can_edit show_faults=show_faults/>
            // Read-only: no palette.
            {can_edit.then(|| view! {
            <aside class="palette" aria-label=t(Key::Palette)>
                <h2>{t(Key::Palette)}</h2>
                <Palette lang=lang ctx=ctx drawer=drawer learn=learn/>
                <p class="hint">{t(Key::PaletteHint)}</p>
            </aside>
            })}
            <crate::ui::learn::LearnView ctx=ctx learn=learn author=author/>
            <main class="stage">
                // Phones: the palette, the inspector and the panels are drawers over the
                // canvas, opened from this bar (hidden on wider screens by the stylesheet).
                <nav class="phone-bar" aria-label=t(Key::Views)>
                    {can_edit.then(|| view! {
                        <button data-testid="drawer-palette" aria-pressed=move || (drawer.get() == Drawer::Palette).to_string()
                            on:click=move |_| drawer.update(|d| *d = d.toggle(Drawer::Palette))>{t(Key::Palette)}</button>
                    })}
                    <button data-testid="drawer-inspector" aria-pressed=move || (drawer.get() == Drawer::Inspector).to_string()
                        on:click=move |_| drawer.update(|d| *d = d.toggle(Drawer::Inspector))>{t(Key::Inspector)}</button>
                    <button data-testid="drawer-panels" aria-pressed=move || (drawer.get() == Drawer::Panels).to_string()
                        on:click=move |_| drawer.update(|d| *d = d.toggle(Drawer::Panels))>{t(Key::PanelsDrawer)}</button>
                </nav>
                <canvas
                    node_ref=canvas_ref
                    data-testid="diagram"
                    tabindex="0"
                    role="img"
                    aria-label=t(Key::Canvas)
                    on:pointerdown=on_pointer_down
                    on:pointermove=on_pointer_move
                    on:pointerup=on_pointer_up
                    on:pointercancel=on_pointer_up
                    on:pointerleave=move |_| hover.set(None)
                    on:contextmenu=move |ev: web_sys::MouseEvent| {
                        ev.prevent_default();
                        let Some(canvas) = canvas_ref.get_untracked() else { return };
                        let (x, y) = local_point(&canvas, ev.client_x(), ev.client_y());
                        let under = editor.with_value(|e| {
                            let (wx, wy) = e.camera.to_world(x, y);
                            e.scene.icon_at(wx, wy).map(|i| i.id.clone()).or_else(|| e.scene.container_at(wx, wy).map(|c| c.id.clone()))
                        });
                        if let Some(id) = under {
                            ctx.select(Some(id.clone()));
                            menu.set(Some((x, y, id)));
                        }
                    }
                    on:wheel=on_wheel
                    on:dragover=on_drag_over
                    on:drop=on_drop
                ></canvas>
                // Over the diagram, under everything else in the stage; the pointer goes
                // through it to the diagram (style.css), which keeps focus and events.
                <canvas class="live-layer" node_ref=top_ref aria-hidden="true"></canvas>
                <ContextMenu ctx=ctx sim=sim menu=menu/>
                {move || ctx.from_link.get().then(|| view! {
                    <div class="link-banner" role="status" data-testid="link-banner">
                        <span>{move || tr(lang.get(), ctx.unsaved_note.get())}</span>
                        <button data-testid="keep-linked" on:click=move |_| ctx.keep_linked()>{tr(lang.get(), Key::KeepLinked)}</button>
                    </div>
                })}
                <div class="sr-only" aria-live="polite" data-testid="announce">
                    {move || ctx.selected().map(|id| format!("{}: {}", tr(lang.get(), Key::SelectedAnnounce), ctx.label(&id))).unwrap_or_default()}
                </div>
                <canvas class="minimap" node_ref=minimap_ref data-testid="minimap" role="img" aria-label=t(Key::Minimap)
                    on:pointerdown=on_minimap on:pointermove=on_minimap></canvas>
                <div class="zoom" role="toolbar" aria-label=t(Key::ZoomFit)>
                    <button title=t(Key::ZoomIn) aria-label=t(Key::ZoomIn) on:click=move |_| zoom_by(1.25)>"+"</button>
                    <button title=t(Key::ZoomOut) aria-label=t(Key::ZoomOut) on:click=move |_| zoom_by(0.8)>"−"</button>
                    <button data-testid="zoom-fit" title=t(Key::ZoomFit) aria-label=t(Key::ZoomFit) on:click=move |_| resize(View::Fit)>"⤢"</button>
                </div>
                <p class="canvas-help">{t(Key::CanvasHelp)}</p>
                <crate::ui::runui::GoalChecklist ctx=ctx sim=sim/>
                <crate::ui::runui::UsersOffer ctx=ctx sim=sim/>
                {move || {
                    let _ = sim.tick.get();
                    hover_card(ctx, sim, hover.get())
                }}
                {move || ctx.toast_msg.get().map(|m| view! {
                    <div class="toast" role="alert" data-testid="toast">{m.say(lang.get())}</div>
                })}
            </main>
            <ShortcutSheet lang=lang open=sheet/>
            // PWA: service worker registration and the "new version ready" prompt (pwa.rs).
            <crate::ui::pwa::UpdatePrompt lang=lang/>
            <InspectorPane ctx=ctx sim=sim diagnostics=diagnostics can_edit=can_edit/>
            <BottomPanels ctx=ctx sim=sim diagnostics=diagnostics question=question answer=answer tab=tab/>
        </div>
    }
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

fn device_pixel_ratio() -> f64 {
    let r = window().device_pixel_ratio();
    if r.is_finite() && r > 0.0 {
        r
    } else {
        1.0
    }
}

fn local_point(canvas: &HtmlCanvasElement, client_x: i32, client_y: i32) -> (f64, f64) {
    let r = canvas.get_bounding_client_rect();
    (f64::from(client_x) - r.left(), f64::from(client_y) - r.top())
}

/// Draw the minimap for the main canvas's view, sizing it to its box first.
fn draw_mini(
    canvas: &HtmlCanvasElement,
    mini: &HtmlCanvasElement,
    editor: StoredValue<Editor, LocalStorage>,
    theme: &Theme,
) {
    let (w, h) = css_size(canvas);
    // Only when part of the design is out of view: otherwise it would only hide the canvas.
    let whole = editor.with_value(|e| {
        let view = crate::editor::layers::view_rect(&e.camera, w, h);
        e.scene.bounds().is_none_or(|b| view.union(&b) == view)
    });
    let _ = web_sys::HtmlElement::style(mini).set_property("display", if whole { "none" } else { "block" });
    if whole {
        return;
    }
    // Measured once shown: a hidden canvas measures 0 × 0, and sizing it then left an
    // empty box until the next redraw (issue #13).
    let dpr = device_pixel_ratio();
    let (mw, mh) = css_size(mini);
    let (pw, ph) = ((mw * dpr).round() as u32, (mh * dpr).round() as u32);
    if mini.width() != pw || mini.height() != ph {
        mini.set_width(pw);
        mini.set_height(ph);
    }
    let Some(ctx) = mini.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let mut painter = Canvas2d::new(&ctx, f64::from(pw), f64::from(ph));
    editor.with_value(|e| {
        let view = crate::editor::layers::view_rect(&e.camera, w, h);
        let cam = minimap_camera(&e.scene, view, mw, mh);
        draw_minimap(&mut painter, &e.scene, view, &cam, dpr, theme);
    });
}

/// How `resize` places the diagram.
#[derive(Clone, Copy, PartialEq)]
enum View {
    /// As it is.
    Keep,
    /// A design just opened.
    Open,
    /// Whole (the fit button).
    Fit,
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
    canvas_ref: NodeRef<html::Canvas>,
    particles: StoredValue<crate::render::particles::Particles, LocalStorage>,
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
        editor.try_with_value(|e| JsValue::from_str(&e.scenario.to_json())).unwrap_or(JsValue::NULL)
    });
    let overlay = Closure::<dyn Fn() -> JsValue>::new(move || {
        editor
            .try_with_value(|e| {
                let o = &e.overlay;
                let path: Vec<&str> = o.path.iter().map(|i| i.as_str()).collect();
                let live = o.live.as_ref().map(|l| {
                    let busy = l.links.iter().filter(|k| k.rps > 0.0).count();
                    // What the live layer draws (tiles in subnets, AZs down, particle paths).
                    let drawn = crate::render::paint::live_report(&e.scene, l);
                    // Those drawn in the last frame of the live layer.
                    let particles = particles.try_with_value(|p| p.drawn()).unwrap_or(0);
                    serde_json::json!({ "nodes": l.nodes.len(), "busy_links": busy, "drawn": drawn, "particles": particles })
                });
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
        let Some(scenario) = editor.try_with_value(|e| e.scenario.to_json_compact()) else {
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
