//! The document scope: the design being edited, its undo history, and what may change it (read-only, a lesson's locks); what undo, autosave and share take, and nothing else.
//!
//! The session (camera, selection, gesture, guides: `session::Editor`) and the live
//! simulation data (`ui::simui::Sim`) are kept apart from it, as tldraw keeps its document,
//! session and presence records: a pan, a selection or a simulation frame never makes an
//! undo step, an autosave or a share link.

use crate::editor::history::{Change, History};
use engine::model::{NodeId, Scenario};

/// The design, its history and its guards.
#[derive(Default)]
pub struct Document {
    /// The design being edited.
    pub scenario: Scenario,
    /// Undo and redo stacks.
    pub history: History,
    /// Read-only (an embed with `readonly`): `edit`, `undo` and `redo` change nothing.
    pub readonly: bool,
    /// Elements an open lesson locks (`limits.locked`): an edit or gesture that would
    /// change or delete one is undone on the spot and said (`take_lock_refusal`). Cleared
    /// by `load` (another design).
    pub locked: Vec<NodeId>,
    /// The document when the current gesture started, to record it as one step.
    before_gesture: Option<Scenario>,
    /// The locked element the last refused edit would have changed.
    refused_lock: Option<NodeId>,
}

impl Document {
    /// A document holding `scenario`, with no history.
    pub fn new(scenario: Scenario) -> Document {
        Document { scenario, ..Document::default() }
    }

    /// Another design: its history starts afresh and no lesson locks it.
    pub fn load(&mut self, scenario: Scenario) {
        self.scenario = scenario;
        self.locked.clear();
        self.history.clear();
        self.before_gesture = None;
    }

    /// A newer version of the same design (saved by another tab): the history was of the
    /// version this tab no longer shows.
    pub fn replace(&mut self, scenario: Scenario) {
        self.scenario = scenario;
        self.history.clear();
        self.before_gesture = None;
    }

    /// Apply `f` as one undoable step: `None` if refused (read-only, or it would change a
    /// locked element: then nothing changed), else whether it changed anything.
    pub fn edit_with(&mut self, f: &mut dyn FnMut(&mut Scenario)) -> Option<bool> {
        if self.readonly {
            return None;
        }
        let before = self.scenario.clone();
        f(&mut self.scenario);
        if let Some(id) = self.locked_change(&before) {
            self.scenario = before;
            self.refused_lock = Some(id);
            return None;
        }
        let change = Change::between(&before, &self.scenario);
        let changed = !change.is_empty();
        self.history.record(change);
        Some(changed)
    }

    /// The first locked element that differs between `before` and the document.
    fn locked_change(&self, before: &Scenario) -> Option<NodeId> {
        self.locked.iter().find(|id| before.node(id) != self.scenario.node(id)).cloned()
    }

    /// The locked element a refused edit or gesture would have changed, once.
    pub fn take_lock_refusal(&mut self) -> Option<NodeId> {
        self.refused_lock.take()
    }

    /// Whether the last edit or gesture was refused for a lock (not yet said).
    pub fn refused(&self) -> bool {
        self.refused_lock.is_some()
    }

    /// Undo the last step: `None` if read-only, else whether there was one.
    pub fn undo(&mut self) -> Option<bool> {
        (!self.readonly).then(|| self.history.undo(&mut self.scenario))
    }

    /// Redo the last undone step: `None` if read-only, else whether there was one.
    pub fn redo(&mut self) -> Option<bool> {
        (!self.readonly).then(|| self.history.redo(&mut self.scenario))
    }

    /// A gesture that may change the document started: what it changes is one step.
    pub fn begin_gesture(&mut self) {
        self.before_gesture = Some(self.scenario.clone());
    }

    /// The gesture turned out not to change the document (a click, a link).
    pub fn forget_gesture(&mut self) {
        self.before_gesture = None;
    }

    /// The gesture ended: its change is one undo step, or undone if it changed a locked
    /// element (moved into another subnet, say: it stays where the lesson put it).
    pub fn commit_gesture(&mut self) {
        if let Some(before) = self.before_gesture.take() {
            if let Some(id) = self.locked_change(&before) {
                self.scenario = before;
                self.refused_lock = Some(id);
            } else {
                self.history.record(Change::between(&before, &self.scenario));
            }
        }
    }

    /// The gesture was abandoned: the document goes back to where it started. Whether
    /// there was one to put back.
    pub fn cancel_gesture(&mut self) -> bool {
        match self.before_gesture.take() {
            Some(before) => {
                self.scenario = before;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        Document::new(Scenario::from_json(include_str!("../../../../scenarios/two-tier.json")).unwrap())
    }

    fn rename(s: &mut Scenario, to: &str) {
        s.name = to.into();
    }

    #[test]
    fn an_edit_is_one_step_and_a_refused_one_changes_nothing() {
        let mut d = doc();
        let first = d.scenario.clone();
        assert_eq!(d.edit_with(&mut |s| rename(s, "renamed")), Some(true));
        assert!(d.history.can_undo());
        assert_eq!(d.undo(), Some(true));
        assert_eq!(d.scenario, first);
        assert_eq!(d.redo(), Some(true));
        assert_eq!(d.scenario.name, "renamed");
        // Read-only: nothing changes, nothing is recorded.
        d.readonly = true;
        assert_eq!(d.edit_with(&mut |s| rename(s, "again")), None);
        assert_eq!((d.undo(), d.scenario.name.as_str()), (None, "renamed"));
        d.readonly = false;
        // A lesson's lock: the edit is put back and said once.
        let locked = d.scenario.nodes[0].id.clone();
        d.locked.push(locked.clone());
        assert_eq!(d.edit_with(&mut |s| s.nodes.retain(|n| n.id != locked)), None);
        assert!(d.scenario.node(&locked).is_some() && d.refused());
        assert_eq!(d.take_lock_refusal(), Some(locked));
        assert!(!d.refused());
    }

    #[test]
    fn a_gesture_is_one_step_or_nothing() {
        let mut d = doc();
        d.begin_gesture();
        rename(&mut d.scenario, "a");
        rename(&mut d.scenario, "b");
        d.commit_gesture();
        assert!(d.history.can_undo());
        assert_eq!(d.undo(), Some(true));
        assert_ne!(d.scenario.name, "a", "both changes went in one step");
        // Abandoned: put back, nothing recorded.
        let before = d.scenario.clone();
        d.begin_gesture();
        rename(&mut d.scenario, "c");
        assert!(d.cancel_gesture());
        assert_eq!(d.scenario, before);
        assert!(!d.cancel_gesture(), "nothing left to put back");
        // Loading another design forgets the history and the locks.
        d.locked.push("x".into());
        d.load(before);
        assert!(!d.history.can_undo() && d.locked.is_empty());
    }
}
