//! Share by link in the page: open the design of a `#v1:` address at start-up (then take the fragment out of the address bar), make links to the current design, and make and read lesson links (`#l1:`); engine::share checks and frames the envelope, the browser's Compression Streams do the zlib step.

use crate::i18n::Words;
use crate::platform::page::window;
use crate::render::scene::Camera;
use engine::lesson::link;
use engine::share::{self, ShareError, Shared, View};
use engine::Msg;
use engine::Scenario;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

// zlib through the browser's Compression Streams (`deflate` is the zlib format, RFC 1950,
// the same bytes as engine::share's codec), instead of a deflate implementation in the wasm.
// Inflating stops once the output passes `cap` bytes (resolves to null): a zip bomb is
// refused without being held in memory. Corrupt input rejects.
#[wasm_bindgen(inline_js = "export async function zlib(bytes, inflate, cap) {
  const stream = new Blob([bytes]).stream().pipeThrough(inflate ? new DecompressionStream('deflate') : new CompressionStream('deflate'));
  const reader = stream.getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > cap) { await reader.cancel(); return null; }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn zlib(bytes: &[u8], inflate: bool, cap: f64) -> Result<JsValue, JsValue>;
}

/// Why a link could not be made: only a browser without Compression Streams (before 2023).
fn no_compression() -> Msg {
    engine::msg!("ui.link.no_compression")
}

/// The fragment (without `#`) carrying `scenario` and `view`, as `engine::share::encode` makes it.
pub async fn encode(scenario: &Scenario, view: Option<View>) -> Result<String, Msg> {
    let json = share::envelope(scenario, view);
    match zlib(json.as_bytes(), false, f64::MAX).await {
        Ok(bytes) if !bytes.is_null() => Ok(share::fragment_of(&js_sys::Uint8Array::new(&bytes).to_vec())),
        _ => Err(no_compression()),
    }
}

/// Open a share fragment (or a whole link), as `engine::share::decode` does.
pub async fn decode(fragment: &str) -> Result<Shared, ShareError> {
    let packed = share::packed(fragment)?;
    match zlib(&packed, true, share::MAX_DECOMPRESSED_BYTES as f64).await {
        Ok(json) if json.is_null() => Err(ShareError::TooLarge),
        Ok(json) => share::open(&js_sys::Uint8Array::new(&json).to_vec()),
        Err(_) => Err(ShareError::NotCompressed),
    }
}

/// The fragment (without `#`) of a lesson link carrying a lesson file's compact text
/// (`engine::lesson::link`, `l1:`); over `MAX_LINK_BYTES` it is refused, to share as a file.
pub async fn encode_lesson(text: &str) -> Result<String, Words> {
    match zlib(text.as_bytes(), false, f64::MAX).await {
        Ok(bytes) if !bytes.is_null() => {
            let fragment = link::fragment_of(&js_sys::Uint8Array::new(&bytes).to_vec());
            if fragment.len() > link::MAX_LINK_BYTES {
                return Err(link::message(&ShareError::TooLong { bytes: fragment.len() }).into());
            }
            Ok(fragment)
        }
        _ => Err(no_compression().into()),
    }
}

/// The lesson file's text a lesson link carries (`#l1:…`, or a whole link), as
/// `engine::lesson::link::decode` reads it up to the lesson reader (the worker's).
pub async fn decode_lesson(fragment: &str) -> Result<String, Msg> {
    let packed = link::packed(fragment).map_err(|e| link::message(&e))?;
    match zlib(&packed, true, engine::lesson::MAX_LESSON_BYTES as f64).await {
        Ok(text) if text.is_null() => Err(link::message(&ShareError::TooLarge)),
        Ok(text) => link::text_of(&js_sys::Uint8Array::new(&text).to_vec()).map(str::to_string),
        Err(_) => Err(link::message(&ShareError::NotCompressed)),
    }
}

thread_local! {
    /// The address's share link, opened by `main` before the app mounts (decompression is
    /// asynchronous in the browser), for the app to take once.
    static OPENED: RefCell<Option<Result<Shared, Msg>>> = const { RefCell::new(None) };
}

/// Open the design in this page's address, if the fragment is a share link, for
/// `from_location` to hand to the app. Awaited by `main` before mounting.
pub async fn open_location() {
    let Ok(hash) = window().location().hash() else { return };
    if share::is_share_fragment(&hash) {
        let opened = decode(&hash).await.map_err(|e| e.message());
        OPENED.with(|o| *o.borrow_mut() = Some(opened));
    }
}

/// The design in this page's address (from `open_location`): `None` when there is no share
/// fragment (a normal visit), `Some(Err)` with the reason when it cannot be opened.
pub fn from_location() -> Option<Result<Shared, Msg>> {
    OPENED.with(|o| o.borrow_mut().take())
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

/// Put `text` on the clipboard: `Ok(true)`. If the browser refuses (no permission, an
/// insecure page), show it in a prompt to copy by hand: `Ok(false)`. `Err` says neither worked.
pub async fn copy_text(text: &str) -> Result<bool, Msg> {
    let navigator = window().navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|v| !v.is_undefined());
    if has_clipboard && wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(text)).await.is_ok() {
        return Ok(true);
    }
    window()
        .prompt_with_message_and_default(crate::i18n::tr(crate::i18n::shown(), crate::i18n::Key::CopyThisLink), text)
        .map(|_| false)
        .map_err(|_| engine::msg!("ui.link.copy_refused"))
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
