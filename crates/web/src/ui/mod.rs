//! The interface: the app shell and its components (top bar, palette, inspector, panels, simulation controls, embed chrome).

pub mod app;
pub mod author;
pub mod canvas_input;
pub mod checklist;
pub mod dom;
pub mod embed_ui;
pub mod faultui;
pub mod files;
pub mod follow;
pub mod html;
pub mod inspector;
pub mod keys;
pub mod learn;
pub mod metrics;
pub mod palette;
pub mod panels;
pub mod pwa;
pub mod runui;
pub mod shell;
pub mod simui;
#[allow(unsafe_code)] // the #[wasm_split] macro emits an extern import/export pair
pub mod split;
pub mod stage;
pub mod topbar;
