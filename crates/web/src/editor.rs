//! Canvas interaction as a small state machine (idle, pointing at a node, dragging it, panning), independent of the DOM so it is tested natively.

use crate::history::{Change, History};
use crate::paint::Overlay;
use crate::scene::{Camera, Scene};
use engine::model::{NodeId, Placement, Scenario};

/// How far (CSS px) the pointer must travel before a press becomes a drag.
pub const DRAG_THRESHOLD: f64 = 3.0;

/// What the pointer is doing.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Gesture {
    /// Nothing pressed.
    #[default]
    Idle,
    /// Pressed on an icon, not yet moved past the threshold.
    PointingNode {
        /// The icon.
        id: NodeId,
        /// Where the press started (CSS px).
        start: (f64, f64),
        /// The node's placement when pressed.
        origin: Placement,
    },
    /// Moving an icon.
    DraggingNode {
        /// The icon.
        id: NodeId,
        /// Where the press started (CSS px).
        start: (f64, f64),
        /// The node's placement when pressed.
        origin: Placement,
    },
    /// Pressed on empty space or a container: moving the camera.
    Panning {
        /// Where the press started (CSS px).
        start: (f64, f64),
        /// The camera when pressed.
        origin: Camera,
        /// Whether it moved past the threshold (otherwise it is a click).
        moved: bool,
    },
}

/// What a finished gesture did, for the undo history and the event log.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Nothing worth recording.
    None,
    /// A click selected this node, or cleared the selection.
    Selected(Option<NodeId>),
    /// A node was moved from one placement to another.
    Moved {
        /// The node.
        id: NodeId,
        /// Before.
        from: Placement,
        /// After.
        to: Placement,
    },
}

/// The editor's state: the document, its scene and the view of it.
pub struct Editor {
    /// The design being edited.
    pub scenario: Scenario,
    /// Drawable scene, rebuilt when the scenario changes.
    pub scene: Scene,
    /// Pan and zoom.
    pub camera: Camera,
    /// Selected node.
    pub selected: Option<NodeId>,
    /// Current pointer gesture.
    pub gesture: Gesture,
    /// Undo and redo stacks.
    pub history: History,
    /// The document when the current gesture started, to record it as one step.
    before_gesture: Option<Scenario>,
    /// Badges and the reachability path drawn over the scene.
    pub overlay: Overlay,
}

impl Editor {
    /// An editor showing `scenario`.
    pub fn new(scenario: Scenario) -> Editor {
        let scene = Scene::build(&scenario);
        Editor {
            scenario,
            scene,
            camera: Camera::default(),
            selected: None,
            gesture: Gesture::Idle,
            history: History::default(),
            before_gesture: None,
            overlay: Overlay::default(),
        }
    }

    /// Replace the document (a load is not undoable: the history starts afresh).
    pub fn load(&mut self, scenario: Scenario) {
        self.scenario = scenario;
        self.history.clear();
        self.selected = None;
        self.gesture = Gesture::Idle;
        self.refresh();
    }

    /// Apply an edit to the document as one undoable step. Returns whether it changed anything.
    pub fn edit(&mut self, f: impl FnOnce(&mut Scenario)) -> bool {
        let before = self.scenario.clone();
        f(&mut self.scenario);
        let change = Change::between(&before, &self.scenario);
        let changed = !change.is_empty();
        self.history.record(change);
        self.refresh();
        changed
    }

    /// Undo the last step; returns whether there was one.
    pub fn undo(&mut self) -> bool {
        let done = self.history.undo(&mut self.scenario);
        self.refresh();
        done
    }

    /// Redo the last undone step; returns whether there was one.
    pub fn redo(&mut self) -> bool {
        let done = self.history.redo(&mut self.scenario);
        self.refresh();
        done
    }

    /// Delete the selection and everything inside it (a subnet with its instances, ...).
    /// References to deleted nodes elsewhere stay, as in AWS: a route to a deleted NAT
    /// gateway becomes a blackhole route, which validation reports.
    pub fn delete_selected(&mut self) -> Vec<NodeId> {
        let Some(id) = self.selected.clone() else { return vec![] };
        let doomed = engine::view::with_contents(&self.scenario, &id);
        self.edit(|s| {
            s.nodes.retain(|n| !doomed.contains(&n.id));
            s.layout.retain(|k, _| !doomed.contains(k));
        });
        self.selected = None;
        doomed
    }

    /// Rebuild the scene after the document changed; drop a selection that no longer exists.
    pub fn refresh(&mut self) {
        self.scene = Scene::build(&self.scenario);
        if self.selected.as_ref().is_some_and(|id| self.scenario.node(id).is_none()) {
            self.selected = None;
        }
    }

    /// Fit the whole diagram into a view of `width` x `height` CSS px.
    pub fn fit(&mut self, width: f64, height: f64) {
        if let Some(b) = self.scene.bounds() {
            self.camera = Camera::fit(b, width, height, 24.0);
        }
    }

    /// The pointer went down at (sx, sy) CSS px. Returns whether a redraw is needed.
    pub fn pointer_down(&mut self, sx: f64, sy: f64) -> bool {
        let (wx, wy) = self.camera.to_world(sx, sy);
        if let Some(icon) = self.scene.icon_at(wx, wy) {
            let id = icon.id.clone();
            let (cx, cy) = icon.rect.centre();
            let origin = self.scenario.layout.get(&id).copied().unwrap_or(Placement { x: cx, y: cy, w: None, h: None });
            self.selected = Some(id.clone());
            self.before_gesture = Some(self.scenario.clone());
            self.gesture = Gesture::PointingNode { id, start: (sx, sy), origin };
            true
        } else {
            self.gesture = Gesture::Panning { start: (sx, sy), origin: self.camera, moved: false };
            false
        }
    }

    /// The pointer moved to (sx, sy) CSS px. Returns whether a redraw is needed.
    pub fn pointer_move(&mut self, sx: f64, sy: f64) -> bool {
        match std::mem::take(&mut self.gesture) {
            Gesture::Idle => false,
            Gesture::PointingNode { id, start, origin } | Gesture::DraggingNode { id, start, origin } => {
                let far = (sx - start.0).hypot(sy - start.1) >= DRAG_THRESHOLD;
                let dragging = far || self.scenario.layout.get(&id) != Some(&origin);
                if dragging {
                    let to = Placement {
                        x: origin.x + (sx - start.0) / self.camera.zoom,
                        y: origin.y + (sy - start.1) / self.camera.zoom,
                        ..origin
                    };
                    self.scenario.layout.insert(id.clone(), to);
                    self.scene = Scene::build(&self.scenario);
                    self.gesture = Gesture::DraggingNode { id, start, origin };
                } else {
                    self.gesture = Gesture::PointingNode { id, start, origin };
                }
                dragging
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
        }
    }

    /// The pointer was released at (sx, sy) CSS px.
    pub fn pointer_up(&mut self, sx: f64, sy: f64) -> Outcome {
        match std::mem::take(&mut self.gesture) {
            Gesture::Idle => Outcome::None,
            Gesture::PointingNode { id, .. } => Outcome::Selected(Some(id)),
            Gesture::DraggingNode { id, origin, .. } => {
                let to = self.scenario.layout.get(&id).copied().unwrap_or(origin);
                // One drag is one undo step, however many moves it took.
                if let Some(before) = self.before_gesture.take() {
                    self.history.record(Change::between(&before, &self.scenario));
                }
                Outcome::Moved { id, from: origin, to }
            }
            Gesture::Panning { moved: true, .. } => Outcome::None,
            Gesture::Panning { moved: false, .. } => {
                let (wx, wy) = self.camera.to_world(sx, sy);
                self.selected = self.scene.container_at(wx, wy).map(|c| c.id.clone());
                Outcome::Selected(self.selected.clone())
            }
        }
    }

    /// Zoom about a CSS-pixel point by a wheel delta (pixels; positive zooms out).
    pub fn wheel(&mut self, sx: f64, sy: f64, delta_y: f64) {
        self.camera.zoom_at(sx, sy, (-delta_y * 0.0015).exp());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor() -> Editor {
        let s = Scenario::from_json(include_str!("../../../scenarios/two-tier.json")).unwrap();
        let mut e = Editor::new(s);
        e.camera = Camera { pan_x: 10.0, pan_y: 20.0, zoom: 0.5 };
        e
    }

    fn screen_of(e: &Editor, id: &str) -> (f64, f64) {
        let (x, y) = e.scene.rect_of(&id.into()).unwrap().centre();
        e.camera.to_screen(x, y)
    }

    #[test]
    fn dragging_a_node_moves_it_in_diagram_units() {
        let mut e = editor();
        let (sx, sy) = screen_of(&e, "i-web-a");
        assert!(e.pointer_down(sx, sy));
        e.pointer_move(sx + 20.0, sy + 10.0);
        e.pointer_move(sx + 50.0, sy + 30.0);
        let outcome = e.pointer_up(sx + 50.0, sy + 30.0);
        let moved = e.scenario.layout[&NodeId::from("i-web-a")];
        // 50 px at zoom 0.5 is 100 diagram units.
        assert_eq!((moved.x, moved.y), (590.0, 590.0));
        assert!(matches!(outcome, Outcome::Moved { ref id, .. } if id.as_str() == "i-web-a"));
        assert_eq!(e.selected.as_ref().map(|s| s.as_str()), Some("i-web-a"));
    }

    #[test]
    fn one_drag_is_one_undo_step() {
        let mut e = editor();
        let original = e.scenario.clone();
        let (sx, sy) = screen_of(&e, "i-web-a");
        e.pointer_down(sx, sy);
        for i in 1..=10 {
            e.pointer_move(sx + 5.0 * f64::from(i), sy);
        }
        e.pointer_up(sx + 50.0, sy);
        let moved = e.scenario.clone();
        assert!(e.undo());
        assert_eq!(e.scenario, original);
        assert!(!e.undo(), "only one step");
        assert!(e.redo());
        assert_eq!(e.scenario, moved);
        assert_eq!(screen_of(&e, "i-web-a").0, sx + 50.0, "scene rebuilt after redo");
    }

    #[test]
    fn deleting_a_subnet_deletes_its_instances_and_undo_brings_them_back() {
        let mut e = editor();
        let original = e.scenario.clone();
        e.selected = Some("subnet-private-a".into());
        let gone: Vec<_> = e.delete_selected().into_iter().map(|i| i.0).collect();
        assert_eq!(gone, ["subnet-private-a", "i-web-a"]);
        assert!(e.scenario.node(&"i-web-a".into()).is_none());
        assert!(e.scene.rect_of(&"i-web-a".into()).is_none());
        assert_eq!(e.selected, None);
        e.undo();
        assert_eq!(e.scenario, original);
    }

    #[test]
    fn a_tiny_wiggle_is_a_click_not_a_move() {
        let mut e = editor();
        let (sx, sy) = screen_of(&e, "alb");
        e.pointer_down(sx, sy);
        e.pointer_move(sx + 1.0, sy + 1.0);
        assert_eq!(e.pointer_up(sx + 1.0, sy + 1.0), Outcome::Selected(Some("alb".into())));
        assert_eq!(e.scenario.layout[&NodeId::from("alb")].x, 710.0);
    }

    #[test]
    fn dragging_empty_space_pans_and_clicking_a_container_selects_it() {
        let mut e = editor();
        e.pointer_down(5.0, 5.0);
        e.pointer_move(45.0, 25.0);
        assert_eq!(e.pointer_up(45.0, 25.0), Outcome::None);
        assert_eq!((e.camera.pan_x, e.camera.pan_y), (50.0, 40.0));
        let (sx, sy) = e.camera.to_screen(320.0, 180.0);
        e.pointer_down(sx, sy);
        assert_eq!(e.pointer_up(sx, sy), Outcome::Selected(Some("subnet-public-a".into())));
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
}
