//! The File menu: designs kept in this browser (new, open, rename, duplicate, delete), JSON import and export, PNG and SVG export of the diagram or the selection, and "Make a lesson from this design".

use crate::editor::session::Editor;
use crate::i18n::{tr, Key};
use crate::platform::download::{download, download_text};
use crate::platform::storage::DesignMeta;
use crate::render::canvas2d::{self, Canvas2d};
use crate::render::paint::{draw_scene, Overlay, LIGHT};
use crate::render::scene::{Camera, Rect};
use crate::render::svg::Svg;
use crate::state::lesson::Learn;
use crate::state::store::blank;
use crate::state::store::Ctx;
use engine::{Scenario, Text};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Margin around an exported drawing, in diagram units.
const EXPORT_MARGIN: f64 = 24.0;
/// PNG exports are drawn at twice the diagram scale, for crisp text on paper and HiDPI screens.
const PNG_SCALE: f64 = 2.0;

/// The area to export: the selection (with its contents) or the whole diagram.
fn export_area(e: &Editor, selection_only: bool) -> Option<Rect> {
    let rect = if selection_only {
        e.selection_with_contents().iter().filter_map(|id| e.scene.rect_of(id)).reduce(|a, b| a.union(&b))?
    } else {
        e.scene.bounds()?
    };
    Some(Rect {
        x: rect.x - EXPORT_MARGIN,
        y: rect.y - EXPORT_MARGIN,
        w: rect.w + 2.0 * EXPORT_MARGIN,
        h: rect.h + 2.0 * EXPORT_MARGIN,
    })
}

/// A file-name-safe version of the design's name.
fn file_stem(s: &Scenario) -> String {
    let stem: String = s.name.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '-' }).collect();
    let stem = stem.trim_matches('-').to_string();
    if stem.is_empty() {
        "stratus-design".into()
    } else {
        stem
    }
}

/// Export the design as JSON (the scenario format, docs/format.md): pretty when that fits
/// the load limit, compact otherwise, so the file always opens again.
pub fn export_json(e: &Editor) -> Result<(), Text> {
    download_text(&export_text(&e.scenario), "application/json", &format!("{}.stratus.json", file_stem(&e.scenario)))
}

/// The text `export_json` writes (see there). A design too large even compact is exported
/// all the same (the file is the person's copy of their work); saving it in the browser is
/// what refuses it (storage.rs).
pub fn export_text(s: &Scenario) -> String {
    let pretty = s.to_json();
    if pretty.len() <= engine::model::MAX_DOCUMENT_BYTES {
        pretty
    } else {
        s.to_json_compact()
    }
}

fn nothing_selected() -> Text {
    Text::new("Select something to export first.", "먼저 내보낼 항목을 선택하세요.")
}

// Exports use the light theme whatever the screen shows: documents and slides are
// printed and pasted on white, and a file should look the same for every reader.

/// Export the diagram (or the selection) as SVG.
pub fn export_svg(e: &Editor, selection_only: bool) -> Result<(), Text> {
    let area = export_area(e, selection_only).ok_or_else(nothing_selected)?;
    let mut svg = Svg::new(area.w, area.h).with_icons(Box::new(canvas2d::icon_svg));
    let camera = Camera { zoom: 1.0, pan_x: -area.x, pan_y: -area.y };
    // In the reader's language (a placement group's title), without badges or live numbers.
    let words = Overlay { lang: e.overlay.lang, ..Overlay::default() };
    draw_scene(&mut svg, &e.scene, &camera, 1.0, &LIGHT, &[], &words);
    download_text(&svg.finish(), "image/svg+xml", &format!("{}.svg", file_stem(&e.scenario)))
}

/// Export the diagram (or the selection) as PNG, drawn by the same painter as the screen.
pub fn export_png(e: &Editor, selection_only: bool) -> Result<(), Text> {
    let area = export_area(e, selection_only).ok_or_else(nothing_selected)?;
    let failed = || Text::new("The browser could not draw the image.", "브라우저가 이미지를 그리지 못했습니다.");
    let canvas: web_sys::HtmlCanvasElement =
        document().create_element("canvas").map_err(|_| failed())?.dyn_into().map_err(|_| failed())?;
    let (w, h) = ((area.w * PNG_SCALE).ceil(), (area.h * PNG_SCALE).ceil());
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok().flatten().ok_or_else(failed)?.dyn_into().map_err(|_| failed())?;
    let mut painter = Canvas2d::new(&ctx, w, h);
    let camera = Camera { zoom: 1.0, pan_x: -area.x, pan_y: -area.y };
    let words = Overlay { lang: e.overlay.lang, ..Overlay::default() };
    draw_scene(&mut painter, &e.scene, &camera, PNG_SCALE, &LIGHT, &[], &words);
    let url = canvas.to_data_url_with_type("image/png").map_err(|_| failed())?;
    download(&url, &format!("{}.png", file_stem(&e.scenario)));
    Ok(())
}

/// Read a dropped or picked file and open it: a design as a new design, a lesson file
/// (docs/lessons.md: `checks` and no `nodes`) as a lesson; a file that is neither gets a
/// clear message and leaves the current design untouched.
pub fn import_file(ctx: Ctx, learn: Learn, file: web_sys::File) {
    let name = file.name();
    // Checked before reading: `text()` would hold a multi-gigabyte file in memory (twice,
    // as UTF-16 and as UTF-8) before `from_json` could refuse it.
    let bytes = file.size();
    if bytes > engine::model::MAX_DOCUMENT_BYTES as f64 {
        let why = engine::model::LoadError::TooLarge { bytes: bytes as usize }.message();
        ctx.toast(engine::msg!("web.not_imported", name = name, why = why));
        return;
    }
    leptos::task::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
        let Some(text) = text else {
            ctx.toast(Text::new(format!("Could not read '{name}'."), format!("'{name}' 파일을 읽을 수 없습니다.")));
            return;
        };
        if is_lesson_file(&text) {
            // The worker reads it strictly and says why not, in both languages.
            return learn.open_text(ctx, text);
        }
        match Scenario::from_json(&text) {
            Ok(s) => ctx.open_new(s),
            Err(e) => {
                ctx.toast(engine::msg!("web.not_imported", name = name, why = e.message()));
            }
        }
    });
}

/// Whether a file's text is a lesson rather than a design: a JSON object with `checks` and
/// without `nodes` (every lesson has checks; every design has nodes).
fn is_lesson_file(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.get("checks").is_some() && v.get("nodes").is_none())
}

/// An export action on the current editor.
type ExportFn = dyn Fn(&Editor) -> Result<(), Text>;

/// The File menu.
#[component]
pub fn FileMenu(
    /// Shared app state.
    ctx: Ctx,
    /// The lesson being made ("Make a lesson from this design" opens its panel).
    author: crate::state::author::Author,
    /// The Learn view (a lesson file opens as a lesson; the lesson panel gives way to the
    /// authoring panel).
    learn: Learn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let designs = RwSignal::new(Vec::<DesignMeta>::new());
    let picker = NodeRef::<leptos::html::Input>::new();
    let t = move |k: Key| move || tr(ctx.lang.get(), k);
    let toggle = move |_| {
        designs.set(ctx.saved_designs());
        open.update(|o| *o = !*o);
    };
    let run = move |f: Box<ExportFn>| {
        if let Some(Err(msg)) = ctx.editor.try_with_value(|e| f(e)) {
            ctx.toast(msg);
        }
        open.set(false);
    };
    let on_pick = move |_| {
        if let Some(input) = picker.get_untracked() {
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                import_file(ctx, learn, file);
            }
            input.set_value("");
        }
        open.set(false);
    };
    view! {
        <div class="menu">
            <button data-testid="file-menu" aria-haspopup="true" aria-expanded=move || open.get().to_string() on:click=toggle>
                {t(Key::File)}" ▾"
            </button>
            <input type="file" accept=".json,application/json" hidden node_ref=picker data-testid="import-input" on:change=on_pick />
            <div class="menu-panel" hidden=move || !open.get() role="menu">
                <button role="menuitem" data-testid="new-design" on:click=move |_| { ctx.open_new(blank(ctx.lang.get_untracked())); open.set(false); }>{t(Key::NewDesign)}</button>
                <button role="menuitem" data-testid="import" on:click=move |_| { if let Some(i) = picker.get_untracked() { i.click(); } }>{t(Key::ImportJson)}</button>
                <button role="menuitem" data-testid="export-json" on:click=move |_| run(Box::new(export_json))>{t(Key::ExportJson)}</button>
                <button role="menuitem" data-testid="export-png" on:click=move |_| run(Box::new(|e| export_png(e, false)))>{t(Key::ExportPng)}</button>
                <button role="menuitem" data-testid="export-png-selection" on:click=move |_| run(Box::new(|e| export_png(e, true)))>{t(Key::ExportPngSelection)}</button>
                <button role="menuitem" data-testid="export-svg" on:click=move |_| run(Box::new(|e| export_svg(e, false)))>{t(Key::ExportSvg)}</button>
                <button role="menuitem" data-testid="make-lesson" on:click=move |_| { author.open(ctx, learn); open.set(false); }>{t(Key::MakeLesson)}</button>
                <h4>{t(Key::MyDesigns)}</h4>
                <ul class="designs" data-testid="designs">
                    {move || {
                        let current = ctx.design_id.get();
                        designs.get().into_iter().map(|d| {
                            let is_current = d.id == current;
                            let (open_id, dup_id, del_id) = (d.id.clone(), d.id.clone(), d.id.clone());
                            let title = if d.name.is_empty() { d.id.clone() } else { d.name.clone() };
                            view! {
                                <li class:current=is_current>
                                    <button class="linklike" on:click=move |_| { ctx.open_saved(&open_id); open.set(false); }>{title}</button>
                                    <span class="actions">
                                        {is_current.then(|| view! { <button on:click=move |_| { ctx.rename(); designs.set(ctx.saved_designs()); }>{t(Key::Rename)}</button> })}
                                        <button on:click=move |_| { ctx.duplicate_design(&dup_id); designs.set(ctx.saved_designs()); }>{t(Key::Duplicate)}</button>
                                        <button on:click=move |_| { ctx.delete_design(&del_id); designs.set(ctx.saved_designs()); }>{t(Key::Delete)}</button>
                                    </span>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::is_lesson_file;

    #[test]
    fn lesson_files_are_told_from_designs() {
        for (id, text) in engine::lesson::BUILT_IN {
            assert!(is_lesson_file(text), "{id}");
        }
        for (name, text) in engine::scenarios::BUILT_IN {
            assert!(!is_lesson_file(text), "{name}");
        }
        for other in ["", "{", "[]", "null", "{\"checks\": 1, \"nodes\": []}"] {
            assert!(!is_lesson_file(other), "{other}");
        }
    }
}
