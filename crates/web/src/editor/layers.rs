//! The canvas's two layers and the one animation-frame loop that draws them: the static drawing is redrawn only when the document, camera, selection or theme changes; the live layer over it every frame while something moves.

use crate::editor::session::{Editor, Gesture};
use crate::platform::page::*;
use crate::reactive::*;
use crate::render::canvas2d::Canvas2d;
use crate::render::paint::{draw_decor, draw_live, draw_static, LiveView, Painter, Part, Theme};
use crate::render::particles::Particles;
use crate::render::scene::{Camera, Moving, Rect};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// What the next animation frame redraws.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dirty {
    /// The static layer: containers, links, icons, names, badges, path, selection.
    pub base: bool,
    /// The live layer: particles, live numbers and bars, marquee, handles, guides.
    pub live: bool,
}

/// Asks for frames: at most one animation frame is pending, and it redraws what was asked
/// for since the last one. No signal is involved, so nothing reactive runs per frame.
#[derive(Clone, Copy)]
pub struct Frames(StoredValue<Pending, LocalStorage>);

/// What frames know: what is dirty, whether one is asked for, and how to draw.
#[derive(Default)]
struct Pending {
    dirty: Dirty,
    scheduled: bool,
    draw: Option<DrawFrame>,
}

/// What a frame does, given what is dirty and the frame's time (ms).
type DrawFrame = Rc<dyn Fn(Dirty, f64)>;

impl Frames {
    /// Nothing asked for yet; frames do nothing until `on_frame` says how to draw.
    pub fn new() -> Frames {
        Frames(StoredValue::new_local(Pending::default()))
    }

    /// What each frame does, given what is dirty and the frame's time (ms).
    pub fn on_frame(&self, draw: impl Fn(Dirty, f64) + 'static) {
        self.0.update_value(|p| p.draw = Some(Rc::new(draw)));
    }

    /// Redraw everything at the next frame (the document, camera, selection or theme changed).
    pub fn redraw(&self) {
        self.ask(Dirty { base: true, live: true });
    }

    /// Redraw only the live layer at the next frame (particles, numbers, handles).
    pub fn redraw_live(&self) {
        self.ask(Dirty { base: false, live: true });
    }

    /// Draw everything now, not at the next frame (resizing a canvas clears it).
    pub fn draw_now(&self) {
        self.run(Some(Dirty { base: true, live: true }));
    }

    /// Take what is dirty (or `all`) and draw it.
    fn run(&self, all: Option<Dirty>) {
        // (`try_`: a frame already asked for may come after the app is unmounted.)
        let taken = self.0.try_update_value(|p| {
            let dirty = std::mem::take(&mut p.dirty);
            if all.is_none() {
                p.scheduled = false;
            }
            (all.unwrap_or(dirty), p.draw.clone())
        });
        if let Some((dirty, Some(draw))) = taken {
            draw(dirty, crate::platform::profile::now());
        }
    }

    fn ask(&self, what: Dirty) {
        let first = self.0.try_update_value(|p| {
            p.dirty.base |= what.base;
            p.dirty.live |= what.live;
            !std::mem::replace(&mut p.scheduled, true)
        });
        if first == Some(true) {
            let me = *self;
            request_animation_frame(move || me.run(None));
        }
    }
}

impl Default for Frames {
    fn default() -> Self {
        Frames::new()
    }
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
}

/// The part of the diagram a `w` x `h` CSS-px view shows.
pub fn view_rect(camera: &Camera, w: f64, h: f64) -> Rect {
    let (x0, y0) = camera.to_world(0.0, 0.0);
    let (x1, y1) = camera.to_world(w, h);
    Rect { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
}

/// While a drag lasts, what the static canvas leaves out: what moves, and every link the drag
/// has re-routed so far. Those are drawn each frame on the live layer, under its live
/// numbers; the static canvas is drawn again only when this grows or something else asks
/// for a redraw (the camera, the theme, an icon loaded).
pub type DragParts = StoredValue<Option<Moving>, LocalStorage>;

/// Draw the static layer on `canvas` (only what is in view). While a drag lasts it leaves
/// out what moves (`parts`), and is drawn again only when that grows or `fresh` (something
/// other than the drag asked for a redraw): a frame of a drag in a 500-node design draws a
/// few dozen things on the live layer, not a thousand here.
pub fn draw_base(
    canvas: &HtmlCanvasElement,
    editor: StoredValue<Editor, LocalStorage>,
    theme: &Theme,
    dpr: f64,
    parts: DragParts,
    fresh: bool,
) {
    let Some(ctx) = context(canvas) else { return };
    let (w, h) = (f64::from(canvas.width()) / dpr, f64::from(canvas.height()) / dpr);
    editor.with_value(|e| {
        let draw = |part: Part| {
            let mut painter = Canvas2d::new(&ctx, f64::from(canvas.width()), f64::from(canvas.height()));
            let view = Some(view_rect(&e.camera, w, h));
            draw_static(&mut painter, &e.scene, &e.camera, dpr, theme, &e.selection, &e.overlay, view, part);
        };
        let Gesture::Dragging { base, plan, .. } = &e.gesture else {
            parts.set_value(None);
            return draw(Part::All);
        };
        let moving = e.scene.moving(base, plan);
        parts.update_value(|parts| match parts {
            Some(known) if known.covers(&moving) => {
                if fresh {
                    draw(Part::Still(known));
                }
            }
            Some(known) => {
                known.join(&moving);
                known.widen(&e.scene, NEAR_A_DRAG);
                draw(Part::Still(known));
            }
            None => {
                let mut moving = moving;
                moving.widen(&e.scene, NEAR_A_DRAG);
                draw(Part::Still(&moving));
                *parts = Some(moving);
            }
        });
    });
}

/// How near a moving box (diagram units) a link's route must come to be drawn with what
/// moves from the start: such links are the ones a drag re-routes next.
const NEAR_A_DRAG: f64 = 120.0;

/// Whether a drag's parts are drawn on the live layer, and the static canvas must be drawn
/// whole again once the drag ends.
pub fn drag_drawn(parts: DragParts) -> bool {
    parts.with_value(Option::is_some)
}

/// Draw the live layer on `top`, the transparent canvas over the static one. Particles
/// follow the latest rates, move on while `running`, and take the drawing's shape again
/// when it may have changed (`reshape`).
#[allow(clippy::too_many_arguments)] // (what one frame of the live layer depends on)
pub fn draw_top(
    top: &HtmlCanvasElement,
    editor: StoredValue<Editor, LocalStorage>,
    live: StoredValue<Option<LiveView>, LocalStorage>,
    particles: StoredValue<Particles, LocalStorage>,
    theme: &Theme,
    dpr: f64,
    running: bool,
    reshape: bool,
    now: f64,
    parts: DragParts,
) {
    let Some(ctx) = context(top) else { return };
    let mut painter = Canvas2d::new(&ctx, f64::from(top.width()), f64::from(top.height()));
    let (w, h) = (f64::from(top.width()) / dpr, f64::from(top.height()) / dpr);
    editor.with_value(|e| {
        live.with_value(|live| {
            particles.update_value(|ps| {
                match live {
                    Some(live) => {
                        ps.sync(&e.scene, &live.links, reshape);
                        if running {
                            ps.advance(now);
                        } else {
                            ps.pause();
                        }
                    }
                    None if !ps.is_empty() => *ps = Particles::default(),
                    None => {}
                }
                painter.begin_overlay(&e.camera, dpr);
                parts.with_value(|parts| {
                    if let Some(moving) = parts {
                        let view = Some(view_rect(&e.camera, w, h));
                        let part = Part::Moving(moving);
                        draw_static(
                            &mut painter,
                            &e.scene,
                            &e.camera,
                            dpr,
                            theme,
                            &e.selection,
                            &e.overlay,
                            view,
                            part,
                        );
                    }
                });
                draw_live(&mut painter, &e.scene, &e.camera, theme, &e.overlay, live.as_ref(), ps);
                draw_decor(&mut painter, &e.camera, theme, &e.decor());
            })
        });
    });
}

/// Give `top` the pixel size of `canvas`, which it covers (its box follows the diagram's
/// in style.css).
pub fn cover(canvas: &HtmlCanvasElement, top: &HtmlCanvasElement) {
    if top.width() != canvas.width() || top.height() != canvas.height() {
        top.set_width(canvas.width());
        top.set_height(canvas.height());
    }
}
