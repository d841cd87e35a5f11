//! The top bar: the brand, the File menu and examples, the design's name, undo and redo,
//! the simulation's controls, share and embed, language, theme and the shortcut sheet.
//!
//! Written as HTML text once per language (`bar_html`) and kept up to date by setting the
//! few attributes and texts that change (`refresh`); one listener per event type reads what a
//! control does from its `data-testid`. A Leptos view per control cost the first load a copy
//! of the rendering code each (issue #15).

use crate::i18n::{tr, Key, Lang};
use crate::platform::page::*;
use crate::reactive::*;
use crate::state::store::{css_size, Ctx, LANG_KEY, THEME_KEY};
use crate::ui::dom::{part, set, set_text};
use crate::ui::html::W;
use crate::ui::simui::Sim;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// What the bar offers: compact in an embed (no File menu, examples, share, theme or help;
/// a Panels button and "Open in Stratus" instead), no undo when read-only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offer {
    /// Embed mode.
    pub embedded: bool,
    /// Edits are allowed.
    pub can_edit: bool,
    /// An embed's fault buttons.
    pub show_faults: bool,
}

/// The bar's contents in language `l`, the run's speed `speed` chosen; an embed's "Open in
/// Stratus" opens `start` until the design's link is ready.
pub fn bar_html(l: Lang, offer: Offer, speed: f64, start: &str) -> String {
    let mut w = W::default();
    w.open("div", &[("class", "brand")]);
    w.leaf("span", &[("class", "logo"), ("aria-hidden", "true")], "◆");
    w.leaf("span", &[("class", "brand-name")], "Stratus");
    w.leaf("span", &[("class", "tagline")], tr(l, Key::AppTagline));
    w.close("div");
    if !offer.embedded {
        crate::ui::files::menu_html(&mut w, l);
        w.open("select", &[("class", "examples"), ("data-testid", "examples"), ("aria-label", tr(l, Key::Examples))]);
        w.leaf("option", &[("value", ""), ("selected", "")], tr(l, Key::Examples));
        for &(k, name) in engine::scenarios::EXAMPLES {
            w.leaf("option", &[("value", k)], crate::i18n::word(l, &format!("example.{k}")).unwrap_or(name));
        }
        w.close("select");
        w.leaf(
            "button",
            &[
                ("class", "learn"),
                ("data-testid", "learn"),
                ("aria-pressed", "false"),
                ("title", tr(l, Key::LearnHelp)),
            ],
            tr(l, Key::Learn),
        );
    }
    // The name gives way first when the bar is crowded; too narrow to read, it is not shown
    // at all (style.css), rather than as a lone first letter that looks like a button.
    w.open("div", &[("class", "doc-name")]);
    w.leaf("span", &[("data-testid", "scenario-name")], "");
    w.close("div");
    if offer.can_edit {
        w.open("div", &[("class", "controls"), ("role", "toolbar"), ("aria-label", tr(l, Key::EditTools))]);
        for (testid, key, keys, sign) in [("undo", Key::Undo, "Ctrl+Z", "↶"), ("redo", Key::Redo, "Ctrl+Shift+Z", "↷")]
        {
            let title = format!("{} ({keys})", tr(l, key));
            w.leaf(
                "button",
                &[("data-testid", testid), ("title", &title), ("disabled", "")],
                &format!("{sign} {}", tr(l, key)),
            );
        }
        w.close("div");
    }
    w.open("div", &[("class", "controls"), ("role", "toolbar"), ("aria-label", tr(l, Key::SimEvent))]);
    crate::ui::simui::controls_html(&mut w, l, speed);
    if offer.embedded && offer.show_faults {
        // Filled only for a design with traffic (`refresh`): without requests a fault breaks nothing.
        w.leaf("span", &[("class", "html-slot"), ("data-testid", "embed-faults")], "");
    }
    if !offer.embedded {
        w.leaf("button", &[("data-testid", "share"), ("title", tr(l, Key::ShareHelp))], tr(l, Key::Share));
        w.leaf("button", &[("data-testid", "copy-embed"), ("title", tr(l, Key::CopyEmbedHelp))], tr(l, Key::CopyEmbed));
    }
    w.leaf("button", &[("class", "lang"), ("data-testid", "lang-switch")], tr(l, Key::LanguageSwitch));
    if offer.embedded {
        w.leaf("button", &[("data-testid", "embed-panels"), ("aria-pressed", "false")], tr(l, Key::Panels));
        let open = tr(l, Key::OpenInStratus);
        w.leaf(
            "a",
            &[
                ("class", "open-full"),
                ("data-testid", "open-in-stratus"),
                ("href", start),
                ("target", "_blank"),
                ("rel", "noopener"),
            ],
            open,
        );
    } else {
        // Its icon and words follow the theme (`refresh`).
        w.leaf("button", &[("class", "theme"), ("data-testid", "theme-switch")], "");
        let help = tr(l, Key::Shortcuts);
        w.leaf(
            "button",
            &[("class", "help"), ("data-testid", "shortcuts"), ("title", help), ("aria-label", help)],
            "?",
        );
    }
    w.close("div");
    w.0
}

/// An embed's fault buttons, for a design with traffic.
fn fault_buttons_html(l: Lang) -> String {
    let mut w = W::default();
    w.leaf("button", &[("data-testid", "fault-crash"), ("class", "fault")], tr(l, Key::CrashAnInstance));
    w.leaf("button", &[("data-testid", "fault-az"), ("class", "fault")], tr(l, Key::AzOutageButton));
    w.0
}

/// The sun on the theme button (the dark theme is on: it switches to light).
const SUN: &str = r#"<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><circle cx="12" cy="12" r="4.5"/><path d="M12 1.5v2.5M12 20v2.5M1.5 12H4M20 12h2.5M4.6 4.6l1.8 1.8M17.6 17.6l1.8 1.8M4.6 19.4l1.8-1.8M17.6 6.4l1.8-1.8"/></svg>"#;

/// The crescent moon on the theme button (the light theme is on: it switches to dark).
const MOON: &str = r#"<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"><path d="M20.5 14.5A8.5 8.5 0 1 1 9.5 3.5a7 7 0 0 0 11 11z"/></svg>"#;

/// The app's state the bar shows and changes.
#[derive(Clone, Copy)]
pub struct Bar {
    /// Shared app state.
    pub ctx: Ctx,
    /// The simulation.
    pub sim: Sim,
    /// The diagram (a share link carries its view).
    pub canvas_ref: NodeRef<web_sys::HtmlCanvasElement>,
    /// Dark theme.
    pub dark: RwSignal<bool>,
    /// The shortcut sheet is open.
    pub sheet: RwSignal<bool>,
    /// An embed's bottom panel is open.
    pub panels_open: RwSignal<bool>,
    /// What the bar offers.
    pub offer: Offer,
    /// The Learn view.
    pub learn: crate::state::lesson::Learn,
    /// The lesson being made.
    pub author: crate::state::author::Author,
}

/// The bar across the top of the app.
pub fn top_bar(bar: Bar) -> Element {
    let root = NodeRef::<web_sys::HtmlElement>::new();
    let ctx = bar.ctx;
    // The language the bar's text is written in, and whether the File menu is open.
    let written = StoredValue::new(None::<Lang>);
    let menu_open = RwSignal::new(false);
    let faults = crate::ui::embed_ui::Faults::default();
    // Written again when the language changes; the control that had the focus keeps it.
    Effect::new(move |_| {
        let l = ctx.lang.get();
        let Some(root) = root.get() else { return };
        if written.get_value() == Some(l) {
            return;
        }
        crate::ui::dom::rewrite(
            &root,
            &bar_html(l, bar.offer, bar.sim.speed.get_untracked(), &crate::ui::embed_ui::app_url()),
        );
        written.set_value(Some(l));
        bar.refresh(&root, l, menu_open.get_untracked());
        if bar.offer.embedded {
            if let Some(a) = part(&root, "open-in-stratus") {
                crate::ui::embed_ui::refresh_open_link(ctx, a, false);
            }
        }
    });
    // What changes with the design, the run, the theme and the panels.
    Effect::new(move |_| {
        let _ = (ctx.revision.get(), bar.sim.tick.get(), bar.dark.get(), bar.panels_open.get(), ctx.design_id.get());
        let _ = bar.learn.shown.with(|s| s.map_open);
        let open = menu_open.get();
        let l = ctx.lang.get_untracked();
        if let Some(root) = root.get() {
            if written.get_value().is_some() {
                bar.refresh(&root, l, open);
            }
        }
    });
    // An embed's "Open in Stratus" follows the design.
    if bar.offer.embedded {
        Effect::new(move |_| {
            let _ = ctx.revision.get();
            if let Some(a) = root.get().and_then(|r| part(&r, "open-in-stratus")) {
                crate::ui::embed_ui::refresh_open_link(ctx, a, false);
            }
        });
    }
    let on_click = move |ev: web_sys::Event| {
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        let Some(root) = root.get_untracked() else { return };
        if let Some(b) = el.closest("[data-design]").ok().flatten() {
            let (what, id) =
                (b.get_attribute("data-design").unwrap_or_default(), b.get_attribute("data-id").unwrap_or_default());
            if crate::ui::files::design_action(ctx, &what, &id) {
                menu_open.set(false);
            } else {
                bar.list_designs(&root);
            }
            return;
        }
        let Some(testid) =
            el.closest("button[data-testid]").ok().flatten().and_then(|b| b.get_attribute("data-testid"))
        else {
            return;
        };
        bar.click(&root, &testid, menu_open, faults);
    };
    let on_change = move |ev: web_sys::Event| {
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        match el.get_attribute("data-testid").as_deref() {
            Some("examples") => {
                if let Ok(select) = el.dyn_into::<web_sys::HtmlSelectElement>() {
                    let key = select.value();
                    // Back on its title, whatever happens next.
                    select.set_value("");
                    open_example(ctx, key);
                }
            }
            Some("speed") => {
                if let Some(v) = el
                    .dyn_into::<web_sys::HtmlSelectElement>()
                    .ok()
                    .and_then(|s| crate::platform::number::parse_f64(&s.value()))
                {
                    bar.sim.set_speed(v);
                }
            }
            Some("import-input") => {
                if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
                    if let Some(file) = input.files().and_then(|f| f.get(0)) {
                        crate::ui::files::import_file(ctx, bar.learn, file);
                    }
                    input.set_value("");
                }
                menu_open.set(false);
            }
            _ => {}
        }
    };
    // The pointer or the focus reaching "Open in Stratus": the link takes the reader's view.
    // Reaching the language button: the other language's words are fetched, so that the
    // click switches at once.
    let to_open_link = move |target: Option<web_sys::EventTarget>| {
        let target = target.and_then(|t| t.dyn_into::<Element>().ok());
        let near =
            |testid: &str| target.as_ref().and_then(|t| t.closest(&format!("[data-testid={testid}]")).ok().flatten());
        if let Some(a) = near("open-in-stratus") {
            crate::ui::embed_ui::refresh_open_link(ctx, a, true);
        }
        if near("lang-switch").is_some() {
            crate::platform::messages::prefetch_ui(ctx.lang.get_untracked().other());
        }
    };
    crate::ui::dom::el("header")
        .attr("class", "topbar")
        .keep(root)
        .on("click", on_click)
        .on("change", on_change)
        .on("pointerover", move |ev: web_sys::Event| to_open_link(ev.target()))
        .on("pointerdown", move |ev: web_sys::Event| to_open_link(ev.target()))
        .on("focusin", move |ev: web_sys::Event| to_open_link(ev.target()))
        .0
}

impl Bar {
    /// Brings the bar's changing parts up to date.
    fn refresh(self, root: &Element, l: Lang, menu_open: bool) {
        let (ctx, sim) = (self.ctx, self.sim);
        let (name, can_undo, can_redo, has_traffic) = ctx.editor.with_value(|e| {
            (
                e.doc.scenario.name.clone(),
                e.doc.history.can_undo(),
                e.doc.history.can_redo(),
                !e.doc.scenario.traffic.is_empty(),
            )
        });
        set_text(root, "scenario-name", crate::i18n::design_name(l, &name));
        set(root, "undo", "disabled", (!can_undo).then_some(""));
        set(root, "redo", "disabled", (!can_redo).then_some(""));
        let map_open = self.learn.shown.with_untracked(|s| s.map_open);
        set(root, "learn", "aria-pressed", Some(if map_open { "true" } else { "false" }));
        let running = sim.running();
        set(root, "run", "class", running.then_some("active"));
        set(root, "run", "title", Some(tr(l, if running { Key::Pause } else { Key::Run })));
        set_text(root, "run", &crate::ui::simui::run_label(running, l));
        set_text(root, "sim-clock", &crate::ui::simui::clock_text(sim, l));
        if let Some(slot) = part(root, "embed-faults") {
            if slot.child_element_count() > 0 && !has_traffic {
                slot.set_inner_html("");
            } else if slot.child_element_count() == 0 && has_traffic {
                slot.set_inner_html(&fault_buttons_html(l));
            }
        }
        set(
            root,
            "embed-panels",
            "aria-pressed",
            Some(if self.panels_open.get_untracked() { "true" } else { "false" }),
        );
        let dark = self.dark.get_untracked();
        let theme = tr(l, if dark { Key::LightTheme } else { Key::DarkTheme });
        set(root, "theme-switch", "title", Some(theme));
        set(root, "theme-switch", "aria-label", Some(theme));
        // The icon is put in only when the theme changed (`data-dark` says which it shows):
        // the refresh runs at every change of the design, each step of a drag included.
        if let Some(b) = part(root, "theme-switch") {
            let shows = if dark { "true" } else { "false" };
            if b.get_attribute("data-dark").as_deref() != Some(shows) {
                b.set_inner_html(if dark { SUN } else { MOON });
                let _ = b.set_attribute("data-dark", shows);
            }
        }
        let was_open =
            part(root, "file-menu").and_then(|b| b.get_attribute("aria-expanded")).as_deref() == Some("true");
        set(root, "file-menu", "aria-expanded", Some(if menu_open { "true" } else { "false" }));
        if let Some(panel) = root.query_selector(".menu-panel").ok().flatten() {
            if menu_open {
                let _ = panel.remove_attribute("hidden");
            } else {
                let _ = panel.set_attribute("hidden", "");
            }
        }
        if menu_open && !was_open {
            self.list_designs(root);
        }
    }

    /// The File menu's list of saved designs, read again from storage.
    fn list_designs(self, root: &Element) {
        let (designs, current, l) =
            (self.ctx.saved_designs(), self.ctx.design_id.get_untracked(), self.ctx.lang.get_untracked());
        if let Some(ul) = part(root, "designs") {
            ul.set_inner_html(&crate::ui::files::designs_html(&designs, &current, l));
        }
    }

    /// The button `testid` was pressed.
    fn click(self, root: &Element, testid: &str, menu_open: RwSignal<bool>, faults: crate::ui::embed_ui::Faults) {
        let (ctx, sim) = (self.ctx, self.sim);
        match testid {
            "file-menu" => menu_open.update(|o| *o = !*o),
            "learn" => self.learn.show_map(ctx),
            "undo" => ctx.undo(false),
            "redo" => ctx.undo(true),
            "run" => sim.toggle(ctx),
            "step" => sim.step(ctx),
            "stop" => sim.stop(ctx),
            "fault-crash" => faults.crash(ctx, sim),
            "fault-az" => faults.outage(ctx, sim),
            "share" => copy_share_link(ctx, self.canvas_ref, self.learn),
            "copy-embed" => crate::ui::embed_ui::copy_embed_code(ctx),
            "lang-switch" => switch_lang(ctx),
            "embed-panels" => self.panels_open.update(|o| *o = !*o),
            "theme-switch" => {
                let next = !self.dark.get_untracked();
                self.dark.set(next);
                if let Ok(Some(storage)) = window().local_storage() {
                    let _ = storage.set_item(THEME_KEY, if next { "dark" } else { "light" });
                }
            }
            "shortcuts" => self.sheet.update(|s| *s = !*s),
            item => {
                let pick = || {
                    if let Some(input) =
                        part(root, "import-input").and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        input.click();
                    }
                };
                if crate::ui::files::item(ctx, self.learn, self.author, item, pick) {
                    menu_open.set(false);
                }
            }
        }
    }
}

/// An example chosen from the menu (`key`) opens as a new design: the current one stays in
/// the File menu. It is fetched (examples.rs); if that fails, the toast says why and nothing
/// changes.
fn open_example(ctx: Ctx, key: String) {
    if key.is_empty() {
        return;
    }
    crate::platform::page::spawn_local(async move {
        match crate::platform::examples::fetch(&key).await {
            Ok(mut example) => {
                // In Korean the design is called by its Korean title (its file keeps the English).
                if let (Lang::Ko, Some(ko)) =
                    (ctx.lang.get_untracked(), crate::i18n::word(Lang::Ko, &format!("example.{key}")))
                {
                    example.name = ko.to_string();
                }
                ctx.open_example(example)
            }
            Err(why) => ctx.toast(why),
        }
    });
}

/// The other language: its words are fetched first (a few ms, from the service worker's
/// cache; once per page), then the interface switches; the engine's messages follow as soon
/// as their catalogue is in, said again then. Words that cannot be fetched leave the page in
/// its language, and say why.
fn switch_lang(ctx: Ctx) {
    let lang = ctx.lang;
    let next = lang.get_untracked().other();
    let words = crate::platform::messages::load_ui(next);
    crate::platform::page::spawn_local(async move {
        if let Err(why) = words.await {
            return ctx.toast(engine::msg!("ui.lang.words_failed", why = why));
        }
        lang.set(next);
        if let (true, Ok(Some(storage))) = (ctx.persist.get_untracked(), window().local_storage()) {
            let _ = storage.set_item(LANG_KEY, next.code());
        }
        match crate::platform::messages::load(next).await {
            Ok(()) => lang.update(|_| {}),
            Err(why) => ctx.toast(engine::msg!("ui.lang.messages_failed", why = why)),
        }
    });
}

/// Copy a link to the current design at the current view (share_link.rs) and say so.
/// With a lesson open, the link carries it (`?lesson=ID`): it opens the lesson on this design.
fn copy_share_link(ctx: Ctx, canvas_ref: NodeRef<web_sys::HtmlCanvasElement>, learn: crate::state::lesson::Learn) {
    let (w, h) = canvas_ref.get_untracked().map(|c| css_size(&c)).unwrap_or((1.0, 1.0));
    let (scenario, view) =
        ctx.editor.with_value(|e| (e.doc.scenario.clone(), crate::state::share_link::view_of(&e.camera, w, h)));
    let base = crate::state::learn::share_base(
        &window().location().href().unwrap_or_default(),
        learn.built_in_id().as_deref(),
    );
    crate::platform::page::spawn_local(async move {
        let link = match crate::state::share_link::encode(&scenario, Some(view)).await {
            Ok(fragment) => engine::share::link_with(&base, &fragment),
            Err(msg) => return ctx.toast(msg),
        };
        match crate::state::share_link::copy_text(&link).await {
            Ok(false) => {}
            Ok(true) => {
                let kb = format!("{:.1} KB", link.len() as f64 / 1024.0);
                ctx.toast(engine::msg!("ui.link.copied", kb = kb));
                ctx.note(Key::Share, kb);
            }
            Err(msg) => ctx.toast(msg),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full bar offers the File menu, examples, undo and share; an embed's offers none
    /// of them but Panels and "Open in Stratus"; read-only has no undo. Every label is in the
    /// language asked for, and the speed chosen stays chosen when the bar is written again.
    #[test]
    fn the_bar_offers_what_the_mode_allows() {
        let full = bar_html(Lang::En, Offer { embedded: false, can_edit: true, show_faults: false }, 100.0, "");
        for id in [
            "file-menu",
            "examples",
            "learn",
            "undo",
            "redo",
            "run",
            "speed",
            "share",
            "copy-embed",
            "theme-switch",
            "shortcuts",
        ] {
            assert!(full.contains(&format!("data-testid=\"{id}\"")), "{id}");
        }
        assert!(!full.contains("open-in-stratus") && !full.contains("fault-crash"));
        assert!(full.contains(r#"<option value="100" selected="">100×</option>"#), "{full}");
        let embed =
            bar_html(Lang::Ko, Offer { embedded: true, can_edit: false, show_faults: true }, 10.0, "https://x/");
        for id in ["open-in-stratus", "embed-panels", "embed-faults", "run"] {
            assert!(embed.contains(&format!("data-testid=\"{id}\"")), "{id}");
        }
        for id in ["file-menu", "examples", "undo", "share", "theme-switch"] {
            assert!(!embed.contains(&format!("data-testid=\"{id}\"")), "{id}");
        }
        assert!(embed.contains("Stratus에서 열기") && embed.contains(tr(Lang::Ko, Key::Step)));
    }
}
