//! The interface: the app shell and its components (top bar, palette, inspector, panels, simulation controls, embed chrome).

pub mod app;
pub mod author;
pub mod checklist;
pub mod embed_ui;
pub mod faultui;
pub mod files;
pub mod inspector;
pub mod keys;
pub mod learn;
pub mod palette;
pub mod panels;
pub mod pwa;
pub mod runui;
pub mod shell;
pub mod simui;
pub mod topbar;
