//! The SVG backend of `Painter`: the same drawing as the canvas, as a standalone SVG document for export.

use crate::canvas2d::FONT_STACK;
use crate::paint::{Align, BoxStyle, Painter, TextStyle};
use crate::scene::{Camera, Rect};
use std::fmt::Write;

/// Builds an SVG document of `width` x `height` CSS px.
pub struct Svg {
    body: String,
    width: f64,
    height: f64,
}

impl Svg {
    /// An empty drawing of the given size.
    pub fn new(width: f64, height: f64) -> Svg {
        Svg { body: String::new(), width, height }
    }

    /// The finished document.
    pub fn finish(self) -> String {
        let (w, h) = (self.width, self.height);
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"{}\">{}</g></svg>\n",
            escape(FONT_STACK),
            self.body
        )
    }
}

/// XML-escape text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

impl Painter for Svg {
    fn begin(&mut self, background: &str, camera: &Camera, _pixel_ratio: f64) {
        let _ = write!(
            self.body,
            "<rect width=\"100%\" height=\"100%\" fill=\"{}\"/><g transform=\"matrix({} 0 0 {} {} {})\">",
            escape(background),
            camera.zoom,
            camera.zoom,
            camera.pan_x,
            camera.pan_y
        );
    }

    fn rect(&mut self, r: Rect, style: &BoxStyle) {
        let fill = style.fill.map(escape).unwrap_or_else(|| "none".into());
        let stroke = if style.width > 0.0 {
            let dash = if style.dashed { " stroke-dasharray=\"6 4\"" } else { "" };
            format!(" stroke=\"{}\" stroke-width=\"{}\"{dash}", escape(style.stroke), style.width)
        } else {
            String::new()
        };
        let _ = write!(
            self.body,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{}\" fill=\"{fill}\"{stroke}/>",
            r.x, r.y, r.w, r.h, style.radius
        );
    }

    fn line(&mut self, from: (f64, f64), to: (f64, f64), colour: &str, width: f64) {
        let _ = write!(
            self.body,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"{width}\"/>",
            from.0,
            from.1,
            to.0,
            to.1,
            escape(colour)
        );
    }

    fn text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle) {
        let anchor = match style.align {
            Align::Left => "start",
            Align::Centre => "middle",
        };
        let weight = if style.bold { 600 } else { 400 };
        let _ = write!(
            self.body,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{}\" font-weight=\"{weight}\" fill=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            style.size,
            escape(style.colour),
            escape(text)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paint::{draw_scene, Overlay, LIGHT};
    use crate::scene::Scene;
    use engine::Scenario;

    #[test]
    fn exports_the_example_as_well_formed_svg_with_korean_text() {
        let mut s = Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap();
        s.nodes[4].name = "메인 VPC <main> & \"co\"".into();
        let scene = Scene::build(&s);
        let b = scene.bounds().unwrap();
        let mut svg = Svg::new(b.w, b.h);
        let cam = Camera { zoom: 1.0, pan_x: -b.x, pan_y: -b.y };
        draw_scene(&mut svg, &scene, &cam, 1.0, &LIGHT, &[], &Overlay::default());
        let doc = svg.finish();
        assert!(doc.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(doc.contains("메인 VPC &lt;main&gt; &amp; &quot;co&quot;"), "escaped Korean name");
        assert!(doc.contains(">web-a</text>"));
        assert_eq!(doc.matches("<g ").count(), doc.matches("</g>").count());
        assert!(!doc.contains("<main>"), "no raw markup from names");
    }
}
