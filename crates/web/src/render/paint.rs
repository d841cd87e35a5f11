//! Drawing a scene through a small `Painter` trait, so that the same code draws to Canvas 2D, to SVG later, and to a recorder in native tests.

use crate::render::geom::text_width;
use crate::render::live::{LinkStat, NodeStat, Tile};
use crate::render::particles::particle_path;
use crate::render::particles::Particles;
use crate::render::scene::{
    self, Camera, Category, Container, ContainerKind, Icon, Moving, Rect, Scene, GROUP_ICON, ICON,
};
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
    /// Connected straight segments through `points`, as one stroke where the surface can.
    fn polyline(&mut self, points: &[(f64, f64)], colour: &str, width: f64) {
        for w in points.windows(2) {
            self.line(w[0], w[1], colour, width);
        }
    }
    /// Text anchored at (x, y) on its baseline.
    fn text(&mut self, x: f64, y: f64, text: &str, style: &TextStyle);
    /// The icon `public/icons/aws/<name>.svg` scaled into `r`. Returns `false` when the
    /// painter does not have it (not loaded yet, or failed): the caller draws a fallback.
    fn image(&mut self, name: &str, r: Rect) -> bool;
    /// Go on drawing over what the surface shows, mapping through `camera` as `begin` does
    /// (the moving part of a drag over the copy of the rest). Surfaces that are never
    /// drawn in parts (an SVG export) need nothing.
    fn resume(&mut self, _camera: &Camera, _pixel_ratio: f64) {}
    /// Start a layer drawn over another: clear to transparent, then as `begin`.
    fn begin_overlay(&mut self, camera: &Camera, pixel_ratio: f64) {
        self.begin("transparent", camera, pixel_ratio);
    }
    /// Squares of side `side` centred on each (x, y) pair of `centres`, all in `colour`: one
    /// fill where the surface can (thousands of particles a frame).
    fn dots(&mut self, centres: &[f64], side: f64, colour: &'static str) {
        let style = BoxStyle { fill: Some(colour), stroke: colour, width: 0.0, dashed: false, radius: side / 2.0 };
        for c in centres.chunks_exact(2) {
            self.rect(Rect { x: c[0] - side / 2.0, y: c[1] - side / 2.0, w: side, h: side }, &style);
        }
    }
}

/// How one kind of container is coloured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GroupColours {
    /// Fill, or `None` to show what is behind.
    pub fill: Option<&'static str>,
    /// Outline.
    pub stroke: &'static str,
    /// Title text.
    pub title: &'static str,
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
    /// Requests moving along paths: the selection's blue, see-through, so that where many
    /// overlap the stream is darker.
    pub particle: &'static str,
    /// Behind container titles, so that an inner box's border never cuts through them.
    pub label_backing: &'static str,
    /// The empty part of a utilisation bar.
    pub bar_track: &'static str,
    /// Region.
    pub region: GroupColours,
    /// VPC.
    pub vpc: GroupColours,
    /// Availability Zone lane.
    pub az: GroupColours,
    /// Public subnet.
    pub public_subnet: GroupColours,
    /// Private subnet.
    pub private_subnet: GroupColours,
    /// Draw AWS's white variants of the general (dark grey) icons.
    pub dark: bool,
}

impl Theme {
    /// The colours of one kind of container.
    pub fn group(&self, kind: ContainerKind) -> GroupColours {
        match kind {
            ContainerKind::Region => self.region,
            ContainerKind::Vpc => self.vpc,
            ContainerKind::AvailabilityZone => self.az,
            ContainerKind::PublicSubnet => self.public_subnet,
            ContainerKind::PrivateSubnet => self.private_subnet,
        }
    }

    /// The icon file drawn for `image` on this theme's background.
    pub fn icon(&self, image: &'static str) -> &'static str {
        if self.dark {
            scene::on_dark(image)
        } else {
            image
        }
    }
}

const fn group(fill: Option<&'static str>, stroke: &'static str, title: &'static str) -> GroupColours {
    GroupColours { fill, stroke, title }
}

/// The light theme. Container colours follow the AWS Architecture Icons guide
/// (Region and AZ teal dashed, VPC purple, public subnet green, private subnet teal).
pub const LIGHT: Theme = Theme {
    background: "#f7f8fa",
    text: "#16191f",
    muted: "#545b64",
    link: "#7d8998",
    selection: "#0972d3",
    particle: "rgba(9,114,211,0.7)",
    label_backing: "rgba(255,255,255,0.88)",
    bar_track: "#e9ebed",
    region: group(Some("#ffffff"), "#00a4a6", "#00777a"),
    vpc: group(Some("#faf7ff"), "#8c4fff", "#6b2fd6"),
    az: group(None, "#00a4a6", "#00777a"),
    public_subnet: group(Some("#f2f6e8"), "#7aa116", "#4f6b0c"),
    private_subnet: group(Some("#e6f6f7"), "#00a4a6", "#00777a"),
    dark: false,
};

/// The dark theme: the same AWS hues (teal Region and AZ, purple VPC, green public and
/// teal private subnets) as deep tints for fills and lighter tones for outlines and titles,
/// on the AWS console's dark navy.
pub const DARK: Theme = Theme {
    background: "#0f141a",
    text: "#e9ebed",
    muted: "#9ba7b6",
    link: "#8d99a8",
    selection: "#42b4ff",
    particle: "rgba(66,180,255,0.7)",
    label_backing: "rgba(15,20,26,0.6)",
    bar_track: "#414d5c",
    region: group(Some("#151b22"), "#00a4a6", "#4fd1d3"),
    vpc: group(Some("#19162a"), "#a473ff", "#c3a3ff"),
    az: group(None, "#19888a", "#4fd1d3"),
    public_subnet: group(Some("#1a2312"), "#7aa116", "#a9d046"),
    private_subnet: group(Some("#0e2326"), "#00a4a6", "#4fd1d3"),
    dark: true,
};

fn container_style(kind: ContainerKind, theme: &Theme) -> BoxStyle {
    let c = theme.group(kind);
    let (width, dashed) = match kind {
        ContainerKind::Region | ContainerKind::AvailabilityZone => (1.5, true),
        ContainerKind::Vpc => (2.0, false),
        ContainerKind::PublicSubnet | ContainerKind::PrivateSubnet => (1.5, false),
    };
    BoxStyle { fill: c.fill, stroke: c.stroke, width, dashed, radius: 0.0 }
}

/// Icon background colours from the AWS Architecture Icons categories.
fn category_colour(c: Category) -> &'static str {
    match c {
        // CloudFront and Route 53 are networking and content delivery in AWS's icon set.
        Category::Networking | Category::EdgeDns => "#8c4fff",
        Category::Compute => "#ed7100",
        Category::Database => "#c925d1",
        Category::Storage => "#7aa116",
        // SQS and SNS are application integration in AWS's icon set.
        Category::Messaging => "#e7157b",
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
    /// The language of the words drawn on the canvas (a placement group's title, "errors").
    pub lang: crate::i18n::Lang,
}

/// What the simulation adds to the drawing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveView {
    /// Per component.
    pub nodes: Vec<NodeStat>,
    /// Per path.
    pub links: Vec<LinkStat>,
    /// Each instance's state, by the document node it is drawn in (itself or its group),
    /// and whether that node is a group (the instance is one of its members); sorted by node.
    pub instances: Vec<(NodeId, &'static str, bool)>,
    /// Auto Scaling members and database primaries and standbys, drawn in their subnets.
    pub tiles: Vec<Tile>,
    /// Availability Zones and Regions that are down, with the words drawn on them.
    pub down: Vec<(NodeId, String)>,
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
    pub guides: Vec<crate::render::scene::Guide>,
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
        let style = container_style(c.kind, theme);
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

/// Draw the whole scene, with `selected` outlined, `overlay` and the simulation's `live`
/// numbers on top: the static layer and, over it, the live one (exports and tests draw both on one surface).
#[allow(clippy::too_many_arguments)] // (both layers' inputs; the live data is its own scope)
pub fn draw_scene(
    p: &mut dyn Painter,
    scene: &Scene,
    camera: &Camera,
    pixel_ratio: f64,
    theme: &Theme,
    selection: &[NodeId],
    overlay: &Overlay,
    live: Option<&LiveView>,
) {
    draw_static(p, scene, camera, pixel_ratio, theme, selection, overlay, None, Part::All);
    if live.is_some() || overlay.marquee.is_some() {
        let mut particles = Particles::default();
        if let Some(live) = live {
            particles.sync(scene, &live.links, true);
        }
        draw_live(p, scene, camera, theme, overlay, live, &mut particles);
    }
}

/// Which part of the static layer to draw. While a drag lasts the part that does not move is
/// drawn once into a copy (`Still`), and each frame draws the copy and then what moves over it
/// (`Moving`): a frame of a drag in a 500-node design draws a few dozen things, not a thousand.
#[derive(Clone, Copy, Debug)]
pub enum Part<'a> {
    /// Everything, in order.
    All,
    /// All but what moves.
    Still(&'a Moving),
    /// Only what moves, over what is there.
    Moving(&'a Moving),
}

impl Part<'_> {
    /// Whether to draw a thing of which `moves` says whether it moves.
    fn keeps(self, moves: impl Fn(&Moving) -> bool) -> bool {
        match self {
            Part::All => true,
            Part::Still(m) => !moves(m),
            Part::Moving(m) => moves(m),
        }
    }
}

/// Whether `r`, grown by `pad`, meets `view` (everything does without a view).
fn in_view(view: Option<Rect>, r: Rect, pad: f64) -> bool {
    view.is_none_or(|v| {
        r.x - pad < v.x + v.w && v.x < r.x + r.w + pad && r.y - pad < v.y + v.h && v.y < r.y + r.h + pad
    })
}

/// The static layer: containers, links, icons, names, problem badges, the reachability
/// path and the selection. Redrawn only when one of those or the camera changes; `view`
/// (diagram units) skips what lies outside it, most of a large design at a readable zoom.
#[allow(clippy::too_many_arguments)] // (the layer's inputs; a struct would only name them twice)
pub fn draw_static(
    p: &mut dyn Painter,
    scene: &Scene,
    camera: &Camera,
    pixel_ratio: f64,
    theme: &Theme,
    selection: &[NodeId],
    overlay: &Overlay,
    view: Option<Rect>,
    part: Part,
) {
    match part {
        Part::Moving(_) => p.resume(camera, pixel_ratio),
        Part::All | Part::Still(_) => p.begin(theme.background, camera, pixel_ratio),
    }
    // An empty AZ lane with no room in its VPC has no size and is not drawn (scene.rs).
    let containers: Vec<&Container> = (scene.containers.iter().enumerate())
        .filter(|&(i, c)| c.rect.w > 0.0 && in_view(view, c.rect, 0.0) && part.keeps(|m| m.container(i)))
        .map(|(_, c)| c)
        .collect();
    for c in &containers {
        p.rect(c.rect, &container_style(c.kind, theme));
    }
    // Placement groups: a rounded dotted outline round their members, titled under them.
    let groups = scene.groups.iter().enumerate().filter(|&(i, _)| part.keeps(|m| m.group(i)));
    for (_, g) in groups.filter(|(_, g)| in_view(view, g.rect, 0.0)) {
        p.rect(g.rect, &BoxStyle { fill: None, stroke: theme.muted, width: 1.2, dashed: true, radius: 10.0 });
        let title = TextStyle::new(10.0, false, theme.muted, Align::Left);
        let strategy = crate::i18n::choice_name(overlay.lang, g.strategy);
        let text = crate::i18n::phrase(
            overlay.lang,
            "phrase.caption.placement_group",
            &[("strategy", strategy), ("name", &g.name)],
        );
        label(p, theme, g.rect.x + 8.0, g.rect.y + g.rect.h - 6.0, &text, title);
    }
    // Labels in a second pass, each on a backing, so an inner box's border never cuts
    // through an outer box's title or CIDR. The group icon sits in the top-left corner,
    // the title beside it, as in AWS diagrams.
    for c in &containers {
        let colour = theme.group(c.kind).title;
        let x = match c.kind.icon() {
            Some(icon) => {
                p.image(theme.icon(icon), Rect { x: c.rect.x, y: c.rect.y, w: GROUP_ICON, h: GROUP_ICON });
                c.rect.x + GROUP_ICON + 8.0
            }
            None => c.rect.x + 10.0,
        };
        let style = TextStyle::new(13.0, true, colour, Align::Left);
        label(p, theme, x, c.rect.y + 17.0, &c.title, style);
        if !c.detail.is_empty() {
            // Under the icon, where it always was: an AZ lane's title sits beside it.
            let detail = TextStyle::new(11.0, false, theme.muted, Align::Left);
            label(p, theme, c.rect.x + 6.0, c.rect.y + 36.0, &c.detail, detail);
        }
    }
    let links = scene.links.iter().enumerate().filter(|&(i, _)| part.keeps(|m| m.link(i)));
    for (_, l) in links.filter(|(_, l)| view.is_none() || in_view(view, bounds(&l.route), 12.0)) {
        let (width, dash) = match l.kind {
            LinkKind::Traffic => (1.5, None),
            LinkKind::Attachment => (1.5, Some((6.0, 4.0))),
            LinkKind::Peering => (2.0, Some((2.0, 4.0))),
            // Long dashes: data copied from one end to the other, not requests.
            LinkKind::Replication => (2.0, Some((12.0, 4.0))),
            // A dedicated line: solid and heavier than a VPN's dashed tunnel.
            LinkKind::DirectConnect => (3.0, None),
        };
        // A selected line (a peering or VPN connection is a node drawn as a line) is drawn
        // in the selection colour: it has no box to ring.
        let selected = l.via.as_ref().is_some_and(|v| selection.contains(v));
        let (colour, width) = if selected { (theme.selection, width + 1.5) } else { (theme.link, width) };
        polyline(p, &l.route, colour, width, dash);
        arrow_head(p, &l.route, colour);
    }
    // A reachability path is a few lines over everything: drawn with what moves.
    let path = part.keeps(|_| true);
    if path {
        draw_path_lines(p, scene, overlay);
    }
    // Names hang under their icons and may be wider than them.
    let icons: Vec<&Icon> = (scene.icons.iter().enumerate())
        .filter(|&(k, i)| in_view(view, i.rect, 2.0 * ICON) && part.keeps(|m| m.icon(k)))
        .map(|(_, i)| i)
        .collect();
    // Icons, then every name, then every detail line: one font change per pass instead of
    // three per icon (a 500-node frame draws about a thousand labels).
    for i in &icons {
        let (cx, cy) = i.rect.centre();
        if !p.image(theme.icon(i.image), i.rect) {
            let fill = category_colour(i.category);
            p.rect(i.rect, &BoxStyle { fill: Some(fill), stroke: fill, width: 1.0, dashed: false, radius: 8.0 });
            p.text(cx, cy + 5.0, i.glyph, &TextStyle::new(14.0, true, "#ffffff", Align::Centre));
        }
    }
    // Level of detail, as map and diagram apps do: text smaller on screen than anyone can
    // read is not drawn (zoom in and it comes back).
    let name = TextStyle::new(12.0, true, theme.text, Align::Centre);
    if name.size * camera.zoom >= MIN_READABLE_PX {
        for i in &icons {
            p.text(i.rect.x + i.rect.w / 2.0, i.rect.y + i.rect.h + 15.0, &i.label, &name);
        }
    }
    let detail = TextStyle::new(11.0, false, theme.muted, Align::Centre);
    if detail.size * camera.zoom >= MIN_READABLE_PX {
        for i in icons.iter().filter(|i| !i.detail.is_empty()) {
            p.text(i.rect.x + i.rect.w / 2.0, i.rect.y + i.rect.h + 30.0, &i.detail, &detail);
        }
    }
    if path {
        draw_path_rings(p, scene, overlay);
    }
    for (id, level, count) in overlay.badges.iter().filter(|(id, ..)| part.keeps(|m| m.node(scene, id))) {
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
    for r in selection.iter().filter(|id| part.keeps(|m| m.node(scene, id))).filter_map(|id| scene.rect_of(id)) {
        p.rect(grow(r, 4.0), &BoxStyle { fill: None, stroke: theme.selection, width: 2.0, dashed: false, radius: 6.0 });
    }
}

/// The box around a polyline.
fn bounds(points: &[(f64, f64)]) -> Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &(x, y) in points {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    Rect { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
}

/// Side of a particle, in diagram units.
const PARTICLE: f64 = 3.0;

/// The live layer, over the static one and redrawn every frame while a run moves:
/// requests as particles along the links, Auto Scaling members and databases in their
/// subnets, load bars and request rates, instance states, zones down, and the marquee.
/// (The editor's handles and guides follow, `draw_decor`.)
pub fn draw_live(
    p: &mut dyn Painter,
    scene: &Scene,
    camera: &Camera,
    theme: &Theme,
    overlay: &Overlay,
    live: Option<&LiveView>,
    particles: &mut Particles,
) {
    if let Some(live) = live {
        p.dots(particles.positions(), PARTICLE, theme.particle);
        draw_tiles(p, scene, theme, live, camera);
        draw_load(p, scene, theme, live, overlay.lang);
        draw_instance_states(p, scene, live);
        draw_down(p, scene, theme, live);
    }
    if let Some(m) = overlay.marquee {
        p.rect(
            m,
            &BoxStyle { fill: Some(MARQUEE_FILL), stroke: theme.selection, width: 1.0, dashed: true, radius: 0.0 },
        );
    }
}

const MARQUEE_FILL: &str = "rgba(9,114,211,0.08)";

/// Text drawn smaller than this many CSS pixels is skipped (unreadable anyway).
const MIN_READABLE_PX: f64 = 5.5;

/// What the live layer draws, for the end-to-end tests' read-only hook: each tile with its
/// subnet and whether it lies inside it, what is drawn down, and how many busy paths ride
/// drawn links.
pub fn live_report(scene: &Scene, live: &LiveView) -> serde_json::Value {
    let (slots, overflow) = tile_slots(scene, &live.tiles);
    let tiles: Vec<serde_json::Value> = live
        .tiles
        .iter()
        .zip(&slots)
        .map(|(t, slot)| {
            let inside = match (slot, scene.rect_of(&t.subnet)) {
                (Some(r), Some(sub)) => {
                    r.x >= sub.x && r.y >= sub.y && r.x + r.w <= sub.x + sub.w && r.y + r.h <= sub.y + sub.h
                }
                _ => false,
            };
            serde_json::json!({ "owner": t.owner.as_str(), "subnet": t.subnet.as_str(), "label": t.label,
                "state": t.state, "drawn": slot.is_some(), "inside": inside })
        })
        .collect();
    let (mut on, mut off) = (0, 0);
    for l in live.links.iter().filter(|l| l.rps > 0.0) {
        match particle_path(scene, l) {
            Some((_, true)) => on += 1,
            _ => off += 1,
        }
    }
    let down: Vec<&str> = live.down.iter().map(|(id, _)| id.as_str()).collect();
    let overflow: usize = overflow.iter().map(|(_, n)| n).sum();
    let backlogs: serde_json::Map<String, serde_json::Value> = live
        .nodes
        .iter()
        .filter(|n| n.queue > 0 && scene.rect_of(&n.id).is_some_and(|r| r.w <= ICON * 1.5))
        .map(|n| (n.id.as_str().to_string(), n.queue.into()))
        .collect();
    serde_json::json!({ "tiles": tiles, "overflow": overflow, "down": down, "backlogs": backlogs,
        "particle_paths": { "on_drawn_links": on, "off": off } })
}

/// Side of a tile's icon, its slot (icon, name under it, margins) and the most drawn in one
/// subnet before a "+N".
const TILE: f64 = 30.0;
const TILE_SLOT: (f64, f64) = (58.0, 50.0);

/// Where each tile goes: slots in its subnet, from the bottom-left corner rightwards and
/// then upwards, below the subnet's title and clear of the icons drawn in it (and their
/// names and load bars). Tiles with no free slot are counted per subnet: (rects, overflow).
pub fn tile_slots(scene: &Scene, tiles: &[Tile]) -> (Vec<Option<Rect>>, Vec<(NodeId, usize)>) {
    let mut taken: Vec<(NodeId, Vec<Rect>)> = Vec::new();
    let mut overflow: Vec<(NodeId, usize)> = Vec::new();
    let blockers: Vec<Rect> = scene
        .icons
        .iter()
        .map(|i| Rect { x: i.rect.x - 24.0, y: i.rect.y - 26.0, w: i.rect.w + 48.0, h: i.rect.h + 62.0 })
        .collect();
    let hits = |a: &Rect, b: &Rect| a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    let mut out = Vec::with_capacity(tiles.len());
    for t in tiles {
        let Some(sub) = scene.rect_of(&t.subnet) else {
            out.push(None);
            continue;
        };
        let used = match taken.iter().position(|(id, _)| *id == t.subnet) {
            Some(k) => k,
            None => {
                taken.push((t.subnet.clone(), Vec::new()));
                taken.len() - 1
            }
        };
        let (w, h) = TILE_SLOT;
        let top = sub.y + 44.0;
        let mut found = None;
        let mut y = sub.y + sub.h - h - 4.0;
        'rows: while y >= top {
            let mut x = sub.x + 6.0;
            while x + w <= sub.x + sub.w - 4.0 {
                let slot = Rect { x, y, w, h };
                if !blockers.iter().any(|b| hits(b, &slot)) && !taken[used].1.iter().any(|r| hits(r, &slot)) {
                    found = Some(slot);
                    break 'rows;
                }
                x += w;
            }
            y -= h;
        }
        match found {
            Some(slot) => {
                taken[used].1.push(slot);
                out.push(Some(slot));
            }
            None => {
                match overflow.iter_mut().find(|(id, _)| *id == t.subnet) {
                    Some((_, n)) => *n += 1,
                    None => overflow.push((t.subnet.clone(), 1)),
                }
                out.push(None);
            }
        }
    }
    (out, overflow)
}

/// Auto Scaling members and database primaries and standbys in their subnets: a small icon
/// in a ring of its state's colour (dashed while pending, draining or standing by) and its
/// name; "+N" where a subnet has no room left.
fn draw_tiles(p: &mut dyn Painter, scene: &Scene, theme: &Theme, live: &LiveView, camera: &Camera) {
    let (slots, overflow) = tile_slots(scene, &live.tiles);
    // As large as icon names less a point: at least 10 px at the default zoom.
    let name = TextStyle::new(11.5, true, theme.text, Align::Centre);
    for (t, slot) in live.tiles.iter().zip(&slots) {
        let Some(slot) = slot else { continue };
        let icon = Rect { x: slot.x + (slot.w - TILE) / 2.0, y: slot.y + 4.0, w: TILE, h: TILE };
        let colour = state_colour(t.state);
        let dashed = matches!(t.state, "pending" | "draining" | "standby");
        let ring = grow(icon, 3.0);
        p.rect(ring, &BoxStyle { fill: Some(theme.background), stroke: colour, width: 2.0, dashed, radius: 5.0 });
        if !p.image(theme.icon(t.image), icon) {
            let fill =
                if t.image == "rds" { category_colour(Category::Database) } else { category_colour(Category::Compute) };
            p.rect(icon, &BoxStyle { fill: Some(fill), stroke: fill, width: 0.0, dashed: false, radius: 4.0 });
        }
        if name.size * camera.zoom >= MIN_READABLE_PX {
            let style = if t.state == "unhealthy" { TextStyle { colour: BLOCK_RED, ..name } } else { name };
            p.text(slot.x + slot.w / 2.0, icon.y + icon.h + 15.0, &t.label, &style);
        }
    }
    for (subnet, n) in overflow {
        let Some(sub) = scene.rect_of(&subnet) else { continue };
        let style = TextStyle::new(11.0, true, theme.muted, Align::Left);
        label(p, theme, sub.x + sub.w - 34.0, sub.y + sub.h - 8.0, &format!("+{n}"), style);
    }
}

/// An Availability Zone or Region that is down: greyed and hatched over everything in it,
/// with its label ("AZ outage") in the top-right corner, in both themes.
fn draw_down(p: &mut dyn Painter, scene: &Scene, theme: &Theme, live: &LiveView) {
    let (veil, hatch) = if theme.dark {
        ("rgba(0,0,0,0.5)", "rgba(233,235,237,0.22)")
    } else {
        ("rgba(84,91,100,0.22)", "rgba(84,91,100,0.45)")
    };
    for (id, words) in &live.down {
        for c in scene.containers.iter().filter(|c| &c.id == id) {
            let r = c.rect;
            p.rect(r, &BoxStyle { fill: Some(veil), stroke: BLOCK_RED, width: 2.0, dashed: true, radius: 0.0 });
            hatch_lines(p, r, 16.0, hatch);
            let style = TextStyle::new(13.0, true, BLOCK_RED, Align::Left);
            let w = text_width(words, 13.0) * 1.1;
            // The title sits top-left; the state goes top-right, inside the box.
            let x = (r.x + r.w - w - 10.0).max(r.x + 10.0);
            label(p, theme, x, r.y + 17.0, words, TextStyle { colour: down_text(theme), ..style });
        }
    }
}

/// The red of the "down" label, readable on each theme's label backing.
fn down_text(theme: &Theme) -> &'static str {
    if theme.dark {
        "#ff7a7a"
    } else {
        BLOCK_RED
    }
}

/// Diagonal lines (45°, `gap` apart) clipped to `r`.
fn hatch_lines(p: &mut dyn Painter, r: Rect, gap: f64, colour: &str) {
    // The lines y = x - c, for c across the box; each clipped to its x range inside it.
    let mut c = r.x - (r.y + r.h) + gap;
    while c < r.x + r.w - r.y {
        let (xa, xb) = ((r.y + c).max(r.x), (r.y + r.h + c).min(r.x + r.w));
        if xa < xb {
            p.line((xa, xa - c), (xb, xb - c), colour, 1.0);
        }
        c += gap;
    }
}

/// A utilisation bar and the request rate above each simulated component; a red ring
/// where the network model blocks requests.
fn draw_load(p: &mut dyn Painter, scene: &Scene, theme: &Theme, live: &LiveView, lang: crate::i18n::Lang) {
    for n in &live.nodes {
        let Some(r) = scene.rect_of(&n.id) else { continue };
        if r.w > ICON * 1.5 {
            continue; // containers carry no bar
        }
        let bar = Rect { x: r.x, y: r.y - 9.0, w: r.w, h: 5.0 };
        let track = theme.bar_track;
        p.rect(bar, &BoxStyle { fill: Some(track), stroke: track, width: 0.0, dashed: false, radius: 2.0 });
        let u = n.utilisation.clamp(0.0, 1.0);
        if u > 0.0 {
            let colour = utilisation_colour(u);
            p.rect(
                Rect { w: bar.w * u, ..bar },
                &BoxStyle { fill: Some(colour), stroke: colour, width: 0.0, dashed: false, radius: 2.0 },
            );
        }
        let rate = if n.errors_per_s > 0.5 {
            let (rps, errors) = (format!("{:.0}", n.rps), format!("{:.0}", n.errors_per_s));
            crate::i18n::phrase(lang, "phrase.caption.rate_errors", &[("rps", &rps), ("errors", &errors)])
        } else {
            format!("{:.0}/s", n.rps)
        };
        let colour = if n.errors_per_s > 0.5 { BLOCK_RED } else { theme.text };
        p.text(r.x + r.w / 2.0, r.y - 13.0, &rate, &TextStyle::new(10.5, true, colour, Align::Centre));
        if n.queue > 0 {
            draw_backlog(p, r, theme, n.queue);
        }
        if n.blocked {
            p.rect(grow(r, 6.0), &BoxStyle { fill: None, stroke: BLOCK_RED, width: 2.5, dashed: true, radius: 8.0 });
        }
    }
}

/// What waits at a component (an SQS queue's visible messages, requests queued at a
/// server): a bar up the icon's right side, on a log scale to 100,000 (a queue's backlog
/// spans from a few to many thousands), with the count beside it.
fn draw_backlog(p: &mut dyn Painter, r: Rect, theme: &Theme, waiting: u32) {
    let track = Rect { x: r.x + r.w + 4.0, y: r.y, w: 5.0, h: r.h };
    p.rect(
        track,
        &BoxStyle { fill: Some(theme.bar_track), stroke: theme.bar_track, width: 0.0, dashed: false, radius: 2.0 },
    );
    let share = (f64::from(waiting) + 1.0).log10() / BACKLOG_FULL_LOG10;
    let h = track.h * share.clamp(0.05, 1.0);
    let colour = utilisation_colour(share.clamp(0.0, 1.0));
    p.rect(
        Rect { y: track.y + track.h - h, h, ..track },
        &BoxStyle { fill: Some(colour), stroke: colour, width: 0.0, dashed: false, radius: 2.0 },
    );
    p.text(
        track.x + track.w + 3.0,
        track.y + track.h - 2.0,
        &waiting.to_string(),
        &TextStyle::new(10.0, true, theme.text, Align::Left),
    );
}

/// A backlog of 10^5 fills the bar.
const BACKLOG_FULL_LOG10: f64 = 5.0;

/// A polyline, solid or dashed (`dash` = (on, off) lengths in diagram units).
fn polyline(p: &mut dyn Painter, points: &[(f64, f64)], colour: &str, width: f64, dash: Option<(f64, f64)>) {
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some((on, off)) = dash else {
            p.polyline(points, colour, width);
            return;
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
    let tail = |side: f64| (b.0 - ux * 7.0 - uy * 4.0 * side, b.1 - uy * 7.0 + ux * 4.0 * side);
    p.polyline(&[tail(-1.0), *b, tail(1.0)], colour, 1.5);
}

/// The colour of an instance state: healthy green, pending amber, unhealthy red, draining
/// blue, stopped or terminated grey.
pub fn state_colour(state: &str) -> &'static str {
    match state {
        "healthy" => "#1d8102",
        "pending" => "#f2a10a",
        "unhealthy" => "#d91515",
        "draining" => "#0972d3",
        _ => "#7d8998",
    }
}

/// Instance health on the canvas: a ring around a stand-alone instance in its state's
/// colour (dashed while pending or draining), and a row of squares under an Auto Scaling
/// group, one per instance it has launched.
fn draw_instance_states(p: &mut dyn Painter, scene: &Scene, live: &LiveView) {
    // `instances` is sorted by node (simui.rs), so one pass groups a group's members.
    let mut per_node: Vec<(&NodeId, bool, Vec<&'static str>)> = Vec::new();
    for (node, state, grouped) in &live.instances {
        match per_node.last_mut() {
            Some((n, _, states)) if *n == node => states.push(state),
            _ => per_node.push((node, *grouped, vec![state])),
        }
    }
    for (node, grouped, states) in per_node {
        let Some(r) = scene.rect_of(node) else { continue };
        // A group whose members are drawn in their subnets needs no squares.
        if grouped && live.tiles.iter().any(|t| &t.owner == node) {
            continue;
        }
        if !grouped {
            let state = states[0];
            let dashed = matches!(state, "pending" | "draining");
            let colour = state_colour(state);
            p.rect(grow(r, 3.0), &BoxStyle { fill: None, stroke: colour, width: 2.5, dashed, radius: 6.0 });
            continue;
        }
        let (side, gap) = (9.0, 3.0);
        let shown: Vec<&&str> = states.iter().filter(|s| **s != "terminated").collect();
        let width = shown.len() as f64 * (side + gap) - gap;
        let mut x = r.x + r.w / 2.0 - width / 2.0;
        let y = r.y + r.h + 38.0;
        for state in shown {
            let colour = state_colour(state);
            let square = Rect { x, y, w: side, h: side };
            p.rect(square, &BoxStyle { fill: Some(colour), stroke: colour, width: 0.0, dashed: false, radius: 2.0 });
            x += side + gap;
        }
    }
}

fn label(p: &mut dyn Painter, theme: &Theme, x: f64, y: f64, text: &str, style: TextStyle) {
    let backing = Rect { x: x - 3.0, y: y - style.size, w: text_width(text, style.size) + 6.0, h: style.size + 4.0 };
    p.rect(
        backing,
        &BoxStyle {
            fill: Some(theme.label_backing),
            stroke: theme.label_backing,
            width: 0.0,
            dashed: false,
            radius: 3.0,
        },
    );
    p.text(x, y, text, &style);
}

fn grow(r: Rect, pad: f64) -> Rect {
    Rect { x: r.x - pad, y: r.y - pad, w: r.w + 2.0 * pad, h: r.h + 2.0 * pad }
}

/// The reachability path, part one (under the icons): thick green segments between
/// consecutive drawn hops, and a red one to the blocking component.
fn draw_path_lines(p: &mut dyn Painter, scene: &Scene, overlay: &Overlay) {
    let rects: Vec<Rect> = overlay.path.iter().filter_map(|id| scene.rect_of(id)).collect();
    for (a, b) in rects.windows(2).filter_map(|pair| between(pair[0], pair[1])) {
        p.line(a, b, PATH_GREEN, 4.0);
    }
    let blocked = overlay.blocked.as_ref().and_then(|id| scene.rect_of(id));
    if let Some((a, b)) = rects.last().zip(blocked).and_then(|(last, r)| between(*last, r)) {
        p.line(a, b, BLOCK_RED, 4.0);
    }
}

/// The part of the line between two boxes' centres that lies outside both icons (AWS
/// icons are transparent around their glyph, so a line to the centre would cross it).
/// Containers are not cut: a line ends at their centre. `None` when the icons overlap.
fn between(a: Rect, b: Rect) -> Option<((f64, f64), (f64, f64))> {
    let ((ax, ay), (bx, by)) = (a.centre(), b.centre());
    let (dx, dy) = (bx - ax, by - ay);
    // The fraction of the centre-to-centre line inside an icon's half (plus a small gap).
    let inside = |r: Rect| {
        if r.w > ICON * 1.5 {
            return 0.0;
        }
        let (hw, hh) = (r.w / 2.0 + 2.0, r.h / 2.0 + 2.0);
        let tx = if dx == 0.0 { f64::INFINITY } else { hw / dx.abs() };
        let ty = if dy == 0.0 { f64::INFINITY } else { hh / dy.abs() };
        tx.min(ty)
    };
    let (from, to) = (inside(a), 1.0 - inside(b));
    (from < to).then_some(((ax + dx * from, ay + dy * from), (ax + dx * to, ay + dy * to)))
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
    /// `image`.
    Image {
        /// The icon's file name.
        name: String,
        /// Where.
        rect: Rect,
    },
}

/// A painter that records calls, for tests.
#[derive(Default, Debug)]
pub struct Recorder {
    /// Calls in order.
    pub ops: Vec<Op>,
    /// Act as if no image had loaded (the fallback is drawn).
    pub without_images: bool,
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
    fn image(&mut self, name: &str, rect: Rect) -> bool {
        if self.without_images {
            return false;
        }
        self.ops.push(Op::Image { name: name.to_string(), rect });
        true
    }
}

/// The font stack: system fonts only (nothing fetched at run time), with Korean faces.
pub const FONT_STACK: &str =
    "system-ui, -apple-system, \"Segoe UI\", \"Apple SD Gothic Neo\", \"Malgun Gothic\", \"Noto Sans CJK KR\", \"Noto Sans KR\", \"NanumGothic\", sans-serif";

#[cfg(test)]
mod tests {
    use super::*;
    use engine::Scenario;

    fn drawn(selected: &[NodeId]) -> Vec<Op> {
        let s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        let scene = Scene::build(&s);
        let mut rec = Recorder::default();
        draw_scene(&mut rec, &scene, &Camera::default(), 2.0, &LIGHT, selected, &Overlay::default(), None);
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
        let s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
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

    fn draw_with(theme: &Theme, without_images: bool) -> Vec<Op> {
        let s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        let mut rec = Recorder { without_images, ..Recorder::default() };
        draw_scene(&mut rec, &Scene::build(&s), &Camera::default(), 1.0, theme, &[], &Overlay::default(), None);
        rec.ops
    }

    fn images(ops: &[Op]) -> Vec<&str> {
        ops.iter().filter_map(|o| if let Op::Image { name, .. } = o { Some(name.as_str()) } else { None }).collect()
    }

    #[test]
    fn icons_and_group_icons_are_drawn_as_images() {
        let ops = draw_with(&LIGHT, false);
        let names = images(&ops);
        for expected in ["region", "vpc", "public-subnet", "private-subnet", "internet", "igw", "alb", "ec2"] {
            assert!(names.contains(&expected), "missing {expected} in {names:?}");
        }
        assert_eq!(names.iter().filter(|n| **n == "ec2").count(), 2);
        // The image fills the icon's square, and its glyph is not drawn over it.
        let alb = ops.iter().find_map(|o| match o {
            Op::Image { name, rect } if name == "alb" => Some(*rect),
            _ => None,
        });
        assert_eq!(alb.map(|r| (r.w, r.h)), Some((ICON, ICON)));
        assert!(!ops.iter().any(|o| matches!(o, Op::Text { text, .. } if text == "ALB")));
        // On dark, the dark grey Internet icon becomes its white variant.
        let dark = draw_with(&DARK, false);
        assert!(images(&dark).contains(&"internet-dark") && !images(&dark).contains(&"internet"));
    }

    #[test]
    fn a_missing_image_falls_back_to_the_glyph_tile() {
        let ops = draw_with(&LIGHT, true);
        assert!(images(&ops).is_empty());
        for glyph in ["WWW", "IGW", "ALB", "EC2"] {
            assert!(ops.iter().any(|o| matches!(o, Op::Text { text, .. } if text == glyph)), "{glyph}");
        }
        let tiles = ops.iter().filter(|o| matches!(o, Op::Rect(r, s) if r.w == ICON && s.radius == 8.0)).count();
        assert_eq!(tiles, 5);
    }

    #[test]
    fn no_colour_of_a_theme_vanishes_into_its_background() {
        for theme in [LIGHT, DARK] {
            let mut colours =
                vec![theme.text, theme.muted, theme.link, theme.selection, theme.label_backing, theme.bar_track];
            for kind in [
                ContainerKind::Region,
                ContainerKind::Vpc,
                ContainerKind::AvailabilityZone,
                ContainerKind::PublicSubnet,
                ContainerKind::PrivateSubnet,
            ] {
                let g = theme.group(kind);
                colours.extend([g.stroke, g.title]);
                colours.extend(g.fill);
                assert_ne!(g.fill, Some(g.title), "{kind:?} title on its own fill");
                assert_ne!(g.fill, Some(g.stroke), "{kind:?} outline on its own fill");
            }
            for c in colours {
                assert_ne!(c.to_lowercase(), theme.background, "{c} on {}", theme.background);
            }
        }
        // Every scene colour differs between the themes except the AWS hues of outlines.
        assert_ne!(DARK.background, LIGHT.background);
        assert_ne!(DARK.text, LIGHT.text);
        assert_ne!(DARK.vpc.fill, LIGHT.vpc.fill);
    }

    #[test]
    fn lines_stop_at_icon_edges_but_reach_into_containers() {
        let icon = |x: f64, y: f64| Rect { x, y, w: ICON, h: ICON };
        let (a, b) = between(icon(0.0, 0.0), icon(200.0, 0.0)).unwrap();
        assert_eq!((a, b), ((ICON + 2.0, ICON / 2.0), (198.0, ICON / 2.0)));
        assert_eq!(between(icon(0.0, 0.0), icon(30.0, 10.0)), None, "overlapping icons");
        let subnet = Rect { x: 300.0, y: -100.0, w: 240.0, h: 150.0 };
        let (_, end) = between(icon(0.0, 0.0), subnet).unwrap();
        assert_eq!(end, subnet.centre());
    }

    #[test]
    fn public_and_private_subnets_look_different() {
        let ops = drawn(&[]);
        let fills: Vec<_> = ops.iter().filter_map(|o| if let Op::Rect(_, s) = o { s.fill } else { None }).collect();
        assert!(fills.contains(&"#f2f6e8") && fills.contains(&"#e6f6f7"));
    }

    #[test]
    fn overlay_draws_badges_and_a_blocked_path() {
        let s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        let scene = Scene::build(&s);
        let overlay = Overlay {
            badges: vec![("subnet-public-a".into(), BadgeLevel::Error, 2)],
            path: vec!["internet".into(), "igw".into()],
            blocked: Some("alb".into()),
            ..Overlay::default()
        };
        let mut rec = Recorder::default();
        draw_scene(&mut rec, &scene, &Camera::default(), 1.0, &LIGHT, &[], &overlay, None);
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
        let s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        let scene = Scene::build(&s);
        let count = |rps: f64| {
            let live = LiveView {
                nodes: vec![NodeStat { id: "i-web-a".into(), rps, utilisation: 0.9, ..Default::default() }],
                links: vec![LinkStat { from: Some("alb".into()), to: "i-web-a".into(), rps }],
                instances: vec![],
                ..LiveView::default()
            };
            let mut rec = Recorder::default();
            draw_scene(&mut rec, &scene, &Camera::default(), 1.0, &LIGHT, &[], &Overlay::default(), Some(&live));
            let dots = rec.ops.iter().filter(|o| matches!(o, Op::Rect(_, s) if s.fill == Some(LIGHT.particle))).count();
            let red_bar = rec.ops.iter().any(|o| matches!(o, Op::Rect(_, s) if s.fill == Some("#d91515")));
            (dots, red_bar)
        };
        assert_eq!(count(100.0), (200, true));
        assert_eq!(count(400.0), (800, true), "four times the rate, four times the dots");
        assert_eq!(count(1e6).0, crate::render::particles::particles_for(1e6), "capped");
        assert!(count(1e6).0 <= 2_000);
    }

    #[test]
    fn a_placement_groups_title_is_drawn_in_the_readers_language() {
        let s = Scenario::from_json(include_str!("../../../../scenarios/cluster-placement-group.json")).unwrap();
        let scene = Scene::build(&s);
        for (lang, title) in [
            (crate::i18n::Lang::En, "Cluster placement group: search"),
            (crate::i18n::Lang::Ko, "클러스터 배치 그룹: search"),
        ] {
            let mut rec = Recorder::default();
            let overlay = Overlay { lang, ..Overlay::default() };
            draw_scene(&mut rec, &scene, &Camera::default(), 1.0, &LIGHT, &[], &overlay, None);
            assert!(rec.ops.iter().any(|o| matches!(o, Op::Text { text, .. } if text == title)), "{title}");
        }
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
        let s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
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

    #[test]
    fn names_too_small_to_read_are_not_drawn() {
        let s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        let scene = Scene::build(&s);
        let names = |zoom: f64| {
            let mut rec = Recorder::default();
            let cam = Camera { zoom, ..Camera::default() };
            draw_scene(&mut rec, &scene, &cam, 1.0, &LIGHT, &[], &Overlay::default(), None);
            rec.ops.iter().filter(|o| matches!(o, Op::Text { text, .. } if text == "web-a")).count()
        };
        assert_eq!(names(1.0), 1);
        assert_eq!(names(0.3), 0, "12 px at 30% is 3.6 px on screen");
    }

    #[test]
    fn instance_states_show_as_rings_and_group_squares() {
        let s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        let scene = Scene::build(&s);
        let live = LiveView {
            instances: vec![
                ("i-web-a".into(), "unhealthy", false),
                ("i-web-c".into(), "pending", false),
                ("alb".into(), "healthy", true),
                ("alb".into(), "terminated", true),
            ],
            ..LiveView::default()
        };
        let mut rec = Recorder::default();
        draw_instance_states(&mut rec, &scene, &live);
        let strokes: Vec<(&str, bool)> = rec
            .ops
            .iter()
            .filter_map(|o| if let Op::Rect(_, st) = o { Some((st.stroke, st.dashed)) } else { None })
            .collect();
        let rings: Vec<_> = strokes.iter().filter(|(c, _)| *c != state_colour("healthy")).copied().collect();
        assert_eq!(rings, [(state_colour("unhealthy"), false), (state_colour("pending"), true)]);
        // A group (here, pretending the ALB is one) gets a square per live member.
        let squares =
            rec.ops.iter().filter(|o| matches!(o, Op::Rect(_, st) if st.fill == Some(state_colour("healthy")))).count();
        assert_eq!(squares, 1, "terminated members are not drawn");
    }

    fn example(name: &str) -> Scenario {
        let text = engine::scenarios::BUILT_IN.iter().find(|(n, _)| *n == name).unwrap().1;
        Scenario::from_json(text).unwrap()
    }

    /// Requests ride the links people see: users go Internet -> IGW -> ALB along the drawn
    /// routes (they were a straight line from the Internet icon to the ALB's centre).
    #[test]
    fn particles_follow_the_drawn_links() {
        let s = example("asg-az-outage");
        let scene = Scene::build(&s);
        let users = LinkStat { from: None, to: "alb".into(), rps: 200.0 };
        let (path, drawn) = particle_path(&scene, &users).unwrap();
        assert!(drawn);
        let routes: Vec<(f64, f64)> = scene
            .links
            .iter()
            .filter(|k| {
                (k.from.as_str(), k.to.as_str()) == ("internet", "igw")
                    || (k.from.as_str(), k.to.as_str()) == ("igw", "alb")
            })
            .flat_map(|k| k.route.clone())
            .collect();
        assert!(path.iter().all(|p| routes.contains(p)), "{path:?} not on {routes:?}");
        let alb = LinkStat { from: Some("alb".into()), to: "asg-web".into(), rps: 200.0 };
        let (path, drawn) = particle_path(&scene, &alb).unwrap();
        assert!(drawn && scene.links.iter().any(|k| k.route == path));
    }

    /// Members are drawn inside their subnets, clear of each other and of the icons there;
    /// a down AZ is veiled, hatched and labelled.
    #[test]
    fn tiles_sit_in_their_subnets_and_a_down_az_is_hatched() {
        let s = example("asg-az-outage");
        let scene = Scene::build(&s);
        let tile = |id: &str, subnet: &str| Tile {
            owner: "asg-web".into(),
            subnet: subnet.into(),
            label: id.into(),
            state: "healthy",
            image: "ec2",
        };
        let tiles: Vec<Tile> =
            (0..6).map(|k| tile(&format!("i-{k}"), if k < 3 { "private-a" } else { "private-c" })).collect();
        let (slots, overflow) = tile_slots(&scene, &tiles);
        assert!(overflow.is_empty());
        for (t, slot) in tiles.iter().zip(&slots) {
            let (r, sub) = (slot.unwrap(), scene.rect_of(&t.subnet).unwrap());
            assert!(r.x >= sub.x && r.y >= sub.y && r.x + r.w <= sub.x + sub.w && r.y + r.h <= sub.y + sub.h);
        }
        for (i, a) in slots.iter().enumerate() {
            for b in &slots[i + 1..] {
                let (a, b) = (a.unwrap(), b.unwrap());
                assert!(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y, "{a:?} {b:?}");
            }
        }
        for theme in [LIGHT, DARK] {
            let live = LiveView {
                tiles: tiles.clone(),
                down: vec![("az-a".into(), "AZ outage".into())],
                ..LiveView::default()
            };
            let mut rec = Recorder::default();
            draw_scene(&mut rec, &scene, &Camera::default(), 1.0, &theme, &[], &Overlay::default(), Some(&live));
            assert!(rec.ops.iter().any(|o| matches!(o, Op::Text { text, .. } if text == "AZ outage")));
            assert!(rec.ops.iter().any(|o| matches!(o, Op::Text { text, .. } if text == "i-4")));
            let lane = scene.containers.iter().find(|c| c.id.as_str() == "az-a").unwrap().rect;
            let veiled = rec.ops.iter().any(|o| matches!(o, Op::Rect(r, st) if *r == lane && st.stroke == BLOCK_RED));
            assert!(veiled);
            let hatching = rec
                .ops
                .iter()
                .filter(|o| matches!(o, Op::Line(a, b) if lane.contains(a.0, a.1) && lane.contains(b.0, b.1) && (b.0 - a.0 - (b.1 - a.1)).abs() < 1e-6))
                .count();
            assert!(hatching > 10, "{hatching} hatch lines");
        }
    }
}
