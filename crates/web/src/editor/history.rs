//! Undo and redo as inverse-able changes: each gesture or edit is one `Change` holding the nodes and placements it touched, before and after.
//!
//! Changes are computed by diffing the document before and after an edit, so every kind
//! of edit (move, create, delete, inspector field) is undoable without its own inverse code.

use engine::model::{Node, NodeId, Placement, Scenario, Text};

/// How many steps are kept.
pub const DEPTH: usize = 200;

/// One node's edit: where it stood and what it was, before and after.
#[derive(Clone, Debug, PartialEq)]
struct NodeEdit {
    id: NodeId,
    before: Option<(usize, Node)>,
    after: Option<(usize, Node)>,
}

/// One layout entry's edit.
#[derive(Clone, Debug, PartialEq)]
struct PlacementEdit {
    id: NodeId,
    before: Option<Placement>,
    after: Option<Placement>,
}

/// The simulation half of the document (users, goals, settings, faults): small, so an
/// edit of it keeps the whole half before and after.
#[derive(Clone, Debug, PartialEq)]
struct Workload {
    traffic: Vec<engine::workload::ClientPopulation>,
    goals: engine::workload::Goals,
    simulation: engine::workload::SimulationSettings,
    faults: Vec<engine::resilience::ScheduledFault>,
}

impl Workload {
    fn of(s: &Scenario) -> Workload {
        Workload {
            traffic: s.traffic.clone(),
            goals: s.goals.clone(),
            simulation: s.simulation.clone(),
            faults: s.faults.clone(),
        }
    }
}

/// One undoable step.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Change {
    nodes: Vec<NodeEdit>,
    layout: Vec<PlacementEdit>,
    meta: Option<((String, Text), (String, Text))>,
    workload: Option<Box<(Workload, Workload)>>,
}

impl Change {
    /// The change that turns `before` into `after`.
    pub fn between(before: &Scenario, after: &Scenario) -> Change {
        let mut change = Change::default();
        let find = |s: &Scenario, id: &NodeId| s.nodes.iter().position(|n| &n.id == id);
        for (i, node) in before.nodes.iter().enumerate() {
            match find(after, &node.id) {
                None => {
                    change.nodes.push(NodeEdit { id: node.id.clone(), before: Some((i, node.clone())), after: None })
                }
                Some(j) if after.nodes[j] != *node || i != j => change.nodes.push(NodeEdit {
                    id: node.id.clone(),
                    before: Some((i, node.clone())),
                    after: Some((j, after.nodes[j].clone())),
                }),
                Some(_) => {}
            }
        }
        for (j, node) in after.nodes.iter().enumerate() {
            if find(before, &node.id).is_none() {
                change.nodes.push(NodeEdit { id: node.id.clone(), before: None, after: Some((j, node.clone())) });
            }
        }
        let ids = before.layout.keys().chain(after.layout.keys().filter(|k| !before.layout.contains_key(*k)));
        for id in ids {
            let (b, a) = (before.layout.get(id).copied(), after.layout.get(id).copied());
            if b != a {
                change.layout.push(PlacementEdit { id: id.clone(), before: b, after: a });
            }
        }
        if before.name != after.name || before.description != after.description {
            change.meta = Some((
                (before.name.clone(), before.description.clone()),
                (after.name.clone(), after.description.clone()),
            ));
        }
        let (wb, wa) = (Workload::of(before), Workload::of(after));
        if wb != wa {
            change.workload = Some(Box::new((wb, wa)));
        }
        change
    }

    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.layout.is_empty() && self.meta.is_none() && self.workload.is_none()
    }

    /// Apply forwards (redo) or backwards (undo).
    pub fn apply(&self, s: &mut Scenario, forward: bool) {
        // Remove every touched node, then re-insert the target versions in ascending
        // index order, which restores the exact document order.
        let touched: Vec<&NodeId> = self.nodes.iter().map(|e| &e.id).collect();
        s.nodes.retain(|n| !touched.contains(&&n.id));
        let mut inserts: Vec<&(usize, Node)> =
            self.nodes.iter().filter_map(|e| if forward { e.after.as_ref() } else { e.before.as_ref() }).collect();
        engine::sort::sort_by_key(&mut inserts, |(i, _)| *i);
        for (i, node) in inserts {
            let at = (*i).min(s.nodes.len());
            s.nodes.insert(at, node.clone());
        }
        for e in &self.layout {
            let target = if forward { e.after } else { e.before };
            match target {
                Some(p) => {
                    s.layout.insert(e.id.clone(), p);
                }
                None => {
                    s.layout.remove(&e.id);
                }
            }
        }
        if let Some((before, after)) = &self.meta {
            let (name, description) = if forward { after } else { before };
            s.name = name.clone();
            s.description = description.clone();
        }
        if let Some(w) = &self.workload {
            let w = if forward { &w.1 } else { &w.0 };
            s.traffic.clone_from(&w.traffic);
            s.goals = w.goals.clone();
            s.simulation = w.simulation.clone();
            s.faults.clone_from(&w.faults);
        }
    }
}

/// The undo and redo stacks.
#[derive(Default, Debug)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl History {
    /// Record a finished edit; clears the redo stack. Empty changes are dropped.
    pub fn record(&mut self, change: Change) {
        if change.is_empty() {
            return;
        }
        self.undo.push(change);
        if self.undo.len() > DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// Undo the last step on `s`; returns whether there was one.
    pub fn undo(&mut self, s: &mut Scenario) -> bool {
        let Some(change) = self.undo.pop() else { return false };
        change.apply(s, false);
        self.redo.push(change);
        true
    }

    /// Redo the last undone step on `s`; returns whether there was one.
    pub fn redo(&mut self, s: &mut Scenario) -> bool {
        let Some(change) = self.redo.pop() else { return false };
        change.apply(s, true);
        self.undo.push(change);
        true
    }

    /// Whether undo would do something.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether redo would do something.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forget everything (a different document was loaded: loads are not undoable).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Scenario {
        Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap()
    }

    /// Apply an edit, record it, then check undo restores the original exactly and redo
    /// restores the edited document exactly.
    fn round_trip(edit: impl Fn(&mut Scenario)) {
        let original = example();
        let mut s = original.clone();
        edit(&mut s);
        let edited = s.clone();
        let mut h = History::default();
        h.record(Change::between(&original, &edited));
        assert!(h.undo(&mut s));
        assert_eq!(s, original);
        assert!(h.redo(&mut s));
        assert_eq!(s, edited);
        assert!(!h.redo(&mut s));
    }

    #[test]
    fn move_create_delete_rename_all_undo_exactly() {
        round_trip(|s| {
            s.layout.get_mut(&NodeId::from("alb")).unwrap().x += 50.0;
        });
        round_trip(|s| {
            let mut n = s.nodes[16].clone();
            n.id = "i-new".into();
            s.nodes.insert(3, n);
            s.layout.insert("i-new".into(), Placement { x: 1.0, y: 2.0, w: None, h: None });
        });
        round_trip(|s| {
            s.nodes.retain(|n| !n.id.as_str().starts_with("subnet-private"));
            s.nodes.remove(0);
            s.layout.remove(&NodeId::from("internet"));
        });
        round_trip(|s| {
            s.nodes[5].name = "renamed".into();
            s.nodes.swap(1, 7);
            s.name = "new name".into();
        });
    }

    #[test]
    fn empty_edits_are_not_steps_and_new_edits_clear_redo() {
        let mut h = History::default();
        let s = example();
        h.record(Change::between(&s, &s));
        assert!(!h.can_undo());
        let mut moved = s.clone();
        moved.layout.get_mut(&NodeId::from("alb")).unwrap().y = 0.0;
        h.record(Change::between(&s, &moved));
        let mut doc = moved.clone();
        h.undo(&mut doc);
        assert!(h.can_redo());
        h.record(Change::between(&s, &moved));
        assert!(!h.can_redo());
    }

    #[test]
    fn depth_is_capped() {
        let mut h = History::default();
        let s = example();
        for i in 0..(DEPTH + 10) {
            let mut m = s.clone();
            m.name = format!("v{i}");
            h.record(Change::between(&s, &m));
        }
        assert_eq!(h.undo.len(), DEPTH);
    }
}
