//! The inspector: the selected element's settings as a form (name, CIDR blocks, route tables, security group and network ACL rules), with the engine's diagnostics for it inline.
//!
//! The form is HTML text (write.rs) with one listener: each control says what it does in its
//! `data-*` attributes, and act.rs applies that to a copy of the design. The parts of the form
//! and the edits that belong to one service's kinds live in that service's room (vpc.rs for
//! the VPC and its network objects, ec2.rs for an instance), so that a new kind touches its
//! room, not every file of the inspector. Every field commits
//! on change as one undoable edit; a value that does not parse is refused with a message and
//! leaves the design untouched.

mod act;
mod controls;
mod ec2;
mod vpc;
mod write;

use crate::editor::session::Editor;
use crate::i18n::Say;
use crate::i18n::{tr, Key, Lang};
use crate::reactive::*;
use crate::state::store::{delete_network_object, Ctx};
use act::Act;
use engine::model::NodeId;
use engine::netobj::ObjectKind;
use engine::validate::{Diagnostic, Severity};
use wasm_bindgen::JsCast;

/// The inspector body for the current selection. The problems are a region of their own:
/// verdicts arrive from the worker a moment after an edit, and must not rebuild a field
/// the person is typing in.
pub fn inspector(ctx: Ctx, e: &Editor, diagnostics: RwSignal<Vec<Diagnostic>>, l: Lang) -> web_sys::Element {
    if e.selection.len() > 1 {
        return form(ctx, write::multi(e, l), diagnostics, e.selection.clone(), true, l);
    }
    if let Some(i) = e
        .selected
        .as_ref()
        .filter(|id| crate::render::users::exists(&e.doc.scenario, id))
        .and_then(crate::render::users::index)
    {
        return form(ctx, write::users(e, i, l), diagnostics, Vec::new(), false, l);
    }
    let Some(node) = e.selected.as_ref().and_then(|id| e.doc.scenario.node(id)) else {
        return form(ctx, write::nothing(e, l), diagnostics, Vec::new(), false, l);
    };
    form(ctx, write::node(e, &node.id, l), diagnostics, vec![node.id.clone()], false, l)
}

/// The form `html`, listened to; its problems slot follows the diagnostics of `targets` (one
/// element: each problem; several: how many errors).
fn form(
    ctx: Ctx,
    html: String,
    diagnostics: RwSignal<Vec<Diagnostic>>,
    targets: Vec<NodeId>,
    multi: bool,
    l: Lang,
) -> web_sys::Element {
    let root = crate::ui::dom::el("div")
        .attr("class", "inspector-form")
        .on("change", move |ev: web_sys::Event| crate::ui::split::send_event(ctx, ev))
        .on("click", move |ev: web_sys::Event| crate::ui::split::send_event(ctx, ev))
        .0;
    root.set_inner_html(&html);
    let el = root.clone();
    Effect::new(move |_| {
        let problems = diagnostics.with(|all| problems(all, &targets, multi, l));
        if let Ok(Some(slot)) = el.query_selector(".problems-slot") {
            slot.set_inner_html(&problems);
        }
        // A box of elements that differ shows neither on nor off (a property, not markup).
        if let Ok(mixed) = el.query_selector_all("[data-mixed]") {
            for i in 0..mixed.length() {
                if let Some(node) = mixed.item(i) {
                    let _ = js_sys::Reflect::set(&node, &"indeterminate".into(), &true.into());
                }
            }
        }
    });
    root
}

/// The problems of `targets` as HTML (messages in the reader's language, escaped).
fn problems(all: &[Diagnostic], targets: &[NodeId], multi: bool, l: Lang) -> String {
    use engine::text::escape_markup as escape;
    if multi {
        let n = all.iter().filter(|d| targets.contains(&d.target) && d.severity == Severity::Error).count();
        return if n > 0 {
            format!(r#"<p class="problem error">{n} {}</p>"#, escape(tr(l, Key::Errors)))
        } else {
            String::new()
        };
    }
    let mine: Vec<&Diagnostic> =
        all.iter().filter(|d| targets.contains(&d.target) && d.severity != Severity::Info).collect();
    if mine.is_empty() {
        return String::new();
    }
    let mut h = String::from(r#"<ul class="inline-problems" data-testid="inspector-problems">"#);
    for d in mine {
        let class = if d.severity == Severity::Error { "problem error" } else { "problem warning" };
        h.push_str(&format!(
            r#"<li class="{class}"><code>{}</code> {}<div class="hint">{}</div></li>"#,
            escape(&d.code),
            escape(&d.message.say(l)),
            escape(&d.hint.say(l))
        ));
    }
    h.push_str("</ul>");
    h
}

/// Whether the inspector shows the design's own form (nothing selected): made without the
/// lazily loaded chunk (ui/split.rs), so that the first screen does not fetch it.
pub fn nothing_selected(e: &Editor) -> bool {
    e.selection.len() <= 1
        && e.selected
            .as_ref()
            .filter(|id| crate::render::users::exists(&e.doc.scenario, id))
            .and_then(crate::render::users::index)
            .is_none()
        && e.selected.as_ref().and_then(|id| e.doc.scenario.node(id)).is_none()
}

/// The design's own form (nothing selected).
pub fn nothing_form(ctx: Ctx, e: &Editor, diagnostics: RwSignal<Vec<Diagnostic>>, l: Lang) -> web_sys::Element {
    form(ctx, write::nothing(e, l), diagnostics, Vec::new(), false, l)
}

/// A control of the form changed, or a button of it was pressed: do what it says.
pub fn on_event(ctx: Ctx, ev: web_sys::Event) {
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    let Some(control) = target.closest("[data-act]").ok().flatten() else { return };
    let Some(act) = Act::read(|name| control.get_attribute(name)) else { return };
    let button = act.on_click() || control.has_attribute("data-button");
    if button != (ev.type_() == "click") {
        return;
    }
    let checkbox = control.get_attribute("type").as_deref() == Some("checkbox");
    let value = if checkbox {
        js_sys::Reflect::get(&control, &"checked".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false).to_string()
    } else {
        crate::ui::checklist::value_of(&control)
    };
    match &act {
        Act::Open(id) => ctx.select(Some(id.clone())),
        Act::Delete(id) => delete_network_object(ctx, id),
        Act::New { vpc, kind } => new_object(ctx, vpc, *kind),
        _ => {
            let Some((mut doc, ids)) = ctx.editor.try_with_value(|e| {
                let ids =
                    if e.selection.len() > 1 { e.selection.clone() } else { e.selected.iter().cloned().collect() };
                (e.doc.scenario.clone(), ids)
            }) else {
                return;
            };
            match act::edit(&mut doc, &ids, &act, &value) {
                // Unchanged (a value written differently): the form shows the design's again.
                Ok(()) => {
                    if !ctx.edit(|s| *s = doc) {
                        ctx.bump();
                    }
                }
                Err(why) => refuse(ctx, why),
            }
        }
    }
}

/// Say why a value was refused, and draw the form again so that it shows what the design
/// still has.
fn refuse(ctx: Ctx, why: engine::Msg) {
    ctx.toast(why);
    ctx.bump();
}

/// A new route table, security group or network ACL in `vpc`, selected.
fn new_object(ctx: Ctx, vpc: &NodeId, kind: ObjectKind) {
    let created = ctx.editor.try_with_value(|e| engine::netobj::new_object(&e.doc.scenario, vpc, kind));
    match created {
        Some(Ok(node)) => {
            let (id, kind) = (node.id.clone(), node.spec.kind());
            ctx.edit(|s| s.nodes.push(node));
            ctx.note_text(Key::Created, crate::i18n::named(kind, id.as_str()));
            ctx.select(Some(id));
        }
        Some(Err(why)) => ctx.toast(why),
        None => {}
    }
}
