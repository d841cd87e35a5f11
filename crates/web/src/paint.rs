//! Drawing a scene through a small `Painter` trait, so that the same code draws to Canvas 2D, to SVG later, and to a recorder in native tests.

use crate::live::{LinkStat, NodeStat};
use crate::scene::{along, route, Camera, Category, ContainerKind, Rect, Scene, ICON};
use engine::connect::LinkKind;
use engine::model::NodeId;

/// How a rectangle is filled and outlined.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoxStyle {
    /// Fill colour (CSS), or `None` for no fill.
    pub fill: Option<&'static str>,
    /// Outline colour (CSS).
    pub stroke: &'static str,
    /// Outline width in diagram units.
    pub width: f64,
    /// Dashed outline.
    pub dashed: bool,
    /// Corner radius.
    pub radius: f64,
}

/// Text alignment around the anchor point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Anchor is the left end.
    Left,
    /// Anchor is the middle.
    Centre,
}

/// How text is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    /// Size in diagram units.
    pub size: f64,
    /// Semi-bold, for titles.
    pub bold: bool,
    /// Colour (CSS).
    pub colour: &'static str,
    /// Alignment around the anchor.
    pub align: Align,
}

impl TextStyle {
    const fn new(size: f64, bold: bool, colour: &'static str, align: Align) -> TextStyle {
        TextStyle { size, bold, colour, align }
    }
}

/// A drawing surface. Coordinates are diagram units; `begin` sets the transform.
pub trait Painter {
    /// Start a frame: clear to `background` and map diagram units through `camera`
    /// at `pixel_ratio` device pixels per CSS pixel.
    fn begin(&mut self, background: &str, camera: &Camera, pixel_ratio: f64);
    /// A rectangle.
    fn rect(&mut self, r: Rect, style: &BoxStyle);
    /// A straight line.
    fn line(&mut self, from: (f64, f64), to: (f64, f64), colour: &str, width: f64);
    /// Text anchored at (x, y) on its baseline.
    fn text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle);
}

/// Colours of one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// Canvas background.
    pub background: &'static str,
    /// Ordinary text.
    pub text: &'static str,
    /// Secondary text.
    pub muted: &'static str,
    /// Links.
    pub link: &'static str,
    /// Selection outline.
    pub selection: &'static str,
}

/// The light theme. Container colours follow the AWS Architecture Icons guide
/// (Region and AZ teal dashed, VPC purple, public subnet green, private subnet teal).
pub const LIGHT: Theme =
    Theme { background: "#f7f8fa", text: "#16191f", muted: "#545b64", link: "#7d8998", selection: "#0972d3" };

fn container_style(kind: ContainerKind) -> BoxStyle {
    match kind {
        ContainerKind::Region => {
            BoxStyle { fill: Some("#ffffff"), stroke: "#00a4a6", width: 1.5, dashed: true, radius: 0.0 }
        }
        ContainerKind::Vpc => {
            BoxStyle { fill: Some("#faf7ff"), stroke: "#8c4fff", width: 2.0, dashed: false, radius: 0.0 }
        }
        ContainerKind::AvailabilityZone => {
            BoxStyle { fill: None, stroke: "#00a4a6", width: 1.5, dashed: true, radius: 0.0 }
        }
        ContainerKind::PublicSubnet => {
            BoxStyle { fill: Some("#f2f6e8"), stroke: "#7aa116", width: 1.5, dashed: false, radius: 0.0 }
        }
        ContainerKind::PrivateSubnet => {
            BoxStyle { fill: Some("#e6f6f7"), stroke: "#00a4a6", width: 1.5, dashed: false, radius: 0.0 }
        }
    }
}

fn title_colour(kind: ContainerKind) -> &'static str {
    match kind {
        ContainerKind::Region | ContainerKind::AvailabilityZone => "#00777a",
        ContainerKind::Vpc => "#6b2fd6",
        ContainerKind::PublicSubnet => "#4f6b0c",
        ContainerKind::PrivateSubnet => "#00777a",
    }
}

/// Icon background colours from the AWS Architecture Icons categories.
fn category_colour(c: Category) -> &'static str {
    match c {
        Category::Networking => "#8c4fff",
        Category::Compute => "#ed7100",
        Category::Database => "#c925d1",
        Category::Storage => "#7aa116",
        Category::External => "#232f3e",
    }
}

/// How severe a badge is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum BadgeLevel {
    /// A warning (amber).
    Warning,
    /// An error (red).
    Error,
}

/// What is drawn over the scene: problem badges and a reachability path.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    /// Node, worst level, number of problems.
    pub badges: Vec<(NodeId, BadgeLevel, usize)>,
    /// Drawn components of a reachability answer, in order (request leg).
    pub path: Vec<NodeId>,
    /// The component that drops the flow, if it is blocked.
    pub blocked: Option<NodeId>,
    /// The selection rectangle being drawn, in diagram units.
    pub marquee: Option<Rect>,
    /// The running simulation's numbers, when one is running.
    pub live: Option<LiveView>,
}

/// What the simulation adds to the drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveView {
    /// Per component.
    pub nodes: Vec<NodeStat>,
    /// Per path.
    pub links: Vec<LinkStat>,
    /// Animation phase, seconds of wall time: particles move with it.
    pub phase: f64,
}

/// What the editor draws over everything while editing (never exported).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decor {
    /// Centre of the link handle of the selected element (diagram units).
    pub link_handle: Option<(f64, f64)>,
    /// The resize handle of the selected container (its bottom-right corner).
    pub resize_handle: Option<(f64, f64)>,
    /// The link being drawn: from its start to the pointer.
    pub link_preview: Option<((f64, f64), (f64, f64))>,
    /// The element the link would end on.
    pub link_target: Option<Rect>,
    /// Alignment guides.
    pub guides: Vec<crate::layout::Guide>,
}

const GUIDE: &str = "#e7157b";

/// Draw the editing decorations; sizes are in CSS pixels whatever the zoom.
pub fn draw_decor(p: &mut dyn Painter, camera: &Camera, theme: &Theme, decor: &Decor) {
    let px = 1.0 / camera.zoom;
    for g in &decor.guides {
        let (a, b) = if g.vertical { ((g.at, g.from), (g.at, g.to)) } else { ((g.from, g.at), (g.to, g.at)) };
        p.line(a, b, GUIDE, px);
    }
    if let Some(r) = decor.link_target {
        p.rect(
            grow(r, 5.0 * px),
            &BoxStyle { fill: None, stroke: theme.selection, width: 2.0 * px, dashed: true, radius: 6.0 * px },
        );
    }
    if let Some((a, b)) = decor.link_preview {
        polyline(p, &[a, b], theme.selection, 2.0 * px, Some((6.0 * px, 4.0 * px)));
    }
    if let Some((x, y)) = decor.link_handle {
        handle_box(p, (x, y), 12.0 * px, theme.selection, "#ffffff", 6.0 * px, px);
        p.line((x - 3.0 * px, y), (x + 3.0 * px, y), "#ffffff", 1.5 * px);
        p.line((x, y - 3.0 * px), (x, y + 3.0 * px), "#ffffff", 1.5 * px);
    }
    if let Some(at) = decor.resize_handle {
        handle_box(p, at, 10.0 * px, "#ffffff", theme.selection, 2.0 * px, px);
    }
}

/// A handle: a small box of side `d` centred on `at`.
fn handle_box(
    p: &mut dyn Painter,
    at: (f64, f64),
    d: f64,
    fill: &'static str,
    stroke: &'static str,
    radius: f64,
    px: f64,
) {
    let r = Rect { x: at.0 - d / 2.0, y: at.1 - d / 2.0, w: d, h: d };
    p.rect(r, &BoxStyle { fill: Some(fill), stroke, width: 2.0 * px, dashed: false, radius });
}

/// The minimap's camera: the whole diagram and the part in view, fitted into a `w` x `h` box.
pub fn minimap_camera(scene: &Scene, view: Rect, w: f64, h: f64) -> Camera {
    let all = scene.bounds().map_or(view, |b| b.union(&view));
    // Not `Camera::fit`: a minimap shrinks as far as it must (below the editor's 10%).
    let margin = 6.0;
    if all.w <= 0.0 || all.h <= 0.0 || w <= 2.0 * margin || h <= 2.0 * margin {
        return Camera::default();
    }
    let zoom = ((w - 2.0 * margin) / all.w).min((h - 2.0 * margin) / all.h);
    let (cx, cy) = all.centre();
    Camera { zoom, pan_x: w / 2.0 - cx * zoom, pan_y: h / 2.0 - cy * zoom }
}

/// The minimap: containers as outlines, icons as dots, and the view as a blue frame.
pub fn draw_minimap(p: &mut dyn Painter, scene: &Scene, view: Rect, camera: &Camera, pixel_ratio: f64, theme: &Theme) {
    p.begin(theme.background, camera, pixel_ratio);
    let px = 1.0 / camera.zoom;
    for c in scene.containers.iter().filter(|c| c.kind != ContainerKind::AvailabilityZone) {
        let style = container_style(c.kind);
        p.rect(c.rect, &BoxStyle { width: px, dashed: false, ..style });
    }
    for i in &scene.icons {
        let fill = category_colour(i.category);
        p.rect(i.rect, &BoxStyle { fill: Some(fill), stroke: fill, width: 0.0, dashed: false, radius: 0.0 });
    }
    p.rect(
        view,
        &BoxStyle { fill: Some(MARQUEE_FILL), stroke: theme.selection, width: 2.0 * px, dashed: false, radius: 0.0 },
    );
}

/// Particles per request/s on a path, and the most drawn on one path.
const PARTICLES_PER_RPS: f64 = 0.05;
const MAX_PARTICLES: f64 = 40.0;
const PARTICLE: &str = "#0972d3";

/// Green, amber or red for a utilisation.
pub fn utilisation_colour(u: f64) -> &'static str {
    if u < 0.6 {
        "#1d8102"
    } else if u < 0.85 {
        "#f2a10a"
    } else {
        "#d91515"
    }
}

const PATH_GREEN: &str = "#1d8102";
const BLOCK_RED: &str = "#d91515";
const WARN_AMBER: &str = "#8d6605";

/// Draw the whole scene, with `selected` outlined and `overlay` on top.
pub fn draw_scene(
    p: &mut dyn Painter,
    scene: &Scene,
    camera: &Camera,
    pixel_ratio: f64,
    theme: &Theme,
    selection: &[NodeId],
    overlay: &Overlay,
) {
    p.begin(theme.background, camera, pixel_ratio);
    for c in &scene.containers {
        p.rect(c.rect, &container_style(c.kind));
    }
    // Labels in a second pass, each on a light backing, so an inner box's border never
    // cuts through an outer box's title or CIDR.
    for c in &scene.containers {
        let colour = title_colour(c.kind);
        label(p, c.rect.x + 10.0, c.rect.y + 18.0, &c.title, TextStyle::new(13.0, true, colour, Align::Left));
        if !c.detail.is_empty() {
            label(
                p,
                c.rect.x + 10.0,
                c.rect.y + 34.0,
                &c.detail,
                TextStyle::new(11.0, false, theme.muted, Align::Left),
            );
        }
    }
    for l in &scene.links {
        let (width, dash) = match l.kind {
            LinkKind::Traffic => (1.5, None),
            LinkKind::Attachment => (1.5, Some((6.0, 4.0))),
            LinkKind::Replication => (2.0, Some((2.0, 4.0))),
        };
        polyline(p, &l.route, theme.link, width, dash);
        arrow_head(p, &l.route, theme.link);
    }
    draw_path_lines(p, scene, overlay);
    if let Some(live) = &overlay.live {
        draw_particles(p, scene, live);
    }
    for i in &scene.icons {
        let fill = category_colour(i.category);
        p.rect(i.rect, &BoxStyle { fill: Some(fill), stroke: fill, width: 1.0, dashed: false, radius: 8.0 });
        let (cx, cy) = i.rect.centre();
        p.text(cx, cy + 5.0, i.glyph, &TextStyle::new(14.0, true, "#ffffff", Align::Centre));
        p.text(cx, i.rect.y + i.rect.h + 15.0, &i.label, &TextStyle::new(12.0, true, theme.text, Align::Centre));
        if !i.detail.is_empty() {
            p.text(cx, i.rect.y + i.rect.h + 30.0, &i.detail, &TextStyle::new(11.0, false, theme.muted, Align::Centre));
        }
    }
    if let Some(live) = &overlay.live {
        draw_load(p, scene, live);
    }
    draw_path_rings(p, scene, overlay);
    for (id, level, count) in &overlay.badges {
        if let Some(r) = scene.rect_of(id) {
            let colour = if *level == BadgeLevel::Error { BLOCK_RED } else { WARN_AMBER };
            let (d, cx, cy) = (18.0, r.x + r.w - 2.0, r.y + 2.0);
            p.rect(
                Rect { x: cx - d / 2.0, y: cy - d / 2.0, w: d, h: d },
                &BoxStyle { fill: Some(colour), stroke: "#ffffff", width: 1.5, dashed: false, radius: d / 2.0 },
            );
            p.text(cx, cy + 4.0, &count.to_string(), &TextStyle::new(11.0, true, "#ffffff", Align::Centre));
        }
    }
    for r in selection.iter().filter_map(|id| scene.rect_of(id)) {
        p.rect(grow(r, 4.0), &BoxStyle { fill: None, stroke: theme.selection, width: 2.0, dashed: false, radius: 6.0 });
    }
    if let Some(m) = overlay.marquee {
        p.rect(
            m,
            &BoxStyle { fill: Some(MARQUEE_FILL), stroke: theme.selection, width: 1.0, dashed: true, radius: 0.0 },
        );
    }
}

const MARQUEE_FILL: &str = "rgba(9,114,211,0.08)";

/// Requests as dots moving along each path, more dots for more requests per second.
fn draw_particles(p: &mut dyn Painter, scene: &Scene, live: &LiveView) {
    let users = scene.icons.iter().find(|i| i.glyph == "WWW").map(|i| i.rect.centre());
    for l in &live.links {
        let Some(to) = scene.rect_of(&l.to) else { continue };
        if l.rps <= 0.0 {
            continue;
        }
        // Along the drawn link when there is one, so dots ride the lines people see.
        let drawn = scene.links.iter().find(|k| Some(&k.from) == l.from.as_ref() && k.to == l.to);
        let path = match (drawn, &l.from) {
            (Some(k), _) => k.route.clone(),
            (None, Some(from)) => match scene.rect_of(from) {
                Some(r) => route(r, to),
                None => continue,
            },
            (None, None) => {
                let b = to.centre();
                vec![users.unwrap_or((to.x - 150.0, b.1)), b]
            }
        };
        let n = (l.rps * PARTICLES_PER_RPS).clamp(1.0, MAX_PARTICLES).round() as usize;
        for i in 0..n {
            let f = (live.phase * 0.5 + i as f64 / n as f64).fract();
            let (x, y) = along(&path, f);
            p.rect(
                Rect { x: x - 2.0, y: y - 2.0, w: 4.0, h: 4.0 },
                &BoxStyle { fill: Some(PARTICLE), stroke: PARTICLE, width: 0.0, dashed: false, radius: 2.0 },
            );
        }
    }
}

/// A utilisation bar and the request rate above each simulated component; a red ring
/// where the network model blocks requests.
fn draw_load(p: &mut dyn Painter, scene: &Scene, live: &LiveView) {
    for n in &live.nodes {
        let Some(r) = scene.rect_of(&n.id) else { continue };
        if r.w > ICON * 1.5 {
            continue; // containers carry no bar
        }
        let bar = Rect { x: r.x, y: r.y - 9.0, w: r.w, h: 5.0 };
        p.rect(bar, &BoxStyle { fill: Some("#e9ebed"), stroke: "#e9ebed", width: 0.0, dashed: false, radius: 2.0 });
        let u = n.utilisation.clamp(0.0, 1.0);
        if u > 0.0 {
            let colour = utilisation_colour(u);
            p.rect(
                Rect { w: bar.w * u, ..bar },
                &BoxStyle { fill: Some(colour), stroke: colour, width: 0.0, dashed: false, radius: 2.0 },
            );
        }
        let rate = if n.errors_per_s > 0.5 {
            format!("{:.0}/s · {:.0} err", n.rps, n.errors_per_s)
        } else {
            format!("{:.0}/s", n.rps)
        };
        let colour = if n.errors_per_s > 0.5 { BLOCK_RED } else { "#16191f" };
        p.text(r.x + r.w / 2.0, r.y - 13.0, &rate, &TextStyle::new(10.5, true, colour, Align::Centre));
        if n.blocked {
            p.rect(grow(r, 6.0), &BoxStyle { fill: None, stroke: BLOCK_RED, width: 2.5, dashed: true, radius: 8.0 });
        }
    }
}

/// A polyline, solid or dashed (`dash` = (on, off) lengths in diagram units).
fn polyline(p: &mut dyn Painter, points: &[(f64, f64)], colour: &str, width: f64, dash: Option<(f64, f64)>) {
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some((on, off)) = dash else {
            p.line(a, b, colour, width);
            continue;
        };
        let len = (b.0 - a.0).hypot(b.1 - a.1);
        let mut t = 0.0;
        while t < len {
            let e = (t + on).min(len);
            let at = |d: f64| (a.0 + (b.0 - a.0) * d / len, a.1 + (b.1 - a.1) * d / len);
            p.line(at(t), at(e), colour, width);
            t = e + off;
        }
    }
}

/// A small arrow head at the end of a polyline, pointing along its last segment.
fn arrow_head(p: &mut dyn Painter, points: &[(f64, f64)], colour: &str) {
    let [.., a, b] = points else { return };
    let len = (b.0 - a.0).hypot(b.1 - a.1);
    if len < 1e-9 {
        return;
    }
    let (ux, uy) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
    for side in [-1.0, 1.0] {
        let tail = (b.0 - ux * 7.0 - uy * 4.0 * side, b.1 - uy * 7.0 + ux * 4.0 * side);
        p.line(tail, *b, colour, 1.5);
    }
}

/// Approximate width of `text` at `size`: Hangul and other wide characters take about one
/// em, Latin about 0.58 em (the system fonts we ask for). Used only for label backings.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().map(|c| if c.len_utf8() >= 3 { 1.0 } else { 0.58 }).sum::<f64>() * size
}

fn label(p: &mut dyn Painter, x: f64, y: f64, text: &str, style: TextStyle) {
    let backing = Rect { x: x - 3.0, y: y - style.size, w: text_width(text, style.size) + 6.0, h: style.size + 4.0 };
    p.rect(
        backing,
        &BoxStyle { fill: Some(LABEL_BACKING), stroke: LABEL_BACKING, width: 0.0, dashed: false, radius: 3.0 },
    );
    p.text(x, y, text, &style);
}

const LABEL_BACKING: &str = "rgba(255,255,255,0.88)";

fn grow(r: Rect, pad: f64) -> Rect {
    Rect { x: r.x - pad, y: r.y - pad, w: r.w + 2.0 * pad, h: r.h + 2.0 * pad }
}

/// The reachability path, part one (under the icons): thick green segments between
/// consecutive drawn hops, and a red one to the blocking component.
fn draw_path_lines(p: &mut dyn Painter, scene: &Scene, overlay: &Overlay) {
    let rects: Vec<Rect> = overlay.path.iter().filter_map(|id| scene.rect_of(id)).collect();
    for pair in rects.windows(2) {
        p.line(pair[0].centre(), pair[1].centre(), PATH_GREEN, 4.0);
    }
    if let (Some(last), Some(r)) = (rects.last(), overlay.blocked.as_ref().and_then(|id| scene.rect_of(id))) {
        p.line(last.centre(), r.centre(), BLOCK_RED, 4.0);
    }
}

/// The reachability path, part two (over the icons): a green ring on each drawn hop and a
/// dashed red ring on the blocking component.
fn draw_path_rings(p: &mut dyn Painter, scene: &Scene, overlay: &Overlay) {
    for r in overlay.path.iter().filter_map(|id| scene.rect_of(id)) {
        p.rect(grow(r, 6.0), &BoxStyle { fill: None, stroke: PATH_GREEN, width: 3.0, dashed: false, radius: 8.0 });
    }
    if let Some(r) = overlay.blocked.as_ref().and_then(|id| scene.rect_of(id)) {
        p.rect(grow(r, 6.0), &BoxStyle { fill: None, stroke: BLOCK_RED, width: 3.0, dashed: true, radius: 8.0 });
    }
}

/// One recorded drawing call.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// `begin`.
    Begin {
        /// Background colour.
        background: String,
    },
    /// `rect`.
    Rect(Rect, BoxStyle),
    /// `line`.
    Line((f64, f64), (f64, f64)),
    /// `text`.
    Text {
        /// Anchor x.
        x: f64,
        /// Anchor y.
        y: f64,
        /// The text.
        text: String,
    },
}

/// A painter that records calls, for tests.
#[derive(Default, Debug)]
pub struct Recorder {
    /// Calls in order.
    pub ops: Vec<Op>,
}

impl Painter for Recorder {
    fn begin(&mut self, background: &str, _camera: &Camera, _pixel_ratio: f64) {
        self.ops.push(Op::Begin { background: background.to_string() });
    }
    fn rect(&mut self, r: Rect, style: &BoxStyle) {
        self.ops.push(Op::Rect(r, *style));
    }
    fn line(&mut self, from: (f64, f64), to: (f64, f64), _colour: &str, _width: f64) {
        self.ops.push(Op::Line(from, to));
    }
    fn text(&mut self, x: f64, y: f64, text: &str, _style: &TextStyle) {
        self.ops.push(Op::Text { x, y, text: text.to_string() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::Scenario;

    fn drawn(selected: &[NodeId]) -> Vec<Op> {
        let s = Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap();
        let scene = Scene::build(&s);
        let mut rec = Recorder::default();
        draw_scene(&mut rec, &scene, &Camera::default(), 2.0, &LIGHT, selected, &Overlay::default());
        rec.ops
    }

    #[test]
    fn draws_every_box_label_and_link() {
        let ops = drawn(&[]);
        assert!(matches!(&ops[0], Op::Begin { .. }));
        let texts: Vec<_> =
            ops.iter().filter_map(|o| if let Op::Text { text, .. } = o { Some(text.as_str()) } else { None }).collect();
        for expected in
            ["Asia Pacific (Seoul)", "main-vpc", "ap-northeast-2c", "public-a", "10.0.10.0/24 · 251", "web-c"]
        {
            assert!(texts.contains(&expected), "missing {expected} in {texts:?}");
        }
        // Each of the 4 links: its orthogonal segments and a two-stroke arrow head.
        let s = Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap();
        let expected: usize = Scene::build(&s).links.iter().map(|l| l.route.len() - 1 + 2).sum();
        assert!(expected >= 4 * 3);
        assert_eq!(ops.iter().filter(|o| matches!(o, Op::Line(..))).count(), expected);
    }

    #[test]
    fn attachment_links_are_dashed() {
        let mut rec = Recorder::default();
        polyline(&mut rec, &[(0.0, 0.0), (100.0, 0.0)], "#000", 1.0, Some((6.0, 4.0)));
        assert_eq!(rec.ops.len(), 10, "100 units of 6-on 4-off dashes");
        let mut solid = Recorder::default();
        polyline(&mut solid, &[(0.0, 0.0), (100.0, 0.0), (100.0, 50.0)], "#000", 1.0, None);
        assert_eq!(solid.ops.len(), 2);
    }

    #[test]
    fn public_and_private_subnets_look_different() {
        let ops = drawn(&[]);
        let fills: Vec<_> = ops.iter().filter_map(|o| if let Op::Rect(_, s) = o { s.fill } else { None }).collect();
        assert!(fills.contains(&"#f2f6e8") && fills.contains(&"#e6f6f7"));
    }

    #[test]
    fn overlay_draws_badges_and_a_blocked_path() {
        let s = Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap();
        let scene = Scene::build(&s);
        let overlay = Overlay {
            badges: vec![("subnet-public-a".into(), BadgeLevel::Error, 2)],
            path: vec!["internet".into(), "igw".into()],
            blocked: Some("alb".into()),
            marquee: None,
            live: None,
        };
        let mut rec = Recorder::default();
        draw_scene(&mut rec, &scene, &Camera::default(), 1.0, &LIGHT, &[], &overlay);
        let strokes: Vec<_> =
            rec.ops.iter().filter_map(|o| if let Op::Rect(_, s) = o { Some(s.stroke) } else { None }).collect();
        assert_eq!(strokes.iter().filter(|s| **s == PATH_GREEN).count(), 2, "a ring per drawn hop");
        assert_eq!(strokes.iter().filter(|s| **s == BLOCK_RED).count(), 1, "the blocking hop");
        assert!(rec.ops.iter().any(|o| matches!(o, Op::Text { text, .. } if text == "2")), "badge count");
        // Two path segments: Internet-IGW in green, IGW-ALB in red, besides the links.
        let link_lines: usize = scene.links.iter().map(|l| l.route.len() - 1 + 2).sum();
        assert_eq!(rec.ops.iter().filter(|o| matches!(o, Op::Line(..))).count(), link_lines + 2);
    }

    #[test]
    fn live_view_draws_particles_in_proportion_and_load_bars() {
        let s = Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap();
        let scene = Scene::build(&s);
        let count = |rps: f64| {
            let live = LiveView {
                nodes: vec![NodeStat { id: "i-web-a".into(), rps, utilisation: 0.9, ..Default::default() }],
                links: vec![LinkStat { from: Some("alb".into()), to: "i-web-a".into(), rps }],
                phase: 0.3,
            };
            let overlay = Overlay { live: Some(live), ..Overlay::default() };
            let mut rec = Recorder::default();
            draw_scene(&mut rec, &scene, &Camera::default(), 1.0, &LIGHT, &[], &overlay);
            let dots = rec.ops.iter().filter(|o| matches!(o, Op::Rect(_, s) if s.fill == Some(PARTICLE))).count();
            let red_bar = rec.ops.iter().any(|o| matches!(o, Op::Rect(_, s) if s.fill == Some("#d91515")));
            (dots, red_bar)
        };
        assert_eq!(count(100.0), (5, true));
        assert_eq!(count(400.0), (20, true), "four times the rate, four times the dots");
        assert_eq!(count(1e6).0, 40, "capped");
    }

    #[test]
    fn selection_is_outlined_last() {
        let ops = drawn(&["alb".into()]);
        // (the selection ring is drawn after badges and paths)
        match ops.last() {
            Some(Op::Rect(r, style)) => {
                assert_eq!(style.stroke, LIGHT.selection);
                assert!(r.contains(710.0, 265.0));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_minimap_holds_the_diagram_and_the_view() {
        let s = Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap();
        let scene = Scene::build(&s);
        // A view far off to the right: the minimap zooms out to show both.
        let view = Rect { x: 3000.0, y: 0.0, w: 800.0, h: 600.0 };
        let cam = minimap_camera(&scene, view, 180.0, 120.0);
        let b = scene.bounds().unwrap().union(&view);
        let (x0, y0) = cam.to_screen(b.x, b.y);
        let (x1, y1) = cam.to_screen(b.x + b.w, b.y + b.h);
        assert!(x0 >= 0.0 && y0 >= 0.0 && x1 <= 180.0 && y1 <= 120.0);
        let mut rec = Recorder::default();
        draw_minimap(&mut rec, &scene, view, &cam, 1.0, &LIGHT);
        let last = rec.ops.last().unwrap();
        assert!(matches!(last, Op::Rect(r, st) if *r == view && st.stroke == LIGHT.selection), "view frame on top");
    }
}
