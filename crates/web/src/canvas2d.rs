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
}

impl<'a> Canvas2d<'a> {
    /// A painter for `ctx`, whose canvas is `width_px` x `height_px` device pixels.
    pub fn new(ctx: &'a CanvasRenderingContext2d, width_px: f64, height_px: f64) -> Self {
        Canvas2d { ctx, width_px, height_px, dashed: false }
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
    }

    fn rect(&mut self, r: Rect, style: &BoxStyle) {
        self.path_rect(r, style.radius);
        if let Some(fill) = style.fill {
            self.ctx.set_fill_style_str(fill);
            self.ctx.fill();
        }
        // Canvas ignores a zero line width (keeping the last one), so skip the stroke.
        if style.width <= 0.0 {
            return;
        }
        self.set_dash(style.dashed);
        self.ctx.set_stroke_style_str(style.stroke);
        self.ctx.set_line_width(style.width);
        self.ctx.stroke();
    }

    fn line(&mut self, from: (f64, f64), to: (f64, f64), colour: &str, width: f64) {
        self.set_dash(false);
        let ctx = self.ctx;
        ctx.begin_path();
        ctx.move_to(from.0, from.1);
        ctx.line_to(to.0, to.1);
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(width);
        ctx.stroke();
    }

    fn text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle) {
        let ctx = self.ctx;
        let weight = if style.bold { "600" } else { "400" };
        ctx.set_font(&format!("{weight} {}px {FONT_STACK}", style.size));
        ctx.set_text_align(match style.align {
            Align::Left => "left",
            Align::Centre => "center",
        });
        ctx.set_fill_style_str(style.colour);
        let _ = ctx.fill_text(text, x, y);
    }
}
