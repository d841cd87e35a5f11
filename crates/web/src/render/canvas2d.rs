//! The Canvas 2D backend of `Painter`: draws crisply at the device pixel ratio, with the AWS icons loaded once at start-up.

use crate::render::paint::{Align, BoxStyle, Painter, TextStyle};
use crate::render::scene::{Camera, Rect, ICON_FILES};
use crate::render::svg::svg_data_url;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlImageElement};

/// One loaded icon: its SVG text (embedded by SVG export), the decoded image, and a
/// bitmap of it at the size last drawn. Drawing an SVG image rasterises it again on every
/// call (4 ms a frame for 500 icons); a bitmap is a plain copy.
struct LoadedIcon {
    svg: String,
    image: HtmlImageElement,
    bitmap: RefCell<Option<(u32, web_sys::HtmlCanvasElement)>>,
}

/// The icon as a square bitmap of at least `px` device pixels (a power of two, so zooming
/// re-rasterises only when the size doubles or halves).
fn bitmap(icon: &LoadedIcon, px: f64) -> Option<web_sys::HtmlCanvasElement> {
    let side = (px.clamp(16.0, 512.0).ceil() as u32).next_power_of_two();
    if let Some((s, c)) = icon.bitmap.borrow().as_ref() {
        if *s == side {
            return Some(c.clone());
        }
    }
    let canvas: web_sys::HtmlCanvasElement =
        web_sys::window()?.document()?.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(side);
    canvas.set_height(side);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let side_f = f64::from(side);
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&icon.image, 0.0, 0.0, side_f, side_f).ok()?;
    *icon.bitmap.borrow_mut() = Some((side, canvas.clone()));
    Some(canvas)
}

thread_local! {
    /// Icons by file name, once fetched.
    static ICONS: RefCell<BTreeMap<&'static str, LoadedIcon>> = RefCell::default();
    static LOADING: Cell<bool> = const { Cell::new(false) };
}

/// Fetch every icon once, same-origin and relative to the page (`icons/aws/` in the build, from `public/`, so a
/// site under a sub-path works), keep its text and decode it; `on_load` runs as each
/// becomes drawable (to redraw). Until then, and for an icon that fails, painters draw
/// the fallback. Later calls do nothing.
pub fn load_icons(on_load: impl Fn() + 'static) {
    if LOADING.replace(true) {
        return;
    }
    let on_load = Rc::new(on_load);
    for name in ICON_FILES {
        let on_load = Rc::clone(&on_load);
        wasm_bindgen_futures::spawn_local(async move {
            let Some(svg) = fetch_text(&format!("icons/aws/{name}.svg")).await else { return };
            let Ok(image) = HtmlImageElement::new() else { return };
            image.set_onload(Some(Closure::once_into_js(move || on_load()).unchecked_ref()));
            // From the text already fetched: one request per icon.
            image.set_src(&svg_data_url(&svg));
            ICONS.with_borrow_mut(|icons| icons.insert(name, LoadedIcon { svg, image, bitmap: RefCell::default() }));
        });
    }
}

async fn fetch_text(url: &str) -> Option<String> {
    let response = wasm_bindgen_futures::JsFuture::from(web_sys::window()?.fetch_with_str(url)).await.ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    wasm_bindgen_futures::JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}

/// The SVG text of a loaded icon, for a self-contained SVG export.
pub fn icon_svg(name: &str) -> Option<String> {
    ICONS.with_borrow(|icons| icons.get(name).map(|i| i.svg.clone()))
}

/// Paints on a 2D context. Canvas calls return `Result` only for invalid arguments, which
/// our geometry never produces; a failed call skips that shape rather than stopping the frame.
pub struct Canvas2d<'a> {
    ctx: &'a CanvasRenderingContext2d,
    width_px: f64,
    height_px: f64,
    dashed: bool,
    /// The context's state as last set: setting it again costs a call across the wasm
    /// boundary and a CSS parse, per shape; a 500-node frame has thousands of shapes.
    fill: String,
    stroke: String,
    line_width: f64,
    font: (f64, bool),
    align: Option<Align>,
    /// Device pixels per diagram unit (zoom × pixel ratio), for bitmap sizes.
    scale: f64,
}

impl<'a> Canvas2d<'a> {
    /// A painter for `ctx`, whose canvas is `width_px` x `height_px` device pixels.
    pub fn new(ctx: &'a CanvasRenderingContext2d, width_px: f64, height_px: f64) -> Self {
        Canvas2d {
            ctx,
            width_px,
            height_px,
            dashed: false,
            fill: String::new(),
            stroke: String::new(),
            line_width: -1.0,
            font: (0.0, false),
            align: None,
            scale: 1.0,
        }
    }

    fn set_fill(&mut self, colour: &str) {
        if self.fill != colour {
            self.ctx.set_fill_style_str(colour);
            colour.clone_into(&mut self.fill);
        }
    }

    fn set_stroke(&mut self, colour: &str, width: f64) {
        if self.stroke != colour {
            self.ctx.set_stroke_style_str(colour);
            colour.clone_into(&mut self.stroke);
        }
        if self.line_width != width {
            self.ctx.set_line_width(width);
            self.line_width = width;
        }
    }

    fn set_dash(&mut self, dashed: bool) {
        if dashed != self.dashed {
            let pattern = js_sys::Array::new();
            if dashed {
                pattern.push(&JsValue::from_f64(6.0));
                pattern.push(&JsValue::from_f64(4.0));
            }
            let _ = self.ctx.set_line_dash(&pattern);
            self.dashed = dashed;
        }
    }

    /// Map diagram units through `camera`, and forget the context state we knew: anyone may
    /// have drawn on it since the last frame.
    fn begin_transform(&mut self, camera: &Camera, pixel_ratio: f64) {
        let ctx = self.ctx;
        let s = camera.zoom * pixel_ratio;
        self.scale = s;
        let _ = ctx.set_transform(s, 0.0, 0.0, s, camera.pan_x * pixel_ratio, camera.pan_y * pixel_ratio);
        ctx.set_text_baseline("alphabetic");
        self.fill.clear();
        self.stroke.clear();
        self.line_width = -1.0;
        self.font = (0.0, false);
        self.align = None;
        // (Not through `set_dash`: the context, not our note of it, must be solid.)
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        self.dashed = false;
    }

    fn path_rect(&self, r: Rect, radius: f64) {
        let ctx = self.ctx;
        ctx.begin_path();
        if radius <= 0.0 {
            ctx.rect(r.x, r.y, r.w, r.h);
            return;
        }
        let rad = radius.min(r.w / 2.0).min(r.h / 2.0);
        ctx.move_to(r.x + rad, r.y);
        let _ = ctx.arc_to(r.x + r.w, r.y, r.x + r.w, r.y + r.h, rad);
        let _ = ctx.arc_to(r.x + r.w, r.y + r.h, r.x, r.y + r.h, rad);
        let _ = ctx.arc_to(r.x, r.y + r.h, r.x, r.y, rad);
        let _ = ctx.arc_to(r.x, r.y, r.x + r.w, r.y, rad);
        ctx.close_path();
    }
}

impl Painter for Canvas2d<'_> {
    fn begin(&mut self, background: &str, camera: &Camera, pixel_ratio: f64) {
        let ctx = self.ctx;
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        ctx.set_fill_style_str(background);
        ctx.fill_rect(0.0, 0.0, self.width_px, self.height_px);
        self.begin_transform(camera, pixel_ratio);
    }

    fn resume(&mut self, camera: &Camera, pixel_ratio: f64) {
        self.begin_transform(camera, pixel_ratio);
    }

    fn begin_overlay(&mut self, camera: &Camera, pixel_ratio: f64) {
        let _ = self.ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        self.ctx.clear_rect(0.0, 0.0, self.width_px, self.height_px);
        self.begin_transform(camera, pixel_ratio);
    }

    fn dots(&mut self, centres: &[f64], side: f64, colour: &'static str) {
        if centres.is_empty() {
            return;
        }
        // One path and one fill for all of them: a fill per particle was the cost.
        let ctx = self.ctx;
        let h = side / 2.0;
        ctx.begin_path();
        for c in centres.chunks_exact(2) {
            ctx.rect(c[0] - h, c[1] - h, side, side);
        }
        self.set_fill(colour);
        ctx.fill();
    }

    fn rect(&mut self, r: Rect, style: &BoxStyle) {
        self.path_rect(r, style.radius);
        if let Some(fill) = style.fill {
            self.set_fill(fill);
            self.ctx.fill();
        }
        // Canvas ignores a zero line width (keeping the last one), so skip the stroke.
        if style.width <= 0.0 {
            return;
        }
        self.set_dash(style.dashed);
        self.set_stroke(style.stroke, style.width);
        self.ctx.stroke();
    }

    fn line(&mut self, from: (f64, f64), to: (f64, f64), colour: &str, width: f64) {
        self.set_dash(false);
        self.set_stroke(colour, width);
        let ctx = self.ctx;
        ctx.begin_path();
        ctx.move_to(from.0, from.1);
        ctx.line_to(to.0, to.1);
        ctx.stroke();
    }

    fn polyline(&mut self, points: &[(f64, f64)], colour: &str, width: f64) {
        let [first, rest @ ..] = points else { return };
        self.set_dash(false);
        self.set_stroke(colour, width);
        let ctx = self.ctx;
        ctx.begin_path();
        ctx.move_to(first.0, first.1);
        for p in rest {
            ctx.line_to(p.0, p.1);
        }
        ctx.stroke();
    }

    fn text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle) {
        let ctx = self.ctx;
        if self.font != (style.size, style.bold) {
            let weight = if style.bold { "600" } else { "400" };
            ctx.set_font(&format!("{weight} {}px {}", style.size, crate::render::paint::FONT_STACK));
            self.font = (style.size, style.bold);
        }
        if self.align != Some(style.align) {
            ctx.set_text_align(match style.align {
                Align::Left => "left",
                Align::Centre => "center",
            });
            self.align = Some(style.align);
        }
        self.set_fill(style.colour);
        let _ = ctx.fill_text(text, x, y);
    }

    fn image(&mut self, name: &str, r: Rect) -> bool {
        ICONS.with_borrow(|icons| {
            let Some(icon) = icons.get(name) else { return false };
            if !icon.image.complete() || icon.image.natural_width() == 0 {
                return false;
            }
            match bitmap(icon, r.w.max(r.h) * self.scale) {
                Some(b) => self.ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&b, r.x, r.y, r.w, r.h).is_ok(),
                None => {
                    self.ctx.draw_image_with_html_image_element_and_dw_and_dh(&icon.image, r.x, r.y, r.w, r.h).is_ok()
                }
            }
        })
    }
}
