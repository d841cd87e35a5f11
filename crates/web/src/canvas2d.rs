//! The Canvas 2D backend of `Painter`: draws crisply at the device pixel ratio, with the AWS icons loaded once at start-up.

use crate::paint::{Align, BoxStyle, Painter, TextStyle};
use crate::scene::{Camera, Rect, ICON_FILES};
use crate::svg::svg_data_url;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlImageElement};

/// One loaded icon: its SVG text (embedded by SVG export) and the decoded image.
struct LoadedIcon {
    svg: String,
    image: HtmlImageElement,
}

thread_local! {
    /// Icons by file name, once fetched.
    static ICONS: RefCell<BTreeMap<&'static str, LoadedIcon>> = RefCell::default();
    static LOADING: Cell<bool> = const { Cell::new(false) };
}

/// Fetch every icon once, same-origin and relative to the page (`public/icons/aws/`, so a
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
            let Some(svg) = fetch_text(&format!("public/icons/aws/{name}.svg")).await else { return };
            let Ok(image) = HtmlImageElement::new() else { return };
            image.set_onload(Some(Closure::once_into_js(move || on_load()).unchecked_ref()));
            // From the text already fetched: one request per icon.
            image.set_src(&svg_data_url(&svg));
            ICONS.with_borrow_mut(|icons| icons.insert(name, LoadedIcon { svg, image }));
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

    fn image(&mut self, name: &str, r: Rect) -> bool {
        ICONS.with_borrow(|icons| {
            let Some(icon) = icons.get(name) else { return false };
            if !icon.image.complete() || icon.image.natural_width() == 0 {
                return false;
            }
            self.ctx.draw_image_with_html_image_element_and_dw_and_dh(&icon.image, r.x, r.y, r.w, r.h).is_ok()
        })
    }
}
