//! Editing the design: the editor's session (document, scene, camera, selection, gestures), undo history, layout rules, and the frame loop that draws it.

pub mod document;
pub mod history;
pub mod layers;
pub mod layout;
pub mod session;
