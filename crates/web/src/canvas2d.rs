//! The Canvas 2D backend of `Painter`: draws crisply at the device pixel ratio.

use crate::paint::{Align, BoxStyle, Painter, TextStyle};
use crate::scene::{Camera, Rect};
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

/// The font stack: system fonts only (nothing fetched at run time), with Korean faces.
pub const FONT_STACK: &str =
    "system-ui, -apple-system, \"Segoe UI\", \"Apple SD Gothic Neo\", \"Malgun Gothic\", \"Noto Sans CJK KR\", \"Noto Sans KR\", \"NanumGothic\", sans-serif";

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
        let s = camera.zoom * pixel_ratio;
        let _ = ctx.set_transform(s, 0.0, 0.0, s, camera.pan_x * pixel_ratio, camera.pan_y * pixel_ratio);
        ctx.set_text_baseline("alphabetic");
        self.set_dash(false);
        // The context keeps its state across frames, but forget what we know: anyone may
        // have drawn on it since.
        self.fill.clear();
        self.stroke.clear();
        self.line_width = -1.0;
        self.font = (0.0, false);
        self.align = None;
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

    fn text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle) {
        let ctx = self.ctx;
        if self.font != (style.size, style.bold) {
            let weight = if style.bold { "600" } else { "400" };
            ctx.set_font(&format!("{weight} {}px {FONT_STACK}", style.size));
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
}
