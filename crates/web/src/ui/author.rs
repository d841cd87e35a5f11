//! The authoring panel beside the canvas ("Make a lesson from this design", its element in the Learn view), as the worker writes it (simworker's `author::panel`): one listener sends its buttons (`data-act`) and fields (`data-path`) to the desk, and engine messages in it (`data-msg`) are said in the reader's language.
//!
//! Typing is sent quietly (the field shows it already, so the panel is not drawn again and
//! the caret stays); a choice, a button or leaving a field draws the panel again.

use crate::i18n::Say;
use crate::platform::page::*;
use crate::reactive::*;
use crate::state::author::Author;
use crate::state::lesson::Learn;
use crate::state::store::Ctx;
use crate::ui::checklist::value_of;
use engine::Msg;
use serde_json::json;
use wasm_bindgen::JsCast;

/// Wire the authoring panel `panel` (its element is the Learn view's, beside the lesson
/// panel's): drawn from the desk's HTML, and drawn again whenever what it shows changes (the
/// design, the selection, the question, the language). Returns its event handler.
pub fn wire(
    ctx: Ctx,
    author: Author,
    learn: Learn,
    panel: NodeRef<web_sys::HtmlElement>,
) -> impl Fn(web_sys::Event) + Copy {
    author.on_draw(Box::new(move |body: &str| {
        let Some(el) = panel.get_untracked() else { return };
        crate::ui::checklist::fill(&el, body);
        say_messages(&el, ctx.lang.get_untracked());
    }));
    Effect::new(move |_| {
        let open = author.open.get() && learn.shown.with(|s| s.doc.is_none());
        let _ = (ctx.lang.get(), ctx.revision.get(), ctx.selected());
        if let Some(el) = panel.get() {
            el.set_hidden(!open);
        }
        if open {
            author.act(ctx, json!({ "op": "open" }));
        }
    });
    move |ev| on_act(ctx, author, panel, ev)
}

/// Say each engine message of the panel (`data-msg`, a `Msg` as JSON) in `lang`.
fn say_messages(el: &web_sys::HtmlElement, lang: crate::i18n::Lang) {
    let Ok(found) = el.query_selector_all("[data-msg]") else { return };
    for i in 0..found.length() {
        let Some(node) = found.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
        let said =
            node.get_attribute("data-msg").and_then(|m| serde_json::from_str::<Msg>(&m).ok()).map(|m| m.say(lang));
        node.set_text_content(said.as_deref());
    }
}

/// A field typed in, a choice changed, or a button pressed: sent to the desk.
fn on_act(ctx: Ctx, author: Author, panel: NodeRef<web_sys::HtmlElement>, ev: web_sys::Event) {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    let kind = ev.type_();
    if let Some(path) = el.get_attribute("data-path") {
        let quiet = kind == "input";
        return author.act(ctx, json!({ "op": "set", "path": path, "value": value_of(&el), "quiet": quiet }));
    }
    if kind != "click" {
        return;
    }
    let Some(button) = el.closest("[data-act]").ok().flatten() else { return };
    let attr = |name: &str| button.get_attribute(name).unwrap_or_default();
    // The value of the panel's control `testid` (the problem or the field picked).
    let control = |testid: &str| {
        let el =
            panel.get_untracked().and_then(|p| p.query_selector(&format!("[data-testid={testid}]")).ok().flatten());
        el.map(|e| value_of(&e)).unwrap_or_default()
    };
    let op = attr("data-act");
    let l = ctx.lang.get_untracked();
    let (steps, _) = author.steps();
    let ask = |m: Msg| window().confirm_with_message(&m.say(l)).unwrap_or(false);
    match op.as_str() {
        "close" => author.open.set(false),
        // Recording again drops the steps; discarding drops the draft: asked first.
        "record" if steps > 0 && !ask(engine::msg!("author.record_again", n = steps)) => return,
        "discard" if !ask(engine::msg!("author.discard_draft")) => return,
        _ => {}
    }
    author.act(
        ctx,
        json!({
            "op": op,
            "list": attr("data-list"),
            "index": attr("data-index").parse::<usize>().or_else(|_| control("author-diag-pick").parse()).unwrap_or(usize::MAX),
            "presence": control("author-diag-presence"),
            "field": control("author-prop-field"),
        }),
    );
}
