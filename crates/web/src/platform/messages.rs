//! Fetches the engine's message catalogues of one language (copied by Trunk from crates/engine/messages, precached by the service worker): the page never carries the other language, and what only a touch can bring up (drop and link refusals, the simulation's events, lesson grading: `messages/later/`) only after the first touch.

use std::cell::Cell;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::Lang;

thread_local! {
    /// Whether `messages/later/` is wanted (a run or a lesson started): a language switch then
    /// fetches it too.
    static LATER: Cell<bool> = const { Cell::new(false) };
}

async fn fetch(path: &str, lang: Lang) -> Result<engine::msg::Catalogue, String> {
    let describe = |e: wasm_bindgen::JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(describe)?
        .dyn_into::<web_sys::Response>()
        .map_err(describe)?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(describe)?).await.map_err(describe)?;
    engine::msg::Catalogue::from_json(lang.code(), &text.as_string().unwrap_or_default())
}

/// Fetches and installs `lang`'s catalogue (and its later part once wanted), unless it is
/// already installed. On failure the previous catalogue stays (messages then show their
/// codes, which are still searchable) and the reason is returned for the caller to say.
pub async fn load(lang: Lang) -> Result<(), String> {
    if crate::i18n::installed_lang() == lang.code() {
        return Ok(());
    }
    let mut catalogue = fetch(&format!("messages/{}.json", lang.code()), lang).await?;
    if LATER.with(Cell::get) {
        catalogue.merge(fetch(&format!("messages/later/{}.json", lang.code()), lang).await?);
    }
    crate::i18n::install(catalogue);
    Ok(())
}

/// Fetches the simulation's and lessons' messages in the language on screen, once: called
/// when the simulator's worker starts or a lesson opens.
pub async fn load_later(lang: Lang) -> Result<(), String> {
    if LATER.with(|l| l.replace(true)) {
        return Ok(());
    }
    let later = fetch(&format!("messages/later/{}.json", lang.code()), lang).await?;
    crate::i18n::merge(later);
    Ok(())
}

/// Fetches `messages/later/` on the first pointer or key press: nothing before a touch shows
/// those messages. `then` runs once they are in (the app says again what it already showed).
pub fn load_later_on_first_touch(then: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else { return };
    let then = std::rc::Rc::new(then);
    let on_touch = Closure::<dyn Fn()>::new(move || {
        if LATER.with(Cell::get) {
            return;
        }
        let then = then.clone();
        leptos::task::spawn_local(async move {
            let lang = Lang::from_code(&crate::i18n::installed_lang());
            if load_later(lang).await.is_ok() {
                then();
            }
        });
    });
    for event in ["pointerdown", "keydown"] {
        let _ = window.add_event_listener_with_callback_and_bool(event, on_touch.as_ref().unchecked_ref(), true);
    }
    on_touch.forget();
}
