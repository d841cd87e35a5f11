//! The page's lazily loaded parts: each `#[wasm_split(chunk)]` function, and the code only it
//! reaches, is moved by wasm-split into its own wasm chunk, fetched the first time it is called.

use crate::i18n::Lang;
use crate::reactive::{Owner, RwSignal};
use crate::state::store::Ctx;
use engine::validate::Diagnostic;
use wasm_split_helpers::wasm_split;

/// The inspector's form of the selection (ui/inspector), with the owner of its effects.
#[wasm_split(inspector)]
pub fn inspector_form(ctx: Ctx, diagnostics: RwSignal<Vec<Diagnostic>>, l: Lang) -> (web_sys::Element, Owner) {
    crate::reactive::owned(|| ctx.editor.with_value(|e| crate::ui::inspector::inspector(ctx, e, diagnostics, l)))
}

/// A control of the inspector's form changed, or a button of it was pressed.
#[wasm_split(inspector)]
pub fn inspector_event(ctx: Ctx, ev: web_sys::Event) {
    crate::ui::inspector::on_event(ctx, ev)
}

/// Nothing: calling it loads the inspector's chunk. Done when the browser is idle after the
/// first touch (simui.rs, with the simulator's worker), so that the design's form, which
/// stays in the main module but hands its edits to `inspector_event`, applies an edit at
/// once, and the first selection shows its form without a fetch.
#[wasm_split(inspector)]
pub fn warm() {}

/// Load the inspector's chunk now (in the background).
pub fn prefetch() {
    wasm_bindgen_futures::spawn_local(warm());
}
