//! Installable and offline: registers the service worker (dist/sw.js, written by `cargo xtask build`) and, when a new version has been downloaded, offers "a new version is ready — reload to update"; only the person's click lets the waiting worker take over.

use crate::i18n::{tr, Key, Lang};
use crate::platform::page::*;
use crate::reactive::*;
use crate::state::embed::EmbedOptions;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// The worker's URL, relative to the page: works under any sub-path.
const WORKER_URL: &str = "sw.js";
/// The message that makes the waiting worker call `skipWaiting()` (web/sw.js).
const SKIP_WAITING: &str = "stratus:skip-waiting";
/// The message a running page sends its worker (web/sw.js).
const HELLO: &str = "stratus:hello";

/// The service worker container, when this page may and can use one: served over http(s)
/// in a secure context (https, or http on localhost), not embedded in another page, and
/// the browser has service workers.
fn container() -> Option<ServiceWorkerContainer> {
    let w = window();
    let protocol = w.location().protocol().ok()?;
    if protocol != "http:" && protocol != "https:" || !w.is_secure_context() {
        return None;
    }
    let search = w.location().search().unwrap_or_default();
    if !EmbedOptions::from_query(&search).may_register_worker() {
        return None;
    }
    let navigator = w.navigator();
    // `navigator.serviceWorker` is missing in some browsers and private modes: test first,
    // because calling through a missing object would throw.
    let present = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).is_ok_and(|v| !v.is_undefined());
    present.then(|| navigator.service_worker())
}

/// Tell the worker controlling this page that the page is running (web/sw.js `stratus:hello`):
/// it then deletes the caches of builds no open page runs. Sent at start and whenever
/// another tab's update hands this page to a newer worker, which must learn that this page
/// still runs its own build.
fn say_hello(sw: &ServiceWorkerContainer) {
    if let Some(controller) = sw.controller() {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &JsValue::from_str(HELLO));
        let _ = controller.post_message(&message);
    }
}

/// Register the worker; call `on_update_ready` when a newer version is installed and
/// waiting (not on the first install: then there is nothing to update).
pub fn register(on_update_ready: impl Fn(ServiceWorkerRegistration) + Clone + 'static) {
    let Some(sw) = container() else { return };
    say_hello(&sw);
    let on_change = {
        let sw = sw.clone();
        Closure::<dyn FnMut()>::new(move || say_hello(&sw))
    };
    let _ = sw.add_event_listener_with_callback("controllerchange", on_change.as_ref().unchecked_ref());
    on_change.forget();
    let promise = sw.register(WORKER_URL);
    crate::platform::page::spawn_local(async move {
        let Ok(reg) = wasm_bindgen_futures::JsFuture::from(promise).await else { return };
        // A browser (or a test harness) that blocks service workers may answer nothing.
        if !reg.is_object() {
            return;
        }
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        let has_controller = {
            let sw = sw.clone();
            move || sw.controller().is_some()
        };
        // Downloaded during an earlier visit and still waiting.
        if reg.waiting().is_some() && has_controller() {
            on_update_ready(reg.clone());
        }
        // Downloaded now: wait until it is installed.
        let reg_for_found = reg.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(installing) = reg_for_found.installing() else { return };
            let (reg, worker, notify, has_controller) =
                (reg_for_found.clone(), installing.clone(), on_update_ready.clone(), has_controller.clone());
            let on_state = Closure::<dyn FnMut()>::new(move || {
                if worker.state() == ServiceWorkerState::Installed && has_controller() {
                    notify(reg.clone());
                }
            });
            installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        // Lives as long as the page.
        on_found.forget();
    });
}

/// The person chose to update: ask the waiting worker to take over, then reload once it has.
pub fn apply_update(reg: &ServiceWorkerRegistration) {
    let Some(sw) = container() else { return };
    if reg.waiting().is_none() {
        // Another tab already switched: the new version is active, just reload.
        let _ = window().location().reload();
        return;
    }
    let reload = Closure::<dyn FnMut()>::new(move || {
        let _ = window().location().reload();
    });
    sw.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget();
    // The click is quiet (`platform::touch`): it wakes no first-touch fetch through the old
    // worker, which Chromium would then keep for its whole idle time before letting go.
    if let Some(waiting) = reg.waiting() {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &JsValue::from_str(SKIP_WAITING));
        let _ = waiting.post_message(&message);
    }
}

/// Registers the worker on mount and shows the update prompt when a new version waits.
pub fn update_prompt(lang: RwSignal<Lang>) -> web_sys::Element {
    let waiting = StoredValue::new_local(None::<ServiceWorkerRegistration>);
    let ready = RwSignal::new(false);
    // Tracks nothing, so it runs once, after mounting.
    Effect::new(move |_| {
        register(move |reg| {
            waiting.set_value(Some(reg));
            ready.set(true);
        });
    });
    let html = move || {
        let l = lang.get();
        let mut w = crate::ui::html::W::default();
        if ready.get() {
            w.open(
                "div",
                &[
                    ("class", "update-banner"),
                    ("role", "status"),
                    ("data-testid", "update-ready"),
                    (crate::platform::touch::QUIET, ""),
                ],
            );
            w.leaf("span", &[], tr(l, Key::UpdateReady));
            w.leaf("button", &[("data-testid", "update-reload")], tr(l, Key::UpdateReload));
            w.close("div");
        }
        w.0
    };
    let on = move |ev: web_sys::Event| {
        if ev.type_() == "click" && crate::ui::dom::from_event(&ev, "[data-testid=update-reload]").is_some() {
            if let Some(reg) = waiting.get_value() {
                apply_update(&reg);
            }
        }
    };
    crate::ui::dom::slot(html, on)
}
