//! Layout rules of the editor: alignment guides while dragging, containers that grow to fit what is dropped in them, the smallest size a container can be resized to, moving an instance into another subnet, and a free spot for what the keyboard adds.

use crate::render::scene::Guide;
use crate::render::scene::{ContainerKind, Rect, Scene};
use engine::model::{NodeId, Placement, Scenario, Spec};
use std::collections::BTreeMap;

/// The lines of a box that line up: left, centre, right (or top, centre, bottom). Icons
/// align by their centres only, as people line up icons in a row.
fn lines(r: &Rect, icon: bool, vertical: bool) -> Vec<f64> {
    let (start, len) = if vertical { (r.x, r.w) } else { (r.y, r.h) };
    if icon {
        vec![start + len / 2.0]
    } else {
        vec![start, start + len / 2.0, start + len]
    }
}

/// The shift (at most `tolerance` either way) that lines `r` up with another element of the
/// same sort (icon with icon, container with container) on each axis, with the guide to draw.
/// `skip` holds the moving elements.
pub fn align(scene: &Scene, r: Rect, icon: bool, skip: &[NodeId], tolerance: f64) -> [Option<(f64, Guide)>; 2] {
    let others: Vec<Rect> = if icon {
        scene.icons.iter().filter(|i| !skip.contains(&i.id)).map(|i| i.rect).collect()
    } else {
        scene
            .containers
            .iter()
            .filter(|c| c.kind != ContainerKind::AvailabilityZone && !skip.contains(&c.id))
            .map(|c| c.rect)
            .collect()
    };
    [true, false].map(|vertical| {
        let mut best: Option<(f64, Rect, f64)> = None;
        for o in &others {
            for mine in lines(&r, icon, vertical) {
                for theirs in lines(o, icon, vertical) {
                    let d = theirs - mine;
                    if d.abs() <= tolerance && best.is_none_or(|(b, ..)| d.abs() < b.abs()) {
                        best = Some((d, *o, theirs));
                    }
                }
            }
        }
        best.map(|(d, o, at)| {
            // The guide spans both boxes along the other axis.
            let (a0, a1, b0, b1) =
                if vertical { (r.y, r.y + r.h, o.y, o.y + o.h) } else { (r.x + d, r.x + r.w, o.x, o.x + o.w) };
            let (from, to) = (a0.min(b0), a1.max(b1));
            (d, Guide { vertical, at, from, to })
        })
    })
}

/// Room a container keeps around what it holds: its title and detail lines on top.
const PAD: f64 = 20.0;
const TITLE: f64 = 44.0;
/// Room under an icon for its name and detail lines.
const ICON_LABEL: f64 = 36.0;

/// The smallest a container may be resized to: it keeps holding what is in it, and never
/// shrinks below a readable size.
pub fn min_size(s: &Scenario, scene: &Scene, id: &NodeId) -> (f64, f64) {
    let Some(r) = scene.rect_of(id) else { return (120.0, 80.0) };
    let (mut w, mut h) = (120.0f64, 80.0f64);
    for inner in engine::view::with_contents(s, id).iter().skip(1) {
        if let Some(c) = outline(scene, inner) {
            w = w.max(c.x + c.w + PAD - r.x);
            h = h.max(c.y + c.h + PAD - r.y);
        }
    }
    (w, h)
}

/// The box an element needs: an icon with its label, a container with its AZ lane room.
fn outline(scene: &Scene, id: &NodeId) -> Option<Rect> {
    let r = scene.rect_of(id)?;
    Some(if scene.icons.iter().any(|i| &i.id == id) { Rect { h: r.h + ICON_LABEL, ..r } } else { r })
}

/// Grow the containers around `ids` (and around them, up to the Region) so each holds what
/// was moved or dropped in it, as draw.io's containers do. Only growing: nothing shrinks or
/// moves. Returns whether anything grew.
pub fn grow_to_fit(s: &mut Scenario, ids: &[NodeId]) -> bool {
    let scene = Scene::build(s);
    let mut rects: BTreeMap<NodeId, Rect> = BTreeMap::new();
    let rect = |rects: &BTreeMap<NodeId, Rect>, id: &NodeId| rects.get(id).copied().or_else(|| outline(&scene, id));
    let mut grew = false;
    for id in ids {
        let mut child = id.clone();
        // Containment is at most four deep; the bound also stops a malformed cycle.
        for _ in 0..6 {
            // A gateway sits on its VPC's edge, as AWS draws it: the VPC does not grow round it.
            if matches!(s.node(&child).map(|n| &n.spec), Some(Spec::InternetGateway { .. } | Spec::VpnGateway { .. })) {
                break;
            }
            let Some(parent) = engine::view::parent_of(s, &child).cloned() else { break };
            let (Some(c), Some(p)) = (rect(&rects, &child), scene.rect_of(&parent).and(rect(&rects, &parent))) else {
                break;
            };
            // Subnets (what names a zone) sit in an AZ lane drawn around them: leave room for it.
            let lane = s.node(&child).is_some_and(|n| n.spec.az().is_some());
            let (pad, top) = if lane { (PAD + 16.0, TITLE + 38.0) } else { (PAD, TITLE) };
            let want = Rect { x: c.x - pad, y: c.y - top, w: c.w + 2.0 * pad, h: c.h + top + pad };
            let grown = p.union(&want);
            if grown != p {
                rects.insert(parent.clone(), grown);
                s.layout
                    .insert(parent.clone(), Placement { x: grown.x, y: grown.y, w: Some(grown.w), h: Some(grown.h) });
                grew = true;
            }
            child = parent;
        }
    }
    grew
}

/// Move instances and NAT gateways whose icon now sits in another subnet of the same VPC
/// into that subnet (a new address there, the first free one). An instance cannot change
/// VPC, so a drop in another VPC's subnet leaves it where it was (and its subnet grows to
/// fit it). Returns the elements that changed subnet.
pub fn reparent(s: &mut Scenario, scene: &Scene, moved: &[NodeId]) -> Vec<NodeId> {
    let mut out = Vec::new();
    for id in moved {
        let Some(icon) = scene.icons.iter().find(|i| &i.id == id) else { continue };
        let (cx, cy) = icon.rect.centre();
        let Some(current) = subnet_of(s, id) else { continue };
        if moved.contains(&current) {
            continue; // it moved with its subnet
        }
        let under = scene
            .containers
            .iter()
            .rev()
            .find(|c| {
                matches!(c.kind, ContainerKind::PublicSubnet | ContainerKind::PrivateSubnet) && c.rect.contains(cx, cy)
            })
            .map(|c| c.id.clone());
        let Some(target) = under.filter(|t| *t != current) else { continue };
        if vpc_of(s, &target).is_none() || vpc_of(s, &target) != vpc_of(s, &current) {
            continue;
        }
        // Only what sits in one subnet moves (the engine says which, and what else changes).
        if let Some(node) = s.nodes.iter_mut().find(|n| &n.id == id) {
            if node.spec.move_to_subnet(target) {
                out.push(id.clone());
            }
        }
    }
    out
}

/// Room under an icon for its name and detail lines.
const LABEL_ROOM: f64 = 30.0;

/// Where to put a `w` x `h` box added into container `within` (from the keyboard, with the
/// container selected): the first spot, row by row from its top-left, that overlaps none of
/// the containers and icons inside it, so that it is not drawn inside a deeper container
/// (an S3 bucket added to a selected Region must not appear in the VPC drawn in its middle).
/// When it is full: under everything in it, and `grow_to_fit` grows it. The top-left corner.
pub fn free_spot(scene: &Scene, within: &NodeId, w: f64, h: f64) -> Option<(f64, f64)> {
    const STEP: f64 = 20.0;
    const PAD: f64 = 16.0;
    const GAP: f64 = 24.0;
    // Below the container's title and detail line (a subnet's CIDR, baseline 36 under its
    // top) with room for the live numbers a run draws above the icon (13 over it): at 48 a
    // NAT gateway's "0/s" was written over its subnet's CIDR.
    const TITLE: f64 = 64.0;
    let r = scene.rect_of(within)?;
    let taken = taken_in(scene, Some(within));
    let mut y = r.y + TITLE;
    while y + h <= r.y + r.h - PAD {
        let mut x = r.x + PAD;
        while x + w <= r.x + r.w - PAD {
            // With room around it, so that neighbours (and a link between them) read apart.
            let spot = Rect { x: x - GAP, y: y - GAP, w: w + 2.0 * GAP, h: h + 2.0 * GAP };
            if !taken.iter().any(|t| overlaps(t, &spot)) {
                return Some((x, y));
            }
            x += STEP;
        }
        y += STEP;
    }
    let bottom = taken.iter().filter(|t| overlaps(t, &r)).map(|t| t.y + t.h).fold(r.y + TITLE, f64::max);
    Some((r.x + PAD, bottom + PAD))
}

/// Where a gateway added to a VPC goes, as AWS draws one: its centre on the VPC's left
/// edge, at the first height from the top where its icon and name clear every other icon
/// (another gateway on the same edge). The centre.
pub fn edge_spot(scene: &Scene, vpc: &NodeId) -> Option<(f64, f64)> {
    const STEP: f64 = 20.0;
    let r = scene.rect_of(vpc)?;
    let half = crate::render::scene::ICON / 2.0;
    let icons: Vec<Rect> = scene.icons.iter().map(|i| Rect { h: i.rect.h + LABEL_ROOM, ..i.rect }).collect();
    let mut cy = r.y + 80.0;
    while cy + half <= r.y + r.h {
        let spot = Rect {
            x: r.x - half - 12.0,
            y: cy - half - 12.0,
            w: crate::render::scene::ICON + 24.0,
            h: crate::render::scene::ICON + LABEL_ROOM + 24.0,
        };
        if !icons.iter().any(|t| overlaps(t, &spot)) {
            return Some((r.x, cy));
        }
        cy += STEP;
    }
    Some((r.x, r.y + 80.0))
}

/// Where something outside every Region (the Internet, a data centre) added with nothing
/// selected goes: left of the leftmost outermost container, level with its top part, so
/// that it never lands on a Region's border. `None` on a canvas without containers. The
/// centre, before the clear spot search.
pub fn outside_spot(scene: &Scene) -> Option<(f64, f64)> {
    let outer = scene.containers.iter().filter(|c| {
        !scene.containers.iter().any(|o| o.id != c.id && o.rect.contains(c.rect.x, c.rect.y) && o.rect.w > c.rect.w)
    });
    let left = outer.min_by(|a, b| a.rect.x.total_cmp(&b.rect.x))?;
    Some((left.rect.x - 110.0, left.rect.y + 130.0))
}

/// Where a box `want` dropped with the pointer into container `within` (or onto the bare
/// canvas) goes: where it was dropped if it overlaps none of the containers and icons (with
/// their labels) around it, else the nearest spot that does, searched in rings of 20 units
/// up to 400 away and inside the container (issue #13: drops landed on their neighbours and
/// labels collided). The top-left corner.
pub fn clear_spot_near(scene: &Scene, within: Option<&NodeId>, want: Rect) -> (f64, f64) {
    const STEP: f64 = 20.0;
    const GAP: f64 = 12.0;
    const RINGS: i32 = 20;
    let bounds = within.and_then(|id| scene.rect_of(id));
    let taken = taken_in(scene, within);
    let clear = |x: f64, y: f64| {
        let spot = Rect { x: x - GAP, y: y - GAP, w: want.w + 2.0 * GAP, h: want.h + 2.0 * GAP };
        let fits = bounds.is_none_or(|r| x >= r.x && y >= r.y && x + want.w <= r.x + r.w && y + want.h <= r.y + r.h);
        fits && !taken.iter().any(|t| overlaps(t, &spot))
    };
    if clear(want.x, want.y) {
        return (want.x, want.y);
    }
    for ring in 1..=RINGS {
        let d = f64::from(ring) * STEP;
        let mut best: Option<(f64, f64, f64)> = None;
        for k in -ring..=ring {
            let t = f64::from(k) * STEP;
            for (dx, dy) in [(t, -d), (t, d), (-d, t), (d, t)] {
                let (x, y) = (want.x + dx, want.y + dy);
                let dist = dx * dx + dy * dy;
                if clear(x, y) && best.is_none_or(|(_, _, b)| dist < b) {
                    best = Some((x, y, dist));
                }
            }
        }
        if let Some((x, y, _)) = best {
            return (x, y);
        }
    }
    (want.x, want.y)
}

/// What a box added into `within` (or onto the bare canvas) must not overlap: the
/// containers inside it (on the canvas, only the outermost: a Region, not its VPC) and
/// every icon with the room for its label.
fn taken_in(scene: &Scene, within: Option<&NodeId>) -> Vec<Rect> {
    let bounds = within.and_then(|id| scene.rect_of(id));
    let inside =
        |o: &Rect| bounds.is_none_or(|r| o.x >= r.x && o.y >= r.y && o.x + o.w <= r.x + r.w && o.y + o.h <= r.y + r.h);
    let outermost = |c: &crate::render::scene::Container| {
        !scene.containers.iter().any(|o| o.id != c.id && o.rect.contains(c.rect.x, c.rect.y) && o.rect.w > c.rect.w)
    };
    scene
        .containers
        .iter()
        // AZ lanes are drawn round subnets (which are in the way themselves) or stand empty
        // for a subnet to be dropped in: they are not in the way.
        .filter(|c| c.kind != ContainerKind::AvailabilityZone)
        .filter(|c| Some(&c.id) != within && inside(&c.rect) && (within.is_some() || outermost(c)))
        .map(|c| c.rect)
        .chain(scene.icons.iter().map(|i| Rect { h: i.rect.h + LABEL_ROOM, ..i.rect }))
        .collect()
}

/// Whether two boxes overlap.
fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/// The subnet an element's interface is in (its first, for one spanning several).
fn subnet_of(s: &Scenario, id: &NodeId) -> Option<NodeId> {
    s.node(id)?.spec.subnets().first().cloned()
}

/// The VPC a subnet belongs to.
fn vpc_of(s: &Scenario, subnet: &NodeId) -> Option<NodeId> {
    s.node(subnet)?.spec.vpc().cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::ICON;

    fn two_tier() -> Scenario {
        Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap()
    }

    /// #13: a gateway added to a VPC sits on the VPC's left edge, clear of the gateway
    /// already there, and the VPC does not grow round it; the Internet added with nothing
    /// selected goes left of the Region, clear of its border.
    #[test]
    fn gateways_sit_on_their_vpcs_edge_and_the_internet_left_of_the_region() {
        let mut s = two_tier();
        let scene = Scene::build(&s);
        let vpc = scene.rect_of(&"vpc-main".into()).unwrap();
        let igw = scene.rect_of(&"igw".into()).unwrap();
        let (x, y) = edge_spot(&scene, &"vpc-main".into()).unwrap();
        assert_eq!(x, vpc.x, "on the edge");
        let spot = Rect { x: x - ICON / 2.0, y: y - ICON / 2.0, w: ICON, h: ICON + LABEL_ROOM };
        assert!(!overlaps(&spot, &Rect { h: igw.h + LABEL_ROOM, ..igw }), "clear of the gateway already there");
        assert!(y > vpc.y && y < vpc.y + vpc.h);
        // Placed there (a VPN gateway), the VPC keeps its size and place.
        s.nodes.push(engine::model::Node::new(
            "vgw".into(),
            String::new(),
            Spec::VpnGateway { vpc: Some("vpc-main".into()) },
        ));
        s.layout.insert("vgw".into(), Placement { x, y, w: None, h: None });
        let before = s.layout.get(&NodeId::from("vpc-main")).copied();
        assert!(!grow_to_fit(&mut s, &["vgw".into()]));
        assert_eq!(s.layout.get(&NodeId::from("vpc-main")).copied(), before);
        let region = scene.rect_of(&"region-seoul".into()).unwrap();
        let (ix, _) = outside_spot(&scene).unwrap();
        assert!(ix + ICON / 2.0 < region.x, "left of the Region, off its border");
        assert_eq!(outside_spot(&Scene::build(&Scenario::default())), None);
    }

    /// A drop on top of a neighbour moves to the nearest clear spot, in the same container;
    /// a drop on empty space stays where it was dropped.
    #[test]
    fn a_drop_on_a_neighbour_moves_to_the_nearest_clear_spot() {
        let s = two_tier();
        let scene = Scene::build(&s);
        let web = scene.rect_of(&"i-web-a".into()).unwrap();
        let subnet: NodeId = "subnet-private-a".into();
        let want = Rect { x: web.x + 6.0, y: web.y + 4.0, w: ICON, h: ICON };
        let (x, y) = clear_spot_near(&scene, Some(&subnet), want);
        let moved = Rect { x, y, ..want };
        assert!(!overlaps(&moved, &Rect { h: web.h + LABEL_ROOM, ..web }), "{moved:?} still on {web:?}");
        let r = scene.rect_of(&subnet).unwrap();
        assert!(x >= r.x && y >= r.y && x + ICON <= r.x + r.w && y + ICON <= r.y + r.h, "inside its subnet");
        assert!((x - want.x).hypot(y - want.y) <= 200.0, "near where it was dropped");
        // Empty space: unchanged.
        let free = Rect { x: -500.0, y: -500.0, w: ICON, h: ICON };
        assert_eq!(clear_spot_near(&scene, None, free), (free.x, free.y));
    }

    #[test]
    fn an_icon_lines_up_with_the_nearest_icon_centre() {
        let s = two_tier();
        let scene = Scene::build(&s);
        let a = scene.rect_of(&"i-web-a".into()).unwrap();
        // 5 units off i-web-a's centre row, far from everything in x.
        let r = Rect { x: a.x + 200.0, y: a.y + 5.0, ..a };
        let [vx, hy] = align(&scene, r, true, &[], 8.0);
        let (dy, guide) = hy.expect("the row of i-web-a");
        assert_eq!(dy, -5.0);
        assert!(!guide.vertical && guide.at == a.y + a.h / 2.0);
        assert!(guide.from <= a.x && guide.to >= r.x + r.w);
        assert!(vx.is_none_or(|(d, _)| d.abs() <= 8.0));
        let [_, none] = align(&scene, Rect { y: a.y + 30.0, ..r }, true, &[], 8.0);
        assert!(none.is_none() || none.unwrap().0.abs() <= 8.0);
    }

    /// Regression: an S3 bucket added from the keyboard into a selected Region landed in the
    /// middle of the Region, inside its VPC, and was refused ("not inside a VPC").
    #[test]
    fn a_free_spot_is_clear_of_everything_in_the_chosen_container() {
        let s = two_tier();
        let scene = Scene::build(&s);
        let clear = |within: &str, (x, y): (f64, f64), w: f64, h: f64| {
            let r = scene.rect_of(&within.into()).unwrap();
            assert!(x >= r.x && x + w <= r.x + r.w && y >= r.y, "{within}: in its columns, not above it");
            for c in scene.containers.iter().filter(|c| c.id.as_str() != within && r.contains(c.rect.x, c.rect.y)) {
                let o = c.rect;
                assert!(
                    o.x + o.w <= x || x + w <= o.x || o.y + o.h <= y || y + h <= o.y,
                    "{within}: clear of {}",
                    c.id
                );
            }
            for i in &scene.icons {
                let o = i.rect;
                let apart = o.x + o.w <= x || x + w <= o.x || o.y + o.h + LABEL_ROOM <= y || y + h <= o.y;
                assert!(apart, "{within}: clear of {}", i.id);
            }
        };
        // Both are full (the VPC fills the Region, the AZ lanes the VPC): the spot is under them.
        for (within, w, h) in [("region-seoul", ICON, ICON + LABEL_ROOM), ("vpc-main", 280.0, 160.0)] {
            let spot = free_spot(&scene, &within.into(), w, h).unwrap();
            clear(within, spot, w, h);
        }
        // Room inside: the spot is inside the container, in the first free row.
        let spot = free_spot(&scene, &"subnet-public-a".into(), ICON, ICON + LABEL_ROOM).unwrap();
        let r = scene.rect_of(&"subnet-public-a".into()).unwrap();
        assert!(r.contains(spot.0 + ICON / 2.0, spot.1 + ICON / 2.0), "{spot:?} in {r:?}");
        clear("subnet-public-a", spot, ICON, ICON + LABEL_ROOM);
        assert_eq!(free_spot(&scene, &"nope".into(), ICON, ICON), None);
    }

    /// Regression (#17's build-from-blank run): an icon added at the top of a subnet had its
    /// live numbers ("0/s", drawn 13 above it in 10.5 px type) written over the subnet's
    /// CIDR line (baseline 36 under the subnet's top).
    #[test]
    fn live_numbers_over_an_added_icon_clear_its_containers_detail_line() {
        let s = two_tier();
        let scene = Scene::build(&s);
        let mut first_row = 0;
        for c in scene.containers.iter().filter(|c| !c.detail.is_empty()) {
            let spot = free_spot(&scene, &c.id, ICON, ICON + LABEL_ROOM).unwrap();
            let label_top = spot.1 - 13.0 - 10.5;
            assert!(label_top >= c.rect.y + 36.0 + 2.0, "{}: label top {label_top} under {:?}", c.id, c.rect);
            first_row += usize::from(spot.1 < c.rect.y + 80.0);
        }
        assert!(first_row > 0, "some container's spot is its first row");
    }

    #[test]
    fn containers_grow_to_hold_what_moves_out_and_min_size_keeps_contents() {
        let mut s = two_tier();
        let scene = Scene::build(&s);
        let subnet = scene.rect_of(&"subnet-private-a".into()).unwrap();
        // Move i-web-a 200 units right of its subnet's edge.
        let p = s.layout[&NodeId::from("i-web-a")];
        s.layout.insert("i-web-a".into(), Placement { x: subnet.x + subnet.w + 200.0, ..p });
        assert!(grow_to_fit(&mut s, &["i-web-a".into()]));
        let grown = Scene::build(&s);
        let icon = grown.rect_of(&"i-web-a".into()).unwrap();
        let sub = grown.rect_of(&"subnet-private-a".into()).unwrap();
        assert!(sub.contains(icon.x, icon.y) && sub.contains(icon.x + icon.w, icon.y + icon.h + ICON_LABEL));
        assert_eq!((sub.x, sub.y), (subnet.x, subnet.y), "grows to the right only");
        let vpc = grown.rect_of(&"vpc-main".into()).unwrap();
        assert!(vpc.contains(sub.x + sub.w, sub.y + sub.h), "and its VPC grows around it");
        assert!(!grow_to_fit(&mut s, &["i-web-a".into()]), "already fits");
        let (w, h) = min_size(&s, &grown, &"subnet-private-a".into());
        assert!(sub.x + w >= icon.x + icon.w && sub.y + h >= icon.y + icon.h + ICON_LABEL);
    }

    #[test]
    fn an_instance_dropped_in_another_subnet_of_its_vpc_moves_there() {
        let mut s = two_tier();
        let scene = Scene::build(&s);
        let target = scene.rect_of(&"subnet-public-a".into()).unwrap();
        s.layout.insert("i-web-a".into(), Placement { x: target.x + 60.0, y: target.y + 80.0, w: None, h: None });
        let scene = Scene::build(&s);
        assert_eq!(reparent(&mut s, &scene, &["i-web-a".into()]), vec![NodeId::from("i-web-a")]);
        let Some(Spec::Instance { subnet, private_ip, .. }) = s.node(&"i-web-a".into()).map(|n| &n.spec) else {
            panic!()
        };
        assert_eq!((subnet.as_str(), *private_ip), ("subnet-public-a", None));
        // Moving with its subnet is not a change of subnet.
        let scene = Scene::build(&s);
        assert!(reparent(&mut s, &scene, &["i-web-a".into(), "subnet-public-a".into()]).is_empty());
    }
}
