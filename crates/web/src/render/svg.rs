//! The SVG backend of `Painter`: the same drawing as the canvas, as a standalone SVG document for export.

use crate::render::paint::FONT_STACK;
use crate::render::paint::{Align, BoxStyle, Painter, TextStyle};
use crate::render::scene::{Camera, Rect};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Where the SVG text of an icon comes from: the icon's file name to its text.
pub type IconSource = Box<dyn Fn(&str) -> Option<String>>;

/// Builds an SVG document of `width` x `height` CSS px.
pub struct Svg {
    body: String,
    width: f64,
    height: f64,
    icons: Option<IconSource>,
    /// Icons used so far and their `<defs>` entries: each is embedded once, however
    /// often it is drawn.
    defs: BTreeMap<String, String>,
}

impl Svg {
    /// An empty drawing of the given size, drawing the fallback for every icon.
    pub fn new(width: f64, height: f64) -> Svg {
        Svg { body: String::new(), width, height, icons: None, defs: BTreeMap::new() }
    }

    /// Embed icons, read from `source`, so that the document stands alone.
    pub fn with_icons(mut self, source: IconSource) -> Svg {
        self.icons = Some(source);
        self
    }

    /// The finished document.
    pub fn finish(self) -> String {
        let (w, h) = (self.width, self.height);
        let defs = if self.defs.is_empty() {
            String::new()
        } else {
            format!("<defs>{}</defs>", self.defs.into_values().collect::<String>())
        };
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"{}\">{defs}{}</g></svg>\n",
            escape(FONT_STACK),
            self.body
        )
    }
}

/// Standard base64 (RFC 4648, with padding), for `data:` URLs.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A `data:` URL holding an SVG document.
pub fn svg_data_url(svg: &str) -> String {
    format!("data:image/svg+xml;base64,{}", base64(svg.as_bytes()))
}

/// XML-escape text and attribute values (`engine::text::escape_markup`, shared with the
/// worker, which writes the authoring panel's HTML). Ids and names come from the document, so they
/// may hold characters XML 1.0 forbids (C0 controls other than tab, line feed and carriage
/// return; U+FFFE, U+FFFF): one of those makes the whole export unreadable to every XML
/// parser, so it becomes U+FFFD. Tab, line feed and carriage return are written as
/// character references, which attribute-value normalisation keeps.
pub use engine::text::escape_markup as escape;

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

    fn image(&mut self, name: &str, r: Rect) -> bool {
        if !self.defs.contains_key(name) {
            let Some(text) = self.icons.as_ref().and_then(|source| source(name)) else { return false };
            // A 1 x 1 image, scaled to its place by each `<use>`.
            let def = format!(
                "<image id=\"aws-{}\" width=\"1\" height=\"1\" href=\"{}\"/>",
                escape(name),
                svg_data_url(&text)
            );
            self.defs.insert(name.to_string(), def);
        }
        let _ = write!(
            self.body,
            "<use href=\"#aws-{}\" transform=\"translate({:.1} {:.1}) scale({} {})\"/>",
            escape(name),
            r.x,
            r.y,
            r.w,
            r.h
        );
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::paint::{draw_scene, Overlay, LIGHT};
    use crate::render::scene::Scene;
    use engine::Scenario;

    /// The whole diagram of `s` as SVG, as the File menu's export draws it.
    fn export(s: &Scenario) -> String {
        let scene = Scene::build(s);
        let b = scene.bounds().unwrap();
        let mut svg = Svg::new(b.w, b.h);
        let cam = Camera { zoom: 1.0, pan_x: -b.x, pan_y: -b.y };
        draw_scene(&mut svg, &scene, &cam, 1.0, &LIGHT, &[], &Overlay::default(), None);
        svg.finish()
    }

    #[test]
    fn exports_the_example_as_well_formed_svg_with_korean_text() {
        let mut s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        s.nodes[4].name = "메인 VPC <main> & \"co\"".into();
        let doc = export(&s);
        assert!(doc.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(doc.contains("메인 VPC &lt;main&gt; &amp; &quot;co&quot;"), "escaped Korean name");
        assert!(doc.contains(">web-a</text>"));
        assert_eq!(doc.matches("<g ").count(), doc.matches("</g>").count());
        assert!(!doc.contains("<main>"), "no raw markup from names");
        assert!(!doc.contains("<image"), "without an icon source, the glyph tiles are drawn");
        assert!(doc.contains(">EC2</text>"));
    }

    /// Every character XML 1.0 forbids is replaced, markup is escaped, and whitespace
    /// controls survive as character references (XML 1.0 §2.2, "Characters").
    #[test]
    fn escape_leaves_only_characters_xml_allows() {
        let cases = [
            ("web-a", "web-a"),
            ("메인 VPC", "메인 VPC"),
            ("<script>&'\"", "&lt;script&gt;&amp;&apos;&quot;"),
            ("a\u{1b}[2Kb", "a\u{fffd}[2Kb"),
            ("nul\u{0}", "nul\u{fffd}"),
            ("\u{b}\u{c}\u{1f}", "\u{fffd}\u{fffd}\u{fffd}"),
            ("\u{fffe}\u{ffff}", "\u{fffd}\u{fffd}"),
            ("a\tb\nc\rd", "a&#9;b&#10;c&#13;d"),
            ("\u{7f}\u{85}\u{10000}", "\u{7f}\u{85}\u{10000}"),
        ];
        for (raw, want) in cases {
            assert_eq!(escape(raw), want, "{raw:?}");
        }
        let legal =
            |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
        let every: String = (0u32..0x1_0100).filter_map(char::from_u32).collect();
        assert!(escape(&every).chars().all(legal));
    }

    /// A node whose id holds control characters exports as an SVG an XML parser accepts.
    #[test]
    fn ids_with_control_characters_export_as_legal_xml() {
        let mut s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        s.nodes[4].name = "evil\u{1b}[2K\u{0}\u{8}\r\n</text><script>".into();
        let doc = export(&s);
        assert!(doc.contains("evil\u{fffd}[2K\u{fffd}\u{fffd}&#13;&#10;&lt;/text&gt;&lt;script&gt;"), "{doc}");
        assert!(!doc.chars().any(|c| c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')));
        assert!(!doc.contains("<script>"));
    }

    #[test]
    fn embeds_each_icon_once_as_a_data_url() {
        let s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        let scene = Scene::build(&s);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/icons/aws");
        let source: IconSource = Box::new(move |name| std::fs::read_to_string(dir.join(format!("{name}.svg"))).ok());
        let mut svg = Svg::new(1200.0, 800.0).with_icons(source);
        draw_scene(&mut svg, &scene, &Camera::default(), 1.0, &LIGHT, &[], &Overlay::default(), None);
        let doc = svg.finish();
        let ec2 = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/icons/aws/ec2.svg"),
        )
        .unwrap();
        assert_eq!(doc.matches(&svg_data_url(&ec2)).count(), 1, "two instances, one embedded icon");
        assert_eq!(doc.matches("<use href=\"#aws-ec2\"").count(), 2);
        assert!(doc.contains("<image id=\"aws-vpc\""));
        assert!(!doc.contains(">EC2</text>"), "no fallback glyph when the icon is there");
        assert!(!doc.contains("href=\"public/"), "nothing outside the document");
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }
}
