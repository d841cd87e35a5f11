//! Stratus in the browser: the app shell, the canvas and the editor, as Leptos components that tests can mount.

pub mod editor;
pub mod i18n;
pub mod platform;
pub mod reactive;
pub mod render;
pub mod state;
pub mod ui;

pub use ui::app::{mount_to, mount_to_body};
