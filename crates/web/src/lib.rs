//! Stratus in the browser: the app shell, the canvas and the editor, built on the page's own reactive cells (`reactive`) and DOM builder (`ui::dom`); tests mount the app with `mount_to`.

pub mod editor;
pub mod i18n;
pub mod platform;
pub mod reactive;
pub mod render;
pub mod state;
pub mod ui;

pub use ui::app::{mount_to, mount_to_body};
