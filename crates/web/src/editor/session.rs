//! The session scope over its document: the camera, the selection, the gesture and the guides, and canvas interaction as a small state machine (idle, pressing, dragging the selection, panning, marquee), independent of the DOM so it is tested natively.

use crate::editor::document::Document;
use crate::editor::layout;
use crate::i18n::Words;
use crate::render::paint::{Decor, Overlay};
use crate::render::scene::Guide;
use crate::render::scene::{Camera, ContainerKind, DragPlan, Rect, Scene, ICON};
use engine::connect::LinkKind;
use engine::model::{NodeId, Placement, Scenario};

/// How far (CSS px) the pointer must travel before a press becomes a drag.
pub const DRAG_THRESHOLD: f64 = 3.0;
/// Grid that dragged positions snap to, in diagram units.
pub const GRID: f64 = 10.0;
/// How close (CSS px) a press must be to a handle to grab it.
pub const HANDLE_GRAB: f64 = 10.0;
/// How far (CSS px) a link handle sits to the right of its element.
pub const HANDLE_OFFSET: f64 = 14.0;
/// How close (CSS px) an edge or centre must come to another's to line up with it.
pub const ALIGN_TOLERANCE: f64 = 6.0;

/// Modifier state of a pointer press.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Press {
    /// Shift: add to or remove from the selection; on empty space, draw a marquee.
    pub shift: bool,
    /// Pan whatever is under the pointer (space held, or the middle button).
    pub pan: bool,
    /// Alt: do not snap to the grid while dragging.
    pub no_snap: bool,
}

/// What the pointer is doing.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Gesture {
    /// Nothing pressed.
    #[default]
    Idle,
    /// Pressed on an element, not yet moved past the threshold.
    Pressing {
        /// The element under the pointer.
        hit: NodeId,
        /// Where the press started (CSS px).
        start: (f64, f64),
        /// Whether shift toggled the element (then a click does not reselect).
        toggled: bool,
        /// Snap to the grid when this becomes a drag.
        snap: bool,
    },
    /// Moving the selection (containers with their contents).
    Dragging {
        /// The element the pointer grabbed; it is the one that snaps to the grid.
        hit: NodeId,
        /// Where the press started (CSS px).
        start: (f64, f64),
        /// Every moving element and its placement when pressed.
        origins: Vec<(NodeId, Placement)>,
        /// Snap to the grid.
        snap: bool,
        /// The scene when the drag started: each move shifts the moving boxes from there.
        base: Box<Scene>,
        /// What moves in the scene, worked out once for the gesture.
        plan: DragPlan,
    },
    /// Moving the camera.
    Panning {
        /// Where the press started (CSS px).
        start: (f64, f64),
        /// The camera when pressed.
        origin: Camera,
        /// Whether it moved past the threshold (otherwise it is a click).
        moved: bool,
    },
    /// Drawing a link from an element's handle.
    Linking {
        /// Where it starts.
        from: NodeId,
        /// Where the pointer is (diagram units).
        at: (f64, f64),
    },
    /// Resizing a container by its bottom-right handle.
    Resizing {
        /// The container.
        id: NodeId,
        /// Where the press started (CSS px).
        start: (f64, f64),
        /// Its box when pressed.
        origin: Rect,
        /// The smallest it may become (it keeps holding its contents).
        min: (f64, f64),
        /// Public subnets, computed once for the gesture.
        public: std::collections::BTreeSet<NodeId>,
    },
    /// Two fingers on the canvas: pinch to zoom, move together to pan.
    Pinching {
        /// Midpoint of the fingers when the pinch started (CSS px).
        mid: (f64, f64),
        /// Distance between them then.
        distance: f64,
        /// The camera then.
        origin: Camera,
    },
    /// Selecting everything inside a rectangle (diagram units).
    Marquee {
        /// Corner where it started.
        from: (f64, f64),
        /// Opposite corner.
        to: (f64, f64),
    },
}

/// What a finished gesture did, for the event log.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Nothing worth recording.
    None,
    /// The selection changed; the primary selected element, if any.
    Selected(Option<NodeId>),
    /// Elements were moved (as one undo step); the one that was grabbed, and how many moved.
    Moved {
        /// The grabbed element.
        id: NodeId,
        /// Where it ended.
        to: Placement,
        /// How many elements moved with it (contents of containers included).
        count: usize,
        /// Elements that moved into another subnet.
        reparented: Vec<NodeId>,
    },
    /// A link was drawn: the engine's verdict on what it means.
    Linked(Result<(NodeId, NodeId, LinkKind), Words>),
    /// A container was resized (one undo step).
    Resized {
        /// The container.
        id: NodeId,
        /// Its new size.
        size: (f64, f64),
    },
}

/// The editor: the session scope (camera, selection, gesture, overlay, guides) over the
/// document scope (`doc`, what undo, autosave and share take) and its drawable scene.
pub struct Editor {
    /// The document scope: the design, its history, read-only and a lesson's locks.
    pub doc: Document,
    /// Drawable scene, rebuilt when the scenario changes.
    pub scene: Scene,
    /// Pan and zoom.
    pub camera: Camera,
    /// The primary selected element: the one the inspector shows.
    pub selected: Option<NodeId>,
    /// Every selected element (the primary included, last).
    pub selection: Vec<NodeId>,
    /// Current pointer gesture.
    pub gesture: Gesture,
    /// Badges, the reachability path and the marquee, drawn over the scene.
    pub overlay: Overlay,
    /// Alignment guides of the drag in progress.
    guides: Vec<Guide>,
}

impl Editor {
    /// An editor showing `scenario`.
    pub fn new(scenario: Scenario) -> Editor {
        let scene = Scene::build(&scenario);
        Editor {
            doc: Document::new(scenario),
            scene,
            camera: Camera::default(),
            selected: None,
            selection: Vec::new(),
            gesture: Gesture::Idle,
            overlay: Overlay::default(),
            guides: Vec::new(),
        }
    }

    /// Replace the document (a load is not undoable: the history starts afresh).
    pub fn load(&mut self, scenario: Scenario) {
        self.doc.load(scenario);
        self.select_only(None);
        self.gesture = Gesture::Idle;
        self.refresh();
    }

    /// Replace the document with a newer version of the same design (saved by another
    /// tab): the view stays where it is, and the selection where its elements still exist.
    /// Not undoable: the history is of the version this tab no longer shows.
    pub fn replace_document(&mut self, scenario: Scenario) {
        let keep: Vec<NodeId> = self.selection.iter().filter(|id| scenario.node(id).is_some()).cloned().collect();
        self.doc.replace(scenario);
        self.gesture = Gesture::Idle;
        self.select_many(keep);
        self.refresh();
    }

    /// Select one element, or nothing.
    pub fn select_only(&mut self, id: Option<NodeId>) {
        self.selection = id.iter().cloned().collect();
        self.selected = id;
    }

    /// Select several elements; the last is the primary one.
    pub fn select_many(&mut self, ids: Vec<NodeId>) {
        self.selected = ids.last().cloned();
        self.selection = ids;
    }

    /// Add an element to the selection, or remove it if it is there.
    pub fn toggle(&mut self, id: NodeId) {
        if let Some(i) = self.selection.iter().position(|s| *s == id) {
            self.selection.remove(i);
        } else {
            self.selection.push(id);
        }
        self.selected = self.selection.last().cloned();
    }

    /// Select the next (or previous) drawn element after the primary selection, in drawing
    /// order (containers outermost first, then icons; AZ lanes are derived and skipped), so
    /// the keyboard reaches every element of the canvas. Returns the newly selected one.
    pub fn cycle(&mut self, forward: bool) -> Option<NodeId> {
        let order: Vec<&NodeId> = self
            .scene
            .containers
            .iter()
            .filter(|c| c.kind != ContainerKind::AvailabilityZone)
            .map(|c| &c.id)
            .chain(self.scene.icons.iter().map(|i| &i.id))
            // Lines that are nodes (peering, VPN, Direct Connect) too: the keyboard reaches
            // everything a pointer can select.
            .chain(self.scene.links.iter().filter_map(|l| l.via.as_ref()))
            .collect();
        if order.is_empty() {
            return None;
        }
        let n = order.len();
        let next = match self.selected.as_ref().and_then(|s| order.iter().position(|id| *id == s)) {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None if forward => 0,
            None => n - 1,
        };
        let id = order[next].clone();
        self.select_only(Some(id.clone()));
        Some(id)
    }

    /// Pan (never zoom) the least needed for element `id` to be in a view of `width` x
    /// `height` CSS px, with a margin: the keyboard's choices (a walked-to element, a newly
    /// added one) are never off screen. Returns whether the view moved.
    pub fn reveal(&mut self, id: &NodeId, width: f64, height: f64) -> bool {
        const MARGIN: f64 = 40.0;
        let Some(r) = self.scene.rect_of(id) else { return false };
        let (x0, y0) = self.camera.to_screen(r.x, r.y);
        let (x1, y1) = self.camera.to_screen(r.x + r.w, r.y + r.h);
        // An element wider than the view shows its top-left corner.
        let shift = |lo: f64, hi: f64, size: f64| {
            if lo < MARGIN || hi - lo > size - 2.0 * MARGIN {
                MARGIN - lo
            } else if hi > size - MARGIN {
                size - MARGIN - hi
            } else {
                0.0
            }
        };
        let (dx, dy) = (shift(x0, x1, width), shift(y0, y1, height));
        self.camera.pan_x += dx;
        self.camera.pan_y += dy;
        dx != 0.0 || dy != 0.0
    }

    /// Fit the whole diagram into a view of `width` x `height` CSS px.
    pub fn fit(&mut self, width: f64, height: f64) {
        if let Some(b) = self.scene.bounds() {
            self.camera = Camera::fit(b, width, height, 24.0);
        }
    }

    /// Show the diagram at a readable zoom (`Camera::readable`): how a design opens.
    pub fn fit_readable(&mut self, width: f64, height: f64) {
        if let Some(b) = self.scene.bounds() {
            self.camera = Camera::readable(b, width, height, 24.0);
        }
    }

    /// Apply an edit to the document as one undoable step. Returns whether it changed anything.
    pub fn edit(&mut self, f: impl FnOnce(&mut Scenario)) -> bool {
        let mut f = Some(f);
        self.edit_with(&mut |s| {
            if let Some(f) = f.take() {
                f(s)
            }
        })
    }

    /// `edit`'s body, not generic: one copy in the wasm for the dozens of edits that call it.
    fn edit_with(&mut self, f: &mut dyn FnMut(&mut Scenario)) -> bool {
        let Some(changed) = self.doc.edit_with(f) else { return false };
        self.refresh();
        changed
    }

    /// The locked element a refused edit or gesture would have changed, once.
    pub fn take_lock_refusal(&mut self) -> Option<NodeId> {
        self.doc.take_lock_refusal()
    }

    /// Undo the last step; returns whether there was one.
    pub fn undo(&mut self) -> bool {
        let Some(done) = self.doc.undo() else { return false };
        self.refresh();
        done
    }

    /// Redo the last undone step; returns whether there was one.
    pub fn redo(&mut self) -> bool {
        let Some(done) = self.doc.redo() else { return false };
        self.refresh();
        done
    }

    /// The selection with everything inside selected containers, in document order.
    pub fn selection_with_contents(&self) -> Vec<NodeId> {
        let mut out: Vec<NodeId> = Vec::new();
        for id in &self.selection {
            for inner in engine::view::with_contents(&self.doc.scenario, id) {
                if !out.contains(&inner) {
                    out.push(inner);
                }
            }
        }
        engine::sort::sort_by_key(&mut out, |id| self.doc.scenario.nodes.iter().position(|n| &n.id == id));
        out
    }

    /// Delete the selection and everything inside it (a subnet with its instances, ...).
    /// References to deleted nodes elsewhere stay, as in AWS: a route to a deleted NAT
    /// gateway becomes a blackhole route, which validation reports.
    pub fn delete_selected(&mut self) -> Vec<NodeId> {
        let doomed = self.selection_with_contents();
        if self.doc.readonly || doomed.is_empty() {
            return Vec::new();
        }
        let deleted = self.edit(|s| {
            s.nodes.retain(|n| !doomed.contains(&n.id));
            s.layout.retain(|k, _| !doomed.contains(k));
            // Selected users are client populations, not nodes.
            crate::render::users::remove(s, &doomed);
        });
        if !deleted {
            return Vec::new();
        }
        self.select_only(None);
        doomed
    }

    /// Move the selection (and what is inside it) by (dx, dy) diagram units, as one step.
    pub fn nudge(&mut self, dx: f64, dy: f64) -> bool {
        let movers = self.origins(&self.selection_with_contents());
        self.edit(|s| {
            for (id, p) in movers {
                s.layout.insert(id, Placement { x: p.x + dx, y: p.y + dy, ..p });
            }
        })
    }

    /// Rebuild the scene after the document changed; drop selected elements that no longer exist.
    pub fn refresh(&mut self) {
        self.scene = Scene::build(&self.doc.scenario);
        let scenario = &self.doc.scenario;
        self.selection.retain(|id| scenario.node(id).is_some() || crate::render::users::exists(scenario, id));
        self.selected = self.selection.last().cloned();
    }

    /// The placement of each element now: its layout entry, or where the scene drew it.
    fn origins(&self, ids: &[NodeId]) -> Vec<(NodeId, Placement)> {
        ids.iter()
            // Users are placed automatically beside the Internet (users.rs): they do not move.
            .filter(|id| crate::render::users::index(id).is_none())
            .filter_map(|id| {
                if let Some(p) = self.doc.scenario.layout.get(id) {
                    return Some((id.clone(), *p));
                }
                let r = self.scene.rect_of(id)?;
                let is_icon = self.scene.icons.iter().any(|i| &i.id == id);
                Some((
                    id.clone(),
                    if is_icon {
                        let (x, y) = r.centre();
                        Placement { x, y, w: None, h: None }
                    } else {
                        Placement { x: r.x, y: r.y, w: Some(r.w), h: Some(r.h) }
                    },
                ))
            })
            .collect()
    }

    /// The element under a diagram point: an icon, else a node drawn as a line (within 6 px
    /// on screen, a finger's or a mouse's slack), else the innermost container.
    fn hit(&self, wx: f64, wy: f64) -> Option<NodeId> {
        let slack = 6.0 / self.camera.zoom.max(0.01);
        self.scene
            .icon_at(wx, wy)
            .map(|i| i.id.clone())
            .or_else(|| self.scene.link_node_at(wx, wy, slack).cloned())
            .or_else(|| self.scene.container_at(wx, wy).map(|c| c.id.clone()))
    }

    /// The pointer went down at (sx, sy) CSS px. Returns whether a redraw is needed.
    pub fn pointer_down(&mut self, sx: f64, sy: f64, press: Press) -> bool {
        let (wx, wy) = self.camera.to_world(sx, sy);
        if press.pan {
            self.gesture = Gesture::Panning { start: (sx, sy), origin: self.camera, moved: false };
            return false;
        }
        if self.doc.readonly {
            // Select (Shift adds or removes), nothing more: no handles, no drag.
            return match self.hit(wx, wy) {
                Some(id) if press.shift => {
                    self.toggle(id);
                    true
                }
                Some(id) => {
                    self.select_only(Some(id));
                    true
                }
                None => {
                    self.gesture = Gesture::Panning { start: (sx, sy), origin: self.camera, moved: false };
                    false
                }
            };
        }
        if let Some((handle, id)) = self.handle_at(sx, sy) {
            self.doc.begin_gesture();
            self.gesture = match handle {
                HandleKind::Link => Gesture::Linking { from: id, at: (wx, wy) },
                HandleKind::Resize => {
                    let origin = self.scene.rect_of(&id).unwrap_or_default();
                    let min = layout::min_size(&self.doc.scenario, &self.scene, &id);
                    let public = engine::net::public_subnets(&self.doc.scenario);
                    Gesture::Resizing { id, start: (sx, sy), origin, min, public }
                }
            };
            return true;
        }
        match self.hit(wx, wy) {
            Some(id) => {
                let toggled = press.shift;
                if press.shift {
                    self.toggle(id.clone());
                } else if !self.selection.contains(&id) {
                    self.select_only(Some(id.clone()));
                }
                self.doc.begin_gesture();
                self.gesture = Gesture::Pressing { hit: id, start: (sx, sy), toggled, snap: !press.no_snap };
                true
            }
            None if press.shift => {
                self.gesture = Gesture::Marquee { from: (wx, wy), to: (wx, wy) };
                true
            }
            None => {
                self.gesture = Gesture::Panning { start: (sx, sy), origin: self.camera, moved: false };
                false
            }
        }
    }

    /// The pointer moved to (sx, sy) CSS px. Returns whether a redraw is needed.
    pub fn pointer_move(&mut self, sx: f64, sy: f64) -> bool {
        match std::mem::take(&mut self.gesture) {
            Gesture::Idle => false,
            Gesture::Pressing { hit, start, toggled, snap } => {
                if (sx - start.0).hypot(sy - start.1) < DRAG_THRESHOLD {
                    self.gesture = Gesture::Pressing { hit, start, toggled, snap };
                    return false;
                }
                if !self.selection.contains(&hit) {
                    // Shift-press removed it from the selection: nothing to drag.
                    self.gesture = Gesture::Idle;
                    return false;
                }
                let mut movers = self.selection_with_contents();
                // Users are placed beside the Internet and a line (peering, VPN) follows its
                // ends: neither moves on its own.
                movers.retain(|id| crate::render::users::index(id).is_none() && self.scene.rect_of(id).is_some());
                if movers.is_empty() {
                    // Nothing that moves is selected: letting go is a click.
                    self.gesture = Gesture::Pressing { hit, start, toggled, snap };
                    return false;
                }
                let origins = self.origins(&movers);
                let mut plan = self.scene.drag_plan(&self.doc.scenario, &movers);
                // A frame's share of re-routing the links a dragged box passes by (the drop
                // rebuilds everything): dragging a subnet across the 500-node design re-routed
                // 80-90 links a move, 1.1-1.3 ms natively.
                plan.limit_reroutes(16);
                let base = Box::new(self.scene.clone());
                self.gesture = Gesture::Dragging { hit, start, origins, snap, base, plan };
                self.pointer_move(sx, sy)
            }
            Gesture::Dragging { hit, start, origins, snap, base, mut plan } => {
                let (mut dx, mut dy) = ((sx - start.0) / self.camera.zoom, (sy - start.1) / self.camera.zoom);
                self.guides.clear();
                if let (true, Some((_, p))) = (snap, origins.iter().find(|(id, _)| *id == hit)) {
                    // Snap the grabbed element to the grid; everything else keeps its offset.
                    dx = ((p.x + dx) / GRID).round() * GRID - p.x;
                    dy = ((p.y + dy) / GRID).round() * GRID - p.y;
                    // Lining up with a neighbour beats the grid, as in draw.io and Figma.
                    let icon = p.w.is_none();
                    let r = if icon {
                        Rect { x: p.x + dx - ICON / 2.0, y: p.y + dy - ICON / 2.0, w: ICON, h: ICON }
                    } else {
                        Rect { x: p.x + dx, y: p.y + dy, w: p.w.unwrap_or(0.0), h: p.h.unwrap_or(0.0) }
                    };
                    let moving: Vec<NodeId> = origins.iter().map(|(id, _)| id.clone()).collect();
                    let tolerance = ALIGN_TOLERANCE / self.camera.zoom;
                    let [vx, hy] = layout::align(&self.scene, r, icon, &moving, tolerance);
                    if let Some((d, g)) = vx {
                        dx += d;
                        self.guides.push(g);
                    }
                    if let Some((d, g)) = hy {
                        dy += d;
                        self.guides.push(g);
                    }
                }
                for (id, p) in &origins {
                    self.doc.scenario.layout.insert(id.clone(), Placement { x: p.x + dx, y: p.y + dy, ..*p });
                }
                self.scene.apply_drag(&base, &mut plan, dx, dy);
                self.gesture = Gesture::Dragging { hit, start, origins, snap, base, plan };
                true
            }
            Gesture::Panning { start, origin, moved } => {
                let moved = moved || (sx - start.0).hypot(sy - start.1) >= DRAG_THRESHOLD;
                if moved {
                    self.camera =
                        Camera { pan_x: origin.pan_x + sx - start.0, pan_y: origin.pan_y + sy - start.1, ..origin };
                }
                self.gesture = Gesture::Panning { start, origin, moved };
                moved
            }
            Gesture::Linking { from, .. } => {
                self.gesture = Gesture::Linking { from, at: self.camera.to_world(sx, sy) };
                true
            }
            // Two-finger moves come through `pinch_move`.
            pinch @ Gesture::Pinching { .. } => {
                self.gesture = pinch;
                false
            }
            Gesture::Resizing { id, start, origin, min, public } => {
                let grid = |v: f64| (v / GRID).round() * GRID;
                let w = grid(origin.w + (sx - start.0) / self.camera.zoom).max(min.0);
                let h = grid(origin.h + (sy - start.1) / self.camera.zoom).max(min.1);
                self.doc
                    .scenario
                    .layout
                    .insert(id.clone(), Placement { x: origin.x, y: origin.y, w: Some(w), h: Some(h) });
                self.scene = Scene::build_with(&self.doc.scenario, &public);
                self.gesture = Gesture::Resizing { id, start, origin, min, public };
                true
            }
            Gesture::Marquee { from, .. } => {
                self.gesture = Gesture::Marquee { from, to: self.camera.to_world(sx, sy) };
                self.overlay.marquee = Some(marquee_rect(from, self.camera.to_world(sx, sy)));
                true
            }
        }
    }

    /// The pointer was released at (sx, sy) CSS px.
    pub fn pointer_up(&mut self, sx: f64, sy: f64) -> Outcome {
        match std::mem::take(&mut self.gesture) {
            Gesture::Idle => Outcome::None,
            Gesture::Pressing { hit, toggled, .. } => {
                self.doc.forget_gesture();
                if !toggled {
                    // A click on one member of a multi-selection selects just it.
                    self.select_only(Some(hit));
                }
                Outcome::Selected(self.selected.clone())
            }
            Gesture::Dragging { hit, origins, .. } => {
                self.guides.clear();
                // Dropped in another subnet: it moves there; out of its container: the
                // container grows to hold it. All of it with the move, as one undo step.
                let moved: Vec<NodeId> = origins.iter().map(|(id, _)| id.clone()).collect();
                let reparented = layout::reparent(&mut self.doc.scenario, &self.scene, &moved);
                let tops: Vec<NodeId> = moved
                    .iter()
                    .filter(|id| engine::view::parent_of(&self.doc.scenario, id).is_none_or(|p| !moved.contains(p)))
                    .cloned()
                    .collect();
                layout::grow_to_fit(&mut self.doc.scenario, &tops);
                self.commit_gesture();
                if self.doc.refused() {
                    return Outcome::None;
                }
                let to = self.doc.scenario.layout.get(&hit).copied().unwrap_or_default();
                Outcome::Moved { id: hit, to, count: origins.len(), reparented }
            }
            Gesture::Pinching { .. } => Outcome::None,
            Gesture::Linking { from, .. } => {
                self.doc.forget_gesture();
                let (wx, wy) = self.camera.to_world(sx, sy);
                self.finish_link(from, wx, wy)
            }
            Gesture::Resizing { id, .. } => {
                layout::grow_to_fit(&mut self.doc.scenario, std::slice::from_ref(&id));
                self.commit_gesture();
                let r = self.scene.rect_of(&id).unwrap_or_default();
                Outcome::Resized { id, size: (r.w, r.h) }
            }
            Gesture::Panning { moved: true, .. } => Outcome::None,
            Gesture::Panning { moved: false, .. } => {
                self.select_only(None);
                Outcome::Selected(None)
            }
            Gesture::Marquee { from, .. } => {
                let r = marquee_rect(from, self.camera.to_world(sx, sy));
                self.overlay.marquee = None;
                let inside = |b: &Rect| b.x >= r.x && b.y >= r.y && b.x + b.w <= r.x + r.w && b.y + b.h <= r.y + r.h;
                let mut picked: Vec<NodeId> = self
                    .scene
                    .containers
                    .iter()
                    .filter(|c| c.kind != crate::render::scene::ContainerKind::AvailabilityZone && inside(&c.rect))
                    .map(|c| c.id.clone())
                    .chain(self.scene.icons.iter().filter(|i| inside(&i.rect)).map(|i| i.id.clone()))
                    .collect();
                picked.retain(|id| !self.selection.contains(id));
                let mut all = self.selection.clone();
                all.extend(picked);
                self.select_many(all);
                Outcome::Selected(self.selected.clone())
            }
        }
    }

    /// Abandon the gesture in progress: a half-done drag or resize puts everything back.
    pub fn cancel_gesture(&mut self) {
        if self.doc.cancel_gesture() {
            self.refresh();
        }
        self.guides.clear();
        self.overlay.marquee = None;
        self.gesture = Gesture::Idle;
    }

    /// A second finger touched: whatever one finger was doing is abandoned, and the two
    /// fingers now pinch and pan the view (as in every map and drawing app).
    pub fn pinch_start(&mut self, a: (f64, f64), b: (f64, f64)) {
        self.cancel_gesture();
        let distance = (a.0 - b.0).hypot(a.1 - b.1).max(1.0);
        self.gesture = Gesture::Pinching { mid: midpoint(a, b), distance, origin: self.camera };
    }

    /// The fingers moved: zoom by how much their distance changed, about their midpoint,
    /// and pan by how far the midpoint moved. Returns whether the view changed.
    pub fn pinch_move(&mut self, a: (f64, f64), b: (f64, f64)) -> bool {
        let Gesture::Pinching { mid, distance, origin } = self.gesture else { return false };
        let now = midpoint(a, b);
        let scale = (a.0 - b.0).hypot(a.1 - b.1).max(1.0) / distance;
        let (wx, wy) = origin.to_world(mid.0, mid.1);
        let zoom = (origin.zoom * scale).clamp(Camera::MIN_ZOOM, Camera::MAX_ZOOM);
        // The diagram point that was under the fingers' midpoint stays under it.
        self.camera = Camera { zoom, pan_x: now.0 - wx * zoom, pan_y: now.1 - wy * zoom };
        true
    }

    /// Pan the view by a two-finger trackpad scroll (CSS px).
    pub fn scroll(&mut self, dx: f64, dy: f64) {
        self.camera.pan_x -= dx;
        self.camera.pan_y -= dy;
    }

    /// Record the document's change since the gesture started as one undo step.
    fn commit_gesture(&mut self) {
        self.doc.commit_gesture();
        self.refresh();
    }

    /// End a link on whatever is under (wx, wy): the icon there, else the containers from
    /// the innermost out (a gateway dropped on a subnet means its VPC). The first element
    /// the engine accepts wins; if none does, the innermost one's refusal is the answer.
    fn finish_link(&mut self, from: NodeId, wx: f64, wy: f64) -> Outcome {
        let mut candidates: Vec<NodeId> = self.scene.icon_at(wx, wy).map(|i| i.id.clone()).into_iter().collect();
        candidates.extend(
            self.scene
                .containers
                .iter()
                .rev()
                .filter(|c| c.kind != ContainerKind::AvailabilityZone && c.rect.contains(wx, wy))
                .map(|c| c.id.clone()),
        );
        candidates.retain(|c| *c != from);
        // A link from or to users sets what they call (users.rs), not an engine setting.
        let users_end = crate::render::users::index(&from).is_some()
            || candidates.first().is_some_and(|c| crate::render::users::index(c).is_some());
        if users_end {
            let mut refusal = None;
            for to in candidates.iter().take(if crate::render::users::index(&from).is_some() { usize::MAX } else { 1 })
            {
                let mut s = self.doc.scenario.clone();
                match crate::render::users::link(&mut s, &from, to) {
                    Some(Ok(())) => {
                        if !self.edit(|doc| *doc = s) && self.doc.refused() {
                            return Outcome::None;
                        }
                        return Outcome::Linked(Ok((from, to.clone(), LinkKind::Traffic)));
                    }
                    Some(Err(why)) => {
                        refusal.get_or_insert(why);
                    }
                    None => {}
                }
            }
            return refusal.map_or(Outcome::None, |why| Outcome::Linked(Err(why.into())));
        }
        let mut refusal = None;
        for to in candidates {
            let mut s = self.doc.scenario.clone();
            match engine::connect::connect(&mut s, &from, &to) {
                Ok(kind) => {
                    if !self.edit(|doc| *doc = s) && self.doc.refused() {
                        return Outcome::None;
                    }
                    return Outcome::Linked(Ok((from, to, kind)));
                }
                Err(why) => {
                    refusal.get_or_insert(why);
                }
            }
        }
        refusal.map_or(Outcome::None, |why| Outcome::Linked(Err(why.into())))
    }

    /// The handle under a CSS-pixel point: the link handle of the one selected element, or
    /// the resize handle of the one selected container.
    fn handle_at(&self, sx: f64, sy: f64) -> Option<(HandleKind, NodeId)> {
        let (link, resize) = self.handles();
        let near = |p: (f64, f64)| (p.0 - sx).hypot(p.1 - sy) <= HANDLE_GRAB;
        if let Some((id, _)) = resize.filter(|(_, p)| near(*p)) {
            return Some((HandleKind::Resize, id));
        }
        link.filter(|(_, p)| near(*p)).map(|(id, _)| (HandleKind::Link, id))
    }

    /// Where the handles of the current selection are, in CSS px: a link handle right of a
    /// single selected icon or VPC, a resize handle at a single selected container's corner.
    fn handles(&self) -> (Option<HandleAt>, Option<HandleAt>) {
        let [id] = self.selection.as_slice() else { return (None, None) };
        let Some(r) = self.scene.rect_of(id) else { return (None, None) };
        let icon = self.scene.icons.iter().any(|i| &i.id == id);
        let container = self.scene.containers.iter().find(|c| &c.id == id).map(|c| c.kind);
        let (ex, ey) = self.camera.to_screen(r.x + r.w, r.y + r.h / 2.0);
        let link = (icon || container == Some(ContainerKind::Vpc)).then(|| (id.clone(), (ex + HANDLE_OFFSET, ey)));
        let resize = container
            .filter(|k| *k != ContainerKind::AvailabilityZone)
            .map(|_| (id.clone(), self.camera.to_screen(r.x + r.w, r.y + r.h)));
        (link, resize)
    }

    /// What the editor draws over the scene: handles, the link being drawn, guides.
    pub fn decor(&self) -> Decor {
        let (link, resize) = self.handles();
        let world = |p: (f64, f64)| self.camera.to_world(p.0, p.1);
        let mut decor = Decor {
            link_handle: link.map(|(_, p)| world(p)),
            resize_handle: resize.map(|(_, p)| world(p)),
            guides: self.guides.clone(),
            ..Decor::default()
        };
        if let Gesture::Linking { from, at } = &self.gesture {
            decor.link_handle = None;
            if let Some(r) = self.scene.rect_of(from) {
                decor.link_preview = Some(((r.x + r.w, r.y + r.h / 2.0), *at));
            }
            decor.link_target = self
                .scene
                .icon_at(at.0, at.1)
                .map(|i| i.rect)
                .or_else(|| self.scene.container_at(at.0, at.1).map(|c| c.rect))
                .filter(|r| Some(*r) != self.scene.rect_of(from));
        }
        decor
    }

    /// Zoom about a CSS-pixel point by a wheel delta (pixels; positive zooms out).
    pub fn wheel(&mut self, sx: f64, sy: f64, delta_y: f64) {
        self.camera.zoom_at(sx, sy, (-delta_y * 0.0015).exp());
    }
}

/// A handle's element and its centre in CSS px.
type HandleAt = (NodeId, (f64, f64));

/// Which handle a press grabbed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HandleKind {
    Link,
    Resize,
}

fn midpoint(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)
}

fn marquee_rect(a: (f64, f64), b: (f64, f64)) -> Rect {
    Rect { x: a.0.min(b.0), y: a.1.min(b.1), w: (a.0 - b.0).abs(), h: (a.1 - b.1).abs() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor() -> Editor {
        let s = Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap();
        let mut e = Editor::new(s);
        e.camera = Camera { pan_x: 10.0, pan_y: 20.0, zoom: 0.5 };
        e
    }

    fn screen_of(e: &Editor, id: &str) -> (f64, f64) {
        let (x, y) = e.scene.rect_of(&id.into()).unwrap().centre();
        e.camera.to_screen(x, y)
    }

    #[test]
    fn a_lessons_locked_element_cannot_be_changed_deleted_or_moved_into_another_subnet() {
        let mut e = editor();
        let web: NodeId = "i-web-a".into();
        e.doc.locked = vec![web.clone()];
        let before = e.doc.scenario.clone();
        // An edit that renames it is undone and said once.
        assert!(!e.edit(|s| s.nodes.iter_mut().find(|n| n.id == web).unwrap().name = "x".into()));
        assert_eq!(e.doc.scenario, before);
        assert_eq!(e.take_lock_refusal(), Some(web.clone()));
        assert_eq!(e.take_lock_refusal(), None, "said once");
        // Deleting it (alone, or with its subnet) deletes nothing.
        e.select_only(Some(web.clone()));
        assert!(e.delete_selected().is_empty());
        e.select_only(Some("subnet-private-a".into()));
        assert!(e.delete_selected().is_empty(), "its subnet holds it");
        assert_eq!(e.doc.scenario, before);
        assert!(e.take_lock_refusal().is_some());
        // Dragged into the other private subnet: it stays in its own.
        let (sx, sy) = screen_of(&e, "i-web-a");
        let (tx, ty) = screen_of(&e, "subnet-private-c");
        e.pointer_down(sx, sy, Press::default());
        for i in 1..=10 {
            let f = f64::from(i) / 10.0;
            e.pointer_move(sx + (tx - sx) * f, sy + (ty - sy) * f);
        }
        assert!(matches!(e.pointer_up(tx, ty), Outcome::None));
        assert_eq!(e.doc.scenario.node(&web), before.node(&web), "still in subnet-private-a");
        assert_eq!(e.take_lock_refusal(), Some(web.clone()));
        // Anything else is edited as before, and another design is not locked.
        assert!(e.edit(|s| s.nodes.iter_mut().find(|n| n.id.as_str() == "i-web-c").unwrap().name = "y".into()));
        e.load(before.clone());
        assert!(e.doc.locked.is_empty());
        assert!(e.edit(|s| s.nodes.iter_mut().find(|n| n.id == web).unwrap().name = "x".into()));
    }

    #[test]
    fn a_readonly_editor_selects_but_never_changes_the_design() {
        let mut e = editor();
        e.doc.readonly = true;
        let before = e.doc.scenario.clone();
        let (sx, sy) = screen_of(&e, "i-web-a");
        assert!(e.pointer_down(sx, sy, Press::default()), "pressing selects");
        e.pointer_move(sx + 20.0, sy + 10.0);
        e.pointer_move(sx + 50.0, sy + 30.0);
        assert!(matches!(e.pointer_up(sx + 50.0, sy + 30.0), Outcome::None));
        assert_eq!(e.selected.as_ref().map(|s| s.as_str()), Some("i-web-a"));
        assert_eq!(e.doc.scenario, before, "no drag-move");
        // Not from a link or resize handle either, nor by keyboard or edits.
        let r = e.scene.rect_of(&"i-web-a".into()).unwrap();
        let (hx, hy) = e.camera.to_screen(r.x + r.w, r.y + r.h);
        e.pointer_down(hx, hy, Press::default());
        e.pointer_move(hx + 60.0, hy + 60.0);
        e.pointer_up(hx + 60.0, hy + 60.0);
        assert!(!e.nudge(10.0, 0.0));
        assert!(e.delete_selected().is_empty());
        assert!(!e.edit(|s| s.name = "changed".into()));
        assert!(!e.undo() && !e.redo());
        assert_eq!(e.doc.scenario, before);
        // Pressing empty canvas still pans the view.
        let zoom = e.camera;
        assert!(!e.pointer_down(1.0, 1.0, Press::default()));
        e.pointer_move(41.0, 21.0);
        e.pointer_up(41.0, 21.0);
        assert_ne!(e.camera, zoom, "the view pans");
        // The same press on a writable editor starts a drag.
        e.doc.readonly = false;
        let (sx, sy) = screen_of(&e, "i-web-a");
        e.pointer_down(sx, sy, Press::default());
        e.pointer_move(sx + 50.0, sy + 30.0);
        assert!(matches!(e.pointer_up(sx + 50.0, sy + 30.0), Outcome::Moved { .. }));
    }

    #[test]
    fn dragging_a_node_moves_it_in_diagram_units() {
        let mut e = editor();
        let (sx, sy) = screen_of(&e, "i-web-a");
        assert!(e.pointer_down(sx, sy, Press::default()));
        e.pointer_move(sx + 20.0, sy + 10.0);
        e.pointer_move(sx + 50.0, sy + 30.0);
        let outcome = e.pointer_up(sx + 50.0, sy + 30.0);
        let moved = e.doc.scenario.layout[&NodeId::from("i-web-a")];
        // 50 px at zoom 0.5 is 100 diagram units.
        assert_eq!((moved.x, moved.y), (590.0, 590.0));
        assert!(matches!(outcome, Outcome::Moved { ref id, count: 1, .. } if id.as_str() == "i-web-a"));
        assert_eq!(e.selected.as_ref().map(|s| s.as_str()), Some("i-web-a"));
    }

    #[test]
    fn one_drag_is_one_undo_step() {
        let mut e = editor();
        let original = e.doc.scenario.clone();
        let (sx, sy) = screen_of(&e, "i-web-a");
        e.pointer_down(sx, sy, Press::default());
        for i in 1..=10 {
            e.pointer_move(sx + 5.0 * f64::from(i), sy);
        }
        e.pointer_up(sx + 50.0, sy);
        let moved = e.doc.scenario.clone();
        assert!(e.undo());
        assert_eq!(e.doc.scenario, original);
        assert!(!e.undo(), "only one step");
        assert!(e.redo());
        assert_eq!(e.doc.scenario, moved);
        assert_eq!(screen_of(&e, "i-web-a").0, sx + 50.0, "scene rebuilt after redo");
    }

    #[test]
    fn deleting_a_subnet_deletes_its_instances_and_undo_brings_them_back() {
        let mut e = editor();
        let original = e.doc.scenario.clone();
        e.select_only(Some("subnet-private-a".into()));
        let gone: Vec<_> = e.delete_selected().into_iter().map(|i| i.0).collect();
        assert_eq!(gone, ["subnet-private-a", "i-web-a"]);
        assert!(e.doc.scenario.node(&"i-web-a".into()).is_none());
        assert!(e.scene.rect_of(&"i-web-a".into()).is_none());
        assert_eq!(e.selected, None);
        e.undo();
        assert_eq!(e.doc.scenario, original);
    }

    #[test]
    fn a_tiny_wiggle_is_a_click_not_a_move() {
        let mut e = editor();
        let (sx, sy) = screen_of(&e, "alb");
        e.pointer_down(sx, sy, Press::default());
        e.pointer_move(sx + 1.0, sy + 1.0);
        assert_eq!(e.pointer_up(sx + 1.0, sy + 1.0), Outcome::Selected(Some("alb".into())));
        assert_eq!(e.doc.scenario.layout[&NodeId::from("alb")].x, 710.0);
    }

    #[test]
    fn dragging_empty_space_pans_and_clicking_a_container_selects_it() {
        let mut e = editor();
        e.pointer_down(5.0, 5.0, Press::default());
        e.pointer_move(45.0, 25.0);
        assert_eq!(e.pointer_up(45.0, 25.0), Outcome::None);
        assert_eq!((e.camera.pan_x, e.camera.pan_y), (50.0, 40.0));
        let (sx, sy) = e.camera.to_screen(320.0, 180.0);
        e.pointer_down(sx, sy, Press::default());
        assert_eq!(e.pointer_up(sx, sy), Outcome::Selected(Some("subnet-public-a".into())));
    }

    fn press(e: &mut Editor, id: &str, shift: bool) -> (f64, f64) {
        let r = e.scene.rect_of(&id.into()).unwrap();
        let (sx, sy) = e.camera.to_screen(r.x + 4.0, r.y + r.h - 4.0);
        e.pointer_down(sx, sy, Press { shift, ..Press::default() });
        (sx, sy)
    }

    #[test]
    fn shift_click_builds_a_selection_and_a_plain_click_narrows_it() {
        let mut e = editor();
        let (x, y) = press(&mut e, "i-web-a", false);
        e.pointer_up(x, y);
        let (x, y) = press(&mut e, "i-web-c", true);
        e.pointer_up(x, y);
        assert_eq!(e.selection, vec![NodeId::from("i-web-a"), "i-web-c".into()]);
        assert_eq!(e.selected, Some("i-web-c".into()));
        let (x, y) = press(&mut e, "i-web-a", true);
        e.pointer_up(x, y);
        assert_eq!(e.selection, vec![NodeId::from("i-web-c")], "shift-click again removes");
        let (x, y) = press(&mut e, "alb", false);
        e.pointer_up(x, y);
        assert_eq!(e.selection, vec![NodeId::from("alb")]);
    }

    #[test]
    fn dragging_a_subnet_moves_its_instances_as_one_step() {
        let mut e = editor();
        let before = e.doc.scenario.clone();
        let (x, y) = press(&mut e, "subnet-private-c", false);
        e.pointer_move(x + 20.0, y);
        let out = e.pointer_up(x + 20.0, y);
        // 20 px at zoom 0.5 = 40 units; both the subnet and i-web-c move.
        assert!(matches!(out, Outcome::Moved { count: 2, .. }), "{out:?}");
        // 790 lines up with a neighbouring box's line at 780 (within 6 px = 12 units at zoom 0.5).
        assert_eq!(e.doc.scenario.layout[&NodeId::from("subnet-private-c")].x, 780.0);
        assert_eq!(e.doc.scenario.layout[&NodeId::from("i-web-c")].x, 960.0, "contents keep their offset");
        assert_eq!(e.doc.scenario.layout[&NodeId::from("i-web-a")].x, 490.0, "others stay");
        e.undo();
        assert_eq!(e.doc.scenario, before);
    }

    #[test]
    fn the_scene_during_a_drag_equals_a_full_rebuild() {
        let mut e = editor();
        let (x, y) = press(&mut e, "subnet-public-a", false);
        e.pointer_move(x + 33.0, y + 12.0);
        assert_eq!(e.scene, Scene::build(&e.doc.scenario), "the shortcut draws exactly what a rebuild would");
        e.pointer_up(x + 33.0, y + 12.0);
    }

    /// A placement group's outline follows a member being dragged, as a rebuild draws it.
    #[test]
    fn a_placement_group_outline_follows_a_dragged_member() {
        let s = Scenario::from_json(include_str!("../../../../scenarios/cluster-placement-group.json")).unwrap();
        let mut e = Editor::new(s);
        e.camera = Camera { pan_x: 10.0, pan_y: 20.0, zoom: 0.5 };
        assert_eq!(e.scene.groups.len(), 1);
        let before = e.scene.groups[0].rect;
        let (x, y) = press(&mut e, "search-4", false);
        e.pointer_move(x + 40.0, y + 30.0);
        assert_eq!(e.scene, Scene::build(&e.doc.scenario), "the shortcut draws exactly what a rebuild would");
        assert!(e.scene.groups[0].rect.w > before.w && e.scene.groups[0].rect.h > before.h, "it grew");
        e.pointer_up(x + 40.0, y + 30.0);
    }

    #[test]
    fn drags_snap_the_grabbed_element_to_the_grid_unless_alt() {
        let mut e = editor();
        let (sx, sy) = screen_of(&e, "alb");
        e.pointer_down(sx, sy, Press::default());
        e.pointer_move(sx + 3.3, sy + 7.1);
        e.pointer_up(sx + 3.3, sy + 7.1);
        let p = e.doc.scenario.layout[&NodeId::from("alb")];
        assert_eq!((p.x, p.y), (720.0, 280.0), "716.6 and 279.2 snap to the nearest 10");
        let (sx, sy) = screen_of(&e, "alb");
        e.pointer_down(sx, sy, Press { no_snap: true, ..Press::default() });
        e.pointer_move(sx + 3.5, sy);
        e.pointer_up(sx + 3.5, sy);
        assert_eq!(e.doc.scenario.layout[&NodeId::from("alb")].x, 727.0, "3.5 px at zoom 0.5, unsnapped");
    }

    #[test]
    fn shift_drag_on_empty_space_selects_what_the_marquee_encloses() {
        let mut e = editor();
        // Around both private subnets (y 430..620) and their instances, nothing else.
        let (ax, ay) = e.camera.to_screen(300.0, 420.0);
        let (bx, by) = e.camera.to_screen(1120.0, 640.0);
        e.pointer_down(ax - 2000.0, ay, Press::default());
        e.pointer_up(ax - 2000.0, ay);
        e.gesture = Gesture::Idle;
        // Start on empty space: temporarily move the camera so the start point is empty.
        e.gesture = Gesture::Marquee { from: e.camera.to_world(ax, ay), to: e.camera.to_world(ax, ay) };
        assert!(e.pointer_move(bx, by));
        assert!(e.overlay.marquee.is_some());
        e.pointer_up(bx, by);
        let mut picked: Vec<_> = e.selection.iter().map(|i| i.as_str()).collect();
        engine::sort::sort_by(&mut picked, Ord::cmp);
        assert_eq!(picked, ["i-web-a", "i-web-c", "subnet-private-a", "subnet-private-c"]);
        assert!(e.overlay.marquee.is_none());
    }

    #[test]
    fn nudge_moves_the_selection_with_contents() {
        let mut e = editor();
        e.select_many(vec!["subnet-private-a".into(), "alb".into()]);
        assert!(e.nudge(10.0, -1.0));
        assert_eq!(e.doc.scenario.layout[&NodeId::from("i-web-a")].x, 500.0);
        assert_eq!(e.doc.scenario.layout[&NodeId::from("alb")].y, 264.0);
        e.undo();
        assert_eq!(e.doc.scenario.layout[&NodeId::from("alb")].y, 265.0);
    }

    #[test]
    fn wheel_zooms_about_the_cursor() {
        let mut e = editor();
        let before = e.camera.to_world(300.0, 200.0);
        e.wheel(300.0, 200.0, -100.0);
        assert!(e.camera.zoom > 0.5);
        let after = e.camera.to_world(300.0, 200.0);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
    }

    fn link_handle(e: &Editor) -> (f64, f64) {
        let (link, _) = e.handles();
        link.expect("a link handle").1
    }

    /// The editor with two-tier and one population of users added (as one step).
    fn with_users() -> Editor {
        let mut e = editor();
        e.edit(|s| {
            let mut p = crate::render::users::new_population(s, None);
            p.target = NodeId::from("i-web-a");
            s.traffic.push(p);
        });
        e
    }

    #[test]
    fn users_are_linked_with_the_handle_to_what_they_call() {
        let mut e = with_users();
        let users = crate::render::users::id(0);
        e.select_only(Some(users.clone()));
        let (hx, hy) = link_handle(&e);
        assert!(e.pointer_down(hx, hy, Press::default()));
        let (tx, ty) = screen_of(&e, "alb");
        e.pointer_move(tx, ty);
        let out = e.pointer_up(tx, ty);
        assert_eq!(out, Outcome::Linked(Ok((users.clone(), "alb".into(), LinkKind::Traffic))));
        assert_eq!(e.doc.scenario.traffic[0].target.as_str(), "alb");
        assert_eq!(e.selected, Some(users), "the users stay selected after the edit");
        e.undo();
        assert_eq!(e.doc.scenario.traffic[0].target.as_str(), "i-web-a", "one undo step");
    }

    #[test]
    fn users_do_not_move_and_are_deleted_with_undo() {
        let mut e = with_users();
        let before = e.doc.scenario.clone();
        let (ux, uy) = screen_of(&e, "users:0");
        e.pointer_down(ux, uy, Press::default());
        e.pointer_move(ux + 80.0, uy + 60.0);
        assert_eq!(e.pointer_up(ux + 80.0, uy + 60.0), Outcome::Selected(Some(crate::render::users::id(0))));
        assert_eq!(e.doc.scenario, before, "no layout entry for users");
        assert_eq!(e.delete_selected(), vec![crate::render::users::id(0)]);
        assert!(e.doc.scenario.traffic.is_empty() && e.selected.is_none());
        e.undo();
        assert_eq!(e.doc.scenario.traffic.len(), 1);
    }

    #[test]
    fn dragging_from_the_link_handle_registers_a_target_as_one_step() {
        let mut e = editor();
        let mut s = e.doc.scenario.clone();
        if let Some(engine::Spec::LoadBalancer { targets, .. }) =
            s.nodes.iter_mut().find(|n| n.id.as_str() == "alb").map(|n| &mut n.spec)
        {
            targets.retain(|t| t.as_str() != "i-web-c");
        }
        e.load(s);
        let before = e.doc.scenario.clone();
        e.select_only(Some("alb".into()));
        let (hx, hy) = link_handle(&e);
        assert!(e.pointer_down(hx, hy, Press::default()));
        assert!(matches!(e.gesture, Gesture::Linking { .. }));
        let (tx, ty) = screen_of(&e, "i-web-c");
        e.pointer_move(tx, ty);
        assert!(e.decor().link_preview.is_some() && e.decor().link_target.is_some());
        let out = e.pointer_up(tx, ty);
        assert_eq!(out, Outcome::Linked(Ok(("alb".into(), "i-web-c".into(), LinkKind::Traffic))));
        assert!(e.scene.links.iter().any(|l| l.from.as_str() == "alb" && l.to.as_str() == "i-web-c"));
        assert_eq!(e.selection, vec![NodeId::from("alb")], "the selection stays");
        assert!(e.undo());
        assert_eq!(e.doc.scenario, before);
        assert!(!e.undo(), "one step");
    }

    #[test]
    fn a_link_aws_refuses_says_why_and_changes_nothing() {
        let mut e = editor();
        let before = e.doc.scenario.clone();
        e.select_only(Some("internet".into()));
        let (hx, hy) = link_handle(&e);
        e.pointer_down(hx, hy, Press::default());
        let (tx, ty) = screen_of(&e, "i-web-a");
        e.pointer_move(tx, ty);
        match e.pointer_up(tx, ty) {
            Outcome::Linked(Err(why)) => assert!(why.en().contains("means nothing") && !why.ko().is_empty()),
            other => panic!("{other:?}"),
        }
        assert_eq!(e.doc.scenario, before);
        assert!(!e.undo(), "nothing recorded");
        // Released on empty space: cancelled quietly.
        e.pointer_down(hx, hy, Press::default());
        assert_eq!(e.pointer_up(-5000.0, -5000.0), Outcome::None);
    }

    #[test]
    fn the_resize_handle_resizes_on_the_grid_but_never_below_the_contents() {
        let mut e = editor();
        e.select_only(Some("subnet-private-a".into()));
        let r = e.scene.rect_of(&"subnet-private-a".into()).unwrap();
        let (_, resize) = e.handles();
        let (hx, hy) = resize.unwrap().1;
        assert!(e.pointer_down(hx, hy, Press::default()));
        e.pointer_move(hx + 51.0, hy + 20.0);
        // 51 px at zoom 0.5 = 102 units, snapped to 100.
        assert_eq!(e.scene.rect_of(&"subnet-private-a".into()).unwrap().w, r.w + 100.0);
        assert!(matches!(e.pointer_up(hx + 51.0, hy + 20.0), Outcome::Resized { .. }));
        assert!(e.undo());
        assert_eq!(e.scene.rect_of(&"subnet-private-a".into()).unwrap(), r);
        // Shrinking to nothing stops where i-web-a and its label still fit.
        let icon = e.scene.rect_of(&"i-web-a".into()).unwrap();
        e.pointer_down(hx, hy, Press::default());
        e.pointer_move(hx - 5000.0, hy - 5000.0);
        e.pointer_up(hx - 5000.0, hy - 5000.0);
        let small = e.scene.rect_of(&"subnet-private-a".into()).unwrap();
        assert!(small.w < r.w && small.x + small.w >= icon.x + icon.w && small.y + small.h >= icon.y + icon.h + 36.0);
    }

    #[test]
    fn dragging_an_instance_out_of_its_subnet_grows_the_subnet() {
        let mut e = editor();
        let sub = e.scene.rect_of(&"subnet-private-a".into()).unwrap();
        let (sx, sy) = screen_of(&e, "i-web-a");
        e.pointer_down(sx, sy, Press { no_snap: true, ..Press::default() });
        // Down 150 px = 300 units: below the subnet and the VPC.
        e.pointer_move(sx, sy + 150.0);
        e.pointer_up(sx, sy + 150.0);
        let icon = e.scene.rect_of(&"i-web-a".into()).unwrap();
        let grown = e.scene.rect_of(&"subnet-private-a".into()).unwrap();
        assert!(grown.h > sub.h && grown.contains(icon.x, icon.y + icon.h));
        let vpc = e.scene.rect_of(&"vpc-main".into()).unwrap();
        assert!(vpc.contains(grown.x + grown.w, grown.y + grown.h));
        assert!(e.undo());
        assert_eq!(e.scene.rect_of(&"subnet-private-a".into()).unwrap(), sub, "moving and growing are one step");
    }

    #[test]
    fn guides_show_while_an_icon_lines_up_and_vanish_after() {
        let mut e = editor();
        let (sx, sy) = screen_of(&e, "i-web-a");
        let (_, ty) = screen_of(&e, "i-web-c");
        e.pointer_down(sx, sy, Press::default());
        // Along the row of i-web-c, 2 px off: it snaps onto the row and a guide shows.
        e.pointer_move(sx + 40.0, ty + 2.0);
        assert!(!e.decor().guides.is_empty());
        let (_, y) = screen_of(&e, "i-web-a");
        assert!((y - ty).abs() < 1e-9);
        e.pointer_up(sx + 40.0, ty + 2.0);
        assert!(e.decor().guides.is_empty());
    }

    #[test]
    fn a_second_finger_cancels_a_drag_and_pinches_about_the_midpoint() {
        let mut e = editor();
        let before = e.doc.scenario.clone();
        let (sx, sy) = screen_of(&e, "alb");
        e.pointer_down(sx, sy, Press::default());
        e.pointer_move(sx + 30.0, sy + 30.0);
        assert_ne!(e.doc.scenario, before);
        let (a, b) = ((100.0, 100.0), (200.0, 100.0));
        e.pinch_start(a, b);
        assert_eq!(e.doc.scenario, before, "the half-done drag is undone");
        let under = e.camera.to_world(150.0, 100.0);
        // Fingers twice as far apart, midpoint moved 20 px right.
        assert!(e.pinch_move((70.0, 100.0), (270.0, 100.0)));
        assert!((e.camera.zoom - 1.0).abs() < 1e-9, "0.5 doubled");
        let (x, y) = e.camera.to_screen(under.0, under.1);
        assert!((x - 170.0).abs() < 1e-9 && (y - 100.0).abs() < 1e-9, "the point under the fingers follows them");
        assert_eq!(e.pointer_up(70.0, 100.0), Outcome::None);
        assert!(!e.undo(), "a pinch is not an edit");
        e.scroll(10.0, -5.0);
        assert_eq!(e.camera.to_screen(under.0, under.1), (160.0, 105.0));
    }

    #[test]
    fn a_second_drag_after_a_free_drag_moves_again() {
        let mut e = editor();
        let (sx, sy) = screen_of(&e, "i-web-c");
        e.pointer_down(sx, sy, Press { no_snap: true, ..Press::default() });
        e.pointer_move(sx + 60.0, sy + 30.0);
        e.pointer_move(sx + 120.0, sy + 60.0);
        e.pointer_up(sx + 120.0, sy + 60.0);
        let first = e.doc.scenario.layout[&NodeId::from("i-web-c")];
        let (sx, sy) = screen_of(&e, "i-web-c");
        e.pointer_down(sx, sy, Press::default());
        e.pointer_move(sx + 16.0, sy + 8.0);
        e.pointer_move(sx + 33.0, sy + 17.0);
        let out = e.pointer_up(sx + 33.0, sy + 17.0);
        assert!(matches!(out, Outcome::Moved { .. }), "{out:?}");
        assert_ne!(e.doc.scenario.layout[&NodeId::from("i-web-c")], first);
    }

    #[test]
    fn the_keyboard_cycles_through_every_drawn_element() {
        let mut e = editor();
        let total = e.scene.icons.len()
            + e.scene.containers.iter().filter(|c| c.kind != ContainerKind::AvailabilityZone).count();
        let mut seen = Vec::new();
        for _ in 0..total {
            seen.push(e.cycle(true).unwrap());
        }
        engine::sort::sort_by(&mut seen, Ord::cmp);
        seen.dedup();
        assert_eq!(seen.len(), total, "each element once");
        let last = e.selected.clone();
        e.cycle(true);
        assert_eq!(e.cycle(false), last, "back again");
    }

    /// The keyboard's choices are brought into view by the least pan, never by zooming.
    #[test]
    fn reveal_pans_the_least_to_show_an_element() {
        let mut e = Editor::new(Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap());
        e.fit(1000.0, 700.0);
        let zoom = e.camera.zoom;
        let id = NodeId::from("i-web-a");
        assert!(!e.reveal(&id, 1000.0, 700.0), "already in view: nothing moves");
        // Look far away, then reveal: the element is inside the margin, the zoom unchanged.
        e.camera.pan_x -= 5_000.0;
        e.camera.pan_y += 3_000.0;
        assert!(e.reveal(&id, 1000.0, 700.0));
        let r = e.scene.rect_of(&id).unwrap();
        let (x0, y0) = e.camera.to_screen(r.x, r.y);
        let (x1, y1) = e.camera.to_screen(r.x + r.w, r.y + r.h);
        assert!(x0 >= 39.9 && y0 >= 39.9 && x1 <= 960.1 && y1 <= 660.1, "{x0},{y0} {x1},{y1}");
        assert_eq!(e.camera.zoom, zoom);
        assert!(!e.reveal(&"nope".into(), 1000.0, 700.0));
    }

    /// #13 point 1: a peering connection (and a VPN or Direct Connect) is a node drawn as a
    /// line; clicking the line selects it, dragging it moves nothing, Delete removes it and
    /// undo brings it back.
    #[test]
    fn clicking_a_peering_line_selects_the_connection_and_delete_removes_it() {
        let s = Scenario::from_json(include_str!("../../../../scenarios/peering-non-transitive.json")).unwrap();
        let mut e = Editor::new(s);
        e.camera = Camera { pan_x: 10.0, pan_y: 20.0, zoom: 0.5 };
        let line = e.scene.links.iter().find(|l| l.via.is_some()).expect("a peering line").clone();
        let id = line.via.clone().unwrap();
        // A point on the line's longest segment, 3 px off it on screen: within the slack.
        let seg = line
            .route
            .windows(2)
            .max_by(|a, b| {
                let len = |w: &[(f64, f64)]| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
                len(a).total_cmp(&len(b))
            })
            .unwrap();
        let mid = ((seg[0].0 + seg[1].0) / 2.0, (seg[0].1 + seg[1].1) / 2.0);
        let (sx, sy) = e.camera.to_screen(mid.0, mid.1);
        assert!(e.scene.icon_at(mid.0, mid.1).is_none(), "the test point is on the bare line");
        let before = e.doc.scenario.clone();
        assert!(e.pointer_down(sx + 3.0, sy + 3.0, Press::default()));
        e.pointer_move(sx + 40.0, sy + 30.0);
        e.pointer_up(sx + 40.0, sy + 30.0);
        assert_eq!(e.selection, vec![id.clone()]);
        assert_eq!(e.doc.scenario, before, "dragging a line moves nothing");
        // 20 px away on screen is empty canvas, not the line.
        e.select_only(None);
        e.pointer_down(sx + 20.0, sy + 20.0, Press::default());
        e.pointer_up(sx + 20.0, sy + 20.0);
        assert!(!e.selection.contains(&id));
        e.select_only(Some(id.clone()));
        assert_eq!(e.delete_selected(), vec![id.clone()]);
        assert!(e.scene.links.iter().all(|l| l.via.as_ref() != Some(&id)), "the line is gone");
        assert!(e.undo());
        assert_eq!(e.doc.scenario, before);
    }

    /// The session's changes (camera, selection, keyboard walk) are not the document's:
    /// no undo step, nothing for autosave or a share link to take.
    #[test]
    fn the_session_never_changes_the_document() {
        let mut e = editor();
        let before = e.doc.scenario.clone();
        e.wheel(100.0, 100.0, -120.0);
        e.scroll(30.0, 10.0);
        e.cycle(true);
        e.select_many(vec!["i-web-a".into()]);
        e.fit(800.0, 600.0);
        assert_eq!(e.doc.scenario, before);
        assert!(!e.doc.history.can_undo());
    }
}
