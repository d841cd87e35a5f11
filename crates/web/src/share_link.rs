//! Share by link in the page: open the design of a `#v1:` address at start-up (then take the fragment out of the address bar), and copy a link to the current design (engine::share does the encoding).

use crate::scene::Camera;
use engine::share::{self, Shared, View};
use engine::{Scenario, Text};
use leptos::prelude::window;

/// The design in this page's address, if the fragment is a share link: `None` when there is
/// no share fragment (a normal visit), `Some(Err)` with the reason when it cannot be opened.
pub fn from_location() -> Option<Result<Shared, Text>> {
    let hash = window().location().hash().ok()?;
    if !share::is_share_fragment(&hash) {
        return None;
    }
    Some(share::decode(&hash).map_err(|e| e.message()))
}

/// Take the fragment out of the address (without a reload or a history entry), so that a
/// reload reopens the saved copy instead of opening the link again as another new design.
pub fn clear_fragment() {
    let location = window().location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else { return };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{search}")));
    }
}

/// The view a link records for this camera on a canvas of `width` x `height` CSS pixels:
/// the diagram point at the centre and the zoom.
pub fn view_of(camera: &Camera, width: f64, height: f64) -> View {
    let (x, y) = camera.to_world(width / 2.0, height / 2.0);
    View { x, y, zoom: camera.zoom }
}

/// The camera showing `view` on a canvas of `width` x `height` CSS pixels (zoom clamped to
/// what the editor allows).
pub fn camera_for(view: &View, width: f64, height: f64) -> Camera {
    let zoom = view.zoom.clamp(Camera::MIN_ZOOM, Camera::MAX_ZOOM);
    Camera { zoom, pan_x: width / 2.0 - view.x * zoom, pan_y: height / 2.0 - view.y * zoom }
}

/// A link to this page (its address without any fragment) carrying `scenario` and `view`.
pub fn link_to(scenario: &Scenario, view: Option<View>) -> String {
    let href = window().location().href().unwrap_or_default();
    share::link(&href, scenario, view)
}

/// Put `text` on the clipboard: `Ok(true)`. If the browser refuses (no permission, an
/// insecure page), show it in a prompt to copy by hand: `Ok(false)`. `Err` says neither worked.
pub async fn copy_text(text: &str) -> Result<bool, Text> {
    let navigator = window().navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|v| !v.is_undefined());
    if has_clipboard && wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(text)).await.is_ok() {
        return Ok(true);
    }
    window().prompt_with_message_and_default("Copy this link / 이 링크를 복사하세요:", text).map(|_| false).map_err(
        |_| Text::new("The browser did not allow copying the link.", "브라우저가 링크 복사를 허용하지 않았습니다."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_and_its_camera_agree() {
        let camera = Camera { zoom: 0.8, pan_x: 120.0, pan_y: -40.0 };
        let view = view_of(&camera, 1000.0, 600.0);
        assert_eq!(camera_for(&view, 1000.0, 600.0), camera);
        // Another screen size keeps the same diagram point at the centre.
        let other = camera_for(&view, 400.0, 300.0);
        let (cx, cy) = other.to_world(200.0, 150.0);
        assert!((cx - view.x).abs() < 1e-9 && (cy - view.y).abs() < 1e-9);
        assert_eq!(camera_for(&View { x: 0.0, y: 0.0, zoom: 50.0 }, 10.0, 10.0).zoom, Camera::MAX_ZOOM);
    }
}
