//! The stage: the canvas's frames (the static layer when something it shows changed, the live layer over it, the worker ticked while running), the minimap, sizing at the device pixel ratio and the zoom buttons.

use crate::editor::session::Editor;
use crate::i18n::{tr, Key, Lang, Say};
use crate::platform::page::*;
use crate::platform::profile;
use crate::reactive::*;
use crate::render::canvas2d::Canvas2d;
use crate::render::paint::{draw_minimap, minimap_camera, Theme, DARK, LIGHT};
use crate::state::store::{css_size, Ctx, Drawer};
use crate::ui::canvas_input::{flush_move, local_point, At, Input};
use crate::ui::dom::el;
use crate::ui::html::W;
use crate::ui::shell::context_menu;
use crate::ui::simui::{hover_card, Sim};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement};

/// The stage: the phone's drawer bar (which `drawer` is open), the canvas and its live
/// layer with their `input`, the context menu (`menu`), the unsaved-design note, the
/// minimap, the zoom buttons, the goal checklist, the hover card of the element under the
/// pointer while a run goes (`hover`) and toasts. A plain function, not a component: one
/// call, and a component's props builder would cost the first load.
pub fn stage_view(
    stage: Stage,
    input: Input,
    drawer: RwSignal<Drawer>,
    hover: At,
    menu: At,
    can_edit: bool,
) -> Element {
    let (ctx, sim) = (stage.ctx, stage.sim);
    let lang = ctx.lang;
    let t = move |key: Key| move || tr(lang.get(), key).to_string();
    let phone_bar = move || phone_bar_html(lang.get(), drawer.get(), can_edit);
    let on_phone_bar = move |ev: web_sys::Event| {
        let which = crate::ui::dom::from_event(&ev, "[data-drawer]").and_then(|b| b.get_attribute("data-drawer"));
        let which = match which.as_deref() {
            Some("palette") => Drawer::Palette,
            Some("inspector") => Drawer::Inspector,
            Some("panels") => Drawer::Panels,
            _ => return,
        };
        drawer.update(|d| *d = d.toggle(which));
    };
    // The note over a design that is not saved yet (from a link, an example), with Keep.
    let banner = move || {
        let l = lang.get();
        if !ctx.from_link.get() {
            return String::new();
        }
        let mut w = W::default();
        w.open("div", &[("class", "link-banner"), ("role", "status"), ("data-testid", "link-banner")]);
        w.leaf("span", &[], tr(l, ctx.unsaved_note.get()));
        w.leaf("button", &[("data-testid", "keep-linked")], tr(l, Key::KeepLinked));
        w.close("div");
        w.0
    };
    let on_banner = move |ev: web_sys::MouseEvent| {
        if crate::ui::dom::from_event(&ev, "[data-testid=keep-linked]").is_some() {
            ctx.keep_linked();
        }
    };
    let zoom = move || zoom_html(lang.get());
    let on_zoom = move |ev: web_sys::MouseEvent| match crate::ui::dom::from_event(&ev, "button[data-zoom]")
        .and_then(|b| b.get_attribute("data-zoom"))
        .as_deref()
    {
        Some("in") => stage.zoom_by(1.25),
        Some("out") => stage.zoom_by(0.8),
        Some("fit") => stage.resize(View::Fit),
        _ => {}
    };
    let toast = move || {
        let mut w = W::default();
        if let Some(m) = ctx.toast_msg.get() {
            w.leaf("div", &[("class", "toast"), ("role", "alert"), ("data-testid", "toast")], &m.say(lang.get()));
        }
        w.0
    };
    let diagram = el("canvas")
        .keep(stage.canvas)
        .attr("data-testid", "diagram")
        .attr("tabindex", "0")
        .attr("role", "img")
        .attr_fn("aria-label", t(Key::Canvas))
        .on("pointerdown", move |ev| input.down(ev))
        .on("pointermove", move |ev| input.moved(ev))
        .on("pointerup", move |ev| input.up(ev))
        .on("pointercancel", move |ev| input.up(ev))
        .on("pointerleave", move |_: web_sys::Event| hover.set(None))
        .on("contextmenu", move |ev| input.context_menu(ev))
        .on("wheel", move |ev| input.wheel(ev))
        .on("dragover", |ev: web_sys::Event| ev.prevent_default())
        .on("drop", move |ev| input.dropped(ev));
    let announce = move || {
        ctx.selected()
            .map(|id| format!("{}: {}", tr(lang.get(), Key::SelectedAnnounce), ctx.label(&id)))
            .unwrap_or_default()
    };
    let minimap = el("canvas")
        .attr("class", "minimap")
        .keep(stage.minimap)
        .attr("data-testid", "minimap")
        .attr("role", "img")
        .attr_fn("aria-label", t(Key::Minimap))
        .on("pointerdown", move |ev| stage.minimap(ev))
        .on("pointermove", move |ev| stage.minimap(ev));
    let card = move || {
        let _ = sim.tick.get();
        hover_card(ctx, sim, hover.get())
    };
    let hover_slot = el("div").attr("class", "html-slot").0;
    crate::ui::dom::follow_html(
        &hover_slot,
        move || card().map(|(html, _, _)| html).unwrap_or_default(),
        move |root| {
            // style:left sets the CSSOM property, which the CSP allows; a style="…" attribute it refuses.
            if let (Some((x, y, _)), Some(el)) = (hover.get_untracked(), root.first_element_child()) {
                crate::ui::dom::place(&el, x + 14.0, y + 14.0);
            }
        },
    );
    el("main")
        .attr("class", "stage")
        // Phones: the palette, the inspector and the panels are drawers over the
        // canvas, opened from this bar (hidden on wider screens by the stylesheet). A slot:
        // the button pressed keeps the focus when the bar is written again.
        .child(&crate::ui::dom::slot(phone_bar, on_phone_bar))
        .child(&diagram.0)
        // Over the diagram, under everything else in the stage; the pointer goes
        // through it to the diagram (style.css), which keeps focus and events.
        .child(&el("canvas").attr("class", "live-layer").keep(stage.top).attr("aria-hidden", "true").0)
        .child(&context_menu(ctx, sim, menu))
        .child(&el("div").attr("class", "html-slot").html_fn(banner).on("click", on_banner).0)
        .child(
            &el("div")
                .attr("class", "sr-only")
                .attr("aria-live", "polite")
                .attr("data-testid", "announce")
                .text_fn(announce)
                .0,
        )
        .child(&minimap.0)
        .child(&el("div").attr("class", "html-slot").html_fn(zoom).on("click", on_zoom).0)
        .child(&crate::ui::runui::goal_checklist(ctx, sim))
        .child(&crate::ui::runui::users_offer(ctx, sim))
        .child(&hover_slot)
        .child(&el("div").attr("class", "html-slot").html_fn(toast).0)
        .0
}

/// The phone's bar of drawers (shown by the stylesheet on narrow screens only): the
/// palette's (when editing), the inspector's and the panels', the open one pressed.
pub fn phone_bar_html(l: Lang, open: Drawer, can_edit: bool) -> String {
    let mut w = W::default();
    w.open("nav", &[("class", "phone-bar"), ("aria-label", tr(l, Key::Views))]);
    let drawers =
        [(Drawer::Palette, Key::Palette), (Drawer::Inspector, Key::Inspector), (Drawer::Panels, Key::PanelsDrawer)];
    for (d, key) in drawers.into_iter().filter(|(d, _)| can_edit || *d != Drawer::Palette) {
        let testid = format!("drawer-{}", d.name());
        let pressed = if open == d { "true" } else { "false" };
        w.leaf("button", &[("data-testid", &testid), ("data-drawer", d.name()), ("aria-pressed", pressed)], tr(l, key));
    }
    w.close("nav");
    w.0
}

/// The zoom buttons and the canvas's one-line help.
fn zoom_html(l: Lang) -> String {
    let mut w = W::default();
    w.open("div", &[("class", "zoom"), ("role", "toolbar"), ("aria-label", tr(l, Key::ZoomFit))]);
    for (how, key, sign, testid) in
        [("in", Key::ZoomIn, "+", ""), ("out", Key::ZoomOut, "−", ""), ("fit", Key::ZoomFit, "⤢", "zoom-fit")]
    {
        let label = tr(l, key);
        let id = if testid.is_empty() { ("", "") } else { ("data-testid", testid) };
        w.leaf("button", &[id, ("data-zoom", how), ("title", label), ("aria-label", label)], sign);
    }
    w.close("div");
    w.leaf("p", &[("class", "canvas-help")], tr(l, Key::CanvasHelp));
    w.0
}

/// How `resize` places the diagram.
#[derive(Clone, Copy, PartialEq)]
pub enum View {
    /// As it is.
    Keep,
    /// A design just opened.
    Open,
    /// Whole (the fit button).
    Fit,
}

/// The canvas, its live layer and minimap, and what drawing them reads; `Copy`.
#[derive(Clone, Copy)]
pub struct Stage {
    /// Shared app state.
    pub ctx: Ctx,
    /// The simulation (ticked from the frame while it runs).
    pub sim: Sim,
    /// The static layer.
    pub canvas: NodeRef<web_sys::HtmlCanvasElement>,
    /// The minimap.
    pub minimap: NodeRef<web_sys::HtmlCanvasElement>,
    /// The live layer, over the static one.
    pub top: NodeRef<web_sys::HtmlCanvasElement>,
    /// The particles of a run.
    pub particles: StoredValue<crate::render::particles::Particles, LocalStorage>,
    /// The pointer's last move since the previous frame: applied once, in the frame. A
    /// mouse fires faster than frames, and each move of a drag re-routes links; the moves
    /// in between would never be drawn.
    pub pending_move: StoredValue<Option<(f64, f64)>>,
    /// While a drag lasts, what the static canvas leaves to the live layer.
    pub drag_parts: crate::editor::layers::DragParts,
    /// The dark theme is on.
    pub dark: RwSignal<bool>,
    /// An embed (a design opens whole, not at 100 %).
    pub embedded: bool,
}

impl Stage {
    fn theme(self) -> &'static Theme {
        if self.dark.get_untracked() {
            &DARK
        } else {
            &LIGHT
        }
    }

    /// One frame: the worker asked to advance while running, the static layer redrawn if
    /// something it shows changed, the live layer over it; again next frame while running.
    pub fn paint(self, dirty: crate::editor::layers::Dirty, now: f64) {
        let (ctx, editor) = (self.ctx, self.ctx.editor);
        let Some(canvas) = self.canvas.try_get_untracked().flatten() else { return };
        let start = if profile::on() { profile::now() } else { 0.0 };
        let running = self.sim.running();
        if running {
            self.sim.tick_worker(now);
        }
        let dpr = device_pixel_ratio();
        let moved = flush_move(editor, self.pending_move);
        // A drag's moving parts were on the live layer: once it ends the static one is whole again.
        let dragged = crate::editor::layers::drag_drawn(self.drag_parts);
        if dirty.base || moved || dragged {
            crate::editor::layers::draw_base(&canvas, editor, self.theme(), dpr, self.drag_parts, dirty.base);

            // The minimap catches up when the gesture ends: during a drag it would
            // redraw the whole design every frame for a thumbnail.
            let dragging = editor.with_value(|e| matches!(e.gesture, crate::editor::session::Gesture::Dragging { .. }));
            if let (false, Some(mini)) = (dragging, self.minimap.try_get_untracked().flatten()) {
                draw_mini(&canvas, &mini, editor, self.theme());
            }
        }
        if let Some(top) = self.top.try_get_untracked().flatten() {
            crate::editor::layers::draw_top(
                &top,
                editor,
                self.sim.view,
                self.particles,
                self.theme(),
                dpr,
                running,
                dirty.base,
                now,
                self.drag_parts,
            );
        }
        if running {
            ctx.frames.redraw_live();
        }
        if profile::on() {
            profile::frame(profile::now() - start);
        }
    }

    /// Pressing or dragging on the minimap centres the view there.
    pub fn minimap(self, ev: web_sys::PointerEvent) {
        if ev.buttons() & 1 == 0 {
            return;
        }
        ev.prevent_default();
        let (Some(canvas), Some(mini)) = (self.canvas.get_untracked(), self.minimap.get_untracked()) else { return };
        if ev.type_() == "pointerdown" {
            let _ = mini.set_pointer_capture(ev.pointer_id());
        }
        let (mx, my) = local_point(&mini, ev.client_x(), ev.client_y());
        let (w, h) = css_size(&canvas);
        let (mw, mh) = css_size(&mini);
        self.ctx.editor.update_value(|e| {
            let cam = minimap_camera(&e.scene, crate::editor::layers::view_rect(&e.camera, w, h), mw, mh);
            let (wx, wy) = cam.to_world(mx, my);
            e.camera.pan_x = w / 2.0 - wx * e.camera.zoom;
            e.camera.pan_y = h / 2.0 - wy * e.camera.zoom;
        });
        self.ctx.frames.redraw();
    }

    /// Size the canvas to its box at the device pixel ratio, draw; `View::Open` places a
    /// design just opened (at a readable 100 %; an embed, a picture in someone's notes,
    /// shows it whole), `View::Fit` fits it whole (the ⤢ button).
    pub fn resize(self, view: View) {
        let editor = self.ctx.editor;
        if let Some(canvas) = self.canvas.get_untracked() {
            let (w, h) = css_size(&canvas);
            let dpr = device_pixel_ratio();
            canvas.set_width((w * dpr).round() as u32);
            canvas.set_height((h * dpr).round() as u32);
            if let Some(top) = self.top.get_untracked() {
                crate::editor::layers::cover(&canvas, &top);
            }
            match view {
                View::Open if !self.embedded => editor.update_value(|e| e.fit_readable(w, h)),
                View::Open | View::Fit => editor.update_value(|e| e.fit(w, h)),
                View::Keep => {}
            }
            self.ctx.frames.draw_now();
        }
    }

    /// Zoom by `factor` about the canvas's centre (the + and − buttons).
    pub fn zoom_by(self, factor: f64) {
        if let Some(canvas) = self.canvas.get_untracked() {
            let (w, h) = css_size(&canvas);
            self.ctx.editor.update_value(|e| e.camera.zoom_at(w / 2.0, h / 2.0, factor));
            self.ctx.frames.redraw();
        }
    }
}

fn device_pixel_ratio() -> f64 {
    let r = window().device_pixel_ratio();
    if r.is_finite() && r > 0.0 {
        r
    } else {
        1.0
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The drawer bar offers the palette only when editing, and says which drawer is open.
    #[test]
    fn the_phone_bar_offers_the_drawers_and_marks_the_open_one() {
        let bar = phone_bar_html(Lang::En, Drawer::Inspector, true);
        assert!(bar.contains(r#"data-testid="drawer-palette" data-drawer="palette" aria-pressed="false""#), "{bar}");
        assert!(bar.contains(r#"data-testid="drawer-inspector" data-drawer="inspector" aria-pressed="true""#), "{bar}");
        let read_only = phone_bar_html(Lang::Ko, Drawer::None, false);
        assert!(!read_only.contains("drawer-palette") && read_only.contains("drawer-panels"), "{read_only}");
        assert!(read_only.contains(tr(Lang::Ko, Key::Inspector)));
    }
}
