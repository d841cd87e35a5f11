//! The page's window and document, its window-wide listeners, timers and tasks: the few browser calls every part of the app makes.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The page's window. Stratus only runs in a page, where there is always one.
pub fn window() -> web_sys::Window {
    web_sys::window().unwrap_or_else(|| unreachable!("Stratus runs in a page, which has a window"))
}

/// The page's document.
pub fn document() -> web_sys::Document {
    window().document().unwrap_or_else(|| unreachable!("a page's window has a document"))
}

/// Runs `task` on the page's event loop.
pub fn spawn_local(task: impl std::future::Future<Output = ()> + 'static) {
    wasm_bindgen_futures::spawn_local(task);
}

/// Writes a warning to the browser's console.
pub fn warn(text: &str) {
    web_sys::console::warn_1(&text.into());
}

/// A listener on the window, removed by [`Listener::remove`] (when the app that made it is
/// unmounted).
pub struct Listener {
    event: &'static str,
    closure: Closure<dyn Fn(web_sys::Event)>,
}

impl Listener {
    /// Stops listening.
    pub fn remove(self) {
        let _ = window().remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
    }
}

/// Calls `f` on each `event` the window receives, removed when the app is unmounted.
pub fn window_event_listener<E: JsCast + 'static>(event: &'static str, f: impl Fn(E) + 'static) {
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| f(ev.unchecked_into()));
    let _ = window().add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    let listener = Listener { event, closure };
    crate::reactive::on_cleanup(move || listener.remove());
}

/// Calls `f` once after `delay`.
pub fn set_timeout(f: impl FnOnce() + 'static, delay: std::time::Duration) {
    let closure = Closure::once_into_js(f);
    let _ = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(closure.unchecked_ref(), delay.as_millis() as i32);
}

/// Calls `f` once before the next repaint.
pub fn request_animation_frame(f: impl FnOnce() + 'static) {
    let closure = Closure::once_into_js(f);
    let _ = window().request_animation_frame(closure.unchecked_ref());
}
