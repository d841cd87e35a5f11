//! The person's first touch (a pointer or key press) starts the page's deferred fetches (the later messages, the simulator's worker), except a touch on a part marked `data-quiet-touch`: "Reload to update" must not wake the old service worker it replaces.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The attribute that marks a part whose touch is not the person starting to work.
pub const QUIET: &str = "data-quiet-touch";

/// Whether `ev` happened inside a part marked [`QUIET`].
fn quiet(ev: &web_sys::Event) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(&format!("[{QUIET}]")).ok().flatten())
        .is_some()
}

/// Calls `f` on every pointer or key press anywhere on the page (seen first, in the capture
/// phase), but not on a quiet part. Why the update button is quiet: Chromium lets a waiting
/// service worker that called `skipWaiting()` take over only once the active one has no work,
/// and ends an active worker's idle time early only when it is running as the request comes.
/// When the old worker had stopped, a click whose first touch fetched files through it
/// started it again with its ordinary idle time (about 30 s), and the update waited that long.
pub fn on_touch(f: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if !quiet(&ev) {
            f();
        }
    });
    for event in ["pointerdown", "keydown"] {
        let _ = window.add_event_listener_with_callback_and_bool(event, listener.as_ref().unchecked_ref(), true);
    }
    // Lives as long as the page.
    listener.forget();
}
