//! Stratus in the browser: the app shell, the canvas and the editor, as Leptos components that tests can mount.

pub mod app;
pub mod canvas2d;
pub mod clipboard;
pub mod editor;
pub mod embed;
pub mod embed_ui;
pub mod examples;
pub mod faultui;
pub mod files;
pub mod goals;
pub mod history;
pub mod i18n;
pub mod inspector;
pub mod layers;
pub mod layout;
pub mod live;
pub mod paint;
pub mod panels;
pub mod particles;
pub mod profile;
pub mod props;
pub mod pwa;
pub mod route;
pub mod runui;
pub mod scene;
pub mod share_link;
pub mod simui;
pub mod storage;
pub mod svg;
pub mod users;
pub mod worker;

pub use app::App;

/// The built-in example opened on first visit (and by an embed without a design): one web
/// server in a public subnet, small enough to read at 100 % (issue #13: a beginner's first
/// view, not the 33-node reference app at half zoom), with users to simulate as soon as Run
/// is pressed.
pub const EXAMPLE: &str = include_str!("../../../scenarios/first-web-server.json");
