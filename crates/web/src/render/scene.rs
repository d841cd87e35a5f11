//! The drawable scene: boxes, icons and links computed from a scenario, plus the camera and hit testing.
//!
//! Pure geometry with no web-sys, so it is tested natively. The scenario's `layout` gives
//! positions; Availability Zone boxes are derived from the subnets they hold, because in
//! AWS an AZ is not inside a VPC: the VPC spans AZs, and diagrams draw an AZ lane per VPC.

use crate::render::geom::text_width;
pub use crate::render::geom::{along, route, Rect, ICON};
use crate::render::route::{Nest, Recheck, Trace, CLEAR};
use crate::render::users;
use engine::model::{LoadBalancerType, NodeId, Placement, Scenario, Spec};
use std::collections::BTreeMap;

/// Padding between an AZ lane and the subnets it surrounds.
const AZ_PAD: f64 = 16.0;
/// Extra room above a lane's subnets for its label.
const AZ_LABEL: f64 = 22.0;

/// A guide line drawn while an element lines up with another (diagram units).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Guide {
    /// A vertical line at x = `at` (else horizontal at y = `at`).
    pub vertical: bool,
    /// Its position on the other axis.
    pub at: f64,
    /// Where it starts along its length.
    pub from: f64,
    /// Where it ends.
    pub to: f64,
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

/// The AWS architecture-icon category of a node (the registry's palette group); decides its colour.
pub use engine::kinds::Category;

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
    /// The document node the line stands for (a peering connection, a VPN connection, a
    /// Direct Connect interface): clicking the line selects it.
    pub via: Option<NodeId>,
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
    /// Placement groups: an outline around the instances that share one.
    pub groups: Vec<Group>,
    /// Each element's index among the boxes (containers, then icons), for the lookups made per
    /// link and per badge every frame. Icons win over a container with the same id (there is
    /// none in a valid document); an AZ's id finds its first lane.
    index: BTreeMap<NodeId, usize>,
    /// The boxes, where they are drawn, as the links' router sees them.
    nest: Nest,
    /// For each link, its ends in `nest` and what its route depended on.
    wires: Vec<Wire>,
    /// Each VPC with empty AZ lanes: its index, its lanes around subnets and its empty lanes
    /// (indices into `containers`), to place the empty ones again while a drag moves it.
    empty: Vec<(usize, Vec<usize>, Vec<usize>)>,
}

/// Instances sharing a placement group, drawn as one rounded dotted outline round their
/// icons and names, titled with the strategy (a cluster group's members talk faster).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The group's name in the document.
    pub name: String,
    /// Its strategy, as the format spells it (`cluster`, `spread`, `partition`): the painter
    /// titles the outline in the reader's language.
    pub strategy: &'static str,
    /// The members, as indices into `Scene::icons`.
    pub members: Vec<usize>,
    /// The outline.
    pub rect: Rect,
}

/// The outline round a group's member icons (and the names under them).
fn group_outline(icons: &[Icon], members: &[usize]) -> Rect {
    let mut rects = members.iter().map(|&i| icons[i].rect);
    let first = rects.next().unwrap_or_default();
    let r = rects.fold(first, |a, b| a.union(&b));
    // Above: clear of the request rates drawn over icons in a run; below: the names, then
    // the group's title.
    Rect { x: r.x - 14.0, y: r.y - 12.0, w: r.w + 28.0, h: r.h + 12.0 + 50.0 }
}

/// The placement groups of a scene's icons, in document order of first member.
fn groups(s: &Scenario, icons: &[Icon]) -> Vec<Group> {
    let mut out: Vec<(String, &'static str, Vec<usize>)> = Vec::new();
    for (i, icon) in icons.iter().enumerate() {
        let Some(pg) = s.node(&icon.id).and_then(|n| n.spec.placement_group()) else { continue };
        match out.iter_mut().find(|(name, ..)| *name == pg.name) {
            Some(g) => g.2.push(i),
            None => {
                let strategy = match pg.strategy {
                    engine::resilience::PlacementStrategy::Cluster => "cluster",
                    engine::resilience::PlacementStrategy::Spread => "spread",
                    engine::resilience::PlacementStrategy::Partition => "partition",
                };
                out.push((pg.name.clone(), strategy, vec![i]));
            }
        }
    }
    out.into_iter()
        .map(|(name, strategy, members)| Group { name, strategy, rect: group_outline(icons, &members), members })
        .collect()
}

/// A link's ends among the scene's boxes (containers, then icons) and what its route depended
/// on, kept so that a drag re-routes only the links whose route may change.
#[derive(Clone, Debug, Default, PartialEq)]
struct Wire {
    from: usize,
    to: usize,
    trace: Trace,
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
                Spec::Region { code } => {
                    // Its Availability Zones by their letter ("ap-northeast-2 · AZ a, c"): a
                    // lane is drawn only inside a VPC around its subnets, so an AZ without a
                    // subnet would not show at all (issue #13).
                    let zones: Vec<&str> = s
                        .nodes
                        .iter()
                        .filter_map(|n| match &n.spec {
                            Spec::AvailabilityZone { region, zone } if region == &node.id => {
                                Some(zone.strip_prefix(code.as_str()).filter(|z| !z.is_empty()).unwrap_or(zone))
                            }
                            _ => None,
                        })
                        .collect();
                    let detail =
                        if zones.is_empty() { code.clone() } else { format!("{code} · AZ {}", zones.join(", ")) };
                    regions.push(Container {
                        id: node.id.clone(),
                        kind: ContainerKind::Region,
                        rect: boxed(600.0, 400.0, &mut next_auto),
                        title: node.label().to_string(),
                        detail,
                    })
                }
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
                _ => {
                    if let Some((category, glyph, image, detail)) = icon_style(node) {
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
        // Users (the document's client populations) stand outside the Regions (users.rs).
        let region_rects: Vec<Rect> = regions.iter().map(|c| c.rect).collect();
        let users = user_icons(s, &scene.icons, &region_rects);
        scene.icons.extend(users);
        let (all_lanes, found) = az_lanes(s, &subnets, &vpcs);
        let (lane_vpcs, lanes): (Vec<NodeId>, Vec<Container>) = all_lanes.into_iter().unzip();
        let first_lane = regions.len() + vpcs.len();
        scene.empty = (0..vpcs.len())
            .filter_map(|k| {
                let of = |range: std::ops::Range<usize>| -> Vec<usize> {
                    range.filter(|&j| lane_vpcs[j] == vpcs[k].id).map(|j| first_lane + j).collect()
                };
                let empty = of(found..lane_vpcs.len());
                (!empty.is_empty()).then(|| (regions.len() + k, of(0..found), empty))
            })
            .collect();
        scene.containers.extend(regions);
        scene.containers.extend(vpcs);
        scene.containers.extend(lanes);
        scene.containers.extend(subnets);
        let mut index = BTreeMap::new();
        for (i, c) in scene.containers.iter().enumerate() {
            index.entry(c.id.clone()).or_insert(i);
        }
        let n = scene.containers.len();
        for (i, icon) in scene.icons.iter().enumerate() {
            index.insert(icon.id.clone(), n + i);
        }
        // What each box is drawn in, by AWS's nesting: a subnet in its (VPC, AZ) lane, a lane
        // in its VPC, anything else in what the engine says it lives in.
        let lane = |k: usize| (&lane_vpcs[k], &scene.containers[first_lane + k].id);
        let parent = |i: usize, id: &NodeId| match s.node(id).map(|n| &n.spec) {
            // A lane's id is its AZ's: tell lanes by where they sit.
            _ if (first_lane..first_lane + lane_vpcs.len()).contains(&i) => index.get(lane(i - first_lane).0).copied(),
            Some(Spec::Subnet { vpc, az, .. }) => {
                (0..lane_vpcs.len()).find(|&k| lane(k) == (vpc, az)).map(|k| first_lane + k)
            }
            _ => engine::view::parent_of(s, id).and_then(|p| index.get(p).copied()),
        };
        let (mut boxes, mut clear, mut titles, mut parents) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (i, c) in scene.containers.iter().enumerate() {
            boxes.push(c.rect);
            clear.push(crate::render::route::grown(c.rect, CLEAR));
            titles.push(title_size(c));
            parents.push(parent(i, &c.id));
        }
        for (i, icon) in scene.icons.iter().enumerate() {
            boxes.push(icon.rect);
            clear.push(keep_clear(icon));
            titles.push((0.0, 0.0));
            parents.push(parent(n + i, &icon.id));
        }
        scene.nest = Nest::new(boxes, clear, titles, parents);
        // Links implied by the semantics (the engine decides which and of what kind).
        for l in engine::connect::links(s) {
            let (Some(&from), Some(&to)) = (index.get(&l.from), index.get(&l.to)) else { continue };
            let (route, trace) = scene.nest.route(from, to);
            scene.links.push(Link { from: l.from, to: l.to, kind: l.kind, route, via: l.via });
            scene.wires.push(Wire { from, to, trace });
        }
        // Each population's link to what it calls.
        for (i, p) in s.traffic.iter().enumerate() {
            let from_id = crate::render::users::id(i);
            let (Some(&from), Some(&to)) = (index.get(&from_id), index.get(&p.target)) else { continue };
            let (route, trace) = scene.nest.route(from, to);
            scene.links.push(Link {
                from: from_id,
                to: p.target.clone(),
                kind: engine::connect::LinkKind::Traffic,
                route,
                via: None,
            });
            scene.wires.push(Wire { from, to, trace });
        }
        scene.groups = groups(s, &scene.icons);
        scene.index = index;
        scene
    }

    /// What moving `ids` together changes in this scene: the boxes that move, the AZ lanes
    /// drawn around moving subnets, and the links touching them. Computed once per drag.
    pub fn drag_plan(&self, s: &Scenario, ids: &[NodeId]) -> DragPlan {
        let mut moving: std::collections::BTreeSet<&NodeId> = engine::sort::set_of(ids);
        // Users are drawn beside the Internet node, else left of the Regions (users.rs):
        // they follow what they are placed by.
        let internet = self.icons.iter().find(|i| matches!(s.node(&i.id).map(|n| &n.spec), Some(Spec::Internet {})));
        let anchor_moves = match internet {
            Some(i) => moving.contains(&i.id),
            None => {
                let mut regions = self.containers.iter().filter(|c| c.kind == ContainerKind::Region).peekable();
                regions.peek().is_some() && regions.all(|c| moving.contains(&c.id))
            }
        };
        if anchor_moves {
            moving.extend(self.icons.iter().filter(|i| crate::render::users::index(&i.id).is_some()).map(|i| &i.id));
        }
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
        DragPlan { containers, icons, lanes, links, rerouted: Vec::new(), budget: usize::MAX, next: 0 }
    }

    /// What differs from `base` (the scene when the drag started) in this dragged scene, and
    /// what the plan moves: the boxes, links and placement-group outlines that the static
    /// layer draws again each frame while the rest stays in its copy ([`Moving`]).
    pub fn moving(&self, base: &Scene, plan: &DragPlan) -> Moving {
        let n = self.containers.len();
        let mut boxes = vec![false; n + self.icons.len()];
        for &i in &plan.containers {
            boxes[i] = true;
        }
        for &i in &plan.icons {
            boxes[n + i] = true;
        }
        // Lanes grow round their moving subnets, empty lanes follow their VPC: whatever the
        // drag drew elsewhere is moving too.
        for (i, (now, then)) in self.containers.iter().zip(&base.containers).enumerate() {
            boxes[i] |= now.rect != then.rect;
        }
        for (i, (now, then)) in self.icons.iter().zip(&base.icons).enumerate() {
            boxes[n + i] |= now.rect != then.rect;
        }
        let mut links = vec![false; self.links.len()];
        for &i in &plan.links {
            links[i] = true;
        }
        for (i, (now, then)) in self.links.iter().zip(&base.links).enumerate() {
            links[i] |= now.route != then.route;
        }
        let groups = self
            .groups
            .iter()
            .zip(&base.groups)
            .map(|(now, then)| now.rect != then.rect || now.members.iter().any(|&m| boxes[n + m]))
            .collect();
        Moving { boxes, links, groups, containers: n }
    }

    /// The Region a regional service added from the keyboard goes in: the one around
    /// `selected`, else the first one drawn.
    pub fn region_around(&self, selected: Option<&NodeId>) -> Option<NodeId> {
        let regions = || self.containers.iter().filter(|c| c.kind == ContainerKind::Region);
        let around = selected.and_then(|id| self.rect_of(id)).map(|r| r.centre());
        around
            .and_then(|(x, y)| regions().find(|c| c.rect.contains(x, y)))
            .or_else(|| regions().next())
            .map(|c| c.id.clone())
    }

    /// This scene with the plan's boxes moved by (dx, dy) from where they are in `base`
    /// (the scene when the drag started), without rebuilding anything else: a drag in a
    /// 500-node design touches a few boxes per pointer move, not all of them.
    pub fn apply_drag(&mut self, base: &Scene, plan: &mut DragPlan, dx: f64, dy: f64) {
        let shift = |r: Rect| Rect { x: r.x + dx, y: r.y + dy, ..r };
        for &i in &plan.containers {
            let r = shift(base.containers[i].rect);
            self.containers[i].rect = r;
            self.nest.place(i, r, crate::render::route::grown(r, CLEAR));
        }
        let n = self.containers.len();
        for &i in &plan.icons {
            let r = shift(base.icons[i].rect);
            self.icons[i].rect = r;
            // Computed as `build` computes it, not shifted: the same bits, so a drag and a
            // rebuild stay equal.
            self.nest.place(n + i, r, keep_clear(&self.icons[i]));
        }
        for g in &mut self.groups {
            if g.members.iter().any(|m| plan.icons.contains(m)) {
                g.rect = group_outline(&self.icons, &g.members);
            }
        }
        for (lane, members) in &plan.lanes {
            let mut around = members.iter().map(|&i| self.containers[i].rect);
            if let Some(first) = around.next() {
                let r = around.fold(first, |a, b| a.union(&b));
                let lane_rect = lane_around(r);
                self.containers[*lane].rect = lane_rect;
                self.nest.place(*lane, lane_rect, crate::render::route::grown(lane_rect, CLEAR));
            }
        }
        // Empty lanes follow their VPC and its other lanes, placed as `build` places them.
        for (vpc, own, empty) in &self.empty {
            let own: Vec<Rect> = own.iter().map(|&i| self.containers[i].rect).collect();
            for (&i, r) in empty.iter().zip(empty_lanes(self.containers[*vpc].rect, &own, empty.len())) {
                if self.containers[i].rect != r {
                    self.containers[i].rect = r;
                    self.nest.place(i, r, crate::render::route::grown(r, CLEAR));
                }
            }
        }
        // Re-route the links touching a moving box, and those whose search a moved box (or
        // one whose contents moved) may have changed: nothing else can change a route. Links
        // re-routed by an earlier move get their route from the start of the drag back.
        self.nest.update();
        let moved = self.nest.moved(&base.nest);
        let mut rerouted = Vec::new();
        let (mut routed, mut resume) = (0, None);
        let n = base.links.len();
        // Round the links from where the last move's budget ran out.
        for i in (0..n).map(|k| (k + plan.next) % n.max(1)) {
            let (wire, link) = (&base.wires[i], &base.links[i]);
            let touches = plan.links.binary_search(&i).is_ok();
            let recheck = if touches {
                Recheck::Stale
            } else {
                self.nest.recheck(&base.nest, &moved, wire.from, wire.to, &wire.trace)
            };
            if matches!(recheck, Recheck::Stale) && !touches {
                if routed >= plan.budget {
                    // Its turn comes at a later move; until then it keeps the route it has.
                    resume.get_or_insert(i);
                    rerouted.push(i);
                    continue;
                }
                routed += 1;
            }
            match recheck {
                Recheck::Same => {
                    if plan.rerouted.binary_search(&i).is_ok() {
                        self.links[i].route.clone_from(&link.route);
                        self.wires[i].trace.clone_from(&wire.trace);
                    }
                    continue;
                }
                Recheck::Crowded(crowd) => {
                    self.links[i].route.clone_from(&link.route);
                    self.wires[i].trace = wire.trace.crowded_by(crowd);
                }
                Recheck::Stale => (self.links[i].route, self.wires[i].trace) = self.nest.route(wire.from, wire.to),
            }
            rerouted.push(i);
        }
        plan.next = resume.unwrap_or(0);
        engine::sort::sort_by(&mut rerouted, Ord::cmp);
        plan.rerouted = rerouted;
    }

    /// The icon at a diagram point, topmost first.
    pub fn icon_at(&self, x: f64, y: f64) -> Option<&Icon> {
        self.icons.iter().rev().find(|i| i.rect.contains(x, y))
    }

    /// The line of a node drawn as a link (peering, VPN, Direct Connect) within `slack` diagram
    /// units of a point: such a node has no box, so its line is what a person clicks.
    pub fn link_node_at(&self, x: f64, y: f64, slack: f64) -> Option<&NodeId> {
        let near = |a: (f64, f64), b: (f64, f64)| {
            // Distance from the point to the segment a-b (routes are orthogonal, but the
            // general formula costs nothing here).
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len = dx * dx + dy * dy;
            let t = if len > 0.0 { (((x - a.0) * dx + (y - a.1) * dy) / len).clamp(0.0, 1.0) } else { 0.0 };
            let (px, py) = (a.0 + t * dx - x, a.1 + t * dy - y);
            px * px + py * py <= slack * slack
        };
        self.links
            .iter()
            .rev()
            .filter_map(|l| Some((l.via.as_ref()?, l)))
            .find(|(_, l)| l.route.windows(2).any(|w| near(w[0], w[1])))
            .map(|(id, _)| id)
    }

    /// The innermost container at a diagram point (AZ lanes are skipped: they are derived).
    pub fn container_at(&self, x: f64, y: f64) -> Option<&Container> {
        self.containers.iter().rev().find(|c| c.kind != ContainerKind::AvailabilityZone && c.rect.contains(x, y))
    }

    /// The box drawn for a node, icon or container.
    pub fn rect_of(&self, id: &NodeId) -> Option<Rect> {
        self.index.get(id).map(|&i| self.nest.drawn(i))
    }

    /// The box holding everything, or `None` for an empty scene.
    pub fn bounds(&self) -> Option<Rect> {
        let rects = self.containers.iter().map(|c| c.rect).chain(self.icons.iter().map(|i| {
            // Leave room for the name and detail under the icon, which may be wider than it
            // (bold names run wider than the estimate: a tenth more).
            let text = (text_width(&i.label, 12.0) * 1.1).max(text_width(&i.detail, 11.0));
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
fn icon_style(node: &engine::model::Node) -> Option<(Category, &'static str, &'static str, String)> {
    let spec = &node.spec;
    let kind = spec.kind();
    // Containers are drawn as boxes; the rest without an icon are not drawn at all.
    if kind.is_container() || kind.info().icon.is_empty() {
        return None;
    }
    let (image, glyph) = match spec {
        Spec::LoadBalancer { lb_type: LoadBalancerType::Nlb, .. } => engine::kinds::NLB_ICON,
        _ => (kind.info().icon, kind.info().glyph),
    };
    let detail = match spec {
        Spec::OnPremises { cidr } => cidr.to_string(),
        _ => engine::view::caption(node).unwrap_or_default(),
    };
    Some((kind.info().category, glyph, image, detail))
}

/// The lane drawn around subnets occupying `r`.
fn lane_around(r: Rect) -> Rect {
    Rect { x: r.x - AZ_PAD, y: r.y - AZ_PAD - AZ_LABEL, w: r.w + 2.0 * AZ_PAD, h: r.h + 2.0 * AZ_PAD + AZ_LABEL }
}

/// Where the `n` empty AZ lanes of a VPC go: side by side right of its lanes around
/// subnets (`own`, level with them), else across the VPC's inside. One that does not fit
/// (at least 160 wide, inside the VPC) is empty and not drawn: resizing the VPC shows it.
pub(crate) fn empty_lanes(vpc: Rect, own: &[Rect], n: usize) -> Vec<Rect> {
    const GAP: f64 = 24.0;
    const MIN_W: f64 = 160.0;
    let right = vpc.x + vpc.w - AZ_PAD;
    let (x, y, h, w) = match own.iter().copied().reduce(|a, b| a.union(&b)) {
        Some(u) => (u.x + u.w + GAP, u.y, u.h, 220.0),
        None => {
            let (x, y) = (vpc.x + AZ_PAD, vpc.y + 52.0);
            let h = vpc.y + vpc.h - AZ_PAD - y;
            (x, y, h, ((right - x) - GAP * (n as f64 - 1.0)) / n.max(1) as f64)
        }
    };
    let w = w.clamp(MIN_W, 360.0);
    (0..n)
        .map(|k| Rect { x: x + k as f64 * (w + GAP), y, w, h })
        .map(|r| if r.x + r.w <= right && r.h >= 80.0 { r } else { Rect { x: r.x, y: r.y, w: 0.0, h: 0.0 } })
        .collect()
}

/// The parts of a dragged scene drawn each frame (a flag per box, containers then icons;
/// per link; per placement-group outline), from [`Scene::moving`]. The rest of the static
/// layer does not change while the drag lasts: it is drawn once into a copy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Moving {
    boxes: Vec<bool>,
    links: Vec<bool>,
    groups: Vec<bool>,
    containers: usize,
}

impl Moving {
    /// Whether everything `other` marks is marked here too (for the same scene).
    pub fn covers(&self, other: &Moving) -> bool {
        let within = |a: &[bool], b: &[bool]| a.len() == b.len() && a.iter().zip(b).all(|(&a, &b)| a || !b);
        self.containers == other.containers
            && within(&self.boxes, &other.boxes)
            && within(&self.links, &other.links)
            && within(&self.groups, &other.groups)
    }

    /// Mark what `other` marks as well (a drag's moving part only grows: what left the copy
    /// stays out of it).
    pub fn join(&mut self, other: &Moving) {
        if self.containers != other.containers || self.boxes.len() != other.boxes.len() {
            *self = other.clone();
            return;
        }
        let or = |a: &mut Vec<bool>, b: &[bool]| a.iter_mut().zip(b).for_each(|(a, &b)| *a |= b);
        or(&mut self.boxes, &other.boxes);
        or(&mut self.links, &other.links);
        or(&mut self.groups, &other.groups);
    }

    /// Container `i` moves.
    pub fn container(&self, i: usize) -> bool {
        self.boxes.get(i).copied().unwrap_or(false)
    }

    /// Icon `i` moves.
    pub fn icon(&self, i: usize) -> bool {
        self.boxes.get(self.containers + i).copied().unwrap_or(false)
    }

    /// Link `i` moves or was re-routed.
    pub fn link(&self, i: usize) -> bool {
        self.links.get(i).copied().unwrap_or(false)
    }

    /// Placement-group outline `i` moves.
    pub fn group(&self, i: usize) -> bool {
        self.groups.get(i).copied().unwrap_or(false)
    }

    /// Also mark every link whose route comes within `margin` of a moving box: the drag is
    /// likely to re-route it soon, and each link that leaves the static copy later costs a
    /// whole redraw of it.
    pub fn widen(&mut self, scene: &Scene, margin: f64) {
        let near: Vec<Rect> = (0..self.boxes.len())
            .filter(|&i| self.boxes[i])
            .map(|i| crate::render::route::grown(scene.nest.drawn(i), margin))
            .collect();
        for (flag, link) in self.links.iter_mut().zip(&scene.links) {
            if !*flag {
                *flag = link.route.windows(2).any(|s| {
                    let (x0, x1) = (s[0].0.min(s[1].0), s[0].0.max(s[1].0));
                    let (y0, y1) = (s[0].1.min(s[1].1), s[0].1.max(s[1].1));
                    near.iter().any(|r| x0 <= r.x + r.w && r.x <= x1 && y0 <= r.y + r.h && r.y <= y1)
                });
            }
        }
    }

    /// The box of element `id` moves (its badge and selection ring go with it).
    pub fn node(&self, scene: &Scene, id: &NodeId) -> bool {
        scene.index.get(id).is_some_and(|&i| self.boxes.get(i).copied().unwrap_or(false))
    }
}

/// What a drag moves in a scene (indices into its lists), from [`Scene::drag_plan`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DragPlan {
    containers: Vec<usize>,
    icons: Vec<usize>,
    lanes: Vec<(usize, Vec<usize>)>,
    links: Vec<usize>,
    /// Links drawn (or traced) differently from the start of the drag by the last move.
    rerouted: Vec<usize>,
    /// At most this many links not touching a moving box are routed again per move; the
    /// rest keep their route until a later move (or the drop, which rebuilds the scene).
    budget: usize,
    /// Where the next move starts looking for such links, so that every one gets its turn.
    next: usize,
}

impl DragPlan {
    /// Route at most `n` links that do not touch a moving box per move (those that do are
    /// always routed: their ends move). A box dragged across a dense design changes the
    /// search of dozens of other links per move; they catch up over the next frames.
    pub fn limit_reroutes(&mut self, n: usize) {
        self.budget = n;
    }
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
    "sqs",
    "sns",
    "cloudfront",
    "route53",
    "region",
    "vpc",
    "public-subnet",
    "private-subnet",
    "users",
    "users-dark",
];

/// The variant of an icon drawn on a dark background: AWS's general icons (dark grey
/// glyphs) have a white variant; coloured icons are the same in both themes.
pub fn on_dark(image: &'static str) -> &'static str {
    match image {
        "internet" => "internet-dark",
        "users" => "users-dark",
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

/// One lane per (VPC, AZ) pair that has subnets, with its VPC: the subnets' bounding box plus padding.
fn az_lanes(s: &Scenario, subnets: &[Container], vpcs: &[Container]) -> (Vec<(NodeId, Container)>, usize) {
    let mut lanes: Vec<(NodeId, NodeId, Rect)> = Vec::new();
    for sub in subnets {
        let Some(Spec::Subnet { vpc, az, .. }) = s.node(&sub.id).map(|n| &n.spec) else { continue };
        match lanes.iter_mut().find(|(v, a, _)| v == vpc && a == az) {
            Some(lane) => lane.2 = lane.2.union(&sub.rect),
            None => lanes.push((vpc.clone(), az.clone(), sub.rect)),
        }
    }
    for lane in &mut lanes {
        lane.2 = lane_around(lane.2);
    }
    // Then each VPC's lanes for its Region's AZs that hold none of its subnets yet (issue
    // #13: an AZ without a subnet did not show), empty, where a subnet can be dropped.
    let found = lanes.len();
    for v in vpcs {
        let Some(Spec::Vpc { region, .. }) = s.node(&v.id).map(|n| &n.spec) else { continue };
        let missing: Vec<&NodeId> = s
            .nodes
            .iter()
            .filter(|n| matches!(&n.spec, Spec::AvailabilityZone { region: r, .. } if r == region))
            .map(|n| &n.id)
            .filter(|az| !lanes[..found].iter().any(|(lv, la, _)| *lv == v.id && la == *az))
            .collect();
        let own: Vec<Rect> = lanes[..found].iter().filter(|(lv, ..)| *lv == v.id).map(|l| l.2).collect();
        for (az, r) in missing.iter().zip(empty_lanes(v.rect, &own, missing.len())) {
            lanes.push((v.id.clone(), (*az).clone(), r));
        }
    }
    let all = lanes
        .into_iter()
        .map(|(vpc, az, r)| {
            let title = match s.node(&az).map(|n| (&n.spec, n.label())) {
                Some((Spec::AvailabilityZone { zone, .. }, _)) => zone.clone(),
                Some((_, label)) => label.to_string(),
                None => az.to_string(),
            };
            let lane =
                Container { id: az, kind: ContainerKind::AvailabilityZone, rect: r, title, detail: String::new() };
            (vpc, lane)
        })
        .collect();
    (all, found)
}

/// What an icon keeps links away from: itself and the name and detail drawn under it (as
/// `paint` draws them, and as `Scene::bounds` measures them), plus [`CLEAR`].
fn keep_clear(i: &Icon) -> Rect {
    let text = (text_width(&i.label, 12.0) * 1.1).max(text_width(&i.detail, 11.0));
    let depth = if i.detail.is_empty() { 20.0 } else { 36.0 };
    let names = Rect { x: i.rect.x + (i.rect.w - text) / 2.0, y: i.rect.y + i.rect.h, w: text, h: depth };
    crate::render::route::grown(i.rect.union(&names), CLEAR)
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

    /// The zoom at which the smallest text of the diagram (10 units) is 10 CSS px: what a
    /// design opens at (issue #13: labels of at least 10 px at the default zoom).
    pub const READABLE_ZOOM: f64 = 1.0;

    /// The view a design opens at: 100 %, the diagram centred along each axis where it fits
    /// and shown from its top-left corner (with `margin`) where it does not; the minimap and
    /// the fit button show the rest.
    pub fn readable(bounds: Rect, width: f64, height: f64, margin: f64) -> Camera {
        let zoom = Self::READABLE_ZOOM;
        let along = |start: f64, size: f64, view: f64| {
            if size * zoom + 2.0 * margin <= view {
                view / 2.0 - (start + size / 2.0) * zoom
            } else {
                margin - start * zoom
            }
        };
        Camera { zoom, pan_x: along(bounds.x, bounds.w, width), pan_y: along(bounds.y, bounds.h, height) }
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

/// Side of a container's group icon, in diagram units.
pub const GROUP_ICON: f64 = 24.0;

/// The width and height of the title block drawn in a container's top-left corner (group
/// icon, bold title, CIDR line under it), as `draw_scene` draws it: links keep out of it.
pub fn title_size(c: &Container) -> (f64, f64) {
    let left = if c.kind.icon().is_some() { GROUP_ICON + 8.0 } else { 10.0 };
    // Bold runs about a tenth wider than `text_width` guesses; +3 is the backing's margin.
    let title = left + text_width(&c.title, 13.0) * 1.1 + 3.0;
    if c.detail.is_empty() {
        (title, GROUP_ICON)
    } else {
        (title.max(6.0 + text_width(&c.detail, 11.0) + 3.0), 40.0)
    }
}

/// The icons of the document's populations, given the icons and Regions already placed:
/// a column centred on the Internet icon's row, left of it, or left of the Regions.
fn user_icons(s: &Scenario, placed: &[Icon], regions: &[Rect]) -> Vec<Icon> {
    let n = s.traffic.len();
    if n == 0 {
        return Vec::new();
    }
    let internet = placed.iter().find(|i| s.node(&i.id).is_some_and(|n| matches!(n.spec, engine::Spec::Internet {})));
    let (cx, cy) = match (internet, regions.iter().copied().reduce(|a, b| a.union(&b))) {
        (Some(i), _) => {
            let (x, y) = i.rect.centre();
            (x - users::GAP, y)
        }
        (None, Some(r)) => (r.x - users::GAP, r.y + r.h / 2.0),
        (None, None) => (60.0, 60.0 + users::STEP * (n as f64 - 1.0) / 2.0),
    };
    let top = cy - users::STEP * (n as f64 - 1.0) / 2.0;
    s.traffic
        .iter()
        .enumerate()
        .map(|(i, p)| Icon {
            id: users::id(i),
            category: Category::External,
            glyph: "USR",
            image: "users",
            label: p.name.clone(),
            detail: users::detail(p),
            rect: Rect { x: cx - ICON / 2.0, y: top + users::STEP * i as f64 - ICON / 2.0, w: ICON, h: ICON },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Scenario {
        Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap()
    }

    /// Instances sharing a placement group get one outline round all of them (icons and
    /// names), titled with the strategy; instances without one get none.
    #[test]
    fn a_placement_group_is_one_outline_round_its_members() {
        let s = Scenario::from_json(include_str!("../../../../scenarios/cluster-placement-group.json")).unwrap();
        let scene = Scene::build(&s);
        assert_eq!(scene.groups.len(), 1);
        let g = &scene.groups[0];
        assert_eq!((g.name.as_str(), g.strategy), ("search", "cluster"));
        assert_eq!(g.members.len(), 4);
        for &m in &g.members {
            let r = scene.icons[m].rect;
            assert!(g.rect.contains(r.x, r.y) && g.rect.contains(r.x + r.w, r.y + r.h + 30.0), "{}", scene.icons[m].id);
        }
        assert!(Scene::build(&example()).groups.is_empty());
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
        let mut nodes: Vec<engine::model::Node> = Vec::new();
        for text in engine::scenarios::BUILT_IN.iter().map(|(_, t)| *t) {
            nodes.extend(Scenario::from_json(text).unwrap().nodes);
        }
        let s = example();
        let targets: [Option<NodeId>; 4] =
            [Some("subnet-public-a".into()), Some("vpc-main".into()), Some("region-seoul".into()), None];
        for what in engine::create::Blueprint::ALL {
            let created = targets.iter().find_map(|t| {
                engine::create::create(&s, what, engine::create::DropTarget { container: t.as_ref(), az: None }).ok()
            });
            // (one Internet gateway per VPC: the example's is in the list already)
            nodes.extend(created.into_iter().flatten());
        }
        let mut drawn: Vec<&str> =
            nodes.iter().filter_map(icon_style).flat_map(|(_, _, i, _)| [i, on_dark(i)]).collect();
        for kind in
            [ContainerKind::Region, ContainerKind::Vpc, ContainerKind::PublicSubnet, ContainerKind::PrivateSubnet]
        {
            drawn.extend(kind.icon());
        }
        // Users are not a node kind: their element draws AWS's Users icon (users.rs).
        drawn.extend(["users", on_dark("users")]);
        for name in &drawn {
            assert!(ICON_FILES.contains(name), "{name} is drawn but not loaded");
        }
        for name in ICON_FILES {
            assert!(drawn.contains(name), "{name} is loaded but never drawn");
        }
        for glyph in ["EC2", "ALB", "NLB", "IGW", "NAT", "VGW", "WWW", "DC", "RDS", "S3", "SQS", "SNS", "CF", "R53"] {
            assert!(nodes.iter().filter_map(icon_style).any(|(_, g, _, _)| g == glyph), "no {glyph} kind tested");
        }
    }

    #[test]
    fn bounds_hold_a_name_wider_than_its_icon() {
        let mut s = Scenario::from_json(include_str!("../../../../scenarios/reference-web-app.json")).unwrap();
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

    /// #13: every AZ of a VPC's Region shows as a lane, also one without a subnet yet: right
    /// of the lanes around subnets, inside the VPC, level with them; in a VPC without
    /// subnets, across its inside; not drawn (no size) where the VPC has no room for it.
    #[test]
    fn an_az_without_a_subnet_still_shows_as_an_empty_lane() {
        let mut s = example();
        s.nodes.retain(|n| !matches!(&n.spec, Spec::Subnet { az, .. } if az.as_str() == "az-c"));
        s.nodes.retain(|n| !matches!(&n.spec, Spec::Instance { subnet, .. } if subnet.as_str().ends_with("-c")));
        let scene = Scene::build(&s);
        let lanes: Vec<&Container> =
            scene.containers.iter().filter(|c| c.kind == ContainerKind::AvailabilityZone).collect();
        assert_eq!(lanes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["az-a", "az-c"]);
        let (a, c) = (lanes[0].rect, lanes[1].rect);
        let vpc = scene.rect_of(&"vpc-main".into()).unwrap();
        assert!(c.w > 0.0 && c.x > a.x + a.w && c.y == a.y && c.h == a.h, "{c:?} right of {a:?}");
        assert!(c.x + c.w <= vpc.x + vpc.w, "inside the VPC");
        assert_eq!(lanes[1].title, "ap-northeast-2c");
        // No subnets at all: both across the VPC.
        s.nodes.retain(|n| !matches!(n.spec, Spec::Subnet { .. } | Spec::Instance { .. }));
        let scene = Scene::build(&s);
        let lanes: Vec<Rect> =
            scene.containers.iter().filter(|c| c.kind == ContainerKind::AvailabilityZone).map(|c| c.rect).collect();
        assert_eq!(lanes.len(), 2);
        assert!(lanes.iter().all(|r| r.w >= 160.0 && vpc.contains(r.x, r.y) && vpc.contains(r.x + r.w, r.y + r.h)));
        // A VPC too narrow for a second lane: it has no size.
        s.layout.insert("vpc-main".into(), Placement { x: 230.0, y: 90.0, w: Some(300.0), h: Some(300.0) });
        let scene = Scene::build(&s);
        let widths: Vec<f64> =
            scene.containers.iter().filter(|c| c.kind == ContainerKind::AvailabilityZone).map(|c| c.rect.w).collect();
        assert_eq!(widths.iter().filter(|w| **w == 0.0).count(), 1, "{widths:?}");
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

    /// Whether an axis-aligned segment passes through the inside of `r`.
    fn crosses(r: Rect, p: (f64, f64), q: (f64, f64)) -> bool {
        p.0.max(q.0) > r.x && p.0.min(q.0) < r.x + r.w && p.1.max(q.1) > r.y && p.1.min(q.1) < r.y + r.h
    }

    /// Every crossing in a scene: (link, what it crosses) for each icon that is not one of
    /// the link's ends and each container that holds neither end, that a route goes through.
    fn crossings(scene: &Scene) -> Vec<(String, String)> {
        let overlap = |a: Rect, b: Rect| a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        let mut out = Vec::new();
        for l in &scene.links {
            let (a, b) = (scene.rect_of(&l.from).unwrap(), scene.rect_of(&l.to).unwrap());
            let boxes = scene.icons.iter().filter(|i| i.id != l.from && i.id != l.to).map(|i| (&i.id, i.rect));
            let boxes = boxes.chain(scene.containers.iter().map(|c| (&c.id, c.rect)));
            for (id, r) in boxes.filter(|(_, r)| !overlap(*r, a) && !overlap(*r, b)) {
                if l.route.windows(2).any(|s| crosses(r, s[0], s[1])) {
                    out.push((format!("{} -> {}", l.from, l.to), id.to_string()));
                }
            }
        }
        out
    }

    /// Rule: in every built-in scenario, no link goes through an icon that is not one of its
    /// ends, nor through a container that holds neither end (issue #6).
    #[test]
    fn no_built_in_link_crosses_an_icon_or_a_container_it_is_not_in() {
        for (name, text) in engine::scenarios::BUILT_IN {
            let scene = Scene::build(&Scenario::from_json(text).unwrap());
            assert_eq!(crossings(&scene), [] as [(String, String); 0], "{name}");
        }
    }

    fn link<'a>(scene: &'a Scene, from: &str, to: &str) -> &'a Link {
        scene.links.iter().find(|l| l.from.as_str() == from && l.to.as_str() == to).unwrap()
    }

    /// Rule: a link goes round a subnet that holds neither end (issue #6: in the example the
    /// Internet gateway's link to the load balancer used to cut through public-a).
    #[test]
    fn the_gateway_link_goes_round_the_public_subnet() {
        let scene = Scene::build(&example());
        let public_a = scene.rect_of(&"subnet-public-a".into()).unwrap();
        let route = &link(&scene, "igw", "alb").route;
        assert!(route.len() > 2 && !route.windows(2).any(|s| crosses(public_a, s[0], s[1])), "{route:?}");
    }

    /// Rule: the subnet (and AZ lane, VPC) that holds an end is no obstacle: the link enters it.
    #[test]
    fn a_link_into_a_subnet_enters_it() {
        let scene = Scene::build(&example());
        let private_a = scene.rect_of(&"subnet-private-a".into()).unwrap();
        let route = &link(&scene, "alb", "i-web-a").route;
        let n = route.len();
        assert!(!private_a.contains(route[0].0, route[0].1), "{route:?}");
        assert!(crosses(private_a, route[n - 2], route[n - 1]), "{route:?}");
    }

    /// A drag can free the way for a link that touches none of the moving boxes: it is routed
    /// again, as a rebuild would, and moving back brings the old route back.
    #[test]
    fn moving_a_subnet_out_of_the_way_straightens_a_link_it_does_not_touch() {
        let s = example();
        let base = Scene::build(&s);
        let ids = engine::view::with_contents(&s, &"subnet-public-a".into());
        let mut plan = base.drag_plan(&s, &ids);
        let mut scene = base.clone();
        scene.apply_drag(&base, &mut plan, 0.0, 600.0);
        let mut moved = s.clone();
        for id in &ids {
            moved.layout.get_mut(id).unwrap().y += 600.0;
        }
        assert_eq!(scene, Scene::build(&moved));
        assert_ne!(link(&scene, "igw", "alb").route, link(&base, "igw", "alb").route);
        scene.apply_drag(&base, &mut plan, 0.0, 0.0);
        assert_eq!(scene, base);
    }

    /// Property: in every built-in scenario, dragging any element (with what it holds) by any
    /// whole-unit offsets draws exactly what a rebuild would, move after move.
    #[test]
    fn any_drag_in_any_built_in_scenario_draws_what_a_rebuild_would() {
        let mut seed = 11u64;
        let mut next = |below: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % below
        };
        for (name, text) in engine::scenarios::BUILT_IN {
            let s = Scenario::from_json(text).unwrap();
            let base = Scene::build(&s);
            // AZ lanes are not dragged: they are drawn around their subnets.
            let boxes = base.containers.iter().filter(|c| c.kind != ContainerKind::AvailabilityZone);
            let drawn: Vec<NodeId> =
                base.icons.iter().map(|i| i.id.clone()).chain(boxes.map(|c| c.id.clone())).collect();
            for _ in 0..6 {
                let grabbed = &drawn[next(drawn.len() as u64) as usize];
                if crate::render::users::index(grabbed).is_some() {
                    continue; // users do not move (editor.rs): they follow the Internet node
                }
                let ids = engine::view::with_contents(&s, grabbed);
                let mut plan = base.drag_plan(&s, &ids);
                let mut scene = base.clone();
                for _ in 0..4 {
                    let (dx, dy) = (next(801) as f64 - 400.0, next(801) as f64 - 400.0);
                    scene.apply_drag(&base, &mut plan, dx, dy);
                    let mut moved = s.clone();
                    for id in &ids {
                        if let Some(p) = moved.layout.get_mut(id) {
                            (p.x, p.y) = (p.x + dx, p.y + dy);
                        }
                    }
                    assert!(scene == Scene::build(&moved), "{name}: {grabbed} by ({dx}, {dy})");
                }
            }
        }
    }

    /// The browser benchmark's 500-node design (tests/bench/browser.mjs `bigDesign()`): a VPC
    /// of 20 subnets in two AZs holding 471 instances, all behind one ALB.
    fn big_design() -> Scenario {
        let mut nodes = vec![
            serde_json::json!({ "id": "internet", "kind": "internet" }),
            serde_json::json!({ "id": "r", "kind": "region", "code": "ap-northeast-2" }),
            serde_json::json!({ "id": "az-a", "kind": "availability_zone", "region": "r", "zone": "ap-northeast-2a" }),
            serde_json::json!({ "id": "az-c", "kind": "availability_zone", "region": "r", "zone": "ap-northeast-2c" }),
            serde_json::json!({ "id": "v", "kind": "vpc", "region": "r", "cidr": "10.0.0.0/16" }),
            serde_json::json!({ "id": "igw", "kind": "internet_gateway", "vpc": "v" }),
            serde_json::json!({ "id": "rt", "kind": "route_table", "vpc": "v", "main": true,
                "routes": [{ "destination": "0.0.0.0/0", "target": "igw" }] }),
            serde_json::json!({ "id": "sg", "kind": "security_group", "vpc": "v",
                "inbound": [{ "protocol": "tcp", "ports": "80", "cidr": "0.0.0.0/0" }],
                "outbound": [{ "protocol": "all", "ports": "all", "cidr": "0.0.0.0/0" }] }),
        ];
        let mut layout = serde_json::json!({
            "internet": { "x": -120, "y": 300 }, "r": { "x": 0, "y": 0, "w": 1840, "h": 1260 },
            "v": { "x": 30, "y": 60, "w": 1780, "h": 1170 }, "igw": { "x": 30, "y": 300 },
        });
        for i in 0..20 {
            let az = if i < 10 { "az-a" } else { "az-c" };
            nodes.push(serde_json::json!({ "id": format!("s{i}"), "kind": "subnet", "vpc": "v", "az": az, "cidr": format!("10.0.{i}.0/24") }));
            layout[format!("s{i}")] =
                serde_json::json!({ "x": 80 + (i % 5) * 345, "y": 150 + (i / 5) * 265, "w": 320, "h": 230 });
        }
        let mut targets = Vec::new();
        for j in 0..471 {
            let (s, k) = (j % 20, j / 20);
            targets.push(format!("i{j}"));
            nodes.push(serde_json::json!({ "id": format!("i{j}"), "kind": "instance", "instance_type": "t3.micro", "subnet": format!("s{s}"), "security_groups": ["sg"] }));
            let (x, y) = (80 + (s % 5) * 345, 150 + (s / 5) * 265);
            layout[format!("i{j}")] = serde_json::json!({ "x": x + 40 + (k % 6) * 48, "y": y + 70 + (k / 6) * 45 });
        }
        nodes.push(serde_json::json!({ "id": "alb", "kind": "load_balancer", "type": "alb", "subnets": ["s0", "s10"], "security_groups": ["sg"], "targets": targets }));
        layout["alb"] = serde_json::json!({ "x": 900, "y": 110 });
        let doc = serde_json::json!({ "format": 1, "name": "500 nodes", "nodes": nodes, "layout": layout });
        Scenario::from_json(&doc.to_string()).unwrap()
    }

    /// Prints how long the 500-node design takes to build and to drag (a subnet with its
    /// instances, then one instance), and checks the drag still draws what a rebuild would.
    /// For numbers: `cargo test --release -p web --lib big_design -- --nocapture`.
    #[test]
    #[allow(clippy::disallowed_methods, reason = "native timing only; this test never runs in wasm")]
    fn big_design_builds_and_drags_like_a_rebuild() {
        let s = big_design();
        assert_eq!(s.nodes.len(), 500);
        let started = std::time::Instant::now();
        let runs = 5;
        for _ in 0..runs {
            std::hint::black_box(Scene::build(&s));
        }
        let build = started.elapsed().as_secs_f64() * 1e3 / runs as f64;
        let base = Scene::build(&s);
        assert_eq!(base.links.len(), 473, "Internet to IGW to ALB, and the ALB to each instance");
        let public = engine::net::public_subnets(&s);
        // Whole units at each move, as snapping gives, so shifted boxes equal rebuilt ones exactly.
        for (grabbed, (tx, ty)) in [("s6", (240.0, 180.0)), ("i100", (-300.0, 120.0))] {
            let ids = engine::view::with_contents(&s, &grabbed.into());
            let mut plan = base.drag_plan(&s, &ids);
            let mut scene = base.clone();
            let (steps, mut times) = (60, Vec::new());
            for k in 1..=steps {
                let (dx, dy) = (tx * k as f64 / steps as f64, ty * k as f64 / steps as f64);
                let started = std::time::Instant::now();
                scene.apply_drag(&base, &mut plan, dx, dy);
                times.push(started.elapsed().as_secs_f64() * 1e3);
                if k % 20 == 0 {
                    let mut moved = s.clone();
                    for id in &ids {
                        if let Some(p) = moved.layout.get_mut(id) {
                            (p.x, p.y) = (p.x + dx, p.y + dy);
                        }
                    }
                    assert!(scene == Scene::build_with(&moved, &public), "dragging {grabbed}, move {k}: as a rebuild");
                }
            }
            times.sort_by(f64::total_cmp);
            let (p50, p95, max) = (times[steps / 2], times[steps * 95 / 100], times[steps - 1]);
            println!(
                "500-node design: drag {grabbed} ({} boxes): p50 {p50:.3} ms, p95 {p95:.3} ms, max {max:.3} ms a move",
                ids.len()
            );
        }
        println!("500-node design: Scene::build {build:.3} ms");
    }

    /// With a budget of re-routes per move, the links a dragged subnet passes by lag behind
    /// but catch up: repeating the last move gives exactly what a rebuild draws, and the links
    /// touching the moving boxes are right at every move.
    #[test]
    fn a_drag_with_a_reroute_budget_catches_up_with_a_rebuild() {
        let s = big_design();
        let base = Scene::build(&s);
        let public = engine::net::public_subnets(&s);
        let ids = engine::view::with_contents(&s, &"s6".into());
        let mut plan = base.drag_plan(&s, &ids);
        plan.limit_reroutes(4);
        let mut scene = base.clone();
        let (dx, dy) = (240.0, 180.0);
        for k in 1..=12 {
            scene.apply_drag(&base, &mut plan, dx * f64::from(k) / 12.0, dy * f64::from(k) / 12.0);
        }
        let mut moved = s.clone();
        for id in &ids {
            if let Some(p) = moved.layout.get_mut(id) {
                (p.x, p.y) = (p.x + dx, p.y + dy);
            }
        }
        let rebuilt = Scene::build_with(&moved, &public);
        for &i in &plan.links {
            assert_eq!(scene.links[i].route, rebuilt.links[i].route, "link {i} touches a moving box");
        }
        assert!(scene != rebuilt, "with 4 re-routes a move, some passed-by links lag behind");
        let mut repeats = 0;
        while scene != rebuilt {
            scene.apply_drag(&base, &mut plan, dx, dy);
            repeats += 1;
            assert!(repeats < 200, "the lagging links never caught up");
        }
    }

    /// While a drag lasts the static canvas draws all but what moves, and the live layer
    /// what moves (editor/layers.rs): together they must draw exactly what one whole drawing
    /// does, at every move, with the selection, badges and a reachability path through both.
    #[test]
    fn a_drag_drawn_in_two_parts_draws_what_one_drawing_does() {
        use crate::render::paint::{draw_static, BadgeLevel, Op, Overlay, Part, Recorder};
        let s = big_design();
        let base = Scene::build(&s);
        let camera = Camera { zoom: 0.8, pan_x: 40.0, pan_y: 20.0 };
        let view = Some(Rect { x: 0.0, y: 0.0, w: 2000.0, h: 1400.0 });
        let overlay = Overlay {
            badges: vec![("i6".into(), BadgeLevel::Error, 2), ("i7".into(), BadgeLevel::Warning, 1)],
            path: vec!["internet".into(), "igw".into(), "alb".into(), "i26".into()],
            ..Overlay::default()
        };
        let selection: Vec<NodeId> = vec!["s6".into()];
        let ops = |scene: &Scene, part: Part| {
            let mut rec = Recorder::default();
            draw_static(&mut rec, scene, &camera, 1.0, &crate::render::paint::LIGHT, &selection, &overlay, view, part);
            let mut out: Vec<String> = rec.ops.iter().map(|op: &Op| format!("{op:?}")).collect();
            engine::sort::sort_by(&mut out, Ord::cmp);
            out
        };
        let ids = engine::view::with_contents(&s, &"s6".into());
        let mut plan = base.drag_plan(&s, &ids);
        let mut scene = base.clone();
        let mut known: Option<Moving> = None;
        let mut grew = 0;
        for k in 1..=30 {
            let (dx, dy) = (f64::from(k) * 8.0, f64::from(k) * 6.0);
            scene.apply_drag(&base, &mut plan, dx, dy);
            let moving = scene.moving(&base, &plan);
            match &mut known {
                Some(known) if known.covers(&moving) => {}
                Some(known) => {
                    known.join(&moving);
                    grew += 1;
                }
                None => known = Some(moving),
            }
            let known = known.as_ref().unwrap();
            assert!(known.container(scene.index[&NodeId::from("s6")]), "the grabbed subnet moves");
            assert!(known.node(&scene, &"i26".into()) && !known.node(&scene, &"i7".into()));
            let mut two = ops(&scene, Part::Still(known));
            two.extend(ops(&scene, Part::Moving(known)));
            engine::sort::sort_by(&mut two, Ord::cmp);
            assert_eq!(two, ops(&scene, Part::All), "move {k}");
            // What the static canvas kept from when the drag started is still right.
            assert_eq!(ops(&scene, Part::Still(known)), ops(&base, Part::Still(known)), "move {k}");
        }
        // The subnet's lane and the links through the moved boxes' new places leave the copy.
        assert!(grew > 0, "a drag across the VPC re-routes links the copy showed");
    }

    #[test]
    fn a_region_names_its_availability_zones() {
        let scene = Scene::build(&example());
        let region = scene.containers.iter().find(|c| c.kind == ContainerKind::Region).unwrap();
        assert_eq!(region.detail, "ap-northeast-2 · AZ a, c");
    }

    #[test]
    fn a_design_opens_at_a_readable_zoom_centred_where_it_fits() {
        // Smaller than the view: centred, at 100 %.
        let c = Camera::readable(Rect { x: 100.0, y: 50.0, w: 400.0, h: 300.0 }, 800.0, 600.0, 24.0);
        assert_eq!(c.zoom, Camera::READABLE_ZOOM);
        assert_eq!(c.to_screen(300.0, 200.0), (400.0, 300.0));
        // Wider than the view: its left edge at the margin; still centred vertically.
        let c = Camera::readable(Rect { x: -30.0, y: 0.0, w: 1800.0, h: 400.0 }, 800.0, 600.0, 24.0);
        assert_eq!(c.zoom, 1.0);
        assert_eq!(c.to_screen(-30.0, 200.0), (24.0, 300.0));
        // Every built-in example opens with its smallest text (10 units) at 10 px at least.
        for (name, text) in engine::scenarios::BUILT_IN {
            let scene = Scene::build(&Scenario::from_json(text).unwrap());
            let c = Camera::readable(scene.bounds().unwrap(), 820.0, 580.0, 24.0);
            assert!(c.zoom * 10.0 >= 10.0, "{name}");
        }
        // The first visit's design fits whole at 1440 x 900 (a canvas of about 820 x 580).
        let first = Scene::build(&Scenario::from_json(crate::platform::examples::EXAMPLE).unwrap());
        let b = first.bounds().unwrap();
        assert!(b.w + 48.0 <= 820.0 && b.h + 48.0 <= 580.0, "{b:?}");
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
