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
pub fn slot(html: impl Fn() -> String + 'static, on: impl Fn(web_sys::Event) + Copy + 'static) -> Element {
    let root = el("div").attr("class", "html-slot").on("click", on).on("change", on).on("input", on).0;
    follow_html(&root, html, |_| {});
    root
}

/// Writes `html()` into `root` now and whenever what it reads changes, keeping the focus,
/// then calls `after` (which sets what HTML text cannot: CSSOM positions, properties).
pub fn follow_html(root: &Element, html: impl Fn() -> String + 'static, after: impl Fn(&Element) + 'static) {
    follow_boxed(root.clone(), Box::new(html), Box::new(after));
}

/// The generic builders below box what they are given and call one of these: one copy of
/// the effect and the listener in the wasm, not one per call site (the app has a few hundred).
#[inline(never)]
fn follow_boxed(root: Element, html: Box<dyn Fn() -> String>, after: Box<dyn Fn(&Element)>) {
    // What was written last: an effect that runs again with the same text changes nothing.
    let mut last = None::<String>;
    crate::reactive::Effect::new(move |_| {
        let text = html();
        if last.as_deref() != Some(text.as_str()) {
            rewrite(&root, &text);
            last = Some(text);
        }
        after(&root);
    });
}

/// Puts `el` at (`x`, `y`) CSS px through the CSSOM, which the page's CSP allows (a
/// `style="…"` attribute in HTML text it refuses).
pub fn place(el: &Element, x: f64, y: f64) {
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let style = el.style();
        let _ = style.set_property("left", &format!("{x}px"));
        let _ = style.set_property("top", &format!("{y}px"));
    }
}

/// An element being built: its attributes, listeners and children, and the parts that
/// follow the app's state (each an effect).
pub struct El(pub Element);

/// Starts building a `tag` element.
pub fn el(tag: &str) -> El {
    El(crate::platform::page::document()
        .create_element(tag)
        .unwrap_or_else(|_| unreachable!("the app only makes elements with valid tag names")))
}

impl El {
    /// Sets attribute `name`.
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets attribute `name` to `value()` now and whenever what it reads changes.
    pub fn attr_fn(self, name: &'static str, value: impl Fn() -> String + 'static) -> Self {
        self.attr_boxed(name, Box::new(value))
    }

    #[inline(never)]
    fn attr_boxed(self, name: &'static str, value: Box<dyn Fn() -> String>) -> Self {
        let el = self.0.clone();
        crate::reactive::Effect::new(move |_| set_on(&el, name, Some(&value())));
        self
    }

    /// Writes `html()` inside, now and whenever what it reads changes (the focus stays).
    pub fn html_fn(self, html: impl Fn() -> String + 'static) -> Self {
        follow_html(&self.0, html, |_| {});
        self
    }

    /// Sets the text inside to `text()`, now and whenever what it reads changes.
    pub fn text_fn(self, text: impl Fn() -> String + 'static) -> Self {
        self.text_boxed(Box::new(text))
    }

    #[inline(never)]
    fn text_boxed(self, text: Box<dyn Fn() -> String>) -> Self {
        let el = self.0.clone();
        crate::reactive::Effect::new(move |_| {
            let t = text();
            if el.text_content().as_deref() != Some(t.as_str()) {
                el.set_text_content(Some(&t));
            }
        });
        self
    }

    /// Calls `f` on each `event` (listening as long as the page).
    pub fn on<E: JsCast + 'static>(self, event: &str, f: impl Fn(E) + 'static) -> Self {
        self.on_boxed(event, Box::new(move |ev: web_sys::Event| f(ev.unchecked_into())))
    }

    #[inline(never)]
    fn on_boxed(self, event: &str, f: Box<dyn Fn(web_sys::Event)>) -> Self {
        let closure = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::wrap(f);
        let _ = self.0.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        // The element holds it; it goes with the page (or the test's mount).
        closure.forget();
        self
    }

    /// Appends `child`.
    pub fn child(self, child: &web_sys::Node) -> Self {
        let _ = self.0.append_child(child);
        self
    }

    /// Appends each of `children`.
    pub fn children(self, children: &[Element]) -> Self {
        for c in children {
            let _ = self.0.append_child(c);
        }
        self
    }

    /// Keeps the element in `r` as well.
    pub fn keep<T: JsCast + Clone + 'static>(self, r: crate::reactive::NodeRef<T>) -> Self {
        r.set(self.0.clone().unchecked_into());
        self
    }
}
