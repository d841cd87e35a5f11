//! The top bar: the brand, the File menu and examples, the design's name, undo and redo,
//! the simulation's controls, share and embed, language, theme and the shortcut sheet.

use crate::i18n::{tr, Key, Lang};
use crate::state::store::{css_size, Ctx, LANG_KEY, THEME_KEY};
use crate::ui::files::FileMenu;
use crate::ui::simui::{Sim, SimControls};
use engine::Text;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The bar across the top of the app (compact in an embed: no File menu, examples, share,
/// theme or help; a Panels button and "Open in Stratus" instead).
#[allow(clippy::too_many_arguments)] // (the shell's signals it shows and sets)
#[component]
pub fn TopBar(
    ctx: Ctx,
    sim: Sim,
    canvas_ref: NodeRef<html::Canvas>,
    dark: RwSignal<bool>,
    sheet: RwSignal<bool>,
    panels_open: RwSignal<bool>,
    embedded: bool,
    can_edit: bool,
    show_faults: bool,
    learn: crate::state::lesson::Learn,
    author: crate::state::author::Author,
) -> impl IntoView {
    let (lang, editor) = (ctx.lang, ctx.editor);
    let t = move |key: Key| move || tr(lang.get(), key);
    let open_example = move |ev: leptos::ev::Event| {
        let key = event_target_value(&ev);
        // Put the menu back on its title, whatever happens next.
        if let Some(select) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
            select.set_value("");
        }
        // An example opens as a new design: the current one stays in the File menu. It is
        // fetched (examples.rs); if that fails, the toast says why and nothing changes.
        if key.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            match crate::platform::examples::fetch(&key).await {
                Ok(mut example) => {
                    // In Korean the design is called by its Korean title (its file keeps the English).
                    if ctx.lang.get_untracked() == Lang::Ko {
                        if let Some(&(_, _, ko)) = engine::scenarios::EXAMPLES.iter().find(|(k, ..)| *k == key) {
                            example.name = ko.to_string();
                        }
                    }
                    ctx.open_example(example)
                }
                Err(why) => ctx.toast(why),
            }
        });
    };
    let example_titles = engine::scenarios::EXAMPLES;
    let switch_theme = move |_| {
        let next = !dark.get_untracked();
        dark.set(next);
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(THEME_KEY, if next { "dark" } else { "light" });
        }
    };
    let switch_lang = move |_| {
        let next = lang.get_untracked().other();
        lang.set(next);
        if let (true, Ok(Some(storage))) = (ctx.persist.get_untracked(), window().local_storage()) {
            let _ = storage.set_item(LANG_KEY, next.code());
        }
        // The interface switches at once; the engine's messages follow as soon as their
        // catalogue is in (a few ms, from the service worker's cache), said again then.
        leptos::task::spawn_local(async move {
            match crate::platform::messages::load(next).await {
                Ok(()) => lang.update(|_| {}),
                Err(why) => ctx.toast(engine::Text::new(
                    format!("The messages in this language could not be loaded ({why}); codes are shown instead."),
                    format!("이 언어의 메시지를 불러오지 못했습니다({why}). 대신 코드를 보여 줍니다."),
                )),
            }
        });
    };
    let can_undo = move || {
        let _ = ctx.revision.get();
        editor.with_value(|e| e.history.can_undo())
    };
    let can_redo = move || {
        let _ = ctx.revision.get();
        editor.with_value(|e| e.history.can_redo())
    };
    view! {
    <header class="topbar">
        <div class="brand">
            <span class="logo" aria-hidden="true">"◆"</span>
            <span class="brand-name">"Stratus"</span>
            <span class="tagline">{t(Key::AppTagline)}</span>
        </div>
        // Embed mode: no File menu, design list or examples (embed_ui.rs).
        {(!embedded).then(|| view! {
            <FileMenu ctx=ctx author=author learn=learn/>
            <select class="examples" data-testid="examples" aria-label=t(Key::Examples) on:change=open_example>
                <option value="" selected>{t(Key::Examples)}</option>
                {example_titles.iter().map(|&(k, en, ko)| view! {
                    <option value=k>{move || if lang.get() == Lang::Ko { ko } else { en }}</option>
                }).collect_view()}
            </select>
            <button class="learn" data-testid="learn" aria-pressed=move || learn.shown.with(|s| s.map_open).to_string()
                title=t(Key::LearnHelp) on:click=move |_| learn.show_map(ctx)>{t(Key::Learn)}</button>
        })}
        <div class="doc-name" data-testid="scenario-name">
            {move || {
                let _ = ctx.revision.get();
                let name = editor.with_value(|e| e.scenario.name.clone());
                crate::i18n::design_name(lang.get(), &name).to_string()
            }}
        </div>
        {can_edit.then(|| view! {
        <div class="controls" role="toolbar" aria-label=t(Key::EditTools)>
            <button data-testid="undo" title=move || format!("{} (Ctrl+Z)", tr(lang.get(), Key::Undo))
                disabled=move || !can_undo() on:click=move |_| ctx.undo(false)>{"↶ "}{t(Key::Undo)}</button>
            <button data-testid="redo" title=move || format!("{} (Ctrl+Shift+Z)", tr(lang.get(), Key::Redo))
                disabled=move || !can_redo() on:click=move |_| ctx.undo(true)>{"↷ "}{t(Key::Redo)}</button>
        </div>
        })}
        <div class="controls" role="toolbar" aria-label=t(Key::SimEvent)>
            <SimControls ctx=ctx sim=sim/>
            {(embedded && show_faults).then(|| view! { <crate::ui::embed_ui::FaultButtons ctx=ctx sim=sim/> })}
            {(!embedded).then(|| view! {
                <button data-testid="share" title=t(Key::ShareHelp) on:click=move |_| copy_share_link(ctx, canvas_ref, learn)>{t(Key::Share)}</button>
                <button data-testid="copy-embed" on:click=move |_| crate::ui::embed_ui::copy_embed_code(ctx)
                    title=move || if lang.get() == Lang::Ko { "이 설계를 다른 페이지에 넣는 <iframe> 코드를 복사합니다" } else { "Copy an <iframe> that puts this design in another page" }>
                    {move || if lang.get() == Lang::Ko { "임베드 코드 복사" } else { "Copy embed code" }}
                </button>
            })}
            <button class="lang" data-testid="lang-switch" on:click=switch_lang>{t(Key::LanguageSwitch)}</button>
            {embedded.then(|| view! {
                <button data-testid="embed-panels" aria-pressed=move || panels_open.get().to_string()
                    on:click=move |_| panels_open.update(|o| *o = !*o)>
                    {move || if lang.get() == Lang::Ko { "패널" } else { "Panels" }}
                </button>
                <crate::ui::embed_ui::OpenInStratus ctx=ctx/>
            })}
            {(!embedded).then(|| view! {
            <button class="theme" data-testid="theme-switch" on:click=switch_theme
                title=move || tr(lang.get(), if dark.get() { Key::LightTheme } else { Key::DarkTheme })
                aria-label=move || tr(lang.get(), if dark.get() { Key::LightTheme } else { Key::DarkTheme })>
                {move || if dark.get() { sun_icon().into_any() } else { moon_icon().into_any() }}
            </button>
            <button class="help" data-testid="shortcuts" title=t(Key::Shortcuts) aria-label=t(Key::Shortcuts)
                on:click=move |_| sheet.update(|s| *s = !*s)>"?"</button>
            })}
        </div>
    </header>
    }
}

/// Copy a link to the current design at the current view (share_link.rs) and say so.
/// With a lesson open, the link carries it (`?lesson=ID`): it opens the lesson on this design.
fn copy_share_link(ctx: Ctx, canvas_ref: NodeRef<html::Canvas>, learn: crate::state::lesson::Learn) {
    let (w, h) = canvas_ref.get_untracked().map(|c| css_size(&c)).unwrap_or((1.0, 1.0));
    let (scenario, view) =
        ctx.editor.with_value(|e| (e.scenario.clone(), crate::state::share_link::view_of(&e.camera, w, h)));
    let base = crate::state::learn::share_base(
        &window().location().href().unwrap_or_default(),
        learn.built_in_id().as_deref(),
    );
    leptos::task::spawn_local(async move {
        let link = match crate::state::share_link::encode(&scenario, Some(view)).await {
            Ok(fragment) => engine::share::link_with(&base, &fragment),
            Err(msg) => return ctx.toast(msg),
        };
        match crate::state::share_link::copy_text(&link).await {
            Ok(false) => {}
            Ok(true) => {
                let kb = format!("{:.1} KB", link.len() as f64 / 1024.0);
                ctx.toast(Text::new(
                    format!("Link copied ({kb}). Anyone who opens it gets a copy of this design; nothing is uploaded."),
                    format!("링크를 복사했습니다({kb}). 링크를 연 사람은 이 설계의 사본을 받습니다. 아무것도 업로드되지 않습니다."),
                ));
                ctx.note(Key::Share, kb);
            }
            Err(msg) => ctx.toast(msg),
        }
    });
}

/// The sun on the theme button (the dark theme is on: it switches to light).
fn sun_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
            <circle cx="12" cy="12" r="4.5"/>
            <path d="M12 1.5v2.5M12 20v2.5M1.5 12H4M20 12h2.5M4.6 4.6l1.8 1.8M17.6 17.6l1.8 1.8M4.6 19.4l1.8-1.8M17.6 6.4l1.8-1.8"/>
        </svg>
    }
}

/// The crescent moon on the theme button (the light theme is on: it switches to dark).
fn moon_icon() -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round">
            <path d="M20.5 14.5A8.5 8.5 0 1 1 9.5 3.5a7 7 0 0 0 11 11z"/>
        </svg>
    }
}
