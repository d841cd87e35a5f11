//! The File menu: designs kept in this browser (new, open, rename, duplicate, delete), JSON import and export, PNG and SVG export of the diagram or the selection, and "Make a lesson from this design".

use crate::editor::session::Editor;
use crate::i18n::{tr, Key, Lang};
use crate::platform::download::{download, download_text};
use crate::platform::page::*;
use crate::platform::storage::DesignMeta;
use crate::render::canvas2d::{self, Canvas2d};
use crate::render::paint::{draw_scene, Overlay, LIGHT};
use crate::render::scene::{Camera, Rect};
use crate::render::svg::Svg;
use crate::state::lesson::Learn;
use crate::state::store::blank;
use crate::state::store::Ctx;
use crate::ui::html::W;
use engine::Msg;
use engine::Scenario;
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
    // Letters and digits of any script are kept (a Korean name stays Korean), without
    // `char::is_alphanumeric`'s Unicode tables in the page: what is not ASCII is kept unless
    // it is a space or a control character.
    let keep =
        |c: char| c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && !c.is_whitespace() && !c.is_control());
    let stem: String = s.name.chars().map(|c| if keep(c) { c } else { '-' }).collect();
    let stem = stem.trim_matches('-').to_string();
    if stem.is_empty() {
        "stratus-design".into()
    } else {
        stem
    }
}

/// Export the design as JSON (the scenario format, docs/format.md): pretty when that fits
/// the load limit, compact otherwise, so the file always opens again.
pub fn export_json(e: &Editor) -> Result<(), Msg> {
    download_text(
        &export_text(&e.doc.scenario),
        "application/json",
        &format!("{}.stratus.json", file_stem(&e.doc.scenario)),
    )
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

fn nothing_selected() -> Msg {
    engine::msg!("ui.export.nothing_selected")
}

// Exports use the light theme whatever the screen shows: documents and slides are
// printed and pasted on white, and a file should look the same for every reader.

/// Export the diagram (or the selection) as SVG.
pub fn export_svg(e: &Editor, selection_only: bool) -> Result<(), Msg> {
    let area = export_area(e, selection_only).ok_or_else(nothing_selected)?;
    let mut svg = Svg::new(area.w, area.h).with_icons(Box::new(canvas2d::icon_svg));
    let camera = Camera { zoom: 1.0, pan_x: -area.x, pan_y: -area.y };
    // In the reader's language (a placement group's title), without badges or live numbers.
    let words = Overlay { lang: e.overlay.lang, ..Overlay::default() };
    draw_scene(&mut svg, &e.scene, &camera, 1.0, &LIGHT, &[], &words, None);
    download_text(&svg.finish(), "image/svg+xml", &format!("{}.svg", file_stem(&e.doc.scenario)))
}

/// Export the diagram (or the selection) as PNG, drawn by the same painter as the screen.
pub fn export_png(e: &Editor, selection_only: bool) -> Result<(), Msg> {
    let area = export_area(e, selection_only).ok_or_else(nothing_selected)?;
    let failed = || engine::msg!("ui.export.image_failed");
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
    draw_scene(&mut painter, &e.scene, &camera, PNG_SCALE, &LIGHT, &[], &words, None);
    let url = canvas.to_data_url_with_type("image/png").map_err(|_| failed())?;
    download(&url, &format!("{}.png", file_stem(&e.doc.scenario)));
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
    crate::platform::page::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
        let Some(text) = text else {
            ctx.toast(engine::msg!("ui.import.unreadable", name = name));
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

/// The File menu's items: test id and label. Their actions are in `item`.
const ITEMS: [(&str, Key); 7] = [
    ("new-design", Key::NewDesign),
    ("import", Key::ImportJson),
    ("export-json", Key::ExportJson),
    ("export-png", Key::ExportPng),
    ("export-png-selection", Key::ExportPngSelection),
    ("export-svg", Key::ExportSvg),
    ("make-lesson", Key::MakeLesson),
];

/// The File menu, closed: its button, the hidden file picker and the panel, whose list of
/// designs `designs_html` fills when it opens (the top bar listens to all of it).
pub fn menu_html(w: &mut W, l: Lang) {
    w.open("div", &[("class", "menu")]);
    w.open("button", &[("data-testid", "file-menu"), ("aria-haspopup", "true"), ("aria-expanded", "false")]);
    w.text(&format!("{} ▾", tr(l, Key::File)));
    w.close("button");
    // A void element: no closing tag.
    w.open(
        "input",
        &[("type", "file"), ("accept", ".json,application/json"), ("hidden", ""), ("data-testid", "import-input")],
    );
    w.open("div", &[("class", "menu-panel"), ("hidden", ""), ("role", "menu")]);
    for (testid, key) in ITEMS {
        w.leaf("button", &[("role", "menuitem"), ("data-testid", testid)], tr(l, key));
    }
    w.leaf("h4", &[], tr(l, Key::MyDesigns));
    w.open("ul", &[("class", "designs"), ("data-testid", "designs")]);
    w.close("ul");
    w.close("div");
    w.close("div");
}

/// The designs kept in this browser, for the File menu: open each; rename the one being
/// edited; duplicate or delete any. A button says what it does in `data-design` and whose
/// in `data-id`.
pub fn designs_html(designs: &[DesignMeta], current: &str, l: Lang) -> String {
    let mut w = W::default();
    for d in designs {
        let is_current = d.id == current;
        let title = if d.name.is_empty() { &d.id } else { &d.name };
        w.open("li", if is_current { &[("class", "current")] } else { &[] });
        w.leaf("button", &[("class", "linklike"), ("data-design", "open"), ("data-id", &d.id)], title);
        w.open("span", &[("class", "actions")]);
        if is_current {
            w.leaf("button", &[("data-design", "rename"), ("data-id", &d.id)], tr(l, Key::Rename));
        }
        w.leaf("button", &[("data-design", "duplicate"), ("data-id", &d.id)], tr(l, Key::Duplicate));
        w.leaf("button", &[("data-design", "delete"), ("data-id", &d.id)], tr(l, Key::Delete));
        w.close("span");
        w.close("li");
    }
    w.0
}

/// A File menu item was chosen (`testid`): does it, and says whether the menu closes.
/// `pick` opens the file picker (Import).
pub fn item(ctx: Ctx, learn: Learn, author: crate::state::author::Author, testid: &str, pick: impl FnOnce()) -> bool {
    let export = |f: &dyn Fn(&Editor) -> Result<(), Msg>| {
        if let Some(Err(msg)) = ctx.editor.try_with_value(|e| f(e)) {
            ctx.toast(msg);
        }
    };
    match testid {
        "new-design" => ctx.open_new(blank(ctx.lang.get_untracked())),
        // The menu closes once a file is picked (or stays, if none is).
        "import" => {
            pick();
            return false;
        }
        "export-json" => export(&export_json),
        "export-png" => export(&|e| export_png(e, false)),
        "export-png-selection" => export(&|e| export_png(e, true)),
        "export-svg" => export(&|e| export_svg(e, false)),
        "make-lesson" => author.open(ctx, learn),
        _ => return false,
    }
    true
}

/// A saved design's button (`data-design`) was pressed for design `id`: says whether the
/// menu closes (opening one closes it; the others change the list, drawn again).
pub fn design_action(ctx: Ctx, what: &str, id: &str) -> bool {
    match what {
        "open" => {
            ctx.open_saved(id);
            return true;
        }
        "rename" => ctx.rename(),
        "duplicate" => ctx.duplicate_design(id),
        "delete" => ctx.delete_design(id),
        _ => {}
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{file_stem, is_lesson_file};

    #[test]
    fn file_names_keep_letters_of_any_script() {
        let named = |name: &str| file_stem(&engine::Scenario { name: name.into(), ..engine::Scenario::default() });
        assert_eq!(named("2계층 웹 앱"), "2계층-웹-앱");
        assert_eq!(named("My VPC: prod/eu"), "My-VPC--prod-eu");
        assert_eq!(named("  "), "stratus-design");
        assert_eq!(named("a\u{2028}b\tc"), "a-b-c");
    }

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
