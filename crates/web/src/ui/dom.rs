//! Small DOM helpers for parts written as HTML text (`html.rs`): find a control by its test id, set what changed, rewrite a part keeping the focus, and find which control an event came from.

use wasm_bindgen::JsCast;
use web_sys::Element;

/// The element under `root` with test id `testid`.
pub fn part(root: &Element, testid: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid={testid}]")).ok().flatten()
}

/// Sets (or, with `None`, removes) an attribute of `root`'s element `testid`, if it is there
/// and the value changed.
pub fn set(root: &Element, testid: &str, name: &str, value: Option<&str>) {
    if let Some(el) = part(root, testid) {
        set_on(&el, name, value);
    }
}

/// Sets (or, with `None`, removes) an attribute of `el` when it changed.
pub fn set_on(el: &Element, name: &str, value: Option<&str>) {
    let _ = match value {
        Some(v) if el.get_attribute(name).as_deref() != Some(v) => el.set_attribute(name, v),
        Some(_) => Ok(()),
        None if el.has_attribute(name) => el.remove_attribute(name),
        None => Ok(()),
    };
}

/// Sets the text of `root`'s element `testid` when it changed.
pub fn set_text(root: &Element, testid: &str, text: &str) {
    if let Some(el) = part(root, testid) {
        if el.text_content().as_deref() != Some(text) {
            el.set_text_content(Some(text));
        }
    }
}

/// Replaces `root`'s contents with `html`; the control that had the focus (found again by
/// its test id) keeps it, so a keyboard user is not thrown out of the panel.
pub fn rewrite(root: &Element, html: &str) {
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .filter(|a| root.contains(Some(a)))
        .and_then(|a| a.get_attribute("data-testid"));
    root.set_inner_html(html);
    if let Some(el) = focused.and_then(|id| part(root, &id)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The nearest element matching `selector` at or above where event `ev` happened.
pub fn from_event(ev: &web_sys::Event, selector: &str) -> Option<Element> {
    ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest(selector).ok().flatten())
}

/// A part written as HTML text by `html`, inside a `display: contents` wrapper: written again
/// (with `rewrite`, so the focus stays) whenever what `html` reads changes; one listener,
/// `on`, for its clicks, changes and input (`Event::type_` tells them apart).
pub fn slot(
    html: impl Fn() -> String + 'static,
    on: impl Fn(web_sys::Event) + Copy + 'static,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let root = NodeRef::<leptos::html::Div>::new();
    // What was written last: an effect that runs again with the same text changes nothing.
    let last = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let text = html();
        if let Some(el) = root.get() {
            if last.with_value(|l| l.as_deref() != Some(text.as_str())) {
                rewrite(&el, &text);
                last.set_value(Some(text));
            }
        }
    });
    view! {
        <div class="html-slot" node_ref=root on:click=move |ev| on(ev.into()) on:change=on on:input=on></div>
    }
}
