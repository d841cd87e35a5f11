//! The app's frame around the canvas: the inspector pane, the bottom panels (problems,
//! reachability, metrics) with the event log, the context menu and the shortcut sheet, each a
//! component of its own so that `App` only lays them out.

use crate::i18n::Say;
use crate::i18n::{tr, Key, Lang};
use crate::reactive::*;
use crate::state::store::Ctx;
use crate::ui::dom::{el, El};
use crate::ui::html::W;
use crate::ui::panels::{problems, reach_panel, Question};
use crate::ui::simui::{live_charts, Sim};
use engine::model::{NodeId, Scenario};
use engine::validate::Diagnostic;
use engine::Msg;
use simworker::analyse::Walk;
use web_sys::Element;

/// Bottom panel tabs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Problems.
    Problems,
    /// Reachability.
    Reach,
    /// Metrics.
    Metrics,
}

/// The selection's settings (or the design's, with nothing selected) and the Break panel;
/// read-only designs show every field, none editable.
pub fn inspector_pane(ctx: Ctx, sim: Sim, diagnostics: RwSignal<Vec<Diagnostic>>, can_edit: bool) -> Element {
    let lang = ctx.lang;
    let t = move |key: Key| move || tr(lang.get(), key).to_string();
    // The form of the selection, made again when the design, the selection or the language
    // changes (inspector.rs keeps a field being typed in).
    let form = el("div").attr("class", "html-slot").0;
    let holder = form.clone();
    // The last form's owner (handed to the next run): its effect stops when the form is
    // made again.
    // The form comes from a lazily loaded chunk (ui/split.rs): each run asks for it and the
    // latest answer fills the slot; the last form's owner is dropped (its effects stop) then.
    let asked = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let shown = std::rc::Rc::new(std::cell::RefCell::new(None::<crate::reactive::Owner>));
    Effect::new(move |_: Option<()>| {
        let _ = ctx.revision.get();
        let _ = ctx.selected();
        let l = lang.get();
        let n = asked.get() + 1;
        asked.set(n);
        let (holder, asked, shown) = (holder.clone(), asked.clone(), shown.clone());
        // Nothing selected: the design's form, without the chunk.
        if ctx.editor.with_value(crate::ui::inspector::nothing_selected) {
            let (made, owner) = crate::reactive::owned(|| {
                ctx.editor.with_value(|e| crate::ui::inspector::nothing_form(ctx, e, diagnostics, l))
            });
            drop(shown.replace(Some(owner)));
            holder.set_inner_html("");
            let _ = holder.append_child(&made);
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let made = crate::ui::split::inspector_form(ctx, diagnostics, l).await;
            if asked.get() != n {
                return;
            }
            let Ok((made, owner)) = made else {
                // The chunk could not be fetched: say so where the form goes; the next
                // selection or edit asks again.
                let p = el("p").attr("class", "problem error").attr("data-testid", "inspector-not-loaded").0;
                p.set_text_content(Some(&engine::msg!("ui.inspector.not_loaded").say(l)));
                holder.set_inner_html("");
                let _ = holder.append_child(&p);
                return;
            };
            drop(shown.replace(Some(owner)));
            holder.set_inner_html("");
            let _ = holder.append_child(&made);
        });
    });
    // Read-only: every field shown, none editable.
    let mut fields = el("fieldset").attr("class", "inspector-fields");
    if !can_edit {
        fields = fields.attr("disabled", "");
    }
    let fields = fields.child(&form).child(&crate::ui::faultui::break_panel(ctx, sim));
    el("aside")
        .attr("class", "inspector")
        .attr("data-testid", "inspector")
        .attr_fn("aria-label", t(Key::Inspector))
        .child(&el("h2").text_fn(t(Key::Inspector)).0)
        .child(&fields.0)
        .0
}

/// Problems, reachability and metrics in tabs, and the event log beside them.
pub fn bottom_panels(
    ctx: Ctx,
    sim: Sim,
    diagnostics: RwSignal<Vec<Diagnostic>>,
    question: RwSignal<Option<Question>>,
    answer: RwSignal<Option<Result<Walk, Msg>>>,
    tab: RwSignal<Tab>,
) -> Element {
    let (lang, editor) = (ctx.lang, ctx.editor);
    let t = move |key: Key| move || tr(lang.get(), key).to_string();
    let problem_count = move || diagnostics.get().iter().filter(|d| d.severity != engine::Severity::Info).count();
    let tabs = move || {
        let (l, open, count) = (lang.get(), tab.get(), problem_count());
        let mut w = W::default();
        w.open("div", &[("class", "tabs"), ("role", "tablist")]);
        for (which, key, testid) in [
            (Tab::Problems, Key::Problems, "tab-problems"),
            (Tab::Reach, Key::Reachability, "tab-reach"),
            (Tab::Metrics, Key::Metrics, "tab-metrics"),
        ] {
            let on = which == open;
            let attrs = [
                ("role", "tab"),
                ("data-testid", testid),
                ("aria-selected", if on { "true" } else { "false" }),
                if on { ("class", "active") } else { ("", "") },
            ];
            w.open("button", &attrs);
            w.text(tr(l, key));
            if which == Tab::Problems && count > 0 {
                w.leaf("span", &[("class", "count-pill")], &count.to_string());
            }
            w.close("button");
        }
        w.close("div");
        w.0
    };
    let on_tab = move |ev: web_sys::Event| {
        let which =
            match crate::ui::dom::from_event(&ev, "[role=tab]").and_then(|b| b.get_attribute("data-testid")).as_deref()
            {
                Some("tab-problems") => Tab::Problems,
                Some("tab-reach") => Tab::Reach,
                Some("tab-metrics") => Tab::Metrics,
                _ => return,
            };
        tab.set(which);
    };
    let summary = move || {
        let _ = ctx.revision.get();
        let mut w = W::default();
        w.leaf(
            "p",
            &[("data-testid", "address-summary")],
            &editor.with_value(|e| address_summary(&e.doc.scenario, lang.get())),
        );
        w.0
    };
    // The open tab's body is shown, the others hidden (in the order of the tabs).
    let hidden = |e: El| e.attr("hidden", "");
    let body = el("div")
        .attr("class", "tab-body")
        .attr("role", "tabpanel")
        .child(&el("div").child(&problems(ctx, diagnostics)).0)
        .child(&hidden(el("div")).child(&reach_panel(ctx, question, answer)).0)
        .child(
            &hidden(el("div"))
                .child(&live_charts(ctx, sim))
                .child(&el("div").attr("class", "html-slot").html_fn(summary).0)
                .0,
        )
        .0;
    let tab_body = body.clone();
    Effect::new(move |_| {
        let open = tab.get();
        let children = tab_body.children();
        for (i, which) in [Tab::Problems, Tab::Reach, Tab::Metrics].into_iter().enumerate() {
            if let Some(el) = children.item(i as u32) {
                crate::ui::dom::set_on(&el, "hidden", (which != open).then_some(""));
            }
        }
    });
    let log = move || {
        let l = lang.get();
        let mut w = W::default();
        for e in ctx.log.get().iter().rev() {
            let what = match &e.text {
                Some(text) => text.say(l),
                None => tr(l, e.key).to_string(),
            };
            let detail = e.detail.say(l);
            w.open("li", &[]);
            w.leaf("time", &[], &e.time);
            w.text(&if detail.is_empty() { format!(" {what}") } else { format!(" {what}: {detail}") });
            w.close("li");
        }
        w.0
    };
    el("section")
        .attr("class", "bottom")
        .child(&el("div").attr("class", "tabs-panel").child(&crate::ui::dom::slot(tabs, on_tab)).child(&body).0)
        .child(
            &el("div")
                .attr("class", "log")
                .attr_fn("aria-label", t(Key::EventLog))
                .child(&el("h2").text_fn(t(Key::EventLog)).0)
                .child(&el("ol").attr("data-testid", "event-log").html_fn(log).0)
                .0,
        )
        .0
}

/// The menu a right click (or a long press) opens on an element: the failures it can be
/// given, and Delete. Written as HTML text; a fault's item carries the fault as JSON.
pub fn context_menu(ctx: Ctx, sim: Sim, menu: RwSignal<Option<(f64, f64, NodeId)>>) -> Element {
    let (lang, editor) = (ctx.lang, ctx.editor);
    let on_click = move |ev: web_sys::Event| {
        let Some(item) = crate::ui::dom::from_event(&ev, "button") else { return };
        menu.set(None);
        match item.get_attribute("data-fault") {
            Some(fault) => {
                if let Some(kind) = crate::ui::faultui::read_fault(&fault) {
                    crate::ui::faultui::inject(ctx, sim, kind);
                }
            }
            None => ctx.delete_selected(),
        }
    };
    let html = move || {
        let Some((_, _, id)) = menu.get() else { return String::new() };
        let l = lang.get();
        let instances = sim.live.with_value(|live| live.as_ref().map(|x| x.instances.clone()).unwrap_or_default());
        let breaks = editor.with_value(|e| crate::ui::faultui::options(&e.doc.scenario, &id, &instances));
        let mut w = W::default();
        w.open("div", &[("class", "context-menu"), ("role", "menu"), ("data-testid", "context-menu")]);
        for (key, kind) in &breaks {
            let testid = format!("menu-{}", kind.name());
            let json = serde_json::to_string(kind).unwrap_or_default();
            w.leaf(
                "button",
                &[("role", "menuitem"), ("class", "break"), ("data-testid", &testid), ("data-fault", &json)],
                tr(l, *key),
            );
        }
        w.leaf("button", &[("role", "menuitem"), ("data-testid", "menu-delete")], tr(l, Key::Delete));
        w.close("div");
        w.0
    };
    let root = el("div")
        .attr("class", "html-slot")
        .on("click", on_click)
        .on("keydown", move |ev: web_sys::KeyboardEvent| {
            if ev.key() == "Escape" {
                menu.set(None)
            }
        })
        .0;
    // Where it was opened: a CSSOM position, which the CSP allows (a style="…" attribute it
    // refuses).
    crate::ui::dom::follow_html(&root, html, move |root| {
        if let (Some((x, y, _)), Some(card)) = (menu.get_untracked(), root.first_element_child()) {
            crate::ui::dom::place(&card, x + 4.0, y + 4.0);
        }
    });
    root
}

/// The keyboard shortcuts, opened with ? and closed with Escape, Close or a click outside.
pub fn shortcut_sheet(lang: RwSignal<Lang>, open: RwSignal<bool>) -> Element {
    let html = move || {
        if !open.get() {
            return String::new();
        }
        let l = lang.get();
        let mut w = W::default();
        w.open("div", &[("class", "sheet-backdrop"), ("data-close", "")]);
        let title = tr(l, Key::ShortcutsTitle);
        w.open(
            "div",
            &[
                ("class", "sheet"),
                ("role", "dialog"),
                ("aria-modal", "true"),
                ("aria-label", title),
                ("data-testid", "shortcuts-sheet"),
            ],
        );
        w.leaf("h2", &[], title);
        w.open("dl", &[]);
        for (k, what) in crate::i18n::shortcuts(l) {
            w.open("dt", &[]);
            w.leaf("kbd", &[], k);
            w.close("dt");
            w.leaf("dd", &[], what);
        }
        w.close("dl");
        w.leaf("button", &[("data-close", "")], tr(l, Key::Close));
        w.close("div");
        w.close("div");
        w.0
    };
    // The backdrop or Close: a click inside the sheet (not on Close) keeps it open.
    let on_click = move |ev: web_sys::Event| {
        let target = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
        if target.is_some_and(|t| t.has_attribute("data-close")) {
            open.set(false);
        }
    };
    crate::ui::dom::slot(html, on_click)
}

/// "4 subnets · 1,004 usable IPv4 addresses", computed by the engine.
fn address_summary(s: &Scenario, lang: Lang) -> String {
    let subnets: Vec<u64> = s.nodes.iter().filter_map(|n| engine::view::usable_addresses(s, &n.id)).collect();
    let total: u64 = subnets.iter().sum();
    let code = if subnets.len() == 1 { "phrase.address.one_subnet" } else { "phrase.address.subnets" };
    crate::i18n::phrase(lang, code, &[("n", &subnets.len().to_string()), ("usable", &group_digits(total))])
}

fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
