//! The drawable scene: boxes, icons and links computed from a scenario, plus the camera and hit testing.
//!
//! Pure geometry with no web-sys, so it is tested natively. The scenario's `layout` gives
//! positions; Availability Zone boxes are derived from the subnets they hold, because in
//! AWS an AZ is not inside a VPC: the VPC spans AZs, and diagrams draw an AZ lane per VPC.

use engine::model::{LoadBalancerType, NodeId, Placement, Scenario, Spec};
use std::collections::BTreeMap;

/// Side of the square an icon node is drawn in, in diagram units.
pub const ICON: f64 = 56.0;
/// Padding between an AZ lane and the subnets it surrounds.
const AZ_PAD: f64 = 16.0;
/// Extra room above a lane's subnets for its label.
const AZ_LABEL: f64 = 22.0;

/// An axis-aligned rectangle in diagram units.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Whether the point lies inside (edges included).
    pub fn contains(&self, px: f64, py: f64) -> bool {
        px >= self.x && px <= self.x + self.w && py >= self.y && py <= self.y + self.h
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, o: &Rect) -> Rect {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        Rect { x, y, w: (self.x + self.w).max(o.x + o.w) - x, h: (self.y + self.h).max(o.y + o.h) - y }
    }

    /// The centre point.
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// What kind of box a container is; decides its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerKind {
    /// An AWS Region.
    Region,
    /// A VPC.
    Vpc,
    /// An Availability Zone lane inside a VPC.
    AvailabilityZone,
    /// A subnet whose route table sends 0.0.0.0/0 to an Internet gateway.
    PublicSubnet,
    /// Any other subnet.
    PrivateSubnet,
}

/// A container box.
#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    /// The node it stands for (for AZ lanes: the AZ node).
    pub id: NodeId,
    /// Style.
    pub kind: ContainerKind,
    /// Where.
    pub rect: Rect,
    /// Title drawn in the top-left corner.
    pub title: String,
    /// Second line (CIDR, usable addresses), if any.
    pub detail: String,
}

/// The AWS architecture-icon category of a node; decides its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Networking and content delivery (purple).
    Networking,
    /// Compute (orange).
    Compute,
    /// Databases (magenta-purple).
    Database,
    /// Storage (green).
    Storage,
    /// Things outside AWS: the Internet, a data centre (dark grey).
    External,
}

/// An icon node (anything that is not a container).
#[derive(Clone, Debug, PartialEq)]
pub struct Icon {
    /// The node.
    pub id: NodeId,
    /// Colour category.
    pub category: Category,
    /// Short text drawn inside the icon (EC2, ALB, ...) when its image is not available.
    pub glyph: &'static str,
    /// The official AWS icon drawn for it: `public/icons/aws/<image>.svg`, served as `icons/aws/<image>.svg`.
    pub image: &'static str,
    /// Name drawn under the icon.
    pub label: String,
    /// Second line under the name (instance type, ...).
    pub detail: String,
    /// Square it occupies.
    pub rect: Rect,
}

/// A line between two icons.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// From this node.
    pub from: NodeId,
    /// To this node.
    pub to: NodeId,
    /// What it carries: decides the line style.
    pub kind: engine::connect::LinkKind,
    /// Where it is drawn: an orthogonal polyline from `from`'s box to `to`'s.
    pub route: Vec<(f64, f64)>,
}

/// Everything the renderer draws for a scenario, in paint order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    /// Containers, outermost first.
    pub containers: Vec<Container>,
    /// Links, drawn over containers and under icons.
    pub links: Vec<Link>,
    /// Icons.
    pub icons: Vec<Icon>,
    /// Where each element is drawn, for the lookups made per link and per badge every frame.
    /// Icons win over a container with the same id (there is none in a valid document).
    rects: BTreeMap<NodeId, Rect>,
}

impl Scene {
    /// Build the scene for a scenario. Nodes without a placement get one in a row under
    /// the diagram, so nothing is ever invisible.
    pub fn build(s: &Scenario) -> Scene {
        Scene::build_with(s, &engine::net::public_subnets(s))
    }

    /// Build with the public subnets already known: a drag moves boxes but cannot change
    /// which subnets are public, so the editor computes them once per gesture instead of
    /// once per pointer move.
    pub fn build_with(s: &Scenario, public: &std::collections::BTreeSet<NodeId>) -> Scene {
        let mut scene = Scene::default();
        let mut auto_x = 60.0;
        let auto_y = s.layout.values().map(|p| p.y + p.h.unwrap_or(0.0)).fold(0.0, f64::max) + 80.0;
        let mut next_auto = |w: f64| {
            let x = auto_x;
            auto_x += w + 40.0;
            x
        };
        let mut regions = Vec::new();
        let mut vpcs = Vec::new();
        let mut subnets = Vec::new();
        for node in &s.nodes {
            let placed = s.layout.get(&node.id).copied();
            let boxed = |default_w: f64, default_h: f64, next: &mut dyn FnMut(f64) -> f64| {
                let p = placed.unwrap_or_else(|| Placement { x: next(default_w), y: auto_y, w: None, h: None });
                Rect { x: p.x, y: p.y, w: p.w.unwrap_or(default_w), h: p.h.unwrap_or(default_h) }
            };
            match &node.spec {
                Spec::Region { code } => regions.push(Container {
                    id: node.id.clone(),
                    kind: ContainerKind::Region,
                    rect: boxed(600.0, 400.0, &mut next_auto),
                    title: node.label().to_string(),
                    detail: code.clone(),
                }),
                Spec::Vpc { cidr, secondary_cidrs, .. } => {
                    let mut detail = cidr.to_string();
                    for c in secondary_cidrs {
                        detail.push_str(", ");
                        detail.push_str(&c.to_string());
                    }
                    vpcs.push(Container {
                        id: node.id.clone(),
                        kind: ContainerKind::Vpc,
                        rect: boxed(500.0, 320.0, &mut next_auto),
                        title: node.label().to_string(),
                        detail,
                    })
                }
                Spec::Subnet { cidr, .. } => {
                    let usable = cidr.usable_in_subnet();
                    subnets.push(Container {
                        id: node.id.clone(),
                        kind: if public.contains(&node.id) {
                            ContainerKind::PublicSubnet
                        } else {
                            ContainerKind::PrivateSubnet
                        },
                        rect: boxed(240.0, 150.0, &mut next_auto),
                        title: node.label().to_string(),
                        detail: format!("{cidr} · {usable}"),
                    })
                }
                spec => {
                    if let Some((category, glyph, image, detail)) = icon_style(spec) {
                        let rect = match placed {
                            Some(p) => Rect { x: p.x - ICON / 2.0, y: p.y - ICON / 2.0, w: ICON, h: ICON },
                            None => Rect { x: next_auto(ICON), y: auto_y, w: ICON, h: ICON },
                        };
                        scene.icons.push(Icon {
                            id: node.id.clone(),
                            category,
                            glyph,
                            image,
                            label: node.label().to_string(),
                            detail,
                            rect,
                        });
                    }
                }
            }
        }
        let lanes = az_lanes(s, &subnets);
        scene.containers.extend(regions);
        scene.containers.extend(vpcs);
        scene.containers.extend(lanes);
        scene.containers.extend(subnets);
        for c in &scene.containers {
            scene.rects.entry(c.id.clone()).or_insert(c.rect);
        }
        for i in &scene.icons {
            scene.rects.insert(i.id.clone(), i.rect);
        }
        scene.links = links(s, &scene.rects);
        scene
    }

    /// What moving `ids` together changes in this scene: the boxes that move, the AZ lanes
    /// drawn around moving subnets, and the links touching them. Computed once per drag.
    pub fn drag_plan(&self, s: &Scenario, ids: &[NodeId]) -> DragPlan {
        let moving: std::collections::BTreeSet<&NodeId> = ids.iter().collect();
        let containers: Vec<usize> =
            (0..self.containers.len()).filter(|&i| moving.contains(&self.containers[i].id)).collect();
        let icons: Vec<usize> = (0..self.icons.len()).filter(|&i| moving.contains(&self.icons[i].id)).collect();
        // Each lane with the subnets it is drawn around (same VPC and AZ).
        let key = |id: &NodeId| match s.node(id).map(|n| &n.spec) {
            Some(Spec::Subnet { vpc, az, .. }) => Some((vpc.clone(), az.clone())),
            _ => None,
        };
        let subnet_keys: Vec<(usize, (NodeId, NodeId))> = (0..self.containers.len())
            .filter(|&i| matches!(self.containers[i].kind, ContainerKind::PublicSubnet | ContainerKind::PrivateSubnet))
            .filter_map(|i| key(&self.containers[i].id).map(|k| (i, k)))
            .collect();
        let mut lanes = Vec::new();
        for (li, lane) in self.containers.iter().enumerate() {
            if lane.kind != ContainerKind::AvailabilityZone {
                continue;
            }
            // A lane's id is its AZ; its VPC is the one of its first subnet inside it.
            let members: Vec<usize> = subnet_keys
                .iter()
                .filter(|(i, (_, az))| {
                    *az == lane.id && lane.rect.contains(self.containers[*i].rect.x, self.containers[*i].rect.y)
                })
                .map(|(i, _)| *i)
                .collect();
            let vpc = members.first().map(|i| subnet_keys.iter().find(|(j, _)| j == i).map(|(_, k)| k.0.clone()));
            let members: Vec<usize> = match vpc.flatten() {
                Some(v) => {
                    subnet_keys.iter().filter(|(_, (vv, az))| *vv == v && *az == lane.id).map(|(i, _)| *i).collect()
                }
                None => members,
            };
            if members.iter().any(|i| containers.contains(i)) {
                lanes.push((li, members));
            }
        }
        let links = (0..self.links.len())
            .filter(|&i| moving.contains(&self.links[i].from) || moving.contains(&self.links[i].to))
            .collect();
        DragPlan { containers, icons, lanes, links }
    }

    /// This scene with the plan's boxes moved by (dx, dy) from where they are in `base`
    /// (the scene when the drag started), without rebuilding anything else: a drag in a
    /// 500-node design touches a few boxes per pointer move, not all of them.
    pub fn apply_drag(&mut self, base: &Scene, plan: &DragPlan, dx: f64, dy: f64) {
        let shift = |r: Rect| Rect { x: r.x + dx, y: r.y + dy, ..r };
        for &i in &plan.containers {
            let r = shift(base.containers[i].rect);
            self.containers[i].rect = r;
            self.rects.insert(self.containers[i].id.clone(), r);
        }
        for &i in &plan.icons {
            let r = shift(base.icons[i].rect);
            self.icons[i].rect = r;
            self.rects.insert(self.icons[i].id.clone(), r);
        }
        for (lane, members) in &plan.lanes {
            let mut around = members.iter().map(|&i| self.containers[i].rect);
            if let Some(first) = around.next() {
                let r = around.fold(first, |a, b| a.union(&b));
                let lane_rect = lane_around(r);
                self.containers[*lane].rect = lane_rect;
                let id = self.containers[*lane].id.clone();
                // An AZ id's rect is its first lane's (as `build` records it).
                if base.rect_of(&id) == Some(base.containers[*lane].rect) {
                    self.rects.insert(id, lane_rect);
                }
            }
        }
        for &i in &plan.links {
            if let (Some(a), Some(b)) = (self.rect_of(&self.links[i].from), self.rect_of(&self.links[i].to)) {
                self.links[i].route = route(a, b);
            }
        }
    }

    /// The icon at a diagram point, topmost first.
    pub fn icon_at(&self, x: f64, y: f64) -> Option<&Icon> {
        self.icons.iter().rev().find(|i| i.rect.contains(x, y))
    }

    /// The innermost container at a diagram point (AZ lanes are skipped: they are derived).
    pub fn container_at(&self, x: f64, y: f64) -> Option<&Container> {
        self.containers.iter().rev().find(|c| c.kind != ContainerKind::AvailabilityZone && c.rect.contains(x, y))
    }

    /// The box drawn for a node, icon or container.
    pub fn rect_of(&self, id: &NodeId) -> Option<Rect> {
        self.rects.get(id).copied()
    }

    /// The box holding everything, or `None` for an empty scene.
    pub fn bounds(&self) -> Option<Rect> {
        let rects = self.containers.iter().map(|c| c.rect).chain(self.icons.iter().map(|i| {
            // Leave room for the name and detail under the icon, which may be wider than it
            // (bold names run wider than the estimate: a tenth more).
            let text = (crate::paint::text_width(&i.label, 12.0) * 1.1).max(crate::paint::text_width(&i.detail, 11.0));
            let grow = ((text - i.rect.w) / 2.0).max(0.0);
            Rect { x: i.rect.x - grow, w: i.rect.w + 2.0 * grow, h: i.rect.h + 36.0, ..i.rect }
        }));
        rects.reduce(|a, b| a.union(&b))
    }
}

/// Colour, glyph, icon file and detail line of an icon node; `None` for nodes drawn as
/// something other than an icon (containers, route tables, security groups, NACLs,
/// connections). Components inside a VPC use AWS's resource icons, regional services
/// their service icons, as AWS's own diagrams do.
fn icon_style(spec: &Spec) -> Option<(Category, &'static str, &'static str, String)> {
    Some(match spec {
        Spec::Instance { instance_type, .. } => (Category::Compute, "EC2", "ec2", instance_type.clone()),
        Spec::LoadBalancer { lb_type: LoadBalancerType::Alb, .. } => {
            (Category::Networking, "ALB", "alb", String::new())
        }
        Spec::LoadBalancer { lb_type: LoadBalancerType::Nlb, .. } => {
            (Category::Networking, "NLB", "nlb", String::new())
        }
        Spec::InternetGateway { .. } => (Category::Networking, "IGW", "igw", String::new()),
        Spec::NatGateway { .. } => (Category::Networking, "NAT", "nat", String::new()),
        Spec::VpnGateway { .. } => (Category::Networking, "VGW", "vgw", String::new()),
        Spec::Internet {} => (Category::External, "WWW", "internet", String::new()),
        Spec::OnPremises { cidr } => (Category::External, "DC", "datacenter", cidr.to_string()),
        Spec::RdsInstance { instance_class, multi_az, .. } => (
            Category::Database,
            "RDS",
            "rds",
            format!("{instance_class}{}", if *multi_az { " · Multi-AZ" } else { "" }),
        ),
        Spec::S3Bucket { .. } => (Category::Storage, "S3", "s3", String::new()),
        Spec::CloudfrontDistribution { .. } => (Category::Networking, "CF", "cloudfront", String::new()),
        Spec::Route53Record { record_name, .. } => (Category::Networking, "R53", "route53", record_name.clone()),
        Spec::AutoScalingGroup { instance_type, desired, .. } => {
            (Category::Compute, "ASG", "ec2", format!("{instance_type} × {desired}"))
        }
        _ => return None,
    })
}

/// The lane drawn around subnets occupying `r`.
fn lane_around(r: Rect) -> Rect {
    Rect { x: r.x - AZ_PAD, y: r.y - AZ_PAD - AZ_LABEL, w: r.w + 2.0 * AZ_PAD, h: r.h + 2.0 * AZ_PAD + AZ_LABEL }
}

/// What a drag moves in a scene (indices into its lists), from [`Scene::drag_plan`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DragPlan {
    containers: Vec<usize>,
    icons: Vec<usize>,
    lanes: Vec<(usize, Vec<usize>)>,
    links: Vec<usize>,
}

/// Every icon file the scene may draw (`public/icons/aws/<name>.svg`, served as `icons/aws/...`), loaded once at start-up.
pub const ICON_FILES: &[&str] = &[
    "ec2",
    "alb",
    "nlb",
    "igw",
    "nat",
    "vgw",
    "internet",
    "internet-dark",
    "datacenter",
    "rds",
    "s3",
    "cloudfront",
    "route53",
    "region",
    "vpc",
    "public-subnet",
    "private-subnet",
];

/// The variant of an icon drawn on a dark background: AWS's general icons (dark grey
/// glyphs) have a white variant; coloured icons are the same in both themes.
pub fn on_dark(image: &'static str) -> &'static str {
    match image {
        "internet" => "internet-dark",
        other => other,
    }
}

impl ContainerKind {
    /// The group icon drawn in the box's top-left corner, as in AWS diagrams (an
    /// Availability Zone is a plain dashed box).
    pub fn icon(self) -> Option<&'static str> {
        match self {
            ContainerKind::Region => Some("region"),
            ContainerKind::Vpc => Some("vpc"),
            ContainerKind::AvailabilityZone => None,
            ContainerKind::PublicSubnet => Some("public-subnet"),
            ContainerKind::PrivateSubnet => Some("private-subnet"),
        }
    }
}

/// One lane per (VPC, AZ) pair that has subnets: the subnets' bounding box plus padding.
fn az_lanes(s: &Scenario, subnets: &[Container]) -> Vec<Container> {
    let mut lanes: Vec<(NodeId, NodeId, Rect)> = Vec::new();
    for sub in subnets {
        let Some(Spec::Subnet { vpc, az, .. }) = s.node(&sub.id).map(|n| &n.spec) else { continue };
        match lanes.iter_mut().find(|(v, a, _)| v == vpc && a == az) {
            Some(lane) => lane.2 = lane.2.union(&sub.rect),
            None => lanes.push((vpc.clone(), az.clone(), sub.rect)),
        }
    }
    lanes
        .into_iter()
        .map(|(_, az, r)| {
            let title = match s.node(&az).map(|n| (&n.spec, n.label())) {
                Some((Spec::AvailabilityZone { zone, .. }, _)) => zone.clone(),
                Some((_, label)) => label.to_string(),
                None => az.to_string(),
            };
            Container {
                id: az,
                kind: ContainerKind::AvailabilityZone,
                rect: lane_around(r),
                title,
                detail: String::new(),
            }
        })
        .collect()
}

/// Links implied by the semantics (the engine decides which and of what kind), each with
/// its drawn route.
fn links(s: &Scenario, rects: &BTreeMap<NodeId, Rect>) -> Vec<Link> {
    engine::connect::links(s)
        .into_iter()
        .filter_map(|l| {
            let route = route(*rects.get(&l.from)?, *rects.get(&l.to)?);
            Some(Link { from: l.from, to: l.to, kind: l.kind, route })
        })
        .collect()
}

/// An orthogonal connector between two boxes, as draw.io draws them: it leaves the side of
/// `a` facing `b` and enters the facing side of `b`, turning at most twice, halfway between.
/// Boxes that overlap get a straight line between centres.
pub fn route(a: Rect, b: Rect) -> Vec<(f64, f64)> {
    let ((ax, ay), (bx, by)) = (a.centre(), b.centre());
    let h_gap = (b.x - (a.x + a.w)).max(a.x - (b.x + b.w));
    let v_gap = (b.y - (a.y + a.h)).max(a.y - (b.y + b.h));
    if h_gap <= 0.0 && v_gap <= 0.0 {
        return vec![(ax, ay), (bx, by)];
    }
    let (start, end, horizontal) = if h_gap >= v_gap {
        let (sx, ex) = if bx >= ax { (a.x + a.w, b.x) } else { (a.x, b.x + b.w) };
        ((sx, ay), (ex, by), true)
    } else {
        let (sy, ey) = if by >= ay { (a.y + a.h, b.y) } else { (a.y, b.y + b.h) };
        ((ax, sy), (bx, ey), false)
    };
    if (horizontal && (start.1 - end.1).abs() < 0.5) || (!horizontal && (start.0 - end.0).abs() < 0.5) {
        return vec![start, end];
    }
    if horizontal {
        let mx = (start.0 + end.0) / 2.0;
        vec![start, (mx, start.1), (mx, end.1), end]
    } else {
        let my = (start.1 + end.1) / 2.0;
        vec![start, (start.0, my), (end.0, my), end]
    }
}

/// The point a fraction `f` (0 to 1) of the way along a polyline.
pub fn along(points: &[(f64, f64)], f: f64) -> (f64, f64) {
    let total: f64 = points.windows(2).map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1)).sum();
    let mut left = total * f.clamp(0.0, 1.0);
    for w in points.windows(2) {
        let len = (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
        if left <= len && len > 0.0 {
            let t = left / len;
            return (w[0].0 + (w[1].0 - w[0].0) * t, w[0].1 + (w[1].1 - w[0].1) * t);
        }
        left -= len;
    }
    points.last().copied().unwrap_or_default()
}

/// Pan and zoom: a diagram point (x, y) is drawn at CSS pixel (x * zoom + pan_x, y * zoom + pan_y).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// Horizontal offset in CSS pixels.
    pub pan_x: f64,
    /// Vertical offset in CSS pixels.
    pub pan_y: f64,
    /// Scale factor.
    pub zoom: f64,
}

impl Default for Camera {
    fn default() -> Self {
        Camera { pan_x: 0.0, pan_y: 0.0, zoom: 1.0 }
    }
}

impl Camera {
    /// Smallest zoom.
    pub const MIN_ZOOM: f64 = 0.1;
    /// Largest zoom.
    pub const MAX_ZOOM: f64 = 4.0;

    /// Diagram point under a CSS-pixel point of the canvas.
    pub fn to_world(&self, sx: f64, sy: f64) -> (f64, f64) {
        ((sx - self.pan_x) / self.zoom, (sy - self.pan_y) / self.zoom)
    }

    /// CSS-pixel point of the canvas where a diagram point is drawn.
    pub fn to_screen(&self, x: f64, y: f64) -> (f64, f64) {
        (x * self.zoom + self.pan_x, y * self.zoom + self.pan_y)
    }

    /// Zoom by `factor` keeping the diagram point under (sx, sy) fixed (wheel zoom).
    pub fn zoom_at(&mut self, sx: f64, sy: f64, factor: f64) {
        let (wx, wy) = self.to_world(sx, sy);
        self.zoom = (self.zoom * factor).clamp(Self::MIN_ZOOM, Self::MAX_ZOOM);
        self.pan_x = sx - wx * self.zoom;
        self.pan_y = sy - wy * self.zoom;
    }

    /// A camera that shows `bounds` whole and centred in a `width` x `height` view,
    /// never magnifying beyond 1:1 so small diagrams keep their natural size.
    pub fn fit(bounds: Rect, width: f64, height: f64, margin: f64) -> Camera {
        if bounds.w <= 0.0 || bounds.h <= 0.0 || width <= 2.0 * margin || height <= 2.0 * margin {
            return Camera::default();
        }
        let zoom =
            ((width - 2.0 * margin) / bounds.w).min((height - 2.0 * margin) / bounds.h).clamp(Self::MIN_ZOOM, 1.0);
        let (cx, cy) = bounds.centre();
        Camera { zoom, pan_x: width / 2.0 - cx * zoom, pan_y: height / 2.0 - cy * zoom }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Scenario {
        Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap()
    }

    #[test]
    fn example_has_every_container_and_icon() {
        let scene = Scene::build(&example());
        let kinds: Vec<_> = scene.containers.iter().map(|c| c.kind).collect();
        assert_eq!(kinds.iter().filter(|k| **k == ContainerKind::Region).count(), 1);
        assert_eq!(kinds.iter().filter(|k| **k == ContainerKind::Vpc).count(), 1);
        assert_eq!(kinds.iter().filter(|k| **k == ContainerKind::AvailabilityZone).count(), 2);
        assert_eq!(kinds.iter().filter(|k| **k == ContainerKind::PublicSubnet).count(), 2);
        assert_eq!(kinds.iter().filter(|k| **k == ContainerKind::PrivateSubnet).count(), 2);
        let glyphs: Vec<_> = scene.icons.iter().map(|i| i.glyph).collect();
        assert_eq!(glyphs, ["WWW", "IGW", "ALB", "EC2", "EC2"]);
        // Outermost first, so inner boxes paint over outer ones.
        assert_eq!(scene.containers[0].kind, ContainerKind::Region);
        assert_eq!(scene.containers.last().unwrap().kind, ContainerKind::PrivateSubnet);
    }

    #[test]
    fn every_icon_is_a_vendored_file() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/icons/aws");
        for name in ICON_FILES {
            let text = std::fs::read_to_string(dir.join(format!("{name}.svg"))).unwrap_or_default();
            // A width and height, so that every browser can draw it on a canvas.
            assert!(text.starts_with("<svg") && text.contains(" width=\"") && text.contains(" height=\""), "{name}");
        }
        // Every kind of component (checked below): the built-in examples, and each palette
        // item dropped wherever it goes (in a subnet, a VPC or on the empty canvas).
        let mut specs: Vec<Spec> = Vec::new();
        for text in engine::scenarios::BUILT_IN.iter().map(|(_, t)| *t) {
            specs.extend(Scenario::from_json(text).unwrap().nodes.into_iter().map(|n| n.spec));
        }
        let s = example();
        let targets: [Option<NodeId>; 3] = [Some("subnet-public-a".into()), Some("vpc-main".into()), None];
        for what in engine::create::Blueprint::ALL {
            let created = targets.iter().find_map(|t| {
                engine::create::create(&s, what, engine::create::DropTarget { container: t.as_ref(), az: None }).ok()
            });
            // (one Internet gateway per VPC: the example's is in the list already)
            specs.extend(created.into_iter().flatten().map(|n| n.spec));
        }
        let mut drawn: Vec<&str> =
            specs.iter().filter_map(icon_style).flat_map(|(_, _, i, _)| [i, on_dark(i)]).collect();
        for kind in
            [ContainerKind::Region, ContainerKind::Vpc, ContainerKind::PublicSubnet, ContainerKind::PrivateSubnet]
        {
            drawn.extend(kind.icon());
        }
        for name in &drawn {
            assert!(ICON_FILES.contains(name), "{name} is drawn but not loaded");
        }
        for name in ICON_FILES {
            assert!(drawn.contains(name), "{name} is loaded but never drawn");
        }
        for glyph in ["EC2", "ALB", "NLB", "IGW", "NAT", "VGW", "WWW", "DC", "RDS", "S3", "CF", "R53"] {
            assert!(specs.iter().filter_map(icon_style).any(|(_, g, _, _)| g == glyph), "no {glyph} kind tested");
        }
    }

    #[test]
    fn bounds_hold_a_name_wider_than_its_icon() {
        let mut s = Scenario::from_json(include_str!("../../../scenarios/reference-web-app.json")).unwrap();
        s.nodes.retain(|n| matches!(n.spec, Spec::Route53Record { .. }));
        let scene = Scene::build(&s);
        let (icon, b) = (scene.icons[0].rect, scene.bounds().unwrap());
        assert!(b.x < icon.x - 20.0 && b.x + b.w > icon.x + icon.w + 20.0, "www.example.com under a 56-unit icon");
    }

    #[test]
    fn subnet_detail_shows_usable_addresses_from_the_engine() {
        let scene = Scene::build(&example());
        let public_a = scene.containers.iter().find(|c| c.id.as_str() == "subnet-public-a").unwrap();
        assert_eq!(public_a.detail, "10.0.0.0/24 · 251");
    }

    #[test]
    fn az_lane_surrounds_its_subnets() {
        let scene = Scene::build(&example());
        let lane = scene.containers.iter().find(|c| c.id.as_str() == "az-a").unwrap();
        for sub in ["subnet-public-a", "subnet-private-a"] {
            let r = scene.rect_of(&sub.into()).unwrap();
            assert!(lane.rect.contains(r.x, r.y) && lane.rect.contains(r.x + r.w, r.y + r.h), "{sub}");
        }
        assert_eq!(lane.title, "ap-northeast-2a");
    }

    #[test]
    fn hit_testing_prefers_icons_then_innermost_container() {
        let scene = Scene::build(&example());
        assert_eq!(scene.icon_at(490.0, 530.0).map(|i| i.id.as_str()), Some("i-web-a"));
        assert_eq!(scene.container_at(320.0, 180.0).map(|c| c.id.as_str()), Some("subnet-public-a"));
        assert_eq!(scene.container_at(240.0, 100.0).map(|c| c.id.as_str()), Some("vpc-main"));
        assert_eq!(scene.container_at(5.0, 5.0), None);
    }

    #[test]
    fn links_follow_the_semantics() {
        let scene = Scene::build(&example());
        let pairs: Vec<_> = scene.links.iter().map(|l| (l.from.as_str(), l.to.as_str())).collect();
        assert_eq!(pairs, [("internet", "igw"), ("igw", "alb"), ("alb", "i-web-a"), ("alb", "i-web-c")]);
        for l in &scene.links {
            let (a, b) = (scene.rect_of(&l.from).unwrap(), scene.rect_of(&l.to).unwrap());
            let (first, last) = (l.route[0], *l.route.last().unwrap());
            let on_edge = |r: Rect, p: (f64, f64)| {
                let near = |u: f64, v: f64| (u - v).abs() < 1e-9;
                (near(p.0, r.x) || near(p.0, r.x + r.w) || near(p.1, r.y) || near(p.1, r.y + r.h))
                    && r.contains(p.0, p.1)
            };
            assert!(on_edge(a, first) && on_edge(b, last), "{l:?}");
        }
    }

    #[test]
    fn routes_are_orthogonal_and_leave_facing_sides() {
        let a = Rect { x: 0.0, y: 0.0, w: 50.0, h: 50.0 };
        let right_below = Rect { x: 200.0, y: 100.0, w: 50.0, h: 50.0 };
        let r = route(a, right_below);
        assert_eq!(r, [(50.0, 25.0), (125.0, 25.0), (125.0, 125.0), (200.0, 125.0)]);
        let far_below = Rect { x: 20.0, y: 300.0, w: 50.0, h: 50.0 };
        assert_eq!(route(a, far_below), [(25.0, 50.0), (25.0, 175.0), (45.0, 175.0), (45.0, 300.0)]);
        let level = Rect { x: 100.0, y: 0.0, w: 50.0, h: 50.0 };
        assert_eq!(route(level, a), [(100.0, 25.0), (50.0, 25.0)]);
        for w in r.windows(2) {
            assert!(w[0].0 == w[1].0 || w[0].1 == w[1].1, "every segment is horizontal or vertical");
        }
        assert_eq!(along(&r, 0.0), (50.0, 25.0));
        assert_eq!(along(&r, 1.0), (200.0, 125.0));
        assert_eq!(along(&r, 0.5), (125.0, 75.0));
    }

    #[test]
    fn unplaced_nodes_are_still_drawn() {
        let mut s = example();
        s.layout.clear();
        let scene = Scene::build(&s);
        assert_eq!(scene.icons.len(), 5);
        assert!(scene.bounds().is_some());
    }

    #[test]
    fn camera_round_trips_and_zooms_about_the_cursor() {
        let mut cam = Camera { pan_x: 30.0, pan_y: -20.0, zoom: 1.5 };
        let (wx, wy) = cam.to_world(200.0, 100.0);
        cam.zoom_at(200.0, 100.0, 1.25);
        let (sx, sy) = cam.to_screen(wx, wy);
        assert!((sx - 200.0).abs() < 1e-9 && (sy - 100.0).abs() < 1e-9);
        cam.zoom_at(0.0, 0.0, 1e9);
        assert_eq!(cam.zoom, Camera::MAX_ZOOM);
    }

    #[test]
    fn fit_centres_and_never_magnifies() {
        let cam = Camera::fit(Rect { x: 0.0, y: 0.0, w: 100.0, h: 50.0 }, 1000.0, 800.0, 20.0);
        assert_eq!(cam.zoom, 1.0);
        assert_eq!(cam.to_screen(50.0, 25.0), (500.0, 400.0));
        let small = Camera::fit(Rect { x: 0.0, y: 0.0, w: 2000.0, h: 1000.0 }, 1000.0, 800.0, 0.0);
        assert_eq!(small.zoom, 0.5);
    }
}
