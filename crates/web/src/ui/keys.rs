//! The keyboard and the clipboard: shortcuts (undo, delete, nudge, walk the elements,
//! select all, ? for the sheet, Space to pan), and copy, cut and paste of elements.

use crate::i18n::Key;
use crate::platform::page::*;
use crate::reactive::*;
use crate::state::store::Ctx;
use wasm_bindgen::JsCast;

/// Listen to the window's keys and clipboard for as long as the app is mounted: `sheet` is
/// the shortcut sheet's switch, `space_down` whether Space is held (a drag then pans),
/// `learn` the Learn view (Escape closes its course map).
pub fn listen(ctx: Ctx, sheet: RwSignal<bool>, space_down: StoredValue<bool>, learn: crate::state::lesson::Learn) {
    window_event_listener("copy", move |ev: web_sys::ClipboardEvent| clipboard_event(ctx, ev, false));
    window_event_listener("cut", move |ev: web_sys::ClipboardEvent| clipboard_event(ctx, ev, true));
    window_event_listener("paste", move |ev: web_sys::ClipboardEvent| {
        if focus_in_field() {
            return;
        }
        if let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) {
            ev.prevent_default();
            ctx.paste_text(&text);
        }
    });
    window_event_listener("keydown", move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "?" && !typing(&ev) {
            sheet.update(|s| *s = !*s);
            ev.prevent_default();
            return;
        }
        if ev.key() == "Escape" && sheet.get_untracked() {
            sheet.set(false);
            return;
        }
        // Escape closes the course map, as it closes the shortcut sheet.
        if ev.key() == "Escape" && learn.shown.with_untracked(|s| s.map_open) {
            learn.hide_map();
            return;
        }
        if ev.key() == " " && !typing(&ev) {
            space_down.set_value(true);
            ev.prevent_default();
            return;
        }
        on_key(ctx, ev)
    });
    window_event_listener("keyup", move |ev: web_sys::KeyboardEvent| {
        if ev.key() == " " {
            space_down.set_value(false);
        }
    });
}

/// Whether a key event goes to a form field (then it is the field's, not a shortcut).
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
}

/// Whether the keyboard focus is in a form field (copy and paste are then the field's).
fn focus_in_field() -> bool {
    document().active_element().is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
}

/// Copy (or cut) the selection to the system clipboard as JSON, so it pastes in another tab.
fn clipboard_event(ctx: Ctx, ev: web_sys::ClipboardEvent, cut: bool) {
    if focus_in_field() {
        return;
    }
    let (Some(text), Some(data)) = (ctx.copy_text(), ev.clipboard_data()) else { return };
    if data.set_data("text/plain", &text).is_ok() {
        ev.prevent_default();
        ctx.log(Key::Copied, String::new());
        if cut {
            ctx.delete_selected();
        }
    }
}

/// Whether a key event comes from the canvas.
fn on_canvas(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| el.get_attribute("data-testid").as_deref() == Some("diagram"))
}

/// Keyboard shortcuts (also listed in the shortcuts sheet, `?`).
fn on_key(ctx: Ctx, ev: web_sys::KeyboardEvent) {
    if typing(&ev) {
        return;
    }
    let command = ev.ctrl_key() || ev.meta_key();
    let key = ev.key().to_ascii_lowercase();
    // Arrow keys nudge by one unit, ten with Shift.
    let step = if ev.shift_key() { 10.0 } else { 1.0 };
    let readonly = ctx.readonly();
    match (command, ev.shift_key(), key.as_str()) {
        // Read-only: the editing shortcuts are not there (selecting and moving around are).
        (true, _, "z" | "y" | "d")
        | (false, _, "delete" | "backspace" | "arrowleft" | "arrowright" | "arrowup" | "arrowdown")
            if readonly =>
        {
            return
        }
        (true, false, "z") => ctx.undo(false),
        (true, true, "z") | (true, false, "y") => ctx.undo(true),
        (true, false, "a") => ctx.select_all(),
        (true, false, "d") => {
            if let Some(text) = ctx.copy_text() {
                ctx.paste_text(&text);
            }
        }
        (false, _, "]" | "[") => {
            let next = ctx.editor.try_update_value(|e| e.cycle(key == "]")).flatten();
            if let Some(id) = &next {
                ctx.reveal(id);
            }
            ctx.select(next);
        }
        // Enter takes the keyboard from the canvas to the selected element's settings.
        (false, false, "enter") if on_canvas(&ev) => {
            let first = document().query_selector("[data-testid=inspector] input, [data-testid=inspector] select");
            if let Ok(Some(field)) = first {
                if let Ok(field) = field.dyn_into::<web_sys::HtmlElement>() {
                    let _ = field.focus();
                }
            }
        }
        (false, _, "delete" | "backspace") => ctx.delete_selected(),
        (false, _, "escape") => ctx.select(None),
        (false, _, "arrowleft") => ctx.nudge(-step, 0.0),
        (false, _, "arrowright") => ctx.nudge(step, 0.0),
        (false, _, "arrowup") => ctx.nudge(0.0, -step),
        (false, _, "arrowdown") => ctx.nudge(0.0, step),
        _ => return,
    }
    ev.prevent_default();
}
